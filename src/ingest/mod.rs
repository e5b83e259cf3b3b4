//! Files -> canonical tables: find the CSV files, recognise each one's table from
//! its header, map its columns to canonical fields, and hand out its rows.

pub mod values;

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::model::{FieldId, Table};

/// A CSV file with its table decided and its columns mapped.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub table: Table,
    pub delimiter: u8,
    pub headers: Vec<String>,
    pub mapping: Mapping,
}

impl InputFile {
    /// The header a field is read from (its first column), for messages.
    pub fn header_of(&self, field: FieldId) -> Option<&str> {
        self.mapping.cols[field.0 as usize]
            .first()
            .map(|&c| self.headers[c].as_str())
    }

    pub fn display_name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Which columns feed each canonical field, best first.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub cols: Vec<Vec<usize>>,
}

impl Mapping {
    pub fn has(&self, field: FieldId) -> bool {
        !self.cols[field.0 as usize].is_empty()
    }

    /// The first non-empty value among the field's columns, trimmed.
    #[inline]
    pub fn get<'r>(&self, record: &'r csv::ByteRecord, field: FieldId) -> Option<&'r [u8]> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.get(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Like `get`, with the column index the value came from.
    pub fn get_with_col<'r>(
        &self,
        record: &'r csv::ByteRecord,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.get(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some((c, v));
                }
            }
        }
        None
    }

    fn mapped_count(&self) -> usize {
        self.cols.iter().filter(|c| !c.is_empty()).count()
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

/// Header spellings the user added in `[columns]`, by table and field.
pub type ColumnOverrides = HashMap<(Table, FieldId), Vec<String>>;

/// Expands folders into the CSV files they hold (sorted, not recursive) and keeps
/// files as given.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
        if meta.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|path| path.is_file() && is_table_file(path))
                .collect();
            files.sort();
            if files.is_empty() {
                bail!("folder {} holds no .csv, .tsv or .txt files", p.display());
            }
            out.extend(files);
        } else {
            out.push(p.clone());
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

/// Reads a file's header row and decides its delimiter.
pub fn read_header(path: &Path) -> Result<(Vec<String>, u8)> {
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let delimiter = sniff_delimiter(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record).unwrap_or(false) {
        bail!("{} is empty: no header row", path.display());
    }
    let headers = record
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    Ok((headers, delimiter))
}

/// The delimiter that splits the first line into the most fields, outside quotes.
fn sniff_delimiter(body: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for &b in body {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let best = (0..4).max_by_key(|&i| (counts[i], 4 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        candidates[best]
    }
}

/// Maps a header row onto a table's fields: the user's spellings first, then the
/// built-in ones in their order of preference.
pub fn map_columns(table: Table, headers: &[String], overrides: &ColumnOverrides) -> Mapping {
    let normalised: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut cols = Vec::with_capacity(table.fields().len());
    for (i, def) in table.fields().iter().enumerate() {
        let mut chosen = Vec::new();
        let user = overrides.get(&(table, FieldId(i as u16)));
        // `field = []` in [columns]: the export has no column for it.
        if user.is_some_and(|u| u.is_empty()) {
            cols.push(chosen);
            continue;
        }
        let spellings = user
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain(def.headers.iter().copied());
        for spelling in spellings {
            for (c, h) in normalised.iter().enumerate() {
                if h == spelling && !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
        }
        cols.push(chosen);
    }
    Mapping { cols }
}

/// What a table needs, beyond its markers, to be joined to accounts.
fn join_ok(table: Table, m: &Mapping) -> Result<(), &'static str> {
    let has = |name: &str| table.field(name).is_some_and(|f| m.has(f));
    let ok = match table {
        Table::Accounts => has("id") && has("name"),
        Table::Contacts => has("id"),
        Table::ContactRoles => has("account_id") && has("contact_id"),
        Table::Orders | Table::Deals | Table::Tickets => has("account_id") || has("contact_id"),
        Table::Activities => has("account_id") || has("contact_id") || has("related_id"),
    };
    if ok {
        Ok(())
    } else {
        Err(match table {
            Table::Accounts => "an account id and a name (Id, Name)",
            Table::Contacts => "a contact id (Id)",
            Table::ContactRoles => "an account id and a contact id (AccountId, ContactId)",
            Table::Orders | Table::Deals | Table::Tickets => {
                "an account id or a contact id (AccountId, ContactId)"
            }
            Table::Activities => "an account, contact or related id (AccountId, WhoId, WhatId)",
        })
    }
}

/// Decides which table a file holds, from its header (the file name only breaks
/// ties), or says what it lacks.
pub fn recognise(
    path: &Path,
    headers: &[String],
    overrides: &ColumnOverrides,
) -> Result<(Table, Mapping), String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut best: Option<(usize, usize, Table, Mapping)> = None;
    let mut closest: Option<(usize, Table, &'static str)> = None;
    for table in Table::ALL {
        let mapping = map_columns(table, headers, overrides);
        let markers = table
            .markers()
            .iter()
            .filter(|m| table.field(m).is_some_and(|f| mapping.has(f)))
            .count();
        if markers == 0 {
            continue;
        }
        if let Err(missing) = join_ok(table, &mapping) {
            if closest.is_none_or(|(n, _, _)| markers > n) {
                closest = Some((markers, table, missing));
            }
            continue;
        }
        let hint = table.name_hints().iter().any(|h| stem.contains(h)) as usize;
        let score = mapping.mapped_count() + 3 * markers;
        if best
            .as_ref()
            .is_none_or(|(s, h, _, _)| (score, hint) > (*s, *h))
        {
            best = Some((score, hint, table, mapping));
        }
    }
    match (best, closest) {
        (Some((_, _, table, mapping)), _) => Ok((table, mapping)),
        (None, Some((_, table, missing))) => Err(format!(
            "not recognised: its header looks like {table} but has no {missing}; \
             map the columns in a rule file's [columns.{table}] or force it with --{table}"
        )),
        (None, None) => Err(format!(
            "not recognised as any table: none of its {} columns is one rapport knows \
             (see docs/data-model.md); map them in [columns.TABLE] or force the table with a flag",
            headers.len()
        )),
    }
}

/// Maps a file forced to a table, checking it can still be joined.
pub fn force(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
) -> Result<Mapping, String> {
    let mapping = map_columns(table, headers, overrides);
    join_ok(table, &mapping)
        .map_err(|missing| format!("given as {table} but its header has no {missing}"))?;
    Ok(mapping)
}

/// Opens a file for streaming its records (after the header).
pub fn open_records(input: &InputFile) -> Result<csv::Reader<BufReader<File>>> {
    let file =
        File::open(&input.path).with_context(|| format!("cannot open {}", input.path.display()))?;
    Ok(csv::ReaderBuilder::new()
        .delimiter(input.delimiter)
        .has_headers(true)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(BufReader::with_capacity(1 << 16, file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn table_of(name: &str, line: &str) -> Result<Table, String> {
        recognise(Path::new(name), &headers(line), &HashMap::new()).map(|(t, _)| t)
    }

    #[test]
    fn salesforce_objects_are_recognised_from_their_headers() {
        assert_eq!(
            table_of("x.csv", "Id,IsDeleted,Name,Type,Industry,BillingCity"),
            Ok(Table::Accounts)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,LastName,FirstName,Name,Title,Email"),
            Ok(Table::Contacts)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,WhoId,WhatId,Subject,ActivityDate,Status,AccountId,IsClosed"
            ),
            Ok(Table::Activities)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon"
            ),
            Ok(Table::Deals)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,CaseNumber,ContactId,AccountId,Type,Status,Subject,IsClosed,ClosedDate,CreatedDate"
            ),
            Ok(Table::Tickets)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,ContactId,Roles,IsDirect,IsActive"),
            Ok(Table::ContactRoles)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,OrderNumber,EffectiveDate,Promised_Date__c,Delivered_Date__c"
            ),
            Ok(Table::Orders)
        );
    }

    #[test]
    fn header_matching_ignores_case_and_spaces() {
        assert_eq!(
            table_of("x.csv", " ID , NAME ,INDUSTRY"),
            Ok(Table::Accounts)
        );
    }

    #[test]
    fn unrecognised_files_say_what_is_missing() {
        let err = table_of(
            "OpportunityHistory.csv",
            "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,CloseDate",
        )
        .unwrap_err();
        assert!(err.contains("looks like deals"), "{err}");
        assert!(err.contains("AccountId"), "{err}");
        let err = table_of("x.csv", "foo,bar").unwrap_err();
        assert!(err.contains("none of its 2 columns"), "{err}");
    }

    #[test]
    fn user_spellings_come_first() {
        let mut o = HashMap::new();
        let date = Table::Activities.field("date").unwrap();
        o.insert((Table::Activities, date), vec!["visit day".to_string()]);
        let (t, m) = recognise(
            Path::new("visits.csv"),
            &headers("Visit Day,AccountId,ActivityDate"),
            &o,
        )
        .unwrap();
        assert_eq!(t, Table::Activities);
        assert_eq!(m.cols[date.0 as usize], vec![0, 2]);
    }

    #[test]
    fn delimiters_are_sniffed_outside_quotes() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,2;3"), b';');
        assert_eq!(sniff_delimiter(b"\"a,b\";c;d\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"abc"), b',');
    }
}
