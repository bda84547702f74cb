//! 项目支出绩效自评表 samples (seeds 000, 001, 002, 004), written as Excel
//! renderings of the Word tables they were published in.
//!
//! The data is transcribed from the seeds cell by cell, mistakes included:
//! those mistakes are what the checker has to find (samples/README.md lists
//! them with their cells). Blank cells stay blank, text stays text.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, XlsxError};
use std::path::Path;

/// Writes the five self-evaluation workbooks into `dir`.
pub fn build(dir: &Path) -> Result<(), XlsxError> {
    for form in [&DIANFEI, &WAIWANG, &XUELIANG, &DANAO, &JINNAN] {
        form.save(dir)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Form model: just enough structure to lay the Word table out in Excel.
// ---------------------------------------------------------------------------

/// A cell's content as the original shows it.
#[derive(Clone, Copy, Debug)]
enum V {
    /// Empty (the Word cell held nothing or only blanks).
    B,
    T(&'static str),
    /// A plain number (amounts, 分值, 得分).
    N(f64),
    /// A ratio shown with the "0%" format (执行率).
    P(f64),
}

/// One 三级指标 row: name, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
/// Indicator values are text, as typed into the Word table.
struct Item {
    name: &'static str,
    target: &'static str,
    actual: &'static str,
    weight: Option<f64>,
    score: Option<f64>,
    note: &'static str,
}

const fn it(
    name: &'static str,
    target: &'static str,
    actual: &'static str,
    weight: f64,
    score: f64,
    note: &'static str,
) -> Item {
    Item {
        name,
        target,
        actual,
        weight: Some(weight),
        score: Some(score),
        note,
    }
}

/// A row the form lists with nothing filled in (津南's 经济/生态效益指标).
const EMPTY_ITEM: Item = Item {
    name: "",
    target: "",
    actual: "",
    weight: None,
    score: None,
    note: "",
};

/// 二级指标 with its rows.
struct Sub {
    name: &'static str,
    items: &'static [Item],
}

const fn sub(name: &'static str, items: &'static [Item]) -> Sub {
    Sub { name, items }
}

/// 一级指标 with its 二级指标; `vertical` writes the label top to bottom.
struct Group {
    name: &'static str,
    vertical: bool,
    subs: &'static [Sub],
}

const fn grp(name: &'static str, subs: &'static [Sub]) -> Group {
    Group {
        name,
        vertical: false,
        subs,
    }
}

/// A run of indicator rows under one 绩效指标 label in the first column
/// (益阳's Word tables restart the label after a page break).
struct Block {
    groups: &'static [Group],
}

/// How the 绩效指标 label of the first column is written.
enum Side {
    /// Merged over the block, text rotated to read top to bottom.
    Rotated,
    /// Merged over the block, one character per line ("绩\n效\n指\n标").
    Lines,
    /// One character per row in unmerged cells (绩 / 效 / 指 / 标).
    PerRow,
}

/// Fund block: the row labels and the value columns after them.
struct Fund {
    /// One entry: merged over the block; two: split over the header rows.
    label: &'static [&'static str],
    /// Columns the row labels span (2 = B:C in 益阳, 1 = B in 津南).
    label_cols: ColNum,
    head: &'static [&'static str],
    /// Second header row; "" merges the first row's header down.
    head2: Option<&'static [&'static str]>,
    rows: &'static [(&'static str, &'static [V])],
}

/// One 自评表 as a Word table, ready to lay out.
struct Form {
    file: &'static str,
    sheet: &'static str,
    /// Top-left cell of the form (row, col), 0-based.
    origin: (RowNum, ColNum),
    /// A line of the report printed above the table instead of a title.
    caption: Option<&'static str>,
    title: Option<&'static str>,
    /// 项目名称 label and value.
    project: [&'static str; 2],
    /// 主管部门 label, value, 实施单位 label, value.
    owners: [&'static str; 4],
    fund: Fund,
    /// 年度总体目标 label, the two headers, the two texts.
    goal: [&'static str; 5],
    side: Side,
    ind_head: [&'static str; 8],
    ind_head2: Option<[&'static str; 8]>,
    blocks: &'static [Block],
    /// Declared 总分: full marks and score.
    total: (f64, V),
    /// Widths of the nine table columns (Excel character units).
    widths: [f64; 9],
}

// ---------------------------------------------------------------------------
// The forms.
// ---------------------------------------------------------------------------

const YIYANG_FUND_HEAD: &[&str] = &[
    "年初\n预算数",
    "全年\n预算数",
    "全年\n执行数",
    "分值",
    "执行率",
    "得分",
];
const YIYANG_IND_HEAD: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度\n指标值",
    "实际\n完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];
const YIYANG_WIDTHS: [f64; 9] = [8.0, 11.0, 11.0, 22.0, 16.0, 16.0, 7.0, 8.0, 24.0];
const YIYANG_DEPT: [&str; 4] = [
    "主管部门",
    "益阳市行政审批服务局",
    "实施单位",
    "益阳市智慧城市和大数据中心",
];
const BLANK6: &[V] = &[V::B, V::B, V::B, V::B, V::B, V::B];
const TITLE: &str = "2020年度项目支出绩效自评表";

/// Seed 000: 智慧益阳管理中心电费 (135 万元, 自评 95).
const DIANFEI: Form = Form {
    file: "益阳_智慧益阳管理中心电费.xlsx",
    sheet: "Sheet1",
    origin: (0, 0),
    caption: None,
    title: Some(TITLE),
    project: ["项目名称", "智慧益阳管理中心电费　"],
    owners: YIYANG_DEPT,
    fund: Fund {
        label: &["项目资金\n（万元）"],
        label_cols: 2,
        head: YIYANG_FUND_HEAD,
        head2: None,
        rows: &[
            (
                "年度资金总额　",
                &[V::N(135.0), V::N(135.0), V::N(135.0), V::N(10.0), V::P(1.0), V::N(10.0)],
            ),
            (
                "其中：当年财政拨款　",
                &[V::N(135.0), V::N(135.0), V::N(135.0), V::N(10.0), V::P(1.0), V::N(10.0)],
            ),
            ("上年结转资金　", BLANK6),
            ("其他资金", BLANK6),
        ],
    },
    goal: [
        "年度总体目标",
        "预期目标",
        "实际完成情况　",
        "保障智慧城市建设项目电力供应，提高政府服务能力，为后续政府治理、普惠民生、产业升级等智慧化应用的建设提供可扩展的环境。",
        "保障了200个机柜、30台精密空调、应急管理中心、12345市长热线电力供应，达到国家节能要求，提高了市民对12345市长热线满意率，为全市政务资源管理、应用支撑、数据共享、服务保障提供了电力保障。",
    ],
    side: Side::Rotated,
    ind_head: YIYANG_IND_HEAD,
    ind_head2: None,
    blocks: &[
        Block {
            groups: &[
                grp(
                    "产出指标\n\n(50分)",
                    &[
                        sub(
                            "数量指标",
                            &[
                                it("保障机柜电力供应数：", "200", "200", 3.0, 3.0, ""),
                                it("保障精密空调电力供应数：", "30", "30", 3.0, 3.0, ""),
                                it("照明灯数：", "300", "300", 4.0, 4.0, ""),
                            ],
                        ),
                        sub(
                            "质量指标",
                            &[
                                it("保障12345市长热线电力供应：", "100%", "100%", 5.0, 5.0, ""),
                                it(
                                    "为全市政务资源管理、应用支撑、数据共享、服务保障提供电力保障：",
                                    "100%",
                                    "100%",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                                it("保障应急管理中心电力供应：", "100%", "100%", 5.0, 5.0, ""),
                            ],
                        ),
                        sub(
                            "时效指标",
                            &[it("24小时内故障处理及时率：", "100%", "100%", 10.0, 10.0, "")],
                        ),
                        sub(
                            "成本指标",
                            &[
                                it("降低成本", "10%", "10%", 10.0, 10.0, ""),
                                it("电费控制在预算范围", "100%", "100%", 5.0, 5.0, ""),
                            ],
                        ),
                    ],
                ),
                grp(
                    "效益指标\n\n（30分）",
                    &[
                        sub(
                            "经济效\n益指标",
                            &[it(
                                "电量节能",
                                "5%",
                                "4%",
                                10.0,
                                8.0,
                                "市直部门接入机房设备不断增加，耗用电量增长，需整合资源实现节能",
                            )],
                        ),
                        sub(
                            "社会效\n益指标",
                            &[
                                it("安全事故率：", "0", "0", 5.0, 5.0, ""),
                                it("重大会议正常运转率：", "100%", "100%", 5.0, 5.0, ""),
                            ],
                        ),
                        sub(
                            "生态效\n益指标",
                            &[it(
                                "达到国家节能要求：",
                                "100%",
                                "99%",
                                10.0,
                                9.0,
                                "加强节能宣传，提高节能意识",
                            )],
                        ),
                    ],
                ),
            ],
        },
        Block {
            groups: &[
                grp(
                    "可持续影响指标(10分)",
                    &[sub(
                        "可持续影响指标",
                        &[it("用电场所办公率：", "100%", "100%", 10.0, 10.0, "")],
                    )],
                ),
                grp(
                    "满意度\n指标\n（10分）",
                    &[sub(
                        "服务对象满意度指标",
                        &[
                            it("维护反应速度：", "100%", "95%", 5.0, 4.0, "加强对运维队伍管理"),
                            it(
                                "市民对12345市长热线满意率：",
                                "100%",
                                "95%",
                                5.0,
                                4.0,
                                "加强服务意识，加强绩效考核",
                            ),
                        ],
                    )],
                ),
            ],
        },
    ],
    total: (100.0, V::N(95.0)),
    widths: YIYANG_WIDTHS,
};

/// Seed 001: 市电子政务外网平台中心机房租赁费及运行维护费 (执行率 46%, 自评 85).
const WAIWANG: Form = Form {
    file: "益阳_市电子政务外网平台.xlsx",
    sheet: "自评表",
    origin: (0, 0),
    caption: None,
    title: Some(TITLE),
    project: ["项目名称", "市电子政务外网平台中心机房租赁费及运行维护费　"],
    owners: YIYANG_DEPT,
    fund: Fund {
        label: &["项目资金\n（万元）"],
        label_cols: 2,
        head: YIYANG_FUND_HEAD,
        head2: None,
        rows: &[
            (
                "年度资金总额　",
                &[V::N(180.0), V::N(180.0), V::N(82.0), V::N(10.0), V::P(0.46), V::N(4.6)],
            ),
            (
                "其中：当年财政拨款　",
                &[V::N(180.0), V::N(180.0), V::N(82.0), V::B, V::B, V::B],
            ),
            ("上年结转资金　", BLANK6),
            ("其他资金", BLANK6),
        ],
    },
    goal: [
        "年度总体目标",
        "预期目标",
        "实际完成情况　",
        "租赁机房动环情况稳定，租赁网络设备及线路达到网络组网需求并且运行稳定。保障市电子政务外网平台网络运行稳定、应用系统使用正常。　　",
        "租赁机房动环情况稳定，租赁网络设备及线路达到网络组网需求并且运行稳定。保障市电子政务外网平台网络运行稳定、应用系统使用正常。　　　　",
    ],
    side: Side::Lines,
    ind_head: YIYANG_IND_HEAD,
    ind_head2: None,
    blocks: &[
        Block {
            groups: &[
                grp(
                    "产出指标\n\n(50分)",
                    &[
                        sub(
                            "数量指标",
                            &[
                                it("租赁核心机房", "1个", "1个", 5.0, 5.0, ""),
                                it("租赁核心及汇聚机房网络设备", "17台", "17台", 5.0, 5.0, ""),
                                it("租赁接入单位出口网络设备", "150台", "150台", 5.0, 5.0, ""),
                                it("租赁政务外网专线", "150条", "150条", 5.0, 5.0, ""),
                                it(
                                    "运行维护",
                                    "机房动环、网络设备、电子政务外网专线运行维护",
                                    "机房动环、网络设备、电子政务外网专线运行维护",
                                    10.0,
                                    8.0,
                                    "后期维护管理有待加强。下一步将加强后期运维考核管理，建立健全项目运维考核管理办法，",
                                ),
                            ],
                        ),
                        sub(
                            "质量指标",
                            &[
                                it(
                                    "市电子政务外网平台网络运行情况",
                                    "各项故障及投诉处理满意度评级为满意。",
                                    "各项故障及投诉处理满意度评级为满意。",
                                    5.0,
                                    3.0,
                                    "故障响应时效有待提升。下一步将继续完善故障处理机制，更及时处理故障情况，",
                                ),
                                it(
                                    "应用系统使用情况",
                                    "及时排查安全隐患，确保设备不断电，系统运行稳定",
                                    "通过优化系统和监管及时排除安全隐患，系统运行稳定",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                            ],
                        ),
                        sub(
                            "时效指标",
                            &[it(
                                "保证系统系统的安全、高效、持续运行",
                                "持续稳定运行",
                                "持续稳定运行",
                                5.0,
                                5.0,
                                "",
                            )],
                        ),
                        sub(
                            "成本指标",
                            &[it(
                                "降低政府行政管理成本费用。",
                                "节约成本显著",
                                "节约成本显著",
                                5.0,
                                3.0,
                                "进一步扩大资源整合降低成本",
                            )],
                        ),
                    ],
                ),
                grp(
                    "效益指标\n\n（30分）",
                    &[
                        sub(
                            "经济效\n益指标",
                            &[it(
                                "资源整合共享",
                                "优化网络配置",
                                "部分完成优化",
                                10.0,
                                6.0,
                                "进一步扩大经济效益",
                            )],
                        ),
                        sub(
                            "社会效\n益指标",
                            &[it(
                                "提高政府办公效率",
                                "显著提高",
                                "显著提高",
                                10.0,
                                8.0,
                                "继续提高办公效率",
                            )],
                        ),
                        sub(
                            "生态效\n益指标",
                            &[it(
                                "达到节能要求",
                                "100%",
                                "99%",
                                10.0,
                                9.0,
                                "加强节能宣传，提高节能意识",
                            )],
                        ),
                    ],
                ),
            ],
        },
        Block {
            groups: &[
                grp(
                    "可持续影响指标（10分）",
                    &[sub(
                        "可持续影响指标",
                        &[it(
                            "全市市直单位外网全部联通到位",
                            "100%",
                            "98%",
                            10.0,
                            9.0,
                            "",
                        )],
                    )],
                ),
                grp(
                    "满意度\n指标\n（10分）",
                    &[sub(
                        "服务对象满意度指标",
                        &[it(
                            "接入行政单位满意度",
                            "95%以上",
                            "98%",
                            10.0,
                            9.0,
                            "　提高服务水平",
                        )],
                    )],
                ),
            ],
        },
    ],
    total: (100.0, V::N(85.0)),
    widths: YIYANG_WIDTHS,
};

/// Seed 002 (line 878): 市雪亮工程（三期）, two-row headers, 绩效指标 one
/// character per row, form shifted to B2 behind a blank spacer column.
const XUELIANG: Form = Form {
    file: "益阳_市雪亮工程三期.xlsx",
    sheet: "雪亮工程",
    origin: (1, 1),
    caption: None,
    title: Some(TITLE),
    project: ["项目名称", "市雪亮工程（三期）　"],
    owners: YIYANG_DEPT,
    fund: Fund {
        label: &["项目资金", "（万元）"],
        label_cols: 2,
        head: &["年初", "全年", "全年", "分值", "执行率", "得分"],
        head2: Some(&["预算数", "预算数", "执行数", "", "", ""]),
        rows: &[
            (
                "年度资金总额　",
                &[V::N(261.0), V::N(2925.0), V::N(2686.0), V::N(10.0), V::P(0.92), V::N(9.2)],
            ),
            (
                "其中：当年财政拨款　",
                &[V::N(261.0), V::N(644.0), V::N(560.0), V::B, V::B, V::B],
            ),
            ("上年结转资金　", BLANK6),
            (
                "其他资金",
                &[V::B, V::N(2281.0), V::N(2126.0), V::B, V::B, V::B],
            ),
        ],
    },
    goal: [
        "年度总体目标",
        "预期目标",
        "实际完成情况　",
        "全域覆盖,全网共享,全时可用,全程可控　　",
        "　全域覆盖,全网共享,全时可用,全程可控",
    ],
    side: Side::PerRow,
    ind_head: [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度",
        "实际",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    ind_head2: Some(["", "", "", "指标值", "完成值", "", "", ""]),
    blocks: &[Block {
        groups: &[
            grp(
                "产出指标（50）",
                &[
                    sub(
                        "数量指标",
                        &[
                            it("治安卡口", "300个", "170个", 8.0, 4.0, "后续继续建设完善"),
                            it("一类视频监控点", "7243个", "7243个", 8.0, 8.0, ""),
                        ],
                    ),
                    sub(
                        "质量指标",
                        &[
                            it(
                                "重点区域视频监控联网率",
                                "100%",
                                "99%",
                                5.0,
                                4.0,
                                "对于重点区域视频监控,重点把控联网率",
                            ),
                            it(
                                "新建益阳市公共安全视频图像信息交换共享分平台。",
                                "1个",
                                "1个",
                                5.0,
                                5.0,
                                "",
                            ),
                            it(
                                "全市范围内建设综治中心及配套设备",
                                "1个市级综治中心，8个区（县）级视频监控中心",
                                "1个市级综治中心，8个区（县）级视频监控中心",
                                5.0,
                                5.0,
                                "",
                            ),
                        ],
                    ),
                    sub(
                        "时效指标",
                        &[it("2017.06-2019.06两年完成基本建设", "2年", "2年", 5.0, 5.0, "")],
                    ),
                    sub(
                        "成本指标",
                        &[
                            it(
                                "部署运维管理平台",
                                "在政务外网和公安视频专网同时部署运维管理平台",
                                "完成",
                                7.0,
                                7.0,
                                "",
                            ),
                            it(
                                "充分利用市级云计算服务器平台及配套网络设备降低建设成本",
                                "依托云计算、大数据、物联网技术建设网络、计算、存储基础设施降低建设成本",
                                "完成",
                                7.0,
                                7.0,
                                "",
                            ),
                        ],
                    ),
                ],
            ),
            grp(
                "效益指标（30）",
                &[
                    sub(
                        "经济效益指标",
                        &[it(
                            "开创全市视频数据共融共享服务模式。",
                            "以云计算、大数据、物联网、移动互联网等新兴技术为手段，致力于连接全市数据",
                            "有待加强应用",
                            10.0,
                            7.0,
                            "目前应加强项目应用，产生更大经济价值",
                        )],
                    ),
                    sub(
                        "社会效益指标",
                        &[it(
                            "提高城市反恐、应急、处理突发事件能力。",
                            "100%",
                            "80%",
                            10.0,
                            8.0,
                            "继续加强利用",
                        )],
                    ),
                    sub(
                        "生态效益指标",
                        &[it(
                            "项目实施是否对周围环境产生不良影响",
                            "否",
                            "否",
                            10.0,
                            10.0,
                            "",
                        )],
                    ),
                ],
            ),
            grp(
                "可持续影响指标（10分）",
                &[sub(
                    "可持续影响指标",
                    &[it(
                        "为政府公共管理与社会服务提供及时动态的人口信息，支持公共安全的快速反应机制和体系建设。",
                        "100%",
                        "100%",
                        10.0,
                        10.0,
                        "",
                    )],
                )],
            ),
            grp(
                "满意度指标（10分）",
                &[sub(
                    "服务对象满意度指标",
                    &[it(
                        "项目受益人及项目实施地域周边居民对项目实施的满意程度",
                        "100%",
                        "80%",
                        10.0,
                        8.0,
                        "项目应用应加强，设备利用率有待提高",
                    )],
                )],
            ),
        ],
    }],
    total: (100.0, V::N(88.0)),
    widths: YIYANG_WIDTHS,
};

/// Seed 002 (line 1906): 益阳智慧大脑+政务服务项目 (918 万元, 自评 92); the
/// 可持续影响指标 row opens a second 绩效指标 block with a blank 一级指标.
const DANAO: Form = Form {
    file: "益阳_智慧大脑政务服务.xlsx",
    sheet: "Sheet1",
    origin: (0, 0),
    caption: None,
    title: Some(TITLE),
    project: ["项目名称", "益阳智慧大脑+政务服务项目　"],
    owners: YIYANG_DEPT,
    fund: Fund {
        label: &["项目资金\n（万元）"],
        label_cols: 2,
        head: YIYANG_FUND_HEAD,
        head2: None,
        rows: &[
            (
                "年度资金总额　",
                &[V::N(918.0), V::N(918.0), V::N(918.0), V::N(10.0), V::P(1.0), V::N(10.0)],
            ),
            (
                "其中：当年财政拨款　",
                &[V::N(918.0), V::N(918.0), V::N(918.0), V::N(10.0), V::P(1.0), V::N(10.0)],
            ),
            ("上年结转资金　", BLANK6),
            ("其他资金", BLANK6),
        ],
    },
    goal: [
        "年度总体目标",
        "预期目标",
        "实际完成情况　",
        "　　以益阳新型智慧城市“智慧大脑+政务服务”的云计算基础技术框架，为益阳新型智慧城市的整体建设奠定基础，为“互联网+政务服务”提供基础资源、数据共享开放、应用支撑的服务能力，提高政府服务能力，为后续政府治理、普惠民生、产业升级等智慧化应用的建设提供可扩展的环境。",
        "　建成以益阳新型智慧城市“智慧大脑+政务服务”的云计算基础技术框架，为益阳新型智慧城市的整体建设奠定基础，为“互联网+政务服务”提供基础资源、数据共享开放、应用支撑的服务能力，提高政府服务能力，为后续政府治理、普惠民生、产业升级等智慧化应用的建设提供可扩展的环境。",
    ],
    side: Side::Rotated,
    ind_head: YIYANG_IND_HEAD,
    ind_head2: None,
    blocks: &[
        Block {
            groups: &[
                grp(
                    "产出指标\n\n(50分)",
                    &[
                        sub(
                            "数量指标",
                            &[
                                it("新增模块化机房", "完成模块化机房建设", "已完成", 5.0, 5.0, ""),
                                it(
                                    "新增600KVA模块化UPS",
                                    "完成600KVA模块化UPS电源建设",
                                    "已完成",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                            ],
                        ),
                        sub(
                            "质量指标",
                            &[
                                it(
                                    "动环监控管理系统",
                                    "完成动环监控管理系统",
                                    "已完成",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                                it(
                                    "政务网升级改造",
                                    "完成政务网升级改造　",
                                    "已完成",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                            ],
                        ),
                        sub(
                            "时效指标",
                            &[it(
                                "全市数据共融共享",
                                "完成全市数据共融共享",
                                "有待完善",
                                10.0,
                                8.0,
                                "　进一步打通各部门政务数据，强化政务数据共享",
                            )],
                        ),
                        sub(
                            "成本指标",
                            &[
                                it(
                                    "互联网+政务服务平台建成",
                                    "完成互联网+政务服务平台建设　",
                                    "已完成",
                                    10.0,
                                    10.0,
                                    "",
                                ),
                                it(
                                    "建设全市政务资源管理、应用支撑、数据共享、服务保障的总枢纽",
                                    "完成全市政务资源管理、应用支撑、数据共享、服务保障的建设",
                                    "已完成",
                                    10.0,
                                    8.0,
                                    "　数据共享不全面，有待进一步加强数据共享",
                                ),
                            ],
                        ),
                    ],
                ),
                grp(
                    "效益指标\n\n（30分）",
                    &[
                        sub(
                            "经济效\n益指标",
                            &[
                                it(
                                    "统建机房基础设施",
                                    "　完成统筹共建的基础设施，降低成本投入",
                                    "已完成",
                                    5.0,
                                    5.0,
                                    "",
                                ),
                                it(
                                    "促进智慧城市项目建设",
                                    "　依托建设的基础设施，促进智慧产业、企业智慧化升级、电子商务等工程建设，创新发展迈上新台阶",
                                    "已完成",
                                    5.0,
                                    4.0,
                                    "　2020年智慧城市项目建设进度缓慢。推进力度有待加强",
                                ),
                            ],
                        ),
                        sub(
                            "社会效\n益指标",
                            &[it(
                                "简政放权",
                                "　完成政务信息资源共享和业务协同，促进简政放权，加强事中事后监管，让百姓少跑腿、信息多跑路，提升益阳市的整体城市发展水平，",
                                "已完成",
                                10.0,
                                8.0,
                                "　各部门简政放权力度有待加强，应提高认识，加强简政放权力度",
                            )],
                        ),
                        sub(
                            "生态效\n益指标",
                            &[it(
                                "节能情况",
                                "　本项目采用国际、国内先进设备，进行网络及平台的建设，通过硬件、软件优化等措施，从耗电源头对主设备进行节能",
                                "已完成",
                                10.0,
                                9.0,
                                "　进一步加强节能宣传，提高节能意识",
                            )],
                        ),
                    ],
                ),
            ],
        },
        Block {
            groups: &[
                // The seed's 一级指标 cell holds only a full-width space.
                grp(
                    "　",
                    &[sub(
                        "可持续影响指标",
                        &[it(
                            "项目产出能持续应用",
                            "　完成政务资源数据共享，建成大数据中心机房，为后续智慧城市项目建设提供基础",
                            "已完成",
                            10.0,
                            10.0,
                            "",
                        )],
                    )],
                ),
                grp(
                    "满意度\n指标\n（10分）",
                    &[sub(
                        "服务对象满意度指标",
                        &[it(
                            "实现“一窗办理、一网通办”",
                            "　完成“一窗办理、一网通办”",
                            "已完成",
                            10.0,
                            10.0,
                            "",
                        )],
                    )],
                ),
            ],
        },
    ],
    total: (100.0, V::N(92.0)),
    widths: YIYANG_WIDTHS,
};

/// Seed 004: 智慧津南项目运维及咨询费, the table of the evaluation report
/// (no form title; 执行率 after 得分; 总分 96 where the parts add to 97).
const JINNAN: Form = Form {
    file: "津南_智慧津南项目运维及咨询费.xlsx",
    sheet: "自评表",
    origin: (0, 0),
    caption: Some("3、 综合评价情况及评价结论"),
    title: None,
    project: ["项目名称", "智慧津南项目运维及咨询费"],
    owners: [
        "市级主管部门",
        "",
        "项目实施\n单位",
        "天津市津南区大数据管理中心",
    ],
    fund: Fund {
        label: &["项目资金（万元）"],
        label_cols: 1,
        head: &[
            "年初预算数",
            "全年预算数（A）",
            "全年执行数（B）",
            "分值",
            "得分",
            "执行率（B/A)",
            "偏差原因分析及改进措施",
        ],
        head2: None,
        rows: &[
            (
                "年度资金总额",
                &[
                    V::N(2837.8294),
                    V::N(2635.204432),
                    V::N(2635.204432),
                    V::N(10.0),
                    V::N(10.0),
                    V::P(1.0),
                    V::B,
                ],
            ),
            ("其中：中央补助", JINNAN_EMPTY_SOURCE),
            ("      市级资金", JINNAN_EMPTY_SOURCE),
            ("      其他资金", JINNAN_EMPTY_SOURCE),
        ],
    },
    goal: [
        "年度总体目标",
        "年初预期目标",
        "年度实际完成情况",
        "1.保障智慧津南及数据湖PPP项目合法合规推进，安全稳定完成PPP项目建设。\n2.保障政府机房、智慧津南管理服务中心机房运行维护及安全防护等工作正常开展。\n3.保障津南区OA办公系统能够持续做好运行维护工作。\n4.保障视频监控系统正常运行。",
        "全部完成",
    ],
    side: Side::Rotated,
    ind_head: [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值(A)",
        "实际完成值(B)",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    ind_head2: None,
    blocks: &[Block {
        groups: &[
            Group {
                name: "产出指标（50分）",
                vertical: true,
                subs: &[
                    sub(
                        "数量指标",
                        &[
                            it("视频监控系统运维\n数量", "1套", "1套", 3.0, 3.0, ""),
                            it("机房运维数量", "2个", "2个", 3.0, 3.0, ""),
                            it("电子政务外网运维\n数量", "1套", "1套", 4.0, 4.0, ""),
                        ],
                    ),
                    sub(
                        "质量指标",
                        &[
                            it("视频监控系统在线率", "98%", "98%", 3.0, 3.0, ""),
                            it(
                                "政府机房、智慧津南管理服务中心机房\n安全运行",
                                "未发生系统故障",
                                "未发生系统故障",
                                5.0,
                                5.0,
                                "",
                            ),
                            it(
                                "OA办公系统正常运行",
                                "未发生系统故障",
                                "未发生系统故障",
                                2.0,
                                2.0,
                                "",
                            ),
                        ],
                    ),
                    sub(
                        "时效指标",
                        &[
                            it(
                                "智慧津南及数据湖PPP项目咨询按时开展",
                                "达到要求",
                                "达到要求",
                                5.0,
                                5.0,
                                "",
                            ),
                            it(
                                "每季度结束后组织视频监控系统运行考核",
                                "达到要求",
                                "达到要求",
                                5.0,
                                4.0,
                                "2020年5月我单位与原信息中心、联通系统集成有限公司签订权利义务转让三方协议，2019年第四季度、2020年第一季度考核由原信息中心负责组织，款项由我单位支付",
                            ),
                        ],
                    ),
                    sub(
                        "成本指标",
                        &[it(
                            "运维及咨询费",
                            "≤2837.8294万元",
                            "2635.204432万元",
                            20.0,
                            20.0,
                            "",
                        )],
                    ),
                ],
            },
            grp(
                "效益指标\n（30分）",
                &[
                    sub("经济效益指标", &[EMPTY_ITEM]),
                    sub(
                        "社会效益指标",
                        &[
                            it(
                                "做好运维工作，不断加强大数据安全保障\n力度",
                                "达到\n效果",
                                "达到效果",
                                10.0,
                                10.0,
                                "",
                            ),
                            it(
                                "做好咨询工作，确保项目合法合规开展",
                                "达到\n效果",
                                "达到效果",
                                10.0,
                                10.0,
                                "",
                            ),
                        ],
                    ),
                    sub("生态效益指标", &[EMPTY_ITEM]),
                    sub(
                        "可持续影响指标",
                        &[it(
                            "年内持续推进",
                            "按照时间节点完成",
                            "按照时间节点完成",
                            10.0,
                            8.0,
                            "个别合同签订不及时",
                        )],
                    ),
                ],
            ),
            grp(
                "满意度指标\n（10分）",
                &[sub(
                    "服务对象\n满意度指标",
                    &[it(
                        "视频监控系统运维满意度",
                        "达到\n要求",
                        "未开展",
                        10.0,
                        10.0,
                        "",
                    )],
                )],
            ),
        ],
    }],
    total: (100.0, V::N(96.0)),
    widths: [6.0, 14.0, 13.0, 22.0, 16.0, 16.0, 7.0, 9.0, 24.0],
};

/// 津南's breakdown rows: amounts left blank, '—' under 分值 and 得分.
const JINNAN_EMPTY_SOURCE: &[V] = &[V::B, V::B, V::B, V::T("—"), V::T("—"), V::B, V::B];

// ---------------------------------------------------------------------------
// Layout: place the form on a grid of (possibly merged) cells, then write it.
// ---------------------------------------------------------------------------

/// How a cell is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum S {
    /// The form title: large, bold, no border.
    Title,
    /// A line of the report above the table: no border, no wrap.
    Caption,
    /// Labels and headers: centred.
    Head,
    /// Free text: left-aligned.
    Left,
    /// Values: centred.
    Mid,
    /// Labels read top to bottom (Excel's stacked text, rotation 255).
    Vert,
}

/// One placed cell or merged range, relative to the form's origin.
struct Put {
    row: RowNum,
    col: ColNum,
    rows: RowNum,
    cols: ColNum,
    v: V,
    s: S,
}

/// The form laid out on a grid of the nine table columns.
struct Grid {
    puts: Vec<Put>,
    /// First row that belongs to the bordered table (after title/caption).
    table_top: RowNum,
    next_row: RowNum,
}

const COLS: ColNum = 9;

impl Grid {
    fn put(&mut self, row: RowNum, col: ColNum, rows: RowNum, cols: ColNum, v: V, s: S) {
        self.puts.push(Put {
            row,
            col,
            rows,
            cols,
            v,
            s,
        });
    }
}

fn text_or_blank(s: &'static str) -> V {
    if s.is_empty() {
        V::B
    } else {
        V::T(s)
    }
}

impl Form {
    /// Places every cell of the form, row by row as in the Word table.
    fn layout(&self) -> Grid {
        let mut g = Grid {
            puts: Vec::new(),
            table_top: 0,
            next_row: 0,
        };
        if let Some(c) = self.caption {
            g.put(0, 0, 1, 1, V::T(c), S::Caption);
            g.next_row += 1;
        }
        if let Some(t) = self.title {
            g.put(g.next_row, 0, 1, COLS, V::T(t), S::Title);
            g.next_row += 1;
        }
        g.table_top = g.next_row;

        // 项目名称 / 主管部门 / 实施单位.
        let r = g.next_row;
        g.put(r, 0, 1, 2, V::T(self.project[0]), S::Head);
        g.put(r, 2, 1, 7, V::T(self.project[1]), S::Left);
        let o = &self.owners;
        g.put(r + 1, 0, 1, 2, V::T(o[0]), S::Head);
        g.put(r + 1, 2, 1, 3, text_or_blank(o[1]), S::Left);
        g.put(r + 1, 5, 1, 2, V::T(o[2]), S::Head);
        g.put(r + 1, 7, 1, 2, text_or_blank(o[3]), S::Left);
        g.next_row += 2;

        self.layout_fund(&mut g);

        // 年度总体目标: headers, then the two texts.
        let r = g.next_row;
        let goal = &self.goal;
        g.put(r, 0, 2, 1, V::T(goal[0]), S::Head);
        g.put(r, 1, 1, 4, V::T(goal[1]), S::Head);
        g.put(r, 5, 1, 4, V::T(goal[2]), S::Head);
        g.put(r + 1, 1, 1, 4, text_or_blank(goal[3]), S::Left);
        g.put(r + 1, 5, 1, 4, text_or_blank(goal[4]), S::Left);
        g.next_row += 2;

        self.layout_indicators(&mut g);

        // 总分 under the 分值 and 得分 columns.
        let r = g.next_row;
        g.put(r, 0, 1, 6, V::T("总分"), S::Head);
        g.put(r, 6, 1, 1, V::N(self.total.0), S::Mid);
        g.put(r, 7, 1, 1, self.total.1, S::Mid);
        g.put(r, 8, 1, 1, V::B, S::Mid);
        g.next_row += 1;
        g
    }

    fn layout_fund(&self, g: &mut Grid) {
        let f = &self.fund;
        let top = g.next_row;
        let head_rows: RowNum = if f.head2.is_some() { 2 } else { 1 };
        let body = f.rows.len() as RowNum;
        let first_value_col = 1 + f.label_cols;
        debug_assert_eq!(f.head.len(), (COLS - first_value_col) as usize);

        // First column: one merged label, or one label per header row.
        if let [label] = f.label {
            g.put(top, 0, head_rows + body, 1, V::T(label), S::Head);
        } else {
            for (i, label) in f.label.iter().enumerate() {
                g.put(top + i as RowNum, 0, 1, 1, V::T(label), S::Head);
            }
            for r in top + f.label.len() as RowNum..top + head_rows + body {
                g.put(r, 0, 1, 1, V::B, S::Head);
            }
        }
        // The blank header cell above the row labels.
        g.put(top, 1, head_rows, f.label_cols, V::B, S::Head);
        for (i, head) in f.head.iter().enumerate() {
            let col = first_value_col + i as ColNum;
            match f.head2.map(|h| h[i]) {
                Some("") => g.put(top, col, 2, 1, V::T(head), S::Head),
                Some(second) => {
                    g.put(top, col, 1, 1, V::T(head), S::Head);
                    g.put(top + 1, col, 1, 1, V::T(second), S::Head);
                }
                None => g.put(top, col, 1, 1, V::T(head), S::Head),
            }
        }
        for (i, (label, values)) in f.rows.iter().enumerate() {
            let r = top + head_rows + i as RowNum;
            g.put(r, 1, 1, f.label_cols, V::T(label), S::Left);
            for (j, v) in values.iter().enumerate() {
                g.put(r, first_value_col + j as ColNum, 1, 1, *v, S::Mid);
            }
        }
        g.next_row = top + head_rows + body;
    }

    fn layout_indicators(&self, g: &mut Grid) {
        let top = g.next_row;
        let head_rows: RowNum = if self.ind_head2.is_some() { 2 } else { 1 };
        for (i, head) in self.ind_head.iter().enumerate() {
            let col = 1 + i as ColNum;
            match self.ind_head2.map(|h| h[i]) {
                Some("") => g.put(top, col, 2, 1, V::T(head), S::Head),
                Some(second) => {
                    g.put(top, col, 1, 1, V::T(head), S::Head);
                    g.put(top + 1, col, 1, 1, V::T(second), S::Head);
                }
                None => g.put(top, col, 1, 1, V::T(head), S::Head),
            }
        }
        let mut r = top + head_rows;
        for (b, block) in self.blocks.iter().enumerate() {
            // The first block's label also covers the header rows.
            let block_top = if b == 0 { top } else { r };
            for group in block.groups {
                let group_top = r;
                for sub in group.subs {
                    let sub_top = r;
                    for item in sub.items {
                        g.put(r, 3, 1, 1, text_or_blank(item.name), S::Left);
                        g.put(r, 4, 1, 1, text_or_blank(item.target), S::Mid);
                        g.put(r, 5, 1, 1, text_or_blank(item.actual), S::Mid);
                        g.put(r, 6, 1, 1, item.weight.map_or(V::B, V::N), S::Mid);
                        g.put(r, 7, 1, 1, item.score.map_or(V::B, V::N), S::Mid);
                        g.put(r, 8, 1, 1, text_or_blank(item.note), S::Left);
                        r += 1;
                    }
                    g.put(sub_top, 2, r - sub_top, 1, text_or_blank(sub.name), S::Head);
                }
                let style = if group.vertical { S::Vert } else { S::Head };
                g.put(
                    group_top,
                    1,
                    r - group_top,
                    1,
                    text_or_blank(group.name),
                    style,
                );
            }
            match self.side {
                Side::Rotated => g.put(block_top, 0, r - block_top, 1, V::T("绩效指标"), S::Vert),
                Side::Lines => g.put(
                    block_top,
                    0,
                    r - block_top,
                    1,
                    V::T("绩\n效\n指\n标"),
                    S::Head,
                ),
                Side::PerRow => {
                    for (i, row) in (block_top..r).enumerate() {
                        let v = ["绩", "效", "指", "标"].get(i).map_or(V::B, |c| V::T(c));
                        g.put(row, 0, 1, 1, v, S::Head);
                    }
                }
            }
        }
        g.next_row = r;
    }

    /// Lays the form out and writes it to `dir/self.file`.
    fn save(&self, dir: &Path) -> Result<(), XlsxError> {
        let grid = self.layout();
        check_coverage(&grid, self.file)?;
        let (r0, c0) = self.origin;

        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(self.sheet)?;
        if c0 > 0 {
            // A narrow blank spacer column in front of a shifted form.
            for c in 0..c0 {
                ws.set_column_width(c, 2.0)?;
            }
        }
        for (i, w) in self.widths.iter().enumerate() {
            ws.set_column_width(c0 + i as ColNum, *w)?;
        }
        for p in &grid.puts {
            let fmt = format_for(p.s, matches!(p.v, V::P(_)));
            let (row, col) = (r0 + p.row, c0 + p.col);
            if p.rows > 1 || p.cols > 1 {
                let text = if let V::T(t) = p.v { t } else { "" };
                ws.merge_range(row, col, row + p.rows - 1, col + p.cols - 1, text, &fmt)?;
            }
            match p.v {
                V::B if p.rows == 1 && p.cols == 1 => {
                    ws.write_blank(row, col, &fmt)?;
                }
                V::T(t) if p.rows == 1 && p.cols == 1 => {
                    ws.write_string_with_format(row, col, t, &fmt)?;
                }
                V::N(x) | V::P(x) => {
                    ws.write_number_with_format(row, col, x, &fmt)?;
                }
                _ => {}
            }
        }
        for (r, h) in row_heights(&grid, &self.widths).into_iter().enumerate() {
            ws.set_row_height(r0 + r as RowNum, h)?;
        }

        // A4 portrait, one page wide, centred: how the form is printed.
        ws.set_paper_size(9);
        ws.set_portrait();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        ws.set_print_center_horizontally(true);
        ws.set_print_area(r0, 0, r0 + grid.next_row - 1, c0 + COLS - 1)?;

        wb.save(dir.join(self.file))
    }
}

/// Every table row must be covered exactly once, or the Word table was
/// transcribed with a cell missing or doubled.
fn check_coverage(grid: &Grid, file: &str) -> Result<(), XlsxError> {
    let rows = grid.next_row as usize;
    let mut seen = vec![[0u8; COLS as usize]; rows];
    for p in &grid.puts {
        for r in p.row..p.row + p.rows {
            for c in p.col..p.col + p.cols {
                seen[r as usize][c as usize] += 1;
            }
        }
    }
    for (r, row) in seen.iter().enumerate().skip(grid.table_top as usize) {
        for (c, n) in row.iter().enumerate() {
            if *n != 1 {
                return Err(XlsxError::ParameterError(format!(
                    "{file}: table cell ({r}, {c}) placed {n} times"
                )));
            }
        }
    }
    Ok(())
}

const FONT: &str = "宋体";
/// Height of one line of 10pt 宋体, and the padding around a cell's text.
const LINE_PT: f64 = 13.5;
const PAD_PT: f64 = 6.0;

fn format_for(s: S, percent: bool) -> Format {
    let base = Format::new().set_font_name(FONT).set_font_size(10);
    let f = match s {
        S::Title => {
            return base
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
        }
        S::Caption => {
            return base
                .set_font_size(12)
                .set_bold()
                .set_align(FormatAlign::VerticalCenter)
        }
        S::Head | S::Mid => base.set_align(FormatAlign::Center),
        S::Left => base.set_align(FormatAlign::Left),
        // rust_xlsxwriter writes 270 as Excel's stacked text (textRotation
        // 255); set_rotation(255) itself is out of range and ignored.
        S::Vert => base.set_align(FormatAlign::Center).set_rotation(270),
    };
    let f = f
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    if percent {
        f.set_num_format("0%")
    } else {
        f
    }
}

/// Rendered width of text in pixels at 10pt 宋体: CJK and full-width
/// characters are square (about 13.4 px), others half as wide.
fn text_px(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 6.7 } else { 13.4 })
        .sum()
}

/// Lines the text wraps to in a cell `width` character units wide (Excel
/// draws a unit as 7 px plus 5 px of cell margin; keep 4 px for the text's
/// own padding).
fn wrapped_lines(text: &str, width: f64) -> f64 {
    let usable = (width * 7.0 + 1.0).max(14.0);
    text.split('\n')
        .map(|line| (text_px(line) / usable).ceil().max(1.0))
        .sum()
}

/// Row heights (points) that show every cell's text in full, as Word did.
fn row_heights(grid: &Grid, widths: &[f64; 9]) -> Vec<f64> {
    let mut heights = vec![18.0_f64; grid.next_row as usize];
    let span_width = |p: &Put| -> f64 {
        widths[p.col as usize..(p.col + p.cols) as usize]
            .iter()
            .sum()
    };
    let needed = |p: &Put| -> f64 {
        let text = match p.v {
            V::T(t) => t,
            V::N(_) | V::P(_) => "0000",
            V::B => return 0.0,
        };
        match p.s {
            S::Title => 30.0,
            S::Caption => 22.0,
            S::Vert => text.chars().count() as f64 * 12.0 + PAD_PT,
            _ => wrapped_lines(text, span_width(p)) * LINE_PT + PAD_PT,
        }
    };
    // Single-row cells first, then stretch the last row under taller merges.
    for p in grid.puts.iter().filter(|p| p.rows == 1) {
        let h = &mut heights[p.row as usize];
        *h = h.max(needed(p));
    }
    for p in grid.puts.iter().filter(|p| p.rows > 1) {
        let range = p.row as usize..(p.row + p.rows) as usize;
        let have: f64 = heights[range.clone()].iter().sum();
        let want = needed(p);
        if want > have {
            heights[range.end - 1] += want - have;
        }
    }
    heights
}
