//! 规则说明: each rule that fired in this file with what it checks, why and
//! an example, so a code such as ZP-24 can be looked up inside Excel.

use super::kit::{fit_height, lines_needed, print_setup, Kit};
use crate::outcome::FileReport;
use crate::rules::Rule;
use rust_xlsxwriter::{Worksheet, XlsxError};

const COLUMNS: [(&str, f64); 6] = [
    ("规则", 10.0),
    ("默认级别", 9.0),
    ("规则名称", 26.0),
    ("检查什么", 40.0),
    ("为什么", 40.0),
    ("示例", 40.0),
];

/// The rules the report's findings cite, each once, in code order.
pub fn fired(report: &FileReport) -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = report.findings().map(|f| f.rule).collect();
    rules.sort_by_key(|r| r.code);
    rules.dedup_by_key(|r| r.code);
    rules
}

pub fn write(ws: &mut Worksheet, rules: &[&Rule], kit: &Kit) -> Result<(), XlsxError> {
    for (i, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(i as u16, *width)?;
    }
    ws.write_string_with_format(0, 0, "规则说明", &kit.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(
        1,
        0,
        "本文件审核结果中出现的规则；全部规则见网页版的规则说明或命令 shenbiao rules。",
        &kit.text,
    )?;
    let header = 3;
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, *name, &kit.header)?;
    }
    for (n, rule) in rules.iter().enumerate() {
        let row = header + 1 + n as u32;
        ws.write_string_with_format(row, 0, rule.code, &kit.center)?;
        ws.write_string_with_format(row, 1, rule.severity.label(), &kit.severity(rule.severity))?;
        let texts = [rule.title, rule.what, rule.why, rule.example];
        for (c, text) in texts.iter().enumerate() {
            ws.write_string_with_format(row, 2 + c as u16, *text, &kit.wrap)?;
        }
        let lines = texts
            .iter()
            .enumerate()
            .map(|(c, t)| lines_needed(t, COLUMNS[2 + c].1))
            .max()
            .unwrap_or(1);
        fit_height(ws, row, lines)?;
    }
    ws.set_freeze_panes(header + 1, 0)?;
    print_setup(ws, Some(header))
}
