//! Bad and hostile input: odd files, encodings, line endings, special files, hostile names.
//! Each case says what must hold. See: #6

use crate::util::{TestDir, fake, json_findings, summary};
use predicates::prelude::*;

fn findings(dir: &TestDir, extra: &[&str]) -> Vec<(String, u64, u64, String)> {
    let mut args = vec!["scan", "-f", "json"];
    args.extend_from_slice(extra);
    let out = dir.leakwatch().args(&args).assert().get_output().stdout.clone();
    summary(&json_findings(&out))
}

#[test]
fn empty_file_is_scanned_cleanly() {
    let dir = TestDir::new();
    dir.write("empty.txt", "");
    dir.leakwatch().arg("scan").assert().code(0).stdout(predicate::str::contains("1 item scanned"));
}

#[test]
fn a_50_mb_single_line_is_scanned_and_the_column_is_right() {
    let dir = TestDir::new();
    let mut line = "var a=1;".repeat(50 * 1024 * 1024 / 8);
    let key = fake::aws_key_id(31);
    line.push_str(&format!("k=\"{key}\";"));
    dir.write("bundle.min.js", &line);
    let found = findings(&dir, &["--max-file-size", "64M"]);
    assert_eq!(
        found,
        vec![("bundle.min.js".into(), 1, 50 * 1024 * 1024 + 4, "aws.access-key-id".into())]
    );
}

#[test]
fn invalid_utf8_is_scanned_as_bytes_with_right_lines() {
    let dir = TestDir::new();
    let mut bytes = b"caf\xe9\n\xff\xfe garbage\n".to_vec();
    bytes.extend_from_slice(format!("xé = {}\n", fake::aws_key_id(32)).as_bytes());
    dir.write("latin1.txt", bytes);
    assert_eq!(findings(&dir, &[]), vec![("latin1.txt".into(), 3, 6, "aws.access-key-id".into())]);
}

#[test]
fn utf16_files_with_a_bom_are_transcoded() {
    let dir = TestDir::new();
    let text = format!("line one\nkey = {}\n", fake::aws_key_id(33));
    for (name, little) in [("le.txt", true), ("be.txt", false)] {
        let mut bytes = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            bytes.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        dir.write(name, bytes);
    }
    let found = findings(&dir, &[]);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| (f.1, f.2) == (2, 7)), "{found:?}");
}

#[test]
fn crlf_and_lone_cr_line_endings_count_lines() {
    let dir = TestDir::new();
    dir.write("crlf.txt", format!("a\r\nb\r\nk={}\r\n", fake::aws_key_id(34)));
    dir.write("cr.txt", format!("a\rb\rk={}\r", fake::aws_key_id(35)));
    let found = findings(&dir, &[]);
    assert_eq!(found.iter().map(|f| (f.1, f.2)).collect::<Vec<_>>(), vec![(3, 3), (3, 3)]);
}

#[test]
fn fifo_is_skipped_and_never_blocks() {
    let dir = TestDir::new();
    dir.write("a.txt", fake::aws_key_id(36));
    let status = std::process::Command::new("mkfifo").arg(dir.join("pipe")).status().unwrap();
    assert!(status.success());
    let out = dir
        .leakwatch()
        .args(["scan", "-f", "json", "--follow-links"])
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["stats"]["skipped_special"], 1);
}

#[test]
fn symlink_loop_is_a_warning_and_the_scan_goes_on() {
    let dir = TestDir::new();
    dir.write("sub/a.txt", fake::aws_key_id(37));
    std::os::unix::fs::symlink(dir.path(), dir.join("sub/loop")).unwrap();
    dir.leakwatch().args(["scan", "--follow-links"]).assert().code(1).stderr(
        predicate::str::contains("leakwatch: warning: ").and(predicate::str::contains("loop")),
    );
}

#[test]
fn hostile_file_names_are_escaped_before_reaching_a_terminal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TestDir::new();
    let names: [&[u8]; 3] = [b"esc\x1b[2Jclear.txt", b"new\nline.txt", b"bad\xffutf8.txt"];
    for (i, name) in names.iter().enumerate() {
        let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, fake::aws_key_id(40 + i as u64)).unwrap();
    }
    let out = dir
        .leakwatch()
        .args(["scan", "--color", "always"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    assert!(text.contains("esc\\x1b[2Jclear.txt"), "{text}");
    assert!(text.contains("new\\nline.txt"), "{text}");
    assert!(text.contains("bad\u{FFFD}utf8.txt"), "{text}");
    // The only escape sequences are leakwatch's own colour codes (ESC followed by `[` and a
    // digit list ending in `m`), never the file name's `ESC[2J`.
    assert!(!text.contains("\x1b[2J"));
}

#[test]
fn findings_and_warnings_in_one_run_keep_status_1() {
    let dir = TestDir::new();
    dir.write("a.txt", fake::aws_key_id(45));
    std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling")).unwrap();
    dir.leakwatch()
        .args(["scan", "--follow-links"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("warning"));
}

#[test]
fn no_full_secret_in_warnings_errors_or_reports() {
    let dir = TestDir::new();
    let key = fake::github_pat(46);
    dir.write("a.txt", &key);
    dir.write(".leakwatch.yaml", format!("allowlist:\n  secrets: ['(unclosed {key}']\n"));
    dir.leakwatch().arg("scan").assert().code(2).stderr(
        predicate::str::contains("allowlist.secrets: unclosed group")
            .and(predicate::str::contains(&key[4..]).not()),
    );
    dir.write(".leakwatch.yaml", "");
    let out = dir.leakwatch().args(["scan", "-f", "sarif"]).assert().code(1).get_output().clone();
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&key));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(&key));
}

#[test]
fn dangling_symlink_is_skipped_and_the_scan_goes_on() {
    let dir = TestDir::new();
    dir.write("real.env", format!("token = {}\n", fake::github_pat(77)));
    std::os::unix::fs::symlink(dir.join("nowhere/at/all"), dir.join("dangling.env")).unwrap();
    let found = findings(&dir, &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "real.env");
    // Followed links too: the dangling one is reported or skipped, never a crash.
    let out = dir.leakwatch().args(["scan", ".", "--follow-links", "-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}
