//! Metrics: what a rule measures over one table of an account's rows, and the
//! filters, durations and follow-ups it is written with.

use super::ClassId;
use crate::model::{FieldId, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aggregate {
    Count,
    Distinct,
    DaysSinceLast,
    DaysSinceFirst,
    Share,
    Ratio,
    Median,
    Percentile,
    ShareWithin,
    Max,
    FollowedBy,
}

impl Aggregate {
    /// Every aggregate, by the name a rule file writes.
    pub const ALL: [(&'static str, Aggregate); 11] = [
        ("count", Aggregate::Count),
        ("distinct", Aggregate::Distinct),
        ("days-since-last", Aggregate::DaysSinceLast),
        ("days-since-first", Aggregate::DaysSinceFirst),
        ("share", Aggregate::Share),
        ("ratio", Aggregate::Ratio),
        ("median", Aggregate::Median),
        ("percentile", Aggregate::Percentile),
        ("share-within", Aggregate::ShareWithin),
        ("max", Aggregate::Max),
        ("followed-by", Aggregate::FollowedBy),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, a)| *a == self)
            .map_or("?", |(n, _)| n)
    }
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub table: Table,
    pub aggregate: Aggregate,
    pub filter: Vec<Filter>,
    pub of: Vec<Filter>,
    pub per: Vec<Filter>,
    pub window_days: Option<i64>,
    pub date: FieldId,
    pub field: Option<FieldId>,
    pub values: Vec<String>,
    pub duration: Option<Duration>,
    pub percentile: f64,
    pub threshold: f64,
    pub followed_by: Option<FollowedBy>,
}

impl Metric {
    /// Every (table, field) the metric reads: if one of them is absent from the
    /// export, the metric cannot be assessed. A filter over several fields needs
    /// only one of them, so it is listed as a group.
    pub fn needs(&self) -> Vec<(Table, Vec<FieldId>)> {
        let mut out = Vec::new();
        let t = self.table;
        for f in self.filter.iter().chain(&self.of).chain(&self.per) {
            out.push((t, f.fields.clone()));
        }
        if self.window_days.is_some()
            || matches!(
                self.aggregate,
                Aggregate::DaysSinceLast | Aggregate::DaysSinceFirst | Aggregate::FollowedBy
            )
        {
            out.push((t, vec![self.date]));
        }
        if let Some(f) = self.field {
            out.push((t, vec![f]));
        }
        if let Some(d) = &self.duration {
            for end in [d.from, d.to] {
                if let DurationEnd::Field(f) = end {
                    out.push((t, vec![f]));
                }
            }
        }
        if let Some(fb) = &self.followed_by {
            let date = fb
                .table
                .field(fb.table.default_date())
                .expect("default date");
            out.push((fb.table, vec![date]));
            for f in &fb.filter {
                out.push((fb.table, f.fields.clone()));
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The filter holds when it holds for any of these fields.
    pub fields: Vec<FieldId>,
    pub op: FilterOp,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterOp {
    /// Equal to one of these (trimmed, ignoring case).
    In(Vec<String>),
    NotIn(Vec<String>),
    Matches(ClassId),
    NotMatches(ClassId),
    Present(bool),
    Is(bool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationEnd {
    Field(FieldId),
    AsOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    Minutes,
    Hours,
    Days,
}

impl Unit {
    pub fn seconds(self) -> f64 {
        match self {
            Unit::Minutes => 60.0,
            Unit::Hours => 3600.0,
            Unit::Days => 86_400.0,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Unit::Minutes => "minutes",
            Unit::Hours => "hours",
            Unit::Days => "days",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Duration {
    pub from: DurationEnd,
    pub to: DurationEnd,
    pub unit: Unit,
    /// An empty `to` is measured up to the as-of date (the thing is still open).
    pub open_until_as_of: bool,
}

#[derive(Debug, Clone)]
pub struct FollowedBy {
    pub table: Table,
    pub window_days: i64,
    pub filter: Vec<Filter>,
}
