//! The typed 自评表: every value keeps its cell.

use crate::amount::Amount;
use crate::workbook::{CellRef, Rect};
use std::sync::Arc;

/// A text value and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct TextCell {
    pub at: CellRef,
    pub text: String,
}

impl TextCell {
    pub fn is_blank(&self) -> bool {
        let t = crate::forms::labels::norm(&self.text);
        t.is_empty() || t == "—" || t == "-" || t == "/"
    }
}

/// A header field such as 项目名称: its label and its value (None when the
/// form has the label but no value cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: TextCell,
    pub value: Option<TextCell>,
}

/// Which line of the fund block a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundLine {
    /// 年度资金总额 / 资金总额
    Total,
    /// 当年财政拨款 / 本年财政拨款
    Appropriation,
    /// 上年结转资金
    CarriedOver,
    /// 其他资金
    Other,
    /// A locally named source (中央补助, 市级资金 …)
    Named(String),
}

/// One row of the 项目资金 block.
#[derive(Debug, Clone, PartialEq)]
pub struct FundRow {
    pub line: FundLine,
    pub label: TextCell,
    pub initial: Option<Amount>,
    pub budget: Option<Amount>,
    pub executed: Option<Amount>,
    pub points: Option<Amount>,
    pub rate: Option<Amount>,
    pub score: Option<Amount>,
    pub reason: Option<TextCell>,
}

impl FundRow {
    /// The three money columns, with their names.
    pub fn money(&self) -> [(&'static str, Option<&Amount>); 3] {
        [
            ("年初预算数", self.initial.as_ref()),
            ("全年预算数", self.budget.as_ref()),
            ("全年执行数", self.executed.as_ref()),
        ]
    }
}

/// The 项目资金（万元） block.
#[derive(Debug, Clone, PartialEq)]
pub struct FundBlock {
    pub rows: Vec<FundRow>,
}

impl FundBlock {
    pub fn total(&self) -> Option<&FundRow> {
        self.rows.iter().find(|r| r.line == FundLine::Total)
    }

    pub fn breakdown(&self) -> impl Iterator<Item = &FundRow> {
        self.rows.iter().filter(|r| r.line != FundLine::Total)
    }
}

/// 年度总体目标: expected and achieved.
#[derive(Debug, Clone, PartialEq)]
pub struct Goals {
    pub label: TextCell,
    pub expected: Option<TextCell>,
    pub achieved: Option<TextCell>,
}

/// One 三级指标 row.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Normalised 一级指标 name without its points ("产出指标").
    pub level1: String,
    pub level2: String,
    /// The cell the 二级指标 is written in (merged down its rows).
    pub level2_at: Option<CellRef>,
    pub name: TextCell,
    pub target: Option<TextCell>,
    pub actual: Option<TextCell>,
    pub points: Amount,
    pub score: Amount,
    pub reason: Option<TextCell>,
}

/// A 一级指标 group as labelled on the form ("产出指标（50分）").
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    pub label: TextCell,
    /// Points printed in the label, if any.
    pub points: Option<rust_decimal::Decimal>,
}

/// The 总分 row.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalRow {
    pub label: TextCell,
    pub points: Option<Amount>,
    pub score: Option<Amount>,
}

/// One extracted 项目支出绩效自评表.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfEvalForm {
    pub sheet: Arc<str>,
    pub range: Rect,
    /// The title line, if the form has one.
    pub title: Option<TextCell>,
    pub project: Option<Field>,
    pub department: Option<Field>,
    pub implementer: Option<Field>,
    /// The fund block's 执行率 header, when the form has one, whether or
    /// not its rows were recognised: a form with a fund section whose rows
    /// could not be read is not checked as if it had none.
    pub fund_header: Option<TextCell>,
    pub fund: Option<FundBlock>,
    pub goals: Option<Goals>,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    pub total: Option<TotalRow>,
    /// A declared rating (评价等级/评价等次) cell.
    pub rating: Option<TextCell>,
}

impl SelfEvalForm {
    /// 项目名称 value, or the title, for listings.
    pub fn display_name(&self) -> String {
        self.project
            .as_ref()
            .and_then(|f| f.value.as_ref())
            .map(|v| v.text.clone())
            .or_else(|| self.title.as_ref().map(|t| t.text.clone()))
            .unwrap_or_else(|| "项目支出绩效自评表".to_string())
    }
}

impl SelfEvalForm {
    /// True when nothing the 自评 fills in is there yet: no money in the
    /// fund block, no named 三级指标, no 得分, no 实际完成情况. Points and
    /// 总分 are left out: blank templates print the standard 分值 and a
    /// 总分 formula. Such a form gets one 表格尚未填写, not a wall of
    /// 未填写 warnings.
    pub fn is_unfilled(&self) -> bool {
        let filled = |a: &Option<Amount>| {
            a.as_ref()
                .is_some_and(|a| a.value().is_some_and(|v| !v.is_zero()))
        };
        let money = self
            .fund
            .iter()
            .flat_map(|f| &f.rows)
            .any(|r| filled(&r.initial) || filled(&r.budget) || filled(&r.executed));
        let indicators = self
            .indicators
            .iter()
            .any(|i| !i.name.is_blank() || i.score.value().is_some_and(|v| !v.is_zero()));
        let achieved = self
            .goals
            .as_ref()
            .and_then(|g| g.achieved.as_ref())
            .is_some_and(|a| !a.is_blank());
        !money && !indicators && !achieved
    }

    /// Each part the detector looks for, by name, and whether it was found:
    /// header field labels (an empty value is ZP-01's business), the fund
    /// block (header and rows), the indicator table, 总分 and the declared
    /// rating.
    pub fn parts(&self) -> Vec<(&'static str, bool)> {
        vec![
            ("项目名称", self.project.is_some()),
            ("主管部门", self.department.is_some()),
            ("实施单位", self.implementer.is_some()),
            ("项目资金表表头", self.fund_header.is_some()),
            ("项目资金表年度资金总额行", self.fund.is_some()),
            ("年度总体目标", self.goals.is_some()),
            (
                "绩效指标表",
                !self.groups.is_empty() || !self.indicators.is_empty(),
            ),
            ("总分行", self.total.is_some()),
            ("评价等级", self.rating.is_some()),
        ]
    }

    /// Every amount the rules read as a number.
    pub fn amounts(&self) -> Vec<&Amount> {
        let mut out = Vec::new();
        for row in self.fund.iter().flat_map(|f| &f.rows) {
            out.extend(
                [
                    &row.initial,
                    &row.budget,
                    &row.executed,
                    &row.points,
                    &row.rate,
                    &row.score,
                ]
                .into_iter()
                .flatten(),
            );
        }
        for ind in &self.indicators {
            out.push(&ind.points);
            out.push(&ind.score);
        }
        if let Some(t) = &self.total {
            out.extend(t.points.iter().chain(&t.score));
        }
        out
    }
}
