//! ZP-06: the 预算执行率 block carries the scheme's points.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_06: Rule = Rule {
    code: "ZP-06",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "预算执行率分值不是 10 分",
    what: "年度资金总额行的分值应为评分方案规定的分值（全国口径 10 分）。",
    why: "财预〔2020〕10号规定预算执行率原则上占 10%，分值不同会使总分口径不一致。",
    example: "分值填 20 → 错误：预算执行率分值应为 10。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let subject = "预算执行率分值";
    let Some(total) = form.fund.as_ref().and_then(|f| f.total()) else {
        cx.cannot_check(&ZP_06, subject, None, "未找到项目资金表的年度资金总额行");
        return;
    };
    let Some(cell) = &total.points else {
        cx.cannot_check(&ZP_06, subject, None, "没有分值列");
        return;
    };
    let want = cx.scheme().fund_points;
    match cell.value() {
        Some(p) if p == want => cx.pass(&ZP_06, subject, Some(&cell.at)),
        Some(p) => cx.flag(
            subject,
            Flag::new(
                &ZP_06,
                &cell.at,
                format!(
                    "预算执行率分值为 {}，按{}应为 {}",
                    plain(p),
                    cx.scheme().title,
                    plain(want)
                ),
            )
            .expected(contract(want, cell.decimals()))
            .actual(contract(p, cell.decimals())),
        ),
        None => cx.cannot_check(&ZP_06, subject, Some(&cell.at), "分值未填写或不是数字"),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn ten_points_pass() {
        run_self_eval(&super::ZP_06, &national()).assert_passed("ZP-06");
    }

    #[test]
    fn other_points_are_an_error() {
        let r = run_self_eval(&super::ZP_06, &national().set("F5", "20"));
        let f = r.assert_only("ZP-06", Severity::Error, "F5");
        assert_eq!(f.expected.as_deref(), Some("10"));
    }
}
