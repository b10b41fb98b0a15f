//! git's index file (`.git/index`, or `GIT_INDEX_FILE`) read directly: versions 2, 3 and 4,
//! the entries (mode, object id, flags, path) and the cache-tree (`TREE`) extension.
//!
//! This is the first step of the staged scan's fast path (see `index_walk`). libgit2 checks
//! the trailing SHA-1 of the whole file on every read, which costs more than the rest of a
//! one-file pre-commit scan; git itself does not check it when it only reads the index, and
//! neither does this parser. Anything it does not understand is an error, never a guess: the
//! caller then falls back to libgit2. It reads SHA-1 indexes only and knows nothing of rules.
//! See: #5, #7.

use std::io::{BufRead, BufReader, Read};
use std::ops::Range;

/// Length of a SHA-1 object id, the only object format read here.
pub const OID_LEN: usize = 20;

/// `flags`: the entry is marked assume-unchanged (`git update-index --assume-unchanged`).
pub const FLAG_ASSUME_VALID: u16 = 0x8000;
/// `flags`: an extended-flags field follows (version 3 and later).
const FLAG_EXTENDED: u16 = 0x4000;
/// `flags`: the merge stage (0 when merged).
const FLAG_STAGE_MASK: u16 = 0x3000;
/// `flags`: the name length, saturated at 0xFFF.
const FLAG_NAME_MASK: u16 = 0x0fff;
/// Extended flags: skip-worktree (sparse checkout).
pub const EXT_SKIP_WORKTREE: u16 = 0x4000;
/// Extended flags: intent-to-add (`git add -N`).
pub const EXT_INTENT_TO_ADD: u16 = 0x2000;

/// Why an index file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexError {
    /// The file does not start with `DIRC`.
    #[error("not an index file (no DIRC signature)")]
    Signature,
    /// A version other than 2, 3 or 4.
    #[error("index version {0} is not supported")]
    Version(u32),
    /// The bytes end early or do not follow the format.
    #[error("the index is truncated or corrupt near byte {0}")]
    Corrupt(usize),
    /// A required extension (lower-case signature) this parser does not read, such as `link`
    /// (split index) or `sdir` (sparse index).
    #[error("the index uses extension {0:?}")]
    Extension(String),
}

/// One index entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The mode (`0o100644`, `0o100755`, `0o120000`, `0o160000`, or `0o040000` for a sparse
    /// directory entry).
    pub mode: u32,
    /// The object id.
    pub id: [u8; OID_LEN],
    /// The 16-bit flags (assume-valid, extended, stage, name length).
    pub flags: u16,
    /// The extended flags (version 3 and later; 0 otherwise).
    pub extended: u16,
    /// The path's place in [`IndexFile`]'s path buffer.
    path: Range<usize>,
}

impl IndexEntry {
    /// The merge stage: 0 for a merged entry, 1 to 3 for the sides of a conflict.
    pub fn stage(&self) -> u16 {
        (self.flags & FLAG_STAGE_MASK) >> 12
    }

    /// Whether `git add -N` recorded this entry without content.
    pub fn is_intent_to_add(&self) -> bool {
        self.extended & EXT_INTENT_TO_ADD != 0
    }
}

/// The cache tree: for each directory, how many index entries it covers and, while valid, the
/// tree object those entries make. Stored flat, in git's depth-first order, so reading a large
/// one costs no allocation per directory.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CacheTree {
    nodes: Vec<CacheNode>,
    /// Every directory name, back to back.
    names: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CacheNode {
    name: Range<usize>,
    entry_count: i64,
    id: Option<[u8; OID_LEN]>,
    /// One past the last node of this directory's subtree.
    end: usize,
}

impl CacheTree {
    /// The top directory.
    pub fn root(&self) -> CacheDir<'_> {
        CacheDir { tree: self, at: 0 }
    }
}

/// One directory of a [`CacheTree`].
#[derive(Debug, Clone, Copy)]
pub struct CacheDir<'a> {
    tree: &'a CacheTree,
    at: usize,
}

impl<'a> CacheDir<'a> {
    fn node(&self) -> &'a CacheNode {
        &self.tree.nodes[self.at]
    }

    /// The directory's name in its parent (empty for the root).
    pub fn name(&self) -> &'a [u8] {
        &self.tree.names[self.node().name.clone()]
    }

    /// Index entries under this directory; negative when the node was invalidated.
    pub fn entry_count(&self) -> i64 {
        self.node().entry_count
    }

    /// The tree id, present exactly when the node is valid.
    pub fn id(&self) -> Option<[u8; OID_LEN]> {
        self.node().id
    }

    /// The subdirectories, in the order git wrote them.
    pub fn children(&self) -> impl Iterator<Item = CacheDir<'a>> + use<'a> {
        let (tree, end) = (self.tree, self.node().end);
        let mut next = self.at + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let child = CacheDir { tree, at: next };
                next = tree.nodes[next].end;
                child
            })
        })
    }

    /// The child directory called `name`.
    pub fn child(&self, name: &[u8]) -> Option<CacheDir<'a>> {
        self.children().find(|c| c.name() == name)
    }
}

/// A parsed index file.
#[derive(Debug, Clone, Default)]
pub struct IndexFile {
    /// The format version (2, 3 or 4).
    pub version: u32,
    /// The entries, in index order (path bytes, then stage).
    pub entries: Vec<IndexEntry>,
    /// The cache tree, when the index has one.
    pub cache_tree: Option<CacheTree>,
    /// Every entry's path, back to back.
    paths: Vec<u8>,
}

/// Size of an entry's fixed part: stat data (40), object id (20), flags (2).
const FIXED_LEN: usize = 40 + OID_LEN + 2;
/// How deep a cache tree may nest before it is taken as corrupt (git paths are far shallower).
const MAX_TREE_DEPTH: usize = 4096;

impl IndexFile {
    /// Parses an index file's bytes. The trailing checksum is not verified.
    pub fn parse(data: &[u8]) -> Result<IndexFile, IndexError> {
        IndexFile::read(data, data.len())
    }

    /// Reads an index file of `len` bytes from `reader`, a buffer at a time: a large
    /// repository's index is megabytes, and reading it whole into fresh memory costs a page
    /// fault every 4 KiB, more than parsing it (#5). The trailing checksum is not verified.
    pub fn read(reader: impl Read, len: usize) -> Result<IndexFile, IndexError> {
        // The checksum closes the file; entries and extensions stop where it starts.
        let end = len.checked_sub(OID_LEN).ok_or(IndexError::Corrupt(len))?;
        let mut input = Stream {
            reader: BufReader::with_capacity(READ_BUFFER, reader.take(end as u64)),
            pos: 0,
            scratch: Vec::new(),
        };
        if input.take(4)? != b"DIRC" {
            return Err(IndexError::Signature);
        }
        let version = input.u32()?;
        if !(2..=4).contains(&version) {
            return Err(IndexError::Version(version));
        }
        let count = input.u32()? as usize;
        let mut index = IndexFile {
            version,
            entries: Vec::with_capacity(count.min(end / FIXED_LEN)),
            cache_tree: None,
            paths: Vec::with_capacity(end.min(count.saturating_mul(64))),
        };
        let mut previous = 0..0;
        for _ in 0..count {
            let entry = index.parse_entry(&mut input, previous)?;
            previous = entry.path.clone();
            index.entries.push(entry);
        }
        let base = input.pos;
        let mut rest = Vec::with_capacity(end - base);
        input.reader.read_to_end(&mut rest).map_err(|_| IndexError::Corrupt(base))?;
        if rest.len() != end - base {
            return Err(IndexError::Corrupt(base + rest.len()));
        }
        index.parse_extensions(&mut Cursor { data: &rest, pos: 0 }).map_err(|e| match e {
            IndexError::Corrupt(at) => IndexError::Corrupt(base + at),
            other => other,
        })?;
        Ok(index)
    }

    /// The path of `entry`, `/`-separated, relative to the top of the work tree.
    pub fn path(&self, entry: &IndexEntry) -> &[u8] {
        &self.paths[entry.path.clone()]
    }

    fn parse_entry(
        &mut self,
        cur: &mut Stream<impl Read>,
        previous: Range<usize>,
    ) -> Result<IndexEntry, IndexError> {
        let start = cur.pos;
        let fixed = cur.take(FIXED_LEN)?;
        let mode = u32::from_be_bytes(array(&fixed[24..28]));
        let id: [u8; OID_LEN] = array(&fixed[40..40 + OID_LEN]);
        let flags = u16::from_be_bytes(array(&fixed[FIXED_LEN - 2..]));
        let extended = if flags & FLAG_EXTENDED != 0 {
            if self.version < 3 {
                return Err(IndexError::Corrupt(start));
            }
            u16::from_be_bytes(array(cur.take(2)?))
        } else {
            0
        };
        let path_start = self.paths.len();
        if self.version == 4 {
            // Drop `strip` bytes from the end of the previous path, then append the new suffix.
            let strip = cur.varint()?;
            let keep = previous.len().checked_sub(strip).ok_or(IndexError::Corrupt(cur.pos))?;
            self.paths.extend_from_within(previous.start..previous.start + keep);
            self.paths.extend_from_slice(cur.until_nul()?);
        } else {
            let name = cur.until_nul()?;
            let stored = usize::from(flags & FLAG_NAME_MASK);
            if stored != name.len().min(usize::from(FLAG_NAME_MASK)) {
                return Err(IndexError::Corrupt(start));
            }
            self.paths.extend_from_slice(name);
            // NUL padding to a multiple of 8 bytes (at least one NUL, already consumed).
            let padded = (cur.pos - start + 7) & !7;
            cur.take(padded - (cur.pos - start))?;
        }
        if self.paths.len() == path_start {
            return Err(IndexError::Corrupt(start));
        }
        Ok(IndexEntry { mode, id, flags, extended, path: path_start..self.paths.len() })
    }

    fn parse_extensions(&mut self, cur: &mut Cursor<'_>) -> Result<(), IndexError> {
        while cur.pos < cur.data.len() {
            let signature = cur.take(4)?;
            let size = cur.u32()? as usize;
            let body = cur.take(size)?;
            match signature {
                b"TREE" => {
                    let mut tree = Cursor { data: body, pos: 0 };
                    if !body.is_empty() {
                        self.cache_tree = Some(parse_cache_tree(&mut tree)?);
                    }
                    if tree.pos != body.len() {
                        return Err(IndexError::Corrupt(cur.pos - size + tree.pos));
                    }
                }
                // Upper-case first byte: optional, safe to ignore (REUC, UNTR, FSMN, EOIE...).
                [b'A'..=b'Z', ..] => {}
                other => {
                    return Err(IndexError::Extension(String::from_utf8_lossy(other).into()));
                }
            }
        }
        Ok(())
    }
}

/// The TREE extension: nodes depth first, each followed by its subtrees.
fn parse_cache_tree(cur: &mut Cursor<'_>) -> Result<CacheTree, IndexError> {
    // A node takes at least 6 bytes (`\0-1 0\n`): reserve once rather than grow and copy.
    let size = cur.data.len() - cur.pos;
    let mut tree =
        CacheTree { nodes: Vec::with_capacity(size / 6), names: Vec::with_capacity(size) };
    // For each open directory: its node and how many subtrees are still to come.
    let mut open: Vec<(usize, i64)> = Vec::new();
    loop {
        let name = cur.short_until_nul()?;
        let entry_count = cur.decimal(b' ')?;
        let subtrees = cur.decimal(b'\n')?;
        let id = if entry_count >= 0 { Some(array(cur.take(OID_LEN)?)) } else { None };
        if subtrees < 0 || open.len() > MAX_TREE_DEPTH {
            return Err(IndexError::Corrupt(cur.pos));
        }
        let start = tree.names.len();
        tree.names.extend_from_slice(name);
        let at = tree.nodes.len();
        tree.nodes.push(CacheNode { name: start..tree.names.len(), entry_count, id, end: at + 1 });
        open.push((at, subtrees));
        // Close every directory whose subtrees are all read.
        while let Some(&(node, 0)) = open.last() {
            tree.nodes[node].end = tree.nodes.len();
            open.pop();
            match open.last_mut() {
                Some((_, left)) => *left -= 1,
                None => return Ok(tree),
            }
        }
    }
}

fn array<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(bytes);
    out
}

/// Bytes read into the stream's buffer at a time.
const READ_BUFFER: usize = 64 * 1024;

/// A read position in a stream of index bytes (the entries); each read copies what it returns
/// into a scratch buffer, so that the file is never whole in memory.
struct Stream<R: Read> {
    reader: BufReader<std::io::Take<R>>,
    pos: usize,
    scratch: Vec<u8>,
}

impl<R: Read> Stream<R> {
    fn take(&mut self, n: usize) -> Result<&[u8], IndexError> {
        self.scratch.resize(n, 0);
        self.reader.read_exact(&mut self.scratch).map_err(|_| IndexError::Corrupt(self.pos))?;
        self.pos += n;
        Ok(&self.scratch)
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        Ok(u32::from_be_bytes(array(self.take(4)?)))
    }

    /// Bytes up to a NUL, which is consumed but not returned.
    fn until_nul(&mut self) -> Result<&[u8], IndexError> {
        self.scratch.clear();
        let read = self.reader.read_until(0, &mut self.scratch);
        if read.is_err() || self.scratch.pop() != Some(0) {
            return Err(IndexError::Corrupt(self.pos));
        }
        self.pos += self.scratch.len() + 1;
        Ok(&self.scratch)
    }

    /// The offset encoding of pack `OFS_DELTA`, used for version 4 path prefixes.
    fn varint(&mut self) -> Result<usize, IndexError> {
        let mut byte = self.take(1)?[0];
        let mut value = usize::from(byte & 0x7f);
        while byte & 0x80 != 0 {
            byte = self.take(1)?[0];
            value = value
                .checked_add(1)
                .and_then(|v| v.checked_mul(128))
                .map(|v| v | usize::from(byte & 0x7f))
                .ok_or(IndexError::Corrupt(self.pos))?;
        }
        Ok(value)
    }
}

/// A read position in a byte slice; every read checks the bounds.
struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        let end = end.ok_or(IndexError::Corrupt(self.pos))?;
        let bytes = &self.data[self.pos..end];
        self.pos = end;
        Ok(bytes)
    }

    fn u32(&mut self) -> Result<u32, IndexError> {
        Ok(u32::from_be_bytes(array(self.take(4)?)))
    }

    /// Bytes up to a NUL (consumed, not returned); a plain loop, as these are a few bytes (a
    /// directory name), where memchr's set-up would not pay off.
    fn short_until_nul(&mut self) -> Result<&'a [u8], IndexError> {
        let rest = &self.data[self.pos..];
        let len = rest.iter().position(|&b| b == 0).ok_or(IndexError::Corrupt(self.pos))?;
        self.pos += len + 1;
        Ok(&rest[..len])
    }

    /// An ASCII decimal number (optionally negative) ended by `end`.
    fn decimal(&mut self, end: u8) -> Result<i64, IndexError> {
        let at = self.pos;
        let rest = &self.data[self.pos..];
        // A plain loop: these numbers are a few bytes long, too short for memchr to pay off.
        let len = rest.iter().position(|&b| b == end).ok_or(IndexError::Corrupt(at))?;
        self.pos += len + 1;
        let (negative, digits) = match &rest[..len] {
            [b'-', digits @ ..] => (true, digits),
            digits => (false, digits),
        };
        let mut value: i64 = 0;
        for &digit in digits {
            let digit = digit.wrapping_sub(b'0');
            if digit > 9 {
                return Err(IndexError::Corrupt(at));
            }
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(digit)))
                .ok_or(IndexError::Corrupt(at))?;
        }
        if digits.is_empty() {
            return Err(IndexError::Corrupt(at));
        }
        Ok(if negative { -value } else { value })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::test_git::GitDir;

    fn hex(id: &[u8]) -> String {
        id.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn read(repo: &GitDir) -> (Vec<u8>, IndexFile) {
        let bytes = std::fs::read(repo.index_path()).unwrap();
        let index = IndexFile::parse(&bytes).unwrap();
        (bytes, index)
    }

    /// `git ls-files -s` as the parser sees the index.
    fn staged_listing(index: &IndexFile) -> Vec<String> {
        let line = |e: &IndexEntry| {
            let path = String::from_utf8_lossy(index.path(e));
            format!("{:06o} {} {}\t{path}", e.mode, hex(&e.id), e.stage())
        };
        index.entries.iter().map(line).collect()
    }

    fn git_listing(repo: &GitDir) -> Vec<String> {
        let out = repo.git(&["ls-files", "-s", "-z"]);
        out.split('\0').filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    fn sample_repo() -> GitDir {
        let repo = GitDir::init();
        repo.write("a.txt", "a\n").write("dir/b.txt", "b\n").write("dir/sub/c.txt", "c\n");
        repo.write("dir/sub/deeper/and/deeper/name-long-enough-to-share-a-prefix.txt", "d\n");
        repo.write("dir/sub/deeper/and/deeper/name-long-enough-to-share-a-prefix.md", "e\n");
        repo.write("run.sh", "#!/bin/sh\n");
        repo.git(&["add", "-A"]);
        repo.git(&["update-index", "--chmod=+x", "run.sh"]);
        std::os::unix::fs::symlink("a.txt", repo.path().join("link")).unwrap();
        repo.git(&["add", "link"]);
        repo.git(&["commit", "-q", "-m", "init"]);
        repo
    }

    #[test]
    fn version_2_entries_match_git_ls_files() {
        let repo = sample_repo();
        repo.git(&["update-index", "--index-version", "2"]);
        let (_, index) = read(&repo);
        assert_eq!(index.version, 2);
        assert_eq!(staged_listing(&index), git_listing(&repo));
        let modes: Vec<u32> = index.entries.iter().map(|e| e.mode).collect();
        assert!(modes.contains(&0o100755) && modes.contains(&0o120000), "{modes:?}");
    }

    #[test]
    fn version_3_reads_extended_flags() {
        let repo = sample_repo();
        repo.write("new.txt", "n\n");
        repo.git(&["add", "-N", "new.txt"]);
        repo.git(&["update-index", "--skip-worktree", "a.txt"]);
        let (_, index) = read(&repo);
        assert_eq!(index.version, 3);
        assert_eq!(staged_listing(&index), git_listing(&repo));
        let flags = |path: &[u8]| {
            let entry = index.entries.iter().find(|e| index.path(e) == path).unwrap();
            (entry.is_intent_to_add(), entry.extended & EXT_SKIP_WORKTREE != 0)
        };
        assert_eq!(flags(b"new.txt"), (true, false));
        assert_eq!(flags(b"a.txt"), (false, true));
        assert_eq!(flags(b"dir/b.txt"), (false, false));
    }

    #[test]
    fn version_4_rebuilds_prefix_compressed_paths() {
        let repo = sample_repo();
        repo.git(&["update-index", "--index-version", "4"]);
        let (_, index) = read(&repo);
        assert_eq!(index.version, 4);
        assert_eq!(staged_listing(&index), git_listing(&repo));
    }

    /// An index several times the read buffer: entries and extensions straddle the seams
    /// between reads, in both path encodings.
    #[test]
    fn an_index_larger_than_the_read_buffer_is_read_across_its_seams() {
        let repo = sample_repo();
        for i in 0..1500 {
            let dir = format!("src/module_{:03}/nested_folder_name", i % 97);
            repo.write(&format!("{dir}/file_with_a_long_name_{i}.txt"), &format!("{i}\n"));
        }
        repo.commit_all("many files");
        for version in ["2", "4"] {
            repo.git(&["update-index", "--index-version", version]);
            let (bytes, index) = read(&repo);
            assert!(bytes.len() > READ_BUFFER, "v{version}: {} bytes", bytes.len());
            assert_eq!(staged_listing(&index), git_listing(&repo), "v{version}");
            assert!(index.cache_tree.is_some(), "v{version}");
        }
    }

    #[test]
    fn unmerged_entries_have_their_stage() {
        let repo = GitDir::init();
        repo.write("f.txt", "base\n");
        repo.commit_all("base");
        repo.conflict_on("f.txt");
        let (_, index) = read(&repo);
        let stages: Vec<u16> = index.entries.iter().map(IndexEntry::stage).collect();
        assert_eq!(stages, [1, 2, 3]);
        assert_eq!(staged_listing(&index), git_listing(&repo));
    }

    #[test]
    fn cache_tree_is_valid_after_commit_and_invalidated_by_add() {
        let repo = sample_repo();
        let (_, index) = read(&repo);
        let root = index.cache_tree.as_ref().unwrap().root();
        assert_eq!(root.name(), b"");
        assert_eq!(root.entry_count(), index.entries.len() as i64);
        assert_eq!(hex(&root.id().unwrap()), repo.git(&["rev-parse", "HEAD^{tree}"]));
        let names: Vec<&[u8]> = root.children().map(|c| c.name()).collect();
        assert_eq!(names, [&b"dir"[..]]);
        let sub = root.child(b"dir").unwrap().child(b"sub").unwrap();
        assert_eq!(hex(&sub.id().unwrap()), repo.git(&["rev-parse", "HEAD:dir/sub"]));
        assert_eq!(sub.entry_count(), 3);
        let deeper = sub.child(b"deeper").unwrap().child(b"and").unwrap().child(b"deeper").unwrap();
        let spec = "HEAD:dir/sub/deeper/and/deeper";
        assert_eq!(hex(&deeper.id().unwrap()), repo.git(&["rev-parse", spec]));
        assert!(deeper.child(b"nothing").is_none() && sub.child(b"c.txt").is_none());

        repo.write("dir/b.txt", "changed\n");
        repo.git(&["add", "dir/b.txt"]);
        let (_, index) = read(&repo);
        let root = index.cache_tree.as_ref().unwrap().root();
        assert_eq!((root.entry_count(), root.id()), (-1, None));
        let dir = root.child(b"dir").unwrap();
        assert_eq!((dir.entry_count(), dir.id()), (-1, None));
        let sub = dir.child(b"sub").unwrap();
        assert_eq!(hex(&sub.id().unwrap()), repo.git(&["rev-parse", "HEAD:dir/sub"]));
    }

    /// The bytes of `index` with one more extension before the checksum.
    fn with_extension(bytes: &[u8], signature: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = bytes[..bytes.len() - OID_LEN].to_vec();
        out.extend_from_slice(signature);
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(&[0; OID_LEN]);
        out
    }

    #[test]
    fn required_extensions_and_bad_headers_are_errors() {
        let repo = sample_repo();
        let (bytes, _) = read(&repo);
        let link = with_extension(&bytes, b"link", &[0; OID_LEN]);
        assert_eq!(IndexFile::parse(&link).unwrap_err(), IndexError::Extension("link".into()));
        let sdir = with_extension(&bytes, b"sdir", b"");
        assert_eq!(IndexFile::parse(&sdir).unwrap_err(), IndexError::Extension("sdir".into()));
        let optional = with_extension(&bytes, b"ZZZZ", b"ignored");
        assert!(IndexFile::parse(&optional).is_ok());
        let mut version = bytes.clone();
        version[4..8].copy_from_slice(&5u32.to_be_bytes());
        assert_eq!(IndexFile::parse(&version).unwrap_err(), IndexError::Version(5));
        let mut signature = bytes.clone();
        signature[0] = b'X';
        assert_eq!(IndexFile::parse(&signature).unwrap_err(), IndexError::Signature);
        let mut count = bytes.clone();
        count[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(IndexFile::parse(&count), Err(IndexError::Corrupt(_))));
    }

    #[test]
    fn truncated_or_corrupt_input_is_an_error_not_a_panic() {
        for version in ["2", "4"] {
            let repo = sample_repo();
            repo.git(&["update-index", "--index-version", version]);
            let (bytes, index) = read(&repo);
            // Cut anywhere inside the entries: always an error.
            let entries_end = bytes.len() - OID_LEN - 8;
            for len in 0..entries_end.min(bytes.len() / 2) {
                assert!(IndexFile::parse(&bytes[..len]).is_err(), "v{version}, {len} bytes");
            }
            // Cut anywhere, or flip any byte: never a panic.
            for len in 0..bytes.len() {
                let _ = IndexFile::parse(&bytes[..len]);
            }
            for at in 0..bytes.len() - OID_LEN {
                for flip in [0x01, 0x80, 0xff] {
                    let mut bad = bytes.clone();
                    bad[at] ^= flip;
                    let _ = IndexFile::parse(&bad);
                }
            }
            assert_eq!(IndexFile::parse(&bytes).unwrap().entries, index.entries);
        }
    }

    #[test]
    fn corrupt_cache_tree_is_an_error() {
        let repo = sample_repo();
        let (bytes, _) = read(&repo);
        let index = IndexFile::parse(&bytes).unwrap();
        let plain = {
            let mut copy = bytes.clone();
            // Drop the extensions: re-read the entry region by writing a TREE-less file.
            let entries_len = bytes.len() - OID_LEN - tree_extension_len(&bytes);
            copy.truncate(entries_len);
            copy.extend_from_slice(&[0; OID_LEN]);
            copy
        };
        assert_eq!(IndexFile::parse(&plain).unwrap().cache_tree, None);
        assert!(index.cache_tree.is_some());
        let bodies = [&b"\0x 0\n"[..], b"\x001 0\nshort", b"\0-1 2\n", b"\0-1 0\nextra", b"\0 0\n"];
        for body in bodies.into_iter().chain([&b"\0-1 -1\n"[..], b"\0-1 99999999999999999999\n"]) {
            let bad = with_extension(&plain, b"TREE", body);
            assert!(matches!(IndexFile::parse(&bad), Err(IndexError::Corrupt(_))), "{body:?}");
        }
        let invalid_root = with_extension(&plain, b"TREE", b"\0-1 0\n");
        let tree = IndexFile::parse(&invalid_root).unwrap().cache_tree.unwrap();
        let root = tree.root();
        assert_eq!((root.entry_count(), root.id(), root.children().count()), (-1, None, 0));
        // Siblings after a closed subtree: a(b), c.
        let nested = with_extension(&plain, b"TREE", b"\0-1 2\na\0-1 1\nb\0-1 0\nc\0-1 0\n");
        let tree = IndexFile::parse(&nested).unwrap().cache_tree.unwrap();
        let names: Vec<&[u8]> = tree.root().children().map(|c| c.name()).collect();
        assert_eq!(names, [&b"a"[..], b"c"]);
        assert_eq!(tree.root().child(b"a").unwrap().children().count(), 1);
    }

    /// The size of the TREE extension (header included) at the end of a fresh index.
    fn tree_extension_len(bytes: &[u8]) -> usize {
        let at = bytes.windows(4).rposition(|w| w == b"TREE").unwrap();
        bytes.len() - OID_LEN - at
    }
}
