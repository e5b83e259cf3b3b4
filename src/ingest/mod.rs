//! Files -> canonical tables: find the CSV files, decide each one's encoding,
//! delimiter and vendor, recognise its table from its header, map its columns to
//! canonical fields, decide the day/month order of its date columns, and hand out
//! its rows.

pub mod encoding;
pub mod preset;
pub mod quirks;
pub mod values;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::model::{FieldId, FieldKind, Table};
pub use encoding::TextEncoding;
pub use preset::Preset;
use values::{DateEvidence, DateOrder};

/// How many data rows are read ahead to decide a date column's day/month order.
pub const DATE_SAMPLE_ROWS: u64 = 10_000;

/// A CSV file with its table decided and its columns mapped.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub table: Table,
    /// Why the file was taken as its table.
    pub table_why: String,
    pub delimiter: u8,
    pub delimiter_forced: bool,
    pub encoding: TextEncoding,
    /// The file starts with a byte-order mark.
    pub bom: bool,
    pub encoding_forced: bool,
    pub vendor: Option<&'static Preset>,
    /// Why the vendor was chosen (`forced with --preset`, or the headers).
    pub vendor_why: Option<String>,
    pub headers: Vec<String>,
    /// Lines end in CRLF: the csv reader counts such a record's line one short.
    pub crlf: bool,
    pub mapping: Mapping,
    /// Columns dropped as the vendor's bookkeeping (Dynamics' `(Do Not Modify)`).
    pub dropped: Vec<usize>,
    /// The date columns, with the order each is read in and why.
    pub dates: Vec<DateColumn>,
    /// Per column of the header: the day/month order its dates are read in.
    pub date_orders: Vec<DateOrder>,
    /// The most one record may hold, in bytes.
    pub max_record: u64,
}

/// How a date column's day/month order was decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum OrderDecision {
    /// No value in the sample depends on it (ISO dates, serials, month names).
    NotNeeded,
    /// A value only one order can read settles it.
    Data { line: u64, value: String },
    /// Values that only one order reads and values only the other reads: the
    /// majority wins and the others are rejected.
    Mixed { month_first: u64, day_first: u64 },
    /// Like another date column of the same file that the data settled.
    LikeColumn { header: String },
    /// Nothing in the sample settles it: day-first for dots, else month-first.
    Assumed { separator: char },
    /// `[date_order]` in the rule file.
    RuleFile,
}

impl fmt::Display for OrderDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderDecision::NotNeeded => f.write_str("not needed: no value depends on it"),
            OrderDecision::Data { line, value } => {
                write!(f, "from the data: line {line} has '{value}'")
            }
            OrderDecision::Mixed {
                month_first,
                day_first,
            } => write!(
                f,
                "mixed: {month_first} values read only month-first, {day_first} only day-first; the fewer are rejected"
            ),
            OrderDecision::LikeColumn { header } => {
                write!(f, "like column '{header}' of the same file")
            }
            OrderDecision::Assumed { separator } => write!(
                f,
                "assumed from the '{separator}' separator: no value in the first {DATE_SAMPLE_ROWS} rows has a day above 12; set it in [date_order]"
            ),
            OrderDecision::RuleFile => f.write_str("set in the rule file ([date_order])"),
        }
    }
}

/// One date column of a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DateColumn {
    pub column: usize,
    pub header: String,
    pub order: DateOrder,
    pub decided: OrderDecision,
}

impl InputFile {
    pub fn display_name(&self) -> String {
        self.path.display().to_string()
    }

    /// The line a record starts on, counted from 1 with the header on line 1.
    pub fn line_of(&self, record: &csv::ByteRecord, index: u64) -> u64 {
        match record.position() {
            Some(p) if self.crlf => p.line() + 1,
            Some(p) => p.line(),
            None => index + 1,
        }
    }

    /// The encoding as reported: `utf-8`, `utf-8-bom`, `utf-16le`, ...
    pub fn encoding_name(&self) -> String {
        if self.bom && self.encoding == TextEncoding::Utf8 {
            "utf-8-bom".to_string()
        } else {
            self.encoding.name().to_string()
        }
    }
}

/// A delimiter as reported: `,` `;` `tab` `|`.
pub fn delimiter_name(d: u8) -> String {
    match d {
        b'\t' => "tab".to_string(),
        other => (other as char).to_string(),
    }
}

/// A delimiter as a person gives it on the command line.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s.to_ascii_lowercase().as_str() {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "'{s}' is not a delimiter rapport reads: comma, semicolon, tab or pipe"
        )),
    }
}

/// Read access to a record's fields: a `csv::ByteRecord`, or a record kept in a
/// batch of the streaming pass.
pub trait Fields {
    /// Field `i`, if the record has that many.
    fn field(&self, i: usize) -> Option<&[u8]>;
    /// How many fields the record has.
    fn field_count(&self) -> usize;
}

impl Fields for csv::ByteRecord {
    #[inline]
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }

    fn field_count(&self) -> usize {
        self.len()
    }
}

/// Which columns feed each canonical field, best first.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub cols: Vec<Vec<usize>>,
}

impl Mapping {
    pub fn has(&self, field: FieldId) -> bool {
        !self.cols[field.0 as usize].is_empty()
    }

    /// The first non-empty value among the field's columns, trimmed.
    #[inline]
    pub fn get<'r, R: Fields + ?Sized>(&self, record: &'r R, field: FieldId) -> Option<&'r [u8]> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.field(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Like `get`, with the column index the value came from.
    pub fn get_with_col<'r, R: Fields + ?Sized>(
        &self,
        record: &'r R,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.field(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some((c, v));
                }
            }
        }
        None
    }

    fn mapped_count(&self) -> usize {
        self.cols.iter().filter(|c| !c.is_empty()).count()
    }

    /// Per column: is it read by some field?
    pub fn used_columns(&self, width: usize) -> Vec<bool> {
        let mut used = vec![false; width];
        for cols in &self.cols {
            for &c in cols {
                if c < width {
                    used[c] = true;
                }
            }
        }
        used
    }
}

/// A file that could not be used, with the reason a person can act on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unrecognised {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Unrecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Header spellings the user added in `[columns]`, by table and field.
pub type ColumnOverrides = HashMap<(Table, FieldId), Vec<String>>;

/// How files are to be read: flags and the rule file's `[columns]` and `[date_order]`.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<&'static Preset>,
    pub columns: &'a ColumnOverrides,
    /// Header (lower-cased) -> the order its dates are written in.
    pub date_orders: &'a HashMap<String, DateOrder>,
    /// The most one record may hold (default [`MAX_RECORD_BYTES`]).
    pub max_record: Option<u64>,
}

/// Expands folders into the CSV files they hold (sorted, not recursive) and keeps
/// files as given.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|path| path.is_file() && is_table_file(path))
                .collect();
            files.sort();
            if files.is_empty() {
                bail!("folder {} holds no .csv, .tsv or .txt files", p.display());
            }
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn is_table_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("csv" | "tsv" | "txt")
    )
}

/// What the first bytes of a file say: encoding, delimiter and header row.
#[derive(Debug, Clone)]
pub struct Sniffed {
    pub encoding: TextEncoding,
    pub bom: bool,
    pub delimiter: u8,
    pub headers: Vec<String>,
    /// The first line ends in CRLF.
    pub crlf: bool,
}

/// Reads a file's head: decides (or takes) its encoding and delimiter and reads
/// its header row.
pub fn sniff(
    path: &Path,
    encoding: Option<TextEncoding>,
    delimiter: Option<u8>,
) -> Result<Sniffed> {
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let (detected, bom_len) = encoding::detect(&head);
    let encoding = encoding.unwrap_or(detected);
    let text = encoding::decode_sample(&head, encoding);
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(text.as_bytes()));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).unwrap_or(false) {
        bail!("{} is empty: no header row", path.display());
    }
    let headers = record
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let crlf = first_line_ends_in_crlf(text.as_bytes());
    Ok(Sniffed {
        encoding,
        bom: bom_len > 0,
        delimiter,
        headers,
        crlf,
    })
}

/// Whether the header line ends in CRLF (outside quotes).
fn first_line_ends_in_crlf(body: &[u8]) -> bool {
    let mut quoted = false;
    for (i, &b) in body.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\r' | b'\n' if !quoted => return b == b'\r' && body.get(i + 1) == Some(&b'\n'),
            _ => {}
        }
    }
    false
}

/// The delimiter that splits the first line into the most fields, outside quotes.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Maps a header row onto a table's fields: the user's spellings first, then the
/// vendor preset's, then the built-in ones in their order of preference. Dropped
/// columns are never mapped.
pub fn map_columns(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Mapping {
    let normalised: Vec<String> = headers
        .iter()
        .map(|h| {
            if preset.is_some_and(|p| p.ignores(h)) {
                String::new()
            } else {
                h.trim().to_lowercase()
            }
        })
        .collect();
    let mut cols = Vec::with_capacity(table.fields().len());
    for (i, def) in table.fields().iter().enumerate() {
        let mut chosen = Vec::new();
        let key = (table, FieldId(i as u16));
        let user = overrides.get(&key);
        // `field = []` in [columns]: the export has no column for it.
        if user.is_some_and(|u| u.is_empty()) {
            cols.push(chosen);
            continue;
        }
        let spellings = user
            .into_iter()
            .flatten()
            .chain(
                preset
                    .and_then(|p| p.columns.get(&key))
                    .into_iter()
                    .flatten(),
            )
            .map(String::as_str)
            .chain(def.headers.iter().copied());
        for spelling in spellings {
            for (c, h) in normalised.iter().enumerate() {
                if !h.is_empty() && h == spelling && !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
        }
        cols.push(chosen);
    }
    Mapping { cols }
}

/// What a table needs, beyond its markers, to be joined to accounts.
fn join_ok(table: Table, m: &Mapping) -> Result<(), &'static str> {
    let has = |name: &str| table.field(name).is_some_and(|f| m.has(f));
    let ok = match table {
        Table::Accounts => has("id") && has("name"),
        Table::Contacts => has("id"),
        Table::ContactRoles => has("account_id") && has("contact_id"),
        Table::DealCompetitors => has("deal_id") && has("competitor"),
        Table::Orders | Table::Deals | Table::Tickets => has("account_id") || has("contact_id"),
        Table::Activities => has("account_id") || has("contact_id") || has("related_id"),
    };
    if ok {
        Ok(())
    } else {
        Err(match table {
            Table::Accounts => "an account id and a name (Id, Name)",
            Table::Contacts => "a contact id (Id)",
            Table::ContactRoles => "an account id and a contact id (AccountId, ContactId)",
            Table::DealCompetitors => "a deal id and a competitor (OpportunityId, CompetitorName)",
            Table::Orders | Table::Deals | Table::Tickets => {
                "an account id or a contact id (AccountId, ContactId)"
            }
            Table::Activities => "an account, contact or related id (AccountId, WhoId, WhatId)",
        })
    }
}

/// The headers of a file that marked it as its table, for `inspect`.
fn marker_headers(table: Table, headers: &[String], mapping: &Mapping) -> Vec<String> {
    table
        .markers()
        .iter()
        .filter_map(|m| table.field(m))
        .filter_map(|f| mapping.cols[f.0 as usize].first())
        .map(|&c| headers[c].clone())
        .collect()
}

/// Decides which table a file holds, from its header (the file name only breaks
/// ties), or says what it lacks. Returns the table, its mapping and why.
pub fn recognise(
    path: &Path,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<(Table, Mapping, String), String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut best: Option<(usize, usize, Table, Mapping)> = None;
    let mut closest: Option<(usize, Table, &'static str)> = None;
    for table in Table::ALL {
        let mapping = map_columns(table, headers, overrides, preset);
        let markers = table
            .markers()
            .iter()
            .filter(|m| table.field(m).is_some_and(|f| mapping.has(f)))
            .count();
        if markers == 0 {
            continue;
        }
        if let Err(missing) = join_ok(table, &mapping) {
            if closest.is_none_or(|(n, _, _)| markers > n) {
                closest = Some((markers, table, missing));
            }
            continue;
        }
        let hint = table.name_hints().iter().any(|h| stem.contains(h)) as usize;
        let score = mapping.mapped_count() + 3 * markers;
        if best
            .as_ref()
            .is_none_or(|(s, h, _, _)| (score, hint) > (*s, *h))
        {
            best = Some((score, hint, table, mapping));
        }
    }
    match (best, closest) {
        (Some((_, _, table, mapping)), _) => {
            let marks = marker_headers(table, headers, &mapping);
            let why = format!(
                "its header has {} and {} of the table's fields",
                marks
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                mapping.mapped_count()
            );
            Ok((table, mapping, why))
        }
        (None, Some((_, table, missing))) => Err(format!(
            "not recognised: its header looks like {table} but has no {missing}; \
             map the columns in a rule file's [columns.{table}] or force it with --{table}"
        )),
        (None, None) => Err(format!(
            "not recognised as any table: none of its {} columns is one rapport knows \
             (see docs/data-model.md); map them in [columns.TABLE] or force the table with a flag",
            headers.len()
        )),
    }
}

/// Maps a file forced to a table, checking it can still be joined.
pub fn force(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<Mapping, String> {
    let mapping = map_columns(table, headers, overrides, preset);
    join_ok(table, &mapping)
        .map_err(|missing| format!("given as {table} but its header has no {missing}"))?;
    Ok(mapping)
}

/// Reads a file's head, picks its vendor and table (or takes the forced one) and
/// decides its date columns. `Ok(Err(reason))` is a file that cannot be used.
pub fn prepare(
    path: &Path,
    forced: Option<Table>,
    opts: &ReadOptions,
) -> Result<Result<InputFile, String>> {
    let sniffed = sniff(path, opts.encoding, opts.delimiter)?;
    let (vendor, vendor_why) = match opts.preset {
        Some(p) => (Some(p), Some("forced with --preset".to_string())),
        None => match preset::detect(path, &sniffed.headers) {
            Some((p, why)) => (Some(p), Some(why)),
            None => (None, None),
        },
    };
    let recognised = match forced {
        Some(table) => force(table, &sniffed.headers, opts.columns, vendor)
            .map(|m| (table, m, format!("forced with --{table}"))),
        None => recognise(path, &sniffed.headers, opts.columns, vendor),
    };
    let (table, mapping, table_why) = match recognised {
        Ok(r) => r,
        Err(reason) => {
            return Ok(Err(
                match vendor.and_then(|v| v.unused_because(&sniffed.headers)) {
                    Some(why) => format!("not used: {why}"),
                    None => reason,
                },
            ));
        }
    };
    let dropped = match vendor {
        Some(p) => (0..sniffed.headers.len())
            .filter(|&c| p.ignores(&sniffed.headers[c]))
            .collect(),
        None => Vec::new(),
    };
    let width = sniffed.headers.len();
    let mut input = InputFile {
        path: path.to_path_buf(),
        table,
        table_why,
        delimiter: sniffed.delimiter,
        delimiter_forced: opts.delimiter.is_some(),
        encoding: sniffed.encoding,
        bom: sniffed.bom,
        encoding_forced: opts.encoding.is_some(),
        vendor,
        vendor_why,
        headers: sniffed.headers,
        crlf: sniffed.crlf,
        mapping,
        dropped,
        dates: Vec::new(),
        date_orders: vec![DateOrder::default(); width],
        max_record: opts.max_record.unwrap_or(MAX_RECORD_BYTES),
    };
    decide_dates(&mut input, opts.date_orders)?;
    Ok(Ok(input))
}

/// The columns of a file that feed a date field, in field order.
pub fn date_columns(input: &InputFile) -> Vec<usize> {
    let mut cols = Vec::new();
    for (i, def) in input.table.fields().iter().enumerate() {
        if def.kind == FieldKind::Date {
            for &c in &input.mapping.cols[i] {
                if !cols.contains(&c) {
                    cols.push(c);
                }
            }
        }
    }
    cols
}

/// What the look-ahead saw in one date column.
#[derive(Debug, Default, Clone)]
struct OrderEvidence {
    month_first: u64,
    day_first: u64,
    ambiguous: u64,
    first_month_first: Option<(u64, String)>,
    first_day_first: Option<(u64, String)>,
    separator: Option<u8>,
}

/// Decides each date column's day/month order. The engine reads every file in
/// one streaming pass, so the decision cannot wait for the end of a column: it
/// is taken from the first [`DATE_SAMPLE_ROWS`] rows, read ahead here (only the
/// date columns are looked at, and the look-ahead stops early once every column
/// is settled). A later value that contradicts it is rejected with the reason.
pub fn decide_dates(input: &mut InputFile, overrides: &HashMap<String, DateOrder>) -> Result<()> {
    let cols = date_columns(input);
    if cols.is_empty() {
        return Ok(());
    }
    let mut seen = vec![OrderEvidence::default(); cols.len()];
    let open: Vec<bool> = cols
        .iter()
        .map(|&c| !overrides.contains_key(&input.headers[c].trim().to_lowercase()))
        .collect();
    if open.iter().any(|&o| o) {
        let (mut reader, guard) = open_guarded(input)?;
        let mut record = csv::ByteRecord::new();
        let mut rows = 0;
        // A malformed row ends the look-ahead; the main pass reports it.
        while rows < DATE_SAMPLE_ROWS && reader.read_byte_record(&mut record).unwrap_or(false) {
            guard.record_ended(reader.position().byte());
            rows += 1;
            let line = input.line_of(&record, rows);
            for (k, &c) in cols.iter().enumerate() {
                let Some(raw) = record.get(c).map(<[u8]>::trim_ascii) else {
                    continue;
                };
                if raw.is_empty() || !open[k] {
                    continue;
                }
                let e = &mut seen[k];
                let shown = || (line, String::from_utf8_lossy(raw).into_owned());
                match values::date_evidence(raw) {
                    DateEvidence::MonthFirst => {
                        e.month_first += 1;
                        e.first_month_first.get_or_insert_with(shown);
                    }
                    DateEvidence::DayFirst => {
                        e.day_first += 1;
                        e.first_day_first.get_or_insert_with(shown);
                    }
                    DateEvidence::Ambiguous => {
                        e.ambiguous += 1;
                        if e.separator.is_none() {
                            e.separator = values::date_separator(raw);
                        }
                    }
                    DateEvidence::Either | DateEvidence::Invalid => {}
                }
            }
        }
    }
    let mut decided: Vec<Option<(DateOrder, OrderDecision)>> = cols
        .iter()
        .zip(&seen)
        .map(|(&c, e)| {
            if let Some(order) = overrides.get(&input.headers[c].trim().to_lowercase()) {
                return Some((*order, OrderDecision::RuleFile));
            }
            match (&e.first_month_first, &e.first_day_first) {
                (Some((line, value)), None) => Some((
                    DateOrder::MonthFirst,
                    OrderDecision::Data {
                        line: *line,
                        value: value.clone(),
                    },
                )),
                (None, Some((line, value))) => Some((
                    DateOrder::DayFirst,
                    OrderDecision::Data {
                        line: *line,
                        value: value.clone(),
                    },
                )),
                (Some(_), Some(_)) => Some((
                    if e.day_first > e.month_first {
                        DateOrder::DayFirst
                    } else {
                        DateOrder::MonthFirst
                    },
                    OrderDecision::Mixed {
                        month_first: e.month_first,
                        day_first: e.day_first,
                    },
                )),
                (None, None) if e.ambiguous == 0 => {
                    Some((DateOrder::default(), OrderDecision::NotNeeded))
                }
                (None, None) => None,
            }
        })
        .collect();
    // A column the data does not settle follows one of the same file that it does:
    // one program wrote them all.
    let settled = cols.iter().zip(&decided).find_map(|(&c, d)| match d {
        Some((order, OrderDecision::Data { .. } | OrderDecision::Mixed { .. })) => {
            Some((*order, input.headers[c].clone()))
        }
        _ => None,
    });
    for (k, d) in decided.iter_mut().enumerate() {
        if d.is_none() {
            *d = Some(match &settled {
                Some((order, header)) => (
                    *order,
                    OrderDecision::LikeColumn {
                        header: header.clone(),
                    },
                ),
                None => {
                    let separator = seen[k].separator.unwrap_or(b'/');
                    let order = if separator == b'.' {
                        DateOrder::DayFirst
                    } else {
                        DateOrder::MonthFirst
                    };
                    (
                        order,
                        OrderDecision::Assumed {
                            separator: separator as char,
                        },
                    )
                }
            });
        }
    }
    input.dates.clear();
    for (&c, d) in cols.iter().zip(decided) {
        let (order, decision) = d.unwrap_or((DateOrder::default(), OrderDecision::NotNeeded));
        input.date_orders[c] = order;
        input.dates.push(DateColumn {
            column: c,
            header: input.headers[c].clone(),
            order,
            decided: decision,
        });
    }
    Ok(())
}

/// Opens a file for streaming its records (after the header), as UTF-8.
/// The most one record (a row with all its fields) may hold unless
/// `--max-record-size` says otherwise. A quote that is never closed makes the rest
/// of a file one field; past this the record is refused instead of being read into
/// memory whole.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// The error a guarded reader gives when a record runs past its limit.
#[derive(Debug)]
pub struct RecordTooLarge;

impl fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record runs past the record size limit")
    }
}

impl std::error::Error for RecordTooLarge {}

/// Where the current record started, as the CSV parser reports it; the guarded
/// reader refuses to hand over more than the limit beyond it.
#[derive(Clone, Default)]
pub struct RecordGuard {
    read: std::rc::Rc<std::cell::Cell<u64>>,
    mark: std::rc::Rc<std::cell::Cell<u64>>,
}

impl RecordGuard {
    /// The parser finished a record at byte `at` of the stream.
    pub fn record_ended(&self, at: u64) {
        self.mark.set(at);
    }
}

struct Guarded<R> {
    inner: R,
    guard: RecordGuard,
    limit: u64,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let g = &self.guard;
        if g.read.get().saturating_sub(g.mark.get()) > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RecordTooLarge,
            ));
        }
        let n = self.inner.read(buf)?;
        g.read.set(g.read.get() + n as u64);
        Ok(n)
    }
}

/// True when a CSV error is a guarded reader refusing an oversized record.
pub fn is_record_too_large(e: &csv::Error) -> bool {
    match e.kind() {
        csv::ErrorKind::Io(io) => io
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<RecordTooLarge>().is_some()),
        _ => false,
    }
}

/// Opens a file for streaming its records (after the header), with a guard that
/// stops a record from growing past the file's `max_record` bytes (plus the
/// parser's read-ahead).
pub fn open_guarded(input: &InputFile) -> Result<(csv::Reader<Box<dyn Read>>, RecordGuard)> {
    let file =
        File::open(&input.path).with_context(|| format!("cannot open {}", input.path.display()))?;
    let guard = RecordGuard::default();
    let guarded: Box<dyn Read> = Box::new(Guarded {
        inner: encoding::utf8_stream(file, input.encoding),
        guard: guard.clone(),
        limit: input.max_record + 2 * (1 << 16),
    });
    let reader = csv::ReaderBuilder::new()
        .delimiter(input.delimiter)
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(guarded);
    Ok((reader, guard))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn table_of(name: &str, line: &str) -> Result<Table, String> {
        recognise(Path::new(name), &headers(line), &HashMap::new(), None).map(|(t, _, _)| t)
    }

    #[test]
    fn salesforce_objects_are_recognised_from_their_headers() {
        assert_eq!(
            table_of("x.csv", "Id,IsDeleted,Name,Type,Industry,BillingCity"),
            Ok(Table::Accounts)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,LastName,FirstName,Name,Title,Email"),
            Ok(Table::Contacts)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,WhoId,WhatId,Subject,ActivityDate,Status,AccountId,IsClosed"
            ),
            Ok(Table::Activities)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon"
            ),
            Ok(Table::Deals)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,CaseNumber,ContactId,AccountId,Type,Status,Subject,IsClosed,ClosedDate,CreatedDate"
            ),
            Ok(Table::Tickets)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,ContactId,Roles,IsDirect,IsActive"),
            Ok(Table::ContactRoles)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,OrderNumber,EffectiveDate,Promised_Date__c,Delivered_Date__c"
            ),
            Ok(Table::Orders)
        );
    }

    #[test]
    fn header_matching_ignores_case_and_spaces() {
        assert_eq!(
            table_of("x.csv", " ID , NAME ,INDUSTRY"),
            Ok(Table::Accounts)
        );
    }

    #[test]
    fn unrecognised_files_say_what_is_missing() {
        let err = table_of(
            "OpportunityHistory.csv",
            "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,CloseDate",
        )
        .unwrap_err();
        assert!(err.contains("looks like deals"), "{err}");
        assert!(err.contains("AccountId"), "{err}");
        let err = table_of("x.csv", "foo,bar").unwrap_err();
        assert!(err.contains("none of its 2 columns"), "{err}");
    }

    #[test]
    fn user_spellings_come_first() {
        let mut o = HashMap::new();
        let date = Table::Activities.field("date").unwrap();
        o.insert((Table::Activities, date), vec!["visit day".to_string()]);
        let (t, m, _) = recognise(
            Path::new("visits.csv"),
            &headers("Visit Day,AccountId,ActivityDate"),
            &o,
            None,
        )
        .unwrap();
        assert_eq!(t, Table::Activities);
        assert_eq!(m.cols[date.0 as usize], vec![0, 2]);
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
