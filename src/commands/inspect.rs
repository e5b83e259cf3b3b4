//! `rapport inspect`: what rapport understood of each file, so a person can see
//! why a row was rejected or a rule not assessed before trusting a score.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Format, InspectArgs};
use crate::pipeline;
use crate::report::inspect;
use crate::settings::{self, Settings, Ui};

pub fn inspect_command(args: InspectArgs, ui: &Ui) -> Result<ExitCode> {
    let settings = Settings::resolve(args.as_of, &args.input);
    let rules = settings::rule_set(&args.rules, &settings.input.all_paths(), ui)?;
    let (rules, inputs, unrecognised) = pipeline::read_export_found(rules, &settings.input)?;
    let inspection = pipeline::inspect::inspect(&rules, &settings, &inputs, &unrecognised)?;
    let paths: Vec<_> = inputs.iter().map(|i| i.path.clone()).collect();
    let wrap = (args.format.format == Format::Table)
        .then_some(ui.width)
        .flatten();
    super::write_page(&args.output, &paths, wrap, |out| {
        inspect::render(&inspection, args.format.format, out)
    })?;
    Ok(ExitCode::SUCCESS)
}
