//! SB-02: an error value or text where a number belongs.

use crate::amount::Amount;
use crate::rules::{Check, Cx, Family, Rule, Severity};
use crate::workbook::Reading;

pub const SB_02: Rule = Rule {
    code: "SB-02",
    family: Family::Workbook,
    severity: Severity::Error,
    title: "单元格为错误值或非数字",
    what: "应填数字的单元格为 #REF!、#DIV/0!、#VALUE! 等错误值，或填了无法识别为数字的文字。",
    why: "错误值通常来自被删除的引用或除以零，表上显示的数不可信；依赖它的校验无法进行。",
    example: "执行率单元格显示 #DIV/0!（全年预算数为空）→ 错误：执行率为错误值 #DIV/0!。",
    check: Check::Cells(check),
};

fn check(amounts: &[&Amount], cx: &mut Cx) {
    super::report(
        &SB_02,
        amounts,
        |r| matches!(r, Reading::Text | Reading::CellError(_)),
        cx,
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{amount, run_cells};
    use crate::rules::Severity;
    use crate::workbook::{Num, Reading};
    use rust_decimal::Decimal;

    #[test]
    fn numbers_and_blanks_pass() {
        let n = Reading::Number(Num::plain(Decimal::TEN, 0));
        let r = run_cells(
            &super::SB_02,
            &[amount("H27", n), amount("H28", Reading::Empty)],
        );
        r.assert_clean();
        r.assert_passed("SB-02");
    }

    #[test]
    fn an_error_value_is_an_error() {
        let r = run_cells(
            &super::SB_02,
            &[amount("H5", Reading::CellError("#DIV/0!".into()))],
        );
        r.assert_only("SB-02", Severity::Error, "H5");
    }

    #[test]
    fn text_is_an_error() {
        let r = run_cells(&super::SB_02, &[amount("G12", Reading::Text)]);
        r.assert_only("SB-02", Severity::Error, "G12");
    }
}
