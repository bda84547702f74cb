//! The bundled samples (built from the seed forms): shenbiao must find the
//! seeds' real mistakes, each at the right cell, and nothing false.

use shenbiao::outcome::FileReport;
use shenbiao::rules::Severity;
use std::path::Path;

fn check(name: &str) -> FileReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    shenbiao::check_file(&path, &shenbiao::Options::default()).0
}

/// The bundled .xlsx samples, in name order.
fn xlsx_samples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("xlsx"))
        .collect();
    out.sort();
    out
}

fn has(r: &FileReport, rule: &str, severity: Severity, cell: &str) -> bool {
    r.findings()
        .any(|f| f.rule.code == rule && f.severity == severity && f.cell == cell)
}

fn errors(r: &FileReport) -> Vec<String> {
    r.findings()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {} {}", f.rule, f.cell, f.message))
        .collect()
}

#[test]
fn jinnan_total_96_against_97() {
    let r = check("津南_智慧津南项目运维及咨询费.xlsx");
    let f = r
        .findings()
        .find(|f| f.rule.code == "ZP-24")
        .expect("ZP-24 finding");
    assert_eq!((f.severity, f.cell.as_str()), (Severity::Error, "H27"));
    assert_eq!(
        (f.expected.as_deref(), f.actual.as_deref()),
        (Some("97"), Some("96"))
    );
    assert_eq!(
        errors(&r).len(),
        1,
        "only the total is an error: {:?}",
        errors(&r)
    );
    let score = r.summaries().next().unwrap().score.as_ref().unwrap();
    assert_eq!(
        (score.declared.as_deref(), score.computed.as_deref()),
        (Some("96"), Some("97"))
    );
}

#[test]
fn jinnan_satisfaction_not_carried_out_with_full_marks() {
    let r = check("津南_智慧津南项目运维及咨询费.xlsx");
    assert!(
        has(&r, "ZP-19", Severity::Warning, "H26"),
        "{:#?}",
        r.findings().collect::<Vec<_>>()
    );
}

#[test]
fn jinnan_fund_total_with_empty_breakdown() {
    let r = check("津南_智慧津南项目运维及咨询费.xlsx");
    assert!(
        has(&r, "ZP-03", Severity::Warning, "C5"),
        "{:#?}",
        r.findings().collect::<Vec<_>>()
    );
    // 执行率（B/A) sits after 得分 and is still checked (2635.2/2635.2 = 100%).
    assert!(r.checks().any(|c| c.rule.code == "ZP-04"
        && c.cell == "H5"
        && c.outcome == shenbiao::rules::Outcome::Pass));
}

#[test]
fn yiyang_weights_add_to_110_with_fund_outside_total() {
    for (name, total_points_cell) in [
        ("益阳_智慧益阳管理中心电费.xlsx", "G28"),
        ("益阳_市电子政务外网平台.xlsx", "G26"),
        ("益阳_市雪亮工程三期.xlsx", "H28"),
        ("益阳_智慧大脑政务服务.xlsx", "G25"),
    ] {
        let r = check(name);
        assert_eq!(r.summaries().count(), 1, "{name}");
        assert!(
            has(&r, "ZP-14", Severity::Warning, total_points_cell),
            "{name}: {:#?}",
            r.findings().collect::<Vec<_>>()
        );
        assert_eq!(
            errors(&r),
            Vec::<String>::new(),
            "{name}: no errors on a consistent form"
        );
        let score = r.summaries().next().unwrap().score.as_ref().unwrap();
        assert_eq!(
            score.declared, score.computed,
            "{name}: 总分 consistent under its convention"
        );
    }
}

#[test]
fn waiwang_nine_of_ten_without_reason() {
    let r = check("益阳_市电子政务外网平台.xlsx");
    assert!(
        has(&r, "ZP-22", Severity::Warning, "I24"),
        "{:#?}",
        r.findings().collect::<Vec<_>>()
    );
}

#[test]
fn xueliang_two_row_headers_and_one_char_per_row_label() {
    let r = check("益阳_市雪亮工程三期.xlsx");
    let form = &r.summaries().next().unwrap();
    assert_eq!(form.title, "市雪亮工程（三期）");
    assert_eq!(form.score.as_ref().unwrap().declared.as_deref(), Some("88"));
    // 2686 / 2925 = 91.83% printed as 92%; 9.18 printed as 9.2.
    for (rule, cell) in [("ZP-04", "I7"), ("ZP-07", "J7")] {
        assert!(
            r.checks().any(|c| c.rule.code == rule
                && c.cell == cell
                && c.outcome == shenbiao::rules::Outcome::Pass),
            "{rule} at {cell}: {:#?}",
            r.checks()
                .filter(|c| c.rule.code == rule)
                .collect::<Vec<_>>()
        );
    }
    // Both breakdown identities hold (644 + 2281 = 2925; 560 + 2126 = 2686).
    assert_eq!(
        r.checks()
            .filter(|c| c.rule.code == "ZP-03" && c.outcome == shenbiao::rules::Outcome::Pass)
            .count(),
        3
    );
}

#[test]
fn every_sample_indicator_is_extracted() {
    let wb = |name: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join(name);
        shenbiao::forms::self_eval::find_forms(
            &shenbiao::workbook::open_workbook(&path, &Default::default()).unwrap(),
        )
    };
    for (name, indicators) in [
        ("益阳_智慧益阳管理中心电费.xlsx", 16),
        ("益阳_市电子政务外网平台.xlsx", 14),
        ("益阳_市雪亮工程三期.xlsx", 13),
        ("益阳_智慧大脑政务服务.xlsx", 13),
        ("津南_智慧津南项目运维及咨询费.xlsx", 13), // its empty 经济效益/生态效益 rows are no indicators
    ] {
        let forms = wb(name);
        assert_eq!(forms.len(), 1, "{name}");
        assert_eq!(
            forms[0].indicators.len(),
            indicators,
            "{name}: {:#?}",
            forms[0]
                .indicators
                .iter()
                .map(|i| &i.name.text)
                .collect::<Vec<_>>()
        );
    }
}

/// The 评分复核 rows of a sample's self-evaluation, by their 指标 label.
fn review_rows(r: &FileReport) -> Vec<Vec<shenbiao::report::review::ReviewCell>> {
    let tables = shenbiao::report::review::tables(r);
    assert_eq!(tables.len(), 1, "one self-evaluation");
    tables.into_iter().next().unwrap().rows
}

fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

#[test]
fn jinnan_review_colours_the_declared_values_the_checks_disagree_with() {
    let rows = review_rows(&check("津南_智慧津南项目运维及咨询费.xlsx"));
    let total = rows.iter().find(|r| r[0].text == "总分").unwrap();
    assert_eq!(
        (
            total[5].text.as_str(),
            total[5].flag,
            total[6].text.as_str()
        ),
        ("96", Some(Severity::Error), "97")
    );
    assert_eq!(
        total[5].link.as_ref().map(|c| c.a1()).as_deref(),
        Some("H27")
    );
    // 满意度 “未开展” scored 10: the warning colours the score.
    let satisfaction = rows.iter().find(|r| r[3].text == "未开展").unwrap();
    assert_eq!(satisfaction[5].flag, Some(Severity::Warning));
    assert!(satisfaction[8]
        .text
        .starts_with("定性指标：按评分方案的档位复核"));
    // Values nothing was found at stay plain.
    let fund = rows
        .iter()
        .find(|r| r[0].text == "预算执行率" && r[1].text == "得分")
        .unwrap();
    assert_eq!(fund[5].flag, None);
}

#[test]
fn review_sums_add_the_columns_they_stand_under() {
    for name in [
        "津南_智慧津南项目运维及咨询费.xlsx",
        "益阳_智慧益阳管理中心电费.xlsx",
    ] {
        let rows = review_rows(&check(name));
        let at = rows.iter().position(|r| r[0].text == "合计").unwrap();
        for col in [5, 6] {
            let above: rust_decimal::Decimal = rows[..at].iter().map(|r| dec(&r[col].text)).sum();
            assert_eq!(dec(&rows[at][col].text), above, "{name} column {col}");
        }
    }
    // 电费: 按完成率重算 97.4 against 95 filed; 总分 is checked on the filed scores.
    let rows = review_rows(&check("益阳_智慧益阳管理中心电费.xlsx"));
    let sum = rows.iter().find(|r| r[0].text == "合计").unwrap();
    assert_eq!((sum[5].text.as_str(), sum[6].text.as_str()), ("95", "97.4"));
    let total = rows.iter().find(|r| r[0].text == "总分").unwrap();
    assert_eq!(total[6].text, "95");
    assert!(
        total[8].text.contains("三级指标填报得分 95"),
        "{}",
        total[8].text
    );
}

/// Every sample's 审核意见 names each error and warning with its cell, and
/// the counts the JSON gives are those of its findings.
#[test]
fn every_opinion_names_each_error_and_warning_at_its_cell() {
    let mut seen = 0;
    for path in xlsx_samples() {
        let r = shenbiao::check_file(&path, &shenbiao::Options::default()).0;
        let json: serde_json::Value =
            serde_json::from_str(&shenbiao::report::json::to_json(&r)).unwrap();
        let opinion = json["opinion"].as_str().expect("an opinion");
        assert_eq!(opinion, shenbiao::report::opinion::opinion(&r));
        for f in r.findings().filter(|f| f.severity != Severity::Info) {
            let at = format!(" {}）", f.cell);
            let alone = format!("（{}）", f.cell);
            assert!(
                opinion.contains(&at) || opinion.contains(&alone),
                "{}: {} {} missing from {opinion}",
                path.display(),
                f.rule,
                f.cell
            );
        }
        let infos = r.count(Severity::Info);
        assert_eq!(
            opinion.contains(&format!("另有 {infos} 条提示")),
            infos > 0,
            "{opinion}"
        );
        assert_eq!(
            json["summary"]["errors"].as_u64(),
            Some(r.count(Severity::Error) as u64)
        );
        seen += 1;
    }
    assert!(seen >= 8, "samples found: {seen}");
}

/// On every sample, the checked copy's 审核结果 states the counts the JSON
/// `summary` gives, and lists exactly that many findings.
#[test]
fn every_result_sheet_counts_what_the_json_counts() {
    use calamine::Reader;
    let mut seen = 0;
    for path in xlsx_samples() {
        let limits = shenbiao::workbook::Limits::default();
        let opened = shenbiao::source::open(&path, &limits).unwrap();
        let (mut r, _) = shenbiao::check_file(&path, &shenbiao::Options::default());
        let copy = shenbiao::report::checked::checked_copy(&opened, &mut r, &limits).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&shenbiao::report::json::to_json(&r)).unwrap();
        let n = |k: &str| json["summary"][k].as_u64().unwrap();
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(copy.bytes)).unwrap();
        let sheet = book.worksheet_range("审核结果").unwrap();
        let text = |row: u32, col: u32| {
            sheet
                .get_value((row, col))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let verdict = (0..10)
            .map(|row| text(row, 0))
            .find(|t| t.starts_with("结论："))
            .expect("a 结论 line");
        let counts = format!(
            "　错误 {}　警告 {}　提示 {}",
            n("errors"),
            n("warnings"),
            n("infos")
        );
        assert!(
            verdict.ends_with(&counts),
            "{}: {verdict} vs {counts}",
            path.display()
        );
        let header = (0..40).find(|&row| text(row, 0) == "序号").expect("序号");
        let listed = (header + 1..sheet.height() as u32)
            .take_while(|&row| text(row, 0).parse::<u32>().is_ok())
            .count() as u64;
        assert_eq!(
            listed,
            n("errors") + n("warnings") + n("infos"),
            "{}",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 8, "samples found: {seen}");
}
