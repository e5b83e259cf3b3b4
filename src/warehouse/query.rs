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
//!
//! The row CTEs are written in `rows.rs` and filters in `filter.rs`; what each
//! aggregate adds to `mN` and `gN`, and its value, in its module of
//! [`crate::primitive`].

use std::fmt::Write as _;

use crate::ingest::values::SECONDS_PER_DAY;
use crate::metrics::plan::Plan;
use crate::model::{FieldId, FieldKind, Table};
use crate::primitive::Sql;
use crate::spec::{Duration, DurationEnd, KeywordClass, RuleSet, TableSource};

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
    /// The tables or views the rows are read from, their rows unioned: one, or
    /// several where a sync tool writes one canonical table as several of its
    /// own (Salesforce's `task` and `event` are both activities).
    pub parts: Vec<TablePart>,
    /// The table is rapport's view over an export's files: it carries `_file` and
    /// `_line`, so "first" and "latest" break ties in the export's row order as
    /// rapport does (elsewhere ties are broken by id), and `FIELD__mapped` per
    /// boolean, since whether an empty cell means false depends on the file.
    pub export: bool,
    /// Join tables that give a record its account or its contact where its own
    /// column is empty (HubSpot's `deal_company`, `engagement_contact`).
    pub links: Vec<Link>,
}

/// One table or view of a canonical table.
#[derive(Debug, Clone)]
pub struct TablePart {
    /// The table or view name, possibly qualified (`crm.activities`).
    pub name: String,
    /// Per field: the columns it is read from, the first non-empty one winning.
    /// Empty when the table has no column for the field.
    pub columns: Vec<Vec<String>>,
}

/// The join tables tying records to their account (`account_id`) or their
/// contact (`contact_id`): of the rows naming a known, not deleted account or
/// contact, the first per record wins.
#[derive(Debug, Clone)]
pub struct Link {
    /// `account_id` or `contact_id`.
    pub field: &'static str,
    /// Each join table: its name, the column of the record's id and the column
    /// of the account's or contact's id.
    pub tables: Vec<(String, String, String)>,
}

impl TableSchema {
    /// A table read from one table or view.
    pub fn single(name: String, columns: Vec<Vec<String>>, export: bool) -> TableSchema {
        TableSchema {
            parts: vec![TablePart { name, columns }],
            export,
            links: Vec::new(),
        }
    }

    /// Whether some part has a column for the field.
    pub fn has_column(&self, f: FieldId) -> bool {
        self.parts
            .iter()
            .any(|p| !p.columns[f.0 as usize].is_empty())
    }
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
                    None if super::NAMED_ONLY.contains(&t) => return None,
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
                            // An elapsed time stands in for a missing date only
                            // where `[columns]` names its column.
                            None if def.kind == FieldKind::Duration => Vec::new(),
                            None => vec![def.name.to_string()],
                        }
                    })
                    .collect();
                Some(TableSchema::single(name, columns, false))
            })
            .collect();
        Schema { tables }
    }

    pub fn table(&self, t: Table) -> Option<&TableSchema> {
        self.tables[t as usize].as_ref()
    }

    pub(super) fn mapped(&self, t: Table, f: FieldId) -> bool {
        let def = t.def(f);
        let derived = match def.derive {
            // A date that a start and an elapsed time stand in for.
            crate::model::Derivation::AfterDuration { from, duration } => [from, duration]
                .iter()
                .all(|n| t.field(n).is_some_and(|g| self.mapped(t, g))),
            _ => false,
        };
        derived
            || self
                .table(t)
                .is_some_and(|s| s.has_column(f) || s.links.iter().any(|l| l.field == def.name))
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

pub(super) fn ctx(what: &str, dialect: Dialect) -> impl Fn(Unwritable) -> SqlError + '_ {
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
    pub(super) rules: &'a RuleSet,
    pub(super) schema: &'a Schema,
    /// The as-of day.
    pub(crate) as_of: i64,
    pub(super) plans: Vec<Plan>,
    /// Per class: its pattern as a literal, or why it cannot be written.
    pub(super) class_patterns: Vec<Result<String, Unwritable>>,
    pub(super) ctes: Vec<(String, String)>,
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

    pub(super) fn ty(&self, kind: FieldKind) -> &'static str {
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

    pub(super) fn asc(&self) -> &'static str {
        "o1 ASC NULLS FIRST, o2 ASC NULLS FIRST"
    }

    /// Where rows tie, the contact rapport names: the first by id, then name.
    pub(super) fn by_contact(&self) -> &'static str {
        "contact ASC, contact_name ASC"
    }

    /// The first day of `t`'s dated rows, as a column of the CTE
    /// `history_T` (which a query on it cross joins); None when the query has none.
    pub(crate) fn history_first(&self, t: Table) -> Option<String> {
        let name = format!("history_{}", t.sql_name());
        self.ctes
            .iter()
            .any(|(n, _)| *n == name)
            .then(|| format!("{name}.first_day"))
    }

    pub(super) fn present(&self, t: Table) -> bool {
        self.schema.table(t).is_some()
    }

    pub(crate) fn day_col(&self, t: Table, f: FieldId) -> String {
        format!("d_{}", layout::sanitise(t.def(f).name))
    }

    pub(crate) fn epoch_col(&self, t: Table, f: FieldId) -> String {
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
                    DurationEnd::Field(f) => {
                        let mut ends = vec![self.epoch_col(t, f)];
                        if let Some(b) = dur.bound {
                            let b = self.epoch_col(t, b);
                            ends.push(format!("CASE WHEN {b} <= {as_of_end} THEN {b} END"));
                        }
                        if dur.open_until_as_of {
                            ends.push(as_of_end.clone());
                        }
                        match ends.len() {
                            1 => ends.remove(0),
                            _ => format!("COALESCE({})", ends.join(", ")),
                        }
                    }
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
        let on_roles = m.on_resolved_roles();
        // Over resolved roles the contacts themselves are the rows, undated.
        let (rows, day) = if on_roles {
            (
                super::rows::ON_FILE.to_string(),
                self.null(self.d.double_type()),
            )
        } else {
            (format!("rows_{}", t.sql_name()), self.day_col(t, m.date))
        };
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
            date: m.date,
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
                "  SELECT {}\n  FROM {rows}\n  WHERE {}",
                sql.cols.join(", "),
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
            // rapport keeps the contact of the latest row naming one (an undated
            // row is older than any dated one); of one day's, the first by id, then
            // name, so that the order of the rows does not matter.
            self.cte(
                &format!("e{n}"),
                format!(
                    "  SELECT account, contact, contact_name FROM (\n    SELECT account, contact, contact_name, ROW_NUMBER() OVER (PARTITION BY account ORDER BY k_day DESC NULLS LAST, {by_contact}) AS rn\n    FROM m{n}\n    WHERE contact IS NOT NULL\n  ) t\n  WHERE rn = 1",
                    by_contact = self.by_contact(),
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
                    self.by_contact(),
                    self.as_of
                ),
            );
        }
        self.cte(
            "first_contact",
            self.first_contact_per("x.account_id", "x.account_id IS NOT NULL"),
        );
        for i in 0..self.rules.roles.len() {
            self.cte(
                &format!("role_contact{i}"),
                self.first_contact_per(
                    "x.account_id",
                    &format!("x.account_id IS NOT NULL AND x.role_idx = {i}"),
                ),
            );
        }
        // The history each table covers, by its main date, over the rows not
        // deleted (as the engine dates a file's rows).
        let mut history = Vec::new();
        for &t in &layout.tables {
            let date = self.plans[t as usize].known.default_date;
            if !self.present(t) || !self.in_plan(t, date) {
                continue;
            }
            let day = self.day_col(t, date);
            self.cte(
                &format!("history_{}", t.sql_name()),
                format!(
                    "  SELECT MIN({day}) AS first_day, MAX({day}) AS last_day\n  FROM ok_{}",
                    t.sql_name()
                ),
            );
            history.push(t);
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

        // Rows of other tables joined to each account, as the engine's join counts
        // them: an account with none is dormant.
        let joined: Vec<String> = super::TABLES
            .iter()
            .filter(|&&t| t != Table::Accounts && self.present(t))
            .map(|t| format!("    SELECT account FROM rows_{}", t.sql_name()))
            .collect();
        let has_records = !joined.is_empty();
        if has_records {
            self.cte(
                "account_records",
                format!(
                    "  SELECT account, COUNT(*) AS n FROM (\n{}\n  ) j\n  WHERE account IS NOT NULL\n  GROUP BY account",
                    joined.join("\n    UNION ALL\n")
                ),
            );
        }

        // The final SELECT, in the layout's column order.
        let ident = |s: &str| d.ident(s).map_err(ctx("a metrics column", d));
        let mut out = Vec::new();
        out.push(format!("a.id AS {}", ident(layout::ACCOUNT_ID)?));
        out.push(format!("a.name AS {}", ident(layout::ACCOUNT_NAME)?));
        out.push(format!("a.f_owner AS {}", ident(layout::ACCOUNT_OWNER)?));
        let mut joins = String::new();
        if has_records {
            out.push(format!(
                "CAST(COALESCE(rec.n, 0) AS {int}) AS {}",
                ident(layout::RECORDS)?
            ));
            joins.push_str("\nLEFT JOIN account_records rec ON rec.account = a.id");
        } else {
            out.push(format!("CAST(0 AS {int}) AS {}", ident(layout::RECORDS)?));
        }
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
        for t in layout.present_tables() {
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
        for &t in &layout.tables {
            for (end, col) in [("first", "first_day"), ("last", "last_day")] {
                let expr = if history.contains(&t) {
                    d.date_of_day(&format!("history_{}.{col}", t.sql_name()))
                } else {
                    self.null("DATE")
                };
                out.push(format!(
                    "{expr} AS {}",
                    ident(&layout::history_col(t, end))?
                ));
            }
        }
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
        for t in &history {
            joins.push_str(&format!("\nCROSS JOIN history_{}", t.sql_name()));
        }

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
