//! A one-line progress bar on stderr, drawn only on a terminal and only for
//! batches big enough to need one.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub struct Progress {
    total: usize,
    enabled: bool,
    started: Instant,
    last: Option<Instant>,
}

/// Batches up to this size finish too fast for a bar to help.
const PROGRESS_MIN_FILES: usize = 5;

impl Progress {
    pub fn new(total: usize, wanted: bool) -> Progress {
        Progress {
            total,
            enabled: wanted && total >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
        }
    }

    pub fn tick(&mut self, done: usize) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if done < self.total
            && self
                .last
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        eprint!("\r{}", progress_line(done, self.total, now - self.started));
    }

    pub fn clear(&self) {
        if self.enabled && self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `检查中 [██████░░░░░░░░] 123/1000  12%  已用 3 秒，约剩 21 秒`
pub fn progress_line(done: usize, total: usize, elapsed: Duration) -> String {
    const WIDTH: usize = 24;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let bar: String = "█".repeat(filled) + &"░".repeat(WIDTH - filled);
    let secs = elapsed.as_secs_f64();
    let left = if done > 0 && done < total {
        format!(
            "，约剩 {:.0} 秒",
            secs / done as f64 * (total - done) as f64
        )
    } else {
        String::new()
    };
    format!(
        "检查中 [{bar}] {done}/{total}  {:>3}%  已用 {secs:.0} 秒{left}\x1b[K",
        (done * 100).checked_div(total).unwrap_or(100)
    )
}
