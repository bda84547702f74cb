//! 项目支出绩效自评表: find each form by its title/labels and extract it.

use crate::workbook::Workbook;

/// An extracted self-evaluation form.
#[derive(Debug, Clone)]
pub struct SelfEvalForm {}

/// Every self-evaluation form in the workbook.
pub fn find_forms(_wb: &Workbook) -> Vec<SelfEvalForm> {
    Vec::new()
}
