//! calamine's style model → rust_xlsxwriter formats, so the annotated copy
//! keeps the input's fonts, fills, borders, number formats and alignment.
//! Formats are built once per (style id, mark) and cached: a form has a few
//! dozen styles but thousands of cells.

use super::marks::MarkLook;
use crate::report::xlsx_patch::marker;
use crate::rules::Severity;
use calamine::{
    BorderStyle, FillPattern, HorizontalAlignment, TextRotation, UnderlineStyle, VerticalAlignment,
};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatDiagonalBorder, FormatPattern, FormatUnderline,
};
use std::collections::HashMap;

/// Fill of a flagged cell (red, amber, blue; strong enough for a greyscale
/// printout), the same in both modes.
pub fn mark_fill(severity: Severity) -> u32 {
    super::patch_marks::level(severity).colours().0
}

/// Border colour of a flagged cell, telling the levels apart in colour.
pub fn mark_line(severity: Severity) -> u32 {
    super::patch_marks::level(severity).colours().1
}

/// Dark text colour matching [`mark_fill`], for labels in our own sheets.
pub fn mark_font(severity: Severity) -> u32 {
    match severity {
        Severity::Error => 0x9C0006,
        Severity::Warning => 0x9C5700,
        Severity::Info => 0x1F4E78,
    }
}

/// The workbook's Normal font and the column metrics that go with it.
#[derive(Debug, Clone)]
pub struct BaseFont {
    pub name: String,
    pub size: f64,
    /// Width of a digit in pixels, which turns column widths in characters
    /// into pixels (Excel's own unit).
    pub digit_px: u32,
    /// Default column width in pixels, one of the values rust_xlsxwriter
    /// accepts for a workbook default format.
    pub default_col_px: u32,
    pub default_row_px: u32,
}

/// Default column widths rust_xlsxwriter supports, by digit width.
const COLUMN_METRICS: &[(u32, u32)] = &[
    (6, 56),
    (7, 64),
    (8, 72),
    (9, 80),
    (11, 96),
    (12, 104),
    (13, 120),
];

impl BaseFont {
    /// The font of style 0 (Excel's Normal style), if the input has styles.
    /// Calibri 11 is rust_xlsxwriter's own default and needs no change.
    pub fn from_styles(styles: &[calamine::Style]) -> Option<BaseFont> {
        let font = styles.first()?.font.as_ref()?;
        let name = font.name.clone().filter(|n| !n.trim().is_empty())?;
        let size = font
            .size
            .filter(|s| (1.0..=409.0).contains(s))
            .unwrap_or(11.0);
        if name == "Calibri" && (size - 11.0).abs() < 0.01 {
            return None;
        }
        // A digit is about half the em size at 96 dpi (Calibri 11 → 7 px,
        // 宋体 12 → 8 px). Only the metrics rust_xlsxwriter knows are usable.
        let estimate = (size * 96.0 / 72.0 * 0.5).round() as i64;
        let (digit_px, default_col_px) = COLUMN_METRICS
            .iter()
            .copied()
            .min_by_key(|(d, _)| (i64::from(*d) - estimate).abs())
            .unwrap_or((7, 64));
        let default_row_px = ((size * 1.25) * 4.0 / 3.0).round().clamp(12.0, 200.0) as u32;
        Some(BaseFont {
            name,
            size,
            digit_px,
            default_col_px,
            default_row_px,
        })
    }

    /// The format that becomes the workbook default (cell style 0).
    pub fn format(&self) -> Format {
        with_font_name(Format::new(), &self.name).set_font_size(self.size)
    }
}

/// Set a font name, with the GB2312 charset for Chinese names so Excel picks
/// the right glyphs (what Excel itself writes for 宋体).
pub fn with_font_name(format: Format, name: &str) -> Format {
    let format = format.set_font_name(name);
    if name.is_ascii() {
        format
    } else {
        format.set_font_charset(134)
    }
}

/// Excel's column width in characters (as stored in the sheet XML, padding
/// included) → pixels, Excel's own formula.
pub fn col_width_px(width: f64, digit_px: u32) -> u32 {
    if !width.is_finite() || width <= 0.0 {
        return 0;
    }
    let d = f64::from(digit_px.max(1));
    let px = ((256.0 * width + (128.0 / d).trunc()) / 256.0 * d).trunc();
    px.clamp(0.0, 2000.0) as u32
}

/// Builds and caches cell formats for the copied sheets.
pub struct StyleMap<'a> {
    styles: &'a [calamine::Style],
    base: Format,
    cache: HashMap<(u32, Option<MarkLook>), Format>,
}

impl<'a> StyleMap<'a> {
    pub fn new(styles: &'a [calamine::Style], base: Option<&BaseFont>) -> Self {
        StyleMap {
            styles,
            base: base.map(BaseFont::format).unwrap_or_default(),
            cache: HashMap::new(),
        }
    }

    /// The format of style `id` with a mark's look: a flagged cell gets
    /// the severity's fill, a border in its colour and its numbers after
    /// the value (through the number format, so the value is untouched); a
    /// related cell only a dashed border.
    pub fn get(&mut self, id: u32, mark: Option<&MarkLook>) -> &Format {
        let styles = self.styles;
        let base = &self.base;
        let key = (id, mark.cloned());
        self.cache.entry(key).or_insert_with(|| {
            let style = styles.get(id as usize);
            let mut format = match style {
                Some(style) => convert(style, base.clone()),
                None => base.clone(),
            };
            let Some(look) = mark else {
                return format;
            };
            let line = Color::RGB(mark_line(look.severity));
            if look.related {
                return format
                    .set_border(FormatBorder::Dashed)
                    .set_border_color(line);
            }
            format = format
                .set_pattern(FormatPattern::Solid)
                .set_foreground_color(Color::Default)
                .set_background_color(Color::RGB(mark_fill(look.severity)))
                .set_border(FormatBorder::Thin)
                .set_border_color(line);
            let code = style
                .and_then(|s| s.number_format.as_ref())
                .map_or(Some("General"), |nf| match nf.format_id {
                    // Locale-dependent built-ins (dates, currency) would
                    // change how the cell looks once written as a code.
                    Some(id @ 0..=163) if builtin_code(id) == Some(nf.format_code.as_str()) => {
                        marker::builtin(id)
                    }
                    _ if nf.format_code.is_empty() => Some("General"),
                    _ => Some(nf.format_code.as_str()),
                });
            match code {
                Some(code) if !look.suffix.is_empty() => {
                    format.set_num_format(marker::marked_format(code, &look.suffix))
                }
                _ => format,
            }
        })
    }
}

fn rgb(c: &calamine::Color) -> Color {
    Color::RGB((u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue))
}

/// One calamine style as a format on top of the workbook's base font.
pub fn convert(style: &calamine::Style, base: Format) -> Format {
    let mut f = base;
    if let Some(font) = &style.font {
        if let Some(name) = font.name.as_deref().filter(|n| !n.trim().is_empty()) {
            f = with_font_name(f, name);
        }
        if let Some(size) = font.size.filter(|s| (1.0..=409.0).contains(s)) {
            f = f.set_font_size(size);
        }
        if font.is_bold() {
            f = f.set_bold();
        }
        if font.is_italic() {
            f = f.set_italic();
        }
        if font.has_strikethrough() {
            f = f.set_font_strikethrough();
        }
        f = match font.underline {
            UnderlineStyle::Single => f.set_underline(FormatUnderline::Single),
            UnderlineStyle::Double => f.set_underline(FormatUnderline::Double),
            UnderlineStyle::SingleAccounting => f.set_underline(FormatUnderline::SingleAccounting),
            UnderlineStyle::DoubleAccounting => f.set_underline(FormatUnderline::DoubleAccounting),
            _ => f,
        };
        if let Some(c) = &font.color {
            f = f.set_font_color(rgb(c));
        }
        if let Some(family) = font.family {
            f = f.set_font_family(family);
        }
    }
    if let Some(fill) = &style.fill {
        f = fill_format(f, fill);
    }
    if let Some(borders) = &style.borders {
        f = borders_format(f, borders);
    }
    if let Some(a) = &style.alignment {
        f = alignment_format(f, a);
    }
    if let Some(nf) = &style.number_format {
        f = number_format(f, nf);
    }
    if let Some(p) = &style.protection {
        if !p.locked {
            f = f.set_unlocked();
        }
        if p.hidden {
            f = f.set_hidden();
        }
    }
    f
}

fn fill_format(f: Format, fill: &calamine::Fill) -> Format {
    let pattern = match fill.pattern {
        FillPattern::None => return f,
        FillPattern::Solid => {
            return match fill.get_color() {
                Some(c) => f
                    .set_pattern(FormatPattern::Solid)
                    .set_background_color(rgb(&c)),
                None => f,
            };
        }
        FillPattern::DarkGray => FormatPattern::DarkGray,
        FillPattern::MediumGray => FormatPattern::MediumGray,
        FillPattern::LightGray => FormatPattern::LightGray,
        FillPattern::Gray125 => FormatPattern::Gray125,
        FillPattern::Gray0625 => FormatPattern::Gray0625,
        FillPattern::DarkHorizontal => FormatPattern::DarkHorizontal,
        FillPattern::DarkVertical => FormatPattern::DarkVertical,
        FillPattern::DarkDown => FormatPattern::DarkDown,
        FillPattern::DarkUp => FormatPattern::DarkUp,
        FillPattern::DarkGrid => FormatPattern::DarkGrid,
        FillPattern::DarkTrellis => FormatPattern::DarkTrellis,
        FillPattern::LightHorizontal => FormatPattern::LightHorizontal,
        FillPattern::LightVertical => FormatPattern::LightVertical,
        FillPattern::LightDown => FormatPattern::LightDown,
        FillPattern::LightUp => FormatPattern::LightUp,
        FillPattern::LightGrid => FormatPattern::LightGrid,
        FillPattern::LightTrellis => FormatPattern::LightTrellis,
        _ => return f,
    };
    let mut f = f.set_pattern(pattern);
    if let Some(c) = &fill.foreground_color {
        f = f.set_foreground_color(rgb(c));
    }
    if let Some(c) = &fill.background_color {
        f = f.set_background_color(rgb(c));
    }
    f
}

fn border_kind(style: BorderStyle) -> Option<FormatBorder> {
    Some(match style {
        BorderStyle::None => return None,
        BorderStyle::Thin => FormatBorder::Thin,
        BorderStyle::Medium => FormatBorder::Medium,
        BorderStyle::Thick => FormatBorder::Thick,
        BorderStyle::Double => FormatBorder::Double,
        BorderStyle::Hair => FormatBorder::Hair,
        BorderStyle::Dashed => FormatBorder::Dashed,
        BorderStyle::Dotted => FormatBorder::Dotted,
        BorderStyle::MediumDashed => FormatBorder::MediumDashed,
        BorderStyle::DashDot => FormatBorder::DashDot,
        BorderStyle::MediumDashDot => FormatBorder::MediumDashDot,
        BorderStyle::DashDotDot => FormatBorder::DashDotDot,
        BorderStyle::MediumDashDotDot => FormatBorder::MediumDashDotDot,
        // rust_xlsxwriter has no slanted dash-dot; the closest weight.
        BorderStyle::SlantDashDot => FormatBorder::MediumDashDot,
        _ => FormatBorder::Thin,
    })
}

fn borders_format(mut f: Format, b: &calamine::Borders) -> Format {
    if let Some(k) = border_kind(b.left.style) {
        f = f.set_border_left(k);
        if let Some(c) = &b.left.color {
            f = f.set_border_left_color(rgb(c));
        }
    }
    if let Some(k) = border_kind(b.right.style) {
        f = f.set_border_right(k);
        if let Some(c) = &b.right.color {
            f = f.set_border_right_color(rgb(c));
        }
    }
    if let Some(k) = border_kind(b.top.style) {
        f = f.set_border_top(k);
        if let Some(c) = &b.top.color {
            f = f.set_border_top_color(rgb(c));
        }
    }
    if let Some(k) = border_kind(b.bottom.style) {
        f = f.set_border_bottom(k);
        if let Some(c) = &b.bottom.color {
            f = f.set_border_bottom_color(rgb(c));
        }
    }
    let down = border_kind(b.diagonal_down.style);
    let up = border_kind(b.diagonal_up.style);
    let (kind, color, diagonal) = match (down, up) {
        (Some(d), Some(_)) => (
            d,
            &b.diagonal_down.color,
            FormatDiagonalBorder::BorderUpDown,
        ),
        (Some(d), None) => (d, &b.diagonal_down.color, FormatDiagonalBorder::BorderDown),
        (None, Some(u)) => (u, &b.diagonal_up.color, FormatDiagonalBorder::BorderUp),
        (None, None) => return f,
    };
    f = f
        .set_border_diagonal(kind)
        .set_border_diagonal_type(diagonal);
    if let Some(c) = color {
        f = f.set_border_diagonal_color(rgb(c));
    }
    f
}

fn alignment_format(mut f: Format, a: &calamine::Alignment) -> Format {
    let horizontal = match a.horizontal {
        HorizontalAlignment::Left => Some(FormatAlign::Left),
        HorizontalAlignment::Center => Some(FormatAlign::Center),
        HorizontalAlignment::CenterContinuous => Some(FormatAlign::CenterAcross),
        HorizontalAlignment::Right => Some(FormatAlign::Right),
        HorizontalAlignment::Justify => Some(FormatAlign::Justify),
        HorizontalAlignment::Distributed => Some(FormatAlign::Distributed),
        HorizontalAlignment::Fill => Some(FormatAlign::Fill),
        _ => None,
    };
    if let Some(h) = horizontal {
        f = f.set_align(h);
    }
    let vertical = match a.vertical {
        VerticalAlignment::Top => Some(FormatAlign::Top),
        VerticalAlignment::Center => Some(FormatAlign::VerticalCenter),
        VerticalAlignment::Justify => Some(FormatAlign::VerticalJustify),
        VerticalAlignment::Distributed => Some(FormatAlign::VerticalDistributed),
        // Bottom is Excel's default and needs no attribute.
        _ => None,
    };
    if let Some(v) = vertical {
        f = f.set_align(v);
    }
    f = match a.text_rotation {
        // 255 in the file: letters stacked top to bottom (竖排文字).
        TextRotation::Stacked => f.set_rotation(270),
        TextRotation::Degrees(d @ 1..=90) => f.set_rotation(d as i16),
        // 91–180 encode clockwise angles 1–90.
        TextRotation::Degrees(d @ 91..=180) => f.set_rotation(-((d - 90) as i16)),
        _ => f,
    };
    if a.wrap_text {
        f = f.set_text_wrap();
    }
    if let Some(indent) = a.indent.filter(|i| *i > 0) {
        f = f.set_indent(indent);
    }
    if a.shrink_to_fit {
        f = f.set_shrink();
    }
    f
}

/// Built-in number formats as calamine names them, so a built-in id is
/// written back as an id (keeping its locale-dependent meaning in Excel).
fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        0 => "General",
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        12 => "# ?/?",
        13 => "# ??/??",
        14 => "mm-dd-yy",
        15 => "d-mmm-yy",
        16 => "d-mmm",
        17 => "mmm-yy",
        18 => "h:mm AM/PM",
        19 => "h:mm:ss AM/PM",
        20 => "h:mm",
        21 => "h:mm:ss",
        22 => "m/d/yy h:mm",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        41 => "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
        42 => "_($* #,##0_);_($* (#,##0);_($* \"-\"_);_(@_)",
        43 => "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
        44 => "_($* #,##0.00_);_($* (#,##0.00);_($* \"-\"??_);_(@_)",
        45 => "mm:ss",
        46 => "[h]:mm:ss",
        47 => "mmss.0",
        48 => "##0.0E+0",
        49 => "@",
        _ => return None,
    })
}

fn number_format(f: Format, nf: &calamine::NumberFormat) -> Format {
    let code = nf.format_code.as_str();
    match nf.format_id {
        Some(0) => f,
        // A built-in id whose code calamine reports as the built-in one, or
        // a locale built-in (e.g. 31 = yyyy"年"m"月"d"日") it does not know.
        Some(id @ 1..=163) if builtin_code(id) == Some(code) || code == "General" => {
            f.set_num_format_index(id as u8)
        }
        _ if code.is_empty() || code.eq_ignore_ascii_case("general") => f,
        _ => f.set_num_format(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_width_round_trips_through_pixels() {
        // Calibri 11: Excel's 64-pixel default column is stored as 9.140625.
        assert_eq!(col_width_px(9.140625, 7), 64);
        assert_eq!(col_width_px(10.7109375, 7), 75);
        assert_eq!(col_width_px(0.0, 7), 0);
    }

    #[test]
    fn song_ti_12_uses_eight_pixel_digits() {
        let mut style = calamine::Style::default();
        let mut font = calamine::Font::default();
        font.name = Some("宋体".into());
        font.size = Some(12.0);
        style.font = Some(font);
        let base = BaseFont::from_styles(&[style]).expect("non-default font");
        assert_eq!((base.digit_px, base.default_col_px), (8, 72));
    }
}
