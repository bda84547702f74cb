//! Where rules report: [`Cx`] collects the findings and check records of
//! one form, and [`Flag`] builds a finding with the severity its rule's
//! documentation states — changed only through a named [`Adjust`].

use super::record::{CheckRecord, Figures, Finding, Outcome};
use super::tolerance::Tolerance;
use super::{Rule, Severity};
use crate::scheme::Scheme;
use crate::workbook::CellRef;

/// What a check run may vary, as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub scheme: &'a Scheme,
    /// True when the user named the scheme; otherwise a form that fits
    /// another shipped scheme is reported as following that convention.
    pub scheme_chosen: bool,
}

impl<'a> Context<'a> {
    /// The rounding band for amounts and scores printed to the cent, built
    /// once from the scheme's `rounding_cap`.
    pub fn tolerance(&self) -> Tolerance {
        Tolerance::rounding(self.scheme.rounding_cap)
    }
}

/// A documented reason for a finding to take another severity than its
/// rule's default. Each rule's documentation names the cases it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adjust {
    /// A gap no larger than rounding the printed figures explains (尾数差异,
    /// or a printed ratio off by one unit in its last digit): info.
    Rounding,
    /// The form explains the deviation itself (a 偏差原因 is filled in): info.
    Explained,
    /// Consistent under a known local convention, not the scheme's: warning.
    Convention,
    /// A value not filled in, or text naming no known option: warning.
    Unfilled,
    /// `part ≤ whole` across tables or lines of different scope: warning.
    Scope,
    /// Contradicted outright by the form's own figures: error.
    Contradiction,
}

impl Adjust {
    pub fn severity(self) -> Severity {
        match self {
            Adjust::Rounding | Adjust::Explained => Severity::Info,
            Adjust::Convention | Adjust::Unfilled | Adjust::Scope => Severity::Warning,
            Adjust::Contradiction => Severity::Error,
        }
    }
}

/// A finding under construction:
/// `Flag::new(&ZP_24, at, message).related(cells).expected(e).actual(a)`.
#[derive(Debug, Clone)]
pub struct Flag<'a> {
    rule: &'static Rule,
    at: Option<&'a CellRef>,
    /// A prose finding: the paragraph's 第N段 number and the sentence.
    prose: Option<(usize, String)>,
    message: String,
    related: Vec<&'a CellRef>,
    expected: Option<String>,
    actual: Option<String>,
    adjust: Option<Adjust>,
    figures: Option<Figures>,
}

impl<'a> Flag<'a> {
    /// A finding of `rule` at `at`, at the rule's default severity.
    pub fn new(rule: &'static Rule, at: &'a CellRef, message: impl Into<String>) -> Self {
        Flag::at(rule, Some(at), None, message.into())
    }

    fn at(
        rule: &'static Rule,
        at: Option<&'a CellRef>,
        prose: Option<(usize, String)>,
        message: String,
    ) -> Self {
        Flag {
            rule,
            at,
            prose,
            message,
            related: Vec::new(),
            expected: None,
            actual: None,
            adjust: None,
            figures: None,
        }
    }

    /// A finding about a sentence of the document's prose: sheet 正文,
    /// cell 第N段, with the sentence as its quote (design.md §6).
    pub fn prose(
        rule: &'static Rule,
        paragraph: usize,
        quote: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Flag::at(rule, None, Some((paragraph, quote.into())), message.into())
    }

    /// The other cells the check used.
    pub fn related(mut self, cells: impl IntoIterator<Item = &'a CellRef>) -> Self {
        self.related.extend(cells);
        self
    }

    pub fn expected(mut self, value: impl Into<String>) -> Self {
        self.expected = Some(value.into());
        self
    }

    pub fn actual(mut self, value: impl Into<String>) -> Self {
        self.actual = Some(value.into());
        self
    }

    /// Take the severity of a documented case instead of the default.
    pub fn adjust(mut self, adjust: Adjust) -> Self {
        self.adjust = Some(adjust);
        self
    }

    /// The relation's two sides, for the 勾稽关系 working paper.
    pub fn figures(mut self, figures: Figures) -> Self {
        self.figures = Some(figures);
        self
    }

    pub fn severity(&self) -> Severity {
        self.adjust.map_or(self.rule.severity, Adjust::severity)
    }
}

/// The findings and check records of one form, as its rules report them.
#[derive(Debug)]
pub struct Cx<'a> {
    pub ctx: Context<'a>,
    findings: Vec<Finding>,
    checks: Vec<CheckRecord>,
}

use crate::forms::narrative::{cell as prose_cell, SHEET as PROSE_SHEET};

fn location(at: Option<&CellRef>) -> (String, String) {
    at.map(|c| (c.sheet.to_string(), c.a1()))
        .unwrap_or_default()
}

impl<'a> Cx<'a> {
    pub fn new(ctx: Context<'a>) -> Self {
        Cx {
            ctx,
            findings: Vec::new(),
            checks: Vec::new(),
        }
    }

    pub fn scheme(&self) -> &'a Scheme {
        self.ctx.scheme
    }

    pub fn tolerance(&self) -> Tolerance {
        self.ctx.tolerance()
    }

    fn record(
        &mut self,
        rule: &'static Rule,
        subject: String,
        outcome: Outcome,
        at: Option<&CellRef>,
        detail: String,
    ) {
        let (sheet, cell) = location(at);
        self.checks.push(CheckRecord {
            rule,
            subject,
            outcome,
            rounding: false,
            sheet,
            cell,
            detail,
            figures: None,
        });
    }

    /// A passed check.
    pub fn pass(&mut self, rule: &'static Rule, subject: impl Into<String>, at: Option<&CellRef>) {
        self.record(rule, subject.into(), Outcome::Pass, at, String::new());
    }

    /// A passed check with a remark (under which reading it passed).
    pub fn pass_noted(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        at: Option<&CellRef>,
        detail: impl Into<String>,
    ) {
        self.record(rule, subject.into(), Outcome::Pass, at, detail.into());
    }

    /// A passed relation with its figures.
    pub fn pass_with(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        at: &CellRef,
        figures: Figures,
    ) {
        self.record(rule, subject.into(), Outcome::Pass, Some(at), String::new());
        if let Some(last) = self.checks.last_mut() {
            last.figures = Some(figures);
        }
    }

    /// A check that does not apply to this form, and why.
    pub fn not_applicable(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.record(
            rule,
            subject.into(),
            Outcome::NotApplicable,
            None,
            why.into(),
        );
    }

    /// A check that could not run (a missing or unusable input), saying
    /// what was missing and where the tool looked — never a silent pass.
    pub fn cannot_check(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        at: Option<&CellRef>,
        why: impl Into<String>,
    ) {
        self.record(
            rule,
            subject.into(),
            Outcome::InsufficientData,
            at,
            why.into(),
        );
    }

    /// A failed check and its finding.
    pub fn flag(&mut self, subject: impl Into<String>, flag: Flag<'_>) {
        let severity = flag.severity();
        let (sheet, cell) = match &flag.prose {
            Some((n, _)) => (PROSE_SHEET.to_string(), prose_cell(*n)),
            None => location(flag.at),
        };
        let rounding = flag.adjust == Some(Adjust::Rounding);
        self.checks.push(CheckRecord {
            rule: flag.rule,
            subject: subject.into(),
            outcome: Outcome::Fail,
            rounding,
            sheet: sheet.clone(),
            cell: cell.clone(),
            detail: flag.message.clone(),
            figures: flag.figures,
        });
        self.findings.push(Finding {
            rule: flag.rule,
            severity,
            related: flag.related.iter().map(|c| c.a1_from(&sheet)).collect(),
            sheet,
            cell,
            message: flag.message,
            expected: flag.expected,
            actual: flag.actual,
            quote: flag.prose.map(|(_, q)| q),
        });
    }

    /// A check of a prose statement that passed or could not run, recorded
    /// at its paragraph (a failed one is a [`Flag::prose`]).
    pub fn prose_record(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        outcome: Outcome,
        paragraph: usize,
        detail: impl Into<String>,
    ) {
        self.checks.push(CheckRecord {
            rule,
            subject: subject.into(),
            outcome,
            rounding: false,
            sheet: PROSE_SHEET.to_string(),
            cell: prose_cell(paragraph),
            detail: detail.into(),
            figures: None,
        });
    }

    /// A failed check recorded without a finding, because the same cause is
    /// already reported by the check `detail` names.
    pub fn fail_reported_elsewhere(
        &mut self,
        rule: &'static Rule,
        subject: impl Into<String>,
        at: &CellRef,
        detail: impl Into<String>,
        rounding: bool,
        figures: Option<Figures>,
    ) {
        self.record(rule, subject.into(), Outcome::Fail, Some(at), detail.into());
        if let Some(last) = self.checks.last_mut() {
            last.rounding = rounding;
            last.figures = figures;
        }
    }

    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn checks(&self) -> &[CheckRecord] {
        &self.checks
    }

    /// Everything reported, for the form's result.
    pub fn into_records(self) -> (Vec<Finding>, Vec<CheckRecord>) {
        (self.findings, self.checks)
    }
}
