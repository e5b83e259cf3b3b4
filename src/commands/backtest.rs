//! `rapport backtest`: do the scores separate the accounts that left from the
//! ones that stayed? ROC AUC, and per band the churn rate, precision and recall.

use std::collections::HashSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{BacktestArgs, Format};
use crate::ingest::{self, InputFile, values};
use crate::metrics::IgnoreRejects;
use crate::model::Table;
use crate::pipeline;
use crate::report::backtest;
use crate::score;
use crate::settings::{self, Settings, Ui};

fn read_churned_ids(path: &Path) -> Result<HashSet<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = headers
        .iter()
        .position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
            ["id", "account_id", "accountid", "account id"].contains(&h.as_str())
        })
        .unwrap_or(0);
    let mut ids = HashSet::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read {}", path.display()))?;
        if let Some(id) = record.get(col).map(str::trim).filter(|s| !s.is_empty()) {
            ids.insert(id.to_string());
        }
    }
    Ok(ids)
}

/// Ids of accounts whose `column` says they churned.
fn read_label(inputs: &[InputFile], column: &str) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    let mut found = false;
    for input in inputs.iter().filter(|i| i.table == Table::Accounts) {
        let Some(col) = input
            .headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
        else {
            continue;
        };
        found = true;
        // An accounts file without ids is keyed by the name, as the pass keys it.
        let key = ["id", "name"]
            .into_iter()
            .filter_map(|f| Table::Accounts.field(f))
            .find(|&f| input.mapping.has(f))
            .context("an accounts file has neither an id nor a name column")?;
        let mut reader = ingest::open_records(input)?;
        let mut record = csv::ByteRecord::new();
        loop {
            let line = match reader.next(&mut record)? {
                ingest::Next::Record(span) => span.line,
                // The score pass rejects and names the line; it labels no account.
                ingest::Next::Lost { .. } => continue,
                ingest::Next::End => break,
            };
            let Some(raw) = record.get(col) else { continue };
            let churned = values::parse_bool(raw).map_err(|_| {
                anyhow::anyhow!(
                    "{}:{line}: {column}: '{}' is not a boolean (true/false, 1/0, yes/no)",
                    input.display_name(),
                    String::from_utf8_lossy(raw)
                )
            })?;
            if churned == Some(true)
                && let Some(id) = input.mapping.get(&record, key)
            {
                ids.insert(String::from_utf8_lossy(id).into_owned());
            }
        }
    }
    if !found {
        bail!("no accounts file has a column named '{column}'");
    }
    Ok(ids)
}

pub fn backtest_command(args: BacktestArgs, ui: &Ui) -> Result<ExitCode> {
    let settings = Settings::resolve(args.as_of, &args.input);
    let rules = settings::rule_set(&args.rules, &settings.input.all_paths(), ui)?;
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let churned_ids = match (&args.churned, &args.label) {
        (Some(path), _) => read_churned_ids(path)?,
        (None, Some(column)) => read_label(&inputs, column)?,
        (None, None) => bail!("give --churned FILE or --label COLUMN"),
    };
    let report = pipeline::analyse(
        &rules,
        settings.as_of,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        pipeline::PassOptions {
            threads: settings.threads,
            ..Default::default()
        },
    )?;
    let result = score::backtest(report.ranked(), &churned_ids);
    let paths: Vec<_> = inputs.iter().map(|i| i.path.clone()).collect();
    let wrap = (args.format.format == Format::Table)
        .then_some(ui.width)
        .flatten();
    super::write_page(&args.output, &paths, wrap, |out| {
        backtest::render(&result, args.format.format, out)
    })?;
    Ok(ExitCode::SUCCESS)
}
