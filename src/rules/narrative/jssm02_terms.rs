//! JS-SM-02: 收入总计 is not 本年收入合计 (nor 支出总计 本年支出合计).

use super::{clause_quote, place, same_amount};
use crate::forms::narrative::bind::{stated, term, Subject};
use crate::forms::narrative::Narrative;
use crate::rules::format::{contract, money};
use crate::rules::{Check, Cx, Family, Flag, Outcome, Rule, Severity};

pub const JS_SM_02: Rule = Rule {
    code: "JS-SM-02",
    family: Family::Narrative,
    severity: Severity::Error,
    title: "情况说明：总计与合计用词",
    what: "情况说明写“收入总计 / 支出总计 / 财政拨款收入总计 / 财政拨款支出总计 X 万元”时，X 应为公开01 或公开04 的总计（含年初结转和结余、年末结转和结余）；X 恰为本年收入合计或本年支出合计时，是把“合计”写成了“总计”。",
    why: "总计与本年合计相差结转结余，混用会让读者把本年收入当成全部可用资金；这是决算公开说明最常见的用词错误。",
    example: "“2020年度收入总计2217.42万元”，公开01 收入总计 3,210.99（表1!C34），2,217.42 是本年收入合计（表1!C30）→ 错误：应写“本年收入合计”。",
    check: Check::Narrative(check),
};

fn check(n: &Narrative, cx: &mut Cx) {
    for (para, pieces) in n.pieces() {
        for s in stated(&pieces) {
            let Subject::Term(t) = s.subject else {
                continue;
            };
            let Some(sibling) = t.sibling.and_then(term) else {
                continue;
            };
            let subject = format!("第{}段 {}{}", para.number, t.text, s.token.raw);
            let (Some(grand), Some(total)) =
                (t.figure(&n.publication), sibling.figure(&n.publication))
            else {
                cx.prose_record(
                    &JS_SM_02,
                    subject,
                    Outcome::InsufficientData,
                    para.number,
                    format!("表中未找到“{}”或“{}”", t.text, sibling.text),
                );
                continue;
            };
            if same_amount(&s.token, grand.value) || !same_amount(&s.token, total.value) {
                // Right, or wrong in another way (JS-SM-01 reports that).
                cx.prose_record(&JS_SM_02, subject, Outcome::Pass, para.number, "");
                continue;
            }
            let flag = Flag::prose(
                &JS_SM_02,
                para.number,
                clause_quote(pieces[s.piece], s.token.start, s.token.end),
                format!(
                    "用词错误：“{}”为 {}（{}），所述 {} 是{}（{}），应写“{}”",
                    t.text,
                    money(grand.value),
                    place(&grand.at),
                    money(s.token.value),
                    sibling.text,
                    place(&total.at),
                    sibling.text
                ),
            )
            .related([&grand.at, &total.at])
            .expected(contract(grand.value, 2))
            .actual(contract(s.token.value, s.token.decimals));
            cx.flag(subject, flag);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::run_narrative;
    use crate::rules::Severity;

    #[test]
    fn the_grand_total_named_as_such_passes() {
        let r = run_narrative(&super::JS_SM_02, &["2020年度收入总计3210.99万元，支出总计3210.99万元。"]);
        r.assert_passed("JS-SM-02");
    }

    #[test]
    fn the_year_total_called_grand_total_is_an_error() {
        let r = run_narrative(&super::JS_SM_02, &["2020年度收入总计2217.42万元，与上年相比增加676.62万元。"]);
        let f = r.assert_only("JS-SM-02", Severity::Error, "第1段");
        assert!(f.message.contains("所述 2,217.42 是本年收入合计"), "{}", f.message);
        assert_eq!(f.expected.as_deref(), Some("3210.99"));
    }
}
