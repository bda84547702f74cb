//! ZP-05: 全年执行数 ≤ 全年预算数.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_05: Rule = Rule {
    code: "ZP-05",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "执行数超过预算数",
    what: "全年执行数不应超过全年预算数（执行率不超过 100%）。",
    why: "超预算执行并非一定错误，但需要说明原因。",
    example: "全年预算数 100、全年执行数 120 → 警告：执行数超过预算数 20。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let subject = "全年执行数不超过全年预算数";
    let Some(total) = form.fund.as_ref().and_then(|f| f.total()) else {
        cx.cannot_check(&ZP_05, subject, None, "未找到项目资金表的年度资金总额行");
        return;
    };
    let (Some(b), Some(e)) = (total.budget.as_ref(), total.executed.as_ref()) else {
        cx.cannot_check(&ZP_05, subject, None, "缺少全年预算数或全年执行数");
        return;
    };
    match (b.value(), e.value()) {
        (Some(bv), Some(ev)) if ev > bv => cx.flag(
            subject,
            Flag::new(
                &ZP_05,
                &e.at,
                format!(
                    "全年执行数 {} 超过全年预算数 {}（超出 {}），请说明原因",
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
        _ => cx.cannot_check(&ZP_05, subject, Some(&e.at), "全年预算数或全年执行数未填写或不是数字"),
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
}
