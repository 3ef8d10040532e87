//! The `unspun` command-line tool: build an index of originals, inspect it,
//! and check pages against it.

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use unspun::corpus::{self, PageInput};
use unspun::index::{self, civil_from_days};
use unspun::{char_offset, Index, Options, Sensitivity, Verdict, VerdictKind};

#[derive(Parser)]
#[command(
    name = "unspun",
    version,
    about = "Detect news pages that copy or rewrite an indexed original"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build or inspect an index of originals.
    #[command(subcommand)]
    Index(IndexCommand),
    /// Check pages against an index.
    Check(CheckArgs),
}

#[derive(Subcommand)]
enum IndexCommand {
    /// Build an index from .jsonl files, saved .html articles or directories of them.
    Build(BuildArgs),
    /// Show an index's format version, build date and size.
    Info {
        /// The index file.
        index: PathBuf,
    },
}

#[derive(Args)]
struct BuildArgs {
    /// Where to write the index.
    #[arg(long, short)]
    out: PathBuf,
    /// Fail, writing nothing, if any record is malformed.
    #[arg(long)]
    strict: bool,
    /// No progress bar or summary.
    #[arg(long, short)]
    quiet: bool,
    /// .jsonl files (url, title, source, published, text or html), .html pages, or directories.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SensitivityArg {
    Low,
    Normal,
    High,
}

impl From<SensitivityArg> for Sensitivity {
    fn from(s: SensitivityArg) -> Self {
        match s {
            SensitivityArg::Low => Sensitivity::Low,
            SensitivityArg::Normal => Sensitivity::Normal,
            SensitivityArg::High => Sensitivity::High,
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    /// The index file, from `unspun index build`.
    #[arg(long, short)]
    index: PathBuf,
    /// The page's own URL (default: an HTML page's canonical link). A page
    /// that is an indexed original is not a rewrite of anything, and a page
    /// on an original's own site is not a copy of it.
    #[arg(long)]
    url: Option<String>,
    /// The page's publication date, YYYY-MM-DD or an ISO 8601 time with its
    /// zone (default: an HTML page's article:published_time). Originals
    /// published later are not named.
    #[arg(long, value_name = "DATE", value_parser = parse_published)]
    published: Option<index::Published>,
    /// One JSON object per page per line.
    #[arg(long)]
    json: bool,
    /// How readily to call a page a rewrite.
    #[arg(long, value_enum, default_value = "normal")]
    sensitivity: SensitivityArg,
    /// Pages to check: .html, .txt, or - for standard input.
    #[arg(required = true, value_name = "PAGE")]
    pages: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(IndexCommand::Build(args)) => build(&args),
        Command::Index(IndexCommand::Info { index }) => info(&index),
        Command::Check(args) => check(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("unspun: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn today() -> u32 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    u32::try_from(secs / 86_400).unwrap_or(u32::MAX)
}

fn build(args: &BuildArgs) -> Result<ExitCode> {
    let (articles, problems) = corpus::read_inputs(&args.inputs)?;
    for p in &problems {
        eprintln!("{p}");
    }
    if args.strict && !problems.is_empty() {
        bail!(
            "{} malformed record{} (listed above); fix them or build without --strict to skip them; nothing written",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
    }
    if articles.is_empty() {
        bail!("no articles found in the inputs; give .jsonl files with url and text fields, or .html article pages");
    }
    let bar =
        (!args.quiet && articles.len() > 1000 && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(articles.len() as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} fingerprinting [{bar:40}] {pos}/{len} articles ({per_sec}, {eta})",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
    let bytes = index::build_with_progress(&articles, today(), &mut |done| {
        if let Some(bar) = &bar {
            bar.set_position(done as u64);
        }
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    write_atomically(&args.out, &bytes)?;
    if !args.quiet {
        println!(
            "indexed {} articles ({} skipped) into {}: {} bytes, {:.0} bytes/article",
            articles.len(),
            problems.len(),
            args.out.display(),
            bytes.len(),
            bytes.len() as f64 / articles.len() as f64
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Write to a temporary file beside `out`, then rename it into place, so a
/// reader never sees half an index.
fn write_atomically(out: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .with_context(|| format!("{} is not a file name", out.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, out)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write index {}", out.display()));
    }
    Ok(())
}

fn load_index(path: &Path) -> Result<Vec<u8>> {
    let bytes = fs::read(path).with_context(|| format!("cannot use index {}", path.display()))?;
    Index::from_bytes(&bytes).with_context(|| format!("cannot use index {}", path.display()))?;
    Ok(bytes)
}

fn info(path: &Path) -> Result<ExitCode> {
    let bytes = load_index(path)?;
    let index = Index::from_bytes(&bytes)
        .with_context(|| format!("cannot use index {}", path.display()))?;
    println!("index: {}", path.display());
    println!("format version: {}", index::VERSION);
    println!("built: {}", civil_from_days(i64::from(index.built())));
    println!("articles: {}", index.len());
    println!("bytes: {}", index.byte_len());
    if !index.is_empty() {
        println!(
            "bytes/article: {:.0}",
            index.byte_len() as f64 / index.len() as f64
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_published(s: &str) -> Result<index::Published, String> {
    index::parse_date(s)
        .ok_or_else(|| format!("{s:?} is not a date; give YYYY-MM-DD or an ISO 8601 time"))
}

fn check(args: &CheckArgs) -> Result<ExitCode> {
    let bytes = load_index(&args.index)?;
    let index = Index::from_bytes(&bytes)
        .with_context(|| format!("cannot use index {}", args.index.display()))?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = 0usize;
    for page in &args.pages {
        let name = page.display().to_string();
        let input: PageInput = match corpus::page_text(page) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("unspun: cannot check page {name}: {e:#}");
                failed += 1;
                continue;
            }
        };
        let opts = Options {
            url: args.url.clone().or(input.canonical_url.clone()),
            sensitivity: args.sensitivity.into(),
            published: args
                .published
                .or_else(|| input.published.as_deref().and_then(index::parse_date)),
            ..Options::default()
        };
        let verdict = unspun::check(&index, &input.text, &opts);
        let line = if args.json {
            json_line(&name, &input.text, &verdict)
        } else {
            text_line(&name, index.len(), &verdict)
        };
        if let Err(e) = writeln!(out, "{line}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).context("cannot write to standard output");
        }
    }
    let _ = out.flush();
    if failed > 0 {
        eprintln!(
            "unspun: {failed} of {} pages could not be checked",
            args.pages.len()
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_str(kind: VerdictKind) -> &'static str {
    match kind {
        VerdictKind::Copy => "copy",
        VerdictKind::Rewrite => "rewrite",
        VerdictKind::None => "none",
    }
}

fn pct(x: f32) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

fn text_line(name: &str, originals: usize, v: &Verdict) -> String {
    match (&v.original, v.kind) {
        (Some(m), VerdictKind::Copy | VerdictKind::Rewrite) => {
            let kind = if v.kind == VerdictKind::Copy {
                "COPY"
            } else {
                "REWRITE"
            };
            let mut said = vec![];
            if !m.source.is_empty() {
                said.push(m.source.clone());
            }
            if let Some(p) = &m.published {
                said.push(p.clone());
            }
            let said = if said.is_empty() {
                String::new()
            } else {
                format!(" ({})", said.join(", "))
            };
            let mut line = format!("{name}: {kind} of {:?}{said} {}", m.title, m.url);
            if let Some(e) = &v.evidence {
                let n = e.passages.len();
                line.push_str(&format!(
                    "  — {} of the original reused, {} of the page from it, {n} matching passage{}",
                    pct(e.reused),
                    pct(e.covered),
                    if n == 1 { "" } else { "s" }
                ));
            }
            line
        }
        _ => format!(
            "{name}: no match among {originals} original{}",
            if originals == 1 { "" } else { "s" }
        ),
    }
}

/// Character offset of a byte offset, which is first moved back to a char
/// boundary if it is inside a character.
fn char_pos(text: &str, byte: usize) -> usize {
    char_offset(text, unspun::text::floor_char_boundary(text, byte))
}

fn json_line(name: &str, text: &str, v: &Verdict) -> String {
    let matched = v.kind != VerdictKind::None && v.original.is_some();
    let original = match (&v.original, matched) {
        (Some(m), true) => serde_json::json!({
            "url": m.url, "title": m.title, "source": m.source, "published": m.published,
        }),
        _ => serde_json::Value::Null,
    };
    let ev = v.evidence.as_ref().filter(|_| matched);
    let passages: Vec<serde_json::Value> = ev
        .map(|e| {
            e.passages
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "page_start": char_pos(text, p.page_start),
                        "page_end": char_pos(text, p.page_end),
                        "original_sentence": p.original_sentence,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let num = |x: f32| {
        let x = (f64::from(x) * 10_000.0).round() / 10_000.0;
        serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, serde_json::Value::Number)
    };
    serde_json::json!({
        "page": name,
        "verdict": if matched { kind_str(v.kind) } else { "none" },
        "original": original,
        "score": ev.map_or(serde_json::json!(0.0), |e| num(e.score)),
        "reused": ev.map_or(serde_json::json!(0.0), |e| num(e.reused)),
        "covered": ev.map_or(serde_json::json!(0.0), |e| num(e.covered)),
        "passages": passages,
    })
    .to_string()
}
