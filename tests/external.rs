//! Real public workbooks (blank 预算 templates; one .xls saved by WPS) kept in
//! `../shared/external-workbooks/`: each must be answered cleanly — read,
//! then `checked` or `no_forms` — with no panic. The folder lives outside
//! the repository, so the test is `#[ignore]`d in a bare `cargo test`; CI runs
//! it with `cargo test --test external -- --ignored` (set
//! SHENBIAO_EXTERNAL_WORKBOOKS to point elsewhere).

use shenbiao::outcome::Status;
use std::path::PathBuf;

fn folder() -> PathBuf {
    std::env::var_os("SHENBIAO_EXTERNAL_WORKBOOKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/external-workbooks")
        })
}

#[test]
#[ignore = "needs ../shared/external-workbooks (or SHENBIAO_EXTERNAL_WORKBOOKS); CI runs it"]
fn external_workbooks_are_answered_cleanly() {
    let dir = folder();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set SHENBIAO_EXTERNAL_WORKBOOKS)", dir.display()));
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
            report.summaries().count(),
            report.findings().count(),
            started.elapsed().as_secs_f64(),
            report
                .error
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_default()
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
