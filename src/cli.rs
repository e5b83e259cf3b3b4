//! Command-line flags, each declared once with its help.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::day::AsOf;

#[derive(Debug, Parser)]
#[command(
    name = "rapport",
    version = env!("RAPPORT_LONG_VERSION"),
    about = "Scores the customer relationships in a CRM export and says what to do about each.",
    long_about = "rapport reads a CRM export (CSV files of accounts, contacts, activities, deals, \
cases and orders), applies a rule set written in TOML (Gitomer's 17.5 things customers want, the \
price test, complaint handling, buyer-and-gatekeeper coverage, ...) and prints a loyalty score \
per account with the actions that would raise it.\n\n\
Nothing leaves the machine: rapport reads only the files it is given and writes only where it \
is told.",
    after_help = "Examples:\n  rapport score examples/brightline --as-of 2026-06-30\n  rapport score export/ --format json > report.json\n  rapport score Account.csv Task.csv --rules client.toml --as-of 2026-06-30"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The flags every command takes, before or after its name.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct CommonArgs {
    /// When to colour the output: auto (a terminal, unless NO_COLOR is set or
    /// TERM=dumb; FORCE_COLOR colours a pipe too), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = "Display")]
    pub color: ColorChoice,
    /// Print nothing on stderr but errors.
    #[arg(short, long, global = true, help_heading = "Display")]
    pub quiet: bool,
    /// Show every cell in full, however wide the terminal (text written to a
    /// pipe or a file is never cut).
    #[arg(long, global = true, help_heading = "Display")]
    pub wide: bool,
}

/// `-o/--output`, for the commands that print a page or its data.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct OutputArgs {
    /// Write to FILE instead of stdout. The file is replaced in one step (written
    /// beside it, then renamed), so a failed run never leaves half a file.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score every account of an export and list the actions, worst account first.
    Score(Box<ScoreArgs>),
    /// Show why one account scored what it did: every rule, its value, the rows
    /// behind it, points earned and lost, caps, and the band.
    Explain(ExplainArgs),
    /// List the rules in effect, or document one rule.
    Rules(RulesCmdArgs),
    /// Validate a rule file without scoring anything.
    #[command(after_help = "Exit status: 0 when the rule set is valid, 2 when it is not.")]
    Check(CheckArgs),
    /// Write a starter rapport.toml for an export.
    Init(InitArgs),
    /// Measure how well the scores separate accounts that later churned from those
    /// that stayed (ROC AUC, churn rate per band).
    Backtest(BacktestArgs),
    /// Show what rapport understood of each file: table, vendor, encoding,
    /// delimiter, columns, date order, rows used, rejected and skipped, and the
    /// rules the export lacks the data for.
    #[command(
        after_help = "Examples:\n  rapport inspect export/\n  rapport inspect examples/brightline/Account.csv examples/brightline/Opportunity.csv --format json\n\nExit status: 0 when every file was read, 2 on a usage, rule-file or input error."
    )]
    Inspect(InspectArgs),
    /// Print one SQL query that computes every metric of the rule set per account,
    /// for a warehouse to run; `rapport score --metrics` scores its result.
    #[command(
        after_help = "Examples:\n  rapport sql --dialect postgres --as-of 2026-06-30 > metrics.sql\n  rapport sql --dialect duckdb --views examples/brightline --as-of 2026-06-30 | duckdb -csv > metrics.csv\n  rapport score --metrics metrics.csv\n\nSee docs/warehouse.md for each engine end to end."
    )]
    Sql(SqlArgs),
    /// Show each account's score and band over several JSON reports (dated by
    /// their as-of), and the rules behind its largest moves.
    #[command(
        after_help = "Examples:\n  rapport score export/ --format json -o latest.json && rapport trend last-week.json latest.json > trend.csv\n  rapport trend last-week.json --format html -o trend.html    # any number of reports, in any order\n\nExit status: 0 when the series was written, 2 when a report cannot be read."
    )]
    Trend(TrendArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    #[command(
        after_help = "Examples:\n  rapport completions bash > ~/.local/share/bash-completion/completions/rapport\n  rapport completions zsh > ~/.zfunc/_rapport\n  rapport completions fish > ~/.config/fish/completions/rapport.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), for `man`.
    #[command(after_help = "Example:\n  rapport man > ~/.local/share/man/man1/rapport.1")]
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// JSON reports (`rapport score --format json`), in any order: each is dated
    /// by its as-of.
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,
    /// `csv` or `json`: the time series; `html`: a page with a chart per account.
    #[arg(long, value_enum, default_value_t = TrendFormat::Csv)]
    pub format: TrendFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    /// One row per account and report: score, band, change and its causes.
    Csv,
    /// The reports, and per account its points and largest moves.
    Json,
    /// One self-contained page with an SVG chart per account.
    Html,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The export to read.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct InputArgs {
    /// CSV files, or folders of them, or `-` for standard input. Each file's table
    /// (accounts, contacts, activities, deals, tickets, orders) is recognised
    /// from its header.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Read FILE as the accounts table, whatever its header suggests (`-` reads
    /// standard input, as for every flag naming a table).
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub accounts: Vec<PathBuf>,
    /// Read FILE as the contacts table.
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub contacts: Vec<PathBuf>,
    /// Read FILE as account-contact relations (roles of contacts at accounts).
    #[arg(
        long = "contact-roles",
        value_name = "FILE",
        help_heading = "Forcing a file's table"
    )]
    pub contact_roles: Vec<PathBuf>,
    /// Read FILE as the activities table (tasks, events, calls, emails).
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub activities: Vec<PathBuf>,
    /// Read FILE as the deals table (opportunities).
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub deals: Vec<PathBuf>,
    /// Read FILE as the tickets table (support cases).
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub tickets: Vec<PathBuf>,
    /// Read FILE as the orders table (promised and delivered dates).
    #[arg(long, value_name = "FILE", help_heading = "Forcing a file's table")]
    pub orders: Vec<PathBuf>,
    /// Read FILE as competitors named on deals (Salesforce OpportunityCompetitor).
    #[arg(
        long = "deal-competitors",
        value_name = "FILE",
        help_heading = "Forcing a file's table"
    )]
    pub deal_competitors: Vec<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub threads: ThreadsArgs,
}

/// How files are read: each option left out is decided per file.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ReadArgs {
    /// Read every file in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be or windows-1252 (latin1).
    #[arg(long, value_name = "NAME", value_parser = parse_encoding, help_heading = "Reading files")]
    pub encoding: Option<crate::ingest::TextEncoding>,
    /// Split every file on this delimiter instead of sniffing it: comma,
    /// semicolon, tab or pipe.
    #[arg(long, value_name = "CHAR", value_parser = crate::ingest::parse_delimiter, help_heading = "Reading files")]
    pub delimiter: Option<u8>,
    /// Read every file as this CRM's export instead of recognising the vendor
    /// from its headers: salesforce, hubspot, pipedrive, zoho, dynamics, or the
    /// tables a sync tool writes, fivetran-salesforce or fivetran-hubspot.
    #[arg(long, value_name = "VENDOR", value_parser = parse_preset, help_heading = "Reading files")]
    pub preset: Option<&'static crate::ingest::Preset>,
    /// Refuse a record (a row with all its fields) larger than BYTES, at the line
    /// it starts on: a quote that is never closed would otherwise read the rest of
    /// the file into one field. Default 1048576 (1 MiB).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1024..), help_heading = "Reading files")]
    pub max_record_size: Option<u64>,
    /// Report a named file that cannot be read and go on without it, instead of
    /// stopping with exit status 2.
    #[arg(long, help_heading = "Reading files")]
    pub allow_missing: bool,
}

/// How many threads a run may use.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct ThreadsArgs {
    /// Threads to use: with two or more, files are parsed on a thread of their
    /// own while rows are folded. Results are identical whatever the number.
    /// Default: one per core.
    #[arg(
        short = 'j',
        long,
        value_name = "N",
        default_value_t = 0,
        hide_default_value = true,
        help_heading = "Reading files"
    )]
    pub threads: usize,
}

/// The day a run is as of. Each command words the help its own way (`mut_arg`
/// on the command); the flag and its parsing are declared here once.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct AsOfArgs {
    /// Score as of this date (YYYY-MM-DD) instead of today, for reproducible runs;
    /// `latest` scores as of the export's newest dated record (an old export).
    #[arg(long, value_name = "DATE|latest", value_parser = AsOf::parse)]
    pub as_of: Option<AsOf>,
}

/// `--format table|json`, for the commands whose output is a page or its data.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Which rule set to use.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RulesArgs {
    /// Rule file to use. Without it, the nearest rapport.toml from the export's
    /// folder upwards is used, else the nearest from the current folder upwards,
    /// else the built-in rules; the file used is named on stderr. A rule file may start with
    /// `extends = "default"` and change only what differs.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Ignore any rapport.toml and use the built-in rules (or --rules).
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rapport score examples/brightline --as-of 2026-06-30\n  rapport score examples/brightline --format html -o report.html\n  rapport score examples/brightline --band at-risk --top 5 --wide\n\nExit status:\n  0  the report was produced (rejected rows and unrecognised files are reported, not fatal)\n  1  an account breached --fail-under, --fail-on-band, --fail-on-drop or --fail-on-band-change (only --key-accounts, when given)\n  2  usage, rule-file or input error\n\nA weekly cron line:\n  0 7 * * MON  rapport score /data/crm --format json --output /srv/rapport/latest.json --baseline /srv/rapport/last-week.json --fail-on-drop 10 --fail-on-band-change --key-accounts /srv/rapport/key.txt --quiet"
)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    #[command(flatten)]
    pub output: OutputArgs,

    /// What JSON and NDJSON say of each account's rules: `all` of them, or only
    /// the ones it fell `short` on, with their evidence (see docs/json.md).
    #[arg(long, value_enum, default_value_t = Detail::All)]
    pub detail: Detail,

    /// The HTML report's account pages: the N worst accounts (0: none); the
    /// summary covers every account and says where the rest are.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub html_accounts: usize,

    /// Also write one row per action item to FILE, in a shape a CRM imports as
    /// tasks (see docs/tasks.md).
    #[arg(long, value_name = "FILE")]
    pub tasks: Option<PathBuf>,

    /// The CRM the --tasks file is shaped for: its columns and priority values.
    #[arg(long, value_enum, default_value_t = TasksFormat::Salesforce, requires = "tasks")]
    pub tasks_format: TasksFormat,

    /// An earlier JSON report: add each account's previous score and the change,
    /// and list accounts new or gone since.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Write every rejected row (file, line, column, reason) to FILE as CSV.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Only this account (id or name; repeatable).
    #[arg(long, value_name = "ID|NAME", help_heading = "Choosing accounts")]
    pub account: Vec<String>,
    /// Only accounts in this band (repeatable).
    #[arg(long, value_name = "BAND", help_heading = "Choosing accounts")]
    pub band: Vec<String>,
    /// Only accounts whose owner is this (the owner's id or name as the export gives it,
    /// or the name its list of users gives the id; repeatable).
    #[arg(long, value_name = "OWNER", help_heading = "Choosing accounts")]
    pub owner: Vec<String>,
    /// Only the N worst accounts (after the other filters).
    #[arg(long, value_name = "N", help_heading = "Choosing accounts")]
    pub top: Option<usize>,
    /// List at most N actions per account (default 3, or `[actions] per_account`
    /// in the rules); the JSON keeps every action and marks the ones beyond N.
    #[arg(long, value_name = "N")]
    pub max_actions: Option<usize>,

    /// Exit 1 when a customer scores below SCORE (a prospect's score is not a
    /// loyalty score and never alerts).
    #[arg(long, value_name = "SCORE", help_heading = "Alerting (exit 1)")]
    pub fail_under: Option<f64>,
    /// Exit 1 when an account is in BAND or a worse one.
    #[arg(long, value_name = "BAND", help_heading = "Alerting (exit 1)")]
    pub fail_on_band: Option<String>,
    /// Exit 1 when an account lost POINTS or more since --baseline, naming it
    /// and the rule that cost the most.
    #[arg(
        long,
        value_name = "POINTS",
        requires = "baseline",
        help_heading = "Alerting (exit 1)"
    )]
    pub fail_on_drop: Option<f64>,
    /// Exit 1 when an account moved to another band since --baseline (up or
    /// down), naming it and its main cause.
    #[arg(long, requires = "baseline", help_heading = "Alerting (exit 1)")]
    pub fail_on_band_change: bool,
    /// Only these accounts raise --fail-under, --fail-on-band, --fail-on-drop and
    /// --fail-on-band-change: a file with one account id or name per line (#
    /// starts a comment).
    #[arg(long, value_name = "FILE", help_heading = "Alerting (exit 1)")]
    pub key_accounts: Option<PathBuf>,

    /// Stop at the first rejected row, naming it, with exit status 2.
    #[arg(long)]
    pub strict: bool,

    /// Score a per-account metrics table (CSV, a JSON array or JSON lines) that the
    /// query of `rapport sql` produced, instead of an export.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "rejects"])]
    pub metrics: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |a| a.help("Compute the metrics as of this date (YYYY-MM-DD) instead of today")))]
pub struct SqlArgs {
    /// The SQL engine to write for.
    #[arg(long, value_enum)]
    pub dialect: crate::warehouse::Dialect,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Also print DuckDB views that present the CSV files of this export (files or
    /// folders) as the canonical tables, read as `rapport score` reads them.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub views: Vec<PathBuf>,
    /// Read the files of --views as this vendor's (see `rapport score --preset`)
    /// instead of recognising the vendor from their headers; without --views,
    /// read the tables the vendor's sync tool writes (`fivetran-salesforce`,
    /// `fivetran-hubspot`), whose columns --columns lists.
    #[arg(long, value_name = "VENDOR", value_parser = parse_preset)]
    pub preset: Option<&'static crate::ingest::Preset>,
    /// The columns of the synced tables, as CSV with `table_name` and
    /// `column_name` (what `SELECT table_name, column_name FROM
    /// information_schema.columns` returns); with --preset.
    #[arg(
        long,
        value_name = "FILE",
        requires = "preset",
        conflicts_with = "views"
    )]
    pub columns: Option<PathBuf>,
    /// The schema (dataset, database) that holds the synced tables: the query
    /// reads `NAME.task`, and only this schema's rows of --columns count.
    #[arg(long, value_name = "NAME", requires = "columns")]
    pub schema: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `--detail`: how much of each account's rules the JSON outputs carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Detail {
    /// Every rule, with its status, value and evidence.
    All,
    /// Only the rules the account fell short on (partial or fail), with their evidence.
    Short,
}

/// `--tasks-format`: which CRM's task import the `--tasks` file is shaped for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TasksFormat {
    /// Task API names (`Subject`, `WhatId`, `OwnerId`, ...) and `High`/`Normal`/`Low`.
    Salesforce,
    /// HubSpot's task properties (`Task Title`, `Task Owner`, ...) and `HIGH`/`MEDIUM`/`LOW`.
    Hubspot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One line per account: score, band, coverage and the first action.
    Table,
    /// The full report as one document (docs/json.md).
    Json,
    /// One JSON object per account and line, for log pipelines.
    Ndjson,
    /// One row per account: score, band, trend and the first action.
    Csv,
    /// The report for a document or a ticket.
    Markdown,
    /// One self-contained page with charts, for a client; prints to PDF.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |a| a.help("Explain as of this date (YYYY-MM-DD, or latest: the export's newest dated record) instead of today")))]
#[command(mut_arg("format", |a| a.help("Output format: `table` reads as a page for a person, `json` is the same trail as data")))]
#[command(
    after_help = "Examples:\n  rapport explain examples/brightline --account \"Harborview Dental Group\" --as-of 2026-06-30\n  rapport explain examples/brightline --account harborview --format json    # a unique part of the name\n  rapport explain export/ --account harborview --baseline last-week.json    # what changed since"
)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// The account: its id in the export, or its name (exact, ignoring case, or a
    /// unique part of it).
    #[arg(long, value_name = "ID|NAME")]
    pub account: String,
    /// An earlier JSON report: also say what moved the score since, rule by rule.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  rapport rules\n  rapport rules price-loss\n  rapport rules --rules client.toml"
)]
#[command(mut_arg("format", |a| a.value_parser(rules_format())))]
pub struct RulesCmdArgs {
    /// A rule id: document that rule (title, why, curve, action, data it needs).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub rules: RulesArgs,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("output", |a| a.help("Where to write the file").default_value(crate::settings::CONFIG_FILE)))]
#[command(
    after_help = "Example:\n  rapport init client-export/    # then edit rapport.toml and run rapport score client-export/"
)]
pub struct InitArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |a| a.help("Score as of this date, before the churn happened (YYYY-MM-DD, or latest: the export's newest dated record)")))]
#[command(
    after_help = "Examples:\n  rapport backtest export/ --churned churned.csv --as-of 2025-12-31\n  rapport backtest export/ --label Churned__c"
)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// A CSV of the accounts that later left: the first column (or a column named
    /// id, account_id or AccountId) holds their ids.
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "label",
        required_unless_present = "label"
    )]
    pub churned: Option<PathBuf>,
    /// A column of the accounts table that says whether the account churned
    /// (true/false, 1/0, yes/no).
    #[arg(long, value_name = "COLUMN")]
    pub label: Option<String>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(mut_arg("as_of", |a| a.help("Count rows as of this date (YYYY-MM-DD, or latest: the export's newest dated record) instead of today")))]
pub struct InspectArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[command(flatten)]
    pub format: FormatArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per account: score, band, coverage and the first action.
    Table,
    /// The full report, documented in docs/json.md.
    Json,
}

/// `--format` of `rapport rules`, whose table is a list of rules, not of accounts.
fn rules_format() -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new([
        PossibleValue::new("table")
            .help("One line per rule: weight, curve and title; with an ID, the rule as a page"),
        PossibleValue::new("json").help("The same as data"),
    ])
    .map(|name| match name.as_str() {
        "json" => Format::Json,
        _ => Format::Table,
    })
}

fn parse_encoding(s: &str) -> Result<crate::ingest::TextEncoding, String> {
    crate::ingest::TextEncoding::from_name(s).ok_or_else(|| {
        format!("'{s}' is not an encoding rapport reads: utf-8, utf-16le, utf-16be or windows-1252")
    })
}

fn parse_preset(s: &str) -> Result<&'static crate::ingest::Preset, String> {
    crate::ingest::preset::by_name(s).ok_or_else(|| {
        format!(
            "'{s}' is not a vendor preset: one of {}",
            crate::ingest::preset::names().join(", ")
        )
    })
}
