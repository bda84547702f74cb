//! Cross-table rules (JS-X-01 … JS-X-11, JS-X-10b): the same figure printed
//! in two tables must agree, and fiscal tables are subsets of all-fund ones.
//! A finding sits on the table named first in the relation, with the other
//! table's cells in `related`.

use super::sums::{AtMost, Sum, Term};
use super::tol_between;
use crate::amount::Amount;
use crate::forms::final_accounts::model::{
    ClassLine, Coded, ColKey, Fund, IncomeItem, SgGroup, SgItem, SpendCol, Table, TableKind,
    TableSet,
};
use crate::forms::final_accounts::names::strip_ordinal;
use crate::forms::labels::norm;
use crate::rules::{Audit, Family, RuleDoc, Severity, Tolerance};

macro_rules! cross_rule {
    ($name:ident, $code:literal, $sev:ident, $title:literal, $what:literal, $why:literal, $example:literal) => {
        pub const $name: RuleDoc = RuleDoc {
            code: $code,
            family: Family::FinalAccounts,
            severity: Severity::$sev,
            title: $title,
            what: $what,
            why: $why,
            example: $example,
        };
    };
}

cross_rule!(
    JS_X_01,
    "JS-X-01",
    Error,
    "收入决算表合计等于收支总表本年收入合计",
    "公开02 合计行本年收入合计(1) 应等于公开01 本年收入合计。",
    "两张表反映同一笔本年收入，只是公开02 按功能分类展开；差 0.01 以内视为尾数差异。",
    "公开02 合计 2,217.42，公开01 本年收入合计 2,217.42 → 通过。"
);
cross_rule!(JS_X_02, "JS-X-02", Error,
    "收入决算表财政拨款收入等于收支总表三项财政拨款收入之和",
    "公开02 合计行财政拨款收入(2) 应等于公开01 一般公共预算、政府性基金预算、国有资本经营预算三项财政拨款收入之和（2019 年以前格式为“财政拨款收入”一行）。",
    "财政拨款收入在两张表中口径相同。",
    "2,140.78 = 2,140.78 + 0.00 + 0.00 → 通过。");
cross_rule!(JS_X_03, "JS-X-03", Error,
    "收入决算表其他各项收入等于收支总表对应收入",
    "公开02 合计行上级补助收入(3)、事业收入(4)、经营收入(5)、附属单位上缴收入(6)、其他收入(7) 应分别等于公开01 对应收入行。",
    "两张表反映同一笔收入。",
    "公开02 其他收入(7) 76.64，公开01 八、其他收入 76.64 → 通过。");
cross_rule!(JS_X_04, "JS-X-04", Error,
    "支出决算表合计及各类支出等于收支总表",
    "公开03 合计行本年支出合计(1) 应等于公开01 本年支出合计；公开03 每个类级科目(1) 应等于公开01 支出侧同一类的金额。",
    "两张表反映同一笔本年支出。",
    "公开03 207 文化旅游体育与传媒支出 909.88，公开01 七、文化旅游体育与传媒支出 909.88 → 通过。");
cross_rule!(JS_X_05, "JS-X-05", Error,
    "财政拨款总表本年收入等于收支总表财政拨款收入",
    "公开04 一般公共预算、政府性基金预算、国有资本经营预算财政拨款收入应分别等于公开01 对应收入行。",
    "同一笔财政拨款收入。",
    "公开04 一般公共预算财政拨款 2,140.78，公开01 2,140.78 → 通过。");
cross_rule!(JS_X_06, "JS-X-06", Error,
    "财政拨款总表一般公共预算支出等于一般公共预算财政拨款支出决算表",
    "公开04 一般公共预算财政拨款栏的本年支出合计应等于公开05 合计(1)，每个类级支出也应等于公开05 同一类的合计。",
    "公开05 是公开04 一般公共预算栏的明细。",
    "公开04 一般公共服务支出 1,732.98，公开05 201 合计 1,732.98 → 通过。");
cross_rule!(JS_X_07, "JS-X-07", Error,
    "财政拨款总表政府性基金栏等于政府性基金预算财政拨款收支表",
    "公开04 政府性基金预算财政拨款的年初结转和结余、本年收入、本年支出、年末结转和结余应分别等于公开08 合计行(1)(2)(3)(6)。",
    "公开08 是公开04 政府性基金部分的明细。",
    "两表均为 0 → 通过。");
cross_rule!(
    JS_X_08,
    "JS-X-08",
    Error,
    "财政拨款总表国有资本经营栏等于国有资本经营预算财政拨款支出表",
    "公开04 国有资本经营预算财政拨款栏的本年支出合计应等于公开09 合计(1)。",
    "公开09 是公开04 国有资本经营部分的明细。",
    "两表均为 0 → 通过。"
);
cross_rule!(
    JS_X_09,
    "JS-X-09",
    Error,
    "一般公共预算基本支出等于人员经费与公用经费之和",
    "公开05 合计行基本支出(2) 应等于公开06 人员经费合计 + 公用经费合计。",
    "公开06 是公开05 基本支出按经济分类的明细。",
    "186.29 = 139.41 + 46.88 → 通过。"
);
cross_rule!(JS_X_10, "JS-X-10", Warning,
    "财政拨款支出不应大于全部资金支出",
    "按功能分类科目逐行：公开04 合计 ≤ 公开03 本年支出合计(1)；公开05 基本支出 ≤ 公开03 基本支出(2)；公开05 项目支出 ≤ 公开03 项目支出(3)。",
    "财政拨款是全部资金的一部分，同一科目的财政拨款支出不会超过全部支出；超过时多为科目或栏次填错。",
    "公开05 20103 项目支出 518.97 ≤ 公开03 549.62 → 通过。");
cross_rule!(JS_X_10B, "JS-X-10b", Info,
    "支出决算表基本支出与人员经费、公用经费之和",
    "公开03 合计行基本支出(2) 与公开06 人员经费合计 + 公用经费合计比较。只有当本单位基本支出全部来自一般公共预算财政拨款时两者才应相等，因此只作提示。",
    "差额应是非财政拨款资金安排的基本支出；单位没有这类资金时，差额说明某张表填错。",
    "186.29 = 139.41 + 46.88 → 通过。");
cross_rule!(JS_X_11, "JS-X-11", Warning,
    "基本支出中的“三公”经济分类不应大于“三公”经费决算数",
    "公开06 30212 因公出国（境）费用 ≤ 公开07 因公出国（境）费决算数(8)；30217 公务接待费 ≤ (12)；30231 公务用车运行维护费 ≤ (11)；31013 公务用车购置 ≤ (10)。",
    "“三公”经费决算数包括基本支出和项目支出，公开06 只含基本支出，所以只能是“不大于”；口径不同，作为警告。",
    "公开06 30231 4.06 ≤ 公开07 公务用车运行费 4.06 → 通过。");

/// Comparison of two tables, or a recorded reason why not.
fn pair_tol(
    audit: &mut Audit,
    rule: &'static RuleDoc,
    subject: &str,
    a: &Table,
    b: &Table,
) -> Option<Tolerance> {
    match tol_between(a, b) {
        Ok(t) => Some(t),
        Err(why) => {
            audit.form = a.meta.form;
            audit.cannot_check(rule, subject, Some(&a.meta.title_at), why);
            None
        }
    }
}

/// `a == b`, flagged on `a` (in table `ta`).
#[allow(clippy::too_many_arguments)]
fn equal(
    audit: &mut Audit,
    rule: &'static RuleDoc,
    ta: &Table,
    subject: String,
    what: String,
    a: &Amount,
    b_name: String,
    b: Option<&Amount>,
    tol: Tolerance,
) {
    audit.form = ta.meta.form;
    Sum {
        rule,
        subject,
        what,
        total: a,
        terms: vec![Term::opt(b_name, b)],
        tol,
    }
    .run(audit);
}

fn total_cell(c: &Coded, key: ColKey) -> Option<&Amount> {
    let j = c.col(key)?;
    c.total.as_ref().map(|r| &r.values[j])
}

/// Run every cross-table rule on one publication set.
pub fn check(set: &TableSet<'_>, audit: &mut Audit) {
    let t = |k| set.get(k);
    if let (Some(t01), Some(t02)) = (t(TableKind::T01), t(TableKind::T02)) {
        x01_x03(t01, t02, audit);
    }
    if let (Some(t01), Some(t03)) = (t(TableKind::T01), t(TableKind::T03)) {
        x04(t01, t03, audit);
    }
    if let (Some(t01), Some(t04)) = (t(TableKind::T01), t(TableKind::T04)) {
        x05(t01, t04, audit);
    }
    if let (Some(t04), Some(t05)) = (t(TableKind::T04), t(TableKind::T05)) {
        x06(t04, t05, audit);
    }
    if let Some(t04) = t(TableKind::T04) {
        audit.form = t04.meta.form;
        match t(TableKind::T08) {
            Some(t08) => x07(t04, t08, audit),
            None => audit.not_applicable(
                &JS_X_07,
                "公开04 政府性基金栏 = 公开08 合计",
                "未找到公开08表",
            ),
        }
        match t(TableKind::T09) {
            Some(t09) => x08(t04, t09, audit),
            None => {
                audit.form = t04.meta.form;
                audit.not_applicable(
                    &JS_X_08,
                    "公开04 国有资本经营栏 = 公开09 合计",
                    "未找到公开09表",
                )
            }
        }
    }
    if let (Some(t05), Some(t06)) = (t(TableKind::T05), t(TableKind::T06)) {
        x09(t05, t06, audit);
    }
    if let Some(t03) = t(TableKind::T03) {
        if let Some(t04) = t(TableKind::T04) {
            x10_t04(t04, t03, audit);
        }
        if let Some(t05) = t(TableKind::T05) {
            x10_t05(t05, t03, audit);
        }
        if let Some(t06) = t(TableKind::T06) {
            x10b(t03, t06, audit);
        }
    }
    if let (Some(t06), Some(t07)) = (t(TableKind::T06), t(TableKind::T07)) {
        x11(t06, t07, audit);
    }
}

fn x01_x03(t01: &Table, t02: &Table, audit: &mut Audit) {
    audit.form = t02.meta.form;
    let (Some(o), Some(c)) = (t01.overview(), t02.coded()) else {
        return;
    };
    let subject = "公开02 合计本年收入合计(1) = 公开01 本年收入合计".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_01, &subject, t02, t01) else {
        return;
    };
    match (total_cell(c, ColKey::Total), &o.income_total) {
        (Some(a), Some(b)) => equal(
            audit,
            &JS_X_01,
            t02,
            subject,
            "收入决算表合计与收支总表本年收入合计不符".into(),
            a,
            "公开01 本年收入合计".into(),
            Some(&b.amount),
            tol,
        ),
        _ => audit.cannot_check(
            &JS_X_01,
            subject,
            None,
            "未找到公开02 合计行或公开01 本年收入合计",
        ),
    }
    // JS-X-02
    let subject = "公开02 合计财政拨款收入(2) = 公开01 各项财政拨款收入之和".to_string();
    let fiscal: Vec<_> = if o.pre_2019() {
        o.income_line(IncomeItem::FiscalTotal).into_iter().collect()
    } else {
        [
            IncomeItem::General,
            IncomeItem::GovFund,
            IncomeItem::StateCapital,
        ]
        .iter()
        .filter_map(|&i| o.income_line(i))
        .collect()
    };
    match total_cell(c, ColKey::Fiscal) {
        Some(a) if !fiscal.is_empty() => {
            audit.form = t02.meta.form;
            Sum {
                rule: &JS_X_02,
                subject,
                what: "收入决算表财政拨款收入与收支总表财政拨款收入不符".into(),
                total: a,
                terms: fiscal
                    .iter()
                    .map(|l| Term::plus(format!("公开01 {}", l.label), &l.amount))
                    .collect(),
                tol,
            }
            .run(audit);
        }
        _ => audit.cannot_check(
            &JS_X_02,
            subject,
            None,
            "未找到公开02 财政拨款收入栏或公开01 财政拨款收入行",
        ),
    }
    // JS-X-03
    for (key, item) in [
        (ColKey::Superior, IncomeItem::Superior),
        (ColKey::Business, IncomeItem::Business),
        (ColKey::Operating, IncomeItem::Operating),
        (ColKey::Affiliated, IncomeItem::Affiliated),
        (ColKey::Other, IncomeItem::Other),
    ] {
        let name = key.name(TableKind::T02);
        let subject = format!("公开02 合计{name} = 公开01 {name}");
        match total_cell(c, key) {
            Some(a) => {
                let b = o.income_line(item);
                equal(
                    audit,
                    &JS_X_03,
                    t02,
                    subject,
                    format!("收入决算表{name}与收支总表不符"),
                    a,
                    format!("公开01 {name}"),
                    b.map(|l| &l.amount),
                    tol,
                );
            }
            None => audit.not_applicable(&JS_X_03, subject, format!("公开02 未列示{name}栏")),
        }
    }
}

/// The 类 code of an overview line: from the name, or by matching the name
/// against the 3-digit rows of `coded`.
fn line_code(line: &ClassLine, coded: &Coded) -> Option<String> {
    if let Some(code) = &line.code {
        return Some(code.clone());
    }
    let name = strip_ordinal(&line.label);
    coded
        .rows
        .iter()
        .filter(|r| r.code.len() == 3)
        .find(|r| norm(&r.name) == name)
        .map(|r| r.code.clone())
}

/// Overview 类 lines (column `lj`) against the 3-digit rows of a coded
/// table (column `cj`), flagged on the coded side when `on_coded`.
#[allow(clippy::too_many_arguments)]
fn classes(
    audit: &mut Audit,
    rule: &'static RuleDoc,
    lines: (&Table, &[ClassLine], usize),
    coded: (&Table, &Coded, usize),
    on_coded: bool,
    tol: Tolerance,
) {
    let (lt, lines, lj) = lines;
    let (ct, c, cj) = coded;
    let (lcode, ccode) = (lt.meta.kind.code(), ct.meta.kind.code());
    let mut seen = Vec::new();
    for line in lines {
        let amount = &line.values[lj];
        let Some(code) = line_code(line, c) else {
            if amount.value().is_some_and(|v| !v.is_zero()) {
                audit.form = lt.meta.form;
                audit.cannot_check(
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
        let subject = match row {
            Some(r) if on_coded => format!("{ccode} {} = {lcode} {}", r.title(), line.label),
            _ => format!("{lcode} {} = {ccode} {code}", line.label),
        };
        let what = format!("{code} {} 在{lcode}与{ccode}中的金额不符", line.label);
        match row {
            Some(r) if on_coded => equal(
                audit,
                rule,
                ct,
                subject,
                what,
                &r.values[cj],
                format!("{lcode} {}", line.label),
                Some(amount),
                tol,
            ),
            Some(r) => equal(
                audit,
                rule,
                lt,
                subject,
                what,
                amount,
                format!("{ccode} {}", r.title()),
                Some(&r.values[cj]),
                tol,
            ),
            None => equal(
                audit,
                rule,
                lt,
                subject,
                what,
                amount,
                format!("{ccode} {code}"),
                None,
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
            audit,
            rule,
            ct,
            format!("{ccode} {} = {lcode} 同类支出", r.title()),
            format!("{} 在{lcode}中未列示", r.title()),
            a,
            format!("{lcode} {}", r.name),
            None,
            tol,
        );
    }
}

fn x04(t01: &Table, t03: &Table, audit: &mut Audit) {
    audit.form = t03.meta.form;
    let (Some(o), Some(c)) = (t01.overview(), t03.coded()) else {
        return;
    };
    let subject = "公开03 合计本年支出合计(1) = 公开01 本年支出合计".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_04, &subject, t03, t01) else {
        return;
    };
    match (total_cell(c, ColKey::Total), &o.spend_total) {
        (Some(a), Some(b)) => equal(
            audit,
            &JS_X_04,
            t03,
            subject,
            "支出决算表合计与收支总表本年支出合计不符".into(),
            a,
            "公开01 本年支出合计".into(),
            Some(&b.amount),
            tol,
        ),
        _ => audit.cannot_check(
            &JS_X_04,
            subject,
            None,
            "未找到公开03 合计行或公开01 本年支出合计",
        ),
    }
    if let Some(cj) = c.col(ColKey::Total) {
        classes(
            audit,
            &JS_X_04,
            (t01, &o.classes, 0),
            (t03, c, cj),
            true,
            tol,
        );
    }
}

fn x05(t01: &Table, t04: &Table, audit: &mut Audit) {
    audit.form = t04.meta.form;
    let (Some(o), Some(f)) = (t01.overview(), t04.fiscal()) else {
        return;
    };
    let subject = "公开04 本年财政拨款收入 = 公开01 财政拨款收入".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_05, &subject, t04, t01) else {
        return;
    };
    for fund in Fund::ALL {
        let Some(a) = f.income_fund(fund) else {
            continue;
        };
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
            audit,
            &JS_X_05,
            t04,
            format!("公开04 {} = 公开01 {}收入", fund.label(), fund.label()),
            format!("{}收入在财政拨款总表与收支总表中不符", fund.label()),
            &a.amount,
            format!("公开01 {}", b.map_or(fund.label(), |l| l.label.as_str())),
            b.map(|l| &l.amount),
            tol,
        );
    }
}

fn x06(t04: &Table, t05: &Table, audit: &mut Audit) {
    audit.form = t04.meta.form;
    let (Some(f), Some(c)) = (t04.fiscal(), t05.coded()) else {
        return;
    };
    let subject = "公开04 一般公共预算栏本年支出合计 = 公开05 合计(1)".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_06, &subject, t04, t05) else {
        return;
    };
    let Some(gj) = f.col(SpendCol::Fund(Fund::General)) else {
        audit.not_applicable(
            &JS_X_06,
            subject,
            "公开04 支出侧未分栏列示一般公共预算财政拨款",
        );
        return;
    };
    match (&f.spend_total, total_cell(c, ColKey::Total)) {
        (Some(a), Some(b)) => equal(
            audit,
            &JS_X_06,
            t04,
            subject,
            "财政拨款总表一般公共预算支出与公开05 合计不符".into(),
            &a.values[gj],
            "公开05 合计".into(),
            Some(b),
            tol,
        ),
        _ => audit.cannot_check(
            &JS_X_06,
            subject,
            None,
            "未找到公开04 本年支出合计或公开05 合计行",
        ),
    }
    if let Some(cj) = c.col(ColKey::Total) {
        classes(
            audit,
            &JS_X_06,
            (t04, &f.classes, gj),
            (t05, c, cj),
            false,
            tol,
        );
    }
}

fn x07(t04: &Table, t08: &Table, audit: &mut Audit) {
    audit.form = t04.meta.form;
    let (Some(f), Some(c)) = (t04.fiscal(), t08.coded()) else {
        return;
    };
    let subject = "公开04 政府性基金栏 = 公开08 合计".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_07, &subject, t04, t08) else {
        return;
    };
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
        let subject = format!(
            "公开04 政府性基金{name} = 公开08 合计{}",
            key.name(TableKind::T08)
        );
        match (a, total_cell(c, key)) {
            (Some(a), b) => equal(
                audit,
                &JS_X_07,
                t04,
                subject,
                format!("政府性基金{name}在财政拨款总表与公开08 中不符"),
                a,
                format!("公开08 合计{}", key.name(TableKind::T08)),
                b,
                tol,
            ),
            (None, _) => audit.cannot_check(
                &JS_X_07,
                subject,
                None,
                format!("公开04 未列示政府性基金{name}"),
            ),
        }
    }
}

fn x08(t04: &Table, t09: &Table, audit: &mut Audit) {
    audit.form = t04.meta.form;
    let (Some(f), Some(c)) = (t04.fiscal(), t09.coded()) else {
        return;
    };
    let subject = "公开04 国有资本经营栏本年支出合计 = 公开09 合计(1)".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_08, &subject, t04, t09) else {
        return;
    };
    let spend = f
        .col(SpendCol::Fund(Fund::StateCapital))
        .and_then(|j| f.spend_total.as_ref().map(|l| &l.values[j]));
    match spend {
        Some(a) => equal(
            audit,
            &JS_X_08,
            t04,
            subject,
            "国有资本经营预算财政拨款支出在财政拨款总表与公开09 中不符".into(),
            a,
            "公开09 合计".into(),
            total_cell(c, ColKey::Total),
            tol,
        ),
        None => audit.not_applicable(&JS_X_08, subject, "公开04 未列示国有资本经营预算财政拨款栏"),
    }
}

fn x09(t05: &Table, t06: &Table, audit: &mut Audit) {
    audit.form = t05.meta.form;
    let (Some(c), Some(b)) = (t05.coded(), t06.basic()) else {
        return;
    };
    let subject = "公开05 合计基本支出(2) = 公开06 人员经费合计 + 公用经费合计".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_09, &subject, t05, t06) else {
        return;
    };
    match (
        total_cell(c, ColKey::Basic),
        &b.personnel_total,
        &b.public_total,
    ) {
        (Some(a), Some(p), Some(q)) => {
            audit.form = t05.meta.form;
            Sum {
                rule: &JS_X_09,
                subject,
                what: "一般公共预算基本支出与人员经费、公用经费之和不符".into(),
                total: a,
                terms: vec![
                    Term::plus("公开06 人员经费合计", &p.amount),
                    Term::plus("公开06 公用经费合计", &q.amount),
                ],
                tol,
            }
            .run(audit);
        }
        _ => audit.cannot_check(
            &JS_X_09,
            subject,
            None,
            "未找到公开05 基本支出合计或公开06 人员经费合计、公用经费合计",
        ),
    }
}

fn x10_t04(t04: &Table, t03: &Table, audit: &mut Audit) {
    audit.form = t04.meta.form;
    let (Some(f), Some(c)) = (t04.fiscal(), t03.coded()) else {
        return;
    };
    let subject = "公开04 各类合计 ≤ 公开03 同类本年支出合计(1)".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_10, &subject, t04, t03) else {
        return;
    };
    let (Some(tj), Some(cj)) = (f.col(SpendCol::Total), c.col(ColKey::Total)) else {
        audit.not_applicable(
            &JS_X_10,
            subject,
            "未找到公开04 合计栏或公开03 本年支出合计栏",
        );
        return;
    };
    audit.form = t04.meta.form;
    for line in &f.classes {
        let a = &line.values[tj];
        let Some(code) = line_code(line, c) else {
            continue;
        };
        let row = c.row(&code);
        if row.is_none() && a.value().is_none_or(|v| v.is_zero()) {
            continue;
        }
        AtMost {
            rule: &JS_X_10,
            subject: format!("公开04 {} 合计 ≤ 公开03 {code} 本年支出合计(1)", line.label),
            what: "财政拨款支出大于同一科目的全部支出".into(),
            part_name: format!("公开04 {} 合计", line.label),
            part: a,
            whole_name: format!("公开03 {code} 本年支出合计"),
            whole: row.map(|r| &r.values[cj]),
            tol,
            severity: JS_X_10.severity,
        }
        .run(audit);
    }
}

fn x10_t05(t05: &Table, t03: &Table, audit: &mut Audit) {
    audit.form = t05.meta.form;
    let (Some(c5), Some(c3)) = (t05.coded(), t03.coded()) else {
        return;
    };
    let subject = "公开05 基本支出、项目支出 ≤ 公开03 同科目".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_10, &subject, t05, t03) else {
        return;
    };
    audit.form = t05.meta.form;
    for key in [ColKey::Basic, ColKey::Project] {
        let (Some(j5), Some(j3)) = (c5.col(key), c3.col(key)) else {
            audit.not_applicable(
                &JS_X_10,
                format!(
                    "公开05 {} ≤ 公开03 {}",
                    key.name(TableKind::T05),
                    key.name(TableKind::T03)
                ),
                "未找到对应栏",
            );
            continue;
        };
        let name = key.name(TableKind::T05);
        for r5 in c5.total.iter().chain(&c5.rows) {
            let r3 = if r5.code.is_empty() {
                c3.total.as_ref()
            } else {
                c3.row(&r5.code)
            };
            let a = &r5.values[j5];
            if r3.is_none() && a.value().is_none_or(|v| v.is_zero()) {
                continue;
            }
            AtMost {
                rule: &JS_X_10,
                subject: format!("公开05 {} {name} ≤ 公开03 {name}", r5.title()),
                what: "一般公共预算财政拨款支出大于同一科目的全部支出".into(),
                part_name: format!("公开05 {} {name}", r5.title()),
                part: a,
                whole_name: format!("公开03 {name}"),
                whole: r3.map(|r| &r.values[j3]),
                tol,
                severity: JS_X_10.severity,
            }
            .run(audit);
        }
    }
}

fn x10b(t03: &Table, t06: &Table, audit: &mut Audit) {
    audit.form = t03.meta.form;
    let (Some(c), Some(b)) = (t03.coded(), t06.basic()) else {
        return;
    };
    let subject = "公开03 合计基本支出(2) 与 公开06 人员经费合计 + 公用经费合计".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_10B, &subject, t03, t06) else {
        return;
    };
    match (
        total_cell(c, ColKey::Basic),
        &b.personnel_total,
        &b.public_total,
    ) {
        (Some(a), Some(p), Some(q)) => {
            audit.form = t03.meta.form;
            Sum {
                rule: &JS_X_10B,
                subject,
                what: "支出决算表基本支出与公开06 人员经费、公用经费之和不同（如本单位基本支出全部来自一般公共预算财政拨款，两者应相等；否则差额应为其他资金安排的基本支出）".into(),
                total: a,
                terms: vec![
                    Term::plus("公开06 人员经费合计", &p.amount),
                    Term::plus("公开06 公用经费合计", &q.amount),
                ],
                tol,
            }
            .run(audit);
        }
        _ => audit.cannot_check(
            &JS_X_10B,
            subject,
            None,
            "未找到公开03 基本支出合计或公开06 人员经费合计、公用经费合计",
        ),
    }
}

fn x11(t06: &Table, t07: &Table, audit: &mut Audit) {
    audit.form = t06.meta.form;
    let (Some(b), Some(s)) = (t06.basic(), t07.san_gong()) else {
        return;
    };
    let subject = "公开06 “三公”经济分类 ≤ 公开07 决算数".to_string();
    let Some(tol) = pair_tol(audit, &JS_X_11, &subject, t06, t07) else {
        return;
    };
    audit.form = t06.meta.form;
    for (code, item) in [
        ("30212", SgItem::Abroad),
        ("30217", SgItem::Reception),
        ("30231", SgItem::Operation),
        ("31013", SgItem::Purchase),
    ] {
        let final_v = s.get(SgGroup::Final, item);
        let item_name = match final_v.and_then(|v| v.lanci) {
            Some(n) => format!("公开07 {}决算数({n})", item.name()),
            None => format!("公开07 {}决算数", item.name()),
        };
        let subject = format!("公开06 {code} ≤ {item_name}");
        let Some(row) = b.row(code) else {
            audit.not_applicable(&JS_X_11, subject, format!("公开06 未列示 {code}"));
            continue;
        };
        let Some(v) = final_v else {
            audit.cannot_check(
                &JS_X_11,
                subject,
                Some(&row.amount.at),
                format!("公开07 未列示{}决算数", item.name()),
            );
            continue;
        };
        AtMost {
            rule: &JS_X_11,
            subject,
            what: "基本支出中的“三公”经费大于“三公”经费决算数（“三公”决算数含基本支出和项目支出，不应更小）".into(),
            part_name: format!("公开06 {code} {}", row.name),
            part: &row.amount,
            whole_name: item_name,
            whole: Some(&v.amount),
            tol,
            severity: JS_X_11.severity,
        }
        .run(audit);
    }
}
