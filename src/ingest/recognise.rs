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
        // A report exported without ids: people known by email at a named account.
        Table::Contacts => has("id") || (has("email") && has("account_name")),
        Table::ContactRoles => has("contact_id") && (has("account_id") || has("deal_id")),
        Table::DealCompetitors => has("deal_id") && has("competitor"),
        Table::Orders | Table::Deals | Table::Tickets => {
            has("account_id") || has("account_name") || has("contact_id")
        }
        Table::Activities => {
            has("account_id") || has("account_name") || has("contact_id") || has("related_id")
        }
        Table::Subscriptions | Table::ChurnEvents => has("account_id") || has("account_name"),
    };
    if ok {
        Ok(())
    } else {
        Err(match table {
            Table::Accounts => "an account id or a name (Id, Name)",
            Table::Contacts => "a contact id (Id), or an email and the account's name",
            Table::ContactRoles => {
                "a contact id and an account or deal id (ContactId, AccountId or OpportunityId)"
            }
            Table::DealCompetitors => "a deal id and a competitor (OpportunityId, CompetitorName)",
            Table::Orders | Table::Deals | Table::Tickets => {
                "an account id, an account name or a contact id (AccountId, Account Name, ContactId)"
            }
            Table::Activities => {
                "an account, contact or related id, or an account name (AccountId, WhoId, WhatId, Account Name)"
            }
            Table::Subscriptions | Table::ChurnEvents => {
                "an account or customer id, or an account name (account_id, customer_id, account_name)"
            }
        })
    }
}

/// Headers every object of a CRM has: they say nothing about which table a file
/// holds, so they weigh nothing in recognising it (they are still read).
const GENERIC: &[&str] = &[
    "id",
    "createddate",
    "created",
    "createdat",
    "createdtime",
    "isdeleted",
    "deleted",
    "ownerid",
    "owner",
    "description",
    "type",
    "status",
    "subject",
    "createdbyid",
    "lastmodifieddate",
    "lastmodifiedbyid",
    "systemmodstamp",
];

fn compact(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How strongly a file's header says it holds one table.
#[derive(Debug, Clone)]
struct Score {
    table: Table,
    points: usize,
    /// The table's characteristic fields found, as headers.
    marks: Vec<String>,
    /// Of those, the ones an id of its own or a reference.
    refs: Vec<String>,
    mapping: Mapping,
    joinable: Result<(), &'static str>,
    named: bool,
}

impl Score {
    fn of(table: Table, headers: &[String], mapping: Mapping, stem: &str) -> Score {
        let mut points = 0;
        let mut marks = Vec::new();
        let mut refs = Vec::new();
        for (i, def) in table.fields().iter().enumerate() {
            let Some(&c) = mapping.cols[i].first() else {
                continue;
            };
            let header = headers[c].trim().to_string();
            if GENERIC.contains(&compact(&header).as_str()) {
                continue;
            }
            if table.markers().contains(&def.name) {
                points += 3;
                marks.push(header);
            } else if def.kind == crate::model::FieldKind::Id {
                // An id of its own (`ticket_id`) or a reference (`account_id`).
                points += if def.name == "id" { 3 } else { 2 };
                refs.push(header);
            } else {
                points += 1;
            }
        }
        let joinable = join_ok(table, &mapping);
        Score {
            table,
            points,
            marks,
            refs,
            joinable,
            named: table.name_hints().iter().any(|h| stem.contains(h)),
            mapping,
        }
    }

    /// The evidence, in words: `'CaseNumber', 'ClosedDate' and 2 references (score 11)`.
    fn evidence(&self) -> String {
        let quoted = |v: &[String]| {
            v.iter()
                .map(|m| format!("'{m}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.marks.is_empty() {
            parts.push(quoted(&self.marks));
        }
        if !self.refs.is_empty() {
            parts.push(format!("ids {}", quoted(&self.refs)));
        }
        format!(
            "{}, {} of its fields (score {})",
            parts.join(" and "),
            self.mapping.mapped_count(),
            self.points
        )
    }
}

/// Whether a runner-up's score is too close to the best one's to choose between
/// them on the header alone: more than four fifths of it.
fn close(best: usize, second: usize) -> bool {
    second * 5 > best * 4
}

/// A file's table as recognised from its header.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub table: Table,
    pub mapping: Mapping,
    /// Why it is this table.
    pub why: String,
    /// The next best table and its evidence, when another one was in the running.
    pub runner_up: Option<String>,
}

/// Files a CRM exports that are not about customers, told by their headers:
/// (headers any of which marks it, why it is not read).
const NOT_CUSTOMERS: &[(&[&str], &str)] = &[
    (
        &[
            "username",
            "profileid",
            "userroleid",
            "usertype",
            "federationidentifier",
        ],
        "user list: not a customer table (a CRM's users are its own staff)",
    ),
    (
        &[
            "isconverted",
            "convertedaccountid",
            "convertedcontactid",
            "converteddate",
        ],
        "lead list: not a customer table (a lead becomes an account and a contact when converted)",
    ),
];

/// Why a file is not read when it is a list of a CRM's users or leads.
fn not_customers(headers: &[String]) -> Option<&'static str> {
    let compacted: Vec<String> = headers.iter().map(|h| compact(h)).collect();
    NOT_CUSTOMERS
        .iter()
        .find(|(marks, _)| marks.iter().any(|m| compacted.iter().any(|h| h == m)))
        .map(|(_, why)| *why)
}

/// Decides which table a file holds, from its header (the file name only breaks
/// ties), or says what it lacks. Returns the table, its mapping and why.
pub fn recognise(
    path: &Path,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<(Table, Mapping, String), String> {
    recognise_ranked(path, headers, overrides, preset).map(|r| (r.table, r.mapping, r.why))
}

/// [`recognise`], with the runner-up: every table is scored on what the file
/// holds (an id of its own, references to accounts and contacts, its
/// characteristic fields; headers every object has weigh nothing). Two
/// candidates whose scores are within a fifth of each other are not guessed between: the file
/// name decides when it names one of them, else the reason names both and how
/// to force one.
pub fn recognise_ranked(
    path: &Path,
    headers: &[String],
    overrides: &ColumnOverrides,
    preset: Option<&Preset>,
) -> Result<Recognised, String> {
    if let Some(why) = not_customers(headers) {
        return Err(why.to_string());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut scores: Vec<Score> = Table::ALL
        .into_iter()
        .map(|t| {
            Score::of(
                t,
                headers,
                map_columns(t, headers, overrides, preset),
                &stem,
            )
        })
        .collect();
    // The table the file comes closest to without one of its telling columns.
    let unmarked = scores
        .iter()
        .filter(|s| s.marks.is_empty() && s.points > 0)
        .max_by_key(|s| s.points)
        .map(|s| s.table);
    scores.retain(|s| !s.marks.is_empty());
    // Best first; the table order breaks what is left of a tie.
    scores.sort_by_key(|s| std::cmp::Reverse(s.points));
    let joinable: Vec<&Score> = scores.iter().filter(|s| s.joinable.is_ok()).collect();
    let Some(&best) = joinable.first() else {
        return Err(match scores.first() {
            Some(closest) => {
                let table = closest.table;
                let missing = closest.joinable.err().unwrap_or_default();
                let syn = super::synonyms::synonyms();
                let report =
                    closest.refs.is_empty() && headers.iter().any(|h| syn.header(h).hint.is_some());
                let hint = if report {
                    " (a report export without ids: add the ID columns, such as Account ID and \
                     Contact ID, to the report)"
                } else {
                    ""
                };
                format!(
                    "not recognised: its header looks like {table} ({}) but lacks {missing}{hint}; \
                     map the columns in a rule file's [columns.{table}] or force it with --{table}",
                    closest.evidence()
                )
            }
            None => match unmarked {
                Some(table) => format!(
                    "not recognised as any table: its columns come closest to {table}, but it has \
                     none of the columns that tell {table} apart ({}); map them in a rule file's \
                     [columns.{table}] or force it with --{table}",
                    table.markers().join(", ")
                ),
                None => format!(
                    "not recognised as any table: none of its {} columns is one rapport knows \
                     (see docs/data-model.md); map them in [columns.TABLE] or force the table with a flag",
                    headers.len()
                ),
            },
        });
    };
    let runner = scores.iter().find(|s| s.table != best.table);
    let mut chosen = best;
    let mut by_name = false;
    if let Some(second) = joinable.get(1)
        && close(best.points, second.points)
    {
        match (best.named, second.named) {
            (false, true) => {
                chosen = second;
                by_name = true;
            }
            (true, false) => by_name = true,
            _ => {
                return Err(format!(
                    "not recognised: its header fits {} ({}) and {} ({}) about as well; \
                     force one with --{} FILE or --{} FILE",
                    best.table,
                    best.evidence(),
                    second.table,
                    second.evidence(),
                    best.table,
                    second.table
                ));
            }
        }
    }
    let other = if by_name {
        scores.iter().find(|s| s.table != chosen.table)
    } else {
        runner
    };
    let mut why = format!("its header has {}", chosen.evidence());
    if by_name {
        why.push_str("; its file name decided between close candidates");
    }
    Ok(Recognised {
        table: chosen.table,
        mapping: chosen.mapping.clone(),
        why,
        runner_up: other.map(|s| match s.joinable {
            Ok(()) => format!("{}: {}", s.table, s.evidence()),
            Err(missing) => format!("{}: {}, but lacks {missing}", s.table, s.evidence()),
        }),
    })
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
    fn a_file_of_known_columns_none_telling_says_what_it_lacks() {
        let why = table_of("x.csv", "Id,Type,Industry").unwrap_err();
        assert!(
            why.contains("come closest to accounts")
                && why.contains("tell accounts apart (name)")
                && why.contains("--accounts"),
            "{why}"
        );
        let why = table_of("x.csv", "foo,bar").unwrap_err();
        assert!(
            why.contains("none of its 2 columns is one rapport knows"),
            "{why}"
        );
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
    fn a_real_orgs_other_objects() {
        assert_eq!(
            table_of(
                "OpportunityContactRole.csv",
                "Id,OpportunityId,ContactId,Role,IsPrimary,CreatedDate,IsDeleted"
            ),
            Ok(Table::ContactRoles)
        );
        assert_eq!(
            table_of(
                "AccountContactRole.csv",
                "Id,AccountId,ContactId,Role,IsPrimary,CreatedDate"
            ),
            Ok(Table::ContactRoles)
        );
        assert_eq!(
            table_of(
                "Order.csv",
                "Id,AccountId,EffectiveDate,Status,OrderNumber,TotalAmount,Type,CreatedDate"
            ),
            Ok(Table::Orders)
        );
        let err = table_of(
            "User.csv",
            "Id,Username,LastName,FirstName,Email,Title,ProfileId,UserType",
        )
        .unwrap_err();
        assert_eq!(
            err,
            "user list: not a customer table (a CRM's users are its own staff)"
        );
    }

    #[test]
    fn snake_case_and_customer_keyed_tickets() {
        assert_eq!(
            table_of(
                "export.csv",
                "ticket_id,account_id,priority,created_at,resolved_at,first_response_minutes,resolution_hours,status,channel"
            ),
            Ok(Table::Tickets)
        );
        // Keyed by the customer's name: joined to its account by name.
        assert_eq!(
            table_of(
                "export.csv",
                "Ticket Number,Customer Name,Customer Email,Ticket Subject,Opened,First Response Time",
            ),
            Ok(Table::Tickets)
        );
        let err = table_of(
            "export.csv",
            "Ticket Number,Customer Email,Ticket Subject,Opened,First Response Time",
        )
        .unwrap_err();
        assert!(
            err.starts_with("not recognised: its header looks like tickets"),
            "{err}"
        );
        assert!(err.contains("lacks an account id"), "{err}");
    }

    #[test]
    fn close_candidates_are_named_both() {
        let err = table_of("export.csv", "Id,AccountId,ContactId,CloseDate").unwrap_err();
        assert!(err.contains("fits deals ("), "{err}");
        assert!(
            err.ends_with("force one with --deals FILE or --tickets FILE"),
            "{err}"
        );
        assert_eq!(
            table_of("cases.csv", "Id,AccountId,ContactId,CloseDate"),
            Ok(Table::Tickets)
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
