//! 勾稽关系: every relation checked on the 决算 tables, whatever its outcome,
//! so an auditor sees what was verified and not only what failed.

use super::copy::clip_text;
use super::kit::{fit_height, lines_needed, print_setup, write_value, Kit, Linker};
use super::names::internal_link;
use crate::outcome::{FileReport, FormKind};
use crate::report::order::part_of;
use crate::rules::{CheckRecord, Outcome};
use crate::workbook::cellref::parse_a1;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

const COLUMNS: [(&str, f64); 13] = [
    ("序号", 6.0),
    ("表", 9.0),
    ("规则", 10.0),
    ("规则名称", 24.0),
    ("校验内容", 40.0),
    ("结果", 9.0),
    ("填报", 12.0),
    ("计算", 12.0),
    ("差额", 10.0),
    ("容差", 8.0),
    ("工作表", 14.0),
    ("单元格", 9.0),
    ("说明", 40.0),
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
        let mut checks: Vec<(usize, String, &CheckRecord)> = Vec::new();
        for c in form.detail.iter().flat_map(|d| &d.checks) {
            let part = part_of(form, &c.sheet, &c.cell);
            let table = part
                .and_then(|i| form.summaries.get(i))
                .and_then(|s| s.table.clone())
                .unwrap_or_default();
            checks.push((part.unwrap_or(usize::MAX), table, c));
        }
        // Grouped by table (公开01 … 公开09), in run order within one.
        checks.sort_by_key(|c| c.0);
        out.extend(checks.into_iter().map(|(_, t, c)| (t, c)));
    }
    out
}

/// Above this many passed relations in one file, passed ones are listed as
/// one row per table and rule (with their count) instead of one row each:
/// a 决算 with tens of thousands of coded rows would otherwise make this
/// sheet most of the output. Failed, rounding, not-checked and
/// not-applicable relations are always listed one per row.
pub const GROUP_PASSED_OVER: usize = 2_000;

/// One row of the sheet: a single relation, or passed relations grouped.
enum Line<'a> {
    One(&'a str, &'a CheckRecord),
    Passed {
        table: &'a str,
        first: &'a CheckRecord,
        count: usize,
    },
}

impl<'a> Line<'a> {
    fn table(&self) -> &'a str {
        match self {
            Line::One(t, _) | Line::Passed { table: t, .. } => t,
        }
    }

    /// Relations this row stands for, and how many of them failed.
    fn counts(&self) -> (usize, usize) {
        match self {
            Line::One(_, c) => (1, usize::from(c.outcome == Outcome::Fail)),
            Line::Passed { count, .. } => (*count, 0),
        }
    }
}

/// The rows, table by table as `checks` come: every relation one per row;
/// when there are many passed ones, each table lists the relations that
/// did not simply pass, in the order checked, then one group per rule of
/// its passed ones, in order of first appearance.
fn lines<'a>(checks: &'a [(String, &'a CheckRecord)]) -> (Vec<Line<'a>>, bool) {
    let passed = checks
        .iter()
        .filter(|(_, c)| c.outcome == Outcome::Pass)
        .count();
    if passed <= GROUP_PASSED_OVER {
        let all = checks.iter().map(|(t, c)| Line::One(t, c)).collect();
        return (all, false);
    }
    let mut out: Vec<Line<'a>> = Vec::new();
    let mut start = 0;
    while start < checks.len() {
        let table = checks[start].0.as_str();
        let end = checks[start..]
            .iter()
            .position(|(t, _)| t != table)
            .map_or(checks.len(), |n| start + n);
        let block = &checks[start..end];
        out.extend(
            block
                .iter()
                .filter(|(_, c)| c.outcome != Outcome::Pass)
                .map(|(t, c)| Line::One(t, c)),
        );
        let mut groups: Vec<(&CheckRecord, usize)> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (_, c) in block.iter().filter(|(_, c)| c.outcome == Outcome::Pass) {
            match index.get(c.rule.code) {
                Some(&i) => groups[i].1 += 1,
                None => {
                    index.insert(c.rule.code, groups.len());
                    groups.push((c, 1));
                }
            }
        }
        out.extend(groups.into_iter().map(|(first, count)| Line::Passed {
            table,
            first,
            count,
        }));
        start = end;
    }
    (out, true)
}

/// How the counts here relate to 审核结果's, stated on both sheets.
pub const COUNTING: &str = "计数口径：本表每条勾稽关系计一项；审核结果按单元格计问题，一项不符的关系在其单元格报一条错误（尾数差异报提示），\
                            同一差异已由另一关系报告的不重复报告，因此两表的数目可以不同。";

/// `own_name`: this sheet's name in the output, for the contents links.
pub fn write(
    ws: &mut Worksheet,
    report: &FileReport,
    sheet_names: &HashMap<&str, &str>,
    own_name: &str,
    kit: &Kit,
) -> Result<(), XlsxError> {
    for (i, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(i as u16, *width)?;
    }
    let checks = final_account_checks(report);
    let count =
        |pred: &dyn Fn(&CheckRecord) -> bool| checks.iter().filter(|(_, c)| pred(c)).count();
    let (lines, grouped) = lines(&checks);
    let mut summary = format!(
        "按关系计数，共 {} 项：通过 {}，不符 {}，尾数差异 {}，无法校验 {}，不适用 {}",
        checks.len(),
        count(&|c| c.outcome == Outcome::Pass),
        count(&|c| c.outcome == Outcome::Fail && !c.rounding),
        count(&|c| c.outcome == Outcome::Fail && c.rounding),
        count(&|c| c.outcome == Outcome::InsufficientData),
        count(&|c| c.outcome == Outcome::NotApplicable),
    );
    if grouped {
        summary.push_str(&format!(
            "。通过的关系超过 {GROUP_PASSED_OVER} 项，按表和规则合并为每组一行（列出项数和第一处）；不符、尾数差异、无法校验、不适用的逐条列出"
        ));
    }
    ws.write_string_with_format(0, 0, "勾稽关系校验", &kit.title)?;
    ws.set_row_height(0, 24)?;
    ws.write_string_with_format(1, 0, summary, &kit.text)?;
    ws.write_string_with_format(2, 0, COUNTING, &kit.text)?;

    // Table of contents: one line per table, linked to its first row.
    let mut groups: Vec<(&str, usize, usize, usize)> = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let table = line.table();
        if groups.last().map(|g| g.0) != Some(table) {
            groups.push((table, n, 0, 0));
        }
        if let Some(g) = groups.last_mut() {
            let (total, failed) = line.counts();
            g.2 += total;
            g.3 += failed;
        }
    }
    let toc_start = 4;
    let header = toc_start + groups.len() as u32 + 1;
    let mut links = Linker::default();
    for (i, (table, first, total, failed)) in groups.iter().enumerate() {
        let name = if table.is_empty() { "其他" } else { table };
        let text = format!("{name}：{total} 项，其中不符或尾数差异 {failed} 项");
        let target = internal_link(own_name, &format!("A{}", header + 2 + *first as u32));
        // Merged over the first columns: a linked cell does not spill into
        // its empty neighbours in every program (LibreOffice clips it).
        ws.merge_range(
            toc_start + i as u32,
            0,
            toc_start + i as u32,
            4,
            "",
            &kit.text,
        )?;
        links.write(
            ws,
            toc_start + i as u32,
            0,
            &text,
            Some(target),
            (&kit.link_left, &kit.text),
        )?;
    }
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, *name, &kit.header)?;
    }
    let mut row = header;
    for (n, line) in lines.iter().enumerate() {
        row += 1;
        let (table, c, subject, detail) = match line {
            Line::One(table, c) => (
                *table,
                *c,
                clip_text(&c.subject).to_string(),
                clip_text(&c.detail).to_string(),
            ),
            Line::Passed {
                table,
                first,
                count,
            } => (
                *table,
                *first,
                format!("{count} 项关系，第一处：{}", clip_text(&first.subject)),
                format!("{count} 项均通过（明细从略）"),
            ),
        };
        // A group of passed relations shows no single relation's figures.
        let figures = c.figures.as_ref().filter(|_| matches!(line, Line::One(..)));
        ws.write_number_with_format(row, 0, (n + 1) as f64, &kit.center)?;
        ws.write_string_with_format(row, 1, table, &kit.center)?;
        ws.write_string_with_format(row, 2, c.rule.code, &kit.center)?;
        let title = c.rule.title;
        ws.write_string_with_format(row, 3, title, &kit.wrap)?;
        ws.write_string_with_format(row, 4, &subject, &kit.wrap)?;
        let (label, format) = kit.outcome(c);
        ws.write_string_with_format(row, 5, label, &format)?;
        for (col, value) in [
            (6, figures.map(|f| f.printed.as_str())),
            (7, figures.map(|f| f.computed.as_str())),
            (8, figures.map(|f| f.difference.as_str())),
            (9, figures.map(|f| f.tolerance.as_str())),
        ] {
            write_value(ws, row, col, value.unwrap_or(""), &kit.wrap)?;
        }
        ws.write_string_with_format(row, 10, &c.sheet, &kit.wrap)?;
        let target = sheet_names
            .get(c.sheet.as_str())
            .filter(|_| parse_a1(&c.cell).is_some())
            .map(|out| internal_link(out, &c.cell.replace('$', "")));
        links.write(ws, row, 11, &c.cell, target, (&kit.link, &kit.center))?;
        ws.write_string_with_format(row, 12, &detail, &kit.wrap)?;
        let lines = [
            (3, title),
            (4, subject.as_str()),
            (10, c.sheet.as_str()),
            (12, detail.as_str()),
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

#[cfg(test)]
mod tests {
    use super::{lines, Line, GROUP_PASSED_OVER};
    use crate::rules::{all_rules, CheckRecord, Outcome};

    fn record(rule: usize, outcome: Outcome, n: usize) -> CheckRecord {
        CheckRecord {
            rule: all_rules().nth(rule).unwrap(),
            subject: format!("关系 {n}"),
            outcome,
            rounding: false,
            sheet: "公开03".into(),
            cell: format!("F{}", n + 8),
            detail: String::new(),
            figures: None,
        }
    }

    #[test]
    fn few_passed_relations_are_listed_one_per_row() {
        let checks: Vec<(String, CheckRecord)> = (0..GROUP_PASSED_OVER)
            .map(|n| ("公开03".to_string(), record(0, Outcome::Pass, n)))
            .collect();
        let refs: Vec<(String, &CheckRecord)> =
            checks.iter().map(|(t, c)| (t.clone(), c)).collect();
        let (rows, grouped) = lines(&refs);
        assert!(!grouped);
        assert_eq!(rows.len(), GROUP_PASSED_OVER);
    }

    #[test]
    fn many_passed_relations_are_grouped_and_failures_kept() {
        let mut checks: Vec<(String, CheckRecord)> = Vec::new();
        for n in 0..3_000 {
            let outcome = if n % 1_000 == 7 {
                Outcome::Fail
            } else if n == 5 {
                Outcome::InsufficientData
            } else {
                Outcome::Pass
            };
            let table = if n < 1_500 { "公开03" } else { "公开05" };
            checks.push((table.into(), record(n % 2, outcome, n)));
        }
        let refs: Vec<(String, &CheckRecord)> =
            checks.iter().map(|(t, c)| (t.clone(), c)).collect();
        let (rows, grouped) = lines(&refs);
        assert!(grouped);
        // 3 failures and 1 not checked one per row, then 2 tables × 2 rules.
        let singles: Vec<_> = rows
            .iter()
            .filter_map(|l| match l {
                Line::One(_, c) => Some(c.outcome),
                Line::Passed { .. } => None,
            })
            .collect();
        assert_eq!(singles.len(), 4);
        assert!(singles.iter().all(|o| *o != Outcome::Pass));
        let groups: Vec<(&str, usize)> = rows
            .iter()
            .filter_map(|l| match l {
                Line::Passed { table, count, .. } => Some((*table, *count)),
                Line::One(..) => None,
            })
            .collect();
        assert_eq!(groups.len(), 4);
        assert_eq!(groups.iter().map(|g| g.1).sum::<usize>(), 2_996);
        assert_eq!(groups[0].0, "公开03");
    }
}
