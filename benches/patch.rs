//! Patch mode against rebuild mode for the checked copy (issue 13, point 5),
//! for every sample, measured in the same run and interleaved so both see
//! the same machine:
//!
//! - rebuild: `report::xlsx::checked_workbook_bytes` (today's copy, rebuilt
//!   from the calamine reading);
//! - patch: what `report::checked::checked_copy` does for an .xlsx: the
//!   findings' marks (`patch_marks::sheet_marks`), the result sheets
//!   (`results_workbook_bytes`: 审核结果, 评分复核, 勾稽关系) and
//!   `patch_xlsx` on the input's bytes. The patch call alone is shown too.
//!
//! Both start from what the check already has in memory (the workbook read
//! for rebuild, the file's bytes for patch). Figures are the median thread
//! CPU time of N runs.
//!
//! Run: `cargo bench --bench patch` (`-- --iters N`, default 200).

mod common;

use common::thread_cpu;

use shenbiao::report::xlsx::{patch_marks::sheet_marks, results_workbook_bytes};
use shenbiao::report::xlsx_patch::{patch_xlsx, PatchOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn median(v: &mut [Duration]) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let iters = argv
        .iter()
        .position(|a| a == "--iters")
        .and_then(|i| argv.get(i + 1)?.parse().ok())
        .unwrap_or(200usize);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut samples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    samples.sort();
    println!("patch mode vs rebuild mode, median thread CPU of {iters} runs\n");
    println!(
        "| 文件 | 问题数 | 重建 (ms) | 修补：结果表 + 修补 (ms) | 其中修补 (ms) | 修补/重建 |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let opts = PatchOptions::default();
    let mut worst: f64 = 0.0;
    for path in &samples {
        let (report, opened) = shenbiao::check_file(path, &shenbiao::Options::default());
        let opened = opened.expect("sample readable");
        let Some(wb) = opened.workbook() else {
            continue;
        };
        let input = &opened.bytes;
        let sheets: Vec<&str> = wb.sheets.iter().map(|s| &*s.name).collect();
        let (mut rebuild, mut patch, mut only) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..iters {
            let t = thread_cpu();
            let bytes = shenbiao::report::xlsx::checked_workbook_bytes(wb, &report).unwrap();
            rebuild.push(thread_cpu() - t);
            std::hint::black_box(bytes);

            let t = thread_cpu();
            let marks = sheet_marks(&report, &sheets);
            let results = results_workbook_bytes(&sheets, &report, &[]).unwrap();
            let t2 = thread_cpu();
            let bytes = patch_xlsx(input, &marks, &results, &opts).unwrap();
            let end = thread_cpu();
            patch.push(end - t);
            only.push(end - t2);
            std::hint::black_box(bytes);
        }
        let (r, p, o) = (median(&mut rebuild), median(&mut patch), median(&mut only));
        worst = worst.max(p / r);
        println!(
            "| {} | {} | {r:.2} | {p:.2} | {o:.2} | {:.2} |",
            path.file_name().unwrap().to_string_lossy(),
            report.findings().count(),
            p / r
        );
    }
    println!("\n最大 修补/重建 = {worst:.2}（目标 ≤ 1.00）");
}
