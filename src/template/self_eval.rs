//! The national 项目支出绩效自评表 (财预〔2020〕10号 附件2, rules.md §1.1) as
//! a blank form: 项目资金 block with 执行率 and 预算执行率得分 formulas, the
//! indicator table with rows under each 二级指标, and 总分 as a formula.

use super::{money_validation, print_a4, protect, Styles};
use rust_xlsxwriter::{
    ColNum, DataValidation, DataValidationRule, Formula, RowNum, Workbook, Worksheet, XlsxError,
};

/// Sheet name of the form.
pub const SHEET: &str = "项目支出绩效自评表";
/// Row of 年度资金总额 (0-based); the three breakdown rows follow.
pub const FUND_ROW: RowNum = 5;
/// Columns of 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.
pub const FUND_COLS: [ColNum; 6] = [3, 4, 5, 6, 7, 8];
/// Row of the indicator header.
pub const INDICATOR_HEADER_ROW: RowNum = 11;
/// Fund points in the national layout.
pub const FUND_POINTS: f64 = 10.0;

/// 一级指标 with their 二级指标 and the rows each 二级 gets.
pub const GROUPS: &[(&str, &[(&str, u32)])] = &[
    (
        "产出指标",
        &[
            ("数量指标", 3),
            ("质量指标", 3),
            ("时效指标", 2),
            ("成本指标", 2),
        ],
    ),
    (
        "效益指标",
        &[
            ("经济效益指标", 2),
            ("社会效益指标", 2),
            ("生态效益指标", 2),
            ("可持续影响指标", 2),
        ],
    ),
    ("满意度指标", &[("服务对象满意度指标", 2)]),
];

const FUND_LINES: [&str; 4] = [
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
];

/// First indicator row.
pub const FIRST_INDICATOR_ROW: RowNum = INDICATOR_HEADER_ROW + 1;

/// Number of indicator rows.
pub fn indicator_row_count() -> RowNum {
    GROUPS
        .iter()
        .flat_map(|(_, subs)| subs.iter().map(|(_, n)| *n))
        .sum()
}

/// The 总分 row.
pub fn total_row() -> RowNum {
    FIRST_INDICATOR_ROW + indicator_row_count()
}

/// Rows reserved for a 二级指标, or None for an unknown name.
pub fn rows_of(level2: &str) -> Option<std::ops::Range<RowNum>> {
    let mut r = FIRST_INDICATOR_ROW;
    for (_, subs) in GROUPS {
        for (name, n) in *subs {
            if *name == level2 {
                return Some(r..r + n);
            }
            r += n;
        }
    }
    None
}

/// One filled indicator, placed in the next free row of its 二级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct FillIndicator {
    pub level2: String,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub points: f64,
    pub score: f64,
    pub reason: String,
}

/// Values to write into the template's input cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fill {
    pub year: String,
    pub project: String,
    pub department: String,
    pub implementer: String,
    /// 年初预算数, 全年预算数, 全年执行数 of 年度资金总额, 当年财政拨款,
    /// 上年结转资金, 其他资金 (None = blank).
    pub funds: [[Option<f64>; 3]; 4],
    pub expected_goal: String,
    pub achieved_goal: String,
    pub indicators: Vec<FillIndicator>,
}

fn err(msg: String) -> XlsxError {
    XlsxError::ParameterError(msg)
}

/// The workbook: blank, or filled with `fill` (formulas then carry the
/// results computed from the filled values, as Excel would show them).
pub fn workbook(fill: Option<&Fill>) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    write(ws, fill)?;
    Ok(wb)
}

fn write(ws: &mut Worksheet, fill: Option<&Fill>) -> Result<(), XlsxError> {
    let st = Styles::new();
    let widths = [8.0, 11.0, 12.0, 22.0, 13.0, 13.0, 7.0, 9.0, 24.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, *w)?;
    }
    let blank = Fill::default();
    let f = fill.unwrap_or(&blank);

    // Title and header fields.
    ws.merge_range(0, 0, 0, 8, "项目支出绩效自评表", &st.title)?;
    ws.set_row_height(0, 30)?;
    let year = if f.year.is_empty() {
        "（      年度）".to_string()
    } else {
        format!("（{}年度）", f.year)
    };
    let year_fmt = st
        .caption
        .clone()
        .set_unlocked()
        .set_align(rust_xlsxwriter::FormatAlign::Center);
    ws.merge_range(1, 0, 1, 8, &year, &year_fmt)?;
    ws.merge_range(2, 0, 2, 1, "项目名称", &st.head)?;
    ws.merge_range(2, 2, 2, 8, &f.project, &st.text_in)?;
    ws.merge_range(3, 0, 3, 1, "主管部门", &st.head)?;
    ws.merge_range(3, 2, 3, 4, &f.department, &st.text_in)?;
    ws.merge_range(3, 5, 3, 6, "实施单位", &st.head)?;
    ws.merge_range(3, 7, 3, 8, &f.implementer, &st.text_in)?;
    for r in 1..FUND_ROW + 4 {
        ws.set_row_height(r, 20)?;
    }

    // 项目资金（万元）.
    let hr = FUND_ROW - 1;
    ws.merge_range(hr, 0, hr + 4, 0, "项目资金\n（万元）", &st.head)?;
    ws.merge_range(hr, 1, hr, 2, "", &st.head)?;
    for (c, h) in FUND_COLS.iter().zip([
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]) {
        ws.write_string_with_format(hr, *c, h, &st.head)?;
    }
    for (i, label) in FUND_LINES.iter().enumerate() {
        let r = FUND_ROW + i as RowNum;
        ws.merge_range(r, 1, r, 2, label, &st.label)?;
        for (j, c) in FUND_COLS[..3].iter().enumerate() {
            match f.funds[i][j] {
                Some(v) => ws.write_number_with_format(r, *c, v, &st.money_in)?,
                None => ws.write_blank(r, *c, &st.money_in)?,
            };
        }
        if i > 0 {
            for c in &FUND_COLS[3..] {
                ws.write_blank(r, *c, &st.unused)?;
            }
        }
    }
    ws.add_data_validation(
        FUND_ROW,
        FUND_COLS[0],
        FUND_ROW + 3,
        FUND_COLS[2],
        &money_validation()?,
    )?;
    let r = FUND_ROW;
    let cell = |c: ColNum| crate::workbook::cellref::a1(r, c as u32);
    let (budget, executed) = (f.funds[0][1], f.funds[0][2]);
    let rate = match (budget, executed) {
        (Some(b), e) if b > 0.0 => Some(e.unwrap_or(0.0) / b),
        _ => None,
    };
    let fund_score = rate.map(|x| FUND_POINTS * x.min(1.0));
    ws.write_number_with_format(r, FUND_COLS[3], FUND_POINTS, &st.fixed)?;
    let rate_formula = Formula::new(format!(
        "=IF(N({b})>0,N({e})/{b},\"\")",
        b = cell(FUND_COLS[1]),
        e = cell(FUND_COLS[2])
    ))
    .set_result(rate.map(|x| x.to_string()).unwrap_or_default());
    ws.write_formula_with_format(r, FUND_COLS[4], rate_formula, &st.percent)?;
    let score_formula = Formula::new(format!(
        "=IF({h}=\"\",\"\",{g}*MIN({h},1))",
        h = cell(FUND_COLS[4]),
        g = cell(FUND_COLS[3])
    ))
    .set_result(fund_score.map(|x| x.to_string()).unwrap_or_default());
    ws.write_formula_with_format(r, FUND_COLS[5], score_formula, &st.formula)?;

    // 年度总体目标.
    let gr = FUND_ROW + 4;
    ws.merge_range(gr, 0, gr + 1, 0, "年度总体\n目标", &st.head)?;
    ws.merge_range(gr, 1, gr, 4, "预期目标", &st.head)?;
    ws.merge_range(gr, 5, gr, 8, "实际完成情况", &st.head)?;
    ws.merge_range(gr + 1, 1, gr + 1, 4, &f.expected_goal, &st.text_in)?;
    ws.merge_range(gr + 1, 5, gr + 1, 8, &f.achieved_goal, &st.text_in)?;
    ws.set_row_height(gr + 1, 60)?;

    // 绩效指标.
    let hr = INDICATOR_HEADER_ROW;
    let total = total_row();
    ws.merge_range(hr, 0, total - 1, 0, "绩效指标", &st.head)?;
    for (c, h) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(hr, 1 + c as ColNum, *h, &st.head)?;
    }
    ws.set_row_height(hr, 30)?;
    let mut placed: Vec<(RowNum, &FillIndicator)> = Vec::new();
    for ind in &f.indicators {
        let rows =
            rows_of(&ind.level2).ok_or_else(|| err(format!("没有二级指标“{}”", ind.level2)))?;
        let used = placed.iter().filter(|(r, _)| rows.contains(r)).count() as RowNum;
        if used >= rows.len() as RowNum {
            return Err(err(format!("二级指标“{}”的行不够", ind.level2)));
        }
        placed.push((rows.start + used, ind));
    }
    let mut r = FIRST_INDICATOR_ROW;
    for (group, subs) in GROUPS {
        let top = r;
        for (sub, n) in *subs {
            ws.merge_range(r, 2, r + n - 1, 2, sub, &st.head)?;
            for row in r..r + n {
                let ind = placed.iter().find(|(pr, _)| *pr == row).map(|p| p.1);
                let text = |s: Option<&String>| s.cloned().unwrap_or_default();
                ws.write_string_with_format(row, 3, text(ind.map(|i| &i.name)), &st.text_in)?;
                ws.write_string_with_format(row, 4, text(ind.map(|i| &i.target)), &st.text_in)?;
                ws.write_string_with_format(row, 5, text(ind.map(|i| &i.actual)), &st.text_in)?;
                match ind {
                    Some(i) => {
                        ws.write_number_with_format(row, 6, i.points, &st.score_in)?;
                        ws.write_number_with_format(row, 7, i.score, &st.score_in)?;
                    }
                    None => {
                        ws.write_blank(row, 6, &st.score_in)?;
                        ws.write_blank(row, 7, &st.score_in)?;
                    }
                }
                ws.write_string_with_format(row, 8, text(ind.map(|i| &i.reason)), &st.text_in)?;
                ws.set_row_height(row, 28)?;
            }
            r += n;
        }
        ws.merge_range(top, 1, r - 1, 1, group, &st.head)?;
    }
    let (first, last) = (FIRST_INDICATOR_ROW, total - 1);
    let points_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_error_title("分值有误")?
        .set_error_message("分值应为 0 到 100 之间的数字。")?;
    ws.add_data_validation(first, 6, last, 6, &points_rule)?;
    let score_rule = DataValidation::new()
        .allow_custom(Formula::new(format!(
            "=AND(ISNUMBER({h}),{h}>=0,{h}<={g})",
            h = crate::workbook::cellref::a1(first, 7),
            g = crate::workbook::cellref::a1(first, 6)
        )))
        .set_error_title("得分有误")?
        .set_error_message("得分应在 0 与该指标分值之间（不设加分项）。")?
        .set_input_title("得分")?
        .set_input_message("0 ≤ 得分 ≤ 分值")?;
    ws.add_data_validation(first, 7, last, 7, &score_rule)?;

    // 总分 = Σ 得分 + 预算执行率得分.
    ws.merge_range(total, 0, total, 5, "总分", &st.head)?;
    ws.write_number_with_format(total, 6, 100.0, &st.fixed)?;
    let sum: f64 = f.indicators.iter().map(|i| i.score).sum();
    let filled = !f.indicators.is_empty();
    let total_value = filled.then(|| sum + fund_score.unwrap_or(0.0));
    let total_formula = Formula::new(format!(
        "=IF(COUNT(H{a}:H{b})=0,\"\",SUM(H{a}:H{b})+N({i}))",
        a = first + 1,
        b = last + 1,
        i = cell(FUND_COLS[5])
    ))
    .set_result(total_value.map(|x| x.to_string()).unwrap_or_default());
    ws.write_formula_with_format(total, 7, total_formula, &st.formula)?;
    ws.write_blank(total, 8, &st.unused)?;
    ws.set_row_height(total, 22)?;

    // Notes under the form (outside the print area's table).
    let note = total + 1;
    ws.merge_range(
        note,
        0,
        note,
        8,
        "填表说明：黄色单元格为填写项；执行率 = 全年执行数 ÷ 全年预算数，预算执行率得分 = 分值 × 执行率（超过 100% 按 100% 计），总分 = 各指标得分 + 预算执行率得分，均自动计算。",
        &st.caption.clone().set_text_wrap(),
    )?;
    ws.set_row_height(note, 30)?;

    print_a4(ws, false);
    ws.set_print_area(0, 0, total, 8)?;
    protect(ws);
    Ok(())
}
