//! A calendar day: the as-of date, the day an action falls due, the last day of
//! a row. Held as the number of days since 1970-01-01, the engine's own unit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ingest::values::{civil_from_days, days_from_civil};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(i64);

impl Day {
    /// The day `number` days after 1970-01-01.
    pub const fn from_number(number: i64) -> Day {
        Day(number)
    }

    /// Days since 1970-01-01: the unit the metrics engine counts in.
    pub const fn number(self) -> i64 {
        self.0
    }

    /// A date written `YYYY-MM-DD`, as `--as-of` takes it.
    pub fn parse(s: &str) -> Result<Day, String> {
        let bad = || format!("'{s}' is not a date in the form YYYY-MM-DD");
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let number = |r: std::ops::Range<usize>| -> Option<u32> {
            let digits = &b[r];
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10))
        else {
            return Err(bad());
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Day(days_from_civil(i64::from(year), month, day)))
    }

    /// Today in the user's time zone.
    pub fn today() -> Day {
        let date = jiff::ZonedDateTime::now().date();
        Day(days_from_civil(
            i64::from(date.year()),
            date.month() as u32,
            date.day() as u32,
        ))
    }

    /// The day `days` later (earlier when negative).
    pub const fn plus(self, days: i64) -> Day {
        Day(self.0 + days)
    }

    /// Days from `earlier` to this day: negative when `earlier` is later.
    pub const fn days_since(self, earlier: Day) -> i64 {
        self.0 - earlier.0
    }
}

/// The day a run is as of, as `--as-of` gives it: a date, or the day of the
/// newest dated record of the export (`latest`), known once it has been read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    Day(Day),
    Latest,
}

impl AsOf {
    /// `YYYY-MM-DD` or `latest`.
    pub fn parse(s: &str) -> Result<AsOf, String> {
        if s.eq_ignore_ascii_case("latest") {
            return Ok(AsOf::Latest);
        }
        Day::parse(s)
            .map(AsOf::Day)
            .map_err(|e| format!("{e}, or 'latest'"))
    }

    /// The day, unless it is to be read from the export.
    pub fn day(self) -> Option<Day> {
        match self {
            AsOf::Day(d) => Some(d),
            AsOf::Latest => None,
        }
    }
}

impl From<Day> for AsOf {
    fn from(day: Day) -> AsOf {
        AsOf::Day(day)
    }
}

impl From<i64> for AsOf {
    fn from(number: i64) -> AsOf {
        AsOf::Day(Day(number))
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        _ => 28,
    }
}

impl From<i64> for Day {
    fn from(number: i64) -> Day {
        Day(number)
    }
}

impl FromStr for Day {
    type Err = String;

    fn from_str(s: &str) -> Result<Day, String> {
        Day::parse(s)
    }
}

/// `YYYY-MM-DD`.
impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// As the `YYYY-MM-DD` string, the form every report has always used.
impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// From the `YYYY-MM-DD` string a report holds.
impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let s = String::deserialize(deserializer)?;
        Day::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::Day;
    use crate::ingest::values::{day_of, format_day, parse_timestamp};

    #[test]
    fn reads_and_writes_what_the_cell_parser_does() {
        for s in [
            "1970-01-01",
            "2026-06-30",
            "2024-02-29",
            "1899-12-31",
            "9999-12-31",
        ] {
            let day = Day::parse(s).unwrap();
            let cell = day_of(parse_timestamp(s.as_bytes()).unwrap());
            assert_eq!(day.number(), cell, "{s}");
            assert_eq!(day.to_string(), format_day(cell));
            assert_eq!(day.to_string(), s);
        }
    }

    #[test]
    fn refuses_what_is_not_a_whole_date() {
        for s in [
            "2026-6-30",
            "2026-13-01",
            "2025-02-29",
            "2026-06-31",
            "2026-06-30T10:00",
            " 2026-06-3",
            "2026/06/30",
            "20260630",
            "",
            "2026-0a-01",
            "+026-06-30",
        ] {
            assert_eq!(
                Day::parse(s),
                Err(format!("'{s}' is not a date in the form YYYY-MM-DD")),
                "{s}"
            );
        }
    }

    #[test]
    fn as_of_is_a_date_or_latest() {
        use super::AsOf;
        assert_eq!(AsOf::parse("latest"), Ok(AsOf::Latest));
        assert_eq!(AsOf::parse("LATEST"), Ok(AsOf::Latest));
        assert_eq!(
            AsOf::parse("2026-06-30").map(AsOf::day),
            Ok(Day::parse("2026-06-30").ok())
        );
        assert_eq!(
            AsOf::parse("newest"),
            Err("'newest' is not a date in the form YYYY-MM-DD, or 'latest'".to_string())
        );
    }

    #[test]
    fn counts_days() {
        let d = Day::parse("2026-02-27").unwrap();
        assert_eq!(d.plus(2).to_string(), "2026-03-01");
        assert_eq!(d.plus(2).days_since(d), 2);
        assert!(d < d.plus(1));
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-02-27\"");
    }
}
