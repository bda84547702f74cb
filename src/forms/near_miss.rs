//! What to tell the user when a workbook holds no form the tool knows:
//! which forms were looked for, and the sheet that came closest with what
//! it lacked ("工作表“工资表”像表格，但没有 分值/得分 列"). A bare
//! “未识别到表格” leaves the user guessing whether the file was read at all.

use crate::forms::labels::norm;
use crate::workbook::{Sheet, Workbook};

/// The forms detection looks for, as the message names them.
pub const LOOKED_FOR: &str = "项目支出绩效自评表（带 分值、得分 列的项目资金表或绩效指标表）、部门决算公开表（公开01–09表）、绩效评价指标体系";

/// Labels a 自评表 is found by, and the ones that make it one.
const SELF_EVAL_LABELS: &[&str] = &[
    "项目名称",
    "项目资金",
    "年度资金总额",
    "执行率",
    "年度总体目标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "分值",
    "得分",
    "总分",
];
const SELF_EVAL_REQUIRED: &[&str] = &["分值", "得分"];

/// Labels of the 决算 tables.
const ACCOUNTS_LABELS: &[&str] = &[
    "决算",
    "科目编码",
    "科目名称",
    "功能分类",
    "基本支出",
    "项目支出",
    "财政拨款",
    "本年收入",
    "本年支出",
    "年末结转",
];

/// The sentence for a workbook in which no form was found.
pub fn describe(wb: &Workbook) -> String {
    let closest = wb
        .sheets
        .iter()
        .filter_map(closest_on)
        .max_by_key(|m| (m.hits, m.cells))
        .map(|m| m.text)
        .unwrap_or_else(|| "没有哪张工作表像表格".to_string());
    format!("未识别到可检查的表格。已查找：{LOOKED_FOR}。最接近的：{closest}")
}

struct Miss {
    hits: usize,
    cells: usize,
    text: String,
}

/// The labels of `wanted` that occur on the sheet, in `wanted` order.
fn present<'a>(labels: &[String], wanted: &[&'a str]) -> Vec<&'a str> {
    wanted
        .iter()
        .copied()
        .filter(|w| labels.iter().any(|l| l.contains(w)))
        .collect()
}

/// How close one sheet comes, and what it lacks; None for an empty sheet.
fn closest_on(sheet: &Sheet) -> Option<Miss> {
    let labels: Vec<String> = sheet
        .cells
        .keys()
        .map(|&(r, c)| norm(&sheet.own_text(r, c)))
        .filter(|t| !t.is_empty() && t.chars().count() <= 20)
        .collect();
    let cells = sheet
        .cells
        .keys()
        .filter(|&&(r, c)| !sheet.own_text(r, c).trim().is_empty())
        .count();
    if cells == 0 {
        return None;
    }
    let name = &sheet.name;
    let own = present(&labels, SELF_EVAL_LABELS);
    let accounts = present(&labels, ACCOUNTS_LABELS);
    // One shared word (项目名称, 决算) makes no resemblance.
    let text = if own.len() >= 2 && own.len() >= accounts.len() {
        let lacking: Vec<&str> = SELF_EVAL_REQUIRED
            .iter()
            .copied()
            .filter(|w| !own.contains(w))
            .collect();
        let lacks = if lacking.is_empty() {
            "但分值、得分不在同一张项目资金表或指标表的表头中".to_string()
        } else {
            format!("但没有 {} 列（自评表才有）", lacking.join("/"))
        };
        format!(
            "工作表“{name}”有 {}，像绩效目标表或监控表，{lacks}",
            own.join("、")
        )
    } else if accounts.len() >= 2 {
        format!(
            "工作表“{name}”有 {}，像预决算表，但标题不是部门决算公开01–09表中的任何一张",
            accounts.join("、")
        )
    } else {
        format!(
            "工作表“{name}”像表格（{cells} 个非空单元格），但没有 分值/得分 列，也没有决算公开表的标题"
        )
    };
    Some(Miss {
        hits: own.len().max(accounts.len()),
        cells,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Cell, Format, Value};

    fn book(sheets: &[(&str, &[&str])]) -> Workbook {
        let sheets = sheets
            .iter()
            .map(|(name, texts)| {
                let mut s = Sheet::new(name);
                for (i, t) in texts.iter().enumerate() {
                    s.cells.insert(
                        (i as u32 / 3, i as u32 % 3),
                        Cell {
                            value: Value::Text(t.to_string()),
                            formula: None,
                            style: 0,
                            fmt: Default::default(),
                        },
                    );
                }
                s
            })
            .collect();
        Workbook {
            format: Format::Xlsx,
            sheets,
            styles: Vec::new(),
            date_1904: false,
            notes: Vec::new(),
        }
    }

    #[test]
    fn a_plain_table_is_named_with_what_it_lacks() {
        let wb = book(&[
            ("空表", &[]),
            (
                "工资表",
                &["姓名", "岗位", "应发工资", "张三", "科员", "5000"],
            ),
        ]);
        let text = describe(&wb);
        assert!(
            text.starts_with("未识别到可检查的表格。已查找：项目支出绩效自评表"),
            "{text}"
        );
        assert!(
            text.ends_with("最接近的：工作表“工资表”像表格（6 个非空单元格），但没有 分值/得分 列，也没有决算公开表的标题"),
            "{text}"
        );
    }

    #[test]
    fn a_monitoring_form_lacks_the_score_columns() {
        let wb = book(&[
            ("工资表", &["姓名", "岗位", "应发工资"]),
            (
                "执行监控",
                &[
                    "项目名称",
                    "年度资金总额",
                    "1-7月执行率",
                    "一级指标",
                    "三级指标",
                ],
            ),
        ]);
        let text = describe(&wb);
        assert!(
            text.ends_with("最接近的：工作表“执行监控”有 项目名称、年度资金总额、执行率、一级指标、三级指标，像绩效目标表或监控表，但没有 分值/得分 列（自评表才有）"),
            "{text}"
        );
    }

    #[test]
    fn an_empty_workbook_says_so() {
        let text = describe(&book(&[("Sheet1", &[])]));
        assert!(text.ends_with("最接近的：没有哪张工作表像表格"), "{text}");
    }
}
