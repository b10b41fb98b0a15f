//! The only place that knows leakwatch's exit codes.
//!
//! 0: no findings left after filters. 1: findings. 2: error — bad flags, bad rules or config,
//! unreadable root, missing or shallow history, or an item error that left the result incomplete
//! (a corrupt git object). When both findings and such an error occur, the findings are still
//! printed and the status is 2: the user must act on the error before trusting the result. Warnings
//! about single files (unreadable, broken symlink, binary, too large) never change the status.

/// The outcome of a command, mapped to a process exit code by [`ExitStatus::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing found (or the command had nothing to report).
    Clean,
    /// At least one finding survived the filters.
    Findings,
    /// An error stopped the command or made its result incomplete.
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        }
    }

    /// The status of a scan that found `findings` findings and had `incomplete` errors.
    pub fn from_scan(findings: usize, incomplete: bool) -> ExitStatus {
        if incomplete {
            ExitStatus::Error
        } else if findings > 0 {
            ExitStatus::Findings
        } else {
            ExitStatus::Clean
        }
    }
}

/// The text `--help` prints about exit codes.
pub const EXIT_CODES_HELP: &str = "\
Exit status:
  0  no findings (after allowlists, ignore file and baseline)
  1  findings
  2  error: bad flags, bad rules or config, unreadable root, missing or shallow history,
     or a git object that could not be read (findings are still printed)
Warnings about single files (unreadable, broken symlink) do not change the status.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_wins_over_findings() {
        assert_eq!(ExitStatus::from_scan(3, true).code(), 2);
        assert_eq!(ExitStatus::from_scan(3, false).code(), 1);
        assert_eq!(ExitStatus::from_scan(0, false).code(), 0);
    }
}
