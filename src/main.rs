//! The leakwatch binary: parse arguments, run the command, map the outcome to an exit code.

use clap::Parser;
use leakwatch::cli::args::Cli;
use leakwatch::exit::ExitStatus;
use leakwatch::report;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are not errors; bad flags are exit 2, like every other error.
            let code = if e.use_stderr() { ExitStatus::Error.code() } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let status = match leakwatch::cmd::run(cli) {
        Ok(status) => status,
        Err(e) if is_broken_pipe(&e) => ExitStatus::Clean,
        Err(e) => {
            report::error(&format!("{e:#}"));
            ExitStatus::Error
        }
    };
    std::process::exit(status.code());
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
