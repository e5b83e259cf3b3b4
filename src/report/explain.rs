//! `rapport explain`: the audit trail for one account, as a page or as JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::{AccountReport, Report, printable};
use crate::day::Day;
use crate::rules::Status;
use crate::score::Trail;

/// How many rows of evidence a rule lists before it says "and N more".
const ROWS_SHOWN: usize = 12;

#[derive(Debug, Serialize)]
pub struct Explanation {
    pub as_of: Day,
    pub rules_source: String,
    pub account: AccountReport,
    /// The score before caps, and the weight it was computed over.
    pub uncapped_score: Option<f64>,
    pub points_earned: f64,
    pub weight_assessed: f64,
    pub caps: Vec<Cap>,
    pub band_reason: String,
    pub rules: Vec<RuleTrail>,
    /// With `--baseline`: the earlier report's date (the account's `change`
    /// says what moved since).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Cap {
    pub rule: String,
    pub band: String,
    pub ceiling: f64,
}

#[derive(Debug, Serialize)]
pub struct RuleTrail {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub measures: String,
    pub value: Option<String>,
    pub points: Option<f64>,
    pub weight: Option<f64>,
    /// Points the rule's shortfall cost (weight minus points).
    pub lost: Option<f64>,
    pub reason: Option<String>,
    /// `file:line` of every row behind the value, in reading order.
    pub rows: Vec<String>,
}

impl Report<'_> {
    /// The explanation of one account, from the trail the score stage built.
    pub fn explanation(&self, trail: Trail) -> Explanation {
        let rules = self.rule_set();
        let caps = trail
            .capped_by
            .iter()
            .filter_map(|&r| {
                let band = rules.rules[r].cap_band?;
                Some(Cap {
                    rule: rules.rules[r].id.clone(),
                    band: rules.bands[band].name.clone(),
                    ceiling: rules.band_ceiling(band),
                })
            })
            .collect();
        let standing = trail.details.standing;
        let band_reason = match (standing.score, standing.band) {
            (Some(_), None) if standing.segment == crate::score::Segment::Prospect => {
                "a prospect (never bought) is scored for engagement and given no loyalty band"
                    .to_string()
            }
            (Some(_), None) if standing.thin => format!(
                "not enough evidence: {:.0}% of the applicable weight was assessed, below the {:.0}% a band needs",
                standing.coverage * 100.0,
                rules.scoring.min_coverage * 100.0
            ),
            (Some(score), Some(b)) => {
                let band = &rules.bands[b];
                let above = if b == 0 {
                    String::new()
                } else {
                    format!(
                        " and below {} ({})",
                        rules.bands[b - 1].min,
                        rules.bands[b - 1].name
                    )
                };
                format!("{score} is at least {} ({}){above}", band.min, band.name)
            }
            _ => "no rule could be assessed, so there is no score and no band".to_string(),
        };
        let trails = trail
            .details
            .rules
            .iter()
            .zip(trail.measures)
            .zip(trail.rows)
            .map(|((r, measures), rows)| {
                let rule = &rules.rules[r.rule];
                RuleTrail {
                    id: rule.id.clone(),
                    title: rule.title.clone(),
                    status: r.status,
                    measures,
                    value: r.shown.clone(),
                    points: r.points.map(|p| (p * 100.0).round() / 100.0),
                    weight: rule.weight,
                    lost: r
                        .points
                        .zip(rule.weight)
                        .map(|(p, w)| ((w - p) * 100.0).round() / 100.0),
                    reason: r.reason.clone(),
                    rows: rows
                        .into_iter()
                        .map(|(file, line)| format!("{}:{line}", self.files[file].display_name()))
                        .collect(),
                }
            })
            .collect();
        let mut account = AccountReport::default();
        self.fill_account(trail.details, &mut account);
        Explanation {
            as_of: self.as_of,
            rules_source: self.rules.source.clone(),
            account,
            uncapped_score: trail.uncapped,
            points_earned: (trail.earned * 100.0).round() / 100.0,
            weight_assessed: trail.assessed_weight,
            caps,
            band_reason,
            rules: trails,
            since: self.baseline.as_ref().map(|b| b.as_of.clone()),
        }
    }
}

pub fn render_json(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, e).map_err(io::Error::from)?;
    writeln!(out)
}

pub fn render_text(e: &Explanation, out: &mut dyn Write) -> io::Result<()> {
    let a = &e.account;
    writeln!(
        out,
        "{} ({}) as of {}",
        printable(&a.name),
        printable(&a.id),
        e.as_of
    )?;
    writeln!(out, "rules: {}\n", e.rules_source)?;
    match a.score {
        Some(score) => {
            writeln!(
                out,
                "Score {score}: {} points earned over {} of assessed weight = {}",
                e.points_earned,
                e.weight_assessed,
                e.uncapped_score.unwrap_or(score)
            )?;
            for cap in &e.caps {
                writeln!(
                    out,
                    "  capped by {}: the score is mapped into the {} band (at most {}), keeping its order there",
                    cap.rule, cap.band, cap.ceiling
                )?;
            }
        }
        None => writeln!(out, "No score")?,
    }
    writeln!(out, "Band {}: {}", a.standing_label(), e.band_reason)?;
    writeln!(
        out,
        "Coverage {:.0}% of the applicable weight was assessed",
        a.coverage * 100.0
    )?;
    if !a.flags.is_empty() {
        writeln!(out, "Flags: {}", a.flags.join(", "))?;
    }
    if let Some(since) = &e.since {
        render_change_text(a, since, out)?;
    }
    writeln!(out, "\nRules, in the order of the rule set:")?;
    for r in &e.rules {
        let points = match (r.points, r.weight) {
            (Some(p), Some(w)) => format!("{p} of {w} points"),
            (None, Some(w)) => format!("- of {w} points"),
            (_, None) => "signal".to_string(),
        };
        writeln!(
            out,
            "\n{} [{}] {}: {}",
            r.id,
            status_word(r.status),
            points,
            r.title
        )?;
        writeln!(out, "  measures: {}", r.measures)?;
        if let Some(v) = &r.value {
            writeln!(out, "  value: {v}")?;
        }
        if let Some(reason) = &r.reason {
            writeln!(out, "  {reason}")?;
        }
        if let Some(lost) = r.lost.filter(|l| *l > 0.0) {
            writeln!(out, "  lost: {lost} points")?;
        }
        if !r.rows.is_empty() {
            let shown: Vec<&str> = r.rows.iter().take(ROWS_SHOWN).map(String::as_str).collect();
            let more = r.rows.len().saturating_sub(ROWS_SHOWN);
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            writeln!(out, "  rows: {}{more}", shown.join(", "))?;
        }
    }
    if !a.actions.is_empty() {
        writeln!(out, "\nActions:")?;
        for (i, x) in a.actions.iter().enumerate() {
            let priority = x.priority.name();
            writeln!(
                out,
                "  {}. [{priority}, due {}] {}",
                i + 1,
                x.due,
                printable(&x.text)
            )?;
            for t in x.further_topics() {
                writeln!(
                    out,
                    "     also ({}, due {}): {}",
                    t.rule,
                    t.due,
                    printable(&t.text)
                )?;
            }
        }
    }
    Ok(())
}

/// What moved the score since the baseline, largest cause first.
fn render_change_text(a: &AccountReport, since: &str, out: &mut dyn Write) -> io::Result<()> {
    let Some(c) = &a.change else {
        return writeln!(
            out,
            "\nSince {since}: not in the baseline report (new since)"
        );
    };
    let score = |s: Option<f64>| s.map_or("-".to_string(), |s| s.to_string());
    let band = |b: &Option<String>| b.clone().unwrap_or_else(|| "no band".to_string());
    write!(
        out,
        "\nSince {since}: {} -> {}",
        score(c.score_before),
        score(c.score_after)
    )?;
    match c.delta {
        Some(d) => write!(out, " ({d:+.1} points)")?,
        None => write!(out, " (no change can be computed without both scores)")?,
    }
    if c.band_changed() {
        write!(
            out,
            ", band {} -> {}",
            band(&c.band_before),
            band(&c.band_after)
        )?;
    }
    writeln!(out)?;
    if let Some(s) = &c.segment {
        writeln!(
            out,
            "  became a {} (was a {})",
            s.after.name(),
            s.before.name()
        )?;
    }
    for r in &c.rules {
        writeln!(
            out,
            "  {:+.2}  {}: {}",
            r.points,
            r.id,
            printable(&r.evidence.said)
        )?;
    }
    for d in &c.data {
        writeln!(
            out,
            "  {:+.2}  {}: the data, not the relationship: {}",
            d.points,
            d.rule,
            printable(&d.cause)
        )?;
    }
    for x in &c.rule_set {
        let w = |w: Option<f64>| w.map_or("-".to_string(), |w| w.to_string());
        writeln!(
            out,
            "  {:+.2}  {}: the rule set, not the relationship: {} (weight {} -> {})",
            x.points,
            x.id,
            x.change.name(),
            w(x.weight_before),
            w(x.weight_after)
        )?;
    }
    if c.cap != 0.0 {
        writeln!(out, "  {:+.2}  caps", c.cap)?;
    }
    Ok(())
}

fn status_word(s: Status) -> &'static str {
    s.name()
}
