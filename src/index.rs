//! The index file: build it from originals, read it in place.
//!
//! Layout (all integers little-endian; see README "Index format"):
//!
//! ```text
//! header   64 bytes   magic "UNSPUNIX", version, counts, section offsets
//! articles N × 16     sentence offset, string offset, sentence count,
//!                     published (days since 1970, 0 = unknown), source id,
//!                     flags (URL follows its source's URL prefix; the
//!                     publication time, see `time_flags`)
//! sentences blob      per sentence: [n_terms | flags << 4] [weight × 2]
//!                     [exact hash u8] then n_terms 12-bit term hashes,
//!                     packed two to three bytes
//! buckets  (B+1) × u32  start of each bucket in postings
//! postings P × u32    article id << 8 | key tag (4 bits) << 4 | weight (4 bits)
//! strings  blob       per article: url, title (varint length + UTF-8);
//!                     then per source its name and the URL prefix its
//!                     articles share, the same way
//! sources  S × u32    offset of each source name in strings
//! checksum u64        xxh3-64 of every byte before it
//! ```
//!
//! `Index::from_bytes` checks the magic, version, checksum and that every
//! section lies inside the buffer; after that, reads are bounds-checked slice
//! accesses on the caller's bytes, never a copy.

use std::collections::HashMap;
use std::fmt;

use crate::fingerprint::{self, SentenceFp};
use crate::text;
use crate::weights::Weights;

pub const MAGIC: &[u8; 8] = b"UNSPUNIX";
/// Bumped whenever the layout or the terms it stores change: version 3
/// spells "nineteen" and "twenty-five" as the numbers 19 and 25 and folds
/// British spellings into American ones; version 4 takes accents off Latin
/// letters and skips list markers; version 5 says in each sentence's flags
/// how many of its terms are numbers; version 6 folds more British
/// spellings ("paediatric", "travelled", "catalogue", "grey").
pub const VERSION: u16 = 6;
const HEADER_LEN: usize = 64;
const ARTICLE_LEN: usize = 16;

/// An original article as given to the builder.
#[derive(Clone, Debug, Default)]
pub struct Article {
    pub url: String,
    pub title: String,
    pub source: String,
    pub published: Option<Published>,
    pub text: String,
}

/// Why an index could not be read. Messages say what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    NotAnIndex,
    UnsupportedVersion(u16),
    Truncated { expected: usize, actual: usize },
    ChecksumMismatch,
    Corrupt(&'static str),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not an unspun index (bad magic bytes); build one with `unspun index build`"),
            IndexError::UnsupportedVersion(v) => write!(
                f,
                "index format version {v} is not supported (this build reads version {VERSION}); rebuild the index with this version of unspun"
            ),
            IndexError::Truncated { expected, actual } => write!(
                f,
                "index is truncated: {actual} bytes, the header says {expected}; the file was cut short, copy or download it again"
            ),
            IndexError::ChecksumMismatch => write!(f, "index is corrupt (checksum mismatch); rebuild it or copy it again"),
            IndexError::Corrupt(what) => write!(f, "index is corrupt ({what}); rebuild it"),
        }
    }
}

impl std::error::Error for IndexError {}

/// Days since 1970-01-01 for a proleptic Gregorian date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// ISO date for days since 1970-01-01.
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// When an article was published: the day it is dated (as written, for
/// display) and, when it gives a time of day with a time zone, the moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Published {
    /// Days since 1970-01-01.
    pub day: u32,
    /// Minutes since 1970-01-01 00:00 UTC.
    pub utc_minute: Option<u32>,
}

impl Published {
    /// A date without a time of day.
    pub fn date_only(day: u32) -> Self {
        Published {
            day,
            utc_minute: None,
        }
    }

    /// Whether an article published at `self` came after one published at
    /// `other`, so that it cannot be the other's source. By the minute when
    /// both give a time; by the day otherwise, with a day's grace, since the
    /// two may be dated in different time zones.
    pub fn is_after(self, other: Published) -> bool {
        match (self.utc_minute, other.utc_minute) {
            (Some(a), Some(b)) => a > b,
            _ => self.day > other.day + 1,
        }
    }
}

/// Parse an ISO 8601 date or timestamp: "2025-04-30",
/// "2025-04-30T12:36:00Z", "2025-04-30 08:36-04:00". A time without a zone
/// is kept as the date alone.
pub fn parse_date(s: &str) -> Option<Published> {
    let s = s.trim();
    let date = s.get(..10)?;
    let mut it = date.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1970..=2149).contains(&y) {
        return None;
    }
    // Day 0 means unknown in the index; a page dated 1970-01-01 is a CMS
    // default, not a date.
    let day = u32::try_from(days_from_civil(y, m, d))
        .ok()
        .filter(|&d| d > 0)?;
    let utc_minute = s
        .get(10..)
        .and_then(|t| t.strip_prefix(['T', 't', ' ']))
        .and_then(parse_time)
        .and_then(|(minute, offset)| {
            u32::try_from(i64::from(day) * 1440 + i64::from(minute) - i64::from(offset)).ok()
        });
    Some(Published { day, utc_minute })
}

/// "HH:MM[:SS[.fff]]" and a zone ("Z", "+HH:MM", "+HHMM", "+HH"):
/// (minute of the day, zone offset in minutes). None without a zone.
fn parse_time(t: &str) -> Option<(u32, i32)> {
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<u32>().ok());
    let (h, mi) = (num(t.get(0..2))?, num(t.get(3..5))?);
    if t.get(2..3) != Some(":") || h > 23 || mi > 59 {
        return None;
    }
    let zone = t[5..].trim_start_matches(|c: char| c.is_ascii_digit() || c == ':' || c == '.');
    let offset = match zone {
        "Z" | "z" => 0,
        _ => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let z = zone[1..].replace(':', "");
            let (zh, zm) = (num(z.get(0..2))?, num(z.get(2..4)).unwrap_or(0));
            if zh > 14 || zm > 59 || !(z.len() == 2 || z.len() == 4) {
                return None;
            }
            sign * (zh * 60 + zm) as i32
        }
    };
    Some((h * 60 + mi, offset))
}

/// Record flags: bit 0, the URL follows its source's prefix; bit 1, a time
/// of day is known; bits 2-3, the UTC day relative to the dated day (0 same,
/// 1 next, 2 previous); bits 4-15, the minute of the UTC day.
const FLAG_RELATIVE: u16 = 1;
const FLAG_TIME: u16 = 2;

fn time_flags(p: Option<Published>) -> u16 {
    let Some((day, minute)) = p.and_then(|p| Some((p.day, p.utc_minute?))) else {
        return 0;
    };
    let delta = match i64::from(minute / 1440) - i64::from(day) {
        0 => 0,
        1 => 1,
        -1 => 2,
        _ => return 0, // not a real zone offset
    };
    FLAG_TIME | delta << 2 | ((minute % 1440) as u16) << 4
}

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_str(out: &mut Vec<u8>, s: &str) {
    let mut n = s.len();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(s.as_bytes());
}

/// Build an index from originals. `built` is the build date in days since
/// 1970. Articles are kept in the order given.
pub fn build(articles: &[Article], built: u32) -> Vec<u8> {
    build_with_progress(articles, built, &mut |_| {})
}

/// As [`build`], calling `progress(done)` as articles are fingerprinted.
pub fn build_with_progress(
    articles: &[Article],
    built: u32,
    progress: &mut dyn FnMut(usize),
) -> Vec<u8> {
    assert!(
        articles.len() < (1 << 24),
        "an index holds at most 16,777,215 articles"
    );
    // Pass 1: document frequencies, and sentences that recur across articles
    // (publisher boilerplate).
    let mut weights = Weights::default();
    let mut sentence_df: HashMap<u64, u32> = HashMap::new();
    let docs: Vec<text::Doc> = articles.iter().map(|a| text::analyse(&a.text)).collect();
    for doc in &docs {
        let mut terms: Vec<u32> = doc
            .tokens
            .iter()
            .filter(|t| t.is_content())
            .map(|t| t.term)
            .collect();
        terms.sort_unstable();
        terms.dedup();
        weights.add_doc(terms);
        let mut exacts: Vec<u64> = doc
            .sentences
            .iter()
            .filter(|s| fingerprint::keeps(doc, s))
            .map(|s| fingerprint::exact_hash(doc, s))
            .collect();
        exacts.sort_unstable();
        exacts.dedup();
        for e in exacts {
            *sentence_df.entry(e).or_insert(0) += 1;
        }
    }

    // The URL prefix each source's articles share ("https://outlet/news/"),
    // stored once with the source instead of in every URL.
    let mut prefixes: HashMap<&str, &str> = HashMap::new();
    for a in articles {
        prefixes
            .entry(a.source.as_str())
            .and_modify(|p| *p = common_prefix(p, &a.url))
            .or_insert(a.url.as_str());
    }

    // Pass 2: fingerprints and postings.
    let mut sentences_blob = Vec::new();
    let mut strings = Vec::new();
    let mut table = Vec::with_capacity(articles.len() * ARTICLE_LEN);
    let mut keys: Vec<(u32, u32)> = Vec::new(); // (term, posting)
    let mut sources: Vec<String> = Vec::new();
    let mut source_ids: HashMap<String, u16> = HashMap::new();
    for (id, (article, doc)) in articles.iter().zip(&docs).enumerate() {
        let (fps, retrieval) = fingerprint::fingerprint_original(doc, &weights, |e| {
            sentence_df.get(&e).copied().unwrap_or(0) > 1
        });
        let source = match source_ids.get(&article.source) {
            Some(&s) => s,
            None => {
                let s = u16::try_from(sources.len()).unwrap_or(u16::MAX);
                if s < u16::MAX {
                    sources.push(article.source.clone());
                    source_ids.insert(article.source.clone(), s);
                }
                s
            }
        };
        put_u32(&mut table, sentences_blob.len() as u32);
        put_u32(&mut table, strings.len() as u32);
        put_u16(&mut table, fps.len().min(usize::from(u16::MAX)) as u16);
        put_u16(
            &mut table,
            article
                .published
                .map_or(0, |p| p.day.min(u32::from(u16::MAX)) as u16),
        );
        put_u16(&mut table, source);
        // Sources past the u16 range keep whole URLs.
        let relative = source < u16::MAX;
        let flags = if relative { FLAG_RELATIVE } else { 0 };
        put_u16(&mut table, flags | time_flags(article.published));
        for fp in fps.iter().take(usize::from(u16::MAX)) {
            write_sentence(&mut sentences_blob, fp);
        }
        let url = if relative {
            &article.url[prefixes[article.source.as_str()].len()..]
        } else {
            &article.url
        };
        put_str(&mut strings, url);
        put_str(&mut strings, &article.title);
        for (term, w) in retrieval {
            keys.push((term, (id as u32) << 8 | key_tag(term) << 4 | u32::from(w)));
        }
        if id % 1024 == 0 {
            progress(id);
        }
    }
    progress(articles.len());

    // Postings grouped by bucket.
    let bucket_bits = bucket_bits_for(keys.len());
    let nb = 1usize << bucket_bits;
    let mut counts = vec![0u32; nb + 1];
    for &(term, _) in &keys {
        counts[bucket(term, bucket_bits) + 1] += 1;
    }
    for i in 0..nb {
        counts[i + 1] += counts[i];
    }
    let mut postings = vec![0u32; keys.len()];
    let mut fill = counts.clone();
    keys.sort_unstable_by_key(|&(_, p)| p);
    for &(term, p) in &keys {
        let b = bucket(term, bucket_bits);
        postings[fill[b] as usize] = p;
        fill[b] += 1;
    }

    let mut source_offsets = Vec::with_capacity(sources.len() * 4);
    for s in &sources {
        put_u32(&mut source_offsets, strings.len() as u32);
        put_str(&mut strings, s);
        put_str(&mut strings, prefixes[s.as_str()]);
    }

    // Assemble.
    let articles_off = HEADER_LEN;
    let sentences_off = articles_off + table.len();
    let buckets_off = sentences_off + sentences_blob.len();
    let postings_off = buckets_off + counts.len() * 4;
    let strings_off = postings_off + postings.len() * 4;
    let sources_off = strings_off + strings.len();
    let total = sources_off + source_offsets.len() + 8;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC);
    put_u16(&mut out, VERSION);
    put_u16(&mut out, HEADER_LEN as u16);
    put_u32(&mut out, built);
    put_u32(&mut out, articles.len() as u32);
    put_u32(&mut out, bucket_bits);
    for v in [
        sentences_off,
        buckets_off,
        postings_off,
        postings.len(),
        strings_off,
        sources_off,
        sources.len(),
        total,
    ] {
        put_u32(&mut out, v as u32);
    }
    out.resize(HEADER_LEN, 0);
    out.extend_from_slice(&table);
    out.extend_from_slice(&sentences_blob);
    for c in &counts {
        put_u32(&mut out, *c);
    }
    for p in &postings {
        put_u32(&mut out, *p);
    }
    out.extend_from_slice(&strings);
    out.extend_from_slice(&source_offsets);
    let sum = twox_hash::XxHash3_64::oneshot(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    debug_assert_eq!(out.len(), total);
    out
}

/// The longest common prefix of two strings, on a character boundary.
fn common_prefix<'s>(a: &'s str, b: &str) -> &'s str {
    let n = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    &a[..n]
}

fn write_sentence(out: &mut Vec<u8>, fp: &SentenceFp) {
    let n = fp.hashes.len().min(fingerprint::MAX_FEATURES);
    out.push(n as u8 | fp.flags << 4);
    out.push(fp.weight);
    out.push(fp.exact);
    fingerprint::pack_hashes(&fp.hashes[..n], out);
}

fn bucket_bits_for(postings: usize) -> u32 {
    // Four to eight postings a bucket: the table costs 6 to 12 bytes an
    // article (at 12 keys each), a scan stays within a cache line or two,
    // and the key tag rejects most postings of other terms.
    let want = (postings / 4).max(1);
    (usize::BITS - 1 - want.leading_zeros()).clamp(4, 30)
}

pub(crate) fn bucket(term: u32, bits: u32) -> usize {
    (term & ((1u32 << bits) - 1)) as usize
}

/// Four bits of the term not used by the bucket, to reject most collisions.
pub(crate) fn key_tag(term: u32) -> u32 {
    (term >> 28) & 0xf
}

/// Metadata of one original.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Meta {
    pub url: String,
    pub title: String,
    pub source: String,
    /// ISO date, when known.
    pub published: Option<String>,
}

/// A read-only view of an index held in memory.
#[derive(Clone, Copy)]
pub struct Index<'a> {
    bytes: &'a [u8],
    built: u32,
    count: u32,
    bucket_bits: u32,
    sentences: &'a [u8],
    buckets: &'a [u8],
    postings: &'a [u8],
    strings: &'a [u8],
    sources: &'a [u8],
    source_count: u32,
}

fn rd_u16(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}
fn rd_u32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// One original sentence read from the index.
#[derive(Clone, Copy, Debug)]
pub struct SentenceView<'a> {
    packed: &'a [u8],
    pub len: usize,
    pub flags: u8,
    /// Total background weight of the kept terms.
    pub weight: f32,
    pub exact: u8,
}

impl SentenceView<'_> {
    /// The kept terms' 12-bit hashes.
    pub fn hashes(&self) -> impl Iterator<Item = u16> + '_ {
        fingerprint::unpack_hashes(self.packed, self.len)
    }

    /// The hashes of its numbers (up to `MAX_FLAGGED_NUMBERS`).
    pub fn numbers(&self) -> impl Iterator<Item = u16> + '_ {
        let n = usize::from(self.flags >> fingerprint::NUMBERS_SHIFT)
            & fingerprint::MAX_FLAGGED_NUMBERS;
        self.hashes().take(n)
    }
}

impl<'a> Index<'a> {
    /// Validate `bytes` as an index and view it in place.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, IndexError> {
        Self::parse(bytes, true)
    }

    /// View bytes that already passed [`Index::from_bytes`], skipping the
    /// checksum pass (a long-lived holder re-viewing its own buffer). Bounds
    /// are still checked, so wrong bytes give an error, never a panic.
    pub fn from_validated_bytes(bytes: &'a [u8]) -> Result<Self, IndexError> {
        Self::parse(bytes, false)
    }

    fn parse(bytes: &'a [u8], verify: bool) -> Result<Self, IndexError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        if bytes.len() < HEADER_LEN + 8 {
            return Err(IndexError::Truncated {
                expected: HEADER_LEN + 8,
                actual: bytes.len(),
            });
        }
        let version = rd_u16(bytes, 8).ok_or(IndexError::NotAnIndex)?;
        if version != VERSION {
            return Err(IndexError::UnsupportedVersion(version));
        }
        let h = |i: usize| rd_u32(bytes, 12 + 4 * i).unwrap_or(0);
        let (built, count, bucket_bits) = (h(0), h(1), h(2));
        let (sentences_off, buckets_off, postings_off, postings_len) = (h(3), h(4), h(5), h(6));
        let (strings_off, sources_off, source_count, total) = (h(7), h(8), h(9), h(10));
        let total = total as usize;
        if bytes.len() < total {
            return Err(IndexError::Truncated {
                expected: total,
                actual: bytes.len(),
            });
        }
        if bytes.len() > total {
            return Err(IndexError::Corrupt("trailing bytes after the checksum"));
        }
        let body = &bytes[..total - 8];
        let stored = u64::from_le_bytes(bytes[total - 8..].try_into().expect("8 bytes"));
        if verify && twox_hash::XxHash3_64::oneshot(body) != stored {
            return Err(IndexError::ChecksumMismatch);
        }
        // Sections must be in order and inside the body.
        let articles_end = HEADER_LEN as u64 + u64::from(count) * ARTICLE_LEN as u64;
        let buckets_len = ((1u64 << bucket_bits.min(31)) + 1) * 4;
        let ok = bucket_bits <= 30
            && articles_end == u64::from(sentences_off)
            && sentences_off <= buckets_off
            && u64::from(buckets_off) + buckets_len == u64::from(postings_off)
            && u64::from(postings_off) + u64::from(postings_len) * 4 == u64::from(strings_off)
            && strings_off <= sources_off
            && u64::from(sources_off) + u64::from(source_count) * 4 == body.len() as u64;
        if !ok {
            return Err(IndexError::Corrupt("section table does not fit the file"));
        }
        let s = |a: u32, b: u32| &body[a as usize..b as usize];
        Ok(Index {
            bytes,
            built,
            count,
            bucket_bits,
            sentences: s(sentences_off, buckets_off),
            buckets: s(buckets_off, postings_off),
            postings: s(postings_off, strings_off),
            strings: s(strings_off, sources_off),
            sources: s(sources_off, body.len() as u32),
            source_count,
        })
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }
    /// Build date, days since 1970.
    pub fn built(&self) -> u32 {
        self.built
    }

    fn record(&self, id: u32) -> Option<&'a [u8]> {
        let at = HEADER_LEN + id as usize * ARTICLE_LEN;
        self.bytes.get(at..at + ARTICLE_LEN)
    }

    /// When an article was published.
    pub fn published(&self, id: u32) -> Option<Published> {
        let r = self.record(id)?;
        let day = u32::from(rd_u16(r, 10)?);
        if day == 0 {
            return None;
        }
        let flags = rd_u16(r, 14)?;
        let utc_day = match flags >> 2 & 3 {
            1 => day + 1,
            2 => day - 1,
            _ => day,
        };
        let utc_minute = (flags & FLAG_TIME != 0).then(|| utc_day * 1440 + u32::from(flags >> 4));
        Some(Published { day, utc_minute })
    }

    fn read_str(&self, at: usize) -> Option<(&'a str, usize)> {
        let mut len = 0usize;
        let mut pos = at;
        for shift in (0..35).step_by(7) {
            let b = *self.strings.get(pos)?;
            pos += 1;
            len |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                let s = self.strings.get(pos..pos.checked_add(len)?)?;
                return Some((std::str::from_utf8(s).ok()?, pos + len));
            }
        }
        None
    }

    /// An article's source name and the URL prefix its articles share.
    fn source(&self, r: &[u8]) -> Option<(&'a str, &'a str)> {
        let source_id = u32::from(rd_u16(r, 12)?);
        if source_id >= self.source_count {
            return Some(("", ""));
        }
        let off = rd_u32(self.sources, source_id as usize * 4)? as usize;
        let (name, next) = self.read_str(off)?;
        Some((name, self.read_str(next)?.0))
    }

    /// An article's URL (its stored part after its source's prefix) and the
    /// offset of its title.
    fn url_at(&self, r: &[u8]) -> Option<(String, usize)> {
        let at = rd_u32(r, 4)? as usize;
        let (rest, next) = self.read_str(at)?;
        let relative = rd_u16(r, 14)? & FLAG_RELATIVE != 0;
        let prefix = if relative { self.source(r)?.1 } else { "" };
        Some((format!("{prefix}{rest}"), next))
    }

    /// The outlet an article comes from; cheaper than [`Index::meta`].
    pub fn outlet(&self, id: u32) -> Option<&'a str> {
        self.source(self.record(id)?).map(|(name, _)| name)
    }

    /// URL of an article; cheaper than [`Index::meta`].
    pub fn url(&self, id: u32) -> Option<String> {
        self.url_at(self.record(id)?).map(|(u, _)| u)
    }

    pub fn meta(&self, id: u32) -> Option<Meta> {
        let r = self.record(id)?;
        let (url, next) = self.url_at(r)?;
        let (title, _) = self.read_str(next)?;
        let (source, _) = self.source(r)?;
        Some(Meta {
            url,
            title: title.to_string(),
            source: source.to_string(),
            published: self
                .published(id)
                .map(|p| civil_from_days(i64::from(p.day))),
        })
    }

    /// The sentences kept for an article. A corrupt record yields fewer
    /// sentences, never a panic.
    pub fn sentences(&self, id: u32) -> Vec<SentenceView<'a>> {
        let Some(r) = self.record(id) else {
            return Vec::new();
        };
        let (Some(mut at), Some(n)) = (rd_u32(r, 0), rd_u16(r, 8)) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(usize::from(n));
        for _ in 0..n {
            let at_us = at as usize;
            let Some(head) = self.sentences.get(at_us..at_us + 3) else {
                break;
            };
            let len = usize::from(head[0] & 0xf);
            let bytes = fingerprint::packed_len(len);
            let Some(packed) = self.sentences.get(at_us + 3..at_us + 3 + bytes) else {
                break;
            };
            out.push(SentenceView {
                packed,
                len,
                flags: head[0] >> 4,
                weight: fingerprint::decode_weight(head[1]),
                exact: head[2],
            });
            at += (3 + bytes) as u32;
        }
        out
    }

    /// Postings for a term: (article id, weight class) of articles that list
    /// it as a retrieval key (with rare hash collisions).
    pub fn postings(&self, term: u32) -> impl Iterator<Item = (u32, u8)> + 'a {
        let b = bucket(term, self.bucket_bits);
        let start = rd_u32(self.buckets, b * 4).unwrap_or(0) as usize;
        let end = rd_u32(self.buckets, b * 4 + 4).unwrap_or(0) as usize;
        let tag = key_tag(term);
        let slice = self.postings.get(start * 4..end * 4).unwrap_or(&[]);
        slice.chunks_exact(4).filter_map(move |c| {
            let p = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            ((p >> 4) & 0xf == tag).then_some((p >> 8, (p & 0xf) as u8))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let a = Article {
            url: "https://example.com/a".into(),
            title: "Floods hit Newton Stewart".into(),
            source: "Example News".into(),
            published: parse_date("2025-04-30"),
            text: "The River Cree burst its banks in Newton Stewart. Repairs continue in Hawick."
                .into(),
        };
        build(&[a], 20_000)
    }

    #[test]
    fn dates_round_trip() {
        let d = parse_date("2025-04-30T12:36:00Z").unwrap();
        assert_eq!(civil_from_days(i64::from(d.day)), "2025-04-30");
        assert_eq!(d.utc_minute, Some(d.day * 1440 + 12 * 60 + 36));
        assert_eq!(parse_date("not a date"), None);
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), None);
        assert_eq!(parse_date("2025-04-30").unwrap().utc_minute, None);
        // No zone: the time is not a moment.
        assert_eq!(parse_date("2025-04-30T12:36").unwrap().utc_minute, None);
    }

    #[test]
    fn times_keep_their_zone_through_the_index() {
        let same_moment = [
            "2025-04-30T22:30:00.000-04:00",
            "2025-05-01T02:30Z",
            "2025-05-01 10:30+0800",
        ];
        let articles: Vec<Article> = same_moment
            .iter()
            .map(|&t| Article {
                url: format!("https://example.com/{t}"),
                text: "The River Cree burst its banks in Newton Stewart.".into(),
                published: parse_date(t),
                ..Article::default()
            })
            .collect();
        let moment = articles[1].published.unwrap().utc_minute;
        assert!(moment.is_some());
        let bytes = build(&articles, 20_000);
        let idx = Index::from_bytes(&bytes).unwrap();
        for (id, a) in articles.iter().enumerate() {
            let p = idx.published(id as u32).unwrap();
            assert_eq!(p, a.published.unwrap(), "{}", same_moment[id]);
            assert_eq!(p.utc_minute, moment, "{}", same_moment[id]);
            assert_eq!(idx.url(id as u32).unwrap(), a.url);
        }
        assert_eq!(idx.meta(0).unwrap().published.unwrap(), "2025-04-30");
    }

    #[test]
    fn later_means_by_the_minute_or_by_more_than_a_day() {
        let p = |s| parse_date(s).unwrap();
        assert!(p("2025-04-30T10:01Z").is_after(p("2025-04-30T10:00Z")));
        assert!(!p("2025-04-30T10:00Z").is_after(p("2025-04-30T10:01Z")));
        assert!(!p("2025-05-01").is_after(p("2025-04-30T10:00Z")));
        assert!(p("2025-05-02").is_after(p("2025-04-30T10:00Z")));
    }

    #[test]
    fn round_trips_metadata() {
        let bytes = sample();
        let idx = Index::from_bytes(&bytes).unwrap();
        assert_eq!(idx.len(), 1);
        let m = idx.meta(0).unwrap();
        assert_eq!(m.url, "https://example.com/a");
        assert_eq!(m.source, "Example News");
        assert_eq!(m.published.as_deref(), Some("2025-04-30"));
        assert_eq!(idx.sentences(0).len(), 2);
    }

    #[test]
    fn urls_sharing_a_source_prefix_round_trip() {
        let article = |url: &str, source: &str| Article {
            url: url.into(),
            title: "A title".into(),
            source: source.into(),
            published: None,
            text: "The River Cree burst its banks in Newton Stewart.".into(),
        };
        let urls = [
            ("https://news.example/world/flood-é", "Example"),
            ("https://news.example/world/flood-è", "Example"),
            ("https://news.example/sport", "Example"),
            ("https://other.example/only", "Other"),
            ("", "Other"),
        ];
        let articles: Vec<Article> = urls.iter().map(|&(u, s)| article(u, s)).collect();
        let bytes = build(&articles, 20_000);
        let idx = Index::from_bytes(&bytes).unwrap();
        for (id, &(url, source)) in urls.iter().enumerate() {
            assert_eq!(idx.url(id as u32).as_deref(), Some(url));
            let m = idx.meta(id as u32).unwrap();
            assert_eq!((m.url.as_str(), m.source.as_str()), (url, source));
        }
        assert_eq!(common_prefix("abé", "abè"), "ab");
        assert_eq!(common_prefix("abc", "ab"), "ab");
    }

    #[test]
    fn rejects_damaged_files_without_panicking() {
        let bytes = sample();
        assert_eq!(
            Index::from_bytes(b"hello").err(),
            Some(IndexError::NotAnIndex)
        );
        for cut in [8, 20, 64, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                matches!(
                    Index::from_bytes(&bytes[..cut]),
                    Err(IndexError::Truncated { .. })
                ),
                "cut at {cut}"
            );
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x10;
            assert!(
                Index::from_bytes(&b).is_err(),
                "flip at byte {i} went unnoticed"
            );
        }
        let mut b = bytes.clone();
        b[8] = 9;
        assert_eq!(
            Index::from_bytes(&b).err(),
            Some(IndexError::UnsupportedVersion(9))
        );
    }
}
