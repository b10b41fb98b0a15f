//! `leakwatch history --range A..B`: the CI gate. Scans the lines added by each commit of the
//! range against its first parent. Missing or shallow history is an error (exit 2), never a
//! green result, unless `--allow-shallow` asks for a partial scan (the report says so).
//! Pre-push reuses [`scan_range`] and always fails closed.

use super::changes::{ChangeItem, ChangeScanner, skip_special};
use super::common::{Collector, ScanScope, load_config, load_rules, load_suppressions, policy};
use crate::cli::args::HistoryArgs;
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::report::{self, HistoryStats};
use crate::source::Provenance;
use crate::source::commits::{CommitRange, ShallowPolicy, commit_entries};
use crate::source::diff::DiffEntry;
use anyhow::Context;
use git2::Repository;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::Path;

/// Runs `leakwatch history --range A..B`.
pub fn run(args: &HistoryArgs) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(&args.common, std::io::stdout().is_terminal());
    let repo = open_repo(args.repo.as_deref())?;
    let spec = args.range.as_deref().unwrap_or_default();
    let shallow =
        if args.allow_shallow { ShallowPolicy::ScanPartial } else { ShallowPolicy::FailClosed };
    let range = CommitRange::parse(&repo, spec, shallow)?;
    if let Some(base) = &range.missing_base {
        report::note(&format!(
            "{base}: not in this shallow clone; scanning every commit back to its boundary"
        ));
    }
    let collector = scan_range(&repo, &range, &settings, args.max_file_size)?;
    collector.finish(&settings, started)
}

/// Opens the repository at `path`, or the one containing the current folder.
pub fn open_repo(path: Option<&Path>) -> anyhow::Result<Repository> {
    let path = path.unwrap_or(Path::new("."));
    Repository::discover(path)
        .with_context(|| format!("{}: not inside a git repository", path.display()))
}

/// Scans the lines added by the commits of `range` into a collector (not yet finished).
pub fn scan_range(
    repo: &Repository,
    range: &CommitRange,
    settings: &ScanSettings,
    max_size: u64,
) -> anyhow::Result<Collector> {
    let root = repo.workdir().map(Path::to_path_buf);
    let config = load_config(settings, root.as_deref())?;
    let suppressions =
        load_suppressions(settings, &config, root.as_deref(), ScanScope::AddedLines)?;
    let rules = load_rules(&config)?;
    let mut collector = Collector { suppressions, ..Collector::default() };
    collector.stats.rules = rules.len();
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    let walked = range.commits(repo)?;
    for &commit in &walked.commits {
        for entry in commit_entries(repo, commit, range.shallow)? {
            match entry {
                // The same change in several commits (a merge repeating a branch) is scanned once.
                DiffEntry::Change(change) if seen.insert(change.clone()) => {
                    let provenance = Provenance::Commit {
                        path: change.path.clone(),
                        blob: change.new.to_string(),
                        commit: commit.to_string(),
                    };
                    items.push(ChangeItem { change, provenance });
                }
                DiffEntry::Change(_) => {}
                DiffEntry::Skipped(..) => skip_special(&mut collector),
            }
        }
    }
    let scanner = ChangeScanner {
        rules,
        policy: policy(&config, settings),
        allowlist: config.paths.clone(),
        max_size,
        threads: settings.threads,
    };
    if walked.partial {
        let blobs: HashSet<_> = items.iter().map(|item| item.change.new).collect();
        collector.stats.history = Some(HistoryStats {
            commits: walked.commits.len(),
            blobs: blobs.len(),
            unreachable_blobs: 0,
            partial: true,
        });
    }
    scanner.scan(repo, &items, &mut collector)?;
    Ok(collector)
}
