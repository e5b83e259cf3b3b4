//! Streaming a file's records, as UTF-8: [`Records`] reads them line by line and
//! resynchronises after a broken quote, losing only the lines it spans, and
//! refuses a record growing past the size limit instead of reading it into
//! memory whole.

use std::io::{BufRead, Read};

use anyhow::{Context, Result};

use super::InputFile;
use super::encoding;

/// The most one record (a row with all its fields) may hold unless
/// `--max-record-size` says otherwise. A quote that is never closed makes the rest
/// of a file one field; past this the record is refused instead of being read into
/// memory whole.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Opens an input for streaming its records after the header, as the pass
/// reads them: transcoded to UTF-8, resynchronised after a broken quote, and no
/// record over the file's `max_record` bytes. Every reader of an export's rows
/// goes through here.
pub fn open_records(input: &InputFile) -> Result<Records<Box<dyn Read>>> {
    let stream = input
        .source
        .take()
        .with_context(|| format!("cannot read {}", input.display_name()))?;
    let mut reader = Records::new(
        encoding::utf8_stream(stream, input.encoding),
        input.delimiter,
        MAX_HEADER_BYTES.max(input.max_record),
    );
    let mut header = csv::ByteRecord::new();
    match reader.next(&mut header) {
        Ok(Next::Record(_)) => {}
        Ok(_) => anyhow::bail!("{}: the header row is gone", input.display_name()),
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot read the header of {}", input.display_name()));
        }
    }
    reader.expect_width(input.headers.len());
    reader.set_max_bytes(input.max_record);
    Ok(reader)
}

/// The most lines one record may span: a quote still open after this many lines
/// is taken as a quote that is never closed.
pub const MAX_RECORD_LINES: u64 = 100;

/// The most a header row may hold, in bytes: a file whose header is longer is
/// reported as unusable, and the other files are read.
pub const MAX_HEADER_BYTES: u64 = 1 << 20;

/// What [`Records::next`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A record, now in the caller's `ByteRecord`.
    Record(Span),
    /// A line that could not be read as (the start of) a record: reading resumes
    /// at the next line. The line is lost, and the reason says why; `quote` when
    /// a broken quote made it so (else the line was over the size limit).
    Lost {
        line: u64,
        quote: bool,
        reason: String,
    },
    /// The end of the input.
    End,
}

/// Where a record is in its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The line it starts on (the header is line 1).
    pub line: u64,
    /// How many lines it spans.
    pub lines: u64,
    /// Where it ends in the UTF-8 stream.
    pub end: u64,
    /// Its size in bytes as read.
    pub size: u64,
    /// It holds bytes that are not valid UTF-8, or replacement characters put in
    /// for bytes the file's encoding has no character for.
    pub replaced: bool,
}

/// One buffered line: where it ends in the pending buffer, its number, and
/// whether it was cut for running past the byte limit.
#[derive(Debug, Clone, Copy)]
struct Line {
    end: usize,
    number: u64,
    cut: bool,
    /// Its whole length as read, with what was cut.
    total: u64,
}

/// Reads records line by line, so that a broken quote costs only the lines it
/// really spans: a record whose quote is still open after [`MAX_RECORD_LINES`]
/// lines or past the byte limit, or which closes a quote many lines on only to
/// have a field count other than the header's (a stray quote), is rejected at
/// its first line and reading resumes at the line after. Line numbers count
/// LF, CRLF and CR alike; a byte-order mark at the start of any line is dropped.
/// Memory is bounded by the byte limit (what a record may span is buffered, no
/// more).
pub struct Records<R> {
    src: std::io::BufReader<R>,
    delimiter: u8,
    /// The field count of the header, once known.
    width: Option<usize>,
    max_bytes: u64,
    max_lines: u64,
    /// Lines read, back to back; those before `base` are consumed.
    pending: Vec<u8>,
    base: usize,
    lines: std::collections::VecDeque<Line>,
    /// The number the next line read gets.
    next_number: u64,
    /// Bytes of the stream consumed by records and lost lines.
    consumed: u64,
    eof: bool,
    /// The record being parsed: its fields so far, the field being read, the
    /// parser's state and how many pending lines it has parsed.
    cur: csv::ByteRecord,
    field: Vec<u8>,
    state: S,
    parsed: usize,
}

impl<R: Read> Records<R> {
    pub fn new(src: R, delimiter: u8, max_bytes: u64) -> Self {
        Records {
            src: std::io::BufReader::with_capacity(1 << 16, src),
            delimiter,
            width: None,
            max_bytes,
            max_lines: MAX_RECORD_LINES,
            pending: Vec::new(),
            base: 0,
            lines: std::collections::VecDeque::new(),
            next_number: 1,
            consumed: 0,
            eof: false,
            cur: csv::ByteRecord::new(),
            field: Vec::new(),
            state: S::Start,
            parsed: 0,
        }
    }

    /// The field count a record spanning lines must have (the header's).
    pub fn expect_width(&mut self, width: usize) {
        self.width = Some(width);
    }

    /// The most bytes a record may hold from here on.
    pub fn set_max_bytes(&mut self, max: u64) {
        self.max_bytes = max;
    }

    /// Reads one line into the pending buffer; false at the end of the input.
    /// A line past the byte limit is cut there and the rest of it skipped.
    fn read_line(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let start = self.pending.len();
        let cap = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut cut = false;
        let mut total = 0u64;
        let mut any = false;
        let mut ended_cr = false;
        loop {
            let buf = match self.src.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                self.eof = true;
                break;
            }
            any = true;
            let stop = memchr::memchr2(b'\n', b'\r', buf);
            let take = stop.map_or(buf.len(), |i| i + 1);
            let room = cap.saturating_sub(self.pending.len() - start);
            if take > room {
                cut = true;
            }
            self.pending.extend_from_slice(&buf[..take.min(room)]);
            total += take as u64;
            ended_cr = stop.is_some_and(|i| buf[i] == b'\r');
            self.src.consume(take);
            if stop.is_some() {
                break;
            }
        }
        if ended_cr {
            // CRLF is one line break.
            let next = loop {
                match self.src.fill_buf() {
                    Ok(b) => break b.first().copied(),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            if next == Some(b'\n') {
                total += 1;
                if !cut {
                    self.pending.push(b'\n');
                }
                self.src.consume(1);
            }
        }
        if !any {
            return Ok(false);
        }
        self.lines.push_back(Line {
            end: self.pending.len(),
            number: self.next_number,
            cut,
            total,
        });
        self.next_number += 1;
        Ok(true)
    }

    /// Drops the first `n` pending lines; the next parse starts after them. The
    /// buffer is compacted only once the consumed part is over half of it, so a
    /// record costs no move of the lines after it.
    fn drop_lines(&mut self, n: usize) {
        self.restart();
        let Some(last) = self.lines.get(n - 1).copied() else {
            return;
        };
        self.lines.drain(..n);
        if self.lines.is_empty() {
            self.pending.clear();
            self.base = 0;
        } else if last.end > self.pending.len() / 2 {
            self.pending.drain(..last.end);
            for l in &mut self.lines {
                l.end -= last.end;
            }
            self.base = 0;
        } else {
            self.base = last.end;
        }
    }

    /// The size in bytes of the first `n` pending lines.
    fn lines_size(&self, n: usize) -> usize {
        self.lines[n - 1].end - self.base
    }

    /// A record on one line without a quote, read straight from the input's
    /// buffer when the whole line is there; `None` leaves every other case (a
    /// quote, a blank or overlong line, a line across the buffer's end) to
    /// [`Records::next`].
    fn next_plain(&mut self, record: &mut csv::ByteRecord) -> std::io::Result<Option<Span>> {
        if !self.lines.is_empty() || self.eof {
            return Ok(None);
        }
        let buf = match self.src.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => return Ok(None),
            Err(e) => return Err(e),
        };
        let Some(stop) = memchr::memchr2(b'\n', b'\r', buf) else {
            return Ok(None);
        };
        let take = match buf[stop] {
            b'\r' => match buf.get(stop + 1) {
                Some(b'\n') => stop + 2,
                Some(_) => stop + 1,
                None => return Ok(None),
            },
            _ => stop + 1,
        };
        if take as u64 > self.max_bytes {
            return Ok(None);
        }
        let text = &buf[..stop];
        let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        if text.is_empty() || memchr::memchr(b'"', text).is_some() {
            return Ok(None);
        }
        record.clear();
        let mut from = 0;
        for at in memchr::memchr_iter(self.delimiter, text) {
            record.push_field(&text[from..at]);
            from = at + 1;
        }
        record.push_field(&text[from..]);
        self.src.consume(take);
        let size = take as u64;
        self.consumed += size;
        let line = self.next_number;
        self.next_number += 1;
        Ok(Some(Span {
            line,
            lines: 1,
            end: self.consumed,
            size,
            replaced: has_replacement(record.as_slice()),
        }))
    }

    /// The next record into `record`, a line lost, or the end.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> std::io::Result<Next> {
        if let Some(span) = self.next_plain(record)? {
            return Ok(Next::Record(span));
        }
        loop {
            if self.lines.is_empty() && !self.read_line()? {
                return Ok(Next::End);
            }
            let first = self.lines[0];
            if first.cut {
                let size = self.lines_size(1) as u64;
                self.consumed += size;
                self.drop_lines(1);
                return Ok(Next::Lost {
                    line: first.number,
                    quote: false,
                    reason: format!(
                        "a record of {} bytes is over the limit of {} bytes \
                         (--max-record-size raises the limit)",
                        first.total, self.max_bytes
                    ),
                });
            }
            match self.parse() {
                Parse::Blank => {
                    self.consumed += self.lines_size(1) as u64;
                    self.drop_lines(1);
                }
                Parse::Record { lines } => {
                    let size = self.lines_size(lines) as u64;
                    self.consumed += size;
                    let span_lines = lines as u64;
                    std::mem::swap(record, &mut self.cur);
                    let replaced = has_replacement(record.as_slice());
                    self.drop_lines(lines);
                    return Ok(Next::Record(Span {
                        line: first.number,
                        lines: span_lines,
                        end: self.consumed,
                        size,
                        replaced,
                    }));
                }
                Parse::Stray { lines, fields } => {
                    self.consumed += self.lines_size(1) as u64;
                    self.drop_lines(1);
                    return Ok(Next::Lost {
                        line: first.number,
                        quote: true,
                        reason: format!(
                            "a stray quote: the record starting here would run over {lines} lines \
                             with {fields} fields instead of {}; this line is left out and reading \
                             goes on at the next one",
                            self.width.unwrap_or(0)
                        ),
                    });
                }
                Parse::Open => {
                    let spanned = self.lines.len() as u64;
                    let bytes = (self.pending.len() - self.base) as u64;
                    let over = spanned >= self.max_lines || bytes > self.max_bytes;
                    if !over && self.read_line()? && !self.lines.back().is_some_and(|l| l.cut) {
                        continue;
                    }
                    let why = if self.eof && !over {
                        "a quote opened on this line is never closed".to_string()
                    } else {
                        format!(
                            "a quote opened on this line is still open {} lines or {} bytes on, \
                             most likely never closed (--max-record-size raises the byte limit)",
                            self.max_lines, self.max_bytes
                        )
                    };
                    self.consumed += self.lines_size(1) as u64;
                    self.drop_lines(1);
                    return Ok(Next::Lost {
                        line: first.number,
                        quote: true,
                        reason: format!(
                            "{why}; this line is left out and reading goes on at the next one"
                        ),
                    });
                }
            }
        }
    }

    /// Parses on from where the last call stopped, over the lines read since:
    /// each line of a record is looked at once, however many lines it spans.
    fn parse(&mut self) -> Parse {
        let mut line_start = match self.parsed {
            0 => self.base,
            n => self.lines[n - 1].end,
        };
        while self.parsed < self.lines.len() {
            let k = self.parsed;
            let line = self.lines[k];
            let mut bytes = &self.pending[line_start..line.end];
            if k == 0 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                if bytes.iter().all(|&b| b == b'\n' || b == b'\r') {
                    return Parse::Blank;
                }
                if memchr::memchr(b'"', bytes).is_none() {
                    // No quote: the fields are the line split at each delimiter,
                    // pushed straight from the buffer.
                    let end = bytes
                        .iter()
                        .rposition(|&b| b != b'\n' && b != b'\r')
                        .map_or(0, |i| i + 1);
                    let text = &bytes[..end];
                    let mut from = 0;
                    for at in memchr::memchr_iter(self.delimiter, text) {
                        self.cur.push_field(&text[from..at]);
                        from = at + 1;
                    }
                    self.cur.push_field(&text[from..]);
                    self.parsed = 1;
                    return Parse::Record { lines: 1 };
                }
            }
            let state = scan(
                bytes,
                self.delimiter,
                self.state,
                &mut self.field,
                &mut self.cur,
            );
            self.state = state;
            self.parsed += 1;
            line_start = line.end;
            if state != S::Quoted {
                self.cur.push_field(&self.field);
                let lines = k + 1;
                if lines > 1
                    && let Some(w) = self.width
                    && self.cur.len() != w
                {
                    return Parse::Stray {
                        lines,
                        fields: self.cur.len(),
                    };
                }
                return Parse::Record { lines };
            }
        }
        Parse::Open
    }

    /// Forgets a record begun: the next parse starts at the first pending line.
    fn restart(&mut self) {
        self.cur.clear();
        self.field.clear();
        self.state = S::Start;
        self.parsed = 0;
    }
}

/// Where the parser is within a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum S {
    Start,
    Plain,
    Quoted,
    QuoteInQuoted,
}

/// Runs the parser over one line's `bytes` from `state`: the fields it ends go
/// into `record`, the one still open into `field`; the state after is returned.
/// Line breaks are kept only inside quotes (they come only at a line's end).
/// Runs of bytes that change nothing are copied at once, not byte by byte.
fn scan(
    mut bytes: &[u8],
    delimiter: u8,
    mut state: S,
    field: &mut Vec<u8>,
    record: &mut csv::ByteRecord,
) -> S {
    while let Some((&b, rest)) = bytes.split_first() {
        let eol = b == b'\n' || b == b'\r';
        match state {
            S::Start | S::Plain if eol => bytes = rest,
            S::Start if b == b'"' => {
                state = S::Quoted;
                bytes = rest;
            }
            S::Start | S::Plain if b == delimiter => {
                record.push_field(field);
                field.clear();
                state = S::Start;
                bytes = rest;
            }
            S::Start | S::Plain => {
                // Up to the next delimiter or line break, everything is the field's.
                let run = memchr::memchr3(delimiter, b'\n', b'\r', rest).map_or(rest.len(), |i| i);
                field.push(b);
                field.extend_from_slice(&rest[..run]);
                state = S::Plain;
                bytes = &rest[run..];
            }
            S::Quoted => {
                let run = memchr::memchr(b'"', bytes).unwrap_or(bytes.len());
                field.extend_from_slice(&bytes[..run]);
                if run < bytes.len() {
                    state = S::QuoteInQuoted;
                    bytes = &bytes[run + 1..];
                } else {
                    bytes = &[];
                }
            }
            S::QuoteInQuoted if b == b'"' => {
                field.push(b'"');
                state = S::Quoted;
                bytes = rest;
            }
            S::QuoteInQuoted if b == delimiter => {
                record.push_field(field);
                field.clear();
                state = S::Start;
                bytes = rest;
            }
            S::QuoteInQuoted if eol => bytes = rest,
            S::QuoteInQuoted => {
                field.push(b);
                state = S::Plain;
                bytes = rest;
            }
        }
    }
    state
}

enum Parse {
    Blank,
    Record { lines: usize },
    Stray { lines: usize, fields: usize },
    Open,
}

/// Whether bytes are not valid UTF-8 or hold U+FFFD (what a decoder puts in for
/// bytes it cannot read).
pub fn has_replacement(bytes: &[u8]) -> bool {
    // ASCII is valid UTF-8 and cannot hold U+FFFD: most records end at the first test.
    !bytes.is_ascii()
        && (std::str::from_utf8(bytes).is_err()
            || memchr::memmem::find(bytes, "\u{FFFD}".as_bytes()).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of a text, records as their fields joined by `|`.
    fn events(text: &[u8], width: usize, max: u64) -> Vec<(u64, String)> {
        let mut r = Records::new(text, b',', max);
        r.expect_width(width);
        let mut record = csv::ByteRecord::new();
        let mut out = Vec::new();
        loop {
            match r.next(&mut record).unwrap() {
                Next::Record(span) => {
                    let fields: Vec<String> = record
                        .iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect();
                    out.push((span.line, fields.join("|")));
                }
                Next::Lost { line, .. } => out.push((line, "LOST".to_string())),
                Next::End => return out,
            }
        }
    }

    #[test]
    fn line_breaks_of_every_kind_count_once() {
        let want = vec![
            (1, "a|b".to_string()),
            (2, "1|x\ny".to_string()),
            (4, "2|z".to_string()),
        ];
        assert_eq!(events(b"a,b\n1,\"x\ny\"\n2,z\n", 2, 1024), want);
        assert_eq!(
            events(b"a,b\r\n1,\"x\ny\"\r\n2,z", 2, 1024)[2],
            (4, "2|z".to_string())
        );
        assert_eq!(
            events(b"a,b\r1,\"x\ry\"\r2,z\r", 2, 1024)[2],
            (4, "2|z".to_string())
        );
    }

    #[test]
    fn quotes_read_as_the_csv_crate_reads_them() {
        assert_eq!(
            events(b"\"a\"\"b\",\"c\"d,e\"f\n", 3, 1024),
            vec![(1, "a\"b|cd|e\"f".to_string())]
        );
    }

    #[test]
    fn a_broken_quote_loses_its_line_and_reading_resumes() {
        let mut text = b"h1,h2\n1,\"open\n".to_vec();
        for i in 0..150 {
            text.extend_from_slice(format!("{i},ok\n").as_bytes());
        }
        let got = events(&text, 2, 1 << 20);
        assert_eq!(got[1], (2, "LOST".to_string()));
        assert_eq!(got[2], (3, "0|ok".to_string()));
        assert_eq!(got.len(), 152);
        // A stray quote closed lines later on a record of the wrong width.
        let got = events(b"h1,h2,h3\n1,\"a,x\n2,b,y\n3,c\",z,w\n", 3, 1024);
        assert_eq!(
            got[1..],
            [
                (2, "LOST".to_string()),
                (3, "2|b|y".to_string()),
                (4, "3|c\"|z|w".to_string())
            ]
        );
    }

    #[test]
    fn an_overlong_line_is_lost_without_being_kept() {
        let mut text = b"h\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 5000));
        text.extend_from_slice(b"\nok\n");
        assert_eq!(
            events(&text, 1, 1024),
            vec![(1, "h".into()), (2, "LOST".into()), (3, "ok".into())]
        );
    }

    #[test]
    fn byte_order_marks_at_line_starts_and_blank_lines_are_dropped() {
        assert_eq!(
            events(b"\xEF\xBB\xBFa\n\n\r\n\xEF\xBB\xBFb\n", 1, 1024),
            vec![(1, "a".into()), (4, "b".into())]
        );
    }
}
