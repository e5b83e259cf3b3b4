//! `rapport trend`: scores and bands over several dated JSON reports.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{TrendArgs, TrendFormat};
use crate::report::trend;

pub fn trend_command(args: TrendArgs) -> Result<ExitCode> {
    let mut reports = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        reports.push((
            path.display().to_string(),
            super::score::read_baseline(path)?,
        ));
    }
    let series = crate::score::change::trend(reports);
    super::write_output(&args.output, &args.reports, |out| match args.format {
        TrendFormat::Csv => trend::render_csv(&series, out),
        TrendFormat::Json => trend::render_json(&series, out),
        TrendFormat::Html => trend::render_html(&series, out),
    })?;
    Ok(ExitCode::SUCCESS)
}
