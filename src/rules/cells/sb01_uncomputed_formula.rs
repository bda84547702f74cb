//! SB-01: a formula the file holds without its result.

use crate::amount::Amount;
use crate::rules::{Check, Cx, Family, Rule, Severity};
use crate::workbook::Reading;

pub const SB_01: Rule = Rule {
    code: "SB-01",
    family: Family::Workbook,
    severity: Severity::Warning,
    title: "公式未计算",
    what: "需要参与校验的单元格是公式，但文件没有保存公式的计算结果。",
    why: "一些程序（网页导出、脚本生成）写出公式却不计算。此时无法知道表上显示的数，依赖它的校验记为“无法校验”，而不是算术错误。",
    example: "D8 为 =SUM(D9:D11) 但没有结果值 → 提示“公式未计算，请在 Excel 中打开并保存后再检查”。",
    check: Check::Cells(check),
};

fn check(amounts: &[&Amount], cx: &mut Cx) {
    super::report(&SB_01, amounts, |r| *r == Reading::Uncomputed, cx);
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{amount, run_cells};
    use crate::rules::Severity;
    use crate::workbook::Reading;

    #[test]
    fn a_computed_cell_passes() {
        let r = run_cells(&super::SB_01, &[amount("D8", Reading::Empty)]);
        r.assert_clean();
        r.assert_passed("SB-01");
    }

    #[test]
    fn an_uncomputed_formula_is_a_warning_once() {
        let cell = amount("D8", Reading::Uncomputed);
        let r = run_cells(&super::SB_01, &[cell.clone(), cell]);
        r.assert_only("SB-01", Severity::Warning, "D8");
    }
}
