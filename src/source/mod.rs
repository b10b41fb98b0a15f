//! Sources of bytes to scan, each yielding [`Chunk`]s with their [`Provenance`].
//!
//! A source knows nothing of rules or findings: it reads, decodes text, skips what cannot be
//! scanned (binary, too large, special files) and says why.

mod chunk;
pub mod commits;
pub mod date;
pub mod diff;
pub mod history;
pub mod index_file;
pub mod index_walk;
pub mod lifecycle;
pub mod staged;
#[cfg(test)]
mod test_git;
pub mod text;
pub mod worktree;

pub use chunk::{Chunk, Provenance};

/// Why an item was not scanned. Counted in the report's stats, never silent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB and no UTF-16 byte-order mark.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge,
    /// A FIFO, socket, device or a symlink not followed.
    NotARegularFile,
}
