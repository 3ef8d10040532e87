//! The wasm `Engine` (src/wasm.rs), the class the extension calls, compiled
//! to wasm32 and run in a real browser (headless Chromium through
//! wasm-bindgen-test-runner):
//!
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//! CHROMEDRIVER=/usr/bin/chromedriver \
//! cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
//!
//! Builds a real index from corpus/ inside the test (no CLI, no files at run
//! time), checks the committed test pages through `Engine::check` and reads
//! the JS objects it returns as the extension does (property by property,
//! telling `null` from `undefined`), and feeds `Engine::new` damaged bytes.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Object, Reflect};
use serde::Deserialize;
use unspun::wasm::Engine;
use unspun::{index, Article, Index, Options};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    // The browser's own JSON parser: the wasm build carries no serde_json.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(s: &str) -> JsValue;
}

#[derive(Deserialize)]
struct Row {
    url: String,
    title: String,
    source: String,
    published: Option<String>,
    text: String,
}

fn articles(jsonl: &str) -> Vec<Article> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let r: Row = serde_wasm_bindgen::from_value(json_parse(l)).expect("corpus row");
            Article {
                url: r.url,
                title: r.title,
                source: r.source,
                published: r.published.as_deref().and_then(index::parse_date),
                text: r.text,
            }
        })
        .collect()
}

/// The <h1> and <p> text of a committed test page, entities decoded.
fn page_text(html: &str) -> String {
    let body = &html[html.find("<article>").unwrap()..html.find("</article>").unwrap()];
    let mut out = String::new();
    for part in body.split('<').skip(1) {
        let (tag, text) = part.split_once('>').unwrap_or((part, ""));
        if (tag.starts_with('p') || tag.starts_with("h1") || tag.starts_with("figcaption"))
            && !text.trim().is_empty()
        {
            let t = text
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            out.push_str(t.trim());
            out.push_str("\n\n");
        }
    }
    out
}

/// The build date passed to `index::build`: 20,000 days after 1970-01-01.
const BUILT_DAYS: u32 = 20_000;
const BUILT_ISO: &str = "2024-10-04";

fn corpus_index() -> Vec<u8> {
    index::build(&articles(include_str!("../corpus/seeds.jsonl")), BUILT_DAYS)
}

/// The import-custom article with its date removed: an original whose
/// `published` is unknown.
fn undated_index() -> Vec<u8> {
    let mut arts = articles(include_str!("pages/import-custom/article.jsonl"));
    assert_eq!(arts.len(), 1);
    arts[0].published = None;
    index::build(&arts, BUILT_DAYS)
}

fn engine(bytes: &[u8]) -> Engine {
    Engine::new(bytes).expect("a freshly built index loads")
}

fn check(engine: &Engine, text: &str, url: Option<&str>, sensitivity: Option<&str>) -> JsValue {
    check_dated(engine, text, url, sensitivity, None)
}

fn check_dated(
    engine: &Engine,
    text: &str,
    url: Option<&str>,
    sensitivity: Option<&str>,
    published: Option<&str>,
) -> JsValue {
    engine
        .check(
            text,
            url.map(String::from),
            sensitivity.map(String::from),
            published.map(String::from),
        )
        .expect("check returns a value")
}

/// `obj[key]`, exactly as JS reads it (`undefined` for a missing key).
fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).expect("Reflect.get on an object")
}

fn string(obj: &JsValue, key: &str) -> String {
    let v = get(obj, key);
    v.as_string()
        .unwrap_or_else(|| panic!("{key} is not a string: {v:?}"))
}

fn number(obj: &JsValue, key: &str) -> f64 {
    let v = get(obj, key);
    v.as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {v:?}"))
}

/// The own property names of a plain JS object, sorted.
fn keys(obj: &JsValue) -> Vec<String> {
    assert!(obj.is_object(), "not an object: {obj:?}");
    let mut k: Vec<String> = Object::keys(obj.unchecked_ref())
        .iter()
        .map(|k| k.as_string().unwrap())
        .collect();
    k.sort();
    k
}

fn passages(result: &JsValue) -> Vec<(u32, u32, f64)> {
    let p = get(result, "passages");
    assert!(Array::is_array(&p), "passages is an array: {p:?}");
    Array::from(&p)
        .iter()
        .map(|p| {
            assert_eq!(keys(&p), ["original_sentence", "page_end", "page_start"]);
            (
                number(&p, "page_start") as u32,
                number(&p, "page_end") as u32,
                number(&p, "original_sentence"),
            )
        })
        .collect()
}

/// A field of a committed expected.json.
fn expected(json: &str, key: &str) -> String {
    string(&json_parse(json), key)
}

const RESULT_KEYS: [&str; 6] = [
    "covered", "original", "passages", "reused", "score", "verdict",
];

#[wasm_bindgen_test]
fn engine_check_names_the_original_of_the_farm_rewrite() {
    let exp = include_str!("pages/000-farm-rewrite/expected.json");
    let e = engine(&corpus_index());
    let page = page_text(include_str!("pages/000-farm-rewrite/source.html"));
    let r = check(&e, &page, None, Some("normal"));

    assert_eq!(keys(&r), RESULT_KEYS);
    assert_eq!(string(&r, "verdict"), expected(exp, "verdict"));
    let o = get(&r, "original");
    assert_eq!(keys(&o), ["published", "source", "title", "url"]);
    assert_eq!(string(&o, "source"), expected(exp, "source"));
    assert_eq!(string(&o, "title"), expected(exp, "title"));
    assert_eq!(string(&o, "url"), expected(exp, "url"));
    assert_eq!(string(&o, "published"), "2025-04-30");
    for k in ["score", "reused", "covered"] {
        let x = number(&r, k);
        assert!(x > 0.0 && x <= 1.0, "{k} = {x}");
    }
    let ps = passages(&r);
    assert!(!ps.is_empty(), "a rewrite has matching passages");
    let len = JsString::from(page.as_str()).length();
    for &(s, end, sentence) in &ps {
        assert!(s < end && end <= len, "passage {s}..{end} within 0..{len}");
        assert!(sentence >= 0.0 && sentence.fract() == 0.0, "{sentence}");
    }
}

/// The page starts with text whose UTF-8 bytes, UTF-16 units and chars all
/// differ in count (an emoji is 4 bytes, 2 units, 1 char; é is 2, 1, 1), so
/// only UTF-16 offsets slice the JS string at the passages the library found.
#[wasm_bindgen_test]
fn engine_passage_offsets_are_utf16_indices() {
    let bytes = corpus_index();
    let e = engine(&bytes);
    let page = format!(
        "Résumé 🙂🌍 des actualités.\n\n{}",
        page_text(include_str!("pages/000-farm-rewrite/source.html"))
    );
    let r = check(&e, &page, None, None);
    assert_ne!(string(&r, "verdict"), "none");
    let ps = passages(&r);

    // The same check through the Rust API gives byte offsets into `page`.
    let ix = Index::from_bytes(&bytes).unwrap();
    let v = unspun::check(&ix, &page, &Options::default());
    let reference = v.evidence.expect("evidence").passages;
    assert_eq!(ps.len(), reference.len());

    let js = JsString::from(page.as_str());
    for (&(s, end, sentence), p) in ps.iter().zip(&reference) {
        let want = &page[p.page_start..p.page_end];
        assert!(!want.trim().is_empty());
        assert_eq!(
            String::from(js.slice(s, end)),
            want,
            "passage at {s}..{end}"
        );
        assert_eq!(sentence, p.original_sentence as f64);
    }
    // The test can tell the three apart: the first passage comes after the
    // prefix, where byte, char and UTF-16 offsets all differ.
    let (s, _, _) = ps[0];
    let b = reference[0].page_start;
    assert!(
        s as usize != b && s as usize != page[..b].chars().count(),
        "offset {s} is not the byte ({b}) or char offset"
    );
}

#[wasm_bindgen_test]
fn engine_check_gives_null_for_unknown_published_date() {
    let e = engine(&undated_index());
    let exp = include_str!("pages/import-custom/expected.json");
    let page = page_text(include_str!("pages/import-custom/source.html"));
    let r = check(&e, &page, None, None);
    assert_eq!(string(&r, "verdict"), expected(exp, "verdict"));
    let o = get(&r, "original");
    assert_eq!(string(&o, "source"), expected(exp, "source"));
    assert!(
        Reflect::has(&o, &"published".into()).unwrap(),
        "published is present"
    );
    let published = get(&o, "published");
    assert!(
        published.is_null(),
        "published is null, not undefined: {published:?}"
    );
}

#[wasm_bindgen_test]
fn engine_check_of_unrelated_page_is_none_with_null_original() {
    let e = engine(&corpus_index());
    let page = page_text(include_str!("pages/003-farm-other/source.html"));
    let r = check(&e, &page, None, None);
    assert_eq!(keys(&r), RESULT_KEYS);
    assert_eq!(string(&r, "verdict"), "none");
    let original = get(&r, "original");
    assert!(
        original.is_null(),
        "original is null, not undefined: {original:?}"
    );
    assert!(passages(&r).is_empty());
    for k in ["score", "reused", "covered"] {
        assert_eq!(number(&r, k), 0.0, "{k}");
    }
}

/// The `url` argument reaches the matcher: an original checked at its own
/// canonical URL is that original, not a copy of it.
#[wasm_bindgen_test]
fn engine_check_at_the_originals_own_url_is_none() {
    let exp = include_str!("pages/001-original/expected.json");
    let e = engine(&corpus_index());
    let page = page_text(include_str!("pages/001-original/source.html"));
    let elsewhere = check(&e, &page, Some("https://copies.example/story"), None);
    assert_ne!(string(&elsewhere, "verdict"), "none", "its text elsewhere");
    assert_eq!(
        string(&get(&elsewhere, "original"), "url"),
        expected(exp, "canonical")
    );
    let home = check(&e, &page, Some(&expected(exp, "canonical")), None);
    assert_eq!(string(&home, "verdict"), "none");
    assert!(get(&home, "original").is_null());
}

/// The `published` argument reaches the matcher: the rewrite of seed 001
/// (published 2025-04-30) dated weeks earlier cannot have copied it.
#[wasm_bindgen_test]
fn engine_check_of_a_page_dated_before_the_original_is_none() {
    let e = engine(&corpus_index());
    let page = page_text(include_str!("pages/000-farm-rewrite/source.html"));
    let on = |date| string(&check_dated(&e, &page, None, None, Some(date)), "verdict");
    assert_ne!(on("2025-05-01T10:00:00Z"), "none");
    assert_eq!(on("2025-04-02T10:00:00Z"), "none");
    assert_ne!(on("not a date"), "none");
}

/// Unknown or absent sensitivity reads as "normal"; the named ones are taken.
#[wasm_bindgen_test]
fn engine_check_sensitivity_argument() {
    let e = engine(&corpus_index());
    let page = page_text(include_str!("pages/000-farm-rewrite/source.html"));
    let summary = |s: Option<&str>| {
        let r = check(&e, &page, None, s);
        (string(&r, "verdict"), number(&r, "score"))
    };
    let normal = summary(Some("normal"));
    assert_eq!(summary(None), normal);
    assert_eq!(summary(Some("bogus")), normal);
    for s in ["low", "high"] {
        assert_ne!(summary(Some(s)).0, "none", "{s}");
    }
}

#[wasm_bindgen_test]
fn engine_info_describes_the_index() {
    let bytes = corpus_index();
    let info = engine(&bytes).info().expect("info");
    assert_eq!(
        keys(&info),
        ["articles", "built", "bytes", "format_version"]
    );
    assert_eq!(number(&info, "format_version"), f64::from(index::VERSION));
    assert_eq!(string(&info, "built"), BUILT_ISO);
    assert_eq!(number(&info, "articles"), 3.0);
    assert_eq!(number(&info, "bytes"), bytes.len() as f64);
}

/// `Engine::new` on damaged bytes returns a JS Error whose message says
/// what is wrong (the options page shows it), and never panics.
#[wasm_bindgen_test]
fn engine_new_refuses_damaged_bytes_with_an_error() {
    let bytes = corpus_index();
    let flip = |at: usize| {
        let mut b = bytes.clone();
        b[at] ^= 0x5a;
        b
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "not an unspun index"),
        (
            "junk",
            b"this is not an index at all\n".repeat(20),
            "not an unspun index",
        ),
        (
            "truncated to half",
            bytes[..bytes.len() / 2].to_vec(),
            "truncated",
        ),
        (
            "last byte cut",
            bytes[..bytes.len() - 1].to_vec(),
            "truncated",
        ),
        ("byte flipped mid-file", flip(bytes.len() / 2), "corrupt"),
        ("checksum byte flipped", flip(bytes.len() - 1), "corrupt"),
        ("magic byte flipped", flip(0), "not an unspun index"),
        ("version byte flipped", flip(8), "version"),
    ];
    for (what, damaged, says) in cases {
        let err: JsValue = match Engine::new(&damaged) {
            Ok(_) => panic!("{what}: accepted"),
            Err(e) => e.into(),
        };
        let err: js_sys::Error = err
            .dyn_into()
            .unwrap_or_else(|v| panic!("{what}: not a JS Error: {v:?}"));
        let msg = String::from(err.message());
        assert!(msg.contains(says), "{what}: message {msg:?}");
    }
    // The intact bytes still load afterwards.
    assert_eq!(number(&engine(&bytes).info().unwrap(), "articles"), 3.0);
}
