//! Patch mode for the checked copy of an .xlsx/.xlsm (design.md §7): the
//! user's own package with the marks and the result sheets added, every
//! other part copied byte for byte.
//!
//! Why: rebuilding the workbook from what calamine reads loses everything
//! calamine cannot see (notes, images, charts, validation, conditional
//! formats, defined names, protection, print areas, page breaks), so the
//! copy would print and behave differently from the file the user sent.
//!
//! What is edited, and why (every other part is raw-copied):
//! - `[Content_Types].xml`: overrides for the new parts (and the `vml`
//!   default when missing);
//! - the workbook part (`xl/workbook.xml`): the result sheets first in
//!   `<sheets>`, `workbookView activeTab`/`firstSheet` on them, every
//!   `definedName localSheetId` shifted by their count, their own defined
//!   names (autofilter, print titles) added;
//! - the workbook's `.rels`: the new worksheet parts (and a new styles part
//!   for a package without one);
//! - the styles part: the result sheets' styles and the mark `dxf`s
//!   appended (nothing existing moves);
//! - each marked worksheet part: `conditionalFormatting` elements (and the
//!   existing rules' priorities shifted so ours are unique and first), a
//!   `legacyDrawing` when the sheet had none, `cellComments="atEnd"` on
//!   `pageSetup`, `tabSelected` removed;
//! - any other sheet part that was `tabSelected`: that attribute removed;
//! - a marked sheet's `.rels`, its comments part and its VML drawing, when
//!   they exist (otherwise they are new parts).
//!
//! `docProps/app.xml` is left alone: its `TitlesOfParts` is a cache the
//! application rewrites on save, Excel, WPS and LibreOffice do not read it
//! back, and its heading pairs are localised (工作表/Worksheets), so editing
//! it could only add risk.

mod comments;
pub(crate) mod marker;
mod package;
mod sheet;
mod styles;
mod transplant;
mod vml;
mod workbook;
mod xml;

pub use marker::marker;

use crate::workbook::Limits;
use package::{
    add_rels, find_rel, key, parse_rels, relative, rels_path, resolve, ContentTypes, Output,
    Package, RelIds, CONTENT_TYPES, CT_COMMENTS, CT_STYLES, CT_VML, CT_WORKSHEET, REL_COMMENTS,
    REL_OFFICE_DOCUMENT, REL_STYLES, REL_VML, REL_WORKSHEET,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Severity of a mark; decides its colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkLevel {
    Error,
    Warning,
    Info,
}

impl MarkLevel {
    /// Fill and border colours (RGB), the one definition both modes and the
    /// 审核结果 legend use. The fills print at about 64–74 % grey, dark
    /// enough to survive a greyscale printout while black text stays
    /// legible; the borders (red, amber, blue) tell the levels apart.
    pub fn colours(self) -> (u32, u32) {
        match self {
            MarkLevel::Error => (0xFF7C80, 0xC00000),
            MarkLevel::Warning => (0xFFC000, 0x9C5700),
            MarkLevel::Info => (0x9BC2E6, 0x1F4E79),
        }
    }

    fn weight(self) -> u8 {
        match self {
            MarkLevel::Error => 3,
            MarkLevel::Warning => 2,
            MarkLevel::Info => 1,
        }
    }
}

/// One mark on a cell. A cell may carry several marks (several findings,
/// or a finding's cell that is also another's related cell); they are
/// merged: the strongest level wins, numbers and notes are all kept, and a
/// flagged mark (with a number or a note) beats a related-cell outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellMark {
    /// 0-based row.
    pub row: u32,
    /// 0-based column.
    pub col: u32,
    pub level: MarkLevel,
    /// Finding number shown on the cell; `None` for a related-cell outline.
    pub number: Option<u32>,
    /// Note text (Chinese); `None` for related cells.
    pub note: Option<String>,
}

/// The marks of one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetMarks {
    /// Sheet name as in workbook.xml.
    pub sheet: String,
    pub cells: Vec<CellMark>,
}

/// Options of [`patch_xlsx`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PatchOptions {
    /// Bounds on the input and result packages (the same guard as reading).
    pub limits: Limits,
}

/// Why a package could not be patched; the caller falls back to rebuild
/// mode. The message is Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchError {
    pub message: String,
}

impl PatchError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        PatchError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "无法在原文件上直接标注：{}", self.message)
    }
}

impl std::error::Error for PatchError {}

/// The checked copy of `input` (an .xlsx/.xlsm package): `marks` laid on
/// its sheets and the sheets of `results` (an .xlsx written by
/// rust_xlsxwriter holding only the result sheets, in order) added first,
/// the workbook opening on the first of them.
///
/// Never panics; anything unexpected is a [`PatchError`].
pub fn patch_xlsx(
    input: &[u8],
    marks: &[SheetMarks],
    results: &[u8],
    opts: &PatchOptions,
) -> Result<Vec<u8>, PatchError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        patch(input, marks, results, opts)
    }))
    .unwrap_or_else(|_| Err(PatchError::new("内部错误")))
}

/// Whether `input` is a macro-enabled workbook (its main part typed
/// `sheet.macroEnabled.main`): the patched copy keeps the VBA project and
/// that type, so its file must be named .xlsm for Excel to open it.
pub fn macro_enabled(input: &[u8], opts: &PatchOptions) -> bool {
    let types = Package::open(input, &opts.limits).and_then(|mut p| p.text(CONTENT_TYPES));
    matches!(types, Ok(Some(t)) if t.contains("sheet.macroEnabled.main+xml"))
}

/// Excel's grid.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;
/// Excel's longest sheet name.
const MAX_NAME: usize = 31;

fn patch(
    input: &[u8],
    marks: &[SheetMarks],
    results: &[u8],
    opts: &PatchOptions,
) -> Result<Vec<u8>, PatchError> {
    let mut pkg = Package::open(input, &opts.limits)?;
    let mut out = Output::new(&pkg);
    let root_rels = parse_rels(pkg.text("_rels/.rels")?.as_deref())?;
    let wb_part = find_rel(&root_rels, REL_OFFICE_DOCUMENT)
        .map(|r| resolve("", &r.target))
        .ok_or_else(|| PatchError::new("找不到工作簿主部件（可能是 Strict Open XML 格式）"))?;
    let book = workbook::Book::parse(pkg.need_text(&wb_part)?)?;
    let wb_rels_part = rels_path(&wb_part);
    let wb_rels_xml = pkg.need_text(&wb_rels_part)?;
    let wb_rels = parse_rels(Some(&wb_rels_xml))?;
    let mut wb_ids = RelIds::new(&wb_rels);
    let mut types = ContentTypes::parse(pkg.need_text(CONTENT_TYPES)?)?;

    // Every sheet's part, through the relationships.
    let mut parts: Vec<(String, bool)> = Vec::new();
    for s in &book.sheets {
        let rel = wb_rels
            .iter()
            .find(|r| r.id == s.rid && !r.external)
            .ok_or_else(|| PatchError::new(format!("工作表“{}”的关系缺失", s.name)))?;
        let part = resolve(&wb_part, &rel.target);
        if !pkg.has(&part) {
            return Err(PatchError::new(format!(
                "工作表“{}”的部件 {part} 缺失",
                s.name
            )));
        }
        parts.push((part, rel.kind == REL_WORKSHEET));
    }

    let styles_part = find_rel(&wb_rels, REL_STYLES)
        .map(|r| resolve(&wb_part, &r.target))
        .filter(|p| pkg.has(p));
    let mut styles = styles::Styles::parse(match &styles_part {
        Some(p) => pkg.text(p)?,
        None => None,
    })?;
    let res = transplant::Results::read(results, &opts.limits)?;
    let style_map = match &res.styles {
        Some(x) => styles.merge(x)?,
        None => styles::StyleMap::default(),
    };

    let existing: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    let names = unique_names(res.sheets.iter().map(|s| s.name.as_str()), &existing)?;
    let renames: Vec<(String, String)> = res
        .sheets
        .iter()
        .zip(&names)
        .filter(|(s, n)| s.name != **n)
        .map(|(s, n)| (s.name.clone(), n.clone()))
        .collect();

    // Marks, grouped by sheet index.
    let mut by_sheet: BTreeMap<usize, Vec<&CellMark>> = BTreeMap::new();
    for sm in marks {
        let i = book
            .sheets
            .iter()
            .position(|s| s.name == sm.sheet)
            .or_else(|| {
                book.sheets
                    .iter()
                    .position(|s| s.name.to_lowercase() == sm.sheet.to_lowercase())
            })
            .ok_or_else(|| PatchError::new(format!("找不到工作表“{}”", sm.sheet)))?;
        if !parts[i].1 {
            return Err(PatchError::new(format!(
                "“{}”不是普通工作表，无法标注",
                sm.sheet
            )));
        }
        by_sheet.entry(i).or_default().extend(&sm.cells);
    }
    let mut blocks: Option<vml::Blocks> = None;
    for (i, (part, _)) in parts.iter().enumerate() {
        let cells = by_sheet.get(&i).map(Vec::as_slice).unwrap_or_default();
        // An unmarked sheet is edited only to drop `tabSelected`, which
        // sits in `sheetViews`, before the cells: reading up to them spares
        // inflating a large sheet just to look.
        if cells.is_empty() && !pkg.head_contains(part, b"tabSelected", b"sheetData")? {
            continue;
        }
        let Some(xml) = pkg.text(part)? else {
            continue;
        };
        let spots = merge_marks(cells)?;
        let wanted: HashSet<(u32, u32)> = spots
            .iter()
            .filter(|s| s.flagged)
            .map(|s| (s.row, s.col))
            .collect();
        let sheet = sheet::Sheet::parse(xml, &wanted)?;
        let mut edit = sheet::SheetEdit {
            unselect: sheet.selected(),
            ..sheet::SheetEdit::default()
        };
        if !cells.is_empty() {
            edit.cf = conditional_formats(&sheet, &spots, &wanted, &mut styles);
            let notes: Vec<comments::Note> = spots
                .iter()
                .filter(|s| !s.notes.is_empty())
                .map(|s| comments::Note {
                    row: s.row,
                    col: s.col,
                    text: s.notes.join("\n"),
                })
                .collect();
            if !notes.is_empty() {
                let blocks = match &mut blocks {
                    Some(b) => b,
                    None => blocks.insert(vml_blocks(&mut pkg)?),
                };
                let target = NotedSheet {
                    part,
                    sheet: &sheet,
                    wb_part: &wb_part,
                };
                add_notes(
                    &mut pkg, &mut out, &mut types, target, &notes, blocks, &mut edit,
                )?;
                edit.comments_at_end = true;
            }
        }
        if let Some(x) = sheet.edit(&edit)? {
            out.edit(part, x);
        }
    }

    // The result sheets as new parts.
    let wb_dir = wb_part.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let mut new_rels = Vec::new();
    let mut new_sheets = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let part = out.fresh_name(&format!("{wb_dir}/worksheets"), "sheet", "xml");
        out.add(&part, res.sheet_xml(i, &style_map, &renames)?);
        let rels = res.sheet_rels(i);
        if !rels.is_empty() {
            out.add(&rels_path(&part), add_rels(None, &rels)?);
        }
        types.add_override(&part, CT_WORKSHEET);
        let id = wb_ids.fresh();
        new_rels.push((id.clone(), REL_WORKSHEET, relative(&wb_part, &part), false));
        new_sheets.push((name.clone(), id));
    }
    out.edit(
        &wb_part,
        book.edit(&new_sheets, &res.defined_names(&renames))?,
    );

    if let Some(x) = styles.finish()? {
        match &styles_part {
            Some(p) => out.edit(p, x),
            None => {
                let part = out.plain_or_fresh_name(&wb_dir, "styles", "xml");
                out.add(&part, x);
                types.add_override(&part, CT_STYLES);
                new_rels.push((wb_ids.fresh(), REL_STYLES, relative(&wb_part, &part), false));
            }
        }
    }
    out.edit(&wb_rels_part, add_rels(Some(&wb_rels_xml), &new_rels)?);
    if let Some(x) = types.finish()? {
        out.edit(CONTENT_TYPES, x);
    }
    out.write(&mut pkg)
}

/// One marked cell after merging its marks.
struct Spot {
    row: u32,
    col: u32,
    level: MarkLevel,
    flagged: bool,
    numbers: Vec<u32>,
    notes: Vec<String>,
}

fn merge_marks(cells: &[&CellMark]) -> Result<Vec<Spot>, PatchError> {
    let mut spots: BTreeMap<(u32, u32), Spot> = BTreeMap::new();
    for m in cells {
        if m.row > MAX_ROW || m.col > MAX_COL {
            return Err(PatchError::new(format!(
                "标注位置超出工作表范围（行 {}，列 {}）",
                m.row + 1,
                m.col + 1
            )));
        }
        let flagged = m.number.is_some() || m.note.is_some();
        let s = spots.entry((m.row, m.col)).or_insert(Spot {
            row: m.row,
            col: m.col,
            level: m.level,
            flagged,
            numbers: Vec::new(),
            notes: Vec::new(),
        });
        if flagged && !s.flagged {
            s.flagged = true;
            s.level = m.level;
        } else if flagged == s.flagged && m.level.weight() > s.level.weight() {
            s.level = m.level;
        }
        s.numbers.extend(m.number);
        s.notes
            .extend(m.note.iter().filter(|n| !n.is_empty()).cloned());
    }
    let mut out: Vec<Spot> = spots.into_values().collect();
    for s in &mut out {
        s.numbers.sort_unstable();
        s.numbers.dedup();
        s.notes.dedup();
    }
    Ok(out)
}

/// Conditional formats for the spots, flagged cells (strongest first)
/// before related ones; one rule per dxf, over the merged areas.
fn conditional_formats(
    sheet: &sheet::Sheet,
    spots: &[Spot],
    wanted: &HashSet<(u32, u32)>,
    styles: &mut styles::Styles,
) -> Vec<(String, u32)> {
    let cell_styles = sheet.styles_of(wanted);
    let mut order: Vec<&Spot> = spots.iter().collect();
    order.sort_by_key(|s| {
        (
            !s.flagged,
            std::cmp::Reverse(s.level.weight()),
            s.row,
            s.col,
        )
    });
    let mut groups: Vec<(u32, Vec<String>)> = Vec::new();
    let mut index: HashMap<u32, usize> = HashMap::new();
    for s in order {
        let format = if s.flagged && !s.numbers.is_empty() {
            let xf = cell_styles.get(&(s.row, s.col)).copied().unwrap_or(0);
            styles
                .format_code(xf)
                .map(|code| marker::marked_format(&code, &marker::suffix(&s.numbers)))
        } else {
            None
        };
        let dxf = styles.mark_dxf(s.level, !s.flagged, format.as_deref());
        let at = *index.entry(dxf).or_insert_with(|| {
            groups.push((dxf, Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(sheet.area_of(s.row, s.col).a1());
    }
    groups.into_iter().map(|(d, r)| (r.join(" "), d)).collect()
}

/// Idmap blocks of every VML drawing in the package.
fn vml_blocks(pkg: &mut Package<'_>) -> Result<vml::Blocks, PatchError> {
    let names: Vec<String> = pkg
        .names()
        .iter()
        .filter(|n| key(n).ends_with(".vml"))
        .cloned()
        .collect();
    let mut texts = Vec::new();
    for n in names {
        if let Some(b) = pkg.read(&n)? {
            texts.push(String::from_utf8_lossy(&b).into_owned());
        }
    }
    Ok(vml::Blocks::new(texts.iter().map(String::as_str)))
}

/// The sheet whose notes are merged: its part name, its parsed XML and the
/// workbook part it belongs to (new parts go beside the workbook's).
struct NotedSheet<'a> {
    part: &'a str,
    sheet: &'a sheet::Sheet,
    wb_part: &'a str,
}

/// Merge `notes` into the sheet's comments part and VML drawing, creating
/// them (with their relationships and content types) when missing.
fn add_notes(
    pkg: &mut Package<'_>,
    out: &mut Output,
    types: &mut ContentTypes,
    target: NotedSheet<'_>,
    notes: &[comments::Note],
    blocks: &mut vml::Blocks,
    edit: &mut sheet::SheetEdit,
) -> Result<(), PatchError> {
    let NotedSheet {
        part,
        sheet,
        wb_part,
    } = target;
    let rels_part = rels_path(part);
    let rels_xml = pkg.text(&rels_part)?;
    let rels = parse_rels(rels_xml.as_deref())?;
    let mut ids = RelIds::new(&rels);
    let mut new_rels = Vec::new();
    let wb_dir = wb_part.rsplit_once('/').map_or("", |(d, _)| d).to_string();

    let comments_part = find_rel(&rels, REL_COMMENTS).map(|r| resolve(part, &r.target));
    let existing = match &comments_part {
        Some(p) => Some(pkg.need_text(p)?),
        None => None,
    };
    let (xml, fresh) = comments::merge(existing.as_deref(), notes)?;
    match &comments_part {
        Some(p) => out.edit(p, xml),
        None => {
            let p = out.fresh_name(&wb_dir, "comments", "xml");
            out.add(&p, xml);
            types.add_override(&p, CT_COMMENTS);
            new_rels.push((ids.fresh(), REL_COMMENTS, relative(part, &p), false));
        }
    }

    let shapes: Vec<vml::Shape> = fresh
        .iter()
        .filter_map(|&i| notes.get(i))
        .map(|n| vml::Shape {
            row: n.row,
            col: n.col,
            lines: note_lines(&n.text),
        })
        .collect();
    let drawing = sheet
        .legacy_rid
        .as_ref()
        .and_then(|id| rels.iter().find(|r| &r.id == id && !r.external))
        .map(|r| resolve(part, &r.target));
    match drawing {
        Some(p) => {
            if !shapes.is_empty() {
                let text = pkg
                    .read(&p)?
                    .ok_or_else(|| PatchError::new(format!("批注绘图部件 {p} 缺失")))?;
                let text = String::from_utf8(text)
                    .map_err(|_| PatchError::new("批注绘图部件不是 UTF-8 编码"))?;
                out.edit(&p, vml::add_shapes(&text, &shapes, blocks)?);
            }
        }
        None => {
            let p = out.fresh_name(&format!("{wb_dir}/drawings"), "vmlDrawing", "vml");
            out.add(&p, vml::new_drawing(&shapes, blocks)?);
            if !types.covers(&p) {
                types.ensure_default("vml", CT_VML);
            }
            let id = ids.fresh();
            new_rels.push((id.clone(), REL_VML, relative(part, &p), false));
            edit.legacy_rid = Some(id);
        }
    }
    if !new_rels.is_empty() {
        let x = add_rels(rels_xml.as_deref(), &new_rels)?;
        if rels_xml.is_some() {
            out.edit(&rels_part, x);
        } else {
            out.add(&rels_part, x);
        }
    }
    Ok(())
}

/// Lines a note takes in a box about 40 half-width characters wide.
fn note_lines(text: &str) -> u32 {
    text.lines()
        .map(|l| {
            let w: usize = l.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            (w / 40 + 1) as u32
        })
        .sum::<u32>()
        .max(1)
}

/// Names for the result sheets that no sheet of the input uses (Excel
/// compares names case-insensitively): 审核结果, else 审核结果(2), …
fn unique_names<'a>(
    wanted: impl Iterator<Item = &'a str>,
    existing: &[&str],
) -> Result<Vec<String>, PatchError> {
    let mut taken: HashSet<String> = existing.iter().map(|n| n.to_lowercase()).collect();
    let mut out = Vec::new();
    for w in wanted {
        let mut name = w.to_string();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let tail = format!("({n})");
            let keep: String = w
                .chars()
                .take(MAX_NAME.saturating_sub(tail.chars().count()))
                .collect();
            name = format!("{keep}{tail}");
            n += 1;
            if n > 10_000 {
                return Err(PatchError::new("无法为结果工作表取一个不重名的名称"));
            }
        }
        taken.insert(name.to_lowercase());
        out.push(name);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_sheet_names_never_collide() {
        let names = unique_names(
            ["审核结果", "评分复核"].into_iter(),
            &["审核结果", "审核结果(2)", "评分复核"],
        )
        .unwrap();
        assert_eq!(names, ["审核结果(3)", "评分复核(2)"]);
        let long = "x".repeat(31);
        let names = unique_names([long.as_str()].into_iter(), &[long.as_str()]).unwrap();
        assert_eq!(names[0].chars().count(), 31);
        assert!(names[0].ends_with("(2)"));
    }

    #[test]
    fn marks_on_one_cell_merge() {
        let m = |level, number: Option<u32>, note: Option<&str>| CellMark {
            row: 1,
            col: 1,
            level,
            number,
            note: note.map(str::to_string),
        };
        let cells = [
            m(MarkLevel::Error, None, None),
            m(MarkLevel::Info, Some(4), Some("b")),
            m(MarkLevel::Warning, Some(2), Some("a")),
        ];
        let refs: Vec<&CellMark> = cells.iter().collect();
        let spots = merge_marks(&refs).unwrap();
        assert_eq!(spots.len(), 1);
        assert!(spots[0].flagged);
        assert_eq!(
            spots[0].level,
            MarkLevel::Warning,
            "a related outline does not raise a flagged cell"
        );
        assert_eq!(spots[0].numbers, [2, 4]);
        assert_eq!(spots[0].notes, ["b", "a"]);
        let far = [CellMark {
            row: MAX_ROW + 1,
            ..cells[0].clone()
        }];
        assert!(merge_marks(&far.iter().collect::<Vec<_>>()).is_err());
    }
}
