//! The code hierarchies of the coded tables (JS-02-02, JS-03-02, JS-05-02,
//! JS-08-02, JS-09-02): 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, column by column,
//! as one table of (table, rule).

use super::tree::{Node, Tree};
use super::{col_title, tol_of};
use crate::forms::final_accounts::model::{Coded, Table, TableKind};
use crate::rules::{Check, Cx, Family, Rule, Severity};

const WHY: &str = "功能分类科目逐级汇总，上级数按定义是下级数之和。";

pub const JS_02_02: Rule = Rule {
    code: "JS-02-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收入决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开02 每一栏：合计行等于各类（3 位编码）之和，每个类等于其下各款（5 位编码）之和，每个款等于其下各项（7 位编码）之和。下级合计已不符时，上级只在与最末级明细也不符时才另行报告。",
    why: WHY,
    example: "20103 政府办公厅（室）及相关机构事务 1,125.80 = 110.50 + 180.02 + 481.78 + 353.50 → 通过。",
    check: Check::FinalAccounts(|p, cx| run(&JS_02_02, TableKind::T02, p.t02.as_ref(), cx)),
};

pub const JS_03_02: Rule = Rule {
    code: "JS-03-02",
    check: Check::FinalAccounts(|p, cx| run(&JS_03_02, TableKind::T03, p.t03.as_ref(), cx)),
    title: "支出决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开03 每一栏按科目编码逐级汇总：合计 = 各类之和，类 = 其下各款之和，款 = 其下各项之和。",
    example: "合计(1) 2,696.91，各类之和 2,696.92 → 提示尾数差异。",
    ..JS_02_02
};

pub const JS_05_02: Rule = Rule {
    code: "JS-05-02",
    check: Check::FinalAccounts(|p, cx| run(&JS_05_02, TableKind::T05, p.t05.as_ref(), cx)),
    title: "一般公共预算财政拨款支出决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开05 每一栏按科目编码逐级汇总：合计 = 各类之和，类 = 其下各款之和，款 = 其下各项之和。",
    example: "20103 项目支出(3) 518.97，其下各项之和 518.96 → 提示尾数差异；201 与各款之和的差异来自 20103，不重复报告。",
    ..JS_02_02
};

pub const JS_08_02: Rule = Rule {
    code: "JS-08-02",
    check: Check::FinalAccounts(|p, cx| run(&JS_08_02, TableKind::T08, p.t08.as_ref(), cx)),
    title: "政府性基金表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开08 每一栏按科目编码逐级汇总（与 JS-02-02 同一定义）。",
    example: "229 其他支出 50.00，其下 22960 各款之和 45.00 → 错误。",
    ..JS_02_02
};

pub const JS_09_02: Rule = Rule {
    code: "JS-09-02",
    check: Check::FinalAccounts(|p, cx| run(&JS_09_02, TableKind::T09, p.t09.as_ref(), cx)),
    title: "国有资本经营预算支出表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开09 每一栏按科目编码逐级汇总（与 JS-02-02 同一定义）。",
    example: "223 国有资本经营预算支出 20.00，其下各款之和 20.00 → 通过。",
    ..JS_02_02
};

/// The hierarchy `rule` of the publication's table `kind`.
fn run(rule: &'static Rule, kind: TableKind, t: Option<&Table<Coded>>, cx: &mut Cx) {
    match t {
        Some(t) => one_table(rule, t, cx),
        None => cx.not_applicable(
            rule,
            format!("{} 科目逐级合计", kind.code()),
            format!("未找到{}表", kind.code()),
        ),
    }
}

fn one_table(rule: &'static Rule, t: &Table<Coded>, cx: &mut Cx) {
    let (kind, c) = (t.meta.kind, &t.body);
    let code = kind.code();
    let tol = tol_of(t, cx);
    if !c.rows.iter().any(|r| r.code.starts_with('2')) {
        cx.not_applicable(rule, format!("{code} 科目逐级合计"), "表中没有科目行");
        return;
    }
    if c.total.is_none() {
        cx.not_applicable(rule, format!("{code} 合计 = 各类之和"), "表中没有合计行");
    }
    for j in 0..c.columns.len() {
        let col = col_title(kind, c, j);
        let scope = format!("{code} {col}");
        let nodes = c
            .rows
            .iter()
            .filter(|r| r.code.starts_with('2'))
            .map(|r| Node {
                code: &r.code,
                title: r.title(),
                amount: &r.values[j],
            })
            .collect();
        let mut tree = Tree::new(nodes);
        tree.check_levels(cx, rule, &scope, &col, tol);
        let Some(total) = &c.total else { continue };
        let roots = tree.roots();
        if roots.is_empty() {
            continue;
        }
        let sum = tree.sum_of(
            rule,
            format!("{scope}：合计 = 各类之和"),
            format!("合计行的{col}与各类之和不符"),
            &total.values[j],
            &roots,
            tol,
        );
        tree.check_total(cx, &sum, &roots);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::{Error, Info};

    #[test]
    fn js_02_02_hierarchy() {
        run_final_accounts(&super::JS_02_02, &seed_final_accounts()).assert_passed("JS-02-02");
        let book = seed_with(&[(T02, "E10", "151.10"), (T02, "F10", "151.10")]);
        run_final_accounts(&super::JS_02_02, &book).assert_flag("JS-02-02", Error, "F9");
    }

    #[test]
    fn js_03_02_hierarchy() {
        let exact = seed_with(&[(T03, "E7", "2,696.92")]);
        run_final_accounts(&super::JS_03_02, &exact).assert_passed("JS-03-02");
        let book = seed_with(&[(T03, "E10", "143.48"), (T03, "G10", "143.48")]);
        run_final_accounts(&super::JS_03_02, &book).assert_flag("JS-03-02", Error, "G9");
    }

    #[test]
    fn js_05_02_hierarchy_reports_the_cause_once() {
        // The seed's 20103 项目支出 518.97 is a rounding gap against its
        // items; 201 and 合计 agree with the items and are not reported.
        let seed = run_final_accounts(&super::JS_05_02, &seed_final_accounts());
        seed.assert_only("JS-05-02", Info, "G13");
        let exact = seed_with(&[(T05, "G13", "518.96")]);
        run_final_accounts(&super::JS_05_02, &exact).assert_passed("JS-05-02");
        let book = seed_with(&[(T05, "E10", "143.48"), (T05, "G10", "143.48")]);
        run_final_accounts(&super::JS_05_02, &book).assert_flag("JS-05-02", Error, "E9");
    }

    #[test]
    fn js_08_02_hierarchy() {
        run_final_accounts(&super::JS_08_02, &seed_with_gov_fund_rows()).assert_passed("JS-08-02");
        let book = seed_with_gov_fund_rows().set_on(T08, "I9", "50.00");
        run_final_accounts(&super::JS_08_02, &book).assert_flag("JS-08-02", Error, "I9");
    }

    #[test]
    fn js_09_02_hierarchy() {
        run_final_accounts(&super::JS_09_02, &seed_with_state_capital_rows())
            .assert_passed("JS-09-02");
        let book = seed_with_state_capital_rows().set_on(T09, "G10", "25.00");
        run_final_accounts(&super::JS_09_02, &book).assert_only("JS-09-02", Error, "G10");
    }
}
