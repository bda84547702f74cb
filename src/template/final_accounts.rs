//! The nine 部门决算公开表 (公开01–09, rules.md §3) as blank forms, one per
//! sheet, laid out the way `forms::final_accounts` reads them: the national
//! title, "公开0X表", 部门 and 金额单位 lines, header rows with 栏次, then
//! the rows — fixed labels for the overview tables (公开01, 04) and the
//! 经济分类 table (公开06), typed 科目编码 rows for the others.

use super::{money_validation, print_a4, protect, text_width, Styles};
use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError};

/// 功能分类 类 rows of the expenditure side (2019+ names).
pub const CLASSES: [&str; 26] = [
    "一般公共服务支出",
    "外交支出",
    "国防支出",
    "公共安全支出",
    "教育支出",
    "科学技术支出",
    "文化旅游体育与传媒支出",
    "社会保障和就业支出",
    "卫生健康支出",
    "节能环保支出",
    "城乡社区支出",
    "农林水支出",
    "交通运输支出",
    "资源勘探工业信息等支出",
    "商业服务业等支出",
    "金融支出",
    "援助其他地区支出",
    "自然资源海洋气象等支出",
    "住房保障支出",
    "粮油物资储备支出",
    "国有资本经营预算支出",
    "灾害防治及应急管理支出",
    "其他支出",
    "债务还本支出",
    "债务付息支出",
    "抗疫特别国债安排的支出",
];

const NUMERALS: [&str; 26] = [
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
    "二十五",
    "二十六",
];

/// Printed label of class `i`: "一、一般公共服务支出".
pub fn class_label(i: usize) -> String {
    format!("{}、{}", NUMERALS[i], CLASSES[i])
}

/// 公开01 income lines (2019+ layout).
pub const T01_INCOME: [&str; 8] = [
    "一、一般公共预算财政拨款收入",
    "二、政府性基金预算财政拨款收入",
    "三、国有资本经营预算财政拨款收入",
    "四、上级补助收入",
    "五、事业收入",
    "六、经营收入",
    "七、附属单位上缴收入",
    "八、其他收入",
];

/// 经济分类 rows of 公开06 by panel: 人员经费 (301, 303), then 公用经费
/// (302; 307, 310, 399).
pub const T06_PANELS: [&[(&str, &str)]; 3] = [
    &[
        ("301", "工资福利支出"),
        ("30101", "基本工资"),
        ("30102", "津贴补贴"),
        ("30103", "奖金"),
        ("30106", "伙食补助费"),
        ("30107", "绩效工资"),
        ("30108", "机关事业单位基本养老保险缴费"),
        ("30109", "职业年金缴费"),
        ("30110", "职工基本医疗保险缴费"),
        ("30111", "公务员医疗补助缴费"),
        ("30112", "其他社会保障缴费"),
        ("30113", "住房公积金"),
        ("30114", "医疗费"),
        ("30199", "其他工资福利支出"),
        ("303", "对个人和家庭的补助"),
        ("30301", "离休费"),
        ("30302", "退休费"),
        ("30303", "退职（役）费"),
        ("30304", "抚恤金"),
        ("30305", "生活补助"),
        ("30306", "救济费"),
        ("30307", "医疗费补助"),
        ("30308", "助学金"),
        ("30309", "奖励金"),
        ("30310", "个人农业生产补贴"),
        ("30399", "其他对个人和家庭的补助"),
    ],
    &[
        ("302", "商品和服务支出"),
        ("30201", "办公费"),
        ("30202", "印刷费"),
        ("30203", "咨询费"),
        ("30204", "手续费"),
        ("30205", "水费"),
        ("30206", "电费"),
        ("30207", "邮电费"),
        ("30208", "取暖费"),
        ("30209", "物业管理费"),
        ("30211", "差旅费"),
        ("30212", "因公出国（境）费用"),
        ("30213", "维修（护）费"),
        ("30214", "租赁费"),
        ("30215", "会议费"),
        ("30216", "培训费"),
        ("30217", "公务接待费"),
        ("30218", "专用材料费"),
        ("30224", "被装购置费"),
        ("30225", "专用燃料费"),
        ("30226", "劳务费"),
        ("30227", "委托业务费"),
        ("30228", "工会经费"),
        ("30229", "福利费"),
        ("30231", "公务用车运行维护费"),
        ("30239", "其他交通费用"),
        ("30240", "税金及附加费用"),
        ("30299", "其他商品和服务支出"),
    ],
    &[
        ("307", "债务利息及费用支出"),
        ("30701", "国内债务付息"),
        ("30702", "国外债务付息"),
        ("310", "资本性支出"),
        ("31001", "房屋建筑物购建"),
        ("31002", "办公设备购置"),
        ("31003", "专用设备购置"),
        ("31005", "基础设施建设"),
        ("31006", "大型修缮"),
        ("31007", "信息网络及软件购置更新"),
        ("31008", "物资储备"),
        ("31009", "土地补偿"),
        ("31010", "安置补助"),
        ("31011", "地上附着物和青苗补偿"),
        ("31012", "拆迁补偿"),
        ("31013", "公务用车购置"),
        ("31019", "其他交通工具购置"),
        ("31021", "文物和陈列品购置"),
        ("31022", "无形资产购置"),
        ("31099", "其他资本性支出"),
        ("399", "其他支出"),
        ("39906", "赠与"),
        ("39907", "国家赔偿费用支出"),
        ("39908", "对民间非营利组织和群众性自治组织补贴"),
        ("39999", "其他支出"),
    ],
];

/// Typed 科目编码 rows offered under the 合计 row of the coded tables.
pub const CODED_ROWS: u32 = 40;

/// One typed row of a coded table: 科目编码, 科目名称 and its amounts in
/// 栏次 order.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedFill {
    pub code: String,
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Values to write into the input cells. Labelled lines are matched on
/// the label as printed ("一、一般公共预算财政拨款收入", "本年收入合计").
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fill {
    pub dept: String,
    /// 公开01: amount by printed label (income or expenditure side).
    pub t01: Vec<(String, f64)>,
    /// 公开04 income side: amount by printed label.
    pub t04_income: Vec<(String, f64)>,
    /// 公开04 expenditure side: 合计, 一般公共预算, 政府性基金, 国有资本经营.
    pub t04_spend: Vec<(String, [Option<f64>; 4])>,
    /// 公开02, 03, 05, 08, 09 by table number: the 合计 row's values, then
    /// the coded rows.
    pub coded: Vec<(u32, Vec<Option<f64>>, Vec<CodedFill>)>,
    /// 公开06: amount by 经济分类 code, and 人员经费合计 / 公用经费合计.
    pub t06: Vec<(String, f64)>,
    pub t06_totals: [Option<f64>; 2],
    /// 公开07: 栏次 1–12 (预算数 1–6, 决算数 7–12).
    pub t07: [Option<f64>; 12],
    /// A 说明 line per table number ("本部门无…，故本表为空表").
    pub statements: Vec<(u32, String)>,
}

/// The workbook: nine sheets, blank or filled.
pub fn workbook(fill: Option<&Fill>) -> Result<Workbook, XlsxError> {
    let blank = Fill::default();
    let f = fill.unwrap_or(&blank);
    let st = Styles::new();
    let mut wb = Workbook::new();
    t01(wb.add_worksheet(), &st, f)?;
    coded(wb.add_worksheet(), &st, f, 2)?;
    coded(wb.add_worksheet(), &st, f, 3)?;
    t04(wb.add_worksheet(), &st, f)?;
    coded(wb.add_worksheet(), &st, f, 5)?;
    t06(wb.add_worksheet(), &st, f)?;
    t07(wb.add_worksheet(), &st, f)?;
    coded(wb.add_worksheet(), &st, f, 8)?;
    coded(wb.add_worksheet(), &st, f, 9)?;
    Ok(wb)
}

/// National titles, by table number.
pub fn title(n: u32) -> &'static str {
    [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "一般公共预算财政拨款“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
    ][n as usize - 1]
}

/// The table's note (what it reports), printed under it.
fn note(n: u32) -> &'static str {
    [
        "注：本表反映部门本年度的总收支和年初、年末结转结余情况。",
        "注：本表反映部门本年度取得的各项收入情况。",
        "注：本表反映部门本年度各项支出情况。",
        "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年初、年末结转结余情况。",
        "注：本表反映部门本年度一般公共预算财政拨款实际支出情况。",
        "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
        "注：本表反映部门本年度“三公”经费支出预决算情况。",
        "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
        "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
    ][n as usize - 1]
}

/// Sheet name, title, code and the 部门 / 金额单位 line; returns the first
/// free row.
fn head(
    ws: &mut Worksheet,
    st: &Styles,
    f: &Fill,
    n: u32,
    last_col: ColNum,
) -> Result<RowNum, XlsxError> {
    ws.set_name(format!("公开{n:02}表"))?;
    ws.merge_range(0, 0, 0, last_col, title(n), &st.title)?;
    ws.set_row_height(0, 30)?;
    let right = st.caption.clone().set_align(FormatAlign::Right);
    ws.write_string_with_format(1, last_col, format!("公开{n:02}表"), &right)?;
    ws.write_string_with_format(2, 0, "部门：", &st.caption)?;
    let dept = st
        .caption
        .clone()
        .set_unlocked()
        .set_background_color(0xFFFDE7);
    ws.merge_range(2, 1, 2, 3.min(last_col - 1), &f.dept, &dept)?;
    ws.write_string_with_format(2, last_col, "金额单位：万元", &right)?;
    Ok(3)
}

/// Note and the 说明 input line under the table; then print setup and
/// protection.
fn foot(
    ws: &mut Worksheet,
    st: &Styles,
    f: &Fill,
    n: u32,
    row: RowNum,
    last_col: ColNum,
    landscape: bool,
) -> Result<(), XlsxError> {
    let wrap = st.caption.clone().set_text_wrap();
    ws.merge_range(row, 0, row, last_col, note(n), &wrap)?;
    ws.set_row_height(row, 30)?;
    ws.write_string_with_format(row + 1, 0, "说明：", &st.caption)?;
    let text = f
        .statements
        .iter()
        .find(|(k, _)| *k == n)
        .map(|(_, s)| s.as_str())
        .unwrap_or("");
    let input = wrap.set_unlocked().set_background_color(0xFFFDE7);
    ws.merge_range(row + 1, 1, row + 1, last_col, text, &input)?;
    ws.set_row_height(row + 1, 30)?;
    print_a4(ws, landscape);
    ws.set_print_area(0, 0, row + 1, last_col)?;
    protect(ws);
    Ok(())
}

fn num(
    ws: &mut Worksheet,
    r: RowNum,
    c: ColNum,
    v: Option<f64>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(x) => ws.write_number_with_format(r, c, x, fmt)?,
        None => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// Column widths from the longest label of each column (CJK counts double).
fn widths(ws: &mut Worksheet, cols: &[(ColNum, &[&str], f64)]) -> Result<(), XlsxError> {
    for (c, labels, min) in cols {
        let w = labels.iter().map(|l| text_width(l)).fold(*min, f64::max);
        ws.set_column_width(*c, (w + 2.0).min(40.0))?;
    }
    Ok(())
}

fn find(list: &[(String, f64)], label: &str) -> Option<f64> {
    list.iter().find(|(l, _)| l == label).map(|(_, v)| *v)
}

/// 公开01: income panel (项目 | 行次 | 金额) beside the expenditure panel.
fn t01(ws: &mut Worksheet, st: &Styles, f: &Fill) -> Result<(), XlsxError> {
    let last: ColNum = 5;
    let mut r = head(ws, st, f, 1, last)?;
    ws.merge_range(r, 0, r, 2, "收入", &st.head)?;
    ws.merge_range(r, 3, r, 5, "支出", &st.head)?;
    for (c, h) in ["项目", "行次", "金额", "项目", "行次", "金额"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r + 1, c as ColNum, *h, &st.head)?;
    }
    for (c, h) in [(0, "栏次"), (2, "1"), (3, "栏次"), (5, "2")] {
        ws.write_string_with_format(r + 2, c, h, &st.head)?;
    }
    for c in [1, 4] {
        ws.write_blank(r + 2, c, &st.head)?;
    }
    r += 3;
    let n = CLASSES.len() as RowNum;
    let income_tail = [
        "本年收入合计",
        "使用非财政拨款结余",
        "年初结转和结余",
        "总计",
    ];
    let spend_tail = ["本年支出合计", "结余分配", "年末结转和结余", "总计"];
    for i in 0..n + 4 {
        let row = r + i;
        let left = if (i as usize) < T01_INCOME.len() {
            T01_INCOME[i as usize].to_string()
        } else if i >= n {
            income_tail[(i - n) as usize].to_string()
        } else {
            String::new()
        };
        let right = if i < n {
            class_label(i as usize)
        } else {
            spend_tail[(i - n) as usize].to_string()
        };
        let left_no = if i < n { i + 1 } else { 27 + (i - n) };
        let right_no = 31 + i;
        ws.write_string_with_format(row, 0, &left, &st.label)?;
        ws.write_number_with_format(row, 1, left_no as f64, &st.fixed)?;
        if left.is_empty() {
            ws.write_blank(row, 2, &st.unused)?;
        } else {
            num(ws, row, 2, find(&f.t01, &left), &st.money_in)?;
        }
        ws.write_string_with_format(row, 3, &right, &st.label)?;
        ws.write_number_with_format(row, 4, right_no as f64, &st.fixed)?;
        num(ws, row, 5, find(&f.t01, &right), &st.money_in)?;
    }
    ws.add_data_validation(r, 2, r + n + 3, 2, &money_validation()?)?;
    ws.add_data_validation(r, 5, r + n + 3, 5, &money_validation()?)?;
    let labels: Vec<String> = (0..CLASSES.len()).map(class_label).collect();
    let spend: Vec<&str> = labels.iter().map(String::as_str).collect();
    widths(
        ws,
        &[
            (0, &T01_INCOME, 12.0),
            (1, &["行次"], 5.0),
            (2, &["金额"], 12.0),
            (3, &spend, 12.0),
            (4, &["行次"], 5.0),
            (5, &["金额"], 12.0),
        ],
    )?;
    foot(ws, st, f, 1, r + n + 4, last, false)
}

/// 公开04: income panel beside the expenditure panel with one column per
/// fund.
fn t04(ws: &mut Worksheet, st: &Styles, f: &Fill) -> Result<(), XlsxError> {
    let last: ColNum = 8;
    let mut r = head(ws, st, f, 4, last)?;
    ws.merge_range(r, 0, r, 2, "收入", &st.head)?;
    ws.merge_range(r, 3, r, 8, "支出", &st.head)?;
    let heads = [
        "项目",
        "行次",
        "金额",
        "项目",
        "行次",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(r + 1, c as ColNum, *h, &st.head)?;
    }
    ws.set_row_height(r + 1, 30)?;
    let lanci = [
        (0, "栏次"),
        (2, "1"),
        (3, "栏次"),
        (5, "2"),
        (6, "3"),
        (7, "4"),
        (8, "5"),
    ];
    for (c, h) in lanci {
        ws.write_string_with_format(r + 2, c, h, &st.head)?;
    }
    for c in [1, 4] {
        ws.write_blank(r + 2, c, &st.head)?;
    }
    r += 3;
    let n = CLASSES.len() as RowNum;
    let income = [
        "一、一般公共预算财政拨款",
        "二、政府性基金预算财政拨款",
        "三、国有资本经营预算财政拨款",
    ];
    let income_tail = [
        "本年收入合计",
        "年初财政拨款结转和结余",
        "其中：一般公共预算财政拨款",
        "　　　政府性基金预算财政拨款",
        "　　　国有资本经营预算财政拨款",
        "总计",
    ];
    let spend_tail = ["本年支出合计", "年末财政拨款结转和结余", "", "", "", "总计"];
    for i in 0..n + 6 {
        let row = r + i;
        let left = if (i as usize) < income.len() {
            income[i as usize].to_string()
        } else if i >= n {
            income_tail[(i - n) as usize].to_string()
        } else {
            String::new()
        };
        let right = if i < n {
            class_label(i as usize)
        } else {
            spend_tail[(i - n) as usize].to_string()
        };
        ws.write_string_with_format(row, 0, &left, &st.label)?;
        ws.write_number_with_format(row, 1, (i + 1) as f64, &st.fixed)?;
        if left.is_empty() {
            ws.write_blank(row, 2, &st.unused)?;
        } else {
            num(ws, row, 2, find(&f.t04_income, left.trim()), &st.money_in)?;
        }
        ws.write_string_with_format(row, 3, &right, &st.label)?;
        if right.is_empty() {
            ws.write_blank(row, 4, &st.fixed)?;
            for c in 5..=8 {
                ws.write_blank(row, c, &st.unused)?;
            }
            continue;
        }
        ws.write_number_with_format(row, 4, (n + 7 + i) as f64, &st.fixed)?;
        let values = f
            .t04_spend
            .iter()
            .find(|(l, _)| *l == right)
            .map_or([None; 4], |(_, v)| *v);
        for (j, v) in values.iter().enumerate() {
            num(ws, row, 5 + j as ColNum, *v, &st.money_in)?;
        }
    }
    ws.add_data_validation(r, 2, r + n + 5, 2, &money_validation()?)?;
    ws.add_data_validation(r, 5, r + n + 5, 8, &money_validation()?)?;
    let labels: Vec<String> = (0..CLASSES.len()).map(class_label).collect();
    let spend: Vec<&str> = labels.iter().map(String::as_str).collect();
    widths(
        ws,
        &[
            (0, &income_tail, 12.0),
            (1, &["行次"], 5.0),
            (2, &["金额"], 12.0),
            (3, &spend, 12.0),
            (4, &["行次"], 5.0),
            (5, &["合计"], 12.0),
            (6, &["一般公共预算"], 12.0),
            (7, &["政府性基金预算"], 12.0),
            (8, &["国有资本经营预算"], 12.0),
        ],
    )?;
    foot(ws, st, f, 4, r + n + 6, last, true)
}

/// Value columns of a coded table: (header, sub-header) pairs; a shared
/// header spans its sub-headers.
fn coded_columns(n: u32) -> Vec<(&'static str, &'static str)> {
    match n {
        2 => vec![
            ("本年收入合计", ""),
            ("财政拨款收入", ""),
            ("上级补助收入", ""),
            ("事业收入", ""),
            ("经营收入", ""),
            ("附属单位上缴收入", ""),
            ("其他收入", ""),
        ],
        3 => vec![
            ("本年支出合计", ""),
            ("基本支出", ""),
            ("项目支出", ""),
            ("上缴上级支出", ""),
            ("经营支出", ""),
            ("对附属单位补助支出", ""),
        ],
        5 => vec![
            ("本年支出", "小计"),
            ("本年支出", "基本支出"),
            ("本年支出", "项目支出"),
        ],
        8 => vec![
            ("年初结转和结余", ""),
            ("本年收入", ""),
            ("本年支出", "小计"),
            ("本年支出", "基本支出"),
            ("本年支出", "项目支出"),
            ("年末结转和结余", ""),
        ],
        _ => vec![
            ("本年支出", "合计"),
            ("本年支出", "基本支出"),
            ("本年支出", "项目支出"),
        ],
    }
}

/// 公开02, 03, 05, 08, 09: 科目编码 | 科目名称 | values by 栏次; a 合计
/// row, then typed rows.
fn coded(ws: &mut Worksheet, st: &Styles, f: &Fill, n: u32) -> Result<(), XlsxError> {
    let cols = coded_columns(n);
    let last = 1 + cols.len() as ColNum;
    let r = head(ws, st, f, n, last)?;
    ws.merge_range(r, 0, r, 1, "项目", &st.head)?;
    ws.write_string_with_format(r + 1, 0, "科目编码", &st.head)?;
    ws.write_string_with_format(r + 1, 1, "科目名称", &st.head)?;
    let mut c = 0;
    while c < cols.len() {
        let (h, sub) = cols[c];
        let col = 2 + c as ColNum;
        if sub.is_empty() {
            ws.merge_range(r, col, r + 1, col, h, &st.head)?;
            c += 1;
            continue;
        }
        let span = cols[c..].iter().take_while(|x| x.0 == h).count();
        if span > 1 {
            ws.merge_range(r, col, r, col + span as ColNum - 1, h, &st.head)?;
        } else {
            ws.write_string_with_format(r, col, h, &st.head)?;
        }
        for k in 0..span {
            ws.write_string_with_format(r + 1, col + k as ColNum, cols[c + k].1, &st.head)?;
        }
        c += span;
    }
    ws.set_row_height(r + 1, 30)?;
    ws.merge_range(r + 2, 0, r + 2, 1, "栏次", &st.head)?;
    for k in 0..cols.len() {
        ws.write_number_with_format(r + 2, 2 + k as ColNum, (k + 1) as f64, &st.fixed)?;
    }
    let entry = f.coded.iter().find(|(k, _, _)| *k == n);
    let total_row = r + 3;
    ws.merge_range(total_row, 0, total_row, 1, "合计", &st.head)?;
    for k in 0..cols.len() {
        let v = entry.and_then(|e| e.1.get(k).copied().flatten());
        num(ws, total_row, 2 + k as ColNum, v, &st.money_in)?;
    }
    let rows: &[CodedFill] = entry.map_or(&[], |e| &e.2);
    let first = total_row + 1;
    for i in 0..CODED_ROWS {
        let row = first + i;
        let fill = rows.get(i as usize);
        ws.write_string_with_format(row, 0, fill.map_or("", |x| x.code.as_str()), &st.text_in)?;
        ws.write_string_with_format(row, 1, fill.map_or("", |x| x.name.as_str()), &st.text_in)?;
        for k in 0..cols.len() {
            let v = fill.and_then(|x| x.values.get(k).copied().flatten());
            num(ws, row, 2 + k as ColNum, v, &st.money_in)?;
        }
    }
    ws.add_data_validation(
        total_row,
        2,
        first + CODED_ROWS - 1,
        last,
        &money_validation()?,
    )?;
    let code_rule = rust_xlsxwriter::DataValidation::new()
        .allow_text_length(rust_xlsxwriter::DataValidationRule::Between(3, 7))
        .set_error_title("科目编码有误")?
        .set_error_message("功能分类科目编码为 3 位（类）、5 位（款）或 7 位（项）数字。")?;
    ws.add_data_validation(first, 0, first + CODED_ROWS - 1, 0, &code_rule)?;
    ws.set_column_width(0, 10)?;
    ws.set_column_width(1, 30)?;
    for (k, (h, sub)) in cols.iter().enumerate() {
        let w = if sub.is_empty() {
            text_width(h)
        } else {
            text_width(sub)
        };
        ws.set_column_width(2 + k as ColNum, (w.max(12.0) + 2.0).min(20.0))?;
    }
    foot(ws, st, f, n, first + CODED_ROWS, last, cols.len() > 4)?;
    // The typed rows make a long table: keep it on one printed page.
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// 公开06: three 科目编码 | 科目名称 | 决算数 panels under 人员经费 /
/// 公用经费, closed by the 人员经费合计 / 公用经费合计 line.
fn t06(ws: &mut Worksheet, st: &Styles, f: &Fill) -> Result<(), XlsxError> {
    let last: ColNum = 8;
    let r = head(ws, st, f, 6, last)?;
    ws.merge_range(r, 0, r, 2, "人员经费", &st.head)?;
    ws.merge_range(r, 3, r, 8, "公用经费", &st.head)?;
    for p in 0..3 {
        for (k, h) in ["科目编码", "科目名称", "决算数"].iter().enumerate() {
            ws.write_string_with_format(r + 1, (3 * p + k) as ColNum, *h, &st.head)?;
        }
    }
    let first = r + 2;
    let rows = T06_PANELS.iter().map(|p| p.len()).max().unwrap_or(0) as RowNum;
    for (p, panel) in T06_PANELS.iter().enumerate() {
        let c = 3 * p as ColNum;
        for i in 0..rows {
            let row = first + i;
            match panel.get(i as usize) {
                Some((code, name)) => {
                    let label = if code.len() == 3 { &st.head } else { &st.label };
                    ws.write_string_with_format(row, c, *code, label)?;
                    ws.write_string_with_format(row, c + 1, *name, label)?;
                    let v = f.t06.iter().find(|(k, _)| k == code).map(|(_, v)| *v);
                    num(ws, row, c + 2, v, &st.money_in)?;
                }
                None => {
                    ws.write_blank(row, c, &st.label)?;
                    ws.write_blank(row, c + 1, &st.label)?;
                    ws.write_blank(row, c + 2, &st.unused)?;
                }
            }
        }
        ws.add_data_validation(first, c + 2, first + rows - 1, c + 2, &money_validation()?)?;
        ws.set_column_width(c, 8)?;
        ws.set_column_width(c + 1, if p == 2 { 34.0 } else { 26.0 })?;
        ws.set_column_width(c + 2, 12)?;
    }
    let tr = first + rows;
    ws.merge_range(tr, 0, tr, 1, "人员经费合计", &st.head)?;
    num(ws, tr, 2, f.t06_totals[0], &st.money_in)?;
    ws.merge_range(tr, 3, tr, 7, "公用经费合计", &st.head)?;
    num(ws, tr, 8, f.t06_totals[1], &st.money_in)?;
    foot(ws, st, f, 6, tr + 1, last, true)
}

/// 公开07: 预算数 (栏次 1–6) and 决算数 (7–12) over one data row.
fn t07(ws: &mut Worksheet, st: &Styles, f: &Fill) -> Result<(), XlsxError> {
    let last: ColNum = 11;
    let r = head(ws, st, f, 7, last)?;
    for (g, name) in ["预算数", "决算数"].iter().enumerate() {
        let c = 6 * g as ColNum;
        ws.merge_range(r, c, r, c + 5, name, &st.head)?;
        ws.merge_range(r + 1, c, r + 2, c, "合计", &st.head)?;
        ws.merge_range(r + 1, c + 1, r + 2, c + 1, "因公出国（境）费", &st.head)?;
        ws.merge_range(r + 1, c + 2, r + 1, c + 4, "公务用车购置及运行费", &st.head)?;
        ws.write_string_with_format(r + 2, c + 2, "小计", &st.head)?;
        ws.write_string_with_format(r + 2, c + 3, "公务用车购置费", &st.head)?;
        ws.write_string_with_format(r + 2, c + 4, "公务用车运行费", &st.head)?;
        ws.merge_range(r + 1, c + 5, r + 2, c + 5, "公务接待费", &st.head)?;
    }
    ws.set_row_height(r + 1, 30)?;
    ws.set_row_height(r + 2, 30)?;
    for k in 0..12 {
        ws.write_number_with_format(r + 3, k, (k + 1) as f64, &st.fixed)?;
        num(ws, r + 4, k, f.t07[k as usize], &st.money_in)?;
        ws.set_column_width(k, 11)?;
    }
    ws.add_data_validation(r + 4, 0, r + 4, 11, &money_validation()?)?;
    foot(ws, st, f, 7, r + 5, last, true)
}
