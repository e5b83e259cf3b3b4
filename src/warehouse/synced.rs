//! The tables a sync tool writes into a warehouse (Fivetran's Salesforce and
//! HubSpot schemas), read by the query as the canonical tables: each table the
//! vendor's preset names is a part of its canonical table (Salesforce's `task`
//! and `event` are both activities, their rows unioned), its columns mapped as
//! the file reader maps a file's header (the preset's `[columns]`, the rule
//! file's, the built-in spellings), and the preset's join tables give a record
//! its company or person. A warehouse query cannot ask which columns a table
//! has, so the engine's own column listing (`information_schema.columns`, as
//! CSV) says so.

use std::path::Path;

use crate::ingest::preset::Named;
use crate::ingest::{self, Preset};
use crate::model::Table;
use crate::spec::RuleSet;

use super::query::{Link, Schema, SqlError, TablePart, TableSchema};

/// One table of the listing: its name and its columns, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedTable {
    pub name: String,
    pub columns: Vec<String>,
}

/// Reads a column listing: CSV with a header naming `table_name` and
/// `column_name` (any case; other columns such as `data_type` are ignored), one
/// row per column, as `SELECT table_name, column_name FROM
/// information_schema.columns` writes it. With `table_schema` and a schema
/// named, only that schema's rows count; with `ordinal_position`, columns are
/// taken in that order.
pub fn read_listing(text: &str, schema: Option<&str>) -> Result<Vec<ListedTable>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read its header: {e}"))?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let (Some(table_col), Some(column_col)) = (find("table_name"), find("column_name")) else {
        return Err(
            "its header names no table_name and column_name columns (list them from information_schema.columns)"
                .to_string(),
        );
    };
    let schema_col = find("table_schema");
    let position_col = find("ordinal_position");
    let mut rows: Vec<(String, f64, usize, String)> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", n + 2))?;
        let cell = |c: Option<usize>| c.and_then(|c| record.get(c)).map(str::trim);
        if let (Some(wanted), Some(s)) = (schema, cell(schema_col))
            && !s.eq_ignore_ascii_case(wanted.rsplit('.').next().unwrap_or(wanted))
        {
            continue;
        }
        let (Some(table), Some(column)) = (cell(Some(table_col)), cell(Some(column_col))) else {
            continue;
        };
        if table.is_empty() || column.is_empty() {
            continue;
        }
        let position = cell(position_col)
            .and_then(|p| p.parse::<f64>().ok())
            .unwrap_or(0.0);
        rows.push((table.to_string(), position, n, column.to_string()));
    }
    rows.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let mut tables: Vec<ListedTable> = Vec::new();
    for (table, _, _, column) in rows {
        match tables.last_mut() {
            Some(t) if t.name.eq_ignore_ascii_case(&table) => {
                if !t.columns.iter().any(|c| c.eq_ignore_ascii_case(&column)) {
                    t.columns.push(column);
                }
            }
            _ => tables.push(ListedTable {
                name: table,
                columns: vec![column],
            }),
        }
    }
    if tables.is_empty() {
        return Err(match schema {
            Some(s) => format!("it lists no column of a table in schema {s}"),
            None => "it lists no column".to_string(),
        });
    }
    Ok(tables)
}

/// The schema the query reads over a vendor's synced tables, and a note per
/// listed table not read (with why).
pub fn synced_schema(
    rules: &RuleSet,
    preset: &'static Preset,
    schema: Option<&str>,
    listed: &[ListedTable],
) -> Result<(Schema, Vec<String>), SqlError> {
    if preset.tables.is_empty() {
        return Err(SqlError(format!(
            "the preset {} names no tables a sync tool writes; name your tables in [tables] instead",
            preset.name
        )));
    }
    let qualified = |name: &str| match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    };
    let mut parts: Vec<Vec<TablePart>> = vec![Vec::new(); Table::ALL.len()];
    let mut links: Vec<Vec<Link>> = vec![Vec::new(); Table::ALL.len()];
    let mut notes = Vec::new();
    for listed_table in listed {
        let name = &listed_table.name;
        let headers = &listed_table.columns;
        // As a file of the vendor is read: a table it does not read, a join
        // table, a table it names; anything else is not the sync tool's.
        let named = preset.named(Path::new(&name.to_lowercase()));
        if let Some(Named::NotRead(why)) = named {
            notes.push(format!("{name}: not read: {why}"));
            continue;
        }
        if let Some(a) = preset.association(headers) {
            let field = if a.def.account_id.is_some() {
                "account_id"
            } else {
                "contact_id"
            };
            let list = &mut links[a.def.table as usize];
            let entry = (
                qualified(name),
                headers[a.id_col].clone(),
                headers[a.to_col].clone(),
            );
            match list.iter_mut().find(|l| l.field == field) {
                Some(l) => l.tables.push(entry),
                None => list.push(Link {
                    field,
                    tables: vec![entry],
                }),
            }
            continue;
        }
        let Some(Named::Table(table)) = named else {
            notes.push(format!(
                "{name}: not read: not a table {} writes",
                preset.title
            ));
            continue;
        };
        if !super::TABLES.contains(&table) {
            notes.push(format!(
                "{name}: not read: the warehouse query reads no {table} table (give the competitor on the deal)"
            ));
            continue;
        }
        let joined = preset.associations.iter().any(|a| a.table == table);
        let mapping = match ingest::force(table, headers, &rules.columns, Some(preset)) {
            Ok(m) => m,
            Err(_) if joined => ingest::map_columns(table, headers, &rules.columns, Some(preset)),
            Err(e) => {
                notes.push(format!("{name}: not read: {e}"));
                continue;
            }
        };
        parts[table as usize].push(TablePart {
            name: qualified(name),
            columns: mapping
                .cols
                .iter()
                .map(|cols| cols.iter().map(|&c| headers[c].clone()).collect())
                .collect(),
        });
    }
    let tables = Table::ALL
        .iter()
        .map(|&t| {
            let parts = std::mem::take(&mut parts[t as usize]);
            (!parts.is_empty()).then(|| TableSchema {
                parts,
                export: false,
                links: std::mem::take(&mut links[t as usize]),
            })
        })
        .collect();
    Ok((Schema { tables }, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_is_read_per_table_in_column_order() {
        let text = "table_schema,table_name,column_name,ordinal_position,data_type\n\
            salesforce,task,subject,2,text\n\
            salesforce,task,id,1,text\n\
            other,task,nope,3,text\n\
            salesforce,Event,id,1,text\n";
        let tables = read_listing(text, Some("salesforce")).unwrap();
        assert_eq!(
            tables,
            vec![
                ListedTable {
                    name: "Event".into(),
                    columns: vec!["id".into()]
                },
                ListedTable {
                    name: "task".into(),
                    columns: vec!["id".into(), "subject".into()]
                },
            ]
        );
        assert!(
            read_listing("a,b\n1,2\n", None)
                .unwrap_err()
                .contains("table_name")
        );
        assert!(read_listing(text, Some("hubspot")).is_err());
    }

    #[test]
    fn salesforce_tasks_and_events_are_both_activities() {
        let rules = RuleSet::builtin().unwrap();
        let preset = ingest::preset::by_name("fivetran-salesforce").unwrap();
        let listed = read_listing(
            "table_name,column_name\naccount,id\naccount,name\naccount,is_deleted\naccount,_fivetran_deleted\n\
             task,id\ntask,account_id\ntask,activity_date\ntask,is_closed\n\
             event,id\nevent,account_id\nevent,activity_date_time\nuser,id\nfivetran_audit,id\n",
            None,
        )
        .unwrap();
        let (schema, notes) = synced_schema(&rules, preset, Some("sf"), &listed).unwrap();
        let activities = schema.table(Table::Activities).unwrap();
        let names: Vec<&str> = activities.parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["sf.event", "sf.task"]);
        let date = Table::Activities.field("date").unwrap();
        assert_eq!(
            activities.parts[0].columns[date.0 as usize],
            ["activity_date_time"]
        );
        assert_eq!(
            activities.parts[1].columns[date.0 as usize],
            ["activity_date"]
        );
        let deleted = Table::Accounts.field("is_deleted").unwrap();
        assert_eq!(
            schema.table(Table::Accounts).unwrap().parts[0].columns[deleted.0 as usize],
            ["_fivetran_deleted", "is_deleted"],
            "the first filled of the two decides"
        );
        assert!(schema.table(Table::Deals).is_none());
        assert!(
            notes.iter().any(|n| n.starts_with("user: not read")),
            "{notes:?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("fivetran_audit: not read")),
            "{notes:?}"
        );
    }

    #[test]
    fn hubspot_join_tables_become_links() {
        let rules = RuleSet::builtin().unwrap();
        let preset = ingest::preset::by_name("fivetran-hubspot").unwrap();
        let listed = read_listing(
            "table_name,column_name\ncompany,id\ncompany,property_name\ndeal,deal_id\ndeal,property_dealname\n\
             deal_company,company_id\ndeal_company,deal_id\ndeal_contact,contact_id\ndeal_contact,deal_id\n",
            None,
        )
        .unwrap();
        let (schema, _) = synced_schema(&rules, preset, None, &listed).unwrap();
        let deals = schema.table(Table::Deals).unwrap();
        let links: Vec<(&str, &str)> = deals
            .links
            .iter()
            .map(|l| (l.field, l.tables[0].0.as_str()))
            .collect();
        assert_eq!(
            links,
            [
                ("account_id", "deal_company"),
                ("contact_id", "deal_contact")
            ]
        );
        let account = Table::Deals.field("account_id").unwrap();
        assert!(schema.mapped(Table::Deals, account));
        assert!(schema.table(Table::ContactRoles).is_none());
    }

    #[test]
    fn a_preset_without_synced_tables_is_refused() {
        let rules = RuleSet::builtin().unwrap();
        let preset = ingest::preset::by_name("salesforce").unwrap();
        let listed = read_listing("table_name,column_name\naccount,id\n", None).unwrap();
        assert!(synced_schema(&rules, preset, None, &listed).is_err());
    }
}
