//! ZP-22: a deduction comes with its 偏差原因.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::plain;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_22: Rule = Rule {
    code: "ZP-22",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "扣分未说明偏差原因",
    what: "得分低于分值时，偏差原因分析及改进措施应填写。已完成却扣分的定量指标由 ZP-16 报告，这里不重复。",
    why: "文件要求对未完成或偏离目标的指标分析原因、提出改进措施。",
    example: "分值 10 得 9，偏差原因为空 → 警告。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let (Some(p), Some(s)) = (f.points, f.score) else {
            continue;
        };
        if s >= p {
            continue;
        }
        let name = &f.name;
        let subject = format!("“{name}”：扣分有偏差原因");
        // One finding per cause: a met target scored below full is ZP-16's.
        if f.explained || f.met() {
            cx.pass(&ZP_22, subject, ind.reason.as_ref().map(|r| &r.at));
            continue;
        }
        let at = ind.reason.as_ref().map_or(&ind.score.at, |r| &r.at);
        cx.flag(
            subject,
            Flag::new(
                &ZP_22,
                at,
                format!(
                    "指标“{name}”得分 {}（分值 {}）低于满分，但未填写偏差原因分析及改进措施",
                    plain(s),
                    plain(p)
                ),
            )
            .related([&ind.score.at]),
        );
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_22, "扣分有偏差原因", "没有扣分的指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn an_explained_deduction_passes() {
        let book = national().set("H15", "25").set("I15", "部分路段改善不明显");
        run_self_eval(&super::ZP_22, &book).assert_passed("ZP-22");
    }

    #[test]
    fn an_unexplained_deduction_is_a_warning_at_the_reason_cell() {
        let r = run_self_eval(&super::ZP_22, &national().set("H15", "25"));
        r.assert_only("ZP-22", Severity::Warning, "I15");
    }
}
