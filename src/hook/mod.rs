//! Installing and removing leakwatch's git hooks. The scripts come from `hooks/` (POSIX sh),
//! embedded at build time.
//!
//! The hooks folder is the one git uses: `core.hooksPath` (relative to the work tree), else the
//! common git dir's `hooks` (so linked worktrees and submodules, whose `.git` is a file, work).
//! A hook leakwatch did not write is never lost: install keeps it next to ours and our script
//! runs it first, or with `force` saves a backup; uninstall puts back exactly what was there.

use git2::Repository;
use std::path::{Path, PathBuf};

/// The line every hook leakwatch writes carries; it tells our hooks from foreign ones.
pub const MARKER: &str = "# leakwatch-hook:";
/// Suffix of a foreign hook kept and run first by ours.
pub const CHAINED_SUFFIX: &str = ".leakwatch-chained";
/// Suffix of a foreign hook replaced with `--force`.
pub const BACKUP_SUFFIX: &str = ".leakwatch-backup";

/// A hook leakwatch provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookKind {
    /// Scans the staged change.
    PreCommit,
    /// Scans the commits being pushed.
    PrePush,
}

impl HookKind {
    /// Every hook, in install order.
    pub const ALL: [HookKind; 2] = [HookKind::PreCommit, HookKind::PrePush];

    /// git's name for the hook (also its file name).
    pub fn name(self) -> &'static str {
        match self {
            HookKind::PreCommit => "pre-commit",
            HookKind::PrePush => "pre-push",
        }
    }

    /// The script, from `hooks/`.
    pub fn script(self) -> &'static str {
        match self {
            HookKind::PreCommit => include_str!("../../hooks/pre-commit"),
            HookKind::PrePush => include_str!("../../hooks/pre-push"),
        }
    }
}

/// Why a hook could not be installed or removed.
#[derive(Debug, thiserror::Error)]
pub enum HookError {
    /// Bare repositories have no commits made in them to check.
    #[error("this is a bare repository: install the hooks in a clone with a work tree")]
    Bare,
    /// A file is in the way of the one we need to move a foreign hook to.
    #[error(
        "{hook} is not leakwatch's and {other} already exists; move one of them away and install \
         again, or chain by hand: end your hook with  leakwatch staged  (pre-commit) or  \
         leakwatch hook pre-push \"$@\"  (pre-push, given the same standard input)"
    )]
    InTheWay {
        /// The foreign hook.
        hook: String,
        /// The file in the way.
        other: String,
    },
    /// The hook is not ours, so uninstall leaves it alone.
    #[error("{0} was not written by leakwatch; left alone")]
    Foreign(String),
    /// git could not tell where the hooks are.
    #[error("finding the hooks folder: {0}")]
    Git(#[from] git2::Error),
    /// A file operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// What install did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Installed {
    /// There was no hook; ours is there now.
    New,
    /// Ours was already there, unchanged.
    Unchanged,
    /// An older version of ours was replaced.
    Updated,
    /// A foreign hook was kept at this path and runs before ours.
    Chained(PathBuf),
    /// A foreign hook was replaced (`force`) and saved at this path.
    Replaced(PathBuf),
}

/// What uninstall did to one hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uninstalled {
    /// Nothing of ours was there.
    NotInstalled,
    /// Ours was removed; there was nothing before it.
    Removed,
    /// Ours was removed and the hook from this path was put back.
    Restored(PathBuf),
}

/// The folder git runs hooks from for `repo`.
pub fn hooks_dir(repo: &Repository) -> Result<PathBuf, HookError> {
    if repo.is_bare() {
        return Err(HookError::Bare);
    }
    let configured = repo.config()?.get_path("core.hooksPath").ok();
    Ok(match configured {
        Some(path) if path.is_absolute() => path,
        // git runs hooks from the top of the work tree, so a relative path starts there.
        Some(path) => repo.workdir().unwrap_or_else(|| repo.path()).join(path),
        None => repo.commondir().join("hooks"),
    })
}

/// Installs hook `kind` in `dir`.
pub fn install(dir: &Path, kind: HookKind, force: bool) -> Result<Installed, HookError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let target = dir.join(kind.name());
    if std::fs::symlink_metadata(&target).is_err() {
        write_script(&target, kind)?;
        return Ok(Installed::New);
    }
    let current = std::fs::read(&target).unwrap_or_default();
    if is_ours(&current) {
        if current == kind.script().as_bytes() {
            return Ok(Installed::Unchanged);
        }
        write_script(&target, kind)?;
        return Ok(Installed::Updated);
    }
    let keep = with_suffix(&target, if force { BACKUP_SUFFIX } else { CHAINED_SUFFIX });
    if std::fs::symlink_metadata(&keep).is_ok() {
        return Err(HookError::InTheWay { hook: show(&target), other: show(&keep) });
    }
    std::fs::rename(&target, &keep).map_err(|e| io(&target, e))?;
    write_script(&target, kind)?;
    Ok(if force { Installed::Replaced(keep) } else { Installed::Chained(keep) })
}

/// Removes hook `kind` from `dir` if it is ours, and puts back what it replaced.
pub fn uninstall(dir: &Path, kind: HookKind) -> Result<Uninstalled, HookError> {
    let target = dir.join(kind.name());
    if std::fs::symlink_metadata(&target).is_err() {
        return Ok(Uninstalled::NotInstalled);
    }
    if !is_ours(&std::fs::read(&target).unwrap_or_default()) {
        return Err(HookError::Foreign(show(&target)));
    }
    std::fs::remove_file(&target).map_err(|e| io(&target, e))?;
    for suffix in [CHAINED_SUFFIX, BACKUP_SUFFIX] {
        let kept = with_suffix(&target, suffix);
        if std::fs::symlink_metadata(&kept).is_ok() {
            std::fs::rename(&kept, &target).map_err(|e| io(&kept, e))?;
            return Ok(Uninstalled::Restored(kept));
        }
    }
    Ok(Uninstalled::Removed)
}

/// Whether a hook's content carries our marker (in its first lines).
pub fn is_ours(content: &[u8]) -> bool {
    let head = &content[..content.len().min(512)];
    memchr::memmem::find(head, MARKER.as_bytes()).is_some()
}

/// Writes the script through a temporary file, then makes it executable.
fn write_script(target: &Path, kind: HookKind) -> Result<(), HookError> {
    let temp = with_suffix(target, ".leakwatch-tmp");
    std::fs::write(&temp, kind.script()).map_err(|e| io(&temp, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io(&temp, e))?;
    }
    std::fs::rename(&temp, target).map_err(|e| io(target, e))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

fn io(path: &Path, source: std::io::Error) -> HookError {
    HookError::Io { path: show(path), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_carry_the_marker_and_quote_paths() {
        for kind in HookKind::ALL {
            let script = kind.script();
            assert!(script.starts_with("#!/bin/sh\n"));
            assert!(is_ours(script.as_bytes()));
            assert!(script.contains("\"$chained\" \"$@\""));
        }
        assert!(!is_ours(b"#!/bin/sh\nexit 0\n"));
    }

    #[test]
    fn install_twice_then_uninstall_restores_foreign_hook() {
        let dir = tempfile::tempdir().unwrap();
        let hook = dir.path().join("pre-commit");
        std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
        let chained = dir.path().join("pre-commit.leakwatch-chained");
        assert_eq!(
            install(dir.path(), HookKind::PreCommit, false).unwrap(),
            Installed::Chained(chained.clone())
        );
        assert_eq!(install(dir.path(), HookKind::PreCommit, false).unwrap(), Installed::Unchanged);
        assert_eq!(
            uninstall(dir.path(), HookKind::PreCommit).unwrap(),
            Uninstalled::Restored(chained)
        );
        assert_eq!(std::fs::read_to_string(&hook).unwrap(), "#!/bin/sh\nexit 0\n");
        assert!(matches!(uninstall(dir.path(), HookKind::PreCommit), Err(HookError::Foreign(_))));
    }
}
