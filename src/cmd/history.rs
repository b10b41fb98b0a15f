//! `leakwatch history [REPO]`: the full-history audit. Lists every unique blob of every ref
//! ([`crate::source::history`]), scans each once in parallel (one `git2::Repository` and one
//! scanner per worker thread), then groups the findings by secret and adds
//! their lifecycle ([`super::lifecycle`]). With `--range`, only the lines a commit range adds.

use super::common::{Collector, ScanScope, load_config, load_rules, load_suppressions, policy};
use crate::cli::args::HistoryArgs;
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::filter::Suppressed;
use crate::finding::Finding;
use crate::report::HistoryStats;
use crate::report::progress::Progress;
use crate::rules::RuleSet;
use crate::scanner::{ChunkScanner, ScanPolicy};
use crate::source::history::{
    self, BlobContent, BlobEntry, HistoryError, HistoryScope, Inventory, read_blob,
};
use crate::source::{Chunk, Provenance, SkipReason, date};
use anyhow::Context;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

/// Runs `leakwatch history`.
pub fn run(args: &HistoryArgs) -> anyhow::Result<ExitStatus> {
    if args.range.is_some() {
        return super::range::run(args);
    }
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(&args.common, std::io::stdout().is_terminal());
    let since =
        args.since.as_deref().map(date::parse_since).transpose().map_err(anyhow::Error::msg)?;
    let repo = history::open(args.repo.as_deref().unwrap_or(Path::new(".")))?;
    let partial = repo.is_shallow();
    if partial && !args.allow_shallow {
        return Err(HistoryError::Shallow.into());
    }
    let root = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
    let config = load_config(&settings, Some(&root))?;
    let suppressions = load_suppressions(&settings, &config, Some(&root), ScanScope::Full)?;
    let rules = load_rules(&config)?;
    let scope = HistoryScope {
        branch: args.branch.clone(),
        since,
        all_objects: args.all_objects,
        allowlist: config.paths.clone(),
    };
    let progress = Progress::new(std::io::stderr().is_terminal());
    // libgit2 would keep every tree the listing reads in its object cache, though each is
    // read at most twice (as a commit's and as its child's parent): on 5,000 commits that
    // cache held most of the peak memory (141 MiB with it, 77 without) and cost time.
    git2::opts::enable_caching(false);
    let listed = history::enumerate(&repo, &scope, &mut |n| progress.commits(n));
    git2::opts::enable_caching(true);
    let inventory = listed?;
    let mut collector = Collector { suppressions, ..Collector::default() };
    collector.stats.rules = rules.len();
    collector.stats.allowed_paths = inventory.allowed_paths;
    collector.stats.history = Some(HistoryStats {
        commits: inventory.commits.len(),
        blobs: inventory.blobs.len(),
        unreachable_blobs: inventory.unreachable,
        partial,
    });
    for (object, message) in &inventory.problems {
        collector.warn(object, message);
        collector.incomplete = true;
    }
    progress.start_scan(inventory.blobs.len());
    let job = ScanJob {
        git_dir: repo.path().to_path_buf(),
        rules,
        policy: policy(&config, &settings),
        threads: settings.threads,
        max_size: args.max_file_size,
    };
    let found = scan_blobs(&job, &inventory, &mut collector, &progress)?;
    progress.finish();
    let tips = history::ref_tips(&repo, None)?;
    collector.findings = super::lifecycle::findings(&repo, &inventory, found, &tips, &config.paths)
        .context("reading the lifecycle of the findings")?;
    collector.finish(&settings, started)
}

/// What every scanning worker shares.
struct ScanJob {
    git_dir: PathBuf,
    rules: Arc<RuleSet>,
    policy: Arc<ScanPolicy>,
    threads: usize,
    max_size: u64,
}

/// Blobs a worker takes from the shared counter at a time.
const BLOCK: usize = 16;

/// What a worker tells the collector about one blob.
enum Message {
    Scanned { index: usize, bytes: u64, findings: Vec<Finding>, suppressed: Suppressed },
    Skipped(SkipReason),
    Failed(String, String),
}

/// Scans every listed blob once; returns the findings of each blob that has any, by blob index.
fn scan_blobs(
    job: &ScanJob,
    inventory: &Inventory,
    collector: &mut Collector,
    progress: &Progress,
) -> anyhow::Result<Vec<(usize, Vec<Finding>)>> {
    let (sender, receiver) = mpsc::sync_channel::<Message>(1024);
    let mut found = Vec::new();
    // One worker per thread for the whole scan, taking blobs in small blocks from a shared
    // counter: a worker's repository handle, pack caches and regex state caches stay warm
    // (a new worker per batch of blobs spent more time warming up than two threads saved).
    let next = AtomicUsize::new(0);
    let total = inventory.blobs.len();
    std::thread::scope(|scope| {
        for _ in 0..job.threads.max(1) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                let mut worker = Worker::new(job);
                loop {
                    let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                    if start >= total {
                        break;
                    }
                    for index in start..(start + BLOCK).min(total) {
                        let message = worker.scan(index, &inventory.blobs[index], inventory);
                        // The collector only stops receiving when the process is exiting.
                        if sender.send(message).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(sender);
        for message in receiver {
            match message {
                Message::Scanned { index, bytes, findings, suppressed } => {
                    collector.stats.scanned += 1;
                    collector.stats.bytes += bytes;
                    collector.stats.suppressed.add(&suppressed);
                    if !findings.is_empty() {
                        found.push((index, findings));
                    }
                }
                Message::Skipped(reason) => collector.skipped(reason),
                Message::Failed(object, message) => {
                    collector.warn(&object, &message);
                    collector.incomplete = true;
                }
            }
            progress.blob(collector.stats.bytes);
        }
    });
    found.sort_by_key(|(index, _)| *index);
    Ok(found)
}

/// One worker's own repository handle (`Repository` is `Send`, not `Sync`) and scanner.
struct Worker {
    repo: Result<git2::Repository, git2::Error>,
    scanner: ChunkScanner,
    max_size: u64,
}

impl Worker {
    fn new(job: &ScanJob) -> Worker {
        Worker {
            repo: git2::Repository::open(&job.git_dir),
            scanner: ChunkScanner::new(job.rules.clone(), job.policy.clone()),
            max_size: job.max_size,
        }
    }

    fn scan(&mut self, index: usize, blob: &BlobEntry, inventory: &Inventory) -> Message {
        let failed = |e: &git2::Error| Message::Failed(format!("blob {}", blob.id), one_line(e));
        let repo = match &self.repo {
            Ok(repo) => repo,
            Err(e) => return failed(e),
        };
        let odb = match repo.odb() {
            Ok(odb) => odb,
            Err(e) => return failed(&e),
        };
        let content = match read_blob(&odb, blob.id, self.max_size) {
            Ok(BlobContent::Skipped(reason)) => return Message::Skipped(reason),
            Ok(content) => content,
            Err(e) => return failed(&e),
        };
        let provenance = match blob.sightings.first() {
            Some(&first) => Provenance::Commit {
                path: inventory.path(first).to_owned(),
                blob: blob.id.to_string(),
                commit: inventory.commit(first).to_string(),
            },
            None => Provenance::Object { blob: blob.id.to_string() },
        };
        let chunk = Chunk { bytes: content.bytes(), provenance };
        let result = self.scanner.scan(&chunk);
        Message::Scanned {
            index,
            bytes: chunk.bytes.len() as u64,
            findings: result.findings,
            suppressed: result.suppressed,
        }
    }
}

fn one_line(error: &git2::Error) -> String {
    error.message().split_whitespace().collect::<Vec<_>>().join(" ")
}
