//! ZP-07: the 预算执行率 score follows the scheme's formula.

use super::{printed_rate, Facts};
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, percent, plain, round_half_up};
use crate::rules::tolerance::{compare_printed, PrintedMatch};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use crate::scheme::{bands_text, FundScore};
use rust_decimal::Decimal;

pub const ZP_07: Rule = Rule {
    code: "ZP-07",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "预算执行率得分计算不符",
    what: "预算执行率得分 = 分值 × min(执行率, 100%)，按填报得分显示的位数比较。",
    why: "实践中普遍按比例计分（湖北“分×执行率”、重庆 76% 得 7.6 分），全国文件未给出公式，故为警告。",
    example: "分值 10、执行率 45.56% → 应得 4.6 分（显示 1 位小数），填 10 分 → 警告。",
    check: Check::SelfEvaluation(check),
};

fn check(_: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let subject = format!("预算执行率得分 = {}", cx.scheme().fund_score_text());
    let Some(fund) = &facts.fund else {
        cx.cannot_check(&ZP_07, subject, None, "未找到项目资金表的年度资金总额行");
        return;
    };
    let (Some(points), Some(rate), Some(want)) = (fund.points, fund.rate, fund.score_computed)
    else {
        cx.cannot_check(&ZP_07, subject, None, "分值或执行率无法确定");
        return;
    };
    let Some(cell) = &fund.score_cell else {
        cx.cannot_check(&ZP_07, subject, None, "表中没有得分列");
        return;
    };
    let Some(printed) = cell.num() else {
        cx.cannot_check(&ZP_07, subject, Some(&cell.at), "得分未填写或不是数字");
        return;
    };
    // The printed 执行率 (e.g. 46%) may be what the clerk multiplied by.
    let via_printed = fund
        .rate_cell
        .as_ref()
        .and_then(|r| r.num())
        .map(|n| cx.scheme().fund_score_for(points, printed_rate(n).value));
    let decimals = printed.decimals.max(1);
    let (short, long) = how(cx, points, rate);
    let rounded = contract(round_half_up(want, decimals), decimals);
    let matches = |v: Decimal| compare_printed(printed, v);
    let flag = |message: String| {
        Flag::new(&ZP_07, &cell.at, message)
            .related(fund.rate_cell.as_ref().map(|r| &r.at))
            .expected(rounded.clone())
            .actual(cell.raw.clone())
    };
    match (matches(want), via_printed.map(matches)) {
        (PrintedMatch::Equal, _) | (_, Some(PrintedMatch::Equal)) => {
            cx.pass(&ZP_07, subject, Some(&cell.at))
        }
        (PrintedMatch::LastDigit, _) => cx.flag(
            subject,
            flag(format!(
                "预算执行率得分 {} 与 {short} = {rounded} 末位相差，属舍入差异",
                cell.raw
            ))
            .adjust(Adjust::Rounding),
        ),
        _ => cx.flag(
            subject,
            flag(format!(
                "预算执行率得分不符：填报 {}，{long} = {rounded}",
                cell.raw
            )),
        ),
    }
}

/// How the score is computed, short and long.
fn how(cx: &Cx, points: Decimal, rate: Decimal) -> (String, String) {
    let capped = percent(rate.min(Decimal::ONE), 2);
    match &cx.scheme().fund_score {
        FundScore::Proportional => (
            format!("{} × {capped}", plain(points)),
            format!("分值 {} × 执行率 {capped}", plain(points)),
        ),
        FundScore::Bands { bands } => {
            let how = format!(
                "分值 {} × 执行率 {} 所在档位的系数（{}）",
                plain(points),
                percent(rate, 2),
                bands_text(bands)
            );
            (how.clone(), how)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn proportional_score_passes() {
        run_self_eval(&super::ZP_07, &national()).assert_passed("ZP-07");
    }

    #[test]
    fn a_score_off_the_formula_is_a_warning() {
        let r = run_self_eval(&super::ZP_07, &national().set("H5", "10"));
        let f = r.assert_only("ZP-07", Severity::Warning, "H5");
        assert_eq!(f.expected.as_deref(), Some("9.0"));
    }

    #[test]
    fn a_last_digit_slip_is_info() {
        // 10 × 90.6% = 9.06 → printed 9.1 matches; 9.0 is one unit off.
        let book = national().set("E5", "90.6").set("G5", "91%").set("H5", "9.0");
        let r = run_self_eval(&super::ZP_07, &book);
        r.assert_only("ZP-07", Severity::Info, "H5");
    }
}
