//! The git facts a history finding's lifecycle needs, asked after scanning and only about the
//! blobs that hold findings: which of them HEAD's tree still has, which commit on HEAD's
//! first-parent line removed the last copy, which refs contain a commit, who made a commit.
//!
//! Like every source, it knows nothing of rules or findings: it answers about blob ids.

use super::history::MAX_TREE_DEPTH;
use crate::filter::allowlist::PathAllowlist;
use git2::{ObjectType, Oid, Repository, Sort, TreeWalkMode, TreeWalkResult};
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
    if blobs.is_empty() {
        return Ok(found);
    }
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

/// For each group of (blob, path) pairs (every place the blobs holding one secret were ever
/// added), the commit on HEAD's first-parent line that removed the last copy: the commit after
/// the newest one whose tree has any of them. None for an empty group, one HEAD still has, or
/// one that never was on that line.
///
/// Walks back from HEAD and stops once every group is placed, looking up only the groups'
/// paths: a diff of every commit on the line would cost more than the scan on a long history.
pub fn removals(
    repo: &Repository,
    groups: &[Vec<(Oid, String)>],
) -> Result<Vec<Option<Oid>>, git2::Error> {
    let mut removed = vec![None; groups.len()];
    let mut pending: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].is_empty()).collect();
    if pending.is_empty() {
        return Ok(removed);
    }
    let Ok(mut commit) = repo.head().and_then(|h| h.peel_to_commit()) else { return Ok(removed) };
    let mut newer: Option<Oid> = None;
    loop {
        let tree = commit.tree()?;
        pending.retain(|&g| {
            let present = groups[g].iter().any(|(blob, path)| {
                tree.get_path(std::path::Path::new(path)).is_ok_and(|entry| entry.id() == *blob)
            });
            if present {
                removed[g] = newer;
            }
            !present
        });
        if pending.is_empty() {
            break;
        }
        newer = Some(commit.id());
        match commit.parent(0) {
            Ok(parent) => commit = parent,
            Err(_) => break,
        }
    }
    Ok(removed)
}

/// For each of `commits`, the short names of the branches and tags (local and remote-tracking;
/// not the stash) among `tips` whose history contains it, sorted as `tips` are.
///
/// One walk of the history per 64 refs, each commit read once per walk, whatever the number of
/// commits asked about: asking git whether each ref descends from each commit walks the
/// history once per question, which on a long history with many findings took minutes.
pub fn refs_containing(
    repo: &Repository,
    tips: &[(String, Oid)],
    commits: &HashSet<Oid>,
) -> Result<HashMap<Oid, Vec<String>>, git2::Error> {
    const PREFIXES: [&str; 3] = ["refs/heads/", "refs/tags/", "refs/remotes/"];
    let named: Vec<(&str, Oid)> = tips
        .iter()
        .filter_map(|(name, tip)| {
            PREFIXES.iter().find_map(|p| name.strip_prefix(p)).map(|n| (n, *tip))
        })
        .collect();
    let mut found: HashMap<Oid, Vec<String>> = commits.iter().map(|&c| (c, Vec::new())).collect();
    if commits.is_empty() {
        return Ok(found);
    }
    for group in named.chunks(64) {
        // Bit i: the group's ref i reaches the commit. Children come before their parents.
        let mut reached: HashMap<Oid, u64> = HashMap::new();
        let mut walk = repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL)?;
        for (bit, (_, tip)) in group.iter().enumerate() {
            *reached.entry(*tip).or_default() |= 1 << bit;
            walk.push(*tip)?;
        }
        for id in walk {
            let id = id?;
            let bits = reached.get(&id).copied().unwrap_or_default();
            if let Some(refs) = found.get_mut(&id) {
                refs.extend(
                    group
                        .iter()
                        .enumerate()
                        .filter(|(bit, _)| bits & (1 << bit) != 0)
                        .map(|(_, (n, _))| (*n).to_owned()),
                );
            }
            for parent in repo.find_commit(id)?.parent_ids() {
                *reached.entry(parent).or_default() |= bits;
            }
        }
    }
    Ok(found)
}
