//! `.leakwatchignore` at the scanned root: fingerprints the user accepted, one per line,
//! optionally scoped to a path glob; `#` starts a comment. Content-based, so an entry survives
//! squash merges, rebases and moving the line. Applied in the collector, before the baseline.

use crate::finding::{FINGERPRINT_HEX_LEN, Finding, Fingerprint};
use globset::{Glob, GlobMatcher};
use std::path::Path;

/// The file name looked for at the scanned root.
pub const IGNORE_FILE_NAME: &str = ".leakwatchignore";

/// A malformed line (the whole file is rejected: a typo must not un-ignore silently).
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct IgnoreFileError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// One entry: a fingerprint, and the paths it applies to (all when `None`).
#[derive(Debug, Clone)]
struct Entry {
    fingerprint: Fingerprint,
    scope: Option<GlobMatcher>,
}

/// The parsed ignore file (empty when there is none).
#[derive(Debug, Clone, Default)]
pub struct IgnoreFile {
    entries: Vec<Entry>,
}

impl IgnoreFile {
    /// Reads `root/.leakwatchignore`; no file means no entries.
    pub fn load(root: &Path) -> Result<IgnoreFile, IgnoreFileError> {
        let path = root.join(IGNORE_FILE_NAME);
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => IgnoreFile::parse(&name, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(IgnoreFile::default()),
            Err(e) => Err(IgnoreFileError { file: name, line: 0, message: e.to_string() }),
        }
    }

    /// Parses the file's text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<IgnoreFile, IgnoreFileError> {
        let mut entries = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
            if line.is_empty() {
                continue;
            }
            let error = |message: String| IgnoreFileError {
                file: name.to_owned(),
                line: index + 1,
                message,
            };
            let mut words = line.split_whitespace();
            let word = words.next().unwrap_or_default();
            let fingerprint = Fingerprint::parse(&word.to_ascii_lowercase()).ok_or_else(|| {
                error(format!("expected a fingerprint ({FINGERPRINT_HEX_LEN} hex digits)"))
            })?;
            let scope = match (words.next(), words.next()) {
                (None, _) => None,
                (Some(glob), None) => Some(
                    Glob::new(glob)
                        .map_err(|e| error(format!("invalid path glob: {e}")))?
                        .compile_matcher(),
                ),
                (Some(_), Some(_)) => {
                    return Err(error("expected: FINGERPRINT [PATH-GLOB]".to_owned()));
                }
            };
            entries.push(Entry { fingerprint, scope });
        }
        Ok(IgnoreFile { entries })
    }

    /// Whether the file ignores `finding`.
    pub fn ignores(&self, finding: &Finding) -> bool {
        self.entries.iter().any(|e| {
            e.fingerprint == finding.fingerprint
                && e.scope.as_ref().is_none_or(|g| g.is_match(finding.provenance.path()))
        })
    }

    /// Whether the file has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_comments_and_scopes() {
        let fp = Fingerprint::new("a.b", b"x");
        let text = format!("# accepted\n{fp}  # old test key\n{fp} fixtures/**\n\n");
        assert_eq!(IgnoreFile::parse("i", &text).unwrap().entries.len(), 2);
        let bad = IgnoreFile::parse("i", "\nnot-a-fingerprint\n").unwrap_err();
        assert_eq!(bad.line, 2);
        assert!(IgnoreFile::parse("i", &format!("{fp} a b\n")).is_err());
    }
}
