//! 公开06 一般公共预算财政拨款基本支出决算表 (JS-06-01 … JS-06-04).

use super::sums::{money, plain, Sum, Term};
use super::tree::{Node, Tree};
use crate::forms::final_accounts::model::{Basic, Table};
use crate::rules::{Audit, Family, Flag, RuleDoc, Severity, Tolerance};

pub const JS_06_01: RuleDoc = RuleDoc {
    code: "JS-06-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "基本支出表：人员经费合计 = 301 + 303",
    what: "公开06 人员经费合计应等于 301 工资福利支出与 303 对个人和家庭的补助之和（类级行缺失时用其下各款之和）。",
    why: "基本支出中的人员经费按经济分类就是 301 和 303 两类。个别地区把 30228 工会经费等归口不同，如有此类口径请核对当地模板。",
    example: "301 129.78 + 303 9.63 = 139.41，人员经费合计 139.41 → 通过。",
};

pub const JS_06_02: RuleDoc = RuleDoc {
    code: "JS-06-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "基本支出表：公用经费合计 = 302 + 307 + 310 + 399",
    what: "公开06 公用经费合计应等于 302 商品和服务支出、307 债务利息及费用支出、310 资本性支出、399 其他支出（以及表中其他非人员经费类）之和。",
    why: "基本支出中除人员经费外的部分就是公用经费。",
    example: "302 46.25 + 307 0.00 + 310 0.63 + 399 0.00 = 46.88，公用经费合计 46.88 → 通过。",
};

pub const JS_06_03: RuleDoc = RuleDoc {
    code: "JS-06-03",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "基本支出表：类 = 其下各款之和",
    what: "公开06 每个经济分类类级行（3 位编码）应等于其下各款（5 位编码）之和。",
    why: "经济分类逐级汇总，类数按定义是款数之和。",
    example:
        "302 商品和服务支出 46.25，其下各款之和 46.23 → 差 0.02，在尾数误差范围内，提示尾数差异。",
};

pub const JS_06_04: RuleDoc = RuleDoc {
    code: "JS-06-04",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "基本支出表：不应出现 309/311/312/313 类支出",
    what: "公开06 中 309 资本性支出（基本建设）、311 对企业补助（基本建设）、312 对企业补助、313 对社会保障基金补助等类别一般属于项目支出或转移性支出，不应以非零金额出现在基本支出中。",
    why: "这些经济分类通常不属于基本支出，出现时多为科目归类错误（具体口径以当地规定为准）。",
    example: "31204 费用补贴 12.00 列入基本支出表 → 警告。",
};

/// 公开06 rules.
pub fn check(t: &Table, b: &Basic, tol: Tolerance, audit: &mut Audit) {
    let nodes = b
        .rows
        .iter()
        .filter(|r| r.code.starts_with('3'))
        .map(|r| Node {
            code: &r.code,
            title: format!("{} {}", r.code, r.name),
            amount: &r.amount,
        })
        .collect();
    let mut tree = Tree::new(nodes);
    tree.check_levels(audit, &JS_06_03, "公开06", "", tol);
    let roots = tree.roots();
    let personnel = |code: &str| code.starts_with("301") || code.starts_with("303");
    for (rule, total, pick, name) in [
        (&JS_06_01, &b.personnel_total, true, "人员经费合计"),
        (&JS_06_02, &b.public_total, false, "公用经费合计"),
    ] {
        let subject = if pick {
            "公开06 人员经费合计 = 301 工资福利支出 + 303 对个人和家庭的补助".to_string()
        } else {
            "公开06 公用经费合计 = 302 + 307 + 310 + 399 等公用经费各类之和".to_string()
        };
        let Some(total) = total else {
            audit.cannot_check(rule, subject, None, format!("表中未找到“{name}”"));
            continue;
        };
        let members: Vec<usize> = roots
            .iter()
            .copied()
            .filter(|&i| personnel(tree.code(i)) == pick)
            .collect();
        let sum = Sum {
            rule,
            subject,
            what: format!("{name}与所含各类之和不符"),
            total: &total.amount,
            terms: members
                .iter()
                .map(|&i| Term::plus(tree.node(i).title.clone(), tree.node(i).amount))
                .collect(),
            tol,
        };
        tree.check_total(audit, &sum, &members);
    }
    // JS-06-04
    let mut found = false;
    for r in &b.rows {
        let class = r.code.get(..3).unwrap_or("");
        if !matches!(class, "309" | "311" | "312" | "313") {
            continue;
        }
        let Some(v) = r.amount.value().filter(|v| !v.is_zero()) else {
            continue;
        };
        found = true;
        audit.flag(
            format!("公开06 {} {} 不属于基本支出", r.code, r.name),
            Flag {
                rule: &JS_06_04,
                severity: JS_06_04.severity,
                at: &r.amount.at,
                related: vec![&r.code_at],
                message: format!(
                    "基本支出表中出现 {} {}（{}），该类一般属于项目支出或转移性支出，请核对科目归类",
                    r.code,
                    r.name,
                    money(v)
                ),
                expected: Some("0.00".into()),
                actual: Some(plain(v)),
            },
        );
    }
    if !found {
        audit.pass(
            &JS_06_04,
            "公开06 未出现 309/311/312/313 类支出",
            Some(&t.meta.title_at),
        );
    }
}
