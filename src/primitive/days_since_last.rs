//! `days-since-last`: days from the latest row to the as-of date.

pub type DaysSinceLast = super::days_since::DaysSince<false>;
