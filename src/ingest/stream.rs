//! An input opened once, whatever it is: a regular file, a pipe, a FIFO or
//! standard input (`-`). Deciding a file's encoding, delimiter, header and date
//! order needs a look at its head before the pass; a regular file is looked at
//! through its own handle and rewound, anything else has its head kept in memory
//! (at most [`PREFIX_BYTES`]) so that the pass reads that prefix followed by the
//! rest of the stream, and no byte is read twice from a source that gives it once.

use std::fmt;
use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The most of a stream's head kept in memory to decide how to read it; the date
/// look-ahead of a stream sees at most this much.
pub const PREFIX_BYTES: usize = 4 << 20;

/// The name that stands for standard input.
pub const STDIN: &str = "-";

/// An input, opened once.
pub struct Opened {
    state: Mutex<State>,
    /// A stream's first bytes (at most [`PREFIX_BYTES`]); a regular file's head
    /// is read again when asked for, not kept.
    head: Arc<[u8]>,
    /// The head holds the whole input.
    whole: bool,
    /// Device and inode, where the system has them.
    id: Option<(u64, u64)>,
    /// The size of a regular file.
    size: Option<u64>,
}

enum State {
    /// A regular file: rewound for each look.
    File(File),
    /// Read once: what follows the head, until the pass takes it.
    Stream(Option<Box<dyn Read + Send>>),
}

impl fmt::Debug for Opened {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Opened")
            .field("head", &self.head.len())
            .field("whole", &self.whole)
            .field("id", &self.id)
            .finish()
    }
}

fn read_head(r: &mut dyn Read, limit: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::new();
    r.take(limit as u64).read_to_end(&mut head)?;
    Ok(head)
}

impl Opened {
    /// Opens `path` (`-` for standard input) and reads its head.
    pub fn open(path: &Path) -> io::Result<Opened> {
        if path.as_os_str() == STDIN {
            return Opened::stream(Box::new(io::stdin()), None);
        }
        let file = File::open(path)?;
        let meta = file.metadata()?;
        let id = file_id(&meta);
        if meta.is_dir() {
            return Err(io::Error::other("a folder, not a file"));
        }
        if meta.is_file() {
            return Ok(Opened {
                state: Mutex::new(State::File(file)),
                head: Arc::from(Vec::new()),
                whole: meta.len() < PREFIX_BYTES as u64,
                id,
                size: Some(meta.len()),
            });
        }
        Opened::stream(Box::new(file), id)
    }

    /// A stream read once, from any reader (pipes, FIFOs, standard input, tests).
    pub fn stream(mut r: Box<dyn Read + Send>, id: Option<(u64, u64)>) -> io::Result<Opened> {
        let head = read_head(&mut r, PREFIX_BYTES)?;
        let whole = head.len() < PREFIX_BYTES;
        Ok(Opened {
            state: Mutex::new(State::Stream(Some(r))),
            head: head.into(),
            whole,
            id,
            size: None,
        })
    }

    /// The first bytes of the input (at most [`PREFIX_BYTES`]).
    pub fn head(&self) -> io::Result<Arc<[u8]>> {
        if self.is_file() {
            return Ok(read_head(&mut self.look()?, PREFIX_BYTES)?.into());
        }
        Ok(self.head.clone())
    }

    /// The head holds the whole input.
    pub fn whole(&self) -> bool {
        self.whole
    }

    /// Device and inode.
    pub fn id(&self) -> Option<(u64, u64)> {
        self.id
    }

    /// The size of a regular file.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// Whether the input is a regular file (read again from its start for each look).
    pub fn is_file(&self) -> bool {
        matches!(*self.lock(), State::File(_))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a reader thread panicked; the state is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A look at the input before the pass: a regular file from its start, a
    /// stream's head only (cut after its last line break unless it is the whole
    /// stream, so that the look ends on a whole line).
    pub fn look(&self) -> io::Result<Box<dyn Read + Send>> {
        if let State::File(file) = &*self.lock() {
            let mut f = file.try_clone()?;
            f.seek(SeekFrom::Start(0))?;
            return Ok(Box::new(f));
        }
        let end = if self.whole {
            self.head.len()
        } else {
            match self.head.iter().rposition(|&b| b == b'\n') {
                // UTF-16LE writes a line break as 0A 00: keep the 00.
                Some(i) if self.head.get(i + 1) == Some(&0) => i + 2,
                Some(i) => i + 1,
                None => self.head.len(),
            }
        };
        Ok(Box::new(Cursor::new(Slice(self.head.clone(), end))))
    }

    /// The input from its first byte, for the pass. A stream can be taken once:
    /// a second pass over it is an error, never an empty read.
    pub fn take(&self) -> io::Result<Box<dyn Read + Send>> {
        match &mut *self.lock() {
            State::File(file) => {
                let mut f = file.try_clone()?;
                f.seek(SeekFrom::Start(0))?;
                Ok(Box::new(f))
            }
            State::Stream(rest) => match rest.take() {
                Some(rest) => Ok(Box::new(
                    Cursor::new(Slice(self.head.clone(), self.head.len())).chain(rest),
                )),
                None => Err(io::Error::other(
                    "was read once already: a pipe or standard input can be read only once",
                )),
            },
        }
    }

    /// Whether two opened inputs hold the same bytes: the same file, or two
    /// files or streams of identical content.
    pub fn same_as(&self, other: &Opened) -> io::Result<bool> {
        if self.id.is_some() && self.id == other.id {
            return Ok(true);
        }
        // Two regular files of different sizes differ: no need to read them.
        if let (Some(a), Some(b)) = (self.size, other.size)
            && a != b
        {
            return Ok(false);
        }
        if self.head()? != other.head()? {
            return Ok(false);
        }
        if self.whole && other.whole {
            return Ok(true);
        }
        match (self.size, other.size) {
            (Some(a), Some(b)) if a == b => same_bytes(self.look()?, other.look()?),
            _ => Ok(false),
        }
    }
}

/// Compares two readers to their ends.
fn same_bytes(mut a: impl Read, mut b: impl Read) -> io::Result<bool> {
    let mut x = vec![0u8; 1 << 16];
    let mut y = vec![0u8; 1 << 16];
    loop {
        let n = read_full(&mut a, &mut x)?;
        let m = read_full(&mut b, &mut y)?;
        if n != m || x[..n] != y[..m] {
            return Ok(false);
        }
        if n == 0 {
            return Ok(true);
        }
    }
}

fn read_full(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The first `.1` bytes of a shared buffer.
struct Slice(Arc<[u8]>, usize);

impl AsRef<[u8]> for Slice {
    fn as_ref(&self) -> &[u8] {
        &self.0[..self.1]
    }
}

#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_id(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_its_head_then_its_rest_and_is_taken_once() {
        let data: Vec<u8> = (0..PREFIX_BYTES + 10).map(|i| (i % 251) as u8).collect();
        let opened = Opened::stream(Box::new(Cursor::new(data.clone())), None).unwrap();
        assert!(!opened.whole());
        let mut all = Vec::new();
        opened.take().unwrap().read_to_end(&mut all).unwrap();
        assert_eq!(all, data);
        assert!(opened.take().is_err());
    }

    #[test]
    fn a_look_at_a_stream_ends_on_a_whole_line() {
        let mut data = b"a,b\n1,2\n".to_vec();
        data.resize(PREFIX_BYTES + 5, b'x');
        let opened = Opened::stream(Box::new(Cursor::new(data)), None).unwrap();
        let mut seen = Vec::new();
        opened.look().unwrap().read_to_end(&mut seen).unwrap();
        assert_eq!(seen, b"a,b\n1,2\n");
    }
}
