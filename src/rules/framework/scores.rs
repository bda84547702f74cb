//! Scores across the two parts: the 指标体系 total against the report's
//! 综合得分 (PJ-06) and 评价等次 (PJ-07); the 到位率 (PJ-11) and 满意度
//! (PJ-12) scores recomputed from the report; over-achieved targets (PJ-13).

use super::money::FundFacts;
use super::structure::Points;
use super::{Ctx, PJ06, PJ07, PJ11, PJ12, PJ13};
use crate::forms::framework::{Item, Target};
use crate::forms::labels::norm;
use crate::forms::self_eval::target::{completion, parse_quantity, parse_target};
use crate::report::DeclaredComputed;
use crate::rules::tolerance::{compare_printed, percent_text, plain, round_half_up, PrintedMatch};
use crate::rules::Severity;
use crate::scheme::{bands_text, share_for};
use rust_decimal::Decimal;

/// A recomputed 三级 score for 评分复核.
#[derive(Debug, Clone)]
pub struct Recomputed {
    /// Index of the item in `System::items()` order.
    pub item: usize,
    pub score: Decimal,
    pub note: String,
}

/// What the two parts add up to.
#[derive(Debug, Clone)]
pub struct Scoring {
    /// Σ 自评得分 of the 指标体系.
    pub computed: Option<Decimal>,
    /// 总分 row's 自评得分.
    pub system_score: Option<Decimal>,
    /// 绩效自评综合得分 in the report.
    pub report_score: Option<Decimal>,
    pub rating: DeclaredComputed,
    pub recomputed: Vec<Recomputed>,
    /// (target, completion ratio) of each quantitative target.
    pub targets: Vec<(usize, Decimal)>,
}

pub fn check(ctx: &mut Ctx<'_>, points: &Points, funds: &FundFacts) -> Scoring {
    let mut out = Scoring {
        computed: points.score_sum,
        system_score: points.declared,
        report_score: None,
        rating: DeclaredComputed {
            declared: None,
            computed: None,
        },
        recomputed: Vec::new(),
        targets: Vec::new(),
    };
    report_score(ctx, &mut out);
    rating(ctx, &mut out);
    let eval = ctx.eval;
    if let Some(system) = &eval.system {
        ctx.on_system();
        for (i, item) in system.items().enumerate() {
            let name = &item.node.name;
            if name.contains("到位率") {
                if let Some(r) = arrival(ctx, item, funds) {
                    out.recomputed.push(Recomputed { item: i, ..r });
                }
            } else if name.contains("满意") {
                if let Some(r) = satisfaction(ctx, item) {
                    out.recomputed.push(Recomputed { item: i, ..r });
                }
            }
        }
    }
    over_achievement(ctx, &mut out);
    out
}

/// PJ-06: the 指标体系's total = the report's 绩效自评综合得分.
fn report_score(ctx: &mut Ctx<'_>, out: &mut Scoring) {
    let eval = ctx.eval;
    let Some(report) = &eval.report else { return };
    ctx.on_report();
    let subject = "绩效自评综合得分 = 指标体系自评得分";
    let Some(cell) = report.score.as_ref().filter(|c| !c.is_empty()) else {
        let at = report.title.as_ref().map(|t| t.at.clone());
        ctx.audit.cannot_check(
            &PJ06,
            subject,
            at.as_ref(),
            "自评报告中没有绩效自评综合得分",
        );
        return;
    };
    let Some(declared) = ctx.value(cell) else {
        return;
    };
    out.report_score = Some(declared);
    let Some(system) = &eval.system else {
        ctx.audit.cannot_check(
            &PJ06,
            subject,
            Some(&cell.at),
            "工作簿中没有项目支出绩效评价指标体系",
        );
        return;
    };
    // Compare with the 指标体系's own total where it has one (PJ-05 checks
    // that against the items), else with the items' sum.
    let (other, other_at) = match (
        out.system_score,
        system.total.as_ref().and_then(|t| t.score.as_ref()),
    ) {
        (Some(s), Some(c)) => (s, c.at.clone()),
        _ => match (out.computed, system.items().next()) {
            (Some(s), Some(i)) => (s, i.score.at.clone()),
            _ => return,
        },
    };
    if declared == other {
        ctx.audit.pass(&PJ06, subject, Some(&cell.at));
    } else {
        ctx.flag(
            &PJ06,
            Severity::Error,
            subject,
            &cell.at,
            vec![&other_at],
            format!(
                "绩效自评综合得分填 {}，指标体系（{}）的自评得分为 {}",
                plain(declared),
                other_at,
                plain(other)
            ),
            Some(other),
            Some(declared),
        );
    }
}

/// PJ-07: 评价等次 matches the score band.
fn rating(ctx: &mut Ctx<'_>, out: &mut Scoring) {
    let eval = ctx.eval;
    let score = out.report_score.or(out.system_score).or(out.computed);
    out.rating.computed = out
        .computed
        .or(score)
        .and_then(|s| ctx.scheme.rating_for(s))
        .map(|b| b.name.clone());
    let Some(report) = &eval.report else { return };
    ctx.on_report();
    let subject = "评价等次与得分相符";
    let Some(declared) = report.rating.as_ref().filter(|r| !r.is_blank()) else {
        ctx.audit
            .not_applicable(&PJ07, subject, "自评报告中没有评价等次");
        return;
    };
    out.rating.declared = Some(declared.text.trim().to_string());
    let Some(score) = score else {
        ctx.audit
            .cannot_check(&PJ07, subject, Some(&declared.at), "得分无法确定");
        return;
    };
    let want = ctx
        .scheme
        .rating_for(score)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let named = ctx
        .scheme
        .band_named(&declared.text)
        .map(|b| b.name.clone());
    match named {
        Some(n) if n == want => ctx.audit.pass(&PJ07, subject, Some(&declared.at)),
        other => {
            let (sev, msg) = match other {
                Some(_) => (
                    Severity::Error,
                    format!(
                        "评价等次“{}”与得分 {} 不符，按 {}（{}）应为“{want}”",
                        declared.text.trim(),
                        plain(score),
                        ctx.scheme.name,
                        ctx.scheme.rating_text()
                    ),
                ),
                None => (
                    Severity::Warning,
                    format!(
                        "无法识别评价等次“{}”；按得分 {} 应为“{want}”",
                        declared.text.trim(),
                        plain(score)
                    ),
                ),
            };
            let related: Vec<_> = report.score.iter().map(|c| &c.at).collect();
            ctx.flag_text(
                &PJ07,
                sev,
                subject,
                &declared.at,
                related,
                msg,
                Some(want),
                Some(declared.text.trim().to_string()),
            );
        }
    }
}

/// Compare a printed score with a recomputed one at its printed precision.
fn compare_score(
    ctx: &mut Ctx<'_>,
    rule: &'static crate::rules::RuleDoc,
    subject: &str,
    item: &Item,
    want: Decimal,
    how: String,
    related: Vec<&crate::workbook::CellRef>,
) {
    // At least one decimal, as ZP-07: a whole 3 against 2.28 is not a
    // rounding slip.
    let Some(printed) = item.score.num().map(|n| crate::workbook::Num {
        decimals: n.decimals.max(1),
        ..*n
    }) else {
        ctx.audit.cannot_check(
            rule,
            subject,
            Some(&item.score.at),
            "自评得分未填写或不是数字",
        );
        return;
    };
    let shown = plain(round_half_up(want, printed.decimals.max(2)));
    match compare_printed(&printed, want) {
        PrintedMatch::Equal => ctx.audit.pass(rule, subject, Some(&item.score.at)),
        PrintedMatch::LastDigit => ctx.flag_text(
            rule,
            Severity::Info,
            subject,
            &item.score.at,
            related,
            format!(
                "“{}”得分 {} 与 {how} = {shown} 末位相差，属舍入差异",
                item.node.name, item.score.raw
            ),
            Some(shown.clone()),
            Some(item.score.raw.clone()),
        ),
        PrintedMatch::Different => ctx.flag_text(
            rule,
            Severity::Warning,
            subject,
            &item.score.at,
            related,
            format!(
                "“{}”得分不符：填报 {}，{how}，应得 {shown} 分",
                item.node.name, item.score.raw
            ),
            Some(shown.clone()),
            Some(item.score.raw.clone()),
        ),
    }
}

/// PJ-11: 到位率 score = 分值 × min(实际到位 ÷ 计划安排, 1).
fn arrival(ctx: &mut Ctx<'_>, item: &Item, funds: &FundFacts) -> Option<Recomputed> {
    let subject = format!("“{}”得分 = 分值 × 到位率", item.node.name);
    let Some(points) = item.node.points.value() else {
        ctx.audit
            .cannot_check(&PJ11, subject, Some(&item.node.points.at), "分值不是数字");
        return None;
    };
    let Some(rate) = funds.arrival_rate() else {
        ctx.audit.cannot_check(
            &PJ11,
            subject,
            Some(&item.score.at),
            "自评报告中没有计划安排资金与实际到位资金",
        );
        return None;
    };
    let want = points * rate.min(Decimal::ONE);
    let how = format!(
        "分值 {} × 到位率 {}（实际到位 {} ÷ 计划安排 {}）",
        plain(points),
        percent_text(rate.min(Decimal::ONE), 2),
        funds.arrived.map(plain).unwrap_or_default(),
        funds.planned.map(plain).unwrap_or_default()
    );
    let eval = ctx.eval;
    let related: Vec<_> = eval
        .report
        .as_ref()
        .and_then(|r| r.funds.as_ref())
        .map(|f| f.columns.iter().take(2).map(|m| &m.total.at).collect())
        .unwrap_or_default();
    compare_score(ctx, &PJ11, &subject, item, want, how, related);
    Some(Recomputed {
        item: 0,
        score: want,
        note: format!("到位率 {}", percent_text(rate, 2)),
    })
}

/// The 满意率 the report gives (a 定量 target under 满意度).
fn satisfaction_rate(targets: &[Target]) -> Option<(&Target, Decimal)> {
    targets.iter().find_map(|t| {
        let is_satisfaction = t.level2.contains("满意") || norm(&t.name.text).contains("满意");
        let q = parse_quantity(&t.actual.text)?;
        (is_satisfaction && q.unit == "%").then_some((t, q.value))
    })
}

/// PJ-12: 满意度 score from the scheme's bands.
fn satisfaction(ctx: &mut Ctx<'_>, item: &Item) -> Option<Recomputed> {
    let subject = format!("“{}”得分按满意率档位", item.node.name);
    let Some(bands) = ctx
        .scheme
        .framework
        .as_ref()
        .map(|f| f.satisfaction_bands.clone())
    else {
        ctx.audit
            .not_applicable(&PJ12, subject, "评分方案没有满意度档位");
        return None;
    };
    let Some(points) = item.node.points.value() else {
        ctx.audit
            .cannot_check(&PJ12, subject, Some(&item.node.points.at), "分值不是数字");
        return None;
    };
    let eval = ctx.eval;
    let Some((target, rate)) = eval
        .report
        .as_ref()
        .and_then(|r| satisfaction_rate(&r.targets))
    else {
        ctx.audit.cannot_check(
            &PJ12,
            subject,
            Some(&item.score.at),
            "自评报告的定量目标中没有满意率",
        );
        return None;
    };
    let share = share_for(&bands, rate).unwrap_or(Decimal::ZERO);
    let want = points * share;
    let how = format!(
        "“{}”实际完成 {}，按档位（{}）",
        norm(&target.name.text),
        target.actual.text.trim(),
        bands_text(&bands)
    );
    compare_score(
        ctx,
        &PJ12,
        &subject,
        item,
        want,
        how,
        vec![&target.actual.at],
    );
    Some(Recomputed {
        item: 0,
        score: want,
        note: format!("满意率 {}", percent_text(rate, 0)),
    })
}

/// PJ-13: a 定量 target met at or above the scheme's over-achievement ratio.
fn over_achievement(ctx: &mut Ctx<'_>, out: &mut Scoring) {
    let eval = ctx.eval;
    let Some(report) = &eval.report else { return };
    ctx.on_report();
    let over = ctx.scheme.over_achievement_ratio;
    for (i, t) in report.targets.iter().enumerate() {
        let name = norm(&t.name.text);
        let Some(target) = parse_target(&t.target.text, &name) else {
            continue;
        };
        let Some(actual) = parse_quantity(&t.actual.text) else {
            continue;
        };
        let Some(ratio) = completion(&target, &actual) else {
            continue;
        };
        out.targets.push((i, ratio));
        let subject = format!("“{name}”：完成值未远超目标值");
        if ratio >= over && !target.quantity.value.is_zero() {
            ctx.flag_text(
                &PJ13,
                Severity::Info,
                &subject,
                &t.actual.at,
                vec![&t.target.at],
                format!(
                    "“{name}”完成 {}（目标值 {}，实际完成值 {}），达到 {} 以上，目标可能设定偏低",
                    percent_text(ratio, 2),
                    t.target.text.trim(),
                    t.actual.text.trim(),
                    percent_text(over, 0)
                ),
                None,
                Some(percent_text(ratio, 2)),
            );
        } else {
            ctx.audit.pass(&PJ13, subject, Some(&t.actual.at));
        }
    }
}
