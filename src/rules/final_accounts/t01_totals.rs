//! The identities of 公开01 收入支出决算总表 (JS-01-01 … JS-01-06): the
//! income and spending totals, both grand totals, their balance, and the
//! carry-forward they imply.

use super::tol_of;
use crate::forms::final_accounts::model::{Labeled, Overview};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::{Agreement, AtMost, Sum, Term};
use crate::rules::{Adjust, Check, Cx, Family, Rule, Severity, Tolerance};

pub const JS_01_01: Rule = Rule {
    code: "JS-01-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：本年收入合计等于各项收入之和",
    what: "公开01 收入支出决算总表中，本年收入合计应等于一般公共预算财政拨款收入、政府性基金预算财政拨款收入、国有资本经营预算财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入之和；“其中”行是上一行的一部分，不计入合计，且不应大于上一行（警告）。",
    why: "本年收入合计按定义就是各项收入之和；不相等说明某项收入或合计填错。尾数差异（每个数四舍五入到分，累计不超过 0.005×(项数+1)）只作提示。",
    example: "一般公共预算财政拨款收入 2,140.78 + 其他收入 76.64 = 2,217.42，本年收入合计填 2,217.42 → 通过；填 2,271.42 → 错误。",
    check: Check::FinalAccounts(|p, cx| {
        run(&JS_01_01, p, cx, income_total);
        of_which(p, cx);
    }),
};

pub const JS_01_02: Rule = Rule {
    code: "JS-01-02",
    title: "收支总表：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
    what: "公开01 收入侧的总计应等于本年收入合计、使用非财政拨款结余与年初结转和结余之和。",
    why: "这是总表收入侧的定义式，部门决算软件作为强制审核公式。",
    example: "本年收入合计 2,217.42 + 使用非财政拨款结余 0.00 + 年初结转和结余 993.56 = 3,210.98，总计填 3,210.99 → 差 0.01，提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| run(&JS_01_02, p, cx, income_grand)),
    ..JS_01_01
};

pub const JS_01_03: Rule = Rule {
    code: "JS-01-03",
    title: "收支总表：支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
    what: "公开01 支出侧的总计应等于本年支出合计、结余分配与年末结转和结余之和。",
    why: "这是总表支出侧的定义式。",
    example: "本年支出合计 2,696.91 + 结余分配 0.00 + 年末结转和结余 514.07 = 3,210.98，总计填 3,210.99 → 提示尾数差异；填 3,238.00 → 错误。",
    check: Check::FinalAccounts(|p, cx| run(&JS_01_03, p, cx, spend_grand)),
    ..JS_01_01
};

pub const JS_01_04: Rule = Rule {
    code: "JS-01-04",
    title: "收支总表：收入总计等于支出总计",
    what: "公开01 收入侧总计与支出侧总计应完全相等（两者都是打印出的总数，不允许尾数差异）。",
    why: "收支总表按“来源 = 去向”编制，两侧总计必须平衡。",
    example: "收入总计 3,210.99，支出总计 3,210.99 → 通过；支出总计 3,201.99 → 错误。",
    check: Check::FinalAccounts(|p, cx| run(&JS_01_04, p, cx, balance)),
    ..JS_01_01
};

pub const JS_01_05: Rule = Rule {
    code: "JS-01-05",
    title: "收支总表：本年支出合计等于各类支出之和",
    what: "公开01 支出侧的本年支出合计应等于各功能分类（类级）支出行之和。",
    why: "本年支出合计按定义是各类支出之和。",
    example: "一般公共服务支出 1,763.64 + 教育支出 1.53 + … + 住房保障支出 6.72 = 2,696.92，本年支出合计填 2,696.91 → 提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| run(&JS_01_05, p, cx, spend_total)),
    ..JS_01_01
};

pub const JS_01_06: Rule = Rule {
    code: "JS-01-06",
    title: "收支总表：年末结转和结余 = 年初 + 本年收入 + 使用结余 − 本年支出 − 结余分配",
    what: "由 JS-01-02 至 JS-01-04 推出：年末结转和结余应等于年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 − 本年支出合计 − 结余分配。若差异已由 JS-01-02/03/04 报告，此处只记录不重复报告。",
    why: "结转结余的滚动关系；当表上缺少总计行时，这是唯一能发现年末数填错的校验。",
    example: "993.56 + 2,217.42 + 0.00 − 2,696.91 − 0.00 = 514.07，年末结转和结余填 514.07 → 通过。",
    check: Check::FinalAccounts(closing_check),
    ..JS_01_01
};

/// One identity of 公开01, or (its subject, the line the table lacks).
type Relation<'a> = Result<Sum<'a>, (&'static str, &'static str)>;

/// Builds one identity of 公开01.
type RelationFn = for<'a> fn(&'static Rule, &'a Overview, Tolerance) -> Relation<'a>;

/// Run `relation` on the publication's 公开01 under `rule`.
fn run(
    rule: &'static Rule,
    p: &Publication,
    cx: &mut Cx,
    relation: RelationFn,
) {
    let Some(t) = &p.t01 else {
        cx.not_applicable(rule, rule.title, "未找到公开01表");
        return;
    };
    match relation(rule, &t.body, tol_of(t, cx)) {
        Ok(sum) => {
            sum.run(cx);
        }
        Err((subject, what)) => {
            cx.cannot_check(rule, subject, Some(&t.meta.title_at), format!("表中未找到“{what}”行"))
        }
    }
}

fn plus<'a>(l: &'a Labeled) -> Term<'a> {
    Term::plus(l.label.clone(), &l.amount)
}

fn income_total<'a>(rule: &'static Rule, o: &'a Overview, tol: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 本年收入合计 = 各项收入之和";
    let total = o.income_total.as_ref().ok_or((SUBJECT, "本年收入合计"))?;
    let items: Vec<Term> = o
        .income
        .iter()
        .filter(|l| !l.of_which)
        .map(|l| plus(&l.line))
        .collect();
    if items.is_empty() {
        return Err((SUBJECT, "各项收入"));
    }
    Ok(Sum::money(rule, SUBJECT, "本年收入合计与各项收入之和不符", &total.amount, items, tol))
}

/// A 其中 line is part of the line above it, never larger.
fn of_which(p: &Publication, cx: &mut Cx) {
    let Some(t) = &p.t01 else { return };
    let (o, tol) = (&t.body, tol_of(t, cx));
    for (i, l) in o.income.iter().enumerate().filter(|(_, l)| l.of_which) {
        if let Some(parent) = o.income[..i].iter().rev().find(|p| !p.of_which) {
            AtMost {
                rule: &JS_01_01,
                subject: format!("公开01 {} ≤ {}", l.line.label, parent.line.label),
                what: "“其中”数大于所属项目".into(),
                part_name: l.line.label.clone(),
                part: &l.line.amount,
                whole_name: parent.line.label.clone(),
                whole: Some(&parent.line.amount),
                tol,
                adjust: Some(Adjust::Scope),
            }
            .run(cx);
        }
    }
}

fn income_grand<'a>(rule: &'static Rule, o: &'a Overview, tol: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余";
    let grand = o.income_grand.as_ref().ok_or((SUBJECT, "总计（收入）"))?;
    let total = o.income_total.as_ref().ok_or((SUBJECT, "本年收入合计"))?;
    let opening = o.opening.as_ref().ok_or((SUBJECT, "年初结转和结余"))?;
    let mut terms = vec![Term::plus("本年收入合计", &total.amount)];
    terms.extend(o.use_balance.as_ref().map(plus));
    terms.push(Term::plus("年初结转和结余", &opening.amount));
    Ok(Sum::money(rule, SUBJECT, "收入总计与各项合计不符", &grand.amount, terms, tol))
}

fn spend_grand<'a>(rule: &'static Rule, o: &'a Overview, tol: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余";
    let grand = o.spend_grand.as_ref().ok_or((SUBJECT, "总计（支出）"))?;
    let total = o.spend_total.as_ref().ok_or((SUBJECT, "本年支出合计"))?;
    let closing = o.closing.as_ref().ok_or((SUBJECT, "年末结转和结余"))?;
    let mut terms = vec![Term::plus("本年支出合计", &total.amount)];
    terms.extend(
        o.distribution
            .as_ref()
            .map(|d| Term::plus("结余分配", &d.amount)),
    );
    terms.push(Term::plus("年末结转和结余", &closing.amount));
    Ok(Sum::money(rule, SUBJECT, "支出总计与各项合计不符", &grand.amount, terms, tol))
}

fn balance<'a>(rule: &'static Rule, o: &'a Overview, _: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 收入总计 = 支出总计";
    let (Some(inc), Some(sp)) = (&o.income_grand, &o.spend_grand) else {
        return Err((SUBJECT, "总计"));
    };
    // Both are printed totals of the same money: no rounding gap is allowed.
    Ok(Sum::money(
        rule,
        SUBJECT,
        "支出总计与收入总计不相等",
        &sp.amount,
        vec![Term::plus("收入总计", &inc.amount)],
        Tolerance::exact(),
    ))
}

fn spend_total<'a>(rule: &'static Rule, o: &'a Overview, tol: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 本年支出合计 = 各类支出之和";
    let total = o.spend_total.as_ref().ok_or((SUBJECT, "本年支出合计"))?;
    if o.classes.is_empty() {
        return Err((SUBJECT, "功能分类支出"));
    }
    Ok(Sum::money(
        rule,
        SUBJECT,
        "本年支出合计与各类支出之和不符",
        &total.amount,
        o.classes
            .iter()
            .map(|c| Term::plus(c.label.clone(), &c.values[0]))
            .collect(),
        tol,
    ))
}

fn closing<'a>(rule: &'static Rule, o: &'a Overview, tol: Tolerance) -> Relation<'a> {
    const SUBJECT: &str = "公开01 年末结转和结余 = 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 − 本年支出合计 − 结余分配";
    const LINES: &str = "年初结转和结余、本年收入合计、本年支出合计或年末结转和结余";
    let (Some(closing), Some(opening), Some(inc), Some(sp)) =
        (&o.closing, &o.opening, &o.income_total, &o.spend_total)
    else {
        return Err((SUBJECT, LINES));
    };
    let mut terms = vec![
        Term::plus("年初结转和结余", &opening.amount),
        Term::plus("本年收入合计", &inc.amount),
    ];
    terms.extend(o.use_balance.as_ref().map(plus));
    terms.push(Term::minus("本年支出合计", &sp.amount));
    terms.extend(
        o.distribution
            .as_ref()
            .map(|d| Term::minus("结余分配", &d.amount)),
    );
    Ok(Sum::money(
        rule,
        SUBJECT,
        "年末结转和结余与收支滚动结果不符",
        &closing.amount,
        terms,
        tol,
    ))
}

/// JS-01-06: reported only when no grand-total relation already shows the
/// same gap (then it is recorded and the message names which one did).
fn closing_check(p: &Publication, cx: &mut Cx) {
    let Some(t) = &p.t01 else {
        cx.not_applicable(&JS_01_06, JS_01_06.title, "未找到公开01表");
        return;
    };
    let (o, tol) = (&t.body, tol_of(t, cx));
    let sum = match closing(&JS_01_06, o, tol) {
        Ok(s) => s,
        Err((subject, what)) => {
            cx.cannot_check(&JS_01_06, subject, Some(&t.meta.title_at), format!("缺少{what}行"));
            return;
        }
    };
    let e = match sum.eval() {
        Ok(e) => e,
        Err(why) => {
            sum.unreadable(cx, why);
            return;
        }
    };
    let failed_elsewhere: Vec<&str> = [
        (&JS_01_02, income_grand as RelationFn),
        (&JS_01_03, spend_grand as RelationFn),
        (&JS_01_04, balance as RelationFn),
    ]
    .into_iter()
    // A gap beyond rounding is "the same difference" only where another
    // relation also fails beyond rounding (a 0.01 elsewhere explains nothing).
    .filter(|(rule, relation)| {
        relation(rule, o, tol)
            .ok()
            .and_then(|s| s.eval().ok())
            .is_some_and(|other| match e.agreement() {
                Agreement::Disagrees => other.agreement() == Agreement::Disagrees,
                _ => other.agreement().failed(),
            })
    })
    .map(|(rule, _)| rule.code)
    .collect();
    if e.agreement().failed() && !failed_elsewhere.is_empty() {
        let why = format!("同一差异已在 {} 报告，不重复报告", failed_elsewhere.join("、"));
        sum.record_only(cx, &e, &why);
    } else {
        sum.report(cx, &e, "");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T01};
    use crate::rules::Severity::{Error, Info};

    #[test]
    fn js_01_01_income_total() {
        run(&super::JS_01_01, &seed_final_accounts()).assert_passed("JS-01-01");
        let r = run(&super::JS_01_01, &seed_with(&[(T01, "C14", "86.64")]));
        r.assert_only("JS-01-01", Error, "C33");
    }

    #[test]
    fn js_01_01_of_which_above_its_parent_is_a_scope_warning() {
        let book = seed_with(&[(T01, "A8", "其中：政府性基金预算财政拨款"), (T01, "C8", "2,200.00")]);
        let r = run(&super::JS_01_01, &book);
        r.assert_flag("JS-01-01", crate::rules::Severity::Warning, "C8");
    }

    #[test]
    fn js_01_02_income_grand_total() {
        // The seed's 3,210.99 is a rounding gap (info); exact, it passes.
        run(&super::JS_01_02, &seed_final_accounts()).assert_only("JS-01-02", Info, "C37");
        run(&super::JS_01_02, &seed_with(&[(T01, "C37", "3,210.98")])).assert_passed("JS-01-02");
        let r = run(&super::JS_01_02, &seed_with(&[(T01, "C35", "999.56")]));
        r.assert_only("JS-01-02", Error, "C37");
    }

    #[test]
    fn js_01_03_spend_grand_total() {
        run(&super::JS_01_03, &seed_with(&[(T01, "F37", "3,210.98")])).assert_passed("JS-01-03");
        let r = run(&super::JS_01_03, &seed_with(&[(T01, "F35", "541.07")]));
        r.assert_only("JS-01-03", Error, "F37");
    }

    #[test]
    fn js_01_04_both_sides_balance() {
        run(&super::JS_01_04, &seed_final_accounts()).assert_passed("JS-01-04");
        let book = seed_with(&[(T01, "C35", "1,003.56"), (T01, "C37", "3,220.99")]);
        run(&super::JS_01_04, &book).assert_only("JS-01-04", Error, "F37");
    }

    #[test]
    fn js_01_05_spend_total_of_classes() {
        run(&super::JS_01_05, &seed_with(&[(T01, "F33", "2,696.92")])).assert_passed("JS-01-05");
        let r = run(&super::JS_01_05, &seed_with(&[(T01, "F11", "11.53")]));
        r.assert_flag("JS-01-05", Error, "F33");
    }

    #[test]
    fn js_01_06_closing_balance() {
        run(&super::JS_01_06, &seed_final_accounts()).assert_passed("JS-01-06");
        // Without the 总计 rows only the derived identity sees the error.
        let book = seed_with(&[(T01, "A37", ""), (T01, "D37", ""), (T01, "F35", "541.07")]);
        run(&super::JS_01_06, &book).assert_only("JS-01-06", Error, "F35");
    }

    #[test]
    fn js_01_06_is_not_repeated_and_names_the_relation_that_failed() {
        let r = run(&super::JS_01_06, &seed_with(&[(T01, "F35", "541.07")]));
        r.assert_clean();
        let failed: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.outcome == crate::rules::Outcome::Fail)
            .collect();
        assert_eq!(failed.len(), 1, "{failed:?}");
        assert!(failed[0].detail.contains("已在 JS-01-03 报告"), "{}", failed[0].detail);
        assert!(!failed[0].detail.contains("JS-01-04"), "{}", failed[0].detail);
    }
}
