//! What an input file turned out to be once read, with the bytes it was
//! read from: the annotated copy is made from those very bytes (patched,
//! not rebuilt), never from a second read that could see another file.

use crate::docx::{self, Document, DocxError};
use crate::workbook::{self, Format, OpenError, Workbook};
use std::path::Path;

/// The parsed content of an input.
#[derive(Debug)]
pub enum Source {
    Workbook(Workbook),
    /// A .docx / .docm: its tables (as sheets 表N) and its prose.
    Document(Document),
}

/// An input as read: its bytes and what they hold.
#[derive(Debug)]
pub struct Opened {
    pub bytes: Vec<u8>,
    pub source: Source,
}

/// Read `path` (read-only) and parse it. The kind is decided by content,
/// never the extension: a Word package renamed .xlsx is still read as Word.
pub fn open(path: &Path, limits: &workbook::Limits) -> Result<Opened, OpenError> {
    let bytes = workbook::open::read_file(path, limits)?;
    let source = parse(&bytes, limits).map_err(|e| workbook::open::name_file(e, path))?;
    Ok(Opened { bytes, source })
}

/// Parse bytes already read.
pub fn parse(bytes: &[u8], limits: &workbook::Limits) -> Result<Source, OpenError> {
    if let Ok(Format::Docx) = workbook::open::sniff(bytes) {
        return docx::read_docx(bytes, limits)
            .map(Source::Document)
            .map_err(document_error);
    }
    workbook::read_workbook(bytes.to_vec(), limits).map(Source::Workbook)
}

/// A reader refusal as the one error type reports carry.
fn document_error(e: DocxError) -> OpenError {
    match e {
        DocxError::DocBinary => OpenError::Disguised(workbook::error::Disguise::Doc),
        DocxError::Encrypted => OpenError::Encrypted,
        e => OpenError::Document(e.to_string()),
    }
}

impl Opened {
    /// The workbook, when the input is one.
    pub fn workbook(&self) -> Option<&Workbook> {
        match &self.source {
            Source::Workbook(wb) => Some(wb),
            Source::Document(_) => None,
        }
    }
}
