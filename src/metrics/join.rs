//! Joining rows to accounts and contacts: the id tables, registering accounts
//! and contacts as their files are read (refusing duplicate ids), finding the
//! account of any other row, and the competitors deal-competitors files name.

use anyhow::Result;
use rustc_hash::FxHashMap;

use crate::ingest::{InputFile, quirks};
use crate::model::{FieldId, Table};

use super::fold::RowRef;
use super::run::Engine;
use super::stats::{InputStats, Reject, RejectSink};
use super::{NO_CONTACT, NO_DAY};

/// One account of the export, with the contacts its actions go to.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// The account owner as the export gives it (a user id or a name).
    pub owner: Option<String>,
    /// The contact last in touch (a done activity), the default person to call.
    pub last_contact: u32,
    pub(super) last_contact_day: i32,
    /// Per role of the rule set: a contact of the account holding it.
    pub role_contacts: Vec<u32>,
    /// The account's first contact on file, the last resort for an action.
    pub first_contact: u32,
}

impl Account {
    /// An account with no contacts known yet; `roles` is the rule set's role count.
    pub fn new(id: String, name: String, roles: usize) -> Account {
        Account {
            id,
            name,
            owner: None,
            last_contact: NO_CONTACT,
            last_contact_day: NO_DAY,
            role_contacts: vec![NO_CONTACT; roles],
            first_contact: NO_CONTACT,
        }
    }
}

/// Competitors named on one deal in deal-competitors files, waiting for the deal.
pub(super) struct NamedCompetitor {
    pub(super) name: Box<[u8]>,
    /// The rows that named it: (file, line, deal id column).
    rows: Vec<(usize, u64, Option<usize>)>,
    pub(super) matched: bool,
}

/// The account of an id, or of the first id of a list (`123;456`, as HubSpot
/// writes several associated companies) that is one.
#[inline]
fn lookup_account(ids: &FxHashMap<Box<[u8]>, u32>, value: &[u8]) -> Option<u32> {
    if let Some(&a) = ids.get(value) {
        return Some(a);
    }
    if !value.contains(&b';') && !value.contains(&b',') {
        return None;
    }
    value
        .split(|&b| b == b';' || b == b',')
        .find_map(|part| ids.get(part.trim_ascii()).copied())
}

impl Engine<'_> {
    /// Competitor rows whose deal was not in any deals file are rejected once the
    /// deals have been read.
    pub(super) fn reject_unmatched_competitors(
        &mut self,
        inputs: &[InputFile],
        stats: &mut [InputStats],
        sink: &mut dyn RejectSink,
    ) -> Result<()> {
        let has_deals = self.presence.has_file[Table::Deals as usize];
        let mut unmatched: Vec<(usize, u64, Option<usize>, String)> = Vec::new();
        for (deal, named) in &self.deal_competitors {
            if named.matched {
                continue;
            }
            for &(file, line, col) in &named.rows {
                unmatched.push((file, line, col, String::from_utf8_lossy(deal).into_owned()));
            }
        }
        unmatched.sort();
        for (file, line, col, deal) in unmatched {
            let input = &inputs[file];
            stats[file].used -= 1;
            let reason = if has_deals {
                format!("no deal with id '{deal}' in the deals files")
            } else {
                "no deals file to find the deal in".to_string()
            };
            let column = col.and_then(|c| input.headers.get(c).cloned());
            self.reject(
                input,
                &mut stats[file],
                sink,
                Reject {
                    file,
                    line,
                    column,
                    reason,
                },
            )?;
        }
        Ok(())
    }

    /// Finds the row's account (and contact). Accounts and contacts are registered
    /// here; `Ok((None, _))` means the row was used but feeds no metric. An error
    /// names the column at fault, when there is one.
    pub(super) fn join(
        &mut self,
        row: &RowRef,
    ) -> Result<(Option<u32>, u32), (Option<usize>, String)> {
        let RowRef {
            file,
            line,
            input,
            record,
            ..
        } = *row;
        let (table, map) = (input.table, &input.mapping);
        let k = self.prep.plans[table as usize].known;
        let get = |f: Option<FieldId>| f.and_then(|f| map.get(record, f));
        let col = |f: Option<FieldId>| f.and_then(|f| map.get_with_col(record, f)).map(|(c, _)| c);
        let first_col =
            |f: Option<FieldId>| f.and_then(|f| map.cols[f.0 as usize].first().copied());
        let show = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        match table {
            Table::Accounts => {
                let id = get(k.id).ok_or((first_col(k.id), "no account id".to_string()))?;
                if let Some(&first) = self.account_ids.get(id) {
                    return Err((
                        col(k.id),
                        format!(
                            "duplicate account id '{}' (already read as account {})",
                            show(id),
                            self.accounts[first as usize].name
                        ),
                    ));
                }
                let idx = self.accounts.len() as u32;
                let name = get(k.name).map_or_else(|| show(id), show);
                self.account_ids.insert(id.into(), idx);
                self.accounts.push(Account {
                    id: show(id),
                    name,
                    owner: get(k.owner).map(show),
                    last_contact: NO_CONTACT,
                    last_contact_day: NO_DAY,
                    role_contacts: vec![NO_CONTACT; self.rules.roles.len()],
                    first_contact: NO_CONTACT,
                });
                self.evidence.push_account();
                for store in &mut self.stores {
                    store.push_account();
                }
                Ok((Some(idx), NO_CONTACT))
            }
            Table::Contacts => {
                let id = get(k.id).ok_or((first_col(k.id), "no contact id".to_string()))?;
                if self.contacts.find(id).is_some() {
                    return Err((col(k.id), format!("duplicate contact id '{}'", show(id))));
                }
                let account = match get(k.account_id) {
                    Some(a) => Some(lookup_account(&self.account_ids, a).ok_or_else(|| {
                        (
                            col(k.account_id),
                            format!("no account with id '{}'", show(a)),
                        )
                    })?),
                    None => None,
                };
                let name = match get(k.name) {
                    Some(n) => show(n),
                    None => {
                        let first = get(k.first_name).map(show).unwrap_or_default();
                        let last = get(k.last_name).map(show).unwrap_or_default();
                        let full = format!("{first} {last}").trim().to_string();
                        if full.is_empty() { show(id) } else { full }
                    }
                };
                let title_role = get(k.title).and_then(|t| self.role_of(t));
                let idx = self.contacts.insert(id, &name, account, title_role);
                if let Some(role) = get(k.role) {
                    self.contacts.give_role_value(idx, self.role_of(role));
                }
                Ok((account, idx))
            }
            Table::ContactRoles => {
                let a = get(k.account_id)
                    .ok_or((first_col(k.account_id), "no account id".to_string()))?;
                let c = get(k.contact_id)
                    .ok_or((first_col(k.contact_id), "no contact id".to_string()))?;
                let account = lookup_account(&self.account_ids, a).ok_or_else(|| {
                    (
                        col(k.account_id),
                        format!("no account with id '{}'", show(a)),
                    )
                })?;
                let contact = self.contacts.find(c).ok_or_else(|| {
                    (
                        col(k.contact_id),
                        format!("no contact with id '{}'", show(c)),
                    )
                })?;
                self.contacts.set_account_if_none(contact, account);
                if let Some(role) = get(k.role) {
                    self.contacts.give_role_value(contact, self.role_of(role));
                }
                Ok((Some(account), contact))
            }
            Table::DealCompetitors => {
                let deal =
                    get(k.deal_id).ok_or((first_col(k.deal_id), "no deal id".to_string()))?;
                let Some(name) = get(k.competitor) else {
                    // Nothing named: the row says nothing, but it was read.
                    return Ok((None, NO_CONTACT));
                };
                let deal_col = col(k.deal_id);
                self.deal_competitors
                    .entry(deal.into())
                    .or_insert_with(|| NamedCompetitor {
                        name: name.into(),
                        rows: Vec::new(),
                        matched: false,
                    })
                    .rows
                    .push((file, line, deal_col));
                Ok((None, NO_CONTACT))
            }
            _ => {
                let contact = get(k.contact_id)
                    .and_then(|c| self.contacts.find(c))
                    .unwrap_or(NO_CONTACT);
                let via_contact = (contact != NO_CONTACT)
                    .then(|| self.contacts.account(contact))
                    .flatten();
                let account = get(k.related_id)
                    .and_then(|r| lookup_account(&self.account_ids, r))
                    .or_else(|| {
                        get(k.account_id).and_then(|a| lookup_account(&self.account_ids, a))
                    })
                    .or(via_contact);
                match account {
                    Some(a) => Ok((Some(a), contact)),
                    None if contact != NO_CONTACT
                        && get(k.account_id).is_none()
                        && get(k.related_id).is_none() =>
                    {
                        Err((
                            col(k.contact_id),
                            format!(
                                "its contact '{}' ({}) belongs to no account: the contact has no account id and no account-contact relation names it",
                                self.contacts.id(contact),
                                self.contacts.name(contact)
                            ),
                        ))
                    }
                    None => {
                        let mut tried = Vec::new();
                        let mut at = None;
                        for (field, header) in [
                            (k.account_id, "account id"),
                            (k.related_id, "related id"),
                            (k.contact_id, "contact id"),
                        ] {
                            if let Some(v) = get(field) {
                                let unknown_contact =
                                    field == k.contact_id && self.contacts.find(v).is_none();
                                let note = match (unknown_contact, quirks::is_salesforce_lead(v)) {
                                    // A lead has no account yet.
                                    (true, true) => " (a Salesforce lead, not a contact)",
                                    (true, false) => " (in no contacts file)",
                                    _ => "",
                                };
                                tried.push(format!("{header} '{}'{note}", show(v)));
                                at = at.or(col(field));
                            }
                        }
                        Err(if tried.is_empty() {
                            (
                                None,
                                "no account: the row has no account, related or contact id"
                                    .to_string(),
                            )
                        } else {
                            (at, format!("no account found for {}", tried.join(", ")))
                        })
                    }
                }
            }
        }
    }

    /// The first of the rule set's roles whose class `text` matches.
    pub(super) fn role_of(&self, text: &[u8]) -> Option<u8> {
        let rules = self.rules;
        rules
            .roles
            .iter()
            .position(|r| rules.classes[r.class].is_match(text))
            .map(|r| r as u8)
    }

    /// Gives each contact its role and each account a contact per role.
    pub(super) fn resolve_roles(&mut self) {
        self.contacts.resolve_roles();
        self.contacts.shrink_to_fit();
        for c in 0..self.contacts.len() as u32 {
            // The first by id (then name), in whatever order the contacts came.
            if let Some(a) = self.contacts.account(c) {
                let acc = &mut self.accounts[a as usize];
                let contacts = &self.contacts;
                if contacts.precedes(c, acc.first_contact) {
                    acc.first_contact = c;
                }
                if let Some(r) = contacts.role(c)
                    && contacts.precedes(c, acc.role_contacts[r as usize])
                {
                    acc.role_contacts[r as usize] = c;
                }
            }
        }
    }
}
