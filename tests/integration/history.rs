//! `leakwatch history`: every blob of every ref once, grouped by secret, with its lifecycle.

use crate::util::{TestRepo, fake};
use predicates::prelude::*;
use serde_json::Value;

/// Runs `leakwatch history -f json ARGS`; returns the exit code and the document.
fn history(repo: &TestRepo, args: &[&str]) -> (i32, Value) {
    let out = repo.leakwatch().args(["history", "-f", "json"]).args(args).output().unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON; stderr: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), doc)
}

fn findings(doc: &Value) -> &Vec<Value> {
    doc["findings"].as_array().unwrap()
}

fn strs(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

fn env_line(secret: &str) -> String {
    format!("# settings\nAWS_ACCESS_KEY_ID={secret}\n")
}

#[test]
fn secret_added_on_a_side_branch_and_merged() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "hello\n", "start");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let added = repo.commit_file("app.env", env_line(&fake::aws_key_id(41)), "add settings");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("other.txt", "x\n", "main moves on");
    repo.git(&["merge", "-q", "--no-ff", "-m", "merge feature", "feature"]);
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 1);
    let f = &findings(&doc)[0];
    assert_eq!(findings(&doc).len(), 1);
    assert_eq!(f["introduced"]["commit"], added.as_str());
    assert_eq!(f["introduced"]["path"], "app.env");
    assert_eq!(f["introduced"]["line"], 2);
    assert_eq!(f["introduced"]["author"], "Ada Lovelace");
    assert_eq!(f["introduced"]["email"], "ada@example.invalid");
    assert_eq!(f["introduced"]["summary"], "add settings");
    assert!(f["introduced"]["date"].as_str().unwrap().ends_with('Z'));
    assert_eq!(f["status"], "live");
    assert_eq!(strs(&f["live_paths"]), ["app.env"]);
    assert_eq!(strs(&f["refs"]), ["feature", "main"]);
    // The merge commit does not introduce the blob again: it equals the second parent's.
    assert_eq!(f["occurrences"].as_array().unwrap().len(), 1);
    assert_eq!(doc["stats"]["history"]["commits"], 4);
}

#[test]
fn secret_added_then_removed_names_the_removing_commit() {
    let repo = TestRepo::new();
    let added = repo.commit_file("deploy.env", env_line(&fake::aws_key_id(42)), "add key");
    repo.commit_file("notes.txt", "unrelated\n", "notes");
    repo.git(&["rm", "-q", "deploy.env"]);
    let removed = repo.commit_all("remove key");
    repo.commit_file("notes.txt", "later\n", "later");
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 1);
    let f = &findings(&doc)[0];
    assert_eq!(f["introduced"]["commit"], added.as_str());
    assert_eq!(f["status"], "removed");
    assert_eq!(f["removed_in"], removed.as_str());
    assert!(f.get("live_paths").is_none());
    // One day between commits: added on day 1, removed on day 3.
    assert_eq!(f["exposure_days"], 2);
}

#[test]
fn removing_commit_is_the_one_that_removed_the_last_copy_last_time() {
    let repo = TestRepo::new();
    let line = env_line(&fake::aws_key_id(44));
    repo.write("a.env", &line);
    repo.commit_all("add");
    repo.commit_file("dir/b.env", &line, "copy");
    repo.git(&["rm", "-q", "a.env"]);
    repo.commit_all("remove the first copy");
    repo.git(&["rm", "-q", "dir/b.env"]);
    repo.commit_all("remove the second copy");
    repo.commit_file("c.env", &line, "add it back");
    repo.commit_file("notes.txt", "unrelated\n", "notes");
    repo.git(&["rm", "-q", "c.env"]);
    let last = repo.commit_all("remove it again");
    repo.commit_file("notes.txt", "later\n", "later");
    let (_, doc) = history(&repo, &[]);
    let f = &findings(&doc)[0];
    assert_eq!(f["status"], "removed");
    assert_eq!(f["removed_in"], last.as_str());
}

#[test]
fn secret_removed_from_one_file_is_live_in_another() {
    let repo = TestRepo::new();
    let secret = fake::aws_key_id(43);
    repo.write("a.env", env_line(&secret));
    repo.write("b.env", format!("KEY={secret}\n"));
    repo.commit_all("two copies");
    repo.git(&["rm", "-q", "a.env"]);
    repo.commit_all("remove one");
    let (_, doc) = history(&repo, &[]);
    assert_eq!(findings(&doc).len(), 1);
    let f = &findings(&doc)[0];
    assert_eq!(f["status"], "live");
    assert_eq!(strs(&f["live_paths"]), ["b.env"]);
    assert_eq!(f["occurrences"].as_array().unwrap().len(), 2);
}

#[test]
fn renamed_file_keeps_the_original_introducing_commit() {
    let repo = TestRepo::new();
    let added = repo.commit_file("config.env", env_line(&fake::aws_key_id(44)), "add");
    repo.git(&["mv", "config.env", "settings.env"]);
    let renamed = repo.commit_all("rename");
    let (_, doc) = history(&repo, &[]);
    let f = &findings(&doc)[0];
    assert_eq!(f["introduced"]["commit"], added.as_str());
    assert_eq!(f["introduced"]["path"], "config.env");
    assert_eq!(strs(&f["live_paths"]), ["settings.env"]);
    let places: Vec<(&str, &str)> = f["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["commit"].as_str().unwrap(), o["path"].as_str().unwrap()))
        .collect();
    assert_eq!(places, [(added.as_str(), "config.env"), (renamed.as_str(), "settings.env")]);
}

#[test]
fn same_secret_in_two_files_is_one_finding_and_one_blob_scanned_once() {
    let repo = TestRepo::new();
    let content = env_line(&fake::aws_key_id(45));
    repo.write("a/app.env", &content);
    repo.write("b/app.env", &content);
    repo.commit_all("copies");
    let (_, doc) = history(&repo, &[]);
    assert_eq!(findings(&doc).len(), 1);
    let occurrences = findings(&doc)[0]["occurrences"].as_array().unwrap();
    let paths: Vec<&str> = occurrences.iter().map(|o| o["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a/app.env", "b/app.env"]);
    assert_eq!(doc["stats"]["history"]["blobs"], 1);
    assert_eq!(doc["stats"]["scanned"], 1);
}

#[test]
fn commit_reachable_only_from_a_tag_is_scanned() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "hello\n", "start");
    repo.git(&["checkout", "-q", "--detach"]);
    let tagged = repo.commit_file("release.env", env_line(&fake::aws_key_id(46)), "release");
    repo.git(&["tag", "v1.0"]);
    repo.git(&["checkout", "-q", "main"]);
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 1);
    let f = &findings(&doc)[0];
    assert_eq!(f["introduced"]["commit"], tagged.as_str());
    assert_eq!(strs(&f["refs"]), ["v1.0"]);
    assert_eq!(f["status"], "removed");
    assert_eq!(f["removed_in"], Value::Null, "never on HEAD's first-parent line");
}

#[test]
fn stash_is_scanned() {
    let repo = TestRepo::new();
    repo.commit_file("app.env", "# empty\n", "start");
    repo.write("app.env", env_line(&fake::aws_key_id(47)));
    repo.git(&["stash", "-q"]);
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&doc)[0]["path"], "app.env");
    assert_eq!(findings(&doc)[0]["status"], "removed");
}

#[test]
fn dangling_blob_needs_all_objects() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "hello\n", "start");
    repo.write("loose.env", env_line(&fake::aws_key_id(48)));
    let blob = repo.git(&["hash-object", "-w", "loose.env"]);
    std::fs::remove_file(repo.dir.join("loose.env")).unwrap();
    assert_eq!(history(&repo, &[]).0, 0);
    let (code, doc) = history(&repo, &["--all-objects"]);
    assert_eq!(code, 1);
    let f = &findings(&doc)[0];
    assert_eq!(f["blob"], blob.as_str());
    assert_eq!(f["introduced"], Value::Null);
    assert_eq!(f["status"], "removed");
    assert_eq!(doc["stats"]["history"]["unreachable_blobs"], 1);
}

#[test]
fn shallow_clone_fails_closed_unless_allowed() {
    let origin = TestRepo::new();
    origin.commit_file("old.env", env_line(&fake::aws_key_id(49)), "old");
    origin.commit_file("new.env", env_line(&fake::aws_key_id(50)), "new");
    let clone = origin.shallow_clone();
    clone.leakwatch().arg("history").assert().code(2).stderr(predicate::str::contains(
        "history is incomplete: this is a shallow clone; fetch full history",
    ));
    let (code, doc) = history(&clone, &["--allow-shallow"]);
    assert_eq!(code, 1);
    assert_eq!(doc["stats"]["history"]["partial"], true);
    assert_eq!(findings(&doc).len(), 2, "the tip's tree has both files");
    clone
        .leakwatch()
        .args(["history", "--allow-shallow"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("history is partial"));
}

#[test]
fn empty_repository_is_clean() {
    let repo = TestRepo::new();
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["stats"]["history"]["commits"], 0);
}

#[test]
fn submodule_entries_are_skipped_without_errors() {
    let repo = TestRepo::new();
    repo.commit_file("app.env", env_line(&fake::aws_key_id(51)), "start");
    let target = "0123456789abcdef0123456789abcdef01234567";
    repo.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{target},vendor/lib")]);
    repo.git(&["commit", "-q", "-m", "add submodule"]);
    repo.leakwatch()
        .args(["history"])
        .assert()
        .code(1)
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("app.env:2:19"));
}

#[test]
fn output_is_identical_for_1_and_4_threads() {
    let repo = TestRepo::new();
    for i in 0..12u64 {
        repo.commit_file(
            &format!("dir{}/f{i}.env", i % 3),
            env_line(&fake::aws_key_id(60 + i)),
            "add",
        );
        if i % 4 == 0 {
            repo.write(&format!("gh{i}.txt"), format!("token: {}\n", fake::github_pat(80 + i)));
        }
    }
    let run = |threads: &str| {
        let out = repo.leakwatch().args(["history", "-f", "json", "-j", threads]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines().filter(|l| !l.contains("duration_ms")).collect::<Vec<_>>().join("\n")
    };
    let one = run("1");
    assert_eq!(one, run("4"));
    assert!(one.contains("github"));
}

#[test]
fn unreadable_object_warns_once_and_exits_2_with_findings() {
    let repo = TestRepo::new();
    repo.write("app.env", env_line(&fake::aws_key_id(52)));
    repo.write("other.txt", "some other content\n");
    repo.commit_all("start");
    let blob = repo.git(&["rev-parse", "HEAD:other.txt"]);
    std::fs::remove_file(repo.dir.join(&format!(".git/objects/{}/{}", &blob[..2], &blob[2..])))
        .unwrap();
    let out = repo.leakwatch().args(["history", "-f", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&blob), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings(&doc).len(), 1);
}

#[test]
fn not_a_repository_exits_2() {
    let dir = crate::util::TestDir::new();
    dir.leakwatch()
        .arg("history")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a git repository"));
}

#[test]
fn path_allowlist_applies_to_history_paths_and_binary_blobs_are_skipped() {
    let repo = TestRepo::new();
    repo.write(".leakwatch.yaml", "allowlist:\n  paths: ['fixtures/**']\n");
    repo.write("fixtures/key.env", env_line(&fake::aws_key_id(53)));
    let mut binary = b"\x00\x01binary".to_vec();
    binary.extend(env_line(&fake::aws_key_id(54)).as_bytes());
    repo.write("blob.bin", binary);
    repo.commit_all("fixtures");
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 0);
    assert_eq!(doc["stats"]["allowed_paths"], 1);
    assert_eq!(doc["stats"]["skipped_binary"], 1);
}

#[test]
fn branch_and_since_limit_the_commits() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "hello\n", "start");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit_file("side.env", env_line(&fake::aws_key_id(55)), "side");
    repo.git(&["checkout", "-q", "main"]);
    assert_eq!(history(&repo, &["--branch", "main"]).0, 0);
    assert_eq!(history(&repo, &["--branch", "side"]).0, 1);
    assert_eq!(history(&repo, &["--since", "2100-01-01"]).0, 0);
    assert_eq!(history(&repo, &["--since", "2000-01-01"]).0, 1);
    repo.leakwatch().args(["history", "--branch", "nope"]).assert().code(2);
}

#[test]
fn human_report_is_live_first_and_sarif_points_at_the_introducing_commit() {
    let repo = TestRepo::new();
    let old = repo.commit_file("old.env", env_line(&fake::aws_key_id(56)), "old");
    repo.git(&["rm", "-q", "old.env"]);
    repo.commit_all("remove");
    repo.commit_file("new.env", env_line(&fake::aws_key_id(57)), "new");
    let out = repo.leakwatch().args(["history", "--color", "never"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let (live, removed) = (text.find("new.env:2").unwrap(), text.find("old.env:2").unwrap());
    assert!(live < removed, "live first:\n{text}");
    assert!(text.contains(&old[..12]) && text.contains("Ada Lovelace"));
    let out = repo.leakwatch().args(["history", "-f", "sarif"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["properties"]["commit"] == old.as_str())
        .expect("the removed secret's result carries its introducing commit");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "old.env");
    assert_eq!(location["region"]["startLine"], 2);
}

#[test]
fn own_history_scans_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return; // a source archive, not a checkout
    }
    crate::util::leakwatch()
        .current_dir(root)
        .args(["history", "--allow-shallow", "--color", "never"])
        .assert()
        .code(0);
}

/// A long file edited over many commits, on two branches, with secrets added next to kept
/// lines, inside the file, at its end, in a PEM block finished in a later commit, and then
/// removed: searching each version only where it changed reports exactly what searching every
/// version whole reports, lifecycles included, with one thread or two.
#[test]
fn versions_searched_where_they_changed_report_what_whole_versions_report() {
    let repo = TestRepo::new();
    let mut lines: Vec<String> =
        (0..400).map(|i| format!("    step_{i} = compute(step_{}, {i})", i.max(1) - 1)).collect();
    let save = |repo: &TestRepo, lines: &[String], message: &str| {
        repo.commit_file("src/pipeline.py", lines.join("\n") + "\n", message)
    };
    save(&repo, &lines, "start");
    lines.insert(10, "# tuning".into());
    save(&repo, &lines, "comment");
    lines.insert(200, format!("AWS_ACCESS_KEY_ID = \"{}\"", fake::aws_key_id(7)));
    let added = save(&repo, &lines, "add a key in the middle");
    lines.insert(300, "aws_secret_access_key =".into());
    save(&repo, &lines, "a name without its value");
    let value =
        fake::random(8, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);
    lines.insert(301, format!("  \"{value}\""));
    save(&repo, &lines, "its value on the next line");
    repo.git(&["checkout", "-q", "-b", "side"]);
    lines.push("-----BEGIN RSA PRIVATE KEY-----".into());
    for i in 0..30 {
        lines.push(fake::random(
            100 + i,
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            64,
        ));
    }
    save(&repo, &lines, "begin a key block");
    lines.insert(5, "import os".into());
    save(&repo, &lines, "an edit far above it");
    lines.push("-----END RSA PRIVATE KEY-----".into());
    save(&repo, &lines, "end the block");
    repo.git(&["checkout", "-q", "main"]);
    let mut main_lines: Vec<String> = lines[..lines.len() - 32].to_vec();
    main_lines.retain(|l| !l.starts_with("AWS_ACCESS_KEY_ID"));
    main_lines.retain(|l| l != "import os");
    let removed = save(&repo, &main_lines, "remove the key");
    main_lines.push(format!("token = \"{}\"", fake::github_pat(9)));
    save(&repo, &main_lines, "a token at the end");

    let (code, incremental) = history(&repo, &[]);
    let (whole_code, whole) = history(&repo, &["--whole-blobs"]);
    assert_eq!((code, whole_code), (1, 1));
    assert_eq!(findings(&incremental), findings(&whole));
    // Listed and scanned by one thread: the same again.
    let (_, one_thread) = history(&repo, &["--threads", "1"]);
    assert_eq!(findings(&incremental), findings(&one_thread));
    let rules: Vec<&str> =
        findings(&incremental).iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    for rule in [
        "aws.access-key-id",
        "aws.secret-access-key",
        "private-key.rsa",
        "github.personal-access-token",
    ] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }
    let key = findings(&incremental).iter().find(|f| f["rule_id"] == "aws.access-key-id").unwrap();
    assert_eq!(key["introduced"]["commit"], added.as_str());
    assert_eq!(key["introduced"]["line"], 201);
    assert_eq!(key["status"], "removed");
    assert_eq!(key["removed_in"], removed.as_str());
}

/// A finding names every ref that contains its commit, however many refs there are (they are
/// looked up 64 at a time), and none that does not.
#[test]
fn refs_are_named_beyond_the_first_sixty_four() {
    let repo = TestRepo::new();
    repo.commit_file("README.md", "hello\n", "start");
    repo.git(&["tag", "before"]);
    repo.commit_file("app.env", env_line(&fake::aws_key_id(43)), "add settings");
    for i in 0..70 {
        repo.commit_file("notes.txt", format!("note {i}\n"), "note");
        repo.git(&["tag", &format!("v{i:02}")]);
    }
    repo.git(&["checkout", "-q", "-b", "old", "before"]);
    repo.git(&["checkout", "-q", "main"]);
    let (code, doc) = history(&repo, &[]);
    assert_eq!(code, 1);
    let refs = strs(&findings(&doc)[0]["refs"]);
    let mut expected: Vec<String> = vec!["main".to_owned()];
    expected.extend((0..70).map(|i| format!("v{i:02}")));
    assert_eq!(refs, expected);
}
