//! Blank templates: written by `shenbiao template`, filled through the same
//! builders with consistent numbers they read back with zero findings; with
//! one inconsistency, exactly that one is found.

use shenbiao::outcome::FormKind;
use shenbiao::template::self_eval::{self as se, Fill, FillIndicator};
use std::path::Path;

fn ind(
    level2: &str,
    name: &str,
    target: &str,
    actual: &str,
    points: f64,
    score: f64,
) -> FillIndicator {
    FillIndicator {
        level2: level2.into(),
        name: name.into(),
        target: target.into(),
        actual: actual.into(),
        points,
        score,
        reason: String::new(),
    }
}

/// A consistent national form: 执行率 90% → 9 分; 产出 50 + 效益 30 +
/// 满意度 10; 总分 99.
fn consistent() -> Fill {
    Fill {
        year: "2024".into(),
        project: "农村公路养护项目".into(),
        department: "某县交通运输局".into(),
        implementer: "某县公路养护中心".into(),
        funds: [
            [Some(100.0), Some(100.0), Some(90.0)],
            [Some(80.0), Some(80.0), Some(72.0)],
            [Some(20.0), Some(20.0), Some(18.0)],
            [None, None, None],
        ],
        expected_goal: "完成农村公路养护 120 公里，路况优良率达到 85%。".into(),
        achieved_goal: "完成养护 120 公里，优良率 86%。".into(),
        indicators: vec![
            ind("数量指标", "养护里程", "≥120公里", "120公里", 20.0, 20.0),
            ind("质量指标", "路况优良率", "≥85%", "86%", 15.0, 15.0),
            ind("时效指标", "按时完成率", "100%", "100%", 15.0, 15.0),
            ind(
                "社会效益指标",
                "群众出行条件改善",
                "明显改善",
                "明显改善",
                30.0,
                30.0,
            ),
            ind(
                "服务对象满意度指标",
                "沿线群众满意度",
                "≥90%",
                "95%",
                10.0,
                10.0,
            ),
        ],
    }
}

fn save_self_eval(dir: &Path, fill: Option<&Fill>) -> std::path::PathBuf {
    let path = dir.join("self-eval.xlsx");
    se::workbook(fill).unwrap().save(&path).unwrap();
    path
}

fn check(path: &Path) -> shenbiao::outcome::FileReport {
    shenbiao::check_file(path, &shenbiao::Options::default()).0
}

#[test]
fn self_eval_filled_consistently_has_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = save_self_eval(dir.path(), Some(&consistent()));
    if let Ok(keep) = std::env::var("SHENBIAO_KEEP_TEMPLATE") {
        std::fs::copy(&path, keep).unwrap();
    }
    let r = check(&path);
    assert_eq!(r.summaries().count(), 1);
    assert_eq!(r.summaries().next().unwrap().kind, FormKind::SelfEvaluation);
    assert_eq!(r.summaries().next().unwrap().title, "农村公路养护项目");
    let score = r.summaries().next().unwrap().score.as_ref().unwrap();
    // Scores are given at the precision the template prints them (0.00).
    assert_eq!(score.declared.as_deref(), Some("99.00"));
    assert_eq!(score.computed.as_deref(), Some("99.00"));
    assert!(
        r.findings().next().is_none(),
        "{:#?}",
        r.findings().collect::<Vec<_>>()
    );
}

#[test]
fn self_eval_with_one_inconsistency_finds_exactly_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut fill = consistent();
    // 全年预算数: 年度资金总额 100 but 当年财政拨款 80 + 上年结转 25 = 105.
    fill.funds[2][1] = Some(25.0);
    let path = save_self_eval(dir.path(), Some(&fill));
    let r = check(&path);
    let got: Vec<_> = r
        .findings()
        .map(|f| (f.rule.code, f.severity.as_str(), f.cell.as_str()))
        .collect();
    let cell = format!("E{}", se::FUND_ROW + 1);
    assert_eq!(got, vec![("ZP-03", "error", cell.as_str())]);
}

#[test]
fn self_eval_blank_template_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.xlsx");
    shenbiao::template::write(shenbiao::template::Kind::SelfEval, &path).unwrap();
    let r = check(&path);
    assert_eq!(r.summaries().count(), 1);
    assert_eq!(r.summaries().next().unwrap().kind, FormKind::SelfEvaluation);
    // Nothing filled: one note, no error or warning.
    let got: Vec<_> = r
        .findings()
        .map(|f| (f.rule.code, f.severity.as_str()))
        .collect();
    assert_eq!(got, [("ZP-28", "info")]);
}

#[test]
fn self_eval_template_has_formulas_validation_and_protection() {
    let dir = tempfile::tempdir().unwrap();
    let path = save_self_eval(dir.path(), Some(&consistent()));
    let bytes = std::fs::read(&path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(!xml.contains("password"), "without a password");
    assert!(xml.contains("<dataValidations"), "validation");
    assert!(
        xml.contains("<pageSetup") && xml.contains("paperSize=\"9\""),
        "A4"
    );
    // 执行率, 预算执行率得分 and 总分 are formulas with cached results.
    let r = FUND_ROW_A1();
    assert!(xml.contains(&format!("<c r=\"H{r}\"")));
    assert!(xml.contains("<v>0.9</v>"), "执行率 cached");
    assert!(xml.contains("<v>9</v>"), "得分 cached");
    assert!(xml.contains("<v>99</v>"), "总分 cached");
    let wb = shenbiao::workbook::open_workbook(&path, &Default::default()).unwrap();
    let sheet = &wb.sheets[0];
    let rate = sheet.cell(se::FUND_ROW, se::FUND_COLS[4] as u32).unwrap();
    assert!(rate.formula.is_some());
}

#[allow(non_snake_case)]
fn FUND_ROW_A1() -> u32 {
    se::FUND_ROW + 1
}

#[test]
fn cli_writes_templates() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["self-eval", "final-accounts"] {
        let out = dir.path().join(format!("{kind}.xlsx"));
        assert_cmd::Command::cargo_bin("shenbiao")
            .unwrap()
            .args(["template", kind, "-o"])
            .arg(&out)
            .assert()
            .success();
        assert!(out.exists());
    }
    assert_cmd::Command::cargo_bin("shenbiao")
        .unwrap()
        .args(["template", "self-eval", "-o"])
        .arg(dir.path().join("x.txt"))
        .assert()
        .code(2);
}

mod final_accounts {
    use shenbiao::template::final_accounts::{class_label, CodedFill, Fill};

    fn row(code: &str, name: &str, values: &[f64]) -> CodedFill {
        CodedFill {
            code: code.into(),
            name: name.into(),
            values: values.iter().map(|v| (*v != 0.0).then_some(*v)).collect(),
        }
    }

    fn l(s: &str, v: f64) -> (String, f64) {
        (s.to_string(), v)
    }

    /// One department, one 类 (201): 一般公共预算财政拨款 100 spent as 基本
    /// 80 (人员 60 + 公用 20) and 项目 20; 年初 and 年末 结转 10; no
    /// 政府性基金 or 国有资本经营 money (those tables carry a 说明).
    pub fn consistent() -> Fill {
        let tree = |v: [f64; 3]| {
            vec![
                row("201", "一般公共服务支出", &v),
                row("20103", "政府办公厅（室）及相关机构事务", &v),
                row("2010301", "行政运行", &[v[1], v[1], 0.0]),
                row("2010302", "一般行政管理事务", &[v[2], 0.0, v[2]]),
            ]
        };
        let t02 = vec![
            row("201", "一般公共服务支出", &[100.0, 100.0]),
            row("20103", "政府办公厅（室）及相关机构事务", &[100.0, 100.0]),
            row("2010301", "行政运行", &[80.0, 80.0]),
            row("2010302", "一般行政管理事务", &[20.0, 20.0]),
        ];
        let c201 = class_label(0);
        Fill {
            dept: "某县财政局".into(),
            t01: vec![
                l("一、一般公共预算财政拨款收入", 100.0),
                l("本年收入合计", 100.0),
                l("年初结转和结余", 10.0),
                l("总计", 110.0),
                l(&c201, 100.0),
                l("本年支出合计", 100.0),
                l("年末结转和结余", 10.0),
            ],
            t04_income: vec![
                l("一、一般公共预算财政拨款", 100.0),
                l("本年收入合计", 100.0),
                l("年初财政拨款结转和结余", 10.0),
                l("其中：一般公共预算财政拨款", 10.0),
                l("总计", 110.0),
            ],
            t04_spend: vec![
                (c201.clone(), [Some(100.0), Some(100.0), None, None]),
                (
                    "本年支出合计".into(),
                    [Some(100.0), Some(100.0), None, None],
                ),
                (
                    "年末财政拨款结转和结余".into(),
                    [Some(10.0), Some(10.0), None, None],
                ),
                ("总计".into(), [Some(110.0), Some(110.0), None, None]),
            ],
            coded: vec![
                (2, vec![Some(100.0), Some(100.0)], t02),
                (
                    3,
                    vec![Some(100.0), Some(80.0), Some(20.0)],
                    tree([100.0, 80.0, 20.0]),
                ),
                (
                    5,
                    vec![Some(100.0), Some(80.0), Some(20.0)],
                    tree([100.0, 80.0, 20.0]),
                ),
            ],
            t06: vec![
                l("301", 60.0),
                l("30101", 60.0),
                l("302", 20.0),
                l("30201", 20.0),
            ],
            t06_totals: [Some(60.0), Some(20.0)],
            t07: [
                Some(5.0),
                None,
                Some(3.0),
                None,
                Some(3.0),
                Some(2.0),
                Some(4.0),
                None,
                Some(3.0),
                None,
                Some(3.0),
                Some(1.0),
            ],
            statements: vec![
                (
                    8,
                    "本部门本年度无政府性基金预算财政拨款收入、支出，故本表为空表。".into(),
                ),
                (
                    9,
                    "本部门本年度无国有资本经营预算财政拨款支出，故本表为空表。".into(),
                ),
            ],
        }
    }

    fn check(fill: &Fill) -> shenbiao::outcome::FileReport {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("final.xlsx");
        shenbiao::template::final_accounts::workbook(Some(fill))
            .unwrap()
            .save(&path)
            .unwrap();
        if let Ok(keep) = std::env::var("SHENBIAO_KEEP_FINAL") {
            std::fs::copy(&path, keep).unwrap();
        }
        shenbiao::check_file(&path, &shenbiao::Options::default()).0
    }

    #[test]
    fn filled_consistently_has_no_findings() {
        let r = check(&consistent());
        let tables: Vec<_> = r.summaries().filter_map(|f| f.table.clone()).collect();
        assert_eq!(
            tables,
            [
                "公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开07", "公开08",
                "公开09"
            ]
        );
        assert!(
            r.findings().next().is_none(),
            "{:#?}",
            r.findings().collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_blank_template_is_one_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("blank.xlsx");
        shenbiao::template::write(shenbiao::template::Kind::FinalAccounts, &path).unwrap();
        let r = shenbiao::check_file(&path, &shenbiao::Options::default()).0;
        assert_eq!(r.summaries().count(), 9, "all nine tables, 公开07 too");
        let got: Vec<_> = r
            .findings()
            .map(|f| (f.rule.code, f.severity.as_str(), f.sheet.as_str()))
            .collect();
        assert_eq!(got, [("JS-GK-09", "info", "公开01表")]);
    }

    /// 公开07 left empty with its reason in the 说明 row is a table all the
    /// same: no JS-GK-01, and JS-GK-03 is satisfied.
    #[test]
    fn an_empty_san_gong_table_that_says_why_is_complete() {
        let mut fill = consistent();
        fill.t07 = [None; 12];
        fill.statements
            .push((7, "本单位无“三公”经费支出，故本表为空表。".into()));
        let r = check(&fill);
        let tables: Vec<_> = r.summaries().filter_map(|f| f.table.clone()).collect();
        assert!(tables.iter().any(|t| t == "公开07"), "{tables:?}");
        let codes: Vec<_> = r.findings().map(|f| f.rule.code).collect();
        assert!(!codes.contains(&"JS-GK-01"), "{codes:?}");
        assert!(!codes.contains(&"JS-GK-03"), "{codes:?}");
    }

    /// A blank 公用经费合计 amount: the label beside it is not read as one.
    #[test]
    fn a_blank_total_leaves_its_label_alone() {
        let mut fill = consistent();
        fill.t06_totals[1] = None;
        let r = check(&fill);
        assert!(
            r.findings().all(|f| f.rule.code != "SB-02"),
            "{:#?}",
            r.findings().collect::<Vec<_>>()
        );
    }

    #[test]
    fn one_inconsistency_is_found_alone() {
        let mut fill = consistent();
        // 公开07 决算数: 合计 4 ≠ 0 + 3 + 2.
        fill.t07[11] = Some(2.0);
        let r = check(&fill);
        let got: Vec<_> = r
            .findings()
            .map(|f| {
                (
                    f.rule.code,
                    f.severity.as_str(),
                    f.sheet.as_str(),
                    f.cell.as_str(),
                )
            })
            .collect();
        assert_eq!(got, vec![("JS-07-01", "error", "公开07表", "G8")]);
    }
}
