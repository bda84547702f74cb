//! ZP-12: 一级指标 weights follow the scheme.

use super::Facts;
use crate::amount::Amount;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::identity::unusable;
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_12: Rule = Rule {
    code: "ZP-12",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "一级指标权重与评分方案不同",
    what: "各一级指标下三级指标分值合计与评分方案权重比较（全国：产出 50、效益 30、满意度 10，预算执行率 10）。",
    why: "财预〔2020〕10号规定“原则上”如此设置，偏离需要说明。",
    example: "产出指标三级分值合计 60 → 警告：应为 50。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let scheme = cx.scheme();
    for w in &scheme.weights {
        let subject = format!("{}权重 = {}", w.name, plain(w.points));
        let Some(group) = form.groups.iter().find(|g| g.name == w.name) else {
            cx.not_applicable(&ZP_12, subject, format!("表中没有{}", w.name));
            continue;
        };
        let points: Vec<&Amount> = form
            .indicators
            .iter()
            .filter(|i| i.level1 == w.name)
            .map(|i| &i.points)
            .collect();
        if let Some(why) = unusable(&points) {
            cx.cannot_check(&ZP_12, subject, Some(&group.label.at), why);
            continue;
        }
        let sum: Decimal = points.iter().filter_map(|a| a.value()).sum();
        let places = points.iter().map(|a| a.decimals()).max().unwrap_or(0);
        if sum == w.points {
            cx.pass(&ZP_12, subject, Some(&group.label.at));
            continue;
        }
        cx.flag(
            subject,
            Flag::new(
                &ZP_12,
                &group.label.at,
                format!(
                    "{}分值合计 {}，{}规定原则上为 {}",
                    w.name,
                    plain(sum),
                    scheme.title,
                    plain(w.points)
                ),
            )
            .expected(contract(w.points, places))
            .actual(contract(sum, places)),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn national_weights_pass() {
        run_self_eval(&super::ZP_12, &national()).assert_passed("ZP-12");
    }

    #[test]
    fn other_weights_are_a_warning_at_the_group() {
        let book = national().set("G12", "30").set("H12", "30");
        let r = run_self_eval(&super::ZP_12, &book);
        r.assert_only("ZP-12", Severity::Warning, "B12");
    }
}
