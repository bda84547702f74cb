//! Numbers as rules write them: one formatter for the contract fields
//! (`expected` / `actual`, design.md §6: plain decimal notation) and the
//! few ways a message shows a figure to a 财务 clerk.

use rust_decimal::{Decimal, RoundingStrategy};

/// Round half away from zero, as Excel displays.
pub fn round_half_up(v: Decimal, decimals: u32) -> Decimal {
    v.round_dp_with_strategy(decimals.min(12), RoundingStrategy::MidpointAwayFromZero)
}

/// The contract form of a number (`expected`, `actual`, scores in the
/// JSON): plain decimal notation with at least `places` digits after the
/// point — the precision the form prints the figures at ("3210.90" for
/// amounts to the cent, "97" for whole scores) — and every digit an exact
/// value has beyond it (a recomputed 4.5556 is not rounded away; round it
/// first where the rule compares at the printed precision).
pub fn contract(v: Decimal, places: u32) -> String {
    let places = places.max(v.normalize().scale()).min(12);
    format!("{:.*}", places as usize, v.round_dp(places))
}

/// Plain decimal text without trailing zeros ("97", "4.56"), for scores
/// and points in messages.
pub fn plain(v: Decimal) -> String {
    v.normalize().to_string()
}

/// An amount as a clerk reads it in a message: thousands separators and at
/// least two decimals ("3,210.99").
pub fn money(v: Decimal) -> String {
    let scale = v.normalize().scale().max(2) as usize;
    let text = format!("{:.*}", scale, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

/// A fraction as a percent with the given digits ("91.83%").
pub fn percent(fraction: Decimal, decimals: u32) -> String {
    let v = round_half_up(fraction * Decimal::ONE_HUNDRED, decimals);
    format!("{v:.prec$}%", prec = decimals as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn contract_numbers_keep_the_printed_precision() {
        assert_eq!(contract(d("3210.98"), 2), "3210.98");
        assert_eq!(contract(d("90"), 2), "90.00");
        assert_eq!(contract(d("97.00"), 0), "97");
        assert_eq!(contract(d("4.5556"), 1), "4.5556");
        assert_eq!(contract(round_half_up(d("4.5556"), 1), 1), "4.6");
        assert_eq!(contract(d("-0.5"), 2), "-0.50");
    }

    #[test]
    fn message_forms() {
        assert_eq!(money(d("3210.99")), "3,210.99");
        assert_eq!(money(d("-1234567.5")), "-1,234,567.50");
        assert_eq!(money(Decimal::ZERO), "0.00");
        assert_eq!(plain(d("97.00")), "97");
        assert_eq!(percent(d("0.91829"), 2), "91.83%");
        assert_eq!(round_half_up(d("4.55"), 1), d("4.6"));
    }
}
