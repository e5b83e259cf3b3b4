//! The engine's entry: [`Engine`] and its settings, and the pass that drives the
//! reader (inline, or on a thread of its own ahead of the fold) file by file,
//! counts what became of every row and hands the folded state on as an
//! [`Outcome`].

use std::collections::HashMap;

use anyhow::Result;

use crate::day::Day;
use crate::ingest::InputFile;
use crate::ingest::quirks::{FooterRow, ReportFooter};
use crate::ingest::values::{SECONDS_PER_DAY, Timestamp};
use crate::model::{FieldId, Table};
use crate::spec::{MetricId, RuleSet};

use super::ahead::{Ahead, Indexes};
use super::contacts::Contacts;
use super::evidence::Evidences;
use super::fold::{Row, RowRef, Scratch};
use super::join::{Account, Joins, Links, NamedCompetitor};
use super::outcome::{Outcome, Values, find_account};
use super::prepare::Prep;
use super::presence::Presence;
use super::source::{End, Source};
use super::stats::{InputStats, Reject, RejectSink};
use crate::primitive::Store;

/// The streaming pass over all inputs.
pub struct Engine<'a> {
    pub(super) rules: &'a RuleSet,
    pub(super) as_of_day: i64,
    pub(super) as_of_ts: Timestamp,
    /// What the rule set reads from records, shared with the reader thread.
    pub(super) prep: std::sync::Arc<Prep<'a>>,
    pub(super) accounts: Vec<Account>,
    /// Shared with the reader once every account is read (see `super::ahead`).
    pub(super) account_ids: std::sync::Arc<super::ids::IdIndex>,
    /// Joins by name, derived accounts, ids of tables given in several files.
    pub(super) joins: Joins,
    pub(super) contacts: Contacts,
    pub(super) evidence: Evidences,
    pub(super) stores: Vec<Store>,
    pub(super) presence: Presence,
    /// Deal id -> competitors named on it by deal-competitors files.
    pub(super) deal_competitors: HashMap<Box<[u8]>, NamedCompetitor>,
    /// Records tied to their company or person by a vendor's join tables.
    pub(super) links: Links,
    /// Stop at the first rejected row (`--strict`).
    pub(super) strict: bool,
    /// With more than one, files are parsed on a reader thread ahead of the fold.
    pub(super) threads: usize,
    /// Whether the reader works out keyword classes; None: while the fold is behind.
    pub(super) scan_ahead: Option<bool>,
    /// Where the id indexes are handed to the reader once they are complete.
    pub(super) ahead: Ahead,
    /// Whether they are (off only in tests, to check both ways agree).
    pub(super) join_ahead: bool,
    pub(super) trace_query: Option<String>,
    pub(super) traced: Option<u32>,
    pub(super) trace: Vec<(MetricId, usize, u64)>,
    /// Told the bytes read so far, every few thousand rows.
    pub(super) progress: Option<Box<dyn FnMut(u64) + 'a>>,
    pub(super) bytes_before: u64,
}

/// How many lines of rows with unreadable bytes are kept per file.
const REPLACED_LINES_KEPT: usize = 10;

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 16_384;

impl<'a> Engine<'a> {
    pub fn new(rules: &'a RuleSet, as_of_day: i64) -> Self {
        Engine {
            rules,
            as_of_day,
            // Open things are measured to the end of the as-of day, which windows include.
            as_of_ts: (as_of_day + 1) * SECONDS_PER_DAY,
            prep: std::sync::Arc::new(Prep::new(rules)),
            accounts: Vec::new(),
            account_ids: Default::default(),
            joins: Joins::default(),
            contacts: Contacts::default(),
            evidence: Evidences::new(rules),
            stores: rules.metrics.iter().map(|m| m.aggregate.store()).collect(),
            presence: Presence::default(),
            deal_competitors: HashMap::new(),
            links: Links::default(),
            strict: false,
            threads: 1,
            scan_ahead: None,
            ahead: Ahead::default(),
            join_ahead: true,
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
    pub(super) fn reject(
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
        self.joins = Joins::new(inputs);
        let order: Vec<usize> = Table::ALL
            .iter()
            .flat_map(|&t| (0..inputs.len()).filter(move |&i| inputs[i].table == t))
            .collect();
        if self.threads > 1 {
            std::thread::scope(|scope| {
                let mut source = Source::threaded(
                    scope,
                    inputs,
                    order,
                    self.prep.clone(),
                    self.ahead.clone(),
                    self.scan_ahead,
                );
                self.pass(inputs, &mut source, &mut stats, sink)
            })?;
        } else {
            let mut source = Source::inline(inputs, order, self.prep.clone(), self.ahead.clone());
            self.pass(inputs, &mut source, &mut stats, sink)?;
        }
        self.presence.any_role =
            (0..self.contacts.len() as u32).any(|c| self.contacts.role(c).is_some());
        let mut history = super::History::new(self.as_of_day);
        for (input, s) in inputs.iter().zip(&stats) {
            if let (Some(first), Some(last)) = (s.first_date, s.last_date) {
                history.add(input.table, first.number(), last.number());
            }
        }
        let assessable = self
            .rules
            .metrics
            .iter()
            .map(|m| self.presence.assessable(m))
            .collect();
        Ok(Outcome {
            trace: self.trace,
            traced: self.traced.map(|a| a as usize),
            accounts: self.accounts,
            contacts: self.contacts,
            stats,
            history,
            assessable,
            values: Values::Folded {
                evidence: self.evidence,
                stores: self.stores,
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
                self.fold_on_resolved_roles();
                self.publish_indexes();
            }
            if table == Table::Deals {
                self.reject_unmatched_competitors(inputs, stats, sink)?;
            }
            if table == Table::Accounts {
                // Every account is known now: the per-account state stops growing.
                self.accounts.shrink_to_fit();
                std::sync::Arc::make_mut(&mut self.account_ids).shrink_to_fit();
                self.evidence.shrink_to_fit();
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

    /// Hands the id indexes to the reader ([`super::ahead`]): every account
    /// and contact is known by now, unless accounts are made from the rows
    /// that name them.
    fn publish_indexes(&mut self) {
        if self.joins.derive || !self.join_ahead {
            return;
        }
        self.ahead.publish(Indexes {
            accounts: self.account_ids.clone(),
            contacts: self.contacts.index(),
            hash_ids: self.joins.ids.iter().map(Option::is_some).collect(),
        });
    }

    /// Folds the records of one file, counting what became of each.
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
        self.note_link_column(input);
        let mut unseen: Vec<FieldId> = (0..input.table.fields().len())
            .map(|f| FieldId(f as u16))
            .filter(|&f| input.mapping.has(f) && !self.presence.seen[t][f.0 as usize])
            .collect();
        let mut scratch = Scratch::new(input.table.fields().len(), self.prep.plans[t].preds.len());
        scratch.defer = defers_fold(input.table);
        let mut joined: Vec<Joined> = Vec::new();
        let mut footer = ReportFooter::new(input.headers.len());
        let (accounts_before, duplicates_before) = (self.accounts.len(), self.joins.duplicates);
        let mut span: Option<(i64, i64)> = None;
        loop {
            let Some(mut batch) = source.next() else {
                anyhow::bail!("{}: reading stopped unexpectedly", input.display_name());
            };
            debug_assert_eq!(batch.file, file);
            std::hint::black_box(self.touch_ahead(t, batch.all_looked()));
            for (k, (record, prepared)) in batch.records().enumerate() {
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
                let at = RowRef {
                    file,
                    line,
                    input,
                    record,
                    parsed: &prepared,
                    looked: batch.looked(k),
                };
                match self.row(&at, &mut scratch) {
                    Row::Used => stats.used += 1,
                    Row::Joined(account, contact) => {
                        stats.used += 1;
                        joined.push(Joined {
                            record: k as u32,
                            account,
                            contact,
                        });
                    }
                    Row::Deleted => {
                        stats.skipped += 1;
                        stats.deleted += 1;
                    }
                    Row::Lead => {
                        stats.skipped += 1;
                        stats.leads += 1;
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
            self.fold_joined(file, input, &batch, &mut joined, &mut scratch);
            for (line, quote, reason) in std::mem::take(&mut batch.lost) {
                // A line that is no record (a broken quote, or over the size
                // limit): one row, rejected.
                stats.rows += 1;
                stats.resynchronised += quote as u64;
                self.reject(input, stats, sink, Reject::whole_row(file, line, reason))?;
            }
            if let Some((first, last)) = batch.span() {
                span = Some(span.map_or((first, last), |(a, b)| (a.min(first), b.max(last))));
            }
            for &line in &batch.replaced {
                stats.replaced += 1;
                if stats.replaced_lines.len() < REPLACED_LINES_KEPT {
                    stats.replaced_lines.push(line);
                }
            }
            match batch.end.take() {
                None => {
                    source.recycle(batch);
                    continue;
                }
                Some(End::Eof) => source.recycle(batch),
                Some(End::Failed(e)) => return Err(e),
            }
            break;
        }
        self.reject_short_rows(input, file, &mut footer, stats, sink)?;
        stats.first_date = span.map(|(first, _)| Day::from_number(first));
        stats.last_date = span.map(|(_, last)| Day::from_number(last));
        if self.joins.derive {
            stats.derived_accounts = (self.accounts.len() - accounts_before) as u64;
        }
        stats.duplicates = self.joins.duplicates - duplicates_before;
        Ok(())
    }

    /// Folds the rows of a batch joined and left to fold ([`Row::Joined`]),
    /// in their order. Consecutive rows of an export in creation order are of
    /// accounts far apart in memory, and each row's fold waits on its
    /// account's state, one cache miss after the other. So the state of every
    /// joined row of the batch is first touched in a loop that does nothing
    /// else, where the processor has many of those misses in flight at once;
    /// the folds then find it in cache.
    fn fold_joined(
        &mut self,
        file: usize,
        input: &InputFile,
        batch: &super::source::Batch,
        joined: &mut Vec<Joined>,
        scratch: &mut Scratch,
    ) {
        if joined.is_empty() {
            return;
        }
        let t = input.table as usize;
        // The account itself is in cache already: its join counted the row.
        let touched = joined.iter().fold(0u32, |sum, j| {
            sum.wrapping_add(self.evidence.touch(t, j.account as usize))
        });
        std::hint::black_box(touched);
        for j in joined.drain(..) {
            let (record, parsed) = batch.record(j.record as usize);
            let row = RowRef {
                file,
                line: record.line,
                input,
                record: &record,
                parsed: &parsed,
                looked: None,
            };
            self.fold(&row, scratch, j.account, j.contact);
        }
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
}

/// A row of the batch being read, joined and waiting for its fold.
struct Joined {
    record: u32,
    account: u32,
    contact: u32,
}

/// Whether rows of `table` may be folded after the rest of their batch is
/// joined: their fold reads nothing but the row and its account, and no join
/// reads what a fold writes. Those are the rows of things done with an
/// account, which name it; accounts, contacts and the tables that attach to
/// them are folded as they are read.
fn defers_fold(table: Table) -> bool {
    super::join::names_its_account(table)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::metrics::IgnoreRejects;

    /// Every metric of every account, as the pass folded it.
    fn folded(threads: usize, scan_ahead: Option<bool>, paths: &[PathBuf]) -> Vec<String> {
        folded_with(threads, scan_ahead, true, paths)
    }

    fn folded_with(
        threads: usize,
        scan_ahead: Option<bool>,
        join_ahead: bool,
        paths: &[PathBuf],
    ) -> Vec<String> {
        let rules = crate::spec::RuleSet::builtin().unwrap();
        let (inputs, _) = crate::commands::recognise_all(&rules, &[], paths).unwrap();
        let mut engine = Engine::new(&rules, 20_634).threads(threads);
        engine.scan_ahead = scan_ahead;
        engine.join_ahead = join_ahead;
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

    #[test]
    fn rows_joined_by_ids_looked_up_ahead_fold_as_rows_the_join_looks_up() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        // One thread reads each file once the one before is folded: every row
        // after the contacts is looked up ahead, or none is.
        for export in [
            "examples/brightline",
            "tests/fixtures/sfdc-data-cloud-workshop",
            "tests/fixtures/fivetran-hubspot",
            "tests/fixtures/split-activities",
            "tests/fixtures/sfdc-real-org",
        ] {
            let paths = [root.join(export)];
            let ahead = folded_with(1, None, true, &paths);
            assert!(ahead.len() > 40, "{export}");
            assert_eq!(ahead, folded_with(1, None, false, &paths), "{export}");
        }
    }
}
