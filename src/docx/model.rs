//! What the reader hands on: tables as grids (the same [`Sheet`] the
//! workbook stages use), the prose as numbered paragraphs, their order, and
//! the byte spans the patcher splices at.

use crate::workbook::cellref::parse_a1;
use crate::workbook::{Rect, Sheet};
use std::collections::BTreeMap;
use std::ops::Range;

/// A Word document as read from `word/document.xml` (or wherever the
/// package's officeDocument relationship points).
#[derive(Debug, Clone)]
pub struct Document {
    /// Every table in document order of its start, nested ones included
    /// (named `表N.M`, with [`Table::parent`] set).
    pub tables: Vec<Table>,
    /// The non-empty paragraphs outside tables, in document order;
    /// `paragraphs[i].number == i + 1`.
    pub paragraphs: Vec<Paragraph>,
    /// Top-level order of prose and tables.
    pub blocks: Vec<Block>,
    /// What the reader skipped or could not represent, in Chinese, for the
    /// report's notes.
    pub notes: Vec<String>,
    pub(crate) part: PartInfo,
}

/// Facts about the main part the patcher needs, and a fingerprint so it can
/// refuse bytes that are not the ones this document was read from.
#[derive(Debug, Clone, Default)]
pub(crate) struct PartInfo {
    /// Zip entry name of the main part (`word/document.xml` normally).
    pub name: String,
    pub crc32: u32,
    pub len: u64,
    /// Where a block appended at the end of the body goes: the start of the
    /// body's final `w:sectPr`, or the `</w:body>` tag.
    pub body_insert: usize,
    /// Width available for text on the last section's pages, in twips.
    pub text_width: u32,
    /// Largest numeric `w:id` seen on any element, so new annotation ids
    /// never collide with bookmarks, revisions or existing comments.
    pub max_id: u64,
    /// Byte range of the root element's start tag (for a missing `xmlns:w`).
    pub root_tag: Range<usize>,
}

/// One block of the body, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// Index into [`Document::paragraphs`].
    Paragraph(usize),
    /// Index into [`Document::tables`] (top-level tables only).
    Table(usize),
}

/// A table read as a grid.
#[derive(Debug, Clone)]
pub struct Table {
    /// `表N` for the N-th top-level table, `表N.M` for the M-th table nested
    /// in it (deeper levels append further `.K`). Same as `sheet.name`.
    pub name: String,
    /// Columns = grid columns after `w:gridSpan` expansion, counting
    /// `w:gridBefore`; rows = `w:tr` in order (deleted rows of tracked
    /// changes dropped); cell values are `Value::Text` with the raw text.
    pub sheet: Sheet,
    /// Indices into [`Document::paragraphs`] of the paragraphs between the
    /// previous top-level table (or the start of the body) and this one —
    /// where 决算 tables carry their title, 公开NN表 label and 金额单位.
    /// Empty for nested tables.
    pub caption: Vec<usize>,
    /// Index of the enclosing table, for nested tables.
    pub parent: Option<usize>,
    /// Byte range of the `w:tbl` element.
    pub span: Range<usize>,
    /// The `w:tc` elements of each cell, keyed by its anchor (row, col).
    pub cells: BTreeMap<(u32, u32), CellSpan>,
}

impl Table {
    /// The cell shown at (row, col), following merges to the anchor.
    pub fn cell_span(&self, row: u32, col: u32) -> Option<&CellSpan> {
        let (r, c) = self.sheet.anchor(row, col);
        self.cells.get(&(r, c))
    }

    /// The cell at an A1 reference ("E22").
    pub fn cell_at(&self, a1: &str) -> Option<&CellSpan> {
        let (r, c) = parse_a1(a1)?;
        self.cell_span(r, c)
    }
}

/// Where one grid cell (the anchor of a merge) lives in document.xml.
#[derive(Debug, Clone)]
pub struct CellSpan {
    /// The merged region, or the single cell.
    pub rect: Rect,
    /// The `w:tc` elements of the cell: the first is the anchor; a vertical
    /// merge adds one per continued row (each carries its own `w:tcPr`, and
    /// shading must go on all of them to colour the whole merged cell).
    pub parts: Vec<TcSpan>,
}

/// One `w:tc` element.
#[derive(Debug, Clone)]
pub struct TcSpan {
    pub element: Range<usize>,
    /// The `w:tcPr` element, when present (`<w:tcPr/>` included).
    pub props: Option<Range<usize>>,
    /// Just after the `<w:tc>` start tag: where a missing `w:tcPr` goes.
    pub props_at: usize,
    /// The cell's first and last paragraphs (outside nested tables), where
    /// a comment range starts and ends; None for a cell without paragraphs.
    pub first: Option<ParaSpan>,
    pub last: Option<ParaSpan>,
}

/// Where a `w:p` element lives in document.xml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParaSpan {
    pub element: Range<usize>,
    /// The run region: after `w:pPr` (or the start tag) up to `</w:p>`.
    /// Empty and at `element.end` for a self-closing `<w:p/>`.
    pub content: Range<usize>,
    pub self_closing: bool,
}

/// A paragraph outside tables.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based among the non-empty paragraphs outside tables: the 第N段 of
    /// a finding's address.
    pub number: usize,
    /// The text as shown, without its list label: runs concatenated,
    /// `w:tab` as `\t`, breaks as `\n`, field codes dropped and field
    /// results kept, deletions dropped.
    pub text: String,
    pub style_id: Option<String>,
    /// Outline level 1–9, from the paragraph or its style (heading styles).
    pub heading: Option<u8>,
    /// The list label Word draws before the text ("一、", "（二）", "3.2").
    pub label: Option<String>,
    pub span: ParaSpan,
    /// Which bytes of document.xml produced which bytes of `text`.
    pub(crate) pieces: Vec<Piece>,
    pub(crate) runs: Vec<RunSpan>,
}

/// A `w:r` element of a prose paragraph.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunSpan {
    pub element: Range<usize>,
    /// The `w:rPr` element, copied when the run is split.
    pub props: Option<Range<usize>>,
    /// The run's children after `w:rPr`.
    pub content: Range<usize>,
}

/// A stretch of paragraph text and the bytes it came from.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Byte range in [`Paragraph::text`].
    pub text: Range<usize>,
    /// Byte range in document.xml: the characters themselves inside a
    /// `w:t`, or the whole element for a tab, break or symbol.
    pub raw: Range<usize>,
    /// The element the text came from: its `w:t`, or the tab, break or
    /// symbol element itself. A run is split between elements here.
    pub node: Range<usize>,
    /// Index into [`Paragraph::runs`].
    pub run: usize,
    /// Inside a `w:t`, with one source byte per text byte, so the run can be
    /// split at any character boundary.
    pub in_text: bool,
}

/// Caption paragraphs kept above a table's grid: a 决算 table's title,
/// 公开NN表 label and 部门/金额单位 line sit in the last few paragraphs
/// before it; report prose further up is no caption.
const CAPTION_LINES: usize = 6;

impl Document {
    /// The tables as a workbook of sheets `表N` (nested ones `表N.M`), each
    /// with its caption lines in [`Sheet::above`], so detection, extraction
    /// and the rules run on a Word table exactly as on a worksheet and their
    /// findings carry Word addresses.
    pub fn workbook(&self) -> crate::workbook::Workbook {
        let sheets = self
            .tables
            .iter()
            .map(|t| {
                let mut sheet = t.sheet.clone();
                let skip = t.caption.len().saturating_sub(CAPTION_LINES);
                sheet.above = t.caption[skip..]
                    .iter()
                    .filter_map(|&i| self.paragraphs.get(i))
                    .map(|p| p.text.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                sheet
            })
            .collect();
        crate::workbook::Workbook {
            format: crate::workbook::Format::Docx,
            sheets,
            styles: Vec::new(),
            date_1904: false,
            notes: Vec::new(),
        }
    }
}
