//! Opening a file: sniff the format from its first bytes, refuse what cannot
//! or should not be parsed (encrypted, HTML saved as .xls, zip bombs), then
//! read every sheet sparsely into a [`Workbook`].

use super::contain::contained;
use super::display::NumFmt;
use super::error::{Bomb, Corruption, Disguise, OpenError};
use super::{guard, layout, Cell, Format, Rect, Sheet, Value, Workbook};
use calamine::{Data, DataRef, Reader};
use std::io::{Cursor, Read};
use std::path::Path;

/// Bounds on what one input may cost. The defaults keep a hostile file
/// under about 200 MB of memory and a few seconds.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip container, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Largest uncompressed size of one zip part (or of the BIFF stream of
    /// an xls), in bytes; the effective limit is never above
    /// `max_uncompressed_bytes`.
    pub max_part_bytes: u64,
    /// Largest compression ratio of any zip part over 1 MB.
    pub max_ratio: u64,
    /// Most non-empty cells read from one workbook.
    pub max_cells: u64,
    /// Most bytes of cell text and formula text read from one xlsx, all
    /// cells together. One long shared string referenced by many cells, or
    /// one long shared formula reused down a column, is copied into every
    /// cell that uses it: kilobytes of file would become gigabytes.
    pub max_text_bytes: u64,
    /// Most cells of the dense grids calamine builds for xls and ods (the
    /// bounding box of each sheet's cells, all sheets together); xlsx is
    /// read sparsely and is not bound by this.
    pub max_dense_cells: u64,
    /// Memory one file's check may use, in MB: the address-space limit of
    /// the worker process that checks it (src/batch/worker).
    pub max_memory_mb: u64,
    /// Time one file's check may take, in seconds, before its worker
    /// process is stopped.
    pub max_seconds: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_uncompressed_bytes: 500 * 1024 * 1024,
            max_part_bytes: 256 * 1024 * 1024,
            max_ratio: 200,
            max_cells: 5_000_000,
            max_text_bytes: 128 * 1024 * 1024,
            max_dense_cells: 2_000_000,
            max_memory_mb: 1024,
            max_seconds: 60,
        }
    }
}

impl Limits {
    /// The per-part limit actually applied.
    pub(crate) fn part_limit(&self) -> u64 {
        self.max_part_bytes.min(self.max_uncompressed_bytes)
    }
}

/// Read a workbook from disk. The file is opened read-only and never
/// written.
pub fn open_workbook(path: &Path, limits: &Limits) -> Result<Workbook, OpenError> {
    let bytes = read_file(path, limits)?;
    read_workbook(bytes, limits).map_err(|e| name_file(e, path))
}

/// A parse failure names the file it happened in.
pub fn name_file(e: OpenError, path: &Path) -> OpenError {
    match e {
        OpenError::ParseFailed { file: None } => OpenError::ParseFailed {
            file: Some(file_name(path)),
        },
        e => e,
    }
}

/// The bytes of an input file, read-only, refused above the size limit
/// (also when the file grows while it is read).
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, OpenError> {
    let meta = std::fs::metadata(path).map_err(|e| OpenError::io(&e))?;
    if meta.is_dir() {
        return Err(OpenError::IsDirectory);
    }
    if meta.len() > limits.max_file_bytes {
        return Err(OpenError::TooLarge {
            bytes: Some(meta.len()),
            limit: limits.max_file_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| OpenError::io(&e))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(OpenError::TooLarge {
            bytes: None,
            limit: limits.max_file_bytes,
        });
    }
    Ok(bytes)
}

/// The file's name, for messages.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Read a workbook from its bytes: sniff, guard, then parse. Never panics
/// on input: a panic inside calamine becomes an `OpenError`.
pub fn read_workbook(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    let format = sniff(&bytes)?;
    match format {
        Format::Xlsx => {
            guard::check_zip(&bytes, limits)?;
            guard::check_shared_strings(&bytes)?;
            contain(|| read_xlsx(bytes, limits))
        }
        Format::Ods => {
            guard::check_zip(&bytes, limits)?;
            guard::check_ods(&bytes, limits)?;
            contain(|| read_dense(Format::Ods, bytes, limits))
        }
        Format::Docx => Err(OpenError::Disguised(Disguise::Docx)),
        Format::Xls => {
            match guard::check_cfb(&bytes, limits) {
                Ok(guard::CfbKind::Xls) => {}
                // A CFB our reader cannot parse may still carry the marker
                // of an encrypted package.
                Err(_) if contains_utf16(&bytes, "EncryptedPackage") => {
                    return Err(OpenError::Encrypted);
                }
                Err(e) => return Err(e),
            }
            contain(|| read_dense(Format::Xls, bytes, limits))
        }
    }
}

/// Run a parser behind `catch_unwind`; a panic is reported as a parse
/// failure of this file.
fn contain(f: impl FnOnce() -> Result<Workbook, OpenError>) -> Result<Workbook, OpenError> {
    contained(f).unwrap_or(Err(OpenError::ParseFailed { file: None }))
}

/// The first bytes as lower-case text, decoding UTF-16 when a BOM says so
/// (Excel's "Unicode text" and some HTML exports are UTF-16).
fn head_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    let text = if let Some(rest) = head.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(rest) = head.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(head).into_owned()
    };
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase()
}

/// Decide the container format from the first bytes, never the extension.
/// Files that only pretend to be Excel (HTML, SpreadsheetML 2003 XML, text)
/// get a message saying what they are and how to re-save them.
pub fn sniff(bytes: &[u8]) -> Result<Format, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| OpenError::Corrupt(Corruption::TruncatedZip))?;
        let has = |zip: &zip::ZipArchive<_>, name: &str| zip.index_for_name(name).is_some();
        if has(&zip, "xl/workbook.xml") {
            return Ok(Format::Xlsx);
        }
        if has(&zip, "xl/workbook.bin") {
            return Err(OpenError::Disguised(Disguise::Xlsb));
        }
        if let Ok(m) = zip.by_name("mimetype") {
            let mut s = String::new();
            let _ = m.take(256).read_to_string(&mut s);
            if s.contains("opendocument.spreadsheet") {
                return Ok(Format::Ods);
            }
        }
        if has(&zip, "word/document.xml") {
            return Ok(Format::Docx);
        }
        let what = if has(&zip, "ppt/presentation.xml") {
            Disguise::Pptx
        } else {
            Disguise::Zip
        };
        return Err(OpenError::Disguised(what));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Format::Xls);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(OpenError::Disguised(Disguise::Pdf));
    }
    let head = head_text(bytes);
    if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Err(OpenError::Disguised(Disguise::SpreadsheetMl));
    }
    if head.starts_with("mime-version:") || head.contains("content-type: multipart/related") {
        return Err(OpenError::Disguised(Disguise::Mhtml));
    }
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<table")
        || (head.starts_with("<?xml") && head.contains("<html"))
    {
        return Err(OpenError::Disguised(Disguise::Html));
    }
    if looks_like_text(bytes) {
        return Err(OpenError::Disguised(Disguise::Text));
    }
    Err(OpenError::Disguised(Disguise::Unknown))
}

/// Text without control bytes other than tab/CR/LF in its first 4 KiB
/// (UTF-8, GBK or UTF-16 with a BOM all pass).
fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head
        .iter()
        .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    haystack.windows(pattern.len()).any(|w| w == pattern)
}

fn too_many_cells(limits: &Limits) -> OpenError {
    OpenError::TooManyCells {
        limit: limits.max_cells,
    }
}

fn calamine_message(e: &dyn std::fmt::Display) -> OpenError {
    let text = e.to_string();
    if text.to_ascii_lowercase().contains("password") {
        return OpenError::Encrypted;
    }
    if text.contains("larger than its declared") {
        return OpenError::ZipBomb(Bomb::SizeMismatch);
    }
    OpenError::Unsupported(text)
}

/// Excel's grid: 1,048,576 rows × 16,384 columns (XFD1048576).
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

/// Days between the 1904 and 1900 date systems' day zero.
const DAYS_1904_TO_1900: f64 = 1462.0;

/// Stream an xlsx sheet by sheet, keeping only cells that exist.
fn read_xlsx(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    // One parse of each sheet part for what calamine does not give.
    let mut extras = layout::read_xlsx_layouts_and_merges(&bytes);
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_message(&e))?;
    let date_1904 = xlsx.has_1904_epoch();
    let metas: Vec<(String, bool)> = xlsx
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut styles: Vec<calamine::Style> = Vec::new();
    let mut fmts: Vec<NumFmt> = Vec::new();
    let mut budget = limits.max_cells;
    let mut text = TextBudget::new(limits);
    let mut sheets = Vec::with_capacity(metas.len());
    let mut notes = Vec::new();
    for (name, hidden) in metas {
        if sheets.iter().any(|s: &Sheet| *s.name == *name) {
            // calamine finds sheets by name, so only the first of two
            // sheets with one name can be read (Excel itself never writes
            // such a file).
            notes.push(format!(
                "工作簿中有多个名为“{name}”的工作表，只读取并检查了第一个；请在 Excel 或 WPS 中给其余同名工作表改名后再检查"
            ));
            continue;
        }
        let mut sheet = Sheet::new(&name);
        sheet.hidden = hidden;
        {
            let mut reader = xlsx
                .worksheet_cells_reader(&name)
                .map_err(|e| calamine_message(&e))?;
            if styles.is_empty() {
                styles = reader.styles().to_vec();
                fmts = styles.iter().map(style_numfmt).collect();
            }
            let mut shared = SharedFormulas::default();
            // The metadata API does not pre-size a table from the `si`
            // index in the file (the text API does, and a forged index
            // would abort); shared formulas are expanded here instead.
            while let Some(rec) = reader
                .next_cell_with_formula_metadata()
                .map_err(|e| calamine_message(&e))?
            {
                text.charge(data_ref_text_len(&rec.value))?;
                let mut value = data_ref_value(&rec.value);
                if date_1904 {
                    if let Value::Date(d) = &mut value {
                        *d += DAYS_1904_TO_1900;
                    }
                }
                let formula = match rec.formula {
                    Some(f) => shared.text(f, rec.pos, &mut text)?,
                    None => None,
                };
                if value == Value::Empty && formula.is_none() {
                    continue;
                }
                if rec.pos.0 >= MAX_ROWS || rec.pos.1 >= MAX_COLS {
                    // Outside Excel's grid: no valid file has it, Excel drops
                    // it on repair, and row scans up to it would take minutes
                    // (found by fuzzing: a cell at row 202,059,999).
                    continue;
                }
                budget = budget
                    .checked_sub(1)
                    .ok_or_else(|| too_many_cells(limits))?;
                sheet.cells.insert(
                    rec.pos,
                    Cell {
                        value,
                        formula,
                        style: 0,
                        fmt: NumFmt::default(),
                    },
                );
            }
        }
        apply_styles(&mut xlsx, &mut sheet, &fmts, &mut budget)?;
        let (layout, merges) = extras.remove(&name).unwrap_or_default();
        sheet.merges = clean_merges(merges);
        sheet.layout = layout;
        sheets.push(sheet);
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheets,
        styles,
        date_1904,
        notes,
    })
}

/// Shared formulas of one sheet: the anchor's text and position per `si`.
#[derive(Default)]
struct SharedFormulas {
    anchors: std::collections::HashMap<usize, (String, (u32, u32))>,
}

impl SharedFormulas {
    /// The formula text of a cell, expanding a shared formula relative to
    /// its anchor. Empty formulas count as none. Each formula is charged to
    /// `budget` before it is expanded (an expansion is about as long as its
    /// template).
    fn text(
        &mut self,
        f: calamine::XlsxFormulaMetadata,
        pos: (u32, u32),
        budget: &mut TextBudget,
    ) -> Result<Option<String>, OpenError> {
        use calamine::XlsxFormulaMetadata as M;
        let text = match f {
            M::Normal { formula } => {
                budget.charge(formula.len())?;
                formula
            }
            M::Shared {
                shared_index,
                formula,
                ..
            } => {
                // Bounded by the cell budget: one entry per anchor cell.
                budget.charge(formula.len())?;
                self.anchors.insert(shared_index, (formula.clone(), pos));
                formula
            }
            M::SharedDerived { shared_index } => {
                let Some((template, start)) = self.anchors.get(&shared_index) else {
                    return Ok(None);
                };
                budget.charge(template.len())?;
                match calamine::expand_shared_formula(template, *start, pos) {
                    Ok(t) => t,
                    Err(_) => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        Ok((!text.is_empty()).then_some(text))
    }
}

/// What is left of [`Limits::max_text_bytes`] while a workbook is read.
struct TextBudget {
    left: u64,
    limit: u64,
}

impl TextBudget {
    fn new(limits: &Limits) -> Self {
        TextBudget {
            left: limits.max_text_bytes,
            limit: limits.max_text_bytes,
        }
    }

    fn charge(&mut self, bytes: usize) -> Result<(), OpenError> {
        self.left = self
            .left
            .checked_sub(bytes as u64)
            .ok_or(OpenError::TextTooLarge {
                limit_mb: OpenError::mb(self.limit),
            })?;
        Ok(())
    }
}

/// Bytes of text a cell value will be copied into.
fn data_ref_text_len(v: &DataRef<'_>) -> usize {
    match v {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        _ => 0,
    }
}

/// Attach style ids to cells. Empty styled cells (borders of a blank form)
/// are kept only inside the used area and within the cell budget, so a sheet
/// of a million formatted empty rows costs nothing.
fn apply_styles<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    sheet: &mut Sheet,
    fmts: &[NumFmt],
    budget: &mut u64,
) -> Result<(), OpenError> {
    let bound = sheet
        .extent()
        .map(|(r, c)| (r.saturating_add(2), c.saturating_add(2)));
    let mut reader = xlsx
        .worksheet_cells_reader(&sheet.name)
        .map_err(|e| calamine_message(&e))?;
    let mut spare = (*budget).min(200_000);
    while let Some((row, col, id)) = reader.next_style_id().map_err(|e| calamine_message(&e))? {
        let fmt = fmts.get(id).copied().unwrap_or_default();
        if let Some(cell) = sheet.cells.get_mut(&(row, col)) {
            cell.style = id as u32;
            cell.fmt = fmt;
        } else if id != 0 && spare > 0 && bound.is_some_and(|(r, c)| row <= r && col <= c) {
            spare -= 1;
            *budget = budget.saturating_sub(1);
            sheet.cells.insert(
                (row, col),
                Cell {
                    value: Value::Empty,
                    formula: None,
                    style: id as u32,
                    fmt,
                },
            );
        }
    }
    Ok(())
}

fn style_numfmt(style: &calamine::Style) -> NumFmt {
    style
        .number_format
        .as_ref()
        .map(|f| NumFmt::from_code(&f.format_code))
        .unwrap_or_default()
}

/// Most merged regions kept per sheet, and most cells they may cover in
/// total: enough for any real form, bounded for a hostile one.
const MAX_MERGES: usize = 20_000;
const MAX_MERGED_CELLS: u64 = 1_000_000;

/// Normalise merged regions as Excel would accept them: corners in order,
/// single cells dropped, and a region that overlaps an earlier one dropped
/// (Excel "repairs" such files the same way: the first region wins).
/// Regions that would push the covered cells past the bound are dropped too.
pub(crate) fn clean_merges(raw: impl IntoIterator<Item = Rect>) -> Vec<Rect> {
    let mut kept: Vec<Rect> = Vec::new();
    let mut covered: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::new();
    let mut spent: u64 = 0;
    for r in raw {
        if r.cell_count() < 2 {
            continue;
        }
        let cells = r.cell_count();
        if kept.len() >= MAX_MERGES || spent + cells > MAX_MERGED_CELLS {
            continue;
        }
        let overlaps = (r.top..=r.bottom)
            .any(|row| (r.left..=r.right).any(|col| covered.contains(&(row, col))));
        spent += cells; // the overlap check costs as much as inserting
        if overlaps {
            continue;
        }
        for row in r.top..=r.bottom {
            for col in r.left..=r.right {
                covered.insert((row, col));
            }
        }
        kept.push(r);
    }
    kept
}

fn to_rect(d: &calamine::Dimensions) -> Option<Rect> {
    let r = Rect {
        top: d.start.0.min(d.end.0),
        left: d.start.1.min(d.end.1),
        bottom: d.start.0.max(d.end.0),
        right: d.start.1.max(d.end.1),
    };
    (r.cell_count() > 1).then_some(r)
}

fn data_ref_value(v: &DataRef<'_>) -> Value {
    match v {
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => Value::Date(dt.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(e.to_string()),
        DataRef::Empty => Value::Empty,
    }
}

fn data_value(v: &Data) -> Value {
    match v {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => Value::Date(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// xls and ods: calamine builds dense ranges. `guard::check_cfb` and
/// `guard::check_ods` have already bounded their size (the bounding box of
/// each sheet's cells), so a stray far cell is refused before this runs.
fn read_dense(format: Format, bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| calamine_message(&e))?;
    let date_1904 = match &wb {
        calamine::Sheets::Xls(x) => x.has_1904_epoch(),
        _ => false,
    };
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut budget = limits.max_cells;
    let mut sheets = Vec::new();
    for (name, hidden) in metas {
        if sheets.iter().any(|s: &Sheet| *s.name == *name) {
            continue;
        }
        let mut sheet = Sheet::new(&name);
        sheet.hidden = hidden;
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| calamine_message(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (row, col, v) in range.used_cells() {
            budget = budget
                .checked_sub(1)
                .ok_or_else(|| too_many_cells(limits))?;
            let mut value = data_value(v);
            if date_1904 {
                if let Value::Date(d) = &mut value {
                    *d += DAYS_1904_TO_1900;
                }
            }
            sheet.cells.insert(
                (r0 + row as u32, c0 + col as u32),
                Cell {
                    value,
                    formula: None,
                    style: 0,
                    fmt: NumFmt::default(),
                },
            );
        }
        drop(range);
        if let Ok(formulas) = wb.worksheet_formula(&name) {
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            for (row, col, f) in formulas.used_cells() {
                if f.is_empty() {
                    continue;
                }
                let pos = (r0 + row as u32, c0 + col as u32);
                if !sheet.cells.contains_key(&pos) {
                    budget = budget
                        .checked_sub(1)
                        .ok_or_else(|| too_many_cells(limits))?;
                }
                sheet
                    .cells
                    .entry(pos)
                    .or_insert(Cell {
                        value: Value::Empty,
                        formula: None,
                        style: 0,
                        fmt: NumFmt::default(),
                    })
                    .formula = Some(f.clone());
            }
        }
        if let calamine::Sheets::Xls(x) = &wb {
            let raw = x.merge_cells_by_sheet_name(&name).unwrap_or_default();
            sheet.merges = clean_merges(raw.iter().filter_map(to_rect));
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        format,
        sheets,
        styles: Vec::new(),
        date_1904,
        notes: Vec::new(),
    })
}
