//! JS-GK-03: a table without data says why.

use crate::forms::final_accounts::Publication;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_GK_03: Rule = Rule {
    code: "JS-GK-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "空表应注明原因",
    what: "表中没有任何非零金额时，应注明“本单位无…，此表为空表”“此表无数据”等说明。",
    why: "《地方预决算公开操作规程》要求空表也要公开并说明原因，避免读者误以为漏报。",
    example:
        "公开08 全为 0，表下注“本单位无政府性基金预算，此表无数据” → 通过；无任何说明 → 警告。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    for t in p.tables() {
        let code = t.meta.kind.code();
        let subject = format!("{code} 空表应注明原因");
        let has_data = t
            .body
            .amounts()
            .iter()
            .any(|a| a.value().is_some_and(|v| !v.is_zero()) || a.unusable_reason().is_some());
        if has_data {
            cx.not_applicable(&JS_GK_03, subject, "表内有数据");
            continue;
        }
        match &t.meta.statement {
            Some(st) => cx.pass_noted(
                &JS_GK_03,
                subject,
                Some(&st.at),
                format!("已注明：{}", st.value),
            ),
            None => cx.flag(
                subject,
                Flag::new(
                    &JS_GK_03,
                    &t.meta.title_at,
                    format!(
                        "{code} {} 没有任何数据，但表中未说明原因。空表应注明“本单位无…收支，此表为空表”等说明",
                        t.meta.title
                    ),
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Warning;

    #[test]
    fn empty_tables_that_say_why_pass() {
        run_final_accounts(&super::JS_GK_03, &seed_final_accounts()).assert_passed("JS-GK-03");
    }

    #[test]
    fn an_empty_table_without_a_statement_is_a_warning() {
        let book = seed_with(&[(T09, "A9", ""), (T09, "D9", ""), (T09, "A11", "")]);
        run_final_accounts(&super::JS_GK_03, &book).assert_only("JS-GK-03", Warning, "A1");
    }
}
