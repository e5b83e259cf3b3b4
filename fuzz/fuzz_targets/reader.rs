//! Any bytes through the record reader that resynchronises after broken quotes:
//! it never panics, always ends, hands out every line at most once (records and
//! lost lines start on increasing lines, no more of them than there are lines),
//! and a record that spans lines has the header's field count.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rapport::ingest::{Next, Records};

fuzz_target!(|data: &[u8]| {
    let Some((&knobs, body)) = data.split_first() else {
        return;
    };
    let delimiter = [b',', b';', b'\t', b'|'][(knobs & 3) as usize];
    // Small limits reach the size and line guards with small inputs.
    let max = 16 + 64 * u64::from(knobs >> 2);
    let width = 1 + (knobs as usize >> 4);
    let breaks = body
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && body.get(i + 1) != Some(&b'\n')))
        .count() as u64;
    let mut records = Records::new(body, delimiter, max);
    records.expect_width(width);
    let mut record = csv::ByteRecord::new();
    let mut last = 0;
    let mut events = 0u64;
    loop {
        let line = match records.next(&mut record) {
            Ok(Next::Record(span)) => {
                assert!(span.lines >= 1);
                if span.lines > 1 {
                    assert_eq!(record.len(), width);
                }
                assert!(span.size <= span.lines * (max + 1), "{span:?}");
                span.line
            }
            Ok(Next::Lost { line, .. }) => line,
            Ok(Next::End) => break,
            Err(e) => panic!("reading from memory cannot fail: {e}"),
        };
        assert!(line > last, "line {line} after {last}");
        last = line;
        events += 1;
        assert!(
            events <= breaks + 1,
            "{events} events from {breaks} line breaks"
        );
    }
});
