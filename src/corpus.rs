//! Reading originals and pages from files (command-line tool only).
//!
//! Originals come from `.jsonl` files (one record a line), saved `.html`
//! article pages, or directories of these. Pages to check come from `.html`,
//! `.txt` or standard input (`-`). Nothing here panics on bad input: a
//! malformed record is a [`Problem`], an unreadable file an error naming it.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

use crate::index::{parse_date, Article};
use crate::matcher::url_key;

/// Page and article text is cut to this many bytes (at a char boundary).
pub const MAX_TEXT_BYTES: usize = 2_000_000;
/// HTML is cut to this many bytes before parsing.
pub const MAX_HTML_BYTES: usize = 16_000_000;

/// A record that was skipped, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line number; 0 when the problem concerns the whole file.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.reason)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.reason)
        }
    }
}

/// The readable text of a page to check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInput {
    pub text: String,
    /// From `<link rel=canonical>` (or `og:url`) of an HTML page.
    pub canonical_url: Option<String>,
    /// An HTML page's `article:published_time`, as written.
    pub published: Option<String>,
}

/// What an HTML article page yields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    pub text: String,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
}

fn is_html_path(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("html" | "htm" | "xhtml")
    )
}

fn is_jsonl_path(p: &Path) -> bool {
    matches!(
        p.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("jsonl")
    )
}

/// Does this text look like HTML (starts with `<` after whitespace)?
pub fn looks_like_html(s: &str) -> bool {
    s.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('<')
}

/// Cut `s` to at most `max` bytes at a char boundary.
pub fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        s.truncate(crate::text::floor_char_boundary(s, max));
    }
}

/// Lossy UTF-8, without a byte-order mark, with control characters (other
/// than line breaks and tabs) turned into spaces.
fn clean_text(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    let s = s.strip_prefix('\u{feff}').unwrap_or(&s);
    s.chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn nonempty(s: Option<impl AsRef<str>>) -> Option<String> {
    s.map(|v| v.as_ref().trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Readability is slow on deeply nested or huge documents (time grows
/// faster than the square of the depth); beyond these the page's plain
/// text is used instead.
const MAX_READABILITY_DEPTH: usize = 400;
const MAX_READABILITY_NODES: usize = 200_000;

/// Markup nested deeper than this (by a rough count of open tags) is not
/// parsed into a tree; its tags are stripped instead.
const MAX_PARSE_DEPTH: usize = 1_500;

const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "!doctype",
];

/// The tag name starting at `at` (just after `<` or `</`), lowercased.
fn tag_name(bytes: &[u8], at: usize) -> String {
    bytes[at.min(bytes.len())..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
        .take(16)
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// Whether open tags nest deeper than `limit`, counting roughly (void tags
/// and self-closing tags do not nest; unclosed `<p>` and `<li>` do).
fn nesting_exceeds(html: &str, limit: usize) -> bool {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        if b.get(i) == Some(&b'/') {
            depth = depth.saturating_sub(1);
        } else if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            let name = tag_name(b, i);
            let end = b[i..].iter().position(|&c| c == b'>').map(|e| i + e);
            let self_closing = end.is_some_and(|e| e > 0 && b[e - 1] == b'/');
            if !VOID_TAGS.contains(&name.as_str()) && !self_closing {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
        }
    }
    false
}

/// Plain text of HTML by removing tags, comments, scripts and styles; for
/// markup too deep to parse.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let skip_to = if rest.starts_with("<!--") {
            Some("-->")
        } else {
            let name = tag_name(rest.as_bytes(), 1);
            match name.as_str() {
                "script" => Some("</script"),
                "style" => Some("</style"),
                _ => None,
            }
        };
        if let Some(end) = skip_to {
            // Land on the marker's closing `>` (or before the end tag's).
            let keep = usize::from(end == "-->");
            match rest[1..].find(end) {
                Some(e) => rest = &rest[1 + e + end.len() - keep..],
                None => return decode_entities(&out),
            }
        }
        match rest.find('>') {
            Some(gt) => {
                out.push('\n');
                rest = &rest[gt + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The article text below which Readability deems its pass failed and
/// retries with looser rules, keeping the longest text it found. Its
/// default (500 characters) is longer than a short news brief, whose page's
/// "You may also like" list then wins. The extension's minimum is 200.
const READABILITY_CHAR_THRESHOLD: usize = 200;

/// Extract the article text and metadata of an HTML page with Readability.
/// Falls back to the page's plain text when Readability finds no article or
/// the document is too deep or large for it.
pub fn extract_html(html: &str) -> HtmlArticle {
    let mut html = html.to_string();
    truncate_at_char(&mut html, MAX_HTML_BYTES);
    if nesting_exceeds(&html, MAX_PARSE_DEPTH) {
        // The HTML parser itself is quadratic in the nesting depth.
        let mut text = tidy_text(&strip_tags(&html));
        truncate_at_char(&mut text, MAX_TEXT_BYTES);
        return HtmlArticle {
            text,
            ..HtmlArticle::default()
        };
    }
    let cfg = Config {
        text_mode: TextMode::Formatted,
        char_threshold: READABILITY_CHAR_THRESHOLD,
        ..Config::default()
    };
    let mut r = match Readability::new(html.as_str(), None, Some(cfg)) {
        Ok(r) => r,
        Err(_) => return HtmlArticle::default(),
    };
    let first_attr = |sel: &str, attr: &str| -> Option<String> {
        let s = r.doc.try_select(sel)?;
        s.nodes().iter().find_map(|n| nonempty(n.attr(attr)))
    };
    let canonical = first_attr("link[rel~=canonical]", "href")
        .or_else(|| first_attr(r#"meta[property="og:url"]"#, "content"));
    let title = first_attr(r#"meta[property="og:title"]"#, "content").or_else(|| {
        r.doc
            .try_select("title")
            .and_then(|t| nonempty(Some(t.first().text())))
    });
    let site_name = first_attr(r#"meta[property="og:site_name"]"#, "content");
    let published = first_attr(r#"meta[property="article:published_time"]"#, "content");
    // The text of the document (without scripts and styles) in one
    // iterative pass, and whether the tree is tame enough for Readability.
    // (dom_query is not a direct dependency, so this is inline.)
    let (plain, tame) = {
        const SKIP: &[&str] = &["script", "style", "noscript", "template", "head", "svg"];
        const BLOCK: &[&str] = &[
            "p",
            "div",
            "br",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "article",
            "section",
            "blockquote",
            "pre",
            "header",
            "footer",
            "main",
            "aside",
            "nav",
            "ul",
            "ol",
            "table",
            "figcaption",
            "dd",
            "dt",
        ];
        let mut out = String::new();
        let (mut nodes, mut max_depth) = (0usize, 0usize);
        let mut stack = vec![(r.doc.root(), 0usize)];
        while let Some((node, depth)) = stack.pop() {
            nodes += 1;
            max_depth = max_depth.max(depth);
            if node.is_text() {
                if out.len() < MAX_TEXT_BYTES {
                    out.push_str(&node.text());
                }
                continue;
            }
            if node.is_element() {
                let name = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if SKIP.contains(&name.as_str()) {
                    continue;
                }
                if BLOCK.contains(&name.as_str()) && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            let mut children = Vec::new();
            let mut child = node.first_child();
            while let Some(c) = child {
                child = c.next_sibling();
                children.push((c, depth + 1));
            }
            stack.extend(children.into_iter().rev());
        }
        (
            out,
            max_depth <= MAX_READABILITY_DEPTH && nodes <= MAX_READABILITY_NODES,
        )
    };
    let (text, meta_site, meta_published, meta_title) = match tame.then(|| r.parse()) {
        Some(Ok(a)) if !a.text_content.trim().is_empty() => (
            a.text_content.to_string(),
            a.site_name.clone(),
            a.published_time.clone(),
            nonempty(Some(&a.title)),
        ),
        _ => (plain, None, None, None),
    };
    let mut text = tidy_text(&text);
    truncate_at_char(&mut text, MAX_TEXT_BYTES);
    HtmlArticle {
        text,
        canonical_url: canonical,
        title: title.or(meta_title),
        site_name: site_name.or(nonempty(meta_site)),
        published: published.or(nonempty(meta_published)),
    }
}

/// Trim each line and collapse runs of blank lines.
fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// How to read a page's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Html,
    Text,
    /// HTML if it starts with `<` (after whitespace), else text.
    Sniff,
}

/// The text of a page to check: `.html`/`.htm` (Readability), `.txt`, or
/// `-` for standard input. Standard input and files of any other kind are
/// sniffed: HTML when they start with `<`, plain text otherwise.
pub fn page_text(path: &Path) -> Result<PageInput> {
    let (bytes, kind) = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        (buf, PageKind::Sniff)
    } else {
        if path.is_dir() {
            bail!(
                "{} is a directory; give an .html or .txt page",
                path.display()
            );
        }
        let kind = if is_html_path(path) {
            PageKind::Html
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        {
            PageKind::Text
        } else {
            PageKind::Sniff
        };
        (read_file(path)?, kind)
    };
    Ok(page_from_bytes(&bytes, kind))
}

/// As [`page_text`], from bytes already read. Never panics.
pub fn page_from_bytes(bytes: &[u8], kind: PageKind) -> PageInput {
    let html = match kind {
        PageKind::Html => true,
        PageKind::Text => false,
        PageKind::Sniff => {
            looks_like_html(&String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]))
        }
    };
    // Markup is larger than its text, so HTML gets more room.
    let cap = if html {
        MAX_HTML_BYTES
    } else {
        MAX_TEXT_BYTES + 4
    };
    let mut text = clean_text(&bytes[..bytes.len().min(cap)]);
    if html {
        let a = extract_html(&text);
        PageInput {
            text: a.text,
            canonical_url: a.canonical_url,
            published: a.published,
        }
    } else {
        truncate_at_char(&mut text, MAX_TEXT_BYTES);
        PageInput {
            text,
            ..PageInput::default()
        }
    }
}

/// Collect the input files under `paths`: files as given, directories
/// recursively (sorted), keeping `.jsonl` and `.html` files.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if is_jsonl_path(&p) || is_html_path(&p) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let meta = fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else if is_jsonl_path(p) || is_html_path(p) {
            out.push(p.clone());
        } else {
            bail!("{}: not a .jsonl or .html file (give originals as .jsonl, .html or a directory of them)", p.display());
        }
    }
    Ok(out)
}

/// Read originals from `.jsonl` files, `.html` pages and directories of
/// them. Malformed records are returned as problems and skipped; so are
/// records whose URL was already seen.
pub fn read_inputs(paths: &[PathBuf]) -> Result<(Vec<Article>, Vec<Problem>)> {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
    for file in collect_files(paths)? {
        let bytes = read_file(&file)?;
        let mut found: Vec<(usize, Result<Article, String>)> = Vec::new();
        if is_jsonl_path(&file) {
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                let line = String::from_utf8_lossy(line);
                let line = line.trim_start_matches('\u{feff}').trim();
                if line.is_empty() {
                    continue;
                }
                found.push((i + 1, parse_record(line)));
            }
        } else {
            found.push((0, article_from_html(&clean_text(&bytes))));
        }
        for (line, r) in found {
            match r {
                Ok(a) => {
                    let key = url_key(&a.url);
                    if let Some((f, l)) = seen.get(&key) {
                        let at = if *l == 0 {
                            f.display().to_string()
                        } else {
                            format!("{}:{l}", f.display())
                        };
                        problems.push(Problem {
                            file: file.clone(),
                            line,
                            reason: format!("duplicate url {} (first at {at}); skipped", a.url),
                        });
                    } else {
                        seen.insert(key, (file.clone(), line));
                        articles.push(a);
                    }
                }
                Err(reason) => problems.push(Problem {
                    file: file.clone(),
                    line,
                    reason,
                }),
            }
        }
    }
    Ok((articles, problems))
}

fn article_from_html(html: &str) -> Result<Article, String> {
    let a = extract_html(html);
    let url = a
        .canonical_url
        .ok_or("no <link rel=canonical> or og:url giving the article's URL")?;
    if a.text.trim().is_empty() {
        return Err("no article text found in the page".into());
    }
    let published = match a.published.as_deref() {
        Some(p) => {
            Some(parse_date(p).ok_or_else(|| format!("invalid article:published_time {p:?}"))?)
        }
        None => None,
    };
    Ok(Article {
        source: a.site_name.unwrap_or_else(|| host_of(&url)),
        title: a.title.unwrap_or_default(),
        url,
        published,
        text: a.text,
    })
}

/// The host of a URL without "www.", as a fallback source name.
fn host_of(url: &str) -> String {
    let k = url_key(url);
    k.split('/').next().unwrap_or("").to_string()
}

fn opt_string(rec: &serde_json::Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match rec.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(nonempty(Some(s))),
        Some(other) => Err(format!(
            "field {field:?} must be a string, found {}",
            type_name(other)
        )),
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Parse one JSONL record into an article.
pub fn parse_record(line: &str) -> Result<Article, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(rec) = v else {
        return Err(format!("expected a JSON object, found {}", type_name(&v)));
    };
    let url = opt_string(&rec, "url")?.ok_or("missing or empty \"url\"")?;
    let mut title = opt_string(&rec, "title")?;
    let mut source = opt_string(&rec, "source")?;
    let published_raw = opt_string(&rec, "published")?;
    let mut text = opt_string(&rec, "text")?;
    if text.is_none() {
        if let Some(html) = opt_string(&rec, "html")? {
            let a = extract_html(&html);
            title = title.or(a.title);
            source = source.or(a.site_name);
            text = nonempty(Some(a.text));
        }
    }
    let mut text = text.ok_or("missing or empty \"text\" (or \"html\" with an article in it)")?;
    truncate_at_char(&mut text, MAX_TEXT_BYTES);
    let published = match published_raw {
        Some(p) => Some(
            parse_date(&p)
                .ok_or_else(|| format!("invalid \"published\" date {p:?} (expected YYYY-MM-DD)"))?,
        ),
        None => None,
    };
    Ok(Article {
        source: source.unwrap_or_else(|| host_of(&url)),
        title: title.unwrap_or_default(),
        url,
        published,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Floods hit town | Example</title>
<link rel="canonical" href="https://example.com/floods">
<meta property="og:title" content="Floods hit Newton Stewart">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2015-12-07T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Floods hit Newton Stewart</h1>
<p>The River Cree burst its banks and flooded Newton Stewart on Saturday, leaving dozens of homes under water and forcing residents to flee.</p>
<p>Jeanette Tate said the Cinnamon Cafe on Victoria Street was badly damaged, and that she did not know when it would open again.</p>
<p>Repairs to the Lamington Viaduct will take until February, Network Rail said, and trains between the towns are replaced by buses.</p>
</article><footer>Copyright Example</footer></body></html>"#;

    #[test]
    fn extracts_html_article_and_metadata() {
        let a = extract_html(PAGE);
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://example.com/floods")
        );
        assert_eq!(a.title.as_deref(), Some("Floods hit Newton Stewart"));
        assert_eq!(a.site_name.as_deref(), Some("Example News"));
        assert!(a.text.contains("Cinnamon Cafe"), "{}", a.text);
        assert!(a.text.contains("Lamington Viaduct"));
        let art = article_from_html(PAGE).unwrap();
        assert_eq!(art.published, parse_date("2015-12-07T10:00:00Z"));
        assert_eq!(art.source, "Example News");
    }

    #[test]
    fn a_short_brief_is_extracted_rather_than_the_longer_list_beside_it() {
        let teaser =
            "<li><a href=\"/story\">Markets fall again</a><p>Shares in London closed lower \
            on Friday as investors weighed the latest figures on inflation and wages.</p></li>";
        let page = format!(
            "<html><body><main><article><h1>Latest news</h1><p>Tottenham midfielder Dele Alli \
            will be out for a few weeks after twisting his knee in a clash with a team-mate in \
            training, manager Mauricio Pochettino said on Thursday. England play Scotland on \
            Friday and Spain the following Tuesday.</p></article>\
            <aside class=\"related\"><h3>You May Also Like</h3><ul>{}</ul></aside></main></body></html>",
            teaser.repeat(6)
        );
        let text = extract_html(&page).text;
        assert!(text.contains("Pochettino"), "{text}");
        assert!(!text.contains("Shares in London"), "{text}");
    }

    #[test]
    fn title_falls_back_to_title_tag() {
        let page = PAGE.replace(
            r#"<meta property="og:title" content="Floods hit Newton Stewart">"#,
            "",
        );
        assert_eq!(
            extract_html(&page).title.as_deref(),
            Some("Floods hit town | Example")
        );
    }

    #[test]
    fn parses_records_and_reports_problems() {
        let good = r#"{"url":"https://a.com/x","title":"T","source":"S","published":"2025-04-30","text":"Hello there.","extra":1}"#;
        let a = parse_record(good).unwrap();
        assert_eq!(
            (a.url.as_str(), a.title.as_str(), a.source.as_str()),
            ("https://a.com/x", "T", "S")
        );
        assert_eq!(a.published, parse_date("2025-04-30"));
        let null_date = r#"{"url":"https://a.com/x","published":null,"text":"Hi."}"#;
        let a = parse_record(null_date).unwrap();
        assert_eq!((a.published, a.source.as_str()), (None, "a.com"));
        for (bad, want) in [
            ("{not json", "invalid JSON"),
            ("[1,2]", "expected a JSON object"),
            (r#"{"text":"x"}"#, "url"),
            (r#"{"url":"","text":"x"}"#, "url"),
            (r#"{"url":"https://a.com"}"#, "text"),
            (r#"{"url":"https://a.com","text":"   "}"#, "text"),
            (r#"{"url":5,"text":"x"}"#, "must be a string"),
            (
                r#"{"url":"https://a.com","text":"x","published":"yesterday"}"#,
                "invalid \"published\"",
            ),
            (
                r#"{"url":"https://a.com","text":"x","published":"2025-13-01"}"#,
                "invalid \"published\"",
            ),
        ] {
            let err = parse_record(bad).unwrap_err();
            assert!(err.contains(want), "{bad}: {err}");
        }
    }

    #[test]
    fn html_field_is_extracted() {
        let rec =
            serde_json::json!({"url": "https://example.com/floods", "html": PAGE}).to_string();
        let a = parse_record(&rec).unwrap();
        assert!(a.text.contains("Cinnamon Cafe"));
        assert_eq!(a.title, "Floods hit Newton Stewart");
        assert_eq!(a.source, "Example News");
    }

    #[test]
    fn reads_files_and_directories_with_line_numbers() {
        let dir = std::env::temp_dir().join(format!("unspun-corpus-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("sub")).unwrap();
        fs::write(
            dir.join("a.jsonl"),
            "{\"url\":\"https://a.com/1\",\"text\":\"One.\"}\n\n{bad\n{\"url\":\"https://a.com/2\"}\n{\"url\":\"https://www.a.com/1/\",\"text\":\"Dup.\"}\n",
        )
        .unwrap();
        fs::write(dir.join("sub/b.html"), PAGE).unwrap();
        fs::write(dir.join("sub/notes.md"), "ignored").unwrap();
        let (arts, probs) = read_inputs(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].url, "https://a.com/1");
        assert_eq!(arts[1].url, "https://example.com/floods");
        let shown: Vec<String> = probs.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(
            shown[0].ends_with("a.jsonl:3: invalid JSON: key must be a string at line 1 column 2"),
            "{shown:?}"
        );
        assert!(shown[1].contains("a.jsonl:4: "), "{shown:?}");
        assert!(shown[2].contains("a.jsonl:5: duplicate url"), "{shown:?}");
        let err = read_inputs(&[dir.join("missing.jsonl")]).unwrap_err();
        assert!(format!("{err:#}").contains("missing.jsonl"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pages_from_bytes_never_panic() {
        let p = page_from_bytes(PAGE.as_bytes(), PageKind::Sniff);
        assert_eq!(
            p.canonical_url.as_deref(),
            Some("https://example.com/floods")
        );
        assert!(p.text.contains("River Cree"));
        let p = page_from_bytes(PAGE.as_bytes(), PageKind::Text);
        assert!(p.text.starts_with("<!doctype"));
        let p = page_from_bytes(b"  plain text page.", PageKind::Sniff);
        assert_eq!(
            p,
            PageInput {
                text: "  plain text page.".into(),
                ..PageInput::default()
            }
        );
        let junk: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for kind in [PageKind::Html, PageKind::Text, PageKind::Sniff] {
            let _ = page_from_bytes(&junk, kind);
            let _ = page_from_bytes(b"", kind);
            let _ = page_from_bytes(b"<", kind);
            let _ = page_from_bytes(b"<<<<>>>><html><body><div><div><p>x", kind);
        }
        let deep = "<div>".repeat(50_000) + "Deep text &amp; more.";
        let p = page_from_bytes(deep.as_bytes(), PageKind::Html);
        assert_eq!(p.text, "Deep text & more.");
        let deep = "<div><p>".repeat(500) + "Fine.";
        assert_eq!(
            page_from_bytes(deep.as_bytes(), PageKind::Html).text,
            "Fine."
        );
        let stripped = strip_tags("<p>a<script>x<y</script>b<!-- c -->d<style>s</style></p>e<");
        assert_eq!(tidy_text(&stripped), "a\nb\nd\n\ne");
        let big = "é".repeat(MAX_TEXT_BYTES);
        let p = page_from_bytes(big.as_bytes(), PageKind::Text);
        assert!(p.text.len() <= MAX_TEXT_BYTES && p.text.chars().all(|c| c == 'é'));
    }
}
