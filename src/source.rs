//! What an input file turned out to be once read, with the bytes it was
//! read from: the annotated copy is made from those very bytes (patched,
//! not rebuilt), never from a second read that could see another file.

use crate::workbook::{self, OpenError, Workbook};
use std::path::Path;

/// The parsed content of an input.
#[derive(Debug)]
pub enum Source {
    Workbook(Workbook),
}

/// An input as read: its bytes and what they hold.
#[derive(Debug)]
pub struct Opened {
    pub bytes: Vec<u8>,
    pub source: Source,
}

/// Read `path` (read-only) and parse it.
pub fn open(path: &Path, limits: &workbook::Limits) -> Result<Opened, OpenError> {
    let bytes = workbook::open::read_file(path, limits)?;
    let wb = workbook::read_workbook(bytes.clone(), limits)
        .map_err(|e| workbook::open::name_file(e, path))?;
    Ok(Opened {
        bytes,
        source: Source::Workbook(wb),
    })
}

impl Opened {
    /// The workbook, when the input is one.
    pub fn workbook(&self) -> Option<&Workbook> {
        match &self.source {
            Source::Workbook(wb) => Some(wb),
        }
    }
}
