//! The 项目资金 block: totals vs breakdown (ZP-03), 执行率 (ZP-04),
//! over-execution (ZP-05), points (ZP-06), fund score (ZP-07) and amount
//! precision (ZP-26).

use super::{Ctx, ZP02, ZP03, ZP04, ZP05, ZP06, ZP07, ZP26};
use crate::amount::Amount;
use crate::forms::self_eval::{FundBlock, FundRow};
use crate::rules::tolerance::{compare_printed, percent_text, plain, round_half_up, PrintedMatch};
use crate::rules::{Gap, Severity};
use crate::scheme::{bands_text, FundScore};
use crate::workbook::{CellRef, Num};
use rust_decimal::Decimal;

/// What the fund block contributes to scoring and to 评分复核.
#[derive(Debug, Clone, Default)]
pub struct FundFacts {
    pub points: Option<Decimal>,
    pub points_at: Option<CellRef>,
    /// 全年执行数 / 全年预算数, exact.
    pub rate: Option<Decimal>,
    pub rate_declared: Option<Amount>,
    /// 分值 × min(执行率, 100%), exact.
    pub score_computed: Option<Decimal>,
    pub score_declared: Option<Amount>,
}

impl FundFacts {
    /// The fund score to add into 总分: the declared one when filled,
    /// else the computed one.
    pub fn score_for_total(&self) -> Option<Decimal> {
        self.score_declared
            .as_ref()
            .and_then(Amount::value)
            .or(self.score_computed)
    }
}

pub fn check(ctx: &mut Ctx<'_>) -> FundFacts {
    let Some(block) = &ctx.form.fund else {
        let at = ctx.form.title.as_ref().map(|t| t.at.clone());
        match at {
            Some(at) => ctx.flag(
                &ZP02,
                Severity::Error,
                "项目资金表存在",
                &at,
                vec![],
                "未找到项目资金（万元）表（年度资金总额、全年预算数、全年执行数、执行率）".into(),
                None,
                None,
            ),
            None => ctx
                .audit
                .cannot_check(&ZP02, "项目资金表存在", None, "未找到项目资金表"),
        }
        return FundFacts::default();
    };
    let Some(total) = block.total() else {
        return FundFacts::default();
    };
    structure(ctx, total);
    breakdown(ctx, block, total);
    precision(ctx, block);
    for row in &block.rows {
        rate(ctx, row);
    }
    over_execution(ctx, total);
    let mut facts = FundFacts {
        rate: rate_of(ctx, total),
        rate_declared: total.rate.clone(),
        score_declared: total.score.clone(),
        ..Default::default()
    };
    points(ctx, total, &mut facts);
    fund_score(ctx, total, &mut facts);
    facts
}

fn structure(ctx: &mut Ctx<'_>, total: &FundRow) {
    let missing: Vec<&str> = [
        ("全年预算数", total.budget.is_none()),
        ("全年执行数", total.executed.is_none()),
        ("分值", total.points.is_none()),
        ("得分", total.score.is_none()),
    ]
    .iter()
    .filter(|(_, m)| *m)
    .map(|(n, _)| *n)
    .collect();
    if missing.is_empty() {
        ctx.audit
            .pass(&ZP02, "项目资金表结构完整", Some(&total.label.at));
    } else {
        let at = total.label.at.clone();
        ctx.flag(
            &ZP02,
            Severity::Error,
            "项目资金表结构完整",
            &at,
            vec![],
            format!("项目资金表缺少列：{}", missing.join("、")),
            None,
            None,
        );
    }
}

/// ZP-03: 年度资金总额 = Σ 其中各项, per money column.
fn breakdown(ctx: &mut Ctx<'_>, block: &FundBlock, total: &FundRow) {
    let parts: Vec<&FundRow> = block.breakdown().collect();
    // Columns whose total is filled while every 其中 line is blank: one
    // finding for the block, not one per column.
    let mut unsplit: Vec<(&str, &Amount, Decimal)> = Vec::new();
    for (i, (column, total_cell)) in total.money().into_iter().enumerate() {
        let subject = format!("{column}：年度资金总额 = 其中各项之和");
        let Some(total_cell) = total_cell else {
            continue;
        };
        let cells: Vec<&Amount> = parts.iter().filter_map(|p| p.money()[i].1).collect();
        if parts.is_empty() || cells.is_empty() {
            ctx.audit.not_applicable(&ZP03, subject, "没有“其中”各项");
            continue;
        }
        let total_value = ctx.value(total_cell);
        let mut sum = Decimal::ZERO;
        let mut usable = true;
        for c in &cells {
            match ctx.value_or_zero(c) {
                Some(v) => sum += v,
                None => usable = false,
            }
        }
        if !usable || total_cell.unusable_reason().is_some() {
            ctx.audit
                .cannot_check(&ZP03, subject, Some(&total_cell.at), "有单元格不是数字");
            continue;
        }
        let all_blank = cells.iter().all(|c| c.is_empty());
        let related: Vec<&CellRef> = cells.iter().map(|c| &c.at).collect();
        match (total_value, all_blank) {
            (None, true) => ctx
                .audit
                .not_applicable(&ZP03, subject, "总额与其中各项均未填写"),
            (Some(t), true) if !t.is_zero() => unsplit.push((column, total_cell, t)),
            (t, _) => {
                let t = t.unwrap_or_default();
                let decimals = std::iter::once(total_cell)
                    .chain(cells.iter().copied())
                    .map(Amount::decimals)
                    .max()
                    .unwrap_or(0);
                let terms = parts
                    .iter()
                    .filter_map(|p| p.money()[i].1.map(|c| (p, c)))
                    .map(|(p, c)| {
                        format!(
                            "{} {}",
                            short_label(&p.label.text),
                            c.value().map_or("空".into(), plain)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" + ");
                match ctx.tolerance.compare(t, sum, cells.len(), decimals) {
                    Gap::Equal => ctx.audit.pass(&ZP03, subject, Some(&total_cell.at)),
                    Gap::Rounding(g) => ctx.flag(&ZP03, Severity::Info, &subject, &total_cell.at, related, format!("{column}：年度资金总额 {} 与其中各项合计 {} 相差 {}，属尾数差异（{terms}）", plain(t), plain(sum), plain(g.abs())), Some(plain(sum)), Some(plain(t))),
                    Gap::Beyond(_) => {
                        let shown = if total_cell.is_empty() { "未填写".to_string() } else { plain(t) };
                        ctx.flag(&ZP03, Severity::Error, &subject, &total_cell.at, related, format!("{column}：年度资金总额与其中各项合计不符：填报 {shown}，{terms} = {}", plain(sum)), Some(plain(sum)), Some(shown));
                    }
                }
            }
        }
    }
    if let Some((first_col, first, _)) = unsplit.first() {
        let names = parts
            .iter()
            .map(|p| short_label(&p.label.text))
            .collect::<Vec<_>>()
            .join("、");
        let filled = unsplit
            .iter()
            .map(|(c, _, v)| format!("{c} {}", plain(*v)))
            .collect::<Vec<_>>()
            .join("，");
        let mut related: Vec<&CellRef> = unsplit[1..].iter().map(|(_, a, _)| &a.at).collect();
        related.extend(
            parts
                .iter()
                .flat_map(|p| p.money().into_iter().filter_map(|(_, a)| a.map(|a| &a.at))),
        );
        let at = first.at.clone();
        ctx.flag(
            &ZP03,
            Severity::Warning,
            &format!("{first_col}：年度资金总额 = 其中各项之和"),
            &at,
            related,
            format!(
                "年度资金总额已填写（{filled}），但其中各项（{names}）均未填写，无法核对资金来源"
            ),
            None,
            Some(filled.clone()),
        );
        for (column, cell, _) in &unsplit[1..] {
            ctx.audit.record(
                &ZP03,
                format!("{column}：年度资金总额 = 其中各项之和"),
                crate::rules::Outcome::Fail,
                Some(&cell.at),
                format!("其中各项均未填写（见 {}）", at.a1()),
            );
        }
    }
}

fn short_label(label: &str) -> String {
    crate::forms::labels::norm(label)
        .trim_start_matches("其中")
        .trim_start_matches(':')
        .to_string()
}

/// ZP-26: amounts in 万元 carry at most two decimals.
fn precision(ctx: &mut Ctx<'_>, block: &FundBlock) {
    for row in &block.rows {
        for (column, cell) in row.money() {
            let Some(cell) = cell else { continue };
            if cell.num().is_some_and(|n| n.decimals > 2 && !n.percent) {
                let at = cell.at.clone();
                ctx.flag(
                    &ZP26,
                    Severity::Info,
                    &format!("{column}小数位"),
                    &at,
                    vec![],
                    format!(
                        "{}的{column} {} 有 {} 位小数，金额（万元）一般保留两位",
                        short_label(&row.label.text),
                        cell.raw,
                        cell.decimals()
                    ),
                    None,
                    Some(cell.raw.clone()),
                );
            }
        }
    }
}

/// Exact 执行率 of a row, when both amounts are numbers and the budget is
/// not zero.
fn rate_of(ctx: &mut Ctx<'_>, row: &FundRow) -> Option<Decimal> {
    let budget = ctx.value(row.budget.as_ref()?)?;
    let executed = ctx.value(row.executed.as_ref()?)?;
    (!budget.is_zero()).then(|| executed / budget)
}

/// A printed 执行率 as a fraction: "92%" → 0.92; a bare 92 → 0.92.
fn printed_rate(n: &Num) -> Num {
    if !n.percent && n.value > Decimal::new(15, 1) {
        Num {
            value: n.value / Decimal::ONE_HUNDRED,
            decimals: n.decimals,
            percent: true,
        }
    } else {
        Num {
            percent: true,
            decimals: if n.percent {
                n.decimals
            } else {
                n.decimals.saturating_sub(2)
            },
            ..*n
        }
    }
}

/// ZP-04: printed 执行率 = 全年执行数 / 全年预算数.
fn rate(ctx: &mut Ctx<'_>, row: &FundRow) {
    let Some(rate_cell) = &row.rate else { return };
    let label = short_label(&row.label.text);
    let subject = format!("{label}：执行率 = 全年执行数 ÷ 全年预算数");
    if rate_cell.is_empty() {
        if row.line == crate::forms::self_eval::FundLine::Total
            && row.budget.as_ref().is_some_and(|b| !b.is_empty())
        {
            ctx.audit
                .cannot_check(&ZP04, subject, Some(&rate_cell.at), "执行率未填写");
        }
        return;
    }
    if ctx.value(rate_cell).is_none() {
        ctx.audit
            .cannot_check(&ZP04, subject, Some(&rate_cell.at), "执行率不是数字");
        return;
    }
    let Some(printed) = rate_cell.num().map(printed_rate) else {
        return;
    };
    let (Some(budget), Some(executed)) = (row.budget.as_ref(), row.executed.as_ref()) else {
        return;
    };
    let related = vec![&budget.at, &executed.at];
    match (ctx.value(budget), ctx.value(executed)) {
        (Some(b), _) if b.is_zero() => {
            ctx.flag(
                &ZP04,
                Severity::Error,
                &subject,
                &rate_cell.at,
                related,
                format!(
                    "{label}全年预算数为 0，执行率应为空或“—”，却填了 {}",
                    rate_cell.raw
                ),
                Some("—".into()),
                Some(rate_cell.raw.clone()),
            );
        }
        (Some(b), Some(e)) => {
            let want = e / b;
            let shown = percent_text(want, printed.decimals.max(2));
            let expected = percent_text(want, printed.decimals);
            match compare_printed(&printed, want) {
                PrintedMatch::Equal => ctx.audit.pass(&ZP04, subject, Some(&rate_cell.at)),
                PrintedMatch::LastDigit => ctx.flag(
                    &ZP04,
                    Severity::Info,
                    &subject,
                    &rate_cell.at,
                    related,
                    format!(
                        "{label}执行率 {} 与 {} ÷ {} = {shown} 末位相差 1，属舍入差异",
                        rate_cell.raw,
                        plain(e),
                        plain(b)
                    ),
                    Some(expected),
                    Some(rate_cell.raw.clone()),
                ),
                PrintedMatch::Different => ctx.flag(
                    &ZP04,
                    Severity::Error,
                    &subject,
                    &rate_cell.at,
                    related,
                    format!(
                        "{label}执行率计算错误：填报 {}，全年执行数 {} ÷ 全年预算数 {} = {shown}",
                        rate_cell.raw,
                        plain(e),
                        plain(b)
                    ),
                    Some(expected),
                    Some(rate_cell.raw.clone()),
                ),
            }
        }
        _ => ctx.audit.cannot_check(
            &ZP04,
            subject,
            Some(&rate_cell.at),
            "全年预算数或全年执行数未填写",
        ),
    }
}

/// ZP-05: 全年执行数 ≤ 全年预算数.
fn over_execution(ctx: &mut Ctx<'_>, total: &FundRow) {
    let subject = "全年执行数不超过全年预算数";
    let (Some(b), Some(e)) = (total.budget.as_ref(), total.executed.as_ref()) else {
        ctx.audit
            .cannot_check(&ZP05, subject, None, "缺少全年预算数或全年执行数");
        return;
    };
    match (ctx.value(b), ctx.value(e)) {
        (Some(bv), Some(ev)) if ev > bv => {
            let at = e.at.clone();
            ctx.flag(
                &ZP05,
                Severity::Warning,
                subject,
                &at,
                vec![&b.at],
                format!(
                    "全年执行数 {} 超过全年预算数 {}（超出 {}），请说明原因",
                    plain(ev),
                    plain(bv),
                    plain(ev - bv)
                ),
                Some(format!("≤{}", plain(bv))),
                Some(plain(ev)),
            );
        }
        (Some(_), Some(_)) => ctx.audit.pass(&ZP05, subject, Some(&e.at)),
        _ => ctx
            .audit
            .cannot_check(&ZP05, subject, Some(&e.at), "全年预算数或全年执行数未填写"),
    }
}

/// ZP-06: the fund block's points are the scheme's.
fn points(ctx: &mut Ctx<'_>, total: &FundRow, facts: &mut FundFacts) {
    let subject = "预算执行率分值";
    let Some(cell) = &total.points else {
        ctx.audit.cannot_check(&ZP06, subject, None, "没有分值列");
        return;
    };
    facts.points_at = Some(cell.at.clone());
    let want = ctx.opts.scheme.fund_points;
    match ctx.value(cell) {
        Some(p) if p == want => {
            facts.points = Some(p);
            ctx.audit.pass(&ZP06, subject, Some(&cell.at));
        }
        Some(p) => {
            facts.points = Some(p);
            let at = cell.at.clone();
            ctx.flag(
                &ZP06,
                Severity::Error,
                subject,
                &at,
                vec![],
                format!(
                    "预算执行率分值为 {}，按{}应为 {}",
                    plain(p),
                    ctx.opts.scheme.title,
                    plain(want)
                ),
                Some(plain(want)),
                Some(plain(p)),
            );
        }
        None => ctx
            .audit
            .cannot_check(&ZP06, subject, Some(&cell.at), "分值未填写"),
    }
}

/// ZP-07: fund score by the scheme's formula (分值 × min(执行率, 100%) or
/// bands), at the printed precision.
fn fund_score(ctx: &mut Ctx<'_>, total: &FundRow, facts: &mut FundFacts) {
    let formula = ctx.opts.scheme.fund_score_text();
    let subject = format!("预算执行率得分 = {formula}");
    let subject = subject.as_str();
    let (Some(points), Some(rate)) = (facts.points, facts.rate) else {
        ctx.audit
            .cannot_check(&ZP07, subject, None, "分值或执行率无法确定");
        return;
    };
    let want = ctx.opts.scheme.fund_score_for(points, rate);
    facts.score_computed = Some(want);
    let Some(cell) = &total.score else { return };
    if ctx.value(cell).is_none() {
        ctx.audit
            .cannot_check(&ZP07, subject, Some(&cell.at), "得分未填写");
        return;
    }
    let Some(printed) = cell.num() else { return };
    // The printed 执行率 (e.g. 46%) may be what the clerk multiplied by.
    let via_printed = total.rate.as_ref().and_then(|r| r.num()).map(|n| {
        ctx.opts
            .scheme
            .fund_score_for(points, printed_rate(n).value)
    });
    let decimals = printed.decimals.max(1);
    let mut related = vec![];
    if let Some(r) = &total.rate {
        related.push(&r.at);
    }
    let at = cell.at.clone();
    let capped = percent_text(rate.min(Decimal::ONE), 2);
    let (short, long) = match &ctx.opts.scheme.fund_score {
        FundScore::Proportional => (
            format!("{} × {capped}", plain(points)),
            format!("分值 {} × 执行率 {capped}", plain(points)),
        ),
        FundScore::Bands { bands } => {
            let how = format!(
                "分值 {} × 执行率 {} 所在档位的系数（{}）",
                plain(points),
                percent_text(rate, 2),
                bands_text(bands)
            );
            (how.clone(), how)
        }
    };
    let matches = |v: Decimal| compare_printed(printed, v);
    match (matches(want), via_printed.map(matches)) {
        (PrintedMatch::Equal, _) | (_, Some(PrintedMatch::Equal)) => {
            ctx.audit.pass(&ZP07, subject, Some(&at))
        }
        (PrintedMatch::LastDigit, _) => ctx.flag(
            &ZP07,
            Severity::Info,
            subject,
            &at,
            related,
            format!(
                "预算执行率得分 {} 与 {short} = {} 末位相差，属舍入差异",
                cell.raw,
                plain(round_half_up(want, decimals))
            ),
            Some(plain(round_half_up(want, decimals))),
            Some(cell.raw.clone()),
        ),
        _ => ctx.flag(
            &ZP07,
            Severity::Warning,
            subject,
            &at,
            related,
            format!(
                "预算执行率得分不符：填报 {}，{long} = {}",
                cell.raw,
                plain(round_half_up(want, decimals))
            ),
            Some(plain(round_half_up(want, decimals))),
            Some(cell.raw.clone()),
        ),
    }
}
