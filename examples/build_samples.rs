//! Builds the workbooks and Word documents in samples/ from the seed forms (transcribed into
//! the modules below). Run: `cargo run --example build_samples -- samples/`.

#[path = "samples/docx.rs"]
mod docx;
#[path = "samples/final_accounts.rs"]
mod final_accounts;
#[path = "samples/self_eval.rs"]
mod self_eval;
#[path = "samples/yueyang.rs"]
mod yueyang;

use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("samples"));
    std::fs::create_dir_all(&dir).expect("create samples dir");
    self_eval::build(&dir).expect("self-evaluation samples");
    yueyang::build(&dir).expect("岳阳 framework sample");
    final_accounts::build(&dir).expect("final-accounts samples");
    // After the workbooks: the Word samples take their tables from them.
    docx::build(&dir).expect("Word samples");
}
