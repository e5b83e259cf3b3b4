//! `rapport explain`: why one account scored what it did.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{ExplainArgs, Format};
use crate::metrics::IgnoreRejects;
use crate::pipeline;
use crate::report::explain;
use crate::settings::{self, Settings};

pub fn explain_command(args: ExplainArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let settings = Settings::resolve(args.as_of, &args.input);
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let report = pipeline::analyse(
        &rules,
        settings.as_of,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        pipeline::PassOptions {
            trace: Some(&args.account),
            threads: settings.threads,
            ..Default::default()
        },
    )?;
    let explanation =
        pipeline::explain(&report).context("the account was not found in the accounts table")?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format.format {
        Format::Json => explain::render_json(&explanation, &mut out)?,
        Format::Table => explain::render_text(&explanation, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
