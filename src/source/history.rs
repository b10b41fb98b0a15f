//! History blobs: every blob reachable from every ref (branches, tags, remote-tracking refs,
//! stash), each listed once with the (commit, path) sightings that introduced it.
//!
//! Commits are walked oldest to newest; each commit's tree is compared with its parents' trees
//! and subtrees identical to a parent's are skipped, so a blob's first sighting is the commit and
//! path that introduced it. Only ids and small indexes are kept (memory follows the number of
//! blobs, not their bytes); contents are read later, in parallel, by [`read_blob`]. This module
//! knows nothing of rules or findings. Submodule entries (gitlinks) are skipped.

use super::SkipReason;
use super::text::{TextKind, classify};
use crate::filter::allowlist::PathAllowlist;
use git2::{ObjectType, Oid, Repository, Sort, Tree};
use std::collections::HashMap;
use std::path::Path;

/// Folders nested deeper than this are not walked (git's own `core.maxTreeDepth` default): the
/// walk recurses, and a hostile repository with a tree nested 100,000 deep would exhaust the
/// stack. A cut is a problem (a warning, exit 2), never a silent gap.
pub const MAX_TREE_DEPTH: usize = 4096;

/// Errors that stop a history scan before it starts.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The path is not inside a git repository.
    #[error("{0}: not a git repository")]
    NotARepository(String),
    /// A shallow clone without `--allow-shallow`.
    #[error("history is incomplete: this is a shallow clone; fetch full history")]
    Shallow,
    /// `--branch NAME` names no ref.
    #[error("no branch or ref named {0:?}")]
    NoSuchRef(String),
    /// Any other git failure.
    #[error("{what}: {source}")]
    Git {
        /// What was being done.
        what: String,
        /// What git said.
        source: git2::Error,
    },
}

/// Opens the repository containing `path`.
pub fn open(path: &Path) -> Result<Repository, HistoryError> {
    Repository::discover(path).map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => HistoryError::NotARepository(path.display().to_string()),
        _ => HistoryError::Git { what: format!("opening {}", path.display()), source: e },
    })
}

/// Which commits and blobs to list.
#[derive(Debug, Clone, Default)]
pub struct HistoryScope {
    /// Only the history of this ref.
    pub branch: Option<String>,
    /// Only commits whose commit time is at or after this (seconds since the epoch).
    pub since: Option<i64>,
    /// Also list blobs no ref reaches.
    pub all_objects: bool,
    /// Paths whose blobs are never read; their sightings are dropped.
    pub allowlist: PathAllowlist,
}

/// Where a blob was introduced: indexes into [`Inventory::commits`] and [`Inventory::paths`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sighting {
    /// Index of the commit, in walk order (oldest first).
    pub commit: u32,
    /// Index of the path.
    pub path: u32,
}

/// One unique blob and every (commit, path) that introduced it; none for unreachable blobs.
#[derive(Debug, Clone)]
pub struct BlobEntry {
    /// The blob's id.
    pub id: Oid,
    /// Sightings in walk order; the first is the introducing one.
    pub sightings: Vec<Sighting>,
    /// The blob at the first sighting's path in the introducing commit's first parent that has
    /// a blob there: the version this one changed (None for a new file or an unreachable blob).
    pub earlier: Option<Oid>,
}

/// Everything the walk found.
#[derive(Debug, Default)]
pub struct Inventory {
    /// Commits in walk order (parents before children).
    pub commits: Vec<Oid>,
    /// Interned repository-relative paths.
    pub paths: Vec<String>,
    /// Unique blobs, in order of first sighting (unreachable ones last).
    pub blobs: Vec<BlobEntry>,
    /// How many blobs only `--all-objects` found.
    pub unreachable: usize,
    /// Sightings dropped because a path allowlist matched.
    pub allowed_paths: usize,
    /// Objects that could not be read: (object, what went wrong).
    pub problems: Vec<(String, String)>,
}

impl Inventory {
    /// The path of a sighting.
    pub fn path(&self, sighting: Sighting) -> &str {
        &self.paths[sighting.path as usize]
    }

    /// The commit of a sighting.
    pub fn commit(&self, sighting: Sighting) -> Oid {
        self.commits[sighting.commit as usize]
    }
}

/// The refs a history scan starts from, as (full name, commit), sorted by name.
pub fn ref_tips(
    repo: &Repository,
    branch: Option<&str>,
) -> Result<Vec<(String, Oid)>, HistoryError> {
    let git = |what: &str| {
        let what = what.to_owned();
        move |source| HistoryError::Git { what, source }
    };
    if let Some(name) = branch {
        let commit = repo
            .resolve_reference_from_short_name(name)
            .and_then(|r| r.peel_to_commit())
            .or_else(|_| repo.revparse_single(name).and_then(|o| o.peel_to_commit()))
            .map_err(|_| HistoryError::NoSuchRef(name.to_owned()))?;
        return Ok(vec![(name.to_owned(), commit.id())]);
    }
    let mut tips = Vec::new();
    for reference in repo.references().map_err(git("listing refs"))? {
        let Ok(reference) = reference else { continue };
        // Tags of trees or blobs, and symbolic refs to nothing, have no history to walk.
        if let (Some(name), Ok(commit)) = (reference.name(), reference.peel_to_commit()) {
            tips.push((name.to_owned(), commit.id()));
        }
    }
    if let Ok(head) = repo.head().and_then(|h| h.peel_to_commit()) {
        tips.push(("HEAD".to_owned(), head.id()));
    }
    tips.sort();
    tips.dedup();
    Ok(tips)
}

/// Walks the history in `scope` and lists its unique blobs; `on_commit` is called after each
/// commit with the number walked so far (for progress).
pub fn enumerate(
    repo: &Repository,
    scope: &HistoryScope,
    on_commit: &mut dyn FnMut(usize),
) -> Result<Inventory, HistoryError> {
    let git = |what: &'static str| move |source| HistoryError::Git { what: what.into(), source };
    let mut walk = repo.revwalk().map_err(git("starting the commit walk"))?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).map_err(git("sorting commits"))?;
    for (_, tip) in ref_tips(repo, scope.branch.as_deref())? {
        walk.push(tip).map_err(git("starting the commit walk"))?;
    }
    let mut lister = Lister {
        repo,
        scope,
        inventory: Inventory::default(),
        blob_index: HashMap::new(),
        path_index: HashMap::new(),
    };
    for oid in walk {
        match oid {
            Ok(oid) => lister.commit(oid),
            Err(e) => {
                lister.problem("commit walk".into(), &e);
                break;
            }
        }
        on_commit(lister.inventory.commits.len());
    }
    if scope.all_objects {
        lister.unreachable_blobs();
    }
    Ok(lister.inventory)
}

/// The walk's state: the inventory being built and the indexes that dedup it.
struct Lister<'a> {
    repo: &'a Repository,
    scope: &'a HistoryScope,
    inventory: Inventory,
    blob_index: HashMap<Oid, u32>,
    path_index: HashMap<String, u32>,
}

impl Lister<'_> {
    fn problem(&mut self, object: String, error: &git2::Error) {
        self.inventory.problems.push((object, error.message().to_owned()));
    }

    /// Lists what `oid` introduced: entries that differ from every parent at their path.
    fn commit(&mut self, oid: Oid) {
        let commit = match self.repo.find_commit(oid) {
            Ok(commit) => commit,
            Err(e) => return self.problem(format!("commit {oid}"), &e),
        };
        if self.scope.since.is_some_and(|since| commit.time().seconds() < since) {
            return;
        }
        let tree = match commit.tree() {
            Ok(tree) => tree,
            Err(e) => {
                return self.problem(format!("tree {} of commit {oid}", commit.tree_id()), &e);
            }
        };
        let mut parents = Vec::new();
        for parent in commit.parent_ids() {
            // A parent beyond a shallow boundary or missing: compare with the others only.
            match self.repo.find_commit(parent).and_then(|p| p.tree()) {
                Ok(tree) => parents.push(tree),
                Err(_) if self.repo.is_shallow() => {}
                Err(e) => self.problem(format!("commit {parent}"), &e),
            }
        }
        let index = u32::try_from(self.inventory.commits.len()).unwrap_or(u32::MAX);
        self.inventory.commits.push(oid);
        self.tree(&tree, &parents, "", index, 0);
    }

    /// Lists the entries of `tree`, the folder `prefix` nested `depth` folders deep.
    fn tree(
        &mut self,
        tree: &Tree<'_>,
        parents: &[Tree<'_>],
        prefix: &str,
        commit: u32,
        depth: usize,
    ) {
        for entry in tree.iter() {
            let name = String::from_utf8_lossy(entry.name_bytes());
            let id = entry.id();
            let in_parents: Vec<_> =
                parents.iter().filter_map(|p| p.get_name_bytes(entry.name_bytes())).collect();
            if in_parents.iter().any(|p| p.id() == id) {
                continue; // unchanged against a parent: seen when that parent was walked
            }
            let path =
                if prefix.is_empty() { name.into_owned() } else { format!("{prefix}/{name}") };
            match entry.kind() {
                Some(ObjectType::Tree) if depth >= MAX_TREE_DEPTH => {
                    let what =
                        format!("nested more than {MAX_TREE_DEPTH} folders deep; not scanned");
                    self.inventory.problems.push((format!("tree {id}"), what));
                }
                Some(ObjectType::Tree) => {
                    let subtree = match self.repo.find_tree(id) {
                        Ok(subtree) => subtree,
                        Err(e) => {
                            self.problem(format!("tree {id} ({path})"), &e);
                            continue;
                        }
                    };
                    let sub_parents: Vec<Tree<'_>> = in_parents
                        .iter()
                        .filter(|p| p.kind() == Some(ObjectType::Tree))
                        .filter_map(|p| self.repo.find_tree(p.id()).ok())
                        .collect();
                    self.tree(&subtree, &sub_parents, &path, commit, depth + 1);
                }
                Some(ObjectType::Blob) => {
                    let earlier = in_parents
                        .iter()
                        .find(|p| p.kind() == Some(ObjectType::Blob))
                        .map(|p| p.id());
                    self.sighting(id, path, commit, earlier);
                }
                // Gitlinks (submodule commits) live in another repository.
                _ => {}
            }
        }
    }

    fn sighting(&mut self, id: Oid, path: String, commit: u32, earlier: Option<Oid>) {
        if self.scope.allowlist.is_allowed(&path) {
            self.inventory.allowed_paths += 1;
            return;
        }
        let next = u32::try_from(self.path_index.len()).unwrap_or(u32::MAX);
        let path = match self.path_index.get(&path) {
            Some(&index) => index,
            None => {
                self.inventory.paths.push(path.clone());
                self.path_index.insert(path, next);
                next
            }
        };
        let blob = self.blob_entry(id);
        let entry = &mut self.inventory.blobs[blob];
        if entry.sightings.is_empty() {
            entry.earlier = earlier;
        }
        entry.sightings.push(Sighting { commit, path });
    }

    fn blob_entry(&mut self, id: Oid) -> usize {
        let next = self.inventory.blobs.len();
        let index =
            *self.blob_index.entry(id).or_insert_with(|| u32::try_from(next).unwrap_or(u32::MAX));
        if index as usize == next {
            self.inventory.blobs.push(BlobEntry { id, sightings: Vec::new(), earlier: None });
        }
        index as usize
    }

    /// `--all-objects`: every blob in the object database that the walk did not list.
    fn unreachable_blobs(&mut self) {
        let odb = match self.repo.odb() {
            Ok(odb) => odb,
            Err(e) => return self.problem("object database".into(), &e),
        };
        let mut ids = Vec::new();
        if let Err(e) = odb.foreach(|id| {
            ids.push(*id);
            true
        }) {
            self.problem("object database".into(), &e);
        }
        ids.sort();
        ids.dedup();
        for id in ids {
            if self.blob_index.contains_key(&id) {
                continue;
            }
            match odb.read_header(id) {
                Ok((_, ObjectType::Blob)) => {
                    self.blob_entry(id);
                    self.inventory.unreachable += 1;
                }
                Ok(_) => {}
                Err(e) => self.problem(format!("object {id}"), &e),
            }
        }
    }
}

/// A blob's content, as the scanner needs it.
pub enum BlobContent<'a> {
    /// Text, as stored.
    Text(git2::OdbObject<'a>),
    /// UTF-16 text with a byte-order mark, transcoded to UTF-8.
    Transcoded(Vec<u8>),
    /// Not scanned, and why.
    Skipped(SkipReason),
}

impl BlobContent<'_> {
    /// The bytes to scan (empty when skipped).
    pub fn bytes(&self) -> &[u8] {
        match self {
            BlobContent::Text(object) => object.data(),
            BlobContent::Transcoded(text) => text,
            BlobContent::Skipped(_) => &[],
        }
    }
}

/// Reads one blob: its size is checked from the object header before the content is inflated.
pub fn read_blob<'o>(
    odb: &'o git2::Odb<'_>,
    id: Oid,
    max_size: u64,
) -> Result<BlobContent<'o>, git2::Error> {
    let (size, _) = odb.read_header(id)?;
    if size as u64 > max_size {
        return Ok(BlobContent::Skipped(SkipReason::TooLarge));
    }
    let object = odb.read(id)?;
    Ok(match classify(object.data()) {
        TextKind::Binary => BlobContent::Skipped(SkipReason::Binary),
        TextKind::Transcoded(text) => BlobContent::Transcoded(text),
        TextKind::AsIs => BlobContent::Text(object),
    })
}
