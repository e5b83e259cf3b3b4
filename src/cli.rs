//! Command-line flags, each declared once with its help.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version,
    about = "Scores the customer relationships in a CRM export and says what to do about each.",
    long_about = "rapport reads a CRM export (CSV files of accounts, contacts, activities, deals, \
cases and orders), applies a rule set written in TOML (Gitomer's 17.5 things customers want, the \
price test, complaint handling, buyer-and-gatekeeper coverage, ...) and prints a loyalty score \
per account with the actions that would raise it.\n\n\
Nothing leaves the machine: rapport reads only the files it is given and writes only where it \
is told.",
    after_help = "Examples:\n  rapport score examples/acme\n  rapport score export/ --format json > report.json\n  rapport score Account.csv Task.csv --rules client.toml --as-of 2026-06-30"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every account of an export and list the actions, worst account first.
    #[command(
        after_help = "Exit status: 0 when the report was produced (rejected rows and unrecognised \
files are listed on stderr and in the report), 2 on a usage, rule-file or input error."
    )]
    Score(ScoreArgs),
}

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// CSV files, or folders of them. Each file's table (accounts, contacts,
    /// activities, deals, tickets, orders) is recognised from its header.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read FILE as the accounts table, whatever its header suggests.
    #[arg(long, value_name = "FILE")]
    pub accounts: Vec<PathBuf>,
    /// Read FILE as the contacts table.
    #[arg(long, value_name = "FILE")]
    pub contacts: Vec<PathBuf>,
    /// Read FILE as account-contact relations (roles of contacts at accounts).
    #[arg(long = "contact-roles", value_name = "FILE")]
    pub contact_roles: Vec<PathBuf>,
    /// Read FILE as the activities table (tasks, events, calls, emails).
    #[arg(long, value_name = "FILE")]
    pub activities: Vec<PathBuf>,
    /// Read FILE as the deals table (opportunities).
    #[arg(long, value_name = "FILE")]
    pub deals: Vec<PathBuf>,
    /// Read FILE as the tickets table (support cases).
    #[arg(long, value_name = "FILE")]
    pub tickets: Vec<PathBuf>,
    /// Read FILE as the orders table (promised and delivered dates).
    #[arg(long, value_name = "FILE")]
    pub orders: Vec<PathBuf>,

    /// Rule file to use instead of the built-in rules. It may start with
    /// `extends = "default"` and change only what differs.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,

    /// Score as of this date (YYYY-MM-DD) instead of today, for reproducible runs.
    #[arg(long, value_name = "DATE", value_parser = parse_as_of)]
    pub as_of: Option<i64>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Write every rejected row (file, line, reason) to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Print nothing on stderr but errors.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per account: score, band, coverage and the first action.
    Table,
    /// The full report, documented in docs/json.md.
    Json,
}

/// A day number from `YYYY-MM-DD`.
fn parse_as_of(s: &str) -> Result<i64, String> {
    let ts = (s.len() == 10)
        .then(|| crate::ingest::values::parse_timestamp(s.as_bytes()))
        .flatten()
        .ok_or_else(|| format!("'{s}' is not a date in the form YYYY-MM-DD"))?;
    Ok(crate::ingest::values::day_of(ts))
}
