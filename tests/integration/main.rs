//! Integration tests: every test drives the built `leakwatch` binary.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod history;
mod report;
mod rules;
mod scan;
mod util;
