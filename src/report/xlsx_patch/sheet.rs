//! Minimal edits of a user's worksheet part: conditional formats for the
//! marks, the `legacyDrawing` that ties the sheet to its notes, notes
//! printed at the end, and un-selecting the tab. Everything else in the
//! part (cells, namespaces, extension lists) is left byte for byte.

use super::package::REL_NS;
use super::xml::{self, El, Splice};
use super::PatchError;
use crate::workbook::cellref::parse_a1;
use std::collections::{HashMap, HashSet};

/// CT_Worksheet child order (ECMA-376 Part 1, 18.3.1.99).
pub(crate) const ORDER: [&str; 38] = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
];

/// A rectangle of cells, 0-based inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Area {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

impl Area {
    fn contains(&self, row: u32, col: u32) -> bool {
        (self.top..=self.bottom).contains(&row) && (self.left..=self.right).contains(&col)
    }

    pub fn a1(&self) -> String {
        let tl = crate::workbook::cellref::a1(self.top, self.left);
        if self.top == self.bottom && self.left == self.right {
            tl
        } else {
            format!(
                "{tl}:{}",
                crate::workbook::cellref::a1(self.bottom, self.right)
            )
        }
    }
}

fn parse_area(r: &str) -> Option<Area> {
    let (a, b) = r.split_once(':').unwrap_or((r, r));
    let (top, left) = parse_a1(a)?;
    let (bottom, right) = parse_a1(b)?;
    Some(Area {
        top: top.min(bottom),
        left: left.min(right),
        bottom: top.max(bottom),
        right: left.max(right),
    })
}

/// What the marks need to know about a worksheet part.
pub(crate) struct Sheet {
    pub xml: String,
    els: Vec<El>,
    merges: Vec<Area>,
    /// `r:id` of an existing `legacyDrawing`.
    pub legacy_rid: Option<String>,
    selected: bool,
    cells: CellStyles,
}

/// Styles of the wanted cells and of their rows, gathered while scanning.
/// Cells and rows without `r` take the position after the previous one.
#[derive(Default)]
struct CellStyles {
    cell: HashMap<(u32, u32), usize>,
    row: HashMap<u32, usize>,
    at_row: u32,
    next_row: u32,
    next_col: u32,
}

impl CellStyles {
    fn visit(&mut self, depth: usize, name: &str, head: &str, wanted: &HashSet<(u32, u32)>) {
        let num = |k: &str| xml::attr(head, k).and_then(|v| v.trim().parse::<usize>().ok());
        match (depth, name) {
            (2, "row") => {
                let row = num("r")
                    .and_then(|r| u32::try_from(r).ok()?.checked_sub(1))
                    .unwrap_or(self.next_row);
                self.at_row = row;
                self.next_row = row.saturating_add(1);
                self.next_col = 0;
                let custom =
                    xml::attr(head, "customFormat").is_some_and(|v| v == "1" || v == "true");
                if custom && wanted.iter().any(|w| w.0 == row) {
                    if let Some(s) = num("s") {
                        self.row.insert(row, s);
                    }
                }
            }
            (3, "c") => {
                let at = xml::attr(head, "r")
                    .and_then(|r| parse_a1(&r))
                    .unwrap_or((self.at_row, self.next_col));
                self.next_col = at.1.saturating_add(1);
                if wanted.contains(&at) {
                    self.cell.insert(at, num("s").unwrap_or(0));
                }
            }
            _ => {}
        }
    }
}

impl Sheet {
    /// Read a sheet part, noting the style of each `wanted` cell on the way
    /// (one pass over the part).
    pub fn parse(xml: String, wanted: &HashSet<(u32, u32)>) -> Result<Self, PatchError> {
        let mut cells = CellStyles::default();
        let els = xml::scan_visit(
            &xml,
            |d, n| {
                d <= 1
                    || (d == 2 && matches!(n, "sheetView" | "mergeCell" | "col"))
                    || n == "cfRule"
            },
            |d, n, head| {
                if !wanted.is_empty() {
                    cells.visit(d, n, head, wanted);
                }
            },
        )?;
        let root = els
            .first()
            .filter(|e| {
                e.local() == "worksheet"
                    || e.local() == "chartsheet"
                    || e.local() == "dialogsheet"
                    || e.local() == "macrosheet"
            })
            .ok_or_else(|| PatchError::new("工作表部件格式错误"))?;
        xml::main_ns_decl(root.head(&xml))?;
        let merges = els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "mergeCell")
            .filter_map(|e| parse_area(&e.attr(&xml, "ref")?))
            .collect();
        let legacy_rid = els
            .iter()
            .find(|e| e.depth == 1 && e.local() == "legacyDrawing")
            .and_then(|e| rid(&xml, e, root));
        let selected = els.iter().any(|e| view_selected(&xml, e));
        Ok(Sheet {
            xml,
            els,
            merges,
            legacy_rid,
            selected,
            cells,
        })
    }

    pub fn selected(&self) -> bool {
        self.selected
    }

    /// The merged area whose top-left cell is (row, col), or the cell.
    pub fn area_of(&self, row: u32, col: u32) -> Area {
        self.merges
            .iter()
            .find(|m| m.contains(row, col))
            .copied()
            .unwrap_or(Area {
                top: row,
                left: col,
                bottom: row,
                right: col,
            })
    }

    /// Style index of each wanted cell (as given to [`Sheet::parse`]): its
    /// own, else its row's, else its column's.
    pub fn styles_of(&self, wanted: &HashSet<(u32, u32)>) -> HashMap<(u32, u32), usize> {
        let mut out = self.cells.cell.clone();
        let row_style = &self.cells.row;
        let col_styles: Vec<(u32, u32, usize)> = self
            .els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "col")
            .filter_map(|e| {
                let n = |k| {
                    e.attr(&self.xml, k)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                };
                Some((
                    n("min")?.checked_sub(1)?,
                    n("max")?.checked_sub(1)?,
                    n("style")? as usize,
                ))
            })
            .collect();
        for &(r, c) in wanted {
            out.entry((r, c)).or_insert_with(|| {
                row_style.get(&r).copied().unwrap_or_else(|| {
                    col_styles
                        .iter()
                        .find(|(a, b, _)| (*a..=*b).contains(&c))
                        .map_or(0, |t| t.2)
                })
            });
        }
        out
    }

    /// Apply the edits; `None` when there are none.
    pub fn edit(&self, e: &SheetEdit) -> Result<Option<String>, PatchError> {
        let xml = &self.xml;
        let (root, kids) = xml::root_and_children(&self.els)?;
        let p = root.prefix();
        let mut s = Splice::default();
        if !e.cf.is_empty() {
            let n = e.cf.len() as u64;
            for rule in self.els.iter().filter(|el| el.local() == "cfRule") {
                if let Some(old) = rule
                    .attr(xml, "priority")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                {
                    s.set_attr(xml, rule, "priority", &(old + n).to_string());
                }
            }
            let at = xml::insert_at(xml, &self.els, root, &kids, &ORDER, "conditionalFormatting")?;
            let mut text = String::new();
            for (i, (sqref, dxf)) in e.cf.iter().enumerate() {
                text.push_str(&format!(
                    "<{p}conditionalFormatting sqref=\"{sqref}\"><{p}cfRule type=\"expression\" dxfId=\"{dxf}\" priority=\"{}\"><{p}formula>TRUE</{p}formula></{p}cfRule></{p}conditionalFormatting>",
                    i + 1
                ));
            }
            s.insert(at, text);
        }
        if e.comments_at_end {
            match kids
                .iter()
                .map(|&k| &self.els[k])
                .find(|k| k.local() == "pageSetup")
            {
                Some(ps) => match ps.attr(xml, "cellComments").as_deref() {
                    None | Some("none") => s.set_attr(xml, ps, "cellComments", "atEnd"),
                    Some(_) => {}
                },
                None => {
                    let at = xml::insert_at(xml, &self.els, root, &kids, &ORDER, "pageSetup")?;
                    s.insert(at, format!("<{p}pageSetup cellComments=\"atEnd\"/>"));
                }
            }
        }
        if let Some(id) = &e.legacy_rid {
            let at = xml::insert_at(xml, &self.els, root, &kids, &ORDER, "legacyDrawing")?;
            let attr = match xml::ns_prefix(root.head(xml), REL_NS) {
                Some(r) if !r.is_empty() => format!("{r}id=\"{}\"", xml::esc(id)),
                _ => format!("xmlns:r=\"{REL_NS}\" r:id=\"{}\"", xml::esc(id)),
            };
            s.insert(at, format!("<{p}legacyDrawing {attr}/>"));
        }
        if e.unselect {
            for v in self.els.iter().filter(|el| view_selected(xml, el)) {
                s.remove_attr(xml, v, "tabSelected");
            }
        }
        if s.is_empty() {
            return Ok(None);
        }
        s.apply(xml).map(Some)
    }
}

/// The edits of one sheet.
#[derive(Debug, Default)]
pub(crate) struct SheetEdit {
    /// Conditional formats (sqref, dxf id), highest priority first.
    pub cf: Vec<(String, u32)>,
    /// `r:id` of a new `legacyDrawing` to add.
    pub legacy_rid: Option<String>,
    pub comments_at_end: bool,
    pub unselect: bool,
}

fn view_selected(xml: &str, e: &El) -> bool {
    e.depth == 2
        && e.local() == "sheetView"
        && e.attr(xml, "tabSelected")
            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
}

/// The relationship id on `el`, whatever prefix the part binds the
/// relationships namespace to.
fn rid(xml: &str, el: &El, root: &El) -> Option<String> {
    let head_ns =
        xml::ns_prefix(el.head(xml), REL_NS).or_else(|| xml::ns_prefix(root.head(xml), REL_NS))?;
    el.attr(xml, &format!("{head_ns}id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WS: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><cols><col min="3" max="4" style="2"/></cols><sheetData><row r="2" s="5" customFormat="1"><c r="A2" s="1"/><c s="3"/></row><row><c/><c/></row></sheetData><mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells><conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="0" priority="1"><formula>1</formula></cfRule></conditionalFormatting><dataValidations count="0"/><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><drawing r:id="rId1"/></worksheet>"#;

    #[test]
    fn cell_styles_follow_implicit_positions_rows_and_columns() {
        let wanted: HashSet<(u32, u32)> = [(1, 0), (1, 1), (1, 5), (2, 1), (2, 3), (9, 9)].into();
        let sh = Sheet::parse(WS.to_string(), &wanted).unwrap();
        let st = sh.styles_of(&wanted);
        assert_eq!(st[&(1, 0)], 1);
        assert_eq!(st[&(1, 1)], 3);
        assert_eq!(st[&(1, 5)], 5, "row style");
        assert_eq!(st[&(2, 1)], 0, "implicit row 3, implicit column B");
        assert_eq!(st[&(2, 3)], 2, "column style");
        assert_eq!(st[&(9, 9)], 0);
        assert_eq!(sh.area_of(2, 1).a1(), "A2:B3");
        assert!(sh.selected());
    }

    #[test]
    fn edits_land_in_schema_order_and_shift_priorities() {
        let sh = Sheet::parse(WS.to_string(), &HashSet::new()).unwrap();
        let out = sh
            .edit(&SheetEdit {
                cf: vec![("C3".into(), 4), ("D4 E5".into(), 5)],
                legacy_rid: Some("rId9".into()),
                comments_at_end: true,
                unselect: true,
            })
            .unwrap()
            .unwrap();
        assert!(
            out.contains(r#"priority="3"><formula>1</formula>"#),
            "{out}"
        );
        assert!(out.contains(r#"</conditionalFormatting><conditionalFormatting sqref="C3"><cfRule type="expression" dxfId="4" priority="1">"#));
        assert!(out.contains(r#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup cellComments="atEnd"/><drawing r:id="rId1"/><legacyDrawing r:id="rId9"/></worksheet>"#), "{out}");
        assert!(out.contains(r#"<sheetView workbookViewId="0"/>"#));
    }

    #[test]
    fn existing_page_setup_only_gains_the_attribute() {
        let xml = r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/><x:pageSetup paperSize="9" orientation="landscape"/></x:worksheet>"#;
        let sh = Sheet::parse(xml.to_string(), &HashSet::new()).unwrap();
        let out = sh
            .edit(&SheetEdit {
                comments_at_end: true,
                legacy_rid: Some("rId1".into()),
                ..SheetEdit::default()
            })
            .unwrap()
            .unwrap();
        assert_eq!(
            out,
            r#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/><x:pageSetup paperSize="9" orientation="landscape" cellComments="atEnd"/><x:legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/></x:worksheet>"#
        );
    }
}
