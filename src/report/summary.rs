//! The batch summary `汇总.xlsx` (design.md §7): one row per input file,
//! worst first, linking to its checked workbook, and a second sheet with
//! every finding of every file.
//!
//! Memory stays flat however many files a batch holds: each file's row and
//! findings are spooled to an anonymous temp file as the file finishes (only
//! its sort key and offsets stay in memory), and both sheets are written in
//! rust_xlsxwriter's constant-memory mode.

use crate::outcome::{DeclaredComputed, FileReport, FormKind, Status, Verdict};
use crate::rules::{find_rule, Finding, Severity};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatUnderline, Formula, Workbook, Worksheet,
    XlsxError,
};
use std::fs::File;
use std::io::{BufWriter, Seek, Write};

/// File name of the batch summary inside the output folder.
pub const SUMMARY_FILE: &str = "汇总.xlsx";

/// What 汇总.xlsx and the stderr summary need to know about one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    /// Position in the input list (ties in the worst-first order keep it).
    pub index: usize,
    /// Input path as given.
    pub file: String,
    /// File name of the checked workbook in the output folder, when written.
    pub checked: Option<String>,
    pub status: Status,
    pub error: Option<String>,
    /// Kinds of form found, e.g. "项目支出绩效自评表" or "部门决算公开表（9 张）".
    pub forms: String,
    /// The 单位 of each form that names one (实施单位, else 主管部门).
    pub unit: String,
    /// 项目名称 of each self-evaluation, or the set of 决算 tables.
    pub subject: String,
    pub score_declared: String,
    pub score_computed: String,
    pub rating_declared: String,
    pub rating_computed: String,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub notes: Vec<String>,
}

impl FileRow {
    pub fn from_report(index: usize, report: &FileReport, checked: Option<String>) -> FileRow {
        let mut self_evals = 0;
        let mut frameworks = 0;
        let mut narrative = false;
        let mut tables = Vec::new();
        let mut subjects = Vec::new();
        let mut units: Vec<String> = Vec::new();
        let (mut sd, mut sc, mut rd, mut rc) = (vec![], vec![], vec![], vec![]);
        for f in report.summaries() {
            if let Some(u) = f.unit.as_ref().filter(|u| !units.contains(u)) {
                units.push(u.clone());
            }
            match f.kind {
                FormKind::SelfEvaluation => self_evals += 1,
                FormKind::EvaluationFramework => frameworks += 1,
                FormKind::FinalAccounts => {
                    tables.push(f.table.clone().unwrap_or_else(|| f.title.clone()));
                    continue;
                }
                FormKind::Narrative => {
                    narrative = true;
                    continue;
                }
            }
            subjects.push(f.title.clone());
            let dc = |d: &Option<DeclaredComputed>| {
                d.as_ref().map_or((String::new(), String::new()), |d| {
                    (
                        d.declared.clone().unwrap_or_default(),
                        d.computed.clone().unwrap_or_default(),
                    )
                })
            };
            let (a, b) = dc(&f.score);
            sd.push(a);
            sc.push(b);
            let (a, b) = dc(&f.rating);
            rd.push(a);
            rc.push(b);
        }
        let mut forms = Vec::new();
        let counted = |label: &str, n: usize| match n {
            1 => label.to_string(),
            n => format!("{label}（{n} 张）"),
        };
        if self_evals > 0 {
            forms.push(counted(FormKind::SelfEvaluation.label(), self_evals));
        }
        if frameworks > 0 {
            forms.push(counted(FormKind::EvaluationFramework.label(), frameworks));
        }
        if !tables.is_empty() {
            forms.push(counted(FormKind::FinalAccounts.label(), tables.len()));
            subjects.push(tables.join("、"));
        }
        if narrative {
            forms.push(FormKind::Narrative.label().to_string());
        }
        // An evaluation's parts (指标体系, 自评报告) state one score: shown
        // once, as "98" rather than "98；98", and a part without a rating
        // adds no empty entry.
        let parts_of_one = self_evals == 0 && frameworks > 0;
        let join = |v: Vec<String>| {
            if v.iter().all(String::is_empty) {
                String::new()
            } else if parts_of_one {
                let mut distinct: Vec<String> = Vec::new();
                for x in v.into_iter().filter(|x| !x.is_empty()) {
                    if !distinct.contains(&x) {
                        distinct.push(x);
                    }
                }
                distinct.join("；")
            } else {
                v.join("；")
            }
        };
        FileRow {
            index,
            file: report.file.clone(),
            checked,
            status: report.status,
            error: report
                .error
                .as_ref()
                .map(|e| e.to_string())
                .or_else(|| report.not_found.clone()),
            forms: forms.join("；"),
            unit: units.join("；"),
            subject: subjects.join("；"),
            score_declared: join(sd),
            score_computed: join(sc),
            rating_declared: join(rd),
            rating_computed: join(rc),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            notes: report.notes.clone(),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }

    /// The same verdict as [`FileReport::verdict`].
    pub fn verdict(&self) -> Verdict {
        Verdict::of(self.status, self.errors, self.warnings, self.infos)
    }

    /// Sort key, worst first: errors, then files that could not be checked,
    /// then warnings, hints, clean files; more findings first within a
    /// class, input order last so the order never depends on timing.
    fn rank(&self) -> (u8, std::cmp::Reverse<(usize, usize, usize)>, usize) {
        let class = match self.status {
            Status::Checked if self.errors > 0 => 0,
            Status::Unreadable => 1,
            Status::NoForms => 2,
            Status::Checked if self.warnings > 0 => 3,
            Status::Checked if self.infos > 0 => 4,
            Status::Checked => 5,
        };
        (
            class,
            std::cmp::Reverse((self.errors, self.warnings, self.infos)),
            self.index,
        )
    }
}

/// Counts over a whole batch, for the title of 汇总.xlsx, the stderr
/// summary and the exit code.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    /// Files by verdict.
    pub with_errors: usize,
    pub with_warnings: usize,
    pub hints_only: usize,
    pub passed: usize,
    pub unreadable: usize,
    pub no_forms: usize,
    /// Findings by severity, over all files.
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn add(&mut self, r: &FileRow) {
        self.files += 1;
        match r.verdict() {
            Verdict::Errors => self.with_errors += 1,
            Verdict::Warnings => self.with_warnings += 1,
            Verdict::HintsOnly => self.hints_only += 1,
            Verdict::Passed => self.passed += 1,
            Verdict::Unreadable => self.unreadable += 1,
            Verdict::NoForms => self.no_forms += 1,
        }
        self.errors += r.errors;
        self.warnings += r.warnings;
        self.infos += r.infos;
    }

    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }
}

type Rank = (u8, std::cmp::Reverse<(usize, usize, usize)>, usize);

/// Where one file's row and findings sit in the spool, and its sort key.
struct Entry {
    rank: Rank,
    row: (u64, u64),
    findings: (u64, u64),
}

/// The batch as 汇总.xlsx needs it, spooled to an anonymous temp file as
/// files finish: per file only its sort key and two offsets stay in memory,
/// so memory does not grow with the number of files.
pub struct Spool {
    out: BufWriter<File>,
    len: u64,
    entries: Vec<Entry>,
    tally: Tally,
}

impl Spool {
    pub fn new() -> std::io::Result<Spool> {
        Ok(Spool {
            out: BufWriter::new(tempfile::tempfile()?),
            len: 0,
            entries: Vec::new(),
            tally: Tally::default(),
        })
    }

    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// Spool one file's row and findings.
    pub fn add<'a>(
        &mut self,
        row: &FileRow,
        findings: impl IntoIterator<Item = &'a Finding>,
    ) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        write_row(&mut w, row)?;
        let row_bytes = w.into_inner().map_err(|e| e.into_error())?;
        let mut w = csv::Writer::from_writer(Vec::new());
        for f in findings {
            w.write_record([
                f.severity.as_str(),
                f.rule.code,
                &f.sheet,
                &f.cell,
                &f.message,
                f.expected.as_deref().unwrap_or(""),
                f.actual.as_deref().unwrap_or(""),
                &f.related.join("、"),
            ])?;
        }
        let finding_bytes = w.into_inner().map_err(|e| e.into_error())?;
        let row_span = (self.len, row_bytes.len() as u64);
        let findings_span = (row_span.0 + row_span.1, finding_bytes.len() as u64);
        self.out.write_all(&row_bytes)?;
        self.out.write_all(&finding_bytes)?;
        self.len = findings_span.0 + findings_span.1;
        self.entries.push(Entry {
            rank: row.rank(),
            row: row_span,
            findings: findings_span,
        });
        self.tally.add(row);
        Ok(())
    }
}

const NOTE_SEPARATOR: char = '\u{1f}';

fn write_row<W: Write>(w: &mut csv::Writer<W>, r: &FileRow) -> csv::Result<()> {
    let status = match r.status {
        Status::Checked => "checked",
        Status::NoForms => "no_forms",
        Status::Unreadable => "unreadable",
    };
    let [index, errors, warnings, infos] =
        [r.index, r.errors, r.warnings, r.infos].map(|n| n.to_string());
    let notes = r.notes.join(&NOTE_SEPARATOR.to_string());
    w.write_record([
        index.as_str(),
        &r.file,
        r.checked.as_deref().unwrap_or(""),
        status,
        r.error.as_deref().unwrap_or(""),
        &r.forms,
        &r.subject,
        &r.score_declared,
        &r.score_computed,
        &r.rating_declared,
        &r.rating_computed,
        &errors,
        &warnings,
        &infos,
        &notes,
        &r.unit,
    ])
}

fn read_row(file: &mut SpoolReader, span: (u64, u64)) -> std::io::Result<FileRow> {
    let record = read_records(file, span)?
        .into_iter()
        .next()
        .unwrap_or_default();
    let text = |n: usize| record.get(n).unwrap_or("").to_string();
    let number = |n: usize| record.get(n).and_then(|v| v.parse().ok()).unwrap_or(0);
    let optional = |n: usize| Some(text(n)).filter(|t| !t.is_empty());
    Ok(FileRow {
        index: number(0),
        file: text(1),
        checked: optional(2),
        status: match record.get(3) {
            Some("checked") => Status::Checked,
            Some("no_forms") => Status::NoForms,
            _ => Status::Unreadable,
        },
        error: optional(4),
        forms: text(5),
        // Written last so the other fields keep their places.
        unit: text(15),
        subject: text(6),
        score_declared: text(7),
        score_computed: text(8),
        rating_declared: text(9),
        rating_computed: text(10),
        errors: number(11),
        warnings: number(12),
        infos: number(13),
        notes: record
            .get(14)
            .filter(|n| !n.is_empty())
            .map(|n| n.split(NOTE_SEPARATOR).map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// One spooled finding, read back.
struct SpooledFinding {
    severity: Severity,
    fields: csv::StringRecord,
}

fn read_findings(file: &mut SpoolReader, span: (u64, u64)) -> std::io::Result<Vec<SpooledFinding>> {
    Ok(read_records(file, span)?
        .into_iter()
        .map(|fields| SpooledFinding {
            severity: match fields.get(0) {
                Some("error") => Severity::Error,
                Some("warning") => Severity::Warning,
                _ => Severity::Info,
            },
            fields,
        })
        .collect())
}

/// The spool read back through one CSV reader (making a reader per record
/// group cost more than the rest of 汇总.xlsx together).
type SpoolReader = csv::Reader<File>;

fn read_records(
    reader: &mut SpoolReader,
    (offset, len): (u64, u64),
) -> std::io::Result<Vec<csv::StringRecord>> {
    let mut out = Vec::new();
    if len == 0 {
        return Ok(out);
    }
    let mut pos = csv::Position::new();
    pos.set_byte(offset);
    reader.seek(pos).map_err(std::io::Error::other)?;
    let end = offset + len;
    let mut record = csv::StringRecord::new();
    while reader.position().byte() < end
        && reader
            .read_record(&mut record)
            .map_err(std::io::Error::other)?
    {
        out.push(record.clone());
    }
    Ok(out)
}

/// Write 汇总.xlsx into `out`. Never panics: a failure inside the xlsx
/// writer becomes an error message.
pub fn write_summary<W: Write + Seek + Send>(spool: Spool, out: &mut W) -> Result<(), String> {
    crate::workbook::contain::contained(|| build(spool, out))
        .map_err(|_| "生成汇总表时发生内部错误".to_string())?
}

/// The spool read back in the order of 汇总.xlsx, worst file first.
struct Sorted {
    file: SpoolReader,
    entries: Vec<Entry>,
}

impl Sorted {
    fn new(spool: Spool) -> Result<Sorted, String> {
        let mut entries = spool.entries;
        entries.sort_by_key(|e| e.rank);
        let file = spool
            .out
            .into_inner()
            .map_err(|e| format!("无法读取临时文件：{}", e.into_error()))?;
        // The reader believes it starts at byte 0 (and skips a seek to 0).
        (&file)
            .seek(std::io::SeekFrom::Start(0))
            .map_err(|e| format!("无法读取临时文件：{e}"))?;
        let file = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(file);
        Ok(Sorted { file, entries })
    }

    /// Call `f` on each file's row (and its findings, if `with_findings`).
    fn each(
        &mut self,
        with_findings: bool,
        mut f: impl FnMut(usize, &FileRow, Vec<SpooledFinding>) -> Result<(), String>,
    ) -> Result<(), String> {
        let io = |e: std::io::Error| format!("无法读取临时文件：{e}");
        for (n, e) in self.entries.iter().enumerate() {
            let row = read_row(&mut self.file, e.row).map_err(io)?;
            let findings = if with_findings {
                read_findings(&mut self.file, e.findings).map_err(io)?
            } else {
                Vec::new()
            };
            f(n, &row, findings)?;
        }
        Ok(())
    }
}

fn build<W: Write + Seek + Send>(spool: Spool, out: &mut W) -> Result<(), String> {
    let err = |e: XlsxError| format!("无法生成汇总表：{e}");
    let tally = spool.tally;
    let mut sorted = Sorted::new(spool)?;
    let look = Look::new();
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title("审表 批量检查汇总")
            .set_author("审表 shenbiao"),
    );
    // Both sheets stream their rows to temp files (constant-memory mode),
    // so a batch of thousands of files costs no more memory than a few.
    let mut files = book.new_worksheet_with_constant_memory().map_err(err)?;
    write_files_sheet(&mut files, &tally, &mut sorted, &look)?;
    let mut all = book.new_worksheet_with_constant_memory().map_err(err)?;
    write_findings_sheet(&mut all, &mut sorted, &look)?;
    book.push_worksheet(files);
    book.push_worksheet(all);

    book.save_to_writer(out).map_err(err)
}

/// Formats of the summary workbook.
struct Look {
    title: Format,
    subtitle: Format,
    header: Format,
    wrap: Format,
    center: Format,
    /// Centred and wrapped (short values that may run long).
    center_wrap: Format,
    number: Format,
    link: Format,
    /// Declared value that differs from the recomputed one.
    differs: Format,
    /// One per verdict, see [`Look::verdict`].
    verdicts: Vec<(Verdict, Format)>,
}

const FONT: &str = "宋体";

impl Look {
    fn new() -> Look {
        let font = Format::new().set_font_name(FONT).set_font_size(11);
        let cell = font
            .clone()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF))
            .set_align(FormatAlign::VerticalCenter);
        Look {
            title: font.clone().set_bold().set_font_size(16),
            subtitle: font.clone().set_font_size(11),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2)),
            wrap: cell.clone().set_text_wrap(),
            center: cell.clone().set_align(FormatAlign::Center),
            center_wrap: cell.clone().set_align(FormatAlign::Center).set_text_wrap(),
            number: cell.clone().set_align(FormatAlign::Right),
            link: cell
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(FormatUnderline::Single),
            differs: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_bold()
                .set_font_color(Color::RGB(0x9C0006)),
            verdicts: [
                (Verdict::Errors, 0xFFC7CE, 0x9C0006),
                (Verdict::Warnings, 0xFFEB9C, 0x9C5700),
                (Verdict::HintsOnly, 0xDDEBF7, 0x1F4E78),
                (Verdict::Passed, 0xC6EFCE, 0x006100),
                (Verdict::Unreadable, 0xD9D9D9, 0x9C0006),
                (Verdict::NoForms, 0xEDEDED, 0x595959),
            ]
            .into_iter()
            .map(|(v, fill, font)| {
                let f = cell
                    .clone()
                    .set_align(FormatAlign::Center)
                    .set_bold()
                    .set_background_color(Color::RGB(fill))
                    .set_font_color(Color::RGB(font));
                (v, f)
            })
            .collect(),
        }
    }

    /// Verdict cell: filled like the marks of the checked workbooks.
    fn verdict(&self, verdict: Verdict) -> &Format {
        self.verdicts
            .iter()
            .find(|(v, _)| *v == verdict)
            .map_or(&self.center, |(_, f)| f)
    }

    fn severity(&self, s: Severity) -> &Format {
        self.verdict(match s {
            Severity::Error => Verdict::Errors,
            Severity::Warning => Verdict::Warnings,
            Severity::Info => Verdict::HintsOnly,
        })
    }
}

/// Column widths fitted to content: CJK characters count double, capped so
/// long text wraps instead of stretching the sheet. Fitted over all rows
/// before any is written (constant-memory rows cannot be revisited). Row
/// heights are left to Excel/WPS/LibreOffice, which fit rows of wrapped
/// text on opening: setting them here kept an entry per row in memory for
/// the whole batch.
struct Widths(Vec<f64>);

impl Widths {
    fn new(headers: &[(&str, f64)]) -> Widths {
        Widths(
            headers
                .iter()
                .map(|(h, min)| min.max(text_width(h)))
                .collect(),
        )
    }

    fn fit(&mut self, col: u16, text: &str, cap: f64) {
        let w = text.lines().map(text_width).fold(0.0, f64::max).min(cap);
        if let Some(c) = self.0.get_mut(usize::from(col)) {
            *c = c.max(w);
        }
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (i, w) in self.0.iter().enumerate() {
            ws.set_column_width(i as u16, w + 2.0)?;
        }
        Ok(())
    }
}

fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
        .sum()
}

/// Columns of the 汇总 sheet, in the order of [`FILE_HEADERS`].
mod col {
    pub const FILE: u16 = 1;
    pub const VERDICT: u16 = 2;
    pub const FORMS: u16 = 3;
    pub const UNIT: u16 = 4;
    pub const SUBJECT: u16 = 5;
    pub const SCORE_DECLARED: u16 = 6;
    pub const SCORE_COMPUTED: u16 = 7;
    pub const RATING_DECLARED: u16 = 8;
    pub const RATING_COMPUTED: u16 = 9;
    pub const ERRORS: u16 = 10;
    pub const WARNINGS: u16 = 11;
    pub const INFOS: u16 = 12;
    pub const CHECKED: u16 = 13;
    pub const REMARK: u16 = 14;
}

const FILE_HEADERS: [(&str, f64); 15] = [
    ("序号", 4.0),
    ("文件", 12.0),
    ("结论", 12.0),
    ("表格", 10.0),
    ("单位", 10.0),
    ("项目名称 / 决算表", 12.0),
    ("总分（填报）", 6.0),
    ("总分（复核）", 6.0),
    ("等级（填报）", 6.0),
    ("等级（复核）", 6.0),
    ("错误", 4.0),
    ("警告", 4.0),
    ("提示", 4.0),
    ("标注工作簿", 10.0),
    ("说明", 10.0),
];

/// Rows above the header of the 汇总 sheet (title and totals).
const FILES_TOP: u32 = 2;

/// The text columns of one file's row: (column, text, width cap).
fn file_texts(r: &FileRow) -> [(u16, String, f64); 10] {
    let mut remark: Vec<&str> = r.error.iter().map(String::as_str).collect();
    remark.extend(r.notes.iter().map(String::as_str));
    [
        (col::FILE, r.file.clone(), 50.0),
        (col::FORMS, r.forms.clone(), 24.0),
        (col::UNIT, r.unit.clone(), 30.0),
        (col::SUBJECT, r.subject.clone(), 40.0),
        (col::SCORE_DECLARED, r.score_declared.clone(), 20.0),
        (col::SCORE_COMPUTED, r.score_computed.clone(), 20.0),
        (col::RATING_DECLARED, r.rating_declared.clone(), 20.0),
        (col::RATING_COMPUTED, r.rating_computed.clone(), 20.0),
        (col::CHECKED, r.checked.clone().unwrap_or_default(), 50.0),
        (col::REMARK, remark.join("\n"), 60.0),
    ]
}

fn write_files_sheet(
    ws: &mut Worksheet,
    tally: &Tally,
    sorted: &mut Sorted,
    look: &Look,
) -> Result<(), String> {
    let err = |e: XlsxError| format!("无法生成汇总表：{e}");
    ws.set_name("汇总").map_err(err)?;
    ws.write_string_with_format(0, 0, "审表 批量检查汇总", &look.title)
        .map_err(err)?;
    ws.set_row_height(0, 24).map_err(err)?;
    let line = format!(
        "共 {} 个文件：有错误 {}，有警告 {}，仅提示 {}，通过 {}，无法读取 {}，未识别到表格 {}；问题合计：错误 {}，警告 {}，提示 {}。按严重程度排序，点击“标注工作簿”打开对应文件。",
        tally.files,
        tally.with_errors,
        tally.with_warnings,
        tally.hints_only,
        tally.passed,
        tally.unreadable,
        tally.no_forms,
        tally.errors,
        tally.warnings,
        tally.infos,
    );
    ws.write_string_with_format(1, 0, &line, &look.subtitle)
        .map_err(err)?;

    let mut widths = Widths::new(&FILE_HEADERS);
    sorted.each(false, |_, r, _| {
        for (col, text, cap) in file_texts(r) {
            widths.fit(col, &text, cap);
        }
        Ok(())
    })?;
    for (c, (h, _)) in FILE_HEADERS.iter().enumerate() {
        ws.write_string_with_format(FILES_TOP, c as u16, *h, &look.header)
            .map_err(err)?;
    }
    sorted.each(false, |n, r, _| {
        write_file_row(ws, FILES_TOP + 1 + n as u32, n, r, look).map_err(err)
    })?;
    widths.apply(ws).map_err(err)?;
    let last = FILES_TOP + tally.files.max(1) as u32;
    ws.autofilter(FILES_TOP, 0, last, FILE_HEADERS.len() as u16 - 1)
        .map_err(err)?;
    ws.set_freeze_panes(FILES_TOP + 1, 2).map_err(err)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(FILES_TOP, FILES_TOP).map_err(err)?;
    Ok(())
}

fn write_file_row(
    ws: &mut Worksheet,
    row: u32,
    n: usize,
    r: &FileRow,
    look: &Look,
) -> Result<(), XlsxError> {
    let texts = file_texts(r);
    ws.write_number_with_format(row, 0, (n + 1) as f64, &look.center)?;
    ws.write_string_with_format(
        row,
        col::VERDICT,
        r.verdict().label(),
        look.verdict(r.verdict()),
    )?;
    for (at, text, _) in &texts {
        match *at {
            col::SCORE_DECLARED..=col::RATING_COMPUTED => {
                let score = *at <= col::SCORE_COMPUTED;
                let (declared, computed) = if score {
                    (&r.score_declared, &r.score_computed)
                } else {
                    (&r.rating_declared, &r.rating_computed)
                };
                // The declared value is marked when the recomputed one differs.
                let differs = (*at == col::SCORE_DECLARED || *at == col::RATING_DECLARED)
                    && !computed.is_empty()
                    && !declared.is_empty()
                    && declared != computed;
                let fmt = if differs { &look.differs } else { &look.center };
                write_value(ws, row, *at, text, fmt)?;
            }
            // A HYPERLINK formula rather than a stored hyperlink: it streams
            // with the row, where stored links stay in memory until the file
            // is saved. Relative, so the output folder can be moved or zipped.
            col::CHECKED if !text.is_empty() => {
                let quoted = text.replace('"', "\"\"");
                let link =
                    Formula::new(format!("=HYPERLINK(\"{quoted}\",\"{quoted}\")")).set_result(text);
                ws.write_formula_with_format(row, *at, link, &look.link)?;
            }
            _ => {
                ws.write_string_with_format(row, *at, text, &look.wrap)?;
            }
        }
    }
    for (at, n) in [
        (col::ERRORS, r.errors),
        (col::WARNINGS, r.warnings),
        (col::INFOS, r.infos),
    ] {
        ws.write_number_with_format(row, at, n as f64, &look.number)?;
    }
    Ok(())
}

/// A score or rating: a number when it reads as one, so Excel sorts it.
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => ws.write_number_with_format(row, col, n, fmt)?,
        _ => ws.write_string_with_format(row, col, text, fmt)?,
    };
    Ok(())
}

const FINDING_HEADERS: [(&str, f64); 11] = [
    ("文件", 12.0),
    ("结论", 12.0),
    ("级别", 4.0),
    ("规则", 6.0),
    ("规则名称", 12.0),
    ("工作表", 8.0),
    ("单元格", 6.0),
    ("说明", 20.0),
    ("应为", 6.0),
    ("实为", 6.0),
    ("相关单元格", 10.0),
];

/// Excel's last row; findings beyond it are in findings.csv only.
const LAST_ROW: u32 = 1_048_575;

/// The text columns of one finding's row: (column, text, width cap).
fn finding_texts<'a>(file: &'a str, f: &'a SpooledFinding) -> [(u16, &'a str, f64); 9] {
    let field = |n: usize| f.fields.get(n).unwrap_or("");
    let rule = field(1);
    [
        (0, file, 50.0),
        (3, rule, 10.0),
        (4, find_rule(rule).map_or("", |d| d.title), 30.0),
        (5, field(2), 24.0),
        (6, field(3), 12.0),
        (7, field(4), 60.0),
        (8, field(5), 20.0),
        (9, field(6), 20.0),
        (10, field(7), 30.0),
    ]
}

/// Every finding of every file, files in the worst-first order of the 汇总
/// sheet. Written row by row in constant-memory mode, after a first pass
/// over the spool has fitted the column widths.
fn write_findings_sheet(
    ws: &mut Worksheet,
    sorted: &mut Sorted,
    look: &Look,
) -> Result<(), String> {
    let err = |e: XlsxError| format!("无法生成汇总表：{e}");
    ws.set_name("全部问题").map_err(err)?;
    let mut widths = Widths::new(&FINDING_HEADERS);
    sorted.each(true, |_, r, findings| {
        for f in &findings {
            for (col, text, cap) in finding_texts(&r.file, f) {
                widths.fit(col, text, cap);
            }
        }
        Ok(())
    })?;
    for (c, (h, _)) in FINDING_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &look.header)
            .map_err(err)?;
    }
    let mut row: u32 = 0;
    sorted.each(true, |_, r, findings| {
        for f in &findings {
            if row >= LAST_ROW {
                break;
            }
            row += 1;
            write_finding_row(ws, row, r, f, look).map_err(err)?;
        }
        Ok(())
    })?;
    widths.apply(ws).map_err(err)?;
    ws.autofilter(0, 0, row.max(1), FINDING_HEADERS.len() as u16 - 1)
        .map_err(err)?;
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0).map_err(err)?;
    Ok(())
}

fn write_finding_row(
    ws: &mut Worksheet,
    row: u32,
    r: &FileRow,
    f: &SpooledFinding,
    look: &Look,
) -> Result<(), XlsxError> {
    let texts = finding_texts(&r.file, f);
    for (col, text, _) in texts {
        let fmt = match col {
            3 | 6 | 8 | 9 => &look.center_wrap,
            _ => &look.wrap,
        };
        match (col, &r.checked) {
            // The cell opens in the checked workbook beside this file (a
            // relative HYPERLINK, streamed with the row like 汇总's); a Word
            // copy has no cells to jump to.
            (6, Some(checked))
                if !text.is_empty()
                    && !checked.ends_with(".docx")
                    && !f.fields.get(2).unwrap_or("").is_empty() =>
            {
                let sheet = f.fields.get(2).unwrap_or("").replace('\'', "''");
                let first = text.rsplit('!').next().unwrap_or(text);
                let cell = first.split(':').next().unwrap_or(first).replace('$', "");
                let target = format!("{checked}#'{sheet}'!{cell}").replace('"', "\"\"");
                let shown = text.replace('"', "\"\"");
                let link =
                    Formula::new(format!("=HYPERLINK(\"{target}\",\"{shown}\")")).set_result(text);
                ws.write_formula_with_format(row, col, link, &look.link)?;
            }
            // 应为 / 实为 as numbers when they are plain ones.
            (8 | 9, _) => match crate::report::xlsx::as_number(text) {
                Some((n, code)) => {
                    ws.write_number_with_format(row, col, n, &fmt.clone().set_num_format(code))?;
                }
                None => {
                    ws.write_string_with_format(row, col, text, fmt)?;
                }
            },
            _ => {
                ws.write_string_with_format(row, col, text, fmt)?;
            }
        }
    }
    ws.write_string_with_format(row, 1, r.verdict().label(), look.verdict(r.verdict()))?;
    ws.write_string_with_format(row, 2, f.severity.label(), look.severity(f.severity))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: usize, status: Status, counts: [usize; 3]) -> FileRow {
        FileRow {
            index,
            file: format!("收件/表{index}.xlsx"),
            checked: Some(format!("表{index}.checked.xlsx")),
            status,
            error: None,
            forms: "项目支出绩效自评表".into(),
            unit: "某局，含逗号；另一单位".into(),
            subject: "项目，含逗号\n和换行".into(),
            score_declared: "96".into(),
            score_computed: "97".into(),
            rating_declared: String::new(),
            rating_computed: "优".into(),
            errors: counts[0],
            warnings: counts[1],
            infos: counts[2],
            notes: vec!["注一".into(), "注二，\"引号\"".into()],
        }
    }

    #[test]
    fn rows_survive_the_spool() {
        let mut spool = Spool::new().unwrap();
        let r = row(7, Status::Checked, [1, 2, 3]);
        spool.add(&r, []).unwrap();
        let mut sorted = Sorted::new(spool).unwrap();
        let mut back = Vec::new();
        sorted
            .each(true, |_, r, f| {
                back.push((r.clone(), f.len()));
                Ok(())
            })
            .unwrap();
        assert_eq!(back, vec![(r, 0)]);
    }

    #[test]
    fn worst_files_come_first_and_ties_keep_input_order() {
        let mut spool = Spool::new().unwrap();
        let rows = [
            row(0, Status::Checked, [0, 0, 0]),
            row(1, Status::Checked, [0, 2, 0]),
            row(2, Status::Unreadable, [0, 0, 0]),
            row(3, Status::Checked, [1, 0, 0]),
            row(4, Status::Checked, [3, 0, 0]),
            row(5, Status::NoForms, [0, 0, 0]),
            row(6, Status::Checked, [0, 2, 0]),
        ];
        for r in &rows {
            spool.add(r, []).unwrap();
        }
        assert_eq!(spool.tally().with_errors, 2);
        assert_eq!(spool.tally().errors, 4);
        let mut order = Vec::new();
        Sorted::new(spool)
            .unwrap()
            .each(false, |_, r, _| {
                order.push(r.index);
                Ok(())
            })
            .unwrap();
        assert_eq!(order, [4, 3, 2, 5, 1, 6, 0]);
    }
}
