//! Rules for the 项目支出绩效评价指标体系 and its 自评报告 (PJ-01…PJ-13,
//! rules.md §6 V-03), one file per rule. The evaluation is checked under
//! the scheme that describes a framework (the chosen one, else the shipped
//! hunan-yueyang, with a note saying so).

mod facts;

pub use facts::{Facts, Funds, ItemFacts};

use crate::amount::Amount;
use crate::forms::framework::{Evaluation, Item};
use crate::rules::format::{contract, round_half_up};
use crate::rules::tolerance::{compare_printed, PrintedMatch};
use crate::rules::{Adjust, Check, Context, Cx, Flag, FormResult, Rule};
use crate::scheme::Scheme;
use crate::workbook::{CellRef, Num};
use rust_decimal::Decimal;

crate::rules::rule::rules! {
    pj01_level_points::PJ_01,
    pj02_hundred::PJ_02,
    pj03_weights::PJ_03,
    pj04_score_range::PJ_04,
    pj05_total_score::PJ_05,
    pj06_report_score::PJ_06,
    pj07_rating::PJ_07,
    pj08_fund_sources::PJ_08,
    pj09_balance::PJ_09,
    pj10_spending::PJ_10,
    pj11_arrival_score::PJ_11,
    pj12_satisfaction_score::PJ_12,
    pj13_far_above_target::PJ_13,
}

/// The scheme the evaluation is checked under: the chosen one when it
/// describes a framework, else the shipped scheme that does, with a note.
fn effective_scheme(ctx: &Context<'_>) -> (Scheme, Option<String>) {
    if ctx.scheme.framework.is_some() {
        return (ctx.scheme.clone(), None);
    }
    let Some(fit) = Scheme::shipped().iter().find(|s| s.framework.is_some()) else {
        return (ctx.scheme.clone(), None);
    };
    let note = if ctx.scheme_chosen {
        format!(
            "评分方案“{}”没有绩效评价指标体系的设定，项目支出绩效评价指标体系按“{}”口径检查",
            ctx.scheme.short_title(),
            fit.short_title()
        )
    } else {
        format!(
            "项目支出绩效评价指标体系按{}检查：{}",
            fit.choose_hint(),
            fit.title
        )
    };
    (fit.clone(), Some(note))
}

/// Run every framework rule on one evaluation.
pub fn check(eval: &Evaluation, amounts: &[&Amount], ctx: Context<'_>) -> FormResult {
    let (scheme, note) = effective_scheme(&ctx);
    let ctx = Context {
        scheme: &scheme,
        scheme_chosen: ctx.scheme_chosen,
    };
    let facts = Facts::compute(eval, &ctx);
    let mut cx = Cx::new(ctx);
    crate::rules::run_cells(amounts, &mut cx);
    for rule in RULES {
        if let Check::Framework(check) = rule.check {
            check(eval, &facts, &mut cx);
        }
    }
    crate::rules::finish(
        cx,
        crate::rules::Facts::Framework(facts),
        note.into_iter().collect(),
    )
}

/// Compare an item's printed score with a recomputed one at its printed
/// precision (at least one decimal, as ZP-07: a whole 3 against 2.28 is not
/// a rounding slip). Shared by PJ-11 and PJ-12.
fn compare_score(
    cx: &mut Cx,
    rule: &'static Rule,
    subject: &str,
    item: &Item,
    want: Decimal,
    how: &str,
    related: Vec<&CellRef>,
) {
    let Some(printed) = item.score.num().map(|n| Num {
        decimals: n.decimals.max(1),
        ..*n
    }) else {
        cx.cannot_check(
            rule,
            subject,
            Some(&item.score.at),
            "自评得分未填写或不是数字",
        );
        return;
    };
    let places = printed.decimals.max(2);
    let shown = contract(round_half_up(want, places), 0);
    let flag = |message: String| {
        Flag::new(rule, &item.score.at, message)
            .related(related.iter().copied())
            .expected(shown.clone())
            .actual(item.score.raw.clone())
    };
    match compare_printed(&printed, want) {
        PrintedMatch::Equal => cx.pass(rule, subject, Some(&item.score.at)),
        PrintedMatch::LastDigit => cx.flag(
            subject,
            flag(format!(
                "“{}”得分 {} 与 {how} = {shown} 末位相差，属舍入差异",
                item.node.name, item.score.raw
            ))
            .adjust(Adjust::Rounding),
        ),
        PrintedMatch::Different => cx.flag(
            subject,
            flag(format!(
                "“{}”得分不符：填报 {}，{how}，应得 {shown} 分",
                item.node.name, item.score.raw
            )),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_all, yueyang};
    use crate::scheme::Scheme;

    #[test]
    fn the_yueyang_sample_has_only_its_over_achieved_targets() {
        let r = run_all(&yueyang(), &Scheme::load("hunan-yueyang").unwrap());
        let codes: Vec<&str> = r.findings.iter().map(|f| f.rule.code).collect();
        assert_eq!(codes, ["PJ-13"; 5], "{:?}", r.findings);
    }
}
