//! Checking the received files: each check runs on a blocking thread under
//! a semaphore (checks are CPU- and memory-heavy; the cap keeps a burst of
//! uploads from exhausting the machine). Outputs are written into the batch
//! directory under generated names; the uploaded input is deleted as soon
//! as its check is done.

use super::names::{split_ext, unique_name};
use super::store::{new_id, Content, Download, LazyZip};
use super::upload::Upload;
use crate::batch::worker::Pool;
use crate::batch::{job, place};
use crate::outcome::{FileReport, ReadError};
use crate::report::summary::{write_summary as write_summary_xlsx, FileRow, Spool, SUMMARY_FILE};
use crate::report::{csv::CsvWriter, json::to_json};
use crate::rules::Severity;
use crate::Options;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Semaphore;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSM: &str = "application/vnd.ms-excel.sheet.macroEnabled.12";

/// One file after checking.
#[derive(Debug)]
pub struct Checked {
    pub name: String,
    pub size: u64,
    pub report: FileReport,
    /// The annotated copy (a workbook, or a .docx for a Word input), when
    /// the file could be read and written.
    pub xlsx: Option<PathBuf>,
    /// The findings JSON.
    pub json: Option<PathBuf>,
}

/// Check every upload (refused ones become `unreadable` reports), in input
/// order, at most `permits` at a time.
pub async fn check_all(
    uploads: Vec<Upload>,
    dir: &Path,
    opts: Arc<Options>,
    permits: Arc<Semaphore>,
    pool: Arc<Pool>,
) -> Vec<Checked> {
    let mut tasks = Vec::with_capacity(uploads.len());
    for (i, up) in uploads.into_iter().enumerate() {
        let dir = dir.to_path_buf();
        let opts = Arc::clone(&opts);
        let permits = Arc::clone(&permits);
        let pool = Arc::clone(&pool);
        tasks.push(tokio::spawn(async move {
            let name = up.name.clone();
            let size = up.size;
            let Some(path) = up.path else {
                let reason = up.refusal.unwrap_or_else(|| "文件未检查".to_string());
                let report = FileReport::unreadable(&name, ReadError::Refused(reason));
                return finish_refused(&dir, i, name, size, report).await;
            };
            let Ok(_permit) = permits.acquire_owned().await else {
                let report = FileReport::unreadable(
                    &name,
                    ReadError::Refused("服务正在停止，文件未检查".into()),
                );
                return finish_refused(&dir, i, name, size, report).await;
            };
            let job = {
                let (name, path) = (name.clone(), path.clone());
                move || check_one(&pool, &dir, (i, name, size), &path, &opts)
            };
            match tokio::task::spawn_blocking(job).await {
                Ok(c) => c,
                Err(_) => {
                    let _ = tokio::fs::remove_file(&path).await;
                    Checked {
                        report: FileReport::unreadable(
                            &name,
                            ReadError::Crashed("检查时发生内部错误".into()),
                        ),
                        name,
                        size,
                        xlsx: None,
                        json: None,
                    }
                }
            }
        }));
    }
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        if let Ok(c) = t.await {
            out.push(c);
        }
    }
    out
}

async fn finish_refused(
    dir: &Path,
    i: usize,
    name: String,
    size: u64,
    report: FileReport,
) -> Checked {
    let json_path = dir.join(format!("out-{i}.findings.json"));
    let json = tokio::fs::write(&json_path, to_json(&report))
        .await
        .ok()
        .map(|_| json_path);
    Checked {
        name,
        size,
        report,
        xlsx: None,
        json,
    }
}

/// Check one stored upload and write its outputs (blocking), through the
/// same job as `shenbiao check`; the upload is deleted right after.
fn check_one(
    pool: &Pool,
    dir: &Path,
    (i, name, size): (usize, String, u64),
    path: &Path,
    opts: &Options,
) -> Checked {
    let stem = format!("out-{i}");
    let done = pool.run(
        &job::Job {
            input: path,
            name: &name,
            out_dir: dir,
            stem: &stem,
            annotated: true,
            json: true,
        },
        opts,
    );
    let _ = std::fs::remove_file(path);
    let mut report = done.report;
    // The report names the file as the user knows it, never the temp path.
    if let Some(ReadError::Open(crate::workbook::OpenError::ParseFailed { file })) =
        &mut report.error
    {
        *file = Some(name.clone());
    }
    Checked {
        name,
        size,
        report,
        xlsx: done.checked,
        json: done.json,
    }
}

/// 汇总.xlsx for a batch of several files, with each row linking to the
/// checked workbook under its name in the zip archive (`checked[i]`).
fn write_summary(files: &[Checked], checked: &[Option<String>], dir: &Path) -> Option<PathBuf> {
    let mut spool = Spool::new().ok()?;
    for (i, (f, name)) in files.iter().zip(checked).enumerate() {
        let row = FileRow::from_report(i, &f.report, name.clone());
        spool.add(&row, f.report.findings()).ok()?;
    }
    let p = dir.join("summary.xlsx");
    let mut built = Ok(());
    place::write_atomic(&p, |f| {
        built = write_summary_xlsx(spool, f);
        built.clone().map_err(std::io::Error::other)
    })
    .ok()?;
    built.ok()?;
    Some(p)
}

/// The findings CSV of the whole batch (UTF-8 with BOM, like `check`).
fn write_csv(files: &[Checked], dir: &Path) -> Option<PathBuf> {
    let mut w = CsvWriter::new(Vec::new()).ok()?;
    for f in files {
        w.write_report(&f.report).ok()?;
    }
    let bytes = w.finish().ok()?;
    let p = dir.join("findings.csv");
    std::fs::write(&p, bytes).ok()?;
    Some(p)
}

/// The downloads of a batch and the JSON the page receives.
pub struct Outcome {
    pub downloads: Vec<(String, Download)>,
    pub body: Value,
}

/// Write the batch files (CSV, summary), register the downloads and build
/// the response: per file the findings JSON of design.md §6 with its
/// download ids, then the batch downloads.
pub fn finish_batch(
    batch_id: &str,
    files: &[Checked],
    dir: &Path,
    scheme: Option<&str>,
    keep_secs: u64,
) -> Outcome {
    let mut downloads = Vec::new();
    let mut add = |d: Download| {
        let id = new_id();
        downloads.push((id.clone(), d));
        id
    };
    let mut zip_entries = Vec::new();
    let mut taken = std::collections::HashSet::new();
    let mut per_file = Vec::with_capacity(files.len());
    let mut checked_names = Vec::with_capacity(files.len());
    for f in files {
        let stem = split_ext(&f.name).0.to_string();
        let mut checked_name = None;
        let docx = f
            .xlsx
            .as_ref()
            .is_some_and(|p| p.extension().is_some_and(|e| e == "docx"));
        let xlsx = f.xlsx.as_ref().map(|p| {
            // The copy's own extension says its kind: a Word document's is
            // a .docx, a macro-enabled workbook's patched copy an .xlsm.
            let (ext, fallback, mime) = match p.extension().and_then(|e| e.to_str()) {
                Some("docx") => ("docx", "checked.docx", DOCX),
                Some("xlsm") => ("xlsm", "checked.xlsm", XLSM),
                _ => ("xlsx", "checked.xlsx", XLSX),
            };
            let name = format!("{stem}.checked.{ext}");
            let entry = unique_name(&name, &mut taken);
            checked_name = Some(entry.clone());
            zip_entries.push((p.clone(), entry));
            add(Download {
                content: Content::File(p.clone()),
                name,
                fallback,
                mime,
            })
        });
        let json_id = f.json.as_ref().map(|p| {
            let name = format!("{stem}.findings.json");
            zip_entries.push((p.clone(), unique_name(&name, &mut taken)));
            add(Download {
                content: Content::File(p.clone()),
                name,
                fallback: "findings.json",
                mime: "application/json; charset=utf-8",
            })
        });
        let report: Value = serde_json::from_str(&to_json(&f.report)).unwrap_or(Value::Null);
        per_file.push(json!({
            "name": f.name,
            "size": f.size,
            "verdict": f.report.verdict().label(),
            "notes": f.report.notes,
            "report": report,
            "downloads": { "xlsx": xlsx, "checked_docx": docx, "json": json_id },
        }));
        checked_names.push(checked_name);
    }
    let csv = write_csv(files, dir).map(|p| {
        zip_entries.push((p.clone(), unique_name("findings.csv", &mut taken)));
        add(Download {
            content: Content::File(p),
            name: "findings.csv".to_string(),
            fallback: "findings.csv",
            mime: "text/csv; charset=utf-8",
        })
    });
    let summary = if files.len() > 1 {
        write_summary(files, &checked_names, dir).map(|p| {
            zip_entries.push((p.clone(), unique_name(SUMMARY_FILE, &mut taken)));
            add(Download {
                content: Content::File(p),
                name: SUMMARY_FILE.to_string(),
                fallback: "summary.xlsx",
                mime: XLSX,
            })
        })
    } else {
        None
    };
    let zip = add(Download {
        content: LazyZip::content(dir.join("all.zip"), zip_entries),
        name: "审表结果.zip".to_string(),
        fallback: "shenbiao-results.zip",
        mime: "application/zip",
    });
    let count = |sev| files.iter().map(|f| f.report.count(sev)).sum::<usize>();
    let body = json!({
        "batch": batch_id,
        "scheme": scheme,
        "expires_in_seconds": keep_secs,
        "files": per_file,
        "summary": {
            "files": files.len(),
            "errors": count(Severity::Error),
            "warnings": count(Severity::Warning),
            "infos": count(Severity::Info),
        },
        "downloads": { "csv": csv, "summary": summary, "zip": zip },
    });
    Outcome { downloads, body }
}

/// Build a zip of `entries` at `path` (blocking; deflate, UTF-8 names).
pub fn build_zip(path: &Path, entries: &[(PathBuf, String)]) -> Result<(), place::WriteError> {
    // Through a random O_EXCL temp name renamed over `path` once complete:
    // nobody ever sees a half-written archive.
    place::write_atomic(path, |file| {
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (src, name) in entries {
            let Ok(mut f) = std::fs::File::open(src) else {
                continue;
            };
            zip.start_file(name.as_str(), opts)
                .map_err(std::io::Error::other)?;
            std::io::copy(&mut f, &mut zip)?;
        }
        let mut w = zip.finish().map_err(std::io::Error::other)?;
        std::io::Write::flush(&mut w)
    })
}
