//! How specific a term is: inverse document frequency.
//!
//! A built-in table of common news terms (document frequencies measured on
//! general news text) gives every term a weight even in a tiny index, and
//! gives the page side, which has no corpus, the same weights. The builder
//! blends in the index's own frequencies to pick what to keep.

use std::collections::HashMap;

use crate::text::Kind;

/// Built-in frequencies: sorted records of (term hash u32 LE, idf × 16 as u8).
/// Regenerate with `unspun-eval --common-terms src/common_terms.bin`.
static COMMON_TERMS: &[u8] = include_bytes!("common_terms.bin");
/// How many documents the built-in table was measured on.
pub const COMMON_DOCS: f64 = 13_000.0;
/// Weight of a term absent from the table: as rare as the table can tell.
pub fn max_idf() -> f32 {
    (COMMON_DOCS as f32 + 1.0).ln()
}

/// Background inverse document frequency of a term.
pub fn background_idf(term: u32) -> f32 {
    let n = COMMON_TERMS.len() / 5;
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        let rec = &COMMON_TERMS[mid * 5..mid * 5 + 5];
        let key = u32::from_le_bytes([rec[0], rec[1], rec[2], rec[3]]);
        match key.cmp(&term) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return f32::from(rec[4]) / 16.0,
        }
    }
    max_idf()
}

/// Serialise a background table from document frequencies.
pub fn encode_common_terms(df: &HashMap<u32, u32>, docs: u32, min_df: u32) -> Vec<u8> {
    let mut rows: Vec<(u32, u8)> = df
        .iter()
        .filter(|&(_, &d)| d >= min_df)
        .map(|(&t, &d)| {
            let idf = ((f64::from(docs) + 1.0) / (f64::from(d) + 0.5)).ln();
            (t, (idf * 16.0).round().clamp(0.0, 255.0) as u8)
        })
        .collect();
    rows.sort_unstable();
    let mut out = Vec::with_capacity(rows.len() * 5);
    for (t, w) in rows {
        out.extend_from_slice(&t.to_le_bytes());
        out.push(w);
    }
    out
}

/// Document frequencies of the corpus being indexed, blended with the table.
#[derive(Default)]
pub struct Weights {
    df: HashMap<u32, u32>,
    docs: u32,
}

impl Weights {
    /// Count one document's distinct terms.
    pub fn add_doc(&mut self, terms: impl IntoIterator<Item = u32>) {
        self.docs += 1;
        for t in terms {
            *self.df.entry(t).or_insert(0) += 1;
        }
    }

    pub fn docs(&self) -> u32 {
        self.docs
    }

    pub fn df(&self) -> &HashMap<u32, u32> {
        &self.df
    }

    /// IDF over the index and the background together.
    pub fn idf(&self, term: u32) -> f32 {
        let bg = background_idf(term);
        let bg_df = (COMMON_DOCS / f64::from(bg).exp() - 0.5).max(0.0);
        let df = f64::from(self.df.get(&term).copied().unwrap_or(0)) + bg_df;
        let n = f64::from(self.docs) + COMMON_DOCS;
        ((n + 1.0) / (df + 0.5)).ln() as f32
    }

    /// Retrieval weight class 1..=15.
    pub fn class(&self, term: u32, kind: Kind) -> u8 {
        // Names are what every report of an event repeats; numbers and rare
        // words are what a rewrite keeps and an independent report rarely does.
        let boost = match kind {
            Kind::Number => 1.0,
            Kind::Name => -0.5,
            _ => 0.0,
        };
        ((self.idf(term) + boost) * 1.6).round().clamp(1.0, 15.0) as u8
    }
}
