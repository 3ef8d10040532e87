//! Benchmarks: index build throughput, and `check` latency for a 1,000-word
//! page against 10k- and 100k-article indexes.
//!
//! The corpus is synthetic and deterministic (pseudo-words drawn with a
//! Zipf-like skew, mixed with English function words, names and numbers),
//! led by the real BBC articles of `../shared/data/bbc-2225.jsonl` when that
//! file exists.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use unspun::index::{self, Article};
use unspun::{Index, Options};

const BUILT: u32 = 20_000;
/// Index bytes per article, metadata included (issue 2).
const MAX_BYTES_PER_ARTICLE: usize = 512;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "he", "for", "it", "with", "as",
    "his", "on", "be", "at", "by", "had", "are", "but", "from", "or", "have", "an", "they",
    "which", "one", "were", "her", "all", "she", "there", "would", "their", "we", "him", "been",
    "has", "when", "who", "will", "no", "more", "if", "out", "so", "said", "what", "up", "its",
    "about", "than", "into", "them", "can", "only", "other", "new", "some", "could", "time",
    "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like", "our",
    "over",
];

const OUTLETS: &[&str] = &[
    "Daily Ledger",
    "Morning Post",
    "The Courier",
    "Evening Standard Times",
    "Global Wire",
    "City Herald",
    "National Observer",
    "The Tribune",
    "Coastal Gazette",
    "Metro Daily",
    "Valley News",
    "Capital Chronicle",
    "The Sentinel",
    "Northern Echo Press",
    "Southern Record",
    "World Report",
    "Market Watchers",
    "The Dispatch",
    "Harbour Times",
    "Pacific Bulletin",
    "Atlantic Review",
    "The Clarion",
    "Union Journal",
    "Civic Voice",
    "The Examiner",
    "Frontier Press",
    "Lakeside Leader",
    "Highland Mail",
    "The Beacon",
    "River City News",
    "Plains Register",
    "The Monitor",
    "Summit Daily",
    "Bay Area Wire",
    "The Advocate",
    "Central Star",
    "Eastern Telegraph",
    "Western Enterprise",
    "The Pioneer",
    "Island Times",
    "Delta Democrat",
    "The Guardian Post",
    "Continental Times",
    "Republic Daily",
    "The Inquirer",
    "Desert Sun",
    "Forest Ledger",
    "The Observer Today",
    "Channel Nine News",
    "Open Press Agency",
];

struct Gen {
    rng: Rng,
    vocab: Vec<String>,
    names: Vec<String>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        const ONSETS: &[&str] = &[
            "b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "br", "st", "tr",
            "ch",
        ];
        const NUCLEI: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        const CODAS: &[&str] = &["", "n", "r", "s", "t", "l", "nd", "st"];
        let mut rng = Rng(seed);
        let mut seen = std::collections::HashSet::new();
        let mut vocab = Vec::with_capacity(20_000);
        while vocab.len() < 20_000 {
            let syllables = 1 + rng.below(3) + usize::from(rng.below(4) == 0);
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(ONSETS[rng.below(ONSETS.len())]);
                w.push_str(NUCLEI[rng.below(NUCLEI.len())]);
                w.push_str(CODAS[rng.below(CODAS.len())]);
            }
            if w.len() > 2 && seen.insert(w.clone()) {
                vocab.push(w);
            }
        }
        let names = (0..400)
            .map(|i| {
                let w = &vocab[(i * 37 + 11) % vocab.len()];
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        Gen { rng, vocab, names }
    }

    /// A content word, skewed towards the front of the vocabulary.
    fn word(&mut self) -> &str {
        let u = self.rng.unit();
        let i = ((self.vocab.len() as f64) * u.powi(3)) as usize;
        &self.vocab[i.min(self.vocab.len() - 1)]
    }

    fn sentence(&mut self) -> String {
        let n = 10 + self.rng.below(18);
        let mut words: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let r = self.rng.below(100);
            let w = if r < 42 {
                FUNCTION_WORDS[self.rng.below(FUNCTION_WORDS.len())].to_string()
            } else if r < 48 {
                self.names[self.rng.below(self.names.len())].clone()
            } else if r < 51 {
                format!("{}", self.rng.below(10_000))
            } else {
                self.word().to_string()
            };
            words.push(w);
        }
        let mut s = words.join(" ");
        if let Some(f) = s.get(..1) {
            let up = f.to_uppercase();
            s.replace_range(..1, &up);
        }
        s.push(if self.rng.below(12) == 0 { '?' } else { '.' });
        s
    }

    /// An article of about 300-500 words in paragraphs.
    fn text(&mut self) -> String {
        let target = 300 + self.rng.below(200);
        let mut out = String::new();
        let mut words = 0;
        let mut in_para = 0;
        while words < target {
            let s = self.sentence();
            words += s.split(' ').count();
            if !out.is_empty() {
                out.push_str(if in_para >= 2 + self.rng.below(3) {
                    "\n\n"
                } else {
                    " "
                });
                if out.ends_with('\n') {
                    in_para = 0;
                }
            }
            out.push_str(&s);
            in_para += 1;
        }
        out
    }

    fn article(&mut self, id: usize) -> Article {
        let slug: Vec<String> = (0..8).map(|_| self.word().to_string()).collect();
        let mut title = String::new();
        while title.len() < 55 {
            if !title.is_empty() {
                title.push(' ');
            }
            let w = if self.rng.below(4) == 0 {
                self.names[self.rng.below(self.names.len())].clone()
            } else {
                self.word().to_string()
            };
            title.push_str(&w);
        }
        let days = 18_262 + self.rng.below(2_000) as u32; // 2020-01-01 onwards
        let date = index::civil_from_days(i64::from(days));
        let section = [
            "world", "politics", "business", "sport", "science", "health",
        ][self.rng.below(6)];
        Article {
            url: format!(
                "https://www.example-news.com/{section}/{}/{}-{id}",
                date.replace('-', "/"),
                slug.join("-")
            ),
            title,
            source: OUTLETS[self.rng.below(OUTLETS.len())].to_string(),
            published: Some(index::Published::date_only(days)),
            text: self.text(),
        }
    }
}

fn bbc_articles() -> Vec<Article> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bbc-2225.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("bench: {} not found; synthetic corpus only", path.display());
        return Vec::new();
    };
    data.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let id = v["id"].as_str()?;
            Some(Article {
                url: format!(
                    "https://www.bbc.co.uk/news/{}/{id}",
                    v["category"].as_str().unwrap_or("news")
                ),
                title: v["title"].as_str().unwrap_or("").to_string(),
                source: "BBC News".into(),
                published: index::parse_date("2005-01-01"),
                text: v["text"].as_str()?.to_string(),
            })
        })
        .collect()
}

/// `n` articles: the BBC ones first (when present), then synthetic ones.
fn corpus(n: usize) -> Vec<Article> {
    let mut out: Vec<Article> = bbc_articles().into_iter().take(n).collect();
    let mut g = Gen::new(0x5eed_1234_abcd_ef01);
    let mut id = out.len();
    while out.len() < n {
        out.push(g.article(id));
        id += 1;
    }
    out
}

/// A 1,000-word page as a content farm makes one: the text of `base` with
/// one word in twenty swapped, then the openings of other articles ("You may
/// also like") up to 1,000 words.
fn page_from(base: &Article, others: &[Article]) -> String {
    let mut g = Gen::new(0xfeed_beef);
    // Word by word, keeping the original's line and paragraph breaks.
    let changed: Vec<String> = base
        .text
        .split(' ')
        .map(|w| {
            if g.rng.below(20) == 0 && !w.contains('\n') {
                FUNCTION_WORDS[g.rng.below(FUNCTION_WORDS.len())].to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let mut out = vec![changed.join(" "), "You may also like".to_string()];
    let mut words = base.text.split_whitespace().count();
    for other in others {
        if words >= 1_000 {
            break;
        }
        let opening: Vec<&str> = other.text.split_whitespace().take(60).collect();
        words += opening.len();
        out.push(opening.join(" "));
    }
    out.join("\n\n")
}

fn bench_build(c: &mut Criterion) {
    let articles = corpus(2_000);
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.bench_function("2000 articles", |b| {
        b.iter(|| black_box(index::build(black_box(&articles), BUILT)))
    });
    group.finish();
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check 1000-word page");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    for n in [10_000usize, 100_000] {
        let articles = corpus(n);
        // The page rewrites a long article among the first 2,000 (a BBC
        // article when the BBC file is present), so that it is mostly
        // rewritten text; else article 1,000.
        let at = articles[..2_000]
            .iter()
            .position(|a| (700..1_000).contains(&a.text.split_whitespace().count()))
            .unwrap_or(1_000);
        let page = page_from(&articles[at], &articles[at + 1..at + 20]);
        let started = Instant::now();
        let bytes = index::build(&articles, BUILT);
        let took = started.elapsed();
        drop(articles);
        let idx = Index::from_bytes(&bytes).expect("fresh index");
        let verdict = unspun::check(&idx, &page, &Options::default());
        eprintln!(
            "bench: {n} articles -> {} bytes, {:.0} bytes/article (built in {:.1} s, {:.0} articles/s); page of {} words -> {:?} {} {:?}",
            bytes.len(),
            bytes.len() as f64 / n as f64,
            took.as_secs_f64(),
            n as f64 / took.as_secs_f64(),
            page.split_whitespace().count(),
            verdict.kind,
            verdict.original.as_ref().map_or("", |m| m.url.as_str()),
            verdict
                .evidence
                .as_ref()
                .map(|e| (e.score, e.reused, e.covered, e.run, e.verbatim)),
        );
        // The size budget is a requirement, not a figure to report: a
        // change that breaks it should stop the benchmark.
        assert!(
            bytes.len() <= n * MAX_BYTES_PER_ARTICLE,
            "index of {n} articles is {:.1} bytes/article, over the {MAX_BYTES_PER_ARTICLE}-byte budget",
            bytes.len() as f64 / n as f64
        );
        let opts = Options::default();
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{n} articles")),
            &page,
            |b, page| b.iter(|| black_box(unspun::check(&idx, black_box(page), &opts))),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_build, bench_check);
criterion_main!(benches);
