//! A batch run (`shenbiao check`): find the inputs, check them on a pool of
//! workers (each through the one [`job`] function), and collect the batch
//! outputs in input order — findings.csv streamed as files finish, 汇总.xlsx
//! from a spool — with a progress bar and a terminal summary.

pub mod inputs;
mod interrupt;
pub mod job;
pub mod place;
mod progress;
pub mod terminal;
pub mod worker;

use crate::check::Options;
use crate::outcome::{FileReport, ReadError, Status};
use crate::report::csv::CsvWriter;
use crate::report::summary::{write_summary, FileRow, Spool, Tally, SUMMARY_FILE};
use crate::rules::Severity;
use place::WriteError;
use progress::Progress;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use terminal::DETAIL_LINES;

/// Output settings of one run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub out_dir: PathBuf,
    pub xlsx: bool,
    pub json: bool,
    pub csv: bool,
    pub jobs: usize,
    pub quiet: bool,
    /// Worker processes (the CLI) or this process (library callers).
    pub isolation: worker::Isolation,
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
    /// Remarks about the run (skipped files, outputs not written).
    pub notes: Vec<String>,
    /// Outputs that could not be written (per-file and batch).
    pub write_failures: usize,
    pub out_dir: PathBuf,
    pub summary_written: bool,
    pub elapsed: Duration,
}

impl RunSummary {
    /// design.md §5: 4 if an output could not be written, else 3 if an input
    /// was unreadable, else 1 if a finding at or above `fail_on` exists,
    /// else 0 (the highest that applies wins).
    pub fn exit_code(&self, fail_on: Option<Severity>) -> u8 {
        if self.write_failures > 0 {
            return 4;
        }
        if self.tally.unreadable > 0 {
            return 3;
        }
        let failing = fail_on.is_some_and(|level| {
            Severity::ALL
                .into_iter()
                .any(|s| s <= level && self.tally.count(s) > 0)
        });
        u8::from(failing)
    }
}

/// One finished file on its way from a worker to the collector: the report
/// stripped of its forms and records, and the checked workbook's file name.
struct Finished {
    index: usize,
    report: FileReport,
    checked: Option<String>,
    failures: usize,
}

/// Check every input and write its outputs. Inputs are processed in
/// parallel by `jobs` workers; findings.csv rows and the returned rows come
/// in input order whatever `jobs` is.
pub fn run(paths: &[PathBuf], opts: &Options, cfg: &RunConfig) -> Result<RunSummary, String> {
    let started = Instant::now();
    let summary_path = cfg.out_dir.join(SUMMARY_FILE);
    let found = inputs::collect(paths)?;
    let mut inputs = found.inputs;
    // A 汇总.xlsx of an earlier run, found while walking a folder, is ours.
    inputs.retain(|p| {
        paths.contains(p)
            || p.file_name().is_none_or(|n| n != SUMMARY_FILE)
            || !inputs::same_file(p, &summary_path)
    });
    let inputs = inputs::dedup(inputs);
    if inputs.is_empty() {
        return Err("没有找到可检查的文件（.xlsx/.xlsm/.xls/.ods/.docx）".into());
    }
    std::fs::create_dir_all(&cfg.out_dir)
        .map_err(|e| format!("无法创建输出文件夹 {}：{e}", cfg.out_dir.display()))?;
    let stems = inputs::output_stems(&inputs);
    inputs::guard_inputs(&inputs, &stems, &cfg.out_dir, &summary_path)?;

    let with_summary = cfg.xlsx && inputs.len() > 1;
    let mut sink = Sink::new(cfg, with_summary, inputs.len());
    sink.notes.extend(found.notes);
    let mut progress = Progress::new(inputs.len(), !cfg.quiet);
    let next = AtomicUsize::new(0);
    let jobs = cfg.jobs.clamp(1, inputs.len());
    let pool = worker::Pool::new(cfg.isolation.clone());
    let _interrupt = interrupt::guard(cfg.out_dir.clone(), pool.live());
    let (tx, rx) = mpsc::channel::<Finished>();
    let mut pending: BTreeMap<usize, Finished> = BTreeMap::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (inputs, stems, next, pool) = (&inputs, &stems, &next, &pool);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(input) = inputs.get(i) else { break };
                let done = process(i, input, &stems[i], pool, opts, cfg);
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
        let d = pending.remove(&i).unwrap_or_else(|| Finished {
            index: i,
            report: FileReport::unreadable(
                &input.display().to_string(),
                ReadError::Crashed("处理该文件时发生内部错误".into()),
            ),
            checked: None,
            failures: 0,
        });
        sink.accept(d);
    }
    let mut summary = sink.finish(&cfg.out_dir);
    summary.elapsed = started.elapsed();
    if !cfg.quiet {
        eprint!("{}", terminal::summary_text(&summary));
    }
    Ok(summary)
}

/// Check one file and write its per-file outputs, on a worker.
fn process(
    index: usize,
    input: &Path,
    stem: &str,
    pool: &worker::Pool,
    opts: &Options,
    cfg: &RunConfig,
) -> Finished {
    let name = input.display().to_string();
    let done = pool.run(
        &job::Job {
            input,
            name: &name,
            out_dir: &cfg.out_dir,
            stem,
            annotated: cfg.xlsx,
            json: cfg.json,
        },
        opts,
    );
    let mut report = done.report;
    report.slim();
    Finished {
        index,
        report,
        checked: done
            .checked
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
        failures: done.failures.len(),
    }
}

/// Where finished files go, in input order: findings.csv (streamed to a
/// temporary file, placed at the end), the spool of 汇总.xlsx, the batch
/// counts and the few rows the stderr summary lists. Nothing here grows
/// with the number of files beyond those few rows.
struct Sink {
    csv: Option<CsvWriter<BufWriter<tempfile::NamedTempFile>>>,
    spool: Option<Spool>,
    /// Index of the next file expected, in input order.
    next: usize,
    tally: Tally,
    /// True when every file gets a line on stderr (a small batch).
    detailed: bool,
    listed: Vec<FileRow>,
    unlisted: usize,
    notes: Vec<String>,
    write_failures: usize,
}

impl Sink {
    fn new(cfg: &RunConfig, with_summary: bool, n: usize) -> Sink {
        let mut notes = Vec::new();
        let mut write_failures = 0;
        let csv_path = cfg.out_dir.join("findings.csv");
        let csv = cfg.csv.then(|| {
            place::temp_in(&cfg.out_dir)
                .and_then(|f| CsvWriter::new(BufWriter::new(f)))
                .map_err(|e| {
                    write_failures += 1;
                    notes.push(WriteError::from_io(&csv_path, &e).to_string());
                })
                .ok()
        });
        let spool = with_summary.then(|| {
            Spool::new()
                .map_err(|e| {
                    write_failures += 1;
                    notes.push(format!("{SUMMARY_FILE} 未能写出：无法创建临时文件：{e}"));
                })
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
            write_failures,
        }
    }

    /// Takes the next file in input order.
    fn accept(&mut self, d: Finished) {
        self.next += 1;
        self.write_failures += d.failures;
        if let Some(w) = &mut self.csv {
            if let Err(e) = w.write_report(&d.report) {
                self.notes.push(format!("findings.csv 未能写出：{e}"));
                self.write_failures += 1;
                self.csv = None;
            }
        }
        let row = FileRow::from_report(d.index, &d.report, d.checked);
        if let Some(spool) = &mut self.spool {
            if let Err(e) = spool.add(&row, d.report.findings()) {
                self.notes
                    .push(format!("{SUMMARY_FILE} 未能写出：临时文件写入失败：{e}"));
                self.write_failures += 1;
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
        if let Some(w) = self.csv.take() {
            let path = out_dir.join("findings.csv");
            let placed = w
                .finish()
                .and_then(|b| b.into_inner().map_err(|e| e.into_error()))
                .map_err(|e| WriteError::from_io(&path, &e))
                .and_then(|mut tmp| {
                    tmp.flush().map_err(|e| WriteError::from_io(&path, &e))?;
                    tmp.persist(&path)
                        .map(drop)
                        .map_err(|e| WriteError::from_io(&path, &e.error))
                });
            if let Err(e) = placed {
                self.write_failures += 1;
                self.notes.push(e.to_string());
            }
        }
        let mut summary_written = false;
        if let Some(spool) = self.spool.take() {
            let path = out_dir.join(SUMMARY_FILE);
            let mut built = Ok(());
            let placed = place::write_atomic(&path, |f| {
                built = write_summary(spool, f);
                built.clone().map_err(std::io::Error::other)
            });
            match (placed, built) {
                (Ok(()), _) => summary_written = true,
                (Err(_), Err(e)) => {
                    self.write_failures += 1;
                    self.notes.push(format!("{SUMMARY_FILE} 未能写出：{e}"));
                }
                (Err(e), Ok(())) => {
                    self.write_failures += 1;
                    self.notes.push(e.to_string());
                }
            }
        }
        RunSummary {
            tally: self.tally,
            listed: self.listed,
            unlisted: self.unlisted,
            notes: self.notes,
            write_failures: self.write_failures,
            out_dir: out_dir.to_path_buf(),
            summary_written,
            elapsed: Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(errors: usize, warnings: usize, unreadable: usize, failures: usize) -> RunSummary {
        RunSummary {
            tally: Tally {
                errors,
                warnings,
                unreadable,
                ..Tally::default()
            },
            write_failures: failures,
            ..RunSummary::default()
        }
    }

    #[test]
    fn exit_codes_follow_the_contract_and_the_highest_wins() {
        let error = Some(Severity::Error);
        assert_eq!(summary(0, 0, 0, 0).exit_code(error), 0);
        assert_eq!(
            summary(0, 2, 0, 0).exit_code(error),
            0,
            "warnings pass --fail-on error"
        );
        assert_eq!(summary(0, 2, 0, 0).exit_code(Some(Severity::Warning)), 1);
        assert_eq!(summary(1, 0, 0, 0).exit_code(error), 1);
        assert_eq!(summary(1, 0, 0, 0).exit_code(None), 0, "--fail-on never");
        assert_eq!(summary(1, 0, 1, 0).exit_code(error), 3);
        assert_eq!(summary(1, 0, 1, 1).exit_code(error), 4);
        assert_eq!(summary(0, 0, 0, 1).exit_code(None), 4);
    }
}
