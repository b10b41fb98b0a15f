//! Repository and tree shapes: Git LFS pointer files, 100,000 files, a commit that changes
//! 10,000 files, trees nested 200 levels deep. Every input is built at run time; every test
//! asserts the exact findings, so a lost or extra one fails it. See: #6

use crate::util::{TestDir, TestRepo, fake, json_findings, summary};
use serde_json::Value;

const PAT_RULE: &str = "github.personal-access-token";

/// A line holding a classic GitHub token (valid checksum); the token starts at column 9.
fn token_line(seed: u64) -> String {
    format!("token = {}\n", fake::github_pat(seed))
}

/// A Git LFS pointer file whose sha256 oid is 64 hex digits from `seed`.
fn lfs_pointer(seed: u64) -> String {
    let oid = fake::random(seed, b"0123456789abcdef", 64);
    format!("version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {}\n", seed * 7919)
}

/// Runs `leakwatch ARGS -f json` in the repository, expects `code`, returns the document.
fn run_json(repo: &TestRepo, args: &[&str], code: i32) -> Value {
    let out = repo.leakwatch().args(args).args(["-f", "json"]).assert().code(code);
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn found(doc: &Value) -> Vec<(String, u64, u64, String)> {
    summary(doc["findings"].as_array().unwrap())
}

/// Where each finding of a history report was introduced: (path, line, commit).
fn introduced(doc: &Value) -> Vec<(String, u64, String)> {
    let mut places: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let at = &f["introduced"];
            let path = at["path"].as_str().unwrap().to_owned();
            (path, at["line"].as_u64().unwrap(), at["commit"].as_str().unwrap().to_owned())
        })
        .collect();
    places.sort();
    places
}

fn at(path: &str, line: u64) -> (String, u64, u64, String) {
    (path.to_owned(), line, 9, PAT_RULE.to_owned())
}

#[test]
fn git_lfs_pointers_give_no_findings_in_scan_staged_or_history() {
    let repo = TestRepo::new();
    // Pointers under names that draw rules' attention (keys, env files, credentials).
    let names =
        ["model.bin", "weights/big.bin", "id_rsa", ".env", "secrets.json", "deploy/key.pem"];
    repo.write(".gitattributes", "* filter=lfs diff=lfs merge=lfs -text\n");
    for (seed, name) in (600..).zip(names) {
        repo.write(name, lfs_pointer(seed));
    }
    repo.write("app.cfg", token_line(61));
    let first = repo.commit_all("pointers");
    assert_eq!(found(&run_json(&repo, &["scan"], 1)), vec![at("app.cfg", 1)]);

    // Staged: new pointers, changed pointers (a new oid), and one real token.
    for (seed, name) in (700..).zip(names) {
        repo.write(name, lfs_pointer(seed));
        repo.write(&format!("more/{name}"), lfs_pointer(seed + 50));
    }
    repo.write("more/app.cfg", token_line(62));
    repo.git(&["add", "-A"]);
    assert_eq!(found(&run_json(&repo, &["staged"], 1)), vec![at("more/app.cfg", 1)]);
    let second = repo.commit_all("new pointers");

    let doc = run_json(&repo, &["history"], 1);
    assert_eq!(
        introduced(&doc),
        vec![("app.cfg".into(), 1, first), ("more/app.cfg".into(), 1, second.clone())]
    );
    // .gitattributes, app.cfg and 6 pointers; then 6 changed pointers, 6 new ones, more/app.cfg.
    assert_eq!(doc["stats"]["history"]["blobs"], 21, "every pointer is listed and scanned");
    let doc = run_json(&repo, &["history", "--range", "HEAD~1..HEAD"], 1);
    assert_eq!(found(&doc), vec![at("more/app.cfg", 1)]);
    assert_eq!(doc["findings"][0]["commit"], second.as_str());
}

#[test]
fn a_hundred_thousand_files_are_all_found_in_the_same_order_for_any_thread_count() {
    let dir = TestDir::in_memory();
    let secret_at = [0, 4_321, 33_333, 50_000, 77_777, 99_999];
    let path_of = |i: usize| format!("d{:02}/f{:03}.txt", i / 1000, i % 1000);
    // Four writers, each filling its own 25 folders of 1,000 files.
    std::thread::scope(|scope| {
        for writer in 0..4 {
            let (dir, path_of) = (&dir, &path_of);
            scope.spawn(move || {
                for d in (writer * 25)..(writer * 25 + 25) {
                    std::fs::create_dir(dir.join(&format!("d{d:02}"))).unwrap();
                    for i in d * 1000..d * 1000 + 1000 {
                        let text = if secret_at.contains(&i) {
                            token_line(i as u64)
                        } else {
                            format!("n = {i}\n")
                        };
                        std::fs::write(dir.join(&path_of(i)), text).unwrap();
                    }
                }
            });
        }
    });
    let run = |threads: &str| {
        let out = dir.leakwatch().args(["scan", "-f", "json", "--threads", threads]).assert();
        let doc: Value = serde_json::from_slice(&out.code(1).get_output().stdout).unwrap();
        doc
    };
    let parallel = run("4");
    let expected: Vec<_> = secret_at.iter().map(|&i| at(&path_of(i), 1)).collect();
    assert_eq!(found(&parallel), expected);
    assert_eq!(parallel["stats"]["scanned"], 100_000);
    let again = run("3");
    assert_eq!(again["findings"], parallel["findings"], "same findings, same order");
    assert_eq!(again["stats"]["scanned"], 100_000);
}

#[test]
fn a_commit_changing_ten_thousand_files_is_scanned_by_history_and_range() {
    let repo = TestRepo::in_memory();
    let path_of = |i: usize| format!("f/{:02}/{:02}.txt", i / 100, i % 100);
    for d in 0..100 {
        std::fs::create_dir_all(repo.dir.join(&format!("f/{d:02}"))).unwrap();
    }
    let write = |files: std::ops::Range<usize>, version: &str, secret_at: &[usize]| {
        for i in files {
            let mut text = format!("{version} {i}\n");
            if secret_at.contains(&i) {
                text.push_str(&token_line(i as u64));
            }
            std::fs::write(repo.dir.join(&path_of(i)), text).unwrap();
        }
    };
    write(0..5_000, "v1", &[]);
    repo.commit_all("five thousand files");
    // One commit modifies those 5,000 files and adds 5,000 more; secrets in both kinds.
    let secret_at = [7, 4_999, 5_000, 9_999];
    write(0..10_000, "v2", &secret_at);
    let big = repo.commit_all("change every file, add as many");
    let stat = repo.git(&["diff", "--shortstat", "HEAD~1", "HEAD"]);
    assert!(stat.starts_with("10000 files changed"), "{stat}");

    let expected: Vec<_> = secret_at.iter().map(|&i| (path_of(i), 2, big.clone())).collect();
    assert_eq!(introduced(&run_json(&repo, &["history"], 1)), expected);
    let doc = run_json(&repo, &["history", "--range", "HEAD~1..HEAD"], 1);
    let expected: Vec<_> = secret_at.iter().map(|&i| at(&path_of(i), 2)).collect();
    assert_eq!(found(&doc), expected);
    assert!(doc["findings"].as_array().unwrap().iter().all(|f| f["commit"] == big.as_str()));
    assert_eq!(doc["stats"]["scanned"], 10_000);
}

/// `l0/l1/…/l199/`: 200 nested folders.
fn deep_folder() -> String {
    (0..200).map(|i| format!("l{i}/")).collect()
}

#[test]
fn a_folder_nested_200_levels_deep_is_walked() {
    let dir = TestDir::new();
    let path = format!("{}secret.env", deep_folder());
    dir.write(&path, token_line(63));
    dir.write("top.txt", "nothing\n");
    let out = dir.leakwatch().args(["scan", "-f", "json"]).assert().code(1);
    assert_eq!(summary(&json_findings(&out.get_output().stdout)), vec![at(&path, 1)]);
}

#[test]
fn a_git_tree_nested_200_levels_deep_is_walked_by_history() {
    let repo = TestRepo::new();
    repo.commit_file("README", "top\n", "init");
    let path = format!("{}secret.env", deep_folder());
    let deep = repo.commit_file(&path, format!("# deep\n{}", token_line(64)), "deep tree");
    assert_eq!(introduced(&run_json(&repo, &["history"], 1)), vec![(path.clone(), 2, deep)]);
    let doc = run_json(&repo, &["history", "--range", "HEAD~1..HEAD"], 1);
    assert_eq!(found(&doc), vec![at(&path, 2)]);
}

/// `depth` nested folders (`d/d/…/FILE`), written with libgit2 (git's own commands refuse trees
/// deeper than `core.maxTreeDepth`); returns the outermost folder's tree.
fn nested_folders(git: &git2::Repository, depth: usize, file: &str, text: &str) -> git2::Oid {
    let one = |name: &str, id: git2::Oid, mode: i32| {
        let mut builder = git.treebuilder(None).unwrap();
        builder.insert(name, id, mode).unwrap();
        builder.write().unwrap()
    };
    let mut tree = one(file, git.blob(text.as_bytes()).unwrap(), 0o100644);
    for _ in 1..depth {
        tree = one("d", tree, 0o040000);
    }
    tree
}

// See: #6 (a hostile tree 20,000 deep overflowed the stack: history recursed without a bound)
#[test]
fn issue_6_a_tree_deeper_than_4096_folders_is_cut_with_a_warning_not_a_crash() {
    let repo = TestRepo::in_memory();
    // libgit2 packs trees recursively: build them on a thread with room for 20,000 levels.
    let path = repo.path().to_owned();
    let build = std::thread::Builder::new().stack_size(256 << 20).spawn(move || {
        let git = git2::Repository::open(path).unwrap();
        // Objects go to memory, then into one pack: 24,000 loose files would take seconds.
        let odb = git.odb().unwrap();
        let mempack = odb.add_new_mempack_backend(1000).unwrap();
        let mut root = git.treebuilder(None).unwrap();
        let edge = nested_folders(&git, 4096, "edge.env", &token_line(65));
        let hostile = nested_folders(&git, 20_000, "deep.env", &token_line(66));
        root.insert("a", edge, 0o040000).unwrap();
        root.insert("b", hostile, 0o040000).unwrap();
        root.insert("top.env", git.blob(token_line(67).as_bytes()).unwrap(), 0o100644).unwrap();
        let tree = git.find_tree(root.write().unwrap()).unwrap();
        let who = git2::Signature::new("Ada", "ada@example.invalid", &git2::Time::new(1 << 30, 0));
        let who = who.unwrap();
        git.commit(Some("HEAD"), &who, &who, "deep", &tree, &[]).unwrap();
        let mut pack = git2::Buf::new();
        mempack.dump(&git, &mut pack).unwrap();
        let mut writer = odb.packwriter().unwrap();
        std::io::Write::write_all(&mut writer, &pack).unwrap();
        writer.commit().unwrap();
    });
    build.unwrap().join().unwrap();

    let out = repo.leakwatch().args(["history", "-f", "json"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let warning = "nested more than 4096 folders deep; not scanned";
    assert_eq!(stderr.lines().filter(|l| l.contains(warning)).count(), 1, "{stderr}");
    let doc: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let paths: Vec<_> = introduced(&doc).into_iter().map(|(path, ..)| path).collect();
    assert_eq!(paths, vec![format!("a/{}edge.env", "d/".repeat(4095)), "top.env".to_owned()]);
}

/// A bare clone and a linked worktree hold the same history as the repository: `history` run
/// on either finds the same secret, introduced by the same commit.
#[test]
fn bare_clone_and_linked_worktree_give_the_same_history() {
    let repo = TestRepo::new();
    repo.commit_file("app.env", token_line(41), "add");
    repo.commit_file("README.md", "hello\n", "docs");
    let introduced_by = |args: &[&str], dir: &std::path::Path| {
        let out =
            repo.leakwatch_in(dir).args(["history", "-f", "json"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = doc["findings"].as_array().unwrap().clone();
        assert_eq!(findings.len(), 1);
        (
            findings[0]["rule_id"].as_str().unwrap().to_owned(),
            findings[0]["introduced"]["commit"].as_str().unwrap().to_owned(),
        )
    };
    let expected = introduced_by(&[], repo.path());
    assert_eq!(expected.0, PAT_RULE);

    let bare = TestDir::new();
    let bare_path = bare.join("clone.git");
    let bare_str = bare_path.to_str().unwrap();
    repo.git(&["clone", "-q", "--bare", repo.path().to_str().unwrap(), bare_str]);
    assert_eq!(introduced_by(&[bare_str], repo.path()), expected);

    let linked = TestDir::new();
    let linked_path = linked.join("wt");
    repo.git(&["worktree", "add", "-q", "-b", "side", linked_path.to_str().unwrap()]);
    assert_eq!(introduced_by(&[], &linked_path), expected);
}
