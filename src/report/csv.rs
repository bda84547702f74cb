//! findings.csv across all files: UTF-8 with a BOM so Excel opens it as
//! Chinese text.

use crate::outcome::FileReport;
use std::io::Write;

pub const HEADER: [&str; 10] = [
    "文件",
    "状态",
    "级别",
    "规则",
    "规则名称",
    "工作表",
    "单元格",
    "说明",
    "应为",
    "实为",
];

/// Streaming writer: one header, then rows as files finish.
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W) -> std::io::Result<Self> {
        out.write_all("\u{feff}".as_bytes())?;
        let mut inner = csv::Writer::from_writer(out);
        inner.write_record(HEADER)?;
        Ok(CsvWriter { inner })
    }

    /// One row per finding; a file without findings still gets one row with
    /// its status, so every input appears.
    pub fn write_report(&mut self, report: &FileReport) -> std::io::Result<()> {
        let verdict = report.verdict().label();
        if report.findings().next().is_none() {
            let msg = report
                .error
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_default();
            self.inner.write_record([
                report.file.as_str(),
                verdict,
                "",
                "",
                "",
                "",
                "",
                msg.as_str(),
                "",
                "",
            ])?;
        }
        for f in report.findings() {
            self.inner.write_record([
                report.file.as_str(),
                verdict,
                f.severity.label(),
                f.rule.code,
                f.rule.title,
                f.sheet.as_str(),
                f.cell.as_str(),
                f.message.as_str(),
                f.expected.as_deref().unwrap_or(""),
                f.actual.as_deref().unwrap_or(""),
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.inner.flush()?;
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}
