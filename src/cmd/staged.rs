//! `leakwatch staged` (and `leakwatch scan --staged`): the lines the staged change adds, read
//! from the index, never from the working tree. This is what the pre-commit hook runs.

use super::changes::{ChangeItem, ChangeScanner, skip_special};
use super::common::{Collector, ScanScope, load_config, load_rules, load_suppressions, policy};
use crate::cli::args::CommonArgs;
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::source::Provenance;
use crate::source::diff::DiffEntry;
use crate::source::staged::staged_entries;
use anyhow::Context;
use git2::Repository;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Runs `leakwatch staged` with the shared options and a blob size limit.
pub fn run_with(common: &CommonArgs, max_file_size: u64) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(common, std::io::stdout().is_terminal());
    let repo = Repository::open_from_env()
        .or_else(|_| Repository::discover("."))
        .context("leakwatch staged must run inside a git repository")?;
    anyhow::ensure!(!repo.is_bare(), "a bare repository has no index to scan");
    let root = repo.workdir().map(Path::to_path_buf);
    let config = load_config(&settings, root.as_deref())?;
    let mut collector = Collector {
        suppressions: load_suppressions(
            &settings,
            &config,
            root.as_deref(),
            ScanScope::AddedLines,
        )?,
        ..Collector::default()
    };
    let rules = load_rules(&config)?;
    collector.stats.rules = rules.len();
    let index_file =
        std::env::var_os("GIT_INDEX_FILE").filter(|v| !v.is_empty()).map(PathBuf::from);
    let entries = staged_entries(&repo, index_file.as_deref()).context("reading the index")?;
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
    scanner.scan(&open_path(&repo), &items, &mut collector)?;
    // Only the report is left before the process exits: freeing every compiled rule first
    // would cost about as much as reading the index (#7), so the OS reclaims it instead.
    std::mem::forget(scanner);
    collector.finish(&settings, started)
}

/// The path a worker opens the same repository with.
pub fn open_path(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
}
