//! The matcher: which rules match where in a chunk.
//!
//! One Aho-Corasick pass over the chunk finds every keyword; each hit selects the rules that own
//! that keyword and marks a window around it as wide as the rule's longest possible match. Only
//! those rules' regexes run, and only over their windows (merged where they overlap). A rule's
//! match contains one of its keywords (checked for every example by `rules check`), so nothing is
//! lost: every match that contains a keyword lies inside that keyword's window. Look-around such
//! as `\b` sees the bytes outside a window, so window edges create no matches. A rule whose
//! every match begins with a keyword (`ghp_…`, `https://…`) needs no window: one anchored search
//! at each of its keywords finds its matches, however long they may be.
//!
//! The matcher knows rules and chunks; it knows nothing of findings, filters or output.

pub mod changed;
pub mod entropy;
pub mod location;
pub mod validate;

use crate::rules::compile::{Compiled, RegexCache};
use crate::rules::reach::Anchor;
use crate::rules::{Rule, RuleSet};
use crate::source::Chunk;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One rule matching one span of a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the [`RuleSet`].
    pub rule: usize,
    /// The whole match, as byte offsets.
    pub span: (usize, usize),
    /// The secret inside it.
    pub secret: (usize, usize),
}

/// Finds rule matches in chunks. Cheap to clone; each thread owns one (its scratch space).
#[derive(Debug, Clone)]
pub struct Matcher {
    rules: Arc<RuleSet>,
    /// Per rule: windows to search in the current chunk.
    windows: Vec<Vec<(usize, usize)>>,
    /// Per rule: whether it applies to the current chunk's path (0 unknown, 1 yes, 2 no).
    applies: Vec<u8>,
    /// Rules with windows in the current chunk.
    touched: Vec<usize>,
    /// Per rule: this thread's regex scratch space, made on the rule's first search. Owning it
    /// keeps threads off the regex's shared cache pool, whose lock they would contend for.
    /// Indexed by rule, then 0 for the full regex and 1 for the light one. Boxed, because a
    /// cache is about a kilobyte and most rules never need one: an unboxed table for every
    /// rule costs the pre-commit hook hundreds of page faults.
    caches: Vec<Option<Box<RegexCache>>>,
    /// Whether the light regexes' caches are dropped (the scan has outgrown them).
    light_caches_dropped: bool,
    /// When tracked: the anchors ([`Anchor`]) among the keywords the last scan found, by
    /// offset, for an incremental scan of the chunk's next version.
    anchors: Option<Vec<(usize, Anchor)>>,
}

impl Matcher {
    /// A matcher over `rules`.
    pub fn new(rules: Arc<RuleSet>) -> Matcher {
        let n = rules.len();
        Matcher {
            rules,
            windows: vec![Vec::new(); n],
            applies: vec![0; n],
            touched: Vec::new(),
            caches: std::iter::repeat_with(|| None).take(2 * n).collect(),
            light_caches_dropped: false,
            anchors: None,
        }
    }

    /// Makes every later scan note where it found an anchor (see [`Matcher::anchors`]).
    pub fn track_anchors(&mut self) {
        self.anchors.get_or_insert_with(Vec::new);
    }

    /// The anchors the last scan found in the range it searched, by offset in the chunk (none
    /// unless tracked): where a match of a rule that spans lines without bound may begin.
    pub fn anchors(&self) -> &[(usize, Anchor)] {
        self.anchors.as_deref().unwrap_or_default()
    }

    /// The rules this matcher applies.
    pub fn rules(&self) -> &Arc<RuleSet> {
        &self.rules
    }

    /// Every match in `chunk`, ordered by rule then position. Rules whose regex cannot be built
    /// are skipped (built-in ones are checked by tests; user ones are compiled before scanning).
    pub fn scan(&mut self, chunk: &Chunk<'_>) -> Vec<Match> {
        self.scan_range(chunk, (0, chunk.bytes.len()))
    }

    /// The matches of `chunk` found by searching only `range` of it, a span of whole lines:
    /// keywords are looked for there, and windows around them stay there (a match that begins
    /// at its keyword is still followed as far as it runs), but every search sees the bytes
    /// around it (look-around such as `\b` or `\A` means what it means in the whole chunk). An
    /// incremental history scan passes the lines a new version of a file changed, with enough
    /// lines around them ([`crate::scanner::ChunkScanner::scan_changed`]).
    pub fn scan_range(&mut self, chunk: &Chunk<'_>, range: (usize, usize)) -> Vec<Match> {
        let bytes = chunk.bytes;
        let path = chunk.provenance.path();
        self.select_windows(bytes, path, range);
        let mut matches = Vec::new();
        let mut touched = std::mem::take(&mut self.touched);
        // Rules limited to other paths were touched only to learn that: never build them.
        touched.retain(|&i| {
            let applies = self.applies[i] == 1;
            self.applies[i] = 0;
            applies
        });
        touched.sort_unstable();
        if self.rules.small_so_far() {
            self.drop_impossible(bytes, &mut touched);
            build_side_by_side(&self.rules, &touched);
        } else if !self.light_caches_dropped {
            // A large scan searched its first megabyte with the light regexes: their caches
            // (each backtracker's visited set up to 256 KiB) would stay for the whole scan.
            self.caches.iter_mut().skip(1).step_by(2).for_each(|cache| *cache = None);
            self.light_caches_dropped = true;
        }
        for &rule_index in &touched {
            let mut windows = std::mem::take(&mut self.windows[rule_index]);
            if self.rules.starts_with_keyword(rule_index) {
                windows.sort_unstable();
                windows.dedup_by_key(|w| w.0);
                self.search_at_starts(rule_index, bytes, &windows, &mut matches);
            } else {
                merge(&mut windows);
                self.search(rule_index, bytes, &windows, &mut matches);
            }
            windows.clear();
            // A keyword met thousands of times in one large file would otherwise keep its
            // rule's list that long for the rest of the scan, on every thread.
            if windows.capacity() > KEEP_WINDOWS {
                windows.shrink_to(KEEP_WINDOWS / 16);
            }
            self.windows[rule_index] = windows;
        }
        touched.clear();
        self.touched = touched;
        matches
    }

    /// Drops the touched rules whose regex needs a literal the chunk lacks (`<` for an XML
    /// rule, `--` for a command-line flag): in a small scan, building their regexes would be
    /// most of the cost, and they cannot match.
    fn drop_impossible(&mut self, bytes: &[u8], touched: &mut Vec<usize>) {
        let mut lowered: Option<Vec<u8>> = None;
        touched.retain(|&rule_index| {
            let possible = self.rules.may_match(rule_index, bytes, &mut lowered);
            if !possible {
                self.windows[rule_index].clear();
            }
            possible
        });
    }

    fn select_windows(&mut self, bytes: &[u8], path: &str, (first, last): (usize, usize)) {
        let rules = Arc::clone(&self.rules);
        let mut anchors = self.anchors.take();
        let reach = anchors.as_mut().map(|anchors| {
            anchors.clear();
            rules.reach()
        });
        for &rule_index in rules.keywordless() {
            self.add_window(&rules, rule_index as usize, path, (first, last));
        }
        rules.for_each_keyword(&bytes[first..last], |pattern, start, end| {
            let (start, end) = (start + first, end + first);
            if let (Some(anchors), Some(reach)) = (anchors.as_mut(), reach) {
                match reach.anchor(pattern) {
                    Anchor::None => {}
                    anchor => anchors.push((start, anchor)),
                }
            }
            for &rule_index in rules.rules_for_keyword(pattern) {
                let rule_index = rule_index as usize;
                let window = if rules.starts_with_keyword(rule_index) {
                    // A match can only start here; the regex itself tells where it ends.
                    (start, bytes.len())
                } else {
                    match rules.max_match_len(rule_index) {
                        Some(len) => (start.saturating_sub(len).max(first), (end + len).min(last)),
                        None => (first, last),
                    }
                };
                self.add_window(&rules, rule_index, path, window);
            }
        });
        if let Some(anchors) = anchors.as_mut() {
            // Keyword hits come in no particular order.
            anchors.sort_unstable_by_key(|a| a.0);
        }
        self.anchors = anchors;
    }

    fn add_window(
        &mut self,
        rules: &RuleSet,
        rule_index: usize,
        path: &str,
        window: (usize, usize),
    ) {
        if self.applies[rule_index] == 0 {
            self.applies[rule_index] = if rules.applies_to(rule_index, path) { 1 } else { 2 };
            self.touched.push(rule_index);
        }
        if self.applies[rule_index] == 1 {
            self.windows[rule_index].push(window);
        }
    }

    /// The rule's regex and this thread's scratch space for it.
    fn engine(&mut self, rule_index: usize) -> Option<(&Rule, &Compiled, &mut RegexCache)> {
        let rule = self.rules.rule(rule_index);
        let light = self.rules.small_so_far();
        let compiled = if light { rule.compiled_light() } else { rule.compiled() };
        let compiled = compiled.ok()?;
        let cache = self.caches[2 * rule_index + usize::from(light)]
            .get_or_insert_with(|| Box::new(compiled.create_cache()));
        Some((rule, compiled, cache))
    }

    /// Searches a rule whose matches begin with a keyword: one anchored search at each keyword
    /// (`starts`, sorted), skipping those inside the previous match. This finds what a search
    /// of the whole chunk finds, since every match starts at one of them.
    fn search_at_starts(
        &mut self,
        rule_index: usize,
        bytes: &[u8],
        starts: &[(usize, usize)],
        out: &mut Vec<Match>,
    ) {
        let Some((rule, compiled, cache)) = self.engine(rule_index) else { return };
        let mut caps = compiled.create_captures();
        let mut next = 0;
        for &(start, _) in starts {
            if start < next {
                continue;
            }
            let input = Input::new(bytes).range(start..).anchored(Anchored::Yes);
            compiled.search(cache, &input, &mut caps);
            let Some(span) = record(rule_index, rule, compiled, bytes, &caps, out) else {
                continue;
            };
            next = if span.0 == span.1 { span.1 + 1 } else { span.1 };
        }
    }

    fn search(
        &mut self,
        rule_index: usize,
        bytes: &[u8],
        windows: &[(usize, usize)],
        out: &mut Vec<Match>,
    ) {
        let Some((rule, compiled, cache)) = self.engine(rule_index) else { return };
        let mut caps = compiled.create_captures();
        for &(start, end) in windows {
            let mut input = Input::new(bytes).range(start..end);
            loop {
                compiled.search(cache, &input, &mut caps);
                let Some(span) = record(rule_index, rule, compiled, bytes, &caps, out) else {
                    break;
                };
                // An empty match would be found again at the same place: step past it.
                let next = if span.0 == span.1 { span.1 + 1 } else { span.1 };
                if next > end {
                    break;
                }
                input.set_start(next);
            }
        }
    }
}

/// Adds the match in `caps` (if any) to `out` and returns its span. A match whose secret group
/// took no part (an alternative that only consumes a look-alike, like `next_token`), is empty,
/// or follows what the rule's `not_after` regex excludes (`public_` before `key`) reports
/// nothing, though its span is still returned so that the search moves past it.
fn record(
    rule_index: usize,
    rule: &Rule,
    compiled: &Compiled,
    bytes: &[u8],
    caps: &Captures,
    out: &mut Vec<Match>,
) -> Option<(usize, usize)> {
    let found = caps.get_match()?;
    let span = (found.start(), found.end());
    if let Some(secret) = caps.get_group(compiled.secret_group)
        && secret.start < secret.end
        && !rule.excluded_by_context(bytes, span.0, compiled.light)
    {
        out.push(Match { rule: rule_index, span, secret: (secret.start, secret.end) });
    }
    Some(span)
}

/// A rule's window list longer than this is shrunk once its chunk is searched.
const KEEP_WINDOWS: usize = 1024;

/// Sorts and merges overlapping or touching windows in place.
fn merge(windows: &mut Vec<(usize, usize)>) {
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for &(start, end) in windows.iter() {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    *windows = merged;
}

/// Builds the light regexes of `touched` on this thread and one more. A small scan (a
/// pre-commit check) spends most of its time building the regexes of the rules it touches. One
/// scoped thread, not a pool: idle pool workers spin, and on two cores they take turns with
/// the work.
fn build_side_by_side(rules: &RuleSet, touched: &[usize]) {
    let unbuilt: Vec<usize> =
        touched.iter().copied().filter(|&i| !rules.rule(i).is_built_light()).collect();
    if unbuilt.len() < 2 {
        return;
    }
    let next = AtomicUsize::new(0);
    let build = || {
        while let Some(&i) = unbuilt.get(next.fetch_add(1, Ordering::Relaxed)) {
            let _ = rules.rule(i).compiled_light();
        }
    };
    std::thread::scope(|scope| {
        scope.spawn(build);
        build();
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{CompileMode, load::parse_pack};
    use crate::source::Provenance;

    fn matcher(regex: &str, keywords: &str) -> Matcher {
        let yaml = format!(
            "rules:\n  - id: t.k\n    name: n\n    description: d\n    regex: '{regex}'\n    keywords: {keywords}\n    no_keywords: none\n    severity: low\n    remediation: r\n"
        );
        let rules =
            RuleSet::compile(parse_pack("t.yaml", &yaml).unwrap(), CompileMode::Eager).unwrap();
        Matcher::new(Arc::new(rules))
    }

    fn scan(m: &mut Matcher, text: &str) -> Vec<(usize, usize)> {
        let chunk =
            Chunk { bytes: text.as_bytes(), provenance: Provenance::File { path: "f".into() } };
        m.scan(&chunk).into_iter().map(|m| m.secret).collect()
    }

    fn matcher_not_after(regex: &str, keywords: &str, not_after: &str) -> Matcher {
        let yaml = format!(
            "rules:\n  - id: t.k\n    name: n\n    description: d\n    regex: '{regex}'\n    not_after: '{not_after}'\n    keywords: {keywords}\n    severity: low\n    remediation: r\n"
        );
        let rules =
            RuleSet::compile(parse_pack("t.yaml", &yaml).unwrap(), CompileMode::Eager).unwrap();
        Matcher::new(Arc::new(rules))
    }

    /// `not_after` drops a match by what precedes it, on both search paths (anchored at the
    /// keyword, and a window around it), and a dropped match does not hide a later one.
    #[test]
    fn not_after_drops_matches_by_what_comes_before_them() {
        for regex in [r"key=(\w{4})", r"\w?key=(\w{4})"] {
            let mut m = matcher_not_after(regex, "[key]", r"(?:public_|[a-z])\z|(?m:^)\z");
            let text = "public_key=abcd sort_key=efgh\nkey=ijkl monkey=mnop x.key=qrst";
            let expected: Vec<(usize, usize)> = if regex.starts_with("key") {
                vec![(25, 29), (57, 61)]
            } else {
                // Not anchored: `\w?` takes the `_` of `sort_key`, and a letter precedes that.
                vec![(57, 61)]
            };
            assert_eq!(scan(&mut m, text), expected, "{regex}");
        }
    }

    /// A scan that outgrows the light regexes (its first MiB) drops their caches, and keeps
    /// finding what it found before.
    #[test]
    fn light_caches_are_dropped_once_the_scan_is_large() {
        let mut m = matcher(r"\b(tok_[a-z]{4})\b", "[tok_]");
        assert_eq!(scan(&mut m, "x tok_abcd"), vec![(2, 10)]);
        assert!(m.caches[1].is_some() && m.caches[0].is_none());
        let large = format!("{}tok_wxyz", " ".repeat(2 * 1024 * 1024));
        assert_eq!(scan(&mut m, &large), vec![(2 * 1024 * 1024, 2 * 1024 * 1024 + 8)]);
        assert!(m.caches[1].is_none() && m.caches[0].is_some());
    }

    #[test]
    fn runs_only_around_keywords() {
        let mut m = matcher(r"\b(tok_[a-z]{4})\b", "[tok_]");
        assert_eq!(scan(&mut m, "x tok_abcd y TOK_abcd tok_efgh"), vec![(2, 10), (22, 30)]);
        assert_eq!(scan(&mut m, "nothing here"), vec![]);
    }

    #[test]
    fn window_edges_do_not_create_matches() {
        // The window ends inside `tok_abcdef`; `\b` must still see the bytes after it.
        let mut m = matcher(r"tok_[a-z]{4}\b", "[tok_]");
        assert_eq!(scan(&mut m, "tok_abcdef"), vec![]);
    }

    #[test]
    fn keywordless_rules_scan_everything() {
        let mut m = matcher(r"\d{3}-\d{3}", "[]");
        assert_eq!(scan(&mut m, "a 123-456 b"), vec![(2, 9)]);
    }

    /// The windows and anchored searches find exactly the secrets one search of the whole chunk
    /// finds, for every built-in rule, on a chunk holding every example several times over, glued
    /// together with and without separators (so that examples touch and overlap keywords).
    #[test]
    fn searching_near_keywords_finds_what_a_whole_chunk_search_finds() {
        let loaded = crate::rules::load::builtin_with_examples().unwrap();
        let examples = RuleSet::compile(loaded, CompileMode::Lazy).unwrap();
        // The rules as a scan loads them: light builds run on the NFAs build.rs compiled.
        let sources = crate::rules::load::builtin_sources().unwrap();
        let rules = Arc::new(RuleSet::compile_sources(sources, CompileMode::Lazy).unwrap());
        assert!(rules.iter().map(Rule::id).eq(examples.iter().map(Rule::id)));
        let mut text = String::new();
        for glue in ["\n", " ", "", "\"x\" = ", "\n\n  "] {
            for rule in examples.iter() {
                for example in rule.examples.iter().chain(&rule.negative_examples) {
                    text.push_str(example.text());
                    text.push_str(glue);
                }
            }
        }
        // Each example of a rule with relaxed repetitions again, with its secret drawn out
        // past the bound, so that the exact regex has to settle the relaxed one's matches.
        let mut relaxed = 0;
        for (rule, with_examples) in rules.iter().zip(examples.iter()) {
            let compiled = rule.compiled_light().unwrap();
            assert!(compiled.is_prebuilt(), "{}", rule.id());
            let Some(bound) = compiled.relaxed_bound() else { continue };
            relaxed += 1;
            for example in with_examples.examples.iter() {
                let example = example.text();
                let exact = compiled.exact().unwrap();
                let Some(caps) = exact.captures_iter(example.as_bytes()).next() else { continue };
                let Some(secret) = caps.get_group(compiled.secret_group) else { continue };
                for extra in [bound / 2, bound - secret.len().min(bound), bound + 1, 2 * bound] {
                    let longer: String = example[secret.range()]
                        .chars()
                        .cycle()
                        .take(secret.len() + extra)
                        .collect();
                    text.push_str(&example[..secret.start]);
                    text.push_str(&longer);
                    text.push_str(&example[secret.end..]);
                    text.push('\n');
                }
            }
        }
        assert!(relaxed > 50, "only {relaxed} rules have relaxed repetitions");
        let anchored = rules.iter().filter(|r| r.starts_with_keyword()).count();
        assert!(anchored > 100, "only {anchored} rules start with a keyword");
        let mut m = Matcher::new(Arc::clone(&rules));
        // Past the small-input threshold, so that both regex builds are compared.
        for _ in 0..2 {
            let chunk = Chunk {
                bytes: text.as_bytes(),
                provenance: Provenance::File { path: "any/.env".into() },
            };
            let found = m.scan(&chunk);
            for (index, rule) in rules.iter().enumerate() {
                if !rule.applies_to("any/.env") {
                    continue;
                }
                let compiled = rule.compiled().unwrap();
                let whole: Vec<((usize, usize), (usize, usize))> = compiled
                    .exact()
                    .unwrap()
                    .captures_iter(text.as_bytes())
                    .filter_map(|caps| {
                        let span = caps.get_match()?;
                        let secret = caps.get_group(compiled.secret_group)?;
                        let excluded =
                            rule.excluded_by_context(text.as_bytes(), span.start(), false);
                        (secret.start < secret.end && !excluded)
                            .then_some(((span.start(), span.end()), (secret.start, secret.end)))
                    })
                    .collect();
                let near: Vec<((usize, usize), (usize, usize))> =
                    found.iter().filter(|m| m.rule == index).map(|m| (m.span, m.secret)).collect();
                assert_eq!(near, whole, "rule {}", rule.id());
            }
        }
    }

    /// A rule whose `{0,100}` is relaxed finds what the exact regex finds: a match over the
    /// bound is settled by the exact regex, which can find a later one inside it.
    #[test]
    fn relaxed_repetitions_find_what_the_exact_regex_finds() {
        let mut m = matcher(r"x([a-z]{0,100})y", "[x]");
        let run = |n: usize| "a".repeat(n);
        let text = format!("x{}y x{}y x{}xaaay", run(100), run(101), run(150));
        let expected = vec![(1, 101), (359, 362)];
        let rule = m.rules().rule(0);
        for compiled in [rule.compiled().unwrap(), rule.compiled_light().unwrap()] {
            assert_eq!(compiled.relaxed_bound(), Some(100));
            let exact: Vec<(usize, usize)> = compiled
                .exact()
                .unwrap()
                .find_iter(text.as_bytes())
                .map(|found| (found.start(), found.end()))
                .collect();
            assert_eq!(exact, vec![(0, 102), (358, 363)]);
            assert_eq!(compiled.matches(text.as_bytes()), exact);
        }
        assert_eq!(scan(&mut m, &text), expected);
    }

    #[test]
    fn merge_joins_overlaps() {
        let mut w = vec![(5, 9), (0, 3), (2, 4), (9, 12)];
        merge(&mut w);
        assert_eq!(w, vec![(0, 4), (5, 12)]);
    }
}
