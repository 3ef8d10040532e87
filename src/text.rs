//! Text pipeline for news prose: sentences, words, stems and numbers.
//!
//! Everything downstream compares *terms*: a 32-bit hash of a word's
//! normalised stem, or of a number's canonical value. Offsets always point
//! into the caller's original text so matches can be shown on the page.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use crate::stopwords::is_stopword;

/// What a token is; matching weighs them differently.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A function word ("the", "said"): kept for verbatim checks only.
    Stop,
    /// A content word.
    Word,
    /// A content word written with a capital letter mid-sentence: likely a name.
    Name,
    /// A number, normalised so "4,700", "4700" and "4.7 thousand" agree.
    Number,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    pub term: u32,
    pub kind: Kind,
}

impl Token {
    pub fn is_content(&self) -> bool {
        self.kind != Kind::Stop
    }
}

#[derive(Clone, Debug)]
pub struct Sentence {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Range into `Doc::tokens`.
    pub first_token: usize,
    pub end_token: usize,
    /// Share of the sentence's characters inside quotation marks.
    pub quoted: f32,
    /// Index of its paragraph in the text.
    pub paragraph: u32,
}

/// A tokenised document. Offsets refer to the text it was built from.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
}

impl Doc {
    pub fn tokens_of(&self, s: &Sentence) -> &[Token] {
        &self.tokens[s.first_token..s.end_token]
    }
}

/// Hash of a normalised term string; the one place terms are hashed.
pub fn term_hash(s: &str) -> u32 {
    let h = twox_hash::XxHash3_64::oneshot(s.as_bytes());
    (h ^ (h >> 32)) as u32
}

fn word_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // A number with its separators and an optional scale word, or a run of
        // letters (apostrophes inside words kept, hyphens split words so
        // "front-line" and "front line" agree).
        Regex::new(
            r"(?x)
            (?P<num>\d+(?:[.,]\d+)*)
            (?:\s?(?P<scale>thousand|million|billion|trillion|mln|bln|bn|m|k|tn)\b)?
            |
            (?P<word>[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}]+)*)
            ",
        )
        .expect("word pattern compiles")
    })
}

fn stemmer() -> &'static Stemmer {
    static S: OnceLock<Stemmer> = OnceLock::new();
    S.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// British spellings folded into American ones, so that "organisation",
/// "defences" and "centre" meet the "organization", "defenses" and "center"
/// of a rewrite (LLMs mostly write American). Both sides of a comparison are
/// folded alike, so a rule that also rewrites an unrelated word ("praise")
/// costs nothing unless the result is another real word.
fn fold_spelling(word: &str) -> Cow<'_, str> {
    // (British ending, American ending, letters that must precede it).
    const ENDINGS: &[(&str, &str, usize)] = &[
        ("isations", "izations", 3),
        ("isation", "ization", 3),
        ("ising", "izing", 3),
        ("ised", "ized", 3),
        ("ises", "izes", 3),
        ("iser", "izer", 3),
        ("isers", "izers", 3),
        ("ise", "ize", 3),
        ("ysing", "yzing", 2),
        ("ysed", "yzed", 2),
        ("yses", "yzes", 2),
        ("yse", "yze", 2),
        ("ourhoods", "orhoods", 3),
        ("ourhood", "orhood", 3),
        ("ourites", "orites", 3),
        ("ourite", "orite", 3),
        ("ourable", "orable", 3),
        ("ourably", "orably", 3),
        ("ouring", "oring", 3),
        ("ourful", "orful", 3),
        ("ourless", "orless", 3),
        ("ourers", "orers", 3),
        ("ourer", "orer", 3),
        ("oured", "ored", 3),
        ("ours", "ors", 3),
        ("our", "or", 3),
        ("tres", "ters", 2),
        ("tre", "ter", 2),
        ("bres", "bers", 2),
        ("bre", "ber", 2),
        // "travelled", "cancelling", "signalled": American keeps one l.
        ("ellers", "elers", 2),
        ("eller", "eler", 2),
        ("elled", "eled", 2),
        ("elling", "eling", 2),
        ("alled", "aled", 3),
        ("alling", "aling", 3),
        ("ogues", "ogs", 3),
        ("ogue", "og", 3),
    ];
    // Whole stems whose British form no ending rule covers.
    const STEMS: &[(&str, &str)] = &[
        ("defence", "defense"),
        ("offence", "offense"),
        ("licence", "license"),
        ("pretence", "pretense"),
        ("programme", "program"),
        ("paediatr", "pediatr"),
        ("orthopaed", "orthoped"),
        ("haem", "hem"),
        ("anaem", "anem"),
        ("anaesth", "anesth"),
        ("leukaem", "leukem"),
        ("oesophag", "esophag"),
        ("foet", "fet"),
        ("diarrhoe", "diarrhe"),
        ("manoeuvr", "maneuver"),
        ("sceptic", "skeptic"),
        ("aluminium", "aluminum"),
        ("jewellery", "jewelry"),
        ("practis", "practic"),
        ("grey", "gray"),
        ("tyre", "tire"),
        ("plough", "plow"),
        ("mould", "mold"),
        ("pyjama", "pajama"),
        ("moustache", "mustache"),
    ];
    for &(uk, us) in STEMS {
        if let Some(rest) = word.strip_prefix(uk) {
            return Cow::Owned(format!("{us}{rest}"));
        }
    }
    for &(uk, us, before) in ENDINGS {
        if let Some(stem) = word.strip_suffix(uk) {
            if stem.chars().count() >= before {
                return Cow::Owned(format!("{stem}{us}"));
            }
            break;
        }
    }
    Cow::Borrowed(word)
}

/// Spelled-out numbers that news prose uses interchangeably with digits.
/// "one" alone is left out: it is more often a pronoun than a figure.
fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// The unit of a hyphenated number ("twenty-one"), where "one" counts.
fn unit_word(w: &str) -> Option<u32> {
    match w {
        "one" => Some(1),
        _ => number_word(w).filter(|&n| n < 10),
    }
}

fn number_term(value: &str) -> u32 {
    term_hash(&format!("#{value}"))
}

/// Canonical spelling of a number: "4,700" and "4.7 thousand" become "4700",
/// "1.13bn" becomes "1130000000", "3.5" stays "3.5".
pub fn canonical_number(digits: &str, scale: Option<&str>) -> String {
    // A comma followed by exactly three digits groups thousands; otherwise it
    // is a decimal comma (European style) or a list.
    let mut cleaned = String::with_capacity(digits.len());
    let parts: Vec<&str> = digits.split(',').collect();
    let grouped = parts.len() > 1
        && parts[1..]
            .iter()
            .all(|p| p.len() >= 3 && p[..3].bytes().all(|b| b.is_ascii_digit()));
    if grouped {
        for p in &parts {
            cleaned.push_str(p);
        }
    } else {
        cleaned.push_str(&digits.replace(',', "."));
    }
    // More than one dot: not a decimal (a date like 30.04.2025); keep as is.
    if cleaned.matches('.').count() > 1 {
        return cleaned;
    }
    let mult: f64 = match scale {
        Some("thousand" | "k") => 1e3,
        Some("million" | "mln" | "m") => 1e6,
        Some("billion" | "bln" | "bn") => 1e9,
        Some("trillion" | "tn") => 1e12,
        _ => 1.0,
    };
    if mult == 1.0 {
        let t = cleaned.trim_end_matches('.');
        return if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t.trim_start_matches('0').to_string()
        };
    }
    match cleaned.parse::<f64>() {
        Ok(v) => {
            let x = v * mult;
            if x.fract() == 0.0 && x < 1e18 {
                format!("{}", x as u64)
            } else {
                format!("{x}")
            }
        }
        Err(_) => cleaned,
    }
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '«' | '»' | '„')
}

/// Normalise a word: lowercase, and for non-ASCII words NFKC with accents off
/// Latin letters ([`fold_unicode`]); curly apostrophes folded, possessive
/// "'s" dropped.
fn normalise_word(w: &str) -> String {
    let mut s = if w.is_ascii() {
        w.to_ascii_lowercase()
    } else {
        fold_unicode(w)
    };
    s = s.replace('’', "'");
    if let Some(stripped) = s.strip_suffix("'s") {
        s = stripped.to_string();
    }
    s.retain(|c| c != '\'');
    s
}

/// NFKC, lowercase, and accents off Latin letters: "Müller", "Özil" and
/// "Niño" are often written "Muller", "Ozil" and "Nino" in English. Other
/// scripts keep their marks, which carry meaning there.
fn fold_unicode(w: &str) -> String {
    let mut s = String::with_capacity(w.len());
    let mut latin = false;
    for c in w.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            if !latin {
                s.push(c);
            }
            continue;
        }
        latin = c.is_ascii_alphabetic();
        s.push(c);
    }
    s.nfkc().flat_map(char::to_lowercase).collect()
}

/// The outlet a page credits as its author in a line of its own: a wire
/// dateline opening a paragraph near its start
/// ("LONDON, March 3 (Reuters) - ...") or a sign-off closing it ("... the
/// company said. Reuter"). An agency's copy carries these; a rewrite that
/// hides whose text it took does not.
pub fn credit_line(text: &str) -> Option<String> {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    let [dateline, sign_off] = RE.get_or_init(|| {
        [
            Regex::new(r"(?m)^\p{Lu}[^\n(]{0,60}\((?P<outlet>\p{L}[\p{L} .&]{1,30})\)\s*[-–—]")
                .expect("dateline pattern compiles"),
            Regex::new(r#"[.!?"”]\s+(?P<outlet>\p{Lu}\p{L}{2,20})[^\p{L}]*\z"#)
                .expect("sign-off pattern compiles"),
        ]
    });
    let head = &text[..floor_char_boundary(text, 400)];
    let tail = &text[floor_char_boundary(text, text.len().saturating_sub(120))..];
    let found = dateline
        .captures(head)
        .or_else(|| sign_off.captures(tail))?;
    Some(found["outlet"].trim().to_string())
}

/// The largest char boundary of `s` at or below `at`.
pub fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Split `text` into sentences and tokens.
pub fn analyse(text: &str) -> Doc {
    let mut doc = Doc::default();
    for (paragraph, (p_start, p_end)) in paragraphs(text).enumerate() {
        for (s_start, s_end) in sentence_spans(text, p_start, p_end) {
            let first_token = doc.tokens.len();
            tokenise(text, s_start, s_end, &mut doc.tokens);
            if doc.tokens.len() == first_token {
                continue;
            }
            doc.sentences.push(Sentence {
                start: s_start,
                end: s_end,
                first_token,
                end_token: doc.tokens.len(),
                quoted: quoted_share(&text[s_start..s_end]),
                paragraph: paragraph as u32,
            });
        }
    }
    doc
}

fn tokenise(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let slice = &text[start..end];
    let mut at_sentence_start = true;
    for cap in word_re().captures_iter(slice) {
        let m = cap.get(0).expect("whole match");
        let (s, e) = (start + m.start(), start + m.end());
        if let Some(num) = cap.name("num") {
            // The minutes of a race time or hours of a clock time ("1:57.67")
            // are written out as often ("one minute 57.67 seconds"); the part
            // after the colon carries the figure on either spelling.
            let rest = &text[e..end];
            if cap.name("scale").is_none()
                && rest.starts_with(':')
                && rest[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                continue;
            }
            let canon = canonical_number(num.as_str(), cap.name("scale").map(|m| m.as_str()));
            out.push(Token {
                start: s,
                end: e,
                term: number_term(&canon),
                kind: Kind::Number,
            });
            at_sentence_start = false;
            continue;
        }
        let raw = m.as_str();
        let word = normalise_word(raw);
        if word.is_empty() {
            continue;
        }
        let capitalised = raw.chars().next().is_some_and(char::is_uppercase);
        let kind;
        let term;
        // "twenty-five" is the one figure 25, as its digits would be.
        let tens = out
            .last_mut()
            .filter(|prev| prev.kind == Kind::Number)
            .filter(|prev| {
                let gap = text.get(prev.end..s);
                matches!(gap, Some("-" | "\u{2010}" | "\u{2011}"))
            })
            .and_then(|prev| {
                let v = number_word(&normalise_word(&text[prev.start..prev.end]))?;
                ((20..100).contains(&v) && v % 10 == 0).then_some((prev, v))
            });
        if let (Some((prev, v)), Some(u)) = (tens, unit_word(&word)) {
            prev.end = e;
            prev.term = number_term(&(v + u).to_string());
            at_sentence_start = false;
            continue;
        }
        if let Some(n) = number_word(&word) {
            kind = Kind::Number;
            term = number_term(&n.to_string());
        } else if is_stopword(&word) {
            kind = Kind::Stop;
            term = term_hash(&word);
        } else {
            let folded = fold_spelling(&word);
            let stem = stemmer().stem(&folded);
            kind = if capitalised && !at_sentence_start {
                Kind::Name
            } else {
                Kind::Word
            };
            term = term_hash(&stem);
        }
        out.push(Token {
            start: s,
            end: e,
            term,
            kind,
        });
        at_sentence_start = false;
    }
}

/// Paragraphs: runs of text separated by line breaks, less any list marker
/// or label at their start ([`list_marker`]).
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            return None;
        }
        let lead = line.len() - line.trim_start().len();
        let marker = list_marker(trimmed);
        (marker < trimmed.len()).then_some((start + lead + marker, start + lead + trimmed.len()))
    })
}

/// Length of a list item's marker ("1. ", "2) ", "- ", "• ") and label
/// ("Flood Damage: ", "**Point 2:**") at the start of a line, or 0. LLMs
/// write summaries as lists: an item's ordinal is not a figure of the
/// story, its label's capitals are not names, and the first word after them
/// starts a sentence.
fn list_marker(line: &str) -> usize {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?x)^
            (?:(?:[-*•‣◦▪–—]|\(?[0-9]{1,2}[.)])\s+)?
            (?:\**\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,4}(?:\s+[0-9]{1,2})?\**:\**\s+)?",
        )
        .expect("list marker pattern compiles")
    });
    re.find(line).map_or(0, |m| m.end())
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "maj", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "vs", "inc", "corp", "ltd", "co", "jr", "sr", "mt", "ft", "etc", "approx", "fig", "est",
];

/// Sentence boundaries inside one paragraph: a terminator, optional closing
/// quote or bracket, whitespace, then something that can start a sentence.
fn sentence_spans(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let para = &text[start..end];
    let mut spans = Vec::new();
    let mut sent_start = 0;
    let mut iter = para.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Absorb trailing closers.
        let mut j = i + c.len_utf8();
        while let Some(&(k, n)) = iter.peek() {
            if matches!(n, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                j = k + n.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        // Need whitespace then an opener.
        let rest = &para[j..];
        let ws = rest.len() - rest.trim_start().len();
        if ws == 0 && !glued_boundary(&para[sent_start..i], rest) {
            continue;
        }
        let next = rest[ws..].chars().next();
        let opener = next.is_some_and(|n| {
            n.is_uppercase() || n.is_ascii_digit() || is_quote_char(n) || n == '‘' || n == '('
        });
        if !opener {
            continue;
        }
        if c == '.' && is_abbreviation(&para[sent_start..i]) {
            continue;
        }
        spans.push((start + sent_start, start + j));
        sent_start = j + ws;
    }
    if sent_start < para.len() {
        spans.push((start + sent_start, end));
    }
    spans
}

/// Paragraphs joined without a space ("...the talks.The minister said"),
/// as a page's text comes out when its markup has no whitespace between
/// block elements: a lowercase word, the terminator, then a capital or an
/// opening quote. Dotted names ("www.example.Com", "U.S.Army") do not qualify.
fn glued_boundary(before: &str, rest: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let lower_word = word.chars().count() >= 2
        && !word.contains('.')
        && word.chars().last().is_some_and(char::is_lowercase);
    lower_word
        && rest
            .chars()
            .next()
            .is_some_and(|n| n.is_uppercase() || n == '“' || n == '‘')
}

/// Whether the word before a full stop is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| !c.is_alphanumeric() && c != '.')
        .next()
        .unwrap_or("");
    let word = last.rsplit('.').next().unwrap_or(last);
    // "U.S" in "U.S." or "a.m"; not a figure ("$53.03", "£3.5m").
    let figure = last.starts_with(|c: char| c.is_ascii_digit());
    if last.contains('.') && word.chars().count() <= 2 && !figure {
        return true;
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true; // an initial: "John F. Kennedy"
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

fn quoted_share(s: &str) -> f32 {
    let mut inside = false;
    let (mut quoted, mut total) = (0usize, 0usize);
    for c in s.chars() {
        match c {
            '"' => inside = !inside,
            '“' | '«' | '„' => inside = true,
            '”' | '»' => inside = false,
            _ => {
                if c.is_alphanumeric() {
                    total += 1;
                    if inside {
                        quoted += 1;
                    }
                }
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        quoted as f32 / total as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        analyse(text)
            .sentences
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn numbers_agree_across_spellings() {
        assert_eq!(canonical_number("4,700", None), "4700");
        assert_eq!(canonical_number("4.7", Some("thousand")), "4700");
        assert_eq!(canonical_number("1.13", Some("bn")), "1130000000");
        assert_eq!(canonical_number("2", Some("m")), "2000000");
        assert_eq!(canonical_number("3.50", None), "3.5");
        let a = analyse("About 4,700 casualties.");
        let b = analyse("Roughly 4.7 thousand casualties.");
        let num = |d: &Doc| {
            d.tokens
                .iter()
                .find(|t| t.kind == Kind::Number)
                .map(|t| t.term)
        };
        assert_eq!(num(&a), num(&b));
    }

    fn numbers(text: &str) -> Vec<u32> {
        analyse(text)
            .tokens
            .iter()
            .filter(|t| t.kind == Kind::Number)
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn spelled_numbers_agree_with_digits() {
        assert_eq!(
            numbers("Nineteen-year-old, twenty-five people, ninety-one days"),
            numbers("19-year-old, 25 people, 91 days")
        );
        // "one" alone is a pronoun, not a figure.
        assert!(numbers("one of the officers").is_empty());
    }

    #[test]
    fn a_race_time_agrees_with_its_spelling_out() {
        assert_eq!(
            numbers("She qualified fastest in 1:57.67."),
            numbers("She qualified fastest in one minute 57.67 seconds.")
        );
        // A ratio or score with spaces is two figures.
        assert_eq!(numbers("won 3 : 1").len(), 2);
    }

    #[test]
    fn british_and_american_spellings_agree() {
        let terms = |t: &str| analyse(t).tokens.iter().map(|t| t.term).collect::<Vec<_>>();
        assert_eq!(
            terms("The organisation's flood defences near the centre, 5 metres of programmes, honourable behaviour, analysed"),
            terms("The organization's flood defenses near the center, 5 meters of programs, honorable behavior, analyzed")
        );
        assert_eq!(
            terms("Paediatric anaesthetists travelled, cancelled and signalled; sceptical of grey tyres and the catalogue"),
            terms("Pediatric anesthetists traveled, canceled and signaled; skeptical of gray tires and the catalog")
        );
        // Short words that only look British stay apart.
        assert_ne!(terms("hours"), terms("hors"));
        assert_ne!(terms("raise"), terms("raize"));
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        let s = sentences(
            "The U.S. Senate met. Mr. Smith said “no.” Then he left! 5 people stayed.\nNew line",
        );
        assert_eq!(
            s,
            vec![
                "The U.S. Senate met.",
                "Mr. Smith said “no.”",
                "Then he left!",
                "5 people stayed.",
                "New line"
            ]
        );
    }

    #[test]
    fn a_figure_ends_a_sentence_as_a_word_does() {
        let s = sentences(
            "Brent closed at $53.03. The gains held. Arrears topped £3.5m. Business \
             Minister Margot James spoke at 9 a.m. Monday in the U.K.",
        );
        assert_eq!(
            s,
            vec![
                "Brent closed at $53.03.",
                "The gains held.",
                "Arrears topped £3.5m.",
                "Business Minister Margot James spoke at 9 a.m. Monday in the U.K."
            ]
        );
    }

    #[test]
    fn reads_a_wire_credit_line() {
        assert_eq!(
            credit_line("LONDON, March 3 (Reuters) - Shares fell.").as_deref(),
            Some("Reuters")
        );
        assert_eq!(
            credit_line("Senate passes bill\n\nWASHINGTON (AP) — The Senate voted.").as_deref(),
            Some("AP")
        );
        assert_eq!(
            credit_line("Output rose 5 pct, the company said. Reuter &#3;").as_deref(),
            Some("Reuter")
        );
        // Naming an agency is not a credit line.
        assert_eq!(credit_line("Prices rose, traders told Reuters."), None);
        assert_eq!(credit_line("The minister (Labour) said so."), None);
        assert_eq!(credit_line(""), None);
    }

    #[test]
    fn splits_paragraphs_glued_without_a_space() {
        let s = sentences(
            "Seoul confirmed the losses.The troops were sent in October.“We left,” he said.A total of 600 died.See www.example.Com now.",
        );
        assert_eq!(
            s,
            vec![
                "Seoul confirmed the losses.",
                "The troops were sent in October.",
                "“We left,” he said.",
                "A total of 600 died.",
                "See www.example.Com now."
            ]
        );
    }

    #[test]
    fn stems_and_folds_possessives() {
        let a = analyse("Korea’s troops were fighting");
        let b = analyse("Korea troop fights");
        let terms = |d: &Doc| {
            d.tokens
                .iter()
                .filter(|t| t.is_content())
                .map(|t| t.term)
                .collect::<Vec<_>>()
        };
        assert_eq!(terms(&a), terms(&b));
    }

    #[test]
    fn latin_accents_fold_but_other_scripts_keep_their_marks() {
        let terms = |text: &str| {
            analyse(text)
                .tokens
                .iter()
                .map(|t| t.term)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            terms("Müller, Özil and Niño in São Paulo"),
            terms("Muller, Ozil and Nino in Sao Paulo")
        );
        // Devanagari "kiya" and "kaya": the vowel sign is the difference.
        assert_ne!(terms("किया"), terms("कया"));
    }

    #[test]
    fn list_markers_and_labels_are_not_figures_or_names() {
        let text = "Key points\n\n1. Dealers said the shortfall was larger.\n\
                    2) Bankers expect 85 million pounds.\n\
                    - **Cash Drain:** Bills will drain some 650 million pounds.\n\
                    • Point 4: Dealers were surprised.";
        let doc = analyse(text);
        let words: Vec<Vec<(&str, Kind)>> = doc
            .sentences
            .iter()
            .map(|s| {
                doc.tokens_of(s)
                    .iter()
                    .map(|t| (&text[t.start..t.end], t.kind))
                    .collect()
            })
            .collect();
        assert_eq!(words.len(), 5, "{words:?}");
        assert_eq!(words[1][0], ("Dealers", Kind::Word));
        assert_eq!(words[2][0], ("Bankers", Kind::Word));
        assert_eq!(words[3][0], ("Bills", Kind::Word));
        assert_eq!(words[4][0], ("Dealers", Kind::Word));
        let numbers: Vec<&str> = words
            .iter()
            .flatten()
            .filter(|w| w.1 == Kind::Number)
            .map(|w| w.0)
            .collect();
        assert_eq!(numbers, ["85 million", "650 million"]);
    }

    #[test]
    fn other_scripts_do_not_panic() {
        for t in [
            "北朝鮮の兵士600人が死亡した。",
            "Северная Корея потеряла 600 солдат.",
            "\u{0}\u{fffd}\u{202e}",
            "",
        ] {
            let d = analyse(t);
            for s in &d.sentences {
                assert!(t.is_char_boundary(s.start) && t.is_char_boundary(s.end));
            }
        }
    }

    #[test]
    fn measures_quoted_share() {
        let d = analyse("“We will always honor the heroes,” Putin said.");
        assert!(d.sentences[0].quoted > 0.6);
    }
}
