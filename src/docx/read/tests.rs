//! Reader tests on documents built here from small XML strings.

use super::super::fixture::{docx, docx_with, p, package, tbl, tc};
use super::super::{Block, Document, DocxError};
use super::read_docx;
use crate::workbook::{Limits, Rect};

fn read(body: &str) -> Document {
    read_docx(&docx(body), &Limits::default()).expect("document reads")
}

fn texts(d: &Document) -> Vec<&str> {
    d.paragraphs.iter().map(|p| p.text.as_str()).collect()
}

fn rect(top: u32, left: u32, bottom: u32, right: u32) -> Rect {
    Rect {
        top,
        left,
        bottom,
        right,
    }
}

#[test]
fn merged_cells_become_one_region() {
    // Row 1: A (gridSpan 2) | B ; rows 1–3 of column 2 merged vertically,
    // with the second continuation written without w:val.
    let body = tbl(&[
        format!(
            "{}{}",
            tc(r#"<w:gridSpan w:val="2"/>"#, "合并两列"),
            tc(r#"<w:vMerge w:val="restart"/>"#, "纵向")
        ),
        format!(
            "{}{}{}",
            tc("", "a"),
            tc("", "b"),
            tc(r#"<w:vMerge w:val="continue"/>"#, "")
        ),
        format!("{}{}{}", tc("", "c"), tc("", "d"), tc("<w:vMerge/>", "")),
        // Both at once: columns 0–1 merged over rows 4–5.
        format!(
            "{}{}",
            tc(
                r#"<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>"#,
                "两行两列"
            ),
            tc("", "e")
        ),
        format!(
            "{}{}",
            tc(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, ""),
            tc("", "f")
        ),
    ]);
    let d = read(&body);
    let t = &d.tables[0];
    assert_eq!(t.name, "表1");
    let mut merges = t.sheet.merges.clone();
    merges.sort_by_key(|r| (r.top, r.left));
    assert_eq!(
        merges,
        vec![rect(0, 0, 0, 1), rect(0, 2, 2, 2), rect(3, 0, 4, 1)]
    );
    assert_eq!(t.sheet.text(0, 1), "合并两列", "B1 shows the merge's text");
    assert_eq!(t.sheet.text(2, 2), "纵向");
    assert_eq!(t.sheet.text(4, 1), "两行两列");
    assert_eq!(t.sheet.text(4, 2), "f");
    // The vertical merge's anchor knows all three w:tc elements.
    let anchor = t.cell_at("C3").expect("C3 resolves to its anchor");
    assert_eq!(anchor.rect, rect(0, 2, 2, 2));
    assert_eq!(anchor.parts.len(), 3);
    assert_eq!(t.cell_span(4, 0).map(|c| c.parts.len()), Some(2));
}

#[test]
fn split_rows_keep_columns_aligned() {
    // Row 2 starts one grid column in (gridBefore) and ends early
    // (gridAfter): its cells still land under the right columns.
    let body = tbl(&[
        format!("{}{}{}", tc("", "甲"), tc("", "乙"), tc("", "丙")),
        format!(
            r#"<w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>{}"#,
            tc("", "中")
        ),
        format!(
            r#"<w:trPr><w:gridBefore w:val="2"/></w:trPr>{}"#,
            tc("", "右")
        ),
    ]);
    let d = read(&body);
    let s = &d.tables[0].sheet;
    assert_eq!(s.text(1, 1), "中");
    assert_eq!(s.text(1, 0), "");
    assert_eq!(s.text(1, 2), "");
    assert_eq!(s.text(2, 2), "右");
    assert_eq!(s.extent(), Some((2, 2)));
}

#[test]
fn nested_tables_are_their_own_tables() {
    let inner = tbl(&[format!("{}{}", tc("", "内1"), tc("", "内2"))]);
    let deeper = tbl(&[tc("", "更深")]);
    let inner2 = format!(
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc>{}{deeper}{}</w:tc></w:tr></w:tbl>",
        p("第二个嵌套表"),
        p("")
    );
    let body = format!(
        "{}{}",
        p("表前"),
        tbl(&[format!(
            "<w:tc>{}{inner}{}</w:tc><w:tc>{inner2}<w:p/></w:tc>",
            p("外层上"),
            p("外层下")
        )])
    );
    let d = read(&body);
    let names: Vec<&str> = d.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["表1", "表1.1", "表1.2", "表1.2.1"]);
    let outer = &d.tables[0];
    assert_eq!(outer.sheet.text(0, 0), "外层上\n外层下", "no text leaks in");
    assert_eq!(d.tables[1].sheet.text(0, 1), "内2");
    assert_eq!(d.tables[1].parent, Some(0));
    assert_eq!(d.tables[3].parent, Some(2));
    assert_eq!(d.tables[3].sheet.text(0, 0), "更深");
    assert_eq!(texts(&d), ["表前"], "cell paragraphs are not prose");
    assert_eq!(d.blocks, [Block::Paragraph(0), Block::Table(0)]);
}

#[test]
fn content_controls_are_unwrapped() {
    let sdt = |inner: &str| {
        format!("<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>{inner}</w:sdtContent></w:sdt>")
    };
    let run_sdt = sdt("<w:r><w:t>受控</w:t></w:r>");
    let cell_sdt = sdt(&tc("", "单元格控件"));
    let row_sdt = sdt(&format!("<w:tr>{}{}</w:tr>", tc("", "行控件"), tc("", "2")));
    let table = format!(
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>{}{cell_sdt}</w:tr>{row_sdt}</w:tbl>",
        tc("", "普通")
    );
    let placeholder = "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>单击此处输入文字。</w:t></w:r></w:p></w:sdtContent></w:sdt>";
    let body = format!(
        "<w:p><w:r><w:t>正文</w:t></w:r>{run_sdt}</w:p>{}{placeholder}",
        sdt(&table)
    );
    let d = read(&body);
    assert_eq!(texts(&d), ["正文受控"], "a placeholder is not text");
    let s = &d.tables[0].sheet;
    assert_eq!(s.text(0, 1), "单元格控件");
    assert_eq!(s.text(1, 0), "行控件");
    assert_eq!(s.text(1, 1), "2");
    assert_eq!(d.blocks, [Block::Paragraph(0), Block::Table(0)]);
}

#[test]
fn tracked_changes_read_as_accepted() {
    let body = format!(
        r#"<w:p><w:r><w:t>收入</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>总计</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>合计</w:delText></w:r></w:del><w:moveFrom w:id="3"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom><w:moveTo w:id="4"><w:r><w:t>3210.99</w:t></w:r></w:moveTo></w:p>{}"#,
        tbl(&[
            tc("", "保留"),
            format!(
                r#"<w:trPr><w:del w:id="5" w:author="a"/></w:trPr>{}"#,
                tc("", "已删除行")
            ),
            format!(
                r#"<w:trPr><w:ins w:id="6" w:author="a"/></w:trPr>{}"#,
                tc("", "新增行")
            ),
        ])
    );
    let d = read(&body);
    assert_eq!(texts(&d), ["收入总计3210.99"]);
    let s = &d.tables[0].sheet;
    assert_eq!(s.text(0, 0), "保留");
    assert_eq!(
        s.text(1, 0),
        "新增行",
        "a deleted row is gone, rows renumber"
    );
    assert_eq!(s.extent(), Some((1, 0)));
    assert_eq!(d.part.max_id, 6);
}

#[test]
fn fields_keep_their_result_and_runs_their_specials() {
    let body = r#"<w:p><w:r><w:t xml:space="preserve">第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t><w:tab/><w:t>a</w:t><w:br/><w:t>b&amp;c</w:t><w:noBreakHyphen/><w:sym w:font="Wingdings" w:char="F0FC"/></w:r><w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>"#;
    let d = read(body);
    assert_eq!(texts(&d), ["第 3 页\ta\nb&c-✓9"]);
}

#[test]
fn list_labels_and_headings() {
    let num = |id: u32, lvl: u32, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let heading = |text: &str| {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#)
    };
    let body = [
        heading("项目概况"),
        num(1, 1, "绩效评价目的"),
        num(1, 1, "绩效评价过程"),
        heading("综合评价结论"),
        num(1, 1, "重新开始"),
        num(2, 0, "甲"),
        num(2, 1, "乙"),
        tbl(&[r#"<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="2"/></w:numPr></w:pPr><w:r><w:t>表内</w:t></w:r></w:p></w:tc>"#.to_string()]),
        num(2, 0, "丙"),
        r#"<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>去掉编号</w:t></w:r></w:p>"#.to_string(),
    ]
    .concat();
    let d = read(&body);
    let labels: Vec<(Option<&str>, &str)> = d
        .paragraphs
        .iter()
        .map(|p| (p.label.as_deref(), p.text.as_str()))
        .collect();
    assert_eq!(
        labels,
        [
            (Some("一、"), "项目概况"),
            (Some("（一）"), "绩效评价目的"),
            (Some("（二）"), "绩效评价过程"),
            (Some("二、"), "综合评价结论"),
            (Some("（一）"), "重新开始"),
            (Some("1."), "甲"),
            (Some("1.1"), "乙"),
            (Some("3."), "丙"),
            (None, "去掉编号"),
        ]
    );
    assert_eq!(
        d.tables[0].sheet.text(0, 0),
        "2.表内",
        "labels show in cells"
    );
    assert_eq!(d.paragraphs[0].heading, Some(1));
    assert_eq!(d.paragraphs[0].style_id.as_deref(), Some("1"));
    assert_eq!(d.paragraphs[1].heading, None);
}

#[test]
fn numbering_is_optional() {
    let bytes = package(&[
        (
            "[Content_Types].xml",
            super::super::fixture::CONTENT_TYPES.as_bytes(),
        ),
        ("_rels/.rels", super::super::fixture::ROOT_RELS.as_bytes()),
        (
            "word/document.xml",
            super::super::fixture::document(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>无编号定义</w:t></w:r></w:p>"#,
            )
            .as_bytes(),
        ),
    ]);
    let d = read_docx(&bytes, &Limits::default()).expect("reads without numbering.xml");
    assert_eq!(d.paragraphs[0].label, None);
    assert_eq!(d.paragraphs[0].text, "无编号定义");
}

#[test]
fn captions_are_the_paragraphs_before_each_table() {
    let body = [
        p("第一部分"),
        p("收入支出决算总表"),
        p("公开01表"),
        "<w:p/>".to_string(),
        p("金额单位：万元"),
        tbl(&[tc("", "项目")]),
        p("收入决算表"),
        p("　"),
        p("公开02表"),
        tbl(&[tc("", "项目")]),
        tbl(&[tc("", "紧接的表")]),
    ]
    .concat();
    let d = read(&body);
    let caption = |i: usize| -> Vec<&str> {
        d.tables[i]
            .caption
            .iter()
            .map(|&k| d.paragraphs[k].text.as_str())
            .collect()
    };
    assert_eq!(
        caption(0),
        ["第一部分", "收入支出决算总表", "公开01表", "金额单位：万元"]
    );
    assert_eq!(
        caption(1),
        ["收入决算表", "公开02表"],
        "blank paragraphs skipped"
    );
    assert!(caption(2).is_empty());
    let numbers: Vec<usize> = d.paragraphs.iter().map(|p| p.number).collect();
    assert_eq!(
        numbers,
        [1, 2, 3, 4, 5, 6],
        "第N段 counts non-empty prose only"
    );
}

#[test]
fn spans_point_at_the_elements() {
    let body = format!(
        r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>标题</w:t></w:r></w:p>{}"#,
        tbl(&[format!(
            "{}<w:tc><w:p/></w:tc>",
            tc(r#"<w:shd w:val="clear" w:fill="D9D9D9"/>"#, "有底色")
        )])
    );
    let bytes = docx(&body);
    let d = read_docx(&bytes, &Limits::default()).unwrap();
    let xml = super::super::fixture::document(&body);
    let at = |r: &std::ops::Range<usize>| &xml[r.clone()];
    let para = &d.paragraphs[0];
    assert!(
        at(&para.span.element).starts_with("<w:p>") && at(&para.span.element).ends_with("</w:p>")
    );
    assert_eq!(
        at(&para.span.content),
        "<w:r><w:rPr><w:b/></w:rPr><w:t>标题</w:t></w:r>"
    );
    let run = &para.runs[0];
    assert_eq!(at(&run.props.clone().unwrap()), "<w:rPr><w:b/></w:rPr>");
    assert_eq!(at(&run.content), "<w:t>标题</w:t>");
    assert_eq!(at(&para.pieces[0].raw), "标题");
    let t = &d.tables[0];
    let a1 = &t.cells[&(0, 0)].parts[0];
    assert!(at(&a1.element).starts_with("<w:tc>") && at(&a1.element).ends_with("</w:tc>"));
    assert_eq!(
        at(a1.props.as_ref().unwrap()),
        r#"<w:tcPr><w:shd w:val="clear" w:fill="D9D9D9"/></w:tcPr>"#
    );
    assert_eq!(a1.props_at, a1.element.start + "<w:tc>".len());
    let b1 = &t.cells[&(0, 1)].parts[0];
    assert!(b1.props.is_none());
    let only = b1.first.as_ref().unwrap();
    assert!(only.self_closing);
    assert_eq!(at(&only.element), "<w:p/>");
    assert!(at(&(d.part.body_insert..xml.len())).starts_with("<w:sectPr>"));
    assert_eq!(d.part.text_width, 11906 - 2 * 1134);
}

#[test]
fn the_main_part_is_found_through_relationships() {
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
    let doc = super::super::fixture::document(&p("宏文档正文"));
    let bytes = package(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/main.xml", doc.as_bytes()),
        ("word/vbaProject.bin", b"\x00\x01"),
    ]);
    let d = read_docx(&bytes, &Limits::default()).expect("docm-like package reads");
    assert_eq!(d.part.name, "word/main.xml");
    assert_eq!(texts(&d), ["宏文档正文"]);
}

#[test]
fn a_word_zip_bomb_is_refused_before_inflating() {
    // 20 MB of one repeated paragraph compresses far beyond 200:1.
    let filler = "<w:p/>".repeat(20 * 1024 * 1024 / 6);
    let bytes = docx(&filler);
    let err = read_docx(&bytes, &Limits::default()).unwrap_err();
    assert!(matches!(err, DocxError::Limit(_)), "{err:?}");
    assert!(err.to_string().contains("压缩炸弹"), "{err}");
}

#[test]
fn cell_budget_is_enforced() {
    let rows: Vec<String> = (0..50).map(|i| tc("", &i.to_string())).collect();
    let limits = Limits {
        max_cells: 10,
        ..Limits::default()
    };
    let err = read_docx(&docx(&tbl(&rows)), &limits).unwrap_err();
    assert!(err.to_string().contains("单元格超过 10"), "{err}");
}

#[test]
fn other_files_get_a_clear_message() {
    let xlsx = package(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("_rels/.rels", b"<x/>"),
    ]);
    let err = read_docx(&xlsx, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("Excel"), "{err}");
    let zip = package(&[("a.txt", b"hello")]);
    assert!(read_docx(&zip, &Limits::default())
        .unwrap_err()
        .to_string()
        .contains("压缩包"));
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/WordDocument").unwrap();
    let doc = cfb.into_inner().into_inner();
    assert_eq!(
        read_docx(&doc, &Limits::default()).unwrap_err(),
        DocxError::DocBinary
    );
    assert!(DocxError::DocBinary.to_string().contains("另存为 .docx"));
}

/// Tiny deterministic generator for the robustness test.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn hostile_input_is_an_error_never_a_panic() {
    let good = docx(&format!(
        "{}{}",
        p("正文"),
        tbl(&[format!(
            "{}{}",
            tc(r#"<w:gridSpan w:val="2"/>"#, "x"),
            tc("<w:vMerge/>", "y")
        )])
    ));
    // Truncations of the zip.
    for cut in [0, 10, 100, good.len() / 2, good.len() - 1] {
        let r = read_docx(&good[..cut], &Limits::default());
        assert!(r.is_err(), "truncated at {cut}");
    }
    // Byte mutations: any outcome but a panic.
    let mut rng = Lcg(7);
    for _ in 0..300 {
        let mut b = good.clone();
        for _ in 0..1 + rng.next() % 8 {
            let i = (rng.next() as usize) % b.len();
            b[i] = rng.next() as u8;
        }
        let _ = read_docx(&b, &Limits::default());
    }
    // Broken and truncated XML.
    let doc = super::super::fixture::document(&p("x"));
    for cut in [5, doc.len() / 2, doc.len() - 10] {
        let bytes = docx_with("", &[("word/document.xml", &doc.as_bytes()[..cut])]);
        assert!(
            read_docx(&bytes, &Limits::default()).is_err(),
            "xml cut at {cut}"
        );
    }
    let garbage = docx_with("", &[("word/document.xml", b"\xff\xfe\x00garbage<<<")]);
    assert!(read_docx(&garbage, &Limits::default()).is_err());
    // Deep element nesting and deep table nesting stay bounded.
    let deep = |n: usize| {
        format!(
            "{}<w:p><w:r><w:t>深</w:t></w:r></w:p>{}",
            "<w:sdt><w:sdtContent>".repeat(n),
            "</w:sdtContent></w:sdt>".repeat(n)
        )
    };
    assert_eq!(texts(&read(&deep(20_000))), ["深"]);
    // Past the XML parser's own nesting bound (65,535): an error.
    assert!(read_docx(&docx(&deep(40_000)), &Limits::default()).is_err());
    let mut nested = tc("", "底");
    for _ in 0..40 {
        nested = format!("<w:tc>{}<w:p/></w:tc>", tbl(&[nested]));
    }
    let d = read(&tbl(&[nested]));
    assert_eq!(d.tables.len(), 8, "tables deeper than 8 levels skipped");
    assert!(d.notes.iter().any(|n| n.contains("嵌套")), "{:?}", d.notes);
    // Absurd spans are clamped to the grid.
    let wide = tbl(&[format!(
        "{}{}",
        tc(r#"<w:gridSpan w:val="99999999"/>"#, "宽"),
        tc("", "越界")
    )]);
    let d = read(&wide);
    assert_eq!(d.tables[0].sheet.text(0, 0), "宽");
    assert_eq!(
        d.tables[0].sheet.cells.len(),
        1,
        "a cell past the grid is dropped"
    );
}

#[test]
fn a_byte_order_mark_does_not_shift_spans() {
    let doc = format!("\u{feff}{}", super::super::fixture::document(&p("带BOM")));
    let bytes = docx_with("", &[("word/document.xml", doc.as_bytes())]);
    let d = read_docx(&bytes, &Limits::default()).unwrap();
    let para = &d.paragraphs[0];
    assert_eq!(&doc[para.pieces[0].raw.clone()], "带BOM");
}

#[test]
fn an_unbalanced_field_does_not_hide_the_rest() {
    let body = format!(
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>REF x</w:instrText></w:r><w:r><w:t>可见</w:t></w:r></w:p>{}"#,
        p("后面的段落")
    );
    let d = read(&body);
    assert_eq!(texts(&d), ["后面的段落"]);
}

#[test]
fn a_wide_table_of_vertical_merges_reads_in_linear_time() {
    // 2,000 columns, each a vertical merge over 50 rows. The open merges
    // are looked up by range, not scanned per cell; at this size the XML
    // parse itself dominates (about 5 s in a debug build, linear in the
    // size), so the bound only catches a blow-up.
    let cols = 2000;
    let first: String = (0..cols)
        .map(|_| r#"<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"#)
        .collect();
    let rest: String = (0..cols)
        .map(|_| "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>")
        .collect();
    let mut rows = vec![first];
    rows.extend(std::iter::repeat_n(rest, 49));
    // So repetitive that it would pass for a zip bomb under the default ratio.
    let limits = Limits {
        max_ratio: 1_000_000,
        ..Limits::default()
    };
    let start = std::time::Instant::now();
    let d = read_docx(&docx(&tbl(&rows)), &limits).unwrap();
    assert_eq!(d.tables[0].sheet.merges.len(), cols);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}
