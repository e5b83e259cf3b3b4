//! The rows every metric reads, as the query's first CTEs: `src_T` (the table
//! as read, values cleaned as rapport reads a cell), `ok_T` (rows not deleted,
//! derived booleans, day numbers), `known_accounts` and `known_contacts`, and
//! `rows_T` (each row joined to its account and contact).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::model::{Derivation, FieldId, FieldKind, Table};

use super::layout::{self, Layout};
use super::query::{Link, Query, Res, SqlError, TablePart, ctx};

impl Query<'_> {
    /// The fields of a table the query reads, with what derived ones read.
    pub(super) fn needed(&self, t: Table, layout: &Layout) -> BTreeSet<u16> {
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
            Table::Subscriptions | Table::ChurnEvents => &["id", "account_id"],
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
                    Derivation::None
                    | Derivation::ContactRole
                    | Derivation::AfterDuration { .. } => {}
                }
            }
            if set.len() == before {
                break;
            }
        }
        set
    }

    pub(super) fn in_plan(&self, t: Table, f: FieldId) -> bool {
        self.plans[t as usize].dates.contains(&f)
    }

    /// `src_T`: the table as read: its parts' rows unioned, each field from the
    /// part's own columns, and the account or contact a join table gives a
    /// record that names none.
    pub(super) fn source(&mut self, t: Table, needed: &BTreeSet<u16>) -> Res<()> {
        let ts = self.schema.table(t).expect("present");
        let mut selects = Vec::new();
        let mut aliases = Vec::new();
        for (k, part) in ts.parts.iter().enumerate() {
            let (select, names) = self.part_select(t, ts.export, k, part, needed)?;
            selects.push(select);
            aliases = names;
        }
        let rows = selects.join("\n  UNION ALL\n");
        let record_id = t.field("id").map(|f| self.alias(t, f));
        let body = if ts.links.is_empty() {
            rows
        } else if let Some(record_id) = record_id {
            let mut joins = String::new();
            let mut replaced = Vec::new();
            for (k, link) in ts.links.iter().enumerate() {
                let Some(f) = t.field(link.field) else {
                    continue;
                };
                let alias = self.alias(t, f);
                replaced.push((alias.clone(), format!("COALESCE(u.{alias}, l{k}.to_id)")));
                let _ = write!(
                    joins,
                    "\n  LEFT JOIN (\n{}\n  ) l{k} ON l{k}.id = u.{record_id}",
                    self.link_select(t, link)?,
                );
            }
            let cols: Vec<String> = aliases
                .iter()
                .map(|a| match replaced.iter().find(|(r, _)| r == a) {
                    Some((_, expr)) => format!("{expr} AS {a}"),
                    None => format!("u.{a}"),
                })
                .collect();
            format!(
                "  SELECT {}\n  FROM (\n{rows}\n  ) u{joins}",
                cols.join(", ")
            )
        } else {
            return Err(SqlError(format!(
                "{t} has no id column, so no join table can tie its rows"
            )));
        };
        self.cte(&format!("src_{}", t.sql_name()), body);
        Ok(())
    }

    /// The rows of one part of a table, and the names of its columns.
    fn part_select(
        &self,
        t: Table,
        export: bool,
        k: usize,
        part: &TablePart,
        needed: &BTreeSet<u16>,
    ) -> Res<(String, Vec<String>)> {
        let d = self.d;
        let table = d
            .table_name(&part.name)
            .map_err(ctx(&format!("the {t} table name"), d))?;
        let col = |name: &str| -> Res<String> {
            d.ident(name)
                .map_err(ctx(&format!("the {t} column name {name:?}"), d))
        };
        let mut cols = Vec::new();
        let mut names = vec!["o1".to_string(), "o2".to_string()];
        if export {
            cols.push(format!("{} AS o1", col("_file")?));
            cols.push(format!("{} AS o2", col("_line")?));
        } else {
            let key = ["id", "contact_id", "account_id"]
                .iter()
                .filter_map(|n| t.field(n))
                .find(|f| !part.columns[f.0 as usize].is_empty());
            cols.push(format!("CAST({k} AS {}) AS o1", d.integer_type()));
            cols.push(match key {
                Some(f) => format!(
                    "{} AS o2",
                    d.clean_text(&col(&part.columns[f.0 as usize][0])?)
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
            let names_of = &part.columns[f as usize];
            let alias = self.alias(t, id);
            let read = |n: &String| -> Res<String> {
                let c = col(n)?;
                Ok(match def.kind {
                    FieldKind::Bool => c,
                    FieldKind::Date if self.in_plan(t, id) => d.epoch_seconds(&c),
                    FieldKind::Date => format!("CAST({c} AS {})", d.text_type()),
                    _ => d.clean_text(&c),
                })
            };
            let mut parts = names_of.iter().map(read).collect::<Res<Vec<_>>>()?;
            if def.kind == FieldKind::Date
                && self.in_plan(t, id)
                && let Derivation::AfterDuration { from, duration } = def.derive
                && let Some(after) = self.after_duration(t, part, from, duration)?
            {
                parts.push(after);
            }
            let expr = match parts.len() {
                0 if def.kind == FieldKind::Date && !self.in_plan(t, id) => {
                    self.null(d.text_type())
                }
                0 => self.null(self.ty(def.kind)),
                1 => parts.remove(0),
                _ => format!("COALESCE({})", parts.join(", ")),
            };
            cols.push(format!("{expr} AS {alias}"));
            names.push(alias);
            if def.kind == FieldKind::Bool {
                // Whether this row's file has the column: an empty cell then means false.
                let has = if names_of.is_empty() {
                    "FALSE".to_string()
                } else if export {
                    col(&format!("{}__mapped", def.name))?
                } else {
                    "TRUE".to_string()
                };
                let flag = format!("m_{}", layout::sanitise(def.name));
                cols.push(format!("{has} AS {flag}"));
                names.push(flag);
            }
        }
        Ok((
            format!("  SELECT\n    {}\n  FROM {table}", cols.join(",\n    ")),
            names,
        ))
    }

    /// A date taken as another date of the row plus an elapsed time (a ticket
    /// answered `first_response_hours` after it was opened), in epoch seconds,
    /// as rapport derives it where the date's own column is empty: a number in
    /// the column's unit (its header's suffix: `_minutes`, `_hours`, ...),
    /// rounded to the second.
    fn after_duration(
        &self,
        t: Table,
        part: &TablePart,
        from: &str,
        duration: &str,
    ) -> Res<Option<String>> {
        let d = self.d;
        let (Some(from), Some(duration)) = (t.field(from), t.field(duration)) else {
            return Ok(None);
        };
        let (starts, lengths) = (
            &part.columns[from.0 as usize],
            &part.columns[duration.0 as usize],
        );
        if starts.is_empty() || lengths.is_empty() {
            return Ok(None);
        }
        let col = |name: &str| -> Res<String> {
            d.ident(name)
                .map_err(ctx(&format!("the {t} column name {name:?}"), d))
        };
        let start = starts
            .iter()
            .map(|n| Ok(d.epoch_seconds(&col(n)?)))
            .collect::<Res<Vec<_>>>()?;
        let start = match start.len() {
            1 => start.into_iter().next().expect("one"),
            _ => format!("COALESCE({})", start.join(", ")),
        };
        let units = crate::ingest::map_columns(t, lengths, &Default::default(), None).units;
        let number = self.lit(
            crate::ingest::values::grammar::DECIMAL_PATTERN,
            "a duration",
        )?;
        let mut seconds = Vec::new();
        for (n, unit) in lengths.iter().zip(units) {
            let text = d.clean_text(&col(n)?);
            seconds.push(format!(
                "CASE WHEN {} THEN CAST({text} AS {dbl}) * {} END",
                d.regex_contains(&text, &number),
                self.num(unit.seconds()),
                dbl = d.double_type(),
            ));
        }
        let seconds = match seconds.len() {
            1 => seconds.remove(0),
            _ => format!("COALESCE({})", seconds.join(", ")),
        };
        Ok(Some(format!(
            "{start} + FLOOR({seconds} + {})",
            self.num(0.5)
        )))
    }

    /// (record id, account or contact id) from a table's join tables: the first
    /// row per record naming a known, not deleted account or contact.
    fn link_select(&self, t: Table, link: &Link) -> Res<String> {
        let d = self.d;
        let text = d.text_type();
        let to = if link.field == "account_id" {
            Table::Accounts
        } else {
            Table::Contacts
        };
        let col = |name: &str| -> Res<String> {
            d.ident(name)
                .map_err(ctx(&format!("a join table of {t}: {name:?}"), d))
        };
        let mut rows = Vec::new();
        for (k, (table, id, to_id)) in link.tables.iter().enumerate() {
            let table = d
                .table_name(table)
                .map_err(ctx(&format!("a join table of {t}"), d))?;
            let (id, to_id) = (d.clean_text(&col(id)?), d.clean_text(&col(to_id)?));
            rows.push(format!(
                "    SELECT CAST({k} AS {}) AS o1, {to_id} AS o2, {id} AS id, {to_id} AS to_id FROM {table}",
                d.integer_type()
            ));
        }
        let known = if self.present(to) {
            format!(
                "SELECT DISTINCT f_id AS id FROM ok_{} WHERE f_id IS NOT NULL",
                to.sql_name()
            )
        } else {
            format!("SELECT CAST(NULL AS {text}) AS id LIMIT 0")
        };
        Ok(first_link(&rows, &known))
    }

    /// The column name a field has inside the query.
    pub(super) fn alias(&self, t: Table, f: FieldId) -> String {
        let def = t.def(f);
        let name = layout::sanitise(def.name);
        match def.kind {
            FieldKind::Bool => format!("b_{name}"),
            FieldKind::Date if self.in_plan(t, f) => format!("s_{name}"),
            _ => format!("f_{name}"),
        }
    }

    /// A boolean field's value on a row of `src_T`, derived where rapport derives it.
    pub(super) fn bool_expr(&self, t: Table, f: FieldId) -> Res<String> {
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
            Derivation::ContactRole | Derivation::AfterDuration { .. } => null,
        })
    }

    /// `ok_T`: rows not deleted, with derived booleans and day numbers.
    pub(super) fn ok_rows(&mut self, t: Table, needed: &BTreeSet<u16>) -> Res<()> {
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
    pub(super) fn first_per(&self, from: &str, key: &str, filter: &str) -> String {
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

    /// The first known contact per key by id, then name, as rapport picks an
    /// account's first contact (and its contact per role) in any row order.
    pub(super) fn first_contact_per(&self, key: &str, filter: &str) -> String {
        format!(
            "  SELECT * FROM (\n    SELECT x.*, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY x.id ASC, x.name ASC) AS rn_known_contacts\n    FROM known_contacts x\n    WHERE {filter}\n  ) t\n  WHERE rn_known_contacts = 1"
        )
    }

    pub(super) fn accounts_and_contacts(&mut self) -> Res<()> {
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
            // Of several relations' role values, the first role any matches,
            // so that the order of the relations does not matter.
            let mut rel = Vec::new();
            for (i, role) in self.rules.roles.iter().enumerate() {
                let m = self.class_match(role.class, "x.role", &format!("role '{}'", role.name))?;
                rel.push(format!("WHEN COALESCE({m}, FALSE) THEN {i}"));
            }
            let rel_idx = if rel.is_empty() {
                self.null(d.integer_type())
            } else {
                format!("CASE {} END", rel.join(" "))
            };
            self.cte(
                "relation_role",
                format!(
                    "  SELECT x.contact_id, MIN({rel_idx}) AS role_idx\n  FROM relations x\n  WHERE x.role IS NOT NULL\n  GROUP BY x.contact_id"
                ),
            );
        }
        let (account, joins) = if with_relations {
            (
                "COALESCE(c.f_account_id, ra.account_id)",
                "\n  LEFT JOIN relation_account ra ON ra.contact_id = c.f_id\n  LEFT JOIN relation_role rr ON rr.contact_id = c.f_id",
            )
        } else {
            ("c.f_account_id", "")
        };
        // The first role whose class matches the contact's own role value; when
        // it has none, its relations'; else the job title.
        let mut idx = Vec::new();
        let mut names = Vec::new();
        for (n, text) in ["c.f_role", "c.f_title"].into_iter().enumerate() {
            if n == 1 && with_relations {
                idx.push(
                    "WHEN c.f_role IS NULL AND rr.role_idx IS NOT NULL THEN rr.role_idx".into(),
                );
            }
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
    pub(super) fn joined_rows(&mut self, t: Table) {
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
        if t == Table::Contacts && self.rules.metrics.iter().any(|m| m.on_resolved_roles()) {
            self.cte(ON_FILE, Self::contacts_on_file());
        }
    }

    /// The contacts on file as metrics over their resolved role read them
    /// (`contacts_on_file`): each contact once, at its account (its own, else
    /// its first relation's) as the engine's contact registry has it, undated.
    fn contacts_on_file() -> String {
        "  SELECT c.*, c.account_id AS account, c.id AS contact, c.name AS contact_name, c.role_name AS contact_role\n  FROM known_contacts c".to_string()
    }
}

/// The CTE metrics over the contacts' resolved roles read instead of `rows_contacts`.
pub(super) const ON_FILE: &str = "contacts_on_file";

/// Of the rows of join tables (`o1`, `o2`, `id`, `to_id`: the order they are
/// read in, the record's id, the account's or contact's), the first per record
/// whose `to_id` is among `known`'s ids: the record's account or contact, as
/// rapport takes it from the first row naming one it knows.
pub(super) fn first_link(rows: &[String], known: &str) -> String {
    format!(
        "  SELECT id, to_id FROM (\n  SELECT t.id, t.to_id, ROW_NUMBER() OVER (PARTITION BY t.id ORDER BY t.o1, t.o2) AS n\n  FROM (\n{}\n  ) t\n  JOIN ({known}) k ON k.id = t.to_id\n  WHERE t.id IS NOT NULL\n  ) x WHERE n = 1",
        rows.join("\n    UNION ALL\n")
    )
}
