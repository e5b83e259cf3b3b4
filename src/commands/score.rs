//! `rapport score`: recognise the inputs, run the pass, render the report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{Format, ScoreArgs};
use crate::config::RuleSet;
use crate::ingest::{self, InputFile};
use crate::metrics::{Engine, IgnoreRejects, Reject, RejectSink};
use crate::model::Table;
use crate::report::{self, Skipped};

/// Reads the named files and decides each one's table; files that cannot be
/// used are returned with the reason.
pub fn recognise_all(
    rules: &RuleSet,
    forced: &[(Table, PathBuf)],
    paths: &[PathBuf],
) -> Result<(Vec<InputFile>, Vec<Skipped>)> {
    let mut inputs = Vec::new();
    let mut skipped = Vec::new();
    for (table, path) in forced {
        let (headers, delimiter) = ingest::read_header(path)?;
        let mapping = ingest::force(*table, &headers, &rules.columns)
            .map_err(|reason| anyhow::anyhow!("{}: {reason}", path.display()))?;
        inputs.push(InputFile {
            path: path.clone(),
            table: *table,
            delimiter,
            headers,
            mapping,
        });
    }
    for path in ingest::expand_paths(paths)? {
        if inputs.iter().any(|i| i.path == path) {
            continue;
        }
        let (headers, delimiter) = match ingest::read_header(&path) {
            Ok(h) => h,
            Err(e) => {
                skipped.push(Skipped {
                    path: path.display().to_string(),
                    reason: format!("{e:#}"),
                });
                continue;
            }
        };
        match ingest::recognise(&path, &headers, &rules.columns) {
            Ok((table, mapping)) => inputs.push(InputFile {
                path,
                table,
                delimiter,
                headers,
                mapping,
            }),
            Err(reason) => skipped.push(Skipped {
                path: path.display().to_string(),
                reason,
            }),
        }
    }
    if inputs.is_empty() && skipped.is_empty() {
        bail!("no input files: give CSV files or folders (see rapport score --help)");
    }
    if !inputs.iter().any(|i| i.table == Table::Accounts) {
        let mut msg = "no accounts file among the inputs: every score is per account".to_string();
        for s in &skipped {
            msg.push_str(&format!("\n  {}: {}", s.path, s.reason));
        }
        bail!(msg);
    }
    Ok((inputs, skipped))
}

/// Keeps the first rejects of each file for stderr and writes all of them to
/// `--rejects` when asked.
struct Rejects {
    names: Vec<String>,
    shown: Vec<Reject>,
    per_file: Vec<usize>,
    limit: usize,
    writer: Option<csv::Writer<BufWriter<File>>>,
    error: Option<csv::Error>,
}

impl RejectSink for Rejects {
    fn reject(&mut self, reject: Reject) {
        if let Some(w) = &mut self.writer
            && self.error.is_none()
            && let Err(e) = w.write_record([
                self.names[reject.file].as_str(),
                &reject.line.to_string(),
                &reject.reason,
            ])
        {
            self.error = Some(e);
        }
        if self.per_file.len() <= reject.file {
            self.per_file.resize(reject.file + 1, 0);
        }
        self.per_file[reject.file] += 1;
        if self.per_file[reject.file] <= self.limit {
            self.shown.push(reject);
        }
    }
}

/// Scores the given inputs: the library entry point behind `rapport score`.
pub fn analyse<'a>(
    rules: &'a RuleSet,
    as_of_day: i64,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    sink: &mut dyn RejectSink,
    trace: Option<&str>,
) -> Result<report::Report<'a>> {
    let mut engine = Engine::new(rules, as_of_day);
    if let Some(account) = trace {
        engine = engine.trace(account);
    }
    let outcome = engine.run(inputs, sink)?;
    Ok(report::build(
        rules,
        as_of_day,
        inputs,
        unrecognised,
        outcome,
    ))
}

/// Recognises and scores the files and folders in `paths`, dropping rejects.
pub fn analyse_paths(
    rules: &RuleSet,
    as_of_day: i64,
    paths: &[PathBuf],
) -> Result<report::ReportData> {
    let (inputs, unrecognised) = recognise_all(rules, &[], paths)?;
    let report = analyse(
        rules,
        as_of_day,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        None,
    )?;
    Ok(serde_json::from_value(serde_json::to_value(&report)?)?)
}

pub fn score_command(args: ScoreArgs) -> Result<ExitCode> {
    let rules = super::load_rules(&args.rules)?;
    if let Some(path) = &args.metrics {
        return score_metrics(&rules, path, &args);
    }
    let as_of_day = args.as_of.unwrap_or_else(super::today);
    let (inputs, unrecognised) = super::read_inputs(&rules, &args.input)?;

    let mut rejects = Rejects {
        names: inputs.iter().map(InputFile::display_name).collect(),
        shown: Vec::new(),
        per_file: Vec::new(),
        limit: 5,
        writer: None,
        error: None,
    };
    if let Some(path) = &args.rejects {
        if inputs.iter().any(|i| same_file(&i.path, path)) {
            bail!(
                "--rejects {} is one of the input files; refusing to overwrite it",
                path.display()
            );
        }
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        w.write_record(["file", "line", "reason"])?;
        rejects.writer = Some(w);
    }

    let report = analyse(
        &rules,
        as_of_day,
        &inputs,
        &unrecognised,
        &mut rejects,
        None,
    )?;

    if let Some(mut w) = rejects.writer.take() {
        if let Some(e) = rejects.error.take() {
            return Err(e).context("cannot write the rejects file");
        }
        w.flush().context("cannot write the rejects file")?;
    }

    if !args.quiet {
        print_notes(&report, &inputs, &rejects, args.rejects.is_some())?;
    }

    render(&report, args.format)
}

/// Scores a per-account metrics table computed by the query of `rapport sql`.
fn score_metrics(rules: &RuleSet, path: &std::path::Path, args: &ScoreArgs) -> Result<ExitCode> {
    let loaded = crate::warehouse::load_metrics(rules, path, args.as_of)?;
    let mut report = report::build(rules, loaded.as_of_day, &[], &[], loaded.outcome);
    report.inputs.push(report::InputReport {
        path: path.display().to_string(),
        table: Some("metrics".to_string()),
        rows: loaded.rows,
        used: loaded.rows,
        rejected: 0,
        skipped: 0,
        error: None,
    });
    if !args.quiet {
        let mut err = io::stderr().lock();
        writeln!(
            err,
            "read {} as per-account metrics: {} accounts",
            path.display(),
            loaded.rows
        )?;
        for na in &report.not_assessed {
            writeln!(err, "not assessed: {}: {}", na.rule, na.reason)?;
        }
        writeln!(err)?;
    }
    render(&report, args.format)
}

fn render(report: &report::Report, format: Format) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        Format::Table => {
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(if io::stdout().is_terminal() { 120 } else { 160 });
            report::table::render(report, &mut out, width)?;
        }
        Format::Json => report::json::render(report, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// What a person should know about the inputs, on stderr.
fn print_notes(
    report: &report::Report,
    inputs: &[InputFile],
    rejects: &Rejects,
    rejects_written: bool,
) -> Result<()> {
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for input in &report.inputs {
        match (&input.table, &input.error) {
            (Some(table), _) => writeln!(
                err,
                "read {} as {table}: {} rows, {} used, {} rejected, {} skipped",
                input.path, input.rows, input.used, input.rejected, input.skipped
            )?,
            (None, Some(reason)) => writeln!(err, "warning: {}: {reason}", input.path)?,
            (None, None) => {}
        }
    }
    for r in &rejects.shown {
        writeln!(
            err,
            "{}:{}: rejected: {}",
            inputs[r.file].display_name(),
            r.line,
            report::printable(&r.reason)
        )?;
    }
    for (file, &n) in rejects.per_file.iter().enumerate() {
        if n > rejects.limit {
            let hint = if rejects_written {
                "all are in the rejects file"
            } else {
                "--rejects FILE lists them all"
            };
            writeln!(
                err,
                "{}: {} more rejected rows ({hint})",
                inputs[file].display_name(),
                n - rejects.limit
            )?;
        }
    }
    for na in &report.not_assessed {
        writeln!(err, "not assessed: {}: {}", na.rule, na.reason)?;
    }
    if !report.inputs.is_empty() {
        writeln!(err)?;
    }
    Ok(())
}
