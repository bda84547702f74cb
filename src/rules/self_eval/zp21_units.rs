//! ZP-21: target and completion are in one unit; rates stay within 100%.

use super::{Completion, Facts};
use crate::forms::labels::norm;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_21: Rule = Rule {
    code: "ZP-21",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "指标值与完成值单位不一致",
    what: "定量指标的指标值与完成值应使用同一单位；百分比类指标不应超过 100%。",
    why: "单位不一致时完成比例无法计算，常见于“≥100百分比”对“100”。",
    example: "指标值 100%、完成值 100 → 警告：单位不一致。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let (Some(target), Some(actual)) = (&ind.target, &ind.actual) else {
            continue;
        };
        let name = &f.name;
        let subject = format!("“{name}”：指标值与完成值单位一致");
        match &f.completion {
            Completion::NotQuantitative => {}
            Completion::UnitsDiffer => cx.flag(
                subject,
                Flag::new(
                    &ZP_21,
                    &actual.at,
                    format!(
                        "指标“{name}”的指标值“{}”与完成值“{}”单位不一致，无法计算完成比例",
                        target.text.trim(),
                        actual.text.trim()
                    ),
                )
                .related([&target.at, &actual.at]),
            ),
            Completion::Ratio {
                target: t,
                actual: a,
                ..
            } => {
                cx.pass(&ZP_21, subject, Some(&actual.at));
                for (what, cell, q) in [("指标值", target, &t.quantity), ("完成值", actual, a)] {
                    if q.unit == "%" && q.value > Decimal::ONE && norm(name).contains('率') {
                        cx.flag(
                            format!("“{name}”：百分比不超过 100%"),
                            Flag::new(
                                &ZP_21,
                                &cell.at,
                                format!("指标“{name}”的{what} {} 超过 100%", cell.text.trim()),
                            )
                            .actual(cell.text.trim()),
                        );
                    }
                }
            }
        }
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_21, "定量指标的指标值与完成值单位一致", "没有定量指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn matching_units_pass() {
        run_self_eval(&super::ZP_21, &national()).assert_passed("ZP-21");
    }

    #[test]
    fn different_units_are_a_warning_at_the_completion() {
        let r = run_self_eval(&super::ZP_21, &national().set("F13", "'86"));
        r.assert_only("ZP-21", Severity::Warning, "F13");
    }

    #[test]
    fn a_rate_above_100_percent_is_a_warning() {
        let r = run_self_eval(&super::ZP_21, &national().set("F13", "'120%"));
        r.assert_only("ZP-21", Severity::Warning, "F13");
    }
}
