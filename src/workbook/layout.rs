//! Column widths, row heights and hidden rows/columns of an xlsx, which
//! calamine does not expose. Read from the sheet XML so the annotated copy
//! looks like the original.

use super::cellref::parse_a1;
use super::{Rect, SheetLayout};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

/// Sheet name → (layout, merged regions as written), from one parse of each
/// sheet part. Missing or malformed parts simply give no layout or merges.
/// Merges are read here rather than by calamine, whose range parser
/// overflows on a reversed region such as `F6:E5` (a panic in debug builds).
pub fn read_xlsx_layouts_and_merges(bytes: &[u8]) -> HashMap<String, (SheetLayout, Vec<Rect>)> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    for (name, path) in sheet_parts(&mut zip) {
        if let Ok(part) = zip.by_name(&path) {
            out.insert(name, sheet_extras(BufReader::new(part)));
        }
    }
    out
}

/// Sheet name → layout.
pub fn read_xlsx_layouts(bytes: &[u8]) -> HashMap<String, SheetLayout> {
    read_xlsx_layouts_and_merges(bytes)
        .into_iter()
        .map(|(name, (layout, _))| (name, layout))
        .collect()
}

/// Sheet name → merged regions as written.
pub fn read_xlsx_merges(bytes: &[u8]) -> HashMap<String, Vec<Rect>> {
    read_xlsx_layouts_and_merges(bytes)
        .into_iter()
        .map(|(name, (_, merges))| (name, merges))
        .collect()
}

/// (sheet name, part path) of every sheet listed in the workbook.
fn sheet_parts<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Vec<(String, String)> {
    let rels = read_part(zip, "xl/_rels/workbook.xml.rels")
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let Some(workbook) = read_part(zip, "xl/workbook.xml") else {
        return Vec::new();
    };
    sheet_entries(&workbook)
        .into_iter()
        .filter_map(|(name, rid)| {
            let target = rels.get(&rid)?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect()
}

/// Most `<mergeCell>` elements read from one sheet.
const MAX_MERGE_ELEMENTS: usize = 100_000;

/// One merged region from a `<mergeCell ref="A1:B2">`, corners ordered.
fn merge_ref(e: &BytesStart<'_>) -> Option<Rect> {
    let text = attr(e, "ref")?;
    let mut corners = text.split(':').map(parse_a1);
    match (corners.next(), corners.next(), corners.next()) {
        (Some(Some(a)), Some(Some(b)), None) => Some(Rect {
            top: a.0.min(b.0),
            left: a.1.min(b.1),
            bottom: a.0.max(b.0),
            right: a.1.max(b.1),
        }),
        _ => None,
    }
}

fn read_part<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut s = String::new();
    // Workbook-level parts are small; bound them anyway.
    zip.by_name(name)
        .ok()?
        .take(16 * 1024 * 1024)
        .read_to_string(&mut s)
        .ok()?;
    Some(s)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let local = a.key.local_name();
        let name: &str = local.as_ref();
        (name == key).then(|| {
            let raw: &str = a.value.as_ref();
            quick_xml::escape::unescape(raw)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| raw.to_string())
        })
    })
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    let local = e.local_name();
    let n: &str = local.as_ref();
    n == name
}

fn relationships(xml: &str) -> HashMap<String, String> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if is(&e, "Relationship") => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, t);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn sheet_entries(xml: &str) -> Vec<(String, String)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if is(&e, "sheet") => {
                if let (Some(n), Some(id)) = (attr(&e, "name"), attr(&e, "id")) {
                    out.push((n, id));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// Rows beyond this many custom entries are left at the default height: a
/// million formatted empty rows must not cost a million map entries.
const MAX_ROW_ENTRIES: usize = 100_000;

fn sheet_extras<R: std::io::BufRead>(src: R) -> (SheetLayout, Vec<Rect>) {
    let mut r = Reader::from_reader(src);
    let mut layout = SheetLayout::default();
    let mut merges = Vec::new();
    let mut buf = Vec::new();
    let mut next_row: u32 = 0;
    // <sheetPr><pageSetUpPr fitToPage> comes before <pageSetup>.
    let mut fit_to_page = false;
    loop {
        buf.clear();
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref() {
                "sheetFormatPr" => {
                    layout.default_row_height =
                        attr(&e, "defaultRowHeight").and_then(|v| v.parse().ok());
                }
                "col" => {
                    let min: u32 = attr(&e, "min").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let max: u32 = attr(&e, "max").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let width: Option<f64> = attr(&e, "width").and_then(|v| v.parse().ok());
                    let hidden = attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true");
                    // A <col> may span to column 16384; only the first few
                    // hundred matter for a form.
                    for c in min.max(1)..=max.min(min.max(1) + 512).min(16384) {
                        if let Some(w) = width {
                            layout.col_widths.insert(c - 1, w);
                        }
                        if hidden {
                            layout.hidden_cols.push(c - 1);
                        }
                    }
                }
                "row" => {
                    let row = attr(&e, "r")
                        .and_then(|v| v.parse::<u32>().ok())
                        .map_or(next_row, |r| r.saturating_sub(1));
                    next_row = row + 1;
                    if layout.row_heights.len() + layout.hidden_rows.len() >= MAX_ROW_ENTRIES {
                        continue;
                    }
                    if attr(&e, "customHeight").is_some_and(|v| v == "1" || v == "true") {
                        if let Some(h) = attr(&e, "ht").and_then(|v| v.parse().ok()) {
                            layout.row_heights.insert(row, h);
                        }
                    }
                    if attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true") {
                        layout.hidden_rows.push(row);
                    }
                }
                "mergeCell" if merges.len() < MAX_MERGE_ELEMENTS => {
                    merges.extend(merge_ref(&e));
                }
                "pageSetUpPr" => {
                    fit_to_page = attr(&e, "fitToPage").is_some_and(|v| v == "1" || v == "true");
                }
                "pageSetup" => page_setup(&e, &mut layout.page, fit_to_page),
                "pageMargins" => {
                    let m = |k: &str, d: f64| attr(&e, k).and_then(|v| v.parse().ok()).unwrap_or(d);
                    layout.page.margins = Some([
                        m("left", 0.7),
                        m("right", 0.7),
                        m("top", 0.75),
                        m("bottom", 0.75),
                        m("header", 0.3),
                        m("footer", 0.3),
                    ]);
                }
                "printOptions" => {
                    let on = |k: &str| attr(&e, k).is_some_and(|v| v == "1" || v == "true");
                    layout.page.center_horizontally = on("horizontalCentered");
                    layout.page.center_vertically = on("verticalCentered");
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (layout, merges)
}

fn page_setup(e: &BytesStart<'_>, page: &mut super::PageSetup, fit_to_page: bool) {
    let num = |k: &str| attr(e, k).and_then(|v| v.parse::<u32>().ok());
    page.landscape = attr(e, "orientation").is_some_and(|v| v == "landscape");
    page.paper_size = num("paperSize").and_then(|v| u8::try_from(v).ok());
    page.scale = num("scale")
        .and_then(|v| u16::try_from(v).ok())
        .filter(|s| (10..=400).contains(s));
    if fit_to_page {
        let w = num("fitToWidth").unwrap_or(1).min(u32::from(u16::MAX)) as u16;
        let h = num("fitToHeight").unwrap_or(1).min(u32::from(u16::MAX)) as u16;
        page.fit_to_pages = Some((w, h));
    }
}
