//! ZP-26: fund amounts in 万元 carry at most two decimals.

use super::{short_label, Facts};
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_26: Rule = Rule {
    code: "ZP-26",
    family: Family::SelfEvaluation,
    severity: Severity::Info,
    title: "金额小数位超过两位",
    what: "项目资金金额（万元）一般保留两位小数。",
    why: "多余的小数位通常来自元转万元未取整，提示核对。",
    example: "全年预算数 2635.204432 → 提示。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(block) = &form.fund else {
        cx.cannot_check(&ZP_26, "金额保留两位小数", None, "未找到项目资金表");
        return;
    };
    let mut flagged = 0;
    for row in &block.rows {
        for (column, cell) in row.money() {
            let Some(cell) = cell else { continue };
            if cell.num().is_some_and(|n| n.decimals > 2 && !n.percent) {
                flagged += 1;
                cx.flag(
                    format!("{column}小数位"),
                    Flag::new(
                        &ZP_26,
                        &cell.at,
                        format!(
                            "{}的{column} {} 有 {} 位小数，金额（万元）一般保留两位",
                            short_label(&row.label.text),
                            cell.raw,
                            cell.decimals()
                        ),
                    )
                    .actual(cell.raw.clone()),
                );
            }
        }
    }
    if flagged == 0 {
        let at = block.total().map(|t| &t.label.at);
        cx.pass(&ZP_26, "金额保留两位小数", at);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn cents_pass() {
        run_self_eval(&super::ZP_26, &national()).assert_passed("ZP-26");
    }

    #[test]
    fn more_digits_are_info() {
        let r = run_self_eval(&super::ZP_26, &national().set("C6", "80.004432"));
        r.assert_only("ZP-26", Severity::Info, "C6");
    }
}
