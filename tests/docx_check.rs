//! Word documents through the whole pipeline: each sample's tables give
//! exactly the findings of the workbook sample they were built from (cells
//! in 表N coordinates), the job writes `NAME.checked.docx` whose every part
//! but the edited ones is byte-identical to the input, and a binary .doc
//! gets the re-save message.

use shenbiao::batch::job::{run, Job};
use shenbiao::outcome::{FileReport, Status};
use shenbiao::workbook::cellref::{a1, parse_a1};
use shenbiao::{check_file, Options};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn check(name: &str) -> FileReport {
    check_file(&sample(name), &Options::default()).0
}

/// (rule, severity, sheet, cell, expected, actual) of each table finding,
/// sheets renamed by `sheets` and rows moved up by `skip` (the title rows
/// that are paragraphs above the Word table).
type Key = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn keys(report: &FileReport, sheets: &BTreeMap<&str, &str>, skip: u32) -> Vec<Key> {
    let mut out: Vec<Key> = report
        .findings()
        .filter(|f| f.sheet != "正文")
        .map(|f| {
            let (r, c) = parse_a1(&f.cell).expect("a cell address");
            (
                f.rule.code.to_string(),
                f.severity.as_str().to_string(),
                sheets
                    .get(f.sheet.as_str())
                    .map_or(f.sheet.clone(), |s| s.to_string()),
                a1(r - skip, c),
                f.expected.clone(),
                f.actual.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

fn same_table_findings(workbook: &str, document: &str, sheets: &[(&str, &str)], skip: u32) {
    let wb = check(workbook);
    let doc = check(document);
    assert_eq!(doc.status, Status::Checked, "{document}: {:?}", doc.error);
    let map: BTreeMap<&str, &str> = sheets.iter().copied().collect();
    let want = keys(&wb, &map, skip);
    assert!(!want.is_empty(), "{workbook} has findings to compare");
    assert_eq!(keys(&doc, &BTreeMap::new(), 0), want, "{document}");
}

#[test]
fn the_dianfei_report_table_gives_the_workbook_findings() {
    same_table_findings(
        "益阳_智慧益阳管理中心电费.xlsx",
        "益阳_智慧益阳管理中心电费_自评报告.docx",
        &[("Sheet1", "表1")],
        1,
    );
}

#[test]
fn the_jinnan_report_table_gives_the_workbook_findings() {
    same_table_findings(
        "津南_智慧津南项目运维及咨询费.xlsx",
        "津南_智慧津南项目运维及咨询费_自评报告.docx",
        &[("自评表", "表3")],
        1,
    );
}

/// The nine tables, titled only by the paragraphs above them, form one 决算
/// publication checked with every 勾稽关系.
#[test]
fn the_final_accounts_document_tables_give_the_workbook_findings() {
    let wb = shenbiao::workbook::open_workbook(&sample("决算_公开01-09.xlsx"), &Default::default())
        .unwrap();
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.to_string()).collect();
    let tables: Vec<String> = (1..=names.len()).map(|i| format!("表{i}")).collect();
    let map: Vec<(&str, &str)> = names
        .iter()
        .zip(&tables)
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    same_table_findings(
        "决算_公开01-09.xlsx",
        "益阳_智慧城市和大数据中心_决算公开.docx",
        &map,
        3,
    );
    let doc = check("益阳_智慧城市和大数据中心_决算公开.docx");
    let tables: Vec<_> = doc
        .summaries()
        .filter_map(|s| s.table.clone().map(|t| (t, s.sheet.clone())))
        .collect();
    let want: Vec<_> = (1..=9)
        .map(|i| (format!("公开{i:02}"), format!("表{i}")))
        .collect();
    assert_eq!(tables, want);
    let wb = check("决算_公开01-09.xlsx");
    let tally = |r: &FileReport, o: shenbiao::rules::Outcome| {
        r.checks()
            .filter(|c| c.rule.family != shenbiao::rules::Family::Narrative && c.outcome == o)
            .count()
    };
    for o in shenbiao::rules::Outcome::ALL {
        assert_eq!(tally(&doc, o), tally(&wb, o), "same 勾稽 outcomes: {o:?}");
    }
}

fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

#[test]
fn the_job_writes_the_checked_docx_and_copies_unedited_parts() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("益阳_智慧城市和大数据中心_决算公开.docx");
    let job = Job {
        input: &input,
        name: "决算公开.docx",
        out_dir: dir.path(),
        stem: "决算公开",
        annotated: true,
        json: true,
    };
    let done = run(&job, &Options::default());
    assert!(done.failures.is_empty(), "{:?}", done.failures);
    let checked = done.checked.expect("annotated copy written");
    assert_eq!(checked, dir.path().join("决算公开.checked.docx"));
    assert!(dir.path().join("决算公开.findings.json").is_file());

    let before = entries(&std::fs::read(&input).unwrap());
    let out = std::fs::read(&checked).unwrap();
    let after = entries(&out);
    let edited = [
        "[Content_Types].xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
    ];
    for (name, data) in &before {
        let now = after.get(name).unwrap_or_else(|| panic!("{name} kept"));
        if edited.contains(&name.as_str()) {
            assert_ne!(now, data, "{name} edited");
        } else {
            assert_eq!(now, data, "{name} byte-identical");
        }
    }
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, ["word/comments.xml"]);

    // Every finding on a table cell is a comment in the copy.
    let comments = String::from_utf8(after["word/comments.xml"].clone()).unwrap();
    for f in done.report.findings().filter(|f| f.sheet != "正文") {
        assert!(comments.contains(f.rule.code), "{} commented", f.rule.code);
    }
    let doc = shenbiao::docx::read_docx(&out, &Default::default()).expect("copy reads back");
    let last = doc.paragraphs.iter().rev().find(|p| p.text == "审核结果");
    assert!(last.is_some(), "审核结果 section appended");
}

/// A binary Word 97-2003 file is named and the fix is given.
#[test]
fn a_binary_doc_is_asked_to_be_resaved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("报告.doc");
    {
        let file = std::fs::File::create(&path).unwrap();
        let mut cfb = cfb::CompoundFile::create(file).unwrap();
        let mut s = cfb.create_stream("/WordDocument").unwrap();
        std::io::Write::write_all(&mut s, &[0u8; 4096]).unwrap();
    }
    let (report, _) = check_file(&path, &Options::default());
    assert_eq!(report.status, Status::Unreadable);
    let msg = report.error.unwrap().to_string();
    assert!(
        msg.contains("请用 Word 或 WPS 另存为 .docx 后再检查"),
        "{msg}"
    );
}

/// A Word package is recognised by content whatever its extension says.
#[test]
fn a_docx_renamed_xlsx_is_read_as_word() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("改名.xlsx");
    std::fs::copy(sample("益阳_智慧益阳管理中心电费_自评报告.docx"), &path).unwrap();
    let report = check_file(&path, &Options::default()).0;
    assert_eq!(report.status, Status::Checked, "{:?}", report.error);
    assert_eq!(report.summaries().next().unwrap().sheet, "表1");
}

/// (rule, severity, cell, expected, actual) of each prose finding.
fn prose(report: &FileReport) -> Vec<(String, String, String, String, String)> {
    report
        .findings()
        .filter(|f| f.sheet == "正文")
        .map(|f| {
            assert!(
                f.quote.as_deref().is_some_and(|q| !q.is_empty()),
                "{f:?} quotes"
            );
            (
                f.rule.code.to_string(),
                f.severity.as_str().to_string(),
                f.cell.clone(),
                f.expected.clone().unwrap_or_default(),
                f.actual.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn message_at<'r>(report: &'r FileReport, rule: &str, cell: &str, part: &str) -> &'r str {
    let f = report
        .findings()
        .find(|f| f.rule.code == rule && f.cell == cell && f.message.contains(part))
        .unwrap_or_else(|| panic!("{rule} at {cell} with “{part}”: {:#?}", prose(report)));
    &f.message
}

/// The four errors the seed 情况说明 carries, each on its paragraph with
/// the recomputation in the message.
#[test]
fn the_seed_prose_errors_are_found_on_their_paragraphs() {
    let r = check("益阳_智慧城市和大数据中心_决算公开.docx");
    message_at(
        &r,
        "JS-SM-02",
        "第57段",
        "“收入总计”为 3,210.99（表1!C34），所述 2,217.42 是本年收入合计（表1!C30）",
    );
    message_at(
        &r,
        "JS-SM-03",
        "第68段",
        "909.88 ÷ 财政拨款支出 2,666.26 = 34.13%，应为 34%",
    );
    message_at(
        &r,
        "JS-SM-04",
        "第80段",
        "377.27 ÷ 481.78 = 78.31%，应为 78%",
    );
    message_at(
        &r,
        "JS-SM-05",
        "第113段",
        "6.88 ÷ (46.88 − 6.88) = 17.20%，应为 17%",
    );
    let got = prose(&r);
    let e = |rule: &str, sev: &str, cell: &str, x: &str, a: &str| {
        (
            rule.to_string(),
            sev.to_string(),
            cell.to_string(),
            x.to_string(),
            a.to_string(),
        )
    };
    let want = vec![
        e("JS-SM-02", "error", "第57段", "3210.99", "2217.42"),
        e("JS-SM-02", "error", "第57段", "3210.99", "2696.91"),
        e("JS-SM-02", "error", "第63段", "3134.35", "2140.78"),
        e("JS-SM-02", "error", "第63段", "3134.35", "2666.26"),
        e("JS-SM-03", "error", "第68段", "34", "32"),
        e("JS-SM-03", "warning", "第68段", "0", "1"),
        e("JS-SM-03", "warning", "第68段", "0", "1"),
        e("JS-SM-03", "warning", "第68段", "0", "1"),
        e("JS-SM-03", "error", "第117段", "13", "14"),
        e("JS-SM-03", "error", "第117段", "13", "14"),
        e("JS-SM-04", "error", "第80段", "78", "79"),
        e("JS-SM-05", "error", "第113段", "17", "18"),
    ];
    assert_eq!(got, want);
}

/// The five deliberate prose errors of the error copy, on top of the seed's.
#[test]
fn the_deliberate_prose_errors_are_found() {
    let r = check("决算公开_说明错误示例.docx");
    message_at(
        &r,
        "JS-SM-05",
        "第57段",
        "676.62 ÷ (2,217.42 − 676.62) = 43.91%，应为 44%，文中写 54%",
    );
    message_at(
        &r,
        "JS-SM-01",
        "第59段",
        "公开01 财政拨款收入 为 2,140.78（表1!C4）",
    );
    message_at(
        &r,
        "JS-SM-03",
        "第61段",
        "186.29 ÷ 本年支出合计 2,696.91 = 6.91%，应为 7%，文中写 17%",
    );
    message_at(
        &r,
        "JS-SM-01",
        "第98段",
        "公开06 公用经费合计 为 46.88（表6!I31）",
    );
    message_at(
        &r,
        "JS-SM-04",
        "第101段",
        "4.06 ÷ 7.00 = 58.00%，应为 58%，文中写 68%",
    );
}

/// Rewrite one part of a package with `edits` applied to its text.
fn edited_docx(bytes: &[u8], part: &str, edits: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let mut text = String::from_utf8(data).unwrap();
            for (from, to) in edits {
                assert!(text.contains(from), "{from} in {part}");
                text = text.replace(from, to);
            }
            data = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The seed with its prose corrected: no prose finding at all.
#[test]
fn prose_that_agrees_with_its_tables_gives_no_prose_finding() {
    let bytes = std::fs::read(sample("益阳_智慧城市和大数据中心_决算公开.docx")).unwrap();
    let fixed = edited_docx(
        &bytes,
        "word/document.xml",
        &[
            (
                "2020年度收入总计2217.42万元",
                "2020年度本年收入合计2217.42万元",
            ),
            (
                "2020年度支出总计2696.91万元",
                "2020年度本年支出合计2696.91万元",
            ),
            ("财政拨款收入总计2140.78", "财政拨款本年收入合计2140.78"),
            ("财政拨款支出总计2666.26", "财政拨款本年支出合计2666.26"),
            ("909.88万元，占32%", "909.88万元，占34%"),
            ("8.96万元，占1%", "8.96万元，占0.34%"),
            ("6.19万元，占1%", "6.19万元，占0.23%"),
            ("6.72万元，占1%", "6.72万元，占0.25%"),
            ("完成年初预算的79%", "完成年初预算的78%"),
            ("增长18%", "增长17%"),
            ("占政府采购支出总额的14%", "占政府采购支出总额的13%"),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixed.docx");
    std::fs::write(&path, fixed).unwrap();
    let r = check_file(&path, &Options::default()).0;
    assert_eq!(r.status, Status::Checked);
    assert_eq!(prose(&r), vec![]);
    let passed = r
        .checks()
        .filter(|c| c.sheet == "正文" && c.outcome == shenbiao::rules::Outcome::Pass)
        .count();
    assert!(passed > 50, "the prose rules ran: {passed} passed");
}

/// A Word zip bomb through the whole pipeline: refused by the guard with
/// a Chinese message, nothing inflated, no output but the report.
#[test]
fn a_word_zip_bomb_is_unreadable_with_a_message() {
    let bytes = std::fs::read(sample("益阳_智慧益阳管理中心电费_自评报告.docx")).unwrap();
    let filler = "<w:p/>".repeat(20 * 1024 * 1024 / 6);
    let bomb = edited_docx(
        &bytes,
        "word/document.xml",
        &[("<w:body>", &format!("<w:body>{filler}"))],
    );
    assert!(
        bomb.len() < 1024 * 1024,
        "compresses well: {} bytes",
        bomb.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.docx");
    std::fs::write(&path, bomb).unwrap();
    let (report, opened) = check_file(&path, &Options::default());
    assert_eq!(report.status, Status::Unreadable);
    assert!(opened.is_none());
    let msg = report.error.unwrap().to_string();
    assert!(msg.contains("压缩炸弹"), "{msg}");
}
