//! PJ-03: 一级 weights follow the scheme's framework.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const PJ_03: Rule = Rule {
    code: "PJ-03",
    family: Family::EvaluationFramework,
    severity: Severity::Warning,
    title: "一级指标权重与评分方案不同",
    what: "一级指标的分值与评分方案规定的权重比较（hunan-yueyang：项目决策 20 / 项目管理 25 / 项目绩效 55）。",
    why: "权重由当地文件规定，偏离时应有说明；不同地方的框架权重不同（如达州 20 / 10 / 70），因此只作警告。",
    example: "项目管理标注 30 分而方案为 25 → 警告：项目管理分值 30，hunan-yueyang 规定为 25。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let Some(fw) = &facts.scheme.framework else {
        cx.not_applicable(&PJ_03, "一级指标权重", "评分方案没有绩效评价指标体系的权重");
        return;
    };
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_03, "一级指标权重", "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    for w in &fw.weights {
        let subject = format!("{}权重 = {}", w.name, plain(w.points));
        let Some(group) = system.groups.iter().find(|g| g.node.name == w.name) else {
            cx.not_applicable(&PJ_03, subject, format!("指标体系中没有{}", w.name));
            continue;
        };
        let cell = &group.node.points;
        match cell.value() {
            None => cx.cannot_check(&PJ_03, subject, Some(&cell.at), "分值未填写或不是数字"),
            Some(p) if p == w.points => cx.pass(&PJ_03, subject, Some(&cell.at)),
            Some(p) => cx.flag(
                subject,
                Flag::new(
                    &PJ_03,
                    &cell.at,
                    format!(
                        "{}分值 {}，评分方案 {} 规定为 {}",
                        w.name,
                        plain(p),
                        facts.scheme.name,
                        plain(w.points)
                    ),
                )
                .expected(contract(w.points, cell.decimals()))
                .actual(contract(p, cell.decimals())),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn the_yueyang_weights_pass() {
        run_with(&super::PJ_03, &yueyang(), &Scheme::national(), false).assert_passed("PJ-03");
    }

    #[test]
    fn another_weight_is_a_warning() {
        let book = yueyang().set_on("指标体系", "B4", "30");
        let r = run_with(&super::PJ_03, &book, &Scheme::national(), false);
        r.assert_only("PJ-03", Severity::Warning, "B4");
    }
}
