//! The contacts of an export, kept compact: an export has several contacts per
//! account, so at 100,000 accounts there are hundreds of thousands of them, and
//! a `String` per id and name (plus a map keyed by another copy of the id) cost
//! more than every metric together. Here ids and names share one buffer, a
//! contact is 24 bytes, and the id index ([`super::ids::IdIndex`]) holds short
//! ids in its entries.

use std::borrow::Cow;

/// A role index of the rule set, or one of these markers.
const NO_ROLE: u8 = u8::MAX;
/// No role value was given for the contact yet.
const UNSEEN: u8 = u8::MAX - 1;
const NO_ACCOUNT: u32 = u32::MAX;
use super::NO_CONTACT as NO_CONTACT_INDEX;

pub use crate::spec::MAX_ROLES;
// Every role index must stay below the two marker values.
const _: () = assert!(MAX_ROLES <= UNSEEN as usize);

#[derive(Debug, Clone, Copy)]
struct Row {
    /// Where the id starts in the buffer; the name follows it.
    start: u64,
    id_len: u32,
    name_len: u32,
    account: u32,
    /// The role the job title matches.
    title_role: u8,
    /// The role the contact's own role value matches, NO_ROLE when it
    /// matches none, UNSEEN when it has none.
    value_role: u8,
    /// The first of the rule set's roles that any relation's role value
    /// matches (NO_ROLE for none): the same whatever order relations come in.
    relation_role: u8,
    role: u8,
}

/// Contacts by index, with an index by id.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    text: Vec<u8>,
    rows: Vec<Row>,
    /// Shared with the reader once every contact is read (see `super::ahead`).
    index: std::sync::Arc<super::ids::IdIndex>,
}

fn role_code(role: Option<u8>) -> u8 {
    role.filter(|&r| (r as usize) < MAX_ROLES)
        .unwrap_or(NO_ROLE)
}

fn role_of(code: u8) -> Option<u8> {
    (code < UNSEEN).then_some(code)
}

impl Contacts {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn id_bytes(&self, c: u32) -> &[u8] {
        let r = &self.rows[c as usize];
        &self.text[r.start as usize..r.start as usize + r.id_len as usize]
    }

    /// The contact's id as the export wrote it.
    pub fn id(&self, c: u32) -> Cow<'_, str> {
        String::from_utf8_lossy(self.id_bytes(c))
    }

    /// The contact's name (its id when the export gives none).
    pub fn name(&self, c: u32) -> &str {
        let r = &self.rows[c as usize];
        let start = r.start as usize + r.id_len as usize;
        // Names are stored as UTF-8 (converted on the way in).
        std::str::from_utf8(&self.text[start..start + r.name_len as usize]).unwrap_or("")
    }

    /// The account the contact belongs to, if any.
    pub fn account(&self, c: u32) -> Option<u32> {
        let a = self.rows[c as usize].account;
        (a != NO_ACCOUNT).then_some(a)
    }

    /// Gives the contact an account unless it has one.
    pub fn set_account_if_none(&mut self, c: u32, account: u32) {
        let r = &mut self.rows[c as usize];
        if r.account == NO_ACCOUNT {
            r.account = account;
        }
    }

    /// The contact's role, once roles are resolved.
    pub fn role(&self, c: u32) -> Option<u8> {
        role_of(self.rows[c as usize].role)
    }

    /// Whether contact `a` comes before contact `b`: by id, then name. Where
    /// two rows tie (one day, one role), the first contact by this order is the
    /// one named, so that the report does not depend on the order of the rows.
    pub fn precedes(&self, a: u32, b: u32) -> bool {
        if b == NO_CONTACT_INDEX {
            return a != NO_CONTACT_INDEX;
        }
        if a == NO_CONTACT_INDEX {
            return false;
        }
        (self.id_bytes(a), self.name(a)) < (self.id_bytes(b), self.name(b))
    }

    /// The contact with this id.
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        self.index.get(id)
    }

    /// The index by id, to share once no contact is added any more.
    pub(super) fn index(&self) -> std::sync::Arc<super::ids::IdIndex> {
        self.index.clone()
    }

    /// Adds a contact whose id is not known yet; returns its index. `title_role`
    /// is the role its job title matches.
    pub fn insert(
        &mut self,
        id: &[u8],
        name: &str,
        account: Option<u32>,
        title_role: Option<u8>,
    ) -> u32 {
        debug_assert!(self.find(id).is_none());
        let c = self.rows.len() as u32;
        let start = self.text.len() as u64;
        self.text.extend_from_slice(id);
        self.text.extend_from_slice(name.as_bytes());
        self.rows.push(Row {
            start,
            id_len: id.len() as u32,
            name_len: name.len() as u32,
            account: account.unwrap_or(NO_ACCOUNT),
            title_role: role_code(title_role),
            value_role: UNSEEN,
            relation_role: NO_ROLE,
            role: NO_ROLE,
        });
        std::sync::Arc::make_mut(&mut self.index).insert(id, c);
        c
    }

    /// Notes the contact's own role value (its Role column); `role` is the
    /// rule set's role it matches, if any.
    pub fn give_role_value(&mut self, c: u32, role: Option<u8>) {
        let r = &mut self.rows[c as usize];
        if r.value_role == UNSEEN {
            r.value_role = role_code(role);
        }
    }

    /// Notes a relation's role value for the contact (Roles); `role` is the
    /// rule set's role it matches, if any. Of several, the one whose role comes
    /// first in the rule set counts, so the order of the relations does not.
    pub fn give_relation_role(&mut self, c: u32, role: Option<u8>) {
        let r = &mut self.rows[c as usize];
        r.relation_role = r.relation_role.min(role_code(role));
    }

    /// Settles every contact's role: the one its own role value matches; when
    /// it has none, the first its relations' values match; else the one its
    /// title matches.
    pub fn resolve_roles(&mut self) {
        for r in &mut self.rows {
            let given = match r.value_role {
                UNSEEN => role_of(r.relation_role),
                own => role_of(own),
            };
            r.role = given.unwrap_or(r.title_role);
        }
    }

    /// Frees the spare capacity the buffers grew.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.rows.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_found_by_id_and_keep_their_names() {
        let mut c = Contacts::default();
        for i in 0..10_000u32 {
            let id = format!("003{i:015}");
            assert_eq!(c.find(id.as_bytes()), None);
            let got = c.insert(id.as_bytes(), &format!("Person {i}"), Some(i / 4), None);
            assert_eq!(got, i);
        }
        assert_eq!(c.len(), 10_000);
        let k = c.find(b"003000000000004321").unwrap();
        assert_eq!(k, 4321);
        assert_eq!(c.id(k), "003000000000004321");
        assert_eq!(c.name(k), "Person 4321");
        assert_eq!(c.account(k), Some(1080));
        assert_eq!(c.find(b"003000000000004321 "), None);
    }

    #[test]
    fn the_own_role_value_wins_over_relations_and_the_title() {
        let mut c = Contacts::default();
        let a = c.insert(b"a", "A", None, Some(1));
        let b = c.insert(b"b", "B", None, Some(1));
        let d = c.insert(b"d", "D", None, None);
        c.give_role_value(a, Some(0));
        c.give_role_value(a, Some(2));
        // A role value that matches no role leaves the title to decide.
        c.give_role_value(b, None);
        c.give_role_value(b, Some(0));
        c.give_relation_role(b, Some(0));
        // Relations' values: the first role of the rule set any matches, in
        // whatever order they come.
        let e = c.insert(b"e", "E", None, Some(1));
        let f = c.insert(b"f", "F", None, Some(1));
        for (x, order) in [(e, [Some(2), None, Some(0)]), (f, [Some(0), Some(2), None])] {
            for role in order {
                c.give_relation_role(x, role);
            }
        }
        let g = c.insert(b"g", "G", None, Some(1));
        c.give_relation_role(g, None);
        c.resolve_roles();
        assert_eq!(c.role(a), Some(0));
        assert_eq!(c.role(b), Some(1));
        assert_eq!(c.role(d), None);
        assert_eq!((c.role(e), c.role(f)), (Some(0), Some(0)));
        assert_eq!(c.role(g), Some(1), "no relation value matches: the title");
        c.set_account_if_none(d, 7);
        c.set_account_if_none(d, 8);
        assert_eq!(c.account(d), Some(7));
    }
}
