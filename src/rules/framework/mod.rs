//! Rules for the 项目支出绩效评价指标体系 and its 自评报告 (PJ-01…PJ-13,
//! rules.md §6 V-03). `check` runs them on one evaluation: the 指标体系's
//! points and scores, the report's money, and the links between the two.

pub mod docs;
mod money;
mod review;
mod scores;
mod structure;

use crate::amount::Amount;
use crate::forms::framework::Evaluation;
use crate::report::{DeclaredComputed, FormKind, FormSummary, ReviewTable};
use crate::rules::tolerance::plain;
use crate::rules::{Audit, RuleDoc, Severity, Tolerance};
use crate::scheme::Scheme;
use crate::workbook::CellRef;
use crate::Options;
use rust_decimal::Decimal;

pub use docs::*;

/// Every 指标体系 rule, in listing order.
pub static RULES: &[&RuleDoc] = &[
    &PJ01, &PJ02, &PJ03, &PJ04, &PJ05, &PJ06, &PJ07, &PJ08, &PJ09, &PJ10, &PJ11, &PJ12, &PJ13,
];

/// What checking one evaluation yields besides findings: one form entry per
/// part found (report, 指标体系), the 评分复核 block and notes.
pub struct Outcome {
    pub forms: Vec<FormSummary>,
    pub review: Option<ReviewTable>,
    pub notes: Vec<String>,
}

/// Shared state while one evaluation is checked.
pub(crate) struct Ctx<'a> {
    pub eval: &'a Evaluation,
    pub scheme: Scheme,
    pub audit: &'a mut Audit,
    pub tolerance: Tolerance,
    /// Form index of the report part and of the 指标体系 part.
    pub report_form: usize,
    pub system_form: usize,
}

impl Ctx<'_> {
    /// The number in `a` (None when blank or unusable; see [`Audit::number`]).
    pub fn value(&mut self, a: &Amount) -> Option<Decimal> {
        self.audit.number(a)
    }

    /// Like [`Ctx::value`] but blank counts as zero.
    pub fn value_or_zero(&mut self, a: &Amount) -> Option<Decimal> {
        self.audit.number_or_zero(a)
    }

    /// Checks that follow belong to the report part.
    pub fn on_report(&mut self) {
        self.audit.form = self.report_form;
    }

    /// Checks that follow belong to the 指标体系 part.
    pub fn on_system(&mut self) {
        self.audit.form = self.system_form;
    }

    /// Report a failed check.
    #[allow(clippy::too_many_arguments)]
    pub fn flag(
        &mut self,
        rule: &'static RuleDoc,
        severity: Severity,
        subject: &str,
        at: &CellRef,
        related: Vec<&CellRef>,
        message: String,
        expected: Option<Decimal>,
        actual: Option<Decimal>,
    ) {
        self.flag_text(
            rule,
            severity,
            subject,
            at,
            related,
            message,
            expected.map(plain),
            actual.map(plain),
        );
    }

    /// Report a failed check whose expected/actual values are text.
    #[allow(clippy::too_many_arguments)]
    pub fn flag_text(
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
        self.audit.flag_with(
            rule, severity, subject, at, related, message, expected, actual,
        );
    }
}

/// The scheme the evaluation is checked under: the chosen one when it
/// describes a framework, else the shipped scheme that does (hunan-yueyang),
/// with a note saying so.
fn effective_scheme(opts: &Options) -> (Scheme, Option<String>) {
    if opts.scheme.framework.is_some() {
        return (opts.scheme.clone(), None);
    }
    let Some(fit) = Scheme::shipped()
        .into_iter()
        .find(|s| s.framework.is_some())
    else {
        return (opts.scheme.clone(), None);
    };
    let note = if opts.scheme_chosen {
        format!(
            "评分方案 {} 没有绩效评价指标体系的设定，项目支出绩效评价指标体系按 {} 方案检查",
            opts.scheme.name, fit.name
        )
    } else {
        format!(
            "项目支出绩效评价指标体系按 {} 方案检查（{}；可用 --scheme {} 指定）",
            fit.name, fit.title, fit.name
        )
    };
    (fit, Some(note))
}

/// Run every rule on one evaluation. `first_form` is the index its first
/// form entry will have in the report.
pub fn check(eval: &Evaluation, opts: &Options, audit: &mut Audit, first_form: usize) -> Outcome {
    let (scheme, note) = effective_scheme(opts);
    let report_form = first_form;
    let system_form = first_form + usize::from(eval.report.is_some());
    let mut ctx = Ctx {
        eval,
        tolerance: Tolerance {
            allow_rounding: true,
            cap: scheme.rounding_cap,
        },
        scheme,
        audit,
        report_form,
        system_form,
    };
    let points = structure::check(&mut ctx);
    let funds = money::check(&mut ctx);
    let scoring = scores::check(&mut ctx, &points, &funds);
    let review = review::table(eval, &ctx.scheme, &funds, &scoring);
    let scheme_name = Some(ctx.scheme.name.clone());
    let mut forms = Vec::new();
    let project = eval.report.as_ref().and_then(|r| r.project_name());
    if let Some(r) = &eval.report {
        forms.push(FormSummary {
            kind: FormKind::EvaluationFramework,
            table: None,
            sheet: r.sheet.to_string(),
            range: r.range.a1(),
            title: project.clone().unwrap_or_else(|| {
                r.title
                    .as_ref()
                    .map_or_else(|| "绩效评价自评报告".into(), |t| t.text.clone())
            }),
            scheme: scheme_name.clone(),
            score: Some(DeclaredComputed {
                declared: scoring.report_score.map(plain),
                computed: scoring.computed.map(plain),
            }),
            rating: Some(scoring.rating.clone()),
        });
    }
    if let Some(s) = &eval.system {
        let name = s
            .title
            .as_ref()
            .map_or("项目支出绩效评价指标体系", |t| t.text.as_str());
        forms.push(FormSummary {
            kind: FormKind::EvaluationFramework,
            table: None,
            sheet: s.sheet.to_string(),
            range: s.range.a1(),
            title: match &project {
                Some(p) => format!("{p}（{name}）"),
                None => name.to_string(),
            },
            scheme: scheme_name,
            score: Some(DeclaredComputed {
                declared: scoring.system_score.map(plain),
                computed: scoring.computed.map(plain),
            }),
            rating: None,
        });
    }
    Outcome {
        forms,
        review: Some(review),
        notes: note.into_iter().collect(),
    }
}
