//! Ctrl-C, SIGTERM and SIGHUP during `shenbiao check`: stop the worker
//! processes, remove the temporary files of this run (ours and the
//! workers', told apart by the pid in their names) and exit with 130.
//! Outputs already placed stay; nothing half-written is left.

use super::place::remove_temps_of;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Once};

struct Cleanup {
    out_dir: PathBuf,
    workers: Arc<Mutex<Vec<u32>>>,
}

static RUN: Mutex<Option<Cleanup>> = Mutex::new(None);
static INSTALL: Once = Once::new();

/// Clean up after this run if it is interrupted, until the guard drops.
pub fn guard(out_dir: PathBuf, workers: Arc<Mutex<Vec<u32>>>) -> Guard {
    INSTALL.call_once(|| {
        // Fails only if a handler is already set (an embedding program's):
        // then that program decides what an interrupt does.
        let _ = ctrlc::set_handler(on_interrupt);
    });
    if let Ok(mut run) = RUN.lock() {
        *run = Some(Cleanup { out_dir, workers });
    }
    Guard
}

pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut run) = RUN.lock() {
            *run = None;
        }
    }
}

fn on_interrupt() {
    let cleanup = RUN.lock().ok().and_then(|mut r| r.take());
    if let Some(c) = cleanup {
        let workers = c.workers.lock().map(|w| w.clone()).unwrap_or_default();
        for &pid in &workers {
            kill(pid);
        }
        let mut removed = remove_temps_of(&c.out_dir, std::process::id());
        for &pid in &workers {
            removed += remove_temps_of(&c.out_dir, pid);
        }
        eprintln!(
            "\n已中断：已停止检查，删除了 {removed} 个临时文件；已写出的结果保留在 {}",
            c.out_dir.display()
        );
    }
    std::process::exit(130);
}

#[cfg(unix)]
fn kill(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill takes plain integers; the pid is one of our workers.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

/// On Windows the console delivers Ctrl-C to the workers too, and a worker
/// exits when its stdin closes with this process.
#[cfg(not(unix))]
fn kill(_pid: u32) {}
