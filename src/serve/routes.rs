//! HTTP routes: the embedded page, the JSON API under it, and two guards —
//! a Host check against DNS rebinding when bound to loopback, and headers
//! that forbid the page from loading anything from elsewhere.

use super::checker;
use super::names::content_disposition;
use super::store::{Content, Store};
use super::upload::{self, UploadError, UploadLimits};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Everything the handlers share.
pub struct AppState {
    pub store: Arc<Store>,
    /// Cap on concurrent checks (and zip builds).
    pub permits: Arc<Semaphore>,
    /// The worker processes that check the files.
    pub pool: Arc<crate::batch::worker::Pool>,
    pub limits: UploadLimits,
    /// Host header values accepted; `None` accepts any (bound to a
    /// non-loopback address on purpose).
    pub allowed_hosts: Option<Vec<String>>,
    /// Memory and time one file's check may use (its worker's limits).
    pub max_memory_mb: u64,
    pub max_seconds: u64,
}

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");
const FAVICON_SVG: &str = include_str!("assets/favicon.svg");

/// The page may talk to this server only: no CDN, font or analytics can
/// load even if a future edit adds a link by mistake.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(|| asset("text/html; charset=utf-8", INDEX_HTML)))
        .route(
            "/assets/app.js",
            get(|| asset("text/javascript; charset=utf-8", APP_JS)),
        )
        .route(
            "/assets/style.css",
            get(|| asset("text/css; charset=utf-8", STYLE_CSS)),
        )
        .route("/favicon.svg", get(|| asset("image/svg+xml", FAVICON_SVG)))
        .route("/favicon.ico", get(|| asset("image/svg+xml", FAVICON_SVG)))
        .route("/api/info", get(info))
        .route("/api/schemes", get(schemes))
        .route("/api/rules", get(rules))
        .route("/api/rules/{code}", get(rule))
        // The body limit is counted by upload::receive itself.
        .route("/api/check", post(check).layer(DefaultBodyLimit::disable()))
        .route("/api/download/{id}", get(download))
        .route("/api/batch/{id}", axum::routing::delete(delete_batch))
        .route("/api/batch/{id}/delete", post(delete_batch))
        .fallback(|| async { error(StatusCode::NOT_FOUND, "没有这个页面或接口") })
        .layer(middleware::from_fn_with_state(Arc::clone(&state), guard))
        .with_state(state)
}

async fn asset(mime: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime)], body).into_response()
}

/// A JSON error with a Chinese message.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

/// Host and Origin checks, then security headers on every response.
async fn guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some(allowed) = &state.allowed_hosts {
        if !allowed.contains(&host) {
            return refuse(
                req,
                "拒绝访问：请用 http://127.0.0.1 或 http://localhost 打开本页面",
            )
            .await;
        }
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let origin = origin.to_ascii_lowercase();
            let ok = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"))
                .is_some_and(|o| o == host);
            if !ok {
                return refuse(req, "拒绝访问：请求来自其他网站").await;
            }
        }
    }
    with_headers(json_errors(next.run(req).await))
}

/// Every error reply is JSON in Chinese, including those axum makes itself
/// (a malformed query or path, a wrong method), which are English text.
fn json_errors(resp: Response) -> Response {
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => "不支持这种请求方式".to_string(),
        StatusCode::NOT_FOUND => "没有这个页面或接口".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => "请求过大，已拒绝".to_string(),
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => {
            "请求格式不正确：请通过本页面操作".to_string()
        }
        s if s.is_server_error() => format!("服务器内部错误（HTTP {}）", s.as_u16()),
        s => format!("请求无法处理（HTTP {}）", s.as_u16()),
    };
    let mut out = error(status, message);
    if let Some(allow) = resp.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// A 403 with `message`, after draining a bounded part of the body
/// ([`upload::drain_refused`]).
async fn refuse(req: Request, message: &str) -> Response {
    upload::drain_refused(req.into_body()).await;
    let mut resp = with_headers(error(StatusCode::FORBIDDEN, message));
    resp.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

fn with_headers(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

async fn info(State(state): State<Arc<AppState>>) -> Response {
    Json(json!({
        "tool": "shenbiao",
        "version": env!("CARGO_PKG_VERSION"),
        "max_file_bytes": state.limits.max_file_bytes,
        "max_files": state.limits.max_files,
        "max_request_bytes": state.limits.max_request_bytes,
        "keep_seconds": state.store.keep().as_secs(),
        "extensions": crate::batch::inputs::INPUT_EXTENSIONS,
    }))
    .into_response()
}

async fn schemes() -> Response {
    Json(super::schemes::listing()).into_response()
}

async fn rules() -> Response {
    let list: Vec<_> = crate::rules::all_rules()
        .map(|r| {
            json!({
                "code": r.code,
                "title": r.title,
                "severity": r.severity.as_str(),
                "family": r.family.label(),
            })
        })
        .collect();
    Json(list).into_response()
}

/// One rule's documentation: the same text as `shenbiao rules CODE`, and
/// its parts for the page to lay out.
async fn rule(UrlPath(code): UrlPath<String>) -> Response {
    match crate::rules::find_rule(&code) {
        Some(r) => Json(json!({
            "code": r.code,
            "title": r.title,
            "severity": r.severity.as_str(),
            "severity_label": r.severity.label(),
            "family": r.family.label(),
            "what": r.what,
            "why": r.why,
            "example": r.example,
            "text": crate::rules::registry::explain(r),
        }))
        .into_response(),
        None => error(StatusCode::NOT_FOUND, format!("没有编号为 {code} 的规则")),
    }
}

#[derive(serde::Deserialize)]
struct CheckQuery {
    scheme: Option<String>,
}

/// `POST /api/check`: multipart with one or more files (any field name)
/// and optionally a `scheme` field or query parameter.
async fn check(
    State(state): State<Arc<AppState>>,
    query: Result<Query<CheckQuery>, axum::extract::rejection::QueryRejection>,
    req: Request,
) -> Response {
    let Ok(Query(q)) = query else {
        // Drained so the client, still sending, sees the answer.
        upload::drain_refused(req.into_body()).await;
        return error(
            StatusCode::BAD_REQUEST,
            "请求格式不正确：网址中的参数无法识别",
        );
    };
    let boundary = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(super::multipart::boundary_of);
    let Some(boundary) = boundary else {
        let body = req.into_body();
        upload::drain_refused(body).await;
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "请求格式不正确：请用本页面上传文件（multipart/form-data）",
        );
    };
    let batch = match state.store.open_batch() {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("无法创建临时文件夹：{e}"),
            )
        }
    };
    let received =
        match upload::receive(req.into_body(), &boundary, &batch.dir, &state.limits).await {
            Ok(r) => r,
            Err(UploadError::TooLarge(_)) => {
                return error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "上传的数据超过 {} MB，已中止，文件均未检查；请分批上传",
                        state.limits.hard_body_limit() / upload::MB
                    ),
                )
            }
            Err(UploadError::Bad(msg)) => return error(StatusCode::BAD_REQUEST, msg),
            Err(UploadError::Timeout(msg)) => return error(StatusCode::REQUEST_TIMEOUT, msg),
        };
    if received.files.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "没有收到文件：请选择或拖入 .xlsx、.xlsm、.xls、.ods 或 .docx 文件",
        );
    }
    let scheme = q.scheme.or(received.scheme).filter(|s| !s.is_empty());
    let mut opts = match super::schemes::options_for(scheme.as_deref()) {
        Ok(o) => o,
        Err(msg) => return error(StatusCode::BAD_REQUEST, msg),
    };
    opts.limits.max_file_bytes = state.limits.max_file_bytes;
    opts.limits.max_memory_mb = state.max_memory_mb;
    opts.limits.max_seconds = state.max_seconds;
    let files = checker::check_all(
        received.files,
        &batch.dir,
        Arc::new(opts),
        Arc::clone(&state.permits),
        Arc::clone(&state.pool),
    )
    .await;
    let dir = batch.dir.clone();
    let id = batch.id.clone();
    let keep = state.store.keep().as_secs();
    let scheme_name = scheme.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        checker::finish_batch(&id, &files, &dir, scheme_name.as_deref(), keep)
    })
    .await;
    match outcome {
        Ok(o) => {
            state.store.commit(batch, o.downloads);
            Json(o.body).into_response()
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "整理检查结果时发生内部错误",
        ),
    }
}

/// `GET /api/download/{id}`: stream a result file.
async fn download(State(state): State<Arc<AppState>>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(d) = state.store.download(&id) else {
        return error(
            StatusCode::NOT_FOUND,
            format!(
                "下载链接已失效：结果只保留 {} 分钟，或已被清除；请重新检查",
                state.store.keep().as_secs() / 60
            ),
        );
    };
    let path = match d.content {
        Content::File(p) => p,
        Content::Zip(zip) => {
            let build = || async {
                let _permit = state.permits.acquire().await.map_err(|_| ())?;
                let z = Arc::clone(&zip);
                tokio::task::spawn_blocking(move || checker::build_zip(&z.path, &z.entries))
                    .await
                    .map_err(|_| ())?
                    .map_err(|_| ())
            };
            if zip.built.get_or_try_init(build).await.is_err() {
                return error(StatusCode::INTERNAL_SERVER_ERROR, "无法生成压缩包");
            }
            zip.path.clone()
        }
    };
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        Err(_) => return error(StatusCode::GONE, "结果文件已删除，请重新检查"),
    };
    let len = file.metadata().await.map(|m| m.len()).ok();
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(d.mime));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&d.name, d.fallback)) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Some(len) = len {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    let body = Body::from_stream(tokio_util::io::ReaderStream::new(file));
    (headers, body).into_response()
}

/// `DELETE /api/batch/{id}` (and `POST …/delete` for `sendBeacon`): the page
/// clears its results now rather than waiting for the expiry.
async fn delete_batch(
    State(state): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
) -> Response {
    if state.store.remove_batch(&id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        error(StatusCode::NOT_FOUND, "没有这批结果（可能已过期或已清除）")
    }
}
