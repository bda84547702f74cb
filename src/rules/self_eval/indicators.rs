//! Per-indicator checks: score range (ZP-15), quantitative completion
//! (ZP-16/17/18/21), qualitative shortfalls (ZP-19) and missing deviation
//! reasons (ZP-22).

use super::completeness::has_text;
use super::{Ctx, ZP15, ZP16, ZP17, ZP18, ZP19, ZP21, ZP22};
use crate::forms::labels::norm;
use crate::forms::self_eval::target::{completion, parse_quantity, parse_target, Op};
use crate::forms::self_eval::Indicator;
use crate::rules::tolerance::{percent_text, plain, round_half_up};
use crate::rules::Severity;
use rust_decimal::Decimal;

/// What was recomputed for one indicator (for 评分复核).
#[derive(Debug, Clone, Default)]
pub struct Recomputed {
    /// Completion ratio (1 = target met).
    pub ratio: Option<Decimal>,
    /// 分值 × min(ratio, 1).
    pub proportional: Option<Decimal>,
    pub note: String,
}

/// Words in 实际完成值 that say the target was not (fully) met.
const SHORTFALL: &[&str] = &[
    "未开展",
    "未完成",
    "部分完成",
    "有待",
    "未达到",
    "未达成",
    "部分达成",
    "未实现",
    "未落实",
    "尚未",
    "滞后",
    "未启动",
    "未按时",
    "较差",
];

/// Check every indicator; returns what was recomputed, in indicator order.
pub fn check(ctx: &mut Ctx<'_>) -> Vec<Recomputed> {
    let form = ctx.form;
    form.indicators.iter().map(|ind| one(ctx, ind)).collect()
}

fn one(ctx: &mut Ctx<'_>, ind: &Indicator) -> Recomputed {
    let name = ind
        .name
        .text
        .trim()
        .trim_end_matches(['：', ':'])
        .to_string();
    let points = ctx.value(&ind.points);
    let score = ctx.value(&ind.score);
    let mut out = Recomputed::default();
    let subject = format!("“{name}”：0 ≤ 得分 ≤ 分值");
    let (Some(p), Some(s)) = (points, score) else {
        if ind.score.is_empty() && !ind.points.is_empty() {
            let at = ind.score.at.clone();
            ctx.flag(
                &ZP15,
                Severity::Warning,
                &subject,
                &at,
                vec![&ind.points.at],
                format!("指标“{name}”得分未填写"),
                None,
                None,
            );
        } else {
            ctx.audit
                .cannot_check(&ZP15, subject, Some(&ind.score.at), "分值或得分不是数字");
        }
        return out;
    };
    if s > p || s < Decimal::ZERO {
        let at = ind.score.at.clone();
        let msg = if s > p {
            format!(
                "指标“{name}”得分 {} 超过分值 {}（不设加分项）",
                plain(s),
                plain(p)
            )
        } else {
            format!("指标“{name}”得分 {} 为负数", plain(s))
        };
        ctx.flag(
            &ZP15,
            Severity::Error,
            &subject,
            &at,
            vec![&ind.points.at],
            msg,
            Some(format!("0–{}", plain(p))),
            Some(plain(s)),
        );
    } else {
        ctx.audit.pass(&ZP15, subject, Some(&ind.score.at));
    }
    let explained = has_text(&ind.reason);
    let mut deduction_reported = false;
    if let Some(q) = quantitative(ctx, ind, &name, p, s, explained) {
        deduction_reported = q.1;
        out = q.0;
    } else {
        qualitative(ctx, ind, &name, p, s);
    }
    let subject = format!("“{name}”：扣分有偏差原因");
    if s < p && !explained && !deduction_reported {
        let at = ind.reason.as_ref().map_or(&ind.score.at, |r| &r.at).clone();
        ctx.flag(
            &ZP22,
            Severity::Warning,
            &subject,
            &at,
            vec![&ind.score.at],
            format!(
                "指标“{name}”得分 {}（分值 {}）低于满分，但未填写偏差原因分析及改进措施",
                plain(s),
                plain(p)
            ),
            None,
            None,
        );
    } else if s < p {
        ctx.audit
            .pass(&ZP22, subject, ind.reason.as_ref().map(|r| &r.at));
    }
    out
}

/// Quantitative checks; None when the indicator is not quantitative. The
/// flag says whether a missing deviation reason was already reported.
fn quantitative(
    ctx: &mut Ctx<'_>,
    ind: &Indicator,
    name: &str,
    p: Decimal,
    s: Decimal,
    explained: bool,
) -> Option<(Recomputed, bool)> {
    let target_cell = ind.target.as_ref()?;
    let actual_cell = ind.actual.as_ref()?;
    let target = parse_target(&target_cell.text, &ind.name.text)?;
    let actual = parse_quantity(&actual_cell.text)?;
    let mut out = Recomputed::default();
    let related = vec![&target_cell.at, &actual_cell.at];
    let unit_subject = format!("“{name}”：指标值与完成值单位一致");
    let Some(ratio) = completion(&target, &actual) else {
        ctx.flag(
            &ZP21,
            Severity::Warning,
            &unit_subject,
            &actual_cell.at,
            related,
            format!(
                "指标“{name}”的指标值“{}”与完成值“{}”单位不一致，无法计算完成比例",
                target_cell.text.trim(),
                actual_cell.text.trim()
            ),
            None,
            None,
        );
        out.note = "单位不一致，无法计算".into();
        return Some((out, false));
    };
    ctx.audit.pass(&ZP21, unit_subject, Some(&actual_cell.at));
    for (what, cell, q) in [
        ("指标值", target_cell, &target.quantity),
        ("完成值", actual_cell, &actual),
    ] {
        if q.unit == "%" && q.value > Decimal::ONE && norm(name).contains('率') {
            ctx.flag(
                &ZP21,
                Severity::Warning,
                &format!("“{name}”：百分比不超过 100%"),
                &cell.at,
                vec![],
                format!("指标“{name}”的{what} {} 超过 100%", cell.text.trim()),
                None,
                Some(cell.text.trim().to_string()),
            );
        }
    }
    let proportional = p * ratio.min(Decimal::ONE);
    out.ratio = Some(ratio);
    out.proportional = Some(proportional);
    let decimals = ind.score.decimals().max(2);
    let shown = plain(round_half_up(proportional, decimals));
    let ratio_text = percent_text(ratio, 2);
    let mut deduction_reported = false;
    if ratio >= Decimal::ONE {
        let subject = format!("“{name}”：已完成的指标记满分");
        if s < p {
            let sev = if explained {
                Severity::Info
            } else {
                Severity::Warning
            };
            let why = if explained {
                ""
            } else {
                "，且未填写偏差原因"
            };
            let at = ind.score.at.clone();
            ctx.flag(&ZP16, sev, &subject, &at, related.clone(), format!("指标“{name}”完成值 {} 已达到指标值 {}（完成 {ratio_text}），得分 {} 低于分值 {}{why}", actual_cell.text.trim(), target_cell.text.trim(), plain(s), plain(p)), Some(plain(p)), Some(plain(s)));
            deduction_reported = !explained;
            out.note = format!("已完成，扣 {} 分", plain(p - s));
        } else {
            ctx.audit.pass(&ZP16, subject, Some(&ind.score.at));
        }
    } else {
        let subject = format!("“{name}”：得分不高于按完成比例应得分");
        if s > round_half_up(proportional, decimals) {
            let formula = match target.op {
                Op::AtMost => "分值 × 指标值 ÷ 完成值",
                _ => "分值 × 完成值 ÷ 指标值",
            };
            let at = ind.score.at.clone();
            ctx.flag(&ZP17, Severity::Warning, &subject, &at, related.clone(), format!("指标“{name}”未完成（完成 {ratio_text}），按 {formula} 应得 {shown} 分，填报 {} 分", plain(s)), Some(shown.clone()), Some(plain(s)));
        } else {
            ctx.audit.pass(&ZP17, subject, Some(&ind.score.at));
        }
        out.note = format!("未完成，按比例应得 {shown} 分");
    }
    let over = ctx.opts.scheme.over_achievement_ratio;
    let subject = format!("“{name}”：完成值未远超指标值");
    if ratio >= over && !target.quantity.value.is_zero() {
        let at = actual_cell.at.clone();
        ctx.flag(&ZP18, Severity::Info, &subject, &at, vec![&target_cell.at], format!("指标“{name}”完成 {ratio_text}（指标值 {}，完成值 {}），达到 {} 以上，目标可能设定偏低", target_cell.text.trim(), actual_cell.text.trim(), percent_text(over, 0)), None, Some(ratio_text.clone()));
        out.note = format!("超额完成 {ratio_text}");
    } else {
        ctx.audit.pass(&ZP18, subject, Some(&actual_cell.at));
    }
    Some((out, deduction_reported))
}

/// Qualitative checks: shortfall words with full marks, and the scheme's
/// three-phrase bands (national 80/60; some provinces 80/50).
fn qualitative(ctx: &mut Ctx<'_>, ind: &Indicator, name: &str, p: Decimal, s: Decimal) {
    let Some(actual) = &ind.actual else { return };
    let text = norm(&actual.text);
    if text.is_empty() {
        return;
    }
    let subject = format!("“{name}”：定性完成情况与得分一致");
    let band = ctx
        .opts
        .scheme
        .qualitative_band(&text)
        .map(|b| (b.min, b.max, b.phrase.clone()));
    if let Some((lo, hi, phrase)) = band {
        let ratio = if p.is_zero() { Decimal::ONE } else { s / p };
        let inside = ratio >= lo && (ratio < hi || (hi == Decimal::ONE && ratio <= hi));
        if inside {
            ctx.audit.pass(&ZP19, subject, Some(&ind.score.at));
        } else {
            let at = ind.score.at.clone();
            let range = format!(
                "{}–{}",
                plain(round_half_up(p * lo, 2)),
                plain(round_half_up(p * hi, 2))
            );
            ctx.flag(
                &ZP19,
                Severity::Error,
                &subject,
                &at,
                vec![&actual.at],
                format!(
                    "指标“{name}”完成情况为“{phrase}”，得分率应在 {}–{} 之间，实际 {} / {}",
                    percent_text(lo, 0),
                    percent_text(hi, 0),
                    plain(s),
                    plain(p)
                ),
                Some(range),
                Some(plain(s)),
            );
        }
        return;
    }
    match SHORTFALL.iter().find(|w| text.contains(*w)) {
        Some(word) if s >= p && !p.is_zero() => {
            let at = ind.score.at.clone();
            ctx.flag(
                &ZP19,
                Severity::Warning,
                &subject,
                &at,
                vec![&actual.at],
                format!(
                    "指标“{name}”实际完成值为“{}”（含“{word}”），却得满分 {}/{}",
                    actual.text.trim(),
                    plain(s),
                    plain(p)
                ),
                Some(format!("低于 {}", plain(p))),
                Some(plain(s)),
            );
        }
        _ => ctx.audit.pass(&ZP19, subject, Some(&ind.score.at)),
    }
}
