//! Test harness: temp trees, the binary as a command, and fake secrets built at run time
//! (deterministic, so snapshots are stable; never literals in source).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary folder to scan.
pub struct TestDir {
    dir: TempDir,
}

impl TestDir {
    pub fn new() -> TestDir {
        TestDir { dir: tempfile::Builder::new().prefix("leakwatch-test").tempdir().unwrap() }
    }

    /// A temporary folder in memory (`/dev/shm`) where there is one, else the usual place: for
    /// tests that write 100,000 files, which a disk-backed file system can take minutes to
    /// create and remove.
    pub fn in_memory() -> TestDir {
        let shm = Path::new("/dev/shm");
        let mut builder = tempfile::Builder::new();
        builder.prefix("leakwatch-test");
        let dir = if shm.is_dir() { builder.tempdir_in(shm) } else { builder.tempdir() };
        TestDir { dir: dir.unwrap() }
    }

    /// A temporary folder whose name starts with `prefix` (which may hold spaces).
    pub fn with_prefix(prefix: &str) -> TestDir {
        TestDir { dir: tempfile::Builder::new().prefix(prefix).tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `content` at `rel`, creating folders.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &TestDir {
        let path = self.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// `leakwatch ARGS` with this folder as the working directory.
    pub fn leakwatch(&self) -> Command {
        let mut cmd = leakwatch();
        cmd.current_dir(self.path());
        cmd
    }
}

/// The built binary, with an environment that does not leak the developer's git or colour
/// settings into the test.
pub fn leakwatch() -> Command {
    let mut cmd = Command::cargo_bin("leakwatch").unwrap();
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(key);
        }
    }
    cmd.env_remove("NO_COLOR").env("GIT_CONFIG_NOSYSTEM", "1").env("HOME", std::env::temp_dir());
    cmd
}

/// Parses the JSON report on standard output.
pub fn json_findings(output: &[u8]) -> Vec<serde_json::Value> {
    let doc: serde_json::Value =
        serde_json::from_slice(output).expect("stdout is one JSON document");
    doc["findings"].as_array().unwrap().clone()
}

/// (path, line, column, rule_id) of each finding, in report order.
pub fn summary(findings: &[serde_json::Value]) -> Vec<(String, u64, u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Fake credentials in the providers' formats, from a seed.
pub mod fake {
    const UPPER_B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// `len` characters of `alphabet`, from a xorshift stream seeded by `seed`.
    pub fn random(seed: u64, alphabet: &[u8], len: usize) -> String {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                alphabet[(state % alphabet.len() as u64) as usize] as char
            })
            .collect()
    }

    pub fn aws_key_id(seed: u64) -> String {
        format!("AKIA{}", random(seed, UPPER_B32, 16))
    }

    /// A classic GitHub token with a valid checksum.
    pub fn github_pat(seed: u64) -> String {
        let body = random(seed, ALNUM, 30);
        let checksum = leakwatch::matcher::validate::base62(crc32fast::hash(body.as_bytes()), 6);
        format!("ghp_{body}{checksum}")
    }

    pub fn stripe_live(seed: u64) -> String {
        format!("sk_live_{}", random(seed, ALNUM, 32))
    }
}

/// A real git repository in a temp dir, driven through the git CLI with fixed identities and
/// dates, so commit ids are stable across runs.
pub struct TestRepo {
    pub dir: TestDir,
    /// Seconds added to the commit date for each commit, so dates increase.
    clock: std::cell::Cell<i64>,
}

impl TestRepo {
    /// `git init` on branch `main`.
    pub fn new() -> TestRepo {
        let repo = TestRepo { dir: TestDir::new(), clock: std::cell::Cell::new(1_700_000_000) };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// `git init` on branch `main` in a folder in memory ([`TestDir::in_memory`]).
    pub fn in_memory() -> TestRepo {
        let repo =
            TestRepo { dir: TestDir::in_memory(), clock: std::cell::Cell::new(1_700_000_000) };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// `git init` on branch `main` in a folder whose name starts with `prefix`.
    pub fn with_prefix(prefix: &str) -> TestRepo {
        let repo = TestRepo {
            dir: TestDir::with_prefix(prefix),
            clock: std::cell::Cell::new(1_700_000_000),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository with `bin_dir` first on PATH and `stdin` as input, and returns
    /// the output whether or not git succeeded (for commands that run hooks).
    pub fn git_unchecked(&self, args: &[&str], bin_dir: Option<&Path>) -> std::process::Output {
        self.git_in(self.path(), args, bin_dir)
    }

    /// Like [`TestRepo::git_unchecked`], in another folder (a linked worktree, a clone).
    pub fn git_in(
        &self,
        dir: &Path,
        args: &[&str],
        bin_dir: Option<&Path>,
    ) -> std::process::Output {
        let date = format!("@{} +0000", self.clock.get());
        let mut path = std::ffi::OsString::new();
        if let Some(bin) = bin_dir {
            path.push(bin);
            path.push(":");
        }
        path.push(std::env::var_os("PATH").unwrap_or_default());
        std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada Lovelace")
            .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
            .env("GIT_COMMITTER_NAME", "Ada Lovelace")
            .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .unwrap()
    }

    /// `leakwatch ARGS` in another folder (a linked worktree, a clone).
    pub fn leakwatch_in(&self, dir: &Path) -> Command {
        let mut cmd = leakwatch();
        cmd.current_dir(dir);
        cmd
    }

    /// Runs git in the repository; panics with its stderr if it fails. Returns stdout, trimmed.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_in(self.path(), args, None);
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    /// Writes a file in the work tree.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &TestRepo {
        self.dir.write(rel, content);
        self
    }

    /// `git add -A` then `git commit`; returns the new commit's id.
    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.clock.set(self.clock.get() + 86_400);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// `leakwatch ARGS` with the repository as the working directory.
    pub fn leakwatch(&self) -> Command {
        self.dir.leakwatch()
    }

    /// `git clone --depth 1 file://…` of this repository into a new temp dir.
    pub fn shallow_clone(&self) -> TestRepo {
        self.shallow_clone_with_depth(1)
    }

    /// `git clone --depth DEPTH file://…` of this repository into a new temp dir.
    pub fn shallow_clone_with_depth(&self, depth: u32) -> TestRepo {
        let clone = TestRepo { dir: TestDir::new(), clock: std::cell::Cell::new(self.clock.get()) };
        let url = format!("file://{}", self.path().display());
        clone.git(&["clone", "-q", "--depth", &depth.to_string(), &url, "."]);
        clone
    }

    /// Writes, stages and commits one file; returns the new commit's id.
    pub fn commit_file(&self, rel: &str, content: impl AsRef<[u8]>, message: &str) -> String {
        self.write(rel, content);
        self.commit_all(message)
    }
}
