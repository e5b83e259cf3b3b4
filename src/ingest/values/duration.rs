//! Elapsed times as exports write them: a plain number in the column's unit
//! (`first_response_minutes` = `90`), or text with units (`2 hours 30 minutes`,
//! `1d 4h`, `45 min`, `2h30m`, `1:30`).

/// The unit a column's bare numbers are in, from its header's suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DurationUnit {
    Seconds,
    Minutes,
    #[default]
    Hours,
    Days,
}

impl DurationUnit {
    pub fn seconds(self) -> f64 {
        match self {
            DurationUnit::Seconds => 1.0,
            DurationUnit::Minutes => 60.0,
            DurationUnit::Hours => 3600.0,
            DurationUnit::Days => 86_400.0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DurationUnit::Seconds => "seconds",
            DurationUnit::Minutes => "minutes",
            DurationUnit::Hours => "hours",
            DurationUnit::Days => "days",
        }
    }

    /// The unit a header word names: `minutes`, `mins`, `hrs`, `days`, ...
    pub fn from_word(word: &str) -> Option<DurationUnit> {
        Some(match word {
            "s" | "sec" | "secs" | "second" | "seconds" => DurationUnit::Seconds,
            "m" | "min" | "mins" | "minute" | "minutes" => DurationUnit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => DurationUnit::Hours,
            "d" | "day" | "days" => DurationUnit::Days,
            _ => return None,
        })
    }
}

/// Seconds in one of the unit words a duration's text may use, in English and
/// in the common abbreviations (`w`, `d`, `h`, `m`, `s`).
fn unit_seconds(word: &[u8]) -> Option<f64> {
    let w = std::str::from_utf8(word).ok()?.to_ascii_lowercase();
    if matches!(w.as_str(), "w" | "wk" | "wks" | "week" | "weeks") {
        return Some(7.0 * 86_400.0);
    }
    DurationUnit::from_word(&w).map(DurationUnit::seconds)
}

/// A duration in seconds. A bare number is in `unit`; text names its units
/// (`2 hours 30 minutes`, `1d 4h`, `45 min`, `2h30m`, `1 day, 4 hours`), and
/// `h:mm` or `h:mm:ss` is hours and minutes. Negative, empty or unreadable
/// values are `None`.
pub fn parse_duration(raw: &[u8], unit: DurationUnit) -> Option<f64> {
    let s = raw.trim_ascii();
    if s.is_empty() {
        return None;
    }
    if let Some(v) = super::parse_decimal(s) {
        return (v >= 0.0).then(|| v * unit.seconds());
    }
    if let Some(v) = clock(s) {
        return Some(v);
    }
    let mut total = 0.0;
    let mut parts = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() || c == b',' {
            i += 1;
            continue;
        }
        if s[i..].len() >= 3
            && s[i..i + 3].eq_ignore_ascii_case(b"and")
            && s.get(i + 3).is_none_or(|c| !c.is_ascii_alphabetic())
        {
            i += 3;
            continue;
        }
        let start = i;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'.') {
            i += 1;
        }
        if i == start {
            return None;
        }
        let number: f64 = std::str::from_utf8(&s[start..i]).ok()?.parse().ok()?;
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let word = i;
        while i < s.len() && s[i].is_ascii_alphabetic() {
            i += 1;
        }
        let seconds = unit_seconds(&s[word..i])?;
        total += number * seconds;
        parts += 1;
    }
    (parts > 0 && total.is_finite()).then_some(total)
}

/// `h:mm` or `h:mm:ss`, in seconds.
fn clock(s: &[u8]) -> Option<f64> {
    let text = std::str::from_utf8(s).ok()?;
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let n = |p: &str| p.parse::<f64>().ok();
    let hours = n(parts[0])?;
    let minutes = n(parts[1])?;
    if minutes >= 60.0 || parts[1].len() != 2 {
        return None;
    }
    let seconds = match parts.get(2) {
        Some(p) if p.len() == 2 => n(p)?,
        Some(_) => return None,
        None => 0.0,
    };
    if seconds >= 60.0 {
        return None;
    }
    Some(hours * 3600.0 + minutes * 60.0 + seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(raw: &str, unit: DurationUnit) -> Option<f64> {
        parse_duration(raw.as_bytes(), unit).map(|s| s / 3600.0)
    }

    #[test]
    fn bare_numbers_are_in_the_columns_unit() {
        assert_eq!(hours("90", DurationUnit::Minutes), Some(1.5));
        assert_eq!(hours("1.5", DurationUnit::Hours), Some(1.5));
        assert_eq!(hours("2", DurationUnit::Days), Some(48.0));
        assert_eq!(hours("3600", DurationUnit::Seconds), Some(1.0));
        assert_eq!(hours("-4", DurationUnit::Hours), None);
    }

    #[test]
    fn text_names_its_units() {
        let h = DurationUnit::Hours;
        assert_eq!(hours("2 hours 30 minutes", h), Some(2.5));
        assert_eq!(hours("1d 4h", h), Some(28.0));
        assert_eq!(hours("45 min", h), Some(0.75));
        assert_eq!(hours("2h30m", h), Some(2.5));
        assert_eq!(hours("1 day, 4 hours", h), Some(28.0));
        assert_eq!(hours("1 hour and 15 minutes", h), Some(1.25));
        assert_eq!(hours("2 Hours 30 Mins", h), Some(2.5));
        assert_eq!(hours("1 week", h), Some(168.0));
        assert_eq!(hours("1:30", h), Some(1.5));
        assert_eq!(hours("0:45:00", h), Some(0.75));
    }

    #[test]
    fn what_is_not_a_duration_is_none() {
        let h = DurationUnit::Hours;
        for raw in [
            "",
            " ",
            "soon",
            "2 parsecs",
            "hours",
            "1:75",
            "12:3",
            "2024-01-22",
            "1..2 h",
            "h 2",
        ] {
            assert_eq!(hours(raw, h), None, "{raw:?}");
        }
    }

    #[test]
    fn header_unit_words() {
        assert_eq!(DurationUnit::from_word("mins"), Some(DurationUnit::Minutes));
        assert_eq!(DurationUnit::from_word("hrs"), Some(DurationUnit::Hours));
        assert_eq!(DurationUnit::from_word("days"), Some(DurationUnit::Days));
        assert_eq!(DurationUnit::from_word("at"), None);
    }
}
