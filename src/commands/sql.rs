//! `rapport sql`: the metrics query for a warehouse, and views over an export.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::SqlArgs;
use crate::pipeline;
use crate::settings::{self, Ui};
use crate::warehouse::{Dialect, Schema, duckdb_views, metrics_query};

pub fn sql_command(args: SqlArgs, ui: &Ui) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules, &args.views, ui)?;
    let as_of = settings::as_of_day(args.as_of)?;
    let mut out = String::new();
    let schema = if args.views.is_empty() {
        Schema::from_rules(&rules)
    } else {
        if args.dialect != Dialect::Duckdb {
            bail!(
                "--views reads CSV files with DuckDB; for {} load the export into tables first (docs/warehouse.md)",
                args.dialect
            );
        }
        let read = pipeline::ReadFlags {
            preset: args.preset,
            ..Default::default()
        };
        let (inputs, unrecognised) = pipeline::recognise_with(&rules, &read, &[], &args.views)?;
        for u in &unrecognised {
            writeln!(ui.notes(), "warning: {}: {}", u.path, u.reason)?;
        }
        let (views, schema) = duckdb_views(&rules, &inputs)?;
        out.push_str(&views);
        schema
    };
    out.push_str(&metrics_query(
        &rules,
        args.dialect,
        as_of.number(),
        &schema,
    )?);
    let paths: Vec<_> = args.views.clone();
    super::write_output(&args.output, &paths, |w| w.write_all(out.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}
