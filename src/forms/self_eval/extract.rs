//! Turning a located form region into a [`SelfEvalForm`].

use super::model::*;
use crate::amount::Amount;
use crate::forms::labels::{has_any, norm, points_in_label};
use crate::forms::region::Region;
use crate::workbook::{Rect, Sheet};

/// Extract the form in `region`; None when it does not have the structure
/// of a 自评表: a fund block scored with 分值/得分 columns, or an indicator
/// table with 分值 and 得分 columns. Words alone do not make one: the
/// 执行监控表 and 绩效目标申报表 share 年度总体目标, 一级指标 and
/// 执行率 but score nothing.
pub fn extract(sheet: &Sheet, region: Rect) -> Option<SelfEvalForm> {
    let view = Region {
        sheet,
        rect: region,
    };
    let found = fund_block(&view);
    let table = indicator_table(&view);
    let scored_fund = found.as_ref().is_some_and(|f| f.scored);
    if !scored_fund && table.is_none() {
        return None;
    }
    let (fund_header, fund) = found.map_or((None, None), |f| (Some(f.header), f.block));
    let (groups, indicators, total) = table.unwrap_or_default();
    Some(SelfEvalForm {
        sheet: sheet.name.clone(),
        range: view.used_rect(),
        title: view
            .find(|t| t.contains("自评表") || t.contains("绩效自评"))
            .map(|(r, c)| view.text_cell(r, c)),
        project: view.field(&["项目名称"]),
        department: view.field(&["主管部门"]),
        implementer: view.field(&["实施单位"]),
        fund_header,
        fund,
        goals: goals(&view),
        groups,
        indicators,
        rating: rating(&view),
        total,
    })
}

impl Region<'_> {
    /// The first filled anchor cell right of the label at (r, c).
    fn value_right_of(&self, r: u32, c: u32) -> Option<TextCell> {
        let start = self.right_edge(r, c) + 1;
        (start..=self.rect.right)
            .filter(|&col| self.sheet.anchor(r, col) == (r, col))
            .find(|&col| !self.sheet.own_text(r, col).is_empty())
            .map(|col| self.text_cell(r, col))
            .filter(|t| !is_header_label(&norm(&t.text)))
    }

    /// A header field (项目名称, 主管部门 …): label anywhere in the region,
    /// value in the next filled cell to its right.
    fn field(&self, names: &[&str]) -> Option<Field> {
        let (r, c) = self.find(|t| {
            names.iter().any(|n| {
                t == *n
                    || (t.ends_with(n) && t.chars().count() <= n.chars().count() + 4)
                    || t.starts_with(&format!("{n}:"))
            })
        })?;
        let label = self.text_cell(r, c);
        let inline = label
            .text
            .split_once(['：', ':'])
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty());
        let value = match inline {
            Some(text) => Some(TextCell {
                at: label.at.clone(),
                text,
            }),
            // An empty value cell is still the cell to point at.
            None => self.value_right_of(r, c).or_else(|| {
                let next = self.right_edge(r, c) + 1;
                (next <= self.rect.right).then(|| self.text_cell(r, next))
            }),
        };
        Some(Field { label, value })
    }

    /// Normalised header text of each column over `rows` header rows
    /// ("年初" + "预算数" → "年初预算数"), own text only so a merged label
    /// is not read twice.
    fn header_texts(&self, top: u32, rows: u32) -> Vec<(u32, String)> {
        let mut cols: std::collections::BTreeMap<u32, String> = Default::default();
        for r in top..top + rows {
            for (c, _) in self.sheet.row_cells(r) {
                if c > self.rect.right || self.sheet.anchor(r, c) != (r, c) {
                    continue;
                }
                cols.entry(c).or_default().push_str(&self.label(r, c));
            }
        }
        cols.into_iter().filter(|(_, t)| !t.is_empty()).collect()
    }

    /// How many rows a header starting at `top` spans: the following rows
    /// count when they only hold short labels and no numbers.
    fn header_height(&self, top: u32, name_col: Option<u32>) -> u32 {
        let mut rows = 1;
        while rows < 3 {
            let r = top + rows;
            let cells: Vec<u32> = self
                .sheet
                .row_cells(r)
                .map(|(c, _)| c)
                .filter(|&c| {
                    self.sheet.anchor(r, c) == (r, c) && !self.sheet.own_text(r, c).is_empty()
                })
                .collect();
            let continues = !cells.is_empty()
                && name_col.is_none_or(|nc| self.sheet.own_text(r, nc).is_empty())
                && cells.iter().all(|&c| {
                    let t = self.label(r, c);
                    let numeric = Amount::read(self.sheet, r, c).num().is_some();
                    !numeric && t.chars().count() <= 6 && !is_fund_line_label(&t)
                });
            if !continues {
                break;
            }
            rows += 1;
        }
        rows
    }
}

fn is_header_label(t: &str) -> bool {
    matches!(
        t,
        "主管部门" | "实施单位" | "项目实施单位" | "市级主管部门" | "项目名称"
    )
}

fn is_fund_line_label(t: &str) -> bool {
    has_any(t, &["资金总额", "财政拨款", "上年结转", "其他资金"])
}

/// Find the column whose header satisfies `pred`.
fn col_of(headers: &[(u32, String)], pred: impl Fn(&str) -> bool) -> Option<u32> {
    headers.iter().find(|(_, t)| pred(t)).map(|(c, _)| *c)
}

/// The fund block as found: its 执行率 header, whether it has scoring
/// columns, and its rows when a 年度资金总额 row was recognised.
struct FundFound {
    header: TextCell,
    scored: bool,
    block: Option<FundBlock>,
}

fn fund_block(view: &Region<'_>) -> Option<FundFound> {
    let (hr, hc) = view.find(|t| t.contains("执行率") && !t.contains("指标"))?;
    let height = view.header_height(hr, None);
    let headers = view.header_texts(hr, height);
    let initial = col_of(&headers, |t| t.contains("年初"));
    let budget = col_of(&headers, |t| {
        (t.contains("全年") && t.contains("预算")) || t.contains("调整后预算")
    });
    let executed = col_of(&headers, |t| t.contains("执行数"));
    let points = col_of(&headers, |t| t.contains("分值") || t.contains("权重"));
    let rate = col_of(&headers, |t| t.contains("执行率"));
    let score = col_of(&headers, |t| t.contains("得分"));
    let reason = col_of(&headers, |t| t.contains("偏差") || t.contains("原因"));
    let header = view.text_cell(hr, hc);
    let scored = points.is_some() || score.is_some();
    let Some(first_data_col) = [initial, budget, executed].into_iter().flatten().min() else {
        return Some(FundFound {
            header,
            scored,
            block: None,
        });
    };
    let mut rows = Vec::new();
    for r in hr + height..=(hr + height + 8).min(view.rect.bottom) {
        let Some((label_col, label)) = (view.rect.left..first_data_col).rev().find_map(|c| {
            let t = norm(&view.sheet.text(r, c));
            (!t.is_empty() && !t.contains("项目资金")).then_some((c, t))
        }) else {
            if rows.is_empty() {
                continue;
            }
            break;
        };
        let ends_block = view.sheet.row_cells(r).any(|(c, _)| {
            has_any(
                &view.label(r, c),
                &["总体目标", "绩效指标", "一级指标", "预期目标"],
            )
        });
        if ends_block || has_any(&label, &["总体目标", "绩效指标"]) {
            break;
        }
        let line = classify_fund_line(&label);
        // A value merged down several fund lines (分值/执行率/得分 over
        // G6:G9) belongs to the line it starts on; the lines below it have
        // none of their own.
        let own = |c: &u32| view.sheet.anchor(r, *c).0 == r;
        let read = |col: Option<u32>| col.map(|c| Amount::read(view.sheet, r, c));
        let read_own = |col: Option<u32>| col.filter(own).map(|c| Amount::read(view.sheet, r, c));
        let read_score = |col: Option<u32>| {
            col.filter(own)
                .map(|c| Amount::read_score(view.sheet, r, c))
        };
        rows.push(FundRow {
            line,
            label: view.text_cell(r, label_col),
            initial: read(initial),
            budget: read(budget),
            executed: read(executed),
            points: read_score(points),
            rate: read_own(rate),
            score: read_score(score),
            reason: reason.map(|c| view.text_cell(r, c)),
        });
    }
    let block = rows
        .iter()
        .any(|r| r.line == FundLine::Total)
        .then_some(FundBlock { rows });
    Some(FundFound {
        header,
        scored,
        block,
    })
}

fn classify_fund_line(label: &str) -> FundLine {
    let l = label
        .trim_start_matches("其中")
        .trim_start_matches([':', '：']);
    if l.contains("资金总额") || l == "合计" || l == "总额" {
        FundLine::Total
    } else if l.contains("财政拨款") {
        FundLine::Appropriation
    } else if l.contains("上年结转") {
        FundLine::CarriedOver
    } else if l.contains("其他资金") {
        FundLine::Other
    } else {
        FundLine::Named(l.to_string())
    }
}

fn goals(view: &Region<'_>) -> Option<Goals> {
    let (lr, lc) = view.find(|t| t.contains("总体目标") && t.chars().count() <= 8)?;
    let label = view.text_cell(lr, lc);
    // The 预期目标 / 实际完成情况 headers sit on the label's row or just below.
    let header_row = (lr..=lr + 1).find(|&r| {
        view.sheet
            .row_cells(r)
            .any(|(c, _)| view.label(r, c).contains("预期目标"))
    });
    let Some(hr) = header_row else {
        return Some(Goals {
            label,
            expected: None,
            achieved: None,
        });
    };
    let col = |pred: &dyn Fn(&str) -> bool| {
        view.sheet
            .row_cells(hr)
            .map(|(c, _)| c)
            .find(|&c| pred(&view.label(hr, c)))
    };
    let exp_col = col(&|t| t.contains("预期目标"));
    let ach_col = col(&|t| t.contains("实际完成") || t.contains("完成情况"));
    let value_row = hr + 1;
    let value = |c: Option<u32>| {
        let c = c?;
        let cell = view.text_cell(value_row, c);
        let t = norm(&cell.text);
        (!has_any(&t, &["一级指标", "绩效指标"])).then_some(cell)
    };
    Some(Goals {
        label,
        expected: value(exp_col),
        achieved: value(ach_col),
    })
}

type Table = (Vec<Group>, Vec<Indicator>, Option<TotalRow>);

/// Columns of the indicator table.
struct IndicatorCols {
    level1: u32,
    level2: Option<u32>,
    level3: u32,
    target: Option<u32>,
    actual: Option<u32>,
    points: u32,
    score: u32,
    reason: Option<u32>,
}

fn indicator_table(view: &Region<'_>) -> Option<Table> {
    let (hr, _) = view.find(|t| t.contains("一级指标"))?;
    let first = view.header_texts(hr, 1);
    let level3_guess = col_of(&first, |t| t.contains("三级指标"));
    let height = view.header_height(hr, level3_guess);
    let headers = view.header_texts(hr, height);
    let cols = IndicatorCols {
        level1: col_of(&headers, |t| t.contains("一级指标"))?,
        level2: col_of(&headers, |t| t.contains("二级指标")),
        level3: col_of(&headers, |t| t.contains("三级指标"))?,
        target: col_of(&headers, |t| t.contains("指标值") && !t.contains("完成")),
        actual: col_of(&headers, |t| t.contains("完成值") || t.contains("实际完成")),
        points: col_of(&headers, |t| t.contains("分值") || t.contains("权重"))?,
        score: col_of(&headers, |t| t.contains("得分"))?,
        reason: col_of(&headers, |t| {
            t.contains("偏差") || t.contains("原因") || t.contains("改进")
        }),
    }
    .with_score()?;
    let block_col = view.rect.left..cols.level1;
    let mut groups: Vec<Group> = Vec::new();
    let mut indicators = Vec::new();
    let mut total = None;
    let mut level1_anchor: Option<(u32, u32)> = None;
    let mut level2 = String::new();
    let mut level2_at = None;
    let mut r = hr + height;
    while r <= view.rect.bottom {
        if let Some(t) = total_row(view, r, &cols) {
            total = Some(t);
            break;
        }
        if view.label(r, cols.level1).contains("一级指标") {
            // A header repeated after a page break.
            r += view.header_height(r, Some(cols.level3));
            continue;
        }
        let new_block = block_col
            .clone()
            .any(|c| view.sheet.anchor(r, c) == (r, c) && view.label(r, c).contains("绩效指标"));
        let l1_anchor = view.sheet.anchor(r, cols.level1);
        let l1_text = view.sheet.text(r, cols.level1);
        if !l1_text.is_empty() && Some(l1_anchor) != level1_anchor {
            let label = view.text_cell(r, cols.level1);
            groups.push(Group {
                name: canonical_level1(&l1_text),
                points: points_in_label(&l1_text),
                label,
            });
            level1_anchor = Some(l1_anchor);
        } else if l1_text.is_empty() && new_block {
            level1_anchor = None;
        }
        if let Some(c2) = cols.level2 {
            let t = norm(&view.sheet.text(r, c2));
            if !t.is_empty() {
                level2 = t;
                level2_at = Some(view.text_cell(r, c2).at);
            }
        }
        if level1_anchor.is_none() && !level2.is_empty() {
            // A block without its own 一级 label (e.g. 可持续影响指标 on a
            // new page): it stands as its own group.
            let label = cols
                .level2
                .map_or_else(|| view.text_cell(r, cols.level3), |c| view.text_cell(r, c));
            groups.push(Group {
                name: canonical_level1(&level2),
                points: None,
                label,
            });
            level1_anchor = Some((r, cols.level2.unwrap_or(cols.level3)));
        }
        let name = view.text_cell(r, cols.level3);
        let points = Amount::read_score(view.sheet, r, cols.points);
        let score = Amount::read_score(view.sheet, r, cols.score);
        let filled = !name.is_blank() || !points.is_empty() || !score.is_empty();
        if filled && !groups.is_empty() {
            let cell = |c: Option<u32>| c.map(|c| view.text_cell(r, c));
            indicators.push(Indicator {
                level1: groups.last().map(|g| g.name.clone()).unwrap_or_default(),
                level2: level2.clone(),
                level2_at: level2_at.clone(),
                name,
                target: cell(cols.target),
                actual: cell(cols.actual),
                points,
                score,
                reason: cell(cols.reason),
            });
        }
        r += 1;
    }
    Some((groups, indicators, total))
}

impl IndicatorCols {
    fn with_score(self) -> Option<Self> {
        (self.score != self.points).then_some(self)
    }
}

/// The 总分 row: a 总分/合计 label left of the points column, with the
/// points and score under their columns or, failing that, the first two
/// numbers to the right of the label.
fn total_row(view: &Region<'_>, r: u32, cols: &IndicatorCols) -> Option<TotalRow> {
    let (lc, _) = (view.rect.left..cols.points).find_map(|c| {
        let t = view.label(r, c);
        let is_total = t.starts_with("总分")
            || matches!(t.as_str(), "合计" | "总计" | "自评总分" | "综合得分");
        (is_total && view.sheet.anchor(r, c) == (r, c)).then_some((c, t))
    })?;
    let label = view.text_cell(r, lc);
    let by_col = (
        Amount::read_score(view.sheet, r, cols.points),
        Amount::read_score(view.sheet, r, cols.score),
    );
    let under_label = view.right_edge(r, lc) >= cols.points;
    if !under_label
        && (!by_col.0.is_empty() || !by_col.1.is_empty())
        && view.sheet.anchor(r, cols.points) != view.sheet.anchor(r, cols.score)
    {
        return Some(TotalRow {
            label,
            points: Some(by_col.0),
            score: Some(by_col.1),
        });
    }
    let mut numbers = (view.right_edge(r, lc) + 1..=view.rect.right)
        .filter(|&c| view.sheet.anchor(r, c) == (r, c))
        .map(|c| Amount::read_score(view.sheet, r, c))
        .filter(|a| a.num().is_some());
    let points = numbers.next();
    let score = numbers.next();
    Some(TotalRow {
        label,
        points,
        score,
    })
}

/// "产出指标\n(50分)" → "产出指标".
pub fn canonical_level1(raw: &str) -> String {
    let t = norm(raw);
    for (key, name) in [
        ("产出", "产出指标"),
        ("效益", "效益指标"),
        ("满意", "满意度指标"),
        ("可持续", "可持续影响指标"),
    ] {
        if t.contains(key) {
            return name.to_string();
        }
    }
    t.trim_end_matches(|c: char| c.is_ascii_digit() || "()（）分.".contains(c))
        .to_string()
}

fn rating(view: &Region<'_>) -> Option<TextCell> {
    let (r, c) = view.find(|t| {
        has_any(
            t,
            &["评价等级", "评价等次", "自评等级", "绩效等级", "自评等次"],
        ) && t.chars().count() <= 8
    })?;
    view.value_right_of(r, c)
}
