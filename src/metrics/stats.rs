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
