//! explain, rules, check, init, config discovery and backtest, as a user runs them.

use crate::common;

use crate::common::{AS_OF, Export};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

const DEALS: &str = "\
Id,AccountId,Name,StageName,CloseDate,CreatedDate,IsClosed,IsWon,Loss_Reason__c,Competitor__c
D1,A1,Chairs 2025,Closed Won,2025-03-01,2025-01-10,true,true,,
D2,A1,Desks 2026,Closed Lost,2026-04-15,2026-02-01,true,false,Price too high,Globex
";

fn export_with_deals() -> Export {
    Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Task.csv", common::TASKS),
        ("Case.csv", common::CASES),
        ("Opportunity.csv", DEALS),
    ])
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

// --- explain -------------------------------------------------------------------

#[test]
fn explain_shows_the_rows_points_cap_and_band_of_one_account() {
    let export = export_with_deals();
    let assert = rapport()
        .arg("explain")
        .arg(export.path())
        .args(["--account", "acme", "--as-of", AS_OF, "--no-config"])
        .assert()
        .success();
    let text = stdout(&assert);
    assert!(
        text.starts_with("Acme Tools (A1) as of 2026-06-30"),
        "{text}"
    );
    assert!(
        text.contains(
            "capped by price-loss: the score is mapped into the no-relationship band (at most 34.9)"
        ),
        "{text}"
    );
    assert!(
        text.contains("is at least 0 (no-relationship) and below 35 (at-risk)"),
        "{text}"
    );
    assert!(text.contains("price-loss [fail] 0 of 10 points"), "{text}");
    let opp = export.file("Opportunity.csv").display().to_string();
    assert!(text.contains(&format!("rows: {opp}:3")), "{text}");
    // T1 (line 2) and T2 (line 3) and T3 (line 4) are the done contacts of the last year.
    let tasks = export.file("Task.csv").display().to_string();
    assert!(text.contains(&format!("{tasks}:2")), "{text}");
    assert!(
        text.contains("also (price-loss, due 2026-07-03): Meet Ann Byers in person"),
        "{text}"
    );
}

#[test]
fn explain_as_json_lists_every_rule_with_its_rows() {
    let export = export_with_deals();
    let assert = rapport()
        .arg("explain")
        .arg(export.path())
        .args([
            "--account",
            "A1",
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--no-config",
        ])
        .assert()
        .success();
    let e: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert_eq!(e["account"]["id"], "A1");
    assert_eq!(e["caps"][0]["rule"], "price-loss");
    assert!(e["uncapped_score"].as_f64().unwrap() > e["account"]["score"].as_f64().unwrap());
    let recency = e["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "contact-recency")
        .unwrap();
    assert_eq!(recency["status"], "pass");
    assert_eq!(
        recency["rows"].as_array().unwrap().len(),
        4,
        "T1, T2, T3, T4"
    );
}

#[test]
fn explain_names_the_candidates_when_a_name_is_ambiguous() {
    let export = Export::new(&[("Account.csv", "Id,Name\nA1,Acme Tools\nA2,Acme Foods\n")]);
    rapport()
        .arg("explain")
        .arg(export.path())
        .args(["--account", "acme", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'acme' matches 2 accounts: Acme Tools (A1), Acme Foods (A2); give the id",
        ));
}

// --- rules ---------------------------------------------------------------------

#[test]
fn rules_lists_every_rule_in_effect() {
    let assert = rapport().args(["rules", "--no-config"]).assert().success();
    let text = stdout(&assert);
    for id in [
        "price-loss",
        "contact-recency",
        "serve-after-sale",
        "expansion-ready",
    ] {
        assert!(text.contains(id), "{id} missing from\n{text}");
    }
    assert!(text.contains("signal"), "expansion-ready is a signal");
}

#[test]
fn rules_id_documents_one_rule() {
    let assert = rapport()
        .args(["rules", "complaint-resolution", "--no-config"])
        .assert()
        .success();
    let text = stdout(&assert);
    assert!(text.starts_with("complaint-resolution: Complaints resolved within 24 hours"));
    assert!(text.contains("Why\n  A complaint handled well strengthens loyalty"));
    assert!(text.contains("full points at 0.9 or higher, none at 0.3 or lower"));
    assert!(text.contains("tickets.closed (columns closeddate"));
    assert!(
        text.contains("Action (now, due 1 days after the as-of date; raised when 20% or more"),
        "{text}"
    );
}

/// A rule with fallbacks needs their data too, when its own cannot be had.
#[test]
fn rules_id_lists_the_data_of_each_fallback() {
    let assert = rapport()
        .args(["rules", "respond-quickly", "--no-config"])
        .assert()
        .success();
    let text = stdout(&assert);
    let needs = &text[text.find("Data it needs").unwrap()..text.find("\nAction").unwrap()];
    assert!(
        needs.contains("\n  tickets.first_response (columns"),
        "{needs}"
    );
    assert!(
        needs.contains("\n  else activities.direction (columns"),
        "{needs}"
    );
}

#[test]
fn rules_reflects_overrides_and_disabled_rules() {
    let export = Export::new(&[(
        "client.toml",
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nweight = 12\n[[rule]]\nid = \"relate\"\nenabled = false\n",
    )]);
    let assert = rapport()
        .args(["rules", "--format", "json", "--rules"])
        .arg(export.file("client.toml"))
        .assert()
        .success();
    let list: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let find = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(find("contact-recency")["weight"], 12.0);
    assert_eq!(find("relate")["enabled"], false);
}

#[test]
fn rules_with_an_unknown_id_suggests_near_ones() {
    rapport()
        .args(["rules", "price", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean price-loss?"));
}

// --- check ---------------------------------------------------------------------

fn check(rules: &str) -> assert_cmd::assert::Assert {
    let export = Export::new(&[("rules.toml", rules)]);
    let assert = rapport()
        .current_dir(export.path())
        .args(["check", "--rules", "rules.toml"])
        .assert();
    // keep the temp dir alive until the command ran
    drop(export);
    assert
}

fn check_error(rules: &str, expected: &str) {
    let assert = check(rules).code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains(expected),
        "expected\n  {expected}\nin\n  {stderr}"
    );
}

#[test]
fn check_accepts_a_valid_rule_set() {
    check("extends = \"default\"\n[[rule]]\nid = \"relate\"\nenabled = false\n")
        .success()
        .stdout(predicate::str::contains(
            "rules.toml (extends built-in:default): ok: 34 rules (28 scored, 5 signals, 1 disabled)",
        ));
}

#[test]
fn check_reports_an_unknown_key() {
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\nwieght = 2\n",
        "rules.toml:4:1: unknown field `wieght`, expected one of",
    );
}

#[test]
fn check_reports_a_wrong_type() {
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\nenabled = \"no\"\n",
        "rules.toml:4:11: invalid type: string \"no\", expected a boolean",
    );
}

#[test]
fn check_reports_zero_and_negative_weights() {
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\nweight = 0\n",
        "rules.toml:4:10: rule 'relate': weight must be above 0",
    );
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\nweight = -3\n",
        "rules.toml:4:10: rule 'relate': weight must be above 0",
    );
}

#[test]
fn check_reports_a_reversed_curve() {
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"show-value\"\ncurve = { better = \"higher\", full = 0, zero = 3 }\n",
        "rules.toml:4:9: rule 'show-value': with better = \"higher\", full (0) must be above zero (3)",
    );
}

#[test]
fn check_reports_a_rule_that_needs_a_column_no_table_has() {
    check_error(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\n\
         metric = { table = \"activities\", aggregate = \"count\", where = [{ field = \"mood\", present = true }] }\n",
        "rules.toml:4:74: unknown field 'mood' in table activities, expected one of:",
    );
}

#[test]
fn check_reports_overlapping_and_gapped_bands() {
    check_error(
        "extends = \"default\"\n[[band]]\nname = \"good\"\nmin = 50\n[[band]]\nname = \"fine\"\nmin = 50\n[[band]]\nname = \"bad\"\nmin = 0\n",
        "rules.toml:7:7: bands 'good' and 'fine' both start at 50",
    );
    check_error(
        "extends = \"default\"\n[[band]]\nname = \"good\"\nmin = 50\n[[band]]\nname = \"bad\"\nmin = 10\n",
        "the lowest band must start at min = 0 so every score has a band",
    );
}

// --- init and config discovery ---------------------------------------------------

#[test]
fn init_writes_a_starter_that_loads_and_maps_unknown_columns() {
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        (
            "Visits.csv",
            "Id,AccountId,Visit Date,Visit Purpose,ActivityDate\nV1,A1,2026-05-01,Tour,2026-05-01\n",
        ),
    ]);
    rapport()
        .current_dir(export.path())
        .args(["init", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote rapport.toml"));
    let text = std::fs::read_to_string(export.file("rapport.toml")).unwrap();
    assert!(text.contains("extends = \"default\""));
    assert!(text.contains("# [columns.activities]"), "{text}");
    assert!(text.contains("# FIELD = \"Visit Purpose\""), "{text}");
    assert!(
        text.contains("# [[rule]]\n# id = \"contact-recency\"\n# weight = 10"),
        "{text}"
    );
    rapport()
        .current_dir(export.path())
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "rapport.toml (extends built-in:default): ok",
        ));
    // never overwrites without --force
    rapport()
        .current_dir(export.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "never overwrites a file without --force",
        ));
    rapport()
        .current_dir(export.path())
        .args(["init", "--force"])
        .assert()
        .success();
}

#[test]
fn rapport_toml_in_a_parent_folder_is_used_unless_told_not_to() {
    let export = Export::standard();
    std::fs::write(
        export.file("rapport.toml"),
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nweight = 20\n",
    )
    .unwrap();
    let sub = export.path().join("reports");
    std::fs::create_dir(&sub).unwrap();
    let run = |extra: &[&str]| {
        let assert = rapport()
            .current_dir(&sub)
            .args(["score", "..", "--as-of", AS_OF, "--format", "json"])
            .args(extra)
            .assert()
            .success();
        serde_json::from_slice::<Value>(&assert.get_output().stdout).unwrap()
    };
    let found = run(&[]);
    assert!(
        found["rules"]["source"]
            .as_str()
            .unwrap()
            .ends_with("rapport.toml (extends built-in:default)"),
        "{}",
        found["rules"]["source"]
    );
    let weight = |r: &Value| {
        r["accounts"][0]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == "contact-recency")
            .unwrap()["weight"]
            .clone()
    };
    assert_eq!(weight(&found), 20.0);
    let ignored = run(&["--no-config"]);
    assert_eq!(ignored["rules"]["source"], "built-in:default");
    assert_eq!(weight(&ignored), 8.0);
}

// --- backtest ------------------------------------------------------------------

/// One rule, score = 100 - days since the last activity, so scores are known:
/// A 90, B 70, C 50, D 30, E 10. B, D and E churned.
/// AUC by hand: of the 6 (churned, retained) pairs, the churned account scored
/// lower in 5 (B70 > C50 is the exception): 5/6.
const BACKTEST_RULES: &str = r#"
[[band]]
name = "healthy"
min = 60
[[band]]
name = "weak"
min = 0

[[rule]]
id = "recency"
title = "Recent contact"
metric = { table = "activities", aggregate = "days-since-last" }
curve = { better = "lower", full = 0, zero = 100 }
weight = 1
action = "Call {account}"
"#;

fn backtest_export() -> Export {
    Export::new(&[
        (
            "Account.csv",
            "Id,Name,Churned__c\nA,Alpha,no\nB,Bravo,yes\nC,Charlie,no\nD,Delta,yes\nE,Echo,yes\n",
        ),
        (
            "Task.csv",
            "Id,AccountId,Subject,ActivityDate\n\
             T1,A,Call,2026-06-20\nT2,B,Call,2026-05-31\nT3,C,Call,2026-05-11\n\
             T4,D,Call,2026-04-21\nT5,E,Call,2026-04-01\n",
        ),
        ("churned.csv", "AccountId\nB\nD\nE\nZ\n"),
        ("rules.toml", BACKTEST_RULES),
    ])
}

#[test]
fn backtest_reports_the_auc_computed_by_hand() {
    let export = backtest_export();
    let assert = rapport()
        .arg("backtest")
        .arg(export.file("Account.csv"))
        .arg(export.file("Task.csv"))
        .arg("--churned")
        .arg(export.file("churned.csv"))
        .arg("--rules")
        .arg(export.file("rules.toml"))
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    let b: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    assert!((b["auc"].as_f64().unwrap() - 5.0 / 6.0).abs() < 1e-9, "{b}");
    assert_eq!(b["churned"], 3);
    assert_eq!(b["retained"], 2);
    assert_eq!(b["unknown_ids"], 1, "Z is not in the export");
    // worst band first: weak holds C (50), D (30), E (10): 2 of 3 churned.
    let weak = &b["bands"][0];
    assert_eq!(weak["band"], "weak");
    assert_eq!(weak["accounts"], 3);
    assert_eq!(weak["churned"], 2);
    assert!((weak["churn_rate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    assert!((weak["recall"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let healthy = &b["bands"][1];
    assert_eq!(healthy["accounts"], 2);
    assert_eq!(healthy["churned"], 1);
    assert_eq!(healthy["cumulative_recall"], 1.0);
    assert!((healthy["cumulative_precision"].as_f64().unwrap() - 0.6).abs() < 1e-9);
}

#[test]
fn backtest_reads_a_label_column_of_the_accounts_table() {
    let export = backtest_export();
    let assert = rapport()
        .arg("backtest")
        .arg(export.file("Account.csv"))
        .arg(export.file("Task.csv"))
        .args(["--label", "Churned__c", "--rules"])
        .arg(export.file("rules.toml"))
        .args(["--as-of", AS_OF])
        .assert()
        .success();
    let text = stdout(&assert);
    assert!(text.contains("5 accounts: 3 churned, 2 retained"), "{text}");
    assert!(text.contains("ROC AUC 0.833"), "{text}");
}
