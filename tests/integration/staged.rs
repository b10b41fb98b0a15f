//! `leakwatch staged` and `leakwatch history --range`: added lines only, from the index or the
//! commits, never from the working tree.

use crate::util::{TestRepo, fake, json_findings, summary};
use predicates::prelude::*;

fn staged_json(repo: &TestRepo, code: i32) -> Vec<serde_json::Value> {
    let out = repo.leakwatch().args(["staged", "-f", "json"]).assert().code(code);
    json_findings(&out.get_output().stdout)
}

#[test]
fn staged_scan_ignores_unstaged_edit() {
    let repo = TestRepo::new();
    repo.write("app.env", "NAME=app\n");
    repo.commit_all("init");
    repo.write("app.env", format!("NAME=app\nKEY={}\n", fake::aws_key_id(1)));
    assert!(staged_json(&repo, 0).is_empty());
}

#[test]
fn staged_secret_blocks_even_when_edited_away_in_worktree() {
    let repo = TestRepo::new();
    repo.write("app.env", "NAME=app\n");
    repo.commit_all("init");
    repo.write("app.env", format!("NAME=app\n# note\nKEY={}\n", fake::aws_key_id(2)));
    repo.git(&["add", "app.env"]);
    repo.write("app.env", "NAME=app\n");
    let findings = staged_json(&repo, 1);
    assert_eq!(summary(&findings), vec![("app.env".into(), 3, 5, "aws.access-key-id".into())]);
    assert!(findings[0]["blob"].as_str().is_some_and(|b| b.len() == 40));
}

#[test]
fn staged_reports_only_added_lines_with_staged_line_numbers() {
    let repo = TestRepo::new();
    repo.write("a.env", format!("OLD={}\nx=1\n", fake::aws_key_id(3)));
    repo.commit_all("old secret, already committed");
    let new = fake::stripe_live(4);
    repo.write("a.env", format!("OLD={}\nx=1\n\nNEW={new}\n", fake::aws_key_id(3)));
    repo.git(&["add", "-A"]);
    let findings = staged_json(&repo, 1);
    assert_eq!(summary(&findings).len(), 1, "{findings:?}");
    assert_eq!(
        (findings[0]["path"].as_str(), findings[0]["line"].as_u64()),
        (Some("a.env"), Some(4))
    );
    // `scan --staged` is the same command.
    let out = repo.leakwatch().args(["scan", "--staged", "-f", "json"]).assert().code(1);
    assert_eq!(summary(&json_findings(&out.get_output().stdout)), summary(&findings));
}

#[test]
fn staged_on_unborn_head_scans_everything_staged() {
    let repo = TestRepo::new();
    repo.write("first.txt", format!("token {}\n", fake::github_pat(5)));
    repo.git(&["add", "first.txt"]);
    let findings = staged_json(&repo, 1);
    assert_eq!(summary(&findings)[0].0, "first.txt");
}

#[test]
fn staged_rename_and_deletion_report_nothing() {
    let repo = TestRepo::new();
    repo.write("keys/a.env", format!("KEY={}\n", fake::aws_key_id(6)));
    repo.write("keys/b.env", format!("KEY={}\n", fake::aws_key_id(7)));
    repo.commit_all("secrets committed before leakwatch");
    repo.git(&["mv", "keys/a.env", "moved.env"]);
    repo.git(&["rm", "-q", "keys/b.env"]);
    assert!(staged_json(&repo, 0).is_empty());
    repo.git(&["update-index", "--chmod=+x", "moved.env"]);
    assert!(staged_json(&repo, 0).is_empty());
}

#[test]
fn staged_binary_is_skipped_with_a_note() {
    let repo = TestRepo::new();
    let mut bytes = b"\x00\x01binary\n".to_vec();
    bytes.extend(fake::aws_key_id(8).as_bytes());
    repo.write("blob.bin", bytes);
    repo.git(&["add", "blob.bin"]);
    repo.leakwatch()
        .args(["staged"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("blob.bin: not scanned: binary"));
}

#[test]
fn staged_submodule_is_skipped() {
    let sub = TestRepo::new();
    sub.write("key.env", format!("KEY={}\n", fake::aws_key_id(9)));
    sub.commit_all("sub");
    let repo = TestRepo::new();
    repo.write("README", "top\n");
    repo.commit_all("init");
    let url = sub.path().to_str().unwrap();
    repo.git(&["-c", "protocol.file.allow=always", "submodule", "add", "-q", url, "vendor/sub"]);
    let out = repo.leakwatch().args(["staged", "-f", "json"]).assert().code(0);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["stats"]["skipped_special"], 1);
}

#[test]
fn range_scans_lines_added_by_the_commits() {
    let repo = TestRepo::new();
    repo.write("a.env", format!("OLD={}\n", fake::aws_key_id(10)));
    let base = repo.commit_all("base");
    repo.write("a.env", format!("OLD={}\nNEW={}\n", fake::aws_key_id(10), fake::stripe_live(11)));
    let added = repo.commit_all("adds a secret");
    repo.write("b.txt", "clean\n");
    repo.commit_all("clean");
    let out = repo
        .leakwatch()
        .args(["history", "--range", &format!("{base}..HEAD"), "-f", "json"])
        .assert()
        .code(1);
    let findings = json_findings(&out.get_output().stdout);
    assert_eq!(summary(&findings), vec![("a.env".into(), 2, 5, "stripe.secret-key".into())]);
    assert_eq!(findings[0]["commit"], added.as_str());
    repo.leakwatch().args(["history", "--range", &format!("{added}..HEAD")]).assert().code(0);
}

#[test]
fn range_with_missing_base_fails_closed() {
    let repo = TestRepo::new();
    repo.write("a.txt", "a\n");
    repo.commit_all("init");
    repo.leakwatch()
        .args(["history", "--range", &format!("{}..HEAD", "1".repeat(40))])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("fetch-depth: 0"));
}

#[test]
fn range_in_shallow_clone_fails_closed() {
    let origin = TestRepo::new();
    for i in 0..4 {
        origin.write("a.txt", format!("{i}\n"));
        origin.commit_all("c");
        if i == 0 {
            origin.git(&["tag", "old"]);
        }
    }
    let clone = TestRepo::new();
    let url = format!("file://{}", origin.path().display());
    clone.git(&["fetch", "-q", "--depth", "1", &url, "main"]);
    clone.git(&["checkout", "-q", "FETCH_HEAD"]);
    // The base is not in the clone at all.
    let old = origin.git(&["rev-parse", "old"]);
    let one_line = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(stderr.contains("fetch-depth: 0") && stderr.lines().count() == 1, "{stderr}");
    };
    let range = format!("{old}..HEAD");
    one_line(clone.leakwatch().args(["history", "--range", &range]).assert().code(2).get_output());
    // The base is there, but the history between it and HEAD is cut.
    clone.git(&["fetch", "-q", "--depth", "1", &url, "refs/tags/old:refs/tags/old"]);
    one_line(
        clone.leakwatch().args(["history", "--range", "old..HEAD"]).assert().code(2).get_output(),
    );
    // A range inside the fetched history is fine.
    clone.git(&["fetch", "-q", "--depth", "2", &url, "main"]);
    clone.leakwatch().args(["history", "--range", "HEAD~1..HEAD"]).assert().code(0);
}

// See: #5 (`--allow-shallow` was ignored by `--range`)
#[test]
fn issue_5_range_in_shallow_clone_with_allow_shallow_scans_what_there_is() {
    let origin = TestRepo::new();
    let base = origin.commit_file("a.txt", "a\n", "base");
    origin.commit_file("old.env", format!("KEY={}\n", fake::aws_key_id(20)), "old secret");
    let tip = origin.commit_file("new.env", format!("KEY={}\n", fake::aws_key_id(21)), "new");
    let clone = origin.shallow_clone();
    let range_json = |range: &str, code: i32| {
        let args = ["history", "--range", range, "--allow-shallow", "-f", "json"];
        let out = clone.leakwatch().args(args).assert().code(code);
        serde_json::from_slice::<serde_json::Value>(&out.get_output().stdout).unwrap()
    };
    // Without the flag: fails closed, as before.
    let range = format!("{base}..HEAD");
    clone.leakwatch().args(["history", "--range", &range]).assert().code(2);
    // With it: the base is missing, so every commit back to the boundary is scanned, and the
    // boundary commit (its parent is missing) counts its whole tree as added.
    for range in [range.as_str(), "HEAD~1..HEAD"] {
        let doc = range_json(range, 1);
        let findings = doc["findings"].as_array().unwrap();
        let expected = vec![
            ("new.env".into(), 1, 5, "aws.access-key-id".into()),
            ("old.env".into(), 1, 5, "aws.access-key-id".into()),
        ];
        assert_eq!(summary(findings), expected, "{range}");
        assert!(findings.iter().all(|f| f["commit"] == tip.as_str()));
        assert_eq!(doc["stats"]["history"]["partial"], true);
    }
    let out = clone.leakwatch().args(["history", "--range", &range, "--allow-shallow"]).assert();
    out.code(1)
        .stdout(predicate::str::contains("history is partial"))
        .stderr(predicate::str::contains("not in this shallow clone"));
    // A range inside the fetched history is complete: only what it adds, not partial.
    let deeper = origin.shallow_clone_with_depth(2);
    let out = deeper
        .leakwatch()
        .args(["history", "--range", "HEAD~1..HEAD", "--allow-shallow", "-f", "json"])
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let expected = vec![("new.env".into(), 1, 5, "aws.access-key-id".into())];
    assert_eq!(summary(doc["findings"].as_array().unwrap()), expected);
    assert!(doc["stats"].get("history").is_none(), "{doc}");
}
