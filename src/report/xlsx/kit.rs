//! Shared look of the sheets shenbiao adds (审核结果, 评分复核, 勾稽关系):
//! one font, bordered table cells, coloured severity and outcome labels,
//! hyperlinks to source cells.

use super::copy::clip_text;
use super::marks::display_units;
use super::style::{mark_fill, mark_font, with_font_name};
use crate::rules::{CheckRecord, Outcome, Severity};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatUnderline, Url, Worksheet, XlsxError,
};

/// A font every Chinese Windows (and WPS) has.
pub const FONT: &str = "宋体";
const SIZE: f64 = 11.0;
const BORDER: u32 = 0xBFBFBF;

/// Excel stops following hyperlinks past about 65 530 per sheet; beyond this
/// the cell reference is written as plain text.
pub const MAX_LINKS: usize = 60_000;

fn font() -> Format {
    with_font_name(Format::new(), FONT).set_font_size(SIZE)
}

/// Formats of our own sheets, built once per workbook.
pub struct Kit {
    pub title: Format,
    pub subtitle: Format,
    pub text: Format,
    pub header: Format,
    pub wrap: Format,
    pub center: Format,
    /// A centred link (cell references).
    pub link: Format,
    /// A wrapped, left-aligned link (linked text in 评分复核).
    pub link_left: Format,
    /// A right-aligned link (linked numbers in 评分复核).
    pub link_right: Format,
}

impl Kit {
    pub fn new() -> Kit {
        let cell = font()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(BORDER))
            .set_align(FormatAlign::VerticalCenter);
        Kit {
            title: font().set_bold().set_font_size(16),
            subtitle: font().set_bold().set_font_size(12),
            text: font(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2)),
            wrap: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            link: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
            link_left: cell
                .clone()
                .set_text_wrap()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
            link_right: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
        }
    }

    /// A bold label coloured like the marks of that severity.
    pub fn severity(&self, severity: Severity) -> Format {
        self.center
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(mark_fill(severity)))
            .set_font_color(Color::RGB(mark_font(severity)))
    }

    /// A table cell filled like a mark (评分复核 flags).
    pub fn flagged(&self, base: &Format, severity: Severity) -> Format {
        base.clone()
            .set_background_color(Color::RGB(mark_fill(severity)))
    }

    /// 通过 green, 不符 red, 尾数差异 blue, 无法校验 grey, 不适用 plain.
    pub fn outcome(&self, check: &CheckRecord) -> (&'static str, Format) {
        let (label, fill, font) = match check.outcome {
            Outcome::Fail if check.rounding => ("尾数差异", Some(0xDDEBF7), 0x1F4E78),
            Outcome::Fail => ("不符", Some(0xFFC7CE), 0x9C0006),
            Outcome::Pass => ("通过", Some(0xC6EFCE), 0x006100),
            Outcome::InsufficientData => ("无法校验", Some(0xE7E6E6), 0x404040),
            Outcome::NotApplicable => ("不适用", None, 0x808080),
        };
        let mut f = self.center.clone().set_font_color(Color::RGB(font));
        if let Some(fill) = fill {
            f = f.set_background_color(Color::RGB(fill));
        }
        (label, f)
    }
}

/// Lines a wrapped text needs in a column `width` characters wide (a
/// Chinese character takes two).
pub fn lines_needed(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(2.0) as usize;
    text.lines()
        .map(|l| display_units(l).div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// Make a row tall enough for `lines` lines of our 11-point font: Excel
/// does not grow rows with wrapped text on its own when opening a file.
pub fn fit_height(ws: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        let height = (lines as f64 * 14.25 + 3.0).min(409.0);
        ws.set_row_height(row, height)?;
    }
    Ok(())
}

/// Print our sheets on A4 landscape, one page wide, the table header
/// repeated on every page.
pub fn print_setup(ws: &mut Worksheet, header_row: Option<u32>) -> Result<(), XlsxError> {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    if let Some(r) = header_row {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// Writes cell references as internal hyperlinks, within Excel's budget.
#[derive(Debug, Default)]
pub struct Linker {
    count: usize,
}

impl Linker {
    /// Write `text`, linked to `target` when there is one and the sheet's
    /// link budget allows; `formats` are (linked, plain).
    pub fn write(
        &mut self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        text: &str,
        target: Option<String>,
        formats: (&Format, &Format),
    ) -> Result<(), XlsxError> {
        match target {
            Some(link)
                if self.count < MAX_LINKS && link.chars().count() < 2000 && !text.is_empty() =>
            {
                self.count += 1;
                ws.write_url_with_format(
                    row,
                    col,
                    Url::new(link).set_text(clip_text(text)),
                    formats.0,
                )?;
                // A linked number stays a number (summable, no "stored as
                // text" triangle): the cell is rewritten, the link kept.
                if let Some((n, code)) = as_number(text) {
                    ws.write_number_with_format(
                        row,
                        col,
                        n,
                        &formats.0.clone().set_num_format(code),
                    )?;
                }
            }
            _ => {
                write_value(ws, row, col, text, formats.1)?;
            }
        }
        Ok(())
    }
}

/// A plain decimal or percentage ("97", "-12.50", "95.00%") as a number
/// with the format that prints it the same way, so Excel shows no "number
/// stored as text" warnings; anything else stays text.
pub fn as_number(text: &str) -> Option<(f64, String)> {
    let t = text.trim();
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t, false),
    };
    let digits = body.strip_prefix('-').unwrap_or(body);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let plain = !int.is_empty()
        && int.len() <= 15
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'))
        && frac.len() <= 6
        && frac.bytes().all(|b| b.is_ascii_digit())
        && (digits.contains('.') != frac.is_empty());
    if !plain {
        return None;
    }
    let value: f64 = body.parse().ok()?;
    let mut code = if frac.is_empty() {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(frac.len()))
    };
    if percent {
        code.push('%');
        Some((value / 100.0, code))
    } else {
        Some((value, code))
    }
}

/// Write text, as a number when it is one (see [`as_number`]).
pub fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    match as_number(text) {
        Some((n, code)) => {
            ws.write_number_with_format(row, col, n, &format.clone().set_num_format(code))?
        }
        None => ws.write_string_with_format(row, col, clip_text(text), format)?,
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_printed_precision() {
        assert_eq!(as_number("97"), Some((97.0, "0".into())));
        assert_eq!(as_number("-12.50"), Some((-12.5, "0.00".into())));
        let (v, code) = as_number("95.00%").unwrap();
        assert!((v - 0.95).abs() < 1e-12);
        assert_eq!(code, "0.00%");
        for text in ["优", "007", "1,000", "1.", ".5", "1e5", "", "12.3.4"] {
            assert_eq!(as_number(text), None, "{text}");
        }
    }
}
