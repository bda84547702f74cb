//! Row rules of the coded tables: on every row the total column equals the
//! sum of its breakdown columns (JS-02-01, JS-03-01, JS-05-01, JS-08-01,
//! JS-09-01).

use super::sums::{Sum, Term};
use crate::forms::final_accounts::model::{Coded, CodedRow, ColKey, Table, TableKind};
use crate::rules::{Audit, Family, RuleDoc, Severity, Tolerance};

pub const JS_02_01: RuleDoc = RuleDoc {
    code: "JS-02-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收入决算表：每行本年收入合计等于各项收入之和",
    what: "公开02 每一行（合计行和各科目行）：本年收入合计(1) = 财政拨款收入(2) + 上级补助收入(3) + 事业收入(4) + 经营收入(5) + 附属单位上缴收入(6) + 其他收入(7)。",
    why: "本年收入合计按定义是各项收入之和。",
    example: "201 一般公共服务支出：2,117.38 + 76.64 = 2,194.02，合计填 2,194.02 → 通过。",
};

pub const JS_03_01: RuleDoc = RuleDoc {
    code: "JS-03-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "支出决算表：每行本年支出合计等于各项支出之和",
    what: "公开03 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3) + 上缴上级支出(4) + 经营支出(5) + 对附属单位补助支出(6)。",
    why: "本年支出合计按定义是各项支出之和。",
    example: "合计行：186.29 + 2,510.63 = 2,696.92，合计填 2,696.91 → 提示尾数差异。",
};

pub const JS_05_01: RuleDoc = RuleDoc {
    code: "JS-05-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "一般公共预算财政拨款支出决算表：每行合计 = 基本支出 + 项目支出",
    what: "公开05 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3)。",
    why: "一般公共预算财政拨款支出只分基本支出和项目支出两类。",
    example: "20103：153.77 + 518.97 = 672.74，合计填 672.73 → 提示尾数差异。",
};

pub const JS_08_01: RuleDoc = RuleDoc {
    code: "JS-08-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "政府性基金表：每行年末 = 年初 + 本年收入 − 本年支出，本年支出 = 基本 + 项目",
    what: "公开08 每一行：年末结转和结余(6) = 年初结转和结余(1) + 本年收入(2) − 本年支出(3)；本年支出小计(3) = 基本支出(4) + 项目支出(5)。收入支出版的公开09 也按此检查。",
    why: "政府性基金按科目单独滚动结转；支出只分基本支出和项目支出。",
    example: "年初 10.00 + 收入 50.00 − 支出 45.00 = 15.00，年末填 15.00 → 通过。",
};

pub const JS_09_01: RuleDoc = RuleDoc {
    code: "JS-09-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "国有资本经营预算支出表：每行合计 = 基本支出 + 项目支出",
    what: "公开09 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3)。",
    why: "国有资本经营预算财政拨款支出只分基本支出和项目支出两类。",
    example: "合计 0 = 0 + 0 → 通过；合计 12.00、项目支出 10.00 → 错误。",
};

/// "财政拨款收入(2)".
pub fn col_title(kind: TableKind, c: &Coded, j: usize) -> String {
    let col = &c.columns[j];
    match col.lanci {
        Some(n) => format!("{}({n})", col.key.name(kind)),
        None => col.key.name(kind).to_string(),
    }
}

/// `total = Σ parts` on every row, for the columns that exist.
fn identity(
    rule: &'static RuleDoc,
    kind: TableKind,
    c: &Coded,
    total: ColKey,
    parts: &[(ColKey, bool)],
    tol: Tolerance,
    audit: &mut Audit,
) {
    let code = kind.code();
    let tj = c.col(total);
    let pj: Vec<(usize, bool)> = parts
        .iter()
        .filter_map(|&(k, neg)| c.col(k).map(|j| (j, neg)))
        .collect();
    let Some(tj) = tj.filter(|_| !pj.is_empty()) else {
        audit.not_applicable(
            rule,
            format!("{code} 各行：{} = 各栏之和", total.name(kind)),
            "表中未找到合计栏或分项栏",
        );
        return;
    };
    let tname = col_title(kind, c, tj);
    let formula: Vec<String> = pj
        .iter()
        .enumerate()
        .map(|(i, &(j, neg))| {
            let op = match (i, neg) {
                (0, _) => "",
                (_, true) => " − ",
                (_, false) => " + ",
            };
            format!("{op}{}", col_title(kind, c, j))
        })
        .collect();
    let formula = formula.concat();
    for row in c.total.iter().chain(&c.rows) {
        check_row(
            rule, code, row, tj, &tname, &pj, &formula, kind, c, tol, audit,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn check_row(
    rule: &'static RuleDoc,
    code: &str,
    row: &CodedRow,
    tj: usize,
    tname: &str,
    pj: &[(usize, bool)],
    formula: &str,
    kind: TableKind,
    c: &Coded,
    tol: Tolerance,
    audit: &mut Audit,
) {
    let title = row.title();
    let owner = if row.code.is_empty() {
        format!("{title}行的")
    } else {
        format!("{title} 的")
    };
    Sum {
        rule,
        subject: format!("{code} {title}：{tname} = {formula}"),
        what: format!("{owner}{tname}与各栏之和不符"),
        total: &row.values[tj],
        terms: pj
            .iter()
            .map(|&(j, neg)| {
                let name = col_title(kind, c, j);
                if neg {
                    Term::minus(name, &row.values[j])
                } else {
                    Term::plus(name, &row.values[j])
                }
            })
            .collect(),
        tol,
    }
    .run(audit);
}

/// The row rules of one coded table.
pub fn check(t: &Table, c: &Coded, tol: Tolerance, audit: &mut Audit) {
    use ColKey::*;
    let kind = t.meta.kind;
    match kind {
        TableKind::T02 => identity(
            &JS_02_01,
            kind,
            c,
            Total,
            &[
                (Fiscal, false),
                (Superior, false),
                (Business, false),
                (Operating, false),
                (Affiliated, false),
                (Other, false),
            ],
            tol,
            audit,
        ),
        TableKind::T03 => identity(
            &JS_03_01,
            kind,
            c,
            Total,
            &[
                (Basic, false),
                (Project, false),
                (ToSuperior, false),
                (OperatingSpend, false),
                (ToAffiliates, false),
            ],
            tol,
            audit,
        ),
        TableKind::T05 => identity(
            &JS_05_01,
            kind,
            c,
            Total,
            &[(Basic, false), (Project, false)],
            tol,
            audit,
        ),
        TableKind::T08 => {
            identity(
                &JS_08_01,
                kind,
                c,
                Closing,
                &[(Opening, false), (Income, false), (Total, true)],
                tol,
                audit,
            );
            identity(
                &JS_08_01,
                kind,
                c,
                Total,
                &[(Basic, false), (Project, false)],
                tol,
                audit,
            );
        }
        TableKind::T09 => {
            identity(
                &JS_09_01,
                kind,
                c,
                Total,
                &[(Basic, false), (Project, false)],
                tol,
                audit,
            );
            if c.col(Closing).is_some() {
                identity(
                    &JS_08_01,
                    kind,
                    c,
                    Closing,
                    &[(Opening, false), (Income, false), (Total, true)],
                    tol,
                    audit,
                );
            }
        }
        _ => {}
    }
}
