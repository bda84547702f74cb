//! Finding the 决算 tables: by title cell first, then by table code
//! ("公开01表", "财决01表"), then by sheet name — the order rules.md §3
//! recommends, since codes and numbering vary locally while titles do not.

use super::model::TableKind;
use crate::forms::labels::norm;
use crate::workbook::{Sheet, Workbook};

/// How a table was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Title,
    Code,
    SheetName,
}

/// A place where a table seems to start, before extraction confirms it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: TableKind,
    pub sheet: usize,
    pub title: String,
    /// Cell holding the title (or code); (0, 0) for a sheet-name match.
    pub title_cell: (u32, u32),
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    pub source: Source,
}

/// Longest text taken for a title: longer cells are sentences (notes).
const MAX_TITLE_CHARS: usize = 60;

/// The title with codes, brackets and quotes removed:
/// "Z01_1 财政拨款收入支出决算总表(公开04表)" → "财政拨款收入支出决算总表".
fn core_title(text: &str) -> String {
    let mut s = norm(text).replace(['“', '”', '"', '‘', '’', '\'', '「', '」'], "");
    for marker in ["(公开", "(财决"] {
        if let Some(i) = s.find(marker) {
            if i > 0 {
                s.truncate(i);
            }
        }
    }
    // Exporter prefixes such as "Z01", "Z01_1", "F03".
    let b = s.as_bytes();
    if b.len() > 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_digit() && b[2].is_ascii_digit() {
        let mut i = 3;
        while i < b.len() && (b[i] == b'_' || b[i] == b'-' || b[i].is_ascii_digit()) {
            i += 1;
        }
        s = s[i..].to_string();
    }
    s.trim_matches(|c: char| c == '.' || c == ':' || c == '-')
        .to_string()
}

/// Which table a title names, if any. Most specific titles first.
pub fn classify_title(text: &str) -> Option<TableKind> {
    if text.chars().count() > MAX_TITLE_CHARS || super::names::is_note(text) {
        return None;
    }
    let s = core_title(text);
    let s = s.trim_end_matches("(续)").trim_end_matches("续表");
    let ends = |pats: &[&str]| pats.iter().any(|p| s.ends_with(p));
    if !s.ends_with('表') {
        return None;
    }
    if s.contains("三公") {
        return Some(TableKind::T07);
    }
    if s.contains("明细") {
        return None;
    }
    let balance_table = ends(&["收入支出决算表", "收支决算表", "支出决算表"]);
    if s.contains("政府性基金") && balance_table {
        return Some(TableKind::T08);
    }
    if s.contains("国有资本经营") && balance_table {
        return Some(TableKind::T09);
    }
    if s.ends_with("基本支出决算表") {
        return Some(TableKind::T06);
    }
    if s.ends_with("一般公共预算财政拨款支出决算表") {
        return Some(TableKind::T05);
    }
    if ends(&[
        "财政拨款收入支出决算总表",
        "财政拨款收支决算总表",
        "财政拨款收入支出决算表",
    ]) {
        return Some(TableKind::T04);
    }
    if ends(&["收入支出决算总表", "收支决算总表"]) {
        return Some(TableKind::T01);
    }
    if s.ends_with("收入决算表") && !s.contains("财政拨款") {
        return Some(TableKind::T02);
    }
    if s.ends_with("支出决算表")
        && !s.contains("财政拨款")
        && !s.contains("项目支出")
        && !s.contains("基本支出")
    {
        return Some(TableKind::T03);
    }
    None
}

/// Which table a code cell names: "公开01表", "（公开04表）", "财决01-1表".
pub fn classify_code(text: &str) -> Option<TableKind> {
    let s = norm(text);
    if s.chars().count() > 16 {
        return None;
    }
    let s = s.trim_matches(|c| c == '(' || c == ')');
    let s = s.strip_prefix("表号:").unwrap_or(s);
    if let Some(rest) = s.strip_prefix("公开") {
        let num = rest.strip_suffix('表').unwrap_or(rest);
        return num.parse::<u32>().ok().and_then(TableKind::from_number);
    }
    if let Some(rest) = s.strip_prefix("财决") {
        // The 部门决算报表 codes that map one to one onto public tables.
        return match rest.strip_suffix('表').unwrap_or(rest) {
            "01" => Some(TableKind::T01),
            "01-1" => Some(TableKind::T04),
            "02" => Some(TableKind::T02),
            "03" => Some(TableKind::T03),
            _ => None,
        };
    }
    None
}

/// Every candidate table in the workbook, in sheet order, top to bottom.
pub fn find(wb: &Workbook) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (index, sheet) in wb.sheets.iter().enumerate() {
        out.extend(find_in_sheet(index, sheet));
    }
    out
}

fn find_in_sheet(index: usize, sheet: &Sheet) -> Vec<Candidate> {
    let Some((last_row, last_col)) = sheet.extent() else {
        return Vec::new();
    };
    let mut titles = Vec::new();
    let mut codes = Vec::new();
    for (&(r, c), _) in sheet.cells.iter() {
        let text = sheet.own_text(r, c);
        // A note or statement under a table ("注：本表反映部门本年度“三公”
        // 经费支出…", "本单位无“三公”经费支出，故本表为空表") names the
        // table but starts none.
        if text.is_empty()
            || text.chars().count() > MAX_TITLE_CHARS
            || super::names::is_note(&text)
            || super::names::is_empty_statement(&text)
        {
            continue;
        }
        if let Some(kind) = classify_title(&text) {
            titles.push((r, c, kind, text));
        } else if let Some(kind) = classify_code(&text) {
            codes.push((r, c, kind, text));
        }
    }
    if titles.is_empty() && codes.is_empty() {
        if let Some(found) = caption_anchor(sheet) {
            titles.push(found);
        }
    }
    let (anchors, source) = if !titles.is_empty() {
        (titles, Source::Title)
    } else if !codes.is_empty() {
        (codes, Source::Code)
    } else if let Some(kind) = classify_title(&sheet.name).or_else(|| code_in_name(&sheet.name)) {
        (
            vec![(0, 0, kind, sheet.name.to_string())],
            Source::SheetName,
        )
    } else {
        return Vec::new();
    };
    // Anchors on one row sit side by side; later rows start new tables.
    let mut rows: Vec<u32> = anchors.iter().map(|a| a.0).collect();
    rows.dedup();
    let mut out = Vec::new();
    for (i, &row) in rows.iter().enumerate() {
        let top = if i == 0 { 0 } else { row };
        let bottom = rows.get(i + 1).map_or(last_row, |next| next - 1);
        let same_row: Vec<_> = anchors.iter().filter(|a| a.0 == row).collect();
        for (j, a) in same_row.iter().enumerate() {
            let left = if j == 0 {
                0
            } else {
                sheet.merge_at(a.0, a.1).map_or(a.1, |m| m.left)
            };
            let right = same_row.get(j + 1).map_or(last_col, |next| {
                sheet
                    .merge_at(next.0, next.1)
                    .map_or(next.1, |m| m.left)
                    .saturating_sub(1)
            });
            out.push(Candidate {
                kind: a.2,
                sheet: index,
                title: a.3.clone(),
                title_cell: (a.0, a.1),
                top,
                bottom,
                left,
                right,
                source,
            });
        }
    }
    out
}

/// A title (or, failing one, a table code) in the lines above a grid that
/// holds neither — a Word table whose title and 公开NN表 label are
/// paragraphs before it. The nearest line wins; the anchor is the grid's
/// first cell, since the caption has no cell of its own.
fn caption_anchor(sheet: &Sheet) -> Option<(u32, u32, TableKind, String)> {
    let lines = || {
        sheet
            .above
            .iter()
            .rev()
            .filter(|t| t.chars().count() <= MAX_TITLE_CHARS)
    };
    lines()
        .find_map(|t| classify_title(t).map(|k| (k, t.to_string())))
        .or_else(|| {
            lines()
                .find_map(|t| classify_code(t))
                .map(|k| (k, k.title().to_string()))
        })
        .map(|(kind, text)| (0, 0, kind, text))
}

/// "公开01表" inside a sheet name such as "Z01 …(公开01表)".
fn code_in_name(name: &str) -> Option<TableKind> {
    let s = norm(name);
    let i = s.find("公开")?;
    let digits: String = s[i + "公开".len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok().and_then(TableKind::from_number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exporter_sheet_names_and_titles() {
        for (text, kind) in [
            ("Z01 收入支出决算总表(公开01表)", TableKind::T01),
            ("Z03 收入决算表(公开02表)", TableKind::T02),
            ("Z04 支出决算表(公开03表)", TableKind::T03),
            ("Z01_1 财政拨款收入支出决算总表(公开04表)", TableKind::T04),
            (
                "Z07 一般公共预算财政拨款支出决算表(公开05表)",
                TableKind::T05,
            ),
            (
                "Z08_1 一般公共预算财政拨款基本支出决算表(公开06表)",
                TableKind::T06,
            ),
            (
                "F03 一般公共预算财政拨款“三公”经费支出决算表(公开07表",
                TableKind::T07,
            ),
            (
                "Z09 政府性基金预算财政拨款收入支出决算表(公开08表)",
                TableKind::T08,
            ),
            (
                "Z11 国有资本经营预算财政拨款支出决算表(公开09表)",
                TableKind::T09,
            ),
            ("收支决算总表", TableKind::T01),
            ("某某局2020年度部门收支决算总表", TableKind::T01),
            ("财政拨款收支决算总表", TableKind::T04),
            ("财政拨款\"三公\"经费支出决算表", TableKind::T07),
            ("国有资本经营预算财政拨款收入支出决算表", TableKind::T09),
        ] {
            assert_eq!(classify_title(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn notes_and_other_tables_are_not_titles() {
        for text in [
            "注：本表反映部门本年度取得的各项收入情况。",
            "一般公共预算财政拨款项目支出决算表",
            "支出决算明细表",
            "项目支出绩效自评表",
            "部门：益阳市智慧城市和大数据中心",
        ] {
            assert_eq!(classify_title(text), None, "{text}");
        }
    }

    #[test]
    fn table_codes() {
        assert_eq!(classify_code("公开01表"), Some(TableKind::T01));
        assert_eq!(classify_code("（公开09表）"), Some(TableKind::T09));
        assert_eq!(classify_code("财决01-1表"), Some(TableKind::T04));
        assert_eq!(classify_code("公开10表"), None);
        assert_eq!(code_in_name("Sheet 公开06表"), Some(TableKind::T06));
    }
}
