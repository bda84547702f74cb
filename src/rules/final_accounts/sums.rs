//! Sums and comparisons shared by the 决算 rules: one place that compares a
//! printed total with its printed addends through [`Tolerance`], words the
//! finding for a 财务 clerk, and records the outcome.

use crate::amount::Amount;
use crate::rules::{Audit, CheckRecord, Flag, Gap, Outcome, RuleDoc, Severity, Tolerance};
use rust_decimal::Decimal;

/// "3,210.99": thousands separators, at least two decimals.
pub fn money(v: Decimal) -> String {
    let scale = v.normalize().scale().max(2) as usize;
    let text = format!("{:.*}", scale, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac}")
}

/// Plain decimal for JSON: "3210.99", "0.00".
pub fn plain(v: Decimal) -> String {
    let scale = v.normalize().scale().max(2) as usize;
    format!("{:.*}", scale, v)
}

/// A value as the clerk sees it: "2,140.78", or 空白 for a blank cell.
pub fn shown(a: &Amount) -> String {
    if a.is_empty() {
        "空白".to_string()
    } else {
        a.value_or_zero().map_or_else(|| a.raw.clone(), money)
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

/// Largest number of printed decimals among `amounts`.
fn decimals(amounts: &[&Amount]) -> u32 {
    amounts.iter().map(|a| a.decimals()).max().unwrap_or(2)
}

/// One addend of a sum.
pub struct Term<'a> {
    pub name: String,
    /// None when the row does not exist (counts as 0).
    pub amount: Option<&'a Amount>,
    pub negative: bool,
}

impl<'a> Term<'a> {
    pub fn plus(name: impl Into<String>, amount: &'a Amount) -> Self {
        Term {
            name: name.into(),
            amount: Some(amount),
            negative: false,
        }
    }

    pub fn minus(name: impl Into<String>, amount: &'a Amount) -> Self {
        Term {
            name: name.into(),
            amount: Some(amount),
            negative: true,
        }
    }

    pub fn opt(name: impl Into<String>, amount: Option<&'a Amount>) -> Self {
        Term {
            name: name.into(),
            amount,
            negative: false,
        }
    }

    fn value(&self) -> Decimal {
        self.amount
            .and_then(|a| a.value_or_zero())
            .unwrap_or(Decimal::ZERO)
    }
}

/// How a comparison ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Rounding,
    Beyond,
    Unusable,
}

impl Verdict {
    pub fn failed(self) -> bool {
        matches!(self, Verdict::Rounding | Verdict::Beyond)
    }
}

/// A total evaluated against its addends.
#[derive(Debug, Clone, Copy)]
pub struct Eval {
    pub printed: Decimal,
    pub computed: Decimal,
    pub gap: Gap,
}

impl Eval {
    pub fn verdict(&self) -> Verdict {
        match self.gap {
            Gap::Equal => Verdict::Pass,
            Gap::Rounding(_) => Verdict::Rounding,
            Gap::Beyond(_) => Verdict::Beyond,
        }
    }
}

/// `total = Σ terms`, one relation of a rule.
pub struct Sum<'a> {
    pub rule: &'static RuleDoc,
    pub subject: String,
    /// Lead of the message: "收入总计与各项合计不符".
    pub what: String,
    pub total: &'a Amount,
    pub terms: Vec<Term<'a>>,
    pub tol: Tolerance,
}

impl<'a> Sum<'a> {
    fn amounts(&self) -> Vec<&'a Amount> {
        std::iter::once(self.total)
            .chain(self.terms.iter().filter_map(|t| t.amount))
            .collect()
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
                acc - t.value()
            } else {
                acc + t.value()
            }
        });
        let gap = self
            .tol
            .compare(printed, computed, self.terms.len(), decimals(&amounts));
        Ok(Eval {
            printed,
            computed,
            gap,
        })
    }

    /// "a 1.00 + b 2.00", shortened for long sums.
    fn expression(&self) -> String {
        let term = |i: usize, t: &Term<'_>| {
            let op = match (i, t.negative) {
                (0, false) => "",
                (0, true) => "−",
                (_, false) => " + ",
                (_, true) => " − ",
            };
            let v = t.amount.map_or_else(|| "0.00（无此行）".to_string(), shown);
            format!("{op}{} {v}", t.name)
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
        let nonzero: Vec<&Term<'_>> = self.terms.iter().filter(|t| !t.value().is_zero()).collect();
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
        let gap = (e.printed - e.computed).abs();
        let tail = if matches!(e.gap, Gap::Rounding(_)) {
            "（尾数差异）"
        } else {
            ""
        };
        let body = if self.terms.len() == 1 && !self.terms[0].negative {
            let t = &self.terms[0];
            let v = t.amount.map_or_else(|| "0.00（无此行）".to_string(), shown);
            format!(
                "{}：填报 {}，{} 为 {v}，差 {}{tail}",
                self.what,
                shown(self.total),
                t.name,
                money(gap)
            )
        } else {
            format!(
                "{}：填报 {}，{} = {}，差 {}{tail}",
                self.what,
                shown(self.total),
                self.expression(),
                money(e.computed),
                money(gap)
            )
        };
        if note.is_empty() {
            body
        } else {
            format!("{body}；{note}")
        }
    }

    /// Evaluate and record: pass, a finding, or "cannot check".
    pub fn run(&self, audit: &mut Audit) -> Verdict {
        self.run_noted(audit, "")
    }

    /// As [`Sum::run`], with a remark appended to a finding's message.
    pub fn run_noted(&self, audit: &mut Audit, note: &str) -> Verdict {
        match self.eval() {
            Err(why) => {
                // Say what is wrong with the cell itself (SB-01/SB-02), once.
                for a in self.amounts() {
                    audit.number(a);
                }
                audit.cannot_check(self.rule, self.subject.clone(), Some(&self.total.at), why);
                Verdict::Unusable
            }
            Ok(e) => {
                self.report(audit, &e, note);
                e.verdict()
            }
        }
    }

    /// Record an evaluated relation (finding when it fails).
    pub fn report(&self, audit: &mut Audit, e: &Eval, note: &str) {
        let severity = match e.gap {
            Gap::Equal => {
                audit.pass(self.rule, self.subject.clone(), Some(&self.total.at));
                return;
            }
            Gap::Rounding(_) => Severity::Info,
            Gap::Beyond(_) => self.rule.severity,
        };
        audit.flag(
            self.subject.clone(),
            Flag {
                rule: self.rule,
                severity,
                at: &self.total.at,
                related: self
                    .terms
                    .iter()
                    .filter_map(|t| t.amount.map(|a| &a.at))
                    .collect(),
                message: self.message(e, note),
                expected: Some(plain(e.computed)),
                actual: Some(plain(e.printed)),
            },
        );
    }

    /// Record a failed relation without a finding, because the same cause is
    /// already reported elsewhere (`why` says where).
    pub fn record_only(&self, audit: &mut Audit, e: &Eval, why: &str) {
        audit.checks.push(CheckRecord {
            rule: self.rule.code,
            form: audit.form,
            subject: self.subject.clone(),
            outcome: Outcome::Fail,
            rounding: matches!(e.gap, Gap::Rounding(_)),
            sheet: self.total.at.sheet.to_string(),
            cell: self.total.at.a1(),
            detail: self.message(e, why),
        });
    }
}

/// `part ≤ whole`, a scope relation (a subset of funds or of spending).
pub struct AtMost<'a> {
    pub rule: &'static RuleDoc,
    pub subject: String,
    pub what: String,
    pub part_name: String,
    pub part: &'a Amount,
    pub whole_name: String,
    /// None when the other table has no such row (counts as 0).
    pub whole: Option<&'a Amount>,
    pub tol: Tolerance,
    /// Severity beyond the rounding band (usually the rule's own).
    pub severity: Severity,
}

impl AtMost<'_> {
    pub fn run(&self, audit: &mut Audit) -> Verdict {
        let amounts: Vec<&Amount> = std::iter::once(self.part).chain(self.whole).collect();
        if let Some(why) = unusable(&amounts) {
            for a in &amounts {
                audit.number(a);
            }
            audit.cannot_check(self.rule, self.subject.clone(), Some(&self.part.at), why);
            return Verdict::Unusable;
        }
        let part = self.part.value_or_zero().unwrap_or_default();
        let whole = self
            .whole
            .and_then(|a| a.value_or_zero())
            .unwrap_or_default();
        if part <= whole {
            audit.pass(self.rule, self.subject.clone(), Some(&self.part.at));
            return Verdict::Pass;
        }
        let (severity, tail, verdict) = match self.tol.compare(part, whole, 1, decimals(&amounts)) {
            Gap::Rounding(_) => (Severity::Info, "（尾数差异）", Verdict::Rounding),
            _ => (self.severity, "", Verdict::Beyond),
        };
        let whole_text = self
            .whole
            .map_or_else(|| "0.00（无此行）".to_string(), shown);
        audit.flag(
            self.subject.clone(),
            Flag {
                rule: self.rule,
                severity,
                at: &self.part.at,
                related: self.whole.map(|a| &a.at).into_iter().collect(),
                message: format!(
                    "{}：{} {} 大于 {} {whole_text}，超出 {}{tail}",
                    self.what,
                    self.part_name,
                    shown(self.part),
                    self.whole_name,
                    money(part - whole)
                ),
                expected: Some(plain(whole)),
                actual: Some(plain(part)),
            },
        );
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{CellRef, Num, Reading};
    use std::str::FromStr;
    use std::sync::Arc;

    fn amt(v: &str, row: u32) -> Amount {
        let sheet: Arc<str> = Arc::from("Z01");
        Amount {
            at: CellRef::new(&sheet, row, 2),
            raw: v.to_string(),
            reading: Reading::Number(Num::plain(Decimal::from_str(v).unwrap(), 2)),
        }
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(Decimal::from_str("3210.99").unwrap()), "3,210.99");
        assert_eq!(
            money(Decimal::from_str("-1234567.5").unwrap()),
            "-1,234,567.50"
        );
        assert_eq!(money(Decimal::ZERO), "0.00");
        assert_eq!(plain(Decimal::from_str("2217.4").unwrap()), "2217.40");
    }

    #[test]
    fn seed_total_reads_as_the_issue_says() {
        let (total, a, b, c) = (
            amt("3210.99", 30),
            amt("2217.42", 26),
            amt("0.00", 27),
            amt("993.56", 28),
        );
        let sum = Sum {
            rule: &crate::rules::final_accounts::overview::JS_01_02,
            subject: String::new(),
            what: "收入总计与各项合计不符".into(),
            total: &total,
            terms: vec![
                Term::plus("本年收入合计", &a),
                Term::plus("使用非财政拨款结余", &b),
                Term::plus("年初结转和结余", &c),
            ],
            tol: Tolerance::default(),
        };
        let e = sum.eval().unwrap();
        assert_eq!(e.verdict(), Verdict::Rounding);
        assert_eq!(
            sum.message(&e, ""),
            "收入总计与各项合计不符：填报 3,210.99，本年收入合计 2,217.42 + 使用非财政拨款结余 0.00 + 年初结转和结余 993.56 = 3,210.98，差 0.01（尾数差异）"
        );
        let mut audit = Audit::new();
        sum.run(&mut audit);
        assert_eq!(audit.findings[0].severity, Severity::Info);
        assert_eq!(audit.findings[0].cell, "C31");
        assert_eq!(audit.findings[0].related, vec!["C27", "C28", "C29"]);
        assert_eq!(audit.findings[0].expected.as_deref(), Some("3210.98"));
    }
}
