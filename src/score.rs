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
    /// Every rule's result, the signals' too, but no worded action items (for
    /// ordering and summaries).
    Score,
    /// Also the worded action items.
    Full,
}

/// What a report keeps of each account once it has scored them all: enough to
/// list the account's flags and actions later while measuring again only the
/// rules it fell short on ([`shortfalls`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    pub score: Option<f64>,
    pub band: Option<usize>,
    pub coverage: f64,
    pub assessed_weight: f64,
}

/// How many `u64` words [`Scored::mark_short`] fills per account (at least one).
pub fn short_words(rules: &RuleSet) -> usize {
    rules.rules.len().div_ceil(64).max(1)
}

fn is_short(short: &[u64], rule: usize) -> bool {
    short[rule / 64] & (1 << (rule % 64)) != 0
}

impl Scored {
    pub fn standing(&self) -> Standing {
        Standing {
            score: self.score,
            band: self.band,
            coverage: self.coverage,
            assessed_weight: self.assessed_weight,
        }
    }

    /// Sets the bit of each rule the account fell short on (its result is
    /// partial or a fail) in `short`, [`short_words`] long.
    pub fn mark_short(&self, short: &mut [u64]) {
        for r in self.results.iter().filter(|r| falls_short(r)) {
            short[r.rule / 64] |= 1 << (r.rule % 64);
        }
    }
}

/// Whether a result costs points or raises an action: assessed, and short of a pass.
fn falls_short(r: &RuleResult) -> bool {
    r.fraction.is_some_and(|f| f < 1.0)
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
    rules::evaluate(rules, outcome, account, false, None, |_| true, &mut results);
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
    let (flags, capped_by) = flag_and_cap(rules, &results, &mut score);
    let score = score.map(|s| (s * 10.0).round() / 10.0);
    let band = score.and_then(|s| rules.band_of(s));
    rules::evaluate(rules, outcome, account, true, band, |_| true, &mut results);
    let actions = match detail {
        Detail::Score => Vec::new(),
        Detail::Full => rules::actions(rules, outcome, account, &results, assessed, as_of_day),
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

/// The flags of the scoring rules an account falls short on, and the rules whose
/// cap lowers its score (`score` is lowered to the cap).
fn flag_and_cap(
    rules: &RuleSet,
    results: &[RuleResult],
    score: &mut Option<f64>,
) -> (Vec<String>, Vec<usize>) {
    let mut flags = Vec::new();
    let mut capped_by = Vec::new();
    for r in results.iter().filter(|r| falls_short(r)) {
        let rule = &rules.rules[r.rule];
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
    (flags, capped_by)
}

/// An account's flags and worded actions.
pub struct Shortfalls {
    pub flags: Vec<String>,
    pub actions: Vec<Action>,
}

/// The flags and actions of an account already scored: only the rules it fell
/// short on (the bits `short` holds, from [`Scored::mark_short`]) are measured
/// again, and they come out as [`score_account`] words them.
pub fn shortfalls(
    rules: &RuleSet,
    outcome: &Outcome,
    account: usize,
    as_of_day: i64,
    standing: &Standing,
    short: &[u64],
) -> Shortfalls {
    let mut results = Vec::with_capacity(rules.rules.len());
    let short = |rule: usize| is_short(short, rule);
    rules::evaluate(rules, outcome, account, false, None, short, &mut results);
    // The standing's score is capped already: only the flags are wanted here.
    let (flags, _) = flag_and_cap(rules, &results, &mut None);
    rules::evaluate(
        rules,
        outcome,
        account,
        true,
        standing.band,
        short,
        &mut results,
    );
    let actions = rules::actions(
        rules,
        outcome,
        account,
        &results,
        standing.assessed_weight,
        as_of_day,
    );
    Shortfalls { flags, actions }
}
