//! `shenbiao serve` over real HTTP: the spawned binary on a free loopback
//! port, driven by a plain HTTP client or a raw socket. Covers the limits
//! (a 200 MB file, a non-Excel file, 101 files, 20,000 parts), hostile
//! requests (a preamble or part header without end, on several
//! connections; stalled bodies and slow headers), 50 parallel uploads,
//! concurrent zip downloads, a file that exhausts its worker, signals and
//! leftover folders, option ranges and the API the page uses — each
//! answered in Chinese while the server stays small and keeps answering.

mod common;

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
        Self::start_in(tempfile::tempdir().unwrap(), extra)
    }

    /// Start with `tmp` as the system temp directory; `--host 127.0.0.1`
    /// unless `extra` names another.
    fn start_in(tmp: tempfile::TempDir, extra: &[&str]) -> Server {
        let host: &[&str] = if extra.contains(&"--host") {
            &[]
        } else {
            &["--host", "127.0.0.1"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_shenbiao"))
            .args(["serve", "--port", "0"])
            .args(host)
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
    assert!(html.contains("把 Excel 或 Word 文件拖到这里"));
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
    // SIGQUIT: Ctrl-\ in a terminal; SIGINT: Ctrl-C.
    for signal in ["-TERM", "-HUP", "-QUIT", "-INT"] {
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

/// Send `head` (see [`head`]) and then
/// whatever `body` writes, on a plain socket, while reading the reply in
/// parallel; `body` is told through its flag when the reply has arrived so
/// an endless sender stops. Returns the status and the JSON body.
fn raw_exchange(
    server: &Server,
    head: &str,
    mut body: impl FnMut(&mut std::net::TcpStream) -> std::io::Result<()> + Send + 'static,
) -> (u16, Value) {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};
    let addr = server.url.trim_start_matches("http://").to_string();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let answered = std::sync::Arc::new(AtomicBool::new(false));
    let mut writer = stream.try_clone().unwrap();
    let head = head.to_string();
    let flag = std::sync::Arc::clone(&answered);
    let sender = std::thread::spawn(move || {
        if writer.write_all(head.as_bytes()).is_err() {
            return;
        }
        while !flag.load(Ordering::Relaxed) {
            if body(&mut writer).is_err() {
                return;
            }
        }
    });
    let mut reply = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                reply.extend_from_slice(&buf[..n]);
                if reply_complete(&reply) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    answered.store(true, Ordering::Relaxed);
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    let text = String::from_utf8_lossy(&reply).into_owned();
    let (headers, json) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no reply: {text:?}"));
    let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
    let json = serde_json::from_str(json).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, json)
}

/// A whole reply with a Content-Length body has arrived.
fn reply_complete(reply: &[u8]) -> bool {
    let text = String::from_utf8_lossy(reply);
    let Some((headers, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    headers
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .and_then(|v| v.trim().parse::<usize>().ok())
        })
        .is_some_and(|n| body.len() >= n)
}

/// Run `f(0..n)` on `n` threads at once; the results in order.
fn in_parallel<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = (0..n).map(|i| s.spawn(move || f(i))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// A request head: `lines` (request line and headers), the Host header of
/// `server` and the blank line.
fn head(server: &Server, lines: &str) -> String {
    let host = server.url.trim_start_matches("http://");
    format!("{lines}\r\nHost: {host}\r\n\r\n")
}

/// Head of a multipart upload of `len` bytes.
fn upload_head(server: &Server, len: u64) -> String {
    head(
        server,
        &format!(
            "POST /api/check HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: {len}"
        ),
    )
}

#[test]
fn a_preamble_without_boundary_is_refused_on_four_connections() {
    let server = Server::start(&[]);
    let started = std::time::Instant::now();
    let replies = in_parallel(4, |_| {
        raw_exchange(&server, &upload_head(&server, 300 * MB), |w| {
            std::io::Write::write_all(w, &[b'a'; 64 * 1024])
        })
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!("preamble attack on 4 connections answered in {secs:.1} s");
    assert!(secs < 20.0, "{secs} s");
    for (status, body) in replies {
        assert_eq!(status, 400, "{body}");
        let msg = body["error"].as_str().unwrap();
        assert!(
            msg.contains("开头 16 KB 内没有找到 multipart 分隔符"),
            "{msg}"
        );
    }
    server.assert_alive_and_small("preamble attack");
}

#[test]
fn a_part_header_without_blank_line_is_refused() {
    let server = Server::start(&[]);
    let mut first = true;
    let started = std::time::Instant::now();
    let (status, body) = raw_exchange(&server, &upload_head(&server, 300 * MB), move |w| {
        if std::mem::take(&mut first) {
            std::io::Write::write_all(
                w,
                b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"",
            )?;
        }
        std::io::Write::write_all(w, &[b'x'; 64 * 1024])
    });
    eprintln!(
        "endless part header answered in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(status, 400, "{body}");
    let msg = body["error"].as_str().unwrap();
    assert!(msg.contains("文件信息（分段头）超过 16 KB"), "{msg}");
    server.assert_alive_and_small("endless part header");
}

#[test]
fn twenty_thousand_parts_end_at_the_101st_with_one_refusal() {
    let server = Server::start(&[]);
    let mut body = Vec::new();
    for i in 0..20_000 {
        body.extend_from_slice(
            format!(
                "--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{i}.pdf\"\r\n\r\n%PDF\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(b"--XyZ--\r\n");
    let started = std::time::Instant::now();
    let resp = Server::client()
        .post(format!("{}/api/check", server.url))
        .header("Content-Type", "multipart/form-data; boundary=XyZ")
        .body(body)
        .send()
        .unwrap();
    let status = resp.status().as_u16();
    let body: Value = resp.json().unwrap();
    let secs = started.elapsed().as_secs_f64();
    eprintln!("20,000-part request answered in {secs:.1} s");
    assert!(secs < 20.0, "{secs} s");
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert_eq!(f.len(), 101);
    assert!(
        error_of(&f[0]).contains("不支持的文件类型（.pdf 文件）"),
        "{}",
        error_of(&f[0])
    );
    assert_eq!(f[100]["name"], "100.pdf");
    assert!(
        error_of(&f[100]).contains("一次最多检查 100 个文件：从此文件起均未读取"),
        "{}",
        error_of(&f[100])
    );
    // Refused parts never reached the disk.
    let stored = walk(&server.private_dirs()[0]);
    assert!(
        !stored
            .iter()
            .any(|p| p.file_name().unwrap().to_string_lossy().starts_with("in-")),
        "{stored:?}"
    );
    server.assert_alive_and_small("20,000 parts");
}

#[test]
fn concurrent_first_downloads_of_the_zip_share_one_build() {
    let server = Server::start(&[]);
    let form = Form::new()
        .part("files", sample_part("甲.xlsx"))
        .part("files", sample_part("乙.xlsx"));
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    let zip = format!(
        "/api/download/{}",
        body["downloads"]["zip"].as_str().unwrap()
    );
    let started = std::time::Instant::now();
    let replies = in_parallel(40, |_| {
        let resp = server.get(&zip);
        (resp.status().as_u16(), resp.bytes().unwrap().to_vec())
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!("40 concurrent zip downloads in {secs:.1} s");
    assert!(secs < 20.0, "{secs} s");
    for (status, bytes) in &replies {
        assert_eq!(*status, 200);
        assert_eq!(bytes, &replies[0].1, "all replies are the same archive");
    }
    let archive = zip::ZipArchive::new(std::io::Cursor::new(replies[0].1.clone())).unwrap();
    assert!(archive
        .file_names()
        .any(|n| n.is_ok_and(|n| n == "乙.checked.xlsx")));
    // One archive, no temp file beside it.
    let names: Vec<String> = walk(&server.private_dirs()[0])
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.contains("zip")).count(),
        1,
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    server.assert_alive_and_small("40 zip downloads");
}

#[test]
fn a_stalled_upload_and_slow_headers_time_out_in_chinese() {
    let server = Server::start(&["--read-timeout", "2", "--header-timeout", "2"]);
    // The body stops after its first part header.
    let mut first = true;
    let started = std::time::Instant::now();
    let (status, body) = raw_exchange(&server, &upload_head(&server, 10_000), move |w| {
        if std::mem::take(&mut first) {
            std::io::Write::write_all(
                w,
                b"--XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.xlsx\"\r\n\r\nPK",
            )
        } else {
            std::thread::sleep(Duration::from_millis(50));
            Ok(())
        }
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!("stalled upload answered in {secs:.1} s");
    assert!((1.5..10.0).contains(&secs), "{secs} s");
    assert_eq!(status, 408, "{body}");
    let msg = body["error"].as_str().unwrap();
    assert!(msg.contains("2 秒内没有收到数据，已中止"), "{msg}");
    // Headers sent a few bytes at a time and never finished.
    let started = std::time::Instant::now();
    let (status, body) = raw_exchange(&server, "POST /api/check HTTP/1.1\r\n", |w| {
        std::thread::sleep(Duration::from_millis(300));
        std::io::Write::write_all(w, b"X")
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!("slow headers answered in {secs:.1} s");
    assert!((1.5..10.0).contains(&secs), "{secs} s");
    assert_eq!(status, 408, "{body}");
    let msg = body["error"].as_str().unwrap();
    assert!(msg.contains("2 秒内没有收到完整的请求头"), "{msg}");
    server.assert_alive_and_small("stalled upload and slow headers");
}

#[cfg(unix)]
#[test]
fn a_killed_servers_folder_is_removed_by_the_next_server() {
    let mut first = Server::start(&[]);
    let (status, _) = first.check(Form::new().part("files", sample_part("a.xlsx")));
    assert_eq!(status, 200);
    let left = first.private_dirs();
    assert_eq!(left.len(), 1);
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    assert!(left[0].exists(), "SIGKILL leaves the folder");
    // The next server on the same temp directory removes it at start.
    let tmp = std::mem::replace(&mut first.tmp, tempfile::tempdir().unwrap());
    let second = Server::start_in(tmp, &[]);
    assert!(!left[0].exists(), "a dead server's folder was kept");
    assert_eq!(second.private_dirs().len(), 1);
    second.assert_alive_and_small("stale folder removal");
}

#[test]
fn out_of_range_options_are_refused_in_chinese() {
    for (option, value, expected) in [
        (
            "--keep-minutes",
            "307445734561825862",
            "应为 1 到 10080 之间的整数（分钟）",
        ),
        (
            "--max-file-mb",
            "17592186044416",
            "应为 1 到 10240 之间的整数（MB）",
        ),
        ("--max-files", "0", "应为 1 到 10000 之间的整数（个）"),
        (
            "--max-request-mb",
            "-1",
            "应为 1 到 102400 之间的整数（MB）",
        ),
        ("--read-timeout", "0", "应为 1 到 3600 之间的整数（秒）"),
        (
            "--max-memory-mb",
            "1",
            "应为 64 到 1048576 之间的整数（MB）",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_shenbiao"))
            .args(["serve", "--port", "0", &format!("{option}={value}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{option} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!("错误：“{value}”不是选项 {option} <")),
            "{err}"
        );
        assert!(err.contains(&format!("的有效取值：{expected}")), "{err}");
    }
}

#[test]
fn every_error_reply_is_chinese_json() {
    let server = Server::start(&[]);
    // A body that is not multipart (was an English text/plain 400).
    let resp = Server::client()
        .post(format!("{}/api/check", server.url))
        .header("Content-Type", "application/json")
        .body("{\"files\": []}")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 415);
    let body: Value = resp.json().unwrap();
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data"),
        "{body}"
    );
    // A wrong method and a malformed query, both answered by axum itself.
    let resp = Server::client()
        .put(format!("{}/api/check", server.url))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 405);
    let body: Value = resp.json().unwrap();
    assert_eq!(body["error"], "不支持这种请求方式");
    let resp = Server::client()
        .post(format!("{}/api/check?scheme=%ZZ&scheme=1", server.url))
        .multipart(Form::new().part("files", sample_part("a.xlsx")))
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let body: Value = resp.json().unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("请求格式不正确"),
        "{body}"
    );
    server.assert_alive_and_small("error replies");
}

#[test]
fn the_url_printed_for_another_loopback_address_is_accepted() {
    let server = Server::start(&["--host", "127.0.0.2"]);
    assert!(
        server.url.starts_with("http://127.0.0.2:"),
        "{}",
        server.url
    );
    let resp = server.get("/api/info");
    assert_eq!(resp.status().as_u16(), 200);
    // Other names are still refused.
    let resp = Server::client()
        .get(format!("{}/api/info", server.url))
        .header("Host", "evil.example")
        .send()
        .unwrap();
    assert_eq!(resp.status().as_u16(), 403);
}

#[test]
fn fifty_parallel_uploads_are_all_answered() {
    let server = Server::start(&[]);
    let started = std::time::Instant::now();
    let statuses = in_parallel(50, |i| {
        server.check(Form::new().part("files", sample_part(&format!("表{i}.xlsx"))))
    });
    let secs = started.elapsed().as_secs_f64();
    eprintln!("50 parallel uploads answered in {secs:.1} s");
    assert!(secs < 60.0, "{secs} s");
    for (status, body) in &statuses {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(files(body)[0]["report"]["status"], "checked", "{body}");
    }
    server.assert_alive_and_small("50 parallel uploads");
}

#[test]
fn a_file_that_exhausts_its_worker_costs_only_that_file() {
    let server = Server::start(&["--max-memory-mb", "64", "-j", "1"]);
    // 150,000 rows of text: legitimate, but more than 64 MB to read.
    let big = common::big_sheet_bytes(150_000);
    let form = Form::new()
        .part("files", Part::bytes(big).file_name("大表.xlsx"))
        .part("files", sample_part("小表.xlsx"));
    let started = std::time::Instant::now();
    let (status, body) = server.check(form);
    let secs = started.elapsed().as_secs_f64();
    eprintln!("file over the worker memory limit answered in {secs:.1} s");
    assert!(secs < 60.0, "{secs} s");
    assert_eq!(status, 200, "{body}");
    let f = files(&body);
    assert_eq!(f[0]["report"]["status"], "unreadable");
    assert!(
        error_of(&f[0]).contains("超出内存上限（64 MB）"),
        "{}",
        error_of(&f[0])
    );
    assert_eq!(f[1]["report"]["status"], "checked");
    server.assert_alive_and_small("file over the worker memory limit");
}

/// The page takes a Word document and hands back the annotated .docx.
#[test]
fn a_word_document_is_checked_and_its_annotated_copy_downloaded() {
    let server = Server::start(&[]);
    let bytes = std::fs::read("samples/益阳_智慧城市和大数据中心_决算公开.docx").unwrap();
    let form = Form::new().part("files", Part::bytes(bytes).file_name("决算公开.docx"));
    let (status, body) = server.check(form);
    assert_eq!(status, 200, "{body}");
    let f = &files(&body)[0];
    let findings = f["report"]["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .any(|x| x["rule"] == "JS-SM-04" && x["sheet"] == "正文" && x["cell"] == "第80段"));
    assert_eq!(f["downloads"]["checked_docx"], true);
    let id = f["downloads"]["xlsx"].as_str().unwrap();
    let resp = server.get(&format!("/api/download/{id}"));
    assert_eq!(resp.status().as_u16(), 200);
    let cd = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cd.ends_with(".checked.docx"), "{cd}");
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("wordprocessingml"));
    let copy = resp.bytes().unwrap();
    let doc = shenbiao::docx::read_docx(&copy, &Default::default()).expect("a Word package");
    assert!(doc.paragraphs.iter().any(|p| p.text == "审核结果"));
}
