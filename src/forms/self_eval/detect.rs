//! Where the forms are: one region per 项目名称 label (forms may be stacked
//! on one sheet), starting at the form's title when there is one. A
//! 项目名称 that is a column header of the fund block (the central 项目库
//! export heads its fund-line column so) starts nothing: it sits on the row
//! of the 预算数/执行数/执行率 headers.

use crate::forms::labels::norm;
use crate::workbook::{Rect, Sheet};

/// Rows holding a 项目名称 label start a form; a form ends where the next
/// one starts. Sheets without 项目名称 but with a fund block or indicator
/// header are one form.
pub fn form_regions(sheet: &Sheet) -> Vec<Rect> {
    let Some((last_row, last_col)) = sheet.extent() else {
        return Vec::new();
    };
    let mut starts: Vec<u32> = Vec::new();
    for &(row, col) in sheet.cells.keys() {
        if sheet.anchor(row, col) != (row, col) {
            continue;
        }
        let t = norm(&sheet.own_text(row, col));
        if (t == "项目名称" || t.starts_with("项目名称:"))
            && starts.last() != Some(&row)
            && !is_fund_header_row(sheet, row)
        {
            starts.push(title_row_above(sheet, row).unwrap_or(row));
        }
    }
    if starts.is_empty() {
        let has_form = sheet.cells.keys().any(|&(r, c)| {
            let t = norm(&sheet.own_text(r, c));
            t.contains("三级指标") || t.contains("年度资金总额")
        });
        if has_form {
            starts.push(0);
        }
    }
    starts.dedup();
    starts
        .iter()
        .enumerate()
        .map(|(i, &top)| Rect {
            top,
            left: 0,
            bottom: starts.get(i + 1).map_or(last_row, |next| next - 1),
            right: last_col,
        })
        .collect()
}

/// True when `row` holds the fund block's column headers (年初预算数,
/// 全年执行数, 执行率 …), so a 项目名称 on it heads the fund-line column.
fn is_fund_header_row(sheet: &Sheet, row: u32) -> bool {
    sheet.row_cells(row).any(|(c, _)| {
        let t = norm(&sheet.own_text(row, c));
        t.contains("预算数") || t.contains("执行数") || t.contains("执行率")
    })
}

/// The form's title (…自评表) within three rows above its first label.
fn title_row_above(sheet: &Sheet, row: u32) -> Option<u32> {
    (row.saturating_sub(3)..row).rev().find(|&r| {
        sheet
            .row_cells(r)
            .any(|(c, _)| norm(&sheet.own_text(r, c)).contains("自评表"))
    })
}
