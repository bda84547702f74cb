//! ZP-13: the points under a 一级指标 add up to the points in its label.

use super::Facts;
use crate::amount::Amount;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::identity::{Sum, Term};
use crate::rules::tolerance::Tolerance;
use crate::rules::{Check, Cx, Family, Rule, Severity};
use crate::workbook::{Num, Reading};

pub const ZP_13: Rule = Rule {
    code: "ZP-13",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "三级指标分值合计与一级指标标注分值不符",
    what: "每个一级指标下三级指标分值之和，应等于一级指标名称中标注的分值（如“产出指标（50分）”）。",
    why: "表内自相矛盾，说明有分值填错或漏行。",
    example: "产出指标（50分）下分值 8+8+5+5+5+5+7+7 = 50 → 通过；若合计 48 → 错误。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    for group in &form.groups {
        let subject = format!("{}：三级指标分值之和 = 标注分值", group.name);
        let Some(label_points) = group.points else {
            cx.not_applicable(&ZP_13, subject, "一级指标未标注分值");
            continue;
        };
        // The points printed in the label, read as a number of that cell.
        let label = Amount {
            at: group.label.at.clone(),
            raw: group.label.text.clone(),
            reading: Reading::Number(Num::plain(label_points, 0)),
        };
        let terms = form
            .indicators
            .iter()
            .filter(|i| i.level1 == group.name)
            .map(|i| Term::plus(crate::rules::self_eval::indicator_name(i), &i.points))
            .collect();
        // Points are whole numbers: a label is met exactly or not at all.
        Sum::plain(
            &ZP_13,
            subject,
            format!("{}标注 {} 分，其下三级指标分值合计不符", group.name, label_points),
            &label,
            terms,
            Tolerance::exact(),
        )
        .run(cx);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn points_matching_the_label_pass() {
        run_self_eval(&super::ZP_13, &national()).assert_passed("ZP-13");
    }

    #[test]
    fn points_off_the_label_are_an_error_at_the_label() {
        let r = run_self_eval(&super::ZP_13, &national().set("G13", "13"));
        let f = r.assert_only("ZP-13", Severity::Error, "B12");
        assert_eq!(f.expected.as_deref(), Some("48"));
        assert_eq!(f.actual.as_deref(), Some("50"));
    }
}
