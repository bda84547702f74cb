//! The 评分复核 block of one evaluation: the money with 到位率 and 执行率,
//! each 三级指标 with declared and recomputed scores, the totals and the
//! rating.

use super::money::FundFacts;
use super::scores::Scoring;
use crate::forms::framework::{Evaluation, MoneyKind};
use crate::report::{ReviewCell, ReviewTable};
use crate::rules::tolerance::{percent_text, plain, round_half_up};
use crate::scheme::Scheme;
use rust_decimal::Decimal;

const COLUMNS: [&str; 6] = ["类别", "项目", "分值", "填报", "重算", "说明"];

fn t(s: impl Into<String>) -> ReviewCell {
    ReviewCell::text(s)
}

fn num(v: Option<Decimal>) -> String {
    v.map(|v| plain(round_half_up(v, 2))).unwrap_or_default()
}

pub fn table(eval: &Evaluation, scheme: &Scheme, funds: &FundFacts, s: &Scoring) -> ReviewTable {
    let mut rows = Vec::new();
    if let Some(f) = eval.report.as_ref().and_then(|r| r.funds.as_ref()) {
        for kind in MoneyKind::ALL {
            let Some(m) = f.get(kind) else { continue };
            let recomputed = match kind {
                MoneyKind::Balance => match (funds.arrived, funds.spent) {
                    (Some(a), Some(sp)) => plain(a - sp),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            rows.push(vec![
                t("资金（万元）"),
                ReviewCell::linked(kind.name(), &m.total.at),
                t(""),
                t(m.total.raw.clone()),
                t(recomputed),
                t(if kind == MoneyKind::Balance {
                    "结余 = 实际到位 − 实际支出"
                } else {
                    ""
                }),
            ]);
        }
        rows.push(vec![
            t("资金（万元）"),
            t("到位率"),
            t(""),
            t(""),
            t(funds
                .arrival_rate()
                .map(|r| percent_text(r, 2))
                .unwrap_or_default()),
            t("实际到位资金 ÷ 计划安排资金"),
        ]);
        rows.push(vec![
            t("资金（万元）"),
            t("执行率"),
            t(""),
            t(""),
            t(funds
                .execution_rate()
                .map(|r| percent_text(r, 2))
                .unwrap_or_default()),
            t("实际支出 ÷ 实际到位资金"),
        ]);
    }
    if let Some(system) = &eval.system {
        for group in &system.groups {
            for sub in &group.children {
                for item in &sub.items {
                    let i = system
                        .items()
                        .position(|x| std::ptr::eq(x, item))
                        .unwrap_or(usize::MAX);
                    let re = s.recomputed.iter().find(|r| r.item == i);
                    rows.push(vec![
                        t(format!("{} / {}", group.node.name, sub.node.name)),
                        ReviewCell::linked(item.node.name.clone(), &item.node.label.at),
                        t(item.node.points.raw.clone()),
                        ReviewCell::linked(item.score.raw.clone(), &item.score.at),
                        t(num(re.map(|r| r.score))),
                        t(re.map(|r| r.note.clone()).unwrap_or_default()),
                    ]);
                }
            }
        }
        let total_cell = system.total.as_ref().and_then(|x| x.score.as_ref());
        rows.push(vec![
            t("合计"),
            total_cell.map_or_else(
                || t("指标体系总分"),
                |c| ReviewCell::linked("指标体系总分", &c.at),
            ),
            t("100"),
            t(s.system_score.map(plain).unwrap_or_else(|| "未填写".into())),
            t(num(s.computed)),
            t("各三级指标自评得分之和"),
        ]);
    }
    if let Some(report) = &eval.report {
        rows.push(vec![
            t("自评报告"),
            report.score.as_ref().map_or_else(
                || t("绩效自评综合得分"),
                |c| ReviewCell::linked("绩效自评综合得分", &c.at),
            ),
            t(""),
            t(s.report_score.map(plain).unwrap_or_else(|| "未填写".into())),
            t(num(s.computed)),
            t(""),
        ]);
        rows.push(vec![
            t("自评报告"),
            report
                .rating
                .as_ref()
                .map_or_else(|| t("评价等次"), |c| ReviewCell::linked("评价等次", &c.at)),
            t(""),
            t(s.rating
                .declared
                .clone()
                .unwrap_or_else(|| "表中未填".into())),
            t(s.rating.computed.clone().unwrap_or_default()),
            t(format!("{}（含下限）", scheme.rating_text())),
        ]);
    }
    let (sheet, range) = eval
        .system
        .as_ref()
        .map(|x| (x.sheet.to_string(), x.range.a1()))
        .or_else(|| {
            eval.report
                .as_ref()
                .map(|r| (r.sheet.to_string(), r.range.a1()))
        })
        .unwrap_or_default();
    let name = eval
        .report
        .as_ref()
        .and_then(|r| r.project_name())
        .unwrap_or_else(|| "项目支出绩效评价指标体系".into());
    ReviewTable {
        title: format!(
            "{name}（绩效评价指标体系，工作表“{sheet}” {range}，评分方案 {}）",
            scheme.name
        ),
        columns: COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}
