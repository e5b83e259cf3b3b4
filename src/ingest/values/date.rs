//! Dates as people and spreadsheets write them: US and European numeric dates,
//! month names, times with AM/PM, and Excel serial numbers.

use super::day::{SECONDS_PER_DAY, Timestamp, days_from_civil, days_in_month};
use super::timestamp::{parse_offset, parse_timestamp};
use crate::spec::DateOrder;

/// A small cursor over the bytes of one cell.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) -> usize {
        let start = self.i;
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
        self.i - start
    }

    /// Up to `max` digits: their value and how many there were.
    fn number(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut n = 0u32;
        while self.i - start < max
            && let Some(c) = self.peek().filter(u8::is_ascii_digit)
        {
            n = n * 10 + (c - b'0') as u32;
            self.i += 1;
        }
        let len = self.i - start;
        (len > 0).then_some((n, len))
    }

    fn word(&mut self) -> &'a [u8] {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        &self.s[start..self.i]
    }

    fn rest(&self) -> &'a [u8] {
        &self.s[self.i.min(self.s.len())..]
    }
}

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `Jan`, `January`, `Sept`: the month number of an English month name or an
/// abbreviation of at least three letters.
fn month_name(word: &[u8]) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| {
        let m = m.as_bytes();
        word.len() <= m.len() && m[..word.len()].eq_ignore_ascii_case(word)
    })?;
    Some(i as u32 + 1)
}

/// Two-digit years as POSIX `%y` reads them: 69-99 are 1900s, 00-68 are 2000s.
fn full_year(year: u32, len: usize) -> i64 {
    match len {
        2 if year >= super::grammar::TWO_DIGIT_YEAR_PIVOT => 1900 + year as i64,
        2 => 2000 + year as i64,
        _ => year as i64,
    }
}

fn valid_day(year: i64, month: u32, day: u32) -> bool {
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// The date part of a cell: (year, month, day), leaving the cursor after it.
fn date_part(c: &mut Cursor, order: DateOrder) -> Option<(i64, u32, u32)> {
    if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        // `Jan 22, 2024` or `January 22 2024`
        let month = month_name(c.word())?;
        c.eat(b'.');
        if c.spaces() == 0 && !c.eat(b'-') {
            return None;
        }
        let (day, _) = c.number(2)?;
        c.eat(b',');
        if c.spaces() == 0 && !c.eat(b'-') {
            return None;
        }
        let (year, len) = c.number(4)?;
        if len != 4 {
            return None;
        }
        return Some((year as i64, month, day));
    }
    let (first, first_len) = c.number(4)?;
    let sep = c.peek()?;
    if !matches!(sep, b'-' | b'/' | b'.' | b' ') {
        return None;
    }
    c.i += 1;
    if first_len == 4 {
        // Year first: `2024-01-22`, `2024/1/22`, `2024.01.22`.
        if sep == b' ' {
            return None;
        }
        let (month, _) = c.number(2)?;
        if !c.eat(sep) {
            return None;
        }
        let (day, _) = c.number(2)?;
        return Some((first as i64, month, day));
    }
    if first_len > 2 {
        return None;
    }
    if sep == b'.' {
        c.spaces();
    }
    let (month, day) = if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        // `22-Jan-2024`, `22 Jan 2024`, `22. Januar 2024` is not English: refused.
        (month_name(c.word())?, first)
    } else {
        let (second, _) = c.number(2)?;
        match order {
            DateOrder::MonthFirst => (first, second),
            DateOrder::DayFirst => (second, first),
        }
    };
    if !c.eat(sep) {
        return None;
    }
    if sep == b'.' {
        c.spaces();
    }
    let (year, len) = c.number(4)?;
    if len != 2 && len != 4 {
        return None;
    }
    Some((full_year(year, len), month, day))
}

/// `3:00`, `15:04:05.123`, `03:00 PM`, each with an optional offset: seconds
/// since midnight UTC, or `None` if what follows the date is not a time.
fn time_part(c: &mut Cursor) -> Option<i64> {
    let (mut hour, _) = c.number(2)?;
    if !c.eat(b':') {
        return None;
    }
    let (minute, mlen) = c.number(2)?;
    if mlen != 2 {
        return None;
    }
    let mut second = 0;
    if c.eat(b':') {
        let (s, slen) = c.number(2)?;
        if slen != 2 {
            return None;
        }
        second = s;
        if c.eat(b'.') || c.eat(b',') {
            c.number(9)?;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
        }
    }
    c.spaces();
    let rest = c.rest();
    let meridiem = match rest {
        [a, b, ..] if b.eq_ignore_ascii_case(&b'm') && a.eq_ignore_ascii_case(&b'a') => Some(false),
        [a, b, ..] if b.eq_ignore_ascii_case(&b'm') && a.eq_ignore_ascii_case(&b'p') => Some(true),
        _ => None,
    };
    if let Some(pm) = meridiem {
        c.i += 2;
        if hour == 0 || hour > 12 {
            return None;
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
        c.spaces();
    }
    if hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute, second) != (0, 0)) {
        return None;
    }
    let rest = c.rest();
    let offset = match rest {
        b"UTC" | b"utc" | b"GMT" | b"gmt" => 0,
        _ => parse_offset(rest)?,
    };
    Some((hour * 3600 + minute * 60 + second.min(59)) as i64 - offset)
}

/// Days between Excel's day 0 (1899-12-30, counting its fictitious 1900-02-29)
/// and 1970-01-01.
pub(super) const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// An Excel serial date (`45321`, `45321.5`): days since 1899-12-30, with the
/// time as a fraction. Only 1927 to 2173 (10000 to 99999) are taken as dates, so
/// that a stray id or amount in a date column is refused rather than misread.
fn excel_serial(s: &[u8]) -> Option<Timestamp> {
    let mut c = Cursor { s, i: 0 };
    // Five digits, no fewer (the cursor reads no more): 10000 to 99999.
    let (days, len) = c.number(5)?;
    if len != 5 {
        return None;
    }
    let mut seconds = 0.0;
    if c.eat(b'.') {
        let start = c.i;
        let mut fraction = 0.0;
        let mut scale = 1.0;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            scale /= 10.0;
            fraction += (d - b'0') as f64 * scale;
            c.i += 1;
        }
        if c.i == start {
            return None;
        }
        seconds = (fraction * SECONDS_PER_DAY as f64).round();
    }
    if c.i != s.len() {
        return None;
    }
    Some((days as i64 - EXCEL_EPOCH_OFFSET) * SECONDS_PER_DAY + seconds as i64)
}

/// The forms [`parse_date`] reads, as strftime patterns (`EXCEL` is a serial
/// day number), one per shape: what tests generate cells from, so that a new
/// form is added here and tried everywhere. Day-first forms are read as such
/// when the column's order is day-first.
pub const DATE_FORMS: [&str; 16] = [
    "%Y-%m-%d",
    "%Y-%m-%dT%H:%M:%S.000+0000",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S+02:00",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d",
    "%m/%d/%Y",
    "%m/%d/%y %I:%M %p",
    "%m-%d-%Y %H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y %H:%M",
    "%b %d, %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "EXCEL",
];

/// Parses a date or datetime in any of the forms exports write: ISO 8601
/// (`2024-01-22`, `2024-01-22T16:14:25.000+0000`, `2024-01-22 3:00`), US
/// (`1/22/2024`, `01/22/24 03:00 PM`), European (`22.01.2024`, `22/01/2024 15:00`),
/// month names (`Jan 22, 2024`, `22-Jan-2024`) and Excel serial numbers (`45313`).
/// `order` says how to read a numeric date whose day and month could be swapped.
/// A time without an offset is UTC.
pub fn parse_date(raw: &[u8], order: DateOrder) -> Option<Timestamp> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return None;
    }
    // The common case first: ISO 8601, as Salesforce and most APIs write it.
    if s.len() >= 10
        && s[4] == b'-'
        && let Some(ts) = parse_timestamp(s)
    {
        return Some(ts);
    }
    if let Some(ts) = excel_serial(s) {
        return Some(ts);
    }
    let mut c = Cursor { s, i: 0 };
    let (year, month, day) = date_part(&mut c, order)?;
    if !valid_day(year, month, day) {
        return None;
    }
    let midnight = days_from_civil(year, month, day) * SECONDS_PER_DAY;
    if c.rest().is_empty() {
        return Some(midnight);
    }
    if !(c.eat(b'T') || c.eat(b't') || c.spaces() > 0) {
        return None;
    }
    c.spaces();
    Some(midnight + time_part(&mut c)?)
}

/// What one sampled cell says about its column's day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateEvidence {
    /// Reads the same either way: ISO, a month name, a serial, or day = month.
    Either,
    /// Only month-first reads it (`1/22/2024`): the second part is above 12.
    MonthFirst,
    /// Only day-first reads it (`22/1/2024`).
    DayFirst,
    /// Both read it, differently (`3/4/2024`).
    Ambiguous,
    /// Neither reads it.
    Invalid,
}

/// Classifies a non-empty cell by parsing it both ways.
pub fn date_evidence(raw: &[u8]) -> DateEvidence {
    let m = parse_date(raw, DateOrder::MonthFirst);
    let d = parse_date(raw, DateOrder::DayFirst);
    match (m, d) {
        (Some(a), Some(b)) if a == b => DateEvidence::Either,
        (Some(_), Some(_)) => DateEvidence::Ambiguous,
        (Some(_), None) => DateEvidence::MonthFirst,
        (None, Some(_)) => DateEvidence::DayFirst,
        (None, None) => DateEvidence::Invalid,
    }
}

/// The separator of a numeric day-first-or-month-first date (`3/4/24` -> `/`).
pub fn date_separator(raw: &[u8]) -> Option<u8> {
    let s = raw.trim_ascii();
    let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    s.get(digits)
        .copied()
        .filter(|b| matches!(b, b'/' | b'.' | b'-'))
}
