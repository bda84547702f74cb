//! ZP-18: a quantitative indicator completed far beyond its target.

use super::{Completion, Facts};
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::percent;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_18: Rule = Rule {
    code: "ZP-18",
    family: Family::SelfEvaluation,
    severity: Severity::Info,
    title: "完成值远超指标值",
    what: "定量指标完成值达到指标值的 150%（评分方案可调）及以上时提示。",
    why: "大幅超额完成往往说明目标定得过低，文件要求分析原因并可按偏离度调减分值。",
    example: "指标值 10个、完成值 25个 → 提示：完成 250%，目标可能设定偏低。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let over = cx.scheme().over_achievement_ratio;
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let (Completion::Ratio { ratio, .. }, Some(t), Some(a)) =
            (&f.completion, &ind.target, &ind.actual)
        else {
            continue;
        };
        let name = &f.name;
        let subject = format!("“{name}”：完成值未远超指标值");
        if !f.far_above {
            cx.pass(&ZP_18, subject, Some(&a.at));
            continue;
        }
        let done = percent(*ratio, 2);
        cx.flag(
            subject,
            Flag::new(
                &ZP_18,
                &a.at,
                format!(
                    "指标“{name}”完成 {done}（指标值 {}，完成值 {}），达到 {} 以上，目标可能设定偏低",
                    t.text.trim(),
                    a.text.trim(),
                    percent(over, 0)
                ),
            )
            .related([&t.at])
            .actual(done),
        );
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_18, "定量指标完成值未远超指标值", "没有定量指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn completion_near_the_target_passes() {
        run_self_eval(&super::ZP_18, &national()).assert_passed("ZP-18");
    }

    #[test]
    fn completion_far_above_the_target_is_info() {
        let r = run_self_eval(&super::ZP_18, &national().set("F12", "300公里"));
        r.assert_only("ZP-18", Severity::Info, "F12");
    }
}
