//! `--format json`: the report as one JSON document (schema `rapport.report/1`).
//!
//! The document is the report's serde shape, pretty-printed. A large portfolio's
//! report is mostly its accounts, so those are written as the report builds them,
//! on two threads a run at a time (see [`Report::write_accounts`]), each account
//! pretty-printed at the depth it sits in the document; the bytes are the ones
//! `serde_json::to_writer_pretty` would write for the whole report.
//!
//! `--detail short` keeps, of each account's rules, only the ones it fell short
//! on (partial or fail), each with its evidence, and says so in `detail`.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use super::{AccountReport, Depth, Report};
use crate::cli::Detail;
use crate::rules::Status;

pub fn render(report: &Report, detail: Detail, out: &mut dyn Write) -> io::Result<()> {
    // Everything but the accounts: the report with an empty account list, whose
    // end (`"accounts": []` and the closing brace) the accounts are written into.
    let mut head = Vec::new();
    serde_json::to_writer_pretty(&mut head, &Head { report, detail })?;
    let tail = b"[]\n}";
    let Some(open) = head.len().checked_sub(tail.len()) else {
        return Err(io::Error::other("the report's head is too short"));
    };
    if &head[open..] != tail {
        return Err(io::Error::other(
            "the report's head does not end in its accounts",
        ));
    }
    out.write_all(&head[..open])?;
    if report.account_count() == 0 {
        return out.write_all(b"[]\n}\n");
    }
    out.write_all(b"[")?;
    // Every account is written after a comma but the first, whose comma is dropped.
    let mut out = SkipFirst { out, skip: true };
    report.write_accounts(Depth::Full, &mut out, |accounts, bytes| {
        while let Some(account) = accounts.next_account() {
            bytes.extend_from_slice(b",\n    ");
            let mut ser = serde_json::Serializer::with_formatter(&mut *bytes, Indented::at(2));
            match detail {
                Detail::All => account.serialize(&mut ser)?,
                Detail::Short => short(account).serialize(&mut ser)?,
            }
        }
        Ok(())
    })?;
    out.out.write_all(b"\n  ]\n}\n")
}

/// The account with only the rules it fell short on.
pub(super) fn short(account: &AccountReport) -> AccountReport {
    let mut a = account.clone();
    a.rules.retain(|r| fell_short(r.status));
    a
}

/// Whether a rule's status is one an account fell short on.
pub(super) fn fell_short(status: Status) -> bool {
    matches!(status, Status::Partial | Status::Fail)
}

/// The report without its accounts (written after it), with `detail` when short.
struct Head<'r, 'a> {
    report: &'r Report<'a>,
    detail: Detail,
}

impl Serialize for Head<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = serializer.serialize_struct("Report", 10)?;
        self.report.serialize_head(&mut st)?;
        if self.detail == Detail::Short {
            st.serialize_field("detail", "short")?;
        }
        st.serialize_field("accounts", &[(); 0])?;
        st.end()
    }
}

/// Passes bytes on, but the first one.
struct SkipFirst<'o> {
    out: &'o mut dyn Write,
    skip: bool,
}

impl Write for SkipFirst<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.skip && !buf.is_empty() {
            self.skip = false;
            self.out.write_all(&buf[1..])?;
            return Ok(buf.len());
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// serde_json's pretty formatter (two spaces an indent), starting at a depth.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Indented {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indented_value_is_pretty_json_at_its_depth() {
        let value = serde_json::json!({"a": [1, {"b": []}, {}], "c": {"d": null}, "e": []});
        let mut got = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut got, Indented::at(2));
        value.serialize(&mut ser).unwrap();
        let whole = serde_json::to_string_pretty(&serde_json::json!({"x": [value]})).unwrap();
        let got = String::from_utf8(got).unwrap();
        assert!(whole.contains(&format!("\n    {got}\n")), "{whole}\n{got}");
    }
}
