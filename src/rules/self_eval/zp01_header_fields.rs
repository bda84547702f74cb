//! ZP-01: the header fields are filled in.

use super::Facts;
use crate::forms::self_eval::{Field, SelfEvalForm};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_01: Rule = Rule {
    code: "ZP-01",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "表头信息未填写",
    what: "项目名称、主管部门、实施单位应有标签且已填写。",
    why: "表头是识别项目与责任单位的依据，空白会使汇总和追责无从下手（财预〔2020〕10号附件2表样）。",
    example: "“市级主管部门”一栏为空 → 警告：主管部门未填写。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    for (name, field) in [
        ("项目名称", &form.project),
        ("主管部门", &form.department),
        ("实施单位", &form.implementer),
    ] {
        let subject = format!("{name}已填写");
        match field {
            None => cx.cannot_check(&ZP_01, subject, None, format!("表中没有“{name}”标签")),
            Some(Field { value: Some(v), .. }) if !v.is_blank() => {
                cx.pass(&ZP_01, subject, Some(&v.at))
            }
            Some(Field { label, value }) => {
                let at = value.as_ref().map_or(&label.at, |v| &v.at);
                cx.flag(
                    subject,
                    Flag::new(&ZP_01, at, format!("{name}未填写")).related([&label.at]),
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
    fn filled_header_passes() {
        run_self_eval(&super::ZP_01, &national()).assert_passed("ZP-01");
    }

    #[test]
    fn blank_department_is_a_warning_at_its_value_cell() {
        let r = run_self_eval(&super::ZP_01, &national().clear("B3"));
        r.assert_only("ZP-01", Severity::Warning, "B3");
    }
}
