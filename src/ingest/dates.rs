//! The day/month order of a file's date columns, decided before the pass from
//! a look-ahead over its first rows, and why each was decided as it was.

use std::collections::HashMap;
use std::fmt;

use anyhow::Result;

use crate::model::FieldKind;

use super::InputFile;
use super::encoding;
use super::reader::{MAX_HEADER_BYTES, Next, Records};
use super::values::{self, DateEvidence};
use crate::spec::DateOrder;

/// How many data rows are read ahead to decide a date column's day/month order.
pub const DATE_SAMPLE_ROWS: u64 = 10_000;

/// How a date column's day/month order was decided.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum OrderDecision {
    /// No value in the sample depends on it (ISO dates, serials, month names).
    NotNeeded,
    /// A value only one order can read settles it.
    Data { line: u64, value: String },
    /// Values that only one order reads and values only the other reads: the
    /// majority wins and the others are rejected.
    Mixed { month_first: u64, day_first: u64 },
    /// Like another date column of the same file that the data settled.
    LikeColumn { header: String },
    /// Nothing in the sample settles it: day-first for dots, else month-first.
    Assumed { separator: char },
    /// `[date_order]` in the rule file.
    RuleFile,
}

impl fmt::Display for OrderDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrderDecision::NotNeeded => {
                f.write_str("the order does not matter: no value reads differently the other way")
            }
            OrderDecision::Data { line, value } => {
                write!(f, "from the data: line {line} has '{value}'")
            }
            OrderDecision::Mixed {
                month_first,
                day_first,
            } => write!(
                f,
                "mixed: {month_first} values read only month-first, {day_first} only day-first; the fewer are rejected"
            ),
            OrderDecision::LikeColumn { header } => {
                write!(f, "like column '{header}' of the same file")
            }
            OrderDecision::Assumed { separator } => write!(
                f,
                "assumed from the '{separator}' separator: no value in the first {DATE_SAMPLE_ROWS} rows has a day above 12; set it in [date_order]"
            ),
            OrderDecision::RuleFile => f.write_str("set in the rule file ([date_order])"),
        }
    }
}

/// One date column of a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DateColumn {
    pub column: usize,
    pub header: String,
    pub order: DateOrder,
    pub decided: OrderDecision,
}

/// The columns of a file that feed a date field, in field order.
pub fn date_columns(input: &InputFile) -> Vec<usize> {
    let mut cols = Vec::new();
    for (i, def) in input.table.fields().iter().enumerate() {
        if def.kind == FieldKind::Date {
            for &c in &input.mapping.cols[i] {
                if !cols.contains(&c) {
                    cols.push(c);
                }
            }
        }
    }
    cols
}

/// What the look-ahead saw in one date column.
#[derive(Debug, Default, Clone)]
struct OrderEvidence {
    month_first: u64,
    day_first: u64,
    ambiguous: u64,
    first_month_first: Option<(u64, String)>,
    first_day_first: Option<(u64, String)>,
    separator: Option<u8>,
}

/// Decides each date column's day/month order. The engine reads every file in
/// one streaming pass, so the decision cannot wait for the end of a column: it
/// is taken from the first [`DATE_SAMPLE_ROWS`] rows, read ahead here (only the
/// date columns are looked at, and the look-ahead stops early once every column
/// is settled; a pipe's look-ahead sees only its buffered head, at most
/// [`PREFIX_BYTES`](super::stream::PREFIX_BYTES)). A later value that
/// contradicts it is rejected with the reason.
pub fn decide_dates(input: &mut InputFile, overrides: &HashMap<String, DateOrder>) -> Result<()> {
    let cols = date_columns(input);
    if cols.is_empty() {
        return Ok(());
    }
    let mut seen = vec![OrderEvidence::default(); cols.len()];
    let open: Vec<bool> = cols
        .iter()
        .map(|&c| !overrides.contains_key(&input.headers[c].trim().to_lowercase()))
        .collect();
    if open.iter().any(|&o| o) {
        let look = input.source.look()?;
        let mut reader = Records::new(
            encoding::utf8_stream(look, input.encoding),
            input.delimiter,
            MAX_HEADER_BYTES.max(input.max_record),
        );
        let mut record = csv::ByteRecord::new();
        // The header.
        if !matches!(reader.next(&mut record)?, Next::Record(_)) {
            return Ok(());
        }
        reader.expect_width(input.headers.len());
        reader.set_max_bytes(input.max_record);
        let mut rows = 0;
        // A malformed row is passed over here; the main pass reports it.
        while rows < DATE_SAMPLE_ROWS {
            let line = match reader.next(&mut record) {
                Ok(Next::Record(span)) => span.line,
                Ok(Next::Lost { .. }) => continue,
                Ok(Next::End) | Err(_) => break,
            };
            rows += 1;
            for (k, &c) in cols.iter().enumerate() {
                let Some(raw) = record.get(c).map(<[u8]>::trim_ascii) else {
                    continue;
                };
                if raw.is_empty() || !open[k] {
                    continue;
                }
                let e = &mut seen[k];
                let shown = || (line, String::from_utf8_lossy(raw).into_owned());
                match values::date_evidence(raw) {
                    DateEvidence::MonthFirst => {
                        e.month_first += 1;
                        e.first_month_first.get_or_insert_with(shown);
                    }
                    DateEvidence::DayFirst => {
                        e.day_first += 1;
                        e.first_day_first.get_or_insert_with(shown);
                    }
                    DateEvidence::Ambiguous => {
                        e.ambiguous += 1;
                        if e.separator.is_none() {
                            e.separator = values::date_separator(raw);
                        }
                    }
                    DateEvidence::Either | DateEvidence::Invalid => {}
                }
            }
        }
    }
    let mut decided: Vec<Option<(DateOrder, OrderDecision)>> = cols
        .iter()
        .zip(&seen)
        .map(|(&c, e)| {
            if let Some(order) = overrides.get(&input.headers[c].trim().to_lowercase()) {
                return Some((*order, OrderDecision::RuleFile));
            }
            match (&e.first_month_first, &e.first_day_first) {
                (Some((line, value)), None) => Some((
                    DateOrder::MonthFirst,
                    OrderDecision::Data {
                        line: *line,
                        value: value.clone(),
                    },
                )),
                (None, Some((line, value))) => Some((
                    DateOrder::DayFirst,
                    OrderDecision::Data {
                        line: *line,
                        value: value.clone(),
                    },
                )),
                (Some(_), Some(_)) => Some((
                    if e.day_first > e.month_first {
                        DateOrder::DayFirst
                    } else {
                        DateOrder::MonthFirst
                    },
                    OrderDecision::Mixed {
                        month_first: e.month_first,
                        day_first: e.day_first,
                    },
                )),
                (None, None) if e.ambiguous == 0 => {
                    Some((DateOrder::default(), OrderDecision::NotNeeded))
                }
                (None, None) => None,
            }
        })
        .collect();
    // A column the data does not settle follows one of the same file that it does:
    // one program wrote them all.
    let settled = cols.iter().zip(&decided).find_map(|(&c, d)| match d {
        Some((order, OrderDecision::Data { .. } | OrderDecision::Mixed { .. })) => {
            Some((*order, input.headers[c].clone()))
        }
        _ => None,
    });
    for (k, d) in decided.iter_mut().enumerate() {
        if d.is_none() {
            *d = Some(match &settled {
                Some((order, header)) => (
                    *order,
                    OrderDecision::LikeColumn {
                        header: header.clone(),
                    },
                ),
                None => {
                    let separator = seen[k].separator.unwrap_or(b'/');
                    let order = if separator == b'.' {
                        DateOrder::DayFirst
                    } else {
                        DateOrder::MonthFirst
                    };
                    (
                        order,
                        OrderDecision::Assumed {
                            separator: separator as char,
                        },
                    )
                }
            });
        }
    }
    input.dates.clear();
    for (&c, d) in cols.iter().zip(decided) {
        let (order, decision) = d.unwrap_or((DateOrder::default(), OrderDecision::NotNeeded));
        input.date_orders[c] = order;
        input.dates.push(DateColumn {
            column: c,
            header: input.headers[c].clone(),
            order,
            decided: decision,
        });
    }
    Ok(())
}
