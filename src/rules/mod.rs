//! Rules: each has a stable code, a default severity, a Chinese title and a
//! linter-style doc (what it checks, why, an example). Rules read typed form
//! models, never the grid, and report into an [`Audit`].

pub mod final_accounts;
pub mod framework;
pub mod registry;
pub mod self_eval;
pub mod tolerance;

use crate::workbook::CellRef;
use serde::Serialize;

pub use registry::{all_rules, find_rule};
pub use tolerance::{Gap, Tolerance};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// 错误 / 警告 / 提示.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Which family a rule belongs to (for listing and grouping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Family {
    /// 读取与单元格（公式未计算、错误值）
    Workbook,
    /// 项目支出绩效自评表
    SelfEvaluation,
    /// 部门决算公开表
    FinalAccounts,
    /// 项目支出绩效评价指标体系与自评报告
    EvaluationFramework,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Workbook => "单元格与读取",
            Family::SelfEvaluation => "项目支出绩效自评表",
            Family::FinalAccounts => "部门决算公开表",
            Family::EvaluationFramework => "绩效评价指标体系",
        }
    }
}

/// Declares a documented rule as a `pub static RuleDoc`:
/// `rule_doc!(Family, ID, "CODE", Severity, "标题", "检查什么", "为什么", "示例");`
macro_rules! rule_doc {
    ($family:ident, $id:ident, $code:literal, $sev:ident, $title:literal, $what:literal, $why:literal, $example:literal $(,)?) => {
        pub static $id: $crate::rules::RuleDoc = $crate::rules::RuleDoc {
            code: $code,
            family: $crate::rules::Family::$family,
            severity: $crate::rules::Severity::$sev,
            title: $title,
            what: $what,
            why: $why,
            example: $example,
        };
    };
}
pub(crate) use rule_doc;

/// Documentation of one rule, as `shenbiao rules CODE` shows it.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDoc {
    pub code: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub title: &'static str,
    /// What it checks.
    pub what: &'static str,
    /// Why it matters (and where the rule comes from).
    pub why: &'static str,
    /// A worked example.
    pub example: &'static str,
}

/// One problem found, pointing at the cell a person should look at first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub sheet: String,
    pub cell: String,
    pub related: Vec<String>,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// How one run of a rule ended (design.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
    InsufficientData,
}

impl Outcome {
    /// 通过 / 不符 / 不适用 / 无法校验.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "通过",
            Outcome::Fail => "不符",
            Outcome::NotApplicable => "不适用",
            Outcome::InsufficientData => "无法校验",
        }
    }
}

/// One relation or condition checked, whatever its outcome, so a reviewer
/// sees what was verified and not only what failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckRecord {
    pub rule: &'static str,
    /// Index of the form (in the report's form list) this check belongs to.
    pub form: usize,
    /// What was checked, in words ("公开01 收入总计 = 本年收入合计 + …").
    pub subject: String,
    pub outcome: Outcome,
    /// True when a failure was only a rounding gap (尾数差异).
    pub rounding: bool,
    pub sheet: String,
    pub cell: String,
    pub detail: String,
}

/// Collects findings and check records while rules run.
#[derive(Debug, Default, Clone)]
pub struct Audit {
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckRecord>,
    /// Form currently being checked.
    pub form: usize,
    /// Cells already reported as unusable (SB-01/SB-02): reported once per
    /// file, however many rules read them.
    unusable_cells: std::collections::HashSet<CellRef>,
}

/// A finding under construction; see [`Audit::flag`].
pub struct Flag<'a> {
    pub rule: &'static RuleDoc,
    pub severity: Severity,
    pub at: &'a CellRef,
    pub related: Vec<&'a CellRef>,
    pub message: String,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

impl Audit {
    pub fn new() -> Self {
        Audit::default()
    }

    /// Record a check outcome without a finding.
    pub fn record(
        &mut self,
        rule: &'static RuleDoc,
        subject: impl Into<String>,
        outcome: Outcome,
        at: Option<&CellRef>,
        detail: impl Into<String>,
    ) {
        self.checks.push(CheckRecord {
            rule: rule.code,
            form: self.form,
            subject: subject.into(),
            outcome,
            rounding: false,
            sheet: at.map(|c| c.sheet.to_string()).unwrap_or_default(),
            cell: at.map(|c| c.a1()).unwrap_or_default(),
            detail: detail.into(),
        });
    }

    /// Record a passed check.
    pub fn pass(
        &mut self,
        rule: &'static RuleDoc,
        subject: impl Into<String>,
        at: Option<&CellRef>,
    ) {
        self.record(rule, subject, Outcome::Pass, at, "");
    }

    /// Record a check that could not run, saying why (never a silent pass).
    pub fn cannot_check(
        &mut self,
        rule: &'static RuleDoc,
        subject: impl Into<String>,
        at: Option<&CellRef>,
        why: impl Into<String>,
    ) {
        self.record(rule, subject, Outcome::InsufficientData, at, why);
    }

    pub fn not_applicable(
        &mut self,
        rule: &'static RuleDoc,
        subject: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.record(rule, subject, Outcome::NotApplicable, None, why);
    }

    /// Record a failed check and its finding.
    pub fn flag(&mut self, subject: impl Into<String>, r: Flag<'_>) {
        let sheet = r.at.sheet.to_string();
        let related = r.related.iter().map(|c| c.a1_from(&sheet)).collect();
        self.checks.push(CheckRecord {
            rule: r.rule.code,
            form: self.form,
            subject: subject.into(),
            outcome: Outcome::Fail,
            rounding: r.severity == Severity::Info && r.rule.severity != Severity::Info,
            sheet: sheet.clone(),
            cell: r.at.a1(),
            detail: r.message.clone(),
        });
        self.findings.push(Finding {
            rule: r.rule.code,
            severity: r.severity,
            sheet,
            cell: r.at.a1(),
            related,
            message: r.message,
            expected: r.expected,
            actual: r.actual,
        });
    }

    /// The number in `a`, or None when blank or unusable. An unusable cell
    /// (公式未计算, error value, text) is reported once and never treated as
    /// a number.
    pub fn number(&mut self, a: &crate::amount::Amount) -> Option<rust_decimal::Decimal> {
        self.report_unusable(a);
        a.value()
    }

    /// Like [`Audit::number`] but blank counts as zero (sums of a breakdown).
    pub fn number_or_zero(&mut self, a: &crate::amount::Amount) -> Option<rust_decimal::Decimal> {
        self.report_unusable(a);
        a.value_or_zero()
    }

    fn report_unusable(&mut self, a: &crate::amount::Amount) {
        let Some(reason) = a.unusable_reason() else {
            return;
        };
        if !self.unusable_cells.insert(a.at.clone()) {
            return;
        }
        let (rule, severity) = match a.reading {
            crate::workbook::Reading::Uncomputed => (&registry::SB01, Severity::Warning),
            _ => (&registry::SB02, Severity::Error),
        };
        self.flag(
            format!("{} 可作为数字读取", a.at.a1()),
            Flag {
                rule,
                severity,
                at: &a.at,
                related: vec![],
                message: reason,
                expected: None,
                actual: Some(a.raw.clone()),
            },
        );
    }

    /// [`Audit::flag`] with positional arguments, for rule code that builds
    /// its findings inline.
    #[allow(clippy::too_many_arguments)]
    pub fn flag_with(
        &mut self,
        rule: &'static RuleDoc,
        severity: Severity,
        subject: &str,
        at: &CellRef,
        related: Vec<&CellRef>,
        message: String,
        expected: Option<String>,
        actual: Option<String>,
    ) {
        self.flag(
            subject,
            Flag {
                rule,
                severity,
                at,
                related,
                message,
                expected,
                actual,
            },
        );
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}
