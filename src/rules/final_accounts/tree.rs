//! The code hierarchy engine: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 (by code
//! prefix 3/5/7), one column at a time. A wrong 款 makes its 类 and the 合计
//! disagree too; when an ancestor agrees with its lowest-level detail, the
//! cause is the lower failure and the ancestor is recorded without a second
//! finding.

use crate::amount::Amount;
use crate::rules::identity::{unusable, Sum, Term};
use crate::rules::{Cx, Gap, Rule, Tolerance};
use rust_decimal::Decimal;
use std::collections::HashMap;

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

    pub fn node(&self, i: usize) -> &Node<'a> {
        &self.nodes[i]
    }

    /// Check every node with children against them (deepest first).
    pub fn check_levels(
        &mut self,
        cx: &mut Cx,
        rule: &'static Rule,
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
                    deep: unusable(&[a])
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
            let what = if col.is_empty() {
                format!("{} 与所属各{}之和不符", n.title, below(n.code.len()))
            } else {
                format!("{} 的{col}与所属各{}之和不符", n.title, below(n.code.len()))
            };
            let sum = Sum::money(
                rule,
                format!("{scope}：{} = 所属各{}之和", n.title, below(n.code.len())),
                what,
                n.amount,
                kids.iter()
                    .map(|&k| Term::plus(self.nodes[k].title.clone(), self.nodes[k].amount))
                    .collect(),
                tol,
            );
            self.state[i] = self.judge(cx, &sum, &kids);
        }
    }

    /// Check `total` against the nodes `members` (roots, or a subset of
    /// them), with the same "cause below" handling as the levels.
    pub fn check_total(&self, cx: &mut Cx, sum: &Sum<'_>, members: &[usize]) {
        self.judge(cx, sum, members);
    }

    /// A `Sum` of `total` over `members`.
    pub fn sum_of<'s>(
        &'s self,
        rule: &'static Rule,
        subject: String,
        what: String,
        total: &'s Amount,
        members: &[usize],
        tol: Tolerance,
    ) -> Sum<'s> {
        Sum::money(
            rule,
            subject,
            what,
            total,
            members
                .iter()
                .map(|&i| Term::plus(self.nodes[i].title.clone(), self.nodes[i].amount))
                .collect(),
            tol,
        )
    }

    fn judge(&self, cx: &mut Cx, sum: &Sum<'_>, kids: &[usize]) -> State {
        let deep = kids
            .iter()
            .try_fold(Decimal::ZERO, |acc, &k| self.state[k].deep.map(|d| acc + d));
        let leaves = kids.iter().map(|&k| self.state[k].leaves).sum();
        let bad_kid = kids
            .iter()
            .find(|&&k| self.state[k].failed || self.state[k].bad_below);
        let e = match sum.eval() {
            Err(why) => {
                sum.unreadable(cx, why);
                return State {
                    deep: None,
                    leaves,
                    failed: false,
                    bad_below: true,
                };
            }
            Ok(e) => e,
        };
        let failed = e.agreement().failed();
        match bad_kid {
            Some(&k) if failed => {
                let note = format!("下级合计已不符（{}）", self.nodes[k].title);
                let explained = deep.is_some_and(|d| {
                    !matches!(sum.tol.compare(e.printed, d, leaves, 2), Gap::Beyond(_))
                });
                if explained {
                    sum.record_only(cx, &e, &format!("{note}，按最末级明细重算相符，不重复报告"));
                } else {
                    sum.report(cx, &e, &note);
                }
            }
            _ => sum.report(cx, &e, ""),
        }
        State {
            deep,
            leaves,
            failed,
            bad_below: bad_kid.is_some(),
        }
    }
}
