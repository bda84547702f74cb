//! The 指标体系's points and scores: each level adds up (PJ-01), the total
//! is 100 (PJ-02), weights follow the scheme (PJ-03), scores stay within
//! their points (PJ-04) and add up to the 总分 row (PJ-05).

use super::{Ctx, PJ01, PJ02, PJ03, PJ04, PJ05};
use crate::amount::Amount;
use crate::forms::framework::{Node, System};
use crate::rules::tolerance::plain;
use crate::rules::{Gap, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

/// What the 指标体系 adds up to.
#[derive(Debug, Clone, Default)]
pub struct Points {
    /// Σ 三级 自评得分, when the 指标体系 was found.
    pub score_sum: Option<Decimal>,
    /// Σ 三级 分值.
    pub points_sum: Option<Decimal>,
    /// The 总分 row's 自评得分.
    pub declared: Option<Decimal>,
    /// Addends and shown decimals of the score sum (for the rounding band).
    pub addends: usize,
    pub decimals: u32,
}

pub fn check(ctx: &mut Ctx<'_>) -> Points {
    let eval = ctx.eval;
    let Some(system) = eval.system.as_ref() else {
        return Points::default();
    };
    ctx.on_system();
    levels(ctx, system);
    hundred(ctx, system);
    weights(ctx, system);
    let mut out = Points::default();
    let mut points_sum = Decimal::ZERO;
    let mut score_sum = Decimal::ZERO;
    for item in system.items() {
        points_sum += ctx.value_or_zero(&item.node.points).unwrap_or_default();
        score_sum += ctx.value_or_zero(&item.score).unwrap_or_default();
        out.decimals = out.decimals.max(item.score.decimals());
        out.addends += 1;
        within_points(ctx, &item.node, &item.score);
    }
    out.points_sum = Some(points_sum);
    out.score_sum = Some(score_sum);
    total_score(ctx, system, &mut out);
    out
}

/// The value of a node's 分值, reporting unusable cells.
fn points_of(ctx: &mut Ctx<'_>, node: &Node) -> Option<Decimal> {
    ctx.value(&node.points)
}

/// PJ-01: Σ 三级 = 二级, Σ 二级 = 一级.
fn levels(ctx: &mut Ctx<'_>, system: &System) {
    for group in &system.groups {
        let children: Vec<(&Node, Vec<&Node>)> = group
            .children
            .iter()
            .map(|c| (&c.node, c.items.iter().map(|i| &i.node).collect()))
            .collect();
        for (parent, kids) in children {
            sum_of_children(ctx, parent, &kids, "三级指标");
        }
        let level2: Vec<&Node> = group.children.iter().map(|c| &c.node).collect();
        sum_of_children(ctx, &group.node, &level2, "二级指标");
    }
}

fn sum_of_children(ctx: &mut Ctx<'_>, parent: &Node, kids: &[&Node], what: &str) {
    let subject = format!("{}：{what}分值之和 = {} 分值", parent.name, parent.name);
    let Some(p) = points_of(ctx, parent) else {
        ctx.audit.cannot_check(
            &PJ01,
            subject,
            Some(&parent.points.at),
            "分值未填写或不是数字",
        );
        return;
    };
    let mut sum = Decimal::ZERO;
    for k in kids {
        match ctx.value_or_zero(&k.points) {
            Some(v) => sum += v,
            None => {
                ctx.audit
                    .cannot_check(&PJ01, subject, Some(&k.points.at), "下级分值不是数字");
                return;
            }
        }
    }
    if sum == p {
        ctx.audit.pass(&PJ01, subject, Some(&parent.points.at));
        return;
    }
    let names: Vec<String> = kids
        .iter()
        .map(|k| format!("{} {}", k.name, k.points.raw))
        .collect();
    let related: Vec<&CellRef> = kids.iter().map(|k| &k.points.at).collect();
    ctx.flag(
        &PJ01,
        Severity::Error,
        &subject,
        &parent.points.at,
        related,
        format!(
            "{}标注 {} 分，其下{what}分值合计 {}（{}）",
            parent.name,
            plain(p),
            plain(sum),
            names.join(" + ")
        ),
        Some(sum),
        Some(p),
    );
}

/// PJ-02: Σ 一级 = 100, and the 总分 row's 分值 columns say the same.
fn hundred(ctx: &mut Ctx<'_>, system: &System) {
    let subject = "一级指标分值合计 = 100";
    let mut sum = Decimal::ZERO;
    for g in &system.groups {
        sum += ctx.value_or_zero(&g.node.points).unwrap_or_default();
    }
    let related: Vec<&CellRef> = system.groups.iter().map(|g| &g.node.points.at).collect();
    let at = system
        .total
        .as_ref()
        .and_then(|t| t.points[0].as_ref())
        .map(|a| a.at.clone())
        .or_else(|| system.groups.first().map(|g| g.node.points.at.clone()));
    let Some(at) = at else {
        ctx.audit
            .cannot_check(&PJ02, subject, None, "指标体系中没有一级指标");
        return;
    };
    if sum == Decimal::ONE_HUNDRED {
        ctx.audit.pass(&PJ02, subject, Some(&at));
    } else {
        ctx.flag(
            &PJ02,
            Severity::Error,
            subject,
            &at,
            related,
            format!("一级指标分值合计 {}，应为 100", plain(sum)),
            Some(Decimal::ONE_HUNDRED),
            Some(sum),
        );
    }
    let Some(total) = &system.total else {
        ctx.audit
            .cannot_check(&PJ02, "总分行分值 = 各级分值合计", None, "没有总分行");
        return;
    };
    let level_sums = [
        system
            .groups
            .iter()
            .map(|g| &g.node.points)
            .collect::<Vec<_>>(),
        system
            .groups
            .iter()
            .flat_map(|g| g.children.iter().map(|c| &c.node.points))
            .collect(),
        system.items().map(|i| &i.node.points).collect(),
    ];
    for (level, (cell, addends)) in total.points.iter().zip(level_sums).enumerate() {
        let name = ["一级", "二级", "三级"][level];
        let subject = format!("总分行{name}分值 = {name}指标分值合计");
        let Some(cell) = cell.as_ref().filter(|c| !c.is_empty()) else {
            ctx.audit
                .not_applicable(&PJ02, subject, format!("总分行未填{name}分值"));
            continue;
        };
        let Some(declared) = ctx.value(cell) else {
            continue;
        };
        let sum: Decimal = addends.iter().filter_map(|a: &&Amount| a.value()).sum();
        if declared == sum {
            ctx.audit.pass(&PJ02, subject, Some(&cell.at));
        } else {
            let at = cell.at.clone();
            ctx.flag(
                &PJ02,
                Severity::Error,
                &subject,
                &at,
                vec![],
                format!(
                    "总分行{name}分值填 {}，{name}指标分值合计为 {}",
                    plain(declared),
                    plain(sum)
                ),
                Some(sum),
                Some(declared),
            );
        }
    }
}

/// PJ-03: 一级 weights against the scheme's framework.
fn weights(ctx: &mut Ctx<'_>, system: &System) {
    let Some(fw) = ctx.scheme.framework.clone() else {
        return;
    };
    for w in &fw.weights {
        let subject = format!("{}权重 = {}", w.name, plain(w.points));
        let Some(group) = system.groups.iter().find(|g| g.node.name == w.name) else {
            ctx.audit
                .not_applicable(&PJ03, subject, format!("指标体系中没有{}", w.name));
            continue;
        };
        let Some(p) = ctx.value(&group.node.points) else {
            continue;
        };
        if p == w.points {
            ctx.audit.pass(&PJ03, subject, Some(&group.node.points.at));
        } else {
            let msg = format!(
                "{}分值 {}，评分方案 {} 规定为 {}",
                w.name,
                plain(p),
                ctx.scheme.name,
                plain(w.points)
            );
            ctx.flag(
                &PJ03,
                Severity::Warning,
                &subject,
                &group.node.points.at,
                vec![],
                msg,
                Some(w.points),
                Some(p),
            );
        }
    }
}

/// PJ-04: 0 ≤ 自评得分 ≤ 分值.
fn within_points(ctx: &mut Ctx<'_>, node: &Node, score: &Amount) {
    let subject = format!("“{}”：0 ≤ 自评得分 ≤ 分值", node.name);
    let (Some(p), Some(s)) = (node.points.value(), score.value()) else {
        let why = if score.is_empty() {
            "自评得分未填写"
        } else {
            "分值或得分不是数字"
        };
        ctx.audit.cannot_check(&PJ04, subject, Some(&score.at), why);
        return;
    };
    if s < Decimal::ZERO || s > p {
        let msg = if s > p {
            format!(
                "“{}”自评得分 {} 超过分值 {}（不设加分项）",
                node.name,
                plain(s),
                plain(p)
            )
        } else {
            format!("“{}”自评得分 {} 为负数", node.name, plain(s))
        };
        ctx.flag_text(
            &PJ04,
            Severity::Error,
            &subject,
            &score.at,
            vec![&node.points.at],
            msg,
            Some(format!("0–{}", plain(p))),
            Some(plain(s)),
        );
    } else {
        ctx.audit.pass(&PJ04, subject, Some(&score.at));
    }
}

/// PJ-05: Σ 自评得分 = 总分 row's 自评得分.
fn total_score(ctx: &mut Ctx<'_>, system: &System, out: &mut Points) {
    let subject = "自评得分合计 = 总分行自评得分";
    let Some(cell) = system
        .total
        .as_ref()
        .and_then(|t| t.score.as_ref())
        .filter(|c| !c.is_empty())
    else {
        ctx.audit
            .cannot_check(&PJ05, subject, None, "总分行没有自评得分");
        return;
    };
    let Some(declared) = ctx.value(cell) else {
        return;
    };
    out.declared = Some(declared);
    let sum = out.score_sum.unwrap_or_default();
    let decimals = out.decimals.max(cell.decimals());
    let related: Vec<&CellRef> = system.items().map(|i| &i.score.at).collect();
    match ctx.tolerance.compare(declared, sum, out.addends, decimals) {
        Gap::Equal => ctx.audit.pass(&PJ05, subject, Some(&cell.at)),
        Gap::Rounding(g) => ctx.flag(
            &PJ05,
            Severity::Info,
            subject,
            &cell.at,
            related,
            format!(
                "总分 {} 与各项自评得分合计 {} 相差 {}，属尾数差异",
                plain(declared),
                plain(sum),
                plain(g.abs())
            ),
            Some(sum),
            Some(declared),
        ),
        Gap::Beyond(_) => ctx.flag(
            &PJ05,
            Severity::Error,
            subject,
            &cell.at,
            related,
            format!(
                "总分与各项自评得分合计不符：填报 {}，合计 {}",
                plain(declared),
                plain(sum)
            ),
            Some(sum),
            Some(declared),
        ),
    }
}
