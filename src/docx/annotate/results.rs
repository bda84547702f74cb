//! The 审核结果 section appended at the end of the body: a heading on a
//! new page, the intro lines, and one table row per finding.

use super::super::wml::{
    paragraph, run, table, text_paragraph, Align, ParaStyle, RunStyle, TableCell, TableRow,
};
use super::{MarkLevel, ResultsSection};

/// Relative column widths by header; a column not listed gets 1.5.
fn weight(column: &str) -> f64 {
    match column {
        "级别" => 1.0,
        "规则" => 1.4,
        "位置" => 1.6,
        "说明" => 5.0,
        _ => 1.5,
    }
}

const HEADER_FILL: &str = "D9D9D9";
const TABLE_TEXT: f32 = 9.0;

/// The section's XML, to be inserted before the body's final `w:sectPr`.
pub(crate) fn section(results: &ResultsSection, text_width: u32) -> String {
    let mut out = paragraph(
        &ParaStyle {
            keep_next: true,
            page_break_before: true,
            space_after: Some(12.0),
            align: Some(Align::Center),
            outline: Some(0),
            ..ParaStyle::default()
        },
        &run(
            &results.title,
            &RunStyle {
                bold: true,
                size: Some(16.0),
                ..RunStyle::default()
            },
        ),
    );
    for line in &results.intro {
        out.push_str(&text_paragraph(
            line,
            &ParaStyle {
                space_after: Some(6.0),
                ..ParaStyle::default()
            },
            &RunStyle::default(),
        ));
    }
    if results.columns.is_empty() {
        return out;
    }
    let total: f64 = results.columns.iter().map(|c| weight(c)).sum();
    let widths: Vec<u32> = results
        .columns
        .iter()
        .map(|c| ((weight(c) / total) * f64::from(text_width)).floor() as u32)
        .collect();
    let level_col = results.columns.iter().position(|c| c == "级别");
    let cell_text = RunStyle {
        size: Some(TABLE_TEXT),
        ..RunStyle::default()
    };
    let left = ParaStyle {
        align: Some(Align::Left),
        ..ParaStyle::default()
    };
    let mut rows = vec![TableRow {
        header: true,
        cant_split: true,
        cells: results
            .columns
            .iter()
            .map(|c| TableCell {
                fill: Some(HEADER_FILL.to_string()),
                ..TableCell::text(
                    c,
                    &ParaStyle {
                        align: Some(Align::Center),
                        ..ParaStyle::default()
                    },
                    &RunStyle {
                        bold: true,
                        ..cell_text.clone()
                    },
                )
            })
            .collect(),
        ..TableRow::default()
    }];
    for r in &results.rows {
        let cells = (0..results.columns.len())
            .map(|i| {
                let text = r.get(i).map_or("", String::as_str);
                let fill = (Some(i) == level_col)
                    .then(|| MarkLevel::from_label(text))
                    .flatten()
                    .map(|l| l.fill().to_string());
                TableCell {
                    fill,
                    ..TableCell::text(text, &left, &cell_text)
                }
            })
            .collect();
        rows.push(TableRow {
            cells,
            cant_split: true,
            ..TableRow::default()
        });
    }
    out.push_str(&table(&widths, &rows));
    // A table may not be the last thing before the section properties in
    // Word's eyes; an empty paragraph closes the section cleanly.
    out.push_str("<w:p/>");
    out
}
