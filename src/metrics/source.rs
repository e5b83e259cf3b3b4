//! Where the pass gets its records: CSV parsing, cut into batches, either on the
//! folding thread itself or on a reader thread of its own that runs ahead by a few
//! batches. Both hand over the same records in the same order, so the fold (and
//! every result) is the same whichever is used.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use anyhow::Result;

use crate::ingest::{self, InputFile, Next, Records};
use crate::model::Table;

use super::ahead::{Ahead, Looked};
use super::join::names_its_account;
use super::prepare::{Memo, Parsed, Prep, Prepared};

/// Records per batch, and the bytes after which a batch is handed over early.
const BATCH_RECORDS: usize = 512;
const BATCH_BYTES: usize = 256 << 10;
/// A batch whose text buffer grew past this (a very large record) gives the
/// memory back when it is recycled.
const KEEP_BYTES: usize = 4 * BATCH_BYTES;
/// Batches the reader thread may run ahead of the fold.
const AHEAD: usize = 4;

/// How reading a file ended.
pub enum End {
    /// The whole file was read.
    Eof,
    /// The file could not be opened or read any further.
    Failed(anyhow::Error),
}

/// One record of a batch: its fields, where it is in its file, and its size.
#[derive(Clone, Copy)]
pub struct Record<'b> {
    data: &'b [u8],
    /// Where each field ends in `data`.
    ends: &'b [usize],
    /// The line the record starts on.
    pub line: u64,
    /// Where the record ends in the (UTF-8) stream.
    pub byte: u64,
    /// Its size in bytes as read.
    pub size: u64,
}

impl<'b> Record<'b> {
    /// How many fields the record has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&'b [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.data[start..end])
    }

    /// Every field's bytes, one after the other.
    pub fn bytes(&self) -> &'b [u8] {
        self.data
    }
}

impl ingest::Fields for Record<'_> {
    #[inline]
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }

    fn field_count(&self) -> usize {
        self.len()
    }
}

/// Where a record's parts are in its batch.
#[derive(Clone, Copy, Default)]
struct Meta {
    data: usize,
    ends: usize,
    fields: usize,
    line: u64,
    byte: u64,
    size: u64,
}

impl Meta {
    /// The record this places in a batch's buffers.
    fn record<'b>(&self, data: &'b [u8], ends: &'b [usize]) -> Record<'b> {
        Record {
            data: &data[self.data..],
            ends: &ends[self.ends..self.ends + self.fields],
            line: self.line,
            byte: self.byte,
            size: self.size,
        }
    }
}

/// Consecutive records of one file, each with what it says by itself, kept in
/// a few flat buffers: the fold reads them in order, with as few cache lines
/// and allocations per record as possible (they were written on another core).
pub struct Batch {
    /// Index of the file in the pass's inputs.
    pub file: usize,
    data: Vec<u8>,
    ends: Vec<usize>,
    meta: Vec<Meta>,
    prepared: Prepared,
    /// Per record: its ids as looked up ahead, once the indexes are published.
    looked: Vec<Option<Looked>>,
    /// Lines that could not be read as records, whether a broken quote made it
    /// so, and the reason.
    pub lost: Vec<(u64, bool, String)>,
    /// Lines of records with bytes the file's encoding could not read.
    pub replaced: Vec<u64>,
    /// Set on the file's last batch.
    pub end: Option<End>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            file: 0,
            data: Vec::new(),
            ends: Vec::new(),
            meta: Vec::new(),
            prepared: Prepared::default(),
            looked: Vec::new(),
            lost: Vec::new(),
            replaced: Vec::new(),
            end: None,
        }
    }

    /// The first and last day of the batch's records, by the date that dates
    /// each row of its table.
    pub fn span(&self) -> Option<(i64, i64)> {
        self.prepared.span
    }

    /// The records with what each says by itself.
    pub fn records(&self) -> impl Iterator<Item = (Record<'_>, Parsed<'_>)> {
        (0..self.meta.len()).map(|k| self.record(k))
    }

    /// Record `k` of the batch with what it says by itself.
    pub fn record(&self, k: usize) -> (Record<'_>, Parsed<'_>) {
        (
            self.meta[k].record(&self.data, &self.ends),
            self.prepared.row(k),
        )
    }

    /// Record `k`'s ids as looked up ahead, if they were.
    pub fn looked(&self, k: usize) -> Option<Looked> {
        self.looked.get(k).copied().flatten()
    }

    /// Every record's ids that were looked up ahead.
    pub fn all_looked(&self) -> impl Iterator<Item = Looked> + '_ {
        self.looked.iter().flatten().copied()
    }

    /// Appends a parsed record.
    fn push(&mut self, record: &csv::ByteRecord, line: u64, byte: u64, size: u64) {
        let meta = Meta {
            data: self.data.len(),
            ends: self.ends.len(),
            fields: record.len(),
            line,
            byte,
            size,
        };
        self.data.extend_from_slice(record.as_slice());
        let mut end = 0;
        for field in record {
            end += field.len();
            self.ends.push(end);
        }
        self.meta.push(meta);
    }

    /// The record last pushed, and where to note what it says by itself.
    fn last(&mut self) -> (Record<'_>, &mut Prepared) {
        let m = self.meta.last().expect("a record was pushed");
        (m.record(&self.data, &self.ends), &mut self.prepared)
    }

    /// Makes room for a full batch of records of up to `columns` columns and
    /// `width` fields of their table. The buffers keep their size when the
    /// batch is recycled, so each batch allocates once per buffer in the whole
    /// pass, whichever files it happens to serve.
    fn reserve(&mut self, (columns, width): (usize, usize)) {
        self.data.reserve(BATCH_BYTES);
        self.ends.reserve(columns * BATCH_RECORDS);
        self.meta.reserve(BATCH_RECORDS);
        self.looked.reserve(BATCH_RECORDS);
        self.prepared.reserve(width, BATCH_RECORDS);
    }

    /// Empties the batch for reuse, giving back what a very large record grew.
    fn clear(&mut self) {
        if self.data.capacity() > KEEP_BYTES {
            self.data = Vec::new();
        }
        self.data.clear();
        self.ends.clear();
        self.meta.clear();
        self.prepared.clear();
        self.looked.clear();
        self.lost.clear();
        self.replaced.clear();
        self.end = None;
    }
}

/// Reads the files in the given order into batches.
struct Parser<'i, 'a> {
    inputs: &'i [InputFile],
    order: std::vec::IntoIter<usize>,
    current: Option<Open>,
    prep: Arc<Prep<'a>>,
    /// Per table, per field: recent short texts' keyword classes.
    memos: Vec<Vec<Memo>>,
    /// The id indexes, once the fold publishes them.
    ahead: Ahead,
    /// The most columns, and the most fields of a table, of the files to read:
    /// every batch makes room for that many once (see [`Batch::reserve`]).
    widest: (usize, usize),
}

/// The file being read.
struct Open {
    file: usize,
    reader: Records<Box<dyn std::io::Read>>,
    /// The record being read; its fields are copied into the batch.
    record: csv::ByteRecord,
}

impl<'i, 'a> Parser<'i, 'a> {
    fn new(inputs: &'i [InputFile], order: Vec<usize>, prep: Arc<Prep<'a>>, ahead: Ahead) -> Self {
        let memos = Table::ALL
            .iter()
            .map(|t| vec![Memo::default(); t.fields().len()])
            .collect();
        let widest = order.iter().fold((0, 0), |(columns, width), &f| {
            let input = &inputs[f];
            (
                columns.max(input.headers.len()),
                width.max(input.table.fields().len()),
            )
        });
        Parser {
            inputs,
            order: order.into_iter(),
            current: None,
            prep,
            memos,
            ahead,
            widest,
        }
    }

    fn open(&self, file: usize) -> Result<Open> {
        Ok(Open {
            file,
            reader: ingest::open_records(&self.inputs[file])?,
            record: csv::ByteRecord::new(),
        })
    }

    /// Fills `batch` with the next records; false when every file has been read.
    /// With `scan`, the keyword classes of the records' texts are worked out too.
    fn fill(&mut self, batch: &mut Batch, scan: bool) -> bool {
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
        let table = input.table;
        let indexes = self.ahead.get().filter(|_| names_its_account(table));
        let known = &self.prep.plans[table as usize].known;
        batch.reserve(self.widest);
        while batch.meta.len() < BATCH_RECORDS && batch.data.len() < BATCH_BYTES {
            match open.reader.next(&mut open.record) {
                Ok(Next::Record(span)) => {
                    if span.replaced {
                        batch.replaced.push(span.line);
                    }
                    batch.push(&open.record, span.line, span.end, span.size);
                    let memo = scan.then(|| self.memos[input.table as usize].as_mut_slice());
                    let (record, prepared) = batch.last();
                    self.prep.prepare(input, &record, prepared, memo);
                    let looked = indexes.map(|ix| ix.look(table, known, &input.mapping, &record));
                    batch.looked.push(looked);
                }
                Ok(Next::Lost {
                    line,
                    quote,
                    reason,
                }) => batch.lost.push((line, quote, reason)),
                Ok(Next::End) => {
                    batch.end = Some(End::Eof);
                    return true;
                }
                Err(e) => {
                    batch.end = Some(End::Failed(anyhow::anyhow!(
                        "{}: cannot read on: {e}",
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
pub struct Source<'i, 'a>(Kind<'i, 'a>);

enum Kind<'i, 'a> {
    /// Parsed on the calling thread when asked.
    Inline {
        parser: Box<Parser<'i, 'a>>,
        batch: Box<Batch>,
    },
    /// Parsed ahead on a reader thread.
    Threaded {
        full: mpsc::Receiver<Batch>,
        empty: mpsc::SyncSender<Batch>,
        /// Batches read and not yet taken by the fold.
        waiting: Arc<AtomicUsize>,
    },
}

impl<'i, 'a> Source<'i, 'a> {
    /// Reads the files `order` names on the calling thread; the fold works out
    /// the keyword classes it needs.
    pub fn inline(
        inputs: &'i [InputFile],
        order: Vec<usize>,
        prep: Arc<Prep<'a>>,
        ahead: Ahead,
    ) -> Self {
        Source(Kind::Inline {
            parser: Box::new(Parser::new(inputs, order, prep, ahead)),
            batch: Box::new(Batch::new()),
        })
    }

    /// Reads the files `order` names on a thread spawned in `scope`. While the
    /// fold is behind (batches are waiting for it), the reader also works out
    /// the keyword classes of the texts, work the fold would otherwise do: the
    /// classes are the same whoever works them out, so the results are too,
    /// and the two threads share the work whichever is busier. The thread ends
    /// when every file is read or when the source is dropped. `scan` settles
    /// who works out the classes instead (for tests).
    pub fn threaded<'scope>(
        scope: &'scope std::thread::Scope<'scope, '_>,
        inputs: &'i [InputFile],
        order: Vec<usize>,
        prep: Arc<Prep<'a>>,
        ahead: Ahead,
        scan: Option<bool>,
    ) -> Self
    where
        'i: 'scope,
        'a: 'scope,
    {
        let (full_tx, full) = mpsc::sync_channel::<Batch>(AHEAD);
        let (empty, empty_rx) = mpsc::sync_channel::<Batch>(AHEAD + 2);
        let waiting = Arc::new(AtomicUsize::new(0));
        let queued = waiting.clone();
        scope.spawn(move || {
            let mut parser = Parser::new(inputs, order, prep, ahead);
            // At most this many batches exist: once made, they go round and round.
            let mut made = 0;
            loop {
                let mut batch = match empty_rx.try_recv() {
                    Ok(batch) => batch,
                    Err(_) if made < AHEAD + 2 => {
                        made += 1;
                        Batch::new()
                    }
                    Err(_) => match empty_rx.recv() {
                        Ok(batch) => batch,
                        // The fold stopped.
                        Err(_) => return,
                    },
                };
                let behind = queued.load(Ordering::Relaxed) >= AHEAD / 2;
                if !parser.fill(&mut batch, scan.unwrap_or(behind)) {
                    return;
                }
                queued.fetch_add(1, Ordering::Relaxed);
                if full_tx.send(batch).is_err() {
                    return;
                }
            }
        });
        Source(Kind::Threaded {
            full,
            empty,
            waiting,
        })
    }

    /// The next batch; None when every file has been read.
    pub fn next(&mut self) -> Option<Batch> {
        match &mut self.0 {
            Kind::Inline { parser, batch } => {
                let mut b = std::mem::replace(&mut **batch, Batch::new());
                parser.fill(&mut b, false).then_some(b)
            }
            Kind::Threaded { full, waiting, .. } => {
                let batch = full.recv().ok()?;
                waiting.fetch_sub(1, Ordering::Relaxed);
                Some(batch)
            }
        }
    }

    /// Gives a batch back for reuse.
    pub fn recycle(&mut self, batch: Batch) {
        match &mut self.0 {
            Kind::Inline { batch: spare, .. } => **spare = batch,
            Kind::Threaded { empty, .. } => {
                let _ = empty.try_send(batch);
            }
        }
    }
}
