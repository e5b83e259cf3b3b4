//! `days-since-first`: days from the earliest row to the as-of date.

pub type DaysSinceFirst = super::days_since::DaysSince<true>;
