//! Mutated real workbooks, structure-aware: the input replaces one XML part
//! of a real sample (chosen by the first byte) and the zip is rebuilt, so
//! mutations reach the XML readers, detection and the rules instead of
//! dying on a zip checksum. Seeds: the samples' sheet XML (see README).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

/// Parts of each sample: (name, bytes).
type Parts = Vec<(String, Vec<u8>)>;

fn samples() -> &'static Vec<Parts> {
    static SAMPLES: OnceLock<Vec<Parts>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../samples");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.retain(|p| p.extension().is_some_and(|e| e == "xlsx"));
        paths.sort();
        paths
            .iter()
            .filter_map(|p| {
                let bytes = std::fs::read(p).ok()?;
                let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
                let mut parts = Vec::new();
                for i in 0..zip.len() {
                    let mut f = zip.by_index(i).ok()?;
                    let mut b = Vec::new();
                    f.read_to_end(&mut b).ok()?;
                    parts.push((f.name().ok()?.into_owned(), b));
                }
                Some(parts)
            })
            .collect()
    })
}

/// Which part a selector byte replaces.
const TARGETS: &[&str] = &[
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/workbook.xml",
];

fuzz_target!(|data: &[u8]| {
    let samples = samples();
    if samples.is_empty() || data.is_empty() {
        return;
    }
    let sel = data[0] as usize;
    let parts = &samples[sel % samples.len()];
    let target = TARGETS[(sel / samples.len()) % TARGETS.len()];
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        let body: &[u8] = if name == target { &data[1..] } else { bytes };
        if out.start_file(name.as_str(), opts).is_err() || out.write_all(body).is_err() {
            return;
        }
    }
    let Ok(zip) = out.finish() else { return };
    common::check_bytes(zip.into_inner());
});
