//! shenbiao (审表): checks Chinese public-finance workbooks — 项目支出绩效自评表
//! and 部门决算公开表 — and hands back an annotated copy.
//!
//! Pipeline (design.md §2): open → detect → extract → check → report.

pub mod amount;
pub mod cli_text;
pub mod forms;
pub mod output;
pub mod platform;
pub mod report;
pub mod rules;
pub mod scheme;
pub mod serve;
pub mod template;
pub mod workbook;

use report::{FileReport, Status};
use std::path::Path;
use workbook::{Limits, Workbook};

/// What a check run may vary.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    pub scheme: scheme::Scheme,
    /// True when the user named a scheme; otherwise local conventions are
    /// recognised and reported as such.
    pub scheme_chosen: bool,
}

/// Check one file. Returns the report and, when the file could be read, the
/// workbook (for the annotated copy). Never panics on bad input: a panic in
/// a dependency becomes an `unreadable` status.
pub fn check_file(path: &Path, opts: &Options) -> (FileReport, Option<Workbook>) {
    let name = path.display().to_string();
    let result =
        workbook::contain::contained(|| match workbook::open_workbook(path, &opts.limits) {
            Ok(wb) => {
                let report = check_workbook(&name, &wb, opts);
                (report, Some(wb))
            }
            Err(e) => (FileReport::unreadable(&name, e.message), None),
        });
    result.unwrap_or_else(|_| {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone());
        (
            FileReport::unreadable(
                &name,
                format!("文件解析失败：{file}（文件结构异常，读取时出错）"),
            ),
            None,
        )
    })
}

/// Detect, extract and check every form in an already-read workbook.
pub fn check_workbook(name: &str, wb: &Workbook, opts: &Options) -> FileReport {
    let mut report = FileReport {
        file: name.to_string(),
        status: Status::Checked,
        error: None,
        forms: Vec::new(),
        findings: Vec::new(),
        checks: Vec::new(),
        reviews: Vec::new(),
        notes: Vec::new(),
    };
    forms::check_all(wb, opts, &mut report);
    if report.forms.is_empty() {
        report.status = Status::NoForms;
    }
    if wb.date_1904 {
        report.notes.push(
            "工作簿使用 1904 日期系统（Mac 版 Excel），日期已按该系统换算；金额不受影响".into(),
        );
    }
    for s in wb.sheets.iter().filter(|s| s.hidden) {
        report
            .notes
            .push(format!("工作表“{}”为隐藏工作表，已一并检查", s.name));
    }
    report
}
