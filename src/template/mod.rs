//! Blank standard forms (`shenbiao template KIND -o FILE`): the labels of
//! the national layouts, formulas for what is derived, validation on what is
//! typed, labels locked and inputs unlocked, so a clerk starts from a form
//! shenbiao reads without guessing. Each builder can also fill the form
//! (tests write consistent numbers through the same layout).

pub mod final_accounts;
pub mod self_eval;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Worksheet, XlsxError,
};
use std::path::Path;

/// Which blank form to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 项目支出绩效自评表（全国版式）
    #[value(alias = "自评表")]
    SelfEval,
    /// 部门决算公开表（公开01–09，每表一个工作表）
    #[value(alias = "决算表")]
    FinalAccounts,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::SelfEval => "项目支出绩效自评表",
            Kind::FinalAccounts => "部门决算公开表",
        }
    }
}

/// Write the blank form of `kind` to `path`.
pub fn write(kind: Kind, path: &Path) -> Result<(), String> {
    if path.extension().and_then(|e| e.to_str()) != Some("xlsx") {
        return Err(format!("输出文件应以 .xlsx 结尾：{}", path.display()));
    }
    let mut wb = match kind {
        Kind::SelfEval => self_eval::workbook(None),
        Kind::FinalAccounts => final_accounts::workbook(None),
    }
    .map_err(|e| format!("生成模板失败：{e}"))?;
    wb.save(path)
        .map_err(|e| format!("无法写出 {}：{e}", path.display()))
}

const FONT: &str = "宋体";

/// The cell styles every template uses.
pub(crate) struct Styles {
    pub title: Format,
    pub caption: Format,
    /// Locked label, centred.
    pub head: Format,
    /// Locked label, left-aligned.
    pub label: Format,
    /// Locked fixed number (分值 10, 满分 100).
    pub fixed: Format,
    /// Unlocked text input.
    pub text_in: Format,
    /// Unlocked amount input (万元, two decimals).
    pub money_in: Format,
    /// Unlocked score input.
    pub score_in: Format,
    /// Locked formula result, two decimals.
    pub formula: Format,
    /// Locked formula result as a percent.
    pub percent: Format,
    /// Locked cell that is not filled on this line (grey).
    pub unused: Format,
}

impl Styles {
    pub fn new() -> Self {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_border(FormatBorder::Thin);
        let input = base.clone().set_unlocked().set_background_color(0xFFFDE7);
        Styles {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            caption: Format::new()
                .set_font_name(FONT)
                .set_font_size(10)
                .set_align(FormatAlign::VerticalCenter),
            head: base.clone().set_align(FormatAlign::Center).set_bold(),
            label: base.clone().set_align(FormatAlign::Left),
            fixed: base.clone().set_align(FormatAlign::Center),
            text_in: input.clone().set_align(FormatAlign::Left),
            money_in: input
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("#,##0.00"),
            score_in: input.set_align(FormatAlign::Center).set_num_format("0.##"),
            formula: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
            percent: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00%"),
            unused: base
                .set_align(FormatAlign::Center)
                .set_background_color(0xEDEDED),
        }
    }
}

/// Amounts must be numbers ≥ 0 (万元).
pub(crate) fn money_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("金额有误")?
        .set_error_message("请填写不小于 0 的数字（单位：万元）。")
}

/// Protect the sheet without a password: labels and formulas stay as they
/// are, inputs (unlocked) can be typed; columns and rows can still be resized.
pub(crate) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// A4, one page wide, centred, narrow margins.
pub(crate) fn print_a4(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
}

/// Display width of a label in Excel character units: CJK characters
/// count double.
pub(crate) fn text_width(s: &str) -> f64 {
    s.split('\n')
        .map(|l| {
            l.chars()
                .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}
