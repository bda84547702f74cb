//! ZP-25: the declared rating matches the 总分's band.

use super::Facts;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::plain;
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_25: Rule = Rule {
    code: "ZP-25",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "评价等级与总分不符",
    what: "填报的评价等级应与总分所在区间一致：优（优秀）≥ 90，良（良好）80–90，中 60–80，差 < 60，含下限。无法识别的等级写法为警告。",
    why: "等级与分数矛盾会直接导致结果应用错误。",
    example: "总分 85，等级填“优秀” → 错误：应为良。",
    check: Check::SelfEvaluation(check),
};

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let subject = "评价等级与总分相符";
    let Some(declared) = &form.rating else {
        cx.not_applicable(&ZP_25, subject, "表中没有评价等级");
        return;
    };
    let score = facts
        .total
        .declared
        .or_else(|| facts.total.computed.as_ref().ok().copied());
    let Some(score) = score else {
        cx.cannot_check(&ZP_25, subject, Some(&declared.at), "总分无法确定");
        return;
    };
    let scheme = cx.scheme();
    let want = scheme
        .rating_for(score)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    let text = declared.text.trim();
    match scheme.band_named(text) {
        Some(b) if b.name == want => cx.pass(&ZP_25, subject, Some(&declared.at)),
        Some(_) => cx.flag(
            subject,
            Flag::new(
                &ZP_25,
                &declared.at,
                format!("评价等级“{text}”与总分 {} 不符，应为“{want}”", plain(score)),
            )
            .expected(want)
            .actual(text),
        ),
        None => cx.flag(
            subject,
            Flag::new(
                &ZP_25,
                &declared.at,
                format!(
                    "无法识别评价等级“{text}”（应为 优/良/中/差）；按总分 {} 应为“{want}”",
                    plain(score)
                ),
            )
            .expected(want)
            .actual(text)
            .adjust(Adjust::Unfilled),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn a_rating_matching_the_total_passes() {
        run_self_eval(&super::ZP_25, &national()).assert_passed("ZP-25");
    }

    #[test]
    fn a_rating_above_the_band_is_an_error() {
        let r = run_self_eval(&super::ZP_25, &national().set("H17", "85"));
        let f = r.assert_only("ZP-25", Severity::Error, "G18");
        assert_eq!(f.expected.as_deref(), Some("良"));
    }

    #[test]
    fn an_unknown_rating_is_a_warning() {
        let r = run_self_eval(&super::ZP_25, &national().set("G18", "很好"));
        r.assert_only("ZP-25", Severity::Warning, "G18");
    }
}
