//! The rule-set file as written: every field optional, unknown keys refused, and
//! the spans of everything a later check may point at.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::spec::{Better, IfNone, Shape};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleSet {
    pub extends: Option<Spanned<String>>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub band: Option<Spanned<Vec<RawBand>>>,
    pub classes: Option<BTreeMap<String, Spanned<RawClass>>>,
    pub role: Option<Spanned<Vec<RawRole>>>,
    pub facts: Option<BTreeMap<String, Spanned<RawFact>>>,
    pub columns: Option<BTreeMap<Spanned<String>, ColumnMap>>,
    /// `[date_order]`: header -> `day-first` or `month-first`.
    pub date_order: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    pub tables: Option<BTreeMap<Spanned<String>, Spanned<TableName>>>,
    pub rule: Option<Vec<Spanned<RawRule>>>,
    pub actions: Option<RawActions>,
    pub scoring: Option<RawScoring>,
}

/// `[actions]`: the action threshold and budgets.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActions {
    pub min_shortfall: Option<Spanned<f64>>,
    pub per_account: Option<Spanned<i64>>,
    pub this_week: Option<Spanned<i64>>,
    pub per_call: Option<Spanned<i64>>,
}

/// `[scoring]`: when an account is given a band, and which accounts are customers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScoring {
    pub min_coverage: Option<Spanned<f64>>,
    pub customer_fact: Option<Spanned<String>>,
    pub uninformative_share: Option<Spanned<f64>>,
    pub uninformative_min_accounts: Option<Spanned<i64>>,
    pub min_history_days: Option<Spanned<i64>>,
}

/// `[columns.TABLE]`: canonical field name -> the header (or headers) it is read from.
pub type ColumnMap = BTreeMap<Spanned<String>, Spanned<OneOrMany>>;

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s.clone()],
            OneOrMany::Many(v) => v.clone(),
        }
    }
}

/// `[tables] TABLE = "schema.name"`, or `false` when the warehouse has no such table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum TableName {
    Name(String),
    Present(bool),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub name: String,
    pub min: Spanned<f64>,
    pub why: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClass {
    pub why: Option<String>,
    /// Replaces the keywords of a class of the same name in the base set.
    #[serde(rename = "match")]
    pub keywords: Option<Vec<Spanned<String>>>,
    /// Adds keywords to the class of the same name in the base set.
    pub add: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub name: String,
    pub class: Spanned<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub why: Option<String>,
    /// Holds when any of these holds (the form every fact used to be written in).
    pub any: Option<Vec<Spanned<RawCondition>>>,
    /// Holds when all of these hold.
    pub all: Option<Vec<Spanned<RawCondition>>>,
    /// Holds when this does not.
    pub not: Option<Box<Spanned<RawCondition>>>,
}

/// One condition of a fact: a metric written in place (with `at_least`, or
/// above zero), or `any`, `all` or `not` of further conditions. It is one table
/// rather than a choice of shapes so that a misspelt key is named as such.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCondition {
    pub table: Option<Spanned<String>>,
    pub aggregate: Option<Spanned<String>>,
    #[serde(rename = "where")]
    pub filter: Option<Vec<Spanned<RawFilter>>>,
    pub of: Option<Vec<Spanned<RawFilter>>>,
    pub per: Option<Vec<Spanned<RawFilter>>>,
    pub within_days: Option<Spanned<i64>>,
    pub date: Option<Spanned<String>>,
    pub field: Option<Spanned<String>>,
    pub values: Option<Vec<String>>,
    pub duration: Option<Spanned<RawDuration>>,
    pub percentile: Option<Spanned<f64>>,
    pub threshold: Option<Spanned<f64>>,
    pub followed_by: Option<Spanned<RawFollowedBy>>,
    pub half_life_days: Option<Spanned<f64>>,
    /// The metric's value must be at least this (default: above zero).
    pub at_least: Option<Spanned<f64>>,
    pub any: Option<Vec<Spanned<RawCondition>>>,
    pub all: Option<Vec<Spanned<RawCondition>>>,
    pub not: Option<Box<Spanned<RawCondition>>>,
}

impl RawCondition {
    /// The metric the condition writes in place, when it names a table. The
    /// fields repeat [`RawMetric`]'s because serde cannot flatten them and keep
    /// their spans; the literal below names each one, so a field added to
    /// `RawMetric` does not compile until a condition can write it too.
    pub fn metric(&self) -> Option<RawMetric> {
        let (table, aggregate) = (self.table.clone()?, self.aggregate.clone()?);
        Some(RawMetric {
            table,
            aggregate,
            filter: self.filter.clone(),
            of: self.of.clone(),
            per: self.per.clone(),
            within_days: self.within_days.clone(),
            date: self.date.clone(),
            field: self.field.clone(),
            values: self.values.clone(),
            duration: self.duration.clone(),
            percentile: self.percentile.clone(),
            threshold: self.threshold.clone(),
            followed_by: self.followed_by.clone(),
            half_life_days: self.half_life_days.clone(),
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub element: Option<String>,
    pub title: Option<String>,
    pub why: Option<String>,
    pub enabled: Option<bool>,
    pub metric: Option<Spanned<RawMetric>>,
    /// Metrics tried in order when the export cannot assess `metric`.
    pub fallback: Option<Vec<Spanned<RawMetric>>>,
    pub curve: Option<Spanned<RawCurve>>,
    pub weight: Option<Spanned<f64>>,
    pub if_none: Option<IfNone>,
    pub applies_to: Option<Spanned<String>>,
    pub when_band: Option<Vec<Spanned<String>>>,
    pub cap_band: Option<Spanned<String>>,
    pub flag: Option<String>,
    pub contact: Option<Spanned<String>>,
    pub due_days: Option<Spanned<i64>>,
    pub urgency: Option<Spanned<String>>,
    pub min_shortfall: Option<Spanned<f64>>,
    pub action: Option<Spanned<String>>,
    pub action_if_none: Option<Spanned<String>>,
    /// Keys of the base's rule this override removes (`weight`, `cap_band`, ...).
    pub unset: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCurve {
    pub better: Option<Better>,
    pub full: Option<Spanned<f64>>,
    pub zero: Option<Spanned<f64>>,
    pub shape: Option<Shape>,
    /// Full points at the export's 90th percentile, zero at its 10th.
    pub relative: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub table: Spanned<String>,
    pub aggregate: Spanned<String>,
    #[serde(rename = "where")]
    pub filter: Option<Vec<Spanned<RawFilter>>>,
    pub of: Option<Vec<Spanned<RawFilter>>>,
    pub per: Option<Vec<Spanned<RawFilter>>>,
    pub within_days: Option<Spanned<i64>>,
    pub date: Option<Spanned<String>>,
    pub field: Option<Spanned<String>>,
    pub values: Option<Vec<String>>,
    pub duration: Option<Spanned<RawDuration>>,
    pub percentile: Option<Spanned<f64>>,
    pub threshold: Option<Spanned<f64>>,
    pub followed_by: Option<Spanned<RawFollowedBy>>,
    pub half_life_days: Option<Spanned<f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFilter {
    pub field: Spanned<OneOrMany>,
    #[serde(rename = "in")]
    pub is_in: Option<Vec<String>>,
    pub not_in: Option<Vec<String>>,
    pub matches: Option<Spanned<String>>,
    pub not_matches: Option<Spanned<String>>,
    pub present: Option<bool>,
    pub is: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDuration {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub unit: Option<Spanned<String>>,
    /// What `to` is when it is empty: `as-of` (still open: measured up to the as-of
    /// date) or `skip` (the row is left out). Default `skip`.
    pub open: Option<Spanned<String>>,
    /// A date field that `to` cannot be later than: a row whose `to` is empty but
    /// whose `bound` is set (on or before the as-of date) is measured to the
    /// bound. A case closed without a first-response date was answered by the
    /// time it closed.
    pub bound: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFollowedBy {
    pub table: Spanned<String>,
    pub within_days: Option<Spanned<i64>>,
    #[serde(rename = "where")]
    pub filter: Option<Vec<Spanned<RawFilter>>>,
}
