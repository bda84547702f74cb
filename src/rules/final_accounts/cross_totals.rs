//! Cross-table agreement (JS-X-01 … JS-X-09): the same figure printed in two
//! tables must agree. A finding sits on the table named first in the
//! relation, with the other table's cells in `related`.

use super::{any, line_code, pair_tolerance, total_cell};
use crate::amount::Amount;
use crate::forms::final_accounts::model::{
    AnyTable, ClassLine, Coded, ColKey, Fund, IncomeItem, SpendCol, Table, TableKind,
};
use crate::forms::final_accounts::Publication;
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity, Tolerance};

pub const JS_X_01: Rule = Rule {
    code: "JS-X-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收入决算表合计等于收支总表本年收入合计",
    what: "公开02 合计行本年收入合计(1) 应等于公开01 本年收入合计。",
    why: "两张表反映同一笔本年收入，只是公开02 按功能分类展开；差 0.01 以内视为尾数差异。",
    example: "公开02 合计 2,217.42，公开01 本年收入合计 2,217.42 → 通过。",
    check: Check::FinalAccounts(|p, cx| totals(&JS_X_01, p, cx)),
};

pub const JS_X_02: Rule = Rule {
    code: "JS-X-02",
    title: "收入决算表财政拨款收入等于收支总表三项财政拨款收入之和",
    what: "公开02 合计行财政拨款收入(2) 应等于公开01 一般公共预算、政府性基金预算、国有资本经营预算三项财政拨款收入之和（2019 年以前格式为“财政拨款收入”一行）。",
    why: "财政拨款收入在两张表中口径相同。",
    example: "2,140.78 = 2,140.78 + 0.00 + 0.00 → 通过。",
    check: Check::FinalAccounts(|p, cx| totals(&JS_X_02, p, cx)),
    ..JS_X_01
};

pub const JS_X_03: Rule = Rule {
    code: "JS-X-03",
    title: "收入决算表其他各项收入等于收支总表对应收入",
    what: "公开02 合计行上级补助收入(3)、事业收入(4)、经营收入(5)、附属单位上缴收入(6)、其他收入(7) 应分别等于公开01 对应收入行。",
    why: "两张表反映同一笔收入。",
    example: "公开02 其他收入(7) 76.64，公开01 八、其他收入 76.64 → 通过。",
    check: Check::FinalAccounts(x03),
    ..JS_X_01
};

pub const JS_X_04: Rule = Rule {
    code: "JS-X-04",
    title: "支出决算表合计及各类支出等于收支总表",
    what: "公开03 合计行本年支出合计(1) 应等于公开01 本年支出合计；公开03 每个类级科目(1) 应等于公开01 支出侧同一类的金额。",
    why: "两张表反映同一笔本年支出。",
    example: "公开03 207 文化旅游体育与传媒支出 909.88，公开01 七、文化旅游体育与传媒支出 909.88 → 通过。",
    check: Check::FinalAccounts(|p, cx| {
        totals(&JS_X_04, p, cx);
        classes_of(&JS_X_04, p, cx);
    }),
    ..JS_X_01
};

pub const JS_X_05: Rule = Rule {
    code: "JS-X-05",
    title: "财政拨款总表本年收入等于收支总表财政拨款收入",
    what: "公开04 一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入应分别等于公开01 对应收入行。",
    why: "同一笔财政拨款收入。",
    example: "公开04 一般公共预算财政拨款 2,140.78，公开01 2,140.78 → 通过。",
    check: Check::FinalAccounts(x05),
    ..JS_X_01
};

pub const JS_X_06: Rule = Rule {
    code: "JS-X-06",
    title: "财政拨款总表一般公共预算支出等于一般公共预算财政拨款支出决算表",
    what: "公开04 一般公共预算财政拨款栏的本年支出合计应等于公开05 合计(1)，每个类级支出也应等于公开05 同一类的合计。",
    why: "公开05 是公开04 一般公共预算栏的明细。",
    example: "公开04 一般公共服务支出 1,732.98，公开05 201 合计 1,732.98 → 通过。",
    check: Check::FinalAccounts(|p, cx| {
        totals(&JS_X_06, p, cx);
        classes_of(&JS_X_06, p, cx);
    }),
    ..JS_X_01
};

pub const JS_X_07: Rule = Rule {
    code: "JS-X-07",
    title: "财政拨款总表政府性基金栏等于政府性基金预算财政拨款收支表",
    what: "公开04 政府性基金预算财政拨款的年初结转和结余、本年收入、本年支出、年末结转和结余应分别等于公开08 合计行(1)(2)(3)(6)。",
    why: "公开08 是公开04 政府性基金部分的明细。",
    example: "两表均为 0 → 通过。",
    check: Check::FinalAccounts(x07),
    ..JS_X_01
};

pub const JS_X_08: Rule = Rule {
    code: "JS-X-08",
    title: "财政拨款总表国有资本经营栏等于国有资本经营预算财政拨款支出表",
    what: "公开04 国有资本经营预算财政拨款栏的本年支出合计应等于公开09 合计(1)。",
    why: "公开09 是公开04 国有资本经营部分的明细。",
    example: "两表均为 0 → 通过。",
    check: Check::FinalAccounts(|p, cx| totals(&JS_X_08, p, cx)),
    ..JS_X_01
};

pub const JS_X_10B: Rule = Rule {
    code: "JS-X-10b",
    severity: Severity::Info,
    title: "支出决算表基本支出与人员经费、公用经费之和",
    what: "公开03 合计行基本支出(2) 与公开06 人员经费合计 + 公用经费合计比较。只有当本单位基本支出全部来自一般公共预算财政拨款时两者才应相等，因此只作提示。",
    why: "差额应是非财政拨款资金安排的基本支出；单位没有这类资金时，差额说明某张表填错。",
    example: "186.29 = 139.41 + 46.88 → 通过。",
    check: Check::FinalAccounts(|p, cx| totals(&JS_X_10B, p, cx)),
    ..JS_X_01
};

pub const JS_X_09: Rule = Rule {
    code: "JS-X-09",
    title: "一般公共预算基本支出等于人员经费与公用经费之和",
    what: "公开05 合计行基本支出(2) 应等于公开06 人员经费合计 + 公用经费合计。",
    why: "公开06 是公开05 基本支出按经济分类的明细。",
    example: "186.29 = 139.41 + 46.88 → 通过。",
    check: Check::FinalAccounts(|p, cx| totals(&JS_X_09, p, cx)),
    ..JS_X_01
};

/// The two tables a relation pairs, or — recorded — why it does not apply.
fn pair<'p, A, B>(
    cx: &mut Cx,
    rule: &'static Rule,
    subject: &str,
    a: (TableKind, &'p Option<Table<A>>),
    b: (TableKind, &'p Option<Table<B>>),
) -> Option<(&'p Table<A>, &'p Table<B>)> {
    match (a.1, b.1) {
        (Some(x), Some(y)) => Some((x, y)),
        (x, _) => {
            let missing = if x.is_none() { a.0 } else { b.0 };
            cx.not_applicable(rule, subject, format!("未找到{}表", missing.code()));
            None
        }
    }
}

/// `a = b` on table `a`'s side.
fn equal(
    cx: &mut Cx,
    rule: &'static Rule,
    subject: String,
    what: String,
    a: &Amount,
    (b_name, b): (String, Option<&Amount>),
    tol: Tolerance,
) {
    Sum::money(rule, subject, what, a, vec![Term::opt(b_name, b)], tol).run(cx);
}

/// One side of a cross-table relation: its table and its figure(s), each
/// named as the message shows it (None: the table lacks that line).
type Side<'p> = (AnyTable<'p>, Vec<(String, Option<&'p Amount>)>);

/// A relation `left = Σ right` between two tables, as data: the rows of
/// [`TOTALS`] share one evaluation (table pairing, units, 无法校验 when a
/// figure is missing, the finding on the left table).
struct Relation {
    rule: &'static Rule,
    subject: &'static str,
    what: &'static str,
    /// The tables paired, for the message when one is missing.
    tables: (TableKind, TableKind),
    left: for<'p> fn(&'p Publication) -> Option<Side<'p>>,
    right: for<'p> fn(&'p Publication) -> Option<Side<'p>>,
    /// What was not found when a figure is missing.
    missing: &'static str,
}

fn coded<'p>(t: &'p Option<Table<Coded>>, key: ColKey, name: &str) -> Option<Side<'p>> {
    let t = t.as_ref()?;
    Some((any(t), vec![(name.to_string(), total_cell(&t.body, key))]))
}

/// 公开04's 本年支出合计 in the column of one fund.
fn t04_spend_total(p: &Publication, fund: Fund) -> Option<Side<'_>> {
    let t = p.t04.as_ref()?;
    let f = &t.body;
    let cell = f
        .col(SpendCol::Fund(fund))
        .and_then(|j| f.spend_total.as_ref().map(|l| &l.values[j]));
    Some((any(t), vec![(String::new(), cell)]))
}

/// The single-figure equalities between tables.
const TOTALS: &[Relation] = &[
    Relation {
        rule: &JS_X_01,
        subject: "公开02 合计本年收入合计(1) = 公开01 本年收入合计",
        what: "收入决算表合计与收支总表本年收入合计不符",
        tables: (TableKind::T02, TableKind::T01),
        left: |p| coded(&p.t02, ColKey::Total, ""),
        right: |p| {
            let t = p.t01.as_ref()?;
            let line = t.body.income_total.as_ref().map(|l| &l.amount);
            Some((any(t), vec![("公开01 本年收入合计".into(), line)]))
        },
        missing: "公开02 合计行或公开01 本年收入合计",
    },
    Relation {
        rule: &JS_X_02,
        subject: "公开02 合计财政拨款收入(2) = 公开01 各项财政拨款收入之和",
        what: "收入决算表财政拨款收入与收支总表财政拨款收入不符",
        tables: (TableKind::T02, TableKind::T01),
        left: |p| coded(&p.t02, ColKey::Fiscal, ""),
        right: |p| {
            let t = p.t01.as_ref()?;
            let o = &t.body;
            let lines: Vec<_> = if o.pre_2019() {
                o.income_line(IncomeItem::FiscalTotal).into_iter().collect()
            } else {
                [IncomeItem::General, IncomeItem::GovFund, IncomeItem::StateCapital]
                    .iter()
                    .filter_map(|&i| o.income_line(i))
                    .collect()
            };
            // No fiscal line at all is a missing figure, not a zero.
            let terms = if lines.is_empty() {
                vec![("公开01 财政拨款收入".into(), None)]
            } else {
                lines
                    .iter()
                    .map(|l| (format!("公开01 {}", l.label), Some(&l.amount)))
                    .collect()
            };
            Some((any(t), terms))
        },
        missing: "公开02 财政拨款收入栏或公开01 财政拨款收入行",
    },
    Relation {
        rule: &JS_X_04,
        subject: "公开03 合计本年支出合计(1) = 公开01 本年支出合计",
        what: "支出决算表合计与收支总表本年支出合计不符",
        tables: (TableKind::T03, TableKind::T01),
        left: |p| coded(&p.t03, ColKey::Total, ""),
        right: |p| {
            let t = p.t01.as_ref()?;
            let line = t.body.spend_total.as_ref().map(|l| &l.amount);
            Some((any(t), vec![("公开01 本年支出合计".into(), line)]))
        },
        missing: "公开03 合计行或公开01 本年支出合计",
    },
    Relation {
        rule: &JS_X_06,
        subject: "公开04 一般公共预算栏本年支出合计 = 公开05 合计(1)",
        what: "财政拨款总表一般公共预算支出与公开05 合计不符",
        tables: (TableKind::T04, TableKind::T05),
        left: |p| t04_spend_total(p, Fund::General),
        right: |p| coded(&p.t05, ColKey::Total, "公开05 合计"),
        missing: "公开04 一般公共预算栏本年支出合计或公开05 合计行",
    },
    Relation {
        rule: &JS_X_08,
        subject: "公开04 国有资本经营栏本年支出合计 = 公开09 合计(1)",
        what: "国有资本经营预算财政拨款支出在财政拨款总表与公开09 中不符",
        tables: (TableKind::T04, TableKind::T09),
        left: |p| t04_spend_total(p, Fund::StateCapital),
        right: |p| coded(&p.t09, ColKey::Total, "公开09 合计"),
        missing: "公开04 国有资本经营预算财政拨款栏或公开09 合计行",
    },
    Relation {
        rule: &JS_X_09,
        subject: "公开05 合计基本支出(2) = 公开06 人员经费合计 + 公用经费合计",
        what: "一般公共预算基本支出与人员经费、公用经费之和不符",
        tables: (TableKind::T05, TableKind::T06),
        left: |p| coded(&p.t05, ColKey::Basic, ""),
        right: economic_totals,
        missing: "公开05 基本支出合计或公开06 人员经费合计、公用经费合计",
    },
    Relation {
        rule: &JS_X_10B,
        subject: "公开03 合计基本支出(2) 与 公开06 人员经费合计 + 公用经费合计",
        what: "支出决算表基本支出与公开06 人员经费、公用经费之和不同（如本单位基本支出全部来自一般公共预算财政拨款，两者应相等；否则差额应为其他资金安排的基本支出）",
        tables: (TableKind::T03, TableKind::T06),
        left: |p| coded(&p.t03, ColKey::Basic, ""),
        right: economic_totals,
        missing: "公开03 基本支出合计或公开06 人员经费合计、公用经费合计",
    },
];

/// 公开06 人员经费合计 + 公用经费合计 (JS-X-09, JS-X-10b).
fn economic_totals(p: &Publication) -> Option<Side<'_>> {
    let t = p.t06.as_ref()?;
    let b = &t.body;
    Some((
        any(t),
        vec![
            (
                "公开06 人员经费合计".into(),
                b.personnel_total.as_ref().map(|l| &l.amount),
            ),
            (
                "公开06 公用经费合计".into(),
                b.public_total.as_ref().map(|l| &l.amount),
            ),
        ],
    ))
}

/// Evaluate every row of [`TOTALS`] that belongs to `rule`.
fn totals(rule: &'static Rule, p: &Publication, cx: &mut Cx) {
    for r in TOTALS.iter().filter(|r| r.rule == rule) {
        let (Some((lt, left)), Some((rt, right))) = ((r.left)(p), (r.right)(p)) else {
            let absent = if (r.left)(p).is_none() { r.tables.0 } else { r.tables.1 };
            cx.not_applicable(r.rule, r.subject, format!("未找到{}表", absent.code()));
            continue;
        };
        let Some(tol) = pair_tolerance(cx, r.rule, r.subject, lt, rt) else {
            continue;
        };
        let total = left.first().and_then(|(_, a)| *a);
        let (Some(total), true) = (total, right.iter().all(|(_, a)| a.is_some())) else {
            cx.cannot_check(r.rule, r.subject, Some(&lt.meta.title_at), format!("未找到{}", r.missing));
            continue;
        };
        let terms = right
            .into_iter()
            .map(|(name, a)| Term::opt(name, a))
            .collect();
        Sum::money(r.rule, r.subject, r.what, total, terms, tol).run(cx);
    }
}

fn x03(p: &Publication, cx: &mut Cx) {
    let subject = "公开02 合计各项收入 = 公开01 对应收入";
    let Some((t02, t01)) = pair(cx, &JS_X_03, subject, (TableKind::T02, &p.t02), (TableKind::T01, &p.t01)) else {
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_03, subject, any(t02), any(t01)) else {
        return;
    };
    for (key, item) in [
        (ColKey::Superior, IncomeItem::Superior),
        (ColKey::Business, IncomeItem::Business),
        (ColKey::Operating, IncomeItem::Operating),
        (ColKey::Affiliated, IncomeItem::Affiliated),
        (ColKey::Other, IncomeItem::Other),
    ] {
        let name = key.name(TableKind::T02);
        let subject = format!("公开02 合计{name} = 公开01 {name}");
        match total_cell(&t02.body, key) {
            Some(a) => equal(
                cx,
                &JS_X_03,
                subject,
                format!("收入决算表{name}与收支总表不符"),
                a,
                (
                    format!("公开01 {name}"),
                    t01.body.income_line(item).map(|l| &l.amount),
                ),
                tol,
            ),
            None => cx.not_applicable(&JS_X_03, subject, format!("公开02 未列示{name}栏")),
        }
    }
}

/// Overview 类 lines (column `lj` of table `lt`) against the 3-digit rows
/// of a coded table (column `cj` of `ct`), flagged on the coded side when
/// `on_coded`.
fn classes<A>(
    cx: &mut Cx,
    rule: &'static Rule,
    (lt, lines, lj): (&Table<A>, &[ClassLine], usize),
    (ct, cj): (&Table<Coded>, usize),
    on_coded: bool,
    tol: Tolerance,
) {
    let c = &ct.body;
    let (lcode, ccode) = (lt.meta.kind.code(), ct.meta.kind.code());
    let mut seen = Vec::new();
    for line in lines {
        let amount = &line.values[lj];
        let Some(code) = line_code(line, c) else {
            if amount.value().is_some_and(|v| !v.is_zero()) {
                cx.cannot_check(
                    rule,
                    format!("{lcode} {} = {ccode} 同类支出", line.label),
                    Some(&amount.at),
                    "无法确定该行对应的功能分类科目编码",
                );
            }
            continue;
        };
        let row = c.row(&code);
        seen.push(code.clone());
        if row.is_none() && amount.value().is_none_or(|v| v.is_zero()) {
            continue;
        }
        let what = format!("{code} {} 在{lcode}与{ccode}中的金额不符", line.label);
        match row {
            Some(r) if on_coded => equal(
                cx,
                rule,
                format!("{ccode} {} = {lcode} {}", r.title(), line.label),
                what,
                &r.values[cj],
                (format!("{lcode} {}", line.label), Some(amount)),
                tol,
            ),
            Some(r) => equal(
                cx,
                rule,
                format!("{lcode} {} = {ccode} {code}", line.label),
                what,
                amount,
                (format!("{ccode} {}", r.title()), Some(&r.values[cj])),
                tol,
            ),
            None => equal(
                cx,
                rule,
                format!("{lcode} {} = {ccode} {code}", line.label),
                what,
                amount,
                (format!("{ccode} {code}"), None),
                tol,
            ),
        }
    }
    for r in c
        .rows
        .iter()
        .filter(|r| r.code.len() == 3 && !seen.contains(&r.code))
    {
        let a = &r.values[cj];
        if a.value().is_none_or(|v| v.is_zero()) {
            continue;
        }
        equal(
            cx,
            rule,
            format!("{ccode} {} = {lcode} 同类支出", r.title()),
            format!("{} 在{lcode}中未列示", r.title()),
            a,
            (format!("{lcode} {}", r.name), None),
            tol,
        );
    }
}

/// The 类 lines of the overview tables against the coded tables: 公开01
/// against 公开03 (JS-X-04, flagged on 公开03), the general-budget column of
/// 公开04 against 公开05 (JS-X-06, flagged on 公开04).
fn classes_of(rule: &'static Rule, p: &Publication, cx: &mut Cx) {
    let subject = "各类支出在两表中相等";
    if rule == &JS_X_04 {
        let (Some(t01), Some(t03)) = (&p.t01, &p.t03) else { return };
        let (Some(tol), Some(cj)) = (
            pair_tolerance(cx, rule, subject, any(t03), any(t01)),
            t03.body.col(ColKey::Total),
        ) else {
            return;
        };
        classes(cx, rule, (t01, &t01.body.classes, 0), (t03, cj), true, tol);
    } else {
        let (Some(t04), Some(t05)) = (&p.t04, &p.t05) else { return };
        let gj = t04.body.col(SpendCol::Fund(Fund::General));
        let (Some(tol), Some(gj), Some(cj)) = (
            pair_tolerance(cx, rule, subject, any(t04), any(t05)),
            gj,
            t05.body.col(ColKey::Total),
        ) else {
            return;
        };
        classes(cx, rule, (t04, &t04.body.classes, gj), (t05, cj), false, tol);
    }
}

fn x05(p: &Publication, cx: &mut Cx) {
    let subject = "公开04 本年财政拨款收入 = 公开01 财政拨款收入";
    let Some((t04, t01)) = pair(cx, &JS_X_05, subject, (TableKind::T04, &p.t04), (TableKind::T01, &p.t01)) else {
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_05, subject, any(t04), any(t01)) else {
        return;
    };
    let (o, f) = (&t01.body, &t04.body);
    for fund in Fund::ALL {
        let Some(a) = f.income_fund(fund) else { continue };
        let b = match fund {
            Fund::General => o.income_line(IncomeItem::General),
            Fund::GovFund => o
                .income_line(IncomeItem::GovFund)
                .or_else(|| o.of_which_line(IncomeItem::GovFund)),
            Fund::StateCapital => o.income_line(IncomeItem::StateCapital),
        };
        let b = b.or_else(|| {
            // Pre-2019 公开01 has one 财政拨款收入 line for the general fund.
            (fund == Fund::General && o.pre_2019())
                .then(|| o.income_line(IncomeItem::FiscalTotal))
                .flatten()
        });
        equal(
            cx,
            &JS_X_05,
            format!("公开04 {} = 公开01 {}收入", fund.label(), fund.label()),
            format!("{}收入在财政拨款总表与收支总表中不符", fund.label()),
            &a.amount,
            (
                format!("公开01 {}", b.map_or(fund.label(), |l| l.label.as_str())),
                b.map(|l| &l.amount),
            ),
            tol,
        );
    }
}

fn x07(p: &Publication, cx: &mut Cx) {
    let subject = "公开04 政府性基金栏 = 公开08 合计";
    let Some((t04, t08)) = pair(cx, &JS_X_07, subject, (TableKind::T04, &p.t04), (TableKind::T08, &p.t08)) else {
        return;
    };
    let Some(tol) = pair_tolerance(cx, &JS_X_07, subject, any(t04), any(t08)) else {
        return;
    };
    let (f, c) = (&t04.body, &t08.body);
    let col = f.col(SpendCol::Fund(Fund::GovFund));
    let spend = col.and_then(|j| f.spend_total.as_ref().map(|l| &l.values[j]));
    let closing = f
        .closing_fund(Fund::GovFund)
        .map(|l| &l.amount)
        .or_else(|| col.and_then(|j| f.closing.as_ref().map(|l| &l.values[j])));
    for (name, a, key) in [
        (
            "年初结转和结余",
            f.opening_fund(Fund::GovFund).map(|l| &l.amount),
            ColKey::Opening,
        ),
        (
            "本年收入",
            f.income_fund(Fund::GovFund).map(|l| &l.amount),
            ColKey::Income,
        ),
        ("本年支出", spend, ColKey::Total),
        ("年末结转和结余", closing, ColKey::Closing),
    ] {
        let t08_name = format!("公开08 合计{}", key.name(TableKind::T08));
        let subject = format!("公开04 政府性基金{name} = {t08_name}");
        match a {
            Some(a) => equal(
                cx,
                &JS_X_07,
                subject,
                format!("政府性基金{name}在财政拨款总表与公开08 中不符"),
                a,
                (t08_name, total_cell(c, key)),
                tol,
            ),
            None => cx.cannot_check(
                &JS_X_07,
                subject,
                Some(&t04.meta.title_at),
                format!("公开04 未列示政府性基金{name}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::Error;

    fn relation(rule: &'static crate::rules::Rule, edits: &[(&str, &str, &str)], cell: &str) {
        run_final_accounts(rule, &seed_final_accounts()).assert_passed(rule.code);
        let r = run_final_accounts(rule, &seed_with(edits));
        r.assert_flag(rule.code, Error, cell);
    }

    #[test]
    fn js_x_01_income_total_across() {
        relation(&super::JS_X_01, &[(T02, "E7", "2,227.42"), (T02, "K7", "86.64")], "E7");
    }

    #[test]
    fn js_x_02_fiscal_income_across() {
        relation(&super::JS_X_02, &[(T02, "E7", "2,227.42"), (T02, "F7", "2,150.78")], "F7");
    }

    #[test]
    fn js_x_03_other_income_across() {
        relation(&super::JS_X_03, &[(T02, "E7", "2,227.42"), (T02, "K7", "86.64")], "K7");
    }

    #[test]
    fn js_x_04_spending_and_classes_across() {
        relation(&super::JS_X_04, &[(T03, "E22", "11.53")], "E22");
        relation(&super::JS_X_04, &[(T03, "E7", "2,706.91")], "E7");
    }

    #[test]
    fn js_x_05_fiscal_income_in_both_overviews() {
        relation(&super::JS_X_05, &[(T04, "C8", "2,104.78")], "C8");
    }

    #[test]
    fn js_x_06_general_budget_spending() {
        relation(&super::JS_X_06, &[(T05, "E8", "1,742.98")], "G8");
    }

    #[test]
    fn js_x_07_gov_fund_column() {
        relation(&super::JS_X_07, &[(T08, "F8", "10.00")], "C9");
    }

    #[test]
    fn js_x_08_state_capital_column() {
        relation(&super::JS_X_08, &[(T09, "E8", "3.00")], "I34");
    }

    #[test]
    fn js_x_09_basic_spending_detail() {
        relation(&super::JS_X_09, &[(T06, "C34", "149.41")], "F7");
    }

    #[test]
    fn js_x_10b_basic_spending_of_all_funds_is_only_a_hint() {
        run_final_accounts(&super::JS_X_10B, &seed_final_accounts()).assert_passed("JS-X-10b");
        let r = run_final_accounts(&super::JS_X_10B, &seed_with(&[(T06, "C34", "149.41")]));
        r.assert_only("JS-X-10b", crate::rules::Severity::Info, "F7");
    }

    #[test]
    fn tables_in_different_units_are_not_compared() {
        let r = run_final_accounts(&super::JS_X_01, &seed_with(&[(T02, "J3", "金额单位：元")]));
        r.assert_not_checked("JS-X-01");
    }
}
