//! `rapport score`: recognise the inputs, run the pass, render the report.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::{ReportFormat, ScoreArgs};
use crate::day::Day;
use crate::ingest::InputFile;
use crate::metrics::{Reject, RejectSink, find_account};
use crate::output::{self, Output, Role, Stderr};
use crate::pipeline::{self, PassOptions};
use crate::report::sanitise::{message, spreadsheet, terminal};
use crate::report::{self, notes};
use crate::score::Segment;
use crate::settings::{self, Settings, Ui};
use crate::spec::RuleSet;
use crate::term;

/// Keeps the first rejects of each file for stderr and writes all of them to
/// `--rejects` when asked.
struct Rejects {
    names: Vec<String>,
    shown: Vec<Reject>,
    per_file: Vec<usize>,
    limit: usize,
    writer: Option<csv::Writer<Output>>,
    error: Option<csv::Error>,
}

impl RejectSink for Rejects {
    fn reject(&mut self, reject: Reject) {
        if let Some(w) = &mut self.writer
            && self.error.is_none()
            && let Err(e) = w.write_record([
                spreadsheet(&self.names[reject.file]).as_bytes(),
                reject.line.to_string().as_bytes(),
                spreadsheet(reject.column.as_deref().unwrap_or("")).as_bytes(),
                spreadsheet(&reject.reason).as_bytes(),
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

pub fn score_command(args: ScoreArgs, ui: &Ui) -> Result<ExitCode> {
    let settings = Settings::resolve(args.as_of, &args.input);
    let mut export = settings.input.all_paths();
    export.extend(args.metrics.clone());
    let rules = settings::rule_set(&args.rules, &export, ui)?;
    if let Some(path) = &args.metrics {
        return score_metrics(&rules, path, &args, &settings, &export, ui);
    }
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let exports: Vec<&Path> = inputs.iter().map(|i| i.path.as_path()).collect();
    refuse_overlaps(&args, &exports, &export)?;
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
        let mut w = csv::Writer::from_writer(Output::create(path)?);
        w.write_record(["file", "line", "column", "reason"])
            .context("cannot write the rejects file")?;
        rejects.writer = Some(w);
    }

    let total_bytes: u64 = inputs
        .iter()
        .map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len()))
        .sum();
    let mut bar = Progress::new(total_bytes, !ui.quiet && io::stderr().is_terminal());
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

    if let Some(w) = rejects.writer.take() {
        if let Some(e) = rejects.error.take() {
            return Err(e).context("cannot write the rejects file");
        }
        w.into_inner()
            .map_err(|e| e.into_error())
            .context("cannot write the rejects file")?
            .commit()?;
    }
    let shown = notes::Rejected {
        shown: &rejects.shown,
        per_file: &rejects.per_file,
        limit: rejects.limit,
        written: args.rejects.is_some(),
    };
    notes::render(&report, &inputs, &shown, &mut ui.notes())?;
    finish(report, &args, baseline, key_accounts, ui)
}

/// Scores a per-account metrics table computed by the query of `rapport sql`.
fn score_metrics(
    rules: &RuleSet,
    path: &std::path::Path,
    args: &ScoreArgs,
    settings: &Settings,
    export: &[PathBuf],
    ui: &Ui,
) -> Result<ExitCode> {
    refuse_overlaps(args, &[], export)?;
    let (baseline, key_accounts) = read_alert_inputs(rules, args)?;
    let given = settings.given_as_of().map(Day::number);
    let loaded = crate::warehouse::load_metrics(rules, path, given)?;
    let mut report = pipeline::report_from_metrics(
        rules,
        Day::from(loaded.as_of_day),
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
    notes::render_metrics(&report, path, loaded.rows, &mut ui.notes())?;
    finish(report, args, baseline, key_accounts, ui)
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
    ui: &Ui,
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

    let to_file = args.output.output.is_some();
    let (width, colour) = (ui.width_for(to_file), ui.colour_stdout(to_file));
    let render = |out: &mut dyn Write| -> io::Result<()> {
        match args.format {
            ReportFormat::Table => {
                let mut fit = term::Fit::new(out, width, term::Fitting::Cut);
                report::table::render(&report, &mut fit, width, colour)?;
                fit.flush()
            }
            ReportFormat::Json => report::json::render(&report, args.detail, out),
            ReportFormat::Ndjson => report::ndjson::render(&report, args.detail, out),
            ReportFormat::Csv => report::csv::render(&report, out),
            ReportFormat::Markdown => report::markdown::render(&report, out),
            ReportFormat::Html => report::html::render(&report, args.html_accounts, out),
        }
    };
    match &args.output.output {
        Some(path) => output::write_atomically(path, render)?,
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let written = render(&mut out).and_then(|()| out.flush());
            // A reader that stopped early (`| head`) ends the report quietly;
            // the files asked for are still written.
            match written {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                    // What is left in the buffer goes nowhere.
                    let _ = out.into_parts();
                }
                other => other.context("cannot write the report to stdout")?,
            }
        }
    }
    if let Some(path) = &args.tasks {
        output::write_atomically(path, |w| {
            report::csv::render_tasks(&report, args.tasks_format, w)
        })?;
    }

    let mut breaches = alerts(&report, args, key_accounts.as_deref());
    breaches.extend(change_alerts(&report, args, key_accounts.as_deref()));
    if breaches.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let shown: Vec<String> = breaches.iter().take(20).cloned().collect();
    writeln!(
        ui.notes(),
        "{}",
        message(&format!(
            "alert: {} {} the threshold: {}{}",
            breaches.len(),
            if breaches.len() == 1 {
                "account breached"
            } else {
                "accounts breached"
            },
            shown.join("; "),
            if breaches.len() > 20 { "; ..." } else { "" }
        ))
    )?;
    Ok(ExitCode::from(1))
}

/// The largest `--baseline` report read: a JSON report of some 100,000 accounts.
const MAX_BASELINE_BYTES: u64 = 512 * 1024 * 1024;
/// The largest `--key-accounts` list read.
const MAX_KEY_ACCOUNTS_BYTES: u64 = 16 * 1024 * 1024;

/// Refuses, before anything is written, an output that would replace a file
/// this run reads (an export, the rule file, `--baseline`, `--key-accounts`,
/// `--metrics`) or that another output also names.
fn refuse_overlaps(args: &ScoreArgs, exports: &[&Path], export_args: &[PathBuf]) -> Result<()> {
    let rule_file = settings::rule_file(&args.rules, export_args)?;
    let mut inputs: Vec<Role> = exports.iter().map(|p| Role::new("the input", p)).collect();
    let named = [
        ("--rules", rule_file.as_deref()),
        ("--baseline", args.baseline.as_deref()),
        ("--key-accounts", args.key_accounts.as_deref()),
        ("--metrics", args.metrics.as_deref()),
    ];
    for (flag, path) in named {
        if let Some(path) = path {
            inputs.push(Role::new(flag, path));
        }
    }
    let outputs: Vec<Role> = [
        ("--output", &args.output.output),
        ("--tasks", &args.tasks),
        ("--rejects", &args.rejects),
    ]
    .into_iter()
    .filter_map(|(flag, path)| Some(Role::new(flag, path.as_deref()?)))
    .collect();
    output::refuse_overlaps(&inputs, &outputs)
}

/// An earlier JSON report, for `--baseline`. Each account's score must be a
/// score and each id must appear once: the trend is computed from them.
pub(super) fn read_baseline(path: &Path) -> Result<report::ReportData> {
    let text = crate::config::read_bounded(path, MAX_BASELINE_BYTES, "baseline")?;
    let not_a_report = || {
        format!(
            "{} is not a rapport JSON report (rapport score --format json)",
            path.display()
        )
    };
    let data: report::ReportData = serde_json::from_str(&text).with_context(not_a_report)?;
    if data.schema != report::SCHEMA {
        bail!(
            "{} is a '{}' report; this rapport reads '{}'",
            path.display(),
            data.schema,
            report::SCHEMA
        );
    }
    serde_json::from_str::<baseline::Accounts>(&text)
        .with_context(|| format!("baseline {}", path.display()))?;
    Ok(data)
}

/// Account ids or names, one per line; `#` starts a comment; in a CSV line the
/// first field counts.
fn read_key_accounts(path: &Path) -> Result<Vec<String>> {
    let text = crate::config::read_bounded(path, MAX_KEY_ACCOUNTS_BYTES, "key-account list")?;
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

/// The checks of a baseline's accounts, as a second reading of its text so that
/// serde names the line and column of the first bad value.
mod baseline {
    use std::collections::HashSet;
    use std::fmt;

    use serde::Deserialize;
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};

    #[derive(Deserialize)]
    pub struct Accounts {
        #[serde(rename = "accounts")]
        _accounts: Checked,
    }

    struct Checked;

    #[derive(Deserialize)]
    struct Account {
        id: String,
        #[serde(default)]
        score: Option<f64>,
    }

    impl<'de> Deserialize<'de> for Checked {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checked, D::Error> {
            d.deserialize_seq(Checked)
        }
    }

    impl<'de> Visitor<'de> for Checked {
        type Value = Checked;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of accounts")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
            let mut seen = HashSet::new();
            while let Some(a) = seq.next_element::<Account>()? {
                if let Some(s) = a.score
                    && !(s.is_finite() && (0.0..=100.0).contains(&s))
                {
                    return Err(A::Error::custom(format!(
                        "account '{}' has a score of {s}, not one between 0 and 100",
                        a.id
                    )));
                }
                if !seen.insert(a.id.clone()) {
                    return Err(A::Error::custom(format!(
                        "account id '{}' appears more than once",
                        a.id
                    )));
                }
            }
            Ok(Checked)
        }
    }
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
        // The owner's id or, when the export's users give it, name.
        report.retain(|a, _| {
            [a.owner.as_deref(), a.owner_name.as_deref()]
                .into_iter()
                .flatten()
                .any(|o| {
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

/// The customers that breach --fail-under or --fail-on-band, as `name (score,
/// band)`. A prospect's score measures engagement, not loyalty: it never alerts.
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
        if a.segment != Segment::Customer || !is_key(key, &a.id, &a.name) {
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
                terminal(&a.name),
                a.score.map_or("-".to_string(), |s| format!("{s:.1}")),
                a.band.as_deref().unwrap_or("-")
            ));
        }
    }
    out
}

/// Whether `--key-accounts`, when given, names the account.
fn is_key(key: Option<&[String]>, id: &str, name: &str) -> bool {
    key.is_none_or(|key| key.iter().any(|k| *k == id || k.eq_ignore_ascii_case(name)))
}

/// The accounts that breach --fail-on-drop or --fail-on-band-change, as
/// `name (was -> now, band): main cause`. Needs each account's rules, so it
/// takes a full pass, and only when one of them is asked for.
fn change_alerts(report: &report::Report, args: &ScoreArgs, key: Option<&[String]>) -> Vec<String> {
    if args.fail_on_drop.is_none() && !args.fail_on_band_change {
        return Vec::new();
    }
    let mut out = Vec::new();
    for a in report.accounts() {
        let Some(change) = &a.change else {
            continue;
        };
        if !is_key(key, &a.id, &a.name) {
            continue;
        }
        let dropped = args
            .fail_on_drop
            .zip(change.delta)
            .is_some_and(|(limit, d)| -d >= limit);
        let moved = args.fail_on_band_change && change.band_changed();
        if !(dropped || moved) {
            continue;
        }
        let score = |s: Option<f64>| s.map_or("-".to_string(), |s| format!("{s:.1}"));
        let band = |b: &Option<String>| b.clone().unwrap_or_else(|| "-".to_string());
        let cause = change.top_causes(1);
        out.push(format!(
            "{} ({} -> {}, {} -> {}): {}",
            terminal(&a.name),
            score(change.score_before),
            score(change.score_after),
            band(&change.band_before),
            band(&change.band_after),
            if cause.is_empty() {
                "no single rule".to_string()
            } else {
                terminal(&cause).into_owned()
            }
        ));
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
        let _ = write!(
            Stderr,
            "\rreading [{}{}] {:>3.0}% of {} MB",
            "=".repeat(filled),
            " ".repeat(30 - filled),
            share * 100.0,
            self.total / 1_000_000
        );
    }

    fn clear(&mut self) {
        if self.last.is_some() {
            let _ = write!(Stderr, "\r{}\r", " ".repeat(60));
        }
    }
}
