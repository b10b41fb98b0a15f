//! Commit ranges: the commits of `A..B` (or of a push), and what each adds against its first
//! parent. The diff-mode sibling of the full history audit, used by the CI gate and pre-push.
//!
//! Incomplete history is an error, never a silent pass: a missing revision or a shallow
//! boundary inside the range gives [`RangeError`], which callers turn into exit 2 — unless the
//! user asked for a partial scan ([`ShallowPolicy::ScanPartial`], `--allow-shallow`).

use super::diff::{DiffEntry, diff_options, entries};
use git2::{Oid, Repository, Sort};
use std::collections::HashSet;

/// Why a range cannot be scanned completely.
#[derive(Debug, thiserror::Error)]
pub enum RangeError {
    /// The range text is not `A..B`.
    #[error("not a commit range: {0:?} (expected BASE..HEAD)")]
    Syntax(String),
    /// A revision is not in the repository (often: a shallow clone).
    #[error(
        "{0}: not found in this repository; fetch more history (actions/checkout: fetch-depth: 0)"
    )]
    MissingRevision(String),
    /// The range reaches a shallow clone's boundary, so some parents are missing.
    #[error(
        "the history of {0} is cut by a shallow clone; fetch more history (actions/checkout: fetch-depth: 0)"
    )]
    Shallow(String),
    /// Any other git error.
    #[error(transparent)]
    Git(#[from] git2::Error),
}

/// What a range does where a shallow clone cuts its history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ShallowPolicy {
    /// A missing base or a range crossing the boundary is an error (the CI gate, pre-push).
    #[default]
    FailClosed,
    /// Scan what there is (`--allow-shallow`): in a shallow clone a base that is missing hides
    /// nothing, and a commit at the boundary (its parents are missing) counts its whole tree as
    /// added. The result says it is partial.
    ScanPartial,
}

/// The tips to walk from and the commits to stop at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitRange {
    /// Walk from these commits.
    pub include: Vec<Oid>,
    /// Leave out these commits and their ancestors.
    pub hide: Vec<Oid>,
    /// What to do where a shallow clone cuts the range.
    pub shallow: ShallowPolicy,
    /// The base a shallow clone does not have, when [`ShallowPolicy::ScanPartial`] let the
    /// range go on without it.
    pub missing_base: Option<String>,
}

/// The commits of a range, oldest first, and whether a shallow clone cut them short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangeCommits {
    /// The commits.
    pub commits: Vec<Oid>,
    /// True when the base was missing or a commit sits on the shallow boundary (only with
    /// [`ShallowPolicy::ScanPartial`]; otherwise that is an error).
    pub partial: bool,
}

impl CommitRange {
    /// Parses `A..B` (an empty side means HEAD) and resolves both sides to commits.
    pub fn parse(
        repo: &Repository,
        spec: &str,
        shallow: ShallowPolicy,
    ) -> Result<CommitRange, RangeError> {
        let Some((base, tip)) = spec.split_once("..") else {
            return Err(RangeError::Syntax(spec.to_owned()));
        };
        if tip.starts_with('.') {
            return Err(RangeError::Syntax(spec.to_owned()));
        }
        let resolve = |rev: &str| {
            let rev = if rev.is_empty() { "HEAD" } else { rev };
            repo.revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map(|c| c.id())
                .map_err(|_| RangeError::MissingRevision(rev.to_owned()))
        };
        let include = vec![resolve(tip)?];
        let (hide, missing_base) = match resolve(base) {
            Ok(base) => (vec![base], None),
            Err(RangeError::MissingRevision(rev))
                if shallow == ShallowPolicy::ScanPartial && repo.is_shallow() =>
            {
                (Vec::new(), Some(rev))
            }
            Err(e) => return Err(e),
        };
        Ok(CommitRange { include, hide, shallow, missing_base })
    }

    /// The commits in the range, oldest first. Fails when the range crosses a shallow boundary,
    /// unless the policy is [`ShallowPolicy::ScanPartial`].
    pub fn commits(&self, repo: &Repository) -> Result<RangeCommits, RangeError> {
        let mut partial = self.missing_base.is_some();
        if self.include.is_empty() {
            return Ok(RangeCommits { commits: Vec::new(), partial });
        }
        let shallow = shallow_commits(repo);
        let mut walk = repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
        for id in &self.include {
            walk.push(*id)?;
        }
        for id in &self.hide {
            walk.hide(*id)?;
        }
        let mut out = Vec::new();
        for id in walk {
            let id = id.map_err(|e| missing_history(e, "the range"))?;
            if shallow.contains(&id) {
                match self.shallow {
                    ShallowPolicy::FailClosed => return Err(RangeError::Shallow(id.to_string())),
                    ShallowPolicy::ScanPartial => partial = true,
                }
            }
            out.push(id);
        }
        Ok(RangeCommits { commits: out, partial })
    }
}

fn missing_history(error: git2::Error, what: &str) -> RangeError {
    if error.code() == git2::ErrorCode::NotFound {
        RangeError::Shallow(what.to_owned())
    } else {
        RangeError::Git(error)
    }
}

/// The commits a shallow clone has without their parents (`$GIT_COMMON_DIR/shallow`).
pub fn shallow_commits(repo: &Repository) -> HashSet<Oid> {
    if !repo.is_shallow() {
        return HashSet::new();
    }
    let text = std::fs::read_to_string(repo.commondir().join("shallow")).unwrap_or_default();
    text.lines().filter_map(|l| Oid::from_str(l.trim()).ok()).collect()
}

/// What `commit` adds against its first parent (against nothing for a root commit, or, with
/// [`ShallowPolicy::ScanPartial`], for a commit whose parent a shallow clone lacks).
pub fn commit_entries(
    repo: &Repository,
    commit: Oid,
    shallow: ShallowPolicy,
) -> Result<Vec<DiffEntry>, RangeError> {
    let commit = repo.find_commit(commit)?;
    let parent = match commit.parent_count() {
        0 => None,
        _ => match commit.parent(0) {
            Ok(parent) => Some(parent),
            Err(_) if shallow == ShallowPolicy::ScanPartial && repo.is_shallow() => None,
            Err(e) => return Err(missing_history(e, &commit.id().to_string())),
        },
    };
    let old = parent.map(|p| p.tree()).transpose()?;
    let new = commit.tree()?;
    let mut options = diff_options();
    let mut diff = repo.diff_tree_to_tree(old.as_ref(), Some(&new), Some(&mut options))?;
    Ok(entries(&mut diff)?)
}

/// All remote-tracking refs' commits (`refs/remotes/*`): what a remote is known to have.
pub fn remote_tracking_commits(repo: &Repository) -> Result<Vec<Oid>, git2::Error> {
    let mut out = Vec::new();
    for reference in repo.references_glob("refs/remotes/*")? {
        if let Ok(commit) = reference?.peel_to_commit() {
            out.push(commit.id());
        }
    }
    Ok(out)
}
