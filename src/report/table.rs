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
