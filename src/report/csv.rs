//! `--format csv` (one row per account) and `--tasks` (one row per action item, in
//! a shape a CRM imports as tasks). Cells that a spreadsheet would run as a
//! formula are neutralised.

use std::io::{self, Write};

use super::{AccountReport, Depth, Report};
use crate::rules::Priority;

pub use super::sanitise::spreadsheet as neutralise;

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().from_writer(out)
}

/// Writes the header row on its own: the rows follow a run at a time.
fn write_header(out: &mut dyn Write, header: &[&str]) -> io::Result<()> {
    let mut w = writer(out);
    w.write_record(header)?;
    w.flush()
}

/// Writes one row, each cell made safe for a spreadsheet.
fn write_row(w: &mut csv::Writer<&mut dyn Write>, cells: &[&str]) -> csv::Result<()> {
    for cell in cells {
        w.write_field(neutralise(cell).as_bytes())?;
    }
    // Ends the row.
    w.write_record(None::<&[u8]>)
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v}"))
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut header = vec![
        "account_id",
        "account",
        "owner",
        "score",
        "band",
        "coverage",
        "segment",
        "not_enough_evidence",
        "flags",
        "actions",
        "first_action_rule",
        "first_action_priority",
        "first_action_due",
        "first_action_contact",
        "first_action",
    ];
    let trend = report.baseline.is_some();
    if trend {
        header.extend(["previous_score", "delta", "trend"]);
    }
    write_header(out, &header)?;
    report.write_accounts(Depth::Brief, out, |accounts, bytes| {
        let mut w = writer(bytes);
        while let Some(a) = accounts.next_account() {
            write_account(&mut w, a, trend)?;
        }
        w.flush()
    })
}

fn write_account(
    w: &mut csv::Writer<&mut dyn Write>,
    a: &AccountReport,
    trend: bool,
) -> csv::Result<()> {
    let first = a.actions.first();
    let score = num(a.score);
    let coverage = format!("{}", a.coverage);
    let flags = a.flags.join(";");
    let actions = a.actions.len().to_string();
    let first_priority = first.map_or(String::new(), |x| priority(x.priority).to_lowercase());
    let mut row = vec![
        a.id.as_str(),
        &a.name,
        a.owner.as_deref().unwrap_or_default(),
        &score,
        a.band.as_deref().unwrap_or_default(),
        &coverage,
        a.segment.name(),
        if a.not_enough_evidence {
            "true"
        } else {
            "false"
        },
        &flags,
        &actions,
        first.map_or("", |x| &x.rule),
        &first_priority,
        first.map_or("", |x| &x.due),
        first.and_then(|x| x.contact.as_deref()).unwrap_or_default(),
        first.map_or("", |x| &x.text),
    ];
    let previous = a.previous.as_ref();
    let previous_score = num(previous.and_then(|p| p.score));
    let delta = num(previous.and_then(|p| p.delta));
    if trend {
        row.extend([
            previous_score.as_str(),
            &delta,
            previous.map_or("new", |p| p.trend.name()),
        ]);
    }
    write_row(w, &row)
}

/// Salesforce's task priorities; HubSpot maps them on import (docs/tasks.md).
pub fn priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "High",
        Priority::Medium => "Normal",
        Priority::Low => "Low",
    }
}

/// One row per action item: Salesforce Task fields first (Data Import Wizard and
/// Data Loader map them by name), then readable columns for other CRMs.
pub fn render_tasks(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    write_header(
        out,
        &[
            "Subject",
            "ActivityDate",
            "WhatId",
            "WhoId",
            "Priority",
            "Status",
            "Description",
            "Account",
            "Contact",
            "Rule",
        ],
    )?;
    report.write_accounts(Depth::Brief, out, |accounts, bytes| {
        let mut w = writer(bytes);
        while let Some(a) = accounts.next_account() {
            write_tasks(&mut w, report, a)?;
        }
        w.flush()
    })
}

fn write_tasks(
    w: &mut csv::Writer<&mut dyn Write>,
    report: &Report,
    a: &AccountReport,
) -> csv::Result<()> {
    let rules = report.rule_set();
    let score = a
        .score
        .map_or("no score".to_string(), |s| format!("score {s}"));
    for x in a.actions.iter().filter(|x| x.within_budget) {
        let title = rules
            .rules
            .iter()
            .find(|r| r.id == x.rule)
            .map_or(x.rule.as_str(), |r| r.title.as_str());
        let subject = format!("{}: {title}", a.name);
        let mut text = x.text.clone();
        for t in x.further_topics() {
            text.push_str("\n\nAlso: ");
            text.push_str(&t.text);
        }
        let rule_ids: Vec<&str> = x.topics.iter().map(|t| t.rule.as_str()).collect();
        let rule_ids = if rule_ids.is_empty() {
            x.rule.clone()
        } else {
            rule_ids.join(", ")
        };
        let description = format!(
            "{text}\n\nFrom rapport ({} as of {}, {}; rule {rule_ids}).",
            a.standing_label(),
            report.as_of,
            score,
        );
        write_row(
            w,
            &[
                &subject,
                &x.due,
                &a.id,
                x.contact_id.as_deref().unwrap_or_default(),
                priority(x.priority),
                "Not Started",
                &description,
                &a.name,
                x.contact.as_deref().unwrap_or_default(),
                &x.rule,
            ],
        )?;
    }
    Ok(())
}
