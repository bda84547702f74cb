//! The one order findings are listed in for people (审核结果, 审核意见):
//! by severity, then by position (form, table or part, then the order the
//! rules reported them in), for every kind of form.

use crate::outcome::{FileReport, FormReport, FormSummary};
use crate::rules::Finding;
use crate::workbook::cellref::parse_a1;

/// The (row, col) a finding points at: "B7", "$B$7", or the first cell of
/// "B7:C9".
pub fn finding_pos(cell: &str) -> Option<(u32, u32)> {
    let first = cell.rsplit('!').next()?.split(':').next()?;
    parse_a1(first)
}

/// Errors first, then warnings, then infos; within a severity in form
/// order, 决算 tables in their order, ties in the order reported.
pub fn by_severity(report: &FileReport) -> Vec<&Finding> {
    let mut keyed: Vec<_> = report
        .forms
        .iter()
        .enumerate()
        .flat_map(|(i, form)| {
            form.findings.iter().enumerate().map(move |(n, f)| {
                let part = part_of(form, &f.sheet, &f.cell).unwrap_or(usize::MAX);
                ((f.severity, i, part, n), f)
            })
        })
        .collect();
    keyed.sort_by_key(|k| k.0);
    keyed.into_iter().map(|k| k.1).collect()
}

/// Which of a form's summaries (a 决算 table, a part of an evaluation) a
/// cell belongs to: the one whose range holds it, else the one on its sheet.
pub fn part_of(form: &FormReport, sheet: &str, cell: &str) -> Option<usize> {
    let pos = finding_pos(cell);
    let holds = |s: &FormSummary| -> bool {
        let Some((row, col)) = pos else { return false };
        let mut ends = s.range.split(':').filter_map(parse_a1);
        match (ends.next(), ends.next()) {
            (Some(a), Some(b)) => {
                row >= a.0.min(b.0)
                    && row <= a.0.max(b.0)
                    && col >= a.1.min(b.1)
                    && col <= a.1.max(b.1)
            }
            _ => false,
        }
    };
    let on_sheet = |s: &&FormSummary| s.sheet == sheet;
    form.summaries
        .iter()
        .position(|s| on_sheet(&s) && holds(s))
        .or_else(|| form.summaries.iter().position(|s| on_sheet(&s)))
}
