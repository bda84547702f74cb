//! The Word samples read back as the grids of the workbooks they were built
//! from (every cell's text and every merge), with their prose, numbering
//! and captions; and the annotated copy of the 决算 sample.

use shenbiao::docx::{
    annotate, read_docx, DocMark, DocTarget, Document, MarkLevel, ResultsSection,
};
use shenbiao::workbook::{open_workbook, Limits, Rect, Sheet, Value};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn read(name: &str) -> Document {
    let bytes = std::fs::read(sample(name)).expect("sample exists");
    read_docx(&bytes, &Limits::default()).expect("sample reads")
}

fn workbook_sheets(name: &str) -> Vec<Sheet> {
    open_workbook(&sample(name), &Limits::default())
        .expect("workbook sample reads")
        .sheets
}

/// The text a workbook cell holds as Word shows it: stored text as is,
/// numbers as displayed.
fn shown(sheet: &Sheet, row: u32, col: u32) -> String {
    match sheet.cell(row, col).map(|c| &c.value) {
        Some(Value::Text(s)) => s.clone(),
        Some(_) => sheet.own_text(row, col),
        None => String::new(),
    }
}

/// Every anchor cell and merge of `sheet` from row `skip` on equals the
/// Word table's, rows shifted up by `skip`.
fn assert_same_grid(word: &Sheet, sheet: &Sheet, skip: u32) {
    let (last_row, last_col) = sheet.extent().unwrap();
    for r in skip..=last_row {
        for c in 0..=last_col {
            if sheet.anchor(r, c) != (r, c) {
                continue;
            }
            assert_eq!(
                word.own_text(r - skip, c),
                shown(sheet, r, c).trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{3000}'),
                "{} {}{}",
                word.name,
                shenbiao::workbook::col_name(c),
                r - skip + 1
            );
            if let Some(Value::Text(raw)) = word.cell(r - skip, c).map(|c| &c.value) {
                assert_eq!(raw, &shown(sheet, r, c), "raw text kept");
            }
        }
    }
    let shift = |m: &Rect| Rect {
        top: m.top - skip,
        bottom: m.bottom - skip,
        ..*m
    };
    let mut want: Vec<Rect> = sheet
        .merges
        .iter()
        .filter(|m| m.top >= skip)
        .map(shift)
        .collect();
    let mut got = word.merges.clone();
    want.sort_by_key(|m| (m.top, m.left));
    got.sort_by_key(|m| (m.top, m.left));
    assert_eq!(got, want, "{} merges", word.name);
}

fn labels(d: &Document) -> Vec<(String, String)> {
    d.paragraphs
        .iter()
        .filter_map(|p| p.label.clone().map(|l| (l, p.text.clone())))
        .collect()
}

#[test]
fn the_dianfei_report_carries_the_workbook_form() {
    let d = read("益阳_智慧益阳管理中心电费_自评报告.docx");
    assert_eq!(d.tables.len(), 1);
    let sheets = workbook_sheets("益阳_智慧益阳管理中心电费.xlsx");
    // Row 1 of the workbook is the title, a paragraph above the Word table.
    assert_same_grid(&d.tables[0].sheet, &sheets[0], 1);
    let caption: Vec<&str> = d.tables[0]
        .caption
        .iter()
        .map(|&i| d.paragraphs[i].text.as_str())
        .collect();
    assert_eq!(caption.last(), Some(&"2020年度项目支出绩效自评表"));
    let heads: Vec<String> = labels(&d).into_iter().map(|(l, t)| l + &t).collect();
    assert_eq!(
        heads,
        [
            "一、项目概况",
            "二、绩效自评工作开展情况",
            "三、综合评价结论",
            "四、绩效目标实现情况分析",
            "（一）项目资金使用及管理情况",
            "（二）总体绩效目标完成情况分析",
            "（三）绩效指标完成情况分析",
            "五、存在的问题和改进措施",
            "六、绩效自评结果拟应用和公开情况",
        ]
    );
    assert!(d
        .paragraphs
        .iter()
        .any(|p| p.text.contains("该项目自评分为95分，评价等级为“优秀”")));
    assert_eq!(d.tables[0].sheet.text(26, 7), "95", "总分 at 表1!H27");
}

/// The addresses samples/README.md cites for the 决算 documents.
#[test]
fn the_readme_addresses_hold() {
    let cell = |d: &Document, t: usize, a1: &str| -> String {
        let (r, c) = shenbiao::workbook::cellref::parse_a1(a1).unwrap();
        d.tables[t - 1].sheet.text(r, c)
    };
    for name in [
        "益阳_智慧城市和大数据中心_决算公开.docx",
        "决算公开_说明错误示例.docx",
    ] {
        let d = read(name);
        assert_eq!(cell(&d, 1, "C34"), "3,210.99", "收入总计");
        assert_eq!(cell(&d, 1, "C30"), "2,217.42", "本年收入合计");
        assert_eq!(cell(&d, 1, "C4"), "2,140.78");
        assert_eq!(cell(&d, 2, "F4"), "2,140.78");
        assert_eq!(cell(&d, 6, "I31"), "46.88", "公用经费合计");
        let para = |n: usize| d.paragraphs[n - 1].text.as_str();
        assert!(para(57).starts_with("2020年度收入总计2217.42万元"));
        assert!(para(68).contains("909.88万元，占32%"));
        assert!(para(80).contains("完成年初预算的79%"));
        assert!(para(113).contains("增长18%"));
        assert!(para(59).contains("财政拨款收入21"));
        assert!(para(61).contains("基本支出186.29万元，占"));
        assert!(para(98).contains("公用经费"));
        assert!(para(101).contains("完成预算的"));
    }
    let jinnan = read("津南_智慧津南项目运维及咨询费_自评报告.docx");
    assert_eq!(jinnan.tables[2].sheet.text(25, 7), "96", "总分 at 表3!H26");
}

#[test]
fn the_jinnan_report_carries_its_three_tables() {
    let d = read("津南_智慧津南项目运维及咨询费_自评报告.docx");
    // 评价指标体系 in two parts, then the 自评表.
    assert_eq!(d.tables.len(), 3);
    assert_eq!(d.tables[0].sheet.text(0, 3), "指标值");
    assert_eq!(d.tables[0].sheet.text(9, 0), "产出指标", "merged down");
    assert_eq!(d.tables[1].sheet.text(5, 1), "可持续影响\n指标");
    let sheets = workbook_sheets("津南_智慧津南项目运维及咨询费.xlsx");
    assert_same_grid(&d.tables[2].sheet, &sheets[0], 1);
    let table_heading = *d.tables[2].caption.last().unwrap();
    let p = &d.paragraphs[table_heading];
    assert_eq!(
        (p.label.as_deref(), p.text.as_str()),
        (Some("3、"), "综合评价情况及评价结论")
    );
    let numbered: Vec<String> = labels(&d).into_iter().map(|(l, _)| l).collect();
    assert_eq!(numbered, ["（2）", "（3）", "3、", "（4）", "4、"]);
}

#[test]
fn the_final_accounts_document_carries_the_nine_tables() {
    let d = read("益阳_智慧城市和大数据中心_决算公开.docx");
    assert_eq!(d.tables.len(), 9);
    let sheets = workbook_sheets("决算_公开01-09.xlsx");
    for (i, (t, sheet)) in d.tables.iter().zip(&sheets).enumerate() {
        assert_eq!(t.name, format!("表{}", i + 1));
        // Title, 公开NN表 and 部门/金额单位 rows are paragraphs above.
        assert_same_grid(&t.sheet, sheet, 3);
        let caption: Vec<&str> = t
            .caption
            .iter()
            .map(|&k| d.paragraphs[k].text.as_str())
            .collect();
        let n = caption.len();
        assert!(n >= 4, "{caption:?}");
        assert_eq!(caption[n - 3], shown(sheet, 0, sheet.anchor(0, 0).1));
        assert_eq!(caption[n - 2], format!("公开0{}表", i + 1));
        assert_eq!(
            caption[n - 1],
            "部门：益阳市智慧城市和大数据中心\t金额单位：万元"
        );
    }
    // The 情况说明's real sentences, as published.
    for quote in [
        "文化旅游体育与传媒（类）支出909.88万元，占32%",
        "完成年初预算的79%",
        "增加6.88万元，增长18%",
        "2020年度收入总计2217.42万元",
    ] {
        let hits = d
            .paragraphs
            .iter()
            .filter(|p| p.text.contains(quote))
            .count();
        assert_eq!(hits, 1, "{quote}");
    }
}

#[test]
fn the_error_copy_differs_only_in_its_deliberate_prose_errors() {
    let good = read("益阳_智慧城市和大数据中心_决算公开.docx");
    let bad = read("决算公开_说明错误示例.docx");
    assert_eq!(good.paragraphs.len(), bad.paragraphs.len());
    let changed: Vec<(usize, &str)> = good
        .paragraphs
        .iter()
        .zip(&bad.paragraphs)
        .filter(|(g, b)| g.text != b.text)
        .map(|(_, b)| (b.number, b.text.as_str()))
        .collect();
    let expected_new = [
        "增加676.62万元，增长54%",
        "财政拨款收入2104.78万元，占97%",
        "基本支出186.29万元，占17%",
        "公用经费48.66万元，占基本支出的25%",
        "支出决算为4.06万元，完成预算的68%，其中：",
    ];
    assert_eq!(changed.len(), expected_new.len(), "{changed:?}");
    for (want, (_, text)) in expected_new.iter().zip(&changed) {
        assert!(text.contains(want), "{text}");
    }
    for (g, b) in good.tables.iter().zip(&bad.tables) {
        assert_eq!(g.sheet.cells.len(), b.sheet.cells.len());
        assert!(g
            .sheet
            .cells
            .iter()
            .all(|(k, v)| b.sheet.cell(k.0, k.1).map(|c| &c.value) == Some(&v.value)));
    }
}

fn results() -> ResultsSection {
    ResultsSection {
        title: "审核结果".into(),
        intro: vec!["结论：发现错误 1 处、警告 1 处".into()],
        columns: ["级别", "规则", "位置", "说明", "应为", "实为"]
            .map(String::from)
            .to_vec(),
        rows: vec![
            ["错误", "JS-SM-02", "正文!第52段", "占比不符", "34%", "32%"]
                .map(String::from)
                .to_vec(),
            ["警告", "JS-X-11", "表6!F30", "公务用车运行维护费", "", ""]
                .map(String::from)
                .to_vec(),
        ],
    }
}

fn marks(d: &Document) -> Vec<DocMark> {
    let share = d
        .paragraphs
        .iter()
        .find(|p| p.text.contains("占32%"))
        .expect("the share sentence");
    vec![
        DocMark {
            target: DocTarget::Paragraph {
                number: share.number,
                quote: Some("文化旅游体育与传媒（类）支出909.88万元，占32%".into()),
            },
            level: MarkLevel::Error,
            label: "① JS-SM-02".into(),
            text: "占比不符：909.88 ÷ 2,666.26 = 34.13%，应为 34%，文中为 32%".into(),
        },
        DocMark {
            target: DocTarget::Cell {
                table: "表6".into(),
                row: 26,
                col: 5,
            },
            level: MarkLevel::Warning,
            label: "② JS-X-11".into(),
            text: "公务用车运行维护费 4.06 与公开07表核对".into(),
        },
    ]
}

#[test]
fn the_final_accounts_sample_annotates_and_reads_back() {
    let input = std::fs::read(sample("益阳_智慧城市和大数据中心_决算公开.docx")).unwrap();
    let d = read_docx(&input, &Limits::default()).unwrap();
    let out = annotate(&input, &d, &marks(&d), &results()).expect("annotates");
    let again = read_docx(&out, &Limits::default()).expect("annotated copy reads");
    assert_eq!(again.tables.len(), 10, "the nine tables and 审核结果");
    assert_eq!(again.tables[5].sheet.text(26, 5), "4.06");
    assert_eq!(again.tables[9].sheet.text(1, 1), "JS-SM-02");
    let same_prose = d
        .paragraphs
        .iter()
        .zip(&again.paragraphs)
        .all(|(a, b)| a.text == b.text);
    assert!(same_prose, "annotating keeps every paragraph's text");
}

/// `cargo test --release --test docx_samples -- --ignored --nocapture annotate_timing`
#[test]
#[ignore = "timing, not a check: run by hand with --release"]
fn annotate_timing() {
    let input = std::fs::read(sample("益阳_智慧城市和大数据中心_决算公开.docx")).unwrap();
    let runs = 50;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        let d = read_docx(&input, &Limits::default()).unwrap();
        let out = annotate(&input, &d, &marks(&d), &results()).unwrap();
        assert!(!out.is_empty());
    }
    let per = start.elapsed() / runs;
    let d = read_docx(&input, &Limits::default()).unwrap();
    let t = std::time::Instant::now();
    let _ = annotate(&input, &d, &marks(&d), &results()).unwrap();
    println!(
        "决算 sample ({} bytes): read + annotate {per:?} per run; annotate alone {:?}",
        input.len(),
        t.elapsed()
    );
}
