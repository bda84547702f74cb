//! Reading numbers the way a finance clerk writes them.
//!
//! Text cells often hold numbers: "1,234.50", full-width "１２３", "46%",
//! "3万", "（12.00）" for a negative, or a dash for "nothing". Blank-like
//! entries are `Reading::Empty`, never zero, so a rule can tell "not filled"
//! from "filled with 0".

use rust_decimal::Decimal;
use std::str::FromStr;

/// A parsed number with the precision it was shown at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    /// The value; percentages are stored as fractions (46% → 0.46).
    pub value: Decimal,
    /// Digits after the decimal point as shown (for "46.5%" → 1).
    pub decimals: u32,
    /// Shown with a percent sign (or a percent number format).
    pub percent: bool,
}

impl Num {
    pub fn plain(value: Decimal, decimals: u32) -> Self {
        Num {
            value,
            decimals,
            percent: false,
        }
    }
}

/// What a cell holds when a number is expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Blank, "—", "-", "/", "不适用" …: nothing was filled in.
    Empty,
    Number(Num),
    /// Text that is not a number (kept in the raw text).
    Text,
    /// An Excel error value such as `#REF!`.
    CellError(String),
    /// A formula saved without its result.
    Uncomputed,
}

impl Reading {
    pub fn num(&self) -> Option<&Num> {
        match self {
            Reading::Number(n) => Some(n),
            _ => None,
        }
    }
}

/// Words and marks that mean "nothing here".
const EMPTY_MARKS: &[&str] = &[
    "",
    "-",
    "--",
    "—",
    "——",
    "–",
    "/",
    "\\",
    "不适用",
    "无",
    "空",
    "N/A",
    "n/a",
    "NA",
    "—/—",
];

/// Map full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space
/// to their ASCII forms.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3002}' => '.',
            _ => c,
        })
        .collect()
}

/// Parse a text cell as a number. Accepts thousands separators, full-width
/// digits and spaces, a trailing `%`, a trailing `万`/`亿` multiplier (with an
/// optional `元`), and bracketed negatives.
pub fn parse_text_number(text: &str) -> Reading {
    let half = to_half_width(text);
    let compact: String = half.chars().filter(|c| !c.is_whitespace()).collect();
    if EMPTY_MARKS.contains(&compact.as_str()) {
        return Reading::Empty;
    }
    match parse_compact(&compact).and_then(plausible) {
        Some(n) => Reading::Number(n),
        None => Reading::Text,
    }
}

/// Largest magnitude read as a number: 10^15 (千万亿) is far beyond any
/// budget in 元, and keeping every reading below it leaves Decimal (about
/// 7.9 × 10^28) room for the sums, ratios and scores the rules compute, so
/// a forged cell cannot overflow them into a panic.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Digits kept after the decimal point: tiny non-zero values would make
/// ratios explode.
pub const MAX_SCALE: u32 = 12;

/// A number within [`MAX_MAGNITUDE`], rounded to [`MAX_SCALE`] places; None
/// (read as text, so SB-02 reports it) beyond.
pub fn plausible(mut n: Num) -> Option<Num> {
    if n.value.abs() > MAX_MAGNITUDE {
        return None;
    }
    n.value = n.value.round_dp(MAX_SCALE);
    n.decimals = n.decimals.min(MAX_SCALE);
    Some(n)
}

fn parse_compact(s: &str) -> Option<Num> {
    let (negative_brackets, s) = match s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner),
        None => (false, s),
    };
    // A unit written after the number: 元 for money, 分 for a score
    // ("99.5分", "10 分" once spaces are gone).
    let s = s
        .strip_suffix('元')
        .or_else(|| s.strip_suffix('分'))
        .unwrap_or(s);
    let (percent, s) = match s.strip_suffix('%') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (multiplier, s) = if let Some(r) = s.strip_suffix('万') {
        (Decimal::from(10_000), r)
    } else if let Some(r) = s.strip_suffix('亿') {
        (Decimal::from(100_000_000), r)
    } else {
        (Decimal::ONE, s)
    };
    if percent && multiplier != Decimal::ONE {
        return None;
    }
    let (sign, digits) = match s.as_bytes().first() {
        Some(b'-') => (-1, &s[1..]),
        Some(b'+') => (1, &s[1..]),
        _ => (1, s),
    };
    if digits.is_empty() || !valid_grouping(digits) {
        return None;
    }
    let plain: String = digits.chars().filter(|&c| c != ',').collect();
    let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    let mut value = Decimal::from_str(&plain).ok()?;
    if sign < 0 || negative_brackets {
        value = -value;
    }
    if negative_brackets && sign < 0 {
        return None;
    }
    value = value.checked_mul(multiplier)?;
    if percent {
        value /= Decimal::ONE_HUNDRED;
    }
    Some(Num {
        value,
        decimals,
        percent,
    })
}

/// Digits with an optional single decimal point; commas only as thousands
/// separators in the integer part ("1,234" yes, "1,23" no).
fn valid_grouping(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    if int.is_empty() {
        return frac.is_some();
    }
    if !int.contains(',') {
        return int.bytes().all(|b| b.is_ascii_digit());
    }
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups[0];
    !first.is_empty()
        && first.len() <= 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Exact decimal for a float read from a cell: the shortest representation
/// that round-trips, so 2140.78 stays 2140.78.
pub fn decimal_from_f64(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    let shortest = format!("{v}");
    Decimal::from_str(&shortest)
        .ok()
        .or_else(|| Decimal::from_scientific(&format!("{v:e}")).ok())
        .map(|d| d.normalize())
}

/// Decimal places in the shortest representation of `v` (capped at 10).
pub fn shortest_decimals(v: Decimal) -> u32 {
    v.normalize().scale().min(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Num {
        match parse_text_number(s) {
            Reading::Number(n) => n,
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_and_grouped_numbers() {
        assert_eq!(num("135").value, d("135"));
        assert_eq!(num("1,234.50").value, d("1234.50"));
        assert_eq!(num("1,234.50").decimals, 2);
        assert_eq!(num("12,345,678").value, d("12345678"));
        assert_eq!(num(" 2635.204432 ").value, d("2635.204432"));
        assert_eq!(num("+7").value, d("7"));
        assert_eq!(num(".5").value, d("0.5"));
    }

    #[test]
    fn scores_with_their_unit() {
        assert_eq!(num("99.5分").value, d("99.5"));
        assert_eq!(num("99.5分").decimals, 1);
        assert_eq!(num("20分").value, d("20"));
        assert_eq!(num("10 分").value, d("10"));
        assert_eq!(parse_text_number("分"), Reading::Text);
        assert_eq!(parse_text_number("二十分"), Reading::Text);
    }

    #[test]
    fn malformed_grouping_is_text() {
        for s in [
            "1,23", "1,2345", ",123", "1..2", "12a", "1.2.3", "abc", "100%%",
        ] {
            assert_eq!(parse_text_number(s), Reading::Text, "{s}");
        }
    }

    #[test]
    fn full_width_digits_and_spaces() {
        assert_eq!(num("１２３．４５").value, d("123.45"));
        assert_eq!(num("１，２３４").value, d("1234"));
        assert_eq!(num("\u{3000}88\u{3000}").value, d("88"));
        assert_eq!(num("９２％").value, d("0.92"));
    }

    #[test]
    fn percentages_are_fractions_with_printed_digits() {
        let n = num("46%");
        assert_eq!(n.value, d("0.46"));
        assert!(n.percent);
        assert_eq!(n.decimals, 0);
        let n = num("91.83%");
        assert_eq!(n.value, d("0.9183"));
        assert_eq!(n.decimals, 2);
    }

    #[test]
    fn implausible_magnitudes_are_text() {
        assert_eq!(MAX_MAGNITUDE, d("1000000000000000"));
        assert!(matches!(
            parse_text_number("1000000000000000"),
            Reading::Number(_)
        ));
        assert_eq!(parse_text_number("1000000000000001"), Reading::Text);
        assert_eq!(
            parse_text_number("79228162514264337593543950335"),
            Reading::Text
        );
        assert_eq!(num("0.00000000000000000001").value, Decimal::ZERO);
    }

    #[test]
    fn wan_and_yi_multipliers() {
        assert_eq!(num("3万").value, d("30000"));
        assert_eq!(num("1.2亿").value, d("120000000"));
        assert_eq!(num("2.5万元").value, d("25000"));
        assert_eq!(num("300元").value, d("300"));
        assert_eq!(parse_text_number("5万%"), Reading::Text);
    }

    #[test]
    fn bracketed_and_signed_negatives() {
        assert_eq!(num("(12.00)").value, d("-12.00"));
        assert_eq!(num("（12.00）").value, d("-12.00"));
        assert_eq!(num("-3.5").value, d("-3.5"));
        assert_eq!(parse_text_number("(-3)"), Reading::Text);
    }

    #[test]
    fn blanks_and_dashes_are_empty_not_zero() {
        for s in [
            "",
            "  ",
            "\u{3000}",
            "—",
            "-",
            "－",
            "——",
            "/",
            "不适用",
            "无",
        ] {
            assert_eq!(parse_text_number(s), Reading::Empty, "{s:?}");
        }
        assert_eq!(num("0").value, Decimal::ZERO);
    }

    #[test]
    fn floats_keep_their_short_form() {
        assert_eq!(decimal_from_f64(2140.78), Some(d("2140.78")));
        assert_eq!(
            decimal_from_f64(0.1 + 0.2).map(|v| v.to_string()),
            Some("0.30000000000000004".into())
        );
        assert_eq!(decimal_from_f64(1e-7), Some(d("0.0000001")));
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(shortest_decimals(d("46.50")), 1);
    }
}
