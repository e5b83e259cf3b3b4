//! Metrics: what a rule measures over one table of an account's rows, and the
//! filters, durations and follow-ups it is written with.

use super::ClassId;
use crate::model::{Derivation, FieldId, Table};
pub use crate::primitive::{Aggregate, FollowUp, FollowedBy};

/// A metric: which rows of a table count (its filters, its window by its date)
/// and what is computed over them (its aggregate, with the aggregate's own
/// parameters; see [`crate::primitive`]).
#[derive(Debug, Clone)]
pub struct Metric {
    pub table: Table,
    pub aggregate: Aggregate,
    pub filter: Vec<Filter>,
    pub window_days: Option<i64>,
    pub date: FieldId,
}

impl Metric {
    /// Every (table, field) the metric reads: if one of them is absent from the
    /// export, the metric cannot be assessed. A filter over several fields needs
    /// only one of them, so it is listed as a group.
    pub fn needs(&self) -> Vec<(Table, Vec<FieldId>)> {
        let mut out = Vec::new();
        let t = self.table;
        for f in &self.filter {
            out.push((t, f.fields.clone()));
        }
        for group in self.aggregate.row_filters() {
            for f in group {
                out.push((t, f.fields.clone()));
            }
        }
        if self.window_days.is_some() || self.aggregate.dated() {
            out.push((t, vec![self.date]));
        }
        self.aggregate.needs(t, &mut out);
        out
    }

    /// Whether the metric reads the resolved roles of the contacts on file
    /// (`contacts.contact.role`). A role is known only once every contact and
    /// relation has been read, so such a metric is folded over the contact
    /// registry then, not row by row as the contacts file is read.
    pub fn on_resolved_roles(&self) -> bool {
        self.table == Table::Contacts
            && self.needs().iter().any(|(t, group)| {
                group
                    .iter()
                    .any(|&f| t.def(f).derive == Derivation::ContactRole)
            })
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
    /// A date field that bounds an empty `to`: the row is measured up to it when
    /// it is set on or before the as-of date (a case closed without a recorded
    /// first response was answered no later than it closed).
    pub bound: Option<FieldId>,
}

impl Duration {
    /// The fields a duration cannot do without (its `bound` is read when the
    /// export has it).
    pub fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
        for end in [self.from, self.to] {
            if let DurationEnd::Field(f) = end {
                out.push((table, vec![f]));
            }
        }
    }
}
