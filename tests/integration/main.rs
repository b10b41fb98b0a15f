//! Integration tests: every test drives the built `leakwatch` binary.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod baseline;
mod corpus;
mod history;
mod hook;
mod report;
mod robustness;
mod rules;
mod scan;
mod shapes;
mod staged;
mod util;
