//! `--format table`: one line per account for a person at a terminal, worst first.
//! On a terminal (`width` given) long cells are cut to fit; elsewhere every cell
//! is written in full, and the name column is as wide as the longest name, so
//! the columns stay aligned.

use std::io::{self, Write};

use super::{AccountReport, Depth, Report, Trend, printable};
use crate::term::{cells, pad, truncate};

const NAME_WIDTH: usize = 30;
/// The narrowest the name column gets on a narrow terminal, and the room the
/// first action is given before the names are narrowed.
const NAME_MIN: usize = 16;
const ACTION_MIN: usize = 24;
const BAND_WIDTH: usize = 19;

/// ANSI colours per band position, best first; only used on a terminal.
fn band_colour(index: usize, count: usize) -> &'static str {
    super::band_colour(
        &["\x1b[32m", "\x1b[36m", "\x1b[33m", "\x1b[31m"],
        index,
        count,
    )
}

pub fn render(
    report: &Report,
    out: &mut dyn Write,
    width: Option<usize>,
    colour: bool,
) -> io::Result<()> {
    let summary: Vec<String> = report
        .band_counts()
        .iter()
        .map(|(b, n)| Report::band_count_words(b, *n))
        .collect();
    writeln!(
        out,
        "{} accounts as of {} ({})",
        report.account_count(),
        report.as_of,
        summary.join(", ")
    )?;
    writeln!(out, "rules: {}", printable(&report.rule_set().origin))?;
    super::notes::notices(report, out)?;
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
    if let Some(b) = &report.baseline {
        what_changed(out, b, report, width)?;
    }
    writeln!(out)?;
    let week = report.this_week();
    if !week.is_empty() {
        writeln!(out, "THIS WEEK")?;
        for w in &week {
            let x = &w.action;
            let account = printable(&w.account);
            let line = format!(
                "  [{}] {:<10} {}: {}{}",
                x.due,
                x.urgency.name(),
                match width {
                    Some(_) => truncate(&account, NAME_WIDTH),
                    None => account.into_owned(),
                },
                printable(&x.text),
                more_topics(x)
            );
            match width {
                Some(w) => writeln!(out, "{}", truncate(&line, w.max(60)))?,
                None => writeln!(out, "{line}")?,
            }
        }
        writeln!(out)?;
    }
    let trend = report.baseline.is_some();
    let trend_head = if trend { "  TREND " } else { "" };
    let others = 2 + 5 + trend_head.len() + 2 + BAND_WIDTH + 2 + 5 + 2;
    let name_width = match width {
        Some(w) => w
            .saturating_sub(others + ACTION_MIN)
            .clamp(NAME_MIN, NAME_WIDTH),
        None => {
            let accounts = report.all_accounts();
            let names = report.ranked().order().iter();
            names
                .map(|&i| cells(&printable(&accounts[i].name)))
                .fold(NAME_WIDTH, usize::max)
        }
    };
    writeln!(
        out,
        "{:<name_width$}  {:>5}{trend_head}  {:<BAND_WIDTH$}  {:>5}  FIRST ACTION",
        "ACCOUNT", "SCORE", "BAND", "COVER"
    )?;
    let action_width = width.map(|w| w.saturating_sub(name_width + others));
    let line = Line {
        bands: &report.rule_set().bands,
        trend,
        colour,
        name_width,
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
    name_width: usize,
    action_width: Option<usize>,
}

impl Line<'_> {
    /// A cell cut to `width` on a terminal, whole elsewhere.
    fn cut(&self, cell: String, width: Option<usize>) -> String {
        match (self.action_width, width) {
            (Some(_), Some(w)) => truncate(&cell, w),
            _ => cell,
        }
    }

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
            format!("[{}] {}{}", x.due, printable(&x.text), more_topics(x))
        });
        let name_width = self.name_width;
        let line = format!(
            "{}  {:>5}{trend_cell}  {band_cell}  {:>4.0}%  {}",
            pad(
                &self.cut(printable(&a.name).into_owned(), Some(self.name_width)),
                name_width
            ),
            score,
            a.coverage * 100.0,
            self.cut(action, self.action_width)
        );
        writeln!(out, "{}", line.trim_end())
    }
}

/// Totals per file: every row used, rejected or skipped, and how it was read.
fn render_inputs(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let name_of = |path: &str| {
        std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
    };
    // As wide as the longest name, so the counts stay on a narrow terminal.
    let file_width = report
        .inputs
        .iter()
        .map(|i| printable(&name_of(&i.path)).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(4, 40);
    let table_width = report
        .inputs
        .iter()
        .map(|i| i.table.as_deref().map_or(1, str::len))
        .max()
        .unwrap_or(0)
        .max(5);
    writeln!(out)?;
    writeln!(
        out,
        "{:<file_width$}  {:<table_width$}  {:>8}  {:>8}  {:>8}  {:>8}  READ AS",
        "FILE", "TABLE", "ROWS", "USED", "REJECTED", "SKIPPED"
    )?;
    for i in &report.inputs {
        let name = name_of(&i.path);
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
            "{}  {:<table_width$}  {:>8}  {:>8}  {:>8}  {:>8}  {}",
            pad(&truncate(&printable(&name), file_width), file_width),
            i.table.as_deref().unwrap_or("-"),
            i.counts.rows,
            i.counts.used,
            i.counts.rejected,
            i.counts.skipped,
            read_as
        )?;
    }
    for note in super::notes::input_notes(report) {
        writeln!(out, "note: {}", printable(&note))?;
    }
    Ok(())
}

/// ` (+N topics)` when an action covers more than one rule for its person.
fn more_topics(x: &super::ActionReport) -> String {
    match x.further_topics().len() {
        0 => String::new(),
        1 => " (+1 topic)".to_string(),
        n => format!(" (+{n} topics)"),
    }
}

/// With a baseline: the accounts that moved most, with their top causes.
fn what_changed(
    out: &mut dyn Write,
    b: &super::BaselineInfo,
    report: &Report,
    width: Option<usize>,
) -> io::Result<()> {
    let movers = super::summary::movers(report, super::summary::MOVERS_SHOWN);
    let notes = super::summary::baseline_notes(b);
    if movers.is_empty() && notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWHAT CHANGED")?;
    for n in &notes {
        writeln!(out, "  {}", printable(n))?;
    }
    for m in movers.down.iter().chain(&movers.up) {
        let line = format!(
            "  {:+6.1}  {}{}: {}",
            m.delta,
            printable(&m.name),
            if m.band_changed() {
                format!(" ({})", m.band_move())
            } else {
                String::new()
            },
            printable(&m.causes_line())
        );
        match width {
            Some(w) => writeln!(out, "{}", truncate(&line, w.max(60)))?,
            None => writeln!(out, "{line}")?,
        }
    }
    Ok(())
}
