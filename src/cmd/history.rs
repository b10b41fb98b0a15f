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
use crate::scanner::{ChunkScanner, ScanPolicy, Version};
use crate::source::history::{self, BlobContent, HistoryError, HistoryScope, Inventory, read_blob};
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
        threads: settings.threads,
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
        incremental: !args.whole_blobs,
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
    /// Whether a blob that changed a clean version held in memory is searched only where it
    /// changed ([`ChunkScanner::scan_changed`]).
    incremental: bool,
}

/// The most versions of one path a worker takes at a time: longer runs are cut, so that the
/// last runs of a scan are short and both threads finish together. A cut costs one whole
/// search.
const RUN: usize = 32;

/// The blobs in the order they are scanned, cut into runs that a worker takes whole: each
/// path's blobs (by first sighting) one after another, oldest first, so that a worker still
/// holds the version a blob changed when it comes to it. Runs start in order of their first
/// blob, so reads stay near the order of the walk.
struct Schedule {
    order: Vec<u32>,
    /// `order[runs[i]..runs[i + 1]]` is run i.
    runs: Vec<usize>,
    /// Per blob: whether a later blob changed it (only those are worth keeping).
    changed_later: Vec<bool>,
}

impl Schedule {
    fn new(inventory: &Inventory) -> Schedule {
        let blobs = &inventory.blobs;
        // Unreachable blobs have no path and no earlier version: they go last.
        let path =
            |index: u32| blobs[index as usize].sightings.first().map_or(u32::MAX, |s| s.path);
        let mut order: Vec<u32> = (0..blobs.len() as u32).collect();
        order.sort_by_key(|&index| (path(index), index));
        // Runs as spans of `order`: one path's blobs, RUN at most.
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for at in 0..order.len() {
            match runs.last_mut() {
                Some((start, end))
                    if path(order[*start]) == path(order[at]) && at - *start < RUN =>
                {
                    *end = at + 1;
                }
                _ => runs.push((at, at + 1)),
            }
        }
        runs.sort_unstable_by_key(|&(start, _)| order[start]);
        let mut scheduled = Vec::with_capacity(order.len());
        let mut starts = Vec::with_capacity(runs.len() + 1);
        for (start, end) in runs {
            starts.push(scheduled.len());
            scheduled.extend_from_slice(&order[start..end]);
        }
        starts.push(scheduled.len());
        let mut changed_later = vec![false; blobs.len()];
        for blob in blobs {
            if let Some(earlier) = blob.earlier {
                changed_later[earlier as usize] = true;
            }
        }
        Schedule { order: scheduled, runs: starts, changed_later }
    }

    fn run(&self, run: usize) -> Option<&[u32]> {
        Some(&self.order[*self.runs.get(run)?..*self.runs.get(run + 1)?])
    }
}

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
    let (sender, receiver) = mpsc::sync_channel::<Vec<Message>>(64);
    let mut found = Vec::new();
    let schedule = Schedule::new(inventory);
    // One worker per thread for the whole scan, taking runs of blobs from a shared counter: a
    // worker's repository handle, pack caches, regex state caches and the versions it holds
    // stay warm (a new worker per batch of blobs spent more time warming up than two threads
    // saved). Messages go to the collector a run at a time: one wake-up per run, not per blob.
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..job.threads.max(1) {
            let sender = sender.clone();
            let (next, schedule) = (&next, &schedule);
            scope.spawn(move || {
                let mut worker = Worker::new(job);
                while let Some(run) = schedule.run(next.fetch_add(1, Ordering::Relaxed)) {
                    let messages = run
                        .iter()
                        .map(|&index| worker.scan(index as usize, inventory, schedule))
                        .collect();
                    // The collector only stops receiving when the process is exiting.
                    if sender.send(messages).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        for message in receiver.into_iter().flatten() {
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

/// Clean versions a worker keeps, for the blobs that changed them.
const KEEP_VERSIONS: usize = 4;
/// Larger versions are not kept.
const KEEP_BYTES: usize = 4 << 20;

/// A clean version a worker keeps: its blob, its path, and what the scan of a blob that
/// changed it needs.
struct Kept {
    blob: u32,
    path: u32,
    version: Version,
}

/// One worker's own repository handle (`Repository` is `Send`, not `Sync`), scanner, and the
/// last few clean versions it scanned.
struct Worker {
    repo: Result<git2::Repository, git2::Error>,
    scanner: ChunkScanner,
    max_size: u64,
    incremental: bool,
    kept: Vec<Kept>,
}

impl Worker {
    fn new(job: &ScanJob) -> Worker {
        let mut scanner = ChunkScanner::new(job.rules.clone(), job.policy.clone());
        if job.incremental {
            scanner.track_versions();
        }
        Worker {
            repo: git2::Repository::open(&job.git_dir),
            scanner,
            max_size: job.max_size,
            incremental: job.incremental,
            kept: Vec::new(),
        }
    }

    fn scan(&mut self, index: usize, inventory: &Inventory, schedule: &Schedule) -> Message {
        let blob = &inventory.blobs[index];
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
        let first = blob.sightings.first().copied();
        let provenance = match first {
            Some(first) => Provenance::Commit {
                path: inventory.path(first).to_owned(),
                blob: blob.id.to_string(),
                commit: inventory.commit(first).to_string(),
            },
            None => Provenance::Object { blob: blob.id.to_string() },
        };
        let chunk = Chunk { bytes: content.bytes(), provenance };
        let path = first.map(|s| s.path);
        // The version this blob changed, if this worker holds it clean, scanned at this path.
        let earlier = blob.earlier.filter(|_| self.incremental).and_then(|earlier| {
            self.kept.iter().position(|k| k.blob == earlier && Some(k.path) == path)
        });
        let result = match earlier {
            Some(kept) => self.scanner.scan_changed(&chunk, &self.kept[kept].version).0,
            None => self.scanner.scan(&chunk),
        };
        if let Some(path) = path
            && self.incremental
            && result.clean
            && schedule.changed_later[index]
            && chunk.bytes.len() <= KEEP_BYTES
        {
            let slot = kept_slot(&mut self.kept, index as u32, path);
            self.scanner.keep(chunk.bytes, slot);
        }
        Message::Scanned {
            index,
            bytes: chunk.bytes.len() as u64,
            findings: result.findings,
            suppressed: result.suppressed,
        }
    }
}

/// A slot for one more kept version: a new one, or the oldest (whose buffers it reuses).
fn kept_slot(kept: &mut Vec<Kept>, blob: u32, path: u32) -> &mut Version {
    let mut slot = if kept.len() < KEEP_VERSIONS {
        Kept { blob, path, version: Version::default() }
    } else {
        kept.remove(0)
    };
    slot.blob = blob;
    slot.path = path;
    kept.push(slot);
    &mut kept.last_mut().expect("just pushed").version
}

fn one_line(error: &git2::Error) -> String {
    error.message().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::history::{BlobEntry, Sighting};

    /// Blob i sighted first at path `paths[i]` (None: unreachable), changing `earlier[i]`.
    fn inventory(paths: &[Option<u32>], earlier: &[Option<u32>]) -> Inventory {
        let blobs = paths
            .iter()
            .zip(earlier)
            .enumerate()
            .map(|(i, (path, earlier))| BlobEntry {
                id: git2::Oid::hash_object(git2::ObjectType::Blob, &i.to_le_bytes()).unwrap(),
                sightings: path
                    .map(|path| Sighting { commit: i as u32, path })
                    .into_iter()
                    .collect(),
                earlier: *earlier,
            })
            .collect();
        Inventory { blobs, paths: vec!["a".into(), "b".into()], ..Inventory::default() }
    }

    #[test]
    fn each_paths_versions_are_scanned_in_order_in_runs() {
        // 40 versions of path 0 and 3 of path 1, interleaved, then one unreachable blob.
        let mut paths: Vec<Option<u32>> = (0..40).map(|_| Some(0)).collect();
        paths.insert(5, Some(1));
        paths.insert(20, Some(1));
        paths.push(Some(1));
        paths.push(None);
        let earlier: Vec<Option<u32>> = (0..paths.len()).map(|_| None).collect();
        let mut earlier = earlier;
        earlier[1] = Some(0);
        let schedule = Schedule::new(&inventory(&paths, &earlier));
        let runs: Vec<&[u32]> = (0..).map_while(|r| schedule.run(r)).collect();
        let mut all: Vec<u32> = runs.concat();
        all.sort_unstable();
        assert_eq!(all, (0..paths.len() as u32).collect::<Vec<_>>(), "each blob once");
        for run in &runs {
            assert!(run.len() <= RUN);
            assert!(run.windows(2).all(|w| w[0] < w[1]), "oldest first: {run:?}");
            let path = paths[run[0] as usize];
            assert!(run.iter().all(|&i| paths[i as usize] == path), "one path: {run:?}");
        }
        // Path 0's 40 versions: a run of 32 and one of 8; path 1's three; the unreachable one.
        let lens: Vec<usize> = runs.iter().map(|r| r.len()).collect();
        assert_eq!(lens, [32, 3, 8, 1]);
        assert!(schedule.changed_later[0] && !schedule.changed_later[1]);
    }
}
