//! Binding a stated amount to one table figure: the words right before the
//! amount name its subject, and only subjects with exactly one meaning in
//! the 决算 tables are bound. Line items (基本支出, 其他收入, a 类) are
//! bound only under the head figure of their paragraph ("本年支出合计…，
//! 其中：基本支出…"), since the same words under another head (政府性基金)
//! mean another table's line. Anything else stays unbound — fail closed.

use super::text::{Token, Unit};
use crate::amount::Amount;
use crate::forms::final_accounts::model::{ColKey, IncomeItem, SpendCol};
use crate::forms::final_accounts::Publication;
use crate::forms::labels::norm;
use crate::workbook::CellRef;
use rust_decimal::Decimal;

/// A table figure a statement is compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// "公开01 收入总计".
    pub name: String,
    pub value: Decimal,
    pub at: CellRef,
    /// Further cells summed into `value` (财政拨款收入 = its three lines).
    pub also: Vec<CellRef>,
}

/// Where a term may be bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere: a head figure of the publication.
    Head,
    /// Only in a paragraph whose head figure is this term.
    Under(&'static str),
}

/// A subject the prose names and the table figure it means.
pub struct Term {
    pub text: &'static str,
    pub scope: Scope,
    /// The figure a writer confuses this term with (收入总计 ↔ 本年收入合计).
    pub sibling: Option<&'static str>,
    figure: fn(&Publication) -> Option<Figure>,
}

impl PartialEq for Term {
    fn eq(&self, other: &Term) -> bool {
        self.text == other.text
    }
}

impl std::fmt::Debug for Term {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.text)
    }
}

impl Term {
    /// The figure in the publication, when its table has it.
    pub fn figure(&self, p: &Publication) -> Option<Figure> {
        (self.figure)(p)
    }
}

fn amount_figure(name: &str, a: &Amount) -> Option<Figure> {
    Some(Figure {
        name: name.to_string(),
        value: a.value_or_zero()?,
        at: a.at.clone(),
        also: Vec::new(),
    })
}

fn t01_line(p: &Publication, name: &str, item: IncomeItem) -> Option<Figure> {
    amount_figure(name, &p.t01.as_ref()?.body.income_line(item)?.amount)
}

/// 财政拨款收入 of 公开01: the single line of older templates, or the sum
/// of its three fund lines.
fn t01_fiscal(p: &Publication) -> Option<Figure> {
    let name = "公开01 财政拨款收入";
    let t = &p.t01.as_ref()?.body;
    if let Some(l) = t.income_line(IncomeItem::FiscalTotal) {
        return amount_figure(name, &l.amount);
    }
    let lines: Vec<&Amount> = [
        IncomeItem::General,
        IncomeItem::GovFund,
        IncomeItem::StateCapital,
    ]
    .into_iter()
    .filter_map(|i| t.income_line(i).map(|l| &l.amount))
    .collect();
    let first = lines.first()?;
    let mut value = Decimal::ZERO;
    for a in &lines {
        value += a.value_or_zero()?;
    }
    Some(Figure {
        name: name.into(),
        value,
        at: first.at.clone(),
        also: lines[1..].iter().map(|a| a.at.clone()).collect(),
    })
}

fn t03_total(p: &Publication, name: &str, key: ColKey) -> Option<Figure> {
    let t = &p.t03.as_ref()?.body;
    amount_figure(name, t.total.as_ref()?.values.get(t.col(key)?)?)
}

fn t05_total(p: &Publication, name: &str, key: ColKey) -> Option<Figure> {
    let t = &p.t05.as_ref()?.body;
    amount_figure(name, t.total.as_ref()?.values.get(t.col(key)?)?)
}

fn t04_spend(p: &Publication, name: &str, grand: bool) -> Option<Figure> {
    let t = &p.t04.as_ref()?.body;
    let line = if grand {
        &t.spend_grand
    } else {
        &t.spend_total
    };
    amount_figure(name, line.as_ref()?.values.get(t.col(SpendCol::Total)?)?)
}

/// Longest first, so "财政拨款收入总计" is never read as "收入总计".
pub static TERMS: &[Term] = &[
    Term {
        text: "财政拨款收入总计",
        scope: Scope::Head,
        sibling: Some("财政拨款本年收入合计"),
        figure: |p| {
            amount_figure(
                "公开04 收入总计",
                &p.t04.as_ref()?.body.income_grand.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "财政拨款支出总计",
        scope: Scope::Head,
        sibling: Some("财政拨款本年支出合计"),
        figure: |p| t04_spend(p, "公开04 支出总计", true),
    },
    Term {
        text: "财政拨款本年收入合计",
        scope: Scope::Head,
        sibling: None,
        figure: |p| {
            amount_figure(
                "公开04 本年收入合计",
                &p.t04.as_ref()?.body.income_total.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "财政拨款本年支出合计",
        scope: Scope::Head,
        sibling: None,
        figure: |p| t04_spend(p, "公开04 本年支出合计", false),
    },
    Term {
        text: "财政拨款基本支出",
        scope: Scope::Head,
        sibling: None,
        figure: |p| t05_total(p, "公开05 基本支出合计", ColKey::Basic),
    },
    Term {
        text: "财政拨款支出",
        scope: Scope::Head,
        sibling: None,
        figure: |p| t05_total(p, "公开05 支出合计", ColKey::Total),
    },
    Term {
        text: "本年收入合计",
        scope: Scope::Head,
        sibling: None,
        figure: |p| {
            amount_figure(
                "公开01 本年收入合计",
                &p.t01.as_ref()?.body.income_total.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "本年支出合计",
        scope: Scope::Head,
        sibling: None,
        figure: |p| {
            amount_figure(
                "公开01 本年支出合计",
                &p.t01.as_ref()?.body.spend_total.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "收入总计",
        scope: Scope::Head,
        sibling: Some("本年收入合计"),
        figure: |p| {
            amount_figure(
                "公开01 收入总计",
                &p.t01.as_ref()?.body.income_grand.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "支出总计",
        scope: Scope::Head,
        sibling: Some("本年支出合计"),
        figure: |p| {
            amount_figure(
                "公开01 支出总计",
                &p.t01.as_ref()?.body.spend_grand.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "附属单位上缴收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: |p| t01_line(p, "公开01 附属单位上缴收入", IncomeItem::Affiliated),
    },
    Term {
        text: "财政拨款收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: t01_fiscal,
    },
    Term {
        text: "上级补助收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: |p| t01_line(p, "公开01 上级补助收入", IncomeItem::Superior),
    },
    Term {
        text: "事业收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: |p| t01_line(p, "公开01 事业收入", IncomeItem::Business),
    },
    Term {
        text: "经营收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: |p| t01_line(p, "公开01 经营收入", IncomeItem::Operating),
    },
    Term {
        text: "其他收入",
        scope: Scope::Under("本年收入合计"),
        sibling: None,
        figure: |p| t01_line(p, "公开01 其他收入", IncomeItem::Other),
    },
    Term {
        text: "对附属单位补助支出",
        scope: Scope::Under("本年支出合计"),
        sibling: None,
        figure: |p| t03_total(p, "公开03 对附属单位补助支出合计", ColKey::ToAffiliates),
    },
    Term {
        text: "上缴上级支出",
        scope: Scope::Under("本年支出合计"),
        sibling: None,
        figure: |p| t03_total(p, "公开03 上缴上级支出合计", ColKey::ToSuperior),
    },
    Term {
        text: "经营支出",
        scope: Scope::Under("本年支出合计"),
        sibling: None,
        figure: |p| t03_total(p, "公开03 经营支出合计", ColKey::OperatingSpend),
    },
    Term {
        text: "基本支出",
        scope: Scope::Under("本年支出合计"),
        sibling: None,
        figure: |p| t03_total(p, "公开03 基本支出合计", ColKey::Basic),
    },
    Term {
        text: "项目支出",
        scope: Scope::Under("本年支出合计"),
        sibling: None,
        figure: |p| t03_total(p, "公开03 项目支出合计", ColKey::Project),
    },
    Term {
        text: "人员经费",
        scope: Scope::Under("财政拨款基本支出"),
        sibling: None,
        figure: |p| {
            amount_figure(
                "公开06 人员经费合计",
                &p.t06.as_ref()?.body.personnel_total.as_ref()?.amount,
            )
        },
    },
    Term {
        text: "公用经费",
        scope: Scope::Under("财政拨款基本支出"),
        sibling: None,
        figure: |p| {
            amount_figure(
                "公开06 公用经费合计",
                &p.t06.as_ref()?.body.public_total.as_ref()?.amount,
            )
        },
    },
];

/// The term named by `text`.
pub fn term(text: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.text == text)
}

/// What the words before an amount name.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Term(&'static Term),
    /// A 功能分类 类 ("文化旅游体育与传媒（类）支出" → "文化旅游体育与传媒支出").
    Class(String),
    /// Words the tables do not define (政府采购支出总额, 上年数 …).
    Other(String),
}

/// Words that bind the term before them to another fund's table.
const OTHER_FUNDS: [&str; 2] = ["政府性基金", "国有资本经营"];

/// The subject named right before an amount: the text since the previous
/// comma or colon, with a trailing 为/是/共 dropped.
pub fn subject(before: &str) -> Subject {
    let clause = before
        .rsplit(['，', ',', '：', ':', '、', '（', '(', '；', '。'])
        .next()
        .unwrap_or(before);
    // "（类）" sits inside brackets: take the class from the whole tail.
    if let Some(class) = class_name(before) {
        return Subject::Class(class);
    }
    let s = clause.trim();
    let s = s
        .strip_suffix("为")
        .or_else(|| s.strip_suffix("是"))
        .or_else(|| s.strip_suffix("共"))
        .unwrap_or(s);
    for t in TERMS {
        if let Some(head) = s.strip_suffix(t.text) {
            if OTHER_FUNDS.iter().any(|f| head.contains(f)) {
                return Subject::Other(s.to_string());
            }
            return Subject::Term(t);
        }
    }
    Subject::Other(s.to_string())
}

/// "…：一般公共服务（类）支出" → "一般公共服务支出".
fn class_name(before: &str) -> Option<String> {
    let s = before.trim_end();
    let head = s
        .strip_suffix("（类）支出")
        .or_else(|| s.strip_suffix("(类)支出"))?;
    let name = head
        .rsplit(['，', ',', '：', ':', '、', '；', '。'])
        .next()
        .unwrap_or(head)
        .trim();
    (!name.is_empty()).then(|| format!("{name}支出"))
}

/// The 类 line of 公开05 with this name, as its 合计.
pub fn class_figure(p: &Publication, name: &str) -> Option<Figure> {
    let t = p.t05.as_ref()?;
    let total = t.body.col(ColKey::Total)?;
    let want = norm(name);
    let mut rows = t
        .body
        .rows
        .iter()
        .filter(|r| r.code.len() == 3 && norm(&r.name) == want);
    let row = rows.next()?;
    if rows.next().is_some() {
        return None;
    }
    amount_figure(
        &format!("公开05 {}（{}）", row.name, row.code),
        row.values.get(total)?,
    )
}

/// A stated amount with what it names.
#[derive(Debug, Clone)]
pub struct Stated {
    pub piece: usize,
    pub token: Token,
    pub subject: Subject,
    /// The words after it open a breakdown of it (其中 / 主要用于).
    pub breakdown: bool,
}

/// Every amount of a paragraph (pieces in order) with its subject.
pub fn stated(pieces: &[&str]) -> Vec<Stated> {
    let mut out = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let tokens = super::text::tokens(piece);
        for (k, token) in tokens.iter().enumerate() {
            if token.unit != Unit::Wan {
                continue;
            }
            let next = tokens.get(k + 1).map_or(piece.len(), |t| t.start);
            let after = &piece[token.end..next];
            out.push(Stated {
                piece: i,
                token: token.clone(),
                subject: subject(&piece[..token.start]),
                breakdown: after.contains("其中") || after.contains("主要用于"),
            });
        }
    }
    out
}

/// The paragraph's head figure: its first amount, when that names a head
/// term ("本年支出合计2696.91万元，其中：…").
pub fn head(stated: &[Stated]) -> Option<&'static Term> {
    match stated.first()?.subject {
        Subject::Term(t) if t.scope == Scope::Head => Some(t),
        _ => None,
    }
}

/// Why a statement has no figure to compare with, or the figure.
pub fn resolve(s: &Stated, head: Option<&'static Term>, p: &Publication) -> Result<Figure, String> {
    match &s.subject {
        Subject::Term(t) => {
            if let Scope::Under(h) = t.scope {
                if head.map(|x| x.text) != Some(h) {
                    return Err(format!(
                        "“{}”只在“{h}……其中”之下才能对应到表中的数，此处无法确定指哪张表",
                        t.text
                    ));
                }
            }
            t.figure(p)
                .ok_or_else(|| format!("表中未找到“{}”对应的数", t.text))
        }
        Subject::Class(name) => {
            if head.map(|x| x.text) != Some("财政拨款支出") {
                return Err(format!(
                    "“{name}”不在“财政拨款支出……”之下，无法确定对应哪张表"
                ));
            }
            class_figure(p, name).ok_or_else(|| format!("公开05 中未找到唯一的“{name}”类"))
        }
        Subject::Other(words) => Err(if words.is_empty() {
            "未写明是什么金额".to_string()
        } else {
            format!("“{words}”不是表中列示的项目")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(before: &str) -> String {
        match subject(before) {
            Subject::Term(t) => format!("term {}", t.text),
            Subject::Class(c) => format!("class {c}"),
            Subject::Other(o) => format!("other {o}"),
        }
    }

    #[test]
    fn subjects_are_read_from_the_words_before_the_amount() {
        assert_eq!(named("2020年度收入总计"), "term 收入总计");
        assert_eq!(named("2020年度财政拨款收入总计"), "term 财政拨款收入总计");
        assert_eq!(named("其中：财政拨款收入"), "term 财政拨款收入");
        assert_eq!(named("年初预算为"), "other 年初预算");
        assert_eq!(
            named("主要用于以下方面：文化旅游体育与传媒（类）支出"),
            "class 文化旅游体育与传媒支出"
        );
        assert_eq!(
            named("政府性基金预算财政拨款收入"),
            "other 政府性基金预算财政拨款收入"
        );
        assert_eq!(named("与上年相比，增加"), "other 增加");
    }
}
