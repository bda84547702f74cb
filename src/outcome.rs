//! What checking one file produced, handed from the rules to the writers:
//! the file's status and verdict, each form's summary (the JSON `forms`
//! entries), findings, check records and recomputed facts.

use crate::forms::Form;
use crate::rules::{CheckRecord, Facts, Finding, Outcome, Severity};
use crate::workbook::OpenError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// The one-word result of a file, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Errors,
    Unreadable,
    NoForms,
    Warnings,
    HintsOnly,
    Passed,
}

impl Verdict {
    /// 有错误 / 无法读取 / 未识别到表格 / 有警告 / 仅提示 / 通过.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Errors => "有错误",
            Verdict::Unreadable => "无法读取",
            Verdict::NoForms => "未识别到表格",
            Verdict::Warnings => "有警告",
            Verdict::HintsOnly => "仅提示",
            Verdict::Passed => "通过",
        }
    }

    /// The verdict of a file with this status and these finding counts.
    pub fn of(status: Status, errors: usize, warnings: usize, infos: usize) -> Verdict {
        match status {
            Status::Unreadable => Verdict::Unreadable,
            Status::NoForms => Verdict::NoForms,
            Status::Checked if errors > 0 => Verdict::Errors,
            Status::Checked if warnings > 0 => Verdict::Warnings,
            Status::Checked if infos > 0 => Verdict::HintsOnly,
            Status::Checked => Verdict::Passed,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    SelfEvaluation,
    FinalAccounts,
    EvaluationFramework,
    /// The prose of a Word document checked against its tables.
    Narrative,
}

impl FormKind {
    pub fn label(self) -> &'static str {
        match self {
            FormKind::SelfEvaluation => "项目支出绩效自评表",
            FormKind::FinalAccounts => "部门决算公开表",
            FormKind::EvaluationFramework => "绩效评价指标体系",
            FormKind::Narrative => "文字说明",
        }
    }
}

/// A declared value next to the recomputed one (总分, 等级).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeclaredComputed {
    pub declared: Option<String>,
    pub computed: Option<String>,
}

/// One form (or one 决算 table, one part of an evaluation) as the JSON
/// `forms` list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormSummary {
    pub kind: FormKind,
    pub table: Option<String>,
    pub sheet: String,
    pub range: String,
    pub title: String,
    pub scheme: Option<String>,
    pub score: Option<DeclaredComputed>,
    pub rating: Option<DeclaredComputed>,
    /// For a 自评表: which of its parts were found and which were looked
    /// for but not found, so a rule that could not run is explained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<Parts>,
    /// The unit the form is about, as filled in: a 自评表's 实施单位, else
    /// its 主管部门 (汇总's 单位 column sorts and filters by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The parts of a form, by name (项目资金表, 绩效指标表, 总分, 评价等级 …).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Parts {
    pub found: Vec<String>,
    pub missing: Vec<String>,
}

/// How many check records ended each way: kept when the records are
/// dropped, so a slimmed report still gives the JSON `outcomes`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    pub pass: usize,
    pub fail: usize,
    pub not_applicable: usize,
    pub insufficient_data: usize,
}

impl OutcomeCounts {
    pub fn of(checks: &[CheckRecord]) -> Self {
        let mut c = OutcomeCounts::default();
        for r in checks {
            *c.slot(r.outcome) += 1;
        }
        c
    }

    pub fn get(&self, outcome: Outcome) -> usize {
        let mut c = *self;
        *c.slot(outcome)
    }

    fn slot(&mut self, outcome: Outcome) -> &mut usize {
        match outcome {
            Outcome::Pass => &mut self.pass,
            Outcome::Fail => &mut self.fail,
            Outcome::NotApplicable => &mut self.not_applicable,
            Outcome::InsufficientData => &mut self.insufficient_data,
        }
    }

    fn add(&mut self, other: &OutcomeCounts) {
        for o in Outcome::ALL {
            *self.slot(o) += other.get(o);
        }
    }
}

/// Everything checked on one form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FormReport {
    /// Its entries in the JSON `forms` list (one per 决算 table, one per
    /// part of an evaluation, one for a 自评表).
    pub summaries: Vec<FormSummary>,
    pub findings: Vec<Finding>,
    /// The check records' outcomes, counted.
    pub outcomes: OutcomeCounts,
    /// What only the per-file outputs need; dropped by [`FileReport::slim`]
    /// before a report waits in a batch or leaves a worker process.
    #[serde(skip)]
    pub detail: Option<FormDetail>,
}

/// The form itself, every check record and the recomputed facts: what the
/// 评分复核 and 勾稽关系 sheets and the JSON outcome counts are built from.
#[derive(Debug, Clone)]
pub struct FormDetail {
    pub form: Form,
    pub checks: Vec<CheckRecord>,
    pub facts: Facts,
}

/// Why a file has no forms to report: it could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadError {
    Open(OpenError),
    /// Checking or writing crashed inside a dependency (contained).
    Crashed(String),
    /// The file was not checked (a refused upload), with the reason.
    Refused(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Open(e) => e.fmt(f),
            ReadError::Crashed(s) | ReadError::Refused(s) => f.write_str(s),
        }
    }
}

impl From<OpenError> for ReadError {
    fn from(e: OpenError) -> Self {
        ReadError::Open(e)
    }
}

/// Everything known about one input file after checking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    /// Input path as given (or the uploaded file's name).
    pub file: String,
    pub status: Status,
    pub error: Option<ReadError>,
    pub forms: Vec<FormReport>,
    /// Remarks about the reading (hidden sheets checked, the scheme used …).
    pub notes: Vec<String>,
    /// For `no_forms`: which forms were looked for and the closest sheet
    /// (src/forms/near_miss.rs), shown wherever the file's result is.
    #[serde(default)]
    pub not_found: Option<String>,
    /// SHA-256 of the input's bytes (hex), for the audit record: a later
    /// reader can tell that the file on record is the one that was checked.
    /// None when the file could not be read.
    #[serde(default)]
    pub sha256: Option<String>,
}

impl FileReport {
    pub fn unreadable(file: &str, error: impl Into<ReadError>) -> Self {
        FileReport {
            file: file.to_string(),
            status: Status::Unreadable,
            error: Some(error.into()),
            forms: Vec::new(),
            notes: Vec::new(),
            not_found: None,
            sha256: None,
        }
    }

    /// The JSON `forms` entries, in form order.
    pub fn summaries(&self) -> impl Iterator<Item = &FormSummary> {
        self.forms.iter().flat_map(|f| &f.summaries)
    }

    /// Every finding, in form order.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.forms.iter().flat_map(|f| &f.findings)
    }

    /// Every check record, in form order (none once slimmed).
    pub fn checks(&self) -> impl Iterator<Item = &CheckRecord> {
        self.forms
            .iter()
            .flat_map(|f| f.detail.iter().flat_map(|d| &d.checks))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings().filter(|f| f.severity == severity).count()
    }

    /// Check records that ended `outcome` (also after [`FileReport::slim`]).
    pub fn outcome_count(&self, outcome: Outcome) -> usize {
        self.outcomes().get(outcome)
    }

    pub fn outcomes(&self) -> OutcomeCounts {
        let mut total = OutcomeCounts::default();
        for f in &self.forms {
            total.add(&f.outcomes);
        }
        total
    }

    pub fn verdict(&self) -> Verdict {
        Verdict::of(
            self.status,
            self.count(Severity::Error),
            self.count(Severity::Warning),
            self.count(Severity::Info),
        )
    }

    /// The most severe finding, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings().map(|f| f.severity).min()
    }

    /// Drop the forms, check records and facts (a 决算 publication holds
    /// thousands of amounts and hundreds of records), which only the
    /// per-file writers need, before the report waits in a batch.
    pub fn slim(&mut self) {
        for f in &mut self.forms {
            f.detail = None;
        }
    }
}
