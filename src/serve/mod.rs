//! `shenbiao serve`: a local web page where a clerk drops workbooks and gets
//! the findings and the annotated copies back, without a terminal. Nothing
//! leaves the machine: the page, its script and styles are embedded in the
//! binary, the server binds to loopback unless told otherwise, and every
//! file it writes lives in one private temporary directory removed at exit.

pub mod checker;
pub mod listen;
pub mod multipart;
pub mod names;
pub mod routes;
pub mod schemes;
pub mod store;
pub mod upload;

use crate::cli_text::{ranged, OutOfRange};
use routes::AppState;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use upload::{UploadLimits, MB};

/// Options of `shenbiao serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// 端口（0 表示任选一个空闲端口）
    #[arg(long, default_value_t = 8000, value_name = "端口")]
    pub port: u16,
    /// 监听地址。默认只允许本机访问；改为其他地址（如 0.0.0.0）会让同一网络中的电脑也能访问
    #[arg(long, default_value = "127.0.0.1", value_name = "地址")]
    pub host: String,
    /// 启动后用默认浏览器打开页面
    #[arg(long)]
    pub open: bool,
    /// 单个文件大小上限（MB，1–10240）
    #[arg(long, default_value_t = 50, value_name = "MB", value_parser = file_mb)]
    pub max_file_mb: u64,
    /// 每次最多检查的文件数（1–10000；超出的部分不再读取）
    #[arg(long, default_value_t = 100, value_name = "N", value_parser = file_count)]
    pub max_files: usize,
    /// 每次上传的合计大小上限（MB，1–102400）
    #[arg(long, default_value_t = 1024, value_name = "MB", value_parser = request_mb)]
    pub max_request_mb: u64,
    /// 同时进行的检查数（1–256，默认为 CPU 核数）
    #[arg(short = 'j', long, value_name = "N", value_parser = job_count)]
    pub jobs: Option<usize>,
    /// 检查结果在临时文件夹中保留的分钟数（1–10080，即最多 7 天）
    #[arg(long, default_value_t = 30, value_name = "分钟", value_parser = minutes)]
    pub keep_minutes: u64,
    /// 检查单个文件最多使用的内存（MB，64–1048576），超出则该文件记为无法读取
    #[arg(long, default_value_t = 1024, value_name = "MB", value_parser = memory_mb)]
    pub max_memory_mb: u64,
    /// 检查单个文件最多用时（秒，1–86400），超时则该文件记为无法读取
    #[arg(long, default_value_t = 60, value_name = "秒", value_parser = check_seconds)]
    pub max_seconds: u64,
    /// 请求头须在这么多秒内发完，否则断开（1–600）
    #[arg(long, default_value_t = 15, value_name = "秒", value_parser = header_seconds)]
    pub header_timeout: u64,
    /// 上传中途连续这么多秒收不到数据即中止（1–3600）
    #[arg(long, default_value_t = 30, value_name = "秒", value_parser = read_seconds)]
    pub read_timeout: u64,
    /// Started without arguments (a double-click): the clerk cannot choose
    /// another port, so a taken one is replaced by a free one, and the
    /// console says that closing the window stops the page.
    #[arg(skip)]
    pub launched: bool,
}

// Ranges of the numeric options: wide enough for any real use, narrow
// enough that no product below overflows (MB → bytes, minutes → seconds).
fn file_mb(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 10_240, "MB")
}
fn request_mb(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 102_400, "MB")
}
fn file_count(s: &str) -> Result<usize, OutOfRange> {
    ranged(s, 1, 10_000, "个").map(|n| n as usize)
}
fn job_count(s: &str) -> Result<usize, OutOfRange> {
    ranged(s, 1, 256, "个").map(|n| n as usize)
}
fn minutes(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 10_080, "分钟")
}
fn memory_mb(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 64, 1_048_576, "MB")
}
fn check_seconds(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 86_400, "秒")
}
fn header_seconds(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 600, "秒")
}
fn read_seconds(s: &str) -> Result<u64, OutOfRange> {
    ranged(s, 1, 3_600, "秒")
}

/// Run the server until Ctrl-C (or SIGTERM, SIGHUP, SIGQUIT, a closed
/// console window). Errors are Chinese messages
/// for the terminal.
pub fn run(args: ServeArgs) -> Result<(), String> {
    let ip = parse_host(&args.host)?;
    let stale = store::remove_stale(&std::env::temp_dir());
    if stale > 0 {
        eprintln!("已删除 {stale} 个之前未正常退出的服务留下的临时文件夹。");
    }
    let store = Arc::new(
        Store::new(Duration::from_secs(args.keep_minutes * 60))
            .map_err(|e| format!("无法创建临时文件夹：{e}"))?,
    );
    redirect_temp(store.root());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动：{e}"))?;
    let result = runtime.block_on(serve(args, ip, Arc::clone(&store)));
    // Checks still running on blocking threads get a moment to end; their
    // writes fail harmlessly once the directory is gone.
    runtime.shutdown_timeout(Duration::from_secs(2));
    store.remove_all();
    result
}

/// Point the process's temp directory at the private one, so that anything
/// a library spools to "the" temp directory (the 汇总.xlsx findings spool)
/// stays inside it and goes with it. Called while the process still has a
/// single thread, before the runtime starts.
fn redirect_temp(dir: &std::path::Path) {
    for var in ["TMPDIR", "TMP", "TEMP"] {
        std::env::set_var(var, dir);
    }
}

fn parse_host(host: &str) -> Result<IpAddr, String> {
    if host.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    host.trim_matches(['[', ']'])
        .parse()
        .map_err(|_| format!("--host 应为 IP 地址（如 127.0.0.1 或 0.0.0.0），而不是“{host}”"))
}

/// The warning printed when the server is reachable from other machines.
fn exposure_warning(ip: IpAddr) -> Option<String> {
    (!ip.is_loopback()).then(|| {
        format!(
            "警告：正在监听 {ip}，同一网络中的其他电脑也能打开本页面并上传文件。\
             文件只保存在本机的临时文件夹中，但请只在可信的内部网络中这样使用。"
        )
    })
}

/// Host header values a browser sends for a loopback address: the usual
/// names, and the address bound (so the URL printed for `--host 127.0.0.2`
/// is one the Host check accepts).
fn loopback_hosts(ip: IpAddr, port: u16) -> Vec<String> {
    let bound = match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    let mut names = vec!["127.0.0.1".to_string(), "localhost".into(), "[::1]".into()];
    if !names.contains(&bound) {
        names.push(bound);
    }
    names
        .iter()
        .flat_map(|h| [format!("{h}:{port}"), h.clone()])
        .collect()
}

async fn serve(args: ServeArgs, ip: IpAddr, store: Arc<Store>) -> Result<(), String> {
    let mut bound = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port)).await;
    if args.launched && matches!(&bound, Err(e) if e.kind() == std::io::ErrorKind::AddrInUse) {
        eprintln!("端口 {} 已被占用，改用一个空闲端口。", args.port);
        bound = tokio::net::TcpListener::bind(SocketAddr::new(ip, 0)).await;
    }
    let listener = bound.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "端口 {} 已被占用：请关闭占用它的程序，或用 --port 换一个端口（如 --port 8080）",
                args.port
            )
        } else {
            format!("无法监听 {}:{}：{e}", args.host, args.port)
        }
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("无法监听：{e}"))?;
    let loopback = ip.is_loopback();
    if let Some(w) = exposure_warning(ip) {
        eprintln!("{w}");
    }
    let browse_ip = if ip.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        ip
    };
    let url = format!("http://{}/", SocketAddr::new(browse_ip, addr.port()));
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let state = Arc::new(AppState {
        store: Arc::clone(&store),
        permits: Arc::new(tokio::sync::Semaphore::new(jobs)),
        pool: Arc::new(crate::batch::worker::Pool::new(
            crate::batch::worker::Isolation::current_exe(),
        )),
        limits: UploadLimits {
            max_file_bytes: args.max_file_mb * MB,
            max_files: args.max_files,
            max_request_bytes: args.max_request_mb * MB,
            read_timeout: Duration::from_secs(args.read_timeout),
        },
        allowed_hosts: loopback.then(|| loopback_hosts(ip, addr.port())),
        max_memory_mb: args.max_memory_mb,
        max_seconds: args.max_seconds,
    });
    println!("审表网页版已启动：{url}");
    if args.launched {
        eprintln!(
            "正在用默认浏览器打开上面的地址（如未打开，请把地址复制到浏览器中）。\n\
             关闭此窗口即停止（也可按 Ctrl+C）。上传的文件只在本机处理，停止后自动删除。"
        );
    } else {
        eprintln!(
            "请在浏览器中打开上面的地址；按 Ctrl+C 停止。上传的文件只在本机处理，停止后自动删除。"
        );
    }
    {
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }
    if args.open {
        if let Err(e) = crate::platform::open(url.as_ref()) {
            eprintln!("未能自动打开浏览器（{e}），请手动打开上面的地址。");
        }
    }
    let sweeper = {
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(30));
            loop {
                tick.tick().await;
                store.sweep();
            }
        })
    };
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(None);
    let app = routes::router(state);
    let header_timeout = Duration::from_secs(args.header_timeout);
    let server = listen::serve(listener, app, header_timeout, async move {
        let grace = shutdown_signal().await;
        eprintln!("正在停止…");
        let _ = stop_tx.send(Some(grace));
    });
    // After the signal, in-flight requests get a few seconds; a stalled
    // upload must not keep confidential files on disk.
    let grace = async move {
        let grace = stop_rx
            .wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|g| *g)
            .unwrap_or_default();
        tokio::time::sleep(grace).await;
    };
    let result = tokio::select! {
        () = server => Ok(()),
        () = grace => Ok(()),
    };
    sweeper.abort();
    eprintln!("已停止，临时文件已删除。");
    result
}

/// Wait for a request to stop; returns how long in-flight requests may
/// still run.
async fn shutdown_signal() -> Duration {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        // SIGHUP: the terminal window was closed ("关闭此窗口即停止");
        // SIGQUIT: Ctrl-\ in the terminal.
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::quit()),
        ) {
            (Ok(mut term), Ok(mut hangup), Ok(mut quit)) => {
                tokio::select! {
                    _ = term.recv() => {},
                    _ = hangup.recv() => {},
                    _ = quit.recv() => {},
                }
            }
            _ => std::future::pending::<()>().await,
        }
    };
    #[cfg(windows)]
    let term = window_closed();
    #[cfg(not(any(unix, windows)))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => Duration::from_secs(5),
        // Windows ends the process about 5 s after the console window is
        // closed; the files must be gone before that.
        () = term => Duration::from_secs(if cfg!(windows) { 1 } else { 5 }),
    }
}

/// Closing the console window ("关闭此窗口即停止"), logging off or shutting
/// down. tokio holds the process while we clean up.
#[cfg(windows)]
async fn window_closed() {
    use tokio::signal::windows::{ctrl_close, ctrl_logoff, ctrl_shutdown};
    let (Ok(mut close), Ok(mut logoff), Ok(mut shutdown)) =
        (ctrl_close(), ctrl_logoff(), ctrl_shutdown())
    else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = close.recv() => {},
        _ = logoff.recv() => {},
        _ = shutdown.recv() => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            parse_host("localhost").unwrap(),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert!(parse_host("[::1]").unwrap().is_loopback());
        assert!(!parse_host("0.0.0.0").unwrap().is_loopback());
        assert!(parse_host("example.com").unwrap_err().contains("IP 地址"));
        let hosts = loopback_hosts(parse_host("127.0.0.2").unwrap(), 8000);
        assert!(hosts.contains(&"localhost:8000".to_string()));
        assert!(hosts.contains(&"127.0.0.2:8000".to_string()));
        assert_eq!(loopback_hosts(parse_host("::1").unwrap(), 80).len(), 6);
        assert!(exposure_warning(parse_host("127.0.0.1").unwrap()).is_none());
        assert!(exposure_warning(parse_host("::1").unwrap()).is_none());
        let w = exposure_warning(parse_host("0.0.0.0").unwrap()).unwrap();
        assert!(w.starts_with("警告") && w.contains("0.0.0.0"));
    }
}
