//! `leakwatch hook install|uninstall|pre-push`, and real `git commit` / `git push` runs through
//! the installed hooks.

use crate::util::{TestDir, TestRepo, fake};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

/// The folder of the built binary, put first on PATH for the hooks.
fn bin_dir() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_leakwatch")).parent().unwrap()
}

/// Where git itself looks for hooks in `dir`.
fn git_hooks_dir(repo: &TestRepo, dir: &Path) -> PathBuf {
    let out =
        repo.git_in(dir, &["rev-parse", "--path-format=absolute", "--git-path", "hooks"], None);
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn install(repo: &TestRepo, args: &[&str]) -> String {
    let out = repo.leakwatch().args(["hook", "install"]).args(args).assert().code(0);
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

/// `git commit` through the hooks, with leakwatch on PATH.
fn commit(repo: &TestRepo, message: &str) -> std::process::Output {
    repo.git(&["add", "-A"]);
    repo.git_unchecked(&["commit", "-q", "-m", message], Some(bin_dir()))
}

const FOREIGN: &str =
    "#!/bin/sh\necho foreign-hook-ran >> \"$(git rev-parse --git-dir)/ran\"\nexit 0\n";

#[test]
fn install_writes_the_hook_where_git_looks_and_twice_changes_nothing() {
    let repo = TestRepo::new();
    install(&repo, &[]);
    let hook = git_hooks_dir(&repo, repo.path()).join("pre-commit");
    let first = std::fs::read(&hook).unwrap();
    assert!(String::from_utf8_lossy(&first).contains("# leakwatch-hook: pre-commit"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&hook).unwrap().permissions().mode() & 0o111, 0o111);
    }
    assert!(install(&repo, &[]).contains("already installed"));
    assert_eq!(std::fs::read(&hook).unwrap(), first);
    let names: Vec<_> = std::fs::read_dir(hook.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("pre-commit") && !n.ends_with(".sample"))
        .collect();
    assert_eq!(names, vec!["pre-commit"]);
    repo.leakwatch().args(["hook", "uninstall"]).assert().code(0);
    assert!(!hook.exists());
}

#[test]
fn install_keeps_foreign_hook_runs_it_first_and_uninstall_restores_it() {
    let repo = TestRepo::new();
    let hooks = git_hooks_dir(&repo, repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    let hook = hooks.join("pre-commit");
    std::fs::write(&hook, FOREIGN).unwrap();
    make_executable(&hook);
    assert!(install(&repo, &[]).contains("kept as"));
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.leakwatch-chained")).unwrap(),
        FOREIGN
    );
    repo.write("clean.txt", "hello\n");
    let out = commit(&repo, "clean");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(repo.path().join(".git/ran").exists(), "the foreign hook ran");
    repo.leakwatch().args(["hook", "uninstall"]).assert().code(0);
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), FOREIGN);
    assert!(!hooks.join("pre-commit.leakwatch-chained").exists());
    // Uninstalling again leaves the foreign hook alone.
    repo.leakwatch().args(["hook", "uninstall"]).assert().code(2);
    assert_eq!(std::fs::read_to_string(&hook).unwrap(), FOREIGN);
}

#[test]
fn failing_foreign_hook_still_blocks_the_commit() {
    let repo = TestRepo::new();
    let hooks = git_hooks_dir(&repo, repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\necho no >&2\nexit 3\n").unwrap();
    make_executable(&hooks.join("pre-commit"));
    install(&repo, &[]);
    repo.write("clean.txt", "hello\n");
    assert!(!commit(&repo, "clean").status.success());
}

#[test]
fn force_replaces_foreign_hook_with_a_backup_and_uninstall_restores_it() {
    let repo = TestRepo::new();
    let hooks = git_hooks_dir(&repo, repo.path());
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("pre-commit"), FOREIGN).unwrap();
    assert!(install(&repo, &["--force"]).contains("saved as"));
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.leakwatch-backup")).unwrap(),
        FOREIGN
    );
    repo.leakwatch().args(["hook", "uninstall"]).assert().code(0);
    assert_eq!(std::fs::read_to_string(hooks.join("pre-commit")).unwrap(), FOREIGN);
}

#[test]
fn install_honours_core_hooks_path() {
    let repo = TestRepo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    install(&repo, &[]);
    assert!(repo.path().join(".githooks/pre-commit").is_file());
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
    assert_eq!(git_hooks_dir(&repo, repo.path()), repo.path().join(".githooks"));
    repo.write("a.env", format!("KEY={}\n", fake::aws_key_id(20)));
    assert!(!commit(&repo, "secret").status.success());
}

#[test]
fn install_from_linked_worktree_uses_the_shared_hooks() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    repo.commit_all("init");
    let outside = TestDir::new();
    let wt = outside.join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "side"]);
    repo.leakwatch_in(&wt).args(["hook", "install"]).assert().code(0);
    assert!(git_hooks_dir(&repo, &wt).join("pre-commit").is_file());
    assert!(repo.path().join(".git/hooks/pre-commit").is_file());
    std::fs::write(wt.join("k.env"), format!("KEY={}\n", fake::aws_key_id(21))).unwrap();
    repo.git_in(&wt, &["add", "-A"], None);
    let out = repo.git_in(&wt, &["commit", "-q", "-m", "secret"], Some(bin_dir()));
    assert!(!out.status.success());
}

#[test]
fn real_commit_is_blocked_in_a_path_with_spaces_and_a_clean_commit_passes() {
    let repo = TestRepo::with_prefix("leakwatch repo with spaces ");
    install(&repo, &[]);
    let secret = fake::aws_key_id(22);
    repo.write("config/app.env", format!("NAME=x\nKEY={secret}\n"));
    let out = commit(&repo, "adds a secret");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stdout} {stderr}");
    // git sends a hook's standard output to its standard error.
    assert!(stderr.contains("config/app.env:2:5") && stderr.contains("fingerprint"), "{stderr}");
    assert!(!stdout.contains(&secret) && !stderr.contains(&secret));
    for way_out in ["leakwatch:allow", ".leakwatchignore", "git commit --no-verify"] {
        assert!(stderr.contains(way_out), "{stderr}");
    }
    repo.git(&["reset", "-q"]);
    std::fs::remove_dir_all(repo.path().join("config")).unwrap();
    repo.write("README.md", "hello\n");
    let out = commit(&repo, "clean");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn missing_binary_fails_the_commit_with_instructions() {
    let repo = TestRepo::new();
    install(&repo, &[]);
    repo.write("a.txt", "a\n");
    repo.git(&["add", "-A"]);
    let out = repo.git_unchecked(&["commit", "-q", "-m", "x"], None);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not on PATH"));
}

#[test]
fn bare_repository_is_refused() {
    let dir = TestDir::new();
    let status = std::process::Command::new("git")
        .args(["init", "-q", "--bare"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    dir.leakwatch()
        .args(["hook", "install"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bare repository"));
}

#[test]
fn pre_push_checks_new_and_existing_branches_and_allows_deletions() {
    let remote = TestDir::new();
    let repo = TestRepo::new();
    repo.git_in(remote.path(), &["init", "-q", "--bare"], None);
    repo.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    install(&repo, &["--pre-push"]);
    repo.write("a.txt", "a\n");
    commit_unchecked(&repo, "init");
    let push = |args: &[&str]| {
        let mut all = vec!["push", "-q", "origin"];
        all.extend(args);
        repo.git_unchecked(&all, Some(bin_dir()))
    };
    assert!(push(&["main"]).status.success());
    // An existing branch: only the new commits are scanned.
    repo.write("k.env", format!("KEY={}\n", fake::aws_key_id(23)));
    commit_unchecked(&repo, "secret");
    let out = push(&["main"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("push stopped"));
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    // A new branch: the commits no remote-tracking ref has.
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("f.env", format!("TOKEN={}\n", fake::github_pat(24)));
    commit_unchecked(&repo, "secret on a branch");
    assert!(!push(&["feature"]).status.success());
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.write("clean.txt", "clean\n");
    commit_unchecked(&repo, "clean");
    assert!(push(&["feature"]).status.success());
    // Deleting a branch pushes nothing to scan.
    assert!(push(&[":feature"]).status.success());
}

/// A commit that skips the pre-commit hook (to test what pre-push catches).
fn commit_unchecked(repo: &TestRepo, message: &str) {
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", message]);
}

fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}
