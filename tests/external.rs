//! Real public workbooks (blank 预算 templates; one .xls saved by WPS) kept in
//! `../shared/external-workbooks/`: each must be answered cleanly — read,
//! then `checked` or `no_forms` — with no panic. Skipped, saying why, when
//! the folder is absent (set SHENBIAO_EXTERNAL_WORKBOOKS to point elsewhere).

use shenbiao::report::Status;
use std::path::PathBuf;

fn folder() -> PathBuf {
    std::env::var_os("SHENBIAO_EXTERNAL_WORKBOOKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/external-workbooks")
        })
}

#[test]
fn external_workbooks_are_answered_cleanly() {
    let dir = folder();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipped: {} does not exist (set SHENBIAO_EXTERNAL_WORKBOOKS)",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "{} is empty", dir.display());
    let opts = shenbiao::Options::default();
    for p in &paths {
        let started = std::time::Instant::now();
        let (report, wb) = shenbiao::check_file(p, &opts);
        eprintln!(
            "{}: {:?}, {} forms, {} findings, {:.2}s {}",
            p.display(),
            report.status,
            report.forms.len(),
            report.findings.len(),
            started.elapsed().as_secs_f64(),
            report.error.as_deref().unwrap_or("")
        );
        assert!(
            matches!(report.status, Status::Checked | Status::NoForms),
            "{}: {:?} {:?}",
            p.display(),
            report.status,
            report.error
        );
        let wb = wb.expect("a readable workbook is returned");
        assert!(!wb.sheets.is_empty(), "{}: no sheets", p.display());
    }
}
