//! JS-01-07: 公开01 amounts are not negative.

use crate::forms::final_accounts::Publication;
use crate::rules::format::{contract, money};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_01_07: Rule = Rule {
    code: "JS-01-07",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "收支总表：金额不应为负数",
    what: "公开01 中除结余分配外的各项金额都不应为负数。",
    why: "收入、支出与结转结余在决算中不会为负；负数多为录入错误或把冲减数直接填入。",
    example: "其他收入填 -5.00 → 警告。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    let Some(t) = &p.t01 else {
        cx.not_applicable(&JS_01_07, "公开01 各项金额不为负数", "未找到公开01表");
        return;
    };
    let o = &t.body;
    let lines = o.income.iter().map(|l| &l.line).chain(
        [
            &o.income_total,
            &o.use_balance,
            &o.opening,
            &o.income_grand,
            &o.spend_total,
            &o.closing,
            &o.spend_grand,
        ]
        .into_iter()
        .flatten(),
    );
    let classes = o.classes.iter().map(|c| (c.label.as_str(), &c.values[0]));
    let mut negatives = 0;
    for (label, amount) in lines.map(|l| (l.label.as_str(), &l.amount)).chain(classes) {
        let Some(v) = amount.value() else { continue };
        if v.is_sign_negative() && !v.is_zero() {
            negatives += 1;
            cx.flag(
                format!("公开01 {label} 不为负数"),
                Flag::new(
                    &JS_01_07,
                    &amount.at,
                    format!(
                        "收支总表金额为负数：{label} 填报 {}。除结余分配外，收入、支出和结转结余都不应为负数，请核对",
                        money(v)
                    ),
                )
                .actual(contract(v, amount.decimals().max(2))),
            );
        }
    }
    if negatives == 0 {
        cx.pass(
            &JS_01_07,
            "公开01 各项金额均不为负数（结余分配除外）",
            Some(&t.meta.title_at),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T01};
    use crate::rules::Severity;

    #[test]
    fn positive_amounts_pass() {
        run(&super::JS_01_07, &seed_final_accounts()).assert_passed("JS-01-07");
    }

    #[test]
    fn a_negative_amount_is_a_warning() {
        let book = seed_with(&[(T01, "F8", "-5.00"), (T01, "F9", "5.00")]);
        run(&super::JS_01_07, &book).assert_only("JS-01-07", Severity::Warning, "F8");
    }
}
