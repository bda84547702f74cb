//! Rules about the cells themselves, run on every amount a form's rules
//! read: a formula saved without its result (SB-01) and a cell that holds
//! an error value or text where a number belongs (SB-02). Each unusable
//! cell is reported once; the rules that depend on it record 无法校验
//! instead of an arithmetic error.

use crate::amount::Amount;
use crate::rules::{Cx, Flag, Rule};
use crate::workbook::Reading;
use std::collections::HashSet;

crate::rules::rule::rules! {
    sb01_uncomputed_formula::SB_01,
    sb02_not_a_number::SB_02,
}

/// Report each cell of `amounts` whose reading `pick` selects, once, or
/// record that every cell read fine.
fn report(rule: &'static Rule, amounts: &[&Amount], pick: fn(&Reading) -> bool, cx: &mut Cx) {
    let mut seen = HashSet::new();
    let mut flagged = 0usize;
    for a in amounts.iter().filter(|a| pick(&a.reading)) {
        if !seen.insert(&a.at) {
            continue;
        }
        let Some(reason) = a.unusable_reason() else {
            continue;
        };
        flagged += 1;
        cx.flag(
            format!("{} 可作为数字读取", a.at.a1()),
            Flag::new(rule, &a.at, reason).actual(a.raw.clone()),
        );
    }
    if flagged == 0 && !amounts.is_empty() {
        let first = amounts.iter().map(|a| &a.at).min();
        cx.pass(
            rule,
            format!("参与校验的 {} 个单元格均可读取", amounts.len()),
            first,
        );
    }
}
