//! One job: check one input and write its per-file outputs (the annotated
//! workbook and the findings JSON). Shared by `shenbiao check` and
//! `shenbiao serve`, with one panic boundary around the whole job.

use super::place::{write_atomic, write_bytes, WriteError};
use crate::check::{check_file, Options};
use crate::outcome::{FileReport, ReadError};
use crate::report::{checked::checked_copy, json::to_json};
use crate::workbook::contain::contained;
use std::path::{Path, PathBuf};

/// Where one job's outputs go and which are wanted.
#[derive(Debug, Clone)]
pub struct Job<'a> {
    pub input: &'a Path,
    /// The name the report gives the file (the path as given, or the
    /// uploaded file's name).
    pub name: &'a str,
    pub out_dir: &'a Path,
    /// Outputs are `STEM.checked.xlsx` (`.xlsm` for a macro-enabled
    /// workbook) and `STEM.findings.json`.
    pub stem: &'a str,
    /// Write the annotated copy (`STEM.checked.xlsx` or `.xlsm`).
    pub annotated: bool,
    pub json: bool,
}

/// What a job produced.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Done {
    pub report: FileReport,
    /// The annotated copy, when it was written.
    pub checked: Option<PathBuf>,
    /// The findings JSON, when it was written.
    pub json: Option<PathBuf>,
    /// Outputs that could not be written, and why.
    pub failures: Vec<WriteError>,
}

/// Check `job.input` and write its outputs. The workbook is dropped before
/// returning; a failure (even a panic) in a writer becomes a recorded
/// failure on the report, never a lost batch.
pub fn run(job: &Job<'_>, opts: &Options) -> Done {
    contained(|| run_unguarded(job, opts)).unwrap_or_else(|_| Done {
        report: FileReport::unreadable(
            job.name,
            ReadError::Crashed("处理该文件时发生内部错误（文件结构异常）".into()),
        ),
        checked: None,
        json: None,
        failures: Vec::new(),
    })
}

fn run_unguarded(job: &Job<'_>, opts: &Options) -> Done {
    let (mut report, opened) = check_file(job.input, opts);
    report.file = job.name.to_string();
    let mut done = Done {
        report,
        checked: None,
        json: None,
        failures: Vec::new(),
    };
    if let (true, Some(opened)) = (job.annotated, &opened) {
        // A narrower boundary than the job's: a crash while building the
        // copy must still leave the JSON written.
        let built = contained(|| checked_copy(opened, &mut done.report, &opts.limits))
            .unwrap_or_else(|_| Err("生成时发生内部错误".to_string()));
        let path = |extension: &str| {
            job.out_dir
                .join(format!("{}.checked.{extension}", job.stem))
        };
        match built {
            Ok(copy) => {
                let path = path(copy.extension);
                match write_bytes(&path, &copy.bytes) {
                    Ok(()) => done.checked = Some(path),
                    Err(e) => done.failures.push(e),
                }
            }
            Err(e) => done.failures.push(WriteError::Build(path("xlsx"), e)),
        }
    }
    drop(opened);
    write_json(job, &mut done);
    done
}

/// The job of a file whose check never finished (its worker process was
/// stopped): the unreadable report, and its findings JSON when wanted.
pub fn unfinished(job: &Job<'_>, report: FileReport) -> Done {
    let mut done = Done {
        report,
        checked: None,
        json: None,
        failures: Vec::new(),
    };
    write_json(job, &mut done);
    done
}

/// Write the findings JSON (when wanted), then note every output that
/// could not be written on the report.
fn write_json(job: &Job<'_>, done: &mut Done) {
    if job.json {
        let path = job.out_dir.join(format!("{}.findings.json", job.stem));
        let text = to_json(&done.report);
        match write_atomic(&path, |f| std::io::Write::write_all(f, text.as_bytes())) {
            Ok(()) => done.json = Some(path),
            Err(e) => done.failures.push(e),
        }
    }
    for e in &done.failures {
        done.report.notes.push(e.to_string());
    }
}
