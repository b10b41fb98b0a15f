//! `leakwatch rules list|check`.

use crate::util::{TestDir, leakwatch};
use predicates::prelude::*;

#[test]
fn list_prints_every_rule_with_its_provider() {
    let out = leakwatch().args(["rules", "list"]).assert().code(0).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.lines().any(|l| l.starts_with("aws.access-key-id ") && l.contains(" aws ")));
    let json =
        leakwatch().args(["rules", "list", "--json"]).assert().code(0).get_output().stdout.clone();
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
    assert_eq!(text.lines().last().unwrap(), format!("{} rules", rules.len()));
}

#[test]
fn check_builtin_rules_passes() {
    leakwatch()
        .args(["rules", "check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("rules ok"));
}

#[test]
fn check_reports_every_failure_at_once() {
    let dir = TestDir::new();
    dir.write(
        "rules/a.yaml",
        "rules:\n  - id: acme.token\n    name: n\n    description: d\n    regex: 'acme_[a-z]{8}'\n    keywords: [acme_]\n    severity: low\n    remediation: r\n    examples: ['acme_short', 'acme_qwzxmvbn']\n    negative_examples: ['acme_plmoknij']\n",
    );
    dir.write("rules/b.yaml", "rules:\n  - id: Bad.Id\n    name: n\n    description: d\n    regex: '(unclosed'\n    keywords: ['']\n    severity: low\n    remediation: r\n");
    dir.write("rules/c.yaml", "rules:\n  - id: c.d\n    nme: typo\n");
    let assert = dir.leakwatch().args(["rules", "check", "rules"]).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("rules/c.yaml:3: rule c.d: rules[0]: unknown field `nme`"), "{stderr}");
    let dir2 = TestDir::new();
    dir2.write("a.yaml", std::fs::read(dir.join("rules/a.yaml")).unwrap());
    dir2.write("b.yaml", std::fs::read(dir.join("rules/b.yaml")).unwrap());
    let assert = dir2.leakwatch().args(["rules", "check", "."]).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("b.yaml:2: rule Bad.Id: id must be"), "{stderr}");
    assert!(stderr.contains("b.yaml:2: rule Bad.Id: a keyword is empty"), "{stderr}");
    assert!(stderr.contains("b.yaml:2: rule Bad.Id: regex does not compile"), "{stderr}");
    dir2.write("b.yaml", "rules: []\n");
    let assert = dir2.leakwatch().args(["rules", "check", "."]).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("a.yaml:2: rule acme.token: example 1 yields no finding"), "{stderr}");
    assert!(stderr.contains("negative example 1 yields a finding"), "{stderr}");
}
