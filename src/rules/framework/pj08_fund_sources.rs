//! PJ-08: each money column's total is the sum of its sources.

use super::Facts;
use crate::forms::framework::Evaluation;
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const PJ_08: Rule = Rule {
    code: "PJ-08",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "资金总额与来源合计不符",
    what: "项目基本概况的四栏（计划安排资金、实际到位资金、实际支出、结余）分别核对：总额 = 中央财政 + 省财政 + 市财政 + 县市区财政 + 其它（空白按 0）。",
    why: "“其中”各项是总额按资金来源的拆分，合计对不上说明有数字填错或漏填；尾数误差只作提示。",
    example: "计划安排资金 152，市财政 152，其余空白 → 通过；若市财政写 150 → 错误：来源合计 150。",
    check: Check::Framework(check),
};

fn check(eval: &Evaluation, _: &Facts, cx: &mut Cx) {
    let Some(report) = &eval.report else {
        cx.not_applicable(&PJ_08, "资金来源合计", "工作簿中没有绩效自评报告");
        return;
    };
    let Some(funds) = &report.funds else {
        cx.cannot_check(&PJ_08, "资金来源合计", None, "未找到计划安排资金等栏目");
        return;
    };
    for m in &funds.columns {
        let subject = format!("{} = 各来源之和", m.kind.name());
        if m.sources.is_empty() {
            cx.not_applicable(&PJ_08, subject, "没有按来源拆分");
            continue;
        }
        Sum::plain(
            &PJ_08,
            subject,
            format!("{}与各来源合计不符", m.kind.name()),
            &m.total,
            m.sources
                .iter()
                .map(|s| Term::plus(s.name.clone(), &s.amount))
                .collect(),
            cx.tolerance(),
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
    fn sources_adding_up_pass() {
        run_with(&super::PJ_08, &yueyang(), &Scheme::national(), false).assert_passed("PJ-08");
    }

    #[test]
    fn a_source_off_the_total_is_an_error_at_the_total() {
        let book = yueyang().set_on("自评报告", "B17", "150");
        let r = run_with(&super::PJ_08, &book, &Scheme::national(), false);
        r.assert_only("PJ-08", Severity::Error, "B14");
    }
}
