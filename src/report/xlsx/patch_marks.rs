//! Findings → the marks patch mode lays on the user's own sheets: each
//! finding's cell flagged with its number (the 序号 of 审核结果) and a note,
//! each of its related cells outlined in the same severity.
//!
//! The one place that turns a report into [`SheetMarks`]: the checked copy,
//! the tests and the patch benchmark all call it, so the numbers on the
//! cells always match the printed 审核结果 list.

use super::marks::{clip_note, finding_pos, numbered_note, related_cells};
use crate::outcome::FileReport;
use crate::report::order::by_severity as ordered;
use crate::report::xlsx_patch::{CellMark, MarkLevel, SheetMarks};
use crate::rules::Severity;
use std::collections::BTreeMap;

/// The mark level of a severity.
pub fn level(severity: Severity) -> MarkLevel {
    match severity {
        Severity::Error => MarkLevel::Error,
        Severity::Warning => MarkLevel::Warning,
        Severity::Info => MarkLevel::Info,
    }
}

/// Marks for every finding of `report` whose cell can be located, numbered
/// in 审核结果 order, on the sheets named in `sheets` (others are skipped:
/// a mark on a sheet the package does not have would fail the patch).
pub fn sheet_marks(report: &FileReport, sheets: &[&str]) -> Vec<SheetMarks> {
    let mut by_sheet: BTreeMap<&str, Vec<CellMark>> = BTreeMap::new();
    let known = |name: &str| sheets.iter().copied().find(|s| *s == name);
    for (i, f) in ordered(report).into_iter().enumerate() {
        let number = i as u32 + 1;
        let lv = level(f.severity);
        let Some(sheet) = known(&f.sheet) else {
            continue;
        };
        let Some((row, col)) = finding_pos(&f.cell) else {
            continue;
        };
        let note = clip_note(numbered_note(number, f));
        by_sheet.entry(sheet).or_default().push(CellMark {
            row,
            col,
            level: lv,
            number: Some(number),
            note: Some(note),
        });
        for (on, (row, col)) in related_cells(f) {
            let Some(on) = known(&on) else {
                continue;
            };
            by_sheet.entry(on).or_default().push(CellMark {
                row,
                col,
                level: lv,
                number: None,
                note: None,
            });
        }
    }
    by_sheet
        .into_iter()
        .map(|(sheet, cells)| SheetMarks {
            sheet: sheet.to_string(),
            cells,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{FormReport, Status};
    use crate::rules::{cells::SB_01, Finding};

    fn finding(severity: Severity, sheet: &str, cell: &str, related: &[&str]) -> Finding {
        Finding {
            rule: &SB_01,
            severity,
            sheet: sheet.into(),
            cell: cell.into(),
            related: related.iter().map(|s| s.to_string()).collect(),
            message: "合计不符".into(),
            expected: Some("97".into()),
            actual: Some("96".into()),
            quote: None,
        }
    }

    fn report(findings: Vec<Finding>) -> FileReport {
        FileReport {
            file: "f.xlsx".into(),
            status: Status::Checked,
            error: None,
            forms: vec![FormReport {
                summaries: vec![],
                findings,
                outcomes: Default::default(),
                detail: None,
            }],
            notes: vec![],
            not_found: None,
            sha256: None,
        }
    }

    #[test]
    fn numbers_follow_the_result_list_and_related_cells_are_outlined() {
        let r = report(vec![
            finding(Severity::Warning, "表", "B2", &[]),
            finding(Severity::Error, "表", "F37", &["F33", "'O''Neil'!C3"]),
            finding(Severity::Info, "别的", "A1", &[]),
        ]);
        let marks = sheet_marks(&r, &["表", "O'Neil"]);
        assert_eq!(marks.len(), 2, "the unknown sheet 别的 gets no marks");
        let on = |s: &str| marks.iter().find(|m| m.sheet == s).unwrap();
        let t = &on("表").cells;
        // 审核结果 lists the error first: F37 is ①, B2 is ②.
        assert_eq!((t[0].row, t[0].col, t[0].number), (36, 5, Some(1)));
        assert_eq!(t[0].level, MarkLevel::Error);
        let note = t[0].note.as_deref().unwrap();
        assert!(note.starts_with("① 【错误】SB-01"), "{note}");
        assert!(note.contains("相关单元格：F33、'O''Neil'!C3"), "{note}");
        assert_eq!((t[1].row, t[1].col, t[1].number), (32, 5, None));
        assert_eq!(t[1].level, MarkLevel::Error);
        assert_eq!(t[1].note, None);
        assert_eq!((t[2].row, t[2].col, t[2].number), (1, 1, Some(2)));
        let o = &on("O'Neil").cells;
        assert_eq!((o[0].row, o[0].col, o[0].number), (2, 2, None));
    }
}
