//! Receiving files: each multipart field is streamed chunk by chunk to a
//! file in the batch directory with a running size check, so a 200 MB
//! upload never sits in memory. A file over the limit, of an unsupported
//! type, or beyond the file count is refused on its own (its bytes are read
//! and dropped) and the others are still checked.

use super::names::{extension, sanitize_display_name};
use axum::extract::multipart::{Multipart, MultipartError};
use std::path::PathBuf;
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
}

impl Default for UploadLimits {
    fn default() -> Self {
        UploadLimits {
            max_file_bytes: 50 * MB,
            max_files: 100,
            max_request_bytes: 1024 * MB,
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
}

/// Why the request as a whole was refused.
#[derive(Debug)]
pub enum UploadError {
    /// The body exceeded the request limit.
    TooLarge(String),
    /// Broken multipart, disconnect, disk error.
    Bad(String),
}

/// Largest non-file field read (the scheme name).
const MAX_TEXT_FIELD: usize = 1024;

/// Read every field of the request, storing accepted files in `dir` as
/// `in-N.ext`.
pub async fn receive(
    mut multipart: Multipart,
    dir: &std::path::Path,
    limits: &UploadLimits,
) -> Result<Received, UploadError> {
    let mut received = Received::default();
    let mut accepted = 0usize;
    let mut stored = 0u64;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let Some(raw_name) = field.file_name().map(str::to_owned) else {
            // A text field: only `scheme` means something.
            let key = field.name().unwrap_or("").to_owned();
            let text = read_small_text(&mut field).await?;
            if key == "scheme" {
                received.scheme = Some(text);
            }
            continue;
        };
        let name = sanitize_display_name(&raw_name);
        let ext = extension(&name);
        let refusal = if !accepted_extension(&ext) {
            Some(unsupported_message(&ext))
        } else if accepted >= limits.max_files {
            Some(format!(
                "一次最多检查 {} 个文件，此文件未检查；请分批上传",
                limits.max_files
            ))
        } else {
            None
        };
        if let Some(reason) = refusal {
            let size = drain(&mut field).await?;
            received.files.push(Upload {
                name,
                size,
                path: None,
                refusal: Some(reason),
            });
            continue;
        }
        accepted += 1;
        let path = dir.join(format!("in-{}.{ext}", received.files.len()));
        let room = limits.max_request_bytes.saturating_sub(stored);
        let upload = store_field(&mut field, name, path, limits, room).await?;
        if upload.path.is_some() {
            stored += upload.size;
        }
        received.files.push(upload);
    }
    Ok(received)
}

/// Stream one file field to `path`, stopping to write as soon as it grows
/// past the per-file limit or the `room` left in the request (the rest is
/// read and dropped so the reply still reaches the browser).
async fn store_field(
    field: &mut axum::extract::multipart::Field<'_>,
    name: String,
    path: PathBuf,
    limits: &UploadLimits,
    room: u64,
) -> Result<Upload, UploadError> {
    let max = limits.max_file_bytes;
    let mut file = create_private(&path).await.map_err(disk_error)?;
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        size += chunk.len() as u64;
        if size > max || size > room {
            drop(file);
            let _ = tokio::fs::remove_file(&path).await;
            size += drain(field).await?;
            let reason = if size > max {
                format!(
                    "文件过大（{}，上限 {} MB），未检查",
                    human_size(size),
                    max / MB
                )
            } else {
                format!(
                    "本次上传的文件合计超过 {} MB 上限，此文件未检查；请分批上传",
                    limits.max_request_bytes / MB
                )
            };
            return Ok(Upload {
                name,
                size,
                path: None,
                refusal: Some(reason),
            });
        }
        file.write_all(&chunk).await.map_err(disk_error)?;
    }
    file.flush().await.map_err(disk_error)?;
    drop(file);
    if size == 0 {
        let _ = tokio::fs::remove_file(&path).await;
        return Ok(Upload {
            name,
            size,
            path: None,
            refusal: Some("文件为空（0 字节），未检查".to_string()),
        });
    }
    Ok(Upload {
        name,
        size,
        path: Some(path),
        refusal: None,
    })
}

/// Read and drop the rest of a field; returns the bytes read.
async fn drain(field: &mut axum::extract::multipart::Field<'_>) -> Result<u64, UploadError> {
    let mut n = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        n += chunk.len() as u64;
    }
    Ok(n)
}

async fn read_small_text(
    field: &mut axum::extract::multipart::Field<'_>,
) -> Result<String, UploadError> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if buf.len() + chunk.len() > MAX_TEXT_FIELD {
            return Err(UploadError::Bad("表单字段过长".to_string()));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&buf).trim().to_string())
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

fn multipart_error(e: MultipartError) -> UploadError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        UploadError::TooLarge(String::new())
    } else {
        UploadError::Bad(format!("上传未完成或数据格式不正确（{}）", e.body_text()))
    }
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
