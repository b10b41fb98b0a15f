//! Reporters: findings and stats → text for people (`human`) or machines (`json`, `jsonl`,
//! `sarif`). This is the only module that writes output; it reads findings and never re-reads
//! a source.

pub mod human;
pub mod json;
pub mod progress;
pub mod sanitize;
pub mod sarif;

use crate::cli::args::Format;
use crate::cli::config::OutputConfig;
use crate::filter::Suppressed;
use crate::finding::Finding;
use serde::Serialize;
use std::io::{self, Write};
use std::path::Path;

/// Counts that describe a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Items (files or blobs) scanned.
    pub scanned: usize,
    /// Bytes scanned.
    pub bytes: u64,
    /// Skipped because binary.
    pub skipped_binary: usize,
    /// Skipped because larger than the size limit.
    pub skipped_too_large: usize,
    /// Skipped because not a regular file (FIFO, device, symlink not followed).
    pub skipped_special: usize,
    /// Never read because a path allowlist matched.
    pub allowed_paths: usize,
    /// Per-item warnings printed.
    pub warnings: usize,
    /// Findings suppressed, by filter.
    pub suppressed: Suppressed,
    /// Findings reported.
    pub findings: usize,
    /// Baseline entries that matched no finding (present when a baseline was used on a full
    /// scan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_unused: Option<usize>,
    /// Rules loaded.
    pub rules: usize,
    /// Wall time in milliseconds.
    pub duration_ms: u64,
    /// History audits only: what the walk covered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryStats>,
}

/// What a history audit walked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryStats {
    /// Commits walked.
    pub commits: usize,
    /// Unique blobs listed (each scanned at most once).
    pub blobs: usize,
    /// Blobs no ref reaches, listed by `--all-objects`.
    pub unreachable_blobs: usize,
    /// True for a shallow clone scanned with `--allow-shallow`: older history is missing.
    pub partial: bool,
}

/// Everything a reporter needs.
#[derive(Debug)]
pub struct Report<'a> {
    /// Sorted findings.
    pub findings: &'a [Finding],
    /// Run statistics.
    pub stats: &'a Stats,
    /// Print secrets in full.
    pub show_secrets: bool,
    /// Colour (human only).
    pub color: bool,
}

/// Writes a report in one format.
pub trait Reporter {
    /// Writes `report` to `out`.
    fn report(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter for `format`.
pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Human => Box::new(human::HumanReporter),
        Format::Json => Box::new(json::JsonReporter { lines: false }),
        Format::Jsonl => Box::new(json::JsonReporter { lines: true }),
        Format::Sarif => Box::new(sarif::SarifReporter),
    }
}

/// Writes the report where the user asked: a new mode-0600 file, or standard output.
pub fn write(config: &OutputConfig, findings: &[Finding], stats: &Stats) -> io::Result<()> {
    let report = Report { findings, stats, show_secrets: config.show_secrets, color: config.color };
    colored::control::set_override(config.color);
    let reporter = reporter(config.format);
    match &config.output {
        Some(path) => {
            let mut file = io::BufWriter::new(create_private(path)?);
            reporter.report(&report, &mut file)?;
            file.flush()
        }
        None => {
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            reporter.report(&report, &mut out)?;
            out.flush()
        }
    }
}

/// Creates (or truncates) `path` readable by its owner only: reports hold secrets' locations,
/// and under `--show-secrets` the secrets themselves.
pub fn create_private(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    options.open(path)
}

/// Prints a one-line warning about one item: `leakwatch: warning: <where>: <what>`.
pub fn warn(place: &str, message: &str) {
    eprintln!("leakwatch: warning: {}: {}", sanitize::escape(place), sanitize::escape(message));
}

/// Prints an error; a message of several lines (several rule errors) prints one line each.
pub fn error(message: &str) {
    for line in message.lines() {
        eprintln!("leakwatch: error: {}", sanitize::escape(line));
    }
}

/// Prints a line to standard error (notes that are neither warnings nor errors).
pub fn note(message: &str) {
    eprintln!("leakwatch: {}", sanitize::escape(message));
}

/// Notes the baseline entries (rule id, fingerprint) that no finding matches any more, one line each, so the user can
/// drop them (`leakwatch baseline create` rewrites the file).
pub fn baseline_unused(entries: &[(&str, &str)]) {
    if entries.is_empty() {
        return;
    }
    note(&format!(
        "{} baseline {} no longer match anything (removed or rotated); recreate the baseline to drop them:",
        entries.len(),
        if entries.len() == 1 { "entry" } else { "entries" }
    ));
    for (rule_id, fingerprint) in entries {
        note(&format!("  unused baseline entry: {rule_id} {fingerprint}"));
    }
}

/// Prints plain lines to standard output (listings that are not finding reports).
pub fn print_lines(lines: &[String]) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()
}
