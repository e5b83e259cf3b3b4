//! What can be read from a record alone, before it is joined to an account: its
//! field count, booleans (derived ones included), dates, whether it is marked
//! deleted, and the keyword classes its texts mention. None of it depends on
//! what earlier rows said, so it is worked out where the record is parsed (on the
//! reader thread when there is one) and the fold only looks it up.

use crate::ingest::values::{self, Timestamp};
use crate::ingest::{Fields, InputFile};
use crate::model::{Derivation, FieldId, FieldKind, Table};
use crate::spec::{ClassSet, RuleSet};

use super::plan::Plan;

/// The rule set's view of records, shared by the reader and the fold.
pub struct Prep<'a> {
    pub rules: &'a RuleSet,
    pub plans: Vec<Plan>,
    /// Per table, per field: the class a derived boolean falls back to.
    derive_class: Vec<Vec<Option<usize>>>,
    stage_lost: Option<usize>,
    /// Per table: the date that dates its rows (for the first and last dates of a
    /// file), and whether the rules read it anyway.
    row_date: Vec<(FieldId, bool)>,
}

/// Whether a record can be folded.
#[derive(Debug, Clone, Default)]
pub enum Status {
    #[default]
    Ready,
    /// Marked deleted in the export.
    Deleted,
    /// Not usable: the column at fault (when one is) and the reason.
    Rejected(Option<usize>, String),
}

/// What the records of a batch say by themselves, record after record.
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    /// Fields per record (the table's).
    width: usize,
    status: Vec<Status>,
    bools: Vec<Option<bool>>,
    dates: Vec<Option<Timestamp>>,
    days: Vec<Option<i64>>,
    classes: Vec<Option<u64>>,
    /// The first and last day of the records' own dates (see [`Prep::row_date`]).
    pub span: Option<(i64, i64)>,
}

/// What one record says by itself.
pub struct Parsed<'p> {
    pub status: &'p Status,
    /// Per field of the table.
    pub bools: &'p [Option<bool>],
    pub dates: &'p [Option<Timestamp>],
    /// The day of each date.
    pub days: &'p [Option<i64>],
    /// Per field: the classes of its class set the record's own text mentions,
    /// when worked out ahead (see [`Prep::prepare`]).
    pub classes: &'p [Option<u64>],
}

impl Prepared {
    /// Record `k`, in the order prepared.
    pub fn row(&self, k: usize) -> Parsed<'_> {
        let at = k * self.width..(k + 1) * self.width;
        Parsed {
            status: &self.status[k],
            bools: &self.bools[at.clone()],
            dates: &self.dates[at.clone()],
            days: &self.days[at.clone()],
            classes: &self.classes[at],
        }
    }

    /// Makes room for `records` records of `width` fields at once, so a batch
    /// grows its buffers once rather than doubling them record by record.
    pub fn reserve(&mut self, width: usize, records: usize) {
        let cells = width * records;
        self.status.reserve(records);
        self.bools.reserve(cells);
        self.dates.reserve(cells);
        self.days.reserve(cells);
        self.classes.reserve(cells);
    }

    pub fn clear(&mut self) {
        self.status.clear();
        self.bools.clear();
        self.dates.clear();
        self.days.clear();
        self.classes.clear();
        self.span = None;
    }
}

impl<'a> Prep<'a> {
    pub fn new(rules: &'a RuleSet) -> Self {
        let plans: Vec<Plan> = Table::ALL.iter().map(|&t| Plan::new(t, rules)).collect();
        let derive_class = Table::ALL
            .iter()
            .map(|t| {
                t.fields()
                    .iter()
                    .map(|f| match f.derive {
                        Derivation::MatchesClass { class, .. } => rules.class_id(class),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        let row_date: Vec<(FieldId, bool)> = plans
            .iter()
            .map(|p| {
                (
                    p.known.default_date,
                    p.dates.contains(&p.known.default_date),
                )
            })
            .collect();
        Prep {
            rules,
            plans,
            derive_class,
            stage_lost: rules.class_id("stage-lost"),
            row_date,
        }
    }

    /// Notes what `record` of `input` says by itself after the records `out`
    /// holds. With `scan`, the keyword classes of every text a class set looks
    /// at are worked out too (otherwise the fold works out those it needs);
    /// `memo` is per field.
    pub fn prepare<R: Fields>(
        &self,
        input: &InputFile,
        record: &R,
        out: &mut Prepared,
        scan: Option<&mut [Memo]>,
    ) {
        let table = input.table;
        let n = table.fields().len();
        out.width = n;
        let base = out.status.len() * n;
        out.bools.resize(base + n, None);
        out.dates.resize(base + n, None);
        out.days.resize(base + n, None);
        out.classes.resize(base + n, None);
        let status = self.read(input, record, base, out);
        if let (Status::Ready, Some(memo)) = (&status, scan) {
            let plan = &self.plans[table as usize];
            for (f, set) in plan.class_sets.iter().enumerate() {
                let id = FieldId(f as u16);
                // A contact's role comes from the contact, found by the fold.
                if let Some(set) = set
                    && table.def(id).derive != Derivation::ContactRole
                    && let Some(text) = input.mapping.get(record, id)
                {
                    out.classes[base + f] = Some(memo[f].classes(set, text));
                }
            }
        }
        out.status.push(status);
    }

    fn read<R: Fields>(
        &self,
        input: &InputFile,
        record: &R,
        base: usize,
        out: &mut Prepared,
    ) -> Status {
        let table = input.table;
        let map = &input.mapping;
        let n = table.fields().len();
        if record.field_count() != input.headers.len() {
            return Status::Rejected(
                None,
                format!(
                    "expected {} fields as in the header, found {}",
                    input.headers.len(),
                    record.field_count()
                ),
            );
        }
        // Booleans, in field order: derived ones read the ones before them.
        for (i, def) in table.fields().iter().enumerate() {
            if def.kind != FieldKind::Bool {
                continue;
            }
            let id = FieldId(i as u16);
            let value = match map.get_with_col(record, id) {
                Some((col, raw)) => match values::parse_bool(raw) {
                    Ok(b) => b,
                    Err(values::NotABool) => {
                        return Status::Rejected(
                            Some(col),
                            format!(
                                "'{}' is not a boolean (true/false, 1/0, yes/no, wahr/falsch, vrai/faux)",
                                String::from_utf8_lossy(raw)
                            ),
                        );
                    }
                },
                None => None,
            };
            let bools = &out.bools[base..base + n];
            out.bools[base + i] = value.or_else(|| self.derive_bool(input, id, record, bools));
        }
        let plan = &self.plans[table as usize];
        if let Some(del) = plan.known.is_deleted
            && out.bools[base + del.0 as usize] == Some(true)
        {
            return Status::Deleted;
        }
        for &f in &plan.dates {
            let mut date = match map.get_with_col(record, f) {
                Some((col, raw)) => match values::parse_date(raw, input.date_orders[col]) {
                    Some(ts) => Some(ts),
                    None => return Status::Rejected(Some(col), date_error(input, col, raw)),
                },
                None => None,
            };
            if date.is_none()
                && let Derivation::AfterDuration { from, duration } = table.def(f).derive
            {
                match after_duration(input, record, from, duration) {
                    Ok(d) => date = d,
                    Err((col, why)) => return Status::Rejected(Some(col), why),
                }
            }
            out.dates[base + f.0 as usize] = date;
            out.days[base + f.0 as usize] = date.map(values::day_of);
        }
        let (row_date, read) = self.row_date[table as usize];
        let day = if read {
            out.days[base + row_date.0 as usize]
        } else {
            // Not read by any rule: an unreadable value does not date the row.
            map.get_with_col(record, row_date)
                .and_then(|(col, raw)| values::parse_date(raw, input.date_orders[col]))
                .map(values::day_of)
        };
        if let Some(day) = day {
            out.span = Some(
                out.span
                    .map_or((day, day), |(a, b)| (a.min(day), b.max(day))),
            );
        }
        Status::Ready
    }

    fn derive_bool<R: Fields>(
        &self,
        input: &InputFile,
        id: FieldId,
        record: &R,
        bools: &[Option<bool>],
    ) -> Option<bool> {
        let table = input.table;
        let map = &input.mapping;
        let known = self.plans[table as usize].known;
        match table.def(id).derive {
            Derivation::MatchesClass { field, .. } => {
                let class = self.derive_class[table as usize][id.0 as usize]?;
                let source = table.field(field)?;
                match map.get(record, source) {
                    Some(v) => Some(self.rules.classes[class].is_match(v)),
                    // The column exists but is empty: "1 or empty" exports mean false.
                    None => map.has(id).then_some(false),
                }
            }
            Derivation::DealLost => {
                let closed = bools[known.is_closed?.0 as usize];
                let won = bools[known.is_won?.0 as usize];
                match (closed, won) {
                    (Some(c), Some(w)) => Some(c && !w),
                    _ => {
                        let stage = map.get(record, known.stage?)?;
                        Some(self.rules.classes[self.stage_lost?].is_match(stage))
                    }
                }
            }
            Derivation::ActivityDone => {
                let closed = bools[known.is_closed?.0 as usize];
                Some(closed != Some(false))
            }
            Derivation::None => map.has(id).then_some(false),
            Derivation::ContactRole | Derivation::AfterDuration { .. } => None,
        }
    }
}

/// A date derived from another date plus an elapsed time on the row (a ticket
/// answered `first_response_hours` after it was opened); None when either is
/// empty, the column at fault and why when either cannot be read.
fn after_duration<R: Fields>(
    input: &InputFile,
    record: &R,
    from: &str,
    duration: &str,
) -> Result<Option<Timestamp>, (usize, String)> {
    let table = input.table;
    let map = &input.mapping;
    let (Some(from), Some(duration)) = (table.field(from), table.field(duration)) else {
        return Ok(None);
    };
    let Some(seconds) = map.duration_seconds(record, duration)? else {
        return Ok(None);
    };
    let Some((col, raw)) = map.get_with_col(record, from) else {
        return Ok(None);
    };
    match values::parse_date(raw, input.date_orders[col]) {
        Some(start) => Ok(Some(start + seconds.round() as Timestamp)),
        None => Err((col, date_error(input, col, raw))),
    }
}

/// Why a date column's cell could not be read, with what would fix it.
fn date_error(input: &InputFile, col: usize, raw: &[u8]) -> String {
    let shown = String::from_utf8_lossy(raw);
    let order = input.date_orders[col];
    let other = match order {
        crate::spec::DateOrder::MonthFirst => crate::spec::DateOrder::DayFirst,
        crate::spec::DateOrder::DayFirst => crate::spec::DateOrder::MonthFirst,
    };
    if values::parse_date(raw, other).is_some() {
        let why = input
            .dates
            .iter()
            .find(|d| d.column == col)
            .map_or(String::new(), |d| format!(" ({})", d.decided));
        return format!(
            "'{shown}' reads only {}, but this column is read {}{why}; set it in [date_order] of a rule file",
            other.name(),
            order.name()
        );
    }
    format!(
        "'{shown}' is not a date (expected forms such as 2024-01-22, 2024-01-22T16:14:25Z, 1/22/2024 3:00 PM, 22.01.2024 or an Excel serial)"
    )
}

/// The keyword classes of recent short texts of one field. Subjects, types and
/// statuses repeat endlessly ("Call", "Email sent", "Complaint"), so a small
/// direct-mapped memo answers most of them without a scan; a slot holds the
/// whole text, so a hit is exact.
#[derive(Default, Clone)]
pub struct Memo {
    slots: Vec<MemoSlot>,
}

#[derive(Clone, Copy)]
struct MemoSlot {
    len: u8,
    text: [u8; Memo::TEXT],
    bits: u64,
}

impl Memo {
    const SLOTS: usize = 64;
    const TEXT: usize = 40;

    /// The classes of `set` that `text` mentions.
    pub fn classes(&mut self, set: &ClassSet, text: &[u8]) -> u64 {
        if text.len() > Self::TEXT {
            return set.matches(text);
        }
        if self.slots.is_empty() {
            self.slots = vec![
                MemoSlot {
                    len: u8::MAX,
                    text: [0; Self::TEXT],
                    bits: 0,
                };
                Self::SLOTS
            ];
        }
        let hash = {
            use std::hash::Hasher;
            let mut h = rustc_hash::FxHasher::default();
            h.write(text);
            h.finish()
        };
        let slot = &mut self.slots[(hash >> 58) as usize % Self::SLOTS];
        if slot.len as usize == text.len() && &slot.text[..text.len()] == text {
            return slot.bits;
        }
        let bits = set.matches(text);
        slot.len = text.len() as u8;
        slot.text[..text.len()].copy_from_slice(text);
        slot.bits = bits;
        bits
    }
}
