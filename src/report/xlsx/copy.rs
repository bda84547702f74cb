//! Reproduce one input sheet: values, formulas with their cached results,
//! styles, merges, column widths, row heights and hidden rows/columns, then
//! lay the marks over the flagged cells (fill, border, numbers and a note)
//! and their related cells (a dashed outline).

use super::marks::{note_height, note_text, Mark, MarkLook, NOTE_WIDTH};
use super::style::{col_width_px, StyleMap};
use crate::workbook::{Cell, Rect, Sheet, Value};
use rust_xlsxwriter::{Formula, Note, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Excel's grid.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;
/// Largest merged region reproduced: merge_range writes every covered cell,
/// so a region spanning whole columns must not be honoured.
const MAX_MERGE_CELLS: u64 = 50_000;
/// Most cells covered by merges in one sheet, all merges together.
const MAX_MERGED_TOTAL: usize = 1_000_000;
/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

/// Note author shown in Excel's status bar.
pub const AUTHOR: &str = "审表 shenbiao";

/// Remarks about what could not be reproduced, shown on 审核结果.
#[derive(Debug, Default)]
pub struct CopyNotes {
    pub skipped_merges: usize,
    pub skipped_cells: usize,
}

/// Copy `sheet` into `ws` (already named) with `marks` laid over it.
/// `formulas`: write formulas as formulas; false for .ods, whose
/// OpenFormula text (`of:=[.A2]+[.B2]`) is no Excel formula, so the cell
/// keeps only its value.
pub fn copy_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    styles: &mut StyleMap<'_>,
    digit_px: u32,
    marks: Option<&BTreeMap<(u32, u32), Mark<'_>>>,
    notes: &mut CopyNotes,
    formulas: bool,
) -> Result<(), XlsxError> {
    // A formula the file never calculated gets no invented result.
    ws.set_formula_result_default("");
    ws.set_default_note_author(AUTHOR);
    if sheet.hidden {
        ws.set_hidden(true);
    }
    copy_layout(ws, sheet, digit_px)?;

    let (merges, anchor_of) = usable_merges(&sheet.merges, notes);
    // Marks apply to the whole merged region of their anchor.
    let looks: HashMap<(u32, u32), MarkLook> = marks
        .map(|m| m.iter().map(|(&at, mark)| (at, mark.look())).collect())
        .unwrap_or_default();
    let mark_at = |row: u32, col: u32| -> Option<&MarkLook> {
        let anchor = anchor_of.get(&(row, col)).copied().unwrap_or((row, col));
        looks.get(&anchor)
    };

    for m in &merges {
        let style = sheet.cell(m.top, m.left).map_or(0, |c| c.style);
        let format = styles.get(style, mark_at(m.top, m.left));
        ws.merge_range(m.top, m.left as u16, m.bottom, m.right as u16, "", format)?;
    }

    let mut written: HashSet<(u32, u32)> = HashSet::new();
    for (&(row, col), cell) in &sheet.cells {
        if row > MAX_ROW || col > MAX_COL {
            notes.skipped_cells += 1;
            continue;
        }
        let format = styles.get(cell.style, mark_at(row, col));
        write_cell(ws, row, col as u16, cell, format, formulas)?;
        written.insert((row, col));
    }

    if let Some(marks) = marks {
        for (&(row, col), mark) in marks {
            if row > MAX_ROW || col > MAX_COL {
                continue;
            }
            if !written.contains(&(row, col)) && !anchor_of.contains_key(&(row, col)) {
                let format = styles.get(0, looks.get(&(row, col)));
                ws.write_blank(row, col as u16, format)?;
            }
            if mark.findings.is_empty() {
                continue;
            }
            let text = note_text(mark);
            let note = Note::new(&text)
                .set_author(AUTHOR)
                .add_author_prefix(false)
                .set_font_name("宋体")
                .set_font_size(10)
                .set_width(NOTE_WIDTH)
                .set_height(note_height(&text));
            ws.insert_note(row, col as u16, &note)?;
        }
    }
    Ok(())
}

/// Column widths, row heights and hidden rows/columns from the sheet XML.
fn copy_layout(ws: &mut Worksheet, sheet: &Sheet, digit_px: u32) -> Result<(), XlsxError> {
    let layout = &sheet.layout;
    if let Some(h) = layout
        .default_row_height
        .filter(|h| h.is_finite() && *h > 0.0 && *h <= 409.0)
    {
        ws.set_default_row_height(h);
    }
    for (&col, &width) in &layout.col_widths {
        if col > MAX_COL {
            continue;
        }
        // Width 0 is how some writers hide a column.
        match col_width_px(width, digit_px) {
            0 => ws.set_column_hidden(col as u16)?,
            px => ws.set_column_width_pixels(col as u16, px)?,
        };
    }
    for &col in &layout.hidden_cols {
        if col <= MAX_COL {
            ws.set_column_hidden(col as u16)?;
        }
    }
    for (&row, &height) in &layout.row_heights {
        if row <= MAX_ROW && height.is_finite() && height >= 0.0 {
            // Height 0 hides the row, as in Excel.
            ws.set_row_height(row, height.min(409.0))?;
        }
    }
    for &row in &layout.hidden_rows {
        if row <= MAX_ROW {
            ws.set_row_hidden(row)?;
        }
    }
    copy_page_setup(ws, &layout.page);
    Ok(())
}

/// Orientation, paper, fit-to-page, scale, margins and centring, so the
/// copy prints on as many pages as the original.
fn copy_page_setup(ws: &mut Worksheet, page: &crate::workbook::PageSetup) {
    if page.landscape {
        ws.set_landscape();
    }
    if let Some(p) = page.paper_size {
        ws.set_paper_size(p);
    }
    if let Some((w, h)) = page.fit_to_pages {
        ws.set_print_fit_to_pages(w, h);
    } else if let Some(s) = page.scale {
        ws.set_print_scale(s);
    }
    if let Some([l, r, t, b, h, f]) = page.margins {
        ws.set_margins(l, r, t, b, h, f);
    }
    ws.set_print_center_horizontally(page.center_horizontally);
    ws.set_print_center_vertically(page.center_vertically);
}

/// Covered cell → top-left cell of its merged region.
type AnchorMap = HashMap<(u32, u32), (u32, u32)>;

/// Merges that Excel accepts: inside the grid, not a single cell, not too
/// large, and not overlapping an earlier one (a damaged file may hold such
/// merges; Excel would refuse to open ours). Also returns, for every covered
/// cell, the anchor of its region.
fn usable_merges(merges: &[Rect], notes: &mut CopyNotes) -> (Vec<Rect>, AnchorMap) {
    let mut anchor_of = AnchorMap::new();
    let mut out = Vec::new();
    for m in merges {
        let ok = m.top <= m.bottom
            && m.left <= m.right
            && m.bottom <= MAX_ROW
            && m.right <= MAX_COL
            && m.cell_count() > 1
            && m.cell_count() <= MAX_MERGE_CELLS
            && anchor_of.len() + m.cell_count() as usize <= MAX_MERGED_TOTAL;
        let cells =
            || (m.top..=m.bottom).flat_map(move |r| (m.left..=m.right).map(move |c| (r, c)));
        if !ok || cells().any(|p| anchor_of.contains_key(&p)) {
            notes.skipped_merges += 1;
            continue;
        }
        anchor_of.extend(cells().map(|p| (p, (m.top, m.left))));
        out.push(*m);
    }
    (out, anchor_of)
}

/// Cut text to Excel's cell limit (32 767 characters).
pub fn clip_text(s: &str) -> &str {
    if s.len() <= MAX_TEXT {
        return s;
    }
    // UTF-16 length ≤ UTF-8 length, so cutting at 32767 bytes is safe.
    let mut end = MAX_TEXT;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A number as a formula result: Rust's shortest round-trip form.
fn number_text(n: f64) -> String {
    if n == n.trunc() && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &rust_xlsxwriter::Format,
    formulas: bool,
) -> Result<(), XlsxError> {
    let formula = cell
        .formula
        .as_deref()
        .filter(|f| formulas && !f.trim().is_empty());
    if let Some(formula) = formula {
        let result = match &cell.value {
            Value::Empty => String::new(),
            Value::Number(n) | Value::Date(n) if n.is_finite() => number_text(*n),
            Value::Number(_) | Value::Date(_) => String::new(),
            Value::Text(s) => clip_text(s).to_string(),
            Value::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Value::Error(e) => e.clone(),
        };
        let formula = Formula::new(clip_text(formula)).set_result(result);
        ws.write_formula_with_format(row, col, formula, format)?;
        return Ok(());
    }
    match &cell.value {
        Value::Empty => ws.write_blank(row, col, format)?,
        Value::Number(n) | Value::Date(n) if n.is_finite() => {
            ws.write_number_with_format(row, col, *n, format)?
        }
        Value::Number(n) | Value::Date(n) => {
            ws.write_string_with_format(row, col, n.to_string(), format)?
        }
        Value::Text(s) => ws.write_string_with_format(row, col, clip_text(s), format)?,
        Value::Bool(b) => ws.write_boolean_with_format(row, col, *b, format)?,
        Value::Error(e) => ws.write_string_with_format(row, col, clip_text(e), format)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(top: u32, left: u32, bottom: u32, right: u32) -> Rect {
        Rect {
            top,
            left,
            bottom,
            right,
        }
    }

    #[test]
    fn overlapping_and_huge_merges_are_skipped() {
        let mut notes = CopyNotes::default();
        let merges = [
            rect(0, 0, 0, 3),
            rect(0, 2, 1, 4),
            rect(5, 0, 5, 1),
            rect(10, 0, 1_000_000, 16_000),
        ];
        let (kept, anchors) = usable_merges(&merges, &mut notes);
        assert_eq!(kept, vec![merges[0], merges[2]]);
        assert_eq!(anchors.get(&(0, 3)), Some(&(0, 0)));
        assert_eq!(notes.skipped_merges, 2);
    }

    #[test]
    fn numbers_render_as_excel_would_store_them() {
        assert_eq!(number_text(97.0), "97");
        assert_eq!(number_text(2140.78), "2140.78");
        assert_eq!(number_text(0.925), "0.925");
    }
}
