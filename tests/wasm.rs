//! The engine compiled to wasm32 and run in a real browser (headless
//! Chromium through wasm-bindgen-test-runner):
//!
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//! CHROMEDRIVER=/usr/bin/chromedriver \
//! cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
//!
//! Builds a real index from corpus/ inside the test (no CLI, no files at run
//! time), checks the committed test pages against it, and feeds it damaged
//! index bytes.
#![cfg(target_arch = "wasm32")]

use serde::Deserialize;
use unspun::{index, Article, Index, Options, VerdictKind};
use wasm_bindgen::prelude::*;
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

fn corpus_index() -> Vec<u8> {
    index::build(&articles(include_str!("../corpus/seeds.jsonl")), 20_000)
}

#[wasm_bindgen_test]
fn real_index_loads_and_names_the_original() {
    let bytes = corpus_index();
    let ix = Index::from_bytes(&bytes).expect("a freshly built index loads");
    let page = page_text(include_str!("pages/000-farm-rewrite/source.html"));
    let v = unspun::check(&ix, &page, &Options::default());
    assert!(
        matches!(v.kind, VerdictKind::Rewrite | VerdictKind::Copy),
        "000 is a rewrite: {:?}",
        v.kind
    );
    let original = v.original.expect("names an original");
    assert_eq!(original.source, "Fox News");
}

#[wasm_bindgen_test]
fn unrelated_farm_page_names_nothing() {
    let bytes = corpus_index();
    let ix = Index::from_bytes(&bytes).unwrap();
    let page = page_text(include_str!("pages/003-farm-other/source.html"));
    let v = unspun::check(&ix, &page, &Options::default());
    assert!(
        matches!(v.kind, VerdictKind::None),
        "003 must name nothing: {:?}",
        v.original
    );
}

#[wasm_bindgen_test]
fn corrupt_or_truncated_index_is_refused() {
    let bytes = corpus_index();
    assert!(
        Index::from_bytes(&bytes[..bytes.len() / 2]).is_err(),
        "truncated"
    );
    assert!(
        Index::from_bytes(b"this is not an index at all").is_err(),
        "junk"
    );
    assert!(Index::from_bytes(&[]).is_err(), "empty");
    let mut flipped = bytes.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x5a;
    assert!(
        Index::from_bytes(&flipped).is_err(),
        "one flipped byte fails the checksum"
    );
}
