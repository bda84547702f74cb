//! One streaming pass over the main document part: tables become grids,
//! prose paragraphs become numbered text, and the byte spans of both are
//! recorded for the patcher.
//!
//! Tolerance: content controls, hyperlinks, smart tags, custom XML and
//! field wrappers are transparent; tracked changes read as accepted
//! (insertions kept; deletions, moved-from text and deleted rows dropped);
//! field instructions are dropped and field results kept; text boxes,
//! ruby guides and markup-compatibility fallbacks are skipped. Structure
//! opens only where the schema allows it and closes at the depth it opened,
//! so a misplaced element is read through rather than breaking the grid.
//!
//! Bounds: the zip guard runs first; the part is read within the part
//! limit; tables, nesting depth, grid columns, rows, cells (the workbook
//! cell budget) and paragraphs are capped, so memory stays proportional to
//! a bounded input whatever it holds. The parser keeps no recursion.

use super::model::{
    Block, CellSpan, Document, ParaSpan, Paragraph, PartInfo, Piece, RunSpan, Table, TcSpan,
};
use super::numbering::Numbering;
use super::package::{Package, REL_NUMBERING, REL_STYLES, W_NS, W_NS_STRICT};
use super::styles::{outline_to_heading, Styles};
use super::xml::{attr, attr_i64};
use super::DocxError;
use crate::workbook::contain::contained;
use crate::workbook::open::clean_merges;
use crate::workbook::{Cell, Limits, Rect, Sheet, Value};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use std::collections::BTreeMap;

/// Most tables read from one document (nested ones included).
const MAX_TABLES: usize = 10_000;
/// Deepest table nesting read; deeper tables are skipped with a note.
const MAX_TABLE_DEPTH: usize = 8;
/// Excel's grid, so a table fits the same addressing as a sheet.
const MAX_COLS: u32 = 16_384;
const MAX_ROWS: u32 = 1_048_576;
/// Most prose paragraphs kept.
const MAX_PARAGRAPHS: usize = 2_000_000;
/// Deepest field / content-control nesting tracked (deeper ones are read
/// as plain content).
const MAX_NEST: usize = 256;
/// Text width when the last section does not say: A4 with Word's default
/// 3.17 cm margins.
const DEFAULT_TEXT_WIDTH: u32 = 8306;

const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Read a .docx / .docm from its bytes. Never panics on input: a panic in
/// the parser would be reported as a corrupt file.
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, DocxError> {
    let mut pkg = Package::open(bytes, limits)?;
    let main = pkg.main_part()?;
    let (crc32, len) = pkg
        .index(&main)
        .and_then(|i| pkg.zip.by_index_raw(i).ok().map(|f| (f.crc32(), f.size())))
        .unwrap_or_default();
    let xml = pkg.read(&main)?.unwrap_or_default();
    if xml.starts_with(&[0xFF, 0xFE]) || xml.starts_with(&[0xFE, 0xFF]) {
        return Err(DocxError::Corrupt(
            "文档正文为 UTF-16 编码，暂不支持；请用 Word 或 WPS 打开后另存为 .docx 再检查".into(),
        ));
    }
    let styles = match pkg.related(&main, REL_STYLES)? {
        Some(p) => pkg.read(&p)?.map(|x| Styles::parse(&x)).unwrap_or_default(),
        None => Styles::default(),
    };
    let numbering = match pkg.related(&main, REL_NUMBERING)? {
        Some(p) => pkg
            .read(&p)?
            .map(|x| Numbering::parse(&x))
            .unwrap_or_default(),
        None => Numbering::default(),
    };
    let part = PartInfo {
        name: main,
        crc32,
        len,
        ..PartInfo::default()
    };
    contained(|| Walker::new(&xml, styles, numbering, limits, part).run()).unwrap_or_else(|_| {
        Err(DocxError::Corrupt(
            "文件解析失败（文档结构异常，读取时出错），请用 Word 或 WPS 打开后另存为 .docx 再检查"
                .into(),
        ))
    })
}

/// What an element is, for the few the reader acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Body,
    P,
    PPr,
    PStyle,
    OutlineLvl,
    NumPr,
    Ilvl,
    NumId,
    R,
    RPr,
    T,
    Tab,
    Br,
    NoBreakHyphen,
    Sym,
    Tbl,
    Tr,
    TrPr,
    GridBefore,
    Tc,
    TcPr,
    GridSpan,
    VMerge,
    Del,
    /// Always skipped with their content.
    Dropped,
    FldChar,
    Sdt,
    ShowingPlcHdr,
    SdtContent,
    SectPr,
    PgSz,
    PgMar,
    Other,
}

fn classify(is_w: bool, is_mc: bool, local: &str) -> K {
    if is_mc {
        return if local == "Fallback" {
            K::Dropped
        } else {
            K::Other
        };
    }
    if !is_w {
        return K::Other;
    }
    match local {
        "body" => K::Body,
        "p" => K::P,
        "pPr" => K::PPr,
        "pStyle" => K::PStyle,
        "outlineLvl" => K::OutlineLvl,
        "numPr" => K::NumPr,
        "ilvl" => K::Ilvl,
        "numId" => K::NumId,
        "r" => K::R,
        "rPr" => K::RPr,
        "t" => K::T,
        "tab" | "ptab" => K::Tab,
        "br" | "cr" => K::Br,
        "noBreakHyphen" => K::NoBreakHyphen,
        "sym" => K::Sym,
        "tbl" => K::Tbl,
        "tr" => K::Tr,
        "trPr" => K::TrPr,
        "gridBefore" => K::GridBefore,
        "tc" => K::Tc,
        "tcPr" => K::TcPr,
        "gridSpan" => K::GridSpan,
        "vMerge" => K::VMerge,
        "del" | "moveFrom" => K::Del,
        "delText" | "instrText" | "delInstrText" | "txbxContent" | "rt" => K::Dropped,
        "fldChar" => K::FldChar,
        "sdt" => K::Sdt,
        "showingPlcHdr" => K::ShowingPlcHdr,
        "sdtContent" => K::SdtContent,
        "sectPr" => K::SectPr,
        "pgSz" => K::PgSz,
        "pgMar" => K::PgMar,
        _ => K::Other,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

/// Where a paragraph's text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    Prose,
    Cell,
    /// A paragraph where the schema has none (inside a row, say): dropped.
    Nowhere,
}

struct ParaState {
    depth: u32,
    start: usize,
    content_start: usize,
    owner: Owner,
    ppr_depth: Option<u32>,
    numpr_depth: Option<u32>,
    style: Option<String>,
    outline: Option<i64>,
    num_id: Option<i64>,
    ilvl: Option<i64>,
    text: String,
    pieces: Vec<Piece>,
    runs: Vec<RunSpan>,
}

struct RunState {
    depth: u32,
    rpr_start: Option<usize>,
}

struct CellState {
    depth: u32,
    start: usize,
    props_at: usize,
    props_start: Option<usize>,
    props: Option<std::ops::Range<usize>>,
    tcpr_depth: Option<u32>,
    span: u32,
    vmerge: VMerge,
    text: String,
    paras: usize,
    first: Option<ParaSpan>,
    last: Option<ParaSpan>,
}

struct DoneCell {
    col: u32,
    span: u32,
    vmerge: VMerge,
    text: String,
    tc: TcSpan,
}

struct RowState {
    depth: u32,
    trpr_depth: Option<u32>,
    col: u32,
    deleted: bool,
    cells: Vec<DoneCell>,
}

/// A vertical merge still open at its left column.
struct OpenMerge {
    top: u32,
    right: u32,
    bottom: u32,
}

struct TableState {
    depth: u32,
    slot: usize,
    start: usize,
    sheet: Sheet,
    cells: BTreeMap<(u32, u32), CellSpan>,
    merges: Vec<Rect>,
    open: BTreeMap<u32, OpenMerge>,
    next_row: u32,
    row: Option<RowState>,
    cell: Option<CellState>,
    nested: usize,
    caption: Vec<usize>,
    parent: Option<usize>,
}

struct Walker<'x> {
    xml: &'x [u8],
    styles: Styles,
    numbering: Numbering,
    limits: Limits,
    cells_left: u64,
    part: PartInfo,
    slots: Vec<Option<Table>>,
    paragraphs: Vec<Paragraph>,
    blocks: Vec<Block>,
    notes: Vec<String>,
    tables: Vec<TableState>,
    top_tables: usize,
    since_table: Vec<usize>,
    para: Option<ParaState>,
    run: Option<RunState>,
    t_depth: Option<u32>,
    /// Where the open `w:t` element starts.
    t_start: usize,
    depth: u32,
    skip: u32,
    body_depth: Option<u32>,
    /// The body-level `w:sectPr` being read, and where the last one began
    /// (where appended content goes).
    sectpr_depth: Option<u32>,
    sectpr_at: Option<usize>,
    page: (Option<i64>, Option<i64>, Option<i64>),
    /// Open fields: true once past `separate` (showing the result).
    fields: Vec<bool>,
    fields_overflow: usize,
    sdts: Vec<bool>,
    sdt_contents: Vec<bool>,
    nest_overflow: usize,
    suppressed: u32,
}

impl<'x> Walker<'x> {
    fn new(
        xml: &'x [u8],
        styles: Styles,
        numbering: Numbering,
        limits: &Limits,
        part: PartInfo,
    ) -> Self {
        Walker {
            xml,
            styles,
            numbering,
            limits: *limits,
            cells_left: limits.max_cells,
            part,
            slots: Vec::new(),
            paragraphs: Vec::new(),
            blocks: Vec::new(),
            notes: Vec::new(),
            tables: Vec::new(),
            top_tables: 0,
            since_table: Vec::new(),
            para: None,
            run: None,
            t_depth: None,
            t_start: 0,
            depth: 0,
            skip: 0,
            body_depth: None,
            sectpr_depth: None,
            sectpr_at: None,
            page: (None, None, None),
            fields: Vec::new(),
            fields_overflow: 0,
            sdts: Vec::new(),
            sdt_contents: Vec::new(),
            nest_overflow: 0,
            suppressed: 0,
        }
    }

    fn note(&mut self, text: &str) {
        if !self.notes.iter().any(|n| n == text) {
            self.notes.push(text.to_string());
        }
    }

    fn run(mut self) -> Result<Document, DocxError> {
        // The reader skips a byte-order mark without counting it; spans
        // are offsets into the part as stored.
        let base = if self.xml.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        let mut reader = quick_xml::NsReader::from_reader(&self.xml[base..]);
        let mut root_seen = false;
        loop {
            let before = base + reader.buffer_position() as usize;
            let (ns, ev) = match reader.read_resolved_event() {
                Ok(x) => x,
                Err(_) => {
                    return Err(DocxError::Corrupt(format!(
                        "文件已损坏：文档正文不是有效的 XML（约第 {} 字节处出错），请用 Word 或 WPS 打开后另存为 .docx 再检查",
                        reader.error_position()
                    )))
                }
            };
            let (is_w, is_mc) = match ns {
                ResolveResult::Bound(Namespace(n)) => (n == W_NS || n == W_NS_STRICT, n == MC_NS),
                _ => (false, false),
            };
            let after = base + reader.buffer_position() as usize;
            match ev {
                Event::Start(e) => {
                    if !root_seen {
                        root_seen = true;
                        self.part.root_tag = before..after;
                    }
                    self.depth += 1;
                    if is_w {
                        self.track_id(&e);
                    }
                    if self.skip > 0 {
                        self.skip += 1;
                        continue;
                    }
                    let k = classify(is_w, is_mc, e.local_name().as_ref());
                    self.open(k, &e, before, after, false)?;
                }
                Event::Empty(e) => {
                    if !root_seen {
                        root_seen = true;
                        self.part.root_tag = before..after;
                    }
                    if is_w {
                        self.track_id(&e);
                    }
                    if self.skip > 0 {
                        continue;
                    }
                    let k = classify(is_w, is_mc, e.local_name().as_ref());
                    // An empty element is opened and closed at one depth.
                    self.depth += 1;
                    self.open(k, &e, before, after, true)?;
                    self.close(k, before, after)?;
                    self.depth -= 1;
                }
                Event::End(e) => {
                    if self.skip > 0 {
                        self.skip -= 1;
                        self.depth = self.depth.saturating_sub(1);
                        continue;
                    }
                    let k = classify(is_w, is_mc, e.local_name().as_ref());
                    self.close(k, before, after)?;
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Text(t) if self.collecting() => {
                    let s = t.xml10_content();
                    let exact = s.len() == after - before;
                    self.push_text(&s, before..after, exact);
                }
                Event::GeneralRef(r) if self.collecting() => {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                            .map(str::to_string),
                    };
                    if let Some(s) = ch {
                        self.push_text(&s, before..after, false);
                    }
                }
                Event::CData(c) if self.collecting() => {
                    let s = c.xml10_content();
                    self.push_text(&s, before..after, false);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if self.depth != 0 || !root_seen {
            return Err(DocxError::Corrupt(
                "文件已损坏：文档正文不完整（可能下载或复制不完整），请重新获取文件".into(),
            ));
        }
        self.finish()
    }

    /// Annotation ids share one space in Word; remember the largest.
    fn track_id(&mut self, e: &BytesStart<'_>) {
        if let Some(id) = attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
            self.part.max_id = self.part.max_id.max(id);
        }
    }

    /// Text is kept inside a `w:t` of a run, outside field instructions and
    /// content controls that show only their placeholder.
    fn collecting(&self) -> bool {
        self.t_depth.is_some() && self.visible()
    }

    /// Outside skipped content, placeholders and field instructions.
    fn visible(&self) -> bool {
        self.skip == 0 && self.suppressed == 0 && self.fields.iter().all(|&result| result)
    }

    fn push_text(&mut self, s: &str, raw: std::ops::Range<usize>, in_text: bool) {
        let node = match self.t_depth {
            // The end is filled in when the `w:t` closes.
            Some(_) => self.t_start..usize::MAX,
            None => raw.clone(),
        };
        let Some(p) = self.para.as_mut() else {
            return;
        };
        let start = p.text.len();
        p.text.push_str(s);
        if p.owner == Owner::Prose && self.run.is_some() && !p.runs.is_empty() {
            p.pieces.push(Piece {
                text: start..p.text.len(),
                raw,
                node,
                run: p.runs.len() - 1,
                in_text,
            });
        }
    }

    /// Is the current element a direct child of the open run?
    fn in_run_child(&self) -> bool {
        self.run.as_ref().is_some_and(|r| self.depth == r.depth + 1)
    }

    fn open(
        &mut self,
        k: K,
        e: &BytesStart<'_>,
        before: usize,
        after: usize,
        empty: bool,
    ) -> Result<(), DocxError> {
        let depth = self.depth;
        match k {
            K::Body => {
                if self.body_depth.is_none() {
                    self.body_depth = Some(depth);
                }
            }
            K::Dropped => self.start_skip(empty),
            K::Del => {
                // Deleted text, or a revision mark on a row, a paragraph
                // mark or a property; a deleted row, accepted, is gone.
                let row = self
                    .tables
                    .last_mut()
                    .and_then(|t| t.row.as_mut())
                    .filter(|r| r.trpr_depth.is_some_and(|d| depth == d + 1));
                if let Some(row) = row {
                    row.deleted = true;
                }
                self.start_skip(empty);
            }
            K::Tbl => self.open_table(depth, before, after, empty)?,
            K::Tr => {
                if let Some(t) = self.tables.last_mut() {
                    // Deeper than the table itself: rows may sit in a
                    // row-level content control.
                    if t.row.is_none() && t.cell.is_none() && depth > t.depth {
                        t.row = Some(RowState {
                            depth,
                            trpr_depth: None,
                            col: 0,
                            deleted: false,
                            cells: Vec::new(),
                        });
                    }
                }
            }
            K::TrPr => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if depth == row.depth + 1 && !empty {
                        row.trpr_depth = Some(depth);
                    }
                }
            }
            K::GridBefore => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if row.trpr_depth.is_some_and(|d| depth == d + 1) && row.cells.is_empty() {
                        let n = attr_i64(e, "val").unwrap_or(0).clamp(0, MAX_COLS as i64);
                        row.col = n as u32;
                    }
                }
            }
            K::Tc => {
                if let Some(t) = self.tables.last_mut() {
                    let in_row = t.row.as_ref().is_some_and(|r| depth > r.depth);
                    if in_row && t.cell.is_none() {
                        if empty {
                            // `<w:tc/>` holds nothing but still takes a column.
                            if let Some(row) = t.row.as_mut() {
                                row.col = row.col.saturating_add(1);
                            }
                        } else {
                            t.cell = Some(CellState {
                                depth,
                                start: before,
                                props_at: after,
                                props_start: None,
                                props: None,
                                tcpr_depth: None,
                                span: 1,
                                vmerge: VMerge::None,
                                text: String::new(),
                                paras: 0,
                                first: None,
                                last: None,
                            });
                        }
                    }
                }
            }
            K::TcPr => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if depth == c.depth + 1 && c.props.is_none() && c.props_start.is_none() {
                        if empty {
                            c.props = Some(before..after);
                        } else {
                            c.props_start = Some(before);
                            c.tcpr_depth = Some(depth);
                        }
                    }
                }
            }
            K::GridSpan | K::VMerge => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if c.tcpr_depth.is_some_and(|d| depth == d + 1) {
                        if k == K::GridSpan {
                            let n = attr_i64(e, "val").unwrap_or(1).clamp(1, MAX_COLS as i64);
                            c.span = n as u32;
                        } else {
                            c.vmerge = match attr(e, "val").as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            };
                        }
                    }
                }
            }
            K::P => self.open_paragraph(depth, before, after, empty)?,
            K::PPr => {
                if let Some(p) = self.para.as_mut() {
                    if depth == p.depth + 1 && p.ppr_depth.is_none() {
                        if empty {
                            p.content_start = after;
                        } else {
                            p.ppr_depth = Some(depth);
                        }
                    }
                }
            }
            K::PStyle | K::OutlineLvl | K::NumPr => {
                if let Some(p) = self.para.as_mut() {
                    if p.ppr_depth.is_some_and(|d| depth == d + 1) {
                        match k {
                            K::PStyle => p.style = attr(e, "val"),
                            K::OutlineLvl => p.outline = attr_i64(e, "val"),
                            _ => {
                                if !empty {
                                    p.numpr_depth = Some(depth);
                                }
                            }
                        }
                    }
                }
            }
            K::Ilvl | K::NumId => {
                if let Some(p) = self.para.as_mut() {
                    if p.numpr_depth.is_some_and(|d| depth == d + 1) {
                        let v = attr_i64(e, "val");
                        if k == K::Ilvl {
                            p.ilvl = v;
                        } else {
                            p.num_id = v;
                        }
                    }
                }
            }
            K::R => {
                if self.run.is_none() && !empty {
                    if let Some(p) = self.para.as_mut() {
                        if p.owner == Owner::Prose {
                            p.runs.push(RunSpan {
                                element: before..before,
                                props: None,
                                content: after..after,
                            });
                        }
                        self.run = Some(RunState {
                            depth,
                            rpr_start: None,
                        });
                    }
                }
            }
            K::RPr => {
                if self.in_run_child() {
                    if let Some(r) = self.run.as_mut() {
                        if empty {
                            self.set_run_props(before..after);
                        } else {
                            r.rpr_start = Some(before);
                        }
                    }
                }
            }
            K::T => {
                if self.in_run_child() && !empty {
                    self.t_depth = Some(depth);
                    self.t_start = before;
                }
            }
            K::Tab | K::Br | K::NoBreakHyphen | K::Sym => {
                if self.in_run_child() && self.visible() {
                    let s = match k {
                        K::Tab => "\t".to_string(),
                        K::Br => "\n".to_string(),
                        K::NoBreakHyphen => "-".to_string(),
                        _ => symbol(e),
                    };
                    // The element's own bytes (`<w:tab/>`, `<w:sym …/>`).
                    self.push_text(&s, before..after, false);
                }
            }
            K::FldChar => match attr(e, "fldCharType").as_deref() {
                Some("begin") => {
                    if self.fields.len() < MAX_NEST {
                        self.fields.push(false);
                    } else {
                        self.fields_overflow += 1;
                    }
                }
                Some("separate") => {
                    if let Some(top) = self.fields.last_mut() {
                        *top = true;
                    }
                }
                Some("end") => {
                    if self.fields_overflow > 0 {
                        self.fields_overflow -= 1;
                    } else {
                        self.fields.pop();
                    }
                }
                _ => {}
            },
            K::Sdt => {
                if !empty {
                    if self.sdts.len() < MAX_NEST {
                        self.sdts.push(false);
                    } else {
                        self.nest_overflow += 1;
                    }
                }
            }
            K::ShowingPlcHdr => {
                if self.nest_overflow == 0 && super::xml::on_off(e) {
                    if let Some(top) = self.sdts.last_mut() {
                        *top = true;
                    }
                }
            }
            K::SdtContent => {
                if !empty {
                    let placeholder = self.nest_overflow == 0 && self.sdts.last() == Some(&true);
                    if self.sdt_contents.len() < MAX_NEST {
                        self.sdt_contents.push(placeholder);
                        if placeholder {
                            self.suppressed += 1;
                        }
                    } else {
                        self.nest_overflow += 1;
                    }
                }
            }
            K::SectPr => {
                if self.body_depth.is_some_and(|b| depth == b + 1) {
                    self.sectpr_depth = Some(depth);
                    self.sectpr_at = Some(before);
                    self.page = (None, None, None);
                }
            }
            K::PgSz | K::PgMar => {
                if self.sectpr_depth.is_some_and(|d| depth == d + 1) {
                    if k == K::PgSz {
                        self.page.0 = attr_i64(e, "w");
                    } else {
                        self.page.1 = attr_i64(e, "left");
                        self.page.2 = attr_i64(e, "right");
                    }
                }
            }
            K::Other => {}
        }
        Ok(())
    }

    fn start_skip(&mut self, empty: bool) {
        if !empty {
            self.skip = 1;
        }
    }

    fn set_run_props(&mut self, range: std::ops::Range<usize>) {
        if let Some(p) = self.para.as_mut() {
            if let Some(run) = p.runs.last_mut() {
                run.props = Some(range.clone());
                run.content.start = range.end;
            }
        }
    }

    fn close(&mut self, k: K, before: usize, after: usize) -> Result<(), DocxError> {
        let depth = self.depth;
        match k {
            K::Body if self.body_depth == Some(depth) => {
                self.part.body_insert = self.sectpr_at.unwrap_or(before);
            }
            K::Tbl if self.tables.last().is_some_and(|t| t.depth == depth) => {
                self.close_table(after)?;
            }
            K::Tr if self.open_depths().0 == Some(depth) => self.close_row()?,
            K::TrPr => {
                if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    if row.trpr_depth == Some(depth) {
                        row.trpr_depth = None;
                    }
                }
            }
            K::Tc if self.open_depths().1 == Some(depth) => self.close_cell(after),
            K::TcPr => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if c.tcpr_depth == Some(depth) {
                        c.tcpr_depth = None;
                        c.props = c.props_start.take().map(|s| s..after);
                    }
                }
            }
            K::P if self.para.as_ref().is_some_and(|p| p.depth == depth) => {
                self.close_paragraph(before, after, false)?;
            }
            K::PPr => {
                if let Some(p) = self.para.as_mut() {
                    if p.ppr_depth == Some(depth) {
                        p.ppr_depth = None;
                        p.content_start = after;
                    }
                }
            }
            K::NumPr => {
                if let Some(p) = self.para.as_mut() {
                    if p.numpr_depth == Some(depth) {
                        p.numpr_depth = None;
                    }
                }
            }
            K::R if self.run.as_ref().is_some_and(|r| r.depth == depth) => {
                self.run = None;
                self.t_depth = None;
                if let Some(p) = self.para.as_mut() {
                    if let Some(run) = p.runs.last_mut() {
                        run.element.end = after;
                        run.content.end = before;
                    }
                }
            }
            K::RPr => {
                let start = self
                    .run
                    .as_ref()
                    .filter(|r| r.depth + 1 == depth)
                    .and_then(|r| r.rpr_start);
                if let Some(start) = start {
                    if let Some(r) = self.run.as_mut() {
                        r.rpr_start = None;
                    }
                    self.set_run_props(start..after);
                }
            }
            K::T if self.t_depth == Some(depth) => {
                self.t_depth = None;
                let start = self.t_start;
                if let Some(p) = self.para.as_mut() {
                    for piece in p.pieces.iter_mut().rev() {
                        if piece.node.start != start {
                            break;
                        }
                        piece.node.end = after;
                    }
                }
            }
            K::Sdt => {
                if self.nest_overflow > 0 {
                    self.nest_overflow -= 1;
                } else {
                    self.sdts.pop();
                }
            }
            K::SdtContent => {
                if self.nest_overflow > 0 {
                    self.nest_overflow -= 1;
                } else if self.sdt_contents.pop() == Some(true) {
                    self.suppressed = self.suppressed.saturating_sub(1);
                }
            }
            K::SectPr if self.sectpr_depth == Some(depth) => {
                self.sectpr_depth = None;
                let (w, l, r) = self.page;
                if let Some(w) = w {
                    let width = w
                        .saturating_sub(l.unwrap_or(1800))
                        .saturating_sub(r.unwrap_or(1800));
                    if (1000..=100_000).contains(&width) {
                        self.part.text_width = width as u32;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Depths at which the innermost table's open row and cell began.
    fn open_depths(&self) -> (Option<u32>, Option<u32>) {
        let t = self.tables.last();
        (
            t.and_then(|t| t.row.as_ref()).map(|r| r.depth),
            t.and_then(|t| t.cell.as_ref()).map(|c| c.depth),
        )
    }

    fn open_paragraph(
        &mut self,
        depth: u32,
        before: usize,
        after: usize,
        empty: bool,
    ) -> Result<(), DocxError> {
        if self.para.is_some() {
            return Ok(()); // a paragraph inside a paragraph: read through
        }
        let owner = match self.tables.last() {
            None => Owner::Prose,
            Some(t) if t.cell.is_some() => Owner::Cell,
            Some(_) => Owner::Nowhere,
        };
        self.para = Some(ParaState {
            depth,
            start: before,
            content_start: after,
            owner,
            ppr_depth: None,
            numpr_depth: None,
            style: None,
            outline: None,
            num_id: None,
            ilvl: None,
            text: String::new(),
            pieces: Vec::new(),
            runs: Vec::new(),
        });
        if empty {
            self.close_paragraph(after, after, true)?;
        }
        Ok(())
    }

    fn close_paragraph(
        &mut self,
        before: usize,
        after: usize,
        self_closing: bool,
    ) -> Result<(), DocxError> {
        let Some(p) = self.para.take() else {
            return Ok(());
        };
        self.run = None;
        self.t_depth = None;
        // A field instruction does not outlive its paragraph (results do:
        // a table of contents spans many). An unbalanced `begin` must not
        // hide the rest of the document.
        while self.fields.last() == Some(&false) {
            self.fields.pop();
        }
        let label = self.label_of(&p);
        let span = ParaSpan {
            element: p.start..after,
            content: if self_closing {
                after..after
            } else {
                p.content_start..before
            },
            self_closing,
        };
        match p.owner {
            Owner::Nowhere => {}
            Owner::Cell => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    if c.paras > 0 {
                        c.text.push('\n');
                    }
                    if let Some(l) = &label {
                        c.text.push_str(l);
                    }
                    c.text.push_str(&p.text);
                    c.paras += 1;
                    if c.first.is_none() {
                        c.first = Some(span.clone());
                    }
                    c.last = Some(span);
                }
            }
            Owner::Prose => {
                if p.text.chars().all(is_blank) {
                    return Ok(());
                }
                if self.paragraphs.len() >= MAX_PARAGRAPHS {
                    return Err(DocxError::Limit(format!(
                        "文档过大：段落超过 {MAX_PARAGRAPHS} 个，已拒绝读取"
                    )));
                }
                let heading = p
                    .outline
                    .and_then(outline_to_heading)
                    .or_else(|| self.styles.heading(p.style.as_deref()));
                let index = self.paragraphs.len();
                self.paragraphs.push(Paragraph {
                    number: index + 1,
                    text: p.text,
                    style_id: p.style,
                    heading,
                    label,
                    span,
                    pieces: p.pieces,
                    runs: p.runs,
                });
                self.blocks.push(Block::Paragraph(index));
                self.since_table.push(index);
            }
        }
        Ok(())
    }

    /// The list label of a paragraph, advancing the list counters (every
    /// numbered paragraph counts, in tables or not, empty or not).
    fn label_of(&mut self, p: &ParaState) -> Option<String> {
        let inherited = self.styles.num(p.style.as_deref());
        let num_id = p.num_id.or(inherited.num_id)?;
        let ilvl = p
            .ilvl
            .or(inherited.ilvl)
            .and_then(|l| usize::try_from(l).ok())
            .or_else(|| {
                p.style
                    .as_deref()
                    .and_then(|s| self.numbering.level_for_style(num_id, s, &self.styles))
            })
            .unwrap_or(0);
        self.numbering.next_label(num_id, ilvl, &self.styles)
    }

    fn open_table(
        &mut self,
        depth: u32,
        before: usize,
        after: usize,
        empty: bool,
    ) -> Result<(), DocxError> {
        if self.para.is_some() {
            // A table inside a paragraph is not WordprocessingML; read its
            // text as the paragraph's.
            return Ok(());
        }
        if self.tables.len() >= MAX_TABLE_DEPTH {
            self.note(&format!(
                "文档中有嵌套超过 {MAX_TABLE_DEPTH} 层的表格，更深的表格未读取"
            ));
            self.start_skip(empty);
            return Ok(());
        }
        if self.slots.len() >= MAX_TABLES {
            self.note(&format!(
                "文档中表格超过 {MAX_TABLES} 个，只读取了前 {MAX_TABLES} 个"
            ));
            self.start_skip(empty);
            return Ok(());
        }
        let slot = self.slots.len();
        self.slots.push(None);
        let (name, parent, caption) = match self.tables.last_mut() {
            None => {
                self.top_tables += 1;
                self.blocks.push(Block::Table(slot));
                (
                    format!("表{}", self.top_tables),
                    None,
                    std::mem::take(&mut self.since_table),
                )
            }
            Some(parent) => {
                parent.nested += 1;
                (
                    format!("{}.{}", parent.sheet.name, parent.nested),
                    Some(parent.slot),
                    Vec::new(),
                )
            }
        };
        self.tables.push(TableState {
            depth,
            slot,
            start: before,
            sheet: Sheet::new(&name),
            cells: BTreeMap::new(),
            merges: Vec::new(),
            open: BTreeMap::new(),
            next_row: 0,
            row: None,
            cell: None,
            nested: 0,
            caption,
            parent,
        });
        if empty {
            self.close_table(after)?;
        }
        Ok(())
    }

    fn close_cell(&mut self, after: usize) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(c) = t.cell.take() else {
            return;
        };
        let Some(row) = t.row.as_mut() else {
            return;
        };
        let col = row.col;
        row.col = row.col.saturating_add(c.span);
        if row.col > MAX_COLS {
            let name = t.sheet.name.to_string();
            self.note(&format!("{name}的列数超过 {MAX_COLS}，超出部分未读取"));
            return;
        }
        row.cells.push(DoneCell {
            col,
            span: c.span,
            vmerge: c.vmerge,
            text: c.text,
            tc: TcSpan {
                element: c.start..after,
                props: c.props,
                props_at: c.props_at,
                first: c.first,
                last: c.last,
            },
        });
    }

    fn close_row(&mut self) -> Result<(), DocxError> {
        let limits = self.limits;
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let Some(row) = t.row.take() else {
            return Ok(());
        };
        if row.deleted {
            return Ok(());
        }
        if t.next_row >= MAX_ROWS {
            let name = t.sheet.name.to_string();
            self.note(&format!("{name}超过 {MAX_ROWS} 行，其余行未读取"));
            return Ok(());
        }
        let r = t.next_row;
        t.next_row += 1;
        let mut continued: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
        for cell in row.cells {
            let (c, right) = (cell.col, cell.col + cell.span - 1);
            let joins = cell.vmerge == VMerge::Continue
                && t.open.get(&c).is_some_and(|m| m.bottom + 1 == r);
            if !cell.text.is_empty() {
                self.cells_left = self.cells_left.checked_sub(1).ok_or_else(|| {
                    DocxError::Limit(format!(
                        "文档过大：表格非空单元格超过 {} 个（可用 --max-cells 调整）",
                        limits.max_cells
                    ))
                })?;
                t.sheet.cells.insert(
                    (r, c),
                    Cell {
                        value: Value::Text(cell.text),
                        formula: None,
                        style: 0,
                        fmt: Default::default(),
                    },
                );
            }
            if joins {
                if let Some(m) = t.open.get_mut(&c) {
                    m.bottom = r;
                    if let Some(anchor) = t.cells.get_mut(&(m.top, c)) {
                        anchor.parts.push(cell.tc);
                    }
                }
                continued.insert(c);
                continue;
            }
            // Open merges are disjoint and sorted, so the ones this cell
            // overlaps are the last few starting at or before its right
            // edge: a wide hostile table stays linear.
            let overlapping: Vec<u32> = t
                .open
                .range(..=right)
                .rev()
                .take_while(|(_, m)| m.right >= c)
                .map(|(&left, _)| left)
                .collect();
            for left in overlapping {
                close_merge(t, left);
            }
            let rect = Rect {
                top: r,
                left: c,
                bottom: r,
                right,
            };
            t.cells.insert(
                (r, c),
                CellSpan {
                    rect,
                    parts: vec![cell.tc],
                },
            );
            if cell.vmerge == VMerge::Restart {
                t.open.insert(
                    c,
                    OpenMerge {
                        top: r,
                        right,
                        bottom: r,
                    },
                );
                continued.insert(c);
            } else if right > c {
                t.merges.push(rect);
            }
        }
        let stale: Vec<u32> = t
            .open
            .keys()
            .copied()
            .filter(|k| !continued.contains(k))
            .collect();
        for left in stale {
            close_merge(t, left);
        }
        Ok(())
    }

    fn close_table(&mut self, after: usize) -> Result<(), DocxError> {
        let Some(mut t) = self.tables.pop() else {
            return Ok(());
        };
        if t.row.is_some() {
            // A row left open by a malformed table still counts.
            self.tables.push(t);
            self.close_row()?;
            t = match self.tables.pop() {
                Some(t) => t,
                None => return Ok(()),
            };
        }
        let lefts: Vec<u32> = t.open.keys().copied().collect();
        for left in lefts {
            close_merge(&mut t, left);
        }
        let mut sheet = t.sheet;
        sheet.merges = clean_merges(std::mem::take(&mut t.merges));
        let table = Table {
            name: sheet.name.to_string(),
            sheet,
            caption: t.caption,
            parent: t.parent,
            span: t.start..after,
            cells: t.cells,
        };
        if let Some(slot) = self.slots.get_mut(t.slot) {
            *slot = Some(table);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Document, DocxError> {
        if self.part.text_width == 0 {
            self.part.text_width = DEFAULT_TEXT_WIDTH;
        }
        if self.part.body_insert == 0 {
            return Err(DocxError::NotDocx(
                "不是有效的 Word 文档：正文部件中没有 w:body".into(),
            ));
        }
        // Every reserved slot is filled when its table closes; a table still
        // open at the end would have failed the depth check above.
        let tables: Vec<Table> = self.slots.into_iter().flatten().collect();
        Ok(Document {
            tables,
            paragraphs: self.paragraphs,
            blocks: self.blocks,
            notes: self.notes,
            part: self.part,
        })
    }
}

/// End a vertical merge: record its region on the anchor and as a merge.
fn close_merge(t: &mut TableState, left: u32) {
    let Some(m) = t.open.remove(&left) else {
        return;
    };
    let rect = Rect {
        top: m.top,
        left,
        bottom: m.bottom,
        right: m.right,
    };
    if let Some(anchor) = t.cells.get_mut(&(m.top, left)) {
        anchor.rect = rect;
    }
    if rect.cell_count() > 1 {
        t.merges.push(rect);
    }
}

fn is_blank(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{3000}'
}

/// A `w:sym` as text: the common check boxes and signs of the Symbol and
/// Wingdings fonts, else the code point itself.
fn symbol(e: &BytesStart<'_>) -> String {
    let font = attr(e, "font").unwrap_or_default().to_ascii_lowercase();
    let Some(code) = attr(e, "char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok()) else {
        return String::new();
    };
    let low = if code >= 0xF000 { code - 0xF000 } else { code };
    let mapped = match (font.as_str(), low) {
        ("wingdings", 0xFC) | ("wingdings 2", 0x50) => Some('✓'),
        ("wingdings", 0xFB) | ("wingdings 2", 0x4F) => Some('✗'),
        ("wingdings", 0xA8 | 0x6F) | ("wingdings 2", 0xA3) => Some('□'),
        ("wingdings", 0xFE) | ("wingdings 2", 0x52) => Some('☑'),
        ("wingdings", 0x78 | 0xFD) | ("wingdings 2", 0x54) => Some('☒'),
        ("symbol", 0xB4) => Some('×'),
        ("symbol", 0xB8) => Some('÷'),
        ("symbol", 0xB1) => Some('±'),
        ("symbol", 0xA3) => Some('≤'),
        ("symbol", 0xB3) => Some('≥'),
        ("symbol", 0xB0) => Some('°'),
        ("symbol", 0x2D) => Some('−'),
        _ => None,
    };
    mapped
        .or_else(|| char::from_u32(code))
        .map(String::from)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
