//! `leakwatch rules list` and `leakwatch rules check [PATH]`.

use super::common::rule_errors;
use crate::cli::args::RulesCommand;
use crate::exit::ExitStatus;
use crate::report;
use crate::rules::check::check_examples;
use crate::rules::{CompileMode, RuleSet, load};
use std::sync::Arc;

/// Runs a `rules` subcommand.
pub fn run(command: &RulesCommand) -> anyhow::Result<ExitStatus> {
    match command {
        RulesCommand::List { json } => list(*json),
        RulesCommand::Check { path } => check(path.as_deref()),
    }
}

fn list(json: bool) -> anyhow::Result<ExitStatus> {
    let rules = RuleSet::compile(load::builtin().map_err(rule_errors)?, CompileMode::Lazy)
        .map_err(rule_errors)?;
    let lines: Vec<String> = if json {
        let items: Vec<_> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id(), "provider": provider(r.id()), "name": r.info.name,
                    "description": r.info.description, "severity": r.info.severity.as_str(),
                    "keywords": r.keywords, "references": r.info.references,
                })
            })
            .collect();
        vec![serde_json::to_string_pretty(&items)?]
    } else {
        let width = rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
        let mut lines: Vec<String> = rules
            .iter()
            .map(|r| format!("{:<width$}  {:<14}  {}", r.id(), provider(r.id()), r.info.name))
            .collect();
        lines.push(format!("{} rules", rules.len()));
        lines
    };
    report::print_lines(&lines)?;
    Ok(ExitStatus::Clean)
}

fn provider(id: &str) -> &str {
    id.split_once('.').map_or(id, |(provider, _)| provider)
}

fn check(path: Option<&std::path::Path>) -> anyhow::Result<ExitStatus> {
    let loaded = match path {
        Some(path) => load::from_path(path),
        None => load::builtin_with_examples(),
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(errors) => return report_failures(errors.iter().map(ToString::to_string).collect()),
    };
    let count = loaded.len();
    let examples: usize =
        loaded.iter().map(|r| r.syntax.examples.len() + r.syntax.negative_examples.len()).sum();
    let rules = match RuleSet::compile(loaded, CompileMode::Eager) {
        Ok(rules) => rules,
        Err(errors) => return report_failures(errors.iter().map(ToString::to_string).collect()),
    };
    let failures = check_examples(Arc::new(rules));
    if !failures.is_empty() {
        return report_failures(failures.iter().map(ToString::to_string).collect());
    }
    report::print_lines(&[format!("{count} rules ok, {examples} examples checked")])?;
    Ok(ExitStatus::Clean)
}

fn report_failures(lines: Vec<String>) -> anyhow::Result<ExitStatus> {
    for line in &lines {
        report::error(line);
    }
    report::note(&format!("{} problems", lines.len()));
    Ok(ExitStatus::Error)
}
