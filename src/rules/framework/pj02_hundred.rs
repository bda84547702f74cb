//! PJ-02: the 一级 points add up to 100, as the 总分 row says.

use super::Facts;
use crate::amount::Amount;
use crate::forms::framework::Evaluation;
use crate::rules::format::contract;
use crate::rules::identity::{unusable, Sum, Term};
use crate::rules::tolerance::Tolerance;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const PJ_02: Rule = Rule {
    code: "PJ-02",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "分值合计不是 100",
    what: "一级指标分值合计应为 100，并与“总分”行各级分值列（一级、二级、三级各一列）所填的数相同。",
    why: "指标体系按百分制打分，总分行是各级分值的合计（岳阳附件3-2 总分行 100 | 100 | 100）。",
    example: "项目决策 20 + 项目管理 25 + 项目绩效 55 = 100 → 通过；三级分值合计 98 而总分行写 100 → 错误。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let subject = "一级指标分值合计 = 100";
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_02, subject, "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    let level1: Vec<&Amount> = system.groups.iter().map(|g| &g.node.points).collect();
    let at = system
        .total
        .as_ref()
        .and_then(|t| t.points[0].as_ref())
        .or_else(|| level1.first().copied())
        .map(|a| &a.at);
    match (at, unusable(&level1)) {
        (None, _) => cx.cannot_check(&PJ_02, subject, None, "指标体系中没有一级指标"),
        (Some(at), Some(why)) => cx.cannot_check(&PJ_02, subject, Some(at), why),
        (Some(at), None) => {
            let sum: Decimal = level1.iter().filter_map(|a| a.value_or_zero()).sum();
            if sum == Decimal::ONE_HUNDRED {
                cx.pass(&PJ_02, subject, Some(at));
            } else {
                cx.flag(
                    subject,
                    Flag::new(&PJ_02, at, format!("一级指标分值合计 {}，应为 100", contract(sum, 0)))
                        .related(level1.iter().map(|a| &a.at))
                        .expected("100")
                        .actual(contract(sum, 0)),
                );
            }
        }
    }
    let Some(total) = &system.total else {
        cx.cannot_check(&PJ_02, "总分行分值 = 各级分值合计", None, "没有总分行");
        return;
    };
    fn named(n: &crate::forms::framework::Node) -> (String, &Amount) {
        (n.name.clone(), &n.points)
    }
    let levels: [Vec<(String, &Amount)>; 3] = [
        system.groups.iter().map(|g| named(&g.node)).collect(),
        system
            .groups
            .iter()
            .flat_map(|g| g.children.iter().map(|c| named(&c.node)))
            .collect(),
        system.items().map(|i| named(&i.node)).collect(),
    ];
    for (level, (cell, addends)) in total.points.iter().zip(levels).enumerate() {
        let name = ["一级", "二级", "三级"][level];
        let subject = format!("总分行{name}分值 = {name}指标分值合计");
        let Some(cell) = cell.as_ref().filter(|c| !c.is_empty()) else {
            cx.not_applicable(&PJ_02, subject, format!("总分行未填{name}分值"));
            continue;
        };
        let terms = addends
            .into_iter()
            .map(|(n, a)| Term::plus(n, a))
            .collect();
        Sum::plain(
            &PJ_02,
            subject,
            format!("总分行{name}分值与{name}指标分值合计不符"),
            cell,
            terms,
            Tolerance::exact(),
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
    fn points_adding_to_100_pass() {
        run_with(&super::PJ_02, &yueyang(), &Scheme::national(), false).assert_passed("PJ-02");
    }

    #[test]
    fn a_total_row_off_its_level_is_an_error() {
        let book = yueyang().set_on("指标体系", "F27", "98");
        let r = run_with(&super::PJ_02, &book, &Scheme::national(), false);
        r.assert_only("PJ-02", Severity::Error, "F27");
    }
}
