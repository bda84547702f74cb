//! ZP-11: 一级 and 二级 indicator names belong to the national framework.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_11: Rule = Rule {
    code: "ZP-11",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "指标名称不规范",
    what: "一级指标应为 产出指标、效益指标、满意度指标（可持续影响指标单列按地方口径接受）；二级指标应属于其一级指标的规范列表。未知一级指标为错误。",
    why: "指标体系名称不规范会使权重与汇总口径无法对应。",
    example: "一级指标写“管理指标” → 错误；产出指标下二级指标写“进度指标” → 警告（规范为时效指标）。",
    check: Check::SelfEvaluation(check),
};

/// Allowed 二级指标 of each 一级指标 (rules.md §1.1).
pub const LEVEL2: &[(&str, &[&str])] = &[
    ("产出指标", &["数量指标", "质量指标", "时效指标", "成本指标"]),
    (
        "效益指标",
        &["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    ),
    ("满意度指标", &["服务对象满意度指标", "满意度指标"]),
    ("可持续影响指标", &["可持续影响指标"]),
];

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    for group in &form.groups {
        let subject = format!("一级指标“{}”规范", group.name);
        if LEVEL2.iter().any(|(l1, _)| *l1 == group.name) {
            cx.pass(&ZP_11, subject, Some(&group.label.at));
            continue;
        }
        cx.flag(
            subject,
            Flag::new(
                &ZP_11,
                &group.label.at,
                format!(
                    "一级指标“{}”不是规范的一级指标（产出指标、效益指标、满意度指标）",
                    group.label.text.trim()
                ),
            )
            .expected("产出指标/效益指标/满意度指标")
            .actual(group.label.text.trim())
            .adjust(Adjust::Contradiction),
        );
    }
    let mut reported = std::collections::HashSet::new();
    for ind in &form.indicators {
        let Some((_, allowed)) = LEVEL2.iter().find(|(l1, _)| *l1 == ind.level1) else {
            continue;
        };
        if ind.level2.is_empty()
            || allowed
                .iter()
                .any(|a| ind.level2 == *a || ind.level2 == a.trim_end_matches("指标"))
        {
            continue;
        }
        if reported.insert(ind.level2.clone()) {
            cx.flag(
                format!("二级指标“{}”规范", ind.level2),
                Flag::new(
                    &ZP_11,
                    ind.level2_at.as_ref().unwrap_or(&ind.name.at),
                    format!(
                        "二级指标“{}”不在{}的规范列表中（{}）",
                        ind.level2,
                        ind.level1,
                        allowed.join("、")
                    ),
                )
                .actual(ind.level2.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn national_names_pass() {
        run_self_eval(&super::ZP_11, &national()).assert_passed("ZP-11");
    }

    #[test]
    fn an_unknown_level1_is_an_error() {
        let r = run_self_eval(&super::ZP_11, &national().set("B15", "管理指标（30分）"));
        r.assert_only("ZP-11", Severity::Error, "B15");
    }

    #[test]
    fn an_unknown_level2_is_a_warning() {
        let r = run_self_eval(&super::ZP_11, &national().set("C14", "进度指标"));
        // At the 二级指标 cell itself, not the 三级指标 beside it.
        r.assert_only("ZP-11", Severity::Warning, "C14");
    }
}
