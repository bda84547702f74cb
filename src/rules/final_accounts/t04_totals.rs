//! The identities of 公开04 财政拨款收入支出决算总表 (JS-04-01 … JS-04-07):
//! income by fund, opening balances, both grand totals, the spending panel
//! by row and by column, and each fund's carry-forward.

use super::tol_of;
use crate::forms::final_accounts::model::{ClassLine, FiscalOverview, Fund, SpendCol, Table};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity, Tolerance};

pub const JS_04_01: Rule = Rule {
    code: "JS-04-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：本年收入合计等于三项财政拨款之和",
    what: "公开04 收入侧本年收入合计应等于一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款之和。",
    why: "财政拨款收入只有这三个来源，合计按定义是三者之和。",
    example: "2,140.78 + 0.00 + 0.00 = 2,140.78，本年收入合计填 2,140.78 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_01, p, cx, income_total)),
};

pub const JS_04_02: Rule = Rule {
    code: "JS-04-02",
    title: "财政拨款总表：年初财政拨款结转和结余等于其分项之和",
    what: "公开04 年初财政拨款结转和结余应等于其下一般公共预算、政府性基金预算、国有资本经营预算三个分项之和。",
    why: "分项是对年初数按资金性质的拆分，合计必须一致。",
    example: "年初 993.56 = 993.56 + 0.00 + 0.00 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_02, p, cx, opening)),
    ..JS_04_01
};

pub const JS_04_03: Rule = Rule {
    code: "JS-04-03",
    title: "财政拨款总表：收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
    what: "公开04 收入侧总计应等于本年收入合计与年初财政拨款结转和结余之和。",
    why: "财政拨款收入侧的定义式。",
    example: "2,140.78 + 993.56 = 3,134.34，总计填 3,134.35 → 提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_03, p, cx, income_grand)),
    ..JS_04_01
};

pub const JS_04_04: Rule = Rule {
    code: "JS-04-04",
    title: "财政拨款总表：支出各行合计等于三项财政拨款之和",
    what: "公开04 支出侧每一行的合计栏应等于一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款三栏之和。",
    why: "合计栏按定义是三栏之和。",
    example: "一般公共服务支出：合计 1,732.98 = 1,732.98 + 0.00 + 0.00 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_04, p, cx, row_totals)),
    ..JS_04_01
};

pub const JS_04_05: Rule = Rule {
    code: "JS-04-05",
    title: "财政拨款总表：本年支出合计等于各类支出之和",
    what: "公开04 支出侧每一栏的本年支出合计应等于该栏各功能分类（类级）支出之和。",
    why: "本年支出合计按定义是各类支出之和。",
    example: "1,732.98 + 1.53 + 909.88 + 8.96 + 6.19 + 6.72 = 2,666.26 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_05, p, cx, spend_total)),
    ..JS_04_01
};

pub const JS_04_06: Rule = Rule {
    code: "JS-04-06",
    title: "财政拨款总表：支出总计 = 本年支出合计 + 年末结转和结余，且等于收入总计",
    what: "公开04 支出侧每一栏的总计应等于本年支出合计与年末财政拨款结转和结余之和；收入总计应与支出总计（合计栏）完全相等。",
    why: "财政拨款收支平衡的定义式。",
    example: "2,666.26 + 468.09 = 3,134.35，支出总计 3,134.35，收入总计 3,134.35 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_06, p, cx, spend_grand)),
    ..JS_04_01
};

pub const JS_04_07: Rule = Rule {
    code: "JS-04-07",
    title: "财政拨款总表：分资金年初 + 本年收入 − 本年支出 = 年末",
    what: "公开04 对每一类财政拨款资金：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余。",
    why: "每类资金各自滚动结转，不能互相挪用；不相等说明某类资金的收入、支出或结转填错。",
    example: "一般公共预算：993.56 + 2,140.78 − 2,666.26 = 468.08，年末填 468.09 → 提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| with_t04(&JS_04_07, p, cx, roll_forward)),
    ..JS_04_01
};

/// Run `check` on the publication's 公开04 under `rule`.
fn with_t04(
    rule: &'static Rule,
    p: &Publication,
    cx: &mut Cx,
    check: fn(&'static Rule, &Table<FiscalOverview>, Tolerance, &mut Cx),
) {
    match &p.t04 {
        Some(t) => {
            let tol = tol_of(t, cx);
            check(rule, t, tol, cx)
        }
        None => cx.not_applicable(rule, rule.title, "未找到公开04表"),
    }
}

fn missing(cx: &mut Cx, rule: &'static Rule, t: &Table<FiscalOverview>, subject: &str, what: &str) {
    cx.cannot_check(rule, subject, Some(&t.meta.title_at), format!("表中未找到“{what}”行"));
}

fn col_name(f: &FiscalOverview, j: usize) -> &'static str {
    match f.columns[j].key {
        SpendCol::Total => "合计",
        SpendCol::Fund(fund) => fund.short(),
    }
}

fn income_total(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let subject = "公开04 本年收入合计 = 一般公共预算 + 政府性基金 + 国有资本经营";
    let f = &t.body;
    match &f.income_total {
        None => missing(cx, rule, t, subject, "本年收入合计"),
        Some(_) if f.income.is_empty() => missing(cx, rule, t, subject, "各项财政拨款收入"),
        Some(total) => {
            let terms = f
                .income
                .iter()
                .map(|l| Term::plus(l.line.label.clone(), &l.line.amount))
                .collect();
            Sum::money(rule, subject, "财政拨款本年收入合计与各项之和不符", &total.amount, terms, tol)
                .run(cx);
        }
    }
}

fn opening(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let subject = "公开04 年初财政拨款结转和结余 = 各分项之和";
    let f = &t.body;
    match &f.opening {
        None => missing(cx, rule, t, subject, "年初财政拨款结转和结余"),
        Some(_) if f.opening_funds.is_empty() => {
            cx.not_applicable(rule, subject, "表中未列示年初结转和结余的分项")
        }
        Some(opening) => {
            let terms = f
                .opening_funds
                .iter()
                .map(|l| Term::plus(format!("年初{}", l.fund.short()), &l.line.amount))
                .collect();
            Sum::money(rule, subject, "年初财政拨款结转和结余与分项之和不符", &opening.amount, terms, tol)
                .run(cx);
        }
    }
}

fn income_grand(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let subject = "公开04 收入总计 = 本年收入合计 + 年初财政拨款结转和结余";
    let f = &t.body;
    match (&f.income_grand, &f.income_total, &f.opening) {
        (Some(grand), Some(total), Some(opening)) => {
            Sum::money(
                rule,
                subject,
                "财政拨款收入总计与各项合计不符",
                &grand.amount,
                vec![
                    Term::plus("本年收入合计", &total.amount),
                    Term::plus("年初财政拨款结转和结余", &opening.amount),
                ],
                tol,
            )
            .run(cx);
        }
        _ => missing(cx, rule, t, subject, "总计、本年收入合计或年初财政拨款结转和结余"),
    }
}

fn row_totals(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let f = &t.body;
    let fund_cols: Vec<usize> = Fund::ALL
        .iter()
        .filter_map(|&fund| f.col(SpendCol::Fund(fund)))
        .collect();
    let rows: Vec<&ClassLine> = f
        .classes
        .iter()
        .chain(&f.spend_total)
        .chain(&f.closing)
        .chain(&f.spend_grand)
        .collect();
    let Some(tc) = f.col(SpendCol::Total).filter(|_| !fund_cols.is_empty()) else {
        cx.not_applicable(
            rule,
            "公开04 支出各行：合计 = 各项财政拨款之和",
            "支出侧未分栏列示合计与各项财政拨款",
        );
        return;
    };
    for row in rows {
        Sum::money(
            rule,
            format!("公开04 {}：合计 = 各项财政拨款之和", row.label),
            format!("{} 的合计与各项财政拨款之和不符", row.label),
            &row.values[tc],
            fund_cols
                .iter()
                .map(|&j| Term::plus(col_name(f, j), &row.values[j]))
                .collect(),
            tol,
        )
        .run(cx);
    }
}

fn spend_total(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let f = &t.body;
    let Some(total) = &f.spend_total else {
        missing(cx, rule, t, "公开04 本年支出合计 = 各类支出之和", "本年支出合计");
        return;
    };
    for j in 0..f.columns.len() {
        Sum::money(
            rule,
            format!("公开04 {}栏：本年支出合计 = 各类支出之和", col_name(f, j)),
            format!("{}栏本年支出合计与各类支出之和不符", col_name(f, j)),
            &total.values[j],
            f.classes
                .iter()
                .map(|c| Term::plus(c.label.clone(), &c.values[j]))
                .collect(),
            tol,
        )
        .run(cx);
    }
}

fn spend_grand(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let f = &t.body;
    match (&f.spend_grand, &f.spend_total, &f.closing) {
        (Some(grand), Some(total), Some(closing)) => {
            for j in 0..f.columns.len() {
                Sum::money(
                    rule,
                    format!(
                        "公开04 {}栏：支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
                        col_name(f, j)
                    ),
                    format!("{}栏支出总计与各项合计不符", col_name(f, j)),
                    &grand.values[j],
                    vec![
                        Term::plus("本年支出合计", &total.values[j]),
                        Term::plus("年末财政拨款结转和结余", &closing.values[j]),
                    ],
                    tol,
                )
                .run(cx);
            }
        }
        _ => missing(
            cx,
            rule,
            t,
            "公开04 支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
            "总计、本年支出合计或年末财政拨款结转和结余",
        ),
    }
    let subject = "公开04 收入总计 = 支出总计";
    match (&f.income_grand, &f.spend_grand, f.col(SpendCol::Total)) {
        (Some(inc), Some(sp), Some(tc)) => {
            // Two printed totals of the same money: no rounding gap allowed.
            Sum::money(
                rule,
                subject,
                "财政拨款支出总计与收入总计不相等",
                &sp.values[tc],
                vec![Term::plus("收入总计", &inc.amount)],
                Tolerance::exact(),
            )
            .run(cx);
        }
        _ => missing(cx, rule, t, subject, "收入总计或支出总计"),
    }
}

fn roll_forward(rule: &'static Rule, t: &Table<FiscalOverview>, tol: Tolerance, cx: &mut Cx) {
    let f = &t.body;
    for fund in Fund::ALL {
        let subject = format!(
            "公开04 {}：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余",
            fund.short()
        );
        let col = f.col(SpendCol::Fund(fund));
        let income = f.income_fund(fund);
        if col.is_none() && income.is_none() && f.closing_fund(fund).is_none() {
            cx.not_applicable(rule, subject, format!("表中未列示{}", fund.label()));
            continue;
        }
        let spend = col.and_then(|j| f.spend_total.as_ref().map(|l| &l.values[j]));
        let closing = f
            .closing_fund(fund)
            .map(|l| &l.amount)
            .or_else(|| col.and_then(|j| f.closing.as_ref().map(|l| &l.values[j])));
        let opening = f.opening_fund(fund).map(|l| &l.amount);
        let (Some(closing), Some(spend)) = (closing, spend) else {
            cx.cannot_check(
                rule,
                subject,
                Some(&t.meta.title_at),
                format!("未找到{}的本年支出或年末结转和结余", fund.label()),
            );
            continue;
        };
        // Listed funds without this one: its opening balance is zero; no
        // fund listed at all: the opening balance is unknown.
        if opening.is_none() && f.opening_funds.is_empty() {
            cx.cannot_check(rule, subject, Some(&closing.at), "表中未列示年初结转和结余的分项");
            continue;
        }
        Sum::money(
            rule,
            subject,
            format!("{}年末结转和结余与收支滚动结果不符", fund.short()),
            closing,
            vec![
                Term::opt("年初结转和结余", opening),
                Term::opt("本年收入", income.map(|l| &l.amount)),
                Term::minus("本年支出", spend),
            ],
            tol,
        )
        .run(cx);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T04};
    use crate::rules::Severity::Error;

    #[test]
    fn js_04_01_fiscal_income_total() {
        run(&super::JS_04_01, &seed_final_accounts()).assert_passed("JS-04-01");
        let r = run(&super::JS_04_01, &seed_with(&[(T04, "C8", "2,104.78")]));
        r.assert_only("JS-04-01", Error, "C34");
    }

    #[test]
    fn js_04_02_opening_funds() {
        run(&super::JS_04_02, &seed_final_accounts()).assert_passed("JS-04-02");
        let r = run(&super::JS_04_02, &seed_with(&[(T04, "C36", "983.56")]));
        r.assert_only("JS-04-02", Error, "C35");
    }

    #[test]
    fn js_04_03_income_grand_total() {
        run(&super::JS_04_03, &seed_with(&[(T04, "C39", "3,134.34")])).assert_passed("JS-04-03");
        let book = seed_with(&[(T04, "C35", "1,003.56"), (T04, "C36", "1,003.56")]);
        run(&super::JS_04_03, &book).assert_only("JS-04-03", Error, "C39");
    }

    #[test]
    fn js_04_04_row_total_of_funds() {
        run(&super::JS_04_04, &seed_final_accounts()).assert_passed("JS-04-04");
        let r = run(&super::JS_04_04, &seed_with(&[(T04, "F8", "1,742.98")]));
        r.assert_only("JS-04-04", Error, "F8");
    }

    #[test]
    fn js_04_05_spend_total_of_classes() {
        run(&super::JS_04_05, &seed_final_accounts()).assert_passed("JS-04-05");
        let book = seed_with(&[(T04, "F8", "1,742.98"), (T04, "G8", "1,742.98")]);
        run(&super::JS_04_05, &book).assert_flag("JS-04-05", Error, "G34");
    }

    #[test]
    fn js_04_06_spend_grand_total_and_balance() {
        run(&super::JS_04_06, &seed_final_accounts()).assert_passed("JS-04-06");
        let book = seed_with(&[(T04, "F35", "478.09"), (T04, "G35", "478.09")]);
        run(&super::JS_04_06, &book).assert_flag("JS-04-06", Error, "G39");
        let r = run(&super::JS_04_06, &seed_with(&[(T04, "C39", "3,144.35")]));
        r.assert_only("JS-04-06", Error, "F39");
    }

    #[test]
    fn js_04_07_fund_roll_forward() {
        run(&super::JS_04_07, &seed_with(&[(T04, "G35", "468.08")])).assert_passed("JS-04-07");
        let book = seed_with(&[(T04, "C35", "1,003.56"), (T04, "C36", "1,003.56")]);
        run(&super::JS_04_07, &book).assert_only("JS-04-07", Error, "G35");
    }
}
