//! Throughput benchmarks (README "批量检查与性能"):
//!
//! - one 自评表 end to end (read, check, annotated copy, JSON), per sample;
//! - the seed 决算 workbook end to end, when `samples/决算_公开01-09.xlsx`
//!   exists;
//! - the floor for the same files, measured in the same run: calamine
//!   reading the input's values, merges and styles, plus rust_xlsxwriter
//!   writing a workbook of the size of our checked copy (its cells, formats,
//!   merges and sheets, read once before timing) with as many notes, saved
//!   the way we save — so the table shows our ratio to it. The floor is
//!   timed at rust_xlsxwriter's default compression and at level 1 (ours);
//! - batches of 100 and 1,000 自评表 files through the release CLI
//!   (`-j 2`), with wall time, CPU time and peak RSS of the child (wait4).
//!
//! - the raw limit for the same files: unzip every part of the input and
//!   parse its XML (events only), then deflate the parts of our checked
//!   copy into a zip — what any tool that reads this input and writes that
//!   output must at least do.
//!
//! Per-file figures are the median CPU time of the whole process (every
//! thread), which other processes on the machine do not inflate the way
//! they inflate wall time.
//!
//! Run: `cargo bench --bench batch` (options after `--`: `--iters N`,
//! `--files N`, `--runs N`, `--phases` for a per-phase breakdown).

mod common;

use calamine::{Data, Reader};
use common::{process_cpu, run_cli, thread_cpu, Child};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Note, Workbook};
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::Duration;

const SEED_FINAL_ACCOUNTS: &str = "决算_公开01-09.xlsx";

struct Args {
    iters: usize,
    files: usize,
    runs: usize,
}

fn args() -> Args {
    let mut a = Args {
        iters: 200,
        files: 1000,
        runs: 5,
    };
    let argv: Vec<String> = std::env::args().collect();
    let num = |i: usize| argv.get(i + 1).and_then(|v| v.parse().ok());
    for (i, arg) in argv.iter().enumerate() {
        match arg.as_str() {
            "--iters" => a.iters = num(i).unwrap_or(a.iters),
            "--files" => a.files = num(i).unwrap_or(a.files),
            "--runs" => a.runs = num(i).unwrap_or(a.runs),
            _ => {}
        }
    }
    a
}

fn main() {
    let a = args();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut self_evals: Vec<PathBuf> = std::fs::read_dir(&samples)
        .expect("samples/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx")
                && !p.file_name().unwrap().to_string_lossy().contains("决算")
        })
        .collect();
    self_evals.sort();
    println!(
        "shenbiao bench — release build, {} CPU(s)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // Batches first: ext4 slows down creating files right after many were
    // deleted (it skips recently freed inodes), and the per-file loops below
    // replace their outputs hundreds of times. Nothing is deleted before the
    // end of the run for the same reason.
    batches(&self_evals, tmp.path(), &a);

    println!("| 文件 | 端到端 (ms) | 基线 (ms) | 倍数 | 基线·压缩级别 1 (ms) | 倍数 | 物理下限 (ms) | 倍数 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut worst: f64 = 0.0;
    let mut worst_raw: f64 = 0.0;
    for p in &self_evals {
        let t = single(p, tmp.path(), a.iters);
        worst = worst.max(t.ours / t.floor);
        worst_raw = worst_raw.max(t.ours / t.raw);
        row(p, &t);
    }
    let seed = samples.join(SEED_FINAL_ACCOUNTS);
    if seed.exists() {
        row(&seed, &single(&seed, tmp.path(), (a.iters / 4).max(10)));
    } else {
        println!("| {SEED_FINAL_ACCOUNTS} | 未找到，跳过 | | | | | | |");
    }
    println!(
        "\n自评表最大倍数：对默认压缩的基线 {worst:.2}；对物理下限 {worst_raw:.2}（目标 ≤ 3）"
    );
    if std::env::args().any(|a| a == "--phases") {
        for p in self_evals
            .iter()
            .take(1)
            .chain(seed.exists().then_some(&seed))
        {
            phases(p, tmp.path(), a.iters);
        }
    }
}

/// The CLI on `files / 10` and `files` copies of the samples: `-j 2`, and
/// `-j 1` on the larger batch, interleaved run by run so both see the same
/// machine; peak RSS is the largest single process (main or worker).
fn batches(samples: &[PathBuf], tmp: &Path, a: &Args) {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_shenbiao"));
    let sizes = [a.files / 10, a.files];
    for n in sizes {
        copies(samples, &tmp.join(format!("batch{n}")), n);
    }
    println!("| 批量 | 墙钟 (s) | CPU (s) | 峰值 RSS (MB，中位数与范围) |");
    println!("|---|---:|---:|---:|");
    let mut peaks = Vec::new();
    let mut walls = Vec::new();
    for (n, jobs) in [(sizes[0], "2"), (sizes[1], "1"), (sizes[1], "2")] {
        let dir = tmp.join(format!("batch{n}"));
        let mut results: Vec<Child> = (0..a.runs)
            .map(|run| {
                let out = tmp.join(format!("out{n}-j{jobs}-{run}"));
                run_cli(&bin, &dir, &out, &["-j", jobs])
            })
            .collect();
        results.sort_by_key(|r| r.wall);
        let median = &results[results.len() / 2];
        let mut rss: Vec<i64> = results.iter().map(|r| r.max_rss_kb).collect();
        rss.sort();
        let peak = rss[rss.len() / 2];
        if jobs == "2" {
            peaks.push(peak);
        }
        walls.push(median.wall.as_secs_f64());
        println!(
            "| {n} 个文件，-j {jobs} | {:.2} | {:.2} | {:.1}（{:.1}–{:.1}） |",
            median.wall.as_secs_f64(),
            median.cpu.as_secs_f64(),
            peak as f64 / 1024.0,
            rss[0] as f64 / 1024.0,
            rss[rss.len() - 1] as f64 / 1024.0,
        );
    }
    println!(
        "\n{} 个文件：-j 2 墙钟是 -j 1 的 {:.2} 倍（目标 ≤ 0.6）",
        sizes[1],
        walls[2] / walls[1]
    );
    peer(samples, tmp, &bin);
    if let [small, big] = peaks[..] {
        println!(
            "峰值 RSS：{} 个文件比 {} 个文件多 {:+.1}%（目标 ≤ 10%）\n",
            sizes[1],
            sizes[0],
            (big as f64 / small.max(1) as f64 - 1.0) * 100.0
        );
    }
}

/// The openpyxl script (benches/peer/openpyxl_peer.py) against shenbiao
/// `-j 2` on the same 240 files, run alternately three times; skipped, and
/// said so, when python3 has no openpyxl.
fn peer(samples: &[PathBuf], tmp: &Path, bin: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peer/openpyxl_peer.py");
    let has_openpyxl = std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_openpyxl {
        println!("openpyxl 对照：python3 没有 openpyxl，未测（pip install openpyxl 后重跑）\n");
        return;
    }
    let dir = tmp.join("peer240");
    copies(samples, &dir, 240);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for run in 0..3 {
        ours.push(
            run_cli(
                bin,
                &dir,
                &tmp.join(format!("peer-ours-{run}")),
                &["-j", "2"],
            )
            .wall,
        );
        let t = std::time::Instant::now();
        let ok = std::process::Command::new("python3")
            .arg(&script)
            .arg(&dir)
            .arg(tmp.join(format!("peer-py-{run}")))
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "openpyxl peer failed");
        theirs.push(t.elapsed());
    }
    let (o, p) = (median(&mut ours), median(&mut theirs));
    println!(
        "openpyxl 对照（240 个文件）：shenbiao -j 2 {o:.2} s，openpyxl 脚本 {p:.2} s，慢 {:.1} 倍（目标 ≥ 25）\n",
        p / o
    );
}

fn row(p: &Path, t: &Timing) {
    println!(
        "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
        p.file_name().unwrap().to_string_lossy(),
        t.ours * 1e3,
        t.floor * 1e3,
        t.ours / t.floor,
        t.floor_fast * 1e3,
        t.ours / t.floor_fast,
        t.raw * 1e3,
        t.ours / t.raw,
    );
}

/// Where the time of one file goes (thread CPU, median ms per phase), ours
/// and the floor's, to see which part is above the floor.
fn phases(path: &Path, tmp: &Path, iters: usize) {
    let opts = shenbiao::Options::default();
    let notes = end_to_end(path, tmp, &opts);
    let out = Prepared::read(&tmp.join("e2e.checked.xlsx"), notes);
    let names = [
        "读取",
        "识别与规则",
        "生成标注工作簿",
        "写盘",
        "JSON",
        "基线读取",
        "基线写出",
    ];
    let mut t: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    for _ in 0..iters {
        let mut lap = {
            let mut last = thread_cpu();
            move || {
                let now = thread_cpu();
                let d = now - last;
                last = now;
                d
            }
        };
        let wb = shenbiao::workbook::open_workbook(path, &opts.limits).unwrap();
        t[0].push(lap());
        let report = shenbiao::check_workbook(&path.display().to_string(), &wb, &opts);
        t[1].push(lap());
        let bytes = shenbiao::report::xlsx::checked_workbook_bytes(&wb, &report).unwrap();
        t[2].push(lap());
        shenbiao::batch::place::write_bytes(&tmp.join("p.checked.xlsx"), &bytes).unwrap();
        t[3].push(lap());
        let json = shenbiao::report::json::to_json(&report);
        shenbiao::batch::place::write_bytes(&tmp.join("p.json"), json.as_bytes()).unwrap();
        t[4].push(lap());
        floor_read(path);
        t[5].push(lap());
        floor_write(tmp, &out, None);
        t[6].push(lap());
    }
    println!("{}:", path.file_name().unwrap().to_string_lossy());
    for (n, v) in names.iter().zip(&mut t) {
        println!("  {n:<12} {:.3} ms", median(v) * 1e3);
    }
}

/// Median process-CPU seconds per run of our end-to-end path, of the floor
/// (rust_xlsxwriter's default compression), of the floor compressing at
/// level 1 as our writer does, and of the raw limit; run alternately so
/// all see the same machine.
fn single(path: &Path, tmp: &Path, iters: usize) -> Timing {
    let opts = shenbiao::Options::default();
    let checked = tmp.join("e2e.checked.xlsx");
    let notes = end_to_end(path, tmp, &opts);
    let output = Prepared::read(&checked, notes);
    let parts = inflated_parts(&std::fs::read(&checked).unwrap());
    floor(path, tmp, &output, None);
    let mut ours = Vec::with_capacity(iters);
    let mut base = Vec::with_capacity(iters);
    let mut fast = Vec::with_capacity(iters);
    let mut limit = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = process_cpu();
        end_to_end(path, tmp, &opts);
        ours.push(process_cpu() - t);
        let t = process_cpu();
        floor(path, tmp, &output, None);
        base.push(process_cpu() - t);
        let t = process_cpu();
        floor(path, tmp, &output, Some(1));
        fast.push(process_cpu() - t);
        let t = process_cpu();
        raw_limit(path, tmp, &parts);
        limit.push(process_cpu() - t);
    }
    Timing {
        ours: median(&mut ours),
        floor: median(&mut base),
        floor_fast: median(&mut fast),
        raw: median(&mut limit),
    }
}

struct Timing {
    ours: f64,
    floor: f64,
    floor_fast: f64,
    raw: f64,
}

/// Every part of a zip, inflated (read once before timing).
fn inflated_parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// The raw limit: read the input from disk, inflate each part and parse
/// its XML (events only); deflate `out_parts` into a zip on disk.
fn raw_limit(input: &Path, tmp: &Path, out_parts: &[(String, Vec<u8>)]) {
    let bytes = std::fs::read(input).unwrap();
    let mut events = 0usize;
    for (name, data) in inflated_parts(&bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml") {
            let mut reader = quick_xml::Reader::from_reader(&data[..]);
            let mut buf = Vec::new();
            while !matches!(
                reader.read_event_into(&mut buf),
                Ok(quick_xml::events::Event::Eof) | Err(_)
            ) {
                events += 1;
                buf.clear();
            }
        }
    }
    std::hint::black_box(events);
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for (name, data) in out_parts {
        w.start_file(name.as_str(), opts).unwrap();
        std::io::Write::write_all(&mut w, data).unwrap();
    }
    let out = w.finish().unwrap().into_inner();
    shenbiao::batch::place::write_bytes(&tmp.join("raw.xlsx"), &out).unwrap();
}

fn median(v: &mut [Duration]) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64()
}

/// What `shenbiao check` does for one file. Returns the number of notes
/// the annotated copy carries (distinct flagged cells).
fn end_to_end(path: &Path, tmp: &Path, opts: &shenbiao::Options) -> usize {
    let done = shenbiao::batch::job::run(
        &shenbiao::batch::job::Job {
            input: path,
            name: "e2e",
            out_dir: tmp,
            stem: "e2e",
            annotated: true,
            json: true,
        },
        opts,
    );
    assert!(
        done.checked.is_some() && done.json.is_some(),
        "outputs written"
    );
    done.report
        .findings()
        .map(|f| (f.sheet.as_str(), f.cell.as_str()))
        .collect::<HashSet<_>>()
        .len()
}

/// The content of the workbook the floor writes: every cell (value and
/// style), merge and sheet of our checked copy, read once before timing,
/// so the floor writes a workbook of exactly the size we write.
struct Prepared {
    sheets: Vec<PreparedSheet>,
    palette: Vec<calamine::Style>,
    notes: usize,
}

struct PreparedSheet {
    name: String,
    cells: Vec<(u32, u16, Data, usize)>,
    merges: Vec<calamine::Dimensions>,
}

impl Prepared {
    fn read(path: &Path, notes: usize) -> Prepared {
        let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let mut palette = Vec::new();
        let mut sheets = Vec::new();
        for name in xlsx.sheet_names() {
            let range = xlsx.worksheet_range(&name).unwrap();
            let merges = xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default();
            let mut ids: HashMap<(u32, u32), usize> = HashMap::new();
            {
                let mut reader = xlsx.worksheet_cells_reader(&name).unwrap();
                while let Some((r, c, id)) = reader.next_style_id().unwrap() {
                    ids.insert((r, c), id);
                }
                palette = reader.styles().to_vec();
            }
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut cells = Vec::new();
            for (r, c, v) in range.used_cells() {
                let (r, c) = (r0 + r as u32, c0 + c as u32);
                let id = ids.remove(&(r, c)).unwrap_or(0);
                cells.push((r, c as u16, v.clone(), id));
            }
            for ((r, c), id) in ids {
                if id != 0 {
                    cells.push((r, c as u16, Data::Empty, id));
                }
            }
            sheets.push(PreparedSheet {
                name,
                cells,
                merges,
            });
        }
        Prepared {
            sheets,
            palette,
            notes,
        }
    }
}

/// The floor: read the input's values, merges and styles with calamine,
/// then write a workbook of the size of our checked copy (same cells,
/// formats, merges, sheets) with as many notes, saved the way we save.
fn floor(path: &Path, tmp: &Path, out: &Prepared, level: Option<u8>) {
    floor_read(path);
    floor_write(tmp, out, level);
}

fn floor_read(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut xlsx = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut read = 0usize;
    for name in xlsx.sheet_names() {
        let range = xlsx.worksheet_range(&name).unwrap();
        let merges = xlsx.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let mut reader = xlsx.worksheet_cells_reader(&name).unwrap();
        let mut styled = Vec::new();
        while let Some(id) = reader.next_style_id().unwrap() {
            styled.push(id);
        }
        read += range.used_cells().count() + merges.len() + styled.len();
    }
    std::hint::black_box(read);
}

fn floor_write(tmp: &Path, out: &Prepared, level: Option<u8>) {
    let mut book = Workbook::new();
    if let Some(level) = level {
        book.set_zip_compression_level(level);
    }
    let mut formats: HashMap<usize, Format> = HashMap::new();
    let plain = Format::new();
    let mut left = out.notes;
    for sheet in &out.sheets {
        let ws = book.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for m in &sheet.merges {
            let _ = ws.merge_range(
                m.start.0,
                m.start.1 as u16,
                m.end.0,
                m.end.1 as u16,
                "",
                &plain,
            );
        }
        for (r, c, v, id) in &sheet.cells {
            let (r, c) = (*r, *c);
            let f = match id {
                0 => &plain,
                id => formats
                    .entry(*id)
                    .or_insert_with(|| out.palette.get(*id).map_or(Format::new(), to_format)),
            };
            let _ = match v {
                Data::Int(i) => ws.write_number_with_format(r, c, *i as f64, f),
                Data::Float(x) => ws.write_number_with_format(r, c, *x, f),
                Data::String(s) => ws.write_string_with_format(r, c, s, f),
                Data::Bool(b) => ws.write_boolean_with_format(r, c, *b, f),
                Data::DateTime(d) => ws.write_number_with_format(r, c, d.as_f64(), f),
                Data::Error(e) => ws.write_string_with_format(r, c, e.to_string(), f),
                _ => ws.write_blank(r, c, f),
            };
            if left > 0 && !matches!(v, Data::Empty) {
                left -= 1;
                let _ = ws.insert_note(r, c, &Note::new("审表：规则、说明、应为与实为"));
            }
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    shenbiao::batch::place::write_bytes(&tmp.join("floor.xlsx"), &bytes).unwrap();
}

fn to_format(s: &calamine::Style) -> Format {
    let mut f = Format::new();
    if let Some(font) = &s.font {
        if let Some(n) = &font.name {
            f = f.set_font_name(n);
        }
        if let Some(size) = font.size {
            f = f.set_font_size(size);
        }
        if font.is_bold() {
            f = f.set_bold();
        }
    }
    if s.borders.as_ref().is_some_and(|b| b.has_visible_borders()) {
        f = f.set_border(FormatBorder::Thin);
    }
    if let Some(a) = &s.alignment {
        if a.wrap_text {
            f = f.set_text_wrap();
        }
        f = f.set_align(FormatAlign::VerticalCenter);
    }
    if let Some(c) = s.fill.as_ref().and_then(|fill| fill.get_color()) {
        let rgb = (u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue);
        f = f.set_background_color(rgb);
    }
    if let Some(n) = &s.number_format {
        f = f.set_num_format(&n.format_code);
    }
    f
}

/// `n` copies of the samples, numbered so their outputs never collide.
fn copies(samples: &[PathBuf], dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let src = &samples[i % samples.len()];
        let stem = src.file_stem().unwrap().to_string_lossy();
        std::fs::copy(src, dir.join(format!("{stem}_{i:04}.xlsx"))).unwrap();
    }
}
