//! Rule evaluation: a metric value through a rule's curve into points, a status
//! and, where the rule falls short, an action item worded from its template.

pub mod describe;
pub mod history;

use std::fmt::Write;

use crate::day::Day;
use crate::metrics::{MetricValue, NO_CONTACT, Outcome};
use crate::spec::{
    ContactPick, Curve, FactId, IfNone, MetricId, Piece, Rule, RuleSet, Template, Urgency, Var,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Partial,
    Fail,
    NotAssessed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::NotAssessed => "not-assessed",
        }
    }
}

/// One rule's verdict on one account.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// Index into the rule set's rules.
    pub rule: usize,
    pub status: Status,
    /// Share of the weight earned, when assessed.
    pub fraction: Option<f64>,
    pub value: Option<f64>,
    /// The metric the value is of: the rule's own, or the fallback the export
    /// could assess ([`Rule::measured_by`]).
    pub measured_by: MetricId,
    pub metric: MetricValue,
    /// Why the rule was not assessed, or how an account with nothing to measure
    /// was judged.
    pub reason: Option<Reason>,
    /// Whether the rule's weight counts in the coverage denominator (false when the
    /// rule does not apply to this account).
    pub applies: bool,
}

impl RuleResult {
    pub fn points(&self, rule: &Rule) -> Option<f64> {
        Some(rule.weight? * self.fraction?)
    }
}

/// Why an uninformative rule is left out, as reports word it.
pub const UNINFORMATIVE: &str =
    "uninformative on this export: (nearly) every account gets the same result";

/// Why a rule was not assessed on an account, or how it judged an account with
/// nothing to measure. Only worded ([`Reason::text`]) when a report shows it, so
/// scoring an account allocates no text for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The export lacks the data of the rule's metric.
    Unavailable,
    /// The account is not of the kind the rule's `applies_to` names.
    OtherKind,
    /// The rule only applies to accounts in some bands.
    OtherBand,
    /// No rows to measure: the rule's `if_none` decided.
    NothingToMeasure,
    /// The rule gives (nearly) every account the same result on this export.
    Uninformative,
    /// The export covers fewer days of the metric's table than
    /// `[scoring] min_history_days`.
    ShortHistory,
    /// Judged over the part of its window the export covers.
    PartHistory,
}

impl Reason {
    /// The reason as a report shows it; `value` is the result's.
    pub fn text(
        self,
        rules: &RuleSet,
        outcome: &Outcome,
        rule: &Rule,
        value: Option<f64>,
    ) -> String {
        let metric = rule.measured_by(&outcome.assessable);
        match self {
            Reason::ShortHistory | Reason::PartHistory => {
                match history::cover(rules, outcome, metric) {
                    cover @ history::Cover::Short { .. } => cover.text(),
                    history::Cover::Part { days, window } => {
                        let curve = &rule.curve;
                        let mut text = String::new();
                        write_value(&mut text, rules, metric, value);
                        let _ = write!(
                            text,
                            " in the {days} days the export covers; the rule asks for {}",
                            match curve.better {
                                crate::spec::Better::Higher => "",
                                crate::spec::Better::Lower => "at most ",
                            }
                        );
                        write_value(&mut text, rules, metric, Some(curve.full));
                        let _ = write!(text, " in {window}");
                        text
                    }
                    history::Cover::Whole => String::new(),
                }
            }
            Reason::Unavailable => outcome.assessable[rule.metric]
                .clone()
                .err()
                .unwrap_or_default(),
            Reason::OtherKind => match rule.applies_to {
                Some(fact) => format!("does not apply: not {}", rules.facts[fact].name),
                None => String::new(),
            },
            Reason::OtherBand => {
                let names: Vec<&str> = rule
                    .when_band
                    .iter()
                    .map(|&b| rules.bands[b].name.as_str())
                    .collect();
                format!("does not apply: only for {} accounts", names.join(" or "))
            }
            Reason::NothingToMeasure => match rule.if_none {
                IfNone::Pass => "nothing to measure for this account: passes",
                IfNone::Fail => "nothing to measure for this account: fails",
                IfNone::NotAssessed => "no rows to measure for this account",
                IfNone::Skip => "does not apply: no rows to measure for this account",
            }
            .to_string(),
            Reason::Uninformative => UNINFORMATIVE.to_string(),
        }
    }
}

/// Whether `fact` holds for the account, over the values of its metrics (a
/// metric the export cannot assess has none).
pub fn holds(rules: &RuleSet, outcome: &Outcome, fact: FactId, account: usize) -> bool {
    let value = |m: MetricId| {
        outcome.assessable[m]
            .is_ok()
            .then(|| outcome.metric(m, account).value)
            .flatten()
    };
    rules.facts[fact].holds_when.holds(&value)
}

/// Evaluates on one account every enabled rule that scores or, with `signals`,
/// every signal (signals wait for the band), of those `wanted` accepts (given
/// the rule's index), adding the results to `out`. `curves` holds each rule's
/// curve as placed for this export.
#[allow(clippy::too_many_arguments)]
pub fn evaluate(
    rules: &RuleSet,
    curves: &[Curve],
    outcome: &Outcome,
    account: usize,
    signals: bool,
    band: Option<usize>,
    wanted: impl Fn(usize) -> bool,
    out: &mut Vec<RuleResult>,
) {
    for (i, rule) in rules.rules.iter().enumerate() {
        if !rule.enabled || rule.weight.is_none() != signals || !wanted(i) {
            continue;
        }
        out.push(evaluate_rule(rules, &curves[i], outcome, account, i, band));
    }
}

fn evaluate_rule(
    rules: &RuleSet,
    curve: &Curve,
    outcome: &Outcome,
    account: usize,
    index: usize,
    band: Option<usize>,
) -> RuleResult {
    let rule = &rules.rules[index];
    let measured_by = rule.measured_by(&outcome.assessable);
    let not_assessed = |reason: Reason, applies: bool, metric: MetricValue| RuleResult {
        rule: index,
        status: Status::NotAssessed,
        fraction: None,
        value: metric.value,
        measured_by,
        metric,
        reason: Some(reason),
        applies,
    };
    if outcome.assessable[measured_by].is_err() {
        return not_assessed(Reason::Unavailable, true, MetricValue::default());
    }
    if let Some(fact) = rule.applies_to
        && !holds(rules, outcome, fact, account)
    {
        return not_assessed(Reason::OtherKind, false, MetricValue::default());
    }
    if !rule.when_band.is_empty() && !band.is_some_and(|b| rule.when_band.contains(&b)) {
        return not_assessed(Reason::OtherBand, false, MetricValue::default());
    }
    let cover = history::cover(rules, outcome, measured_by);
    if let history::Cover::Short { .. } = cover {
        return not_assessed(Reason::ShortHistory, true, MetricValue::default());
    }
    let metric = outcome.metric(measured_by, account);
    let mut reason = match cover {
        history::Cover::Part { .. } => Some(Reason::PartHistory),
        history::Cover::Whole | history::Cover::Short { .. } => None,
    };
    let fraction = match (metric.value, rule.if_none) {
        (Some(v), _) => curve.fraction(v),
        (None, IfNone::Pass) => {
            reason = Some(Reason::NothingToMeasure);
            1.0
        }
        (None, IfNone::Fail) => {
            reason = Some(Reason::NothingToMeasure);
            0.0
        }
        (None, IfNone::NotAssessed) => {
            return not_assessed(Reason::NothingToMeasure, true, metric);
        }
        (None, IfNone::Skip) => {
            return not_assessed(Reason::NothingToMeasure, false, metric);
        }
    };
    let status = if fraction >= 1.0 {
        Status::Pass
    } else if fraction <= 0.0 {
        Status::Fail
    } else {
        Status::Partial
    };
    RuleResult {
        rule: index,
        status,
        fraction: Some(fraction),
        value: metric.value,
        measured_by,
        metric,
        reason,
        applies: true,
    }
}

/// How urgent an action is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub fn name(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }
}

/// One action item: a call or task for one person, about one or more topics.
#[derive(Debug, Clone)]
pub struct Action {
    /// The rule of the most urgent topic.
    pub rule: usize,
    pub priority: Priority,
    pub urgency: Urgency,
    /// When the most urgent topic falls due.
    pub due_day: Day,
    pub contact: Option<u32>,
    /// The most urgent topic's text.
    pub text: String,
    /// Points of the 0-100 score the shortfall costs (0 for signals).
    pub impact: f64,
    pub capped: bool,
    /// The other topics for the same person, most urgent first: one call, not several.
    pub also: Vec<Topic>,
}

/// A further topic of an action, raised by another rule for the same person.
#[derive(Debug, Clone)]
pub struct Topic {
    pub rule: usize,
    pub due_day: Day,
    pub text: String,
}

/// Builds the account's action items, most urgent first. A rule raises one when
/// it loses at least its `min_shortfall` of its weight (a rule that caps the
/// score always does); they are ordered by urgency, then caps, then signals,
/// then by the points the shortfall costs; and the topics for one person are
/// merged into one action, at the place of the most urgent.
pub fn actions(
    rules: &RuleSet,
    outcome: &Outcome,
    account: usize,
    results: &[RuleResult],
    assessed_weight: f64,
    as_of: Day,
) -> Vec<Action> {
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        let Some(fraction) = r.fraction else { continue };
        if fraction >= 1.0 {
            continue;
        }
        let rule = &rules.rules[r.rule];
        let capped = rule.cap_band.is_some();
        let threshold = rule.min_shortfall.unwrap_or(rules.actions.min_shortfall);
        // A small tolerance, so a threshold of 0.2 keeps a shortfall of exactly 0.2.
        if !capped && 1.0 - fraction < threshold - 1e-9 {
            continue;
        }
        let impact = match rule.weight {
            Some(w) if assessed_weight > 0.0 => 100.0 * w * (1.0 - fraction) / assessed_weight,
            _ => 0.0,
        };
        let priority = if capped || rule.urgency == Urgency::Now || impact >= 5.0 {
            Priority::High
        } else if impact >= 2.0 {
            Priority::Medium
        } else {
            Priority::Low
        };
        let due_day = as_of.plus(rule.due_days);
        let contact = pick_contact(rules, outcome, account, rule, &r.metric);
        let text = render(rules, outcome, account, rule, r, contact, due_day);
        out.push(Action {
            rule: r.rule,
            priority,
            urgency: rule.urgency,
            due_day,
            contact,
            text,
            impact,
            capped,
            also: Vec::new(),
        });
    }
    let signal = |a: &Action| rules.rules[a.rule].weight.is_none();
    out.sort_by(|a, b| {
        a.urgency
            .cmp(&b.urgency)
            .then(b.capped.cmp(&a.capped))
            .then(signal(b).cmp(&signal(a)))
            .then(b.impact.total_cmp(&a.impact))
            .then(a.rule.cmp(&b.rule))
    });
    merge_by_contact(out, rules.actions.per_call)
}

/// Folds every action for a person already named by a more urgent one into
/// that one, as a further topic, while it has fewer than `per_call` topics.
fn merge_by_contact(ordered: Vec<Action>, per_call: usize) -> Vec<Action> {
    let mut merged: Vec<Action> = Vec::with_capacity(ordered.len());
    for a in ordered {
        let lead = a.contact.and_then(|c| {
            merged
                .iter_mut()
                .find(|m| m.contact == Some(c) && 1 + m.also.len() < per_call)
        });
        match lead {
            Some(lead) => {
                lead.priority = lead.priority.min(a.priority);
                lead.also.push(Topic {
                    rule: a.rule,
                    due_day: a.due_day,
                    text: a.text,
                });
            }
            None => merged.push(a),
        }
    }
    merged
}

fn pick_contact(
    rules: &RuleSet,
    outcome: &Outcome,
    account: usize,
    rule: &Rule,
    m: &MetricValue,
) -> Option<u32> {
    let acc = &outcome.accounts[account];
    let some = |c: u32| (c != NO_CONTACT).then_some(c);
    let fallback = || {
        some(acc.last_contact)
            .or_else(|| acc.role_contacts.iter().copied().find_map(some))
            .or(some(acc.first_contact))
    };
    match &rule.contact {
        ContactPick::Evidence => m.contact.or_else(fallback),
        ContactPick::Primary => fallback(),
        ContactPick::Role(r) => some(acc.role_contacts[*r]).or_else(fallback),
        ContactPick::Missing => {
            let role = m.missing.first().and_then(|name| {
                rules
                    .roles
                    .iter()
                    .position(|r| r.name.eq_ignore_ascii_case(name))
            });
            // Nobody holds the missing role: the person last in touch can introduce them.
            role.and_then(|r| some(acc.role_contacts[r]))
                .or_else(fallback)
        }
    }
}

/// A value of `metric` as a person reads it: `45 days`, `60%`, `3`.
pub fn format_value(rules: &RuleSet, metric: MetricId, value: Option<f64>) -> String {
    let mut out = String::new();
    write_value(&mut out, rules, metric, value);
    out
}

/// [`format_value`], added to `out`.
fn write_value(out: &mut String, rules: &RuleSet, metric: MetricId, value: Option<f64>) {
    let Some(v) = value else {
        out.push_str("none");
        return;
    };
    rules.metrics[metric].aggregate.write_value(out, v);
}

fn render(
    rules: &RuleSet,
    outcome: &Outcome,
    account: usize,
    rule: &Rule,
    r: &RuleResult,
    contact: Option<u32>,
    due_day: Day,
) -> String {
    let acc = &outcome.accounts[account];
    let m = &r.metric;
    let template = match (&rule.action_if_none, r.value) {
        (Some(t), None) => t,
        _ => &rule.action,
    };
    let day = |s: &mut String, day: Option<Day>| match day {
        Some(d) => {
            let _ = write!(s, "{d}");
            true
        }
        None => false,
    };
    fill(template, |v, s| match v {
        Var::Account => {
            s.push_str(&acc.name);
            true
        }
        Var::Contact => match contact {
            Some(c) => {
                s.push_str(outcome.contacts.name(c));
                true
            }
            None => false,
        },
        Var::Value => {
            if r.value.is_some() {
                write_value(s, rules, r.measured_by, r.value);
            }
            r.value.is_some()
        }
        Var::Count => {
            let _ = write!(s, "{}", m.count);
            true
        }
        Var::Hits => {
            let _ = write!(s, "{}", m.hits);
            true
        }
        Var::Misses => {
            let _ = write!(s, "{}", m.count.saturating_sub(m.hits));
            true
        }
        Var::LastDate => day(s, m.last_day.map(Day::from)),
        Var::FirstDate => day(s, m.first_day.map(Day::from)),
        Var::Missing => {
            for (i, name) in m.missing.iter().enumerate() {
                if i > 0 {
                    s.push_str(" and ");
                }
                s.push_str(name);
            }
            !m.missing.is_empty()
        }
        Var::Window => {
            match rules.metrics[r.measured_by].window_days {
                Some(d) => {
                    let _ = write!(s, "{d} days");
                }
                None => s.push_str("all time"),
            }
            true
        }
        Var::Due => day(s, Some(due_day)),
    })
}

/// The words a variable stands for when the result has no value for it and the
/// template gives none (`{contact|...}`): a phrase that still reads as a
/// sentence, never an empty gap.
pub fn missing_words(v: Var) -> &'static str {
    match v {
        Var::Contact => "the account's main contact",
        Var::LastDate | Var::FirstDate | Var::Due => "never",
        Var::Value => "none",
        Var::Missing => "key people",
        Var::Window => "all time",
        Var::Account | Var::Count | Var::Hits | Var::Misses => "",
    }
}

/// Fills an action template. `word` writes a variable's value to the text and
/// says whether there was one; without one, the template's own words for the
/// missing case (`{contact|the buyer}`) or [`missing_words`] stand in.
pub fn fill(template: &Template, mut word: impl FnMut(Var, &mut String) -> bool) -> String {
    // Room for the template's text and a short value per variable, so the text
    // is seldom allocated twice.
    let room = template
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.len(),
            Piece::Var(_) | Piece::VarOr(..) => 24,
        })
        .sum();
    let mut s = String::with_capacity(room);
    // What the variable just written was: a number (and whether it was 1), or a
    // name ending in `s`.
    let mut count: Option<bool> = None;
    let mut ends_in_s = false;
    for piece in &template.pieces {
        let start = s.len();
        match piece {
            // "Copperleaf Bakery Co." followed by "." would read "Co..".
            Piece::Text(t) if s.ends_with('.') && t.starts_with('.') => s.push_str(&t[1..]),
            // "Granger Civil Surveyors" takes an apostrophe alone.
            Piece::Text(t) if ends_in_s && t.starts_with("'s") => {
                s.push('\'');
                s.push_str(&t[2..]);
            }
            Piece::Text(t) => match count {
                Some(one) => agree(t, one, &mut s),
                None => s.push_str(t),
            },
            Piece::Var(v) => {
                if !word(*v, &mut s) {
                    s.push_str(missing_words(*v));
                }
            }
            Piece::VarOr(v, words) => {
                if !word(*v, &mut s) {
                    s.push_str(words);
                }
            }
        }
        let written = &s[start..];
        (count, ends_in_s) = match piece {
            Piece::Text(_) => (None, false),
            Piece::Var(_) | Piece::VarOr(..) => (
                written.parse::<f64>().ok().map(|n| n == 1.0),
                written.ends_with('s'),
            ),
        };
    }
    s
}

/// Writes text that follows a count, its first `noun(s)` agreeing with the
/// count: `{hits} deal(s)` reads "1 deal" and "3 deals"; `person(s)`, "people".
fn agree(text: &str, one: bool, out: &mut String) {
    let Some(at) = text.find("(s)") else {
        out.push_str(text);
        return;
    };
    let stem_start = text[..at]
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + 1);
    let stem = &text[stem_start..at];
    out.push_str(&text[..stem_start]);
    match (one, stem) {
        (true, _) => out.push_str(stem),
        (false, "person") => out.push_str("people"),
        (false, _) => {
            out.push_str(stem);
            out.push('s');
        }
    }
    out.push_str(&text[at + 3..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(rule: usize, contact: Option<u32>) -> Action {
        Action {
            rule,
            priority: Priority::Low,
            urgency: Urgency::ThisMonth,
            due_day: Day::from_number(rule as i64),
            contact,
            text: format!("topic {rule}"),
            impact: 0.0,
            capped: false,
            also: Vec::new(),
        }
    }

    #[test]
    fn one_person_gets_one_call_until_it_is_full() {
        let mut ordered = vec![
            action(0, Some(7)),
            action(1, Some(8)),
            action(2, Some(7)),
            action(3, None),
            action(4, None),
            action(5, Some(7)),
            action(6, Some(7)),
        ];
        ordered[2].priority = Priority::High;
        let merged = merge_by_contact(ordered, 3);
        let shape: Vec<(usize, Vec<usize>)> = merged
            .iter()
            .map(|a| (a.rule, a.also.iter().map(|t| t.rule).collect()))
            .collect();
        // Nobody on file is never merged; the fourth topic for 7 starts a call.
        assert_eq!(
            shape,
            [
                (0, vec![2, 5]),
                (1, vec![]),
                (3, vec![]),
                (4, vec![]),
                (6, vec![])
            ]
        );
        assert_eq!(
            merged[0].priority,
            Priority::High,
            "the highest of its topics"
        );
        assert_eq!(merged[0].due_day, Day::from_number(0), "the lead's due day");
        assert_eq!(merged[0].also[0].due_day, Day::from_number(2));
        assert_eq!(merged[0].also[0].text, "topic 2");
    }

    fn filled(template: &str, count: &str, account: &str) -> String {
        let t = crate::config::parse_template(template).unwrap();
        fill(&t, |v, s| match v {
            Var::Count => {
                s.push_str(count);
                true
            }
            Var::Account => {
                s.push_str(account);
                true
            }
            _ => false,
        })
    }

    #[test]
    fn a_noun_after_a_count_agrees_with_it() {
        let t = "{count} deal(s) at {account}.";
        assert_eq!(filled(t, "1", "Acme"), "1 deal at Acme.");
        assert_eq!(filled(t, "0", "Acme"), "0 deals at Acme.");
        assert_eq!(filled(t, "3", "Acme"), "3 deals at Acme.");
        assert_eq!(filled(t, "1.5", "Acme"), "1.5 deals at Acme.");
        let t = "only {count} person(s) there";
        assert_eq!(filled(t, "1", ""), "only 1 person there");
        assert_eq!(filled(t, "2", ""), "only 2 people there");
        assert_eq!(
            filled("the {count} overdue task(s) (s)", "1", ""),
            "the 1 overdue task (s)",
            "only the first noun"
        );
        assert_eq!(
            filled("{account} has task(s)", "1", "x"),
            "x has task(s)",
            "a name is no count"
        );
        assert_eq!(filled("{count}(s)", "2", ""), "2s");
        assert_eq!(
            filled("{count} cases", "1", ""),
            "1 cases",
            "no (s), no change"
        );
        assert_eq!(filled("deal(s) {count}", "1", ""), "deal(s) 1");
    }

    #[test]
    fn a_variable_without_a_value_reads_as_its_words() {
        assert_eq!(
            filled("Call {contact|the buyer}.", "1", "x"),
            "Call the buyer."
        );
        assert_eq!(
            filled("Call {contact} at {account}", "1", "x"),
            "Call the account's main contact at x"
        );
        assert_eq!(filled("{account|somebody}", "1", "x"), "x");
    }

    #[test]
    fn a_name_ending_in_s_takes_an_apostrophe_alone() {
        let t = "{account}'s cases";
        assert_eq!(
            filled(t, "", "Granger Surveyors"),
            "Granger Surveyors' cases"
        );
        assert_eq!(filled(t, "", "Acme Co"), "Acme Co's cases");
        assert_eq!(filled("Fix {account}.", "", "Bakery Co."), "Fix Bakery Co.");
        assert_eq!(filled("x's {account}'s", "", "s"), "x's s'");
    }

    #[test]
    fn statuses_and_priorities_are_named_as_reports_write_them() {
        for s in [
            Status::Pass,
            Status::Partial,
            Status::Fail,
            Status::NotAssessed,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        assert_eq!(Status::NotAssessed.name(), "not-assessed");
        for p in [Priority::High, Priority::Medium, Priority::Low] {
            assert_eq!(serde_json::to_value(p).unwrap(), p.name());
        }
        assert_eq!(Priority::Medium.name(), "medium");
    }
}
