//! The identities of 公开07 “三公”经费支出决算表 (JS-07-01, JS-07-02): each
//! group's total is its items' sum, and a zero total has zero items.

use super::tol_of;
use crate::amount::Amount;
use crate::forms::final_accounts::model::{SanGong, SgGroup, SgItem, SgValue, Table};
use crate::forms::final_accounts::Publication;
use crate::rules::format::{contract, money};
use crate::rules::identity::{Agreement, Sum, Term};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity, Tolerance};

pub const JS_07_01: Rule = Rule {
    code: "JS-07-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "三公经费表：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
    what: "公开07 预算数和决算数各自：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费，公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费，即 (1)=(2)+(3)+(6)、(3)=(4)+(5)、(7)=(8)+(9)+(12)、(9)=(10)+(11)。表中另列会议费、培训费且合计包含它们时，按含会议费、培训费的口径核对。",
    why: "“三公”经费就是这三项（公务用车再分购置和运行），合计按定义是各项之和。",
    example: "决算数：合计(7) 4.06 = 0.00 + 4.06 + 0.00；(9) 4.06 = 0.00 + 4.06 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t07(&JS_07_01, p, cx, totals)),
};

pub const JS_07_02: Rule = Rule {
    code: "JS-07-02",
    title: "三公经费表：合计为 0 时各分项均应为 0",
    what: "公开07 预算数或决算数的合计为 0（或空白）时，其下各分项也应为 0。",
    why: "合计为 0 而分项有数，说明合计漏填或分项填错。若 JS-07-01 已报告同一差异，此处只记录不重复报告。",
    example: "决算数合计 0.00，公务接待费 1.20 → 错误。",
    check: Check::FinalAccounts(|p, cx| with_t07(&JS_07_02, p, cx, zero_total)),
    ..JS_07_01
};

fn with_t07(
    rule: &'static Rule,
    p: &Publication,
    cx: &mut Cx,
    check: fn(&Table<SanGong>, SgGroup, &Amount, Tolerance, &mut Cx),
) {
    let Some(t) = &p.t07 else {
        cx.not_applicable(rule, rule.title, "未找到公开07表");
        return;
    };
    let tol = tol_of(t, cx);
    for group in [SgGroup::Budget, SgGroup::Final] {
        match t.body.get(group, SgItem::Total) {
            Some(total) => check(t, group, &total.amount, tol, cx),
            None => cx.not_applicable(
                rule,
                format!("公开07 {}：{}", group.name(), rule.title),
                format!("表中未列示{}合计", group.name()),
            ),
        }
    }
}

fn term(v: &SgValue) -> Term<'_> {
    Term::plus(v.title(), &v.amount)
}

/// `total = Σ items` of one group: the vehicle subtotal (or its two parts
/// when no subtotal is printed), and 会议费/培训费 when `wide`.
fn group_sum<'a>(
    s: &'a SanGong,
    group: SgGroup,
    total: &'a Amount,
    wide: bool,
    tol: Tolerance,
) -> Sum<'a> {
    let get = |item| s.get(group, item);
    let mut parts: Vec<&SgValue> = get(SgItem::Abroad).into_iter().collect();
    match get(SgItem::Vehicles) {
        Some(v) => parts.push(v),
        None => parts.extend(get(SgItem::Purchase).into_iter().chain(get(SgItem::Operation))),
    }
    parts.extend(get(SgItem::Reception));
    if wide {
        parts.extend(get(SgItem::Meeting).into_iter().chain(get(SgItem::Training)));
    }
    let g = group.name();
    let subject =
        format!("公开07 {g}：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费");
    Sum::money(
        &JS_07_01,
        if wide {
            format!("{subject}（含会议费、培训费）")
        } else {
            subject
        },
        format!("“三公”经费{g}合计与各项之和不符"),
        total,
        parts.into_iter().map(term).collect(),
        tol,
    )
}

fn has_extras(s: &SanGong, group: SgGroup) -> bool {
    s.get(group, SgItem::Meeting).is_some() || s.get(group, SgItem::Training).is_some()
}

/// JS-07-01 for one group: the total (narrow, or wide when only the wide
/// reading agrees), then the vehicle subtotal.
fn totals(t: &Table<SanGong>, group: SgGroup, total: &Amount, tol: Tolerance, cx: &mut Cx) {
    let s = &t.body;
    let base = group_sum(s, group, total, false, tol);
    if has_extras(s, group) {
        // Some localities include 会议费 and 培训费 in the total.
        let wide = group_sum(s, group, total, true, tol);
        match (base.eval(), wide.eval()) {
            (Ok(b), Ok(w)) if b.agreement().failed() && !w.agreement().failed() => {
                wide.report(cx, &w, "")
            }
            _ => {
                base.run(cx);
            }
        }
    } else {
        base.run(cx);
    }
    let get = |item| s.get(group, item);
    if let (Some(v), Some(p), Some(o)) = (
        get(SgItem::Vehicles),
        get(SgItem::Purchase),
        get(SgItem::Operation),
    ) {
        let g = group.name();
        Sum::money(
            &JS_07_01,
            format!("公开07 {g}：公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费"),
            format!("{g}公务用车购置及运行费与购置费、运行费之和不符"),
            &v.amount,
            vec![term(p), term(o)],
            tol,
        )
        .run(cx);
    }
}

/// JS-07-02 for one group.
fn zero_total(t: &Table<SanGong>, group: SgGroup, total: &Amount, tol: Tolerance, cx: &mut Cx) {
    let s = &t.body;
    let g = group.name();
    let subject = format!("公开07 {g}：合计为 0 时各分项均为 0");
    if total.value_or_zero().is_none_or(|v| !v.is_zero()) {
        cx.not_applicable(&JS_07_02, subject, format!("{g}合计不为 0"));
        return;
    }
    let nonzero = [
        SgItem::Abroad,
        SgItem::Vehicles,
        SgItem::Purchase,
        SgItem::Operation,
        SgItem::Reception,
        SgItem::Meeting,
        SgItem::Training,
    ]
    .iter()
    .filter_map(|&i| s.get(group, i))
    .find(|v| v.amount.value().is_some_and(|x| !x.is_zero()));
    let Some(v) = nonzero else {
        cx.pass(&JS_07_02, subject, Some(&total.at));
        return;
    };
    let x = v.amount.value().unwrap_or_default();
    // The same gap as JS-07-01's sum: recorded, reported once there.
    let reported = group_sum(s, group, total, false, tol)
        .eval()
        .is_ok_and(|e| e.agreement() == Agreement::Disagrees);
    if reported {
        cx.fail_reported_elsewhere(
            &JS_07_02,
            subject,
            &v.amount.at,
            format!(
                "{} 为 {}，合计为 0；同一差异已在 JS-07-01 报告，不重复报告",
                v.title(),
                money(x)
            ),
            false,
            None,
        );
        return;
    }
    cx.flag(
        subject,
        Flag::new(
            &JS_07_02,
            &v.amount.at,
            format!("“三公”经费{g}合计为 0，但{} 填报 {}", v.title(), money(x)),
        )
        .related([&total.at])
        .expected("0.00")
        .actual(contract(x, v.amount.decimals().max(2))),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T07};
    use crate::rules::Severity::Error;

    #[test]
    fn js_07_01_totals() {
        run(&super::JS_07_01, &seed_final_accounts()).assert_passed("JS-07-01");
        run(&super::JS_07_01, &seed_with(&[(T07, "G8", "5.06")])).assert_only("JS-07-01", Error, "G8");
        let book = seed_with(&[(T07, "G8", "5.06"), (T07, "I8", "5.06")]);
        run(&super::JS_07_01, &book).assert_only("JS-07-01", Error, "I8");
    }

    #[test]
    fn js_07_02_a_zero_total_has_zero_items() {
        let zero_budget = seed_with(&[(T07, "A8", "0"), (T07, "C8", "0"), (T07, "E8", "0")]);
        run(&super::JS_07_02, &zero_budget).assert_passed("JS-07-02");
        let book = seed_with(&[
            (T07, "A8", "0"),
            (T07, "B8", "7.00"),
            (T07, "C8", "-7.00"),
            (T07, "D8", "-14.00"),
            (T07, "E8", "7.00"),
        ]);
        run(&super::JS_07_02, &book).assert_only("JS-07-02", Error, "B8");
    }
}
