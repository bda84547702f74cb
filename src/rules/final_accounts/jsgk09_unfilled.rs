//! JS-GK-09: the publication has been filled in at all.

use crate::forms::final_accounts::Publication;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_GK_09: Rule = Rule {
    code: "JS-GK-09",
    family: Family::FinalAccounts,
    severity: Severity::Info,
    title: "表格尚未填写",
    what: "各张决算公开表都没有填写任何金额（连 0 也没有）时，视为尚未填写：只报这一条提示，其余规则不运行（记为不适用）。",
    why: "空白模板逐表报“空表未说明”只会淹没真正的问题；填了 0 的表是空表，仍要注明原因（JS-GK-03）。",
    example: "刚生成的空白决算公开表模板 → 提示：表格尚未填写。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    let subject = "决算公开表已填写";
    let first = p.tables().first().map(|t| t.meta.title_at.clone());
    match first {
        Some(at) if p.is_unfilled() => cx.flag(
            subject,
            Flag::new(
                &JS_GK_09,
                &at,
                format!(
                    "表格尚未填写：已识别的 {} 张决算公开表都没有金额，未作其他校验",
                    p.tables().len()
                ),
            ),
        ),
        _ => cx.pass(&JS_GK_09, subject, None),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::{Outcome, Severity};

    #[test]
    fn a_filled_publication_passes() {
        run_final_accounts(&super::JS_GK_09, &seed_final_accounts()).assert_passed("JS-GK-09");
    }

    #[test]
    fn a_blank_template_is_one_info() {
        let blank = crate::template::final_accounts::workbook(None)
            .and_then(|mut wb| wb.save_to_buffer())
            .expect("the blank template builds");
        let r = run_all(&Book::sample(&blank), &crate::scheme::Scheme::national());
        r.assert_only("JS-GK-09", Severity::Info, "A1");
        assert!(r
            .checks
            .iter()
            .filter(|c| c.rule.code != "JS-GK-09")
            .all(|c| c.outcome == Outcome::NotApplicable));
    }
}
