//! PJ-05: the 总分 row's 自评得分 is the sum of the items' scores.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const PJ_05: Rule = Rule {
    code: "PJ-05",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "自评得分合计与总分不符",
    what: "三级指标自评得分之和 = 总分行的自评得分。",
    why: "总分是各项得分的合计，对不上说明合计算错或某项漏计。",
    example: "各项得分合计 98，总分行填 97 → 错误：应为 98。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let subject = "自评得分合计 = 总分行自评得分";
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_05, subject, "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    let Some(cell) = system
        .total
        .as_ref()
        .and_then(|t| t.score.as_ref())
        .filter(|c| !c.is_empty())
    else {
        cx.cannot_check(&PJ_05, subject, None, "总分行没有自评得分");
        return;
    };
    Sum::plain(
        &PJ_05,
        subject,
        "总分与各项自评得分合计不符",
        cell,
        system
            .items()
            .map(|i| Term::plus(i.node.name.clone(), &i.score))
            .collect(),
        cx.tolerance(),
    )
    .run(cx);
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn a_total_adding_up_passes() {
        run_with(&super::PJ_05, &yueyang(), &Scheme::national(), false).assert_passed("PJ-05");
    }

    #[test]
    fn a_wrong_total_is_an_error() {
        let book = yueyang().set_on("指标体系", "I27", "97");
        let r = run_with(&super::PJ_05, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-05", Severity::Error, "I27");
        assert_eq!(f.expected.as_deref(), Some("98"));
    }
}
