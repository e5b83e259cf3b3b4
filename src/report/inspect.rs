//! `rapport inspect`: what rapport understood of each file, as a page or as JSON.

use std::io::{self, Write};

use serde::Serialize;

use super::{NotAssessed, printable};
use crate::cli::Format;
use crate::ingest;

pub const SCHEMA: &str = "rapport.inspect/1";

#[derive(Debug, Serialize)]
pub struct Inspection {
    pub schema: &'static str,
    /// The version of rapport that wrote it.
    pub rapport: &'static str,
    pub rules_source: String,
    pub files: Vec<FileInspection>,
    /// Per table with a dated row, the history it covers over all its files.
    pub history: super::TableHistories,
    /// What a reader must know before trusting a score of this export: old
    /// data, a file mostly rejected, accounts derived or without records.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<crate::report::Notice>,
    /// Rules the export lacks the data for, with the reason.
    pub not_assessed: Vec<NotAssessed>,
    /// Rules that give (nearly) every account the same result on this export.
    #[serde(default)]
    pub uninformative: Vec<NotAssessed>,
}

#[derive(Debug, Serialize)]
pub struct FileInspection {
    pub path: String,
    /// Null when the file could not be used; `error` says why.
    pub table: Option<String>,
    pub table_why: Option<String>,
    /// The next best table and its evidence, when another was in the running.
    pub runner_up: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// For a lookup table (no table of its own, read before the pass): what it gives.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
    pub vendor: Option<String>,
    pub vendor_why: Option<String>,
    pub encoding: Option<String>,
    /// `detected` or `forced`.
    pub encoding_by: Option<String>,
    pub delimiter: Option<String>,
    /// `sniffed` or `forced`.
    pub delimiter_by: Option<String>,
    /// Rows read, used, rejected and skipped.
    #[serde(flatten)]
    pub counts: crate::metrics::InputStats,
    pub columns: Vec<ColumnInspection>,
    pub dates: Vec<DateInspection>,
    /// The first rejected rows, in reading order.
    pub rejects: Vec<RejectInspection>,
    /// Rejected rows per column (`null` for rows rejected as a whole).
    pub rejects_by_column: Vec<(Option<String>, u64)>,
}

#[derive(Debug, Serialize)]
pub struct ColumnInspection {
    pub header: String,
    /// The canonical fields it feeds (`deals.close_date`); empty when ignored.
    pub fields: Vec<String>,
    /// `mapped`, `ignored` (no field reads it) or `dropped` (the vendor's bookkeeping).
    pub status: &'static str,
    /// How it was matched to its field: `user`, `vendor`, `exact`, `spelling`,
    /// `synonym` or `unit-suffix`; null when unused.
    #[serde(rename = "match")]
    pub matched: Option<&'static str>,
    /// The match in words (`synonym: 'resolved' means 'closed'`); null when unused.
    pub match_why: Option<String>,
    /// Rows with a value in it.
    pub filled: u64,
    pub samples: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DateInspection {
    pub header: String,
    pub order: &'static str,
    pub decided: String,
    /// Non-empty values and how many of them read as dates in that order.
    pub values: u64,
    pub parsed: u64,
    pub parse_rate: Option<f64>,
    /// The first value that did not read, with its line.
    pub first_unreadable: Option<(u64, String)>,
}

#[derive(Debug, Serialize)]
pub struct RejectInspection {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

pub fn render(ins: &Inspection, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, ins)?;
            writeln!(out)
        }
        Format::Table => render_text(ins, out),
    }
}

fn render_text(ins: &Inspection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Rules: {}", ins.rules_source)?;
    for n in &ins.notices {
        writeln!(out, "WARNING: {}", printable(&n.text))?;
    }
    for f in &ins.files {
        writeln!(out)?;
        match &f.table {
            Some(table) => writeln!(out, "{}: {table}", printable(&f.path))?,
            None if f.lookup.is_some() => writeln!(out, "{}: lookup", printable(&f.path))?,
            None => writeln!(out, "{}: not used", printable(&f.path))?,
        }
        if let Some(e) = f.error.as_ref().or(f.lookup.as_ref()) {
            writeln!(out, "  why:       {}", printable(e))?;
        }
        if let Some(why) = &f.table_why {
            writeln!(out, "  table:     {}", printable(why))?;
        }
        if let Some(second) = &f.runner_up {
            writeln!(out, "  runner-up: {}", printable(second))?;
        }
        match (&f.vendor, &f.vendor_why) {
            (Some(v), Some(why)) => {
                writeln!(out, "  vendor:    {v} ({})", printable(why))?;
                if let Some(p) = ingest::preset::by_name(v) {
                    writeln!(
                        out,
                        "             cannot know without mapping: {}",
                        p.limits
                    )?;
                }
            }
            (Some(v), None) => writeln!(out, "  vendor:    {v}")?,
            _ if f.table.is_some() => writeln!(
                out,
                "  vendor:    none recognised (rapport's own and Salesforce API names, and [columns])"
            )?,
            _ => {}
        }
        if let Some(e) = &f.encoding {
            let by = f.encoding_by.as_deref().unwrap_or("detected");
            let d = f.delimiter.as_deref().unwrap_or("?");
            let dby = f.delimiter_by.as_deref().unwrap_or("sniffed");
            writeln!(out, "  read as:   {e} ({by}), delimiter '{d}' ({dby})")?;
        }
        if f.table.is_some() {
            writeln!(
                out,
                "  rows:      {}: {} used, {} rejected, {} skipped ({} deleted, {} footer, {}{} blank)",
                f.counts.rows,
                f.counts.used,
                f.counts.rejected,
                f.counts.skipped,
                f.counts.deleted,
                f.counts.footer,
                if f.counts.leads > 0 {
                    format!("{} with a lead and no account, ", f.counts.leads)
                } else {
                    String::new()
                },
                f.counts.skipped - f.counts.deleted - f.counts.footer - f.counts.leads
            )?;
            if let (Some(first), Some(last)) = (f.counts.first_date, f.counts.last_date) {
                writeln!(out, "  dated:     {first} to {last}")?;
            }
        }
        if !f.columns.is_empty() {
            writeln!(out, "  columns:")?;
            let w = f
                .columns
                .iter()
                .map(|c| c.header.chars().count())
                .max()
                .unwrap_or(0)
                .min(36);
            for c in &f.columns {
                let target = match (c.status, &c.match_why) {
                    ("mapped", Some(why)) => {
                        format!("{} [{}]", c.fields.join(", "), printable(why))
                    }
                    ("mapped", None) => c.fields.join(", "),
                    (other, _) => format!("({other})"),
                };
                let samples = if c.samples.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  e.g. {}",
                        c.samples
                            .iter()
                            .map(|s| format!("'{}'", printable(s)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let filled = if f.table.is_some() {
                    format!("  {} filled", c.filled)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "    {:<w$}  -> {target}{filled}{samples}",
                    printable(&c.header)
                )?;
            }
        }
        if !f.dates.is_empty() {
            writeln!(out, "  dates:")?;
            for d in &f.dates {
                let rate = d.parse_rate.map_or("no values".to_string(), |r| {
                    format!("{:.1}% read", r * 100.0)
                });
                writeln!(
                    out,
                    "    {}: {}, {} ({} of {} values, {rate})",
                    printable(&d.header),
                    d.order,
                    d.decided,
                    d.parsed,
                    d.values
                )?;
                if let Some((line, v)) = &d.first_unreadable {
                    writeln!(
                        out,
                        "      first unreadable: line {line}: '{}'",
                        printable(v)
                    )?;
                }
            }
        }
        if !f.rejects.is_empty() {
            writeln!(out, "  rejected:")?;
            for (col, n) in &f.rejects_by_column {
                writeln!(
                    out,
                    "    {n} in {}",
                    col.as_deref()
                        .map_or("the whole row".to_string(), |c| format!(
                            "column {}",
                            printable(c)
                        ))
                )?;
            }
            for r in &f.rejects {
                let col = r
                    .column
                    .as_deref()
                    .map_or(String::new(), |c| format!(" {}:", printable(c)));
                writeln!(out, "    line {}:{col} {}", r.line, printable(&r.reason))?;
            }
            if f.counts.rejected > f.rejects.len() as u64 {
                writeln!(
                    out,
                    "    ... {} more (rapport score --rejects FILE lists them all)",
                    f.counts.rejected - f.rejects.len() as u64
                )?;
            }
        }
    }
    writeln!(out)?;
    if !ins.history.0.is_empty() {
        writeln!(out, "History covered:")?;
        for line in ins.history.lines() {
            writeln!(out, "  {line}")?;
        }
    }
    if ins.not_assessed.is_empty() {
        writeln!(out, "Every rule can be assessed on this export.")?;
    } else {
        writeln!(out, "Not assessed for lack of data:")?;
        for n in &ins.not_assessed {
            writeln!(out, "  {}: {}", n.rule, printable(&n.reason))?;
        }
    }
    if !ins.uninformative.is_empty() {
        writeln!(
            out,
            "Left out of scores, the same for (nearly) every account:"
        )?;
        for n in &ins.uninformative {
            writeln!(out, "  {}: {}", n.rule, printable(&n.reason))?;
        }
    }
    Ok(())
}
