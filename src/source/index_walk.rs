//! The staged scan's fast path: HEAD's tree and the index walked together, the way
//! `git diff --cached` does it, skipping every directory the cache tree proves unchanged.
//!
//! A directory whose cache-tree node is valid and names the same tree as HEAD at that path is
//! identical in both, so it is never read; only the directories touched since the last commit
//! are compared entry by entry, and only their HEAD subtrees are read. The result is exactly the
//! entries libgit2's tree-to-index diff gives through `diff::entries` (same order, same ids,
//! same skipped entries). Whenever it cannot be sure of that it declines with a [`Decline`]
//! and the caller uses libgit2. See: #5, #7.

use super::SkipReason;
use super::diff::{BlobChange, DiffEntry};
use super::index_file::{CacheDir, FLAG_ASSUME_VALID, IndexEntry, IndexError, IndexFile};
use git2::{Oid, Repository, Tree};
use std::cmp::Ordering;

/// Why the fast path left the work to libgit2.
#[derive(Debug, thiserror::Error)]
pub enum Decline {
    /// The index file could not be read.
    #[error("cannot read the index: {0}")]
    Io(#[from] std::io::Error),
    /// The index uses something the parser does not read (version, split or sparse index),
    /// or is corrupt.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The repository is not a SHA-1 one, or compares paths ignoring case.
    #[error("repository format: {0}")]
    Repository(&'static str),
    /// A merge conflict (an entry at stage 1 to 3).
    #[error("the index has unmerged entries")]
    Unmerged,
    /// A `git add -N` entry.
    #[error("the index has intent-to-add entries")]
    IntentToAdd,
    /// A sparse-index directory entry.
    #[error("the index has sparse directory entries")]
    SparseDirectory,
    /// Entries out of order, or a cache tree that does not match the entries.
    #[error("the index entries or cache tree are inconsistent")]
    Inconsistent,
    /// Both a path only in HEAD and a path only in the index: possibly a rename, which only
    /// libgit2's rename detection can pair.
    #[error("possible rename")]
    PossibleRename,
    /// A git object could not be read.
    #[error(transparent)]
    Git(#[from] git2::Error),
}

/// The mode type bits (`S_IFMT`).
const TYPE_MASK: u32 = 0o170000;
const MODE_TREE: u32 = 0o040000;
const MODE_BLOB: u32 = 0o100000;
const MODE_LINK: u32 = 0o120000;
const MODE_GITLINK: u32 = 0o160000;

/// The staged entries of `index` against `head` (HEAD's tree, `None` when HEAD is unborn).
pub fn staged_entries(
    repo: &Repository,
    head: Option<&Tree<'_>>,
    index: &IndexFile,
) -> Result<Vec<DiffEntry>, Decline> {
    check_entries(index)?;
    let mut walk =
        Walk { repo, index, pos: 0, last: None, out: Vec::new(), counts: Counts::default() };
    match head {
        Some(tree) => {
            let cache = index.cache_tree.as_ref().map(|c| c.root());
            if let Some(root) = cache.filter(|c| is_same_tree(c, tree.id())) {
                walk.skip_covered(b"", root.entry_count())?;
            } else {
                walk.dir(&mut Vec::new(), Some(tree), cache)?;
            }
        }
        None => walk.added_under(b"")?,
    }
    if walk.pos != index.entries.len() {
        return Err(Decline::Inconsistent);
    }
    if walk.counts.may_rename() {
        return Err(Decline::PossibleRename);
    }
    Ok(walk.out)
}

/// Declines on what the walk does not model, anywhere in the index (even in a directory the
/// cache tree lets the walk skip).
fn check_entries(index: &IndexFile) -> Result<(), Decline> {
    for entry in &index.entries {
        if entry.stage() != 0 {
            return Err(Decline::Unmerged);
        }
        if entry.is_intent_to_add() {
            return Err(Decline::IntentToAdd);
        }
        if is_tree(entry.mode) {
            return Err(Decline::SparseDirectory);
        }
    }
    Ok(())
}

/// No empty component: no leading, trailing or doubled slash.
fn is_clean_path(path: &[u8]) -> bool {
    let mut previous = None;
    for slash in memchr::memchr_iter(b'/', path) {
        if slash == 0 || previous == Some(slash - 1) {
            return false;
        }
        previous = Some(slash);
    }
    !path.is_empty() && previous != Some(path.len() - 1)
}

/// Deltas that rename detection could pair (libgit2's `is_rename_source` and
/// `is_rename_target` with renames only: a deleted or type-changed file that was a blob, an
/// added or type-changed file that is one).
#[derive(Debug, Default)]
struct Counts {
    sources: usize,
    targets: usize,
}

impl Counts {
    fn may_rename(&self) -> bool {
        self.sources > 0 && self.targets > 0
    }
}

struct Walk<'r, 'i> {
    repo: &'r Repository,
    index: &'i IndexFile,
    /// The next index entry not yet compared.
    pos: usize,
    /// The path of the last entry passed, to check that the index is sorted where the walk
    /// relies on it (the entries a valid cache-tree node covers are git's own tree).
    last: Option<&'i [u8]>,
    out: Vec<DiffEntry>,
    counts: Counts,
}

/// One HEAD tree entry: name, mode, id.
type TreeItem = (Vec<u8>, u32, Oid);

impl<'i> Walk<'_, 'i> {
    /// Compares the directory `prefix` (empty, or ending in `/`) of HEAD (`tree`) with the index
    /// entries under it, starting at `self.pos`.
    fn dir(
        &mut self,
        prefix: &mut Vec<u8>,
        tree: Option<&Tree<'_>>,
        cache: Option<CacheDir<'_>>,
    ) -> Result<(), Decline> {
        let items: Vec<TreeItem> = tree.map_or_else(Vec::new, tree_items);
        let mut items = items.iter().peekable();
        let mut last: Option<&TreeItem> = None;
        loop {
            let next = self.next_in(prefix);
            let item = items.peek().copied();
            let order = match (item, next) {
                (None, None) => return Ok(()),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some((name, mode, _)), Some((entry_name, is_dir))) => {
                    name_cmp(name, is_tree(*mode), entry_name, is_dir)
                }
            };
            if let Some(item) = item.filter(|_| order != Ordering::Greater) {
                if last.is_some_and(|l| item_cmp(l, item).is_ge()) {
                    return Err(Decline::Inconsistent);
                }
                last = Some(item);
                items.next();
            }
            match (order, item, next) {
                // A deleted folder is not read: it counts as a possible source.
                (Ordering::Less, Some((_, mode, _)), _) if is_tree(*mode) || is_blob(*mode) => {
                    self.counts.sources += 1;
                }
                (Ordering::Less, _, _) => {}
                (Ordering::Greater, _, Some((name, true))) => {
                    let mut sub = prefix.clone();
                    sub.extend_from_slice(name);
                    sub.push(b'/');
                    self.added_under(&sub)?;
                }
                (Ordering::Greater, _, Some((_, false))) => self.added_entry()?,
                (Ordering::Equal, Some((name, _, id)), Some((_, true))) => {
                    let child = cache.and_then(|c| c.child(name));
                    let len = prefix.len();
                    prefix.extend_from_slice(name);
                    prefix.push(b'/');
                    self.subdir(prefix, *id, child)?;
                    prefix.truncate(len);
                }
                (Ordering::Equal, Some((_, mode, id)), Some((_, false))) => {
                    self.both(*mode, *id)?;
                }
                _ => return Err(Decline::Inconsistent),
            }
        }
    }

    /// A directory in both: skipped when the cache tree proves it unchanged, else compared.
    fn subdir(
        &mut self,
        prefix: &mut Vec<u8>,
        id: Oid,
        cache: Option<CacheDir<'_>>,
    ) -> Result<(), Decline> {
        if let Some(node) = cache.filter(|c| is_same_tree(c, id)) {
            return self.skip_covered(prefix, node.entry_count());
        }
        let tree = self.repo.find_tree(id)?;
        self.dir(prefix, Some(&tree), cache)
    }

    /// Skips the `count` entries a valid cache-tree node covers, checking that they are exactly
    /// those under `prefix`.
    fn skip_covered(&mut self, prefix: &[u8], count: i64) -> Result<(), Decline> {
        let count = usize::try_from(count).map_err(|_| Decline::Inconsistent)?;
        let end = self.pos.checked_add(count).filter(|&e| e <= self.index.entries.len());
        let end = end.ok_or(Decline::Inconsistent)?;
        let under = |i: usize| self.index.entries.get(i).is_some_and(|e| self.is_under(e, prefix));
        if (count > 0 && !(under(self.pos) && under(end - 1))) || under(end) {
            return Err(Decline::Inconsistent);
        }
        if count > 0 {
            self.pass(self.pos)?;
            self.pass(end - 1)?;
        }
        self.pos = end;
        Ok(())
    }

    /// The entry at `self.pos`, after checking its path; moves past it.
    fn take(&mut self) -> Result<&'i IndexEntry, Decline> {
        let at = self.pos;
        let entry = self.index.entries.get(at).ok_or(Decline::Inconsistent)?;
        self.pass(at)?;
        self.pos += 1;
        Ok(entry)
    }

    /// Declines unless entry `at` sorts after the last one passed and has a clean path.
    fn pass(&mut self, at: usize) -> Result<(), Decline> {
        let path = self.index.path(&self.index.entries[at]);
        if self.last.is_some_and(|last| last >= path) || !is_clean_path(path) {
            return Err(Decline::Inconsistent);
        }
        self.last = Some(path);
        Ok(())
    }

    /// Every entry under `prefix` is new (absent from HEAD).
    fn added_under(&mut self, prefix: &[u8]) -> Result<(), Decline> {
        while self.index.entries.get(self.pos).is_some_and(|e| self.is_under(e, prefix)) {
            self.added_entry()?;
        }
        Ok(())
    }

    /// The entry at `self.pos` is new. libgit2 leaves out a new assume-unchanged entry.
    fn added_entry(&mut self) -> Result<(), Decline> {
        let entry = self.take()?;
        if entry.flags & FLAG_ASSUME_VALID == 0 {
            self.counts.targets += usize::from(is_blob(entry.mode));
            self.push(entry, None);
        }
        Ok(())
    }

    /// The entry at `self.pos` is also in HEAD as a file (`mode`, `id`): libgit2's
    /// `maybe_modified` with type changes included and submodules ignored.
    fn both(&mut self, mode: u32, id: Oid) -> Result<(), Decline> {
        let entry = self.take()?;
        let new_id = Oid::from_bytes(&entry.id)?;
        if mode & TYPE_MASK != entry.mode & TYPE_MASK {
            self.counts.sources += usize::from(is_blob(mode));
            self.counts.targets += usize::from(is_blob(entry.mode));
        } else if (new_id == id && mode == entry.mode && !id.is_zero())
            || entry.mode & TYPE_MASK == MODE_GITLINK
        {
            return Ok(());
        }
        self.push(entry, Some((mode, id)));
        Ok(())
    }

    /// What `diff::entries` makes of one delta (old side `None` for an added file).
    fn push(&mut self, entry: &IndexEntry, old: Option<(u32, Oid)>) {
        let new = match Oid::from_bytes(&entry.id) {
            Ok(id) if !id.is_zero() => id,
            _ => return,
        };
        let path = String::from_utf8_lossy(self.index.path(entry)).replace('\\', "/");
        match entry.mode {
            0o100644 | 0o100755 | 0o100664 => {}
            MODE_GITLINK | MODE_LINK => {
                self.out.push(DiffEntry::Skipped(path, SkipReason::NotARegularFile));
                return;
            }
            _ => return,
        }
        let old = old.filter(|(mode, id)| matches!(mode, 0o100644 | 0o100755) && !id.is_zero());
        self.out.push(DiffEntry::Change(BlobChange { path, old: old.map(|(_, id)| id), new }));
    }

    /// The next index entry's first component under `prefix`, and whether it is a directory.
    fn next_in(&self, prefix: &[u8]) -> Option<(&'i [u8], bool)> {
        let entry = self.index.entries.get(self.pos)?;
        let rest = self.index.path(entry).strip_prefix(prefix)?;
        Some(match memchr::memchr(b'/', rest) {
            Some(slash) => (&rest[..slash], true),
            None => (rest, false),
        })
    }

    fn is_under(&self, entry: &IndexEntry, prefix: &[u8]) -> bool {
        self.index.path(entry).starts_with(prefix)
    }
}

/// A tree's entries as (name, mode, id).
fn tree_items(tree: &Tree<'_>) -> Vec<TreeItem> {
    tree.iter()
        .map(|e| (e.name_bytes().to_vec(), u32::try_from(e.filemode_raw()).unwrap_or(0), e.id()))
        .collect()
}

fn is_tree(mode: u32) -> bool {
    mode & TYPE_MASK == MODE_TREE
}

/// libgit2's `GIT_MODE_ISBLOB`: any regular file mode.
fn is_blob(mode: u32) -> bool {
    mode & TYPE_MASK == MODE_BLOB
}

fn item_cmp(a: &TreeItem, b: &TreeItem) -> Ordering {
    name_cmp(&a.0, is_tree(a.1), &b.0, is_tree(b.1))
}

/// git's order for names in one directory: a directory sorts as if its name ended in `/`,
/// which is also the order of the full paths.
fn name_cmp(a: &[u8], a_dir: bool, b: &[u8], b_dir: bool) -> Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |name: &[u8], dir: bool| name.get(n).copied().or(dir.then_some(b'/'));
        next(a, a_dir).cmp(&next(b, b_dir))
    })
}

/// Whether a cache-tree node is valid and names the tree `id`.
fn is_same_tree(node: &CacheDir<'_>, id: Oid) -> bool {
    node.entry_count() >= 0 && node.id().is_some_and(|own| own[..] == id.as_bytes()[..])
}
