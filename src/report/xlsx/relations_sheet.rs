//! 勾稽关系: every relation checked on the 决算 tables, whatever its outcome,
//! so an auditor sees what was verified and not only what failed.

use super::copy::clip_text;
use super::kit::{fit_height, lines_needed, print_setup, Kit, Linker};
use super::names::internal_link;
use crate::outcome::{FileReport, FormKind};
use crate::report::order::part_of;
use crate::rules::{CheckRecord, Outcome};
use crate::workbook::cellref::parse_a1;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

const COLUMNS: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("表", 10.0),
    ("规则", 10.0),
    ("规则名称", 26.0),
    ("校验内容", 50.0),
    ("结果", 10.0),
    ("工作表", 14.0),
    ("单元格", 9.0),
    ("说明", 50.0),
];

/// The checks of 决算 forms, each with the table it belongs to (by where
/// it looked), in the order they ran.
pub fn final_account_checks(report: &FileReport) -> Vec<(String, &CheckRecord)> {
    let mut out = Vec::new();
    for form in &report.forms {
        if !form
            .summaries
            .iter()
            .any(|s| s.kind == FormKind::FinalAccounts)
        {
            continue;
        }
        for c in form.detail.iter().flat_map(|d| &d.checks) {
            let table = part_of(form, &c.sheet, &c.cell)
                .and_then(|i| form.summaries.get(i))
                .and_then(|s| s.table.clone())
                .unwrap_or_default();
            out.push((table, c));
        }
    }
    out
}

pub fn write(
    ws: &mut Worksheet,
    report: &FileReport,
    sheet_names: &HashMap<&str, &str>,
    kit: &Kit,
) -> Result<(), XlsxError> {
    for (i, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(i as u16, *width)?;
    }
    let checks = final_account_checks(report);
    let count =
        |pred: &dyn Fn(&CheckRecord) -> bool| checks.iter().filter(|(_, c)| pred(c)).count();
    let summary = format!(
        "共 {} 项：通过 {}，不符 {}，尾数差异 {}，无法校验 {}，不适用 {}",
        checks.len(),
        count(&|c| c.outcome == Outcome::Pass),
        count(&|c| c.outcome == Outcome::Fail && !c.rounding),
        count(&|c| c.outcome == Outcome::Fail && c.rounding),
        count(&|c| c.outcome == Outcome::InsufficientData),
        count(&|c| c.outcome == Outcome::NotApplicable),
    );
    ws.write_string_with_format(0, 0, "勾稽关系校验", &kit.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, summary, &kit.text)?;
    let header = 2;
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, *name, &kit.header)?;
    }
    let mut links = Linker::default();
    let mut row = header;
    for (n, (table, c)) in checks.iter().enumerate() {
        row += 1;
        ws.write_number_with_format(row, 0, (n + 1) as f64, &kit.center)?;
        ws.write_string_with_format(row, 1, table, &kit.center)?;
        ws.write_string_with_format(row, 2, c.rule.code, &kit.center)?;
        let title = c.rule.title;
        ws.write_string_with_format(row, 3, title, &kit.wrap)?;
        ws.write_string_with_format(row, 4, clip_text(&c.subject), &kit.wrap)?;
        let (label, format) = kit.outcome(c);
        ws.write_string_with_format(row, 5, label, &format)?;
        ws.write_string_with_format(row, 6, &c.sheet, &kit.wrap)?;
        let target = sheet_names
            .get(c.sheet.as_str())
            .filter(|_| parse_a1(&c.cell).is_some())
            .map(|out| internal_link(out, &c.cell.replace('$', "")));
        links.write(ws, row, 7, &c.cell, target, (&kit.link, &kit.center))?;
        ws.write_string_with_format(row, 8, clip_text(&c.detail), &kit.wrap)?;
        let lines = [
            (3, title),
            (4, c.subject.as_str()),
            (6, c.sheet.as_str()),
            (8, c.detail.as_str()),
        ]
        .iter()
        .map(|(col, t)| lines_needed(t, COLUMNS[*col].1))
        .max()
        .unwrap_or(1);
        fit_height(ws, row, lines)?;
    }
    if checks.is_empty() {
        row += 1;
        ws.merge_range(
            row,
            0,
            row,
            COLUMNS.len() as u16 - 1,
            "没有可校验的勾稽关系",
            &kit.center,
        )?;
    }
    ws.set_freeze_panes(header + 1, 0)?;
    ws.autofilter(header, 0, row.max(header + 1), COLUMNS.len() as u16 - 1)?;
    print_setup(ws, Some(header))?;
    Ok(())
}
