//! The typed 绩效评价自评报告 and 项目支出绩效评价指标体系 (岳阳 附件2-2 and
//! 附件3-2): every value keeps its cell.

use crate::amount::Amount;
pub use crate::forms::self_eval::{Field, TextCell};
use crate::workbook::Rect;
use std::sync::Arc;

/// The four money columns of 项目基本概况.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyKind {
    /// 计划安排资金
    Planned,
    /// 实际到位资金
    Arrived,
    /// 实际支出
    Spent,
    /// 结余
    Balance,
}

impl MoneyKind {
    pub const ALL: [MoneyKind; 4] = [
        MoneyKind::Planned,
        MoneyKind::Arrived,
        MoneyKind::Spent,
        MoneyKind::Balance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MoneyKind::Planned => "计划安排资金",
            MoneyKind::Arrived => "实际到位资金",
            MoneyKind::Spent => "实际支出",
            MoneyKind::Balance => "结余",
        }
    }
}

/// One source line under a money column (其中：中央财政, 省财政 …).
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Normalised name without 其中： ("中央财政").
    pub name: String,
    pub label: TextCell,
    pub amount: Amount,
}

/// One money column: its total and its split by source.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub kind: MoneyKind,
    pub label: TextCell,
    pub total: Amount,
    pub sources: Vec<Source>,
}

impl Money {
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }
}

/// 项目基本概况 money block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funds {
    pub columns: Vec<Money>,
}

impl Funds {
    pub fn get(&self, kind: MoneyKind) -> Option<&Money> {
        self.columns.iter().find(|m| m.kind == kind)
    }
}

/// A line of 项目支出明细情况 ("42万元" read as 42 万元).
#[derive(Debug, Clone, PartialEq)]
pub struct SpendLine {
    pub content: TextCell,
    pub amount: TextCell,
}

/// 项目支出明细情况 with its 支出合计.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Spending {
    pub lines: Vec<SpendLine>,
    pub total: Option<SpendLine>,
}

/// 定性目标: expected and achieved.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    pub expected: Option<TextCell>,
    pub achieved: Option<TextCell>,
}

/// A row of 项目绩效定量目标（指标）及完成情况.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub level1: String,
    pub level2: String,
    pub name: TextCell,
    pub target: TextCell,
    pub actual: TextCell,
}

/// 财政支出项目绩效评价自评报告 (附件2-2).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub sheet: Arc<str>,
    pub range: Rect,
    pub title: Option<TextCell>,
    pub project: Option<Field>,
    pub unit: Option<Field>,
    pub department: Option<Field>,
    pub funds: Option<Funds>,
    pub spending: Option<Spending>,
    pub goals: Option<Goals>,
    pub targets: Vec<Target>,
    /// 绩效自评综合得分.
    pub score: Option<Amount>,
    /// 评价等次.
    pub rating: Option<TextCell>,
}

impl Report {
    pub fn project_name(&self) -> Option<String> {
        self.project
            .as_ref()
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.clone())
            .filter(|t| !t.is_empty())
    }
}

/// A labelled node of the 指标体系 with its 分值.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Normalised name ("项目管理").
    pub name: String,
    pub label: TextCell,
    pub points: Amount,
}

/// A 三级指标 row.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub node: Node,
    /// 具体指标.
    pub detail: Option<TextCell>,
    /// 评价标准.
    pub criteria: Option<TextCell>,
    /// 自评得分.
    pub score: Amount,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level2 {
    pub node: Node,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level1 {
    pub node: Node,
    pub children: Vec<Level2>,
    /// Cells where the label was written again after a page break (not a
    /// second group).
    pub repeated: Vec<TextCell>,
}

/// The 总分 row: 分值 totals per level and the total 自评得分.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub label: TextCell,
    /// 一级, 二级, 三级 分值 columns.
    pub points: [Option<Amount>; 3],
    pub score: Option<Amount>,
}

/// 项目支出绩效评价指标体系 (附件3-2).
#[derive(Debug, Clone, PartialEq)]
pub struct System {
    pub sheet: Arc<str>,
    pub range: Rect,
    pub title: Option<TextCell>,
    pub groups: Vec<Level1>,
    pub total: Option<Total>,
    /// Header rows repeated after page breaks (skipped when reading).
    pub repeated_headers: Vec<u32>,
}

impl System {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups
            .iter()
            .flat_map(|g| g.children.iter().flat_map(|c| c.items.iter()))
    }
}

/// One evaluation: the report and its 指标体系, either of which may be
/// missing from the workbook.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    pub report: Option<Report>,
    pub system: Option<System>,
}

impl Evaluation {
    /// Every amount the rules read as a number.
    pub fn amounts(&self) -> Vec<&Amount> {
        let mut out = Vec::new();
        if let Some(r) = &self.report {
            for m in r.funds.iter().flat_map(|f| &f.columns) {
                out.push(&m.total);
                out.extend(m.sources.iter().map(|s| &s.amount));
            }
            out.extend(&r.score);
        }
        if let Some(s) = &self.system {
            for g in &s.groups {
                out.push(&g.node.points);
                for c in &g.children {
                    out.push(&c.node.points);
                    for i in &c.items {
                        out.push(&i.node.points);
                        out.push(&i.score);
                    }
                }
            }
            if let Some(t) = &s.total {
                out.extend(t.points.iter().flatten().chain(&t.score));
            }
        }
        out
    }
}
