//! Rules for 部门决算公开表 (rules.md §4 and §5.1): within-table sums, code
//! hierarchies, cross-table agreement and completeness. Every relation is
//! recorded whatever its outcome (the 勾稽关系 working paper). Relations of
//! one shape are written as data tables (`row_totals`, `hierarchy`,
//! `cross_totals`); a file holds one rule or a small group of identities
//! of one table.

mod tree;

use crate::amount::Amount;
use crate::forms::final_accounts::model::{
    AnyTable, ClassLine, Coded, ColKey, MoneyUnit, Table, TableKind,
};
use crate::forms::final_accounts::names::strip_ordinal;
use crate::forms::labels::norm;
use crate::rules::{Cx, Rule, Tolerance};

crate::rules::rule::rules! {
    t01_totals::JS_01_01 | JS_01_02 | JS_01_03 | JS_01_04 | JS_01_05 | JS_01_06,
    js01_07_negatives::JS_01_07,
    row_totals::JS_02_01 | JS_03_01 | JS_05_01 | JS_08_01 | JS_09_01,
    hierarchy::JS_02_02 | JS_03_02 | JS_05_02 | JS_08_02 | JS_09_02,
    t04_totals::JS_04_01 | JS_04_02 | JS_04_03 | JS_04_04 | JS_04_05 | JS_04_06 | JS_04_07,
    t06_basic::JS_06_01 | JS_06_02 | JS_06_03,
    js06_04_project_classes::JS_06_04,
    t07_san_gong::JS_07_01 | JS_07_02,
    js07_03_over_budget::JS_07_03,
    cross_totals::JS_X_01 | JS_X_02 | JS_X_03 | JS_X_04 | JS_X_05 | JS_X_06 | JS_X_07 | JS_X_08 | JS_X_09 | JS_X_10B,
    jsx10_fiscal_within_all::JS_X_10,
    jsx11_san_gong_scope::JS_X_11,
    jsc01_codes::JS_C_01,
    jsc03_headers_agree::JS_C_03,
    jsgk01_complete::JS_GK_01,
    jsgk03_empty_statement::JS_GK_03,
    jsgk09_unfilled::JS_GK_09,
}

/// The rounding band within one table: tables in 元 are exact (rules.md
/// §0.2); tables in 万元 use the scheme's band.
pub(crate) fn tol_of<B>(t: &Table<B>, cx: &Cx) -> Tolerance {
    unit_tolerance(t.unit(), cx)
}

fn unit_tolerance(unit: MoneyUnit, cx: &Cx) -> Tolerance {
    match unit {
        MoneyUnit::Yuan => Tolerance::exact(),
        MoneyUnit::Wan => cx.tolerance(),
    }
}

/// The rounding band for comparing two tables, or — recorded as 无法校验 —
/// why they cannot be compared (one in 万元, the other in 元).
pub(crate) fn pair_tolerance(
    cx: &mut Cx,
    rule: &'static Rule,
    subject: &str,
    a: AnyTable<'_>,
    b: AnyTable<'_>,
) -> Option<Tolerance> {
    let (ua, ub) = (&a.meta.header.unit, &b.meta.header.unit);
    if let (Some(x), Some(y)) = (ua, ub) {
        if x.value != y.value {
            cx.cannot_check(
                rule,
                subject,
                Some(&a.meta.title_at),
                format!(
                    "金额单位不一致：{} 为{}，{} 为{}，无法直接比较",
                    a.meta.kind.code(),
                    x.value.label(),
                    b.meta.kind.code(),
                    y.value.label()
                ),
            );
            return None;
        }
    }
    let yuan = a.unit() == MoneyUnit::Yuan || b.unit() == MoneyUnit::Yuan;
    Some(unit_tolerance(
        if yuan {
            MoneyUnit::Yuan
        } else {
            MoneyUnit::Wan
        },
        cx,
    ))
}

/// A table seen through what all tables share.
pub(crate) fn any<B: crate::forms::final_accounts::model::TableBody>(t: &Table<B>) -> AnyTable<'_> {
    AnyTable {
        meta: &t.meta,
        body: &t.body,
    }
}

/// "财政拨款收入(2)".
pub(crate) fn col_title(kind: TableKind, c: &Coded, j: usize) -> String {
    let col = &c.columns[j];
    match col.lanci {
        Some(n) => format!("{}({n})", col.key.name(kind)),
        None => col.key.name(kind).to_string(),
    }
}

/// The 合计 row's cell in column `key`.
pub(crate) fn total_cell(c: &Coded, key: ColKey) -> Option<&Amount> {
    let j = c.col(key)?;
    c.total.as_ref().map(|r| &r.values[j])
}

/// The 类 code of an overview line: from the name, or by matching the name
/// against the 3-digit rows of `coded`.
pub(crate) fn line_code(line: &ClassLine, coded: &Coded) -> Option<String> {
    if let Some(code) = &line.code {
        return Some(code.clone());
    }
    let name = strip_ordinal(&line.label);
    coded
        .rows
        .iter()
        .filter(|r| r.code.len() == 3)
        .find(|r| norm(&r.name) == name)
        .map(|r| r.code.clone())
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_all, seed_final_accounts};
    use crate::rules::Severity;
    use crate::scheme::Scheme;
    use rust_decimal::Decimal;

    /// (rule, cell) of the seed's ten rounding gaps.
    const ROUNDING_GAPS: [(&str, &str); 10] = [
        ("JS-01-02", "C37"),
        ("JS-01-03", "F37"),
        ("JS-01-05", "F33"),
        ("JS-03-01", "E7"),
        ("JS-03-02", "E7"),
        ("JS-04-03", "C39"),
        ("JS-04-07", "G35"),
        ("JS-05-01", "E13"),
        ("JS-05-02", "G13"),
        ("JS-06-03", "F6"),
    ];

    fn found(scheme: &Scheme) -> Vec<(&'static str, String, Severity)> {
        let mut f: Vec<_> = run_all(&seed_final_accounts(), scheme)
            .findings
            .into_iter()
            .map(|f| (f.rule.code, f.cell, f.severity))
            .collect();
        f.sort();
        f
    }

    #[test]
    fn the_seed_has_only_its_ten_rounding_gaps() {
        let mut want: Vec<_> = ROUNDING_GAPS
            .iter()
            .map(|(r, c)| (*r, c.to_string(), Severity::Info))
            .collect();
        want.sort();
        assert_eq!(found(&Scheme::national()), want);
    }

    #[test]
    fn a_scheme_without_rounding_makes_every_gap_an_error() {
        let mut exact = Scheme::national();
        exact.rounding_cap = Decimal::ZERO;
        let mut want: Vec<_> = ROUNDING_GAPS
            .iter()
            .map(|(r, c)| (*r, c.to_string(), Severity::Error))
            .collect();
        want.sort();
        assert_eq!(found(&exact), want);
    }
}
