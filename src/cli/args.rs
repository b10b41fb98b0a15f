//! Command-line arguments (clap derive). Only syntax lives here; [`super::config`] validates.

use crate::exit::EXIT_CODES_HELP;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// leakwatch finds leaked secrets (API keys, tokens, private keys) in files, staged changes and
/// git history, before they are committed and after.
#[derive(Debug, Parser)]
#[command(name = "leakwatch", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and folders as they are on disk (default: the current folder).
    #[command(after_help = EXIT_CODES_HELP)]
    Scan(ScanArgs),
    /// Audit git history: every blob of every ref, each scanned once, with where each leak came
    /// in and whether it is still live. With `--range A..B`, only the lines those commits add.
    #[command(after_help = EXIT_CODES_HELP)]
    History(HistoryArgs),
    /// Scan the lines the staged change adds (what `git commit` would record), read from the
    /// index, not the working tree. The pre-commit hook runs this.
    #[command(after_help = EXIT_CODES_HELP)]
    Staged(StagedArgs),
    /// Install or remove leakwatch's git hooks, or run the pre-push check.
    #[command(subcommand)]
    Hook(HookCommand),
    /// Record the current findings so later scans report only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// List or check rules.
    #[command(subcommand)]
    Rules(RulesCommand),
}

/// `leakwatch staged`.
#[derive(Debug, Args)]
pub struct StagedArgs {
    /// Skip blobs larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "25M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Options shared by every scanning command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `leakwatch hook …`.
#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install the pre-commit hook (and with --pre-push the pre-push hook) in the hooks folder
    /// git uses. An existing hook leakwatch did not write is kept and run first.
    Install {
        /// Also install the pre-push hook.
        #[arg(long)]
        pre_push: bool,
        /// Replace an existing foreign hook instead of chaining it (a backup is saved).
        #[arg(long)]
        force: bool,
    },
    /// Remove leakwatch's hooks and restore what was there before.
    Uninstall,
    /// The pre-push check: reads git's pre-push lines on standard input and scans the lines
    /// added by the commits being pushed. The installed pre-push hook runs this.
    #[command(after_help = EXIT_CODES_HELP)]
    PrePush(PrePushArgs),
}

/// `leakwatch hook pre-push`.
#[derive(Debug, Args)]
pub struct PrePushArgs {
    /// The remote's name (git passes it to the hook).
    pub remote: Option<String>,
    /// The remote's URL (git passes it to the hook).
    pub url: Option<String>,
    /// Skip blobs larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "25M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Options shared by every scanning command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `leakwatch baseline …`.
#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Scan like `leakwatch scan` and write every finding's rule id and fingerprint (never the
    /// secret, no line numbers, sorted) to the baseline file.
    Create(BaselineCreateArgs),
}

/// `leakwatch baseline create`.
#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    /// The baseline file to write.
    #[arg(long, short = 'o', value_name = "FILE", default_value = ".leakwatch-baseline.json")]
    pub output: PathBuf,
    /// Files or folders to scan (default: the current folder).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also scan files excluded by .gitignore, .ignore and git's exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Configuration file (default: .leakwatch.yaml at the scanned root).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Skip files larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "25M", value_parser = parse_size)]
    pub max_file_size: u64,
}

/// `leakwatch history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The repository (default: the one containing the current folder).
    #[arg(value_name = "REPO")]
    pub repo: Option<PathBuf>,
    /// Also scan blobs no ref reaches (dangling objects, old reflog entries).
    #[arg(long)]
    pub all_objects: bool,
    /// Only the history of this branch or ref.
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    /// Only commits made on or after this date (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only the lines added by the commits in A..B (the CI gate: `--range origin/main..HEAD`).
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,
    /// Scan a shallow clone anyway; the report says it is partial. With --range: a base the
    /// clone lacks hides nothing, and a commit whose parent it lacks counts its whole tree.
    #[arg(long)]
    pub allow_shallow: bool,
    /// Skip blobs larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "25M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Search every blob whole. By default a blob that changes a version found clean is
    /// searched only around the lines it changed, which finds the same; this is for checking that.
    #[arg(long)]
    pub whole_blobs: bool,
    /// Options shared by every scanning command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `leakwatch scan`.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or folders to scan.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Scan what is staged in the index instead (same as `leakwatch staged`).
    #[arg(long)]
    pub staged: bool,
    /// Also scan files excluded by .gitignore, .ignore and git's exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    #[arg(long)]
    pub follow_links: bool,
    /// Skip files larger than this (bytes, or with a K/M/G suffix).
    #[arg(long, value_name = "SIZE", default_value = "25M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// Options shared by every scanning command.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every scanning command has.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// Report format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE (created with mode 0600) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print secrets in full. Without it, secrets are always redacted (`AKIA…(20)`).
    #[arg(long)]
    pub show_secrets: bool,
    /// Configuration file (default: .leakwatch.yaml at the scanned root).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads (default: all cores). The output is the same for every value.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
    /// Report only findings of at least this confidence.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_confidence: Option<ConfidenceArg>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Report only findings not in this baseline (default: the config's `baseline:`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people, coloured on a terminal.
    Human,
    /// One JSON document: {"version":1,"findings":[…],"stats":{…}}.
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other tools.
    Sarif,
}

/// Confidence levels for `--min-confidence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfidenceArg {
    /// Everything.
    Low,
    /// Medium and high.
    Medium,
    /// High only.
    High,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// `leakwatch rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print every built-in rule (id, provider, description).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Validate a rule file or folder and run each rule's examples and negative examples
    /// (default: the built-in rules). Every failure is reported.
    Check {
        /// A rule pack file or a folder of them.
        path: Option<PathBuf>,
    },
}

/// Parses `1234`, `64K`, `25M`, `1G` (binary multiples; a trailing `B` or `iB` is accepted).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim().trim_end_matches(['B', 'b']).trim_end_matches(['i', 'I']);
    let (number, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => t.split_at(at),
        None => (t, ""),
    };
    let n: u64 = number.parse().map_err(|_| format!("not a size: {text:?} (try 25M)"))?;
    let multiplier = match unit.to_ascii_uppercase().as_str() {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => return Err(format!("unknown size unit in {text:?} (use K, M or G)")),
    };
    n.checked_mul(multiplier).ok_or_else(|| format!("size too large: {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("25M"), Ok(25 << 20));
        assert_eq!(parse_size("64KiB"), Ok(64 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5T").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
