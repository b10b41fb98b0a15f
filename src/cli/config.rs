//! Validated settings, free of clap types: what the commands actually run with.

use super::args::{ColorChoice, CommonArgs, ConfidenceArg, Format};
use crate::finding::Confidence;
use std::path::PathBuf;

/// How and where the report is written.
#[derive(Debug, Clone)]
pub struct OutputConfig {
    /// Report format.
    pub format: Format,
    /// Report file (mode 0600), or standard output.
    pub output: Option<PathBuf>,
    /// Print secrets in full.
    pub show_secrets: bool,
    /// Colour human output.
    pub color: bool,
}

/// What every scanning command shares.
#[derive(Debug, Clone)]
pub struct ScanSettings {
    /// Report settings.
    pub output: OutputConfig,
    /// Explicit config file.
    pub config: Option<PathBuf>,
    /// Worker threads.
    pub threads: usize,
    /// Minimum confidence reported.
    pub min_confidence: Option<Confidence>,
    /// Baseline file given on the command line.
    pub baseline: Option<PathBuf>,
}

impl ScanSettings {
    /// Validates the shared arguments. `stdout_is_terminal` decides automatic colour.
    pub fn from_args(args: &CommonArgs, stdout_is_terminal: bool) -> ScanSettings {
        let color = match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                stdout_is_terminal
                    && args.output.is_none()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let threads = args.threads.map_or_else(default_threads, usize::from);
        ScanSettings {
            output: OutputConfig {
                format: args.format,
                output: args.output.clone(),
                show_secrets: args.show_secrets,
                color: color && args.format == Format::Human,
            },
            config: args.config.clone(),
            threads,
            min_confidence: args.min_confidence.map(|c| match c {
                ConfidenceArg::Low => Confidence::Low,
                ConfidenceArg::Medium => Confidence::Medium,
                ConfidenceArg::High => Confidence::High,
            }),
            baseline: args.baseline.clone(),
        }
    }
}

/// All cores.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}
