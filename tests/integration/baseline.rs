//! `leakwatch baseline create`, `--baseline`, the config's `baseline:` and `.leakwatchignore`.

use crate::util::{TestDir, TestRepo, fake, json_findings, summary};
use predicates::prelude::*;

fn scan_json(dir: &TestDir, args: &[&str], code: i32) -> serde_json::Value {
    let out = dir.leakwatch().args(["scan", "-f", "json"]).args(args).assert().code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn baseline_create_then_scan_reports_only_new_and_lists_unused_entries() {
    let dir = TestDir::new();
    let (old_a, old_b) = (fake::aws_key_id(30), fake::stripe_live(31));
    dir.write("a.env", format!("KEY={old_a}\n"));
    dir.write("b.env", format!("KEY={old_b}\n"));
    dir.leakwatch().args(["baseline", "create"]).assert().code(0);
    let text = std::fs::read_to_string(dir.join(".leakwatch-baseline.json")).unwrap();
    assert!(!text.contains(&old_a) && !text.contains(&old_b));
    assert!(!text.contains("line") && text.contains("aws.access-key-id"));
    // Recreating gives the same bytes: no churn.
    dir.leakwatch().args(["baseline", "create"]).assert().code(0);
    assert_eq!(std::fs::read_to_string(dir.join(".leakwatch-baseline.json")).unwrap(), text);

    let doc = scan_json(&dir, &["--baseline", ".leakwatch-baseline.json"], 0);
    assert_eq!(doc["stats"]["suppressed"]["baseline"], 2);
    assert_eq!(doc["stats"]["baseline_unused"], 0);

    dir.write("c.env", format!("TOKEN={}\n", fake::github_pat(32)));
    std::fs::remove_file(dir.join("b.env")).unwrap();
    let out = dir
        .leakwatch()
        .args(["scan", "-f", "json", "--baseline", ".leakwatch-baseline.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unused baseline entry: stripe.secret-key"));
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(summary(&json_findings(&out.get_output().stdout))[0].0, "c.env");
    assert_eq!(doc["stats"]["baseline_unused"], 1);
}

#[test]
fn config_baseline_applies_to_staged_scans() {
    let repo = TestRepo::new();
    let secret = fake::aws_key_id(33);
    repo.write("a.env", format!("KEY={secret}\n"));
    repo.leakwatch().args(["baseline", "create", "-o", "lw-baseline.json"]).assert().code(0);
    repo.write(".leakwatch.yaml", "baseline: lw-baseline.json\n");
    repo.git(&["add", "-A"]);
    repo.leakwatch().args(["staged"]).assert().code(0);
    repo.leakwatch().args(["scan"]).assert().code(0);
}

#[test]
fn missing_baseline_file_is_an_error() {
    let dir = TestDir::new();
    dir.leakwatch().args(["scan", "--baseline", "nope.json"]).assert().code(2);
}

#[test]
fn ignore_file_with_and_without_a_path_scope() {
    let dir = TestDir::new();
    let secret = fake::aws_key_id(34);
    dir.write("fixtures/a.env", format!("KEY={secret}\n"));
    dir.write("src/b.env", format!("KEY={secret}\n"));
    let doc = scan_json(&dir, &[], 1);
    let fingerprint = doc["findings"][0]["fingerprint"].as_str().unwrap().to_owned();

    dir.write(".leakwatchignore", format!("# a known test key\n{fingerprint}  # everywhere\n"));
    let doc = scan_json(&dir, &[], 0);
    assert_eq!(doc["stats"]["suppressed"]["ignore_file"], 2);

    dir.write(".leakwatchignore", format!("{fingerprint} fixtures/**\n"));
    let doc = scan_json(&dir, &[], 1);
    let paths: Vec<_> = summary(&json_findings(&serde_json::to_vec(&doc).unwrap()))
        .into_iter()
        .map(|s| s.0)
        .collect();
    assert_eq!(paths, vec!["src/b.env"]);
    assert_eq!(doc["stats"]["suppressed"]["ignore_file"], 1);

    dir.write(".leakwatchignore", "not-a-fingerprint\n");
    dir.leakwatch()
        .args(["scan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".leakwatchignore:1"));
}

#[test]
fn malformed_ignore_file_stops_the_scan_before_any_file_is_read() {
    let dir = TestDir::new();
    dir.write("a.env", format!("KEY={}\n", fake::aws_key_id(35)));
    std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling")).unwrap();
    dir.write(".leakwatchignore", "not-a-fingerprint\n");
    // Walking would warn about the dangling link; the error must come first and alone.
    dir.leakwatch().args(["scan", "--follow-links"]).assert().code(2).stdout("").stderr(
        predicate::str::contains(".leakwatchignore:1")
            .and(predicate::str::contains("warning").not()),
    );
}

#[test]
fn history_honours_the_ignore_file_and_the_baseline() {
    let repo = TestRepo::new();
    repo.write("a.env", format!("KEY={}\n", fake::aws_key_id(36)));
    repo.commit_all("add a key");
    let out = repo.leakwatch().args(["history", "-f", "json"]).assert().code(1);
    let fingerprint =
        json_findings(&out.get_output().stdout)[0]["fingerprint"].as_str().unwrap().to_owned();

    repo.leakwatch().args(["baseline", "create", "-o", "base.json"]).assert().code(0);
    repo.leakwatch().args(["history", "--baseline", "base.json"]).assert().code(0);

    repo.write(".leakwatchignore", format!("{fingerprint}\n"));
    let out = repo.leakwatch().args(["history", "-f", "json"]).assert().code(0);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["stats"]["suppressed"]["ignore_file"], 1);
}
