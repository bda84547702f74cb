//! Findings JSON, exactly as design.md §6 defines it.

use crate::forms::narrative::SHEET as PROSE_SHEET;
use crate::outcome::{FileReport, FormSummary, OutcomeCounts, Status};
use crate::rules::{Finding, Outcome, Severity};
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    tool: &'static str,
    version: &'static str,
    file: &'a str,
    status: Status,
    error: Option<String>,
    /// `no_forms` only: what was looked for and the closest sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    not_found: Option<&'a str>,
    /// SHA-256 of the input file (hex), when it was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    forms: Vec<&'a FormSummary>,
    findings: Vec<&'a Finding>,
    outcomes: OutcomeCounts,
    summary: Summary,
    /// Remarks on what was read and what was left out (hidden sheets, a
    /// second sheet of the same name, 1904 dates), as 审核结果 shows them.
    notes: &'a [String],
    /// The 审核意见 paragraph (see [`crate::report::opinion`]).
    opinion: String,
    /// Statements of a Word document's prose the rules could not bind to
    /// one subject (无法校验), so a reviewer sees what was not checked.
    /// Absent for workbooks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unchecked: Vec<Unchecked<'a>>,
}

#[derive(Serialize)]
struct Unchecked<'a> {
    rule: &'static str,
    sheet: &'a str,
    cell: &'a str,
    subject: &'a str,
    reason: &'a str,
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
        not_found: report.not_found.as_deref(),
        sha256: report.sha256.as_deref(),
        forms: report.summaries().collect(),
        findings: report.findings().collect(),
        outcomes: report.outcomes(),
        summary: Summary {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
        },
        notes: &report.notes,
        opinion: super::opinion::opinion(report),
        unchecked: report
            .checks()
            .filter(|c| c.outcome == Outcome::InsufficientData && c.sheet == PROSE_SHEET)
            .map(|c| Unchecked {
                rule: c.rule.code,
                sheet: &c.sheet,
                cell: &c.cell,
                subject: &c.subject,
                reason: &c.detail,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string())
}
