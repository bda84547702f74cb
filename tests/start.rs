//! Starting without a terminal (design.md §5, issue 15 item 1): no
//! arguments start the page and open the browser; paths without a
//! subcommand (a drop on the program) are checked into 审表结果 beside the
//! first and opened; clap speaks Chinese. The desktop's opener is replaced
//! by a script that records what it was asked to open (`SHENBIAO_OPENER`).

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn shenbiao() -> Command {
    Command::cargo_bin("shenbiao").unwrap()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

const JINNAN: &str = "津南_智慧津南项目运维及咨询费.xlsx";
/// Warnings only, no error.
const XUELIANG: &str = "益阳_市雪亮工程三期.xlsx";

/// A stand-in for the desktop's opener: appends its argument to
/// `dir/opened.txt`. Returns the program to put in SHENBIAO_OPENER.
fn fake_opener(dir: &Path) -> PathBuf {
    #[cfg(windows)]
    {
        let script = dir.join("opener.cmd");
        std::fs::write(&script, "@echo %~1>>\"%~dp0opened.txt\"\r\n").unwrap();
        script
    }
    #[cfg(not(windows))]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("opener.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> \"$(dirname \"$0\")/opened.txt\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }
}

/// What the fake opener was asked to open, waiting up to 10 s for it (it
/// runs detached from the program).
fn opened(dir: &Path, expected: usize) -> Vec<String> {
    let record = dir.join("opened.txt");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Vec<String> = std::fs::read(&record)
            .map(|b| {
                String::from_utf8_lossy(&b)
                    .lines()
                    .map(|l| l.trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        if lines.len() >= expected || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The opener saw `path` (exactly on Unix; on Windows `cmd`'s echo writes
/// in the console code page, so only the ASCII tail is compared).
fn assert_opened(line: &str, path: &Path) {
    if cfg!(windows) {
        let name = path.file_name().unwrap().to_string_lossy();
        let tail: String = name.chars().rev().take_while(char::is_ascii).collect();
        let tail: String = tail.chars().rev().collect();
        assert!(line.ends_with(&tail), "{line:?} vs {}", path.display());
    } else {
        assert_eq!(Path::new(line), path);
    }
}

/// Run with paths as the only arguments, as Explorer does for a drop.
fn drop_on(paths: &[&Path], record: &Path) -> (i32, String) {
    let out = shenbiao()
        .args(paths)
        .env("SHENBIAO_OPENER", fake_opener(record))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn no_arguments_start_the_page_and_open_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    // Hold the default port (if nobody else does already): a double-click
    // must then fall back to a free port instead of failing.
    let _busy = std::net::TcpListener::bind("127.0.0.1:8000");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shenbiao"))
        .env("SHENBIAO_OPENER", fake_opener(dir.path()))
        // The server's private directory goes under this test's temp dir
        // (TMPDIR on Unix, TMP/TEMP on Windows).
        .env("TMPDIR", dir.path())
        .env("TMP", dir.path())
        .env("TEMP", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let said = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for l in BufReader::new(stderr).lines().map_while(Result::ok) {
            let stop = l.contains("关闭此窗口即停止");
            lines.push(l);
            if stop {
                break;
            }
        }
        lines.join("\n")
    });
    let url = line
        .split_once("http://")
        .map(|(_, rest)| format!("http://{}", rest.trim()))
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(line.starts_with("审表网页版已启动："), "{line:?}");
    assert!(!url.ends_with(":8000/"), "port 8000 was taken: {url}");

    let page = reqwest::blocking::get(&url).unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let body = page.text().unwrap();
    assert!(body.contains("审表"), "{body:.200}");

    let seen = opened(dir.path(), 1);
    let _ = child.kill();
    let _ = child.wait();
    let said = said.join().unwrap();
    assert_eq!(seen, vec![url.clone()], "the browser opener got the page");
    assert!(
        said.contains("端口 8000 已被占用，改用一个空闲端口"),
        "{said}"
    );
    assert!(said.contains("正在用默认浏览器打开"), "{said}");
    assert!(said.contains("关闭此窗口即停止"), "{said}");
}

#[test]
fn a_dropped_file_is_checked_into_results_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    // Chinese names and spaces, as on a clerk's desktop.
    let inbox = dir.path().join("收件 2020");
    std::fs::create_dir(&inbox).unwrap();
    let input = inbox.join("津南 自评表.xlsx");
    std::fs::copy(sample(JINNAN), &input).unwrap();
    let before = std::fs::read(&input).unwrap();

    let (code, stderr) = drop_on(&[&input], dir.path());
    assert_eq!(code, 1, "the sample holds an error: {stderr}");
    let results = inbox.join("审表结果");
    let checked = results.join("津南 自评表.checked.xlsx");
    assert!(checked.is_file(), "{stderr}");
    assert!(results.join("津南 自评表.findings.json").is_file());
    assert!(results.join("findings.csv").is_file());
    assert!(
        stderr.contains(&format!("检查结果已保存到：{}", results.display())),
        "{stderr}"
    );
    let seen = opened(dir.path(), 1);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_opened(&seen[0], &checked);
    assert_eq!(std::fs::read(&input).unwrap(), before, "input untouched");
}

#[test]
fn dropping_a_folder_and_a_file_opens_the_results_folder() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("收件");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(sample(JINNAN), inbox.join(JINNAN)).unwrap();
    let other = dir.path().join(XUELIANG);
    std::fs::copy(sample(XUELIANG), &other).unwrap();

    let (code, stderr) = drop_on(&[&inbox, &other], dir.path());
    assert_eq!(code, 1, "{stderr}");
    // Beside the first input, the folder: a sibling of 收件.
    let results = dir.path().join("审表结果");
    for name in [
        "津南_智慧津南项目运维及咨询费.checked.xlsx",
        "益阳_市雪亮工程三期.checked.xlsx",
        "汇总.xlsx",
    ] {
        assert!(results.join(name).is_file(), "{name}: {stderr}");
    }
    let seen = opened(dir.path(), 1);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_opened(&seen[0], &results);
}

#[test]
fn a_mistyped_command_names_the_commands() {
    let out = shenbiao().arg("chekc").assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("没有名为“chekc”的命令")
            && stderr.contains("check、rules、template、serve"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_option_is_explained_in_chinese() {
    let out = shenbiao()
        .args(["check", "--bogus", "a.xlsx"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("错误：无法识别的选项或参数“--bogus”"),
        "{stderr}"
    );
    assert!(
        // "shenbiao.exe check --help" on Windows.
        stderr.contains(" check --help 查看帮助"),
        "{stderr}"
    );
    for english in ["error:", "Usage", "unexpected", "For more information"] {
        assert!(!stderr.contains(english), "{english:?} in {stderr}");
    }

    let out = shenbiao()
        .args(["check", "--fail-on", "sometimes", "a.xlsx"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("“sometimes”不是选项 --fail-on <级别> 的有效取值")
            && stderr.contains("可选：错误、警告、提示、从不"),
        "{stderr}"
    );
}

#[test]
fn fail_on_accepts_chinese_levels() {
    let dir = tempfile::tempdir().unwrap();
    let run = |level: &str, name: &str| {
        shenbiao()
            .args(["check", "-q", "--format", "json", "--fail-on", level])
            .arg(sample(name))
            .arg("-o")
            .arg(dir.path())
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(run("警告", XUELIANG), Some(1), "warnings fail at 警告");
    assert_eq!(run("错误", XUELIANG), Some(0), "but not at 错误");
    assert_eq!(run("提示", XUELIANG), Some(1));
    assert_eq!(run("从不", JINNAN), Some(0), "errors pass at 从不");
    assert_eq!(
        run("warning", XUELIANG),
        Some(1),
        "English names still work"
    );
}

#[test]
fn every_help_text_is_chinese() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["rules", "--help"],
        &["template", "--help"],
        &["serve", "-h"],
    ] {
        let out = shenbiao().args(args).assert().code(0);
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(
            text.contains("用法：") && text.contains("显示帮助"),
            "{args:?}: {text}"
        );
        for english in [
            "Usage",
            "Options",
            "Arguments",
            "Commands",
            "Print",
            "[default",
            "possible values",
            "[OPTIONS]",
        ] {
            assert!(!text.contains(english), "{args:?}: {english:?} in {text}");
        }
    }
}
