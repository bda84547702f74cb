//! Word samples (issue 14 point 6): the seed 自评报告 of 益阳 电费 (seed 000)
//! and 津南 (seed 004), and the 益阳 决算公开 document (seed 002), laid out
//! like the seeds — report text, then the tables with their merges — plus a
//! copy of the 决算 document with deliberate prose errors ([`PROSE_ERRORS`]).
//!
//! The tables are not transcribed again: they are read back from the
//! workbooks the other sample builders have just written (with shenbiao's
//! own reader), so every cell value, merge, column width, alignment and
//! vertical label is the one of samples/*.xlsx by construction. The prose is
//! the seeds' text, mistakes included.
//!
//! The WordprocessingML is written by hand around `shenbiao::docx::wml`:
//! styles with a Normal style, heading styles and Word's own numbering (the
//! 自评报告 headings carry real list numbers), A4 sections, tables with
//! `w:tblGrid`, `w:gridSpan`, `w:vMerge` and borders.

use shenbiao::docx::wml::{
    paragraph, run, table, text_paragraph, Align, ParaStyle, RunStyle, TableCell, TableRow, VMerge,
    XMLNS_W,
};
use shenbiao::workbook::{open_workbook, Limits, Sheet, Value, Workbook};
use std::error::Error;
use std::io::Write;
use std::path::Path;

type Res<T> = Result<T, Box<dyn Error>>;

/// Writes the four Word samples into `dir`, next to the workbooks they
/// take their tables from (which must already be there).
pub fn build(dir: &Path) -> Res<()> {
    let open = |name: &str| -> Res<Workbook> {
        open_workbook(&dir.join(name), &Limits::default())
            .map_err(|e| format!("{name}: {e}").into())
    };
    let dianfei = open("益阳_智慧益阳管理中心电费.xlsx")?;
    write_report(
        &dir.join("益阳_智慧益阳管理中心电费_自评报告.docx"),
        DIANFEI,
        &[(&dianfei.sheets[0], Captions::Keep)],
        &dianfei,
        Some(DIANFEI_NUMBERING),
        &[],
    )?;
    let jinnan = open("津南_智慧津南项目运维及咨询费.xlsx")?;
    write_report(
        &dir.join("津南_智慧津南项目运维及咨询费_自评报告.docx"),
        JINNAN,
        // The sheet's first row is the report's own heading, already in the
        // prose.
        &[(&jinnan.sheets[0], Captions::Drop)],
        &jinnan,
        Some(JINNAN_NUMBERING),
        JINNAN_EXTRA_TABLES,
    )?;
    let accounts = open("决算_公开01-09.xlsx")?;
    let sheets: Vec<(&Sheet, Captions)> = accounts
        .sheets
        .iter()
        .map(|s| (s, Captions::Keep))
        .collect();
    write_report(
        &dir.join("益阳_智慧城市和大数据中心_决算公开.docx"),
        JUESUAN,
        &sheets,
        &accounts,
        None,
        &[],
    )?;
    let wrong: Vec<P> = JUESUAN
        .iter()
        .map(|p| p.with_errors(PROSE_ERRORS))
        .collect();
    for e in PROSE_ERRORS {
        let hits = JUESUAN.iter().filter(|p| p.text().contains(e.was)).count();
        if hits != 1 {
            return Err(format!("prose error {:?} matches {hits} paragraphs", e.was).into());
        }
    }
    write_report(
        &dir.join("决算公开_说明错误示例.docx"),
        &wrong,
        &sheets,
        &accounts,
        None,
        &[],
    )
}

// ---------------------------------------------------------------------------
// The document as a list of blocks.
// ---------------------------------------------------------------------------

/// Whether the rows above a sheet's table (its title, 公开NN表, 金额单位)
/// become paragraphs before the Word table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Captions {
    Keep,
    Drop,
}

/// Page orientation of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Page {
    Portrait,
    Landscape,
}

/// One block of a report.
#[derive(Clone, Copy, Debug)]
enum P {
    /// "第一部分": a new page, centred, heading 1.
    Part(&'static str),
    /// A centred bold title.
    Title(&'static str),
    /// A typed heading ("一、收入支出决算总体情况说明"): heading 2.
    Heading(&'static str),
    /// The heading above one of the tables: heading 2 on a new page.
    TableHeading(&'static str),
    /// A typed sub-heading ("（一）…"): heading 3.
    Sub(&'static str),
    /// A heading numbered by Word: numId, level, text (the label "一、" or
    /// "3、" is drawn from numbering.xml, not typed); heading 2.
    Num(u32, u32, &'static str),
    /// The same as a sub-heading (heading 3).
    NumSub(u32, u32, &'static str),
    /// An empty paragraph: keeps two tables apart (Word joins adjacent
    /// tables into one).
    Gap,
    /// A bold run-in line ("1.项目背景").
    Lead(&'static str),
    /// Body text with the usual two-character indent.
    Body(&'static str),
    /// Text without indent ("附件：…").
    Plain(&'static str),
    /// The N-th table of the document: a workbook sheet, or one of the
    /// report's own small tables after the sheets.
    Table(usize),
    /// End of a section with this orientation (the last section, after
    /// every such mark, is portrait).
    EndSection(Page),
}

impl P {
    fn text(&self) -> &'static str {
        match *self {
            P::Part(t)
            | P::Title(t)
            | P::Heading(t)
            | P::TableHeading(t)
            | P::Sub(t)
            | P::Num(_, _, t)
            | P::NumSub(_, _, t)
            | P::Lead(t)
            | P::Body(t)
            | P::Plain(t) => t,
            P::Table(_) | P::EndSection(_) | P::Gap => "",
        }
    }

    /// This block with every deliberate error applied (the texts are leaked
    /// once per build: a handful of sample paragraphs).
    fn with_errors(self, errors: &[ProseError]) -> P {
        let P::Body(t) = self else {
            return self;
        };
        let mut text = t.to_string();
        for e in errors {
            text = text.replacen(e.was, e.now, 1);
        }
        if text == t {
            self
        } else {
            P::Body(Box::leak(text.into_boxed_str()))
        }
    }
}

/// A deliberate prose error of `决算公开_说明错误示例.docx`: the seed's text
/// `was` becomes `now` (samples/README.md lists what each should give).
pub struct ProseError {
    pub was: &'static str,
    pub now: &'static str,
}

pub const PROSE_ERRORS: &[ProseError] = &[
    // 1. 财政拨款收入 typed 2104.78 (公开01 C7 and 公开02 F7 say 2,140.78).
    ProseError {
        was: "财政拨款收入2140.78万元，占97%",
        now: "财政拨款收入2104.78万元，占97%",
    },
    // 2. 基本支出's share 7% typed as 17% (186.29 ÷ 2,696.91 = 6.91%).
    ProseError {
        was: "基本支出186.29万元，占7%",
        now: "基本支出186.29万元，占17%",
    },
    // 3. 公用经费 46.88 typed 48.66 (公开06 I34 is 46.88).
    ProseError {
        was: "公用经费46.88万元，占基本支出的25%",
        now: "公用经费48.66万元，占基本支出的25%",
    },
    // 4. 三公 completion 58% typed as 68% (4.06 ÷ 7 = 58.0%).
    ProseError {
        was: "支出决算为4.06万元，完成预算的58%，其中：",
        now: "支出决算为4.06万元，完成预算的68%，其中：",
    },
    // 5. Growth 44% typed as 54% (676.62 ÷ (2,217.42 − 676.62) = 43.91%).
    ProseError {
        was: "增加676.62万元，增长44%",
        now: "增加676.62万元，增长54%",
    },
];

// ---------------------------------------------------------------------------
// Package.
// ---------------------------------------------------------------------------

const PORTRAIT: &str = r#"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1304" w:bottom="1440" w:left="1304" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:linePitch="312"/>"#;
const LANDSCAPE: &str = r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:linePitch="312"/>"#;
/// Text widths of the two page setups, in twips.
const PORTRAIT_WIDTH: u32 = 11906 - 2 * 1304;
const LANDSCAPE_WIDTH: u32 = 16838 - 2 * 1134;

fn section(page: Page) -> &'static str {
    match page {
        Page::Portrait => PORTRAIT,
        Page::Landscape => LANDSCAPE,
    }
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:kern w:val="2"/><w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl w:val="0"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/><w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="60" w:after="60"/><w:ind w:firstLineChars="200"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体"/><w:b/><w:bCs/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#;

/// 益阳 电费: 一、二、… headings (chineseCounting) with （一）（二） under them.
const DIANFEI_NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="480"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;

/// 津南: the numbered headings 3、 4、 (decimal from 3, among typed 一、二、
/// 四、五、) and the sub-headings （2）（3）（4）, as the seed shows them.
const JINNAN_NUMBERING: &str = r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="2"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/><w:lvlText w:val="（%1）"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="480"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#;

/// Write one report: its blocks, with tables from `sheets` (then `extra`).
fn write_report(
    path: &Path,
    blocks: &[P],
    sheets: &[(&Sheet, Captions)],
    wb: &Workbook,
    numbering: Option<&str>,
    extra: &[&[&[&str]]],
) -> Res<()> {
    let mut body = String::new();
    // Which orientation each part of the body has, to size the tables.
    let orientation_at = |i: usize| -> Page {
        blocks[i..]
            .iter()
            .find_map(|b| match b {
                P::EndSection(p) => Some(*p),
                _ => None,
            })
            .unwrap_or(Page::Portrait)
    };
    for (i, b) in blocks.iter().enumerate() {
        let width = match orientation_at(i) {
            Page::Portrait => PORTRAIT_WIDTH,
            Page::Landscape => LANDSCAPE_WIDTH,
        };
        match *b {
            P::Table(n) if n < sheets.len() => {
                let (sheet, captions) = sheets[n];
                body.push_str(&sheet_table(wb, sheet, captions, width)?);
            }
            P::Table(n) => {
                let rows = extra
                    .get(n - sheets.len())
                    .ok_or_else(|| format!("{}: no table {n}", path.display()))?;
                body.push_str(&small_table(rows, width));
            }
            P::EndSection(p) => body.push_str(&format!(
                "<w:p><w:pPr><w:sectPr>{}</w:sectPr></w:pPr></w:p>",
                section(p)
            )),
            _ => body.push_str(&prose(b)),
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {XMLNS_W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr>{PORTRAIT}</w:sectPr></w:body></w:document>"#
    );
    let numbering_part = numbering.map(|n| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {XMLNS_W}>{n}</w:numbering>"#
        )
    });
    let mut overrides = String::from(
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#,
    );
    let mut rels = String::from(
        r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>"#,
    );
    if numbering_part.is_some() {
        overrides.push_str(r#"<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>"#);
        rels.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#);
    }
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>"#
    );
    let root_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let doc_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", root_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/settings.xml", SETTINGS.as_bytes()),
    ];
    if let Some(n) = &numbering_part {
        parts.push(("word/numbering.xml", n.as_bytes()));
    }
    // Deflated with the zip crate's fixed timestamp: rebuilding gives the
    // same bytes.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        zip.start_file(name, options)?;
        zip.write_all(data)?;
    }
    std::fs::write(path, zip.finish()?.into_inner())?;
    Ok(())
}

/// A prose block as a paragraph.
fn prose(b: &P) -> String {
    let body = |first_line: Option<u32>| ParaStyle {
        line: Some(360),
        first_line_chars: first_line,
        ..ParaStyle::default()
    };
    let plain = RunStyle::default();
    let styled = |style: &str, more: ParaStyle| ParaStyle {
        style: Some(style.to_string()),
        ..more
    };
    match *b {
        P::Part(t) => text_paragraph(
            t,
            &styled(
                "1",
                ParaStyle {
                    page_break_before: true,
                    align: Some(Align::Center),
                    ..ParaStyle::default()
                },
            ),
            &plain,
        ),
        P::Title(t) => text_paragraph(
            t,
            &ParaStyle {
                align: Some(Align::Center),
                space_before: Some(6.0),
                space_after: Some(12.0),
                keep_next: true,
                ..ParaStyle::default()
            },
            &RunStyle {
                font: Some("黑体"),
                bold: true,
                size: Some(16.0),
                ..RunStyle::default()
            },
        ),
        P::Heading(t) => text_paragraph(t, &styled("2", ParaStyle::default()), &plain),
        P::TableHeading(t) => text_paragraph(
            t,
            &styled(
                "2",
                ParaStyle {
                    page_break_before: true,
                    ..ParaStyle::default()
                },
            ),
            &plain,
        ),
        P::Sub(t) => text_paragraph(t, &styled("3", ParaStyle::default()), &plain),
        P::Num(id, level, t) | P::NumSub(id, level, t) => text_paragraph(
            t,
            &styled(
                if matches!(b, P::Num(..)) { "2" } else { "3" },
                ParaStyle {
                    num: Some((id, level)),
                    ..ParaStyle::default()
                },
            ),
            &plain,
        ),
        P::Gap => "<w:p/>".to_string(),
        P::Lead(t) => text_paragraph(t, &body(Some(2)), &RunStyle::bold()),
        P::Body(t) => text_paragraph(t, &body(Some(2)), &plain),
        P::Plain(t) => text_paragraph(t, &body(None), &plain),
        P::Table(_) | P::EndSection(_) => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Tables.
// ---------------------------------------------------------------------------

/// Column widths in twips from Excel character widths, scaled to `width`.
fn grid(chars: &[f64], width: u32) -> Vec<u32> {
    // Excel draws a character unit as 7 px plus 5 px of padding; 15 twips
    // to the pixel at 96 dpi.
    let px: Vec<f64> = chars.iter().map(|w| w * 7.0 + 5.0).collect();
    let total: f64 = px.iter().sum();
    let mut out: Vec<u32> = px
        .iter()
        .map(|p| (p / total * f64::from(width)).floor() as u32)
        .collect();
    // Rounding leftovers go to the widest column so the grid fills the line.
    let spare = width.saturating_sub(out.iter().sum());
    if let Some(i) = (0..out.len()).max_by_key(|&i| out[i]) {
        out[i] += spare;
    }
    out
}

/// The raw text of a cell: text as stored (blanks and full-width spaces
/// kept), numbers as the workbook displays them.
fn cell_text(sheet: &Sheet, row: u32, col: u32) -> String {
    match sheet.cell(row, col).map(|c| &c.value) {
        Some(Value::Text(s)) => s.clone(),
        Some(_) => sheet.own_text(row, col),
        None => String::new(),
    }
}

/// How a workbook cell is drawn: bold, size, alignment, vertical text,
/// whether it has borders.
struct Look {
    bold: bool,
    size: f32,
    align: Align,
    vertical: bool,
    bordered: bool,
}

fn look(wb: &Workbook, sheet: &Sheet, row: u32, col: u32) -> Look {
    use calamine::{BorderStyle, FontWeight, HorizontalAlignment, TextRotation};
    let cell = sheet.cell(row, col);
    let style = cell.and_then(|c| wb.style(c.style));
    let font = style.and_then(|s| s.font.as_ref());
    let align = style.and_then(|s| s.alignment.as_ref());
    let numeric = cell.is_some_and(|c| matches!(c.value, Value::Number(_)));
    Look {
        bold: font.is_some_and(|f| f.weight == FontWeight::Bold),
        size: font.and_then(|f| f.size).map_or(10.5, |s| s as f32),
        align: match align.map(|a| a.horizontal) {
            Some(HorizontalAlignment::Center | HorizontalAlignment::CenterContinuous) => {
                Align::Center
            }
            Some(HorizontalAlignment::Right) => Align::Right,
            Some(HorizontalAlignment::Left | HorizontalAlignment::Justify) => Align::Left,
            _ if numeric => Align::Right,
            _ => Align::Left,
        },
        vertical: align.is_some_and(|a| matches!(a.text_rotation, TextRotation::Stacked)),
        bordered: match style.and_then(|s| s.borders.as_ref()) {
            Some(b) => b.left.style != BorderStyle::None || b.top.style != BorderStyle::None,
            // A cell the workbook never styled lies inside the table body.
            None => cell.is_none(),
        },
    }
}

/// A cell's paragraphs: one per line of its text, as Word stores a cell
/// typed with Enter.
fn cell_content(text: &str, look: &Look) -> String {
    let run_style = RunStyle {
        bold: look.bold,
        size: Some(look.size),
        ..RunStyle::default()
    };
    let para = ParaStyle {
        align: Some(look.align),
        mark: Some(run_style.clone()),
        ..ParaStyle::default()
    };
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                paragraph(&para, "")
            } else {
                paragraph(&para, &run(line, &run_style))
            }
        })
        .collect()
}

/// A workbook sheet as the Word table it was transcribed from: the rows
/// above its first bordered row become caption paragraphs (title, 公开NN表,
/// 部门 and 金额单位), the rest the table with the sheet's merges.
fn sheet_table(wb: &Workbook, sheet: &Sheet, captions: Captions, width: u32) -> Res<String> {
    let (last_row, last_col) = sheet.extent().ok_or("empty sheet")?;
    let cols = last_col + 1;
    let first = (0..=last_row)
        .find(|&r| (0..cols).any(|c| sheet.cell(r, c).is_some() && look(wb, sheet, r, c).bordered))
        .ok_or("no table body")?;
    let mut out = String::new();
    if captions == Captions::Keep {
        for r in 0..first {
            out.push_str(&caption_paragraph(wb, sheet, r, cols, width));
        }
    }
    let chars: Vec<f64> = (0..cols)
        .map(|c| sheet.layout.col_widths.get(&c).copied().unwrap_or(9.0))
        .collect();
    let widths = grid(&chars, width);
    let mut rows = Vec::new();
    for r in first..=last_row {
        let mut cells = Vec::new();
        let mut c = 0;
        while c < cols {
            let (span, vmerge, anchor) = match sheet.merge_at(r, c) {
                Some(m) if m.left != c => {
                    c = m.right + 1;
                    continue;
                }
                Some(m) if m.top == r => (
                    m.right - m.left + 1,
                    (m.bottom > m.top).then_some(VMerge::Restart),
                    true,
                ),
                Some(m) => (m.right - m.left + 1, Some(VMerge::Continue), false),
                None => (1, None, true),
            };
            let (top, _) = sheet.anchor(r, c);
            let l = look(wb, sheet, top, c);
            let text = if anchor {
                cell_text(sheet, r, c)
            } else {
                String::new()
            };
            cells.push(TableCell {
                content: cell_content(&text, &l),
                span,
                vmerge,
                vertical: l.vertical,
                center: true,
                borderless: !l.bordered,
                ..TableCell::default()
            });
            c += span;
        }
        let min_height = sheet
            .layout
            .row_heights
            .get(&r)
            .map(|pt| (pt * 20.0).round() as u32);
        rows.push(TableRow {
            cells,
            cant_split: true,
            min_height,
            ..TableRow::default()
        });
    }
    out.push_str(&table(&widths, &rows));
    Ok(out)
}

/// A row above a sheet's table as a paragraph: one merged title (centred),
/// one label at the right edge (公开01表), or a left and a right label
/// (部门 … 金额单位) on one line with a right tab.
fn caption_paragraph(wb: &Workbook, sheet: &Sheet, row: u32, cols: u32, width: u32) -> String {
    let texts: Vec<(u32, String)> = (0..cols)
        .filter(|&c| sheet.anchor(row, c) == (row, c))
        .map(|c| (c, cell_text(sheet, row, c)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let l = texts
        .first()
        .map(|&(c, _)| look(wb, sheet, row, c))
        .unwrap_or(Look {
            bold: false,
            size: 10.5,
            align: Align::Left,
            vertical: false,
            bordered: false,
        });
    let run_style = RunStyle {
        bold: l.bold,
        size: Some(l.size),
        ..RunStyle::default()
    };
    match texts.as_slice() {
        [(c, t)]
            if sheet
                .merge_at(row, *c)
                .is_some_and(|m| m.right + 1 - m.left >= cols / 2) =>
        {
            text_paragraph(
                t,
                &ParaStyle {
                    align: Some(Align::Center),
                    space_after: Some(6.0),
                    keep_next: true,
                    ..ParaStyle::default()
                },
                &RunStyle {
                    font: Some("黑体"),
                    ..run_style
                },
            )
        }
        [(_, t)] => text_paragraph(
            t,
            &ParaStyle {
                align: Some(l.align),
                keep_next: true,
                ..ParaStyle::default()
            },
            &run_style,
        ),
        [(_, left), .., (_, right)] => text_paragraph(
            &format!("{left}\t{right}"),
            &ParaStyle {
                right_tab: Some(width),
                keep_next: true,
                ..ParaStyle::default()
            },
            &run_style,
        ),
        [] => String::new(),
    }
}

/// One of a report's own small tables (not in any workbook): rows of
/// cells, where "" under a non-empty cell of the row above continues a
/// vertical merge in the first two columns, as in the seed.
fn small_table(rows: &[&[&str]], width: u32) -> String {
    let cols = rows.first().map_or(1, |r| r.len()) as u32;
    let widths = grid(&vec![1.0; cols as usize], width);
    let look = Look {
        bold: false,
        size: 10.5,
        align: Align::Center,
        vertical: false,
        bordered: true,
    };
    let header = Look { bold: true, ..look };
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let cells = row
            .iter()
            .enumerate()
            .map(|(c, text)| {
                let merge_col = c < 2 && r > 1;
                let continues = merge_col && text.is_empty();
                let restarts = c < 2
                    && r >= 1
                    && !text.is_empty()
                    && rows.get(r + 1).is_some_and(|next| next[c].is_empty());
                TableCell {
                    content: cell_content(text, if r == 0 { &header } else { &look }),
                    span: 1,
                    vmerge: if continues {
                        Some(VMerge::Continue)
                    } else if restarts {
                        Some(VMerge::Restart)
                    } else {
                        None
                    },
                    center: true,
                    ..TableCell::default()
                }
            })
            .collect();
        out.push(TableRow {
            cells,
            header: r == 0,
            cant_split: true,
            ..TableRow::default()
        });
    }
    table(&widths, &out)
}

// ---------------------------------------------------------------------------
// The documents.
// ---------------------------------------------------------------------------
/// Seed 000: the 电费 自评报告, its numbered headings, then the 自评表.
const DIANFEI: &[P] = &[
    P::Num(1, 0, "项目概况"),
    P::Body("智慧益阳管理中心共三层，一层为大数据中心机房，二层为应急指挥中心和办公室，三层为12345市热线办公室。中心机房面积1000平米，由5组模块化机柜组成，机柜数量224个。智慧益阳管理中心电费项目：一是为了保障大数据中心机房设备和空调等设施正常运行；二是为了保障应急指挥中心大厅指挥系统、显示屏、电脑等正常工作；三是为了保障12345市长热线正常运转。"),
    P::Num(1, 0, "绩效自评工作开展情况"),
    P::Body("（一）绩效评价目的。通过开展绩效评价，全面了解、分析项目实施程序是否规范，后期维护是否完善，资金使用、管理是否合规，项目绩效目标是否实现，进一步健全相关制度，规范资金使用、管理，加强项目后期运行维护，确保项目正常运行，提高财政资金使用效益。"),
    P::Body("（二）绩效评价过程。根据《益阳市财政局关于开展2020年度部门绩效自评工作的通知》文件要求，我单位成立了绩效评价小组，对2020年度智慧益阳管理中心电费项目开展了绩效自评工作："),
    P::Body("1、做好前期准备。抽调专人成立绩效评价工作小组，明确了工作职责，制定了现场评价方案，联系相关部门单位，确定工作安排。"),
    P::Body("2、明确实施步骤。（1）召开座谈会。组织分管领导、财务及项目负责人等召开座谈会，听取项目资金使用有关情况介绍；（2）收集核查资料。收集相关制度建设文件，查验项目运行、管理和维护情况等，核查相关制度是否完善，检查财务会计凭证，资金拨付手续是否齐全，是否存在截留、挪用等情况。（3）现场查看。到智慧益阳管理中心数据机房现场查看，走访电力局，查询电费明细，了解数据管理中心机房设备运行情况、电费使用情况及优化建议等。（4）形成结论，撰写评价报告。"),
    P::Num(1, 0, "综合评价结论"),
    P::Body("该项目资金管理规范、项目管理到位、政策执行有力、有效发挥了财政资金的使用效率，确保了智慧益阳管理中心各项工作的正常运转。该项目自评分为95分，评价等级为“优秀”。"),
    P::Num(1, 0, "绩效目标实现情况分析"),
    P::NumSub(1, 1, "项目资金使用及管理情况"),
    P::Body("2020年财政安排下达智慧城市管理中心电费135万元，资金到位率100%，2020年度智慧城市管理中心电费支出135万元，预算执行率100%。该项目资金专款专用，实行预付制度，根据电力局开据的发票和电费使用明细单进行核销。该项目资金支付程序合规，手续齐全，不存在挤占、截留、挪用资金现象。"),
    P::NumSub(1, 1, "总体绩效目标完成情况分析"),
    P::Body("该项目保障智慧城市建设项目电力供应，提高政府服务能力，为后续政府治理、普惠民生、产业升级等智慧化应用的建设提供可扩展的环境。保障了200个机柜、30台精密空调、应急管理中心、12345市长热线电力供应，达到国家节能要求，提高了市民对12345市长热线满意率，为全市政务资源管理、应用支撑、数据共享、服务保障提供了电力保障。"),
    P::NumSub(1, 1, "绩效指标完成情况分析"),
    P::Body("1.经济效益方面。通过安装LED节能全彩屏设备，在市直部门接入设备不断增加的情况下节省了电费支出。2.效率性方面。智慧益阳管理中心电费项目保障24小时内故障处理及时率达到100%，安全运行率达到100%，全年未出现安全事故。3.有效性方面。保障了市应急指挥大厅、12345市长热线、大数据中心机房等用电需求，提高了各部门工作效率。4.可持续性方面。智慧益阳管理中心电费项目关系到全市各部门业务数据的管理、安全运行，后续随着智慧城市和大数据的建设，该项目将继续保障数据机房、市长热线等用电安全。"),
    P::Num(1, 0, "存在的问题和改进措施"),
    P::Body("随着市直部门接入机房设备不断增加，耗用电量逐年增长，需整合资源实现降费节能。改进措施：1、出台基础设施节能方案，提高设备容量利用率；2、降低机房能耗管理，高度整合、资源共享；3、对机房设备进行监控管理，优化管理模式。"),
    P::Num(1, 0, "绩效自评结果拟应用和公开情况"),
    P::Body("我单位将继续认真履职，通过电费市场调研、电费成本监审、电费信息公开及宣传等相关工作，按市财政局要求完成绩效自评工作，并将自评结果运用于实际工作，将绩效自评结果进行公开。"),
    P::Plain("附件：2020年度项目支出绩效自评表"),
    P::EndSection(Page::Portrait),
    P::Table(0),
];

/// Seed 004: the 津南 评价报告 with its 评价指标体系 (two tables, split by
/// a page in the seed) and the 自评表 under “3、 综合评价情况及评价结论”.
const JINNAN: &[P] = &[
    P::Title("项 目支出绩效评价报告"),
    P::Title("(智慧津南项目运维及咨询费)"),
    P::Heading("一、基本情况"),
    P::Sub("（一）项目概况。"),
    P::Lead("1.项目背景"),
    P::Body("天津市津南区大数据管理中心成立于2019年，2020年作为区级一级预算单位施行独立财务核算，执行政府会计制度，主要职责是贯彻国家、天津市大数据战略，按照市委市政府、区委区政府建设数字天津、智慧津南的工作部署，承担数据资源的采集、存储、登记、开发利用和共享，以及大数据安全体系建设、安全保障工作。"),
    P::Lead("2.主要内容"),
    P::Body("智慧津南项目运维及咨询费项目包括支付政府机房及智慧津南管理服务中心光纤租赁费及运维费、财政业务系统专网光纤租赁费、津南区电子政务外网云平台租赁、津南区视频监控系统运维费、津南区政府系统办公机房及电子政务外网各点位光纤电路租赁费、政府机房及智慧津南管理服务中心机房运维费、津南区政府电子政务平台系统运维等费用，以及智慧津南PPP子项目预算造价审核费和法律咨询服务费。"),
    P::Lead("3.实施情况"),
    P::Body("因受2020年新冠肺炎疫情影响，本项目自2020年第二季度开始启动，至2020年第四季度结束。"),
    P::Lead("4.资金投入和使用情况"),
    P::Body("智慧津南项目运维及咨询费项目2020年年度预算资金2635.204433万元（年初预算2837.8294万元，核减预算202.624967万元），实际投入资金2635.204433万元，年度实际投入资金占预算资金的100%。项目资金严格按照“三重一大”程序并根据各项合同约定执行，资金支付均通过国库集中支付系统财政授权支付方式完成。"),
    P::Sub("（二）项目绩效目标。"),
    P::Body("1.总目标：保障智慧津南PPP项目合法合规推进，保证我区电子政务外网各点位光纤畅通、政府机房及智慧津南管理服务中心机房安全运行、津南区政府电子政务平台系统及频监控系统正常运行等。"),
    P::Body("2.阶段性目标：确保2020年年内按照时间节点和流程要求，支付光纤租赁及运维费用，保障机房、系统、光纤、电路正常运行，并做好2020年度智慧津南PPP子项目前期预算造价审核和法律咨询等工作。"),
    P::Heading("二、绩效评价工作开展情况"),
    P::Sub("（一）绩效评价 目的、对象和范围。"),
    P::Lead("1.绩效评价 目的"),
    P::Body("绩效评价是为落实全面实施预算绩效管理要求，不断提高资金使用效益，根据设定的绩效目标，运用科学、合理的预算绩效评价指标、评价标准和评价方法，对财政支出的产出和效果进行客观、公正的评价。"),
    P::Lead("2.绩效评价对象"),
    P::Body("本报告绩效评价对象为大数据管理中心项目支出智慧津南项目运维及咨询费"),
    P::Lead("3.绩效评价范围"),
    P::Body("本报告绩效范围为2020年度。"),
    P::NumSub(2, 0, "绩效评价原则 、评价指标体系（附表说明）、评价方法、评价标准等。"),
    P::Lead("1.绩效评价原则"),
    P::Body("科学规范、统筹兼顾、激励约束、公开透明。"),
    P::Lead("2.评价指标体系（如下表）"),
    P::Table(1),
    P::Gap,
    P::Table(2),
    P::Lead("3.评价方法"),
    P::Body("2020年度项目支出智慧津南项目运维及咨询费项目绩效评价方法采用比较法和因素分析法对该绩效目标各指标逐项进行评价分析。总分100分，自评得分为三级指标实际得分的总和。"),
    P::Lead("4.评价标准"),
    P::Body("2020年度项目支出智慧津南项目运维及咨询费项目绩效评价采用计划标准对绩效绩效指标完成情况进行比较。"),
    P::NumSub(2, 0, "绩效评价工作过程。"),
    P::Body("1. 及时部署分工。按照《天津市津南区财政局关于组织2020年绩效管理自评工作的通知》要求，及时做好本单位2020年预算绩效自评分工，制定自评工作计划。"),
    P::Body("2. 精心组织实施。按照自评计划核实有关情况，总结全年项目完成情况，严格按照评价要求和项目特点选用评价方法开展综合分析。"),
    P::Body("3. 撰写相关文字材料。按照财政部门要求，编写《项目支出绩效自评表》《项目支出绩效评价报告》。"),
    P::Num(1, 0, "综合评价情况及评价结论"),
    P::Table(0),
    P::Body("该项目执行已完成年初项目绩效目标，资金使用合理。"),
    P::Heading("四、绩效评价指标分析"),
    P::Sub("（一）项目决策情况 。"),
    P::Lead("1.项目立项"),
    P::Body("该项目为运维类项目，非一次性项目，依据原信息中心提供上一年运维及光纤租赁需求及智慧津南PPP项目推进工作实际需要编制。"),
    P::Lead("2.绩效目标"),
    P::Body("该项目绩效目标设定合理，符合客观实际，能够提现运维及咨询工作特点，各级绩效指标明确，能够反映目标完成情况，且清晰、细化、可衡量。"),
    P::Lead("3.资金投入"),
    P::Body("该项目年度预算基本满足了实际需要，并按照“过紧日子”的要求落实了预算核减，基本保证了运维中各线路、机房、系统安全运行，预算编制科学，资金分配合理。"),
    P::Sub("（二） 项目过程情况 。"),
    P::Body("因受新冠肺炎疫情影响，该项目于2020年二季度启动，同时原由区原信息中心签订的各类线路租赁合同、运维合同，经“三重一大”程序变更了执行主体。项目资金支付严格履行审批相关手续，过程合理、合规。"),
    P::Sub("（三）项目产出情况 。"),
    P::Body("产出指标完成情况：数量指标完成率100%，产出质量指标达标率100%，时效指标完成率90%，成本指标完成100%。"),
    P::NumSub(2, 0, "项目效益情况。"),
    P::Body("效益指标完成情况：社会效益指标完成率100%、可持续影响指标完成率80%、服务对象满意度指标完成率100%。"),
    P::Num(1, 0, "主要经验及做法、存在的问题及原因分析"),
    P::Body("认真组织学习区财政印发的各类预算绩效管理文件，业务科与财务部门相结合共同研究绩效目标指标设定以及完成情况，做到客观、公正评价。但该项目实施前受新冠肺炎疫情影响，启动时间较晚，同时因光纤租赁、运维合同等需原信息中心进行权利义务转让，出现个别合同签订不及时现象。视频监控系统主要服务于社会治安治理，每月由我单位与区公安分局进行抽查，按季度打分，存在以考核结果替代运维满意度调查的情况。"),
    P::Heading("五、有关建议"),
    P::Body("无"),
    P::Heading("六、其他需要说明的问题"),
    P::Body("无"),
];

/// Seed 002: the 决算公开 document — 第一部分 单位概况, 第二部分 the nine
/// tables (landscape), 第三部分 the 情况说明 with its real mistakes, 第四部分
/// 名词解释.
const JUESUAN: &[P] = &[
    P::Part("第一部分"),
    P::Title("益阳市智慧城市和大数据中心单位概况"),
    P::Heading("部门职责"),
    P::Body("（一）为市政府有关部门实施智慧城市、大数据与电子政务项目立项审查、财政投资评审、竣工验收等提供技术咨询与服务；"),
    P::Body("（二）根据授权，负责市政府投资智慧城市、大数据（含基础数据库、主题数据库、共享数据库与数据交换平台等）、电子政务项目的建设、安全运行、日常运维管理；"),
    P::Body("（三）负责智慧城市、大数据、电子政务项目硬件对接工作；"),
    P::Body("（四）负责“互联网+政务服务”系统平台、政务云平台、容灾系统的建设、安全运行、日常运维管理；"),
    P::Body("（五）负责全市电子政务骨干网络的日常运维管理，承担国家电子政务外网市级平台的建设、升级改造、运维管理；"),
    P::Body("（六）承担益阳政务服务门户网站、市行政审批服务局门户网站、公共应用系统的开发建设、信息更新、运维与网络安全运行保障；"),
    P::Body("（七）负责市直部门互联网统一出口的运行管理；"),
    P::Body("（八）负责归口管理市级网络信息化机房的日常运维管理，负责市直部门托管主机、虚拟主机的运行管理。"),
    P::Heading("二、机构设置"),
    P::Body("益阳市智慧城市和大数据中心是隶属于市行政审批服务局的副处级公益一类事业单位，核定全额拨款事业编制16名，其中：主任1名、副主任3名。内设机构6个（均为副科级）：综合科、开发应用科、项目建设科、大数据运行科、信息安全科、网络科，设副科级领导职数6名。"),
    P::Heading("三、部门决算单位构成"),
    P::Body("市智慧城市和大数据中心2020年部门决算汇总公开单位构成仅为单位本级。"),
    P::EndSection(Page::Portrait),
    P::Part("第二部分"),
    P::Title("部门决算表"),
    P::TableHeading("一、收入支出决算总表"),
    P::Table(0),
    P::TableHeading("二、收入决算表"),
    P::Table(1),
    P::TableHeading("三、支出决算表"),
    P::Table(2),
    P::TableHeading("四、财政拨款收入支出决算总表"),
    P::Table(3),
    P::TableHeading("五、一般公共预算财政拨款支出决算表"),
    P::Table(4),
    P::TableHeading("六、一般公共预算财政拨款基本支出决算表"),
    P::Table(5),
    P::TableHeading("七、一般公共预算财政拨款“三公”经费支出决算表"),
    P::Table(6),
    P::TableHeading("八、政府性基金预算财政拨款收入支出决算表"),
    P::Table(7),
    P::TableHeading("九、国有资本经营预算财政拨款支出决算表"),
    P::Table(8),
    P::EndSection(Page::Landscape),
    P::Part("第三部分"),
    P::Title("2020年度部门决算情况说明"),
    P::Heading("一、收入支出决算总体情况说明"),
    P::Body("2020年度收入总计2217.42万元，与上年相比，增加676.62万元，增长44%，主要原因为2020年项目资金增加；2020年度支出总计2696.91万元，与上年相比，减少809.63万元，降低23%，主要原因为“智慧大脑+政务服务”项目2020年上半年的项目款于2019年年末下达并支付，因此2020年收支较2019年减少。"),
    P::Heading("二、收入决算情况说明"),
    P::Body("本年收入合计2217.42万元，其中：财政拨款收入2140.78万元，占97%；上级补助收入0万元，占0%；事业收入0万元，占0%；经营收入0万元，占0%；附属单位上缴收入0万元，占0%；其他收入76.64万元，占3%。"),
    P::Heading("三、支出决算情况说明"),
    P::Body("本年支出合计2696.91万元，其中：基本支出186.29万元，占7%；项目支出2510.63万元，占93%；上缴上级支出0万元，占0%；经营支出0万元，占0%；对附属单位补助支出0万元，占0%。"),
    P::Heading("四、财政拨款收入支出决算总体情况说明"),
    P::Body("2020年度财政拨款收入总计2140.78万元，与上年相比，增加599.98万元,增长39%，主要原因为2020年项目资金增加；2020年度财政拨款支出总计2666.26万元，与上年相比，减少840.28万元，降低24%，主要原因为“智慧大脑+政务服务”项目2020年上半年的项目款于2019年年末下达并支付，因此2020年财政拨款收支较2019年减少。"),
    P::Heading("五、一般公共预算财政拨款支出决算情况说明"),
    P::Sub("（一）财政拨款支出决算总体情况"),
    P::Body("2020年度财政拨款支出2666.26万元，占本年支出合计的99%，与上年相比，财政拨款支出减少840.28万元，减少24%，主要是因为“智慧大脑+政务服务”项目2020年上半年的项目款于2019年年末下达并支付。"),
    P::Sub("（二）财政拨款支出决算结构情况"),
    P::Body("2020年度财政拨款支出2666.26万元，主要用于以下方面：一般公共服务（类）支出1732.98万元，占65%；教育（类）支出1.53万元，占0%;文化旅游体育与传媒（类）支出909.88万元，占32%；社会保障和就业（类）支出8.96万元，占1%；卫生健康（类）支出6.19万元，占1%；住房保障（类）支出6.72万元，占1%。"),
    P::Sub("（三）财政拨款支出决算具体情况"),
    P::Body("2020年度财政拨款支出年初预算数为3134.35万元，支出决算数为2666.26万元，完成年初预算的85%，其中："),
    P::Body("1、一般公共服务（类）人大事务（款）一般行政管理事务（项）。"),
    P::Body("年初预算为141.10万元，支出决算为133.48万元，完成年初预算的95%，决算数小于年初预算数的主要原因是：“一件事一次办”项目于2020年8月完成竣工验收，竣工后尚未满一年质保期，因此暂未支付质保金。"),
    P::Body("2、一般公共服务（类）政协事务（款）一般行政管理事务（项）。"),
    P::Body("年初预算为918万元，支出决算为917.65万元，完成年初预算的100%，决算数小于年初预算数的主要原因是：该笔2020年“智慧大脑+政务服务”项目款已按合同要求全部支付。"),
    P::Body("3、一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"),
    P::Body("年初预算为110.50万元，支出决算为110.50万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("4、一般公共服务（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）。"),
    P::Body("年初预算为180.02万元，支出决算为169.10万元，完成年初预算的94%，决算数小于年初预算数的主要原因是：“一市一平台”项目于2020年8月完成竣工验收，竣工后尚未满一年质保期，因此暂未支付质保金。"),
    P::Body("5、一般公共服务（类）政府办公厅（室）及相关机构事务（款）事业运行（项）。"),
    P::Body("年初预算为481.78万元，支出决算为377.27万元，完成年初预算的79%，决算数小于年初预算数的主要原因是：“市电子政务外网平台中心机房租赁费及运行维护”项目中存在部分未完成升级改造的，预计于2021年完成。"),
    P::Body("6、一般公共服务（类）政府办公厅（室）及相关机构事务（款）其他政府办公厅（室）及相关机构事务支出（项）。"),
    P::Body("年初预算为276.86万元，支出决算为15.86万元，完成年初预算的6%，决算数小于年初预算数的主要原因是：“雪亮工程”项目2021年合同款261万元于2020年年末下达，将按合同要求于2021年进行支付。"),
    P::Body("7、一般公共服务（类）人力资源事务（款）引进人才费用（项）。"),
    P::Body("年初预算为4.56万元，支出决算为4.56万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("8、一般公共服务（类）组织事务（款）其他组织事务支出（项）。"),
    P::Body("年初预算为4.56万元，支出决算为4.56万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("9、教育支出（类）其他教育支出（款）其他教育支出（项）。"),
    P::Body("年初预算为1.53万元，支出决算为1.53万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("10、文化旅游体育与传媒支出（类）文化和旅游（款）其他文化和旅游（项）。"),
    P::Body("年初预算为993.56万元，支出决算为909.88万元，完成年初预算的92%，决算数小于年初预算数的主要原因是：“雪亮工程”项目建设方未完全达到考核要求，2020年市本级项目合同款结余考核后的运维费未支付。"),
    P::Body("11、社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。"),
    P::Body("年初预算为8.96万元，支出决算为8.96万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("12、卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。"),
    P::Body("年初预算为6.19万元，支出决算为6.19万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Body("13、住房保障支出（类）住房改革支出（款）住房公积金（项）。"),
    P::Body("年初预算为6.72万元，支出决算为6.72万元，完成年初预算的100%，决算数与年初预算数持平。"),
    P::Heading("六、一般公共预算财政拨款基本支出决算情况说明"),
    P::Body("2020年度财政拨款基本支出186.29万元，其中：人员经费139.41万元，占基本支出的75%,主要包括基本工资、奖金、伙食补助费、绩效工资、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、公务员医疗补助缴费、住房公积金、对个人和家庭的补助等；公用经费46.88万元，占基本支出的25%，主要包括办公费、印刷费、物业管理费、差旅费、劳务费、工会经费、福利费、公务用车运行维护费等。"),
    P::Heading("七、一般公共预算财政拨款三公经费支出决算情况说明"),
    P::Sub("（一）“三公”经费财政拨款支出决算总体情况说明"),
    P::Body("“三公”经费财政拨款支出预算为7万元，支出决算为4.06万元，完成预算的58%，其中："),
    P::Body("因公出国（境）费支出预算为0万元，支出决算为0万元，完成预算的0%，决算数与预算数持平，与上年相比持平。"),
    P::Body("公务接待费支出预算为0万元，支出决算为0万元，完成预算的0%，决算数与预算数持平，与上年相比持平。"),
    P::Body("公务用车购置费及运行维护费支出预算为7万元，支出决算为4.06万元，完成预算的58%，决算数小于预算数的主要原因是受疫情影响，本年公务出行减少，单位厉行节约。与上年相比减少1.36万元，减少25%,减少的主要原因是受疫情影响，本年公务出行减少，单位厉行节约。"),
    P::Sub("（二）“三公”经费财政拨款支出决算具体情况说明"),
    P::Body("2020年度“三公”经费财政拨款支出决算中，公务接待费支出决算0万元，占0%,因公出国（境）费支出决算0万元，占0%,公务用车购置费及运行维护费支出决算4.06万元，占100%。其中："),
    P::Body("1、因公出国（境）费支出决算为0万元，全年安排因公出国（境）团组0个，累计0人次。"),
    P::Body("2、公务接待费支出决算为0万元，全年共接待来访团组0个、来宾0人次。"),
    P::Body("3、公务用车购置费及运行维护费支出决算为4.06万元，其中：公务用车购置费0万元。公务用车运行维护费4.06万元，主要是汽油、路桥费以及检修维护支出，截止2020年12月31日，我单位开支财政拨款的公务用车保有量为1辆。"),
    P::Heading("八、政府性基金预算收入支出决算情况"),
    P::Body("本单位无政府性基金收支。2020年度政府性基金预算财政拨款收入0万元；年初结转和结余0万元；支出0万元，其中基本支出0万元，项目支出0万元；年末结转和结余0万元。"),
    P::Heading("九、关于机关运行经费支出说明"),
    P::Body("本部门2020年度机关运行经费支出46.88万元，比上年决算数增加6.88万元，增长18%，主要是因为相较于2019年增加了公务用车运行费预算7万元，支出相应增加。"),
    P::Heading("十、一般性支出情况"),
    P::Body("2020年本部门开支会议费0万元；开支培训费0万元；未举办节庆、晚会、论坛、赛事活动，开支0万元。"),
    P::Heading("十一、关于政府采购支出说明"),
    P::Body("本部门2020年度政府采购支出总额349.10万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、政府采购服务支出349.10万元。授予中小企业合同金额46.52万元，占政府采购支出总额的14%，其中：授予小微企业合同金额46.52万元，占政府采购支出总额的14%。"),
    P::Heading("十二、关于国有资产占用情况说明"),
    P::Body("截至2020年12月31日，本单位共有车辆1辆，其中，主要领导干部用车0辆，机要通信用车0辆、应急保障用车1辆、执法执勤用车0辆、特种专业技术用车0辆、其他用车0辆；单位价值50万元以上通用设备0台（套）；单位价值100万元以上专用设备0台（套）。"),
    P::Heading("十三、关于2020年度预算绩效情况的说明"),
    P::Body("2020年我中心切实加强预算绩效全流程管理。年初，严格按照市财政局要求在开展2020年预算编制工作中，结合部门实际情况编制了绩效目标，并通过预算系统进行了录入和申报；年中，按照财政局绩效科工作要求，根据项目完成进度每季度开展项目支出绩效运行监控工作，填报绩效运行监控表和分析报告；年末，开展部门绩效自评工作，对部门整体支出绩效目标和重点项目支出绩效目标进行自查自评，填报绩效目标评分表并出具绩效自评报告。整体支出绩效评价报告和4个重点项目绩效评价报告均已按要求作为附件公开。"),
    P::Part("第四部分"),
    P::Title("名词解释"),
    P::Body("一、财政拨款收入：指中央财政当年拨付的资金。"),
    P::Body("二、事业收入：指事业单位开展专业业务活动及辅助活动所取得的收入。如：中国财政杂志社的刊物发行收入，中国注册会计师协会、中国资产评估协会、中国国债协会、中国会计学会收取的会费收入等。"),
    P::Body("三、经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。如：中国财政杂志社广告收入等。"),
    P::Body("四、其他收入：指除上述“财政拨款收入” 、 “事业收入” 、“经营收入”等以外的收入。主要是按规定动用的售房收入、存款利息收入等。"),
    P::Body("五、用事业基金弥补收支差额：指事业单位在当年的“财政拨款收入”、“事业收入”、“经营收入”、“其他收入”不足以安排当年支出的情况下，使用以前年度积累的事业基金（事业单位当年收支相抵后按国家规定提取、用于弥补以后年度收支差额的基金）弥补本年度收支缺口的资金。"),
    P::Body("六、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。"),
    P::Body("七、结余分配：指事业单位按规定提取的职工福利基金、事业基金和缴纳的所得税，以及建设单位按规定应交回的基本建设竣工项目结余资金。"),
    P::Body("八、年末结转和结余：指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施，需要延迟到以后年度按有关规定继续使用的资金。"),
    P::Body("九、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员支出和公用支出。"),
    P::Body("十、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。"),
    P::Body("十一、经营支出：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。"),
    P::Body("十二、“三公”经费：纳入中央财政预决算管理的“三公”经费，是指中央部门用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。其中，因公出国（境）费反映单位公务出国（境）的国际旅费、国外城市间交通费、住宿费、伙食费、培训费、公杂费等支出；公务用车购置及运行费反映单位公务用车车辆购置支出（含车辆购置税）及租用费、燃料费、维修费、过路过桥费、保险费、安全奖励费用等支出；公务接待费反映单位按规定开支的各类公务接待（含外宾接待）支出。"),
    P::Body("十三、机关运行经费：为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金，包括办公及印刷费、邮电费、差旅费、会议费、福利费、日常维修费、专用材料及一般设备购置费、办公用房水电费、办公用房取暖费、办公用房物业管理费、公务用车运行维护费以及其他费用。"),
];

/// 津南's 评价指标体系 (seed 004), two tables as the seed has them: the
/// header row, then 一级 | 二级 | 三级 | 指标值; an empty first or second
/// column continues the merge above it.
const JINNAN_EXTRA_TABLES: &[&[&[&str]]] = &[
    &[
        &["一级指标", "二级指标", "三级指标", "指标值 "],
        &["产出指标", "数量指标", "视频监控系统运维数量", "1套"],
        &["", "", "机房运维数量", "2个"],
        &["", "", "电子政务外网运维数量", "1套"],
        &["", "质量指标", "视频监控系统在线率", "98%"],
        &[
            "",
            "",
            "政府机房、智慧津南管理服务\n中心机房安全运行",
            "未发生系统故障",
        ],
        &["", "", "OA办公系统正常运行", "未发生系统故障"],
        &[
            "",
            "时效指标",
            "智慧津南及数据湖PPP项目咨询按时开展",
            "达到要求",
        ],
        &["", "", "每季度结束后组织视频监控系统运行考核", "达到要求"],
        &["", "成本指标", "运维及咨询费", "≤2837.8294万元"],
    ],
    &[
        &["一级指标", "二级指标", "三级指标", "指标值 "],
        &["效益指标", "经济效益指标", "", ""],
        &[
            "",
            "社会效益指标",
            "做好运维工作，不断加强大数据安全保障力度。",
            "达到效果",
        ],
        &["", "", "做好咨询工作，确保项目合法合规开展。", "达到效果"],
        &["", "生态效益指标", "", ""],
        &["", "可持续影响\n指标", "年内持续推进", "按照时间节点完成"],
        &[
            "满意度\n指标",
            "服务对象满意度指标",
            "视频监控系统运维满意度",
            "达到要求",
        ],
    ],
];
