//! The git facts a history finding's lifecycle needs, asked after scanning and only about the
//! blobs that hold findings: which of them HEAD's tree still has, which commit on HEAD's
//! first-parent line removed the last copy, which refs contain a commit, who made a commit.
//!
//! Like every source, it knows nothing of rules or findings: it answers about blob ids.

use super::history::MAX_TREE_DEPTH;
use crate::filter::allowlist::PathAllowlist;
use git2::{Delta, ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use std::collections::{HashMap, HashSet};

/// Who made a commit, when, and why.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Author time zone, minutes east of UTC.
    pub offset_minutes: i32,
    /// The message's first line.
    pub summary: String,
}

/// The author and summary of `id`, or None when it cannot be read.
pub fn commit_info(repo: &Repository, id: Oid) -> Option<CommitInfo> {
    let commit = repo.find_commit(id).ok()?;
    let author = commit.author();
    Some(CommitInfo {
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time: author.when().seconds(),
        offset_minutes: author.when().offset_minutes(),
        summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned(),
    })
}

/// The paths in HEAD's tree of each of `blobs` that HEAD has (allowlisted paths left out).
/// An unborn HEAD has none.
pub fn head_paths(
    repo: &Repository,
    blobs: &HashSet<Oid>,
    allowlist: &PathAllowlist,
) -> Result<HashMap<Oid, Vec<String>>, git2::Error> {
    let mut found: HashMap<Oid, Vec<String>> = HashMap::new();
    let Ok(tree) = repo.head().and_then(|h| h.peel_to_tree()) else { return Ok(found) };
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        // libgit2's walk recurses too: stop where the history walk stops listing.
        if entry.kind() == Some(ObjectType::Tree) && dir.matches('/').count() >= MAX_TREE_DEPTH {
            return TreeWalkResult::Skip;
        }
        if blobs.contains(&entry.id()) {
            let path = format!("{dir}{}", String::from_utf8_lossy(entry.name_bytes()));
            if !allowlist.is_allowed(&path) {
                found.entry(entry.id()).or_default().push(path);
            }
        }
        TreeWalkResult::Ok
    })?;
    for paths in found.values_mut() {
        paths.sort();
    }
    Ok(found)
}

/// For each group of blobs (the blobs holding one secret), the commit on HEAD's first-parent
/// line that removed the last copy: the commit after the last one whose tree had any of them.
/// None for a group HEAD still has, or that never was on that line.
pub fn removals(
    repo: &Repository,
    groups: &[Vec<Oid>],
    allowlist: &PathAllowlist,
) -> Result<Vec<Option<Oid>>, git2::Error> {
    let mut removed = vec![None; groups.len()];
    let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(removed) };
    let mut chain = vec![head.clone()];
    while let Some(parent) = chain.last().and_then(|c| c.parent(0).ok()) {
        chain.push(parent);
    }
    chain.reverse();
    let mut groups_of: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (group, blobs) in groups.iter().enumerate() {
        for blob in blobs {
            groups_of.entry(*blob).or_default().push(group);
        }
    }
    // Copies of each group's blobs in the current first-parent tree.
    let mut copies = vec![0i64; groups.len()];
    let mut previous: Option<git2::Tree<'_>> = None;
    for commit in &chain {
        let tree = commit.tree()?;
        let diff = repo.diff_tree_to_tree(previous.as_ref(), Some(&tree), None)?;
        let mut changed = HashSet::new();
        let mut count = |id: Oid, path: Option<&std::path::Path>, by: i64| {
            let path = path.map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            if let Some(gs) = groups_of.get(&id).filter(|_| !allowlist.is_allowed(&path)) {
                for &g in gs {
                    copies[g] += by;
                    changed.insert(g);
                }
            }
        };
        for delta in diff.deltas() {
            if matches!(delta.status(), Delta::Deleted | Delta::Modified | Delta::Typechange) {
                count(delta.old_file().id(), delta.old_file().path(), -1);
            }
            if matches!(delta.status(), Delta::Added | Delta::Modified | Delta::Typechange) {
                count(delta.new_file().id(), delta.new_file().path(), 1);
            }
        }
        for g in changed {
            removed[g] = (copies[g] <= 0).then(|| commit.id());
        }
        previous = Some(tree);
    }
    Ok(removed)
}

/// The short names of the branches and tags (local and remote-tracking; not the stash) among
/// `tips` whose history contains `commit`.
pub fn refs_containing(repo: &Repository, tips: &[(String, Oid)], commit: Oid) -> Vec<String> {
    tips.iter()
        .filter(|(name, _)| {
            ["refs/heads/", "refs/tags/", "refs/remotes/"].iter().any(|p| name.starts_with(p))
        })
        .filter(|(_, tip)| {
            *tip == commit || repo.graph_descendant_of(*tip, commit).unwrap_or(false)
        })
        .map(|(name, _)| {
            let short = ["refs/heads/", "refs/tags/", "refs/remotes/"]
                .iter()
                .find_map(|p| name.strip_prefix(p))
                .unwrap_or(name);
            short.to_owned()
        })
        .collect()
}
