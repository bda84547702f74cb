//! Weights and totals: group points vs labels (ZP-13), weights vs the
//! scheme (ZP-12), points adding to 100 (ZP-14), 总分 (ZP-24) and the
//! rating (ZP-25). Recognises the 益阳 convention (fund score outside 总分).

use super::fund::FundFacts;
use super::{Ctx, ZP12, ZP13, ZP14, ZP24, ZP25};
use crate::report::DeclaredComputed;
use crate::rules::tolerance::plain;
use crate::rules::{Gap, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

/// Whether the fund score is part of 总分.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// 总分 = Σ 指标得分 + 预算执行率得分 (national, 天津).
    FundIncluded,
    /// 总分 = Σ 指标得分 only (益阳).
    FundExcluded,
}

impl Convention {
    fn describe(self) -> &'static str {
        match self {
            Convention::FundIncluded => "总分计入预算执行率得分（national / tianjin 口径）",
            Convention::FundExcluded => "总分未计入预算执行率得分（hunan-yiyang 口径）",
        }
    }
}

/// Scores recomputed for the form.
#[derive(Debug, Clone, Default)]
pub struct Scoring {
    pub indicator_points: Decimal,
    pub indicator_score: Decimal,
    pub fund_score: Option<Decimal>,
    pub convention: Option<Convention>,
    pub declared: Option<Decimal>,
    pub computed: Option<Decimal>,
    pub rating: Option<DeclaredComputed>,
}

pub fn check(ctx: &mut Ctx<'_>, fund: &FundFacts) -> Scoring {
    let form = ctx.form;
    let mut points = Decimal::ZERO;
    let mut score = Decimal::ZERO;
    for ind in &form.indicators {
        points += ctx.value(&ind.points).unwrap_or_default();
        score += ctx.value(&ind.score).unwrap_or_default();
    }
    group_points(ctx);
    weights(ctx);
    let structure = points_structure(ctx, points, fund);
    let mut scoring = Scoring {
        indicator_points: points,
        indicator_score: score,
        fund_score: fund.score_for_total(),
        convention: structure,
        ..Default::default()
    };
    total(ctx, &mut scoring);
    rating(ctx, &mut scoring);
    scoring
}

fn scheme_convention(ctx: &Ctx<'_>) -> Convention {
    if ctx.opts.scheme.fund_in_total {
        Convention::FundIncluded
    } else {
        Convention::FundExcluded
    }
}

/// ZP-13: Σ 三级分值 of each group = points printed in its label.
fn group_points(ctx: &mut Ctx<'_>) {
    let form = ctx.form;
    for group in &form.groups {
        let subject = format!("{}：三级指标分值之和 = 标注分值", group.name);
        let Some(label_points) = group.points else {
            ctx.audit
                .not_applicable(&ZP13, subject, "一级指标未标注分值");
            continue;
        };
        let members: Vec<_> = form
            .indicators
            .iter()
            .filter(|i| i.level1 == group.name)
            .collect();
        let sum: Decimal = members.iter().filter_map(|i| i.points.value()).sum();
        if sum == label_points {
            ctx.audit.pass(&ZP13, subject, Some(&group.label.at));
        } else {
            let related: Vec<&CellRef> = members.iter().map(|i| &i.points.at).collect();
            ctx.flag(
                &ZP13,
                Severity::Error,
                &subject,
                &group.label.at,
                related,
                format!(
                    "{}标注 {} 分，其下三级指标分值合计 {}",
                    group.name,
                    plain(label_points),
                    plain(sum)
                ),
                Some(plain(label_points)),
                Some(plain(sum)),
            );
        }
    }
}

/// ZP-12: 一级 weights against the scheme (产出 50 / 效益 30 / 满意度 10).
fn weights(ctx: &mut Ctx<'_>) {
    let form = ctx.form;
    let scheme = &ctx.opts.scheme;
    for w in scheme.weights.clone() {
        let subject = format!("{}权重 = {}", w.name, plain(w.points));
        let members: Vec<_> = form
            .indicators
            .iter()
            .filter(|i| i.level1 == w.name)
            .collect();
        let Some(group) = form.groups.iter().find(|g| g.name == w.name) else {
            ctx.audit
                .not_applicable(&ZP12, subject, format!("表中没有{}", w.name));
            continue;
        };
        let sum: Decimal = members.iter().filter_map(|i| i.points.value()).sum();
        if sum == w.points {
            ctx.audit.pass(&ZP12, subject, Some(&group.label.at));
        } else {
            let at = group.label.at.clone();
            ctx.flag(
                &ZP12,
                Severity::Warning,
                &subject,
                &at,
                vec![],
                format!(
                    "{}分值合计 {}，{}规定原则上为 {}",
                    w.name,
                    plain(sum),
                    scheme.title,
                    plain(w.points)
                ),
                Some(plain(w.points)),
                Some(plain(sum)),
            );
        }
    }
}

/// ZP-14: indicator points (+ fund points when counted) = 总分 points.
/// Returns the convention the form's points follow, if any.
fn points_structure(
    ctx: &mut Ctx<'_>,
    indicator_points: Decimal,
    fund: &FundFacts,
) -> Option<Convention> {
    let form = ctx.form;
    let subject = "分值合计 = 100";
    let total_points = form.total.as_ref().and_then(|t| t.points.as_ref());
    let full = total_points
        .and_then(|a| a.value())
        .unwrap_or(Decimal::ONE_HUNDRED);
    let fund_points = fund.points.unwrap_or_default();
    let at = total_points
        .map(|a| a.at.clone())
        .or_else(|| form.total.as_ref().map(|t| t.label.at.clone()))
        .or_else(|| form.groups.first().map(|g| g.label.at.clone()));
    let Some(at) = at else {
        ctx.audit.cannot_check(&ZP14, subject, None, "没有指标表");
        return None;
    };
    let related: Vec<&CellRef> = fund.points_at.iter().collect();
    let structure = if indicator_points + fund_points == full && fund.points.is_some() {
        Some(Convention::FundIncluded)
    } else if indicator_points == full {
        Some(Convention::FundExcluded)
    } else {
        None
    };
    let wanted = scheme_convention(ctx);
    match structure {
        Some(c) if c == wanted || fund.points.is_none() => {
            ctx.audit.pass(&ZP14, subject, Some(&at))
        }
        Some(c) => {
            let fits = fitting_scheme(ctx, c, fund);
            let msg = match c {
                Convention::FundExcluded => format!("三级指标分值合计 {}，另有预算执行率 {} 分，合计 {} 分：预算执行率未计入总分，{fits}与{}（指标 {} + 预算执行率 {} = {}）不同", plain(indicator_points), plain(fund_points), plain(indicator_points + fund_points), ctx.opts.scheme.title, plain(full - fund_points), plain(fund_points), plain(full)),
                Convention::FundIncluded => format!("三级指标分值合计 {} + 预算执行率 {} = {}：预算执行率计入总分，{fits}与所选评分方案 {} 的口径不同", plain(indicator_points), plain(fund_points), plain(full), ctx.opts.scheme.name),
            };
            ctx.flag(
                &ZP14,
                Severity::Warning,
                subject,
                &at,
                related,
                msg,
                Some(plain(full)),
                Some(plain(indicator_points + fund_points)),
            );
        }
        None => {
            let counted = if wanted == Convention::FundIncluded {
                fund_points
            } else {
                Decimal::ZERO
            };
            ctx.flag(
                &ZP14,
                Severity::Error,
                subject,
                &at,
                related,
                format!(
                    "分值合计不是 {}：三级指标分值合计 {}{}",
                    plain(full),
                    plain(indicator_points),
                    if counted.is_zero() {
                        String::new()
                    } else {
                        format!(
                            " + 预算执行率 {} = {}",
                            plain(counted),
                            plain(indicator_points + counted)
                        )
                    }
                ),
                Some(plain(full)),
                Some(plain(indicator_points + counted)),
            );
        }
    }
    structure
}

/// "符合 hunan-yiyang 口径（可用 --scheme hunan-yiyang 检查），": the shipped
/// scheme the form's structure fits, looked up by its convention and group
/// points; empty when none fits.
fn fitting_scheme(ctx: &Ctx<'_>, convention: Convention, fund: &FundFacts) -> String {
    let form = ctx.form;
    let groups: Vec<(String, Decimal)> = form
        .groups
        .iter()
        .map(|g| {
            let sum = form
                .indicators
                .iter()
                .filter(|i| i.level1 == g.name)
                .filter_map(|i| i.points.value())
                .sum();
            (g.name.clone(), sum)
        })
        .collect();
    let included = convention == Convention::FundIncluded;
    match crate::scheme::fitting(&groups, fund.points, included) {
        Some(s) if ctx.opts.scheme_chosen => format!("符合 {} 口径，", s.name),
        Some(s) => format!("符合 {} 口径（可用 --scheme {} 检查），", s.name, s.name),
        None => String::new(),
    }
}

/// ZP-24: 总分 = Σ 指标得分 (+ 预算执行率得分).
fn total(ctx: &mut Ctx<'_>, scoring: &mut Scoring) {
    let form = ctx.form;
    let subject = "总分 = 各项得分之和";
    let included = scoring.indicator_score + scoring.fund_score.unwrap_or_default();
    let excluded = scoring.indicator_score;
    let expected_convention = scoring.convention.unwrap_or_else(|| scheme_convention(ctx));
    let expected = match expected_convention {
        Convention::FundIncluded if scoring.fund_score.is_some() => included,
        _ => excluded,
    };
    scoring.computed = (!form.indicators.is_empty()).then_some(expected);
    let Some(row) = &form.total else {
        ctx.audit
            .cannot_check(&ZP24, subject, None, "表中没有总分行");
        return;
    };
    let related: Vec<&CellRef> = form.indicators.iter().map(|i| &i.score.at).collect();
    let Some(cell) = row.score.as_ref().filter(|c| !c.is_empty()) else {
        let at = row.points.as_ref().map_or(&row.label.at, |p| &p.at).clone();
        ctx.flag(
            &ZP24,
            Severity::Warning,
            subject,
            &at,
            vec![],
            format!(
                "总分（自评得分）未填写；按各项得分合计应为 {}",
                plain(expected)
            ),
            Some(plain(expected)),
            None,
        );
        return;
    };
    let Some(declared) = ctx.value(cell) else {
        ctx.audit
            .cannot_check(&ZP24, subject, Some(&cell.at), "总分不是数字");
        return;
    };
    scoring.declared = Some(declared);
    let n = form.indicators.len() + 1;
    let decimals = form
        .indicators
        .iter()
        .map(|i| i.score.decimals())
        .chain([cell.decimals()])
        .max()
        .unwrap_or(0);
    let fund_text = scoring.fund_score.map(plain).unwrap_or_else(|| "—".into());
    let gap = |v: Decimal| ctx.tolerance.compare(declared, v, n, decimals);
    let (g_expected, g_other) = (
        gap(expected),
        gap(if expected == included {
            excluded
        } else {
            included
        }),
    );
    let other_convention = if expected == included {
        Convention::FundExcluded
    } else {
        Convention::FundIncluded
    };
    match (g_expected, g_other) {
        // Consistent with the convention the points follow; a convention
        // that differs from the scheme was already reported once (ZP-14).
        (Gap::Equal, _) => ctx.audit.record(
            &ZP24,
            subject,
            crate::rules::Outcome::Pass,
            Some(&cell.at),
            expected_convention.describe(),
        ),
        (Gap::Rounding(g), _) => {
            let at = cell.at.clone();
            ctx.flag(
                &ZP24,
                Severity::Info,
                subject,
                &at,
                related,
                format!(
                    "总分 {} 与各项得分合计 {} 相差 {}，属尾数差异",
                    plain(declared),
                    plain(expected),
                    plain(g.abs())
                ),
                Some(plain(expected)),
                Some(plain(declared)),
            );
        }
        (_, Gap::Equal) if scoring.fund_score.is_some() => {
            let at = cell.at.clone();
            ctx.flag(
                &ZP24,
                Severity::Warning,
                subject,
                &at,
                related,
                format!(
                    "本表{}，与分值结构不一致：总分 {}，指标得分 {}，预算执行率得分 {fund_text}",
                    other_convention.describe(),
                    plain(declared),
                    plain(excluded)
                ),
                Some(plain(expected)),
                Some(plain(declared)),
            );
            scoring.convention = Some(other_convention);
            scoring.computed = Some(declared);
        }
        _ => {
            let at = cell.at.clone();
            let how = if expected == included && scoring.fund_score.is_some() {
                format!(
                    "三级指标得分合计 {} + 预算执行率得分 {fund_text} = {}",
                    plain(excluded),
                    plain(included)
                )
            } else {
                format!("三级指标得分合计 {}", plain(excluded))
            };
            ctx.flag(
                &ZP24,
                Severity::Error,
                subject,
                &at,
                related,
                format!("总分与各项得分合计不符：填报 {}，{how}", plain(declared)),
                Some(plain(expected)),
                Some(plain(declared)),
            );
        }
    }
}

/// ZP-25: declared rating matches the score band.
fn rating(ctx: &mut Ctx<'_>, scoring: &mut Scoring) {
    let scheme = &ctx.opts.scheme;
    let score = scoring.declared.or(scoring.computed);
    let computed = scoring
        .computed
        .and_then(|s| scheme.rating_for(s))
        .map(|b| b.name.clone());
    let declared = ctx.form.rating.as_ref();
    scoring.rating = Some(DeclaredComputed {
        declared: declared.map(|d| d.text.trim().to_string()),
        computed: computed.clone(),
    });
    let subject = "评价等级与总分相符";
    let Some(declared) = declared else {
        ctx.audit.not_applicable(&ZP25, subject, "表中没有评价等级");
        return;
    };
    let Some(score) = score else {
        ctx.audit
            .cannot_check(&ZP25, subject, Some(&declared.at), "总分无法确定");
        return;
    };
    let want = scheme
        .rating_for(score)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    match scheme.band_named(&declared.text) {
        Some(b) if b.name == want => ctx.audit.pass(&ZP25, subject, Some(&declared.at)),
        Some(_) => {
            let at = declared.at.clone();
            ctx.flag(
                &ZP25,
                Severity::Error,
                subject,
                &at,
                vec![],
                format!(
                    "评价等级“{}”与总分 {} 不符，应为“{want}”",
                    declared.text.trim(),
                    plain(score)
                ),
                Some(want),
                Some(declared.text.trim().to_string()),
            );
        }
        None => {
            let at = declared.at.clone();
            ctx.flag(
                &ZP25,
                Severity::Warning,
                subject,
                &at,
                vec![],
                format!(
                    "无法识别评价等级“{}”（应为 优/良/中/差）；按总分 {} 应为“{want}”",
                    declared.text.trim(),
                    plain(score)
                ),
                Some(want),
                Some(declared.text.trim().to_string()),
            );
        }
    }
}
