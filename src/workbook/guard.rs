//! Checks that run before calamine sees a byte: they read only container
//! metadata (the zip central directory, the CFB directory, BIFF record
//! headers, a streaming pass over ODS XML) and refuse inputs whose parsing
//! would cost more memory or time than the limits allow.
//!
//! Why here and not in calamine: several calamine paths allocate from
//! numbers stored in the file (`uniqueCount` of the shared strings, BIFF
//! DIMENSIONS, the bounding box of xls/ods cells). A huge allocation that
//! fails aborts the process, which `catch_unwind` cannot contain, so those
//! numbers are checked first.

use super::error::{Bomb, Corruption, Disguise, Forgery, OpenError};
use super::open::Limits;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufRead, BufReader, Cursor, Read};

/// Entries a zip may hold; real workbooks have a few dozen.
const MAX_ZIP_ENTRIES: usize = 10_000;
/// Parts smaller than this are never called bombs, whatever their ratio:
/// their cost is negligible and tiny parts compress oddly.
const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

fn corrupt_zip() -> OpenError {
    OpenError::Corrupt(Corruption::TruncatedZip)
}

/// Refuse zip bombs from the central directory, before inflating anything.
///
/// Declared sizes can lie; that is bounded elsewhere: the zip crate stops
/// any entry that inflates past its declared size (an error, not more
/// output), so the declared sizes checked here bound what is inflated.
/// `tests/hostile.rs::lying_zip_sizes_are_bounded` pins that behaviour.
pub(crate) fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), OpenError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt_zip())?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(OpenError::ZipBomb(Bomb::Entries(zip.len())));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|_| OpenError::Corrupt(Corruption::ZipDirectory))?;
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        let name = entry.name().unwrap_or_default().to_string();
        total = total.saturating_add(size);
        if size > limits.part_limit() {
            return Err(OpenError::ZipBomb(Bomb::Part {
                name,
                mb: OpenError::mb(size),
                limit_mb: OpenError::mb(limits.part_limit()),
            }));
        }
        if size > RATIO_FLOOR_BYTES && size / packed > limits.max_ratio {
            return Err(OpenError::ZipBomb(Bomb::Ratio {
                name,
                ratio: size / packed,
            }));
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(OpenError::ZipBomb(Bomb::Total {
            mb: OpenError::mb(total),
            limit_mb: OpenError::mb(limits.max_uncompressed_bytes),
        }));
    }
    Ok(())
}

/// calamine reserves `uniqueCount` strings up front; a forged count would
/// abort the process. A real `<si>` element takes at least 12 bytes.
///
/// calamine finds the part relative to the workbook's own folder, matching
/// names case-insensitively and with backslashes as `/`, so every part whose
/// name ends in `sharedStrings.xml` is checked.
pub(crate) fn check_shared_strings(bytes: &[u8]) -> Result<(), OpenError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| {
            n.replace('\\', "/")
                .to_ascii_lowercase()
                .ends_with("sharedstrings.xml")
        })
        .map(|n| n.into_owned())
        .collect();
    for name in names {
        let Ok(part) = zip.by_name(&name) else {
            continue;
        };
        let size = part.size();
        // Streamed to the `<sst>` start tag however far it is: a long
        // comment or processing instruction before it must not hide it.
        if let Some(declared) = sst_unique_count(BufReader::new(part)) {
            if declared > size / 8 + 1024 {
                return Err(OpenError::Forged(Forgery::SharedStrings { declared }));
            }
        }
    }
    Ok(())
}

/// `uniqueCount` of the first `<sst>` element, if any, read the way
/// calamine reads it (lenient end names and comments, empty elements as
/// start tags).
fn sst_unique_count<R: BufRead>(part: R) -> Option<u64> {
    let mut reader = quick_xml::Reader::from_reader(part);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return attr_u64(&e, "uniqueCount");
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
}

fn attr_u64(e: &BytesStart<'_>, key: &str) -> Option<u64> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
}

/// What an OLE compound file (CFB) holds.
pub(crate) enum CfbKind {
    /// A BIFF workbook (.xls / .et), already scanned and within limits.
    Xls,
}

/// Inspect a CFB container: an encrypted OOXML package (Excel's "password to
/// open" on an .xlsx), a password-protected xls, a non-Excel CFB (.doc), and
/// the BIFF cell extents calamine would allocate.
pub(crate) fn check_cfb(bytes: &[u8], limits: &Limits) -> Result<CfbKind, OpenError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| OpenError::Corrupt(Corruption::CompoundFile))?;
    if cfb.is_stream("/EncryptedPackage") || cfb.is_stream("/EncryptionInfo") {
        return Err(OpenError::Encrypted);
    }
    let stream_name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cfb.is_stream(n));
    let Some(stream_name) = stream_name else {
        let what = if cfb.is_stream("/WordDocument") {
            Disguise::Doc
        } else if cfb.is_stream("/PowerPoint Document") {
            Disguise::Ppt
        } else {
            Disguise::OfficeCompound
        };
        return Err(OpenError::Disguised(what));
    };
    let len = cfb.entry(stream_name).map(|e| e.len()).unwrap_or(0);
    if len > limits.part_limit() {
        return Err(OpenError::ZipBomb(Bomb::WorkbookStream {
            mb: OpenError::mb(len),
            limit_mb: OpenError::mb(limits.part_limit()),
        }));
    }
    let mut stream = Vec::new();
    cfb.open_stream(stream_name)
        .and_then(|s| s.take(limits.part_limit()).read_to_end(&mut stream))
        .map_err(|_| OpenError::Corrupt(Corruption::WorkbookStream))?;
    scan_biff(&stream, limits)?;
    Ok(CfbKind::Xls)
}

/// One BIFF record: type and body (CONTINUE records are irrelevant here).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let body = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, body))
    })
}

fn u16_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u16::from_le_bytes([*b.get(i)?, *b.get(i + 1)?]) as u32)
}

fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *b.get(i)?,
        *b.get(i + 1)?,
        *b.get(i + 2)?,
        *b.get(i + 3)?,
    ]))
}

/// Bounding box of cells, as calamine's `Range::from_sparse` will size it.
#[derive(Default, Clone, Copy)]
struct Extent {
    bounds: Option<(u32, u32, u32, u32)>,
}

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.bounds = Some(match self.bounds {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    }

    fn area(&self) -> u64 {
        self.bounds.map_or(0, |(r0, c0, r1, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }

    fn a1(&self) -> String {
        match self.bounds {
            None => String::new(),
            Some((r0, c0, r1, c1)) => format!(
                "{}{}:{}{}",
                super::col_name(c0),
                r0 + 1,
                super::col_name(c1),
                r1 + 1
            ),
        }
    }
}

/// Largest row count × column count a BIFF DIMENSIONS record may declare
/// (65,536 rows × 256 columns); calamine reserves that many cells.
const BIFF_MAX_AREA: u64 = 65_536 * 256;

fn dense_too_large(sheet: &str, range: &str, area: u64, limits: &Limits) -> OpenError {
    OpenError::SheetTooLarge {
        sheet: sheet.to_string(),
        range: Some(range.to_string()),
        cells: area,
        limit: limits.max_dense_cells,
    }
}

/// Walk the BIFF stream the way calamine will: refuse a password-protected
/// workbook (FILEPASS), forged DIMENSIONS, and sheets whose dense grid (the
/// bounding box of their cells) exceeds `max_dense_cells` in total.
fn scan_biff(stream: &[u8], limits: &Limits) -> Result<(), OpenError> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (typ, body) in records(stream) {
        match typ {
            // FILEPASS: the rest of the stream is encrypted.
            0x002F if u16_at(body, 0).is_some_and(|v| v != 0) => {
                return Err(OpenError::Encrypted);
            }
            // BoundSheet8: stream position of a sheet's BOF, then its name.
            0x0085 => {
                if let Some(pos) = u32_at(body, 0) {
                    sheets.push((pos as usize, biff_sheet_name(body)));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    if sheets.len() > 4096 {
        return Err(OpenError::Forged(Forgery::SheetCount));
    }
    let mut total: u64 = 0;
    for (pos, name) in &sheets {
        let Some(sheet) = stream.get(*pos..) else {
            continue;
        };
        let (cells, formulas) = scan_biff_sheet(sheet, name, limits)?;
        for ext in [cells, formulas] {
            if ext.area() > limits.max_dense_cells {
                return Err(dense_too_large(name, &ext.a1(), ext.area(), limits));
            }
            total = total.saturating_add(ext.area());
        }
        if total > limits.max_dense_cells {
            return Err(OpenError::WorkbookTooLarge {
                cells: total,
                limit: limits.max_dense_cells,
            });
        }
    }
    Ok(())
}

/// Sheet name of a BoundSheet8 record, for messages only.
fn biff_sheet_name(body: &[u8]) -> String {
    let Some(&cch) = body.get(6) else {
        return String::new();
    };
    let cch = cch as usize;
    match body.get(7) {
        // BIFF8: a flags byte, then 8-bit or UTF-16LE characters.
        Some(&flags) if flags & 1 == 1 => {
            let units: Vec<u16> = body
                .get(8..8 + 2 * cch)
                .unwrap_or_default()
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Some(0) => String::from_utf8_lossy(body.get(8..8 + cch).unwrap_or_default()).into_owned(),
        _ => String::from_utf8_lossy(body.get(7..7 + cch).unwrap_or_default()).into_owned(),
    }
}

/// Extents of value cells and of formula cells in one sheet substream.
fn scan_biff_sheet(
    sheet: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<(Extent, Extent), OpenError> {
    let mut cells = Extent::default();
    let mut formulas = Extent::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, body) in records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |b: &[u8]| Some((u16_at(b, 0)?, u16_at(b, 2)?));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS: calamine reserves rows × columns cells from it.
            0x0200 => {
                let (r0, r1, c0, c1) = match body.len() {
                    10 => (
                        u16_at(body, 0),
                        u16_at(body, 2),
                        u16_at(body, 4),
                        u16_at(body, 6),
                    ),
                    14 | 16 => (
                        u32_at(body, 0),
                        u32_at(body, 4),
                        u16_at(body, 8),
                        u16_at(body, 10),
                    ),
                    _ => continue,
                };
                let (r0, r1, c0, c1) = (
                    r0.unwrap_or(0),
                    r1.unwrap_or(0),
                    c0.unwrap_or(0),
                    c1.unwrap_or(0),
                );
                // Mirror calamine: a start column past 0xFF or after the end
                // is read as 0.
                let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                let rows = u64::from(r1.saturating_sub(r0)) + 1;
                let cols = u64::from(c1.saturating_sub(c0)) + 1;
                if r1 < r0 || rows.saturating_mul(cols) > BIFF_MAX_AREA {
                    return Err(OpenError::Forged(Forgery::Dimensions {
                        sheet: name.to_string(),
                        rows,
                        cols,
                    }));
                }
            }
            // Number, Label, RString, BoolErr, RK, LabelSst: row, col first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD => {
                if let Some((r, c)) = at(body) {
                    cells.add(r, c);
                }
            }
            // MulRk: row, first column, 6-byte entries, last column.
            0x00BD => {
                if let (Some((r, c)), Some(last)) =
                    (at(body), u16_at(body, body.len().saturating_sub(2)))
                {
                    if body.len() >= 6 && last >= c {
                        cells.add(r, c);
                        cells.add(r, last);
                    }
                }
            }
            // Formula: a formula and (usually) a cached value.
            0x0006 => {
                if let Some((r, c)) = at(body) {
                    formulas.add(r, c);
                    cells.add(r, c);
                }
            }
            _ => {}
        }
        if cells.area() > limits.max_dense_cells || formulas.area() > limits.max_dense_cells {
            let ext = if cells.area() >= formulas.area() {
                cells
            } else {
                formulas
            };
            return Err(dense_too_large(name, &ext.a1(), ext.area(), limits));
        }
    }
    Ok((cells, formulas))
}

/// Stream `content.xml` of an ODS and count what calamine will materialise:
/// every cell up to the last non-empty one in a row (with column repeats),
/// and per table the bounding box of non-empty rows (with row repeats).
pub(crate) fn check_ods(bytes: &[u8], limits: &Limits) -> Result<(), OpenError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt_zip())?;
    let part = zip
        .by_name("content.xml")
        .map_err(|_| OpenError::Corrupt(Corruption::OdsContent))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    // Lenient like calamine's ODS reader: a mismatched end tag must not stop
    // this count while calamine goes on to materialise the grid.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    scan_ods(&mut reader, limits)
}

const ODS_MAX_ROWS: u64 = 1_048_576;
const ODS_MAX_COLS: u64 = 16_384;

fn scan_ods<R: BufRead>(
    reader: &mut quick_xml::Reader<R>,
    limits: &Limits,
) -> Result<(), OpenError> {
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let mut table = String::new();
    // Per table: row index (with repeats), first/last non-empty row, max col.
    let mut row: u64 = 0;
    let mut first: Option<u64> = None;
    let mut last: u64 = 0;
    let mut width: u64 = 0;
    // Per row: columns so far, columns up to the last non-empty cell,
    // repeats of the row.
    let mut col: u64 = 0;
    let mut used: u64 = 0;
    let mut repeats: u64 = 1;
    let too_large = |table: &str, cells: u64| OpenError::SheetTooLarge {
        sheet: table.to_string(),
        range: None,
        cells,
        limit: limits.max_dense_cells,
    };
    loop {
        let event = reader.read_event_into(&mut buf);
        let (start, empty) = match &event {
            Ok(Event::Start(e)) => (Some(e.clone()), false),
            Ok(Event::Empty(e)) => (Some(e.clone()), true),
            Ok(Event::End(e)) => {
                match e.local_name().as_ref() {
                    "table-row" => {
                        // calamine pushes every cell of the row up to the
                        // last non-empty one, once per <table-row>.
                        total = total.saturating_add(used);
                        if used > 0 {
                            first.get_or_insert(row);
                            last = row + repeats - 1;
                            width = width.max(used);
                        }
                        row = row.saturating_add(repeats).min(ODS_MAX_ROWS);
                    }
                    "table" => {
                        let area = first.map_or(0, |f| (last - f + 1).saturating_mul(width));
                        total = total.saturating_add(area);
                        if area > limits.max_dense_cells {
                            return Err(too_large(&table, area));
                        }
                    }
                    _ => {}
                }
                (None, false)
            }
            Ok(Event::Eof) => break,
            Err(_) => return Ok(()), // malformed XML: calamine reports it
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                "table" => {
                    table = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "name")
                        .map(|a| a.value.into_owned())
                        .unwrap_or_default();
                    (row, first, last, width) = (0, None, 0, 0);
                }
                "table-row" => {
                    repeats = attr_u64(&e, "number-rows-repeated")
                        .unwrap_or(1)
                        .clamp(1, ODS_MAX_ROWS);
                    (col, used) = (0, 0);
                    if empty {
                        row = row.saturating_add(repeats).min(ODS_MAX_ROWS);
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let n = attr_u64(&e, "number-columns-repeated").unwrap_or(1).max(1);
                    col = col.saturating_add(n).min(ODS_MAX_COLS);
                    let has_value = !empty
                        || e.attributes().flatten().any(|a| {
                            let k = a.key.local_name();
                            matches!(
                                k.as_ref(),
                                "value"
                                    | "string-value"
                                    | "date-value"
                                    | "time-value"
                                    | "boolean-value"
                                    | "formula"
                            )
                        });
                    if has_value {
                        used = col;
                    }
                }
                _ => {}
            }
        }
        if total > limits.max_dense_cells {
            return Err(too_large(&table, total));
        }
        buf.clear();
    }
    Ok(())
}
