//! Control characters never reach a terminal: a file name or a line carrying ANSI escape
//! sequences must not rewrite the user's screen.

use std::borrow::Cow;

/// `text` with control characters shown as escapes (`\x1b`, `\n`, `\u{9b}`).
///
/// ```
/// use leakwatch::report::sanitize::escape;
/// assert_eq!(escape("a\x1b[2Jb\n"), "a\\x1b[2Jb\\n");
/// assert_eq!(escape("plain/é.txt"), "plain/é.txt");
/// ```
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && c.is_control() => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}
