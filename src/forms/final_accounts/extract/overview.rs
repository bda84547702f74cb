//! 公开01 and 公开04: an income panel and an expenditure panel, side by side
//! ("项目 | 行次 | 金额" twice) or, in some local layouts, one under the other.

use super::Region;
use crate::forms::final_accounts::model::{
    ClassLine, FiscalOverview, Fund, FundLine, IncomeItem, IncomeLine, Labeled, Overview,
    PanelColumn, SpendCol,
};
use crate::forms::final_accounts::names::{class_code, is_note, strip_ordinal};
use crate::forms::labels::norm;

/// One "项目 | 行次 | 金额…" block.
struct Panel {
    label_col: u32,
    /// Value columns with their header label and 栏次.
    values: Vec<(u32, String, Option<u32>)>,
}

/// Where the panels are and where their data starts.
struct Layout {
    panels: Vec<Panel>,
    data_start: u32,
}

fn is_item_header(s: &str) -> bool {
    s == "项目" || ((s.ends_with("项目") || s.ends_with("项目名称")) && s.chars().count() <= 6)
}

fn layout(reg: &Region<'_>) -> Option<Layout> {
    let (header_row, _) = reg.find(reg.top, is_item_header)?;
    let mut starts: Vec<u32> = reg
        .own_cells(header_row)
        .into_iter()
        .filter(|(_, t)| is_item_header(&norm(t)))
        .map(|(c, _)| c)
        .collect();
    starts.sort_unstable();
    let is_data_label = |s: &str| !s.is_empty() && s != "栏次" && !is_item_header(s) && s != "行次";
    let data_start = (header_row + 1..=reg.bottom)
        .find(|&r| starts.iter().any(|&c| is_data_label(&reg.label(r, c))))?;
    let lanci_row = reg.lanci_row(header_row + 1, data_start - 1);
    let header_rows = || (header_row..data_start).filter(|r| Some(*r) != lanci_row);
    let mut panels = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(reg.right, |n| n - 1);
        let mut values = Vec::new();
        for c in start + 1..=end {
            let label = reg.column_label(header_rows(), c);
            let lanci = lanci_row.and_then(|r| reg.int_at(r, c));
            if label.contains("行次") || label.contains("栏次") || is_item_header(&label) {
                continue;
            }
            if !label.is_empty() || lanci.is_some() {
                values.push((c, label, lanci));
            }
        }
        if !values.is_empty() {
            panels.push(Panel {
                label_col: start,
                values,
            });
        }
    }
    (!panels.is_empty()).then_some(Layout { panels, data_start })
}

/// A labelled row of a panel, for the classifiers below.
struct PanelRow {
    row: u32,
    label: String,
}

/// Rows of one panel with a label, notes excluded.
fn panel_rows(reg: &Region<'_>, lay: &Layout, panel: &Panel) -> Vec<PanelRow> {
    (lay.data_start..=reg.bottom)
        .filter_map(|r| {
            let raw = reg.raw(r, panel.label_col);
            let label = strip_ordinal(&raw);
            (!label.is_empty() && !is_note(&raw) && label != "栏次")
                .then_some(PanelRow { row: r, label })
        })
        .collect()
}

/// Labelled rows of one side, each with the panel it was read from.
type Side<'r> = Vec<(PanelRow, &'r Panel)>;

/// Split the rows into an income part and an expenditure part: two panels
/// side by side, or one panel whose income part ends at the first 总计.
fn sides<'r>(reg: &Region<'_>, lay: &'r Layout) -> (Side<'r>, Side<'r>) {
    let tag = |p: &'r Panel| {
        panel_rows(reg, lay, p)
            .into_iter()
            .map(move |r| (r, p))
            .collect::<Vec<_>>()
    };
    if lay.panels.len() >= 2 {
        return (tag(&lay.panels[0]), tag(&lay.panels[1]));
    }
    let rows = tag(&lay.panels[0]);
    let split = rows
        .iter()
        .position(|(r, _)| is_grand(&r.label))
        .map_or(rows.len(), |i| i + 1);
    let mut income = rows;
    let spend = income.split_off(split);
    (income, spend)
}

fn is_grand(label: &str) -> bool {
    matches!(label, "总计" | "收入总计" | "支出总计" | "合计总计")
}

fn labeled(reg: &Region<'_>, row: &PanelRow, panel: &Panel) -> Labeled {
    Labeled {
        label: row.label.clone(),
        label_at: reg.at(row.row, panel.label_col),
        amount: reg.amount(row.row, panel.values[0].0),
    }
}

/// What an income-side label of 公开01 means.
enum IncomeRow {
    Item(IncomeItem, bool),
    Total,
    UseBalance,
    Opening,
    Grand,
}

fn income_row(label: &str) -> IncomeRow {
    let of_which = label.starts_with("其中");
    let s = label.trim_start_matches("其中").trim_start_matches(':');
    if s.contains("本年收入合计") || s == "收入合计" {
        IncomeRow::Total
    } else if s.contains("非财政拨款结余") || s.contains("事业基金弥补") {
        IncomeRow::UseBalance
    } else if s.contains("年初") && s.contains("结") {
        IncomeRow::Opening
    } else if is_grand(s) {
        IncomeRow::Grand
    } else {
        IncomeRow::Item(income_item(s), of_which)
    }
}

fn income_item(s: &str) -> IncomeItem {
    if s.contains("一般公共预算") {
        IncomeItem::General
    } else if s.contains("政府性基金") {
        IncomeItem::GovFund
    } else if s.contains("国有资本经营") {
        IncomeItem::StateCapital
    } else if s.contains("财政拨款") {
        IncomeItem::FiscalTotal
    } else if s.contains("上级补助") {
        IncomeItem::Superior
    } else if s.contains("附属单位") {
        IncomeItem::Affiliated
    } else if s.contains("事业收入") {
        IncomeItem::Business
    } else if s.contains("经营收入") {
        IncomeItem::Operating
    } else if s.contains("其他收入") {
        IncomeItem::Other
    } else {
        IncomeItem::Unknown
    }
}

/// What an expenditure-side label means (both overview tables).
enum SpendRow {
    Class,
    Total,
    Distribution,
    Closing,
    Grand,
    Skip,
}

fn spend_row(label: &str) -> SpendRow {
    if label.starts_with("其中") {
        SpendRow::Skip
    } else if label.contains("本年支出合计") || label == "支出合计" {
        SpendRow::Total
    } else if label.contains("结余分配") {
        SpendRow::Distribution
    } else if label.contains("年末") && label.contains("结") {
        SpendRow::Closing
    } else if is_grand(label) {
        SpendRow::Grand
    } else {
        SpendRow::Class
    }
}

/// 公开01 收入支出决算总表.
pub fn overview(reg: &Region<'_>) -> Option<Overview> {
    let lay = layout(reg)?;
    let (income, spend) = sides(reg, &lay);
    let mut o = Overview::default();
    for (row, panel) in &income {
        let l = labeled(reg, row, panel);
        match income_row(&row.label) {
            IncomeRow::Item(item, of_which) => o.income.push(IncomeLine {
                item,
                of_which,
                line: l,
            }),
            IncomeRow::Total => o.income_total = o.income_total.take().or(Some(l)),
            IncomeRow::UseBalance => o.use_balance = o.use_balance.take().or(Some(l)),
            IncomeRow::Opening => o.opening = o.opening.take().or(Some(l)),
            IncomeRow::Grand => o.income_grand = o.income_grand.take().or(Some(l)),
        }
    }
    for (row, panel) in &spend {
        let l = labeled(reg, row, panel);
        match spend_row(&row.label) {
            SpendRow::Class => o.classes.push(ClassLine {
                code: class_code(&row.label).map(str::to_string),
                label: l.label,
                label_at: l.label_at,
                values: vec![l.amount],
            }),
            SpendRow::Total => o.spend_total = o.spend_total.take().or(Some(l)),
            SpendRow::Distribution => o.distribution = o.distribution.take().or(Some(l)),
            SpendRow::Closing => o.closing = o.closing.take().or(Some(l)),
            SpendRow::Grand => o.spend_grand = o.spend_grand.take().or(Some(l)),
            SpendRow::Skip => {}
        }
    }
    let found = !o.income.is_empty() || o.income_total.is_some() || o.spend_total.is_some();
    found.then_some(o)
}

fn fund_of(label: &str) -> Option<Fund> {
    if label.contains("一般公共预算") {
        Some(Fund::General)
    } else if label.contains("政府性基金") {
        Some(Fund::GovFund)
    } else if label.contains("国有资本经营") {
        Some(Fund::StateCapital)
    } else {
        None
    }
}

/// 公开04 财政拨款收入支出决算总表.
pub fn fiscal(reg: &Region<'_>) -> Option<FiscalOverview> {
    let lay = layout(reg)?;
    let (income, spend) = sides(reg, &lay);
    let mut f = FiscalOverview::default();
    for (row, panel) in &income {
        let l = labeled(reg, row, panel);
        let s = row.label.trim_start_matches("其中").trim_start_matches(':');
        if s.contains("本年收入合计") || s == "收入合计" {
            f.income_total = f.income_total.take().or(Some(l));
        } else if s.contains("年初") {
            f.opening = f.opening.take().or(Some(l));
        } else if is_grand(s) {
            f.income_grand = f.income_grand.take().or(Some(l));
        } else if let Some(fund) = fund_of(s) {
            let line = FundLine { fund, line: l };
            if f.opening.is_some() {
                f.opening_funds.push(line);
            } else {
                f.income.push(line);
            }
        }
    }
    let Some((_, spend_panel)) = spend.first() else {
        return (!f.income.is_empty()).then_some(f);
    };
    // Sheet column of each kept expenditure column, in `f.columns` order.
    let mut cols = Vec::new();
    for (c, label, lanci) in &spend_panel.values {
        let key = fund_of(label).map_or(SpendCol::Total, SpendCol::Fund);
        if f.columns.iter().all(|x| x.key != key) {
            f.columns.push(PanelColumn {
                key,
                label: label.clone(),
                lanci: *lanci,
            });
            cols.push(*c);
        }
    }
    for (row, panel) in &spend {
        let line = ClassLine {
            label: row.label.clone(),
            label_at: reg.at(row.row, panel.label_col),
            code: class_code(&row.label).map(str::to_string),
            values: cols.iter().map(|&c| reg.amount(row.row, c)).collect(),
        };
        match spend_row(&row.label) {
            SpendRow::Class if f.closing.is_some() => {
                if let Some(fund) = fund_of(&row.label) {
                    f.closing_funds.push(FundLine {
                        fund,
                        line: Labeled {
                            label: line.label,
                            label_at: line.label_at,
                            amount: line.values[0].clone(),
                        },
                    });
                }
            }
            SpendRow::Class => f.classes.push(line),
            SpendRow::Total => f.spend_total = f.spend_total.take().or(Some(line)),
            SpendRow::Closing => f.closing = f.closing.take().or(Some(line)),
            SpendRow::Grand => f.spend_grand = f.spend_grand.take().or(Some(line)),
            SpendRow::Distribution | SpendRow::Skip => {}
        }
    }
    Some(f)
}
