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
    /// Threads that compare commits with their parents.
    pub threads: usize,
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
    /// Index of the blob at the first sighting's path in the introducing commit's first parent
    /// that has a blob there: the version this one changed (None for a new file, an unreachable
    /// blob, or a version the walk did not list).
    pub earlier: Option<u32>,
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

/// Commits a listing thread takes at a time: consecutive commits, so that a commit's parent
/// trees are often the ones it read for the commit before.
const COMMIT_BLOCK: usize = 64;

/// A listing thread's stack: the listing recurses once per folder, [`MAX_TREE_DEPTH`] deep at
/// most, which the default 2 MiB of a spawned thread does not hold.
const LISTING_STACK: usize = 64 << 20;

/// Walks the history in `scope` and lists its unique blobs; `on_commit` is called after each
/// commit with the number walked so far (for progress).
///
/// The commits are put in order first; then `scope.threads` threads compare commits with their
/// parents, each with its own repository handle, a block of consecutive commits at a time, and
/// the blocks are merged in order, so the result is the same as one thread's.
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
    let mut merger = Merger {
        scope,
        inventory: Inventory::default(),
        blob_index: HashMap::new(),
        path_index: HashMap::new(),
    };
    let mut oids = Vec::new();
    for oid in walk {
        match oid {
            Ok(oid) => oids.push(oid),
            Err(e) => {
                merger.problem("commit walk".into(), &e);
                break;
            }
        }
    }
    let blocks: Vec<&[Oid]> = oids.chunks(COMMIT_BLOCK).collect();
    let repo_path = repo.path();
    let next = std::sync::atomic::AtomicUsize::new(0);
    // A listed block, by number, or a thread that could not open the repository.
    type Sent = Result<(usize, Vec<Listed>), (String, String)>;
    let (sender, receiver) = std::sync::mpsc::channel::<Sent>();
    std::thread::scope(|threads| {
        for _ in 0..scope.threads.clamp(1, blocks.len().max(1)) {
            let (sender, next, blocks) = (sender.clone(), &next, &blocks);
            // The listing recurses once per folder level, up to MAX_TREE_DEPTH levels.
            let thread = std::thread::Builder::new().stack_size(LISTING_STACK);
            let spawned = thread.spawn_scoped(threads, move || {
                let repo = match Repository::open(repo_path) {
                    Ok(repo) => repo,
                    Err(e) => {
                        // The other threads list every block.
                        let _ = sender.send(Err(("repository".into(), e.message().to_owned())));
                        return;
                    }
                };
                let mut lister = Lister::new(&repo, scope.since);
                loop {
                    let block = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(oids) = blocks.get(block) else { break };
                    let listed = oids.iter().map(|&oid| lister.commit(oid)).collect();
                    if sender.send(Ok((block, listed))).is_err() {
                        return;
                    }
                }
            });
            if let Err(e) = spawned {
                let what = format!("starting a listing thread: {e}");
                merger.inventory.problems.push(("history".into(), what));
            }
        }
        drop(sender);
        let mut waiting: HashMap<usize, Vec<Listed>> = HashMap::new();
        let mut merged = 0;
        for sent in receiver {
            let (block, listed) = match sent {
                Ok(listed) => listed,
                Err(problem) => {
                    merger.inventory.problems.push(problem);
                    continue;
                }
            };
            waiting.insert(block, listed);
            while let Some(listed) = waiting.remove(&merged) {
                for (offset, commit) in listed.into_iter().enumerate() {
                    merger.commit(blocks[merged][offset], commit);
                    on_commit(merger.inventory.commits.len());
                }
                merged += 1;
            }
        }
    });
    if scope.all_objects {
        merger.unreachable_blobs(repo);
    }
    Ok(merger.inventory)
}

/// What one commit introduced: every entry that differs from each parent's at its path, as
/// (path, blob, the first parent's blob there), and what could not be read.
#[derive(Debug, Default)]
struct Listed {
    /// False for a commit `--since` leaves out.
    walked: bool,
    entries: Vec<(String, Oid, Option<Oid>)>,
    problems: Vec<(String, String)>,
}

impl Listed {
    fn failed(object: String, error: &git2::Error) -> Listed {
        Listed { problems: vec![(object, error.message().to_owned())], ..Listed::default() }
    }
}

/// One listing thread's state: its repository handle and the trees it read for the commit
/// before (a commit's parent trees are mostly the previous commit's own).
struct Lister<'r> {
    repo: &'r Repository,
    since: Option<i64>,
    /// Trees read for the current commit, and for the one before.
    trees: HashMap<Oid, Tree<'r>>,
    previous_trees: HashMap<Oid, Tree<'r>>,
    /// The previous commit and its tree.
    previous: Option<(Oid, Oid)>,
}

impl<'r> Lister<'r> {
    fn new(repo: &'r Repository, since: Option<i64>) -> Lister<'r> {
        Lister {
            repo,
            since,
            trees: HashMap::new(),
            previous_trees: HashMap::new(),
            previous: None,
        }
    }

    /// A tree, from those read for this commit or the one before, or read now.
    fn tree_of(&mut self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        if let Some(tree) = self.trees.get(&id) {
            return Ok(tree.clone());
        }
        let tree = match self.previous_trees.remove(&id) {
            Some(tree) => tree,
            None => self.repo.find_tree(id)?,
        };
        self.trees.insert(id, tree.clone());
        Ok(tree)
    }

    /// Lists what `oid` introduced: entries that differ from every parent at their path.
    fn commit(&mut self, oid: Oid) -> Listed {
        self.previous_trees = std::mem::take(&mut self.trees);
        let mut listed = Listed::default();
        let commit = match self.repo.find_commit(oid) {
            Ok(commit) => commit,
            Err(e) => return Listed::failed(format!("commit {oid}"), &e),
        };
        let tree_id = commit.tree_id();
        if self.since.is_some_and(|since| commit.time().seconds() < since) {
            return listed;
        }
        let tree = match self.tree_of(tree_id) {
            Ok(tree) => tree,
            Err(e) => {
                listed
                    .problems
                    .push((format!("tree {tree_id} of commit {oid}"), e.message().to_owned()));
                return listed;
            }
        };
        listed.walked = true;
        let mut parents = Vec::new();
        for parent in commit.parent_ids() {
            // A parent beyond a shallow boundary or missing: compare with the others only.
            let parent_tree = match self.previous {
                Some((previous, tree)) if previous == parent => Ok(tree),
                _ => self.repo.find_commit(parent).map(|p| p.tree_id()),
            };
            match parent_tree.and_then(|id| self.tree_of(id)) {
                Ok(tree) => parents.push(tree),
                Err(_) if self.repo.is_shallow() => {}
                Err(e) => {
                    listed.problems.push((format!("commit {parent}"), e.message().to_owned()))
                }
            }
        }
        self.previous = Some((oid, tree_id));
        self.tree(&tree, &parents, "", 0, &mut listed);
        listed
    }

    /// Lists the entries of `tree`, the folder `prefix` nested `depth` folders deep.
    fn tree(
        &mut self,
        tree: &Tree<'r>,
        parents: &[Tree<'r>],
        prefix: &str,
        depth: usize,
        listed: &mut Listed,
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
                    listed.problems.push((format!("tree {id}"), what));
                }
                Some(ObjectType::Tree) => {
                    let subtree = match self.tree_of(id) {
                        Ok(subtree) => subtree,
                        Err(e) => {
                            listed
                                .problems
                                .push((format!("tree {id} ({path})"), e.message().to_owned()));
                            continue;
                        }
                    };
                    let sub_parents: Vec<Tree<'r>> = in_parents
                        .iter()
                        .filter(|p| p.kind() == Some(ObjectType::Tree))
                        .filter_map(|p| self.tree_of(p.id()).ok())
                        .collect();
                    self.tree(&subtree, &sub_parents, &path, depth + 1, listed);
                }
                Some(ObjectType::Blob) => {
                    let earlier = in_parents
                        .iter()
                        .find(|p| p.kind() == Some(ObjectType::Blob))
                        .map(|p| p.id());
                    listed.entries.push((path, id, earlier));
                }
                // Gitlinks (submodule commits) live in another repository.
                _ => {}
            }
        }
    }
}

/// Builds the inventory from the commits' listings, in walk order: interns paths, and lists
/// each blob once, with every sighting.
struct Merger<'a> {
    scope: &'a HistoryScope,
    inventory: Inventory,
    blob_index: HashMap<Oid, u32>,
    path_index: HashMap<String, u32>,
}

impl Merger<'_> {
    fn problem(&mut self, object: String, error: &git2::Error) {
        self.inventory.problems.push((object, error.message().to_owned()));
    }

    fn commit(&mut self, oid: Oid, listed: Listed) {
        self.inventory.problems.extend(listed.problems);
        if !listed.walked {
            return;
        }
        let index = u32::try_from(self.inventory.commits.len()).unwrap_or(u32::MAX);
        self.inventory.commits.push(oid);
        for (path, id, earlier) in listed.entries {
            self.sighting(id, path, index, earlier);
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
            // Listed already, if at all: parents are walked before their children.
            entry.earlier = earlier.and_then(|id| self.blob_index.get(&id).copied());
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
    fn unreachable_blobs(&mut self, repo: &Repository) {
        let odb = match repo.odb() {
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
