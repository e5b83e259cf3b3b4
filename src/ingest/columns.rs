//! Header to field: which columns of a file feed each canonical field, and read
//! access to a record's fields by field.

use std::collections::HashMap;

use crate::model::{FieldId, Table};

use super::preset::Preset;

/// Read access to a record's fields: a `csv::ByteRecord`, or a record kept in a
/// batch of the streaming pass.
pub trait Fields {
    /// Field `i`, if the record has that many.
    fn field(&self, i: usize) -> Option<&[u8]>;
    /// How many fields the record has.
    fn field_count(&self) -> usize;
}

impl Fields for csv::ByteRecord {
    #[inline]
    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }

    fn field_count(&self) -> usize {
        self.len()
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
    pub fn get<'r, R: Fields + ?Sized>(&self, record: &'r R, field: FieldId) -> Option<&'r [u8]> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.field(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        None
    }

    /// Like `get`, with the column index the value came from.
    pub fn get_with_col<'r, R: Fields + ?Sized>(
        &self,
        record: &'r R,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.field(c) {
                let v = v.trim_ascii();
                if !v.is_empty() {
                    return Some((c, v));
                }
            }
        }
        None
    }

    pub(super) fn mapped_count(&self) -> usize {
        self.cols.iter().filter(|c| !c.is_empty()).count()
    }

    /// Per column: is it read by some field?
    pub fn used_columns(&self, width: usize) -> Vec<bool> {
        let mut used = vec![false; width];
        for cols in &self.cols {
            for &c in cols {
                if c < width {
                    used[c] = true;
                }
            }
        }
        used
    }
}

/// Header spellings the user added in `[columns]`, by table and field.
pub type ColumnOverrides = HashMap<(Table, FieldId), Vec<String>>;

/// Maps a header row onto a table's fields: the user's spellings first, then the
/// vendor preset's, then the built-in ones in their order of preference. Dropped
/// columns are never mapped.
pub fn map_columns(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Mapping {
    let normalised: Vec<String> = headers
        .iter()
        .map(|h| {
            if preset.is_some_and(|p| p.ignores(h)) {
                String::new()
            } else {
                h.trim().to_lowercase()
            }
        })
        .collect();
    let mut cols = Vec::with_capacity(table.fields().len());
    for (i, def) in table.fields().iter().enumerate() {
        let mut chosen = Vec::new();
        let key = (table, FieldId(i as u16));
        let user = overrides.get(&key);
        // `field = []` in [columns]: the export has no column for it.
        if user.is_some_and(|u| u.is_empty()) {
            cols.push(chosen);
            continue;
        }
        let spellings = user
            .into_iter()
            .flatten()
            .chain(
                preset
                    .and_then(|p| p.columns.get(&key))
                    .into_iter()
                    .flatten(),
            )
            .map(String::as_str)
            .chain(def.headers.iter().copied());
        for spelling in spellings {
            for (c, h) in normalised.iter().enumerate() {
                if !h.is_empty() && h == spelling && !chosen.contains(&c) {
                    chosen.push(c);
                }
            }
        }
        cols.push(chosen);
    }
    Mapping { cols }
}
