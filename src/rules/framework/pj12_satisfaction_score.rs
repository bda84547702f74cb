//! PJ-12: the 满意度 item scores by the scheme's 满意率 bands.

use super::facts::satisfaction_rate;
use super::{compare_score, Facts};
use crate::forms::framework::Evaluation;
use crate::forms::labels::norm;
use crate::rules::{Check, Cx, Family, Rule, Severity};
use crate::scheme::{bands_text, share_for};
use rust_decimal::Decimal;

pub const PJ_12: Rule = Rule {
    code: "PJ-12",
    family: Family::EvaluationFramework,
    severity: Severity::Warning,
    title: "服务对象满意度得分与档位不符",
    what: "“满意度”指标：按自评报告定量目标中的满意率取档位得分（hunan-yueyang：90%（含）以上得满分，80%–90% 得 6/8，70%–80% 得 4/8，60%–70% 得 2/8，60% 以下不得分）。",
    why: "岳阳附件3-2 的评价标准按满意率分档给分；档位由评分方案设定。",
    example: "单位满意率 100%，满意度 8 分 → 通过；满意率 85% 却得 8 分 → 警告：应得 6 分。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let Some(system) = &eval.system else {
        cx.not_applicable(&PJ_12, "满意度得分", "工作簿中没有项目支出绩效评价指标体系");
        return;
    };
    for item in system.items().filter(|i| i.node.name.contains("满意")) {
        let subject = format!("“{}”得分按满意率档位", item.node.name);
        let Some(bands) = facts.scheme.framework.as_ref().map(|f| &f.satisfaction_bands) else {
            cx.not_applicable(&PJ_12, subject, "评分方案没有满意度档位");
            continue;
        };
        let Some(points) = item.node.points.value() else {
            cx.cannot_check(&PJ_12, subject, Some(&item.node.points.at), "分值不是数字");
            continue;
        };
        let Some((target, rate)) = eval
            .report
            .as_ref()
            .and_then(|r| satisfaction_rate(&r.targets))
        else {
            cx.cannot_check(
                &PJ_12,
                subject,
                Some(&item.score.at),
                "自评报告的定量目标中没有满意率",
            );
            continue;
        };
        let want = points * share_for(bands, rate).unwrap_or(Decimal::ZERO);
        let how = format!(
            "“{}”实际完成 {}，按档位（{}）",
            norm(&target.name.text),
            target.actual.text.trim(),
            bands_text(bands)
        );
        compare_score(cx, &PJ_12, &subject, item, want, &how, vec![&target.actual.at]);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn a_score_in_its_band_passes() {
        run_with(&super::PJ_12, &yueyang(), &Scheme::national(), false).assert_passed("PJ-12");
    }

    #[test]
    fn full_marks_below_the_top_band_are_a_warning() {
        let book = yueyang().set_on("自评报告", "G43", "'85%");
        let r = run_with(&super::PJ_12, &book, &Scheme::national(), false);
        let f = r.assert_only("PJ-12", Severity::Warning, "I26");
        assert_eq!(f.expected.as_deref(), Some("6"));
    }
}
