//! Each `--TABLE FILE` flag reads its file as that table. Every fixture here is a
//! file that, without its flag, is recognised as another table or as none, so
//! a flag that is ignored leaves its rows unused.

use std::ffi::OsString;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{self, AS_OF, Export};

const DEALS: &str = "Id,AccountId,StageName,CloseDate\nD1,A1,Closed Lost,2026-05-01\n";

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

fn json(args: &[OsString]) -> Value {
    let out = rapport().args(args).assert().success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// The entry for `file` in a report's `inputs` or an inspection's `files`.
fn entry<'v>(list: &'v Value, file: &str) -> &'v Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().is_some_and(|p| p.ends_with(file)))
        .unwrap_or_else(|| panic!("no {file} in {list:#}"))
}

/// `file` (with `text`) is read as `table` with `--TABLE`, every row used, and
/// without the flag as `unforced` (a table's name, or null when not recognised).
fn forced(table: &str, file: &str, text: &str, unforced: Value) -> Value {
    let others = [
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Deal.csv", DEALS),
    ];
    let export = Export::new(&[others.as_slice(), &[(file, text)]].concat());
    let common_args = ["--no-config", "--as-of", AS_OF, "--format", "json"].map(OsString::from);

    let mut inspect = vec!["inspect".into(), export.path().into()];
    inspect.extend(common_args.clone());
    let seen = json(&inspect);
    assert_eq!(
        entry(&seen["files"], file)["table"],
        unforced,
        "without --{table}, {file} is read as something else"
    );

    let mut score: Vec<OsString> = vec!["score".into()];
    // Forced accounts replace the export's own, so that only they can be scored.
    score.extend(
        others
            .iter()
            .filter(|(name, _)| table != "accounts" || *name != "Account.csv")
            .map(|(name, _)| export.file(name).into()),
    );
    score.extend([
        format!("--{table}").into(),
        export.file(file).into(),
        "--quiet".into(),
    ]);
    score.extend(common_args);
    let report = json(&score);
    let input = entry(&report["inputs"], file);
    let rows = text.lines().count() as u64 - 1;
    assert_eq!(input["table"], table, "{input:#}");
    assert_eq!(
        input["used"], rows,
        "every row of {file} is used: {input:#}"
    );
    report
}

#[test]
fn accounts_forces_a_file_that_reads_as_contacts() {
    let report = forced(
        "accounts",
        "firms.csv",
        "Id,Name,Title\nF1,Fjord Freight,Owner\nA1,Acme Tools,Owner\n",
        "contacts".into(),
    );
    let ids: Vec<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert!(ids.contains(&"F1") && ids.contains(&"A1"), "{ids:?}");
}

#[test]
fn contacts_forces_a_file_that_reads_as_accounts() {
    forced(
        "contacts",
        "people.csv",
        "Id,AccountId,Name\nC7,A1,Ann Byers\nC8,A2,Gus Gale\n",
        "accounts".into(),
    );
}

#[test]
fn contact_roles_forces_a_file_that_reads_as_activities() {
    forced(
        "contact-roles",
        "links.csv",
        "AccountId,ContactId,Date\nA2,C1,2026-05-01\n",
        "activities".into(),
    );
}

#[test]
fn activities_forces_a_file_that_is_not_recognised() {
    forced(
        "activities",
        "log.csv",
        "Id,AccountId,Subject\nT1,A1,Call\nT2,A2,Visit\n",
        Value::Null,
    );
}

#[test]
fn deals_forces_a_file_that_reads_as_accounts() {
    forced(
        "deals",
        "pipeline.csv",
        "Id,AccountId,Name,Amount\nD7,A1,Renewal,1000\n",
        "accounts".into(),
    );
}

#[test]
fn tickets_forces_a_file_that_is_not_recognised() {
    forced(
        "tickets",
        "issues.csv",
        "Id,AccountId,Subject,Status,Priority\nK1,A1,Broken,New,High\n",
        Value::Null,
    );
}

#[test]
fn orders_forces_a_file_that_reads_as_activities() {
    forced(
        "orders",
        "shipments.csv",
        "Id,AccountId,Status,Date,Amount\nO1,A1,Shipped,2026-05-01,500\n",
        "activities".into(),
    );
}

#[test]
fn deal_competitors_forces_a_file_that_reads_as_deals() {
    forced(
        "deal-competitors",
        "rivals.csv",
        "Deal_Id,AccountId,Competitor,Stage\nD1,A1,Rival Inc,Closed Lost\n",
        "deals".into(),
    );
}
