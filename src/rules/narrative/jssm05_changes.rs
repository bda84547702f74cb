//! JS-SM-05: 增加/减少 D 万元，增长/降低 Y% agrees with the amount it is
//! said of: Y = D ÷ (N ∓ D).

use super::{pct2, pct_plain, printed_ratio, quote, wan};
use crate::forms::narrative::bind::{subject, Subject};
use crate::forms::narrative::text::{tokens, Token, Unit};
use crate::forms::narrative::Narrative;
use crate::rules::{Check, Cx, Family, Flag, Outcome, Rule, Severity};
use rust_decimal::Decimal;

pub const JS_SM_05: Rule = Rule {
    code: "JS-SM-05",
    family: Family::Narrative,
    severity: Severity::Error,
    title: "情况说明：同比增减额与增减率一致",
    what: "“N 万元，与上年相比（比上年）增加/减少 D 万元，增长/降低 Y%”中，上年数为 N − D（增加）或 N + D（减少），Y 应为 D ÷ 上年数，按 Y 的小数位四舍五入（容许所述金额本身的舍入）；“增加”配“降低”之类方向相反也报错。表中没有上年数，本规则只核对文字自身是否自洽；同一句中找不到本年数时记为“无法校验”。",
    why: "增减率由增减额和上年数算出，二者不一致说明其中一个写错，读者无法判断真实变化。",
    example: "“机关运行经费支出46.88万元，比上年决算数增加6.88万元，增长18%”，6.88 ÷ (46.88 − 6.88) = 17.20% → 错误：应为 17%。",
    check: Check::Narrative(check),
};

const UP: [&str; 2] = ["增长", "增加"];
const DOWN: [&str; 3] = ["降低", "减少", "下降"];

fn change_word(piece: &str, t: &Token) -> Option<&'static str> {
    let Subject::Other(words) = subject(&piece[..t.start]) else {
        return None;
    };
    ["增加", "减少"].into_iter().find(|w| words.ends_with(w))
}

fn check(n: &Narrative, cx: &mut Cx) {
    for (para, pieces) in n.pieces() {
        for piece in &pieces {
            let toks = tokens(piece);
            for k in 1..toks.len() {
                let (d, y) = (&toks[k - 1], &toks[k]);
                if d.unit != Unit::Wan || y.unit != Unit::Percent {
                    continue;
                }
                let Some(dir) = change_word(piece, d) else {
                    continue;
                };
                let lead = piece[d.end..y.start].trim_start_matches(['，', ',', ' ']);
                let Some(rate_word) = UP.iter().chain(&DOWN).find(|w| lead.starts_with(**w)) else {
                    continue;
                };
                let subject_text = format!("第{}段 {dir}{}，{rate_word}{}", para.number, d.raw, y.raw);
                let q = quote(piece);
                let up = dir == "增加";
                if up != UP.contains(rate_word) {
                    let flag = Flag::prose(
                        &JS_SM_05,
                        para.number,
                        q,
                        format!("增减方向矛盾：前写“{dir}{}”，后写“{rate_word}{}”", d.raw, y.raw),
                    );
                    cx.flag(subject_text, flag);
                    continue;
                }
                let now = toks[..k - 1].iter().rev().find(|t| t.unit == Unit::Wan && change_word(piece, t).is_none());
                let Some(now) = now.filter(|t| piece[t.end..d.start].contains("上年")) else {
                    cx.prose_record(&JS_SM_05, subject_text, Outcome::InsufficientData, para.number, "同一句中没有写明本年数（或未说明与上年比较）");
                    continue;
                };
                let base_value = if up { now.value - d.value } else { now.value + d.value };
                if base_value <= Decimal::ZERO {
                    cx.prose_record(&JS_SM_05, subject_text, Outcome::InsufficientData, para.number, "推算的上年数不大于 0");
                    continue;
                }
                let base = Token {
                    value: base_value,
                    decimals: now.decimals.max(d.decimals),
                    unit: Unit::Wan,
                    raw: String::new(),
                    start: 0,
                    end: 0,
                };
                let Some(r) = printed_ratio(d, &base, y) else {
                    cx.prose_record(&JS_SM_05, subject_text, Outcome::InsufficientData, para.number, "数字超出可精确计算的范围");
                    continue;
                };
                if r.fits {
                    cx.prose_record(&JS_SM_05, subject_text, Outcome::Pass, para.number, "");
                    continue;
                }
                let sign = if up { "−" } else { "+" };
                let flag = Flag::prose(
                    &JS_SM_05,
                    para.number,
                    q,
                    format!(
                        "{rate_word}率与{dir}额不符：{} ÷ ({} {sign} {}) = {}，应为 {}%，文中写 {}",
                        wan(d),
                        wan(now),
                        wan(d),
                        pct2(r.exact),
                        pct_plain(r.rounded, y.decimals),
                        y.raw
                    ),
                )
                .expected(pct_plain(r.rounded, y.decimals))
                .actual(pct_plain(y.value, y.decimals));
                cx.flag(subject_text, flag);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::run_narrative;
    use crate::rules::Severity;

    #[test]
    fn consistent_changes_pass() {
        let r = run_narrative(
            &super::JS_SM_05,
            &["2020年度收入总计2217.42万元，与上年相比，增加676.62万元，增长44%；支出总计2696.91万元，与上年相比，减少809.63万元，降低23%。"],
        );
        r.assert_passed("JS-SM-05");
    }

    #[test]
    fn a_rate_that_does_not_fit_the_change_is_an_error() {
        let r = run_narrative(
            &super::JS_SM_05,
            &["本部门2020年度机关运行经费支出46.88万元，比上年决算数增加6.88万元，增长18%，主要是因为公务用车运行费增加。"],
        );
        let f = r.assert_only("JS-SM-05", Severity::Error, "第1段");
        assert!(f.message.contains("6.88 ÷ (46.88 − 6.88) = 17.20%，应为 17%"), "{}", f.message);
    }

    #[test]
    fn a_change_without_the_current_amount_is_not_checked() {
        let r = run_narrative(&super::JS_SM_05, &["与上年相比减少1.36万元，减少25%。"]);
        r.assert_not_checked("JS-SM-05");
    }
}
