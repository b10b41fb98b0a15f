//! Files on disk: an ignore-aware parallel walk (`ignore::WalkBuilder::build_parallel`) that
//! reads each regular file and hands it, as a [`Chunk`], to a per-thread visitor. A walk of a
//! few dozen entries runs on the calling thread instead.
//!
//! Inside a git work tree `.gitignore`, `.git/info/exclude` and global excludes are honoured
//! (unless `no_ignore`); hidden files such as `.env` are scanned; `.git/` never is. Problems with
//! one file are reported as events and the walk goes on.

use super::text::{SNIFF_LEN, TextKind, classify, looks_binary};
use super::{Chunk, Provenance, SkipReason};
use crate::filter::allowlist::PathAllowlist;
use ignore::{WalkBuilder, WalkState};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What to walk and how.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files or folders to scan.
    pub roots: Vec<PathBuf>,
    /// Worker threads.
    pub threads: usize,
    /// Scan files that `.gitignore` and friends exclude.
    pub no_ignore: bool,
    /// Follow symbolic links.
    pub follow_links: bool,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Paths never read.
    pub allowlist: PathAllowlist,
}

/// What the walk reports to a visitor.
#[derive(Debug)]
pub enum WalkEvent<'a> {
    /// A file's content.
    Chunk(Chunk<'a>),
    /// A file that was not scanned, and why.
    Skipped(String, SkipReason),
    /// A file allowed by a path allowlist (never read).
    Allowed(String),
    /// A problem with one file or folder; the walk goes on.
    Warning(String, String),
}

/// Walks `options.roots` in parallel; `make_visitor` is called once per thread and the visitor
/// it returns receives that thread's events.
pub fn walk<F, V>(options: &WalkOptions, make_visitor: F)
where
    F: Fn() -> V + Sync,
    V: FnMut(WalkEvent<'_>) + Send,
{
    let Some((first, rest)) = options.roots.split_first() else { return };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .threads(options.threads)
        .hidden(false)
        .follow_links(options.follow_links)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .ignore(!options.no_ignore)
        .parents(!options.no_ignore)
        .filter_entry(|entry| entry.file_name() != ".git");
    if !options.no_ignore {
        global_excludes(&mut builder, &options.roots);
    }
    let display = DisplayPaths::new(&options.roots);
    // A walk of a few files (a pre-commit framework passing file names, a small project) is
    // over before parallel workers would have started; and once idle, they sleep in 1 ms steps
    // before they notice the walk is done. Walk those on this thread.
    let mut sequential = builder.build();
    let first_entries: Vec<_> = sequential.by_ref().take(SMALL_WALK + 1).collect();
    if first_entries.len() <= SMALL_WALK {
        let mut visitor = make_visitor();
        let mut reader = FileReader::new(options.max_file_size);
        for entry in first_entries {
            visit_entry(entry, &display, &options.allowlist, &mut reader, &mut visitor);
        }
        return;
    }
    drop((sequential, first_entries));
    builder.build_parallel().run(|| {
        let mut visitor = make_visitor();
        let mut reader = FileReader::new(options.max_file_size);
        let display = &display;
        let allowlist = &options.allowlist;
        Box::new(move |entry| {
            visit_entry(entry, display, allowlist, &mut reader, &mut visitor);
            WalkState::Continue
        })
    });
}

/// Tells the walker about git's global excludes file (`core.excludesFile`, by default
/// `~/.config/git/ignore`), which `ignore` applies below git work trees only. `ignore`'s own
/// lookup compiles a regex to read git's config (1.4M instructions, most of a three-file
/// scan's walk); libgit2 reads the same config in 0.1M, includes and `~` honoured. Where the
/// file is known to apply to every root, it is handed over directly; where it does not exist,
/// there is nothing to apply; otherwise (roots outside a work tree, which may hold work trees
/// of their own, or a config named by `GIT_CONFIG_GLOBAL`, which libgit2 does not read)
/// `ignore` looks it up and decides path by path.
fn global_excludes(builder: &mut WalkBuilder, roots: &[PathBuf]) {
    if std::env::var_os("GIT_CONFIG_GLOBAL").is_some_and(|v| !v.is_empty()) {
        builder.git_global(true);
        return;
    }
    builder.git_global(false);
    let Some(path) = excludes_file().filter(|path| path.is_file()) else { return };
    let in_work_tree = |root: &PathBuf| {
        std::path::absolute(root)
            .is_ok_and(|root| root.ancestors().any(|dir| dir.join(".git").exists()))
    };
    if roots.iter().all(in_work_tree) {
        // A line `ignore` cannot parse is passed over, as it is in its own global lookup.
        let _ = builder.add_ignore(path);
    } else {
        builder.git_global(true);
    }
}

/// Git's global excludes file: `core.excludesFile`, or its default.
fn excludes_file() -> Option<PathBuf> {
    let configured = git2::Config::open_default()
        .ok()
        .and_then(|config| config.get_path("core.excludesFile").ok());
    configured.or_else(|| {
        let xdg = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()).map(PathBuf::from);
        let config_home = xdg.or_else(|| std::env::home_dir().map(|home| home.join(".config")))?;
        Some(config_home.join("git").join("ignore"))
    })
}

/// Walks with at most this many entries (files and folders) are walked on one thread.
const SMALL_WALK: usize = 64;

fn visit_entry<V: FnMut(WalkEvent<'_>)>(
    entry: Result<ignore::DirEntry, ignore::Error>,
    display: &DisplayPaths,
    allowlist: &PathAllowlist,
    reader: &mut FileReader,
    visitor: &mut V,
) {
    match entry {
        Ok(entry) => visit(&entry, display, allowlist, reader, visitor),
        Err(error) => visitor(WalkEvent::Warning(error_path(&error), one_line(&error.to_string()))),
    }
}

fn visit<V: FnMut(WalkEvent<'_>)>(
    entry: &ignore::DirEntry,
    display: &DisplayPaths,
    allowlist: &PathAllowlist,
    reader: &mut FileReader,
    visitor: &mut V,
) {
    let Some(file_type) = entry.file_type() else { return };
    if file_type.is_dir() {
        return;
    }
    let path = display.of(entry.path());
    if !file_type.is_file() {
        visitor(WalkEvent::Skipped(path, SkipReason::NotARegularFile));
        return;
    }
    if allowlist.is_allowed(&path) {
        visitor(WalkEvent::Allowed(path));
        return;
    }
    match reader.read(entry.path()) {
        Ok(ReadOutcome::Text) => {
            let provenance = Provenance::File { path };
            visitor(WalkEvent::Chunk(Chunk { bytes: reader.content(), provenance }));
            reader.release_large();
        }
        Ok(ReadOutcome::Skip(reason)) => visitor(WalkEvent::Skipped(path, reason)),
        Err(error) => visitor(WalkEvent::Warning(path, error.to_string())),
    }
}

fn error_path(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, .. } => path.display().to_string(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => child.display().to_string(),
        _ => String::from("(walk)"),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The outcome of reading one file.
enum ReadOutcome {
    Text,
    Skip(SkipReason),
}

/// Reads files into a buffer reused across files (one per thread).
struct FileReader {
    max_size: u64,
    buffer: Vec<u8>,
    transcoded: Option<Vec<u8>>,
}

impl FileReader {
    fn new(max_size: u64) -> FileReader {
        FileReader { max_size, buffer: Vec::new(), transcoded: None }
    }

    fn read(&mut self, path: &Path) -> std::io::Result<ReadOutcome> {
        self.buffer.clear();
        self.transcoded = None;
        let file = File::open(path)?;
        let metadata = file.metadata()?;
        if !metadata.is_file() {
            return Ok(ReadOutcome::Skip(SkipReason::NotARegularFile));
        }
        if metadata.len() > self.max_size {
            return Ok(ReadOutcome::Skip(SkipReason::TooLarge));
        }
        // Read at most one byte past the limit: a file that grew while we read is still bounded.
        let mut limited = file.take(self.max_size + 1);
        let mut head = [0u8; SNIFF_LEN];
        let head_len = read_full(&mut limited, &mut head)?;
        if looks_binary(&head[..head_len]) {
            return Ok(ReadOutcome::Skip(SkipReason::Binary));
        }
        // Sized from the file's length: grown by doubling, a 3.5 MiB file took a 4 MiB buffer
        // and briefly a copy of the 2 MiB one.
        let expected = usize::try_from(metadata.len()).unwrap_or(usize::MAX);
        self.buffer.reserve_exact(expected.max(head_len));
        self.buffer.extend_from_slice(&head[..head_len]);
        limited.read_to_end(&mut self.buffer)?;
        if self.buffer.len() as u64 > self.max_size {
            return Ok(ReadOutcome::Skip(SkipReason::TooLarge));
        }
        if let TextKind::Transcoded(text) = classify(&self.buffer) {
            self.transcoded = Some(text);
        }
        Ok(ReadOutcome::Text)
    }

    fn content(&self) -> &[u8] {
        self.transcoded.as_deref().unwrap_or(&self.buffer)
    }

    /// Lets go of the buffers once a large file is scanned: kept, one large file would hold
    /// its size in memory for the rest of the walk, on every thread that met one (the
    /// allocator hands a very large buffer back to the system when it is freed).
    fn release_large(&mut self) {
        if self.buffer.capacity() > KEEP_BUFFER {
            self.buffer = Vec::new();
        }
        self.transcoded = None;
    }
}

/// Read buffers up to this size are reused from file to file.
const KEEP_BUFFER: usize = 1024 * 1024;

fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Turns walked paths into report paths: relative to the root when one folder is scanned,
/// as given (without a leading `./`) otherwise; always `/`-separated.
struct DisplayPaths {
    single_root: Option<PathBuf>,
}

impl DisplayPaths {
    fn new(roots: &[PathBuf]) -> DisplayPaths {
        let single_root = match roots {
            [root] if root.is_dir() => Some(root.clone()),
            _ => None,
        };
        DisplayPaths { single_root }
    }

    fn of(&self, path: &Path) -> String {
        let relative = self
            .single_root
            .as_deref()
            .and_then(|root| path.strip_prefix(root).ok())
            .unwrap_or(path);
        let relative = relative.strip_prefix(".").unwrap_or(relative);
        let text = relative.to_string_lossy();
        if std::path::MAIN_SEPARATOR == '/' { text.into_owned() } else { text.replace('\\', "/") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gone_before_it_is_read_is_an_error_not_a_panic() {
        // The walk listed it, then it was deleted: the visitor turns this error into a warning.
        let dir = tempfile::tempdir().unwrap();
        let mut reader = FileReader::new(1024);
        let gone = reader.read(&dir.path().join("deleted-after-listing.env"));
        assert_eq!(gone.err().map(|e| e.kind()), Some(std::io::ErrorKind::NotFound));
    }

    #[test]
    fn a_file_that_changed_since_listing_is_read_as_it_is_now() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        let mut reader = FileReader::new(8);
        std::fs::write(&path, "short").unwrap();
        assert!(matches!(reader.read(&path).unwrap(), ReadOutcome::Text));
        assert_eq!(reader.content(), b"short");
        // Grown past the limit between two reads: skipped as too large, never read unbounded.
        std::fs::write(&path, "now far longer than eight bytes").unwrap();
        assert!(matches!(reader.read(&path).unwrap(), ReadOutcome::Skip(SkipReason::TooLarge)));
    }

    /// Walks below and above [`SMALL_WALK`] entries (one thread, then the parallel walker) see
    /// the same files and honour the same ignore rules.
    #[test]
    fn small_and_large_walks_see_the_same_files() {
        for files in [3, SMALL_WALK - 4, SMALL_WALK + 1, 4 * SMALL_WALK] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join(".git")).unwrap();
            std::fs::create_dir(dir.path().join("sub")).unwrap();
            std::fs::write(dir.path().join(".gitignore"), "*.log\n").unwrap();
            std::fs::write(dir.path().join("skip.log"), "ignored").unwrap();
            let mut expected = vec![".gitignore".to_owned()];
            for i in 0..files {
                let name = format!("sub/f{i}.txt");
                std::fs::write(dir.path().join(&name), "text").unwrap();
                expected.push(name);
            }
            let options = WalkOptions {
                roots: vec![dir.path().to_path_buf()],
                threads: 2,
                no_ignore: false,
                follow_links: false,
                max_file_size: 1024,
                allowlist: PathAllowlist::default(),
            };
            let seen = std::sync::Mutex::new(Vec::new());
            walk(&options, || {
                |event: WalkEvent<'_>| {
                    if let WalkEvent::Chunk(chunk) = event {
                        seen.lock().unwrap().push(chunk.provenance.path().to_owned());
                    }
                }
            });
            let mut seen = seen.into_inner().unwrap();
            seen.sort();
            expected.sort();
            assert_eq!(seen, expected, "{files} files");
        }
    }

    #[test]
    fn display_paths_are_root_relative() {
        let dir = tempfile::tempdir().unwrap();
        let d = DisplayPaths::new(&[dir.path().to_path_buf()]);
        assert_eq!(d.of(&dir.path().join("a/b.txt")), "a/b.txt");
        let multi = DisplayPaths::new(&[PathBuf::from("./x"), PathBuf::from("y")]);
        assert_eq!(multi.of(Path::new("./x/a.txt")), "x/a.txt");
    }
}
