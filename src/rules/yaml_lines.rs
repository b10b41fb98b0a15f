//! Where rules sit in a pack's YAML text, found by reading lines (no YAML parser): used by
//! error messages, and by `build.rs`, which records the line of each built-in rule.

/// The 1-based line of every `id:` in `text`, by id (the first, when an id repeats).
pub fn id_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(id) = id_on_line(line) {
            lines.entry(id).or_insert(i + 1);
        }
    }
    lines
}

/// The id of the rule that encloses 1-based `line`: the last `id:` at or before it.
pub fn id_before_line(text: &str, line: usize) -> Option<String> {
    text.lines().take(line).filter_map(id_on_line).last().map(str::to_owned)
}

/// The id on `line`, if it is a rule's `id:` line.
pub fn id_on_line(line: &str) -> Option<&str> {
    let rest = line.trim_start().trim_start_matches('-').trim_start().strip_prefix("id:")?;
    Some(rest.trim().trim_matches(|c| c == '"' || c == '\''))
}
