//! Where the report block and the 指标体系 are. Both are found by their
//! labels: the report by its 计划安排资金 / 绩效自评综合得分 labels, the 指标体系
//! by a header row naming three levels with a 分值 column after each.

use crate::forms::labels::norm;
use crate::workbook::Sheet;

/// Normalised own text of each anchor cell of row `r`, in column order.
pub(super) fn row_labels(sheet: &Sheet, r: u32) -> Vec<(u32, String)> {
    sheet
        .row_cells(r)
        .filter(|&(c, _)| sheet.anchor(r, c) == (r, c))
        .map(|(c, _)| (c, norm(&sheet.own_text(r, c))))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

/// A 指标体系 header: 一级/二级/三级指标 and at least two 分值 columns in
/// one row (the national 自评表 has one 分值 column per row).
pub fn is_system_header(labels: &[(u32, String)]) -> bool {
    let has = |k: &str| {
        labels
            .iter()
            .any(|(_, t)| t == k || t == &format!("{k}名称"))
    };
    let points = labels.iter().filter(|(_, t)| t == "分值").count();
    has("一级指标") && has("二级指标") && has("三级指标") && points >= 2
}

/// Rows of `sheet` holding a 指标体系 header, top to bottom.
pub fn system_headers(sheet: &Sheet) -> Vec<u32> {
    sheet
        .used_rows()
        .into_iter()
        .filter(|&r| is_system_header(&row_labels(sheet, r)))
        .collect()
}

/// Labels that mark the 自评报告 block.
const REPORT_MARKS: &[&str] = &["计划安排资金", "绩效自评综合得分"];

/// First row of a report block on `sheet`: its title when there is one
/// (…自评报告), else the row of the first mark.
pub fn report_start(sheet: &Sheet) -> Option<u32> {
    let mut mark = None;
    for &(r, c) in sheet.cells.keys() {
        let t = norm(&sheet.own_text(r, c));
        if REPORT_MARKS.iter().any(|m| t.starts_with(m)) {
            mark = Some(r);
            break;
        }
    }
    let mark = mark?;
    let title = sheet.cells.keys().map(|k| k.0).find(|&r| {
        r <= mark
            && row_labels(sheet, r)
                .iter()
                .any(|(_, t)| t.contains("自评报告") && t.chars().count() <= 40)
    });
    Some(title.unwrap_or(mark))
}

/// True when the sheet holds a 指标体系 or a 自评报告 block: the 自评表
/// detector leaves such sheets alone (the 指标体系 also has 一级/三级指标,
/// 分值 and 得分 columns, but is a different form).
pub fn claims(sheet: &Sheet) -> bool {
    !system_headers(sheet).is_empty() || report_start(sheet).is_some()
}
