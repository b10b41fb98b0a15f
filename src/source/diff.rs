//! Added lines: what a change (staged, or one commit against its first parent) adds to a file.
//!
//! Given the old and the new blob, [`added_lines`] finds the new file's added line ranges and
//! [`keep_lines`] blanks every other line while keeping line breaks, so a finding's line and
//! column are those of the new file and a finding can only lie on an added line. Used by the
//! staged scan and the commit-range scan (the CI gate and pre-push). It knows nothing of rules.

use super::SkipReason;
use super::text::{TextKind, classify};
use git2::{Delta, Diff, DiffOptions, FileMode, Oid, Patch, Repository};
use std::ops::Range;

/// One file a change touches: its path in the new tree, and the old and new blob ids.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BlobChange {
    /// Repository-relative, `/`-separated path in the new tree.
    pub path: String,
    /// The blob before the change (`None` for an added file).
    pub old: Option<Oid>,
    /// The blob after the change.
    pub new: Oid,
}

/// One entry of a diff, as the scanners see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffEntry {
    /// A file whose added lines must be scanned.
    Change(BlobChange),
    /// An entry that is not a regular file (submodule, symbolic link): never scanned.
    Skipped(String, SkipReason),
}

/// What an added-lines read produced.
#[derive(Debug, PartialEq, Eq)]
pub enum AddedContent {
    /// The new file with only its added lines kept (others blanked, line breaks kept).
    Text(Vec<u8>),
    /// The change adds no lines (a rename, a mode change, only deletions).
    Nothing,
    /// The new blob is not scanned (binary, too large).
    Skip(SkipReason),
}

/// Diff options for tree/index diffs: no context, no untracked files, submodules ignored.
pub fn diff_options() -> DiffOptions {
    let mut options = DiffOptions::new();
    options.context_lines(0).interhunk_lines(0).ignore_submodules(true).include_typechange(true);
    options
}

/// Turns a diff into entries, after rename detection so a moved file adds nothing.
pub fn entries(diff: &mut Diff<'_>) -> Result<Vec<DiffEntry>, git2::Error> {
    let mut find = git2::DiffFindOptions::new();
    find.renames(true).copies(false);
    diff.find_similar(Some(&mut find))?;
    let mut out = Vec::new();
    for delta in diff.deltas() {
        if matches!(delta.status(), Delta::Deleted | Delta::Unmodified | Delta::Ignored) {
            continue;
        }
        let new = delta.new_file();
        let Some(path) = new.path().map(|p| p.to_string_lossy().replace('\\', "/")) else {
            continue;
        };
        if new.id().is_zero() {
            continue;
        }
        match new.mode() {
            FileMode::Blob | FileMode::BlobExecutable | FileMode::BlobGroupWritable => {}
            FileMode::Commit | FileMode::Link => {
                out.push(DiffEntry::Skipped(path, SkipReason::NotARegularFile));
                continue;
            }
            _ => continue,
        }
        let old = delta.old_file();
        let old_is_blob = matches!(old.mode(), FileMode::Blob | FileMode::BlobExecutable);
        let old = (old_is_blob && !old.id().is_zero()).then(|| old.id());
        out.push(DiffEntry::Change(BlobChange { path, old, new: new.id() }));
    }
    Ok(out)
}

/// Reads a change's blobs and returns the new file with only its added lines kept.
pub fn added_content(
    repo: &Repository,
    change: &BlobChange,
    max_size: u64,
) -> Result<AddedContent, git2::Error> {
    let odb = repo.odb()?;
    let (size, _) = odb.read_header(change.new)?;
    if size as u64 > max_size {
        return Ok(AddedContent::Skip(SkipReason::TooLarge));
    }
    let new_blob = repo.find_blob(change.new)?;
    let new = match text_of(new_blob.content()) {
        Some(text) => text,
        None => return Ok(AddedContent::Skip(SkipReason::Binary)),
    };
    // An old blob we cannot diff as text (binary, too large) counts as absent: all lines are new.
    let old_blob = match change.old {
        Some(id) if odb.read_header(id)?.0 as u64 <= max_size => Some(repo.find_blob(id)?),
        _ => None,
    };
    let old = old_blob.as_ref().and_then(|b| text_of(b.content()));
    let ranges = added_lines(old.as_deref().unwrap_or_default(), &new)?;
    if ranges.is_empty() {
        return Ok(AddedContent::Nothing);
    }
    Ok(AddedContent::Text(keep_lines(&new, &ranges)))
}

/// The text of a blob (UTF-16 transcoded), or `None` when it is binary.
fn text_of(bytes: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
    match classify(bytes) {
        TextKind::AsIs => Some(std::borrow::Cow::Borrowed(bytes)),
        TextKind::Transcoded(text) => Some(std::borrow::Cow::Owned(text)),
        TextKind::Binary => None,
    }
}

/// The 1-based, half-open line ranges of `new` that are added relative to `old` (lines split
/// at `\n`, as git splits them).
pub fn added_lines(old: &[u8], new: &[u8]) -> Result<Vec<Range<usize>>, git2::Error> {
    if new.is_empty() {
        return Ok(Vec::new());
    }
    if old.is_empty() {
        let all = 1..line_count(new) + 1;
        return Ok(vec![all]);
    }
    let mut options = DiffOptions::new();
    options.context_lines(0).interhunk_lines(0).force_text(true);
    let patch = Patch::from_buffers(old, None, new, None, Some(&mut options))?;
    let mut ranges = Vec::new();
    for i in 0..patch.num_hunks() {
        let (hunk, _) = patch.hunk(i)?;
        let (start, lines) = (hunk.new_start() as usize, hunk.new_lines() as usize);
        if lines > 0 {
            ranges.push(start..start + lines);
        }
    }
    Ok(ranges)
}

/// How many lines `bytes` has (a last line without `\n` counts).
fn line_count(bytes: &[u8]) -> usize {
    let newlines = memchr::memchr_iter(b'\n', bytes).count();
    if bytes.ends_with(b"\n") { newlines } else { newlines + 1 }
}

/// `bytes` with every line outside `keep` (1-based, half-open, ascending) blanked: its bytes are
/// dropped but its `\r` and `\n` are kept, so line and column numbers do not move.
pub fn keep_lines(bytes: &[u8], keep: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut ranges = keep.iter().peekable();
    for (index, line) in bytes.split_inclusive(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        while ranges.peek().is_some_and(|r| r.end <= number) {
            ranges.next();
        }
        if ranges.peek().is_some_and(|r| r.contains(&number)) {
            out.extend_from_slice(line);
        } else {
            out.extend(line.iter().filter(|&&b| b == b'\n' || b == b'\r'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_are_those_of_the_new_file() {
        let old = b"a\nb\nc\n";
        let new = b"a\nx\nb\nc\ny\nz\n";
        assert_eq!(added_lines(old, new).unwrap(), vec![2..3, 5..7]);
        let all = 1..3;
        assert_eq!(added_lines(b"", b"p\nq").unwrap(), [all]);
        assert!(added_lines(b"a\nb\n", b"a\n").unwrap().is_empty());
        assert!(added_lines(b"a\n", b"a\n").unwrap().is_empty());
    }

    #[test]
    fn keep_lines_blanks_others_and_keeps_positions() {
        let kept = keep_lines(b"one\r\ntwo\nthree\nfour", &[2..3, 4..5]);
        assert_eq!(kept, b"\r\ntwo\n\nfour");
        assert_eq!(keep_lines(b"a\nb\n", &[]), b"\n\n");
    }
}
