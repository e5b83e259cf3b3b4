//! `--format csv` (one row per account) and `--tasks` (one row per action item, in
//! a shape a CRM imports as tasks). Cells that a spreadsheet would run as a
//! formula are neutralised.

use std::io::{self, Write};

use super::{AccountReport, Depth, Report};
use crate::cli::TasksFormat;
use crate::day::Day;
use crate::ingest::values::{civil_from_days, days_from_civil};
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
        a.owner_shown().unwrap_or_default(),
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

/// Salesforce's task priorities.
pub fn priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "High",
        Priority::Medium => "Normal",
        Priority::Low => "Low",
    }
}

/// HubSpot's task priorities (the values of `hs_task_priority`).
fn hubspot_priority(p: Priority) -> &'static str {
    match p {
        Priority::High => "HIGH",
        Priority::Medium => "MEDIUM",
        Priority::Low => "LOW",
    }
}

/// The quarter of `day` counted in whole ISO weeks, as `2026Q3`: weeks 1-13 are
/// Q1, 14-26 Q2, 27-39 Q3 and 40 on (a 53rd week too) Q4, of the ISO week-year.
/// A week never straddles two quarters, so every run of one week, whatever its
/// weekday, names the same period (docs/tasks.md, "The key").
pub fn task_period(day: Day) -> String {
    let n = day.number();
    // 1970-01-01 was a Thursday; the Thursday of a week decides its ISO year.
    let thursday = n - (n + 3).rem_euclid(7) + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    let quarter = ((week - 1) / 13 + 1).min(4);
    format!("{year:04}Q{quarter}")
}

/// The task's external key: the same account, rule and period give the same key,
/// so a CRM's upsert updates the task a week later instead of adding another.
pub fn task_key(account_id: &str, rule: &str, as_of: Day) -> String {
    format!("rapport-{account_id}-{rule}-{}", task_period(as_of))
}

/// One action item as a task, before a CRM's profile lays it out.
struct Task<'a> {
    key: String,
    subject: String,
    due: &'a str,
    account_id: &'a str,
    contact_id: &'a str,
    owner: &'a str,
    /// The owner's name, when the export's users give names: a column of its
    /// own beside the account, since the import columns take the id.
    owner_name: Option<&'a str>,
    priority: Priority,
    description: String,
    account: &'a str,
    contact: &'a str,
    rule: &'a str,
    /// With a baseline: what changed behind a new or changed action.
    change: Option<String>,
}

/// A task's row: the owner's name after the account (the third cell from the
/// end) when the file has that column, and its `change` cell last when it has
/// that one.
fn write_task_row(
    w: &mut csv::Writer<&mut dyn Write>,
    owner_name: Option<&str>,
    change: Option<&str>,
    cells: &[&str],
) -> csv::Result<()> {
    let mut all = cells.to_vec();
    if let Some(name) = owner_name {
        all.insert(all.len().saturating_sub(2), name);
    }
    all.extend(change);
    write_row(w, &all)
}

impl TasksFormat {
    /// The column that says what changed since the baseline.
    fn change_column(self) -> &'static str {
        match self {
            TasksFormat::Salesforce => "Rapport_Change__c",
            TasksFormat::Hubspot => "Rapport Change",
        }
    }

    /// The header, with an `Owner` column after `Account` when the export's
    /// users give owners' names.
    fn header(self, owner_names: bool) -> Vec<&'static str> {
        let mut header = self.import_header().to_vec();
        if owner_names {
            header.insert(header.len() - 2, "Owner");
        }
        header
    }

    fn import_header(self) -> &'static [&'static str] {
        match self {
            // Task API names first (Data Loader maps them by name), then the
            // custom external id field, then readable columns.
            TasksFormat::Salesforce => &[
                "Subject",
                "ActivityDate",
                "WhatId",
                "WhoId",
                "OwnerId",
                "Priority",
                "Status",
                "Description",
                "Rapport_Key__c",
                "Account",
                "Contact",
                "Rule",
            ],
            // The labels of HubSpot's task properties, which its import maps by
            // name, and the record ids it associates by.
            TasksFormat::Hubspot => &[
                "Task Title",
                "Due Date",
                "Task Owner",
                "Priority",
                "Task Status",
                "Task Type",
                "Notes",
                "Rapport Key",
                "Company Record ID",
                "Contact Record ID",
                "Account",
                "Contact",
                "Rule",
            ],
        }
    }

    fn write(self, w: &mut csv::Writer<&mut dyn Write>, t: &Task) -> csv::Result<()> {
        match self {
            TasksFormat::Salesforce => write_task_row(
                w,
                t.owner_name,
                t.change.as_deref(),
                &[
                    &t.subject,
                    t.due,
                    t.account_id,
                    t.contact_id,
                    t.owner,
                    priority(t.priority),
                    "Not Started",
                    &t.description,
                    &t.key,
                    t.account,
                    t.contact,
                    t.rule,
                ],
            ),
            TasksFormat::Hubspot => write_task_row(
                w,
                t.owner_name,
                t.change.as_deref(),
                &[
                    &t.subject,
                    t.due,
                    t.owner,
                    hubspot_priority(t.priority),
                    "NOT_STARTED",
                    "TODO",
                    &t.description,
                    &t.key,
                    t.account_id,
                    t.contact_id,
                    t.account,
                    t.contact,
                    t.rule,
                ],
            ),
        }
    }
}

/// One row per action item, in the columns and values of the CRM `format` names,
/// each with a key that stays the same from one weekly run to the next.
pub fn render_tasks(report: &Report, format: TasksFormat, out: &mut dyn Write) -> io::Result<()> {
    // With a baseline each task says what changed behind it, which takes the
    // accounts' rules.
    let mut header = format.header(report.has_owner_names());
    let depth = if report.baseline.is_some() {
        header.push(format.change_column());
        Depth::Full
    } else {
        Depth::Brief
    };
    write_header(out, &header)?;
    report.write_accounts(depth, out, |accounts, bytes| {
        let mut w = writer(bytes);
        while let Some(a) = accounts.next_account() {
            write_tasks(&mut w, report, format, a)?;
        }
        w.flush()
    })
}

fn write_tasks(
    w: &mut csv::Writer<&mut dyn Write>,
    report: &Report,
    format: TasksFormat,
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
        let task = Task {
            key: task_key(&a.id, &x.rule, report.as_of),
            subject: format!("{}: {title}", a.name),
            due: &x.due,
            account_id: &a.id,
            contact_id: x.contact_id.as_deref().unwrap_or_default(),
            owner: a.owner.as_deref().unwrap_or_default(),
            owner_name: report
                .has_owner_names()
                .then(|| a.owner_shown().unwrap_or_default()),
            priority: x.priority,
            description,
            account: &a.name,
            contact: x.contact.as_deref().unwrap_or_default(),
            rule: &x.rule,
            change: report
                .baseline
                .is_some()
                .then(|| action_change(a, x).unwrap_or_default()),
        };
        format.write(w, &task)?;
    }
    Ok(())
}

/// What changed behind an action since the baseline: `new: ...` when the
/// baseline had no action of its rule, `changed: ...` when its rule moved the
/// score since, None when it is the same action as before (or the account is new).
fn action_change(a: &AccountReport, x: &super::ActionReport) -> Option<String> {
    let change = a.change.as_ref()?;
    let earlier = change
        .earlier_actions
        .iter()
        .find(|(rule, _)| *rule == x.rule);
    let cause = change.cause_of(&x.rule);
    match (earlier, cause) {
        (None, Some(cause)) => Some(format!("new: {cause}")),
        (None, None) => Some("new".to_string()),
        (Some(_), Some(cause)) => Some(format!("changed: {cause}")),
        // The same rule asked for it before and has not moved since.
        (Some(_), None) => None,
    }
}
