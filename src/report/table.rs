//! `--format table`: one line per account for a person at a terminal, worst first.

use std::io::{self, Write};

use super::{AccountReport, Depth, Report, Trend, printable};

const NAME_WIDTH: usize = 30;
const BAND_WIDTH: usize = 19;

/// ANSI colours per band position, best first; only used on a terminal.
fn band_colour(index: usize, count: usize) -> &'static str {
    super::band_colour(
        &["\x1b[32m", "\x1b[36m", "\x1b[33m", "\x1b[31m"],
        index,
        count,
    )
}

pub fn render(report: &Report, out: &mut dyn Write, width: usize, colour: bool) -> io::Result<()> {
    let summary: Vec<String> = report
        .band_counts()
        .iter()
        .map(|(b, n)| format!("{n} {b}"))
        .collect();
    writeln!(
        out,
        "{} accounts as of {} ({})",
        report.account_count(),
        report.as_of,
        summary.join(", ")
    )?;
    if let Some(b) = &report.baseline {
        writeln!(
            out,
            "compared with {} ({}): {} new, {} gone{}",
            b.as_of,
            printable(&b.path),
            b.new.len(),
            b.gone.len(),
            if b.gone.is_empty() {
                String::new()
            } else {
                format!(
                    " ({})",
                    b.gone
                        .iter()
                        .map(|g| printable(&g.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        )?;
    }
    writeln!(out)?;
    let trend = report.baseline.is_some();
    let trend_head = if trend { "  TREND " } else { "" };
    writeln!(
        out,
        "{:<NAME_WIDTH$}  {:>5}{trend_head}  {:<BAND_WIDTH$}  {:>5}  FIRST ACTION",
        "ACCOUNT", "SCORE", "BAND", "COVER"
    )?;
    let fixed = NAME_WIDTH + 2 + 5 + trend_head.len() + 2 + BAND_WIDTH + 2 + 5 + 2;
    let action_width = width.saturating_sub(fixed).max(30);
    let line = Line {
        bands: &report.rule_set().bands,
        trend,
        colour,
        action_width,
    };
    let first_prospect = report.first_prospect_id();
    report.write_accounts(Depth::Brief, out, |accounts, bytes| {
        while let Some(a) = accounts.next_account() {
            if first_prospect == Some(a.id.as_str()) {
                writeln!(
                    bytes,
                    "\nPROSPECTS (never bought: engagement score, no loyalty band; first action is the next step)"
                )?;
            }
            line.write(bytes, a)?;
        }
        Ok(())
    })?;
    render_inputs(report, out)
}

/// How each account's line is laid out.
struct Line<'r> {
    bands: &'r [crate::spec::Band],
    trend: bool,
    colour: bool,
    action_width: usize,
}

impl Line<'_> {
    fn write(&self, out: &mut dyn Write, a: &AccountReport) -> io::Result<()> {
        let score = a.score.map_or("-".to_string(), |s| format!("{s:.1}"));
        let band = a.standing_label();
        let band_cell = format!("{band:<BAND_WIDTH$}");
        let band_cell = match (self.colour, self.bands.iter().position(|b| b.name == band)) {
            (true, Some(i)) => format!("{}{band_cell}\x1b[0m", band_colour(i, self.bands.len())),
            _ => band_cell,
        };
        let trend_cell = if self.trend {
            let t = match &a.previous {
                None => "new".to_string(),
                Some(p) => match (p.trend, p.delta) {
                    (Trend::Up, Some(d)) => format!("▲{d:.1}"),
                    (Trend::Down, Some(d)) => format!("▼{:.1}", -d),
                    _ => "=".to_string(),
                },
            };
            format!("  {t:>6}")
        } else {
            String::new()
        };
        let action = a.actions.first().map_or(String::new(), |x| {
            format!("[{}] {}", x.due, printable(&x.text))
        });
        let line = format!(
            "{:<NAME_WIDTH$}  {:>5}{trend_cell}  {band_cell}  {:>4.0}%  {}",
            truncate(&printable(&a.name), NAME_WIDTH),
            score,
            a.coverage * 100.0,
            truncate(&action, self.action_width)
        );
        writeln!(out, "{}", line.trim_end())
    }
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
            i.counts.rows,
            i.counts.used,
            i.counts.rejected,
            i.counts.skipped,
            read_as
        )?;
    }
    Ok(())
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
