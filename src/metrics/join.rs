//! Joining rows to accounts and contacts: the id tables, registering accounts
//! and contacts as their files are read (refusing duplicate ids), finding the
//! account of any other row, and the competitors deal-competitors files name.

use anyhow::Result;
use rustc_hash::FxHashMap;

use crate::ingest::{Fields as _, InputFile, quirks};
use crate::model::{FieldId, Table};

use super::ahead::Looked;
use super::fold::RowRef;
use super::ids::IdIndex;
use super::names::{Found, NameIndex};
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
    /// The owner's name, from the export's list of users, when `owner` is an id.
    pub owner_name: Option<String>,
    /// The contact last in touch (a done activity), the default person to call.
    pub last_contact: u32,
    pub(super) last_contact_day: i32,
    /// Per role of the rule set: a contact of the account holding it.
    pub role_contacts: Vec<u32>,
    /// The account's first contact on file, the last resort for an action.
    pub first_contact: u32,
    /// Rows of other tables (contacts, activities, deals, cases, ...) joined to
    /// it: an account with none is dormant, with nothing to score.
    pub records: u32,
}

impl Account {
    /// An account with no contacts known yet; `roles` is the rule set's role count.
    pub fn new(id: String, name: String, roles: usize) -> Account {
        Account {
            id,
            name,
            owner: None,
            owner_name: None,
            last_contact: NO_CONTACT,
            last_contact_day: NO_DAY,
            role_contacts: vec![NO_CONTACT; roles],
            first_contact: NO_CONTACT,
            records: 0,
        }
    }
}

/// How rows find their accounts beyond the id: by name, by deriving the
/// accounts when the export has no accounts file, and the ids already read of
/// tables given in several files.
#[derive(Default)]
pub(super) struct Joins {
    pub(super) names: NameIndex,
    /// No accounts file: accounts are made from the references of other rows.
    pub(super) derive: bool,
    /// Per table given in two or more files: every id read, to refuse one read
    /// again. Memory grows with such tables' rows, so only then, by 17 bytes
    /// an id.
    pub(super) ids: Vec<Option<SeenIds>>,
    /// The files' names as shown, for the reasons of duplicates.
    pub(super) file_names: Vec<String>,
    /// Rows rejected so far as duplicates of an id read before.
    pub(super) duplicates: u64,
}

impl Joins {
    /// Sets up the joins for these inputs.
    pub(super) fn new(inputs: &[InputFile]) -> Joins {
        let count = |t: Table| inputs.iter().filter(|i| i.table == t).count();
        let ids = Table::ALL
            .iter()
            .map(|&t| {
                let own_ids = matches!(
                    t,
                    Table::Activities | Table::Deals | Table::Tickets | Table::Orders
                );
                (own_ids && count(t) > 1).then(SeenIds::default)
            })
            .collect();
        Joins {
            names: NameIndex::default(),
            derive: count(Table::Accounts) == 0,
            ids,
            file_names: inputs.iter().map(InputFile::display_name).collect(),
            duplicates: 0,
        }
    }
}

/// The ids read so far of one table given in several files, each where it was
/// read. An entry is a 64-bit hash of the id (among a few million ids, two
/// share one with odds of about one in ten million), the file and the line: 16
/// bytes (and a control byte), with no allocation per row.
///
/// The entries are spread over [`SHARDS`] tables by bits of the hash that
/// neither a table's buckets nor its tags use. A table that grows holds its
/// old and new buckets at once; one table of 3.5 million ids did so with 40 MB
/// more at every doubling, a shard does with a quarter of that. Four, not
/// more: a shard of a few million ids is large enough for the allocator to
/// map it on its own and give it back when the pass ends, where 64 small ones
/// stayed in its heap after the pass (44 MB more peak with `--format json`).
pub(super) struct SeenIds {
    shards: Vec<hashbrown::HashTable<[u32; 4]>>,
}

/// How many tables [`SeenIds`] spreads its ids over.
const SHARDS: usize = 4;

impl Default for SeenIds {
    /// Empty tables, which allocate nothing until their first id.
    fn default() -> Self {
        SeenIds {
            shards: std::iter::repeat_with(hashbrown::HashTable::new)
                .take(SHARDS)
                .collect(),
        }
    }
}

impl SeenIds {
    /// Where `id` was read before (file, line), or None after noting that it
    /// is read at `file:line`.
    #[cfg(test)]
    fn seen(&mut self, id: &[u8], file: usize, line: u64) -> Option<(usize, u64)> {
        self.seen_hashed(id_hash(id), file, line)
    }

    /// Reads where the id whose [`id_hash`] is `hash` would be, so that it is
    /// in cache for [`SeenIds::seen_hashed`]; what it returns means nothing.
    #[inline]
    fn touch(&self, hash: u64) -> u32 {
        let table = &self.shards[(hash >> 40) as usize % SHARDS];
        table
            .find(hash, |e| e[0] == hash as u32)
            .map_or(0, |e| e[3])
    }

    /// [`SeenIds::seen`] of the id whose [`id_hash`] is `hash`.
    fn seen_hashed(&mut self, hash: u64, file: usize, line: u64) -> Option<(usize, u64)> {
        let (lo, hi) = (hash as u32, (hash >> 32) as u32);
        // Bits from 40 on: a shard's buckets use the low bits, its tags the top 7.
        let table = &mut self.shards[(hash >> 40) as usize % SHARDS];
        let hasher = |e: &[u32; 4]| u64::from(e[0]) | (u64::from(e[1]) << 32);
        if let Some(e) = table.find(hash, |e| e[0] == lo && e[1] == hi) {
            return Some((e[2] as usize, u64::from(e[3])));
        }
        // Files and lines past u32 are past any export this can read.
        let entry = [lo, hi, file as u32, line.min(u64::from(u32::MAX)) as u32];
        table.insert_unique(hash, entry, hasher);
        None
    }
}

/// A 64-bit hash of an id, well spread in its low bits (a table's bucket) and
/// its high ones (hashbrown's tags).
pub(super) fn id_hash(id: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut sip = std::hash::DefaultHasher::new();
    sip.write(id);
    sip.finish()
}

/// Whether rows of `table` are of things done with an account (an activity, a
/// deal, a case, an order, ...) and find it by the ids they name: the join's
/// last arm, whose lookups are worked out ahead ([`super::ahead`]).
pub(super) fn names_its_account(table: Table) -> bool {
    matches!(
        table,
        Table::Orders
            | Table::Deals
            | Table::Tickets
            | Table::Activities
            | Table::Subscriptions
            | Table::ChurnEvents
    )
}

/// What a table calls one of its rows, in a duplicate's reason.
fn row_noun(table: Table) -> &'static str {
    match table {
        Table::Activities => "activity",
        Table::Deals => "deal",
        Table::Tickets => "case",
        Table::Orders => "order",
        _ => "row",
    }
}

/// Competitors named on one deal in deal-competitors files, waiting for the deal.
pub(super) struct NamedCompetitor {
    pub(super) name: Box<[u8]>,
    /// The rows that named it: (file, line, deal id column).
    rows: Vec<(usize, u64, Option<usize>)>,
    pub(super) matched: bool,
}

/// What a vendor's join tables tie one record to (a HubSpot deal's company and
/// person, from `deal_company` and `deal_contact`): the first of each wins.
#[derive(Debug, Clone, Copy)]
pub(super) struct Linked {
    account: Option<u32>,
    contact: u32,
}

/// Records of the tables that find their account through join tables, by table
/// and record id.
#[derive(Default)]
pub(super) struct Links {
    by_table: Vec<FxHashMap<Box<[u8]>, Linked>>,
}

impl Links {
    fn get(&self, table: Table, id: &[u8]) -> Option<Linked> {
        self.by_table.get(table as usize)?.get(id).copied()
    }

    fn add(&mut self, table: Table, id: &[u8], account: Option<u32>, contact: u32) {
        if self.by_table.len() <= table as usize {
            self.by_table
                .resize_with(table as usize + 1, FxHashMap::default);
        }
        let link = self.by_table[table as usize]
            .entry(id.into())
            .or_insert(Linked {
                account: None,
                contact: NO_CONTACT,
            });
        link.account = link.account.or(account);
        if link.contact == NO_CONTACT {
            link.contact = contact;
        }
    }
}

/// The account of an id, or of the first id of a list (`123;456`, as HubSpot
/// writes several associated companies) that is one.
#[inline]
pub(super) fn lookup_account(ids: &IdIndex, value: &[u8]) -> Option<u32> {
    if let Some(a) = ids.get(value) {
        return Some(a);
    }
    if !value.contains(&b';') && !value.contains(&b',') {
        return None;
    }
    value
        .split(|&b| b == b';' || b == b',')
        .find_map(|part| ids.get(part.trim_ascii()))
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
            looked,
            ..
        } = *row;
        let (table, map) = (input.table, &input.mapping);
        let k = self.prep.plans[table as usize].known;
        let get = |f: Option<FieldId>| f.and_then(|f| map.get(record, f));
        let col = |f: Option<FieldId>| f.and_then(|f| map.get_with_col(record, f)).map(|(c, _)| c);
        let first_col =
            |f: Option<FieldId>| f.and_then(|f| map.cols[f.0 as usize].first().copied());
        let show = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        // A value a lookup table must give (a deal's stage) and does not have
        // is said, not read as an open stage.
        if let Some((col, key, lookup)) = map.unknown_key(record) {
            return Err((
                Some(col),
                format!(
                    "'{}' is not among the {} of {}",
                    show(key),
                    lookup.def.what,
                    lookup.file_names()
                ),
            ));
        }
        match table {
            Table::Accounts => {
                // A file without an id column is keyed by the account's name.
                let key = if k.id.is_some_and(|f| map.has(f)) {
                    k.id
                } else {
                    k.name
                };
                let id = get(key).ok_or((
                    first_col(key),
                    if key == k.id {
                        "no account id"
                    } else {
                        "no account name, which keys this file's accounts"
                    }
                    .to_string(),
                ))?;
                if let Some(first) = self.account_ids.get(id) {
                    return Err((
                        col(key),
                        format!(
                            "duplicate account id '{}' (already read as account {})",
                            show(id),
                            self.accounts[first as usize].name
                        ),
                    ));
                }
                let name = get(k.name).map_or_else(|| show(id), show);
                let owner = get(k.owner).map(show);
                let idx = self.add_account(id, name, owner);
                self.accounts[idx as usize].owner_name = table
                    .field("owner_name")
                    .and_then(|f| get(Some(f)))
                    .map(show);
                Ok((Some(idx), NO_CONTACT))
            }
            Table::Contacts => {
                // A report exported without ids knows a person by their email.
                let id = get(k.id).or_else(|| get(k.email)).ok_or((
                    first_col(k.id),
                    "no contact id (nor an email to know the person by)".to_string(),
                ))?;
                if self.contacts.find(id).is_some() {
                    return Err((col(k.id), format!("duplicate contact id '{}'", show(id))));
                }
                let account = match (get(k.account_id), get(k.account_name)) {
                    (Some(a), name) => Some(self.account_by_id(a, name).ok_or_else(|| {
                        (
                            col(k.account_id),
                            format!("no account with id '{}'", show(a)),
                        )
                    })?),
                    (None, Some(name)) => Some(
                        self.account_by_name(name)
                            .map_err(|reason| (col(k.account_name), reason))?,
                    ),
                    (None, None) => None,
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
                if let Some(a) = account {
                    self.touch(a);
                }
                if let Some(role) = get(k.role) {
                    self.contacts.give_role_value(idx, self.role_of(role));
                }
                Ok((account, idx))
            }
            Table::ContactRoles if input.association.is_some() => {
                let Some(assoc) = &input.association else {
                    return Ok((None, NO_CONTACT));
                };
                let id = record
                    .field(assoc.id_col)
                    .map(<[u8]>::trim_ascii)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| (Some(assoc.id_col), format!("no {} id", assoc.def.table)))?;
                let to = record
                    .field(assoc.to_col)
                    .map(<[u8]>::trim_ascii)
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| (Some(assoc.to_col), "no id to tie it to".to_string()))?;
                if assoc.def.account_id.is_some() {
                    let account = lookup_account(&self.account_ids, to).ok_or_else(|| {
                        (
                            Some(assoc.to_col),
                            format!("no account with id '{}'", show(to)),
                        )
                    })?;
                    self.links
                        .add(assoc.def.table, id, Some(account), NO_CONTACT);
                } else {
                    let contact = self.contacts.find(to).ok_or_else(|| {
                        (
                            Some(assoc.to_col),
                            format!("no contact with id '{}'", show(to)),
                        )
                    })?;
                    // The person's company is found when the record is read, as
                    // for a record that names its person itself.
                    self.links.add(assoc.def.table, id, None, contact);
                }
                // The row ties records together; it is no row of any metric.
                Ok((None, NO_CONTACT))
            }
            Table::ContactRoles => {
                let c = get(k.contact_id)
                    .ok_or((first_col(k.contact_id), "no contact id".to_string()))?;
                let contact = self.contacts.find(c).ok_or_else(|| {
                    (
                        col(k.contact_id),
                        format!("no contact with id '{}'", show(c)),
                    )
                })?;
                // A role on a deal (OpportunityContactRole) names no account: the
                // contact's own is the one it is at.
                let account = match get(k.account_id) {
                    Some(a) => self.account_by_id(a, None).ok_or_else(|| {
                        (
                            col(k.account_id),
                            format!("no account with id '{}'", show(a)),
                        )
                    })?,
                    None => self.contacts.account(contact).ok_or((
                        first_col(k.account_id),
                        format!(
                            "no account id, and its contact '{}' belongs to no account",
                            show(c)
                        ),
                    ))?,
                };
                self.contacts.set_account_if_none(contact, account);
                self.touch(account);
                if let Some(role) = get(k.role) {
                    self.contacts
                        .give_relation_role(contact, self.role_of(role));
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
                if let Some(seen) = &mut self.joins.ids[table as usize]
                    && let Some(id) = get(k.id)
                    && let Some((f, l)) = seen.seen_hashed(
                        looked.map_or_else(|| id_hash(id), |l| l.id_hash),
                        file,
                        line,
                    )
                {
                    self.joins.duplicates += 1;
                    return Err((
                        col(k.id),
                        format!(
                            "duplicate {} id '{}' (already read at {}:{l})",
                            row_noun(table),
                            show(id),
                            self.joins.file_names[f]
                        ),
                    ));
                }
                let linked = get(k.id).and_then(|id| self.links.get(table, id));
                if let Some(l) = linked {
                    self.note_linked(table, l);
                }
                let contact = match looked {
                    Some(l) => l.contact,
                    None => get(k.contact_id).and_then(|c| self.contacts.find(c)),
                }
                .or(linked.map(|l| l.contact).filter(|&c| c != NO_CONTACT))
                .unwrap_or(NO_CONTACT);
                let via_contact = (contact != NO_CONTACT)
                    .then(|| self.contacts.account(contact))
                    .flatten();
                let name = get(k.account_name);
                let (related, by_id) = match looked {
                    Some(l) => (l.related, l.account),
                    None => (
                        get(k.related_id).and_then(|r| lookup_account(&self.account_ids, r)),
                        None,
                    ),
                };
                let mut account = related
                    .or(by_id)
                    .or_else(|| get(k.account_id).and_then(|a| self.account_by_id(a, name)))
                    // A join table's company is said of the record itself: it comes
                    // before the company of the record's person.
                    .or(linked.and_then(|l| l.account))
                    .or(via_contact);
                if account.is_none()
                    && get(k.account_id).is_none()
                    && let Some(name) = name
                {
                    account = Some(
                        self.account_by_name(name)
                            .map_err(|r| (col(k.account_name), r))?,
                    );
                }
                match account {
                    Some(a) => {
                        self.touch(a);
                        Ok((Some(a), contact))
                    }
                    None if contact != NO_CONTACT
                        && get(k.account_id).is_none()
                        && get(k.account_name).is_none()
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
                                "no account: the row has no account, related or contact id, nor an account name"
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

    /// Reads what the joins of rows looked up ahead will read (the account, the
    /// contact, where the row's id would be among those already read), in a
    /// loop that does nothing else: in an export listed in creation order each
    /// is a cache miss, and here the processor has many of them in flight at
    /// once. The sum means nothing.
    pub(super) fn touch_ahead(&self, t: usize, looked: impl Iterator<Item = Looked>) -> u32 {
        let seen = self.joins.ids[t].as_ref();
        looked.fold(0u32, |sum, l| {
            let account = l
                .related
                .or(l.account)
                .map_or(0, |a| self.accounts[a as usize].records);
            let contact = l
                .contact
                .map_or(0, |c| self.contacts.account(c).unwrap_or(0));
            let id = seen.map_or(0, |s| s.touch(l.id_hash));
            sum.wrapping_add(account)
                .wrapping_add(contact)
                .wrapping_add(id)
        })
    }

    /// Registers an account; its name is indexed for rows that refer to it by name.
    fn add_account(&mut self, id: &[u8], name: String, owner: Option<String>) -> u32 {
        let idx = self.accounts.len() as u32;
        std::sync::Arc::make_mut(&mut self.account_ids).insert(id, idx);
        self.joins.names.insert(&name, idx);
        let mut account = Account::new(
            String::from_utf8_lossy(id).into_owned(),
            name,
            self.rules.roles.len(),
        );
        account.owner = owner;
        self.accounts.push(account);
        self.evidence.push_account();
        idx
    }

    /// A row of another table was joined to `account`.
    #[inline]
    fn touch(&mut self, account: u32) {
        let a = &mut self.accounts[account as usize];
        a.records = a.records.saturating_add(1);
    }

    /// The account of an id (or a list of ids). Without an accounts file, an id
    /// not seen before makes an account, named `name` when the row gives one.
    fn account_by_id(&mut self, value: &[u8], name: Option<&[u8]>) -> Option<u32> {
        if let Some(a) = lookup_account(&self.account_ids, value) {
            return Some(a);
        }
        if !self.joins.derive {
            return None;
        }
        let id = value
            .split(|&b| b == b';' || b == b',')
            .map(<[u8]>::trim_ascii)
            .find(|part| !part.is_empty())?;
        let shown = |v: &[u8]| String::from_utf8_lossy(v).into_owned();
        let name = name.map_or_else(|| shown(id), shown);
        Some(self.add_account(id, name, None))
    }

    /// The account a name refers to, or why there is none. Without an accounts
    /// file, a name not seen before makes an account keyed by that name.
    fn account_by_name(&mut self, value: &[u8]) -> Result<u32, String> {
        let name = String::from_utf8_lossy(value);
        match self.joins.names.find(&name) {
            Found::One(a) => Ok(a),
            Found::Ambiguous(a, b) => {
                let (a, b) = (&self.accounts[a as usize], &self.accounts[b as usize]);
                Err(format!(
                    "account name '{name}' is ambiguous: accounts '{}' (id {}) and '{}' (id {}) \
                     have the same name once case, punctuation and legal suffixes are ignored",
                    a.name, a.id, b.name, b.id
                ))
            }
            Found::None if self.joins.derive => {
                if let Some(a) = self.account_ids.get(value) {
                    return Ok(a);
                }
                let name = name.into_owned();
                Ok(self.add_account(value, name, None))
            }
            Found::None if self.joins.names.is_empty() => Err(format!(
                "no account named '{name}': the accounts files give no names to join on"
            )),
            Found::None => Err(format!("no account named '{name}' in the accounts files")),
        }
    }

    /// A join table's tie counts as a value of the field it stands in for.
    fn note_linked(&mut self, table: Table, link: Linked) {
        let fields = [
            ("account_id", link.account.is_some()),
            ("contact_id", link.contact != NO_CONTACT),
        ];
        for (name, found) in fields {
            if let (true, Some(f)) = (found, table.field(name)) {
                self.presence.seen[table as usize][f.0 as usize] = true;
            }
        }
    }

    /// A join table stands in for the field of the table it ties: that table
    /// has the column, as far as assessing its rules goes.
    pub(super) fn note_link_column(&mut self, input: &InputFile) {
        let Some(a) = &input.association else {
            return;
        };
        let name = if a.def.account_id.is_some() {
            "account_id"
        } else {
            "contact_id"
        };
        if let Some(f) = a.def.table.field(name) {
            self.presence.mapped[a.def.table as usize][f.0 as usize] = true;
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

#[cfg(test)]
mod tests {
    use super::SeenIds;

    #[test]
    fn an_id_read_again_is_found_where_it_was_first_read() {
        let mut seen = SeenIds::default();
        assert_eq!(seen.seen(b"00T1", 0, 2), None);
        assert_eq!(seen.seen(b"00T2", 0, 3), None);
        assert_eq!(seen.seen(b"00U1", 1, 2), None);
        assert_eq!(seen.seen(b"00T2", 1, 7), Some((0, 3)));
        assert_eq!(
            seen.seen(b"00U1", 1, 9),
            Some((1, 2)),
            "in the same file too"
        );
        // Ids differ by a byte, and the first place read is kept.
        assert_eq!(seen.seen(b"00T3", 1, 10), None);
        assert_eq!(seen.seen(b"00T2", 2, 4), Some((0, 3)));
    }

    #[test]
    fn many_ids_spread_over_every_shard_and_are_each_found_again() {
        let mut seen = SeenIds::default();
        let id = |i: u64| format!("00T{i:012}");
        for i in 0..20_000u64 {
            assert_eq!(seen.seen(id(i).as_bytes(), 1, i + 2), None, "{i}");
        }
        let sizes: Vec<usize> = seen.shards.iter().map(|t| t.len()).collect();
        assert_eq!(sizes.len(), super::SHARDS);
        assert_eq!(sizes.iter().sum::<usize>(), 20_000);
        // None holds half or twice its share.
        let share = 20_000 / super::SHARDS;
        assert!(
            sizes.iter().all(|&n| n > share / 2 && n < share * 2),
            "{sizes:?}"
        );
        for i in (0..20_000u64).step_by(7) {
            assert_eq!(seen.seen(id(i).as_bytes(), 2, 9), Some((1, i + 2)), "{i}");
        }
    }
}
