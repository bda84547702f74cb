//! Rules for 部门决算公开表 (rules.md §4 and §5.1): within-table sums, code
//! hierarchies, cross-table agreement and completeness. Each relation is
//! recorded in the [`Audit`] whatever its outcome.

pub mod basic;
pub mod completeness;
pub mod cross;
pub mod overview;
pub mod rows;
pub mod san_gong;
pub mod sums;
pub mod tree;

use crate::forms::final_accounts::model::{Body, MoneyUnit, Table, TableSet};
use crate::rules::{Audit, RuleDoc, Tolerance};
use crate::Options;

/// Every 决算 rule, in listing order.
pub static RULES: &[RuleDoc] = &[
    overview::JS_01_01,
    overview::JS_01_02,
    overview::JS_01_03,
    overview::JS_01_04,
    overview::JS_01_05,
    overview::JS_01_06,
    overview::JS_01_07,
    rows::JS_02_01,
    tree::JS_02_02,
    rows::JS_03_01,
    tree::JS_03_02,
    overview::JS_04_01,
    overview::JS_04_02,
    overview::JS_04_03,
    overview::JS_04_04,
    overview::JS_04_05,
    overview::JS_04_06,
    overview::JS_04_07,
    rows::JS_05_01,
    tree::JS_05_02,
    basic::JS_06_01,
    basic::JS_06_02,
    basic::JS_06_03,
    basic::JS_06_04,
    san_gong::JS_07_01,
    san_gong::JS_07_02,
    san_gong::JS_07_03,
    rows::JS_08_01,
    tree::JS_08_02,
    rows::JS_09_01,
    tree::JS_09_02,
    cross::JS_X_01,
    cross::JS_X_02,
    cross::JS_X_03,
    cross::JS_X_04,
    cross::JS_X_05,
    cross::JS_X_06,
    cross::JS_X_07,
    cross::JS_X_08,
    cross::JS_X_09,
    cross::JS_X_10,
    cross::JS_X_10B,
    cross::JS_X_11,
    completeness::JS_C_01,
    completeness::JS_C_03,
    completeness::JS_GK_01,
    completeness::JS_GK_03,
];

/// Rounding band for one table: tables in 元 are exact (rules.md §0.2).
pub fn tol_of(t: &Table) -> Tolerance {
    match t.unit() {
        MoneyUnit::Yuan => Tolerance::exact(),
        MoneyUnit::Wan => Tolerance::default(),
    }
}

/// Rounding band for comparing two tables, or why they cannot be compared
/// (one in 万元, the other in 元).
pub fn tol_between(a: &Table, b: &Table) -> Result<Tolerance, String> {
    let (ua, ub) = (&a.meta.header.unit, &b.meta.header.unit);
    if let (Some(x), Some(y)) = (ua, ub) {
        if x.value != y.value {
            return Err(format!(
                "金额单位不一致：{} 为{}，{} 为{}，无法直接比较",
                a.meta.kind.code(),
                x.value.label(),
                b.meta.kind.code(),
                y.value.label()
            ));
        }
    }
    if a.unit() == MoneyUnit::Yuan || b.unit() == MoneyUnit::Yuan {
        Ok(Tolerance::exact())
    } else {
        Ok(Tolerance::default())
    }
}

/// Every within-table rule of one table (`audit.form` is already set).
pub fn check_table(t: &Table, _opts: &Options, audit: &mut Audit) {
    let tol = tol_of(t);
    match &t.body {
        Body::Overview(o) => overview::check_t01(t, o, tol, audit),
        Body::FiscalOverview(f) => overview::check_t04(t, f, tol, audit),
        Body::Coded(c) => {
            rows::check(t, c, tol, audit);
            tree::check(t, c, tol, audit);
        }
        Body::Basic(b) => basic::check(t, b, tol, audit),
        Body::SanGong(s) => san_gong::check(t, s, tol, audit),
    }
    completeness::codes(t, audit);
    completeness::empty_statement(t, audit);
}

/// Cross-table and publication-level rules of one set.
pub fn check_set(set: &TableSet<'_>, _opts: &Options, audit: &mut Audit) {
    cross::check(set, audit);
    completeness::complete(set, audit);
    completeness::consistent(set, audit);
}
