//! `leakwatch baseline create`: scan like `leakwatch scan` and record every finding by rule id
//! and fingerprint, so later scans with the baseline report only new findings.

use super::scan;
use crate::cli::args::{
    BaselineCommand, BaselineCreateArgs, ColorChoice, CommonArgs, Format, ScanArgs,
};
use crate::cli::config::ScanSettings;
use crate::exit::ExitStatus;
use crate::filter::baseline::Baseline;
use crate::report;
use anyhow::Context;

/// Runs a `leakwatch baseline` subcommand.
pub fn run(command: &BaselineCommand) -> anyhow::Result<ExitStatus> {
    match command {
        BaselineCommand::Create(args) => create(args),
    }
}

fn create(args: &BaselineCreateArgs) -> anyhow::Result<ExitStatus> {
    let common = CommonArgs {
        format: Format::Human,
        output: None,
        show_secrets: false,
        config: args.config.clone(),
        threads: None,
        min_confidence: None,
        color: ColorChoice::Never,
        baseline: None,
    };
    let scan_args = ScanArgs {
        paths: args.paths.clone(),
        staged: false,
        no_ignore: args.no_ignore,
        follow_links: false,
        max_file_size: args.max_file_size,
        common,
    };
    let settings = ScanSettings::from_args(&scan_args.common, false);
    let config = scan::config_for(&scan_args, &settings)?;
    let collector = scan::collect(&scan_args, &settings, &config)?;
    let incomplete = collector.incomplete;
    let baseline = Baseline::from_findings(&collector.into_findings());
    std::fs::write(&args.output, baseline.to_json())
        .with_context(|| format!("writing the baseline to {}", args.output.display()))?;
    report::note(&format!(
        "baseline: {} finding(s) recorded in {}; scans with --baseline (or `baseline:` in \
         .leakwatch.yaml) now report only new ones",
        baseline.findings.len(),
        args.output.display()
    ));
    Ok(if incomplete { ExitStatus::Error } else { ExitStatus::Clean })
}
