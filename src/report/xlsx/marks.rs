//! Which cells of the copied sheets are flagged, with what colour and note.
//! Findings on one cell (or anywhere in one merged region) share one mark:
//! the fill of the most severe and one note listing them all.

use crate::rules::{Finding, Severity};
use crate::workbook::Workbook;
use std::collections::{BTreeMap, HashMap};

/// Everything said about one cell.
#[derive(Debug)]
pub struct Mark<'r> {
    pub severity: Severity,
    pub findings: Vec<&'r Finding>,
}

/// Sheet index → anchor cell → mark.
pub type Marks<'r> = HashMap<usize, BTreeMap<(u32, u32), Mark<'r>>>;

pub use crate::report::order::finding_pos;

/// Group the findings by the cell that shows them.
pub fn collect<'r>(wb: &Workbook, findings: &[&'r Finding]) -> Marks<'r> {
    let mut marks: Marks<'r> = HashMap::new();
    for &f in findings {
        let Some(idx) = wb.sheets.iter().position(|s| *s.name == *f.sheet) else {
            continue;
        };
        let Some((row, col)) = finding_pos(&f.cell) else {
            continue;
        };
        let anchor = wb.sheets[idx].anchor(row, col);
        let mark = marks.entry(idx).or_default().entry(anchor).or_insert(Mark {
            severity: f.severity,
            findings: Vec::new(),
        });
        mark.severity = mark.severity.min(f.severity);
        mark.findings.push(f);
    }
    for sheet in marks.values_mut() {
        for mark in sheet.values_mut() {
            mark.findings.sort_by_key(|f| (f.severity, f.rule.code));
        }
    }
    marks
}

/// Longest note text kept; a cell note is for reading, not an archive.
const MAX_NOTE_CHARS: usize = 4000;

/// The note of a mark: per finding, level, code and title, the message, and
/// 应为/实为 when known.
pub fn note_text(mark: &Mark<'_>) -> String {
    let mut parts = Vec::with_capacity(mark.findings.len());
    for f in &mark.findings {
        let mut s = format!("【{}】{} {}", f.severity.label(), f.rule.code, f.rule.title)
            .trim_end()
            .to_string();
        s.push('\n');
        s.push_str(f.message.trim());
        let expected = f.expected.as_deref().filter(|e| !e.is_empty());
        let actual = f.actual.as_deref().filter(|e| !e.is_empty());
        match (expected, actual) {
            (Some(e), Some(a)) => s.push_str(&format!("\n应为：{e}；实为：{a}")),
            (Some(e), None) => s.push_str(&format!("\n应为：{e}")),
            (None, Some(a)) => s.push_str(&format!("\n实为：{a}")),
            (None, None) => {}
        }
        parts.push(s);
    }
    let text = parts.join("\n\n");
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
            findings: vec![&e, &w],
        };
        let text = note_text(&mark);
        assert!(text.starts_with("【错误】SB-02"));
        assert!(text.contains("警告消息"));
        assert!(text.contains("应为：97；实为：96"));
        assert!(note_height(&text) > 60);
    }
}
