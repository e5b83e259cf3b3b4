//! `rapport inspect`: what rapport understood of each file, so a person can see
//! why a row was rejected or a rule not assessed before trusting a score.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::InspectArgs;
use crate::pipeline;
use crate::report::inspect;
use crate::settings::{self, Settings};

pub fn inspect_command(args: InspectArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let settings = Settings::resolve(args.as_of, &args.input);
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let inspection = pipeline::inspect::inspect(&rules, &settings, &inputs, &unrecognised)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    inspect::render(&inspection, args.format.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
