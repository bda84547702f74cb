//! PJ-04: 0 ≤ 自评得分 ≤ 分值 for every 三级指标.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const PJ_04: Rule = Rule {
    code: "PJ-04",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "自评得分超出分值",
    what: "每个三级指标：0 ≤ 自评得分 ≤ 分值。",
    why: "评分不设加分项，得分不能超过该项分值，也不能为负。",
    example: "到位时效 分值 2，自评得分 3 → 错误：得分超过分值。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_04, "0 ≤ 自评得分 ≤ 分值", "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    for item in system.items() {
        let node = &item.node;
        let score = &item.score;
        let subject = format!("“{}”：0 ≤ 自评得分 ≤ 分值", node.name);
        let (Some(p), Some(s)) = (node.points.value(), score.value()) else {
            let why = if score.is_empty() {
                "自评得分未填写"
            } else {
                "分值或得分不是数字"
            };
            cx.cannot_check(&PJ_04, subject, Some(&score.at), why);
            continue;
        };
        if s >= Decimal::ZERO && s <= p {
            cx.pass(&PJ_04, subject, Some(&score.at));
            continue;
        }
        let message = if s > p {
            format!(
                "“{}”自评得分 {} 超过分值 {}（不设加分项）",
                node.name,
                plain(s),
                plain(p)
            )
        } else {
            format!("“{}”自评得分 {} 为负数", node.name, plain(s))
        };
        cx.flag(
            subject,
            Flag::new(&PJ_04, &score.at, message)
                .related([&node.points.at])
                .expected(format!("0–{}", plain(p)))
                .actual(contract(s, score.decimals())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn scores_within_points_pass() {
        run_with(&super::PJ_04, &yueyang(), &Scheme::national(), false).assert_passed("PJ-04");
    }

    #[test]
    fn a_score_above_its_points_is_an_error() {
        let book = yueyang().set_on("指标体系", "I8", "6");
        let r = run_with(&super::PJ_04, &book, &Scheme::national(), false);
        r.assert_only("PJ-04", Severity::Error, "I8");
    }
}
