//! Builds 自评表 workbooks for tests: a national-layout form described by a
//! small spec, written with rust_xlsxwriter, with knobs for the layout
//! variants shenbiao must handle (shifted origin, text numbers, full-width
//! digits, label variants, stacked forms).
#![allow(dead_code)]

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::{Path, PathBuf};

/// A cell value in a spec.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    N(f64),
    /// A number formatted as a percent (0.46 → 46%).
    P(f64),
    T(String),
    E,
}

pub fn t(s: &str) -> V {
    V::T(s.to_string())
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: V,
    pub actual: V,
    pub points: V,
    pub score: V,
    pub reason: String,
}

pub fn ind(
    level1: &str,
    level2: &str,
    name: &str,
    target: &str,
    actual: &str,
    points: f64,
    score: f64,
) -> Indicator {
    Indicator {
        level1: level1.into(),
        level2: level2.into(),
        name: name.into(),
        target: t(target),
        actual: t(actual),
        points: V::N(points),
        score: V::N(score),
        reason: String::new(),
    }
}

#[derive(Clone, Debug)]
pub struct FundRow {
    pub label: String,
    /// 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分
    pub values: [V; 6],
}

#[derive(Clone, Debug)]
pub struct FormSpec {
    pub title: String,
    pub project: String,
    pub department: String,
    pub implementer: String,
    pub fund: Vec<FundRow>,
    pub fund_headers: [String; 6],
    pub expected_goal: String,
    pub achieved_goal: String,
    pub indicators: Vec<Indicator>,
    pub total_label: String,
    pub total_points: V,
    pub total_score: V,
    pub rating: Option<String>,
    /// Headers of the indicator table (一级 … 偏差原因).
    pub indicator_headers: [String; 8],
}

impl FormSpec {
    /// A fully consistent national form: 执行率 90% → 9 分; indicators
    /// 50 + 30 + 10; 总分 99; 优.
    pub fn consistent() -> Self {
        let s = |x: &str| x.to_string();
        FormSpec {
            title: s("项目支出绩效自评表（2020年度）"),
            project: s("农村公路养护项目"),
            department: s("某县交通运输局"),
            implementer: s("某县公路养护中心"),
            fund_headers: [
                s("年初预算数"),
                s("全年预算数"),
                s("全年执行数"),
                s("分值"),
                s("执行率"),
                s("得分"),
            ],
            fund: vec![
                FundRow {
                    label: s("年度资金总额"),
                    values: [
                        V::N(100.0),
                        V::N(100.0),
                        V::N(90.0),
                        V::N(10.0),
                        V::P(0.9),
                        V::N(9.0),
                    ],
                },
                FundRow {
                    label: s("其中：当年财政拨款"),
                    values: [V::N(80.0), V::N(80.0), V::N(72.0), V::E, V::E, V::E],
                },
                FundRow {
                    label: s("上年结转资金"),
                    values: [V::N(20.0), V::N(20.0), V::N(18.0), V::E, V::E, V::E],
                },
                FundRow {
                    label: s("其他资金"),
                    values: [V::E, V::E, V::E, V::E, V::E, V::E],
                },
            ],
            expected_goal: s("完成农村公路养护 120 公里，路况优良率达到 85%。"),
            achieved_goal: s("完成养护 120 公里，优良率 86%。"),
            indicators: vec![
                ind(
                    "产出指标（50分）",
                    "数量指标",
                    "养护里程",
                    "≥120公里",
                    "120公里",
                    20.0,
                    20.0,
                ),
                ind(
                    "产出指标（50分）",
                    "质量指标",
                    "路况优良率",
                    "≥85%",
                    "86%",
                    15.0,
                    15.0,
                ),
                ind(
                    "产出指标（50分）",
                    "时效指标",
                    "按时完成率",
                    "100%",
                    "100%",
                    15.0,
                    15.0,
                ),
                ind(
                    "效益指标（30分）",
                    "社会效益指标",
                    "群众出行条件改善",
                    "明显改善",
                    "明显改善",
                    30.0,
                    30.0,
                ),
                ind(
                    "满意度指标（10分）",
                    "服务对象满意度指标",
                    "沿线群众满意度",
                    "≥90%",
                    "95%",
                    10.0,
                    10.0,
                ),
            ],
            total_label: s("总分"),
            total_points: V::N(100.0),
            total_score: V::N(99.0),
            rating: Some(s("优")),
            indicator_headers: [
                s("一级指标"),
                s("二级指标"),
                s("三级指标"),
                s("年度指标值"),
                s("实际完成值"),
                s("分值"),
                s("得分"),
                s("偏差原因分析及改进措施"),
            ],
        }
    }
}

/// Where each part of a written form landed (0-based rows; columns are
/// relative to the origin: A = label column, B … I).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub origin: (u32, u32),
    pub fund_first_row: u32,
    pub indicator_first_row: u32,
    pub total_row: u32,
    pub rating_row: Option<u32>,
}

impl Layout {
    /// A1 address of (row, column offset from the origin).
    pub fn a1(&self, row: u32, col_offset: u32) -> String {
        format!("{}{}", col_name(self.origin.1 + col_offset), row + 1)
    }
    /// Cell of fund row `i` (0 = 年度资金总额), column `c` (0 = 年初预算数 … 5 = 得分).
    pub fn fund(&self, i: u32, c: u32) -> String {
        self.a1(self.fund_first_row + i, 2 + c)
    }
    /// Cell of indicator `i`, column `c` (0 = 一级 … 7 = 偏差原因).
    pub fn indicator(&self, i: u32, c: u32) -> String {
        self.a1(self.indicator_first_row + i, 1 + c)
    }
    pub fn total_score(&self) -> String {
        self.a1(self.total_row, 7)
    }
    pub fn total_points(&self) -> String {
        self.a1(self.total_row, 6)
    }
}

pub fn col_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = String::new();
    while n > 0 {
        out.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    out
}

/// Options for how numbers are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Write numbers as text ("100", "90%").
    pub numbers_as_text: bool,
    /// Write text numbers with full-width digits.
    pub full_width: bool,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '.' | '%' | ',' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

fn write_v(ws: &mut Worksheet, r: u32, c: u16, v: &V, style: Style, fmt: &Format, pct: &Format) {
    let text_number = |s: String| if style.full_width { full_width(&s) } else { s };
    match v {
        V::E => {
            ws.write_blank(r, c, fmt).unwrap();
        }
        V::T(s) => {
            ws.write_string_with_format(r, c, s, fmt).unwrap();
        }
        V::N(n) if style.numbers_as_text => {
            ws.write_string_with_format(r, c, text_number(format!("{n}")), fmt)
                .unwrap();
        }
        V::P(p) if style.numbers_as_text => {
            ws.write_string_with_format(r, c, text_number(format!("{}%", p * 100.0)), fmt)
                .unwrap();
        }
        V::N(n) => {
            ws.write_number_with_format(r, c, *n, fmt).unwrap();
        }
        V::P(p) => {
            ws.write_number_with_format(r, c, *p, pct).unwrap();
        }
    }
}

/// Write `spec` into `ws` with its top-left label cell at `origin`.
pub fn write_form(ws: &mut Worksheet, spec: &FormSpec, origin: (u32, u32), style: Style) -> Layout {
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let pct = cell.clone().set_num_format("0%");
    let (r0, c0) = origin;
    let c = |off: u32| (c0 + off) as u16;
    let mut r = r0;
    ws.merge_range(r, c(0), r, c(8), &spec.title, &cell)
        .unwrap();
    r += 1;
    ws.write_string_with_format(r, c(0), "项目名称", &cell)
        .unwrap();
    ws.merge_range(r, c(1), r, c(8), &spec.project, &cell)
        .unwrap();
    r += 1;
    ws.write_string_with_format(r, c(0), "主管部门", &cell)
        .unwrap();
    ws.merge_range(r, c(1), r, c(3), &spec.department, &cell)
        .unwrap();
    ws.write_string_with_format(r, c(4), "实施单位", &cell)
        .unwrap();
    ws.merge_range(r, c(5), r, c(8), &spec.implementer, &cell)
        .unwrap();
    r += 1;
    let fund_top = r;
    ws.merge_range(
        r,
        c(0),
        r + spec.fund.len() as u32,
        c(0),
        "项目资金（万元）",
        &cell,
    )
    .unwrap();
    ws.write_blank(r, c(1), &cell).unwrap();
    for (i, h) in spec.fund_headers.iter().enumerate() {
        ws.write_string_with_format(r, c(2 + i as u32), h, &cell)
            .unwrap();
    }
    r += 1;
    let fund_first_row = r;
    for row in &spec.fund {
        ws.write_string_with_format(r, c(1), &row.label, &cell)
            .unwrap();
        for (i, v) in row.values.iter().enumerate() {
            write_v(ws, r, c(2 + i as u32), v, style, &cell, &pct);
        }
        r += 1;
    }
    let _ = fund_top;
    ws.merge_range(r, c(0), r + 1, c(0), "年度总体目标", &cell)
        .unwrap();
    ws.merge_range(r, c(1), r, c(4), "预期目标", &cell).unwrap();
    ws.merge_range(r, c(5), r, c(8), "实际完成情况", &cell)
        .unwrap();
    ws.merge_range(r + 1, c(1), r + 1, c(4), &spec.expected_goal, &cell)
        .unwrap();
    ws.merge_range(r + 1, c(5), r + 1, c(8), &spec.achieved_goal, &cell)
        .unwrap();
    r += 2;
    let header_row = r;
    for (i, h) in spec.indicator_headers.iter().enumerate() {
        ws.write_string_with_format(r, c(1 + i as u32), h, &cell)
            .unwrap();
    }
    r += 1;
    let indicator_first_row = r;
    // Merge each run of equal 一级 / 二级 labels, as real forms do.
    let n = spec.indicators.len() as u32;
    for (col, key) in [(1u32, 0usize), (2, 1)] {
        let mut i = 0;
        while i < spec.indicators.len() {
            let label = |k: usize| {
                if key == 0 {
                    &spec.indicators[k].level1
                } else {
                    &spec.indicators[k].level2
                }
            };
            let mut j = i;
            while j + 1 < spec.indicators.len()
                && label(j + 1) == label(i)
                && (key == 0 || spec.indicators[j + 1].level1 == spec.indicators[i].level1)
            {
                j += 1;
            }
            let (a, b) = (
                indicator_first_row + i as u32,
                indicator_first_row + j as u32,
            );
            if a == b {
                ws.write_string_with_format(a, c(col), label(i), &cell)
                    .unwrap();
            } else {
                ws.merge_range(a, c(col), b, c(col), label(i), &cell)
                    .unwrap();
            }
            i = j + 1;
        }
    }
    for (i, ind) in spec.indicators.iter().enumerate() {
        let rr = indicator_first_row + i as u32;
        ws.write_string_with_format(rr, c(3), &ind.name, &cell)
            .unwrap();
        write_v(ws, rr, c(4), &ind.target, Style::default(), &cell, &pct);
        write_v(ws, rr, c(5), &ind.actual, Style::default(), &cell, &pct);
        write_v(ws, rr, c(6), &ind.points, style, &cell, &pct);
        write_v(ws, rr, c(7), &ind.score, style, &cell, &pct);
        ws.write_string_with_format(rr, c(8), &ind.reason, &cell)
            .unwrap();
    }
    let vertical = cell.clone().set_rotation(255);
    ws.merge_range(
        header_row,
        c(0),
        header_row + n,
        c(0),
        "绩效指标",
        &vertical,
    )
    .unwrap();
    r = indicator_first_row + n;
    let total_row = r;
    ws.merge_range(r, c(0), r, c(5), &spec.total_label, &cell)
        .unwrap();
    write_v(ws, r, c(6), &spec.total_points, style, &cell, &pct);
    write_v(ws, r, c(7), &spec.total_score, style, &cell, &pct);
    ws.write_blank(r, c(8), &cell).unwrap();
    let mut rating_row = None;
    if let Some(rt) = &spec.rating {
        r += 1;
        ws.merge_range(r, c(0), r, c(5), "评价等级", &cell).unwrap();
        ws.merge_range(r, c(6), r, c(8), rt, &cell).unwrap();
        rating_row = Some(r);
    }
    Layout {
        origin,
        fund_first_row,
        indicator_first_row,
        total_row,
        rating_row,
    }
}

/// Write one form on one sheet at `origin` and save it under `dir`.
pub fn save_form(
    dir: &Path,
    name: &str,
    spec: &FormSpec,
    origin: (u32, u32),
    style: Style,
) -> (PathBuf, Layout) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    for col in 0..12 {
        ws.set_column_width(col, 14).unwrap();
    }
    let layout = write_form(ws, spec, origin, style);
    let path = dir.join(name);
    wb.save(&path).unwrap();
    (path, layout)
}

/// Check a file with the default options.
pub fn check(path: &Path) -> shenbiao::outcome::FileReport {
    shenbiao::check_file(path, &shenbiao::Options::default()).0
}

/// Findings as (rule, severity, cell) triples, for compact assertions.
pub fn findings(report: &shenbiao::outcome::FileReport) -> Vec<(String, String, String)> {
    report
        .findings()
        .map(|f| {
            (
                f.rule.code.to_string(),
                f.severity.as_str().to_string(),
                f.cell.clone(),
            )
        })
        .collect()
}

/// A workbook of `rows` rows of text and numbers and no form: legitimate,
/// but it takes memory and time to read (isolation and server tests).
pub fn big_sheet_bytes(rows: u32) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..rows {
        ws.write_string(r, 0, format!("明细行{r}")).unwrap();
        ws.write_number(r, 1, f64::from(r) * 1.25).unwrap();
        ws.write_string(r, 2, format!("备注{}", r % 97)).unwrap();
    }
    wb.save_to_buffer().unwrap()
}
