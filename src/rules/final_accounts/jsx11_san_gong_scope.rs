//! JS-X-11: the “三公” lines of 基本支出 stay within the “三公” 决算数.

use super::{any, pair_tolerance};
use crate::forms::final_accounts::model::{SgGroup, SgItem};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::AtMost;
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const JS_X_11: Rule = Rule {
    code: "JS-X-11",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "基本支出中的“三公”经济分类不应大于“三公”经费决算数",
    what: "公开06 30212 因公出国（境）费用 ≤ 公开07 因公出国（境）费决算数(8)；30217 公务接待费 ≤ (12)；30231 公务用车运行维护费 ≤ (11)；31013 公务用车购置 ≤ (10)。",
    why: "“三公”经费决算数包括基本支出和项目支出，公开06 只含基本支出，所以只能是“不大于”；口径不同，作为警告。",
    example: "公开06 30231 4.06 ≤ 公开07 公务用车运行费 4.06 → 通过。",
    check: Check::FinalAccounts(check),
};

/// 经济分类 codes of 公开06 and the “三公” item each belongs to.
const PAIRS: [(&str, SgItem); 4] = [
    ("30212", SgItem::Abroad),
    ("30217", SgItem::Reception),
    ("30231", SgItem::Operation),
    ("31013", SgItem::Purchase),
];

fn check(p: &Publication, cx: &mut Cx) {
    let subject = "公开06 “三公”经济分类 ≤ 公开07 决算数";
    let (Some(t06), Some(t07)) = (&p.t06, &p.t07) else {
        cx.not_applicable(&JS_X_11, subject, "未找到公开06表或公开07表");
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_11, subject, any(t06), any(t07)) else {
        return;
    };
    for (code, item) in PAIRS {
        let final_v = t07.body.get(SgGroup::Final, item);
        let item_name = match final_v.and_then(|v| v.lanci) {
            Some(n) => format!("公开07 {}决算数({n})", item.name()),
            None => format!("公开07 {}决算数", item.name()),
        };
        let subject = format!("公开06 {code} ≤ {item_name}");
        let Some(row) = t06.body.row(code) else {
            cx.not_applicable(&JS_X_11, subject, format!("公开06 未列示 {code}"));
            continue;
        };
        let Some(v) = final_v else {
            cx.cannot_check(
                &JS_X_11,
                subject,
                Some(&row.amount.at),
                format!("公开07 未列示{}决算数", item.name()),
            );
            continue;
        };
        AtMost {
            rule: &JS_X_11,
            subject,
            what: "基本支出中的“三公”经费大于“三公”经费决算数（“三公”决算数含基本支出和项目支出，不应更小）".into(),
            part_name: format!("公开06 {code} {}", row.name),
            part: &row.amount,
            whole_name: item_name,
            whole: Some(&v.amount),
            tol,
            adjust: None,
        }
        .run(cx);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Warning;

    #[test]
    fn basic_san_gong_within_the_final_figures_passes() {
        run_final_accounts(&super::JS_X_11, &seed_final_accounts()).assert_passed("JS-X-11");
    }

    #[test]
    fn basic_san_gong_above_the_final_figures_is_a_warning() {
        let book = seed_with(&[(T07, "G8", "3.06"), (T07, "I8", "3.06"), (T07, "K8", "3.06")]);
        run_final_accounts(&super::JS_X_11, &book).assert_only("JS-X-11", Warning, "F30");
    }
}
