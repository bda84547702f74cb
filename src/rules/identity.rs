//! The one place where "total = Σ parts" and "part ≤ whole" are evaluated,
//! for every family: a printed total is compared with its printed addends
//! through the [`Tolerance`] in force, the outcome is recorded (pass,
//! 尾数差异, a finding at the rule's severity, or 无法校验 when a figure
//! cannot be read), and the finding is worded for a 财务 clerk.

use super::cx::{Adjust, Cx, Flag};
use super::format::{contract, money, plain};
use super::record::Figures;
use super::tolerance::{Gap, Tolerance};
use super::Rule;
use crate::amount::Amount;
use rust_decimal::Decimal;

/// How the figures of an identity are shown in its message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Amounts: "3,210.99".
    Money,
    /// Points, scores and amounts written without separators: "97", "2925".
    Plain,
}

impl Shown {
    fn number(self, v: Decimal) -> String {
        match self {
            Shown::Money => money(v),
            Shown::Plain => plain(v),
        }
    }

    /// A cell as the clerk sees it: its value, or 空白 when blank.
    fn cell(self, a: &Amount) -> String {
        if a.is_empty() {
            "空白".to_string()
        } else {
            a.value_or_zero()
                .map_or_else(|| a.raw.clone(), |v| self.number(v))
        }
    }
}

/// Largest magnitude summed: far beyond any budget, far below where
/// `Decimal` arithmetic would overflow.
const MAX_AMOUNT: i64 = 1_000_000_000_000_000_000;

/// Why one of `amounts` cannot be used as a number, if one cannot.
pub fn unusable(amounts: &[&Amount]) -> Option<String> {
    amounts.iter().find_map(|a| {
        a.unusable_reason().or_else(|| {
            a.value()
                .filter(|v| v.abs() > Decimal::from(MAX_AMOUNT))
                .map(|_| format!("{} 的数值过大（{}），无法参与计算", a.at.a1(), a.raw))
        })
    })
}

/// What an addend holds.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    /// A printed cell (blank counts as 0).
    Cell(&'a Amount),
    /// A figure recomputed from `addends` printed values shown with
    /// `decimals` digits (a subtotal the message names as one term).
    Subtotal {
        value: Decimal,
        addends: usize,
        decimals: u32,
    },
    /// A line the table does not have (counts as 0).
    Missing,
}

/// One addend of a sum.
#[derive(Debug, Clone)]
pub struct Term<'a> {
    pub name: String,
    value: Value<'a>,
    pub negative: bool,
}

impl<'a> Term<'a> {
    pub fn plus(name: impl Into<String>, amount: &'a Amount) -> Self {
        Term {
            name: name.into(),
            value: Value::Cell(amount),
            negative: false,
        }
    }

    pub fn minus(name: impl Into<String>, amount: &'a Amount) -> Self {
        Term {
            negative: true,
            ..Term::plus(name, amount)
        }
    }

    /// A cell that may not exist (a missing line counts as 0).
    pub fn opt(name: impl Into<String>, amount: Option<&'a Amount>) -> Self {
        Term {
            name: name.into(),
            value: amount.map_or(Value::Missing, Value::Cell),
            negative: false,
        }
    }

    /// A recomputed subtotal of `addends` printed values.
    pub fn subtotal(
        name: impl Into<String>,
        value: Decimal,
        addends: usize,
        decimals: u32,
    ) -> Self {
        Term {
            name: name.into(),
            value: Value::Subtotal {
                value,
                addends,
                decimals,
            },
            negative: false,
        }
    }

    fn amount(&self) -> Option<&'a Amount> {
        match self.value {
            Value::Cell(a) => Some(a),
            _ => None,
        }
    }

    fn number(&self) -> Decimal {
        match self.value {
            Value::Cell(a) => a.value_or_zero().unwrap_or(Decimal::ZERO),
            Value::Subtotal { value, .. } => value,
            Value::Missing => Decimal::ZERO,
        }
    }

    fn addends(&self) -> usize {
        match self.value {
            Value::Subtotal { addends, .. } => addends,
            _ => 1,
        }
    }

    fn shown(&self, how: Shown) -> String {
        match self.value {
            Value::Cell(a) => how.cell(a),
            Value::Subtotal { value, .. } => how.number(value),
            Value::Missing => format!("{}（无此行）", how.number(Decimal::ZERO)),
        }
    }
}

/// How a relation came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    Agrees,
    /// Off by no more than rounding explains (尾数差异).
    Rounding,
    Disagrees,
    /// A figure could not be read: recorded as 无法校验.
    Unreadable,
}

impl Agreement {
    pub fn failed(self) -> bool {
        matches!(self, Agreement::Rounding | Agreement::Disagrees)
    }
}

/// A total evaluated against its addends.
#[derive(Debug, Clone, Copy)]
pub struct Eval {
    pub printed: Decimal,
    pub computed: Decimal,
    pub gap: Gap,
    /// Largest gap accepted as 尾数差异.
    pub band: Decimal,
    /// Digits the figures are printed with.
    pub decimals: u32,
}

impl Eval {
    pub fn agreement(&self) -> Agreement {
        match self.gap {
            Gap::Equal => Agreement::Agrees,
            Gap::Rounding(_) => Agreement::Rounding,
            Gap::Beyond(_) => Agreement::Disagrees,
        }
    }

    fn figures(&self, places: u32) -> Figures {
        Figures {
            printed: contract(self.printed, places),
            computed: contract(self.computed, places),
            difference: contract(self.printed - self.computed, places),
            tolerance: contract(self.band, places.max(3)),
        }
    }
}

/// `total = Σ terms`, one relation of a rule.
#[derive(Debug, Clone)]
pub struct Sum<'a> {
    pub rule: &'static Rule,
    pub subject: String,
    /// Lead of the message: "收入总计与各项合计不符".
    pub what: String,
    pub total: &'a Amount,
    pub terms: Vec<Term<'a>>,
    pub tol: Tolerance,
    pub shown: Shown,
}

impl<'a> Sum<'a> {
    /// A relation of money figures (shown "3,210.99").
    pub fn money(
        rule: &'static Rule,
        subject: impl Into<String>,
        what: impl Into<String>,
        total: &'a Amount,
        terms: Vec<Term<'a>>,
        tol: Tolerance,
    ) -> Self {
        Sum {
            rule,
            subject: subject.into(),
            what: what.into(),
            total,
            terms,
            tol,
            shown: Shown::Money,
        }
    }

    /// A relation of points, scores or plainly written amounts.
    pub fn plain(
        rule: &'static Rule,
        subject: impl Into<String>,
        what: impl Into<String>,
        total: &'a Amount,
        terms: Vec<Term<'a>>,
        tol: Tolerance,
    ) -> Self {
        Sum {
            shown: Shown::Plain,
            ..Sum::money(rule, subject, what, total, terms, tol)
        }
    }

    fn amounts(&self) -> Vec<&'a Amount> {
        std::iter::once(self.total)
            .chain(self.terms.iter().filter_map(Term::amount))
            .collect()
    }

    /// Digits the figures are printed with (at least cents for money).
    fn places(&self, decimals: u32) -> u32 {
        match self.shown {
            Shown::Money => decimals.max(2),
            Shown::Plain => decimals,
        }
    }

    /// Compare, or say why the comparison cannot be made.
    pub fn eval(&self) -> Result<Eval, String> {
        let amounts = self.amounts();
        if let Some(why) = unusable(&amounts) {
            return Err(why);
        }
        let printed = self.total.value_or_zero().unwrap_or_default();
        let computed = self.terms.iter().fold(Decimal::ZERO, |acc, t| {
            if t.negative {
                acc - t.number()
            } else {
                acc + t.number()
            }
        });
        let addends = self.terms.iter().map(Term::addends).sum();
        let decimals = amounts
            .iter()
            .map(|a| a.decimals())
            .chain(self.terms.iter().filter_map(|t| match t.value {
                Value::Subtotal { decimals, .. } => Some(decimals),
                _ => None,
            }))
            .max()
            .unwrap_or(0);
        let band_decimals = match self.shown {
            Shown::Money => decimals.max(2),
            Shown::Plain => decimals,
        };
        Ok(Eval {
            printed,
            computed,
            gap: self.tol.compare(printed, computed, addends, band_decimals),
            band: self.tol.band(addends, band_decimals),
            decimals,
        })
    }

    /// "a 1.00 + b 2.00", shortened for long sums.
    fn expression(&self) -> String {
        let how = self.shown;
        let term = |i: usize, t: &Term<'_>| {
            let op = match (i, t.negative) {
                (0, false) => "",
                (0, true) => "−",
                (_, false) => " + ",
                (_, true) => " − ",
            };
            format!("{op}{} {}", t.name, t.shown(how))
        };
        let n = self.terms.len();
        if n <= 5 {
            return self
                .terms
                .iter()
                .enumerate()
                .map(|(i, t)| term(i, t))
                .collect();
        }
        let nonzero: Vec<&Term<'_>> = self
            .terms
            .iter()
            .filter(|t| !t.number().is_zero())
            .collect();
        if nonzero.is_empty() {
            return format!("{} 等 {n} 项（均为 0）", self.terms[0].name);
        }
        if nonzero.len() <= 6 {
            let listed: String = nonzero
                .iter()
                .enumerate()
                .map(|(i, t)| term(i, t))
                .collect();
            return match n - nonzero.len() {
                0 => listed,
                rest => format!("{listed}（其余 {rest} 项为 0）"),
            };
        }
        let listed: String = nonzero
            .iter()
            .take(4)
            .enumerate()
            .map(|(i, t)| term(i, t))
            .collect();
        format!("{listed} + …（共 {n} 项，其中 {} 项不为 0）", nonzero.len())
    }

    pub fn message(&self, e: &Eval, note: &str) -> String {
        let how = self.shown;
        let gap = how.number((e.printed - e.computed).abs());
        let tail = if matches!(e.gap, Gap::Rounding(_)) {
            "（尾数差异）"
        } else {
            ""
        };
        let body = if self.terms.len() == 1 && !self.terms[0].negative {
            let t = &self.terms[0];
            format!(
                "{}：填报 {}，{} 为 {}，差 {gap}{tail}",
                self.what,
                how.cell(self.total),
                t.name,
                t.shown(how)
            )
        } else {
            format!(
                "{}：填报 {}，{} = {}，差 {gap}{tail}",
                self.what,
                how.cell(self.total),
                self.expression(),
                how.number(e.computed)
            )
        };
        if note.is_empty() {
            body
        } else {
            format!("{body}；{note}")
        }
    }

    /// Evaluate and record: pass, a finding, or 无法校验.
    pub fn run(&self, cx: &mut Cx) -> Agreement {
        self.run_noted(cx, "")
    }

    /// As [`Sum::run`], with a remark appended to a finding's message.
    pub fn run_noted(&self, cx: &mut Cx, note: &str) -> Agreement {
        match self.eval() {
            Err(why) => {
                self.unreadable(cx, why);
                Agreement::Unreadable
            }
            Ok(e) => {
                self.report(cx, &e, note);
                e.agreement()
            }
        }
    }

    /// Record that a figure could not be read (the cell itself is reported
    /// once by SB-01/SB-02).
    pub fn unreadable(&self, cx: &mut Cx, why: String) {
        cx.cannot_check(self.rule, self.subject.clone(), Some(&self.total.at), why);
    }

    /// Record an evaluated relation (a finding when it fails).
    pub fn report(&self, cx: &mut Cx, e: &Eval, note: &str) {
        let figures = e.figures(self.places(e.decimals));
        if e.gap == Gap::Equal {
            cx.pass_with(self.rule, self.subject.clone(), &self.total.at, figures);
            return;
        }
        let places = self.places(e.decimals);
        let mut flag = Flag::new(self.rule, &self.total.at, self.message(e, note))
            .related(self.terms.iter().filter_map(|t| t.amount().map(|a| &a.at)))
            .expected(contract(e.computed, places))
            .actual(contract(e.printed, places))
            .figures(figures);
        if matches!(e.gap, Gap::Rounding(_)) {
            flag = flag.adjust(Adjust::Rounding);
        }
        cx.flag(self.subject.clone(), flag);
    }

    /// Record a failed relation without a finding, because the same cause is
    /// already reported elsewhere (`why` says where).
    pub fn record_only(&self, cx: &mut Cx, e: &Eval, why: &str) {
        cx.fail_reported_elsewhere(
            self.rule,
            self.subject.clone(),
            &self.total.at,
            self.message(e, why),
            matches!(e.gap, Gap::Rounding(_)),
            Some(e.figures(self.places(e.decimals))),
        );
    }
}

/// `part ≤ whole`: a subset of funds or of spending.
#[derive(Debug, Clone)]
pub struct AtMost<'a> {
    pub rule: &'static Rule,
    pub subject: String,
    pub what: String,
    pub part_name: String,
    pub part: &'a Amount,
    pub whole_name: String,
    /// None when the other table has no such row (counts as 0).
    pub whole: Option<&'a Amount>,
    pub tol: Tolerance,
    /// The documented case when the rule's default severity does not apply
    /// (a `其中` line above its parent is a scope warning under an error rule).
    pub adjust: Option<Adjust>,
}

impl AtMost<'_> {
    pub fn run(&self, cx: &mut Cx) -> Agreement {
        let amounts: Vec<&Amount> = std::iter::once(self.part).chain(self.whole).collect();
        if let Some(why) = unusable(&amounts) {
            cx.cannot_check(self.rule, self.subject.clone(), Some(&self.part.at), why);
            return Agreement::Unreadable;
        }
        let part = self.part.value_or_zero().unwrap_or_default();
        let whole = self
            .whole
            .and_then(|a| a.value_or_zero())
            .unwrap_or_default();
        let decimals = amounts
            .iter()
            .map(|a| a.decimals())
            .max()
            .unwrap_or(0)
            .max(2);
        let figures = Figures {
            printed: contract(part, decimals),
            computed: contract(whole, decimals),
            difference: contract(part - whole, decimals),
            tolerance: contract(self.tol.band(1, decimals), decimals.max(3)),
        };
        if part <= whole {
            cx.pass_with(self.rule, self.subject.clone(), &self.part.at, figures);
            return Agreement::Agrees;
        }
        let (adjust, tail, agreement) = match self.tol.compare(part, whole, 1, decimals) {
            Gap::Rounding(_) => (Some(Adjust::Rounding), "（尾数差异）", Agreement::Rounding),
            _ => (self.adjust, "", Agreement::Disagrees),
        };
        let whole_text = self
            .whole
            .map_or_else(|| "0.00（无此行）".to_string(), |a| Shown::Money.cell(a));
        let mut flag = Flag::new(
            self.rule,
            &self.part.at,
            format!(
                "{}：{} {} 大于 {} {whole_text}，超出 {}{tail}",
                self.what,
                self.part_name,
                Shown::Money.cell(self.part),
                self.whole_name,
                money(part - whole)
            ),
        )
        .related(self.whole.map(|a| &a.at))
        .expected(contract(whole, decimals))
        .actual(contract(part, decimals))
        .figures(figures);
        if let Some(a) = adjust {
            flag = flag.adjust(a);
        }
        cx.flag(self.subject.clone(), flag);
        agreement
    }
}
