//! The running state of every metric for every account, as the fold leaves it:
//! an [`Evidence`] per metric and account (counts, first and last day, the row
//! behind it), kept in blocks per account and table that are made with the
//! account's first row of the table ([`Evidences`]), and the state some
//! primitives keep besides, in the same blocks ([`crate::primitive::Store`]).

use crate::primitive::Store;
use crate::spec::{MetricId, RuleSet};

use super::{NO_CONTACT, NO_DAY};

/// The running state of one metric for one account.
///
/// Which row is "the" row behind it, and which contact, never depends on the
/// order rows come in: the latest row wins, rows of one day are told apart by a
/// key of their own (a hash of the row's id), and the contact is the one on the
/// latest row naming one, the smallest contact id among rows of that day.
#[derive(Debug, Clone, Copy)]
pub struct Evidence {
    pub count: u32,
    pub hits: u32,
    pub(super) last_day: i32,
    pub(super) first_day: i32,
    /// The latest matching row: line and file index.
    pub(super) line: u32,
    /// The latest matching row's key, to choose between rows of one day.
    pub(super) key: u32,
    pub(super) contact: u32,
    /// The day of the row `contact` is from (NO_DAY when undated).
    pub(super) contact_day: i32,
    pub(super) file: u16,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            count: 0,
            hits: 0,
            last_day: NO_DAY,
            first_day: NO_DAY,
            line: 0,
            key: 0,
            contact: NO_CONTACT,
            contact_day: NO_DAY,
            file: 0,
        }
    }
}

/// A matching row as [`Evidence::note`] sees it.
pub(super) struct Noted {
    pub(super) day: Option<i64>,
    pub(super) file: usize,
    pub(super) line: u64,
    /// The row's key: the same for the same row in any order of the file.
    pub(super) key: u32,
    pub(super) contact: u32,
}

impl Evidence {
    /// Notes a matching row: its day (when dated), where it is and its contact.
    /// `precedes(a, b)` says whether contact `a` comes before contact `b` (by id,
    /// then name); it is asked only when two rows of one day name two contacts.
    #[inline]
    pub(super) fn note(&mut self, row: &Noted, precedes: impl Fn(u32, u32) -> bool) {
        let day = row.day.map_or(NO_DAY, |d| d as i32);
        let first_row = self.line == 0;
        let take = match row.day {
            Some(_) => {
                if self.first_day == NO_DAY || day < self.first_day {
                    self.first_day = day;
                }
                first_row
                    || self.last_day == NO_DAY
                    || day > self.last_day
                    || (day == self.last_day && row.key < self.key)
            }
            // An undated row stands in only while no dated row has matched.
            None => first_row || (self.last_day == NO_DAY && row.key < self.key),
        };
        if take {
            self.last_day = day.max(self.last_day);
            self.file = row.file as u16;
            self.line = row.line as u32;
            self.key = row.key;
        }
        let c = row.contact;
        if c != NO_CONTACT
            && (self.contact == NO_CONTACT
                || day > self.contact_day
                || (day == self.contact_day && c != self.contact && precedes(c, self.contact)))
        {
            self.contact = c;
            self.contact_day = day;
        }
    }
}

/// Every metric's [`Evidence`] for every account, in blocks: an account's
/// block of one table holds the evidence of every metric of that table, side
/// by side (a row updates several metrics of one account, and rows of one
/// account are rarely next to each other in an export, so keeping them
/// together saves a cache miss per metric). A block is made when the first
/// row of its table joins the account: an account without cases keeps no
/// evidence of case metrics, a dormant account none at all, and a metric of
/// an account without its block reads as no rows. Each primitive's state
/// ([`crate::primitive::Store`]) is kept per block too, in the same place.
#[derive(Debug)]
pub(super) struct Evidences {
    /// Per table, per account: its block's number, or [`NO_BLOCK`].
    blocks: Vec<Vec<u32>>,
    /// Per table: its blocks, one after the other.
    cells: Vec<Vec<Evidence>>,
    /// Per table: its metrics, in their order within a block.
    metrics: Vec<Vec<MetricId>>,
    /// Per metric: its table and its place within the table's blocks.
    place: Vec<(usize, usize)>,
}

/// An account with no block of a table yet.
const NO_BLOCK: u32 = u32::MAX;

impl Evidences {
    pub(super) fn new(rules: &RuleSet) -> Self {
        let tables = crate::model::Table::ALL.len();
        let mut metrics = vec![Vec::new(); tables];
        let mut place = Vec::with_capacity(rules.metrics.len());
        for (m, metric) in rules.metrics.iter().enumerate() {
            let t = metric.table as usize;
            place.push((t, metrics[t].len()));
            metrics[t].push(m);
        }
        Evidences {
            blocks: vec![Vec::new(); tables],
            cells: vec![Vec::new(); tables],
            metrics,
            place,
        }
    }

    /// A new account, with no blocks.
    pub(super) fn push_account(&mut self) {
        for (blocks, metrics) in self.blocks.iter_mut().zip(&self.metrics) {
            if !metrics.is_empty() {
                blocks.push(NO_BLOCK);
            }
        }
    }

    /// The table of `metric`, as an index.
    #[inline]
    pub(super) fn table_of(&self, metric: MetricId) -> usize {
        self.place[metric].0
    }

    /// The number of the account's block of table `t`, if it has one.
    #[inline]
    pub(super) fn block(&self, t: usize, account: usize) -> Option<usize> {
        let b = *self.blocks[t].get(account)?;
        (b != NO_BLOCK).then_some(b as usize)
    }

    /// The number of the account's block of table `t`, made (with a state
    /// in each of the table's metrics' `stores`) if it has none yet.
    #[inline]
    pub(super) fn open(&mut self, t: usize, account: usize, stores: &mut [Store]) -> usize {
        if let Some(b) = self.block(t, account) {
            return b;
        }
        let width = self.metrics[t].len();
        let b = self.cells[t].len() / width.max(1);
        self.cells[t].extend(std::iter::repeat_n(Evidence::default(), width));
        self.blocks[t][account] = b as u32;
        for &m in &self.metrics[t] {
            stores[m].push_block();
        }
        b
    }

    /// Reads a word of nearly every cache line of the account's block of table `t`
    /// (if it has one), so that it is in cache when the row is folded; the
    /// sum read means nothing. (Reading the primitives' states as well was
    /// measured, and gained nothing.)
    #[inline]
    pub(super) fn touch(&self, t: usize, account: usize) -> u32 {
        let Some(b) = self.block(t, account) else {
            return 0;
        };
        let width = self.metrics[t].len();
        let cells = &self.cells[t][b * width..(b + 1) * width];
        // A word of every other 36-byte cell: 72 bytes apart, which reads
        // eight cache lines of every nine the block spans.
        cells
            .iter()
            .step_by(2)
            .map(|c| c.count)
            .fold(0, u32::wrapping_add)
    }

    /// The evidence of `metric` for an account, from its block (if it has one).
    #[inline]
    pub(super) fn get(&self, metric: MetricId, account: usize) -> Evidence {
        let (t, i) = self.place[metric];
        match self.block(t, account) {
            Some(b) => self.cells[t][b * self.metrics[t].len() + i],
            None => Evidence::default(),
        }
    }

    /// The evidence of `metric` in block `block` of its table.
    #[inline]
    pub(super) fn cell_mut(&mut self, metric: MetricId, block: usize) -> &mut Evidence {
        let (t, i) = self.place[metric];
        let width = self.metrics[t].len();
        &mut self.cells[t][block * width + i]
    }

    /// Gives back what growing left unused.
    pub(super) fn shrink_to_fit(&mut self) {
        for v in &mut self.blocks {
            v.shrink_to_fit();
        }
        for v in &mut self.cells {
            v.shrink_to_fit();
        }
    }
}

/// The hash a `distinct` metric keeps of a value.
#[inline]
pub(crate) fn hash_value(bytes: &[u8]) -> u64 {
    // FNV-1a over the trimmed, lower-cased value.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes.trim_ascii() {
        h ^= b.to_ascii_lowercase() as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
