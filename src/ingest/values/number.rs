//! Plain decimals and money in the notations exports and spreadsheets use.

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
