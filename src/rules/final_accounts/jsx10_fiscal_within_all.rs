//! JS-X-10: fiscal spending never exceeds all-fund spending on a subject.

use super::{any, line_code, pair_tolerance};
use crate::forms::final_accounts::model::{ColKey, SpendCol, TableKind};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::AtMost;
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const JS_X_10: Rule = Rule {
    code: "JS-X-10",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "财政拨款支出不应大于全部资金支出",
    what: "按功能分类科目逐行：公开04 合计 ≤ 公开03 本年支出合计(1)；公开05 基本支出 ≤ 公开03 基本支出(2)；公开05 项目支出 ≤ 公开03 项目支出(3)。",
    why: "财政拨款是全部资金的一部分，同一科目的财政拨款支出不会超过全部支出；超过时多为科目或栏次填错。",
    example: "公开05 20103 项目支出 518.97 ≤ 公开03 549.62 → 通过。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    match &p.t03 {
        None => cx.not_applicable(&JS_X_10, "财政拨款支出 ≤ 公开03 同科目支出", "未找到公开03表"),
        Some(t03) => {
            fiscal_overview(p, t03, cx);
            general_budget(p, t03, cx);
        }
    }
}

type Coded = crate::forms::final_accounts::model::Table<crate::forms::final_accounts::model::Coded>;

/// 公开04 各类合计 ≤ 公开03 同类本年支出合计(1).
fn fiscal_overview(p: &Publication, t03: &Coded, cx: &mut Cx) {
    let subject = "公开04 各类合计 ≤ 公开03 同类本年支出合计(1)";
    let Some(t04) = &p.t04 else {
        cx.not_applicable(&JS_X_10, subject, "未找到公开04表");
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_10, subject, any(t04), any(t03)) else {
        return;
    };
    let (f, c) = (&t04.body, &t03.body);
    let (Some(tj), Some(cj)) = (f.col(SpendCol::Total), c.col(ColKey::Total)) else {
        cx.not_applicable(&JS_X_10, subject, "未找到公开04 合计栏或公开03 本年支出合计栏");
        return;
    };
    for line in &f.classes {
        let a = &line.values[tj];
        let Some(code) = line_code(line, c) else {
            continue;
        };
        let row = c.row(&code);
        if row.is_none() && a.value().is_none_or(|v| v.is_zero()) {
            continue;
        }
        AtMost {
            rule: &JS_X_10,
            subject: format!("公开04 {} 合计 ≤ 公开03 {code} 本年支出合计(1)", line.label),
            what: "财政拨款支出大于同一科目的全部支出".into(),
            part_name: format!("公开04 {} 合计", line.label),
            part: a,
            whole_name: format!("公开03 {code} 本年支出合计"),
            whole: row.map(|r| &r.values[cj]),
            tol,
            adjust: None,
        }
        .run(cx);
    }
}

/// 公开05 基本支出、项目支出 ≤ 公开03 同科目.
fn general_budget(p: &Publication, t03: &Coded, cx: &mut Cx) {
    let subject = "公开05 基本支出、项目支出 ≤ 公开03 同科目";
    let Some(t05) = &p.t05 else {
        cx.not_applicable(&JS_X_10, subject, "未找到公开05表");
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_10, subject, any(t05), any(t03)) else {
        return;
    };
    let (c5, c3) = (&t05.body, &t03.body);
    for key in [ColKey::Basic, ColKey::Project] {
        let name = key.name(TableKind::T05);
        let (Some(j5), Some(j3)) = (c5.col(key), c3.col(key)) else {
            cx.not_applicable(
                &JS_X_10,
                format!("公开05 {name} ≤ 公开03 {}", key.name(TableKind::T03)),
                "未找到对应栏",
            );
            continue;
        };
        for r5 in c5.total.iter().chain(&c5.rows) {
            let r3 = if r5.code.is_empty() {
                c3.total.as_ref()
            } else {
                c3.row(&r5.code)
            };
            let a = &r5.values[j5];
            if r3.is_none() && a.value().is_none_or(|v| v.is_zero()) {
                continue;
            }
            AtMost {
                rule: &JS_X_10,
                subject: format!("公开05 {} {name} ≤ 公开03 {name}", r5.title()),
                what: "一般公共预算财政拨款支出大于同一科目的全部支出".into(),
                part_name: format!("公开05 {} {name}", r5.title()),
                part: a,
                whole_name: format!("公开03 {name}"),
                whole: r3.map(|r| &r.values[j3]),
                tol,
                adjust: None,
            }
            .run(cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Warning;

    #[test]
    fn fiscal_spending_within_all_funds_passes() {
        run_final_accounts(&super::JS_X_10, &seed_final_accounts()).assert_passed("JS-X-10");
    }

    #[test]
    fn fiscal_spending_above_all_funds_is_a_warning() {
        let r = run_final_accounts(&super::JS_X_10, &seed_with(&[(T05, "G17", "55.86")]));
        r.assert_flag("JS-X-10", Warning, "G17");
        let r = run_final_accounts(&super::JS_X_10, &seed_with(&[(T04, "F8", "1,782.98")]));
        r.assert_flag("JS-X-10", Warning, "F8");
    }
}
