//! Parsers for the values found in export cells: dates and datetimes, booleans
//! and plain decimals. They work on bytes and never allocate: they run once per
//! used cell on the hot path.

/// Seconds since 1970-01-01T00:00:00Z. Dates without a time are midnight UTC.
pub type Timestamp = i64;

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

/// A cell that is not a boolean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotABool;

/// Booleans as exports write them: `true`/`false`, `1`/`0`, `yes`/`no`, in any
/// case. Empty is `None`.
pub fn parse_bool(raw: &[u8]) -> Result<Option<bool>, NotABool> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return Ok(None);
    }
    const TRUE: [&[u8]; 5] = [b"true", b"1", b"yes", b"y", b"t"];
    const FALSE: [&[u8]; 5] = [b"false", b"0", b"no", b"n", b"f"];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Ok(Some(true))
    } else if FALSE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
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
}
