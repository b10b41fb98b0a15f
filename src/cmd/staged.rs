//! `leakwatch staged` (and `leakwatch scan --staged`): the lines the staged change adds, read
//! from the index, never from the working tree. This is what the pre-commit hook runs.

use super::changes::{ChangeItem, ChangeScanner, skip_special};
use super::common::{Collector, ScanScope, load_config, load_rules, load_suppressions, policy};
use crate::cli::args::CommonArgs;
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::repo_config::RepoConfig;
use crate::rules::RuleSet;
use crate::source::Provenance;
use crate::source::diff::DiffEntry;
use crate::source::staged::staged_entries;
use anyhow::Context;
use git2::Repository;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Runs `leakwatch staged` with the shared options and a blob size limit.
pub fn run_with(common: &CommonArgs, max_file_size: u64) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(common, std::io::stdout().is_terminal());
    let repo = Repository::open_from_env()
        .or_else(|_| Repository::discover("."))
        .context("leakwatch staged must run inside a git repository")?;
    anyhow::ensure!(!repo.is_bare(), "a bare repository has no index to scan");
    let root = repo.workdir().map(Path::to_path_buf);
    let index_file =
        std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()).map(PathBuf::from);
    // Reading the index and comparing it with HEAD (a large repository's index is megabytes)
    // overlaps with reading the config and rules: the hook's time is the longer of the two.
    let (repo, entries, (config, mut collector, rules)) = std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            let entries = staged_entries(&repo, index_file.as_deref());
            (repo, entries)
        });
        let prepared = prepare(&settings, root.as_deref());
        let (repo, entries) = reading.join().expect("the index reader does not panic");
        // A config error comes first, as it would without the overlap.
        let prepared = prepared?;
        anyhow::Ok((repo, entries.context("reading the index")?, prepared))
    })?;
    let mut items = Vec::new();
    for entry in entries {
        match entry {
            DiffEntry::Change(change) => {
                let provenance =
                    Provenance::Staged { path: change.path.clone(), blob: change.new.to_string() };
                items.push(ChangeItem { change, provenance });
            }
            DiffEntry::Skipped(..) => skip_special(&mut collector),
        }
    }
    let scanner = ChangeScanner {
        rules,
        policy: policy(&config, &settings),
        allowlist: config.paths.clone(),
        max_size: max_file_size,
        threads: settings.threads,
    };
    scanner.scan(&repo, &items, &mut collector)?;
    // Only the report is left before the process exits: freeing every compiled rule and
    // libgit2's caches first would cost about as much as reading the index (#7), so the OS
    // reclaims them instead.
    std::mem::forget((scanner, repo, items));
    collector.finish(&settings, started)
}

/// The config, a collector holding the suppressions, and the rules a staged scan applies.
fn prepare(
    settings: &ScanSettings,
    root: Option<&Path>,
) -> anyhow::Result<(RepoConfig, Collector, Arc<RuleSet>)> {
    let config = load_config(settings, root)?;
    let mut collector = Collector {
        suppressions: load_suppressions(settings, &config, root, ScanScope::AddedLines)?,
        ..Collector::default()
    };
    let rules = load_rules(&config)?;
    collector.stats.rules = rules.len();
    Ok((config, collector, rules))
}
