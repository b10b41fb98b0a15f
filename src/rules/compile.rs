//! Turning rule syntax into a [`RuleSet`]: checked up front, regexes compiled on first use.
//!
//! Start-up matters (the pre-commit hook starts leakwatch on every commit). Built-in rules,
//! checked by the test suite, stay in their embedded JSON until a scan touches them (their
//! keywords and shapes come from `build.rs`), and their automata are built the first time a
//! rule's keyword is seen. User rules are compiled eagerly, so that a bad pattern, or one over
//! the size limit, is an error before scanning.

use super::error::{RuleError, build_error_reason, regex_reason};
use super::hir_code;
use super::keyword_table::KeywordTable;
use super::keywords::{KeywordDfa, KeywordIndex};
use super::load::{
    BUILTIN_KEYWORDS, BUILTIN_PACKS, BuiltinRule, BuiltinShape, LoadedRule, ParsedPatterns,
    RuleSource,
};
use super::nfa_code;
use super::reach::Reach;
use super::shape::Shape;
use super::syntax::{ExampleSyntax, RuleSyntax, ValidatorName};
use crate::filter::allowlist::secret_regex;
use crate::finding::{Confidence, RuleInfo, Severity};
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use regex_automata::{Input, meta};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

pub use super::nfa_code::REGEX_SIZE_LIMIT;
/// Bytes searched with the keyword index before the keyword DFA is built.
const DFA_AFTER: u64 = 1024 * 1024;
/// Bytes of lazy-DFA state cache per regex and thread (the default: smaller caches made the
/// generic rules rebuild their states over and over).
const HYBRID_CACHE: usize = 2 * 1024 * 1024;

/// A rule ready to match.
#[derive(Debug)]
pub struct Rule {
    /// What findings of this rule report about it.
    pub info: Arc<RuleInfo>,
    /// Lowercased keywords.
    pub keywords: Vec<String>,
    /// Minimum entropy of the secret.
    pub entropy: Option<f64>,
    /// Globs of the paths the rule is limited to (none: everywhere).
    pub paths: Vec<String>,
    /// `paths` compiled, on first use (checked at load: every glob parses).
    path_set: OnceLock<Option<GlobSet>>,
    /// Lowercased stopwords.
    pub stopwords: Vec<String>,
    /// Base confidence.
    pub confidence: Confidence,
    /// Offline check.
    pub validate: Option<ValidatorName>,
    /// Examples that must match.
    pub examples: Vec<ExampleSyntax>,
    /// Examples that must not.
    pub negative_examples: Vec<ExampleSyntax>,
    /// The file and line it was read from.
    pub origin: (String, Option<usize>),
    shape: OnceLock<Shape>,
    pattern: String,
    not_after: Option<String>,
    parsed: ParsedPatterns,
    allow_patterns: Vec<String>,
    compiled: OnceLock<Result<Compiled, String>>,
    /// `not_after` compiled, on the rule's first match: for large scans, and light.
    not_after_regex: [OnceLock<Result<Option<meta::Regex>, String>>; 2],
    /// The same regex built for small inputs: no DFAs, no prefilter, a third of the build cost.
    light: OnceLock<Result<Compiled, String>>,
    /// `allow_patterns` compiled, on the first match that needs them.
    allow: OnceLock<Result<Vec<meta::Regex>, String>>,
}

/// The automata of a rule, built on first use.
#[derive(Debug)]
pub struct Compiled {
    /// The rule's regex, with its long repetitions relaxed ([`hir_code::decode_relaxed`]).
    engine: Engine,
    /// Matches longer than this are left to the exact regex (None: nothing was relaxed).
    relaxed_bound: Option<usize>,
    /// The pattern the exact regex is built from, and its parsed tree if build.rs made one.
    pattern: String,
    parsed: Option<&'static [u8]>,
    /// The exact regex, built on the first relaxed match too long to be trusted (or when
    /// [`Compiled::exact`] is asked for it).
    exact: OnceLock<Result<meta::Regex, String>>,
    /// The capture group that holds the secret.
    pub secret_group: usize,
    /// Whether this is the light build (for small scans).
    pub light: bool,
}

/// What a [`Compiled`] searches with.
#[derive(Debug)]
enum Engine {
    /// A regex built here: lazy DFA and backtracker for large scans; PikeVM and backtracker
    /// when light.
    Meta(meta::Regex),
    /// The light regex's two engines on the NFA `build.rs` compiled for a built-in rule
    /// ([`nfa_code`]): the same search without building the NFA.
    Nfa { pikevm: PikeVM, backtrack: BoundedBacktracker },
}

/// Scratch space for [`Compiled::search`], made by [`Compiled::create_cache`].
#[derive(Debug, Clone)]
pub struct RegexCache(EngineCache);

// Not boxed: the matcher boxes the whole cache already (one per rule it searches, per thread).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum EngineCache {
    Meta(meta::Cache),
    /// The PikeVM's is made on its first search: windows mostly fit the backtracker, and the
    /// PikeVM's tables for a generic rule take a hundred kilobytes.
    Nfa {
        pikevm: Option<pikevm::Cache>,
        backtrack: backtrack::Cache,
    },
}

impl Compiled {
    /// Scratch space for [`Compiled::search`].
    pub fn create_cache(&self) -> RegexCache {
        RegexCache(match &self.engine {
            Engine::Meta(regex) => EngineCache::Meta(regex.create_cache()),
            Engine::Nfa { backtrack, .. } => {
                EngineCache::Nfa { pikevm: None, backtrack: backtrack.create_cache() }
            }
        })
    }

    /// Room for the groups [`Compiled::search`] finds.
    pub fn create_captures(&self) -> Captures {
        match &self.engine {
            Engine::Meta(regex) => regex.create_captures(),
            Engine::Nfa { pikevm, .. } => pikevm.create_captures(),
        }
    }

    /// Finds the rule regex's leftmost match in `input` and its groups, as the exact regex
    /// would: the relaxed regex searches, and a match of it too long to be trusted is
    /// searched again with the exact regex, from where it starts (no exact match starts
    /// before it).
    pub fn search(&self, cache: &mut RegexCache, input: &Input<'_>, caps: &mut Captures) {
        match (&self.engine, &mut cache.0) {
            (Engine::Meta(regex), EngineCache::Meta(cache)) => {
                regex.search_captures_with(cache, input, caps)
            }
            (Engine::Nfa { pikevm, backtrack }, EngineCache::Nfa { pikevm: pc, backtrack: bc }) => {
                // The light meta regex's choice: the backtracker when the haystack fits its
                // visited set (and it is not an early-stopping search of a long haystack),
                // otherwise the PikeVM. Both find the same leftmost-first match.
                caps.set_pattern(None);
                let fits = !(input.get_earliest() && input.haystack().len() > 128)
                    && input.get_span().len() < backtrack.max_haystack_len();
                if !fits || backtrack.try_search(bc, input, caps).is_err() {
                    pikevm.search(pc.get_or_insert_with(|| pikevm.create_cache()), input, caps);
                }
            }
            // A cache made by another regex: replaced with one of this regex's.
            _ => {
                *cache = self.create_cache();
                return self.search(cache, input, caps);
            }
        }
        let (Some(bound), Some(found)) = (self.relaxed_bound, caps.get_match()) else { return };
        if found.len() <= bound {
            return;
        }
        match self.exact() {
            // Both regexes have the same groups, so the exact one fills the same captures.
            Ok(exact) => {
                exact.search_captures(&input.clone().range(found.start()..input.end()), caps)
            }
            Err(_) => caps.set_pattern(None),
        }
    }

    /// Every match in `haystack`, leftmost first, as [`Compiled::search`] finds them.
    pub fn matches(&self, haystack: &[u8]) -> Vec<(usize, usize)> {
        let mut cache = self.create_cache();
        let mut caps = self.create_captures();
        let mut input = Input::new(haystack);
        let mut found = Vec::new();
        loop {
            self.search(&mut cache, &input, &mut caps);
            let Some(span) = caps.get_match() else { return found };
            found.push((span.start(), span.end()));
            let next = if span.is_empty() { span.end() + 1 } else { span.end() };
            if next > haystack.len() {
                return found;
            }
            input.set_start(next);
        }
    }

    /// How long a match of the relaxed regex may be before the exact regex is asked (None:
    /// nothing in the pattern was relaxed).
    pub fn relaxed_bound(&self) -> Option<usize> {
        self.relaxed_bound
    }

    /// Whether this regex runs on an NFA `build.rs` compiled ([`nfa_code`]).
    pub fn is_prebuilt(&self) -> bool {
        matches!(self.engine, Engine::Nfa { .. })
    }

    /// The rule's regex as written, built now if it is needed for the first time.
    pub fn exact(&self) -> Result<&meta::Regex, &str> {
        if let (Engine::Meta(regex), None) = (&self.engine, self.relaxed_bound) {
            return Ok(regex);
        }
        self.exact
            .get_or_init(|| {
                build_regex((&self.pattern, self.parsed), self.light, false)
                    .map(|(regex, _)| regex)
                    .map_err(|e| format!("regex does not compile: {e}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }
}

/// How far before a match a rule's `not_after` regex looks, in bytes.
pub const NOT_AFTER_REACH: usize = 64;

impl Rule {
    /// The rule id.
    pub fn id(&self) -> &str {
        &self.info.id
    }

    /// The compiled automata (built now if this is the first use).
    pub fn compiled(&self) -> Result<&Compiled, &str> {
        self.built(&self.compiled, false)
    }

    /// The automata built for small inputs (a pre-commit scan): they find the same matches,
    /// only with engines that cost little to build and more per byte.
    pub fn compiled_light(&self) -> Result<&Compiled, &str> {
        self.built(&self.light, true)
    }

    /// The rule's `not_after` regex (None: it has none), built light or not like the rule's
    /// regex, and only once the rule has a match (it only runs on the bytes before one).
    pub fn not_after(&self, light: bool) -> Result<Option<&meta::Regex>, &str> {
        self.not_after_regex[usize::from(light)]
            .get_or_init(|| {
                let Some(pattern) = &self.not_after else { return Ok(None) };
                build_regex((pattern, self.parsed.not_after), light, false)
                    .map(|(regex, _)| Some(regex))
                    .map_err(|e| format!("not_after regex does not compile: {e}"))
            })
            .as_ref()
            .map(Option::as_ref)
            .map_err(String::as_str)
    }

    /// Whether the rule's `not_after` regex finds what comes just before a match starting at
    /// `start` in `bytes` (then the match is not reported). It sees at most
    /// [`NOT_AFTER_REACH`] bytes, and `(?m:^)` or `\b` look at the byte before those too.
    /// `light`: the match came from the light regex (a small scan).
    pub fn excluded_by_context(&self, bytes: &[u8], start: usize, light: bool) -> bool {
        self.not_after(light).ok().flatten().is_some_and(|regex| {
            let input =
                Input::new(&bytes[..start]).range(start.saturating_sub(NOT_AFTER_REACH)..start);
            regex.is_match(input)
        })
    }

    /// Builds every automaton the rule can need (regex, `not_after`, allowlist): how a user
    /// rule or `rules check` reports a bad pattern before any scan.
    pub fn build_all(&self) -> Result<(), &str> {
        // The exact regex too: it may be over the size limit where the relaxed one is not.
        self.compiled()?.exact()?;
        self.not_after(false)?;
        self.allowlist().map(|_| ())
    }

    /// Whether the light automata are built already.
    pub fn is_built_light(&self) -> bool {
        self.light.get().is_some()
    }

    fn built<'a>(
        &'a self,
        cell: &'a OnceLock<Result<Compiled, String>>,
        light: bool,
    ) -> Result<&'a Compiled, &'a str> {
        cell.get_or_init(|| {
            compile_regex((self.pattern.as_str(), self.parsed.regex), self.parsed.light_nfa, light)
        })
        .as_ref()
        .map_err(String::as_str)
    }

    /// The rule's allowlist regexes on the secret (built now if this is the first use).
    pub fn allowlist(&self) -> Result<&[meta::Regex], &str> {
        self.allow
            .get_or_init(|| {
                // The error names the pattern by its place, never by its text: an allowlist
                // pattern can hold a real secret, and errors are printed.
                self.allow_patterns
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        allow_regex(p).map_err(|reason| {
                            format!("allowlist regex {} does not compile: {reason}", i + 1)
                        })
                    })
                    .collect()
            })
            .as_deref()
            .map_err(String::as_str)
    }

    /// The longest match the regex can produce, in bytes (None: unbounded, too long, or a
    /// pattern that does not parse). Computed on first use.
    pub fn max_match_len(&self) -> Option<usize> {
        self.shape().max_len
    }

    /// Whether every match begins with one of the rule's keywords (`ghp_…`, `https://…`): a
    /// match can then only start where a keyword was found, and an anchored search there
    /// replaces a search of the window around it.
    pub fn starts_with_keyword(&self) -> bool {
        self.shape().starts_with_keyword
    }

    /// Byte strings (lowercase) every match contains, ignoring ASCII case: content without one
    /// of them cannot match. Computed on first use.
    pub fn required_literals(&self) -> &[Vec<u8>] {
        &self.shape().required
    }

    pub(super) fn shape(&self) -> &Shape {
        self.shape.get_or_init(|| Shape::of(&self.pattern, &self.keywords).unwrap_or_default())
    }

    /// A built-in rule that could not be read or prepared (a build that skipped its tests):
    /// it matches nothing, and says why once, when a scan first needs it.
    fn unusable(builtin: &BuiltinRule, errors: &[RuleError]) -> Rule {
        let reason: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        let reason = reason.join("; ");
        crate::report::warn(builtin.file, &format!("rule {} is unusable: {reason}", builtin.id));
        let unusable = || OnceLock::from(Err(reason.clone()));
        Rule {
            info: Arc::new(RuleInfo {
                id: builtin.id.to_owned(),
                name: builtin.id.to_owned(),
                description: String::new(),
                severity: Severity::High,
                remediation: String::new(),
                references: Vec::new(),
            }),
            keywords: builtin.keywords.iter().map(|k| (*k).to_owned()).collect(),
            entropy: None,
            paths: Vec::new(),
            path_set: OnceLock::new(),
            stopwords: Vec::new(),
            confidence: Confidence::High,
            validate: None,
            examples: Vec::new(),
            negative_examples: Vec::new(),
            origin: (builtin.file.to_owned(), builtin.line()),
            shape: OnceLock::from(Shape::default()),
            pattern: String::new(),
            not_after: None,
            parsed: ParsedPatterns::default(),
            allow_patterns: Vec::new(),
            compiled: unusable(),
            not_after_regex: [OnceLock::from(Ok(None)), OnceLock::from(Ok(None))],
            light: unusable(),
            allow: OnceLock::from(Ok(Vec::new())),
        }
    }

    /// Whether the rule runs on content at `path`.
    pub fn applies_to(&self, path: &str) -> bool {
        if self.paths.is_empty() {
            return true;
        }
        // Most paths end in none of the globs' literal tails: no need to build the glob set
        // (a regex, a third of a millisecond) to say no.
        if let Some(tails) = literal_tails(&self.paths)
            && !tails.iter().any(|tail| path.ends_with(tail))
        {
            return false;
        }
        self.path_set
            .get_or_init(|| glob_set(&self.paths).ok().flatten())
            .as_ref()
            .is_none_or(|set| set.is_match(path))
    }
}

fn syntax_config() -> syntax::Config {
    // ASCII mode: tokens are ASCII, and Unicode word boundaries would push the lazy DFA off
    // its fast path. Bytes that are not UTF-8 can still match. `hir_code::parse`, which parses
    // the built-in patterns at build time, uses the same settings.
    syntax::Config::new().unicode(false).utf8(false)
}

/// A pattern, and its syntax tree in [`hir_code`]'s form when it was parsed before.
type Pattern<'a> = (&'a str, Option<&'static [u8]>);

/// Builds `pattern` (see [`Compiled`] for `light`), with its long repetitions relaxed if
/// `relax` ([`hir_code::decode_relaxed`]); also returns the bound the relaxed regex's matches
/// must keep to (None: nothing was relaxed).
fn build_regex(
    (pattern, parsed): Pattern<'_>,
    light: bool,
    relax: bool,
) -> Result<(meta::Regex, Option<usize>), String> {
    let mut builder = meta::Builder::new();
    builder.syntax(syntax_config()).configure(
        meta::Config::new()
            .utf8_empty(false)
            .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
            .hybrid_cache_capacity(HYBRID_CACHE)
            .hybrid(!light)
            .dfa(!light)
            // With the lazy DFA finding matches, the secret's group is read by the backtracker
            // over the match alone (a short span: its visited set stays small; the PikeVM
            // took twice as long on the generic rules). The one-pass DFA, built per rule, cost
            // 4 MiB of a history scan's peak memory and saved no time.
            .onepass(false)
            .auto_prefilter(!light),
    );
    // A built-in pattern was parsed by build.rs (with the same syntax settings). A user's is
    // parsed here when it is to be relaxed, and goes through the same decoder; one that does
    // not parse is left to the builder, whose error names the problem.
    let encoded: Option<Cow<'_, [u8]>> = match parsed {
        Some(bytes) => Some(Cow::Borrowed(bytes)),
        None if relax => {
            hir_code::parse(pattern).ok().map(|hir| Cow::Owned(hir_code::encode(&hir)))
        }
        None => None,
    };
    let decoded = encoded.and_then(|bytes| {
        if relax {
            hir_code::decode_relaxed(&bytes)
        } else {
            hir_code::decode(&bytes).map(|hir| (hir, None))
        }
    });
    match decoded {
        Some((hir, bound)) => builder.build_from_hir(&hir).map(|regex| (regex, bound)),
        None => builder.build(pattern).map(|regex| (regex, None)),
    }
    .map_err(|e| build_error_reason(&e))
}

/// Builds a rule's [`Compiled`]. A light build of a built-in rule uses the NFA `build.rs`
/// compiled (`light_nfa`), when it decodes.
fn compile_regex(
    (pattern, parsed): Pattern<'_>,
    light_nfa: Option<&'static [u8]>,
    light: bool,
) -> Result<Compiled, String> {
    let prebuilt =
        light_nfa.filter(|_| light).and_then(nfa_code::decode).and_then(|(nfa, bound)| {
            let pikevm = PikeVM::new_from_nfa(nfa.clone()).ok()?;
            let backtrack = BoundedBacktracker::new_from_nfa(nfa).ok()?;
            Some((Engine::Nfa { pikevm, backtrack }, bound))
        });
    let (engine, relaxed_bound) = match prebuilt {
        Some(built) => built,
        None => build_regex((pattern, parsed), light, true)
            .map(|(regex, bound)| (Engine::Meta(regex), bound))
            .map_err(|e| format!("regex does not compile: {e}"))?,
    };
    let info = match &engine {
        Engine::Meta(regex) => regex.group_info(),
        Engine::Nfa { pikevm, .. } => pikevm.get_nfa().group_info(),
    };
    let secret_group = match info.to_index(regex_automata::PatternID::ZERO, "secret") {
        Some(index) => index,
        None if info.group_len(regex_automata::PatternID::ZERO) > 1 => 1,
        None => 0,
    };
    Ok(Compiled {
        engine,
        relaxed_bound,
        pattern: pattern.to_owned(),
        parsed,
        exact: OnceLock::new(),
        secret_group,
        light,
    })
}

/// An allowlist regex, shared by every rule that lists the same pattern (the generic rules share
/// most of theirs). ASCII mode keeps each one small; a pattern that needs Unicode (`\p{L}`)
/// gets it.
fn allow_regex(pattern: &str) -> Result<meta::Regex, String> {
    static SHARED: OnceLock<Mutex<HashMap<String, meta::Regex>>> = OnceLock::new();
    let shared = SHARED.get_or_init(Default::default);
    if let Some(regex) = shared.lock().unwrap_or_else(|e| e.into_inner()).get(pattern) {
        return Ok(regex.clone());
    }
    let build = |unicode| secret_regex(pattern, unicode);
    let regex = build(false).or_else(|_| build(true))?;
    shared.lock().unwrap_or_else(|e| e.into_inner()).insert(pattern.to_owned(), regex.clone());
    Ok(regex)
}

/// How much checking happens at load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompileMode {
    /// Check rules now, build automata on first use; built-in sources are read on first use
    /// too (they are checked by the test suite).
    Lazy,
    /// Build every automaton now (user rules, `rules check`).
    Eager,
}

/// Checks and prepares one rule; every problem found is returned.
pub fn compile_rule(loaded: LoadedRule, mode: CompileMode) -> Result<Rule, Vec<RuleError>> {
    let LoadedRule { syntax: s, file, line, shape: known_shape, parsed } = loaded;
    let mut errors = Vec::new();
    let mut err = |msg: String| errors.push(RuleError::new(&file, line, Some(&s.id), msg));
    if !is_valid_id(&s.id) {
        err("id must be `provider.kind` in lowercase kebab-case (e.g. `github.pat-classic`)".into());
    }
    if s.keywords.iter().any(|k| k.trim().is_empty()) {
        err("a keyword is empty".into());
    }
    if s.keywords.is_empty() && s.no_keywords.as_deref().is_none_or(|r| r.trim().is_empty()) {
        err("no keywords: add `keywords`, or say why there are none in `no_keywords`".into());
    }
    if s.stopwords_empty() {
        err("a stopword is empty".into());
    }
    if let Some(entropy) = s.entropy
        && !(0.0..=8.0).contains(&entropy)
    {
        err(format!("entropy {entropy} is outside 0..=8 bits per byte"));
    }
    // Built-in rules are checked by the test suite; parsing their patterns is left to first
    // use, which keeps start-up small. User rules are parsed (and built) now.
    let keywords: Vec<String> = s.keywords.iter().map(|k| k.to_ascii_lowercase()).collect();
    let shape = OnceLock::new();
    if let Some(known) = known_shape {
        // Worked out by build.rs for the built-in rules.
        let _ = shape.set(known);
    } else if mode == CompileMode::Eager {
        match Shape::of(&s.regex, &keywords) {
            Ok(found) => {
                let _ = shape.set(found);
            }
            Err(e) => err(format!("regex does not compile: {}", regex_reason(&e))),
        }
    }
    // Each glob is parsed now (an error names the rule before any scan); the set's automaton,
    // the costly part, is built now only when every automaton is (user rules).
    let path_set = OnceLock::new();
    let mut globs_parse = true;
    for glob in &s.paths {
        if let Err(e) = Glob::new(glob) {
            err(format!("invalid path glob: {e}"));
            globs_parse = false;
        }
    }
    if mode == CompileMode::Eager && globs_parse {
        match glob_set(&s.paths) {
            Ok(set) => {
                let _ = path_set.set(set);
            }
            Err(e) => err(e),
        }
    }
    for pattern in s.allowlist.secrets.iter().filter(|_| mode == CompileMode::Eager) {
        if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
            err(format!("allowlist regex does not compile: {}", regex_reason(&e.to_string())));
        }
    }
    let rule = Rule {
        info: Arc::new(RuleInfo {
            id: s.id.clone(),
            name: s.name.clone(),
            description: s.description.trim().to_owned(),
            severity: s.severity,
            remediation: s.remediation.trim().to_owned(),
            references: s.references.clone(),
        }),
        keywords,
        entropy: s.entropy,
        paths: s.paths.clone(),
        path_set,
        stopwords: s.allowlist.stopwords.iter().map(|w| w.to_ascii_lowercase()).collect(),
        confidence: s.confidence.unwrap_or(Confidence::High),
        validate: s.validate,
        examples: s.examples.clone(),
        negative_examples: s.negative_examples.clone(),
        origin: (file.clone(), line),
        shape,
        pattern: s.regex.clone(),
        not_after: s.not_after.clone(),
        parsed,
        allow_patterns: s.allowlist.secrets.clone(),
        compiled: OnceLock::new(),
        not_after_regex: [OnceLock::new(), OnceLock::new()],
        light: OnceLock::new(),
        allow: OnceLock::new(),
    };
    if errors.is_empty()
        && mode == CompileMode::Eager
        && let Err(e) = rule.build_all()
    {
        errors.push(RuleError::new(&file, line, Some(&s.id), e));
    }
    if errors.is_empty() { Ok(rule) } else { Err(errors) }
}

/// The file and line a rule source names, for error messages.
fn origin(source: &RuleSource) -> (String, Option<usize>) {
    match source {
        RuleSource::Read(rule) => (rule.file.clone(), rule.line),
        RuleSource::Builtin(rule) => (rule.file.to_owned(), rule.line()),
    }
}

impl RuleSyntax {
    fn stopwords_empty(&self) -> bool {
        self.allowlist.stopwords.iter().any(|w| w.trim().is_empty())
    }
}

/// Whether every literal of `required` occurs in `bytes` lowercased (made once, in `lowered`).
fn all_found<L: AsRef<[u8]>>(required: &[L], bytes: &[u8], lowered: &mut Option<Vec<u8>>) -> bool {
    if required.is_empty() {
        return true;
    }
    let lowered = lowered.get_or_insert_with(|| bytes.to_ascii_lowercase());
    required.iter().all(|literal| memchr::memmem::find(lowered, literal.as_ref()).is_some())
}

/// Compiles path globs; `None` when there are none (the rule runs everywhere).
pub fn glob_set(globs: &[String]) -> Result<Option<GlobSet>, String> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let glob = Glob::new(glob).map_err(|e| format!("invalid path glob: {e}"))?;
        builder.add(glob);
    }
    builder.build().map(Some).map_err(|e| format!("invalid path glob: {e}"))
}

/// The literal text each glob must end with (after its last wildcard, leading `/` dropped:
/// `**/x` matches `x` too), or None when some glob ends in a wildcard. A path that ends in none
/// of them matches none of the globs.
fn literal_tails(globs: &[String]) -> Option<Vec<&str>> {
    globs
        .iter()
        .map(|glob| {
            let tail = match glob.rfind(['*', '?', '[', ']', '{', '}', '\\']) {
                Some(at) => glob[at + 1..].trim_start_matches('/'),
                None => glob.as_str(),
            };
            (!tail.is_empty()).then_some(tail)
        })
        .collect()
}

/// `provider.kind`, each part lowercase kebab-case.
pub fn is_valid_id(id: &str) -> bool {
    let part = |p: &str| {
        !p.is_empty()
            && !p.starts_with('-')
            && !p.ends_with('-')
            && !p.contains("--")
            && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    matches!(id.split_once('.'), Some((provider, kind)) if part(provider) && part(kind))
}

/// All rules, and the keyword automaton that picks candidate rules for a chunk.
#[derive(Debug)]
pub struct RuleSet {
    slots: Vec<Slot>,
    /// Every distinct keyword, lowercase (pattern ids of the keyword finders index it), and
    /// the rules that have each.
    keywords: KeywordTable,
    /// The keyword finders, each built on first use: an index, built in microseconds, for the
    /// first [`DFA_AFTER`] bytes scanned (a pre-commit scan of one change never needs more),
    /// then an Aho-Corasick DFA walked in four lanes, quicker to run and a few milliseconds to build.
    small_keywords: OnceLock<KeywordIndex>,
    fast_keywords: OnceLock<Option<KeywordDfa>>,
    /// Bytes handed to [`RuleSet::for_each_keyword`] so far, by every thread.
    keyword_bytes: AtomicU64,
    /// See [`RuleSet::reach`].
    reach: OnceLock<Reach>,
}

/// A rule of the set: prepared at load, or a built-in one prepared when a scan first needs it
/// (a pre-commit scan touches a handful of the hundreds of built-in rules).
#[derive(Debug)]
struct Slot {
    /// Boxed: most slots of a pre-commit scan stay empty, and a rule is large.
    rule: OnceLock<Box<Rule>>,
    /// Where an unprepared rule is read from.
    builtin: Option<&'static BuiltinRule>,
}

impl Slot {
    /// The rule's keywords: those of the rule read already, or those build.rs embedded.
    fn keywords(&self) -> (&[String], &'static [&'static str]) {
        match (self.rule.get(), self.builtin) {
            (Some(rule), _) => (&rule.keywords, &[]),
            (None, Some(builtin)) => (&[], builtin.keywords),
            (None, None) => (&[], &[]),
        }
    }
}

impl RuleSet {
    /// Checks and prepares `rules`; fails with every problem found (including duplicate ids).
    pub fn compile(rules: Vec<LoadedRule>, mode: CompileMode) -> Result<RuleSet, Vec<RuleError>> {
        RuleSet::compile_sources(
            rules.into_iter().map(|r| RuleSource::Read(Box::new(r))).collect(),
            mode,
        )
    }

    /// Like [`RuleSet::compile`], for rules of which the built-in ones may be still unread: in
    /// lazy mode those are read and prepared when first needed (the test suite checks them).
    pub fn compile_sources(
        sources: Vec<RuleSource>,
        mode: CompileMode,
    ) -> Result<RuleSet, Vec<RuleError>> {
        let mut errors = Vec::new();
        // Ids and keywords are ours, not an attacker's: a fast hash keeps start-up small.
        let mut seen: FxHashMap<&str, usize> =
            FxHashMap::with_capacity_and_hasher(sources.len(), Default::default());
        let mut duplicate = vec![false; sources.len()];
        // Built-in ids are unique (a test checks): only a set with rules of the user's own
        // needs looking at, and hashing 400 ids scattered through the binary costs a
        // pre-commit scan a score of page faults.
        let all_builtin = sources.iter().all(|source| matches!(source, RuleSource::Builtin(_)));
        for (index, source) in sources.iter().enumerate().filter(|_| !all_builtin) {
            if let Some(&first) = seen.get(source.id()) {
                duplicate[index] = true;
                let (file, line) = origin(&sources[first]);
                let msg = format!("duplicate id (first defined at {file}:{})", line.unwrap_or(0));
                let (file, line) = origin(source);
                errors.push(RuleError::new(&file, line, Some(source.id()), msg));
            } else {
                seen.insert(source.id(), index);
            }
        }
        let mut slots = Vec::with_capacity(sources.len());
        for (source, duplicate) in sources.into_iter().zip(duplicate) {
            if duplicate {
                continue;
            }
            let loaded = match source {
                RuleSource::Builtin(builtin) if mode == CompileMode::Lazy => {
                    slots.push(Slot { rule: OnceLock::new(), builtin: Some(builtin) });
                    continue;
                }
                RuleSource::Builtin(builtin) => match builtin.read() {
                    Ok(loaded) => loaded,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                },
                RuleSource::Read(loaded) => *loaded,
            };
            match compile_rule(loaded, mode) {
                Ok(rule) => {
                    slots.push(Slot { rule: OnceLock::from(Box::new(rule)), builtin: None })
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RuleSet::from_slots(slots))
    }

    fn from_slots(slots: Vec<Slot>) -> RuleSet {
        let small_keywords = OnceLock::new();
        let keywords = match &BUILTIN_KEYWORDS {
            // Every built-in rule, unread and in order (no user rules, none left out): the
            // tables build.rs worked out.
            Some((table, index)) if Self::all_builtin_in_order(&slots) => {
                let _ = small_keywords.set(index.clone());
                table.clone()
            }
            _ => KeywordTable::new(slots.iter().map(|slot| {
                // Built-in keywords are borrowed: a scan does not copy ~2,000 strings.
                let (read, builtin) = slot.keywords();
                let builtin = builtin.iter().map(|&k| Cow::Borrowed(k));
                builtin.chain(read.iter().map(|k| Cow::Owned(k.clone())))
            })),
        };
        RuleSet {
            slots,
            keywords,
            small_keywords,
            fast_keywords: OnceLock::new(),
            reach: OnceLock::new(),
            keyword_bytes: AtomicU64::new(0),
        }
    }

    /// Whether `slots` are every built-in rule, unread, in `BUILTIN_PACKS` order.
    fn all_builtin_in_order(slots: &[Slot]) -> bool {
        let mut builtin = BUILTIN_PACKS.iter().flat_map(|pack| pack.rules);
        slots.iter().all(|slot| {
            slot.rule.get().is_none()
                && builtin.next().zip(slot.builtin).is_some_and(|(a, b)| std::ptr::eq(a, b))
        }) && builtin.next().is_none()
    }

    /// Rule `index` (in load order), read and prepared now if this is its first use.
    pub fn rule(&self, index: usize) -> &Rule {
        let slot = &self.slots[index];
        slot.rule.get_or_init(|| {
            let builtin =
                slot.builtin.expect("rules without a built-in source are prepared at load");
            match builtin
                .read()
                .map_err(|e| vec![e])
                .and_then(|r| compile_rule(r, CompileMode::Lazy))
            {
                Ok(rule) => Box::new(rule),
                Err(errors) => Box::new(Rule::unusable(builtin, &errors)),
            }
        })
    }

    /// Every rule, in load order (each read and prepared now if not yet).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Rule> {
        (0..self.slots.len()).map(|index| self.rule(index))
    }

    /// Whether every match of rule `index` begins with one of its keywords (see
    /// [`Rule::starts_with_keyword`]); a built-in rule need not be read to tell.
    pub fn starts_with_keyword(&self, index: usize) -> bool {
        match self.known_shape(index) {
            Some(shape) => shape.starts_with_keyword,
            None => self.rule(index).starts_with_keyword(),
        }
    }

    /// The longest match of rule `index` (see [`Rule::max_match_len`]); a built-in rule need
    /// not be read to tell.
    pub fn max_match_len(&self, index: usize) -> Option<usize> {
        match self.known_shape(index) {
            Some(shape) => shape.max_len,
            None => self.rule(index).max_match_len(),
        }
    }

    /// Whether rule `index` runs on content at `path` (see [`Rule::applies_to`]); a built-in
    /// rule limited to no paths need not be read to tell.
    pub fn applies_to(&self, index: usize, path: &str) -> bool {
        let slot = &self.slots[index];
        match (slot.rule.get(), slot.builtin) {
            (None, Some(builtin)) if builtin.paths.is_empty() => true,
            _ => self.rule(index).applies_to(path),
        }
    }

    /// Whether `bytes` hold every literal a match of rule `index` needs, ASCII case ignored
    /// (see [`Rule::required_literals`]); a built-in rule need not be read to tell. `lowered`
    /// keeps `bytes` lowercased for the next rule asked about the same bytes.
    pub fn may_match(&self, index: usize, bytes: &[u8], lowered: &mut Option<Vec<u8>>) -> bool {
        match self.slots[index].builtin.and_then(|builtin| builtin.shape) {
            Some(shape) => all_found(shape.required, bytes, lowered),
            None => all_found(self.rule(index).required_literals(), bytes, lowered),
        }
    }

    /// Whether a match of rule `index` can hold a line break (see [`Shape::spans_lines`]); a
    /// built-in rule need not be read to tell.
    pub fn spans_lines(&self, index: usize) -> bool {
        match self.known_shape(index) {
            Some(shape) => shape.spans_lines,
            None => self.rule(index).shape().spans_lines,
        }
    }

    /// How far from a changed line the set's matches can reach (worked out on first use).
    pub fn reach(&self) -> &Reach {
        self.reach.get_or_init(|| Reach::of(self))
    }

    /// The shape of a built-in rule not yet read, as `build.rs` worked it out.
    fn known_shape(&self, index: usize) -> Option<BuiltinShape> {
        self.slots[index].builtin?.shape
    }

    /// Whether the scans so far are small (under [`DFA_AFTER`] bytes in all): keywords are then
    /// found with the index and regexes built light ([`Rule::compiled_light`]).
    pub fn small_so_far(&self) -> bool {
        self.keyword_bytes.load(Ordering::Relaxed) <= DFA_AFTER
    }

    /// Calls `hit(pattern, start, end)` for every occurrence of every keyword in `bytes`
    /// (overlapping ones included, ASCII case ignored), in no particular order.
    pub fn for_each_keyword(&self, bytes: &[u8], hit: impl FnMut(usize, usize, usize)) {
        let patterns = self.keywords.patterns();
        if patterns.is_empty() {
            return;
        }
        let len = bytes.len() as u64;
        if self.keyword_bytes.fetch_add(len, Ordering::Relaxed) + len <= DFA_AFTER {
            let index = self.small_keywords.get_or_init(|| KeywordIndex::new(patterns));
            index.for_each_hit(bytes, hit);
        } else if let Some(dfa) = self.fast_keywords.get_or_init(|| KeywordDfa::new(patterns)) {
            dfa.for_each_hit(bytes, hit);
        }
    }

    /// The rules that have keyword pattern `pattern`.
    pub fn rules_for_keyword(&self, pattern: usize) -> &[u32] {
        self.keywords.rules_for(pattern)
    }

    /// Number of keyword patterns (the ids [`RuleSet::for_each_keyword`] reports).
    pub fn keyword_count(&self) -> usize {
        self.keywords.patterns().len()
    }

    /// Rules that run on every chunk.
    pub fn keywordless(&self) -> &[u32] {
        self.keywords.keywordless()
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::load::parse_pack;

    fn pack(body: &str) -> Vec<LoadedRule> {
        parse_pack("t.yaml", &format!("rules:\n{body}")).unwrap()
    }

    const RULE: &str = "  - id: a.b\n    name: n\n    description: d\n    regex: 'x(y)'\n    keywords: [x]\n    severity: low\n    remediation: r\n";

    /// The built-in rules alone take the keyword tables build.rs embedded; with a user rule
    /// (or without one of them) the tables are worked out, and hold the user's keywords.
    #[test]
    fn keyword_tables_are_embedded_only_for_the_builtin_rules_as_they_are() {
        let builtin = || crate::rules::load::builtin_sources().unwrap();
        let set = RuleSet::compile_sources(builtin(), CompileMode::Lazy).unwrap();
        assert!(set.small_keywords.get().is_some());
        let mut found = Vec::new();
        set.for_each_keyword(b"GITHUB_TOKEN=x", |pattern, start, _| found.push((pattern, start)));
        assert!(!found.is_empty());

        let mut with_user = builtin();
        let user = "  - id: u.z\n    name: n\n    description: d\n    regex: 'zqx(y)'\n    keywords: [zqx]\n    severity: low\n    remediation: r\n";
        with_user.extend(pack(user).into_iter().map(|r| RuleSource::Read(Box::new(r))));
        let set = RuleSet::compile_sources(with_user, CompileMode::Lazy).unwrap();
        assert!(set.small_keywords.get().is_none());
        let mut hits = Vec::new();
        set.for_each_keyword(b"a zqx b", |pattern, _, _| hits.push(pattern));
        let user_rule = set.len() - 1;
        assert!(hits.iter().any(|&p| set.rules_for_keyword(p) == [user_rule as u32]));

        let mut fewer = builtin();
        fewer.pop();
        let set = RuleSet::compile_sources(fewer, CompileMode::Lazy).unwrap();
        assert!(set.small_keywords.get().is_none());
    }

    /// `compile_sources` trusts this when it loads the built-in rules alone.
    #[test]
    fn builtin_ids_are_unique() {
        let sources = crate::rules::load::builtin_sources().unwrap();
        let ids: std::collections::HashSet<&str> = sources.iter().map(RuleSource::id).collect();
        assert_eq!(ids.len(), sources.len());
    }

    #[test]
    fn literal_tails_never_reject_a_path_the_globs_match() {
        let globs: Vec<String> = ["**/.npmrc", "config/*.key", "**/a/b.txt", "x.{yml,yaml}"]
            .iter()
            .map(|g| g.to_string())
            .collect();
        assert_eq!(literal_tails(&globs[..3]), Some(vec![".npmrc", ".key", "a/b.txt"]));
        assert_eq!(literal_tails(&globs), None);
        let set = glob_set(&globs[..3]).unwrap().unwrap();
        let tails = literal_tails(&globs[..3]).unwrap();
        for path in [".npmrc", "x/.npmrc", "config/m.key", "a/b.txt", "q/a/b.txt", "ab.txt", "n"] {
            let by_tail = tails.iter().any(|t| path.ends_with(t));
            assert!(by_tail || !set.is_match(path), "{path}");
        }
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("github.pat-classic"));
        for bad in ["github", "GitHub.pat", "a.b.c", "a.-b", "a..b", ".b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn duplicate_ids_are_errors() {
        let errors =
            RuleSet::compile(pack(&format!("{RULE}{RULE}")), CompileMode::Lazy).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("duplicate id"));
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn bad_regex_glob_and_keyword_are_all_reported() {
        let rule = RULE.replace("'x(y)'", "'x(y'").replace("[x]", "['']") + "    paths: ['a[']\n";
        let errors = RuleSet::compile(pack(&rule), CompileMode::Eager).unwrap_err();
        let text: Vec<_> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 3, "{text:?}");
        assert!(text.iter().all(|t| t.starts_with("t.yaml:2: rule a.b: ")), "{text:?}");
    }

    #[test]
    fn oversized_regex_is_an_error_when_eager() {
        let rule = RULE.replace("'x(y)'", "'x(\\w{1000}){1000}'");
        let errors = RuleSet::compile(pack(&rule), CompileMode::Eager).unwrap_err();
        assert!(errors[0].message.contains("regex does not compile"), "{}", errors[0]);
    }

    /// `not_after` is built lazily when scanning, but a user rule's bad one is still an error
    /// at load.
    #[test]
    fn bad_not_after_is_an_error_when_eager_and_built_only_on_use_when_lazy() {
        let rule = format!("{RULE}    not_after: '(unclosed'\n");
        let errors = RuleSet::compile(pack(&rule), CompileMode::Eager).unwrap_err();
        assert!(errors[0].message.contains("not_after regex does not compile"), "{}", errors[0]);
        let rule = format!("{RULE}    not_after: 'w\\z'\n");
        let set = RuleSet::compile(pack(&rule), CompileMode::Lazy).unwrap();
        for light in [false, true] {
            assert!(set.rule(0).not_after_regex[usize::from(light)].get().is_none());
            assert!(set.rule(0).excluded_by_context(b"wx", 1, light));
            assert!(!set.rule(0).excluded_by_context(b"vx", 1, light));
        }
    }

    // See: #6 (the rules_yaml fuzz target checks that no error quotes an allowlist pattern)
    #[test]
    fn issue_6_oversized_allowlist_regex_error_does_not_quote_the_pattern() {
        let held = ["ghp", "R2d2C3po"].join("_");
        let rule =
            format!("{RULE}    allowlist:\n      secrets: ['{held}(\\w{{1000}}){{1000}}']\n");
        let errors = RuleSet::compile(pack(&rule), CompileMode::Eager).unwrap_err();
        let text = errors[0].to_string();
        assert!(text.contains("allowlist regex 1 does not compile: "), "{text}");
        assert!(text.contains("size limit") && !text.contains(&held), "{text}");
    }

    #[test]
    fn secret_group_is_named_then_first() {
        let rules = pack(&RULE.replace("'x(y)'", "'(x)(?P<secret>y)'"));
        let set = RuleSet::compile(rules, CompileMode::Eager).unwrap();
        assert_eq!(set.rule(0).compiled().unwrap().secret_group, 2);
    }
}
