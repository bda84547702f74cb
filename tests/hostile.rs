//! Hostile and broken inputs. Every bad file is built here at test time
//! (nothing large is committed) and must get a clear Chinese answer, fast,
//! within bounded memory, without a panic and without touching inputs.
//!
//! Time and memory are measured on the CLI process (`/usr/bin/time` when
//! present). Debug builds are slower, so the asserted margins are generous;
//! the precise release numbers are in the README section 异常文件与安全.

mod common;

use assert_cmd::Command as AssertCommand;
use serde_json::Value as Json;
use shenbiao::workbook::error::{Bomb, Corruption, Disguise, Forgery, OpenError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Building files

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One worksheet of a hand-written xlsx.
struct SheetSpec<'a> {
    name: &'a str,
    /// Everything inside `<worksheet>`.
    body: String,
    state: Option<&'a str>,
}

fn sheet(name: &str, body: String) -> SheetSpec<'_> {
    SheetSpec {
        name,
        body,
        state: None,
    }
}

/// Zip `parts` with deflate through the zip crate (valid sizes and CRCs).
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The package parts of a minimal xlsx around `sheets`.
fn xlsx_parts(sheets: &[SheetSpec<'_>], workbook_pr: &str) -> Vec<(String, Vec<u8>)> {
    let mut ct = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    );
    let mut wb = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}<sheets>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts = vec![(
        "_rels/.rels".to_string(),
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
    )];
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        ct.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        let state = s
            .state
            .map(|st| format!(r#" state="{st}""#))
            .unwrap_or_default();
        wb.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}"{state} r:id="rId{n}"/>"#,
            s.name
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{}</worksheet>"#,
                s.body
            )
            .into_bytes(),
        ));
    }
    ct.push_str("</Types>");
    wb.push_str("</sheets></workbook>");
    rels.push_str("</Relationships>");
    parts.push(("[Content_Types].xml".into(), ct.into_bytes()));
    parts.push(("xl/workbook.xml".into(), wb.into_bytes()));
    parts.push(("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()));
    parts
}

fn xlsx(sheets: &[SheetSpec<'_>], workbook_pr: &str) -> Vec<u8> {
    zip_parts(&xlsx_parts(sheets, workbook_pr))
}

/// An inline-string cell.
fn s_cell(r: &str, text: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

fn n_cell(r: &str, v: f64) -> String {
    format!(r#"<c r="{r}"><v>{v}</v></c>"#)
}

/// One zip entry written byte by byte, so sizes and CRCs can lie.
struct RawEntry {
    name: String,
    /// 0 = stored, 8 = deflate.
    method: u16,
    crc: u32,
    declared: u32,
    data: Vec<u8>,
}

/// A zip written by hand: local headers, central directory, end record.
fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(e.method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date 1980-01-01
            h.extend(e.crc.to_le_bytes());
            h.extend((e.data.len() as u32).to_le_bytes());
            h.extend(e.declared.to_le_bytes());
            h.extend((e.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attrs
                h.extend(0u32.to_le_bytes()); // external attrs
                h.extend(offset.to_le_bytes());
            }
            h.extend(e.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Raw deflate of `data` ending on a byte boundary without the final bit,
/// so copies can be concatenated into one stream.
fn deflate_chunk(data: &[u8]) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(data.len() / 100 + 1024);
    c.compress_vec(data, &mut out, flate2::FlushCompress::Sync)
        .unwrap();
    out
}

/// The final, empty stored block that ends a deflate stream.
const DEFLATE_END: [u8; 5] = [0x01, 0x00, 0x00, 0xFF, 0xFF];

/// A deflate stream of an XML prefix followed by `mb` MiB of spaces: a few
/// KB per GB. The real inflated size is `prefix.len() + mb MiB`.
fn spaces_bomb(prefix: &[u8], mb: usize) -> Vec<u8> {
    let spaces = deflate_chunk(&vec![b' '; 1024 * 1024]);
    let mut data = deflate_chunk(prefix);
    for _ in 0..mb {
        data.extend(&spaces);
    }
    data.extend(DEFLATE_END);
    data
}

/// A minimal xlsx whose only sheet part is `sheet_data` (deflated, with the
/// given declared size; other parts honest).
fn xlsx_with_raw_sheet(sheet_data: Vec<u8>, declared: u32) -> Vec<u8> {
    let mut entries: Vec<RawEntry> = xlsx_parts(&[sheet("Sheet1", String::new())], "")
        .into_iter()
        .filter(|(n, _)| n != "xl/worksheets/sheet1.xml")
        .map(|(name, data)| RawEntry {
            crc: crc32(&data),
            declared: data.len() as u32,
            name,
            method: 0,
            data,
        })
        .collect();
    entries.push(RawEntry {
        name: "xl/worksheets/sheet1.xml".into(),
        method: 8,
        crc: 0,
        declared,
        data: sheet_data,
    });
    raw_zip(&entries)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A CFB (OLE) file holding the given streams.
fn cfb_file(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        c.create_stream(name).unwrap().write_all(data).unwrap();
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

fn biff(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((body.len() as u16).to_le_bytes());
    r.extend(body);
    r
}

/// A BIFF8 workbook stream with one sheet whose records are `sheet_records`;
/// `globals` are added after the globals BOF (e.g. FILEPASS).
fn xls_bytes(globals: &[Vec<u8>], sheet_records: &[Vec<u8>]) -> Vec<u8> {
    let bof = |dt: u16| {
        let mut b = 0x0600u16.to_le_bytes().to_vec();
        b.extend(dt.to_le_bytes());
        b.extend([0u8; 12]);
        biff(0x0809, &b)
    };
    let mut head = vec![bof(0x0005)];
    head.extend(globals.iter().cloned());
    head.push(biff(0x0042, &1200u16.to_le_bytes())); // CodePage
                                                     // BoundSheet8 with a placeholder position, patched below.
    let mut bs = vec![0u8; 4];
    bs.extend([0u8, 0u8, 6u8, 0u8]);
    bs.extend(b"Sheet1");
    head.push(biff(0x0085, &bs));
    head.push(biff(0x000A, &[]));
    let mut stream: Vec<u8> = head.concat();
    let pos = stream.len() as u32;
    let bs_at = stream
        .windows(4)
        .position(|w| w == [0x85, 0x00, 14, 0])
        .unwrap();
    stream[bs_at + 4..bs_at + 8].copy_from_slice(&pos.to_le_bytes());
    stream.extend(bof(0x0010));
    for r in sheet_records {
        stream.extend(r);
    }
    stream.extend(biff(0x000A, &[]));
    cfb_file(&[("/Workbook", stream)])
}

/// A BIFF8 NUMBER record.
fn biff_number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut b = row.to_le_bytes().to_vec();
    b.extend(col.to_le_bytes());
    b.extend(0u16.to_le_bytes());
    b.extend(v.to_le_bytes());
    biff(0x0203, &b)
}

// ---------------------------------------------------------------------------
// Running the CLI

/// What one CLI run on one input produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stderr: String,
    json: Json,
    elapsed: Duration,
    /// Peak RSS of the CLI process in KB, when /usr/bin/time is available.
    max_rss_kb: Option<u64>,
}

impl Run {
    fn status(&self) -> &str {
        self.json["status"].as_str().unwrap_or("")
    }
    fn error(&self) -> &str {
        self.json["error"].as_str().unwrap_or("")
    }
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("shenbiao")
}

/// Write `bytes` as `dir/name`, run `shenbiao check` on it and read its
/// findings JSON.
fn run_on(dir: &Path, name: &str, bytes: &[u8]) -> Run {
    let input = dir.join("in").join(name);
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::write(&input, bytes).unwrap();
    // Keep a copy for measuring a release build by hand (README).
    if let Some(keep) = std::env::var_os("SHENBIAO_HOSTILE_DIR") {
        let _ = std::fs::create_dir_all(&keep);
        let _ = std::fs::write(Path::new(&keep).join(name), bytes);
    }
    run_path(dir, &input, &[])
}

fn run_path(dir: &Path, input: &Path, extra: &[&str]) -> Run {
    let out = dir.join("out");
    let timer = Path::new("/usr/bin/time");
    let rss_file = dir.join("rss.txt");
    // A Windows build run under Wine would also find Z:\usr\bin\time.
    let mut cmd = if cfg!(unix) && timer.exists() {
        let mut c = Command::new(timer);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(bin());
        c
    } else {
        Command::new(bin())
    };
    cmd.arg("check")
        .arg(input)
        .arg("-o")
        .arg(&out)
        .args(["--format", "json,csv", "-q"])
        .args(extra);
    let started = Instant::now();
    let output = cmd.output().unwrap();
    let elapsed = started.elapsed();
    let stem = input.file_stem().unwrap().to_string_lossy();
    let json_path = out.join(format!("{stem}.findings.json"));
    let json = std::fs::read_to_string(&json_path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Json::Null);
    let max_rss_kb = std::fs::read_to_string(&rss_file)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse().ok());
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        json,
        elapsed,
        max_rss_kb,
    };
    eprintln!(
        "{}: status={} code={} time={:.3}s rss={:?}KB error={}",
        input.display(),
        run.status(),
        run.code,
        run.elapsed.as_secs_f64(),
        run.max_rss_kb,
        run.error()
    );
    run
}

/// Generous bounds for debug builds; the targets (2 s, 200 MB) are
/// measured on a release build.
const TIME_LIMIT: Duration = Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 });
const RSS_LIMIT_KB: u64 = 200 * 1024;

fn assert_bounded(run: &Run) {
    assert!(
        run.elapsed < TIME_LIMIT,
        "took {:?} (limit {:?})",
        run.elapsed,
        TIME_LIMIT
    );
    if let Some(kb) = run.max_rss_kb {
        assert!(kb < RSS_LIMIT_KB, "peak RSS {kb} KB");
    }
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
}

/// An unreadable file: status, a Chinese message containing `needle`, exit
/// code 3, bounded time and memory, no panic.
fn assert_unreadable(run: &Run, needle: &str) {
    assert_eq!(run.status(), "unreadable", "{run:?}");
    assert!(
        run.error().contains(needle),
        "message {:?} lacks {needle:?}",
        run.error()
    );
    assert!(run
        .error()
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    assert_eq!(run.code, 3, "{run:?}");
    assert_bounded(run);
}

/// The library's typed answer for the input `run_on` wrote as `name`: tests
/// match the variant, so a reworded message cannot hide a changed cause.
fn open_error(dir: &Path, name: &str) -> OpenError {
    match shenbiao::workbook::open_workbook(&dir.join("in").join(name), &Default::default()) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => e,
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

// ---------------------------------------------------------------------------
// Files that are not (readable) workbooks

#[test]
fn empty_file() {
    let d = tmp();
    let run = run_on(d.path(), "empty.xlsx", b"");
    assert_unreadable(&run, "0 字节");
    let e = open_error(d.path(), "empty.xlsx");
    assert!(matches!(e, OpenError::Empty), "{e:?}");
}

#[test]
fn empty_file_exit_code_with_assert_cmd() {
    let d = tmp();
    let input = d.path().join("empty.xlsx");
    std::fs::write(&input, b"").unwrap();
    let assert = AssertCommand::cargo_bin("shenbiao")
        .unwrap()
        .arg("check")
        .arg(&input)
        .arg("-o")
        .arg(d.path().join("out"))
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("无法读取"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn truncated_zip() {
    let d = tmp();
    let good = xlsx(
        &[sheet(
            "Sheet1",
            format!(
                "<sheetData><row r=\"1\">{}</row></sheetData>",
                s_cell("A1", "x")
            ),
        )],
        "",
    );
    let run = run_on(d.path(), "truncated.xlsx", &good[..good.len() / 2]);
    assert_unreadable(&run, "损坏");
    let e = open_error(d.path(), "truncated.xlsx");
    assert!(
        matches!(e, OpenError::Corrupt(Corruption::TruncatedZip)),
        "{e:?}"
    );
}

#[test]
fn text_renamed_xlsx() {
    let d = tmp();
    let run = run_on(
        d.path(),
        "text.xlsx",
        "项目名称,金额\n办公费,1200\n".as_bytes(),
    );
    assert_unreadable(&run, "纯文本");
    let e = open_error(d.path(), "text.xlsx");
    assert!(matches!(e, OpenError::Disguised(Disguise::Text)), "{e:?}");
}

#[test]
fn random_bytes() {
    let d = tmp();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let run = run_on(d.path(), "noise.xlsx", &bytes);
    assert_unreadable(&run, "不是有效的 Excel 文件");
    let e = open_error(d.path(), "noise.xlsx");
    assert!(
        matches!(e, OpenError::Disguised(Disguise::Unknown)),
        "{e:?}"
    );
}

#[test]
fn encrypted_xlsx() {
    let d = tmp();
    let bytes = cfb_file(&[
        ("/EncryptionInfo", vec![4, 0, 4, 0, 0x40, 0, 0, 0]),
        ("/EncryptedPackage", vec![0x5A; 4096]),
    ]);
    let run = run_on(d.path(), "加密.xlsx", &bytes);
    assert_unreadable(&run, "文件已加密，请另存为未加密的文件");
    let e = open_error(d.path(), "加密.xlsx");
    assert!(matches!(e, OpenError::Encrypted), "{e:?}");
}

#[test]
fn password_protected_xls() {
    let d = tmp();
    // FILEPASS with RC4 encryption (wEncryptionType = 1).
    let filepass = biff(0x002F, &[1, 0, 1, 0, 1, 0]);
    let bytes = xls_bytes(&[filepass], &[biff_number(0, 0, 1.0)]);
    let run = run_on(d.path(), "加密.xls", &bytes);
    assert_unreadable(&run, "文件已加密，请另存为未加密的文件");
    let e = open_error(d.path(), "加密.xls");
    assert!(matches!(e, OpenError::Encrypted), "{e:?}");
}

#[test]
fn plain_xls_is_read() {
    let d = tmp();
    let bytes = xls_bytes(&[], &[biff_number(0, 0, 1.0), biff_number(3, 2, 2.5)]);
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert_eq!(wb.sheets[0].cells.len(), 2);
    let run = run_on(d.path(), "plain.xls", &bytes);
    assert_eq!(run.status(), "no_forms");
    assert_bounded(&run);
}

#[test]
fn html_saved_as_xls() {
    let d = tmp();
    let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\"></head><body><table><tr><td>项目名称</td></tr></table></body></html>";
    let run = run_on(d.path(), "网页.xls", html.as_bytes());
    assert_unreadable(&run, "网页（HTML）");
    let e = open_error(d.path(), "网页.xls");
    assert!(matches!(e, OpenError::Disguised(Disguise::Html)), "{e:?}");
    assert!(run.error().contains("另存为 .xlsx"));
}

#[test]
fn spreadsheetml_2003_saved_as_xls() {
    let d = tmp();
    let xml = r#"<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Sheet1"><Table><Row><Cell><Data ss:Type="String">项目名称</Data></Cell></Row></Table></Worksheet>
</Workbook>"#;
    let run = run_on(d.path(), "xml2003.xls", xml.as_bytes());
    assert_unreadable(&run, "SpreadsheetML");
    let e = open_error(d.path(), "xml2003.xls");
    assert!(
        matches!(e, OpenError::Disguised(Disguise::SpreadsheetMl)),
        "{e:?}"
    );
    assert!(run.error().contains("另存为 .xlsx"));
}

// ---------------------------------------------------------------------------
// Zip bombs and lying sizes

#[test]
fn zip_bomb_declared_over_one_gigabyte() {
    let d = tmp();
    let mb = 1100;
    let data = spaces_bomb(b"<worksheet><sheetData>", mb);
    assert!(data.len() < 5 * 1024 * 1024, "bomb is {} bytes", data.len());
    let bytes = xlsx_with_raw_sheet(data, (mb * 1024 * 1024) as u32);
    let run = run_on(d.path(), "bomb.xlsx", &bytes);
    assert_unreadable(&run, "文件过大");
    let e = open_error(d.path(), "bomb.xlsx");
    assert!(
        matches!(
            e,
            OpenError::ZipBomb(Bomb::Part { .. } | Bomb::Total { .. })
        ),
        "{e:?}"
    );
}

#[test]
fn zip_bomb_by_ratio() {
    let d = tmp();
    // 100 MB declared: under the size limits, but ~1000:1.
    let mb = 100;
    let bytes = xlsx_with_raw_sheet(spaces_bomb(b"<worksheet>", mb), (mb * 1024 * 1024) as u32);
    let run = run_on(d.path(), "ratio.xlsx", &bytes);
    assert_unreadable(&run, "压缩比过高");
    let e = open_error(d.path(), "ratio.xlsx");
    assert!(matches!(e, OpenError::ZipBomb(Bomb::Ratio { .. })), "{e:?}");
}

/// Declared sizes can lie: a part declared as 4 KB that inflates to 1 GB.
/// The zip crate stops at the declared size, so nothing runs away.
#[test]
fn lying_zip_sizes_are_bounded() {
    let d = tmp();
    let prefix = format!(r#"<?xml version="1.0"?><worksheet xmlns="{MAIN_NS}"><sheetData>"#);
    let bytes = xlsx_with_raw_sheet(spaces_bomb(prefix.as_bytes(), 1024), 4096);
    let run = run_on(d.path(), "liar.xlsx", &bytes);
    assert_unreadable(&run, "与其声明不符");
    let e = open_error(d.path(), "liar.xlsx");
    assert!(matches!(e, OpenError::ZipBomb(Bomb::SizeMismatch)), "{e:?}");
}

#[test]
fn forged_shared_string_count() {
    // calamine matches part names case-insensitively: check both spellings.
    for part in ["xl/sharedStrings.xml", "xl/SHAREDSTRINGS.XML"] {
        let d = tmp();
        let mut parts = xlsx_parts(
            &[sheet(
                "Sheet1",
                r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#.into(),
            )],
            "",
        );
        parts.push((
            part.into(),
            format!(r#"<sst xmlns="{MAIN_NS}" count="1" uniqueCount="4000000000000"><si><t>x</t></si></sst>"#).into_bytes(),
        ));
        refused_as_forged_shared_strings(d.path(), "sst.xlsx", &parts);
    }
}

/// `parts` zipped as `name` is refused, by the CLI and by the reader, as a
/// forged shared-string count.
fn refused_as_forged_shared_strings(dir: &Path, name: &str, parts: &[(String, Vec<u8>)]) {
    let run = run_on(dir, name, &zip_parts(parts));
    assert_unreadable(&run, "共享字符串");
    let e = open_error(dir, name);
    assert!(
        matches!(e, OpenError::Forged(Forgery::SharedStrings { .. })),
        "{e:?}"
    );
}

/// A shared formula index is a number in the file; it must not size a table.
#[test]
fn huge_shared_formula_index() {
    let d = tmp();
    let body = format!(
        r#"<sheetData><row r="1">{}<c r="B1"><f t="shared" ref="B1:B2" si="4000000000">A1*2</f><v>2</v></c></row><row r="2">{}<c r="B2"><f t="shared" si="4000000000"/><v>4</v></c></row></sheetData>"#,
        n_cell("A1", 1.0),
        n_cell("A2", 2.0)
    );
    let bytes = xlsx(&[sheet("Sheet1", body)], "");
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    let b2 = wb.sheets[0].cell(1, 1).unwrap();
    assert_eq!(b2.formula.as_deref(), Some("A2*2"));
    let run = run_on(d.path(), "si.xlsx", &bytes);
    assert_eq!(run.status(), "no_forms");
    assert_bounded(&run);
}

// ---------------------------------------------------------------------------
// Sheet dimensions

#[test]
fn stray_cell_at_xfd1048576() {
    let d = tmp();
    let body = format!(
        r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{}</row><row r="1048576">{}</row></sheetData>"#,
        s_cell("A1", "说明"),
        n_cell("XFD1048576", 1.0)
    );
    let bytes = xlsx(&[sheet("Sheet1", body)], "");
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert_eq!(wb.sheets[0].cells.len(), 2);
    assert_eq!(wb.sheets[0].extent(), Some((1_048_575, 16_383)));
    let run = run_on(d.path(), "stray.xlsx", &bytes);
    assert_eq!(run.status(), "no_forms", "{run:?}");
    assert_eq!(run.code, 0);
    assert_bounded(&run);
}

#[test]
fn stray_cell_in_xls_is_refused_before_the_dense_grid() {
    let d = tmp();
    let bytes = xls_bytes(
        &[],
        &[biff_number(0, 0, 1.0), biff_number(65_535, 255, 2.0)],
    );
    let run = run_on(d.path(), "stray.xls", &bytes);
    assert_unreadable(&run, "使用范围过大");
    let e = open_error(d.path(), "stray.xls");
    assert!(matches!(e, OpenError::SheetTooLarge { .. }), "{e:?}");
    assert!(run.error().contains("A1:IV65536"), "{}", run.error());
}

#[test]
fn forged_xls_dimensions() {
    let d = tmp();
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(u32::MAX.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(200u16.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    let bytes = xls_bytes(&[], &[biff(0x0200, &dims), biff_number(0, 0, 1.0)]);
    let run = run_on(d.path(), "dims.xls", &bytes);
    assert_unreadable(&run, "范围不合理");
    let e = open_error(d.path(), "dims.xls");
    assert!(
        matches!(e, OpenError::Forged(Forgery::Dimensions { .. })),
        "{e:?}"
    );
}

/// A minimal ODS whose first table's rows are `rows`.
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("content.xml", stored).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.start_file("META-INF/manifest.xml", stored).unwrap();
    w.write_all(manifest.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

const ODS_VALUE: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

#[test]
fn plain_ods_is_read() {
    let d = tmp();
    let bytes = ods(&format!(
        r#"<table:table-row>{ODS_VALUE}<table:table-cell table:number-columns-repeated="3"/>{ODS_VALUE}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
    ));
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert_eq!(wb.sheets[0].cells.len(), 2);
    let run = run_on(d.path(), "plain.ods", &bytes);
    assert_eq!(run.status(), "no_forms", "{run:?}");
    assert_bounded(&run);
}

#[test]
fn stray_cell_in_ods_is_refused_before_the_dense_grid() {
    let d = tmp();
    let bytes = ods(&format!(
        r#"<table:table-row>{ODS_VALUE}</table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{ODS_VALUE}</table:table-row>"#
    ));
    let run = run_on(d.path(), "stray.ods", &bytes);
    assert_unreadable(&run, "使用范围过大");
    let e = open_error(d.path(), "stray.ods");
    assert!(matches!(e, OpenError::SheetTooLarge { .. }), "{e:?}");
}

#[test]
fn repeated_values_in_ods_are_refused() {
    let d = tmp();
    let cell = r#"<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>"#;
    let row = format!("<table:table-row>{cell}</table:table-row>");
    let bytes = ods(&row.repeat(2000));
    let run = run_on(d.path(), "repeat.ods", &bytes);
    assert_unreadable(&run, "使用范围过大");
    let e = open_error(d.path(), "repeat.ods");
    assert!(
        matches!(
            e,
            OpenError::SheetTooLarge { .. } | OpenError::WorkbookTooLarge { .. }
        ),
        "{e:?}"
    );
}

#[test]
fn hundred_thousand_rows_without_a_form() {
    let d = tmp();
    let mut rows = String::with_capacity(12_000_000);
    for r in 1..=100_000u32 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}{}</row>"#,
            s_cell(&format!("A{r}"), &format!("明细{r}")),
            n_cell(&format!("B{r}"), f64::from(r) * 1.25),
            n_cell(&format!("C{r}"), f64::from(r % 97))
        ));
    }
    let bytes = xlsx(
        &[sheet("明细", format!("<sheetData>{rows}</sheetData>"))],
        "",
    );
    let input = d.path().join("rows.xlsx");
    std::fs::write(&input, &bytes).unwrap();
    // A debug build on a loaded machine can take more than the default
    // 60 s per file; the time limit itself is tested in tests/isolation.rs.
    let run = run_path(d.path(), &input, &["--max-seconds", "600"]);
    assert_eq!(run.status(), "no_forms", "{run:?}");
    assert_eq!(run.code, 0);
    // A hang guard, not a speed claim (speeds: `cargo bench`): generous so
    // that a loaded CI machine running a debug build never trips it.
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 300 } else { 60 });
    assert!(run.elapsed < limit, "took {:?}", run.elapsed);
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn too_many_cells_is_refused_with_the_flag_named() {
    let d = tmp();
    let mut rows = String::new();
    for r in 1..=200u32 {
        rows.push_str(&format!(
            r#"<row r="{r}">{}</row>"#,
            n_cell(&format!("A{r}"), 1.0)
        ));
    }
    let bytes = xlsx(
        &[sheet("Sheet1", format!("<sheetData>{rows}</sheetData>"))],
        "",
    );
    let input = d.path().join("cells.xlsx");
    std::fs::write(&input, bytes).unwrap();
    let run = run_path(d.path(), &input, &["--max-cells", "100"]);
    assert_unreadable(&run, "--max-cells");
}

#[test]
fn million_empty_formatted_rows() {
    let d = tmp();
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="2"><border/><border><left style="thin"/></border></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf borderId="1" applyBorder="1"/></cellXfs></styleSheet>"#
    );
    let mut rows = String::with_capacity(80_000_000);
    rows.push_str(&format!(r#"<row r="1">{}</row>"#, s_cell("A1", "备注")));
    for r in 2..=1_000_000u32 {
        rows.push_str(&format!(
            r#"<row r="{r}" s="1" customFormat="1" ht="20" customHeight="1"><c r="A{r}" s="1"/></row>"#
        ));
    }
    let mut parts = xlsx_parts(
        &[sheet(
            "Sheet1",
            format!(r#"<dimension ref="A1:A1000000"/><sheetData>{rows}</sheetData>"#),
        )],
        "",
    );
    parts.push(("xl/styles.xml".into(), styles.into_bytes()));
    let bytes = zip_parts(&parts);
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert!(
        wb.sheets[0].cells.len() < 10,
        "{} cells kept",
        wb.sheets[0].cells.len()
    );
    let input = d.path().join("formatted.xlsx");
    std::fs::write(&input, &bytes).unwrap();
    // As above: the default 60 s per file is for release builds.
    let run = run_path(d.path(), &input, &["--max-seconds", "600"]);
    assert_eq!(run.status(), "no_forms", "{run:?}");
    assert!(!run.stderr.contains("panicked"));
    if let Some(kb) = run.max_rss_kb {
        assert!(kb < RSS_LIMIT_KB, "peak RSS {kb} KB");
    }
}

// ---------------------------------------------------------------------------
// Cells that lie

#[test]
fn formula_only_workbook_without_cached_values() {
    let d = tmp();
    let body = r#"<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>A1*2</f></c></row><row r="2"><c r="A2"><f>SUM(A1:B1)</f></c></row></sheetData>"#;
    let bytes = xlsx(&[sheet("Sheet1", body.into())], "");
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    let a2 = wb.sheets[0].cell(1, 0).unwrap();
    assert!(a2.is_uncomputed_formula());
    assert_eq!(a2.formula.as_deref(), Some("SUM(A1:B1)"));
    let run = run_on(d.path(), "formulas.xlsx", &bytes);
    assert_eq!(run.status(), "no_forms", "{run:?}");
    assert_bounded(&run);
}

/// Replace the cell `addr` in the first sheet of an xlsx by `replacement`.
fn replace_cell(xlsx_bytes: &[u8], addr: &str, replacement: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx_bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        parts.push((f.name().unwrap().into_owned(), b));
    }
    for (name, data) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data.clone()).unwrap();
            let start = xml.find(&format!(r#"<c r="{addr}""#)).unwrap();
            let rest = &xml[start..];
            let open_end = rest.find('>').unwrap();
            let end = if rest.as_bytes()[open_end - 1] == b'/' {
                open_end + 1
            } else {
                rest.find("</c>").unwrap() + 4
            };
            *data = format!("{}{}{}", &xml[..start], replacement, &xml[start + end..]).into_bytes();
        }
    }
    zip_parts(&parts)
}

/// 总分 is a formula without a cached value: the checks that need it are
/// "could not check" (SB-01), never an arithmetic error.
#[test]
fn self_eval_total_as_uncomputed_formula() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (path, layout) =
        common::save_form(d.path(), "form.xlsx", &spec, (0, 0), Default::default());
    let total = layout.total_score();
    let first = layout.indicator(0, 6);
    let last = layout.indicator(spec.indicators.len() as u32 - 1, 6);
    let bytes = replace_cell(
        &std::fs::read(&path).unwrap(),
        &total,
        &format!(r#"<c r="{total}"><f>SUM({first}:{last})</f></c>"#),
    );
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    let report = shenbiao::check_workbook("form.xlsx", &wb, &Default::default());
    assert_eq!(report.summaries().count(), 1, "form not found");
    let on_total: Vec<_> = report.findings().filter(|f| f.cell == total).collect();
    assert!(
        on_total.iter().any(|f| f.rule.code == "SB-01"),
        "no SB-01 on {total}: {:?}",
        common::findings(&report)
    );
    assert!(
        report
            .findings()
            .all(|f| f.severity != shenbiao::rules::Severity::Error),
        "arithmetic false alarm: {:?}",
        common::findings(&report)
    );
    let run = run_on(d.path(), "form.xlsx", &bytes);
    assert_eq!(run.status(), "checked");
    assert_ne!(run.code, 3);
    assert_bounded(&run);
}

/// Numbers near Decimal's limit (≈7.9e28) in every numeric cell: sums,
/// ratios and scores must not overflow into a panic.
#[test]
fn huge_numbers_do_not_overflow() {
    use common::V;
    // Beyond Decimal, and at the largest magnitude still read as a number.
    for (huge, big, tiny) in [
        (
            7.0e28,
            "79000000000000000000000000000",
            "0.0000000000000000000000000001",
        ),
        (1.0e15, "1000000000000000", "0.000000000001"),
    ] {
        let d = tmp();
        let mut spec = common::FormSpec::consistent();
        for row in &mut spec.fund {
            for v in row.values.iter_mut() {
                *v = V::N(huge);
            }
        }
        spec.fund[1].values[2] = V::T(tiny.into());
        for (i, ind) in spec.indicators.iter_mut().enumerate() {
            ind.points = V::N(huge);
            ind.score = V::N(if i % 3 == 0 { -huge } else { huge });
            if i % 2 == 0 {
                ind.target = V::T(format!("≥{tiny}"));
                ind.actual = V::T(big.into());
            } else {
                ind.target = V::T(format!("≤{tiny}亿"));
                ind.actual = V::T(format!("{big}%"));
            }
        }
        spec.total_points = V::N(huge);
        spec.total_score = V::N(-huge);
        let (path, _) = common::save_form(d.path(), "huge.xlsx", &spec, (0, 0), Default::default());
        let report = common::check(&path);
        assert_ne!(
            report.status,
            shenbiao::outcome::Status::Unreadable,
            "{huge}: {:?}",
            report.error
        );
        assert_eq!(report.summaries().count(), 1);
    }
}

#[test]
fn error_values_where_numbers_are_expected() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (path, layout) =
        common::save_form(d.path(), "form.xlsx", &spec, (0, 0), Default::default());
    let total = layout.total_score();
    let bytes = replace_cell(
        &std::fs::read(&path).unwrap(),
        &total,
        &format!(r#"<c r="{total}" t="e"><f>SUM(#REF!)</f><v>#REF!</v></c>"#),
    );
    let wb = shenbiao::workbook::open::read_workbook(bytes, &Default::default()).unwrap();
    let report = shenbiao::check_workbook("form.xlsx", &wb, &Default::default());
    let rules: Vec<_> = report
        .findings()
        .filter(|f| f.cell == total)
        .map(|f| f.rule.code)
        .collect();
    assert!(rules.contains(&"SB-02"), "{:?}", common::findings(&report));
}

#[test]
fn numbers_as_text_in_odd_forms() {
    use shenbiao::workbook::{parse_text_number, Reading};
    let cases = [
        ("１２３.５０", "123.50"),
        ("1,234.50", "1234.50"),
        ("（12.00）", "-12.00"),
        ("(12.00)", "-12.00"),
        ("46%", "0.46"),
        ("3万", "30000"),
        ("\u{3000}88\u{3000}", "88"),
    ];
    for (text, want) in cases {
        match parse_text_number(text) {
            Reading::Number(n) => assert_eq!(n.value.to_string(), want, "{text}"),
            other => panic!("{text:?} read as {other:?}"),
        }
    }
    for blank in ["", "—", "-", "/", "不适用"] {
        assert_eq!(parse_text_number(blank), Reading::Empty, "{blank:?}");
    }
    for odd in ["1.2.3", "12e999999", "--5", "%", "万", "(", "１，，２"] {
        assert!(
            !matches!(parse_text_number(odd), Reading::Empty),
            "{odd:?} read as empty"
        );
    }
}

#[test]
fn hidden_sheet_is_checked_and_said_so() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (path, _) = common::save_form(d.path(), "form.xlsx", &spec, (0, 0), Default::default());
    // Hide the form's sheet and add a visible empty one in front.
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        if f.name().unwrap() == "xl/workbook.xml" {
            let x = String::from_utf8(b).unwrap();
            b = x
                .replacen(
                    "<sheet name=\"自评表\"",
                    "<sheet state=\"hidden\" name=\"自评表\"",
                    1,
                )
                .into_bytes();
        }
        parts.push((f.name().unwrap().into_owned(), b));
    }
    let bytes = zip_parts(&parts);
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert!(wb.sheets[0].hidden);
    let report = shenbiao::check_workbook("hidden.xlsx", &wb, &Default::default());
    assert_eq!(report.summaries().count(), 1);
    assert!(
        report.notes.iter().any(|n| n.contains("隐藏工作表")),
        "{:?}",
        report.notes
    );
    let d2 = tmp();
    let input = d2.path().join("hidden.xlsx");
    std::fs::write(&input, &bytes).unwrap();
    let out = d2.path().join("out");
    let output = Command::new(bin())
        .arg("check")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("隐藏工作表"), "{stderr}");
}

#[test]
fn date_1904_workbook() {
    let d = tmp();
    let styles = format!(
        r#"<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#
    );
    // 2024-01-01 is serial 45292 in the 1900 system, 43830 in 1904.
    let body = format!(
        r#"<sheetData><row r="1">{}<c r="B1" s="1"><v>43830</v></c>{}</row></sheetData>"#,
        s_cell("A1", "填报日期"),
        n_cell("C1", 1234.5)
    );
    let mut parts = xlsx_parts(&[sheet("Sheet1", body)], r#"<workbookPr date1904="1"/>"#);
    parts.push(("xl/styles.xml".into(), styles.into_bytes()));
    let bytes = zip_parts(&parts);
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    assert!(wb.date_1904);
    let s = &wb.sheets[0];
    assert_eq!(
        s.cell(0, 1).unwrap().value,
        shenbiao::workbook::Value::Date(45292.0)
    );
    // Plain numbers are not dates and are not shifted.
    assert_eq!(
        s.cell(0, 2).unwrap().value,
        shenbiao::workbook::Value::Number(1234.5)
    );
    let report = shenbiao::check_workbook("d.xlsx", &wb, &Default::default());
    assert!(report.notes.iter().any(|n| n.contains("1904")));
    let run = run_on(d.path(), "d1904.xlsx", &bytes);
    assert_eq!(run.status(), "no_forms");
    assert_bounded(&run);
}

#[test]
fn overlapping_and_malformed_merges() {
    let d = tmp();
    let body = format!(
        r#"<sheetData><row r="1">{}</row><row r="5">{}</row></sheetData><mergeCells count="6"><mergeCell ref="A1:C3"/><mergeCell ref="B2:D4"/><mergeCell ref="F6:E5"/><mergeCell ref="G1"/><mergeCell ref="A1:XFD1048576"/><mergeCell ref="H1:H2"/></mergeCells>"#,
        s_cell("A1", "标题"),
        s_cell("E5", "x")
    );
    let bytes = xlsx(&[sheet("Sheet1", body)], "");
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default()).unwrap();
    let merges: Vec<String> = wb.sheets[0].merges.iter().map(|m| m.a1()).collect();
    // First region wins, reversed corners are normalised, single cells and
    // the sheet-sized region (which overlaps) are dropped.
    assert_eq!(merges, ["A1:C3", "E5:F6", "H1:H2"]);
    let run = run_on(d.path(), "merges.xlsx", &bytes);
    assert_eq!(run.status(), "no_forms");
    assert_bounded(&run);
}

#[test]
fn garbage_merge_refs_do_not_fail_the_file() {
    let d = tmp();
    let body = format!(
        r#"<sheetData><row r="1">{}</row></sheetData><mergeCells count="2"><mergeCell ref="ZZZZZ9999999999:A1"/><mergeCell ref="??"/></mergeCells>"#,
        s_cell("A1", "标题")
    );
    let run = run_on(
        d.path(),
        "badmerge.xlsx",
        &xlsx(&[sheet("Sheet1", body)], ""),
    );
    assert!(matches!(run.status(), "no_forms" | "unreadable"), "{run:?}");
    assert_bounded(&run);
}

// ---------------------------------------------------------------------------
// Never lose data

fn digest(p: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(p).unwrap(),
        std::fs::metadata(p).unwrap().modified().unwrap(),
    )
}

#[test]
fn output_into_the_input_folder_leaves_inputs_alone_and_is_not_reread() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (a, _) = common::save_form(d.path(), "a.xlsx", &spec, (0, 0), Default::default());
    let (b, _) = common::save_form(d.path(), "b.xlsx", &spec, (0, 0), Default::default());
    let before = (digest(&a), digest(&b));
    for round in 0..2 {
        let out = Command::new(bin())
            .arg("check")
            .arg(d.path())
            .arg("-o")
            .arg(d.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "round {round}: {stderr}");
        // Only the two inputs were checked: none of our own outputs
        // (*.checked.xlsx, 汇总.xlsx, *.findings.json, findings.csv).
        let jsons: Vec<String> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".findings.json"))
            .collect();
        assert_eq!(jsons.len(), 2, "round {round}: {jsons:?}\n{stderr}");
    }
    assert_eq!((digest(&a), digest(&b)), before, "an input was modified");
    let names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n == "a.checked.xlsx"), "{names:?}");
    assert!(names.iter().any(|n| n == "a.findings.json"), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn own_outputs_are_not_inputs() {
    use shenbiao::batch::inputs::collect;
    let d = tmp();
    for n in [
        "a.xlsx",
        "a.checked.xlsx",
        "a.findings.json",
        "findings.csv",
        "~$a.xlsx",
        ".a.checked.xlsx.123.tmp",
    ] {
        std::fs::write(d.path().join(n), b"x").unwrap();
    }
    let found = collect(&[d.path().to_path_buf()]).unwrap();
    let names: Vec<_> = found
        .inputs
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.xlsx"]);
}

#[cfg(unix)]
#[test]
fn output_that_is_the_input_is_refused() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let input_dir = d.path().join("in");
    std::fs::create_dir_all(&input_dir).unwrap();
    let (a, _) = common::save_form(&input_dir, "a.xlsx", &spec, (0, 0), Default::default());
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // The output name is a link to the input: writing it would replace the
    // input's contents for anyone who follows the link.
    std::os::unix::fs::symlink(&a, out.join("a.checked.xlsx")).unwrap();
    let before = digest(&a);
    let o = Command::new(bin())
        .arg("check")
        .arg(&a)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("覆盖输入文件"), "{stderr}");
    assert_eq!(digest(&a), before);
}

/// A previous `.checked.xlsx` that cannot be replaced (open in Excel on
/// Windows). Here the lock is an immutable file (`chattr +i`), or a read-only
/// folder for non-root users; where neither can lock (root on a filesystem
/// without `chattr`), see `output_blocked_by_a_folder_is_reported`, which
/// runs everywhere.
#[cfg(unix)]
#[test]
fn locked_previous_output_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (a, _) = common::save_form(d.path(), "a.xlsx", &spec, (0, 0), Default::default());
    let out = d.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let previous = out.join("a.checked.xlsx");
    std::fs::write(&previous, b"old").unwrap();
    let immutable = Command::new("chattr")
        .arg("+i")
        .arg(&previous)
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let locked = immutable || std::fs::write(out.join("probe"), b"").is_err();
    let o = Command::new(bin())
        .arg("check")
        .arg(&a)
        .arg("-o")
        .arg(&out)
        .args(["--format", "xlsx"])
        .output()
        .unwrap();
    if immutable {
        let _ = Command::new("chattr").arg("-i").arg(&previous).status();
    } else {
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    if !locked {
        // Nothing could lock the file: the run must simply succeed.
        assert_eq!(o.status.code(), Some(0), "{stderr}");
        assert_ne!(std::fs::read(&previous).unwrap(), b"old");
        return;
    }
    assert!(stderr.contains("a.checked.xlsx"), "{stderr}");
    assert!(stderr.contains("没有写入权限"), "{stderr}");
    assert_eq!(
        o.status.code(),
        Some(4),
        "an output not written is exit code 4"
    );
    assert_eq!(std::fs::read(&previous).unwrap(), b"old");
}

/// An output name taken by a non-empty folder cannot be replaced, for root
/// too: the run says which output was not written and exits 4, and the
/// folder's content is untouched.
#[test]
fn output_blocked_by_a_folder_is_reported() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (a, _) = common::save_form(d.path(), "a.xlsx", &spec, (0, 0), Default::default());
    let out = d.path().join("out");
    let blocker = out.join("a.checked.xlsx");
    std::fs::create_dir_all(&blocker).unwrap();
    std::fs::write(blocker.join("keep.txt"), b"keep").unwrap();
    let o = Command::new(bin())
        .arg("check")
        .arg(&a)
        .arg("-o")
        .arg(&out)
        .args(["--format", "xlsx,json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("无法写入"), "{stderr}");
    assert!(stderr.contains("a.checked.xlsx"), "{stderr}");
    assert_eq!(o.status.code(), Some(4), "{stderr}");
    assert_eq!(std::fs::read(blocker.join("keep.txt")).unwrap(), b"keep");
    assert!(
        out.join("a.findings.json").is_file(),
        "other outputs are still written"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}

// ---------------------------------------------------------------------------
// Containment

#[test]
fn contained_panics_become_errors() {
    shenbiao::workbook::contain::install_quiet_panic_hook();
    let r: Result<(), String> = shenbiao::workbook::contain::contained(|| panic!("boom"));
    let msg = r.unwrap_err();
    assert!(msg.contains("boom"), "{msg}");
    assert!(!shenbiao::workbook::contain::is_contained());
}

/// calamine's range parser overflows on a reversed `<dimension>` (a panic
/// in debug builds, wrapped arithmetic in release): either way the CLI
/// answers, names the file, and prints no panic.
#[test]
fn dependency_panic_is_contained_quietly() {
    let d = tmp();
    let body = format!(
        r#"<dimension ref="F6:E5"/><sheetData><row r="1">{}</row></sheetData>"#,
        s_cell("A1", "x")
    );
    let run = run_on(
        d.path(),
        "reversed.xlsx",
        &xlsx(&[sheet("Sheet1", body)], ""),
    );
    match run.status() {
        "unreadable" => {
            assert!(run.error().contains("文件解析失败"), "{}", run.error());
            assert!(run.error().contains("reversed.xlsx"), "{}", run.error());
            assert_eq!(run.code, 3);
        }
        other => assert_eq!(other, "no_forms", "{run:?}"),
    }
    assert_bounded(&run);
}

/// Crashing inputs found by fuzzing (fuzz/README): each must be answered.
#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let entries =
        std::fs::read_dir(&dir).expect("tests/fuzz-regressions is part of the repository");
    let opts = shenbiao::Options::default();
    for e in entries {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        if p.extension().is_some_and(|x| x == "txt") {
            let text = String::from_utf8_lossy(&bytes);
            let _ = shenbiao::workbook::parse_text_number(&text);
            use shenbiao::forms::self_eval::target::{completion, parse_quantity, parse_target};
            if let Some(t) = parse_target(&text, "") {
                let _ = completion(&t, &t.quantity);
                for q in text.split(',').filter_map(parse_quantity) {
                    let _ = completion(&t, &q);
                }
            }
            continue;
        }
        let started = Instant::now();
        let (report, _) = shenbiao::check_file(&p, &opts);
        assert!(
            started.elapsed() < TIME_LIMIT,
            "{}: {:?}",
            p.display(),
            started.elapsed()
        );
        assert!(
            report
                .error
                .as_ref()
                .is_none_or(|e| !e.to_string().is_empty()),
            "{}",
            p.display()
        );
        if let Ok(wb) = shenbiao::workbook::open::read_workbook(bytes, &opts.limits) {
            let _ = shenbiao::check_workbook("x", &wb, &opts);
        }
    }
}

// ---------------------------------------------------------------------------
// Issue 12: inputs that defeated the guards of an earlier version.

/// Deterministic CJK text that deflate cannot shrink much (so the ratio
/// guard does not see it): the expansion guard has to.
fn incompressible_cjk(chars: usize) -> String {
    let mut x: u32 = 0x2545_f491;
    (0..chars)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from_u32(0x4e00 + x % 0x5000).unwrap()
        })
        .collect()
}

#[test]
fn shared_string_count_behind_a_long_comment() {
    let d = tmp();
    let mut parts = xlsx_parts(
        &[sheet(
            "Sheet1",
            r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#.into(),
        )],
        "",
    );
    // The count sits past the first 64 KiB, where a prefix sniff stops.
    parts.push((
        "xl/sharedStrings.xml".into(),
        format!(
            r#"<?xml version="1.0"?><!--{}--><sst xmlns="{MAIN_NS}" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#,
            "x".repeat(70_000)
        )
        .into_bytes(),
    ));
    refused_as_forged_shared_strings(d.path(), "comment.xlsx", &parts);
}

#[test]
fn one_long_shared_string_in_many_cells() {
    // 900 KB of text referenced by 150 cells: 135 MB once copied into each.
    let d = tmp();
    let cells: String = (1..=150)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let mut parts = xlsx_parts(
        &[sheet("Sheet1", format!("<sheetData>{cells}</sheetData>"))],
        "",
    );
    parts.push((
        "xl/sharedStrings.xml".into(),
        format!(
            r#"<sst xmlns="{MAIN_NS}" count="150" uniqueCount="1"><si><t>{}</t></si></sst>"#,
            incompressible_cjk(300_000)
        )
        .into_bytes(),
    ));
    let run = run_on(d.path(), "long_string.xlsx", &zip_parts(&parts));
    assert_unreadable(&run, "单元格文字和公式展开后合计超过 128 MB");
    let e = open_error(d.path(), "long_string.xlsx");
    assert_eq!(e, OpenError::TextTooLarge { limit_mb: 128 });
}

#[test]
fn one_long_shared_formula_reused_down_a_column() {
    // An 8,191-character shared formula in 3,000 cells: 24 MB of formula
    // text from a file of a few hundred KB, refused at a 16 MB limit.
    let d = tmp();
    let formula = format!("{}1", "1+".repeat(4095));
    let mut rows = format!(
        r#"<row r="1"><c r="A1"><f t="shared" ref="A1:A3000" si="0">{formula}</f><v>1</v></c></row>"#
    );
    for r in 2..=3000 {
        rows.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><f t="shared" si="0"/><v>1</v></c></row>"#
        ));
    }
    let bytes = xlsx(
        &[sheet("Sheet1", format!("<sheetData>{rows}</sheetData>"))],
        "",
    );
    let input = d.path().join("in").join("formula.xlsx");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::write(&input, &bytes).unwrap();
    let run = run_path(d.path(), &input, &["--max-text-mb", "16"]);
    assert_unreadable(&run, "合计超过 16 MB");
    // Within the default limit the same file is read, every formula expanded.
    let wb = shenbiao::workbook::open::read_workbook(bytes, &Default::default()).unwrap();
    let last = wb.sheets[0].cell(2999, 0).unwrap();
    assert_eq!(last.formula.as_deref().map(str::len), Some(8191));
}

#[test]
fn ods_with_a_mismatched_end_tag_is_still_measured() {
    // A strict XML reader gives up at </text:span>; calamine does not, and
    // would go on to build a billion-cell grid.
    let d = tmp();
    let bytes = ods(&format!(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:span></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>{ODS_VALUE}"#
    ));
    let run = run_on(d.path(), "mismatch.ods", &bytes);
    assert_unreadable(&run, "使用范围过大");
    let e = open_error(d.path(), "mismatch.ods");
    assert!(matches!(e, OpenError::SheetTooLarge { .. }), "{e:?}");
}

/// `<v> 100 </v>` and `<v>abc</v>` in one cell each: those cells, not the
/// file, are what cannot be used.
#[test]
fn malformed_values_affect_their_cells_only() {
    let d = tmp();
    let spec = common::FormSpec::consistent();
    let (path, layout) =
        common::save_form(d.path(), "form.xlsx", &spec, (0, 0), Default::default());
    let first = layout.indicator(0, 6);
    let second = layout.indicator(1, 6);
    let bytes = replace_cell(
        &std::fs::read(&path).unwrap(),
        &first,
        &format!(r#"<c r="{first}"><v>abc</v></c>"#),
    );
    let wb = shenbiao::workbook::open::read_workbook(bytes.clone(), &Default::default())
        .expect("a malformed <v> must not make the file unreadable");
    let report = shenbiao::check_workbook("form.xlsx", &wb, &Default::default());
    assert_eq!(report.summaries().count(), 1, "form not found");
    let all = common::findings(&report);
    assert!(
        report
            .findings()
            .any(|f| f.cell == first && f.rule.code == "SB-02"),
        "no SB-02 on {first}: {all:?}"
    );
    assert!(
        report
            .findings()
            .all(|f| f.severity != shenbiao::rules::Severity::Error || f.rule.code == "SB-02"),
        "arithmetic false alarm: {all:?}"
    );
    // A padded number is still the number.
    let padded = replace_cell(
        &std::fs::read(&path).unwrap(),
        &second,
        &format!(
            r#"<c r="{second}"><v> {} </v></c>"#,
            number(&spec.indicators[1].score)
        ),
    );
    let wb = shenbiao::workbook::open::read_workbook(padded, &Default::default()).unwrap();
    let report = shenbiao::check_workbook("form.xlsx", &wb, &Default::default());
    assert!(
        report.findings().all(|f| f.cell != second),
        "{:?}",
        common::findings(&report)
    );
}

fn number(v: &common::V) -> f64 {
    match v {
        common::V::N(x) => *x,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn duplicate_sheet_names_are_reported() {
    let d = tmp();
    let bytes = xlsx(
        &[
            sheet("表", "<sheetData/>".into()),
            sheet(
                "表",
                format!(
                    r#"<sheetData><row r="1">{}</row></sheetData>"#,
                    n_cell("A1", 5.0)
                ),
            ),
        ],
        "",
    );
    let run = run_on(d.path(), "dup.xlsx", &bytes);
    assert_eq!(run.code, 0, "{run:?}");
    let notes = run.json["notes"].to_string();
    assert!(notes.contains("多个名为“表”的工作表"), "{notes}");
    assert_bounded(&run);
}

#[test]
fn formula_like_text_is_not_a_formula_in_findings_csv() {
    let d = tmp();
    let mut spec = common::FormSpec::consistent();
    spec.total_score = common::V::N(1.0); // one finding, so a row names the sheet
    let (path, _) = common::save_form(d.path(), "form.xlsx", &spec, (0, 0), Default::default());
    // Rename the form's sheet to something Excel would run from a CSV.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        let name = f.name().unwrap().into_owned();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(b).unwrap();
            let start = xml.find(r#"name=""#).unwrap() + 6;
            let end = start + xml[start..].find('"').unwrap();
            b = format!("{}=HYPERLINK(&quot;x&quot;){}", &xml[..start], &xml[end..]).into_bytes();
        }
        parts.push((name, b));
    }
    let run = run_on(d.path(), "inject.xlsx", &zip_parts(&parts));
    assert_eq!(run.status(), "checked", "{run:?}");
    let csv = std::fs::read_to_string(d.path().join("out").join("findings.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
}
