//! What a 自评表's figures recompute to: 执行率 and the fund score, each
//! indicator's completion and proportional score, the sums of 分值 and 得分,
//! which convention 总分 follows, and the recomputed 总分 and 等级. Computed
//! once per form, before any rule runs, so rules stay independent of each
//! other and the 评分复核 sheet shows exactly what the rules used.

use crate::amount::Amount;
use crate::forms::self_eval::target::{completion, parse_quantity, parse_target, Quantity, Target};
use crate::forms::self_eval::{FundRow, Indicator, SelfEvalForm, TextCell};
use crate::rules::identity::unusable;
use crate::rules::tolerance::Gap;
use crate::rules::Context;
use crate::workbook::{CellRef, Num};
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
    pub fn describe(self) -> &'static str {
        match self {
            Convention::FundIncluded => "总分计入预算执行率得分（national / tianjin 口径）",
            Convention::FundExcluded => "总分未计入预算执行率得分（hunan-yiyang 口径）",
        }
    }

    pub fn other(self) -> Convention {
        match self {
            Convention::FundIncluded => Convention::FundExcluded,
            Convention::FundExcluded => Convention::FundIncluded,
        }
    }

    /// The convention of the scheme in force.
    pub fn of_scheme(ctx: &Context<'_>) -> Convention {
        if ctx.scheme.fund_in_total {
            Convention::FundIncluded
        } else {
            Convention::FundExcluded
        }
    }
}

/// The 年度资金总额 row recomputed.
#[derive(Debug, Clone, Default)]
pub struct FundFacts {
    /// The 分值 of the 年度资金总额 row, when it is a number.
    pub points: Option<Decimal>,
    pub points_at: Option<CellRef>,
    /// 全年执行数 ÷ 全年预算数, exact; None when either is not a number or
    /// the budget is zero.
    pub rate: Option<Decimal>,
    /// The printed 执行率 cell.
    pub rate_cell: Option<Amount>,
    /// 分值 × min(执行率, 100%) (or the scheme's bands), exact.
    pub score_computed: Option<Decimal>,
    /// The printed 得分 cell and its value.
    pub score_cell: Option<Amount>,
    pub score_declared: Option<Decimal>,
}

impl FundFacts {
    /// The fund score that counts in 总分: the declared one when filled,
    /// else the computed one.
    pub fn score_for_total(&self) -> Option<Decimal> {
        self.score_declared.or(self.score_computed)
    }
}

/// How far a quantitative indicator met its target.
#[derive(Debug, Clone, PartialEq)]
pub enum Completion {
    /// 年度指标值 and 实际完成值 are numbers in the same unit.
    Ratio {
        target: Target,
        actual: Quantity,
        /// 1 = exactly met; above 1 = exceeded.
        ratio: Decimal,
        /// 分值 × min(ratio, 1).
        proportional: Option<Decimal>,
    },
    /// Both are numbers, but in different units.
    UnitsDiffer,
    /// Not quantitative: qualitative text, or a value missing.
    NotQuantitative,
}

/// One indicator recomputed.
#[derive(Debug, Clone)]
pub struct IndicatorFacts {
    /// The 三级指标 name as shown, without a trailing colon.
    pub name: String,
    pub points: Option<Decimal>,
    pub score: Option<Decimal>,
    /// A 偏差原因 is filled in.
    pub explained: bool,
    pub completion: Completion,
    /// Completed at or beyond the scheme's over-achievement ratio, against
    /// a non-zero target (ZP-18).
    pub far_above: bool,
}

impl IndicatorFacts {
    /// A quantitative target met (or exceeded).
    pub fn met(&self) -> bool {
        matches!(&self.completion, Completion::Ratio { ratio, .. } if *ratio >= Decimal::ONE)
    }
}

/// 总分 recomputed.
#[derive(Debug, Clone)]
pub struct TotalFacts {
    /// The declared 总分, when it is a number.
    pub declared: Option<Decimal>,
    /// Σ 三级指标得分, or why it cannot be added up.
    pub indicator_scores: Result<Decimal, String>,
    /// The fund score that counts when the convention includes it.
    pub fund_score: Option<Decimal>,
    /// The convention the recomputation follows: the one the points imply,
    /// else the scheme's; the other one when the declared 总分 matches only
    /// that (ZP-24 reports the mismatch).
    pub convention: Convention,
    /// The recomputed 总分, or why it cannot be recomputed (无法复核).
    pub computed: Result<Decimal, String>,
    /// Addends and printed digits of the score sum (for the rounding band).
    pub addends: usize,
    pub decimals: u32,
}

/// Everything recomputed for one form.
#[derive(Debug, Clone)]
pub struct Facts {
    pub fund: Option<FundFacts>,
    /// One per indicator, in form order.
    pub indicators: Vec<IndicatorFacts>,
    /// Σ 三级指标分值, or why it cannot be added up.
    pub points: Result<Decimal, String>,
    /// The convention the form's points follow (ZP-14), if any.
    pub structure: Option<Convention>,
    pub total: TotalFacts,
    /// The rating for the recomputed 总分.
    pub rating: Option<String>,
}

/// The indicator's name as shown, without a trailing colon.
pub fn indicator_name(ind: &Indicator) -> String {
    ind.name
        .text
        .trim()
        .trim_end_matches(['：', ':'])
        .to_string()
}

/// True when the cell holds text (an explanation).
pub fn has_text(cell: &Option<TextCell>) -> bool {
    cell.as_ref().is_some_and(|c| !c.is_blank())
}

/// A printed 执行率 as a fraction: "92%" → 0.92; a bare 92 → 0.92.
pub fn printed_rate(n: &Num) -> Num {
    if !n.percent && n.value > Decimal::new(15, 1) {
        Num {
            value: n.value / Decimal::ONE_HUNDRED,
            decimals: n.decimals,
            percent: true,
        }
    } else {
        Num {
            percent: true,
            decimals: if n.percent {
                n.decimals
            } else {
                n.decimals.saturating_sub(2)
            },
            ..*n
        }
    }
}

/// 全年执行数 ÷ 全年预算数 of a fund row, when both are numbers and the
/// budget is not zero.
pub fn rate_of(row: &FundRow) -> Option<Decimal> {
    let budget = row.budget.as_ref()?.value()?;
    let executed = row.executed.as_ref()?.value()?;
    (!budget.is_zero()).then(|| executed / budget)
}

/// Σ of `cells`, or why one of them cannot be read.
fn sum(cells: &[&Amount]) -> Result<Decimal, String> {
    match unusable(cells) {
        Some(why) => Err(why),
        None => Ok(cells
            .iter()
            .filter_map(|a| a.value_or_zero())
            .sum::<Decimal>()),
    }
}

impl Facts {
    pub fn compute(form: &SelfEvalForm, ctx: &Context<'_>) -> Facts {
        let fund = fund(form, ctx);
        let indicators = form
            .indicators
            .iter()
            .map(|ind| indicator(ind, ctx))
            .collect();
        let points = sum(&form
            .indicators
            .iter()
            .map(|i| &i.points)
            .collect::<Vec<_>>());
        let structure = structure(form, points.as_ref().ok().copied(), fund.as_ref());
        let total = total(form, ctx, fund.as_ref(), structure);
        let rating = total
            .computed
            .as_ref()
            .ok()
            .and_then(|s| ctx.scheme.rating_for(*s))
            .map(|b| b.name.clone());
        Facts {
            fund,
            indicators,
            points,
            structure,
            total,
            rating,
        }
    }
}

fn fund(form: &SelfEvalForm, ctx: &Context<'_>) -> Option<FundFacts> {
    let total = form.fund.as_ref()?.total()?;
    let points = total.points.as_ref().and_then(Amount::value);
    let rate = rate_of(total);
    let score_computed = match (points, rate) {
        (Some(p), Some(r)) => Some(ctx.scheme.fund_score_for(p, r)),
        _ => None,
    };
    Some(FundFacts {
        points,
        points_at: total.points.as_ref().map(|p| p.at.clone()),
        rate,
        rate_cell: total.rate.clone(),
        score_computed,
        score_declared: total.score.as_ref().and_then(Amount::value),
        score_cell: total.score.clone(),
    })
}

fn indicator(ind: &Indicator, ctx: &Context<'_>) -> IndicatorFacts {
    let points = ind.points.value();
    let completion = match (&ind.target, &ind.actual) {
        (Some(t), Some(a)) => {
            match (
                parse_target(&t.text, &ind.name.text),
                parse_quantity(&a.text),
            ) {
                (Some(target), Some(actual)) => match completion(&target, &actual) {
                    Some(ratio) => Completion::Ratio {
                        proportional: points.map(|p| p * ratio.min(Decimal::ONE)),
                        target,
                        actual,
                        ratio,
                    },
                    None => Completion::UnitsDiffer,
                },
                _ => Completion::NotQuantitative,
            }
        }
        _ => Completion::NotQuantitative,
    };
    let far_above = matches!(&completion, Completion::Ratio { target, ratio, .. }
        if *ratio >= ctx.scheme.over_achievement_ratio && !target.quantity.value.is_zero());
    IndicatorFacts {
        name: indicator_name(ind),
        points,
        score: ind.score.value(),
        explained: has_text(&ind.reason),
        completion,
        far_above,
    }
}

/// Which convention the points follow: indicators + fund points = 100
/// (fund included), or indicators alone = 100 (fund excluded).
fn structure(
    form: &SelfEvalForm,
    points: Option<Decimal>,
    fund: Option<&FundFacts>,
) -> Option<Convention> {
    let points = points?;
    let full = form
        .total
        .as_ref()
        .and_then(|t| t.points.as_ref())
        .and_then(Amount::value)
        .unwrap_or(Decimal::ONE_HUNDRED);
    let fund_points = fund.and_then(|f| f.points);
    if fund_points.is_some_and(|f| points + f == full) {
        Some(Convention::FundIncluded)
    } else if points == full {
        Some(Convention::FundExcluded)
    } else {
        None
    }
}

fn total(
    form: &SelfEvalForm,
    ctx: &Context<'_>,
    fund: Option<&FundFacts>,
    structure: Option<Convention>,
) -> TotalFacts {
    let scores: Vec<&Amount> = form.indicators.iter().map(|i| &i.score).collect();
    let indicator_scores = sum(&scores);
    let fund_score = fund.and_then(FundFacts::score_for_total);
    let declared = form
        .total
        .as_ref()
        .and_then(|t| t.score.as_ref())
        .and_then(Amount::value);
    let addends = form.indicators.len() + 1;
    let decimals = scores
        .iter()
        .map(|a| a.decimals())
        .chain(
            form.total
                .as_ref()
                .and_then(|t| t.score.as_ref())
                .map(Amount::decimals),
        )
        .max()
        .unwrap_or(0);
    let expected = structure.unwrap_or_else(|| Convention::of_scheme(ctx));
    let under = |c: Convention| -> Result<Decimal, String> {
        let s = indicator_scores.clone()?;
        match (c, fund_score) {
            (Convention::FundExcluded, _) => Ok(s),
            (Convention::FundIncluded, Some(f)) => Ok(s + f),
            // The points say the fund counts, or the form has a fund
            // section whose rows could not be read, but there is no fund
            // score to add: the total is not guessed.
            (Convention::FundIncluded, None)
                if structure.is_some() || (form.fund_header.is_some() && form.fund.is_none()) =>
            {
                Err("未找到预算执行率得分，无法按计入预算执行率的口径复核总分".to_string())
            }
            (Convention::FundIncluded, None) => Ok(s),
        }
    };
    let mut convention = expected;
    let mut computed = if form.indicators.is_empty() {
        Err("表中没有三级指标".to_string())
    } else {
        under(expected)
    };
    // A form that consistently follows the other convention: its 总分 is
    // recomputed under that one (ZP-24 reports the inconsistency once).
    if let (Some(d), Ok(c), Some(_)) = (declared, &computed, fund_score) {
        let tol = ctx.tolerance();
        let other = under(expected.other());
        if matches!(tol.compare(d, *c, addends, decimals), Gap::Beyond(_))
            && other
                .as_ref()
                .is_ok_and(|o| tol.compare(d, *o, addends, decimals) == Gap::Equal)
        {
            convention = expected.other();
            computed = other;
        }
    }
    TotalFacts {
        declared,
        indicator_scores,
        fund_score,
        convention,
        computed,
        addends,
        decimals,
    }
}
