//! `rapport explain`: why one account scored what it did.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{ExplainArgs, Format};
use crate::metrics::IgnoreRejects;
use crate::pipeline;
use crate::report::explain;
use crate::settings::{self, Settings, Ui};

pub fn explain_command(args: ExplainArgs, ui: &Ui) -> Result<ExitCode> {
    let settings = Settings::resolve(args.as_of, &args.input);
    let rules = settings::rule_set(&args.rules, &settings.input.all_paths(), ui)?;
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let baseline = match &args.baseline {
        Some(path) => Some((path, super::score::read_baseline(path)?)),
        None => None,
    };
    let mut report = pipeline::analyse(
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
    if let Some((path, earlier)) = baseline {
        report.set_baseline(&path.display().to_string(), earlier);
    }
    let explanation =
        pipeline::explain(&report).context("the account was not found in the accounts table")?;
    let mut paths: Vec<_> = inputs.iter().map(|i| i.path.clone()).collect();
    paths.extend(args.baseline.clone());
    let wrap = (args.format.format == Format::Table)
        .then_some(ui.width)
        .flatten();
    super::write_page(&args.output, &paths, wrap, |out| match args.format.format {
        Format::Json => explain::render_json(&explanation, out),
        Format::Table => explain::render_text(&explanation, out),
    })?;
    Ok(ExitCode::SUCCESS)
}
