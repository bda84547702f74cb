//! 项目支出绩效自评表: find each form by its labels and extract it into a
//! typed model. Layouts vary (Word tables pasted into Excel, two-row
//! headers, vertical labels, shifted origins, stacked forms), so every part
//! is located by its labels, never by a fixed address.

mod detect;
mod extract;
pub mod model;
pub mod target;

pub use model::*;

use crate::workbook::Workbook;

/// Every self-evaluation form in the workbook, in sheet order.
pub fn find_forms(wb: &Workbook) -> Vec<SelfEvalForm> {
    wb.sheets
        .iter()
        // A 绩效评价指标体系 also has 一级/三级指标, 分值 and 得分 columns.
        .filter(|sheet| !crate::forms::framework::claims(sheet))
        .flat_map(|sheet| {
            detect::form_regions(sheet)
                .into_iter()
                .filter_map(move |region| extract::extract(sheet, region))
        })
        .collect()
}
