//! What an account is sorted into and told apart by: score bands, the roles its
//! contacts hold, and named facts about it.

use super::{ClassId, MetricId};

/// A score band, such as `loyal` from 80.
#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub min: f64,
    pub why: Option<String>,
}

/// A contact role, recognised by a keyword class over titles and role values.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    pub class: ClassId,
}

/// A fact about an account: true when its condition holds.
#[derive(Debug, Clone)]
pub struct Fact {
    pub name: String,
    pub why: Option<String>,
    pub holds_when: Condition,
}

/// The most conditions a fact nests below its own: enough for "all of these,
/// and not any of those", few enough to read.
pub const MAX_CONDITION_DEPTH: usize = 3;

/// When a fact holds, over the values of its metrics for one account.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The metric's value is at least `at_least`; without one, above zero. A
    /// metric the export cannot assess, or with no value, does not hold.
    Metric {
        metric: MetricId,
        at_least: Option<f64>,
    },
    Any(Vec<Condition>),
    All(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// Whether the condition holds, `value` giving each metric's value for the
    /// account (None when it has none or the export cannot assess it).
    pub fn holds(&self, value: &dyn Fn(MetricId) -> Option<f64>) -> bool {
        match self {
            Condition::Metric { metric, at_least } => match (value(*metric), at_least) {
                (Some(v), Some(t)) => v >= *t,
                (Some(v), None) => v > 0.0,
                (None, _) => false,
            },
            Condition::Any(c) => c.iter().any(|c| c.holds(value)),
            Condition::All(c) => c.iter().all(|c| c.holds(value)),
            Condition::Not(c) => !c.holds(value),
        }
    }

    /// Every metric the condition reads, in the order written.
    pub fn metrics(&self, out: &mut Vec<MetricId>) {
        match self {
            Condition::Metric { metric, .. } => out.push(*metric),
            Condition::Any(c) | Condition::All(c) => c.iter().for_each(|c| c.metrics(out)),
            Condition::Not(c) => c.metrics(out),
        }
    }
}

impl Fact {
    /// Every metric the fact reads, in the order written.
    pub fn metrics(&self) -> Vec<MetricId> {
        let mut out = Vec::new();
        self.holds_when.metrics(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(metric: MetricId, at_least: Option<f64>) -> Condition {
        Condition::Metric { metric, at_least }
    }

    #[test]
    fn conditions_combine_thresholds_with_all_any_and_not() {
        // Metric 0 is 3, metric 1 is 0, metric 2 has no value.
        let values = [Some(3.0), Some(0.0), None];
        let value = |m: MetricId| values[m];
        assert!(metric(0, None).holds(&value));
        assert!(!metric(1, None).holds(&value), "zero is not above zero");
        assert!(metric(1, Some(0.0)).holds(&value));
        assert!(!metric(0, Some(4.0)).holds(&value));
        assert!(!metric(2, Some(0.0)).holds(&value), "no value never holds");
        let costly = Condition::All(vec![
            metric(0, Some(3.0)),
            Condition::Not(Box::new(metric(1, None))),
        ]);
        assert!(costly.holds(&value));
        assert!(!Condition::All(vec![metric(0, None), metric(2, None)]).holds(&value));
        assert!(Condition::Any(vec![metric(2, None), metric(0, None)]).holds(&value));
        let mut read = Vec::new();
        costly.metrics(&mut read);
        assert_eq!(read, [0, 1]);
    }
}
