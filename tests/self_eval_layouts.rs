//! Extraction of 自评表 across layouts: shifted origins, numbers as text,
//! full-width digits, label variants, stacked forms.

mod common;
use common::*;
use shenbiao::forms::self_eval::{find_forms, FundLine};
use shenbiao::workbook::{open_workbook, Limits};

fn forms_of(path: &std::path::Path) -> Vec<shenbiao::forms::self_eval::SelfEvalForm> {
    find_forms(&open_workbook(path, &Limits::default()).unwrap())
}

#[test]
fn consistent_form_has_no_errors_or_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = save_form(
        dir.path(),
        "ok.xlsx",
        &FormSpec::consistent(),
        (0, 0),
        Style::default(),
    );
    let report = check(&path);
    assert_eq!(report.summaries().count(), 1);
    assert_eq!(
        findings(&report),
        vec![],
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    let score = report.summaries().next().unwrap().score.as_ref().unwrap();
    assert_eq!(score.declared.as_deref(), Some("99"));
    assert_eq!(score.computed.as_deref(), Some("99"));
    assert_eq!(
        report
            .summaries()
            .next()
            .unwrap()
            .rating
            .as_ref()
            .unwrap()
            .computed
            .as_deref(),
        Some("优")
    );
    // Every part looked for was found (the consistent form declares no 等级).
    let parts = report.summaries().next().unwrap().parts.clone().unwrap();
    assert!(
        parts.found.iter().any(|p| p == "项目资金表年度资金总额行") && parts.found.len() >= 8,
        "{parts:?}"
    );
}

#[test]
fn extraction_keeps_cells_and_raw_text() {
    let dir = tempfile::tempdir().unwrap();
    let (path, layout) = save_form(
        dir.path(),
        "ok.xlsx",
        &FormSpec::consistent(),
        (0, 0),
        Style::default(),
    );
    let forms = forms_of(&path);
    let form = &forms[0];
    assert_eq!(form.display_name(), "农村公路养护项目");
    let fund = form.fund.as_ref().unwrap();
    assert_eq!(fund.rows.len(), 4);
    assert_eq!(fund.rows[1].line, FundLine::Appropriation);
    let total = fund.total().unwrap();
    assert_eq!(total.rate.as_ref().unwrap().raw, "90%");
    assert_eq!(total.budget.as_ref().unwrap().at.a1(), layout.fund(0, 1));
    assert_eq!(form.indicators.len(), 5);
    assert_eq!(
        form.groups
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        ["产出指标", "效益指标", "满意度指标"]
    );
    assert_eq!(form.indicators[4].score.at.a1(), layout.indicator(4, 6));
    assert_eq!(
        form.total.as_ref().unwrap().score.as_ref().unwrap().at.a1(),
        layout.total_score()
    );
}

#[test]
fn shifted_origin_with_spacer_columns() {
    let dir = tempfile::tempdir().unwrap();
    let (path, layout) = save_form(
        dir.path(),
        "shifted.xlsx",
        &FormSpec::consistent(),
        (5, 3),
        Style::default(),
    );
    let report = check(&path);
    assert_eq!(findings(&report), vec![]);
    assert_eq!(layout.total_score(), format!("K{}", layout.total_row + 1));
    assert_eq!(declared_total(&report), Some("99"));
}

/// The 总分 the first form declares, as written.
fn declared_total(report: &shenbiao::outcome::FileReport) -> Option<&str> {
    report
        .summaries()
        .next()?
        .score
        .as_ref()?
        .declared
        .as_deref()
}

#[test]
fn numbers_stored_as_text_and_full_width_digits() {
    for style in [
        Style {
            numbers_as_text: true,
            full_width: false,
        },
        Style {
            numbers_as_text: true,
            full_width: true,
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = save_form(
            dir.path(),
            "text.xlsx",
            &FormSpec::consistent(),
            (0, 0),
            style,
        );
        let report = check(&path);
        assert_eq!(
            findings(&report),
            vec![],
            "{style:?}: {:#?}",
            report.findings().collect::<Vec<_>>()
        );
        assert_eq!(declared_total(&report), Some("99"));
    }
}

#[test]
fn label_variants_are_recognised() {
    let mut spec = FormSpec::consistent();
    spec.fund[0].label = "年度资金总额：".into();
    spec.fund[1].label = "其中：本年财政拨款".into();
    spec.fund_headers[1] = "全年预算数（A）".into();
    spec.fund_headers[2] = "全年执行数（B）".into();
    spec.fund_headers[4] = "执行率（B/A)".into();
    spec.indicator_headers[5] = "权重".into();
    spec.indicator_headers[6] = "自评得分".into();
    spec.total_label = "合计".into();
    for (i, label) in [
        "产出指标(50)",
        "产出指标(50)",
        "产出指标(50)",
        "效益指标30分",
        "满意度指标（10）",
    ]
    .iter()
    .enumerate()
    {
        spec.indicators[i].level1 = label.to_string();
    }
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = save_form(dir.path(), "variants.xlsx", &spec, (0, 0), Style::default());
    let report = check(&path);
    assert_eq!(
        findings(&report),
        vec![],
        "{:#?}",
        report.findings().collect::<Vec<_>>()
    );
    let form = &forms_of(&path)[0];
    assert_eq!(
        form.groups
            .iter()
            .map(|g| g.points.map(|p| p.to_string()))
            .collect::<Vec<_>>(),
        [Some("50".into()), Some("30".into()), Some("10".into())]
    );
}

#[test]
fn stacked_forms_on_one_sheet_and_one_per_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let mut second = FormSpec::consistent();
    second.project = "第二个项目".into();
    second.total_score = V::N(98.0);
    let ws = wb.add_worksheet();
    let first = write_form(ws, &FormSpec::consistent(), (0, 0), Style::default());
    let below = write_form(ws, &second, (first.total_row + 4, 0), Style::default());
    let ws2 = wb.add_worksheet();
    write_form(ws2, &FormSpec::consistent(), (2, 1), Style::default());
    let path = dir.path().join("stacked.xlsx");
    wb.save(&path).unwrap();
    let report = check(&path);
    assert_eq!(report.summaries().count(), 3);
    assert_eq!(report.summaries().nth(1).unwrap().title, "第二个项目");
    // Only the second form's 总分 is wrong, and it is found on its own cell.
    assert_eq!(
        findings(&report),
        vec![("ZP-24".into(), "error".into(), below.total_score())]
    );
}
