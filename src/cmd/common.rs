//! Set-up every scanning command shares: the repository config, the rule set, and the
//! collector that gathers findings from worker threads, sorts them and writes the report.

use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::filter::Suppressed;
use crate::filter::baseline::Baseline;
use crate::filter::ignore_file::IgnoreFile;
use crate::finding::Finding;
use crate::repo_config::{self, RepoConfig};
use crate::report::{self, Stats};
use crate::rules::load::RuleSource;
use crate::rules::{CompileMode, RuleError, RuleSet, load};
use crate::scanner::ScanPolicy;
use crate::source::SkipReason;
use anyhow::{Context, bail};
use std::path::Path;
use std::sync::Arc;

/// Turns a list of rule errors into one error whose lines each name file, line and rule.
pub fn rule_errors(errors: Vec<RuleError>) -> anyhow::Error {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(lines.join("\n"))
}

/// Loads the config: `--config FILE`, else `.leakwatch.yaml` in `root` if there is one.
pub fn load_config(settings: &ScanSettings, root: Option<&Path>) -> anyhow::Result<RepoConfig> {
    let path = match &settings.config {
        Some(path) => Some(path.clone()),
        None => root.and_then(repo_config::discover),
    };
    match path {
        Some(path) => repo_config::load(&path).map_err(rule_errors),
        None => Ok(RepoConfig::default()),
    }
}

/// The built-in rules, plus the config's rules, minus the config's disabled ids.
pub fn load_rules(config: &RepoConfig) -> anyhow::Result<Arc<RuleSet>> {
    let mut rules: Vec<RuleSource> = load::builtin_sources().map_err(rule_errors)?;
    let file = config.file.as_ref().map(|f| f.display().to_string()).unwrap_or_default();
    let mut errors = Vec::new();
    for (id, line) in &config.disable {
        if !rules.iter().any(|r| r.id() == id) {
            errors.push(RuleError::new(
                &file,
                *line,
                Some(id),
                "disable: no built-in rule has this id",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(rule_errors(errors));
    }
    rules.retain(|r| !config.disable.iter().any(|(id, _)| id == r.id()));
    // User rules are built now, so a regex over the size limit stops us before scanning.
    RuleSet::compile(config.rules.clone(), CompileMode::Eager).map_err(rule_errors)?;
    rules.extend(config.rules.iter().map(|r| RuleSource::Read(Box::new(r.clone()))));
    RuleSet::compile_sources(rules, CompileMode::Lazy).map(Arc::new).map_err(rule_errors)
}

/// The per-chunk policy from the config and settings.
pub fn policy(config: &RepoConfig, settings: &ScanSettings) -> Arc<ScanPolicy> {
    Arc::new(ScanPolicy {
        allowlist: config.secrets.clone(),
        min_confidence: settings.min_confidence,
    })
}

/// The fingerprint filters the collector applies, in the documented order: the ignore file,
/// then the baseline.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// `.leakwatchignore` at the scanned root.
    pub ignore: IgnoreFile,
    /// The baseline, if one was given.
    pub baseline: Option<Baseline>,
    /// List baseline entries nothing matched (only meaningful for scans of whole files; a
    /// staged or range scan sees only added lines).
    pub report_unused: bool,
}

/// Whether a scan sees whole files or only added lines (which decides whether unused baseline
/// entries mean anything).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanScope {
    /// Whole files.
    Full,
    /// Only lines added by a change.
    AddedLines,
}

/// Loads `.leakwatchignore` from `root` and the baseline (`--baseline`, else the config's).
pub fn load_suppressions(
    settings: &ScanSettings,
    config: &RepoConfig,
    root: Option<&Path>,
    scope: ScanScope,
) -> anyhow::Result<Suppressions> {
    let ignore = match root {
        Some(root) => IgnoreFile::load(root)?,
        None => IgnoreFile::default(),
    };
    let baseline = match settings.baseline.as_ref().or(config.baseline.as_ref()) {
        Some(path) => Some(Baseline::load(path)?),
        None => None,
    };
    Ok(Suppressions { ignore, baseline, report_unused: scope == ScanScope::Full })
}

/// Gathers what worker threads produce.
#[derive(Debug, Default)]
pub struct Collector {
    /// Every finding so far.
    pub findings: Vec<Finding>,
    /// Run statistics.
    pub stats: Stats,
    /// Whether an error made the result incomplete (exit 2).
    pub incomplete: bool,
    /// Fingerprint filters applied in [`Collector::finish`].
    pub suppressions: Suppressions,
}

impl Collector {
    /// Adds one chunk's findings and suppression counts.
    pub fn add(&mut self, findings: Vec<Finding>, suppressed: &Suppressed) {
        self.findings.extend(findings);
        self.stats.suppressed.add(suppressed);
    }

    /// Counts an item that was not scanned.
    pub fn skipped(&mut self, reason: SkipReason) {
        match reason {
            SkipReason::Binary => self.stats.skipped_binary += 1,
            SkipReason::TooLarge => self.stats.skipped_too_large += 1,
            SkipReason::NotARegularFile => self.stats.skipped_special += 1,
        }
    }

    /// Prints a warning about one item and counts it.
    pub fn warn(&mut self, place: &str, message: &str) {
        self.stats.warnings += 1;
        report::warn(place, message);
    }

    /// Sorts, writes the report and decides the exit status.
    pub fn finish(
        mut self,
        settings: &ScanSettings,
        started: std::time::Instant,
    ) -> anyhow::Result<ExitStatus> {
        self.sort_and_dedup();
        self.suppress();
        self.stats.findings = self.findings.len();
        self.stats.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        if let Err(e) = report::write(&settings.output, &self.findings, &self.stats) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitStatus::from_scan(self.findings.len(), self.incomplete));
            }
            let target = settings
                .output
                .output
                .as_ref()
                .map_or("standard output".into(), |p| p.display().to_string());
            return Err(e).with_context(|| format!("writing the report to {target}"));
        }
        Ok(ExitStatus::from_scan(self.findings.len(), self.incomplete))
    }

    /// Sorts and deduplicates the findings, without filters or report: what a baseline records.
    pub fn into_findings(mut self) -> Vec<Finding> {
        self.sort_and_dedup();
        self.findings
    }

    /// The report order (history: live first, longest exposed first; then path, line, column,
    /// rule), with duplicates of one place removed.
    fn sort_and_dedup(&mut self) {
        self.findings.sort_by(|a, b| {
            a.history_rank().cmp(&b.history_rank()).then_with(|| a.sort_key().cmp(&b.sort_key()))
        });
        self.findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    }

    /// Applies the ignore file, then the baseline, counting what each suppresses; notes the
    /// baseline entries that no finding matches any more.
    fn suppress(&mut self) {
        let suppressions = std::mem::take(&mut self.suppressions);
        if let Some(baseline) =
            suppressions.baseline.as_ref().filter(|_| suppressions.report_unused)
        {
            let unused: Vec<(&str, &str)> = baseline
                .unused(&self.findings)
                .into_iter()
                .map(|e| (e.rule_id.as_str(), e.fingerprint.as_str()))
                .collect();
            report::baseline_unused(&unused);
            self.stats.baseline_unused = Some(unused.len());
        }
        let before = self.findings.len();
        self.findings.retain(|f| !suppressions.ignore.ignores(f));
        self.stats.suppressed.ignore_file += before - self.findings.len();
        if let Some(baseline) = &suppressions.baseline {
            let before = self.findings.len();
            self.findings.retain(|f| !baseline.contains(f));
            self.stats.suppressed.baseline += before - self.findings.len();
        }
    }
}

/// Fails unless every root exists and can be read.
pub fn check_roots(roots: &[std::path::PathBuf]) -> anyhow::Result<()> {
    for root in roots {
        let metadata =
            std::fs::metadata(root).with_context(|| format!("cannot read {}", root.display()))?;
        if metadata.is_dir() {
            std::fs::read_dir(root).with_context(|| format!("cannot read {}", root.display()))?;
        } else if !metadata.is_file() {
            bail!("{}: not a file or folder", root.display());
        }
    }
    Ok(())
}
