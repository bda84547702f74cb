//! Patch mode (issue 13): the checked copy is the user's package with the
//! marks and result sheets added. For each input of the corpus (built here)
//! and each sample: every original part is byte-identical except the ones
//! patch mode edits, calamine reads the same values back, the result sheets
//! come first, notes are merged, CF priorities are unique, content types
//! are complete and every edited part keeps the schema's child order.

mod patch_corpus;

use calamine::{Data, Reader, Xlsx};
use patch_corpus::*;
use shenbiao::report::checked::checked_copy;
use shenbiao::report::xlsx::patch_marks::sheet_marks;
use shenbiao::report::xlsx_patch::{patch_xlsx, CellMark, MarkLevel, PatchOptions, SheetMarks};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

const RESULT_SHEETS: [&str; 3] = ["审核结果", "评分复核", "勾稽关系"];

/// Raw (compressed) bytes, CRC and content of each entry.
struct Entry {
    raw: Vec<u8>,
    crc: u32,
    text: Vec<u8>,
}

fn entries(bytes: &[u8]) -> BTreeMap<String, Entry> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let (name, crc, raw) = {
            let mut e = z.by_index_raw(i).unwrap();
            let mut raw = Vec::new();
            e.read_to_end(&mut raw).unwrap();
            (e.name().unwrap().to_string(), e.crc32(), raw)
        };
        let mut text = Vec::new();
        z.by_index(i).unwrap().read_to_end(&mut text).unwrap();
        out.insert(name, Entry { raw, crc, text });
    }
    out
}

fn text(e: &BTreeMap<String, Entry>, name: &str) -> String {
    String::from_utf8(
        e.get(name)
            .unwrap_or_else(|| panic!("no part {name}"))
            .text
            .clone(),
    )
    .unwrap()
}

/// Parts of `input` whose bytes differ in `output` (asserting that every
/// other part was raw-copied: same compressed bytes and CRC), and the
/// parts `output` adds.
fn diff(input: &[u8], output: &[u8]) -> (BTreeSet<String>, BTreeSet<String>) {
    let a = entries(input);
    let b = entries(output);
    let mut edited = BTreeSet::new();
    for (name, e) in &a {
        let o = b.get(name).unwrap_or_else(|| panic!("part {name} dropped"));
        if o.text != e.text {
            edited.insert(name.clone());
        } else {
            assert_eq!(o.crc, e.crc, "{name}: CRC changed");
            assert!(o.raw == e.raw, "{name}: same content but not raw-copied");
        }
    }
    let added = b.keys().filter(|n| !a.contains_key(*n)).cloned().collect();
    (edited, added)
}

/// Sheet name → its part, through workbook.xml and its relationships.
fn sheet_parts(out: &BTreeMap<String, Entry>) -> BTreeMap<String, String> {
    let attr = |el: &str, name: &str| -> Option<String> {
        let el = format!(" {el}");
        let v = el.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?;
        Some(v.replace("&amp;", "&").replace("&apos;", "'"))
    };
    let rels = text(out, "xl/_rels/workbook.xml.rels");
    let targets: BTreeMap<String, String> = rels
        .split("<Relationship ")
        .skip(1)
        .filter_map(|r| Some((attr(r, "Id")?, attr(r, "Target")?)))
        .collect();
    text(out, "xl/workbook.xml")
        .split("<sheet ")
        .skip(1)
        .filter_map(|el| {
            let target = &targets[&attr(el, "r:id")?];
            let part = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((attr(el, "name")?, part))
        })
        .collect()
}

/// Whether a sheet part's conditional formats cover (row, col).
fn covered(xml: &str, row: u32, col: u32) -> bool {
    use shenbiao::workbook::cellref::parse_a1;
    xml.split("<conditionalFormatting")
        .skip(1)
        .filter_map(|s| s.split("sqref=\"").nth(1)?.split('"').next())
        .flat_map(|r| r.split(' '))
        .any(|range| {
            let mut ends = range.split(':').filter_map(parse_a1);
            let Some(a) = ends.next() else { return false };
            let b = ends.next().unwrap_or(a);
            (a.0..=b.0).contains(&row) && (a.1..=b.1).contains(&col)
        })
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Every cell value of every sheet, by sheet name.
fn values(bytes: &[u8]) -> BTreeMap<String, Vec<(u32, u32, Data)>> {
    let mut x = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = BTreeMap::new();
    for name in x.sheet_names() {
        let r = x.worksheet_range(&name).unwrap();
        let (r0, c0) = r.start().unwrap_or((0, 0));
        let cells = r
            .used_cells()
            .map(|(r, c, v)| (r0 + r as u32, c0 + c as u32, v.clone()))
            .collect();
        out.insert(name, cells);
    }
    out
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    Xlsx::new(Cursor::new(bytes.to_vec()))
        .unwrap()
        .sheet_names()
}

/// Local names of the root's children, in order.
fn children(xml: &str) -> Vec<String> {
    let mut r = quick_xml::Reader::from_str(xml);
    let mut depth = 0;
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => {
                if depth == 1 {
                    out.push(e.local_name().as_ref().to_string());
                }
                depth += 1;
            }
            quick_xml::events::Event::Empty(e) if depth == 1 => {
                out.push(e.local_name().as_ref().to_string());
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

const WORKSHEET_ORDER: &str = "sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection protectedRanges scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks customProperties cellWatches ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF picture oleObjects controls webPublishItems tableParts extLst";
const WORKBOOK_ORDER: &str = "fileVersion fileSharing workbookPr workbookProtection bookViews sheets functionGroups externalReferences definedNames calcPr oleSize customWorkbookViews pivotCaches smartTagPr smartTagTypes webPublishing fileRecoveryPr webPublishObjects extLst";
const STYLES_ORDER: &str =
    "numFmts fonts fills borders cellStyleXfs cellXfs cellStyles dxfs tableStyles colors extLst";

/// The root's children follow `order` (names not in it are skipped), and
/// elements that may occur once do.
fn assert_order(part: &str, xml: &str, order: &str) {
    let order: Vec<&str> = order.split(' ').collect();
    let kids = children(xml);
    let ranks: Vec<usize> = kids
        .iter()
        .filter_map(|k| order.iter().position(|o| o == k))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "{part}: children out of order: {kids:?}"
    );
    for k in &kids {
        if k != "conditionalFormatting" {
            assert!(
                kids.iter().filter(|x| *x == k).count() == 1 || !order.contains(&k.as_str()),
                "{part}: {k} repeated"
            );
        }
    }
}

fn check_edited_order(out: &BTreeMap<String, Entry>, parts: &BTreeSet<String>) {
    for p in parts {
        let xml = text(out, p);
        let root = children(&format!(
            "<r>{}</r>",
            xml.split_once("?>").map_or(xml.as_str(), |x| x.1)
        ));
        match root.first().map(String::as_str) {
            Some("worksheet") => assert_order(p, &xml, WORKSHEET_ORDER),
            Some("workbook") => assert_order(p, &xml, WORKBOOK_ORDER),
            Some("styleSheet") => assert_order(p, &xml, STYLES_ORDER),
            _ => {}
        }
    }
}

/// Priorities of every cfRule of a worksheet part are unique.
fn assert_unique_priorities(part: &str, xml: &str) {
    let mut seen = BTreeSet::new();
    for (i, _) in xml.match_indices("cfRule ") {
        let tag = &xml[i..i + xml[i..].find('>').unwrap()];
        if let Some(p) = tag.split("priority=\"").nth(1) {
            let p: u32 = p[..p.find('"').unwrap()].parse().unwrap();
            assert!(seen.insert(p), "{part}: priority {p} repeated");
        }
    }
}

/// Every part has a content type (override, or default by extension).
fn assert_content_types(out: &BTreeMap<String, Entry>) {
    let ct = text(out, "[Content_Types].xml");
    for name in out
        .keys()
        .filter(|n| *n != "[Content_Types].xml" && !n.ends_with('/'))
    {
        let over = format!("PartName=\"/{name}\"");
        let ext = name.rsplit('.').next().unwrap();
        let def = format!("Extension=\"{ext}\"");
        assert!(
            ct.contains(&over) || ct.contains(&def),
            "{name} has no content type"
        );
    }
}

/// Checks shared by every case; returns the output's entries.
fn common_checks(input: &[u8], output: &[u8]) -> BTreeMap<String, Entry> {
    let before = values(input);
    let after = values(output);
    for (name, cells) in &before {
        assert_eq!(after.get(name), Some(cells), "values of {name} changed");
    }
    let names = sheet_names(output);
    let original = sheet_names(input);
    // 审核结果 always; 评分复核 and 勾稽关系 when the report has them.
    let added = names.len() - original.len();
    assert!((1..=3).contains(&added), "{names:?}");
    assert!(names[0].starts_with("审核结果"), "{names:?}");
    assert_eq!(
        &names[added..],
        &original[..],
        "original sheets keep their order, after ours"
    );
    let out = entries(output);
    assert_content_types(&out);
    for (name, _) in out
        .iter()
        .filter(|(n, _)| n.contains("worksheets/") && n.ends_with(".xml"))
    {
        assert_unique_priorities(name, &text(&out, name));
    }
    let wb = text(&out, "xl/workbook.xml");
    let selected: usize = out
        .keys()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| text(&out, n).matches("tabSelected=\"1\"").count())
        .sum();
    assert_eq!(selected, 1, "exactly one selected tab");
    assert!(!wb.contains("activeTab=\"") || wb.contains("activeTab=\"0\""));
    out
}

fn results_for(marks: &[SheetMarks]) -> Vec<u8> {
    results_workbook(&rows_for(marks))
}

#[test]
fn feature_workbook_keeps_every_part_and_gains_the_marks() {
    let input = feature_workbook();
    let marks = feature_marks();
    let output = patch_xlsx(
        &input,
        &marks,
        &results_for(&marks),
        &PatchOptions::default(),
    )
    .unwrap();
    let (edited, added) = diff(&input, &output);
    assert_eq!(
        edited,
        set(&[
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/worksheets/_rels/sheet2.xml.rels",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        ])
    );
    assert_eq!(
        added,
        set(&[
            "xl/comments2.xml",
            "xl/drawings/vmlDrawing2.vml",
            "xl/worksheets/sheet4.xml",
            "xl/worksheets/sheet5.xml",
            "xl/worksheets/sheet6.xml",
        ])
    );
    let out = common_checks(&input, &output);
    check_edited_order(&out, &edited);
    assert_eq!(&sheet_names(&output)[..3], RESULT_SHEETS);

    // The user's notes survive, ours are appended; authors kept.
    let c = text(&out, "xl/comments1.xml");
    assert!(
        c.contains("<author>张三</author>") && c.contains("<author>审表 shenbiao</author>"),
        "{c}"
    );
    let theirs = c.find("请核对预算数").unwrap();
    let sep = c[theirs..].find("—— 审表 ——").unwrap() + theirs;
    assert!(c[sep..].find("SE001").is_some());
    assert!(c.contains("比例来自上年") && c.contains("SE003"));
    for cell in ["B6", "A7", "A1"] {
        assert!(c.contains(&format!("ref=\"{cell}\"")), "new note on {cell}");
    }
    let v = text(&out, "xl/drawings/vmlDrawing1.vml");
    assert_eq!(
        v.matches("<x:ClientData ObjectType=\"Note\">").count(),
        5,
        "two user shapes + three new"
    );
    let c2 = text(&out, "xl/comments2.xml");
    assert!(c2.contains("ref=\"B3\"") && c2.contains("SE006"));

    // Marks: CF over merged areas, ours first, theirs shifted.
    let s1 = text(&out, "xl/worksheets/sheet1.xml");
    assert!(s1.contains("sqref=\"A1:F1\""), "merged title marked whole");
    assert!(s1.contains("<legacyDrawing r:id=\"rId") && s1.matches("<legacyDrawing").count() == 1);
    assert!(s1.contains("paperSize=\"9\"") && s1.contains("cellComments=\"atEnd\""));
    assert!(
        s1.contains("<sheetProtection") && s1.contains("<rowBreaks") && s1.contains("<colBreaks")
    );
    let s2 = text(&out, "xl/worksheets/sheet2.xml");
    assert!(
        !s2.contains("tabSelected"),
        "the user's selected tab is unselected"
    );
    assert!(s2.contains("<drawing r:id=\"rId1\"/><legacyDrawing"));
    let st = text(&out, "xl/styles.xml");
    assert!(st.contains("formatCode=\"0.00%&quot; ③&quot;;-0.00%&quot; ③&quot;;0.00%&quot; ③&quot;;@&quot; ③&quot;\""), "D6 keeps 0.00% and shows ③");
    assert!(
        st.contains("formatCode=\"#,##0.00&quot; ①&quot;"),
        "B3 keeps #,##0.00 and shows ①"
    );

    // Workbook: result sheets first, local names follow their sheets.
    let wb = text(&out, "xl/workbook.xml");
    assert!(wb.contains("<definedName name=\"_xlnm.Print_Area\" localSheetId=\"3\">自评表!$A$1:$I$27</definedName>"), "{wb}");
    assert!(wb.contains(
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"3\">自评表!$1:$2</definedName>"
    ));
    assert!(
        wb.contains("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">")
    );
    assert!(wb.contains("预算合计"));
    // The result sheets' links still point at the original sheets.
    let r = text(&out, "xl/worksheets/sheet4.xml");
    assert!(r.contains("location=\"'自评表'!B3\""), "{r}");
    assert!(r.contains("t=\"inlineStr\"") && !r.contains("t=\"s\""));
}

#[test]
fn hand_written_package_without_styles_or_shared_strings() {
    let input = minimal_workbook();
    let marks = vec![SheetMarks {
        sheet: "审核结果".into(),
        cells: vec![
            CellMark {
                row: 0,
                col: 1,
                level: MarkLevel::Error,
                number: Some(1),
                note: Some("合计不等于分项之和".into()),
            },
            CellMark {
                row: 1,
                col: 1,
                level: MarkLevel::Error,
                number: None,
                note: None,
            },
        ],
    }];
    let output = patch_xlsx(
        &input,
        &marks,
        &results_for(&marks),
        &PatchOptions::default(),
    )
    .unwrap();
    let (edited, added) = diff(&input, &output);
    assert_eq!(
        edited,
        set(&[
            "[Content_Types].xml",
            "xl/Worksheets/Sheet1.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/workbook.xml"
        ])
    );
    assert_eq!(
        added,
        set(&[
            "xl/Worksheets/_rels/Sheet1.xml.rels",
            "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml",
            "xl/styles.xml",
            "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml",
            "xl/worksheets/sheet4.xml",
        ]),
        "xl/worksheets/sheet1.xml would collide with xl/Worksheets/Sheet1.xml"
    );
    let out = common_checks(&input, &output);
    check_edited_order(&out, &edited);
    check_edited_order(&out, &set(&["xl/styles.xml"]));
    let names = sheet_names(&output);
    assert_eq!(
        names[0], "审核结果(2)",
        "the input's own 审核结果 keeps its name"
    );
    let rels = text(&out, "xl/_rels/workbook.xml.rels");
    assert!(rels.contains("Target=\"styles.xml\""));
    assert!(text(&out, "xl/Worksheets/Sheet1.xml").contains("sqref=\"B2\""));
    // Links between result sheets follow the rename.
    let review = text(&out, "xl/worksheets/sheet3.xml");
    assert!(
        review.contains("location=\"&apos;审核结果(2)&apos;!A1\""),
        "{review}"
    );
}

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    v.sort();
    v
}

/// The sample checked, its marks, and its checked copy as the job makes it
/// (patch mode, the default for .xlsx).
fn patched_sample(path: &Path) -> (Vec<u8>, Vec<SheetMarks>, Vec<u8>) {
    let opts = shenbiao::Options::default();
    let (mut report, opened) = shenbiao::check_file(path, &opts);
    let opened = opened.expect("sample readable");
    let wb = opened.workbook().expect("a workbook");
    let sheets: Vec<&str> = wb.sheets.iter().map(|s| &*s.name).collect();
    let marks = sheet_marks(&report, &sheets);
    let notes = report.notes.clone();
    let copy = checked_copy(&opened, &mut report, &opts.limits).unwrap();
    assert_eq!(
        report.notes,
        notes,
        "{}: patched, no fallback",
        path.display()
    );
    assert_eq!(copy.extension, "xlsx");
    (opened.bytes.clone(), marks, copy.bytes)
}

#[test]
fn samples_keep_their_parts_and_values() {
    let paths = samples();
    assert!(paths.len() >= 8, "samples/ present");
    for path in paths {
        let (input, marks, output) = patched_sample(&path);
        let (edited, added) = diff(&input, &output);
        let allowed = [
            "[Content_Types].xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/workbook.xml",
        ];
        for e in &edited {
            assert!(
                allowed.contains(&e.as_str()) || e.starts_with("xl/worksheets/"),
                "{}: unexpected edit of {e}",
                path.display()
            );
        }
        assert!(added.iter().all(|a| !input.is_empty()
            && (a.starts_with("xl/worksheets/")
                || a.starts_with("xl/comments")
                || a.starts_with("xl/drawings/vmlDrawing"))));
        let out = common_checks(&input, &output);
        check_edited_order(&out, &edited);
        // Every flagged and every related cell is covered by our formats.
        let parts = sheet_parts(&out);
        for sm in &marks {
            let xml = text(&out, &parts[&sm.sheet]);
            for c in &sm.cells {
                assert!(
                    covered(&xml, c.row, c.col),
                    "{}: {}!{} unmarked",
                    path.display(),
                    sm.sheet,
                    shenbiao::workbook::cellref::a1(c.row, c.col)
                );
            }
        }
        let related: usize = marks
            .iter()
            .map(|m| m.cells.iter().filter(|c| c.number.is_none()).count())
            .sum();
        if path.to_string_lossy().contains("决算_错误示例") {
            assert!(related > 0, "the 决算 error sample has related cells");
        }
        let flagged: usize = marks
            .iter()
            .map(|m| m.cells.iter().filter(|c| c.number.is_some()).count())
            .sum();
        if flagged > 0 {
            let comments: usize = added
                .iter()
                .filter(|a| a.starts_with("xl/comments"))
                .map(|a| text(&out, a).matches("<comment ").count())
                .sum();
            assert!(
                comments > 0 && comments <= flagged,
                "{}: notes written",
                path.display()
            );
        }
    }
}

#[test]
fn hostile_packages_are_refused_not_panicked_on() {
    let marks = feature_marks();
    let results = results_for(&marks);
    let opts = PatchOptions::default();
    let good = feature_workbook();
    assert!(patch_xlsx(b"not a zip", &marks, &results, &opts).is_err());
    assert!(patch_xlsx(&good[..good.len() / 2], &marks, &results, &opts).is_err());
    assert!(patch_xlsx(&good, &marks, b"junk", &opts).is_err());
    let unknown = vec![SheetMarks {
        sheet: "没有这张表".into(),
        cells: vec![],
    }];
    let e = patch_xlsx(&good, &unknown, &results, &opts).unwrap_err();
    assert!(e.to_string().contains("没有这张表"), "{e}");

    // Rewrite one part of the minimal package.
    let with = |part: &str, f: &dyn Fn(&str) -> String| -> Vec<u8> {
        let src = entries(&minimal_workbook());
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, e) in &src {
            let t = String::from_utf8(e.text.clone()).unwrap();
            let t = if name == part { f(&t) } else { t };
            z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, t.as_bytes()).unwrap();
        }
        z.finish().unwrap().into_inner()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "sheet target missing",
            with("xl/_rels/workbook.xml.rels", &|t| {
                t.replace("Sheet1.xml", "Nope.xml")
            }),
        ),
        (
            "no workbook relationship",
            with("_rels/.rels", &|t| t.replace("officeDocument\"", "other\"")),
        ),
        (
            "malformed sheet",
            with("xl/Worksheets/Sheet1.xml", &|t| {
                t.replace("</sheetData>", "")
            }),
        ),
        (
            "strict namespace",
            with("xl/workbook.xml", &|t| {
                t.replace(
                    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    "http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
            }),
        ),
        (
            "doctype",
            with("xl/workbook.xml", &|t| {
                t.replace("<workbook", "<!DOCTYPE workbook><workbook")
            }),
        ),
    ];
    let marks = vec![SheetMarks {
        sheet: "审核结果".into(),
        cells: vec![CellMark {
            row: 0,
            col: 0,
            level: MarkLevel::Info,
            number: Some(1),
            note: Some("x".into()),
        }],
    }];
    for (what, bytes) in cases {
        let r = patch_xlsx(&bytes, &marks, &results, &opts);
        assert!(r.is_err(), "{what}: refused");
    }
    let far = vec![SheetMarks {
        sheet: "审核结果".into(),
        cells: vec![CellMark {
            row: 2_000_000,
            col: 0,
            level: MarkLevel::Info,
            number: None,
            note: None,
        }],
    }];
    assert!(patch_xlsx(&minimal_workbook(), &far, &results, &opts).is_err());
    let tight = PatchOptions {
        limits: shenbiao::workbook::Limits {
            max_uncompressed_bytes: 1000,
            ..Default::default()
        },
    };
    assert!(
        patch_xlsx(&good, &[], &results, &tight).is_err(),
        "size limits apply"
    );
}

/// Where the validation tests write the produced files.
fn produce_all(dir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    let mut files = Vec::new();
    let marks = feature_marks();
    let mut write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        files.push(p);
    };
    write(
        "feature.checked.xlsx",
        &patch_xlsx(
            &feature_workbook(),
            &marks,
            &results_for(&marks),
            &PatchOptions::default(),
        )
        .unwrap(),
    );
    let mm = vec![SheetMarks {
        sheet: "审核结果".into(),
        cells: vec![CellMark {
            row: 0,
            col: 1,
            level: MarkLevel::Error,
            number: Some(1),
            note: Some("合计".into()),
        }],
    }];
    write(
        "minimal.checked.xlsx",
        &patch_xlsx(
            &minimal_workbook(),
            &mm,
            &results_for(&mm),
            &PatchOptions::default(),
        )
        .unwrap(),
    );
    for s in samples() {
        let (_, _, out) = patched_sample(&s);
        write(
            &format!("{}.checked.xlsx", s.file_stem().unwrap().to_string_lossy()),
            &out,
        );
    }
    files
}

fn tool_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools")
}

#[test]
#[ignore = "needs python3 with openpyxl (pip install openpyxl)"]
fn openpyxl_loads_every_patched_file_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("SHENBIAO_PATCH_OUT").map(PathBuf::from);
    let files = produce_all(keep.as_deref().unwrap_or(dir.path()));
    let status = std::process::Command::new("python3")
        .arg(tool_dir().join("openpyxl_load.py"))
        .args(&files)
        .status()
        .expect("python3");
    assert!(status.success(), "openpyxl reported problems");
}

/// First and last non-empty line of each page of a PDF, with our markers
/// removed (pdftotext).
fn page_signatures(pdf: &Path) -> Vec<(String, String)> {
    let pages = {
        let info = std::process::Command::new("pdfinfo")
            .arg(pdf)
            .output()
            .expect("pdfinfo");
        let text = String::from_utf8_lossy(&info.stdout).into_owned();
        let line = text
            .lines()
            .find(|l| l.starts_with("Pages:"))
            .expect("page count");
        line[6..].trim().parse::<usize>().unwrap()
    };
    (1..=pages)
        .map(|p| {
            let out = std::process::Command::new("pdftotext")
                .args(["-f", &p.to_string(), "-l", &p.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text: String = String::from_utf8_lossy(&out.stdout)
                .chars()
                .filter(|c| !('\u{2460}'..='\u{2469}').contains(c))
                .collect();
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            (
                lines.first().unwrap_or(&"").to_string(),
                lines.last().unwrap_or(&"").to_string(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdfinfo, pdftotext)"]
fn yueyang_sample_prints_on_the_same_pages() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/岳阳_电子政务云平台租赁及维护项目.xlsx");
    let (input, _, output) = patched_sample(&path);
    std::fs::write(dir.path().join("in.xlsx"), input).unwrap();
    std::fs::write(dir.path().join("out.xlsx"), output).unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(dir.path().join("in.xlsx"))
        .arg(dir.path().join("out.xlsx"))
        .status()
        .expect("soffice");
    assert!(status.success());
    let before = page_signatures(&dir.path().join("in.pdf"));
    let after = page_signatures(&dir.path().join("out.pdf"));
    assert!(before.len() >= 5, "the sample prints on several pages");
    assert!(after.len() > before.len(), "result sheets print first");
    assert_eq!(
        &after[after.len() - before.len()..],
        &before[..],
        "same page breaks"
    );
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler-utils (pdfinfo)"]
fn libreoffice_converts_every_patched_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = produce_all(dir.path());
    let pdf = dir.path().join("pdf");
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&pdf)
        .args(&files)
        .status()
        .expect("soffice");
    assert!(status.success());
    for f in &files {
        let p = pdf.join(f.with_extension("pdf").file_name().unwrap());
        let info = std::process::Command::new("pdfinfo")
            .arg(&p)
            .output()
            .expect("pdfinfo");
        let text = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.status.success() && text.contains("Pages:"),
            "{}: no PDF",
            f.display()
        );
    }
}
