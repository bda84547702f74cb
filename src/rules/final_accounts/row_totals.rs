//! Row identities of the coded tables (JS-02-01, JS-03-01, JS-05-01,
//! JS-08-01, JS-09-01): on every row the total column equals the sum of its
//! breakdown columns — one table of identities over column keys.

use super::{col_title, tol_of};
use crate::forms::final_accounts::model::{Coded, ColKey, Table, TableKind};
use crate::rules::identity::{Sum, Term};
use crate::rules::{Check, Cx, Family, Rule, Severity};

pub const JS_02_01: Rule = Rule {
    code: "JS-02-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收入决算表：每行本年收入合计等于各项收入之和",
    what: "公开02 每一行（合计行和各科目行）：本年收入合计(1) = 财政拨款收入(2) + 上级补助收入(3) + 事业收入(4) + 经营收入(5) + 附属单位上缴收入(6) + 其他收入(7)。",
    why: "本年收入合计按定义是各项收入之和。",
    example: "201 一般公共服务支出：2,117.38 + 76.64 = 2,194.02，合计填 2,194.02 → 通过。",
    check: Check::FinalAccounts(|p, cx| run(&JS_02_01, TableKind::T02, p.t02.as_ref(), cx)),
};

pub const JS_03_01: Rule = Rule {
    code: "JS-03-01",
    title: "支出决算表：每行本年支出合计等于各项支出之和",
    what: "公开03 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3) + 上缴上级支出(4) + 经营支出(5) + 对附属单位补助支出(6)。",
    why: "本年支出合计按定义是各项支出之和。",
    example: "合计行：186.29 + 2,510.63 = 2,696.92，合计填 2,696.91 → 提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| run(&JS_03_01, TableKind::T03, p.t03.as_ref(), cx)),
    ..JS_02_01
};

pub const JS_05_01: Rule = Rule {
    code: "JS-05-01",
    title: "一般公共预算财政拨款支出决算表：每行合计 = 基本支出 + 项目支出",
    what: "公开05 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3)。",
    why: "一般公共预算财政拨款支出只分基本支出和项目支出两类。",
    example: "20103：153.77 + 518.97 = 672.74，合计填 672.73 → 提示尾数差异。",
    check: Check::FinalAccounts(|p, cx| run(&JS_05_01, TableKind::T05, p.t05.as_ref(), cx)),
    ..JS_02_01
};

pub const JS_08_01: Rule = Rule {
    code: "JS-08-01",
    title: "政府性基金表：每行年末 = 年初 + 本年收入 − 本年支出，本年支出 = 基本 + 项目",
    what: "公开08 每一行：年末结转和结余(6) = 年初结转和结余(1) + 本年收入(2) − 本年支出(3)；本年支出小计(3) = 基本支出(4) + 项目支出(5)。收入支出版的公开09 也按此检查。",
    why: "政府性基金按科目单独滚动结转；支出只分基本支出和项目支出。",
    example: "年初 10.00 + 收入 50.00 − 支出 45.00 = 15.00，年末填 15.00 → 通过。",
    check: Check::FinalAccounts(|p, cx| {
        run(&JS_08_01, TableKind::T08, p.t08.as_ref(), cx);
        // A 公开09 in the 收入支出 layout rolls its balance the same way.
        if let Some(t) = p.t09.as_ref().filter(|t| t.body.col(ColKey::Closing).is_some()) {
            identity(&JS_08_01, t, ROLL_FORWARD, cx);
        }
    }),
    ..JS_02_01
};

pub const JS_09_01: Rule = Rule {
    code: "JS-09-01",
    title: "国有资本经营预算支出表：每行合计 = 基本支出 + 项目支出",
    what: "公开09 每一行：本年支出合计(1) = 基本支出(2) + 项目支出(3)。",
    why: "国有资本经营预算财政拨款支出只分基本支出和项目支出两类。",
    example: "合计 0 = 0 + 0 → 通过；合计 12.00、项目支出 10.00 → 错误。",
    check: Check::FinalAccounts(|p, cx| run(&JS_09_01, TableKind::T09, p.t09.as_ref(), cx)),
    ..JS_02_01
};

/// One row identity: `total = Σ ± parts` over column keys.
type RowIdentity = (ColKey, &'static [(ColKey, bool)]);

const ROLL_FORWARD: RowIdentity = (
    ColKey::Closing,
    &[
        (ColKey::Opening, false),
        (ColKey::Income, false),
        (ColKey::Total, true),
    ],
);

const BASIC_AND_PROJECT: RowIdentity = (
    ColKey::Total,
    &[(ColKey::Basic, false), (ColKey::Project, false)],
);

/// The identities each table's rows satisfy.
fn identities(kind: TableKind) -> &'static [RowIdentity] {
    use ColKey::*;
    match kind {
        TableKind::T02 => &[(
            Total,
            &[
                (Fiscal, false),
                (Superior, false),
                (Business, false),
                (Operating, false),
                (Affiliated, false),
                (Other, false),
            ],
        )],
        TableKind::T03 => &[(
            Total,
            &[
                (Basic, false),
                (Project, false),
                (ToSuperior, false),
                (OperatingSpend, false),
                (ToAffiliates, false),
            ],
        )],
        TableKind::T08 => &[ROLL_FORWARD, BASIC_AND_PROJECT],
        TableKind::T05 | TableKind::T09 => &[BASIC_AND_PROJECT],
        _ => &[],
    }
}

fn run(rule: &'static Rule, kind: TableKind, t: Option<&Table<Coded>>, cx: &mut Cx) {
    let Some(t) = t else {
        cx.not_applicable(
            rule,
            format!("{} 各行合计 = 各栏之和", kind.code()),
            format!("未找到{}表", kind.code()),
        );
        return;
    };
    for &identity_of in identities(kind) {
        identity(rule, t, identity_of, cx);
    }
}

/// `total = Σ parts` on every row, for the columns that exist.
fn identity(rule: &'static Rule, t: &Table<Coded>, (total, parts): RowIdentity, cx: &mut Cx) {
    let (kind, c) = (t.meta.kind, &t.body);
    let code = kind.code();
    let tol = tol_of(t, cx);
    let pj: Vec<(usize, bool)> = parts
        .iter()
        .filter_map(|&(k, neg)| c.col(k).map(|j| (j, neg)))
        .collect();
    let Some(tj) = c.col(total).filter(|_| !pj.is_empty()) else {
        cx.not_applicable(
            rule,
            format!("{code} 各行：{} = 各栏之和", total.name(kind)),
            "表中未找到合计栏或分项栏",
        );
        return;
    };
    let tname = col_title(kind, c, tj);
    let formula: String = pj
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
    for row in c.total.iter().chain(&c.rows) {
        let title = row.title();
        let owner = if row.code.is_empty() {
            format!("{title}行的")
        } else {
            format!("{title} 的")
        };
        let terms = pj
            .iter()
            .map(|&(j, neg)| {
                let name = col_title(kind, c, j);
                if neg {
                    Term::minus(name, &row.values[j])
                } else {
                    Term::plus(name, &row.values[j])
                }
            })
            .collect();
        Sum::money(
            rule,
            format!("{code} {title}：{tname} = {formula}"),
            format!("{owner}{tname}与各栏之和不符"),
            &row.values[tj],
            terms,
            tol,
        )
        .run(cx);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testkit::*;
    use crate::rules::Severity::{Error, Info};

    #[test]
    fn js_02_01_row_total() {
        run_final_accounts(&super::JS_02_01, &seed_final_accounts()).assert_passed("JS-02-01");
        let r = run_final_accounts(&super::JS_02_01, &seed_with(&[(T02, "E14", "111.50")]));
        r.assert_only("JS-02-01", Error, "E14");
    }

    #[test]
    fn js_03_01_row_total() {
        let seed = seed_final_accounts();
        run_final_accounts(&super::JS_03_01, &seed).assert_only("JS-03-01", Info, "E7");
        let exact = seed_with(&[(T03, "E7", "2,696.92")]);
        run_final_accounts(&super::JS_03_01, &exact).assert_passed("JS-03-01");
        let r = run_final_accounts(&super::JS_03_01, &seed_with(&[(T03, "F7", "196.29")]));
        r.assert_only("JS-03-01", Error, "E7");
    }

    #[test]
    fn js_05_01_row_total() {
        let exact = seed_with(&[(T05, "G13", "518.96")]);
        run_final_accounts(&super::JS_05_01, &exact).assert_passed("JS-05-01");
        let r = run_final_accounts(&super::JS_05_01, &seed_with(&[(T05, "F7", "168.29")]));
        r.assert_flag("JS-05-01", Error, "E7");
    }

    #[test]
    fn js_08_01_rows_roll_forward() {
        run_final_accounts(&super::JS_08_01, &seed_with_gov_fund_rows()).assert_passed("JS-08-01");
        let r = run_final_accounts(&super::JS_08_01, &seed_with(&[(T08, "F8", "10.00")]));
        r.assert_only("JS-08-01", Error, "J8");
        let r = run_final_accounts(&super::JS_08_01, &seed_with(&[(T08, "H8", "10.00")]));
        r.assert_only("JS-08-01", Error, "G8");
    }

    #[test]
    fn js_09_01_rows() {
        run_final_accounts(&super::JS_09_01, &seed_with_state_capital_rows())
            .assert_passed("JS-09-01");
        let r = run_final_accounts(&super::JS_09_01, &seed_with(&[(T09, "E8", "3.00")]));
        r.assert_only("JS-09-01", Error, "E8");
    }
}
