//! The report for people: one block per finding, then a summary line.

use super::sanitize::escape;
use super::{Report, Reporter, Stats};
use crate::finding::history::{History, Status};
use crate::finding::{Finding, Severity};
use crate::source::Provenance;
use colored::Colorize;
use std::io::{self, Write};

/// Human-readable output (colour through `colored`, decided by the caller).
pub struct HumanReporter;

impl Reporter for HumanReporter {
    fn report(&self, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
        for finding in report.findings {
            write_finding(finding, report.show_secrets, out)?;
        }
        if report.stats.history.as_ref().is_some_and(|h| h.partial) {
            let note =
                "history is partial: shallow clone; commits beyond its boundary were not scanned";
            writeln!(out, "{}", note.yellow())?;
        }
        writeln!(out, "{}", summary(report.stats))
    }
}

fn write_finding(f: &Finding, show_secrets: bool, out: &mut dyn Write) -> io::Result<()> {
    let severity = severity_label(f.rule.severity);
    writeln!(out, "{} {}  {}", severity, f.rule.id.bold(), escape(&f.rule.name))?;
    let file = match &f.provenance {
        Provenance::Object { blob } => format!("blob {blob} (no ref reaches it)"),
        p => escape(p.path()).into_owned(),
    };
    let place = format!("{}:{}:{}", file, f.location.line, f.location.column);
    writeln!(out, "  {:<12}{}", "at", place.cyan())?;
    if let Some(history) = &f.history {
        write_history(history, out)?;
    }
    let secret = if show_secrets {
        escape(&f.secret.expose_lossy()).into_owned()
    } else {
        f.secret.redacted()
    };
    writeln!(out, "  {:<12}{}", "secret", secret.yellow())?;
    if !f.decoded.is_empty() {
        writeln!(out, "  {:<12}{}", "decoded", f.decoded.join(" → "))?;
    }
    let mut confidence =
        format!("{} (validation: {})", f.confidence.as_str(), f.validation.as_str());
    if let Some(note) = &f.note {
        confidence.push_str(&format!("; {note}"));
    }
    writeln!(out, "  {:<12}{}", "confidence", confidence)?;
    writeln!(out, "  {:<12}{}", "fingerprint", f.fingerprint.as_str().dimmed())?;
    writeln!(out, "  {:<12}{}", "remediation", wrap(&f.rule.remediation, 14))?;
    writeln!(out)
}

/// The lifecycle lines of a history finding.
fn write_history(h: &History, out: &mut dyn Write) -> io::Result<()> {
    if let Some(i) = &h.introduced {
        let who = format!("{} <{}>", escape(&i.author), escape(&i.email));
        let when = format!("{} {} {}", &i.commit[..i.commit.len().min(12)], i.date, who);
        writeln!(out, "  {:<12}{}  {}", "introduced", when, escape(&i.summary).dimmed())?;
    }
    let status = match &h.status {
        Status::Live { paths } => {
            let paths: Vec<_> = paths.iter().map(|p| escape(p).into_owned()).collect();
            format!("{} in {}", "LIVE".red().bold(), paths.join(", "))
        }
        Status::Removed { removed_in: Some(commit) } => {
            format!("removed in {}", &commit[..commit.len().min(12)])
        }
        Status::Removed { removed_in: None } => {
            "removed (never on HEAD's first-parent line)".to_owned()
        }
    };
    writeln!(out, "  {:<12}{}", "status", status)?;
    writeln!(out, "  {:<12}{}", "exposure", plural(h.exposure_days as usize, "day"))?;
    let mut paths: Vec<&str> = h.occurrences.iter().filter_map(|o| o.path.as_deref()).collect();
    paths.sort_unstable();
    paths.dedup();
    let places =
        format!("{} in {}", plural(h.occurrences.len(), "occurrence"), plural(paths.len(), "path"));
    let shown: Vec<_> = paths.iter().take(5).map(|p| escape(p).into_owned()).collect();
    let more = if paths.len() > 5 { ", …" } else { "" };
    writeln!(out, "  {:<12}{}: {}{}", "seen", places, shown.join(", "), more)?;
    if !h.refs.is_empty() {
        let refs: Vec<_> = h.refs.iter().map(|r| escape(r).into_owned()).collect();
        writeln!(out, "  {:<12}{}", "refs", refs.join(", "))?;
    }
    Ok(())
}

fn severity_label(severity: Severity) -> colored::ColoredString {
    let text = format!("[{}]", severity.as_str());
    match severity {
        Severity::Critical => text.red().bold(),
        Severity::High => text.red(),
        Severity::Medium => text.yellow(),
        Severity::Low | Severity::Info => text.normal(),
    }
}

/// Word-wraps `text` to lines of about 88 characters, indented under the label.
fn wrap(text: &str, indent: usize) -> String {
    const WIDTH: usize = 88;
    let mut lines = vec![String::new()];
    for word in escape(text).split_whitespace() {
        let line = lines.last_mut().expect("lines starts non-empty");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > WIDTH {
            lines.push(word.to_owned());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join(&format!("\n{}", " ".repeat(indent)))
}

/// One line: findings, what was scanned, what was skipped or suppressed, time.
pub fn summary(stats: &Stats) -> String {
    let findings = match stats.findings {
        0 => "no leaks found".green().to_string(),
        1 => "1 finding".red().bold().to_string(),
        n => format!("{n} findings").red().bold().to_string(),
    };
    let mut parts = vec![
        findings,
        format!("{} scanned ({})", plural(stats.scanned, "item"), human_bytes(stats.bytes)),
    ];
    if let Some(history) = &stats.history {
        parts.push(format!(
            "{} walked, {} unique blobs",
            plural(history.commits, "commit"),
            history.blobs
        ));
    }
    let skipped: Vec<String> = [
        (stats.skipped_binary, "binary"),
        (stats.skipped_too_large, "too large"),
        (stats.skipped_special, "not a regular file"),
        (stats.allowed_paths, "allowlisted path"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if !skipped.is_empty() {
        parts.push(format!("skipped: {}", skipped.join(", ")));
    }
    if stats.suppressed.total() > 0 {
        parts.push(format!("{} suppressed", stats.suppressed.total()));
    }
    if stats.warnings > 0 {
        parts.push(plural(stats.warnings, "warning"));
    }
    parts.push(format!("{:.2}s", stats.duration_ms as f64 / 1000.0));
    parts.join(" · ")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// `1.2 MiB`-style sizes.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", UNITS[unit]) }
}
