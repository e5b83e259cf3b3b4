//! What a report is made of, as the renderers and the JSON contract see it:
//! the inputs, the accounts with their rules, evidence and actions, the week's
//! list and the baseline. Built by [`super::build`]; read back from JSON for
//! `--baseline`.

use serde::{Deserialize, Serialize};

use crate::metrics::InputStats;
use crate::rules::{Priority, Status};
use crate::score::Segment;
pub use crate::score::change::{Change, DataCause, RuleSetChange};
use crate::spec::Urgency;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RulesInfo {
    pub source: String,
    pub name: Option<String>,
    /// Every enabled rule, in the rule set's order: what a later report compares
    /// to say which rules were added, removed or re-weighted.
    #[serde(default)]
    pub rules: Vec<RuleInfo>,
}

/// One rule of the rule set as a report carries it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleInfo {
    pub id: String,
    /// None for a signal (it scores nothing).
    pub weight: Option<f64>,
    /// The table its metric reads.
    #[serde(default)]
    pub table: Option<String>,
    /// The band a shortfall on it caps the score at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<String>,
}

/// The history one table covers: its first and last dated row over all its
/// files, by its main date, and the days between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableHistory {
    pub first: crate::day::Day,
    pub last: crate::day::Day,
    pub days: i64,
}

impl TableHistory {
    /// The span as the notes word it: `2026-03-02 to 2026-06-30 (120 days)`.
    pub fn text(&self) -> String {
        format!("{} to {} ({} days)", self.first, self.last, self.days)
    }
}

/// Per table with a dated row, in table order, the history it covers; written
/// as an object keyed by table name.
#[derive(Debug, Clone, Default)]
pub struct TableHistories(pub Vec<(&'static str, TableHistory)>);

impl TableHistories {
    /// The spans `history` holds, as reports carry them.
    pub fn of(history: &crate::metrics::History) -> TableHistories {
        TableHistories(
            history
                .spans()
                .map(|(t, s)| {
                    let h = TableHistory {
                        first: s.first,
                        last: s.last,
                        days: s.days(),
                    };
                    (t.name(), h)
                })
                .collect(),
        )
    }

    /// One line per table: `activities: 2026-03-02 to 2026-06-30 (120 days)`.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.0.iter().map(|(t, h)| format!("{t}: {}", h.text()))
    }
}

impl Serialize for TableHistories {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(t, h)| (t, h)))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InputReport {
    pub path: String,
    /// The table the file was read as; null when it could not be recognised.
    pub table: Option<String>,
    /// Rows read, used, rejected and skipped.
    #[serde(flatten)]
    pub counts: InputStats,
    /// The CRM the export came from (`salesforce`, `hubspot`, ...), when recognised.
    #[serde(default)]
    pub vendor: Option<String>,
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be` or `windows-1252`.
    #[serde(default)]
    pub encoding: Option<String>,
    /// `,`, `;`, `tab` or `|`.
    #[serde(default)]
    pub delimiter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a lookup table (no table of its own, read before the pass): what it gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
}

/// What a reader must know before trusting a report, shown at its top: the
/// data is old, a file was mostly rejected, the accounts were derived, some
/// accounts have no records at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// `stale-data`, `mostly-rejected`, `derived-accounts` or `dormant-accounts`.
    pub kind: String,
    pub text: String,
}

impl Notice {
    pub const STALE_DATA: &'static str = "stale-data";
    pub const MOSTLY_REJECTED: &'static str = "mostly-rejected";
    pub const DERIVED_ACCOUNTS: &'static str = "derived-accounts";
    pub const DORMANT: &'static str = "dormant-accounts";
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotAssessed {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AccountReport {
    pub id: String,
    pub name: String,
    /// The owner as the export gives it (a user id or a name).
    #[serde(default)]
    pub owner: Option<String>,
    /// The owner's name, when `owner` is the id of one of the export's users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub coverage: f64,
    /// `customer` (scored for loyalty and banded) or `prospect` (never bought:
    /// scored for engagement, never banded).
    #[serde(default)]
    pub segment: Segment,
    /// A customer scored on less than `[scoring] min_coverage` of its applicable
    /// weight: its score is shown, but it is given no band.
    #[serde(default)]
    pub not_enough_evidence: bool,
    /// With `not_enough_evidence`: the rules that apply but could not be assessed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_evidence: Vec<String>,
    pub flags: Vec<String>,
    pub rules: Vec<RuleReport>,
    pub actions: Vec<ActionReport>,
    /// With `--baseline`: the account in the earlier report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// With `--baseline`: what moved the score since, rule by rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

/// What a report shows in place of a band when the account has none.
pub const NOT_ENOUGH_EVIDENCE: &str = "not enough evidence";
pub const PROSPECT: &str = "prospect";
pub const UNSCORED: &str = "unscored";

impl AccountReport {
    /// The owner as a reader knows them: the name when the export's users give
    /// one, else the owner as the export gives it.
    pub fn owner_shown(&self) -> Option<&str> {
        self.owner_name.as_deref().or(self.owner.as_deref())
    }

    /// The band, or why there is none: `not enough evidence`, `prospect`, `unscored`.
    pub fn standing_label(&self) -> &str {
        match (&self.band, self.segment, self.not_enough_evidence) {
            (Some(b), _, _) => b,
            (None, Segment::Prospect, _) => PROSPECT,
            (None, _, true) => NOT_ENOUGH_EVIDENCE,
            (None, _, false) => UNSCORED,
        }
    }
}

/// An account's standing in the baseline report, and the change since.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Previous {
    pub score: Option<f64>,
    pub band: Option<String>,
    /// This score minus the previous one; null when either is null.
    pub delta: Option<f64>,
    pub trend: Trend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Trend {
    Up,
    Down,
    Same,
}

impl Trend {
    pub fn name(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Same => "same",
        }
    }
}

/// What changed since the baseline report, beyond each account's own trend.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub path: String,
    pub as_of: String,
    /// Accounts in this report that the baseline did not have.
    pub new: Vec<AccountRef>,
    /// Accounts the baseline had that this report does not.
    pub gone: Vec<AccountRef>,
    /// Rules added, removed or re-weighted since the baseline.
    #[serde(default)]
    pub rule_set: Vec<RuleSetChange>,
    /// Rules the export itself moved (a table missing, a file mostly
    /// rejected, far fewer rows), for every account.
    #[serde(default)]
    pub data: Vec<DataCause>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountRef {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleReport {
    pub id: String,
    pub element: String,
    pub status: Status,
    pub points: Option<f64>,
    pub weight: Option<f64>,
    pub value: Option<f64>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// The value as a person reads it (`45 days`, `60%`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
    /// Rows that matched the metric (the denominator of a share).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u32>,
    /// Rows that met the condition (the numerator of a share).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// The file and line of the latest row behind the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActionReport {
    /// The rule of the most urgent topic.
    pub rule: String,
    pub priority: Priority,
    pub due: String,
    pub contact: Option<String>,
    pub contact_id: Option<String>,
    /// The most urgent topic's text.
    pub text: String,
    /// How soon it must be done: `now`, `soon` or `this-month`.
    #[serde(default)]
    pub urgency: Urgency,
    /// Whether it is among the first `per_account` actions, the ones the table,
    /// tasks, Markdown and HTML list.
    #[serde(default = "yes")]
    pub within_budget: bool,
    /// Every topic of this one call or task, most urgent first (the first is
    /// `rule` and `text`): the rules that named the same person.
    #[serde(default)]
    pub topics: Vec<TopicReport>,
}

fn yes() -> bool {
    true
}

/// One topic of an action.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TopicReport {
    pub rule: String,
    pub due: String,
    pub text: String,
}

impl ActionReport {
    /// The topics after the first, for renderers that show the first as the action.
    pub fn further_topics(&self) -> &[TopicReport] {
        self.topics.get(1..).unwrap_or_default()
    }
}

/// One of the week's most important actions across the portfolio.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WeekAction {
    pub account_id: String,
    pub account: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    #[serde(flatten)]
    pub action: ActionReport,
}

/// Gathers the week's most important actions as accounts go by in report
/// order: by urgency, then by the account's place in the report (worst
/// relationship first), then by the action's place in its account.
pub struct Week {
    size: usize,
    /// (urgency, account position, action position) and the action.
    kept: Vec<((Urgency, usize, usize), WeekAction)>,
    seen: usize,
}

impl Week {
    pub fn new(size: usize) -> Week {
        Week {
            size,
            kept: Vec::new(),
            seen: 0,
        }
    }

    /// Offers the within-budget actions of the next account in report order.
    pub fn offer(&mut self, a: &AccountReport) {
        let position = self.seen;
        self.seen += 1;
        for (i, x) in a
            .actions
            .iter()
            .enumerate()
            .filter(|(_, x)| x.within_budget)
        {
            let key = (x.urgency, position, i);
            // Full, and not ahead of the last kept: it can never get in.
            if self.kept.len() >= self.size && self.kept.last().is_some_and(|(k, _)| *k <= key) {
                continue;
            }
            let at = self.kept.partition_point(|(k, _)| *k < key);
            self.kept.insert(
                at,
                (
                    key,
                    WeekAction {
                        account_id: a.id.clone(),
                        account: a.name.clone(),
                        score: a.score,
                        band: a.band.clone(),
                        action: x.clone(),
                    },
                ),
            );
            self.kept.truncate(self.size);
        }
    }

    pub fn finish(self) -> Vec<WeekAction> {
        self.kept.into_iter().map(|(_, w)| w).collect()
    }
}

/// A report read back from its JSON form: everything, accounts included, in memory.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportData {
    pub schema: String,
    /// The version of rapport that wrote it; empty for a report from before it
    /// was carried.
    #[serde(default)]
    pub rapport: String,
    pub as_of: String,
    pub rules: RulesInfo,
    pub inputs: Vec<InputReport>,
    /// Per table with a dated row, the history it covers.
    #[serde(default)]
    pub history: std::collections::BTreeMap<String, TableHistory>,
    /// What a reader must know before trusting the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    pub not_assessed: Vec<NotAssessed>,
    #[serde(default)]
    pub uninformative: Vec<NotAssessed>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineInfo>,
    /// The week's most important actions across the accounts.
    #[serde(default)]
    pub this_week: Vec<WeekAction>,
    pub accounts: Vec<AccountReport>,
}

/// Files that were named but could not be used.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
    /// A lookup table, read before the pass: the reason says what it gives.
    pub lookup: bool,
}
