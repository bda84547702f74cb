//! Opening a file: sniff the format from its first bytes, refuse what cannot
//! or should not be parsed (encrypted, HTML saved as .xls, zip bombs), then
//! read every sheet sparsely into a [`Workbook`].

use super::display::NumFmt;
use super::{layout, Cell, Format, Rect, Sheet, Value, Workbook};
use calamine::{Data, DataRef, Reader};
use std::io::{Cursor, Read};
use std::path::Path;

/// Bounds on what one input may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest total uncompressed size of a zip container, in bytes.
    pub max_uncompressed_bytes: u64,
    /// Largest compression ratio of any zip part.
    pub max_ratio: u64,
    /// Most non-empty cells read from one workbook.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_uncompressed_bytes: 500 * 1024 * 1024,
            max_ratio: 200,
            max_cells: 5_000_000,
        }
    }
}

/// Why a file could not be read, with the Chinese message shown to users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError {
    pub message: String,
}

impl OpenError {
    fn new(message: impl Into<String>) -> Self {
        OpenError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

const ENCRYPTED: &str = "文件已加密，请另存为未加密的文件后再检查";
const NOT_EXCEL: &str =
    "不是有效的 Excel 文件（无法识别的文件格式），请用 Excel 或 WPS 另存为 .xlsx 后再检查";

/// Read a workbook from disk (read-only; the file is never written).
pub fn open_workbook(path: &Path, limits: &Limits) -> Result<Workbook, OpenError> {
    let meta = std::fs::metadata(path).map_err(|e| OpenError::new(io_message(&e)))?;
    if meta.is_dir() {
        return Err(OpenError::new("这是一个文件夹，不是文件"));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(OpenError::new(format!(
            "文件过大（{} MB，上限 {} MB）",
            meta.len() / (1024 * 1024),
            limits.max_file_bytes / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| OpenError::new(io_message(&e)))?;
    read_workbook(bytes, limits)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => {
            "无法读取文件：没有权限，或文件正被其他程序（如 Excel）独占打开".to_string()
        }
        _ => format!("无法读取文件：{e}"),
    }
}

/// Read a workbook from its bytes.
pub fn read_workbook(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    let format = sniff(&bytes)?;
    match format {
        Format::Xlsx => {
            guard_zip(&bytes, limits)?;
            read_xlsx(bytes, limits)
        }
        Format::Ods => {
            guard_zip(&bytes, limits)?;
            read_dense(Format::Ods, bytes, limits)
        }
        Format::Xls => read_dense(Format::Xls, bytes, limits),
    }
}

/// Decide the container format from the first bytes, never the extension.
pub fn sniff(bytes: &[u8]) -> Result<Format, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::new("文件为空（0 字节）"));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
            OpenError::new("文件已损坏（压缩包结构不完整，可能下载或复制不完整），请重新获取文件")
        })?;
        if zip.by_name("xl/workbook.xml").is_ok() || zip.by_name("xl/workbook.bin").is_ok() {
            if zip.by_name("xl/workbook.bin").is_ok() && zip.by_name("xl/workbook.xml").is_err() {
                return Err(OpenError::new(
                    "暂不支持 .xlsb 二进制工作簿，请在 Excel 中另存为 .xlsx 后再检查",
                ));
            }
            return Ok(Format::Xlsx);
        }
        if let Ok(mut m) = zip.by_name("mimetype") {
            let mut s = String::new();
            let _ = m.read_to_string(&mut s);
            if s.contains("opendocument.spreadsheet") {
                return Ok(Format::Ods);
            }
        }
        return Err(OpenError::new(
            "这是一个压缩包（如 .docx 或 .zip），不是 Excel 工作簿",
        ));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if contains_utf16(bytes, "EncryptedPackage") {
            return Err(OpenError::new(ENCRYPTED));
        }
        return Ok(Format::Xls);
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        return Err(OpenError::new(
            "这是 Excel 2003 XML 表格（SpreadsheetML），不是真正的 Excel 文件；请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
        ));
    }
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<table") {
        return Err(OpenError::new(
            "这是网页（HTML）文件，只是扩展名为 .xls；请用 Excel 或 WPS 打开后另存为 .xlsx 再检查",
        ));
    }
    Err(OpenError::new(NOT_EXCEL))
}

fn contains_utf16(haystack: &[u8], needle: &str) -> bool {
    let pattern: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    haystack.windows(pattern.len()).any(|w| w == pattern)
}

/// Refuse zip bombs from the central directory, before inflating anything.
fn guard_zip(bytes: &[u8], limits: &Limits) -> Result<(), OpenError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| OpenError::new("文件已损坏（压缩包结构不完整），请重新获取文件"))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| OpenError::new("文件已损坏（压缩包目录无法读取）"))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if size > 1024 * 1024 && size / packed > limits.max_ratio {
            return Err(OpenError::new(format!(
                "文件异常：部件 {} 压缩比过高（{}:1），疑似压缩炸弹，已拒绝读取",
                entry.name().unwrap_or_default(),
                size / packed
            )));
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(OpenError::new(format!(
            "文件过大：解压后约 {} MB，超过上限 {} MB（可用 --max-uncompressed-mb 调整）",
            total / (1024 * 1024),
            limits.max_uncompressed_bytes / (1024 * 1024)
        )));
    }
    Ok(())
}

fn too_many_cells(limits: &Limits) -> OpenError {
    OpenError::new(format!(
        "工作表过大：非空单元格超过 {} 个（可用 --max-cells 调整）",
        limits.max_cells
    ))
}

fn calamine_message(e: &dyn std::fmt::Display) -> OpenError {
    let text = e.to_string();
    if text.contains("password") {
        return OpenError::new(ENCRYPTED);
    }
    OpenError::new(format!("文件已损坏或格式不受支持，无法解析（{text}）"))
}

/// Stream an xlsx sheet by sheet, keeping only cells that exist.
fn read_xlsx(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    let mut layouts = layout::read_xlsx_layouts(&bytes);
    let mut xlsx: calamine::Xlsx<_> =
        calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_message(&e))?;
    let metas: Vec<(String, bool)> = xlsx
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut styles: Vec<calamine::Style> = Vec::new();
    let mut fmts: Vec<NumFmt> = Vec::new();
    let mut budget = limits.max_cells;
    let mut sheets = Vec::with_capacity(metas.len());
    for (name, hidden) in metas {
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
            while let Some(rec) = reader
                .next_cell_with_formula()
                .map_err(|e| calamine_message(&e))?
            {
                let value = data_ref_value(&rec.value);
                if value == Value::Empty && rec.formula.is_none() {
                    continue;
                }
                budget = budget
                    .checked_sub(1)
                    .ok_or_else(|| too_many_cells(limits))?;
                sheet.cells.insert(
                    rec.pos,
                    Cell {
                        value,
                        formula: rec.formula.filter(|f| !f.is_empty()),
                        style: 0,
                        fmt: NumFmt::default(),
                    },
                );
            }
        }
        apply_styles(&mut xlsx, &mut sheet, &fmts, &mut budget)?;
        sheet.merges = xlsx
            .merge_cells_by_sheet_name(&name)
            .map(|dims| dims.iter().filter_map(to_rect).collect())
            .unwrap_or_default();
        if let Some(l) = layouts.remove(&name) {
            sheet.layout = l;
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheets,
        styles,
        date_1904: false,
    })
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

/// xls and ods: calamine reads whole ranges; both formats are bounded by
/// their own row/column limits and by the file size checked before.
fn read_dense(format: Format, bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, OpenError> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| calamine_message(&e))?;
    let metas: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut budget = limits.max_cells;
    let mut sheets = Vec::new();
    for (name, hidden) in metas {
        let mut sheet = Sheet::new(&name);
        sheet.hidden = hidden;
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| calamine_message(&e))?;
        for (row, col, v) in range.used_cells() {
            let (r, c) = range.start().unwrap_or((0, 0));
            budget = budget
                .checked_sub(1)
                .ok_or_else(|| too_many_cells(limits))?;
            sheet.cells.insert(
                (r + row as u32, c + col as u32),
                Cell {
                    value: data_value(v),
                    formula: None,
                    style: 0,
                    fmt: NumFmt::default(),
                },
            );
        }
        if let Ok(formulas) = wb.worksheet_formula(&name) {
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            for (row, col, f) in formulas.used_cells() {
                if f.is_empty() {
                    continue;
                }
                let pos = (r0 + row as u32, c0 + col as u32);
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
            sheet.merges = x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .filter_map(to_rect)
                .collect();
        }
        sheets.push(sheet);
    }
    Ok(Workbook {
        format,
        sheets,
        styles: Vec::new(),
        date_1904: false,
    })
}
