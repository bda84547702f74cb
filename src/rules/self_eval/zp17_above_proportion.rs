//! ZP-17: an unmet quantitative indicator scores no more than its share.

use super::{Completion, Facts};
use crate::forms::self_eval::target::Op;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, percent, plain, round_half_up};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_17: Rule = Rule {
    code: "ZP-17",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "得分高于按完成比例应得分",
    what: "定量指标未完成时，得分不应高于 分值 × 完成值 ÷ 指标值（“≤”类指标为 分值 × 指标值 ÷ 完成值）。",
    why: "文件规定未完成的按完成值与指标值的比例记分。",
    example: "指标值 300个、完成值 170个、分值 8 → 应得不超过 4.53 分，填 8 → 警告。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let Completion::Ratio { target, ratio, proportional, .. } = &f.completion else {
            continue;
        };
        if *ratio >= Decimal::ONE {
            continue;
        }
        let name = &f.name;
        let subject = format!("“{name}”：得分不高于按完成比例应得分");
        let (Some(s), Some(share)) = (f.score, *proportional) else {
            cx.cannot_check(&ZP_17, subject, Some(&ind.score.at), "分值或得分未填写或不是数字");
            continue;
        };
        let decimals = ind.score.decimals().max(2);
        let allowed = round_half_up(share, decimals);
        if s <= allowed {
            cx.pass(&ZP_17, subject, Some(&ind.score.at));
            continue;
        }
        let formula = match target.op {
            Op::AtMost => "分值 × 指标值 ÷ 完成值",
            _ => "分值 × 完成值 ÷ 指标值",
        };
        let related = ind.target.iter().chain(&ind.actual).map(|c| &c.at);
        cx.flag(
            subject,
            Flag::new(
                &ZP_17,
                &ind.score.at,
                format!(
                    "指标“{name}”未完成（完成 {}），按 {formula} 应得 {} 分，填报 {} 分",
                    percent(*ratio, 2),
                    plain(allowed),
                    plain(s)
                ),
            )
            .related(related)
            .expected(contract(allowed, decimals))
            .actual(contract(s, decimals)),
        );
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_17, "未完成的定量指标按比例得分", "没有未完成的定量指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn a_proportional_score_passes() {
        // 100 of 120 km: 20 × 100/120 = 16.67, scored 16.
        let book = national().set("F12", "100公里").set("H12", "16").set("I12", "未完成");
        run_self_eval(&super::ZP_17, &book).assert_passed("ZP-17");
    }

    #[test]
    fn full_marks_for_an_unmet_target_are_a_warning() {
        let r = run_self_eval(&super::ZP_17, &national().set("F12", "100公里"));
        let f = r.assert_only("ZP-17", Severity::Warning, "H12");
        assert_eq!(f.expected.as_deref(), Some("16.67"));
    }
}
