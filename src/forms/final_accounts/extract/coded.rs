//! 公开02, 03, 05, 08, 09: rows by 功能分类科目编码, columns by 栏次 and
//! header label.

use super::Region;
use crate::forms::final_accounts::model::{Coded, CodedRow, ColKey, Column, TableKind};
use crate::forms::final_accounts::names::{is_code, is_note, split_code};
use crate::forms::labels::norm;

/// Column meaning by 栏次 in the national template, used only for columns
/// whose header says nothing.
fn default_keys(kind: TableKind) -> &'static [ColKey] {
    use ColKey::*;
    match kind {
        TableKind::T02 => &[
            Total, Fiscal, Superior, Business, Operating, Affiliated, Other,
        ],
        TableKind::T03 => &[
            Total,
            Basic,
            Project,
            ToSuperior,
            OperatingSpend,
            ToAffiliates,
        ],
        TableKind::T08 => &[Opening, Income, Total, Basic, Project, Closing],
        _ => &[Total, Basic, Project],
    }
}

/// Column meaning from its (joined) header label.
fn classify(kind: TableKind, label: &str) -> Option<ColKey> {
    let has = |p: &str| label.contains(p);
    if has("预算数") && !has("决算") {
        // 年初预算数 comparisons some localities add.
        return None;
    }
    if has("基本支出") {
        return Some(ColKey::Basic);
    }
    if has("项目支出") {
        return Some(ColKey::Project);
    }
    let total = has("合计") || has("小计");
    match kind {
        TableKind::T02 => {
            if has("财政拨款") {
                Some(ColKey::Fiscal)
            } else if has("上级补助") {
                Some(ColKey::Superior)
            } else if has("附属单位") {
                Some(ColKey::Affiliated)
            } else if has("事业收入") {
                Some(ColKey::Business)
            } else if has("经营收入") {
                Some(ColKey::Operating)
            } else if has("其他收入") {
                Some(ColKey::Other)
            } else if total || has("本年收入") {
                Some(ColKey::Total)
            } else {
                None
            }
        }
        TableKind::T03 => {
            if has("上缴上级") {
                Some(ColKey::ToSuperior)
            } else if has("对附属单位") {
                Some(ColKey::ToAffiliates)
            } else if has("经营支出") {
                Some(ColKey::OperatingSpend)
            } else if total || has("本年支出") {
                Some(ColKey::Total)
            } else {
                None
            }
        }
        _ => {
            if has("年初") {
                Some(ColKey::Opening)
            } else if has("年末") {
                Some(ColKey::Closing)
            } else if has("本年收入") {
                Some(ColKey::Income)
            } else if total || has("本年支出") || has("决算数") {
                Some(ColKey::Total)
            } else {
                None
            }
        }
    }
}

fn is_total_label(s: &str) -> bool {
    matches!(s, "合计" | "总计" | "合计数")
}

pub fn extract(reg: &Region<'_>, kind: TableKind) -> Option<Coded> {
    let (header_row, _) = reg.find(reg.top, |s| {
        s == "项目" || s.contains("科目编码") || s.contains("科目名称")
    })?;
    let near = header_row..=(header_row + 3).min(reg.bottom);
    let find_col = |pred: &dyn Fn(&str) -> bool| {
        near.clone().find_map(|r| {
            reg.own_cells(r)
                .into_iter()
                .find(|(_, t)| pred(&norm(t)))
                .map(|(c, _)| c)
        })
    };
    let code_col = find_col(&|s| s.contains("编码")).or_else(|| find_col(&|s| s == "项目"))?;
    let name_col = find_col(&|s| s.contains("名称")).filter(|&c| c != code_col);
    let lanci_row = reg.lanci_row(header_row, header_row + 5);
    let row_kind = |r: u32| {
        let code = norm(&reg.raw(r, code_col));
        let name = name_col.map(|c| norm(&reg.raw(r, c))).unwrap_or_default();
        is_total_label(&code) || is_total_label(&name) || (is_code(&code) && code != "0")
    };
    let data_start = match lanci_row {
        Some(r) => r + 1,
        None => (header_row + 1..=reg.bottom).find(|&r| row_kind(r))?,
    };
    let label_end = code_col.max(name_col.unwrap_or(code_col));
    let header_rows = || (header_row..data_start).filter(|r| Some(*r) != lanci_row);
    let mut columns: Vec<Column> = Vec::new();
    for c in label_end + 1..=reg.right {
        let label = reg.column_label(header_rows(), c);
        let lanci = lanci_row.and_then(|r| reg.int_at(r, c));
        let key = if label.is_empty() {
            lanci.and_then(|n| default_keys(kind).get(n as usize - 1).copied())
        } else {
            classify(kind, &label)
        };
        if let Some(key) = key {
            if columns.iter().all(|x| x.key != key) {
                columns.push(Column {
                    key,
                    label,
                    col: c,
                    lanci,
                });
            }
        }
    }
    if columns.is_empty() {
        return None;
    }
    let mut out = Coded::with_columns(columns);
    for r in data_start..=reg.bottom {
        let code_raw = reg.raw(r, code_col);
        let name_raw = name_col.map(|c| reg.raw(r, c)).unwrap_or_default();
        if is_note(&code_raw) || is_note(&name_raw) {
            continue;
        }
        let code_n = norm(&code_raw);
        let name_n = norm(&name_raw);
        let (code, name) = if is_total_label(&code_n) || is_total_label(&name_n) {
            (String::new(), "合计".to_string())
        } else if is_code(&code_n) {
            if code_n == "0" {
                // The exporter writes 0 in the code cell of remark rows.
                continue;
            }
            (code_n, name_raw.trim().to_string())
        } else if let Some((code, rest)) = split_code(&code_raw) {
            (code, rest)
        } else if let Some((code, rest)) = split_code(&name_raw).filter(|_| code_n.is_empty()) {
            (code, rest)
        } else {
            continue;
        };
        let row = CodedRow {
            code_at: reg.at(r, code_col),
            code,
            name,
            values: out.columns.iter().map(|c| reg.amount(r, c.col)).collect(),
        };
        if row.code.is_empty() {
            if out.total.is_none() {
                out.total = Some(row);
            }
        } else {
            out.rows.push(row);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_labels() {
        assert_eq!(
            classify(TableKind::T02, "本年收入合计"),
            Some(ColKey::Total)
        );
        assert_eq!(
            classify(TableKind::T02, "其他收入小计"),
            Some(ColKey::Other)
        );
        assert_eq!(
            classify(TableKind::T02, "附属单位上缴收入"),
            Some(ColKey::Affiliated)
        );
        assert_eq!(
            classify(TableKind::T03, "对附属单位补助支出"),
            Some(ColKey::ToAffiliates)
        );
        assert_eq!(
            classify(TableKind::T05, "本年支出小计"),
            Some(ColKey::Total)
        );
        assert_eq!(
            classify(TableKind::T05, "本年支出基本支出"),
            Some(ColKey::Basic)
        );
        assert_eq!(
            classify(TableKind::T08, "本年支出小计"),
            Some(ColKey::Total)
        );
        assert_eq!(
            classify(TableKind::T08, "本年支出基本支出小计"),
            Some(ColKey::Basic)
        );
        assert_eq!(
            classify(TableKind::T08, "年初结转和结余"),
            Some(ColKey::Opening)
        );
        assert_eq!(classify(TableKind::T08, "本年收入"), Some(ColKey::Income));
        assert_eq!(classify(TableKind::T05, "年初预算数小计"), None);
    }
}
