//! The running state of every metric for every account, as the fold leaves it:
//! an [`Evidence`] per metric and account (counts, first and last day, the row
//! behind it), and the state some primitives keep besides (see
//! [`crate::primitive::Store`]).

use crate::spec::{MetricId, RuleSet};

use super::{NO_CONTACT, NO_DAY};

/// The running state of one metric for one account.
#[derive(Debug, Clone, Copy)]
pub struct Evidence {
    pub count: u32,
    pub hits: u32,
    pub(super) last_day: i32,
    pub(super) first_day: i32,
    /// The latest matching row: file index and line.
    pub(super) file: u16,
    pub(super) line: u32,
    pub(super) contact: u32,
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

impl Evidence {
    /// Notes a matching row: its day (when dated), where it is and its contact.
    #[inline]
    pub(super) fn note(&mut self, day: Option<i64>, file: usize, line: u64, contact: u32) {
        match day {
            Some(d) => {
                let d = d as i32;
                if self.last_day == NO_DAY || d >= self.last_day {
                    self.last_day = d;
                    self.file = file as u16;
                    self.line = line as u32;
                    if contact != NO_CONTACT || self.contact == NO_CONTACT {
                        self.contact = contact;
                    }
                }
                if self.first_day == NO_DAY || d < self.first_day {
                    self.first_day = d;
                }
            }
            None if self.line == 0 => {
                self.file = file as u16;
                self.line = line as u32;
                self.contact = contact;
            }
            None => {}
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
