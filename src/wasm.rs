//! The WebAssembly binding: load an index from bytes, check a page's text.
//! Thin by design: all logic lives in the library.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{index, matcher, Index, Meta, Options, Sensitivity, VerdictKind};

/// An index held in wasm memory. The bytes are copied in once; every check
/// reads them in place.
#[wasm_bindgen]
pub struct Engine {
    bytes: Box<[u8]>,
}

/// Serialise for JS the way JSON would: a `None` becomes `null` (not
/// `undefined`, serde-wasm-bindgen's default), so an unknown `published` or
/// a missing `original` reads as null in the extension, as in the CLI's JSON.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

#[derive(Serialize)]
struct Info {
    format_version: u16,
    built: String,
    articles: usize,
    bytes: usize,
}

#[derive(Serialize)]
struct JsPassage {
    page_start: usize,
    page_end: usize,
    original_sentence: usize,
}

#[derive(Serialize)]
struct JsResult {
    verdict: VerdictKind,
    original: Option<Meta>,
    score: f32,
    reused: f32,
    covered: f32,
    passages: Vec<JsPassage>,
}

#[wasm_bindgen]
impl Engine {
    /// Validate and keep an index. Throws an Error saying what is wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(bytes: &[u8]) -> Result<Engine, JsError> {
        Index::from_bytes(bytes).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine {
            bytes: bytes.into(),
        })
    }

    fn index(&self) -> Index<'_> {
        // Validated in `new`; the bytes never change.
        Index::from_validated_bytes(&self.bytes).expect("index validated at load")
    }

    pub fn info(&self) -> Result<JsValue, JsError> {
        let idx = self.index();
        let info = Info {
            format_version: index::VERSION,
            built: index::civil_from_days(i64::from(idx.built())),
            articles: idx.len(),
            bytes: idx.byte_len(),
        };
        to_js(&info)
    }

    /// Check a page. Offsets in `passages` are UTF-16 indices into `text`.
    /// `published` is the page's publication date (ISO 8601) if it has one.
    pub fn check(
        &self,
        text: &str,
        url: Option<String>,
        sensitivity: Option<String>,
        published: Option<String>,
    ) -> Result<JsValue, JsError> {
        let sensitivity =
            Sensitivity::parse(sensitivity.as_deref().unwrap_or("normal")).unwrap_or_default();
        let opts = Options {
            url,
            sensitivity,
            published: published.as_deref().and_then(index::parse_date),
            ..Options::default()
        };
        let v = matcher::check(&self.index(), text, &opts);
        let matched = v.kind != VerdictKind::None;
        let ev = v.evidence.filter(|_| matched);
        let result = JsResult {
            verdict: v.kind,
            original: v.original,
            score: ev.as_ref().map_or(0.0, |e| e.score),
            reused: ev.as_ref().map_or(0.0, |e| e.reused),
            covered: ev.as_ref().map_or(0.0, |e| e.covered),
            passages: ev
                .map(|e| {
                    e.passages
                        .iter()
                        .map(|p| JsPassage {
                            page_start: crate::utf16_offset(text, p.page_start),
                            page_end: crate::utf16_offset(text, p.page_end),
                            original_sentence: p.original_sentence,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        to_js(&result)
    }
}
