//! Reading the report block and the 指标体系 into the typed model. Word
//! tables pasted into Excel: merged label cells, labels with line breaks
//! ("一级\n指标"), the 指标体系 header repeated after a page break and a 一级
//! label written again on the next page.

use super::detect::{row_labels, system_headers};
use super::model::*;
use crate::amount::Amount;
use crate::forms::labels::{has_any, norm};
use crate::forms::region::Region;
use crate::workbook::Sheet;

type View<'a> = Region<'a>;

impl View<'_> {
    /// The next anchor cell right of the label at (r, c), filled or not.
    fn next_right(&self, r: u32, c: u32) -> Option<(u32, u32)> {
        let (_, last_col) = self.sheet.extent()?;
        let start = self.right_edge(r, c) + 1;
        (start..=last_col)
            .map(|col| self.sheet.anchor(r, col))
            .find(|&(ar, ac)| ar == r && ac >= start)
            .or_else(|| (start <= last_col).then_some((r, start)))
    }

    /// A header field: label cell, value in the next cell to its right.
    fn field_named(&self, name: &str) -> Option<Field> {
        let (r, c) = self.find(|t| t == name)?;
        let label = self.text_cell(r, c);
        let value = self.next_right(r, c).map(|(vr, vc)| self.text_cell(vr, vc));
        Some(Field { label, value })
    }
}

/// The report block on `sheet` from row `top` to `bottom`.
pub fn report(sheet: &Sheet, top: u32, bottom: u32) -> Report {
    let v = View::rows(sheet, top, bottom);
    let title = v
        .find(|t| t.contains("自评报告") && t.chars().count() <= 40)
        .map(|(r, c)| v.text_cell(r, c));
    let score = v
        .find(|t| t == "绩效自评综合得分" || t == "自评综合得分" || t == "综合得分")
        .and_then(|(r, c)| v.next_right(r, c))
        .map(|(r, c)| Amount::read(sheet, r, c));
    let rating = v
        .find(|t| matches!(t, "评价等次" | "评价等级" | "自评等次" | "自评等级"))
        .and_then(|(r, c)| v.next_right(r, c))
        .map(|(r, c)| v.text_cell(r, c));
    Report {
        sheet: sheet.name.clone(),
        range: v.used_rect(),
        title,
        project: v.field_named("项目名称"),
        unit: v.field_named("项目单位"),
        department: v.field_named("主管部门"),
        funds: funds(&v),
        spending: spending(&v),
        goals: goals(&v),
        targets: targets(&v),
        score,
        rating,
    }
}

fn money_kind(label: &str) -> Option<MoneyKind> {
    if label.starts_with("计划安排资金") || label.starts_with("计划投入资金") {
        Some(MoneyKind::Planned)
    } else if label.starts_with("实际到位资金") {
        Some(MoneyKind::Arrived)
    } else if label.starts_with("实际支出") && !label.contains("实际支出数") {
        Some(MoneyKind::Spent)
    } else if label.starts_with("结余") {
        Some(MoneyKind::Balance)
    } else {
        None
    }
}

/// A source label under a money column: "其中：中央财政" → "中央财政".
fn source_name(label: &str) -> Option<String> {
    let l = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    let known = l.ends_with("财政") || matches!(l, "其它" | "其他" | "其他资金" | "自筹");
    (known && l.chars().count() <= 8).then(|| l.to_string())
}

/// 计划安排资金 | v | 实际到位资金 | v | 实际支出 | v | 结余 | v, each with
/// its source lines below (label in the same column, value beside it).
fn funds(v: &View<'_>) -> Option<Funds> {
    let (hr, _) = v.find(|t| money_kind(t) == Some(MoneyKind::Planned))?;
    let mut columns = Vec::new();
    for (c, t) in row_labels(v.sheet, hr) {
        let Some(kind) = money_kind(&t) else { continue };
        let Some((_, vc)) = v.next_right(hr, c) else {
            continue;
        };
        let mut sources = Vec::new();
        let mut r = v.sheet.merge_at(hr, c).map_or(hr, |m| m.bottom) + 1;
        while r <= v.rect.bottom && r <= hr + 10 {
            let Some(name) = source_name(&v.label(r, c)) else {
                break;
            };
            sources.push(Source {
                name,
                label: v.text_cell(r, c),
                amount: Amount::read(v.sheet, r, v.right_edge(r, c) + 1),
            });
            r += 1;
        }
        columns.push(Money {
            kind,
            label: v.text_cell(hr, c),
            total: Amount::read(v.sheet, hr, vc),
            sources,
        });
    }
    Some(Funds { columns })
}

/// 支出内容 | 实际支出数 …, lines until 支出合计.
fn spending(v: &View<'_>) -> Option<Spending> {
    let (hr, cc) = v.find(|t| t == "支出内容")?;
    let ac = row_labels(v.sheet, hr)
        .into_iter()
        .find(|(_, t)| t.starts_with("实际支出"))
        .map(|(c, _)| c)?;
    let mut out = Spending::default();
    for r in hr + 1..=v.rect.bottom.min(hr + 60) {
        let content = v.text_cell(r, cc);
        let label = norm(&content.text);
        let line = SpendLine {
            content,
            amount: v.text_cell(r, ac),
        };
        if label.ends_with("合计") {
            out.total = Some(line);
            break;
        }
        if has_any(&label, &["项目绩效", "三、"]) {
            break;
        }
        if !line.content.is_blank() || !line.amount.is_blank() {
            out.lines.push(line);
        }
    }
    Some(out)
}

fn goals(v: &View<'_>) -> Option<Goals> {
    let (hr, ec) = v.find(|t| t == "预期目标")?;
    let acol = row_labels(v.sheet, hr)
        .into_iter()
        .find(|(_, t)| t.starts_with("实际完成"))
        .map(|(c, _)| c);
    let value = |c: u32| {
        let cell = v.text_cell(hr + 1, c);
        (!cell.is_blank()).then_some(cell)
    };
    Some(Goals {
        expected: value(ec),
        achieved: acol.and_then(value),
    })
}

/// The 定量目标 table: 一级指标 | 二级指标 | 指标内容 | 指标（目标）值 | 实际完成值.
fn targets(v: &View<'_>) -> Vec<Target> {
    let Some((hr, l1)) = v.find(|t| t == "一级指标") else {
        return Vec::new();
    };
    let labels = row_labels(v.sheet, hr);
    let col = |pred: &dyn Fn(&str) -> bool| labels.iter().find(|(_, t)| pred(t)).map(|(c, _)| *c);
    let (Some(l2), Some(name), Some(target), Some(actual)) = (
        col(&|t| t == "二级指标"),
        col(&|t| t == "指标内容" || t == "三级指标"),
        col(&|t| t.starts_with("指标(目标)值") || t == "目标值" || t == "指标值"),
        col(&|t| t.starts_with("实际完成")),
    ) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in hr + 1..=v.rect.bottom {
        let first = row_labels(v.sheet, r);
        if first
            .iter()
            .any(|(_, t)| has_any(t, &["综合得分", "评价等次", "评价等级", "评价人员"]))
        {
            break;
        }
        let item = v.text_cell(r, name);
        if v.sheet.anchor(r, name).0 != r {
            continue;
        }
        let t = v.text_cell(r, target);
        let a = v.text_cell(r, actual);
        if item.is_blank() && t.is_blank() && a.is_blank() {
            continue;
        }
        out.push(Target {
            level1: norm(&v.sheet.text(r, l1)),
            level2: norm(&v.sheet.text(r, l2)),
            name: item,
            target: t,
            actual: a,
        });
    }
    out
}

/// Columns of the 指标体系.
struct Cols {
    level: [u32; 3],
    points: [u32; 3],
    detail: Option<u32>,
    criteria: Option<u32>,
    score: u32,
}

fn columns(labels: &[(u32, String)]) -> Option<Cols> {
    let find = |k: &str| {
        labels
            .iter()
            .find(|(_, t)| t == k || t == &format!("{k}名称"))
            .map(|(c, _)| *c)
    };
    let level = [find("一级指标")?, find("二级指标")?, find("三级指标")?];
    // Each level's 分值 is the first 分值 column right of its label.
    let points_after = |c: u32| {
        labels
            .iter()
            .find(|(pc, t)| *pc > c && t == "分值")
            .map(|(pc, _)| *pc)
    };
    let points = [
        points_after(level[0])?,
        points_after(level[1])?,
        points_after(level[2])?,
    ];
    let score = labels
        .iter()
        .find(|(_, t)| t.contains("得分"))
        .map(|(c, _)| *c)?;
    let other = |k: &str| labels.iter().find(|(_, t)| t.contains(k)).map(|(c, _)| *c);
    Some(Cols {
        level,
        points,
        detail: other("具体指标"),
        criteria: other("评价标准"),
        score,
    })
}

/// The 指标体系 whose (first) header is at `hr`, read to its 总分 row or
/// to `bottom`.
pub fn system(sheet: &Sheet, hr: u32, bottom: u32) -> Option<System> {
    let labels = row_labels(sheet, hr);
    let cols = columns(&labels)?;
    let title_top = hr.saturating_sub(2);
    let v = View::rows(sheet, title_top, bottom);
    let title = (title_top..hr)
        .flat_map(|r| row_labels(sheet, r))
        .find(|(_, t)| t.contains("指标体系"))
        .map(|(c, _)| c)
        .and_then(|c| {
            (title_top..hr)
                .find(|&r| norm(&sheet.own_text(r, c)).contains("指标体系"))
                .map(|r| v.text_cell(r, c))
        });
    let mut groups: Vec<Level1> = Vec::new();
    let mut total = None;
    let mut repeated_headers = Vec::new();
    let mut anchors: [Option<(u32, u32)>; 2] = [None, None];
    let mut last_row = hr;
    let node = |r: u32, level: usize| Node {
        name: norm(&sheet.text(r, cols.level[level])),
        label: v.text_cell(r, cols.level[level]),
        points: Amount::read(sheet, r, cols.points[level]),
    };
    for r in hr + 1..=bottom {
        let row = row_labels(sheet, r);
        if row.is_empty() {
            continue;
        }
        if is_header_repeat(&row) {
            repeated_headers.push(r);
            anchors = [None, None];
            last_row = r;
            continue;
        }
        let first = norm(&sheet.text(r, cols.level[0]));
        if first.starts_with("总分") || first == "合计" || first == "总计" {
            total = Some(Total {
                label: v.text_cell(r, cols.level[0]),
                points: cols.points.map(|c| Some(Amount::read(sheet, r, c))),
                score: Some(Amount::read(sheet, r, cols.score)),
            });
            last_row = r;
            break;
        }
        // 一级: a new anchor with text starts a group, unless it repeats the
        // current group's name (written again after a page break).
        let a1 = sheet.anchor(r, cols.level[0]);
        if !first.is_empty() && Some(a1) != anchors[0] {
            anchors[0] = Some(a1);
            anchors[1] = None;
            let repeat = groups.last().is_some_and(|g| g.node.name == first);
            match groups.last_mut() {
                Some(g) if repeat => g.repeated.push(v.text_cell(r, cols.level[0])),
                _ => groups.push(Level1 {
                    node: node(r, 0),
                    children: Vec::new(),
                    repeated: Vec::new(),
                }),
            }
        }
        let Some(group) = groups.last_mut() else {
            continue;
        };
        let second = norm(&sheet.text(r, cols.level[1]));
        let a2 = sheet.anchor(r, cols.level[1]);
        if !second.is_empty() && Some(a2) != anchors[1] {
            anchors[1] = Some(a2);
            let same = group.children.last().is_some_and(|c| c.node.name == second);
            if !same {
                group.children.push(Level2 {
                    node: node(r, 1),
                    items: Vec::new(),
                });
            }
        }
        let Some(sub) = group.children.last_mut() else {
            continue;
        };
        if sheet.anchor(r, cols.level[2]).0 != r {
            continue;
        }
        let item = node(r, 2);
        let score = Amount::read(sheet, r, cols.score);
        if item.name.is_empty() && item.points.is_empty() && score.is_empty() {
            continue;
        }
        let cell = |c: Option<u32>| c.map(|c| v.text_cell(r, c));
        sub.items.push(Item {
            node: item,
            detail: cell(cols.detail),
            criteria: cell(cols.criteria),
            score,
        });
        last_row = r;
    }
    let v = View::rows(sheet, title_top, last_row);
    Some(System {
        sheet: sheet.name.clone(),
        range: v.used_rect(),
        title,
        groups,
        total,
        repeated_headers,
    })
}

/// A header row written again mid-table.
fn is_header_repeat(row: &[(u32, String)]) -> bool {
    row.iter().any(|(_, t)| t == "一级指标") && row.iter().any(|(_, t)| t == "分值")
}

/// Every 指标体系 on `sheet`: the first header of each table (repeats
/// after page breaks belong to the table above).
pub fn systems(sheet: &Sheet) -> Vec<System> {
    let Some((last_row, _)) = sheet.extent() else {
        return Vec::new();
    };
    let mut out: Vec<System> = Vec::new();
    for hr in system_headers(sheet) {
        if out
            .last()
            .is_some_and(|s| s.repeated_headers.contains(&hr) || hr <= s.range.bottom)
        {
            continue;
        }
        if let Some(s) = system(sheet, hr, last_row) {
            out.push(s);
        }
    }
    out
}
