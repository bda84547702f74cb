//! The checked copy of a Word document: the findings as Word comments on
//! the flagged table cells and sentences, cell shading by severity, and a
//! 审核结果 section at the end — the user's package patched by
//! [`crate::docx::annotate`], every other part copied byte for byte.

use super::order::by_severity;
use super::xlsx::marks::{finding_body, finding_pos};
use super::xlsx::summary_sheet::form_line;
use crate::docx::{annotate, DocMark, DocTarget, Document, MarkLevel, ResultsSection};
use crate::outcome::{FileReport, FormKind};
use crate::rules::{Finding, Severity};

use crate::forms::narrative::SHEET as PROSE_SHEET;

/// The annotated .docx as bytes, made from `input`, the bytes `doc` was
/// read from (the caller contains panics and places the file).
pub fn checked_document_bytes(
    input: &[u8],
    doc: &Document,
    report: &FileReport,
) -> Result<Vec<u8>, String> {
    // Errors first, as in 审核结果: a document's reader scans the section
    // top down; within a level the forms keep their order.
    let findings = by_severity(report);
    let marks: Vec<DocMark> = findings
        .iter()
        .filter_map(|f| {
            let target = target(f)?;
            target.exists_in(doc).then(|| DocMark {
                target,
                level: level(f.severity),
                label: format!("{} {}", f.rule.code, f.rule.title),
                text: finding_body(f),
            })
        })
        .collect();
    annotate(input, doc, &marks, &results(report, &findings))
        .map_err(|e| format!("无法生成标注文档：{e}"))
}

/// Where in the document a finding points: 正文 / 第N段 (with its quote),
/// or a cell of table `表N`.
pub fn target(f: &Finding) -> Option<DocTarget> {
    if f.sheet == PROSE_SHEET {
        let number = f
            .cell
            .strip_prefix('第')?
            .strip_suffix('段')?
            .parse()
            .ok()?;
        return Some(DocTarget::Paragraph {
            number,
            quote: f.quote.clone(),
        });
    }
    let (row, col) = finding_pos(&f.cell)?;
    Some(DocTarget::Cell {
        table: f.sheet.clone(),
        row,
        col,
    })
}

fn level(s: Severity) -> MarkLevel {
    match s {
        Severity::Error => MarkLevel::Error,
        Severity::Warning => MarkLevel::Warning,
        Severity::Info => MarkLevel::Info,
    }
}

/// The 审核结果 section: the verdict and counts, the forms found, the
/// reading notes, then one row per finding.
fn results(report: &FileReport, findings: &[&Finding]) -> ResultsSection {
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| format!("{} {}", s.label(), report.count(s)))
        .join("　");
    let mut intro = vec![format!("结论：{}　{counts}", report.verdict().label())];
    let (prose, tables): (Vec<_>, Vec<_>) = report
        .summaries()
        .partition(|s| s.kind == FormKind::Narrative);
    if tables.is_empty() {
        intro.push("识别到的表格：无".into());
    } else {
        intro.push(format!("识别到的表格（{} 张）：", tables.len()));
        // A Word table is named 表N already: no 工作表 to speak of.
        intro.extend(
            tables
                .into_iter()
                .map(|s| form_line(s).replacen("工作表“", "“", 1)),
        );
    }
    for s in prose {
        intro.push(format!(
            "情况说明的文字已与表格核对（{}）；未能对应到表中数字的语句记为“无法校验”，见 findings JSON 的 unchecked",
            s.range.replace(':', "–")
        ));
    }
    intro.extend(report.notes.iter().map(|n| format!("说明：{n}")));
    let rows = findings
        .iter()
        .map(|f| {
            let place = if f.sheet == PROSE_SHEET {
                format!("{PROSE_SHEET} {}", f.cell)
            } else {
                format!("{}!{}", f.sheet, f.cell)
            };
            vec![
                f.severity.label().to_string(),
                f.rule.code.to_string(),
                place,
                f.message.clone(),
                f.expected.clone().unwrap_or_default(),
                f.actual.clone().unwrap_or_default(),
            ]
        })
        .collect();
    ResultsSection {
        title: "审核结果".into(),
        intro,
        columns: ["级别", "规则", "位置", "说明", "应为", "实为"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}
