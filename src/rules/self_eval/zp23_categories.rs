//! ZP-23: 产出, 效益 and 满意度 indicators are all present.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_23: Rule = Rule {
    code: "ZP-23",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "缺少必要的指标类别",
    what: "产出指标与效益指标下至少各有一个三级指标，满意度指标应当设置。",
    why: "财预〔2020〕10号的指标框架要求三类指标齐全。",
    example: "整张表没有满意度指标 → 警告。",
    check: Check::SelfEvaluation(check),
};

/// One finding for all the missing categories: they share one cause (an
/// indicator table without them) and one cell.
fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let count = |name: &str| form.indicators.iter().filter(|i| i.level1 == name).count();
    let anchor = form.groups.first().map(|g| &g.label.at);
    let mut missing = Vec::new();
    for name in ["产出指标", "效益指标", "满意度指标"] {
        let subject = format!("设有{name}");
        let present = count(name) > 0 || (name == "效益指标" && count("可持续影响指标") > 0);
        match (anchor, present) {
            (_, true) => cx.pass(&ZP_23, subject, None),
            (Some(_), false) => missing.push((name, subject)),
            (None, false) => cx.cannot_check(&ZP_23, subject, None, "表中没有指标表"),
        }
    }
    let (Some(at), Some(((_, first), rest))) = (anchor, missing.split_first()) else {
        return;
    };
    let names: Vec<&str> = missing.iter().map(|(n, _)| *n).collect();
    let message = format!("表中没有{}的三级指标", names.join("、"));
    for (_, subject) in rest {
        cx.fail_reported_elsewhere(&ZP_23, subject.clone(), at, first.clone(), false, None);
    }
    cx.flag(first.clone(), Flag::new(&ZP_23, at, message));
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn all_three_categories_pass() {
        run_self_eval(&super::ZP_23, &national()).assert_passed("ZP-23");
    }

    #[test]
    fn a_missing_category_is_a_warning_at_the_first_group() {
        let r = run_self_eval(&super::ZP_23, &national().set("B16", "效益指标（10分）"));
        r.assert_only("ZP-23", Severity::Warning, "B12");
    }

    #[test]
    fn several_missing_categories_are_one_finding() {
        let book = national()
            .set("B12", "45")
            .set("B15", "56")
            .set("B16", "67");
        let r = run_self_eval(&super::ZP_23, &book);
        let f = r.assert_only("ZP-23", Severity::Warning, "B12");
        assert_eq!(f.message, "表中没有产出指标、效益指标、满意度指标的三级指标");
    }
}
