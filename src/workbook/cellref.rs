//! A1-style cell references and rectangles.

use std::fmt;
use std::sync::Arc;

/// Column letters for a 0-based column index (0 → A, 26 → AA).
pub fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// "B7" for (6, 1).
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// Parse "B7" (optionally with `$`) into a 0-based (row, col).
pub fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 {
        return None;
    }
    Some((row - 1, col - 1))
}

/// Where a value came from: sheet and 0-based position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellRef {
    pub sheet: Arc<str>,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &Arc<str>, row: u32, col: u32) -> Self {
        CellRef {
            sheet: Arc::clone(sheet),
            row,
            col,
        }
    }

    /// "B7", without the sheet.
    pub fn a1(&self) -> String {
        a1(self.row, self.col)
    }

    /// "'Sheet'!B7" when the cell is on another sheet than `from`, else "B7".
    pub fn a1_from(&self, from: &str) -> String {
        if &*self.sheet == from {
            self.a1()
        } else {
            format!("'{}'!{}", self.sheet.replace('\'', "''"), self.a1())
        }
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}'!{}", self.sheet, self.a1())
    }
}

/// An inclusive rectangle of cells (0-based), e.g. a merged region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rect {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

impl Rect {
    pub fn contains(&self, row: u32, col: u32) -> bool {
        row >= self.top && row <= self.bottom && col >= self.left && col <= self.right
    }

    /// "A1:I40".
    pub fn a1(&self) -> String {
        format!(
            "{}:{}",
            a1(self.top, self.left),
            a1(self.bottom, self.right)
        )
    }

    pub fn cell_count(&self) -> u64 {
        u64::from(self.bottom - self.top + 1) * u64::from(self.right - self.left + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_round_trip() {
        for (col, name) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (16383, "XFD")] {
            assert_eq!(col_name(col), name);
            assert_eq!(parse_a1(&format!("{name}1")), Some((0, col)));
        }
    }

    #[test]
    fn parse_rejects_garbage() {
        assert_eq!(parse_a1("B0"), None);
        assert_eq!(parse_a1("12"), None);
        assert_eq!(parse_a1("b2"), None);
        assert_eq!(parse_a1("$C$4"), Some((3, 2)));
    }

    #[test]
    fn other_sheet_references_are_quoted() {
        let s: Arc<str> = Arc::from("Z01 总表");
        let r = CellRef::new(&s, 6, 1);
        assert_eq!(r.a1_from("Z01 总表"), "B7");
        assert_eq!(r.a1_from("other"), "'Z01 总表'!B7");
    }
}
