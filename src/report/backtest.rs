//! `rapport backtest`: how well the scores separated churned accounts from
//! retained ones, as a table or as JSON.

use std::io::{self, Write};

use serde::Serialize;

use crate::cli::Format;
use crate::day::Day;

#[derive(Debug, Serialize)]
pub struct Backtest {
    pub as_of: Day,
    pub rules_source: String,
    /// Accounts with a score and a label.
    pub accounts: usize,
    pub churned: usize,
    pub retained: usize,
    /// Accounts without a score (nothing assessable), left out.
    pub unscored: usize,
    /// Churned ids that are not in the accounts table.
    pub unknown_ids: usize,
    /// The chance that a churned account scored below a retained one (ties count
    /// half); 0.5 is chance, 1.0 perfect. Null without both kinds of account.
    pub auc: Option<f64>,
    pub bands: Vec<BandStats>,
}

#[derive(Debug, Serialize)]
pub struct BandStats {
    pub band: String,
    pub accounts: usize,
    pub churned: usize,
    /// Churned / accounts in the band: the precision of calling this band a churn risk.
    pub churn_rate: Option<f64>,
    /// This band's share of all churned accounts: the recall of this band alone.
    pub recall: Option<f64>,
    /// Precision and recall of flagging this band and every worse one.
    pub cumulative_precision: Option<f64>,
    pub cumulative_recall: Option<f64>,
}

pub fn render(b: &Backtest, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, b)?;
            writeln!(out)
        }
        Format::Table => render_text(b, out),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{:.0}%", v * 100.0))
}

fn render_text(b: &Backtest, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Backtest as of {} with {}", b.as_of, b.rules_source)?;
    writeln!(
        out,
        "{} accounts: {} churned, {} retained ({} unscored left out; {} churned ids not in the export)",
        b.accounts, b.churned, b.retained, b.unscored, b.unknown_ids
    )?;
    match b.auc {
        Some(auc) => writeln!(
            out,
            "ROC AUC {auc:.3}: a churned account scored below a retained one {:.0}% of the time (0.5 is chance)\n",
            auc * 100.0
        )?,
        None => writeln!(out, "ROC AUC: needs both churned and retained accounts\n")?,
    }
    writeln!(
        out,
        "{:<18} {:>8} {:>8} {:>10} {:>8} {:>22} {:>19}",
        "BAND",
        "ACCOUNTS",
        "CHURNED",
        "CHURN RATE",
        "RECALL",
        "PRECISION (≤ BAND)",
        "RECALL (≤ BAND)"
    )?;
    for s in &b.bands {
        writeln!(
            out,
            "{:<18} {:>8} {:>8} {:>10} {:>8} {:>22} {:>19}",
            s.band,
            s.accounts,
            s.churned,
            pct(s.churn_rate),
            pct(s.recall),
            pct(s.cumulative_precision),
            pct(s.cumulative_recall)
        )?;
    }
    Ok(())
}
