//! JS-C-03: the tables of one publication name the same department, year
//! and money unit.

use crate::forms::final_accounts::model::{AnyTable, Located};
use crate::forms::final_accounts::Publication;
use crate::forms::labels::norm;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const JS_C_03: Rule = Rule {
    code: "JS-C-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "各表部门名称、年度、金额单位一致",
    what: "同一套决算公开表中，各表表头的部门（单位）名称、年度和金额单位应一致。",
    why: "表头不一致往往意味着混入了其他单位或其他年度的表，或者某张表的金额单位换算错了。",
    example: "公开01 为“金额单位：万元”，公开07 为“金额单位：元” → 警告。",
    check: Check::FinalAccounts(check),
};

type Pick = fn(&AnyTable<'_>) -> Option<Located<String>>;

/// The header fields compared, each read the same way from every table.
const FIELDS: [(&str, Pick); 3] = [
    ("部门名称", |t| {
        t.meta.header.dept.as_ref().map(|l| Located {
            value: norm(&l.value),
            at: l.at.clone(),
        })
    }),
    ("年度", |t| {
        t.meta.header.year.as_ref().map(|l| Located {
            value: l.value.to_string(),
            at: l.at.clone(),
        })
    }),
    ("金额单位", |t| {
        t.meta.header.unit.as_ref().map(|l| Located {
            value: l.value.label().to_string(),
            at: l.at.clone(),
        })
    }),
];

fn check(p: &Publication, cx: &mut Cx) {
    let tables = p.tables();
    for (field, pick) in FIELDS {
        let values: Vec<(&AnyTable<'_>, Located<String>)> =
            tables.iter().filter_map(|t| pick(t).map(|v| (t, v))).collect();
        let subject = format!("各表{field}一致");
        if values.is_empty() {
            cx.not_applicable(&JS_C_03, subject, format!("各表均未注明{field}"));
            continue;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for (_, v) in &values {
            match counts.iter_mut().find(|(x, _)| *x == v.value) {
                Some(c) => c.1 += 1,
                None => counts.push((&v.value, 1)),
            }
        }
        let majority = counts
            .iter()
            .fold(counts[0], |best, c| if c.1 > best.1 { *c } else { best })
            .0
            .to_string();
        let odd: Vec<&(&AnyTable<'_>, Located<String>)> =
            values.iter().filter(|(_, v)| v.value != majority).collect();
        if odd.is_empty() {
            cx.pass(
                &JS_C_03,
                format!("{subject}（{} 张表：{majority}）", values.len()),
                Some(&values[0].1.at),
            );
            continue;
        }
        for (t, v) in odd {
            cx.flag(
                format!("{} {field}与其他表一致", t.meta.kind.code()),
                Flag::new(
                    &JS_C_03,
                    &v.at,
                    format!(
                        "{} 的{field}为“{}”，与其他表的“{majority}”不一致，请核对是否混入其他单位、其他年度的表或金额单位换算有误",
                        t.meta.kind.code(),
                        v.value
                    ),
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Warning;

    /// The seed's nine titles with a year.
    fn dated(year: &str) -> Book {
        let titles = [
            (T01, "收入支出决算总表"),
            (T02, "收入决算表"),
            (T03, "支出决算表"),
            (T04, "财政拨款收入支出决算总表"),
            (T05, "一般公共预算财政拨款支出决算表"),
            (T06, "一般公共预算财政拨款基本支出决算表"),
            (T07, "一般公共预算财政拨款“三公”经费支出决算表"),
            (T08, "政府性基金预算财政拨款收入支出决算表"),
            (T09, "国有资本经营预算财政拨款支出决算表"),
        ];
        let texts: Vec<String> = titles.iter().map(|(_, t)| format!("{year}年度{t}")).collect();
        let edits: Vec<(&str, &str, &str)> = titles
            .iter()
            .zip(&texts)
            .map(|((sheet, _), text)| (*sheet, "A1", text.as_str()))
            .collect();
        seed_with(&edits)
    }

    #[test]
    fn department_year_and_unit_agree() {
        let r = run_final_accounts(&super::JS_C_03, &dated("2020"));
        r.assert_passed("JS-C-03");
        assert_eq!(
            r.checks
                .iter()
                .filter(|c| c.outcome == crate::rules::Outcome::Pass)
                .count(),
            3,
            "部门名称, 年度 and 金额单位 each passed: {:?}",
            r.checks
        );
    }

    #[test]
    fn another_unit_is_a_warning() {
        let r = run_final_accounts(&super::JS_C_03, &seed_with(&[(T07, "L3", "金额单位：元")]));
        r.assert_only("JS-C-03", Warning, "L3");
    }

    #[test]
    fn another_department_is_a_warning() {
        let book = seed_with(&[(T05, "A3", "部门：益阳市行政审批服务局")]);
        run_final_accounts(&super::JS_C_03, &book).assert_only("JS-C-03", Warning, "A3");
    }

    #[test]
    fn another_year_is_a_warning() {
        let book = dated("2020").set_on(T05, "A1", "2019年度一般公共预算财政拨款支出决算表");
        run_final_accounts(&super::JS_C_03, &book).assert_only("JS-C-03", Warning, "A1");
    }
}
