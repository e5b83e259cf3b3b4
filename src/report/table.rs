//! `--format table`: one line per account for a person at a terminal, worst first.

use std::io::{self, Write};

use super::{Report, printable};

const NAME_WIDTH: usize = 30;
const BAND_WIDTH: usize = 15;

pub fn render(report: &Report, out: &mut dyn Write, width: usize) -> io::Result<()> {
    writeln!(
        out,
        "{} accounts as of {} ({})",
        report.account_count(),
        report.as_of,
        band_summary(report)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{:<NAME_WIDTH$}  {:>5}  {:<BAND_WIDTH$}  {:>5}  FIRST ACTION",
        "ACCOUNT", "SCORE", "BAND", "COVER"
    )?;
    let fixed = NAME_WIDTH + 2 + 5 + 2 + BAND_WIDTH + 2 + 5 + 2;
    let action_width = width.saturating_sub(fixed).max(30);
    for a in report.accounts() {
        let score = a.score.map_or("-".to_string(), |s| format!("{s:.1}"));
        let band = a.band.as_deref().unwrap_or("-");
        let action = a.actions.first().map_or(String::new(), |x| {
            let due = &x.due;
            format!("[{due}] {}", printable(&x.text))
        });
        writeln!(
            out,
            "{:<NAME_WIDTH$}  {:>5}  {:<BAND_WIDTH$}  {:>4.0}%  {}",
            truncate(&printable(&a.name), NAME_WIDTH),
            score,
            band,
            a.coverage * 100.0,
            truncate(&action, action_width)
        )?;
    }
    render_inputs(report, out)
}

/// Totals per file: every row used, rejected or skipped, and how it was read.
fn render_inputs(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "{:<40}  {:<16}  {:>8}  {:>8}  {:>8}  {:>8}  READ AS",
        "FILE", "TABLE", "ROWS", "USED", "REJECTED", "SKIPPED"
    )?;
    for i in &report.inputs {
        let name = std::path::Path::new(&i.path)
            .file_name()
            .map_or_else(|| i.path.clone(), |n| n.to_string_lossy().into_owned());
        let read_as = match (&i.table, &i.error) {
            (Some(_), _) => {
                let mut parts = Vec::new();
                if let Some(v) = &i.vendor {
                    parts.push(v.clone());
                }
                if let Some(e) = &i.encoding {
                    parts.push(e.clone());
                }
                if let Some(d) = &i.delimiter {
                    parts.push(format!("'{d}'"));
                }
                parts.join(", ")
            }
            (None, Some(reason)) => format!("not used: {}", printable(reason)),
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{:<40}  {:<16}  {:>8}  {:>8}  {:>8}  {:>8}  {}",
            truncate(&printable(&name), 40),
            i.table.as_deref().unwrap_or("-"),
            i.rows,
            i.used,
            i.rejected,
            i.skipped,
            read_as
        )?;
    }
    Ok(())
}

fn band_summary(report: &Report) -> String {
    report
        .band_counts()
        .iter()
        .map(|(b, n)| format!("{n} {b}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Cuts to `width` characters, marking the cut with an ellipsis.
fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
