//! The annotated workbook (design.md §7). Placeholder until the writer lands.

use super::model::FileReport;
use crate::workbook::Workbook;
use std::path::Path;

/// Write the checked copy of `wb` with the findings of `report` to `path`.
pub fn write_checked_workbook(
    _wb: &Workbook,
    _report: &FileReport,
    _path: &Path,
) -> Result<(), String> {
    Err("not yet implemented".into())
}
