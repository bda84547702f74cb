//! Where outputs go and how they are written: collect inputs, derive output
//! names, write every file atomically (temp file + rename), never touch an
//! input.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Extensions shenbiao reads.
pub const INPUT_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "et"];

/// Expand files and folders (recursively) into the list of inputs, sorted
/// for a deterministic order. Skips Excel lock files (`~$…`) and our own
/// `*.checked.xlsx` outputs.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).map_err(|e| format!("无法读取文件夹 {}：{e}", p.display()))?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("找不到文件或文件夹：{}", p.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if is_candidate(&p) {
            out.push(p);
        }
    }
    Ok(())
}

fn is_candidate(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with("~$") || name.ends_with(".checked.xlsx") {
        return false;
    }
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.as_str()))
}

/// `DIR/NAME.checked.xlsx`, `DIR/NAME.findings.json` for input `NAME.ext`
/// (a batch adds `_2`, `_3` … to repeated names, see [`output_stems`]).
pub fn output_path(out_dir: &Path, input: &Path, suffix: &str) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "input".into());
    out_dir.join(format!("{stem}{suffix}"))
}

/// True when two paths name the same file on disk.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Write `bytes` to `path` through a temporary file in the same folder, so
/// a crash never leaves a half-written output and readers never see one.
///
/// No fsync: outputs are derived and a re-run rebuilds them, while an fsync
/// per file (2–3 ms each, two per input) cost more than checking the file
/// and more than doubled the wall time of a 1,000-file batch.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        write_error(path, &e)
    })
}

/// The message for an output that could not be written.
pub fn write_error(path: &Path, e: &std::io::Error) -> String {
    // Windows reports a file open in Excel as access denied (5) or a
    // sharing/lock violation (32/33).
    let locked = e.kind() == std::io::ErrorKind::PermissionDenied
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)));
    if locked {
        format!(
            "无法写入 {}：文件可能正在 Excel 中打开，请关闭后重试",
            path.display()
        )
    } else {
        format!("无法写入 {}：{e}", path.display())
    }
}

use crate::report::summary::{write_summary, FileRow, Spool, Tally, SUMMARY_FILE};
use crate::report::Status;
use crate::report::{csv::CsvWriter, json::to_json, xlsx::write_checked_workbook, FileReport};
use crate::rules::Severity;
use crate::workbook::contain::contained;
use crate::Options;
use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, IsTerminal};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Output settings of one run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub out_dir: PathBuf,
    pub xlsx: bool,
    pub json: bool,
    pub csv: bool,
    pub jobs: usize,
    pub quiet: bool,
}

/// What a run produced. Only counts and a few rows are kept, whatever the
/// number of files: the per-file results are in the outputs.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub tally: Tally,
    /// Rows for the stderr listing: every file of a small batch; in a big
    /// one, the first files with errors or that could not be read.
    pub listed: Vec<FileRow>,
    /// Files with errors or unreadable beyond `listed`.
    pub unlisted: usize,
    /// Problems with the batch outputs (findings.csv, 汇总.xlsx).
    pub notes: Vec<String>,
    pub out_dir: PathBuf,
    pub summary_written: bool,
    pub elapsed: Duration,
}

impl RunSummary {
    /// design.md §5: 3 if any input was unreadable, else 1 if a finding at or
    /// above `fail_on` exists, else 0.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> u8 {
        if self.tally.unreadable > 0 {
            return 3;
        }
        let failing = fail_on.is_some_and(|level| {
            [Severity::Error, Severity::Warning, Severity::Info]
                .into_iter()
                .any(|s| s <= level && self.tally.count(s) > 0)
        });
        u8::from(failing)
    }
}

/// One finished file on its way from a worker to the collector: the report
/// stripped of its check records and review tables, and the name of the
/// checked workbook if one was written.
struct Done {
    index: usize,
    report: FileReport,
    checked: Option<String>,
}

/// Check every input and write its outputs. Inputs are processed in
/// parallel by `jobs` workers; findings.csv rows and the returned rows come
/// in input order whatever `jobs` is.
pub fn run(paths: &[PathBuf], opts: &Options, cfg: &RunConfig) -> Result<RunSummary, String> {
    let started = Instant::now();
    let summary_path = cfg.out_dir.join(SUMMARY_FILE);
    let mut inputs = collect_inputs(paths)?;
    // A 汇总.xlsx of an earlier run, found while walking a folder, is ours.
    inputs.retain(|p| {
        paths.contains(p)
            || p.file_name().is_none_or(|n| n != SUMMARY_FILE)
            || !same_file(p, &summary_path)
    });
    // Only several arguments can name one file twice (a folder and a file
    // in it); one folder's walk cannot.
    let inputs = if paths.len() > 1 {
        dedup(inputs)
    } else {
        inputs
    };
    if inputs.is_empty() {
        return Err("没有找到可检查的文件（.xlsx/.xlsm/.xls/.ods）".into());
    }
    std::fs::create_dir_all(&cfg.out_dir)
        .map_err(|e| format!("无法创建输出文件夹 {}：{e}", cfg.out_dir.display()))?;
    let stems = output_stems(&inputs);
    guard_inputs(&inputs, &stems, &cfg.out_dir, &summary_path)?;

    let with_summary = cfg.xlsx && inputs.len() > 1;
    let mut sink = Sink::new(cfg, with_summary, inputs.len());
    let mut progress = Progress::new(inputs.len(), !cfg.quiet);
    let next = AtomicUsize::new(0);
    let jobs = cfg.jobs.clamp(1, inputs.len());
    let (tx, rx) = mpsc::channel::<Done>();
    let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (inputs, stems, next) = (&inputs, &stems, &next);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let done = process(i, input, &stems[i], opts, cfg);
                if tx.send(done).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // Reorder buffer: files finish in any order, rows leave in input
        // order. Only stripped reports wait here, never workbooks.
        let mut done = 0;
        for d in rx {
            pending.insert(d.index, d);
            while let Some(d) = pending.remove(&sink.next) {
                sink.accept(d);
            }
            done += 1;
            progress.tick(done);
        }
    });
    progress.clear();
    // A worker that died outside the contained regions leaves a gap; its file
    // is reported rather than silently lost.
    for (i, input) in inputs.iter().enumerate().skip(sink.next) {
        let d = pending.remove(&i).unwrap_or_else(|| Done {
            index: i,
            report: FileReport::unreadable(
                &input.display().to_string(),
                "处理该文件时发生内部错误",
            ),
            checked: None,
        });
        sink.accept(d);
    }
    let mut summary = sink.finish(&cfg.out_dir);
    summary.elapsed = started.elapsed();
    if !cfg.quiet {
        eprint!("{}", summary_text(&summary));
    }
    Ok(summary)
}

/// The same file named twice (a folder and a file inside it) is checked once.
fn dedup(inputs: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    inputs
        .into_iter()
        .filter(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())))
        .collect()
}

/// Output stems, one per input: the input's own stem, with `_2`, `_3` …
/// added when two inputs in different folders share a name (or differ only
/// in case, which Windows treats as the same file), so no output overwrites
/// another. Assigned in input order, hence the same on every run.
pub fn output_stems(inputs: &[PathBuf]) -> Vec<String> {
    let mut taken = HashSet::new();
    inputs
        .iter()
        .map(|input| {
            let stem = input
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".into());
            let mut candidate = stem.clone();
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}_{n}");
            }
            candidate
        })
        .collect()
}

/// Refuse to start when an output would overwrite an input.
fn guard_inputs(
    inputs: &[PathBuf],
    stems: &[String],
    out_dir: &Path,
    summary: &Path,
) -> Result<(), String> {
    // Usually no output exists yet, and then nothing can clash.
    let present: Vec<(PathBuf, PathBuf)> = stems
        .iter()
        .flat_map(|s| [".checked.xlsx", ".findings.json"].map(|x| out_dir.join(format!("{s}{x}"))))
        .chain([summary.to_path_buf()])
        .filter_map(|out| Some((out.canonicalize().ok()?, out)))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    let existing: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    match present.iter().find(|(c, _)| existing.contains(c)) {
        Some((_, out)) => Err(format!(
            "输出文件会覆盖输入文件 {}，请换一个输出文件夹",
            out.display()
        )),
        None => Ok(()),
    }
}

/// Check one file and write its per-file outputs. Runs on a worker; the
/// workbook is dropped here, before the next file is read. A failure (even
/// a panic) in a writer becomes a note on the report, never a lost batch.
fn process(index: usize, input: &Path, stem: &str, opts: &Options, cfg: &RunConfig) -> Done {
    let result = contained(|| {
        let (mut report, wb) = crate::check_file(input, opts);
        let mut checked = None;
        if cfg.xlsx {
            if let Some(wb) = &wb {
                let name = format!("{stem}.checked.xlsx");
                let path = cfg.out_dir.join(&name);
                match contained(|| write_checked_workbook(wb, &report, &path)) {
                    Ok(Ok(())) => checked = Some(name),
                    Ok(Err(e)) => report.notes.push(format!("标注工作簿未能写出：{e}")),
                    Err(_) => report
                        .notes
                        .push("标注工作簿未能写出：生成时发生内部错误".to_string()),
                }
            }
        }
        drop(wb);
        if cfg.json {
            let path = cfg.out_dir.join(format!("{stem}.findings.json"));
            match contained(|| to_json(&report)) {
                Ok(text) => {
                    if let Err(e) = write_atomic(&path, text.as_bytes()) {
                        report.notes.push(e);
                    }
                }
                Err(_) => report
                    .notes
                    .push("findings.json 未能写出：生成时发生内部错误".to_string()),
            }
        }
        report.checks = Vec::new();
        report.reviews = Vec::new();
        (report, checked)
    });
    let (report, checked) = result.unwrap_or_else(|_| {
        let report = FileReport::unreadable(
            &input.display().to_string(),
            "处理该文件时发生内部错误（文件结构异常）",
        );
        (report, None)
    });
    Done {
        index,
        report,
        checked,
    }
}

/// Where finished files go, in input order: findings.csv (streamed to a
/// temporary file, renamed at the end), the spool of 汇总.xlsx, the batch
/// counts and the few rows the stderr summary lists. Nothing here grows
/// with the number of files beyond those few rows.
struct Sink {
    csv: Option<(PathBuf, CsvWriter<BufWriter<std::fs::File>>)>,
    spool: Option<Spool>,
    /// Index of the next file expected, in input order.
    next: usize,
    tally: Tally,
    /// True when every file gets a line on stderr (a small batch).
    detailed: bool,
    listed: Vec<FileRow>,
    unlisted: usize,
    notes: Vec<String>,
}

impl Sink {
    fn new(cfg: &RunConfig, with_summary: bool, n: usize) -> Sink {
        let mut notes = Vec::new();
        let csv = cfg.csv.then(|| {
            let tmp = cfg
                .out_dir
                .join(format!(".findings.csv.{}.tmp", std::process::id()));
            std::fs::File::create(&tmp)
                .and_then(|f| CsvWriter::new(BufWriter::new(f)))
                .map(|w| (tmp, w))
                .map_err(|e| notes.push(format!("findings.csv 未能写出：{e}")))
                .ok()
        });
        let spool = with_summary.then(|| {
            Spool::new()
                .map_err(|e| notes.push(format!("{SUMMARY_FILE} 未能写出：无法创建临时文件：{e}")))
                .ok()
        });
        Sink {
            csv: csv.flatten(),
            spool: spool.flatten(),
            next: 0,
            tally: Tally::default(),
            detailed: n <= DETAIL_LINES,
            listed: Vec::new(),
            unlisted: 0,
            notes,
        }
    }

    /// Takes the next file in input order.
    fn accept(&mut self, d: Done) {
        self.next += 1;
        if let Some((_, w)) = &mut self.csv {
            if let Err(e) = w.write_report(&d.report) {
                self.notes.push(format!("findings.csv 未能写出：{e}"));
                self.csv = None;
            }
        }
        let row = FileRow::from_report(d.index, &d.report, d.checked);
        if let Some(spool) = &mut self.spool {
            if let Err(e) = spool.add(&row, &d.report.findings) {
                self.notes
                    .push(format!("{SUMMARY_FILE} 未能写出：临时文件写入失败：{e}"));
                self.spool = None;
            }
        }
        self.tally.add(&row);
        if self.detailed {
            self.listed.push(row);
        } else if row.errors > 0 || row.status == Status::Unreadable {
            if self.listed.len() < DETAIL_LINES {
                self.listed.push(row);
            } else {
                self.unlisted += 1;
            }
        }
    }

    fn finish(mut self, out_dir: &Path) -> RunSummary {
        if let Some((tmp, w)) = self.csv.take() {
            let done = w
                .finish()
                .and_then(|b| b.into_inner().map_err(|e| e.into_error()))
                .map(drop)
                .map_err(|e| format!("findings.csv 未能写出：{e}"))
                .and_then(|()| {
                    let path = out_dir.join("findings.csv");
                    std::fs::rename(&tmp, &path).map_err(|e| write_error(&path, &e))
                });
            if let Err(e) = done {
                let _ = std::fs::remove_file(&tmp);
                self.notes.push(e);
            }
        }
        let mut summary_written = false;
        if let Some(spool) = self.spool.take() {
            match write_summary(spool, &out_dir.join(SUMMARY_FILE)) {
                Ok(()) => summary_written = true,
                Err(e) => self.notes.push(e),
            }
        }
        RunSummary {
            tally: self.tally,
            listed: self.listed,
            unlisted: self.unlisted,
            notes: self.notes,
            out_dir: out_dir.to_path_buf(),
            summary_written,
            elapsed: Duration::ZERO,
        }
    }
}

/// A one-line progress bar on stderr, drawn only on a terminal and only for
/// batches big enough to need one.
struct Progress {
    total: usize,
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

/// Batches up to this size finish too fast for a bar to help.
const PROGRESS_MIN_FILES: usize = 5;

impl Progress {
    fn new(total: usize, wanted: bool) -> Progress {
        Progress {
            total,
            enabled: wanted && total >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
        }
    }

    fn tick(&mut self, done: usize) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if done < self.total
            && self
                .last
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        eprint!("\r{}", progress_line(done, self.total, now - self.started));
    }

    fn clear(&self) {
        if self.enabled && self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `检查中 [██████░░░░░░░░] 123/1000  12%  已用 3 秒，约剩 21 秒`
fn progress_line(done: usize, total: usize, elapsed: Duration) -> String {
    const WIDTH: usize = 24;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let bar: String = "█".repeat(filled) + &"░".repeat(WIDTH - filled);
    let secs = elapsed.as_secs_f64();
    let left = if done > 0 && done < total {
        format!(
            "，约剩 {:.0} 秒",
            secs / done as f64 * (total - done) as f64
        )
    } else {
        String::new()
    };
    format!(
        "检查中 [{bar}] {done}/{total}  {:>3}%  已用 {secs:.0} 秒{left}\x1b[K",
        (done * 100).checked_div(total).unwrap_or(100)
    )
}

/// Per-file lines are listed in full up to this many files; above it only
/// files with errors or that could not be read are, up to the same count.
const DETAIL_LINES: usize = 20;

/// The short human summary printed on stderr.
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
                out.push_str(&format!("    注：{n}\n"));
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
        out.push_str(&format!("注：{n}\n"));
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
    if s.summary_written {
        out.push_str(&format!(
            "  汇总表          {}\n",
            s.out_dir.join(SUMMARY_FILE).display()
        ));
    }
    out
}

fn file_line(r: &FileRow) -> String {
    match r.status {
        Status::Unreadable => format!(
            "✗ {}：无法读取 — {}\n",
            r.file,
            r.error.as_deref().unwrap_or("")
        ),
        Status::NoForms => format!("· {}：未识别到自评表或决算表\n", r.file),
        Status::Checked => format!(
            "{} {}：{}，错误 {}，警告 {}，提示 {}\n",
            if r.errors > 0 { "✗" } else { "✓" },
            r.file,
            r.forms,
            r.errors,
            r.warnings,
            r.infos
        ),
    }
}
