//! ISO 8601 timestamps, as machine-written exports and the `--as-of` flag
//! write them.

use super::day::{SECONDS_PER_DAY, Timestamp, days_from_civil, days_in_month};

/// The value of a fixed field of two or four digits (a year, a month, an
/// hour, ...), or None if any byte is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
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
pub(super) fn parse_offset(s: &[u8]) -> Option<i64> {
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
