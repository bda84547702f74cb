//! Placing an output file: written into an unpredictably named temporary
//! file in the destination folder (created with `O_EXCL`, never following a
//! planted symlink), then renamed over the destination, so a crash never
//! leaves a half-written output and nothing else is ever overwritten.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output could not be written, told apart by the error's kind so
/// the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WriteError {
    DiskFull(PathBuf),
    NoPermission(PathBuf),
    NameTooLong(PathBuf),
    /// Windows refuses to replace a file another program (Excel) holds.
    InUse(PathBuf),
    /// The writer itself failed (or panicked) while building the file.
    Build(PathBuf, String),
    Other(PathBuf, String),
}

impl WriteError {
    /// Classify an I/O error on `path`.
    pub fn from_io(path: &Path, e: &std::io::Error) -> WriteError {
        use std::io::ErrorKind as K;
        let path = path.to_path_buf();
        let os = e.raw_os_error();
        // Windows: sharing / lock violation, disk full, name too long.
        if cfg!(windows) {
            match os {
                Some(32 | 33) => return WriteError::InUse(path),
                Some(5) => return WriteError::InUse(path),
                Some(39 | 112) => return WriteError::DiskFull(path),
                Some(206) => return WriteError::NameTooLong(path),
                _ => {}
            }
        }
        match (e.kind(), os) {
            (K::StorageFull, _) | (_, Some(28 | 122)) => WriteError::DiskFull(path),
            (K::InvalidFilename, _) | (_, Some(36)) => WriteError::NameTooLong(path),
            (K::PermissionDenied | K::ReadOnlyFilesystem, _) | (_, Some(1 | 13 | 30)) => {
                WriteError::NoPermission(path)
            }
            _ => WriteError::Other(path, e.to_string()),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            WriteError::DiskFull(p)
            | WriteError::NoPermission(p)
            | WriteError::NameTooLong(p)
            | WriteError::InUse(p)
            | WriteError::Build(p, _)
            | WriteError::Other(p, _) => p,
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.path().display();
        match self {
            WriteError::DiskFull(_) => write!(f, "无法写入 {p}：磁盘空间不足，请清理后重试"),
            WriteError::NoPermission(_) => {
                write!(
                    f,
                    "无法写入 {p}：没有写入权限（文件夹只读或无权访问），请换一个输出文件夹"
                )
            }
            WriteError::NameTooLong(_) => {
                write!(
                    f,
                    "无法写入 {p}：文件名或路径过长，请缩短输入文件名或输出文件夹路径"
                )
            }
            WriteError::InUse(_) => {
                write!(f, "无法写入 {p}：文件可能正在 Excel 中打开，请关闭后重试")
            }
            WriteError::Build(_, e) => write!(f, "无法生成 {p}：{e}"),
            WriteError::Other(_, e) => write!(f, "无法写入 {p}：{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

/// Write `path` through a temporary file in the same folder: `write` fills
/// the file, then it replaces `path` in one rename.
///
/// No fsync: outputs are derived and a re-run rebuilds them, while an fsync
/// per file (2–3 ms each, two per input) cost more than checking the file
/// and more than doubled the wall time of a 1,000-file batch.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let err = |e: &std::io::Error| WriteError::from_io(path, e);
    let mut tmp = temp_in(dir).map_err(|e| err(&e))?;
    write(tmp.as_file_mut()).map_err(|e| err(&e))?;
    tmp.as_file_mut().flush().map_err(|e| err(&e))?;
    tmp.persist(path).map_err(|e| err(&e.error))?;
    Ok(())
}

/// The prefix of this process's temporary files: `.shenbiao-<pid>-`, so
/// that the files a stopped worker leaves can be told apart from those of
/// others (see [`remove_temps_of`]); the rest of the name is random.
fn temp_prefix(pid: u32) -> String {
    format!(".shenbiao-{pid}-")
}

/// A new temporary file in `dir` (created with `O_EXCL`, random name).
pub fn temp_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    tempfile::Builder::new()
        .prefix(&temp_prefix(std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
}

/// Remove the temporary files process `pid` left in `dir` (a worker that
/// was stopped, or this process on Ctrl-C). Returns how many were removed.
pub fn remove_temps_of(dir: &Path, pid: u32) -> usize {
    let prefix = temp_prefix(pid);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".tmp")
        })
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// [`write_atomic`] for bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic(path, |f| f.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_symlink_at_the_temp_name_is_never_followed() {
        // The temporary name is random, so nothing planted can be in its
        // way; the destination itself is replaced, not written through.
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("input.xlsx");
        std::fs::write(&victim, b"original").unwrap();
        let out = dir.path().join("out.csv");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &out).unwrap();
        write_bytes(&out, b"csv").unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"original");
        assert_eq!(std::fs::read(&out).unwrap(), b"csv");
    }

    #[test]
    fn errors_are_told_apart_by_kind() {
        let p = Path::new("x");
        let e = |code| std::io::Error::from_raw_os_error(code);
        if cfg!(unix) {
            assert!(matches!(
                WriteError::from_io(p, &e(28)),
                WriteError::DiskFull(_)
            ));
            assert!(matches!(
                WriteError::from_io(p, &e(13)),
                WriteError::NoPermission(_)
            ));
            assert!(matches!(
                WriteError::from_io(p, &e(36)),
                WriteError::NameTooLong(_)
            ));
            assert!(WriteError::from_io(p, &e(13))
                .to_string()
                .contains("没有写入权限"));
        }
    }

    #[test]
    fn no_temp_file_is_left_when_writing_fails() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.json");
        let r = write_atomic(&out, |_| Err(std::io::Error::other("boom")));
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
