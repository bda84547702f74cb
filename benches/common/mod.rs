//! Shared by the benchmarks.
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

/// CPU time of the calling thread: unlike wall time it does not move when
/// other processes compete for the two cores.
pub fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid out-pointer; CLOCK_THREAD_CPUTIME_ID is always available
    // on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// CPU time of the whole process, every thread counted (rust_xlsxwriter
/// assembles worksheets on threads of its own, which [`thread_cpu`] misses).
pub fn process_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: valid out-pointer; CLOCK_PROCESS_CPUTIME_ID is always
    // available on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

pub struct Child {
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_kb: i64,
}

/// Run `shenbiao check INPUT -o OUT -q EXTRA…` and read the child's peak RSS
/// and CPU time with wait4: its own and its worker processes' (reaped by
/// it), every thread counted; getrusage(RUSAGE_CHILDREN) would mix runs.
// The child is reaped by wait4 below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_cli(bin: &Path, input: &Path, out: &Path, extra: &[&str]) -> Child {
    let t = Instant::now();
    let child = std::process::Command::new(bin)
        .arg("check")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .args(extra)
        .spawn()
        .expect("spawn shenbiao");
    let mut status = 0;
    // SAFETY: plain FFI call on our own child's pid with valid out-pointers;
    // std never waits on a Child we do not `wait()` on.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    let code = libc::WEXITSTATUS(status);
    assert!(code <= 1, "shenbiao exited with {code}");
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Child {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kb: usage.ru_maxrss,
    }
}
