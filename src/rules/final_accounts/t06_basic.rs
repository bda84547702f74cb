//! The identities of 公开06 一般公共预算财政拨款基本支出决算表 (JS-06-01 …
//! JS-06-03): 人员经费 and 公用经费 totals, and each 类 = Σ 款.

use super::tol_of;
use super::tree::{Node, Tree};
use crate::forms::final_accounts::model::{Basic, Table};
use crate::forms::final_accounts::Publication;
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const JS_06_01: Rule = Rule {
    code: "JS-06-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "基本支出表：人员经费合计 = 301 + 303",
    what: "公开06 人员经费合计应等于 301 工资福利支出与 303 对个人和家庭的补助之和（类级行缺失时用其下各款之和）。",
    why: "基本支出中的人员经费按经济分类就是 301 和 303 两类。个别地区把 30228 工会经费等归口不同，如有此类口径请核对当地模板。",
    example: "301 129.78 + 303 9.63 = 139.41，人员经费合计 139.41 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t06(&JS_06_01, p, cx, |r, t, cx| total(r, t, true, cx))),
};

pub const JS_06_02: Rule = Rule {
    code: "JS-06-02",
    title: "基本支出表：公用经费合计 = 302 + 307 + 310 + 399",
    what: "公开06 公用经费合计应等于 302 商品和服务支出、307 债务利息及费用支出、310 资本性支出、399 其他支出（以及表中其他非人员经费类）之和。",
    why: "基本支出中除人员经费外的部分就是公用经费。",
    example: "302 46.25 + 307 0.00 + 310 0.63 + 399 0.00 = 46.88，公用经费合计 46.88 → 通过。",
    check: Check::FinalAccounts(|p, cx| with_t06(&JS_06_02, p, cx, |r, t, cx| total(r, t, false, cx))),
    ..JS_06_01
};

pub const JS_06_03: Rule = Rule {
    code: "JS-06-03",
    title: "基本支出表：类 = 其下各款之和",
    what: "公开06 每个经济分类类级行（3 位编码）应等于其下各款（5 位编码）之和。",
    why: "经济分类逐级汇总，类数按定义是款数之和。",
    example: "302 商品和服务支出 46.25，其下各款之和 46.23 → 差 0.02，在尾数误差范围内，提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| {
        with_t06(&JS_06_03, p, cx, |rule, t, cx| {
            tree(t).check_levels(cx, rule, "公开06", "", tol_of(t, cx));
        })
    }),
    ..JS_06_01
};

fn with_t06(
    rule: &'static Rule,
    p: &Publication,
    cx: &mut Cx,
    check: fn(&'static Rule, &Table<Basic>, &mut Cx),
) {
    match &p.t06 {
        Some(t) => check(rule, t, cx),
        None => cx.not_applicable(rule, rule.title, "未找到公开06表"),
    }
}

/// The economic-classification tree of the table.
fn tree(t: &Table<Basic>) -> Tree<'_> {
    Tree::new(
        t.body
            .rows
            .iter()
            .filter(|r| r.code.starts_with('3'))
            .map(|r| Node {
                code: &r.code,
                title: format!("{} {}", r.code, r.name),
                amount: &r.amount,
            })
            .collect(),
    )
}

/// 人员经费合计 (`personnel`) or 公用经费合计 = the 类 it is made of. The
/// tree's levels are evaluated first (recording nothing) so that a total
/// whose gap comes from a wrong 款 is not reported twice.
fn total(rule: &'static Rule, t: &Table<Basic>, personnel: bool, cx: &mut Cx) {
    let (subject, name, line) = if personnel {
        (
            "公开06 人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助",
            "人员经费合计",
            &t.body.personnel_total,
        )
    } else {
        (
            "公开06 公用经费合计 = 302 + 307 + 310 + 399 等公用经费各类之和",
            "公用经费合计",
            &t.body.public_total,
        )
    };
    let Some(line) = line else {
        cx.cannot_check(rule, subject, Some(&t.meta.title_at), format!("表中未找到“{name}”"));
        return;
    };
    let tol = tol_of(t, cx);
    let mut tree = tree(t);
    // The levels' own outcomes are JS-06-03's; here they only tell which
    // nodes failed below.
    let mut scratch = Cx::new(cx.ctx);
    tree.check_levels(&mut scratch, &JS_06_03, "公开06", "", tol);
    let is_personnel = |code: &str| code.starts_with("301") || code.starts_with("303");
    let members: Vec<usize> = tree
        .roots()
        .into_iter()
        .filter(|&i| is_personnel(tree.node(i).code) == personnel)
        .collect();
    let sum = tree.sum_of(
        rule,
        subject.to_string(),
        format!("{name}与所含各类之和不符"),
        &line.amount,
        &members,
        tol,
    );
    tree.check_total(cx, &sum, &members);
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_final_accounts as run, seed_final_accounts, seed_with, T06};
    use crate::rules::Severity::{Error, Info};

    #[test]
    fn js_06_01_personnel_total() {
        run(&super::JS_06_01, &seed_final_accounts()).assert_passed("JS-06-01");
        let r = run(&super::JS_06_01, &seed_with(&[(T06, "C34", "149.41")]));
        r.assert_only("JS-06-01", Error, "C34");
    }

    #[test]
    fn js_06_02_public_total() {
        run(&super::JS_06_02, &seed_final_accounts()).assert_passed("JS-06-02");
        let r = run(&super::JS_06_02, &seed_with(&[(T06, "I34", "56.88")]));
        r.assert_only("JS-06-02", Error, "I34");
    }

    #[test]
    fn js_06_03_class_of_items() {
        run(&super::JS_06_03, &seed_final_accounts()).assert_only("JS-06-03", Info, "F6");
        run(&super::JS_06_03, &seed_with(&[(T06, "F6", "46.23")])).assert_passed("JS-06-03");
        let r = run(&super::JS_06_03, &seed_with(&[(T06, "F7", "6.41")]));
        r.assert_only("JS-06-03", Error, "F6");
    }
}
