//! The report's money: each column's total against its sources (PJ-08),
//! 结余 = 到位 − 支出 (PJ-09), and the 支出明细 against 实际支出 (PJ-10).

use super::{Ctx, PJ08, PJ09, PJ10};
use crate::forms::framework::{Money, MoneyKind, Report, TextCell};
use crate::forms::self_eval::target::parse_quantity;
use crate::rules::tolerance::plain;
use crate::rules::{Gap, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

/// The four totals, as read (万元).
#[derive(Debug, Clone, Default)]
pub struct FundFacts {
    pub planned: Option<Decimal>,
    pub arrived: Option<Decimal>,
    pub spent: Option<Decimal>,
    pub balance: Option<Decimal>,
}

impl FundFacts {
    /// 实际到位 ÷ 计划安排.
    pub fn arrival_rate(&self) -> Option<Decimal> {
        ratio(self.arrived?, self.planned?)
    }

    /// 实际支出 ÷ 实际到位 (执行率).
    pub fn execution_rate(&self) -> Option<Decimal> {
        ratio(self.spent?, self.arrived?)
    }
}

fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    (!b.is_zero()).then(|| a / b)
}

pub fn check(ctx: &mut Ctx<'_>) -> FundFacts {
    let eval = ctx.eval;
    let Some(report) = eval.report.as_ref() else {
        return FundFacts::default();
    };
    ctx.on_report();
    let Some(funds) = report.funds.as_ref() else {
        ctx.audit
            .cannot_check(&PJ08, "资金来源合计", None, "未找到计划安排资金等栏目");
        return FundFacts::default();
    };
    let mut facts = FundFacts::default();
    for m in &funds.columns {
        let v = ctx.value(&m.total);
        match m.kind {
            MoneyKind::Planned => facts.planned = v,
            MoneyKind::Arrived => facts.arrived = v,
            MoneyKind::Spent => facts.spent = v,
            MoneyKind::Balance => facts.balance = v,
        }
        sources(ctx, m);
    }
    balance(ctx, report);
    spending(ctx, report, facts.spent);
    facts
}

/// PJ-08: a column's total = Σ its sources (blank = 0).
fn sources(ctx: &mut Ctx<'_>, m: &Money) {
    let subject = format!("{} = 各来源之和", m.kind.name());
    if m.sources.is_empty() {
        ctx.audit.not_applicable(&PJ08, subject, "没有按来源拆分");
        return;
    }
    let Some(total) = ctx.value_or_zero(&m.total) else {
        return;
    };
    let mut sum = Decimal::ZERO;
    for s in &m.sources {
        match ctx.value_or_zero(&s.amount) {
            Some(v) => sum += v,
            None => {
                ctx.audit
                    .cannot_check(&PJ08, subject, Some(&s.amount.at), "来源金额不是数字");
                return;
            }
        }
    }
    let decimals = m
        .sources
        .iter()
        .map(|s| s.amount.decimals())
        .chain([m.total.decimals()])
        .max()
        .unwrap_or(0);
    let related: Vec<&CellRef> = m.sources.iter().map(|s| &s.amount.at).collect();
    let parts: Vec<String> = m
        .sources
        .iter()
        .filter(|s| !s.amount.is_empty())
        .map(|s| format!("{} {}", s.name, s.amount.raw))
        .collect();
    match ctx.tolerance.compare(total, sum, m.sources.len(), decimals) {
        Gap::Equal => ctx.audit.pass(&PJ08, subject, Some(&m.total.at)),
        Gap::Rounding(g) => ctx.flag(
            &PJ08,
            Severity::Info,
            &subject,
            &m.total.at,
            related,
            format!(
                "{} {} 与各来源合计 {} 相差 {}，属尾数差异",
                m.kind.name(),
                plain(total),
                plain(sum),
                plain(g.abs())
            ),
            Some(sum),
            Some(total),
        ),
        Gap::Beyond(_) => ctx.flag(
            &PJ08,
            Severity::Error,
            &subject,
            &m.total.at,
            related,
            format!(
                "{}填 {}，各来源合计 {}（{}）",
                m.kind.name(),
                plain(total),
                plain(sum),
                if parts.is_empty() {
                    "各来源均未填写".to_string()
                } else {
                    parts.join(" + ")
                }
            ),
            Some(sum),
            Some(total),
        ),
    }
}

/// PJ-09: 结余 = 实际到位 − 实际支出, for the totals and each source.
fn balance(ctx: &mut Ctx<'_>, report: &Report) {
    let Some(funds) = report.funds.as_ref() else {
        return;
    };
    let (Some(arrived), Some(spent), Some(bal)) = (
        funds.get(MoneyKind::Arrived),
        funds.get(MoneyKind::Spent),
        funds.get(MoneyKind::Balance),
    ) else {
        ctx.audit.cannot_check(
            &PJ09,
            "结余 = 实际到位资金 − 实际支出",
            None,
            "缺少实际到位资金、实际支出或结余栏",
        );
        return;
    };
    let mut lines = vec![(
        "合计".to_string(),
        Some(&arrived.total),
        Some(&spent.total),
        Some(&bal.total),
    )];
    for s in &bal.sources {
        lines.push((
            s.name.clone(),
            arrived.source(&s.name).map(|x| &x.amount),
            spent.source(&s.name).map(|x| &x.amount),
            Some(&s.amount),
        ));
    }
    for (name, a, sp, b) in lines {
        let subject = format!("{name}：结余 = 实际到位 − 实际支出");
        let (Some(a), Some(sp), Some(b)) = (a, sp, b) else {
            ctx.audit
                .cannot_check(&PJ09, subject, None, "该来源缺少对应栏目");
            continue;
        };
        if name != "合计" && a.is_empty() && sp.is_empty() && b.is_empty() {
            continue;
        }
        let (Some(av), Some(sv), Some(bv)) = (
            ctx.value_or_zero(a),
            ctx.value_or_zero(sp),
            ctx.value_or_zero(b),
        ) else {
            ctx.audit
                .cannot_check(&PJ09, subject, Some(&b.at), "金额不是数字");
            continue;
        };
        let want = av - sv;
        let decimals = [a, sp, b].iter().map(|x| x.decimals()).max().unwrap_or(0);
        let label = if name == "合计" {
            String::new()
        } else {
            format!("{name}：")
        };
        match ctx.tolerance.compare(bv, want, 2, decimals) {
            Gap::Equal => ctx.audit.pass(&PJ09, subject, Some(&b.at)),
            Gap::Rounding(g) => ctx.flag(
                &PJ09,
                Severity::Info,
                &subject,
                &b.at,
                vec![&a.at, &sp.at],
                format!(
                    "{label}结余 {} 与 {} − {} = {} 相差 {}，属尾数差异",
                    plain(bv),
                    plain(av),
                    plain(sv),
                    plain(want),
                    plain(g.abs())
                ),
                Some(want),
                Some(bv),
            ),
            Gap::Beyond(_) => ctx.flag(
                &PJ09,
                Severity::Error,
                &subject,
                &b.at,
                vec![&a.at, &sp.at],
                format!(
                    "{label}结余填 {}，实际到位 {} − 实际支出 {} = {}",
                    plain(bv),
                    plain(av),
                    plain(sv),
                    plain(want)
                ),
                Some(want),
                Some(bv),
            ),
        }
    }
}

/// "42万元" → 42, "420000元" → 42, "42" → 42 (万元, the report's unit).
pub fn wan(cell: &TextCell) -> Option<Decimal> {
    let q = parse_quantity(&cell.text)?;
    match q.unit.as_str() {
        "" => Some(q.value),
        "元" => Some(q.value / Decimal::from(10_000)),
        _ => None,
    }
}

/// PJ-10: Σ 支出明细 = 支出合计 = 实际支出.
fn spending(ctx: &mut Ctx<'_>, report: &Report, spent: Option<Decimal>) {
    let subject = "支出明细合计 = 支出合计 = 实际支出";
    let Some(sp) = report.spending.as_ref() else {
        ctx.audit.not_applicable(&PJ10, subject, "没有项目支出明细");
        return;
    };
    let mut sum = Decimal::ZERO;
    for line in &sp.lines {
        if line.amount.is_blank() {
            continue;
        }
        match wan(&line.amount) {
            Some(v) => sum += v,
            None => {
                ctx.audit.cannot_check(
                    &PJ10,
                    subject,
                    Some(&line.amount.at),
                    format!("无法读取金额“{}”", line.amount.text),
                );
                return;
            }
        }
    }
    let related: Vec<&CellRef> = sp.lines.iter().map(|l| &l.amount.at).collect();
    if let Some(total) = sp.total.as_ref().filter(|t| !t.amount.is_blank()) {
        match wan(&total.amount) {
            Some(t) if t == sum => {
                ctx.audit
                    .pass(&PJ10, "支出明细各行之和 = 支出合计", Some(&total.amount.at))
            }
            Some(t) => ctx.flag(
                &PJ10,
                Severity::Error,
                "支出明细各行之和 = 支出合计",
                &total.amount.at,
                related.clone(),
                format!(
                    "支出合计填 {}，明细各行合计 {} 万元",
                    total.amount.text,
                    plain(sum)
                ),
                Some(sum),
                Some(t),
            ),
            None => ctx.audit.cannot_check(
                &PJ10,
                "支出明细各行之和 = 支出合计",
                Some(&total.amount.at),
                "支出合计不是金额",
            ),
        }
        sum = wan(&total.amount).unwrap_or(sum);
    }
    let Some(spent) = spent else {
        ctx.audit
            .cannot_check(&PJ10, "支出合计 = 实际支出", None, "实际支出未填写");
        return;
    };
    let at = sp
        .total
        .as_ref()
        .map(|t| t.amount.at.clone())
        .or_else(|| sp.lines.first().map(|l| l.amount.at.clone()));
    let Some(at) = at else { return };
    let spent_at = report
        .funds
        .as_ref()
        .and_then(|f| f.get(MoneyKind::Spent))
        .map(|m| m.total.at.clone());
    if sum == spent {
        ctx.audit.pass(&PJ10, "支出合计 = 实际支出", Some(&at));
    } else {
        ctx.flag(
            &PJ10,
            Severity::Error,
            "支出合计 = 实际支出",
            &at,
            spent_at.iter().collect(),
            format!(
                "支出明细合计 {} 万元，项目基本概况的实际支出为 {} 万元",
                plain(sum),
                plain(spent)
            ),
            Some(spent),
            Some(sum),
        );
    }
}
