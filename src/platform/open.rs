//! Open a file, a folder or a web address with the desktop's default
//! program: the browser for the page of `shenbiao serve`, Explorer (or the
//! file manager) for a results folder, Excel/WPS for a checked workbook.

use std::ffi::OsStr;
use std::process::{Command, Stdio};

/// Environment variable naming a program to run instead of the desktop's
/// default opener, with the address or path as its only argument. Tests
/// set it to a script that records what would have been opened; a user can
/// set it to a browser of their choice.
pub const OPENER_ENV: &str = "SHENBIAO_OPENER";

/// Open `target` and return without waiting for the program that shows it.
/// Errors are Chinese sentences for the console; the caller has already
/// printed the address or path, so a failure only costs a click.
pub fn open(target: &OsStr) -> Result<(), String> {
    match std::env::var_os(OPENER_ENV).filter(|p| !p.is_empty()) {
        Some(program) => spawn(Command::new(program), target),
        None => open_default(target),
    }
}

/// Start `cmd target` detached from our console streams; a thread reaps it
/// so that it does not linger as a zombie while a server keeps running.
fn spawn(mut cmd: Command, target: &OsStr) -> Result<(), String> {
    cmd.arg(target)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = cmd.spawn().map_err(|e| format!("无法启动打开程序：{e}"))?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

#[cfg(windows)]
fn open_default(target: &OsStr) -> Result<(), String> {
    use std::os::windows::ffi::OsStrExt;
    // ShellExecuteW is what Explorer does on a double-click: it handles
    // Chinese names, spaces, UNC paths (\\server\share) and URLs without
    // the quoting pitfalls of `cmd /C start`. shell32 ships with every
    // Windows; one function does not justify a bindings crate.
    #[link(name = "shell32")]
    extern "system" {
        fn ShellExecuteW(
            hwnd: *mut std::ffi::c_void,
            operation: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }
    const SW_SHOWNORMAL: i32 = 1;
    let wide = |s: &OsStr| s.encode_wide().chain([0]).collect::<Vec<u16>>();
    let (verb, file) = (wide(OsStr::new("open")), wide(target));
    // SAFETY: both strings are NUL-terminated UTF-16 buffers that outlive
    // the call; null is allowed for the window, parameters and directory.
    let code = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // Values above 32 mean success (documented contract of ShellExecute).
    if code > 32 {
        Ok(())
    } else {
        Err(format!("系统未能打开（代码 {code}）"))
    }
}

#[cfg(not(windows))]
fn open_default(target: &OsStr) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    spawn(Command::new(program), target)
}
