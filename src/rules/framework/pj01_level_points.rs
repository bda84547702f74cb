//! PJ-01: each level's points are the sum of the level below.

use super::Facts;
use crate::forms::framework::{Evaluation, Node};
use crate::rules::identity::{Sum, Term};
use crate::rules::tolerance::Tolerance;
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const PJ_01: Rule = Rule {
    code: "PJ-01",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "下级指标分值之和与上级不符",
    what: "指标体系逐级核对分值：每个二级指标的分值 = 其下三级指标分值之和；每个一级指标的分值 = 其下二级指标分值之和。分页后重写的一级指标名称（如第二页又写“项目管理 25”）按同一指标计，不重复相加。",
    why: "指标体系的分值是逐级分解的（岳阳附件3-2：项目决策 20 = 项目目标 4 + 决策过程 8 + 资金分配 8），对不上说明有分值写错或漏行。",
    example: "资金分配 8，其下 分配办法 3 + 分配结果 5 = 8 → 通过；若分配结果写成 4 → 错误：资金分配标注 8 分，三级指标合计 7。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_01, "下级指标分值之和 = 上级分值", "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    for group in &system.groups {
        for sub in &group.children {
            let items: Vec<&Node> = sub.items.iter().map(|i| &i.node).collect();
            children(cx, &sub.node, &items, "三级指标");
        }
        let level2: Vec<&Node> = group.children.iter().map(|c| &c.node).collect();
        children(cx, &group.node, &level2, "二级指标");
    }
}

fn children(cx: &mut Cx, parent: &Node, kids: &[&Node], what: &str) {
    let subject = format!("{}：{what}分值之和 = {} 分值", parent.name, parent.name);
    if parent.points.is_empty() {
        cx.cannot_check(&PJ_01, subject, Some(&parent.points.at), "分值未填写");
        return;
    }
    // Points are whole numbers written once each: equal or not.
    Sum::plain(
        &PJ_01,
        subject,
        format!("{}的分值与其下{what}分值合计不符", parent.name),
        &parent.points,
        kids.iter()
            .map(|k| Term::plus(k.name.clone(), &k.points))
            .collect(),
        Tolerance::exact(),
    )
    .run(cx);
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    fn run(book: &crate::rules::testkit::Book) -> crate::rules::testkit::Results {
        run_with(&super::PJ_01, book, &Scheme::national(), false)
    }

    #[test]
    fn the_yueyang_framework_adds_up() {
        run(&yueyang()).assert_passed("PJ-01");
    }

    #[test]
    fn a_level_off_its_children_is_an_error_at_the_parent() {
        // 产出成本 3 → 4: 项目产出 15 ≠ 5 + 4 + 3 + 4.
        let r = run(&yueyang().set_on("指标体系", "F21", "4"));
        let f = r.assert_only("PJ-01", Severity::Error, "D18");
        assert!(f.message.contains("三级指标"), "{}", f.message);
    }
}
