//! End-to-end tests of the `unspun` binary.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_unspun"))
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run unspun")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_no_panic(o: &Output) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "panic: {err}");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Build the index of the repository's corpus in `dir`.
fn corpus_index(dir: &Path) -> PathBuf {
    let out = dir.join("corpus.idx");
    let corpus = manifest().join("corpus");
    let o = run(&["index", "build", "--out", s(&out), s(&corpus)]);
    assert!(o.status.success(), "build failed: {}", stderr(&o));
    out
}

/// The corpus records, as JSON.
fn corpus_records() -> Vec<Value> {
    fs::read_to_string(manifest().join("corpus/seeds.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn record_for(source: &str) -> Value {
    corpus_records()
        .into_iter()
        .find(|r| r["source"] == source)
        .unwrap_or_else(|| panic!("no {source} record"))
}

/// Run `check --json` and parse its one line of output.
fn check_json(index: &Path, page: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", "--json", "--index", s(index)];
    args.extend_from_slice(extra);
    args.push(s(page));
    let o = run(&args);
    assert_no_panic(&o);
    assert!(
        o.status.success(),
        "check {} failed: {}",
        page.display(),
        stderr(&o)
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1, "one JSON line per page: {out}");
    let v: Value = serde_json::from_str(lines[0]).expect("valid JSON");
    check_json_shape(&v, page);
    v
}

/// Every field present with the right type; passage offsets inside the text.
fn check_json_shape(v: &Value, page: &Path) {
    assert!(v["page"].is_string(), "{v}");
    let verdict = v["verdict"].as_str().expect("verdict");
    assert!(["copy", "rewrite", "none"].contains(&verdict), "{v}");
    assert!(
        v["score"].is_number() && v["reused"].is_number() && v["covered"].is_number(),
        "{v}"
    );
    if verdict == "none" {
        assert!(v["original"].is_null(), "{v}");
    } else {
        for f in ["url", "title", "source"] {
            assert!(v["original"][f].is_string(), "{v}");
        }
        assert!(
            v["original"]["published"].is_string() || v["original"]["published"].is_null(),
            "{v}"
        );
    }
    // Offsets are characters of the extracted text; for a .txt page that is
    // the file itself, read lossily.
    let len = if page.extension().is_some_and(|e| e == "txt") {
        Some(
            String::from_utf8_lossy(&fs::read(page).unwrap())
                .chars()
                .count(),
        )
    } else {
        None
    };
    for p in v["passages"].as_array().expect("passages") {
        let (a, b) = (
            p["page_start"].as_u64().unwrap(),
            p["page_end"].as_u64().unwrap(),
        );
        assert!(a <= b, "{p}");
        if let Some(len) = len {
            assert!(b as usize <= len, "{p} beyond {len} chars");
        }
        assert!(p["original_sentence"].is_u64(), "{p}");
    }
}

#[test]
fn builds_corpus_and_reports_info() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.idx");
    let o = run(&[
        "index",
        "build",
        "--out",
        s(&out),
        s(&manifest().join("corpus")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = stdout(&o);
    assert!(
        summary.contains("indexed 3 articles (0 skipped) into"),
        "{summary}"
    );
    assert!(summary.contains("bytes/article"), "{summary}");
    let o = run(&["index", "info", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let info = stdout(&o);
    assert!(info.lines().any(|l| l == "articles: 3"), "{info}");
    assert!(
        info.contains(&format!("format version: {}", unspun::index::VERSION)),
        "{info}"
    );
    assert!(info.lines().any(|l| l.starts_with("built: 20")), "{info}");
    // No temporary file left behind.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn damaged_indexes_are_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let good = fs::read(corpus_index(dir.path())).unwrap();
    let page = dir.path().join("page.txt");
    fs::write(&page, "Some page text about nothing in particular.").unwrap();

    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x5a;
    let mut version = good.clone();
    version[8] = 99;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good[..good.len() / 2].to_vec(), "truncated"),
        ("flipped", flipped, "corrupt"),
        ("version", version, "version 99"),
        ("empty", Vec::new(), "not an unspun index"),
        (
            "text",
            b"this is just a text file\n".to_vec(),
            "not an unspun index",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(format!("{name}.idx"));
        fs::write(&path, bytes).unwrap();
        for cmd in [
            vec!["check", "--index", s(&path), s(&page)],
            vec!["index", "info", s(&path)],
        ] {
            let o = run(&cmd);
            assert_no_panic(&o);
            assert!(!o.status.success(), "{name}: {cmd:?} succeeded");
            let err = stderr(&o);
            assert!(
                err.contains(&format!("unspun: cannot use index {}", path.display())),
                "{name}: {err}"
            );
            assert!(err.contains(want), "{name}: {err}");
            assert!(stdout(&o).is_empty(), "{name}: {}", stdout(&o));
        }
    }
    let missing = dir.path().join("missing.idx");
    let o = run(&["check", "--index", s(&missing), s(&page)]);
    assert_no_panic(&o);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("cannot use index"), "{}", stderr(&o));
}

#[test]
fn malformed_records_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let good = record_for("Fox News").to_string();
    let jsonl = dir.path().join("bad.jsonl");
    fs::write(&jsonl, format!("{good}\n{{\"url\": \"https://x.com/a\", \"text\": \n{{\"url\": \"https://x.com/b\", \"title\": \"No text\"}}\n\n")).unwrap();
    let out = dir.path().join("out.idx");

    let o = run(&["index", "build", "--out", s(&out), s(&jsonl)]);
    assert_no_panic(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:2: ", jsonl.display())), "{err}");
    assert!(err.contains(&format!("{}:3: ", jsonl.display())), "{err}");
    assert!(err.contains("text"), "{err}");
    assert!(
        stdout(&o).contains("indexed 1 articles (2 skipped)"),
        "{}",
        stdout(&o)
    );
    let o = run(&["index", "info", s(&out)]);
    assert!(
        stdout(&o).lines().any(|l| l == "articles: 1"),
        "{}",
        stdout(&o)
    );

    let strict = dir.path().join("strict.idx");
    let o = run(&["index", "build", "--strict", "--out", s(&strict), s(&jsonl)]);
    assert_no_panic(&o);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!("{}:2: ", jsonl.display())),
        "{}",
        stderr(&o)
    );
    assert!(!strict.exists(), "--strict wrote an index");

    // Nothing usable at all is an error, too.
    let empty = dir.path().join("empty.jsonl");
    fs::write(&empty, "\n\n").unwrap();
    let o = run(&[
        "index",
        "build",
        "--out",
        s(&dir.path().join("e.idx")),
        s(&empty),
    ]);
    assert_no_panic(&o);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no articles"), "{}", stderr(&o));

    let o = run(&[
        "index",
        "build",
        "--out",
        s(&dir.path().join("m.idx")),
        s(&dir.path().join("nope.jsonl")),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope.jsonl"), "{}", stderr(&o));
}

fn seed(prefix: &str) -> Option<PathBuf> {
    let dir = manifest().join("../shared/seeds");
    let entries = fs::read_dir(&dir).ok()?;
    entries.map(|e| e.unwrap().path()).find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
    })
}

fn seeds_present() -> bool {
    if manifest().join("../shared/seeds").is_dir() {
        true
    } else {
        println!("skipping: ../shared/seeds not found");
        false
    }
}

#[test]
fn seed_000_names_001() {
    if !seeds_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let v = check_json(&index, &seed("000_").unwrap(), &[]);
    assert!(v["verdict"] == "rewrite" || v["verdict"] == "copy", "{v}");
    assert_eq!(v["original"]["url"], record_for("Fox News")["url"], "{v}");
    assert!(!v["passages"].as_array().unwrap().is_empty(), "{v}");
}

#[test]
fn seed_003_names_nothing() {
    if !seeds_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let v = check_json(&index, &seed("003_").unwrap(), &[]);
    assert_eq!(v["verdict"], "none", "{v}");
    assert!(v["original"].is_null(), "{v}");
}

#[test]
fn seed_originals_at_their_own_url_name_nothing() {
    if !seeds_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    for (prefix, source) in [("001_", "Fox News"), ("002_", "India TV")] {
        let url = record_for(source)["url"].as_str().unwrap().to_string();
        let v = check_json(&index, &seed(prefix).unwrap(), &["--url", &url]);
        assert_eq!(v["verdict"], "none", "{prefix}: {v}");
    }
}

#[test]
fn readable_output_names_the_original() {
    if !seeds_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let page = seed("001_").unwrap();
    let o = run(&["check", "--index", s(&index), s(&page)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let fox = record_for("Fox News");
    assert!(out.starts_with(&format!("{}: ", page.display())), "{out}");
    assert!(out.contains(fox["url"].as_str().unwrap()), "{out}");
    assert!(out.contains("(Fox News, 2025-04-30)"), "{out}");
    let url = fox["url"].as_str().unwrap();
    let o = run(&["check", "--index", s(&index), "--url", url, s(&page)]);
    assert_eq!(
        stdout(&o).trim(),
        format!("{}: no match among 3 originals", page.display())
    );
}

#[test]
fn hostile_pages_give_no_match() {
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());

    // ~20 MB of generated English-looking text.
    let big = dir.path().join("big.txt");
    let words = [
        "council", "river", "market", "the", "of", "season", "report", "budget", "and", "school",
    ];
    let mut f = fs::File::create(&big).unwrap();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut written = 0;
    while written < 20_000_000 {
        let mut sentence = String::new();
        for i in 0..12 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if i > 0 {
                sentence.push(' ');
            }
            sentence.push_str(words[(x % words.len() as u64) as usize]);
        }
        sentence.push_str(". ");
        f.write_all(sentence.as_bytes()).unwrap();
        written += sentence.len();
    }
    drop(f);

    let junk = dir.path().join("junk.bin");
    let mut bytes = Vec::with_capacity(1 << 20);
    for _ in 0..(1 << 20) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.push((x >> 24) as u8);
    }
    fs::write(&junk, &bytes).unwrap();

    let empty = dir.path().join("empty.txt");
    fs::write(&empty, "").unwrap();
    let empty_html = dir.path().join("empty.html");
    fs::write(&empty_html, "").unwrap();

    let ja = dir.path().join("ja.txt");
    fs::write(
        &ja,
        "韓国の国会情報委員会は水曜日、北朝鮮兵士約600人がロシアでウクライナとの戦闘で死亡したと明らかにした。\
         情報機関によると、北朝鮮軍の死傷者は約4700人に上る。兵士たちはドローンなど新しい兵器の使用に慣れてきたという。",
    )
    .unwrap();
    let ru = dir.path().join("ru.txt");
    fs::write(
        &ru,
        "Около 600 северокорейских военнослужащих погибли в боях на стороне России против Украины, \
         сообщили в среду южнокорейские депутаты со ссылкой на разведку. Всего потери составили около 4700 человек.",
    )
    .unwrap();

    for page in [&big, &junk, &empty, &empty_html, &ja, &ru] {
        let v = check_json(&index, page, &[]);
        assert_eq!(v["verdict"], "none", "{}: {v}", page.display());
    }

    // Several pages: one JSON line each, in order.
    let o = run(&[
        "check",
        "--json",
        "--index",
        s(&index),
        s(&ja),
        s(&ru),
        s(&empty),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["page"], s(&ru));
}

#[test]
fn unreadable_page_reports_and_continues() {
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let ok = dir.path().join("ok.txt");
    fs::write(&ok, "A short page about the weather in Lisbon this week.").unwrap();
    let missing = dir.path().join("missing.txt");
    let o = run(&["check", "--json", "--index", s(&index), s(&missing), s(&ok)]);
    assert_no_panic(&o);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["page"], s(&ok));
}

#[test]
fn stdin_page_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let text = record_for("Reuters")["text"].as_str().unwrap().to_string();
    let mut child = bin()
        .args(["check", "--json", "--index", s(&index), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["page"], "-");
    assert_eq!(v["original"]["url"], record_for("Reuters")["url"], "{v}");
    let len = text.chars().count() as u64;
    for p in v["passages"].as_array().unwrap() {
        assert!(p["page_end"].as_u64().unwrap() <= len, "{p}");
    }
}

fn html_page(canonical: &str, paragraphs: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Troops killed | Daily Aggregator</title>
<link rel="canonical" href="{canonical}">
<meta property="og:title" content="North Korean troops killed in Ukraine war">
<meta property="og:site_name" content="Daily Aggregator">
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav></header>
<main><article><h1>North Korean troops killed in Ukraine war</h1>
{paragraphs}
</article></main>
<footer><p>© Daily Aggregator. All rights reserved.</p></footer>
</body></html>"#
    )
}

/// A corpus record's text as HTML paragraphs.
fn paragraphs_of(record: &Value) -> String {
    record["text"]
        .as_str()
        .unwrap()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
        .collect()
}

#[test]
fn a_page_dated_before_the_original_names_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let fox = record_for("Fox News");
    let page = dir.path().join("early.html");
    let dated = html_page(
        "https://daily-aggregator.example/world/troops",
        &paragraphs_of(&fox),
    )
    .replace(
        "</head>",
        r#"<meta property="article:published_time" content="2025-04-02T08:00:00Z"></head>"#,
    );
    fs::write(&page, dated).unwrap();
    let v = check_json(&index, &page, &[]);
    assert_eq!(v["verdict"], "none", "{v}");
    // --published overrides the page's own date.
    let v = check_json(&index, &page, &["--published", "2025-05-01"]);
    assert_eq!(v["original"]["url"], fox["url"], "{v}");
    let o = run(&[
        "check",
        "--index",
        s(&index),
        "--published",
        "soon",
        s(&page),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a date"), "{}", stderr(&o));
}

#[test]
fn html_page_uses_its_canonical_link() {
    let dir = tempfile::tempdir().unwrap();
    let index = corpus_index(dir.path());
    let fox = record_for("Fox News");
    let paragraphs = paragraphs_of(&fox);

    let copy = dir.path().join("copy.html");
    fs::write(
        &copy,
        html_page("https://daily-aggregator.example/world/troops", &paragraphs),
    )
    .unwrap();
    let v = check_json(&index, &copy, &[]);
    assert!(v["verdict"] == "copy" || v["verdict"] == "rewrite", "{v}");
    assert_eq!(v["original"]["url"], fox["url"], "{v}");
    assert!(!v["passages"].as_array().unwrap().is_empty(), "{v}");

    let own = dir.path().join("own.html");
    fs::write(&own, html_page(fox["url"].as_str().unwrap(), &paragraphs)).unwrap();
    let v = check_json(&index, &own, &[]);
    assert_eq!(v["verdict"], "none", "{v}");

    // --url overrides the canonical link.
    let v = check_json(&index, &own, &["--url", "https://elsewhere.example/x"]);
    assert_eq!(v["original"]["url"], fox["url"], "{v}");
}

#[test]
fn html_originals_can_be_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let originals = dir.path().join("originals");
    fs::create_dir_all(originals.join("nested")).unwrap();
    let page = html_page(
        "https://daily-aggregator.example/world/troops",
        "<p>The River Cree burst its banks and flooded Newton Stewart on Saturday, leaving dozens of homes under water.</p>\
         <p>Jeanette Tate said the Cinnamon Cafe on Victoria Street was badly damaged and would stay shut for weeks.</p>\
         <p>Repairs to the Lamington Viaduct will take until February, Network Rail said on Sunday evening.</p>",
    );
    fs::write(originals.join("nested/floods.html"), page).unwrap();
    fs::write(originals.join("readme.md"), "not an input").unwrap();
    let out = dir.path().join("o.idx");
    let o = run(&["index", "build", "--out", s(&out), s(&originals)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("indexed 1 articles"), "{}", stdout(&o));
}

#[test]
fn bad_arguments_are_usage_errors() {
    let o = run(&[
        "check",
        "--index",
        "x.idx",
        "--sensitivity",
        "extreme",
        "p.txt",
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("extreme"), "{}", stderr(&o));
    let o = run(&["index", "build", "corpus"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
}
