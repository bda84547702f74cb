//! PJ-11: the 到位率 item scores 分值 × 到位率.

use super::{compare_score, Facts};
use crate::forms::framework::Evaluation;
use crate::rules::format::{percent, plain};
use crate::rules::{Check, Cx, Family, Rule, Severity};
use rust_decimal::Decimal;

pub const PJ_11: Rule = Rule {
    code: "PJ-11",
    family: Family::EvaluationFramework,
    severity: Severity::Warning,
    title: "到位率得分计算不符",
    what: "“到位率”指标：得分 = 分值 × 实际到位资金 ÷ 计划安排资金（超过 100% 按 100% 计），按表上显示的小数位比较。",
    why: "岳阳附件3-2 的评价标准写明“根据项目资金的实际到位率计算得分”，到位率 = 实际到位/计划到位×100%（共性指标体系框架）。评分者可能另有取舍，因此为警告。",
    example: "分值 3，计划 152、到位 152，到位率 100% → 应得 3 分；若计划 200、到位 152（76%）却得 3 分 → 警告：应得 2.28 分。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_11, "到位率得分", "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    for item in system.items().filter(|i| i.node.name.contains("到位率")) {
        let subject = format!("“{}”得分 = 分值 × 到位率", item.node.name);
        let Some(points) = item.node.points.value() else {
            cx.cannot_check(&PJ_11, subject, Some(&item.node.points.at), "分值不是数字");
            continue;
        };
        let Some(rate) = facts.funds.arrival_rate() else {
            cx.cannot_check(
                &PJ_11,
                subject,
                Some(&item.score.at),
                "自评报告中没有计划安排资金与实际到位资金",
            );
            continue;
        };
        let want = points * rate.min(Decimal::ONE);
        let how = format!(
            "分值 {} × 到位率 {}（实际到位 {} ÷ 计划安排 {}）",
            plain(points),
            percent(rate.min(Decimal::ONE), 2),
            facts.funds.arrived.map(plain).unwrap_or_default(),
            facts.funds.planned.map(plain).unwrap_or_default()
        );
        let related = eval
            .report
            .iter()
            .flat_map(|r| r.funds.iter())
            .flat_map(|f| f.columns.iter().take(2).map(|m| &m.total.at))
            .collect();
        compare_score(cx, &PJ_11, &subject, item, want, &how, related);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn a_full_arrival_score_passes() {
        run_with(&super::PJ_11, &yueyang(), &Scheme::national(), false).assert_passed("PJ-11");
    }

    #[test]
    fn full_marks_for_a_partial_arrival_are_a_warning() {
        let book = yueyang()
            .set_on("自评报告", "B14", "200")
            .set_on("自评报告", "B17", "200");
        let r = run_with(&super::PJ_11, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-11", Severity::Warning, "I9");
        assert_eq!(f.expected.as_deref(), Some("2.28"));
    }
}
