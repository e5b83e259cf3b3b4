//! `rapport inspect`: what rapport understood of each file, so a person can see
//! why a row was rejected or a rule not assessed before trusting a score.

use std::io::{self, Write};
use std::process::ExitCode;

use crate::pipeline;
use crate::settings::{self, Settings};
use anyhow::Result;
use serde::Serialize;

use crate::cli::{Format, InspectArgs};
use crate::ingest::{self, InputFile, values};
use crate::metrics::{Reject, RejectSink};
use crate::report::{NotAssessed, printable};

pub const SCHEMA: &str = "rapport.inspect/1";

/// Distinct sample values kept per column.
const SAMPLES: usize = 3;
/// Rejected rows listed per file.
const REJECTS_SHOWN: usize = 10;

#[derive(Debug, Serialize)]
pub struct Inspection {
    pub schema: &'static str,
    pub rules_source: String,
    pub files: Vec<FileInspection>,
    /// Rules the export lacks the data for, with the reason.
    pub not_assessed: Vec<NotAssessed>,
}

#[derive(Debug, Serialize)]
pub struct FileInspection {
    pub path: String,
    /// Null when the file could not be used; `error` says why.
    pub table: Option<String>,
    pub table_why: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub vendor: Option<String>,
    pub vendor_why: Option<String>,
    pub encoding: Option<String>,
    /// `detected` or `forced`.
    pub encoding_by: Option<String>,
    pub delimiter: Option<String>,
    /// `sniffed` or `forced`.
    pub delimiter_by: Option<String>,
    /// Rows read, used, rejected and skipped.
    #[serde(flatten)]
    pub counts: crate::metrics::InputStats,
    pub columns: Vec<ColumnInspection>,
    pub dates: Vec<DateInspection>,
    /// The first rejected rows, in reading order.
    pub rejects: Vec<RejectInspection>,
    /// Rejected rows per column (`null` for rows rejected as a whole).
    pub rejects_by_column: Vec<(Option<String>, u64)>,
}

#[derive(Debug, Serialize)]
pub struct ColumnInspection {
    pub header: String,
    /// The canonical fields it feeds (`deals.close_date`); empty when ignored.
    pub fields: Vec<String>,
    /// `mapped`, `ignored` (no field reads it) or `dropped` (the vendor's bookkeeping).
    pub status: &'static str,
    /// Rows with a value in it.
    pub filled: u64,
    pub samples: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DateInspection {
    pub header: String,
    pub order: &'static str,
    pub decided: String,
    /// Non-empty values and how many of them read as dates in that order.
    pub values: u64,
    pub parsed: u64,
    pub parse_rate: Option<f64>,
    /// The first value that did not read, with its line.
    pub first_unreadable: Option<(u64, String)>,
}

#[derive(Debug, Serialize)]
pub struct RejectInspection {
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

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

pub fn inspect_command(args: InspectArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let settings = Settings::resolve(args.as_of, &args.input);
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let mut collect = Collect::default();
    let report = pipeline::analyse(
        &rules,
        settings.as_of,
        &inputs,
        &unrecognised,
        &mut collect,
        pipeline::PassOptions {
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
            error: None,
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
    for u in &unrecognised {
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
            error: Some(u.reason.clone()),
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
    let inspection = Inspection {
        schema: SCHEMA,
        rules_source: rules.origin.clone(),
        files,
        not_assessed: report.not_assessed.clone(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &inspection)?;
            writeln!(out)?;
        }
        Format::Table => render(&inspection, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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
    let (mut reader, guard) = ingest::open_guarded(input)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    // A row the csv reader cannot read ends the profile; the score pass says where.
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        guard.record_ended(reader.position().byte());
        rows += 1;
        let line = input.line_of(&record, rows);
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
            ColumnInspection {
                header: input.headers[c].clone(),
                fields: fields[c].clone(),
                status,
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

fn render(ins: &Inspection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Rules: {}", ins.rules_source)?;
    for f in &ins.files {
        writeln!(out)?;
        match &f.table {
            Some(table) => writeln!(out, "{}: {table}", printable(&f.path))?,
            None => writeln!(out, "{}: not used", printable(&f.path))?,
        }
        if let Some(e) = &f.error {
            writeln!(out, "  why:       {}", printable(e))?;
        }
        if let Some(why) = &f.table_why {
            writeln!(out, "  table:     {}", printable(why))?;
        }
        match (&f.vendor, &f.vendor_why) {
            (Some(v), Some(why)) => {
                writeln!(out, "  vendor:    {v} ({})", printable(why))?;
                if let Some(p) = ingest::preset::by_name(v) {
                    writeln!(
                        out,
                        "             cannot know without mapping: {}",
                        p.limits
                    )?;
                }
            }
            (Some(v), None) => writeln!(out, "  vendor:    {v}")?,
            _ if f.table.is_some() => writeln!(
                out,
                "  vendor:    none recognised (rapport's own and Salesforce API names, and [columns])"
            )?,
            _ => {}
        }
        if let Some(e) = &f.encoding {
            let by = f.encoding_by.as_deref().unwrap_or("detected");
            let d = f.delimiter.as_deref().unwrap_or("?");
            let dby = f.delimiter_by.as_deref().unwrap_or("sniffed");
            writeln!(out, "  read as:   {e} ({by}), delimiter '{d}' ({dby})")?;
        }
        if f.table.is_some() {
            writeln!(
                out,
                "  rows:      {}: {} used, {} rejected, {} skipped ({} deleted, {} footer, {} blank)",
                f.counts.rows,
                f.counts.used,
                f.counts.rejected,
                f.counts.skipped,
                f.counts.deleted,
                f.counts.footer,
                f.counts.skipped - f.counts.deleted - f.counts.footer
            )?;
        }
        if !f.columns.is_empty() {
            writeln!(out, "  columns:")?;
            let w = f
                .columns
                .iter()
                .map(|c| c.header.chars().count())
                .max()
                .unwrap_or(0)
                .min(36);
            for c in &f.columns {
                let target = match c.status {
                    "mapped" => c.fields.join(", "),
                    other => format!("({other})"),
                };
                let samples = if c.samples.is_empty() {
                    String::new()
                } else {
                    format!(
                        "  e.g. {}",
                        c.samples
                            .iter()
                            .map(|s| format!("'{}'", printable(s)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                let filled = if f.table.is_some() {
                    format!("  {} filled", c.filled)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "    {:<w$}  -> {target}{filled}{samples}",
                    printable(&c.header)
                )?;
            }
        }
        if !f.dates.is_empty() {
            writeln!(out, "  dates:")?;
            for d in &f.dates {
                let rate = d.parse_rate.map_or("no values".to_string(), |r| {
                    format!("{:.1}% read", r * 100.0)
                });
                writeln!(
                    out,
                    "    {}: {}, {} ({} of {} values, {rate})",
                    printable(&d.header),
                    d.order,
                    d.decided,
                    d.parsed,
                    d.values
                )?;
                if let Some((line, v)) = &d.first_unreadable {
                    writeln!(
                        out,
                        "      first unreadable: line {line}: '{}'",
                        printable(v)
                    )?;
                }
            }
        }
        if !f.rejects.is_empty() {
            writeln!(out, "  rejected:")?;
            for (col, n) in &f.rejects_by_column {
                writeln!(
                    out,
                    "    {n} in {}",
                    col.as_deref()
                        .map_or("the whole row".to_string(), |c| format!(
                            "column {}",
                            printable(c)
                        ))
                )?;
            }
            for r in &f.rejects {
                let col = r
                    .column
                    .as_deref()
                    .map_or(String::new(), |c| format!(" {}:", printable(c)));
                writeln!(out, "    line {}:{col} {}", r.line, printable(&r.reason))?;
            }
            if f.counts.rejected > f.rejects.len() as u64 {
                writeln!(
                    out,
                    "    ... {} more (rapport score --rejects FILE lists them all)",
                    f.counts.rejected - f.rejects.len() as u64
                )?;
            }
        }
    }
    writeln!(out)?;
    if ins.not_assessed.is_empty() {
        writeln!(out, "Every rule can be assessed on this export.")?;
    } else {
        writeln!(out, "Not assessed for lack of data:")?;
        for n in &ins.not_assessed {
            writeln!(out, "  {}: {}", n.rule, printable(&n.reason))?;
        }
    }
    Ok(())
}
