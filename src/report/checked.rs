//! The checked copy of an input (design.md §7). A Word document is
//! annotated in place ([`super::docx`]); for a workbook the mode is chosen:
//!
//! - patch mode for .xlsx/.xlsm: the user's own package, byte for byte,
//!   with the marks and the result sheets added ([`super::xlsx_patch`]), so
//!   nothing calamine cannot see (notes, images, validation, print setup…)
//!   is lost;
//! - rebuild mode for .xls/.ods, and for a package the patcher refuses: the
//!   sheets rebuilt from what was read ([`super::xlsx`]), with 审核结果
//!   saying what the copy could not carry over.

use super::docx::checked_document_bytes;
use super::xlsx::{checked_workbook_bytes, patch_marks::sheet_marks, results_workbook_bytes};
use super::xlsx_patch::{patch_xlsx, PatchOptions};
use crate::outcome::FileReport;
use crate::source::{Opened, Source};
use crate::workbook::{Format, Limits};

/// The copy's bytes and the extension its file must have.
#[derive(Debug)]
pub struct CheckedCopy {
    pub bytes: Vec<u8>,
    /// `docx` for a Word document, `xlsm` for a patched macro-enabled
    /// workbook (Excel refuses to open one named .xlsx), else `xlsx`.
    pub extension: &'static str,
}

/// The checked copy of `opened`. When patching fails the copy is rebuilt
/// and the reason is added to `report.notes` (so 审核结果 and the findings
/// JSON both say why this copy lost the file's own features).
pub fn checked_copy(
    opened: &Opened,
    report: &mut FileReport,
    limits: &Limits,
) -> Result<CheckedCopy, String> {
    let wb = match &opened.source {
        Source::Workbook(wb) => wb,
        Source::Document(doc) => {
            return Ok(CheckedCopy {
                bytes: checked_document_bytes(&opened.bytes, doc, report)?,
                extension: "docx",
            })
        }
    };
    if wb.format == Format::Xlsx {
        let sheets: Vec<&str> = wb.sheets.iter().map(|s| &*s.name).collect();
        match patched(&opened.bytes, &sheets, report, limits) {
            Ok(copy) => return Ok(copy),
            Err(e) => report.notes.push(format!(
                "{e}，标注副本改为按读取内容重建（见“审核结果”说明）"
            )),
        }
    }
    Ok(CheckedCopy {
        bytes: checked_workbook_bytes(wb, report)?,
        extension: "xlsx",
    })
}

/// Patch mode: the result sheets written apart, then laid into the input.
fn patched(
    input: &[u8],
    sheets: &[&str],
    report: &FileReport,
    limits: &Limits,
) -> Result<CheckedCopy, String> {
    let results = results_workbook_bytes(sheets, report, &[])?;
    let marks = sheet_marks(report, sheets);
    let opts = PatchOptions { limits: *limits };
    let bytes = patch_xlsx(input, &marks, &results, &opts).map_err(|e| e.to_string())?;
    let extension = if super::xlsx_patch::macro_enabled(input, &opts) {
        "xlsm"
    } else {
        "xlsx"
    };
    Ok(CheckedCopy { bytes, extension })
}
