//! 公开06 一般公共预算财政拨款基本支出决算表: two or three side-by-side
//! "科目编码 | 科目名称 | 决算数" panels of 经济分类 rows, closed by the
//! 人员经费合计 and 公用经费合计 line.

use super::Region;
use crate::forms::final_accounts::model::{Basic, EconRow, Labeled};
use crate::forms::final_accounts::names::is_code;
use crate::forms::labels::norm;
use crate::workbook::Reading;

struct Panel {
    code_col: u32,
    name_col: Option<u32>,
    amount_col: u32,
}

pub fn extract(reg: &Region<'_>) -> Option<Basic> {
    let (header_row, _) = reg.find(reg.top, |s| s.contains("科目编码"))?;
    let mut code_cols: Vec<u32> = reg
        .own_cells(header_row)
        .into_iter()
        .filter(|(_, t)| norm(t).contains("编码"))
        .map(|(c, _)| c)
        .collect();
    code_cols.sort_unstable();
    let mut panels = Vec::new();
    for (i, &code_col) in code_cols.iter().enumerate() {
        let end = code_cols.get(i + 1).map_or(reg.right, |n| n - 1);
        let label = |c: u32| reg.label(header_row, c);
        let name_col = (code_col + 1..=end).find(|&c| label(c).contains("名称"));
        let amount_col = (code_col + 1..=end)
            .find(|&c| {
                let l = label(c);
                !l.contains("名称")
                    && (l.contains("决算") || l.contains("金额") || l.contains("合计"))
            })
            .or_else(|| {
                (code_col + 1..=end)
                    .rev()
                    .find(|&c| !label(c).is_empty() && Some(c) != name_col)
            })?;
        panels.push(Panel {
            code_col,
            name_col,
            amount_col,
        });
    }
    if panels.is_empty() {
        return None;
    }
    let mut out = Basic::default();
    for r in header_row + 1..=reg.bottom {
        for (panel, p) in panels.iter().enumerate() {
            let code = norm(&reg.raw(r, p.code_col));
            if is_code(&code) && code != "0" {
                out.rows.push(EconRow {
                    panel,
                    code,
                    code_at: reg.at(r, p.code_col),
                    name: p.name_col.map(|c| reg.raw(r, c)).unwrap_or_default(),
                    amount: reg.amount(r, p.amount_col),
                });
            }
        }
        for (c, text) in reg.own_cells(r) {
            let s = norm(&text);
            let slot = if s.starts_with("人员经费") && (s.contains("合计") || s.contains("小计"))
            {
                &mut out.personnel_total
            } else if s.starts_with("公用经费") && (s.contains("合计") || s.contains("小计"))
            {
                &mut out.public_total
            } else {
                continue;
            };
            if slot.is_some() {
                continue;
            }
            *slot = Some(Labeled {
                label: s,
                label_at: reg.at(r, c),
                amount: total_amount(reg, &panels, r, c),
            });
        }
    }
    Some(out)
}

/// The amount printed for a 合计 label at (r, c): the first number to its
/// right, or the amount column of the panel the label sits in.
fn total_amount(reg: &Region<'_>, panels: &[Panel], r: u32, c: u32) -> crate::amount::Amount {
    let next_label = reg
        .own_cells(r)
        .into_iter()
        .filter(|(x, t)| *x > c && crate::workbook::parse_text_number(t) == Reading::Text)
        .map(|(x, _)| x)
        .min()
        .unwrap_or(reg.right + 1);
    for x in c + 1..next_label {
        let a = reg.amount(r, x);
        if matches!(a.reading, Reading::Number(_)) && reg.sheet.anchor(r, x) == (r, x) {
            return a;
        }
    }
    let panel = panels
        .iter()
        .rev()
        .find(|p| p.code_col <= c)
        .unwrap_or(&panels[0]);
    // A label merged across the panel's amount column (公用经费合计 over
    // D34:H34) is not its own amount: the amount is the cell after it,
    // blank or not.
    let label_end = reg.sheet.merge_at(r, c).map_or(c, |m| m.right);
    if panel.amount_col <= label_end {
        return reg.amount(r, label_end + 1);
    }
    reg.amount(r, panel.amount_col)
}
