//! The worker side: `shenbiao __worker` reads one [`Request`] after
//! another from stdin, runs each through the one job function and answers
//! on stdout, until stdin closes.

use super::limits;
use super::wire::{read_frame, write_frame, Request, READY};
use crate::batch::job::{self, Job};
use std::io::{BufReader, BufWriter};

/// Serve jobs until the parent closes stdin. Returns the process exit code.
pub fn serve() -> u8 {
    limits::die_with_parent();
    crate::workbook::contain::install_quiet_panic_hook();
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    if write_frame(&mut output, &READY).is_err() {
        return 3;
    }
    while let Ok(Some(req)) = read_frame::<Request>(&mut input) {
        let opts = req.options;
        // A worker that cannot limit itself still checks: the guards bound
        // the readers, and the parent still enforces the time limit.
        let _ = limits::limit_memory(opts.limits.max_memory_mb);
        let mut done = job::run(
            &Job {
                input: &req.input,
                name: &req.name,
                out_dir: &req.out_dir,
                stem: &req.stem,
                annotated: req.annotated,
                json: req.json,
            },
            &opts,
        );
        done.report.slim();
        if write_frame(&mut output, &done).is_err() {
            return 3;
        }
    }
    0
}
