//! JS-SM-01: an amount the prose states for a table figure is that figure.

use super::{clause_quote, place, same_amount};
use crate::forms::narrative::bind::{head, resolve, stated, Subject};
use crate::forms::narrative::Narrative;
use crate::rules::format::{contract, money};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Outcome, Rule, Severity};
use rust_decimal::Decimal;

pub const JS_SM_01: Rule = Rule {
    code: "JS-SM-01",
    family: Family::Narrative,
    severity: Severity::Error,
    title: "情况说明：所述金额与表中数字一致",
    what: "情况说明中“本年收入合计、收入总计、财政拨款收入、基本支出、项目支出、各类（类）支出、人员经费、公用经费”等后面写的金额，应等于公开01–06 表中对应的数。分项（如基本支出、其他收入、某类支出）只在“本年支出合计……其中”“本年收入合计……其中”“财政拨款支出……主要用于”“财政拨款基本支出……其中”之下才对应到表；对应不到唯一表中数字的金额记为“无法校验”，不报错。相差不超过 0.01 为尾数差异（提示）。",
    why: "公开说明是公众阅读决算的入口，说明中的数字与表不符是公开检查中常见的扣分项，且读者无从判断哪个是对的。",
    example: "“公用经费48.66万元”，公开06 公用经费合计为 46.88（表6!I31）→ 错误：金额与表不符。",
    check: Check::Narrative(check),
};

fn check(n: &Narrative, cx: &mut Cx) {
    for (para, pieces) in n.pieces() {
        let all = stated(&pieces);
        let head = head(&all);
        for s in &all {
            let words = match &s.subject {
                Subject::Term(t) => t.text.to_string(),
                Subject::Class(c) => c.clone(),
                Subject::Other(o) => o.clone(),
            };
            let subject = format!("第{}段 {words}{}", para.number, s.token.raw);
            let figure = match resolve(s, head, &n.publication) {
                Ok(f) => f,
                Err(why) => {
                    cx.prose_record(&JS_SM_01, subject, Outcome::InsufficientData, para.number, why);
                    continue;
                }
            };
            if same_amount(&s.token, figure.value) {
                cx.prose_record(&JS_SM_01, subject, Outcome::Pass, para.number, "");
                continue;
            }
            // The sibling term's figure: a wrong word, reported by JS-SM-02.
            let sibling = match &s.subject {
                Subject::Term(t) => t.sibling.and_then(crate::forms::narrative::bind::term),
                _ => None,
            }
            .and_then(|t| t.figure(&n.publication));
            if sibling.is_some_and(|f| same_amount(&s.token, f.value)) {
                cx.prose_record(
                    &JS_SM_01,
                    subject,
                    Outcome::Fail,
                    para.number,
                    format!("所述金额是另一项目的数（{} 为 {}），见 JS-SM-02（用词）", figure.name, money(figure.value)),
                );
                continue;
            }
            let gap = (s.token.value - figure.value).abs();
            let mut flag = Flag::prose(
                &JS_SM_01,
                para.number,
                clause_quote(pieces[s.piece], s.token.start, s.token.end),
                format!(
                    "所述“{words}{}”与表不符：{} 为 {}（{}），相差 {}",
                    s.token.raw,
                    figure.name,
                    money(figure.value),
                    place(&figure.at),
                    money(gap)
                ),
            )
            .related([&figure.at])
            .related(&figure.also)
            .expected(contract(figure.value, 2))
            .actual(contract(s.token.value, s.token.decimals));
            if gap <= Decimal::new(1, 2) {
                flag = flag.adjust(Adjust::Rounding);
            }
            cx.flag(format!("第{}段 {words} = {}", para.number, figure.name), flag);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::run_narrative;
    use crate::rules::Severity;

    #[test]
    fn amounts_that_are_the_table_figures_pass() {
        let r = run_narrative(
            &super::JS_SM_01,
            &["2020年度财政拨款基本支出186.29万元，其中：人员经费139.41万元，占基本支出的75%；公用经费46.88万元，占基本支出的25%。"],
        );
        r.assert_passed("JS-SM-01");
    }

    #[test]
    fn an_amount_other_than_the_table_figure_is_an_error() {
        let r = run_narrative(
            &super::JS_SM_01,
            &["2020年度财政拨款基本支出186.29万元，其中：人员经费139.41万元；公用经费48.66万元。"],
        );
        let f = r.assert_only("JS-SM-01", Severity::Error, "第1段");
        assert_eq!(f.sheet, "正文");
        assert_eq!(f.quote.as_deref(), Some("公用经费48.66万元"));
        assert!(f.message.contains("公开06 公用经费合计 为 46.88"), "{}", f.message);
        assert_eq!((f.expected.as_deref(), f.actual.as_deref()), (Some("46.88"), Some("48.66")));
    }

    #[test]
    fn a_line_item_without_its_head_is_not_checked() {
        let r = run_narrative(
            &super::JS_SM_01,
            &["本单位无政府性基金收支。2020年度政府性基金预算财政拨款收入0万元；支出0万元，其中基本支出0万元。"],
        );
        r.assert_not_checked("JS-SM-01");
        assert!(r.of("JS-SM-01").is_empty());
    }
}
