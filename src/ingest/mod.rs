//! Files -> canonical tables: find the CSV files, decide each one's encoding,
//! delimiter and vendor, recognise its table from its header, map its columns to
//! canonical fields, decide the day/month order of its date columns, and hand out
//! its rows.
//!
//! In the order a file meets them: `input` finds the files and prepares each
//! into an [`InputFile`]; `sniff` reads its head (encoding, delimiter, header
//! row), from the input opened once by `stream`; `recognise` decides its table, through `columns`, which maps headers
//! to fields; `dates` decides its date columns' day/month order; `reader`
//! streams its records, resynchronising after a broken quote. `preset` and `quirks` hold what is
//! particular to one vendor's exports, `values` how cells are read.

mod columns;
mod dates;
pub mod encoding;
mod input;
pub mod lookup;
pub mod preset;
pub mod quirks;
mod reader;
mod recognise;
mod sniff;
pub mod stream;
mod synonyms;
pub mod values;

pub use columns::{ColumnOverrides, Fields, Mapping, MatchKind, map_columns};
pub use dates::{DATE_SAMPLE_ROWS, DateColumn, OrderDecision, date_columns, decide_dates};
pub use encoding::TextEncoding;
pub use input::{Expanded, InputFile, ReadOptions, Unrecognised, expand, expand_paths, prepare};
pub use preset::Preset;
pub use reader::{
    MAX_HEADER_BYTES, MAX_RECORD_BYTES, MAX_RECORD_LINES, Next, Records, Span, has_replacement,
    open_records,
};
pub use recognise::{Recognised, force, recognise, recognise_ranked};
pub use sniff::{Sniffed, delimiter_name, parse_delimiter, sniff};
pub use stream::{Opened, PREFIX_BYTES};
