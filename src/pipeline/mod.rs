//! The pipeline, in the order it runs: recognise the files of an export ->
//! run the engine over them (one streaming pass) -> score every account once
//! -> build the report the renderers show.

pub mod inspect;

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::day::{AsOf, Day};
use crate::ingest::{self, InputFile};
use crate::metrics::{Engine, IgnoreRejects, Outcome, RejectSink};
use crate::model::Table;
use crate::report::{self, Notice, Skipped};
use crate::score;
use crate::settings::{self, Input};
use crate::spec::RuleSet;

/// How files are read, from the command line: each `None` is decided per file.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadFlags {
    pub encoding: Option<ingest::TextEncoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<&'static ingest::Preset>,
    pub max_record: Option<u64>,
    /// A named input that cannot be read is reported and passed over instead
    /// of ending the run (`--allow-missing`).
    pub allow_missing: bool,
}

/// Reads the named files and decides each one's table; files that cannot be
/// used are returned with the reason. Each input is opened once; one holding
/// the same data as an input before it (the same file under two names, or a
/// copy) is read once and reported. A named input that cannot be read is an
/// error unless `allow_missing`; a folder's entry that cannot be read is reported.
pub fn recognise_all(
    rules: &RuleSet,
    forced: &[(Table, PathBuf)],
    paths: &[PathBuf],
) -> Result<(Vec<InputFile>, Vec<Skipped>)> {
    recognise_with(rules, &ReadFlags::default(), forced, paths)
}

/// [`recognise_all`] with the encoding, delimiter or vendor given.
pub fn recognise_with(
    rules: &RuleSet,
    read: &ReadFlags,
    forced: &[(Table, PathBuf)],
    paths: &[PathBuf],
) -> Result<(Vec<InputFile>, Vec<Skipped>)> {
    let (inputs, skipped) = recognise_found(rules, read, forced, paths)?;
    refuse_nothing_read(&inputs, &skipped)?;
    Ok((inputs, skipped))
}

/// Scoring needs a table: an export no file of which is one is an error that
/// names why each was not used. Without an accounts file the accounts are
/// derived from what the other files refer to (see `report`'s notices).
fn refuse_nothing_read(inputs: &[InputFile], skipped: &[Skipped]) -> Result<()> {
    if inputs.is_empty() {
        let mut msg = "no file of the inputs could be read as a table".to_string();
        for s in skipped {
            msg.push_str(&format!("\n  {}: {}", s.path, s.reason));
        }
        bail!(msg);
    }
    Ok(())
}

/// The files recognised and the files not used, whatever is missing: what
/// `rapport inspect` shows. Only a named input that cannot be read, or a
/// table forced on a file that cannot be it, is an error.
pub fn recognise_found(
    rules: &RuleSet,
    read: &ReadFlags,
    forced: &[(Table, PathBuf)],
    paths: &[PathBuf],
) -> Result<(Vec<InputFile>, Vec<Skipped>)> {
    let opts = ingest::ReadOptions {
        encoding: read.encoding,
        delimiter: read.delimiter,
        preset: read.preset,
        columns: &rules.columns,
        date_orders: &rules.date_orders,
        max_record: read.max_record,
    };
    let mut inputs: Vec<InputFile> = Vec::new();
    let mut skipped = Vec::new();
    let expanded = ingest::expand(paths)?;
    let named = forced
        .iter()
        .map(|(t, p)| (Some(*t), p.clone(), true))
        .chain(expanded.files.into_iter().map(|(p, n)| (None, p, n)));
    for (table, path, named) in named {
        let shown = path.display().to_string();
        if inputs.iter().any(|i| i.path == path) {
            continue;
        }
        let source = match ingest::Opened::open(&path) {
            Ok(source) => std::sync::Arc::new(source),
            Err(e) if named && !read.allow_missing => {
                bail!("cannot read {shown}: {e} (--allow-missing passes over such inputs)")
            }
            Err(e) => {
                skipped.push(Skipped {
                    path: shown,
                    reason: format!("cannot be read: {e}"),
                    lookup: false,
                });
                continue;
            }
        };
        let mut same = None;
        for i in &inputs {
            if i.source.same_as(&source)? {
                same = Some(i.display_name());
                break;
            }
        }
        if let Some(first) = same {
            skipped.push(Skipped {
                path: shown,
                reason: format!("the same data as {first}, read once"),
                lookup: false,
            });
            continue;
        }
        match (ingest::prepare(&path, source, table, &opts), table) {
            (Ok(Ok(input)), _) => inputs.push(input),
            (Ok(Err(reason)), Some(_)) => bail!("{shown}: {reason}"),
            (Err(e), Some(_)) => return Err(e),
            (Ok(Err(reason)), None) => skipped.push(Skipped {
                path: shown,
                reason,
                lookup: false,
            }),
            (Err(e), None) => skipped.push(Skipped {
                path: shown,
                reason: format!("{e:#}"),
                lookup: false,
            }),
        }
    }
    skipped.extend(
        ingest::lookup::resolve(&mut inputs)?
            .into_iter()
            .map(|(u, lookup)| Skipped {
                path: u.path,
                reason: u.reason,
                lookup,
            }),
    );
    skipped.extend(expanded.unusable.into_iter().map(|u| Skipped {
        path: u.path,
        reason: u.reason,
        lookup: false,
    }));
    if inputs.is_empty() && skipped.is_empty() {
        bail!("no input files: give CSV files or folders (see rapport score --help)");
    }
    Ok((inputs, skipped))
}

/// The files of an export, each with its table decided, and the rule set with
/// the value words of the vendors found layered in.
pub fn read_export(
    rules: RuleSet,
    input: &Input,
) -> Result<(RuleSet, Vec<InputFile>, Vec<Skipped>)> {
    let (rules, inputs, skipped) = read_export_found(rules, input)?;
    refuse_nothing_read(&inputs, &skipped)?;
    Ok((rules, inputs, skipped))
}

/// [`read_export`] for `rapport inspect`, which reports what it found and
/// what is missing rather than refusing an export no file of which is a table.
pub fn read_export_found(
    rules: RuleSet,
    input: &Input,
) -> Result<(RuleSet, Vec<InputFile>, Vec<Skipped>)> {
    let (inputs, skipped) = recognise_found(&rules, &input.read, &input.forced, &input.paths)?;
    let rules = with_vendor_words(rules, &inputs)?;
    Ok((rules, inputs, skipped))
}

/// The rule set with the `[classes]` words of each vendor among the inputs.
pub fn with_vendor_words(rules: RuleSet, inputs: &[InputFile]) -> Result<RuleSet> {
    Ok(vendor_words(&rules, inputs)?.unwrap_or(rules))
}

/// The rule set with the vendors' words layered in, or `None` when they add none.
pub fn vendor_words(rules: &RuleSet, inputs: &[InputFile]) -> Result<Option<RuleSet>> {
    let mut vendors: Vec<&'static ingest::Preset> = Vec::new();
    for v in inputs.iter().filter_map(|i| i.vendor) {
        if !vendors.iter().any(|x| std::ptr::eq(*x, v)) {
            vendors.push(v);
        }
    }
    if vendors.iter().all(|v| v.classes.is_none()) {
        return Ok(None);
    }
    Ok(Some(rules.with_presets(&vendors)?))
}

/// How the pass runs, beyond what it reads.
#[derive(Default)]
pub struct PassOptions<'p> {
    /// Keep the rows behind every metric of this account (`rapport explain`).
    pub trace: Option<&'p str>,
    /// Stop at the first rejected row.
    pub strict: bool,
    /// Threads the pass may use; 0 means one per core.
    pub threads: usize,
    /// Told the bytes read so far as the pass goes.
    pub progress: Option<&'p mut dyn FnMut(u64)>,
}

/// How long an export may end before the as-of day before reports say so.
pub const STALE_DAYS: i64 = 90;

/// The day of the newest dated record of the inputs, by each table's main
/// date: what `--as-of latest` scores as of. It takes a pass of its own, so
/// the inputs must be files, not streams.
pub fn newest_record(rules: &RuleSet, inputs: &[InputFile], threads: usize) -> Result<Day> {
    let outcome = Engine::new(rules, Day::today().number())
        .threads(threads)
        .run(inputs, &mut IgnoreRejects)
        .map_err(|e| e.context("--as-of latest reads the export twice"))?;
    outcome
        .stats
        .iter()
        .filter_map(|s| s.last_date)
        .max()
        .ok_or_else(|| {
            anyhow::anyhow!(
                "--as-of latest: no row of the export has a date to be the latest; give a date (YYYY-MM-DD)"
            )
        })
}

/// Scores the given inputs: the library entry point behind `rapport score`.
/// `as_of` is a day, or `latest`: the day of the export's newest dated record.
pub fn analyse<'a>(
    rules: &'a RuleSet,
    as_of: impl Into<AsOf>,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    sink: &mut dyn RejectSink,
    options: PassOptions,
) -> Result<report::Report<'a>> {
    let threads = settings::thread_count(options.threads);
    let as_of = match as_of.into() {
        AsOf::Day(day) => day,
        AsOf::Latest => newest_record(rules, inputs, threads)?,
    };
    let strict = options.strict;
    let mut engine = Engine::new(rules, as_of.number())
        .strict(options.strict)
        .threads(threads);
    if let Some(account) = options.trace {
        engine = engine.trace(account);
    }
    if let Some(p) = options.progress {
        engine = engine.progress(p);
    }
    let outcome = engine.run(inputs, sink)?;
    let report = report(rules, as_of, inputs, unrecognised, outcome, threads);
    if strict
        && let Some(alarm) = report
            .notices
            .iter()
            .find(|n| n.kind == Notice::MOSTLY_REJECTED)
    {
        bail!("{} (--strict makes this an error)", alarm.text);
    }
    if strict && !report.uninformative.is_empty() {
        let ids: Vec<&str> = report
            .uninformative
            .iter()
            .map(|u| u.rule.as_str())
            .collect();
        bail!(
            "uninformative on this export (the same result for nearly every account): {} (--strict makes this an error)",
            ids.join(", ")
        );
    }
    Ok(report)
}

/// Scores every account of a pass once, puts them in report order and builds
/// the report around them. A table whose files are mostly rejected backs no
/// rule; accounts with no records at all are counted and given no actions; the report
/// opens with what a reader must know before trusting it (see [`notices`]).
pub fn report<'a>(
    rules: &'a RuleSet,
    as_of: Day,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    mut outcome: Outcome,
    threads: usize,
) -> report::Report<'a> {
    let mut notices = Vec::new();
    let rejected = mostly_rejected(inputs, &outcome.stats);
    for (table, reason) in &rejected {
        for (m, metric) in rules.metrics.iter().enumerate() {
            if metric.table == *table && outcome.assessable[m].is_ok() {
                outcome.assessable[m] = Err(reason.clone());
            }
        }
    }
    notices.extend(rejected.into_iter().map(|(table, reason)| Notice {
        kind: Notice::MOSTLY_REJECTED.to_string(),
        text: format!("{reason}: the rules that read {table} are not assessed"),
    }));
    notices.extend(derived(inputs, &outcome.stats));
    notices.extend(stale(as_of, &outcome.stats));
    // Only an export with more than accounts can say an account has no records.
    let records_known = inputs.iter().any(|i| i.table != Table::Accounts);
    scored(
        rules,
        as_of,
        inputs,
        unrecognised,
        outcome,
        threads,
        notices,
        records_known,
    )
}

/// [`report`] for a metrics table computed in a warehouse: its accounts come
/// from the warehouse's accounts table and it keeps no rejects or dates, so of
/// the notices only the accounts with no records apply, counted in SQL.
pub fn report_from_metrics(
    rules: &RuleSet,
    as_of: Day,
    outcome: Outcome,
    threads: usize,
) -> report::Report<'_> {
    // The query counts 0 records everywhere when it read no other table.
    let records_known = outcome.accounts.iter().any(|a| a.records > 0);
    scored(
        rules,
        as_of,
        &[],
        &[],
        outcome,
        threads,
        Vec::new(),
        records_known,
    )
}

/// Ranks the accounts and builds the report with its notices; with
/// `records_known`, accounts with no records get no actions and a notice.
#[allow(clippy::too_many_arguments)]
fn scored<'a>(
    rules: &'a RuleSet,
    as_of: Day,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    outcome: Outcome,
    threads: usize,
    mut notices: Vec<Notice>,
    records_known: bool,
) -> report::Report<'a> {
    let dormant = if records_known {
        outcome.accounts.iter().filter(|a| a.records == 0).count()
    } else {
        0
    };
    let ranked = score::rank(rules, as_of, outcome, threads);
    let mut report = report::build(ranked, inputs, unrecognised);
    if dormant > 0 {
        report.quiet_dormant();
        notices.push(Notice {
            kind: Notice::DORMANT.to_string(),
            text: format!(
                "{dormant} {} no records at all (no contact, activity, deal or case): no actions for {}",
                if dormant == 1 { "account has" } else { "accounts have" },
                if dormant == 1 { "it" } else { "them" }
            ),
        });
    }
    report.notices = notices;
    report
}

/// A file's name without its folder, as notices name it.
fn file_name(input: &InputFile) -> String {
    input.path.file_name().map_or_else(
        || input.display_name(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Tables more than half of whose rows were rejected, with the reason their
/// rules are not assessed (`tickets: 97% of rows rejected (Case.csv)`).
fn mostly_rejected(
    inputs: &[InputFile],
    stats: &[crate::metrics::InputStats],
) -> Vec<(Table, String)> {
    let mut out = Vec::new();
    for table in Table::ALL {
        let files: Vec<usize> = (0..inputs.len().min(stats.len()))
            .filter(|&i| inputs[i].table == table)
            .collect();
        let rows: u64 = files.iter().map(|&i| stats[i].rows).sum();
        let rejected: u64 = files.iter().map(|&i| stats[i].rejected).sum();
        if rows == 0 || rejected * 2 <= rows {
            continue;
        }
        let names: Vec<String> = files
            .iter()
            .filter(|&&i| stats[i].rejected > 0)
            .map(|&i| file_name(&inputs[i]))
            .collect();
        let share = (100 * rejected / rows).max(51);
        out.push((
            table,
            format!(
                "{table}: {share}% of rows rejected ({rejected} of {rows} in {})",
                names.join(", ")
            ),
        ));
    }
    out
}

/// With no accounts file: which files the accounts were derived from.
fn derived(inputs: &[InputFile], stats: &[crate::metrics::InputStats]) -> Option<Notice> {
    if inputs.iter().any(|i| i.table == Table::Accounts) {
        return None;
    }
    let parts: Vec<String> = inputs
        .iter()
        .zip(stats)
        .filter(|(_, s)| s.derived_accounts > 0)
        .map(|(i, s)| {
            let n = s.derived_accounts;
            format!(
                "{}: {n} account{}",
                file_name(i),
                if n == 1 { "" } else { "s" }
            )
        })
        .collect();
    let text = if inputs.is_empty() {
        "no file of the export could be read as a table: there is nothing to score".to_string()
    } else if parts.is_empty() {
        "no accounts file, and no row names an account: there is nothing to score".to_string()
    } else {
        format!(
            "no accounts file: accounts derived from {} (named by their rows' account ids or names)",
            parts.join(", ")
        )
    };
    Some(Notice {
        kind: Notice::DERIVED_ACCOUNTS.to_string(),
        text,
    })
}

/// When the newest dated record is long before the as-of day.
fn stale(as_of: Day, stats: &[crate::metrics::InputStats]) -> Option<Notice> {
    let newest = stats.iter().filter_map(|s| s.last_date).max()?;
    let days = as_of.days_since(newest);
    (days > STALE_DAYS).then(|| Notice {
        kind: Notice::STALE_DATA.to_string(),
        text: format!(
            "the export's newest record is from {newest}, {days} days before the as-of date {as_of}: \
             every account looks silent since then. Score as of the export's end with \
             --as-of latest (or --as-of {newest})"
        ),
    })
}

/// Scores the export at `paths` and returns the whole report in memory.
pub fn analyse_paths(
    rules: &RuleSet,
    as_of: impl Into<AsOf>,
    paths: &[PathBuf],
) -> Result<report::ReportData> {
    let (inputs, unrecognised) = recognise_all(rules, &[], paths)?;
    let layered = vendor_words(rules, &inputs)?;
    let rules = layered.as_ref().unwrap_or(rules);
    let report = analyse(
        rules,
        as_of,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        PassOptions::default(),
    )?;
    Ok(serde_json::from_value(serde_json::to_value(&report)?)?)
}

/// Why the account the pass traced scored what it did, or None when the
/// accounts table does not have it.
pub fn explain(report: &report::Report) -> Option<report::explain::Explanation> {
    let trail = report.ranked().trail()?;
    Some(report.explanation(trail))
}
