//! ZP-10: 年度总体目标 is filled in.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_10: Rule = Rule {
    code: "ZP-10",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "年度总体目标未填写",
    what: "年度总体目标的 预期目标 与 实际完成情况 都应填写。",
    why: "总体目标是自评的对象，空白则无法判断目标是否实现。",
    example: "实际完成情况为空 → 警告。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(goals) = &form.goals else {
        cx.cannot_check(&ZP_10, "年度总体目标已填写", None, "表中没有“年度总体目标”");
        return;
    };
    for (what, cell) in [("预期目标", &goals.expected), ("实际完成情况", &goals.achieved)] {
        let subject = format!("年度总体目标的{what}已填写");
        match cell {
            Some(c) if !c.is_blank() => cx.pass(&ZP_10, subject, Some(&c.at)),
            _ => {
                let at = cell.as_ref().map_or(&goals.label.at, |c| &c.at);
                cx.flag(
                    subject,
                    Flag::new(&ZP_10, at, format!("年度总体目标的{what}未填写")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn filled_goals_pass() {
        run_self_eval(&super::ZP_10, &national()).assert_passed("ZP-10");
    }

    #[test]
    fn blank_achievement_is_a_warning() {
        let r = run_self_eval(&super::ZP_10, &national().clear("F10"));
        r.assert_only("ZP-10", Severity::Warning, "F10");
    }
}
