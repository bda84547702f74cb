//! Within-table rules of the two overview tables: 公开01 收入支出决算总表
//! (JS-01-01 … JS-01-07) and 公开04 财政拨款收入支出决算总表 (JS-04-01 …
//! JS-04-07).

use super::sums::{money, plain, AtMost, Sum, Term, Verdict};
use crate::forms::final_accounts::model::{
    ClassLine, FiscalOverview, Fund, Labeled, Overview, SpendCol, Table,
};
use crate::rules::{Audit, Family, Flag, RuleDoc, Severity, Tolerance};

pub const JS_01_01: RuleDoc = RuleDoc {
    code: "JS-01-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：本年收入合计等于各项收入之和",
    what: "公开01 收入支出决算总表中，本年收入合计应等于一般公共预算财政拨款收入、政府性基金预算财政拨款收入、国有资本经营预算财政拨款收入、上级补助收入、事业收入、经营收入、附属单位上缴收入、其他收入之和；“其中”行是上一行的一部分，不计入合计，且不应大于上一行（警告）。",
    why: "本年收入合计按定义就是各项收入之和；不相等说明某项收入或合计填错。尾数差异（每个数四舍五入到分，累计不超过 0.005×(项数+1)）只作提示。",
    example: "一般公共预算财政拨款收入 2,140.78 + 其他收入 76.64 = 2,217.42，本年收入合计填 2,217.42 → 通过；填 2,271.42 → 错误。",
};

pub const JS_01_02: RuleDoc = RuleDoc {
    code: "JS-01-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
    what: "公开01 收入侧的总计应等于本年收入合计、使用非财政拨款结余与年初结转和结余之和。",
    why: "这是总表收入侧的定义式，部门决算软件作为强制审核公式。",
    example: "本年收入合计 2,217.42 + 使用非财政拨款结余 0.00 + 年初结转和结余 993.56 = 3,210.98，总计填 3,210.99 → 差 0.01，提示尾数差异。",
};

pub const JS_01_03: RuleDoc = RuleDoc {
    code: "JS-01-03",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
    what: "公开01 支出侧的总计应等于本年支出合计、结余分配与年末结转和结余之和。",
    why: "这是总表支出侧的定义式。",
    example: "本年支出合计 2,696.91 + 结余分配 0.00 + 年末结转和结余 514.07 = 3,210.98，总计填 3,210.99 → 提示尾数差异；填 3,238.00 → 错误。",
};

pub const JS_01_04: RuleDoc = RuleDoc {
    code: "JS-01-04",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：收入总计等于支出总计",
    what: "公开01 收入侧总计与支出侧总计应完全相等（两者都是打印出的总数，不允许尾数差异）。",
    why: "收支总表按“来源 = 去向”编制，两侧总计必须平衡。",
    example: "收入总计 3,210.99，支出总计 3,210.99 → 通过；支出总计 3,201.99 → 错误。",
};

pub const JS_01_05: RuleDoc = RuleDoc {
    code: "JS-01-05",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：本年支出合计等于各类支出之和",
    what: "公开01 支出侧的本年支出合计应等于各功能分类（类级）支出行之和。",
    why: "本年支出合计按定义是各类支出之和。",
    example: "一般公共服务支出 1,763.64 + 教育支出 1.53 + … + 住房保障支出 6.72 = 2,696.92，本年支出合计填 2,696.91 → 提示尾数差异。",
};

pub const JS_01_06: RuleDoc = RuleDoc {
    code: "JS-01-06",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收支总表：年末结转和结余 = 年初 + 本年收入 + 使用结余 − 本年支出 − 结余分配",
    what: "由 JS-01-02 至 JS-01-04 推出：年末结转和结余应等于年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 − 本年支出合计 − 结余分配。若差异已由 JS-01-02/03/04 报告，此处只记录不重复报告。",
    why: "结转结余的滚动关系；当表上缺少总计行时，这是唯一能发现年末数填错的校验。",
    example: "993.56 + 2,217.42 + 0.00 − 2,696.91 − 0.00 = 514.07，年末结转和结余填 514.07 → 通过。",
};

pub const JS_01_07: RuleDoc = RuleDoc {
    code: "JS-01-07",
    family: Family::FinalAccounts,
    severity: Severity::Warning,
    title: "收支总表：金额不应为负数",
    what: "公开01 中除结余分配外的各项金额都不应为负数。",
    why: "收入、支出与结转结余在决算中不会为负；负数多为录入错误或把冲减数直接填入。",
    example: "其他收入填 -5.00 → 警告。",
};

pub const JS_04_01: RuleDoc = RuleDoc {
    code: "JS-04-01",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：本年收入合计等于三项财政拨款之和",
    what: "公开04 收入侧本年收入合计应等于一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款之和。",
    why: "财政拨款收入只有这三个来源，合计按定义是三者之和。",
    example: "2,140.78 + 0.00 + 0.00 = 2,140.78，本年收入合计填 2,140.78 → 通过。",
};

pub const JS_04_02: RuleDoc = RuleDoc {
    code: "JS-04-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：年初财政拨款结转和结余等于其分项之和",
    what: "公开04 年初财政拨款结转和结余应等于其下一般公共预算、政府性基金预算、国有资本经营预算三个分项之和。",
    why: "分项是对年初数按资金性质的拆分，合计必须一致。",
    example: "年初 993.56 = 993.56 + 0.00 + 0.00 → 通过。",
};

pub const JS_04_03: RuleDoc = RuleDoc {
    code: "JS-04-03",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
    what: "公开04 收入侧总计应等于本年收入合计与年初财政拨款结转和结余之和。",
    why: "财政拨款收入侧的定义式。",
    example: "2,140.78 + 993.56 = 3,134.34，总计填 3,134.35 → 提示尾数差异。",
};

pub const JS_04_04: RuleDoc = RuleDoc {
    code: "JS-04-04",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：支出各行合计等于三项财政拨款之和",
    what: "公开04 支出侧每一行的合计栏应等于一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款三栏之和。",
    why: "合计栏按定义是三栏之和。",
    example: "一般公共服务支出：合计 1,732.98 = 1,732.98 + 0.00 + 0.00 → 通过。",
};

pub const JS_04_05: RuleDoc = RuleDoc {
    code: "JS-04-05",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：本年支出合计等于各类支出之和",
    what: "公开04 支出侧每一栏的本年支出合计应等于该栏各功能分类（类级）支出之和。",
    why: "本年支出合计按定义是各类支出之和。",
    example: "1,732.98 + 1.53 + 909.88 + 8.96 + 6.19 + 6.72 = 2,666.26 → 通过。",
};

pub const JS_04_06: RuleDoc = RuleDoc {
    code: "JS-04-06",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：支出总计 = 本年支出合计 + 年末结转和结余，且等于收入总计",
    what: "公开04 支出侧每一栏的总计应等于本年支出合计与年末财政拨款结转和结余之和；收入总计应与支出总计（合计栏）完全相等。",
    why: "财政拨款收支平衡的定义式。",
    example: "2,666.26 + 468.09 = 3,134.35，支出总计 3,134.35，收入总计 3,134.35 → 通过。",
};

pub const JS_04_07: RuleDoc = RuleDoc {
    code: "JS-04-07",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "财政拨款总表：分资金年初 + 本年收入 − 本年支出 = 年末",
    what: "公开04 对每一类财政拨款资金：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余。",
    why: "每类资金各自滚动结转，不能互相挪用；不相等说明某类资金的收入、支出或结转填错。",
    example: "一般公共预算：993.56 + 2,140.78 − 2,666.26 = 468.08，年末填 468.09 → 提示尾数差异。",
};

fn missing(audit: &mut Audit, rule: &'static RuleDoc, subject: &str, what: &str) {
    audit.cannot_check(rule, subject, None, format!("表中未找到“{what}”行"));
}

/// 公开01 收入支出决算总表.
pub fn check_t01(t: &Table, o: &Overview, tol: Tolerance, audit: &mut Audit) {
    // JS-01-01
    let subject = "公开01 本年收入合计 = 各项收入之和".to_string();
    let items: Vec<&Labeled> = o
        .income
        .iter()
        .filter(|l| !l.of_which)
        .map(|l| &l.line)
        .collect();
    match &o.income_total {
        None => missing(audit, &JS_01_01, &subject, "本年收入合计"),
        Some(_) if items.is_empty() => missing(audit, &JS_01_01, &subject, "各项收入"),
        Some(total) => {
            Sum {
                rule: &JS_01_01,
                subject,
                what: "本年收入合计与各项收入之和不符".into(),
                total: &total.amount,
                terms: items
                    .iter()
                    .map(|l| Term::plus(&l.label, &l.amount))
                    .collect(),
                tol,
            }
            .run(audit);
        }
    }
    for (i, l) in o.income.iter().enumerate().filter(|(_, l)| l.of_which) {
        if let Some(parent) = o.income[..i].iter().rev().find(|p| !p.of_which) {
            AtMost {
                rule: &JS_01_01,
                subject: format!("公开01 {} ≤ {}", l.line.label, parent.line.label),
                what: "“其中”数大于所属项目".into(),
                part_name: l.line.label.clone(),
                part: &l.line.amount,
                whole_name: parent.line.label.clone(),
                whole: Some(&parent.line.amount),
                tol,
                severity: Severity::Warning,
            }
            .run(audit);
        }
    }
    // JS-01-02
    let subject =
        "公开01 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余".to_string();
    let v02 = match (&o.income_grand, &o.income_total, &o.opening) {
        (Some(grand), Some(total), Some(opening)) => {
            let mut terms = vec![Term::plus("本年收入合计", &total.amount)];
            if let Some(u) = &o.use_balance {
                terms.push(Term::plus(u.label.clone(), &u.amount));
            }
            terms.push(Term::plus("年初结转和结余", &opening.amount));
            Sum {
                rule: &JS_01_02,
                subject,
                what: "收入总计与各项合计不符".into(),
                total: &grand.amount,
                terms,
                tol,
            }
            .run(audit)
        }
        (None, ..) => {
            missing(audit, &JS_01_02, &subject, "总计（收入）");
            Verdict::Unusable
        }
        (_, None, _) => {
            missing(audit, &JS_01_02, &subject, "本年收入合计");
            Verdict::Unusable
        }
        (.., None) => {
            missing(audit, &JS_01_02, &subject, "年初结转和结余");
            Verdict::Unusable
        }
    };
    // JS-01-03
    let subject = "公开01 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余".to_string();
    let v03 = match (&o.spend_grand, &o.spend_total, &o.closing) {
        (Some(grand), Some(total), Some(closing)) => {
            let mut terms = vec![Term::plus("本年支出合计", &total.amount)];
            if let Some(d) = &o.distribution {
                terms.push(Term::plus("结余分配", &d.amount));
            }
            terms.push(Term::plus("年末结转和结余", &closing.amount));
            Sum {
                rule: &JS_01_03,
                subject,
                what: "支出总计与各项合计不符".into(),
                total: &grand.amount,
                terms,
                tol,
            }
            .run(audit)
        }
        (None, ..) => {
            missing(audit, &JS_01_03, &subject, "总计（支出）");
            Verdict::Unusable
        }
        (_, None, _) => {
            missing(audit, &JS_01_03, &subject, "本年支出合计");
            Verdict::Unusable
        }
        (.., None) => {
            missing(audit, &JS_01_03, &subject, "年末结转和结余");
            Verdict::Unusable
        }
    };
    // JS-01-04
    let subject = "公开01 收入总计 = 支出总计".to_string();
    let v04 = match (&o.income_grand, &o.spend_grand) {
        (Some(inc), Some(sp)) => Sum {
            rule: &JS_01_04,
            subject,
            what: "支出总计与收入总计不相等".into(),
            total: &sp.amount,
            terms: vec![Term::plus("收入总计", &inc.amount)],
            tol: Tolerance::exact(),
        }
        .run(audit),
        _ => {
            missing(audit, &JS_01_04, &subject, "总计");
            Verdict::Unusable
        }
    };
    // JS-01-05
    let subject = "公开01 本年支出合计 = 各类支出之和".to_string();
    match &o.spend_total {
        None => missing(audit, &JS_01_05, &subject, "本年支出合计"),
        Some(_) if o.classes.is_empty() => missing(audit, &JS_01_05, &subject, "功能分类支出"),
        Some(total) => {
            Sum {
                rule: &JS_01_05,
                subject,
                what: "本年支出合计与各类支出之和不符".into(),
                total: &total.amount,
                terms: o
                    .classes
                    .iter()
                    .map(|c| Term::plus(&c.label, &c.values[0]))
                    .collect(),
                tol,
            }
            .run(audit);
        }
    }
    // JS-01-06
    let subject = "公开01 年末结转和结余 = 年初结转和结余 + 本年收入合计 + 使用非财政拨款结余 − 本年支出合计 − 结余分配".to_string();
    match (&o.closing, &o.opening, &o.income_total, &o.spend_total) {
        (Some(closing), Some(opening), Some(inc), Some(sp)) => {
            let mut terms = vec![
                Term::plus("年初结转和结余", &opening.amount),
                Term::plus("本年收入合计", &inc.amount),
            ];
            if let Some(u) = &o.use_balance {
                terms.push(Term::plus(u.label.clone(), &u.amount));
            }
            terms.push(Term::minus("本年支出合计", &sp.amount));
            if let Some(d) = &o.distribution {
                terms.push(Term::minus("结余分配", &d.amount));
            }
            let sum = Sum {
                rule: &JS_01_06,
                subject,
                what: "年末结转和结余与收支滚动结果不符".into(),
                total: &closing.amount,
                terms,
                tol,
            };
            match sum.eval() {
                Err(why) => audit.cannot_check(
                    &JS_01_06,
                    sum.subject.clone(),
                    Some(&closing.amount.at),
                    why,
                ),
                Ok(e) if e.verdict().failed() && [v02, v03, v04].iter().any(|v| v.failed()) => {
                    sum.record_only(audit, &e, "同一差异已在 JS-01-02/03/04 报告，不重复报告")
                }
                Ok(e) => sum.report(audit, &e, ""),
            }
        }
        _ => audit.cannot_check(
            &JS_01_06,
            subject,
            None,
            "缺少年初结转和结余、本年收入合计、本年支出合计或年末结转和结余行",
        ),
    }
    // JS-01-07
    let mut negatives = 0;
    let lines = o.income.iter().map(|l| &l.line).chain(
        [
            &o.income_total,
            &o.use_balance,
            &o.opening,
            &o.income_grand,
            &o.spend_total,
            &o.closing,
            &o.spend_grand,
        ]
        .into_iter()
        .flatten(),
    );
    let classes = o.classes.iter().map(|c| (c.label.as_str(), &c.values[0]));
    for (label, amount) in lines.map(|l| (l.label.as_str(), &l.amount)).chain(classes) {
        let Some(v) = amount.value() else { continue };
        if v.is_sign_negative() && !v.is_zero() {
            negatives += 1;
            audit.flag(
                format!("公开01 {label} 不为负数"),
                Flag {
                    rule: &JS_01_07,
                    severity: JS_01_07.severity,
                    at: &amount.at,
                    related: vec![],
                    message: format!(
                        "收支总表金额为负数：{label} 填报 {}。除结余分配外，收入、支出和结转结余都不应为负数，请核对",
                        money(v)
                    ),
                    expected: None,
                    actual: Some(plain(v)),
                },
            );
        }
    }
    if negatives == 0 {
        audit.pass(
            &JS_01_07,
            "公开01 各项金额均不为负数（结余分配除外）",
            Some(&t.meta.title_at),
        );
    }
}

fn col_name(f: &FiscalOverview, j: usize) -> &'static str {
    match f.columns[j].key {
        SpendCol::Total => "合计",
        SpendCol::Fund(fund) => fund.short(),
    }
}

/// 公开04 财政拨款收入支出决算总表.
pub fn check_t04(_t: &Table, f: &FiscalOverview, tol: Tolerance, audit: &mut Audit) {
    // JS-04-01
    let subject = "公开04 本年收入合计 = 一般公共预算 + 政府性基金 + 国有资本经营".to_string();
    match &f.income_total {
        None => missing(audit, &JS_04_01, &subject, "本年收入合计"),
        Some(_) if f.income.is_empty() => missing(audit, &JS_04_01, &subject, "各项财政拨款收入"),
        Some(total) => {
            Sum {
                rule: &JS_04_01,
                subject,
                what: "财政拨款本年收入合计与各项之和不符".into(),
                total: &total.amount,
                terms: f
                    .income
                    .iter()
                    .map(|l| Term::plus(&l.line.label, &l.line.amount))
                    .collect(),
                tol,
            }
            .run(audit);
        }
    }
    // JS-04-02
    let subject = "公开04 年初财政拨款结转和结余 = 各分项之和".to_string();
    match &f.opening {
        None => missing(audit, &JS_04_02, &subject, "年初财政拨款结转和结余"),
        Some(_) if f.opening_funds.is_empty() => {
            audit.not_applicable(&JS_04_02, subject, "表中未列示年初结转和结余的分项")
        }
        Some(opening) => {
            Sum {
                rule: &JS_04_02,
                subject,
                what: "年初财政拨款结转和结余与分项之和不符".into(),
                total: &opening.amount,
                terms: f
                    .opening_funds
                    .iter()
                    .map(|l| Term::plus(format!("年初{}", l.fund.short()), &l.line.amount))
                    .collect(),
                tol,
            }
            .run(audit);
        }
    }
    // JS-04-03
    let subject = "公开04 收入总计 = 本年收入合计 + 年初财政拨款结转和结余".to_string();
    match (&f.income_grand, &f.income_total, &f.opening) {
        (Some(grand), Some(total), Some(opening)) => {
            Sum {
                rule: &JS_04_03,
                subject,
                what: "财政拨款收入总计与各项合计不符".into(),
                total: &grand.amount,
                terms: vec![
                    Term::plus("本年收入合计", &total.amount),
                    Term::plus("年初财政拨款结转和结余", &opening.amount),
                ],
                tol,
            }
            .run(audit);
        }
        _ => missing(
            audit,
            &JS_04_03,
            &subject,
            "总计、本年收入合计或年初财政拨款结转和结余",
        ),
    }
    // JS-04-04
    let total_col = f.col(SpendCol::Total);
    let fund_cols: Vec<usize> = Fund::ALL
        .iter()
        .filter_map(|&fund| f.col(SpendCol::Fund(fund)))
        .collect();
    let rows: Vec<&ClassLine> = f
        .classes
        .iter()
        .chain(&f.spend_total)
        .chain(&f.closing)
        .chain(&f.spend_grand)
        .collect();
    match total_col {
        Some(tc) if !fund_cols.is_empty() => {
            for row in &rows {
                Sum {
                    rule: &JS_04_04,
                    subject: format!("公开04 {}：合计 = 各项财政拨款之和", row.label),
                    what: format!("{} 的合计与各项财政拨款之和不符", row.label),
                    total: &row.values[tc],
                    terms: fund_cols
                        .iter()
                        .map(|&j| Term::plus(col_name(f, j), &row.values[j]))
                        .collect(),
                    tol,
                }
                .run(audit);
            }
        }
        _ => audit.not_applicable(
            &JS_04_04,
            "公开04 支出各行：合计 = 各项财政拨款之和",
            "支出侧未分栏列示合计与各项财政拨款",
        ),
    }
    // JS-04-05
    match &f.spend_total {
        None => missing(
            audit,
            &JS_04_05,
            "公开04 本年支出合计 = 各类支出之和",
            "本年支出合计",
        ),
        Some(total) => {
            for j in 0..f.columns.len() {
                Sum {
                    rule: &JS_04_05,
                    subject: format!("公开04 {}栏：本年支出合计 = 各类支出之和", col_name(f, j)),
                    what: format!("{}栏本年支出合计与各类支出之和不符", col_name(f, j)),
                    total: &total.values[j],
                    terms: f
                        .classes
                        .iter()
                        .map(|c| Term::plus(&c.label, &c.values[j]))
                        .collect(),
                    tol,
                }
                .run(audit);
            }
        }
    }
    // JS-04-06
    match (&f.spend_grand, &f.spend_total, &f.closing) {
        (Some(grand), Some(total), Some(closing)) => {
            for j in 0..f.columns.len() {
                Sum {
                    rule: &JS_04_06,
                    subject: format!(
                        "公开04 {}栏：支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
                        col_name(f, j)
                    ),
                    what: format!("{}栏支出总计与各项合计不符", col_name(f, j)),
                    total: &grand.values[j],
                    terms: vec![
                        Term::plus("本年支出合计", &total.values[j]),
                        Term::plus("年末财政拨款结转和结余", &closing.values[j]),
                    ],
                    tol,
                }
                .run(audit);
            }
        }
        _ => missing(
            audit,
            &JS_04_06,
            "公开04 支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
            "总计、本年支出合计或年末财政拨款结转和结余",
        ),
    }
    let subject = "公开04 收入总计 = 支出总计".to_string();
    match (&f.income_grand, &f.spend_grand, total_col) {
        (Some(inc), Some(sp), Some(tc)) => {
            Sum {
                rule: &JS_04_06,
                subject,
                what: "财政拨款支出总计与收入总计不相等".into(),
                total: &sp.values[tc],
                terms: vec![Term::plus("收入总计", &inc.amount)],
                tol: Tolerance::exact(),
            }
            .run(audit);
        }
        _ => missing(audit, &JS_04_06, &subject, "收入总计或支出总计"),
    }
    // JS-04-07
    for fund in Fund::ALL {
        let subject = format!(
            "公开04 {}：年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余",
            fund.short()
        );
        let col = f.col(SpendCol::Fund(fund));
        let income = f.income_fund(fund);
        if col.is_none() && income.is_none() && f.closing_fund(fund).is_none() {
            audit.not_applicable(&JS_04_07, subject, format!("表中未列示{}", fund.label()));
            continue;
        }
        let spend = col.and_then(|j| f.spend_total.as_ref().map(|l| &l.values[j]));
        let closing = f
            .closing_fund(fund)
            .map(|l| &l.amount)
            .or_else(|| col.and_then(|j| f.closing.as_ref().map(|l| &l.values[j])));
        let opening = f.opening_fund(fund).map(|l| &l.amount);
        let (Some(closing), Some(spend)) = (closing, spend) else {
            audit.cannot_check(
                &JS_04_07,
                subject,
                None,
                format!("未找到{}的本年支出或年末结转和结余", fund.label()),
            );
            continue;
        };
        if opening.is_none() && !f.opening_funds.is_empty() {
            // Listed funds without this one: its opening balance is zero.
        } else if opening.is_none() {
            audit.cannot_check(
                &JS_04_07,
                subject,
                Some(&closing.at),
                "表中未列示年初结转和结余的分项",
            );
            continue;
        }
        Sum {
            rule: &JS_04_07,
            subject,
            what: format!("{}年末结转和结余与收支滚动结果不符", fund.short()),
            total: closing,
            terms: vec![
                Term::opt("年初结转和结余", opening),
                Term::opt("本年收入", income.map(|l| &l.amount)),
                Term::minus("本年支出", spend),
            ],
            tol,
        }
        .run(audit);
    }
}
