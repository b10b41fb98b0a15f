//! Staged blobs: the index diffed against HEAD (or against nothing on an unborn branch).
//!
//! Only git2's tree-to-index diff runs, so a one-file commit in a large repository costs about
//! what `git diff --cached` costs. The working tree is never read.

use super::diff::{DiffEntry, diff_options, entries};
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
    let index = match index_file {
        Some(path) => Index::open(path)?,
        None => repo.index()?,
    };
    let mut options = diff_options();
    let mut diff = repo.diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut options))?;
    entries(&mut diff)
}

/// HEAD's tree, or `None` when HEAD is unborn (no commit yet).
fn head_tree(repo: &Repository) -> Result<Option<Tree<'_>>, git2::Error> {
    match repo.head() {
        Ok(head) => head.peel_to_tree().map(Some),
        Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}
