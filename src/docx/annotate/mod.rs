//! The annotated copy of a Word document: the user's package patched, not
//! rebuilt. Edited parts: `word/document.xml` (comment anchors, cell
//! shading, the 审核结果 section before the final `w:sectPr`), the comments
//! part (created, or the user's own with ours appended under new ids), and
//! — only when they lack them — the comments relationship and content-type
//! override. Every other zip entry is copied with its compressed bytes.

mod anchor;
mod comments;
mod parts;
mod results;
mod shade;
mod splice;

use super::model::Document;
use super::package::{relative_target, rels_name, resolve_target, Package, REL_COMMENTS};
use super::DocxError;
use anchor::{paragraph_anchor, Anchor, AnchorWriter, ORDER_END, ORDER_START};
use splice::Splices;
use std::collections::BTreeMap;

/// What a mark points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DocTarget {
    /// A table cell: `table` is the table's name ("表6", "表6.1"); row and
    /// col are 0-based grid positions (any cell of a merge resolves to its
    /// anchor).
    Cell { table: String, row: u32, col: u32 },
    /// A prose paragraph by its 第N段 number; the comment is anchored on
    /// `quote` when the paragraph contains it, else on the whole paragraph.
    Paragraph {
        number: usize,
        quote: Option<String>,
    },
}

impl DocTarget {
    /// Whether the document has this place, so a caller can route marks it
    /// cannot place elsewhere instead of failing the whole copy.
    pub fn exists_in(&self, doc: &Document) -> bool {
        match self {
            DocTarget::Cell { table, row, col } => doc
                .tables
                .iter()
                .find(|t| &t.name == table)
                .is_some_and(|t| t.cell_span(*row, *col).is_some()),
            DocTarget::Paragraph { number, .. } => number
                .checked_sub(1)
                .and_then(|i| doc.paragraphs.get(i))
                .is_some(),
        }
    }
}

/// Severity of a mark: the cell fill and the comment's label colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkLevel {
    Error,
    Warning,
    Info,
}

impl MarkLevel {
    /// 错误 / 警告 / 提示.
    pub fn label(self) -> &'static str {
        match self {
            MarkLevel::Error => "错误",
            MarkLevel::Warning => "警告",
            MarkLevel::Info => "提示",
        }
    }

    pub(crate) fn from_label(s: &str) -> Option<MarkLevel> {
        [MarkLevel::Error, MarkLevel::Warning, MarkLevel::Info]
            .into_iter()
            .find(|l| l.label() == s.trim())
    }

    /// Cell fill. Saturated enough to print as a clear grey (luma about
    /// 58%, 74% and 68% of white), so marks survive greyscale printing.
    pub fn fill(self) -> &'static str {
        match self {
            MarkLevel::Error => "FF6666",
            MarkLevel::Warning => "FFC000",
            MarkLevel::Info => "8DB4E2",
        }
    }

    /// Text colour for the level's label in a comment.
    pub(crate) fn ink(self) -> &'static str {
        match self {
            MarkLevel::Error => "C00000",
            MarkLevel::Warning => "9C5700",
            MarkLevel::Info => "1F4E78",
        }
    }
}

/// One finding to show in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMark {
    pub target: DocTarget,
    pub level: MarkLevel,
    /// Shown first, bold: "① ZP-24".
    pub label: String,
    /// The note body (Chinese); `\n` starts a new line.
    pub text: String,
}

/// The 审核结果 section appended at the end of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResultsSection {
    /// "审核结果".
    pub title: String,
    /// Lines above the table: the verdict, the counts.
    pub intro: Vec<String>,
    /// Table headers: 级别, 规则, 位置, 说明, 应为, 实为. A 级别 column's
    /// 错误/警告/提示 cells are filled like flagged cells.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

const COMMENTS_TYPE: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// Where one comment goes: a table cell (by table index and anchor) or a
/// prose paragraph (by index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Cell(usize, u32, u32),
    Paragraph(usize),
}

/// Patch `input` (the bytes `doc` was read from) with `marks` and the
/// results section; returns the new package.
pub fn annotate(
    input: &[u8],
    doc: &Document,
    marks: &[DocMark],
    results: &ResultsSection,
) -> Result<Vec<u8>, DocxError> {
    let mut pkg = Package::reopen(input)?;
    let main = doc.part.name.clone();
    let same = pkg
        .index(&main)
        .and_then(|i| pkg.zip.by_index_raw(i).ok().map(|f| (f.crc32(), f.size())))
        == Some((doc.part.crc32, doc.part.len));
    if !same {
        return Err(DocxError::Annotate(
            "无法生成批注文档：文档内容与读取时不一致".into(),
        ));
    }
    let xml = pkg.read(&main)?.unwrap_or_default();
    let places = group(doc, marks)?;

    // Comment ids above every id in use, in the document or the comments.
    let rels_part = pkg.zip_name(&rels_name(&main));
    let rels = pkg.read(&rels_part)?;
    let existing_comments = rels
        .as_deref()
        .map(super::package::parse_rels)
        .unwrap_or_default()
        .into_iter()
        .find(|r| r.kind.ends_with(REL_COMMENTS) && !r.external)
        .map(|r| resolve_target(&main, &r.target))
        .filter(|p| pkg.index(p).is_some())
        .map(|p| pkg.zip_name(&p));
    let comments_xml = match &existing_comments {
        Some(p) => pkg.read(p)?,
        None => None,
    };
    let comments_root = match (&existing_comments, &comments_xml) {
        (Some(p), Some(x)) => Some(parts::root(x, p)?),
        _ => None,
    };
    let first_id = doc
        .part
        .max_id
        .max(comments_root.as_ref().map_or(0, |r| r.max_child_id))
        + 1;

    let mut s = Splices::default();
    let root_tag = doc.part.root_tag.clone();
    let prefix = parts::prefix_at(&xml, root_tag.clone());
    parts::bind_w(&mut s, &xml, root_tag, prefix, &main)?;
    let mut writer = AnchorWriter::new(&xml);
    let mut new_comments = String::new();
    for (id, (place, group_marks)) in (first_id..).zip(&places) {
        let anchor = match *place {
            Place::Cell(t, r, c) => {
                let table = &doc.tables[t];
                let cell = &table.cells[&(r, c)];
                let level = group_marks
                    .iter()
                    .map(|m| m.level)
                    .min()
                    .unwrap_or(MarkLevel::Info);
                for tc in &cell.parts {
                    shade::shade(&mut s, &xml, tc, level.fill());
                }
                let ends = cell
                    .parts
                    .first()
                    .and_then(|tc| tc.first.as_ref().zip(tc.last.as_ref()));
                let Some((first, last)) = ends else {
                    return Err(DocxError::Annotate(format!(
                        "无法标注：{} 的单元格 {} 中没有段落",
                        table.name,
                        crate::workbook::cellref::a1(r, c)
                    )));
                };
                Anchor {
                    start: writer.paragraph_point(&mut s, first, false),
                    end: writer.paragraph_point(&mut s, last, true),
                    para: None,
                }
            }
            Place::Paragraph(i) => {
                let p = &doc.paragraphs[i];
                let quotes: Vec<Option<&str>> = group_marks
                    .iter()
                    .map(|m| match &m.target {
                        DocTarget::Paragraph { quote, .. } => quote.as_deref(),
                        DocTarget::Cell { .. } => None,
                    })
                    .collect();
                paragraph_anchor(p, &quotes)
            }
        };
        writer.write(
            &mut s,
            anchor.para,
            anchor.start,
            ORDER_START,
            &comments::range_start(id),
        );
        writer.write(
            &mut s,
            anchor.para,
            anchor.end,
            ORDER_END,
            &comments::range_end(id),
        );
        new_comments.push_str(&comments::comment(id, group_marks));
    }
    s.insert(
        doc.part.body_insert,
        0,
        results::section(results, doc.part.text_width),
    );
    let mut edited: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    edited.insert(main.clone(), s.apply(&xml)?);

    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    if !new_comments.is_empty() {
        match (existing_comments, comments_xml, comments_root) {
            (Some(part), Some(cx), Some(root)) => {
                let mut cs = Splices::default();
                parts::bind_w(&mut cs, &cx, root.tag.clone(), root.w, &part)?;
                parts::append_children(&mut cs, &cx, &root, &new_comments);
                edited.insert(part, cs.apply(&cx)?);
            }
            _ => {
                let part = free_name(&pkg, &main);
                let (new_rels, _) = parts::add_relationship(
                    rels.as_deref(),
                    COMMENTS_TYPE,
                    &relative_target(&main, &part),
                    &rels_part,
                )?;
                if rels.is_some() {
                    edited.insert(rels_part, new_rels);
                } else {
                    added.push((rels_part, new_rels));
                }
                let types = pkg.read("[Content_Types].xml")?.ok_or_else(|| {
                    DocxError::Annotate("无法生成批注文档：缺少 [Content_Types].xml".into())
                })?;
                if let Some(t) =
                    parts::add_override(&types, &format!("/{part}"), COMMENTS_CONTENT_TYPE)?
                {
                    edited.insert(pkg.zip_name("[Content_Types].xml"), t);
                }
                added.push((part, comments::new_part(&new_comments)));
            }
        }
    }
    parts::rewrite(input, &edited, &added)
}

/// Marks grouped by the place they point at (cells by table, row and
/// column, then paragraphs; ids only need to be unique, Word lists
/// comments by position), each group in mark order.
fn group<'m>(
    doc: &Document,
    marks: &'m [DocMark],
) -> Result<BTreeMap<Place, Vec<&'m DocMark>>, DocxError> {
    let mut out: BTreeMap<Place, Vec<&DocMark>> = BTreeMap::new();
    for m in marks {
        let place = match &m.target {
            DocTarget::Cell { table, row, col } => {
                let found = doc
                    .tables
                    .iter()
                    .enumerate()
                    .find(|(_, t)| &t.name == table);
                let (i, t) = found
                    .ok_or_else(|| DocxError::Annotate(format!("无法标注：文档中没有“{table}”")))?;
                let (r, c) = t.sheet.anchor(*row, *col);
                if !t.cells.contains_key(&(r, c)) {
                    return Err(DocxError::Annotate(format!(
                        "无法标注：{table} 中没有单元格 {}",
                        crate::workbook::cellref::a1(*row, *col)
                    )));
                }
                Place::Cell(i, r, c)
            }
            DocTarget::Paragraph { number, .. } => {
                let i = number
                    .checked_sub(1)
                    .filter(|&i| i < doc.paragraphs.len())
                    .ok_or_else(|| {
                        DocxError::Annotate(format!("无法标注：文档中没有第{number}段"))
                    })?;
                Place::Paragraph(i)
            }
        };
        out.entry(place).or_default().push(m);
    }
    Ok(out)
}

/// `comments.xml` beside the main part, or a numbered name if taken.
fn free_name(pkg: &Package<'_>, main: &str) -> String {
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let at = |n: &str| {
        if dir.is_empty() {
            n.to_string()
        } else {
            format!("{dir}/{n}")
        }
    };
    std::iter::once("comments.xml".to_string())
        .chain((1..).map(|i| format!("comments{i}.xml")))
        .map(|n| at(&n))
        .find(|p| pkg.index(p).is_none())
        .unwrap_or_else(|| at("comments.xml"))
}

#[cfg(test)]
mod tests;
