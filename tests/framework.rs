//! 岳阳-style 项目支出绩效评价指标体系 and 自评报告: the sample checks clean
//! (98 on both sheets, 优秀), and each PJ rule has a passing case (the
//! consistent fixture) and a failing one (the fixture with one thing broken).

use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet};
use shenbiao::outcome::{FileReport, FormKind};
use shenbiao::rules::Outcome;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------
// Fixture: a consistent evaluation, laid out like the 岳阳 sample.
// ---------------------------------------------------------------------------

/// Money columns (计划, 到位, 支出, 结余), each: total, then 中央/省/市/县市区/其它.
type Column = [Option<f64>; 6];

#[derive(Clone)]
struct Item {
    name: &'static str,
    points: f64,
    score: f64,
}

#[derive(Clone)]
struct Sub {
    name: &'static str,
    points: f64,
    items: Vec<Item>,
}

#[derive(Clone)]
struct Group {
    name: &'static str,
    points: f64,
    subs: Vec<Sub>,
}

#[derive(Clone)]
struct Spec {
    funds: [Column; 4],
    spending: Vec<(&'static str, String)>,
    spending_total: String,
    /// 一级, 二级, 指标内容, 指标值, 实际完成值.
    targets: Vec<[&'static str; 5]>,
    score: f64,
    rating: &'static str,
    groups: Vec<Group>,
    /// 总分 row: 一级, 二级, 三级 分值 and 自评得分.
    total: [f64; 4],
    /// Both parts on one sheet (report above the 指标体系).
    one_sheet: bool,
}

fn it(name: &'static str, points: f64, score: f64) -> Item {
    Item {
        name,
        points,
        score,
    }
}

fn city(v: f64) -> Column {
    [Some(v), None, None, Some(v), None, None]
}

impl Spec {
    /// The 岳阳 evaluation with targets that are met but not over-achieved.
    fn consistent() -> Self {
        let sub = |name, points, items| Sub {
            name,
            points,
            items,
        };
        Spec {
            funds: [city(152.0), city(152.0), city(42.0), city(110.0)],
            spending: vec![("云平台运行维护", "42万元".into())],
            spending_total: "42万元".into(),
            targets: vec![
                ["项目产出指标", "数量指标", "计算节点", "32", "40"],
                ["项目产出指标", "质量指标", "运行系统", "20", "25"],
                ["项目产出指标", "时效指标", "无", "", ""],
                [
                    "项目效益指标",
                    "经济效益指标",
                    "节省财政资金",
                    "500万",
                    "600万",
                ],
                [
                    "项目效益指标",
                    "服务对象满意度指标",
                    "单位满意率",
                    "98%",
                    "100%",
                ],
            ],
            score: 98.0,
            rating: "优秀",
            groups: vec![
                Group {
                    name: "项目决策",
                    points: 20.0,
                    subs: vec![
                        sub("项目目标", 4.0, vec![it("目标内容", 4.0, 4.0)]),
                        sub(
                            "决策过程",
                            8.0,
                            vec![it("决策依据", 4.0, 4.0), it("决策程序", 4.0, 4.0)],
                        ),
                        sub(
                            "资金分配",
                            8.0,
                            vec![it("分配办法", 3.0, 3.0), it("分配结果", 5.0, 3.0)],
                        ),
                    ],
                },
                Group {
                    name: "项目管理",
                    points: 25.0,
                    subs: vec![
                        sub(
                            "资金到位",
                            5.0,
                            vec![it("到位率", 3.0, 3.0), it("到位时效", 2.0, 2.0)],
                        ),
                        sub(
                            "资金管理",
                            10.0,
                            vec![it("资金使用", 7.0, 7.0), it("财务管理", 3.0, 3.0)],
                        ),
                        sub(
                            "组织实施",
                            10.0,
                            vec![
                                it("组织机构", 1.0, 1.0),
                                it("支撑条件", 1.0, 1.0),
                                it("项目实施", 3.0, 3.0),
                                it("管理制度", 5.0, 5.0),
                            ],
                        ),
                    ],
                },
                Group {
                    name: "项目绩效",
                    points: 55.0,
                    subs: vec![
                        sub(
                            "项目产出",
                            15.0,
                            vec![
                                it("产出数量", 5.0, 5.0),
                                it("产出质量", 4.0, 4.0),
                                it("产出时效", 3.0, 3.0),
                                it("产出成本", 3.0, 3.0),
                            ],
                        ),
                        sub(
                            "项目效果",
                            40.0,
                            vec![
                                it("经济效益", 8.0, 8.0),
                                it("社会效益", 8.0, 8.0),
                                it("环境效益", 8.0, 8.0),
                                it("可持续影响", 8.0, 8.0),
                                it("服务对象满意度", 8.0, 8.0),
                            ],
                        ),
                    ],
                },
            ],
            total: [100.0, 100.0, 100.0, 98.0],
            one_sheet: false,
        }
    }
}

/// Where the parts landed (0-based rows), for expected cell addresses.
#[derive(Default, Debug)]
struct Layout {
    report_sheet: String,
    system_sheet: String,
    money_row: u32,
    spending_total_row: u32,
    target_rows: Vec<u32>,
    score_row: u32,
    rating_row: u32,
    /// Row of each 三级 item, by name.
    items: Vec<(&'static str, u32)>,
    /// Row of each 一级 / 二级 label, by name.
    labels: Vec<(&'static str, u32)>,
    total_row: u32,
}

fn fmt() -> Format {
    Format::new().set_border(FormatBorder::Thin).set_text_wrap()
}

fn cell(ws: &mut Worksheet, r: u32, c: u16, v: Option<f64>) {
    match v {
        Some(x) => ws.write_number_with_format(r, c, x, &fmt()).unwrap(),
        None => ws.write_blank(r, c, &fmt()).unwrap(),
    };
}

fn text(ws: &mut Worksheet, r: u32, c: u16, to: u16, s: &str) {
    if to > c {
        ws.merge_range(r, c, r, to, s, &fmt()).unwrap();
    } else {
        ws.write_string_with_format(r, c, s, &fmt()).unwrap();
    }
}

fn write_report(ws: &mut Worksheet, spec: &Spec, l: &mut Layout) -> u32 {
    ws.merge_range(
        0,
        0,
        0,
        7,
        "岳阳市财政支出项目绩效评价自评报告",
        &Format::new(),
    )
    .unwrap();
    for (r, (k, v)) in [
        ("项目名称", "电子政务云平台租赁及维护项目"),
        ("项目单位", "岳阳市政务服务中心"),
        ("主管部门", "岳阳市政务服务中心"),
    ]
    .iter()
    .enumerate()
    {
        text(ws, 1 + r as u32, 0, 0, k);
        text(ws, 1 + r as u32, 1, 7, v);
    }
    let heads = [
        "计划安排资金\n（万元）",
        "实际到位资金\n（万元）",
        "实际支出\n（万元）",
        "结余（万元）",
    ];
    let sources = ["其中：中央财政", "省财政", "市财政", "县市区财政", "其它"];
    l.money_row = 4;
    for (j, col) in spec.funds.iter().enumerate() {
        let c = 2 * j as u16;
        text(ws, 4, c, c, heads[j]);
        cell(ws, 4, c + 1, col[0]);
        for (i, s) in sources.iter().enumerate() {
            text(ws, 5 + i as u32, c, c, s);
            cell(ws, 5 + i as u32, c + 1, col[1 + i]);
        }
    }
    let mut r = 10;
    for (c, h) in ["支出内容", "实际支出数", "会计凭证号", "备注"]
        .iter()
        .enumerate()
    {
        text(ws, r, 2 * c as u16, 2 * c as u16 + 1, h);
    }
    r += 1;
    for (what, amount) in &spec.spending {
        text(ws, r, 0, 1, what);
        text(ws, r, 2, 3, amount);
        r += 1;
    }
    text(ws, r, 0, 1, "支出合计");
    text(ws, r, 2, 3, &spec.spending_total);
    l.spending_total_row = r;
    r += 1;
    ws.merge_range(r, 0, r + 1, 0, "项目绩效定性目标及实施计划完成情况", &fmt())
        .unwrap();
    text(ws, r, 1, 4, "预  期 目 标");
    text(ws, r, 5, 7, "实际完成");
    text(ws, r + 1, 1, 4, "搭建全市统一的基础架构平台");
    text(ws, r + 1, 5, 7, "平台运行稳定");
    r += 2;
    let top = r;
    for (c, to, h) in [
        (1, 1, "一级指标"),
        (2, 2, "二级指标"),
        (3, 4, "指标内容"),
        (5, 5, "指标（目标）值"),
        (6, 7, "实际完成值"),
    ] {
        text(ws, r, c, to, h);
    }
    r += 1;
    for t in &spec.targets {
        text(ws, r, 1, 1, t[0]);
        text(ws, r, 2, 2, t[1]);
        text(ws, r, 3, 4, t[2]);
        text(ws, r, 5, 5, t[3]);
        text(ws, r, 6, 7, t[4]);
        l.target_rows.push(r);
        r += 1;
    }
    ws.merge_range(
        top,
        0,
        r - 1,
        0,
        "项目绩效定量目标（指标）及完成情况",
        &fmt(),
    )
    .unwrap();
    text(ws, r, 0, 4, "绩效自评综合得分");
    ws.merge_range(r, 5, r, 7, "", &fmt()).unwrap();
    ws.write_number_with_format(r, 5, spec.score, &fmt())
        .unwrap();
    l.score_row = r;
    text(ws, r + 1, 0, 4, "评价等次");
    text(ws, r + 1, 5, 7, spec.rating);
    l.rating_row = r + 1;
    r + 2
}

const HEADER: [&str; 9] = [
    "一级\n指标",
    "分值",
    "二级\n指标",
    "分值",
    "三级\n指标",
    "分值",
    "具体指标",
    "评价标准",
    "自评\n得分",
];

/// The 指标体系 from row `top`; 项目管理 is split by a page break (label
/// written again) and the header is repeated before 项目绩效, as in the
/// original.
fn write_system(ws: &mut Worksheet, spec: &Spec, top: u32, l: &mut Layout) {
    ws.merge_range(top, 0, top, 8, "项目支出绩效评价指标体系", &Format::new())
        .unwrap();
    let header = |ws: &mut Worksheet, r: u32| {
        for (c, h) in HEADER.iter().enumerate() {
            text(ws, r, c as u16, c as u16, h);
        }
    };
    header(ws, top + 1);
    let mut r = top + 2;
    for (gi, g) in spec.groups.iter().enumerate() {
        if gi == 2 {
            header(ws, r);
            r += 1;
        }
        // Chunks of 二级 written under one 一级 label (项目管理 in two).
        let chunks: Vec<&[Sub]> = if g.name == "项目管理" && g.subs.len() == 3 {
            vec![&g.subs[..2], &g.subs[2..]]
        } else {
            vec![&g.subs[..]]
        };
        for (ci, chunk) in chunks.iter().enumerate() {
            let chunk_top = r;
            for s in chunk.iter() {
                let sub_top = r;
                for item in &s.items {
                    text(ws, r, 4, 4, item.name);
                    cell(ws, r, 5, Some(item.points));
                    text(ws, r, 6, 6, "");
                    text(ws, r, 7, 7, "");
                    cell(ws, r, 8, Some(item.score));
                    l.items.push((item.name, r));
                    r += 1;
                }
                merge_num(ws, sub_top, r - 1, 2, 3, s.name, s.points);
                l.labels.push((s.name, sub_top));
            }
            merge_num(ws, chunk_top, r - 1, 0, 1, g.name, g.points);
            if ci == 0 {
                l.labels.push((g.name, chunk_top));
            }
        }
    }
    text(ws, r, 0, 0, "总分");
    for (i, c) in [1u16, 3, 5, 8].iter().enumerate() {
        cell(ws, r, *c, Some(spec.total[i]));
    }
    for c in [2u16, 4, 6, 7] {
        cell(ws, r, c, None);
    }
    l.total_row = r;
}

/// A label over rows `top..=bottom` in `col`, its 分值 beside it.
fn merge_num(ws: &mut Worksheet, top: u32, bottom: u32, col: u16, pcol: u16, name: &str, v: f64) {
    if bottom > top {
        ws.merge_range(top, col, bottom, col, name, &fmt()).unwrap();
        ws.merge_range(top, pcol, bottom, pcol, "", &fmt()).unwrap();
    } else {
        text(ws, top, col, col, name);
    }
    ws.write_number_with_format(top, pcol, v, &fmt()).unwrap();
}

fn save(dir: &Path, spec: &Spec) -> (PathBuf, Layout) {
    let mut wb = Workbook::new();
    let mut l = Layout::default();
    let ws = wb.add_worksheet();
    ws.set_name("自评报告").unwrap();
    l.report_sheet = "自评报告".into();
    let end = write_report(ws, spec, &mut l);
    if spec.one_sheet {
        l.system_sheet = "自评报告".into();
        write_system(ws, spec, end + 2, &mut l);
    } else {
        let ws = wb.add_worksheet();
        ws.set_name("指标体系").unwrap();
        l.system_sheet = "指标体系".into();
        write_system(ws, spec, 0, &mut l);
    }
    let path = dir.join("yueyang.xlsx");
    wb.save(&path).unwrap();
    (path, l)
}

fn run_with(spec: &Spec, opts: &shenbiao::Options) -> (FileReport, Layout) {
    let dir = tempfile::tempdir().unwrap();
    let (path, layout) = save(dir.path(), spec);
    (shenbiao::check_file(&path, opts).0, layout)
}

fn yueyang() -> shenbiao::Options {
    shenbiao::Options {
        scheme: shenbiao::scheme::Scheme::load("hunan-yueyang").unwrap(),
        scheme_chosen: true,
        ..Default::default()
    }
}

fn run(spec: &Spec) -> (FileReport, Layout) {
    run_with(spec, &yueyang())
}

/// (rule, severity, sheet, cell) of every finding.
fn found(r: &FileReport) -> Vec<(String, String, String, String)> {
    r.findings()
        .map(|f| {
            (
                f.rule.code.to_string(),
                f.severity.as_str().to_string(),
                f.sheet.clone(),
                f.cell.clone(),
            )
        })
        .collect()
}

fn f(rule: &str, sev: &str, sheet: &str, cell: String) -> (String, String, String, String) {
    (rule.into(), sev.into(), sheet.into(), cell)
}

// ---------------------------------------------------------------------------
// The sample.
// ---------------------------------------------------------------------------

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join("岳阳_电子政务云平台租赁及维护项目.xlsx")
}

#[test]
fn sample_totals_verified_under_yueyang() {
    let r = shenbiao::check_file(&sample(), &yueyang()).0;
    assert_eq!(r.summaries().count(), 2, "{:?}", r.forms);
    for form in r.summaries() {
        assert_eq!(form.kind, FormKind::EvaluationFramework);
        assert_eq!(form.scheme.as_deref(), Some("hunan-yueyang"));
        let score = form.score.as_ref().unwrap();
        assert_eq!(score.declared.as_deref(), Some("98"), "{}", form.sheet);
        assert_eq!(score.computed.as_deref(), Some("98"), "{}", form.sheet);
    }
    let report = &r.summaries().next().unwrap();
    assert_eq!(report.sheet, "自评报告");
    assert_eq!(report.title, "电子政务云平台租赁及维护项目");
    let rating = report.rating.as_ref().unwrap();
    assert_eq!(rating.declared.as_deref(), Some("优秀"));
    assert_eq!(rating.computed.as_deref(), Some("优秀"));
    assert_eq!(r.summaries().nth(1).unwrap().sheet, "指标体系");

    // No errors or warnings; the only findings are the five targets met at
    // 150% or more (计算节点 32→60, 存储 300T→500T, 运行系统 20→50,
    // 政务数据 5000万→1.35亿, 节省财政资金 500万→1324.48万).
    let got = found(&r);
    let want: Vec<_> = ["G29", "G30", "G31", "G32", "G37"]
        .iter()
        .map(|c| f("PJ-13", "info", "自评报告", c.to_string()))
        .collect();
    assert_eq!(got, want);
    // Every other rule ran and passed (or did not apply, as the sample's
    // unfilled sources); none failed or went unchecked.
    for code in [
        "PJ-01", "PJ-02", "PJ-03", "PJ-04", "PJ-05", "PJ-06", "PJ-07", "PJ-08", "PJ-09", "PJ-10",
        "PJ-11", "PJ-12",
    ] {
        assert!(
            r.checks()
                .any(|c| c.rule.code == code && c.outcome == Outcome::Pass),
            "{code} passed"
        );
        assert!(
            !r.checks().any(|c| c.rule.code == code
                && matches!(c.outcome, Outcome::Fail | Outcome::InsufficientData)),
            "{code} only passes"
        );
    }
}

#[test]
fn sample_repeated_label_and_header_are_read_once() {
    let r = shenbiao::check_file(&sample(), &yueyang()).0;
    // Three 一级 groups, so three PJ-03 weight checks, and 项目管理 = 25
    // (资金到位 5 + 资金管理 10 + 组织实施 10) passes PJ-01.
    let weights: Vec<_> = r.checks().filter(|c| c.rule.code == "PJ-03").collect();
    assert_eq!(weights.len(), 3);
    assert!(r.checks().any(|c| c.rule.code == "PJ-01"
        && c.subject.starts_with("项目管理：二级")
        && c.outcome == Outcome::Pass));
    // 22 三级 items, each checked once by PJ-04.
    assert_eq!(r.checks().filter(|c| c.rule.code == "PJ-04").count(), 22);
}

#[test]
fn sample_review_shows_execution_rate() {
    let r = shenbiao::check_file(&sample(), &yueyang()).0;
    let tables = shenbiao::report::review::tables(&r);
    let table = tables
        .iter()
        .find(|t| t.title.contains("绩效评价指标体系"))
        .expect("a review block");
    let row = table
        .rows
        .iter()
        .find(|row| row[1].text == "执行率")
        .expect("执行率 row");
    assert_eq!(row[4].text, "27.63%", "42 ÷ 152");
    let arrival = table
        .rows
        .iter()
        .find(|row| row[1].text == "到位率")
        .unwrap();
    assert_eq!(arrival[4].text, "100.00%");
}

#[test]
fn sample_is_not_read_as_a_self_evaluation_form() {
    let r = shenbiao::check_file(&sample(), &shenbiao::Options::default()).0;
    assert!(r
        .summaries()
        .all(|f| f.kind == FormKind::EvaluationFramework));
    assert!(r.findings().all(|f| f.rule.code.starts_with("PJ-")));
    // Without --scheme the framework is checked under hunan-yueyang, and
    // the report says so.
    assert_eq!(
        r.summaries().next().unwrap().scheme.as_deref(),
        Some("hunan-yueyang")
    );
    assert!(r
        .notes
        .iter()
        .any(|n| n.contains("按“湖南岳阳”口径（可在评分方案中选择）检查")));
    assert!(r.notes.iter().all(|n| !n.contains("--scheme")));
}

// ---------------------------------------------------------------------------
// The fixture in both layouts (each rule's own passing and failing cases are
// unit tests in src/rules/framework/).
// ---------------------------------------------------------------------------

#[test]
fn consistent_fixture_is_clean_and_every_rule_passes() {
    for one_sheet in [false, true] {
        let mut spec = Spec::consistent();
        spec.one_sheet = one_sheet;
        let (r, _) = run(&spec);
        assert_eq!(found(&r), vec![], "one_sheet = {one_sheet}");
        assert_eq!(r.summaries().count(), 2);
        for rule in shenbiao::rules::framework::RULES {
            assert!(
                r.checks()
                    .any(|c| c.rule.code == rule.code && c.outcome == Outcome::Pass),
                "{} passes (one_sheet = {one_sheet})",
                rule.code
            );
        }
    }
}

#[test]
fn rules_are_registered_and_documented() {
    for code in ["PJ-01", "PJ-07", "PJ-13"] {
        let rule = shenbiao::rules::find_rule(code).unwrap();
        assert!(!rule.title.is_empty() && !rule.example.is_empty());
    }
    assert!(shenbiao::rules::registry::listing().contains("绩效评价指标体系"));
}

#[test]
fn summary_row_states_the_evaluation_score_once() {
    let r = shenbiao::check_file(&sample(), &yueyang()).0;
    let row = shenbiao::report::summary::FileRow::from_report(0, &r, None);
    assert_eq!(
        (row.score_declared.as_str(), row.score_computed.as_str()),
        ("98", "98")
    );
    assert_eq!(row.rating_declared, "优秀");
}
