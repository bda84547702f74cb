//! Extraction: turn a candidate region of a sheet into a typed table.
//! Tolerant of merged headers, blank spacer columns, shifted origins and
//! numbers stored as text; a region without a recognisable header is not a
//! table (a 目录 line that merely names one, for instance).

mod basic;
mod coded;
mod overview;
mod san_gong;

use super::detect::{Candidate, Source};
use super::model::{Body, Header, Located, Meta, MoneyUnit, TableKind};
use super::names;
use crate::amount::Amount;
use crate::forms::labels::norm;
use crate::workbook::{CellRef, Rect, Sheet, Workbook};

/// The cells of one candidate table.
#[derive(Clone, Copy)]
pub(crate) struct Region<'a> {
    pub sheet: &'a Sheet,
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
}

impl<'a> Region<'a> {
    /// Normalised text shown at (r, c), following merges.
    pub fn label(&self, r: u32, c: u32) -> String {
        norm(&self.sheet.text(r, c))
    }

    /// Text shown at (r, c), following merges, trimmed.
    pub fn raw(&self, r: u32, c: u32) -> String {
        self.sheet.text(r, c)
    }

    pub fn amount(&self, r: u32, c: u32) -> Amount {
        Amount::read(self.sheet, r, c)
    }

    pub fn at(&self, r: u32, c: u32) -> CellRef {
        let (r, c) = self.sheet.anchor(r, c);
        CellRef::new(&self.sheet.name, r, c)
    }

    /// Cells stored in row `r` inside the region, with their own text.
    pub fn own_cells(&self, r: u32) -> Vec<(u32, String)> {
        self.sheet
            .row_cells(r)
            .filter(|(c, _)| *c >= self.left && *c <= self.right)
            .map(|(c, _)| (c, self.sheet.own_text(r, c)))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    }

    /// First row (from `from`) holding a cell whose normalised label
    /// satisfies `pred`, with that cell's column.
    pub fn find(&self, from: u32, pred: impl Fn(&str) -> bool) -> Option<(u32, u32)> {
        (from..=self.bottom).find_map(|r| {
            self.own_cells(r)
                .into_iter()
                .find(|(_, t)| pred(&norm(t)))
                .map(|(c, _)| (r, c))
        })
    }

    /// Header label of column `c` over `rows` (merged texts counted once).
    pub fn column_label(&self, rows: impl Iterator<Item = u32>, c: u32) -> String {
        let mut out = String::new();
        let mut last = String::new();
        for r in rows {
            let t = self.label(r, c);
            if !t.is_empty() && t != last {
                out.push_str(&t);
                last = t;
            }
        }
        out
    }

    /// An integer printed at (r, c) — a 栏次 or 行次 number.
    pub fn int_at(&self, r: u32, c: u32) -> Option<u32> {
        use rust_decimal::prelude::ToPrimitive;
        let v = self.amount(r, c).value()?;
        if !v.fract().is_zero() {
            return None;
        }
        v.to_u32().filter(|n| (1..1000).contains(n))
    }

    /// The 栏次 row between `from` and `to` (inclusive), if any.
    pub fn lanci_row(&self, from: u32, to: u32) -> Option<u32> {
        (from..=to.min(self.bottom))
            .find(|&r| self.own_cells(r).iter().any(|(_, t)| norm(t) == "栏次"))
    }
}

/// Extract the table a candidate points at, or None when the region holds
/// no recognisable table.
pub fn extract(wb: &Workbook, cand: &Candidate) -> Option<(Meta, Body)> {
    let sheet = &wb.sheets[cand.sheet];
    let reg = Region {
        sheet,
        top: cand.top,
        bottom: cand.bottom,
        left: cand.left,
        right: cand.right,
    };
    let body = match cand.kind {
        TableKind::T01 => Body::Overview(overview::overview(&reg)?),
        TableKind::T04 => Body::FiscalOverview(overview::fiscal(&reg)?),
        TableKind::T06 => Body::Basic(basic::extract(&reg)?),
        TableKind::T07 => Body::SanGong(san_gong::extract(&reg)?),
        kind => Body::Coded(coded::extract(&reg, kind)?),
    };
    let title = match cand.source {
        Source::Title | Source::SheetName => cand.title.trim().to_string(),
        Source::Code => cand.kind.title().to_string(),
    };
    let title_at = reg.at(cand.title_cell.0, cand.title_cell.1);
    let header = header(&reg, &title);
    let meta = Meta {
        kind: cand.kind,
        sheet: sheet.name.clone(),
        title,
        title_at,
        rect: bounds(&reg),
        header,
        statement: statement(&reg),
        order: (cand.sheet, cand.top, cand.left),
    };
    Some((meta, body))
}

/// Rows scanned for 部门 / 金额单位 lines above the column headers.
const HEADER_SCAN_ROWS: u32 = 12;

/// 部门, 年度 and 金额单位 from the lines around the title.
fn header(reg: &Region<'_>, title: &str) -> Header {
    let mut out = Header::default();
    if reg.top == 0 {
        // Caption lines above a Word table: pointed at its first cell.
        let at = reg.at(reg.top, reg.left);
        for line in &reg.sheet.above {
            let s = norm(line);
            if out.unit.is_none() {
                out.unit = money_unit(&s).map(|value| Located {
                    value,
                    at: at.clone(),
                });
            }
            if out.dept.is_none() {
                out.dept = dept_name(&s)
                    .filter(|n| !n.is_empty() && money_unit(n).is_none())
                    .map(|value| Located {
                        value,
                        at: at.clone(),
                    });
            }
            if out.year.is_none() && !names::is_note(&s) {
                out.year = year_in(&s).map(|value| Located {
                    value,
                    at: at.clone(),
                });
            }
        }
    }
    let last = reg.bottom.min(reg.top + HEADER_SCAN_ROWS);
    for r in reg.top..=last {
        let cells = reg.own_cells(r);
        for (i, (c, text)) in cells.iter().enumerate() {
            let at = reg.at(r, *c);
            let s = norm(text);
            if out.unit.is_none() {
                if let Some(unit) = money_unit(&s) {
                    out.unit = Some(Located {
                        value: unit,
                        at: at.clone(),
                    });
                }
            }
            if out.dept.is_none() {
                if let Some(name) = dept_name(&s) {
                    let name = if name.is_empty() {
                        // "部门：" in one cell, the name in the next.
                        cells.get(i + 1).map(|(_, t)| norm(t)).unwrap_or_default()
                    } else {
                        name
                    };
                    if !name.is_empty() && money_unit(&name).is_none() {
                        out.dept = Some(Located {
                            value: name,
                            at: at.clone(),
                        });
                    }
                }
            }
            if out.year.is_none() && !names::is_note(&s) {
                if let Some(y) = year_in(&s) {
                    out.year = Some(Located { value: y, at });
                }
            }
        }
    }
    if let Some(y) = year_in(&norm(title)) {
        // The title's year wins over any date in the header lines.
        let at = out
            .year
            .as_ref()
            .map(|l| l.at.clone())
            .unwrap_or_else(|| reg.at(reg.top, reg.left));
        out.year = Some(Located { value: y, at });
    }
    out
}

/// "金额单位：万元", "单位：元", "（单位：万元）" → the unit.
pub fn money_unit(s: &str) -> Option<MoneyUnit> {
    let i = s.rfind("单位:")?;
    let rest = s[i + "单位:".len()..].trim_start_matches(['(', ')']);
    if rest.starts_with("万元") {
        Some(MoneyUnit::Wan)
    } else if rest.starts_with('元') {
        Some(MoneyUnit::Yuan)
    } else {
        None
    }
}

/// "部门：XX局" → "XX局"; "部门：" → "" (name in the next cell).
fn dept_name(s: &str) -> Option<String> {
    const LABELS: &[&str] = &[
        "部门名称:",
        "单位名称:",
        "编制单位:",
        "填报单位:",
        "编报单位:",
        "预算单位:",
        "部门:",
        "单位:",
    ];
    let label = LABELS.iter().find(|l| s.starts_with(*l))?;
    let mut rest = s[label.len()..].to_string();
    if let Some(i) = rest.find("金额单位") {
        rest.truncate(i);
    }
    if money_unit(s).is_some() && rest.ends_with("元") && *label == "单位:" {
        return None;
    }
    Some(rest.trim_end_matches([',', ';', ' ']).to_string())
}

/// A year such as "2020年" / "2020年度" in a label.
pub fn year_in(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && w[0] == '2' && w[1] == '0' && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// A statement that the table is empty on purpose, anywhere in the region.
fn statement(reg: &Region<'_>) -> Option<Located<String>> {
    (reg.top..=reg.bottom).find_map(|r| {
        reg.own_cells(r)
            .into_iter()
            .find(|(_, t)| t.chars().count() >= 4 && names::is_empty_statement(t))
            .map(|(c, t)| Located {
                value: t,
                at: reg.at(r, c),
            })
    })
}

/// The used rectangle of the region.
fn bounds(reg: &Region<'_>) -> Rect {
    let mut rect: Option<Rect> = None;
    for r in reg.top..=reg.bottom {
        for (c, _) in reg.own_cells(r) {
            let right = reg
                .sheet
                .merge_at(r, c)
                .map_or(c, |m| m.right.min(reg.right));
            let bottom = reg
                .sheet
                .merge_at(r, c)
                .map_or(r, |m| m.bottom.min(reg.bottom));
            rect = Some(match rect {
                None => Rect {
                    top: r,
                    left: c,
                    bottom,
                    right,
                },
                Some(x) => Rect {
                    top: x.top.min(r),
                    left: x.left.min(c),
                    bottom: x.bottom.max(bottom),
                    right: x.right.max(right),
                },
            });
        }
    }
    rect.unwrap_or(Rect {
        top: reg.top,
        left: reg.left,
        bottom: reg.top,
        right: reg.left,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_departments() {
        assert_eq!(money_unit("金额单位:万元"), Some(MoneyUnit::Wan));
        assert_eq!(money_unit("(单位:元)"), Some(MoneyUnit::Yuan));
        assert_eq!(money_unit("单位:益阳市某局"), None);
        assert_eq!(
            dept_name("部门:益阳市智慧城市和大数据中心"),
            Some("益阳市智慧城市和大数据中心".into())
        );
        assert_eq!(dept_name("单位:万元"), None);
        assert_eq!(dept_name("部门:"), Some(String::new()));
        assert_eq!(year_in("某局2020年度收入支出决算总表"), Some(2020));
        assert_eq!(year_in("收入支出决算总表"), None);
    }
}
