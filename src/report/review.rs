//! The 评分复核 blocks: for each 自评表 and each evaluation, the recomputed
//! 执行率, fund score, per-indicator scores, 总分 and 等级 beside the
//! declared ones, laid out from the form and its facts.

use crate::forms::framework::{Evaluation, MoneyKind};
use crate::forms::self_eval::SelfEvalForm;
use crate::forms::Form;
use crate::outcome::FileReport;
use crate::rules::format::{percent, plain, round_half_up};
use crate::rules::self_eval::{Completion, Convention};
use crate::rules::{framework, self_eval, Facts, Finding, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A cell of a review table: text, optionally linked to the source cell and
/// marked with the severity of what was found there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewCell {
    pub text: String,
    pub link: Option<CellRef>,
    pub flag: Option<Severity>,
}

impl ReviewCell {
    pub fn text(text: impl Into<String>) -> Self {
        ReviewCell {
            text: text.into(),
            ..Default::default()
        }
    }

    pub fn linked(text: impl Into<String>, at: &CellRef) -> Self {
        ReviewCell {
            text: text.into(),
            link: Some(at.clone()),
            flag: None,
        }
    }
}

/// A titled table of recomputed values, written as a block of 评分复核.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ReviewCell>>,
}

/// The review tables of a file's forms, in form order.
pub fn tables(report: &FileReport) -> Vec<ReviewTable> {
    report
        .forms
        .iter()
        .filter_map(|f| f.detail.as_ref().map(|d| (d, Flags::of(&f.findings))))
        .filter_map(|(d, flags)| match (&d.form, &d.facts) {
            (Form::SelfEvaluation(form), Facts::SelfEvaluation(facts)) => {
                Some(self_evaluation(form, facts, &flags))
            }
            (Form::Framework(e), Facts::Framework(facts)) => Some(evaluation(e, facts, &flags)),
            _ => None,
        })
        .collect()
}

/// The worst severity found at each cell of a form, so a declared value the
/// checks disagree with is coloured like its mark on the form.
struct Flags(HashMap<(String, String), Severity>);

impl Flags {
    fn of(findings: &[Finding]) -> Flags {
        let mut worst: HashMap<(String, String), Severity> = HashMap::new();
        for f in findings {
            let e = worst
                .entry((f.sheet.clone(), f.cell.clone()))
                .or_insert(f.severity);
            *e = (*e).min(f.severity);
        }
        Flags(worst)
    }

    /// A declared value, linked to its cell and flagged with what was found
    /// there.
    fn declared(&self, text: impl Into<String>, at: &CellRef) -> ReviewCell {
        ReviewCell {
            text: text.into(),
            link: Some(at.clone()),
            flag: self.0.get(&(at.sheet.to_string(), at.a1())).copied(),
        }
    }
}

fn t(s: impl Into<String>) -> ReviewCell {
    ReviewCell::text(s)
}

fn num(v: Option<Decimal>) -> String {
    v.map(|v| plain(round_half_up(v, 2))).unwrap_or_default()
}

const SELF_EVAL_COLUMNS: [&str; 9] = [
    "类别",
    "指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "填报得分",
    "重算得分",
    "完成率",
    "说明",
];

/// The 重算得分 of an indicator and what it says: the score its completion
/// earns when it is quantitative, else the declared score carried over with
/// the reason it could not be recomputed (so 合计 adds the column above).
fn indicator_review(f: &self_eval::IndicatorFacts) -> (Option<Decimal>, String) {
    let carried = |why: &str| match f.score {
        Some(s) => (Some(s), format!("{why}，按填报得分计")),
        None => (None, format!("{why}；无法复核：得分为空或不是数字")),
    };
    match &f.completion {
        Completion::UnitsDiffer => carried("年度指标值与实际完成值单位不一致，无法按完成率重算"),
        Completion::NotQuantitative if f.points.is_none() => (None, "无法复核：分值为空".into()),
        Completion::NotQuantitative => carried("定性指标：按评分方案的档位复核"),
        Completion::Ratio {
            proportional: None, ..
        } => (None, "无法复核：分值为空".into()),
        Completion::Ratio {
            ratio,
            proportional: Some(p),
            ..
        } => {
            let note = if f.far_above {
                format!("超额完成 {}", percent(*ratio, 2))
            } else if *ratio >= Decimal::ONE {
                match (f.points, f.score) {
                    (Some(full), Some(s)) if s < full => {
                        format!("已完成，扣 {} 分", plain(full - s))
                    }
                    _ => "已完成".into(),
                }
            } else {
                format!("未完成，按比例应得 {} 分", num(Some(*p)))
            };
            (Some(*p), note)
        }
    }
}

fn self_evaluation(form: &SelfEvalForm, facts: &self_eval::Facts, flags: &Flags) -> ReviewTable {
    let mut rows = Vec::new();
    let mut recomputed_sum = Some(Decimal::ZERO);
    let mut declared_sum = Some(Decimal::ZERO);
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let ratio = match &f.completion {
            Completion::Ratio { ratio, .. } => Some(*ratio),
            _ => None,
        };
        let (recomputed, note) = indicator_review(f);
        recomputed_sum = recomputed_sum.zip(recomputed).map(|(a, b)| a + b);
        declared_sum = declared_sum.zip(f.score).map(|(a, b)| a + b);
        rows.push(vec![
            t(format!("{} / {}", ind.level1, ind.level2)),
            ReviewCell::linked(ind.name.text.trim(), &ind.name.at),
            t(ind
                .target
                .as_ref()
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default()),
            t(ind
                .actual
                .as_ref()
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default()),
            t(ind.points.raw.clone()),
            flags.declared(ind.score.raw.clone(), &ind.score.at),
            t(num(recomputed)),
            t(ratio.map(|r| percent(r, 2)).unwrap_or_default()),
            t(note),
        ]);
    }
    let total_facts = &facts.total;
    rows.push(vec![
        t("合计"),
        t("三级指标"),
        t(""),
        t(""),
        t(facts.points.as_ref().map(|p| plain(*p)).unwrap_or_default()),
        t(declared_sum.map(plain).unwrap_or_default()),
        t(num(recomputed_sum)),
        t(""),
        t(match (declared_sum, recomputed_sum) {
            (Some(_), Some(_)) => "上方各列之和（总分按填报得分复核，见下）",
            _ => "有得分为空的指标，未求和",
        }),
    ]);
    if let (Some(total), Some(fund)) = (form.fund.as_ref().and_then(|f| f.total()), &facts.fund) {
        let rate_cell = fund.rate_cell.as_ref();
        rows.push(vec![
            t("预算执行率"),
            t("执行率"),
            t(""),
            t(""),
            t(""),
            rate_cell.map_or_else(|| t(""), |c| flags.declared(c.raw.clone(), &c.at)),
            t(fund.rate.map(|r| percent(r, 2)).unwrap_or_default()),
            t(""),
            t("执行率 = 全年执行数 ÷ 全年预算数"),
        ]);
        let score_cell = total.score.as_ref();
        rows.push(vec![
            t("预算执行率"),
            t("得分"),
            t(""),
            t(""),
            t(num(fund.points)),
            score_cell.map_or_else(|| t(""), |c| flags.declared(c.raw.clone(), &c.at)),
            t(num(fund.score_computed)),
            t(""),
            t(if fund.score_computed.is_some() {
                "得分 = 分值 × min(执行率, 100%)"
            } else {
                "无法复核：分值、预算数或执行数为空"
            }),
        ]);
    }
    let convention = match facts.structure.map(|_| total_facts.convention) {
        Some(Convention::FundIncluded) => "含预算执行率得分",
        Some(Convention::FundExcluded) => "不含预算执行率得分，益阳口径",
        None => "",
    };
    let total_note = match (&total_facts.computed, &total_facts.indicator_scores) {
        (Ok(_), Ok(sum)) => match (total_facts.convention, total_facts.fund_score) {
            (Convention::FundIncluded, Some(fund)) => format!(
                "重算 = 三级指标填报得分 {} + 预算执行率得分 {}（{convention}）",
                plain(*sum),
                num(Some(fund))
            ),
            _ => format!("重算 = 三级指标填报得分 {}（{convention}）", plain(*sum)),
        },
        (Err(why), _) | (Ok(_), Err(why)) => format!("无法复核：{why}"),
    };
    let total_cell = form.total.as_ref().and_then(|t| t.score.as_ref());
    let declared_total = total_facts
        .declared
        .map(plain)
        .unwrap_or_else(|| "未填写".into());
    rows.push(vec![
        t("总分"),
        t("总分"),
        t(""),
        t(""),
        t("100"),
        total_cell.map_or_else(
            || t(declared_total.clone()),
            |c| flags.declared(declared_total.clone(), &c.at),
        ),
        t(num(total_facts.computed.as_ref().ok().copied())),
        t(""),
        t(total_note),
    ]);
    let declared_rating = form
        .rating
        .as_ref()
        .map(|r| r.text.trim().to_string())
        .unwrap_or_else(|| "表中无等级".into());
    rows.push(vec![
        t("评价等级"),
        t("等级"),
        t(""),
        t(""),
        t(""),
        form.rating.as_ref().map_or_else(
            || t(declared_rating.clone()),
            |c| flags.declared(declared_rating.clone(), &c.at),
        ),
        t(facts.rating.clone().unwrap_or_default()),
        t(""),
        t("优 ≥ 90，良 80–90，中 60–80，差 < 60（含下限）"),
    ]);
    ReviewTable {
        title: format!(
            "{}（工作表“{}” {}）",
            form.display_name(),
            form.sheet,
            form.range.a1()
        ),
        columns: SELF_EVAL_COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}

const FRAMEWORK_COLUMNS: [&str; 6] = ["类别", "项目", "分值", "填报", "重算", "说明"];

fn evaluation(eval: &Evaluation, s: &framework::Facts, flags: &Flags) -> ReviewTable {
    let funds = &s.funds;
    let mut rows = Vec::new();
    if let Some(f) = eval.report.as_ref().and_then(|r| r.funds.as_ref()) {
        for kind in MoneyKind::ALL {
            let Some(m) = f.get(kind) else { continue };
            let balance = kind == MoneyKind::Balance;
            let recomputed = match (balance, funds.arrived, funds.spent) {
                (true, Some(a), Some(sp)) => plain(a - sp),
                _ => String::new(),
            };
            rows.push(vec![
                t("资金（万元）"),
                ReviewCell::linked(kind.name(), &m.total.at),
                t(""),
                t(m.total.raw.clone()),
                t(recomputed),
                t(if balance {
                    "结余 = 实际到位 − 实际支出"
                } else {
                    ""
                }),
            ]);
        }
        for (name, rate, how) in [
            (
                "到位率",
                funds.arrival_rate(),
                "实际到位资金 ÷ 计划安排资金",
            ),
            ("执行率", funds.execution_rate(), "实际支出 ÷ 实际到位资金"),
        ] {
            rows.push(vec![
                t("资金（万元）"),
                t(name),
                t(""),
                t(""),
                t(rate.map(|r| percent(r, 2)).unwrap_or_default()),
                t(how),
            ]);
        }
    }
    if let Some(system) = &eval.system {
        let mut recomputed = s.items.iter();
        for group in &system.groups {
            for sub in &group.children {
                for item in &sub.items {
                    let re = recomputed.next().and_then(Option::as_ref);
                    rows.push(vec![
                        t(format!("{} / {}", group.node.name, sub.node.name)),
                        ReviewCell::linked(item.node.name.clone(), &item.node.label.at),
                        t(item.node.points.raw.clone()),
                        flags.declared(item.score.raw.clone(), &item.score.at),
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
            t(num(s.computed())),
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
            t(num(s.computed())),
            t(""),
        ]);
        rows.push(vec![
            t("自评报告"),
            report
                .rating
                .as_ref()
                .map_or_else(|| t("评价等次"), |c| ReviewCell::linked("评价等次", &c.at)),
            t(""),
            t(s.rating_declared
                .clone()
                .unwrap_or_else(|| "表中未填".into())),
            t(s.rating_computed.clone().unwrap_or_default()),
            t(format!("{}（含下限）", s.scheme.rating_text())),
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
            s.scheme.name
        ),
        columns: FRAMEWORK_COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}
