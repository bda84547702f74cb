//! 公开07 “三公”经费支出决算表 (JS-07-01 … JS-07-03).

use super::sums::{money, plain, AtMost, Sum, Term, Verdict};
use crate::forms::final_accounts::model::{SanGong, SgGroup, SgItem, SgValue, Table};
use crate::rules::{Audit, Family, Flag, Outcome, RuleDoc, Severity, Tolerance};

pub const JS_07_01: RuleDoc = RuleDoc {
    code: "JS-07-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "三公经费表：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费",
    what: "公开07 预算数和决算数各自：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费，公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费，即 (1)=(2)+(3)+(6)、(3)=(4)+(5)、(7)=(8)+(9)+(12)、(9)=(10)+(11)。表中另列会议费、培训费且合计包含它们时，按含会议费、培训费的口径核对。",
    why: "“三公”经费就是这三项（公务用车再分购置和运行），合计按定义是各项之和。",
    example: "决算数：合计(7) 4.06 = 0.00 + 4.06 + 0.00；(9) 4.06 = 0.00 + 4.06 → 通过。",
};

pub const JS_07_02: RuleDoc = RuleDoc {
    code: "JS-07-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "三公经费表：合计为 0 时各分项均应为 0",
    what: "公开07 预算数或决算数的合计为 0（或空白）时，其下各分项也应为 0。",
    why: "合计为 0 而分项有数，说明合计漏填或分项填错。若 JS-07-01 已报告同一差异，此处只记录不重复报告。",
    example: "决算数合计 0.00，公务接待费 1.20 → 错误。",
};

pub const JS_07_03: RuleDoc = RuleDoc {
    code: "JS-07-03",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "三公经费表：决算数超过预算数需说明原因",
    what: "公开07 任一项决算数大于预算数时，公开说明中应解释原因（本工具无法读取说明文字，只提示核对）。",
    why: "财政部公开检查要求对“三公”经费预决算增减变化作出说明。",
    example: "公务接待费 预算数 2.00，决算数 3.00 → 警告：请在公开说明中解释。",
};

fn name(v: &SgValue) -> String {
    match v.lanci {
        Some(n) => format!("{}{}({n})", v.group.name(), v.item.name()),
        None => format!("{}{}", v.group.name(), v.item.name()),
    }
}

fn term(v: &SgValue) -> Term<'_> {
    Term::plus(name(v), &v.amount)
}

fn group_sum<'a>(
    g: &str,
    subject: String,
    total: &'a crate::amount::Amount,
    vals: Vec<&'a SgValue>,
    tol: Tolerance,
) -> Sum<'a> {
    Sum {
        rule: &JS_07_01,
        subject,
        what: format!("“三公”经费{g}合计与各项之和不符"),
        total,
        terms: vals.into_iter().map(term).collect(),
        tol,
    }
}

/// 公开07 rules.
pub fn check(_t: &Table, s: &SanGong, tol: Tolerance, audit: &mut Audit) {
    for group in [SgGroup::Budget, SgGroup::Final] {
        let get = |item| s.get(group, item);
        let g = group.name();
        let Some(total) = get(SgItem::Total) else {
            audit.not_applicable(
                &JS_07_01,
                format!("公开07 {g}：合计 = 各项之和"),
                format!("表中未列示{g}合计"),
            );
            audit.not_applicable(
                &JS_07_02,
                format!("公开07 {g}：合计为 0 时各分项为 0"),
                format!("表中未列示{g}合计"),
            );
            continue;
        };
        // The vehicle subtotal, or its two parts when no subtotal is printed.
        let mut parts: Vec<&SgValue> = get(SgItem::Abroad).into_iter().collect();
        match get(SgItem::Vehicles) {
            Some(v) => parts.push(v),
            None => parts.extend(
                get(SgItem::Purchase)
                    .into_iter()
                    .chain(get(SgItem::Operation)),
            ),
        }
        parts.extend(get(SgItem::Reception));
        let extras: Vec<&SgValue> = get(SgItem::Meeting)
            .into_iter()
            .chain(get(SgItem::Training))
            .collect();
        let subject =
            format!("公开07 {g}：合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费");
        let base = group_sum(g, subject.clone(), &total.amount, parts.clone(), tol);
        let v01 = if extras.is_empty() {
            base.run(audit)
        } else {
            // Some localities include 会议费 and 培训费 in the total.
            let wide = group_sum(
                g,
                format!("{subject}（含会议费、培训费）"),
                &total.amount,
                parts.iter().chain(&extras).copied().collect(),
                tol,
            );
            match (base.eval(), wide.eval()) {
                (Ok(b), Ok(w)) if b.verdict().failed() && !w.verdict().failed() => {
                    wide.report(audit, &w, "");
                    w.verdict()
                }
                _ => base.run(audit),
            }
        };
        if let (Some(v), Some(p), Some(o)) = (
            get(SgItem::Vehicles),
            get(SgItem::Purchase),
            get(SgItem::Operation),
        ) {
            Sum {
                rule: &JS_07_01,
                subject: format!(
                    "公开07 {g}：公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费"
                ),
                what: format!("{g}公务用车购置及运行费与购置费、运行费之和不符"),
                total: &v.amount,
                terms: vec![term(p), term(o)],
                tol,
            }
            .run(audit);
        }
        // JS-07-02
        let subject = format!("公开07 {g}：合计为 0 时各分项均为 0");
        let total_v = total.amount.value_or_zero();
        if total_v.is_none_or(|v| !v.is_zero()) {
            audit.not_applicable(&JS_07_02, subject, format!("{g}合计不为 0"));
        } else {
            let nonzero = [
                SgItem::Abroad,
                SgItem::Vehicles,
                SgItem::Purchase,
                SgItem::Operation,
                SgItem::Reception,
                SgItem::Meeting,
                SgItem::Training,
            ]
            .iter()
            .filter_map(|&i| get(i))
            .find(|v| v.amount.value().is_some_and(|x| !x.is_zero()));
            match nonzero {
                None => audit.pass(&JS_07_02, subject, Some(&total.amount.at)),
                Some(v) if v01 == Verdict::Beyond => audit.record(
                    &JS_07_02,
                    subject,
                    Outcome::Fail,
                    Some(&v.amount.at),
                    format!(
                        "{} 为 {}，合计为 0；同一差异已在 JS-07-01 报告，不重复报告",
                        name(v),
                        money(v.amount.value().unwrap_or_default())
                    ),
                ),
                Some(v) => {
                    let x = v.amount.value().unwrap_or_default();
                    audit.flag(
                        subject,
                        Flag {
                            rule: &JS_07_02,
                            severity: JS_07_02.severity,
                            at: &v.amount.at,
                            related: vec![&total.amount.at],
                            message: format!(
                                "“三公”经费{g}合计为 0，但{} 填报 {}",
                                name(v),
                                money(x)
                            ),
                            expected: Some("0.00".into()),
                            actual: Some(plain(x)),
                        },
                    );
                }
            }
        }
    }
    // JS-07-03
    let mut compared = 0;
    for item in [
        SgItem::Total,
        SgItem::Abroad,
        SgItem::Vehicles,
        SgItem::Purchase,
        SgItem::Operation,
        SgItem::Reception,
        SgItem::Meeting,
        SgItem::Training,
    ] {
        let (Some(b), Some(f)) = (s.get(SgGroup::Budget, item), s.get(SgGroup::Final, item)) else {
            continue;
        };
        compared += 1;
        AtMost {
            rule: &JS_07_03,
            subject: format!("公开07 {}：决算数 ≤ 预算数", item.name()),
            what: "“三公”经费决算数超过预算数，请在公开说明中解释原因".into(),
            part_name: name(f),
            part: &f.amount,
            whole_name: name(b),
            whole: Some(&b.amount),
            tol: Tolerance::exact(),
            severity: JS_07_03.severity,
        }
        .run(audit);
    }
    if compared == 0 {
        audit.not_applicable(
            &JS_07_03,
            "公开07 决算数 ≤ 预算数",
            "表中未同时列示预算数和决算数",
        );
    }
}
