//! Rules: each is one unit with a stable code, a default severity, a
//! Chinese title, a linter-style doc (what it checks, why, an example), its
//! check and its tests, in its own file under its family (`cells/`,
//! `self_eval/`, `final_accounts/`, `framework/`). Rules read the typed form
//! models and the family's recomputed facts, never the grid, and report
//! into a [`Cx`]. [`check`] runs every rule that applies to one form.

pub mod cells;
mod cx;
pub mod final_accounts;
pub mod format;
pub mod framework;
pub mod identity;
pub mod narrative;
mod record;
pub mod registry;
pub(crate) mod rule;
pub mod self_eval;
pub mod tolerance;

#[cfg(test)]
pub(crate) mod testkit;

pub use cx::{Adjust, Context, Cx, Flag};
pub use record::{CheckRecord, Figures, Finding, Outcome};
pub use registry::{all_rules, find_rule};
pub use rule::{Check, Family, Rule, Severity};
pub use tolerance::{Gap, Tolerance};

use crate::forms::Form;

/// What a form's recomputation yields for the reports (评分复核): typed
/// per family. 决算 relations are the check records themselves.
#[derive(Debug, Clone)]
pub enum Facts {
    SelfEvaluation(self_eval::Facts),
    Framework(framework::Facts),
    FinalAccounts,
}

/// Everything the rules said about one form.
#[derive(Debug, Clone)]
pub struct FormResult {
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckRecord>,
    pub facts: Facts,
    /// Remarks about how the form was checked (the scheme used …).
    pub notes: Vec<String>,
}

/// Run every rule that applies to `form`: the cell rules on its amounts,
/// then its family's rules in listing order.
pub fn check(form: &Form, ctx: Context<'_>) -> FormResult {
    match form {
        Form::SelfEvaluation(f) => {
            let facts = self_eval::Facts::compute(f, &ctx);
            let mut cx = Cx::new(ctx);
            run_cells(&form.amounts(), &mut cx);
            for rule in self_eval::RULES {
                if let Check::SelfEvaluation(check) = rule.check {
                    check(f, &facts, &mut cx);
                }
            }
            finish(cx, Facts::SelfEvaluation(facts), Vec::new())
        }
        Form::Framework(e) => framework::check(e, &form.amounts(), ctx),
        Form::FinalAccounts(p) => {
            let mut cx = Cx::new(ctx);
            run_cells(&form.amounts(), &mut cx);
            for rule in final_accounts::RULES {
                if let Check::FinalAccounts(check) = rule.check {
                    check(p, &mut cx);
                }
            }
            finish(cx, Facts::FinalAccounts, Vec::new())
        }
        Form::Narrative(n) => {
            let mut cx = Cx::new(ctx);
            for rule in narrative::RULES {
                if let Check::Narrative(check) = rule.check {
                    check(n, &mut cx);
                }
            }
            finish(cx, Facts::FinalAccounts, Vec::new())
        }
    }
}

/// SB-01 / SB-02 over the amounts a form's rules read.
pub(crate) fn run_cells(amounts: &[&crate::amount::Amount], cx: &mut Cx) {
    for rule in cells::RULES {
        if let Check::Cells(check) = rule.check {
            check(amounts, cx);
        }
    }
}

pub(crate) fn finish(cx: Cx, facts: Facts, notes: Vec<String>) -> FormResult {
    let (findings, checks) = cx.into_records();
    FormResult {
        findings,
        checks,
        facts,
        notes,
    }
}
