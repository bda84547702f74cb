//! ZP-27: the scores under a 一级指标 do not exceed the points in its label.

use super::Facts;
use crate::amount::Amount;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::identity::unusable;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_27: Rule = Rule {
    code: "ZP-27",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "一级指标下得分合计超过标注分值",
    what: "每个一级指标下三级指标得分之和，不应超过一级指标名称中标注的分值（如“产出指标（50分）”下得分合计不超过 50）。",
    why: "一类指标的得分不能超过这一类的满分。各指标得分都没超过自身分值、但分值本身多填了（ZP-13）时，逐项检查（ZP-15）看不出整类超分，总分也会随之偏高。某个指标得分超过自身分值时，原因已由 ZP-15 报告，这里不再重复。",
    example: "产出指标（50分）下分值 20+20+15=55（多填 5 分）、得分 20+18+15=53 → 错误：得分合计 53 超过标注的 50 分；得分合计 48 → 通过。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    for group in &form.groups {
        let subject = format!("{}：三级指标得分之和 ≤ 标注分值", group.name);
        let Some(label_points) = group.points else {
            cx.not_applicable(&ZP_27, subject, "一级指标未标注分值");
            continue;
        };
        let members: Vec<_> = form
            .indicators
            .iter()
            .zip(&facts.indicators)
            .filter(|(i, _)| i.level1 == group.name)
            .collect();
        if members.is_empty() {
            cx.not_applicable(&ZP_27, subject, "该一级指标下没有三级指标");
            continue;
        }
        let scores: Vec<&Amount> = members.iter().map(|(i, _)| &i.score).collect();
        if let Some(why) = unusable(&scores) {
            cx.cannot_check(&ZP_27, subject, Some(&group.label.at), why);
            continue;
        }
        let total: Decimal = scores.iter().filter_map(|a| a.value_or_zero()).sum();
        let places = scores.iter().map(|a| a.decimals()).max().unwrap_or(0);
        if total <= label_points {
            cx.pass(&ZP_27, subject, Some(&group.label.at));
            continue;
        }
        // One finding per cause: an indicator scored above its own points
        // is ZP-15's finding, and explains the excess here.
        let above_own = members
            .iter()
            .find(|(_, f)| matches!((f.score, f.points), (Some(s), Some(p)) if s > p));
        if let Some((_, f)) = above_own {
            cx.fail_reported_elsewhere(
                &ZP_27,
                subject,
                &group.label.at,
                format!("“{}”得分超过其分值，已由 ZP-15 报告", f.name),
                false,
                None,
            );
            continue;
        }
        cx.flag(
            subject,
            Flag::new(
                &ZP_27,
                &group.label.at,
                format!(
                    "{}标注 {} 分，其下三级指标得分合计 {}，超出 {} 分",
                    group.name,
                    plain(label_points),
                    plain(total),
                    plain(total - label_points)
                ),
            )
            .related(scores.iter().map(|a| &a.at))
            .expected(format!("≤{}", contract(label_points, places)))
            .actual(contract(total, places)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn scores_within_the_label_pass() {
        run_self_eval(&super::ZP_27, &national()).assert_passed("ZP-27");
    }

    #[test]
    fn scores_above_the_label_are_an_error_at_the_label() {
        // 产出指标（50分）: points 20+20+15 = 55 (one inflated), scores
        // 20+18+15 = 53 — every score within its own points.
        let book = national().set("G13", "20").set("H13", "18");
        let r = run_self_eval(&super::ZP_27, &book);
        let f = r.assert_only("ZP-27", Severity::Error, "B12");
        assert_eq!(f.expected.as_deref(), Some("≤50"));
        assert_eq!(f.actual.as_deref(), Some("53"));
        assert!(f.message.contains("超出 3 分"), "{}", f.message);
        assert_eq!(f.related.len(), 3);
    }

    #[test]
    fn a_score_above_its_own_points_is_left_to_zp_15() {
        let r = run_self_eval(&super::ZP_27, &national().set("H13", "17"));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r
            .checks
            .iter()
            .any(|c| c.rule.code == "ZP-27" && c.detail.contains("ZP-15")));
    }

    #[test]
    fn an_unreadable_score_is_not_checked() {
        let r = run_self_eval(&super::ZP_27, &national().set("H13", "#REF!"));
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(r.checks.iter().any(|c| c.rule.code == "ZP-27"
            && c.outcome == crate::rules::Outcome::InsufficientData));
    }
}
