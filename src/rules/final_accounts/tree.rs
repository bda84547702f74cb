//! Code hierarchy: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (by code prefix 3/5/7),
//! column by column. A wrong 款 makes its 类 and the 合计 disagree too; when
//! an ancestor agrees with its lowest-level detail, the cause is the lower
//! failure and the ancestor is recorded without a second finding.

use super::rows::col_title;
use super::sums::{Sum, Term};
use crate::amount::Amount;
use crate::forms::final_accounts::model::{Coded, Table, TableKind};
use crate::rules::{Audit, Family, Gap, RuleDoc, Severity, Tolerance};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub const JS_02_02: RuleDoc = RuleDoc {
    code: "JS-02-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "收入决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开02 每一栏：合计行等于各类（3 位编码）之和，每个类等于其下各款（5 位编码）之和，每个款等于其下各项（7 位编码）之和。下级合计已不符时，上级只在与最末级明细也不符时才另行报告。",
    why: "功能分类科目逐级汇总，上级数按定义是下级数之和。",
    example: "20103 政府办公厅（室）及相关机构事务 1,125.80 = 110.50 + 180.02 + 481.78 + 353.50 → 通过。",
};

pub const JS_03_02: RuleDoc = RuleDoc {
    code: "JS-03-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "支出决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what:
        "公开03 每一栏按科目编码逐级汇总：合计 = 各类之和，类 = 其下各款之和，款 = 其下各项之和。",
    why: "功能分类科目逐级汇总，上级数按定义是下级数之和。",
    example: "合计(1) 2,696.91，各类之和 2,696.92 → 提示尾数差异。",
};

pub const JS_05_02: RuleDoc = RuleDoc {
    code: "JS-05-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "一般公共预算财政拨款支出决算表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开05 每一栏按科目编码逐级汇总：合计 = 各类之和，类 = 其下各款之和，款 = 其下各项之和。",
    why: "功能分类科目逐级汇总，上级数按定义是下级数之和。",
    example: "20103 项目支出(3) 518.97，其下各项之和 518.96 → 提示尾数差异；201 与各款之和的差异来自 20103，不重复报告。",
};

pub const JS_08_02: RuleDoc = RuleDoc {
    code: "JS-08-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "政府性基金表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开08 每一栏按科目编码逐级汇总（同 JS-02-02；rules.md 未单列，按同一定义补充）。",
    why: "功能分类科目逐级汇总，上级数按定义是下级数之和。",
    example: "229 其他支出 50.00，其下 22960 各款之和 45.00 → 错误。",
};

pub const JS_09_02: RuleDoc = RuleDoc {
    code: "JS-09-02",
    family: Family::FinalAccounts,
    severity: Severity::Error,
    title: "国有资本经营预算支出表：合计 = Σ类，类 = Σ款，款 = Σ项",
    what: "公开09 每一栏按科目编码逐级汇总（同 JS-02-02；rules.md 未单列，按同一定义补充）。",
    why: "功能分类科目逐级汇总，上级数按定义是下级数之和。",
    example: "223 国有资本经营预算支出 20.00，其下各款之和 20.00 → 通过。",
};

/// One coded row in one column.
pub struct Node<'a> {
    pub code: &'a str,
    pub title: String,
    pub amount: &'a Amount,
}

#[derive(Clone, Copy, Default)]
struct State {
    /// Sum of the lowest-level detail (the printed value for a leaf); None
    /// when a cell could not be read.
    deep: Option<Decimal>,
    leaves: usize,
    /// This node's own sum failed.
    failed: bool,
    /// Some node below failed (or could not be checked).
    bad_below: bool,
}

/// A code tree over the rows of one column.
pub struct Tree<'a> {
    nodes: Vec<Node<'a>>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    state: Vec<State>,
}

/// Name of the level below a node ("款" under a 类).
fn below(code_len: usize) -> &'static str {
    match code_len {
        0 => "类",
        3 => "款",
        _ => "项",
    }
}

impl<'a> Tree<'a> {
    /// Nodes with codes of 3, 5 or 7 digits; parents found by prefix.
    pub fn new(nodes: Vec<Node<'a>>) -> Self {
        let nodes: Vec<Node<'a>> = nodes
            .into_iter()
            .filter(|n| matches!(n.code.len(), 3 | 5 | 7))
            .collect();
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            first.entry(n.code).or_insert(i);
        }
        let parent: Vec<Option<usize>> = nodes
            .iter()
            .map(|n| {
                [5usize, 3]
                    .iter()
                    .filter(|&&len| len < n.code.len())
                    .find_map(|&len| first.get(&n.code[..len]).copied())
            })
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                children[*p].push(i);
            }
        }
        let state = vec![State::default(); nodes.len()];
        Tree {
            nodes,
            parent,
            children,
            state,
        }
    }

    pub fn roots(&self) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&i| self.parent[i].is_none())
            .collect()
    }

    pub fn code(&self, i: usize) -> &str {
        self.nodes[i].code
    }

    pub fn node(&self, i: usize) -> &Node<'a> {
        &self.nodes[i]
    }

    /// Check every node with children against them (deepest first).
    pub fn check_levels(
        &mut self,
        audit: &mut Audit,
        rule: &'static RuleDoc,
        scope: &str,
        col: &str,
        tol: Tolerance,
    ) {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.nodes[i].code.len()));
        for i in order {
            if self.children[i].is_empty() {
                let a = self.nodes[i].amount;
                self.state[i] = State {
                    deep: super::sums::unusable(&[a])
                        .is_none()
                        .then(|| a.value_or_zero().unwrap_or_default()),
                    leaves: 1,
                    failed: false,
                    bad_below: false,
                };
                continue;
            }
            let kids = self.children[i].clone();
            let n = &self.nodes[i];
            let sum = Sum {
                rule,
                subject: format!("{scope}：{} = 所属各{}之和", n.title, below(n.code.len())),
                what: if col.is_empty() {
                    format!("{} 与所属各{}之和不符", n.title, below(n.code.len()))
                } else {
                    format!("{} 的{col}与所属各{}之和不符", n.title, below(n.code.len()))
                },
                total: n.amount,
                terms: kids
                    .iter()
                    .map(|&k| Term::plus(self.nodes[k].title.clone(), self.nodes[k].amount))
                    .collect(),
                tol,
            };
            self.state[i] = self.judge(audit, &sum, &kids);
        }
    }

    /// Check `total` against the nodes `members` (roots, or a subset of
    /// them), with the same "cause below" handling as the levels.
    pub fn check_total(&self, audit: &mut Audit, sum: &Sum<'_>, members: &[usize]) {
        self.judge(audit, sum, members);
    }

    fn judge(&self, audit: &mut Audit, sum: &Sum<'_>, kids: &[usize]) -> State {
        let deep = kids
            .iter()
            .try_fold(Decimal::ZERO, |acc, &k| self.state[k].deep.map(|d| acc + d));
        let leaves = kids.iter().map(|&k| self.state[k].leaves).sum();
        let bad_kid = kids
            .iter()
            .find(|&&k| self.state[k].failed || self.state[k].bad_below);
        let e = match sum.eval() {
            Err(why) => {
                audit.cannot_check(sum.rule, sum.subject.clone(), Some(&sum.total.at), why);
                return State {
                    deep: None,
                    leaves,
                    failed: false,
                    bad_below: true,
                };
            }
            Ok(e) => e,
        };
        let failed = e.verdict().failed();
        if failed {
            if let Some(&k) = bad_kid {
                let note = format!("下级合计已不符（{}）", self.nodes[k].title);
                let explained = deep.is_some_and(|d| {
                    !matches!(sum.tol.compare(e.printed, d, leaves, 2), Gap::Beyond(_))
                });
                if explained {
                    sum.record_only(
                        audit,
                        &e,
                        &format!("{note}，按最末级明细重算相符，不重复报告"),
                    );
                } else {
                    sum.report(audit, &e, &note);
                }
            } else {
                sum.report(audit, &e, "");
            }
        } else {
            sum.report(audit, &e, "");
        }
        State {
            deep,
            leaves,
            failed,
            bad_below: bad_kid.is_some(),
        }
    }
}

/// The hierarchy rule of one coded table, every column.
pub fn check(t: &Table, c: &Coded, tol: Tolerance, audit: &mut Audit) {
    let kind = t.meta.kind;
    let rule = match kind {
        TableKind::T02 => &JS_02_02,
        TableKind::T03 => &JS_03_02,
        TableKind::T05 => &JS_05_02,
        TableKind::T08 => &JS_08_02,
        TableKind::T09 => &JS_09_02,
        _ => return,
    };
    let code = kind.code();
    if !c.rows.iter().any(|r| r.code.starts_with('2')) {
        audit.not_applicable(rule, format!("{code} 科目逐级合计"), "表中没有科目行");
        return;
    }
    if c.total.is_none() {
        audit.not_applicable(rule, format!("{code} 合计 = 各类之和"), "表中没有合计行");
    }
    for j in 0..c.columns.len() {
        let col = col_title(kind, c, j);
        let scope = format!("{code} {col}");
        let nodes = c
            .rows
            .iter()
            .filter(|r| r.code.starts_with('2'))
            .map(|r| Node {
                code: &r.code,
                title: r.title(),
                amount: &r.values[j],
            })
            .collect();
        let mut tree = Tree::new(nodes);
        tree.check_levels(audit, rule, &scope, &col, tol);
        let Some(total) = &c.total else {
            continue;
        };
        let roots = tree.roots();
        if roots.is_empty() {
            continue;
        }
        let sum = Sum {
            rule,
            subject: format!("{scope}：合计 = 各类之和"),
            what: format!("合计行的{col}与各类之和不符"),
            total: &total.values[j],
            terms: roots
                .iter()
                .map(|&i| Term::plus(tree.nodes[i].title.clone(), tree.nodes[i].amount))
                .collect(),
            tol,
        };
        tree.check_total(audit, &sum, &roots);
    }
}
