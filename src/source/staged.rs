//! Staged blobs: the index diffed against HEAD (or against nothing on an unborn branch).
//!
//! A one-file commit in a large repository must cost about what `git diff --cached` costs
//! (#7). So the index file is read directly and walked with HEAD's tree, skipping the
//! directories its cache tree proves unchanged (`index_walk`); libgit2's tree-to-index diff,
//! which checks the whole index's SHA-1 and reads every tree of HEAD, runs only when that fast
//! path declines (renames, conflicts, split or sparse index, anything unexpected). The working
//! tree is never read.

use super::diff::{DiffEntry, diff_options, entries};
#[cfg(test)]
use super::index_file::IndexError;
use super::index_file::IndexFile;
use super::index_walk::{self, Decline};
use git2::{ErrorCode, Index, Repository, Tree};
use std::path::Path;

/// The entries the staged change touches: index versus HEAD's tree (everything on an unborn
/// HEAD), renames detected, deletions left out. `index_file` is git's `GIT_INDEX_FILE` when
/// set: `git commit -a` and `git commit PATH` run the hook against a temporary index.
pub fn staged_entries(
    repo: &Repository,
    index_file: Option<&Path>,
) -> Result<Vec<DiffEntry>, git2::Error> {
    let head = head_tree(repo)?;
    match fast_entries(repo, head.as_ref(), index_file) {
        Ok(entries) => Ok(entries),
        // Declining is never an error: libgit2 gives the answer, or the real error.
        Err(_) => libgit2_entries(repo, head.as_ref(), index_file),
    }
}

/// The fast path: the index file parsed here and walked with HEAD's tree and the cache tree.
pub fn fast_entries(
    repo: &Repository,
    head: Option<&Tree<'_>>,
    index_file: Option<&Path>,
) -> Result<Vec<DiffEntry>, Decline> {
    check_repository(repo)?;
    let path = index_file.map_or_else(|| repo.path().join("index"), Path::to_path_buf);
    let file = std::fs::File::open(path)?;
    let len = usize::try_from(file.metadata()?.len())
        .map_err(|_| super::index_file::IndexError::Corrupt(0))?;
    let index = IndexFile::read(file, len)?;
    index_walk::staged_entries(repo, head, &index)
}

/// libgit2's tree-to-index diff, with rename detection.
pub fn libgit2_entries(
    repo: &Repository,
    head: Option<&Tree<'_>>,
    index_file: Option<&Path>,
) -> Result<Vec<DiffEntry>, git2::Error> {
    let index = match index_file {
        Some(path) => Index::open(path)?,
        None => repo.index()?,
    };
    let mut options = diff_options();
    let mut diff = repo.diff_tree_to_index(head, Some(&index), Some(&mut options))?;
    entries(&mut diff)
}

/// The fast path reads SHA-1 object ids and compares paths byte for byte, as libgit2 does
/// unless `core.ignorecase` is set.
fn check_repository(repo: &Repository) -> Result<(), Decline> {
    let config = repo.config()?;
    match config.get_string("extensions.objectformat") {
        Ok(format) if !format.eq_ignore_ascii_case("sha1") => {
            return Err(Decline::Repository("object format other than SHA-1"));
        }
        _ => {}
    }
    if config.get_bool("core.ignorecase").unwrap_or(false) {
        return Err(Decline::Repository("core.ignorecase"));
    }
    Ok(())
}

/// HEAD's tree, or `None` when HEAD is unborn (no commit yet).
fn head_tree(repo: &Repository) -> Result<Option<Tree<'_>>, git2::Error> {
    match repo.head() {
        Ok(head) => head.peel_to_tree().map(Some),
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SkipReason;
    use crate::source::diff::BlobChange;
    use crate::source::test_git::GitDir;

    /// The fast path's answer, after checking that when it answers, libgit2 agrees.
    fn fast(repo: &GitDir, index_file: Option<&Path>) -> Result<Vec<DiffEntry>, Decline> {
        let git = Repository::open(repo.path()).unwrap();
        let head = head_tree(&git).unwrap();
        let slow = libgit2_entries(&git, head.as_ref(), index_file).unwrap();
        let fast = fast_entries(&git, head.as_ref(), index_file);
        if let Ok(entries) = &fast {
            assert_eq!(entries, &slow, "fast path and libgit2 differ");
        }
        // Whatever the fast path does, the public function gives libgit2's answer.
        assert_eq!(staged_entries(&git, index_file).unwrap(), slow);
        fast
    }

    fn paths(entries: &[DiffEntry]) -> Vec<String> {
        let path = |e: &DiffEntry| match e {
            DiffEntry::Change(c) => c.path.clone(),
            DiffEntry::Skipped(p, _) => format!("skipped:{p}"),
        };
        entries.iter().map(path).collect()
    }

    /// Nested folders, some of which a change never touches.
    fn nested() -> GitDir {
        let repo = GitDir::init();
        for dir in ["src", "src/deep/er", "docs", "a", "z/y/x"] {
            repo.write(&format!("{dir}/one.txt"), "one\n").write(&format!("{dir}/two.txt"), "2\n");
        }
        for name in ["a.c", "a-b", "a0", "b\\c.txt", "top.txt"] {
            repo.write(name, "top\n");
        }
        repo.commit_all("init");
        repo
    }

    fn oid(repo: &GitDir, spec: &str) -> git2::Oid {
        git2::Oid::from_str(&repo.git(&["rev-parse", spec])).unwrap()
    }

    #[test]
    fn nothing_staged_is_empty() {
        let repo = nested();
        assert_eq!(fast(&repo, None).unwrap(), []);
    }

    #[test]
    fn modifications_and_additions_in_nested_folders() {
        let repo = nested();
        repo.write("src/deep/er/one.txt", "changed\n").write("a.c", "changed\n");
        repo.write("a/new.txt", "new\n").write("fresh/dir/file.txt", "new\n");
        repo.write("b\\c.txt", "changed\n").write("zz.txt", "new\n");
        repo.git(&["add", "-A"]);
        let entries = fast(&repo, None).unwrap();
        let expected =
            ["a.c", "a/new.txt", "b/c.txt", "fresh/dir/file.txt", "src/deep/er/one.txt", "zz.txt"];
        assert_eq!(paths(&entries), expected);
        let DiffEntry::Change(change) = &entries[4] else { panic!("{entries:?}") };
        let old = oid(&repo, "HEAD:src/deep/er/one.txt");
        let new = oid(&repo, ":src/deep/er/one.txt");
        let want = BlobChange { path: "src/deep/er/one.txt".into(), old: Some(old), new };
        assert_eq!(change, &want);
    }

    #[test]
    fn valid_cache_tree_that_differs_from_head_is_walked() {
        let repo = nested();
        repo.write("src/deep/er/one.txt", "changed\n").write("z/y/x/new.txt", "new\n");
        repo.git(&["add", "-A"]);
        // write-tree makes every cache-tree node valid again, with the new trees' ids.
        repo.git(&["write-tree"]);
        let index = IndexFile::parse(&std::fs::read(repo.index_path()).unwrap()).unwrap();
        assert!(index.cache_tree.unwrap().root().entry_count() >= 0);
        assert_eq!(paths(&fast(&repo, None).unwrap()), ["src/deep/er/one.txt", "z/y/x/new.txt"]);
        // HEAD moved back under a fully valid cache tree: the last commit is staged again.
        repo.git(&["commit", "-q", "-m", "second"]);
        repo.git(&["reset", "-q", "--soft", "HEAD~1"]);
        assert_eq!(paths(&fast(&repo, None).unwrap()), ["src/deep/er/one.txt", "z/y/x/new.txt"]);
    }

    #[test]
    fn deletions_give_nothing_and_modes_change() {
        let repo = nested();
        repo.git(&["rm", "-q", "docs/one.txt", "a0"]);
        assert_eq!(fast(&repo, None).unwrap(), []);
        repo.git(&["update-index", "--chmod=+x", "src/one.txt"]);
        let id = oid(&repo, "HEAD:src/one.txt");
        let change = BlobChange { path: "src/one.txt".into(), old: Some(id), new: id };
        assert_eq!(fast(&repo, None).unwrap(), [DiffEntry::Change(change)]);
    }

    #[test]
    fn renames_and_add_plus_delete_fall_back() {
        let repo = nested();
        repo.git(&["mv", "src/deep/er/one.txt", "docs/moved.txt"]);
        assert!(matches!(fast(&repo, None), Err(Decline::PossibleRename)));
        let repo = nested();
        repo.git(&["rm", "-q", "a0"]);
        repo.write("other.txt", "unrelated\n");
        repo.git(&["add", "other.txt"]);
        assert!(matches!(fast(&repo, None), Err(Decline::PossibleRename)));
        // A file that becomes a folder is a deletion and an addition too.
        let repo = nested();
        repo.git(&["rm", "-q", "top.txt"]);
        repo.write("top.txt/inner", "x\n");
        repo.git(&["add", "top.txt/inner"]);
        assert!(matches!(fast(&repo, None), Err(Decline::PossibleRename)));
    }

    #[test]
    fn symlinks_and_type_changes() {
        let repo = nested();
        let link = |target: &str, at: &str| {
            std::os::unix::fs::symlink(target, repo.path().join(at)).unwrap();
        };
        link("one.txt", "src/link");
        std::fs::remove_file(repo.path().join("a.c")).unwrap();
        link("top.txt", "a.c");
        repo.git(&["add", "-A"]);
        let skipped = |p: &str| DiffEntry::Skipped(p.into(), SkipReason::NotARegularFile);
        assert_eq!(fast(&repo, None).unwrap(), [skipped("a.c"), skipped("src/link")]);
        repo.commit_all("links");
        // A symlink that becomes a file again: all its lines are new.
        std::fs::remove_file(repo.path().join("a.c")).unwrap();
        repo.write("a.c", "file again\n");
        repo.git(&["add", "a.c"]);
        let new = oid(&repo, ":a.c");
        let change = BlobChange { path: "a.c".into(), old: None, new };
        assert_eq!(fast(&repo, None).unwrap(), [DiffEntry::Change(change)]);
    }

    #[test]
    fn submodule_gitlinks_are_skipped_or_ignored() {
        let repo = nested();
        let commit = oid(&repo, "HEAD").to_string();
        let gitlink = format!("160000,{commit},src/sub");
        repo.git(&["update-index", "--add", "--cacheinfo", &gitlink]);
        let skipped = DiffEntry::Skipped("src/sub".into(), SkipReason::NotARegularFile);
        assert_eq!(fast(&repo, None).unwrap(), [skipped]);
        repo.git(&["commit", "-q", "-m", "submodule"]);
        repo.write("top.txt", "moved on\n");
        repo.git(&["commit", "-q", "-m", "next", "top.txt"]);
        let moved = format!("160000,{},src/sub", oid(&repo, "HEAD"));
        repo.git(&["update-index", "--cacheinfo", &moved]);
        assert_eq!(fast(&repo, None).unwrap(), []);
    }

    #[test]
    fn intent_to_add_and_conflicts_fall_back() {
        let repo = nested();
        repo.write("later.txt", "x\n");
        repo.git(&["add", "-N", "later.txt"]);
        assert!(matches!(fast(&repo, None), Err(Decline::IntentToAdd)));

        let repo = nested();
        repo.conflict_on("src/one.txt");
        assert!(matches!(fast(&repo, None), Err(Decline::Unmerged)));
    }

    #[test]
    fn index_version_4_and_assume_unchanged() {
        let repo = nested();
        repo.git(&["update-index", "--index-version", "4"]);
        repo.write("src/deep/er/two.txt", "changed\n").write("src/deep/new.txt", "new\n");
        repo.write("a/hidden.txt", "new\n").write("docs/one.txt", "changed\n");
        repo.git(&["add", "-A"]);
        // libgit2 leaves out a new entry marked assume-unchanged, not a modified one.
        repo.git(&["update-index", "--assume-unchanged", "a/hidden.txt", "docs/one.txt"]);
        let entries = fast(&repo, None).unwrap();
        assert_eq!(paths(&entries), ["docs/one.txt", "src/deep/er/two.txt", "src/deep/new.txt"]);
    }

    #[test]
    fn temporary_index_file_like_commit_dash_a() {
        let repo = nested();
        let temp = repo.path().join(".git/next-index-1.lock");
        std::fs::copy(repo.index_path(), &temp).unwrap();
        repo.write("docs/two.txt", "only in the temporary index\n");
        repo.git_env(&["add", "docs/two.txt"], &[("GIT_INDEX_FILE", &temp)]);
        assert_eq!(fast(&repo, None).unwrap(), []);
        assert_eq!(paths(&fast(&repo, Some(&temp)).unwrap()), ["docs/two.txt"]);
    }

    #[test]
    fn unborn_head_and_missing_cache_tree() {
        let repo = GitDir::init();
        repo.write("b/x.txt", "x\n").write("a.txt", "a\n");
        repo.git(&["add", "-A"]);
        assert_eq!(paths(&fast(&repo, None).unwrap()), ["a.txt", "b/x.txt"]);

        let repo = nested();
        repo.git(&["read-tree", "--empty"]);
        repo.git(&["add", "-A"]);
        repo.write("z/y/x/two.txt", "changed\n");
        repo.git(&["add", "-A"]);
        let index = IndexFile::parse(&std::fs::read(repo.index_path()).unwrap()).unwrap();
        assert!(index.cache_tree.as_ref().is_none_or(|t| t.root().entry_count() < 0), "{index:?}");
        assert_eq!(paths(&fast(&repo, None).unwrap()), ["z/y/x/two.txt"]);
    }

    #[test]
    fn linked_worktree_reads_its_own_index() {
        let repo = nested();
        repo.git(&["worktree", "add", "-q", "linked"]);
        let linked = repo.path().join("linked");
        std::fs::write(linked.join("src/one.txt"), "changed in the linked worktree\n").unwrap();
        repo.git(&["-C", "linked", "add", "src/one.txt"]);
        let git = Repository::open(&linked).unwrap();
        let head = head_tree(&git).unwrap();
        let linked_entries = fast_entries(&git, head.as_ref(), None).unwrap();
        assert_eq!(paths(&linked_entries), ["src/one.txt"]);
        assert_eq!(linked_entries, libgit2_entries(&git, head.as_ref(), None).unwrap());
        // The main work tree's index is untouched.
        assert_eq!(fast(&repo, None).unwrap(), []);
    }

    /// Random edits (seeded, so a failure repeats) in random folders, staged with `git add`:
    /// the fast path either agrees with libgit2 or declines.
    #[test]
    fn random_staged_changes_agree_with_libgit2() {
        let mut answered = 0;
        for seed in 1..=6u64 {
            let repo = nested();
            let mut state = seed;
            let mut next = |n: u64| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) % n
            };
            let dirs = ["src", "src/deep/er", "docs", "a", "z/y/x", "new/dir", ""];
            for step in 0..4 {
                let dir = dirs[next(dirs.len() as u64) as usize];
                let file = ["one.txt", "two.txt", "three.txt"][next(3) as usize];
                let path = if dir.is_empty() { file.to_owned() } else { format!("{dir}/{file}") };
                match next(4) {
                    0 | 1 => {
                        repo.write(&path, &format!("seed {seed} step {step}\n"));
                        repo.git(&["add", &path]);
                    }
                    2 if repo.path().join(&path).exists() => {
                        repo.git(&["rm", "-q", "--cached", &path]);
                    }
                    _ if repo.path().join(&path).exists() => {
                        repo.git(&["update-index", "--chmod=+x", &path]);
                    }
                    _ => {}
                }
                if next(3) == 0 {
                    repo.git(&["write-tree"]);
                }
            }
            answered += usize::from(fast(&repo, None).is_ok());
        }
        assert!(answered >= 3, "the fast path answered only {answered} of 6");
    }

    #[test]
    fn unchanged_folders_are_never_read() {
        let repo = nested();
        repo.write("src/one.txt", "changed\n");
        repo.git(&["add", "src/one.txt"]);
        // Remove an untouched folder's tree object: only a walk that skips it can succeed.
        let docs = oid(&repo, "HEAD:docs").to_string();
        let object = repo.path().join(format!(".git/objects/{}/{}", &docs[..2], &docs[2..]));
        std::fs::remove_file(object).unwrap();
        let git = Repository::open(repo.path()).unwrap();
        let head = head_tree(&git).unwrap();
        let entries = fast_entries(&git, head.as_ref(), None).unwrap();
        assert_eq!(paths(&entries), ["src/one.txt"]);
        assert!(libgit2_entries(&git, head.as_ref(), None).is_err());
    }

    #[test]
    fn split_index_and_corrupt_index_fall_back() {
        let repo = nested();
        repo.git(&["update-index", "--split-index"]);
        repo.write("docs/one.txt", "changed\n");
        repo.git(&["add", "docs/one.txt"]);
        let git = Repository::open(repo.path()).unwrap();
        let head = head_tree(&git).unwrap();
        let declined = fast_entries(&git, head.as_ref(), None);
        // Its replaced entries have empty paths (corrupt on their own), then comes `link`.
        assert!(matches!(declined, Err(Decline::Index(_))), "{declined:?}");
        // libgit2 cannot read a split index either, and says so.
        assert!(staged_entries(&git, None).is_err());

        let bad = repo.path().join("bad-index");
        std::fs::write(&bad, b"DIRC\0\0\0\x02\0\0\0\x05").unwrap();
        let declined = fast_entries(&git, head.as_ref(), Some(&bad));
        assert!(matches!(declined, Err(Decline::Index(IndexError::Corrupt(_)))));
        assert!(staged_entries(&git, Some(&bad)).is_err(), "libgit2 reports the corrupt index");
    }
}
