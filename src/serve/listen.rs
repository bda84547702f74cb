//! Accepting connections. `axum::serve` has no header timeout, so a client
//! sending its request line a byte a minute held a connection forever; this
//! loop runs hyper's HTTP/1 server with a header read timeout, and when it
//! fires on a request that had begun, writes a Chinese JSON 408 before
//! closing (an idle keep-alive connection is just closed, as browsers
//! expect). The body has its own silence timeout in `upload::receive`.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Serve `app` on `listener` until `shutdown` resolves, then let open
/// connections finish their current request (the caller bounds how long).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    let (done_tx, done_rx) = tokio::sync::watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let app = app.clone();
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        tokio::spawn(async move {
            connection(stream, app, header_timeout, &mut stop).await;
            drop(done);
        });
    }
    drop(listener);
    drop(stop_tx);
    drop(done_rx);
    done_tx.closed().await;
}

async fn connection(
    stream: TcpStream,
    app: Router,
    header_timeout: Duration,
    stop: &mut tokio::sync::watch::Receiver<()>,
) {
    let _ = stream.set_nodelay(true);
    // A second handle on the socket for the 408, usable after hyper has
    // given up on (and dropped) its own.
    let spare = stream
        .into_std()
        .and_then(|s| Ok((s.try_clone()?, s)))
        .and_then(|(spare, s)| Ok((spare, TcpStream::from_std(s)?)));
    let Ok((spare, stream)) = spare else {
        return;
    };
    let begun = Arc::new(AtomicBool::new(false));
    let io = TokioIo::new(Watched {
        inner: stream,
        begun: Arc::clone(&begun),
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(io, TowerToHyperService::new(app));
    let mut conn = std::pin::pin!(conn);
    let mut stopping = false;
    let result = loop {
        tokio::select! {
            r = conn.as_mut() => break r,
            changed = stop.changed(), if !stopping => {
                let _ = changed;
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    };
    if let Err(e) = result {
        if e.is_timeout() && begun.load(Ordering::Relaxed) {
            refuse_slow_headers(spare, header_timeout);
        }
    }
}

/// The 408 for a request whose headers did not arrive in time: written
/// without blocking (it fits any socket buffer); a client that reads
/// nothing just sees the connection close.
fn refuse_slow_headers(mut socket: std::net::TcpStream, timeout: Duration) {
    let body = serde_json::json!({
        "error": format!(
            "请求超时：{} 秒内没有收到完整的请求头，连接已关闭",
            timeout.as_secs()
        )
    })
    .to_string();
    let reply = format!(
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n\
         connection: close\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(reply.as_bytes());
    let _ = socket.shutdown(std::net::Shutdown::Write);
}

/// The connection's socket, noting whether bytes arrived since the last
/// reply was written (a request has begun) — the only case in which a
/// header timeout deserves an answer.
struct Watched {
    inner: TcpStream,
    begun: Arc<AtomicBool>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.begun.store(true, Ordering::Relaxed);
        }
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.begun.store(false, Ordering::Relaxed);
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
