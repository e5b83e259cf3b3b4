//! The value grammar of the file reader, as data: the words read as booleans
//! and the forms of dates it reads, each with what it means. The reader's
//! parsers (`boolean`, `date`, `timestamp`) accept exactly these; the SQL views
//! of `rapport sql --views` are written from the same words and tested against
//! the same forms (tests/it/warehouse.rs runs each one through DuckDB), so the two
//! cannot drift apart unnoticed.

/// The words exports write for true, in English, German, French, Spanish and
/// Dutch spreadsheets, and as checkboxes (`x`) and task states (`done`); any
/// ASCII case.
pub const TRUE_WORDS: [&str; 14] = [
    "true", "t", "1", "yes", "y", "wahr", "vrai", "ja", "oui", "si", "waar", "x", "checked", "done",
];

/// The words exports write for false.
pub const FALSE_WORDS: [&str; 13] = [
    "false",
    "f",
    "0",
    "no",
    "n",
    "falsch",
    "faux",
    "nein",
    "non",
    "onwaar",
    "unchecked",
    "not done",
    "to do",
];

/// A plain decimal as `parse_decimal` reads it for a duration in a column's
/// unit (`90`, `1.5`, `+2`, `.5`): the SQL reads a duration column's numbers
/// with this pattern; text with units (`2 hours 30 minutes`) it does not read.
pub const DECIMAL_PATTERN: &str = r"^\+?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$";

/// How a numeric date whose day and month could be swapped is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The same either way (ISO, a month name, a serial number).
    Either,
    MonthFirst,
    DayFirst,
}

/// Two-digit years as POSIX `%y` reads them: this and above are 1900s, below
/// are 2000s (`69` is 1969, `68` is 2068).
pub const TWO_DIGIT_YEAR_PIVOT: u32 = 69;

/// The syntaxes of date the SQL views read, each one regular expression
/// written from the pieces below; every form of [`DATE_FORMS`] the views read
/// names the one that reads it (the first that matches, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// ISO 8601 as `parse_timestamp` reads it: `2024-01-22`,
    /// `2024-01-22T16:14:25.000+0000`, `2024-01-22 16:14:25 +0100`.
    Iso,
    /// An ISO date with a time only the general date reader takes: a one-digit
    /// hour (`2019-09-15 2:50:54`, as HubSpot writes), a lower-case `t`, several
    /// spaces; only spaces before the offset.
    LooseIso,
    /// Numeric US and European dates (`3/15/2026 10:22`, `15.03.2026`,
    /// `03-15-26 03:00 PM`), day and month in the column's order.
    Numeric,
}

/// Year, month and day of an ISO date, as groups.
const ISO_DAY: &str = r"(\d{4})-(\d{2})-(\d{2})";
/// `:SS` and a fraction (read and dropped), the seconds a group.
const SECONDS: &str = r"(?::(\d{2})(?:[.,]\d+)?)?";
/// `Z`, `+HH`, `+HHMM` or `+HH:MM`: sign, hours, minutes as groups.
const OFFSET: &str = r"(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)?";
/// ASCII whitespace as `trim_ascii` sees it.
const SPACE: &str = r"[\t\n\x0c\r ]";
/// The first part (month or day), then the second by separator (`/`, `.`,
/// `-`, one group each), then a two- or four-digit year.
const NUMERIC_DAY: &str =
    r"(\d{1,2})(?:/(\d{1,2})/|\.[ ]*(\d{1,2})\.[ ]*|-(\d{1,2})-)(\d{2}|\d{4})";
/// `AM` or `PM` in any ASCII case, as a group.
const MERIDIEM: &str = "([AaPp][Mm])";

impl Syntax {
    pub const ALL: [Syntax; 3] = [Syntax::Iso, Syntax::LooseIso, Syntax::Numeric];

    /// The whole-cell regular expression (RE2 and Java syntax alike). Groups:
    /// ISO forms year, month, day, hour, minute, second, offset sign, hours,
    /// minutes; numeric forms the first part, the second part (one group per
    /// separator), year, hour, minute, second, AM/PM.
    pub fn regex(self) -> String {
        match self {
            Syntax::Iso => {
                format!("^{ISO_DAY}(?:[T ](\\d{{2}}):(\\d{{2}}){SECONDS}{SPACE}*{OFFSET})?$")
            }
            Syntax::LooseIso => format!(
                "^{ISO_DAY}(?:(?:[Tt][ ]*|[ ]+)(\\d{{1,2}}):(\\d{{2}}){SECONDS}[ ]*{OFFSET})?$"
            ),
            Syntax::Numeric => format!(
                "^{NUMERIC_DAY}(?:(?:[Tt]|[ ]+)[ ]*(\\d{{1,2}}):(\\d{{2}}){SECONDS}[ ]*{MERIDIEM}?[ ]*)?$"
            ),
        }
    }
}

/// One form of date the reader accepts: a cell written that way, the order it
/// is read in, the UTC time it means, and the syntax the SQL views read it by.
#[derive(Debug, Clone, Copy)]
pub struct DateForm {
    pub cell: &'static str,
    pub order: Order,
    /// The time the cell means, as `YYYY-MM-DD HH:MM:SS` in UTC.
    pub utc: &'static str,
    /// The syntax of the DuckDB views that reads this form; None for a form
    /// they do not read (docs/warehouse.md lists them).
    pub views: Option<Syntax>,
}

const fn form(
    cell: &'static str,
    order: Order,
    utc: &'static str,
    views: Option<Syntax>,
) -> DateForm {
    DateForm {
        cell,
        order,
        utc,
        views,
    }
}

use Order::{DayFirst, Either, MonthFirst};
use Syntax::{Iso, LooseIso, Numeric};

/// Every form of date the reader accepts, one cell each.
pub const DATE_FORMS: &[DateForm] = &[
    // ISO 8601 dates and datetimes, as APIs and sync tools write them.
    form("2024-01-22", Either, "2024-01-22 00:00:00", Some(Iso)),
    form(
        "2024-01-22T16:14:25",
        Either,
        "2024-01-22 16:14:25",
        Some(Iso),
    ),
    form("2024-01-22 16:14", Either, "2024-01-22 16:14:00", Some(Iso)),
    form(
        "2024-01-22T16:14:25.000+0000",
        Either,
        "2024-01-22 16:14:25",
        Some(Iso),
    ),
    form(
        "2024-01-22T16:14:25Z",
        Either,
        "2024-01-22 16:14:25",
        Some(Iso),
    ),
    form(
        "2024-01-22T16:14:25+01:00",
        Either,
        "2024-01-22 15:14:25",
        Some(Iso),
    ),
    form(
        "2024-01-22 16:14:25-05",
        Either,
        "2024-01-22 21:14:25",
        Some(Iso),
    ),
    form(
        "2024-01-22 16:14:25 +0100",
        Either,
        "2024-01-22 15:14:25",
        Some(Iso),
    ),
    form(
        "2023-06-08 23:22:50.048000",
        Either,
        "2023-06-08 23:22:50",
        Some(Iso),
    ),
    form("2024-01-22 24:00", Either, "2024-01-23 00:00:00", Some(Iso)),
    form(
        "2016-12-31T23:59:60Z",
        Either,
        "2016-12-31 23:59:59",
        Some(Iso),
    ),
    // A one-digit hour after an ISO date (HubSpot's seeds write `2019-09-15 2:50:54`).
    form(
        "2019-09-15 2:50:54",
        Either,
        "2019-09-15 02:50:54",
        Some(LooseIso),
    ),
    form(
        "2024-01-22 3:00",
        Either,
        "2024-01-22 03:00:00",
        Some(LooseIso),
    ),
    // Numeric US and European dates, day and month in the column's order.
    form(
        "3/15/2026",
        MonthFirst,
        "2026-03-15 00:00:00",
        Some(Numeric),
    ),
    form(
        "3/15/2026 10:22",
        MonthFirst,
        "2026-03-15 10:22:00",
        Some(Numeric),
    ),
    form(
        "03/15/26 03:00 PM",
        MonthFirst,
        "2026-03-15 15:00:00",
        Some(Numeric),
    ),
    form(
        "12/01/24 12:30 AM",
        MonthFirst,
        "2024-12-01 00:30:00",
        Some(Numeric),
    ),
    form("1/2/70", MonthFirst, "1970-01-02 00:00:00", Some(Numeric)),
    form(
        "03-15-26 03:00 pm",
        MonthFirst,
        "2026-03-15 15:00:00",
        Some(Numeric),
    ),
    form("15.03.2026", DayFirst, "2026-03-15 00:00:00", Some(Numeric)),
    form(
        "15. 03. 2026",
        DayFirst,
        "2026-03-15 00:00:00",
        Some(Numeric),
    ),
    form(
        "15.03.2026 14:05:09",
        DayFirst,
        "2026-03-15 14:05:09",
        Some(Numeric),
    ),
    form(
        "15/03/2026 15:00",
        DayFirst,
        "2026-03-15 15:00:00",
        Some(Numeric),
    ),
    form("29-02-2024", DayFirst, "2024-02-29 00:00:00", Some(Numeric)),
    // Read by rapport, not by the views: load such files into tables first.
    form("Jan 22, 2024", Either, "2024-01-22 00:00:00", None),
    form("January 22 2024", Either, "2024-01-22 00:00:00", None),
    form("22-Jan-2024", Either, "2024-01-22 00:00:00", None),
    form("22 Jan 2024", Either, "2024-01-22 00:00:00", None),
    form("45313", Either, "2024-01-22 00:00:00", None),
    form("45313.5", Either, "2024-01-22 12:00:00", None),
    form("2024/01/22", Either, "2024-01-22 00:00:00", None),
    form("2024.1.22", Either, "2024-01-22 00:00:00", None),
    form("2024-1-22", Either, "2024-01-22 00:00:00", None),
    form("2024-01-22 3:00 PM", Either, "2024-01-22 15:00:00", None),
    form("2024-01-22 3:00 UTC", Either, "2024-01-22 03:00:00", None),
    form(
        "3/15/2026 10:22 +01:00",
        MonthFirst,
        "2026-03-15 09:22:00",
        None,
    ),
    form("15.03.2026 10:22Z", DayFirst, "2026-03-15 10:22:00", None),
];

/// Cells the reader refuses as dates; the views refuse them too.
pub const NOT_DATES: &[(&str, Order)] = &[
    ("2024-02-30", Either),
    ("2023-02-29", Either),
    ("2024-13-01", Either),
    ("2024-01-22T25:00", Either),
    ("2024-01-22 24:01", Either),
    ("2024-01-22T16:60", Either),
    ("2024-01-22T16:14:25+24:00", Either),
    ("2024-01-22x", Either),
    ("13/15/2026", MonthFirst),
    ("3/15/2026 13:00 PM", MonthFirst),
    ("3/15/2026 0:00 AM", MonthFirst),
    ("31.04.2026", DayFirst),
    ("15.03.202", DayFirst),
    ("TBC", Either),
    ("9999", Either),
    ("2024-01-22 3:00\t+01:00", Either),
];

impl Order {
    /// The orders a cell of this form is read in: both when either reads it the same.
    pub fn readings(self) -> &'static [crate::spec::DateOrder] {
        use crate::spec::DateOrder::{DayFirst as D, MonthFirst as M};
        match self {
            Order::Either => &[M, D],
            Order::MonthFirst => &[M],
            Order::DayFirst => &[D],
        }
    }
}

/// A time as `YYYY-MM-DD HH:MM:SS` in UTC, as [`DateForm::utc`] writes it.
pub fn format_utc(ts: super::Timestamp) -> String {
    let days = ts.div_euclid(super::SECONDS_PER_DAY);
    let secs = ts.rem_euclid(super::SECONDS_PER_DAY);
    let (y, m, d) = super::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::{parse_bool, parse_date};

    #[test]
    fn a_form_of_either_order_is_read_both_ways() {
        use crate::spec::DateOrder::{DayFirst as D, MonthFirst as M};
        assert_eq!(Order::Either.readings(), [M, D]);
        assert_eq!(Order::MonthFirst.readings(), [M]);
        assert_eq!(Order::DayFirst.readings(), [D]);
    }

    #[test]
    fn the_reader_reads_every_listed_date_form_as_listed() {
        for form in DATE_FORMS {
            for &order in form.order.readings() {
                let read = parse_date(form.cell.as_bytes(), order).map(format_utc);
                assert_eq!(
                    read.as_deref(),
                    Some(form.utc),
                    "{:?} as {order:?}",
                    form.cell
                );
            }
        }
    }

    #[test]
    fn the_reader_refuses_every_listed_non_date() {
        for (cell, order) in NOT_DATES {
            for &o in order.readings() {
                assert_eq!(parse_date(cell.as_bytes(), o), None, "{cell:?} as {o:?}");
            }
        }
    }

    #[test]
    fn each_views_regex_reads_the_forms_it_is_listed_for() {
        let mut read = 0;
        for form in DATE_FORMS {
            let Some(syntax) = form.views else {
                continue;
            };
            let re = regex::Regex::new(&syntax.regex()).expect("the regex compiles");
            assert!(re.is_match(form.cell), "{syntax:?} on {:?}", form.cell);
            read += 1;
        }
        assert!(read >= 10, "{read} forms");
        // Each syntax refuses a cell of another syntax's shape.
        for (syntax, other) in [
            (Syntax::Iso, "6/30/2026"),
            (Syntax::LooseIso, "30.06.2026"),
            (Syntax::Numeric, "2026-06-30"),
        ] {
            let re = regex::Regex::new(&syntax.regex()).expect("the regex compiles");
            assert!(!re.is_match(other), "{syntax:?} on {other:?}");
            assert!(!re.is_match(""), "{syntax:?} on an empty cell");
        }
    }

    #[test]
    fn every_boolean_word_is_read_in_any_case() {
        for (words, value) in [(&TRUE_WORDS[..], true), (&FALSE_WORDS[..], false)] {
            for w in words {
                for cell in [w.to_string(), w.to_ascii_uppercase(), format!(" {w} ")] {
                    assert_eq!(parse_bool(cell.as_bytes()), Ok(Some(value)), "{cell:?}");
                }
            }
        }
        assert!(parse_bool(b"maybe").is_err());
    }
}
