//! Numbers in prose: each amount (`N万元`) and percentage (`N%`) with its
//! place, printed precision and the text before it, within one sentence
//! piece (split at 。；) — the unit a statement of the 情况说明 lives in.

use rust_decimal::Decimal;
use std::str::FromStr;

/// What a number in the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 万元.
    Wan,
    /// %.
    Percent,
}

/// One number as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub value: Decimal,
    /// Digits after the point, as printed ("34.13%" → 2).
    pub decimals: u32,
    pub unit: Unit,
    /// The number and its unit as printed ("909.88万元").
    pub raw: String,
    /// Byte range of `raw` in the piece.
    pub start: usize,
    pub end: usize,
}

/// The sentence pieces of a paragraph: split after 。；; and !?, each kept
/// with its terminator so a quote reads as the document does.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, ch) in text.char_indices() {
        if matches!(ch, '。' | '；' | ';' | '！' | '？') {
            let end = i + ch.len_utf8();
            if !text[start..end].trim().is_empty() {
                out.push(&text[start..end]);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

/// Every amount and percentage in `piece`, in order. Other numbers (years,
/// counts, 名, 辆) are not tokens.
pub fn tokens(piece: &str) -> Vec<Token> {
    let bytes = piece.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit() && (i == 0 || !continues(bytes[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'.' || bytes[j] == b',')
        {
            j += 1;
        }
        while j > i && matches!(bytes[j - 1], b'.' | b',') {
            j -= 1;
        }
        let digits = &piece[i..j];
        let rest = &piece[j..];
        let (unit, unit_len) = if rest.starts_with("万元") {
            (Some(Unit::Wan), "万元".len())
        } else if rest.starts_with('%') {
            (Some(Unit::Percent), 1)
        } else if rest.starts_with('％') {
            (Some(Unit::Percent), '％'.len_utf8())
        } else {
            (None, 0)
        };
        if let Some(unit) = unit {
            let plain = digits.replace(',', "");
            let decimals = plain.split_once('.').map_or(0, |(_, f)| f.len() as u32);
            // No amount or share is printed with more than 12 integer or 6
            // decimal digits; longer runs are not figures (and would leave
            // no headroom for exact arithmetic).
            let sane = plain.len() <= 20 && decimals <= MAX_DECIMALS;
            if let Some(value) = Decimal::from_str(&plain).ok().filter(|_| sane) {
                out.push(Token {
                    value,
                    decimals,
                    unit,
                    raw: piece[i..j + unit_len].to_string(),
                    start: i,
                    end: j + unit_len,
                });
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Most decimals a printed figure is taken with.
const MAX_DECIMALS: u32 = 6;

/// A byte that makes a digit part of the number before it.
fn continues(b: u8) -> bool {
    b.is_ascii_digit() || b == b'.' || b == b','
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_percentages_with_their_precision() {
        let t =
            tokens("文化旅游体育与传媒（类）支出909.88万元，占32%；2020年度1,732.98万元，34.5％");
        let got: Vec<(String, u32, Unit)> = t
            .iter()
            .map(|t| (t.value.to_string(), t.decimals, t.unit))
            .collect();
        assert_eq!(
            got,
            [
                ("909.88".into(), 2, Unit::Wan),
                ("32".into(), 0, Unit::Percent),
                ("1732.98".into(), 2, Unit::Wan),
                ("34.5".into(), 1, Unit::Percent),
            ]
        );
        assert_eq!(t[0].raw, "909.88万元");
    }

    #[test]
    fn absurd_digit_runs_are_not_figures() {
        assert!(tokens("99999999999999999999999999万元，0.12345678%").is_empty());
    }

    #[test]
    fn years_and_counts_are_not_tokens() {
        assert!(tokens("2020年度共有车辆1辆，核定编制16名。").is_empty());
    }

    #[test]
    fn pieces_split_at_full_stops_and_semicolons() {
        assert_eq!(
            pieces("收入2万元；支出1万元。其中：x"),
            ["收入2万元；", "支出1万元。", "其中：x"]
        );
    }
}
