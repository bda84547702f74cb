//! Which cells of the rebuilt sheets are flagged, with what colour, number
//! and note, and which are outlined as a finding's related cells. Findings
//! on one cell (or anywhere in one merged region) share one mark: the fill
//! of the most severe, every number, and one note listing them all.

use crate::outcome::FileReport;
use crate::report::order::by_severity as ordered;
use crate::report::xlsx_patch::marker::{marker, suffix};
use crate::rules::{Finding, Severity};
use crate::workbook::Workbook;
use std::collections::{BTreeMap, HashMap};

/// Everything said about one cell.
#[derive(Debug)]
pub struct Mark<'r> {
    pub severity: Severity,
    /// The findings shown here with their 审核结果 numbers; empty for a cell
    /// that is only another finding's related cell (outlined, no note).
    pub findings: Vec<(u32, &'r Finding)>,
}

impl Mark<'_> {
    /// What the cell's format shows: fill or outline, border colour and the
    /// numbers after the value.
    pub fn look(&self) -> MarkLook {
        let mut numbers: Vec<u32> = self.findings.iter().map(|(n, _)| *n).collect();
        numbers.sort_unstable();
        numbers.dedup();
        MarkLook {
            severity: self.severity,
            related: self.findings.is_empty(),
            suffix: if numbers.is_empty() {
                String::new()
            } else {
                suffix(&numbers)
            },
        }
    }
}

/// The format-relevant part of a mark (a cache key of the style map).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkLook {
    pub severity: Severity,
    /// Only a related cell: a dashed outline, no fill.
    pub related: bool,
    /// " ①②" after the value, or empty.
    pub suffix: String,
}

/// Sheet index → anchor cell → mark.
pub type Marks<'r> = HashMap<usize, BTreeMap<(u32, u32), Mark<'r>>>;

pub use crate::report::order::finding_pos;

/// Group the findings by the cell that shows them, numbered as 审核结果
/// lists them; their related cells get outlines.
pub fn collect<'r>(wb: &Workbook, report: &'r FileReport) -> Marks<'r> {
    let mut marks: Marks<'r> = HashMap::new();
    let index = |name: &str| wb.sheets.iter().position(|s| *s.name == *name);
    for (i, f) in ordered(report).into_iter().enumerate() {
        let (Some(idx), Some((row, col))) = (index(&f.sheet), finding_pos(&f.cell)) else {
            continue;
        };
        let anchor = wb.sheets[idx].anchor(row, col);
        let mark = marks.entry(idx).or_default().entry(anchor).or_insert(Mark {
            severity: f.severity,
            findings: Vec::new(),
        });
        // A flagged cell's colour is its own findings', never an outline's.
        mark.severity = if mark.findings.is_empty() {
            f.severity
        } else {
            mark.severity.min(f.severity)
        };
        mark.findings.push((i as u32 + 1, f));
    }
    for f in ordered(report) {
        for (sheet, (row, col)) in related_cells(f) {
            let Some(idx) = index(&sheet) else {
                continue;
            };
            let anchor = wb.sheets[idx].anchor(row, col);
            let mark = marks.entry(idx).or_default().entry(anchor).or_insert(Mark {
                severity: f.severity,
                findings: Vec::new(),
            });
            if mark.findings.is_empty() {
                mark.severity = mark.severity.min(f.severity);
            }
        }
    }
    for sheet in marks.values_mut() {
        for mark in sheet.values_mut() {
            mark.findings
                .sort_by_key(|(n, f)| (f.severity, f.rule.code, *n));
        }
    }
    marks
}

/// A finding's related cells as (sheet, (row, col)): "F33" is on the
/// finding's own sheet, "'其他表'!F33" on that one; unreadable ones are
/// skipped.
pub fn related_cells(f: &Finding) -> impl Iterator<Item = (String, (u32, u32))> + '_ {
    f.related.iter().filter_map(|r| {
        let (sheet, cell) = match r.rsplit_once('!') {
            Some((s, c)) => (unquote(s), c),
            None => (f.sheet.clone(), r.as_str()),
        };
        Some((sheet, finding_pos(cell)?))
    })
}

/// `'O''Neil 表'` → `O'Neil 表`; an unquoted name as it is.
fn unquote(s: &str) -> String {
    match s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(inner) => inner.replace("''", "'"),
        None => s.to_string(),
    }
}

/// Longest note text kept; a cell note is for reading, not an archive.
const MAX_NOTE_CHARS: usize = 4000;

/// The note of a mark: per finding, level, code and title, the message, and
/// 应为/实为 when known.
pub fn note_text(mark: &Mark<'_>) -> String {
    let parts: Vec<String> = mark
        .findings
        .iter()
        .map(|(n, f)| numbered_note(*n, f))
        .collect();
    clip_note(parts.join("\n\n"))
}

/// A finding's note headed by its number (the 序号 of 审核结果).
pub fn numbered_note(n: u32, f: &Finding) -> String {
    format!("{} {}", marker(n), finding_note(f))
}

/// What a note says about one finding: level, code and title, then
/// [`finding_body`].
pub fn finding_note(f: &Finding) -> String {
    let mut s = format!("【{}】{} {}", f.severity.label(), f.rule.code, f.rule.title)
        .trim_end()
        .to_string();
    s.push('\n');
    s.push_str(&finding_body(f));
    s
}

/// A finding's message, 应为/实为 when known, and the related cells (so a
/// reader of the cell knows where the other side of a relation is). A Word
/// comment shows this under its own rule heading.
pub fn finding_body(f: &Finding) -> String {
    let mut s = f.message.trim().to_string();
    let expected = f.expected.as_deref().filter(|e| !e.is_empty());
    let actual = f.actual.as_deref().filter(|e| !e.is_empty());
    match (expected, actual) {
        (Some(e), Some(a)) => s.push_str(&format!("\n应为：{e}；实为：{a}")),
        (Some(e), None) => s.push_str(&format!("\n应为：{e}")),
        (None, Some(a)) => s.push_str(&format!("\n实为：{a}")),
        (None, None) => {}
    }
    if !f.related.is_empty() {
        s.push_str(&format!("\n相关单元格：{}", f.related.join("、")));
    }
    s
}

/// `text` cut to [`MAX_NOTE_CHARS`], pointing at 审核结果 for the rest.
pub fn clip_note(text: String) -> String {
    if text.chars().count() > MAX_NOTE_CHARS {
        let mut cut: String = text.chars().take(MAX_NOTE_CHARS).collect();
        cut.push_str("……（其余见“审核结果”）");
        cut
    } else {
        text
    }
}

/// Display width in half-width units: CJK and full-width forms count 2.
pub fn display_units(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// Note box width in pixels: wide enough for about 24 Chinese characters.
pub const NOTE_WIDTH: u32 = 320;

/// Height in pixels that shows the whole text at the note's font size
/// (宋体 10 ≈ 13 px a character, 17 px a line), within sane bounds.
pub fn note_height(text: &str) -> u32 {
    let per_line = ((NOTE_WIDTH - 16) as f64 / 6.7).floor() as usize;
    let lines: usize = text
        .lines()
        .map(|l| display_units(l).div_ceil(per_line).max(1))
        .sum();
    (lines as u32 * 17 + 16).clamp(60, 520)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, rule: &'static crate::rules::Rule, msg: &str) -> Finding {
        Finding {
            rule,
            severity,
            sheet: "S".into(),
            cell: "B2".into(),
            related: vec![],
            message: msg.into(),
            expected: Some("97".into()),
            actual: Some("96".into()),
            quote: None,
        }
    }

    #[test]
    fn positions_accept_ranges_and_sheet_prefixes() {
        assert_eq!(finding_pos("B7"), Some((6, 1)));
        assert_eq!(finding_pos("$B$7:C9"), Some((6, 1)));
        assert_eq!(finding_pos("'表'!C3"), Some((2, 2)));
        assert_eq!(finding_pos(""), None);
    }

    #[test]
    fn note_lists_most_severe_first() {
        let w = finding(Severity::Warning, &crate::rules::cells::SB_01, "警告消息");
        let e = finding(Severity::Error, &crate::rules::cells::SB_02, "错误消息");
        let mark = Mark {
            severity: Severity::Error,
            findings: vec![(1, &e), (2, &w)],
        };
        let text = note_text(&mark);
        assert!(text.starts_with("① 【错误】SB-02"), "{text}");
        assert!(text.contains("\n\n② 【警告】SB-01"), "{text}");
        assert_eq!(mark.look().suffix, " ①②");
        assert!(!mark.look().related);
        assert!(text.contains("警告消息"));
        assert!(text.contains("应为：97；实为：96"));
        assert!(note_height(&text) > 60);
    }
}
