//! Detection and extraction: find each known form in a workbook by its
//! titles and labels, and turn it into a typed model whose every number
//! keeps its cell.

pub mod final_accounts;
pub mod framework;
pub mod labels;
pub mod region;
pub mod self_eval;

use crate::report::FileReport;
use crate::rules::Audit;
use crate::workbook::Workbook;
use crate::Options;

/// Find every form in `wb`, run its rules, and fill `report`.
pub fn check_all(wb: &Workbook, opts: &Options, report: &mut FileReport) {
    let mut audit = Audit::new();
    for form in self_eval::find_forms(wb) {
        audit.form = report.forms.len();
        let outcome = crate::rules::self_eval::check(&form, opts, &mut audit);
        report.forms.push(outcome.summary);
        report.reviews.extend(outcome.review);
    }
    for eval in framework::find(wb) {
        let outcome = crate::rules::framework::check(&eval, opts, &mut audit, report.forms.len());
        report.forms.extend(outcome.forms);
        report.reviews.extend(outcome.review);
        report.notes.extend(outcome.notes);
    }
    final_accounts::check(wb, opts, &mut audit, report);
    report.findings.extend(audit.findings);
    report.checks.extend(audit.checks);
}
