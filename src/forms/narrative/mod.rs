//! The prose of a Word document that publishes 决算 tables (the 情况说明):
//! its non-empty paragraphs outside tables, numbered as findings address
//! them (正文 / 第N段), beside the publication its numbers describe. The
//! prose rules (`rules::narrative`) read statements out of it; nothing
//! here decides whether a statement is right.

pub mod bind;
pub mod text;

use super::final_accounts::Publication;

/// One paragraph outside tables.
#[derive(Debug, Clone)]
pub struct Para {
    /// 第N段: 1-based among the non-empty paragraphs outside tables.
    pub number: usize,
    pub text: String,
}

/// A document's prose and the 决算 publication its tables form.
#[derive(Debug, Clone)]
pub struct Narrative {
    pub paragraphs: Vec<Para>,
    pub publication: Publication,
}

impl Narrative {
    /// Each paragraph with its sentence pieces.
    pub fn pieces(&self) -> impl Iterator<Item = (&Para, Vec<&str>)> {
        self.paragraphs.iter().map(|p| (p, text::pieces(&p.text)))
    }
}

/// The sheet name of prose findings (design.md §6).
pub const SHEET: &str = "正文";

/// A paragraph's address: "第57段".
pub fn cell(number: usize) -> String {
    format!("第{number}段")
}
