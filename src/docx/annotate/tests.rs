//! Patcher tests on documents built here.

use super::super::fixture::{docx, docx_with, p, tbl, tc};
use super::super::read_docx;
use super::*;
use crate::workbook::Limits;
use quick_xml::events::Event;
use std::io::{Cursor, Read};

fn cell(table: &str, row: u32, col: u32, level: MarkLevel, label: &str, text: &str) -> DocMark {
    DocMark {
        target: DocTarget::Cell {
            table: table.into(),
            row,
            col,
        },
        level,
        label: label.into(),
        text: text.into(),
    }
}

fn para(number: usize, quote: Option<&str>, text: &str) -> DocMark {
    DocMark {
        target: DocTarget::Paragraph {
            number,
            quote: quote.map(str::to_string),
        },
        level: MarkLevel::Error,
        label: "② JS-SM-01".into(),
        text: text.into(),
    }
}

fn results() -> ResultsSection {
    ResultsSection {
        title: "审核结果".into(),
        intro: vec!["结论：发现错误 2 处".into()],
        columns: ["级别", "规则", "位置", "说明", "应为", "实为"]
            .map(String::from)
            .to_vec(),
        rows: vec![["错误", "ZP-24", "表1!B1", "总分不符", "97", "96"]
            .map(String::from)
            .to_vec()],
    }
}

fn run_annotate(input: &[u8], marks: &[DocMark]) -> Vec<u8> {
    let doc = read_docx(input, &Limits::default()).expect("input reads");
    annotate(input, &doc, marks, &results()).expect("annotates")
}

/// Every entry: name → (raw compressed bytes, uncompressed bytes).
fn entries(zip_bytes: &[u8]) -> BTreeMap<String, (Vec<u8>, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(zip_bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut raw = Vec::new();
        let name = {
            let mut f = z.by_index_raw(i).unwrap();
            f.read_to_end(&mut raw).unwrap();
            f.name().unwrap().to_string()
        };
        let mut plain = Vec::new();
        z.by_index(i).unwrap().read_to_end(&mut plain).unwrap();
        out.insert(name, (raw, plain));
    }
    out
}

fn part(zip_bytes: &[u8], name: &str) -> String {
    String::from_utf8(entries(zip_bytes).remove(name).expect(name).1).unwrap()
}

/// Text inside comment `id`'s range, and whether the range was closed.
fn commented_text(xml: &str, id: u64) -> (String, bool) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut inside, mut in_t, mut closed) = (false, false, false);
    let mut text = String::new();
    let want = id.to_string();
    loop {
        match reader.read_event().unwrap() {
            Event::Empty(e) if e.local_name().as_ref() == "commentRangeStart" => {
                inside |= super::super::xml::attr(&e, "id").as_deref() == Some(&want);
            }
            Event::Empty(e)
                if e.local_name().as_ref() == "commentRangeEnd"
                    && super::super::xml::attr(&e, "id").as_deref() == Some(&want) =>
            {
                inside = false;
                closed = true;
            }
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if inside && in_t => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside && in_t => {
                let s = r.xml10_content();
                text.push_str(quick_xml::escape::resolve_predefined_entity(&s).unwrap_or(""));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (text, closed)
}

const PROSE: &str = r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr><w:r><w:t>本年收入合计</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>2217.42</w:t></w:r><w:r><w:t xml:space="preserve">万元，其中：财政拨款收入2140.78万元，占97%；R&amp;D 0万元。</w:t></w:r></w:p>"#;

fn merged_table() -> String {
    tbl(&[
        format!(
            "{}{}",
            tc(
                r#"<w:gridSpan w:val="2"/><w:shd w:val="clear" w:fill="D9D9D9"/>"#,
                "项目"
            ),
            tc(
                r#"<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>"#,
                "96"
            )
        ),
        format!("{}{}{}", tc("", "a"), tc("", "b"), tc("<w:vMerge/>", "")),
        format!("<w:tc><w:p/></w:tc>{}{}", tc("", "c"), tc("", "d")),
    ])
}

fn sample() -> Vec<u8> {
    let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really an image but binary \x00\x01\x02";
    docx_with(
        &format!("{}{PROSE}{}", p("说明"), merged_table()),
        &[
            ("word/media/image1.png", png),
            ("docProps/core.xml", b"<cp:coreProperties xmlns:cp=\"x\"/>"),
        ],
    )
}

#[test]
fn unedited_parts_are_copied_byte_for_byte() {
    let input = sample();
    let out = run_annotate(
        &input,
        &[
            cell("表1", 0, 2, MarkLevel::Error, "① ZP-24", "总分 96，应为 97"),
            para(2, Some("财政拨款收入2140.78万元"), "与公开01表不符"),
        ],
    );
    let before = entries(&input);
    let after = entries(&out);
    let edited = [
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "[Content_Types].xml",
    ];
    for (name, (raw, plain)) in &before {
        let (raw2, plain2) = after.get(name).expect("every part is kept");
        if edited.contains(&name.as_str()) {
            assert_ne!(plain, plain2, "{name} is edited");
        } else {
            assert_eq!(raw, raw2, "{name}: compressed bytes identical");
            assert_eq!(plain, plain2, "{name}: content identical");
        }
    }
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, ["word/comments.xml"]);
    let rels = part(&out, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml""#), "{rels}");
    let types = part(&out, "[Content_Types].xml");
    assert!(types.contains(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#));
    // Names are kept in the order of the input.
    let names = |b: &[u8]| -> Vec<String> {
        let z = zip::ZipArchive::new(Cursor::new(b)).unwrap();
        z.file_names().map(|n| n.unwrap().into_owned()).collect()
    };
    assert_eq!(names(&out)[..before.len()], names(&input)[..]);
}

#[test]
fn shading_and_comment_land_on_the_merged_cell() {
    let input = sample();
    let out = run_annotate(
        &input,
        &[
            // C2 lies inside the vertical merge C1:C2: it resolves to C1.
            cell("表1", 1, 2, MarkLevel::Warning, "① ZP-19", "未开展却满分"),
            cell("表1", 0, 2, MarkLevel::Error, "② ZP-24", "总分不符"),
            cell("表1", 2, 0, MarkLevel::Info, "③ ZP-13", "空白单元格"),
        ],
    );
    let xml = part(&out, "word/document.xml");
    let again = read_docx(&out, &Limits::default()).expect("output reads");
    let t = &again.tables[0];
    let at = |r: &std::ops::Range<usize>| &xml[r.clone()];
    let anchor = &t.cells[&(0, 2)];
    assert_eq!(anchor.parts.len(), 2);
    for tc in &anchor.parts {
        let props = at(tc.props.as_ref().unwrap());
        assert!(
            props.contains(r#"w:fill="FF6666""#),
            "worst level wins: {props}"
        );
        assert!(
            props.find("vMerge").unwrap() < props.find("w:shd").unwrap()
                && props.find("w:shd").unwrap() < props.find("vAlign").unwrap_or(usize::MAX),
            "schema order: {props}"
        );
    }
    let a1 = at(&anchor.parts[0].element);
    assert!(a1.contains("commentRangeStart") && a1.contains("commentReference"));
    let (text, closed) = commented_text(&xml, 1);
    assert!(closed);
    assert_eq!(text, "96");
    // The header keeps its own grey; the empty A3 was opened and shaded.
    assert!(at(t.cells[&(0, 0)].parts[0].props.as_ref().unwrap()).contains("D9D9D9"));
    let a3 = at(&t.cells[&(2, 0)].parts[0].element);
    assert!(
        a3.contains(r#"w:fill="8DB4E2""#) && a3.contains("commentReference"),
        "{a3}"
    );
    assert!(!at(&t.cells[&(1, 0)].parts[0].element).contains("w:shd"));
    // Two marks on one cell share one comment, in mark order.
    let comments = part(&out, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), 2);
    let first = comments.find("① ZP-19").unwrap();
    let second = comments.find("② ZP-24").unwrap();
    assert!(first < second);
    assert!(comments.contains(r#"w:author="审表 shenbiao" w:initials="审表""#));
    assert!(comments.contains("【警告】") && comments.contains("【错误】"));
}

#[test]
fn comments_anchor_on_the_quoted_sentence() {
    let cases: [(&str, &str); 5] = [
        // Inside one run.
        ("财政拨款收入2140.78万元", "财政拨款收入2140.78万元"),
        // Across the bold run: starts in run 1, ends in run 3.
        ("合计2217.42万元", "合计2217.42万元"),
        // Exactly one whole run.
        ("2217.42", "2217.42"),
        // Ending at an entity.
        ("R&D", "R&D"),
        // Not in the paragraph: the whole paragraph.
        (
            "不存在的句子",
            "本年收入合计2217.42万元，其中：财政拨款收入2140.78万元，占97%；R&D 0万元。",
        ),
    ];
    for (quote, expected) in cases {
        let input = sample();
        let out = run_annotate(&input, &[para(2, Some(quote), "不符")]);
        let xml = part(&out, "word/document.xml");
        let (text, closed) = commented_text(&xml, 1);
        assert!(closed, "{quote}");
        assert_eq!(text, expected, "quote {quote:?}");
        let again = read_docx(&out, &Limits::default()).expect("output reads");
        assert_eq!(
            again.paragraphs[1].text,
            read_docx(&input, &Limits::default()).unwrap().paragraphs[1].text,
            "splitting runs keeps the text"
        );
        let bold = again.paragraphs[1].runs.iter().filter(|r| {
            r.props
                .as_ref()
                .is_some_and(|p| xml[p.clone()].contains("<w:b/>"))
        });
        assert!(bold.count() >= 1, "formatting kept");
    }
}

#[test]
fn a_document_with_comments_keeps_them() {
    let theirs = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="张会计" w:initials="张"><w:p><w:r><w:t>请核对</w:t></w:r></w:p></w:comment><w:comment w:id="5" w:author="李" w:initials="李"><w:p><w:r><w:t>已改</w:t></w:r></w:p></w:comment></w:comments>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    let types = super::super::fixture::CONTENT_TYPES.replace(
        "</Types>",
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#,
    );
    let body = format!(
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>原有批注的段落</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>{}"#,
        p("第二段")
    );
    let input = docx_with(
        &body,
        &[
            ("word/comments.xml", theirs.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("[Content_Types].xml", types.as_bytes()),
        ],
    );
    let out = run_annotate(&input, &[para(2, None, "新批注")]);
    let before = entries(&input);
    let after = entries(&out);
    for name in ["word/_rels/document.xml.rels", "[Content_Types].xml"] {
        assert_eq!(before[name], after[name], "{name} already had what we need");
    }
    let comments = part(&out, "word/comments.xml");
    let theirs_body =
        &theirs[theirs.find("<w:comment ").unwrap()..theirs.find("</w:comments>").unwrap()];
    assert!(comments.contains(theirs_body), "their comments verbatim");
    assert!(
        comments.contains(r#"<w:comment w:id="6" w:author="审表 shenbiao""#),
        "{comments}"
    );
    let xml = part(&out, "word/document.xml");
    assert_eq!(commented_text(&xml, 0).0, "原有批注的段落");
    assert_eq!(commented_text(&xml, 6).0, "第二段");
}

#[test]
fn the_results_section_goes_before_the_final_section_properties() {
    let out = run_annotate(&sample(), &[]);
    let xml = part(&out, "word/document.xml");
    let again = read_docx(&out, &Limits::default()).unwrap();
    let last = again.tables.last().unwrap();
    let header: Vec<String> = (0..6).map(|c| last.sheet.text(0, c)).collect();
    assert_eq!(header, ["级别", "规则", "位置", "说明", "应为", "实为"]);
    assert_eq!(last.sheet.text(1, 1), "ZP-24");
    let title = again
        .paragraphs
        .iter()
        .find(|p| p.text == "审核结果")
        .unwrap();
    assert_eq!(title.heading, Some(1));
    let sect = xml.rfind("<w:sectPr>").unwrap();
    assert!(xml.rfind("审核结果").unwrap() < sect);
    assert!(xml[sect..].starts_with("<w:sectPr><w:pgSz"));
    assert!(
        xml[last.span.clone()].contains(r#"w:fill="FF6666""#),
        "level cell filled"
    );
    // No marks: no comments part, no relationship added.
    assert!(!entries(&out).contains_key("word/comments.xml"));
    assert_eq!(
        entries(&out)["word/_rels/document.xml.rels"],
        entries(&sample())["word/_rels/document.xml.rels"]
    );
}

#[test]
fn a_document_without_the_w_prefix_is_patched_validly() {
    let doc = r#"<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body><x:p><x:r><x:t>前缀不同</x:t></x:r></x:p><x:sectPr/></x:body></x:document>"#;
    let input = docx_with("", &[("word/document.xml", doc.as_bytes())]);
    let out = run_annotate(&input, &[para(1, Some("不同"), "x")]);
    let xml = part(&out, "word/document.xml");
    assert!(xml.contains(
        r#"<x:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#
    ));
    assert_eq!(commented_text(&xml, 1).0, "不同");
    assert_eq!(
        read_docx(&out, &Limits::default()).unwrap().paragraphs[0].text,
        "前缀不同"
    );
}

#[test]
fn marks_on_missing_places_are_refused() {
    let input = sample();
    let doc = read_docx(&input, &Limits::default()).unwrap();
    let bad = [
        cell("表9", 0, 0, MarkLevel::Error, "x", "x"),
        cell("表1", 40, 0, MarkLevel::Error, "x", "x"),
        para(99, None, "x"),
    ];
    for m in &bad {
        assert!(!m.target.exists_in(&doc));
        let err = annotate(&input, &doc, std::slice::from_ref(m), &results()).unwrap_err();
        assert!(err.to_string().starts_with("无法标注"), "{err}");
    }
    assert!(cell("表1", 1, 2, MarkLevel::Error, "x", "x")
        .target
        .exists_in(&doc));
    // A cell without a paragraph (not valid WordprocessingML) is reported,
    // not silently left without its comment.
    let odd = docx(&tbl(&[format!("<w:tc><w:tcPr/></w:tc>{}", tc("", "x"))]));
    let odd_doc = read_docx(&odd, &Limits::default()).unwrap();
    let m = cell("表1", 0, 0, MarkLevel::Error, "x", "x");
    assert!(annotate(&odd, &odd_doc, &[m], &results())
        .unwrap_err()
        .to_string()
        .contains("没有段落"));
    // Bytes that are not the ones the document was read from.
    let other = docx(&p("别的文档"));
    assert!(annotate(&other, &doc, &[], &results()).is_err());
}

/// Convert with LibreOffice and return the PDF's text.
fn libreoffice_text(docx_bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("checked.docx");
    std::fs::write(&input, docx_bytes).unwrap();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let pdf = dir.path().join("checked.pdf");
    assert!(pdf.is_file(), "LibreOffice produced no PDF: {status:?}");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&text.stdout).into_owned()
}

#[test]
#[ignore = "needs LibreOffice (soffice) and poppler (pdftotext); run with --ignored"]
fn libreoffice_opens_the_annotated_copy() {
    let out = run_annotate(
        &sample(),
        &[
            cell("表1", 0, 2, MarkLevel::Error, "① ZP-24", "总分 96，应为 97"),
            para(2, Some("财政拨款收入2140.78万元"), "与公开01表不符"),
        ],
    );
    let text = libreoffice_text(&out);
    assert!(text.contains("审核结果"), "{text}");
    assert!(text.contains("总分不符"), "{text}");
    assert!(text.contains("2140.78"), "{text}");
}
