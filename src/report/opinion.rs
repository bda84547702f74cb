//! The 审核意见: one paragraph a reviewer can paste into their reply, the
//! same in the JSON (`opinion`), on 审核结果 and on the page. Errors come
//! first, then warnings, each with its cell; infos are only counted, since a
//! reply that lists rounding gaps buries what must be corrected.

use crate::outcome::{FileReport, Status};
use crate::rules::{Finding, Severity};

/// The paragraph for one file.
pub fn opinion(report: &FileReport) -> String {
    match report.status {
        Status::Unreadable => {
            let why = report
                .error
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_default();
            return format!(
                "文件无法读取（{}），未能审核。请检查文件后重新报送。",
                why.trim_end_matches('。')
            );
        }
        Status::NoForms => {
            return "未识别到项目支出绩效自评表或部门决算公开表，未能审核。".into();
        }
        Status::Checked => {}
    }
    let ordered = super::order::by_severity(report);
    let sheets: std::collections::BTreeSet<&str> =
        ordered.iter().map(|f| f.sheet.as_str()).collect();
    let items: Vec<String> = ordered
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| item(f, (sheets.len() > 1).then(|| place(report, &f.sheet))))
        .collect();
    let infos = report.count(Severity::Info);
    let mut out = if items.is_empty() {
        "经审核，未发现错误或警告".to_string()
    } else {
        items.join("；")
    };
    out.push('。');
    if infos > 0 {
        out.push_str(&format!("另有 {infos} 条提示，供参考。"));
    }
    if !items.is_empty() {
        out.push_str("请核实后重新报送。");
    }
    out
}

/// "总分填报96分……应为97分（H27）": the finding's message with where it is
/// (`sheet` named when the findings are on more than one).
fn item(f: &Finding, sheet: Option<&str>) -> String {
    let message = f.message.trim().trim_end_matches(['。', '；', ';', '.']);
    let cell = f.cell.rsplit('!').next().unwrap_or(&f.cell);
    match sheet {
        Some(sheet) => format!("{message}（{sheet} {cell}）"),
        None => format!("{message}（{cell}）"),
    }
}

/// A sheet as a reader names it: the 决算 table it holds (公开01), else its
/// name.
fn place<'a>(report: &'a FileReport, sheet: &'a str) -> &'a str {
    report
        .summaries()
        .filter(|s| s.sheet == sheet)
        .find_map(|s| s.table.as_deref().filter(|t| !t.is_empty()))
        .unwrap_or(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{FormReport, OutcomeCounts};
    use crate::rules::self_eval::{ZP_07, ZP_24};

    fn finding(
        rule: &'static crate::rules::Rule,
        severity: Severity,
        sheet: &str,
        cell: &str,
        message: &str,
    ) -> Finding {
        Finding {
            rule,
            severity,
            sheet: sheet.into(),
            cell: cell.into(),
            related: vec![],
            message: message.into(),
            expected: None,
            actual: None,
            quote: None,
        }
    }

    fn report(findings: Vec<Finding>) -> FileReport {
        FileReport {
            file: "a.xlsx".into(),
            status: Status::Checked,
            error: None,
            forms: vec![FormReport {
                summaries: vec![],
                findings,
                outcomes: OutcomeCounts::default(),
                detail: None,
            }],
            notes: vec![],
            not_found: None,
            sha256: None,
        }
    }

    #[test]
    fn errors_then_warnings_with_their_cells_and_infos_counted() {
        let r = report(vec![
            finding(&ZP_07, Severity::Info, "自评表", "F9", "尾数差 0.01"),
            finding(
                &ZP_07,
                Severity::Warning,
                "自评表",
                "H26",
                "满意度指标“未开展”却得满分",
            ),
            finding(
                &ZP_24,
                Severity::Error,
                "自评表",
                "H27",
                "总分填报96分，应为97分。",
            ),
        ]);
        assert_eq!(
            opinion(&r),
            "总分填报96分，应为97分（H27）；满意度指标“未开展”却得满分（H26）。\
             另有 1 条提示，供参考。请核实后重新报送。"
        );
    }

    #[test]
    fn a_clean_file_says_so_and_names_sheets_only_when_several() {
        assert_eq!(opinion(&report(vec![])), "经审核，未发现错误或警告。");
        let r = report(vec![
            finding(&ZP_24, Severity::Error, "公开01表", "B7", "合计不符"),
            finding(&ZP_24, Severity::Error, "公开02表", "C8", "合计不符"),
        ]);
        assert_eq!(
            opinion(&r),
            "合计不符（公开01表 B7）；合计不符（公开02表 C8）。请核实后重新报送。"
        );
    }
}
