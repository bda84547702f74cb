//! Rules for 项目支出绩效自评表 (rules.md §1, ZP-01…ZP-26). Each file checks
//! one part of the form; `check` runs them all on one extracted form.

mod completeness;
pub mod docs;
mod fund;
mod indicators;
mod review;
mod totals;

use crate::amount::Amount;
use crate::forms::self_eval::SelfEvalForm;
use crate::report::{DeclaredComputed, FormKind, FormSummary, ReviewTable};
use crate::rules::{Audit, RuleDoc, Severity, Tolerance};
use crate::workbook::CellRef;
use crate::Options;
use rust_decimal::Decimal;

pub use docs::*;

/// Every 自评表 rule, in listing order.
pub static RULES: &[&RuleDoc] = &[
    &ZP01, &ZP02, &ZP03, &ZP04, &ZP05, &ZP06, &ZP07, &ZP10, &ZP11, &ZP12, &ZP13, &ZP14, &ZP15,
    &ZP16, &ZP17, &ZP18, &ZP19, &ZP21, &ZP22, &ZP23, &ZP24, &ZP25, &ZP26,
];

/// What checking one form yields besides findings.
pub struct FormOutcome {
    pub summary: FormSummary,
    pub review: Option<ReviewTable>,
}

/// Shared state while one form is checked.
pub(crate) struct Ctx<'a> {
    pub form: &'a SelfEvalForm,
    pub opts: &'a Options,
    pub audit: &'a mut Audit,
    pub tolerance: Tolerance,
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

    /// Report a failed check of `rule` at its default severity or another.
    #[allow(clippy::too_many_arguments)]
    pub fn flag(
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

/// Run every rule on one form.
pub fn check(form: &SelfEvalForm, opts: &Options, audit: &mut Audit) -> FormOutcome {
    let mut ctx = Ctx {
        form,
        opts,
        audit,
        tolerance: Tolerance {
            allow_rounding: true,
            cap: opts.scheme.rounding_cap,
        },
    };
    completeness::check(&mut ctx);
    let fund = fund::check(&mut ctx);
    let quantitative = indicators::check(&mut ctx);
    let scoring = totals::check(&mut ctx, &fund);
    let review = review::table(form, &fund, &quantitative, &scoring);
    let summary = FormSummary {
        kind: FormKind::SelfEvaluation,
        table: None,
        sheet: form.sheet.to_string(),
        range: form.range.a1(),
        title: form.display_name(),
        scheme: Some(opts.scheme.name.clone()),
        score: Some(DeclaredComputed {
            declared: scoring.declared.map(crate::rules::tolerance::plain),
            computed: scoring.computed.map(crate::rules::tolerance::plain),
        }),
        rating: scoring.rating.clone(),
    };
    FormOutcome {
        summary,
        review: Some(review),
    }
}
