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
        let opened = wb.expect("a readable workbook is returned");
        let wb = opened.workbook().expect("a workbook");
        assert!(!wb.sheets.is_empty(), "{}: no sheets", p.display());
    }
}

/// Real public Word files (not forms): read with their tables, paragraphs,
/// headings and list labels as Word shows them.
#[test]
#[ignore = "needs ../shared/external-workbooks (or SHENBIAO_EXTERNAL_WORKBOOKS); CI runs it"]
fn the_real_public_documents_read() {
    let dir = folder().join("MengleiZhao__bg_perfm-main");
    assert!(dir.is_dir(), "{} not found", dir.display());
    let read_file = |name: &str| {
        let bytes = std::fs::read(dir.join(name)).expect("readable");
        shenbiao::docx::read_docx(&bytes, &Default::default()).expect("reads")
    };
    let letter = read_file("绩效评价调研函模板.docx");
    assert_eq!((letter.tables.len(), letter.paragraphs.len()), (0, 10));
    assert_eq!(letter.paragraphs[0].text, "关于开展XX项目绩效评价的函");
    let ours = read_file("绩效评价工作方案（以我所名义出具）.docx");
    assert_eq!((ours.tables.len(), ours.paragraphs.len()), (5, 144));
    assert_eq!(ours.tables[0].sheet.text(0, 0), "一级指标");
    assert_eq!(
        ours.paragraphs[0].heading,
        Some(1),
        "outlineLvl 0 on the title"
    );
    let first_numbered = ours.paragraphs.iter().find(|p| p.label.is_some()).unwrap();
    assert_eq!(first_numbered.label.as_deref(), Some("1."));
    assert!(first_numbered.text.starts_with("《中华人民共和国预算法》"));
    let client = read_file("绩效评价工作方案（以委托方名义出具）.docx");
    assert_eq!((client.tables.len(), client.paragraphs.len()), (6, 96));
    let t1 = &client.tables[0];
    assert_eq!(t1.sheet.text(0, 0), "单位名称");
    let last_caption = *t1.caption.last().unwrap();
    assert_eq!(
        client.paragraphs[last_caption].text,
        "表2  各级部门职责分工表"
    );
}
