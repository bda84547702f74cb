//! Inputs and result workbooks for the patch-mode tests and benchmark:
//! workbooks with the features real forms carry (notes, images, a chart,
//! validation, conditional formats, defined names, print area and titles,
//! page breaks, protection, hyperlinks, merges, rotation, panes, widths,
//! formulas), a hand-written minimal package, and result sheets like the
//! ones the report stage writes (the real marks and result sheets of a
//! check come from `shenbiao::report::xlsx`).
#![allow(dead_code)]

use rust_xlsxwriter::{
    Chart, ChartType, ConditionalFormatCell, ConditionalFormatCellRule, DataValidation,
    DataValidationRule, Format, FormatAlign, FormatBorder, Image, Note, Url, Workbook,
};
use shenbiao::report::xlsx_patch::{marker, CellMark, MarkLevel, SheetMarks};
use std::io::Write;

/// A 1×1 PNG.
const PNG: [u8; 69] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// A workbook with every feature the patcher must keep. Sheet 自评表
/// (sheet1) carries notes by 张三 on B3 and D6, sheet 指标 (sheet2) is the
/// selected tab, sheet 空白 (sheet3) has nothing to mark.
pub fn feature_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let pct = Format::new().set_num_format("0.00%");
    let money = Format::new().set_num_format("#,##0.00");
    let rotated = Format::new()
        .set_rotation(90)
        .set_align(FormatAlign::Center);
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    ws.merge_range(0, 0, 0, 5, "项目支出绩效自评表", &bold)
        .unwrap();
    ws.write_string(1, 0, "项目").unwrap();
    for (r, (name, v)) in [
        ("年初预算数", 100.0),
        ("全年预算数", 120.0),
        ("全年执行数", 96.0),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 2;
        ws.write_string(r, 0, *name).unwrap();
        ws.write_number_with_format(r, 1, *v, &money).unwrap();
    }
    ws.write_formula(5, 1, "=B5/B4").unwrap();
    ws.write_number_with_format(5, 3, 0.8, &pct).unwrap();
    ws.write_string_with_format(2, 4, "竖排", &rotated).unwrap();
    ws.write_string(6, 0, "说明文字").unwrap();
    ws.write_url(7, 0, Url::new("https://example.com/").set_text("链接"))
        .unwrap();
    ws.write_url(8, 0, Url::new("internal:'指标'!A1").set_text("去指标"))
        .unwrap();
    ws.set_column_width(0, 18).unwrap();
    ws.set_column_width(1, 14).unwrap();
    ws.set_row_height(0, 30).unwrap();
    ws.set_freeze_panes(2, 0).unwrap();
    ws.insert_note(2, 1, &Note::new("请核对预算数").set_author("张三"))
        .unwrap();
    ws.insert_note(5, 3, &Note::new("比例来自上年").set_author("张三"))
        .unwrap();
    ws.add_data_validation(
        5,
        3,
        5,
        3,
        &DataValidation::new().allow_whole_number(DataValidationRule::Between(0, 100)),
    )
    .unwrap();
    let red = Format::new().set_font_color("#9C0006");
    ws.add_conditional_format(
        2,
        1,
        4,
        1,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::GreaterThan(110))
            .set_format(&red),
    )
    .unwrap();
    ws.add_conditional_format(
        5,
        3,
        5,
        3,
        &ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::LessThan(0.5))
            .set_format(&red),
    )
    .unwrap();
    ws.insert_image(10, 3, &Image::new_from_buffer(&PNG).unwrap())
        .unwrap();
    ws.set_print_area(0, 0, 26, 8).unwrap();
    ws.set_repeat_rows(0, 1).unwrap();
    ws.set_page_breaks(&[12, 16]).unwrap();
    ws.set_vertical_page_breaks(&[6]).unwrap();
    ws.set_paper_size(9);
    ws.protect();

    let ws = wb.add_worksheet();
    ws.set_name("指标").unwrap();
    for r in 0..6u32 {
        ws.write_string(r, 0, format!("指标{r}")).unwrap();
        ws.write_number(r, 1, f64::from(r) * 10.0).unwrap();
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("'指标'!$B$1:$B$6");
    ws.insert_chart(1, 3, &chart).unwrap();
    ws.set_landscape();
    ws.set_active(true);

    let ws = wb.add_worksheet();
    ws.set_name("空白").unwrap();
    ws.write_string(0, 0, "无").unwrap();

    wb.define_name("预算合计", "=自评表!$B$3:$B$5").unwrap();
    wb.save_to_buffer().unwrap()
}

/// Marks for [`feature_workbook`]: B3 (has 张三's note), B6 (formula, no
/// note), D6 (percent, has a note), A7 (text), a related cell B4, and one
/// mark on 指标.
pub fn feature_marks() -> Vec<SheetMarks> {
    let flag = |row, col, level, n: u32, note: &str| CellMark {
        row,
        col,
        level,
        number: Some(n),
        note: Some(note.to_string()),
    };
    vec![
        SheetMarks {
            sheet: "自评表".into(),
            cells: vec![
                flag(2, 1, MarkLevel::Error, 1, "SE001 年初预算数与合计不符"),
                flag(5, 1, MarkLevel::Warning, 2, "SE002 执行率偏低"),
                flag(5, 3, MarkLevel::Info, 3, "SE003 尾数差异"),
                flag(6, 0, MarkLevel::Error, 4, "SE004 缺少偏差原因"),
                flag(0, 0, MarkLevel::Info, 5, "SE005 标题"),
                CellMark {
                    row: 3,
                    col: 1,
                    level: MarkLevel::Error,
                    number: None,
                    note: None,
                },
            ],
        },
        SheetMarks {
            sheet: "指标".into(),
            cells: vec![flag(2, 1, MarkLevel::Warning, 6, "SE006 指标值")],
        },
    ]
}

/// A package written by hand: no styles part, no shared strings, an
/// absolute sheet target with odd casing, inline strings.
pub fn minimal_workbook() -> Vec<u8> {
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/Worksheets/Sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="审核结果" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/Worksheets/Sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/Worksheets/Sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>合计</t></is></c><c r="B1"><v>12.5</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>分项</t></is></c><c r="B2"><v>7</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// One row of 审核结果.
pub struct Row {
    pub number: u32,
    pub level: MarkLevel,
    pub rule: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
    pub expected: String,
    pub actual: String,
}

/// Result sheets like the report stage writes: 审核结果 (verdict, legend,
/// a filterable frozen list with links to the cells, printed landscape
/// with repeated titles), 评分复核 and 勾稽关系.
///
/// Written at compression level 1, as the rebuilt copy is: patch mode
/// inflates these parts again at once.
pub fn results_workbook(rows: &[Row]) -> Vec<u8> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_background_color("#D9D9D9")
        .set_border(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
    let link = Format::new()
        .set_font_color("#0563C1")
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let ws = wb.add_worksheet();
    ws.set_name("审核结果").unwrap();
    ws.merge_range(0, 0, 0, 7, "审核结果：发现问题，请核对", &title)
        .unwrap();
    let legend = [
        ("错误", "#FF7C80"),
        ("警告", "#FFC000"),
        ("提示", "#9BC2E6"),
    ];
    for (i, (name, colour)) in legend.iter().enumerate() {
        ws.write_string_with_format(
            1,
            i as u16,
            *name,
            &Format::new().set_background_color(*colour),
        )
        .unwrap();
    }
    let cols = [
        "序号",
        "严重程度",
        "规则",
        "工作表",
        "单元格",
        "说明",
        "应为",
        "实为",
    ];
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &head).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let y = 3 + i as u32;
        ws.write_string(y, 0, marker(r.number)).unwrap();
        ws.write_string(y, 1, level_name(r.level)).unwrap();
        ws.write_string(y, 2, &r.rule).unwrap();
        ws.write_string(y, 3, &r.sheet).unwrap();
        let target = format!("internal:'{}'!{}", r.sheet.replace('\'', "''"), r.cell);
        ws.write_url_with_format(y, 4, Url::new(target).set_text(&r.cell), &link)
            .unwrap();
        ws.write_string_with_format(y, 5, &r.message, &wrap)
            .unwrap();
        ws.write_string(y, 6, &r.expected).unwrap();
        ws.write_string(y, 7, &r.actual).unwrap();
    }
    let last = 2 + rows.len().max(1) as u32;
    ws.autofilter(2, 0, last, 7).unwrap();
    ws.set_freeze_panes(3, 0).unwrap();
    ws.set_column_width(5, 50).unwrap();
    ws.set_landscape();
    ws.set_repeat_rows(2, 2).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("评分复核").unwrap();
    let score = Format::new().set_num_format("0.00");
    for (c, h) in ["指标", "分值", "填报得分", "复核得分"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head).unwrap();
    }
    ws.write_string(1, 0, "预算执行率").unwrap();
    ws.write_number_with_format(1, 1, 10.0, &score).unwrap();
    ws.write_number_with_format(1, 2, 10.0, &score).unwrap();
    ws.write_number_with_format(1, 3, 8.0, &score).unwrap();
    ws.write_url(
        2,
        0,
        Url::new("internal:'审核结果'!A1").set_text("返回审核结果"),
    )
    .unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("勾稽关系").unwrap();
    ws.write_string_with_format(0, 0, "关系", &head).unwrap();
    ws.write_string(1, 0, "合计 = 分项之和").unwrap();
    wb.save_to_buffer().unwrap()
}

pub fn level_name(level: MarkLevel) -> &'static str {
    match level {
        MarkLevel::Error => "错误",
        MarkLevel::Warning => "警告",
        MarkLevel::Info => "提示",
    }
}

/// 审核结果 rows for marks (their flagged cells, in order).
pub fn rows_for(marks: &[SheetMarks]) -> Vec<Row> {
    let mut rows = Vec::new();
    for sm in marks {
        for c in &sm.cells {
            if let (Some(n), Some(note)) = (c.number, &c.note) {
                rows.push(Row {
                    number: n,
                    level: c.level,
                    rule: note.split(' ').next().unwrap_or_default().to_string(),
                    sheet: sm.sheet.clone(),
                    cell: shenbiao::workbook::cellref::a1(c.row, c.col),
                    message: note.clone(),
                    expected: String::new(),
                    actual: String::new(),
                });
            }
        }
    }
    rows.sort_by_key(|r| r.number);
    rows
}
