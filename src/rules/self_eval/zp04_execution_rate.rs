//! ZP-04: the printed 执行率 = 全年执行数 ÷ 全年预算数, at its precision.

use super::{printed_rate, short_label, Facts};
use crate::forms::self_eval::{FundLine, FundRow, SelfEvalForm};
use crate::rules::format::{percent, plain};
use crate::rules::tolerance::{compare_printed, PrintedMatch};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_04: Rule = Rule {
    code: "ZP-04",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "执行率计算错误",
    what: "执行率 = 全年执行数 ÷ 全年预算数，按表上显示的小数位比较；全年预算数为 0 时执行率应为空或“—”；全年执行数也为 0 时，0.00% 视为“—”（中央项目库导出的惯例）。",
    why: "执行率决定预算执行得分，算错会直接影响总分。相差末位一个单位只作提示。",
    example: "全年预算数 180、全年执行数 82，执行率应为 45.56%，显示为 46% → 通过；若填 50% → 错误。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(block) = &form.fund else {
        cx.cannot_check(&ZP_04, "执行率 = 全年执行数 ÷ 全年预算数", None, "未找到项目资金表");
        return;
    };
    for row in &block.rows {
        one_row(row, cx);
    }
}

fn one_row(row: &FundRow, cx: &mut Cx) {
    let Some(rate_cell) = &row.rate else { return };
    let label = short_label(&row.label.text);
    let subject = format!("{label}：执行率 = 全年执行数 ÷ 全年预算数");
    if rate_cell.is_empty() {
        if row.line == FundLine::Total && row.budget.as_ref().is_some_and(|b| !b.is_empty()) {
            cx.cannot_check(&ZP_04, subject, Some(&rate_cell.at), "执行率未填写");
        }
        return;
    }
    let Some(printed) = rate_cell.num().map(printed_rate) else {
        cx.cannot_check(&ZP_04, subject, Some(&rate_cell.at), "执行率不是数字");
        return;
    };
    let (Some(budget), Some(executed)) = (row.budget.as_ref(), row.executed.as_ref()) else {
        cx.cannot_check(&ZP_04, subject, Some(&rate_cell.at), "表中没有全年预算数或全年执行数列");
        return;
    };
    let related = [&budget.at, &executed.at];
    match (budget.value(), executed.value()) {
        // 0 ÷ 0 printed as 0.00%: the central 项目库 export writes that on
        // every fund line without money; it misstates nothing.
        (Some(b), e) if b.is_zero() && e.is_none_or(|e| e.is_zero()) && printed.value.is_zero() => {
            cx.pass_noted(
                &ZP_04,
                subject,
                Some(&rate_cell.at),
                "预算与执行数均为 0，执行率 0 视同“—”",
            )
        }
        (Some(b), _) if b.is_zero() => cx.flag(
            subject,
            Flag::new(
                &ZP_04,
                &rate_cell.at,
                format!(
                    "{label}全年预算数为 0，执行率应为空或“—”，却填了 {}",
                    rate_cell.raw
                ),
            )
            .related(related)
            .expected("—")
            .actual(rate_cell.raw.clone()),
        ),
        (Some(b), Some(e)) => {
            let want = e / b;
            let shown = percent(want, printed.decimals.max(2));
            let flag = |message: String| {
                Flag::new(&ZP_04, &rate_cell.at, message)
                    .related(related)
                    .expected(percent(want, printed.decimals))
                    .actual(rate_cell.raw.clone())
            };
            match compare_printed(&printed, want) {
                PrintedMatch::Equal => cx.pass(&ZP_04, subject, Some(&rate_cell.at)),
                PrintedMatch::LastDigit => cx.flag(
                    subject,
                    flag(format!(
                        "{label}执行率 {} 与 {} ÷ {} = {shown} 末位相差 1，属舍入差异",
                        rate_cell.raw,
                        plain(e),
                        plain(b)
                    ))
                    .adjust(Adjust::Rounding),
                ),
                PrintedMatch::Different => cx.flag(
                    subject,
                    flag(format!(
                        "{label}执行率计算错误：填报 {}，全年执行数 {} ÷ 全年预算数 {} = {shown}",
                        rate_cell.raw,
                        plain(e),
                        plain(b)
                    )),
                ),
            }
        }
        _ => cx.cannot_check(
            &ZP_04,
            subject,
            Some(&rate_cell.at),
            "全年预算数或全年执行数未填写或不是数字",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn rate_matching_the_amounts_passes() {
        run_self_eval(&super::ZP_04, &national()).assert_passed("ZP-04");
    }

    #[test]
    fn a_wrong_rate_is_an_error() {
        let r = run_self_eval(&super::ZP_04, &national().set("G5", "80%"));
        let f = r.assert_only("ZP-04", Severity::Error, "G5");
        assert_eq!(f.expected.as_deref(), Some("90%"));
    }

    #[test]
    fn a_last_digit_slip_is_info() {
        // 90.5 / 100 = 90.5%, printed 91% rounds the same way; 90.4% → 90%.
        let r = run_self_eval(&super::ZP_04, &national().set("E5", "90.6").set("G5", "90%"));
        r.assert_only("ZP-04", Severity::Info, "G5");
    }

    #[test]
    fn a_rate_on_a_zero_budget_is_an_error() {
        let book = national().set("D8", "0").set("E8", "5").set("G8", "100%");
        let r = run_self_eval(&super::ZP_04, &book);
        r.assert_only("ZP-04", Severity::Error, "G8");
    }

    #[test]
    fn zero_percent_on_a_line_without_money_passes() {
        let book = national().set("D8", "0").set("E8", "0").set("G8", "0.00%");
        let r = run_self_eval(&super::ZP_04, &book);
        r.assert_clean();
        assert!(r
            .checks
            .iter()
            .any(|c| c.rule.code == "ZP-04" && c.cell == "G8" && c.outcome == crate::rules::Outcome::Pass));
    }
}
