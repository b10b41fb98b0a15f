//! What the matcher needs to know about a rule's regex: how long a match can be, whether every
//! match begins with one of the rule's keywords, and which literals every match contains.
//! Worked out from the pattern's syntax
//! tree. `build.rs` includes this file too, so that the built-in rules' shapes are computed at
//! build time and a scan does not spend its start-up on them.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Regexes whose longest match is longer than this scan the whole chunk, not windows.
pub const MAX_WINDOW: usize = 64 * 1024;

/// What the matcher needs to know about a rule's regex to search only near its keywords.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// The longest match in bytes; None when unbounded or longer than [`MAX_WINDOW`].
    pub max_len: Option<usize>,
    /// Every match begins with a keyword (then an anchored search at each keyword finds every match).
    pub starts_with_keyword: bool,
    /// Byte strings (lowercase) that every match contains, ignoring ASCII case: content without
    /// one of them cannot match, and a small scan need not build the regex to learn that.
    pub required: Vec<Vec<u8>>,
    /// A match can hold a line break. When it cannot, every match lies within one line, which
    /// lets an incremental history scan search only the lines a new version changed.
    pub spans_lines: bool,
}

/// At most this many required literals are kept (the longest): each one costs a search.
const MAX_REQUIRED: usize = 4;

impl Shape {
    /// The shape of `pattern` for a rule with `keywords` (lowercase); an error when the pattern
    /// does not parse.
    pub fn of(pattern: &str, keywords: &[String]) -> Result<Shape, String> {
        let hir = super::hir_code::parse(pattern)?;
        let max_len = hir.properties().maximum_len().filter(|&len| len <= MAX_WINDOW);
        Ok(Shape {
            max_len,
            starts_with_keyword: starts_with_keyword(&hir, keywords),
            required: required_literals(&hir),
            spans_lines: can_match_newline(&hir),
        })
    }
}

/// Whether some match of `hir` can contain a `\n` byte.
fn can_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.contains(&b'\n'),
        HirKind::Class(Class::Bytes(class)) => {
            class.iter().any(|r| (r.start()..=r.end()).contains(&b'\n'))
        }
        HirKind::Class(Class::Unicode(class)) => {
            class.iter().any(|r| (r.start()..=r.end()).contains(&'\n'))
        }
        HirKind::Capture(capture) => can_match_newline(&capture.sub),
        HirKind::Repetition(rep) => rep.max != Some(0) && can_match_newline(&rep.sub),
        HirKind::Alternation(items) | HirKind::Concat(items) => items.iter().any(can_match_newline),
    }
}

/// What is known of the strings a piece of a regex matches.
struct Literals {
    /// The one string it matches (lowercase), if it matches only one, ignoring ASCII case.
    exact: Option<Vec<u8>>,
    /// Strings (lowercase, not empty) every match of it contains.
    required: Vec<Vec<u8>>,
}

impl Literals {
    /// Every non-empty string known to be in every match, `exact` included.
    fn all(self) -> Vec<Vec<u8>> {
        let mut all = self.required;
        all.extend(self.exact.filter(|e| !e.is_empty()));
        all
    }
}

/// The longest few of the literals every match of `hir` contains.
fn required_literals(hir: &Hir) -> Vec<Vec<u8>> {
    let mut all = literals(hir).all();
    all.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    all.dedup();
    // A literal inside a longer one kept already adds nothing.
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for literal in all {
        if !kept.iter().any(|k| contains(k, &literal)) {
            kept.push(literal);
        }
    }
    kept.truncate(MAX_REQUIRED);
    kept
}

fn literals(hir: &Hir) -> Literals {
    let exact = |bytes: Vec<u8>| Literals { exact: Some(bytes), required: Vec::new() };
    let unknown = || Literals { exact: None, required: Vec::new() };
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exact(Vec::new()),
        HirKind::Literal(literal) => exact(literal.0.to_ascii_lowercase()),
        HirKind::Class(class) => match one_byte_ignoring_case(class) {
            Some(byte) => exact(vec![byte]),
            None => unknown(),
        },
        HirKind::Capture(capture) => literals(&capture.sub),
        HirKind::Repetition(rep) if rep.min == 0 => unknown(),
        HirKind::Repetition(rep) if rep.max == Some(1) => literals(&rep.sub),
        HirKind::Repetition(rep) => Literals { exact: None, required: literals(&rep.sub).all() },
        HirKind::Alternation(alternatives) => {
            let mut sets = alternatives.iter().map(|a| literals(a).all());
            let mut common = sets.next().unwrap_or_default();
            for set in sets {
                // In every match of this alternative too, if inside one of its literals.
                common.retain(|literal| set.iter().any(|s| contains(s, literal)));
            }
            Literals { exact: None, required: common }
        }
        HirKind::Concat(items) => {
            let mut run = Some(Vec::new());
            let mut required = Vec::new();
            let mut all_exact = true;
            for item in items {
                let found = literals(item);
                match found.exact {
                    Some(bytes) => run.get_or_insert_with(Vec::new).extend(bytes),
                    None => {
                        all_exact = false;
                        required.extend(run.take().filter(|r| !r.is_empty()));
                        required.extend(found.required);
                    }
                }
            }
            if all_exact {
                Literals { exact: run, required }
            } else {
                required.extend(run.filter(|r| !r.is_empty()));
                Literals { exact: None, required }
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The byte a class matches, lowercase, if it matches one byte or the two cases of one letter.
fn one_byte_ignoring_case(class: &Class) -> Option<u8> {
    let bytes: Vec<u32> = match class {
        Class::Bytes(c) => {
            c.iter().flat_map(|r| r.start()..=r.end()).take(3).map(u32::from).collect()
        }
        Class::Unicode(c) => {
            c.iter().flat_map(|r| u32::from(r.start())..=u32::from(r.end())).take(3).collect()
        }
    };
    let bytes: Vec<u8> = bytes.into_iter().map(u8::try_from).collect::<Result<_, _>>().ok()?;
    match bytes[..] {
        [b] => Some(b.to_ascii_lowercase()),
        [a, b] if a != b && a.eq_ignore_ascii_case(&b) => Some(a.to_ascii_lowercase()),
        _ => None,
    }
}

/// Whether every match of `hir` begins with one of `keywords` (lowercase; found ignoring ASCII
/// case). Look-arounds such as `\b` are zero-width and do not move a match's start.
fn starts_with_keyword(hir: &Hir, keywords: &[String]) -> bool {
    let Some(longest) = keywords.iter().map(String::len).max() else { return false };
    let Some(starts) = match_starts(hir, longest, keywords) else { return false };
    !starts.is_empty()
        && starts.iter().all(|(start, _)| keywords.iter().any(|k| start.starts_with(k.as_bytes())))
}

/// Past this many different beginnings, a regex is not worth the anchored search.
const MAX_STARTS: usize = 4096;

/// The lowercase byte strings a match of `hir` can begin with, cut at `len` bytes or after a
/// keyword, each with whether it is a whole match (so that what follows in a concatenation can
/// extend it). None when a match can begin with too many different strings to list. Cutting a
/// string short only ever makes the answer of [`starts_with_keyword`] more cautious.
fn match_starts(hir: &Hir, len: usize, keywords: &[String]) -> Option<Vec<(Vec<u8>, bool)>> {
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => vec![(Vec::new(), true)],
        HirKind::Literal(literal) => {
            let bytes = literal.0.to_ascii_lowercase();
            let whole = bytes.len() <= len;
            vec![(bytes[..bytes.len().min(len)].to_vec(), whole)]
        }
        HirKind::Class(class) => {
            let mut bytes: Vec<u8> = match class {
                Class::Bytes(c) => c.iter().flat_map(|r| r.start()..=r.end()).take(256).collect(),
                Class::Unicode(c) => c
                    .iter()
                    .flat_map(|r| u32::from(r.start())..=u32::from(r.end()))
                    .take(257)
                    .map(|c| u8::try_from(c).unwrap_or(0x80))
                    .collect(),
            };
            // `[Aa]` (what `(?i)a` becomes) is one lowercase byte; only small classes qualify.
            bytes.iter_mut().for_each(|b| *b = b.to_ascii_lowercase());
            bytes.sort_unstable();
            bytes.dedup();
            if bytes.len() > 8 || bytes.iter().any(|b| !b.is_ascii()) {
                return None;
            }
            bytes.into_iter().map(|b| (vec![b], true)).collect()
        }
        HirKind::Capture(capture) => match_starts(&capture.sub, len, keywords)?,
        HirKind::Repetition(rep) => {
            let mut starts: Vec<(Vec<u8>, bool)> = match_starts(&rep.sub, len, keywords)?
                .into_iter()
                .map(|(start, whole)| (start, whole && rep.max == Some(1)))
                .collect();
            if rep.min == 0 {
                // Skipped entirely: the match goes on with what follows (`s?`, `[ \t]{0,8}`).
                starts.push((Vec::new(), true));
            }
            starts
        }
        HirKind::Alternation(alternatives) => {
            let mut starts = Vec::new();
            for alternative in alternatives {
                starts.extend(match_starts(alternative, len, keywords)?);
                if starts.len() > MAX_STARTS {
                    return None;
                }
            }
            starts
        }
        HirKind::Concat(items) => {
            let mut starts = vec![(Vec::new(), true)];
            for item in items {
                if starts.iter().all(|(start, whole)| !whole || start.len() >= len) {
                    break;
                }
                let mut next = Vec::new();
                for (start, whole) in starts {
                    if !whole || start.len() >= len {
                        next.push((start, false));
                        continue;
                    }
                    // An item that can begin too many ways ends what is known of the start.
                    let Some(more) = match_starts(item, len - start.len(), keywords) else {
                        next.push((start, false));
                        continue;
                    };
                    for (more, more_whole) in more {
                        next.push(([start.as_slice(), &more].concat(), more_whole));
                    }
                    if next.len() > MAX_STARTS {
                        return None;
                    }
                }
                // A string that already begins with a keyword is settled: cut it there, so
                // that what follows does not multiply the strings to list.
                for (start, whole) in &mut next {
                    if let Some(k) = keywords.iter().find(|k| start.starts_with(k.as_bytes())) {
                        start.truncate(k.len());
                        *whole = false;
                    }
                }
                next.sort_unstable();
                next.dedup();
                starts = next;
            }
            starts
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_every_match_contains_are_found() {
        let required = |pattern: &str| -> Vec<String> {
            Shape::of(pattern, &[])
                .unwrap()
                .required
                .into_iter()
                .map(|r| String::from_utf8(r).unwrap())
                .collect()
        };
        assert_eq!(required(r"\b(ghp_[A-Za-z0-9]{36})\b"), ["ghp_"]);
        // `<` is inside `</`, which is kept instead.
        assert_eq!(required(r"(?i)<(?:a|b)key>[^<]{1,9}</"), ["key>", "</"]);
        assert_eq!(required(r"(?i)Name=(?:x|y)value"), ["name=", "value"]);
        assert_eq!(required(r"(?:abc|xabcx)(?:--)+"), ["abc", "--"]);
        // Optional pieces, a literal in only one branch, classes wider than one letter.
        assert!(required(r"(?:key)?[a-z]{3}|z").is_empty());
        assert!(required(r"[ab]c?").is_empty());
    }

    #[test]
    fn matches_that_can_hold_a_line_break_are_recognised() {
        let spans = |pattern: &str| Shape::of(pattern, &[]).unwrap().spans_lines;
        assert!(!spans(r"\b(ghp_[A-Za-z0-9]{36})\b"));
        assert!(!spans(r"(?i)key[ \t]*=[^\s]{8,}"));
        assert!(!spans(r"(?m)^token=[^\n]+$"));
        assert!(!spans(r"a(?:\n){0}b"));
        // `\s` and negated classes hold `\n`; so does a literal line break, in any branch.
        assert!(spans(r"key\s*=\s*(\w+)"));
        assert!(spans(r#"secret: "[^"]+""#));
        assert!(spans(r"-----BEGIN[ A-Z]*-----\n(?:[A-Za-z0-9+/=]+\n)+"));
        assert!(spans(r"x|(?:y\n)?z"));
        assert!(spans(r"(?s)a.b"));
        assert!(!spans(r"a.b"));
    }

    #[test]
    fn rules_whose_matches_begin_with_a_keyword_are_recognised() {
        let starts = |pattern: &str, keywords: &[&str]| {
            let keywords: Vec<String> = keywords.iter().map(|k| k.to_string()).collect();
            Shape::of(pattern, &keywords).unwrap().starts_with_keyword
        };
        assert!(starts(r"\b(ghp_[A-Za-z0-9]{36})\b", &["ghp_"]));
        assert!(starts(r"(?i)\bhttps?://[^:@]+:(?P<secret>[^@]+)@", &["http"]));
        assert!(starts(r"(?i)authorization[ :]{1,4}bearer ([a-z]{20,})", &["authorization"]));
        assert!(starts(r"xox[baprs]-[0-9]+", &["xoxb", "xoxa", "xoxp", "xoxr", "xoxs"]));
        assert!(starts(r"(?:SK|twilio_)[0-9a-f]{32}", &["sk", "twilio"]));
        // An optional run (`[ \t]{0,8}`) may be skipped: what follows it extends the start.
        assert!(starts(r"key[ \t]{0,8}[=:]", &["key ", "key\t", "key=", "key:"]));
        assert!(!starts(r"key[ \t]{0,8}[=:]", &["key ", "key\t", "key="]));
        // A keyword later in the match, an optional lead, a keyword the regex can miss.
        assert!(!starts(r"[a-z_]{0,20}password=(\S+)", &["password"]));
        assert!(!starts(r#""?sessiontoken=(\S+)"#, &["sessiontoken"]));
        assert!(!starts(r"(?:ghp_|gho_)x", &["ghp_"]));
        assert!(!starts(r"(?i)[a-z]+_token", &["token"]));
        assert!(!starts(r"abc", &[]));
    }
}
