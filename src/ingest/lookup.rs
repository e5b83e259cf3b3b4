//! Lookup tables: a vendor's small tables that give the meaning of another
//! table's values (HubSpot's pipeline stages, a CRM's users). They are read
//! whole, before the pass, and the records that refer to them read the values
//! they give through their mapping: a deal's stage id reads as its stage's
//! label, won and closed; an account's owner id gains the owner's name.

use std::sync::Arc;

use anyhow::Result;
use rustc_hash::FxHashMap;

pub use crate::config::preset::LookupDef;

use super::input::{InputFile, Unrecognised};
use super::reader::{Next, open_records};

/// The values one row of a lookup gives, in the order of its `gives`.
type Given = Box<[Box<[u8]>]>;

/// One lookup table as read: per key, the value of each field it gives.
#[derive(Debug)]
pub struct LookupTable {
    pub def: &'static LookupDef,
    /// The files it was read from, as shown.
    pub files: Vec<String>,
    rows: FxHashMap<Box<[u8]>, Given>,
}

impl LookupTable {
    pub(super) fn has(&self, key: &[u8]) -> bool {
        self.rows.contains_key(key)
    }

    /// The `value`th given value of `key`'s row, when it is filled.
    pub(super) fn value(&self, key: &[u8], value: usize) -> Option<&[u8]> {
        self.rows
            .get(key)
            .and_then(|values| values.get(value))
            .map(|v| &v[..])
            .filter(|v| !v.is_empty())
    }

    /// The files it was read from, joined for a reason.
    pub fn file_names(&self) -> String {
        self.files.join(", ")
    }
}

/// A field of a mapping whose value a lookup table gives.
#[derive(Debug, Clone)]
pub(crate) struct FieldLookup {
    pub(super) field: crate::model::FieldId,
    pub(super) table: Arc<LookupTable>,
    /// Which of the table's given values.
    pub(super) value: usize,
}

/// Reads the lookup tables among `inputs` and takes them out: each is given to
/// the inputs of the table that refers to it, and reported with what it gives
/// (true beside it), or, lacking its key column, as not used (false).
pub fn resolve(inputs: &mut Vec<InputFile>) -> Result<Vec<(Unrecognised, bool)>> {
    let (lookups, rest): (Vec<InputFile>, Vec<InputFile>) = std::mem::take(inputs)
        .into_iter()
        .partition(|i| i.lookup.is_some());
    *inputs = rest;
    let mut tables: Vec<LookupTable> = Vec::new();
    let mut read_files = Vec::new();
    for input in &lookups {
        let Some(def) = input.lookup else { continue };
        let at = match tables.iter().position(|t| std::ptr::eq(t.def, def)) {
            Some(at) => at,
            None => {
                tables.push(LookupTable {
                    def,
                    files: Vec::new(),
                    rows: FxHashMap::default(),
                });
                tables.len() - 1
            }
        };
        match read_into(&mut tables[at], input)? {
            Some(read) => {
                tables[at].files.push(input.display_name());
                read_files.push((input.display_name(), def, Ok(read)));
            }
            // Without its key it gives nothing: it must not reject every record.
            None => read_files.push((input.display_name(), def, Err(()))),
        }
    }
    tables.retain(|t| !t.files.is_empty());
    for table in tables {
        let table = Arc::new(table);
        for input in inputs.iter_mut().filter(|i| i.table == table.def.table) {
            for (v, (field, _)) in table.def.gives.iter().enumerate() {
                input.mapping.look_up(*field, table.clone(), v);
            }
        }
    }
    Ok(read_files
        .into_iter()
        .map(|(path, def, read)| {
            let Ok(read) = read else {
                let reason = format!(
                    "not used: named like the table of {} but without its key column '{}'",
                    def.what, def.key
                );
                return (Unrecognised { path, reason }, false);
            };
            let fields: Vec<&str> = def
                .gives
                .iter()
                .map(|(f, _)| def.table.def(*f).name)
                .collect();
            let unused = if inputs.iter().any(|i| i.table == def.table) {
                ""
            } else {
                " (no file of that table is read)"
            };
            let reason = format!(
                "read as a lookup of {} {}: a record of {} takes its {} from its {}{unused}{}",
                read.keys,
                def.what,
                def.table,
                fields.join(", "),
                def.table.def(def.of).name,
                read.note(),
            );
            (Unrecognised { path, reason }, true)
        })
        .collect())
}

/// What reading one lookup file found.
#[derive(Debug, Default)]
struct Read {
    keys: u64,
    /// Rows without a key, and rows whose key an earlier row had.
    blank: u64,
    repeated: u64,
}

impl Read {
    fn note(&self) -> String {
        let mut parts = Vec::new();
        if self.blank > 0 {
            parts.push(format!("{} rows without a key passed over", self.blank));
        }
        if self.repeated > 0 {
            parts.push(format!(
                "{} rows repeating a key read before (the first is kept)",
                self.repeated
            ));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("; {}", parts.join(", "))
        }
    }
}

/// Reads one file of a lookup into `table`: the first row of a key wins. None
/// when the file has no key column.
fn read_into(table: &mut LookupTable, input: &InputFile) -> Result<Option<Read>> {
    let def = table.def;
    let lower: Vec<String> = input
        .headers
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |h: &str| lower.iter().position(|l| l == h);
    let mut read = Read::default();
    let Some(key_col) = col(&def.key) else {
        return Ok(None);
    };
    // Per field given: its alternatives, each the columns it joins (those the
    // file has).
    let gives: Vec<Vec<Vec<usize>>> = def
        .gives
        .iter()
        .map(|(_, alternatives)| {
            alternatives
                .iter()
                .map(|cols| cols.iter().filter_map(|c| col(c)).collect())
                .collect()
        })
        .collect();
    let mut reader = open_records(input)?;
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.next(&mut record)? {
            Next::Record(_) => {}
            Next::Lost { .. } => continue,
            Next::End => break,
        }
        let key = record.get(key_col).map(<[u8]>::trim_ascii).unwrap_or(b"");
        if key.is_empty() {
            read.blank += 1;
            continue;
        }
        if table.rows.contains_key(key) {
            read.repeated += 1;
            continue;
        }
        let values = gives
            .iter()
            .map(|alternatives| {
                alternatives
                    .iter()
                    .map(|cols| joined(&record, cols))
                    .find(|v| !v.is_empty())
                    .unwrap_or_default()
                    .into_boxed_slice()
            })
            .collect();
        table.rows.insert(key.into(), values);
        read.keys += 1;
    }
    Ok(Some(read))
}

/// The filled cells of `cols`, trimmed and joined by a space.
fn joined(record: &csv::ByteRecord, cols: &[usize]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in cols
        .iter()
        .filter_map(|&c| record.get(c))
        .map(<[u8]>::trim_ascii)
        .filter(|v| !v.is_empty())
    {
        if !out.is_empty() {
            out.push(b' ');
        }
        out.extend_from_slice(v);
    }
    out
}
