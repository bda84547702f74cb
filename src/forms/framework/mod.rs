//! 项目支出绩效评价指标体系 with its 财政支出项目绩效评价自评报告 (岳阳
//! 附件3-2 and 附件2-2, rules.md V-03): a three-level framework (项目决策 /
//! 项目管理 / 项目绩效) scored per 三级指标, and a report block with the
//! money by source and the declared 综合得分 and 评价等次.

mod detect;
mod extract;
pub mod model;

pub use detect::claims;
pub use model::*;

use crate::workbook::Workbook;

/// Every evaluation in the workbook: report blocks and 指标体系 in sheet
/// order, paired first with first (a workbook normally holds one of each,
/// on one sheet or two).
pub fn find(wb: &Workbook) -> Vec<Evaluation> {
    let mut reports = Vec::new();
    let mut systems = Vec::new();
    for sheet in &wb.sheets {
        let found = extract::systems(sheet);
        if let Some(top) = detect::report_start(sheet) {
            // On a shared sheet the report ends above the 指标体系 below it.
            let bottom = found
                .iter()
                .map(|s| s.range.top)
                .filter(|&t| t > top)
                .min()
                .map_or_else(|| sheet.extent().map_or(top, |e| e.0), |t| t - 1);
            reports.push(extract::report(sheet, top, bottom));
        }
        systems.extend(found);
    }
    let n = reports.len().max(systems.len());
    let mut reports = reports.into_iter();
    let mut systems = systems.into_iter();
    (0..n)
        .map(|_| Evaluation {
            report: reports.next(),
            system: systems.next(),
        })
        .collect()
}
