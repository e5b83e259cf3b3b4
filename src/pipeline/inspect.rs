//! `rapport inspect`: the pass over an export, and per file what was decided
//! (table, vendor, encoding, delimiter, date orders), how each column is used
//! and the first rows rejected.

use anyhow::Result;

use crate::ingest::{self, InputFile, values};
use crate::metrics::{Reject, RejectSink};
use crate::report::Skipped;
use crate::report::inspect::{
    ColumnInspection, DateInspection, FileInspection, Inspection, RejectInspection, SCHEMA,
};
use crate::settings::Settings;
use crate::spec::RuleSet;

/// Distinct sample values kept per column.
const SAMPLES: usize = 3;
/// Rejected rows listed per file.
const REJECTS_SHOWN: usize = 10;

/// Keeps every file's first rejects and counts per column.
#[derive(Default)]
struct Collect {
    shown: Vec<Vec<Reject>>,
    by_column: Vec<Vec<(Option<String>, u64)>>,
}

impl RejectSink for Collect {
    fn reject(&mut self, reject: Reject) {
        let f = reject.file;
        if self.shown.len() <= f {
            self.shown.resize_with(f + 1, Vec::new);
            self.by_column.resize_with(f + 1, Vec::new);
        }
        match self.by_column[f]
            .iter_mut()
            .find(|(c, _)| *c == reject.column)
        {
            Some((_, n)) => *n += 1,
            None => self.by_column[f].push((reject.column.clone(), 1)),
        }
        if self.shown[f].len() < REJECTS_SHOWN {
            self.shown[f].push(reject);
        }
    }
}

/// Reads the export once as `rapport score` does, then profiles every file.
pub fn inspect(
    rules: &RuleSet,
    settings: &Settings,
    inputs: &[InputFile],
    unrecognised: &[Skipped],
) -> Result<Inspection> {
    let mut collect = Collect::default();
    let report = super::analyse(
        rules,
        settings.as_of,
        inputs,
        unrecognised,
        &mut collect,
        super::PassOptions {
            threads: settings.threads,
            ..Default::default()
        },
    )?;
    let mut files = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let stats = &report.inputs[i];
        let (columns, dates) = profile(input)?;
        files.push(FileInspection {
            path: input.display_name(),
            table: Some(input.table.name().to_string()),
            table_why: Some(input.table_why.clone()),
            runner_up: input.runner_up.clone(),
            error: None,
            lookup: None,
            vendor: input.vendor.map(|v| v.name.clone()),
            vendor_why: input.vendor_why.clone(),
            encoding: Some(input.encoding_name()),
            encoding_by: Some(
                if input.encoding_forced {
                    "forced"
                } else {
                    "detected"
                }
                .into(),
            ),
            delimiter: Some(ingest::delimiter_name(input.delimiter)),
            delimiter_by: Some(
                if input.delimiter_forced {
                    "forced"
                } else {
                    "sniffed"
                }
                .into(),
            ),
            counts: stats.counts.clone(),
            columns,
            dates,
            rejects: collect
                .shown
                .get(i)
                .into_iter()
                .flatten()
                .map(|r| RejectInspection {
                    line: r.line,
                    column: r.column.clone(),
                    reason: r.reason.clone(),
                })
                .collect(),
            rejects_by_column: collect.by_column.get(i).cloned().unwrap_or_default(),
        });
    }
    for u in unrecognised {
        let sniffed = ingest::sniff(
            std::path::Path::new(&u.path),
            settings.input.read.encoding,
            settings.input.read.delimiter,
        )
        .ok();
        files.push(FileInspection {
            path: u.path.clone(),
            table: None,
            table_why: None,
            runner_up: None,
            // The page already says the file is not used.
            error: (!u.lookup).then(|| {
                u.reason
                    .strip_prefix("not used: ")
                    .unwrap_or(&u.reason)
                    .to_string()
            }),
            lookup: u.lookup.then(|| u.reason.clone()),
            vendor: None,
            vendor_why: None,
            encoding: sniffed.as_ref().map(|s| {
                if s.bom && s.encoding == ingest::TextEncoding::Utf8 {
                    "utf-8-bom".to_string()
                } else {
                    s.encoding.name().to_string()
                }
            }),
            encoding_by: None,
            delimiter: sniffed
                .as_ref()
                .map(|s| ingest::delimiter_name(s.delimiter)),
            delimiter_by: None,
            counts: crate::metrics::InputStats::default(),
            columns: sniffed
                .map(|s| {
                    s.headers
                        .into_iter()
                        .map(|header| ColumnInspection {
                            header,
                            fields: Vec::new(),
                            status: "ignored",
                            matched: None,
                            match_why: None,
                            filled: 0,
                            samples: Vec::new(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            dates: Vec::new(),
            rejects: Vec::new(),
            rejects_by_column: Vec::new(),
        });
    }
    Ok(Inspection {
        schema: SCHEMA,
        rapport: crate::report::VERSION,
        rules_source: rules.origin.clone(),
        files,
        history: report.history.clone(),
        notices: report.notices.clone(),
        not_assessed: report.not_assessed.clone(),
        uninformative: report.uninformative.clone(),
    })
}

/// Values, values read, and the first unreadable one (line, value).
type DateCount = (u64, u64, Option<(u64, String)>);

/// One pass over a file: per column how often it is filled and a few values; per
/// date column how many values read in the decided order.
fn profile(input: &InputFile) -> Result<(Vec<ColumnInspection>, Vec<DateInspection>)> {
    let width = input.headers.len();
    let mut fields: Vec<Vec<String>> = vec![Vec::new(); width];
    for (f, cols) in input.mapping.cols.iter().enumerate() {
        for &c in cols {
            if c < width {
                fields[c].push(format!("{}.{}", input.table, input.table.fields()[f].name));
            }
        }
    }
    let mut filled = vec![0u64; width];
    let mut samples: Vec<Vec<String>> = vec![Vec::new(); width];
    let date_cols = ingest::date_columns(input);
    let mut date_stats: Vec<DateCount> = vec![(0, 0, None); date_cols.len()];
    let mut reader = ingest::open_records(input)?;
    let mut record = csv::ByteRecord::new();
    // The same reader as the pass: lines it cannot read are rejects the pass
    // names, and the profile reads on after them.
    loop {
        let line = match reader.next(&mut record)? {
            ingest::Next::Record(span) => span.line,
            ingest::Next::Lost { .. } => continue,
            ingest::Next::End => break,
        };
        for (c, raw) in record.iter().enumerate().take(width) {
            let raw = raw.trim_ascii();
            if raw.is_empty() {
                continue;
            }
            filled[c] += 1;
            if samples[c].len() < SAMPLES {
                let v = String::from_utf8_lossy(raw);
                let v: String = v.chars().take(40).collect();
                if !samples[c].contains(&v) {
                    samples[c].push(v);
                }
            }
        }
        for (k, &c) in date_cols.iter().enumerate() {
            let Some(raw) = record.get(c).map(<[u8]>::trim_ascii) else {
                continue;
            };
            if raw.is_empty() {
                continue;
            }
            let st = &mut date_stats[k];
            st.0 += 1;
            if values::parse_date(raw, input.date_orders[c]).is_some() {
                st.1 += 1;
            } else if st.2.is_none() {
                st.2 = Some((line, String::from_utf8_lossy(raw).into_owned()));
            }
        }
    }
    let columns = (0..width)
        .map(|c| {
            let status = if input.dropped.contains(&c) {
                "dropped"
            } else if fields[c].is_empty() {
                "ignored"
            } else {
                "mapped"
            };
            let matched = input
                .mapping
                .matched
                .get(c)
                .and_then(Option::as_ref)
                .filter(|_| status == "mapped");
            ColumnInspection {
                header: input.headers[c].clone(),
                fields: fields[c].clone(),
                status,
                matched: matched.map(|m| m.name()),
                match_why: matched.map(|m| m.why()),
                filled: filled[c],
                samples: std::mem::take(&mut samples[c]),
            }
        })
        .collect();
    let dates = date_cols
        .iter()
        .zip(date_stats)
        .map(|(&c, (values, parsed, first_bad))| {
            let decided = input.dates.iter().find(|d| d.column == c);
            DateInspection {
                header: input.headers[c].clone(),
                order: input.date_orders[c].name(),
                decided: decided.map_or(String::new(), |d| d.decided.to_string()),
                values,
                parsed,
                parse_rate: (values > 0).then(|| parsed as f64 / values as f64),
                first_unreadable: first_bad,
            }
        })
        .collect();
    Ok((columns, dates))
}
