//! A progress bar on standard error for long history scans: commits walked, then blobs scanned,
//! bytes and rate. Drawn only when standard error is a terminal; otherwise every call is a no-op.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The history scan's progress bar.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A progress bar, hidden unless `visible` (standard error is a terminal).
    pub fn new(visible: bool) -> Progress {
        let bar = if visible {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        if let Ok(style) = ProgressStyle::with_template("{spinner} walking history: {pos} commits")
        {
            bar.set_style(style);
        }
        Progress { bar }
    }

    /// Counts commits walked.
    pub fn commits(&self, walked: usize) {
        if walked % 64 == 0 {
            self.bar.set_position(walked as u64);
        }
    }

    /// Switches to scanning `blobs` blobs.
    pub fn start_scan(&self, blobs: usize) {
        self.bar.set_position(0);
        self.bar.set_length(blobs as u64);
        let template = "{bar:30} {pos}/{len} blobs · {msg} · {per_sec} · {eta}";
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style);
        }
    }

    /// Counts one blob scanned; `bytes` is the running total.
    pub fn blob(&self, bytes: u64) {
        self.bar.inc(1);
        if self.bar.position() % 256 == 0 {
            self.bar.set_message(super::human::human_bytes(bytes));
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
