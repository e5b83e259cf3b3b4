//! DuckDB views that present an export's CSV files as the canonical tables, read
//! as rapport reads them: the header mapping rapport recognised (the rule set's
//! `[columns]` included), several spellings of a field coalesced, cells trimmed,
//! blank rows dropped, and rows rapport rejects for a value it cannot read (a
//! boolean anywhere, a date in a column the rule set uses) dropped too. Deleted
//! rows stay, as `is_deleted`, and unknown accounts and duplicate ids are left to
//! the query, which drops them as rapport does.

use std::collections::BTreeSet;

use crate::ingest::InputFile;
use crate::ingest::values::grammar::{
    DECIMAL_PATTERN, FALSE_WORDS, Syntax, TRUE_WORDS, TWO_DIGIT_YEAR_PIVOT,
};
use crate::metrics::plan::Plan;
use crate::model::{FieldId, FieldKind, Table};
use crate::spec::RuleSet;

use super::dialect::Dialect;
use super::query::{Schema, SqlError, TableSchema};

const D: Dialect = Dialect::Duckdb;

/// ASCII whitespace trimmed, empty as NULL: a cell as rapport reads it.
fn trimmed(col: &str) -> String {
    format!(r"NULLIF(regexp_replace({col}, '^[\t\n\x0c\r ]+|[\t\n\x0c\r ]+$', '', 'g'), '')")
}

/// The names of the ISO syntaxes' groups, for `regexp_extract`.
const DATE_PARTS: &str = "['y', 'mo', 'd', 'h', 'mi', 's', 'sg', 'oh', 'om']";

fn quoted(s: &str) -> Result<String, SqlError> {
    D.ident(s)
        .map_err(|e| SqlError(format!("cannot name a column in DuckDB: {}", e.0)))
}

fn literal(s: &str) -> Result<String, SqlError> {
    D.string(s)
        .map_err(|e| SqlError(format!("cannot write a DuckDB string: {}", e.0)))
}

/// The reader's boolean words as a SQL list (lower case, as compared).
fn word_list(words: &[&str]) -> Result<String, SqlError> {
    let quoted = words
        .iter()
        .map(|w| literal(&w.to_ascii_lowercase()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(quoted.join(", "))
}

/// `CREATE VIEW` statements for the inputs, and the schema the query then reads.
pub fn duckdb_views(rules: &RuleSet, inputs: &[InputFile]) -> Result<(String, Schema), SqlError> {
    let mut sql = String::from(
        "-- Views presenting the export's CSV files as rapport's canonical tables (DuckDB).\n",
    );
    let mut tables = Vec::new();
    // One entry per canonical table, in `Table::ALL` order, as `Schema` expects.
    for table in Table::ALL {
        if !super::TABLES.contains(&table) {
            tables.push(None);
            continue;
        }
        let files: Vec<(usize, &InputFile)> = inputs
            .iter()
            .enumerate()
            // A vendor's join tables are looked up by the tables they tie, not read as rows.
            .filter(|(_, i)| i.table == table && i.association.is_none())
            .collect();
        if files.is_empty() {
            tables.push(None);
            continue;
        }
        let plan = Plan::new(table, rules);
        let mut mapped: BTreeSet<u16> = files
            .iter()
            .flat_map(|(_, i)| {
                (0..table.fields().len())
                    .filter(|&f| i.mapping.has(FieldId(f as u16)))
                    .map(|f| f as u16)
            })
            .collect();
        let links = linked_ids(inputs, table, &tables)?;
        for (field, _) in &links {
            if let Some(f) = table.field(field) {
                mapped.insert(f.0);
            }
        }
        let selects = files
            .iter()
            .map(|&(n, input)| file_select(n, input, table, &plan, &mapped))
            .collect::<Result<Vec<_>, _>>()?;
        let rows = selects.join("\nUNION ALL\n");
        let body = if links.is_empty() {
            rows
        } else {
            // A record without an id of its own takes the first company (person)
            // a join table ties it to, as rapport does.
            let mut replace = Vec::new();
            let mut joins = String::new();
            for (k, (field, select)) in links.iter().enumerate() {
                let name = quoted(field)?;
                replace.push(format!("COALESCE(r.{name}, l{k}.to_id) AS {name}"));
                joins.push_str(&format!(
                    "\nLEFT JOIN (\n{select}\n) l{k} ON l{k}.id = r.{}",
                    quoted("id")?
                ));
            }
            format!(
                "SELECT r.* REPLACE ({})\nFROM (\n{rows}\n) r{joins}",
                replace.join(", ")
            )
        };
        sql.push_str(&format!(
            "CREATE OR REPLACE VIEW {} AS\n{body};\n",
            quoted(table.sql_name())?,
        ));
        tables.push(Some(TableSchema::single(
            table.sql_name().to_string(),
            (0..table.fields().len())
                .map(|f| {
                    let def = &table.fields()[f];
                    if !mapped.contains(&(f as u16)) {
                        Vec::new()
                    } else if def.kind == FieldKind::Duration {
                        vec![seconds_column(def.name)]
                    } else {
                        vec![def.name.to_string()]
                    }
                })
                .collect(),
            true,
        )));
    }
    Ok((sql, Schema { tables }))
}

/// A view's column of a duration, in seconds (the query reads the unit from
/// the name, as rapport reads it from a header's suffix).
fn seconds_column(field: &str) -> String {
    format!("{field}__seconds")
}

/// The date of the plan that an elapsed time stands in for where the date's
/// own cell is empty (a ticket's first response for `first_response_hours`).
fn derived_from_duration(table: Table, plan: &Plan, duration: &str) -> Option<FieldId> {
    plan.dates.iter().copied().find(|&d| {
        matches!(table.def(d).derive, crate::model::Derivation::AfterDuration { duration: x, .. } if x == duration)
    })
}

/// For a table whose records find their company or person through a vendor's
/// join tables: per field (`account_id`, `contact_id`), a select of (record id,
/// the first id tied to it that names a known, not deleted account or contact).
fn linked_ids(
    inputs: &[InputFile],
    table: Table,
    views: &[Option<TableSchema>],
) -> Result<Vec<(&'static str, String)>, SqlError> {
    let mut out = Vec::new();
    for (field, to) in [
        ("account_id", Table::Accounts),
        ("contact_id", Table::Contacts),
    ] {
        let files: Vec<(usize, &InputFile, &crate::ingest::preset::Association)> = inputs
            .iter()
            .enumerate()
            .filter_map(|(n, i)| {
                let a = i.association.as_ref()?;
                let kind = if a.def.account_id.is_some() {
                    "account_id"
                } else {
                    "contact_id"
                };
                (a.def.table == table && kind == field).then_some((n, i, a))
            })
            .collect();
        if files.is_empty() {
            continue;
        }
        let Some(Some(known)) = views.get(to as usize) else {
            // Nothing to tie to: the column is there, empty, as in rapport.
            out.push((
                field,
                "  SELECT CAST(NULL AS VARCHAR) AS id, CAST(NULL AS VARCHAR) AS to_id WHERE FALSE"
                    .to_string(),
            ));
            continue;
        };
        let deleted = to.field("is_deleted").is_some_and(|f| known.has_column(f));
        let mut selects = Vec::new();
        for (n, input, a) in files {
            selects.push(format!(
                "    SELECT CAST({n} AS BIGINT) AS o1, ordinality AS o2, {} AS id, {} AS to_id\n    FROM {}",
                trimmed(&format!("c{}", a.id_col)),
                trimmed(&format!("c{}", a.to_col)),
                read_file(input)?
            ));
        }
        let not_deleted = if deleted {
            format!(" AND NOT COALESCE(k.{}, FALSE)", quoted("is_deleted")?)
        } else {
            String::new()
        };
        let known = format!(
            "SELECT DISTINCT {id} AS id FROM {view} k WHERE {id} IS NOT NULL{not_deleted}",
            id = format!("k.{}", quoted("id")?),
            view = quoted(to.sql_name())?,
        );
        out.push((field, super::rows::first_link(&selects, &known)));
    }
    Ok(out)
}

/// `read_csv(...) WITH ORDINALITY` of one input, every column as text `c0`, `c1`, ...
fn read_file(input: &InputFile) -> Result<String, SqlError> {
    let columns: Vec<String> = (0..input.headers.len())
        .map(|c| format!("'c{c}': 'VARCHAR'"))
        .collect();
    let delimiter = literal(&(input.delimiter as char).to_string())?;
    // An absolute path, so the script runs from any folder.
    let path = std::fs::canonicalize(&input.path).unwrap_or_else(|_| input.path.clone());
    let path = path.display().to_string();
    if path.contains(['*', '?', '[', '{']) {
        return Err(SqlError(format!(
            "{path}: DuckDB would read this file name as a pattern of several files; rename it"
        )));
    }
    Ok(format!(
        "read_csv({}, auto_detect = false, header = true, delim = {delimiter}, quote = '\"', escape = '\"', columns = {{{}}}, ignore_errors = true, parallel = false) WITH ORDINALITY",
        literal(&path)?,
        columns.join(", ")
    ))
}

fn file_select(
    n: usize,
    input: &InputFile,
    table: Table,
    plan: &Plan,
    mapped: &BTreeSet<u16>,
) -> Result<String, SqlError> {
    let read = read_file(input)?;
    let cells: Vec<String> = (0..input.headers.len())
        .map(|c| format!("{} AS t{c}", trimmed(&format!("c{c}"))))
        .collect();
    let blank: Vec<String> = (0..input.headers.len())
        .map(|c| format!("t{c} IS NULL"))
        .collect();
    // Canonical values: the first non-empty of the field's columns.
    let mut values = Vec::new();
    let mut typed = Vec::new();
    let mut bad = Vec::new();
    let mut out = vec![
        "CAST({n} AS BIGINT) AS \"_file\"".replace("{n}", &n.to_string()),
        "\"_line\"".to_string(),
    ];
    for &f in mapped {
        let id = FieldId(f);
        let def = table.def(id);
        let name = quoted(def.name)?;
        let cols = &input.mapping.cols[f as usize];
        let v = format!("v{f}");
        let in_plan = plan.dates.contains(&id);
        if def.kind == FieldKind::Bool {
            out.push(format!(
                "{} AS {}",
                if cols.is_empty() { "FALSE" } else { "TRUE" },
                quoted(&format!("{}__mapped", def.name))?
            ));
        }
        if cols.is_empty() {
            let ty = match def.kind {
                FieldKind::Bool => "BOOLEAN",
                FieldKind::Date if in_plan => "TIMESTAMP",
                FieldKind::Duration => "DOUBLE",
                _ => "VARCHAR",
            };
            let name = match def.kind {
                FieldKind::Duration => quoted(&seconds_column(def.name))?,
                _ => name,
            };
            out.push(format!("CAST(NULL AS {ty}) AS {name}"));
            continue;
        }
        let parts: Vec<String> = cols.iter().map(|c| format!("t{c}")).collect();
        if def.kind == FieldKind::Duration {
            // In seconds, each column's numbers in its own unit; `w` keeps the
            // cell read, to drop the rows rapport rejects for it.
            let pattern = literal(DECIMAL_PATTERN)?;
            let arms: Vec<String> = cols
                .iter()
                .map(|&c| {
                    let unit = input.mapping.units.get(c).copied().unwrap_or_default();
                    format!(
                        "WHEN t{c} IS NOT NULL THEN CASE WHEN regexp_full_match(t{c}, {pattern}) THEN CAST(t{c} AS DOUBLE) * {:?} END",
                        unit.seconds()
                    )
                })
                .collect();
            values.push(format!("CASE {} END AS {v}", arms.join(" ")));
            values.push(format!("COALESCE({}) AS w{f}", parts.join(", ")));
            if let Some(own) = derived_from_duration(table, plan, def.name) {
                let own_empty = if input.mapping.has(own) {
                    format!("v{} IS NULL", own.0)
                } else {
                    "TRUE".to_string()
                };
                bad.push(format!(
                    "(w{f} IS NOT NULL AND {v} IS NULL AND {own_empty})"
                ));
            }
            out.push(format!("{v} AS {}", quoted(&seconds_column(def.name))?));
            continue;
        }
        values.push(if parts.len() == 1 {
            format!("{} AS {v}", parts[0])
        } else {
            format!("COALESCE({}) AS {v}", parts.join(", "))
        });
        match def.kind {
            FieldKind::Bool => {
                let lower = D.ascii_lower(&v);
                typed.push(format!(
                    "CASE WHEN {lower} IN ({}) THEN TRUE WHEN {lower} IN ({}) THEN FALSE END AS p{f}",
                    word_list(&TRUE_WORDS)?,
                    word_list(&FALSE_WORDS)?,
                ));
                bad.push(format!("({v} IS NOT NULL AND p{f} IS NULL)"));
                out.push(format!("p{f} AS {name}"));
            }
            FieldKind::Date if in_plan => {
                // The syntaxes of the reader's grammar, tried in its order.
                let pattern = literal(&Syntax::Iso.regex())?;
                let loose = literal(&Syntax::LooseIso.regex())?;
                let numeric = literal(&Syntax::Numeric.regex())?;
                let month_first = input.date_orders.get(cols[0]).copied().unwrap_or_default()
                    == crate::spec::DateOrder::MonthFirst;
                let g = |k: u8| format!("regexp_extract({v}, {numeric}, {k})");
                let second = format!(
                    "COALESCE(NULLIF({}, ''), NULLIF({}, ''), {})",
                    g(2),
                    g(3),
                    g(4)
                );
                let (month, day) = if month_first {
                    (g(1), second)
                } else {
                    (second, g(1))
                };
                let year = format!(
                    "CASE WHEN length({y}) = 2 THEN CAST(CASE WHEN CAST({y} AS INTEGER) >= {TWO_DIGIT_YEAR_PIVOT} THEN 1900 ELSE 2000 END + CAST({y} AS INTEGER) AS VARCHAR) ELSE {y} END",
                    y = g(5)
                );
                // 12 AM is 0, 12 PM is 12, an hour of 0 or above 12 with AM/PM is refused (99).
                let hour = format!(
                    "CASE WHEN {ap} = '' THEN {h} WHEN TRY_CAST({h} AS INTEGER) NOT BETWEEN 1 AND 12 THEN '99' \
                     WHEN lower({ap}) = 'am' THEN CAST(CAST({h} AS INTEGER) % 12 AS VARCHAR) \
                     ELSE CAST(CAST({h} AS INTEGER) % 12 + 12 AS VARCHAR) END",
                    ap = g(9),
                    h = g(6)
                );
                typed.push(format!(
                    "CASE WHEN regexp_full_match({v}, {pattern}) THEN regexp_extract({v}, {pattern}, {DATE_PARTS}) \
                     WHEN regexp_full_match({v}, {loose}) THEN regexp_extract({v}, {loose}, {DATE_PARTS}) \
                     WHEN regexp_full_match({v}, {numeric}) THEN struct_pack(y := {year}, mo := {month}, d := {day}, h := {hour}, mi := {mi}, s := {sec}, sg := '', oh := '', om := '') END AS x{f}",
                    mi = g(7),
                    sec = g(8)
                ));
                bad.push(format!("({v} IS NOT NULL AND p{f} IS NULL)"));
                out.push(format!("p{f} AS {name}"));
            }
            _ => out.push(format!("{v} AS {name}")),
        }
    }
    // Dates: the parts checked as rapport checks them, then seconds since 1970 UTC.
    let mut stamps = Vec::new();
    for &f in mapped {
        let id = FieldId(f);
        if table.def(id).kind != FieldKind::Date
            || !plan.dates.contains(&id)
            || input.mapping.cols[f as usize].is_empty()
        {
            continue;
        }
        let part = |p: &str| format!("CAST(COALESCE(NULLIF(x{f}.{p}, ''), '0') AS BIGINT)");
        let day = format!("try_cast(x{f}.y || '-' || x{f}.mo || '-' || x{f}.d AS DATE)");
        let (h, mi, s, oh, om) = (part("h"), part("mi"), part("s"), part("oh"), part("om"));
        stamps.push(format!(
            "CASE WHEN x{f} IS NOT NULL AND {day} IS NOT NULL AND {h} <= 24 AND {mi} <= 59 AND {s} <= 60 AND ({h} < 24 OR ({mi} = 0 AND {s} = 0)) AND {oh} <= 23 AND {om} <= 59 THEN make_timestamp((CAST({day} - DATE '1970-01-01' AS BIGINT) * 86400 + {h} * 3600 + {mi} * 60 + LEAST({s}, 59) - (CASE WHEN x{f}.sg = '-' THEN -1 ELSE 1 END) * ({oh} * 3600 + {om} * 60)) * 1000000) END AS p{f}"
        ));
    }
    let with = |base: &str, extra: &[String]| {
        if extra.is_empty() {
            base.to_string()
        } else {
            format!("{base}, {}", extra.join(", "))
        }
    };
    let filter = if bad.is_empty() {
        String::new()
    } else {
        format!("\nWHERE NOT ({})", bad.join(" OR "))
    };
    Ok(format!(
        "SELECT {}\nFROM (\n  SELECT {}\n  FROM (\n    SELECT {}\n    FROM (\n      SELECT \"_line\", {}\n      FROM (\n        SELECT {}, ordinality AS \"_line\"\n        FROM {read}\n      ) cells\n      WHERE NOT ({})\n    ) canonical\n  ) parts\n) typed{filter}",
        out.join(", "),
        with("*", &stamps),
        with("*", &typed),
        if values.is_empty() {
            "NULL AS v_none".to_string()
        } else {
            values.join(", ")
        },
        cells.join(", "),
        blank.join(" AND "),
    ))
}
