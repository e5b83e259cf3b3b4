//! An index of ids (accounts', contacts') to their numbers, whose entries hold
//! the id itself when it is short: a lookup reads the table and nothing else.
//! With the ids kept elsewhere, every lookup went on to read the id where it
//! is stored to compare it, and in an export listed in creation order that is
//! a cache miss per row and id. Ids up to [`INLINE`] bytes (Salesforce's 18,
//! HubSpot's numbers, most others) are compared in the entry; a longer one is
//! compared where its owner keeps it.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

/// The longest id kept in its entry.
const INLINE: usize = 23;
/// The length byte of an entry whose id is longer than [`INLINE`].
const LONG: u8 = u8::MAX;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The id (its first [`INLINE`] bytes when longer), zero-padded.
    key: [u8; INLINE],
    /// Its length, or [`LONG`].
    len: u8,
    value: u32,
}

impl Entry {
    fn new(id: &[u8], value: u32) -> Entry {
        let mut key = [0; INLINE];
        let n = id.len().min(INLINE);
        key[..n].copy_from_slice(&id[..n]);
        let len = if id.len() <= INLINE {
            id.len() as u8
        } else {
            LONG
        };
        Entry { key, len, value }
    }

    /// The id, when it is kept here whole.
    fn inline(&self) -> Option<&[u8]> {
        (self.len != LONG).then(|| &self.key[..self.len as usize])
    }
}

fn hash(id: &[u8]) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(id);
    h.finish()
}

/// Ids to numbers. The owner of the ids keeps them in full: the functions
/// given `id_of` read a number's id from there (only for long ids, and when
/// the table grows).
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    table: HashTable<Entry>,
}

impl IdIndex {
    /// The number of `id`; `id_of` gives the id of a number whose id is long.
    #[inline]
    pub(crate) fn get<'a>(&self, id: &[u8], id_of: impl Fn(u32) -> &'a [u8]) -> Option<u32> {
        let long = id.len() > INLINE;
        self.table
            .find(hash(id), |e| match e.inline() {
                Some(key) => key == id,
                None => long && e.key == id[..INLINE] && id_of(e.value) == id,
            })
            .map(|e| e.value)
    }

    /// Gives `id` (not in the index yet) the number `value`.
    pub(crate) fn insert<'a>(&mut self, id: &[u8], value: u32, id_of: impl Fn(u32) -> &'a [u8]) {
        let rehash = |e: &Entry| match e.inline() {
            Some(key) => hash(key),
            None => hash(id_of(e.value)),
        };
        self.table
            .insert_unique(hash(id), Entry::new(id, value), rehash);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_ids_find_their_numbers() {
        let ids: Vec<Vec<u8>> = vec![
            b"001000000000001AAA".to_vec(),
            b"".to_vec(),
            b"12345678901234567890123".to_vec(),
            b"123456789012345678901234".to_vec(),
            b"123456789012345678901235".to_vec(),
            b"someone.with.a.long.name@example.com".to_vec(),
        ];
        let mut index = IdIndex::default();
        for (i, id) in ids.iter().enumerate() {
            index.insert(id, i as u32, |v| &ids[v as usize]);
        }
        // Enough more to make the table grow and rehash the long ones.
        let more: Vec<Vec<u8>> = (0..2000)
            .map(|i| format!("{i:0>30}").into_bytes())
            .collect();
        let all: Vec<&[u8]> = ids.iter().chain(&more).map(|v| v.as_slice()).collect();
        for (i, id) in more.iter().enumerate() {
            index.insert(id, (ids.len() + i) as u32, |v| all[v as usize]);
        }
        assert_eq!(index.len(), all.len());
        for (i, id) in all.iter().enumerate() {
            assert_eq!(index.get(id, |v| all[v as usize]), Some(i as u32), "{id:?}");
        }
        // A long id sharing the first 23 bytes of one known, and prefixes.
        assert_eq!(
            index.get(b"123456789012345678901236", |v| all[v as usize]),
            None
        );
        assert_eq!(
            index.get(b"1234567890123456789012", |v| all[v as usize]),
            None
        );
        assert_eq!(index.get(b"001000000000001AA", |v| all[v as usize]), None);
        assert_eq!(index.get(b"001000000000001AAA ", |v| all[v as usize]), None);
    }
}
