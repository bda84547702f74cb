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
            let unfilled = Unfilled::new(f.is_unfilled(), &self_eval::ZP_28);
            unfilled.run(form, self_eval::RULES, &mut cx, |rule, cx| {
                if let Check::SelfEvaluation(check) = rule.check {
                    check(f, &facts, cx);
                }
            });
            finish(cx, Facts::SelfEvaluation(facts), Vec::new())
        }
        Form::Framework(e) => framework::check(e, &form.amounts(), ctx),
        Form::FinalAccounts(p) => {
            let mut cx = Cx::new(ctx);
            let unfilled = Unfilled::new(p.is_unfilled(), &final_accounts::JS_GK_09);
            unfilled.run(form, final_accounts::RULES, &mut cx, |rule, cx| {
                if let Check::FinalAccounts(check) = rule.check {
                    check(p, cx);
                }
            });
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

/// Whether a form is unfilled, and the family rule that says so (ZP-28,
/// JS-GK-09): on an unfilled form only that rule runs and every other one
/// records that it did not apply, rather than passing or crying 未填写.
struct Unfilled {
    unfilled: bool,
    note: &'static Rule,
}

impl Unfilled {
    fn new(unfilled: bool, note: &'static Rule) -> Self {
        Unfilled { unfilled, note }
    }

    /// The cell rules, then `rules` in order through `run`.
    fn run(
        &self,
        form: &Form,
        rules: &[&'static Rule],
        cx: &mut Cx,
        mut run: impl FnMut(&'static Rule, &mut Cx),
    ) {
        if !self.unfilled {
            run_cells(&form.amounts(), cx);
        }
        for &rule in rules {
            if self.unfilled && rule != self.note {
                cx.not_applicable(rule, rule.title, "表格尚未填写");
            } else {
                run(rule, cx);
            }
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
