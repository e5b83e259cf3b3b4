//! How an export is read where the rule set says so: the warehouse table of each
//! canonical table, and the day/month order of a date column.

/// Where `rapport sql` reads a canonical table from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableSource {
    /// A table or view name, possibly qualified (`crm.activities`).
    Named(String),
    /// The warehouse has no such table: rules that need it are not assessed.
    Absent,
}

/// How a column writes the day and month of a numeric date such as `03/04/2024`.
/// ISO dates, Excel serial numbers and dates with a month name read the same
/// either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// `M/D/YYYY` (United States, Salesforce and Dynamics in US locales).
    #[default]
    MonthFirst,
    /// `D.M.YYYY`, `D/M/YYYY` (most of Europe).
    DayFirst,
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month-first",
            DateOrder::DayFirst => "day-first",
        }
    }

    pub fn from_name(name: &str) -> Option<DateOrder> {
        match name.trim().to_ascii_lowercase().as_str() {
            "month-first" | "mdy" | "us" => Some(DateOrder::MonthFirst),
            "day-first" | "dmy" | "eu" => Some(DateOrder::DayFirst),
            _ => None,
        }
    }
}
