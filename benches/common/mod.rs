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

/// GNU time, when installed: it reports the peak RSS of the process it
/// starts, which wait4 from here cannot (see [`run_cli`]).
const GNU_TIME: &str = "/usr/bin/time";

/// Run `shenbiao check INPUT -o OUT -q EXTRA…` and read the child's CPU time
/// with wait4 (its own and its worker processes', every thread counted;
/// getrusage(RUSAGE_CHILDREN) would mix runs) and its peak RSS.
///
/// Linux carries a process's peak RSS across exec, and a child spawned from
/// here starts from this process's memory, so wait4's ru_maxrss is at least
/// the bench's own peak (large after generating a big input). The peak is
/// therefore taken from GNU time, a small process that starts shenbiao
/// itself; without it wait4's figure is kept, an upper bound.
// The child is reaped by wait4 below, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_cli(bin: &Path, input: &Path, out: &Path, extra: &[&str]) -> Child {
    let rss_file = out.with_extension("maxrss");
    let timed = Path::new(GNU_TIME).exists();
    let mut cmd = if timed {
        let mut c = std::process::Command::new(GNU_TIME);
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file).arg(bin);
        c
    } else {
        std::process::Command::new(bin)
    };
    let t = Instant::now();
    let child = cmd
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
    let max_rss_kb = if timed {
        let text = std::fs::read_to_string(&rss_file).expect("GNU time output");
        text.lines()
            .rev()
            .find_map(|l| l.trim().parse().ok())
            .expect("a peak RSS from GNU time")
    } else {
        usage.ru_maxrss
    };
    Child {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_kb,
    }
}
