//! A number read from a form, with where it came from.

use crate::workbook::display::cell_reading;
use crate::workbook::{Cell, CellRef, Num, Reading, Sheet, Value};
use rust_decimal::Decimal;

/// A value read from one cell: its reading, the cell and the raw text shown
/// there. Every number a rule uses is an `Amount`, so every finding can name
/// its cells and quote what the user typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub at: CellRef,
    pub raw: String,
    pub reading: Reading,
}

impl Amount {
    /// Read the cell at (row, col) of `sheet`, following merges.
    pub fn read(sheet: &Sheet, row: u32, col: u32) -> Amount {
        let (r, c) = sheet.anchor(row, col);
        Amount {
            at: CellRef::new(&sheet.name, r, c),
            raw: sheet.text(r, c),
            reading: cell_reading(sheet.cell(r, c)),
        }
    }

    /// Read a 分值 or 得分 cell: as [`Amount::read`], except that a number
    /// formatted as a date (numFmt 14, 20, 22, 45–47 …, which some exports
    /// leave on score columns) is still the number it holds.
    pub fn read_score(sheet: &Sheet, row: u32, col: u32) -> Amount {
        let mut amount = Amount::read(sheet, row, col);
        let (r, c) = sheet.anchor(row, col);
        if let Some(
            cell @ Cell {
                value: Value::Date(serial),
                ..
            },
        ) = sheet.cell(r, c)
        {
            let as_number = Cell {
                value: Value::Number(*serial),
                fmt: Default::default(),
                ..cell.clone()
            };
            amount.reading = cell_reading(Some(&as_number));
        }
        amount
    }

    pub fn num(&self) -> Option<&Num> {
        self.reading.num()
    }

    pub fn value(&self) -> Option<Decimal> {
        self.num().map(|n| n.value)
    }

    /// The value, with blank counted as zero (for sums of a breakdown).
    pub fn value_or_zero(&self) -> Option<Decimal> {
        match self.reading {
            Reading::Empty => Some(Decimal::ZERO),
            Reading::Number(n) => Some(n.value),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.reading == Reading::Empty
    }

    /// Decimal places shown (0 when not a number).
    pub fn decimals(&self) -> u32 {
        self.num().map_or(0, |n| n.decimals)
    }

    /// Why this cell cannot be used as a number, in plain Chinese, or None
    /// when it can (a number or a blank).
    pub fn unusable_reason(&self) -> Option<String> {
        match &self.reading {
            Reading::Number(_) | Reading::Empty => None,
            Reading::Text => Some(format!("{} 填写的“{}”不是数字", self.at.a1(), self.raw)),
            Reading::CellError(e) => Some(format!("{} 为错误值 {e}", self.at.a1())),
            Reading::Uncomputed => Some(format!(
                "{} 的公式未计算（文件未保存计算结果，请在 Excel 中打开并保存后再检查）",
                self.at.a1()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_formatted_score_is_its_number() {
        let mut sheet = Sheet::new("表");
        let cell = |value| Cell {
            value,
            formula: None,
            style: 0,
            fmt: Default::default(),
        };
        sheet.cells.insert((0, 0), cell(Value::Date(20.0)));
        sheet.cells.insert((0, 1), cell(Value::Date(9.5)));
        assert_eq!(
            Amount::read_score(&sheet, 0, 0).value(),
            Some(Decimal::from(20))
        );
        assert_eq!(
            Amount::read_score(&sheet, 0, 1).value(),
            Some(Decimal::new(95, 1))
        );
        // Elsewhere a date stays what it is shown as.
        assert_eq!(Amount::read(&sheet, 0, 0).reading, Reading::Text);
    }
}
