//! One module per subcommand; each returns an [`ExitStatus`]. Shared set-up (config and rule
//! loading, the collector) lives in [`common`].

pub mod baseline;
pub mod changes;
pub mod common;
pub mod history;
pub mod hook;
pub mod lifecycle;
pub mod range;
pub mod rules;
pub mod scan;
pub mod staged;

use crate::cli::args::{Cli, Command};
use crate::exit::ExitStatus;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection), about a sixth
    // of a history scan. leakwatch only reads objects to scan their bytes: a damaged object
    // still fails to inflate and is reported, and git itself (`git fsck`) is the integrity check.
    git2::opts::strict_hash_verification(false);
    match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::History(args) => history::run(&args),
        Command::Staged(args) => staged::run_with(&args.common, args.max_file_size),
        Command::Hook(command) => hook::run(&command),
        Command::Baseline(command) => baseline::run(&command),
        Command::Rules(command) => rules::run(&command),
    }
}
