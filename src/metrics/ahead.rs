//! The join's lookups, worked out ahead where records are parsed. Once the
//! accounts and contacts files are read (and no account is made from other
//! rows' references), the id indexes no longer change: a row's account and
//! contact ids find the same numbers whichever thread looks them up, and
//! whenever. The fold publishes the indexes then ([`Ahead::publish`]); the
//! reader looks up each later row's ids in them ([`Indexes::look`]) and the
//! join takes what it found. In an export listed in creation order those
//! lookups are a cache miss per row and id, which the fold thread no longer
//! waits on. A row parsed before the indexes are published is looked up by the
//! join itself, as every row is without a reader thread ahead; the results are
//! the same.

use std::sync::{Arc, OnceLock};

use crate::ingest::Mapping;
use crate::model::Table;

use super::ids::IdIndex;
use super::plan::Known;

/// The id indexes, read-only once published.
pub(super) struct Indexes {
    pub(super) accounts: Arc<IdIndex>,
    pub(super) contacts: Arc<IdIndex>,
    /// Per table: whether its ids are checked for duplicates (it comes in
    /// several files), so that their hashes are worked out ahead too.
    pub(super) hash_ids: Vec<bool>,
}

/// What one row's ids found.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Looked {
    pub(super) contact: Option<u32>,
    /// The account of the row's related id (`WhatId`), then of its account id.
    pub(super) related: Option<u32>,
    pub(super) account: Option<u32>,
    /// The hash of the row's own id, for the duplicate-id check (0 when not asked).
    pub(super) id_hash: u64,
}

/// Where the fold publishes the indexes for the reader: shared by both.
#[derive(Clone, Default)]
pub(super) struct Ahead(Arc<OnceLock<Indexes>>);

impl Ahead {
    /// Hands the indexes over; only the first call counts.
    pub(super) fn publish(&self, indexes: Indexes) {
        let _ = self.0.set(indexes);
    }

    /// The indexes, once published.
    pub(super) fn get(&self) -> Option<&Indexes> {
        self.0.get()
    }
}

impl Indexes {
    /// Looks up the ids of a row of `table`, as the join would.
    pub(super) fn look<R: crate::ingest::Fields + ?Sized>(
        &self,
        table: Table,
        known: &Known,
        map: &Mapping,
        record: &R,
    ) -> Looked {
        let get = |f: Option<crate::model::FieldId>| f.and_then(|f| map.get(record, f));
        let accounts = &self.accounts;
        Looked {
            contact: get(known.contact_id).and_then(|c| self.contacts.get(c)),
            related: get(known.related_id).and_then(|r| super::join::lookup_account(accounts, r)),
            account: get(known.account_id).and_then(|a| super::join::lookup_account(accounts, a)),
            id_hash: match get(known.id) {
                Some(id) if self.hash_ids[table as usize] => super::join::id_hash(id),
                _ => 0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_looked_up_ahead_finds_what_the_join_would() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Task.csv");
        std::fs::write(
            &path,
            "Id,AccountId,WhoId,WhatId,Subject,ActivityDate\n\
             00T1,001B;001A,003A,006X,Call,2026-05-02\n",
        )
        .unwrap();
        let rules = crate::spec::RuleSet::builtin().unwrap();
        let (inputs, _) = crate::commands::recognise_all(&rules, &[], &[path]).unwrap();
        let input = &inputs[0];
        assert_eq!(input.table, Table::Activities);
        let known = Known::new(Table::Activities);
        let record = csv::ByteRecord::from(vec![
            "00T1",
            "001B;001A",
            "003A",
            "006X",
            "Call",
            "2026-05-02",
        ]);
        let mut accounts = IdIndex::default();
        accounts.insert(b"001A", 7);
        let mut contacts = IdIndex::default();
        contacts.insert(b"003A", 3);
        let mut hash_ids = vec![false; Table::ALL.len()];
        let mut indexes = Indexes {
            accounts: Arc::new(accounts),
            contacts: Arc::new(contacts),
            hash_ids: hash_ids.clone(),
        };
        let looked = indexes.look(Table::Activities, &known, &input.mapping, &record);
        assert_eq!(
            looked,
            Looked {
                contact: Some(3),
                related: None,
                // The second of two ids listed, as the join finds it.
                account: Some(7),
                id_hash: 0,
            }
        );
        let by_what = csv::ByteRecord::from(vec!["00T2", "", "", "001A", "Call", "2026-05-02"]);
        let looked = indexes.look(Table::Activities, &known, &input.mapping, &by_what);
        assert_eq!(
            (looked.related, looked.account, looked.contact),
            (Some(7), None, None)
        );
        // A table in several files has its ids' hashes worked out too: the
        // same hash as the rows the join checks itself.
        hash_ids[Table::Activities as usize] = true;
        indexes.hash_ids = hash_ids;
        let looked = indexes.look(Table::Activities, &known, &input.mapping, &record);
        assert_eq!(looked.id_hash, super::super::join::id_hash(b"00T1"));
        assert_ne!(looked.id_hash, 0);
    }
}
