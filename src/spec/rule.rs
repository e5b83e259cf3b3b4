//! Rules: a metric scored on a curve, with the action item it raises and whose
//! name goes on it.

use serde::Deserialize;

use super::{FactId, MetricId};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    pub better: Better,
    pub full: f64,
    pub zero: f64,
}

impl Curve {
    /// The share of a rule's weight a value earns: 1 at or beyond `full`, 0 at or
    /// beyond `zero`, linear in between.
    pub fn fraction(&self, value: f64) -> f64 {
        if value.is_nan() {
            return 0.0;
        }
        let (good, bad) = match self.better {
            Better::Lower => (value <= self.full, value >= self.zero),
            Better::Higher => (value >= self.full, value <= self.zero),
        };
        if good {
            1.0
        } else if bad {
            0.0
        } else {
            ((value - self.zero) / (self.full - self.zero)).clamp(0.0, 1.0)
        }
    }
}

/// Whose name goes on an action item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactPick {
    /// The contact on the row that decided the metric, else the account's primary contact.
    Evidence,
    /// The account's primary contact: the one last in touch.
    Primary,
    /// A contact holding the first role the metric found missing.
    Missing,
    /// A contact holding this role (index into `roles`).
    Role(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Var {
    Account,
    Contact,
    Value,
    Count,
    Hits,
    Misses,
    LastDate,
    FirstDate,
    Missing,
    Window,
    Due,
}

impl Var {
    /// Every placeholder an action template may use, by its name.
    pub const ALL: [(&'static str, Var); 11] = [
        ("account", Var::Account),
        ("contact", Var::Contact),
        ("value", Var::Value),
        ("count", Var::Count),
        ("hits", Var::Hits),
        ("misses", Var::Misses),
        ("last_date", Var::LastDate),
        ("first_date", Var::FirstDate),
        ("missing", Var::Missing),
        ("window", Var::Window),
        ("due", Var::Due),
    ];
}

#[derive(Debug, Clone)]
pub enum Piece {
    Text(String),
    Var(Var),
    /// `{contact|the account's buyer}`: the variable, or these words when the
    /// result has no value for it.
    VarOr(Var, String),
}

#[derive(Debug, Clone)]
pub struct Template {
    pub source: String,
    pub pieces: Vec<Piece>,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub element: String,
    pub title: String,
    pub why: String,
    pub enabled: bool,
    pub metric: MetricId,
    pub curve: Curve,
    /// None for a signal: it scores nothing but can raise an action.
    pub weight: Option<f64>,
    pub if_none: IfNone,
    pub applies_to: Option<FactId>,
    pub when_band: Vec<usize>,
    pub cap_band: Option<usize>,
    pub flag: Option<String>,
    pub contact: ContactPick,
    pub due_days: i64,
    /// How soon its action must be done, whatever the points it costs.
    pub urgency: Urgency,
    /// The shortfall (share of the weight lost, 0-1) below which the rule raises
    /// no action; None takes the rule set's `[actions] min_shortfall`.
    pub min_shortfall: Option<f64>,
    pub action: Template,
    /// The wording when the metric has no value (nothing to measure).
    pub action_if_none: Option<Template>,
}

/// How soon a rule's action must be done: the first key of an account's action
/// order, before what the shortfall costs in points.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// Tomorrow's call: an open complaint, a case left to age.
    Now,
    /// This week: a lost order, a signal worth acting on while it holds.
    Soon,
    /// The month's work on the relationship.
    ThisMonth,
}

/// What a report read back without urgencies (an older one) takes them for.
impl Default for Urgency {
    fn default() -> Self {
        Urgency::ThisMonth
    }
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Now, Urgency::Soon, Urgency::ThisMonth];

    pub fn name(self) -> &'static str {
        match self {
            Urgency::Now => "now",
            Urgency::Soon => "soon",
            Urgency::ThisMonth => "this-month",
        }
    }
}

/// `[actions]`: how many actions a report lists and which shortfalls raise one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionSettings {
    /// A rule that loses less than this share of its weight raises no action.
    pub min_shortfall: f64,
    /// The most actions an account lists (its budget); the JSON keeps the rest,
    /// marked as beyond it.
    pub per_account: usize,
    /// How many actions the portfolio's list of the week's most important holds.
    pub this_week: usize,
    /// The most topics one call or task for a person takes; a further topic for
    /// the same person becomes an action of its own.
    pub per_call: usize,
}

impl Default for ActionSettings {
    fn default() -> Self {
        ActionSettings {
            min_shortfall: 0.2,
            per_account: 3,
            this_week: 10,
            per_call: 3,
        }
    }
}

/// What a rule does when its metric has no value for an account (no rows to
/// measure, or a share of nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IfNone {
    /// Reported as not assessed; its weight counts against coverage.
    NotAssessed,
    /// The rule does not apply to this account: not assessed, and left out of coverage.
    Skip,
    Pass,
    Fail,
}

/// Which way a curve runs: whether a lower or a higher value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Better {
    Lower,
    Higher,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_are_linear_between_full_and_zero() {
        let lower = Curve {
            better: Better::Lower,
            full: 30.0,
            zero: 120.0,
        };
        assert_eq!(lower.fraction(10.0), 1.0);
        assert_eq!(lower.fraction(30.0), 1.0);
        assert_eq!(lower.fraction(75.0), 0.5);
        assert_eq!(lower.fraction(120.0), 0.0);
        assert_eq!(lower.fraction(500.0), 0.0);
        let higher = Curve {
            better: Better::Higher,
            full: 3.0,
            zero: 0.0,
        };
        assert_eq!(higher.fraction(0.0), 0.0);
        assert!((higher.fraction(1.0) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(higher.fraction(3.0), 1.0);
        assert_eq!(higher.fraction(f64::NAN), 0.0);
    }
}
