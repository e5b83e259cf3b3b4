//! Parsers for the values found in export cells: dates and datetimes, booleans
//! and plain decimals. They work on bytes and never allocate: they run once per
//! used cell on the hot path.

mod boolean;
mod date;
mod day;
mod duration;
pub mod grammar;
mod number;
mod timestamp;

pub use boolean::{FALSE_WORDS, NotABool, TRUE_WORDS, parse_bool};
pub use date::{DATE_FORMS, DateEvidence, date_evidence, date_separator, parse_date};
pub use day::{SECONDS_PER_DAY, Timestamp, civil_from_days, day_of, days_from_civil, format_day};
pub use duration::{DurationUnit, parse_duration};
pub use number::{parse_amount, parse_decimal};
pub use timestamp::parse_timestamp;

#[cfg(test)]
mod tests;
