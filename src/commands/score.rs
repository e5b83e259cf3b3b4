//! `rapport score`: recognise the inputs, run the pass, render the report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{ReportFormat, ScoreArgs};
use crate::day::Day;
use crate::ingest::InputFile;
use crate::metrics::{Reject, RejectSink, find_account};
use crate::output;
use crate::pipeline::{self, PassOptions};
use crate::report::{self, notes, printable};
use crate::settings::{self, Settings, Terminal};
use crate::spec::RuleSet;

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
                reject.column.as_deref().unwrap_or(""),
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

pub fn score_command(args: ScoreArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let settings = Settings::resolve(args.as_of, &args.input);
    if let Some(path) = &args.metrics {
        return score_metrics(&rules, path, &args, &settings);
    }
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let input_paths: Vec<PathBuf> = inputs.iter().map(|i| i.path.clone()).collect();
    for (flag, path) in [
        ("--output", &args.output),
        ("--tasks", &args.tasks),
        ("--rejects", &args.rejects),
    ] {
        if let Some(path) = path {
            output::refuse_inputs(flag, path, &input_paths)?;
        }
    }
    let (baseline, key_accounts) = read_alert_inputs(&rules, &args)?;

    let mut rejects = Rejects {
        names: inputs.iter().map(InputFile::display_name).collect(),
        shown: Vec::new(),
        per_file: Vec::new(),
        limit: 5,
        writer: None,
        error: None,
    };
    if let Some(path) = &args.rejects {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = csv::Writer::from_writer(BufWriter::new(file));
        w.write_record(["file", "line", "column", "reason"])?;
        rejects.writer = Some(w);
    }

    let total_bytes: u64 = inputs
        .iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .sum();
    let mut bar = Progress::new(total_bytes, !args.quiet && io::stderr().is_terminal());
    let report = pipeline::analyse(
        &rules,
        settings.as_of,
        &inputs,
        &unrecognised,
        &mut rejects,
        PassOptions {
            strict: args.strict,
            threads: settings.threads,
            progress: Some(&mut |bytes| bar.show(bytes)),
            ..PassOptions::default()
        },
    )?;
    bar.clear();

    if let Some(mut w) = rejects.writer.take() {
        if let Some(e) = rejects.error.take() {
            return Err(e).context("cannot write the rejects file");
        }
        w.flush().context("cannot write the rejects file")?;
    }
    if !args.quiet {
        let shown = notes::Rejected {
            shown: &rejects.shown,
            per_file: &rejects.per_file,
            limit: rejects.limit,
            written: args.rejects.is_some(),
        };
        notes::render(&report, &inputs, &shown, &mut io::stderr().lock())?;
    }
    finish(report, &args, baseline, key_accounts)
}

/// Scores a per-account metrics table computed by the query of `rapport sql`.
fn score_metrics(
    rules: &RuleSet,
    path: &std::path::Path,
    args: &ScoreArgs,
    settings: &Settings,
) -> Result<ExitCode> {
    let (baseline, key_accounts) = read_alert_inputs(rules, args)?;
    let given = settings.given_as_of().map(Day::number);
    let loaded = crate::warehouse::load_metrics(rules, path, given)?;
    let mut report = pipeline::report(
        rules,
        Day::from(loaded.as_of_day),
        &[],
        &[],
        loaded.outcome,
        settings.threads,
    );
    report.inputs.push(report::InputReport {
        path: path.display().to_string(),
        table: Some("metrics".to_string()),
        counts: crate::metrics::InputStats {
            rows: loaded.rows,
            used: loaded.rows,
            ..Default::default()
        },
        ..report::InputReport::default()
    });
    if !args.quiet {
        notes::render_metrics(&report, path, loaded.rows, &mut io::stderr().lock())?;
    }
    finish(report, args, baseline, key_accounts)
}

/// The baseline report and key accounts, read before the pass so a mistake in
/// either fails fast; also checks the band names the flags use.
fn read_alert_inputs(
    rules: &RuleSet,
    args: &ScoreArgs,
) -> Result<(Option<report::ReportData>, Option<Vec<String>>)> {
    for band in args.band.iter().chain(&args.fail_on_band) {
        if !rules.bands.iter().any(|b| b.name == *band) {
            let known: Vec<&str> = rules.bands.iter().map(|b| b.name.as_str()).collect();
            bail!(
                "unknown band '{band}', expected one of: {}",
                known.join(", ")
            );
        }
    }
    let baseline = match &args.baseline {
        Some(path) => Some(read_baseline(path)?),
        None => None,
    };
    let key_accounts = match &args.key_accounts {
        Some(path) => Some(read_key_accounts(path)?),
        None => None,
    };
    Ok((baseline, key_accounts))
}

/// What every score run does once it has a report: trend, selection, rendering,
/// tasks, and the exit code of the alerts.
fn finish(
    report: report::Report,
    args: &ScoreArgs,
    baseline: Option<report::ReportData>,
    key_accounts: Option<Vec<String>>,
) -> Result<ExitCode> {
    // The report holds every account's metric state. The process ends once the
    // report is out, and freeing that state one allocation at a time takes
    // about 0.1 s at 100,000 accounts, so it is left to the exit.
    let mut report = std::mem::ManuallyDrop::new(report);
    if let (Some(path), Some(earlier)) = (&args.baseline, baseline) {
        report.set_baseline(&path.display().to_string(), earlier);
    }
    select(&mut report, args)?;
    let budget = settings::action_budget(report.rule_set(), args.max_actions);
    report.set_action_budget(budget);

    let terminal = Terminal::resolve(args.color, args.output.is_some());
    let render = |out: &mut dyn Write| -> io::Result<()> {
        match args.format {
            ReportFormat::Table => {
                report::table::render(&report, out, terminal.width, terminal.colour)
            }
            ReportFormat::Json => report::json::render(&report, out),
            ReportFormat::Ndjson => report::ndjson::render(&report, out),
            ReportFormat::Csv => report::csv::render(&report, out),
            ReportFormat::Markdown => report::markdown::render(&report, out),
            ReportFormat::Html => report::html::render(&report, out),
        }
    };
    match &args.output {
        Some(path) => output::write_atomically(path, render)?,
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            render(&mut out)?;
            out.flush()?;
        }
    }
    if let Some(path) = &args.tasks {
        output::write_atomically(path, |w| report::csv::render_tasks(&report, w))?;
    }

    let breaches = alerts(&report, args, key_accounts.as_deref());
    if breaches.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    if !args.quiet {
        let shown: Vec<String> = breaches.iter().take(20).cloned().collect();
        eprintln!(
            "alert: {} account(s) breached the threshold: {}{}",
            breaches.len(),
            shown.join("; "),
            if breaches.len() > 20 { "; ..." } else { "" }
        );
    }
    Ok(ExitCode::from(1))
}

/// An earlier JSON report, for `--baseline`.
fn read_baseline(path: &std::path::Path) -> Result<report::ReportData> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    let data: report::ReportData = serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a rapport JSON report (rapport score --format json)",
            path.display()
        )
    })?;
    if data.schema != report::SCHEMA {
        bail!(
            "{} is a '{}' report; this rapport reads '{}'",
            path.display(),
            data.schema,
            report::SCHEMA
        );
    }
    Ok(data)
}

/// Account ids or names, one per line; `#` starts a comment; in a CSV line the
/// first field counts.
fn read_key_accounts(path: &std::path::Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .split(',')
                .next()
                .unwrap_or("")
        })
        .map(|l| l.trim().trim_matches('"').to_string())
        .filter(|l| !l.is_empty())
        .collect())
}

/// Applies --account, --band, --owner and --top.
fn select(report: &mut report::Report, args: &ScoreArgs) -> Result<()> {
    if !args.account.is_empty() {
        let mut wanted = std::collections::HashSet::new();
        for query in &args.account {
            let i = find_account(report.all_accounts(), query).map_err(anyhow::Error::msg)?;
            wanted.insert(report.all_accounts()[i].id.clone());
        }
        report.retain(|a, _| wanted.contains(&a.id));
    }
    if !args.band.is_empty() {
        report.retain(|_, band| band.is_some_and(|b| args.band.iter().any(|x| x == b)));
    }
    if !args.owner.is_empty() {
        report.retain(|a, _| {
            a.owner.as_deref().is_some_and(|o| {
                args.owner
                    .iter()
                    .any(|x| x.trim().eq_ignore_ascii_case(o.trim()))
            })
        });
    }
    if let Some(n) = args.top {
        report.truncate(n);
    }
    Ok(())
}

/// The accounts that breach --fail-under or --fail-on-band, as `name (score, band)`.
fn alerts(report: &report::Report, args: &ScoreArgs, key: Option<&[String]>) -> Vec<String> {
    if args.fail_under.is_none() && args.fail_on_band.is_none() {
        return Vec::new();
    }
    let bands = &report.rule_set().bands;
    let worst_allowed = args
        .fail_on_band
        .as_ref()
        .and_then(|b| bands.iter().position(|x| x.name == *b));
    let mut out = Vec::new();
    for a in report.briefs() {
        if let Some(key) = key
            && !key
                .iter()
                .any(|k| *k == a.id || k.eq_ignore_ascii_case(&a.name))
        {
            continue;
        }
        let under = args
            .fail_under
            .zip(a.score)
            .is_some_and(|(limit, s)| s < limit);
        let band_index = a
            .band
            .as_ref()
            .and_then(|b| bands.iter().position(|x| x.name == *b));
        let in_band = worst_allowed
            .zip(band_index)
            .is_some_and(|(limit, b)| b >= limit);
        if under || in_band {
            out.push(format!(
                "{} ({}, {})",
                printable(&a.name),
                a.score.map_or("-".to_string(), |s| format!("{s:.1}")),
                a.band.as_deref().unwrap_or("-")
            ));
        }
    }
    out
}

/// A progress bar on stderr for long runs: drawn only on a terminal, and only
/// once a run has taken more than half a second.
struct Progress {
    total: u64,
    enabled: bool,
    started: std::time::Instant,
    last: Option<std::time::Instant>,
}

impl Progress {
    fn new(total: u64, enabled: bool) -> Self {
        Progress {
            total,
            enabled,
            started: std::time::Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, bytes: u64) {
        if !self.enabled || self.total == 0 || self.started.elapsed().as_millis() < 500 {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed().as_millis() < 100) {
            return;
        }
        self.last = Some(std::time::Instant::now());
        let share = (bytes as f64 / self.total as f64).min(1.0);
        let filled = (share * 30.0) as usize;
        eprint!(
            "\rreading [{}{}] {:>3.0}% of {} MB",
            "=".repeat(filled),
            " ".repeat(30 - filled),
            share * 100.0,
            self.total / 1_000_000
        );
    }

    fn clear(&mut self) {
        if self.last.is_some() {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}
