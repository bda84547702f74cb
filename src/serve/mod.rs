//! `shenbiao serve`: a local web page where a clerk drops workbooks and gets
//! the findings and the annotated copies back, without a terminal. Nothing
//! leaves the machine: the page, its script and styles are embedded in the
//! binary, the server binds to loopback unless told otherwise, and every
//! file it writes lives in one private temporary directory removed at exit.

pub mod checker;
pub mod multipart;
pub mod names;
pub mod routes;
pub mod schemes;
pub mod store;
pub mod upload;

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
    /// 单个文件大小上限（MB）
    #[arg(long, default_value_t = 50, value_name = "MB")]
    pub max_file_mb: u64,
    /// 每次最多检查的文件数
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub max_files: usize,
    /// 每次上传的合计大小上限（MB）
    #[arg(long, default_value_t = 1024, value_name = "MB")]
    pub max_request_mb: u64,
    /// 同时进行的检查数（默认为 CPU 核数）
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// 检查结果在临时文件夹中保留的分钟数
    #[arg(long, default_value_t = 30, value_name = "分钟")]
    pub keep_minutes: u64,
    /// Started without arguments (a double-click): the clerk cannot choose
    /// another port, so a taken one is replaced by a free one, and the
    /// console says that closing the window stops the page.
    #[arg(skip)]
    pub launched: bool,
}

/// Run the server until Ctrl-C (or SIGTERM, SIGHUP, a closed console
/// window). Errors are Chinese messages
/// for the terminal.
pub fn run(args: ServeArgs) -> Result<(), String> {
    let ip = parse_host(&args.host)?;
    let store = Arc::new(
        Store::new(Duration::from_secs(args.keep_minutes.max(1) * 60))
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

/// Host header values a browser sends for a loopback address.
fn loopback_hosts(port: u16) -> Vec<String> {
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .flat_map(|h| [format!("{h}:{port}"), h.to_string()])
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
            max_file_bytes: args.max_file_mb.max(1) * MB,
            max_files: args.max_files.max(1),
            max_request_bytes: args.max_request_mb.max(1) * MB,
            ..UploadLimits::default()
        },
        allowed_hosts: loopback.then(|| loopback_hosts(addr.port())),
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
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
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
        r = server => r.map_err(|e| format!("服务出错：{e}")),
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
        // SIGHUP: the terminal window was closed ("关闭此窗口即停止").
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) {
            (Ok(mut term), Ok(mut hangup)) => {
                tokio::select! {
                    _ = term.recv() => {},
                    _ = hangup.recv() => {},
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
        assert!(loopback_hosts(8000).contains(&"localhost:8000".to_string()));
        assert!(exposure_warning(parse_host("127.0.0.1").unwrap()).is_none());
        assert!(exposure_warning(parse_host("::1").unwrap()).is_none());
        let w = exposure_warning(parse_host("0.0.0.0").unwrap()).unwrap();
        assert!(w.starts_with("警告") && w.contains("0.0.0.0"));
    }
}
