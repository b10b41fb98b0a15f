//! leakwatch finds leaked secrets in files, staged changes and git history.
//!
//! The pipeline, in the order of the modules below: a [`source`] (files on disk, staged blobs,
//! history blobs) yields [`source::Chunk`]s of bytes with their provenance; the [`matcher`] runs
//! the [`rules`] over each chunk (a keyword prefilter, then only the candidate rules' regexes) and
//! yields matches, which become [`finding::Finding`]s (fingerprint, redacted secret); the
//! [`filter`]s drop what the user allowed (inline markers, allowlists, ignore file, baseline); one
//! collector sorts what is left and a [`report`]er prints it. [`exit`] decides the status.
#![warn(missing_docs)]

pub mod cli;
pub mod cmd;
pub mod decode;
pub mod exit;
pub mod filter;
pub mod finding;
pub mod hook;
pub mod matcher;
pub mod repo_config;
pub mod report;
pub mod rules;
pub mod scanner;
pub mod source;
