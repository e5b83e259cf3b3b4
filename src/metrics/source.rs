//! Where the pass gets its records: CSV parsing, cut into batches, either on the
//! folding thread itself or on a reader thread of its own that runs ahead by a few
//! batches. Both hand over the same records in the same order, so the fold (and
//! every result) is the same whichever is used.

use std::sync::mpsc;

use anyhow::{Context, Result};

use crate::ingest::{self, InputFile, RecordGuard};

/// Records per batch, and the bytes after which a batch is handed over early.
const BATCH_RECORDS: usize = 1024;
const BATCH_BYTES: u64 = 1 << 20;
/// A record buffer that grew past this is dropped rather than kept for reuse, so
/// one large record does not pin its memory in a recycled batch.
const KEEP_RECORD_BYTES: u64 = 16 << 10;
/// Batches the reader thread may run ahead of the fold.
const AHEAD: usize = 4;

/// How reading a file ended.
pub enum End {
    /// The whole file was read.
    Eof,
    /// A record runs past the size limit from `line` on; the rest is not read.
    TooLarge { line: u64 },
    /// The file could not be opened or parsed any further.
    Failed(anyhow::Error),
}

/// Consecutive records of one file.
pub struct Batch {
    /// Index of the file in the pass's inputs.
    pub file: usize,
    records: Vec<csv::ByteRecord>,
    /// Per record: its size in bytes as read.
    sizes: Vec<u64>,
    len: usize,
    /// Set on the file's last batch.
    pub end: Option<End>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            file: 0,
            records: Vec::new(),
            sizes: Vec::new(),
            len: 0,
            end: None,
        }
    }

    /// The records with their sizes in bytes.
    pub fn records(&self) -> impl Iterator<Item = (&csv::ByteRecord, u64)> {
        self.records[..self.len]
            .iter()
            .zip(&self.sizes[..self.len])
            .map(|(r, &s)| (r, s))
    }

    /// Empties the batch for reuse, dropping any buffer a large record grew.
    fn clear(&mut self) {
        for (r, s) in self.records[..self.len].iter_mut().zip(&self.sizes) {
            if *s > KEEP_RECORD_BYTES {
                *r = csv::ByteRecord::new();
            }
        }
        self.len = 0;
        self.end = None;
    }
}

/// Reads the files in the given order into batches.
struct Parser<'i> {
    inputs: &'i [InputFile],
    order: std::vec::IntoIter<usize>,
    current: Option<Open>,
}

/// The file being read.
struct Open {
    file: usize,
    reader: csv::Reader<Box<dyn std::io::Read>>,
    guard: RecordGuard,
    /// Where the next record starts in the stream, and on which line.
    record_start: u64,
    next_line: u64,
    rows: u64,
}

impl<'i> Parser<'i> {
    fn new(inputs: &'i [InputFile], order: Vec<usize>) -> Self {
        Parser {
            inputs,
            order: order.into_iter(),
            current: None,
        }
    }

    fn open(&self, file: usize) -> Result<Open> {
        let input = &self.inputs[file];
        let (mut reader, guard) = ingest::open_guarded(input)?;
        reader
            .byte_headers()
            .with_context(|| format!("cannot read the header of {}", input.display_name()))?;
        let record_start = reader.position().byte();
        Ok(Open {
            file,
            reader,
            guard,
            record_start,
            next_line: 2,
            rows: 0,
        })
    }

    /// Fills `batch` with the next records; false when every file has been read.
    fn fill(&mut self, batch: &mut Batch) -> bool {
        batch.clear();
        let mut open = match self.current.take() {
            Some(open) => open,
            None => {
                let Some(file) = self.order.next() else {
                    return false;
                };
                batch.file = file;
                match self.open(file) {
                    Ok(open) => open,
                    Err(e) => {
                        batch.end = Some(End::Failed(e));
                        return true;
                    }
                }
            }
        };
        batch.file = open.file;
        let input = &self.inputs[open.file];
        let mut bytes = 0;
        while batch.len < BATCH_RECORDS && bytes < BATCH_BYTES {
            if batch.records.len() == batch.len {
                batch.records.push(csv::ByteRecord::new());
                batch.sizes.push(0);
            }
            match open.reader.read_byte_record(&mut batch.records[batch.len]) {
                Ok(true) => {
                    let end = open.reader.position().byte();
                    let size = end - open.record_start;
                    open.record_start = end;
                    open.guard.record_ended(end);
                    open.next_line = open.reader.position().line();
                    open.rows += 1;
                    batch.sizes[batch.len] = size;
                    batch.len += 1;
                    bytes += size;
                }
                Ok(false) => {
                    batch.end = Some(End::Eof);
                    return true;
                }
                Err(e) if ingest::is_record_too_large(&e) => {
                    batch.end = Some(End::TooLarge {
                        line: open.next_line + input.crlf as u64,
                    });
                    return true;
                }
                Err(e) => {
                    let line = e
                        .position()
                        .map_or(open.rows + 1, |p| p.line() + input.crlf as u64);
                    batch.end = Some(End::Failed(anyhow::anyhow!(
                        "{}: cannot read past line {line}: {e}",
                        input.display_name()
                    )));
                    return true;
                }
            }
        }
        self.current = Some(open);
        true
    }
}

/// Hands the fold its batches, in file order.
pub struct Source<'i>(Kind<'i>);

enum Kind<'i> {
    /// Parsed on the calling thread when asked.
    Inline {
        parser: Box<Parser<'i>>,
        batch: Batch,
    },
    /// Parsed ahead on a reader thread.
    Threaded {
        full: mpsc::Receiver<Batch>,
        empty: mpsc::SyncSender<Batch>,
    },
}

impl<'i> Source<'i> {
    /// Reads the files `order` names on the calling thread.
    pub fn inline(inputs: &'i [InputFile], order: Vec<usize>) -> Self {
        Source(Kind::Inline {
            parser: Box::new(Parser::new(inputs, order)),
            batch: Batch::new(),
        })
    }

    /// Reads the files `order` names on a thread spawned in `scope`. The thread
    /// ends when every file is read or when the source is dropped.
    pub fn threaded<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        inputs: &'i [InputFile],
        order: Vec<usize>,
    ) -> Self
    where
        'i: 'scope,
    {
        let (full_tx, full) = mpsc::sync_channel::<Batch>(AHEAD);
        let (empty, empty_rx) = mpsc::sync_channel::<Batch>(AHEAD + 2);
        scope.spawn(move || {
            let mut parser = Parser::new(inputs, order);
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_else(|_| Batch::new());
                if !parser.fill(&mut batch) || full_tx.send(batch).is_err() {
                    return;
                }
            }
        });
        Source(Kind::Threaded { full, empty })
    }

    /// The next batch; None when every file has been read.
    pub fn next(&mut self) -> Option<Batch> {
        match &mut self.0 {
            Kind::Inline { parser, batch } => {
                let mut b = std::mem::replace(batch, Batch::new());
                parser.fill(&mut b).then_some(b)
            }
            Kind::Threaded { full, .. } => full.recv().ok(),
        }
    }

    /// Gives a batch back for reuse.
    pub fn recycle(&mut self, batch: Batch) {
        match &mut self.0 {
            Kind::Inline { batch: spare, .. } => *spare = batch,
            Kind::Threaded { empty, .. } => {
                let _ = empty.try_send(batch);
            }
        }
    }
}
