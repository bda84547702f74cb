//! JS-07-03: “三公”经费 spent beyond its budget needs an explanation.

use crate::forms::final_accounts::model::{SgGroup, SgItem};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::AtMost;
use crate::rules::{Check, Cx, Family, Rule, Severity, Tolerance};

pub const JS_07_03: Rule = Rule {
    code: "JS-07-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "三公经费表：决算数超过预算数需说明原因",
    what: "公开07 任一项决算数大于预算数时，公开说明中应解释原因（本工具无法读取说明文字，只提示核对）。",
    why: "财政部公开检查要求对“三公”经费预决算增减变化作出说明。",
    example: "公务接待费 预算数 2.00，决算数 3.00 → 警告：请在公开说明中解释。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    let subject = "公开07 决算数 ≤ 预算数";
    let Some(t) = &p.t07 else {
        cx.not_applicable(&JS_07_03, subject, "未找到公开07表");
        return;
    };
    let s = &t.body;
    let mut compared = 0;
    for item in [
        SgItem::Total,
        SgItem::Abroad,
        SgItem::Vehicles,
        SgItem::Purchase,
        SgItem::Operation,
        SgItem::Reception,
        SgItem::Meeting,
        SgItem::Training,
    ] {
        let (Some(b), Some(f)) = (s.get(SgGroup::Budget, item), s.get(SgGroup::Final, item)) else {
            continue;
        };
        compared += 1;
        // Budget and spending of the same item: no rounding gap applies.
        AtMost {
            rule: &JS_07_03,
            subject: format!("公开07 {}：决算数 ≤ 预算数", item.name()),
            what: "“三公”经费决算数超过预算数，请在公开说明中解释原因".into(),
            part_name: f.title(),
            part: &f.amount,
            whole_name: b.title(),
            whole: Some(&b.amount),
            tol: Tolerance::exact(),
            adjust: None,
        }
        .run(cx);
    }
    if compared == 0 {
        cx.not_applicable(&JS_07_03, subject, "表中未同时列示预算数和决算数");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T07};
    use crate::rules::Severity;

    #[test]
    fn spending_within_budget_passes() {
        run(&super::JS_07_03, &seed_final_accounts()).assert_passed("JS-07-03");
    }

    #[test]
    fn spending_above_budget_is_a_warning() {
        let book = seed_with(&[(T07, "L8", "1.00"), (T07, "G8", "5.06")]);
        run(&super::JS_07_03, &book).assert_only("JS-07-03", Severity::Warning, "L8");
    }
}
