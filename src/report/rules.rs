//! `rapport rules [ID]`: the rules in effect as a table, or one rule as a page,
//! or either as JSON.

use std::io::{self, Write};

use crate::cli::Format;
use crate::rules::describe::{RuleDoc, RuleLine};

/// The rules in effect, one line each.
pub fn render_list(
    origin: &str,
    lines: &[RuleLine],
    format: Format,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, lines)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Rules in effect ({origin}):\n")?;
    writeln!(
        out,
        "{:<24} {:<24} {:>6}  {:<22} {:<8} TITLE",
        "ID", "ELEMENT", "WEIGHT", "CURVE (full → zero)", "ENABLED"
    )?;
    for l in lines {
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

/// When the rule raises its action: a cap whenever it falls short, the rest
/// from their threshold on.
fn raised_when(doc: &RuleDoc) -> String {
    if doc.caps_into.is_some() || doc.min_shortfall <= 0.0 {
        "raised whenever it falls short".to_string()
    } else {
        format!(
            "raised when {}% or more of the {} is lost",
            (doc.min_shortfall * 100.0).round(),
            if doc.weight.is_some() {
                "weight"
            } else {
                "condition"
            }
        )
    }
}

/// One rule, documented.
pub fn render_doc(doc: &RuleDoc, format: Format, out: &mut dyn Write) -> io::Result<()> {
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, doc)?;
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
    if !examples.is_empty() {
        writeln!(out, "  e.g. {}", examples.join("; "))?;
    }
    writeln!(out, "  with nothing to measure: {}\n", doc.if_none)?;
    writeln!(out, "Data it needs")?;
    for n in &doc.needs {
        writeln!(out, "  {n}")?;
    }
    writeln!(
        out,
        "\nAction ({}, due {} days after the as-of date; {})\n  {}",
        doc.urgency,
        doc.due_days,
        raised_when(doc),
        doc.action
    )?;
    Ok(())
}
