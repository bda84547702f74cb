//! JS-06-04: classes that belong to project or transfer spending do not
//! appear in 基本支出.

use crate::forms::final_accounts::Publication;
use crate::rules::format::{contract, money};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_06_04: Rule = Rule {
    code: "JS-06-04",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "基本支出表：不应出现 309/311/312/313 类支出",
    what: "公开06 中 309 资本性支出（基本建设）、311 对企业补助（基本建设）、312 对企业补助、313 对社会保障基金补助等类别一般属于项目支出或转移性支出，不应以非零金额出现在基本支出中。",
    why: "这些经济分类通常不属于基本支出，出现时多为科目归类错误（具体口径以当地规定为准）。",
    example: "31204 费用补贴 12.00 列入基本支出表 → 警告。",
    check: Check::FinalAccounts(check),
};

fn check(p: &Publication, cx: &mut Cx) {
    let Some(t) = &p.t06 else {
        cx.not_applicable(&JS_06_04, "公开06 未出现 309/311/312/313 类支出", "未找到公开06表");
        return;
    };
    let mut found = false;
    for r in &t.body.rows {
        let class = r.code.get(..3).unwrap_or("");
        if !matches!(class, "309" | "311" | "312" | "313") {
            continue;
        }
        let Some(v) = r.amount.value().filter(|v| !v.is_zero()) else {
            continue;
        };
        found = true;
        cx.flag(
            format!("公开06 {} {} 不属于基本支出", r.code, r.name),
            Flag::new(
                &JS_06_04,
                &r.amount.at,
                format!(
                    "基本支出表中出现 {} {}（{}），该类一般属于项目支出或转移性支出，请核对科目归类",
                    r.code,
                    r.name,
                    money(v)
                ),
            )
            .related([&r.code_at])
            .expected("0.00")
            .actual(contract(v, r.amount.decimals().max(2))),
        );
    }
    if !found {
        cx.pass(
            &JS_06_04,
            "公开06 未出现 309/311/312/313 类支出",
            Some(&t.meta.title_at),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T06};
    use crate::rules::Severity;

    #[test]
    fn basic_classes_pass() {
        run(&super::JS_06_04, &seed_final_accounts()).assert_passed("JS-06-04");
    }

    #[test]
    fn a_project_class_in_basic_spending_is_a_warning() {
        let book = seed_with(&[(T06, "G27", "31299"), (T06, "I27", "1.00")]);
        run(&super::JS_06_04, &book).assert_only("JS-06-04", Severity::Warning, "I27");
    }
}
