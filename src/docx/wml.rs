//! A minimal WordprocessingML writer: runs, paragraphs and bordered tables
//! with merged cells, as XML text in the `w:` prefix.
//!
//! Used for the 审核结果 section the patcher appends, for test fixtures and
//! for the sample documents, so that one piece of code knows the schema's
//! element order (`w:pPr`, `w:rPr`, `w:tcPr`, `w:tblPr` children must come
//! in the order ECMA-376 lists them, or Word reports the file as damaged).

use std::fmt::Write as _;

/// The main namespace declaration for a root element.
pub const XMLNS_W: &str =
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Escape text for element content or an attribute value. Characters XML
/// 1.0 forbids (control characters other than tab and line breaks) are
/// dropped: they can come from any cell of a user's file.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Character formatting of a run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStyle {
    /// East-Asian and Latin font (宋体, 黑体, …).
    pub font: Option<&'static str>,
    pub bold: bool,
    /// Size in points (10.5 = 五号).
    pub size: Option<f32>,
    /// Colour as RRGGBB.
    pub color: Option<String>,
}

impl RunStyle {
    pub fn bold() -> Self {
        RunStyle {
            bold: true,
            ..RunStyle::default()
        }
    }

    /// `w:rPr` in schema order (rFonts, b, color, sz), or "" when plain.
    pub fn xml(&self) -> String {
        let mut s = String::new();
        if let Some(f) = self.font {
            let f = escape(f);
            let _ = write!(
                s,
                r#"<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>"#
            );
        }
        if self.bold {
            s.push_str("<w:b/><w:bCs/>");
        }
        if let Some(c) = &self.color {
            let _ = write!(s, r#"<w:color w:val="{}"/>"#, escape(c));
        }
        if let Some(pt) = self.size {
            let half = (pt * 2.0).round() as u32;
            let _ = write!(s, r#"<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#);
        }
        if s.is_empty() {
            s
        } else {
            format!("<w:rPr>{s}</w:rPr>")
        }
    }
}

/// One run of text; `\n` becomes a line break and `\t` a tab, as Word
/// stores them.
pub fn run(text: &str, style: &RunStyle) -> String {
    let mut out = String::from("<w:r>");
    out.push_str(&style.xml());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                out.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                let _ = write!(out, r#"<w:t xml:space="preserve">{}</w:t>"#, escape(part));
            }
        }
    }
    out.push_str("</w:r>");
    out
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Both,
}

/// Paragraph formatting; fields are written in `w:pPr` schema order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaStyle {
    pub style: Option<String>,
    pub keep_next: bool,
    pub page_break_before: bool,
    /// List membership: numId and level.
    pub num: Option<(u32, u32)>,
    /// A right-aligned tab stop at this position (twips).
    pub right_tab: Option<u32>,
    /// Space before and after in points, and line spacing in 240ths.
    pub space_before: Option<f32>,
    pub space_after: Option<f32>,
    pub line: Option<u32>,
    /// First-line indent in characters (2 = the usual Chinese indent).
    pub first_line_chars: Option<u32>,
    pub align: Option<Align>,
    /// Outline level 0–8 (0 = heading 1), so the paragraph shows in the
    /// navigation pane.
    pub outline: Option<u8>,
    /// Formatting of the paragraph mark.
    pub mark: Option<RunStyle>,
}

impl ParaStyle {
    pub fn xml(&self) -> String {
        let mut s = String::new();
        if let Some(st) = &self.style {
            let _ = write!(s, r#"<w:pStyle w:val="{}"/>"#, escape(st));
        }
        if self.keep_next {
            s.push_str("<w:keepNext/>");
        }
        if self.page_break_before {
            s.push_str("<w:pageBreakBefore/>");
        }
        if let Some((id, lvl)) = self.num {
            let _ = write!(
                s,
                r#"<w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{id}"/></w:numPr>"#
            );
        }
        if let Some(pos) = self.right_tab {
            let _ = write!(
                s,
                r#"<w:tabs><w:tab w:val="right" w:pos="{pos}"/></w:tabs>"#
            );
        }
        if self.space_before.is_some() || self.space_after.is_some() || self.line.is_some() {
            s.push_str("<w:spacing");
            if let Some(b) = self.space_before {
                let _ = write!(s, r#" w:before="{}""#, (b * 20.0).round() as u32);
            }
            if let Some(a) = self.space_after {
                let _ = write!(s, r#" w:after="{}""#, (a * 20.0).round() as u32);
            }
            if let Some(l) = self.line {
                let _ = write!(s, r#" w:line="{l}" w:lineRule="auto""#);
            }
            s.push_str("/>");
        }
        if let Some(n) = self.first_line_chars {
            // Word reads the character count; LibreOffice only the twips
            // (a character of 12 pt body text is 240 twips).
            let _ = write!(
                s,
                r#"<w:ind w:firstLine="{}" w:firstLineChars="{}"/>"#,
                n * 240,
                n * 100
            );
        }
        if let Some(a) = self.align {
            let v = match a {
                Align::Left => "left",
                Align::Center => "center",
                Align::Right => "right",
                Align::Both => "both",
            };
            let _ = write!(s, r#"<w:jc w:val="{v}"/>"#);
        }
        if let Some(l) = self.outline {
            let _ = write!(s, r#"<w:outlineLvl w:val="{l}"/>"#);
        }
        if let Some(m) = &self.mark {
            s.push_str(&m.xml());
        }
        if s.is_empty() {
            s
        } else {
            format!("<w:pPr>{s}</w:pPr>")
        }
    }
}

/// A paragraph from its formatting and already-written runs.
pub fn paragraph(style: &ParaStyle, runs: &str) -> String {
    format!("<w:p>{}{runs}</w:p>", style.xml())
}

/// A paragraph of one run of text.
pub fn text_paragraph(text: &str, para: &ParaStyle, run_style: &RunStyle) -> String {
    paragraph(para, &run(text, run_style))
}

/// Vertical merge role of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VMerge {
    Restart,
    Continue,
}

/// One `w:tc`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableCell {
    /// Paragraphs, already written (a cell must hold at least one).
    pub content: String,
    /// Grid columns covered (`w:gridSpan`).
    pub span: u32,
    pub vmerge: Option<VMerge>,
    /// Fill colour RRGGBB.
    pub fill: Option<String>,
    /// Text read top to bottom (vertical CJK).
    pub vertical: bool,
    /// Vertically centred.
    pub center: bool,
    /// No borders on this cell (a note row under a table).
    pub borderless: bool,
}

impl TableCell {
    /// A cell of plain paragraphs, one per line of `text`.
    pub fn text(text: &str, para: &ParaStyle, run_style: &RunStyle) -> Self {
        let content = text
            .split('\n')
            .map(|line| text_paragraph(line, para, run_style))
            .collect::<String>();
        TableCell {
            content,
            span: 1,
            center: true,
            ..TableCell::default()
        }
    }
}

/// One `w:tr`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableRow {
    pub cells: Vec<TableCell>,
    /// Repeat as a header row on each page.
    pub header: bool,
    /// Keep the row on one page.
    pub cant_split: bool,
    /// Minimum height in twips.
    pub min_height: Option<u32>,
}

const BORDER: &str = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;

/// A table with thin borders on every cell, the given grid column widths
/// (twips) and rows whose cells' spans add up to the grid.
pub fn table(widths: &[u32], rows: &[TableRow]) -> String {
    let total: u32 = widths.iter().sum();
    let mut s = String::from("<w:tbl><w:tblPr>");
    let _ = write!(
        s,
        r#"<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>"#
    );
    s.push_str("<w:tblBorders>");
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(s, "<w:{side} {BORDER}/>");
    }
    s.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/>"#);
    s.push_str(r#"<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>"#);
    s.push_str("</w:tblPr><w:tblGrid>");
    for w in widths {
        let _ = write!(s, r#"<w:gridCol w:w="{w}"/>"#);
    }
    s.push_str("</w:tblGrid>");
    for row in rows {
        s.push_str("<w:tr>");
        let mut pr = String::new();
        if row.cant_split {
            pr.push_str("<w:cantSplit/>");
        }
        if let Some(h) = row.min_height {
            let _ = write!(pr, r#"<w:trHeight w:val="{h}"/>"#);
        }
        if row.header {
            pr.push_str("<w:tblHeader/>");
        }
        if !pr.is_empty() {
            let _ = write!(s, "<w:trPr>{pr}</w:trPr>");
        }
        let mut col = 0usize;
        for cell in &row.cells {
            let span = cell.span.max(1) as usize;
            let width: u32 = widths.iter().skip(col).take(span).sum();
            col += span;
            s.push_str(&cell_xml(cell, width));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

fn cell_xml(cell: &TableCell, width: u32) -> String {
    let mut s = String::from("<w:tc><w:tcPr>");
    let _ = write!(s, r#"<w:tcW w:w="{width}" w:type="dxa"/>"#);
    if cell.span > 1 {
        let _ = write!(s, r#"<w:gridSpan w:val="{}"/>"#, cell.span);
    }
    match cell.vmerge {
        Some(VMerge::Restart) => s.push_str(r#"<w:vMerge w:val="restart"/>"#),
        Some(VMerge::Continue) => s.push_str("<w:vMerge/>"),
        None => {}
    }
    if cell.borderless {
        s.push_str("<w:tcBorders>");
        for side in ["top", "left", "bottom", "right"] {
            let _ = write!(s, r#"<w:{side} w:val="nil"/>"#);
        }
        s.push_str("</w:tcBorders>");
    }
    if let Some(fill) = &cell.fill {
        let _ = write!(s, "{}", shading(fill));
    }
    if cell.vertical {
        s.push_str(r#"<w:textDirection w:val="tbRlV"/>"#);
    }
    if cell.center {
        s.push_str(r#"<w:vAlign w:val="center"/>"#);
    }
    s.push_str("</w:tcPr>");
    if cell.content.is_empty() {
        s.push_str("<w:p/>");
    } else {
        s.push_str(&cell.content);
    }
    s.push_str("</w:tc>");
    s
}

/// A solid fill: `w:val="clear"` with the colour as the fill, as Word
/// writes a cell's background.
pub fn shading(fill: &str) -> String {
    format!(
        r#"<w:shd w:val="clear" w:color="auto" w:fill="{}"/>"#,
        escape(fill)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        let r = run("x\ny\tz", &RunStyle::bold());
        assert_eq!(
            r,
            r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">x</w:t><w:br/><w:t xml:space="preserve">y</w:t><w:tab/><w:t xml:space="preserve">z</w:t></w:r>"#
        );
    }

    #[test]
    fn properties_follow_schema_order() {
        let p = ParaStyle {
            style: Some("a".into()),
            keep_next: true,
            num: Some((3, 1)),
            align: Some(Align::Center),
            outline: Some(0),
            ..ParaStyle::default()
        };
        assert_eq!(
            p.xml(),
            r#"<w:pPr><w:pStyle w:val="a"/><w:keepNext/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>"#
        );
        let t = table(
            &[1000, 2000],
            &[TableRow {
                cells: vec![TableCell {
                    span: 2,
                    vmerge: Some(VMerge::Restart),
                    fill: Some("FF0000".into()),
                    vertical: true,
                    center: true,
                    ..TableCell::default()
                }],
                ..TableRow::default()
            }],
        );
        assert!(t.contains(r#"<w:tcPr><w:tcW w:w="3000" w:type="dxa"/><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/><w:shd w:val="clear" w:color="auto" w:fill="FF0000"/><w:textDirection w:val="tbRlV"/><w:vAlign w:val="center"/></w:tcPr><w:p/>"#), "{t}");
    }
}
