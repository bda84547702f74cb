//! Rules for 项目支出绩效自评表 (rules.md §1, ZP-01…ZP-26).

use crate::forms::self_eval::SelfEvalForm;
use crate::report::{FormKind, FormSummary, ReviewTable};
use crate::rules::{Audit, RuleDoc};
use crate::Options;

pub static RULES: &[RuleDoc] = &[];

/// What checking one form yields besides findings.
pub struct FormOutcome {
    pub summary: FormSummary,
    pub review: Option<ReviewTable>,
}

pub fn check(_form: &SelfEvalForm, opts: &Options, _audit: &mut Audit) -> FormOutcome {
    FormOutcome {
        summary: FormSummary {
            kind: FormKind::SelfEvaluation,
            table: None,
            sheet: String::new(),
            range: String::new(),
            title: String::new(),
            scheme: Some(opts.scheme.name.clone()),
            score: None,
            rating: None,
        },
        review: None,
    }
}
