//! Vendor presets: what each major CRM's export calls the canonical fields, and
//! the words it uses for won, lost, done, meetings and the like. They are data,
//! one TOML file per vendor under rules/presets/, compiled in: adding a header
//! spelling is a one-line change a consultant can read and review, in the same
//! `[columns]` and `[classes]` language as a rule file. This is their loading;
//! telling which vendor wrote a file is `ingest::preset`.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use super::error::Source;
use super::merge::Layer;
use super::raw::{RawClass, RawRuleSet};
use crate::model::{FieldId, Table};

/// The preset files, in the order ties between vendors are broken.
const SOURCES: &[(&str, &str)] = &[
    (
        "salesforce",
        include_str!("../../rules/presets/salesforce.toml"),
    ),
    ("hubspot", include_str!("../../rules/presets/hubspot.toml")),
    (
        "pipedrive",
        include_str!("../../rules/presets/pipedrive.toml"),
    ),
    ("zoho", include_str!("../../rules/presets/zoho.toml")),
    (
        "dynamics",
        include_str!("../../rules/presets/dynamics.toml"),
    ),
    (
        "fivetran-hubspot",
        include_str!("../../rules/presets/fivetran-hubspot.toml"),
    ),
    (
        "fivetran-salesforce",
        include_str!("../../rules/presets/fivetran-salesforce.toml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreset {
    name: String,
    title: String,
    #[serde(default)]
    detect: Vec<String>,
    #[serde(default)]
    detect_prefixes: Vec<String>,
    #[serde(default)]
    detect_suffixes: Vec<String>,
    #[serde(default)]
    file_names: Vec<String>,
    #[serde(default)]
    ignore_prefixes: Vec<String>,
    limits: String,
    #[serde(default)]
    columns: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    classes: Option<BTreeMap<String, Spanned<RawClass>>>,
    #[serde(default)]
    unused: Vec<RawUnused>,
    #[serde(default)]
    tables: BTreeMap<String, String>,
    #[serde(default)]
    not_read: BTreeMap<String, String>,
    #[serde(default)]
    associations: Vec<RawAssociation>,
    #[serde(default)]
    lookups: Vec<RawLookup>,
}

/// A lookup table: each row gives the meaning of one value of a field of
/// another table (a pipeline stage's label and outcome, a user's name).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLookup {
    name: String,
    #[serde(default)]
    headers: Vec<String>,
    key: String,
    of: String,
    unknown: String,
    what: String,
    gives: BTreeMap<String, Vec<String>>,
}

/// A join table: each row ties one record of `table` (by its id in column `id`)
/// to a company (column `account_id`) or a person (column `contact_id`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssociation {
    table: String,
    id: String,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    contact_id: Option<String>,
}

/// An export of the vendor that rapport knows and does not read, and why.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnused {
    headers: Vec<String>,
    why: String,
}

/// One vendor's preset.
#[derive(Debug)]
pub struct Preset {
    pub name: String,
    pub title: String,
    pub(crate) detect: Vec<String>,
    pub(crate) detect_prefixes: Vec<String>,
    pub(crate) detect_suffixes: Vec<String>,
    pub(crate) file_names: Vec<String>,
    /// Headers starting with these are the vendor's bookkeeping: never mapped.
    pub ignore_prefixes: Vec<String>,
    /// What an export of this vendor cannot tell without a mapping.
    pub limits: String,
    /// Header spellings, tried after the user's and before the built-in ones.
    pub columns: HashMap<(Table, FieldId), Vec<String>>,
    /// `[classes.*]` entries, layered over the rule set's base when a file of this
    /// vendor is read, in the rule-file language.
    pub classes: Option<PresetClasses>,
    /// Exports rapport knows and does not read: (headers all present, why).
    pub(crate) unused: Vec<(Vec<String>, String)>,
    /// Table names the vendor's sync tool writes, and the canonical table each is.
    pub(crate) tables: Vec<(String, Table)>,
    /// Table names the vendor's sync tool writes that rapport does not read, and why.
    pub(crate) not_read: Vec<(String, String)>,
    /// Join tables tying a record to its company or person.
    pub associations: Vec<AssociationDef>,
    /// Lookup tables giving the meaning of a field's values.
    pub lookups: Vec<LookupDef>,
}

/// A lookup table of a vendor: read before the tables that use it, it gives
/// the records of `table` whose `of` field holds one of its keys the values
/// of `gives` (a HubSpot deal's stage id becomes its stage's label, won and
/// closed; an owner id gains the owner's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupDef {
    /// The sync tool's table name (lower-cased), matched on the file name.
    pub name: String,
    /// Headers (lower-cased) that all present make a file this lookup, whatever its name.
    pub headers: Vec<String>,
    /// The header of the key column (lower-cased).
    pub key: String,
    /// The table whose records refer to the lookup, and the field that holds the key.
    pub table: Table,
    pub of: FieldId,
    /// A key not in the lookup rejects the record (a stage must be known);
    /// otherwise the record keeps its value (an owner is not evidence).
    pub reject_unknown: bool,
    /// What one row is, in the plural (`deal stages`), for what is reported.
    pub what: String,
    /// Per field given: the alternatives, first filled wins, each the
    /// lookup's columns (lower-cased) joined by a space (`first_name last_name`).
    pub gives: Vec<(FieldId, Vec<Vec<String>>)>,
}

/// A join table of a vendor: its rows tie a record of `table` to a company or a
/// person, for records that carry no account or contact id of their own (a
/// HubSpot deal finds its company through `deal_company`).
#[derive(Debug, Clone)]
pub struct AssociationDef {
    /// The table whose records it ties.
    pub table: Table,
    /// The header of the record's id (lower-cased).
    pub id: String,
    /// The header of the company's id, for an association to companies.
    pub account_id: Option<String>,
    /// The header of the person's id, for an association to contacts.
    pub contact_id: Option<String>,
}

fn parse(label: &str, text: &str) -> Result<Preset, String> {
    let raw: RawPreset = toml::from_str(text).map_err(|e| format!("preset {label}: {e}"))?;
    let mut columns = HashMap::new();
    for (table_name, fields) in &raw.columns {
        let table = Table::from_name(table_name)
            .ok_or_else(|| format!("preset {label}: unknown table '{table_name}'"))?;
        for (field_name, headers) in fields {
            let field = table.field(field_name).ok_or_else(|| {
                format!("preset {label}: unknown field '{field_name}' in table {table}")
            })?;
            if table.def(field).headers.is_empty() {
                return Err(format!(
                    "preset {label}: {table}.{field_name} is derived, not read from a column"
                ));
            }
            columns.insert(
                (table, field),
                headers.iter().map(|h| h.trim().to_lowercase()).collect(),
            );
        }
    }
    let classes = raw.classes.map(|classes| PresetClasses {
        source: Source {
            label: format!("built-in:preset-{}", raw.name),
            text: text.to_string(),
        },
        classes,
    });
    let table_of = |name: &str| {
        Table::from_name(name).ok_or_else(|| format!("preset {label}: unknown table '{name}'"))
    };
    let mut tables = Vec::new();
    for (name, table) in &raw.tables {
        tables.push((name.to_lowercase(), table_of(table)?));
    }
    let mut associations = Vec::new();
    for a in &raw.associations {
        if a.account_id.is_some() == a.contact_id.is_some() {
            return Err(format!(
                "preset {label}: an association of {} names either an account_id or a contact_id column",
                a.table
            ));
        }
        associations.push(AssociationDef {
            table: table_of(&a.table)?,
            id: a.id.to_lowercase(),
            account_id: a.account_id.as_ref().map(|h| h.to_lowercase()),
            contact_id: a.contact_id.as_ref().map(|h| h.to_lowercase()),
        });
    }
    let mut lookups = Vec::new();
    for l in &raw.lookups {
        lookups.push(lookup(label, l)?);
    }
    let lower = |v: Vec<String>| v.into_iter().map(|s| s.to_lowercase()).collect();
    Ok(Preset {
        name: raw.name,
        title: raw.title,
        detect: lower(raw.detect),
        detect_prefixes: lower(raw.detect_prefixes),
        detect_suffixes: lower(raw.detect_suffixes),
        file_names: lower(raw.file_names),
        ignore_prefixes: lower(raw.ignore_prefixes),
        limits: raw.limits.trim().replace('\n', " "),
        columns,
        classes,
        unused: raw
            .unused
            .into_iter()
            .map(|u| {
                let headers = u.headers.iter().map(|h| h.to_lowercase()).collect();
                (headers, u.why)
            })
            .collect(),
        tables,
        not_read: raw
            .not_read
            .into_iter()
            .map(|(name, why)| (name.to_lowercase(), why.trim().replace('\n', " ")))
            .collect(),
        associations,
        lookups,
    })
}

fn lookup(label: &str, l: &RawLookup) -> Result<LookupDef, String> {
    let (table_name, field_name) = l.of.split_once('.').ok_or_else(|| {
        format!(
            "preset {label}: lookup {}: `of` names a table and field, as `deals.stage`",
            l.name
        )
    })?;
    let table = Table::from_name(table_name)
        .ok_or_else(|| format!("preset {label}: unknown table '{table_name}'"))?;
    let field = |name: &str| {
        table
            .field(name)
            .ok_or_else(|| format!("preset {label}: unknown field '{name}' in table {table}"))
    };
    let reject_unknown = match l.unknown.as_str() {
        "reject" => true,
        "keep" => false,
        other => {
            return Err(format!(
                "preset {label}: lookup {}: unknown = '{other}', expected 'reject' or 'keep'",
                l.name
            ));
        }
    };
    let mut gives = Vec::new();
    for (name, alternatives) in &l.gives {
        let columns = alternatives
            .iter()
            .map(|a| a.split_whitespace().map(str::to_lowercase).collect())
            .collect();
        gives.push((field(name)?, columns));
    }
    Ok(LookupDef {
        name: l.name.to_lowercase(),
        headers: l.headers.iter().map(|h| h.to_lowercase()).collect(),
        key: l.key.to_lowercase(),
        table,
        of: field(field_name)?,
        reject_unknown,
        what: l.what.clone(),
        gives,
    })
}

/// Every built-in preset, parsed once.
pub fn all() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        SOURCES
            .iter()
            // The files are part of the binary and a unit test parses each one.
            .map(|(label, text)| parse(label, text).expect("built-in preset parses"))
            .collect()
    })
}

pub fn by_name(name: &str) -> Option<&'static Preset> {
    all()
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

pub fn names() -> Vec<&'static str> {
    all().iter().map(|p| p.name.as_str()).collect()
}

/// A preset's `[classes.*]` entries, parsed as a rule file's are, with the
/// preset's text for the line and column of an error.
#[derive(Debug)]
pub struct PresetClasses {
    source: Source,
    classes: BTreeMap<String, Spanned<RawClass>>,
}

impl PresetClasses {
    /// A layer of the entries whose class `keep` accepts; None when none is kept.
    pub(super) fn layer(&self, keep: impl Fn(&str) -> bool) -> Option<Layer> {
        let kept: BTreeMap<String, Spanned<RawClass>> = self
            .classes
            .iter()
            .filter(|(name, _)| keep(name))
            .map(|(name, class)| (name.clone(), class.clone()))
            .collect();
        if kept.is_empty() {
            return None;
        }
        Some(Layer {
            source: self.source.clone(),
            raw: RawRuleSet {
                classes: Some(kept),
                ..RawRuleSet::default()
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses_and_names_real_fields() {
        assert_eq!(all().len(), SOURCES.len());
        for (label, text) in SOURCES {
            let p = parse(label, text).unwrap();
            assert_eq!(p.name, *label);
            assert!(!p.limits.is_empty(), "{label} says what it cannot know");
        }
        for name in [
            "salesforce",
            "hubspot",
            "pipedrive",
            "zoho",
            "dynamics",
            "fivetran-salesforce",
            "fivetran-hubspot",
        ] {
            assert!(by_name(name).is_some(), "{name}");
        }
    }

    fn with_lookup(lookup: &str) -> Result<Preset, String> {
        parse(
            "test",
            &format!(
                "name = \"test\"\ntitle = \"Test\"\nlimits = \"none\"\n\n[[lookups]]\n{lookup}"
            ),
        )
    }

    #[test]
    fn a_lookup_names_a_real_field_and_what_an_unknown_key_does() {
        let good = "name = \"stage\"\nkey = \"stage_id\"\nof = \"deals.stage\"\nunknown = \"reject\"\nwhat = \"stages\"\ngives = { is_won = [\"won\"], stage = [\"label\", \"a b\"] }\n";
        let p = with_lookup(good).unwrap();
        let l = &p.lookups[0];
        assert!(l.reject_unknown);
        assert_eq!(l.of, Table::Deals.field("stage").unwrap());
        let stage = &l.gives[1];
        assert_eq!(
            stage.1,
            vec![vec!["label".to_string()], vec!["a".into(), "b".into()]]
        );
        let err = with_lookup(&good.replace("\"reject\"", "\"drop\"")).unwrap_err();
        assert!(err.contains("expected 'reject' or 'keep'"), "{err}");
        let err = with_lookup(&good.replace("deals.stage", "deals.stag")).unwrap_err();
        assert!(err.contains("unknown field 'stag'"), "{err}");
        let err = with_lookup(&good.replace("deals.stage", "stage")).unwrap_err();
        assert!(err.contains("names a table and field"), "{err}");
    }
}
