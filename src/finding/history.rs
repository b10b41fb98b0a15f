//! What a history audit adds to a finding: where the secret came in, everywhere it occurs,
//! whether it is still live at HEAD, how long it has been exposed and which refs carry it.
//!
//! Plain data, filled by the history command; reporters read it and never re-read git.

use serde::Serialize;

/// The lifecycle of one secret in a repository's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The first commit that added it; none for a blob no ref reaches.
    pub introduced: Option<Introduced>,
    /// Every blob, path and commit where it occurs, oldest first.
    pub occurrences: Vec<Occurrence>,
    /// Live at HEAD, or removed.
    pub status: Status,
    /// Whole days from the introducing commit's author date to now, or to the removal.
    pub exposure_days: u64,
    /// Branches and tags whose history contains the introducing commit.
    pub refs: Vec<String>,
}

impl History {
    /// Whether the secret is still in HEAD's tree.
    pub fn is_live(&self) -> bool {
        matches!(self.status, Status::Live { .. })
    }
}

/// The commit that introduced a secret, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Introduced {
    /// Full 40-hex commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author date, RFC 3339.
    pub date: String,
    /// The commit message's first line.
    pub summary: String,
    /// The path the secret was added at.
    pub path: String,
    /// Its line in the introducing blob.
    pub line: usize,
}

/// One place a secret occurs: a blob, and a (commit, path) that introduced that blob.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Occurrence {
    /// The commit (40 hex), absent for a blob no ref reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The path, absent for a blob no ref reaches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The line in the blob.
    pub line: usize,
    /// The blob (40 hex).
    pub blob: String,
}

/// Whether a secret is still in HEAD's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Present in HEAD's tree at these paths.
    Live {
        /// Paths in HEAD's tree whose content holds the secret.
        paths: Vec<String>,
    },
    /// Not in HEAD's tree.
    Removed {
        /// The commit on HEAD's first-parent line that removed the last copy; none when the
        /// secret never was on that line (a side branch, a dangling blob).
        removed_in: Option<String>,
    },
}

impl Status {
    /// `live` or `removed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Live { .. } => "live",
            Status::Removed { .. } => "removed",
        }
    }
}
