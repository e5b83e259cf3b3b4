//! What happened to each input file's rows, and where rejected rows go.

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
    /// Of the skipped: activities with a Salesforce lead (`WhoId` starting `00Q`)
    /// and no account, which no account can be credited with. Left out when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub leads: u64,
    /// Of the rejected: lines a broken quote made unreadable, each left out on
    /// its own with reading resumed at the next line.
    #[serde(default)]
    pub resynchronised: u64,
    /// Rows read with bytes that the file's encoding has no character for (shown
    /// as U+FFFD), and the first lines of them.
    #[serde(default)]
    pub replaced: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced_lines: Vec<u64>,
    /// The first and last day of the file's rows, by its table's main date
    /// (activities' date, deals' close date, cases' and the others' created date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<crate::day::Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<crate::day::Day>,
    /// With no accounts file: the accounts first named by this file's rows.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub derived_accounts: u64,
    /// Of the rejected: rows whose id was already read in another file (or
    /// earlier in this one) of a table given in several files.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub duplicates: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
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
    pub(super) fn whole_row(file: usize, line: u64, reason: String) -> Reject {
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

/// The history one table covers: the days of its first and last dated row over
/// all its files, by its main date (as [`InputStats`] dates each file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first: crate::day::Day,
    pub last: crate::day::Day,
}

impl Span {
    /// Days from the first dated row to the last.
    pub fn days(self) -> i64 {
        self.last.number() - self.first.number()
    }
}

/// Per table, the history the export covers, and the as-of date it is judged up to.
#[derive(Debug, Clone, Default)]
pub struct History {
    spans: [Option<Span>; crate::model::Table::ALL.len()],
    as_of_day: i64,
}

impl History {
    pub fn new(as_of_day: i64) -> History {
        History {
            spans: Default::default(),
            as_of_day,
        }
    }

    /// Widens `table`'s span to take in the days `first` to `last`.
    pub fn add(&mut self, table: crate::model::Table, first: i64, last: i64) {
        let span = &mut self.spans[table as usize];
        let (first, last) = match *span {
            Some(s) => (first.min(s.first.number()), last.max(s.last.number())),
            None => (first, last),
        };
        *span = Some(Span {
            first: crate::day::Day::from_number(first),
            last: crate::day::Day::from_number(last),
        });
    }

    /// The first and last dated row of `table`; None when it has none.
    pub fn span(&self, table: crate::model::Table) -> Option<Span> {
        self.spans[table as usize]
    }

    /// The days of `table`'s history up to the as-of date: from its first dated
    /// row to as-of (0 when that row is later). None when no row is dated.
    pub fn covered_days(&self, table: crate::model::Table) -> Option<i64> {
        self.span(table)
            .map(|s| (self.as_of_day - s.first.number()).max(0))
    }

    /// Every table with a dated row, in table order, with its span.
    pub fn spans(&self) -> impl Iterator<Item = (crate::model::Table, Span)> + '_ {
        crate::model::Table::ALL
            .into_iter()
            .filter_map(|t| self.span(t).map(|s| (t, s)))
    }
}
