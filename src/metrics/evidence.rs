//! The running state of every metric for every account, as the fold leaves it:
//! an [`Evidence`] per metric and account (counts, first and last day, the row
//! behind it), and the state some primitives keep besides (see
//! [`crate::primitive::Store`]).

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

/// Every metric's [`Evidence`] for every account, account by account: a row
/// updates several metrics of one account, and rows of one account are rarely
/// next to each other in an export, so keeping an account's evidence together
/// (its metrics of one table side by side) saves a cache miss per metric.
#[derive(Debug)]
pub(super) struct Evidences {
    pub(super) cells: Vec<Evidence>,
    /// Per metric: its place within an account's evidence.
    slot: Vec<usize>,
}

impl Evidences {
    pub(super) fn new(rules: &RuleSet) -> Self {
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

    pub(super) fn push_account(&mut self) {
        let width = self.slot.len();
        self.cells
            .extend(std::iter::repeat_n(Evidence::default(), width));
    }

    #[inline]
    pub(super) fn get(&self, metric: MetricId, account: usize) -> Evidence {
        self.cells[account * self.slot.len() + self.slot[metric]]
    }

    #[inline]
    pub(super) fn get_mut(&mut self, metric: MetricId, account: usize) -> &mut Evidence {
        let width = self.slot.len();
        &mut self.cells[account * width + self.slot[metric]]
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
