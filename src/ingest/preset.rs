//! Vendor presets: what each major CRM's export calls the canonical fields, and
//! the words it uses for won, lost, done, meetings and the like. They are data,
//! one TOML file per vendor under rules/presets/, compiled in: adding a header
//! spelling is a one-line change a consultant can read and review, in the same
//! `[columns]` and `[classes]` language as a rule file.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use super::ColumnOverrides;
use crate::model::Table;

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
    classes: Option<toml::Table>,
    #[serde(default)]
    unused: Vec<RawUnused>,
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
    detect: Vec<String>,
    detect_prefixes: Vec<String>,
    detect_suffixes: Vec<String>,
    file_names: Vec<String>,
    /// Headers starting with these are the vendor's bookkeeping: never mapped.
    pub ignore_prefixes: Vec<String>,
    /// What an export of this vendor cannot tell without a mapping.
    pub limits: String,
    /// Header spellings, tried after the user's and before the built-in ones.
    pub columns: ColumnOverrides,
    /// `[classes.*]` entries, layered over the rule set's base when a file of this
    /// vendor is read, as a TOML document in the rule-file language.
    pub classes: Option<String>,
    /// Exports rapport knows and does not read: (headers all present, why).
    unused: Vec<(Vec<String>, String)>,
}

fn parse(label: &str, text: &str) -> Result<Preset, String> {
    let raw: RawPreset = toml::from_str(text).map_err(|e| format!("preset {label}: {e}"))?;
    let mut columns: ColumnOverrides = HashMap::new();
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
    let classes = match raw.classes {
        Some(c) => {
            let mut doc = toml::Table::new();
            doc.insert("classes".to_string(), toml::Value::Table(c));
            Some(toml::to_string(&doc).map_err(|e| format!("preset {label}: {e}"))?)
        }
        None => None,
    };
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

    /// True for a column that is the vendor's bookkeeping, never data.
    pub fn ignores(&self, header: &str) -> bool {
        let h = header.trim().to_lowercase();
        self.ignore_prefixes
            .iter()
            .any(|p| h.starts_with(p.as_str()))
    }
}

/// The vendor whose export this looks like, with the reason, from its headers
/// (each distinctive header counts one) and its file name (counts two).
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
        let score = found.len() + 2 * named as usize;
        if score == 0 || best.as_ref().is_some_and(|(s, _, _)| *s >= score) {
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
    fn every_preset_parses_and_names_real_fields() {
        assert_eq!(all().len(), SOURCES.len());
        for (label, text) in SOURCES {
            let p = parse(label, text).unwrap();
            assert_eq!(p.name, *label);
            assert!(!p.limits.is_empty(), "{label} says what it cannot know");
        }
        for name in ["salesforce", "hubspot", "pipedrive", "zoho", "dynamics"] {
            assert!(by_name(name).is_some(), "{name}");
        }
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
    fn the_reason_names_the_headers() {
        let (_, why) = detect(Path::new("x.csv"), &h("Deal - ID,Deal - Title")).unwrap();
        assert_eq!(why, "headers 'Deal - ID', 'Deal - Title'");
    }
}
