//! `leakwatch scan`: walking, ignores, skips, exit codes, suppression, threads.

use crate::util::{TestDir, fake, json_findings, summary};
use predicates::prelude::*;

#[test]
fn clean_tree_exits_0() {
    let dir = TestDir::new();
    dir.write("src/main.rs", "fn main() { println!(\"hello\"); }\n");
    dir.leakwatch()
        .args(["scan", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no leaks found"));
}

#[test]
fn findings_exit_1_with_path_line_and_column() {
    let dir = TestDir::new();
    dir.write("config/app.env", format!("# settings\nGITHUB_TOKEN={}\n", fake::github_pat(1)));
    let out = dir
        .leakwatch()
        .args(["scan", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let findings = json_findings(&out);
    assert_eq!(
        summary(&findings),
        vec![("config/app.env".into(), 2, 14, "github.personal-access-token".into())]
    );
    assert_eq!(findings[0]["end_column"], 54);
    assert_eq!(findings[0]["validation"], "valid");
}

#[test]
fn unreadable_root_exits_2() {
    let dir = TestDir::new();
    dir.leakwatch()
        .args(["scan", "does-not-exist"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("leakwatch: error: cannot read does-not-exist"));
}

#[test]
fn bad_flag_exits_2() {
    TestDir::new().leakwatch().args(["scan", "--no-such-flag"]).assert().code(2);
    TestDir::new().leakwatch().args(["scan", "--threads", "0"]).assert().code(2);
}

#[test]
fn gitignore_is_honoured_inside_a_repository_and_no_ignore_overrides() {
    let dir = TestDir::new();
    std::fs::create_dir(dir.join(".git")).unwrap();
    dir.write(".gitignore", "secrets/\n");
    dir.write("secrets/key.txt", fake::aws_key_id(2));
    dir.write(".git/config", fake::aws_key_id(3));
    dir.leakwatch().args(["scan"]).assert().code(0);
    let out = dir
        .leakwatch()
        .args(["scan", "--no-ignore", "-f", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    // .git/ itself is never scanned, even with --no-ignore.
    let paths: Vec<_> = summary(&json_findings(&out)).into_iter().map(|s| s.0).collect();
    assert_eq!(paths, vec!["secrets/key.txt"]);
}

/// Git's global excludes file (`core.excludesFile`, with `~`, or its default under
/// `~/.config/git/`) is honoured inside a work tree, and only there, as git does; also in a
/// work tree found inside a scanned folder that is not one.
#[test]
fn global_excludes_file_is_honoured_inside_a_repository_only() {
    // The paths of the findings of `leakwatch scan` in `dir`, with `home` as the home folder.
    let found = |dir: &TestDir, home: &TestDir| {
        let out = dir
            .leakwatch()
            .env("HOME", home.path())
            .env_remove("XDG_CONFIG_HOME")
            .args(["scan", "-f", "json"])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone();
        let mut paths: Vec<_> = summary(&json_findings(&out)).into_iter().map(|s| s.0).collect();
        paths.sort();
        paths
    };
    let configured = TestDir::new();
    configured.write(".gitconfig", "[core]\n\texcludesFile = ~/global-ignore\n");
    configured.write("global-ignore", "*.secret\n");
    let default = TestDir::new();
    default.write(".config/git/ignore", "*.secret\n");
    for home in [&configured, &default] {
        for in_git in [true, false] {
            let dir = TestDir::new();
            if in_git {
                std::fs::create_dir(dir.join(".git")).unwrap();
            }
            dir.write("keys/a.secret", fake::aws_key_id(2));
            dir.write("keys/b.txt", fake::aws_key_id(3));
            let expected: &[&str] =
                if in_git { &["keys/b.txt"] } else { &["keys/a.secret", "keys/b.txt"] };
            assert_eq!(found(&dir, home), expected, "in git: {in_git}");
        }
        let projects = TestDir::new();
        std::fs::create_dir_all(projects.join("repo/.git")).unwrap();
        projects.write("repo/a.secret", fake::aws_key_id(2));
        projects.write("loose/a.secret", fake::aws_key_id(3));
        assert_eq!(found(&projects, home), ["loose/a.secret"]);
    }
}

#[test]
fn hidden_files_are_scanned() {
    let dir = TestDir::new();
    dir.write(".env", format!("STRIPE_KEY={}\n", fake::stripe_live(4)));
    dir.leakwatch().arg("scan").assert().code(1).stdout(predicate::str::contains(".env:1:12"));
}

#[test]
fn binary_and_oversized_files_are_skipped_and_counted() {
    let dir = TestDir::new();
    let mut binary = b"\x7fELF\0\0\0".to_vec();
    binary.extend_from_slice(fake::aws_key_id(5).as_bytes());
    dir.write("app.bin", binary);
    dir.write("big.txt", format!("{}\n{}", "x".repeat(2000), fake::aws_key_id(6)));
    dir.write("small.txt", "nothing\n");
    let out = dir
        .leakwatch()
        .args(["scan", "--max-file-size", "1K", "-f", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["stats"]["skipped_binary"], 1);
    assert_eq!(doc["stats"]["skipped_too_large"], 1);
    assert_eq!(doc["stats"]["scanned"], 1);
    dir.leakwatch()
        .args(["scan", "--max-file-size", "1K"])
        .assert()
        .stdout(predicate::str::contains("skipped: 1 binary, 1 too large"));
}

#[test]
fn inline_allow_marker_suppresses_and_is_counted() {
    let dir = TestDir::new();
    dir.write("a.py", format!("KEY = '{}'  # leakwatch:allow\n", fake::aws_key_id(7)));
    let out =
        dir.leakwatch().args(["scan", "-f", "json"]).assert().code(0).get_output().stdout.clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["stats"]["suppressed"]["inline"], 1);
}

#[test]
fn secrets_are_redacted_unless_show_secrets() {
    let dir = TestDir::new();
    let key = fake::stripe_live(8);
    dir.write("pay.js", format!("const k = \"{key}\";\n"));
    for format in ["human", "json", "jsonl", "sarif"] {
        dir.leakwatch()
            .args(["scan", "-f", format])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(&key).not());
    }
    dir.leakwatch()
        .args(["scan", "--show-secrets"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(&key));
    dir.leakwatch()
        .args(["scan", "-f", "json", "--show-secrets"])
        .assert()
        .stdout(predicate::str::contains(&key));
}

#[test]
fn output_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new();
    dir.write("a.txt", fake::aws_key_id(9));
    dir.leakwatch()
        .args(["scan", "a.txt", "-f", "json", "-o", "report.json"])
        .assert()
        .code(1)
        .stdout("");
    let mode = std::fs::metadata(dir.join("report.json")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(json_findings(&std::fs::read(dir.join("report.json")).unwrap()).len(), 1);
}

#[test]
fn same_findings_in_same_order_for_any_thread_count() {
    let dir = TestDir::new();
    for i in 0..60u64 {
        let body = match i % 3 {
            0 => format!("a\nb = {}\n", fake::aws_key_id(i)),
            1 => format!("token: {}\n", fake::github_pat(i)),
            _ => format!("x {} y {}\n", fake::stripe_live(i), fake::aws_key_id(i + 1000)),
        };
        dir.write(&format!("d{}/f{i}.txt", i % 7), body);
    }
    let run = |threads: &str| {
        dir.leakwatch()
            .args(["scan", "-f", "jsonl", "--threads", threads])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(String::from_utf8_lossy(&one).lines().count(), 80);
    assert_eq!(one, run("8"));
    assert_eq!(one, run("2"));
}

#[test]
fn config_disables_rules_and_allowlists_paths_and_secrets() {
    let dir = TestDir::new();
    dir.write("fixtures/k.txt", fake::aws_key_id(10));
    dir.write("a.txt", fake::github_pat(11));
    dir.write("b.txt", format!("{}\n", fake::stripe_live(12)));
    dir.write(".leakwatch.yaml", "disable: [github.personal-access-token]\nallowlist:\n  paths: ['fixtures/**']\n  secrets: ['^sk_live_']\n");
    let out =
        dir.leakwatch().args(["scan", "-f", "json"]).assert().code(0).get_output().stdout.clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["stats"]["allowed_paths"], 1);
    assert_eq!(doc["stats"]["suppressed"]["allowlist"], 1);
}

#[test]
fn malformed_config_exits_2_naming_file_and_line() {
    let dir = TestDir::new();
    dir.write(".leakwatch.yaml", "allowlist:\n  paths: ['x']\n  secretz: []\n");
    dir.leakwatch()
        .arg("scan")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".leakwatch.yaml:3: allowlist: unknown field `secretz`"));
    dir.write(".leakwatch.yaml", "disable: [no.such-rule]\n");
    dir.leakwatch()
        .arg("scan")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(":1: rule no.such-rule: disable"));
}

#[test]
fn config_rules_extend_the_built_in_set() {
    let dir = TestDir::new();
    dir.write(
        "rules.yaml",
        "rules:\n  - id: acme.internal-token\n    name: Acme token\n    description: d\n    regex: '\\b(acme_[a-z0-9]{12})\\b'\n    keywords: [acme_]\n    severity: high\n    remediation: Rotate it in the Acme console.\n",
    );
    dir.write("a.txt", "t = acme_q8w7e6r5t4y3\n");
    dir.leakwatch()
        .args(["scan", "a.txt", "--config", "rules.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("acme.internal-token"));
}

#[test]
fn unreadable_file_warns_and_the_scan_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TestDir::new();
    dir.write("locked.txt", "x");
    dir.write("open.txt", fake::aws_key_id(13));
    std::fs::set_permissions(dir.join("locked.txt"), std::fs::Permissions::from_mode(0o000))
        .unwrap();
    if std::fs::read(dir.join("locked.txt")).is_ok() {
        return; // running as root: permissions do not stop reads
    }
    dir.leakwatch()
        .arg("scan")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("leakwatch: warning: locked.txt: "));
}

#[test]
fn broken_symlink_warns_when_following_links() {
    let dir = TestDir::new();
    dir.write("a.txt", fake::aws_key_id(14));
    std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling")).unwrap();
    dir.leakwatch().arg("scan").assert().code(1);
    dir.leakwatch()
        .args(["scan", "--follow-links"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("dangling"));
}

#[test]
fn scan_in_a_real_repository_honours_info_exclude() {
    let repo = crate::util::TestRepo::new();
    repo.write("app.py", "print('hi')\n").commit_all("init");
    repo.write("local/creds.txt", fake::aws_key_id(15));
    std::fs::write(repo.path().join(".git/info/exclude"), "local/\n").unwrap();
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    repo.leakwatch().arg("scan").assert().code(0);
    repo.leakwatch().args(["scan", "--no-ignore"]).assert().code(1);
}

#[test]
fn secrets_inside_encoded_text_are_found_and_point_at_the_encoded_span() {
    use base64::Engine;
    let token = fake::github_pat(16);
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("token={token}\n"));
    let hex: String =
        format!("auth: {}", fake::stripe_live(17)).bytes().map(|b| format!("{b:02x}")).collect();
    let dir = TestDir::new();
    dir.write("secret.yaml", format!("kind: Secret\ndata:\n  config: {encoded}\n  other: {hex}\n"));
    let out =
        dir.leakwatch().args(["scan", "-f", "json"]).assert().code(1).get_output().stdout.clone();
    let findings = json_findings(&out);
    let rules: Vec<&str> = findings.iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    // The manifest rule reports the `data:` value itself too: every value of a Secret is one.
    assert_eq!(
        rules,
        ["github.personal-access-token", "kubernetes.secret-manifest", "stripe.secret-key"],
        "{findings:#?}"
    );
    let github = &findings[0];
    assert_eq!(github["decoded"], serde_json::json!(["base64"]));
    assert_eq!((github["line"].as_u64(), github["column"].as_u64()), (Some(3), Some(11)));
    assert_eq!(github["end_column"].as_u64(), Some(11 + encoded.len() as u64));
    assert!(findings[1].get("decoded").is_none(), "found in the text as written");
    assert_eq!(findings[2]["decoded"], serde_json::json!(["hex"]));
}

#[test]
fn test_mode_keys_are_low_confidence_and_min_confidence_filters_them() {
    let dir = TestDir::new();
    let test_key = format!(
        "sk_test_{}",
        fake::random(18, b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32)
    );
    dir.write("a.js", format!("stripe('{test_key}')\n"));
    let out =
        dir.leakwatch().args(["scan", "-f", "json"]).assert().code(1).get_output().stdout.clone();
    assert_eq!(json_findings(&out)[0]["confidence"], "low");
    dir.leakwatch().args(["scan", "--min-confidence", "medium"]).assert().code(0);
}

#[test]
fn documentation_example_keys_are_not_reported() {
    let dir = TestDir::new();
    dir.write("README.md", format!("aws_access_key_id = {}{}\n", "AKIAIOSFODNN7", "EXAMPLE"));
    dir.leakwatch().arg("scan").assert().code(0);
}
