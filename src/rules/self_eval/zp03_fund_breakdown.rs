//! ZP-03: 年度资金总额 = Σ 其中各项, column by column.

use super::{short_label, Facts};
use crate::amount::Amount;
use crate::forms::self_eval::{FundRow, SelfEvalForm};
use crate::rules::format::plain;
use crate::rules::identity::{unusable, Sum, Term};
use crate::rules::{Adjust, Check, Cx, Family, Flag, Rule, Severity};
use crate::workbook::CellRef;

pub const ZP_03: Rule = Rule {
    code: "ZP-03",
    family: Family::SelfEvaluation,
    severity: Severity::Error,
    title: "年度资金总额与其中各项不符",
    what: "年初预算数、全年预算数、全年执行数三列分别核对：年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金（空白按 0）。只填总额、其中各项全空时为警告。",
    why: "“其中”各项是总额的拆分，合计对不上说明有数字填错或漏填；尾数误差（按显示位数四舍五入造成）只作提示。",
    example: "全年预算数：总额 2925，当年财政拨款 644 + 其他资金 2281 = 2925 → 通过；若总额填 2935 → 错误，应为 2925。",
    check: Check::SelfEvaluation(check),
};

fn subject(column: &str) -> String {
    format!("{column}：年度资金总额 = 其中各项之和")
}

fn check(form: &SelfEvalForm, _: &Facts, cx: &mut Cx) {
    let Some(block) = &form.fund else {
        cx.cannot_check(&ZP_03, "年度资金总额 = 其中各项之和", None, "未找到项目资金表");
        return;
    };
    let Some(total) = block.total() else { return };
    let rows: Vec<&FundRow> = block.breakdown().collect();
    // Columns whose total is filled while every 其中 line is blank: one
    // finding for the block, not one per column.
    let mut unsplit: Vec<(&str, &Amount)> = Vec::new();
    for (i, (column, total_cell)) in total.money().into_iter().enumerate() {
        let Some(total_cell) = total_cell else {
            cx.not_applicable(&ZP_03, subject(column), format!("表中没有{column}列"));
            continue;
        };
        let parts: Vec<(&FundRow, &Amount)> = rows
            .iter()
            .filter_map(|r| r.money()[i].1.map(|a| (*r, a)))
            .collect();
        if parts.is_empty() {
            cx.not_applicable(&ZP_03, subject(column), "没有“其中”各项");
            continue;
        }
        let cells: Vec<&Amount> = std::iter::once(total_cell)
            .chain(parts.iter().map(|(_, a)| *a))
            .collect();
        if let Some(why) = unusable(&cells) {
            cx.cannot_check(&ZP_03, subject(column), Some(&total_cell.at), why);
            continue;
        }
        let all_blank = parts.iter().all(|(_, a)| a.is_empty());
        match (total_cell.value(), all_blank) {
            (None, true) => cx.not_applicable(&ZP_03, subject(column), "总额与其中各项均未填写"),
            (Some(t), true) if !t.is_zero() => unsplit.push((column, total_cell)),
            _ => {
                Sum::plain(
                    &ZP_03,
                    subject(column),
                    format!("{column}：年度资金总额与其中各项合计不符"),
                    total_cell,
                    parts
                        .iter()
                        .map(|(r, a)| Term::plus(short_label(&r.label.text), a))
                        .collect(),
                    cx.tolerance(),
                )
                .run(cx);
            }
        }
    }
    report_unsplit(&unsplit, &rows, cx);
}

/// The block's one warning for totals filled without their breakdown.
fn report_unsplit(unsplit: &[(&str, &Amount)], rows: &[&FundRow], cx: &mut Cx) {
    let Some((first_col, first)) = unsplit.first() else {
        return;
    };
    let names = rows
        .iter()
        .map(|p| short_label(&p.label.text))
        .collect::<Vec<_>>()
        .join("、");
    let filled = unsplit
        .iter()
        .map(|(c, a)| format!("{c} {}", a.value().map(plain).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("，");
    let related: Vec<&CellRef> = unsplit[1..]
        .iter()
        .map(|(_, a)| &a.at)
        .chain(
            rows.iter()
                .flat_map(|p| p.money().into_iter().filter_map(|(_, a)| a.map(|a| &a.at))),
        )
        .collect();
    cx.flag(
        subject(first_col),
        Flag::new(
            &ZP_03,
            &first.at,
            format!("年度资金总额已填写（{filled}），但其中各项（{names}）均未填写，无法核对资金来源"),
        )
        .related(related)
        .actual(filled.clone())
        .adjust(Adjust::Unfilled),
    );
    for (column, cell) in &unsplit[1..] {
        cx.fail_reported_elsewhere(
            &ZP_03,
            subject(column),
            &cell.at,
            format!("其中各项均未填写（见 {}）", first.at.a1()),
            false,
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_self_eval};
    use crate::rules::Severity;

    #[test]
    fn breakdown_adding_up_passes() {
        run_self_eval(&super::ZP_03, &national()).assert_passed("ZP-03");
    }

    #[test]
    fn total_differing_from_breakdown_is_an_error() {
        let r = run_self_eval(&super::ZP_03, &national().set("D6", "70"));
        let f = r.assert_only("ZP-03", Severity::Error, "D5");
        assert_eq!(f.expected.as_deref(), Some("90"));
        assert_eq!(f.actual.as_deref(), Some("100"));
        assert_eq!(f.related, vec!["D6", "D7", "D8"]);
    }

    #[test]
    fn a_rounding_gap_is_info() {
        let r = run_self_eval(&super::ZP_03, &national().set("C5", "100.01"));
        r.assert_only("ZP-03", Severity::Info, "C5");
    }

    #[test]
    fn total_without_breakdown_is_one_warning_for_the_block() {
        let book = national()
            .clear("C6")
            .clear("D6")
            .clear("E6")
            .clear("C7")
            .clear("D7")
            .clear("E7");
        let r = run_self_eval(&super::ZP_03, &book);
        let f = r.assert_only("ZP-03", Severity::Warning, "C5");
        assert!(f.related.contains(&"E5".to_string()), "{:?}", f.related);
    }
}
