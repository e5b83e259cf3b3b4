//! What an export holds, as far as assessing a metric goes, and why a metric the
//! export cannot back is not assessed.

use crate::model::{Derivation, FieldId, Table};

use super::outcome::Assessable;

/// What an export holds, as far as assessing a metric goes: which tables have a
/// file, which fields have a column, which have a value in some row.
#[derive(Debug, Clone)]
pub struct Presence {
    /// Per table.
    pub has_file: Vec<bool>,
    /// Per table, per field: some file has a column for it.
    pub mapped: Vec<Vec<bool>>,
    /// Per table, per field: some row has a value in it.
    pub seen: Vec<Vec<bool>>,
    /// Some contact holds one of the rule set's roles.
    pub any_role: bool,
}

impl Default for Presence {
    fn default() -> Self {
        let per_field = || {
            Table::ALL
                .iter()
                .map(|t| vec![false; t.fields().len()])
                .collect()
        };
        Presence {
            has_file: vec![false; Table::ALL.len()],
            mapped: per_field(),
            seen: per_field(),
            any_role: false,
        }
    }
}

impl Presence {
    /// Whether some row has a value for the field, or for what it is derived from.
    pub fn present(&self, table: Table, field: FieldId) -> bool {
        let t = table as usize;
        let seen = |f: FieldId| self.seen[t][f.0 as usize];
        match table.def(field).derive {
            Derivation::None => seen(field),
            Derivation::MatchesClass { field: src, .. } => {
                seen(field) || table.field(src).is_some_and(seen)
            }
            Derivation::DealLost => ["is_closed", "is_won", "stage"]
                .iter()
                .any(|n| table.field(n).is_some_and(|f| self.present(table, f))),
            Derivation::ActivityDone => self.has_file[t],
            Derivation::ContactRole => self.any_role,
            Derivation::AfterDuration { from, duration } => {
                seen(field)
                    || (table.field(from).is_some_and(seen)
                        && table.field(duration).is_some_and(seen))
            }
        }
    }

    /// Whether the export holds what the metric reads, and if not, what it lacks.
    pub fn assessable(&self, m: &crate::spec::Metric) -> Assessable {
        for (table, group) in m.needs() {
            if !self.has_file[table as usize] {
                let article = if table.name().starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                return Err(format!("needs {article} {table} file; the export has none"));
            }
            if group.iter().any(|&f| self.present(table, f)) {
                continue;
            }
            let names: Vec<String> = group
                .iter()
                .map(|&f| format!("{table}.{}", table.def(f).name))
                .collect();
            let names = names.join(" or ");
            let any_mapped = group
                .iter()
                .any(|&f| self.mapped[table as usize][f.0 as usize]);
            let derived = group
                .iter()
                .all(|&f| table.def(f).derive == Derivation::ContactRole);
            return Err(if derived {
                "needs contact roles: no contact has a role or a job title the rule set's roles recognise".to_string()
            } else if any_mapped {
                format!("needs {names}: its column is empty in every row")
            } else {
                format!("needs {names}: no column for it in the export")
            });
        }
        Ok(())
    }
}
