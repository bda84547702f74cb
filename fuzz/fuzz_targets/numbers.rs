//! The number readers: arbitrary text must give a reading, never a panic,
//! and so must the completion ratio of any target against any actual value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shenbiao::forms::self_eval::target::{completion, parse_quantity, parse_target};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = shenbiao::workbook::parse_text_number(&text);
    // Split the input: target text | indicator name or actual value.
    let mid = text
        .char_indices()
        .nth(text.chars().count() / 2)
        .map_or(text.len(), |(i, _)| i);
    let (a, b) = text.split_at(mid);
    let _ = parse_target(a, b);
    if let (Some(t), Some(q)) = (parse_target(a, ""), parse_quantity(b)) {
        let _ = completion(&t, &q);
    }
    if let Some(t) = parse_target(&text, "") {
        let _ = completion(&t, &t.quantity);
    }
});
