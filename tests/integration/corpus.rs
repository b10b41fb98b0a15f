//! The labelled corpus in `tests/corpus/` (see its README): recall on the positives, false
//! positives on the negatives, and each positive found by a rule of its labelled family.

use crate::util::{json_findings, leakwatch};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const MIN_RECALL: f64 = 0.90;
const MAX_FP_RATE: f64 = 0.05;

/// The examples: `positive/<family>/<nnn>` and `negative/<nnn>` folders, one file each.
fn examples(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (kind, depth) in [("positive", 2), ("negative", 1)] {
        let mut dirs = vec![(root.join(kind), kind.to_owned(), 0)];
        while let Some((dir, rel, level)) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let name = entry.file_name().to_string_lossy().into_owned();
                if level + 1 == depth {
                    out.push(format!("{rel}/{name}"));
                } else {
                    dirs.push((entry.path(), format!("{rel}/{name}"), level + 1));
                }
            }
        }
    }
    out.sort();
    out
}

/// The rule ids reported in each example folder.
fn findings_by_example(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let output = leakwatch().arg("scan").arg(root).args(["-f", "json"]).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let mut by_example: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for finding in json_findings(&output.stdout) {
        let path = finding["path"].as_str().unwrap();
        let depth = if path.starts_with("positive/") { 3 } else { 2 };
        let example = path.split('/').take(depth).collect::<Vec<_>>().join("/");
        by_example.entry(example).or_default().insert(finding["rule_id"].as_str().unwrap().into());
    }
    by_example
}

#[test]
fn corpus_recall_and_false_positive_rate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let examples = examples(&root);
    let found = findings_by_example(&root);
    let (mut positives, mut hits, mut negatives, mut false_positives) = (0, 0, 0, Vec::new());
    let mut wrong_family = Vec::new();
    for example in &examples {
        let rules = found.get(example).cloned().unwrap_or_default();
        if let Some(rest) = example.strip_prefix("positive/") {
            positives += 1;
            let family = rest.split('/').next().unwrap();
            if rules.iter().any(|id| id.split('.').next() == Some(family)) {
                hits += 1;
            } else {
                wrong_family.push(format!("{example}: {rules:?}"));
            }
        } else {
            negatives += 1;
            if !rules.is_empty() {
                false_positives.push(format!("{example}: {rules:?}"));
            }
        }
    }
    assert!(positives >= 200 && negatives >= 100, "{positives} positives, {negatives} negatives");
    let recall = f64::from(hits) / f64::from(positives);
    let fp_rate = false_positives.len() as f64 / f64::from(negatives);
    assert!(recall >= MIN_RECALL, "recall {recall:.3}; missed or wrong family: {wrong_family:#?}");
    assert!(fp_rate <= MAX_FP_RATE, "false-positive rate {fp_rate:.3}: {false_positives:#?}");
    // Every positive is found by a rule of its labelled family, not just by some rule.
    assert!(wrong_family.is_empty(), "{wrong_family:#?}");
}
