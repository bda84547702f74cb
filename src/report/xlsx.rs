//! The annotated workbook (design.md §7): the input reproduced sheet by
//! sheet with the findings marked on their cells (fill by severity and a
//! note), preceded by 审核结果 and followed by 评分复核, 勾稽关系 and
//! 规则说明.

mod carried;
mod copy;
mod kit;
pub(crate) mod marks;
mod names;
pub mod patch_marks;
mod relations_sheet;
mod review_sheet;
mod rules_sheet;
mod style;
pub(crate) mod summary_sheet;

pub use kit::as_number;

use crate::outcome::FileReport;
use crate::workbook::{Format as InputFormat, Workbook};
use rust_xlsxwriter::{DocProperties, Workbook as OutBook, XlsxError};
use std::collections::HashMap;

/// The checked copy as xlsx bytes (the caller contains panics and places
/// the file), with the 评分复核 laid out from the report's facts.
pub fn checked_workbook_bytes(wb: &Workbook, report: &FileReport) -> Result<Vec<u8>, String> {
    build_checked_workbook(wb, report, &super::review::tables(report))
}

/// [`checked_workbook_bytes`] with the review tables given.
pub fn build_checked_workbook(
    wb: &Workbook,
    report: &FileReport,
    reviews: &[super::review::ReviewTable],
) -> Result<Vec<u8>, String> {
    build(wb, report, reviews).map_err(|e| format!("无法生成标注工作簿：{e}"))
}

fn build(
    wb: &Workbook,
    report: &FileReport,
    reviews: &[super::review::ReviewTable],
) -> Result<Vec<u8>, XlsxError> {
    let names = names::SheetNames::allocate(wb.sheets.iter().map(|s| &*s.name));
    let sheet_names: HashMap<&str, &str> = wb
        .sheets
        .iter()
        .zip(&names.originals)
        .map(|(s, n)| (&*s.name, n.as_str()))
        .collect();
    let mut extra = Vec::new();
    for (s, n) in wb.sheets.iter().zip(&names.originals) {
        if *s.name != **n {
            extra.push(format!(
                "工作表名“{}”不符合 Excel 的命名规则，标注副本中改为“{n}”",
                s.name
            ));
        }
    }
    extra.push(carried::rebuild_note(wb.format));

    let mut book = OutBook::new();
    // Fastest deflate: the copy grows by about a third (70 KB → 100 KB for
    // the 决算 sample) but compressing at the default level was a quarter
    // of the CPU time of a whole check.
    book.set_zip_compression_level(1);
    book.set_properties(
        &DocProperties::new()
            .set_title("审表 审核结果")
            .set_author("审表 shenbiao")
            .set_comment("由审表（shenbiao）自动生成的标注副本"),
    );
    let base = style::BaseFont::from_styles(&wb.styles);
    if let Some(b) = &base {
        book.set_default_format(&b.format(), b.default_row_px, b.default_col_px)?;
    }
    let digit_px = base.as_ref().map_or(7, |b| b.digit_px);
    let kit = kit::Kit::new();

    // 审核结果 comes first; it is filled last, once the copy has said what
    // it could not reproduce.
    book.add_worksheet().set_name(&names.summary)?;

    let marks = marks::collect(wb, report);
    let mut styles = style::StyleMap::new(&wb.styles, base.as_ref());
    for (idx, (sheet, name)) in wb.sheets.iter().zip(&names.originals).enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(name)?;
        let mut notes = copy::CopyNotes::default();
        copy::copy_sheet(
            ws,
            sheet,
            &mut styles,
            digit_px,
            marks.get(&idx),
            &mut notes,
            wb.format != InputFormat::Ods,
        )?;
        if notes.skipped_merges > 0 {
            extra.push(format!(
                "工作表“{}”有 {} 处合并单元格重叠、越界或过大，标注副本中未合并",
                sheet.name, notes.skipped_merges
            ));
        }
        if notes.skipped_cells > 0 {
            extra.push(format!(
                "工作表“{}”有 {} 个单元格超出 Excel 的行列范围，标注副本中未写入",
                sheet.name, notes.skipped_cells
            ));
        }
    }

    write_after(&mut book, report, reviews, &names, &sheet_names, &kit)?;
    let ws = book.worksheet_from_index(0)?;
    summary_sheet::write(ws, report, &sheet_names, &extra, false, &kit)?;
    book.save_to_buffer()
}

/// 评分复核, 勾稽关系 and 规则说明, when the report has them.
fn write_after(
    book: &mut OutBook,
    report: &FileReport,
    reviews: &[super::review::ReviewTable],
    names: &names::SheetNames,
    sheet_names: &HashMap<&str, &str>,
    kit: &kit::Kit,
) -> Result<(), XlsxError> {
    if !reviews.is_empty() {
        let ws = book.add_worksheet();
        ws.set_name(&names.review)?;
        review_sheet::write(ws, reviews, sheet_names, kit)?;
    }
    if summary_sheet::has_final_accounts(report) {
        // Written row by row, so it can go straight to disk: with tens of
        // thousands of relations this is the largest sheet of the copy.
        let ws = book.add_worksheet_with_constant_memory()?;
        ws.set_name(&names.relations)?;
        relations_sheet::write(ws, report, sheet_names, &names.relations, kit)?;
    }

    let fired = rules_sheet::fired(report);
    if !fired.is_empty() {
        let ws = book.add_worksheet();
        ws.set_name(&names.rules)?;
        rules_sheet::write(ws, &fired, kit)?;
    }
    Ok(())
}

/// Only the result sheets (审核结果, 评分复核, 勾稽关系), for patch mode to
/// add to the user's own package: their links point at the input's sheets
/// by their own names (`sheets`, in workbook order), and their names avoid
/// those sheets' names.
pub fn results_workbook_bytes(
    sheets: &[&str],
    report: &FileReport,
    extra: &[String],
) -> Result<Vec<u8>, String> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let names = names::SheetNames::allocate(sheets.iter().copied());
        let sheet_names: HashMap<&str, &str> = sheets.iter().map(|s| (*s, *s)).collect();
        let kit = kit::Kit::new();
        let mut book = OutBook::new();
        // Patch mode inflates these parts again at once.
        book.set_zip_compression_level(1);
        let ws = book.add_worksheet();
        ws.set_name(&names.summary)?;
        summary_sheet::write(ws, report, &sheet_names, extra, true, &kit)?;
        let reviews = super::review::tables(report);
        write_after(&mut book, report, &reviews, &names, &sheet_names, &kit)?;
        book.save_to_buffer()
    };
    build().map_err(|e| format!("无法生成审核结果工作表：{e}"))
}
