//! Rules as data: YAML packs ([`syntax`]) read from the binary or disk ([`load`]), checked and
//! prepared ([`compile`]), and tested against their own examples ([`check`]).

pub mod check;
pub mod compile;
pub mod error;
pub mod hir_code;
pub mod keyword_table;
pub mod keywords;
pub mod load;
pub mod nfa_code;
pub mod reach;
pub mod shape;
pub mod syntax;
pub mod varint;
pub mod yaml_lines;

pub use compile::{CompileMode, Rule, RuleSet};
pub use error::RuleError;
pub use load::LoadedRule;
