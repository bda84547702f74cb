//! Word documents (.docx, .docm): read the tables as grids and the prose as
//! numbered paragraphs, and hand back the user's own package with comments,
//! cell shading and a 审核结果 section patched in.
//!
//! Why a reader of our own rather than a document-model crate: such crates
//! build the whole document and fail on real files (parse errors, panics,
//! lost content). What the checker needs is small — the text of every table
//! cell at its grid position, the text of every paragraph, and the byte
//! spans of both so the annotated copy can be spliced without reserialising
//! anything — and a tolerant streaming pass over `word/document.xml` gives
//! exactly that under the same guards as a workbook.
//!
//! Addresses follow design.md §6: a table cell is sheet `表N` (or `表N.M`
//! for a nested table) with an A1 reference into the table's grid; prose is
//! `正文` / `第N段`, N counting the non-empty paragraphs outside tables.

pub mod annotate;
#[cfg(test)]
mod fixture;
mod model;
mod numbering;
mod numfmt;
mod package;
mod read;
mod styles;
pub mod wml;
mod xml;

pub use annotate::{annotate, DocMark, DocTarget, MarkLevel, ResultsSection};
pub use model::{Block, CellSpan, Document, ParaSpan, Paragraph, Table, TcSpan};
pub use read::read_docx;

/// Shown for a binary Word 97-2003 file: this reader handles only the XML
/// package, and re-saving is the user's one-step fix.
pub const DOC_BINARY: &str =
    "这是 Word 97-2003 文档（.doc），请用 Word 或 WPS 另存为 .docx 后再检查";

/// Why a Word document could not be read or annotated. `Display` is the
/// Chinese message shown to users.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A binary .doc (see [`DOC_BINARY`]).
    DocBinary,
    /// Password-protected (an encrypted OOXML package is a CFB file).
    Encrypted,
    /// Not a zip package at all, or a package of another kind (the message
    /// says which).
    NotDocx(String),
    /// Refused by a guard before parsing: zip bomb, part too large, too many
    /// tables or cells. The message names the limit.
    Limit(String),
    /// The package or one of its parts is broken.
    Corrupt(String),
    /// The document cannot be patched as asked (a mark names a table or
    /// cell the document does not have, the document does not match the
    /// bytes, a part the patcher cannot edit safely).
    Annotate(String),
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::DocBinary => f.write_str(DOC_BINARY),
            DocxError::Encrypted => crate::workbook::OpenError::Encrypted.fmt(f),
            DocxError::NotDocx(m)
            | DocxError::Limit(m)
            | DocxError::Corrupt(m)
            | DocxError::Annotate(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for DocxError {}

impl From<crate::workbook::OpenError> for DocxError {
    fn from(e: crate::workbook::OpenError) -> Self {
        DocxError::Limit(e.to_string())
    }
}
