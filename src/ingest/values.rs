//! Parsers for the values found in export cells: dates and datetimes, booleans
//! and plain decimals. They work on bytes and never allocate: they run once per
//! used cell on the hot path.

/// Seconds since 1970-01-01T00:00:00Z. Dates without a time are midnight UTC.
pub type Timestamp = i64;

pub use crate::spec::DateOrder;

pub const SECONDS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day number (Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The day number a timestamp falls on (UTC).
pub fn day_of(ts: Timestamp) -> i64 {
    ts.div_euclid(SECONDS_PER_DAY)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as u32;
    }
    Some(n)
}

/// Parses an ISO 8601 date (`2024-01-22`), or a datetime with an optional offset:
/// `2024-01-22T16:14:25`, `2024-01-22 16:14`, `2024-01-22T16:14:25.000+0000`,
/// `...Z`, `...+01:00`. A datetime without an offset is taken as UTC.
pub fn parse_timestamp(raw: &[u8]) -> Option<Timestamp> {
    let s = raw.trim_ascii();
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let year = digits(&s[0..4])? as i64;
    let month = digits(&s[5..7])?;
    let day = digits(&s[8..10])?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut ts = days_from_civil(year, month, day) * SECONDS_PER_DAY;
    let rest = &s[10..];
    if rest.is_empty() {
        return Some(ts);
    }
    if rest[0] != b'T' && rest[0] != b' ' {
        return None;
    }
    let rest = &rest[1..];
    // HH:MM with an optional :SS and fraction
    if rest.len() < 5 || rest[2] != b':' {
        return None;
    }
    let hour = digits(&rest[0..2])?;
    let minute = digits(&rest[3..5])?;
    let mut i = 5;
    let mut second = 0;
    if rest.len() >= 8 && rest[5] == b':' {
        second = digits(&rest[6..8])?;
        i = 8;
        if i < rest.len() && (rest[i] == b'.' || rest[i] == b',') {
            i += 1;
            let start = i;
            while i < rest.len() && rest[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute, second) != (0, 0)) {
        return None;
    }
    ts += (hour * 3600 + minute * 60 + second.min(59)) as i64;
    let offset = &rest[i..];
    let offset = offset.trim_ascii_start();
    ts -= parse_offset(offset)?;
    Some(ts)
}

/// Seconds east of UTC for `Z`, `+HH`, `+HHMM`, `+HH:MM` or nothing.
fn parse_offset(s: &[u8]) -> Option<i64> {
    match s {
        [] | [b'Z'] | [b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest {
                [h1, h2] => (digits(&[*h1, *h2])?, 0),
                [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                [h1, h2, b':', m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let secs = (h * 3600 + m * 60) as i64;
            Some(if *sign == b'-' { -secs } else { secs })
        }
        _ => None,
    }
}

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

const MONTHS: [&str; 12] = [
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
        2 if year >= 69 => 1900 + year as i64,
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
    let had_space = c.spaces() > 0;
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
    } else if had_space && c.rest().first().is_some_and(|b| b.is_ascii_digit()) {
        return None;
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
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// An Excel serial date (`45321`, `45321.5`): days since 1899-12-30, with the
/// time as a fraction. Only 1927 to 2173 (10000 to 99999) are taken as dates, so
/// that a stray id or amount in a date column is refused rather than misread.
fn excel_serial(s: &[u8]) -> Option<Timestamp> {
    let mut c = Cursor { s, i: 0 };
    let (days, len) = c.number(5)?;
    if len != 5 || !(10_000..=99_999).contains(&days) {
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

/// A cell that is not a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotABool;

/// The words exports write for true, in English, German, French, Spanish and
/// Dutch spreadsheets, and as checkboxes (`x`) and task states (`done`).
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

/// Booleans as exports write them: `TRUE`/`FALSE`, `1`/`0`, `yes`/`no`,
/// `WAHR`/`FALSCH`, `VRAI`/`FAUX`, ... in any case. Empty is `None`.
pub fn parse_bool(raw: &[u8]) -> Result<Option<bool>, NotABool> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    if TRUE_WORDS
        .iter()
        .any(|t| s.eq_ignore_ascii_case(t.as_bytes()))
    {
        Ok(Some(true))
    } else if FALSE_WORDS
        .iter()
        .any(|t| s.eq_ignore_ascii_case(t.as_bytes()))
    {
        Ok(Some(false))
    } else {
        Err(NotABool)
    }
}

/// A plain decimal: optional sign, digits, optional `.` and digits.
pub fn parse_decimal(raw: &[u8]) -> Option<f64> {
    let s = raw.trim_ascii();
    let text = std::str::from_utf8(s).ok()?;
    let ok = !text.is_empty()
        && text
            .bytes()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == b'.' || (i == 0 && (c == b'-' || c == b'+')));
    if !ok {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Bytes that may stand between digit groups: space, apostrophe (Swiss), and
/// the no-break spaces spreadsheets put there (U+00A0, U+202F), as their lengths.
fn group_space(s: &[u8]) -> usize {
    match s {
        [b' ' | b'\'', ..] => 1,
        [0xC2, 0xA0, ..] => 2,
        [0xE2, 0x80, 0xAF, ..] => 3,
        _ => 0,
    }
}

/// Money as exports and spreadsheets write it: `1234.56`, `$1,234.56`,
/// `1.234,56 €`, `CHF 1'234.50`, `(1,234)` and `-1 234,5`. With a single
/// separator followed by exactly three digits (`1,234`, `1.234`) the reading is
/// ambiguous: `decimal_comma` says whether the column writes decimals with a comma.
pub fn parse_amount(raw: &[u8], decimal_comma: bool) -> Option<f64> {
    let mut s = raw.trim_ascii();
    let mut negative = false;
    if let [b'(', inner @ .., b')'] = s {
        negative = true;
        s = inner.trim_ascii();
    }
    // A sign before a currency symbol: `-$12.50`.
    if let [b'-', rest @ ..] = s
        && rest.first().is_some_and(|b| !b.is_ascii_digit())
    {
        negative = !negative;
        s = rest.trim_ascii_start();
    }
    // Currency symbols and codes around the number: anything but digits, signs and
    // separators, as long as no more than three ASCII letters stand together.
    let is_core = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+');
    let start = s.iter().position(|&b| is_core(b))?;
    let end = s.iter().rposition(|&b| b.is_ascii_digit())? + 1;
    let affix_ok = |a: &[u8]| {
        let mut letters = 0;
        a.iter().all(|&b| {
            letters = if b.is_ascii_alphabetic() {
                letters + 1
            } else {
                0
            };
            letters <= 3 && !b.is_ascii_digit() && !matches!(b, b'(' | b')' | b',' | b'.')
        })
    };
    let (prefix, mut core, suffix) = (&s[..start], &s[start..end], &s[end..]);
    if !affix_ok(prefix) || !(affix_ok(suffix) || suffix == b"-") {
        return None;
    }
    if suffix.trim_ascii_end().ends_with(b"-") {
        negative = !negative;
    }
    match core.first() {
        Some(b'-') => {
            negative = !negative;
            core = core[1..].trim_ascii_start();
        }
        Some(b'+') => core = core[1..].trim_ascii_start(),
        _ => {}
    }
    let last_dot = core.iter().rposition(|&b| b == b'.');
    let last_comma = core.iter().rposition(|&b| b == b',');
    let count = |sep: u8| core.iter().filter(|&&b| b == sep).count();
    let decimal: Option<u8> = match (last_dot, last_comma) {
        (Some(d), Some(c)) => Some(if d > c { b'.' } else { b',' }),
        (Some(d), None) | (None, Some(d)) => {
            let sep = core[d];
            let after = core.len() - d - 1;
            // One separator followed by three digits could be either: the hint decides.
            let decimal_here = after != 3 || (sep == b',') == decimal_comma;
            (count(sep) == 1 && decimal_here).then_some(sep)
        }
        (None, None) => None,
    };
    let mut int_part = 0f64;
    let mut frac = 0f64;
    let mut scale = 1.0;
    let mut in_fraction = false;
    // Digits since the last grouping mark; None before the first mark.
    let mut group: Option<usize> = None;
    let mut lead = 0usize;
    let mut i = 0;
    while i < core.len() {
        let b = core[i];
        if b.is_ascii_digit() {
            let d = (b - b'0') as f64;
            if in_fraction {
                scale /= 10.0;
                frac += d * scale;
            } else {
                int_part = int_part * 10.0 + d;
                match &mut group {
                    Some(n) => *n += 1,
                    None => lead += 1,
                }
            }
            i += 1;
        } else if Some(b) == decimal && !in_fraction {
            if group.is_some_and(|n| n != 3) {
                return None;
            }
            in_fraction = true;
            i += 1;
        } else {
            let width = match b {
                b'.' | b',' => 1,
                _ => group_space(&core[i..]),
            };
            // A grouping mark: not in the fraction, after 1-3 digits, groups of three.
            if width == 0 || in_fraction || lead == 0 || lead > 3 || group.is_some_and(|n| n != 3) {
                return None;
            }
            group = Some(0);
            i += width;
        }
    }
    if group.is_some_and(|n| n != 3) && !in_fraction {
        return None;
    }
    let v = int_part + frac;
    v.is_finite().then_some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(y: i64, m: u32, d: u32, hh: i64, mm: i64, ss: i64) -> Timestamp {
        days_from_civil(y, m, d) * SECONDS_PER_DAY + hh * 3600 + mm * 60 + ss
    }

    #[test]
    fn dates_and_datetimes() {
        assert_eq!(parse_timestamp(b"1970-01-01"), Some(0));
        assert_eq!(
            parse_timestamp(b"2024-01-22"),
            Some(ts(2024, 1, 22, 0, 0, 0))
        );
        assert_eq!(
            parse_timestamp(b"2024-01-22T16:14:25.000+0000"),
            Some(ts(2024, 1, 22, 16, 14, 25))
        );
        assert_eq!(
            parse_timestamp(b"2024-01-22T16:14:25Z"),
            Some(ts(2024, 1, 22, 16, 14, 25))
        );
        assert_eq!(
            parse_timestamp(b"2024-01-22 16:14"),
            Some(ts(2024, 1, 22, 16, 14, 0))
        );
        assert_eq!(
            parse_timestamp(b"2024-01-22T16:14:25+02:00"),
            Some(ts(2024, 1, 22, 14, 14, 25))
        );
        assert_eq!(
            parse_timestamp(b"2024-01-22T01:00:00-0500"),
            Some(ts(2024, 1, 22, 6, 0, 0))
        );
        assert_eq!(
            parse_timestamp(b" 2024-02-29 "),
            Some(ts(2024, 2, 29, 0, 0, 0))
        );
    }

    #[test]
    fn bad_dates_are_refused() {
        for bad in [
            &b""[..],
            b"2023-02-29",
            b"2024-13-01",
            b"2024-00-10",
            b"2024-01-32",
            b"01/22/2024",
            b"2024-01-22X",
            b"2024-01-22T25:00",
            b"2024-01-22T10:00+2",
            b"2024-01-22T10:00:00.",
            b"yesterday",
        ] {
            assert_eq!(
                parse_timestamp(bad),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn civil_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_000, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_day(19_744), "2024-01-22");
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool(b"TRUE"), Ok(Some(true)));
        assert_eq!(parse_bool(b"1"), Ok(Some(true)));
        assert_eq!(parse_bool(b"false"), Ok(Some(false)));
        assert_eq!(parse_bool(b"0"), Ok(Some(false)));
        assert_eq!(parse_bool(b""), Ok(None));
        assert_eq!(parse_bool(b"  "), Ok(None));
        assert_eq!(parse_bool(b"maybe"), Err(NotABool));
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal(b"1124741.15"), Some(1124741.15));
        assert_eq!(parse_decimal(b"-3"), Some(-3.0));
        assert_eq!(parse_decimal(b"1,234"), None);
        assert_eq!(parse_decimal(b"abc"), None);
        assert_eq!(parse_decimal(b""), None);
    }

    fn date(raw: &str, order: DateOrder) -> Option<Timestamp> {
        parse_date(raw.as_bytes(), order)
    }

    const M: DateOrder = DateOrder::MonthFirst;
    const D: DateOrder = DateOrder::DayFirst;

    #[test]
    fn iso_dates_and_datetimes_read_in_either_order() {
        for order in [M, D] {
            assert_eq!(date("2024-01-22", order), Some(ts(2024, 1, 22, 0, 0, 0)));
            assert_eq!(
                date("2024-01-22T16:14:25.000+0000", order),
                Some(ts(2024, 1, 22, 16, 14, 25))
            );
            assert_eq!(
                date("2024-01-22T16:14:25+02:00", order),
                Some(ts(2024, 1, 22, 14, 14, 25))
            );
            assert_eq!(
                date("2024-01-22 16:14", order),
                Some(ts(2024, 1, 22, 16, 14, 0))
            );
            assert_eq!(
                date("2024-01-22 3:00", order),
                Some(ts(2024, 1, 22, 3, 0, 0))
            );
            assert_eq!(date("2024/01/22", order), Some(ts(2024, 1, 22, 0, 0, 0)));
            assert_eq!(
                date("2024-01-22 16:14 UTC", order),
                Some(ts(2024, 1, 22, 16, 14, 0))
            );
        }
    }

    #[test]
    fn us_dates_and_datetimes() {
        assert_eq!(date("1/22/2024", M), Some(ts(2024, 1, 22, 0, 0, 0)));
        assert_eq!(date("01/22/24", M), Some(ts(2024, 1, 22, 0, 0, 0)));
        assert_eq!(
            date("02/23/26 08:55 PM", M),
            Some(ts(2026, 2, 23, 20, 55, 0))
        );
        assert_eq!(
            date("02/24/26 02:20 AM", M),
            Some(ts(2026, 2, 24, 2, 20, 0))
        );
        assert_eq!(
            date("2/24/2026 12:05 AM", M),
            Some(ts(2026, 2, 24, 0, 5, 0))
        );
        assert_eq!(
            date("2/24/2026 12:05 pm", M),
            Some(ts(2026, 2, 24, 12, 5, 0))
        );
        assert_eq!(
            date("2/24/2026 3:00:15 PM", M),
            Some(ts(2026, 2, 24, 15, 0, 15))
        );
        assert_eq!(date("12/31/99", M), Some(ts(1999, 12, 31, 0, 0, 0)));
        // A month above 12 is not a US date.
        assert_eq!(date("22/01/2024", M), None);
    }

    #[test]
    fn european_dates_and_datetimes() {
        assert_eq!(date("22.01.2024", D), Some(ts(2024, 1, 22, 0, 0, 0)));
        assert_eq!(date("2.1.2024", D), Some(ts(2024, 1, 2, 0, 0, 0)));
        assert_eq!(
            date("22/01/2024 15:30", D),
            Some(ts(2024, 1, 22, 15, 30, 0))
        );
        assert_eq!(date("22.01.2024 3:00", D), Some(ts(2024, 1, 22, 3, 0, 0)));
        assert_eq!(date("22-01-2024", D), Some(ts(2024, 1, 22, 0, 0, 0)));
        assert_eq!(date("22.01.24", D), Some(ts(2024, 1, 22, 0, 0, 0)));
    }

    #[test]
    fn the_order_decides_an_ambiguous_date() {
        assert_eq!(date("03/04/2024", M), Some(ts(2024, 3, 4, 0, 0, 0)));
        assert_eq!(date("03/04/2024", D), Some(ts(2024, 4, 3, 0, 0, 0)));
        assert_eq!(date_evidence(b"03/04/2024"), DateEvidence::Ambiguous);
        assert_eq!(date_evidence(b"13/04/2024"), DateEvidence::DayFirst);
        assert_eq!(date_evidence(b"04/13/2024"), DateEvidence::MonthFirst);
        assert_eq!(date_evidence(b"05/05/2024"), DateEvidence::Either);
        assert_eq!(date_evidence(b"2024-04-13"), DateEvidence::Either);
        assert_eq!(date_evidence(b"45321"), DateEvidence::Either);
        assert_eq!(date_evidence(b"soon"), DateEvidence::Invalid);
        assert_eq!(date_separator(b"3.4.2024"), Some(b'.'));
        assert_eq!(date_separator(b"03/04/24"), Some(b'/'));
        assert_eq!(date_separator(b"2024-03-04"), None);
    }

    #[test]
    fn month_names_and_excel_serials() {
        for order in [M, D] {
            assert_eq!(date("Jan 22, 2024", order), Some(ts(2024, 1, 22, 0, 0, 0)));
            assert_eq!(date("22-Jan-2024", order), Some(ts(2024, 1, 22, 0, 0, 0)));
            assert_eq!(
                date("22 January 2024", order),
                Some(ts(2024, 1, 22, 0, 0, 0))
            );
            assert_eq!(
                date("Sept 3, 2024 10:00 AM", order),
                Some(ts(2024, 9, 3, 10, 0, 0))
            );
            // Excel counts days from 1899-12-30: 45313 is 2024-01-22.
            assert_eq!(date("45313", order), Some(ts(2024, 1, 22, 0, 0, 0)));
            assert_eq!(date("45313.75", order), Some(ts(2024, 1, 22, 18, 0, 0)));
        }
        assert_eq!(date("25569", M), Some(0));
    }

    #[test]
    fn bad_dates_are_refused_in_every_form() {
        for bad in [
            "",
            "2023-02-29",
            "2/29/2023",
            "31.04.2024",
            "13/13/2024",
            "1/2/345",
            "1/2",
            "12345678",
            "9999",
            "45313.",
            "2024-01-22X",
            "1/22/2024 13:00 PM",
            "1/22/2024 0:30 AM",
            "1/22/2024 25:00",
            "1/22/2024 10:7",
            "Maybe 2, 2024",
            "Jan 22 24",
            "yesterday",
            "2024-01-22T10:00+2",
            "1/22/2024 10:00 2",
        ] {
            for order in [M, D] {
                assert_eq!(date(bad, order), None, "{bad} ({order:?})");
            }
        }
    }

    #[test]
    fn amounts_in_every_notation() {
        let us = |s: &str| parse_amount(s.as_bytes(), false);
        let eu = |s: &str| parse_amount(s.as_bytes(), true);
        assert_eq!(us("1234.56"), Some(1234.56));
        assert_eq!(us("$1,234.56"), Some(1234.56));
        assert_eq!(us("USD 1,234,567"), Some(1_234_567.0));
        assert_eq!(us("(1,234)"), Some(-1234.0));
        assert_eq!(us("-$12.50"), Some(-12.5));
        assert_eq!(us("$-12.50"), Some(-12.5));
        assert_eq!(us("1,234"), Some(1234.0));
        assert_eq!(us("1.5"), Some(1.5));
        assert_eq!(us(".5"), Some(0.5));
        assert_eq!(us("0"), Some(0.0));
        assert_eq!(us("100-"), Some(-100.0));
        assert_eq!(eu("1.234,56 €"), Some(1234.56));
        assert_eq!(eu("1.234,56"), Some(1234.56));
        assert_eq!(eu("1234,5"), Some(1234.5));
        assert_eq!(eu("1.234"), Some(1234.0));
        assert_eq!(eu("1,234"), Some(1.234));
        assert_eq!(eu("-1 234,5"), Some(-1234.5));
        assert_eq!(eu("1\u{a0}234,50 EUR"), Some(1234.5));
        assert_eq!(eu("1.234.567"), Some(1_234_567.0));
        // Both separators: the last one is the decimal point, whatever the hint.
        assert_eq!(us("1.234,56"), Some(1234.56));
        assert_eq!(eu("1,234.56"), Some(1234.56));
        assert_eq!(us("CHF 1'234.50"), Some(1234.5));
    }

    #[test]
    fn bad_amounts_are_refused() {
        for bad in [
            "",
            "abc",
            "1,2,3",
            "12,34,567.00",
            "1234,567.89",
            "12 apples",
            "1.2.3,4",
            "(12",
            "$",
            "--",
            "1,234.5.6",
        ] {
            assert_eq!(parse_amount(bad.as_bytes(), false), None, "{bad}");
        }
    }

    #[test]
    fn booleans_in_spreadsheet_languages() {
        for t in [
            "TRUE", "true", "1", "yes", "Y", "WAHR", "VRAI", "ja", "oui", "x", "Done",
        ] {
            assert_eq!(parse_bool(t.as_bytes()), Ok(Some(true)), "{t}");
        }
        for f in [
            "FALSE", "0", "no", "N", "FALSCH", "FAUX", "nein", "non", "To do",
        ] {
            assert_eq!(parse_bool(f.as_bytes()), Ok(Some(false)), "{f}");
        }
        assert_eq!(parse_bool(b""), Ok(None));
        assert_eq!(parse_bool(b"perhaps"), Err(NotABool));
    }

    /// A date written in every supported style for its order.
    fn styles(y: i64, m: u32, d: u32, hh: u32, mm: u32) -> Vec<(String, DateOrder)> {
        let yy = y % 100;
        let h12 = if hh.is_multiple_of(12) { 12 } else { hh % 12 };
        let ampm = if hh < 12 { "AM" } else { "PM" };
        vec![
            (format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:00Z"), M),
            (format!("{y:04}-{m:02}-{d:02} {hh}:{mm:02}"), D),
            (format!("{m}/{d}/{y} {hh}:{mm:02}"), M),
            (format!("{m:02}/{d:02}/{yy:02} {h12:02}:{mm:02} {ampm}"), M),
            (format!("{d}.{m}.{y} {hh:02}:{mm:02}"), D),
            (format!("{d:02}/{m:02}/{y} {hh}:{mm:02}"), D),
            (
                format!("{} {d}, {y} {h12}:{mm:02} {ampm}", MONTHS[m as usize - 1]),
                M,
            ),
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_date_in_any_supported_style_reads_back_to_itself(
            y in 1970i64..2068, m in 1u32..=12, d in 1u32..=28, hh in 0u32..24, mm in 0u32..60,
        ) {
            let want = ts(y, m, d, hh as i64, mm as i64, 0);
            for (text, order) in styles(y, m, d, hh, mm) {
                proptest::prop_assert_eq!(parse_date(text.as_bytes(), order), Some(want), "{}", text);
            }
            let serial = days_from_civil(y, m, d) + EXCEL_EPOCH_OFFSET;
            if (10_000..=99_999).contains(&serial) {
                let text = serial.to_string();
                proptest::prop_assert_eq!(parse_date(text.as_bytes(), M), Some(ts(y, m, d, 0, 0, 0)));
            }
        }

        #[test]
        fn no_cell_makes_a_parser_panic(cell in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let _ = parse_date(&cell, M);
            let _ = parse_date(&cell, D);
            let _ = date_evidence(&cell);
            let _ = parse_amount(&cell, false);
            let _ = parse_amount(&cell, true);
            let _ = parse_bool(&cell);
        }

        #[test]
        fn grouped_amounts_read_back(cents in 0u64..10_000_000_000) {
            let units = cents / 100;
            let frac = cents % 100;
            let mut grouped = String::new();
            let digits = units.to_string();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            let us = format!("${grouped}.{frac:02}");
            let eu = format!("{}.{frac:02}", grouped).replace(',', "_").replace('.', ",").replace('_', ".") + " €";
            let want = cents as f64 / 100.0;
            let got = parse_amount(us.as_bytes(), false).unwrap();
            proptest::prop_assert!((got - want).abs() < 1e-6, "{} -> {}", us, got);
            let got = parse_amount(eu.as_bytes(), true).unwrap();
            proptest::prop_assert!((got - want).abs() < 1e-6, "{} -> {}", eu, got);
        }
    }
}
