//! A rule judged over the history the export covers: a count or sum over the
//! last N days asks for less when the table's rows begin fewer than N days
//! before the as-of date, and is not assessed on too short a history.

use crate::metrics::Outcome;
use crate::model::Table;
use crate::primitive::Aggregate;
use crate::spec::{MetricId, RuleSet};

/// How much of a metric's window the export's history covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    /// All of it, or the metric does not depend on how much (a share, a
    /// median, a ratio, a metric with no window).
    Whole,
    /// `days` of its `window` days: the rule asks for that part of its thresholds.
    Part { days: i64, window: i64 },
    /// Fewer days than `[scoring] min_history_days`: not assessed.
    Short { days: i64, table: Table },
}

impl Cover {
    /// Why a rule is not assessed on a short history, as a report words it.
    pub fn text(self) -> String {
        match self {
            Cover::Short { days, table } => {
                format!("the export covers only {days} days of {table}")
            }
            Cover::Whole | Cover::Part { .. } => String::new(),
        }
    }

    /// The share of the window covered, when it is only part of it.
    pub fn share(self) -> Option<f64> {
        match self {
            Cover::Part { days, window } => Some(days as f64 / window as f64),
            Cover::Whole | Cover::Short { .. } => None,
        }
    }
}

/// How much of `metric`'s window its table's history covers on this export.
/// Only counts (without a half-life, whose old rows weigh little anyway) and
/// sums grow with the days they look over; only a window over the table's
/// main date, on a table that keeps a log (see [`Table::keeps_a_log`]), is
/// measured against the table's history.
pub fn cover(rules: &RuleSet, outcome: &Outcome, metric: MetricId) -> Cover {
    let m = &rules.metrics[metric];
    let grows = match &m.aggregate {
        Aggregate::Count(c) => c.half_life_days.is_none(),
        Aggregate::Sum(_) => true,
        _ => false,
    };
    let Some(window) = m.window_days else {
        return Cover::Whole;
    };
    if !grows || !m.table.keeps_a_log() || m.table.field(m.table.default_date()) != Some(m.date) {
        return Cover::Whole;
    }
    let Some(days) = outcome.history.covered_days(m.table) else {
        return Cover::Whole;
    };
    if days >= window {
        Cover::Whole
    } else if days < rules.scoring.min_history_days {
        Cover::Short {
            days,
            table: m.table,
        }
    } else {
        Cover::Part { days, window }
    }
}
