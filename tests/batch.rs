//! Batch runs (design.md §5, §7): bad files never stop the others, output
//! order never depends on `-j`, our own files are skipped, and 汇总.xlsx
//! lists every input.

use assert_cmd::Command;
use calamine::{Data, Reader};
use std::path::{Path, PathBuf};

fn shenbiao() -> Command {
    Command::cargo_bin("shenbiao").unwrap()
}

fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx")
                && p.file_name().unwrap().to_string_lossy().contains('_')
                && !p.file_name().unwrap().to_string_lossy().contains("决算")
        })
        .collect();
    v.sort();
    assert!(v.len() >= 3, "samples/ holds the 自评表 samples");
    v
}

/// A compound file whose directory names an `EncryptedPackage` stream, as
/// Office writes for a password-protected xlsx.
fn encrypted_bytes() -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.resize(512, 0);
    b.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    b.resize(2048, 0);
    b
}

/// A folder with good copies of the samples (one in a subfolder), a corrupt
/// file, an encrypted file, an Excel lock file and an old checked copy.
fn batch_dir(root: &Path) -> (PathBuf, Vec<String>) {
    let dir = root.join("收件");
    std::fs::create_dir_all(dir.join("二科")).unwrap();
    let mut good = Vec::new();
    for (i, s) in samples().iter().enumerate() {
        let name = s.file_name().unwrap().to_string_lossy().into_owned();
        let to = if i == 0 {
            dir.join("二科").join(&name)
        } else {
            dir.join(&name)
        };
        std::fs::copy(s, &to).unwrap();
        good.push(name);
    }
    std::fs::write(dir.join("损坏.xlsx"), b"PK\x03\x04 this zip ends here").unwrap();
    std::fs::write(dir.join("加密.xlsx"), encrypted_bytes()).unwrap();
    std::fs::write(dir.join("~$益阳_市雪亮工程三期.xlsx"), b"lock").unwrap();
    std::fs::copy(&samples()[1], dir.join("旧结果.checked.xlsx")).unwrap();
    std::fs::copy(&samples()[1], dir.join("旧宏.checked.xlsm")).unwrap();
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/决算公开_说明错误示例.docx");
    std::fs::copy(docx, dir.join("旧文档.checked.docx")).unwrap();
    (dir, good)
}

fn read_sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn bad_files_are_reported_and_the_rest_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, good) = batch_dir(tmp.path());
    let out = tmp.path().join("out");
    let assert = shenbiao()
        .arg("check")
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .args(["-j", "2"])
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("损坏.xlsx") && stderr.contains("加密.xlsx"),
        "{stderr}"
    );
    assert!(stderr.contains("无法读取"), "{stderr}");
    assert!(
        !stderr.contains('\r'),
        "no progress bar off a terminal: {stderr:?}"
    );

    for name in &good {
        let stem = name.trim_end_matches(".xlsx");
        assert!(out.join(format!("{stem}.checked.xlsx")).exists(), "{stem}");
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join(format!("{stem}.findings.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(json["status"], "checked", "{stem}");
    }
    for bad in ["损坏", "加密"] {
        let json: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.join(format!("{bad}.findings.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(json["status"], "unreadable", "{bad}");
        assert!(!out.join(format!("{bad}.checked.xlsx")).exists());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("加密.findings.json")).unwrap()).unwrap();
    assert!(json["error"].as_str().unwrap().contains("加密"), "{json}");

    // Lock files and our own outputs are not inputs.
    assert!(!out.join("~$益阳_市雪亮工程三期.findings.json").exists());
    assert!(!out.join("旧结果.checked.findings.json").exists());
    assert!(!out.join("旧宏.checked.findings.json").exists());
    assert!(!out.join("旧文档.checked.findings.json").exists());

    // 汇总.xlsx: one row per input, worst first, links to the checked copies.
    let rows = read_sheet(&out.join("汇总.xlsx"), "汇总");
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "序号"))
        .unwrap();
    let files: Vec<&Vec<String>> = rows[header + 1..].iter().collect();
    assert_eq!(files.len(), good.len() + 2, "{rows:?}");
    let col = |name: &str| rows[header].iter().position(|h| h == name).unwrap();
    let (file, verdict, link) = (col("文件"), col("结论"), col("标注工作簿"));
    for name in &good {
        let row = files
            .iter()
            .find(|r| r[file].ends_with(name.as_str()))
            .unwrap();
        let stem = name.trim_end_matches(".xlsx");
        assert_eq!(row[link], format!("{stem}.checked.xlsx"));
        assert_ne!(row[verdict], "无法读取");
    }
    for bad in ["损坏.xlsx", "加密.xlsx"] {
        let row = files.iter().find(|r| r[file].ends_with(bad)).unwrap();
        assert_eq!(row[verdict], "无法读取");
        assert_eq!(row[link], "");
    }
    // Worst first: errors, then unreadable files, then the rest.
    let rank = |v: &str| {
        [
            "有错误",
            "无法读取",
            "未识别到表格",
            "有警告",
            "仅提示",
            "通过",
        ]
        .iter()
        .position(|x| *x == v)
        .unwrap()
    };
    let ranks: Vec<usize> = files.iter().map(|r| rank(&r[verdict])).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{files:?}");
    assert_eq!(files[0][verdict], "有错误", "津南 has an error: {files:?}");
    // The 单位 column: a 自评表's 实施单位 (津南 leaves 主管部门 blank).
    let unit = col("单位");
    let jinnan = files
        .iter()
        .find(|r| r[file].contains("津南_智慧津南项目运维及咨询费"))
        .expect("津南 is among the inputs");
    assert_eq!(jinnan[unit], "天津市津南区大数据管理中心");

    // Every finding of every file, once.
    let csv = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    let findings_in_csv = csv.lines().skip(1).filter(|l| {
        ["错误", "警告", "提示"]
            .iter()
            .any(|s| l.contains(&format!(",{s},")))
    });
    let all = read_sheet(&out.join("汇总.xlsx"), "全部问题");
    assert_eq!(all[0][0], "文件");
    assert_eq!(all.len() - 1, findings_in_csv.count());

    // 单元格 opens the checked copy at the cell; 应为/实为 are numbers.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("汇总.xlsx")).unwrap();
    let formulas = wb.worksheet_formula("全部问题").unwrap();
    let values = wb.worksheet_range("全部问题").unwrap();
    let h27 = (1..values.height() as u32)
        .find(|&r| {
            values.get_value((r, 6)).map(|v| v.to_string()).as_deref() == Some("H27")
                && values.get_value((r, 3)).map(|v| v.to_string()).as_deref() == Some("ZP-24")
        })
        .expect("津南's ZP-24 row");
    let formula = formulas.get_value((h27, 6)).cloned().unwrap_or_default();
    assert!(
        formula.contains("津南_智慧津南项目运维及咨询费.checked.xlsx#'自评表'!H27"),
        "{formula}"
    );
    assert_eq!(values.get_value((h27, 8)), Some(&Data::Float(97.0)));
}

#[test]
fn output_order_does_not_depend_on_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = batch_dir(tmp.path());
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = tmp.path().join(format!("out{jobs}"));
        shenbiao()
            .arg("check")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .args(["-q", "-j", jobs])
            .assert()
            .code(3);
        let csv = std::fs::read(out.join("findings.csv")).unwrap();
        let summary = read_sheet(&out.join("汇总.xlsx"), "汇总");
        let all = read_sheet(&out.join("汇总.xlsx"), "全部问题");
        outputs.push((csv, summary, all));
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    // findings.csv follows the input order: the folder sorted, subfolder
    // included where it sorts.
    let csv = String::from_utf8(outputs[0].0.clone()).unwrap();
    let order: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .fold(Vec::new(), |mut v, f| {
            if v.last() != Some(&f) {
                v.push(f);
            }
            v
        });
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn same_names_in_different_folders_get_distinct_outputs() {
    let tmp = tempfile::tempdir().unwrap();
    let s = samples()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("津南"))
        .unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir_all(tmp.path().join(sub)).unwrap();
        std::fs::copy(&s, tmp.path().join(sub).join("自评表.xlsx")).unwrap();
    }
    let out = tmp.path().join("out");
    shenbiao()
        .arg("check")
        .arg(tmp.path().join("a"))
        .arg(tmp.path().join("b"))
        .arg(tmp.path().join("a").join("自评表.xlsx"))
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .code(1);
    assert!(out.join("自评表.checked.xlsx").exists());
    assert!(out.join("自评表_2.checked.xlsx").exists());
    // The file named twice is checked once.
    assert!(!out.join("自评表_3.checked.xlsx").exists());
    let rows = read_sheet(&out.join("汇总.xlsx"), "汇总");
    let link = rows
        .iter()
        .find_map(|r| r.iter().position(|h| h == "标注工作簿"))
        .expect("a 标注工作簿 column");
    let links: Vec<&String> = rows.iter().filter_map(|r| r.get(link)).collect();
    assert!(
        links.iter().any(|l| *l == "自评表_2.checked.xlsx"),
        "{rows:?}"
    );
}

#[test]
fn a_single_file_gets_no_summary_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = shenbiao()
        .arg("check")
        .arg(&samples()[1])
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .output()
        .unwrap();
    assert!(matches!(run.status.code(), Some(0 | 1)), "{run:?}");
    assert!(out.join("findings.csv").exists());
    assert!(!out.join("汇总.xlsx").exists());
}

#[test]
fn a_second_run_into_the_same_folder_checks_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("收件");
    std::fs::create_dir_all(&dir).unwrap();
    for s in samples().iter().take(2) {
        std::fs::copy(s, dir.join(s.file_name().unwrap())).unwrap();
    }
    // The output folder sits inside the folder being checked: its checked
    // copies and 汇总.xlsx must not become inputs of the next run.
    let out = dir.join("结果");
    let run = || {
        let status = shenbiao()
            .arg("check")
            .arg(&dir)
            .arg("-o")
            .arg(&out)
            .arg("-q")
            .output()
            .unwrap()
            .status;
        (
            status.code(),
            std::fs::read(out.join("findings.csv")).unwrap(),
        )
    };
    let first = run();
    assert!(matches!(first.0, Some(0 | 1)), "{first:?}");
    assert!(out.join("汇总.xlsx").exists());
    assert_eq!(first, run());
}

#[test]
fn an_output_never_overwrites_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let s = &samples()[1];
    let input = tmp.path().join("表.xlsx");
    let named_like_an_output = tmp.path().join("表.checked.xlsx");
    std::fs::copy(s, &input).unwrap();
    std::fs::copy(s, &named_like_an_output).unwrap();
    let before = std::fs::read(&named_like_an_output).unwrap();
    let assert = shenbiao()
        .arg("check")
        .arg(&input)
        .arg(&named_like_an_output)
        .arg("-o")
        .arg(tmp.path())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("覆盖输入文件"), "{stderr}");
    assert_eq!(std::fs::read(&named_like_an_output).unwrap(), before);
}

/// Two symlink loops and a FIFO named like a workbook: the walk ends, each
/// real file is checked once, and what was skipped is said.
#[cfg(unix)]
#[test]
fn symlink_loops_and_special_files_do_not_stop_the_walk() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("收件");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let sample = &samples()[0];
    let name = sample.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::copy(sample, dir.join(&name)).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub").join("up")).unwrap();
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("sub").join("self")).unwrap();
    let fifo = dir.join("管道.xlsx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    let out = tmp.path().join("out");
    let run = shenbiao()
        .arg("check")
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let code = run.status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}");
    let stderr = String::from_utf8_lossy(&run.stderr);
    let stdout = String::from_utf8_lossy(&run.stdout);
    let said = format!("{stdout}{stderr}");
    assert!(said.contains("循环"), "loop not reported: {said}");
    assert!(said.contains("不是普通文件"), "FIFO not reported: {said}");
    let csv = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    let files: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(files.len(), 1, "each real file once: {files:?}");
    assert!(files.iter().next().unwrap().ends_with(&name), "{files:?}");
    assert!(!out.join("管道.findings.json").exists());
}
