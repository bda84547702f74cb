//! The command line contract (design.md §5): outputs, exit codes, rules.

mod common;
use assert_cmd::Command;
use common::*;
use std::path::Path;

fn shenbiao() -> Command {
    Command::cargo_bin("shenbiao").unwrap()
}

/// `shenbiao check INPUT -o OUT -q`, asserted on by the caller.
fn check_quietly(input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    shenbiao()
        .arg("check")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .assert()
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

#[test]
fn clean_form_exits_zero_and_writes_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = save_form(
        dir.path(),
        "干净.xlsx",
        &FormSpec::consistent(),
        (0, 0),
        Style::default(),
    );
    let out = dir.path().join("out");
    shenbiao()
        .arg("check")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .code(0);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("干净.findings.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "checked");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["forms"][0]["kind"], "self_evaluation");
    assert_eq!(json["forms"][0]["score"]["declared"], "99");
    let csv = std::fs::read(out.join("findings.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "findings.csv starts with a BOM"
    );
    assert!(String::from_utf8(csv).unwrap().contains("干净.xlsx"));
}

#[test]
fn errors_exit_one_and_fail_on_controls_it() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("津南_智慧津南项目运维及咨询费.xlsx");
    let out = dir.path().join("out");
    check_quietly(&input, &out).code(1);
    shenbiao()
        .args(["check", "--fail-on", "never", "-q"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    // A form with warnings only: 0 by default, 1 with --fail-on warning.
    let yiyang = sample("益阳_市雪亮工程三期.xlsx");
    shenbiao()
        .args(["check", "-q"])
        .arg(&yiyang)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    shenbiao()
        .args(["check", "-q", "--fail-on", "warning"])
        .arg(&yiyang)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("津南_智慧津南项目运维及咨询费.findings.json")).unwrap(),
    )
    .unwrap();
    let f = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ZP-24")
        .unwrap();
    assert_eq!(
        (
            f["cell"].as_str(),
            f["expected"].as_str(),
            f["actual"].as_str()
        ),
        (Some("H27"), Some("97"), Some("96"))
    );
}

#[test]
fn unreadable_input_exits_three_with_a_chinese_message() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏文件.xlsx");
    std::fs::write(&bad, "这不是 Excel").unwrap();
    let empty = dir.path().join("空.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let out = dir.path().join("out");
    let assert = shenbiao()
        .arg("check")
        .arg(&bad)
        .arg(&empty)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(3);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("无法读取"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("坏文件.findings.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "unreadable");
    assert!(
        json["error"].as_str().unwrap().contains("不是 Excel")
            || json["error"].as_str().unwrap().contains("不是有效的 Excel"),
        "{}",
        json["error"]
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("空.findings.json")).unwrap()).unwrap();
    assert!(json["error"].as_str().unwrap().contains("0 字节"));
    assert_eq!(
        std::fs::read(&bad).unwrap(),
        "这不是 Excel".as_bytes(),
        "input untouched"
    );
}

/// A workbook with no known form: the terminal, the JSON and 审核结果 say
/// what was looked for and which sheet came closest; nothing was found
/// wrong, so the exit code is 0 (design.md §5), but nothing says 无问题.
#[test]
fn a_workbook_without_forms_names_the_closest_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("工资.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("工资表").unwrap();
    for (c, t) in ["姓名", "岗位", "应发工资"].iter().enumerate() {
        ws.write_string(0, c as u16, *t).unwrap();
    }
    ws.write_string(1, 0, "张三").unwrap();
    ws.write_number(1, 2, 5000.0).unwrap();
    wb.save(&input).unwrap();
    let out = dir.path().join("out");
    let assert = shenbiao()
        .arg("check")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let closest = "工作表“工资表”像表格（5 个非空单元格），但没有 分值/得分 列";
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(closest), "{stderr}");
    assert!(stderr.contains("已查找：项目支出绩效自评表"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("工资.findings.json")).unwrap()).unwrap();
    assert_eq!(json["status"], "no_forms");
    assert!(
        json["not_found"].as_str().unwrap().contains(closest),
        "{json}"
    );
    let mut checked: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("工资.checked.xlsx")).unwrap();
    use calamine::Reader;
    let range = checked.worksheet_range("审核结果").unwrap();
    let texts: Vec<String> = range.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(texts.iter().any(|t| t.contains(closest)), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("无问题")), "{texts:?}");
}

#[test]
fn usage_errors_exit_two() {
    shenbiao()
        .args(["check", "/nonexistent/没有这个文件.xlsx", "-q"])
        .assert()
        .code(2);
    shenbiao().args(["rules", "ZP-99"]).assert().code(2);
    shenbiao().args(["check"]).assert().code(2);
}

#[test]
fn rules_are_listed_and_explained() {
    let out = shenbiao()
        .arg("rules")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for code in ["SB-01", "ZP-03", "ZP-24", "ZP-25"] {
        assert!(text.contains(code), "{code} listed");
    }
    let out = shenbiao()
        .args(["rules", "zp-24"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("总分与各项得分合计不符") && text.contains("示例"),
        "{text}"
    );
}

/// Validated by the contract's own checker, which lives outside the
/// repository (`../shared/reference/`); CI runs it with
/// `cargo test --test cli -- --ignored`.
#[test]
#[ignore = "needs ../shared/reference/check_findings_json.py and python3; CI runs it"]
fn json_output_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    shenbiao()
        .args(["check", "-q", "--format", "json"])
        .arg(sample(""))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1); // the samples hold real errors
    let checker =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/check_findings_json.py");
    assert!(checker.exists(), "{} not found", checker.display());
    let status = std::process::Command::new("python3")
        .arg(&checker)
        .arg(&out)
        .status()
        .expect("python3 runs (this test is ignored where it cannot)");
    assert!(status.success(), "check_findings_json.py reported problems");
}

/// The audit record names the file checked and its SHA-256, in the
/// findings JSON and on 审核结果, so a later reader can tell the copy on
/// record is the file that was checked.
#[test]
fn the_audit_record_carries_the_input_sha256() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample("津南_智慧津南项目运维及咨询费.xlsx");
    let out = dir.path().join("out");
    check_quietly(&input, &out).code(1);
    let expected = shenbiao::check::sha256_hex(&std::fs::read(&input).unwrap());
    assert_eq!(expected.len(), 64);
    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("津南_智慧津南项目运维及咨询费.findings.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["sha256"], expected.as_str());
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(out.join("津南_智慧津南项目运维及咨询费.checked.xlsx")).unwrap();
    let range = calamine::Reader::worksheet_range(&mut book, "审核结果").unwrap();
    let line = format!("检查的文件：津南_智慧津南项目运维及咨询费.xlsx　SHA-256：{expected}");
    assert!(
        range.used_cells().any(|(_, _, v)| v.to_string() == line),
        "no line {line:?} on 审核结果"
    );
}
