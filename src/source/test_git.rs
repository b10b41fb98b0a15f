//! Test support: repositories built with the real `git` command in temporary folders, so the
//! index files the parser and the fast path read are the ones git writes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A git repository in a temporary folder.
pub struct GitDir {
    dir: tempfile::TempDir,
}

impl GitDir {
    /// `git init` on branch `main`.
    pub fn init() -> GitDir {
        let repo = GitDir { dir: tempfile::tempdir().unwrap() };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// The work tree.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `.git/index`.
    pub fn index_path(&self) -> PathBuf {
        self.path().join(".git/index")
    }

    /// Runs git with a clean environment plus `env`; panics with stderr on failure.
    pub fn git_env(&self, args: &[&str], env: &[(&str, &Path)]) -> String {
        let mut cmd = Command::new("git");
        cmd.args(args)
            .current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Ada")
            .env("GIT_AUTHOR_EMAIL", "ada@example.invalid")
            .env("GIT_COMMITTER_NAME", "Ada")
            .env("GIT_COMMITTER_EMAIL", "ada@example.invalid")
            .env("GIT_AUTHOR_DATE", "@1700000000 +0000")
            .env("GIT_COMMITTER_DATE", "@1700000000 +0000");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    /// Runs git; panics with stderr on failure. Returns stdout, trimmed.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_env(args, &[])
    }

    /// Writes a file (creating folders) in the work tree.
    pub fn write(&self, rel: &str, content: &str) -> &GitDir {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// Stages everything and commits.
    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Leaves `path` (already committed on `main`) in conflict: a branch `side` and `main` each
    /// change it, then `side` is merged, so that the index holds unmerged entries.
    pub fn conflict_on(&self, path: &str) {
        self.git(&["checkout", "-q", "-b", "side"]);
        self.write(path, "side\n");
        self.commit_all("side");
        self.git(&["checkout", "-q", "main"]);
        self.write(path, "main\n");
        self.commit_all("main");
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=A", "-c", "user.email=a@b.invalid", "merge", "-q", "side"])
            .current_dir(self.path())
            .env("HOME", self.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "the merge must conflict");
    }
}
