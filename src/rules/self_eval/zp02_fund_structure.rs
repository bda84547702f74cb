//! ZP-02: the fund block has its rows and columns.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_02: Rule = Rule {
    code: "ZP-02",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "项目资金表结构不完整",
    what: "项目资金（万元）部分应有 年度资金总额 行，以及 年初预算数、全年预算数、全年执行数、分值、执行率、得分 列（接受 本年/当年财政拨款、全年预算数（A）等写法）。",
    why: "缺少这些行列，执行率与预算执行率得分无法复核。",
    example: "表中找不到“全年执行数”列 → 错误：项目资金表缺少全年执行数列。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(block) = &form.fund else {
        let subject = "项目资金表存在";
        if let Some(header) = &form.fund_header {
            cx.flag(
                subject,
                Flag::new(
                    &ZP_02,
                    &header.at,
                    "项目资金表表头下未找到年度资金总额行（应有 年度资金总额、其中：财政拨款、上年结转资金、其他资金 各行）",
                ),
            );
            return;
        }
        match &form.title {
            Some(title) => cx.flag(
                subject,
                Flag::new(
                    &ZP_02,
                    &title.at,
                    "未找到项目资金（万元）表（年度资金总额、全年预算数、全年执行数、执行率）",
                ),
            ),
            None => cx.cannot_check(&ZP_02, subject, None, "未找到项目资金表"),
        }
        return;
    };
    let Some(total) = block.total() else {
        cx.cannot_check(&ZP_02, "项目资金表结构完整", None, "项目资金表中没有年度资金总额行");
        return;
    };
    let missing: Vec<&str> = [
        ("全年预算数", total.budget.is_none()),
        ("全年执行数", total.executed.is_none()),
        ("分值", total.points.is_none()),
        ("得分", total.score.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(n, _)| *n)
    .collect();
    let subject = "项目资金表结构完整";
    if missing.is_empty() {
        cx.pass(&ZP_02, subject, Some(&total.label.at));
    } else {
        cx.flag(
            subject,
            Flag::new(
                &ZP_02,
                &total.label.at,
                format!("项目资金表缺少列：{}", missing.join("、")),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn complete_block_passes() {
        run_self_eval(&super::ZP_02, &national()).assert_passed("ZP-02");
    }

    #[test]
    fn a_header_without_fund_rows_is_an_error_at_the_header() {
        let book = national()
            .set("B5", "0")
            .set("B6", "11")
            .set("B7", "22")
            .set("B8", "33");
        let r = run_self_eval(&super::ZP_02, &book);
        let f = r.assert_only("ZP-02", Severity::Error, "G4");
        assert!(f.message.contains("未找到年度资金总额行"), "{}", f.message);
    }

    #[test]
    fn missing_column_is_an_error_at_the_total_row() {
        let r = run_self_eval(&super::ZP_02, &national().set("E4", "备注"));
        r.assert_only("ZP-02", Severity::Error, "B5");
    }
}
