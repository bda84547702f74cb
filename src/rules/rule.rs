//! What a rule is: its documentation (code, family, default severity, title,
//! 检查什么 / 为什么 / 示例) and its check, declared together as one
//! `pub const` in the rule's own file (like a linter's rule). The family
//! tables (`rules!` in each family's `mod.rs`) list the constants; the
//! registry (`codes.rs`) is generated from those tables.

use super::cx::Cx;
use super::{framework, self_eval};
use crate::amount::Amount;
use crate::forms::final_accounts::Publication;
use crate::forms::framework::Evaluation;
use crate::forms::narrative::Narrative;
use crate::forms::self_eval::SelfEvalForm;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

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
    /// 决算公开文档的文字说明与表格
    Narrative,
}

impl Family {
    pub fn label(self) -> &'static str {
        match self {
            Family::Workbook => "单元格与读取",
            Family::SelfEvaluation => "项目支出绩效自评表",
            Family::FinalAccounts => "部门决算公开表",
            Family::EvaluationFramework => "绩效评价指标体系",
            Family::Narrative => "文字说明与表格",
        }
    }
}

/// The check of a rule, typed by what it reads. Rules read the typed form
/// models and the family's recomputed facts, never the grid, and report
/// into a [`Cx`].
#[derive(Clone, Copy)]
pub enum Check {
    /// Cell-level rules, run on every amount a form uses.
    Cells(fn(&[&Amount], &mut Cx)),
    SelfEvaluation(fn(&SelfEvalForm, &self_eval::Facts, &mut Cx)),
    Framework(fn(&Evaluation, &framework::Facts, &mut Cx)),
    /// 决算 rules read the whole publication (within-table rules iterate
    /// its tables; cross-table rules pair them).
    FinalAccounts(fn(&Publication, &mut Cx)),
    /// Prose rules read the document's paragraphs beside its publication.
    Narrative(fn(&Narrative, &mut Cx)),
}

/// One rule: documentation and check, as `shenbiao rules CODE` shows it.
#[derive(Clone, Copy, Serialize)]
pub struct Rule {
    /// Stable code ("ZP-24"); the constant is named after it (`ZP_24`).
    pub code: &'static str,
    pub family: Family,
    /// Default severity of a finding; a finding states why when it differs
    /// (see [`super::Adjust`]).
    pub severity: Severity,
    pub title: &'static str,
    /// What it checks.
    pub what: &'static str,
    /// Why it matters (and where the rule comes from).
    pub why: &'static str,
    /// A worked example.
    pub example: &'static str,
    #[serde(skip)]
    pub check: Check,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// Declares a family's rule table: one line per rule file,
/// `module::CONSTANT` (or `module::A | B` for a file holding a small group
/// of identities of one table). Expands to the module declarations, the
/// re-exports and `pub static RULES`, so a rule is added with one new file
/// and one line here.
macro_rules! rules {
    ($($module:ident :: $($rule:ident)|+),* $(,)?) => {
        $(mod $module;)*
        $(pub use $module::{$($rule),+};)*
        /// This family's rules, in listing order.
        pub static RULES: &[&$crate::rules::Rule] = &[$($(&$module::$rule),+),*];
    };
}
pub(crate) use rules;
