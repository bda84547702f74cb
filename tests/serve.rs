//! `shenbiao serve` over real HTTP: the spawned binary on a free loopback
//! port, driven by a plain HTTP client. Covers the limits (a 200 MB file,
//! a non-Excel file, 101 files) — each refused in Chinese while the server
//! stays small and keeps answering — and the API the page uses.

use reqwest::blocking::multipart::{Form, Part};
use reqwest::blocking::{Client, Response};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SAMPLE: &str = "samples/津南_智慧津南项目运维及咨询费.xlsx";
const MB: u64 = 1024 * 1024;
/// The server must stay below this peak resident size whatever it is sent.
const MAX_RSS_KB: u64 = 300 * 1024;

/// A running `shenbiao serve`, killed (by its own pid) when dropped.
struct Server {
    child: Child,
    url: String,
    tmp: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_shenbiao"))
            .args(["serve", "--port", "0", "--host", "127.0.0.1"])
            .args(extra)
            // The server's private directory goes under this test's own
            // temp dir, so the test can see it appear and vanish.
            .env("TMPDIR", tmp.path())
            .env("TMP", tmp.path())
            .env("TEMP", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find_map(|w| {
                w.find("http://")
                    .map(|i| w[i..].trim_end_matches('/').to_string())
            })
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        Server { child, url, tmp }
    }

    fn client() -> Client {
        Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .unwrap()
    }

    fn get(&self, path: &str) -> Response {
        Self::client()
            .get(format!("{}{path}", self.url))
            .send()
            .unwrap()
    }

    fn check(&self, form: Form) -> (u16, Value) {
        let resp = Self::client()
            .post(format!("{}/api/check", self.url))
            .multipart(form)
            .send()
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().unwrap())
    }

    /// Peak resident set size of the server, in kB (Linux).
    fn peak_rss_kb(&self) -> Option<u64> {
        // Elsewhere (a Windows build under Wine) /proc is not ours to read.
        if !cfg!(target_os = "linux") {
            return None;
        }
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    }

    fn assert_alive_and_small(&self, what: &str) {
        let info: Value = self.get("/api/info").json().unwrap();
        assert_eq!(
            info["tool"], "shenbiao",
            "server stopped answering after {what}"
        );
        if let Some(kb) = self.peak_rss_kb() {
            eprintln!("{what}: server VmHWM = {} MB", kb / 1024);
            assert!(kb < MAX_RSS_KB, "{what}: server peaked at {kb} kB");
        }
    }

    fn private_dirs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("shenbiao-serve-"))
            })
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `len` bytes of zip-looking noise, generated as they are read.
struct Noise {
    left: u64,
}

impl Read for Noise {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.left as usize);
        for (i, b) in buf[..n].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(31);
        }
        if n >= 4 && self.left >= 200 * MB {
            buf[..4].copy_from_slice(b"PK\x03\x04");
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn sample_part(name: &str) -> Part {
    Part::bytes(std::fs::read(SAMPLE).unwrap()).file_name(name.to_string())
}

fn files(body: &Value) -> &Vec<Value> {
    body["files"].as_array().expect("files array")
}

fn error_of(file: &Value) -> &str {
    file["report"]["error"].as_str().unwrap_or("")
}

#[test]
fn a_200_mb_file_is_refused_while_streaming() {
    let server = Server::start(&[]);
    let form = Form::new()
        .part(
            "files",
            Part::reader(Noise { left: 200 * MB }).file_name("巨大的表.xlsx"),
        )
        .part("files", sample_part("小表.xlsx"));
    let started = std::time::Instant::now();
    let (status, body) = server.check(form);
    eprintln!(
        "200 MB upload answered in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert_eq!(f[0]["name"], "巨大的表.xlsx");
    assert_eq!(f[0]["report"]["status"], "unreadable");
    assert!(error_of(&f[0]).contains("文件过大"), "{}", error_of(&f[0]));
    assert!(
        error_of(&f[0]).contains("上限 50 MB"),
        "{}",
        error_of(&f[0])
    );
    assert!(f[0]["downloads"]["xlsx"].is_null());
    // The other file of the same request is still checked.
    assert_eq!(f[1]["report"]["status"], "checked");
    server.assert_alive_and_small("200 MB file");
}

#[test]
fn files_past_the_total_limit_are_refused_and_an_endless_body_is_cut() {
    let server = Server::start(&["--max-request-mb", "20", "--max-file-mb", "15"]);
    // 3 × 8 MB: the first two fit in 20 MB, the third is refused on its own.
    let mut form = Form::new();
    for i in 1..=3 {
        form = form.part(
            "files",
            Part::reader(Noise { left: 8 * MB }).file_name(format!("{i}.xlsx")),
        );
    }
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert!(!error_of(&f[0]).contains("合计"), "{}", error_of(&f[0]));
    assert!(!error_of(&f[1]).contains("合计"), "{}", error_of(&f[1]));
    assert!(
        error_of(&f[2]).contains("本次上传的文件合计超过 20 MB 上限"),
        "{}",
        error_of(&f[2])
    );
    // Past twice the limit the server stops reading: a clear 413 if the
    // client reads it, else a cut connection; either way it lives on.
    let form = Form::new().part(
        "files",
        Part::reader(Noise { left: 200 * MB }).file_name("a.xlsx"),
    );
    let resp = Server::client()
        .post(format!("{}/api/check", server.url))
        .multipart(form)
        .send();
    match &resp {
        Ok(r) => eprintln!("past the hard limit: HTTP {}", r.status()),
        Err(e) => eprintln!("past the hard limit: connection cut ({e})"),
    }
    if let Ok(resp) = resp {
        assert_eq!(resp.status().as_u16(), 413);
        let body: Value = resp.json().unwrap();
        assert!(body["error"].as_str().unwrap().contains("已中止"), "{body}");
    }
    server.assert_alive_and_small("requests over the total limit");
    assert_eq!(server.private_dirs().len(), 1);
    let batches = std::fs::read_dir(&server.private_dirs()[0])
        .unwrap()
        .count();
    assert_eq!(batches, 1, "a refused request left files behind");
}

#[test]
fn non_excel_files_are_refused_in_chinese() {
    let server = Server::start(&[]);
    let form = Form::new()
        .part(
            "files",
            Part::bytes(b"%PDF-1.4 not a workbook".to_vec()).file_name("说明.pdf"),
        )
        .part(
            "files",
            Part::bytes(b"just text, renamed".to_vec()).file_name("假的.xlsx"),
        )
        .part("files", Part::bytes(Vec::new()).file_name("空.xlsx"))
        .part(
            "files",
            Part::bytes(b"x".to_vec()).file_name("../../etc/passwd"),
        );
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert_eq!(f.len(), 4);
    assert!(
        error_of(&f[0]).contains("不支持的文件类型（.pdf 文件）"),
        "{}",
        error_of(&f[0])
    );
    assert!(
        error_of(&f[1]).contains("不是") && error_of(&f[1]).contains("Excel"),
        "{}",
        error_of(&f[1])
    );
    assert!(
        !error_of(&f[1]).contains("in-1"),
        "temp name leaked: {}",
        error_of(&f[1])
    );
    assert!(error_of(&f[2]).contains("文件为空"), "{}", error_of(&f[2]));
    assert_eq!(f[3]["name"], "passwd");
    assert!(
        error_of(&f[3]).contains("没有扩展名"),
        "{}",
        error_of(&f[3])
    );
    for file in f {
        assert_eq!(file["verdict"], "无法读取");
        assert_eq!(file["report"]["status"], "unreadable");
    }
    server.assert_alive_and_small("non-Excel files");
}

#[test]
fn the_101st_file_is_refused() {
    let server = Server::start(&[]);
    let bytes = std::fs::read(SAMPLE).unwrap();
    let mut form = Form::new();
    for i in 1..=101 {
        form = form.part(
            "files",
            Part::bytes(bytes.clone()).file_name(format!("表{i}.xlsx")),
        );
    }
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert_eq!(f.len(), 101);
    for file in &f[..100] {
        assert_eq!(file["report"]["status"], "checked", "{}", file["name"]);
    }
    assert_eq!(f[100]["name"], "表101.xlsx");
    assert_eq!(f[100]["report"]["status"], "unreadable");
    assert!(
        error_of(&f[100]).contains("一次最多检查 100 个文件"),
        "{}",
        error_of(&f[100])
    );
    server.assert_alive_and_small("101 files");
}

#[test]
fn check_download_rules_and_cleanup() {
    let server = Server::start(&[]);
    let form = Form::new()
        .text("scheme", "national")
        .part("files", sample_part("津南_智慧津南项目运维及咨询费.xlsx"));
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["scheme"], "national");
    let f = &files(&body)[0];
    assert_eq!(f["verdict"], "有错误");
    let report = &f["report"];
    assert_eq!(report["tool"], "shenbiao");
    assert_eq!(report["file"], "津南_智慧津南项目运维及咨询费.xlsx");
    let findings = report["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .any(|x| x["rule"] == "ZP-24" && x["cell"] == "H27" && x["severity"] == "error"));
    // The 审核意见 the page shows with its copy button.
    let opinion = report["opinion"].as_str().unwrap();
    assert!(
        opinion.contains("（H27）") && opinion.ends_with("请核实后重新报送。"),
        "{opinion}"
    );

    // The server's private directory: 0700, outputs only, no upload left.
    let dirs = server.private_dirs();
    assert_eq!(dirs.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dirs[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let stored: Vec<String> = walk(&dirs[0])
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!stored.iter().any(|n| n.starts_with("in-")), "{stored:?}");

    // The annotated workbook, with a UTF-8 file name.
    let id = f["downloads"]["xlsx"].as_str().unwrap();
    let resp = server.get(&format!("/api/download/{id}"));
    assert_eq!(resp.status().as_u16(), 200);
    let cd = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cd.starts_with("attachment; filename=\"checked.xlsx\"; filename*=UTF-8''%E6%B4%A5"),
        "{cd}"
    );
    assert!(cd.ends_with(".checked.xlsx"), "{cd}");
    let bytes = resp.bytes().unwrap();
    let out = tempfile::tempdir().unwrap();
    let downloaded = out.path().join("checked.xlsx");
    std::fs::write(&downloaded, &bytes).unwrap();
    let (again, wb) = shenbiao::check_file(&downloaded, &shenbiao::Options::default());
    let opened = wb.expect("the download is a workbook shenbiao reads");
    let wb = opened.workbook().unwrap();
    assert_eq!(wb.sheets[0].name.as_ref(), "审核结果");
    assert!(again
        .findings()
        .any(|x| x.rule.code == "ZP-24" && x.cell == "H27"));

    // CSV, zip, rule docs, schemes.
    let csv = server
        .get(&format!(
            "/api/download/{}",
            body["downloads"]["csv"].as_str().unwrap()
        ))
        .bytes()
        .unwrap();
    assert!(csv.starts_with("\u{feff}文件".as_bytes()));
    let zip = server
        .get(&format!(
            "/api/download/{}",
            body["downloads"]["zip"].as_str().unwrap()
        ))
        .bytes()
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    assert!(
        names.contains(&"津南_智慧津南项目运维及咨询费.checked.xlsx".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"findings.csv".to_string()), "{names:?}");
    assert!(archive
        .by_name("津南_智慧津南项目运维及咨询费.findings.json")
        .is_ok());

    let rule: Value = server.get("/api/rules/zp-24").json().unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_shenbiao"))
        .args(["rules", "ZP-24"])
        .output()
        .unwrap();
    assert_eq!(
        rule["text"].as_str().unwrap(),
        String::from_utf8(cli.stdout).unwrap()
    );
    assert_eq!(server.get("/api/rules/XX-99").status().as_u16(), 404);
    let schemes: Value = server.get("/api/schemes").json().unwrap();
    assert_eq!(schemes[0]["name"], "national");

    // Clearing removes the batch at once.
    let batch = body["batch"].as_str().unwrap();
    let resp = Server::client()
        .delete(format!("{}/api/batch/{batch}", server.url))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 204);
    let gone = server.get(&format!("/api/download/{id}"));
    assert_eq!(gone.status().as_u16(), 404);
    let msg: Value = gone.json().unwrap();
    assert!(msg["error"].as_str().unwrap().contains("下载链接已失效"));
    assert!(walk(&dirs[0]).is_empty());
}

#[test]
fn page_is_self_contained_and_foreign_hosts_are_refused() {
    let server = Server::start(&[]);
    let page = server.get("/");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    let html = page.text().unwrap();
    assert!(html.contains("把 Excel 文件拖到这里"));
    for asset in ["/", "/assets/app.js", "/assets/style.css"] {
        let text = server.get(asset).text().unwrap();
        assert!(
            !text.contains("https://") && !text.contains("//cdn"),
            "{asset} refers outside"
        );
    }
    // DNS rebinding: a page on another name that resolves to 127.0.0.1.
    let resp = Server::client()
        .get(format!("{}/api/info", server.url))
        .header("Host", "evil.example:80")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    // A cross-site form post.
    let resp = Server::client()
        .post(format!("{}/api/check", server.url))
        .header("Origin", "http://evil.example")
        .multipart(Form::new().part("files", sample_part("a.xlsx")))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
    assert_eq!(
        server
            .get("/api/download/../../etc/passwd")
            .status()
            .as_u16(),
        404
    );
    assert_eq!(server.get("/api/download/0123").status().as_u16(), 404);
}

#[cfg(unix)]
#[test]
fn shutdown_removes_the_private_directory() {
    // SIGHUP: the terminal window was closed.
    for signal in ["-TERM", "-HUP"] {
        let mut server = Server::start(&[]);
        let (status, _) = server.check(Form::new().part("files", sample_part("a.xlsx")));
        assert_eq!(status, 200);
        assert_eq!(server.private_dirs().len(), 1);
        let pid = server.child.id().to_string();
        assert!(Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap()
            .success());
        let code = server.child.wait().unwrap();
        assert!(code.success(), "{signal}: {code:?}");
        assert!(
            server.private_dirs().is_empty(),
            "{signal}: temp dir left after shutdown"
        );
    }
}

#[test]
fn a_second_server_on_a_taken_port_says_so() {
    let first = Server::start(&[]);
    let port = first.url.rsplit(':').next().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_shenbiao"))
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("端口 {port} 已被占用")), "{err}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
