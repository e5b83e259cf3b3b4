//! `--format csv` (one row per account) and `--tasks` (one row per action item, in
//! a shape a CRM imports as tasks). Cells that a spreadsheet would run as a
//! formula are neutralised.

use std::io::{self, Write};

use super::Report;
use crate::rules::Priority;

/// Makes a cell safe to open in a spreadsheet (OWASP CSV injection): text that
/// starts with `=`, `+`, `-`, `@`, tab, CR or LF gets a leading `'` so it shows as
/// text, while plain numbers such as `-12.5` stay numbers.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\n'));
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().from_writer(out)
}

fn num(v: Option<f64>) -> String {
    v.map_or(String::new(), |v| format!("{v}"))
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut w = writer(out);
    let mut header = vec![
        "account_id",
        "account",
        "owner",
        "score",
        "band",
        "coverage",
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
    w.write_record(&header)?;
    for a in report.briefs() {
        let first = a.actions.first();
        let mut row: Vec<String> = vec![
            a.id.clone(),
            a.name.clone(),
            a.owner.clone().unwrap_or_default(),
            num(a.score),
            a.band.clone().unwrap_or_default(),
            format!("{}", a.coverage),
            a.flags.join(";"),
            a.actions.len().to_string(),
            first.map_or(String::new(), |x| x.rule.clone()),
            first.map_or(String::new(), |x| priority(x.priority).to_lowercase()),
            first.map_or(String::new(), |x| x.due.clone()),
            first.and_then(|x| x.contact.clone()).unwrap_or_default(),
            first.map_or(String::new(), |x| x.text.clone()),
        ];
        if trend {
            let p = a.previous.as_ref();
            row.push(num(p.and_then(|p| p.score)));
            row.push(num(p.and_then(|p| p.delta)));
            row.push(p.map_or("new", |p| p.trend.name()).to_string());
        }
        w.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
    }
    w.flush()
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
    let rules = report.rule_set();
    let mut w = writer(out);
    w.write_record([
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
    ])?;
    for a in report.briefs() {
        for x in &a.actions {
            let title = rules
                .rules
                .iter()
                .find(|r| r.id == x.rule)
                .map_or(x.rule.as_str(), |r| r.title.as_str());
            let subject = format!("{}: {title}", a.name);
            let score = a
                .score
                .map_or("no score".to_string(), |s| format!("score {s}"));
            let description = format!(
                "{}\n\nFrom rapport ({} as of {}, {}; rule {}).",
                x.text,
                a.band.as_deref().unwrap_or("unscored"),
                report.as_of,
                score,
                x.rule
            );
            let row = [
                subject,
                x.due.clone(),
                a.id.clone(),
                x.contact_id.clone().unwrap_or_default(),
                priority(x.priority).to_string(),
                "Not Started".to_string(),
                description,
                a.name.clone(),
                x.contact.clone().unwrap_or_default(),
                x.rule.clone(),
            ];
            w.write_record(row.iter().map(|c| neutralise(c).into_owned()))?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralise("+1 call"), "'+1 call");
        assert_eq!(neutralise("-sum(A1)"), "'-sum(A1)");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("+3"), "+3");
        assert_eq!(neutralise("Acme"), "Acme");
        assert_eq!(neutralise(""), "");
    }
}
