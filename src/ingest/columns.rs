//! Header to field: which columns of a file feed each canonical field, and read
//! access to a record's fields by field.

use std::collections::HashMap;

use crate::model::{FieldId, FieldKind, Table};

use super::lookup::{FieldLookup, LookupTable};
use super::preset::Preset;
use super::quirks;
use super::synonyms::{Suffix, Synonyms, Word, synonyms, table_word};
use super::values::{self, DurationUnit};

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

/// How a column came to feed its field, for `inspect`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchKind {
    /// A spelling of the user's `[columns]`.
    User,
    /// A spelling of the vendor preset.
    Vendor,
    /// One of rapport's own spellings, ignoring case and surrounding spaces.
    Exact,
    /// A known spelling written with other separators or case (`LossReason__c`
    /// for `loss_reason__c`, `effective_date` for `effectivedate`).
    Spelling(String),
    /// The same words as a field's name or spelling once synonyms are read
    /// (`resolved` means `closed`).
    Synonym(String),
    /// The field's words with a unit or date word after them (`_minutes`, `_at`).
    UnitSuffix(String),
}

impl MatchKind {
    /// The kind in one word: `user`, `vendor`, `exact`, `spelling`, `synonym`,
    /// `unit-suffix`.
    pub fn name(&self) -> &'static str {
        match self {
            MatchKind::User => "user",
            MatchKind::Vendor => "vendor",
            MatchKind::Exact => "exact",
            MatchKind::Spelling(_) => "spelling",
            MatchKind::Synonym(_) => "synonym",
            MatchKind::UnitSuffix(_) => "unit-suffix",
        }
    }

    /// Why the column feeds its field, in words.
    pub fn why(&self) -> String {
        match self {
            MatchKind::User => "a spelling in the rule file's [columns]".to_string(),
            MatchKind::Vendor => "a spelling of the vendor preset".to_string(),
            MatchKind::Exact => "an exact spelling".to_string(),
            MatchKind::Spelling(s) => format!("spelling '{s}' in other case or separators"),
            MatchKind::Synonym(s) => format!("synonym: {s}"),
            MatchKind::UnitSuffix(s) => format!("unit suffix: {s}"),
        }
    }
}

/// Which columns feed each canonical field, best first.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pub cols: Vec<Vec<usize>>,
    /// Per column of the header: how it came to feed a field, if it does.
    pub matched: Vec<Option<MatchKind>>,
    /// Per column: the unit a duration column's bare numbers are in.
    pub units: Vec<DurationUnit>,
    /// Per field: an id, whose "no record" values (Salesforce's
    /// `000000000000000AAA`, `0`) read as empty.
    ids: Vec<bool>,
    /// Fields whose value a lookup table gives from another field's key (a
    /// stage's label for its id), tried before the field's own columns.
    pub(super) lookups: Vec<FieldLookup>,
}

impl Mapping {
    /// A mapping made by a vendor preset's table layout rather than from a
    /// header's spellings: each field of `table` fed by the given columns of a
    /// header `width` columns wide.
    pub fn of_columns(table: Table, fields: &[(FieldId, usize)], width: usize) -> Mapping {
        let mut cols = vec![Vec::new(); table.fields().len()];
        let mut matched = vec![None; width];
        for &(f, c) in fields {
            cols[f.0 as usize].push(c);
            if c < width {
                matched[c] = Some(MatchKind::Vendor);
            }
        }
        Mapping {
            cols,
            matched,
            units: vec![DurationUnit::default(); width],
            ids: id_fields(table),
            lookups: Vec::new(),
        }
    }

    pub fn has(&self, field: FieldId) -> bool {
        !self.cols[field.0 as usize].is_empty()
    }

    /// Whether `value` counts as empty for `field`: blank, or an id that names no
    /// record.
    #[inline]
    fn blank(&self, field: FieldId, value: &[u8]) -> bool {
        value.is_empty()
            || (self.ids.get(field.0 as usize).copied().unwrap_or(false)
                && quirks::is_null_id(value))
    }

    /// The field's value: the one a lookup gives it, else the first non-empty
    /// value among its columns, trimmed.
    #[inline]
    pub fn get<'r, R: Fields + ?Sized>(
        &'r self,
        record: &'r R,
        field: FieldId,
    ) -> Option<&'r [u8]> {
        self.get_with_col(record, field).map(|(_, v)| v)
    }

    /// Like `get`, with the column index the value came from (for a value a
    /// lookup gives, the column of its key).
    #[inline]
    pub fn get_with_col<'r, R: Fields + ?Sized>(
        &'r self,
        record: &'r R,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        if !self.lookups.is_empty()
            && let Some(found) = self.looked_up(record, field)
        {
            return Some(found);
        }
        self.own_value(record, field)
    }

    /// The first non-empty value among the field's own columns, trimmed.
    #[inline]
    fn own_value<'r, R: Fields + ?Sized>(
        &self,
        record: &'r R,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        for &c in &self.cols[field.0 as usize] {
            if let Some(v) = record.field(c) {
                let v = v.trim_ascii();
                if !self.blank(field, v) {
                    return Some((c, v));
                }
            }
        }
        None
    }

    /// The value a lookup gives `field` on this record, when one does.
    fn looked_up<'r, R: Fields + ?Sized>(
        &'r self,
        record: &'r R,
        field: FieldId,
    ) -> Option<(usize, &'r [u8])> {
        self.lookups
            .iter()
            .filter(|l| l.field == field)
            .find_map(|l| {
                let (col, key) = self.own_value(record, l.table.def.of)?;
                let value = l.table.value(key, l.value)?;
                Some((col, value))
            })
    }

    /// The first key of a lookup that rejects unknown keys which this record
    /// holds and the lookup does not have: (its column, the key, the lookup).
    pub fn unknown_key<'r, R: Fields + ?Sized>(
        &'r self,
        record: &'r R,
    ) -> Option<(usize, &'r [u8], &'r LookupTable)> {
        self.lookups
            .iter()
            .filter(|l| l.table.def.reject_unknown)
            .find_map(|l| {
                let (col, key) = self.own_value(record, l.table.def.of)?;
                (!l.table.has(key)).then_some((col, key, &*l.table))
            })
    }

    /// Gives `field` the values of column `value` of a lookup table.
    pub(super) fn look_up(
        &mut self,
        field: FieldId,
        table: std::sync::Arc<LookupTable>,
        value: usize,
    ) {
        self.lookups.push(FieldLookup {
            field,
            table,
            value,
        });
    }

    /// A duration field's value on the row, in seconds: None when empty, the
    /// column and why when it cannot be read.
    pub fn duration_seconds<R: Fields + ?Sized>(
        &self,
        record: &R,
        field: FieldId,
    ) -> Result<Option<f64>, (usize, String)> {
        let Some((col, raw)) = self.get_with_col(record, field) else {
            return Ok(None);
        };
        let unit = self.units.get(col).copied().unwrap_or_default();
        match values::parse_duration(raw, unit) {
            Some(s) => Ok(Some(s)),
            None => Err((
                col,
                format!(
                    "'{}' is not a duration (a number of {}, or text such as '2 hours 30 minutes', '1d 4h', '45 min')",
                    String::from_utf8_lossy(raw),
                    unit.name()
                ),
            )),
        }
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
/// vendor preset's, then the built-in ones in their order of preference; then,
/// for the fields still without a column, the columns no spelling claimed, by
/// meaning (the same spelling in other case or separators, synonyms, a unit or
/// date suffix: rules/synonyms.toml). Dropped columns are never mapped.
pub fn map_columns(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Mapping {
    let dropped = |h: &str| preset.is_some_and(|p| p.ignores(h));
    let normalised: Vec<String> = headers
        .iter()
        .map(|h| {
            if dropped(h) {
                String::new()
            } else {
                h.trim().to_lowercase()
            }
        })
        .collect();
    let width = headers.len();
    let mut matched: Vec<Option<MatchKind>> = vec![None; width];
    let mut cols = Vec::with_capacity(table.fields().len());
    let mut closed = vec![false; table.fields().len()];
    for (i, def) in table.fields().iter().enumerate() {
        let mut chosen = Vec::new();
        let key = (table, FieldId(i as u16));
        let user = overrides.get(&key);
        // `field = []` in [columns]: the export has no column for it.
        if user.is_some_and(|u| u.is_empty()) {
            closed[i] = true;
            cols.push(chosen);
            continue;
        }
        let vendor = preset.and_then(|p| p.columns.get(&key));
        let spellings = user
            .into_iter()
            .flatten()
            .map(|s| (s.as_str(), MatchKind::User))
            .chain(
                vendor
                    .into_iter()
                    .flatten()
                    .map(|s| (s.as_str(), MatchKind::Vendor)),
            )
            .chain(def.headers.iter().map(|&s| (s, MatchKind::Exact)));
        for (spelling, kind) in spellings {
            for (c, h) in normalised.iter().enumerate() {
                if !h.is_empty() && h == spelling && !chosen.contains(&c) {
                    chosen.push(c);
                    matched[c].get_or_insert(kind.clone());
                }
            }
        }
        cols.push(chosen);
    }
    let syn = synonyms();
    let mut units = vec![DurationUnit::default(); width];
    let mut claims: Vec<Option<(u8, usize, MatchKind)>> = vec![None; width];
    let candidates: Vec<Option<Candidate>> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            (matched[c].is_none() && !normalised[c].is_empty())
                .then(|| Candidate::new(syn, table, h))
                .flatten()
        })
        .collect();
    for (i, def) in table.fields().iter().enumerate() {
        if closed[i] || !cols[i].is_empty() || def.headers.is_empty() {
            continue;
        }
        let key = (table, FieldId(i as u16));
        let mut spellings: Vec<&str> = overrides
            .get(&key)
            .into_iter()
            .flatten()
            .chain(
                preset
                    .and_then(|p| p.columns.get(&key))
                    .into_iter()
                    .flatten(),
            )
            .map(String::as_str)
            .collect();
        spellings.push(def.name);
        spellings.extend(def.headers.iter().copied());
        spellings.extend(syn.phrases(table, def.name).iter().map(String::as_str));
        for (c, cand) in candidates.iter().enumerate() {
            let Some(cand) = cand else { continue };
            let Some((rank, kind)) = cand.best(syn, def.kind, &spellings) else {
                continue;
            };
            if claims[c].as_ref().is_none_or(|(r, _, _)| rank < *r) {
                claims[c] = Some((rank, i, kind));
            }
        }
    }
    for (c, claim) in claims.into_iter().enumerate() {
        if let Some((_, i, kind)) = claim {
            cols[i].push(c);
            matched[c] = Some(kind);
        }
    }
    for (c, h) in headers.iter().enumerate() {
        if let Some(unit) = syn.words(h).iter().rev().find_map(|w| {
            (w.meant.len() > 1)
                .then(|| DurationUnit::from_word(&w.meant))
                .flatten()
        }) {
            units[c] = unit;
        }
    }
    Mapping {
        cols,
        matched,
        units,
        ids: id_fields(table),
        lookups: Vec::new(),
    }
}

/// Per field of `table`: whether it is an id, whose "no record" values read as
/// empty.
fn id_fields(table: Table) -> Vec<bool> {
    table
        .fields()
        .iter()
        .map(|f| f.kind == FieldKind::Id)
        .collect()
}

/// A header not claimed by a spelling, as the words it may be matched by.
struct Candidate {
    /// The header's words as written, with the table's own word in front when
    /// a prefix named another table.
    words: Vec<Word>,
    /// The same without the table's own word in front (`Ticket Subject` in a
    /// tickets file is its subject).
    bare: Option<Vec<Word>>,
    /// The header's letters and digits, and without the table's word.
    compact: String,
    bare_compact: Option<String>,
}

impl Candidate {
    fn new(syn: &Synonyms, table: Table, header: &str) -> Option<Candidate> {
        let h = syn.header(header);
        let own = table_word(table);
        let mut words = h.words;
        let mut compact = h.compact;
        // A prefix naming another table stays part of the field's words:
        // `Account: Account Name` in a contacts file is the account's name.
        if let Some(hint) = h.hint
            && Some(hint.as_str()) != own
            && words.first().is_none_or(|w| w.meant != hint)
        {
            compact = format!("{hint}{compact}");
            words.insert(
                0,
                Word {
                    raw: hint.clone(),
                    meant: hint,
                },
            );
        }
        if words.is_empty() {
            return None;
        }
        let bare = (words.len() > 1 && own.is_some_and(|o| words[0].meant == o))
            .then(|| words[1..].to_vec());
        let bare_compact = bare
            .as_ref()
            .and_then(|_| compact.strip_prefix(words[0].raw.as_str()))
            .map(str::to_string);
        Some(Candidate {
            words,
            bare,
            compact,
            bare_compact,
        })
    }

    /// The best way this header matches one of a field's spellings: a rank
    /// (lower is better) and the kind of match.
    fn best(&self, syn: &Synonyms, kind: FieldKind, spellings: &[&str]) -> Option<(u8, MatchKind)> {
        let mut best: Option<(u8, MatchKind)> = None;
        let mut offer = |rank: u8, m: MatchKind| {
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, m));
            }
        };
        let forms = std::iter::once((&self.words, &self.compact))
            .chain(self.bare.as_ref().zip(self.bare_compact.as_ref()));
        for (words, compact) in forms {
            let (meant, suffix) = syn.meaning(words);
            for &spelling in spellings {
                let theirs = syn.words(spelling);
                if *compact == super::synonyms::compact(spelling) {
                    offer(0, MatchKind::Spelling(spelling.to_string()));
                    continue;
                }
                let (their_meant, their_suffix) = syn.meaning(&theirs);
                if meant != their_meant {
                    continue;
                }
                let Some(rank) = fits(kind, suffix, their_suffix) else {
                    continue;
                };
                let replaced: Vec<String> = words
                    .iter()
                    .filter(|w| w.raw != w.meant)
                    .map(|w| format!("'{}' means '{}'", w.raw, w.meant))
                    .collect();
                let m = match suffix {
                    Suffix::Duration(u) => {
                        MatchKind::UnitSuffix(format!("'{}' in {}", meant.join(" "), u.name()))
                    }
                    Suffix::Date => {
                        MatchKind::UnitSuffix(format!("'{}' as a date", meant.join(" ")))
                    }
                    _ if !replaced.is_empty() => {
                        MatchKind::Synonym(format!("{} (as '{spelling}')", replaced.join(", ")))
                    }
                    Suffix::Time => MatchKind::Synonym(format!(
                        "'{}' as a time (as '{spelling}')",
                        meant.join(" ")
                    )),
                    Suffix::None => MatchKind::Synonym(format!("the words of '{spelling}'")),
                };
                offer(rank, m);
            }
        }
        best
    }
}

/// Whether a header whose last word says `suffix` fits a field of `kind` whose
/// spelling says `theirs`, and how well (lower is better).
fn fits(kind: FieldKind, suffix: Suffix, theirs: Suffix) -> Option<u8> {
    let duration = kind == FieldKind::Duration;
    match suffix {
        Suffix::Duration(_) => duration.then_some(1),
        Suffix::Date => (kind == FieldKind::Date).then_some(1),
        Suffix::Time if duration => Some(1),
        Suffix::Time => (kind == FieldKind::Date).then_some(2),
        // A bare header is a date or a duration only as its spelling is.
        Suffix::None if duration => matches!(theirs, Suffix::None).then_some(3),
        Suffix::None => Some(1),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn fed(table: Table, line: &str, field: &str) -> Vec<String> {
        let headers: Vec<String> = line.split(',').map(str::to_string).collect();
        let m = map_columns(table, &headers, &HashMap::new(), None);
        let f = table.field(field).unwrap();
        m.cols[f.0 as usize]
            .iter()
            .map(|&c| headers[c].clone())
            .collect()
    }

    #[test]
    fn headers_are_read_by_meaning_after_the_exact_spellings() {
        let t = Table::Tickets;
        let line = "ticket_id,account_id,priority,created_at,resolved_at,first_response_minutes,resolution_hours";
        assert_eq!(fed(t, line, "id"), ["ticket_id"]);
        assert_eq!(fed(t, line, "created"), ["created_at"]);
        assert_eq!(fed(t, line, "closed"), ["resolved_at"]);
        assert_eq!(
            fed(t, line, "first_response_hours"),
            ["first_response_minutes"]
        );
        assert_eq!(fed(t, line, "resolution_hours"), ["resolution_hours"]);
        let line = "Customer Name,Customer Email,Ticket Subject,First Response Time,Opened";
        assert_eq!(fed(t, line, "account_name"), ["Customer Name"]);
        assert_eq!(fed(t, line, "contact_email"), ["Customer Email"]);
        assert_eq!(fed(t, line, "subject"), ["Ticket Subject"]);
        assert_eq!(
            fed(t, line, "first_response_hours"),
            ["First Response Time"]
        );
        assert_eq!(fed(t, line, "first_response"), Vec::<String>::new());
        assert_eq!(fed(t, line, "created"), ["Opened"]);
        // An exact spelling wins: the Salesforce custom field is a timestamp.
        assert_eq!(
            fed(
                t,
                "First_Response_Time__c,Time to first response",
                "first_response"
            ),
            ["First_Response_Time__c"]
        );
    }

    #[test]
    fn spellings_in_other_case_or_separators_are_the_same_spelling() {
        for h in [
            "LossReason__c",
            "Loss_Reason__c",
            "Reason_Lost__c",
            "lossReason",
        ] {
            assert_eq!(fed(Table::Deals, h, "loss_reason"), [h], "{h}");
        }
        assert_eq!(
            fed(Table::Orders, "effective_date,order_number", "date"),
            ["effective_date"]
        );
    }

    #[test]
    fn a_table_prefix_is_a_hint() {
        let line = "Account: Account Name,Account: Type,Contact: First Name,Contact: Title";
        assert_eq!(
            fed(Table::Contacts, line, "account_name"),
            ["Account: Account Name"]
        );
        assert_eq!(
            fed(Table::Contacts, line, "first_name"),
            ["Contact: First Name"]
        );
        assert_eq!(fed(Table::Contacts, line, "title"), ["Contact: Title"]);
        assert_eq!(fed(Table::Accounts, line, "type"), ["Account: Type"]);
        assert_eq!(
            fed(Table::Accounts, line, "name"),
            ["Account: Account Name"]
        );
        assert!(fed(Table::Accounts, line, "id").is_empty());
    }

    #[test]
    fn durations_take_their_unit_from_the_header() {
        let headers: Vec<String> = ["created_at", "first_response_minutes"]
            .map(String::from)
            .to_vec();
        let m = map_columns(Table::Tickets, &headers, &HashMap::new(), None);
        assert_eq!(m.units[1], DurationUnit::Minutes);
        let f = Table::Tickets.field("first_response_hours").unwrap();
        let row = csv::ByteRecord::from(vec!["2026-01-01", "90"]);
        assert_eq!(m.duration_seconds(&row, f), Ok(Some(5400.0)));
        let row = csv::ByteRecord::from(vec!["2026-01-01", "soon"]);
        let err = m.duration_seconds(&row, f).unwrap_err();
        assert_eq!(err.0, 1);
        assert!(
            err.1
                .contains("'soon' is not a duration (a number of minutes"),
            "{}",
            err.1
        );
    }

    #[test]
    fn ids_that_name_no_record_read_as_empty() {
        let headers: Vec<String> = ["WhatId", "AccountId", "Subject"]
            .map(String::from)
            .to_vec();
        let m = map_columns(Table::Activities, &headers, &HashMap::new(), None);
        let what = Table::Activities.field("related_id").unwrap();
        let subject = Table::Activities.field("subject").unwrap();
        for null in ["000000000000000AAA", "000000000000000", "0"] {
            let row = csv::ByteRecord::from(vec![null, "001A", "0"]);
            assert_eq!(m.get(&row, what), None, "{null}");
            assert_eq!(m.get(&row, subject), Some(&b"0"[..]));
        }
    }
}
