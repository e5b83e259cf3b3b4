//! An index of ids (accounts', contacts') to their numbers, whose entries hold
//! the id itself when it is short: a lookup reads the table and nothing else.
//! With the ids kept elsewhere, every lookup went on to read the id where it
//! is stored to compare it, and in an export listed in creation order that is
//! a cache miss per row and id. Ids up to [`INLINE`] bytes (Salesforce's 18,
//! HubSpot's numbers, most others) are compared in the entry; a longer one is
//! kept in a buffer of the index's own, and its entry says where.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

/// The longest id kept in its entry.
const INLINE: usize = 23;
/// The length byte of an entry whose id is in `long`.
const LONG: u8 = u8::MAX;

#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The id, zero-padded; for a long id, where it is in `long` (8 bytes)
    /// and its length (8 bytes).
    key: [u8; INLINE],
    /// The id's length, or [`LONG`].
    len: u8,
    value: u32,
}

fn hash(id: &[u8]) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(id);
    h.finish()
}

/// Ids to numbers.
#[derive(Clone, Debug, Default)]
pub(crate) struct IdIndex {
    table: HashTable<Entry>,
    /// The ids longer than [`INLINE`] bytes, one after the other.
    long: Vec<u8>,
}

/// The id of an entry, from its key or from `long`.
fn id_of<'a>(e: &'a Entry, long: &'a [u8]) -> &'a [u8] {
    if e.len != LONG {
        return &e.key[..e.len as usize];
    }
    let at = |i: usize| u64::from_le_bytes(e.key[i..i + 8].try_into().unwrap_or_default()) as usize;
    &long[at(0)..at(0) + at(8)]
}

impl IdIndex {
    /// The number of `id`.
    #[inline]
    pub(crate) fn get(&self, id: &[u8]) -> Option<u32> {
        let long = id.len() > INLINE;
        self.table
            .find(hash(id), |e| {
                (e.len == LONG) == long
                    && (long || e.len as usize == id.len())
                    && id_of(e, &self.long) == id
            })
            .map(|e| e.value)
    }

    /// Gives `id` (not in the index yet) the number `value`.
    pub(crate) fn insert(&mut self, id: &[u8], value: u32) {
        let mut key = [0; INLINE];
        let len = if id.len() <= INLINE {
            key[..id.len()].copy_from_slice(id);
            id.len() as u8
        } else {
            key[..8].copy_from_slice(&(self.long.len() as u64).to_le_bytes());
            key[8..16].copy_from_slice(&(id.len() as u64).to_le_bytes());
            self.long.extend_from_slice(id);
            LONG
        };
        let long = &self.long;
        self.table
            .insert_unique(hash(id), Entry { key, len, value }, |e| {
                hash(id_of(e, long))
            });
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.len()
    }

    /// Gives back what growing left unused.
    pub(crate) fn shrink_to_fit(&mut self) {
        let long = &self.long;
        self.table.shrink_to_fit(|e| hash(id_of(e, long)));
        self.long.shrink_to_fit();
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
            index.insert(id, i as u32);
        }
        // Enough more to make the table grow and rehash the long ones.
        let more: Vec<Vec<u8>> = (0..2000)
            .map(|i| format!("{i:0>30}").into_bytes())
            .collect();
        let all: Vec<&[u8]> = ids.iter().chain(&more).map(|v| v.as_slice()).collect();
        for (i, id) in more.iter().enumerate() {
            index.insert(id, (ids.len() + i) as u32);
        }
        assert_eq!(index.len(), all.len());
        for (i, id) in all.iter().enumerate() {
            assert_eq!(index.get(id), Some(i as u32), "{id:?}");
        }
        // A long id sharing the first 23 bytes of one known, and prefixes.
        assert_eq!(index.get(b"123456789012345678901236"), None);
        assert_eq!(index.get(b"1234567890123456789012"), None);
        assert_eq!(index.get(b"001000000000001AA"), None);
        assert_eq!(index.get(b"001000000000001AAA "), None);
    }
}
