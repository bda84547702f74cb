//! What differs between the desktops clerks use: how a file, folder or web
//! address is opened with the default program, and whether the console
//! window is the program's own (a double-click or a drop on shenbiao.exe)
//! and so vanishes when it exits. Everything else in shenbiao is portable;
//! the `#[cfg]` islands are kept to these two files.

mod console;
mod open;

pub use console::{own_window, wait_for_key};
pub use open::{open, OPENER_ENV};
