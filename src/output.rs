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

/// `DIR/NAME.checked.xlsx`, `DIR/NAME.findings.json` for input `NAME.ext`.
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
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            format!(
                "无法写入 {}：文件可能正在 Excel 中打开，请关闭后重试",
                path.display()
            )
        } else {
            format!("无法写入 {}：{e}", path.display())
        }
    })
}

use crate::report::{
    csv::CsvWriter, json::to_json, xlsx::write_checked_workbook, FileReport, Status,
};
use crate::rules::Severity;
use crate::Options;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// What a run produced, per file, in input order.
#[derive(Debug, Default)]
pub struct RunSummary {
    pub reports: Vec<FileReport>,
    pub elapsed: std::time::Duration,
}

impl RunSummary {
    /// design.md §5: 3 if any input was unreadable, else 1 if a finding at or
    /// above `fail_on` exists, else 0.
    pub fn exit_code(&self, fail_on: Option<Severity>) -> u8 {
        if self.reports.iter().any(|r| r.status == Status::Unreadable) {
            return 3;
        }
        let failing = fail_on.is_some_and(|level| {
            self.reports
                .iter()
                .any(|r| r.findings.iter().any(|f| f.severity <= level))
        });
        u8::from(failing)
    }
}

/// Check every input and write its outputs. Inputs are processed in
/// parallel; reports come back in input order whatever `jobs` is.
pub fn run(paths: &[PathBuf], opts: &Options, cfg: &RunConfig) -> Result<RunSummary, String> {
    let started = std::time::Instant::now();
    let inputs = collect_inputs(paths)?;
    if inputs.is_empty() {
        return Err("没有找到可检查的文件（.xlsx/.xlsm/.xls/.ods）".into());
    }
    std::fs::create_dir_all(&cfg.out_dir)
        .map_err(|e| format!("无法创建输出文件夹 {}：{e}", cfg.out_dir.display()))?;
    for input in &inputs {
        for suffix in [".checked.xlsx", ".findings.json"] {
            if same_file(&output_path(&cfg.out_dir, input, suffix), input) {
                return Err(format!(
                    "输出文件会覆盖输入文件 {}，请换一个输出文件夹",
                    input.display()
                ));
            }
        }
    }
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<FileReport>>> = Mutex::new(vec![None; inputs.len()]);
    let jobs = cfg.jobs.clamp(1, inputs.len());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let report = check_and_write(input, opts, cfg);
                if let Ok(mut s) = slots.lock() {
                    s[i] = Some(report);
                }
            });
        }
    });
    let reports: Vec<FileReport> = slots
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .zip(&inputs)
        .map(|(r, p)| {
            r.unwrap_or_else(|| FileReport::unreadable(&p.display().to_string(), "文件解析失败"))
        })
        .collect();
    if cfg.csv {
        let mut w = CsvWriter::new(Vec::new()).map_err(|e| e.to_string())?;
        for r in &reports {
            w.write_report(r).map_err(|e| e.to_string())?;
        }
        let bytes = w.finish().map_err(|e| e.to_string())?;
        write_atomic(&cfg.out_dir.join("findings.csv"), &bytes)?;
    }
    let summary = RunSummary {
        reports,
        elapsed: started.elapsed(),
    };
    if !cfg.quiet {
        eprint!("{}", summary_text(&summary));
    }
    Ok(summary)
}

/// Check one file and write its per-file outputs; output failures become
/// notes on the report rather than stopping the batch.
fn check_and_write(input: &Path, opts: &Options, cfg: &RunConfig) -> FileReport {
    let (mut report, wb) = crate::check_file(input, opts);
    if cfg.xlsx {
        if let Some(wb) = &wb {
            let path = output_path(&cfg.out_dir, input, ".checked.xlsx");
            if let Err(e) = write_checked_workbook(wb, &report, &path) {
                report.notes.push(format!("标注工作簿未能写出：{e}"));
            }
        }
    }
    if cfg.json {
        let path = output_path(&cfg.out_dir, input, ".findings.json");
        if let Err(e) = write_atomic(&path, to_json(&report).as_bytes()) {
            report.notes.push(e);
        }
    }
    report
}

/// The short human summary printed on stderr.
pub fn summary_text(s: &RunSummary) -> String {
    let mut out = String::new();
    for r in &s.reports {
        let forms = r.forms.len();
        match r.status {
            Status::Unreadable => out.push_str(&format!(
                "✗ {}：无法读取 — {}\n",
                r.file,
                r.error.as_deref().unwrap_or("")
            )),
            Status::NoForms => out.push_str(&format!("· {}：未识别到自评表或决算表\n", r.file)),
            Status::Checked => out.push_str(&format!(
                "{} {}：{} 张表，错误 {}，警告 {}，提示 {}\n",
                if r.count(Severity::Error) > 0 {
                    "✗"
                } else {
                    "✓"
                },
                r.file,
                forms,
                r.count(Severity::Error),
                r.count(Severity::Warning),
                r.count(Severity::Info)
            )),
        }
        for n in &r.notes {
            out.push_str(&format!("    注：{n}\n"));
        }
    }
    let total = |sev| s.reports.iter().map(|r| r.count(sev)).sum::<usize>();
    out.push_str(&format!(
        "共 {} 个文件：有错误 {}，无法读取 {}；错误 {}，警告 {}，提示 {}；用时 {:.2} 秒\n",
        s.reports.len(),
        s.reports
            .iter()
            .filter(|r| r.count(Severity::Error) > 0)
            .count(),
        s.reports
            .iter()
            .filter(|r| r.status == Status::Unreadable)
            .count(),
        total(Severity::Error),
        total(Severity::Warning),
        total(Severity::Info),
        s.elapsed.as_secs_f64()
    ));
    out
}
