//! The annotated workbook (design.md §7). Rebuild mode (.xls, .ods, a
//! package the patcher refuses): the input reproduced from what was read,
//! the findings marked on their cells, the added sheets, and a truthful
//! list of what the copy lost. Patch mode (the default for .xlsx): every
//! original part byte for byte, the marks on flagged and related cells.

use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Formula, Workbook as XWorkbook};
use shenbiao::forms::{final_accounts::Publication, Form};
use shenbiao::outcome::{
    DeclaredComputed, FileReport, FormDetail, FormKind, FormReport, FormSummary, Status,
};
use shenbiao::report::checked;
use shenbiao::report::review::{ReviewCell, ReviewTable};
use shenbiao::report::xlsx::build_checked_workbook;
use shenbiao::rules::cells::{SB_01, SB_02};
use shenbiao::rules::{CheckRecord, Facts, Finding, Outcome, Rule, Severity};
use shenbiao::workbook::{open_workbook, CellRef, Limits, Rect, Sheet, Value, Workbook};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SHEET: &str = "自评表";
const YELLOW: u32 = 0xFFFF00;

/// A small 自评表 with everything the copy must keep: merges, vertical
/// text, formulas with results, number formats, widths, heights, a hidden
/// sheet, a hidden row and column, a filled cell and bordered empty cells.
fn build_input(path: &Path) {
    let mut book = XWorkbook::new();
    let normal = Format::new().set_font_name("宋体").set_font_size(11);
    book.set_default_format(&normal, 18, 64).unwrap();
    let border = Format::new()
        .set_font_name("宋体")
        .set_border(FormatBorder::Thin);
    let title = border
        .clone()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let vertical = border
        .clone()
        .set_rotation(270)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let money = border.clone().set_num_format("#,##0.00");
    let percent = border.clone().set_num_format("0.00%");
    let yellow = border.clone().set_background_color(YELLOW);

    let ws = book.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.merge_range(0, 0, 0, 5, "2023年度项目支出绩效自评表", &title)
        .unwrap();
    ws.set_row_height(0, 30).unwrap();
    ws.set_column_width(0, 6).unwrap();
    ws.set_column_width(1, 20).unwrap();
    ws.set_column_width(6, 12).unwrap();
    ws.set_column_hidden(6).unwrap();
    ws.write_string_with_format(2, 1, "指标", &border).unwrap();
    ws.write_string_with_format(2, 2, "全年预算数", &border)
        .unwrap();
    ws.merge_range(3, 0, 5, 0, "产出指标", &vertical).unwrap();
    ws.write_string_with_format(3, 1, "数量指标", &border)
        .unwrap();
    ws.write_number_with_format(3, 2, 100.0, &money).unwrap();
    ws.write_number_with_format(3, 3, 95.5, &money).unwrap();
    ws.write_formula_with_format(3, 4, Formula::new("=D4/C4").set_result("0.955"), &percent)
        .unwrap();
    ws.write_boolean_with_format(3, 5, true, &border).unwrap();
    ws.write_blank(4, 1, &border).unwrap();
    ws.write_number_with_format(4, 3, 12.0, &yellow).unwrap();
    ws.write_formula_with_format(4, 4, Formula::new("=1/0").set_result("#DIV/0!"), &border)
        .unwrap();
    ws.write_formula_with_format(6, 2, Formula::new("=SUM(C4:C6)").set_result("100"), &money)
        .unwrap();
    ws.write_string(9, 0, "隐藏行").unwrap();
    ws.set_row_hidden(9).unwrap();

    let hidden = book.add_worksheet();
    hidden.set_name("隐藏").unwrap();
    hidden.write_string(0, 0, "隐藏表内容").unwrap();
    hidden.set_hidden(true);

    let notes = book.add_worksheet();
    notes.set_name("公开01表").unwrap();
    notes.write_string(0, 0, "收入支出决算总表").unwrap();
    notes.write_number(4, 1, 10.0).unwrap();
    book.save(path).unwrap();
}

fn finding(severity: Severity, rule: &'static Rule, sheet: &str, cell: &str, msg: &str) -> Finding {
    Finding {
        rule,
        severity,
        sheet: sheet.into(),
        cell: cell.into(),
        related: vec![],
        message: msg.into(),
        expected: Some("97".into()),
        actual: Some("96".into()),
        quote: None,
    }
}

fn check(outcome: Outcome, rounding: bool, cell: &str) -> CheckRecord {
    CheckRecord {
        rule: &SB_02,
        subject: format!("关系 {cell}"),
        outcome,
        rounding,
        sheet: "公开01表".into(),
        cell: cell.into(),
        detail: "说明文字".into(),
        figures: None,
    }
}

/// The 评分复核 block the report's self-evaluation would carry.
fn reviews() -> Vec<ReviewTable> {
    let sheet: Arc<str> = Arc::from(SHEET);
    vec![ReviewTable {
        title: "某某项目 评分复核".into(),
        columns: vec![
            "指标".into(),
            "分值".into(),
            "填报得分".into(),
            "复核得分".into(),
        ],
        rows: vec![vec![
            ReviewCell::text("数量指标"),
            ReviewCell::text("10"),
            ReviewCell::linked("96", &CellRef::new(&sheet, 3, 3)),
            ReviewCell {
                text: "97".into(),
                link: None,
                flag: Some(Severity::Error),
            },
        ]],
    }]
}

fn make_report(file: &str) -> FileReport {
    let self_eval = FormSummary {
        kind: FormKind::SelfEvaluation,
        table: None,
        sheet: SHEET.into(),
        range: "A1:F8".into(),
        title: "某某项目".into(),
        scheme: Some("national".into()),
        score: Some(DeclaredComputed {
            declared: Some("96".into()),
            computed: Some("97".into()),
        }),
        rating: Some(DeclaredComputed {
            declared: Some("优".into()),
            computed: Some("优".into()),
        }),
        parts: None,
        unit: None,
    };
    let final_accounts = FormSummary {
        kind: FormKind::FinalAccounts,
        table: Some("公开01".into()),
        sheet: "公开01表".into(),
        range: "A1:F20".into(),
        title: "收入支出决算总表".into(),
        scheme: None,
        score: None,
        rating: None,
        parts: None,
        unit: None,
    };
    FileReport {
        file: file.into(),
        status: Status::Checked,
        error: None,
        forms: vec![
            FormReport {
                summaries: vec![self_eval],
                findings: vec![
                    finding(Severity::Info, &SB_01, SHEET, "C7", "合计尾数差异提示"),
                    finding(Severity::Warning, &SB_01, SHEET, "D4", "执行数偏低需说明"),
                    finding(Severity::Error, &SB_02, SHEET, "D4", "执行数与明细合计不符"),
                ],
                outcomes: Default::default(),
                detail: None,
            },
            FormReport {
                summaries: vec![final_accounts],
                findings: vec![finding(
                    Severity::Error,
                    &SB_02,
                    "公开01表",
                    "B5",
                    "收入总计不等于各项合计",
                )],
                outcomes: Default::default(),
                detail: Some(FormDetail {
                    form: Form::FinalAccounts(Publication::default()),
                    checks: vec![
                        check(Outcome::Pass, false, "B3"),
                        check(Outcome::Fail, false, "B5"),
                        check(Outcome::Fail, true, "B6"),
                        check(Outcome::InsufficientData, false, "B7"),
                    ],
                    facts: Facts::FinalAccounts,
                }),
            },
        ],
        notes: vec!["工作表“隐藏”为隐藏工作表，已一并检查".into()],
        not_found: None,
        sha256: None,
    }
}

struct Output {
    _dir: tempfile::TempDir,
    input: PathBuf,
    output: PathBuf,
}

fn run(report: impl FnOnce(&str) -> FileReport) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("自评.xlsx");
    let output = dir.path().join("自评.checked.xlsx");
    build_input(&input);
    let wb = open_workbook(&input, &Limits::default()).unwrap();
    let report = report(&input.display().to_string());
    let reviews = if report.forms.is_empty() {
        vec![]
    } else {
        reviews()
    };
    std::fs::write(
        &output,
        build_checked_workbook(&wb, &report, &reviews).unwrap(),
    )
    .unwrap();
    // For looking at the result: SHENBIAO_KEEP_OUTPUT=/some/dir keeps a copy.
    if let Ok(keep) = std::env::var("SHENBIAO_KEEP_OUTPUT") {
        let _ = std::fs::copy(&input, Path::new(&keep).join("annotated_input.xlsx"));
        let _ = std::fs::copy(&output, Path::new(&keep).join("annotated_output.xlsx"));
    }
    Output {
        _dir: dir,
        input,
        output,
    }
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).unwrap()
}

/// The colour Excel paints a cell with: a solid fill's foreground colour.
fn fill_of(
    xlsx: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    sheet: &str,
    pos: (u32, u32),
) -> Option<u32> {
    let styles = xlsx.worksheet_style(sheet).unwrap();
    let style = styles.get(pos)?;
    let fill = style.fill.as_ref().filter(|f| f.is_visible())?;
    assert_eq!(fill.pattern, calamine::FillPattern::Solid);
    let c = fill.foreground_color?;
    Some((u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue))
}

fn zip_parts(path: &Path, prefix: &str) -> Vec<(String, String)> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if name.starts_with(prefix) {
            let mut text = String::new();
            part.read_to_string(&mut text).unwrap();
            out.push((name, text));
        }
    }
    out
}

fn text_at(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

#[test]
fn sheets_come_in_order_with_ours_around_the_originals() {
    let out = run(make_report);
    let xlsx = open(&out.output);
    assert_eq!(
        xlsx.sheet_names(),
        [
            "审核结果",
            SHEET,
            "隐藏",
            "公开01表",
            "评分复核",
            "勾稽关系",
            "规则说明"
        ]
    );
    let hidden: Vec<_> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect();
    assert!(hidden.contains(&("隐藏".to_string(), false)));
    assert!(hidden.contains(&(SHEET.to_string(), true)));
    assert!(hidden.contains(&("审核结果".to_string(), true)));
}

#[test]
fn values_formulas_and_merges_are_preserved() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let range = xlsx.worksheet_range(SHEET).unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("2023年度项目支出绩效自评表".into()))
    );
    assert_eq!(
        range.get_value((3, 1)),
        Some(&Data::String("数量指标".into()))
    );
    assert_eq!(range.get_value((3, 2)), Some(&Data::Float(100.0)));
    assert_eq!(range.get_value((3, 3)), Some(&Data::Float(95.5)));
    assert_eq!(range.get_value((3, 4)), Some(&Data::Float(0.955)));
    assert_eq!(range.get_value((3, 5)), Some(&Data::Bool(true)));
    assert!(matches!(range.get_value((4, 4)), Some(Data::Error(_))));
    assert_eq!(range.get_value((6, 2)), Some(&Data::Float(100.0)));
    assert_eq!(
        range.get_value((9, 0)),
        Some(&Data::String("隐藏行".into()))
    );

    let formulas = xlsx.worksheet_formula(SHEET).unwrap();
    let formula_at = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(formula_at(3, 4), "D4/C4");
    assert_eq!(formula_at(4, 4), "1/0");
    assert_eq!(formula_at(6, 2), "SUM(C4:C6)");

    let merges = xlsx.merge_cells_by_sheet_name(SHEET).unwrap();
    let mut merges: Vec<_> = merges.iter().map(|d| (d.start, d.end)).collect();
    merges.sort();
    assert_eq!(merges, vec![((0, 0), (0, 5)), ((3, 0), (5, 0))]);

    let hidden = xlsx.worksheet_range("隐藏").unwrap();
    assert_eq!(
        hidden.get_value((0, 0)),
        Some(&Data::String("隐藏表内容".into()))
    );
}

#[test]
fn styles_and_layout_are_preserved() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let styles = xlsx.worksheet_style(SHEET).unwrap();
    let vertical = styles.get((3, 0)).unwrap();
    assert_eq!(
        vertical.alignment.as_ref().unwrap().text_rotation,
        calamine::TextRotation::Stacked
    );
    let title = styles.get((0, 0)).unwrap();
    let font = title.font.as_ref().unwrap();
    assert!(font.is_bold());
    assert_eq!(font.size, Some(16.0));
    assert_eq!(font.name.as_deref(), Some("宋体"));
    assert_eq!(
        styles
            .get((3, 2))
            .unwrap()
            .number_format
            .as_ref()
            .unwrap()
            .format_code,
        "#,##0.00"
    );
    assert_eq!(
        styles
            .get((3, 4))
            .unwrap()
            .number_format
            .as_ref()
            .unwrap()
            .format_code,
        "0.00%"
    );
    // An empty bordered cell keeps its border.
    let blank = styles.get((4, 1)).unwrap();
    assert!(blank.borders.as_ref().unwrap().has_visible_borders());

    let before = open_workbook(&out.input, &Limits::default()).unwrap();
    let after = open_workbook(&out.output, &Limits::default()).unwrap();
    let (b, a) = (before.sheet(SHEET).unwrap(), after.sheet(SHEET).unwrap());
    for col in [0u32, 1] {
        let (wb, wa) = (b.layout.col_widths[&col], a.layout.col_widths[&col]);
        assert!((wb - wa).abs() < 0.2, "column {col}: {wb} vs {wa}");
    }
    assert!((b.layout.row_heights[&0] - a.layout.row_heights[&0]).abs() < 0.5);
    assert!(a.layout.hidden_rows.contains(&9));
    assert!(a.layout.hidden_cols.contains(&6));
    // The Normal font (宋体) is carried over as the workbook default.
    assert_eq!(
        after.styles[0]
            .font
            .as_ref()
            .and_then(|f| f.name.as_deref()),
        Some("宋体")
    );
}

#[test]
fn flagged_cells_are_filled_by_worst_severity_and_others_keep_theirs() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    // Error + warning on D4: red with a red border, its number format kept
    // with the findings' numbers after the value. Numbers follow 审核结果's
    // order, errors first: D4's error ①, 公开01表 B5's error ②, D4's
    // warning ③.
    assert_eq!(fill_of(&mut xlsx, SHEET, (3, 3)), Some(0xFF7C80));
    let styles = xlsx.worksheet_style(SHEET).unwrap();
    let d4 = styles.get((3, 3)).unwrap();
    assert_eq!(
        d4.number_format.as_ref().unwrap().format_code,
        r#"#,##0.00" ①③";-#,##0.00" ①③";#,##0.00" ①③";@" ①③""#
    );
    let border = d4.borders.as_ref().unwrap();
    assert!(border.has_visible_borders());
    let red = border.left.color.unwrap();
    assert_eq!((red.red, red.green, red.blue), (0xC0, 0, 0));
    // Info on C7: blue, numbered ④ (after both errors and the warning).
    assert_eq!(fill_of(&mut xlsx, SHEET, (6, 2)), Some(0x9BC2E6));
    let c7 = styles.get((6, 2)).unwrap();
    assert!(c7.number_format.as_ref().unwrap().format_code.contains("④"));
    // Untouched cells keep their own fill, or none.
    assert_eq!(fill_of(&mut xlsx, SHEET, (4, 3)), Some(YELLOW));
    assert_eq!(fill_of(&mut xlsx, SHEET, (3, 2)), None);
    assert_eq!(fill_of(&mut xlsx, SHEET, (3, 4)), None);
    // An error on an empty, unstyled cell of another sheet is still marked.
    assert_eq!(fill_of(&mut xlsx, "公开01表", (4, 1)), Some(0xFF7C80));
}

#[test]
fn notes_carry_every_finding_of_their_cell() {
    let out = run(make_report);
    let comments = zip_parts(&out.output, "xl/comments");
    assert!(!comments.is_empty(), "no comments part");
    let all: String = comments.iter().map(|(_, t)| t.as_str()).collect();
    assert!(all.contains("执行数与明细合计不符"));
    assert!(all.contains("执行数偏低需说明"));
    assert!(all.contains("合计尾数差异提示"));
    assert!(all.contains("应为：97"));
    assert!(all.contains("审表 shenbiao"));
    // D4's two findings share one note: three marked cells on the form
    // sheet (D4, C7) plus one on 公开01表.
    let notes = all.matches("<comment ").count();
    assert_eq!(notes, 3, "{all}");
    let d4 = comments
        .iter()
        .find(|(_, t)| t.contains("执行数与明细合计不符"))
        .unwrap();
    assert!(d4.1.contains("ref=\"D4\""));
    // The more severe finding is listed first.
    let e = d4.1.find("执行数与明细合计不符").unwrap();
    let w = d4.1.find("执行数偏低需说明").unwrap();
    assert!(e < w);
}

#[test]
fn summary_sheet_lists_findings_with_links() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let range = xlsx.worksheet_range("审核结果").unwrap();
    let (height, _) = range.get_size();
    let mut head = String::new();
    let mut header = None;
    for r in 0..height as u32 {
        if text_at(&range, r, 0) == "序号" {
            header = Some(r);
            break;
        }
        head.push_str(&text_at(&range, r, 0));
        head.push('\n');
    }
    assert!(head.contains("结论：有错误"), "{head}");
    assert!(head.contains("错误 2"), "{head}");
    assert!(head.contains("警告 1"), "{head}");
    assert!(head.contains("提示 1"), "{head}");
    assert!(head.contains("某某项目"), "{head}");
    assert!(head.contains("填报 96 / 复核 97"), "{head}");
    assert!(head.contains("公开01"), "{head}");
    assert!(head.contains("隐藏工作表"), "{head}");
    let header = header.expect("header row");
    let columns: Vec<String> = (0..9).map(|c| text_at(&range, header, c)).collect();
    assert_eq!(
        columns,
        [
            "序号",
            "级别",
            "规则",
            "规则名称",
            "工作表",
            "单元格",
            "说明",
            "应为",
            "实为"
        ]
    );
    let rows: Vec<Vec<String>> = (header + 1..header + 5)
        .map(|r| (0..9).map(|c| text_at(&range, r, c)).collect())
        .collect();
    // Severity, then position: both errors (自评表 before 公开01), then the
    // warning and the info.
    let keys: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str(), r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("错误", "SB-02", SHEET, "D4"),
            ("错误", "SB-02", "公开01表", "B5"),
            ("警告", "SB-01", SHEET, "D4"),
            ("提示", "SB-01", SHEET, "C7"),
        ]
    );
    assert_eq!(rows[0][6], "执行数与明细合计不符");
    assert_eq!(rows[0][0], "1");
    assert_eq!(rows[0][7], "97");
    assert_eq!(rows[0][8], "96");
    assert!(!rows[0][3].is_empty(), "rule title");
    assert_eq!(text_at(&range, header + 5, 0), "");

    let sheet1 = zip_parts(&out.output, "xl/worksheets/sheet1.xml");
    let xml = &sheet1[0].1;
    assert!(xml.contains("location=\"'自评表'!D4\""), "{xml}");
    assert!(xml.contains("location=\"'公开01表'!B5\""));
    assert!(xml.contains("<autoFilter"));
    assert!(xml.contains("state=\"frozen\""));
    // The severity label is coloured like the mark.
    assert_eq!(
        fill_of(&mut xlsx, "审核结果", (header + 1, 1)),
        Some(0xFF7C80)
    );
}

#[test]
fn review_and_relations_sheets_show_their_records() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let review = xlsx.worksheet_range("评分复核").unwrap();
    let all: Vec<String> = review.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(all.iter().any(|v| v == "某某项目 评分复核"));
    assert!(all.iter().any(|v| v == "复核得分"));
    let review_xml = &zip_parts(&out.output, "xl/worksheets/sheet5.xml")[0].1;
    assert!(review_xml.contains("location=\"'自评表'!D4\""));
    // The linked declared score is a number (summable), not text.
    assert!(review
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::Float(f) if *f == 96.0)));
    assert!(!review
        .used_cells()
        .any(|(_, _, v)| matches!(v, Data::String(s) if s == "96")));

    let rel = xlsx.worksheet_range("勾稽关系").unwrap();
    let header = (0..10).find(|&r| text_at(&rel, r, 0) == "序号").unwrap();
    assert_eq!(text_at(&rel, header, 4), "校验内容");
    let outcomes: Vec<String> = (header + 1..header + 5)
        .map(|r| text_at(&rel, r, 5))
        .collect();
    assert_eq!(outcomes, ["通过", "不符", "尾数差异", "无法校验"]);
    // Only the 决算 form's checks are listed.
    assert_eq!(text_at(&rel, header + 5, 0), "");
    assert_eq!(text_at(&rel, header + 1, 1), "公开01");
    assert_eq!(
        fill_of(&mut xlsx, "勾稽关系", (header + 1, 5)),
        Some(0xC6EFCE)
    );
    assert_eq!(
        fill_of(&mut xlsx, "勾稽关系", (header + 2, 5)),
        Some(0xFFC7CE)
    );
    assert_eq!(
        fill_of(&mut xlsx, "勾稽关系", (header + 3, 5)),
        Some(0xDDEBF7)
    );
}

#[test]
fn clean_report_says_no_problems_and_adds_no_extra_sheets() {
    let out = run(|file| FileReport {
        forms: vec![],
        notes: vec![],
        status: Status::NoForms,
        ..make_report(file)
    });
    let mut xlsx = open(&out.output);
    assert_eq!(xlsx.sheet_names(), ["审核结果", SHEET, "隐藏", "公开01表"]);
    let range = xlsx.worksheet_range("审核结果").unwrap();
    let texts: Vec<String> = range.used_cells().map(|(_, _, v)| v.to_string()).collect();
    // Nothing checked is never 无问题.
    assert!(!texts.iter().any(|t| t.contains("无问题")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("未作检查：未识别到可检查的表格")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("未识别到表格")),
        "{texts:?}"
    );
    assert!(zip_parts(&out.output, "xl/comments").is_empty());
}

fn hand_made(name: &str) -> Sheet {
    let mut sheet = Sheet::new(name);
    sheet.cells.insert(
        (0, 0),
        shenbiao::workbook::Cell {
            value: Value::Text("甲".into()),
            formula: None,
            style: 0,
            fmt: Default::default(),
        },
    );
    sheet
}

#[test]
fn colliding_names_and_broken_merges_do_not_fail() {
    let mut first = hand_made("审核结果");
    first.merges = vec![
        Rect {
            top: 0,
            left: 0,
            bottom: 1,
            right: 1,
        },
        Rect {
            top: 1,
            left: 1,
            bottom: 2,
            right: 2,
        },
        Rect {
            top: 5,
            left: 0,
            bottom: 1_000_000,
            right: 16_000,
        },
    ];
    let wb = Workbook {
        format: shenbiao::workbook::Format::Xlsx,
        sheets: vec![first, hand_made("勾稽关系")],
        styles: vec![],
        date_1904: false,
        notes: Vec::new(),
    };
    let mut report = make_report("x.xlsx");
    for f in report.forms.iter_mut().flat_map(|f| &mut f.findings) {
        f.sheet = "审核结果".into();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.checked.xlsx");
    std::fs::write(
        &path,
        build_checked_workbook(&wb, &report, &reviews()).unwrap(),
    )
    .unwrap();
    let mut xlsx = open(&path);
    assert_eq!(
        xlsx.sheet_names(),
        [
            "审核结果(审表)",
            "审核结果",
            "勾稽关系",
            "评分复核",
            "勾稽关系(审表)",
            "规则说明"
        ]
    );
    let merges = xlsx.merge_cells_by_sheet_name("审核结果").unwrap();
    assert_eq!(merges.len(), 1);
    let summary = xlsx.worksheet_range("审核结果(审表)").unwrap();
    let texts: Vec<String> = summary
        .used_cells()
        .map(|(_, _, v)| v.to_string())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("合并单元格重叠、越界或过大")),
        "{texts:?}"
    );
    let xml = &zip_parts(&path, "xl/worksheets/sheet1.xml")[0].1;
    assert!(xml.contains("location=\"'审核结果'!D4\""));
}

#[test]
fn unwritable_destination_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.xlsx");
    build_input(&input);
    let wb = open_workbook(&input, &Limits::default()).unwrap();
    let bytes = build_checked_workbook(&wb, &make_report("in.xlsx"), &reviews()).unwrap();
    let missing = dir.path().join("no such dir").join("out.xlsx");
    let err = shenbiao::batch::place::write_bytes(&missing, &bytes).unwrap_err();
    assert!(err.to_string().contains("无法写入"), "{err}");
}

// ── Patch mode: the default copy of an .xlsx is the input plus the marks ──

/// `report` with related cells: C7 points at C4 and C5, and 公开01表's B5
/// at the form's D4.
fn report_with_related(file: &str) -> FileReport {
    let mut report = make_report(file);
    for f in report.forms.iter_mut().flat_map(|f| &mut f.findings) {
        match f.cell.as_str() {
            "C7" => f.related = vec!["C4".into(), "C5".into()],
            "B5" => f.related = vec!["'自评表'!D4".into()],
            _ => {}
        }
    }
    report
}

/// The checked copy `job.rs` writes for `input` (the default path).
fn default_copy(input: &Path, report: &mut FileReport) -> checked::CheckedCopy {
    let limits = Limits::default();
    let opened = shenbiao::source::open(input, &limits).unwrap();
    checked::checked_copy(&opened, report, &limits).unwrap()
}

/// Each entry's raw (still compressed) bytes, so "untouched" means byte for
/// byte, not merely the same after inflating.
fn raw_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index_raw(i).unwrap();
        let mut raw = Vec::new();
        e.read_to_end(&mut raw).unwrap();
        out.insert(e.name().unwrap().to_string(), raw);
    }
    out
}

fn part_text(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every cell a sheet part's conditional formats cover (our marks are
/// single cells or merged areas; only their top-left cells are listed).
fn cf_cells(xml: &str) -> Vec<String> {
    xml.split("<conditionalFormatting")
        .skip(1)
        .filter_map(|s| s.split("sqref=\"").nth(1)?.split('"').next())
        .flat_map(|r| {
            r.split(' ')
                .map(|a| a.split(':').next().unwrap().to_string())
        })
        .collect()
}

/// (row, column, value as text) of a sheet's used cells.
type Cells = Vec<(usize, usize, String)>;

fn values_of(bytes: &[u8]) -> Vec<(String, Cells)> {
    let mut x = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in x.sheet_names() {
        let r = x.worksheet_range(&name).unwrap();
        out.push((
            name,
            r.used_cells()
                .map(|(a, b, v)| (a, b, v.to_string()))
                .collect(),
        ));
    }
    out
}

#[test]
fn patched_copy_keeps_every_part_and_marks_flagged_and_related_cells() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("自评.xlsx");
    build_input(&input);
    let mut report = report_with_related(&input.display().to_string());
    let notes = report.notes.clone();
    let copy = default_copy(&input, &mut report);
    assert_eq!(copy.extension, "xlsx");
    assert_eq!(report.notes, notes, "patched, no fallback note");
    let original = std::fs::read(&input).unwrap();

    // Every original part byte for byte, except the ones patch mode edits:
    // the package's lists, the styles (our dxfs appended) and the two
    // marked sheets (自评表 = sheet1, 公开01表 = sheet3). 隐藏 is untouched.
    let (before, after) = (raw_entries(&original), raw_entries(&copy.bytes));
    let edited = [
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet3.xml",
    ];
    for (name, raw) in &before {
        assert!(after.contains_key(name), "{name} dropped");
        if !edited.contains(&name.as_str()) {
            assert_eq!(&after[name], raw, "{name} changed");
        }
    }
    assert!(
        after.len() > before.len(),
        "comments and result sheets added"
    );

    // The same values, our sheets first.
    let (vb, va) = (values_of(&original), values_of(&copy.bytes));
    let names: Vec<&str> = va.iter().map(|(n, _)| n.as_str()).collect();
    // (No 评分复核: the report carries no review facts.)
    assert_eq!(
        names,
        [
            "审核结果",
            "勾稽关系",
            "规则说明",
            SHEET,
            "隐藏",
            "公开01表"
        ]
    );
    assert_eq!(&va[3..], &vb[..], "values unchanged");

    // Flagged D4 and C7 and related C4, C5 are covered by our formats; on
    // 公开01表 the flagged B5, and its related D4 is on 自评表 (already
    // flagged there).
    let s1 = cf_cells(&part_text(&copy.bytes, "xl/worksheets/sheet1.xml"));
    for cell in ["D4", "C7", "C4", "C5"] {
        assert!(s1.contains(&cell.to_string()), "{cell} unmarked: {s1:?}");
    }
    let s3 = cf_cells(&part_text(&copy.bytes, "xl/worksheets/sheet3.xml"));
    assert_eq!(s3, ["B5"]);

    // Notes: numbered as in 审核结果, errors first (D4's error ①, B5 ②,
    // D4's warning ③, C7 ④) and naming the related cells.
    let comments: String = after
        .keys()
        .filter(|n| n.starts_with("xl/comments"))
        .map(|n| part_text(&copy.bytes, n))
        .collect();
    assert!(comments.contains("① 【错误】SB-02"), "{comments}");
    assert!(comments.contains("③ 【警告】SB-01"), "{comments}");
    assert!(comments.contains("④ 【提示】SB-01"), "{comments}");
    assert!(comments.contains("相关单元格：C4、C5"), "{comments}");
    assert!(
        comments.contains("相关单元格：&apos;自评表&apos;!D4"),
        "{comments}"
    );
    // The 审核结果 list carries the same numbers.
    let summary = &va[0].1;
    let header = summary.iter().find(|c| c.2 == "序号").unwrap().0;
    let row2: Vec<&str> = summary
        .iter()
        .filter(|c| c.0 == header + 2)
        .map(|c| c.2.as_str())
        .collect();
    assert_eq!(&row2[..3], ["2", "错误", "SB-02"], "{row2:?}");
}

#[test]
fn a_package_the_patcher_refuses_is_rebuilt_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The user's own note on D4, in a comments part that is cut short: the
    // reader never looks at notes, the patcher must merge into them.
    let mut book = XWorkbook::new();
    let ws = book.add_worksheet();
    ws.set_name(SHEET).unwrap();
    ws.write_number(3, 3, 95.5).unwrap();
    ws.insert_note(3, 3, &rust_xlsxwriter::Note::new("用户批注"))
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        let name = e.name().unwrap().to_string();
        if name.starts_with("xl/comments") {
            data.truncate(data.len() / 2);
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zout, &data).unwrap();
    }
    let input = dir.path().join("odd.xlsx");
    std::fs::write(&input, zout.finish().unwrap().into_inner()).unwrap();

    let mut report = make_report("odd.xlsx");
    let copy = default_copy(&input, &mut report);
    assert_eq!(copy.extension, "xlsx");
    let note = report.notes.last().unwrap();
    assert!(note.starts_with("无法在原文件上直接标注"), "{note}");
    assert!(note.contains("重建"), "{note}");
    let va = values_of(&copy.bytes);
    let names: Vec<&str> = va.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..2], ["审核结果", SHEET], "rebuilt layout");
    let said: String = va[0].1.iter().map(|c| c.2.clone() + "\n").collect();
    assert!(said.contains("无法在原文件上直接标注"), "{said}");
    assert!(said.contains("未能保留原有批注"), "{said}");
    assert!(said.contains("另存为"), "{said}");
}

/// A one-sheet .ods: A1:B1 merged, a formula C2 = A2 + B2 (3), 100% in D2.
fn ods_bytes() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="表1"><table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>标题</text:p></table:table-cell><table:covered-table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell><table:table-cell table:formula="of:=[.A2]+[.B2]" office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="1"><text:p>100%</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content),
        ("META-INF/manifest.xml", manifest),
    ] {
        z.start_file(name, stored).unwrap();
        std::io::Write::write_all(&mut z, text.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn ods_copy_is_rebuilt_and_says_truthfully_what_it_lost() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("表.ods");
    std::fs::write(&input, ods_bytes()).unwrap();
    let mut report = FileReport {
        forms: vec![],
        notes: vec![],
        status: Status::NoForms,
        ..make_report("表.ods")
    };
    let copy = default_copy(&input, &mut report);
    assert!(report.notes.is_empty(), "rebuild is the mode for .ods");
    let path = dir.path().join("表.checked.xlsx");
    std::fs::write(&path, &copy.bytes).unwrap();
    let mut xlsx = open(&path);
    assert_eq!(xlsx.sheet_names(), ["审核结果", "表1"]);
    // The OpenFormula text is no Excel formula: only its result is kept.
    let range = xlsx.worksheet_range("表1").unwrap();
    assert_eq!(range.get_value((1, 2)), Some(&Data::Float(3.0)));
    let formulas = xlsx.worksheet_formula("表1").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    // The merge is lost, and the note says so instead of claiming it.
    assert!(xlsx.merge_cells_by_sheet_name("表1").unwrap().is_empty());
    let texts: String = xlsx
        .worksheet_range("审核结果")
        .unwrap()
        .used_cells()
        .map(|(_, _, v)| v.to_string() + "\n")
        .collect();
    let note = texts
        .lines()
        .find(|l| l.contains(".ods 格式"))
        .expect("rebuild note");
    let (kept, lost) = note.split_once("未能保留").unwrap();
    assert!(!kept.contains("合并单元格"), "{note}");
    assert!(
        lost.contains("合并单元格") && lost.contains("100% 显示为 1"),
        "{note}"
    );
    assert!(note.contains("另存为"), "{note}");
}

#[test]
fn rebuilt_copy_outlines_related_cells_without_filling_them() {
    let out = run(report_with_related);
    let mut xlsx = open(&out.output);
    let styles = xlsx.worksheet_style(SHEET).unwrap();
    // C4 (a value) and C5 (empty) are C7's related cells: a dashed blue
    // outline, no fill, no number.
    for pos in [(3, 2), (4, 2)] {
        let s = styles.get(pos).unwrap();
        let b = s.borders.as_ref().unwrap();
        assert_eq!(b.top.style, calamine::BorderStyle::Dashed, "{pos:?}");
        let c = b.top.color.unwrap();
        assert_eq!((c.red, c.green, c.blue), (0x1F, 0x4E, 0x79), "{pos:?}");
    }
    assert_eq!(fill_of(&mut xlsx, SHEET, (3, 2)), None);
    assert_eq!(fill_of(&mut xlsx, SHEET, (4, 2)), None);
    let c4 = styles.get((3, 2)).unwrap();
    assert_eq!(c4.number_format.as_ref().unwrap().format_code, "#,##0.00");
    // D4 is flagged and also B5's related cell: it stays filled.
    assert_eq!(fill_of(&mut xlsx, SHEET, (3, 3)), Some(0xFF7C80));
    let comments: String = zip_parts(&out.output, "xl/comments")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(comments.contains("相关单元格：C4、C5"), "{comments}");
    assert_eq!(
        comments.matches("<comment ").count(),
        3,
        "outlines get no note"
    );
}

#[test]
fn macro_enabled_workbook_keeps_its_vba_and_is_named_xlsm() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.xlsx");
    build_input(&plain);
    // The same book made macro-enabled: a VBA project part, its
    // relationship and the macro-enabled main content type.
    let vba: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    let bytes = std::fs::read(&plain).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        let name = e.name().unwrap().to_string();
        let text = String::from_utf8_lossy(&data).into_owned();
        if name == "[Content_Types].xml" {
            data = text
                .replace(
                    "spreadsheetml.sheet.main+xml",
                    "PLACEHOLDER",
                )
                .replace(
                    "application/vnd.openxmlformats-officedocument.PLACEHOLDER",
                    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
                .replace(
                    "<Default Extension=\"xml\"",
                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/><Default Extension=\"xml\"",
                )
                .into_bytes();
        } else if name == "xl/_rels/workbook.xml.rels" {
            data = text
                .replace("</Relationships>", "<Relationship Id=\"rId99\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"vbaProject.bin\"/></Relationships>")
                .into_bytes();
        }
        zout.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut zout, &data).unwrap();
    }
    zout.start_file("xl/vbaProject.bin", opts).unwrap();
    std::io::Write::write_all(&mut zout, &vba).unwrap();
    let input = dir.path().join("宏.xlsm");
    let original = zout.finish().unwrap().into_inner();
    std::fs::write(&input, &original).unwrap();
    assert!(part_text(&original, "[Content_Types].xml").contains("macroEnabled.main+xml"));

    let mut report = make_report("宏.xlsm");
    let notes = report.notes.clone();
    let copy = default_copy(&input, &mut report);
    assert_eq!(report.notes, notes, "patched, no fallback");
    assert_eq!(
        copy.extension, "xlsm",
        "Excel opens a macro book only as .xlsm"
    );
    let (before, after) = (raw_entries(&original), raw_entries(&copy.bytes));
    assert_eq!(after["xl/vbaProject.bin"], before["xl/vbaProject.bin"]);
    let types = part_text(&copy.bytes, "[Content_Types].xml");
    assert!(types.contains("macroEnabled.main+xml") && types.contains("vbaProject"));
    let rels = part_text(&copy.bytes, "xl/_rels/workbook.xml.rels");
    assert!(rels.contains("Target=\"vbaProject.bin\""), "{rels}");
}

#[test]
fn summary_sheet_is_an_audit_record_and_rules_are_explained() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let range = xlsx.worksheet_range("审核结果").unwrap();
    let head: Vec<String> = (0..12).map(|r| text_at(&range, r, 0)).collect();
    let record = head
        .iter()
        .find(|t| t.starts_with("检查时间："))
        .expect("a 检查时间 line");
    assert!(
        record.contains(&format!("审表 shenbiao {}", env!("CARGO_PKG_VERSION"))),
        "{record}"
    );
    assert!(record.contains("评分方案："), "{record}");
    let at = head.iter().position(|t| t == "审核意见").expect("审核意见");
    let report = make_report("x.xlsx");
    assert_eq!(
        text_at(&range, at as u32, 1),
        shenbiao::report::opinion::opinion(&report)
    );
    let rules = xlsx.worksheet_range("规则说明").unwrap();
    let header = (0..6).find(|&r| text_at(&rules, r, 0) == "规则").unwrap();
    let codes: Vec<String> = (header + 1..header + 3)
        .map(|r| text_at(&rules, r, 0))
        .collect();
    assert_eq!(codes, ["SB-01", "SB-02"]);
    assert_eq!(text_at(&rules, header + 3, 0), "");
    assert_eq!(text_at(&rules, header + 1, 3), SB_01.what);
}

#[test]
fn relations_sheet_is_a_working_paper() {
    let out = run(make_report);
    let mut xlsx = open(&out.output);
    let rel = xlsx.worksheet_range("勾稽关系").unwrap();
    // The contents line names the table and links to its first row.
    let toc = (0..8)
        .map(|r| text_at(&rel, r, 0))
        .find(|t| t.starts_with("公开01："))
        .expect("a contents line");
    assert_eq!(toc, "公开01：4 项，其中不符或尾数差异 2 项");
    assert!(text_at(&rel, 2, 0).starts_with("计数口径："));
    let header = (0..10).find(|&r| text_at(&rel, r, 0) == "序号").unwrap();
    let columns: Vec<String> = (6..10).map(|c| text_at(&rel, header, c)).collect();
    assert_eq!(columns, ["填报", "计算", "差额", "容差"]);
    let summary = xlsx.worksheet_range("审核结果").unwrap();
    assert!((0..12).any(|r| text_at(&summary, r, 0) == text_at(&rel, 2, 0)));
}
