//! The command line as a user meets it: rule files with mistakes, a rule added in
//! TOML alone, the JSON contract, exit codes, and a real Salesforce export.

use crate::common;

use crate::common::{AS_OF, Export};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

/// Runs `rapport score` on the standard export with a rule file; returns the command.
fn score_with_rules(export: &Export, rules: &str) -> assert_cmd::assert::Assert {
    let path = export.file("rules.toml");
    std::fs::write(&path, rules).unwrap();
    rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rules")
        .arg(&path)
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
}

fn json(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON")
}

fn config_error(rules: &str, expected: &str) {
    let export = Export::standard();
    let assert = score_with_rules(&export, rules).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(expected),
        "expected stderr to contain\n  {expected}\nbut it was\n  {stderr}"
    );
}

#[test]
fn a_misspelt_key_names_file_line_and_column() {
    config_error(
        "extends = \"default\"\n\n[[rule]]\nid = \"contact-recency\"\nwieght = 3\n",
        "rules.toml:5:1: unknown field `wieght`, expected one of",
    );
}

#[test]
fn a_wrong_type_names_file_line_and_column() {
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nweight = \"high\"\n",
        "rules.toml:4:10: invalid type: string \"high\", expected f64",
    );
}

#[test]
fn an_unknown_metric_aggregate_names_file_line_and_column() {
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"x\"\ntitle = \"x\"\naction = \"x\"\n\
         metric = { table = \"activities\", aggregate = \"avg\" }\n",
        "rules.toml:6:46: unknown metric aggregate 'avg', expected one of: count,",
    );
}

#[test]
fn a_duplicate_rule_id_names_both_places() {
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"visits\"\n\n[[rule]]\nid = \"visits\"\n",
        "rules.toml:6:6: duplicate rule id 'visits' (first defined at line 3, column 6)",
    );
}

#[test]
fn an_unknown_class_or_field_is_pointed_at() {
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\n\
         metric = { table = \"activities\", aggregate = \"count\", where = [{ field = \"subject\", matches = \"discovry\" }] }\n",
        "rules.toml:4:95: unknown class 'discovry', expected one of:",
    );
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\n\
         metric = { table = \"activities\", aggregate = \"count\", where = [{ field = \"subjct\", matches = \"discovery\" }] }\n",
        "rules.toml:4:74: unknown field 'subjct' in table activities, expected one of:",
    );
}

#[test]
fn a_reversed_curve_is_refused() {
    config_error(
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\ncurve = { better = \"lower\", full = 120, zero = 30 }\n",
        "rules.toml:4:9: rule 'contact-recency': with better = \"lower\", full (120) must be below zero (30)",
    );
}

#[test]
fn an_unknown_base_rule_set_is_refused() {
    config_error(
        "extends = \"defualt\"\n",
        "rules.toml:1:11: unknown rule set 'defualt' in extends, expected one of: default",
    );
}

/// A consultant's rule, added in TOML alone: at least two site visits a year.
const SITE_VISITS: &str = r#"
extends = "default"

[classes.site-visit]
why = "Going to the customer's site: seeing their business first hand."
match = ["site visit", "on-site", "onsite", "plant tour"]

[[rule]]
id = "site-visits"
element = "17"
title = "At least two site visits a year"
why = "A partner goes to the customer's site; twice a year keeps the picture current."
metric = { table = "activities", aggregate = "count", within_days = 365, where = [
  { field = ["subject", "type"], matches = "site-visit" },
  { field = "done", is = true },
] }
curve = { better = "higher", full = 2, zero = 0 }
weight = 5
due_days = 21
action = "Plan a site visit to {account} with {contact}: {count} in the last year."

# and a tuned built-in rule
[[rule]]
id = "contact-recency"
weight = 12
"#;

#[test]
fn a_consultant_adds_a_rule_in_toml_alone() {
    let visits = "\
Id,WhoId,AccountId,Subject,ActivityDateTime,Type
E1,C1,A1,Site visit: new warehouse,2026-02-10T10:00:00.000+0000,Meeting
E2,C3,A2,Site visit,2026-03-10T10:00:00.000+0000,Meeting
E3,C3,A2,Plant tour,2026-05-10T10:00:00.000+0000,Meeting
";
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Task.csv", common::TASKS),
        ("Event.csv", visits),
    ]);
    let assert = score_with_rules(&export, SITE_VISITS).success();
    let report = json(&assert);
    let account = |id: &str| {
        report["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()
            .clone()
    };
    let a1 = account("A1");
    let rule = a1["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "site-visits")
        .unwrap()
        .clone();
    assert_eq!(rule["status"], "partial");
    assert_eq!(rule["value"], 1.0);
    assert_eq!(rule["weight"], 5.0);
    // Its action may be a topic of a call to the same person.
    let action = a1["actions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["topics"].as_array().unwrap())
        .find(|t| t["rule"] == "site-visits")
        .expect("site-visits action for A1");
    assert_eq!(
        action["text"],
        "Plan a site visit to Acme Tools with Ann Byers: 1 in the last year."
    );
    assert_eq!(action["due"], "2026-07-21");
    let recency = a1["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "contact-recency")
        .unwrap();
    assert_eq!(recency["weight"], 12.0, "the override took");
    let a2 = account("A2");
    assert!(
        !a2["actions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["topics"].as_array().unwrap())
            .any(|t| t["rule"] == "site-visits"),
        "two visits: nothing to do"
    );
    let source = report["rules"]["source"].as_str().unwrap();
    assert!(
        source.ends_with("rules.toml (extends built-in:default)"),
        "{source}"
    );
}

#[test]
fn a_rule_can_be_switched_off() {
    let export = Export::standard();
    let assert = score_with_rules(
        &export,
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nenabled = false\n",
    )
    .success();
    let report = json(&assert);
    for a in report["accounts"].as_array().unwrap() {
        assert!(
            !a["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["id"] == "contact-recency")
        );
    }
}

#[test]
fn json_follows_the_documented_contract() {
    let export = Export::standard();
    let assert = rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    let report = json(&assert);
    assert_eq!(report["schema"], "rapport.report/1");
    assert_eq!(report["as_of"], AS_OF);
    for input in report["inputs"].as_array().unwrap() {
        for key in ["path", "table", "rows", "used", "rejected", "skipped"] {
            assert!(input.get(key).is_some(), "inputs[].{key}");
        }
        let n = |k: &str| input[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("used") + n("rejected") + n("skipped"));
    }
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    for a in accounts {
        for key in [
            "id", "name", "score", "band", "coverage", "flags", "rules", "actions",
        ] {
            assert!(a.get(key).is_some(), "accounts[].{key}");
        }
        let score = a["score"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&score));
        for r in a["rules"].as_array().unwrap() {
            for key in [
                "id", "element", "status", "points", "weight", "value", "evidence",
            ] {
                assert!(r.get(key).is_some(), "rules[].{key}");
            }
            let status = r["status"].as_str().unwrap();
            assert!(["pass", "partial", "fail", "not-assessed"].contains(&status));
        }
        for x in a["actions"].as_array().unwrap() {
            for key in ["rule", "priority", "due", "contact", "text"] {
                assert!(x.get(key).is_some(), "actions[].{key}");
            }
        }
    }
}

#[test]
fn the_table_lists_accounts_worst_first_with_their_first_action() {
    let export = Export::standard();
    rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success()
        .stdout(predicate::str::contains("ACCOUNT"))
        .stdout(predicate::str::contains("Acme Tools"))
        .stdout(predicate::str::contains("Beta Labs"))
        .stderr(predicate::str::contains(
            "Task.csv:8: AccountId: rejected: no account found for account id 'X9'",
        ));
}

#[test]
fn rejected_rows_are_written_with_file_line_and_reason() {
    let export = Export::standard();
    let out = export.file("rejects.csv");
    rapport()
        .arg("score")
        .arg(export.file("Account.csv"))
        .arg(export.file("Contact.csv"))
        .arg(export.file("Task.csv"))
        .args(["--as-of", AS_OF, "--quiet", "--rejects"])
        .arg(&out)
        .assert()
        .success()
        .stderr("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        vec![
            "file,line,column,reason".to_string(),
            format!(
                "{},8,AccountId,no account found for account id 'X9'",
                export.file("Task.csv").display()
            ),
        ]
    );
}

#[test]
fn refuses_to_write_rejects_over_an_input() {
    let export = Export::standard();
    rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rejects")
        .arg(export.file("Task.csv"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(export.file("Task.csv")).unwrap(),
        common::TASKS
    );
}

#[test]
fn no_accounts_file_derives_the_accounts_and_says_so() {
    let export = Export::new(&[("Task.csv", common::TASKS)]);
    rapport()
        .arg("score")
        .arg(export.path())
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "no accounts file: accounts derived from Task.csv: 3 accounts",
        ));
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    rapport()
        .args(["score", ".", "--as-of", "30/06/2026"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not a date in the form YYYY-MM-DD",
        ));
}

#[test]
fn an_unrecognised_file_is_reported_by_name_with_what_it_lacks() {
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        (
            "OpportunityHistory.csv",
            "Id,OpportunityId,StageName,Amount,CloseDate\nH1,D1,Closed Won,10,2026-01-01\n",
        ),
    ]);
    let assert = rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "OpportunityHistory.csv: not used: a Salesforce OpportunityHistory (each deal's stage changes)",
        ));
    let report = json(&assert);
    let history = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["path"]
                .as_str()
                .unwrap()
                .ends_with("OpportunityHistory.csv")
        })
        .unwrap();
    assert_eq!(history["table"], Value::Null);
}

#[test]
fn a_forced_table_overrides_recognition() {
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("visits.csv", "Visit,AccountId,When\nV1,A1,2026-06-01\n"),
        (
            "rules.toml",
            "extends = \"default\"\n[columns.activities]\ndate = \"When\"\nsubject = \"Visit\"\n",
        ),
    ]);
    let assert = rapport()
        .arg("score")
        .arg(export.file("Account.csv"))
        .arg("--activities")
        .arg(export.file("visits.csv"))
        .arg("--rules")
        .arg(export.file("rules.toml"))
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    let report = json(&assert);
    let visits = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("visits.csv"))
        .unwrap();
    assert_eq!(visits["table"], "activities");
    assert_eq!(visits["used"], 1);
    let a1 = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A1")
        .unwrap();
    let recency = a1["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "contact-recency")
        .unwrap();
    assert_eq!(recency["value"], 29.0);
}

#[test]
fn a_real_salesforce_export_scores_and_says_what_it_could_not_assess() {
    let assert = rapport()
        .args([
            "score",
            "tests/fixtures/sfdc-data-cloud-workshop",
            "--as-of",
            "2024-03-01",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let report = json(&assert);
    let tables: Vec<(String, Value)> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let name = i["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (name, i["table"].clone())
        })
        .collect();
    let table_of = |file: &str| tables.iter().find(|(n, _)| n == file).unwrap().1.clone();
    assert_eq!(table_of("Account.csv"), "accounts");
    assert_eq!(table_of("AccountContactRelation.csv"), "contact-roles");
    assert_eq!(table_of("Case.csv"), "tickets");
    assert_eq!(table_of("Contact.csv"), "contacts");
    assert_eq!(table_of("Opportunity.csv"), "deals");
    assert_eq!(table_of("Task.csv"), "activities");
    assert_eq!(table_of("LICENSE.txt"), Value::Null);
    assert_eq!(report["accounts"].as_array().unwrap().len(), 22);
    let not_assessed: Vec<&str> = report["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "price-loss",
        "respond-quickly",
        "competitor-present",
        "deliver-on-time",
    ] {
        assert!(
            not_assessed.contains(&rule),
            "{rule} should not be assessed: {not_assessed:?}"
        );
    }
    for input in report["inputs"].as_array().unwrap() {
        let n = |k: &str| input[k].as_u64().unwrap();
        assert_eq!(n("rows"), n("used") + n("rejected") + n("skipped"));
    }
}
