//! `leakwatch history [REPO]`: the full-history audit, and with `--range` the lines a commit
//! range adds (the CI gate).

use crate::cli::args::HistoryArgs;
use crate::exit::ExitStatus;

/// Runs `leakwatch history`.
pub fn run(args: &HistoryArgs) -> anyhow::Result<ExitStatus> {
    if args.range.is_some() {
        return super::range::run(args);
    }
    let _ = args;
    anyhow::bail!("history scanning is not built yet (issue #4)")
}
