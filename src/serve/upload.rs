//! Receiving files: the body is parsed by the bounded streaming parser
//! (`multipart.rs`) and each accepted file is written chunk by chunk to the
//! batch directory with a running size check, so a 200 MB upload never
//! sits in memory. A file over the limit or of an unsupported type is
//! refused on its own (its bytes are counted, never stored) and the others
//! are still checked; the file part past `--max-files` ends the reading.

use super::multipart::{Event, Parser};
use super::names::{extension, sanitize_display_name};
use axum::body::{Body, Bytes, HttpBody};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

/// Upload limits of the server.
#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    /// Largest accepted file, bytes.
    pub max_file_bytes: u64,
    /// Most files checked per request.
    pub max_files: usize,
    /// Most bytes stored per request; files past it are refused one by one.
    /// The body itself is cut at [`UploadLimits::hard_body_limit`].
    pub max_request_bytes: u64,
    /// A request whose body sends nothing for this long is ended.
    pub read_timeout: Duration,
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_file_bytes: 50 * MB,
            max_files: 100,
            max_request_bytes: 1024 * MB,
            read_timeout: Duration::from_secs(30),
        }
    }
}

impl UploadLimits {
    /// Where reading stops altogether (the connection is cut): twice the
    /// stored limit, so a moderate overshoot still gets per-file answers
    /// while an endless stream cannot keep the server busy.
    pub fn hard_body_limit(&self) -> u64 {
        self.max_request_bytes.saturating_mul(2)
    }
}

pub const MB: u64 = 1024 * 1024;

/// Extensions the page accepts (the same as `shenbiao check`).
pub fn accepted_extension(ext: &str) -> bool {
    crate::batch::inputs::INPUT_EXTENSIONS.contains(&ext)
}

/// One file of the request.
#[derive(Debug)]
pub struct Upload {
    /// Sanitised name for display.
    pub name: String,
    /// Bytes received (for refused files: bytes received before refusing).
    pub size: u64,
    /// Where it was stored; `None` when refused.
    pub path: Option<PathBuf>,
    /// Why the file was refused, in Chinese.
    pub refusal: Option<String>,
}

/// The whole request: files plus the chosen scheme name, if any.
#[derive(Debug, Default)]
pub struct Received {
    pub files: Vec<Upload>,
    pub scheme: Option<String>,
    /// Reading stopped at the file count limit; the rest of the body was
    /// not read.
    pub stopped_early: bool,
}

/// Why the request as a whole was refused.
#[derive(Debug)]
pub enum UploadError {
    /// The body exceeded the request limit.
    TooLarge(String),
    /// Broken multipart, disconnect, disk error.
    Bad(String),
    /// The client stopped sending.
    Timeout(String),
}

/// Largest non-file field read (the scheme name).
const MAX_TEXT_FIELD: usize = 1024;
/// Most non-file fields per request (the page sends one, `scheme`).
const MAX_TEXT_FIELDS: usize = 16;

/// Bytes of a refused request's body read (and dropped) before the reply
/// goes out. A client still sending would otherwise see the connection
/// reset instead of the Chinese refusal; a large or slow body is cut off
/// after this much or after [`REFUSED_BODY_WAIT`].
const REFUSED_BODY_DRAIN: u64 = 4 * 1024 * 1024;
const REFUSED_BODY_WAIT: Duration = Duration::from_secs(5);

/// The part being read.
enum Current {
    None,
    /// A text field: its key and value so far.
    Text(String, Vec<u8>),
    /// A refused file: its entry in `files`; bytes are counted, not kept.
    Skip(usize),
    /// An accepted file being written.
    File(Box<Storing>),
}

/// An accepted file on its way to disk.
struct Storing {
    name: String,
    path: PathBuf,
    file: Option<tokio::fs::File>,
    size: u64,
    /// Bytes the request may still store when this file began.
    room: u64,
    /// Why it was refused while streaming (its file is gone then).
    refusal: Option<Refusal>,
}

#[derive(Clone, Copy)]
enum Refusal {
    FileTooLarge,
    RequestFull,
}

/// Read every part of a `multipart/form-data` body, storing accepted files
/// in `dir` as `in-N.ext`. Refused parts are counted and never written.
/// The `max_files + 1`-th file part (accepted or not) ends the reading: it
/// gets one refusal and nothing after it is read. On any error the body is
/// drained a bounded amount so the client sees the reply.
pub async fn receive(
    mut body: Body,
    boundary: &str,
    dir: &Path,
    limits: &UploadLimits,
) -> Result<Received, UploadError> {
    let result = receive_parts(&mut body, boundary, dir, limits).await;
    let unread = match &result {
        Ok(r) => r.stopped_early,
        Err(UploadError::Timeout(_)) => false,
        Err(_) => true,
    };
    if unread {
        drain_refused(body).await;
    }
    result
}

async fn receive_parts(
    body: &mut Body,
    boundary: &str,
    dir: &Path,
    limits: &UploadLimits,
) -> Result<Received, UploadError> {
    let mut parser = Parser::new(boundary).map_err(|e| UploadError::Bad(e.0))?;
    let mut received = Received::default();
    let mut current = Current::None;
    let mut file_parts = 0usize;
    let mut text_parts = 0usize;
    let mut stored = 0u64;
    let mut read = 0u64;
    let result: Result<(), UploadError> = 'body: loop {
        let chunk = match next_chunk(body, limits.read_timeout).await {
            Ok(Some(c)) => c,
            Ok(None) => break 'body parser.finish().map_err(|e| UploadError::Bad(e.0)),
            Err(e) => break 'body Err(e),
        };
        read += chunk.len() as u64;
        if read > limits.hard_body_limit() {
            break 'body Err(UploadError::TooLarge(String::new()));
        }
        parser.feed(&chunk);
        loop {
            let event = match parser.next_event() {
                Ok(Some(e)) => e,
                Ok(None) => break,
                Err(e) => break 'body Err(UploadError::Bad(e.0)),
            };
            match event {
                Event::Part(h) => {
                    if let Err(e) =
                        finish_part(&mut current, &mut received, &mut stored, limits).await
                    {
                        break 'body Err(e);
                    }
                    let Some(raw_name) = h.file_name else {
                        text_parts += 1;
                        if text_parts > MAX_TEXT_FIELDS {
                            break 'body Err(UploadError::Bad(format!(
                                "请求格式不正确：表单字段超过 {MAX_TEXT_FIELDS} 个"
                            )));
                        }
                        current = Current::Text(h.name.unwrap_or_default(), Vec::new());
                        continue;
                    };
                    file_parts += 1;
                    let name = sanitize_display_name(&raw_name);
                    if file_parts > limits.max_files {
                        received.files.push(refused(
                            name,
                            format!(
                                "一次最多检查 {} 个文件：从此文件起均未读取、未检查；请分批上传",
                                limits.max_files
                            ),
                        ));
                        received.stopped_early = true;
                        return Ok(received);
                    }
                    let ext = extension(&name);
                    if !accepted_extension(&ext) {
                        received
                            .files
                            .push(refused(name, unsupported_message(&ext)));
                        current = Current::Skip(received.files.len() - 1);
                        continue;
                    }
                    let path = dir.join(format!("in-{}.{ext}", received.files.len()));
                    let file = match create_private(&path).await {
                        Ok(f) => f,
                        Err(e) => break 'body Err(disk_error(e)),
                    };
                    current = Current::File(Box::new(Storing {
                        name,
                        path,
                        file: Some(file),
                        size: 0,
                        room: limits.max_request_bytes.saturating_sub(stored),
                        refusal: None,
                    }));
                }
                Event::Data(d) => {
                    if let Err(e) = take_data(&mut current, &mut received, d, limits).await {
                        break 'body Err(e);
                    }
                }
                Event::End => {
                    break 'body finish_part(&mut current, &mut received, &mut stored, limits)
                        .await;
                }
            }
        }
    };
    match result {
        Ok(()) => Ok(received),
        Err(e) => {
            // Nothing half-written stays behind.
            if let Current::File(s) = current {
                let _ = tokio::fs::remove_file(&s.path).await;
            }
            Err(e)
        }
    }
}

/// The next body chunk, or an error if none comes within `wait`.
async fn next_chunk(body: &mut Body, wait: Duration) -> Result<Option<Bytes>, UploadError> {
    loop {
        let frame = std::future::poll_fn(|cx| std::pin::Pin::new(&mut *body).poll_frame(cx));
        match tokio::time::timeout(wait, frame).await {
            Err(_) => {
                return Err(UploadError::Timeout(format!(
                    "上传中断：{} 秒内没有收到数据，已中止，文件均未检查；请检查网络后重新上传",
                    wait.as_secs()
                )))
            }
            Ok(None) => return Ok(None),
            Ok(Some(Err(e))) => return Err(body_error(&e)),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    return Ok(Some(data));
                }
            }
        }
    }
}

/// Route one piece of part data: kept (text), counted (refused file) or
/// written (accepted file, until it passes the per-file limit or the room
/// left in the request; then it becomes a refusal and its file goes).
async fn take_data(
    current: &mut Current,
    received: &mut Received,
    d: &[u8],
    limits: &UploadLimits,
) -> Result<(), UploadError> {
    match current {
        Current::None => {}
        Current::Text(_, buf) => {
            if buf.len() + d.len() > MAX_TEXT_FIELD {
                return Err(UploadError::Bad("表单字段过长".to_string()));
            }
            buf.extend_from_slice(d);
        }
        Current::Skip(i) => received.files[*i].size += d.len() as u64,
        Current::File(s) => {
            s.size += d.len() as u64;
            if s.file.is_some() && (s.size > limits.max_file_bytes || s.size > s.room) {
                s.file = None;
                let _ = tokio::fs::remove_file(&s.path).await;
                s.refusal = Some(if s.size > limits.max_file_bytes {
                    Refusal::FileTooLarge
                } else {
                    Refusal::RequestFull
                });
            }
            if let Some(f) = s.file.as_mut() {
                f.write_all(d).await.map_err(disk_error)?;
            }
        }
    }
    Ok(())
}

/// Close the part being read and record it.
async fn finish_part(
    current: &mut Current,
    received: &mut Received,
    stored: &mut u64,
    limits: &UploadLimits,
) -> Result<(), UploadError> {
    match std::mem::replace(current, Current::None) {
        Current::None | Current::Skip(_) => {}
        Current::Text(key, buf) => {
            if key == "scheme" {
                received.scheme = Some(String::from_utf8_lossy(&buf).trim().to_string());
            }
        }
        Current::File(s) => {
            let Some(mut file) = s.file else {
                let reason = match s.refusal {
                    Some(Refusal::RequestFull) => format!(
                        "本次上传的文件合计超过 {} MB 上限，此文件未检查；请分批上传",
                        limits.max_request_bytes / MB
                    ),
                    _ => format!(
                        "文件过大（{}，上限 {} MB），未检查",
                        human_size(s.size),
                        limits.max_file_bytes / MB
                    ),
                };
                let mut up = refused(s.name, reason);
                up.size = s.size;
                received.files.push(up);
                return Ok(());
            };
            file.flush().await.map_err(disk_error)?;
            drop(file);
            if s.size == 0 {
                let _ = tokio::fs::remove_file(&s.path).await;
                received
                    .files
                    .push(refused(s.name, "文件为空（0 字节），未检查".to_string()));
                return Ok(());
            }
            *stored += s.size;
            received.files.push(Upload {
                name: s.name,
                size: s.size,
                path: Some(s.path),
                refusal: None,
            });
        }
    }
    Ok(())
}

fn refused(name: String, reason: String) -> Upload {
    Upload {
        name,
        size: 0,
        path: None,
        refusal: Some(reason),
    }
}

/// Before refusing a request, read and drop a bounded part of the rest of
/// its body, so the client sees the reply rather than a reset.
pub async fn drain_refused(body: Body) {
    drain_body(body, REFUSED_BODY_DRAIN, REFUSED_BODY_WAIT).await;
}

/// Read and drop up to `max` bytes of `body` for at most `wait`.
async fn drain_body(mut body: Body, max: u64, wait: Duration) {
    let drain = async {
        let mut n = 0u64;
        while n < max {
            match next_chunk(&mut body, wait).await {
                Ok(Some(c)) => n += c.len() as u64,
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(wait, drain).await;
}

/// The message for a file whose type the checker does not read.
pub fn unsupported_message(ext: &str) -> String {
    let what = if ext.is_empty() {
        "没有扩展名的文件".to_string()
    } else {
        format!(".{ext} 文件")
    };
    if ext == "doc" {
        return crate::docx::DOC_BINARY.to_string();
    }
    format!(
        "不支持的文件类型（{what}）：请上传 Excel 工作簿（.xlsx、.xlsm、.xls）、.ods 文件或 Word 文档（.docx）"
    )
}

/// "12.3 MB" / "850 KB".
pub fn human_size(bytes: u64) -> String {
    if bytes >= MB {
        format!("{:.1} MB", bytes as f64 / MB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The client went away or sent a broken chunked body; hyper's English
/// detail is of no use to the clerk.
fn body_error(_: &axum::Error) -> UploadError {
    UploadError::Bad("上传未完成：连接中断或数据不完整，文件均未检查；请重新上传".to_string())
}

fn disk_error(e: std::io::Error) -> UploadError {
    UploadError::Bad(format!("无法保存上传的文件：{e}"))
}

/// Create a file only the current user can read (the directory is private
/// already; this keeps the file private if it is ever moved).
async fn create_private(path: &std::path::Path) -> std::io::Result<tokio::fs::File> {
    let mut opts = tokio::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    opts.mode(0o600);
    opts.open(path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_chinese_and_specific() {
        assert!(unsupported_message("pdf").contains(".pdf 文件"));
        assert!(unsupported_message("").contains("没有扩展名"));
        assert_eq!(human_size(200 * MB), "200.0 MB");
        assert_eq!(human_size(1000), "1 KB");
        assert!(accepted_extension("xlsx") && accepted_extension("ods"));
        assert!(!accepted_extension("pdf"));
    }
}
