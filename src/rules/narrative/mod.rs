//! Prose ↔ table rules (文字与表格): the 情况说明 of a Word document that
//! publishes 决算 tables, sentence by sentence. A stated amount is compared
//! with the one table figure its words name; shares, completion rates and
//! year-on-year changes are recomputed from the figures the sentence
//! itself states and compared at the printed precision. Fail closed: a
//! number that cannot be bound to one subject is recorded as 无法校验,
//! never reported as an error.

use crate::forms::narrative::text::Token;
use crate::rules::format::{money, round_half_up};
use rust_decimal::Decimal;

crate::rules::rule::rules! {
    jssm01_amounts::JS_SM_01,
    jssm02_terms::JS_SM_02,
    jssm03_shares::JS_SM_03,
    jssm04_completion::JS_SM_04,
    jssm05_changes::JS_SM_05,
}

/// Whether a printed percentage fits `part ÷ whole` once the printed
/// figures' own rounding is allowed for (each amount is ± half a unit of
/// its last printed digit); returns the ratio in percent, or None when the
/// whole is not positive or the figures are beyond exact arithmetic.
pub(crate) fn printed_ratio(part: &Token, whole: &Token, printed: &Token) -> Option<Ratio> {
    let half = |t: &Token| Decimal::new(5, t.decimals.min(27) + 1);
    let pct = |a: Decimal, b: Decimal| a.checked_div(b)?.checked_mul(Decimal::ONE_HUNDRED);
    if whole.value <= Decimal::ZERO {
        return None;
    }
    let exact = pct(part.value, whole.value)?;
    let lo = pct(
        (part.value - half(part)).max(Decimal::ZERO),
        whole.value.checked_add(half(whole))?,
    )?;
    let hi_whole = whole.value - half(whole);
    let hi = if hi_whole > Decimal::ZERO {
        pct(part.value.checked_add(half(part))?, hi_whole)?
    } else {
        exact
    };
    let d = printed.decimals;
    let fits = round_half_up(lo, d) <= printed.value && printed.value <= round_half_up(hi, d);
    Some(Ratio {
        exact,
        rounded: round_half_up(exact, d),
        fits,
    })
}

/// A recomputed percentage.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ratio {
    /// In percent, unrounded.
    pub exact: Decimal,
    /// At the printed precision.
    pub rounded: Decimal,
    pub fits: bool,
}

/// "34.13%" (two decimals, for the recomputation in a message).
pub(crate) fn pct2(v: Decimal) -> String {
    format!("{:.2}%", round_half_up(v, 2))
}

/// An amount of a sentence as a clerk reads it ("2,666.26").
pub(crate) fn wan(t: &Token) -> String {
    money(t.value)
}

/// The printed percentage in the contract's plain form ("34").
pub(crate) fn pct_plain(v: Decimal, decimals: u32) -> String {
    format!("{:.*}", decimals as usize, v)
}

/// The quote of a finding: the sentence piece without its terminator.
pub(crate) fn quote(piece: &str) -> String {
    piece
        .trim()
        .trim_end_matches(['。', '；', ';'])
        .trim()
        .to_string()
}

/// The quote of a statement inside a longer sentence: from the start of
/// the clause holding byte `from` (after the previous comma or colon) to
/// byte `to` — "授予小微企业合同金额46.52万元，占政府采购支出总额的14%".
pub(crate) fn clause_quote(piece: &str, from: usize, to: usize) -> String {
    let start = piece[..from].rfind(['，', ',', '：', ':']).map_or(0, |i| {
        i + piece[i..].chars().next().map_or(1, char::len_utf8)
    });
    quote(&piece[start..to.min(piece.len())])
}

/// "表1!C34": a table cell as a message names it.
pub(crate) fn place(at: &crate::workbook::CellRef) -> String {
    format!("{}!{}", at.sheet, at.a1())
}

/// Whether a stated amount is the table figure as printed: equal within
/// half a unit of the amount's last printed digit.
pub(crate) fn same_amount(stated: &Token, figure: Decimal) -> bool {
    (stated.value - figure).abs() <= Decimal::new(5, stated.decimals + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::narrative::text::tokens;

    /// Odd prose (empty pieces, lone units, zero and huge figures, mixed
    /// punctuation) never panics, and whatever it yields is addressed at
    /// its paragraph with a quote.
    #[test]
    fn odd_prose_is_read_without_panics() {
        let odd = [
            "",
            "。；；。",
            "占%，占的%，完成预算的%，增加万元，增长%",
            "本年支出合计0万元，其中：基本支出0万元，占0%；项目支出0万元，占100%。",
            "预算为0万元，支出决算为5万元，完成预算的0%。",
            "收入总计1万元，与上年相比，减少9999999999.99万元，降低100%。",
            "占1,2,3%万元万元%％，，：：1.万元.5万元",
        ];
        for rule in super::RULES {
            let r = crate::rules::testkit::run_narrative(rule, &odd);
            for f in &r.findings {
                assert_eq!(f.sheet, "正文");
                assert!(f.cell.starts_with('第') && f.quote.is_some(), "{f:?}");
            }
            assert!(
                !r.checks.is_empty() || rule.code == "JS-SM-02",
                "{} ran",
                rule.code
            );
        }
    }

    #[test]
    fn ratios_allow_the_printed_figures_rounding() {
        let t = tokens("909.88万元 2666.26万元 32% 34%");
        assert!(!printed_ratio(&t[0], &t[1], &t[2]).unwrap().fits);
        let r = printed_ratio(&t[0], &t[1], &t[3]).unwrap();
        assert!(r.fits);
        assert_eq!(pct2(r.exact), "34.13%");
        let z = tokens("1万元 0万元 5%");
        assert!(printed_ratio(&z[0], &z[1], &z[2]).is_none());
    }
}
