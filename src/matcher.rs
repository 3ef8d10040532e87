//! Matching a page against the index: find candidate originals by their
//! most specific terms, then verify each by aligning its sentences with the
//! page's, and decide copy, rewrite or nothing.

use std::collections::HashMap;

use crate::fingerprint::{self, Page, PageSentence, FLAG_QUOTE, FLAG_SHARED};

use crate::index::{Index, Meta, Published, SentenceView};

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
            Self::Low => 0.2,
            Self::Normal => 0.0,
            Self::High => -0.2,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The page's canonical URL. A page that is an indexed original is not a
    /// rewrite of anything, and a page on an original's own site is not a
    /// copy of it: outlets reuse their own text in updates and follow-ups.
    pub url: Option<String>,
    pub sensitivity: Sensitivity,
    /// When the page was published. An original published later
    /// ([`Published::is_after`]) cannot be its source: an outlet's earlier
    /// report is not a rewrite of a later one.
    pub published: Option<Published>,
    /// Ignore this article (evaluation: check an original against the rest).
    pub exclude: Option<u32>,
    /// The score a rewrite must reach, in place of the sensitivity's
    /// (evaluation: how recall and false alarms trade along the score).
    pub threshold: Option<f32>,
}

impl Options {
    fn rewrite_threshold(&self) -> f32 {
        self.threshold
            .unwrap_or(REWRITE_SCORE + self.sensitivity.shift())
    }
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
    /// Share of the page's content explained by the original: by aligned
    /// sentences, or by windows when no page sentence aligns alone.
    pub covered: f32,
    /// Share of the original copied sentence for sentence, verbatim.
    pub verbatim: f32,
    /// Share of the page's rare terms found in the original (diagnosis
    /// only: beside `names_found` it added nothing to the score).
    pub rare_found: f32,
    /// Share of the original in the heaviest verbatim run that proves
    /// copying (see `Run::share`).
    pub run: f32,
    /// What proves the copy ([`Run::share`]): 3 a run of three sentences
    /// or more, 2 a pair, 1 a single sentence carrying half a short
    /// original, 0 nothing.
    pub proof: u8,
    /// Share of the page's content explained by windows of three
    /// consecutive original sentences (summaries merge sentences).
    pub window: f32,
    /// Like `reused`, at the stricter similarity.
    pub strong_reused: f32,
    /// Share of the page's numbers found in the original (1 with none).
    pub numbers_found: f32,
    /// How many numbers the page has.
    pub page_numbers: usize,
    /// The same, over the page sentences the original explains.
    pub aligned_numbers_found: f32,
    /// Share of the page's distinct rare names found in the original (1
    /// with none).
    pub names_found: f32,
    /// How many distinct rare names the page has.
    pub page_names: usize,
    /// Page content weight over the original's.
    pub size_ratio: f32,
    /// Share of aligned page sentences that follow the original's order
    /// ([`order_kept`]).
    pub order: f32,
    pub matched: usize,
    pub sentences: usize,
    /// Aligned sentences whose figures differ from the original sentence's.
    pub changed_figures: usize,
    /// Whether the page's lead (its first prose sentence resembling one of
    /// the original's, aligned or not) tells other figures.
    pub lead_changed: bool,
    /// How likely the page is a rewrite of the original, 0 to 1; 0.5 is the
    /// threshold at normal sensitivity.
    pub score: f32,
    /// How much page content the original explains sentence by sentence
    /// (weight units): which original is the page's main text.
    pub amount: f32,
    /// How much page content windows of the original explain, counting
    /// page sentences that merge several of its own: the evidence that
    /// ranks matching originals.
    pub extent: f32,
    pub passages: Vec<Passage>,
    /// Page sentences (indices, ascending) that windows of the original
    /// explain.
    pub explains: Vec<usize>,
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

/// The host of a [`url_key`].
fn host_of(key: &str) -> &str {
    key.split('/').next().unwrap_or("")
}

/// Whether two hosts are one site: equal, or one a subdomain of the other
/// ("m.example.com" and "example.com").
fn same_site(a: &str, b: &str) -> bool {
    let within = |sub: &str, site: &str| {
        sub.strip_suffix(site)
            .is_some_and(|rest| rest.ends_with('.'))
    };
    !a.is_empty() && !b.is_empty() && (a == b || within(a, b) || within(b, a))
}

/// Whether a page's credit line ([`crate::text::credit_line`]) names an
/// outlet: the words of one begin the other's, a plural "s" aside
/// ("Reuter" credits "Reuters", "BBC" credits "BBC News").
fn credits(credit: &str, outlet: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let w = w.to_lowercase();
                match w.strip_suffix('s') {
                    Some(singular) => singular.to_string(),
                    None => w,
                }
            })
            .collect()
    };
    let (c, o) = (words(credit), words(outlet));
    !c.is_empty() && !o.is_empty() && (c.starts_with(&o) || o.starts_with(&c))
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
    judge(index, page, candidates(index, page, opts.exclude), opts)
}

/// The verdict on a page from the evidence of its candidate originals
/// ([`candidates`]).
pub fn judge(index: &Index, page: &Page, candidates: Vec<Evidence>, opts: &Options) -> Verdict {
    let page_key = opts.url.as_deref().filter(|u| !u.is_empty()).map(url_key);
    let too_late = |id: u32| {
        opts.published
            .zip(index.published(id))
            .is_some_and(|(page, original)| original.is_after(page))
    };
    let mut best: Option<Evidence> = None;
    // The closest non-match, reported for diagnosis.
    let mut closest: Option<Evidence> = None;
    for ev in candidates {
        if let Some(key) = &page_key {
            let original = index
                .url(ev.article)
                .filter(|u| !u.is_empty())
                .map(|u| url_key(&u));
            if original.as_deref() == Some(key.as_str()) {
                return Verdict::none();
            }
            if original.is_some_and(|o| same_site(host_of(key), host_of(&o))) {
                continue;
            }
        }
        // An agency's own copy, as its credit line says: the agency
        // reusing its text, as on its own site.
        if page
            .credit
            .as_deref()
            .zip(index.outlet(ev.article))
            .is_some_and(|(credit, outlet)| credits(credit, outlet))
        {
            continue;
        }
        if too_late(ev.article) {
            continue;
        }
        if !is_match(&ev, opts.rewrite_threshold()) {
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

/// Evidence for every candidate original, matching or not (evaluation and
/// tuning).
pub fn candidates(index: &Index, page: &Page, exclude: Option<u32>) -> Vec<Evidence> {
    let lookup = PageLookup::new(page);
    let mut found: Vec<Evidence> = retrieve(index, page, exclude)
        .into_iter()
        .map(|(id, _)| verify(index, page, &lookup, id, &[], &[]))
        .collect();
    judge_main_alone(index, page, &lookup, &mut found);
    split_mosaic(index, page, &lookup, &mut found);
    found
}

/// The original that explains most of the page (and of which the page
/// reproduces `TRIM_REUSED`, else `TRIM_REUSED_SUMMARY`; an original the
/// page copies verbatim before any) is its main text's; judge it also
/// without the page's blocks on other subjects. Only it: trimmed to the
/// part another original explains, a page on a related story would look
/// like a short rewrite of that original. But another original may explain
/// more, and little of itself, wholly inside the blocks set aside: the
/// page's excerpt of another story, which that original shares. And the
/// heaviest may be a teaser ([`is_teaser`]) below a shorter article: the
/// next heaviest is then the main text.
fn judge_main_alone(index: &Index, page: &Page, lookup: &PageLookup, found: &mut [Evidence]) {
    let by_amount = |a: &usize, b: &usize| found[*a].amount.total_cmp(&found[*b].amount);
    let top = (0..found.len()).max_by(by_amount);
    // A verbatim copy is the page's main text, however much more another
    // original's excerpts on the page weigh.
    let copy = (0..found.len())
        .filter(|&m| found[m].run >= COPY_RUN)
        .max_by(by_amount);
    let reusing = |share: f32| {
        let mut m: Vec<usize> = (0..found.len())
            .filter(|&m| found[m].reused >= share)
            .collect();
        m.sort_by(|a, b| by_amount(b, a));
        m.truncate(MAIN_TRIES);
        m
    };
    let mains = match copy {
        Some(c) => vec![c],
        None => {
            let m = reusing(TRIM_REUSED);
            if m.is_empty() {
                reusing(TRIM_REUSED_SUMMARY)
            } else {
                m
            }
        }
    };
    let Some(top) = top else { return };
    for main in mains {
        let id = found[main].article;
        let off = off_topic(page, &[], &original_terms(index, id));
        let aside = |p: &usize| off[*p];
        if !off.contains(&true) || (top != main && !found[top].explains.iter().all(aside)) {
            return;
        }
        let trimmed = verify(index, page, lookup, id, &off, &[]);
        if is_teaser(page, &off, &trimmed) {
            continue;
        }
        if trimmed.score > found[main].score && trimmed.reused >= TRIM_REUSED_SUMMARY {
            found[main] = trimmed;
        }
        return;
    }
}

/// How many of the heaviest originals may be taken for the main text, the
/// first being a teaser.
const MAIN_TRIES: usize = 2;

/// The share of a teaser's own weight that prose on other subjects before
/// it must exceed: a farm's one-line introduction above its article does not.
const TEASER_BEFORE: f32 = 0.5;

/// Whether the part of the page an original explains, once the blocks on
/// other subjects are set aside, reads as a teaser for a related story, or
/// as a newsroom's follow-up retelling it: most of its weight comes after
/// prose on those subjects weighing more than half of it, and none of it is
/// the original's words. A "You may also like" block below an article retells
/// its stories' openings, and a follow-up story opens on its own news and
/// then tells the background of the story before it, which may resemble
/// that story closely. A page's article comes first (navigation and labels
/// above it are not prose), and a passage copied into the middle of other
/// text keeps some sentences word for word.
fn is_teaser(page: &Page, aside: &[bool], ev: &Evidence) -> bool {
    if ev.verbatim > 0.0 {
        return false;
    }
    let bar = TEASER_BEFORE * ev.extent;
    let mut explained = ev.explains.iter().peekable();
    let (mut before, mut below) = (0.0f32, 0.0f32);
    for (p, ps) in page.sentences.iter().enumerate() {
        if aside[p] && ps.prose {
            before += ps.weight;
        }
        // `explains` is ascending, and `extent` is the weight of its
        // sentences.
        if explained.next_if_eq(&&p).is_some() && before > bar {
            below += ps.weight;
        }
    }
    below > bar
}

/// A page stitched from rewrites of two originals is explained by neither
/// alone: each leaves the other's half unexplained. When two candidates
/// explain separate parts of the page, judge each on the page without the
/// other's part; if one is then a rewrite and the other at least resembles
/// one, both carry the verdict, and the larger part names the original.
/// Asking the second half to look like a rewrite too keeps out honest pages
/// that one original explains in part.
fn split_mosaic(index: &Index, page: &Page, lookup: &PageLookup, found: &mut [Evidence]) {
    let plausible = |ev: &Evidence| ev.explains.len() >= MOSAIC_MIN_SENTENCES && ev.run < COPY_RUN;
    let mut order: Vec<usize> = (0..found.len()).filter(|&i| plausible(&found[i])).collect();
    order.sort_by(|&a, &b| found[b].amount.total_cmp(&found[a].amount));
    order.truncate(MOSAIC_CANDIDATES);
    for (n, &a) in order.iter().enumerate() {
        for &b in &order[n + 1..] {
            let (ea, eb) = (&found[a], &found[b]);
            if ea.score >= REWRITE_SCORE && eb.score >= REWRITE_SCORE {
                continue;
            }
            // Mostly separate parts: two originals on one story share some
            // background (both tell the payment at the heart of a case),
            // but no more than a third of the smaller part.
            let shared = count_common(&ea.explains, &eb.explains);
            if shared * 3 > ea.explains.len().min(eb.explains.len()) {
                continue;
            }
            // Together the two must explain most of the page.
            let weight = |ev: &Evidence| -> f32 {
                ev.explains.iter().map(|&p| page.sentences[p].weight).sum()
            };
            if weight(ea) + weight(eb) < MOSAIC_COVERED * page.weight {
                continue;
            }
            let mut ra = verify_half(index, page, lookup, ea.article, eb);
            let mut rb = verify_half(index, page, lookup, eb.article, ea);
            let score = ra.score.max(rb.score);
            if score >= REWRITE_SCORE && ra.score.min(rb.score) >= MOSAIC_OTHER_SCORE {
                // The page is both rewrites stitched: the verdict is the
                // stronger half's, and the original named is the one
                // whose half is larger ([`prefer`]).
                ra.score = score;
                rb.score = score;
                found[a] = ra;
                found[b] = rb;
                return;
            }
        }
    }
}

/// Candidates tried as halves of a mosaic, the page sentences each must
/// explain, the score the weaker half must reach, and the share of the page
/// both must explain.
const MOSAIC_CANDIDATES: usize = 4;
const MOSAIC_MIN_SENTENCES: usize = 2;
const MOSAIC_OTHER_SCORE: f32 = 0.2;
const MOSAIC_COVERED: f32 = 0.5;

/// How many items two ascending lists share.
fn count_common(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Verify an original as one half of a mosaic: without the page sentences
/// the other half's original explains, and with that original's names
/// counting as found, since a stitched page names the people of both; and,
/// like a page's main original, without the page's blocks on other
/// subjects. Its few sentences, interleaved with the other half's, say
/// little of order: disorder does not count against it.
fn verify_half(
    index: &Index,
    page: &Page,
    lookup: &PageLookup,
    id: u32,
    other: &Evidence,
) -> Evidence {
    let mut skip = vec![false; page.sentences.len()];
    other.explains.iter().for_each(|&p| skip[p] = true);
    let off = off_topic(page, &skip, &original_terms(index, id));
    skip.iter_mut().zip(off).for_each(|(s, o)| *s |= o);
    let also = original_terms(index, other.article);
    let mut ev = verify(index, page, lookup, id, &skip, &also);
    if ev.order < 0.5 {
        ev.order = 0.5;
        ev.score = rewrite_probability(&ev);
    }
    ev
}

/// The hashes an article's sentence records keep, sorted.
fn original_terms(index: &Index, id: u32) -> Vec<u16> {
    let mut terms: Vec<u16> = index
        .sentences(id)
        .iter()
        .flat_map(|s| s.hashes())
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Of two matching originals, the one with clearly more evidence, else the
/// earlier published. Near equals explain mostly the same page sentences
/// (an agency story and an outlet's copy of it); two originals explaining
/// different parts of the page are two sources, and the larger is named.
fn prefer(index: &Index, a: Evidence, b: Evidence) -> Evidence {
    // Of two copies, the one proved by more sentences in a row is the
    // page's article; one sentence of another story copied in its teaser
    // may weigh more.
    if a.run >= COPY_RUN && b.run >= COPY_RUN && a.proof != b.proof {
        return if b.proof > a.proof { b } else { a };
    }
    let shared = count_common(&a.explains, &b.explains);
    let near = (a.extent - b.extent).abs() <= 0.1 * a.extent.max(b.extent)
        && 2 * shared >= a.explains.len().min(b.explains.len());
    if near {
        let day = |id| index.published(id).map_or(u32::MAX, |p| p.day);
        let (da, db) = (day(a.article), day(b.article));
        if da != db {
            return if db < da { b } else { a };
        }
    }
    if b.extent > a.extent {
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

/// Page sentences by term hash: (hash, sentence, weight, share weight).
struct PageLookup {
    entries: Vec<(u16, u32, f32, f32)>,
}

impl PageLookup {
    fn new(page: &Page) -> Self {
        let mut entries: Vec<(u16, u32, f32, f32)> = page
            .sentences
            .iter()
            .enumerate()
            .flat_map(|(i, s)| {
                s.terms
                    .iter()
                    .map(move |&(h, w, share_w)| (h, i as u32, w, share_w))
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        PageLookup { entries }
    }
    fn sentences_with(&self, hash: u16) -> &[(u16, u32, f32, f32)] {
        entries_of(&self.entries, hash, |e| e.0)
    }
}

/// The entries of a list sorted by term hash that carry `hash`.
fn entries_of<T>(sorted: &[T], hash: u16, key: impl Fn(&T) -> u16) -> &[T] {
    let start = sorted.partition_point(|e| key(e) < hash);
    let len = sorted[start..].partition_point(|e| key(e) == hash);
    &sorted[start..start + len]
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
/// An original sentence with this share of its kept terms on a page
/// sentence of the same exact hash is copied there verbatim, whatever the
/// page sentence's weight says, provided it keeps this many terms: the
/// 8-bit hash and four terms are too little to overrule the weights.
const EXACT_SIM: f32 = 0.9;
const EXACT_TERMS: usize = 5;
/// A page sentence resembles an original sentence at this share: enough to
/// be the page's telling of it, as a template story's lead with other
/// figures is.
const LEAD_SIM: f32 = 0.3;
/// An unexplained line that does not read as prose, with at most this many
/// terms, is a label of the page's template ("Latest news", "Share this
/// article on Facebook Twitter WhatsApp"), not the writer's words: it
/// counts neither for nor against the page. Longer, it may be a list
/// item, and counts.
const CHROME_TERMS: usize = 5;

/// An original's sentences lined up with the page's, from the original's
/// side: each page sentence's closest original sentence, and how much of
/// the original the page reproduces.
struct Alignment {
    /// Best (similarity, original sentence) for each page sentence, by
    /// weight (verbatim copies: the index keeps an original sentence's
    /// rarest terms, which capping would undervalue) and by share weight.
    page_best: Vec<[(f32, usize); 2]>,
    /// For each page sentence, an original sentence it copies verbatim by
    /// the exact hash, with all the original sentence's kept terms on it.
    /// A long sentence (a squad list, a string of names) keeps only its
    /// rarest terms in the index, too few to explain the page sentence by
    /// weight, though the page copies it word for word.
    page_exact: Vec<Option<usize>>,
    /// The original's weight, after discounts for quotes and boilerplate.
    total: f32,
    /// Of it, the weight in sentences the page reproduces at `PAGE_SIM`...
    reused: f32,
    /// ... and at `STRONG_SIM`.
    strong: f32,
    /// The original's weight before discounts, for the size ratio.
    raw: f32,
    /// Every (term, original sentence) occurrence, sorted.
    occ: Vec<(u16, u32)>,
}

impl Alignment {
    fn new(
        sentences: &[SentenceView],
        page: &Page,
        lookup: &PageLookup,
        skipped: impl Fn(usize) -> bool,
    ) -> Self {
        let np = page.sentences.len();
        let mut page_best: Vec<[(f32, usize); 2]> = vec![[(0.0, 0); 2]; np];
        let mut page_exact: Vec<Option<usize>> = vec![None; np];
        // Matched (weight, share weight) of each page sentence.
        let mut acc: Vec<(f32, f32)> = vec![(0.0, 0.0); np];
        let mut touched: Vec<usize> = Vec::new();
        let mut occ: Vec<(u16, u32)> = Vec::new();
        let (mut total, mut reused, mut strong, mut raw) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
        for (oi, s) in sentences.iter().enumerate() {
            for h in s.hashes() {
                occ.push((h, oi as u32));
                for &(_, p, w, share_w) in lookup.sentences_with(h) {
                    let p = p as usize;
                    if skipped(p) {
                        continue;
                    }
                    if acc[p].0 == 0.0 {
                        touched.push(p);
                    }
                    acc[p].0 += w;
                    acc[p].1 += share_w;
                }
            }
            let mut best_o = 0.0f32;
            for &p in &touched {
                let (m, share_m) = acc[p];
                let ps = &page.sentences[p];
                let sims = [m / ps.raw_weight.max(1e-3), share_m / ps.weight.max(1e-3)];
                for (best, sim) in page_best[p].iter_mut().zip(sims) {
                    if sim > best.0 {
                        *best = (sim, oi);
                    }
                }
                let o_sim = m / s.weight.max(1e-3);
                best_o = best_o.max(o_sim);
                if o_sim >= EXACT_SIM
                    && s.len >= EXACT_TERMS
                    && s.exact == ps.exact
                    && page_exact[p].is_none()
                {
                    page_exact[p] = Some(oi);
                }
                acc[p] = (0.0, 0.0);
            }
            touched.clear();
            let w = s.weight * discount(s);
            raw += s.weight;
            total += w;
            if best_o >= PAGE_SIM {
                reused += w;
            }
            if best_o >= STRONG_SIM {
                strong += w;
            }
        }
        occ.sort_unstable();
        Alignment {
            page_best,
            page_exact,
            total,
            reused,
            strong,
            raw,
            occ,
        }
    }

    /// The original sentences a term occurs in, in order.
    fn occurrences(&self, h: u16) -> &[(u16, u32)] {
        entries_of(&self.occ, h, |e| e.0)
    }

    /// How much of a page sentence's weight the best window of three
    /// consecutive original sentences explains. `window_w` is scratch space,
    /// one entry per original sentence.
    fn best_window(&self, ps: &PageSentence, window_w: &mut [f32]) -> f32 {
        window_w.iter_mut().for_each(|x| *x = 0.0);
        for &(h, _, w) in &ps.terms {
            // Credit each window start (o-2..=o) once per term; occurrences
            // come in sentence order.
            let mut next = 0;
            for &(_, o) in self.occurrences(h) {
                let o = o as usize;
                let from = o.saturating_sub(2).max(next);
                window_w[from..=o].iter_mut().for_each(|x| *x += w);
                next = o + 1;
            }
        }
        window_w.iter().copied().fold(0.0f32, f32::max)
    }
}

/// Align an original's sentences with the page and measure the alignment.
/// Page sentences in `skip` (by index; may be empty) are left out, as if the
/// page did not have them; names among `also` (sorted term hashes) count as
/// found in the original.
fn verify(
    index: &Index,
    page: &Page,
    lookup: &PageLookup,
    id: u32,
    skip: &[bool],
    also: &[u16],
) -> Evidence {
    let sentences = index.sentences(id);
    let np = page.sentences.len();
    let skipped = |p: usize| skip.get(p).copied().unwrap_or(false);
    let kept = |p: &usize| !skipped(*p);
    let page_weight: f32 = (0..np).filter(kept).map(|p| page.sentences[p].weight).sum();
    let raw_page_weight: f32 = (0..np)
        .filter(kept)
        .map(|p| page.sentences[p].raw_weight)
        .sum();
    let al = Alignment::new(&sentences, page, lookup, skipped);

    // Page side: how much of the page the original explains, whether its
    // rare terms and numbers come from the original, and verbatim runs.
    let mut explained = 0.0f32;
    let (mut rare_total, mut rare_found) = (0.0f32, 0.0f32);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut verbatim_w = 0.0f32;
    let mut run = Run::default();
    let mut window_explained = 0.0f32;
    let mut explains: Vec<usize> = Vec::new();
    let (mut chrome, mut raw_chrome) = (0.0f32, 0.0f32);
    let (mut numbers_total, mut numbers_found) = (0usize, 0usize);
    let mut names: Vec<u16> = Vec::new();
    let (mut aligned_total, mut aligned_found) = (0usize, 0usize);
    let mut changed_figures = 0usize;
    let mut lead: Option<bool> = None;
    let mut window_w: Vec<f32> = vec![0.0; sentences.len()];
    for (p, &[(sim, oi), (share_sim, share_oi)]) in al.page_best.iter().enumerate() {
        if skipped(p) {
            continue;
        }
        let ps = &page.sentences[p];
        let found = ps
            .numbers
            .iter()
            .filter(|&&h| !al.occurrences(h).is_empty())
            .count();
        numbers_total += ps.numbers.len();
        numbers_found += found;
        names.extend_from_slice(&ps.names);
        for &(h, raw_w, _) in &ps.terms {
            if raw_w >= fingerprint::RARE_IDF {
                rare_total += raw_w;
                if !al.occurrences(h).is_empty() {
                    rare_found += raw_w;
                }
            }
        }
        let verbatim = if sim >= PAGE_SIM && sentences.get(oi).is_some_and(|s| s.exact == ps.exact)
        {
            Some(oi)
        } else {
            al.page_exact[p]
        };
        let best_window = al.best_window(ps, &mut window_w);
        if verbatim.is_some() || best_window >= PAGE_SIM * ps.weight {
            explains.push(p);
            window_explained += ps.weight;
            aligned_total += ps.numbers.len();
            aligned_found += found;
        }
        let aligned = if verbatim.is_some() {
            verbatim
        } else if sim >= PAGE_SIM {
            Some(oi)
        } else if share_sim >= PAGE_SIM {
            Some(share_oi)
        } else {
            None
        };
        // A template story tells the same sentence with other figures: the
        // page's are not the original's, and the original sentence's are
        // not on the page.
        let closest = aligned.unwrap_or(if sim >= share_sim { oi } else { share_oi });
        let changed = || {
            found < ps.numbers.len()
                && sentences[closest]
                    .numbers()
                    .any(|h| lookup.sentences_with(h).is_empty())
        };
        if let Some(o) = aligned {
            pairs.push((o, p));
            if changed() {
                changed_figures += 1;
            }
        }
        // The lead: the first prose sentence that resembles one of the
        // original's, even too loosely to align, since other figures are
        // much of its weight. A headline above a rewrite ("Rio 2016: ...")
        // is not its lead.
        if lead.is_none() && ps.prose && (aligned.is_some() || sim.max(share_sim) >= LEAD_SIM) {
            lead = Some(changed());
        }
        if verbatim.is_some() || sim.max(share_sim) >= PAGE_SIM {
            explained += ps.weight;
        } else if !ps.prose && ps.terms.len() <= CHROME_TERMS && best_window < PAGE_SIM * ps.weight
        {
            // A label the page's template wraps around the text ("Latest
            // news", "Share this article"): not the writer's words.
            chrome += ps.weight;
            raw_chrome += ps.raw_weight;
        }
        if let Some(o) = verbatim {
            let s = &sentences[o];
            verbatim_w += s.weight * discount(s);
        }
        run.step(verbatim.map(|o| {
            let s = &sentences[o];
            (o, s.weight * discount(s), s.flags & FLAG_SHARED != 0)
        }));
    }

    // A summary may merge every sentence with its neighbours, so that no
    // page sentence aligns alone: its passages are then the sentences that
    // windows explain, each shown beside its closest original sentence, and
    // it comes from the original as far as the windows explain it.
    let window_pairs: Vec<(usize, usize)>;
    let (passage_pairs, from_original) = if pairs.is_empty() {
        window_pairs = explains
            .iter()
            .map(|&p| (al.page_best[p][0].1, p))
            .collect();
        (&window_pairs, window_explained)
    } else {
        (&pairs, explained)
    };
    names.sort_unstable();
    names.dedup();
    let names_in = names
        .iter()
        .filter(|&&h| !al.occurrences(h).is_empty() || also.binary_search(&h).is_ok())
        .count();
    let pw = (page_weight - chrome).max(1e-3);
    let tw = al.total.max(1e-3);
    // A template story repeats two sentences and changes the figures of
    // the others; a copy keeps them.
    let (run, proof) = run.share(tw, aligned_found == aligned_total);
    let mut ev = Evidence {
        article: id,
        reused: al.reused / tw,
        covered: from_original / pw,
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
        extent: window_explained,
        run,
        proof,
        window: window_explained / pw,
        numbers_found: share_or_one(numbers_found, numbers_total),
        page_numbers: numbers_total,
        names_found: share_or_one(names_in, names.len()),
        page_names: names.len(),
        aligned_numbers_found: share_or_one(aligned_found, aligned_total),
        strong_reused: al.strong / tw,
        size_ratio: (raw_page_weight - raw_chrome) / al.raw.max(1e-3),
        order: order_kept(&pairs, page),
        changed_figures,
        lead_changed: lead == Some(true),
        passages: passage_pairs
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
        explains,
    };
    ev.score = rewrite_probability(&ev);
    ev
}

/// A paragraph is off the original's subject when less than this share of
/// its weight is terms the original has anywhere, counting only terms at
/// least `TOPIC_IDF` rare (everyday words shared by chance say nothing of
/// the subject)...
const OFF_TOPIC_SHARE: f32 = 0.2;
const TOPIC_IDF: f32 = 3.0;
/// A paragraph between other-subject ones sharing less than this is one of them.
const ABSORB_SHARE: f32 = 0.4;
/// ...and it shares fewer than this many rare terms with the page's own
/// story (its sentences mostly made of the original's terms).
const STORY_TERMS: usize = 2;
/// Off-subject paragraphs are left out in runs of at least this many
/// sentences: a block of the page, not a digression.
const OFF_TOPIC_RUN: usize = 3;
/// The main original is judged without them only when the page reproduces
/// at least this share of it: one sentence of a weak candidate, all the
/// rest set aside, would pass for a short rewrite...
const TRIM_REUSED: f32 = 0.25;
/// ... or, when no original reaches that, this share, which a two- or
/// three-sentence summary reproduces; and the page without those blocks
/// must still reproduce this much (a feature on a related story, trimmed to
/// the one paragraph another original explains, does not).
const TRIM_REUSED_SUMMARY: f32 = 0.15;

/// Page sentences (by index) to leave out when judging the page against its
/// main original: blocks of whole paragraphs on other subjects, such as the
/// headlines and openings of other stories a farm page lists under "You may
/// also like", its menus or a comment thread. They are no more the
/// rewriter's own reporting than the page's navigation is, yet their names
/// and figures would count against the page. A rival reporter's own
/// paragraphs stay on the story, naming its people and places, and count.
fn off_topic(page: &Page, skip: &[bool], original: &[u16]) -> Vec<bool> {
    let np = page.sentences.len();
    let in_original = |h: u16| original.binary_search(&h).is_ok();
    // The weight of a sentence's terms at least `min_idf` rare that the
    // original has.
    let shared_weight = |ps: &PageSentence, min_idf: f32| -> f32 {
        ps.terms
            .iter()
            .filter(|t| t.1 >= min_idf && in_original(t.0))
            .map(|t| t.1)
            .sum()
    };
    // The rare terms of the page's prose on the original's subject. A
    // headline is no sign of it (a related story's may share the story's
    // names), nor is one term shared: a two-name line of a team sheet may
    // share one with the original, as often by a collision of the index's
    // 12-bit hashes.
    let mut story: Vec<u32> = page
        .sentences
        .iter()
        .filter(|ps| {
            ps.prose
                && shared_weight(ps, 0.0) >= PAGE_SIM * ps.raw_weight
                && ps.terms.iter().filter(|t| in_original(t.0)).count() >= 2
        })
        .flat_map(|ps| ps.rare.iter().copied())
        .collect();
    story.sort_unstable();
    story.dedup();

    let mut off: Vec<bool> = Vec::with_capacity(np);
    // Sentences of paragraphs only weakly on the subject.
    let mut weak: Vec<bool> = Vec::with_capacity(np);
    // Sentences of headline paragraphs (below), which may open a block.
    let mut heads: Vec<bool> = Vec::with_capacity(np);
    // A paragraph's sentences are consecutive.
    for sentences in page.sentences.chunk_by(|a, b| a.paragraph == b.paragraph) {
        let shared: f32 = sentences
            .iter()
            .map(|ps| shared_weight(ps, TOPIC_IDF))
            .sum();
        let total: f32 = sentences.iter().map(|ps| ps.raw_weight).sum();
        let mut story_terms: Vec<u32> = sentences
            .iter()
            .flat_map(|ps| ps.rare.iter().copied())
            .filter(|t| story.binary_search(t).is_ok())
            .collect();
        story_terms.sort_unstable();
        story_terms.dedup();
        let unlike = |share: f32| shared < share * total && story_terms.len() < STORY_TERMS;
        let is_off = unlike(OFF_TOPIC_SHARE);
        // A headline or label: its few terms, if shared, are shared by chance
        // unless they are the story's.
        let headline = story_terms.is_empty() && sentences.iter().all(|ps| !ps.prose);
        let is_weak = !is_off && (unlike(ABSORB_SHARE) || headline);
        heads.extend(sentences.iter().map(|_| headline));
        off.extend(sentences.iter().map(|_| is_off));
        weak.extend(sentences.iter().map(|_| is_weak));
    }
    // Weakly related paragraphs inside a block of other stories, or closing
    // it, belong to the block: their few shared words are chance. So does a
    // teaser opening it: a headline without the story's rare terms, and
    // its weakly related body.
    let mut p = 0;
    while p < np {
        let end = (p..np).find(|&q| !weak[q]).unwrap_or(np);
        let opens = heads[p] && end < np && off[end];
        if end > p && ((p > 0 && off[p - 1] && (end == np || off[end])) || opens) {
            off[p..end].iter_mut().for_each(|x| *x = true);
        }
        p = end + 1;
    }
    let mut p = 0;
    while p < np {
        if !off[p] || skip.get(p).copied().unwrap_or(false) {
            p += 1;
            continue;
        }
        let end = (p..np).find(|&q| !off[q]).unwrap_or(np);
        if end - p < OFF_TOPIC_RUN {
            off[p..end].iter_mut().for_each(|x| *x = false);
        }
        p = end;
    }
    off
}

/// Share of steps between consecutive aligned page sentences that go
/// forward in the original: a rewrite keeps its original's order, an
/// independent report tells the facts in its own. A step back between
/// paragraphs of two sentences or more counts as forward, since farms move
/// whole paragraphs; between one-sentence paragraphs, which many outlets
/// write, it might be either and counts half. A Title Case line does not
/// count: a headline tells the news first wherever the original tells it.
/// Neutral (one half) with fewer than two aligned sentences.
fn order_kept(pairs: &[(usize, usize)], page: &Page) -> f32 {
    let pairs: Vec<(usize, usize)> = pairs
        .iter()
        .copied()
        .filter(|&(_, p)| !page.sentences[p].title)
        .collect();
    if pairs.len() < 2 {
        return 0.5;
    }
    let paragraph = |p: usize| page.sentences[p].paragraph;
    // Whether page sentence p's paragraph has another sentence: paragraphs'
    // sentences are consecutive.
    let shares_paragraph = |p: usize| {
        (p > 0 && paragraph(p - 1) == paragraph(p))
            || page
                .sentences
                .get(p + 1)
                .is_some_and(|s| s.paragraph == paragraph(p))
    };
    let forward: f32 = pairs
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].1, w[1].1);
            if w[1].0 > w[0].0 {
                1.0
            } else if paragraph(a) == paragraph(b) {
                0.0
            } else if shares_paragraph(a) && shares_paragraph(b) {
                1.0
            } else {
                0.5
            }
        })
        .sum();
    forward / (pairs.len() - 1) as f32
}

fn share_or_one(part: usize, whole: usize) -> f32 {
    if whole == 0 {
        1.0
    } else {
        part as f32 / whole as f32
    }
}

/// The heaviest verbatim runs: consecutive page sentences that copy
/// consecutive original sentences: of three or more sentences, of two, and
/// single sentences. Pairs and singles count only without boilerplate other
/// originals share: two sentences of a template prove nothing.
#[derive(Default)]
struct Run {
    last: Option<usize>,
    len: usize,
    weight: f32,
    shared: usize,
    best: f32,
    best_pair: f32,
    best_single: f32,
}

impl Run {
    /// The next verbatim sentence: (original sentence, weight, shared).
    fn step(&mut self, exact: Option<(usize, f32, bool)>) {
        let Some((oi, w, shared)) = exact else { return };
        if self.last.is_some_and(|l| oi == l + 1) {
            self.len += 1;
            self.weight += w;
            self.shared += usize::from(shared);
        } else {
            self.len = 1;
            self.weight = w;
            self.shared = usize::from(shared);
        }
        self.last = Some(oi);
        let best = match self.len {
            1 if self.shared == 0 => &mut self.best_single,
            2 if self.shared == 0 => &mut self.best_pair,
            n if n >= 3 => &mut self.best,
            _ => return,
        };
        *best = best.max(self.weight);
    }

    /// Share of the original in the heaviest run that proves copying: three
    /// sentences or more; or, when the page's figures agree with the
    /// original, two that carry much of a short original or one that carries
    /// half of it. And which kind proves it: 3 a run of three or more (at
    /// `COPY_RUN`), 2 a pair, 1 a single sentence, 0 none.
    fn share(&self, total: f32, figures_agree: bool) -> (f32, u8) {
        let at_least = |w: f32, min: f32| if w / total >= min { w / total } else { 0.0 };
        let (pair, single) = if figures_agree {
            (
                at_least(self.best_pair, PAIR_RUN),
                at_least(self.best_single, SINGLE_RUN),
            )
        } else {
            (0.0, 0.0)
        };
        let long = self.best / total;
        let proof = if long >= COPY_RUN {
            3
        } else if pair > 0.0 {
            2
        } else if single > 0.0 {
            1
        } else {
            0
        };
        (long.max(pair).max(single), proof)
    }
}

/// A logistic model of "rewrite, not an honest report of the same event",
/// fitted on the development data (README, "Accuracy"): rewrites against
/// independent reports, quoting reports, wire stories on the same subject
/// and the wrong candidates of true rewrites.
///
/// What weighs most is whether the page's figures are the original's: a
/// rewrite keeps every number, while an honest report and a template wire
/// story bring their own. Likewise its names: a rewrite, even a summary,
/// names only the original's people and places, while a rival reporter
/// brings a byline, other sources and background. Then how much of the
/// original the page reproduces, how much of the page windows of the
/// original explain (summaries merge sentences), and a penalty for pages
/// much longer than the original. Last, whether the page tells the facts in
/// the original's order: a rewriter follows the original sentence by
/// sentence, even when summarising, while a rival reporter orders the facts
/// by what matters to their own readers.
fn rewrite_probability(ev: &Evidence) -> f32 {
    // Confidence in the number evidence grows with the page's count of them.
    let has_numbers = ev.page_numbers.min(3) as f32 / 3.0;
    let has_names = ev.page_names.min(4) as f32 / 4.0;
    let z = -10.09 - 4.06 * has_numbers
        + 4.29 * has_numbers * ev.numbers_found
        + 5.33 * ev.aligned_numbers_found
        - 3.49 * has_names * (1.0 - ev.names_found)
        + 2.07 * ev.reused
        + 2.52 * ev.strong_reused
        + 2.11 * ev.window
        - 1.13 * ev.size_ratio.min(3.0)
        + 2.12 * ev.order;
    // Centred so that 0.5 is the decision at normal sensitivity.
    1.0 / (1.0 + (-(z + CENTRE)).exp())
}

/// A rewrite must score this high and have a passage to show; a copy needs
/// a verbatim run of at least three sentences carrying this share of the
/// original, of two carrying `PAIR_RUN`, or one sentence carrying
/// `SINGLE_RUN`.
const REWRITE_SCORE: f32 = 0.5;
/// Where on the fitted log-odds the decision falls, chosen on the
/// evaluation: recall rises below it only with more false alarms on
/// independent reports and wire stories. `scripts/fit-matcher.py` prints
/// its figures at threshold -CENTRE.
const CENTRE: f32 = 0.95;
const COPY_RUN: f32 = 0.2;
const PAIR_RUN: f32 = 0.25;
const SINGLE_RUN: f32 = 0.5;

fn is_match(ev: &Evidence, threshold: f32) -> bool {
    ev.run >= COPY_RUN
        || (!ev.passages.is_empty() && ev.score >= threshold && !tells_other_figures(ev))
}

/// A template story (a weekly shipments report, a bond issue) tells the
/// original's sentences with figures of its own, above all in its lead,
/// which carries the day's news; a rewrite keeps them, or changes one in
/// passing further down ("ten minutes before" becoming a clock time).
fn tells_other_figures(ev: &Evidence) -> bool {
    ev.lead_changed || ev.changed_figures as f32 > CHANGED_FIGURES * ev.matched as f32
}
const CHANGED_FIGURES: f32 = 0.25;

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

    const ORIGINAL: &str = "The central bank said it forecast a shortage of around 450 million pounds in the money market today. \
        Bills maturing in official hands and the take-up of treasury bills will drain some 650 million pounds, \
        while bankers' balances below target will take out around 85 million pounds. \
        Partly offsetting these outflows, exchequer transactions and a fall in note circulation will add \
        some 210 million pounds and 45 million pounds to the system respectively. \
        Dealers said the shortfall was larger than expected after a quiet week of trading in the discount houses.";

    const REWRITE: &str = "A shortage of about 450 million pounds is forecast in today's money market, the central bank said. \
        Treasury bills taken up and bills maturing in official hands are set to drain some 650 million pounds, \
        and bankers' balances under target will remove around 85 million pounds. \
        Exchequer transactions and a fall in note circulation should partly offset these outflows, \
        adding 210 million pounds and 45 million pounds to the system. \
        According to dealers, the shortfall was bigger than anticipated following a quiet week in the discount houses.";

    const OTHER_ORIGINAL: &str = "The city council approved a budget of 312 million dollars for the coming year on Tuesday, \
        after a debate that lasted nearly nine hours. \
        The plan raises property taxes by 2.5 percent and sets aside 48 million dollars for road repairs across the eastern districts. \
        Councillor Maria Delgado, who voted against it, said the tax rise would hurt pensioners on fixed incomes. \
        The mayor's office said 1,200 municipal jobs would be protected under the agreement.";

    const OTHER_REWRITE: &str = "On Tuesday, after almost nine hours of debate, councillors passed a 312 million dollar budget for next year. \
        It lifts property taxes 2.5 percent and reserves 48 million dollars to repair roads in the eastern districts. \
        Maria Delgado, a councillor who opposed the plan, warned that pensioners living on fixed incomes would suffer from the tax increase. \
        Under the deal, the mayor's office said, 1,200 municipal jobs are protected.";

    /// An index of originals given as (url, text).
    fn index_of(originals: &[(&str, &str)]) -> Vec<u8> {
        let articles: Vec<crate::Article> = originals
            .iter()
            .map(|&(url, text)| crate::Article {
                url: url.into(),
                title: "Headline".into(),
                source: "Wire".into(),
                published: None,
                text: text.into(),
            })
            .collect();
        crate::index::build(&articles, 20_000)
    }

    /// Check `page` at normal sensitivity against an index of `originals`.
    fn check_in(originals: &[(&str, &str)], page: &str) -> Verdict {
        let bytes = index_of(originals);
        let index = Index::from_bytes(&bytes).unwrap();
        check(&index, page, &Options::default())
    }

    fn check_against_both(page: &str) -> Verdict {
        check_in(
            &[
                ("https://wire.test/1", ORIGINAL),
                ("https://wire.test/2", OTHER_ORIGINAL),
            ],
            page,
        )
    }

    fn verdict(page: &str) -> VerdictKind {
        check_against_both(page).kind
    }

    /// A squad announcement whose last sentences are long lists of names.
    const SQUAD: &str = "Marco Reus, 27, has been left out of the national squad for the European Championship in France. \
        Bastian Schweinsteiger, 31, has not played since injuring a knee in March but was picked by Joachim Low. \
        Julian Brandt, Karim Bellarabi and Sebastian Rudy also miss out. \
        \"It is a bitter decision and bitter for Marco,\" Low said on Tuesday. \
        Emre Can, Mesut Ozil and Lukas Podolski are included as the world champions seek a first European title since 1996. \
        Goalkeepers: Manuel Neuer (Bayern Munich), Bernd Leno (Bayer Leverkusen), Marc-Andre ter Stegen (Barcelona) \
        Defenders: Jerome Boateng (Bayern Munich), Jonas Hector (Cologne), Benedikt Hoewedes (Schalke), Mats Hummels (Dortmund), \
        Shkodran Mustafi (Valencia), Antonio Ruediger (Roma) Midfielders: Julian Draxler (Wolfsburg), Sami Khedira (Juventus), \
        Joshua Kimmich (Bayern Munich), Toni Kroos (Real Madrid), Thomas Muller (Bayern Munich), Julian Weigl (Dortmund). \
        Forwards: Mario Gomez (Besiktas), Mario Goetze (Bayern Munich), Leroy Sane (Schalke)";

    #[test]
    fn a_copied_list_of_names_is_verbatim_though_the_index_keeps_few_of_them() {
        // The index keeps at most a dozen terms of a sentence; the list
        // carries some forty names, all the original's. Copied word for
        // word it is part of a verbatim run, inside other text.
        let copied = SQUAD.split_once("\"It is").unwrap().1;
        let page = format!(
            "The city council approved a new cycle lane on the high street after a long debate.\n\n\
             \"It is{copied}\n\nShops on the street said they had not been consulted about the works."
        );
        let verdict = check_in(&[("https://wire.test/squad", SQUAD)], &page);
        assert_eq!(verdict.kind, VerdictKind::Copy, "{verdict:?}");
    }

    /// An indexed story, and a "You may also like" teaser for the
    /// newsroom's earlier story on the same sale, whose opening tells the
    /// same background in other words.
    const SALE: &str = "Luxury goods group Maison Vell has sold its loss-making Odile Ferrant fashion label to a US investment group. \
        The Paris-based firm has been shedding non-core businesses to focus on its champagne and leather brands, Clairval and Montrachet. \
        Maison Vell said the designer's couture and ready-to-wear lines had been bought by the Harlan Group for an undisclosed sum. \
        The Harlan Group bought two cosmetics labels from Maison Vell in 2003. \
        The Florida-based group, which runs a chain of 90 duty-free shops in the US, plans to open new Ferrant stores. \
        Ms Ferrant said she would stay at the label she founded in 1987.";
    const SALE_TEASER: &str = "US group 'in talks for Ferrant label'\n\n\
        A US investment firm says it is in final talks with Maison Vell to buy the loss-making Odile Ferrant label. \
        Paris-based Maison Vell has been selling non-core businesses to focus on its champagne and leather brands, Clairval and Montrachet. \
        The Harlan Group bought two cosmetics labels from Maison Vell in 2003, and the Florida firm also runs 90 duty-free shops in the US…";

    /// Teasers for unrelated stories, as a "You may also like" block lists.
    const OTHER_TEASERS: &str = "Storm closes coastal road\n\n\
        Heavy seas have closed the coast road between the two harbours for a second day, the highways agency said. \
        Engineers will inspect the sea wall once the wind drops, and diversions add half an hour to journeys…\n\n\
        Orchestra names new conductor\n\n\
        The northern symphony orchestra has named a 34-year-old Finnish violinist as its principal conductor from next season. \
        She succeeds a conductor who led the orchestra for eleven years and toured Japan with it twice…\n\n\
        Rail fares to rise in January\n\n\
        Regulated rail fares will rise by an average of 2.7% in January, the transport department has confirmed. \
        Passenger groups said commuters were paying more for trains that were often late and overcrowded…";

    #[test]
    fn a_related_storys_teaser_below_an_unmatched_article_names_nothing() {
        let page = format!(
            "The city council approved a new cycle lane on the high street after a long debate on Tuesday evening. \
             Shop owners said they had not been consulted and feared losing parking spaces outside their premises. \
             The lane will run for two kilometres between the railway station and the university campus. \
             Councillors who opposed the plan said the money would be better spent mending potholes on the ring road. \
             Work is due to start in the spring and should take about four months, the transport committee said.\n\n\
             You may also like\n\n{SALE_TEASER}\n\n\
             {OTHER_TEASERS}"
        );
        let verdict = check_in(&[("https://wire.test/sale", SALE)], &page);
        assert_eq!(verdict.kind, VerdictKind::None, "{verdict:?}");
    }

    #[test]
    fn a_follow_up_retelling_the_story_below_its_own_news_names_nothing() {
        // The newsroom's next story on the group: a lead naming it, its own
        // news (results), then the indexed sale retold as background. Set
        // aside, the results would leave a short rewrite of the sale.
        let page = "Maison Vell, the owner of the Clairval champagne house, said its profits more than doubled last year.\n\n\
            Net income rose to 410 million euros from 190 million euros, on sales of 2.3 billion euros. \
            Demand from collectors in Hong Kong and Singapore lifted prices for vintage bottles by a fifth. \
            Analysts had expected a smaller rise, and the shares closed 4% higher in Paris on Thursday. \
            Chief executive Hugo Marsac said the harvest had been the best in a decade. \
            The group expects growth to slow to about 20% this year as export duties rise.\n\n\
            The Paris-based group has been selling non-core businesses to focus on its champagne and leather brands, Clairval and Montrachet. \
            It sold the loss-making Odile Ferrant label to the US Harlan Group, which had bought two cosmetics labels from Maison Vell in 2003. \
            The Florida-based Harlan runs 90 duty-free shops in the US.";
        let verdict = check_in(&[("https://wire.test/sale", SALE)], page);
        assert_eq!(verdict.kind, VerdictKind::None, "{verdict:?}");
    }

    #[test]
    fn a_rewrite_keeping_the_figures_matches() {
        assert_eq!(verdict(REWRITE), VerdictKind::Rewrite);
    }

    #[test]
    fn a_page_on_the_originals_own_site_is_not_a_copy_of_it() {
        let on = |url: &str| {
            let opts = Options {
                url: Some(url.into()),
                ..Options::default()
            };
            let bytes = index_of(&[("https://www.wire.test/markets/1", ORIGINAL)]);
            let index = Index::from_bytes(&bytes).unwrap();
            check(&index, REWRITE, &opts).kind
        };
        assert_eq!(on("https://farm.test/wire.test/1"), VerdictKind::Rewrite);
        assert_eq!(on("https://notwire.test/1"), VerdictKind::Rewrite);
        assert_eq!(on("https://wire.test/markets/update"), VerdictKind::None);
        assert_eq!(on("https://m.wire.test/markets/update"), VerdictKind::None);
    }

    #[test]
    fn an_agencys_own_copy_is_not_a_rewrite_of_its_earlier_story() {
        let kind = |outlet: &str, page: &str| {
            let original = crate::Article {
                url: "https://wire.test/1".into(),
                title: "Headline".into(),
                source: outlet.into(),
                published: None,
                text: ORIGINAL.into(),
            };
            let bytes = crate::index::build(&[original], 20_000);
            let index = Index::from_bytes(&bytes).unwrap();
            check(&index, page, &Options::default()).kind
        };
        let signed = format!("{REWRITE} Reuter");
        let datelined = format!("LONDON, March 3 (Reuters) - {REWRITE}");
        assert_eq!(kind("Reuters", &signed), VerdictKind::None);
        assert_eq!(kind("Reuters", &datelined), VerdictKind::None);
        // Credited to another outlet, or not credited, it is a rewrite.
        assert_eq!(kind("Wire", &signed), VerdictKind::Rewrite);
        assert_eq!(kind("Reuters", REWRITE), VerdictKind::Rewrite);
    }

    #[test]
    fn a_credit_line_names_an_outlet_by_its_first_words() {
        assert!(credits("Reuter", "Reuters"));
        assert!(credits("BBC", "BBC News"));
        assert!(credits("AP", "AP"));
        assert!(!credits("News", "Fox News"));
        assert!(!credits("Reuters", "BBC"));
        assert!(!credits("Reuters", ""));
    }

    #[test]
    fn a_page_published_before_the_original_is_not_its_rewrite() {
        let original = crate::Article {
            url: "https://wire.test/1".into(),
            title: "Headline".into(),
            source: "Wire".into(),
            published: crate::index::parse_date("2025-04-30"),
            text: ORIGINAL.into(),
        };
        let bytes = crate::index::build(&[original], 20_000);
        let index = Index::from_bytes(&bytes).unwrap();
        let dated = |date: &str| {
            let opts = Options {
                published: crate::index::parse_date(date),
                ..Options::default()
            };
            check(&index, REWRITE, &opts).kind
        };
        assert_eq!(dated("2025-05-02"), VerdictKind::Rewrite);
        // A day's grace for time zones.
        assert_eq!(dated("2025-04-29"), VerdictKind::Rewrite);
        assert_eq!(dated("2025-04-02"), VerdictKind::None);
    }

    #[test]
    fn a_threshold_overrides_the_sensitivity() {
        let bytes = index_of(&[("https://wire.test/1", ORIGINAL)]);
        let index = Index::from_bytes(&bytes).unwrap();
        let at = |threshold: Option<f32>, sensitivity: Sensitivity| {
            let opts = Options {
                threshold,
                sensitivity,
                ..Options::default()
            };
            check(&index, REWRITE, &opts)
        };
        let normal = at(None, Sensitivity::Normal);
        assert_eq!(normal.kind, VerdictKind::Rewrite);
        let score = normal.evidence.map(|ev| ev.score).unwrap_or_default();
        assert!(score < 0.99, "{score}");
        // Just above the page's own score it is no longer a rewrite, at any
        // sensitivity; at it, it is.
        let above = score + 0.01;
        assert_eq!(at(Some(above), Sensitivity::High).kind, VerdictKind::None);
        assert_eq!(at(Some(score), Sensitivity::Low).kind, VerdictKind::Rewrite);
    }

    #[test]
    fn of_near_equals_the_earlier_is_named_unless_they_explain_different_parts() {
        let dated = |url: &str, date: &str, text: &str| crate::Article {
            url: url.into(),
            title: "Headline".into(),
            source: "Wire".into(),
            published: crate::index::parse_date(date),
            text: text.into(),
        };
        let bytes = crate::index::build(
            &[
                dated("https://wire.test/late", "2017-03-12", ORIGINAL),
                dated("https://wire.test/early", "1987-10-20", OTHER_ORIGINAL),
            ],
            20_000,
        );
        let index = Index::from_bytes(&bytes).unwrap();
        let ev = |article: u32, extent: f32, explains: &[usize]| Evidence {
            article,
            extent,
            explains: explains.to_vec(),
            ..Evidence::default()
        };
        let named = |a: Evidence, b: Evidence| prefer(&index, a, b).article;
        // Telling the same page sentences: one story twice, the earlier first.
        assert_eq!(named(ev(0, 100.0, &[0, 1, 2]), ev(1, 95.0, &[0, 1, 2])), 1);
        // The page's article and an old story in its "You may also like"
        // block: two sources, and the larger is the page's.
        assert_eq!(named(ev(0, 100.0, &[0, 1, 2]), ev(1, 95.0, &[6, 7])), 0);
        assert_eq!(named(ev(1, 95.0, &[6, 7]), ev(0, 100.0, &[0, 1, 2])), 0);
    }

    #[test]
    fn a_story_copied_whole_is_named_before_a_heavier_sentence_copied_in_a_teaser() {
        let three = "The council closed the Elm Street bridge on Monday. \
            Engineers found cracks in two of its supports during an inspection. \
            It will reopen in May, the council said.";
        // Copied whole, a two-sentence story is a pair: still more than
        // one sentence.
        let two = three.rsplit_once(" It will").unwrap().0;
        let stake = "A shareholder group including Entregrowth International Ltd of Auckland, New Zealand, \
            said it lifted its stake in Suave Shoe Corp common stock to 319,600 shares, or 11.5 pct of the \
            total outstanding, from a previous figure of approximately 238,400 shares, or 8.6 pct. \
            The group said it bought the shares for investment purposes.";
        let teaser = stake.split_inclusive(". ").next().unwrap();
        for story in [three, two] {
            let page = format!(
                "{story}\n\nYou May Also Like\n\nGROUP LIFTS STAKE IN SUAVE SHOE\n\n{teaser}\n\n{OTHER_TEASERS}"
            );
            let v = check_in(
                &[
                    ("https://wire.test/bridge", story),
                    ("https://wire.test/stake", stake),
                ],
                &page,
            );
            let named = v.original.as_ref().map(|m| m.url.as_str());
            assert_eq!(named, Some("https://wire.test/bridge"), "{story}: {v:?}");
        }
    }

    #[test]
    fn names_the_original_lacks_count_against_a_page() {
        let rewrite = check_against_both(REWRITE).evidence.unwrap();
        assert_eq!(rewrite.names_found, 1.0);
        // The same rewrite with a rival reporter's sources.
        let page = format!(
            "{REWRITE} Analyst Priya Ramaswamy at Hargreaves Lansdown in Bristol \
            said the Bundesbank and Riksbank were watching the figures."
        );
        let added = check_against_both(&page).evidence.unwrap();
        assert!(added.page_names >= 3, "{added:?}");
        assert_eq!(added.names_found, 0.0);
        assert!(added.score < rewrite.score, "{added:?}");
    }

    #[test]
    fn a_page_stitched_from_two_rewrites_names_the_larger() {
        // Neither original explains enough of this page alone; the council
        // story, with more specific terms, is the larger part.
        let page = format!("{REWRITE} {OTHER_REWRITE}");
        let v = check_against_both(&page);
        assert_eq!(v.kind, VerdictKind::Rewrite);
        assert_eq!(v.original.unwrap().url, "https://wire.test/2");
    }

    const COUNCIL: &str = "The city council approved a budget of 312 million dollars for the coming year on Tuesday, after a debate that lasted nearly nine hours. \
        The plan raises property taxes by 2.5 percent and sets aside 48 million dollars for road repairs across the eastern districts. \
        Councillor Maria Delgado, who voted against it, said the tax rise would hurt pensioners on fixed incomes. \
        The mayor's office said 1,200 municipal jobs would be protected under the agreement. \
        Libraries in the northern suburbs will reopen on Sundays from March, at a cost of 3 million dollars. \
        The council's finance committee will review spending again in September, when new revenue forecasts arrive.";

    const FARES: &str = "Bus fares in the city will rise by 25 cents from April under the budget passed on Tuesday. \
        The transit authority said the increase would raise 9 million dollars to replace 40 ageing buses. \
        It will also cut the student discount from 50 percent to 30 percent, affecting some 14,000 pupils. \
        Commuter groups called the rise unfair to shift workers, who depend on night routes.";

    /// The council story told in three sentences that each merge two of
    /// its original's, so that only one aligns alone.
    const COUNCIL_MERGED: &str = "Councillors approved a 312 million dollar budget for next year on Tuesday after almost nine hours of debate, lifting property taxes 2.5 percent and reserving 48 million dollars for roads in the eastern districts.\n\
        Maria Delgado, who opposed it, warned that pensioners on fixed incomes would suffer, while the mayor's office said 1,200 municipal jobs are protected under the deal.\n\
        Northern suburb libraries open on Sundays again from March, costing 3 million dollars, and the finance committee reviews spending in September when new revenue forecasts come in.";

    const FARES_FIRST: &str = "Riders will pay 25 cents more for a bus trip from April, the transit authority said, raising 9 million dollars to replace 40 ageing buses.";
    const FARES_DISCOUNT: &str = "The student discount also falls from 50 percent to 30 percent, hitting some 14,000 pupils.";
    const FARES_LAST: &str =
        "Commuter groups said the increase was unfair to shift workers who rely on night routes.";

    fn check_council_and_fares(page: &str) -> Verdict {
        check_in(
            &[
                ("https://wire.test/council", COUNCIL),
                ("https://wire.test/fares", FARES),
            ],
            page,
        )
    }

    #[test]
    fn of_two_matching_originals_the_one_explaining_more_is_named_merged_sentences_too() {
        // Each original matches alone; the council story fills most of
        // the page, though only one of its sentences aligns alone.
        let v = check_council_and_fares(&format!("{FARES_FIRST}\n{FARES_LAST}\n{COUNCIL_MERGED}"));
        assert_eq!(v.kind, VerdictKind::Rewrite);
        assert_eq!(v.original.unwrap().url, "https://wire.test/council");
    }

    #[test]
    fn a_mosaic_names_its_larger_half_though_told_in_merged_sentences() {
        // With the student discount's figures too, neither original
        // matches alone: the page is split into its two halves.
        let v = check_council_and_fares(&format!(
            "{FARES_FIRST}\n{FARES_DISCOUNT}\n{FARES_LAST}\n{COUNCIL_MERGED}"
        ));
        assert_eq!(v.kind, VerdictKind::Rewrite);
        assert_eq!(v.original.unwrap().url, "https://wire.test/council");
    }

    #[test]
    fn an_original_finds_all_its_own_figures_in_a_one_article_index() {
        // "six" is at the edge of what counts as specific; the page side
        // counts it, so the index must keep it however few articles it has.
        let text = "The 24-year-old spent six seasons with the north London side and played in the second tier. \
            The Exiles have not disclosed the length of the former England under-20 international's contract.";
        let ev = check_in(&[("https://club.test/1", text)], text)
            .evidence
            .unwrap();
        assert_eq!(ev.page_numbers, 3);
        assert_eq!(ev.numbers_found, 1.0);
    }

    #[test]
    fn a_sentence_padded_with_a_rewriters_own_words_is_still_explained() {
        // An LLM keeps the facts (Ealing, 11 cables, Saturday, the company)
        // and adds rare words of its own, which must not outweigh them.
        let original =
            "The telecommunication company said 11 cables were vandalised in Ealing on Saturday.";
        let page = "On Saturday, chaos struck in Ealing as brazen vandals sabotaged 11 crucial cables of a major telecommunication company!";
        let ev = check_against(original, page).evidence.unwrap();
        assert_eq!(ev.matched, 1, "{ev:?}");
        assert!(ev.covered > 0.99, "{ev:?}");
    }

    /// Text about something else, around copied passages.
    const FILLER: &str = "Residents of the coastal village gathered on Saturday to clear debris from the promenade. \
        Volunteers brought shovels, gloves and flasks of tea, and the work went on until dusk. \
        The parish council has asked the county for help with the sea wall before winter.";

    /// The rewrite's sentences.
    fn rewrite_sentences() -> Vec<&'static str> {
        let v: Vec<&str> = REWRITE.split_inclusive(". ").map(str::trim).collect();
        assert_eq!(v.len(), 4, "{v:?}");
        v
    }

    fn order_and_score(page: &str) -> (f32, f32) {
        let ev = check_against(ORIGINAL, page).evidence.unwrap();
        (ev.order, ev.score)
    }

    #[test]
    fn facts_told_out_of_the_originals_order_score_lower() {
        let s = rewrite_sentences();
        let (in_order, score) = order_and_score(&s.join(" "));
        let shuffled = [s[2], s[0], s[3], s[1]].join(" ");
        let (out_of_order, shuffled_score) = order_and_score(&shuffled);
        assert_eq!(in_order, 1.0);
        assert!(out_of_order < 0.5, "{out_of_order}");
        assert!(shuffled_score < score, "{shuffled_score} vs {score}");
    }

    #[test]
    fn paragraphs_moved_whole_keep_the_order() {
        let s = rewrite_sentences();
        let (_, score) = order_and_score(&s.join(" "));
        let moved = format!("{}\n\n{}", s[2..].join(" "), s[..2].join(" "));
        let (order, moved_score) = order_and_score(&moved);
        assert_eq!(order, 1.0);
        assert!(
            (moved_score - score).abs() < 1e-4,
            "{moved_score} vs {score}"
        );
    }

    #[test]
    fn a_headline_on_the_originals_last_fact_keeps_the_order() {
        let s = rewrite_sentences();
        let page = format!(
            "Dealers Say Shortfall Bigger Than Expected After Quiet Week in Discount Houses\n\n{}",
            s.join(" ")
        );
        let ev = check_against(ORIGINAL, &page).evidence.unwrap();
        assert_eq!(ev.matched, 5, "the headline aligns: {ev:?}");
        assert_eq!(ev.order, 1.0);
    }

    #[test]
    fn bullet_points_without_full_stops_count_for_order() {
        let s = rewrite_sentences();
        let bullets = |order: [usize; 4]| {
            let items: Vec<String> = order
                .iter()
                .map(|&i| format!("• {}", s[i].trim_end_matches('.')))
                .collect();
            order_and_score(&format!("Key points\n\n{}", items.join("\n"))).0
        };
        assert_eq!(bullets([0, 1, 2, 3]), 1.0);
        assert!(bullets([2, 0, 3, 1]) < 1.0);
    }

    #[test]
    fn one_sentence_paragraphs_out_of_order_are_only_half_excused() {
        // Many outlets give each sentence its own paragraph: a step back
        // between them may be a moved paragraph or the writer's own order.
        let s = rewrite_sentences();
        let (order, _) = order_and_score(&[s[2], s[0], s[3], s[1]].join("\n\n"));
        assert!((order - 2.0 / 3.0).abs() < 1e-4, "{order}");
    }

    /// Check `page` against an index of `original` alone, at
    /// https://wire.test/1.
    fn check_against(original: &str, page: &str) -> Verdict {
        check_in(&[("https://wire.test/1", original)], page)
    }

    /// The last two sentences of `ORIGINAL`.
    const LAST_TWO: &str = "Partly offsetting these outflows, exchequer transactions and a fall in note circulation will add \
        some 210 million pounds and 45 million pounds to the system respectively. \
        Dealers said the shortfall was larger than expected after a quiet week of trading in the discount houses.";

    #[test]
    fn two_sentences_copied_into_other_text_name_the_original() {
        // Two of seven sentences: under a third of the original.
        let longer = format!(
            "{ORIGINAL} Sterling opened steady against a basket of currencies as traders awaited the trade figures. \
            Gilt-edged stocks drifted lower in thin trading, with longer maturities losing a quarter point."
        );
        let v = check_against(&longer, &format!("{FILLER}\n\n{LAST_TWO}"));
        let ev = v.evidence.as_ref().unwrap();
        assert!(ev.run > 0.0, "run {} verbatim {}", ev.run, ev.verbatim);
        assert_eq!(v.original.unwrap().url, "https://wire.test/1");
    }

    #[test]
    fn the_main_sentence_of_a_short_original_copied_into_other_text_names_it() {
        let brief = "Northern Rail said on Friday that it will withdraw its last Pacer trains from the Leeds to \
            Harrogate line by the end of the year, replacing them with refurbished carriages. \
            The operator gave no cost.";
        let first = brief.split(". ").next().unwrap();
        let v = check_against(brief, &format!("{FILLER}\n\n{first}."));
        assert_eq!(
            v.original.map(|m| m.url).as_deref(),
            Some("https://wire.test/1"),
            "{:?}",
            v.evidence
        );
    }

    #[test]
    fn a_template_repeating_two_sentences_with_other_figures_is_not() {
        // The same two closing sentences after the template's opening with
        // another day's figures.
        let opening = "The central bank said it forecast a shortage of around 300 million pounds in the money market today. \
            Bills maturing in official hands and the take-up of treasury bills will drain some 520 million pounds, \
            while bankers' balances below target will take out around 35 million pounds.";
        let v = check_against(ORIGINAL, &format!("{opening} {LAST_TWO}"));
        assert_eq!(v.kind, VerdictKind::None, "{:?}", v.evidence);
    }

    #[test]
    fn a_summary_merging_every_sentence_with_the_next_shows_its_passages() {
        // Two page sentences, each telling two of the original's: neither
        // aligns with one original sentence alone.
        let summary = "Councillors passed a 312 million dollar budget on Tuesday after nine hours of debate, \
            raising property taxes 2.5 percent and reserving 48 million dollars for eastern road repairs. \
            Maria Delgado opposed the tax rise as a burden on pensioners, while the mayor's office \
            said the deal protects 1,200 municipal jobs.";
        let v = check_against(OTHER_ORIGINAL, summary);
        let ev = v.evidence.as_ref().unwrap();
        assert_eq!(ev.matched, 0, "{ev:?}");
        assert_eq!(v.kind, VerdictKind::Rewrite, "{ev:?}");
        assert_eq!(ev.passages.len(), 2, "{ev:?}");
        // The page is reported as coming from it, as its passages show.
        assert!(ev.covered > 0.9, "{ev:?}");
    }

    /// Headlines and openings of other stories, as a farm page lists them
    /// under its article.
    const EXCERPTS: &str = "You may also like\n\n\
        Striker Tomas Berglund signs for Rovers\n\n\
        Swedish forward Tomas Berglund has joined Rovers on a three-year deal worth 4.2 million pounds. \
        The 24-year-old scored 19 goals for Malmo last season. \
        Manager Iain Crawley called him a natural finisher.\n\n\
        Chipmaker Veltrax cuts 900 jobs\n\n\
        Veltrax will close its plant in Eindhoven with the loss of 900 jobs, the chipmaker said on Monday. \
        Shares fell 6.5 percent in Amsterdam. \
        Chief executive Anke Vermeulen blamed weak demand from carmakers.";

    #[test]
    fn a_rewrite_followed_by_other_stories_excerpts_still_matches() {
        let v = check_against(OTHER_ORIGINAL, &format!("{OTHER_REWRITE}\n\n{EXCERPTS}"));
        assert_eq!(v.kind, VerdictKind::Rewrite, "{:?}", v.evidence);
    }

    #[test]
    fn a_short_summary_followed_by_other_stories_excerpts_still_matches() {
        // A summary keeps too little of its original to be judged without
        // the excerpts below it as a longer rewrite is; it still tells
        // nothing but the original, so it is judged without them too.
        let summary = "Councillors debated the budget for nine hours on Tuesday. \
            The mayor's office said 1,200 municipal jobs would be protected under the 312 million dollar plan.";
        let v = check_against(OTHER_ORIGINAL, &format!("{summary}\n\n{EXCERPTS}"));
        let ev = v.evidence.as_ref().unwrap();
        assert!(ev.reused < TRIM_REUSED, "{ev:?}");
        assert_eq!(v.kind, VerdictKind::Rewrite, "{ev:?}");
    }

    #[test]
    fn a_rewrite_above_a_weightier_related_teaser_is_judged_without_it() {
        // The page rewrites the short budget story; below it, a teaser
        // retells more of a longer indexed story than the rewrite tells
        // of its own. That teaser is the heaviest match but no main text.
        let v = check_in(
            &[
                ("https://wire.test/sale", SALE),
                ("https://wire.test/budget", OTHER_ORIGINAL),
            ],
            &format!("{OTHER_REWRITE}\n\nYou may also like\n\n{SALE_TEASER}\n\n{OTHER_TEASERS}\n\n{EXCERPTS}"),
        );
        let named = v.original.as_ref().map(|m| m.url.as_str());
        assert_eq!(named, Some("https://wire.test/budget"), "{v:?}");
    }

    #[test]
    fn a_teaser_listed_twice_weighs_once() {
        // Farm pages list the same related story in a sidebar and again
        // below the article; counted twice, its teaser outweighed the
        // rewrite above it.
        let v = check_in(
            &[
                ("https://wire.test/sale", SALE),
                ("https://wire.test/budget", OTHER_ORIGINAL),
            ],
            &format!(
                "{OTHER_REWRITE}\n\nYou may also like\n\n{SALE_TEASER}\n\n{OTHER_TEASERS}\n\n{SALE_TEASER}\n\n{EXCERPTS}"
            ),
        );
        let named = v.original.as_ref().map(|m| m.url.as_str());
        assert_eq!(named, Some("https://wire.test/budget"), "{v:?}");
    }

    /// How many sentences `OTHER_REWRITE` has: the page sentences before
    /// whatever a test puts under it.
    fn other_rewrite_sentences() -> usize {
        OTHER_REWRITE.split_inclusive(". ").count()
    }

    /// Which sentences of `page` [`off_topic`] sets aside against
    /// `OTHER_ORIGINAL`.
    fn set_aside(page: &str) -> Vec<bool> {
        set_aside_against(OTHER_ORIGINAL, page)
    }

    /// Which sentences of `page` [`off_topic`] sets aside against `original`.
    fn set_aside_against(original: &str, page: &str) -> Vec<bool> {
        let bytes = index_of(&[("https://wire.test/1", original)]);
        let index = Index::from_bytes(&bytes).unwrap();
        let page = fingerprint::fingerprint_page(page);
        off_topic(&page, &[], &original_terms(&index, 0))
    }

    #[test]
    fn other_stories_excerpts_are_set_aside_and_the_rewrite_is_not() {
        let rewrite = other_rewrite_sentences();
        let off = set_aside(&format!("{OTHER_REWRITE}\n\n{EXCERPTS}"));
        assert!(off[..rewrite].iter().all(|&o| !o), "{off:?}");
        assert!(
            off[rewrite..].iter().filter(|&&o| o).count() >= 6,
            "{off:?}"
        );
    }

    #[test]
    fn a_line_sharing_one_term_with_the_original_does_not_hold_its_block_on_the_story() {
        // A team sheet's last line shares one name with the budget story
        // (as often a 12-bit hash of the index does by chance): alone it
        // is half the original's, but one term is no sign of the subject,
        // and its other name must not keep the teaser on the page.
        let teaser = "Worcester v Sale (Fri)\n\n\
            They make one change, with Tim Collier replacing Phil Murphy in the second row. \
            In contrast, Sale are missing 14 players through international call-ups and injuries. \
            John Payne and Chris Rhys Jones come into the centres. \
            Delgado; Pieters.";
        let page = format!("{OTHER_REWRITE}\n\nYou may also like\n\n{teaser}\n\n{EXCERPTS}");
        let rewrite = other_rewrite_sentences();
        let off = set_aside(&page);
        let team_sheet = rewrite + 2..rewrite + 6;
        assert!(off[team_sheet].iter().all(|&o| o), "{off:?}");
    }

    #[test]
    fn a_headline_sharing_the_storys_names_does_not_hold_its_teaser_on_the_page() {
        // A related story's teaser, whose headline shares two names with
        // the original and whose body shares nothing: the headline is half
        // the original's, but a headline does not tell the page's story,
        // and its other two names must not keep the teaser on the page.
        const TRAMS: &str = "Trams began running in Varnholm on Saturday after six years of delays. \
            First minister Oskar Lindqvar announced a judge-led inquiry into the project, which cost 776 million pounds. \
            The line runs 8.7 miles from the old town to the airport. \
            Council leaders said they would co-operate fully with the inquiry.";
        const TRAMS_REWRITE: &str = "After six years of delays, trams started running in Varnholm on Saturday. \
            Oskar Lindqvar, the first minister, said a judge would lead an inquiry into the 776 million pound project. \
            The 8.7-mile line links the old town with the airport. \
            The council said it would fully co-operate.";
        let teaser = "Lindqvar in Varnholm with Kessler and Tavorne\n\n\
            Kessler and Tavorne will lead the field at the city marathon on Sunday. \
            The pair won the race in 2019 and again last spring. \
            Kessler said she felt ready after a winter of altitude training in Kenya.";
        let page = format!("{TRAMS_REWRITE}\n\nYou may also like\n\n{teaser}\n\n{EXCERPTS}");
        let off = set_aside_against(TRAMS, &page);
        let body = 6..9;
        assert!(off[..4].iter().all(|&o| !o), "{off:?}");
        assert!(off[body].iter().all(|&o| o), "{off:?}");
    }

    /// A long transfer story, whose opening a farm page may list among its
    /// excerpts.
    const TRANSFER: &str = "Swedish forward Tomas Berglund has joined Rovers from Malmo on a three-year deal \
        worth 4.2 million pounds, with Kristoffer Lindqvist and Jonas Ekdahl moving to Malmo in part exchange. \
        Berglund, 24, scored 19 goals in Allsvenskan last season and was capped twice by Sweden under \
        Janne Andersson before a hamstring injury ended his campaign in October. \
        Manager Iain Crawley said he had watched the striker four times since August. \
        The club beat offers from Hibernian and Aberdeen, according to people close to the talks. \
        Rovers finished seventh last season and have not won a trophy since 1994. \
        Crawley has signed five players this summer, spending a club record on defender Ollie Danjuma. \
        Season ticket sales have risen by 14 percent since the manager was appointed in May. \
        The chairman, Douglas Pyle, said further investment would depend on crowds. \
        Berglund will wear the number nine shirt and could make his debut against Kilmarnock on Saturday. \
        Supporters' groups welcomed the signing but urged the board to improve the stadium. \
        Berglund began his career at Halmstad, where coach Magnus Haglund moved him from the wing to centre forward. \
        His agent, Lars-Erik Sundqvist, said Celtic and Brondby had also asked about him in January. \
        Malmo sporting director Daniel Andersson called the fee fair for a player with one year left on his contract. \
        The striker's father, Per Berglund, played 212 games for IFK Gothenburg in the 1980s. \
        Rovers open their league campaign at Tynecastle against Hearts on 3 August.";

    #[test]
    fn an_excerpt_another_original_shares_is_set_aside_though_it_explains_more() {
        // The excerpt explains more of the page than the rewrite does, yet
        // reproduces little of its own original: the rewrite's original is
        // still judged without it.
        // Its first sentence and a half, cut off as teasers are.
        let opening: String = TRANSFER.split(' ').take(45).collect::<Vec<_>>().join(" ") + "…";
        let page = format!(
            "{OTHER_REWRITE}\n\nYou may also like\n\nRovers sign Berglund\n\n{opening}\n\n\
             Chipmaker Veltrax cuts 900 jobs\n\n\
             Veltrax will close its plant in Eindhoven with the loss of 900 jobs, the chipmaker said on Monday. \
             Shares fell 6.5 percent in Amsterdam. \
             Chief executive Anke Vermeulen blamed weak demand from carmakers."
        );
        let bytes = index_of(&[
            ("https://wire.test/budget", OTHER_ORIGINAL),
            ("https://wire.test/transfer", TRANSFER),
        ]);
        let index = Index::from_bytes(&bytes).unwrap();
        let page = fingerprint::fingerprint_page(&page);
        let lookup = PageLookup::new(&page);
        let mut found: Vec<Evidence> = (0..2)
            .map(|id| verify(&index, &page, &lookup, id, &[], &[]))
            .collect();
        let (budget, transfer) = (&found[0], &found[1]);
        assert!(
            transfer.amount > budget.amount && transfer.reused < TRIM_REUSED,
            "{found:?}"
        );
        assert!(budget.score < REWRITE_SCORE, "{budget:?}");
        judge_main_alone(&index, &page, &lookup, &mut found);
        assert!(found[0].score >= REWRITE_SCORE, "{:?}", found[0]);
    }

    #[test]
    fn an_excerpt_sharing_a_few_words_by_chance_is_set_aside_with_the_others() {
        // A short rewrite of the budget story, without the pensioners and
        // the mayor's office; the excerpts end with another story that
        // shares those words, but none of the rewrite's.
        let rewrite = "On Tuesday, after almost nine hours of debate, councillors passed a 312 million dollar budget \
            for next year. It lifts property taxes 2.5 percent and reserves 48 million dollars to repair roads \
            in the eastern districts.";
        let chance = "Pensioners march against bus cuts\n\n\
            Pensioners marched to the mayor's office on Saturday against cuts to bus routes. \
            Organisers said 300 people took part.";
        let off = set_aside(&format!("{rewrite}\n\n{EXCERPTS}\n\n{chance}"));
        assert!(off[..2].iter().all(|&o| !o), "{off:?}");
        assert!(off[off.len() - 4..].iter().all(|&o| o), "{off:?}");
    }

    #[test]
    fn a_headline_sharing_common_words_with_the_original_is_set_aside_with_its_teaser() {
        // Between two teasers, a headline made of the budget story's
        // everyday words ("city", "council", "coming year"), none of them
        // the rewrite's rare terms: it is the second teaser's.
        let (striker, veltrax) = EXCERPTS
            .split_once("\n\nChipmaker Veltrax cuts 900 jobs\n\n")
            .unwrap();
        let page = format!(
            "{OTHER_REWRITE}\n\n{striker}\n\nCity Council Voted On Coming Year\n\n{veltrax}"
        );
        let off = set_aside(&page);
        let rewrite = other_rewrite_sentences();
        assert!(off[..rewrite].iter().all(|&o| !o), "{off:?}");
        assert!(off[rewrite + 1..].iter().all(|&o| o), "{off:?}");
    }

    #[test]
    fn a_teaser_opening_the_block_of_other_stories_is_set_aside_with_it() {
        // Its headline and body share everyday words with the budget story
        // ("city", "council", "coming year"), none of the rewrite's rare
        // terms.
        let teaser = "City Council Voted On Coming Year\n\n\
            The city council in Lanark voted to close two libraries in the coming year after a debate that lasted nearly all night. \
            Campaigners said the closures would leave 3,000 readers without a branch.";
        let page = format!("{OTHER_REWRITE}\n\n{teaser}\n\n{EXCERPTS}");
        let off = set_aside(&page);
        let rewrite = other_rewrite_sentences();
        assert!(off[..rewrite].iter().all(|&o| !o), "{off:?}");
        assert!(off[rewrite..rewrite + 3].iter().all(|&o| o), "{off:?}");
    }

    #[test]
    fn a_report_on_a_related_story_keeps_its_own_paragraphs() {
        // It opens on the budget, then tells its own story: paragraphs that
        // share little with the original but keep naming its own people.
        // Judged on its opening alone, it would look like a summary.
        let page = "Councillors passed a 312 million dollar budget on Tuesday after nine hours of debate, \
            with Maria Delgado defying her leader, Tom Okafor.\n\n\
            Delgado now faces a motion of no confidence tabled by her own Labour group, which accuses her \
            of briefing against Okafor. \
            The motion is expected on 14 March, and Okafor has said he will not take part. \
            Delgado, first elected in 2011, said she had done nothing wrong.\n\n\
            Party officials said 23 members had signed the motion against Delgado, more than the 18 \
            needed, and that Okafor had been told of it a week ago.";
        assert!(set_aside(page).iter().all(|&o| !o));
    }

    #[test]
    fn a_page_templates_labels_do_not_count_but_its_list_items_do() {
        let evidence = |page: &str| check_against(OTHER_ORIGINAL, page).evidence.unwrap();
        let bare = evidence(OTHER_REWRITE);
        let labelled = evidence(&format!(
            "Latest news\n\n{OTHER_REWRITE}\n\nShare this article on Facebook Twitter WhatsApp"
        ));
        assert!((labelled.window - bare.window).abs() < 1e-4, "{labelled:?}");
        assert!(
            (labelled.size_ratio - bare.size_ratio).abs() < 1e-4,
            "{labelled:?}"
        );
        // A list item of the writer's own, without a full stop, is content.
        let listed = evidence(&format!(
            "{OTHER_REWRITE}\n\n• Opposition groups plan a protest outside City Hall against library closures next month"
        ));
        assert!(listed.window < bare.window - 0.05, "{listed:?}");
    }

    #[test]
    fn a_template_story_with_other_figures_does_not() {
        // Same wording, another day's figures: a wire template, not a copy.
        let template = ORIGINAL
            .replace("450", "300")
            .replace("650", "520")
            .replace("85", "35")
            .replace("210", "180")
            .replace("45 million", "75 million");
        assert_eq!(verdict(&template), VerdictKind::None);
    }

    /// A central bank's daily bulletin, as a wire service files it.
    const MONDAY_BULLETIN: &str = "The central bank of Taiwan issued 12 billion dollars worth of certificates of deposit \
        to commercial lenders on Monday, after issuing six billion on Friday, bringing certificate issues \
        so far this year to 115.47 billion, a bank official told reporters. \
        The new certificates, with maturities of six months, one year and two years, carry \
        interest rates ranging from 4.07 to 5.12 percent, he said. \
        The issues aim to curb growth of the money supply, which results from large foreign exchange reserves. \
        The foreign exchange reserves now total more than 51 billion US dollars, up from 46.3 billion \
        at the end of last year, the central bank official said. \
        Lenders hold about 1,700 billion in idle funds, according to the central bank.";

    /// The next day's bulletin: other amounts issued in its lead.
    fn tuesday_bulletin() -> String {
        MONDAY_BULLETIN
            .replace("12 billion dollars", "4.03 billion dollars")
            .replace(
                "Monday, after issuing six billion on Friday",
                "Tuesday, after issuing 12 billion on Monday",
            )
            .replace("115.47", "119.5")
    }

    #[test]
    fn a_template_story_keeping_some_figures_and_changing_others_does_not() {
        // The reserves changed too: two sentences of five with other figures.
        let tuesday = tuesday_bulletin().replace("46.3", "47.2");
        let v = check_against(MONDAY_BULLETIN, &tuesday);
        assert_eq!(v.kind, VerdictKind::None, "{:?}", v.evidence);
    }

    /// A bulletin's sentences after its lead lightly reworded, as a wire
    /// desk refreshes a bulletin.
    fn refreshed(bulletin: &str) -> String {
        bulletin
            .replace("The new certificates", "The certificates")
            .replace("he said", "the official added")
            .replace("aim to curb", "are meant to curb")
            .replace("now total more than", "stand at over")
            .replace("Lenders hold about", "Commercial lenders hold some")
    }

    #[test]
    fn a_template_story_changing_only_its_leads_figures_does_not() {
        let tuesday = refreshed(&tuesday_bulletin());
        let v = check_against(MONDAY_BULLETIN, &tuesday);
        assert_eq!(v.kind, VerdictKind::None, "{:?}", v.evidence);
    }

    #[test]
    fn a_template_story_whose_lead_is_told_anew_does_not() {
        // The lead written afresh around its new figures, too loosely to
        // align with Monday's.
        let monday_lead_end =
            MONDAY_BULLETIN.find("reporters. ").expect("lead") + "reporters. ".len();
        let tuesday = refreshed(&format!(
            "Taiwan's central bank issued 4.03 billion dollars worth of certificates of deposit to lenders \
             on Tuesday, taking this year's issues to 119.5 billion, an official said. {}",
            &MONDAY_BULLETIN[monday_lead_end..]
        ));
        let v = check_against(MONDAY_BULLETIN, &tuesday);
        assert_eq!(v.kind, VerdictKind::None, "{:?}", v.evidence);
    }

    #[test]
    fn a_headline_with_a_figure_of_its_own_is_not_the_lead() {
        // The rewriter drops the forecast's figure from its first sentence
        // and titles the page with the year.
        let page = format!(
            "Central Bank Forecasts 2026 Money Market Shortage\n\n{}",
            REWRITE.replace("A shortage of about 450 million pounds", "A large shortage")
        );
        assert_eq!(verdict(&page), VerdictKind::Rewrite);
    }
}
