//! An account's details as the report shows them: every rule's result with its
//! value worded and its reason written out, the flags and the actions. Values
//! are finished here, once, before anything is rendered.

use super::Scored;
use crate::day::Day;
use crate::metrics::Outcome;
use crate::rules::{Action, RuleResult, Status, describe, format_value};
use crate::spec::RuleSet;

/// One account, finished.
#[derive(Debug, Clone)]
pub struct Details {
    pub account: usize,
    pub standing: super::Standing,
    pub flags: Vec<String>,
    pub actions: Vec<Action>,
    /// At full depth, every rule's result in rule-set order; empty in a brief.
    pub rules: Vec<Finished>,
    /// For an account with too little evidence for a band: the rules that apply
    /// to it but could not be assessed, in rule order.
    pub missing: Vec<usize>,
}

/// The rules that apply to an account but could not be assessed on it.
pub fn missing(scored: &Scored) -> Vec<usize> {
    if !scored.thin {
        return Vec::new();
    }
    scored
        .results
        .iter()
        .filter(|r| r.applies && r.status == Status::NotAssessed)
        .map(|r| r.rule)
        .collect()
}

/// One rule's result on one account, finished for showing.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Index into the rule set's rules.
    pub rule: usize,
    pub status: Status,
    pub points: Option<f64>,
    pub value: Option<f64>,
    /// The value as a person reads it (`45 days`, `60%`); None when not assessed.
    pub shown: Option<String>,
    /// Rows that matched the metric.
    pub rows: u32,
    /// Rows that met the condition.
    pub hits: u32,
    pub last_day: Option<Day>,
    /// The file index and line of the latest row behind the value.
    pub source: Option<(usize, u64)>,
    pub contact: Option<u32>,
    pub missing: Vec<String>,
    pub reason: Option<String>,
}

/// Everything `rapport explain` shows of one account beyond its details.
#[derive(Debug, Clone)]
pub struct Trail {
    pub details: Details,
    /// The score before caps.
    pub uncapped: Option<f64>,
    pub earned: f64,
    pub assessed_weight: f64,
    /// Rules whose cap lowered the score.
    pub capped_by: Vec<usize>,
    /// Per rule of `details.rules`: what its metric measures, in words.
    pub measures: Vec<String>,
    /// Per rule of `details.rules`: the (file index, line) of every row behind
    /// its value, in reading order.
    pub rows: Vec<Vec<(usize, u64)>>,
}

fn finish(rules: &RuleSet, outcome: &Outcome, r: RuleResult) -> Finished {
    let rule = &rules.rules[r.rule];
    let m = &r.metric;
    let (rows, hits, last_day, contact) = (m.count, m.hits, m.last_day, m.contact);
    let source = m.source.filter(|_| m.count > 0);
    let assessed = r.status != Status::NotAssessed;
    Finished {
        rule: r.rule,
        status: r.status,
        points: r.points(rule),
        value: r.value,
        shown: assessed.then(|| format_value(rules, r.measured_by, r.value)),
        reason: r.reason.map(|why| why.text(rules, outcome, rule, r.value)),
        rows,
        hits,
        last_day: last_day.map(Day::from),
        source,
        contact,
        missing: r.metric.missing,
    }
}

/// The full details of a scored account.
pub fn full(rules: &RuleSet, outcome: &Outcome, scored: Scored) -> Details {
    Details {
        account: scored.account,
        standing: scored.standing(),
        missing: missing(&scored),
        flags: scored.flags,
        actions: scored.actions,
        rules: scored
            .results
            .into_iter()
            .map(|r| finish(rules, outcome, r))
            .collect(),
    }
}

/// The audit trail of a scored account.
pub fn trail(rules: &RuleSet, outcome: &Outcome, scored: Scored) -> Trail {
    let metric_of = |r: &RuleResult| r.measured_by;
    Trail {
        uncapped: scored.uncapped,
        earned: scored.earned,
        assessed_weight: scored.assessed_weight,
        capped_by: scored.capped_by.clone(),
        measures: scored
            .results
            .iter()
            .map(|r| describe::metric(rules, &rules.metrics[metric_of(r)]))
            .collect(),
        rows: scored
            .results
            .iter()
            .map(|r| {
                outcome
                    .trace
                    .iter()
                    .filter(|(m, _, _)| *m == metric_of(r))
                    .map(|&(_, file, line)| (file, line))
                    .collect()
            })
            .collect(),
        details: full(rules, outcome, scored),
    }
}
