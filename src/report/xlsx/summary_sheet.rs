//! The first sheet, 审核结果: the verdict and counts on top, then one row per
//! finding with a link to its cell, filterable, with a frozen header.

use super::copy::clip_text;
use super::kit::{fit_height, lines_needed, print_setup, write_value, Kit, Linker};
use super::names::internal_link;
use super::style::mark_font;
use crate::outcome::{DeclaredComputed, FileReport, FormKind, FormSummary, Status};
use crate::report::order::finding_pos;
use crate::rules::{Finding, Severity};
use rust_xlsxwriter::{Color, Format, Worksheet, XlsxError};
use std::collections::HashMap;

const COLUMNS: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("级别", 7.0),
    ("规则", 10.0),
    ("规则名称", 26.0),
    ("工作表", 16.0),
    ("单元格", 9.0),
    ("说明", 64.0),
    ("应为", 16.0),
    ("实为", 16.0),
];

/// Freezing more rows than fit on a screen would leave no room to scroll.
const MAX_FROZEN_ROWS: u32 = 25;

/// `sheet_names`: input sheet name → output sheet name. `notes_printed`:
/// the copy prints its notes at the end of each sheet (patch mode).
pub fn write(
    ws: &mut Worksheet,
    report: &FileReport,
    sheet_names: &HashMap<&str, &str>,
    extra_notes: &[String],
    notes_printed: bool,
    kit: &Kit,
) -> Result<(), XlsxError> {
    for (i, (_, width)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(i as u16, *width)?;
    }
    let mut row = write_head(ws, report, extra_notes, notes_printed, kit)?;

    row += 1;
    let header = row;
    for (i, (name, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, *name, &kit.header)?;
    }
    let order = crate::report::order::by_severity(report);
    if order.is_empty() {
        row += 1;
        // Nothing checked is not nothing wrong.
        let verdict = if report.status == Status::NoForms {
            "未作检查：未识别到可检查的表格（见上方说明）"
        } else {
            "无问题：未发现错误、警告或提示"
        };
        ws.merge_range(row, 0, row, COLUMNS.len() as u16 - 1, verdict, &kit.center)?;
    }
    let mut links = Linker::default();
    for (n, f) in order.iter().enumerate() {
        row += 1;
        write_finding(ws, row, n + 1, f, sheet_names, &mut links, kit)?;
    }
    if header < MAX_FROZEN_ROWS {
        ws.set_freeze_panes(header + 1, 0)?;
    }
    ws.autofilter(header, 0, row.max(header + 1), COLUMNS.len() as u16 - 1)?;
    print_setup(ws, Some(header))?;
    Ok(())
}

/// The block above the table; returns its last row.
fn write_head(
    ws: &mut Worksheet,
    report: &FileReport,
    extra_notes: &[String],
    notes_printed: bool,
    kit: &Kit,
) -> Result<u32, XlsxError> {
    let mut row = 0;
    ws.write_string_with_format(row, 0, "审核结果", &kit.title)?;
    ws.set_row_height(row, 24)?;
    row += 1;
    ws.write_string_with_format(
        row,
        0,
        clip_text(&format!("文件：{}", report.file)),
        &kit.text,
    )?;

    row += 1;
    let verdict_color = match report.worst() {
        Some(s) => mark_font(s),
        None => 0x006100,
    };
    let verdict = kit
        .subtitle
        .clone()
        .set_font_color(Color::RGB(verdict_color));
    let counts: Vec<(Format, String)> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|s| {
            let mut f = kit.subtitle.clone();
            if report.count(s) > 0 {
                f = f.set_font_color(Color::RGB(mark_font(s)));
            }
            (f, format!("　{} {}", s.label(), report.count(s)))
        })
        .collect();
    let mut parts: Vec<(&Format, &str)> = Vec::new();
    let verdict_text = format!("结论：{}", report.verdict().label());
    parts.push((&verdict, &verdict_text));
    for (f, t) in &counts {
        parts.push((f, t));
    }
    ws.write_rich_string(row, 0, &parts)?;
    ws.set_row_height(row, 18)?;

    row += 1;
    ws.write_string_with_format(row, 0, clip_text(&record_line(report)), &kit.text)?;
    if let Some(digest) = &report.sha256 {
        row += 1;
        let line = format!("检查的文件：{}　SHA-256：{digest}", file_name(&report.file));
        ws.write_string_with_format(row, 0, clip_text(&line), &kit.text)?;
    }
    if has_final_accounts(report) {
        row += 1;
        ws.write_string_with_format(row, 0, super::relations_sheet::COUNTING, &kit.text)?;
    }

    // The paragraph a reviewer pastes: merged across the table so it wraps
    // at the width of the page.
    row += 1;
    ws.write_string_with_format(row, 0, "审核意见", &kit.header)?;
    let opinion = crate::report::opinion::opinion(report);
    let width: f64 = COLUMNS[1..].iter().map(|c| c.1).sum();
    ws.merge_range(
        row,
        1,
        row,
        COLUMNS.len() as u16 - 1,
        clip_text(&opinion),
        &kit.wrap,
    )?;
    fit_height(ws, row, lines_needed(&opinion, width))?;

    row += 1;
    ws.write_string_with_format(row, 0, "图例", &kit.text)?;
    for (i, s) in [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .enumerate()
    {
        ws.write_string_with_format(row, 1 + i as u16, s.label(), &kit.severity(s))?;
    }
    ws.write_string_with_format(row, 4, legend_text(notes_printed), &kit.text)?;

    row += 1;
    let summaries: Vec<&FormSummary> = report.summaries().collect();
    if summaries.is_empty() {
        let why = report
            .not_found
            .as_deref()
            .unwrap_or("未识别到项目支出绩效自评表或部门决算公开表");
        ws.write_string_with_format(
            row,
            0,
            clip_text(&format!("识别到的表格：无。{why}")),
            &kit.text,
        )?;
    } else {
        ws.write_string_with_format(
            row,
            0,
            format!("识别到的表格（{} 张）：", summaries.len()),
            &kit.text,
        )?;
        for form in summaries {
            row += 1;
            ws.write_string_with_format(row, 0, clip_text(&form_line(form)), &kit.text)?;
        }
    }
    let notes: Vec<&String> = report.notes.iter().chain(extra_notes).collect();
    if !notes.is_empty() {
        row += 1;
        ws.write_string_with_format(row, 0, "说明：", &kit.text)?;
        for n in notes {
            row += 1;
            ws.write_string_with_format(row, 0, clip_text(&format!("　· {n}")), &kit.text)?;
        }
    }
    Ok(row)
}

/// How to read the marks, beside the legend's colours: on paper the number
/// after a value is what links a cell to its row below.
pub fn legend_text(notes_printed: bool) -> &'static str {
    if notes_printed {
        "原表中有问题的单元格按级别着色并加同色边框，值后的①②…即下表“序号”；虚线框为相关单元格（如合计的各加数）；批注说明问题，打印时附在各表末尾；单击“单元格”列可跳转。"
    } else {
        "原表中有问题的单元格按级别着色并加同色边框，值后的①②…即下表“序号”；虚线框为相关单元格（如合计的各加数）；鼠标指向可看批注（批注不打印）；单击“单元格”列可跳转。"
    }
}

/// The last component of a path as given ("a/b/自评.xlsx" → "自评.xlsx").
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// "检查时间 …　审表 0.1.0　评分方案 …": what a later reader needs to know
/// the check was made, by which version and under which scheme.
fn record_line(report: &FileReport) -> String {
    let mut schemes: Vec<String> = Vec::new();
    for name in report.summaries().filter_map(|f| f.scheme.as_deref()) {
        let shown = match crate::scheme::Scheme::builtin(name) {
            Some(s) => format!("{}（{}）", s.title, s.name),
            None => name.to_string(),
        };
        if !schemes.contains(&shown) {
            schemes.push(shown);
        }
    }
    let scheme = if schemes.is_empty() {
        "不适用".to_string()
    } else {
        schemes.join("、")
    };
    format!(
        "检查时间：{}　工具：审表 shenbiao {}　评分方案：{scheme}",
        utc_now(),
        env!("CARGO_PKG_VERSION")
    )
}

/// Now as "2026-12-02 07:50（UTC）" (no time-zone database is shipped).
fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}（UTC）",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// "· 项目支出绩效自评表 某项目（工作表“Sheet1” A1:I40）　总分 填报 96 / 复核 97 …"
pub(crate) fn form_line(form: &FormSummary) -> String {
    let mut s = format!("　· {}", form.kind.label());
    if let Some(t) = form.table.as_deref().filter(|t| !t.is_empty()) {
        s.push_str(&format!(" {t}"));
    }
    if !form.title.is_empty() && form.table.as_deref() != Some(form.title.as_str()) {
        s.push_str(&format!(" {}", form.title));
    }
    s.push_str(&format!("（工作表“{}”", form.sheet));
    if !form.range.is_empty() {
        s.push_str(&format!(" {}", form.range));
    }
    s.push('）');
    if let Some(score) = &form.score {
        s.push_str(&format!("　总分 {}", declared_computed(score)));
    }
    if let Some(rating) = &form.rating {
        s.push_str(&format!("　等级 {}", declared_computed(rating)));
    }
    if let Some(parts) = form.parts.as_ref().filter(|p| !p.missing.is_empty()) {
        s.push_str(&format!("　未找到：{}", parts.missing.join("、")));
    }
    s
}

fn declared_computed(v: &DeclaredComputed) -> String {
    let declared = v
        .declared
        .as_deref()
        .filter(|d| !d.is_empty())
        .unwrap_or("未填");
    let computed = v
        .computed
        .as_deref()
        .filter(|d| !d.is_empty())
        .unwrap_or("无法复核");
    let mark = if v.declared.is_some() && v.declared == v.computed {
        "✓"
    } else {
        ""
    };
    format!("填报 {declared} / 复核 {computed}{mark}")
}

fn write_finding(
    ws: &mut Worksheet,
    row: u32,
    n: usize,
    f: &Finding,
    sheet_names: &HashMap<&str, &str>,
    links: &mut Linker,
    kit: &Kit,
) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, 0, n as f64, &kit.center)?;
    ws.write_string_with_format(row, 1, f.severity.label(), &kit.severity(f.severity))?;
    ws.write_string_with_format(row, 2, f.rule.code, &kit.center)?;
    let title = f.rule.title;
    ws.write_string_with_format(row, 3, title, &kit.wrap)?;
    ws.write_string_with_format(row, 4, &f.sheet, &kit.wrap)?;
    let target = sheet_names
        .get(f.sheet.as_str())
        .filter(|_| finding_pos(&f.cell).is_some())
        .map(|out| {
            let first = f.cell.rsplit('!').next().unwrap_or("").split(':').next();
            internal_link(out, &first.unwrap_or("").replace('$', ""))
        });
    links.write(ws, row, 5, &f.cell, target, (&kit.link, &kit.center))?;
    ws.write_string_with_format(row, 6, clip_text(&f.message), &kit.wrap)?;
    write_value(ws, row, 7, f.expected.as_deref().unwrap_or(""), &kit.wrap)?;
    write_value(ws, row, 8, f.actual.as_deref().unwrap_or(""), &kit.wrap)?;
    let texts = [
        (3, title),
        (4, f.sheet.as_str()),
        (6, f.message.as_str()),
        (7, f.expected.as_deref().unwrap_or("")),
        (8, f.actual.as_deref().unwrap_or("")),
    ];
    let lines = texts
        .iter()
        .map(|(c, t)| lines_needed(t, COLUMNS[*c].1))
        .max()
        .unwrap_or(1);
    fit_height(ws, row, lines)
}

/// Whether the report has 决算 forms (and so a 勾稽关系 sheet).
pub fn has_final_accounts(report: &FileReport) -> bool {
    report
        .summaries()
        .any(|f| f.kind == FormKind::FinalAccounts)
}

#[cfg(test)]
mod tests {
    #[test]
    fn days_become_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_424), (2025, 12, 2));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
    }
}
