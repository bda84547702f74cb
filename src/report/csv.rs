//! findings.csv across all files: UTF-8 with a BOM so Excel opens it as
//! Chinese text.

use crate::outcome::FileReport;
use std::borrow::Cow;
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
            self.inner.write_record(
                [
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
                ]
                .map(as_text)
                .iter()
                .map(|c| c.as_bytes()),
            )?;
        }
        for f in report.findings() {
            self.inner.write_record(
                [
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
                ]
                .map(as_text)
                .iter()
                .map(|c| c.as_bytes()),
            )?;
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

/// A field Excel or WPS would run as a formula when the CSV is opened (it
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return: a sheet name
/// or cell text from the input can) is prefixed with `'`, as OWASP advises
/// against CSV injection. A plain negative number such as `-5` or
/// `-1,234.50` is left as it is: it is data, not a formula.
fn as_text(field: &str) -> Cow<'_, str> {
    let risky = match field.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => true,
        Some('-') => !is_plain_number(&field[1..]),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

fn is_plain_number(s: &str) -> bool {
    let s = s.strip_suffix('%').unwrap_or(s);
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::as_text;

    #[test]
    fn formula_like_fields_are_written_as_text() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "@SUM(A1)",
            "-1+cmd",
            "-",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(as_text(risky), format!("'{risky}"), "{risky:?}");
        }
    }

    #[test]
    fn data_is_left_alone() {
        for plain in ["-5", "-1,234.50", "-12.5%", "自评表", "F37", "", "0.00"] {
            assert_eq!(as_text(plain), plain, "{plain:?}");
        }
    }
}
