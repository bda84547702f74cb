//! ZP-28: the form has been filled in at all.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use crate::workbook::CellRef;

pub const ZP_28: Rule = Rule {
    code: "ZP-28",
    family: Family::SelfEvaluation,
    severity: Severity::Info,
    title: "表格尚未填写",
    what: "项目资金没有金额、没有填写任何三级指标或得分、实际完成情况为空时，整张表视为尚未填写：只报这一条提示，其余规则不运行（记为不适用）。",
    why: "空白模板或刚从项目库导出的表逐项报“未填写”只会淹没真正的问题；表头与预设分值不算填写。",
    example: "只有表头、项目名称和预设分值的自评表 → 提示：表格尚未填写。",
    check: Check::SelfEvaluation(check),
};

/// The cell a person would look at first: the title, else the form's
/// top-left corner.
fn anchor(form: &SelfEvalForm) -> CellRef {
    form.title.as_ref().map_or_else(
        || CellRef::new(&form.sheet, form.range.top, form.range.left),
        |t| t.at.clone(),
    )
}

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let subject = "表格已填写";
    if form.is_unfilled() {
        let at = anchor(form);
        cx.flag(
            subject,
            Flag::new(
                &ZP_28,
                &at,
                "表格尚未填写：项目资金无金额，没有三级指标、得分和实际完成情况，未作其他校验",
            ),
        );
    } else {
        cx.pass(&ZP_28, subject, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_all};
    use crate::rules::{Outcome, Severity};
    use crate::scheme::Scheme;

    #[test]
    fn a_filled_form_passes() {
        let r = run_all(&national(), &Scheme::national());
        assert!(r
            .checks
            .iter()
            .any(|c| c.rule.code == "ZP-28" && c.outcome == Outcome::Pass));
    }

    #[test]
    fn a_blank_form_is_one_info_and_nothing_else() {
        let mut book = national();
        for a1 in [
            "C5", "D5", "E5", "G5", "H5", "C6", "D6", "E6", "C7", "D7", "E7", "B10", "F10",
        ] {
            book = book.clear(a1);
        }
        for row in 12..=16 {
            for col in ["D", "E", "F", "H"] {
                book = book.clear(&format!("{col}{row}"));
            }
        }
        let r = run_all(&book.clear("B2").clear("H17"), &Scheme::national());
        r.assert_only("ZP-28", Severity::Info, "A1");
        assert!(r
            .checks
            .iter()
            .filter(|c| c.rule.code != "ZP-28")
            .all(|c| c.outcome == Outcome::NotApplicable));
    }
}
