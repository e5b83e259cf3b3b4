//! The value parsers, one behaviour at a time, and properties over any cell.

use super::date::{EXCEL_EPOCH_OFFSET, MONTHS};
use super::*;
use crate::spec::DateOrder;

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
fn every_day_of_eight_centuries_round_trips() {
    // Centuries inside a 400-year era (1700, 1800, 2100, ...) take the
    // correction terms that the years 2000-2099 never reach.
    let (first, last) = (days_from_civil(1600, 1, 1), days_from_civil(2400, 12, 31));
    let mut previous = civil_from_days(first - 1);
    for days in first..=last {
        let (y, m, d) = civil_from_days(days);
        assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        let next_day = (y, m, d) == (previous.0, previous.1, previous.2 + 1);
        let next_month = d == 1 && (y, m) == (previous.0, previous.1 + 1);
        let next_year = (m, d) == (1, 1) && y == previous.0 + 1;
        assert!(
            next_day || next_month || next_year,
            "{previous:?} then {y}-{m}-{d}"
        );
        previous = (y, m, d);
    }
}

#[test]
fn durations_in_seconds_and_joined_by_and() {
    let secs = |raw: &str| parse_duration(raw.as_bytes(), DurationUnit::Hours);
    assert_eq!(secs("90 seconds"), Some(90.0));
    assert_eq!(secs("2 h and 5 min"), Some(7500.0));
    assert_eq!(secs("1 min 30 secs"), Some(90.0));
    for word in ["s", "sec", "secs", "second", "seconds"] {
        assert_eq!(
            DurationUnit::from_word(word),
            Some(DurationUnit::Seconds),
            "{word}"
        );
    }
}

#[test]
fn clock_durations_and_what_no_duration_is() {
    let secs = |raw: &str| parse_duration(raw.as_bytes(), DurationUnit::Hours);
    assert_eq!(secs("1:02:03"), Some(3723.0));
    assert_eq!(secs("1:30"), Some(5400.0));
    let huge = format!("{} hours", "9".repeat(400));
    for bad in [
        "1:02:03:04",
        "+1:30",
        "1.5:30",
        "1:02:3",
        ", ,",
        "and",
        huge.as_str(),
    ] {
        assert_eq!(secs(bad), None, "{bad}");
    }
}

#[test]
fn a_decimal_takes_a_leading_sign_and_no_exponent() {
    assert_eq!(parse_decimal(b"+5"), Some(5.0));
    assert_eq!(parse_decimal(b"1e5"), None);
    assert_eq!(parse_amount(b"+1,234.50", false), Some(1234.5));
    assert_eq!(parse_amount(b"$+12.50", false), Some(12.5));
    // Groups of three up to the end, or to the decimal mark.
    assert_eq!(parse_amount(b"1,234,56", false), None);
    assert_eq!(parse_amount(b"1,234,567.5", false), Some(1_234_567.5));
    assert_eq!(
        parse_amount("1\u{202F}234,50".as_bytes(), true),
        Some(1234.5)
    );
}

#[test]
fn an_iso_timestamp_at_the_edges_of_its_fields() {
    for (cell, read) in [
        ("2024-01-22T24:00:00Z", Some(ts(2024, 1, 23, 0, 0, 0))),
        ("2024-01-22T10:59Z", Some(ts(2024, 1, 22, 10, 59, 0))),
        ("2024-01-22T23:59:60Z", Some(ts(2024, 1, 22, 23, 59, 59))),
        ("2024-01-22T23:59:00+23:59", Some(ts(2024, 1, 22, 0, 0, 0))),
        // Its dashes fifth and eighth.
        ("2024-01/22", None),
        ("2024/01-22", None),
        // A time of fewer than five bytes is no time.
        ("2024-01-22T10:3", None),
        ("2024-01-22T1", None),
        ("2024-01-22T10:", None),
        ("2024-01-22T24:00:01Z", None),
        ("2024-01-22T10:00:61Z", None),
        ("2024-01-22T10:00+24:00", None),
        ("2024-01-22T10:00+05:60", None),
    ] {
        assert_eq!(parse_timestamp(cell.as_bytes()), read, "{cell}");
    }
}

#[test]
fn february_has_29_days_in_leap_years_only() {
    for (year, days) in [
        (1900, 28),
        (2000, 29),
        (2023, 28),
        (2024, 29),
        (2100, 28),
        (2400, 29),
    ] {
        assert_eq!(super::day::days_in_month(year, 2), days, "{year}");
        let leap_day = format!("2/29/{year}");
        assert_eq!(date(&leap_day, M).is_some(), days == 29, "{leap_day}");
    }
}

#[test]
fn a_number_left_without_its_unit_is_no_duration() {
    for raw in ["2 hours 3", "1 day and 4", "5h 30"] {
        assert_eq!(
            parse_duration(raw.as_bytes(), DurationUnit::Hours),
            None,
            "{raw}"
        );
    }
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
fn midnight_may_be_24_00_and_a_leap_second_is_read_as_the_last_of_its_minute() {
    assert_eq!(date("1/22/2024 24:00", M), Some(ts(2024, 1, 23, 0, 0, 0)));
    assert_eq!(
        date("1/22/2024 23:59:60", M),
        Some(ts(2024, 1, 22, 23, 59, 59))
    );
    for bad in [
        "1/22/2024 24:01",
        "1/22/2024 10:00:61",
        "1/22/2024 10:00:99",
    ] {
        assert_eq!(date(bad, M), None, "{bad}");
    }
}

#[test]
fn a_time_follows_its_date_after_a_t_or_a_space_and_nothing_else() {
    for form in ["2024/01/22T10:00", "2024/01/22t10:00", "2024/01/22  10:00"] {
        assert_eq!(date(form, M), Some(ts(2024, 1, 22, 10, 0, 0)), "{form}");
    }
    for bad in ["1/22/202410:00", "2024/01/22X10:00", "2024/01/22Tt10:00"] {
        assert_eq!(date(bad, M), None, "{bad}");
    }
}

#[test]
fn an_offset_may_follow_the_am_or_pm() {
    assert_eq!(
        date("1/22/2024 10:00 AM +0100", M),
        Some(ts(2024, 1, 22, 9, 0, 0))
    );
    assert_eq!(
        date("1/22/2024 10:00 PM -02:00", M),
        Some(ts(2024, 1, 23, 0, 0, 0))
    );
}

#[test]
fn a_month_name_is_set_off_by_a_space_or_a_dash_and_each_part_keeps_its_width() {
    for order in [M, D] {
        assert_eq!(date("Jan-22-2024", order), Some(ts(2024, 1, 22, 0, 0, 0)));
        assert_eq!(date("Jan. 22-2024", order), Some(ts(2024, 1, 22, 0, 0, 0)));
        for bad in [
            // No space or dash after the month, or after the day.
            "Jan22 2024",
            "Jan 22,2024",
            // A part one digit wider than its field.
            "2024/011/02",
            "2024/01/022",
            "20245/01/02",
            // A field with no digits at all.
            "2024//02",
            "1/22/2024 :30",
            "1/22/2024 10:30:00.",
        ] {
            assert_eq!(date(bad, order), None, "{bad} ({order:?})");
        }
    }
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
        "1/22/2024 10:00 xm",
        "1/22/2024 10:00 pq",
        "1/22/2024 10:00 AM 2",
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

/// Every form in [`DATE_FORMS`] is read, to the right day, with the order its
/// numbers are in.
#[test]
fn every_listed_date_form_is_read() {
    let at = jiff::civil::DateTime::new(2024, 1, 22, 15, 4, 5, 0).unwrap();
    let day = days_from_civil(2024, 1, 22);
    for form in DATE_FORMS {
        let text = match form {
            "EXCEL" => (day + EXCEL_EPOCH_OFFSET).to_string(),
            _ => at.strftime(form).to_string(),
        };
        let order = if form.starts_with("%d") {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        };
        let read = parse_date(text.as_bytes(), order);
        assert_eq!(read.map(day_of), Some(day), "{form}: {text}");
    }
}

#[test]
fn an_offset_counts_its_minutes_and_a_long_fraction_is_dropped() {
    assert_eq!(
        parse_timestamp(b"2024-01-22T16:14:25+05:30"),
        Some(ts(2024, 1, 22, 10, 44, 25))
    );
    assert_eq!(
        parse_timestamp(b"2024-01-22T16:14:25-0345"),
        Some(ts(2024, 1, 22, 19, 59, 25))
    );
    // More digits of a second than nine: read past, not misread.
    assert_eq!(
        date("1/22/2024 10:00:00.123456789012", M),
        Some(ts(2024, 1, 22, 10, 0, 0))
    );
}
