//! 评分复核: each review table (recomputed 得分, 执行率, 总分, 等级) as a
//! titled block, with links to the source cells and flagged values coloured.

use super::copy::clip_text;
use super::kit::{as_number, fit_height, lines_needed, print_setup, write_value, Kit, Linker};
use super::marks::display_units;
use super::names::internal_link;
use crate::report::review::ReviewTable;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

/// Column widths in characters, so wide Chinese labels wrap instead of
/// spilling or being cut.
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 46;

pub fn write(
    ws: &mut Worksheet,
    tables: &[ReviewTable],
    sheet_names: &HashMap<&str, &str>,
    kit: &Kit,
) -> Result<(), XlsxError> {
    let widths = set_widths(ws, tables)?;
    let width_of = |c: usize| widths.get(c).copied().unwrap_or(MIN_WIDTH) as f64;
    ws.write_string_with_format(0, 0, "评分复核", &kit.title)?;
    ws.set_row_height(0, 24)?;
    for (r, line) in [
        "按表内数据重新计算：定量指标按完成率重算得分，其余按填报得分计并在说明中写明原因；合计为上方各列之和。",
        "与填报不一致的数值按该处问题的严重程度着色（与原表标注相同），单击带下划线的数值可跳转到原表单元格。",
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_string_with_format(1 + r as u32, 0, line, &kit.text)?;
    }
    let mut row = 3;
    let mut links = Linker::default();
    for table in tables {
        row += 1;
        ws.write_string_with_format(row, 0, clip_text(&table.title), &kit.subtitle)?;
        row += 1;
        for (c, name) in table.columns.iter().enumerate().take(16_000) {
            ws.write_string_with_format(row, c as u16, clip_text(name), &kit.header)?;
        }
        let lines = table
            .columns
            .iter()
            .enumerate()
            .map(|(c, t)| lines_needed(t, width_of(c)))
            .max()
            .unwrap_or(1);
        fit_height(ws, row, lines)?;
        for cells in &table.rows {
            row += 1;
            for (c, cell) in cells.iter().enumerate().take(16_000) {
                let col = c as u16;
                let base = match cell.flag {
                    Some(s) => kit.flagged(&kit.wrap, s),
                    None => kit.wrap.clone(),
                };
                let target = cell.link.as_ref().and_then(|at| {
                    sheet_names
                        .get(&*at.sheet)
                        .map(|out| internal_link(out, &at.a1()))
                });
                if target.is_some() {
                    // Linked values are text; numbers stay right-aligned.
                    let plain = if as_number(&cell.text).is_some() {
                        &kit.link_right
                    } else {
                        &kit.link_left
                    };
                    let link = match cell.flag {
                        Some(s) => kit.flagged(plain, s),
                        None => plain.clone(),
                    };
                    links.write(ws, row, col, &cell.text, target, (&link, &base))?;
                } else {
                    write_value(ws, row, col, &cell.text, &base)?;
                }
            }
            let lines = cells
                .iter()
                .enumerate()
                .map(|(c, cell)| lines_needed(&cell.text, width_of(c)))
                .max()
                .unwrap_or(1);
            fit_height(ws, row, lines)?;
        }
        row += 1;
    }
    print_setup(ws, None)
}

/// Fit the columns to their longest text; returns the widths.
fn set_widths(ws: &mut Worksheet, tables: &[ReviewTable]) -> Result<Vec<usize>, XlsxError> {
    let mut widths: Vec<usize> = Vec::new();
    let mut fit = |c: usize, text: &str| {
        if c >= 256 {
            return;
        }
        if widths.len() <= c {
            widths.resize(c + 1, MIN_WIDTH);
        }
        let w = text.lines().map(display_units).max().unwrap_or(0) + 2;
        widths[c] = widths[c].max(w.min(MAX_WIDTH));
    };
    for t in tables {
        for (c, name) in t.columns.iter().enumerate() {
            fit(c, name);
        }
        for row in &t.rows {
            for (c, cell) in row.iter().enumerate() {
                fit(c, &cell.text);
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    Ok(widths)
}
