//! Rule results -> loyalty score, band, coverage, flags and caps.

use crate::config::RuleSet;
use crate::metrics::Outcome;
use crate::rules::{self, Action, RuleResult};

/// One account, scored.
#[derive(Debug, Clone)]
pub struct Scored {
    pub account: usize,
    /// 0-100 with one decimal; None when no rule could be assessed.
    pub score: Option<f64>,
    /// The score before caps.
    pub uncapped: Option<f64>,
    /// Points earned and the weight they were earned over.
    pub earned: f64,
    pub assessed_weight: f64,
    pub band: Option<usize>,
    /// Share of the applicable weight that was assessed (0-1).
    pub coverage: f64,
    pub flags: Vec<String>,
    /// Rules whose cap lowered the score.
    pub capped_by: Vec<usize>,
    pub results: Vec<RuleResult>,
    pub actions: Vec<Action>,
}

/// What to work out beyond the score and band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Score, band and coverage only (for ordering and summaries).
    Score,
    /// Also the signal rules and the worded action items.
    Full,
}

/// Scores one account: points over assessed weight, caps last, then the band,
/// then the signal rules that depend on it.
pub fn score_account(
    rules: &RuleSet,
    outcome: &Outcome,
    account: usize,
    as_of_day: i64,
    detail: Detail,
) -> Scored {
    let mut results = Vec::with_capacity(rules.rules.len());
    rules::evaluate(rules, outcome, account, false, None, &mut results);
    let mut assessed = 0.0;
    let mut applicable = 0.0;
    let mut earned = 0.0;
    for r in &results {
        let rule = &rules.rules[r.rule];
        let weight = rule.weight.unwrap_or(0.0);
        if r.applies {
            applicable += weight;
        }
        if let Some(points) = r.points(rule) {
            assessed += weight;
            earned += points;
        }
    }
    let mut score = (assessed > 0.0).then(|| 100.0 * earned / assessed);
    let uncapped = score.map(|s| (s * 10.0).round() / 10.0);
    let mut flags = Vec::new();
    let mut capped_by = Vec::new();
    for r in &results {
        let rule = &rules.rules[r.rule];
        if r.fraction.is_none_or(|f| f >= 1.0) {
            continue;
        }
        if let Some(flag) = &rule.flag
            && !flags.contains(flag)
        {
            flags.push(flag.clone());
        }
        if let (Some(band), Some(s)) = (rule.cap_band, score.as_mut()) {
            let ceiling = rules.band_ceiling(band);
            if *s > ceiling {
                *s = ceiling;
                capped_by.push(r.rule);
            }
        }
    }
    let score = score.map(|s| (s * 10.0).round() / 10.0);
    let band = score.and_then(|s| rules.band_of(s));
    let actions = match detail {
        Detail::Score => Vec::new(),
        Detail::Full => {
            rules::evaluate(rules, outcome, account, true, band, &mut results);
            rules::actions(rules, outcome, account, &results, assessed, as_of_day)
        }
    };
    Scored {
        account,
        score,
        uncapped,
        earned,
        assessed_weight: assessed,
        band,
        coverage: if applicable > 0.0 {
            assessed / applicable
        } else {
            0.0
        },
        flags,
        capped_by,
        results,
        actions,
    }
}
