//! JS-SM-03: a share (占…%) is the stated part over the whole the sentence
//! names, at the printed precision.

use super::{clause_quote, pct2, pct_plain, place, printed_ratio, wan};
use crate::forms::narrative::bind::{head, stated, term, Stated, Subject};
use crate::forms::narrative::text::{tokens, Token, Unit};
use crate::forms::narrative::Narrative;
use crate::rules::{Adjust, Check, Cx, Family, Flag, Outcome, Rule, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

pub const JS_SM_03: Rule = Rule {
    code: "JS-SM-03",
    family: Family::Narrative,
    severity: Severity::Error,
    title: "情况说明：占比与所述金额一致",
    what: "“A 万元，占 P%”按句中写明的分母重算：“占基本支出的 P%”用同段所述的基本支出（段中未写则用表中的数）；只写“占 P%”时分母是本段开头的总数（“本年收入合计……其中”“财政拨款支出……主要用于”）。按 P 的小数位四舍五入比较，并容许所述金额本身的舍入。不足 1% 的占比写作 1% 为警告；分母不明或为 0 记为“无法校验”。",
    why: "占比是读者理解结构的主要依据；分项占比与金额对不上，说明数字抄错或分母用错。",
    example: "“文化旅游体育与传媒（类）支出909.88万元，占32%”，909.88 ÷ 2,666.26 = 34.13% → 错误：应为 34%。",
    check: Check::Narrative(check),
};

/// The whole a share is taken of.
struct Whole {
    token: Token,
    from: Option<CellRef>,
    name: String,
}

fn check(n: &Narrative, cx: &mut Cx) {
    for (para, pieces) in n.pieces() {
        let all = stated(&pieces);
        for piece in &pieces {
            let toks = tokens(piece);
            for (k, p) in toks.iter().enumerate() {
                if p.unit != Unit::Percent {
                    continue;
                }
                let prev_end = if k == 0 { 0 } else { toks[k - 1].end };
                let between = &piece[prev_end..p.start];
                let Some(at) = between.rfind('占') else {
                    continue;
                };
                let named = between[at + '占'.len_utf8()..]
                    .trim()
                    .trim_end_matches('的')
                    .trim()
                    .to_string();
                let subject = format!("第{}段 占{named}{}", para.number, p.raw);
                let part = toks[..k].iter().rev().find(|t| t.unit == Unit::Wan);
                let Some(part) = part.filter(|t| t.end <= prev_end) else {
                    cx.prose_record(&JS_SM_03, subject, Outcome::InsufficientData, para.number, "句中没有所占的金额");
                    continue;
                };
                let whole = if named.is_empty() {
                    head_whole(&all, part)
                } else {
                    named_whole(n, &all, &named, part)
                };
                let Some(whole) = whole else {
                    cx.prose_record(
                        &JS_SM_03,
                        subject,
                        Outcome::InsufficientData,
                        para.number,
                        if named.is_empty() {
                            "未写明分母，本段开头也没有可作分母的总数".to_string()
                        } else {
                            format!("找不到“{named}”的金额")
                        },
                    );
                    continue;
                };
                if whole.token.value <= Decimal::ZERO {
                    cx.prose_record(&JS_SM_03, subject, Outcome::InsufficientData, para.number, format!("分母{}为 0", whole.name));
                    continue;
                }
                let Some(r) = printed_ratio(part, &whole.token, p) else {
                    cx.prose_record(&JS_SM_03, subject, Outcome::InsufficientData, para.number, "数字超出可精确计算的范围");
                    continue;
                };
                if r.fits {
                    cx.prose_record(&JS_SM_03, subject, Outcome::Pass, para.number, "");
                    continue;
                }
                let small = p.value == Decimal::ONE && p.decimals == 0 && r.exact < Decimal::ONE;
                let source = whole
                    .from
                    .as_ref()
                    .map(|at| format!("（{}）", place(at)))
                    .unwrap_or_default();
                let message = format!(
                    "占比不符：{} ÷ {}{}{} = {}，应为 {}%，文中写 {}{}",
                    wan(part),
                    if whole.name.is_empty() { String::new() } else { format!("{} ", whole.name) },
                    wan(&whole.token),
                    source,
                    pct2(r.exact),
                    pct_plain(r.rounded, p.decimals),
                    p.raw,
                    if small { "（不足 1% 的占比写作 1%）" } else { "" }
                );
                let q = clause_quote(piece, part.start, p.end);
                let mut flag = Flag::prose(&JS_SM_03, para.number, q, message)
                    .related(whole.from.iter())
                    .expected(pct_plain(r.rounded, p.decimals))
                    .actual(pct_plain(p.value, p.decimals));
                if small {
                    flag = flag.adjust(Adjust::Convention);
                }
                cx.flag(subject, flag);
            }
        }
    }
}

/// A bare 占 P%: the paragraph's opening total, when the text right after
/// it opens a breakdown (其中 / 主要用于).
fn head_whole(all: &[Stated], part: &Token) -> Option<Whole> {
    let first = all.first()?;
    if first.token == *part {
        return None;
    }
    head(all)?;
    Some(Whole {
        token: first.token.clone(),
        from: None,
        name: match &first.subject {
            Subject::Term(t) => t.text.to_string(),
            _ => String::new(),
        },
    })
    .filter(|_| opens_breakdown(all))
}

/// The opening total is followed by 其中 / 主要用于 in its piece.
fn opens_breakdown(all: &[Stated]) -> bool {
    all.first().is_some_and(|s| s.breakdown)
}

/// 占 D 的 P%: D as stated in the paragraph, else the table's D.
fn named_whole(n: &Narrative, all: &[Stated], named: &str, part: &Token) -> Option<Whole> {
    let stated_whole = all.iter().find(|s| {
        s.token != *part
            && match &s.subject {
                Subject::Term(t) => t.text.ends_with(named),
                Subject::Other(w) => w.ends_with(named),
                Subject::Class(_) => false,
            }
    });
    if let Some(s) = stated_whole {
        return Some(Whole {
            token: s.token.clone(),
            from: None,
            name: named.to_string(),
        });
    }
    let f = term(named)?.figure(&n.publication)?;
    Some(Whole {
        token: Token {
            value: f.value,
            decimals: 2,
            unit: Unit::Wan,
            raw: String::new(),
            start: 0,
            end: 0,
        },
        from: Some(f.at),
        name: named.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::run_narrative;
    use crate::rules::Severity;

    #[test]
    fn shares_of_the_opening_total_and_of_a_named_whole_pass() {
        let r = run_narrative(
            &super::JS_SM_03,
            &[
                "本年支出合计2696.91万元，其中：基本支出186.29万元，占7%；项目支出2510.63万元，占93%。",
                "2020年度财政拨款支出2666.26万元，占本年支出合计的99%。",
            ],
        );
        r.assert_passed("JS-SM-03");
    }

    #[test]
    fn a_wrong_share_is_an_error_with_the_recomputation() {
        let r = run_narrative(
            &super::JS_SM_03,
            &["2020年度财政拨款支出2666.26万元，主要用于以下方面：一般公共服务（类）支出1732.98万元，占65%；文化旅游体育与传媒（类）支出909.88万元，占32%。"],
        );
        let f = r.assert_only("JS-SM-03", Severity::Error, "第1段");
        assert!(f.message.contains("909.88 ÷ 财政拨款支出 2,666.26 = 34.13%，应为 34%"), "{}", f.message);
        assert_eq!(f.quote.as_deref(), Some("文化旅游体育与传媒（类）支出909.88万元，占32%"));
    }

    #[test]
    fn a_small_share_shown_as_one_percent_is_a_warning() {
        let r = run_narrative(
            &super::JS_SM_03,
            &["2020年度财政拨款支出2666.26万元，主要用于以下方面：社会保障和就业（类）支出8.96万元，占1%。"],
        );
        r.assert_only("JS-SM-03", Severity::Warning, "第1段");
    }

    #[test]
    fn a_share_without_a_whole_is_not_checked() {
        let r = run_narrative(&super::JS_SM_03, &["公务接待费支出决算0万元，占0%，公务用车购置费及运行维护费支出决算4.06万元，占100%。"]);
        r.assert_not_checked("JS-SM-03");
    }
}
