//! ZP-19: a qualitative indicator's wording and its score agree.

use super::{Completion, Facts};
use crate::forms::labels::norm;
use crate::forms::self_eval::SelfEvalForm;
use crate::rules::format::{contract, percent, plain, round_half_up};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use rust_decimal::Decimal;

pub const ZP_19: Rule = Rule {
    code: "ZP-19",
    family: Family::SelfEvaluation,
    severity: Severity::Warning,
    title: "定性指标完成情况与得分不符",
    what: "实际完成值写明未完成（未开展、未完成、部分完成、有待…、未达到…）却得满分时警告；使用“达成预期指标/部分达成…/未达成…”时，得分率应分别在 [80%,100%]、[60%,80%)、[0,60%) 内（不符为错误）。",
    why: "定性指标按完成程度分档记分，写明未完成却给满分自相矛盾。",
    example: "满意度指标实际完成值“未开展”，得 10/10 分 → 警告。",
    check: Check::SelfEvaluation(check),
};

/// Words in 实际完成值 that say the target was not (fully) met.
const SHORTFALL: &[&str] = &[
    "未开展", "未完成", "部分完成", "有待", "未达到", "未达成", "部分达成", "未实现", "未落实",
    "尚未", "滞后", "未启动", "未按时", "较差",
];

fn check(form: &SelfEvalForm, facts: &Facts, cx: &mut Cx) {
    let before = cx.checks().len();
    for (ind, f) in form.indicators.iter().zip(&facts.indicators) {
        if f.completion != Completion::NotQuantitative {
            continue;
        }
        let Some(actual) = &ind.actual else { continue };
        let text = norm(&actual.text);
        if text.is_empty() {
            continue;
        }
        let name = &f.name;
        let subject = format!("“{name}”：定性完成情况与得分一致");
        let (Some(p), Some(s)) = (f.points, f.score) else {
            cx.cannot_check(&ZP_19, subject, Some(&ind.score.at), "分值或得分未填写或不是数字");
            continue;
        };
        if let Some(band) = cx.scheme().qualitative_band(&text) {
            let ratio = if p.is_zero() { Decimal::ONE } else { s / p };
            let inside = ratio >= band.min
                && (ratio < band.max || (band.max == Decimal::ONE && ratio <= band.max));
            if inside {
                cx.pass(&ZP_19, subject, Some(&ind.score.at));
                continue;
            }
            let range = format!(
                "{}–{}",
                plain(round_half_up(p * band.min, 2)),
                plain(round_half_up(p * band.max, 2))
            );
            cx.flag(
                subject,
                Flag::new(
                    &ZP_19,
                    &ind.score.at,
                    format!(
                        "指标“{name}”完成情况为“{}”，得分率应在 {}–{} 之间，实际 {} / {}",
                        band.phrase,
                        percent(band.min, 0),
                        percent(band.max, 0),
                        plain(s),
                        plain(p)
                    ),
                )
                .related([&actual.at])
                .expected(range)
                .actual(contract(s, ind.score.decimals()))
                .adjust(Adjust::Contradiction),
            );
            continue;
        }
        match SHORTFALL.iter().find(|w| text.contains(*w)) {
            Some(word) if s >= p && !p.is_zero() => cx.flag(
                subject,
                Flag::new(
                    &ZP_19,
                    &ind.score.at,
                    format!(
                        "指标“{name}”实际完成值为“{}”（含“{word}”），却得满分 {}/{}",
                        actual.text.trim(),
                        plain(s),
                        plain(p)
                    ),
                )
                .related([&actual.at])
                .expected(format!("低于 {}", plain(p)))
                .actual(contract(s, ind.score.decimals())),
            ),
            _ => cx.pass(&ZP_19, subject, Some(&ind.score.at)),
        }
    }
    if cx.checks().len() == before {
        cx.not_applicable(&ZP_19, "定性指标完成情况与得分一致", "没有填写完成情况的定性指标");
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn wording_matching_the_score_passes() {
        run_self_eval(&super::ZP_19, &national()).assert_passed("ZP-19");
    }

    #[test]
    fn full_marks_for_work_not_done_are_a_warning() {
        let r = run_self_eval(&super::ZP_19, &national().set("F15", "未开展"));
        r.assert_only("ZP-19", Severity::Warning, "H15");
    }

    #[test]
    fn a_score_outside_the_phrase_band_is_an_error() {
        let book = national().set("F15", "部分达成预期指标");
        let r = run_self_eval(&super::ZP_19, &book);
        r.assert_only("ZP-19", Severity::Error, "H15");
    }
}
