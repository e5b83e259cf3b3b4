//! rapport: scores the customer relationships in a CRM export and says what to do
//! about each. The data flows through the modules in this order, as `pipeline`
//! runs them: `ingest` (files -> canonical rows) -> `metrics` (one streaming
//! pass, per-account aggregates) -> `rules` (curves, actions) -> `score` (score,
//! band, coverage; every account once, in report order) -> `report` (one
//! renderer per format). `spec` is the resolved rule language they all run on,
//! `primitive` the aggregates it is written in (count, share, ...), each with its
//! parameters, fold, finish, wording and SQL in one file;
//! `config` loads it from TOML (raw layers, `extends` and vendor presets merged,
//! then checked). `settings` holds the command-line flags resolved once, `day`
//! the calendar day, `term` the width and colour of where output goes.

pub mod cli;
mod commands;
pub mod config;
pub mod day;
pub mod ingest;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod primitive;
pub mod report;
pub mod rules;
pub mod score;
pub mod settings;
pub mod spec;
pub mod term;
pub mod warehouse;

pub use commands::{is_broken_pipe, run};
pub use pipeline::{PassOptions, analyse, analyse_paths, recognise_all};
