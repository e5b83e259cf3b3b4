//! `rapport sql`: the metrics query for a warehouse, and views over an export.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use crate::cli::SqlArgs;
use crate::pipeline;
use crate::settings::{self, Ui};
use crate::warehouse::{Dialect, Schema, duckdb_views, metrics_query, read_listing, synced_schema};

pub fn sql_command(args: SqlArgs, ui: &Ui) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules, &args.views, ui)?;
    let as_of = settings::as_of_day(args.as_of)?;
    let mut out = String::new();
    let schema = if let (Some(preset), Some(path)) = (args.preset, &args.columns) {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the column listing {}", path.display()))?;
        let listed = read_listing(&text, args.schema.as_deref())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let (schema, notes) = synced_schema(&rules, preset, args.schema.as_deref(), &listed)?;
        for note in &notes {
            writeln!(ui.notes(), "note: {note}")?;
        }
        schema
    } else if args.views.is_empty() {
        if let Some(preset) = args.preset {
            bail!(
                "--preset {} reads the tables its sync tool writes only with --columns FILE, their column listing (docs/warehouse.md), or the files of --views",
                preset.name
            );
        }
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
