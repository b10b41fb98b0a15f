//! `leakwatch hook install|uninstall|pre-push`.

use super::range::{open_repo, scan_range};
use crate::cli::args::{HookCommand, PrePushArgs};
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::hook::{self, HookKind, Installed, Uninstalled};
use crate::report;
use crate::source::commits::{CommitRange, remote_tracking_commits};
use anyhow::Context;
use git2::{Oid, Repository};
use std::io::{BufRead, IsTerminal};

/// Runs a `leakwatch hook` subcommand.
pub fn run(command: &HookCommand) -> anyhow::Result<ExitStatus> {
    match command {
        HookCommand::Install { pre_push, force } => install(*pre_push, *force),
        HookCommand::Uninstall => uninstall(),
        HookCommand::PrePush(args) => pre_push(args),
    }
}

fn repo() -> anyhow::Result<Repository> {
    Repository::open_from_env().or_else(|_| open_repo(None))
}

fn install(pre_push: bool, force: bool) -> anyhow::Result<ExitStatus> {
    let dir = hook::hooks_dir(&repo()?)?;
    let kinds: &[HookKind] = if pre_push { &HookKind::ALL } else { &[HookKind::PreCommit] };
    for &kind in kinds {
        let target = dir.join(kind.name());
        let what = match hook::install(&dir, kind, force)? {
            Installed::New => "installed".to_owned(),
            Installed::Unchanged => "already installed; nothing changed".to_owned(),
            Installed::Updated => "updated to this version of leakwatch".to_owned(),
            Installed::Chained(kept) => format!(
                "installed; the hook that was there is kept as {} and runs first",
                kept.display()
            ),
            Installed::Replaced(backup) => {
                format!("installed; the hook that was there is saved as {}", backup.display())
            }
        };
        report::note(&format!("{}: {what}", target.display()));
    }
    Ok(ExitStatus::Clean)
}

fn uninstall() -> anyhow::Result<ExitStatus> {
    let dir = hook::hooks_dir(&repo()?)?;
    for kind in HookKind::ALL {
        let target = dir.join(kind.name());
        let what = match hook::uninstall(&dir, kind)? {
            Uninstalled::NotInstalled => continue,
            Uninstalled::Removed => "removed".to_owned(),
            Uninstalled::Restored(from) => {
                format!("removed; the hook that was there before is back (from {})", from.display())
            }
        };
        report::note(&format!("{}: {what}", target.display()));
    }
    Ok(ExitStatus::Clean)
}

/// One line git writes to a pre-push hook's standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
struct PushLine {
    local_sha: Oid,
    remote_sha: Oid,
}

fn parse_push_line(line: &str) -> anyhow::Result<Option<PushLine>> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [] => Ok(None),
        [_, local, _, remote] => Ok(Some(PushLine {
            local_sha: Oid::from_str(local).context("local sha")?,
            remote_sha: Oid::from_str(remote).context("remote sha")?,
        })),
        _ => anyhow::bail!(
            "pre-push: expected '<local ref> <local sha> <remote ref> <remote sha>', got {line:?}"
        ),
    }
}

/// The commits a push sends: from each pushed tip, leaving out what the remote has (its old
/// tip for an update; every remote-tracking ref for a new branch). Deletions send nothing.
fn push_range(repo: &Repository, lines: &[PushLine]) -> anyhow::Result<CommitRange> {
    let mut range = CommitRange::default();
    let mut hide_remotes = false;
    for line in lines {
        if line.local_sha.is_zero() {
            continue;
        }
        let Ok(tip) = repo.find_object(line.local_sha, None).and_then(|o| o.peel_to_commit())
        else {
            continue; // A tag of a tree or blob: no commits to scan.
        };
        range.include.push(tip.id());
        match repo.find_commit(line.remote_sha) {
            Ok(old) if !line.remote_sha.is_zero() => range.hide.push(old.id()),
            // A new branch, or an old tip we never fetched.
            _ => hide_remotes = true,
        }
    }
    if hide_remotes {
        range.hide.extend(remote_tracking_commits(repo)?);
    }
    Ok(range)
}

fn pre_push(args: &PrePushArgs) -> anyhow::Result<ExitStatus> {
    let started = std::time::Instant::now();
    let settings = ScanSettings::from_args(&args.common, std::io::stdout().is_terminal());
    let repo = repo()?;
    let mut lines = Vec::new();
    for line in std::io::stdin().lock().lines() {
        if let Some(push) = parse_push_line(&line.context("reading the pre-push lines")?)? {
            lines.push(push);
        }
    }
    let range = push_range(&repo, &lines)?;
    let collector = scan_range(&repo, &range, &settings, args.max_file_size)?;
    collector.finish(&settings, started)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_lines_parse() {
        let zero = "0".repeat(40);
        let line = format!("refs/heads/x {} refs/heads/x {zero}", "a".repeat(40));
        let parsed = parse_push_line(&line).unwrap().unwrap();
        assert!(parsed.remote_sha.is_zero() && !parsed.local_sha.is_zero());
        assert_eq!(parse_push_line("  ").unwrap(), None);
        assert!(parse_push_line("refs/heads/x abc").is_err());
    }
}
