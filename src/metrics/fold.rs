//! Folding one row: applying a row joined to its account to the evidence of
//! every metric of its table whose window and filters it passes, and to the
//! follow-up checks waiting for it. This is the hot loop of the pass: a row that
//! is used allocates nothing here, unless a metric must remember it (a median, a
//! follow-up, a distinct value).

use crate::ingest::InputFile;
use crate::ingest::values::{SECONDS_PER_DAY, Timestamp};
use crate::model::{Derivation, FieldId, FieldKind, Table};
use crate::primitive::FoldRow;
use crate::spec::{Duration, DurationEnd, FilterOp, RuleSet};

use super::NO_CONTACT;
use super::ahead::Looked;
use super::evidence::Noted;
use super::prepare::{self, Parsed, Status};
use super::run::Engine;
use super::source::Record;

/// At most this many rows are kept for one account's trail.
const TRACE_LIMIT: usize = 100_000;

/// One record on its way through the fold: where it is, the file it is of, and
/// what it says by itself.
#[derive(Clone, Copy)]
pub(super) struct RowRef<'r> {
    pub(super) file: usize,
    pub(super) line: u64,
    pub(super) input: &'r InputFile,
    pub(super) record: &'r Record<'r>,
    pub(super) parsed: &'r Parsed<'r>,
    /// Its ids as looked up ahead, when they were ([`super::ahead`]).
    pub(super) looked: Option<Looked>,
}

/// What became of a row.
pub(super) enum Row {
    Used,
    /// Joined to an account and contact, its fold left to the caller
    /// ([`Scratch::defer`]).
    Joined(u32, u32),
    Deleted,
    /// An activity with a lead and no account: skipped, not rejected.
    Lead,
    /// The column at fault (when one is) and the reason.
    Rejected(Option<usize>, String),
}

/// Per-row scratch space, reused across rows.
pub(super) struct Scratch {
    cache: Vec<u8>,
    /// Per field: the keyword classes its text mentions, once asked.
    bits: Vec<std::cell::Cell<Option<u64>>>,
    /// Per field: the classes of short texts seen lately.
    memo: Vec<std::cell::RefCell<prepare::Memo>>,
    /// A competitor named on the row's deal in a deal-competitors file.
    competitor: Vec<u8>,
    has_competitor: bool,
    /// Stop at the join: the caller folds the row once the rest of its batch
    /// is joined too. A deal named by a deal-competitors file is folded at
    /// once: its fold reads the competitor kept here.
    pub(super) defer: bool,
}

impl Scratch {
    /// Scratch space for rows of a table with `fields` fields and `preds` filters.
    pub(super) fn new(fields: usize, preds: usize) -> Scratch {
        Scratch {
            bits: vec![std::cell::Cell::new(None); fields],
            memo: (0..fields).map(|_| Default::default()).collect(),
            cache: vec![0; preds],
            competitor: Vec::new(),
            has_competitor: false,
            defer: false,
        }
    }
}

impl Engine<'_> {
    /// Joins a prepared row to its account and folds it, or says why it is not used.
    pub(super) fn row(&mut self, row: &RowRef, s: &mut Scratch) -> Row {
        let RowRef {
            input,
            record,
            parsed: p,
            ..
        } = *row;
        let table = input.table;
        let map = &input.mapping;
        match &p.status {
            Status::Ready => {}
            Status::Deleted => return Row::Deleted,
            Status::Rejected(col, reason) => return Row::Rejected(*col, reason.clone()),
        }
        let known = self.prep.plans[table as usize].known;
        let (account, contact) = match self.join(row) {
            Ok(found) => found,
            // A lead has no account yet: the row is about no customer.
            Err(_)
                if table == Table::Activities
                    && known
                        .account_id
                        .is_none_or(|f| map.get(record, f).is_none())
                    && known
                        .contact_id
                        .and_then(|f| map.get(record, f))
                        .is_some_and(|who| {
                            crate::ingest::quirks::is_salesforce_lead(who)
                                && self.contacts.find(who).is_none()
                        }) =>
            {
                return Row::Lead;
            }
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
        if s.defer && !s.has_competitor {
            return Row::Joined(account, contact);
        }
        self.fold(row, s, account, contact);
        Row::Used
    }

    /// Applies a row joined to `account` (and `contact`) to the metrics of its
    /// table that it passes the filters of.
    pub(super) fn fold(&mut self, row: &RowRef, s: &mut Scratch, account: u32, contact: u32) {
        let RowRef {
            file,
            line,
            input,
            record,
            parsed: p,
            ..
        } = *row;
        let (table, map) = (input.table, &input.mapping);
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
        // The competitor is the row's alone: taken, so that no row folded
        // after it (a deal left to fold with its batch) reads it too.
        let side = match (std::mem::take(&mut s.has_competitor), plan.known.competitor) {
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
            // The latest done activity's contact; of one day's, the first by id.
            let acc = &mut self.accounts[a];
            let day = day as i32;
            if day > acc.last_contact_day
                || (day == acc.last_contact_day
                    && contact != acc.last_contact
                    && self.contacts.precedes(contact, acc.last_contact))
            {
                acc.last_contact_day = day;
                acc.last_contact = contact;
            }
        }
        // The account's block of the table's metrics, made when a metric
        // first needs it.
        let mut block = None;
        // The row's key, worked out the first time a metric notes the row.
        let mut key = None;
        let id_field = plan.known.id;
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
            let b = *block
                .get_or_insert_with(|| self.evidence.open(table as usize, a, &mut self.stores));
            let ev = self.evidence.cell_mut(pm.id, b);
            let mut view = View {
                ctx: &ctx,
                preds: &plan.preds,
                cache: &mut s.cache,
                groups: &pm.groups,
                day,
                at: p.dates[pm.date.0 as usize],
                as_of_day: self.as_of_day,
                as_of: self.as_of_ts,
            };
            if !self.stores[pm.id].fold(b, &mut view, ev) {
                continue;
            }
            let key = *key.get_or_insert_with(|| row_key(map, record, id_field));
            let noted = Noted {
                day,
                file,
                line,
                key,
                contact,
            };
            let contacts = &self.contacts;
            ev.note(&noted, |a, b| contacts.precedes(a, b));
            if self.traced == Some(account) && self.trace.len() < TRACE_LIMIT {
                self.trace.push((pm.id, file, line));
            }
        }
        for (mid, preds, window) in &plan.follow {
            // A follow-up before the window follows up none of the rows in it.
            let Some(day) = row_day
                .filter(|d| *d <= self.as_of_day && window.is_none_or(|w| *d > self.as_of_day - w))
            else {
                continue;
            };
            if !test(preds, &mut s.cache) {
                continue;
            }
            let at = p.dates[plan.known.default_date.0 as usize].unwrap_or(day * SECONDS_PER_DAY);
            // An account with no rows of the metric's table has none waiting.
            let Some(b) = self.evidence.block(self.evidence.table_of(*mid), a) else {
                continue;
            };
            let hit = self.stores[*mid].follow_up(b, day, at);
            if hit && self.traced == Some(account) && self.trace.len() < TRACE_LIMIT {
                self.trace.push((*mid, file, line));
            }
        }
    }
}

impl Engine<'_> {
    /// Folds the metrics over the contacts on file by their resolved role
    /// ([`crate::spec::Metric::on_resolved_roles`]), once roles are resolved:
    /// each contact of an account is one row, whose only field is its role.
    /// What is folded depends on the set of contacts, not on their order.
    pub(super) fn fold_on_resolved_roles(&mut self) {
        let rules = self.rules;
        let metrics: Vec<usize> = (0..rules.metrics.len())
            .filter(|&m| rules.metrics[m].on_resolved_roles())
            .collect();
        if metrics.is_empty() {
            return;
        }
        for c in 0..self.contacts.len() as u32 {
            let Some(account) = self.contacts.account(c) else {
                continue;
            };
            let a = account as usize;
            let mut row = RoleRow {
                role: self
                    .contacts
                    .role(c)
                    .map(|r| rules.roles[r as usize].name.as_bytes()),
            };
            for &m in &metrics {
                if !rules.metrics[m]
                    .filter
                    .iter()
                    .all(|f| row.passes_filter(rules, f))
                {
                    continue;
                }
                let t = self.evidence.table_of(m);
                let b = self.evidence.open(t, a, &mut self.stores);
                let ev = self.evidence.cell_mut(m, b);
                if !self.stores[m].fold(b, &mut row, ev) {
                    continue;
                }
                // No line: the contact is the row, named where several count.
                let noted = Noted {
                    day: None,
                    file: 0,
                    line: 0,
                    key: 0,
                    contact: c,
                };
                let contacts = &self.contacts;
                ev.note(&noted, |x, y| contacts.precedes(x, y));
            }
        }
    }
}

/// A contact on file as a metric over resolved roles sees it: its role, and
/// no other field (compiling such a metric refuses any other).
struct RoleRow<'r> {
    role: Option<&'r [u8]>,
}

impl RoleRow<'_> {
    /// Whether the contact passes a filter on contact.role, as [`RowCtx::eval`]
    /// would have it on an activity of the contact.
    fn passes_filter(&self, rules: &RuleSet, filter: &crate::spec::Filter) -> bool {
        let role = self.role;
        let listed = |list: &[String]| {
            role.is_some_and(|v| list.iter().any(|x| x.as_bytes().eq_ignore_ascii_case(v)))
        };
        let mentions = |c: usize| role.is_some_and(|v| rules.classes[c].is_match(v));
        match &filter.op {
            FilterOp::In(list) => listed(list),
            FilterOp::NotIn(list) => !listed(list),
            FilterOp::Matches(c) => mentions(*c),
            FilterOp::NotMatches(c) => !mentions(*c),
            FilterOp::Present(want) => role.is_some() == *want,
            // `is` compares booleans; a role is text.
            FilterOp::Is(_) => false,
        }
    }
}

impl FoldRow for RoleRow<'_> {
    fn passes(&mut self, _group: usize) -> bool {
        true
    }

    fn text(&self, f: FieldId) -> Option<&[u8]> {
        match Table::Contacts.def(f).derive {
            Derivation::ContactRole => self.role,
            _ => None,
        }
    }

    fn day(&self) -> Option<i64> {
        None
    }

    fn age(&self) -> Option<i64> {
        None
    }

    fn duration(&self, _: &Duration) -> Option<f64> {
        None
    }
}

/// A key of the row's own, the same wherever the row is in its file: a hash of
/// its id, or of all its fields when it has none.
fn row_key(map: &crate::ingest::Mapping, record: &Record, id: Option<FieldId>) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let bytes = id
        .and_then(|f| map.get(record, f))
        .unwrap_or_else(|| record.bytes());
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(bytes);
    let h = h.finish();
    (h ^ (h >> 32)) as u32
}

/// A row as a primitive's fold step sees it.
struct View<'v, 'r> {
    ctx: &'v RowCtx<'r>,
    preds: &'v [crate::spec::Filter],
    cache: &'v mut Vec<u8>,
    /// The metric's filter groups beyond its own, as plan filter indices.
    groups: &'v [Vec<usize>],
    day: Option<i64>,
    /// The time of that date.
    at: Option<Timestamp>,
    as_of_day: i64,
    as_of: Timestamp,
}

impl FoldRow for View<'_, '_> {
    #[inline]
    fn passes(&mut self, group: usize) -> bool {
        let Some(ids) = self.groups.get(group) else {
            return true;
        };
        ids.iter().all(|&i| {
            if self.cache[i] == 0 {
                self.cache[i] = 1 + self.ctx.eval(i, &self.preds[i]) as u8;
            }
            self.cache[i] == 2
        })
    }

    #[inline]
    fn text(&self, f: FieldId) -> Option<&[u8]> {
        self.ctx.text(f)
    }

    #[inline]
    fn day(&self) -> Option<i64> {
        self.day
    }

    #[inline]
    fn at(&self) -> Option<Timestamp> {
        self.at
    }

    #[inline]
    fn age(&self) -> Option<i64> {
        self.day.map(|d| self.as_of_day - d)
    }

    /// The duration on the row, in its unit, when both ends are known.
    #[inline]
    fn duration(&self, d: &Duration) -> Option<f64> {
        let DurationEnd::Field(from) = d.from else {
            return None;
        };
        let dates = self.ctx.dates;
        let from = dates[from.0 as usize]?;
        let to = match d.to {
            DurationEnd::AsOf => self.as_of,
            DurationEnd::Field(f) => match dates[f.0 as usize] {
                Some(t) => t,
                None => match d.bound.and_then(|b| dates[b.0 as usize]) {
                    Some(b) if b <= self.as_of => b,
                    _ if d.open_until_as_of => self.as_of,
                    _ => return None,
                },
            },
        };
        Some((to - from) as f64 / d.unit.seconds())
    }
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
    sets: &'r [Option<crate::spec::ClassSet>],
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
    fn eval(&self, i: usize, filter: &crate::spec::Filter) -> bool {
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
