//! `rapport rules [ID]`: the rules in effect, or one rule documented.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::cli::{Format, RulesCmdArgs};
use crate::config::{Rule, RuleSet};
use crate::rules::describe;
use crate::settings;

#[derive(Serialize)]
struct RuleLine<'a> {
    id: &'a str,
    element: &'a str,
    title: &'a str,
    weight: Option<f64>,
    better: &'static str,
    full: f64,
    zero: f64,
    enabled: bool,
}

#[derive(Serialize)]
struct RuleDoc<'a> {
    id: &'a str,
    element: &'a str,
    title: &'a str,
    why: &'a str,
    weight: Option<f64>,
    enabled: bool,
    measures: String,
    curve: String,
    if_none: &'static str,
    applies_to: Option<&'a str>,
    caps_into: Option<&'a str>,
    flag: Option<&'a str>,
    due_days: i64,
    action: &'a str,
    needs: Vec<String>,
    example: Vec<(f64, f64)>,
}

fn better(rule: &Rule) -> &'static str {
    match rule.curve.better {
        crate::config::Better::Lower => "lower",
        crate::config::Better::Higher => "higher",
    }
}

pub fn rules_command(args: RulesCmdArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match &args.id {
        None => list(&rules, args.format.format, &mut out)?,
        Some(id) => {
            let Some(rule) = rules.rules.iter().find(|r| r.id == *id) else {
                let near: Vec<&str> = rules
                    .rules
                    .iter()
                    .map(|r| r.id.as_str())
                    .filter(|r| r.contains(id.as_str()) || id.contains(r))
                    .collect();
                let hint = if near.is_empty() {
                    "run `rapport rules` for the list".to_string()
                } else {
                    format!("did you mean {}?", near.join(", "))
                };
                bail!("no rule '{id}' in {}: {hint}", rules.origin);
            };
            document(&rules, rule, args.format.format, &mut out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn list(rules: &RuleSet, format: Format, out: &mut dyn Write) -> Result<()> {
    let lines: Vec<RuleLine> = rules
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
        .collect();
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &lines)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Rules in effect ({}):\n", rules.origin)?;
    writeln!(
        out,
        "{:<24} {:<24} {:>6}  {:<22} {:<8} TITLE",
        "ID", "ELEMENT", "WEIGHT", "CURVE (full → zero)", "ENABLED"
    )?;
    for l in &lines {
        let curve = format!("{} → {} ({})", l.full, l.zero, l.better);
        writeln!(
            out,
            "{:<24} {:<24} {:>6}  {:<22} {:<8} {}",
            l.id,
            l.element,
            l.weight.map_or("signal".to_string(), |w| w.to_string()),
            curve,
            if l.enabled { "yes" } else { "no" },
            l.title
        )?;
    }
    writeln!(out, "\n`rapport rules ID` documents one rule.")?;
    Ok(())
}

/// Points a rule pays at a few telling values: full, zero and in between.
fn example(rule: &Rule) -> Vec<(f64, f64)> {
    let c = rule.curve;
    let weight = rule.weight.unwrap_or(1.0);
    let mid = (c.full + c.zero) / 2.0;
    [c.full, mid, c.zero]
        .into_iter()
        .map(|v| (v, (weight * c.fraction(v) * 100.0).round() / 100.0))
        .collect()
}

fn document(rules: &RuleSet, rule: &Rule, format: Format, out: &mut dyn Write) -> Result<()> {
    let doc = RuleDoc {
        id: &rule.id,
        element: &rule.element,
        title: &rule.title,
        why: &rule.why,
        weight: rule.weight,
        enabled: rule.enabled,
        measures: describe::metric(rules, &rules.metrics[rule.metric]),
        curve: describe::curve(rule),
        if_none: describe::if_none(rule),
        applies_to: rule.applies_to.map(|f| rules.facts[f].name.as_str()),
        caps_into: rule.cap_band.map(|b| rules.bands[b].name.as_str()),
        flag: rule.flag.as_deref(),
        due_days: rule.due_days,
        action: &rule.action.source,
        needs: describe::data_needed(rules, rule),
        example: example(rule),
    };
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{}: {}", doc.id, doc.title)?;
    let mut facts = vec![format!("element {}", doc.element)];
    facts.push(
        doc.weight
            .map_or("signal (scores nothing)".to_string(), |w| {
                format!("weight {w}")
            }),
    );
    if let Some(f) = doc.applies_to {
        facts.push(format!("applies to {f}"));
    }
    if let Some(b) = doc.caps_into {
        facts.push(format!("falls short: score capped into {b}"));
    }
    if let Some(f) = doc.flag {
        facts.push(format!("flag {f}"));
    }
    if !doc.enabled {
        facts.push("disabled".to_string());
    }
    writeln!(out, "{}\n", facts.join(" · "))?;
    writeln!(out, "Why\n  {}\n", doc.why.replace('\n', "\n  "))?;
    writeln!(out, "Measures\n  {}\n", doc.measures)?;
    writeln!(out, "Curve\n  {}", doc.curve)?;
    let unit = if doc.weight.is_some() {
        "points"
    } else {
        "of the condition"
    };
    let examples: Vec<String> = doc
        .example
        .iter()
        .map(|(v, p)| format!("{v} earns {p} {unit}"))
        .collect();
    writeln!(out, "  e.g. {}", examples.join("; "))?;
    writeln!(out, "  with nothing to measure: {}\n", doc.if_none)?;
    writeln!(out, "Data it needs")?;
    for n in &doc.needs {
        writeln!(out, "  {n}")?;
    }
    writeln!(
        out,
        "\nAction (due {} days after the as-of date)\n  {}",
        doc.due_days, doc.action
    )?;
    Ok(())
}
