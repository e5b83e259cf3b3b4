//! Telling which vendor wrote an export, from its headers and file name, and
//! what that vendor's files say about themselves. The presets themselves are
//! rule-language data, loaded by `config::preset` and re-exported here.

use std::path::Path;

pub use crate::config::preset::{AssociationDef, LookupDef, Preset, all, by_name, names};

use crate::model::Table;

/// What a vendor's table name says about a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'p> {
    /// The sync tool's table that holds this canonical table.
    Table(Table),
    /// A table the sync tool writes that rapport does not read, and why.
    NotRead(&'p str),
    /// A lookup table, read before the tables whose values it gives.
    Lookup(&'p LookupDef),
}

/// A join table recognised in a file: which association, and its two columns.
#[derive(Debug, Clone)]
pub struct Association {
    pub def: &'static AssociationDef,
    /// The column of the tied record's id.
    pub id_col: usize,
    /// The column of the company's or the person's id.
    pub to_col: usize,
}

/// The table name a file stands for: its stem, lower-cased, after the last `.`
/// (a schema-qualified `salesforce.opportunity.csv`) and without the `_data`
/// that seed files of the sync tool's packages end in.
fn table_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = stem.rsplit('.').next().unwrap_or_default();
    name.strip_suffix("_data").unwrap_or(name).to_string()
}

impl Preset {
    /// The headers of `headers` (lower-cased) that point to this vendor.
    fn evidence<'h>(&self, headers: &'h [String]) -> Vec<&'h str> {
        headers
            .iter()
            .map(String::as_str)
            .filter(|h| {
                self.detect.iter().any(|d| d == h)
                    || self
                        .detect_prefixes
                        .iter()
                        .any(|p| h.starts_with(p.as_str()))
                    || self.detect_suffixes.iter().any(|s| h.ends_with(s.as_str()))
            })
            .collect()
    }

    /// Why a file with these headers is not read, when it is an export of this
    /// vendor that rapport knows and has no use for.
    pub fn unused_because(&self, headers: &[String]) -> Option<&str> {
        let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
        self.unused
            .iter()
            .find(|(needed, _)| needed.iter().all(|n| lower.contains(n)))
            .map(|(_, why)| why.as_str())
    }

    /// The canonical table (or the reason it is not read) that a file's name says
    /// it holds: the sync tool's table name itself, or ending in `_NAME` (a prefix
    /// such as `sf_`); the longest name wins, so `deal_company` is not `company`.
    pub fn named(&self, path: &Path) -> Option<Named<'_>> {
        let name = table_name(path);
        let fits =
            |n: &str| name == n || name.strip_suffix(n).is_some_and(|rest| rest.ends_with('_'));
        let tables = self
            .tables
            .iter()
            .filter(|(n, _)| fits(n))
            .map(|(n, t)| (n.len(), Named::Table(*t)));
        let skipped = self
            .not_read
            .iter()
            .filter(|(n, _)| fits(n))
            .map(|(n, why)| (n.len(), Named::NotRead(why.as_str())));
        let lookups = self
            .lookups
            .iter()
            .filter(|l| fits(&l.name))
            .map(|l| (l.name.len(), Named::Lookup(l)));
        tables
            .chain(skipped)
            .chain(lookups)
            .max_by_key(|(len, _)| *len)
            .map(|(_, named)| named)
    }

    /// The lookup table a file with these headers is, whatever its name: one
    /// whose distinctive headers are all present (a CRM's list of its users).
    pub fn lookup_by_headers(&self, headers: &[String]) -> Option<&LookupDef> {
        let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
        self.lookups.iter().find(|l| {
            !l.headers.is_empty()
                && l.headers.iter().all(|h| lower.contains(h))
                && lower.contains(&l.key)
        })
    }

    /// The join table a file with these headers is, when it is one of this vendor's.
    pub fn association(&'static self, headers: &[String]) -> Option<Association> {
        let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
        let col = |h: &str| lower.iter().position(|l| l == h);
        self.associations.iter().find_map(|def| {
            let to = def.account_id.as_deref().or(def.contact_id.as_deref())?;
            Some(Association {
                def,
                id_col: col(&def.id)?,
                to_col: col(to)?,
            })
        })
    }

    /// True for a column that is the vendor's bookkeeping, never data.
    pub fn ignores(&self, header: &str) -> bool {
        let h = header.trim().to_lowercase();
        self.ignore_prefixes
            .iter()
            .any(|p| h.starts_with(p.as_str()))
    }
}

/// The least evidence a vendor is claimed on. An API name (`IsDeleted`,
/// `Created_Time`) or a vendor's pattern (`__c`, `Deal - `, `(Do Not Modify)`)
/// weighs two, as does the file name; a plain label (`Ticket Owner`, `Create
/// Date`) weighs one, since any tool may write it: one label alone is not a
/// signature.
const MIN_EVIDENCE: usize = 2;

/// What a distinctive header weighs: a label with spaces one, anything else two.
fn weight(header: &str) -> usize {
    if header.contains(' ') { 1 } else { 2 }
}

/// The vendor whose export this looks like, with the reason, from its headers
/// and its file name; none on less than [`MIN_EVIDENCE`].
pub fn detect(path: &Path, headers: &[String]) -> Option<(&'static Preset, String)> {
    let lower: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let file = path
        .file_name()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut best: Option<(usize, &'static Preset, String)> = None;
    for preset in all() {
        let found = preset.evidence(&lower);
        let named = preset.file_names.iter().any(|n| file.contains(n.as_str()));
        let patterned = |h: &str| {
            preset
                .detect_prefixes
                .iter()
                .any(|p| h.starts_with(p.as_str()))
                || preset
                    .detect_suffixes
                    .iter()
                    .any(|x| h.ends_with(x.as_str()))
        };
        let score = found
            .iter()
            .map(|h| if patterned(h) { 2 } else { weight(h) })
            .sum::<usize>()
            + 2 * named as usize;
        if score < MIN_EVIDENCE || best.as_ref().is_some_and(|(s, _, _)| *s >= score) {
            continue;
        }
        let mut why = Vec::new();
        if named {
            why.push("its file name".to_string());
        }
        if !found.is_empty() {
            let shown: Vec<String> = found
                .iter()
                .take(4)
                .map(|h| {
                    let i = lower.iter().position(|l| l == h).unwrap_or(0);
                    format!("'{}'", headers[i].trim())
                })
                .collect();
            let more = if found.len() > 4 {
                format!(" and {} more", found.len() - 4)
            } else {
                String::new()
            };
            why.push(format!("headers {}{more}", shown.join(", ")));
        }
        best = Some((score, preset, why.join(" and ")));
    }
    best.map(|(_, p, why)| (p, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn vendor(file: &str, line: &str) -> Option<&'static str> {
        detect(Path::new(file), &h(line)).map(|(p, _)| p.name.as_str())
    }

    #[test]
    fn vendors_are_told_apart_by_their_headers() {
        assert_eq!(
            vendor("x.csv", "ID,ISDELETED,NAME,STAGENAME"),
            Some("salesforce")
        );
        assert_eq!(
            vendor(
                "hubspot-crm-exports-all-deals-2026-06-01.csv",
                "Record ID,Deal Name,Deal Stage,Close Date"
            ),
            Some("hubspot")
        );
        assert_eq!(
            vendor("deals.csv", "Deal - ID,Deal - Title,Deal - Status"),
            Some("pipedrive")
        );
        assert_eq!(
            vendor(
                "Deals.csv",
                "Record Id,Deal_Name,Stage,Closing_Date,Account_Name.id"
            ),
            Some("zoho")
        );
        assert_eq!(
            vendor(
                "Opps.csv",
                "(Do Not Modify) Opportunity,(Do Not Modify) Row Checksum,Topic,Potential Customer"
            ),
            Some("dynamics")
        );
        assert_eq!(vendor("x.csv", "id,name,type"), None);
    }

    #[test]
    fn one_common_header_is_not_a_vendor() {
        // A support tool's export with one header HubSpot also writes.
        assert_eq!(
            vendor(
                "tickets.csv",
                "Customer Name,Customer Email,Ticket Subject,Ticket Owner,First Response Time"
            ),
            None
        );
        assert_eq!(
            vendor("tickets.csv", "Ticket status,Ticket owner,Subject"),
            Some("hubspot")
        );
    }

    #[test]
    fn the_reason_names_the_headers() {
        let (_, why) = detect(Path::new("x.csv"), &h("Deal - ID,Deal - Title")).unwrap();
        assert_eq!(why, "headers 'Deal - ID', 'Deal - Title'");
    }
}
