//! Streaming a file's records, as UTF-8, with a guard that refuses a record
//! growing past the size limit instead of reading it into memory whole.

use std::fmt;
use std::fs::File;
use std::io::Read;

use anyhow::{Context, Result};

use super::InputFile;
use super::encoding;

/// The most one record (a row with all its fields) may hold unless
/// `--max-record-size` says otherwise. A quote that is never closed makes the rest
/// of a file one field; past this the record is refused instead of being read into
/// memory whole.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// The error a guarded reader gives when a record runs past its limit.
#[derive(Debug)]
pub struct RecordTooLarge;

impl fmt::Display for RecordTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record runs past the record size limit")
    }
}

impl std::error::Error for RecordTooLarge {}

/// Where the current record started, as the CSV parser reports it; the guarded
/// reader refuses to hand over more than the limit beyond it.
#[derive(Clone, Default)]
pub struct RecordGuard {
    read: std::rc::Rc<std::cell::Cell<u64>>,
    mark: std::rc::Rc<std::cell::Cell<u64>>,
}

impl RecordGuard {
    /// The parser finished a record at byte `at` of the stream.
    pub fn record_ended(&self, at: u64) {
        self.mark.set(at);
    }
}

struct Guarded<R> {
    inner: R,
    guard: RecordGuard,
    limit: u64,
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let g = &self.guard;
        if g.read.get().saturating_sub(g.mark.get()) > self.limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RecordTooLarge,
            ));
        }
        let n = self.inner.read(buf)?;
        g.read.set(g.read.get() + n as u64);
        Ok(n)
    }
}

/// True when a CSV error is a guarded reader refusing an oversized record.
pub fn is_record_too_large(e: &csv::Error) -> bool {
    match e.kind() {
        csv::ErrorKind::Io(io) => io
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<RecordTooLarge>().is_some()),
        _ => false,
    }
}

/// Opens a file for streaming its records (after the header), with a guard that
/// stops a record from growing past the file's `max_record` bytes (plus the
/// parser's read-ahead).
pub fn open_guarded(input: &InputFile) -> Result<(csv::Reader<Box<dyn Read>>, RecordGuard)> {
    let file =
        File::open(&input.path).with_context(|| format!("cannot open {}", input.path.display()))?;
    let guard = RecordGuard::default();
    let guarded: Box<dyn Read> = Box::new(Guarded {
        inner: encoding::utf8_stream(file, input.encoding),
        guard: guard.clone(),
        limit: input.max_record + 2 * (1 << 16),
    });
    let reader = csv::ReaderBuilder::new()
        .delimiter(input.delimiter)
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(guarded);
    Ok((reader, guard))
}
