//! Mutated ODS `content.xml`, packed into an otherwise valid .ods: the
//! dense-grid guard (`guard::check_ods`) must count what calamine will
//! build however broken the XML is (mismatched end tags, repeats, stray
//! cells), so nothing here may allocate past the limits or panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fuzz_target!(|content: &[u8]| {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    if w.start_file("mimetype", stored).is_err()
        || w.write_all(b"application/vnd.oasis.opendocument.spreadsheet").is_err()
        || w.start_file("content.xml", stored).is_err()
        || w.write_all(content).is_err()
        || w.start_file("META-INF/manifest.xml", stored).is_err()
        || w.write_all(MANIFEST.as_bytes()).is_err()
    {
        return;
    }
    let Ok(cursor) = w.finish() else { return };
    common::check_bytes(cursor.into_inner());
});
