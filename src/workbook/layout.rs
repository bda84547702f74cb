//! Column widths, row heights and hidden rows/columns of an xlsx, which
//! calamine does not expose. Read from the sheet XML so the annotated copy
//! looks like the original.

use super::SheetLayout;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

/// Sheet name → layout. Missing or malformed parts simply give no layout.
pub fn read_xlsx_layouts(bytes: &[u8]) -> HashMap<String, SheetLayout> {
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let rels = read_part(&mut zip, "xl/_rels/workbook.xml.rels")
        .map(|x| relationships(&x))
        .unwrap_or_default();
    let Some(workbook) = read_part(&mut zip, "xl/workbook.xml") else {
        return out;
    };
    for (name, rid) in sheet_entries(&workbook) {
        let Some(target) = rels.get(&rid) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        if let Ok(part) = zip.by_name(&path) {
            out.insert(name, sheet_layout(BufReader::new(part)));
        }
    }
    out
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

fn sheet_layout<R: std::io::BufRead>(src: R) -> SheetLayout {
    let mut r = Reader::from_reader(src);
    let mut layout = SheetLayout::default();
    let mut buf = Vec::new();
    let mut next_row: u32 = 0;
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
                _ => {}
            },
            Ok(Event::End(e))
                if {
                    let n = e.local_name();
                    let n: &str = n.as_ref();
                    n == "sheetData"
                } =>
            {
                break
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    layout
}
