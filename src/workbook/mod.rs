//! The in-memory workbook: sparse sheets of cells with their raw text,
//! formulas, styles, merges and layout, read once and shared by every later
//! stage (detection, extraction, rules, the annotated copy).

pub mod cellref;
pub mod contain;
pub mod display;
pub mod error;
pub mod guard;
pub mod layout;
pub mod number;
pub mod open;

use std::collections::BTreeMap;
use std::sync::Arc;

pub use cellref::{col_name, CellRef, Rect};
pub use error::OpenError;
pub use number::{parse_text_number, Num, Reading};
pub use open::{open_workbook, read_workbook, Limits};

/// Container format detected from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    /// A Word document's tables, read as sheets named 表N.
    Docx,
}

/// A cell's stored value, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(f64),
    Text(String),
    Bool(bool),
    /// An Excel error such as `#REF!` or `#DIV/0!`.
    Error(String),
    /// A date serial number (kept as the raw serial).
    Date(f64),
}

/// One cell: value, optional formula and the index of its style in
/// [`Workbook::styles`] (0 = default).
#[derive(Debug, Clone)]
pub struct Cell {
    pub value: Value,
    pub formula: Option<String>,
    pub style: u32,
    /// How the number is displayed (percent, decimals), from its format code.
    pub fmt: display::NumFmt,
}

impl Cell {
    /// A formula whose result the file does not carry (saved by a writer that
    /// never calculated it).
    pub fn is_uncomputed_formula(&self) -> bool {
        self.formula.is_some() && matches!(self.value, Value::Empty)
    }
}

/// Column widths and row heights, which calamine does not expose.
#[derive(Debug, Clone, Default)]
pub struct SheetLayout {
    /// Column index → width in Excel character units.
    pub col_widths: BTreeMap<u32, f64>,
    /// Row index → height in points.
    pub row_heights: BTreeMap<u32, f64>,
    pub hidden_cols: Vec<u32>,
    pub hidden_rows: Vec<u32>,
    pub default_row_height: Option<f64>,
    /// Print setup, so the checked copy prints like the original.
    pub page: PageSetup,
}

/// The print settings of a sheet (`<pageSetup>`, `<pageMargins>`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageSetup {
    pub landscape: bool,
    pub paper_size: Option<u8>,
    /// Fit to pages wide × tall (0 = as many as needed), when set.
    pub fit_to_pages: Option<(u16, u16)>,
    pub scale: Option<u16>,
    /// left, right, top, bottom, header, footer in inches.
    pub margins: Option<[f64; 6]>,
    pub center_horizontally: bool,
    pub center_vertically: bool,
}

/// One worksheet, stored sparsely so a stray far cell costs nothing.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: Arc<str>,
    pub hidden: bool,
    /// Cells keyed by (row, col), 0-based; iteration is row-major.
    pub cells: BTreeMap<(u32, u32), Cell>,
    /// Merged regions, never overlapping. Set while the sheet is read and
    /// not changed afterwards: [`Sheet::merge_at`] indexes them on first use.
    pub merges: Vec<Rect>,
    pub layout: SheetLayout,
    /// Lines shown just above the grid but not part of it: the paragraphs
    /// before a Word table, where a 决算 table's title, 公开NN表 label and
    /// 部门/金额单位 line live. Detection reads them like title rows; no
    /// finding points into them (they have no cell). Empty for worksheets.
    pub above: Vec<String>,
    merge_index: std::sync::OnceLock<MergeIndex>,
}

/// Which merges cover each row, so that finding the merge at a cell costs
/// the few merges of its row instead of a scan of all of them (a 决算 table
/// of 20,000 rows has as many merges, and detection asks for thousands of
/// cells).
#[derive(Debug, Clone, Default)]
struct MergeIndex {
    /// `merges.len()` when built: a sheet whose merges changed afterwards
    /// (only while building it in tests) is rebuilt rather than misread.
    len: usize,
    by_row: std::collections::HashMap<u32, Vec<u32>>,
}

impl MergeIndex {
    fn build(merges: &[Rect]) -> MergeIndex {
        let mut by_row: std::collections::HashMap<u32, Vec<u32>> = std::collections::HashMap::new();
        for (i, m) in merges.iter().enumerate() {
            for row in m.top..=m.bottom {
                by_row.entry(row).or_default().push(i as u32);
            }
        }
        MergeIndex {
            len: merges.len(),
            by_row,
        }
    }
}

impl Sheet {
    pub fn new(name: &str) -> Self {
        Sheet {
            name: Arc::from(name),
            hidden: false,
            cells: BTreeMap::new(),
            merges: Vec::new(),
            layout: SheetLayout::default(),
            above: Vec::new(),
            merge_index: std::sync::OnceLock::new(),
        }
    }

    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    /// The merged region containing (row, col), if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Rect> {
        let index = self
            .merge_index
            .get_or_init(|| MergeIndex::build(&self.merges));
        if index.len != self.merges.len() {
            return self.merges.iter().find(|m| m.contains(row, col));
        }
        index
            .by_row
            .get(&row)?
            .iter()
            .filter_map(|&i| self.merges.get(i as usize))
            .find(|m| m.contains(row, col))
    }

    /// The cell that carries the value shown at (row, col): the top-left
    /// cell of a merged region, or the cell itself.
    pub fn anchor(&self, row: u32, col: u32) -> (u32, u32) {
        match self.merge_at(row, col) {
            Some(m) => (m.top, m.left),
            None => (row, col),
        }
    }

    /// Text shown at (row, col), following merges, trimmed of blanks
    /// (including full-width spaces). Numbers are shown as displayed.
    pub fn text(&self, row: u32, col: u32) -> String {
        let (r, c) = self.anchor(row, col);
        shown_text(self.cell(r, c))
    }

    /// Text of the cell itself, without following merges.
    pub fn own_text(&self, row: u32, col: u32) -> String {
        shown_text(self.cell(row, col))
    }

    /// Last used row and column (0-based), or None for an empty sheet.
    pub fn extent(&self) -> Option<(u32, u32)> {
        let last_row = self.cells.keys().next_back()?.0;
        let last_col = self.cells.keys().map(|k| k.1).max()?;
        Some((last_row, last_col))
    }

    /// Non-empty cells of one row, in column order.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|(k, v)| (k.1, v))
    }

    /// Row indices that hold at least one cell.
    pub fn used_rows(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|k| k.0).collect();
        rows.dedup();
        rows
    }
}

/// Displayed text of a cell, trimmed of blanks (including full-width
/// spaces). Detectors call this for nearly every cell, so text is trimmed
/// in place and copied once.
fn shown_text(cell: Option<&Cell>) -> String {
    let trimmed = |s: &str| -> usize { s.trim_matches(is_blank).len() };
    match cell {
        None => String::new(),
        Some(cell) => match &cell.value {
            Value::Empty => String::new(),
            Value::Text(s) | Value::Error(s) => s.trim_matches(is_blank).to_string(),
            Value::Number(v) => number_text(*v, cell),
            _ => {
                let s = display::cell_text(cell);
                if trimmed(&s) == s.len() {
                    s
                } else {
                    s.trim_matches(is_blank).to_string()
                }
            }
        },
    }
}

thread_local! {
    /// Memo of [`display::format_number`], a pure function of the value and
    /// its format: detectors ask for the text of the same amounts again and
    /// again, and formatting through Decimal dominated their time.
    static NUMBER_TEXT: std::cell::RefCell<std::collections::HashMap<NumberKey, String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A number's bits and its display format.
type NumberKey = (u64, display::NumFmt);

fn number_text(v: f64, cell: &Cell) -> String {
    let key = (v.to_bits(), cell.fmt);
    if let Some(s) = NUMBER_TEXT.with(|m| m.borrow().get(&key).cloned()) {
        return s;
    }
    let s = display::cell_text(cell);
    let s = match s.trim_matches(is_blank) {
        t if t.len() == s.len() => s,
        t => t.to_string(),
    };
    NUMBER_TEXT.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= 4096 {
            m.clear();
        }
        m.insert(key, s.clone());
    });
    s
}

fn is_blank(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{3000}'
}

/// A whole workbook as read from disk.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// Style palette (xlsx only); index 0 is the default style.
    pub styles: Vec<calamine::Style>,
    pub date_1904: bool,
    /// What reading had to leave out, in the user's words (a second sheet
    /// of the same name); shown with the file's notes.
    pub notes: Vec<String>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| &*s.name == name)
    }

    pub fn style(&self, id: u32) -> Option<&calamine::Style> {
        self.styles.get(id as usize)
    }
}
