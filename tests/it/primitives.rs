//! Aggregates added as primitives, through the command line: a rule file that
//! uses one, its wording in `rapport rules`, and its mistakes.

use crate::common::json::rule_value;
use crate::common::{ACCOUNTS, AS_OF, CONTACTS, Export};
use assert_cmd::Command;
use serde_json::Value;

const DEALS: &str = "\
Id,AccountId,Name,StageName,Amount,CloseDate,IsClosed,IsWon
D1,A1,Renewal,Closed Won,24000.00,2026-05-05,true,true
D2,A1,Upsell,Closed Won,1000.5,2026-02-01,true,true
D3,A1,Chairs,Closed Won,,2026-03-01,true,true
D4,A1,Old renewal,Closed Won,9000,2024-05-05,true,true
D5,A1,Lost bid,Closed Lost,5000,2026-04-01,true,false
D6,A2,Pilot,Prospecting,2000,2026-08-01,false,false
";

const SUM_RULES: &str = r#"extends = "default"

[[rule]]
id = "won-revenue"
element = "value"
title = "Revenue won in the last year"
metric = { table = "deals", aggregate = "sum", field = "amount", date = "close_date", within_days = 365, where = [{ field = "is_won", is = true }] }
curve = { better = "higher", full = 50000, zero = 0 }
weight = 1
action = "Won {value} this year"
"#;

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

fn export_with_rules(rules: &str) -> Export {
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Opportunity.csv", DEALS),
    ]);
    std::fs::write(export.file("rules.toml"), rules).unwrap();
    export
}

#[test]
fn sum_adds_up_a_number_field_over_the_rows_that_count() {
    let export = export_with_rules(SUM_RULES);
    let out = rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rules")
        .arg(export.file("rules.toml"))
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    let report: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    // D1 and D2: won within the year; D3 has no amount, D4 is too old, D5 was lost.
    assert_eq!(rule_value(&report, "A1", "won-revenue"), 25000.5);
    assert_eq!(rule_value(&report, "A2", "won-revenue"), 0.0);
}

#[test]
fn sum_is_worded_in_rules_and_written_in_every_dialect() {
    let export = export_with_rules(SUM_RULES);
    let rules = export.file("rules.toml");
    let out = rapport()
        .args(["rules", "won-revenue", "--rules"])
        .arg(&rules)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("the sum of amount over deals where is_won is true"),
        "{text}"
    );
    for dialect in ["duckdb", "postgres", "bigquery", "spark"] {
        let out = rapport()
            .args(["sql", "--dialect", dialect, "--as-of", AS_OF, "--rules"])
            .arg(&rules)
            .assert()
            .success();
        let sql = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(sql.contains("SUM(m.k_num) AS k_agg"), "{dialect}:\n{sql}");
    }
}

#[test]
fn sum_over_a_field_that_is_not_a_number_is_a_config_error() {
    let export = export_with_rules(&SUM_RULES.replace("field = \"amount\"", "field = \"name\""));
    let out = rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rules")
        .arg(export.file("rules.toml"))
        .args(["--as-of", AS_OF])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("aggregate 'sum' adds up numbers, but deals.name is not a number"),
        "{stderr}"
    );
    let missing = export_with_rules(&SUM_RULES.replace("field = \"amount\", ", ""));
    let out = rapport()
        .arg("score")
        .arg(missing.path())
        .arg("--rules")
        .arg(missing.file("rules.toml"))
        .args(["--as-of", AS_OF])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("aggregate 'sum' needs `field`"), "{stderr}");
}

#[test]
fn a_weighted_count_is_written_in_every_dialect() {
    let rules = SUM_RULES.replace(
        "aggregate = \"sum\", field = \"amount\", date = \"close_date\", within_days = 365",
        "aggregate = \"count\", half_life_days = 90, date = \"close_date\"",
    );
    let export = export_with_rules(&rules);
    for dialect in ["duckdb", "postgres", "bigquery", "spark"] {
        let out = rapport()
            .args(["sql", "--dialect", dialect, "--as-of", AS_OF, "--rules"])
            .arg(export.file("rules.toml"))
            .assert()
            .success();
        let sql = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(sql.contains("SUM(POWER(CAST(0.5 AS"), "{dialect}:\n{sql}");
    }
}
