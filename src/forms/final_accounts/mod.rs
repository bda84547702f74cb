//! 部门决算公开表 (公开01–09): detection, extraction and checking.
//!
//! `detect` finds where tables start (title, code, sheet name), `extract`
//! turns each region into the typed model of `model`, and the rules in
//! `crate::rules::final_accounts` check the model table by table and then
//! across the set.

pub mod detect;
pub mod extract;
pub mod model;
pub mod names;

use crate::report::{FileReport, FormKind, FormSummary};
use crate::rules::Audit;
use crate::workbook::Workbook;
use crate::Options;
use model::{Table, TableSet};

/// Every 决算 table in the workbook, in sheet order.
pub fn find_tables(wb: &Workbook) -> Vec<Table> {
    detect::find(wb)
        .iter()
        .filter_map(|cand| extract::extract(wb, cand))
        .collect()
}

/// Group tables into publication sets: a set ends when a kind repeats (two
/// departments' tables in one workbook).
pub fn sets(tables: &[Table]) -> Vec<TableSet<'_>> {
    let mut out: Vec<TableSet<'_>> = Vec::new();
    for t in tables {
        let i = t.meta.kind.index();
        match out.last_mut() {
            Some(set) if set.tables[i].is_none() => set.tables[i] = Some(t),
            _ => {
                let mut set = TableSet::default();
                set.tables[i] = Some(t);
                out.push(set);
            }
        }
    }
    out
}

/// Find the 决算 tables in `wb`, check every relation, fill `report`.
pub fn check(wb: &Workbook, opts: &Options, audit: &mut Audit, report: &mut FileReport) {
    let mut tables = find_tables(wb);
    for t in &mut tables {
        audit.form = report.forms.len();
        t.meta.form = audit.form;
        crate::rules::final_accounts::check_table(t, opts, audit);
        report.forms.push(summary(t));
    }
    for set in sets(&tables) {
        crate::rules::final_accounts::check_set(&set, opts, audit);
    }
}

fn summary(t: &Table) -> FormSummary {
    FormSummary {
        kind: FormKind::FinalAccounts,
        table: Some(t.meta.kind.code().to_string()),
        sheet: t.meta.sheet.to_string(),
        range: t.meta.rect.a1(),
        title: t.meta.title.clone(),
        scheme: None,
        score: None,
        rating: None,
    }
}
