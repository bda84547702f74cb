//! Writers: they only format what the rules found.

pub mod csv;
pub mod json;
pub mod model;
pub mod summary;
pub mod xlsx;
pub mod xlsx_patch;

pub use model::*;
