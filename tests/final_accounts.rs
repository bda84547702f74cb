//! 部门决算公开表 (公开01–09): every 勾稽关系 with a passing case (the seed
//! workbook, whose only gaps are rounding) and a failing case (the seed with
//! one figure changed), layout variants, a property test over random code
//! trees, and the seed's full set of outcomes pinned as a snapshot.

#[allow(dead_code)]
#[path = "../examples/samples/final_accounts.rs"]
mod samples;

use shenbiao::outcome::FileReport;
use shenbiao::rules::{Outcome, Severity};
use shenbiao::workbook::display::NumFmt;
use shenbiao::workbook::{open_workbook, Cell, Format, Limits, Sheet, Value, Workbook};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The two sample workbooks, built once per test run.
fn sample_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir").keep();
        samples::build(&dir).expect("build samples");
        dir
    })
}

fn seed() -> Workbook {
    open_workbook(
        &sample_dir().join("决算_公开01-09.xlsx"),
        &Limits::default(),
    )
    .expect("open seed")
}

fn check(wb: &Workbook) -> FileReport {
    shenbiao::check_workbook("决算.xlsx", wb, &shenbiao::Options::default())
}

/// The sheet whose name starts with `prefix` ("Z01 ", "Z01_1", "F03" …).
fn sheet_mut<'a>(wb: &'a mut Workbook, prefix: &str) -> &'a mut Sheet {
    wb.sheets
        .iter_mut()
        .find(|s| s.name.starts_with(prefix))
        .unwrap_or_else(|| panic!("no sheet {prefix}"))
}

fn sheet_name(wb: &Workbook, prefix: &str) -> String {
    wb.sheets
        .iter()
        .find(|s| s.name.starts_with(prefix))
        .map(|s| s.name.to_string())
        .unwrap_or_else(|| panic!("no sheet {prefix}"))
}

fn cell_value(text: &str) -> Cell {
    let money = NumFmt::from_code("#,##0.00");
    let number = text.replace(',', "").parse::<f64>().ok();
    Cell {
        value: match number {
            Some(v) if text.contains('.') || text.starts_with('-') || text == "0" => {
                Value::Number(v)
            }
            _ => Value::Text(text.to_string()),
        },
        formula: None,
        style: 0,
        fmt: if number.is_some() {
            money
        } else {
            NumFmt::default()
        },
    }
}

/// Write `text` into `cell` of the sheet starting with `prefix` (a number
/// when it looks like one; empty clears the cell).
fn set(wb: &mut Workbook, prefix: &str, cell: &str, text: &str) {
    let (r, c) = shenbiao::workbook::cellref::parse_a1(cell).expect("A1 reference");
    let sheet = sheet_mut(wb, prefix);
    if text.is_empty() {
        sheet.cells.remove(&(r, c));
    } else {
        sheet.cells.insert((r, c), cell_value(text));
    }
}

fn findings_of<'a>(r: &'a FileReport, rule: &str) -> Vec<&'a shenbiao::rules::Finding> {
    r.findings().filter(|f| f.rule.code == rule).collect()
}

/// Assert a finding of `rule` with `severity` at `prefix`!`cell`.
fn assert_flag(
    r: &FileReport,
    wb: &Workbook,
    rule: &str,
    severity: Severity,
    prefix: &str,
    cell: &str,
) {
    let sheet = sheet_name(wb, prefix);
    assert!(
        r.findings().any(|f| f.rule.code == rule
            && f.severity == severity
            && f.sheet == sheet
            && f.cell == cell),
        "expected {rule} {severity:?} at {prefix}!{cell}; got:\n{}",
        r.findings()
            .map(|f| format!(
                "  {} {:?} {}!{} {}",
                f.rule, f.severity, f.sheet, f.cell, f.message
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn seed_report() -> &'static FileReport {
    static REPORT: OnceLock<FileReport> = OnceLock::new();
    REPORT.get_or_init(|| check(&seed()))
}

const T01: &str = "Z01 ";
const T03: &str = "Z04";
const T04: &str = "Z01_1";
const T05: &str = "Z07";
const T06: &str = "Z08_1";

// ---- the seed -----------------------------------------------------------

#[test]
fn seed_tables_are_all_found() {
    let r = seed_report();
    let tables: Vec<&str> = r.summaries().filter_map(|f| f.table.as_deref()).collect();
    assert_eq!(
        tables,
        [
            "公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开07", "公开08",
            "公开09"
        ]
    );
    assert_eq!(r.summaries().next().unwrap().range, "A1:F38");
    assert_eq!(
        r.summaries().nth(6).unwrap().title,
        "一般公共预算财政拨款“三公”经费支出决算表"
    );
}

#[test]
fn seed_rounding_gaps_are_info_and_nothing_else_is_flagged() {
    let r = seed_report();
    let wb = seed();
    assert_eq!(r.count(Severity::Error), 0);
    assert_eq!(r.count(Severity::Warning), 0);
    let expected = [
        ("JS-01-02", T01, "C37"),
        ("JS-01-03", T01, "F37"),
        ("JS-01-05", T01, "F33"),
        ("JS-03-01", T03, "E7"),
        ("JS-03-02", T03, "E7"),
        ("JS-04-03", T04, "C39"),
        ("JS-04-07", T04, "G35"),
        ("JS-05-01", T05, "E13"),
        ("JS-05-02", T05, "G13"),
        ("JS-06-03", T06, "F6"),
    ];
    for (rule, prefix, cell) in expected {
        assert_flag(r, &wb, rule, Severity::Info, prefix, cell);
    }
    assert_eq!(r.findings().count(), expected.len());
    let total = &findings_of(r, "JS-01-02")[0];
    assert_eq!(
        total.message,
        "收入总计与各项合计不符：填报 3,210.99，本年收入合计 2,217.42 + 使用非财政拨款结余 0.00 + 年初结转和结余 993.56 = 3,210.98，差 0.01（尾数差异）"
    );
    assert_eq!(total.related, ["C33", "C34", "C35"]);
    assert_eq!(
        (total.expected.as_deref(), total.actual.as_deref()),
        (Some("3210.98"), Some("3210.99"))
    );
    // 公开05 201 项目支出 differs from its 款 only because 20103 does: recorded, not repeated.
    let repeated = r
        .checks()
        .find(|c| c.rule.code == "JS-05-02" && c.cell == "G8")
        .expect("201 项目支出 hierarchy check");
    assert_eq!(repeated.outcome, Outcome::Fail);
    assert!(
        repeated.detail.contains("下级合计已不符"),
        "{}",
        repeated.detail
    );
    assert!(!r
        .findings()
        .any(|f| f.rule.code == "JS-05-02" && f.cell == "G8"));
}

#[test]
fn cross_table_findings_name_cells_on_other_sheets() {
    let mut wb = seed();
    set(&mut wb, T03, "E22", "11.53");
    let r = check(&wb);
    let f = findings_of(&r, "JS-X-04")
        .into_iter()
        .find(|f| f.cell == "E22")
        .expect("X-04 on 205");
    assert_eq!(f.related, ["'Z01 收入支出决算总表(公开01表)'!F11"]);
}

/// Every relation the seed checks, with its outcome, pinned in
/// tests/snapshots/final_accounts_seed.txt (UPDATE_SNAPSHOTS=1 rewrites it).
/// Every relation each 决算 rule checked on the seed, with its outcome and
/// figures: one snapshot per rule (tests/snapshots/final_accounts__*.snap),
/// each read when written. `cargo insta review` shows what a change moves.
#[test]
fn seed_relations_per_rule() {
    let r = seed_report();
    for rule in shenbiao::rules::final_accounts::RULES {
        let mut out = String::new();
        for c in r.checks().filter(|c| c.rule == *rule) {
            out.push_str(&format!(
                "{:?}{} | {}",
                c.outcome,
                if c.rounding { "（尾数差异）" } else { "" },
                c.subject
            ));
            if !c.cell.is_empty() {
                out.push_str(&format!(
                    " @ {}!{}",
                    &c.sheet[..c.sheet.find(' ').unwrap_or(c.sheet.len())],
                    c.cell
                ));
            }
            if let Some(f) = &c.figures {
                out.push_str(&format!(
                    " | {} vs {} (差 {}，容差 {})",
                    f.printed, f.computed, f.difference, f.tolerance
                ));
            }
            if !c.detail.is_empty() {
                out.push_str(&format!("\n    {}", c.detail));
            }
            out.push('\n');
        }
        insta::assert_snapshot!(rule.code.to_lowercase().replace('-', "_"), out);
    }
}

#[test]
fn error_sample_finds_each_deliberate_error() {
    let wb = open_workbook(&sample_dir().join("决算_错误示例.xlsx"), &Limits::default()).unwrap();
    let r = check(&wb);
    let mut got: Vec<String> = r
        .findings()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| {
            format!(
                "{} {} {}!{}",
                f.severity.as_str(),
                f.rule.code,
                &f.sheet[..f.sheet.find(' ').unwrap()],
                f.cell
            )
        })
        .collect();
    got.sort();
    let mut want = vec![
        // 1. 公开01 年末结转和结余 541.07
        "error JS-01-03 Z01!F37",
        // 2. 公开02 20103 财政拨款收入 1,094.16
        "error JS-02-01 Z03!E13",
        "error JS-02-02 Z03!F13",
        // 3. 公开04 一般公共预算财政拨款收入 2,104.78
        "error JS-04-01 Z01_1!C34",
        "error JS-04-07 Z01_1!G35",
        "error JS-X-05 Z01_1!C8",
        // 4. 公开05 合计基本支出 168.29
        "error JS-05-01 Z07!E7",
        "error JS-05-02 Z07!F7",
        "error JS-X-09 Z07!F7",
        // 5. 公开06 30201 办公费 6.41
        "error JS-06-03 Z08_1!F6",
        // 6. 公开07 公务用车运行费 3.06 < 公开06 30231 4.06
        "warning JS-X-11 Z08_1!F30",
        // 7. 公开09 空表说明删去
        "warning JS-GK-03 Z11!A1",
    ];
    want.sort();
    assert_eq!(got, want);
    // The ancestors of 20103 are not reported again.
    assert!(!r
        .findings()
        .any(|f| f.rule.code == "JS-02-02" && f.cell == "F8"));
    let rolled = r.checks().find(|c| c.rule.code == "JS-01-06").unwrap();
    assert_eq!(rolled.outcome, Outcome::Fail);
    assert!(rolled.detail.contains("不重复报告"));
}

#[test]
fn checked_in_samples_match_the_builder() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for name in ["决算_公开01-09.xlsx", "决算_错误示例.xlsx"] {
        let built = open_workbook(&sample_dir().join(name), &Limits::default()).unwrap();
        let kept = open_workbook(&repo.join(name), &Limits::default()).unwrap_or_else(|e| {
            panic!("samples/{name}: {e} (run cargo run --example build_samples -- samples/)")
        });
        let (a, b) = (check(&built), check(&kept));
        let pair = |r: &FileReport| {
            (
                r.findings().cloned().collect::<Vec<_>>(),
                r.checks().cloned().collect::<Vec<_>>(),
            )
        };
        assert_eq!(pair(&a), pair(&b), "samples/{name} is stale");
    }
}

#[test]
fn amounts_in_yuan_allow_no_rounding_gap() {
    let mut wb = seed();
    set(&mut wb, T01, "F3", "金额单位：元");
    let r = check(&wb);
    assert_flag(&r, &wb, "JS-01-02", Severity::Error, T01, "C37");
    // …and the unit now differs from the other eight tables.
    assert_flag(&r, &wb, "JS-C-03", Severity::Warning, T01, "F3");
}

#[test]
fn every_rule_is_documented_and_exercised() {
    for rule in shenbiao::rules::final_accounts::RULES {
        assert!(
            rule.title
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            rule.code
        );
        assert!(!rule.what.is_empty() && !rule.why.is_empty() && !rule.example.is_empty());
    }
    let recorded: Vec<&str> = seed_report().checks().map(|c| c.rule.code).collect();
    for rule in shenbiao::rules::final_accounts::RULES {
        assert!(
            recorded.contains(&rule.code),
            "{} never recorded on the seed",
            rule.code
        );
    }
}

// ---- layout variants -----------------------------------------------------

/// A workbook built cell by cell: (sheet, rows of tab-separated cells).
fn xlsx(dir: &Path, name: &str, sheets: &[(&str, &[&str])]) -> Workbook {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let money = rust_xlsxwriter::Format::new().set_num_format("#,##0.00");
    for (sheet, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*sheet).unwrap();
        for (r, line) in rows.iter().enumerate() {
            for (c, text) in line.split('\t').enumerate() {
                if text.is_empty() {
                    continue;
                }
                let (r, c) = (r as u32, c as u16);
                match text.replace(',', "").parse::<f64>() {
                    Ok(v) if text.contains('.') => ws.write_number_with_format(r, c, v, &money),
                    _ => ws.write_string(r, c, text.to_string()),
                }
                .unwrap();
            }
        }
    }
    let path = dir.join(name);
    wb.save(&path).unwrap();
    open_workbook(&path, &Limits::default()).unwrap()
}

#[test]
fn pre_2019_overview_with_of_which_line() {
    let dir = tempfile::tempdir().unwrap();
    let wb = xlsx(
        dir.path(),
        "old.xlsx",
        &[(
            "公开01表",
            &[
                "\t2016年度收入支出决算总表",
                "单位：某小学\t\t\t\t\t金额单位：万元",
                "收入\t\t\t支出",
                "项目\t行次\t金额\t项目\t行次\t金额",
                "一、财政拨款收入\t1\t100.00\t一、教育支出\t35\t120.00",
                "其中：政府性基金预算财政拨款\t2\t110.00\t二、医疗卫生与计划生育支出\t36\t5.00",
                "二、上级补助收入\t3\t20.00",
                "本年收入合计\t8\t120.00\t本年支出合计\t40\t125.00",
                "用事业基金弥补收支差额\t9\t0.00\t结余分配\t41\t0.00",
                "年初结转和结余\t10\t10.00\t年末结转和结余\t42\t5.00",
                "总计\t11\t130.00\t总计\t43\t130.00",
            ],
        )],
    );
    let r = check(&wb);
    assert_eq!(r.summaries().count(), 1);
    assert_eq!(
        r.summaries().next().unwrap().table.as_deref(),
        Some("公开01")
    );
    // 其中 is not an addend: 100 + 20 = 120 passes …
    let sum = r
        .checks()
        .find(|c| c.rule.code == "JS-01-01" && c.cell == "C8")
        .expect("JS-01-01 recorded");
    assert_eq!(sum.outcome, Outcome::Pass);
    // … but it may not exceed its parent.
    let f = findings_of(&r, "JS-01-01");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].severity, f[0].cell.as_str()),
        (Severity::Warning, "C6")
    );
    assert_eq!(
        r.count(Severity::Error),
        0,
        "{:?}",
        r.findings().collect::<Vec<_>>()
    );
}

#[test]
fn tables_found_by_sheet_name_and_several_per_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let wb = xlsx(
        dir.path(),
        "variants.xlsx",
        &[
            (
                "一般公共预算财政拨款支出决算表",
                &[
                    "部门：某局\t\t\t\t金额单位：元",
                    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
                    "栏次\t\t1\t2\t3",
                    "合计\t\t300.00\t100.00\t200.00",
                    "201\t一般公共服务支出\t300.00\t100.00\t200.00",
                    "20101\t人大事务\t300.00\t100.00\t200.00",
                    "2010101\t行政运行\t300.01\t100.00\t200.00",
                ],
            ),
            (
                "Sheet2",
                &[
                    "国有资本经营预算财政拨款支出决算表",
                    "部门：某局\t\t\t\t金额单位：元",
                    "科目编码\t科目名称\t合计\t基本支出\t项目支出",
                    "栏次\t\t1\t2\t3",
                    "合计\t\t\t\t",
                    "注：本单位无国有资本经营预算财政拨款支出，此表为空表。",
                    "",
                    "“三公”经费支出决算表",
                    "部门：某局\t\t\t金额单位：元",
                    "项目\t预算数\t决算数",
                    "合计\t30.00\t28.00",
                    "因公出国（境）费\t0.00\t0.00",
                    "公务用车购置及运行费\t20.00\t18.00",
                    "其中：公务用车购置费\t0.00\t0.00",
                    "公务用车运行费\t20.00\t18.00",
                    "公务接待费\t5.00\t4.00",
                    "会议费\t3.00\t4.00",
                    "培训费\t2.00\t2.00",
                ],
            ),
        ],
    );
    let r = check(&wb);
    let tables: Vec<(&str, &str, &str)> = r
        .summaries()
        .map(|f| {
            (
                f.table.as_deref().unwrap(),
                f.sheet.as_str(),
                f.range.as_str(),
            )
        })
        .collect();
    assert_eq!(
        tables,
        [
            ("公开05", "一般公共预算财政拨款支出决算表", "A1:E7"),
            ("公开09", "Sheet2", "A1:E6"),
            ("公开07", "Sheet2", "A8:D18"),
        ]
    );
    // 元: a 0.01 gap is an error, not a rounding difference.
    let f = findings_of(&r, "JS-05-02");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].severity, f[0].cell.as_str()), (Severity::Error, "C6"));
    // The empty 公开09 states why.
    assert!(r
        .checks()
        .any(|c| c.rule.code == "JS-GK-03" && c.outcome == Outcome::Pass && c.sheet == "Sheet2"));
    // The vertical 三公 table: 合计 includes 会议费 and 培训费 here.
    assert!(
        findings_of(&r, "JS-07-01").is_empty(),
        "{:?}",
        r.findings().collect::<Vec<_>>()
    );
    let wide = r
        .checks()
        .filter(|c| c.rule.code == "JS-07-01" && c.subject.contains("含会议费"))
        .count();
    assert_eq!(wide, 2);
    // 会议费 决算 4.00 > 预算 3.00.
    let f = findings_of(&r, "JS-07-03");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].severity, f[0].cell.as_str()),
        (Severity::Warning, "C17")
    );
}

#[test]
fn san_gong_found_by_code_with_office_running_column() {
    let dir = tempfile::tempdir().unwrap();
    let wb = xlsx(
        dir.path(),
        "sangong.xlsx",
        &[(
            "Sheet1",
            &[
                "\t\t\t\t\t\t\t\t\t\t\t\t公开07表",
                "单位：某局\t\t\t\t\t\t\t\t\t\t\t\t单位：万元",
                "预算数\t\t\t\t\t\t决算数",
                "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t机关运行经费",
                "\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置费\t公务用车运行维护费",
                "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13",
                "10.00\t0.00\t8.00\t0.00\t8.00\t2.00\t9.00\t0.00\t7.00\t0.00\t7.00\t1.50\t35.20",
            ],
        )],
    );
    let r = check(&wb);
    assert_eq!(r.summaries().count(), 1);
    assert_eq!(
        r.summaries().next().unwrap().table.as_deref(),
        Some("公开07")
    );
    assert_eq!(
        r.summaries().next().unwrap().title,
        "一般公共预算财政拨款“三公”经费支出决算表"
    );
    // 决算数 合计 9.00 ≠ 0.00 + 7.00 + 1.50; 机关运行经费 is never an addend.
    let f = findings_of(&r, "JS-07-01");
    assert_eq!(f.len(), 1, "{:?}", r.findings().collect::<Vec<_>>());
    assert_eq!((f[0].severity, f[0].cell.as_str()), (Severity::Error, "G7"));
    assert_eq!(f[0].related, ["H7", "I7", "L7"]);
    assert!(
        f[0].message.contains("决算数合计(7) 9.00") || f[0].message.contains("填报 9.00"),
        "{}",
        f[0].message
    );
    assert!(!f[0].message.contains("机关运行经费"));
}

#[test]
fn a_table_of_contents_is_not_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let wb = xlsx(
        dir.path(),
        "toc.xlsx",
        &[(
            "目录",
            &[
                "第二部分 部门决算表",
                "一、收入支出决算总表",
                "二、收入决算表",
                "三、支出决算表",
                "四、财政拨款收入支出决算总表",
                "五、一般公共预算财政拨款支出决算表",
            ],
        )],
    );
    let r = check(&wb);
    assert!(r.forms.is_empty(), "{:?}", r.forms);
}

// ---- property test over random code trees --------------------------------

/// xorshift64: deterministic, no crate needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random 公开05-like tree: 类 / 款 / 项 rows with 基本 and 项目 amounts
/// in units of 0.0001, every parent the exact sum of its children.
struct RandomTable {
    /// (code, basic, project) in 1/10000 万元; row order as printed.
    rows: Vec<(String, i64, i64)>,
}

impl RandomTable {
    fn new(rng: &mut Rng, exact_cents: bool) -> Self {
        fn node(
            rng: &mut Rng,
            code: String,
            depth: usize,
            exact: bool,
            out: &mut Vec<(String, i64, i64)>,
        ) -> (i64, i64) {
            let at = out.len();
            out.push((code.clone(), 0, 0));
            let kids = if depth < 2 { rng.below(4) } else { 0 };
            let (b, p) = if kids == 0 {
                let unit = if exact { 100 } else { 1 };
                (
                    (rng.below(50_000_000 / unit) * unit) as i64,
                    (rng.below(50_000_000 / unit) * unit) as i64,
                )
            } else {
                let mut sum = (0, 0);
                for k in 0..kids {
                    let child = format!("{code}{:02}", k + 1 + rng.below(20) * 4);
                    let (b, p) = node(rng, child, depth + 1, exact, out);
                    sum = (sum.0 + b, sum.1 + p);
                }
                sum
            };
            out[at].1 = b;
            out[at].2 = p;
            (b, p)
        }
        let mut rows = Vec::new();
        let classes = 1 + rng.below(4);
        for i in 0..classes {
            let code = format!("2{:02}", 1 + i * 3 + rng.below(3));
            node(rng, code, 0, exact_cents, &mut rows);
        }
        RandomTable { rows }
    }

    fn total(&self) -> (i64, i64) {
        self.rows
            .iter()
            .filter(|r| r.0.len() == 3)
            .fold((0, 0), |acc, r| (acc.0 + r.1, acc.1 + r.2))
    }

    /// Printed at two decimals (rounded half away from zero).
    fn workbook(&self, change: Option<(usize, usize, i64)>) -> Workbook {
        let mut sheet = Sheet::new("公开05");
        let money = NumFmt::from_code("#,##0.00");
        let mut put = |r: u32, c: u32, v: Value, fmt: NumFmt| {
            sheet.cells.insert(
                (r, c),
                Cell {
                    value: v,
                    formula: None,
                    style: 0,
                    fmt,
                },
            );
        };
        let text = |s: &str| Value::Text(s.to_string());
        put(
            0,
            0,
            text("一般公共预算财政拨款支出决算表"),
            NumFmt::default(),
        );
        put(1, 0, text("金额单位：万元"), NumFmt::default());
        for (c, h) in ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]
            .iter()
            .enumerate()
        {
            put(2, c as u32, text(h), NumFmt::default());
        }
        put(3, 0, text("栏次"), NumFmt::default());
        for c in 0..3 {
            put(3, 2 + c, Value::Number(f64::from(c + 1)), NumFmt::default());
        }
        // Whole cents, rounded half away from zero.
        let cents = |v: i64| (v + if v >= 0 { 50 } else { -50 }) / 100;
        let (tb, tp) = self.total();
        let mut lines = vec![("合计".to_string(), tb, tp)];
        lines.extend(self.rows.iter().cloned());
        for (i, (code, b, p)) in lines.iter().enumerate() {
            let r = 4 + i as u32;
            put(r, 0, text(code), NumFmt::default());
            let mut vals = [cents(b + p), cents(*b), cents(*p)];
            if let Some((row, col, delta)) = change {
                if row == i {
                    vals[col] += delta;
                }
            }
            for (c, v) in vals.iter().enumerate() {
                put(r, 2 + c as u32, Value::Number(*v as f64 / 100.0), money);
            }
        }
        Workbook {
            format: Format::Xlsx,
            sheets: vec![sheet],
            styles: Vec::new(),
            date_1904: false,
            notes: Vec::new(),
        }
    }

    /// The printed row (index into the lines, 0 = 合计) a changed row's
    /// total is compared with: its parent, or itself when it has children.
    fn hierarchy_row(&self, line: usize) -> usize {
        if line == 0 {
            return 0;
        }
        let code = &self.rows[line - 1].0;
        let has_children = self
            .rows
            .iter()
            .any(|r| r.0.len() > code.len() && r.0.starts_with(code.as_str()));
        if has_children {
            return line;
        }
        let parent = self.rows.iter().position(|r| {
            r.0.len() < code.len() && code.starts_with(r.0.as_str()) && r.0.len() + 2 == code.len()
        });
        parent.map_or(0, |p| p + 1)
    }
}

fn cell_name(row: usize, col: usize) -> String {
    format!("{}{}", ["C", "D", "E"][col], row + 5)
}

#[test]
fn random_code_trees_consistent_sums_never_error() {
    let mut rng = Rng(0x5eed_0002);
    for case in 0..200 {
        let exact = case % 2 == 0;
        let t = RandomTable::new(&mut rng, exact);
        let r = check(&t.workbook(None));
        assert_eq!(r.summaries().count(), 1, "case {case}");
        let bad: Vec<String> = r
            .findings()
            .filter(|f| f.severity != Severity::Info || exact)
            .map(|f| format!("{} {:?} {} {}", f.rule, f.severity, f.cell, f.message))
            .collect();
        assert!(
            bad.is_empty(),
            "case {case} ({} rows): {bad:?}",
            t.rows.len()
        );
    }
}

#[test]
fn random_code_trees_single_change_is_an_error_at_the_total() {
    let mut rng = Rng(0xdec0_de05);
    for case in 0..300 {
        let t = RandomTable::new(&mut rng, true);
        let line = rng.below(t.rows.len() as u64 + 1) as usize;
        let col = rng.below(3) as usize;
        let delta = (10 + rng.below(100_000) as i64) * if rng.below(2) == 0 { 1 } else { -1 };
        let r = check(&t.workbook(Some((line, col, delta))));
        let mut got: Vec<String> = r
            .findings()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| format!("{} {}", f.rule, f.cell))
            .collect();
        got.sort();
        let mut want = vec![
            format!("JS-05-01 {}", cell_name(line, 0)),
            format!("JS-05-02 {}", cell_name(t.hierarchy_row(line), col)),
        ];
        want.sort();
        assert_eq!(
            got, want,
            "case {case}: changed line {line} col {col} by {delta} cents; rows {:?}",
            t.rows
        );
        assert!(
            r.findings().all(|f| f.severity == Severity::Error),
            "case {case}: {:?}",
            r.findings().collect::<Vec<_>>()
        );
    }
}

/// Random grids made of the tables' own vocabulary (titles, headers,
/// codes, numbers, notes, merges): detection and every rule must cope
/// without panicking, and every finding must name a real cell.
#[test]
fn random_grids_of_table_words_never_panic() {
    const WORDS: &[&str] = &[
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表",
        "“三公”经费支出决算表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
        "公开04表",
        "项目",
        "行次",
        "金额",
        "栏次",
        "科目编码",
        "科目名称",
        "合计",
        "小计",
        "本年收入合计",
        "本年支出合计",
        "总计",
        "年初结转和结余",
        "年末结转和结余",
        "年初财政拨款结转和结余",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "人员经费合计",
        "公用经费合计",
        "预算数",
        "决算数",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "公务接待费",
        "会议费",
        "基本支出",
        "项目支出",
        "其中：政府性基金",
        "201",
        "20101",
        "2010101",
        "2011",
        "301",
        "30201",
        "31299",
        "0",
        "1",
        "2",
        "3",
        "12.50",
        "-3.00",
        "0.00",
        "1,234.56",
        "99999999999999999999999999",
        "金额单位：元",
        "金额单位：万元",
        "部门：某局",
        "注：此表无数据",
        "—",
        "#REF!",
    ];
    let mut rng = Rng(0xbad5_eed5);
    let mut found = 0;
    for case in 0..600 {
        let mut sheet = Sheet::new(if case % 3 == 0 {
            "收支决算总表"
        } else {
            "Sheet1"
        });
        let rows = 2 + rng.below(30) as u32;
        let cols = 1 + rng.below(12) as u32;
        for r in 0..rows {
            for c in 0..cols {
                if rng.below(3) == 0 {
                    continue;
                }
                let w = WORDS[rng.below(WORDS.len() as u64) as usize];
                let value = if w.starts_with('#') {
                    Value::Error(w.to_string())
                } else {
                    match w.replace(',', "").parse::<f64>() {
                        Ok(v) if rng.below(2) == 0 => Value::Number(v),
                        _ => Value::Text(w.to_string()),
                    }
                };
                sheet.cells.insert(
                    (r, c),
                    Cell {
                        value,
                        formula: None,
                        style: 0,
                        fmt: NumFmt::from_code("#,##0.00"),
                    },
                );
            }
        }
        for _ in 0..rng.below(4) {
            let (top, left) = (rng.below(rows as u64) as u32, rng.below(cols as u64) as u32);
            let rect = shenbiao::workbook::Rect {
                top,
                left,
                bottom: top + rng.below(3) as u32,
                right: left + rng.below(3) as u32,
            };
            if sheet.merges.iter().all(|m| {
                m.bottom < rect.top
                    || rect.bottom < m.top
                    || m.right < rect.left
                    || rect.right < m.left
            }) {
                sheet.merges.push(rect);
            }
        }
        let wb = Workbook {
            format: Format::Xlsx,
            sheets: vec![sheet],
            styles: Vec::new(),
            date_1904: false,
            notes: Vec::new(),
        };
        let r = check(&wb);
        found += r.summaries().count();
        for f in r.findings() {
            assert!(
                shenbiao::workbook::cellref::parse_a1(&f.cell).is_some(),
                "case {case}: finding without a cell: {f:?}"
            );
        }
    }
    eprintln!("tables found in random grids: {found}");
    assert!(
        found >= 60,
        "the grids should exercise extraction ({found} tables)"
    );
}

#[test]
fn error_values_are_reported_on_their_cell_not_as_arithmetic() {
    let mut wb = seed();
    let sheet = sheet_mut(&mut wb, "Z07");
    let (r, c) = shenbiao::workbook::cellref::parse_a1("F7").unwrap();
    sheet.cells.insert(
        (r, c),
        Cell {
            value: Value::Error("#REF!".into()),
            formula: None,
            style: 0,
            fmt: NumFmt::default(),
        },
    );
    let report = check(&wb);
    assert_flag(&report, &wb, "SB-02", Severity::Error, "Z07", "F7");
    assert_eq!(findings_of(&report, "SB-02").len(), 1, "reported once");
    assert!(
        !report
            .findings()
            .any(|f| f.severity == Severity::Error && f.rule.code.starts_with("JS-")),
        "no arithmetic error from an unreadable cell"
    );
    assert!(report
        .checks()
        .any(|c| c.outcome == shenbiao::rules::Outcome::InsufficientData && c.cell == "F7"));
}
