//! The metrics query: one SQL statement that computes, per account, every metric
//! a rule set needs, with the same semantics as the streaming engine in
//! `src/metrics/`. Its shape:
//!
//! - `src_T`: the canonical table T as read, every value a rule reads cleaned as
//!   rapport reads a cell (ASCII whitespace trimmed, empty means NULL), dates as
//!   whole epoch seconds;
//! - `ok_T`: rows not deleted, with derived booleans (`done`, `is_lost`, ...) and
//!   day numbers;
//! - `known_accounts`, `known_contacts`: first row per id (rapport rejects later duplicates),
//!   contacts of unknown accounts dropped, contact roles resolved;
//! - `rows_T`: each row joined to its account (related id, else account id, else
//!   its contact's account) and contact; rows without an account drop out;
//! - per metric, `mN` (rows that count), `gN` (aggregates per account) and
//!   `eN` (the evidence contact);
//! - `pres_T`: which columns hold any value, for assessability.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::ingest::values::SECONDS_PER_DAY;
use crate::metrics::plan::Plan;
use crate::model::{Derivation, FieldId, FieldKind, Table};
use crate::primitive::Sql;
use crate::spec::{Duration, DurationEnd, Filter, FilterOp, KeywordClass, RuleSet, TableSource};

use super::dialect::{Dialect, Unwritable, ascii_case_pattern};
use super::layout::{self, Layout, MetricColumns, Stat};

/// Where each canonical table is read from and which of its fields have columns.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Per table (in `Table::ALL` order); None when the data has no such table.
    pub tables: Vec<Option<TableSchema>>,
}

#[derive(Debug, Clone)]
pub struct TableSchema {
    /// The table or view name, possibly qualified (`crm.activities`).
    pub name: String,
    /// Per field: the columns it is read from, the first non-empty one winning.
    /// Empty when the table has no column for the field.
    pub columns: Vec<Vec<String>>,
    /// The table is rapport's view over an export's files: it carries `_file` and
    /// `_line`, so "first" and "latest" break ties in the export's row order as
    /// rapport does (elsewhere ties are broken by id), and `FIELD__mapped` per
    /// boolean, since whether an empty cell means false depends on the file.
    pub export: bool,
}

impl Schema {
    /// Tables named like the canonical ones (or as `[tables]` says), each field in
    /// a column of its own name (or as `[columns.TABLE]` says).
    pub fn from_rules(rules: &RuleSet) -> Schema {
        let tables = Table::ALL
            .iter()
            .map(|&t| {
                let name = match rules.tables.get(&t) {
                    Some(TableSource::Absent) => return None,
                    Some(TableSource::Named(n)) => n.clone(),
                    None => t.sql_name().to_string(),
                };
                let columns = t
                    .fields()
                    .iter()
                    .enumerate()
                    .map(|(i, def)| {
                        if def.headers.is_empty() {
                            return Vec::new();
                        }
                        match rules.column_names.get(&(t, FieldId(i as u16))) {
                            Some(names) => names.clone(),
                            None => vec![def.name.to_string()],
                        }
                    })
                    .collect();
                Some(TableSchema {
                    name,
                    columns,
                    export: false,
                })
            })
            .collect();
        Schema { tables }
    }

    pub fn table(&self, t: Table) -> Option<&TableSchema> {
        self.tables[t as usize].as_ref()
    }

    fn mapped(&self, t: Table, f: FieldId) -> bool {
        self.table(t)
            .is_some_and(|s| !s.columns[f.0 as usize].is_empty())
    }
}

/// Why a query cannot be written, naming what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError(pub String);

impl std::fmt::Display for SqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SqlError {}

pub type Res<T> = Result<T, SqlError>;

fn ctx(what: &str, dialect: Dialect) -> impl Fn(Unwritable) -> SqlError + '_ {
    move |e| SqlError(format!("{what} cannot be written in {dialect}: {}", e.0))
}

/// Writes the metrics query for a rule set as of a day.
pub fn metrics_query(
    rules: &RuleSet,
    dialect: Dialect,
    as_of_day: i64,
    schema: &Schema,
) -> Res<String> {
    let layout = Layout::new(rules).map_err(SqlError)?;
    if schema.table(Table::Accounts).is_none() {
        return Err(SqlError(
            "there is no accounts table: every score is per account".into(),
        ));
    }
    if let Some(max) = dialect.max_identifier() {
        for col in layout.columns() {
            if col.len() > max {
                let owner = layout
                    .metrics
                    .iter()
                    .find(|m| col.starts_with(&format!("{}__", m.key)))
                    .map_or_else(|| "the rule set".to_string(), |m| m.owner.clone());
                return Err(SqlError(format!(
                    "{owner}: its metrics column '{col}' is longer than the {max} bytes {dialect} keeps; shorten the name"
                )));
            }
        }
    }
    let mut q = Query {
        d: dialect,
        rules,
        schema,
        as_of: as_of_day,
        plans: Table::ALL.iter().map(|&t| Plan::new(t, rules)).collect(),
        class_patterns: Vec::new(),
        ctes: Vec::new(),
    };
    for class in &rules.classes {
        q.class_patterns.push(class_pattern(dialect, class));
    }
    q.build(&layout)
}

/// The query being written: its CTEs so far and what writing them needs.
pub struct Query<'a> {
    pub(crate) d: Dialect,
    rules: &'a RuleSet,
    schema: &'a Schema,
    /// The as-of day.
    pub(crate) as_of: i64,
    plans: Vec<Plan>,
    /// Per class: its pattern as a literal, or why it cannot be written.
    class_patterns: Vec<Result<String, Unwritable>>,
    ctes: Vec<(String, String)>,
}

fn class_pattern(d: Dialect, class: &KeywordClass) -> Result<String, Unwritable> {
    d.string(&class_regex(d, class))
}

/// The regular expression of a keyword class: a keyword between word boundaries
/// (`*` keywords need none after), letters in either ASCII case. It matches
/// where `KeywordClass::is_match` does.
pub fn class_regex(d: Dialect, class: &KeywordClass) -> String {
    let nw = d.non_word_class();
    let (mut whole, mut prefix) = (Vec::new(), Vec::new());
    for k in &class.keywords {
        match k.strip_suffix('*') {
            Some(w) => prefix.push(ascii_case_pattern(w.trim_end())),
            None => whole.push(ascii_case_pattern(k)),
        }
    }
    let mut parts = Vec::new();
    if !whole.is_empty() {
        parts.push(format!("(?:^|{nw})(?:{})(?:{nw}|$)", whole.join("|")));
    }
    if !prefix.is_empty() {
        parts.push(format!("(?:^|{nw})(?:{})", prefix.join("|")));
    }
    parts.join("|")
}

impl Query<'_> {
    pub(crate) fn cte(&mut self, name: &str, body: String) {
        self.ctes.push((name.to_string(), body));
    }

    fn ty(&self, kind: FieldKind) -> &'static str {
        match kind {
            FieldKind::Bool => self.d.bool_type(),
            FieldKind::Date => self.d.double_type(),
            _ => self.d.text_type(),
        }
    }

    pub(crate) fn null(&self, ty: &str) -> String {
        format!("CAST(NULL AS {ty})")
    }

    pub(crate) fn lit(&self, s: &str, what: &str) -> Res<String> {
        self.d.string(s).map_err(ctx(what, self.d))
    }

    pub(crate) fn num(&self, x: f64) -> String {
        format!("CAST({x:?} AS {})", self.d.double_type())
    }

    fn asc(&self) -> &'static str {
        "o1 ASC NULLS FIRST, o2 ASC NULLS FIRST"
    }

    fn desc(&self) -> &'static str {
        "o1 DESC NULLS LAST, o2 DESC NULLS LAST"
    }

    fn present(&self, t: Table) -> bool {
        self.schema.table(t).is_some()
    }

    /// The fields of a table the query reads, with what derived ones read.
    fn needed(&self, t: Table, layout: &Layout) -> BTreeSet<u16> {
        let mut set = BTreeSet::new();
        let joins: &[&str] = match t {
            Table::Accounts => &["id", "name", "owner"],
            Table::Contacts => &[
                "id",
                "account_id",
                "name",
                "first_name",
                "last_name",
                "title",
                "role",
            ],
            Table::ContactRoles => &["account_id", "contact_id", "role"],
            Table::Activities => &["id", "account_id", "contact_id", "related_id", "done"],
            Table::Orders | Table::Deals | Table::Tickets => &["id", "account_id", "contact_id"],
            Table::DealCompetitors => &[],
        };
        for name in joins.iter().chain(&["is_deleted"]) {
            if let Some(f) = t.field(name) {
                set.insert(f.0);
            }
        }
        let plan = &self.plans[t as usize];
        for &f in &plan.dates {
            set.insert(f.0);
        }
        for p in &plan.preds {
            for f in &p.fields {
                set.insert(f.0);
            }
        }
        // What the primitives read (their value fields among the rest).
        for m in &self.rules.metrics {
            for (nt, fields) in m.needs() {
                if nt == t {
                    set.extend(fields.iter().map(|f| f.0));
                }
            }
        }
        for &(pt, f) in &layout.presence {
            if pt == t {
                set.insert(f.0);
            }
        }
        // What derived booleans fall back to.
        loop {
            let before = set.len();
            for f in set.clone() {
                match t.def(FieldId(f)).derive {
                    Derivation::MatchesClass { field, .. } => {
                        if let Some(s) = t.field(field) {
                            set.insert(s.0);
                        }
                    }
                    Derivation::DealLost => {
                        for n in ["is_closed", "is_won", "stage"] {
                            if let Some(s) = t.field(n) {
                                set.insert(s.0);
                            }
                        }
                    }
                    Derivation::ActivityDone => {
                        if let Some(s) = t.field("is_closed") {
                            set.insert(s.0);
                        }
                    }
                    Derivation::None | Derivation::ContactRole => {}
                }
            }
            if set.len() == before {
                break;
            }
        }
        set
    }

    fn in_plan(&self, t: Table, f: FieldId) -> bool {
        self.plans[t as usize].dates.contains(&f)
    }

    /// `src_T`: the table as read.
    fn source(&mut self, t: Table, needed: &BTreeSet<u16>) -> Res<()> {
        let d = self.d;
        let ts = self.schema.table(t).expect("present");
        let table = d
            .table_name(&ts.name)
            .map_err(ctx(&format!("the {t} table name"), d))?;
        let col = |name: &str| -> Res<String> {
            d.ident(name)
                .map_err(ctx(&format!("the {t} column name {name:?}"), d))
        };
        let mut cols = Vec::new();
        if ts.export {
            cols.push(format!("{} AS o1", col("_file")?));
            cols.push(format!("{} AS o2", col("_line")?));
        } else {
            let key = ["id", "contact_id", "account_id"]
                .iter()
                .filter_map(|n| t.field(n))
                .find(|f| !ts.columns[f.0 as usize].is_empty());
            cols.push(format!("CAST(0 AS {}) AS o1", d.integer_type()));
            cols.push(match key {
                Some(f) => format!(
                    "{} AS o2",
                    d.clean_text(&col(&ts.columns[f.0 as usize][0])?)
                ),
                None => format!("{} AS o2", self.null(d.text_type())),
            });
        }
        for &f in needed {
            let id = FieldId(f);
            let def = t.def(id);
            if def.headers.is_empty() {
                continue;
            }
            let names = &ts.columns[f as usize];
            let alias = self.alias(t, id);
            let expr = if names.is_empty() {
                self.null(self.ty(def.kind))
            } else {
                let parts = names
                    .iter()
                    .map(|n| {
                        let c = col(n)?;
                        Ok(match def.kind {
                            FieldKind::Bool => c,
                            FieldKind::Date if self.in_plan(t, id) => d.epoch_seconds(&c),
                            FieldKind::Date => format!("CAST({c} AS {})", d.text_type()),
                            _ => d.clean_text(&c),
                        })
                    })
                    .collect::<Res<Vec<_>>>()?;
                if parts.len() == 1 {
                    parts.into_iter().next().expect("one")
                } else {
                    format!("COALESCE({})", parts.join(", "))
                }
            };
            cols.push(format!("{expr} AS {alias}"));
            if def.kind == FieldKind::Bool {
                // Whether this row's file has the column: an empty cell then means false.
                let has = if names.is_empty() {
                    "FALSE".to_string()
                } else if ts.export {
                    col(&format!("{}__mapped", def.name))?
                } else {
                    "TRUE".to_string()
                };
                cols.push(format!("{has} AS m_{}", layout::sanitise(def.name)));
            }
        }
        let body = format!("  SELECT\n    {}\n  FROM {table}", cols.join(",\n    "));
        self.cte(&format!("src_{}", t.sql_name()), body);
        Ok(())
    }

    /// The column name a field has inside the query.
    fn alias(&self, t: Table, f: FieldId) -> String {
        let def = t.def(f);
        let name = layout::sanitise(def.name);
        match def.kind {
            FieldKind::Bool => format!("b_{name}"),
            FieldKind::Date if self.in_plan(t, f) => format!("s_{name}"),
            _ => format!("f_{name}"),
        }
    }

    /// Whether `text` (an SQL expression, not NULL) matches a keyword class.
    fn class_match(&self, class: usize, text: &str, owner: &str) -> Res<String> {
        let pattern = self.class_patterns[class].clone().map_err(|e| {
            SqlError(format!(
                "{owner}: class '{}' cannot be written in {}: {}",
                self.rules.classes[class].name, self.d, e.0
            ))
        })?;
        Ok(self.d.regex_contains(text, &pattern))
    }

    /// A boolean field's value on a row of `src_T`, derived where rapport derives it.
    fn bool_expr(&self, t: Table, f: FieldId) -> Res<String> {
        let def = t.def(f);
        let mapped = self.schema.mapped(t, f);
        let own = format!("b_{}", layout::sanitise(def.name));
        let empty_is_false = format!("CASE WHEN m_{} THEN FALSE END", layout::sanitise(def.name));
        let null = self.null(self.d.bool_type());
        Ok(match def.derive {
            Derivation::None => {
                if mapped {
                    format!("COALESCE({own}, {empty_is_false})")
                } else {
                    null
                }
            }
            Derivation::MatchesClass { field, class } => {
                let Some(class) = self.rules.class_id(class) else {
                    return Ok(if mapped { own } else { null });
                };
                let mut parts = Vec::new();
                if mapped {
                    parts.push(own);
                }
                if let Some(src) = t.field(field)
                    && self.schema.mapped(t, src)
                {
                    let text = format!("f_{}", layout::sanitise(field));
                    parts.push(format!(
                        "CASE WHEN {text} IS NOT NULL THEN {} END",
                        self.class_match(class, &text, &format!("the {t}.{} fallback", def.name))?
                    ));
                }
                if mapped {
                    parts.push(empty_is_false);
                }
                match parts.len() {
                    0 => null,
                    1 => parts.pop().expect("one"),
                    _ => format!("COALESCE({})", parts.join(", ")),
                }
            }
            Derivation::DealLost => {
                let closed = self.bool_expr(t, t.field("is_closed").expect("deals"))?;
                let won = self.bool_expr(t, t.field("is_won").expect("deals"))?;
                let stage = t.field("stage").expect("deals");
                let by_stage = match self.rules.class_id("stage-lost") {
                    Some(c) if self.schema.mapped(t, stage) => format!(
                        " WHEN f_stage IS NOT NULL THEN {}",
                        self.class_match(c, "f_stage", "the deals.is_lost fallback")?
                    ),
                    _ => String::new(),
                };
                format!(
                    "CASE WHEN ({closed}) IS NOT NULL AND ({won}) IS NOT NULL THEN ({closed}) AND NOT ({won}){by_stage} END"
                )
            }
            Derivation::ActivityDone => {
                let closed = self.bool_expr(t, t.field("is_closed").expect("activities"))?;
                format!("COALESCE({closed}, TRUE)")
            }
            Derivation::ContactRole => null,
        })
    }

    /// `ok_T`: rows not deleted, with derived booleans and day numbers.
    fn ok_rows(&mut self, t: Table, needed: &BTreeSet<u16>) -> Res<()> {
        let mut cols = vec!["src.*".to_string()];
        for &f in needed {
            let id = FieldId(f);
            let def = t.def(id);
            if def.kind == FieldKind::Bool {
                cols.push(format!(
                    "{} AS v_{}",
                    self.bool_expr(t, id)?,
                    layout::sanitise(def.name)
                ));
            }
            if def.kind == FieldKind::Date && self.in_plan(t, id) {
                let name = layout::sanitise(def.name);
                cols.push(format!(
                    "{} AS d_{name}",
                    self.d.day_of(&format!("s_{name}"))
                ));
            }
        }
        let deleted = t.field("is_deleted").expect("every table");
        let filter = if self.schema.mapped(t, deleted) {
            "\n  WHERE NOT COALESCE(src.b_is_deleted, FALSE)"
        } else {
            ""
        };
        self.cte(
            &format!("ok_{}", t.sql_name()),
            format!(
                "  SELECT\n    {}\n  FROM src_{} src{filter}",
                cols.join(",\n    "),
                t.sql_name()
            ),
        );
        Ok(())
    }

    /// The first row per key, in row order (rapport rejects later duplicates).
    fn first_per(&self, from: &str, key: &str, filter: &str) -> String {
        // Each CTE names its row number apart, as `x.*` carries the earlier ones.
        let rn = format!(
            "rn_{}",
            from.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        format!(
            "  SELECT * FROM (\n    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {}) AS {rn}\n    FROM {from} x\n    WHERE {filter}\n  ) t\n  WHERE {rn} = 1",
            self.asc()
        )
    }

    fn accounts_and_contacts(&mut self) -> Res<()> {
        let d = self.d;
        self.cte(
            "accounts0",
            self.first_per("ok_accounts", "x.f_id", "x.f_id IS NOT NULL"),
        );
        self.cte(
            "known_accounts",
            "  SELECT a.*, a.f_id AS id, COALESCE(a.f_name, a.f_id) AS name FROM accounts0 a"
                .into(),
        );
        let text = d.text_type();
        if !self.present(Table::Contacts) {
            self.cte(
                "known_contacts",
                format!(
                    "  SELECT CAST(NULL AS {text}) AS id, CAST(NULL AS {text}) AS name, CAST(NULL AS {text}) AS account_id, CAST(NULL AS {text}) AS direct_account, CAST(NULL AS {int}) AS role_idx, CAST(NULL AS {text}) AS role_name, CAST(NULL AS {int}) AS o1, CAST(NULL AS {text}) AS o2\n  LIMIT 0",
                    int = d.integer_type()
                ),
            );
            return Ok(());
        }
        self.cte(
            "contacts0",
            "  SELECT c.* FROM ok_contacts c\n  LEFT JOIN known_accounts a ON a.id = c.f_account_id\n  WHERE c.f_id IS NOT NULL AND (c.f_account_id IS NULL OR a.id IS NOT NULL)".into(),
        );
        self.cte(
            "contacts1",
            self.first_per("contacts0", "x.f_id", "x.f_id IS NOT NULL"),
        );
        let with_relations = self.present(Table::ContactRoles);
        if with_relations {
            self.cte(
                "relations",
                "  SELECT r.o1, r.o2, r.f_account_id AS account_id, r.f_contact_id AS contact_id, r.f_role AS role\n  FROM ok_contact_roles r\n  JOIN known_accounts a ON a.id = r.f_account_id\n  JOIN contacts1 c ON c.f_id = r.f_contact_id".into(),
            );
            self.cte(
                "relation_account",
                self.first_per("relations", "x.contact_id", "x.account_id IS NOT NULL"),
            );
            self.cte(
                "relation_role",
                self.first_per("relations", "x.contact_id", "x.role IS NOT NULL"),
            );
        }
        let (account, role_value, joins) = if with_relations {
            (
                "COALESCE(c.f_account_id, ra.account_id)",
                "COALESCE(c.f_role, rr.role)",
                "\n  LEFT JOIN relation_account ra ON ra.contact_id = c.f_id\n  LEFT JOIN relation_role rr ON rr.contact_id = c.f_id",
            )
        } else {
            ("c.f_account_id", "c.f_role", "")
        };
        // The first role whose class matches the role value, else the job title.
        let mut idx = Vec::new();
        let mut names = Vec::new();
        for text in [role_value, "c.f_title"] {
            for (i, role) in self.rules.roles.iter().enumerate() {
                let m = self.class_match(role.class, text, &format!("role '{}'", role.name))?;
                idx.push(format!("WHEN COALESCE({m}, FALSE) THEN {i}"));
            }
        }
        for (i, role) in self.rules.roles.iter().enumerate() {
            names.push(format!(
                "WHEN {i} THEN {}",
                self.lit(&role.name, &format!("role '{}'", role.name))?
            ));
        }
        let role_idx = if idx.is_empty() {
            self.null(d.integer_type())
        } else {
            format!("CASE {} END", idx.join(" "))
        };
        self.cte(
            "contacts2",
            format!(
                "  SELECT c.*, c.f_id AS id, c.f_account_id AS direct_account, {account} AS account_id,\n    COALESCE(c.f_name, CASE WHEN c.f_first_name IS NOT NULL AND c.f_last_name IS NOT NULL THEN c.f_first_name || ' ' || c.f_last_name ELSE COALESCE(c.f_first_name, c.f_last_name) END, c.f_id) AS name,\n    {role_idx} AS role_idx\n  FROM contacts1 c{joins}"
            ),
        );
        let role_name = if names.is_empty() {
            self.null(d.text_type())
        } else {
            format!("CASE c.role_idx {} END", names.join(" "))
        };
        self.cte(
            "known_contacts",
            format!("  SELECT c.*, {role_name} AS role_name FROM contacts2 c"),
        );
        Ok(())
    }

    /// `rows_T`: each row with its account and contact.
    fn joined_rows(&mut self, t: Table) {
        let text = self.d.text_type();
        let body = match t {
            Table::Accounts => format!(
                "  SELECT a.*, a.id AS account, CAST(NULL AS {text}) AS contact, CAST(NULL AS {text}) AS contact_name, CAST(NULL AS {text}) AS contact_role\n  FROM known_accounts a"
            ),
            Table::Contacts => "  SELECT c.*, c.direct_account AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role\n  FROM known_contacts c".to_string(),
            Table::ContactRoles => "  SELECT r.*, a.id AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role\n  FROM ok_contact_roles r\n  JOIN known_accounts a ON a.id = r.f_account_id\n  JOIN known_contacts c ON c.id = r.f_contact_id".to_string(),
            _ => {
                let mut joins = String::new();
                let mut account = Vec::new();
                let has = |n: &str| t.field(n).is_some();
                if has("contact_id") {
                    joins.push_str("\n  LEFT JOIN known_contacts c ON c.id = r.f_contact_id");
                }
                if has("related_id") {
                    joins.push_str("\n  LEFT JOIN known_accounts ar ON ar.id = r.f_related_id");
                    account.push("ar.id");
                }
                joins.push_str("\n  LEFT JOIN known_accounts aa ON aa.id = r.f_account_id");
                account.push("aa.id");
                let contact = if has("contact_id") {
                    account.push("c.account_id");
                    "c.id AS contact, c.name AS contact_name, c.role_name AS contact_role".to_string()
                } else {
                    format!(
                        "CAST(NULL AS {text}) AS contact, CAST(NULL AS {text}) AS contact_name, CAST(NULL AS {text}) AS contact_role"
                    )
                };
                format!(
                    "  SELECT r.*, COALESCE({}) AS account, {contact}\n  FROM ok_{} r{joins}",
                    account.join(", "),
                    t.sql_name()
                )
            }
        };
        self.cte(&format!("rows_{}", t.sql_name()), body);
    }

    /// A field's text on a row of `rows_T`.
    pub(crate) fn text_col(&self, t: Table, f: FieldId) -> String {
        match t.def(f).derive {
            Derivation::ContactRole => "contact_role".into(),
            _ => self.alias(t, f),
        }
    }

    fn filter(&self, t: Table, filter: &Filter, owner: &str) -> Res<String> {
        let any = |parts: Vec<String>| {
            if parts.is_empty() {
                "FALSE".to_string()
            } else {
                format!("({})", parts.join(" OR "))
            }
        };
        let equal_any = |list: &[String]| -> Res<Vec<String>> {
            if list.is_empty() {
                return Ok(Vec::new());
            }
            let alternatives: Vec<String> = list.iter().map(|v| ascii_case_pattern(v)).collect();
            let pattern = self.lit(&format!("^(?:{})$", alternatives.join("|")), owner)?;
            Ok(filter
                .fields
                .iter()
                .map(|&f| {
                    format!(
                        "COALESCE({}, FALSE)",
                        self.d.regex_contains(&self.text_col(t, f), &pattern)
                    )
                })
                .collect())
        };
        if matches!(
            filter.op,
            FilterOp::In(_) | FilterOp::NotIn(_) | FilterOp::Matches(_) | FilterOp::NotMatches(_)
        ) && let Some(&f) = filter
            .fields
            .iter()
            .find(|&&f| matches!(t.def(f).kind, FieldKind::Bool | FieldKind::Date))
        {
            return Err(SqlError(format!(
                "{owner} compares the text of {t}.{}, but in {} that field is a typed {} column, not text as written; use `is` or `present` on it",
                t.def(f).name,
                self.d,
                if t.def(f).kind == FieldKind::Bool {
                    "boolean"
                } else {
                    "date"
                }
            )));
        }
        Ok(match &filter.op {
            FilterOp::In(list) => any(equal_any(list)?),
            FilterOp::NotIn(list) => format!("NOT {}", any(equal_any(list)?)),
            FilterOp::Matches(c) | FilterOp::NotMatches(c) => {
                let parts = filter
                    .fields
                    .iter()
                    .map(|&f| {
                        Ok(format!(
                            "COALESCE({}, FALSE)",
                            self.class_match(*c, &self.text_col(t, f), owner)?
                        ))
                    })
                    .collect::<Res<Vec<_>>>()?;
                if matches!(filter.op, FilterOp::Matches(_)) {
                    any(parts)
                } else {
                    format!("NOT {}", any(parts))
                }
            }
            FilterOp::Present(want) => {
                let parts = filter
                    .fields
                    .iter()
                    .map(|&f| {
                        let col = match t.def(f).kind {
                            FieldKind::Bool => format!("v_{}", layout::sanitise(t.def(f).name)),
                            _ => self.text_col(t, f),
                        };
                        format!("{col} IS NOT NULL")
                    })
                    .collect();
                if *want {
                    any(parts)
                } else {
                    format!("NOT {}", any(parts))
                }
            }
            FilterOp::Is(want) => {
                let want = if *want { "TRUE" } else { "FALSE" };
                any(filter
                    .fields
                    .iter()
                    .map(|&f| {
                        format!(
                            "COALESCE(v_{} = {want}, FALSE)",
                            layout::sanitise(t.def(f).name)
                        )
                    })
                    .collect())
            }
        })
    }

    pub(crate) fn all(&self, t: Table, filters: &[Filter], owner: &str) -> Res<String> {
        if filters.is_empty() {
            return Ok("TRUE".into());
        }
        let parts = filters
            .iter()
            .map(|f| self.filter(t, f, owner))
            .collect::<Res<Vec<_>>>()?;
        Ok(format!("({})", parts.join(" AND ")))
    }

    pub(crate) fn day_col(&self, t: Table, f: FieldId) -> String {
        format!("d_{}", layout::sanitise(t.def(f).name))
    }

    fn epoch_col(&self, t: Table, f: FieldId) -> String {
        format!("s_{}", layout::sanitise(t.def(f).name))
    }

    /// The duration on a row; the rows without one do not count.
    pub(crate) fn duration_rows(&self, s: &mut Sql, dur: &Duration) -> String {
        let t = s.table;
        let dur = match dur.from {
            DurationEnd::AsOf => self.null(self.d.double_type()),
            DurationEnd::Field(from) => {
                // Open things are measured to the end of the as-of day, which windows include.
                let as_of_end = self.num(((self.as_of + 1) * SECONDS_PER_DAY) as f64);
                let to = match dur.to {
                    DurationEnd::AsOf => as_of_end,
                    DurationEnd::Field(f) if dur.open_until_as_of => {
                        format!("COALESCE({}, {as_of_end})", self.epoch_col(t, f))
                    }
                    DurationEnd::Field(f) => self.epoch_col(t, f),
                };
                format!(
                    "({to} - {}) / {}",
                    self.epoch_col(t, from),
                    self.num(dur.unit.seconds())
                )
            }
        };
        s.conds.push(format!("({dur}) IS NOT NULL"));
        s.cols.push(format!("{dur} AS k_dur"));
        dur
    }

    /// `n_hits / n_rows` of `gN`, when there are rows.
    pub(crate) fn ratio(&self, g: &str) -> String {
        let dbl = self.d.double_type();
        format!(
            "CASE WHEN {g}.n_rows > 0 THEN CAST({g}.n_hits AS {dbl}) / CAST({g}.n_rows AS {dbl}) END"
        )
    }

    /// The CTEs of one metric; returns false when its tables are absent.
    fn metric(&mut self, mc: &MetricColumns) -> Res<bool> {
        let m = &self.rules.metrics[mc.metric];
        let t = m.table;
        if !self.present(t)
            || m.aggregate
                .follows()
                .is_some_and(|f| !self.present(f.table))
        {
            return Ok(false);
        }
        let owner = &mc.owner;
        let n = mc.metric;
        let as_of = self.as_of;
        let day = self.day_col(t, m.date);
        let mut conds = vec!["account IS NOT NULL".to_string()];
        if let Some(w) = m.window_days {
            conds.push(format!(
                "{day} IS NOT NULL AND {day} <= {as_of} AND {day} > {}",
                as_of - w
            ));
        }
        if m.aggregate.dated() {
            conds.push(format!("{day} IS NOT NULL AND {day} <= {as_of}"));
        }
        conds.push(self.all(t, &m.filter, owner)?);
        let cols = vec![
            "account".to_string(),
            "contact".into(),
            "contact_name".into(),
            "o1".into(),
            "o2".into(),
            format!("{day} AS k_day"),
        ];
        let mut sql = Sql {
            table: t,
            n,
            owner,
            conds,
            cols,
            aggs: vec![
                "MAX(m.k_day) AS last_day".to_string(),
                "MIN(m.k_day) AS first_day".into(),
            ],
            from: format!("m{n} m"),
        };
        m.aggregate.sql_rows(self, &mut sql)?;
        self.cte(
            &format!("m{n}"),
            format!(
                "  SELECT {}\n  FROM rows_{}\n  WHERE {}",
                sql.cols.join(", "),
                t.sql_name(),
                sql.conds.join("\n    AND ")
            ),
        );

        m.aggregate.sql_group(self, &mut sql)?;
        self.cte(
            &format!("g{n}"),
            format!(
                "  SELECT m.account, {}\n  FROM {}\n  GROUP BY m.account",
                sql.aggs.join(", "),
                sql.from
            ),
        );
        if mc.evidence {
            // rapport keeps the contact of the latest row: a row counts when its day
            // is at least every earlier row's, and a row without a contact keeps
            // the one before; an undated first row gives its contact until then.
            self.cte(
                &format!("e{n}"),
                format!(
                    "  SELECT account, contact, contact_name FROM (\n    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY {desc}) AS rn\n    FROM (\n      SELECT account, contact, contact_name, o1, o2, k_day,\n        MAX(k_day) OVER (PARTITION BY account ORDER BY {asc} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_day,\n        ROW_NUMBER() OVER (PARTITION BY account ORDER BY {asc}) AS pos\n      FROM m{n}\n    ) t\n    WHERE contact IS NOT NULL\n      AND ((k_day IS NOT NULL AND (prev_day IS NULL OR k_day >= prev_day)) OR (k_day IS NULL AND pos = 1))\n  ) t2\n  WHERE rn = 1",
                    desc = self.desc(),
                    asc = self.asc()
                ),
            );
        }
        Ok(true)
    }

    /// The metric's columns in the final SELECT.
    fn metric_columns(&self, mc: &MetricColumns, computed: bool, out: &mut Vec<String>) -> Res<()> {
        let m = &self.rules.metrics[mc.metric];
        let n = mc.metric;
        let d = self.d;
        let dbl = d.double_type();
        let int = d.integer_type();
        let text = d.text_type();
        let name = |s: Stat| d.ident(&mc.col(s)).map_err(ctx(&mc.owner, d));
        for &stat in mc.stats() {
            let expr = if !computed {
                match stat {
                    Stat::Rows | Stat::Hits => format!("CAST(0 AS {int})"),
                    Stat::Value => self.null(dbl),
                    Stat::Last | Stat::First => self.null("DATE"),
                    Stat::ContactId | Stat::ContactName => self.null(text),
                }
            } else {
                match stat {
                    Stat::Value => m.aggregate.sql_value(self, &format!("g{n}")),
                    Stat::Rows => format!("CAST(COALESCE(g{n}.n_rows, 0) AS {int})"),
                    Stat::Hits => format!("CAST(COALESCE(g{n}.n_hits, 0) AS {int})"),
                    Stat::Last => d.date_of_day(&format!("g{n}.last_day")),
                    Stat::First => d.date_of_day(&format!("g{n}.first_day")),
                    Stat::ContactId => format!("e{n}.contact"),
                    Stat::ContactName => format!("e{n}.contact_name"),
                }
            };
            out.push(format!("{expr} AS {}", name(stat)?));
        }
        for i in 0..mc.seen.len() {
            let expr = if computed {
                format!("CAST(COALESCE(g{n}.k_has{i}, 0) AS {int})")
            } else {
                format!("CAST(0 AS {int})")
            };
            let col = d.ident(&mc.seen_col(i)).map_err(ctx(&mc.owner, d))?;
            out.push(format!("{expr} AS {col}"));
        }
        Ok(())
    }

    fn build(mut self, layout: &Layout) -> Res<String> {
        let d = self.d;
        let mut needed = Vec::new();
        for t in Table::ALL {
            needed.push(self.needed(t, layout));
        }
        for t in super::TABLES {
            if self.present(t) {
                self.source(t, &needed[t as usize])?;
                self.ok_rows(t, &needed[t as usize])?;
            }
        }
        self.accounts_and_contacts()?;
        for t in super::TABLES {
            if self.present(t) {
                self.joined_rows(t);
            }
        }
        let int = d.integer_type();
        let text = d.text_type();
        let activities_date = Table::Activities.field("date").expect("activities");
        let primary =
            self.present(Table::Activities) && self.in_plan(Table::Activities, activities_date);
        if primary {
            self.cte(
                "primary_contact",
                format!(
                    "  SELECT account, contact, contact_name FROM (\n    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY d_date DESC NULLS LAST, {}) AS rn\n    FROM rows_activities\n    WHERE account IS NOT NULL AND contact IS NOT NULL AND v_done AND d_date IS NOT NULL AND d_date <= {}\n  ) t\n  WHERE rn = 1",
                    self.desc(),
                    self.as_of
                ),
            );
        }
        self.cte(
            "first_contact",
            self.first_per("known_contacts", "x.account_id", "x.account_id IS NOT NULL"),
        );
        for i in 0..self.rules.roles.len() {
            self.cte(
                &format!("role_contact{i}"),
                self.first_per(
                    "known_contacts",
                    "x.account_id",
                    &format!("x.account_id IS NOT NULL AND x.role_idx = {i}"),
                ),
            );
        }
        let mut computed = Vec::new();
        for mc in &layout.metrics {
            computed.push(self.metric(mc)?);
        }
        // Presence: which columns hold a value in some row (deleted ones too).
        let mut presence_cols: Vec<String> = Vec::new();
        for t in super::TABLES {
            let fields: Vec<FieldId> = layout
                .presence
                .iter()
                .filter(|(pt, f)| {
                    *pt == t && !t.def(*f).headers.is_empty() && self.schema.mapped(t, *f)
                })
                .map(|&(_, f)| f)
                .collect();
            if fields.is_empty() || !self.present(t) {
                continue;
            }
            let cols: Vec<String> = fields
                .iter()
                .map(|&f| {
                    format!(
                        "MAX(CASE WHEN {} IS NOT NULL THEN 2 ELSE 1 END) AS p_{}",
                        self.alias(t, f),
                        layout::sanitise(t.def(f).name)
                    )
                })
                .collect();
            self.cte(
                &format!("pres_{}", t.sql_name()),
                format!("  SELECT {}\n  FROM src_{}", cols.join(", "), t.sql_name()),
            );
            presence_cols.push(t.sql_name().to_string());
        }
        self.cte(
            "pres_roles",
            "  SELECT MAX(CASE WHEN role_idx IS NULL THEN 0 ELSE 1 END) AS p_any FROM known_contacts"
                .into(),
        );

        // The final SELECT, in the layout's column order.
        let ident = |s: &str| d.ident(s).map_err(ctx("a metrics column", d));
        let mut out = Vec::new();
        out.push(format!("a.id AS {}", ident(layout::ACCOUNT_ID)?));
        out.push(format!("a.name AS {}", ident(layout::ACCOUNT_NAME)?));
        out.push(format!("a.f_owner AS {}", ident(layout::ACCOUNT_OWNER)?));
        out.push(format!(
            "DATE {} AS {}",
            self.lit(
                &crate::ingest::values::format_day(self.as_of),
                "the as-of date"
            )?,
            ident(layout::AS_OF)?
        ));
        out.push(format!(
            "{} AS {}",
            self.lit(&layout.plan(self.rules), "the plan")?,
            ident(layout::PLAN)?
        ));
        let mut joins = String::new();
        let contact_pair = |out: &mut Vec<String>, key: &str, id: &str, name: &str| -> Res<()> {
            out.push(format!("{id} AS {}", ident(&layout::contact_id_col(key))?));
            out.push(format!(
                "{name} AS {}",
                ident(&layout::contact_name_col(key))?
            ));
            Ok(())
        };
        if primary {
            contact_pair(&mut out, layout::PRIMARY, "pc.contact", "pc.contact_name")?;
            joins.push_str("\nLEFT JOIN primary_contact pc ON pc.account = a.id");
        } else {
            let null = self.null(text);
            contact_pair(&mut out, layout::PRIMARY, &null, &null)?;
        }
        contact_pair(&mut out, layout::FIRST, "fc.id", "fc.name")?;
        joins.push_str("\nLEFT JOIN first_contact fc ON fc.account_id = a.id");
        for (i, key) in layout.roles.iter().enumerate() {
            contact_pair(
                &mut out,
                &format!("{key}_contact"),
                &format!("rc{i}.id"),
                &format!("rc{i}.name"),
            )?;
            joins.push_str(&format!(
                "\nLEFT JOIN role_contact{i} rc{i} ON rc{i}.account_id = a.id"
            ));
        }
        for t in super::TABLES {
            let v = if self.present(t) { 1 } else { 0 };
            out.push(format!(
                "CAST({v} AS {int}) AS {}",
                ident(&layout::table_col(t))?
            ));
        }
        for &(t, f) in &layout.presence {
            let has_column = !t.def(f).headers.is_empty() && self.schema.mapped(t, f);
            let expr = if has_column && self.present(t) {
                format!(
                    "CAST(COALESCE(pres_{}.p_{}, 1) AS {int})",
                    t.sql_name(),
                    layout::sanitise(t.def(f).name)
                )
            } else {
                format!("CAST(0 AS {int})")
            };
            out.push(format!("{expr} AS {}", ident(&layout::field_col(t, f))?));
        }
        out.push(format!(
            "CAST(COALESCE(pres_roles.p_any, 0) AS {int}) AS {}",
            ident(layout::ANY_ROLE)?
        ));
        for (mc, &done) in layout.metrics.iter().zip(&computed) {
            self.metric_columns(mc, done, &mut out)?;
            if done {
                let n = mc.metric;
                joins.push_str(&format!("\nLEFT JOIN g{n} ON g{n}.account = a.id"));
                if mc.evidence {
                    joins.push_str(&format!("\nLEFT JOIN e{n} ON e{n}.account = a.id"));
                }
            }
        }
        for t in &presence_cols {
            joins.push_str(&format!("\nCROSS JOIN pres_{t}"));
        }
        joins.push_str("\nCROSS JOIN pres_roles");

        let mut sql = String::new();
        let _ = writeln!(
            sql,
            "-- rapport metrics query for {d}: rule set {}, as of {}.\n-- One row per account; `rapport score --metrics FILE` scores the result.",
            self.rules.origin.replace('\n', " "),
            crate::ingest::values::format_day(self.as_of)
        );
        if d == Dialect::Spark {
            sql.push_str("-- Run with spark.sql.session.timeZone = UTC: dates are read as UTC.\n");
        }
        sql.push_str("WITH\n");
        let ctes: Vec<String> = self
            .ctes
            .iter()
            .map(|(name, body)| format!("{name} AS (\n{body}\n)"))
            .collect();
        sql.push_str(&ctes.join(",\n"));
        let _ = write!(
            sql,
            "\nSELECT\n  {}\nFROM known_accounts a{joins}\nORDER BY a.o1 ASC NULLS FIRST, a.o2 ASC NULLS FIRST\n",
            out.join(",\n  ")
        );
        Ok(sql)
    }
}
