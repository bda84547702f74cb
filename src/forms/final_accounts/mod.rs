//! 部门决算公开表 (公开01–09): detection, extraction and checking.

use crate::report::FileReport;
use crate::rules::Audit;
use crate::workbook::Workbook;
use crate::Options;

/// Find the 决算 tables in `wb`, check every relation, fill `report`.
pub fn check(_wb: &Workbook, _opts: &Options, _audit: &mut Audit, _report: &mut FileReport) {}
