//! 部门决算公开表 (公开01–09): every 勾稽关系 with a passing case (the seed
//! workbook, whose only gaps are rounding) and a failing case (the seed with
//! one figure changed), layout variants, a property test over random code
//! trees, and the seed's full set of outcomes pinned as a snapshot.

#[allow(dead_code)]
#[path = "../examples/samples/final_accounts.rs"]
mod samples;

use shenbiao::report::FileReport;
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
    r.findings.iter().filter(|f| f.rule == rule).collect()
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
        r.findings.iter().any(|f| f.rule == rule
            && f.severity == severity
            && f.sheet == sheet
            && f.cell == cell),
        "expected {rule} {severity:?} at {prefix}!{cell}; got:\n{}",
        r.findings
            .iter()
            .map(|f| format!(
                "  {} {:?} {}!{} {}",
                f.rule, f.severity, f.sheet, f.cell, f.message
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// In the untouched seed, `rule` was checked and never failed beyond
/// rounding.
fn assert_seed_passes(rule: &str) {
    let r = seed_report();
    let checks: Vec<_> = r.checks.iter().filter(|c| c.rule == rule).collect();
    assert!(!checks.is_empty(), "{rule} was never recorded on the seed");
    assert!(
        checks
            .iter()
            .all(|c| c.outcome != Outcome::Fail || c.rounding || c.detail.contains("不重复报告")),
        "{rule} failed on the seed beyond rounding"
    );
    assert!(
        findings_of(r, rule)
            .iter()
            .all(|f| f.severity == Severity::Info),
        "{rule} has an error or warning on the seed"
    );
}

fn seed_report() -> &'static FileReport {
    static REPORT: OnceLock<FileReport> = OnceLock::new();
    REPORT.get_or_init(|| check(&seed()))
}

/// One relation: the seed passes it; the seed with `edits` fails it at
/// the given cell.
fn relation(
    rule: &str,
    edits: &[(&str, &str, &str)],
    severity: Severity,
    prefix: &str,
    cell: &str,
) {
    assert_seed_passes(rule);
    let mut wb = seed();
    for (p, c, t) in edits {
        set(&mut wb, p, c, t);
    }
    let r = check(&wb);
    assert_flag(&r, &wb, rule, severity, prefix, cell);
}

const T01: &str = "Z01 ";
const T02: &str = "Z03";
const T03: &str = "Z04";
const T04: &str = "Z01_1";
const T05: &str = "Z07";
const T06: &str = "Z08_1";
const T07: &str = "F03";
const T08: &str = "Z09";
const T09: &str = "Z11";

// ---- the seed -----------------------------------------------------------

#[test]
fn seed_tables_are_all_found() {
    let r = seed_report();
    let tables: Vec<&str> = r.forms.iter().filter_map(|f| f.table.as_deref()).collect();
    assert_eq!(
        tables,
        [
            "公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开07", "公开08",
            "公开09"
        ]
    );
    assert_eq!(r.forms[0].range, "A1:F38");
    assert_eq!(r.forms[6].title, "一般公共预算财政拨款“三公”经费支出决算表");
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
    assert_eq!(r.findings.len(), expected.len());
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
        .checks
        .iter()
        .find(|c| c.rule == "JS-05-02" && c.cell == "G8")
        .expect("201 项目支出 hierarchy check");
    assert_eq!(repeated.outcome, Outcome::Fail);
    assert!(
        repeated.detail.contains("下级合计已不符"),
        "{}",
        repeated.detail
    );
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "JS-05-02" && f.cell == "G8"));
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
    assert_eq!(
        r.forms[r
            .checks
            .iter()
            .find(|c| c.rule == "JS-X-04" && c.cell == "E22")
            .unwrap()
            .form]
            .table
            .as_deref(),
        Some("公开03")
    );
}

/// Every relation the seed checks, with its outcome, pinned in
/// tests/snapshots/final_accounts_seed.txt (UPDATE_SNAPSHOTS=1 rewrites it).
#[test]
fn seed_outcomes_snapshot() {
    let r = seed_report();
    let mut out = String::new();
    out.push_str(&format!(
        "outcomes: pass {} fail {} not_applicable {} insufficient_data {}\n",
        r.outcome_count(Outcome::Pass),
        r.outcome_count(Outcome::Fail),
        r.outcome_count(Outcome::NotApplicable),
        r.outcome_count(Outcome::InsufficientData)
    ));
    out.push_str("\n## forms\n");
    for (i, f) in r.forms.iter().enumerate() {
        out.push_str(&format!(
            "{i} {} {} {} {}\n",
            f.table.as_deref().unwrap_or("-"),
            f.sheet,
            f.range,
            f.title
        ));
    }
    out.push_str("\n## findings\n");
    for f in &r.findings {
        out.push_str(&format!(
            "{} {} {}!{} related={} expected={} actual={}\n  {}\n",
            f.severity.as_str(),
            f.rule,
            f.sheet,
            f.cell,
            f.related.join(","),
            f.expected.as_deref().unwrap_or("-"),
            f.actual.as_deref().unwrap_or("-"),
            f.message
        ));
    }
    out.push_str("\n## checks\n");
    for c in &r.checks {
        out.push_str(&format!(
            "[{}] {} {:?}{} {}!{} | {}{}\n",
            c.form,
            c.rule,
            c.outcome,
            if c.rounding { " (尾数)" } else { "" },
            c.sheet,
            c.cell,
            c.subject,
            if c.detail.is_empty() {
                String::new()
            } else {
                format!(" | {}", c.detail)
            }
        ));
    }
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/final_accounts_seed.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &out).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("snapshot file (run with UPDATE_SNAPSHOTS=1)");
    if want != out {
        let diff: Vec<String> = want
            .lines()
            .zip(out.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "seed outcomes changed ({} vs {} lines); first differences:\n{}",
            want.lines().count(),
            out.lines().count(),
            diff.join("\n")
        );
    }
}

#[test]
fn error_sample_finds_each_deliberate_error() {
    let wb = open_workbook(&sample_dir().join("决算_错误示例.xlsx"), &Limits::default()).unwrap();
    let r = check(&wb);
    let mut got: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| {
            format!(
                "{} {} {}!{}",
                f.severity.as_str(),
                f.rule,
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
        .findings
        .iter()
        .any(|f| f.rule == "JS-02-02" && f.cell == "F8"));
    let rolled = r.checks.iter().find(|c| c.rule == "JS-01-06").unwrap();
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
        assert_eq!(a.findings, b.findings, "samples/{name} is stale");
        assert_eq!(a.checks, b.checks, "samples/{name} is stale");
    }
}

// ---- 公开01 ---------------------------------------------------------------

#[test]
fn js_01_01_income_total() {
    relation(
        "JS-01-01",
        &[(T01, "C14", "86.64")],
        Severity::Error,
        T01,
        "C33",
    );
}

#[test]
fn js_01_02_income_grand_total() {
    relation(
        "JS-01-02",
        &[(T01, "C35", "999.56")],
        Severity::Error,
        T01,
        "C37",
    );
}

#[test]
fn js_01_03_spend_grand_total() {
    relation(
        "JS-01-03",
        &[(T01, "F35", "541.07")],
        Severity::Error,
        T01,
        "F37",
    );
}

#[test]
fn js_01_04_both_sides_balance() {
    relation(
        "JS-01-04",
        &[(T01, "C35", "1,003.56"), (T01, "C37", "3,220.99")],
        Severity::Error,
        T01,
        "F37",
    );
}

#[test]
fn js_01_05_spend_total_of_classes() {
    relation(
        "JS-01-05",
        &[(T01, "F11", "11.53")],
        Severity::Error,
        T01,
        "F33",
    );
}

#[test]
fn js_01_06_closing_balance_when_totals_are_missing() {
    // Without the 总计 rows only the derived identity can see the error.
    relation(
        "JS-01-06",
        &[(T01, "A37", ""), (T01, "D37", ""), (T01, "F35", "541.07")],
        Severity::Error,
        T01,
        "F35",
    );
}

#[test]
fn js_01_06_is_not_repeated_when_a_total_already_fails() {
    let mut wb = seed();
    set(&mut wb, T01, "F35", "541.07");
    let r = check(&wb);
    assert!(findings_of(&r, "JS-01-06").is_empty());
    assert_eq!(findings_of(&r, "JS-01-03").len(), 1);
}

#[test]
fn js_01_07_negative_amounts() {
    relation(
        "JS-01-07",
        &[(T01, "F8", "-5.00"), (T01, "F9", "5.00")],
        Severity::Warning,
        T01,
        "F8",
    );
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

// ---- 公开02, 03 ------------------------------------------------------------

#[test]
fn js_02_01_row_total() {
    relation(
        "JS-02-01",
        &[(T02, "E14", "111.50")],
        Severity::Error,
        T02,
        "E14",
    );
}

#[test]
fn js_02_02_hierarchy() {
    relation(
        "JS-02-02",
        &[(T02, "E10", "151.10"), (T02, "F10", "151.10")],
        Severity::Error,
        T02,
        "F9",
    );
}

#[test]
fn js_03_01_row_total() {
    relation(
        "JS-03-01",
        &[(T03, "F7", "196.29")],
        Severity::Error,
        T03,
        "E7",
    );
}

#[test]
fn js_03_02_hierarchy() {
    relation(
        "JS-03-02",
        &[(T03, "E10", "143.48"), (T03, "G10", "143.48")],
        Severity::Error,
        T03,
        "G9",
    );
}

// ---- 公开04 ---------------------------------------------------------------

#[test]
fn js_04_01_fiscal_income_total() {
    relation(
        "JS-04-01",
        &[(T04, "C8", "2,104.78")],
        Severity::Error,
        T04,
        "C34",
    );
}

#[test]
fn js_04_02_opening_funds() {
    relation(
        "JS-04-02",
        &[(T04, "C36", "983.56")],
        Severity::Error,
        T04,
        "C35",
    );
}

#[test]
fn js_04_03_income_grand_total() {
    relation(
        "JS-04-03",
        &[(T04, "C35", "1,003.56"), (T04, "C36", "1,003.56")],
        Severity::Error,
        T04,
        "C39",
    );
}

#[test]
fn js_04_04_row_total_of_funds() {
    relation(
        "JS-04-04",
        &[(T04, "F8", "1,742.98")],
        Severity::Error,
        T04,
        "F8",
    );
}

#[test]
fn js_04_05_spend_total_of_classes() {
    relation(
        "JS-04-05",
        &[(T04, "F8", "1,742.98"), (T04, "G8", "1,742.98")],
        Severity::Error,
        T04,
        "G34",
    );
}

#[test]
fn js_04_06_spend_grand_total_and_balance() {
    relation(
        "JS-04-06",
        &[(T04, "F35", "478.09"), (T04, "G35", "478.09")],
        Severity::Error,
        T04,
        "G39",
    );
    relation(
        "JS-04-06",
        &[(T04, "C39", "3,144.35")],
        Severity::Error,
        T04,
        "F39",
    );
}

#[test]
fn js_04_07_fund_roll_forward() {
    relation(
        "JS-04-07",
        &[
            (T04, "C35", "1,003.56"),
            (T04, "C36", "1,003.56"),
            (T04, "C39", "3,144.35"),
        ],
        Severity::Error,
        T04,
        "G35",
    );
}

// ---- 公开05, 06, 07 -------------------------------------------------------

#[test]
fn js_05_01_row_total() {
    relation(
        "JS-05-01",
        &[(T05, "F7", "168.29")],
        Severity::Error,
        T05,
        "E7",
    );
}

#[test]
fn js_05_02_hierarchy() {
    relation(
        "JS-05-02",
        &[(T05, "E10", "143.48"), (T05, "G10", "143.48")],
        Severity::Error,
        T05,
        "E9",
    );
}

#[test]
fn js_06_01_personnel_total() {
    relation(
        "JS-06-01",
        &[(T06, "C34", "149.41")],
        Severity::Error,
        T06,
        "C34",
    );
}

#[test]
fn js_06_02_public_total() {
    relation(
        "JS-06-02",
        &[(T06, "I34", "56.88")],
        Severity::Error,
        T06,
        "I34",
    );
}

#[test]
fn js_06_03_class_of_items() {
    relation(
        "JS-06-03",
        &[(T06, "F7", "6.41")],
        Severity::Error,
        T06,
        "F6",
    );
}

#[test]
fn js_06_04_project_codes_in_basic_spending() {
    // 39999 其他支出 re-coded as 31299 with an amount.
    relation(
        "JS-06-04",
        &[(T06, "G27", "31299"), (T06, "I27", "1.00")],
        Severity::Warning,
        T06,
        "I27",
    );
}

#[test]
fn js_07_01_san_gong_totals() {
    relation(
        "JS-07-01",
        &[(T07, "G8", "5.06")],
        Severity::Error,
        T07,
        "G8",
    );
    relation(
        "JS-07-01",
        &[(T07, "G8", "5.06"), (T07, "I8", "5.06")],
        Severity::Error,
        T07,
        "I8",
    );
}

#[test]
fn js_07_02_zero_total_with_items() {
    // 预算数 合计 0 while items cancel out: only JS-07-02 can tell.
    relation(
        "JS-07-02",
        &[
            (T07, "A8", "0"),
            (T07, "B8", "7.00"),
            (T07, "C8", "-7.00"),
            (T07, "D8", "-14.00"),
            (T07, "E8", "7.00"),
        ],
        Severity::Error,
        T07,
        "B8",
    );
}

#[test]
fn js_07_03_final_above_budget() {
    relation(
        "JS-07-03",
        &[(T07, "L8", "1.00"), (T07, "G8", "5.06")],
        Severity::Warning,
        T07,
        "L8",
    );
}

// ---- 公开08, 09 -----------------------------------------------------------

#[test]
fn js_08_01_fund_rows() {
    relation(
        "JS-08-01",
        &[(T08, "F8", "10.00")],
        Severity::Error,
        T08,
        "J8",
    );
    relation(
        "JS-08-01",
        &[(T08, "H8", "10.00")],
        Severity::Error,
        T08,
        "G8",
    );
}

#[test]
fn js_08_02_hierarchy() {
    let mut wb = seed();
    sheet_mut(&mut wb, T08).merges.retain(|m| m.top != 8);
    for (c, t) in [
        ("A9", "229"),
        ("D9", "其他支出"),
        ("G9", "5.00"),
        ("I9", "5.00"),
        ("F9", "5.00"),
    ] {
        set(&mut wb, T08, c, t);
    }
    let r = check(&wb);
    assert_flag(&r, &wb, "JS-08-02", Severity::Error, T08, "G8");
    assert_seed_passes("JS-08-01");
}

#[test]
fn js_09_01_rows() {
    relation(
        "JS-09-01",
        &[(T09, "E8", "3.00")],
        Severity::Error,
        T09,
        "E8",
    );
}

#[test]
fn js_09_02_hierarchy() {
    let mut wb = seed();
    sheet_mut(&mut wb, T09).merges.retain(|m| m.top != 8);
    for (c, t) in [
        ("A9", "223"),
        ("D9", "国有资本经营预算支出"),
        ("E9", "2.00"),
        ("G9", "2.00"),
    ] {
        set(&mut wb, T09, c, t);
    }
    let r = check(&wb);
    assert_flag(&r, &wb, "JS-09-02", Severity::Error, T09, "E8");
}

// ---- cross-table ---------------------------------------------------------

#[test]
fn js_x_01_income_total_across() {
    relation(
        "JS-X-01",
        &[(T02, "E7", "2,227.42"), (T02, "K7", "86.64")],
        Severity::Error,
        T02,
        "E7",
    );
}

#[test]
fn js_x_02_fiscal_income_across() {
    relation(
        "JS-X-02",
        &[(T02, "E7", "2,227.42"), (T02, "F7", "2,150.78")],
        Severity::Error,
        T02,
        "F7",
    );
}

#[test]
fn js_x_03_other_income_across() {
    relation(
        "JS-X-03",
        &[(T02, "E7", "2,227.42"), (T02, "K7", "86.64")],
        Severity::Error,
        T02,
        "K7",
    );
}

#[test]
fn js_x_04_spending_classes_across() {
    relation(
        "JS-X-04",
        &[(T03, "E22", "11.53")],
        Severity::Error,
        T03,
        "E22",
    );
    relation(
        "JS-X-04",
        &[(T03, "E7", "2,706.91")],
        Severity::Error,
        T03,
        "E7",
    );
}

#[test]
fn js_x_05_fiscal_income_in_both_overviews() {
    relation(
        "JS-X-05",
        &[(T04, "C8", "2,104.78")],
        Severity::Error,
        T04,
        "C8",
    );
}

#[test]
fn js_x_06_general_budget_spending() {
    relation(
        "JS-X-06",
        &[(T05, "E8", "1,742.98")],
        Severity::Error,
        T04,
        "G8",
    );
}

#[test]
fn js_x_07_gov_fund_column() {
    relation(
        "JS-X-07",
        &[(T08, "F8", "10.00")],
        Severity::Error,
        T04,
        "C9",
    );
}

#[test]
fn js_x_08_state_capital_column() {
    relation(
        "JS-X-08",
        &[(T09, "E8", "3.00")],
        Severity::Error,
        T04,
        "I34",
    );
}

#[test]
fn js_x_09_basic_spending_detail() {
    relation(
        "JS-X-09",
        &[(T06, "C34", "149.41")],
        Severity::Error,
        T05,
        "F7",
    );
}

#[test]
fn js_x_10_fiscal_subset_of_all_funds() {
    relation(
        "JS-X-10",
        &[(T05, "G17", "55.86")],
        Severity::Warning,
        T05,
        "G17",
    );
    relation(
        "JS-X-10",
        &[(T04, "F8", "1,782.98")],
        Severity::Warning,
        T04,
        "F8",
    );
}

#[test]
fn js_x_10b_basic_spending_of_all_funds() {
    relation(
        "JS-X-10b",
        &[(T06, "C34", "149.41")],
        Severity::Info,
        T03,
        "F7",
    );
}

#[test]
fn js_x_11_san_gong_economic_codes() {
    relation(
        "JS-X-11",
        &[
            (T07, "G8", "3.06"),
            (T07, "I8", "3.06"),
            (T07, "K8", "3.06"),
        ],
        Severity::Warning,
        T06,
        "F30",
    );
}

// ---- completeness and codes ----------------------------------------------

#[test]
fn js_gk_01_missing_tables() {
    assert_seed_passes("JS-GK-01");
    let mut wb = seed();
    wb.sheets.retain(|s| !s.name.starts_with(T09));
    let r = check(&wb);
    let f = findings_of(&r, "JS-GK-01");
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].severity, f[0].cell.as_str()), (Severity::Error, "A1"));
    assert!(f[0].message.contains("公开09"), "{}", f[0].message);
    // Four tables are not a publication set: nothing to complete.
    wb.sheets.truncate(4);
    let r = check(&wb);
    assert!(findings_of(&r, "JS-GK-01").is_empty());
    assert!(r
        .checks
        .iter()
        .any(|c| c.rule == "JS-GK-01" && c.outcome == Outcome::NotApplicable));
}

#[test]
fn js_gk_03_empty_table_needs_a_statement() {
    relation(
        "JS-GK-03",
        &[(T09, "A9", ""), (T09, "D9", ""), (T09, "A11", "")],
        Severity::Warning,
        T09,
        "A1",
    );
}

#[test]
fn js_c_01_code_format_and_nesting() {
    relation(
        "JS-C-01",
        &[(T02, "A18", "20510")],
        Severity::Error,
        T02,
        "A18",
    );
    relation(
        "JS-C-01",
        &[(T02, "A18", "2011")],
        Severity::Error,
        T02,
        "A18",
    );
}

#[test]
fn js_c_03_header_consistency() {
    relation(
        "JS-C-03",
        &[(T07, "L3", "金额单位：元")],
        Severity::Warning,
        T07,
        "L3",
    );
    relation(
        "JS-C-03",
        &[(T05, "A3", "部门：益阳市行政审批服务局")],
        Severity::Warning,
        T05,
        "A3",
    );
    relation(
        "JS-C-03",
        &[
            (T01, "A1", "2020年度收入支出决算总表"),
            (T02, "A1", "2020年度收入决算表"),
            (T05, "A1", "2019年度一般公共预算财政拨款支出决算表"),
        ],
        Severity::Warning,
        T05,
        "A1",
    );
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
    let recorded: Vec<&str> = seed_report().checks.iter().map(|c| c.rule).collect();
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
    assert_eq!(r.forms.len(), 1);
    assert_eq!(r.forms[0].table.as_deref(), Some("公开01"));
    // 其中 is not an addend: 100 + 20 = 120 passes …
    let sum = r
        .checks
        .iter()
        .find(|c| c.rule == "JS-01-01" && c.cell == "C8")
        .expect("JS-01-01 recorded");
    assert_eq!(sum.outcome, Outcome::Pass);
    // … but it may not exceed its parent.
    let f = findings_of(&r, "JS-01-01");
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].severity, f[0].cell.as_str()),
        (Severity::Warning, "C6")
    );
    assert_eq!(r.count(Severity::Error), 0, "{:?}", r.findings);
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
        .forms
        .iter()
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
        .checks
        .iter()
        .any(|c| c.rule == "JS-GK-03" && c.outcome == Outcome::Pass && c.sheet == "Sheet2"));
    // The vertical 三公 table: 合计 includes 会议费 and 培训费 here.
    assert!(findings_of(&r, "JS-07-01").is_empty(), "{:?}", r.findings);
    let wide = r
        .checks
        .iter()
        .filter(|c| c.rule == "JS-07-01" && c.subject.contains("含会议费"))
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
    assert_eq!(r.forms.len(), 1);
    assert_eq!(r.forms[0].table.as_deref(), Some("公开07"));
    assert_eq!(r.forms[0].title, "一般公共预算财政拨款“三公”经费支出决算表");
    // 决算数 合计 9.00 ≠ 0.00 + 7.00 + 1.50; 机关运行经费 is never an addend.
    let f = findings_of(&r, "JS-07-01");
    assert_eq!(f.len(), 1, "{:?}", r.findings);
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
        assert_eq!(r.forms.len(), 1, "case {case}");
        let bad: Vec<String> = r
            .findings
            .iter()
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
            .findings
            .iter()
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
            r.findings.iter().all(|f| f.severity == Severity::Error),
            "case {case}: {:?}",
            r.findings
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
        };
        let r = check(&wb);
        found += r.forms.len();
        for f in &r.findings {
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
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error && f.rule.starts_with("JS-")),
        "no arithmetic error from an unreadable cell"
    );
    assert!(report
        .checks
        .iter()
        .any(|c| c.outcome == shenbiao::rules::Outcome::InsufficientData && c.cell == "F7"));
}
