//! JS-GK-01: a publication holds all nine public tables.

use crate::forms::final_accounts::model::TableKind;
use crate::forms::final_accounts::Publication;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_GK_01: Rule = Rule {
    code: "JS-GK-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "决算公开表应九张齐全",
    what: "识别到至少 5 张决算公开表时，视为整套公开表，检查公开01–09 是否都在（按表名识别，不按编号）；缺少的每张表报告一次。2019 年以前格式的收支总表没有国有资本经营预算表，不要求公开09。",
    why: "“完整性”是财政部预决算公开检查的核心内容；没有数据的表也要以空表形式公开并说明。",
    example: "只找到公开01–08 → 错误：未找到公开09表 国有资本经营预算财政拨款支出决算表。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    let tables = p.tables();
    let Some(first) = tables.first() else { return };
    let present: Vec<TableKind> = tables.iter().map(|t| t.meta.kind).collect();
    let found: Vec<&str> = present.iter().map(|k| k.code()).collect();
    if present.len() < 5 {
        cx.not_applicable(
            &JS_GK_01,
            "决算公开表九张齐全",
            format!(
                "只识别到 {} 张决算公开表（{}），不按整套公开表检查完整性",
                present.len(),
                found.join("、")
            ),
        );
        return;
    }
    let pre_2019 = p.t01.as_ref().is_some_and(|t| t.body.pre_2019());
    let mut missing = 0;
    for kind in TableKind::ALL {
        if present.contains(&kind) {
            continue;
        }
        let subject = format!("决算公开表齐全：{}表 {}", kind.code(), kind.title());
        if kind == TableKind::T09 && pre_2019 {
            cx.not_applicable(
                &JS_GK_01,
                subject,
                "2019 年以前格式的公开表没有国有资本经营预算财政拨款支出决算表",
            );
            continue;
        }
        missing += 1;
        cx.flag(
            subject,
            Flag::new(
                &JS_GK_01,
                &first.meta.title_at,
                format!(
                    "决算公开表不完整：未找到{}表 {}（已识别 {} 张：{}）。没有数据的表也应公开，并注明“本单位无…，此表为空表”",
                    kind.code(),
                    kind.title(),
                    present.len(),
                    found.join("、")
                ),
            ),
        );
    }
    if missing == 0 {
        cx.pass(
            &JS_GK_01,
            format!("决算公开表齐全（已识别 {} 张：{}）", present.len(), found.join("、")),
            Some(&first.meta.title_at),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Error;

    #[test]
    fn nine_tables_pass() {
        run_final_accounts(&super::JS_GK_01, &seed_final_accounts()).assert_passed("JS-GK-01");
    }

    #[test]
    fn a_missing_table_is_an_error_at_the_first_title() {
        let book = seed_final_accounts().without_sheet(T09);
        let r = run_final_accounts(&super::JS_GK_01, &book);
        let f = r.assert_only("JS-GK-01", Error, "A1");
        assert!(f.message.contains("公开09"), "{}", f.message);
    }

    #[test]
    fn four_tables_are_not_a_publication_to_complete() {
        let book = [T05, T06, T07, T08, T09]
            .iter()
            .fold(seed_final_accounts(), |b, t| b.without_sheet(t));
        let r = run_final_accounts(&super::JS_GK_01, &book);
        r.assert_clean();
        assert!(r
            .checks
            .iter()
            .any(|c| c.outcome == crate::rules::Outcome::NotApplicable));
    }
}
