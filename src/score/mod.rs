//! Rule results -> loyalty score, band, coverage, flags and caps; every account
//! scored once in report order ([`rank`]), and its finished details on demand.

mod backtest;
pub mod change;
mod details;
mod portfolio;
mod ranked;

pub use backtest::backtest;
pub use details::{Details, Finished, Trail};
pub use portfolio::{Portfolio, holds, portfolio};
pub use ranked::{Depth, Ranked, rank};

use crate::day::Day;
use crate::metrics::Outcome;
use crate::rules::{self, Action, Reason, RuleResult, Status};
use crate::spec::RuleSet;

/// Whether an account buys from us: customers are scored for loyalty and
/// banded; prospects are scored for engagement only.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    #[default]
    Customer,
    Prospect,
}

impl Segment {
    pub fn name(self) -> &'static str {
        match self {
            Segment::Customer => "customer",
            Segment::Prospect => "prospect",
        }
    }
}

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
    pub segment: Segment,
    /// A customer with a score whose coverage is below `[scoring] min_coverage`:
    /// shown, but given no band.
    pub thin: bool,
    pub flags: Vec<String>,
    /// Rules whose cap lowered the score.
    pub capped_by: Vec<usize>,
    pub results: Vec<RuleResult>,
    pub actions: Vec<Action>,
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
    pub segment: Segment,
    /// Scored on too little evidence to be given a band.
    pub thin: bool,
}

/// How many `u64` words [`standing`] marks per account (at least one).
pub fn short_words(rules: &RuleSet) -> usize {
    rules.rules.len().div_ceil(64).max(1)
}

/// Whether a result costs points or raises an action: assessed, and short of a pass.
fn falls_short(r: &RuleResult) -> bool {
    r.fraction.is_some_and(|f| f < 1.0)
}

/// What scoring works out besides the rules' results.
struct Totals {
    score: Option<f64>,
    uncapped: Option<f64>,
    earned: f64,
    assessed: f64,
    band: Option<usize>,
    coverage: f64,
    segment: Segment,
    thin: bool,
    capped_by: Vec<usize>,
}

/// Evaluates every rule on one account into `results` (the scoring rules, then
/// the signals): points over assessed weight, caps last, then the band (only
/// for a customer assessed on enough of its applicable weight), then the
/// signal rules that depend on it. Uninformative rules are left out.
fn score_into(
    rules: &RuleSet,
    portfolio: &Portfolio,
    outcome: &Outcome,
    account: usize,
    results: &mut Vec<RuleResult>,
) -> Totals {
    let curves = &portfolio.curves;
    rules::evaluate(
        rules,
        curves,
        outcome,
        account,
        false,
        None,
        |_| true,
        results,
    );
    mute(portfolio, results);
    let mut assessed = 0.0;
    let mut applicable = 0.0;
    let mut earned = 0.0;
    for r in results.iter() {
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
    let mut capped_by = Vec::new();
    // A cap puts the score into its band's range, mapped rather than cut, so
    // capped accounts keep their order among themselves.
    let mut cap: Option<usize> = None;
    for r in results.iter().filter(|r| falls_short(r)) {
        if let Some(band) = rules.rules[r.rule].cap_band {
            cap = Some(cap.map_or(band, |c| c.max(band)));
            capped_by.push(r.rule);
        }
    }
    if let (Some(band), Some(s)) = (cap, score.as_mut()) {
        let (floor, ceiling) = (rules.bands[band].min.max(0.0), rules.band_ceiling(band));
        *s = floor + (ceiling - floor) * (*s / 100.0).clamp(0.0, 1.0);
    }
    let score = score.map(|s| (s * 10.0).round() / 10.0);
    let coverage = if applicable > 0.0 {
        assessed / applicable
    } else {
        0.0
    };
    let segment = match rules.scoring.customer_fact {
        Some(fact) if !holds(rules, outcome, fact, account) => Segment::Prospect,
        _ => Segment::Customer,
    };
    let thin = score.is_some() && coverage < rules.scoring.min_coverage;
    let band = score
        .filter(|_| segment == Segment::Customer && !thin)
        .and_then(|s| rules.band_of(s));
    rules::evaluate(
        rules,
        curves,
        outcome,
        account,
        true,
        band,
        |_| true,
        results,
    );
    mute(portfolio, results);
    Totals {
        score,
        uncapped,
        earned,
        assessed,
        band,
        coverage,
        segment,
        thin,
        capped_by,
    }
}

/// Takes the uninformative rules' results out of the score, the coverage and
/// the actions: not assessed, with the reason.
fn mute(portfolio: &Portfolio, results: &mut [RuleResult]) {
    for r in results
        .iter_mut()
        .filter(|r| portfolio.uninformative[r.rule])
    {
        r.status = Status::NotAssessed;
        r.fraction = None;
        r.applies = false;
        r.reason = Some(Reason::Uninformative);
    }
}

/// The flags of the scoring rules an account falls short on, in rule order.
fn flags(rules: &RuleSet, results: &[RuleResult]) -> Vec<String> {
    let mut flags: Vec<String> = Vec::new();
    for r in results.iter().filter(|r| falls_short(r)) {
        let rule = &rules.rules[r.rule];
        if let Some(flag) = &rule.flag
            && rule.weight.is_some()
            && !flags.contains(flag)
        {
            flags.push(flag.clone());
        }
    }
    flags
}

/// Scores one account, with every rule's result and the worded action items.
pub fn score_account(
    rules: &RuleSet,
    portfolio: &Portfolio,
    outcome: &Outcome,
    account: usize,
    as_of: Day,
) -> Scored {
    let mut results = Vec::with_capacity(rules.rules.len());
    let t = score_into(rules, portfolio, outcome, account, &mut results);
    let actions = rules::actions(rules, outcome, account, &results, t.assessed, as_of);
    Scored {
        account,
        score: t.score,
        uncapped: t.uncapped,
        earned: t.earned,
        assessed_weight: t.assessed,
        band: t.band,
        coverage: t.coverage,
        segment: t.segment,
        thin: t.thin,
        flags: flags(rules, &results),
        capped_by: t.capped_by,
        results,
        actions,
    }
}

impl Scored {
    pub fn standing(&self) -> Standing {
        Standing {
            score: self.score,
            band: self.band,
            coverage: self.coverage,
            assessed_weight: self.assessed_weight,
            segment: self.segment,
            thin: self.thin,
        }
    }
}

/// Scores one account for the report's order: its standing, and in `short`
/// ([`short_words`] long, all clear) a bit set for each rule it fell short on,
/// for [`shortfalls`]. `results` is scratch space, so scoring many accounts
/// allocates once.
pub fn standing(
    rules: &RuleSet,
    portfolio: &Portfolio,
    outcome: &Outcome,
    account: usize,
    results: &mut Vec<RuleResult>,
    short: &mut [u64],
) -> Standing {
    results.clear();
    let t = score_into(rules, portfolio, outcome, account, results);
    for r in results.iter().filter(|r| falls_short(r)) {
        short[r.rule / 64] |= 1 << (r.rule % 64);
    }
    Standing {
        score: t.score,
        band: t.band,
        coverage: t.coverage,
        assessed_weight: t.assessed,
        segment: t.segment,
        thin: t.thin,
    }
}

/// An account's flags and worded actions.
pub struct Shortfalls {
    pub flags: Vec<String>,
    pub actions: Vec<Action>,
}

/// The flags and actions of an account already scored: only the rules it fell
/// short on (the bits `short` holds, from [`standing`]) are measured again, and
/// they come out as [`score_account`] words them. `results` is scratch space.
#[allow(clippy::too_many_arguments)]
pub fn shortfalls(
    rules: &RuleSet,
    portfolio: &Portfolio,
    outcome: &Outcome,
    account: usize,
    as_of: Day,
    standing: &Standing,
    short: &[u64],
    results: &mut Vec<RuleResult>,
) -> Shortfalls {
    results.clear();
    let short = |rule: usize| short[rule / 64] & (1 << (rule % 64)) != 0;
    let curves = &portfolio.curves;
    rules::evaluate(rules, curves, outcome, account, false, None, short, results);
    rules::evaluate(
        rules,
        curves,
        outcome,
        account,
        true,
        standing.band,
        short,
        results,
    );
    mute(portfolio, results);
    Shortfalls {
        flags: flags(rules, results),
        actions: rules::actions(
            rules,
            outcome,
            account,
            results,
            standing.assessed_weight,
            as_of,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::Segment;

    #[test]
    fn segments_are_named_as_reports_write_them() {
        for s in [Segment::Customer, Segment::Prospect] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        assert_eq!(Segment::Prospect.name(), "prospect");
    }
}
