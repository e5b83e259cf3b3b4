//! Any bytes as a date, boolean or amount cell: a value or a refusal, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::ingest::values;
use rapport::spec::DateOrder;

fuzz_target!(|data: &[u8]| {
    if let Some(ts) = values::parse_timestamp(data) {
        // A parsed ISO date formats and parses back to the same day.
        let day = values::day_of(ts);
        let text = values::format_day(day);
        assert_eq!(
            values::parse_timestamp(text.as_bytes()).map(values::day_of),
            Some(day)
        );
    }
    for order in [DateOrder::MonthFirst, DateOrder::DayFirst] {
        let _ = values::parse_date(data, order);
    }
    let _ = values::date_evidence(data);
    let _ = values::parse_bool(data);
    let _ = values::parse_decimal(data);
    let _ = values::parse_amount(data, false);
    let _ = values::parse_amount(data, true);
});
