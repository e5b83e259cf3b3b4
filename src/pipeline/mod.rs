//! The pipeline, in the order it runs: recognise the files of an export ->
//! run the engine over them (one streaming pass) -> score every account once
//! -> build the report the renderers show.

pub mod inspect;

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::day::Day;
use crate::ingest::{self, InputFile};
use crate::metrics::{Engine, IgnoreRejects, Outcome, RejectSink};
use crate::model::Table;
use crate::report::{self, Skipped};
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
            }),
            (Err(e), None) => skipped.push(Skipped {
                path: shown,
                reason: format!("{e:#}"),
            }),
        }
    }
    skipped.extend(expanded.unusable.into_iter().map(|u| Skipped {
        path: u.path,
        reason: u.reason,
    }));
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

/// The files of an export, each with its table decided, and the rule set with
/// the value words of the vendors found layered in.
pub fn read_export(
    rules: RuleSet,
    input: &Input,
) -> Result<(RuleSet, Vec<InputFile>, Vec<Skipped>)> {
    let (inputs, skipped) = recognise_with(&rules, &input.read, &input.forced, &input.paths)?;
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

/// Scores the given inputs: the library entry point behind `rapport score`.
pub fn analyse<'a>(
    rules: &'a RuleSet,
    as_of: impl Into<Day>,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    sink: &mut dyn RejectSink,
    options: PassOptions,
) -> Result<report::Report<'a>> {
    let as_of = as_of.into();
    let threads = settings::thread_count(options.threads);
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
/// the report around them.
pub fn report<'a>(
    rules: &'a RuleSet,
    as_of: Day,
    inputs: &'a [InputFile],
    unrecognised: &[Skipped],
    outcome: Outcome,
    threads: usize,
) -> report::Report<'a> {
    let ranked = score::rank(rules, as_of, outcome, threads);
    report::build(ranked, inputs, unrecognised)
}

/// Scores the export at `paths` and returns the whole report in memory.
pub fn analyse_paths(
    rules: &RuleSet,
    as_of: impl Into<Day>,
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
