//! The aggregates rules are written in (count, share, followed-by, ...), one
//! module each. A primitive's module holds everything about it: its typed
//! parameters (the variant of [`Aggregate`] a metric carries), its per-account
//! state, its fold step and finish in the streaming pass, its wording for
//! `explain` and `rules`, and its SQL for `rapport sql`. The pieces around it
//! (filters, windows, the evidence every metric keeps, the query's shape) are
//! shared and live with the engine, the wording and the warehouse.
//!
//! A primitive is one idea that crosses every layer, so it lives beside them
//! rather than inside one: adding one is a new file here, a line in the
//! registry below and a row in docs/rules.md. The registry generates the
//! matches over every primitive; none of them has a wildcard arm, so a new
//! variant is handled everywhere or does not compile.

use crate::ingest::values::Timestamp;
use crate::metrics::{Evidence, History, MetricValue};
use crate::model::{FieldId, Table};
use crate::spec::{Duration, Filter, RuleSet};
use crate::warehouse::query::{Query, Res};

/// The behaviour of one aggregate.
pub trait Primitive: Sized + Clone + std::fmt::Debug {
    /// The name a rule file writes (`aggregate = "..."`).
    const NAME: &'static str;
    /// What the primitive keeps per account beyond [`Evidence`] (`()` for nothing).
    type State: Default + std::fmt::Debug;

    /// Takes the options the primitive is written with from the compiled ones.
    fn compile(parts: &mut Parts) -> Result<Self, Unfit>;

    /// Measures time since a row, so a row must be dated no later than as-of.
    fn dated(&self) -> bool {
        false
    }
    /// Filter groups the fold tests beyond the metric's own (`of`, `per`): a
    /// group is asked for with [`FoldRow::passes`] by its index here.
    fn row_filters(&self) -> Vec<&[Filter]> {
        Vec::new()
    }
    /// The (table, fields) it reads besides the metric's filters and date.
    fn needs(&self, _table: Table, _out: &mut Vec<(Table, Vec<FieldId>)>) {}
    /// The duration it measures on each row, if it does.
    fn duration(&self) -> Option<&Duration> {
        None
    }
    /// The rows it waits for, if it does.
    fn follows(&self) -> Option<&FollowUp> {
        None
    }
    /// Fills in the parameters it has.
    fn fingerprint<'a>(&'a self, _p: &mut Fingerprint<'a>) {}
    /// Values whose presence per account is reported (distinct's `values`).
    fn listed(&self) -> &[String] {
        &[]
    }

    /// Applies a row that passed the metric's window and filters; false when
    /// the row turns out not to count.
    fn fold<R: FoldRow>(&self, row: &mut R, ev: &mut Evidence, state: &mut Self::State) -> bool;
    /// A dated row of the table [`Primitive::follows`] names, already filtered
    /// (its day, and its time: midnight when it has no time of day); true when
    /// it followed up something.
    fn follow_up(&self, _state: &mut Self::State, _day: i64, _at: Timestamp) -> bool {
        false
    }
    /// Sets `out.value` (and may adjust the counts) from the folded state;
    /// `out` arrives filled from the evidence.
    fn finish(&self, state: &Self::State, as_of_day: i64, out: &mut MetricValue);
    /// [`Primitive::finish`] on an export whose tables cover `history`: what
    /// the pass calls. Only a primitive that judges rows by another table's
    /// history needs more than `finish`.
    fn finish_over(
        &self,
        state: &Self::State,
        as_of_day: i64,
        _history: &History,
        out: &mut MetricValue,
    ) {
        self.finish(state, as_of_day, out)
    }

    /// What it computes, in words (`rows` says which rows, `date` their date).
    fn describe(&self, w: &Words) -> String;
    /// A value of it, in words (`3 days`, `40%`).
    fn write_value(&self, out: &mut String, v: f64);

    /// Conditions and columns of the rows that count (`mN`).
    fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()>;
    /// Aggregates per account (`gN`: `n_rows`, `n_hits` and what the value reads),
    /// with any CTE it needs first.
    fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()>;
    /// The value from `gN`.
    fn sql_value(&self, q: &Query, g: &str) -> String;
}

/// What a fold step can ask of the row it is given.
pub trait FoldRow {
    /// Whether the row passes filter group `group` of [`Primitive::row_filters`].
    fn passes(&mut self, group: usize) -> bool;
    /// A field's text, trimmed by the reader; None when empty.
    fn text(&self, f: FieldId) -> Option<&[u8]>;
    /// The day of the row by the metric's date.
    fn day(&self) -> Option<i64>;
    /// The time of the row by the metric's date: midnight of its day when the
    /// value has no time of day.
    fn at(&self) -> Option<Timestamp> {
        self.day()
            .map(|d| d * crate::ingest::values::SECONDS_PER_DAY)
    }
    /// Days from that day to the as-of date.
    fn age(&self) -> Option<i64>;
    /// The duration on the row, in its unit, when both ends are known.
    fn duration(&self, d: &Duration) -> Option<f64>;
}

/// A metric's options as compiled, before its primitive takes the ones it uses.
#[derive(Debug, Default)]
pub struct Parts {
    pub table: Option<Table>,
    pub field: Option<FieldId>,
    pub values: Vec<String>,
    pub of: Option<Vec<Filter>>,
    pub per: Option<Vec<Filter>>,
    pub duration: Option<Duration>,
    pub percentile: Option<f64>,
    pub threshold: Option<f64>,
    pub followed_by: Option<FollowUp>,
    pub half_life_days: Option<f64>,
}

/// Why a primitive cannot be written with the options given.
#[derive(Debug)]
pub enum Unfit {
    /// An option it cannot do without.
    Needs(&'static str),
    Invalid(String),
}

impl Parts {
    pub fn field(&mut self) -> Result<FieldId, Unfit> {
        self.field.take().ok_or(Unfit::Needs("field"))
    }
    pub fn of(&mut self) -> Result<Vec<Filter>, Unfit> {
        self.of.take().ok_or(Unfit::Needs("of"))
    }
    pub fn per(&mut self) -> Result<Vec<Filter>, Unfit> {
        self.per.take().ok_or(Unfit::Needs("per"))
    }
    pub fn duration(&mut self) -> Result<Duration, Unfit> {
        self.duration.take().ok_or(Unfit::Needs("duration"))
    }
    pub fn percentile(&mut self) -> Result<f64, Unfit> {
        self.percentile.ok_or(Unfit::Needs("percentile"))
    }
    pub fn threshold(&mut self) -> Result<f64, Unfit> {
        self.threshold.ok_or(Unfit::Needs("threshold"))
    }
    pub fn followed_by(&mut self) -> Result<FollowUp, Unfit> {
        self.followed_by.take().ok_or(Unfit::Needs("followed_by"))
    }
}

/// What the wording of a metric is made of.
pub struct Words<'a> {
    pub rules: &'a RuleSet,
    pub table: Table,
    /// Which rows: `activities where ..., date in the last 90 days`.
    pub rows: &'a str,
    /// The name of the metric's date field.
    pub date: &'a str,
}

/// One metric's part of the query, as its primitive fills it in.
pub struct Sql<'a> {
    pub table: Table,
    /// The metric's date.
    pub date: FieldId,
    /// The metric's number: its CTEs are `mN`, `gN`, ...
    pub n: usize,
    /// Who the metric is for, in error messages.
    pub owner: &'a str,
    pub conds: Vec<String>,
    pub cols: Vec<String>,
    pub aggs: Vec<String>,
    /// What `gN` groups: `mN m` unless the primitive joins more.
    pub from: String,
}

/// What the warehouse fingerprints a metric by (`rapport_plan`), so a table
/// computed for one rule set is not scored with another. Its text keeps the
/// shape it has always had, so tables computed by earlier versions still match:
/// each primitive fills in the parameters it has.
pub struct Fingerprint<'a> {
    pub of: &'a [Filter],
    pub per: &'a [Filter],
    pub field: Option<FieldId>,
    pub values: &'a [String],
    pub duration: Option<&'a Duration>,
    pub percentile: f64,
    pub threshold: f64,
    pub followed_by: Option<&'a FollowUp>,
    /// Parameters added since the text's shape was fixed, written after the
    /// rest only when given.
    pub more: Vec<(&'static str, String)>,
}

impl Default for Fingerprint<'_> {
    fn default() -> Self {
        Fingerprint {
            of: &[],
            per: &[],
            field: None,
            values: &[],
            duration: None,
            percentile: 50.0,
            threshold: 0.0,
            followed_by: None,
            more: Vec::new(),
        }
    }
}

/// `value` written with `unit`, plural when it is not one (`1 day`, `3 days`).
pub fn write_plural(out: &mut String, v: f64, unit: &str) {
    use std::fmt::Write as _;
    let s = if v == 1.0 { "" } else { "s" };
    let _ = write!(out, "{v:.0} {unit}{s}");
}

/// A duration in the unit a person would say, whatever unit the metric measures
/// in: minutes under an hour, hours up to two days, days after (`89 days`,
/// `2.2 days`, `25 hours`).
pub fn write_duration(out: &mut String, v: f64, unit: crate::spec::Unit) {
    use std::fmt::Write as _;
    let hours = v * unit.seconds() / 3600.0;
    let (v, unit) = if hours < 1.0 {
        (hours * 60.0, "minute")
    } else if hours <= 48.0 {
        (hours, "hour")
    } else {
        (hours / 24.0, "day")
    };
    if v.fract().abs() < 0.05 || v >= 10.0 {
        write_plural(out, v.round(), unit)
    } else {
        let _ = write!(out, "{v:.1} {unit}s");
    }
}

macro_rules! registry {
    ($($variant:ident: $module:ident,)*) => {
        $(pub mod $module;)*
        $(pub use $module::$variant;)*

        /// What a metric computes, with the parameters it is written with.
        #[derive(Debug, Clone)]
        pub enum Aggregate {
            $($variant($variant),)*
        }

        /// One metric's parameters and per-account state, as the pass folds them.
        #[derive(Debug)]
        pub enum Store {
            $($variant($variant, Vec<<$variant as Primitive>::State>),)*
        }

        impl Aggregate {
            /// Every aggregate, by the name a rule file writes.
            pub const NAMES: &'static [&'static str] = &[$($variant::NAME,)*];

            /// The aggregate named `name` with its options taken from `parts`;
            /// None when no aggregate has that name.
            pub fn compile(name: &str, parts: &mut Parts) -> Option<Result<Aggregate, Unfit>> {
                $(if name == $variant::NAME {
                    return Some($variant::compile(parts).map(Aggregate::$variant));
                })*
                None
            }

            pub fn name(&self) -> &'static str {
                match self { $(Aggregate::$variant(_) => $variant::NAME,)* }
            }
            pub fn dated(&self) -> bool {
                match self { $(Aggregate::$variant(p) => p.dated(),)* }
            }
            pub fn row_filters(&self) -> Vec<&[Filter]> {
                match self { $(Aggregate::$variant(p) => p.row_filters(),)* }
            }
            pub fn needs(&self, table: Table, out: &mut Vec<(Table, Vec<FieldId>)>) {
                match self { $(Aggregate::$variant(p) => p.needs(table, out),)* }
            }
            pub fn follows(&self) -> Option<&FollowUp> {
                match self { $(Aggregate::$variant(p) => p.follows(),)* }
            }
            pub fn duration(&self) -> Option<&Duration> {
                match self { $(Aggregate::$variant(p) => p.duration(),)* }
            }
            pub fn fingerprint<'a>(&'a self, p: &mut Fingerprint<'a>) {
                match self { $(Aggregate::$variant(x) => x.fingerprint(p),)* }
            }
            pub fn listed(&self) -> &[String] {
                match self { $(Aggregate::$variant(p) => p.listed(),)* }
            }
            pub fn describe(&self, w: &Words) -> String {
                match self { $(Aggregate::$variant(p) => p.describe(w),)* }
            }
            pub fn write_value(&self, out: &mut String, v: f64) {
                match self { $(Aggregate::$variant(p) => p.write_value(out, v),)* }
            }
            pub fn sql_rows(&self, q: &Query, s: &mut Sql) -> Res<()> {
                match self { $(Aggregate::$variant(p) => p.sql_rows(q, s),)* }
            }
            pub fn sql_group(&self, q: &mut Query, s: &mut Sql) -> Res<()> {
                match self { $(Aggregate::$variant(p) => p.sql_group(q, s),)* }
            }
            pub fn sql_value(&self, q: &Query, g: &str) -> String {
                match self { $(Aggregate::$variant(p) => p.sql_value(q, g),)* }
            }
            /// An empty store for the metric's state.
            pub fn store(&self) -> Store {
                match self { $(Aggregate::$variant(p) => Store::$variant(p.clone(), Vec::new()),)* }
            }
        }

        /// A store keeps one state per block of the metric's table (an
        /// account's state is made with its first row of that table).
        impl Store {
            /// A state for a new block.
            pub fn push_block(&mut self) {
                match self { $(Store::$variant(_, s) => s.push(Default::default()),)* }
            }
            pub fn shrink_to_fit(&mut self) {
                match self { $(Store::$variant(_, s) => s.shrink_to_fit(),)* }
            }
            #[inline]
            pub fn fold<R: FoldRow>(&mut self, block: usize, row: &mut R, ev: &mut Evidence) -> bool {
                match self { $(Store::$variant(p, s) => p.fold(row, ev, &mut s[block]),)* }
            }
            #[inline]
            pub fn follow_up(&mut self, block: usize, day: i64, at: Timestamp) -> bool {
                match self { $(Store::$variant(p, s) => p.follow_up(&mut s[block], day, at),)* }
            }
            /// Finishes the state of `block`; with none, an account with no rows.
            pub fn finish(&self, block: Option<usize>, as_of_day: i64, history: &History, out: &mut MetricValue) {
                match self { $(Store::$variant(p, s) => match block {
                    Some(b) => p.finish_over(&s[b], as_of_day, history, out),
                    None => p.finish_over(&Default::default(), as_of_day, history, out),
                },)* }
            }
        }
    };
}

/// `days-since-last` and `days-since-first`, one primitive read from either end.
mod days_since;

pub use followed_by::FollowUp;

registry! {
    Count: count,
    Distinct: distinct,
    DaysSinceLast: days_since_last,
    DaysSinceFirst: days_since_first,
    Share: share,
    Ratio: ratio,
    Median: median,
    Percentile: percentile,
    ShareWithin: share_within,
    Max: max,
    FollowedBy: followed_by,
    Answered: answered,
    Sum: sum,
    Recurs: recurs,
}

/// `num / den`, when there is a denominator.
pub(crate) fn ratio(num: u32, den: u32) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Unit;

    fn duration(v: f64, unit: Unit) -> String {
        let mut s = String::new();
        write_duration(&mut s, v, unit);
        s
    }

    #[test]
    fn durations_are_said_in_the_unit_a_person_would_use() {
        assert_eq!(duration(2143.0, Unit::Hours), "89 days");
        assert_eq!(duration(48.0, Unit::Hours), "48 hours");
        assert_eq!(duration(49.0, Unit::Hours), "2 days");
        assert_eq!(duration(1.0, Unit::Hours), "1 hour");
        assert_eq!(duration(0.5, Unit::Hours), "30 minutes");
        assert_eq!(duration(45.0, Unit::Minutes), "45 minutes");
        assert_eq!(duration(90.0, Unit::Minutes), "1.5 hours");
        assert_eq!(duration(1.0, Unit::Days), "24 hours");
        assert_eq!(duration(3.0, Unit::Days), "3 days");
        assert_eq!(duration(0.0, Unit::Days), "0 minutes");
    }
}
