//! The unit of scanning: bytes plus where they came from.

/// Where a chunk's bytes came from. Reporters match on this and never re-read the source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provenance {
    /// A file on disk; `path` is root-relative and `/`-separated.
    File {
        /// Root-relative path.
        path: String,
    },
    /// A blob staged in the index.
    Staged {
        /// Repository-relative path.
        path: String,
        /// The blob's id (40 hex digits).
        blob: String,
    },
    /// A blob in a commit of the history.
    Commit {
        /// Repository-relative path.
        path: String,
        /// The blob's id (40 hex digits).
        blob: String,
        /// The commit that introduced this blob at this path (40 hex digits).
        commit: String,
    },
    /// A blob that no ref reaches (`history --all-objects`): it has no commit and no path.
    Object {
        /// The blob's id (40 hex digits).
        blob: String,
    },
    /// A rule's example text (`rules check`).
    Example {
        /// The path the example pretends to have.
        path: String,
    },
}

impl Provenance {
    /// The path of the content, relative to the scanned root or repository.
    pub fn path(&self) -> &str {
        match self {
            Provenance::File { path }
            | Provenance::Staged { path, .. }
            | Provenance::Commit { path, .. }
            | Provenance::Example { path } => path,
            Provenance::Object { .. } => "",
        }
    }
}

/// Bytes to scan and their provenance.
///
/// ```
/// use leakwatch::source::{Chunk, Provenance};
/// let chunk = Chunk { bytes: b"token = 1", provenance: Provenance::File { path: "a.env".into() } };
/// assert_eq!(chunk.provenance.path(), "a.env");
/// ```
#[derive(Debug, Clone)]
pub struct Chunk<'a> {
    /// The content, decoded to UTF-8 where it was UTF-16; otherwise as read.
    pub bytes: &'a [u8],
    /// Where it came from.
    pub provenance: Provenance,
}
