//! Recognising a file's table from its header (the file name only breaks ties),
//! or saying what the header lacks; and checking a table forced by a flag.

use std::path::Path;

use crate::model::Table;

use super::columns::{ColumnOverrides, Mapping, map_columns};
use super::preset::Preset;

/// What a table needs, beyond its markers, to be joined to accounts.
fn join_ok(table: Table, m: &Mapping) -> Result<(), &'static str> {
    let has = |name: &str| table.field(name).is_some_and(|f| m.has(f));
    let ok = match table {
        // An accounts file without ids is keyed by the account's name.
        Table::Accounts => has("id") || has("name"),
        Table::Contacts => has("id"),
        Table::ContactRoles => has("account_id") && has("contact_id"),
        Table::DealCompetitors => has("deal_id") && has("competitor"),
        Table::Orders | Table::Deals | Table::Tickets => {
            has("account_id") || has("account_name") || has("contact_id")
        }
        Table::Activities => {
            has("account_id") || has("account_name") || has("contact_id") || has("related_id")
        }
    };
    if ok {
        Ok(())
    } else {
        Err(match table {
            Table::Accounts => "an account id or a name (Id, Name)",
            Table::Contacts => "a contact id (Id)",
            Table::ContactRoles => "an account id and a contact id (AccountId, ContactId)",
            Table::DealCompetitors => "a deal id and a competitor (OpportunityId, CompetitorName)",
            Table::Orders | Table::Deals | Table::Tickets => {
                "an account id, an account name or a contact id (AccountId, Account Name, ContactId)"
            }
            Table::Activities => {
                "an account, contact or related id, or an account name (AccountId, WhoId, WhatId, Account Name)"
            }
        })
    }
}

/// The headers of a file that marked it as its table, for `inspect`.
fn marker_headers(table: Table, headers: &[String], mapping: &Mapping) -> Vec<String> {
    table
        .markers()
        .iter()
        .filter_map(|m| table.field(m))
        .filter_map(|f| mapping.cols[f.0 as usize].first())
        .map(|&c| headers[c].clone())
        .collect()
}

/// Decides which table a file holds, from its header (the file name only breaks
/// ties), or says what it lacks. Returns the table, its mapping and why.
pub fn recognise(
    path: &Path,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<(Table, Mapping, String), String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut best: Option<(usize, usize, Table, Mapping)> = None;
    let mut closest: Option<(usize, Table, &'static str)> = None;
    for table in Table::ALL {
        let mapping = map_columns(table, headers, overrides, preset);
        let markers = table
            .markers()
            .iter()
            .filter(|m| table.field(m).is_some_and(|f| mapping.has(f)))
            .count();
        if markers == 0 {
            continue;
        }
        if let Err(missing) = join_ok(table, &mapping) {
            if closest.is_none_or(|(n, _, _)| markers > n) {
                closest = Some((markers, table, missing));
            }
            continue;
        }
        let hint = table.name_hints().iter().any(|h| stem.contains(h)) as usize;
        let score = mapping.mapped_count() + 3 * markers;
        if best
            .as_ref()
            .is_none_or(|(s, h, _, _)| (score, hint) > (*s, *h))
        {
            best = Some((score, hint, table, mapping));
        }
    }
    match (best, closest) {
        (Some((_, _, table, mapping)), _) => {
            let marks = marker_headers(table, headers, &mapping);
            let why = format!(
                "its header has {} and {} of the table's fields",
                marks
                    .iter()
                    .map(|m| format!("'{m}'"))
                    .collect::<Vec<_>>()
                    .join(", "),
                mapping.mapped_count()
            );
            Ok((table, mapping, why))
        }
        (None, Some((_, table, missing))) => Err(format!(
            "not recognised: its header looks like {table} but lacks {missing}; \
             map the columns in a rule file's [columns.{table}] or force it with --{table}"
        )),
        (None, None) => Err(format!(
            "not recognised as any table: none of its {} columns is one rapport knows \
             (see docs/data-model.md); map them in [columns.TABLE] or force the table with a flag",
            headers.len()
        )),
    }
}

/// Maps a file forced to a table, checking it can still be joined.
pub fn force(
    table: Table,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<Mapping, String> {
    let mapping = map_columns(table, headers, overrides, preset);
    join_ok(table, &mapping)
        .map_err(|missing| format!("given as {table} but its header lacks {missing}"))?;
    Ok(mapping)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn headers(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    fn table_of(name: &str, line: &str) -> Result<Table, String> {
        recognise(Path::new(name), &headers(line), &HashMap::new(), None).map(|(t, _, _)| t)
    }

    #[test]
    fn salesforce_objects_are_recognised_from_their_headers() {
        assert_eq!(
            table_of("x.csv", "Id,IsDeleted,Name,Type,Industry,BillingCity"),
            Ok(Table::Accounts)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,LastName,FirstName,Name,Title,Email"),
            Ok(Table::Contacts)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,WhoId,WhatId,Subject,ActivityDate,Status,AccountId,IsClosed"
            ),
            Ok(Table::Activities)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon"
            ),
            Ok(Table::Deals)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,CaseNumber,ContactId,AccountId,Type,Status,Subject,IsClosed,ClosedDate,CreatedDate"
            ),
            Ok(Table::Tickets)
        );
        assert_eq!(
            table_of("x.csv", "Id,AccountId,ContactId,Roles,IsDirect,IsActive"),
            Ok(Table::ContactRoles)
        );
        assert_eq!(
            table_of(
                "x.csv",
                "Id,AccountId,OrderNumber,EffectiveDate,Promised_Date__c,Delivered_Date__c"
            ),
            Ok(Table::Orders)
        );
    }

    #[test]
    fn header_matching_ignores_case_and_spaces() {
        assert_eq!(
            table_of("x.csv", " ID , NAME ,INDUSTRY"),
            Ok(Table::Accounts)
        );
    }

    #[test]
    fn unrecognised_files_say_what_is_missing() {
        let err = table_of(
            "OpportunityHistory.csv",
            "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,CloseDate",
        )
        .unwrap_err();
        assert!(err.contains("looks like deals"), "{err}");
        assert!(err.contains("AccountId"), "{err}");
        let err = table_of("x.csv", "foo,bar").unwrap_err();
        assert!(err.contains("none of its 2 columns"), "{err}");
    }

    #[test]
    fn user_spellings_come_first() {
        let mut o = HashMap::new();
        let date = Table::Activities.field("date").unwrap();
        o.insert((Table::Activities, date), vec!["visit day".to_string()]);
        let (t, m, _) = recognise(
            Path::new("visits.csv"),
            &headers("Visit Day,AccountId,ActivityDate"),
            &o,
            None,
        )
        .unwrap();
        assert_eq!(t, Table::Activities);
        assert_eq!(m.cols[date.0 as usize], vec![0, 2]);
    }
}
