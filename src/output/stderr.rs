//! stderr for diagnostics: what cannot be written there (a closed pipe,
//! `2>/dev/full`) is dropped, never a panic and never the end of a run, so a
//! report asked for with `-o`, `--tasks` or `--rejects` is still written.

use std::io::{self, Write};

/// stderr, ignoring every error.
pub struct Stderr;

impl Write for Stderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _ = io::stderr().write_all(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let _ = io::stderr().flush();
        Ok(())
    }
}

/// Writes one line on stderr, made safe for a terminal (data may be in it).
pub fn note(args: std::fmt::Arguments) {
    let text = args.to_string();
    let _ = writeln!(Stderr, "{}", crate::report::sanitise::message(&text));
}
