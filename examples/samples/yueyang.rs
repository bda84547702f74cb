//! The 岳阳 sample (seed 003): 附件2-2 财政支出项目绩效评价自评报告 and
//! 附件3-2 项目支出绩效评价指标体系, two sheets rendered from the Word tables
//! they were published in. The 指标体系 keeps the original's page breaks: the
//! 一级 label 项目管理 is written again on the second page and the header row
//! is repeated before 项目绩效 — a reader must not count either twice.

use rust_xlsxwriter::{ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, XlsxError};
use std::path::Path;

pub const FILE: &str = "岳阳_电子政务云平台租赁及维护项目.xlsx";

pub fn build(dir: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let report = report_sheet();
    let ws = wb.add_worksheet();
    ws.set_name("自评报告")?;
    report.write(ws, &[16.0, 10.0, 16.0, 10.0, 14.0, 12.0, 14.0, 12.0], &[])?;
    let framework = framework_sheet();
    let ws = wb.add_worksheet();
    ws.set_name("指标体系")?;
    framework.write(
        ws,
        &[8.0, 5.0, 8.0, 5.0, 8.0, 5.0, 24.0, 30.0, 6.0],
        &framework_page_breaks(),
    )?;
    wb.save(dir.join(FILE))
}

/// A cell's content as the original shows it.
#[derive(Clone, Copy, Debug)]
enum V {
    B,
    T(&'static str),
    N(f64),
}

/// How a cell is drawn.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum S {
    Title,
    /// A line outside the table: no border.
    Caption,
    Head,
    Left,
    Mid,
}

struct Put {
    row: RowNum,
    col: ColNum,
    rows: RowNum,
    cols: ColNum,
    v: V,
    s: S,
}

#[derive(Default)]
struct Grid {
    puts: Vec<Put>,
    next_row: RowNum,
}

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
        self.next_row = self.next_row.max(row + rows);
    }

    /// A row of (columns spanned, value, style) cells from column 0.
    fn line(&mut self, row: RowNum, cells: &[(ColNum, V, S)]) {
        let mut col = 0;
        for &(cols, v, s) in cells {
            self.put(row, col, 1, cols, v, s);
            col += cols;
        }
    }

    fn write(
        &self,
        ws: &mut rust_xlsxwriter::Worksheet,
        widths: &[f64],
        breaks: &[RowNum],
    ) -> Result<(), XlsxError> {
        for (i, w) in widths.iter().enumerate() {
            ws.set_column_width(i as ColNum, *w)?;
        }
        for p in &self.puts {
            let fmt = format_for(p.s);
            if p.rows > 1 || p.cols > 1 {
                let text = if let V::T(t) = p.v { t } else { "" };
                ws.merge_range(
                    p.row,
                    p.col,
                    p.row + p.rows - 1,
                    p.col + p.cols - 1,
                    text,
                    &fmt,
                )?;
            }
            match p.v {
                V::B if p.rows == 1 && p.cols == 1 => {
                    ws.write_blank(p.row, p.col, &fmt)?;
                }
                V::T(t) if p.rows == 1 && p.cols == 1 => {
                    ws.write_string_with_format(p.row, p.col, t, &fmt)?;
                }
                V::N(x) => {
                    ws.write_number_with_format(p.row, p.col, x, &fmt)?;
                }
                _ => {}
            }
        }
        for (r, h) in self.row_heights(widths).into_iter().enumerate() {
            ws.set_row_height(r as RowNum, h)?;
        }
        ws.set_paper_size(9);
        ws.set_portrait();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        ws.set_print_center_horizontally(true);
        if !breaks.is_empty() {
            ws.set_page_breaks(breaks)?;
        }
        Ok(())
    }

    /// Row heights that show every cell's text in full.
    fn row_heights(&self, widths: &[f64]) -> Vec<f64> {
        let mut heights = vec![18.0_f64; self.next_row as usize];
        let lines = |p: &Put| -> f64 {
            let V::T(text) = p.v else { return 1.0 };
            let width: f64 = widths[p.col as usize..(p.col + p.cols) as usize]
                .iter()
                .sum();
            let usable = (width * 7.0 + 1.0).max(14.0);
            text.split('\n')
                .map(|l| {
                    let px: f64 = l
                        .chars()
                        .map(|c| if c.is_ascii() { 6.7 } else { 13.4 })
                        .sum();
                    (px / usable).ceil().max(1.0)
                })
                .sum()
        };
        let needed = |p: &Put| match p.s {
            S::Title => 30.0,
            _ => lines(p) * 13.5 + 6.0,
        };
        for p in self.puts.iter().filter(|p| p.rows == 1) {
            let h = &mut heights[p.row as usize];
            *h = h.max(needed(p));
        }
        for p in self.puts.iter().filter(|p| p.rows > 1) {
            let range = p.row as usize..(p.row + p.rows) as usize;
            let have: f64 = heights[range.clone()].iter().sum();
            let want = needed(p);
            if want > have {
                heights[range.end - 1] += want - have;
            }
        }
        heights
    }
}

fn format_for(s: S) -> Format {
    let base = Format::new().set_font_name("宋体").set_font_size(10);
    match s {
        S::Title => base
            .set_font_size(16)
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        S::Caption => base
            .set_font_size(11)
            .set_align(FormatAlign::VerticalCenter),
        S::Head | S::Mid => base
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
        S::Left => base
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_border(FormatBorder::Thin),
    }
}

use S::*;
use V::*;

/// 附件2-2: the report's cover lines, 项目基本概况 with the four money
/// columns split by source, 支出明细, the 定性/定量 targets, 综合得分 and 评价等次.
fn report_sheet() -> Grid {
    let mut g = Grid::default();
    g.put(0, 0, 1, 8, T("附件2-2"), Caption);
    g.put(1, 0, 1, 8, T("岳阳市财政支出项目绩效评价自评报告"), Title);
    g.put(
        2,
        0,
        1,
        8,
        T("评价类型：项目实施过程评价□   项目完成结果评价√"),
        Caption,
    );
    g.line(
        3,
        &[
            (1, T("项目名称"), Head),
            (7, T("电子政务云平台租赁及维护项目"), Left),
        ],
    );
    g.line(
        4,
        &[(1, T("项目单位"), Head), (7, T("岳阳市政务服务中心"), Left)],
    );
    g.line(
        5,
        &[(1, T("主管部门"), Head), (7, T("岳阳市政务服务中心"), Left)],
    );
    g.put(6, 0, 1, 8, T("评价方式：部门（单位）绩效自评"), Caption);
    g.put(7, 0, 1, 8, T("评价机构：部门（单位）评价组"), Caption);
    g.put(8, 0, 1, 8, T("报告日期：2020年6月8日"), Caption);
    g.put(9, 0, 1, 8, T("一、项 目 基 本 概 况"), Caption);
    g.line(
        10,
        &[
            (1, T("项目负责人"), Head),
            (3, T("季传志"), Left),
            (1, T("联系电话"), Head),
            (3, T("13975033771"), Left),
        ],
    );
    g.line(
        11,
        &[
            (1, T("项目地址"), Head),
            (3, T("岳阳市政务云计算中心"), Left),
            (1, T("邮  编"), Head),
            (3, T("414000"), Left),
        ],
    );
    g.line(
        12,
        &[
            (1, T("项目起止时间"), Head),
            (7, T("2019年  6月起至  2020年 6月止"), Left),
        ],
    );
    g.line(
        13,
        &[
            (1, T("计划安排资金\n（万元）"), Head),
            (1, N(152.0), Mid),
            (1, T("实际到位资金\n（万元）"), Head),
            (1, N(152.0), Mid),
            (1, T("实际支出\n（万元）"), Head),
            (1, N(42.0), Mid),
            (1, T("结余（万元）"), Head),
            (1, N(110.0), Mid),
        ],
    );
    let sources: [(&str, [V; 4]); 5] = [
        ("其中：中央财政", [B, B, B, B]),
        ("省财政", [B, B, B, B]),
        ("市财政", [N(152.0), N(152.0), N(42.0), N(110.0)]),
        ("县市区财政", [B, B, B, B]),
        ("其它", [B, B, B, B]),
    ];
    for (i, (label, values)) in sources.iter().enumerate() {
        let r = 14 + i as RowNum;
        for (j, v) in values.iter().enumerate() {
            g.put(r, 2 * j as ColNum, 1, 1, T(label), Head);
            g.put(r, 2 * j as ColNum + 1, 1, 1, *v, Mid);
        }
    }
    g.put(19, 0, 1, 8, T("二、项目支出明细情况"), Caption);
    g.line(
        20,
        &[
            (2, T("支出内容"), Head),
            (2, T("实际支出数"), Head),
            (2, T("会计凭证号"), Head),
            (2, T("备注"), Head),
        ],
    );
    g.line(
        21,
        &[
            (2, T("云平台运行维护"), Left),
            (2, T("42万元"), Mid),
            (2, T("2019年6月4号"), Mid),
            (2, B, Mid),
        ],
    );
    g.line(22, &[(2, B, Left), (2, B, Mid), (2, B, Mid), (2, B, Mid)]);
    g.line(
        23,
        &[
            (2, T("支出合计"), Head),
            (2, T("42万元"), Mid),
            (2, B, Mid),
            (2, B, Mid),
        ],
    );
    g.put(24, 0, 1, 8, T("三、项目绩效自评情况"), Caption);
    g.put(25, 0, 2, 1, T("项目绩效定性目标及实施计划完成情况"), Head);
    g.put(25, 1, 1, 4, T("预  期 目 标"), Head);
    g.put(25, 5, 1, 3, T("实际完成"), Head);
    g.put(
        26,
        1,
        1,
        4,
        T("按照“统一建设、共享使用”的集约化建设模式，为政府各部门搭建全市统一的基础架构平台，向所有政府部门提供服务器、存储、安全防护、网络支撑和数据共享融合等服务。"),
        Left,
    );
    g.put(
        26,
        5,
        1,
        3,
        T("各单位新建相关业务系统，没有建设独立信息化机房和相关硬件设施，由云中心统一承担各类支撑服务。云中心部署了市政府门户网站群、12345热线平台、政务服务一体化平台、数字城管、信用信息，金融信息、网格化管理、数据交换和共享平台、人社业务系统等约50个信息系统，归集政务数据总量1.35亿条，2019年度政务云计算中心运行稳定。通过采用集约化建设模式，节省大量财政资金。"),
        Left,
    );
    // 定量目标: 一级 | 二级 | 指标内容 (2 cols) | 指标（目标）值 | 实际完成值 (2 cols).
    let top = 27;
    g.put(top, 1, 1, 1, T("一级指标"), Head);
    g.put(top, 2, 1, 1, T("二级指标"), Head);
    g.put(top, 3, 1, 2, T("指标内容"), Head);
    g.put(top, 5, 1, 1, T("指标（目标）值"), Head);
    g.put(top, 6, 1, 2, T("实际完成值"), Head);
    type Sub = (
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    );
    let groups: [(&str, &[Sub]); 2] = [
        (
            "项目产出指标",
            &[
                (
                    "数量指标",
                    &[("计算节点", "32", "60"), ("存储", "300T", "500T")],
                ),
                (
                    "质量指标",
                    &[("运行系统", "20", "50"), ("政务数据", "5000万", "1.35亿")],
                ),
                ("时效指标", &[("无", "", ""), ("", "", "")]),
                ("成本指标", &[("无", "", ""), ("", "", "")]),
            ],
        ),
        (
            "项目效益指标",
            &[
                (
                    "经济效益\n指标",
                    &[("节省财政资金", "500万", "1324.48万"), ("", "", "")],
                ),
                ("社会效益\n指标", &[("无", "", ""), ("", "", "")]),
                ("生态效益\n指标", &[("无", "", ""), ("", "", "")]),
                ("服务对象满意度\n指标", &[("单位满意率", "98%", "100%")]),
            ],
        ),
    ];
    let v = |s: &'static str| if s.is_empty() { B } else { T(s) };
    let mut r = top + 1;
    for (name, subs) in groups {
        let group_top = r;
        for (sub, items) in subs {
            let sub_top = r;
            for (item, target, actual) in *items {
                g.put(r, 3, 1, 2, v(item), Left);
                g.put(r, 5, 1, 1, v(target), Mid);
                g.put(r, 6, 1, 2, v(actual), Mid);
                r += 1;
            }
            g.put(sub_top, 2, r - sub_top, 1, T(sub), Head);
        }
        g.put(group_top, 1, r - group_top, 1, T(name), Head);
    }
    g.put(
        top,
        0,
        r - top,
        1,
        T("项目绩效定量目标（指标）及完成情况"),
        Head,
    );
    g.line(r, &[(5, T("绩效自评综合得分"), Head), (3, N(98.0), Mid)]);
    g.line(r + 1, &[(5, T("评价等次"), Head), (3, T("优秀"), Mid)]);
    let r = r + 2;
    g.put(r, 0, 1, 8, T("四、评价人员"), Caption);
    g.line(
        r + 1,
        &[
            (2, T("姓名"), Head),
            (2, T("职称/职务"), Head),
            (2, T("单  位"), Head),
            (2, T("签字"), Head),
        ],
    );
    for (i, (name, title)) in [
        ("谢芳茂", "副主任"),
        ("季传志", "科长"),
        ("黎朝阳", "副科长"),
    ]
    .iter()
    .enumerate()
    {
        g.line(
            r + 2 + i as RowNum,
            &[
                (2, T(name), Mid),
                (2, T(title), Mid),
                (2, T("市政务服务中心"), Mid),
                (2, B, Mid),
            ],
        );
    }
    let r = r + 5;
    g.put(
        r,
        0,
        1,
        8,
        T("评价组组长（签字）：\n                                        年   月   日"),
        Left,
    );
    g.put(r + 1, 0, 1, 8, T("项目单位意见：\n\n                    项目单位负责人（签章）：\n                                        年   月   日"), Left);
    g.put(r + 2, 0, 1, 8, T("主管部门意见：\n\n                    主管部门负责人（签章）：\n                                        年   月   日"), Left);
    g.put(r + 3, 0, 1, 8, T("财政部门归口业务科室意见：\n\n                    财政部门归口业务科室负责人（签章）：\n                                        年   月   日"), Left);
    g.put(
        r + 4,
        0,
        1,
        8,
        T("填报人（签名）：                    联系电话："),
        Caption,
    );
    g
}

/// One 三级指标: name, 分值, 具体指标, 评价标准, 自评得分.
type Item = (&'static str, f64, &'static str, &'static str, f64);
/// 二级指标 with its 分值 and items.
type Level2 = (&'static str, f64, &'static [Item]);

/// The 指标体系 in page chunks: each chunk is (一级, 一级分值, 二级 list) and
/// whether the header row is repeated before it.
const PAGES: &[(bool, &str, f64, &[Level2])] = &[
    (
        true,
        "项目决策",
        20.0,
        &[
            ("项目目标", 4.0, &[("目标\n内容", 4.0, "设立了项目绩效目标；目标明确；目标细化；目标量化", "①设有目标（1分）\n②目标明确（1分）\n③目标细化（1分）\n④目标量化（1分）", 4.0)]),
            (
                "决策过程",
                8.0,
                &[
                    ("决策\n依据", 4.0, "有关法律法规的明确规定；某一经济社会发展规划；某部门年度工作计划；某一实际问题和需求", "①符合法律法规（1分）\n②符合经济社会发展规划（1分）\n③部门年度工作计划（1分）\n④针对某一实际问题和需求（1分）\n以上③需提供佐证资料。", 4.0),
                    ("决策\n程序", 4.0, "项目符合申报条件；申报、批复程序符合相关管理办法；项目调整履行了相应手续", "①符合申报条件（2分）\n②项目申报、批复程序符合管理办法（1分）\n③项目调整履行了相应手续（1分）", 4.0),
                ],
            ),
            (
                "资金分配",
                8.0,
                &[
                    ("分配\n办法", 3.0, "根据需要制定的相关资金管理办法；管理办法中有明确资金分配办法；资金分配因素全面、合理", "①有相应的资金管理办法（1分）\n②办法健全、规范（1分）\n③因素全面合理（1分）\n以上①需提供佐证资料。", 3.0),
                    ("分配\n结果", 5.0, "资金分配符合相关管理办法；分配结果公平合理", "①符合分配办法（2分）\n②分配公平合理（3分）\n此项需提供相应的资金分配方案。", 3.0),
                ],
            ),
        ],
    ),
    (
        false,
        "项目管理 ",
        25.0,
        &[
            (
                "资金到位",
                5.0,
                &[
                    ("到位率", 3.0, "实际到位/计划到位*100%", "根据项目资金的实际到位率计算得分（3分）", 3.0),
                    ("到位\n时效", 2.0, "资金及时到位；若未及时到位，是否影响项目进度", "①到位及时（2分）\n②不及时但未影响项目进度 （1分）\n③不及时并影响项目进度（0.5分）", 2.0),
                ],
            ),
            (
                "资金管理",
                10.0,
                &[
                    ("资金\n使用", 7.0, "支出依据合规，无虚列项目支出情况；无截留挤占挪用情况；无超标准开支情况；无超预算情况", "①虚列套取扣4-7分 \n②依据不合规扣2分\n③截留、挤占、挪用扣3-6分\n④超标准开支扣2-5分\n⑤超预算扣2-5分", 7.0),
                    ("财务\n管理", 3.0, "资金管理、费用支出等制度健全；制度执行严格；会计核算规范", "①财务制度健全（1分）\n②严格执行制度（1分）\n③会计核算规范（1分）\n以上①需提供佐证资料。", 3.0),
                ],
            ),
        ],
    ),
    // Page 2: the original writes 项目管理 25 again above 组织实施.
    (
        false,
        "项目管理 ",
        25.0,
        &[(
            "组织实施",
            10.0,
            &[
                ("组织\n机构", 1.0, "机构健全、分工明确", "①机构健全、分工明确  （1分）", 1.0),
                ("支撑\n条件", 1.0, "项目实施单位是否提供或具备了必备的人员、场地和设备等条件", "具备人员、场地、设备条件（1分）", 1.0),
                ("项目\n实施", 3.0, "项目按计划开工；按计划进度开展；按计划完工", "①按计划开工（1分）\n②按计划开展（1分）\n③按计划完工（1分）", 3.0),
                ("管理\n制度", 5.0, "项目管理制度健全；严格执行相关管理制度", "①管理制度健全（2分）\n②制度执行严格（3分）\n以上①需提供佐证资料。", 5.0),
            ],
        )],
    ),
    // Page 3: the header row is repeated before 项目绩效.
    (
        true,
        "项目绩效",
        55.0,
        &[
            (
                "项目产出",
                15.0,
                &[
                    ("产出\n数量", 5.0, "目标完成率=目标完成数/预定目标数×100%", "完成绩效目标100%得5分，未完成100%的同比例扣减。", 5.0),
                    ("产出\n质量", 4.0, "目标完成质量=实际达到的效果/预定目标×100%", "项目产出质量达到绩效目标100%得4分，未完成100%的同比例扣减。", 4.0),
                    ("产出\n时效", 3.0, "项目资金使用的预定目标是否如期完成，未完成的理由是否充分", "项目产出时效达到绩效目标得3分，未如期完成且无充分理由的扣3分。", 3.0),
                    ("产出\n成本", 3.0, "项目产出成本是否按绩效目标控制", "项目产出成本按绩效目标控制得3分，未完成的，按超支比例扣减。", 3.0),
                ],
            ),
            (
                "项目效果",
                40.0,
                &[
                    ("经济\n效益", 8.0, "指项目对国民经济和区域经济发展所带来的直接或间接效益等", "完成绩效目标设定的经济效益得8分，未完成的，按完成情况酌情扣分。", 8.0),
                    ("社会\n效益", 8.0, "项目实施是否产生社会综合效益", "完成绩效目标设定的社会效益得8分，未完成的，按完成情况酌情扣分。", 8.0),
                    ("环境\n效益", 8.0, "项目实施是否对环境产生积极或消极影响", "完成绩效目标设定的积极的环境效益得8分，未完成的，按完成情况酌情扣分。", 8.0),
                    ("可持续\n影响", 8.0, "项目实施对人、自然、资源是否带来可持续影响", "完成绩效设定目标的得8分，未完成的，按完成情况酌情扣分。", 8.0),
                    ("服务\n\n对象\n\n满意度", 8.0, "服务对象满意率=项目区被调查人数中表示满意的人数(户数)/ 被调查人数(户数)×100%", "满意率达90%（含）以上的得8分，80%（含）-90%得6分，70%（含）-80%得4分，60%（含）-70%得2分，60%以下不得分。", 8.0),
                ],
            ),
        ],
    ),
];

const HEADER: [&str; 9] = [
    "一级\n指标",
    "分值",
    "二级\n指标",
    "分值",
    "三级\n指标",
    "分值",
    "具体指标",
    "评价标准",
    "自评\n\n得分",
];

/// The first row of each chunk that starts a new printed page (page 1 is
/// the first two chunks).
fn framework_page_breaks() -> Vec<RowNum> {
    let mut breaks = Vec::new();
    let mut r: RowNum = 2;
    for (i, (header, _, _, subs)) in PAGES.iter().enumerate() {
        if i >= 2 {
            breaks.push(r);
        }
        if *header {
            r += 1;
        }
        r += subs.iter().map(|s| s.2.len() as RowNum).sum::<RowNum>();
    }
    breaks
}

/// 附件3-2: three levels of 分值, the criteria and the 自评得分.
fn framework_sheet() -> Grid {
    let mut g = Grid::default();
    g.put(0, 0, 1, 9, T("附件3-2"), Caption);
    g.put(1, 0, 1, 9, T("项目支出绩效评价指标体系"), Title);
    let mut r: RowNum = 2;
    for (header, name, points, subs) in PAGES {
        if *header {
            for (c, h) in HEADER.iter().enumerate() {
                g.put(r, c as ColNum, 1, 1, T(h), Head);
            }
            r += 1;
        }
        let top = r;
        for (sub, sub_points, items) in *subs {
            let sub_top = r;
            for (item, item_points, detail, criteria, score) in *items {
                g.put(r, 4, 1, 1, T(item), Head);
                g.put(r, 5, 1, 1, N(*item_points), Mid);
                g.put(r, 6, 1, 1, T(detail), Left);
                g.put(r, 7, 1, 1, T(criteria), Left);
                g.put(r, 8, 1, 1, N(*score), Mid);
                r += 1;
            }
            g.put(sub_top, 2, r - sub_top, 1, T(sub), Head);
            g.put(sub_top, 3, r - sub_top, 1, N(*sub_points), Mid);
        }
        g.put(top, 0, r - top, 1, T(name), Head);
        g.put(top, 1, r - top, 1, N(*points), Mid);
    }
    g.line(
        r,
        &[
            (1, T("总分"), Head),
            (1, N(100.0), Mid),
            (1, B, Mid),
            (1, N(100.0), Mid),
            (1, B, Mid),
            (1, N(100.0), Mid),
            (1, B, Mid),
            (1, B, Mid),
            (1, N(98.0), Mid),
        ],
    );
    g
}
