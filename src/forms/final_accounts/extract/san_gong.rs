//! 公开07 “三公”经费支出决算表. The national layout is one data row under
//! two column groups (预算数 1–6, 决算数 7–12); some localities print the
//! items as rows with 预算数 / 决算数 columns, or add 会议费, 培训费 or
//! 机关运行经费 columns.

use super::Region;
use crate::forms::final_accounts::model::{SanGong, SgGroup, SgItem, SgValue};
use crate::forms::final_accounts::names::is_note;
use crate::forms::labels::norm;
use crate::workbook::Reading;

/// What a column (or row) label names.
pub fn item_of(label: &str) -> Option<SgItem> {
    let s = label.trim_start_matches("其中").trim_start_matches(':');
    for group in ["公务用车购置及运行维护费", "公务用车购置及运行费"] {
        if let Some(i) = s.find(group) {
            let rest = format!("{}{}", &s[..i], &s[i + group.len()..]);
            return Some(if rest.contains("购置") {
                SgItem::Purchase
            } else if rest.contains("运行") {
                SgItem::Operation
            } else {
                SgItem::Vehicles
            });
        }
    }
    if s.contains("机关运行经费") {
        Some(SgItem::OfficeRunning)
    } else if s.contains("会议费") {
        Some(SgItem::Meeting)
    } else if s.contains("培训费") {
        Some(SgItem::Training)
    } else if s.contains("因公出国") {
        Some(SgItem::Abroad)
    } else if s.contains("公务接待") {
        Some(SgItem::Reception)
    } else if s.contains("公务用车") && s.contains("购置") {
        Some(SgItem::Purchase)
    } else if s.contains("公务用车") && s.contains("运行") {
        Some(SgItem::Operation)
    } else if s.contains("合计") || s.contains("总计") {
        Some(SgItem::Total)
    } else {
        None
    }
}

fn group_of(label: &str) -> Option<SgGroup> {
    if label.contains("决算") {
        Some(SgGroup::Final)
    } else if label.contains("预算") {
        Some(SgGroup::Budget)
    } else {
        None
    }
}

pub fn extract(reg: &Region<'_>) -> Option<SanGong> {
    horizontal(reg).or_else(|| vertical(reg))
}

/// Items as columns under 预算数 / 决算数 group headers.
fn horizontal(reg: &Region<'_>) -> Option<SanGong> {
    let items_row = (reg.top..=reg.bottom).find(|&r| {
        reg.own_cells(r)
            .iter()
            .filter(|(_, t)| t.chars().count() <= 20 && item_of(&norm(t)).is_some())
            .count()
            >= 3
    })?;
    // The group row: the nearest row above naming 预算 / 决算.
    let group_row = (reg.top..items_row).rev().find(|&r| {
        reg.own_cells(r)
            .iter()
            .any(|(_, t)| t.chars().count() <= 12 && group_of(&norm(t)).is_some())
    })?;
    let mut starts: Vec<(u32, SgGroup)> = reg
        .own_cells(group_row)
        .into_iter()
        .filter(|(_, t)| t.chars().count() <= 12)
        .filter_map(|(c, t)| group_of(&norm(&t)).map(|g| (c, g)))
        .collect();
    starts.sort_by_key(|s| s.0);
    // The data row: the first row below the header holding a number that is
    // not a 栏次 sequence.
    let lanci_like = |r: u32| {
        let cells = reg.own_cells(r);
        let nums: Vec<u32> = cells
            .iter()
            .filter_map(|(c, _)| reg.int_at(r, *c))
            .collect();
        cells.iter().any(|(_, t)| norm(t) == "栏次")
            || (nums.len() >= 3 && nums.windows(2).all(|w| w[1] == w[0] + 1) && nums[0] == 1)
    };
    let data_row = (items_row + 1..=reg.bottom)
        .find(|&r| {
            !lanci_like(r)
                && reg
                    .own_cells(r)
                    .iter()
                    .any(|(c, _)| matches!(reg.amount(r, *c).reading, Reading::Number(_)))
        })
        .or_else(|| {
            // An empty table (a blank template, or 本单位无“三公”经费支出):
            // the row under the 栏次 row is the data row, with nothing in
            // it. It is still the 公开07 table (JS-GK-01). Without a 栏次
            // row the end of the header is unknown, and nothing is guessed.
            let below = (items_row + 1..=reg.bottom).find(|&r| lanci_like(r))? + 1;
            (below <= reg.bottom
                && reg
                    .own_cells(below)
                    .iter()
                    .all(|(_, t)| t.trim().is_empty()))
            .then_some(below)
        })?;
    let lanci_row = (items_row + 1..data_row).find(|&r| lanci_like(r));
    let mut out = SanGong::default();
    for c in reg.left..=reg.right {
        let label = reg.column_label((items_row..data_row).filter(|r| Some(*r) != lanci_row), c);
        let Some(item) = item_of(&label) else {
            continue;
        };
        let group = group_of(&reg.label(group_row, c))
            .or_else(|| starts.iter().rev().find(|s| s.0 <= c).map(|s| s.1));
        let Some(group) = group else {
            continue;
        };
        if out.get(group, item).is_some() {
            continue;
        }
        out.values.push(SgValue {
            group,
            item,
            lanci: lanci_row.and_then(|r| reg.int_at(r, c)),
            amount: reg.amount(data_row, c),
        });
    }
    (out.values.len() >= 3).then_some(out)
}

/// Items as rows, with 预算数 and 决算数 columns.
fn vertical(reg: &Region<'_>) -> Option<SanGong> {
    let header_row = (reg.top..=reg.bottom).find(|&r| {
        let groups: Vec<SgGroup> = reg
            .own_cells(r)
            .iter()
            .filter(|(_, t)| t.chars().count() <= 12)
            .filter_map(|(_, t)| group_of(&norm(t)))
            .collect();
        groups.contains(&SgGroup::Budget) && groups.contains(&SgGroup::Final)
    })?;
    let cols: Vec<(u32, SgGroup)> = reg
        .own_cells(header_row)
        .into_iter()
        .filter(|(_, t)| t.chars().count() <= 12)
        .filter_map(|(c, t)| group_of(&norm(&t)).map(|g| (c, g)))
        .collect();
    let mut out = SanGong::default();
    for r in header_row + 1..=reg.bottom {
        let Some((label_col, label)) = reg
            .own_cells(r)
            .into_iter()
            .find(|(_, t)| matches!(crate::workbook::parse_text_number(t), Reading::Text))
        else {
            continue;
        };
        if is_note(&label) || label_col >= cols[0].0 {
            continue;
        }
        let Some(item) = item_of(&norm(&label)) else {
            continue;
        };
        for &(c, group) in &cols {
            if out.get(group, item).is_none() {
                out.values.push(SgValue {
                    group,
                    item,
                    lanci: None,
                    amount: reg.amount(r, c),
                });
            }
        }
    }
    (out.values.len() >= 4).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_labels() {
        assert_eq!(item_of("合计"), Some(SgItem::Total));
        assert_eq!(item_of("因公出国(境)费"), Some(SgItem::Abroad));
        assert_eq!(item_of("公务用车购置及运行费小计"), Some(SgItem::Vehicles));
        assert_eq!(
            item_of("公务用车购置及运行费公务用车购置费"),
            Some(SgItem::Purchase)
        );
        assert_eq!(
            item_of("公务用车购置及运行费公务用车运行费"),
            Some(SgItem::Operation)
        );
        assert_eq!(item_of("其中:公务用车运行维护费"), Some(SgItem::Operation));
        assert_eq!(item_of("公务接待费"), Some(SgItem::Reception));
        assert_eq!(item_of("机关运行经费决算数"), Some(SgItem::OfficeRunning));
        assert_eq!(item_of("预算数"), None);
    }
}
