//! PJ-06: the report's 综合得分 is the 指标体系's total.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const PJ_06: Rule = Rule {
    code: "PJ-06",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "指标体系得分与自评报告综合得分不符",
    what: "指标体系的总分（自评得分）= 自评报告中的“绩效自评综合得分”。两处不在同一工作表时也核对。",
    why: "自评报告引用的综合得分应来自指标体系的打分结果（岳阳附件2-2 与附件3-2），两处不一致时以哪个为准无从判断。",
    example: "指标体系总分 98，报告写“绩效自评综合得分 96” → 错误：两处应一致。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let subject = "绩效自评综合得分 = 指标体系自评得分";
    let Some(report) = &eval.report else {
        cx.not_applicable(&PJ_06, subject, "工作簿中没有绩效自评报告");
        return;
    };
    let Some(cell) = report.score.as_ref().filter(|c| !c.is_empty()) else {
        let at = report.title.as_ref().map(|t| &t.at);
        cx.cannot_check(&PJ_06, subject, at, "自评报告中没有绩效自评综合得分");
        return;
    };
    let Some(declared) = cell.value() else {
        cx.cannot_check(&PJ_06, subject, Some(&cell.at), "绩效自评综合得分不是数字");
        return;
    };
    let Some(system) = &eval.system else {
        cx.cannot_check(
            &PJ_06,
            subject,
            Some(&cell.at),
            "工作簿中没有项目支出绩效评价指标体系",
        );
        return;
    };
    // The 指标体系's own total where it has one (PJ-05 checks that against
    // the items), else the items' sum.
    let other = match (
        facts.system_score,
        system.total.as_ref().and_then(|t| t.score.as_ref()),
    ) {
        (Some(s), Some(c)) => Some((s, &c.at)),
        _ => facts
            .computed()
            .zip(system.items().next().map(|i| &i.score.at)),
    };
    let Some((other, other_at)) = other else {
        cx.cannot_check(&PJ_06, subject, Some(&cell.at), "指标体系的自评得分无法确定");
        return;
    };
    if declared == other {
        cx.pass(&PJ_06, subject, Some(&cell.at));
        return;
    }
    let places = cell.decimals();
    cx.flag(
        subject,
        Flag::new(
            &PJ_06,
            &cell.at,
            format!(
                "绩效自评综合得分填 {}，指标体系（{}）的自评得分为 {}",
                plain(declared),
                other_at,
                plain(other)
            ),
        )
        .related([other_at])
        .expected(contract(other, places))
        .actual(contract(declared, places)),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn the_same_score_in_both_parts_passes() {
        run_with(&super::PJ_06, &yueyang(), &Scheme::national(), false).assert_passed("PJ-06");
    }

    #[test]
    fn a_different_report_score_is_an_error() {
        let book = yueyang().set_on("自评报告", "F44", "96");
        let r = run_with(&super::PJ_06, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-06", Severity::Error, "F44");
        assert_eq!(f.related, vec!["'指标体系'!I27"]);
    }
}
