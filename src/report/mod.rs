//! The report: what every renderer shows, built once from the scored accounts.
//! Its serde shape is the JSON contract documented in docs/json.md.

pub mod json;
pub mod table;

use serde::Serialize;

use crate::config::RuleSet;
use crate::ingest::InputFile;
use crate::ingest::values::format_day;
use crate::metrics::{InputStats, Outcome};
use crate::rules::{Priority, Status, format_value};
use crate::score::Scored;

pub const SCHEMA: &str = "rapport.report/1";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub as_of: String,
    pub rules: RulesInfo,
    pub inputs: Vec<InputReport>,
    /// Rules no account could be assessed on, with the reason (the export lacks
    /// their data).
    pub not_assessed: Vec<NotAssessed>,
    pub accounts: Vec<AccountReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RulesInfo {
    pub source: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InputReport {
    pub path: String,
    /// The table the file was read as; null when it could not be recognised.
    pub table: Option<String>,
    pub rows: u64,
    pub used: u64,
    pub rejected: u64,
    pub skipped: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotAssessed {
    pub rule: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountReport {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub coverage: f64,
    pub flags: Vec<String>,
    pub rules: Vec<RuleReport>,
    pub actions: Vec<ActionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleReport {
    pub id: String,
    pub element: String,
    pub status: Status,
    pub points: Option<f64>,
    pub weight: Option<f64>,
    pub value: Option<f64>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Default, Serialize)]
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
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionReport {
    pub rule: String,
    pub priority: Priority,
    pub due: String,
    pub contact: Option<String>,
    pub contact_id: Option<String>,
    pub text: String,
}

/// Files that were named but could not be used.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

fn round(v: f64, places: i32) -> f64 {
    let p = 10f64.powi(places);
    (v * p).round() / p
}

/// Assembles the report; accounts worst first, unscored ones last.
pub fn build(
    rules: &RuleSet,
    as_of_day: i64,
    inputs: &[InputFile],
    stats: &[InputStats],
    unrecognised: &[Skipped],
    outcome: &Outcome,
    scored: &[Scored],
) -> Report {
    let mut input_reports: Vec<InputReport> = inputs
        .iter()
        .zip(stats)
        .map(|(i, s)| InputReport {
            path: i.display_name(),
            table: Some(i.table.name().to_string()),
            rows: s.rows,
            used: s.used,
            rejected: s.rejected,
            skipped: s.skipped,
            error: None,
        })
        .collect();
    input_reports.extend(unrecognised.iter().map(|u| InputReport {
        path: u.path.clone(),
        table: None,
        rows: 0,
        used: 0,
        rejected: 0,
        skipped: 0,
        error: Some(u.reason.clone()),
    }));

    let not_assessed = rules
        .rules
        .iter()
        .filter(|r| r.enabled)
        .filter_map(|r| {
            outcome.assessable[r.metric]
                .as_ref()
                .err()
                .map(|reason| NotAssessed {
                    rule: r.id.clone(),
                    reason: reason.clone(),
                })
        })
        .collect();

    let contact_name = |c: u32| outcome.contacts[c as usize].name.clone();
    let mut accounts: Vec<AccountReport> = scored
        .iter()
        .map(|s| {
            let acc = &outcome.accounts[s.account];
            let rule_reports =
                s.results
                    .iter()
                    .map(|r| {
                        let rule = &rules.rules[r.rule];
                        let m = &r.metric;
                        let assessed = r.status != Status::NotAssessed;
                        let evidence = Evidence {
                            shown: assessed.then(|| format_value(rules, rule, r.value)),
                            rows: assessed.then_some(m.count),
                            hits: (assessed && m.hits > 0).then_some(m.hits),
                            last: m.last_day.map(format_day),
                            source: m.source.filter(|_| m.count > 0).map(|(file, line)| {
                                format!("{}:{line}", inputs[file].display_name())
                            }),
                            contact: m.contact.map(contact_name),
                            missing: m.missing.clone(),
                            reason: r.reason.clone(),
                        };
                        RuleReport {
                            id: rule.id.clone(),
                            element: rule.element.clone(),
                            status: r.status,
                            points: r.points(rule).map(|p| round(p, 2)),
                            weight: rule.weight,
                            value: r.value.map(|v| round(v, 3)),
                            evidence,
                        }
                    })
                    .collect();
            let actions = s
                .actions
                .iter()
                .map(|a| ActionReport {
                    rule: rules.rules[a.rule].id.clone(),
                    priority: a.priority,
                    due: format_day(a.due_day),
                    contact: a.contact.map(contact_name),
                    contact_id: a.contact.map(|c| outcome.contacts[c as usize].id.clone()),
                    text: a.text.clone(),
                })
                .collect();
            AccountReport {
                id: acc.id.clone(),
                name: acc.name.clone(),
                score: s.score,
                band: s.band.map(|b| rules.bands[b].name.clone()),
                coverage: round(s.coverage, 3),
                flags: s.flags.clone(),
                rules: rule_reports,
                actions,
            }
        })
        .collect();
    accounts.sort_by(|a, b| {
        let key = |r: &AccountReport| r.score.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });

    Report {
        schema: SCHEMA,
        as_of: format_day(as_of_day),
        rules: RulesInfo {
            source: rules.origin.clone(),
            name: rules.name.clone(),
        },
        inputs: input_reports,
        not_assessed,
        accounts,
    }
}

/// Replaces control characters (escape sequences included) so data cannot
/// move the cursor or recolour a terminal.
pub fn printable(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
