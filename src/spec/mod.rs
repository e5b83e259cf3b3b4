//! The resolved rule language: what a rule set says once it is loaded, merged
//! and checked, and all the engine runs on. It depends on nothing in the crate
//! but the canonical tables and fields of [`crate::model`] and the aggregates of
//! [`crate::primitive`], whose parameters live with the rest of each aggregate;
//! reading and layering rule files is [`crate::config`]'s job.

mod band;
mod class;
mod input;
mod metric;
mod rule;

use std::collections::HashMap;

pub use band::{Band, Condition, Fact, MAX_CONDITION_DEPTH, Role};
pub use class::{ClassSet, KeywordClass};
pub use input::{DateOrder, TableSource};
pub use metric::{
    Aggregate, Duration, DurationEnd, Filter, FilterOp, FollowUp, FollowedBy, Metric, Unit,
};
pub use rule::{
    ActionSettings, Better, ContactPick, Curve, IfNone, Piece, Relative, Rule, Shape, Template,
    Urgency, Var,
};

use crate::model::{FieldId, Table};

/// The most contact roles a rule set may define: a contact's role is one byte,
/// and two of its values are kept to mean "no role" and "not seen yet".
pub const MAX_ROLES: usize = u8::MAX as usize - 1;

pub type ClassId = usize;
pub type MetricId = usize;
pub type FactId = usize;

/// One rule-set text and what messages call it: `built-in:default` or a path.
#[derive(Debug, Clone)]
pub struct Source {
    pub label: String,
    pub text: String,
}

/// A rule set with every name resolved to an index and every value checked.
#[derive(Debug)]
pub struct RuleSet {
    /// Where the rules came from, for the report: `built-in default` or a path.
    pub origin: String,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Best first; an account's band is the first whose `min` its score reaches.
    pub bands: Vec<Band>,
    pub classes: Vec<KeywordClass>,
    pub roles: Vec<Role>,
    pub facts: Vec<Fact>,
    pub metrics: Vec<Metric>,
    pub rules: Vec<Rule>,
    /// `[actions]`: the action threshold and budgets.
    pub actions: ActionSettings,
    /// `[scoring]`: when a band is given and who is a customer.
    pub scoring: Scoring,
    /// Extra header spellings from `[columns.TABLE]`, tried before the built-in ones
    /// (trimmed and lower-cased, as headers are compared).
    pub columns: HashMap<(Table, FieldId), Vec<String>>,
    /// `[date_order]`: header (lower-cased) -> how its dates are written.
    pub date_orders: HashMap<String, DateOrder>,
    /// The rule files it was compiled from, base first, so that the loader can
    /// layer vendor presets in below the user's file.
    pub(crate) sources: Vec<Source>,
    /// The last of `sources` is the user's file (not a built-in set).
    pub(crate) user_layer: bool,
    /// The same `[columns.TABLE]` names as written: `rapport sql` quotes them as
    /// column names, and some engines compare those with their case.
    pub column_names: HashMap<(Table, FieldId), Vec<String>>,
    /// `[tables]`: the warehouse tables `rapport sql` reads each canonical table from.
    pub tables: HashMap<Table, TableSource>,
}

/// `[scoring]`, resolved.
#[derive(Debug, Clone)]
pub struct Scoring {
    /// The least share of its applicable weight an account must be assessed on
    /// to be given a band (0-1); below it the account has "not enough evidence".
    pub min_coverage: f64,
    /// The fact that makes an account a customer; None when the rule set has no
    /// such fact, and every account is scored as a customer.
    pub customer_fact: Option<FactId>,
    /// A rule is uninformative on an export when at least this share (0-1) of
    /// the accounts it assessed got the same result from it.
    pub uninformative_share: f64,
    /// ... and it assessed at least this many accounts.
    pub uninformative_min_accounts: usize,
    /// A windowed count or sum whose table covers fewer days than this before
    /// the as-of date is not assessed: too little history to judge it on.
    pub min_history_days: i64,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            min_coverage: 0.5,
            customer_fact: None,
            uninformative_share: 0.98,
            uninformative_min_accounts: 20,
            min_history_days: 30,
        }
    }
}

impl RuleSet {
    pub fn class_id(&self, name: &str) -> Option<ClassId> {
        self.classes.iter().position(|c| c.name == name)
    }

    pub fn band_of(&self, score: f64) -> Option<usize> {
        self.bands.iter().position(|b| score >= b.min)
    }

    /// The highest score the band allows (just below the next band up).
    pub fn band_ceiling(&self, band: usize) -> f64 {
        if band == 0 {
            100.0
        } else {
            // Scores are shown with one decimal; stay visibly below the next band.
            (self.bands[band - 1].min - 0.1).max(self.bands[band].min)
        }
    }
}
