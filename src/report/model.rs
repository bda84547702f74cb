//! The result of checking one file, shared by every writer.

use crate::rules::{CheckRecord, Finding, Outcome, Severity};
use crate::workbook::CellRef;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Checked,
    NoForms,
    Unreadable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Checked => "已检查",
            Status::NoForms => "未识别到表格",
            Status::Unreadable => "无法读取",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    SelfEvaluation,
    FinalAccounts,
    EvaluationFramework,
}

impl FormKind {
    pub fn label(self) -> &'static str {
        match self {
            FormKind::SelfEvaluation => "项目支出绩效自评表",
            FormKind::FinalAccounts => "部门决算公开表",
            FormKind::EvaluationFramework => "绩效评价指标体系",
        }
    }
}

/// A declared value next to the recomputed one (总分, 等级).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclaredComputed {
    pub declared: Option<String>,
    pub computed: Option<String>,
}

/// One form found in the workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormSummary {
    pub kind: FormKind,
    pub table: Option<String>,
    pub sheet: String,
    pub range: String,
    pub title: String,
    pub scheme: Option<String>,
    pub score: Option<DeclaredComputed>,
    pub rating: Option<DeclaredComputed>,
}

/// A cell of a review table (评分复核): text, optionally linked to the
/// source cell and marked with the severity of what was found there.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewCell {
    pub text: String,
    pub link: Option<CellRef>,
    pub flag: Option<Severity>,
}

impl ReviewCell {
    pub fn text(text: impl Into<String>) -> Self {
        ReviewCell {
            text: text.into(),
            ..Default::default()
        }
    }

    pub fn linked(text: impl Into<String>, at: &CellRef) -> Self {
        ReviewCell {
            text: text.into(),
            link: Some(at.clone()),
            flag: None,
        }
    }
}

/// A titled table of recomputed values, written as a block of 评分复核.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewTable {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<ReviewCell>>,
}

/// Everything known about one input file after checking.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Input path as given.
    pub file: String,
    pub status: Status,
    pub error: Option<String>,
    pub forms: Vec<FormSummary>,
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckRecord>,
    /// 评分复核 blocks (self-evaluation and framework forms).
    pub reviews: Vec<ReviewTable>,
    /// Remarks about the reading (hidden sheets checked, cells skipped …).
    pub notes: Vec<String>,
}

impl FileReport {
    pub fn unreadable(file: &str, message: impl Into<String>) -> Self {
        FileReport {
            file: file.to_string(),
            status: Status::Unreadable,
            error: Some(message.into()),
            forms: Vec::new(),
            findings: Vec::new(),
            checks: Vec::new(),
            reviews: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    pub fn outcome_count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }

    /// 通过 / 有错误 / 有警告 / 仅提示 / 无法读取 / 未识别到表格.
    pub fn verdict(&self) -> &'static str {
        match self.status {
            Status::Unreadable => "无法读取",
            Status::NoForms => "未识别到表格",
            Status::Checked if self.count(Severity::Error) > 0 => "有错误",
            Status::Checked if self.count(Severity::Warning) > 0 => "有警告",
            Status::Checked if self.count(Severity::Info) > 0 => "仅提示",
            Status::Checked => "通过",
        }
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }
}
