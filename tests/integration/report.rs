//! Reporter output: snapshots of every format, and SARIF's constraints for GitHub.

use crate::util::{TestDir, fake};

/// A small tree with three findings in two files.
fn tree() -> TestDir {
    let dir = TestDir::new();
    dir.write(
        "app/settings.py",
        format!("DEBUG = False\nAWS_KEY = \"{}\"\n", fake::aws_key_id(21)),
    );
    dir.write(
        "deploy/ci env.yml",
        format!("env:\n  GH: {}\n  PAY: {}\n", fake::github_pat(22), fake::stripe_live(23)),
    );
    dir
}

fn stdout(dir: &TestDir, format: &str) -> String {
    let out = dir
        .leakwatch()
        .args(["scan", "--threads", "2", "--color", "never", "-f", format])
        .assert()
        .code(1);
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"\d+\.\d\ds\n", "[DURATION]\n");
    settings.add_filter(r#""duration_ms": \d+"#, r#""duration_ms": "[DURATION]""#);
    settings.add_filter(r#""semanticVersion": "[^"]+""#, r#""semanticVersion": "[VERSION]""#);
    settings.add_filter(r#""rules": \d+,"#, r#""rules": "[RULES]","#);
    settings
}

#[test]
fn human_report() {
    let dir = tree();
    settings().bind(|| insta::assert_snapshot!(stdout(&dir, "human")));
}

#[test]
fn json_report() {
    let dir = tree();
    settings().bind(|| insta::assert_snapshot!(stdout(&dir, "json")));
}

#[test]
fn jsonl_report_is_one_finding_per_line() {
    let dir = tree();
    let text = stdout(&dir, "jsonl");
    let lines: Vec<serde_json::Value> =
        text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|f| f["fingerprint"].as_str().unwrap().len() == 32));
}

#[test]
fn sarif_report() {
    let dir = tree();
    settings().bind(|| insta::assert_snapshot!(stdout(&dir, "sarif")));
}

#[test]
fn sarif_meets_github_constraints() {
    let dir = tree();
    dir.write("more/dup.txt", format!("{}\n{}\n", fake::aws_key_id(24), fake::aws_key_id(25)));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&dir, "sarif")).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let mut unique = rules.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), rules.len(), "rule ids are unique");
    let text = serde_json::to_string(&doc).unwrap();
    for secret in
        [fake::aws_key_id(21), fake::github_pat(22), fake::stripe_live(23), fake::aws_key_id(24)]
    {
        assert!(!text.contains(&secret));
        assert!(!text.contains(&secret[6..14]), "no part of a secret in any message");
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains("://") && !uri.contains(' '), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
        assert!(result["partialFingerprints"]["leakwatch/v1"].is_string());
    }
}
