//! ZP-16: a quantitative indicator that met its target keeps full marks.

use super::{Completion, Facts};
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, percent, plain};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_16: Rule = Rule {
    code: "ZP-16",
    family: Family::SelfEvaluation,
    severity: Severity::Info,
    title: "指标已完成但扣分",
    what: "定量指标的完成值已达到指标值，得分却低于分值：有偏差说明时提示，没有说明时警告。",
    why: "文件规定完成指标值的记全部分值；扣分应有理由。",
    example: "指标值 95%以上、完成值 98%，分值 10 得 9 → 提示：已完成仍扣 1 分。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let Completion::Ratio { ratio, .. } = &f.completion else {
            continue;
        };
        if *ratio < Decimal::ONE {
            continue;
        }
        let name = &f.name;
        let subject = format!("“{name}”：已完成的指标记满分");
        let (Some(p), Some(s)) = (f.points, f.score) else {
            cx.cannot_check(&ZP_16, subject, Some(&ind.score.at), "分值或得分未填写或不是数字");
            continue;
        };
        if s >= p {
            cx.pass(&ZP_16, subject, Some(&ind.score.at));
            continue;
        }
        let (Some(target), Some(actual)) = (&ind.target, &ind.actual) else {
            continue;
        };
        let places = ind.points.decimals().max(ind.score.decimals());
        let why = if f.explained { "" } else { "，且未填写偏差原因" };
        let mut flag = Flag::new(
            &ZP_16,
            &ind.score.at,
            format!(
                "指标“{name}”完成值 {} 已达到指标值 {}（完成 {}），得分 {} 低于分值 {}{why}",
                actual.text.trim(),
                target.text.trim(),
                percent(*ratio, 2),
                plain(s),
                plain(p)
            ),
        )
        .related([&target.at, &actual.at])
        .expected(contract(p, places))
        .actual(contract(s, places));
        if !f.explained {
            flag = flag.adjust(Adjust::Unfilled);
        }
        cx.flag(subject, flag);
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_16, "已完成的定量指标记满分", "没有已完成的定量指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn full_marks_for_a_met_target_pass() {
        run_self_eval(&super::ZP_16, &national()).assert_passed("ZP-16");
    }

    #[test]
    fn a_deduction_with_a_reason_is_info() {
        let book = national().set("H12", "18").set("I12", "养护质量抽检有扣分");
        let r = run_self_eval(&super::ZP_16, &book);
        r.assert_only("ZP-16", Severity::Info, "H12");
    }

    #[test]
    fn a_deduction_without_a_reason_is_a_warning() {
        let r = run_self_eval(&super::ZP_16, &national().set("H12", "18"));
        r.assert_only("ZP-16", Severity::Warning, "H12");
    }
}
