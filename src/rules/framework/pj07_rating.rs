//! PJ-07: the report's 评价等次 matches its score.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::format::plain;
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};

pub const PJ_07: Rule = Rule {
    code: "PJ-07",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "评价等次与得分不符",
    what: "报告中的评价等次按综合得分核对（hunan-yueyang：优秀 ≥ 90，良好 ≥ 80，中 ≥ 60，差 < 60，含下限；接受 优/优秀、良/良好 等写法）。无法识别的等次写法为警告。",
    why: "等次由得分决定，自相矛盾的等次会误导使用结果的人。",
    example: "综合得分 98，评价等次“良好” → 错误：应为“优秀”。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let subject = "评价等次与得分相符";
    let Some(report) = &eval.report else {
        cx.not_applicable(&PJ_07, subject, "工作簿中没有绩效自评报告");
        return;
    };
    let Some(declared) = report.rating.as_ref().filter(|r| !r.is_blank()) else {
        cx.not_applicable(&PJ_07, subject, "自评报告中没有评价等次");
        return;
    };
    let score = facts
        .report_score
        .or(facts.system_score)
        .or(facts.computed());
    let Some(score) = score else {
        cx.cannot_check(&PJ_07, subject, Some(&declared.at), "得分无法确定");
        return;
    };
    let scheme = &facts.scheme;
    let want = scheme
        .rating_for(score)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let text = declared.text.trim();
    let named = scheme.band_named(text).map(|b| b.name.clone());
    if named.as_deref() == Some(want.as_str()) {
        cx.pass(&PJ_07, subject, Some(&declared.at));
        return;
    }
    let related = report.score.iter().map(|c| &c.at);
    let flag = match named {
        Some(_) => Flag::new(
            &PJ_07,
            &declared.at,
            format!(
                "评价等次“{text}”与得分 {} 不符，按 {}（{}）应为“{want}”",
                plain(score),
                scheme.name,
                scheme.rating_text()
            ),
        ),
        None => Flag::new(
            &PJ_07,
            &declared.at,
            format!("无法识别评价等次“{text}”；按得分 {} 应为“{want}”", plain(score)),
        )
        .adjust(Adjust::Unfilled),
    };
    cx.flag(subject, flag.related(related).expected(want).actual(text));
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn a_rating_matching_the_score_passes() {
        run_with(&super::PJ_07, &yueyang(), &Scheme::national(), false).assert_passed("PJ-07");
    }

    #[test]
    fn a_contradicting_rating_is_an_error() {
        let book = yueyang().set_on("自评报告", "F45", "良好");
        let r = run_with(&super::PJ_07, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-07", Severity::Error, "F45");
        assert_eq!(f.expected.as_deref(), Some("优秀"));
    }
}
