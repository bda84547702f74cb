//! Rounding policy (design.md §3): a printed total may differ from the sum of
//! its printed addends by half a unit of the last digit per value. Gaps that
//! small are 尾数差异 (info); anything larger takes the rule's own severity.

use super::format::round_half_up;
use crate::workbook::Num;
use rust_decimal::Decimal;

/// How a printed value compares with the value recomputed from others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    Equal,
    /// Within the rounding band.
    Rounding(Decimal),
    Beyond(Decimal),
}

/// Money tolerance: whether rounding gaps are allowed at all (tables in 元
/// are exact) and the largest band accepted however long the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    pub allow_rounding: bool,
    pub cap: Decimal,
}

impl Tolerance {
    /// Printed figures may differ by rounding, up to `cap` however long the
    /// sum (the scheme's `rounding_cap`). There is deliberately no default:
    /// every tolerance comes from the scheme in force, so a scheme that
    /// allows no rounding gap is honoured everywhere.
    pub fn rounding(cap: Decimal) -> Self {
        Tolerance {
            allow_rounding: true,
            cap,
        }
    }

    /// Exact comparison (amounts in 元).
    pub fn exact() -> Self {
        Tolerance {
            allow_rounding: false,
            cap: Decimal::ZERO,
        }
    }

    /// Band for an identity over `addends` printed values shown with
    /// `decimals` digits: `0.5 × 10^-max(decimals,2) × (addends + 1)`.
    pub fn band(&self, addends: usize, decimals: u32) -> Decimal {
        if !self.allow_rounding {
            return Decimal::ZERO;
        }
        let unit = Decimal::new(5, decimals.max(2) + 1);
        (unit * Decimal::from(addends as u64 + 1)).min(self.cap)
    }

    /// Compare a printed value with a recomputed one.
    pub fn compare(
        &self,
        printed: Decimal,
        computed: Decimal,
        addends: usize,
        decimals: u32,
    ) -> Gap {
        let gap = printed - computed;
        if gap.is_zero() {
            Gap::Equal
        } else if gap.abs() <= self.band(addends, decimals) {
            Gap::Rounding(gap)
        } else {
            Gap::Beyond(gap)
        }
    }
}

/// A computed ratio compared with a printed value at the printed precision.
/// `LastDigit` means the printed value is within one unit of its last digit
/// of the exact value (a rounding slip), not merely one unit off after
/// rounding both: a printed 10 against an exact 9 is `Different`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintedMatch {
    Equal,
    /// Off by one unit in the last printed digit.
    LastDigit,
    Different,
}

/// Round `computed` (a fraction for percents) the way `printed` is shown and
/// compare (design.md §3: percentages compared at the printed precision).
pub fn compare_printed(printed: &Num, computed: Decimal) -> PrintedMatch {
    let scale = if printed.percent {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    };
    let shown = (printed.value * scale).round_dp(printed.decimals.min(12));
    let want = round_half_up(computed * scale, printed.decimals);
    let step = Decimal::new(1, printed.decimals.min(12));
    if shown == want {
        PrintedMatch::Equal
    } else if (shown - computed * scale).abs() < step {
        PrintedMatch::LastDigit
    } else {
        PrintedMatch::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn band_grows_with_addends_and_is_capped() {
        let t = Tolerance::rounding(d("0.05"));
        assert_eq!(t.band(2, 2), d("0.015"));
        assert_eq!(t.band(3, 2), d("0.02"));
        assert_eq!(t.band(30, 2), d("0.05"));
        assert_eq!(
            t.band(3, 0),
            d("0.02"),
            "integers use the cent band, not 0.5"
        );
        assert_eq!(Tolerance::exact().band(3, 2), Decimal::ZERO);
    }

    #[test]
    fn seed_rounding_gaps_are_rounding() {
        let t = Tolerance::rounding(d("0.05"));
        // 公开01 总计 3,210.99 vs 2,217.42 + 0.00 + 993.56
        assert_eq!(
            t.compare(d("3210.99"), d("3210.98"), 3, 2),
            Gap::Rounding(d("0.01"))
        );
        assert_eq!(
            t.compare(d("3210.99"), d("3210.90"), 3, 2),
            Gap::Beyond(d("0.09"))
        );
        assert_eq!(t.compare(d("5"), d("5.00"), 3, 2), Gap::Equal);
        assert_eq!(
            Tolerance::exact().compare(d("1.01"), d("1.00"), 2, 2),
            Gap::Beyond(d("0.01"))
        );
    }

    #[test]
    fn printed_precision() {
        let pct = |v: &str, dec| Num {
            value: d(v),
            decimals: dec,
            percent: true,
        };
        assert_eq!(
            compare_printed(&pct("0.46", 0), d("82") / d("180")),
            PrintedMatch::Equal
        );
        assert_eq!(
            compare_printed(&pct("0.92", 0), d("2686") / d("2925")),
            PrintedMatch::Equal
        );
        assert_eq!(
            compare_printed(&pct("0.45", 0), d("82") / d("180")),
            PrintedMatch::LastDigit
        );
        assert_eq!(
            compare_printed(&pct("0.50", 0), d("82") / d("180")),
            PrintedMatch::Different
        );
        let score = Num {
            value: d("4.6"),
            decimals: 1,
            percent: false,
        };
        assert_eq!(compare_printed(&score, d("4.5556")), PrintedMatch::Equal);
        let whole = Num {
            value: d("10"),
            decimals: 0,
            percent: false,
        };
        assert_eq!(compare_printed(&whole, d("9")), PrintedMatch::Different);
        assert_eq!(compare_printed(&whole, d("9.4")), PrintedMatch::LastDigit);
    }
}
