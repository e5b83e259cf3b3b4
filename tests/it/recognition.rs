//! Files recognised by what they hold: headers read by meaning (synonyms, unit
//! and date suffixes, table prefixes), durations in place of timestamps, and a
//! real Salesforce org's quirks. Every fixture is read with no rule file.

use assert_cmd::Command;
use serde_json::Value;

use crate::common::json::{file, not_assessed, rule_value};
use crate::common::{self, AS_OF, Export};

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// `rapport inspect PATHS --format json`, with no rule file.
fn inspect(paths: &[&str]) -> Value {
    let out = rapport()
        .arg("inspect")
        .args(paths)
        .args(["--no-config", "--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

/// `rapport score PATHS --format json`, with no rule file.
fn score(paths: &[&str]) -> Value {
    let out = rapport()
        .arg("score")
        .args(paths)
        .args([
            "--no-config",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--quiet",
        ])
        .assert()
        .code(predicates::ord::lt(2));
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn column<'v>(f: &'v Value, header: &str) -> &'v Value {
    f["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == header)
        .unwrap_or_else(|| panic!("no column {header} in {f:#}"))
}

/// The field a column feeds and how it was matched.
fn fed(f: &Value, header: &str) -> (String, String) {
    let c = column(f, header);
    (
        c["fields"][0].as_str().unwrap_or("").to_string(),
        c["match"].as_str().unwrap_or("unused").to_string(),
    )
}

#[test]
fn snake_case_tickets_with_numeric_durations() {
    let dir = fixture("saas-tickets");
    let ins = inspect(&[&dir]);
    let t = file(&ins, "tickets.csv");
    assert_eq!(t["table"], "tickets");
    assert_eq!(fed(t, "ticket_id"), ("tickets.id".into(), "exact".into()));
    assert_eq!(
        fed(t, "created_at"),
        ("tickets.created".into(), "unit-suffix".into())
    );
    assert_eq!(
        fed(t, "resolved_at"),
        ("tickets.closed".into(), "unit-suffix".into())
    );
    assert_eq!(
        fed(t, "first_response_minutes").0,
        "tickets.first_response_hours"
    );
    assert_eq!(fed(t, "resolution_hours").0, "tickets.resolution_hours");
    assert_eq!(fed(t, "channel"), (String::new(), "unused".into()));
    assert!(
        t["runner_up"]
            .as_str()
            .is_some_and(|r| r.starts_with("deals")),
        "{t:#}"
    );
    assert_eq!(
        (t["used"].as_u64(), t["rejected"].as_u64()),
        (Some(5), Some(1))
    );
    let reason = t["rejects"][0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("'soon' is not a duration (a number of minutes"),
        "{reason}"
    );

    let report = score(&[&dir]);
    // 45 and 90 minutes to a first answer: a median of 1.125 hours.
    assert_eq!(rule_value(&report, "acc_1", "respond-quickly"), 1.125);
    // 30 hours (a resolution time, no timestamp) and 4 hours (timestamps).
    assert_eq!(rule_value(&report, "acc_1", "resolution-time"), 17.0);
    let missing = not_assessed(&report);
    for rule in ["respond-quickly", "resolution-time", "service-available"] {
        assert!(!missing.contains(&rule.to_string()), "{rule}: {missing:?}");
    }
}

#[test]
fn tickets_keyed_by_customer_with_text_durations() {
    let tickets = std::fs::read_to_string(fixture("customer-tickets/tickets.csv")).unwrap();
    let accounts = "Id,Name\nN1,Northwind Traders\n";
    let export = Export::new(&[("Account.csv", accounts), ("tickets.csv", &tickets)]);
    let ins = inspect(&[export.path().to_str().unwrap()]);
    let t = file(&ins, "tickets.csv");
    // Read as tickets, joined to their account by the customer's name.
    assert_eq!(t["table"], "tickets");
    // Not HubSpot for sharing one header with it.
    assert_eq!(t["vendor"], Value::Null);
    let columns = t["columns"].as_array().unwrap();
    let field_of = |header: &str| {
        columns
            .iter()
            .find(|c| c["header"] == header)
            .map(|c| c["fields"][0].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(field_of("Customer Name"), "tickets.account_name");
    assert_eq!(
        field_of("First Response Time"),
        "tickets.first_response_hours"
    );
    assert_eq!(field_of("Resolution Time"), "tickets.resolution_hours");
    let used = t["used"].as_u64().unwrap();
    assert!(used >= 1, "{t:#}");
    // A customer with no account of that name is reported, never dropped.
    let rejects = t["rejects"].as_array().unwrap();
    assert_eq!(
        used + t["rejected"].as_u64().unwrap() + t["skipped"].as_u64().unwrap(),
        t["rows"].as_u64().unwrap(),
        "{t:#}"
    );
    assert!(
        rejects
            .iter()
            .any(|r| r["reason"] == "no account named 'Fabrikam Outdoors' in the accounts files"),
        "{rejects:?}"
    );
}

#[test]
fn a_salesforce_report_export_without_ids() {
    let report = std::fs::read(fixture("sfdc-report-no-ids/Accounts-Contacts.csv")).unwrap();
    let export = Export::new(&[]);
    std::fs::write(export.path().join("Accounts-Contacts.csv"), report).unwrap();
    let ins = inspect(&[export.path().to_str().unwrap()]);
    let f = file(&ins, "Accounts-Contacts.csv");
    // People known by email at accounts known by name; the accounts are derived.
    assert_eq!(f["table"], "contacts");
    assert!(
        f["runner_up"]
            .as_str()
            .is_some_and(|r| r.starts_with("accounts:")),
        "{f:#}"
    );
    assert_eq!(f["used"], 6, "{f:#}");
    let out = rapport()
        .arg("score")
        .arg(export.path())
        .args(["--no-config", "--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let names: Vec<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["name"].as_str())
        .collect();
    assert!(names.contains(&"Alpha Dynamics"), "{names:?}");
    assert!(
        report["notices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "derived-accounts"),
        "{:#}",
        report["notices"]
    );
}

#[test]
fn salesforce_empty_ids_mean_no_related_record() {
    let dir = fixture("sfdc-null-ids");
    let ins = inspect(&[&dir]);
    // The contact whose AccountId is 000000000000000AAA has no account: kept.
    let contacts = file(&ins, "Contact.csv");
    assert_eq!(
        (contacts["used"].as_u64(), contacts["rejected"].as_u64()),
        (Some(2), Some(0))
    );
    // WhatId empty: the task falls back to its AccountId; WhoId of fifteen zeros
    // is no contact; a task with nothing but empty ids has no account.
    let tasks = file(&ins, "Task.csv");
    assert_eq!(
        (tasks["used"].as_u64(), tasks["rejected"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(tasks["rejects"][0]["line"], 4);
    assert_eq!(
        tasks["rejects"][0]["reason"],
        "no account: the row has no account, related or contact id, nor an account name"
    );
    let cases = file(&ins, "Case.csv");
    assert_eq!(
        (cases["used"].as_u64(), cases["rejected"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn a_real_orgs_objects_and_custom_fields() {
    let dir = fixture("sfdc-real-org");
    let ins = inspect(&[&dir]);
    let roles = file(&ins, "OpportunityContactRole.csv");
    assert_eq!(roles["table"], "contact-roles");
    assert_eq!(roles["used"], 2);
    assert_eq!(fed(roles, "OpportunityId").0, "contact-roles.deal_id");
    // The org's users are read as the owners' names, never as contacts.
    let users = file(&ins, "User.csv");
    assert_eq!(users["table"], Value::Null);
    assert!(users.get("error").is_none(), "{users:#}");
    assert!(
        users["lookup"]
            .as_str()
            .unwrap()
            .starts_with("read as a lookup of 1 users"),
        "{users:#}"
    );
    let orders = file(&ins, "Order.csv");
    assert_eq!(orders["table"], "orders");
    assert_eq!(orders["used"], 2);
    let deals = file(&ins, "Opportunity.csv");
    assert_eq!(deals["table"], "deals");
    assert_eq!(
        fed(deals, "LossReason__c"),
        ("deals.loss_reason".into(), "spelling".into())
    );
    // The task with a lead and no account is skipped as such, not rejected.
    let tasks = file(&ins, "Task.csv");
    assert_eq!(tasks["used"], 1);
    assert_eq!(tasks["rejected"], 0, "{tasks:#}");
    assert_eq!(
        (tasks["skipped"].as_u64(), tasks["leads"].as_u64()),
        (Some(1), Some(1))
    );

    let report = score(&[&dir]);
    // "Cerrada ganada" is won, with no IsWon column.
    assert_eq!(
        rule_value(&report, "0015e00000AAAA1AAA", "repeat-business"),
        1.0
    );
    assert_eq!(
        rule_value(&report, "0015e00000AAAA2AAA", "repeat-business"),
        0.0
    );
    // The economic buyer's role comes from OpportunityContactRole.
    assert_eq!(
        rule_value(&report, "0015e00000AAAA1AAA", "buyer-and-gatekeeper"),
        1.0
    );
}

#[test]
fn two_close_candidates_are_named_not_guessed() {
    let text = "Id,AccountId,ContactId,CloseDate\nX1,A1,C1,2026-05-01\n";
    let export = Export::new(&[("Account.csv", common::ACCOUNTS), ("export.csv", text)]);
    let ins = inspect(&[export.path().to_str().unwrap()]);
    let error = file(&ins, "export.csv")["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(error.contains("fits deals ("), "{error}");
    assert!(error.contains("and tickets ("), "{error}");
    assert!(
        error.ends_with("force one with --deals FILE or --tickets FILE"),
        "{error}"
    );
    // A file name that names one of them decides, and says so.
    let export = Export::new(&[("Account.csv", common::ACCOUNTS), ("cases.csv", text)]);
    let ins = inspect(&[export.path().to_str().unwrap()]);
    let f = file(&ins, "cases.csv");
    assert_eq!(f["table"], "tickets");
    assert!(
        f["table_why"]
            .as_str()
            .unwrap()
            .ends_with("its file name decided between close candidates"),
        "{f:#}"
    );
    assert!(
        f["runner_up"].as_str().unwrap().starts_with("deals: "),
        "{f:#}"
    );
}

#[test]
fn messages_read_as_sentences() {
    for dir in std::fs::read_dir("tests/fixtures").unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let out = rapport()
            .arg("inspect")
            .arg(&dir)
            .args(["--no-config", "--as-of", AS_OF])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for bad in [
            "has no an ",
            "has no a ",
            "not used: not used",
            "why:       not used:",
        ] {
            assert!(!text.contains(bad), "{}: '{bad}' in\n{text}", dir.display());
        }
    }
}
