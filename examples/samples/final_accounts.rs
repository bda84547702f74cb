//! 部门决算公开表 samples: seed 002 (益阳市智慧城市和大数据中心, 公开01–09)
//! written as the 部门决算 software exports it — one table per sheet, merged
//! headers, amounts as numbers in #,##0.00 — plus a copy with deliberate
//! errors (listed in samples/README.md and in [`ERRORS`]).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::path::Path;

/// One seed table: its sheet, rows (cells separated by tabs) and layout.
struct SeedTable {
    /// Sheet name as the exporter writes it (at most 31 characters; the
    /// exporter's own truncation of 公开07 is kept).
    sheet: &'static str,
    rows: &'static [&'static str],
    /// Merged ranges.
    merges: &'static [&'static str],
    /// 0-based rows whose column A code is merged over A:C.
    code_rows: (u32, u32),
    /// First 0-based row of the bordered body (column headers) and first
    /// data row.
    body: (u32, u32),
    /// Columns holding 科目编码 (written as text).
    code_cols: &'static [u16],
    widths: &'static [f64],
}

const NONE: (u32, u32) = (1, 0);

const TABLES: [SeedTable; 9] = [
    SeedTable {
        sheet: "Z01 收入支出决算总表(公开01表)",
        rows: T01_ROWS,
        merges: &[
            "A1:F1", "A3:E3", "A4:C4", "D4:F4", "A6:B6", "D6:E6", "A38:F38",
        ],
        code_rows: NONE,
        body: (3, 6),
        code_cols: &[],
        widths: &[34.0, 6.0, 14.0, 34.0, 6.0, 14.0],
    },
    SeedTable {
        sheet: "Z03 收入决算表(公开02表)",
        rows: T02_ROWS,
        merges: &[
            "A1:K1", "A3:J3", "A4:D4", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "I4:I5", "J4:J5",
            "A5:C5", "A6:C6", "A7:C7", "A34:K34",
        ],
        code_rows: (7, 32),
        body: (3, 6),
        code_cols: &[0],
        widths: &[
            5.0, 5.0, 5.0, 34.0, 14.0, 14.0, 12.0, 12.0, 12.0, 12.0, 12.0,
        ],
    },
    SeedTable {
        sheet: "Z04 支出决算表(公开03表)",
        rows: T03_ROWS,
        merges: &[
            "A1:J1", "A3:I3", "A4:D4", "E4:E5", "F4:F5", "G4:G5", "H4:H5", "I4:I5", "J4:J5",
            "A5:C5", "A6:D6", "A7:D7", "A37:J37",
        ],
        code_rows: (7, 35),
        body: (3, 6),
        code_cols: &[0],
        widths: &[5.0, 5.0, 5.0, 34.0, 14.0, 14.0, 14.0, 12.0, 12.0, 12.0],
    },
    SeedTable {
        sheet: "Z01_1 财政拨款收入支出决算总表(公开04表)",
        rows: T04_ROWS,
        merges: &[
            "A1:I1", "A3:H3", "A4:C4", "D4:I4", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6",
            "I5:I6", "A7:B7", "D7:E7", "A40:I40",
        ],
        code_rows: NONE,
        body: (3, 7),
        code_cols: &[],
        widths: &[30.0, 6.0, 14.0, 30.0, 6.0, 14.0, 14.0, 14.0, 14.0],
    },
    SeedTable {
        sheet: "Z07 一般公共预算财政拨款支出决算表(公开05表)",
        rows: T05_ROWS,
        merges: &[
            "A1:G1", "A3:F3", "A4:D4", "E4:G4", "A5:C5", "A6:D6", "A7:D7", "A37:G37",
        ],
        code_rows: (7, 35),
        body: (3, 6),
        code_cols: &[0],
        widths: &[5.0, 5.0, 5.0, 34.0, 14.0, 14.0, 14.0],
    },
    SeedTable {
        sheet: "Z08_1 一般公共预算财政拨款基本支出决算表(公开06表)",
        rows: T06_ROWS,
        merges: &[
            "A1:I1", "A3:H3", "A4:C4", "D4:I4", "A34:B34", "D34:H34", "A35:I35",
        ],
        code_rows: NONE,
        body: (3, 5),
        code_cols: &[0, 3, 6],
        widths: &[8.0, 24.0, 11.0, 8.0, 22.0, 11.0, 8.0, 26.0, 11.0],
    },
    SeedTable {
        sheet: "F03 一般公共预算财政拨款“三公”经费支出决算表(公开07表",
        rows: T07_ROWS,
        merges: &[
            "A1:L1", "A3:K3", "A4:F4", "G4:L4", "A5:A6", "B5:B6", "C5:E5", "F5:F6", "G5:G6",
            "H5:H6", "I5:K5", "L5:L6", "A9:L9",
        ],
        code_rows: NONE,
        body: (3, 7),
        code_cols: &[],
        widths: &[
            10.0, 12.0, 10.0, 12.0, 12.0, 10.0, 10.0, 12.0, 10.0, 12.0, 12.0, 10.0,
        ],
    },
    SeedTable {
        sheet: "Z09 政府性基金预算财政拨款收入支出决算表(公开08表)",
        rows: T08_ROWS,
        merges: &[
            "A1:J1", "A3:I3", "A4:D4", "E4:E6", "F4:F6", "G4:I4", "J4:J6", "A5:C6", "D5:D6",
            "G5:G6", "A7:D7", "A8:D8", "A9:C9", "D9:J9", "A10:J10", "A11:J11",
        ],
        code_rows: NONE,
        body: (3, 7),
        code_cols: &[0],
        widths: &[5.0, 5.0, 5.0, 30.0, 14.0, 12.0, 12.0, 12.0, 12.0, 14.0],
    },
    SeedTable {
        sheet: "Z11 国有资本经营预算财政拨款支出决算表(公开09表)",
        rows: T09_ROWS,
        merges: &[
            "A1:G1", "A3:F3", "A4:D4", "E4:G4", "A5:C6", "D5:D6", "E5:E6", "A7:D7", "A8:D8",
            "A9:C9", "D9:G9", "A10:G10", "A11:G11",
        ],
        code_rows: NONE,
        body: (3, 7),
        code_cols: &[0],
        widths: &[5.0, 5.0, 5.0, 30.0, 14.0, 14.0, 14.0],
    },
];

/// A deliberate error of `决算_错误示例.xlsx`: table (0 = 公开01), cell and
/// the text written there instead (empty = cleared).
pub struct Edit {
    pub table: usize,
    pub cell: &'static str,
    pub text: &'static str,
}

/// The deliberate errors, each explained in samples/README.md.
pub const ERRORS: &[Edit] = &[
    // 1. 公开01 年末结转和结余 514.07 typed as 541.07.
    Edit {
        table: 0,
        cell: "F35",
        text: "541.07",
    },
    // 2. 公开02 20103 财政拨款收入 1,049.16 typed as 1,094.16.
    Edit {
        table: 1,
        cell: "F13",
        text: "1,094.16",
    },
    // 3. 公开04 一般公共预算财政拨款收入 2,140.78 typed as 2,104.78.
    Edit {
        table: 3,
        cell: "C8",
        text: "2,104.78",
    },
    // 4. 公开05 合计行基本支出 186.29 typed as 168.29.
    Edit {
        table: 4,
        cell: "F7",
        text: "168.29",
    },
    // 5. 公开06 30201 办公费 4.61 typed as 6.41.
    Edit {
        table: 5,
        cell: "F7",
        text: "6.41",
    },
    // 6. 公开07 决算数 公务用车运行费 lowered to 3.06, with 合计 and 小计
    //    kept consistent — the table adds up, but 公开06 30231 is 4.06.
    Edit {
        table: 6,
        cell: "G8",
        text: "3.06",
    },
    Edit {
        table: 6,
        cell: "I8",
        text: "3.06",
    },
    Edit {
        table: 6,
        cell: "K8",
        text: "3.06",
    },
    // 7. 公开09 empty table with its 空表 statement removed.
    Edit {
        table: 8,
        cell: "A9",
        text: "",
    },
    Edit {
        table: 8,
        cell: "D9",
        text: "",
    },
    Edit {
        table: 8,
        cell: "A11",
        text: "",
    },
];

/// Write both samples into `dir`.
pub fn build(dir: &Path) -> Result<(), XlsxError> {
    write(&dir.join("决算_公开01-09.xlsx"), &[])?;
    write(&dir.join("决算_错误示例.xlsx"), ERRORS)
}

/// "B7" → (6, 1).
fn parse_a1(s: &str) -> (u32, u16) {
    let split = s
        .find(|c: char| c.is_ascii_digit())
        .expect("cell reference");
    let col = s[..split]
        .bytes()
        .fold(0u32, |acc, b| acc * 26 + u32::from(b - b'A' + 1));
    let row: u32 = s[split..].parse().expect("row number");
    (row - 1, (col - 1) as u16)
}

struct Formats {
    title: Format,
    code: Format,
    plain: Format,
    header: Format,
    cell: Format,
    money: Format,
    int: Format,
    note: Format,
}

fn formats() -> Formats {
    let border = |f: Format| f.set_border(FormatBorder::Thin);
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        code: Format::new().set_align(FormatAlign::Right),
        plain: Format::new(),
        header: border(
            Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        ),
        cell: border(Format::new().set_align(FormatAlign::VerticalCenter)),
        money: border(Format::new().set_num_format("#,##0.00")),
        int: border(Format::new().set_align(FormatAlign::Center)),
        note: Format::new().set_text_wrap().set_align(FormatAlign::Left),
    }
}

/// A seed cell as written: money, a small integer (行次, 栏次) or text.
enum Value<'a> {
    Money(f64),
    Int(f64),
    Text(&'a str),
}

fn value<'a>(text: &'a str, code_col: bool) -> Value<'a> {
    let digits: String = text.chars().filter(|&c| c != ',').collect();
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1;
    match digits.parse::<f64>() {
        Ok(v) if numeric && digits.contains('.') => Value::Money(v),
        Ok(v) if numeric && !code_col && digits.len() <= 2 => Value::Int(v),
        _ => Value::Text(text),
    }
}

fn write(path: &Path, edits: &[Edit]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let f = formats();
    for (i, t) in TABLES.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(t.sheet)?;
        write_table(ws, t, edits.iter().filter(|e| e.table == i), &f)?;
    }
    wb.save(path)
}

fn write_table<'e>(
    ws: &mut Worksheet,
    t: &SeedTable,
    edits: impl Iterator<Item = &'e Edit>,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut cells: BTreeMap<(u32, u16), String> = BTreeMap::new();
    for (r, line) in t.rows.iter().enumerate() {
        for (c, text) in line.split('\t').enumerate() {
            if !text.is_empty() {
                cells.insert((r as u32, c as u16), text.to_string());
            }
        }
    }
    for e in edits {
        let at = parse_a1(e.cell);
        if e.text.is_empty() {
            cells.remove(&at);
        } else {
            cells.insert(at, e.text.to_string());
        }
    }
    let width = t.widths.len() as u16;
    for (c, w) in t.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let last_row = t.rows.len() as u32 - 1;
    let format_of = |r: u32, c: u16, v: &Value<'_>| -> &Format {
        let line = t.rows[r as usize];
        let is_note = line.starts_with('注') || line.starts_with("备注");
        if r == 0 {
            &f.title
        } else if r < t.body.0 {
            if c + 1 == width {
                &f.code
            } else {
                &f.plain
            }
        } else if is_note && r > t.body.1 && (c == 0 || r == last_row) {
            &f.note
        } else if r < t.body.1 {
            &f.header
        } else {
            match v {
                Value::Money(_) => &f.money,
                Value::Int(_) => &f.int,
                Value::Text(_) => &f.cell,
            }
        }
    };
    // Merged ranges: the first text inside a range is its value.
    let mut merged: Vec<(u32, u16, u32, u16)> = t
        .merges
        .iter()
        .map(|m| {
            let (a, b) = m.split_once(':').expect("range");
            let (r1, c1) = parse_a1(a);
            let (r2, c2) = parse_a1(b);
            (r1, c1, r2, c2)
        })
        .collect();
    for r in t.code_rows.0..=t.code_rows.1 {
        merged.push((r, 0, r, 2));
    }
    for &(r1, c1, r2, c2) in &merged {
        let inside: Vec<(u32, u16)> = cells
            .keys()
            .copied()
            .filter(|&(r, c)| r >= r1 && r <= r2 && c >= c1 && c <= c2)
            .collect();
        let text = inside
            .first()
            .and_then(|k| cells.get(k))
            .cloned()
            .unwrap_or_default();
        for k in inside {
            cells.remove(&k);
        }
        let code_col = t.code_cols.contains(&c1);
        let v = value(&text, code_col);
        let fmt = format_of(r1, c1, &v);
        ws.merge_range(r1, c1, r2, c2, "", fmt)?;
        match v {
            Value::Money(x) | Value::Int(x) => ws.write_number_with_format(r1, c1, x, fmt)?,
            Value::Text(s) => ws.write_string_with_format(r1, c1, s, fmt)?,
        };
    }
    for ((r, c), text) in &cells {
        let v = value(text, t.code_cols.contains(c));
        let fmt = format_of(*r, *c, &v);
        match v {
            Value::Money(x) | Value::Int(x) => ws.write_number_with_format(*r, *c, x, fmt)?,
            Value::Text(s) => ws.write_string_with_format(*r, *c, s, fmt)?,
        };
    }
    // Borders on the blank cells of the body, as the exporter draws them.
    let body_end = (t.body.0..=last_row)
        .rev()
        .find(|r| {
            !t.rows[*r as usize].starts_with('注') && !t.rows[*r as usize].starts_with("备注")
        })
        .unwrap_or(last_row);
    for r in t.body.0..=body_end {
        for c in 0..width {
            let blank = t.rows[r as usize]
                .split('\t')
                .nth(c as usize)
                .is_none_or(str::is_empty);
            let in_merge = merged
                .iter()
                .any(|&(r1, c1, r2, c2)| r >= r1 && r <= r2 && c >= c1 && c <= c2);
            if blank && !in_merge {
                ws.write_blank(r, c, if r < t.body.1 { &f.header } else { &f.cell })?;
            }
        }
    }
    ws.set_row_height(0, 30)?;
    Ok(())
}

/// Sheet Z01 收入支出决算总表(公开01表), as transcribed from seed 002.
const T01_ROWS: &[&str] = &[
    "\t\t收入支出决算总表",
    "\t\t\t\t\t公开01表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t金额单位：万元",
    "收入\t\t\t支出",
    "项目\t行次\t金额\t项目\t行次\t金额",
    "栏次\t\t1\t栏次\t\t2",
    "一、一般公共预算财政拨款收入\t1\t2,140.78\t一、一般公共服务支出\t32\t1,763.64",
    "二、政府性基金预算财政拨款收入\t2\t0.00\t二、外交支出\t33\t0.00",
    "三、国有资本经营预算财政拨款收入\t3\t0.00\t三、国防支出\t34\t0.00",
    "四、上级补助收入\t4\t0.00\t四、公共安全支出\t35\t0.00",
    "五、事业收入\t5\t0.00\t五、教育支出\t36\t1.53",
    "六、经营收入\t6\t0.00\t六、科学技术支出\t37\t0.00",
    "七、附属单位上缴收入\t7\t0.00\t七、文化旅游体育与传媒支出\t38\t909.88",
    "八、其他收入\t8\t76.64\t八、社会保障和就业支出\t39\t8.96",
    "\t9\t\t九、卫生健康支出\t40\t6.19",
    "\t10\t\t十、节能环保支出\t41\t0.00",
    "\t11\t\t十一、城乡社区支出\t42\t0.00",
    "\t12\t\t十二、农林水支出\t43\t0.00",
    "\t13\t\t十三、交通运输支出\t44\t0.00",
    "\t14\t\t十四、资源勘探工业信息等支出\t45\t0.00",
    "\t15\t\t十五、商业服务业等支出\t46\t0.00",
    "\t16\t\t十六、金融支出\t47\t0.00",
    "\t17\t\t十七、援助其他地区支出\t48\t0.00",
    "\t18\t\t十八、自然资源海洋气象等支出\t49\t0.00",
    "\t19\t\t十九、住房保障支出\t50\t6.72",
    "\t20\t\t二十、粮油物资储备支出\t51\t0.00",
    "\t21\t\t二十一、国有资本经营预算支出\t52\t0.00",
    "\t22\t\t二十二、灾害防治及应急管理支出\t53\t0.00",
    "\t23\t\t二十三、其他支出\t54\t0.00",
    "\t24\t\t二十四、债务还本支出\t55\t0.00",
    "\t25\t\t二十五、债务付息支出\t56\t0.00",
    "\t26\t\t二十六、抗疫特别国债安排的支出\t57\t0.00",
    "本年收入合计\t27\t2,217.42\t本年支出合计\t58\t2,696.91",
    "使用非财政拨款结余\t28\t0.00\t结余分配\t59\t0.00",
    "年初结转和结余\t29\t993.56\t年末结转和结余\t60\t514.07",
    "\t30\t\t\t61",
    "总计\t31\t3,210.99\t总计\t62\t3,210.99",
    "注：本表反映部门本年度的总收支和年末结转结余情况。本套报表金额单位转换时可能存在尾数误差。",
];

/// Sheet Z03 收入决算表(公开02表), as transcribed from seed 002.
const T02_ROWS: &[&str] = &[
    "\t\t\t\t\t\t收入决算表",
    "\t\t\t\t\t\t\t\t\t\t公开02表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t\t\t金额单位：万元",
    "项目\t\t\t\t本年收入合计\t财政拨款收入\t上级补助收入\t事业收入\t经营收入\t附属单位上缴收入\t其他收入",
    "功能分类科目编码\t\t\t科目名称\t\t\t\t\t\t\t小计",
    "栏次\t\t\t栏次\t1\t2\t3\t4\t5\t6\t7",
    "合计\t\t\t合计\t2,217.42\t2,140.78\t0.00\t0.00\t0.00\t0.00\t76.64",
    "201\t\t\t一般公共服务支出\t2,194.02\t2,117.38\t0.00\t0.00\t0.00\t0.00\t76.64",
    "20101\t\t\t人大事务\t141.10\t141.10\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2010102\t\t\t一般行政管理事务\t141.10\t141.10\t0.00\t0.00\t0.00\t0.00\t0.00",
    "20102\t\t\t政协事务\t918.00\t918.00\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2010202\t\t\t一般行政管理事务\t918.00\t918.00\t0.00\t0.00\t0.00\t0.00\t0.00",
    "20103\t\t\t政府办公厅（室）及相关机构事务\t1,125.80\t1,049.16\t0.00\t0.00\t0.00\t0.00\t76.64",
    "2010301\t\t\t行政运行\t110.50\t110.50\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2010302\t\t\t一般行政管理事务\t180.02\t180.02\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2010350\t\t\t事业运行\t481.78\t481.78\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2010399\t\t\t其他政府办公厅（室）及相关机构事务支出\t353.50\t276.86\t0.00\t0.00\t0.00\t0.00\t76.64",
    "20110\t\t\t人力资源事务\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2011008\t\t\t引进人才费用\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00\t0.00",
    "20132\t\t\t组织事务\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2013299\t\t\t其他组织事务支出\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00\t0.00",
    "205\t\t\t教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00\t0.00",
    "20599\t\t\t其他教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2059999\t\t\t其他教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00\t0.00",
    "208\t\t\t社会保障和就业支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00\t0.00",
    "20805\t\t\t行政事业单位养老支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2080505\t\t\t机关事业单位基本养老保险缴费支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00\t0.00",
    "210\t\t\t卫生健康支出\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00\t0.00",
    "21011\t\t\t行政事业单位医疗\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2101102\t\t\t事业单位医疗\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00\t0.00",
    "221\t\t\t住房保障支出\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00\t0.00",
    "22102\t\t\t住房改革支出\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00\t0.00",
    "2210201\t\t\t住房公积金\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00\t0.00",
    "注：本表反映部门本年度取得的各项收入情况。",
];

/// Sheet Z04 支出决算表(公开03表), as transcribed from seed 002.
const T03_ROWS: &[&str] = &[
    "\t\t\t\t\t支出决算表",
    "\t\t\t\t\t\t\t\t\t公开03表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t\t金额单位：万元",
    "项目\t\t\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出",
    "功能分类科目编码\t\t\t科目名称",
    "栏次\t\t\t\t1\t2\t3\t4\t5\t6",
    "合计\t\t\t\t2,696.91\t186.29\t2,510.63\t0.00\t0.00\t0.00",
    "201\t\t\t一般公共服务支出\t1,763.64\t162.89\t1,600.75\t0.00\t0.00\t0.00",
    "20101\t\t\t人大事务\t133.48\t0.00\t133.48\t0.00\t0.00\t0.00",
    "2010102\t\t\t一般行政管理事务\t133.48\t0.00\t133.48\t0.00\t0.00\t0.00",
    "20102\t\t\t政协事务\t917.65\t0.00\t917.65\t0.00\t0.00\t0.00",
    "2010202\t\t\t一般行政管理事务\t917.65\t0.00\t917.65\t0.00\t0.00\t0.00",
    "20103\t\t\t政府办公厅（室）及相关机构事务\t703.39\t153.77\t549.62\t0.00\t0.00\t0.00",
    "2010301\t\t\t行政运行\t110.50\t0.00\t110.50\t0.00\t0.00\t0.00",
    "2010302\t\t\t一般行政管理事务\t169.10\t0.00\t169.10\t0.00\t0.00\t0.00",
    "2010350\t\t\t事业运行\t377.27\t153.77\t223.50\t0.00\t0.00\t0.00",
    "2010399\t\t\t其他政府办公厅（室）及相关机构事务支出\t46.52\t0.00\t46.52\t0.00\t0.00\t0.00",
    "20110\t\t\t人力资源事务\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00",
    "2011008\t\t\t引进人才费用\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00",
    "20132\t\t\t组织事务\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00",
    "2013299\t\t\t其他组织事务支出\t4.56\t4.56\t0.00\t0.00\t0.00\t0.00",
    "205\t\t\t教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00",
    "20599\t\t\t其他教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00",
    "2059999\t\t\t其他教育支出\t1.53\t1.53\t0.00\t0.00\t0.00\t0.00",
    "207\t\t\t文化旅游体育与传媒支出\t909.88\t0.00\t909.88\t0.00\t0.00\t0.00",
    "20701\t\t\t文化和旅游\t909.88\t0.00\t909.88\t0.00\t0.00\t0.00",
    "2070199\t\t\t其他文化和旅游支出\t909.88\t0.00\t909.88\t0.00\t0.00\t0.00",
    "208\t\t\t社会保障和就业支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00",
    "20805\t\t\t行政事业单位养老支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00",
    "2080505\t\t\t机关事业单位基本养老保险缴费支出\t8.96\t8.96\t0.00\t0.00\t0.00\t0.00",
    "210\t\t\t卫生健康支出\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00",
    "21011\t\t\t行政事业单位医疗\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00",
    "2101102\t\t\t事业单位医疗\t6.19\t6.19\t0.00\t0.00\t0.00\t0.00",
    "221\t\t\t住房保障支出\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00",
    "22102\t\t\t住房改革支出\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00",
    "2210201\t\t\t住房公积金\t6.72\t6.72\t0.00\t0.00\t0.00\t0.00",
    "注：本表反映部门本年度各项支出情况。",
];

/// Sheet Z01_1 财政拨款收入支出决算总表(公开04表), as transcribed from seed 002.
const T04_ROWS: &[&str] = &[
    "\t\t\t财政拨款收入支出决算总表",
    "\t\t\t\t\t\t\t\t公开04表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t金额单位：万元",
    "收     入\t\t\t支     出",
    "项目\t行次\t金额\t项目\t行次\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款",
    "\t\t\t\t\t小计\t一般公共预算财政拨款\t政府性基金预算财政拨款",
    "栏次\t\t1\t栏次\t\t2\t3\t4\t5",
    "一、一般公共预算财政拨款\t1\t2,140.78\t一、一般公共服务支出\t33\t1,732.98\t1,732.98\t0.00\t0.00",
    "二、政府性基金预算财政拨款\t2\t0.00\t二、外交支出\t34\t0.00\t0.00\t0.00\t0.00",
    "三、国有资本经营财政拨款\t3\t0.00\t三、国防支出\t35\t0.00\t0.00\t0.00\t0.00",
    "\t4\t\t四、公共安全支出\t36\t0.00\t0.00\t0.00\t0.00",
    "\t5\t\t五、教育支出\t37\t1.53\t1.53\t0.00\t0.00",
    "\t6\t\t六、科学技术支出\t38\t0.00\t0.00\t0.00\t0.00",
    "\t7\t\t七、文化旅游体育与传媒支出\t39\t909.88\t909.88\t0.00\t0.00",
    "\t8\t\t八、社会保障和就业支出\t40\t8.96\t8.96\t0.00\t0.00",
    "\t9\t\t九、卫生健康支出\t41\t6.19\t6.19\t0.00\t0.00",
    "\t10\t\t十、节能环保支出\t42\t0.00\t0.00\t0.00\t0.00",
    "\t11\t\t十一、城乡社区支出\t43\t0.00\t0.00\t0.00\t0.00",
    "\t12\t\t十二、农林水支出\t44\t0.00\t0.00\t0.00\t0.00",
    "\t13\t\t十三、交通运输支出\t45\t0.00\t0.00\t0.00\t0.00",
    "\t14\t\t十四、资源勘探工业信息等支出\t46\t0.00\t0.00\t0.00\t0.00",
    "\t15\t\t十五、商业服务业等支出\t47\t0.00\t0.00\t0.00\t0.00",
    "\t16\t\t十六、金融支出\t48\t0.00\t0.00\t0.00\t0.00",
    "\t17\t\t十七、援助其他地区支出\t49\t0.00\t0.00\t0.00\t0.00",
    "\t18\t\t十八、自然资源海洋气象等支出\t50\t0.00\t0.00\t0.00\t0.00",
    "\t19\t\t十九、住房保障支出\t51\t6.72\t6.72\t0.00\t0.00",
    "\t20\t\t二十、粮油物资储备支出\t52\t0.00\t0.00\t0.00\t0.00",
    "\t21\t\t二十一、国有资本经营预算支出\t53\t0.00\t0.00\t0.00\t0.00",
    "\t22\t\t二十二、灾害防治及应急管理支出\t54\t0.00\t0.00\t0.00\t0.00",
    "\t23\t\t二十三、其他支出\t55\t0.00\t0.00\t0.00\t0.00",
    "\t24\t\t二十四、债务还本支出\t56\t0.00\t0.00\t0.00\t0.00",
    "\t25\t\t二十五、债务付息支出\t57\t0.00\t0.00\t0.00\t0.00",
    "\t26\t\t二十六、抗疫特别国债安排的支出\t58\t0.00\t0.00\t0.00\t0.00",
    "本年收入合计\t27\t2,140.78\t本年支出合计\t59\t2,666.26\t2,666.26\t0.00\t0.00",
    "年初财政拨款结转和结余\t28\t993.56\t年末财政拨款结转和结余\t60\t468.09\t468.09\t0.00\t0.00",
    "一般公共预算财政拨款\t29\t993.56\t\t61",
    "政府性基金预算财政拨款\t30\t0.00\t\t62",
    "国有资本经营预算财政拨款\t31\t0.00\t\t63",
    "总计\t32\t3,134.35\t总计\t64\t3,134.35\t3,134.35\t0.00\t0.00",
    "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。",
];

/// Sheet Z07 一般公共预算财政拨款支出决算表(公开05表), as transcribed from seed 002.
const T05_ROWS: &[&str] = &[
    "\t\t\t\t一般公共预算财政拨款支出决算表",
    "\t\t\t\t\t\t公开05表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t金额单位：万元",
    "项目\t\t\t\t本年支出",
    "功能分类科目编码\t\t\t科目名称\t小计\t基本支出\t项目支出",
    "栏次\t\t\t\t1\t2\t3",
    "合计\t\t\t\t2,666.26\t186.29\t2,479.97",
    "201\t\t\t一般公共服务支出\t1,732.98\t162.89\t1,570.09",
    "20101\t\t\t人大事务\t133.48\t0.00\t133.48",
    "2010102\t\t\t一般行政管理事务\t133.48\t0.00\t133.48",
    "20102\t\t\t政协事务\t917.65\t0.00\t917.65",
    "2010202\t\t\t一般行政管理事务\t917.65\t0.00\t917.65",
    "20103\t\t\t政府办公厅（室）及相关机构事务\t672.73\t153.77\t518.97",
    "2010301\t\t\t行政运行\t110.50\t0.00\t110.50",
    "2010302\t\t\t一般行政管理事务\t169.10\t0.00\t169.10",
    "2010350\t\t\t事业运行\t377.27\t153.77\t223.50",
    "2010399\t\t\t其他政府办公厅（室）及相关机构事务支出\t15.86\t0.00\t15.86",
    "20110\t\t\t人力资源事务\t4.56\t4.56\t0.00",
    "2011008\t\t\t引进人才费用\t4.56\t4.56\t0.00",
    "20132\t\t\t组织事务\t4.56\t4.56\t0.00",
    "2013299\t\t\t其他组织事务支出\t4.56\t4.56\t0.00",
    "205\t\t\t教育支出\t1.53\t1.53\t0.00",
    "20599\t\t\t其他教育支出\t1.53\t1.53\t0.00",
    "2059999\t\t\t其他教育支出\t1.53\t1.53\t0.00",
    "207\t\t\t文化旅游体育与传媒支出\t909.88\t0.00\t909.88",
    "20701\t\t\t文化和旅游\t909.88\t0.00\t909.88",
    "2070199\t\t\t其他文化和旅游支出\t909.88\t0.00\t909.88",
    "208\t\t\t社会保障和就业支出\t8.96\t8.96\t0.00",
    "20805\t\t\t行政事业单位养老支出\t8.96\t8.96\t0.00",
    "2080505\t\t\t机关事业单位基本养老保险缴费支出\t8.96\t8.96\t0.00",
    "210\t\t\t卫生健康支出\t6.19\t6.19\t0.00",
    "21011\t\t\t行政事业单位医疗\t6.19\t6.19\t0.00",
    "2101102\t\t\t事业单位医疗\t6.19\t6.19\t0.00",
    "221\t\t\t住房保障支出\t6.72\t6.72\t0.00",
    "22102\t\t\t住房改革支出\t6.72\t6.72\t0.00",
    "2210201\t\t\t住房公积金\t6.72\t6.72\t0.00",
    "注：本表反映部门本年度一般公共预算财政拨款支出情况。",
];

/// Sheet Z08_1 一般公共预算财政拨款基本支出决算表(公开06表), as transcribed from seed 002.
const T06_ROWS: &[&str] = &[
    "\t\t\t\t一般公共预算财政拨款基本支出决算表",
    "\t\t\t\t\t\t\t\t公开06表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t金额单位：万元",
    "人员经费\t\t\t公用经费",
    "科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数\t科目编码\t科目名称\t决算数",
    "301\t工资福利支出\t129.78\t302\t商品和服务支出\t46.25\t307\t债务利息及费用支出\t0.00",
    "30101\t基本工资\t27.67\t30201\t办公费\t4.61\t30701\t国内债务付息\t0.00",
    "30102\t津贴补贴\t0.00\t30202\t印刷费\t3.40\t30702\t国外债务付息\t0.00",
    "30103\t奖金\t14.32\t30203\t咨询费\t0.00\t310\t资本性支出\t0.63",
    "30106\t伙食补助费\t4.34\t30204\t手续费\t0.00\t31001\t房屋建筑物购建\t0.00",
    "30107\t绩效工资\t36.27\t30205\t水费\t0.00\t31002\t办公设备购置\t0.63",
    "30108\t机关事业单位基本养老保险缴费\t19.17\t30206\t电费\t0.00\t31003\t专用设备购置\t0.00",
    "30109\t职业年金缴费\t0.00\t30207\t邮电费\t0.05\t31005\t基础设施建设\t0.00",
    "30110\t职工基本医疗保险缴费\t7.26\t30208\t取暖费\t0.00\t31006\t大型修缮\t0.00",
    "30111\t公务员医疗补助缴费\t5.22\t30209\t物业管理费\t3.09\t31007\t信息网络及软件购置更新\t0.00",
    "30112\t其他社会保障缴费\t0.00\t30211\t差旅费\t2.78\t31008\t物资储备\t0.00",
    "30113\t住房公积金\t12.17\t30212\t因公出国（境）费用\t0.00\t31009\t土地补偿\t0.00",
    "30114\t医疗费\t0.00\t30213\t维修（护）费\t0.46\t31010\t安置补助\t0.00",
    "30199\t其他工资福利支出\t3.36\t30214\t租赁费\t0.00\t31011\t地上附着物和青苗补偿\t0.00",
    "303\t对个人和家庭的补助\t9.63\t30215\t会议费\t0.00\t31012\t拆迁补偿\t0.00",
    "30301\t离休费\t0.00\t30216\t培训费\t0.00\t31013\t公务用车购置\t0.00",
    "30302\t退休费\t0.00\t30217\t公务接待费\t0.00\t31019\t其他交通工具购置\t0.00",
    "30303\t退职（役）费\t0.00\t30218\t专用材料费\t0.00\t31021\t文物和陈列品购置\t0.00",
    "30304\t抚恤金\t0.00\t30224\t被装购置费\t0.00\t31022\t无形资产购置\t0.00",
    "30305\t生活补助\t9.63\t30225\t专用燃料费\t0.00\t31099\t其他资本性支出\t0.00",
    "30306\t救济费\t0.00\t30226\t劳务费\t11.86\t399\t其他支出\t0.00",
    "30307\t医疗费补助\t0.00\t30227\t委托业务费\t0.00\t39906\t赠与\t0.00",
    "30308\t助学金\t0.00\t30228\t工会经费\t4.09\t39907\t国家赔偿费用支出\t0.00",
    "30309\t奖励金\t0.00\t30229\t福利费\t4.07\t39908\t对民间非营利组织和群众性自治组织补贴\t0.00",
    "30310\t个人农业生产补贴\t0.00\t30231\t公务用车运行维护费\t4.06\t39999\t其他支出\t0.00",
    "30311\t代缴社会保险费\t0.00\t30239\t其他交通费用\t3.99",
    "30399\t其他对个人和家庭的补助\t0.00\t30240\t税金及附加费用\t0.00",
    "\t\t\t30299\t其他商品和服务支出\t3.77",
    "人员经费合计\t\t139.41\t公用经费合计\t\t\t\t\t46.88",
    "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",
];

/// Sheet F03 一般公共预算财政拨款“三公”经费支出决算表(公开07表, as transcribed from seed 002.
const T07_ROWS: &[&str] = &[
    "\t\t\t\t\t一般公共预算财政拨款“三公”经费支出决算表",
    "\t\t\t\t\t\t\t\t\t\t\t公开07表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t\t\t\t金额单位：万元",
    "预算数\t\t\t\t\t\t决算数",
    "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费",
    "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费",
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12",
    "7.00\t0.00\t7.00\t0.00\t7.00\t0.00\t4.06\t0.00\t4.06\t0.00\t4.06\t0.00",
    "注：本表反映部门本年度“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，反映按规定程序调整后的预算数；决算数是包括当年一般公共预算财政拨款和以前年度结转资金安排的实际支出。",
];

/// Sheet Z09 政府性基金预算财政拨款收入支出决算表(公开08表), as transcribed from seed 002.
const T08_ROWS: &[&str] = &[
    "\t\t\t\t\t政府性基金预算财政拨款收入支出决算表",
    "\t\t\t\t\t\t\t\t\t公开08表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t\t\t\t金额单位：万元",
    "项目\t\t\t\t年初结转和结余\t本年收入\t本年支出\t\t\t年末结转和结余",
    "功能分类科目编码\t\t\t科目名称\t\t\t小计\t基本支出\t项目支出",
    "\t\t\t\t\t\t\t小计\t小计",
    "栏次\t\t\t\t1\t2\t3\t4\t5\t6",
    "合计\t\t\t\t0\t0\t0\t0\t0\t0",
    "0\t\t\t备注：本单位无政府性基金预算，此表无数据",
    "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",
    "注：本单位无政府性基金预算，此表无数据。",
];

/// Sheet Z11 国有资本经营预算财政拨款支出决算表(公开09表), as transcribed from seed 002.
const T09_ROWS: &[&str] = &[
    "\t\t\t\t国有资本经营预算财政拨款支出决算表",
    "\t\t\t\t\t\t公开09表",
    "部门：益阳市智慧城市和大数据中心\t\t\t\t\t\t金额单位：万元",
    "项目\t\t\t\t本年支出",
    "功能分类科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出",
    "\t\t\t\t\t小计\t小计",
    "栏次\t\t\t\t1\t2\t3",
    "合计\t\t\t\t0\t0\t0",
    "0\t\t\t备注：本单位无国有资本经营预算，此表无数据",
    "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",
    "备注：本单位无国有资本经营预算，此表无数据。",
];
