//! Arbitrary bytes as a workbook file: sniff, guards, calamine, detection,
//! extraction, rules. Seed it with real workbooks (see README) so libFuzzer
//! mutates them too.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_bytes(data.to_vec());
});
