//! How a cell is shown: the small part of Excel number formatting that
//! decides what a reader sees and at what precision a printed value must be
//! compared (percent or not, digits after the point, thousands separators).

use super::number::{decimal_from_f64, shortest_decimals, Num, Reading, MAX_MAGNITUDE, MAX_SCALE};
use super::{Cell, Value};
use rust_decimal::Decimal;

/// The displayed shape of a number, read from its format code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct NumFmt {
    pub percent: bool,
    /// Fixed digits after the point; `None` for General.
    pub decimals: Option<u8>,
    pub thousands: bool,
}

impl NumFmt {
    /// Parse the first section of an Excel format code ("#,##0.00", "0%").
    pub fn from_code(code: &str) -> NumFmt {
        let section = code.split(';').next().unwrap_or("");
        let mut out = NumFmt::default();
        if section.eq_ignore_ascii_case("general") || section.is_empty() || section == "@" {
            return out;
        }
        let mut in_quotes = false;
        let mut after_point: Option<u8> = None;
        let mut saw_digit = false;
        let mut chars = section.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => in_quotes = !in_quotes,
                _ if in_quotes => {}
                '\\' => {
                    chars.next();
                }
                '[' => {
                    for n in chars.by_ref() {
                        if n == ']' {
                            break;
                        }
                    }
                }
                '%' => out.percent = true,
                ',' if after_point.is_none() => out.thousands = true,
                '.' if after_point.is_none() => after_point = Some(0),
                '0' | '#' | '?' => {
                    saw_digit = true;
                    if let Some(n) = after_point.as_mut() {
                        *n += 1;
                    }
                }
                _ => {}
            }
        }
        if saw_digit {
            out.decimals = Some(after_point.unwrap_or(0));
        }
        out
    }
}

/// The text a reader sees in the cell.
pub fn cell_text(cell: &Cell) -> String {
    match &cell.value {
        Value::Empty => String::new(),
        Value::Text(s) => s.clone(),
        Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Value::Error(e) => e.clone(),
        Value::Date(serial) => format!("{serial}"),
        Value::Number(v) => format_number(*v, cell.fmt),
    }
}

/// Format a float the way its number format shows it.
pub fn format_number(v: f64, fmt: NumFmt) -> String {
    let Some(d) = decimal_from_f64(v) else {
        return format!("{v}");
    };
    let shown = if fmt.percent {
        d * Decimal::ONE_HUNDRED
    } else {
        d
    };
    let text = match fmt.decimals {
        Some(n) => {
            let r = shown.round_dp_with_strategy(
                u32::from(n),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            let mut s = format!("{r:.prec$}", prec = usize::from(n));
            if fmt.thousands {
                s = group_thousands(&s);
            }
            s
        }
        None => general(shown),
    };
    if fmt.percent {
        format!("{text}%")
    } else {
        text
    }
}

/// Excel's General shows at most about ten significant digits.
fn general(d: Decimal) -> String {
    let d = d.normalize();
    if d.scale() > 9 {
        d.round_dp(9).normalize().to_string()
    } else {
        d.to_string()
    }
}

fn group_thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Read a cell as a number, keeping the precision it is shown at.
pub fn cell_reading(cell: Option<&Cell>) -> Reading {
    let Some(cell) = cell else {
        return Reading::Empty;
    };
    match &cell.value {
        Value::Empty if cell.formula.is_some() => Reading::Uncomputed,
        Value::Empty => Reading::Empty,
        Value::Number(v) => match decimal_from_f64(*v).filter(|d| d.abs() <= MAX_MAGNITUDE) {
            Some(value) => {
                let value = value.round_dp(MAX_SCALE);
                let decimals = match cell.fmt.decimals {
                    Some(n) => u32::from(n),
                    None if cell.fmt.percent => shortest_decimals(value * Decimal::ONE_HUNDRED),
                    None => shortest_decimals(value),
                }
                .min(MAX_SCALE);
                Reading::Number(Num {
                    value,
                    decimals,
                    percent: cell.fmt.percent,
                })
            }
            None => Reading::Text,
        },
        Value::Text(s) => super::number::parse_text_number(s),
        Value::Error(e) => Reading::CellError(e.clone()),
        Value::Bool(_) | Value::Date(_) => Reading::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_codes() {
        assert_eq!(
            NumFmt::from_code("#,##0.00"),
            NumFmt {
                percent: false,
                decimals: Some(2),
                thousands: true
            }
        );
        assert_eq!(
            NumFmt::from_code("0%"),
            NumFmt {
                percent: true,
                decimals: Some(0),
                thousands: false
            }
        );
        assert_eq!(NumFmt::from_code("0.0%").decimals, Some(1));
        assert_eq!(NumFmt::from_code("General"), NumFmt::default());
        assert_eq!(
            NumFmt::from_code("\"¥\"#,##0.00_);[Red](\"¥\"#,##0.00)").decimals,
            Some(2)
        );
    }

    #[test]
    fn numbers_are_shown_as_formatted() {
        let pct = NumFmt {
            percent: true,
            decimals: Some(0),
            thousands: false,
        };
        assert_eq!(format_number(0.4556, pct), "46%");
        let money = NumFmt::from_code("#,##0.00");
        assert_eq!(format_number(3210.985, money), "3,210.99");
        assert_eq!(format_number(-1234567.5, money), "-1,234,567.50");
        assert_eq!(format_number(2635.204432, NumFmt::default()), "2635.204432");
        assert_eq!(format_number(1.0 / 3.0, NumFmt::default()), "0.333333333");
    }
}
