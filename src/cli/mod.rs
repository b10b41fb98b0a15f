//! The command line: clap's view ([`args`]) and the validated settings the commands use
//! ([`config`]).

pub mod args;
pub mod config;
