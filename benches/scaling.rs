//! Scaling benchmark (README "性能"): does the cost grow linearly with the
//! input? Generates, in a temporary folder:
//!
//! - the seed 决算 workbook (`samples/决算_公开01-09.xlsx`) with 公开03 and
//!   公开05 expanded to N coded rows each (N = 2,000, 10,000, 20,000,
//!   40,000 by default): whole 类 blocks of 款 and 项 rows, each parent the
//!   exact sum of its children, the same rows in both tables (公开05's 基本
//!   and 项目支出 equal 公开03's), and the 合计 rows raised by the same sums;
//!   公开01/04, which are not expanded, then disagree with the new totals —
//!   a handful of cross-table findings whatever N is;
//! - a workbook of 500 自评表 sheets (the 津南 sample's sheet, copied).
//!
//! Each is checked by the release CLI with all outputs, and the wall time,
//! CPU time (all threads and worker processes) and peak RSS are printed
//! with the growth factor between sizes.
//!
//! Run: `cargo bench --bench scaling` (options after `--`: `--rows 2000,10000`,
//! `--sheets 500`, `--runs 3`, `--keep DIR` to keep the generated inputs).

mod common;

use calamine::{Data, Reader};
use common::{run_cli, Child};
use std::path::{Path, PathBuf};

const SEED: &str = "决算_公开01-09.xlsx";
const SELF_EVAL: &str = "津南_智慧津南项目运维及咨询费.xlsx";

struct Args {
    rows: Vec<usize>,
    sheets: usize,
    runs: usize,
    keep: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        rows: vec![2_000, 10_000, 20_000, 40_000],
        sheets: 500,
        runs: 3,
        keep: None,
    };
    let argv: Vec<String> = std::env::args().collect();
    for (i, arg) in argv.iter().enumerate() {
        let next = argv.get(i + 1);
        match arg.as_str() {
            "--rows" => {
                if let Some(v) = next {
                    a.rows = v.split(',').filter_map(|n| n.parse().ok()).collect();
                }
            }
            "--sheets" => a.sheets = next.and_then(|v| v.parse().ok()).unwrap_or(a.sheets),
            "--runs" => a.runs = next.and_then(|v| v.parse().ok()).unwrap_or(a.runs),
            "--keep" => a.keep = next.map(PathBuf::from),
            _ => {}
        }
    }
    a
}

fn main() {
    let a = args();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_shenbiao"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let inputs = a.keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&inputs).expect("input folder");
    println!("shenbiao scaling bench — release build, all outputs (xlsx, json, csv)\n");
    println!("| 输入 | 墙钟 (s) | CPU (s) | 峰值 RSS (MB) | 相对上一档 |");
    println!("|---|---:|---:|---:|---:|");
    let mut previous: Option<(usize, f64)> = None;
    for &n in &a.rows {
        let input = inputs.join(format!("决算_{n}.xlsx"));
        expanded_final_accounts(&samples.join(SEED), &input, n);
        let c = median_run(&bin, &input, tmp.path(), a.runs);
        let growth = previous.map_or(String::new(), |(m, t)| {
            format!(
                "行数 ×{:.1}，用时 ×{:.2}",
                n as f64 / m as f64,
                c.wall.as_secs_f64() / t
            )
        });
        print_row(&format!("决算，公开03/05 各 {n} 行"), &c, &growth);
        previous = Some((n, c.wall.as_secs_f64()));
    }
    if a.sheets > 0 {
        let input = inputs.join(format!("自评表_{}张.xlsx", a.sheets));
        many_sheets(&samples.join(SELF_EVAL), &input, a.sheets);
        let c = median_run(&bin, &input, tmp.path(), a.runs);
        print_row(&format!("{} 张自评表的工作簿", a.sheets), &c, "");
    }
}

fn print_row(what: &str, c: &Child, growth: &str) {
    println!(
        "| {what} | {:.2} | {:.2} | {:.1} | {growth} |",
        c.wall.as_secs_f64(),
        c.cpu.as_secs_f64(),
        c.max_rss_kb as f64 / 1024.0
    );
}

fn median_run(bin: &Path, input: &Path, tmp: &Path, runs: usize) -> Child {
    let mut results: Vec<Child> = (0..runs.max(1))
        .map(|run| {
            let out = tmp.join(format!(
                "out-{}-{run}",
                input.file_stem().unwrap().to_string_lossy()
            ));
            run_cli(bin, input, &out, &["--max-seconds", "3600"])
        })
        .collect();
    results.sort_by_key(|r| r.wall);
    results.swap_remove(results.len() / 2)
}

/// One sheet read back: its name, cells and merges.
struct Grid {
    name: String,
    cells: Vec<(u32, u32, Data)>,
    merges: Vec<calamine::Dimensions>,
}

fn read_grids(path: &Path) -> Vec<Grid> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("sample");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let cells = range
                .cells()
                .filter(|(_, _, v)| !matches!(v, Data::Empty))
                .map(|(r, c, v)| (r as u32 + r0, c as u32 + c0, v.clone()))
                .collect();
            let merges = wb.merge_cells_by_sheet_name(&name).expect("merges");
            Grid {
                name,
                cells,
                merges,
            }
        })
        .collect()
}

fn write_cell(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u32, v: &Data) {
    let c = c as u16;
    match v {
        Data::Float(f) => drop(ws.write_number(r, c, *f)),
        Data::Int(i) => drop(ws.write_number(r, c, *i as f64)),
        Data::String(s) => drop(ws.write_string(r, c, s)),
        Data::Bool(b) => drop(ws.write_boolean(r, c, *b)),
        other => drop(ws.write_string(r, c, other.to_string())),
    }
}

fn write_merges(
    ws: &mut rust_xlsxwriter::Worksheet,
    merges: &[calamine::Dimensions],
    shift: impl Fn(u32) -> u32,
) {
    let blank = rust_xlsxwriter::Format::new();
    for m in merges {
        let (r1, c1) = m.start;
        let (r2, c2) = m.end;
        if (r1, c1) != (r2, c2) {
            let _ = ws.merge_range(shift(r1), c1 as u16, shift(r2), c2 as u16, "", &blank);
        }
    }
}

/// The seed with `n` generated coded rows in 公开03 and 公开05, inserted
/// before each table's 注 line.
fn expanded_final_accounts(seed: &Path, out: &Path, n: usize) {
    let rows = generated_rows(n);
    let added: (i64, i64) = rows
        .iter()
        .filter(|r| r.0.len() == 3)
        .fold((0, 0), |(b, p), r| (b + r.2, p + r.3));
    let mut wb = rust_xlsxwriter::Workbook::new();
    for g in read_grids(seed) {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name).expect("name");
        let table = ["公开03表", "公开05表"]
            .into_iter()
            .find(|t| g.name.contains(t));
        let Some(table) = table else {
            for (r, c, v) in &g.cells {
                write_cell(ws, *r, *c, v);
            }
            write_merges(ws, &g.merges, |r| r);
            continue;
        };
        // The 注 line: the first row below the 合计 row whose first cell is
        // text that is not a code.
        let note_row = g
            .cells
            .iter()
            .filter(|(_, c, v)| *c == 0 && matches!(v, Data::String(s) if s.starts_with("注")))
            .map(|(r, _, _)| *r)
            .min()
            .expect("a 注 line");
        let total_row = g
            .cells
            .iter()
            .find(|(_, c, v)| *c == 0 && matches!(v, Data::String(s) if s == "合计"))
            .map(|(r, _, _)| *r)
            .expect("a 合计 row");
        let k = rows.len() as u32;
        let shift = |r: u32| if r >= note_row { r + k } else { r };
        for (r, c, v) in &g.cells {
            let v = match (r, c, v) {
                // 合计 row: columns 合计(1), 基本(2), 项目(3) raised by the sums.
                (r, 4, Data::Float(f)) if *r == total_row => {
                    Data::Float(f + (added.0 + added.1) as f64 / 100.0)
                }
                (r, 5, Data::Float(f)) if *r == total_row => {
                    Data::Float(f + added.0 as f64 / 100.0)
                }
                (r, 6, Data::Float(f)) if *r == total_row => {
                    Data::Float(f + added.1 as f64 / 100.0)
                }
                _ => v.clone(),
            };
            write_cell(ws, shift(*r), *c, &v);
        }
        write_merges(ws, &g.merges, shift);
        for (i, (code, name, basic, project)) in rows.iter().enumerate() {
            let r = note_row + i as u32;
            ws.write_string(r, 0, code).unwrap();
            ws.write_string(r, 3, name).unwrap();
            ws.write_number(r, 4, (basic + project) as f64 / 100.0)
                .unwrap();
            ws.write_number(r, 5, *basic as f64 / 100.0).unwrap();
            ws.write_number(r, 6, *project as f64 / 100.0).unwrap();
            if table == "公开03表" {
                for c in 7..10 {
                    ws.write_number(r, c, 0.0).unwrap();
                }
            }
        }
    }
    wb.save(out).expect("save");
}

/// `n` rows (about) of 类/款/项 blocks under 类 codes 250…: amounts in fen
/// (基本支出, 项目支出), every 款 and 类 the sum of its children.
fn generated_rows(n: usize) -> Vec<(String, String, i64, i64)> {
    let mut rows = Vec::with_capacity(n + 100);
    let mut class = 250;
    while rows.len() < n && class <= 999 {
        let start = rows.len();
        rows.push((class.to_string(), format!("测试类{class}"), 0, 0));
        let mut class_sum = (0, 0);
        for kuan in 1..=99 {
            if rows.len() >= n {
                break;
            }
            let kuan_at = rows.len();
            let code = format!("{class}{kuan:02}");
            rows.push((code.clone(), format!("测试款{code}"), 0, 0));
            let mut sum = (0, 0);
            for item in 1..=9 {
                let seq = rows.len() as i64;
                let (b, p) = ((seq % 13) * 50, (seq % 29) * 100 + 37);
                rows.push((
                    format!("{code}{item:02}"),
                    format!("测试项{code}{item:02}"),
                    b,
                    p,
                ));
                sum = (sum.0 + b, sum.1 + p);
            }
            rows[kuan_at].2 = sum.0;
            rows[kuan_at].3 = sum.1;
            class_sum = (class_sum.0 + sum.0, class_sum.1 + sum.1);
        }
        rows[start].2 = class_sum.0;
        rows[start].3 = class_sum.1;
        class += 1;
    }
    rows
}

/// A workbook of `n` copies of the sample's first sheet.
fn many_sheets(sample: &Path, out: &Path, n: usize) {
    let grids = read_grids(sample);
    let g = &grids[0];
    let mut wb = rust_xlsxwriter::Workbook::new();
    for i in 0..n {
        let ws = wb.add_worksheet();
        ws.set_name(format!("自评表{}", i + 1)).expect("name");
        for (r, c, v) in &g.cells {
            write_cell(ws, *r, *c, v);
        }
        write_merges(ws, &g.merges, |r| r);
    }
    wb.save(out).expect("save");
}
