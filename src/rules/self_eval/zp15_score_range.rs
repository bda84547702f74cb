//! ZP-15: 0 ≤ 得分 ≤ 分值 for every indicator.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_15: Rule = Rule {
    code: "ZP-15",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "得分超出分值范围",
    what: "每个指标 0 ≤ 得分 ≤ 分值；得分未填为警告。",
    why: "财预〔2020〕10号不设加分项，得分超过分值必错。",
    example: "分值 5、得分 6 → 错误：得分超过分值。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        let name = &f.name;
        let subject = format!("“{name}”：0 ≤ 得分 ≤ 分值");
        let (Some(p), Some(s)) = (f.points, f.score) else {
            if ind.score.is_empty() && !ind.points.is_empty() {
                cx.flag(
                    subject,
                    Flag::new(&ZP_15, &ind.score.at, format!("指标“{name}”得分未填写"))
                        .related([&ind.points.at])
                        .adjust(Adjust::Unfilled),
                );
            } else {
                cx.cannot_check(&ZP_15, subject, Some(&ind.score.at), "分值或得分未填写或不是数字");
            }
            continue;
        };
        if s <= p && s >= Decimal::ZERO {
            cx.pass(&ZP_15, subject, Some(&ind.score.at));
            continue;
        }
        let message = if s > p {
            format!(
                "指标“{name}”得分 {} 超过分值 {}（不设加分项）",
                plain(s),
                plain(p)
            )
        } else {
            format!("指标“{name}”得分 {} 为负数", plain(s))
        };
        cx.flag(
            subject,
            Flag::new(&ZP_15, &ind.score.at, message)
                .related([&ind.points.at])
                .expected(format!("0–{}", plain(p)))
                .actual(contract(s, ind.score.decimals())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn scores_within_points_pass() {
        run_self_eval(&super::ZP_15, &national()).assert_passed("ZP-15");
    }

    #[test]
    fn a_score_above_its_points_is_an_error() {
        let r = run_self_eval(&super::ZP_15, &national().set("H13", "16"));
        r.assert_only("ZP-15", Severity::Error, "H13");
    }

    #[test]
    fn a_blank_score_is_a_warning() {
        let r = run_self_eval(&super::ZP_15, &national().clear("H13"));
        r.assert_only("ZP-15", Severity::Warning, "H13");
    }
}
