//! `rapport explain`: why one account scored what it did.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::day::Day;
use anyhow::{Context, Result};

use crate::cli::{ExplainArgs, Format};
use crate::metrics::IgnoreRejects;
use crate::report::explain;

pub fn explain_command(args: ExplainArgs) -> Result<ExitCode> {
    let rules = super::load_rules(&args.rules)?;
    let as_of_day = args.as_of.unwrap_or_else(Day::today);
    let (rules, inputs, unrecognised) = super::read_inputs(rules, &args.input)?;
    let report = super::analyse(
        &rules,
        as_of_day,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        super::PassOptions {
            trace: Some(&args.account),
            threads: args.input.threads,
            ..Default::default()
        },
    )?;
    let explanation = report
        .explain()
        .context("the account was not found in the accounts table")?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => explain::render_json(&explanation, &mut out)?,
        Format::Table => explain::render_text(&explanation, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
