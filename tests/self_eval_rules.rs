//! Each 自评表 rule with a passing and a failing case. Every test starts
//! from a fully consistent form (no findings) and breaks one thing.

mod common;
use common::*;

fn run(spec: &FormSpec) -> (Vec<(String, String, String)>, Layout) {
    let dir = tempfile::tempdir().unwrap();
    let (path, layout) = save_form(dir.path(), "form.xlsx", spec, (0, 0), Style::default());
    (findings(&check(&path)), layout)
}

fn f(rule: &str, sev: &str, cell: String) -> (String, String, String) {
    (rule.to_string(), sev.to_string(), cell)
}

fn report_of(spec: &FormSpec) -> shenbiao::report::FileReport {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = save_form(dir.path(), "form.xlsx", spec, (0, 0), Style::default());
    check(&path)
}

#[test]
fn baseline_is_clean() {
    assert_eq!(run(&FormSpec::consistent()).0, vec![]);
}

#[test]
fn zp01_empty_header_field() {
    let mut s = FormSpec::consistent();
    s.department = String::new();
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-01", "warning", l.a1(2, 1))]);
}

#[test]
fn zp02_missing_fund_column() {
    let mut s = FormSpec::consistent();
    s.fund_headers[2] = "备注".into();
    let (got, l) = run(&s);
    assert!(
        got.contains(&f("ZP-02", "error", l.a1(l.fund_first_row, 1))),
        "{got:?}"
    );
}

#[test]
fn zp03_total_differs_from_breakdown() {
    let mut s = FormSpec::consistent();
    s.fund[1].values[1] = V::N(70.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-03", "error", l.fund(0, 1))]);
    let r = report_of(&s);
    assert_eq!(r.findings[0].expected.as_deref(), Some("90"));
    assert_eq!(r.findings[0].actual.as_deref(), Some("100"));
    assert_eq!(
        r.findings[0].related,
        vec![l.fund(1, 1), l.fund(2, 1), l.fund(3, 1)]
    );
}

#[test]
fn zp03_rounding_gap_is_info() {
    let mut s = FormSpec::consistent();
    s.fund[0].values[0] = V::N(100.01);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-03", "info", l.fund(0, 0))]);
}

#[test]
fn zp03_total_with_empty_breakdown_is_warning() {
    let mut s = FormSpec::consistent();
    for row in &mut s.fund[1..] {
        row.values = [V::E, V::E, V::E, V::E, V::E, V::E];
    }
    let (got, l) = run(&s);
    // One finding for the block, pointing at the first filled total.
    assert_eq!(got, vec![f("ZP-03", "warning", l.fund(0, 0))]);
    let r = report_of(&s);
    assert!(r.findings[0].related.contains(&l.fund(0, 2)));
}

#[test]
fn zp04_wrong_and_last_digit_rates() {
    let mut s = FormSpec::consistent();
    s.fund[0].values[4] = V::P(0.8);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-04", "error", l.fund(0, 4))]);
    // Exact 90.4% printed as 91%: within one unit of the last digit.
    s.fund[0].values[2] = V::N(90.4);
    s.fund[1].values[2] = V::N(72.4);
    s.fund[0].values[4] = V::P(0.91);
    assert_eq!(run(&s).0, vec![f("ZP-04", "info", l.fund(0, 4))]);
}

#[test]
fn zp05_over_execution() {
    let mut s = FormSpec::consistent();
    s.fund[0].values = [
        V::N(100.0),
        V::N(100.0),
        V::N(110.0),
        V::N(10.0),
        V::P(1.1),
        V::N(10.0),
    ];
    s.fund[1].values[2] = V::N(92.0);
    s.total_score = V::N(100.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-05", "warning", l.fund(0, 2))]);
}

#[test]
fn zp06_fund_points_not_ten() {
    let mut s = FormSpec::consistent();
    s.fund[0].values[3] = V::N(20.0);
    let (got, l) = run(&s);
    assert!(got.contains(&f("ZP-06", "error", l.fund(0, 3))), "{got:?}");
}

#[test]
fn zp07_fund_score_not_proportional() {
    let mut s = FormSpec::consistent();
    s.fund[0].values[5] = V::N(10.0);
    s.total_score = V::N(100.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-07", "warning", l.fund(0, 5))]);
}

#[test]
fn zp10_goal_not_filled() {
    let mut s = FormSpec::consistent();
    s.achieved_goal = String::new();
    let (got, l) = run(&s);
    assert_eq!(
        got,
        vec![f("ZP-10", "warning", l.a1(l.fund_first_row + 5, 5))]
    );
}

#[test]
fn zp11_unknown_level1() {
    let mut s = FormSpec::consistent();
    s.indicators[4].level1 = "管理指标（10分）".into();
    let (got, l) = run(&s);
    assert!(
        got.contains(&f("ZP-11", "error", l.indicator(4, 0))),
        "{got:?}"
    );
    assert!(
        got.contains(&f("ZP-23", "warning", l.indicator(0, 0))),
        "no 满意度 left: {got:?}"
    );
}

#[test]
fn zp12_weights_differ_from_national() {
    let mut s = FormSpec::consistent();
    for i in 0..3 {
        s.indicators[i].level1 = "产出指标（60分）".into();
    }
    s.indicators[0].points = V::N(30.0);
    s.indicators[0].score = V::N(30.0);
    s.indicators[3].level1 = "效益指标（20分）".into();
    s.indicators[3].points = V::N(20.0);
    s.indicators[3].score = V::N(20.0);
    let (got, l) = run(&s);
    assert_eq!(
        got,
        vec![
            f("ZP-12", "warning", l.indicator(0, 0)),
            f("ZP-12", "warning", l.indicator(3, 0))
        ]
    );
}

#[test]
fn zp13_group_points_differ_from_label() {
    let mut s = FormSpec::consistent();
    for i in 0..3 {
        s.indicators[i].level1 = "产出指标（40分）".into();
    }
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-13", "error", l.indicator(0, 0))]);
}

#[test]
fn zp14_points_do_not_add_to_100() {
    let mut s = FormSpec::consistent();
    s.indicators[0].points = V::N(25.0);
    s.indicators[0].score = V::N(25.0);
    s.total_score = V::N(104.0);
    let (got, l) = run(&s);
    assert!(
        got.contains(&f("ZP-14", "error", l.total_points())),
        "{got:?}"
    );
}

#[test]
fn zp15_score_above_points() {
    let mut s = FormSpec::consistent();
    s.indicators[3].score = V::N(31.0);
    s.total_score = V::N(100.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-15", "error", l.indicator(3, 6))]);
}

#[test]
fn zp16_met_target_with_deduction() {
    let mut s = FormSpec::consistent();
    s.indicators[1].score = V::N(14.0);
    s.total_score = V::N(98.0);
    let (got, l) = run(&s);
    assert_eq!(
        got,
        vec![f("ZP-16", "warning", l.indicator(1, 6))],
        "without a reason"
    );
    s.indicators[1].reason = "个别路段返修".into();
    assert_eq!(
        run(&s).0,
        vec![f("ZP-16", "info", l.indicator(1, 6))],
        "with a reason"
    );
}

#[test]
fn zp17_score_above_proportional() {
    let mut s = FormSpec::consistent();
    s.indicators[0].actual = t("100公里");
    s.indicators[0].reason = "雨季影响工期".into();
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-17", "warning", l.indicator(0, 6))]);
    let r = report_of(&s);
    assert_eq!(r.findings[0].expected.as_deref(), Some("16.67"));
    s.indicators[0].score = V::N(16.0);
    s.total_score = V::N(95.0);
    assert_eq!(
        run(&s).0,
        vec![],
        "a score at or below the proportional one passes"
    );
}

#[test]
fn zp18_far_above_target() {
    let mut s = FormSpec::consistent();
    s.indicators[0].actual = t("200公里");
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-18", "info", l.indicator(0, 4))]);
}

#[test]
fn zp19_shortfall_words_with_full_marks() {
    let mut s = FormSpec::consistent();
    s.indicators[3].actual = t("未开展");
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-19", "warning", l.indicator(3, 6))]);
}

#[test]
fn zp19_national_bands() {
    let mut s = FormSpec::consistent();
    s.indicators[3].actual = t("部分达成预期指标并具有一定效果");
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-19", "error", l.indicator(3, 6))]);
    s.indicators[3].score = V::N(21.0);
    s.indicators[3].reason = "部分村组尚未覆盖".into();
    s.total_score = V::N(90.0);
    assert_eq!(run(&s).0, vec![], "70% is inside the 60–80% band");
}

#[test]
fn zp21_unit_mismatch() {
    let mut s = FormSpec::consistent();
    s.indicators[4].actual = t("95");
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-21", "warning", l.indicator(4, 4))]);
}

#[test]
fn zp22_deduction_without_reason() {
    let mut s = FormSpec::consistent();
    s.indicators[3].score = V::N(25.0);
    s.total_score = V::N(94.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-22", "warning", l.indicator(3, 7))]);
    s.indicators[3].reason = "偏远村组道路仍待改善".into();
    assert_eq!(run(&s).0, vec![]);
}

#[test]
fn zp23_missing_category() {
    let mut s = FormSpec::consistent();
    s.indicators.truncate(4);
    s.total_score = V::N(89.0);
    let (got, l) = run(&s);
    assert!(
        got.contains(&f("ZP-23", "warning", l.indicator(0, 0))),
        "{got:?}"
    );
}

#[test]
fn zp24_total_not_sum_of_parts() {
    let mut s = FormSpec::consistent();
    s.total_score = V::N(96.0);
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-24", "error", l.total_score())]);
    let r = report_of(&s);
    assert_eq!(
        (
            r.findings[0].expected.as_deref(),
            r.findings[0].actual.as_deref()
        ),
        (Some("99"), Some("96"))
    );
}

#[test]
fn zp24_total_not_filled() {
    let mut s = FormSpec::consistent();
    s.total_score = V::E;
    let (got, l) = run(&s);
    assert_eq!(got, vec![f("ZP-24", "warning", l.total_points())]);
}

#[test]
fn yiyang_convention_is_a_warning_not_an_error() {
    // Indicators add to 100 by themselves; the 10-point fund score is not in 总分.
    let mut s = FormSpec::consistent();
    s.indicators[3].level1 = "效益指标（30分）".into();
    s.indicators.insert(
        4,
        ind(
            "可持续影响指标（10分）",
            "可持续影响指标",
            "长效管护机制",
            "建立",
            "已建立",
            10.0,
            10.0,
        ),
    );
    s.total_score = V::N(100.0);
    let (got, l) = run(&s);
    // One warning about the convention (on the points), no error; the
    // score itself is consistent under that convention.
    assert_eq!(got, vec![f("ZP-14", "warning", l.total_points())]);
    let r = report_of(&s);
    assert!(
        r.findings[0].message.contains("hunan-yiyang"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn zp25_rating_contradicts_score() {
    let mut s = FormSpec::consistent();
    s.rating = Some("良".into());
    let (got, l) = run(&s);
    assert_eq!(
        got,
        vec![f("ZP-25", "error", l.a1(l.rating_row.unwrap(), 6))]
    );
    s.rating = Some("优秀".into());
    assert_eq!(run(&s).0, vec![]);
    s.rating = Some("很好".into());
    assert_eq!(
        run(&s).0,
        vec![f("ZP-25", "warning", l.a1(l.rating_row.unwrap(), 6))]
    );
}

#[test]
fn zp25_band_boundaries_are_lower_inclusive() {
    let mut s = FormSpec::consistent();
    // 总分 89 (one point off the 优 band) must be 良.
    s.indicators[3].score = V::N(20.0);
    s.indicators[3].reason = "覆盖范围未达预期".into();
    s.total_score = V::N(89.0);
    s.rating = Some("良好".into());
    assert_eq!(run(&s).0, vec![]);
    s.rating = Some("优".into());
    assert_eq!(run(&s).0.len(), 1);
}

#[test]
fn zp26_more_than_two_decimals() {
    let mut s = FormSpec::consistent();
    s.fund[0].values[0] = V::N(100.123);
    s.fund[1].values[0] = V::N(80.123);
    let (got, l) = run(&s);
    assert_eq!(
        got,
        vec![
            f("ZP-26", "info", l.fund(0, 0)),
            f("ZP-26", "info", l.fund(1, 0))
        ]
    );
}

#[test]
fn sb02_text_where_a_number_is_expected() {
    let mut s = FormSpec::consistent();
    s.indicators[2].score = t("十五");
    let (got, l) = run(&s);
    assert!(
        got.contains(&f("SB-02", "error", l.indicator(2, 6))),
        "{got:?}"
    );
    assert!(
        !got.iter().any(|g| g.0 == "ZP-15"),
        "no arithmetic finding on an unreadable cell: {got:?}"
    );
}

#[test]
fn every_rule_run_ends_with_an_outcome() {
    let r = report_of(&FormSpec::consistent());
    use shenbiao::rules::Outcome;
    assert!(r.outcome_count(Outcome::Pass) > 30);
    assert_eq!(r.outcome_count(Outcome::Fail), 0);
    // A rule that could not run says so rather than passing.
    let mut s = FormSpec::consistent();
    s.fund[0].values[2] = V::E;
    let r = report_of(&s);
    assert!(r
        .checks
        .iter()
        .any(|c| c.rule == "ZP-05" && c.outcome == Outcome::InsufficientData));
}

#[test]
fn sb01_uncomputed_formula_is_not_an_arithmetic_error() {
    let dir = tempfile::tempdir().unwrap();
    let (path, l) = save_form(
        dir.path(),
        "f.xlsx",
        &FormSpec::consistent(),
        (0, 0),
        Style::default(),
    );
    let mut wb = shenbiao::workbook::open_workbook(&path, &Default::default()).unwrap();
    let (r, c) = shenbiao::workbook::cellref::parse_a1(&l.total_score()).unwrap();
    let cell = wb.sheets[0].cells.get_mut(&(r, c)).unwrap();
    cell.value = shenbiao::workbook::Value::Empty;
    cell.formula = Some("SUM(H12:H16)+H5".into());
    let report = shenbiao::check_workbook("f.xlsx", &wb, &shenbiao::Options::default());
    let got = findings(&report);
    assert_eq!(
        got,
        vec![f("SB-01", "warning", l.total_score())],
        "{:#?}",
        report.findings
    );
    assert!(report.findings[0].message.contains("公式未计算"));
    assert!(report
        .checks
        .iter()
        .any(|c| c.rule == "ZP-24" && c.outcome == shenbiao::rules::Outcome::InsufficientData));
}
