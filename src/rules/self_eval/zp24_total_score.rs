//! ZP-24: 总分 = Σ 三级指标得分 (+ 预算执行率得分 under the convention).

use super::{Convention, Facts};
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, plain};
use crate::rules::identity::{Agreement, Sum, Term};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};

pub const ZP_24: Rule = Rule {
    code: "ZP-24",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "总分与各项得分合计不符",
    what: "总分（自评得分）= 各三级指标得分之和 + 预算执行率得分（全国、天津口径）。总分只等于指标得分之和时（益阳口径，预算执行率不计入）记为口径警告。两种口径都对不上为错误；总分未填为警告。",
    why: "总分决定评价等级，是自评结果的核心数字。",
    example: "各项得分 87 + 预算执行率得分 10 = 97，填报 96 → 错误：应为 97。",
    check: Check::SelfEvaluation(check),
};

const SUBJECT: &str = "总分 = 各项得分之和";

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let Some(row) = &form.total else {
        cx.cannot_check(&ZP_24, SUBJECT, None, "表中没有总分行");
        return;
    };
    let t = &facts.total;
    let computed = match &t.computed {
        Ok(c) => *c,
        Err(why) => {
            let at = row.score.as_ref().map_or(&row.label.at, |s| &s.at);
            cx.cannot_check(&ZP_24, SUBJECT, Some(at), format!("无法复核总分：{why}"));
            return;
        }
    };
    let Some(cell) = row.score.as_ref().filter(|c| !c.is_empty()) else {
        let at = row.points.as_ref().map_or(&row.label.at, |p| &p.at);
        cx.flag(
            SUBJECT,
            Flag::new(
                &ZP_24,
                at,
                format!("总分（自评得分）未填写；按各项得分合计应为 {}", plain(computed)),
            )
            .expected(contract(computed, t.decimals))
            .adjust(Adjust::Unfilled),
        );
        return;
    };
    let Ok(scores) = &t.indicator_scores else {
        return; // `computed` is Ok only when the scores add up
    };
    let fund = t.fund_score.filter(|_| t.convention == Convention::FundIncluded);
    let mut terms = vec![Term::subtotal(
        "三级指标得分合计",
        *scores,
        t.addends - 1,
        t.decimals,
    )];
    if let Some(f) = fund {
        terms.push(Term::subtotal("预算执行率得分", f, 1, t.decimals));
    }
    let sum = Sum::plain(
        &ZP_24,
        SUBJECT,
        "总分与各项得分合计不符",
        cell,
        terms,
        cx.tolerance(),
    );
    let e = match sum.eval() {
        Ok(e) => e,
        Err(why) => {
            sum.unreadable(cx, why);
            return;
        }
    };
    let related: Vec<_> = form.indicators.iter().map(|i| &i.score.at).collect();
    match e.agreement() {
        // The declared 总分 follows the convention the points imply.
        Agreement::Agrees if t.convention == structure_or_scheme(facts, cx) => {
            cx.pass_noted(&ZP_24, SUBJECT, Some(&cell.at), t.convention.describe())
        }
        // It follows the other convention consistently: one warning.
        Agreement::Agrees => cx.flag(
            SUBJECT,
            Flag::new(
                &ZP_24,
                &cell.at,
                format!(
                    "本表{}，与分值结构不一致：总分 {}，指标得分 {}，预算执行率得分 {}",
                    t.convention.describe(),
                    plain(e.printed),
                    plain(*scores),
                    t.fund_score.map(plain).unwrap_or_else(|| "—".into())
                ),
            )
            .related(related)
            .expected(contract(e.computed, e.decimals))
            .actual(contract(e.printed, e.decimals))
            .adjust(Adjust::Convention),
        ),
        Agreement::Rounding | Agreement::Disagrees => {
            let mut flag = Flag::new(&ZP_24, &cell.at, sum.message(&e, ""))
                .related(related)
                .expected(contract(e.computed, e.decimals))
                .actual(contract(e.printed, e.decimals));
            if e.agreement() == Agreement::Rounding {
                flag = flag.adjust(Adjust::Rounding);
            }
            cx.flag(SUBJECT, flag);
        }
        Agreement::Unreadable => {}
    }
}

/// The convention 总分 should follow: the points', else the scheme's.
fn structure_or_scheme(facts: &Facts, cx: &Cx) -> Convention {
    facts
        .structure
        .unwrap_or_else(|| Convention::of_scheme(&cx.ctx))
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn a_total_adding_up_passes() {
        run_self_eval(&super::ZP_24, &national()).assert_passed("ZP-24");
    }

    #[test]
    fn a_wrong_total_is_an_error() {
        let r = run_self_eval(&super::ZP_24, &national().set("H17", "98"));
        let f = r.assert_only("ZP-24", Severity::Error, "H17");
        assert_eq!(f.expected.as_deref(), Some("99"));
        assert_eq!(f.actual.as_deref(), Some("98"));
    }

    #[test]
    fn a_total_leaving_out_the_fund_score_is_a_convention_warning() {
        let r = run_self_eval(&super::ZP_24, &national().set("H17", "90"));
        r.assert_only("ZP-24", Severity::Warning, "H17");
    }

    #[test]
    fn a_blank_total_is_a_warning() {
        let r = run_self_eval(&super::ZP_24, &national().clear("H17"));
        r.assert_only("ZP-24", Severity::Warning, "G17");
    }

    #[test]
    fn an_unreadable_score_makes_the_total_not_checked() {
        let r = run_self_eval(&super::ZP_24, &national().set("H13", "十五"));
        r.assert_clean();
        r.assert_not_checked("ZP-24");
    }

    #[test]
    fn a_total_is_not_recomputed_without_the_fund_rows() {
        // The fund block's rows are unlabelled: its score is unknown, so
        // Σ 指标得分 alone is no 总分.
        let book = national()
            .set("B5", "0")
            .set("B6", "11")
            .set("B7", "22")
            .set("B8", "33")
            .set("H17", "50");
        run_self_eval(&super::ZP_24, &book).assert_not_checked("ZP-24");
    }
}
