//! Matching a page against the index: find candidate originals by their
//! most specific terms, then verify each by aligning its sentences with the
//! page's, and decide copy, rewrite or nothing.

use std::collections::HashMap;

use crate::fingerprint::{self, Page, PageSentence, FLAG_QUOTE, FLAG_SHARED};

use crate::index::{Index, Meta, SentenceView};

/// How readily to call a page a rewrite.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sensitivity {
    Low,
    #[default]
    Normal,
    High,
}

impl Sensitivity {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "low" => Some(Self::Low),
            "normal" | "" => Some(Self::Normal),
            "high" => Some(Self::High),
            _ => None,
        }
    }
    fn shift(self) -> f32 {
        match self {
            Self::Low => 0.08,
            Self::Normal => 0.0,
            Self::High => -0.06,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The page's canonical URL. A page that is an indexed original is not a
    /// rewrite of anything.
    pub url: Option<String>,
    pub sensitivity: Sensitivity,
    /// Ignore this article (evaluation: check an original against the rest).
    pub exclude: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerdictKind {
    Copy,
    Rewrite,
    None,
}

/// A page sentence that reproduces an original sentence. Offsets are byte
/// offsets into the checked text.
#[derive(Clone, Debug, PartialEq)]
pub struct Passage {
    pub page_start: usize,
    pub page_end: usize,
    pub original_sentence: usize,
}

/// Measurements of how one original lines up with the page.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub article: u32,
    /// Share of the original's specific content found on the page.
    pub reused: f32,
    /// Share of the page's content explained by the original.
    pub covered: f32,
    /// Share of aligned sentences in the original's order.
    pub order: f32,
    /// Share of the original copied sentence for sentence, verbatim.
    pub verbatim: f32,
    /// Share of the page's rare terms found in the original.
    pub rare_found: f32,
    /// Share of the original in the longest verbatim run (≥ 3 sentences).
    pub run: f32,
    pub matched: usize,
    pub sentences: usize,
    pub score: f32,
    /// How much page content the original explains (weight units): the
    /// evidence that ranks matching originals.
    pub amount: f32,
    pub passages: Vec<Passage>,
}

#[derive(Clone, Debug)]
pub struct Verdict {
    pub kind: VerdictKind,
    pub original: Option<Meta>,
    pub evidence: Option<Evidence>,
}

impl Verdict {
    fn none() -> Self {
        Verdict {
            kind: VerdictKind::None,
            original: None,
            evidence: None,
        }
    }
}

/// Candidates verified per page.
const CANDIDATES: usize = 12;
/// Postings lists longer than this belong to terms too common to help.
const MAX_POSTINGS: usize = 4000;

/// Normalise a URL for identity checks: no scheme, "www.", query, fragment
/// or trailing slash; host lowercased.
pub fn url_key(url: &str) -> String {
    let u = url.trim();
    let u = u.split_once("://").map_or(u, |(_, rest)| rest);
    let u = u.split(['#', '?']).next().unwrap_or("");
    let u = u.strip_prefix("www.").unwrap_or(u);
    let (host, path) = u.split_once('/').unwrap_or((u, ""));
    format!(
        "{}/{}",
        host.to_ascii_lowercase(),
        path.trim_end_matches('/')
    )
}

/// Check a page's text against the index.
pub fn check(index: &Index, text: &str, opts: &Options) -> Verdict {
    let page = fingerprint::fingerprint_page(text);
    check_page(index, &page, opts)
}

pub fn check_page(index: &Index, page: &Page, opts: &Options) -> Verdict {
    if page.sentences.is_empty() || index.is_empty() {
        return Verdict::none();
    }
    let candidates = retrieve(index, page, opts.exclude);
    let page_key = opts.url.as_deref().filter(|u| !u.is_empty()).map(url_key);
    if let Some(key) = &page_key {
        if candidates.iter().any(|&(id, _)| {
            index
                .url(id)
                .is_some_and(|u| !u.is_empty() && url_key(u) == *key)
        }) {
            return Verdict::none();
        }
    }
    let lookup = PageLookup::new(page);
    let mut best: Option<Evidence> = None;
    // The closest non-match, reported for diagnosis.
    let mut closest: Option<Evidence> = None;
    for &(id, _) in &candidates {
        let ev = verify(index, page, &lookup, id);
        if !is_match(&ev, opts.sensitivity) {
            if closest.as_ref().is_none_or(|c| ev.score > c.score) {
                closest = Some(ev);
            }
            continue;
        }
        best = Some(match best {
            None => ev,
            Some(b) => prefer(index, b, ev),
        });
    }
    let Some(ev) = best else {
        return Verdict {
            kind: VerdictKind::None,
            original: None,
            evidence: closest,
        };
    };
    let kind = if ev.verbatim >= 0.5 {
        VerdictKind::Copy
    } else {
        VerdictKind::Rewrite
    };
    Verdict {
        kind,
        original: index.meta(ev.article),
        evidence: Some(ev),
    }
}

/// Of two matching originals, the one with clearly more evidence, else the
/// earlier published.
fn prefer(index: &Index, a: Evidence, b: Evidence) -> Evidence {
    let near = (a.amount - b.amount).abs() <= 0.1 * a.amount.max(b.amount);
    if near {
        let da = index.published(a.article).unwrap_or(u32::MAX);
        let db = index.published(b.article).unwrap_or(u32::MAX);
        if da != db {
            return if db < da { b } else { a };
        }
    }
    if b.amount > a.amount {
        b
    } else {
        a
    }
}

/// Candidate originals ranked by the summed weight of the retrieval keys the
/// page contains.
fn retrieve(index: &Index, page: &Page, exclude: Option<u32>) -> Vec<(u32, f32)> {
    let mut scores: HashMap<u32, f32> = HashMap::new();
    for &(term, _) in &page.terms {
        let postings = index.postings(term);
        for (n, (id, w)) in postings.enumerate() {
            if n >= MAX_POSTINGS {
                break;
            }
            *scores.entry(id).or_insert(0.0) += f32::from(w);
        }
    }
    let mut ranked: Vec<(u32, f32)> = scores
        .into_iter()
        .filter(|&(id, s)| s >= 20.0 && Some(id) != exclude && (id as usize) < index.len())
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(CANDIDATES);
    ranked
}

/// Page sentences by term hash: (hash, sentence, weight).
struct PageLookup {
    entries: Vec<(u16, u32, f32)>,
}

impl PageLookup {
    fn new(page: &Page) -> Self {
        let mut entries: Vec<(u16, u32, f32)> = page
            .sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.terms.iter().map(move |&(h, w)| (h, i as u32, w)))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        PageLookup { entries }
    }
    fn sentences_with(&self, hash: u16) -> &[(u16, u32, f32)] {
        let start = self.entries.partition_point(|e| e.0 < hash);
        let len = self.entries[start..].partition_point(|e| e.0 == hash);
        &self.entries[start..start + len]
    }
}

/// How much an original sentence counts: boilerplate shared with other
/// originals and quoted speech prove little about who wrote the rest.
fn discount(s: &SentenceView) -> f32 {
    if s.flags & FLAG_SHARED != 0 {
        0.15
    } else if s.flags & FLAG_QUOTE != 0 {
        0.5
    } else {
        1.0
    }
}

/// A page sentence counts as explained by an original sentence at this share
/// of its specific weight; an original sentence as reproduced likewise.
const PAGE_SIM: f32 = 0.5;
const STRONG_SIM: f32 = 0.6;

/// Align an original's sentences with the page and measure the alignment.
fn verify(index: &Index, page: &Page, lookup: &PageLookup, id: u32) -> Evidence {
    let sentences = index.sentences(id);
    let np = page.sentences.len();
    // Best (similarity, original sentence) for each page sentence.
    let mut page_best: Vec<(f32, usize)> = vec![(0.0, 0); np];
    let mut acc: Vec<f32> = vec![0.0; np];
    let mut touched: Vec<usize> = Vec::new();
    let mut union: Vec<u16> = Vec::new();
    let (mut total_o, mut reused_o, mut strong_o) = (0.0f32, 0.0f32, 0.0f32);
    for (oi, s) in sentences.iter().enumerate() {
        for h in s.hashes() {
            union.push(h);
            for &(_, p, w) in lookup.sentences_with(h) {
                let p = p as usize;
                if acc[p] == 0.0 {
                    touched.push(p);
                }
                acc[p] += w;
            }
        }
        let mut best_o = 0.0f32;
        for &p in &touched {
            let m = acc[p];
            let sim_p = m / page.sentences[p].weight.max(1e-3);
            if sim_p > page_best[p].0 {
                page_best[p] = (sim_p, oi);
            }
            best_o = best_o.max(m / s.weight.max(1e-3));
            acc[p] = 0.0;
        }
        touched.clear();
        let w = s.weight * discount(s);
        total_o += w;
        if best_o >= PAGE_SIM {
            reused_o += w;
        }
        if best_o >= STRONG_SIM {
            strong_o += w;
        }
    }
    union.sort_unstable();
    union.dedup();

    // Page side: how much of the page the original explains, and in what
    // order.
    let (mut explained, mut strong_p) = (0.0f32, 0.0f32);
    let (mut rare_total, mut rare_found) = (0.0f32, 0.0f32);
    let mut order_seq: Vec<(usize, usize)> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut verbatim_w = 0.0f32;
    let mut run = Run::default();
    for (p, &(sim, oi)) in page_best.iter().enumerate() {
        let ps = &page.sentences[p];
        for &(h, w) in ps.terms.iter().filter(|t| t.1 >= fingerprint::RARE_IDF) {
            rare_total += w;
            if union.binary_search(&h).is_ok() {
                rare_found += w;
            }
        }
        if sim >= PAGE_SIM {
            pairs.push((oi, p));
            explained += ps.weight;
        }
        if sim >= STRONG_SIM {
            strong_p += ps.weight;
            order_seq.push((oi, p));
        }
        let exact = sim >= PAGE_SIM && sentences.get(oi).is_some_and(|s| s.exact == ps.exact);
        if exact {
            let s = &sentences[oi];
            verbatim_w += s.weight * discount(s);
        }
        run.step(exact.then(|| (oi, sentences[oi].weight * discount(&sentences[oi]))));
    }

    let pw = page.weight.max(1e-3);
    let tw = total_o.max(1e-3);
    // Order: of the page sentences that strongly match, the share that
    // follows the original's order. Sorting by page position keeps it.
    order_seq.sort_by_key(|&(_, p)| p);
    let order = order_agreement(&order_seq);
    let covered = explained / pw;
    let mut ev = Evidence {
        article: id,
        reused: reused_o / tw,
        covered,
        order,
        verbatim: verbatim_w / tw,
        rare_found: if rare_total > 0.0 {
            rare_found / rare_total
        } else {
            0.0
        },
        matched: pairs.len(),
        sentences: sentences.len(),
        score: 0.0,
        amount: explained,
        run: run.best / tw,
        passages: pairs
            .iter()
            .map(|&(oi, p)| {
                let ps: &PageSentence = &page.sentences[p];
                Passage {
                    page_start: ps.start,
                    page_end: ps.end,
                    original_sentence: oi,
                }
            })
            .collect(),
    };
    // The weights come from measuring which mix best separates rewrites from
    // independent reports of the same event (see README, "Accuracy").
    ev.score =
        (3.0 * covered + 3.0 * strong_p / pw + strong_o / tw + 3.0 * ev.rare_found + 3.0 * order)
            / 13.0;
    ev
}

/// The longest verbatim run: consecutive page sentences that copy
/// consecutive original sentences.
#[derive(Default)]
struct Run {
    last: Option<usize>,
    len: usize,
    weight: f32,
    best: f32,
}

impl Run {
    fn step(&mut self, exact: Option<(usize, f32)>) {
        let Some((oi, w)) = exact else { return };
        if self.last.is_some_and(|l| oi == l + 1) {
            self.len += 1;
            self.weight += w;
        } else {
            self.len = 1;
            self.weight = w;
        }
        self.last = Some(oi);
        if self.len >= 3 && self.weight > self.best {
            self.best = self.weight;
        }
    }
}

/// Share of aligned pairs that keep the original's order (longest run of
/// original positions that increases, taken in page order).
fn order_agreement(pairs: &[(usize, usize)]) -> f32 {
    if pairs.is_empty() {
        return 0.0;
    }
    let mut tails: Vec<usize> = Vec::new();
    for &(o, _) in pairs {
        let i = tails.partition_point(|&t| t <= o);
        if i == tails.len() {
            tails.push(o);
        } else {
            tails[i] = o;
        }
    }
    tails.len() as f32 / pairs.len() as f32
}

/// Thresholds: a rewrite must score this high; a copy needs a verbatim run
/// of at least three sentences carrying this share of the original.
const REWRITE_SCORE: f32 = 0.6;
const COPY_RUN: f32 = 0.2;

fn is_match(ev: &Evidence, sensitivity: Sensitivity) -> bool {
    ev.run >= COPY_RUN || (ev.matched >= 3 && ev.score >= REWRITE_SCORE + sensitivity.shift())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_keys_ignore_scheme_www_query_and_slash() {
        assert_eq!(
            url_key("https://www.Example.com/a/b/?x=1#y"),
            url_key("http://example.com/a/b")
        );
        assert_ne!(
            url_key("https://example.com/a"),
            url_key("https://example.com/b")
        );
    }

    #[test]
    fn order_counts_longest_run_in_order() {
        assert_eq!(order_agreement(&[(0, 0), (1, 1), (2, 2)]), 1.0);
        assert!((order_agreement(&[(2, 0), (1, 1), (0, 2)]) - 1.0 / 3.0).abs() < 1e-6);
    }
}
