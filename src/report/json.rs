//! Findings JSON, exactly as design.md §6 defines it.

use crate::outcome::{FileReport, FormSummary, Status};
use crate::rules::{Finding, Outcome, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    tool: &'static str,
    version: &'static str,
    file: &'a str,
    status: Status,
    error: Option<String>,
    forms: Vec<&'a FormSummary>,
    findings: Vec<&'a Finding>,
    outcomes: Outcomes,
    summary: Summary,
}

#[derive(Serialize)]
struct Outcomes {
    pass: usize,
    fail: usize,
    not_applicable: usize,
    insufficient_data: usize,
}

#[derive(Serialize)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// The findings document of one file, pretty-printed.
pub fn to_json(report: &FileReport) -> String {
    let doc = Doc {
        tool: "shenbiao",
        version: env!("CARGO_PKG_VERSION"),
        file: &report.file,
        status: report.status,
        error: report.error.as_ref().map(|e| e.to_string()),
        forms: report.summaries().collect(),
        findings: report.findings().collect(),
        outcomes: Outcomes {
            pass: report.outcome_count(Outcome::Pass),
            fail: report.outcome_count(Outcome::Fail),
            not_applicable: report.outcome_count(Outcome::NotApplicable),
            insufficient_data: report.outcome_count(Outcome::InsufficientData),
        },
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}
