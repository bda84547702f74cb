//! Findings JSON, exactly as design.md §6 defines it.

use crate::outcome::{FileReport, FormSummary, OutcomeCounts, Status};
use crate::rules::{Finding, Severity};
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
    outcomes: OutcomeCounts,
    summary: Summary,
    /// The 审核意见 paragraph (see [`crate::report::opinion`]).
    opinion: String,
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
        outcomes: report.outcomes(),
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        opinion: super::opinion::opinion(report),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}
