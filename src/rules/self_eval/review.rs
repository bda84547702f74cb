//! The 评分复核 block of one form: recomputed 执行率, fund score, each
//! indicator's proportional score, 总分 and 等级 beside the declared ones.

use super::fund::FundFacts;
use super::indicators::Recomputed;
use super::totals::{Convention, Scoring};
use crate::forms::self_eval::SelfEvalForm;
use crate::report::{ReviewCell, ReviewTable};
use crate::rules::tolerance::{percent_text, plain, round_half_up};
use rust_decimal::Decimal;

const COLUMNS: [&str; 9] = [
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

fn t(s: impl Into<String>) -> ReviewCell {
    ReviewCell::text(s)
}

fn num(v: Option<Decimal>) -> String {
    v.map(|v| plain(round_half_up(v, 2))).unwrap_or_default()
}

pub fn table(
    form: &SelfEvalForm,
    fund: &FundFacts,
    recomputed: &[Recomputed],
    scoring: &Scoring,
) -> ReviewTable {
    let mut rows = Vec::new();
    if let Some(total) = form.fund.as_ref().and_then(|f| f.total()) {
        let rate_cell = fund.rate_declared.as_ref();
        rows.push(vec![
            t("预算执行率"),
            rate_cell.map_or_else(
                || t("执行率"),
                |c| ReviewCell::linked("执行率 = 全年执行数 ÷ 全年预算数", &c.at),
            ),
            t(""),
            t(""),
            t(""),
            t(rate_cell.map(|c| c.raw.clone()).unwrap_or_default()),
            t(fund.rate.map(|r| percent_text(r, 2)).unwrap_or_default()),
            t(""),
            t(""),
        ]);
        let score_cell = total.score.as_ref();
        rows.push(vec![
            t("预算执行率"),
            score_cell.map_or_else(
                || t("得分"),
                |c| ReviewCell::linked("得分 = 分值 × min(执行率, 100%)", &c.at),
            ),
            t(""),
            t(""),
            t(num(fund.points)),
            t(score_cell.map(|c| c.raw.clone()).unwrap_or_default()),
            t(num(fund.score_computed)),
            t(""),
            t(""),
        ]);
    }
    for (ind, re) in form.indicators.iter().zip(recomputed) {
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
            ReviewCell::linked(ind.score.raw.clone(), &ind.score.at),
            t(num(re.proportional)),
            t(re.ratio.map(|r| percent_text(r, 2)).unwrap_or_default()),
            t(re.note.clone()),
        ]);
    }
    rows.push(vec![
        t("合计"),
        t("三级指标"),
        t(""),
        t(""),
        t(plain(scoring.indicator_points)),
        t(""),
        t(plain(scoring.indicator_score)),
        t(""),
        t(""),
    ]);
    let convention = match scoring.convention {
        Some(Convention::FundIncluded) => "含预算执行率得分",
        Some(Convention::FundExcluded) => "不含预算执行率得分（益阳口径）",
        None => "",
    };
    let total_cell = form.total.as_ref().and_then(|t| t.score.as_ref());
    rows.push(vec![
        t("总分"),
        total_cell.map_or_else(|| t("总分"), |c| ReviewCell::linked("总分", &c.at)),
        t(""),
        t(""),
        t("100"),
        t(scoring
            .declared
            .map(plain)
            .unwrap_or_else(|| "未填写".into())),
        t(num(scoring.computed)),
        t(""),
        t(convention),
    ]);
    if let Some(r) = &scoring.rating {
        rows.push(vec![
            t("评价等级"),
            form.rating
                .as_ref()
                .map_or_else(|| t("等级"), |c| ReviewCell::linked("等级", &c.at)),
            t(""),
            t(""),
            t(""),
            t(r.declared.clone().unwrap_or_else(|| "表中未填".into())),
            t(r.computed.clone().unwrap_or_default()),
            t(""),
            t("优 ≥ 90，良 80–90，中 60–80，差 < 60（含下限）"),
        ]);
    }
    ReviewTable {
        title: format!(
            "{}（工作表“{}” {}）",
            form.display_name(),
            form.sheet,
            form.range.a1()
        ),
        columns: COLUMNS.iter().map(|s| s.to_string()).collect(),
        rows,
    }
}
