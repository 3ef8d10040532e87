//! Fingerprints: what the index keeps of an original, and what a page is
//! compared with.
//!
//! An original is kept as one small record per sentence: the 12-bit hashes
//! of its content terms that are not everyday words (up to a per-article
//! budget, rarest first), the sentence's total term weight, and an 8-bit hash
//! of the whole sentence for verbatim checks. A page keeps all its terms with
//! their weights, so both "how much of this original sentence is on the
//! page" and "how much of this page sentence comes from the original" can be
//! measured.

use std::collections::HashSet;

use crate::text::{self, Doc, Kind, Sentence};
use crate::weights::{self, Weights};

/// Terms rarer than this (IDF) are kept; everyday words carry no evidence.
pub const MIN_IDF: f32 = 2.0;
/// Page terms at least this rare count as the page's specific facts.
pub const RARE_IDF: f32 = 5.0;
/// Most terms kept for one sentence (fits the 4-bit count).
pub const MAX_FEATURES: usize = 15;
/// Terms kept per article, spread over its sentences (the size budget).
const ARTICLE_FEATURE_BUDGET: usize = 150;
const MIN_PER_SENTENCE: usize = 4;
const MAX_PER_SENTENCE: usize = 12;
/// Retrieval keys posted per article.
pub const RETRIEVAL_KEYS: usize = 12;

/// Sentence flags.
pub const FLAG_QUOTE: u8 = 1;
pub const FLAG_SHARED: u8 = 2;
/// Bits 2-3: how many of the sentence's kept terms (they come first) are
/// numbers, up to 3, so that a page changing an aligned sentence's figures
/// can be told from one keeping them.
pub const NUMBERS_SHIFT: u8 = 2;
/// The most a two-bit field holds, and so also its mask.
pub const MAX_FLAGGED_NUMBERS: usize = 3;
/// Added to a number's IDF when ranking a sentence's terms, so that numbers
/// come first (no word's IDF reaches it).
const NUMBER_PRIORITY: f32 = 100.0;

/// The 12 bits of a term kept in a sentence record.
pub fn feature_hash(term: u32) -> u16 {
    ((term >> 20) & 0xfff) as u16
}

/// Sentence weights are stored in half units in one byte.
pub fn encode_weight(w: f32) -> u8 {
    (w * 2.0).round().clamp(1.0, 255.0) as u8
}
pub fn decode_weight(b: u8) -> f32 {
    f32::from(b) / 2.0
}

/// An original sentence as the index keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceFp {
    pub hashes: Vec<u16>,
    pub flags: u8,
    /// Total background weight of the kept terms, encoded.
    pub weight: u8,
    pub exact: u8,
}

/// Hash of a sentence's full term sequence; equal for verbatim copies.
pub fn exact_hash(doc: &Doc, s: &Sentence) -> u64 {
    let mut bytes = Vec::with_capacity((s.end_token - s.first_token) * 4);
    for t in doc.tokens_of(s) {
        bytes.extend_from_slice(&t.term.to_le_bytes());
    }
    twox_hash::XxHash3_64::oneshot(&bytes)
}

/// Sentences of an original worth keeping: at least two content words.
pub fn keeps(doc: &Doc, s: &Sentence) -> bool {
    doc.tokens_of(s).iter().filter(|t| t.is_content()).count() >= 2
}

/// Fingerprint an original: its sentence records and its retrieval keys
/// (term, weight class). `shared` says whether a sentence (by exact hash)
/// also occurs in other originals, i.e. is publisher boilerplate.
pub fn fingerprint_original(
    doc: &Doc,
    weights: &Weights,
    shared: impl Fn(u64) -> bool,
) -> (Vec<SentenceFp>, Vec<(u32, u8)>) {
    let kept: Vec<&Sentence> = doc.sentences.iter().filter(|s| keeps(doc, s)).collect();
    let per_sentence = if kept.is_empty() {
        0
    } else {
        (ARTICLE_FEATURE_BUDGET / kept.len()).clamp(MIN_PER_SENTENCE, MAX_PER_SENTENCE)
    };
    let mut sentences = Vec::with_capacity(kept.len());
    // Candidate keys (term, class) of each third of the article.
    let mut keys: [Vec<(u32, u8)>; 3] = Default::default();
    let n_kept = kept.len();
    for (i, s) in kept.into_iter().enumerate() {
        let part = i * 3 / n_kept.max(1);
        // (term, priority) of distinct specific terms: numbers first, since
        // a page's figures must be checkable against them, then rarest first.
        let mut terms: Vec<(u32, f32)> = Vec::new();
        for t in doc.tokens_of(s).iter().filter(|t| t.is_content()) {
            if terms.iter().any(|&(x, _)| x == t.term) {
                continue;
            }
            // Words common in the index carry little; but every number the
            // page side counts (by background weight) must be checkable,
            // however small the index, or a page's figures look invented.
            let idf = weights.idf(t.term);
            let number = t.kind == Kind::Number;
            let eligible = if number {
                weights::background_idf(t.term) >= MIN_IDF
            } else {
                idf >= MIN_IDF
            };
            if eligible {
                let priority = if number { NUMBER_PRIORITY } else { 0.0 };
                terms.push((t.term, idf + priority));
                keys[part].push((t.term, weights.class(t.term, t.kind)));
            }
        }
        terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(per_sentence.min(MAX_FEATURES));
        let weight: f32 = terms.iter().map(|&(t, _)| weights::background_idf(t)).sum();
        let exact = exact_hash(doc, s);
        let mut flags = 0;
        if s.quoted > 0.5 {
            flags |= FLAG_QUOTE;
        }
        if shared(exact) {
            flags |= FLAG_SHARED;
        }
        let numbers = terms
            .iter()
            .take_while(|&&(_, p)| p >= NUMBER_PRIORITY)
            .count();
        flags |= (numbers.min(MAX_FLAGGED_NUMBERS) as u8) << NUMBERS_SHIFT;
        sentences.push(SentenceFp {
            hashes: terms.iter().map(|&(t, _)| feature_hash(t)).collect(),
            flags,
            weight: encode_weight(weight),
            exact: exact as u8,
        });
    }
    (sentences, spread_keys(keys))
}

/// The retrieval keys: the most specific terms of each third of the article
/// in turn, so that a page copying only part of it still finds it.
fn spread_keys(mut parts: [Vec<(u32, u8)>; 3]) -> Vec<(u32, u8)> {
    for part in &mut parts {
        part.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        part.dedup_by_key(|k| k.0);
    }
    let mut keys: Vec<(u32, u8)> = Vec::with_capacity(RETRIEVAL_KEYS);
    let mut next = [0usize; 3];
    while keys.len() < RETRIEVAL_KEYS {
        let mut added = false;
        for (part, at) in parts.iter().zip(next.iter_mut()) {
            while let Some(&k) = part.get(*at) {
                *at += 1;
                if !keys.iter().any(|x| x.0 == k.0) {
                    keys.push(k);
                    added = true;
                    break;
                }
            }
            if keys.len() == RETRIEVAL_KEYS {
                break;
            }
        }
        if !added {
            break;
        }
    }
    keys
}

/// Pack 12-bit hashes, two to three bytes.
pub fn pack_hashes(hashes: &[u16], out: &mut Vec<u8>) {
    for pair in hashes.chunks(2) {
        let a = pair[0] & 0xfff;
        out.push(a as u8);
        match pair.get(1) {
            Some(&b) => {
                let b = b & 0xfff;
                out.push((a >> 8) as u8 | ((b & 0xf) << 4) as u8);
                out.push((b >> 4) as u8);
            }
            None => out.push((a >> 8) as u8),
        }
    }
}

pub fn packed_len(n: usize) -> usize {
    (n * 3).div_ceil(2)
}

pub fn unpack_hashes(bytes: &[u8], n: usize) -> impl Iterator<Item = u16> + '_ {
    (0..n).map(move |i| {
        let at = i / 2 * 3;
        if i % 2 == 0 {
            u16::from(bytes[at]) | (u16::from(bytes[at + 1] & 0xf) << 8)
        } else {
            u16::from(bytes[at + 1] >> 4) | (u16::from(bytes[at + 2]) << 4)
        }
    })
}

/// A page sentence: its specific terms, sorted by hash.
#[derive(Clone, Debug)]
pub struct PageSentence {
    /// (hash, weight, share weight): the weight measures how much of an
    /// original sentence the page reproduces; the share weight, with words
    /// capped at `WORD_SHARE_CAP`, how much of the page sentence is explained.
    pub terms: Vec<(u16, f32, f32)>,
    /// The hashes of its numbers: figures a template story changes.
    pub numbers: Vec<u16>,
    /// The hashes of its specific names: people and places an independent
    /// report adds and a rewrite takes from its original.
    pub names: Vec<u16>,
    /// Its terms at least `RARE_IDF` rare, whole (not hashed to 12 bits),
    /// sorted: page sentences compare with each other without collisions.
    pub rare: Vec<u32>,
    /// Total weight of its terms.
    pub raw_weight: f32,
    /// Total share weight of its terms.
    pub weight: f32,
    pub exact: u8,
    pub start: usize,
    pub end: usize,
    pub paragraph: u32,
    /// Whether it reads as prose: not a Title Case line, and ending as a
    /// sentence does (a menu label or "Share on Facebook" does not).
    pub prose: bool,
    /// Whether it is a Title Case line, as headlines are.
    pub title: bool,
}

/// A page ready for matching.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub sentences: Vec<PageSentence>,
    /// Distinct content terms with their kind, for retrieval.
    pub terms: Vec<(u32, Kind)>,
    /// Total share weight of the sentences.
    pub weight: f32,
    /// The outlet the page credits as its author ([`text::credit_line`]).
    pub credit: Option<String>,
}

/// The most a common-noun, verb or adjective counts towards a page sentence's
/// share weight. Rewriters, LLMs above all, pad sentences with rare words of
/// their own ("brazen", "heart-stopping"); uncapped, those outweigh the
/// facts the sentence took from its original. Names and numbers are not
/// capped: a page's own names are what an independent report brings.
pub const WORD_SHARE_CAP: f32 = 3.0;

/// Whether a sentence is a Title Case line (a headline, a "You May Also
/// Like" link): every word capitalised, so capitals say nothing about names.
/// Prose dense with names still has lowercase words.
fn is_title_case(tokens: &[text::Token]) -> bool {
    let count = |kind| tokens.iter().filter(|t| t.kind == kind).count();
    // The first word is a Word, capitalised or not.
    count(Kind::Word) <= 1 && count(Kind::Name) >= 2
}

/// Whether a sentence ends as prose does, with a full stop, question or
/// exclamation mark (perhaps inside a closing quote or bracket).
fn ends_like_prose(sentence: &str) -> bool {
    sentence
        .trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']'])
        .ends_with(['.', '!', '?', '…'])
}

/// Words that make the capitalised word before them a company's name.
const COMPANY_DESIGNATORS: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "Ltd",
    "Plc",
    "PLC",
    "LLC",
    "Group",
    "Holdings",
    "AG",
    "SA",
    "NV",
    "SE",
];

/// Whether a sentence opens with a company's name ("Morrison Inc said"):
/// the first word's capital says nothing of a name, the designator after it
/// does. A wire template tells another company's news in the same words.
fn opens_with_company(text: &str, tokens: &[text::Token]) -> bool {
    match tokens {
        [first, next, ..] => {
            first.kind == Kind::Word
                && text[first.start..].starts_with(char::is_uppercase)
                && text[first.end..next.start].trim().is_empty()
                && COMPANY_DESIGNATORS.contains(&&text[next.start..next.end])
        }
        _ => false,
    }
}

pub fn fingerprint_page(text_in: &str) -> Page {
    let doc = text::analyse(text_in);
    let mut page = Page {
        credit: text::credit_line(text_in),
        ..Page::default()
    };
    let mut terms = Vec::new();
    // A sentence the page repeats word for word counts once: farm pages
    // list a related story in a sidebar and again below the article, and
    // twice its teaser would outweigh the article.
    let mut seen = HashSet::new();
    for s in &doc.sentences {
        let exact = exact_hash(&doc, s);
        if !seen.insert(exact) {
            continue;
        }
        let mut st: Vec<(u16, f32, f32)> = Vec::new();
        let mut numbers = Vec::new();
        let mut names = Vec::new();
        let mut rare = Vec::new();
        // Names count only in prose: a headline, a byline or a "Share on
        // Facebook" widget around the article is not the writer's sources.
        let title = is_title_case(doc.tokens_of(s));
        let nameless = title || !ends_like_prose(&text_in[s.start..s.end]);
        let tokens = doc.tokens_of(s);
        let company_first = opens_with_company(text_in, tokens);
        for (i, t) in tokens.iter().enumerate().filter(|(_, t)| t.is_content()) {
            terms.push((t.term, t.kind));
            let w = weights::background_idf(t.term);
            if w >= MIN_IDF {
                let share_w = if t.kind == Kind::Word {
                    w.min(WORD_SHARE_CAP)
                } else {
                    w
                };
                st.push((feature_hash(t.term), w, share_w));
                if w >= RARE_IDF {
                    rare.push(t.term);
                }
                if t.kind == Kind::Number {
                    numbers.push(feature_hash(t.term));
                }
                let name = t.kind == Kind::Name || (i == 0 && company_first);
                if name && w >= RARE_IDF && !nameless {
                    names.push(feature_hash(t.term));
                }
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        names.sort_unstable();
        names.dedup();
        rare.sort_unstable();
        rare.dedup();
        st.sort_by_key(|x| x.0);
        st.dedup_by_key(|x| x.0);
        if st.is_empty() {
            continue;
        }
        let raw_weight = st.iter().map(|x| x.1).sum();
        let weight = st.iter().map(|x| x.2).sum();
        page.weight += weight;
        page.sentences.push(PageSentence {
            terms: st,
            numbers,
            names,
            rare,
            raw_weight,
            weight,
            exact: exact as u8,
            start: s.start,
            end: s.end,
            paragraph: s.paragraph,
            prose: !nameless,
            title,
        });
    }
    terms.sort_unstable_by_key(|t| t.0);
    terms.dedup_by_key(|t| t.0);
    page.terms = terms;
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_every_third_of_an_article() {
        // The last third holds the rarest terms; the first two still get keys.
        let part = |base: u32, class: u8| (0..10).map(|i| (base + i, class)).collect();
        let keys = spread_keys([part(100, 3), part(200, 5), part(300, 15)]);
        assert_eq!(keys.len(), RETRIEVAL_KEYS);
        for base in [100, 200, 300] {
            let n = keys
                .iter()
                .filter(|k| (base..base + 10).contains(&k.0))
                .count();
            assert_eq!(n, RETRIEVAL_KEYS / 3, "keys from the part at {base}");
        }
        // A short article gives what it has, each term once.
        let keys = spread_keys([vec![(1, 9), (2, 9)], vec![(1, 9)], vec![]]);
        assert_eq!(keys, vec![(1, 9), (2, 9)]);
    }

    #[test]
    fn a_title_case_line_has_no_names() {
        let names = |text: &str| fingerprint_page(text).sentences[0].names.len();
        // Rare words, capitalised in a headline and in running prose.
        assert_eq!(
            names("Arsonists Torch Coaches Outside Belfast Hotel in Suspected Blaze."),
            0
        );
        assert!(
            names("Guests at the hotel said arsonists from Ballymena torched two coaches.") >= 1
        );
        // Prose dense with names is not a headline.
        let dense = "Analyst Priya Ramaswamy at Hargreaves Lansdown in Bristol said the Bundesbank was watching.";
        assert!(names(dense) >= 4);
    }

    #[test]
    fn only_prose_has_names() {
        let names = |text: &str| fingerprint_page(text).sentences[0].names.len();
        // A share widget or a byline around the article is not prose.
        assert_eq!(
            names("Share this article on Facebook, Twitter or WhatsApp"),
            0
        );
        assert_eq!(
            names("Share this article on Facebook, Twitter or WhatsApp."),
            3
        );
        // Prose ends in a full stop, also inside a closing quote.
        assert_eq!(
            names("He said: “The guests told Sanderson the Ballymena coaches burned.”"),
            2
        );
    }

    #[test]
    fn a_company_opening_a_sentence_is_a_name_and_a_given_name_is_not() {
        let names = |text: &str| fingerprint_page(text).sentences[0].names.len();
        assert_eq!(
            names("Morrison Inc said its board adopted a rights plan."),
            1
        );
        assert_eq!(names("Morrison said its board adopted a rights plan."), 0);
        // A given name a rewriter adds to its original's surname is not one
        // more name: Norris and Monaco count, Lando does not.
        assert_eq!(names("Lando Norris took pole position in Monaco."), 2);
    }

    #[test]
    fn packing_round_trips() {
        for n in 0..6 {
            let hs: Vec<u16> = (0..n).map(|i| (i * 977 + 5) as u16 & 0xfff).collect();
            let mut b = Vec::new();
            pack_hashes(&hs, &mut b);
            assert_eq!(b.len(), packed_len(n));
            assert_eq!(unpack_hashes(&b, n).collect::<Vec<_>>(), hs);
        }
    }
}
