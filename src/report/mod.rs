//! Writers: they only format what the rules found (the findings, check
//! records and facts of [`crate::outcome`]) and write it into the
//! `impl Write` they are given; placing files is the batch's job.

pub mod checked;
pub mod csv;
pub mod docx;
pub mod json;
pub mod opinion;
pub mod order;
pub mod review;
pub mod summary;
pub mod xlsx;
pub mod xlsx_patch;
