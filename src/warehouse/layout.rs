//! The columns of a metrics table: what `rapport sql` writes and what
//! `rapport score --metrics` reads, derived from the rule set alone so the two
//! cannot disagree.
//!
//! One row per account. Beside the account's id and name and the contacts an
//! action may name, each metric has a group of columns `KEY__value`,
//! `KEY__rows`, ... where KEY is the rule id (`contact_recency`) or
//! `fact_NAME_N` for a fact's metrics. `present_TABLE` and
//! `present_TABLE__FIELD` say what the data held (0 no table or column, 1 a
//! column empty in every row, 2 values), so assessability crosses over, and
//! `present_TABLE__history_first` and `..._last` the first and last day of
//! the table's rows by its main date, so the rules are judged over the same
//! history.

use std::collections::BTreeSet;

use crate::model::{Derivation, FieldId, Table};
use crate::primitive::{Fingerprint, FollowUp};
use crate::spec::{Metric, MetricId, RuleSet};

pub const ACCOUNT_ID: &str = "account_id";
pub const ACCOUNT_NAME: &str = "account_name";
pub const ACCOUNT_OWNER: &str = "account_owner";
/// Rows of other tables joined to the account: none makes it dormant.
pub const RECORDS: &str = "account_records";
pub const AS_OF: &str = "as_of";
pub const PLAN: &str = "rapport_plan";
pub const PRIMARY: &str = "primary_contact";
pub const FIRST: &str = "first_contact";
pub const ANY_ROLE: &str = "present_roles";

/// What a metric column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    Value,
    Rows,
    Hits,
    Last,
    First,
    ContactId,
    ContactName,
}

impl Stat {
    pub const EVIDENCE: [Stat; 7] = [
        Stat::Value,
        Stat::Rows,
        Stat::Hits,
        Stat::Last,
        Stat::First,
        Stat::ContactId,
        Stat::ContactName,
    ];

    fn suffix(self) -> &'static str {
        match self {
            Stat::Value => "value",
            Stat::Rows => "rows",
            Stat::Hits => "hits",
            Stat::Last => "last",
            Stat::First => "first",
            Stat::ContactId => "contact_id",
            Stat::ContactName => "contact_name",
        }
    }
}

/// The columns of one metric.
#[derive(Debug, Clone)]
pub struct MetricColumns {
    pub metric: MetricId,
    /// What the metric belongs to, for messages: `rule 'partner'`, `fact 'x'`.
    pub owner: String,
    pub key: String,
    /// Rules need the evidence (rows, dates, contact); facts only the value.
    pub evidence: bool,
    /// For `distinct` with `values`: one column per value, 1 when it was seen.
    pub seen: Vec<String>,
}

impl MetricColumns {
    pub fn col(&self, stat: Stat) -> String {
        format!("{}__{}", self.key, stat.suffix())
    }

    pub fn stats(&self) -> &'static [Stat] {
        if self.evidence {
            &Stat::EVIDENCE
        } else {
            &Stat::EVIDENCE[..1]
        }
    }

    pub fn seen_col(&self, value: usize) -> String {
        format!("{}__has_{}", self.key, self.seen[value])
    }
}

#[derive(Debug, Clone)]
pub struct Layout {
    /// The metrics the rule set uses (enabled rules and facts), in metric order.
    pub metrics: Vec<MetricColumns>,
    /// Per role of the rule set: the column key (`role_buyer`).
    pub roles: Vec<String>,
    /// Fields whose presence decides whether a metric can be assessed.
    pub presence: Vec<(Table, FieldId)>,
    /// Tables the rule set reads.
    pub tables: Vec<Table>,
}

/// Letters and digits kept (lower-cased), everything else `_`.
pub fn sanitise(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    s.trim_matches('_').to_string()
}

pub fn contact_id_col(key: &str) -> String {
    format!("{key}_id")
}

pub fn contact_name_col(key: &str) -> String {
    format!("{key}_name")
}

pub fn table_col(table: Table) -> String {
    format!("present_{}", table.sql_name())
}

/// The first (`first`) or last (`last`) day of a table's dated rows.
pub fn history_col(table: Table, end: &str) -> String {
    format!("present_{}__history_{end}", table.sql_name())
}

pub fn field_col(table: Table, field: FieldId) -> String {
    format!(
        "present_{}__{}",
        table.sql_name(),
        sanitise(table.def(field).name)
    )
}

impl Layout {
    /// The layout for a rule set, or the rule whose names would collide.
    pub fn new(rules: &RuleSet) -> Result<Layout, String> {
        let mut owners: Vec<Option<(String, String, bool)>> = vec![None; rules.metrics.len()];
        for rule in rules.rules.iter().filter(|r| r.enabled) {
            owners[rule.metric] = Some((format!("rule '{}'", rule.id), sanitise(&rule.id), true));
            for (n, &m) in rule.fallback.iter().enumerate() {
                owners[m] = Some((
                    format!("rule '{}' (fallback {})", rule.id, n + 1),
                    format!("{}_else_{}", sanitise(&rule.id), n + 1),
                    true,
                ));
            }
        }
        for fact in &rules.facts {
            for (n, m) in fact.metrics().into_iter().enumerate() {
                owners[m] = Some((
                    format!("fact '{}'", fact.name),
                    format!("fact_{}_{}", sanitise(&fact.name), n + 1),
                    false,
                ));
            }
        }
        let mut metrics = Vec::new();
        let mut keys: Vec<(String, String)> = Vec::new();
        for (metric, owner) in owners.into_iter().enumerate() {
            let Some((owner, key, evidence)) = owner else {
                continue;
            };
            if key.is_empty() || key.starts_with("present") || key.starts_with("role_") {
                return Err(format!(
                    "{owner}: its name gives no usable column name; use letters and digits"
                ));
            }
            if let Some((other, _)) = keys.iter().find(|(_, k)| *k == key) {
                return Err(format!(
                    "{owner} and {other} would share the metrics columns {key}__*; rename one"
                ));
            }
            keys.push((owner.clone(), key.clone()));
            let m = &rules.metrics[metric];
            let seen = if evidence {
                value_keys(m.aggregate.listed())
            } else {
                Vec::new()
            };
            metrics.push(MetricColumns {
                metric,
                owner,
                key,
                evidence,
                seen,
            });
        }
        let mut roles = Vec::new();
        for role in &rules.roles {
            let key = format!("role_{}", sanitise(&role.name));
            if roles.contains(&key) || key == "role_" {
                return Err(format!(
                    "role '{}': its name gives no column name of its own; use letters and digits",
                    role.name
                ));
            }
            roles.push(key);
        }
        let mut presence = BTreeSet::new();
        let mut tables = BTreeSet::new();
        for mc in &metrics {
            for (table, group) in rules.metrics[mc.metric].needs() {
                tables.insert(table);
                for f in group {
                    add_with_sources(&mut presence, table, f);
                }
            }
            tables.insert(rules.metrics[mc.metric].table);
        }
        Ok(Layout {
            metrics,
            roles,
            presence: presence
                .into_iter()
                .map(|(t, f): (Table, u16)| (t, FieldId(f)))
                .collect(),
            tables: tables.into_iter().collect(),
        })
    }

    /// The tables whose presence a metrics table records: every table a
    /// warehouse query reads, the billing tables only when the rule set reads
    /// them, so a rule set without them keeps the columns and plan it had.
    pub fn present_tables(&self) -> impl Iterator<Item = Table> + '_ {
        super::TABLES
            .into_iter()
            .filter(|t| !super::NAMED_ONLY.contains(t) || self.tables.contains(t))
    }

    /// Every column of the table, in order.
    pub fn columns(&self) -> Vec<String> {
        let mut out = vec![
            ACCOUNT_ID.to_string(),
            ACCOUNT_NAME.to_string(),
            ACCOUNT_OWNER.to_string(),
            RECORDS.to_string(),
            AS_OF.to_string(),
            PLAN.to_string(),
        ];
        for key in [PRIMARY, FIRST]
            .iter()
            .map(|s| s.to_string())
            .chain(self.roles.iter().map(|r| format!("{r}_contact")))
        {
            out.push(contact_id_col(&key));
            out.push(contact_name_col(&key));
        }
        for t in self.present_tables() {
            out.push(table_col(t));
        }
        for &(t, f) in &self.presence {
            out.push(field_col(t, f));
        }
        out.push(ANY_ROLE.to_string());
        for &t in &self.tables {
            out.push(history_col(t, "first"));
            out.push(history_col(t, "last"));
        }
        for mc in &self.metrics {
            for &s in mc.stats() {
                out.push(mc.col(s));
            }
            for i in 0..mc.seen.len() {
                out.push(mc.seen_col(i));
            }
        }
        out
    }

    /// A fingerprint of everything the metric values depend on, so a table
    /// computed for one rule set is not scored with another.
    pub fn plan(&self, rules: &RuleSet) -> String {
        let mut text = String::new();
        for mc in &self.metrics {
            let m: &Metric = &rules.metrics[mc.metric];
            text.push_str(&format!("{}={};", mc.key, fingerprint(m)));
        }
        for c in &rules.classes {
            text.push_str(&format!("{}={:?};", c.name, c.keywords));
        }
        for r in &rules.roles {
            text.push_str(&format!("role {}={};", r.name, r.class));
        }
        text.push_str(&self.columns().join(","));
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}

/// A metric's text for the plan's fingerprint (see [`Fingerprint`]).
fn fingerprint(m: &Metric) -> String {
    struct Tag(&'static str);
    impl std::fmt::Debug for Tag {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // `days-since-last` as `DaysSinceLast`.
            for word in self.0.split('-') {
                let mut c = word.chars();
                if let Some(first) = c.next() {
                    write!(f, "{}{}", first.to_ascii_uppercase(), c.as_str())?;
                }
            }
            Ok(())
        }
    }
    struct Follow<'a>(&'a FollowUp);
    impl std::fmt::Debug for Follow<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let mut d = f.debug_struct("FollowedBy");
            d.field("table", &self.0.table);
            if let Some(w) = self.0.within_days {
                d.field("window_days", &w);
            }
            d.field("filter", &self.0.filter).finish()
        }
    }
    let mut p = Fingerprint::default();
    m.aggregate.fingerprint(&mut p);
    let text = format!(
        "{:?}",
        FingerprintText {
            m,
            tag: Tag(m.aggregate.name()),
            p: &p,
            follow: p.followed_by.map(Follow),
        }
    );
    struct FingerprintText<'a, T, F> {
        m: &'a crate::spec::Metric,
        tag: T,
        p: &'a Fingerprint<'a>,
        follow: Option<F>,
    }
    impl<T: std::fmt::Debug, F: std::fmt::Debug> std::fmt::Debug for FingerprintText<'_, T, F> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let (m, p) = (self.m, self.p);
            let mut d = f.debug_struct("Metric");
            d.field("table", &m.table)
                .field("aggregate", &self.tag)
                .field("filter", &m.filter)
                .field("of", &p.of)
                .field("per", &p.per)
                .field("window_days", &m.window_days)
                .field("date", &m.date)
                .field("field", &p.field)
                .field("values", &p.values)
                .field("duration", &p.duration)
                .field("percentile", &p.percentile)
                .field("threshold", &p.threshold)
                .field("followed_by", &self.follow);
            for (name, value) in &p.more {
                d.field(name, value);
            }
            d.finish()
        }
    }
    text
}

/// Column keys for the values of a `distinct`: the value itself where it makes
/// a name of its own, else its position.
fn value_keys(values: &[String]) -> Vec<String> {
    let named: Vec<String> = values.iter().map(|v| sanitise(v)).collect();
    let unique = named
        .iter()
        .all(|k| !k.is_empty() && named.iter().filter(|o| *o == k).count() == 1);
    if unique {
        named
    } else {
        (1..=values.len()).map(|i| i.to_string()).collect()
    }
}

/// A field and what its value falls back to, as `Presence::present` reads them.
fn add_with_sources(set: &mut BTreeSet<(Table, u16)>, table: Table, field: FieldId) {
    if !set.insert((table, field.0)) {
        return;
    }
    match table.def(field).derive {
        Derivation::MatchesClass { field: src, .. } => {
            if let Some(src) = table.field(src) {
                add_with_sources(set, table, src);
            }
        }
        Derivation::DealLost => {
            for name in ["is_closed", "is_won", "stage"] {
                if let Some(f) = table.field(name) {
                    add_with_sources(set, table, f);
                }
            }
        }
        Derivation::None
        | Derivation::ActivityDone
        | Derivation::ContactRole
        | Derivation::AfterDuration { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rules_get_readable_unique_columns() {
        let rules = RuleSet::builtin().unwrap();
        let layout = Layout::new(&rules).unwrap();
        let cols = layout.columns();
        assert!(cols.contains(&"contact_recency__value".to_string()));
        assert!(cols.contains(&"buyer_and_gatekeeper__has_gatekeeper".to_string()));
        assert!(cols.contains(&"fact_existing_customer_1__value".to_string()));
        assert!(cols.contains(&"role_buyer_contact_name".to_string()));
        assert!(cols.contains(&"present_deals__is_lost".to_string()));
        assert!(cols.contains(&"present_deals__stage".to_string()));
        let unique: BTreeSet<&String> = cols.iter().collect();
        assert_eq!(unique.len(), cols.len());
        assert_eq!(layout.plan(&rules), layout.plan(&rules));
    }

    #[test]
    fn colliding_rule_ids_are_refused() {
        let text = r#"
extends = "default"
[[rule]]
id = "contact.recency"
title = "t"
metric = { table = "activities", aggregate = "count" }
curve = { better = "higher", full = 1, zero = 0 }
action = "a"
"#;
        let rules = RuleSet::from_text("x.toml", text).unwrap();
        let err = Layout::new(&rules).unwrap_err();
        assert!(err.contains("rule 'contact.recency'"), "{err}");
        assert!(err.contains("rule 'contact-recency'"), "{err}");
    }
}
