//! Fixtures for the rules' unit tests: small in-memory workbooks built from
//! text (a consistent national 自评表; the seed 决算 and 岳阳 samples read
//! from `samples/`), edited cell by cell, and one rule run on them with
//! assertions on the exact rule, severity and cell.

use super::{check, Check, CheckRecord, Context, Cx, Finding, FormResult, Outcome, Rule, Severity};
use crate::amount::Amount;
use crate::forms::Form;
use crate::scheme::Scheme;
use crate::workbook::cellref::parse_a1;
use crate::workbook::display::NumFmt;
use crate::workbook::{Cell, CellRef, Format, Limits, Reading, Rect, Sheet, Value, Workbook};
use std::sync::Arc;

/// A workbook under construction.
#[derive(Clone)]
pub struct Book {
    wb: Workbook,
}

/// The value, format and formula a test writes as `text`:
/// `=…` an uncomputed formula, `#REF!` an error value, `'…` text as is,
/// `90%` a percent, `1,234.50` a number shown with its digits, `@date:20`
/// a number stored with a date format, else text.
fn cell_of(text: &str) -> Cell {
    let cell = |value, fmt| Cell {
        value,
        formula: None,
        style: 0,
        fmt,
    };
    if let Some(serial) = text.strip_prefix("@date:").and_then(|s| s.parse().ok()) {
        return cell(Value::Date(serial), NumFmt::default());
    }
    if let Some(f) = text.strip_prefix('=') {
        return Cell {
            formula: Some(f.to_string()),
            ..cell(Value::Empty, NumFmt::default())
        };
    }
    if text.starts_with('#') && (text.ends_with('!') || text == "#N/A") {
        return cell(Value::Error(text.to_string()), NumFmt::default());
    }
    if let Some(t) = text.strip_prefix('\'') {
        return cell(Value::Text(t.to_string()), NumFmt::default());
    }
    let digits = |s: &str| s.split_once('.').map(|(_, f)| f.len() as u8);
    if let Some(p) = text.strip_suffix('%') {
        if let Ok(v) = p.parse::<f64>() {
            let fmt = NumFmt {
                percent: true,
                decimals: Some(digits(p).unwrap_or(0)),
                thousands: false,
            };
            return cell(Value::Number(v / 100.0), fmt);
        }
    }
    let plain = text.replace(',', "");
    match plain.parse::<f64>() {
        Ok(v) if !plain.is_empty() => {
            let fmt = NumFmt {
                percent: false,
                decimals: digits(&plain),
                thousands: text.contains(','),
            };
            cell(Value::Number(v), fmt)
        }
        _ => cell(Value::Text(text.to_string()), NumFmt::default()),
    }
}

fn pos(a1: &str) -> (u32, u32) {
    parse_a1(a1).unwrap_or_else(|| panic!("bad cell reference {a1}"))
}

impl Book {
    /// One sheet named `name` with `cells` (A1 → text) and `merges` ("A1:I1").
    pub fn sheet(name: &str, cells: &[(&str, &str)], merges: &[&str]) -> Book {
        let mut sheet = Sheet::new(name);
        for (a1, text) in cells {
            if !text.is_empty() {
                sheet.cells.insert(pos(a1), cell_of(text));
            }
        }
        for m in merges {
            let (a, b) = m.split_once(':').expect("merge as A1:B2");
            let (a, b) = (pos(a), pos(b));
            sheet.merges.push(Rect {
                top: a.0,
                left: a.1,
                bottom: b.0,
                right: b.1,
            });
        }
        Book {
            wb: Workbook {
                format: Format::Xlsx,
                sheets: vec![sheet],
                styles: Vec::new(),
                date_1904: false,
                notes: Vec::new(),
            },
        }
    }

    /// A sample workbook from `samples/`.
    pub fn sample(bytes: &[u8]) -> Book {
        let wb = crate::workbook::open::read_workbook(bytes.to_vec(), &Limits::default())
            .expect("the sample opens");
        Book { wb }
    }

    fn sheet_mut(&mut self, prefix: &str) -> &mut Sheet {
        self.wb
            .sheets
            .iter_mut()
            .find(|s| s.name.starts_with(prefix))
            .unwrap_or_else(|| panic!("no sheet starting with {prefix}"))
    }

    /// Write `text` into `a1` of the first sheet (see [`cell_of`]).
    pub fn set(self, a1: &str, text: &str) -> Book {
        let first = self.wb.sheets[0].name.to_string();
        self.set_on(&first, a1, text)
    }

    /// Empty `a1` of the first sheet.
    pub fn clear(self, a1: &str) -> Book {
        self.set(a1, "")
    }

    /// Write `text` into `a1` of the sheet whose name starts with `prefix`;
    /// a number keeps the cell's own number format when it had one.
    pub fn set_on(mut self, prefix: &str, a1: &str, text: &str) -> Book {
        let at = pos(a1);
        let sheet = self.sheet_mut(prefix);
        if text.is_empty() {
            sheet.cells.remove(&at);
            return self;
        }
        let mut new = cell_of(text);
        if let (Some(old), Value::Number(_)) = (sheet.cells.get(&at), &new.value) {
            if (old.fmt.decimals.is_some() || old.fmt.percent) && !new.fmt.percent {
                new.fmt = old.fmt;
            }
            new.style = old.style;
        }
        sheet.cells.insert(at, new);
        self
    }

    /// Remove the merges touching rows `top..=bottom` (1-based) of the sheet
    /// whose name starts with `prefix`, so a test can write a grid there.
    pub fn unmerge_rows(mut self, prefix: &str, top: u32, bottom: u32) -> Book {
        let sheet = self.sheet_mut(prefix);
        sheet
            .merges
            .retain(|m| m.bottom + 1 < top || m.top + 1 > bottom);
        self
    }

    /// Merge `range` ("A1:B2") on the first sheet.
    pub fn merge(mut self, range: &str) -> Book {
        let (a, b) = range.split_once(':').expect("merge as A1:B2");
        let (a, b) = (pos(a), pos(b));
        self.wb.sheets[0].merges.push(Rect {
            top: a.0,
            left: a.1,
            bottom: b.0,
            right: b.1,
        });
        self
    }

    /// Drop the sheets whose names start with `prefix`.
    pub fn without_sheet(mut self, prefix: &str) -> Book {
        self.wb.sheets.retain(|s| !s.name.starts_with(prefix));
        self
    }

    /// Apply `(sheet prefix, cell, text)` edits in order.
    pub fn edits(self, edits: &[(&str, &str, &str)]) -> Book {
        edits
            .iter()
            .fold(self, |b, (sheet, a1, text)| b.set_on(sheet, a1, text))
    }

    pub fn workbook(&self) -> &Workbook {
        &self.wb
    }
}

/// The consistent national 自评表 (财预〔2020〕10号 layout) at A1: 执行率
/// 90% → 9 分; indicators 50 + 30 + 10; 总分 99; 优. Every rule passes on it.
///
/// Rows: 1 title; 2 项目名称; 3 主管部门 | 实施单位; 4 fund header; 5 年度资金总额;
/// 6–8 当年财政拨款, 上年结转资金, 其他资金; 9–10 年度总体目标; 11 indicator
/// header; 12–16 indicators (B 一级, C 二级, D 三级, E 指标值, F 完成值,
/// G 分值, H 得分, I 偏差原因); 17 总分 (G 100, H 99); 18 评价等级 (G).
pub fn national() -> Book {
    Book::sheet(
        "自评表",
        &[
            ("A1", "项目支出绩效自评表（2020年度）"),
            ("A2", "项目名称"),
            ("B2", "农村公路养护项目"),
            ("A3", "主管部门"),
            ("B3", "某县交通运输局"),
            ("E3", "实施单位"),
            ("F3", "某县公路养护中心"),
            ("A4", "项目资金（万元）"),
            ("C4", "年初预算数"),
            ("D4", "全年预算数"),
            ("E4", "全年执行数"),
            ("F4", "分值"),
            ("G4", "执行率"),
            ("H4", "得分"),
            ("B5", "年度资金总额"),
            ("C5", "100"),
            ("D5", "100"),
            ("E5", "90"),
            ("F5", "10"),
            ("G5", "90%"),
            ("H5", "9"),
            ("B6", "其中：当年财政拨款"),
            ("C6", "80"),
            ("D6", "80"),
            ("E6", "72"),
            ("B7", "上年结转资金"),
            ("C7", "20"),
            ("D7", "20"),
            ("E7", "18"),
            ("B8", "其他资金"),
            ("A9", "年度总体目标"),
            ("B9", "预期目标"),
            ("F9", "实际完成情况"),
            ("B10", "完成农村公路养护 120 公里，路况优良率达到 85%。"),
            ("F10", "完成养护 120 公里，优良率 86%。"),
            ("A11", "绩效指标"),
            ("B11", "一级指标"),
            ("C11", "二级指标"),
            ("D11", "三级指标"),
            ("E11", "年度指标值"),
            ("F11", "实际完成值"),
            ("G11", "分值"),
            ("H11", "得分"),
            ("I11", "偏差原因分析及改进措施"),
            ("B12", "产出指标（50分）"),
            ("C12", "数量指标"),
            ("D12", "养护里程"),
            ("E12", "'≥120公里"),
            ("F12", "'120公里"),
            ("G12", "20"),
            ("H12", "20"),
            ("C13", "质量指标"),
            ("D13", "路况优良率"),
            ("E13", "'≥85%"),
            ("F13", "'86%"),
            ("G13", "15"),
            ("H13", "15"),
            ("C14", "时效指标"),
            ("D14", "按时完成率"),
            ("E14", "'100%"),
            ("F14", "'100%"),
            ("G14", "15"),
            ("H14", "15"),
            ("B15", "效益指标（30分）"),
            ("C15", "社会效益指标"),
            ("D15", "群众出行条件改善"),
            ("E15", "明显改善"),
            ("F15", "明显改善"),
            ("G15", "30"),
            ("H15", "30"),
            ("B16", "满意度指标（10分）"),
            ("C16", "服务对象满意度指标"),
            ("D16", "沿线群众满意度"),
            ("E16", "'≥90%"),
            ("F16", "'95%"),
            ("G16", "10"),
            ("H16", "10"),
            ("A17", "总分"),
            ("G17", "100"),
            ("H17", "99"),
            ("A18", "评价等级"),
            ("G18", "优"),
        ],
        &[
            "A1:I1", "B2:I2", "B3:D3", "F3:I3", "A4:A8", "A9:A10", "B9:E9", "F9:I9", "B10:E10",
            "F10:I10", "A11:A16", "B12:B14", "A17:F17", "A18:F18", "G18:I18",
        ],
    )
}

/// [`national`] laid out the 益阳 way: a fourth group 可持续影响指标 (10) so
/// the indicators alone add to 100, and a 总分 of 100 that leaves the
/// fund's 9 points out (rows 17 indicator, 18 总分, 19 评价等级).
pub fn yiyang_style() -> Book {
    let first = national().wb.sheets[0].name.to_string();
    national()
        .unmerge_rows(&first, 11, 18)
        .set("B15", "效益指标（30分）")
        .set("B17", "可持续影响指标（10分）")
        .set("C17", "可持续影响指标")
        .set("D17", "长效管护机制")
        .set("E17", "建立")
        .set("F17", "已建立")
        .set("G17", "10")
        .set("H17", "10")
        .clear("A17")
        .set("A18", "总分")
        .set("G18", "100")
        .set("H18", "100")
        .set("A19", "评价等级")
        .set("G19", "优")
        .merge("A11:A17")
        .merge("B12:B14")
        .merge("A18:F18")
        .merge("A19:F19")
        .merge("G19:I19")
}

/// The seed 决算 publication (samples/决算_公开01-09.xlsx), read once per
/// test run. Its sheets are addressed by the prefixes below; its only gaps
/// are ten rounding gaps.
pub fn seed_final_accounts() -> Book {
    static SEED: std::sync::OnceLock<Book> = std::sync::OnceLock::new();
    SEED.get_or_init(|| Book::sample(include_bytes!("../../samples/决算_公开01-09.xlsx")))
        .clone()
}

/// Sheet-name prefixes of the seed's nine tables.
pub const T01: &str = "Z01 ";
pub const T02: &str = "Z03";
pub const T03: &str = "Z04";
pub const T04: &str = "Z01_1";
pub const T05: &str = "Z07";
pub const T06: &str = "Z08_1";
pub const T07: &str = "F03";
pub const T08: &str = "Z09";
pub const T09: &str = "Z11";

/// The seed with `edits` applied.
pub fn seed_with(edits: &[(&str, &str, &str)]) -> Book {
    seed_final_accounts().edits(edits)
}

/// The seed with the empty table on sheet `prefix` given one 类 / 款 / 项
/// in rows 9–11 (codes and names in columns A and D), each row and the 合计
/// row 8 holding `values` (column → amount), so that every sum holds.
fn with_code_rows(prefix: &str, codes: [(&str, &str); 3], values: &[(&str, &str)]) -> Book {
    let mut edits: Vec<(String, &str)> = Vec::new();
    for (row, code) in
        [8, 9, 10, 11]
            .into_iter()
            .zip([None, Some(codes[0]), Some(codes[1]), Some(codes[2])])
    {
        for (col, v) in values {
            edits.push((format!("{col}{row}"), *v));
        }
        if let Some((code, name)) = code {
            edits.push((format!("A{row}"), code));
            edits.push((format!("D{row}"), name));
        }
    }
    let edits: Vec<(&str, &str, &str)> = edits
        .iter()
        .map(|(c, v)| (prefix, c.as_str(), *v))
        .collect();
    seed_final_accounts()
        .unmerge_rows(prefix, 9, 11)
        .edits(&edits)
}

/// The seed with 公开08 holding one 类 / 款 / 项 (年初 10 + 收入 50 − 支出
/// 45 = 年末 15, all 项目支出).
pub fn seed_with_gov_fund_rows() -> Book {
    with_code_rows(
        T08,
        [
            ("229", "其他支出"),
            ("22960", "彩票公益金安排的支出"),
            ("2296002", "用于社会福利的彩票公益金支出"),
        ],
        &[
            ("E", "10.00"),
            ("F", "50.00"),
            ("G", "45.00"),
            ("H", "0.00"),
            ("I", "45.00"),
            ("J", "15.00"),
        ],
    )
}

/// The seed with 公开09 holding one 类 / 款 / 项 (20.00 of 项目支出).
pub fn seed_with_state_capital_rows() -> Book {
    with_code_rows(
        T09,
        [
            ("223", "国有资本经营预算支出"),
            ("22301", "解决历史遗留问题及改革成本支出"),
            ("2230105", "国有企业退休人员社会化管理补助支出"),
        ],
        &[("E", "20.00"), ("F", "0.00"), ("G", "20.00")],
    )
}

/// The 岳阳 sample: 自评报告 and 指标体系 (samples/岳阳_….xlsx).
pub fn yueyang() -> Book {
    static SAMPLE: std::sync::OnceLock<Book> = std::sync::OnceLock::new();
    SAMPLE
        .get_or_init(|| {
            Book::sample(include_bytes!(
                "../../samples/岳阳_电子政务云平台租赁及维护项目.xlsx"
            ))
        })
        .clone()
}

/// A number read from `a1` of sheet "S".
pub fn amount(a1: &str, reading: Reading) -> Amount {
    let (row, col) = pos(a1);
    let sheet: Arc<str> = Arc::from("S");
    Amount {
        at: CellRef::new(&sheet, row, col),
        raw: String::new(),
        reading,
    }
}

/// What one rule reported.
#[derive(Debug)]
pub struct Results {
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckRecord>,
}

impl Results {
    fn listing(&self) -> String {
        self.findings
            .iter()
            .map(|f| {
                format!(
                    "  {} {:?} {}!{} {}",
                    f.rule.code, f.severity, f.sheet, f.cell, f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn records(&self, code: &str) -> Vec<&CheckRecord> {
        self.checks.iter().filter(|c| c.rule.code == code).collect()
    }

    /// No finding at all.
    pub fn assert_clean(&self) {
        assert!(
            self.findings.is_empty(),
            "expected no findings:\n{}",
            self.listing()
        );
    }

    /// `code` ran, passed at least once, and never failed or went unchecked.
    pub fn assert_passed(&self, code: &str) {
        let records = self.records(code);
        let show = || format!("{records:#?}\nfindings:\n{}", self.listing());
        assert!(
            records.iter().any(|c| c.outcome == Outcome::Pass),
            "{code} never passed: {}",
            show()
        );
        assert!(
            records
                .iter()
                .all(|c| matches!(c.outcome, Outcome::Pass | Outcome::NotApplicable)),
            "{code} did not only pass: {}",
            show()
        );
        assert!(
            self.findings.iter().all(|f| f.rule.code != code),
            "{code} has findings:\n{}",
            self.listing()
        );
    }

    /// `code` could not run (无法校验), with no finding.
    pub fn assert_not_checked(&self, code: &str) {
        let records = self.records(code);
        assert!(
            records
                .iter()
                .any(|c| c.outcome == Outcome::InsufficientData),
            "{code} was not recorded as 无法校验: {records:#?}"
        );
        assert!(self.findings.iter().all(|f| f.rule.code != code));
    }

    /// Exactly one finding, of `code` with `severity` at `cell`.
    pub fn assert_only(&self, code: &str, severity: Severity, cell: &str) -> &Finding {
        assert_eq!(
            self.findings.len(),
            1,
            "expected one finding {code} {severity:?} {cell}, got:\n{}",
            self.listing()
        );
        self.assert_flag(code, severity, cell)
    }

    /// A finding of `code` with `severity` at `cell` (sheet not checked).
    pub fn assert_flag(&self, code: &str, severity: Severity, cell: &str) -> &Finding {
        self.findings
            .iter()
            .find(|f| f.rule.code == code && f.severity == severity && f.cell == cell)
            .unwrap_or_else(|| {
                panic!(
                    "expected {code} {severity:?} at {cell}, got:\n{}",
                    self.listing()
                )
            })
    }

    /// The findings of `code`.
    pub fn of(&self, code: &str) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| f.rule.code == code)
            .collect()
    }
}

fn only(rule: &'static Rule, result: FormResult) -> Results {
    Results {
        findings: result
            .findings
            .into_iter()
            .filter(|f| f.rule == rule)
            .collect(),
        checks: result
            .checks
            .into_iter()
            .filter(|c| c.rule == rule)
            .collect(),
    }
}

/// Run one cell rule on `amounts`.
pub fn run_cells(rule: &'static Rule, amounts: &[Amount]) -> Results {
    let scheme = Scheme::national();
    let mut cx = Cx::new(Context {
        scheme: &scheme,
        scheme_chosen: false,
    });
    let Check::Cells(f) = rule.check else {
        panic!("{} is not a cell rule", rule.code)
    };
    f(&amounts.iter().collect::<Vec<_>>(), &mut cx);
    let (findings, checks) = cx.into_records();
    Results { findings, checks }
}

/// Every form found in `book`, checked under `scheme`; only `rule`'s
/// findings and records are kept.
pub fn run_with(rule: &'static Rule, book: &Book, scheme: &Scheme, chosen: bool) -> Results {
    let forms = crate::forms::find_all(book.workbook());
    assert!(!forms.is_empty(), "no form found in the fixture");
    let ctx = Context {
        scheme,
        scheme_chosen: chosen,
    };
    let mut out = Results {
        findings: Vec::new(),
        checks: Vec::new(),
    };
    for form in &forms {
        let r = only(rule, check(form, ctx));
        out.findings.extend(r.findings);
        out.checks.extend(r.checks);
    }
    out
}

/// Every rule on every form of `book` under `scheme`.
pub fn run_all(book: &Book, scheme: &Scheme) -> Results {
    let ctx = Context {
        scheme,
        scheme_chosen: true,
    };
    let mut out = Results {
        findings: Vec::new(),
        checks: Vec::new(),
    };
    for form in crate::forms::find_all(book.workbook()) {
        let r = check(&form, ctx);
        out.findings.extend(r.findings);
        out.checks.extend(r.checks);
    }
    out
}

/// Run the rules on the 自评表 of `book` under the national scheme and keep
/// `rule`'s results.
pub fn run_self_eval(rule: &'static Rule, book: &Book) -> Results {
    run_self_eval_with(rule, book, &Scheme::national(), false)
}

pub fn run_self_eval_with(
    rule: &'static Rule,
    book: &Book,
    scheme: &Scheme,
    chosen: bool,
) -> Results {
    let forms = crate::forms::find_all(book.workbook());
    assert!(
        forms.iter().any(|f| matches!(f, Form::SelfEvaluation(_))),
        "no 自评表 found in the fixture"
    );
    run_with(rule, book, scheme, chosen)
}

/// Run one prose rule on `paragraphs` (第1段, 第2段, …) beside the seed
/// 决算 publication.
pub fn run_narrative(rule: &'static Rule, paragraphs: &[&str]) -> Results {
    let book = seed_final_accounts();
    let publication = crate::forms::find_all(book.workbook())
        .into_iter()
        .find_map(|f| match f {
            Form::FinalAccounts(p) => Some(p),
            _ => None,
        })
        .expect("the seed publication");
    let narrative = crate::forms::narrative::Narrative {
        paragraphs: paragraphs
            .iter()
            .enumerate()
            .map(|(i, t)| crate::forms::narrative::Para {
                number: i + 1,
                text: t.to_string(),
            })
            .collect(),
        publication,
    };
    let scheme = Scheme::national();
    let ctx = Context {
        scheme: &scheme,
        scheme_chosen: false,
    };
    only(rule, check(&Form::Narrative(narrative), ctx))
}

/// Run the rules on the 决算 publication of `book` and keep `rule`'s.
pub fn run_final_accounts(rule: &'static Rule, book: &Book) -> Results {
    run_with(rule, book, &Scheme::national(), false)
}
