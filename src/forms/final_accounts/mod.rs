//! 部门决算公开表 (公开01–09): detection and extraction.
//!
//! `detect` finds where tables start (title, code, sheet name), `extract`
//! turns each region into the typed model of `model`, and the tables are
//! grouped into [`Publication`]s, one per department's set.

pub mod detect;
pub mod extract;
pub mod model;
pub mod names;

pub use model::Publication;

use crate::workbook::Workbook;

/// Every 决算 publication in the workbook. Tables are taken in sheet order;
/// a publication ends when a kind repeats (two departments' tables in one
/// workbook).
pub fn find(wb: &Workbook) -> Vec<Publication> {
    let mut out: Vec<Publication> = Vec::new();
    for cand in detect::find(wb) {
        let Some((meta, body)) = extract::extract(wb, &cand) else {
            continue;
        };
        match out.last_mut() {
            Some(p) if !p.has(meta.kind) => p.place(meta, body),
            _ => {
                let mut p = Publication::default();
                p.place(meta, body);
                out.push(p);
            }
        }
    }
    out
}
