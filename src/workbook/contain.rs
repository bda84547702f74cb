//! Panic containment for parsing untrusted files.
//!
//! A panic inside a dependency (calamine on a malformed part, say) must turn
//! into an `unreadable` report for that file, never end the batch. Contained
//! panics are expected outcomes, so the panic hook installed by
//! [`install_quiet_panic_hook`] keeps them off stderr (unless
//! `SHENBIAO_DEBUG` is set) and remembers where they happened.

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// True while this thread runs inside [`contained`].
pub fn is_contained() -> bool {
    DEPTH.with(|d| d.get() > 0)
}

/// Run `f`, turning a panic into `Err(description)`.
pub fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    result.map_err(|payload| {
        LAST.with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| payload_text(payload.as_ref()))
    })
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Install (once per process) a hook that records contained panics and stays
/// silent about them; panics elsewhere go to the previous hook as before.
pub fn install_quiet_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        let debug = std::env::var_os("SHENBIAO_DEBUG").is_some();
        std::panic::set_hook(Box::new(move |info| {
            if !is_contained() || debug {
                previous(info);
            }
            if is_contained() {
                let at = info
                    .location()
                    .map(|l| format!(" @ {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let text = payload_text(info.payload());
                LAST.with(|l| *l.borrow_mut() = Some(format!("{text}{at}")));
            }
        }));
    });
}
