//! ZP-14: the points add up to the 总分 row's 100, under the scheme's
//! convention for the 预算执行率 points.

use super::{Convention, Facts};
use crate::amount::Amount;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

pub const ZP_14: Rule = Rule {
    code: "ZP-14",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "分值合计不是 100",
    what: "全部三级指标分值加上计入总分的预算执行率分值，应等于总分栏的 100 分。若指标分值已合计 100、预算执行率 10 分另列不计入总分（益阳口径），记为口径警告而非错误。",
    why: "满分不是 100 时得分无法按等级标准评定。",
    example: "指标分值合计 100，另有预算执行率 10 分 → 警告：合计 110 分，预算执行率未计入总分（符合 hunan-yiyang 口径）。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let subject = "分值合计 = 100";
    let total_points = form.total.as_ref().and_then(|t| t.points.as_ref());
    let at = total_points
        .map(|a| &a.at)
        .or_else(|| form.total.as_ref().map(|t| &t.label.at))
        .or_else(|| form.groups.first().map(|g| &g.label.at));
    let Some(at) = at else {
        cx.cannot_check(&ZP_14, subject, None, "没有指标表");
        return;
    };
    let points = match &facts.points {
        Ok(p) => *p,
        Err(why) => {
            cx.cannot_check(&ZP_14, subject, Some(at), why.clone());
            return;
        }
    };
    if let Some(why) = total_points.and_then(|a| a.unusable_reason()) {
        cx.cannot_check(&ZP_14, subject, Some(at), format!("总分栏分值无法读取：{why}"));
        return;
    }
    let full = total_points
        .and_then(Amount::value)
        .unwrap_or(Decimal::ONE_HUNDRED);
    let fund_points = facts.fund.as_ref().and_then(|f| f.points);
    let fund_at: Vec<&CellRef> = facts
        .fund
        .iter()
        .flat_map(|f| f.points_at.as_ref())
        .collect();
    let wanted = Convention::of_scheme(&cx.ctx);
    let places = form
        .indicators
        .iter()
        .map(|i| i.points.decimals())
        .max()
        .unwrap_or(0);
    let fp = fund_points.unwrap_or_default();
    match facts.structure {
        Some(c) if c == wanted || fund_points.is_none() => cx.pass(&ZP_14, subject, Some(at)),
        Some(c) => {
            let fits = fitting_scheme(form, cx, c, fund_points);
            let message = match c {
                Convention::FundExcluded => format!(
                    "三级指标分值合计 {}，另有预算执行率 {} 分，合计 {} 分：预算执行率未计入总分，{fits}与{}（指标 {} + 预算执行率 {} = {}）不同",
                    plain(points),
                    plain(fp),
                    plain(points + fp),
                    cx.scheme().title,
                    plain(full - fp),
                    plain(fp),
                    plain(full)
                ),
                Convention::FundIncluded => format!(
                    "三级指标分值合计 {} + 预算执行率 {} = {}：预算执行率计入总分，{fits}与所选评分方案 {} 的口径不同",
                    plain(points),
                    plain(fp),
                    plain(full),
                    cx.scheme().name
                ),
            };
            cx.flag(
                subject,
                Flag::new(&ZP_14, at, message)
                    .related(fund_at)
                    .expected(contract(full, places))
                    .actual(contract(points + fp, places))
                    .adjust(Adjust::Convention),
            );
        }
        // Short of the full points, with a fund section whose rows were
        // not recognised: its 分值 may make up the gap.
        None if points < full && form.fund_header.is_some() && form.fund.is_none() => cx
            .cannot_check(
                &ZP_14,
                subject,
                Some(at),
                "项目资金表的行未能识别，预算执行率分值未知",
            ),
        None => {
            let counted = if wanted == Convention::FundIncluded {
                fp
            } else {
                Decimal::ZERO
            };
            let added = if counted.is_zero() {
                String::new()
            } else {
                format!(
                    " + 预算执行率 {} = {}",
                    plain(counted),
                    plain(points + counted)
                )
            };
            cx.flag(
                subject,
                Flag::new(
                    &ZP_14,
                    at,
                    format!(
                        "分值合计不是 {}：三级指标分值合计 {}{added}",
                        plain(full),
                        plain(points)
                    ),
                )
                .related(fund_at)
                .expected(contract(full, places))
                .actual(contract(points + counted, places)),
            );
        }
    }
}

/// "符合“湖南益阳”口径（可在评分方案中选择），": the shipped
/// scheme the form's structure fits, looked up by its convention and group
/// points; empty when none fits.
fn fitting_scheme(
    form: &SelfEvalForm,
    cx: &Cx,
    convention: Convention,
    fund_points: Option<Decimal>,
) -> String {
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
    match crate::scheme::fitting(&groups, fund_points, included) {
        Some(s) if cx.ctx.scheme_chosen => format!("符合“{}”口径，", s.short_title()),
        Some(s) => format!("符合{}，", s.choose_hint()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval, run_self_eval_with};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn points_adding_to_100_pass() {
        run_self_eval(&super::ZP_14, &national()).assert_passed("ZP-14");
    }

    #[test]
    fn points_not_adding_to_100_are_an_error() {
        let r = run_self_eval(&super::ZP_14, &national().set("G16", "5"));
        r.assert_only("ZP-14", Severity::Error, "G17");
    }

    #[test]
    fn the_yiyang_convention_is_a_warning_naming_it() {
        // Indicators alone add to 100: the fund's 10 points stand outside.
        let book = national().set("G16", "20").set("H16", "20");
        let r = run_self_eval(&super::ZP_14, &book);
        let f = r.assert_only("ZP-14", Severity::Warning, "G17");
        assert!(
            f.message.contains("符合“湖南益阳”口径（可在评分方案中选择）"),
            "{}",
            f.message
        );
        let yiyang = Scheme::load("hunan-yiyang").unwrap();
        run_self_eval_with(&super::ZP_14, &book, &yiyang, true).assert_passed("ZP-14");
    }

    #[test]
    fn an_unreadable_full_mark_is_not_checked() {
        let r = run_self_eval(&super::ZP_14, &national().set("G16", "5").set("G17", "#REF!"));
        r.assert_not_checked("ZP-14");
    }

    #[test]
    fn points_short_of_100_with_unread_fund_rows_are_not_checked() {
        // Fund rows labelled by placeholders: the fund's 分值 is unknown.
        let book = national()
            .set("G16", "0")
            .set("B5", "0")
            .set("B6", "11")
            .set("B7", "22")
            .set("B8", "33");
        run_self_eval(&super::ZP_14, &book).assert_not_checked("ZP-14");
        // Above 100 is wrong whatever the fund's points.
        let over = book.set("G16", "50");
        run_self_eval(&super::ZP_14, &over).assert_only("ZP-14", Severity::Error, "G17");
    }
}
