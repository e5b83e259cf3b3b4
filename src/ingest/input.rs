//! The files of an export: finding them, and preparing each one (sniffing it,
//! picking its vendor and table, deciding its dates) into an [`InputFile`].

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};

use crate::model::Table;

use super::columns::{ColumnOverrides, Mapping, map_columns};
use super::dates::{DateColumn, decide_dates};
use super::encoding::TextEncoding;
use super::preset::{self, Association, LookupDef, Named, Preset};
use super::reader::MAX_RECORD_BYTES;
use super::recognise::{force, recognise_ranked};
use super::sniff::sniff_opened;
use super::stream::{Opened, STDIN};
use crate::spec::DateOrder;

/// A CSV file with its table decided and its columns mapped.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    /// The input, opened once: the pass reads it from here, never by its name again.
    pub source: Arc<Opened>,
    pub table: Table,
    /// Why the file was taken as its table.
    pub table_why: String,
    /// The next best table and its evidence, when another was in the running.
    pub runner_up: Option<String>,
    pub delimiter: u8,
    pub delimiter_forced: bool,
    pub encoding: TextEncoding,
    /// The file starts with a byte-order mark.
    pub bom: bool,
    pub encoding_forced: bool,
    pub vendor: Option<&'static Preset>,
    /// Why the vendor was chosen (`forced with --preset`, or the headers).
    pub vendor_why: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// For a vendor's join table (read as contact-roles, before the tables it
    /// ties): the records it gives a company or a person to.
    pub association: Option<Association>,
    /// For a vendor's lookup table (read whole before the pass, and not by it):
    /// the lookup it is.
    pub lookup: Option<&'static LookupDef>,
    /// Columns dropped as the vendor's bookkeeping (Dynamics' `(Do Not Modify)`).
    pub dropped: Vec<usize>,
    /// The date columns, with the order each is read in and why.
    pub dates: Vec<DateColumn>,
    /// Per column of the header: the day/month order its dates are read in.
    pub date_orders: Vec<DateOrder>,
    /// The most one record may hold, in bytes.
    pub max_record: u64,
}

impl InputFile {
    pub fn display_name(&self) -> String {
        if self.path.as_os_str() == STDIN {
            return "standard input".to_string();
        }
        self.path.display().to_string()
    }

    /// The encoding as reported: `utf-8`, `utf-8-bom`, `utf-16le`, ...
    pub fn encoding_name(&self) -> String {
        if self.bom && self.encoding == TextEncoding::Utf8 {
            "utf-8-bom".to_string()
        } else {
            self.encoding.name().to_string()
        }
    }
}

/// A file that could not be used, with the reason a person can act on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unrecognised {
    pub path: String,
    pub reason: String,
}

impl fmt::Display for Unrecognised {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// How files are to be read: flags and the rule file's `[columns]` and `[date_order]`.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<u8>,
    pub preset: Option<&'static Preset>,
    pub columns: &'a ColumnOverrides,
    /// Header (lower-cased) -> the order its dates are written in.
    pub date_orders: &'a HashMap<String, DateOrder>,
    /// The most one record may hold (default [`MAX_RECORD_BYTES`]).
    pub max_record: Option<u64>,
}

/// The files a list of paths names: files as given, folders expanded into the
/// table files they hold (sorted, not recursive), and the entries of a folder
/// that look like table files but cannot be read as one, each with the reason.
#[derive(Debug, Default)]
pub struct Expanded {
    /// Each file, and whether it was named itself (not found in a folder).
    pub files: Vec<(PathBuf, bool)>,
    pub unusable: Vec<Unrecognised>,
}

/// Expands folders into the CSV files they hold (sorted, not recursive) and keeps
/// files as given.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    Ok(expand(paths)?.files.into_iter().map(|(p, _)| p).collect())
}

/// [`expand_paths`], with the folder entries named like table files that are not
/// readable regular files (folders, pipes, links to nothing) reported by name.
pub fn expand(paths: &[PathBuf]) -> Result<Expanded> {
    let mut out = Expanded::default();
    for p in paths {
        if p.as_os_str() == STDIN {
            out.files.push((p.clone(), true));
            continue;
        }
        // A named input that cannot be looked at is opened, and refused, with the others.
        let is_dir = std::fs::metadata(p).is_ok_and(|m| m.is_dir());
        if !is_dir {
            out.files.push((p.clone(), true));
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .with_context(|| format!("cannot list folder {}", p.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|path| is_table_file(path))
            .collect();
        entries.sort();
        let before = out.files.len();
        for path in entries {
            let why = match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => {
                    out.files.push((path, false));
                    continue;
                }
                Ok(m) if m.is_dir() => "a folder named like a table file, not read".to_string(),
                Ok(_) => "not a regular file (a pipe, socket or device), not read; name it \
                          itself to read it"
                    .to_string(),
                Err(e) if std::fs::symlink_metadata(&path).is_ok() => {
                    format!("a link to a file that cannot be read ({e}), not read")
                }
                Err(e) => format!("cannot be read ({e})"),
            };
            out.unusable.push(Unrecognised {
                path: path.display().to_string(),
                reason: why,
            });
        }
        if out.files.len() == before
            && !out
                .unusable
                .iter()
                .any(|u| Path::new(&u.path).starts_with(p))
        {
            bail!("folder {} holds no .csv, .tsv or .txt files", p.display());
        }
    }
    Ok(out)
}

fn is_table_file(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("csv" | "tsv" | "txt")
    )
}

/// A join table is read as contact-roles, whose rows are read after accounts and
/// contacts and before the tables it ties: its company or person column is the
/// table's account or contact id.
fn association_mapping(
    a: &Association,
    vendor: Option<&Preset>,
    width: usize,
) -> (Table, Mapping, String) {
    let table = Table::ContactRoles;
    let mut fields = Vec::new();
    let (field, whom) = if a.def.account_id.is_some() {
        ("account_id", "companies")
    } else {
        ("contact_id", "people")
    };
    if let Some(f) = table.field(field) {
        fields.push((f, a.to_col));
    }
    let why = format!(
        "a {} join table: it ties {} to their {whom}",
        vendor.map_or("", |v| v.title.as_str()),
        a.def.table
    );
    (table, Mapping::of_columns(table, &fields, width), why)
}

/// Reads a file's head, picks its vendor and table (or takes the forced one) and
/// decides its date columns. `Ok(Err(reason))` is a file that cannot be used.
pub fn prepare(
    path: &Path,
    source: Arc<Opened>,
    forced: Option<Table>,
    opts: &ReadOptions,
) -> Result<Result<InputFile, String>> {
    let sniffed = sniff_opened(path, &source, opts.encoding, opts.delimiter)?;
    let (vendor, vendor_why) = match opts.preset {
        Some(p) => (Some(p), Some("forced with --preset".to_string())),
        None => match preset::detect(path, &sniffed.headers) {
            Some((p, why)) => (Some(p), Some(why)),
            None => (None, None),
        },
    };
    let named = vendor
        .filter(|_| forced.is_none())
        .and_then(|v| v.named(path));
    if let Some(Named::NotRead(why)) = named {
        return Ok(Err(format!("not used: {why}")));
    }
    let association = vendor
        .filter(|_| forced.is_none())
        .and_then(|v| v.association(&sniffed.headers));
    let lookup = match named {
        Some(Named::Lookup(def)) => Some(def),
        _ => vendor
            .filter(|_| forced.is_none() && association.is_none())
            .and_then(|v| v.lookup_by_headers(&sniffed.headers)),
    };
    let recognised = match (forced, &association, named) {
        (None, _, _) if let Some(def) = lookup => Ok((
            def.table,
            Mapping::of_columns(def.table, &[], sniffed.headers.len()),
            format!(
                "a {} lookup table of {}, read before the {} that refer to it",
                vendor.map_or("", |v| v.title.as_str()),
                def.what,
                def.table
            ),
            None,
        )),
        (Some(table), _, _) => force(table, &sniffed.headers, opts.columns, vendor)
            .map(|m| (table, m, format!("forced with --{table}"), None)),
        (None, Some(a), _) => Ok(association_mapping(a, vendor, sniffed.headers.len()))
            .map(|(t, m, w)| (t, m, w, None)),
        (None, None, Some(Named::Table(table))) => {
            let why = format!(
                "its name is the {} table for {table}",
                vendor.map_or("", |v| v.title.as_str())
            );
            // A table whose records find their account through a join table
            // needs no account id of its own.
            let joined = vendor.is_some_and(|v| v.associations.iter().any(|a| a.table == table));
            match force(table, &sniffed.headers, opts.columns, vendor) {
                Ok(m) => Ok((table, m, why, None)),
                Err(_) if joined => Ok((
                    table,
                    map_columns(table, &sniffed.headers, opts.columns, vendor),
                    why,
                    None,
                )),
                Err(e) => Err(e),
            }
        }
        (None, None, _) => recognise_ranked(path, &sniffed.headers, opts.columns, vendor)
            .map(|r| (r.table, r.mapping, r.why, r.runner_up)),
    };
    let (table, mapping, table_why, runner_up) = match recognised {
        Ok(r) => r,
        Err(reason) => {
            return Ok(Err(
                match vendor.and_then(|v| v.unused_because(&sniffed.headers)) {
                    Some(why) => format!("not used: {why}"),
                    None => reason,
                },
            ));
        }
    };
    let dropped = match vendor {
        Some(p) => (0..sniffed.headers.len())
            .filter(|&c| p.ignores(&sniffed.headers[c]))
            .collect(),
        None => Vec::new(),
    };
    let width = sniffed.headers.len();
    let mut input = InputFile {
        path: path.to_path_buf(),
        source,
        table,
        table_why,
        runner_up,
        delimiter: sniffed.delimiter,
        delimiter_forced: opts.delimiter.is_some(),
        encoding: sniffed.encoding,
        bom: sniffed.bom,
        encoding_forced: opts.encoding.is_some(),
        vendor,
        vendor_why,
        headers: sniffed.headers,
        mapping,
        association,
        lookup,
        dropped,
        dates: Vec::new(),
        date_orders: vec![DateOrder::default(); width],
        max_record: opts.max_record.unwrap_or(MAX_RECORD_BYTES),
    };
    decide_dates(&mut input, opts.date_orders)?;
    Ok(Ok(input))
}
