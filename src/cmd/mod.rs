//! One module per subcommand; each returns an [`ExitStatus`]. Shared set-up (config and rule
//! loading, the collector) lives in [`common`].

pub mod common;
pub mod history;
pub mod lifecycle;
pub mod rules;
pub mod scan;

use crate::cli::args::{Cli, Command};
use crate::exit::ExitStatus;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::History(args) => history::run(&args),
        Command::Rules(command) => rules::run(&command),
    }
}
