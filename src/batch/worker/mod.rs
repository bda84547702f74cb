//! Worker processes. Each file is checked in a child process — the same
//! executable started as `shenbiao __worker` — under a memory limit
//! (`--max-memory-mb`) and a time limit (`--max-seconds`), so that what no
//! guard foresaw ends that one file as unreadable and never the batch or
//! the server: an allocation failure (which aborts the process and cannot
//! be caught like a panic), a stack overflow, a loop in a dependency.
//! Workers are reused from file to file, so isolation costs a process
//! start per worker, not per file.

mod child;
mod limits;
pub mod wire;

use super::job::{self, Done, Job};
use super::place::remove_temps_of;
use crate::check::Options;
use crate::outcome::{FileReport, ReadError};
use std::io::{BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wire::{read_frame, write_frame, Reply, Request, READY};

/// The argument that makes the executable a worker.
pub const WORKER_ARG: &str = "__worker";

/// Run as a worker if the command line says so (call first thing in
/// `main`): `Some(exit code)` when this process was a worker.
pub fn run_if_worker() -> Option<u8> {
    let mut args = std::env::args_os().skip(1);
    (args.next().is_some_and(|a| a == WORKER_ARG) && args.next().is_none()).then(child::serve)
}

/// How jobs are run.
#[derive(Debug, Clone)]
pub enum Isolation {
    /// In this process: for the library and tests that call it directly.
    /// No memory or time limit applies (only the readers' guards).
    InProcess,
    /// In worker processes of `exe` (which must call [`run_if_worker`]).
    Processes { exe: PathBuf },
}

impl Isolation {
    /// Workers of the running executable: what the CLI and server use.
    pub fn current_exe() -> Isolation {
        match std::env::current_exe() {
            Ok(exe) => Isolation::Processes { exe },
            Err(_) => Isolation::InProcess,
        }
    }
}

/// Runs jobs, reusing idle workers. Shared by the batch's threads and by
/// the server's requests: at most as many workers exist as jobs run at once.
pub struct Pool {
    isolation: Isolation,
    /// Set once a worker could not start: later jobs run in this process
    /// instead of each waiting for another failed start.
    unavailable: Mutex<Option<String>>,
    idle: Mutex<Vec<Worker>>,
    /// Pids of the live workers, for [`Pool::live`] (Ctrl-C cleanup).
    live: Arc<Mutex<Vec<u32>>>,
    /// Where workers are started; see [`Spawner`].
    spawner: Spawner,
}

/// A request to start a worker: the executable, the pool's live list, and
/// where to send the result.
type SpawnRequest = (
    PathBuf,
    Arc<Mutex<Vec<u32>>>,
    mpsc::Sender<std::io::Result<Worker>>,
);

/// Starts every worker of a pool from one thread that lives as long as the
/// pool. A worker asks to die with its parent (PR_SET_PDEATHSIG), and Linux
/// sends that signal when the *thread* that started it ends, not the
/// process: a worker started by a batch thread that has run out of files,
/// or by a server thread the runtime retires when idle, would be killed
/// while another thread is using it (measured: one file in a hundred ended
/// as “信号 9” at `-j 2`).
struct Spawner {
    requests: Mutex<mpsc::Sender<SpawnRequest>>,
}

impl Spawner {
    fn new() -> Spawner {
        let (tx, rx) = mpsc::channel::<SpawnRequest>();
        let started = std::thread::Builder::new()
            .name("shenbiao-workers".into())
            .spawn(move || {
                for (exe, live, reply) in rx {
                    let _ = reply.send(Worker::spawn(&exe, &live));
                }
            });
        if let Err(e) = started {
            // Requests then fail at once and the jobs run in this process,
            // with a note saying so (see `Pool::run`).
            eprintln!("审表：无法启动检查进程管理线程：{e}");
        }
        Spawner {
            requests: Mutex::new(tx),
        }
    }

    fn spawn(&self, exe: &Path, live: &Arc<Mutex<Vec<u32>>>) -> std::io::Result<Worker> {
        let (reply, answer) = mpsc::channel();
        let sent = self
            .requests
            .lock()
            .map_err(|_| std::io::Error::other("检查进程管理线程不可用"))?
            .send((exe.to_path_buf(), Arc::clone(live), reply));
        if sent.is_err() {
            return Err(std::io::Error::other("检查进程管理线程不可用"));
        }
        answer
            .recv()
            .unwrap_or_else(|_| Err(std::io::Error::other("检查进程管理线程不可用")))
    }
}

impl Pool {
    pub fn new(isolation: Isolation) -> Pool {
        Pool {
            isolation,
            unavailable: Mutex::new(None),
            idle: Mutex::new(Vec::new()),
            live: Arc::new(Mutex::new(Vec::new())),
            spawner: Spawner::new(),
        }
    }

    /// The pids of the workers now running (kept up to date).
    pub fn live(&self) -> Arc<Mutex<Vec<u32>>> {
        Arc::clone(&self.live)
    }

    /// Run one job: in a worker when isolated. Never fails: a worker that
    /// dies or overruns makes the file unreadable with the reason.
    pub fn run(&self, job: &Job<'_>, opts: &Options) -> Done {
        let Isolation::Processes { exe } = &self.isolation else {
            return job::run(job, opts);
        };
        let unavailable = self.unavailable.lock().ok().and_then(|u| u.clone());
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let worker = match (reused, unavailable) {
            (Some(w), _) => Ok(w),
            (None, Some(why)) => Err(why),
            (None, None) => self.spawner.spawn(exe, &self.live).map_err(|e| {
                let why = e.to_string();
                if let Ok(mut u) = self.unavailable.lock() {
                    *u = Some(why.clone());
                }
                why
            }),
        };
        let mut worker = match worker {
            Ok(w) => w,
            Err(why) => {
                // No worker can start (a process limit, the executable gone):
                // check here rather than not at all, and say so.
                let mut done = job::run(job, opts);
                done.report.notes.push(format!(
                    "未能启动独立的检查进程（{why}），本文件在主进程中检查，不受内存和时间上限保护"
                ));
                return done;
            }
        };
        match worker.run(job, opts) {
            Ok(done) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                done
            }
            Err(death) => {
                let pid = worker.pid;
                worker.stop();
                remove_temps_of(job.out_dir, pid);
                let reason = ReadError::Crashed(death.message(opts));
                job::unfinished(job, FileReport::unreadable(job.name, reason))
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for w in idle.drain(..) {
                w.finish();
            }
        }
    }
}

/// Why a worker did not answer.
#[derive(Debug)]
enum Death {
    /// It ran past the time limit and was stopped.
    Timeout,
    /// It ran out of its memory limit (an allocation failed).
    Memory,
    /// It ended otherwise (a signal, an exit code, a broken reply).
    Other(String),
}

impl Death {
    fn message(&self, opts: &Options) -> String {
        match self {
            Death::Timeout => format!(
                "检查超过时间上限（{} 秒），已停止检查该文件（文件过大或结构异常；可用 --max-seconds 调整）",
                opts.limits.max_seconds
            ),
            Death::Memory => format!(
                "文件过大或结构异常，检查时超出内存上限（{} MB），已停止检查该文件（可用 --max-memory-mb 调整）",
                opts.limits.max_memory_mb
            ),
            Death::Other(how) => {
                format!("检查该文件时检查进程异常退出（{how}），文件结构可能异常")
            }
        }
    }
}

/// One worker process and the thread that reads its answers.
struct Worker {
    child: Child,
    pid: u32,
    /// `None` once closed (the worker then exits when idle).
    stdin: Option<BufWriter<ChildStdin>>,
    replies: Receiver<std::io::Result<Option<Reply>>>,
    /// The last bytes the worker wrote to stderr (an allocation failure
    /// says "memory allocation of N bytes failed" there).
    stderr_tail: Arc<Mutex<Vec<u8>>>,
    live: Arc<Mutex<Vec<u32>>>,
}

/// How much of a worker's stderr is kept.
const STDERR_TAIL: usize = 4096;

/// Stack size of the threads a worker process starts (see [`Worker::spawn`]).
const WORKER_THREAD_STACK: usize = 512 * 1024;

impl Worker {
    fn spawn(exe: &Path, live: &Arc<Mutex<Vec<u32>>>) -> std::io::Result<Worker> {
        let mut cmd = Command::new(exe);
        if std::env::var_os("RUST_MIN_STACK").is_none() {
            // rust_xlsxwriter assembles every worksheet on a thread of its
            // own; at the default 2 MB of stack each, a workbook of 500
            // sheets reserves 1 GB of address space and the memory limit
            // refuses the threads. Their work is shallow: 512 KB is ample.
            cmd.env("RUST_MIN_STACK", WORKER_THREAD_STACK.to_string());
        }
        let mut child = cmd
            .arg(WORKER_ARG)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let pid = child.id();
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("no pipes"));
        };
        let (tx, replies) = mpsc::channel();
        let (ready_tx, ready) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            let hello = read_frame::<String>(&mut out);
            let is_worker = matches!(&hello, Ok(Some(s)) if s == READY);
            if ready_tx.send(is_worker).is_err() || !is_worker {
                return;
            }
            loop {
                let frame = read_frame::<Reply>(&mut out);
                let end = !matches!(frame, Ok(Some(_)));
                if tx.send(frame).is_err() || end {
                    break;
                }
            }
        });
        let stderr_tail = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr_tail);
        std::thread::spawn(move || keep_tail(stderr, &tail));
        let mut worker = Worker {
            child,
            pid,
            stdin: Some(BufWriter::new(stdin)),
            replies,
            stderr_tail,
            live: Arc::clone(live),
        };
        if let Ok(mut l) = live.lock() {
            l.push(pid);
        }
        if ready.recv_timeout(Duration::from_secs(20)) != Ok(true) {
            let _ = worker.child.kill();
            let _ = worker.child.wait();
            worker.forget();
            return Err(std::io::Error::other(format!(
                "{} 不是本版本的审表程序",
                exe.display()
            )));
        }
        Ok(worker)
    }

    fn run(&mut self, job: &Job<'_>, opts: &Options) -> Result<Done, Death> {
        let req = Request {
            options: opts.clone(),
            input: job.input.to_path_buf(),
            name: job.name.to_string(),
            out_dir: job.out_dir.to_path_buf(),
            stem: job.stem.to_string(),
            annotated: job.annotated,
            json: job.json,
        };
        let sent = match self.stdin.as_mut() {
            Some(w) => write_frame(w, &req),
            None => Err(std::io::ErrorKind::BrokenPipe.into()),
        };
        if let Err(e) = sent {
            return Err(self.death(format!("无法发送任务：{e}")));
        }
        let limit = Duration::from_secs(opts.limits.max_seconds.max(1));
        match self.replies.recv_timeout(limit) {
            Ok(Ok(Some(done))) => Ok(done),
            Ok(Ok(None)) | Err(RecvTimeoutError::Disconnected) => Err(self.death(String::new())),
            Ok(Err(e)) => Err(self.death(format!("答复无法读取：{e}"))),
            Err(RecvTimeoutError::Timeout) => Err(Death::Timeout),
        }
    }

    /// Why the worker stopped answering, once it has exited.
    fn death(&mut self, fallback: String) -> Death {
        let status = wait_briefly(&mut self.child);
        let tail = self
            .stderr_tail
            .lock()
            .map(|t| String::from_utf8_lossy(&t).into_owned())
            .unwrap_or_default();
        if tail.contains("memory allocation of") || tail.contains("out of memory") {
            return Death::Memory;
        }
        let how = match status {
            Some(s) => match limits::signal_of(&s) {
                Some(sig) => format!("信号 {sig}"),
                None => format!("退出码 {}", s.code().unwrap_or(-1)),
            },
            None if !fallback.is_empty() => fallback,
            None => "无答复".to_string(),
        };
        Death::Other(how)
    }

    /// Kill the worker and reap it.
    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.forget();
    }

    /// Close its stdin (it exits when idle) and reap it.
    fn finish(mut self) {
        self.stdin = None;
        if wait_briefly(&mut self.child).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.forget();
    }

    fn forget(&self) {
        if let Ok(mut l) = self.live.lock() {
            l.retain(|&p| p != self.pid);
        }
    }
}

/// The exit status of `child` if it ends within a moment (a worker whose
/// reply stream closed is exiting; one told to finish exits when idle).
fn wait_briefly(child: &mut Child) -> Option<std::process::ExitStatus> {
    for _ in 0..200 {
        match child.try_wait() {
            Ok(Some(s)) => return Some(s),
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(_) => return None,
        }
    }
    None
}

/// Keep the last [`STDERR_TAIL`] bytes of a worker's stderr; with
/// `SHENBIAO_DEBUG` set, also pass them on to ours. Otherwise nothing a
/// dependency prints reaches the user's terminal.
fn keep_tail(mut stderr: impl Read, tail: &Mutex<Vec<u8>>) {
    let debug = std::env::var_os("SHENBIAO_DEBUG").is_some();
    let mut buf = [0u8; 4096];
    while let Ok(n @ 1..) = stderr.read(&mut buf) {
        if debug {
            use std::io::Write;
            let _ = std::io::stderr().write_all(&buf[..n]);
        }
        if let Ok(mut t) = tail.lock() {
            t.extend_from_slice(&buf[..n]);
            let excess = t.len().saturating_sub(STDERR_TAIL);
            t.drain(..excess);
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// An executable that is not a shenbiao worker: the job still runs, here,
    /// and the report says so; the pool does not try to start it again.
    #[test]
    fn a_program_that_is_not_a_worker_falls_back_to_checking_here() {
        let d = tempfile::tempdir().unwrap();
        let input = d.path().join("a.xlsx");
        std::fs::write(&input, b"not a workbook").unwrap();
        let pool = Pool::new(Isolation::Processes {
            exe: "/bin/true".into(),
        });
        for _ in 0..2 {
            let done = pool.run(
                &Job {
                    input: &input,
                    name: "a.xlsx",
                    out_dir: d.path(),
                    stem: "a",
                    annotated: false,
                    json: false,
                },
                &Options::default(),
            );
            assert!(
                matches!(done.report.error, Some(ReadError::Open(_))),
                "{:?}",
                done.report.error
            );
            assert!(
                done.report
                    .notes
                    .iter()
                    .any(|n| n.contains("本文件在主进程中检查")),
                "{:?}",
                done.report.notes
            );
        }
        assert!(pool.live().lock().unwrap().is_empty());
    }
}
