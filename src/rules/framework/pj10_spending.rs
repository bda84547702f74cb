//! PJ-10: the spending detail adds up to 支出合计 and to 实际支出.

use super::Facts;
use crate::forms::framework::{Evaluation, MoneyKind, TextCell};
use crate::forms::self_eval::target::parse_quantity;
use crate::rules::format::{contract, plain};
use crate::rules::{Check, Cx, Family, Flag, Rule, Severity};
use crate::workbook::CellRef;
use rust_decimal::Decimal;

pub const PJ_10: Rule = Rule {
    code: "PJ-10",
    family: Family::EvaluationFramework,
    severity: Severity::Error,
    title: "支出明细合计与实际支出不符",
    what: "项目支出明细各行的实际支出数之和 = 支出合计 = 项目基本概况中的实际支出（“42万元”按 42 万元读取，“元”换算为万元）。",
    why: "支出明细是实际支出的来源依据，合计应与概况一致。",
    example: "明细 云平台运行维护 42万元，支出合计 42万元，实际支出 42 → 通过。",
    check: Check::Framework(check),
};

/// "42万元" → 42, "420000元" → 42, "42" → 42 (万元, the report's unit).
fn wan(cell: &TextCell) -> Option<Decimal> {
    let q = parse_quantity(&cell.text)?;
    match q.unit.as_str() {
        "" => Some(q.value),
        "元" => Some(q.value / Decimal::from(10_000)),
        _ => None,
    }
}

fn check(eval: &Evaluation, facts: &Facts, cx: &mut Cx) {
    let subject = "支出明细合计 = 支出合计 = 实际支出";
    let Some(report) = &eval.report else {
        cx.not_applicable(&PJ_10, subject, "工作簿中没有绩效自评报告");
        return;
    };
    let Some(sp) = &report.spending else {
        cx.not_applicable(&PJ_10, subject, "没有项目支出明细");
        return;
    };
    let mut sum = Decimal::ZERO;
    for line in sp.lines.iter().filter(|l| !l.amount.is_blank()) {
        match wan(&line.amount) {
            Some(v) => sum += v,
            None => {
                cx.cannot_check(
                    &PJ_10,
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
        let subject = "支出明细各行之和 = 支出合计";
        match wan(&total.amount) {
            Some(t) if t == sum => cx.pass(&PJ_10, subject, Some(&total.amount.at)),
            Some(t) => cx.flag(
                subject,
                Flag::new(
                    &PJ_10,
                    &total.amount.at,
                    format!(
                        "支出合计填 {}，明细各行合计 {} 万元",
                        total.amount.text,
                        plain(sum)
                    ),
                )
                .related(related.iter().copied())
                .expected(contract(sum, 0))
                .actual(contract(t, 0)),
            ),
            None => cx.cannot_check(&PJ_10, subject, Some(&total.amount.at), "支出合计不是金额"),
        }
        sum = wan(&total.amount).unwrap_or(sum);
    }
    let subject = "支出合计 = 实际支出";
    let Some(spent) = facts.funds.spent else {
        cx.cannot_check(&PJ_10, subject, None, "实际支出未填写");
        return;
    };
    let at = sp
        .total
        .as_ref()
        .map(|t| &t.amount.at)
        .or_else(|| sp.lines.first().map(|l| &l.amount.at));
    let Some(at) = at else {
        cx.cannot_check(&PJ_10, subject, None, "项目支出明细没有金额");
        return;
    };
    if sum == spent {
        cx.pass(&PJ_10, subject, Some(at));
        return;
    }
    let spent_at = report
        .funds
        .as_ref()
        .and_then(|f| f.get(MoneyKind::Spent))
        .map(|m| &m.total.at);
    cx.flag(
        subject,
        Flag::new(
            &PJ_10,
            at,
            format!(
                "支出明细合计 {} 万元，项目基本概况的实际支出为 {} 万元",
                plain(sum),
                plain(spent)
            ),
        )
        .related(spent_at)
        .expected(contract(spent, 0))
        .actual(contract(sum, 0)),
    );
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{run_with, yueyang};
    use crate::rules::Severity;
    use crate::scheme::Scheme;

    #[test]
    fn spending_matching_the_detail_passes() {
        run_with(&super::PJ_10, &yueyang(), &Scheme::national(), false).assert_passed("PJ-10");
    }

    #[test]
    fn a_detail_off_the_total_is_an_error_at_the_total() {
        let book = yueyang().set_on("自评报告", "C22", "'40万元");
        let r = run_with(&super::PJ_10, &book, &Scheme::national(), false);
        r.assert_only("PJ-10", Severity::Error, "C24");
    }
}
