//! What the operating system enforces on a worker process: an
//! address-space limit (so an allocation a guard did not foresee fails in
//! the worker instead of exhausting the machine) and, on Linux, death with
//! the parent (so a killed batch or server leaves no orphan checking on).
//! Windows has neither here: the time limit and crash isolation still
//! apply there, and the memory bound rests on the readers' guards.

/// Apply the memory limit to the current process (the worker), in MB. Only
/// the soft limit is set, so the next job may set another.
#[cfg(unix)]
pub fn limit_memory(mb: u64) -> Result<(), String> {
    let bytes = mb.saturating_mul(1024 * 1024);
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit read or fill the struct we pass and have
    // no other effect on memory owned by Rust.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error().to_string());
    }
    limit.rlim_cur = (bytes as libc::rlim_t).min(limit.rlim_max);
    let rc = unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error().to_string())
    }
}

#[cfg(not(unix))]
pub fn limit_memory(_mb: u64) -> Result<(), String> {
    Ok(())
}

/// Ask the kernel to kill this worker when its parent dies.
#[cfg(target_os = "linux")]
pub fn die_with_parent() {
    // SAFETY: prctl(PR_SET_PDEATHSIG) takes integer arguments only.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn die_with_parent() {}

/// The signal that ended a process, if one did (SIGABRT from Rust's
/// allocation-failure handler, SIGKILL from the kernel's OOM killer or from
/// the time limit, SIGSEGV from a stack overflow).
#[cfg(unix)]
pub fn signal_of(status: &std::process::ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
pub fn signal_of(_status: &std::process::ExitStatus) -> Option<i32> {
    None
}
