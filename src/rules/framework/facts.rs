//! What an evaluation's figures recompute to: the 指标体系's sums, the
//! report's money and rates, the 到位率 and 满意度 scores, each target's
//! completion, and the rating. Computed once per evaluation.

use crate::amount::Amount;
use crate::forms::framework::{Evaluation, Item, MoneyKind, Target};
use crate::forms::labels::norm;
use crate::forms::self_eval::target::{completion, parse_quantity, parse_target};
use crate::rules::format::percent;
use crate::rules::identity::unusable;
use crate::rules::Context;
use crate::scheme::{share_for, Scheme};
use rust_decimal::Decimal;

/// The four money totals of the report (万元).
#[derive(Debug, Clone, Default)]
pub struct Funds {
    pub planned: Option<Decimal>,
    pub arrived: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub balance: Option<Decimal>,
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!b.is_zero()).then(|| a / b)
}

impl Funds {
    /// 实际到位 ÷ 计划安排.
    pub fn arrival_rate(&self) -> Option<Decimal> {
        ratio(self.arrived?, self.planned?)
    }

    /// 实际支出 ÷ 实际到位 (执行率).
    pub fn execution_rate(&self) -> Option<Decimal> {
        ratio(self.spent?, self.arrived?)
    }
}

/// A 三级 score recomputed from the report (到位率, 满意度).
#[derive(Debug, Clone)]
pub struct ItemFacts {
    pub score: Decimal,
    /// How: "到位率 100.00%", "满意率 95%".
    pub note: String,
}

/// Everything recomputed for one evaluation.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The scheme the evaluation was checked under.
    pub scheme: Scheme,
    pub funds: Funds,
    /// Σ 三级 自评得分, or why it cannot be added up (None without a 指标体系).
    pub score_sum: Option<Result<Decimal, String>>,
    /// Addends and printed digits of the score sum.
    pub addends: usize,
    pub decimals: u32,
    /// The 总分 row's 自评得分.
    pub system_score: Option<Decimal>,
    /// 绩效自评综合得分 in the report.
    pub report_score: Option<Decimal>,
    /// One per 三级指标 of the 指标体系, in order: the recomputed score of the
    /// items scored from the report.
    pub items: Vec<Option<ItemFacts>>,
    /// The completion ratio of each 定量 target of the report, in order.
    pub targets: Vec<Option<Decimal>>,
    pub rating_declared: Option<String>,
    pub rating_computed: Option<String>,
}

impl Facts {
    /// The recomputed total: Σ 三级 自评得分.
    pub fn computed(&self) -> Option<Decimal> {
        self.score_sum
            .as_ref()
            .and_then(|r| r.as_ref().ok())
            .copied()
    }

    pub fn compute(eval: &Evaluation, ctx: &Context<'_>) -> Facts {
        let scheme = ctx.scheme.clone();
        let funds = funds(eval);
        let (score_sum, addends, decimals) = match &eval.system {
            None => (None, 0, 0),
            Some(s) => {
                let scores: Vec<&Amount> = s.items().map(|i| &i.score).collect();
                let sum = match unusable(&scores) {
                    Some(why) => Err(why),
                    None => Ok(scores.iter().filter_map(|a| a.value_or_zero()).sum()),
                };
                let decimals = scores.iter().map(|a| a.decimals()).max().unwrap_or(0);
                (Some(sum), scores.len(), decimals)
            }
        };
        let system_score = eval
            .system
            .as_ref()
            .and_then(|s| s.total.as_ref())
            .and_then(|t| t.score.as_ref())
            .and_then(Amount::value);
        let report_score = eval
            .report
            .as_ref()
            .and_then(|r| r.score.as_ref())
            .and_then(Amount::value);
        let targets = eval
            .report
            .iter()
            .flat_map(|r| &r.targets)
            .map(target_ratio)
            .collect();
        let items = eval
            .system
            .iter()
            .flat_map(|s| s.items())
            .map(|item| recomputed(item, eval, &funds, &scheme))
            .collect();
        let rating_declared = eval
            .report
            .as_ref()
            .and_then(|r| r.rating.as_ref())
            .filter(|r| !r.is_blank())
            .map(|r| r.text.trim().to_string());
        let mut facts = Facts {
            scheme,
            funds,
            score_sum,
            addends,
            decimals,
            system_score,
            report_score,
            items,
            targets,
            rating_declared,
            rating_computed: None,
        };
        facts.rating_computed = facts
            .computed()
            .or(facts.report_score)
            .or(facts.system_score)
            .and_then(|s| facts.scheme.rating_for(s))
            .map(|b| b.name.clone());
        facts
    }
}

fn funds(eval: &Evaluation) -> Funds {
    let mut out = Funds::default();
    for m in eval
        .report
        .iter()
        .flat_map(|r| r.funds.iter())
        .flat_map(|f| &f.columns)
    {
        let v = m.total.value();
        match m.kind {
            MoneyKind::Planned => out.planned = v,
            MoneyKind::Arrived => out.arrived = v,
            MoneyKind::Spent => out.spent = v,
            MoneyKind::Balance => out.balance = v,
        }
    }
    out
}

fn target_ratio(t: &Target) -> Option<Decimal> {
    let name = norm(&t.name.text);
    let target = parse_target(&t.target.text, &name)?;
    let actual = parse_quantity(&t.actual.text)?;
    completion(&target, &actual)
}

/// The 满意率 the report gives (a 定量 target under 满意度).
pub fn satisfaction_rate(targets: &[Target]) -> Option<(&Target, Decimal)> {
    targets.iter().find_map(|t| {
        let is_satisfaction = t.level2.contains("满意") || norm(&t.name.text).contains("满意");
        let q = parse_quantity(&t.actual.text)?;
        (is_satisfaction && q.unit == "%").then_some((t, q.value))
    })
}

/// The score an item earns by the report's figures, for the items scored
/// from them: 到位率 (PJ-11) and 满意度 (PJ-12).
fn recomputed(item: &Item, eval: &Evaluation, funds: &Funds, scheme: &Scheme) -> Option<ItemFacts> {
    let points = item.node.points.value()?;
    let name = &item.node.name;
    if name.contains("到位率") {
        let rate = funds.arrival_rate()?;
        return Some(ItemFacts {
            score: points * rate.min(Decimal::ONE),
            note: format!("到位率 {}", percent(rate, 2)),
        });
    }
    if name.contains("满意") {
        let bands = &scheme.framework.as_ref()?.satisfaction_bands;
        let (_, rate) = satisfaction_rate(&eval.report.as_ref()?.targets)?;
        let share = share_for(bands, rate).unwrap_or(Decimal::ZERO);
        return Some(ItemFacts {
            score: points * share,
            note: format!("满意率 {}", percent(rate, 0)),
        });
    }
    None
}
