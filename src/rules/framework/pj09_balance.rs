//! PJ-09: 结余 = 实际到位 − 实际支出, for the totals and each source.

use super::Facts;
use crate::amount::Amount;
use crate::forms::framework::{Evaluation, MoneyKind};
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const PJ_09: Rule = Rule {
    code: "PJ-09",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "结余与到位、支出不符",
    what: "结余 = 实际到位资金 − 实际支出，总额与每个资金来源分别核对。",
    why: "结余是到位资金中未支出的部分，按定义相减。",
    example: "实际到位 152，实际支出 42，结余应为 110；填 100 → 错误。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let subject = "结余 = 实际到位资金 − 实际支出";
    let Some(funds) = eval.report.as_ref().and_then(|r| r.funds.as_ref()) else {
        cx.not_applicable(&PJ_09, subject, "工作簿中没有自评报告的资金栏目");
        return;
    };
    let (Some(arrived), Some(spent), Some(balance)) = (
        funds.get(MoneyKind::Arrived),
        funds.get(MoneyKind::Spent),
        funds.get(MoneyKind::Balance),
    ) else {
        cx.cannot_check(&PJ_09, subject, None, "缺少实际到位资金、实际支出或结余栏");
        return;
    };
    let mut lines: Vec<(String, Option<&Amount>, Option<&Amount>, &Amount)> =
        vec![("合计".to_string(), Some(&arrived.total), Some(&spent.total), &balance.total)];
    for s in &balance.sources {
        lines.push((
            s.name.clone(),
            arrived.source(&s.name).map(|x| &x.amount),
            spent.source(&s.name).map(|x| &x.amount),
            &s.amount,
        ));
    }
    for (name, a, sp, b) in lines {
        let subject = format!("{name}：结余 = 实际到位 − 实际支出");
        let (Some(a), Some(sp)) = (a, sp) else {
            cx.cannot_check(&PJ_09, subject, Some(&b.at), "该来源缺少对应栏目");
            continue;
        };
        let source = name != "合计";
        if source && a.is_empty() && sp.is_empty() && b.is_empty() {
            cx.not_applicable(&PJ_09, subject, "该来源未填写");
            continue;
        }
        let label = if source {
            format!("{name}：")
        } else {
            String::new()
        };
        Sum::plain(
            &PJ_09,
            subject,
            format!("{label}结余与实际到位减实际支出不符"),
            b,
            vec![Term::plus("实际到位", a), Term::minus("实际支出", sp)],
            cx.tolerance(),
        )
        .run(cx);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn balances_adding_up_pass() {
        run_with(&super::PJ_09, &yueyang(), &Scheme::national(), false).assert_passed("PJ-09");
    }

    #[test]
    fn a_wrong_balance_is_an_error() {
        let book = yueyang().set_on("自评报告", "H14", "100");
        let r = run_with(&super::PJ_09, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-09", Severity::Error, "H14");
        assert_eq!(f.expected.as_deref(), Some("110"));
    }
}
