//! Per-account aggregation in one streaming pass: every row of every file is read
//! once, joined to its account, and folded into the metrics the rule set declares.
//! Memory grows with accounts and contacts (and with the few rows a median or a
//! follow-up check must remember), never with activity rows.

pub(crate) mod contacts;
pub(crate) mod plan;
mod prepare;
mod source;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use anyhow::Result;

use crate::config::{Aggregate, DurationEnd, FilterOp, MetricId, RuleSet};
use crate::ingest::InputFile;
use crate::ingest::quirks::{self, FooterRow, ReportFooter};
use crate::ingest::values::{SECONDS_PER_DAY, Timestamp};
use crate::model::{Derivation, FieldId, FieldKind, Table};
pub use contacts::Contacts;
use prepare::{Parsed, Prep, Status};
use source::{End, Record, Source};

pub const NO_CONTACT: u32 = u32::MAX;
const NO_DAY: i32 = i32::MIN;

#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// The account owner as the export gives it (a user id or a name).
    pub owner: Option<String>,
    /// The contact last in touch (a done activity), the default person to call.
    pub last_contact: u32,
    last_contact_day: i32,
    /// Per role of the rule set: a contact of the account holding it.
    pub role_contacts: Vec<u32>,
    /// The account's first contact on file, the last resort for an action.
    pub first_contact: u32,
}

impl Account {
    /// An account with no contacts known yet; `roles` is the rule set's role count.
    pub fn new(id: String, name: String, roles: usize) -> Account {
        Account {
            id,
            name,
            owner: None,
            last_contact: NO_CONTACT,
            last_contact_day: NO_DAY,
            role_contacts: vec![NO_CONTACT; roles],
            first_contact: NO_CONTACT,
        }
    }
}

/// What happened to one input file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct InputStats {
    pub rows: u64,
    pub used: u64,
    pub rejected: u64,
    pub skipped: u64,
    /// Of the skipped: rows marked deleted.
    #[serde(default)]
    pub deleted: u64,
    /// Of the skipped: a report's footer (Grand Totals, confidentiality notice,
    /// copyright) and the blank lines among it.
    #[serde(default)]
    pub footer: u64,
}

/// A row that was not used, and why.
#[derive(Debug, Clone)]
pub struct Reject {
    pub file: usize,
    pub line: u64,
    /// The header of the column at fault, when one is.
    pub column: Option<String>,
    pub reason: String,
}

impl Reject {
    /// A row rejected as a whole, not for one column.
    fn whole_row(file: usize, line: u64, reason: String) -> Reject {
        Reject {
            file,
            line,
            column: None,
            reason,
        }
    }
}

/// Receives every rejected row; keeps the first few per file for the summary.
pub trait RejectSink {
    fn reject(&mut self, reject: Reject);
}

/// A sink for callers that only need the counts in [`InputStats`].
pub struct IgnoreRejects;

impl RejectSink for IgnoreRejects {
    fn reject(&mut self, _: Reject) {}
}

/// The running state of one metric for one account.
#[derive(Debug, Clone, Copy)]
struct Evidence {
    count: u32,
    hits: u32,
    last_day: i32,
    first_day: i32,
    /// The latest matching row: file index and line.
    file: u16,
    line: u32,
    contact: u32,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            count: 0,
            hits: 0,
            last_day: NO_DAY,
            first_day: NO_DAY,
            file: 0,
            line: 0,
            contact: NO_CONTACT,
        }
    }
}

/// Extra per-account state some aggregates need beyond [`Evidence`].
#[derive(Debug)]
enum Extra {
    None,
    /// Hashes of the distinct values seen (small sets).
    Distinct(Vec<Vec<u64>>),
    /// Durations, for medians and percentiles.
    Values(Vec<Vec<f64>>),
    Max(Vec<f64>),
    /// Source rows waiting for a follow-up: (day, followed).
    Follow(Vec<Vec<(i32, bool)>>),
}

/// Every metric's [`Evidence`] for every account, account by account: a row
/// updates several metrics of one account, and rows of one account are rarely
/// next to each other in an export, so keeping an account's evidence together
/// (its metrics of one table side by side) saves a cache miss per metric.
#[derive(Debug)]
struct Evidences {
    cells: Vec<Evidence>,
    /// Per metric: its place within an account's evidence.
    slot: Vec<usize>,
}

impl Evidences {
    fn new(rules: &RuleSet) -> Self {
        let mut order: Vec<MetricId> = (0..rules.metrics.len()).collect();
        order.sort_by_key(|&m| rules.metrics[m].table as usize);
        let mut slot = vec![0; order.len()];
        for (i, &m) in order.iter().enumerate() {
            slot[m] = i;
        }
        Evidences {
            cells: Vec::new(),
            slot,
        }
    }

    fn push_account(&mut self) {
        let width = self.slot.len();
        self.cells
            .extend(std::iter::repeat_n(Evidence::default(), width));
    }

    fn get(&self, metric: MetricId, account: usize) -> Evidence {
        self.cells[account * self.slot.len() + self.slot[metric]]
    }

    fn get_mut(&mut self, metric: MetricId, account: usize) -> &mut Evidence {
        let width = self.slot.len();
        &mut self.cells[account * width + self.slot[metric]]
    }
}

#[derive(Debug)]
struct Store {
    extra: Extra,
}

impl Store {
    fn new(aggregate: Aggregate) -> Self {
        let extra = match aggregate {
            Aggregate::Distinct => Extra::Distinct(Vec::new()),
            Aggregate::Median | Aggregate::Percentile => Extra::Values(Vec::new()),
            Aggregate::Max => Extra::Max(Vec::new()),
            Aggregate::FollowedBy => Extra::Follow(Vec::new()),
            _ => Extra::None,
        };
        Store { extra }
    }

    fn shrink_to_fit(&mut self) {
        match &mut self.extra {
            Extra::None => {}
            Extra::Distinct(v) => v.shrink_to_fit(),
            Extra::Values(v) => v.shrink_to_fit(),
            Extra::Max(v) => v.shrink_to_fit(),
            Extra::Follow(v) => v.shrink_to_fit(),
        }
    }

    fn push_account(&mut self) {
        match &mut self.extra {
            Extra::None => {}
            Extra::Distinct(v) => v.push(Vec::new()),
            Extra::Values(v) => v.push(Vec::new()),
            Extra::Max(v) => v.push(f64::NAN),
            Extra::Follow(v) => v.push(Vec::new()),
        }
    }
}

/// A metric's final value for one account, with what backs it.
#[derive(Debug, Clone, Default)]
pub struct MetricValue {
    pub value: Option<f64>,
    pub count: u32,
    pub hits: u32,
    pub last_day: Option<i64>,
    pub first_day: Option<i64>,
    pub source: Option<(usize, u64)>,
    pub contact: Option<u32>,
    /// For `distinct` with `values`: the listed values not seen.
    pub missing: Vec<String>,
}

/// Why a metric cannot be computed on this export, if it cannot.
pub type Assessable = Result<(), String>;

/// Everything the pass produced.
pub struct Outcome {
    /// With a traced account: the rows behind each of its metrics, in reading
    /// order (metric, file index, line).
    pub trace: Vec<(MetricId, usize, u64)>,
    /// The traced account, once found.
    pub traced: Option<usize>,
    pub accounts: Vec<Account>,
    pub contacts: Contacts,
    pub stats: Vec<InputStats>,
    pub assessable: Vec<Assessable>,
    values: Values,
}

/// Where metric values come from: the rows folded by the pass, or values computed
/// elsewhere (a warehouse running the query of `rapport sql`).
enum Values {
    Folded {
        evidence: Evidences,
        stores: Vec<Store>,
        meta: Vec<Meta>,
        as_of_day: i64,
    },
    /// Per metric, per account.
    Given(Vec<Vec<MetricValue>>),
}

/// What finishing a metric needs to know of its definition.
struct Meta {
    aggregate: Aggregate,
    follow_window: i64,
    values: Vec<String>,
    percentile: f64,
}

impl Outcome {
    /// An outcome whose metric values were computed elsewhere: `values[metric][account]`.
    pub fn from_values(
        accounts: Vec<Account>,
        contacts: Contacts,
        assessable: Vec<Assessable>,
        values: Vec<Vec<MetricValue>>,
    ) -> Outcome {
        Outcome {
            trace: Vec::new(),
            traced: None,
            accounts,
            contacts,
            stats: Vec::new(),
            assessable,
            values: Values::Given(values),
        }
    }

    pub fn metric(&self, metric: MetricId, account: usize) -> MetricValue {
        let (evidence, stores, meta, as_of_day) = match &self.values {
            Values::Folded {
                evidence,
                stores,
                meta,
                as_of_day,
            } => (evidence, stores, meta, *as_of_day),
            Values::Given(values) => {
                return values
                    .get(metric)
                    .and_then(|v| v.get(account))
                    .cloned()
                    .unwrap_or_default();
            }
        };
        let store = &stores[metric];
        let ev = evidence.get(metric, account);
        let Meta {
            aggregate,
            follow_window,
            values,
            percentile: q,
        } = &meta[metric];
        let day = |d: i32| (d != NO_DAY).then_some(d as i64);
        let mut out = MetricValue {
            value: None,
            count: ev.count,
            hits: ev.hits,
            last_day: day(ev.last_day),
            first_day: day(ev.first_day),
            source: (ev.count > 0 || ev.line > 0).then_some((ev.file as usize, ev.line as u64)),
            contact: (ev.contact != NO_CONTACT).then_some(ev.contact),
            missing: Vec::new(),
        };
        let ratio = |num: u32, den: u32| (den > 0).then(|| num as f64 / den as f64);
        out.value = match aggregate {
            Aggregate::Count => Some(ev.count as f64),
            Aggregate::Distinct => {
                let Extra::Distinct(sets) = &store.extra else {
                    unreachable!()
                };
                if !values.is_empty() {
                    let seen = &sets[account];
                    out.missing = values
                        .iter()
                        .filter(|v| !seen.contains(&hash_value(v.as_bytes())))
                        .cloned()
                        .collect();
                }
                Some(sets[account].len() as f64)
            }
            Aggregate::DaysSinceLast => out.last_day.map(|d| (as_of_day - d) as f64),
            Aggregate::DaysSinceFirst => out.first_day.map(|d| (as_of_day - d) as f64),
            Aggregate::Share | Aggregate::ShareWithin => ratio(ev.hits, ev.count),
            Aggregate::Ratio => ratio(ev.hits, ev.count),
            Aggregate::Median | Aggregate::Percentile => {
                let Extra::Values(v) = &store.extra else {
                    unreachable!()
                };
                percentile(&v[account], *q)
            }
            Aggregate::Max => {
                let Extra::Max(v) = &store.extra else {
                    unreachable!()
                };
                let m = v[account];
                (!m.is_nan()).then_some(m)
            }
            Aggregate::FollowedBy => {
                let Extra::Follow(v) = &store.extra else {
                    unreachable!()
                };
                // A source whose follow-up window has not ended yet is not judged.
                let (mut judged, mut followed) = (0, 0);
                for &(d, f) in &v[account] {
                    if f || (d as i64) + follow_window < as_of_day {
                        judged += 1;
                        followed += f as u32;
                    }
                }
                out.count = judged;
                out.hits = followed;
                ratio(out.hits, out.count)
            }
        };
        out
    }
}

/// Linear interpolation between closest ranks (as numpy's and DuckDB's
/// `quantile_cont`).
fn percentile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = (q / 100.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

fn hash_value(bytes: &[u8]) -> u64 {
    // FNV-1a over the trimmed, lower-cased value.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes.trim_ascii() {
        h ^= b.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The streaming pass over all inputs.
pub struct Engine<'a> {
    rules: &'a RuleSet,
    as_of_day: i64,
    as_of_ts: Timestamp,
    /// What the rule set reads from records, shared with the reader thread.
    prep: std::sync::Arc<Prep<'a>>,
    accounts: Vec<Account>,
    account_ids: FxHashMap<Box<[u8]>, u32>,
    contacts: Contacts,
    evidence: Evidences,
    stores: Vec<Store>,
    presence: Presence,
    /// Deal id -> competitors named on it by deal-competitors files.
    deal_competitors: HashMap<Box<[u8]>, NamedCompetitor>,
    /// Stop at the first rejected row (`--strict`).
    strict: bool,
    /// With more than one, files are parsed on a reader thread ahead of the fold.
    threads: usize,
    /// Whether the reader works out keyword classes; None: while the fold is behind.
    scan_ahead: Option<bool>,
    trace_query: Option<String>,
    traced: Option<u32>,
    trace: Vec<(MetricId, usize, u64)>,
    /// Told the bytes read so far, every few thousand rows.
    progress: Option<Box<dyn FnMut(u64) + 'a>>,
    bytes_before: u64,
}

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 16_384;

/// At most this many rows are kept for one account's trail.
const TRACE_LIMIT: usize = 100_000;

/// Finds an account by id, else by name (exact ignoring case, else a unique part).
pub fn find_account(accounts: &[Account], query: &str) -> Result<usize, String> {
    if let Some(i) = accounts.iter().position(|a| a.id == query) {
        return Ok(i);
    }
    let q = query.to_lowercase();
    let exact: Vec<usize> = (0..accounts.len())
        .filter(|&i| accounts[i].name.to_lowercase() == q)
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    let partial: Vec<usize> = (0..accounts.len())
        .filter(|&i| accounts[i].name.to_lowercase().contains(&q))
        .collect();
    match partial.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no account has the id or name '{query}'")),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(10)
                .map(|&i| format!("{} ({})", accounts[i].name, accounts[i].id))
                .collect();
            Err(format!(
                "'{query}' matches {} accounts: {}{}; give the id",
                many.len(),
                names.join(", "),
                if many.len() > 10 { ", ..." } else { "" }
            ))
        }
    }
}

enum Row {
    Used,
    Deleted,
    /// The column at fault (when one is) and the reason.
    Rejected(Option<usize>, String),
}

/// Per-row scratch space, reused across rows.
struct Scratch {
    cache: Vec<u8>,
    /// Per field: the keyword classes its text mentions, once asked.
    bits: Vec<std::cell::Cell<Option<u64>>>,
    /// Per field: the classes of short texts seen lately.
    memo: Vec<std::cell::RefCell<prepare::Memo>>,
    /// A competitor named on the row's deal in a deal-competitors file.
    competitor: Vec<u8>,
    has_competitor: bool,
}

/// Competitors named on one deal in deal-competitors files, waiting for the deal.
struct NamedCompetitor {
    name: Box<[u8]>,
    /// The rows that named it: (file, line, deal id column).
    rows: Vec<(usize, u64, Option<usize>)>,
    matched: bool,
}

/// The account of an id, or of the first id of a list (`123;456`, as HubSpot
/// writes several associated companies) that is one.
fn lookup_account(ids: &FxHashMap<Box<[u8]>, u32>, value: &[u8]) -> Option<u32> {
    if let Some(&a) = ids.get(value) {
        return Some(a);
    }
    if !value.contains(&b';') && !value.contains(&b',') {
        return None;
    }
    value
        .split(|&b| b == b';' || b == b',')
        .find_map(|part| ids.get(part.trim_ascii()).copied())
}

impl<'a> Engine<'a> {
    pub fn new(rules: &'a RuleSet, as_of_day: i64) -> Self {
        Engine {
            rules,
            as_of_day,
            // Open things are measured to the end of the as-of day, which windows include.
            as_of_ts: (as_of_day + 1) * SECONDS_PER_DAY,
            prep: std::sync::Arc::new(Prep::new(rules)),
            accounts: Vec::new(),
            account_ids: FxHashMap::default(),
            contacts: Contacts::default(),
            evidence: Evidences::new(rules),
            stores: rules
                .metrics
                .iter()
                .map(|m| Store::new(m.aggregate))
                .collect(),
            presence: Presence::default(),
            deal_competitors: HashMap::new(),
            strict: false,
            threads: 1,
            scan_ahead: None,
            trace_query: None,
            traced: None,
            trace: Vec::new(),
            progress: None,
            bytes_before: 0,
        }
    }

    /// Calls `report` with the number of bytes read so far as the pass goes.
    pub fn progress(mut self, report: impl FnMut(u64) + 'a) -> Self {
        self.progress = Some(Box::new(report));
        self
    }

    /// Records the rows behind every metric of one account (by id or name), for
    /// `rapport explain`.
    pub fn trace(mut self, account: &str) -> Self {
        self.trace_query = Some(account.to_string());
        self
    }

    /// How many threads the pass may use: with two or more, parsing runs on a
    /// thread of its own, ahead of the fold. The results are the same either way.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Stops at the first rejected row with an error naming it.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Counts a rejected row and hands it to the sink; in strict mode, stops.
    fn reject(
        &self,
        input: &InputFile,
        stats: &mut InputStats,
        sink: &mut dyn RejectSink,
        reject: Reject,
    ) -> Result<()> {
        stats.rejected += 1;
        if self.strict {
            let column = reject
                .column
                .as_deref()
                .map_or(String::new(), |c| format!(" {c}:"));
            anyhow::bail!(
                "{}:{}:{column} rejected: {} (--strict stops at the first rejected row)",
                input.display_name(),
                reject.line,
                reject.reason
            );
        }
        sink.reject(reject);
        Ok(())
    }

    /// Reads every input once, in table order, and returns the folded state.
    pub fn run(mut self, inputs: &[InputFile], sink: &mut dyn RejectSink) -> Result<Outcome> {
        let mut stats = vec![InputStats::default(); inputs.len()];
        let order: Vec<usize> = Table::ALL
            .iter()
            .flat_map(|&t| (0..inputs.len()).filter(move |&i| inputs[i].table == t))
            .collect();
        if self.threads > 1 {
            std::thread::scope(|scope| {
                let mut source =
                    Source::threaded(scope, inputs, order, self.prep.clone(), self.scan_ahead);
                self.pass(inputs, &mut source, &mut stats, sink)
            })?;
        } else {
            let mut source = Source::inline(inputs, order, self.prep.clone());
            self.pass(inputs, &mut source, &mut stats, sink)?;
        }
        self.presence.any_role =
            (0..self.contacts.len() as u32).any(|c| self.contacts.role(c).is_some());
        let assessable = self
            .rules
            .metrics
            .iter()
            .map(|m| self.presence.assessable(m))
            .collect();
        let meta = self
            .rules
            .metrics
            .iter()
            .map(|m| Meta {
                aggregate: m.aggregate,
                follow_window: m.followed_by.as_ref().map_or(0, |f| f.window_days),
                values: m.values.clone(),
                percentile: if m.aggregate == Aggregate::Median {
                    50.0
                } else {
                    m.percentile
                },
            })
            .collect();
        Ok(Outcome {
            trace: self.trace,
            traced: self.traced.map(|a| a as usize),
            accounts: self.accounts,
            contacts: self.contacts,
            stats,
            assessable,
            values: Values::Folded {
                evidence: self.evidence,
                stores: self.stores,
                meta,
                as_of_day: self.as_of_day,
            },
        })
    }

    /// Folds every file's records, table by table, in the order `source` reads them.
    fn pass(
        &mut self,
        inputs: &[InputFile],
        source: &mut Source,
        stats: &mut [InputStats],
        sink: &mut dyn RejectSink,
    ) -> Result<()> {
        for table in Table::ALL {
            for (i, input) in inputs.iter().enumerate() {
                if input.table == table {
                    self.read_file(i, input, source, &mut stats[i], sink)?;
                    self.bytes_before += std::fs::metadata(&input.path).map_or(0, |m| m.len());
                }
            }
            if table == Table::ContactRoles {
                self.resolve_roles();
            }
            if table == Table::Deals {
                self.reject_unmatched_competitors(inputs, stats, sink)?;
            }
            if table == Table::Accounts {
                // Every account is known now: the per-account state stops growing.
                self.accounts.shrink_to_fit();
                self.evidence.cells.shrink_to_fit();
                for store in &mut self.stores {
                    store.shrink_to_fit();
                }
            }
            if table == Table::Accounts
                && let Some(query) = &self.trace_query
            {
                let found = find_account(&self.accounts, query).map_err(anyhow::Error::msg)?;
                self.traced = Some(found as u32);
            }
        }
        Ok(())
    }

    fn read_file(
        &mut self,
        file: usize,
        input: &InputFile,
        source: &mut Source,
        stats: &mut InputStats,
        sink: &mut dyn RejectSink,
    ) -> Result<()> {
        let t = input.table as usize;
        self.presence.has_file[t] = true;
        for (f, cols) in input.mapping.cols.iter().enumerate() {
            if !cols.is_empty() {
                self.presence.mapped[t][f] = true;
            }
        }
        let mut unseen: Vec<FieldId> = (0..input.table.fields().len())
            .map(|f| FieldId(f as u16))
            .filter(|&f| input.mapping.has(f) && !self.presence.seen[t][f.0 as usize])
            .collect();
        let n = input.table.fields().len();
        let mut scratch = Scratch {
            bits: vec![std::cell::Cell::new(None); n],
            memo: (0..n).map(|_| Default::default()).collect(),
            cache: vec![0; self.prep.plans[t].preds.len()],
            competitor: Vec::new(),
            has_competitor: false,
        };
        let mut footer = ReportFooter::new(input.headers.len());
        loop {
            let Some(mut batch) = source.next() else {
                anyhow::bail!("{}: reading stopped unexpectedly", input.display_name());
            };
            debug_assert_eq!(batch.file, file);
            for (record, prepared) in batch.records() {
                let record = &record;
                let record_bytes = record.size;
                stats.rows += 1;
                let line = record.line;
                // The guard bounds memory with some slack for the parser's read-ahead;
                // the limit itself is enforced here, on the record as read.
                if record_bytes > input.max_record {
                    let reason = format!(
                        "a record of {record_bytes} bytes is over the limit of {} bytes \
                     (--max-record-size raises the limit)",
                        input.max_record
                    );
                    self.reject(input, stats, sink, Reject::whole_row(file, line, reason))?;
                    continue;
                }
                if stats.rows.is_multiple_of(PROGRESS_EVERY)
                    && let Some(report) = &mut self.progress
                {
                    report(self.bytes_before + record.byte);
                }
                match footer.row(record, line) {
                    FooterRow::Footer(n) => {
                        stats.skipped += n;
                        stats.footer += n;
                        continue;
                    }
                    FooterRow::Blank => {
                        stats.skipped += 1;
                        continue;
                    }
                    FooterRow::Held => continue,
                    FooterRow::Data => {
                        self.reject_short_rows(input, file, &mut footer, stats, sink)?;
                    }
                }
                unseen.retain(|&f| {
                    let found = input.mapping.get(record, f).is_some();
                    if found {
                        self.presence.seen[t][f.0 as usize] = true;
                    }
                    !found
                });
                match self.row(file, line, input, record, &prepared, &mut scratch) {
                    Row::Used => stats.used += 1,
                    Row::Deleted => {
                        stats.skipped += 1;
                        stats.deleted += 1;
                    }
                    Row::Rejected(col, reason) => {
                        let column = col.and_then(|c| input.headers.get(c).cloned());
                        self.reject(
                            input,
                            stats,
                            sink,
                            Reject {
                                file,
                                line,
                                column,
                                reason,
                            },
                        )?;
                    }
                }
            }
            match batch.end.take() {
                None => {
                    source.recycle(batch);
                    continue;
                }
                Some(End::Eof) => source.recycle(batch),
                Some(End::TooLarge { line }) => {
                    // Refused, not read into memory: the rest of the file is one
                    // runaway record, so reading stops here, and says so.
                    stats.rows += 1;
                    let reason = format!(
                        "a record runs past {} bytes from here, most likely a quote that is never closed; \
                         the rest of the file is not read (--max-record-size raises the limit)",
                        input.max_record
                    );
                    self.reject(input, stats, sink, Reject::whole_row(file, line, reason))?;
                }
                Some(End::Failed(e)) => return Err(e),
            }
            break;
        }
        self.reject_short_rows(input, file, &mut footer, stats, sink)?;
        Ok(())
    }

    /// One-cell rows that no footer followed: rows with too few fields.
    fn reject_short_rows(
        &self,
        input: &InputFile,
        file: usize,
        footer: &mut ReportFooter,
        stats: &mut InputStats,
        sink: &mut dyn RejectSink,
    ) -> Result<()> {
        for (line, cell) in footer.take_held() {
            let reason = format!(
                "expected {} fields as in the header, found 1 ('{}')",
                input.headers.len(),
                cell.chars().take(60).collect::<String>()
            );
            self.reject(input, stats, sink, Reject::whole_row(file, line, reason))?;
        }
        Ok(())
    }

    /// Competitor rows whose deal was not in any deals file are rejected once the
    /// deals have been read.
    fn reject_unmatched_competitors(
        &mut self,
        inputs: &[InputFile],
        stats: &mut [InputStats],
        sink: &mut dyn RejectSink,
    ) -> Result<()> {
        let has_deals = self.presence.has_file[Table::Deals as usize];
        let mut unmatched: Vec<(usize, u64, Option<usize>, String)> = Vec::new();
        for (deal, named) in &self.deal_competitors {
            if named.matched {
                continue;
            }
            for &(file, line, col) in &named.rows {
                unmatched.push((file, line, col, String::from_utf8_lossy(deal).into_owned()));
            }
        }
        unmatched.sort();
        for (file, line, col, deal) in unmatched {
            let input = &inputs[file];
            stats[file].used -= 1;
            let reason = if has_deals {
                format!("no deal with id '{deal}' in the deals files")
            } else {
                "no deals file to find the deal in".to_string()
            };
            let column = col.and_then(|c| input.headers.get(c).cloned());
            self.reject(
                input,
                &mut stats[file],
                sink,
                Reject {
                    file,
                    line,
                    column,
                    reason,
                },
            )?;
        }
        Ok(())
    }

    fn row(
        &mut self,
        file: usize,
        line: u64,
        input: &InputFile,
        record: &Record,
        p: &Parsed,
        s: &mut Scratch,
    ) -> Row {
        let table = input.table;
        let map = &input.mapping;
        match &p.status {
            Status::Ready => {}
            Status::Deleted => return Row::Deleted,
            Status::Rejected(col, reason) => return Row::Rejected(*col, reason.clone()),
        }
        let known = self.prep.plans[table as usize].known;
        let (account, contact) = match self.join(file, table, map, record, line) {
            Ok(found) => found,
            Err((col, reason)) => return Row::Rejected(col, reason),
        };
        let Some(account) = account else {
            return Row::Used;
        };
        s.has_competitor = false;
        if table == Table::Deals
            && !self.deal_competitors.is_empty()
            && let Some(id) = known.id.and_then(|f| map.get(record, f))
            && let Some(named) = self.deal_competitors.get_mut(id)
        {
            named.matched = true;
            s.competitor.clear();
            s.competitor.extend_from_slice(&named.name);
            s.has_competitor = true;
            if let Some(f) = known.competitor {
                self.presence.seen[table as usize][f.0 as usize] = true;
                self.presence.mapped[table as usize][f.0 as usize] = true;
            }
        }
        self.fold(file, line, table, map, record, p, s, account, contact);
        Row::Used
    }

    /// Finds the row's account (and contact). Accounts and contacts are registered
    /// here; `Ok((None, _))` means the row was used but feeds no metric. An error
    /// names the column at fault, when there is one.
    fn join(
        &mut self,
        file: usize,
        table: Table,
        map: &crate::ingest::Mapping,
        record: &Record,
        line: u64,
    ) -> Result<(Option<u32>, u32), (Option<usize>, String)> {
        let k = self.prep.plans[table as usize].known;
        let get = |f: Option<FieldId>| f.and_then(|f| map.get(record, f));
        let col = |f: Option<FieldId>| f.and_then(|f| map.get_with_col(record, f)).map(|(c, _)| c);
        let first_col =
            |f: Option<FieldId>| f.and_then(|f| map.cols[f.0 as usize].first().copied());
        let show = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        match table {
            Table::Accounts => {
                let id = get(k.id).ok_or((first_col(k.id), "no account id".to_string()))?;
                if let Some(&first) = self.account_ids.get(id) {
                    return Err((
                        col(k.id),
                        format!(
                            "duplicate account id '{}' (already read as account {})",
                            show(id),
                            self.accounts[first as usize].name
                        ),
                    ));
                }
                let idx = self.accounts.len() as u32;
                let name = get(k.name).map_or_else(|| show(id), show);
                self.account_ids.insert(id.into(), idx);
                self.accounts.push(Account {
                    id: show(id),
                    name,
                    owner: get(k.owner).map(show),
                    last_contact: NO_CONTACT,
                    last_contact_day: NO_DAY,
                    role_contacts: vec![NO_CONTACT; self.rules.roles.len()],
                    first_contact: NO_CONTACT,
                });
                self.evidence.push_account();
                for store in &mut self.stores {
                    store.push_account();
                }
                Ok((Some(idx), NO_CONTACT))
            }
            Table::Contacts => {
                let id = get(k.id).ok_or((first_col(k.id), "no contact id".to_string()))?;
                if self.contacts.find(id).is_some() {
                    return Err((col(k.id), format!("duplicate contact id '{}'", show(id))));
                }
                let account = match get(k.account_id) {
                    Some(a) => Some(lookup_account(&self.account_ids, a).ok_or_else(|| {
                        (
                            col(k.account_id),
                            format!("no account with id '{}'", show(a)),
                        )
                    })?),
                    None => None,
                };
                let name = match get(k.name) {
                    Some(n) => show(n),
                    None => {
                        let first = get(k.first_name).map(show).unwrap_or_default();
                        let last = get(k.last_name).map(show).unwrap_or_default();
                        let full = format!("{first} {last}").trim().to_string();
                        if full.is_empty() { show(id) } else { full }
                    }
                };
                let title_role = get(k.title).and_then(|t| self.role_of(t));
                let idx = self.contacts.insert(id, &name, account, title_role);
                if let Some(role) = get(k.role) {
                    self.contacts.give_role_value(idx, self.role_of(role));
                }
                Ok((account, idx))
            }
            Table::ContactRoles => {
                let a = get(k.account_id)
                    .ok_or((first_col(k.account_id), "no account id".to_string()))?;
                let c = get(k.contact_id)
                    .ok_or((first_col(k.contact_id), "no contact id".to_string()))?;
                let account = lookup_account(&self.account_ids, a).ok_or_else(|| {
                    (
                        col(k.account_id),
                        format!("no account with id '{}'", show(a)),
                    )
                })?;
                let contact = self.contacts.find(c).ok_or_else(|| {
                    (
                        col(k.contact_id),
                        format!("no contact with id '{}'", show(c)),
                    )
                })?;
                self.contacts.set_account_if_none(contact, account);
                if let Some(role) = get(k.role) {
                    self.contacts.give_role_value(contact, self.role_of(role));
                }
                Ok((Some(account), contact))
            }
            Table::DealCompetitors => {
                let deal =
                    get(k.deal_id).ok_or((first_col(k.deal_id), "no deal id".to_string()))?;
                let Some(name) = get(k.competitor) else {
                    // Nothing named: the row says nothing, but it was read.
                    return Ok((None, NO_CONTACT));
                };
                let deal_col = col(k.deal_id);
                self.deal_competitors
                    .entry(deal.into())
                    .or_insert_with(|| NamedCompetitor {
                        name: name.into(),
                        rows: Vec::new(),
                        matched: false,
                    })
                    .rows
                    .push((file, line, deal_col));
                Ok((None, NO_CONTACT))
            }
            _ => {
                let contact = get(k.contact_id)
                    .and_then(|c| self.contacts.find(c))
                    .unwrap_or(NO_CONTACT);
                let via_contact = (contact != NO_CONTACT)
                    .then(|| self.contacts.account(contact))
                    .flatten();
                let account = get(k.related_id)
                    .and_then(|r| lookup_account(&self.account_ids, r))
                    .or_else(|| {
                        get(k.account_id).and_then(|a| lookup_account(&self.account_ids, a))
                    })
                    .or(via_contact);
                match account {
                    Some(a) => Ok((Some(a), contact)),
                    None if contact != NO_CONTACT
                        && get(k.account_id).is_none()
                        && get(k.related_id).is_none() =>
                    {
                        Err((
                            col(k.contact_id),
                            format!(
                                "its contact '{}' ({}) belongs to no account: the contact has no account id and no account-contact relation names it",
                                self.contacts.id(contact),
                                self.contacts.name(contact)
                            ),
                        ))
                    }
                    None => {
                        let mut tried = Vec::new();
                        let mut at = None;
                        for (field, header) in [
                            (k.account_id, "account id"),
                            (k.related_id, "related id"),
                            (k.contact_id, "contact id"),
                        ] {
                            if let Some(v) = get(field) {
                                let unknown_contact =
                                    field == k.contact_id && self.contacts.find(v).is_none();
                                let note = match (unknown_contact, quirks::is_salesforce_lead(v)) {
                                    // A lead has no account yet.
                                    (true, true) => " (a Salesforce lead, not a contact)",
                                    (true, false) => " (in no contacts file)",
                                    _ => "",
                                };
                                tried.push(format!("{header} '{}'{note}", show(v)));
                                at = at.or(col(field));
                            }
                        }
                        Err(if tried.is_empty() {
                            (
                                None,
                                "no account: the row has no account, related or contact id"
                                    .to_string(),
                            )
                        } else {
                            (at, format!("no account found for {}", tried.join(", ")))
                        })
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn fold(
        &mut self,
        file: usize,
        line: u64,
        table: Table,
        map: &crate::ingest::Mapping,
        record: &Record,
        p: &Parsed,
        s: &mut Scratch,
        account: u32,
        contact: u32,
    ) {
        let plan = &self.prep.plans[table as usize];
        let a = account as usize;
        s.cache.iter_mut().for_each(|c| *c = 0);
        for (b, &classes) in s.bits.iter().zip(p.classes) {
            b.set(classes);
        }
        let role: Option<&[u8]> = (contact != NO_CONTACT)
            .then(|| self.contacts.role(contact))
            .flatten()
            .map(|r| self.rules.roles[r as usize].name.as_bytes());
        let side = match (s.has_competitor, plan.known.competitor) {
            (true, Some(f)) => Some((f, s.competitor.as_slice())),
            _ => None,
        };
        let ctx = RowCtx {
            table,
            map,
            record,
            bools: p.bools,
            dates: p.dates,
            role,
            side,
            rules: self.rules,
            sets: &plan.class_sets,
            class_bits: &plan.class_bits,
            bits: &s.bits,
            memo: &s.memo,
        };
        let test = |ids: &[usize], cache: &mut Vec<u8>| {
            ids.iter().all(|&i| {
                if cache[i] == 0 {
                    cache[i] = 1 + ctx.eval(i, &plan.preds[i]) as u8;
                }
                cache[i] == 2
            })
        };
        let row_day = p.days[plan.known.default_date.0 as usize];
        if table == Table::Activities
            && contact != NO_CONTACT
            && plan
                .known
                .done
                .is_some_and(|f| p.bools[f.0 as usize] == Some(true))
            && let Some(day) = row_day
            && day <= self.as_of_day
        {
            let acc = &mut self.accounts[a];
            if day as i32 >= acc.last_contact_day {
                acc.last_contact_day = day as i32;
                acc.last_contact = contact;
            }
        }
        for pm in &plan.metrics {
            let day = p.days[pm.date.0 as usize];
            let as_of = self.as_of_day;
            match (pm.window, day) {
                (Some(w), Some(d)) if d <= as_of && d > as_of - w => {}
                (Some(_), _) => continue,
                (None, Some(d)) if pm.dated && d > as_of => continue,
                (None, None) if pm.dated => continue,
                (None, _) => {}
            }
            if !test(&pm.filter, &mut s.cache) {
                continue;
            }
            let m = &self.rules.metrics[pm.id];
            let store = &mut self.stores[pm.id];
            let ev = self.evidence.get_mut(pm.id, a);
            match pm.aggregate {
                Aggregate::Count | Aggregate::DaysSinceLast | Aggregate::DaysSinceFirst => {
                    ev.count += 1;
                }
                Aggregate::Share => {
                    ev.count += 1;
                    if test(&pm.of, &mut s.cache) {
                        ev.hits += 1;
                    }
                }
                Aggregate::Ratio => {
                    let of = test(&pm.of, &mut s.cache);
                    let per = test(&pm.per, &mut s.cache);
                    if !(of || per) {
                        continue;
                    }
                    ev.count += per as u32;
                    ev.hits += of as u32;
                }
                Aggregate::Distinct => {
                    let field = m.field.expect("distinct has a field");
                    let value = ctx.text(field);
                    let Some(value) = value else { continue };
                    if !m.values.is_empty()
                        && !m
                            .values
                            .iter()
                            .any(|v| v.as_bytes().eq_ignore_ascii_case(value))
                    {
                        continue;
                    }
                    let h = hash_value(value);
                    let Extra::Distinct(sets) = &mut store.extra else {
                        unreachable!()
                    };
                    if !sets[a].contains(&h) {
                        sets[a].push(h);
                    }
                    ev.count += 1;
                }
                Aggregate::Median
                | Aggregate::Percentile
                | Aggregate::Max
                | Aggregate::ShareWithin => {
                    let Some(d) = duration(m, p.dates, self.as_of_ts) else {
                        continue;
                    };
                    ev.count += 1;
                    match &mut store.extra {
                        Extra::Values(v) => v[a].push(d),
                        Extra::Max(v) => {
                            if v[a].is_nan() || d > v[a] {
                                v[a] = d;
                            }
                        }
                        _ => {
                            if d <= m.threshold {
                                ev.hits += 1;
                            }
                        }
                    }
                }
                Aggregate::FollowedBy => {
                    let Extra::Follow(v) = &mut store.extra else {
                        unreachable!()
                    };
                    let d = day.expect("checked above") as i32;
                    v[a].push((d, false));
                    ev.count += 1;
                }
            }
            note(ev, day, file, line, contact);
            if self.traced == Some(account) && self.trace.len() < TRACE_LIMIT {
                self.trace.push((pm.id, file, line));
            }
        }
        for (mid, preds) in &plan.follow {
            let Some(day) = row_day.filter(|d| *d <= self.as_of_day) else {
                continue;
            };
            if !test(preds, &mut s.cache) {
                continue;
            }
            let window = self.rules.metrics[*mid]
                .followed_by
                .as_ref()
                .map_or(0, |f| f.window_days);
            let Extra::Follow(v) = &mut self.stores[*mid].extra else {
                unreachable!()
            };
            let mut hit = false;
            for (start, followed) in v[a].iter_mut() {
                let start = *start as i64;
                if !*followed && day >= start && day <= start + window {
                    *followed = true;
                    hit = true;
                }
            }
            if hit && self.traced == Some(account) && self.trace.len() < TRACE_LIMIT {
                self.trace.push((*mid, file, line));
            }
        }
    }

    /// The first of the rule set's roles whose class `text` matches.
    fn role_of(&self, text: &[u8]) -> Option<u8> {
        let rules = self.rules;
        rules
            .roles
            .iter()
            .position(|r| rules.classes[r.class].is_match(text))
            .map(|r| r as u8)
    }

    /// Gives each contact its role and each account a contact per role.
    fn resolve_roles(&mut self) {
        self.contacts.resolve_roles();
        self.contacts.shrink_to_fit();
        for c in 0..self.contacts.len() as u32 {
            if let Some(a) = self.contacts.account(c) {
                let acc = &mut self.accounts[a as usize];
                if acc.first_contact == NO_CONTACT {
                    acc.first_contact = c;
                }
                if let Some(r) = self.contacts.role(c)
                    && acc.role_contacts[r as usize] == NO_CONTACT
                {
                    acc.role_contacts[r as usize] = c;
                }
            }
        }
    }
}

/// What an export holds, as far as assessing a metric goes: which tables have a
/// file, which fields have a column, which have a value in some row.
#[derive(Debug, Clone)]
pub struct Presence {
    /// Per table.
    pub has_file: Vec<bool>,
    /// Per table, per field: some file has a column for it.
    pub mapped: Vec<Vec<bool>>,
    /// Per table, per field: some row has a value in it.
    pub seen: Vec<Vec<bool>>,
    /// Some contact holds one of the rule set's roles.
    pub any_role: bool,
}

impl Default for Presence {
    fn default() -> Self {
        let per_field = || {
            Table::ALL
                .iter()
                .map(|t| vec![false; t.fields().len()])
                .collect()
        };
        Presence {
            has_file: vec![false; Table::ALL.len()],
            mapped: per_field(),
            seen: per_field(),
            any_role: false,
        }
    }
}

impl Presence {
    /// Whether some row has a value for the field, or for what it is derived from.
    pub fn present(&self, table: Table, field: FieldId) -> bool {
        let t = table as usize;
        let seen = |f: FieldId| self.seen[t][f.0 as usize];
        match table.def(field).derive {
            Derivation::None => seen(field),
            Derivation::MatchesClass { field: src, .. } => {
                seen(field) || table.field(src).is_some_and(seen)
            }
            Derivation::DealLost => ["is_closed", "is_won", "stage"]
                .iter()
                .any(|n| table.field(n).is_some_and(|f| self.present(table, f))),
            Derivation::ActivityDone => self.has_file[t],
            Derivation::ContactRole => self.any_role,
        }
    }

    /// Whether the export holds what the metric reads, and if not, what it lacks.
    pub fn assessable(&self, m: &crate::config::Metric) -> Assessable {
        for (table, group) in m.needs() {
            if !self.has_file[table as usize] {
                let article = if table.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                return Err(format!("needs {article} {table} file; the export has none"));
            }
            if group.iter().any(|&f| self.present(table, f)) {
                continue;
            }
            let names: Vec<String> = group
                .iter()
                .map(|&f| format!("{table}.{}", table.def(f).name))
                .collect();
            let names = names.join(" or ");
            let any_mapped = group
                .iter()
                .any(|&f| self.mapped[table as usize][f.0 as usize]);
            let derived = group
                .iter()
                .all(|&f| table.def(f).derive == Derivation::ContactRole);
            return Err(if derived {
                "needs contact roles: no contact has a role or a job title the rule set's roles recognise".to_string()
            } else if any_mapped {
                format!("needs {names}: its column is empty in every row")
            } else {
                format!("needs {names}: no column for it in the export")
            });
        }
        Ok(())
    }
}

fn note(ev: &mut Evidence, day: Option<i64>, file: usize, line: u64, contact: u32) {
    match day {
        Some(d) => {
            let d = d as i32;
            if ev.last_day == NO_DAY || d >= ev.last_day {
                ev.last_day = d;
                ev.file = file as u16;
                ev.line = line as u32;
                if contact != NO_CONTACT || ev.contact == NO_CONTACT {
                    ev.contact = contact;
                }
            }
            if ev.first_day == NO_DAY || d < ev.first_day {
                ev.first_day = d;
            }
        }
        None if ev.line == 0 => {
            ev.file = file as u16;
            ev.line = line as u32;
            ev.contact = contact;
        }
        None => {}
    }
}

fn duration(
    m: &crate::config::Metric,
    dates: &[Option<Timestamp>],
    as_of: Timestamp,
) -> Option<f64> {
    let d = m.duration.as_ref()?;
    let DurationEnd::Field(from) = d.from else {
        return None;
    };
    let from = dates[from.0 as usize]?;
    let to = match d.to {
        DurationEnd::AsOf => as_of,
        DurationEnd::Field(f) => match dates[f.0 as usize] {
            Some(t) => t,
            None if d.open_until_as_of => as_of,
            None => return None,
        },
    };
    Some((to - from) as f64 / d.unit.seconds())
}

/// What a filter looks at on one row.
struct RowCtx<'r> {
    table: Table,
    map: &'r crate::ingest::Mapping,
    record: &'r Record<'r>,
    bools: &'r [Option<bool>],
    dates: &'r [Option<Timestamp>],
    role: Option<&'r [u8]>,
    /// A value for a field from a side file (a deal's competitor), used where
    /// the row's own column is empty.
    side: Option<(FieldId, &'r [u8])>,
    rules: &'r RuleSet,
    sets: &'r [Option<crate::config::ClassSet>],
    class_bits: &'r [Vec<(FieldId, Option<u64>)>],
    memo: &'r [std::cell::RefCell<prepare::Memo>],
    bits: &'r [std::cell::Cell<Option<u64>>],
}

impl<'r> RowCtx<'r> {
    fn text(&self, f: FieldId) -> Option<&'r [u8]> {
        match self.table.def(f).derive {
            Derivation::ContactRole => self.role,
            _ => self.map.get(self.record, f).or(match self.side {
                Some((field, value)) if field == f => Some(value),
                _ => None,
            }),
        }
    }

    /// Whether the field's text mentions keyword class `class`, whose bit in
    /// the field's class set is `bit`: the set is scanned once per row and field.
    fn mentions(&self, f: FieldId, class: usize, bit: Option<u64>) -> bool {
        let i = f.0 as usize;
        if let Some(bit) = bit {
            if let Some(bits) = self.bits[i].get() {
                return bits & bit != 0;
            }
            let Some(text) = self.text(f) else {
                self.bits[i].set(Some(0));
                return false;
            };
            let bits = self.sets[i]
                .as_ref()
                .map_or(0, |set| self.memo[i].borrow_mut().classes(set, text));
            self.bits[i].set(Some(bits));
            return bits & bit != 0;
        }
        self.text(f)
            .is_some_and(|text| self.rules.classes[class].is_match(text))
    }

    /// Whether the row passes filter `i` of the plan.
    fn eval(&self, i: usize, filter: &crate::config::Filter) -> bool {
        let fields = &filter.fields;
        match &filter.op {
            FilterOp::In(list) => fields.iter().any(|&f| {
                self.text(f)
                    .is_some_and(|v| list.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(v)))
            }),
            FilterOp::NotIn(list) => !fields.iter().any(|&f| {
                self.text(f)
                    .is_some_and(|v| list.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(v)))
            }),
            FilterOp::Matches(c) => self.class_bits[i]
                .iter()
                .any(|&(f, bit)| self.mentions(f, *c, bit)),
            FilterOp::NotMatches(c) => !self.class_bits[i]
                .iter()
                .any(|&(f, bit)| self.mentions(f, *c, bit)),
            FilterOp::Present(want) => {
                let any = fields.iter().any(|&f| match self.table.def(f).kind {
                    FieldKind::Bool => self.bools[f.0 as usize].is_some(),
                    FieldKind::Date => self.dates[f.0 as usize].is_some(),
                    _ => self.text(f).is_some(),
                });
                any == *want
            }
            FilterOp::Is(want) => fields
                .iter()
                .any(|&f| self.bools[f.0 as usize] == Some(*want)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// Every metric of every account, as the pass folded it.
    fn folded(threads: usize, scan_ahead: Option<bool>, paths: &[PathBuf]) -> Vec<String> {
        let rules = crate::config::RuleSet::builtin().unwrap();
        let (inputs, _) = crate::commands::recognise_all(&rules, &[], paths).unwrap();
        let mut engine = Engine::new(&rules, 20_634).threads(threads);
        engine.scan_ahead = scan_ahead;
        let outcome = engine.run(&inputs, &mut IgnoreRejects).unwrap();
        let mut out = Vec::new();
        for a in 0..outcome.accounts.len() {
            for m in 0..rules.metrics.len() {
                out.push(format!("{a} {m} {:?}", outcome.metric(m, a)));
            }
        }
        out
    }

    #[test]
    fn keyword_classes_worked_out_by_either_thread_fold_the_same() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        for export in [
            "examples/brightline",
            "tests/fixtures/sfdc-data-cloud-workshop",
        ] {
            let paths = [root.join(export)];
            let one = folded(1, None, &paths);
            assert!(one.len() > 100, "{export}");
            assert_eq!(one, folded(2, Some(true), &paths), "{export}: reader scans");
            assert_eq!(one, folded(2, Some(false), &paths), "{export}: fold scans");
        }
    }
}
