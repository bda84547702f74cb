//! Temporary storage: one private directory (mode 0700) for the whole
//! server, one sub-directory per check request ("batch"). Everything the
//! server writes lives there; batches expire after a fixed time, can be
//! deleted by the page, and the whole directory is removed at shutdown.
//! Paths on disk are made from generated ids only, never from user input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A random id of 128 bits in hex, for batches and downloads: unguessable,
/// so one browser tab cannot fetch another's results by counting.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness (practically never): fall back to time and a
        // counter, still unique though guessable.
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes[..8].copy_from_slice(&(t as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&n.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// True for strings `new_id` can produce; anything else is refused before
/// it comes near a path or a map.
pub fn is_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// What a download id stands for.
#[derive(Debug, Clone)]
pub enum Content {
    /// A file already written in the batch directory.
    File(PathBuf),
    /// A zip archive built on first request, then kept (see [`LazyZip`]).
    Zip(Arc<LazyZip>),
}

/// An archive built once, on the first request for it: concurrent first
/// requests wait for that one build instead of each writing their own.
#[derive(Debug)]
pub struct LazyZip {
    /// Where the finished archive lives.
    pub path: PathBuf,
    /// (file, entry name) pairs it holds.
    pub entries: Vec<(PathBuf, String)>,
    /// Set once the archive is complete at `path`; a failed build leaves it
    /// unset so the next request tries again.
    pub built: tokio::sync::OnceCell<()>,
}

impl LazyZip {
    pub fn content(path: PathBuf, entries: Vec<(PathBuf, String)>) -> Content {
        Content::Zip(Arc::new(LazyZip {
            path,
            entries,
            built: tokio::sync::OnceCell::new(),
        }))
    }
}

/// One downloadable result.
#[derive(Debug, Clone)]
pub struct Download {
    pub content: Content,
    /// Sanitised name offered to the browser.
    pub name: String,
    /// ASCII name for browsers that ignore `filename*`.
    pub fallback: &'static str,
    pub mime: &'static str,
}

#[derive(Debug)]
struct Batch {
    dir: PathBuf,
    created: Instant,
    downloads: Vec<String>,
}

#[derive(Debug, Default)]
struct Inner {
    batches: HashMap<String, Batch>,
    /// download id → (batch id, download)
    downloads: HashMap<String, (String, Download)>,
}

/// The server's temporary storage.
#[derive(Debug)]
pub struct Store {
    root: Mutex<Option<tempfile::TempDir>>,
    root_path: PathBuf,
    keep: Duration,
    inner: Mutex<Inner>,
}

impl Store {
    /// Create the private root directory under the system temp directory,
    /// named `shenbiao-serve-<pid>-<random>` so that a later server can
    /// tell whether its owner still runs ([`remove_stale`]).
    pub fn new(keep: Duration) -> std::io::Result<Store> {
        let dir = tempfile::Builder::new()
            .prefix(&format!("{ROOT_PREFIX}{}-", std::process::id()))
            .tempdir()?;
        make_private(dir.path())?;
        Ok(Store {
            root_path: dir.path().to_path_buf(),
            root: Mutex::new(Some(dir)),
            keep,
            inner: Mutex::new(Inner::default()),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root_path
    }

    pub fn keep(&self) -> Duration {
        self.keep
    }

    /// A fresh private directory for one request. The caller registers it
    /// with [`Store::commit`] once the results exist, or drops the guard to
    /// remove it.
    pub fn open_batch(&self) -> std::io::Result<BatchDir> {
        let id = new_id();
        let dir = self.root_path.join(&id);
        std::fs::create_dir(&dir)?;
        make_private(&dir)?;
        Ok(BatchDir {
            id,
            dir,
            committed: false,
        })
    }

    /// Register a finished batch and its downloads (ids from [`new_id`]).
    pub fn commit(&self, mut batch: BatchDir, downloads: Vec<(String, Download)>) {
        batch.committed = true;
        let mut inner = lock(&self.inner);
        let ids: Vec<String> = downloads.iter().map(|(id, _)| id.clone()).collect();
        for (id, d) in downloads {
            inner.downloads.insert(id, (batch.id.clone(), d));
        }
        inner.batches.insert(
            batch.id.clone(),
            Batch {
                dir: batch.dir.clone(),
                created: Instant::now(),
                downloads: ids,
            },
        );
    }

    /// The download behind an id, if it exists and has not expired.
    pub fn download(&self, id: &str) -> Option<Download> {
        if !is_id(id) {
            return None;
        }
        let inner = lock(&self.inner);
        let (batch, d) = inner.downloads.get(id)?;
        let b = inner.batches.get(batch)?;
        (b.created.elapsed() < self.keep).then(|| d.clone())
    }

    /// Delete one batch and its files now. Returns false if unknown.
    pub fn remove_batch(&self, id: &str) -> bool {
        if !is_id(id) {
            return false;
        }
        let removed = {
            let mut inner = lock(&self.inner);
            let b = inner.batches.remove(id);
            if let Some(b) = &b {
                for d in &b.downloads {
                    inner.downloads.remove(d);
                }
            }
            b
        };
        match removed {
            Some(b) => {
                let _ = std::fs::remove_dir_all(&b.dir);
                true
            }
            None => false,
        }
    }

    /// Delete every batch older than the keep time; returns how many.
    pub fn sweep(&self) -> usize {
        let expired: Vec<String> = lock(&self.inner)
            .batches
            .iter()
            .filter(|(_, b)| b.created.elapsed() >= self.keep)
            .map(|(id, _)| id.clone())
            .collect();
        expired.iter().filter(|id| self.remove_batch(id)).count()
    }

    /// Number of live batches (for tests and the log).
    pub fn batch_count(&self) -> usize {
        lock(&self.inner).batches.len()
    }

    /// Remove the whole root directory (shutdown).
    pub fn remove_all(&self) {
        {
            let mut inner = lock(&self.inner);
            inner.batches.clear();
            inner.downloads.clear();
        }
        if let Some(dir) = lock(&self.root).take() {
            let _ = dir.close();
        }
        let _ = std::fs::remove_dir_all(&self.root_path);
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.remove_all();
    }
}

/// The start of every server's private directory name.
const ROOT_PREFIX: &str = "shenbiao-serve-";

/// Remove the private directories in `temp` left by servers that no longer
/// run (killed with SIGKILL, a power cut): the pid in the name is checked
/// with `kill(pid, 0)`, and only directories of the current user are
/// touched. Returns how many were removed.
#[cfg(unix)]
pub fn remove_stale(temp: &Path) -> usize {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(temp) else {
        return 0;
    };
    // SAFETY: getuid has no preconditions.
    let uid = unsafe { libc::getuid() };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix(ROOT_PREFIX))
                .and_then(|rest| rest.split_once('-'))
                .and_then(|(pid, _)| pid.parse::<u32>().ok())
            else {
                return false;
            };
            // symlink_metadata: a planted link is never followed.
            let mine =
                std::fs::symlink_metadata(e.path()).is_ok_and(|m| m.is_dir() && m.uid() == uid);
            mine && pid != std::process::id() && !process_alive(pid)
        })
        .filter(|e| std::fs::remove_dir_all(e.path()).is_ok())
        .count()
}

/// Elsewhere a stopped server's folder stays until the system cleans
/// %TEMP%.
#[cfg(not(unix))]
pub fn remove_stale(_temp: &Path) -> usize {
    0
}

/// `kill(pid, 0)`: 0 or EPERM means a process with that pid exists.
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks for existence and permission.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// A request's directory until its results are registered; removed on drop
/// otherwise (refused or failed requests leave nothing behind).
#[derive(Debug)]
pub struct BatchDir {
    pub id: String,
    pub dir: PathBuf,
    committed: bool,
}

impl Drop for BatchDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// A poisoned lock only means another request panicked; the map is still
/// usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(unix)]
fn make_private(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// On Windows the user's %TEMP% is already private to the user.
#[cfg(not(unix))]
fn make_private(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_hex() {
        let a = new_id();
        assert!(is_id(&a));
        assert_ne!(a, new_id());
        assert!(!is_id("../etc"));
        assert!(!is_id(&a.to_uppercase()));
    }

    #[cfg(unix)]
    #[test]
    fn root_is_private_and_removed() {
        use std::os::unix::fs::PermissionsExt;
        let store = Store::new(Duration::from_secs(60)).unwrap();
        let root = store.root().to_path_buf();
        let mode = std::fs::metadata(&root).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let batch = store.open_batch().unwrap();
        let file = batch.dir.join("x");
        std::fs::write(&file, b"1").unwrap();
        let id = new_id();
        store.commit(
            batch,
            vec![(
                id.clone(),
                Download {
                    content: Content::File(file),
                    name: "x".into(),
                    fallback: "x",
                    mime: "text/plain",
                },
            )],
        );
        assert!(store.download(&id).is_some());
        assert!(store.download(&new_id()).is_none());
        drop(store);
        assert!(!root.exists());
    }

    #[cfg(unix)]
    #[test]
    fn folders_of_dead_servers_are_removed_and_live_ones_kept() {
        let temp = tempfile::tempdir().unwrap();
        // A child that has exited: its pid is free (until reused).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let dead_dir = temp.path().join(format!("{ROOT_PREFIX}{dead}-abc"));
        let live_dir = temp
            .path()
            .join(format!("{ROOT_PREFIX}{}-abc", std::process::id()));
        let other = temp.path().join("shenbiao-serve-notapid");
        for d in [&dead_dir, &live_dir, &other] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("f"), b"1").unwrap();
        }
        assert_eq!(remove_stale(temp.path()), 1);
        assert!(!dead_dir.exists());
        assert!(live_dir.exists() && other.exists());
    }

    #[test]
    fn uncommitted_batches_and_expired_ones_disappear() {
        let store = Store::new(Duration::from_millis(0)).unwrap();
        let batch = store.open_batch().unwrap();
        let dir = batch.dir.clone();
        drop(batch);
        assert!(!dir.exists());
        let batch = store.open_batch().unwrap();
        let dir = batch.dir.clone();
        store.commit(batch, Vec::new());
        assert_eq!(store.sweep(), 1);
        assert!(!dir.exists());
        assert_eq!(store.batch_count(), 0);
    }
}
