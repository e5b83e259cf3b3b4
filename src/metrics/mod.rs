//! Per-account aggregation in one streaming pass: every row of every file is read
//! once, joined to its account, and folded into the metrics the rule set declares.
//! Memory grows with accounts and contacts (and with the few rows a median or a
//! follow-up check must remember), never with activity rows.
//!
//! The pass, in the order a row meets it: `source` parses records into batches
//! (on a reader thread of its own when the pass may use two) and `prepare` works out
//! what a record says by itself, and once every account and contact is read,
//! `ahead` looks up the ids the row names; `run` drives the pass file by file
//! and counts what happened to each row (`stats`); `join` finds the row's
//! account and contact; `fold` applies it to the account's `evidence`. `outcome` turns
//! the folded evidence into metric values, and `presence` says which metrics
//! the export can back at all.

mod ahead;
pub(crate) mod contacts;
mod evidence;
mod fold;
mod ids;
mod join;
mod names;
mod outcome;
pub(crate) mod plan;
mod prepare;
mod presence;
mod run;
mod source;
mod stats;

pub use contacts::Contacts;
pub use evidence::Evidence;
pub(crate) use evidence::hash_value;
pub use join::Account;
pub use outcome::{Assessable, MetricValue, Outcome, find_account};
pub use presence::Presence;
pub use run::Engine;
pub use stats::{History, IgnoreRejects, InputStats, Reject, RejectSink, Span};

/// No contact: an account with none known yet, a row that names none.
pub const NO_CONTACT: u32 = u32::MAX;
/// No day: evidence with no dated row yet.
const NO_DAY: i32 = i32::MIN;
