//! Scanning the added lines of a list of changes (staged files, or the files each commit of a
//! range touches): blobs are read and diffed in parallel, one `git2::Repository` and one
//! scanner per worker, and the results are gathered in order into one collector.

use super::common::Collector;
use crate::filter::Suppressed;
use crate::filter::allowlist::PathAllowlist;
use crate::finding::Finding;
use crate::rules::RuleSet;
use crate::scanner::{ChunkScanner, ScanPolicy};
use crate::source::diff::{AddedContent, BlobChange, added_content};
use crate::source::{Chunk, Provenance, SkipReason};
use git2::Repository;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// One change to scan, and the provenance its findings get.
#[derive(Debug, Clone)]
pub struct ChangeItem {
    /// The blobs before and after.
    pub change: BlobChange,
    /// Where findings come from (`Staged` or `Commit`).
    pub provenance: Provenance,
}

/// What to scan with.
#[derive(Debug, Clone)]
pub struct ChangeScanner {
    /// The rules.
    pub rules: Arc<RuleSet>,
    /// Per-chunk filters.
    pub policy: Arc<ScanPolicy>,
    /// Paths never read.
    pub allowlist: PathAllowlist,
    /// Blobs larger than this are skipped.
    pub max_size: u64,
    /// Worker threads.
    pub threads: usize,
}

/// The outcome of one change.
enum Outcome {
    Scanned { bytes: u64, findings: Vec<Finding>, suppressed: Suppressed },
    Nothing,
    Allowed,
    Skipped(String, SkipReason),
    Unreadable(String, String),
}

impl ChangeScanner {
    /// Scans every item's added lines into `collector`. A blob that cannot be read makes the
    /// result incomplete (exit 2); binary and oversized blobs are skipped with a note.
    pub fn scan(
        &self,
        repo: &Repository,
        items: &[ChangeItem],
        collector: &mut Collector,
    ) -> anyhow::Result<()> {
        // No idle workers: a one-file commit needs one thread, not one per core, and is done
        // on this one with the repository already open.
        let threads = self.threads.min(items.len()).max(1);
        let outcomes: Vec<Outcome> = if threads == 1 {
            let mut scanner = ChunkScanner::new(self.rules.clone(), self.policy.clone());
            items.iter().map(|item| self.scan_one(repo, &mut scanner, item)).collect()
        } else {
            let path = open_path(repo);
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
            pool.install(|| {
                items
                    .par_iter()
                    .map_init(
                        || {
                            let repo = Repository::open(&path);
                            (repo, ChunkScanner::new(self.rules.clone(), self.policy.clone()))
                        },
                        |(repo, scanner), item| match repo {
                            Ok(repo) => self.scan_one(repo, scanner, item),
                            Err(e) => Outcome::Unreadable(item.change.path.clone(), e.to_string()),
                        },
                    )
                    .collect()
            })
        };
        for outcome in outcomes {
            gather(collector, outcome);
        }
        Ok(())
    }

    fn scan_one(
        &self,
        repo: &Repository,
        scanner: &mut ChunkScanner,
        item: &ChangeItem,
    ) -> Outcome {
        let path = &item.change.path;
        if self.allowlist.is_allowed(path) {
            return Outcome::Allowed;
        }
        match added_content(repo, &item.change, self.max_size) {
            Ok(AddedContent::Text(bytes)) => {
                let chunk = Chunk { bytes: &bytes, provenance: item.provenance.clone() };
                let result = scanner.scan(&chunk);
                let bytes = bytes.len() as u64;
                Outcome::Scanned { bytes, findings: result.findings, suppressed: result.suppressed }
            }
            Ok(AddedContent::Nothing) => Outcome::Nothing,
            Ok(AddedContent::Skip(reason)) => Outcome::Skipped(path.clone(), reason),
            Err(e) => Outcome::Unreadable(path.clone(), e.message().to_owned()),
        }
    }
}

/// The path a worker opens the same repository with: the work tree, else the git folder.
fn open_path(repo: &Repository) -> PathBuf {
    repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf()
}

/// Counts an entry that is not a regular file (submodule, symbolic link).
pub fn skip_special(collector: &mut Collector) {
    collector.skipped(SkipReason::NotARegularFile);
}

fn gather(collector: &mut Collector, outcome: Outcome) {
    match outcome {
        Outcome::Scanned { bytes, findings, suppressed } => {
            collector.stats.scanned += 1;
            collector.stats.bytes += bytes;
            collector.add(findings, &suppressed);
        }
        Outcome::Nothing => {}
        Outcome::Allowed => collector.stats.allowed_paths += 1,
        Outcome::Skipped(path, reason) => {
            collector.skipped(reason);
            let what = match reason {
                SkipReason::Binary => "binary",
                SkipReason::TooLarge => "larger than --max-file-size",
                SkipReason::NotARegularFile => "not a regular file",
            };
            crate::report::note(&format!("{path}: not scanned: {what}"));
        }
        Outcome::Unreadable(path, message) => {
            collector.incomplete = true;
            collector.warn(&path, &format!("cannot read the blob: {message}"));
        }
    }
}
