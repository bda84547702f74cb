//! shenbiao (审表): checks Chinese public-finance workbooks — 项目支出绩效自评表
//! and 部门决算公开表 — and hands back an annotated copy.
//!
//! The data flows one way (design.md §2): `workbook` opens a file,
//! `forms` finds and extracts the forms, `rules` checks each one, `outcome`
//! holds what they found, `report` writes it, and `batch` / `serve` run
//! jobs over the driver in `check`. A stage uses the stages before it,
//! never one after it; `amount`, `scheme` and the cell types are leaves.

pub mod amount;
pub mod batch;
pub mod check;
pub mod cli_text;
pub mod docx;
pub mod forms;
pub mod outcome;
pub mod platform;
pub mod report;
pub mod rules;
pub mod scheme;
pub mod serve;
pub mod source;
pub mod template;
pub mod workbook;

pub use check::{check_file, check_workbook, Options};
