//! `leakwatch scan [PATH...]`: files on disk, walked in parallel, one scanner per thread.

use super::common::{
    Collector, ScanScope, check_roots, load_config, load_rules, load_suppressions, policy,
};
use crate::cli::args::ScanArgs;
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::filter::Suppressed;
use crate::finding::Finding;
use crate::repo_config::RepoConfig;
use crate::scanner::ChunkScanner;
use crate::source::SkipReason;
use crate::source::worktree::{WalkEvent, WalkOptions, walk};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc;

/// What a worker thread tells the collector.
enum Message {
    Scanned { bytes: u64, findings: Vec<Finding>, suppressed: Suppressed },
    Skipped(SkipReason),
    Allowed,
    Warning(String, String),
}

/// Messages a walk may send ahead of the gatherer.
const MESSAGE_QUEUE: usize = 64;

/// Runs `leakwatch scan` (with `--staged`, `leakwatch staged`).
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    if args.staged {
        anyhow::ensure!(args.paths.is_empty(), "--staged scans the index and takes no PATH");
        return super::staged::run_with(&args.common, args.max_file_size);
    }
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(&args.common, std::io::stdout().is_terminal());
    let roots = roots(args);
    check_roots(&roots)?;
    let config = load_config(&settings, config_root(&roots))?;
    // The ignore file and baseline are read before the walk: an error in them stops the run
    // before any scanning, like an error in the config.
    let suppressions = load_suppressions(&settings, &config, config_root(&roots), ScanScope::Full)?;
    let mut collector = collect(args, &settings, &config)?;
    collector.suppressions = suppressions;
    collector.finish(&settings, started)
}

fn roots(args: &ScanArgs) -> Vec<PathBuf> {
    if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() }
}

/// The folder whose `.leakwatch.yaml` and `.leakwatchignore` apply: the first root, if a folder.
fn config_root(roots: &[PathBuf]) -> Option<&std::path::Path> {
    roots.first().filter(|r| r.is_dir()).map(PathBuf::as_path)
}

/// The config that applies to a scan of `args`: `--config`, else `.leakwatch.yaml` in the first
/// root. Fails if a root cannot be read.
pub fn config_for(args: &ScanArgs, settings: &ScanSettings) -> anyhow::Result<RepoConfig> {
    let roots = roots(args);
    check_roots(&roots)?;
    load_config(settings, config_root(&roots))
}

/// Walks and scans the files `args` names; the findings are not yet filtered by the ignore file
/// or baseline (`leakwatch baseline create` records them as they are).
pub fn collect(
    args: &ScanArgs,
    settings: &ScanSettings,
    config: &RepoConfig,
) -> anyhow::Result<Collector> {
    let roots = roots(args);
    let options = WalkOptions {
        roots,
        threads: settings.threads,
        no_ignore: args.no_ignore,
        follow_links: args.follow_links,
        max_file_size: args.max_file_size,
        allowlist: config.paths.clone(),
    };
    // Gathering keeps up with any walk: a short queue does, and a channel lays out (and so
    // touches) every slot up front, a score of pages for 1,024 of them.
    let (sender, receiver) = mpsc::sync_channel::<Message>(MESSAGE_QUEUE);
    // The walk runs on this thread and the findings are gathered on another: a small scan then
    // allocates from the main heap, which grows in large steps, rather than from a new thread's
    // arena, which glibc grows a few pages (one mprotect call) at a time.
    let (rules, mut collector) = std::thread::scope(|scope| {
        let gatherer = scope.spawn(move || {
            let mut collector = Collector::default();
            for message in receiver {
                gather(&mut collector, message);
            }
            collector
        });
        let rules = load_rules(config);
        if let Ok(rules) = &rules {
            let policy = policy(config, settings);
            walk(&options, || {
                let sender = sender.clone();
                let mut scanner = ChunkScanner::new(rules.clone(), policy.clone());
                move |event: WalkEvent<'_>| {
                    let message = match event {
                        WalkEvent::Chunk(chunk) => {
                            let result = scanner.scan(&chunk);
                            let bytes = chunk.bytes.len() as u64;
                            Message::Scanned {
                                bytes,
                                findings: result.findings,
                                suppressed: result.suppressed,
                            }
                        }
                        WalkEvent::Skipped(_, reason) => Message::Skipped(reason),
                        WalkEvent::Allowed(_) => Message::Allowed,
                        WalkEvent::Warning(path, message) => Message::Warning(path, message),
                    };
                    // The gatherer only stops receiving when the process is exiting.
                    let _ = sender.send(message);
                }
            });
        }
        drop(sender);
        let collector = gatherer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rules, collector)
    });
    let rules = rules?;
    collector.stats.rules = rules.len();
    // The process exits soon: freeing every compiled rule would cost more than the scan of a
    // few files, so the OS reclaims them instead.
    std::mem::forget(rules);
    Ok(collector)
}

fn gather(collector: &mut Collector, message: Message) {
    match message {
        Message::Scanned { bytes, findings, suppressed } => {
            collector.stats.scanned += 1;
            collector.stats.bytes += bytes;
            collector.add(findings, &suppressed);
        }
        Message::Skipped(reason) => collector.skipped(reason),
        Message::Allowed => collector.stats.allowed_paths += 1,
        Message::Warning(path, message) => collector.warn(&path, &message),
    }
}
