//! Rules in words: what a metric measures, what a curve pays, what data a rule
//! needs. Used by `rapport rules [ID]` and `rapport explain`.

use crate::model::{Derivation, Table};
use crate::primitive::Words;
use crate::spec::{Better, Duration, DurationEnd, Filter, FilterOp, IfNone, Metric, Rule, RuleSet};

use serde::Serialize;

#[derive(Serialize)]
pub struct RuleLine<'a> {
    pub id: &'a str,
    pub element: &'a str,
    pub title: &'a str,
    pub weight: Option<f64>,
    pub better: &'static str,
    pub full: f64,
    pub zero: f64,
    pub enabled: bool,
}

#[derive(Serialize)]
pub struct RuleDoc<'a> {
    pub id: &'a str,
    pub element: &'a str,
    pub title: &'a str,
    pub why: &'a str,
    pub weight: Option<f64>,
    pub enabled: bool,
    pub measures: String,
    pub curve: String,
    pub if_none: &'static str,
    pub applies_to: Option<&'a str>,
    pub caps_into: Option<&'a str>,
    pub flag: Option<&'a str>,
    pub due_days: i64,
    /// `now`, `soon` or `this-month`.
    pub urgency: &'static str,
    /// The share of the weight lost before the rule raises an action.
    pub min_shortfall: f64,
    pub action: &'a str,
    pub needs: Vec<String>,
    pub example: Vec<(f64, f64)>,
}

/// One line of `rapport rules` per rule.
pub fn lines(rules: &RuleSet) -> Vec<RuleLine<'_>> {
    rules
        .rules
        .iter()
        .map(|r| RuleLine {
            id: &r.id,
            element: &r.element,
            title: &r.title,
            weight: r.weight,
            better: better(r),
            full: r.curve.full,
            zero: r.curve.zero,
            enabled: r.enabled,
        })
        .collect()
}

/// What a rule measures, in words: its metric, then each fallback the rule is
/// measured by when the export cannot assess the ones before.
pub fn measures(rules: &RuleSet, rule: &Rule) -> String {
    let mut out = metric(rules, &rules.metrics[rule.metric]);
    for &m in &rule.fallback {
        out.push_str("; when the export cannot assess that, ");
        out.push_str(&metric(rules, &rules.metrics[m]));
    }
    out
}

/// Everything `rapport rules ID` says of one rule.
pub fn document<'a>(rules: &'a RuleSet, rule: &'a Rule) -> RuleDoc<'a> {
    RuleDoc {
        id: &rule.id,
        element: &rule.element,
        title: &rule.title,
        why: &rule.why,
        weight: rule.weight,
        enabled: rule.enabled,
        measures: measures(rules, rule),
        curve: curve(rule),
        if_none: if_none(rule),
        applies_to: rule.applies_to.map(|f| rules.facts[f].name.as_str()),
        caps_into: rule.cap_band.map(|b| rules.bands[b].name.as_str()),
        flag: rule.flag.as_deref(),
        due_days: rule.due_days,
        urgency: rule.urgency.name(),
        min_shortfall: rule.min_shortfall.unwrap_or(rules.actions.min_shortfall),
        action: &rule.action.source,
        needs: data_needed(rules, rule),
        example: example(rule),
    }
}

fn better(rule: &Rule) -> &'static str {
    match rule.curve.better {
        Better::Lower => "lower",
        Better::Higher => "higher",
    }
}

/// Points a rule pays at a few telling values: full, zero and in between.
/// None for a relative curve: its thresholds depend on the export.
fn example(rule: &Rule) -> Vec<(f64, f64)> {
    let c = rule.curve;
    if c.relative.is_some() {
        return Vec::new();
    }
    let weight = rule.weight.unwrap_or(1.0);
    let mid = (c.full + c.zero) / 2.0;
    [c.full, mid, c.zero]
        .into_iter()
        .map(|v| (v, (weight * c.fraction(v) * 100.0).round() / 100.0))
        .collect()
}

fn field_names(table: Table, filter: &Filter) -> String {
    filter
        .fields
        .iter()
        .map(|&f| table.def(f).name)
        .collect::<Vec<_>>()
        .join(" or ")
}

pub fn filter(rules: &RuleSet, table: Table, f: &Filter) -> String {
    let fields = field_names(table, f);
    let list = |v: &[String]| {
        v.iter()
            .map(|x| format!("'{x}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &f.op {
        FilterOp::In(v) => format!("{fields} is one of {}", list(v)),
        FilterOp::NotIn(v) => format!("{fields} is none of {}", list(v)),
        FilterOp::Matches(c) => format!("{fields} mentions {}", rules.classes[*c].name),
        FilterOp::NotMatches(c) => format!("{fields} does not mention {}", rules.classes[*c].name),
        FilterOp::Present(true) => format!("{fields} is filled in"),
        FilterOp::Present(false) => format!("{fields} is empty"),
        FilterOp::Is(b) => format!("{fields} is {b}"),
    }
}

pub(crate) fn filters(rules: &RuleSet, table: Table, fs: &[Filter]) -> String {
    fs.iter()
        .map(|f| filter(rules, table, f))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// A duration, in words: `the days from created to closed`.
pub(crate) fn duration(table: Table, d: &Duration) -> String {
    let end = |e: DurationEnd| match e {
        DurationEnd::AsOf => "the as-of date".to_string(),
        DurationEnd::Field(f) => table.def(f).name.to_string(),
    };
    let bound = d.bound.map(|b| table.def(b).name);
    let open = match (bound, d.open_until_as_of) {
        (Some(b), true) => format!(
            " (up to {b} while {} is empty, or the as-of date while both are)",
            end(d.to)
        ),
        (Some(b), false) => format!(" (up to {b} while {} is empty)", end(d.to)),
        (None, true) => format!(" (up to the as-of date while {} is empty)", end(d.to)),
        (None, false) => String::new(),
    };
    format!(
        "the {} from {} to {}{open}",
        d.unit.name(),
        end(d.from),
        end(d.to)
    )
}

/// One sentence: what the metric computes per account.
pub fn metric(rules: &RuleSet, m: &Metric) -> String {
    let t = m.table;
    let date = t.def(m.date).name;
    let mut rows = format!("{t}");
    if !m.filter.is_empty() {
        rows.push_str(&format!(" where {}", filters(rules, t, &m.filter)));
    }
    if let Some(w) = m.window_days {
        rows.push_str(&format!(", {date} in the last {w} days"));
    }
    m.aggregate.describe(&Words {
        rules,
        table: t,
        rows: &rows,
        date,
    })
}

/// What the curve pays, in words.
pub fn curve(rule: &Rule) -> String {
    let c = rule.curve;
    let (full, zero, better) = match c.better {
        Better::Lower => ("or lower", "or higher", "lower"),
        Better::Higher => ("or higher", "or lower", "higher"),
    };
    let shape = match c.shape {
        crate::spec::Shape::Linear => "linear in between",
        crate::spec::Shape::Sqrt => "a square root in between (diminishing returns)",
        crate::spec::Shape::Log => "a logarithm in between (diminishing returns)",
    };
    match c.relative {
        Some(r) => format!(
            "full points at the export's {}th percentile {full}, none at its {}th {zero}, {shape} ({better} is better)",
            r.full, r.zero
        ),
        None => format!(
            "full points at {} {full}, none at {} {zero}, {shape} ({better} is better)",
            c.full, c.zero
        ),
    }
}

pub fn if_none(rule: &Rule) -> &'static str {
    match rule.if_none {
        IfNone::NotAssessed => "not assessed",
        IfNone::Skip => "does not apply (left out of coverage)",
        IfNone::Pass => "passes",
        IfNone::Fail => "fails",
    }
}

/// The fields the rule reads, each with the headers it is found under.
pub fn data_needed(rules: &RuleSet, rule: &Rule) -> Vec<String> {
    let mut out = Vec::new();
    // A fallback's data is needed only when the metrics before it cannot be
    // assessed: its lines say so.
    let chain = std::iter::once(rule.metric).chain(rule.fallback.iter().copied());
    for (i, metric) in chain.enumerate() {
        let lead = if i == 0 { "" } else { "else " };
        for line in metric_needs(rules, metric) {
            let line = format!("{lead}{line}");
            if !out.contains(&line) {
                out.push(line);
            }
        }
    }
    out
}

/// The fields one metric reads, a line per group of alternatives.
fn metric_needs(rules: &RuleSet, metric: crate::spec::MetricId) -> Vec<String> {
    let m = &rules.metrics[metric];
    let mut out = Vec::new();
    for (table, group) in m.needs() {
        let names: Vec<String> = group
            .iter()
            .map(|&f| {
                let def = table.def(f);
                let from = match def.derive {
                    Derivation::None
                    | Derivation::MatchesClass { .. }
                    | Derivation::AfterDuration { .. }
                        if !def.headers.is_empty() =>
                    {
                        let shown: Vec<&str> = def.headers.iter().take(3).copied().collect();
                        format!(
                            " (columns {}{})",
                            shown.join(", "),
                            if def.headers.len() > 3 { ", ..." } else { "" }
                        )
                    }
                    _ => " (derived)".to_string(),
                };
                format!("{table}.{}{from}", def.name)
            })
            .collect();
        let line = names.join(" or ");
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn builtin() -> RuleSet {
        RuleSet::builtin().unwrap()
    }

    fn doc(rules: &RuleSet, id: &str) -> Value {
        let rule = rules.rules.iter().find(|r| r.id == id).unwrap();
        serde_json::to_value(document(rules, rule)).unwrap()
    }

    #[test]
    fn a_capping_rule_with_a_fallback_is_documented_whole() {
        let rules = builtin();
        let d = doc(&rules, "price-loss");
        assert_eq!(d["id"], "price-loss");
        assert_eq!(d["weight"], 10.0);
        assert_eq!(
            d["measures"],
            "the share of deals where is_closed is true, close_date in the last 365 days \
             where is_lost is true and loss_reason mentions price; when the export cannot \
             assess that, the share of churn-events, churn_date in the last 365 days where \
             reason or feedback mentions price"
        );
        assert_eq!(
            d["curve"],
            "full points at 0 or lower, none at 0.5 or higher, linear in between (lower is better)"
        );
        assert_eq!(d["if_none"], "does not apply (left out of coverage)");
        assert_eq!(d["applies_to"], "existing-customer");
        assert_eq!(d["caps_into"], "no-relationship");
        assert_eq!(d["flag"], "price-loss");
        assert_eq!(d["min_shortfall"], 0.2);
        assert_eq!(d["example"], json!([[0.0, 10.0], [0.25, 5.0], [0.5, 0.0]]));
        assert_eq!(
            d["needs"],
            json!([
                "deals.is_closed (columns isclosed, is_closed)",
                "deals.is_lost (derived)",
                "deals.loss_reason (columns loss_reason__c, lost_reason__c, reason_lost__c, ...)",
                "deals.close_date (columns closedate, close_date, close date)",
                "else churn-events.reason (columns churn_reason, cancellation_reason, cancel_reason, ...) \
                 or churn-events.feedback (columns feedback, cancellation_feedback, churn_feedback, ...)",
                "else churn-events.churn_date (columns churned_at, churn_date, canceled_at, ...)"
            ])
        );
    }

    #[test]
    fn a_duration_and_a_relative_curve_are_put_in_words() {
        let rules = builtin();
        let d = doc(&rules, "complaint-resolution");
        assert_eq!(
            d["measures"],
            "the share of tickets where type or reason or subject mentions complaint, created \
             in the last 365 days where the hours from created to closed (up to the as-of date \
             while closed is empty) is at most 24"
        );
        assert_eq!(d["example"], json!([[0.9, 8.0], [0.6, 4.0], [0.3, 0.0]]));
        let d = doc(&rules, "stay-in-touch");
        assert_eq!(
            d["curve"],
            "full points at the export's 90th percentile or higher, none at its 10th or lower, \
             a square root in between (diminishing returns) (higher is better)"
        );
        assert_eq!(
            d["example"],
            json!([]),
            "a relative curve has no fixed example"
        );
        assert_eq!(d["if_none"], "not assessed");
        let d = doc(&rules, "contact-recency");
        assert_eq!(d["if_none"], "fails");
        assert_eq!(
            d["measures"],
            "days since the latest date of activities where done is true"
        );
    }

    #[test]
    fn every_rule_has_a_line_and_every_if_none_its_words() {
        let rules = builtin();
        let lines = lines(&rules);
        assert_eq!(lines.len(), rules.rules.len());
        let line = |id: &str| lines.iter().find(|l| l.id == id).unwrap();
        let recency = line("contact-recency");
        assert_eq!(
            (recency.better, recency.full, recency.zero, recency.weight),
            ("lower", 30.0, 120.0, Some(8.0))
        );
        assert_eq!(line("complaint-resolution").better, "higher");
        let mut rule = rules.rules[0].clone();
        for (choice, words) in [
            (IfNone::Pass, "passes"),
            (IfNone::Fail, "fails"),
            (IfNone::NotAssessed, "not assessed"),
            (IfNone::Skip, "does not apply (left out of coverage)"),
        ] {
            rule.if_none = choice;
            assert_eq!(if_none(&rule), words);
        }
    }

    #[test]
    fn a_field_without_headers_is_needed_as_derived() {
        // `owner_name` is read from no column of its own (the users' list
        // gives it); `owner` is read from columns. Each is listed once.
        let rules = RuleSet::from_text(
            "owners.toml",
            "extends = \"default\"\n\n[[rule]]\nid = \"owned\"\ntitle = \"t\"\n\
             metric = { table = \"accounts\", aggregate = \"count\", where = [\
             { field = \"owner_name\", present = true }, { field = \"owner\", present = true }, \
             { field = \"owner_name\", present = true }] }\n\
             curve = { better = \"higher\", full = 1, zero = 0 }\nweight = 1\naction = \"a\"\n",
        )
        .unwrap();
        let rule = rules.rules.iter().find(|r| r.id == "owned").unwrap();
        let needs = data_needed(&rules, rule);
        assert_eq!(needs.len(), 2, "{needs:?}");
        assert_eq!(needs[0], "accounts.owner_name (derived)");
        assert!(
            needs[1].starts_with("accounts.owner (columns "),
            "{needs:?}"
        );
    }
}
