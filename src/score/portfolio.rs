//! What scoring learns from the whole export before it scores any account:
//! where each relative curve lies (the export's own percentiles of the metric)
//! and which rules give (nearly) every account the same result.

use crate::metrics::Outcome;
use crate::rules::{self, RuleResult};
use crate::spec::{Curve, RuleSet};

/// The export-wide facts scoring runs on, worked out once from the finished
/// metric values of all accounts.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// Per rule: its curve, placed on this export when it is relative.
    pub curves: Vec<Curve>,
    /// Per rule: whether it is uninformative on this export (left out of scores
    /// and actions).
    pub uninformative: Vec<bool>,
}

pub use crate::rules::holds;

/// Places the relative curves and finds the uninformative rules.
pub fn portfolio(rules: &RuleSet, outcome: &Outcome) -> Portfolio {
    let accounts = outcome.accounts.len();
    let curves = rules
        .rules
        .iter()
        .map(|rule| {
            let metric = rule.measured_by(&outcome.assessable);
            if rule.curve.relative.is_none() || outcome.assessable[metric].is_err() {
                // A count or sum over more days than the export covers asks for
                // the part of its thresholds the covered days make.
                return match rules::history::cover(rules, outcome, metric).share() {
                    Some(share) => rule.curve.scaled(share),
                    None => rule.curve,
                };
            }
            let mut values: Vec<f64> = (0..accounts)
                .filter(|&a| rule.applies_to.is_none_or(|f| holds(rules, outcome, f, a)))
                .filter_map(|a| outcome.metric(metric, a).value)
                .filter(|v| !v.is_nan())
                .collect();
            values.sort_by(f64::total_cmp);
            rule.curve.placed(&values)
        })
        .collect::<Vec<_>>();
    let uninformative = uninformative(rules, &curves, outcome);
    Portfolio {
        curves,
        uninformative,
    }
}

/// Per rule: whether at least `uninformative_share` of the accounts it assessed
/// (and at least `uninformative_min_accounts` of them) got the same share of its
/// weight. A rule that caps the score is a test, not a grade, and is never
/// called uninformative: most accounts are meant to pass it.
fn uninformative(rules: &RuleSet, curves: &[Curve], outcome: &Outcome) -> Vec<bool> {
    let scoring = &rules.scoring;
    // Per rule: the results it gave, in hundredths of its weight.
    let mut seen: Vec<Vec<u32>> = vec![vec![0; 101]; rules.rules.len()];
    let mut results: Vec<RuleResult> = Vec::with_capacity(rules.rules.len());
    for a in 0..outcome.accounts.len() {
        results.clear();
        rules::evaluate(
            rules,
            curves,
            outcome,
            a,
            false,
            None,
            |_| true,
            &mut results,
        );
        for r in &results {
            if let Some(f) = r.fraction {
                seen[r.rule][(f.clamp(0.0, 1.0) * 100.0).round() as usize] += 1;
            }
        }
    }
    rules
        .rules
        .iter()
        .zip(&seen)
        .map(|(rule, counts)| {
            let assessed: u32 = counts.iter().sum();
            let most = counts.iter().copied().max().unwrap_or(0);
            rule.weight.is_some()
                && rule.cap_band.is_none()
                && assessed > 0
                && assessed as usize >= scoring.uninformative_min_accounts
                && f64::from(most) >= scoring.uninformative_share * f64::from(assessed)
        })
        .collect()
}

impl Portfolio {
    /// The ids of the uninformative rules, in rule order.
    pub fn uninformative_ids<'r>(&self, rules: &'r RuleSet) -> Vec<&'r str> {
        rules
            .rules
            .iter()
            .zip(&self.uninformative)
            .filter(|(_, u)| **u)
            .map(|(r, _)| r.id.as_str())
            .collect()
    }
}
