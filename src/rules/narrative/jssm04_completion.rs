//! JS-SM-04: 完成（年初）预算的 X% is 决算 ÷ 预算, and the 大于/小于/持平
//! wording after it agrees.

use super::{pct2, pct_plain, printed_ratio, quote, wan};
use crate::forms::narrative::bind::subject;
use crate::forms::narrative::text::{tokens, Token, Unit};
use crate::forms::narrative::Narrative;
use crate::rules::{Check, Cx, Family, Flag, Outcome, Rule, Severity};
use rust_decimal::Decimal;

pub const JS_SM_04: Rule = Rule {
    code: "JS-SM-04",
    family: Family::Narrative,
    severity: Severity::Error,
    title: "情况说明：预算完成率与所述金额一致",
    what: "“（年初）预算为 A 万元，（支出）决算为 B 万元，完成（年初）预算的 X%”中，X 应为 B ÷ A 按 X 的小数位四舍五入（容许 A、B 本身的舍入）；其后“决算数大于/小于/与预算数持平”应与 B、A 的大小一致。同一句中找不到预算数或决算数时记为“无法校验”；预算为 0 时完成率不适用。",
    why: "完成率是公开说明逐项解释预决算差异的依据，写错的完成率会让差异说明失去意义。",
    example: "“年初预算为481.78万元，支出决算为377.27万元，完成年初预算的79%”，377.27 ÷ 481.78 = 78.31% → 错误：应为 78%。",
    check: Check::Narrative(check),
};

/// The last amount before `end` whose words end with one of `names`.
fn named_before<'t>(piece: &str, toks: &'t [Token], end: usize, names: &[&str]) -> Option<&'t Token> {
    toks.iter().rev().filter(|t| t.unit == Unit::Wan && t.end <= end).find(|t| {
        let words = match subject(&piece[..t.start]) {
            crate::forms::narrative::bind::Subject::Other(w) => w,
            _ => return false,
        };
        names.iter().any(|n| words.ends_with(n))
    })
}

fn check(n: &Narrative, cx: &mut Cx) {
    for (para, pieces) in n.pieces() {
        for piece in &pieces {
            let toks = tokens(piece);
            for (k, p) in toks.iter().enumerate() {
                let prev_end = if k == 0 { 0 } else { toks[k - 1].end };
                let lead = piece[prev_end..p.start].trim_start_matches(['，', ',']);
                if p.unit != Unit::Percent || !lead.starts_with("完成") || !lead.contains("预算") {
                    continue;
                }
                let subject_text = format!("第{}段 完成预算的{}", para.number, p.raw);
                let budget = named_before(piece, &toks, p.start, &["预算", "预算数"]);
                let actual = named_before(piece, &toks, p.start, &["决算", "决算数"]);
                let (Some(budget), Some(actual)) = (budget, actual) else {
                    cx.prose_record(&JS_SM_04, subject_text, Outcome::InsufficientData, para.number, "同一句中没有写明预算数和决算数");
                    continue;
                };
                let q = quote(piece);
                wording(cx, para.number, &q, piece, p.end, budget, actual);
                if budget.value <= Decimal::ZERO {
                    cx.prose_record(&JS_SM_04, subject_text, Outcome::NotApplicable, para.number, "预算数为 0，完成率不适用");
                    continue;
                }
                let Some(r) = printed_ratio(actual, budget, p) else {
                    cx.prose_record(&JS_SM_04, subject_text, Outcome::InsufficientData, para.number, "数字超出可精确计算的范围");
                    continue;
                };
                if r.fits {
                    cx.prose_record(&JS_SM_04, subject_text, Outcome::Pass, para.number, "");
                    continue;
                }
                let flag = Flag::prose(
                    &JS_SM_04,
                    para.number,
                    q,
                    format!(
                        "完成率不符：{} ÷ {} = {}，应为 {}%，文中写 {}",
                        wan(actual),
                        wan(budget),
                        pct2(r.exact),
                        pct_plain(r.rounded, p.decimals),
                        p.raw
                    ),
                )
                .expected(pct_plain(r.rounded, p.decimals))
                .actual(pct_plain(p.value, p.decimals));
                cx.flag(subject_text, flag);
            }
        }
    }
}

/// 决算数大于/小于/持平 after the rate, against B and A.
fn wording(cx: &mut Cx, number: usize, q: &str, piece: &str, from: usize, budget: &Token, actual: &Token) {
    let after = &piece[from..];
    let said = [("小于", std::cmp::Ordering::Less), ("大于", std::cmp::Ordering::Greater), ("持平", std::cmp::Ordering::Equal)]
        .into_iter()
        .filter_map(|(w, o)| after.find(w).map(|i| (i, w, o)))
        .min_by_key(|x| x.0);
    let Some((_, word, ordering)) = said else {
        return;
    };
    let subject = format!("第{number}段 决算数{word}预算数");
    let is = actual.value.cmp(&budget.value);
    if is == ordering {
        cx.prose_record(&JS_SM_04, subject, Outcome::Pass, number, "");
        return;
    }
    let right = match is {
        std::cmp::Ordering::Less => "小于",
        std::cmp::Ordering::Greater => "大于",
        std::cmp::Ordering::Equal => "持平",
    };
    let flag = Flag::prose(
        &JS_SM_04,
        number,
        q,
        format!(
            "增减表述不符：决算数 {} 与预算数 {} 相比应为“{right}”，文中写“{word}”",
            wan(actual),
            wan(budget)
        ),
    )
    .expected(right)
    .actual(word);
    cx.flag(subject, flag);
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::run_narrative;
    use crate::rules::Severity;

    #[test]
    fn a_rate_that_fits_its_amounts_passes() {
        let r = run_narrative(
            &super::JS_SM_04,
            &["年初预算为918万元，支出决算为917.65万元，完成年初预算的100%，决算数小于年初预算数的主要原因是：已全部支付。"],
        );
        r.assert_passed("JS-SM-04");
    }

    #[test]
    fn a_wrong_rate_is_an_error_with_the_recomputation() {
        let r = run_narrative(
            &super::JS_SM_04,
            &["年初预算为481.78万元，支出决算为377.27万元，完成年初预算的79%，决算数小于年初预算数。"],
        );
        let f = r.assert_only("JS-SM-04", Severity::Error, "第1段");
        assert!(f.message.contains("377.27 ÷ 481.78 = 78.31%，应为 78%"), "{}", f.message);
        assert_eq!((f.expected.as_deref(), f.actual.as_deref()), (Some("78"), Some("79")));
    }

    #[test]
    fn wording_against_the_amounts_is_an_error() {
        let r = run_narrative(
            &super::JS_SM_04,
            &["预算为7万元，支出决算为4.06万元，完成预算的58%，决算数大于预算数。"],
        );
        let f = r.assert_only("JS-SM-04", Severity::Error, "第1段");
        assert_eq!(f.expected.as_deref(), Some("小于"));
    }

    #[test]
    fn a_rate_without_its_budget_is_not_checked() {
        let r = run_narrative(&super::JS_SM_04, &["支出决算为4.06万元，完成预算的58%。"]);
        r.assert_not_checked("JS-SM-04");
    }
}
