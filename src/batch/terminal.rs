//! The short human summary a run prints on stderr.

use super::RunSummary;
use crate::outcome::Status;
use crate::report::summary::{FileRow, SUMMARY_FILE};
use crate::scheme::cli_wording;

/// Per-file lines are listed in full up to this many files; above it only
/// files with errors or that could not be read are, up to the same count.
pub const DETAIL_LINES: usize = 20;

pub fn summary_text(s: &RunSummary) -> String {
    let mut out = String::new();
    let many = s.tally.files > DETAIL_LINES;
    if many && !s.listed.is_empty() {
        out.push_str("有错误或无法读取的文件：\n");
    }
    for r in &s.listed {
        out.push_str(&file_line(r));
        if !many {
            for n in &r.notes {
                out.push_str(&format!("    注：{}\n", cli_wording(n)));
            }
        }
    }
    if s.unlisted > 0 {
        out.push_str(&format!(
            "  ……另有 {} 个，详见 {}\n",
            s.unlisted,
            if s.summary_written {
                SUMMARY_FILE
            } else {
                "findings.csv"
            }
        ));
    }
    for n in &s.notes {
        out.push_str(&format!("注：{}\n", cli_wording(n)));
    }
    let t = &s.tally;
    let rows: [(&str, String); 6] = [
        ("检查文件", t.files.to_string()),
        ("有错误", t.with_errors.to_string()),
        ("无法读取", t.unreadable.to_string()),
        ("未识别到表格", t.no_forms.to_string()),
        (
            "错误/警告/提示",
            format!("{} / {} / {}", t.errors, t.warnings, t.infos),
        ),
        ("用时", format!("{:.2} 秒", s.elapsed.as_secs_f64())),
    ];
    out.push_str("── 审核汇总 ──\n");
    for (label, value) in rows {
        let pad = 16usize.saturating_sub(
            label
                .chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum(),
        );
        out.push_str(&format!("  {label}{}{value}\n", " ".repeat(pad)));
    }
    // Every run says where its outputs are, whatever was asked for.
    out.push_str(&format!("  结果文件夹      {}\n", s.out_dir.display()));
    if s.summary_written {
        out.push_str(&format!(
            "  汇总表          {}\n",
            s.out_dir.join(SUMMARY_FILE).display()
        ));
    }
    out
}

/// ✗ errors, ⚠ warnings, ℹ infos only, ✓ nothing to report.
fn mark(r: &FileRow) -> &'static str {
    if r.errors > 0 {
        "✗"
    } else if r.warnings > 0 {
        "⚠"
    } else if r.infos > 0 {
        "ℹ"
    } else {
        "✓"
    }
}

fn file_line(r: &FileRow) -> String {
    match r.status {
        Status::Unreadable => format!(
            "✗ {}：无法读取 — {}\n",
            r.file,
            r.error.as_deref().unwrap_or("")
        ),
        Status::NoForms => format!(
            "· {}：{}\n",
            r.file,
            r.error.as_deref().unwrap_or("未识别到自评表或决算表")
        ),
        Status::Checked => format!(
            "{} {}：{}，错误 {}，警告 {}，提示 {}\n",
            mark(r),
            r.file,
            r.forms,
            r.errors,
            r.warnings,
            r.infos
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(errors: usize, warnings: usize, infos: usize) -> FileRow {
        FileRow {
            index: 0,
            file: "a.xlsx".into(),
            checked: None,
            status: Status::Checked,
            error: None,
            forms: "项目支出绩效自评表".into(),
            unit: String::new(),
            subject: String::new(),
            score_declared: String::new(),
            score_computed: String::new(),
            rating_declared: String::new(),
            rating_computed: String::new(),
            errors,
            warnings,
            infos,
            notes: vec![],
        }
    }

    #[test]
    fn marks_follow_the_worst_severity() {
        assert!(file_line(&row(1, 1, 0)).starts_with("✗ a.xlsx"));
        assert!(file_line(&row(0, 2, 1)).starts_with("⚠ a.xlsx"));
        assert!(file_line(&row(0, 0, 3)).starts_with("ℹ a.xlsx"));
        assert!(file_line(&row(0, 0, 0)).starts_with("✓ a.xlsx"));
    }

    #[test]
    fn every_run_names_its_output_folder() {
        let s = RunSummary {
            tally: Default::default(),
            listed: vec![row(0, 0, 0)],
            unlisted: 0,
            notes: vec![],
            write_failures: 0,
            out_dir: "out".into(),
            summary_written: false,
            elapsed: Default::default(),
        };
        let text = summary_text(&s);
        assert!(text.contains("  结果文件夹      out\n"), "{text}");
        assert!(!text.contains("汇总表"), "{text}");
    }
}
