//! The console window: was it made for us, and keeping it readable.
//!
//! Text needs no code-page handling: Rust's standard output writes to a
//! Windows console with `WriteConsoleW` (UTF-16), so Chinese is shown right
//! whatever the console's code page, and output redirected to a file or a
//! pipe stays UTF-8. Changing the code page (`SetConsoleOutputCP`) would
//! instead leak into the user's `cmd` window after we exit.

use std::io::{BufRead, IsTerminal, Write};

/// True when the console this process writes to was created for it alone
/// and can take a key press: Windows opened a window because shenbiao.exe
/// was double-clicked or had files dropped on it, and that window closes
/// (with everything it said) the moment the program exits.
///
/// On Windows the console's process list then holds only this process; run
/// from `cmd` or PowerShell it also holds the shell. Elsewhere a program
/// started outside a terminal has no window to keep open, and one started
/// in a terminal leaves the text there, so this is always false.
pub fn own_window() -> bool {
    std::io::stdin().is_terminal() && sole_console_process()
}

#[cfg(windows)]
fn sole_console_process() -> bool {
    // kernel32 is linked by every Windows program; one function does not
    // justify a bindings crate.
    #[link(name = "kernel32")]
    extern "system" {
        fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
    }
    let mut ids = [0u32; 2];
    // SAFETY: `ids` is a writable buffer of the length passed; the call
    // writes at most that many ids and returns the total count (0 when the
    // process has no console).
    let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
    n == 1
}

#[cfg(not(windows))]
fn sole_console_process() -> bool {
    false
}

/// Ask for Enter before the window closes, so the clerk can read what
/// happened. Returns at once at end of input.
pub fn wait_for_key() {
    eprint!("按回车键（Enter）关闭此窗口……");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}
