//! What moved an account's score since a baseline report, rule by rule.
//!
//! The score is `100 * earned / assessed` (points over the weight assessed),
//! then mapped by any cap. The change from one report to the next is walked one
//! step at a time, from the baseline's rules and evidence to this run's: first
//! the rule set (rules removed, re-weighted, added), then the rules whose data
//! the export itself changed (a table missing, a file mostly rejected, far
//! fewer rows), then each rule's own evidence. Each step is scored with the same
//! formula, so a step that takes a rule in or out of the assessed weight carries
//! the renormalisation of the others with it, and the steps add up to the
//! change in the uncapped score. What the caps did is one more line. Every line
//! is rounded to hundredths, and the rounding of the score to one decimal is
//! carried by the largest line, so the lines sum to `delta` exactly.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::report::{AccountReport, Evidence, InputReport, NotAssessed, RuleInfo, RuleReport};
use crate::rules::Status;
use crate::score::Segment;

/// One account's change since the baseline.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Change {
    /// This score minus the baseline's; null when either is null.
    pub delta: Option<f64>,
    pub score_before: Option<f64>,
    pub score_after: Option<f64>,
    pub band_before: Option<String>,
    pub band_after: Option<String>,
    /// Set when the account went from prospect to customer or back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<SegmentChange>,
    /// The account's own movement, largest first.
    pub rules: Vec<RuleChange>,
    /// Rules added, removed or re-weighted between the two runs.
    #[serde(default)]
    pub rule_set: Vec<RuleSetChange>,
    /// Movement caused by the export itself, not by the relationship.
    #[serde(default)]
    pub data: Vec<DataChange>,
    /// Points the caps took or gave back.
    #[serde(default)]
    pub cap: f64,
    /// The baseline's actions (rule, text), for saying which actions are new.
    #[serde(skip)]
    pub earlier_actions: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmentChange {
    pub before: Segment,
    pub after: Segment,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleChange {
    pub id: String,
    /// Score points this rule's change gained (positive) or lost.
    pub points: f64,
    /// The rule's value then and now.
    pub before: Option<f64>,
    pub after: Option<f64>,
    pub evidence: EvidenceChange,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvidenceChange {
    pub status_before: Option<Status>,
    pub status_after: Option<Status>,
    pub before: Option<Evidence>,
    pub after: Option<Evidence>,
    /// What appeared or aged out, in words, as far as the two reports tell.
    pub said: String,
}

/// How a rule differs between the two rule sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleSetKind {
    Added,
    Removed,
    Reweighted,
}

impl RuleSetKind {
    pub fn name(self) -> &'static str {
        match self {
            RuleSetKind::Added => "added",
            RuleSetKind::Removed => "removed",
            RuleSetKind::Reweighted => "re-weighted",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleSetChange {
    pub id: String,
    pub change: RuleSetKind,
    pub weight_before: Option<f64>,
    pub weight_after: Option<f64>,
    /// Score points the change moved this account by (0 in the report's list).
    #[serde(default)]
    pub points: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataChange {
    pub rule: String,
    pub points: f64,
    /// What about the export changed.
    pub cause: String,
}

/// A rule the export itself moved, for every account, and why.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataCause {
    pub rule: String,
    pub cause: String,
}

/// What one run of the report carries beside its accounts.
pub struct Side<'a> {
    pub rules: &'a [RuleInfo],
    pub inputs: &'a [InputReport],
    pub not_assessed: &'a [NotAssessed],
    pub uninformative: &'a [NotAssessed],
}

/// What holds for every account between two reports: the rule-set changes and
/// the data causes by rule.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub rule_set: Vec<RuleSetChange>,
    /// Rule id -> why the export, not the relationship, moved it.
    data: HashMap<String, String>,
    /// Rule id -> whether a shortfall on it caps the score, in either run.
    caps: HashMap<String, bool>,
}

/// Per table: rows read, used, rejected, and whether any file was read as it.
#[derive(Default, Clone, Copy)]
struct TableRows {
    rows: u64,
    used: u64,
    rejected: u64,
}

fn tables(inputs: &[InputReport]) -> HashMap<&str, TableRows> {
    let mut out: HashMap<&str, TableRows> = HashMap::new();
    for i in inputs {
        let Some(t) = i.table.as_deref() else {
            continue;
        };
        let e = out.entry(t).or_default();
        e.rows += i.counts.rows;
        e.used += i.counts.used;
        e.rejected += i.counts.rejected;
    }
    out
}

/// Why the export itself would move the rules reading `table`, if it does.
fn table_cause(table: &str, before: Option<TableRows>, after: Option<TableRows>) -> Option<String> {
    match (before, after) {
        (Some(_), None) => Some(format!("the {table} table is missing from this export")),
        (None, Some(_)) => Some(format!(
            "the {table} table was missing from the baseline's export"
        )),
        (Some(b), Some(a)) => {
            let mostly = |t: TableRows| t.rows > 0 && t.rejected * 2 > t.rows;
            if mostly(a) && !mostly(b) {
                Some(format!(
                    "{} of the {} rows of the {table} table were rejected in this export",
                    a.rejected, a.rows
                ))
            } else if mostly(b) && !mostly(a) {
                Some(format!(
                    "{} of the {} rows of the {table} table were rejected in the baseline's export",
                    b.rejected, b.rows
                ))
            } else if b.used >= 10 && a.used * 2 < b.used {
                Some(format!(
                    "the {table} table holds {} usable rows, down from {} (less history)",
                    a.used, b.used
                ))
            } else if a.used >= 10 && b.used * 2 < a.used {
                Some(format!(
                    "the {table} table holds {} usable rows, up from {} (more history)",
                    a.used, b.used
                ))
            } else {
                None
            }
        }
        (None, None) => None,
    }
}

impl Comparison {
    pub fn new(before: &Side, after: &Side) -> Comparison {
        let mut rule_set = Vec::new();
        let scoring =
            |rules: &[RuleInfo], id: &str| rules.iter().find(|r| r.id == id).and_then(|r| r.weight);
        for r in before.rules {
            let (w0, w1) = (r.weight, scoring(after.rules, &r.id));
            let change = match (w0, w1) {
                (Some(_), None) => RuleSetKind::Removed,
                (Some(a), Some(b)) if (a - b).abs() > 1e-9 => RuleSetKind::Reweighted,
                _ => continue,
            };
            rule_set.push(RuleSetChange {
                id: r.id.clone(),
                change,
                weight_before: w0,
                weight_after: w1,
                points: 0.0,
            });
        }
        for r in after.rules {
            if r.weight.is_some() && scoring(before.rules, &r.id).is_none() {
                rule_set.push(RuleSetChange {
                    id: r.id.clone(),
                    change: RuleSetKind::Added,
                    weight_before: None,
                    weight_after: r.weight,
                    points: 0.0,
                });
            }
        }

        let (tb, ta) = (tables(before.inputs), tables(after.inputs));
        let mut data = HashMap::new();
        let reason = |list: &[NotAssessed], id: &str| {
            list.iter().find(|n| n.rule == id).map(|n| n.reason.clone())
        };
        for r in after.rules {
            let id = r.id.as_str();
            let (n0, n1) = (
                reason(before.not_assessed, id),
                reason(after.not_assessed, id),
            );
            let (u0, u1) = (
                reason(before.uninformative, id),
                reason(after.uninformative, id),
            );
            let table = r.table.as_deref().or_else(|| {
                before
                    .rules
                    .iter()
                    .find(|b| b.id == r.id)
                    .and_then(|b| b.table.as_deref())
            });
            let cause = match (n0, n1, u0, u1) {
                (None, Some(why), _, _) => Some(format!("not assessable on this export: {why}")),
                (Some(why), None, _, _) => {
                    Some(format!("not assessable on the baseline's export: {why}"))
                }
                (_, _, None, Some(_)) => Some(
                    "uninformative on this export: (nearly) every account gets the same result"
                        .to_string(),
                ),
                (_, _, Some(_), None) => Some(
                    "uninformative on the baseline's export, informative on this one".to_string(),
                ),
                _ => table.and_then(|t| table_cause(t, tb.get(t).copied(), ta.get(t).copied())),
            };
            if let Some(cause) = cause {
                data.insert(r.id.clone(), cause);
            }
        }
        let caps = before
            .rules
            .iter()
            .chain(after.rules)
            .map(|r| (r.id.clone(), r.cap.is_some()))
            .fold(HashMap::new(), |mut m: HashMap<String, bool>, (id, cap)| {
                *m.entry(id).or_default() |= cap;
                m
            });
        Comparison {
            rule_set,
            data,
            caps,
        }
    }

    /// The rules the export itself moved, with the cause, in rule id order.
    pub fn data_causes(&self) -> Vec<DataCause> {
        let mut out: Vec<DataCause> = self
            .data
            .iter()
            .map(|(rule, cause)| DataCause {
                rule: rule.clone(),
                cause: cause.clone(),
            })
            .collect();
        out.sort_by(|a, b| a.rule.cmp(&b.rule));
        out
    }

    /// The change of one account present in both reports.
    pub fn account(&self, before: &AccountReport, after: &AccountReport) -> Change {
        let mut change = Change {
            delta: before
                .score
                .zip(after.score)
                .map(|(b, a)| hundredths_to(to_hundredths(a - b))),
            score_before: before.score,
            score_after: after.score,
            band_before: before.band.clone(),
            band_after: after.band.clone(),
            segment: (before.segment != after.segment).then_some(SegmentChange {
                before: before.segment,
                after: after.segment,
            }),
            earlier_actions: before
                .actions
                .iter()
                .map(|x| (x.rule.clone(), x.text.clone()))
                .collect(),
            ..Change::default()
        };
        // A baseline written without its rules' detail gives the delta alone.
        let (Some(s0), Some(s1)) = (before.score, after.score) else {
            return change;
        };
        if before.rules.is_empty() || after.rules.is_empty() {
            return change;
        }
        let scoring = |a: &AccountReport| -> Vec<(String, f64, Option<f64>)> {
            a.rules
                .iter()
                .filter_map(|r| Some((r.id.clone(), r.weight?, r.points)))
                .collect()
        };
        let mut state = scoring(before);
        let target = scoring(after);
        let find = |rules: &[RuleReport], id: &str| rules.iter().position(|r| r.id == id);
        let mut lines: Vec<(Line, f64)> = Vec::new();
        let mut score = uncapped(&state);

        // The rule set first: what the same evidence scores under this run's rules.
        for (i, c) in self.rule_set.iter().enumerate() {
            let at = state.iter().position(|(id, _, _)| *id == c.id);
            match (c.change, at) {
                (RuleSetKind::Removed, Some(at)) => {
                    state.remove(at);
                }
                (RuleSetKind::Reweighted, Some(at)) => {
                    let same = |a: &AccountReport| {
                        find(&a.rules, &c.id).map(|i| (a.rules[i].value, a.rules[i].status))
                    };
                    let unmoved = same(before) == same(after);
                    let (_, w, p) = &mut state[at];
                    let w1 = c.weight_after.unwrap_or(*w);
                    match target.iter().find(|(id, _, _)| *id == c.id) {
                        // The evidence held: the points are this run's, which
                        // the report rounds apart from the baseline's.
                        Some(t) if unmoved => *p = t.2,
                        _ => *p = p.map(|p| if *w > 0.0 { p * w1 / *w } else { 0.0 }),
                    }
                    *w = w1;
                }
                (RuleSetKind::Added, None) => {
                    if let Some(t) = target.iter().find(|(id, _, _)| *id == c.id) {
                        state.push(t.clone());
                    }
                }
                _ => continue,
            }
            let now = uncapped(&state);
            lines.push((Line::RuleSet(i), diff(now, score)));
            score = now;
        }

        // Then the export's own changes, then the relationship's.
        for pass in [true, false] {
            // Within each, rules entering or leaving the assessed weight first,
            // then the values: every value step then shares one denominator.
            for entering in [true, false] {
                for t in &target {
                    let data = self.data.get(&t.0);
                    if data.is_some() != pass {
                        continue;
                    }
                    let Some(at) = state.iter().position(|(id, _, _)| *id == t.0) else {
                        continue;
                    };
                    let toggles = state[at].2.is_some() != t.2.is_some();
                    if toggles != entering || state[at] == *t {
                        continue;
                    }
                    state[at] = t.clone();
                    let now = uncapped(&state);
                    let line = match data {
                        Some(cause) => Line::Data(t.0.clone(), cause.clone()),
                        None => Line::Rule(t.0.clone()),
                    };
                    lines.push((line, diff(now, score)));
                    score = now;
                }
            }
        }
        let u0 = uncapped(&scoring(before)).unwrap_or(s0);
        let u1 = score.unwrap_or(s1);
        let capped = |a: &AccountReport| {
            a.rules.iter().any(|r| {
                self.caps.get(&r.id).copied().unwrap_or(false)
                    && matches!(r.status, Status::Partial | Status::Fail)
            })
        };
        let cap = (s1 - u1) - (s0 - u0);
        if capped(before) || capped(after) {
            lines.push((Line::Cap, cap));
        }

        // Rounded to hundredths, the rounding carried by the largest line.
        let target_total = to_hundredths(s1 - s0);
        let mut rounded: Vec<i64> = lines.iter().map(|(_, x)| to_hundredths(*x)).collect();
        let residual = target_total - rounded.iter().sum::<i64>();
        if residual != 0 {
            match (0..lines.len()).max_by(|&a, &b| lines[a].1.abs().total_cmp(&lines[b].1.abs())) {
                Some(largest) => rounded[largest] += residual,
                None => {
                    lines.push((Line::Cap, 0.0));
                    rounded.push(residual);
                }
            }
        }

        for ((line, _), points) in lines.into_iter().zip(rounded) {
            // A line that rounds to nothing moved nothing worth naming.
            if points == 0 {
                continue;
            }
            let points = hundredths_to(points);
            match line {
                Line::RuleSet(i) => {
                    let mut c = self.rule_set[i].clone();
                    c.points = points;
                    change.rule_set.push(c);
                }
                Line::Data(rule, cause) => change.data.push(DataChange {
                    rule,
                    points,
                    cause,
                }),
                Line::Rule(id) => {
                    let b = find(&before.rules, &id).map(|i| &before.rules[i]);
                    let a = find(&after.rules, &id).map(|i| &after.rules[i]);
                    change.rules.push(RuleChange {
                        id,
                        points,
                        before: b.and_then(|r| r.value),
                        after: a.and_then(|r| r.value),
                        evidence: evidence_change(b, a),
                    });
                }
                Line::Cap => {
                    change.cap = hundredths_to(to_hundredths(change.cap) + to_hundredths(points))
                }
            }
        }
        let by_size = |a: f64, b: f64| b.abs().total_cmp(&a.abs());
        change.rules.sort_by(|a, b| by_size(a.points, b.points));
        change.data.sort_by(|a, b| by_size(a.points, b.points));
        change.rule_set.sort_by(|a, b| by_size(a.points, b.points));
        change
    }
}

enum Line {
    RuleSet(usize),
    Data(String, String),
    Rule(String),
    Cap,
}

/// `100 * earned / assessed` over the scoring rules (id, weight, points).
fn uncapped(rules: &[(String, f64, Option<f64>)]) -> Option<f64> {
    let (earned, assessed) = rules
        .iter()
        .filter_map(|(_, w, p)| Some((p.as_ref()?, w)))
        .fold((0.0, 0.0), |(e, a), (p, w)| (e + p, a + w));
    (assessed > 0.0).then(|| 100.0 * earned / assessed)
}

fn diff(now: Option<f64>, then: Option<f64>) -> f64 {
    now.unwrap_or(0.0) - then.unwrap_or(0.0)
}

fn to_hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

fn hundredths_to(x: i64) -> f64 {
    x as f64 / 100.0
}

/// The evidence then and now, and what changed in it in words.
fn evidence_change(before: Option<&RuleReport>, after: Option<&RuleReport>) -> EvidenceChange {
    let mut said = Vec::new();
    let (eb, ea) = (before.map(|r| &r.evidence), after.map(|r| &r.evidence));
    let (st0, st1) = (before.map(|r| r.status), after.map(|r| r.status));
    // The value as shown with its status, or the status alone without a value.
    let shown = |e: Option<&Evidence>, st: Option<Status>| {
        let status = st.map_or("absent", Status::name);
        match e.and_then(|e| e.shown.as_deref()) {
            Some(v) => format!("{v} ({status})"),
            None => status.to_string(),
        }
    };
    let (s0, s1) = (shown(eb, st0), shown(ea, st1));
    if s0 != s1 {
        said.push(format!("{s0} then, {s1} now"));
    }
    let last = |e: Option<&Evidence>| e.and_then(|e| e.last.clone());
    match (last(eb), last(ea)) {
        (Some(l0), Some(l1)) if l1 > l0 => said.push(format!(
            "a newer row on {l1}{}",
            ea.and_then(|e| e.source.as_deref())
                .map_or(String::new(), |s| format!(" ({s})"))
        )),
        (Some(l0), Some(l1)) if l1 < l0 => {
            said.push(format!("the row of {l0} aged out; the latest is {l1}"))
        }
        (Some(l0), None) => said.push(format!("the row of {l0} aged out; none left")),
        (None, Some(l1)) => said.push(format!(
            "a first row on {l1}{}",
            ea.and_then(|e| e.source.as_deref())
                .map_or(String::new(), |s| format!(" ({s})"))
        )),
        _ => {}
    }
    let count = |e: Option<&Evidence>, f: fn(&Evidence) -> Option<u32>| e.and_then(f);
    let (r0, r1) = (count(eb, |e| e.rows), count(ea, |e| e.rows));
    if r0 != r1 && r0.is_some() && r1.is_some() {
        said.push(format!(
            "{} rows, {} before",
            r1.unwrap_or(0),
            r0.unwrap_or(0)
        ));
    }
    let (h0, h1) = (count(eb, |e| e.hits), count(ea, |e| e.hits));
    if h0 != h1 {
        said.push(format!(
            "{} matching, {} before",
            h1.unwrap_or(0),
            h0.unwrap_or(0)
        ));
    }
    if st1 == Some(Status::NotAssessed)
        && let Some(reason) = ea.and_then(|e| e.reason.as_deref())
    {
        said.push(reason.to_string());
    }
    EvidenceChange {
        status_before: st0,
        status_after: st1,
        before: eb.cloned(),
        after: ea.cloned(),
        said: said.join("; "),
    }
}

impl Change {
    /// Every line that moved the score, largest first: (what, points).
    pub fn causes(&self) -> Vec<(String, f64)> {
        let mut all: Vec<(String, f64)> = self
            .rules
            .iter()
            .map(|r| (r.id.clone(), r.points))
            .chain(
                self.data
                    .iter()
                    .map(|d| (format!("{} (data: {})", d.rule, d.cause), d.points)),
            )
            .chain(
                self.rule_set
                    .iter()
                    .map(|c| (format!("{} ({})", c.id, c.change.name()), c.points)),
            )
            .chain((self.cap != 0.0).then(|| ("cap".to_string(), self.cap)))
            .filter(|(_, p)| *p != 0.0)
            .collect();
        all.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        all
    }

    /// The largest causes in one line: `complaint-resolution -8.20, contact-recency -2.80`.
    pub fn top_causes(&self, n: usize) -> String {
        let causes: Vec<String> = self
            .causes()
            .into_iter()
            .take(n)
            .map(|(what, p)| format!("{what} {p:+.2}"))
            .collect();
        causes.join(", ")
    }

    /// What moved rule `id` in words: `contact-recency -3.10: 20 days then, 27 now`.
    pub fn cause_of(&self, id: &str) -> Option<String> {
        if let Some(r) = self.rules.iter().find(|r| r.id == id) {
            return Some(format!("{id} {:+.2}: {}", r.points, r.evidence.said));
        }
        if let Some(d) = self.data.iter().find(|d| d.rule == id) {
            return Some(format!("{id} {:+.2} (data: {})", d.points, d.cause));
        }
        self.rule_set
            .iter()
            .find(|c| c.id == id)
            .map(|c| format!("{id} {:+.2} (rule {})", c.points, c.change.name()))
    }

    /// Whether the band changed between the two reports.
    pub fn band_changed(&self) -> bool {
        self.band_before != self.band_after
    }
}

/// Each account's score and band over several reports, oldest first, and the
/// causes of its largest moves from one report to the next.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub schema: &'static str,
    pub reports: Vec<TrendReport>,
    pub accounts: Vec<AccountTrend>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendReport {
    pub path: String,
    pub as_of: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccountTrend {
    pub id: String,
    pub name: String,
    /// One per report the account is in, oldest first.
    pub points: Vec<TrendPoint>,
    /// The largest moves between consecutive reports, largest first.
    pub largest_moves: Vec<TrendMove>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub as_of: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    /// The change since the report before, when the account was in it.
    pub delta: Option<f64>,
    /// The largest causes of that change: (what, points).
    pub causes: Vec<TrendCause>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendMove {
    pub from: String,
    pub to: String,
    pub delta: f64,
    pub band_before: Option<String>,
    pub band_after: Option<String>,
    pub causes: Vec<TrendCause>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendCause {
    pub what: String,
    pub points: f64,
}

/// The schema of `rapport trend --format json`.
pub const TREND_SCHEMA: &str = "rapport.trend/1";

/// How many moves and causes a trend keeps per account.
const MOVES_KEPT: usize = 3;

/// The trend over `reports` (path, report), put in date order.
pub fn trend(mut reports: Vec<(String, crate::report::ReportData)>) -> Trend {
    reports.sort_by(|a, b| a.1.as_of.cmp(&b.1.as_of));
    let mut accounts: Vec<AccountTrend> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (i, (_, report)) in reports.iter().enumerate() {
        let earlier = i.checked_sub(1).map(|j| &reports[j].1);
        let side = |r: &'_ crate::report::ReportData| -> Vec<RuleInfo> {
            if r.rules.rules.is_empty() {
                r.accounts
                    .iter()
                    .find(|a| !a.rules.is_empty())
                    .map(|a| {
                        a.rules
                            .iter()
                            .map(|x| RuleInfo {
                                id: x.id.clone(),
                                weight: x.weight,
                                table: None,
                                cap: None,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                r.rules.rules.clone()
            }
        };
        let comparison = earlier.map(|e| {
            let (rb, ra) = (side(e), side(report));
            Comparison::new(
                &Side {
                    rules: &rb,
                    inputs: &e.inputs,
                    not_assessed: &e.not_assessed,
                    uninformative: &e.uninformative,
                },
                &Side {
                    rules: &ra,
                    inputs: &report.inputs,
                    not_assessed: &report.not_assessed,
                    uninformative: &report.uninformative,
                },
            )
        });
        let before: HashMap<&str, &AccountReport> = earlier
            .map(|e| e.accounts.iter().map(|a| (a.id.as_str(), a)).collect())
            .unwrap_or_default();
        for a in &report.accounts {
            let change = comparison
                .as_ref()
                .zip(before.get(a.id.as_str()))
                .map(|(c, b)| c.account(b, a));
            let causes: Vec<TrendCause> = change
                .as_ref()
                .map(|c| {
                    c.causes()
                        .into_iter()
                        .take(MOVES_KEPT)
                        .map(|(what, points)| TrendCause { what, points })
                        .collect()
                })
                .unwrap_or_default();
            let slot = *at.entry(a.id.clone()).or_insert_with(|| {
                accounts.push(AccountTrend {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    points: Vec::new(),
                    largest_moves: Vec::new(),
                });
                accounts.len() - 1
            });
            let t = &mut accounts[slot];
            t.name.clone_from(&a.name);
            if let (Some(c), Some(e)) = (&change, earlier)
                && let Some(delta) = c.delta.filter(|d| *d != 0.0)
            {
                t.largest_moves.push(TrendMove {
                    from: e.as_of.clone(),
                    to: report.as_of.clone(),
                    delta,
                    band_before: c.band_before.clone(),
                    band_after: c.band_after.clone(),
                    causes: causes.clone(),
                });
                t.largest_moves
                    .sort_by(|x, y| y.delta.abs().total_cmp(&x.delta.abs()));
                t.largest_moves.truncate(MOVES_KEPT);
            }
            t.points.push(TrendPoint {
                as_of: report.as_of.clone(),
                score: a.score,
                band: a.band.clone(),
                delta: change.as_ref().and_then(|c| c.delta),
                causes,
            });
        }
    }
    Trend {
        schema: TREND_SCHEMA,
        reports: reports
            .iter()
            .map(|(path, r)| TrendReport {
                path: path.clone(),
                as_of: r.as_of.clone(),
            })
            .collect(),
        accounts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, weight: f64, points: Option<f64>) -> RuleReport {
        RuleReport {
            id: id.to_string(),
            element: String::new(),
            status: match points {
                None => Status::NotAssessed,
                Some(p) if p >= weight => Status::Pass,
                Some(_) => Status::Fail,
            },
            points,
            weight: Some(weight),
            value: None,
            evidence: Evidence::default(),
        }
    }

    fn account(score: f64, rules: Vec<RuleReport>) -> AccountReport {
        AccountReport {
            id: "A".into(),
            score: Some(score),
            rules,
            ..AccountReport::default()
        }
    }

    fn info(id: &str, weight: f64) -> RuleInfo {
        RuleInfo {
            id: id.to_string(),
            weight: Some(weight),
            table: None,
            cap: None,
        }
    }

    fn sum(c: &Change) -> f64 {
        c.rules.iter().map(|r| r.points).sum::<f64>()
            + c.data.iter().map(|r| r.points).sum::<f64>()
            + c.rule_set.iter().map(|r| r.points).sum::<f64>()
            + c.cap
    }

    #[test]
    fn a_rule_losing_points_carries_the_whole_drop() {
        let rules = [info("a", 10.0), info("b", 10.0)];
        let side = Side {
            rules: &rules,
            inputs: &[],
            not_assessed: &[],
            uninformative: &[],
        };
        let cmp = Comparison::new(&side, &side);
        let before = account(
            100.0,
            vec![rule("a", 10.0, Some(10.0)), rule("b", 10.0, Some(10.0))],
        );
        let after = account(
            75.0,
            vec![rule("a", 10.0, Some(5.0)), rule("b", 10.0, Some(10.0))],
        );
        let c = cmp.account(&before, &after);
        assert_eq!(c.delta, Some(-25.0));
        assert_eq!(c.rules.len(), 1);
        assert_eq!(c.rules[0].id, "a");
        assert_eq!(c.rules[0].points, -25.0);
        assert!(c.data.is_empty() && c.rule_set.is_empty());
    }

    #[test]
    fn a_reweighted_rule_is_reported_apart_and_the_sum_holds() {
        let before_rules = [info("a", 10.0), info("b", 10.0)];
        let after_rules = [info("a", 30.0), info("b", 10.0)];
        let side = |rules| Side {
            rules,
            inputs: &[],
            not_assessed: &[],
            uninformative: &[],
        };
        let cmp = Comparison::new(&side(&before_rules), &side(&after_rules));
        let before = account(
            50.0,
            vec![rule("a", 10.0, Some(0.0)), rule("b", 10.0, Some(10.0))],
        );
        let after = account(
            25.0,
            vec![rule("a", 30.0, Some(0.0)), rule("b", 10.0, Some(10.0))],
        );
        let c = cmp.account(&before, &after);
        assert!(c.rules.is_empty(), "{c:?}");
        assert_eq!(c.rule_set.len(), 1);
        assert_eq!(c.rule_set[0].change, RuleSetKind::Reweighted);
        assert_eq!(c.rule_set[0].points, -25.0);
        assert!((sum(&c) - -25.0).abs() < 1e-9);
    }

    #[test]
    fn rounding_is_carried_so_the_lines_sum_to_the_delta() {
        let rules = [info("a", 3.0), info("b", 3.0), info("c", 3.0)];
        let side = Side {
            rules: &rules,
            inputs: &[],
            not_assessed: &[],
            uninformative: &[],
        };
        let cmp = Comparison::new(&side, &side);
        let before = account(
            100.0,
            vec![
                rule("a", 3.0, Some(3.0)),
                rule("b", 3.0, Some(3.0)),
                rule("c", 3.0, Some(3.0)),
            ],
        );
        let after = account(
            33.3,
            vec![
                rule("a", 3.0, Some(0.0)),
                rule("b", 3.0, Some(0.0)),
                rule("c", 3.0, Some(3.0)),
            ],
        );
        let c = cmp.account(&before, &after);
        assert_eq!(c.delta, Some(-66.7));
        assert!((sum(&c) - -66.7).abs() < 1e-9, "{c:?}");
    }
}
