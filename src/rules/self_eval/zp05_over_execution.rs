//! ZP-05: 全年执行数 ≤ 全年预算数.

use super::{short_label, Facts};
use crate::forms::self_eval::{FundLine, FundRow, SelfEvalForm};
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_05: Rule = Rule {
    code: "ZP-05",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "执行数超过预算数",
    what: "每一资金行（年度资金总额，以及 其中：当年财政拨款、上年结转资金、其他资金 等）的全年执行数不应超过其全年预算数（执行率不超过 100%）。",
    why: "超预算执行并非一定错误，但需要说明原因；总额未超而其中某项超出同样需要说明。",
    example: "全年预算数 100、全年执行数 120 → 警告：执行数超过预算数 20。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(block) = form.fund.as_ref().filter(|f| f.total().is_some()) else {
        cx.cannot_check(
            &ZP_05,
            "全年执行数不超过全年预算数",
            None,
            "未找到项目资金表的年度资金总额行",
        );
        return;
    };
    for row in &block.rows {
        one_row(row, cx);
    }
}

/// A line with both amounts is checked; a breakdown line left blank is
/// not a line to check, the total's blanks are 无法校验.
fn one_row(row: &FundRow, cx: &mut Cx) {
    let label = short_label(&row.label.text);
    let subject = format!("{label}：全年执行数不超过全年预算数");
    let total = row.line == FundLine::Total;
    let (Some(b), Some(e)) = (row.budget.as_ref(), row.executed.as_ref()) else {
        if total {
            cx.cannot_check(&ZP_05, subject, None, "缺少全年预算数或全年执行数");
        }
        return;
    };
    match (b.value(), e.value()) {
        (Some(bv), Some(ev)) if ev > bv => cx.flag(
            subject,
            Flag::new(
                &ZP_05,
                &e.at,
                format!(
                    "{label}全年执行数 {} 超过全年预算数 {}（超出 {}），请说明原因",
                    plain(ev),
                    plain(bv),
                    plain(ev - bv)
                ),
            )
            .related([&b.at])
            .expected(format!("≤{}", plain(bv)))
            .actual(contract(ev, e.decimals())),
        ),
        (Some(_), Some(_)) => cx.pass(&ZP_05, subject, Some(&e.at)),
        _ if total => cx.cannot_check(
            &ZP_05,
            subject,
            Some(&e.at),
            "全年预算数或全年执行数未填写或不是数字",
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn execution_within_budget_passes() {
        run_self_eval(&super::ZP_05, &national()).assert_passed("ZP-05");
    }

    #[test]
    fn over_execution_is_a_warning_at_the_executed_amount() {
        let r = run_self_eval(&super::ZP_05, &national().set("E5", "120"));
        r.assert_only("ZP-05", Severity::Warning, "E5");
    }

    #[test]
    fn an_over_executed_appropriation_line_is_a_warning_too() {
        // 年度资金总额 90 ≤ 100, but 当年财政拨款 85 > 80 (上年结转 5).
        let book = national().set("E6", "85").set("E7", "5");
        let r = run_self_eval(&super::ZP_05, &book);
        let f = r.assert_only("ZP-05", Severity::Warning, "E6");
        assert!(f.message.starts_with("当年财政拨款全年执行数 85"), "{}", f.message);
    }
}
