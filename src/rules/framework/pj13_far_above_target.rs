//! PJ-13: a report target completed far beyond its value.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::forms::labels::norm;
use crate::forms::self_eval::target::parse_target;
use crate::rules::format::percent;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};

pub const PJ_13: Rule = Rule {
    code: "PJ-13",
    family: Family::EvaluationFramework,
    severity: Severity::Info,
    title: "定量目标大幅超额完成",
    what: "自评报告的定量目标中，实际完成值达到指标（目标）值的 150% 及以上（比例由评分方案设定）时提示。",
    why: "大幅超额往往说明目标定得偏低；财预〔2020〕10号要求分析偏离原因，目标设定过低的应按偏离度调减分值。",
    example: "计算节点 目标 32、完成 60（187.5%）→ 提示：目标可能设定偏低。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let Some(report) = &eval.report else {
        cx.not_applicable(&PJ_13, "定量目标未远超目标值", "工作簿中没有绩效自评报告");
        return;
    };
    let over = facts.scheme.over_achievement_ratio;
    for (t, ratio) in report.targets.iter().zip(&facts.targets) {
        let Some(ratio) = ratio else { continue };
        let name = norm(&t.name.text);
        let subject = format!("“{name}”：完成值未远超目标值");
        let zero_target =
            parse_target(&t.target.text, &name).is_none_or(|x| x.quantity.value.is_zero());
        if *ratio < over || zero_target {
            cx.pass(&PJ_13, subject, Some(&t.actual.at));
            continue;
        }
        let done = percent(*ratio, 2);
        cx.flag(
            subject,
            Flag::new(
                &PJ_13,
                &t.actual.at,
                format!(
                    "“{name}”完成 {done}（目标值 {}，实际完成值 {}），达到 {} 以上，目标可能设定偏低",
                    t.target.text.trim(),
                    t.actual.text.trim(),
                    percent(over, 0)
                ),
            )
            .related([&t.target.at])
            .actual(done),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn targets_met_near_their_value_pass() {
        let book = yueyang()
            .set_on("自评报告", "G29", "'40")
            .set_on("自评报告", "G30", "'400T")
            .set_on("自评报告", "G31", "'25")
            .set_on("自评报告", "G32", "'6000万")
            .set_on("自评报告", "G37", "'600万");
        run_with(&super::PJ_13, &book, &Scheme::national(), false).assert_passed("PJ-13");
    }

    #[test]
    fn the_sample_targets_far_above_their_value_are_info() {
        let r = run_with(&super::PJ_13, &yueyang(), &Scheme::national(), false);
        let cells: Vec<&str> = r.of("PJ-13").iter().map(|f| f.cell.as_str()).collect();
        assert_eq!(cells, ["G29", "G30", "G31", "G32", "G37"]);
        r.assert_flag("PJ-13", Severity::Info, "G29");
    }
}
