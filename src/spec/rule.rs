//! Rules: a metric scored on a curve, with the action item it raises and whose
//! name goes on it.

use serde::Deserialize;

use super::{FactId, MetricId};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curve {
    pub better: Better,
    pub full: f64,
    pub zero: f64,
    pub shape: Shape,
    /// Full points at this percentile of the metric over the accounts the rule
    /// applies to, zero at the other: `full` and `zero` are then worked out
    /// from the export itself before any account is scored.
    pub relative: Option<Relative>,
}

/// Percentiles (0-100) of a relative curve: where full points and zero lie.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relative {
    pub full: f64,
    pub zero: f64,
}

/// How points grow between `zero` and `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Evenly: each step is worth the same.
    #[default]
    Linear,
    /// Diminishing returns: the first steps away from `zero` are worth most.
    Sqrt,
    /// Stronger diminishing returns: ln(1 + 9t) / ln(10) of the way.
    Log,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Linear => "linear",
            Shape::Sqrt => "sqrt",
            Shape::Log => "log",
        }
    }

    /// The share of the points earned `t` (0-1) of the way from zero to full.
    pub fn apply(self, t: f64) -> f64 {
        match self {
            Shape::Linear => t,
            Shape::Sqrt => t.sqrt(),
            Shape::Log => (1.0 + 9.0 * t).ln() / 10f64.ln(),
        }
    }
}

impl Curve {
    /// The share of a rule's weight a value earns: 1 at or beyond `full`, 0 at or
    /// beyond `zero`, along the curve's shape in between. When `full` and `zero`
    /// meet (a relative curve over an export with no spread), reaching `full`
    /// earns everything and anything short of it nothing.
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
            let t = ((value - self.zero) / (self.full - self.zero)).clamp(0.0, 1.0);
            self.shape.apply(t).clamp(0.0, 1.0)
        }
    }

    /// This curve asking for `share` (0-1) of its thresholds: a count or sum
    /// judged over that part of its window. A relative curve is placed on the
    /// export's own values, which already come from the history it covers, and
    /// is left as it is.
    pub fn scaled(&self, share: f64) -> Curve {
        if self.relative.is_some() {
            return *self;
        }
        Curve {
            full: self.full * share,
            zero: self.zero * share,
            ..*self
        }
    }

    /// This curve with `full` and `zero` put where its percentiles fall among
    /// `values` (sorted ascending, no NaN); unchanged when it is not relative or
    /// there are no values.
    pub fn placed(&self, values: &[f64]) -> Curve {
        let (Some(rel), false) = (self.relative, values.is_empty()) else {
            return *self;
        };
        Curve {
            full: percentile(values, rel.full),
            zero: percentile(values, rel.zero),
            ..*self
        }
    }
}

/// The `p`th percentile (0-100) of sorted `values`, interpolated between ranks.
fn percentile(values: &[f64], p: f64) -> f64 {
    let rank = (p / 100.0).clamp(0.0, 1.0) * (values.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    values[lo] + (values[hi] - values[lo]) * (rank - lo as f64)
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
    /// Metrics tried in order when the export cannot assess `metric`: the rule
    /// is measured by the first the export can.
    pub fallback: Vec<MetricId>,
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

impl Rule {
    /// The metric the rule is measured by on an export whose metrics are
    /// `assessable`: its own, else the first of its fallbacks the export can
    /// assess, else its own (and the rule is not assessed).
    pub fn measured_by<E>(&self, assessable: &[Result<(), E>]) -> MetricId {
        std::iter::once(self.metric)
            .chain(self.fallback.iter().copied())
            .find(|&m| assessable.get(m).is_some_and(|a| a.is_ok()))
            .unwrap_or(self.metric)
    }
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

    fn curve(better: Better, full: f64, zero: f64) -> Curve {
        Curve {
            better,
            full,
            zero,
            shape: Shape::Linear,
            relative: None,
        }
    }

    #[test]
    fn curves_are_linear_between_full_and_zero() {
        let lower = curve(Better::Lower, 30.0, 120.0);
        assert_eq!(lower.fraction(10.0), 1.0);
        assert_eq!(lower.fraction(30.0), 1.0);
        assert_eq!(lower.fraction(75.0), 0.5);
        assert_eq!(lower.fraction(120.0), 0.0);
        assert_eq!(lower.fraction(500.0), 0.0);
        let higher = curve(Better::Higher, 3.0, 0.0);
        assert_eq!(higher.fraction(0.0), 0.0);
        assert!((higher.fraction(1.0) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(higher.fraction(3.0), 1.0);
        assert_eq!(higher.fraction(f64::NAN), 0.0);
    }

    #[test]
    fn shaped_curves_give_diminishing_returns() {
        for shape in [Shape::Sqrt, Shape::Log] {
            let c = Curve {
                shape,
                ..curve(Better::Higher, 10.0, 0.0)
            };
            assert_eq!(c.fraction(0.0), 0.0);
            assert_eq!(c.fraction(10.0), 1.0);
            let (q, h, tq) = (c.fraction(2.5), c.fraction(5.0), c.fraction(7.5));
            // Above the straight line, still rising, and each step worth less.
            assert!(q > 0.25 && h > 0.5 && tq > 0.75, "{shape:?}");
            assert!(q < h && h < tq && tq < 1.0, "{shape:?}");
            assert!(h - q > tq - h, "{shape:?}");
        }
        let lower = Curve {
            shape: Shape::Sqrt,
            ..curve(Better::Lower, 4.0, 48.0)
        };
        assert!(lower.fraction(10.0) > lower.fraction(30.0));
        assert!(lower.fraction(26.0) > 0.5);
    }

    #[test]
    fn a_scaled_curve_asks_for_its_share_of_the_thresholds() {
        let c = curve(Better::Higher, 12.0, 0.0).scaled(120.0 / 360.0);
        assert_eq!((c.full, c.zero), (4.0, 0.0));
        assert_eq!(c.fraction(4.0), 1.0);
        assert_eq!(c.fraction(2.0), 0.5);
        let lower = curve(Better::Lower, 2.0, 6.0).scaled(0.5);
        assert_eq!((lower.full, lower.zero), (1.0, 3.0));
        let relative = Curve {
            relative: Some(Relative {
                full: 90.0,
                zero: 10.0,
            }),
            ..curve(Better::Higher, 12.0, 0.0)
        };
        assert_eq!(relative.scaled(0.5), relative);
    }

    #[test]
    fn relative_curves_are_placed_at_the_exports_percentiles() {
        let c = Curve {
            relative: Some(Relative {
                full: 90.0,
                zero: 10.0,
            }),
            ..curve(Better::Higher, 1.0, 0.0)
        };
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        let placed = c.placed(&values);
        assert_eq!((placed.full, placed.zero), (90.0, 10.0));
        assert_eq!(placed.fraction(95.0), 1.0);
        assert_eq!(placed.fraction(50.0), 0.5);
        assert_eq!(placed.fraction(5.0), 0.0);
        // Nothing to place it on: the written thresholds stand.
        assert_eq!(c.placed(&[]), c);
        // No spread: reaching the common value earns everything.
        let flat = c.placed(&[3.0, 3.0, 3.0]);
        assert_eq!(flat.fraction(3.0), 1.0);
        assert_eq!(flat.fraction(2.0), 0.0);
    }

    #[test]
    fn shapes_are_named_as_a_rule_file_writes_them() {
        for shape in [Shape::Linear, Shape::Sqrt, Shape::Log] {
            let written = format!("shape = \"{}\"", shape.name());
            #[derive(Deserialize)]
            struct Row {
                shape: Shape,
            }
            let read: Row = toml::from_str(&written).unwrap();
            assert_eq!(read.shape, shape, "{written}");
        }
    }

    #[test]
    fn the_log_shape_is_a_tenth_of_the_way_in_decades() {
        assert_eq!(Shape::Log.apply(0.0), 0.0);
        assert!((Shape::Log.apply(1.0) - 1.0).abs() < 1e-12);
        assert!((Shape::Log.apply(0.5) - 5.5f64.log10()).abs() < 1e-12);
        assert!((Shape::Sqrt.apply(0.25) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn percentiles_between_ranks_are_interpolated() {
        let c = Curve {
            relative: Some(Relative {
                full: 75.0,
                zero: 25.0,
            }),
            ..curve(Better::Higher, 1.0, 0.0)
        };
        // Ranks 1.5 and 0.5 of three values.
        let placed = c.placed(&[1.0, 2.0, 10.0]);
        assert_eq!((placed.full, placed.zero), (6.0, 1.5));
    }
}
