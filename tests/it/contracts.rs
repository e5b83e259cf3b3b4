//! The published contracts: the JSON outputs against their schemas in docs/ (with
//! a real validator, and a walk that finds any field the schemas do not
//! describe), and the tasks file's keys, owners and CRM profiles.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use rapport::day::Day;
use rapport::report::csv::task_period;
use serde_json::{Value, json};

use crate::common::{self, Export};

const EXAMPLE: &str = "examples/brightline";

/// The schemas under docs/, by their `$id`.
fn schemas() -> Vec<(String, Value)> {
    ["report", "account", "inspect"]
        .iter()
        .map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("docs")
                .join(format!("{name}.schema.json"));
            let text = std::fs::read_to_string(&path).unwrap();
            let schema: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let id = schema["$id"].as_str().unwrap().to_string();
            (id, schema)
        })
        .collect()
}

fn schema(id: &str) -> Value {
    schemas()
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no schema {id}"))
}

/// Every error the validator finds in `value` against schema `id`, the other
/// schemas registered so that references between them resolve.
fn violations(id: &str, value: &Value) -> Vec<String> {
    let all = schemas();
    let mut registry = jsonschema::Registry::new();
    for (uri, s) in &all {
        registry = registry.add(uri, s).unwrap();
    }
    let registry = registry.prepare().unwrap();
    let validator = jsonschema::options()
        .with_registry(&registry)
        .build(&schema(id))
        .unwrap_or_else(|e| panic!("{id} is not a valid schema: {e}"));
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The schemas a node stands for: itself and, transitively, what its `$ref`,
/// `allOf`, `anyOf` and `oneOf` name, each with the document it lives in.
fn expand<'s>(
    node: &'s Value,
    doc: &'s str,
    all: &'s HashMap<String, Value>,
) -> Vec<(&'s Value, &'s str)> {
    let mut out = vec![(node, doc)];
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let (base, pointer) = r.split_once('#').unwrap_or((r, ""));
        let (target_doc, target) = if base.is_empty() {
            (doc, &all[doc])
        } else {
            let (k, v) = all
                .get_key_value(base)
                .unwrap_or_else(|| panic!("$ref to an unknown schema {base}"));
            (k.as_str(), v)
        };
        let resolved = target
            .pointer(pointer)
            .unwrap_or_else(|| panic!("$ref {r} resolves to nothing"));
        out.extend(expand(resolved, target_doc, all));
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for sub in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(expand(sub, doc, all));
        }
    }
    out
}

/// Walks `value` and the schema together and lists every object key and array
/// item the schema has no description for, so a field added to an output
/// without its schema is caught even though the schemas allow extra properties.
fn undescribed(id: &str, value: &Value) -> Vec<String> {
    let all: HashMap<String, Value> = schemas().into_iter().collect();
    let mut missing = Vec::new();
    walk(&all[id], id, value, "", &all, &mut missing);
    missing
}

fn walk(
    node: &Value,
    doc: &str,
    value: &Value,
    at: &str,
    all: &HashMap<String, Value>,
    missing: &mut Vec<String>,
) {
    let nodes = expand(node, doc, all);
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let path = format!("{at}/{key}");
                let subs: Vec<_> = nodes
                    .iter()
                    .filter_map(|(n, d)| Some((n.get("properties")?.get(key)?, *d)))
                    .collect();
                if subs.is_empty() {
                    missing.push(path.clone());
                }
                for (sub, d) in subs {
                    walk(sub, d, v, &path, all, missing);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let path = format!("{at}/{i}");
                let subs: Vec<_> = nodes
                    .iter()
                    .filter_map(|(n, d)| {
                        let item = n
                            .get("prefixItems")
                            .and_then(|p| p.get(i))
                            .or_else(|| n.get("items"))?;
                        Some((item, *d))
                    })
                    .collect();
                if subs.is_empty() {
                    missing.push(path.clone());
                }
                for (sub, d) in subs {
                    walk(sub, d, v, &path, all, missing);
                }
            }
        }
        _ => {}
    }
}

/// Valid against the schema, and every field described in it.
pub(crate) fn assert_conforms(id: &str, value: &Value) {
    let errors = violations(id, value);
    assert!(
        errors.is_empty(),
        "not valid against {id}:\n{}",
        errors.join("\n")
    );
    let missing = undescribed(id, value);
    assert!(
        missing.is_empty(),
        "fields of the output that {id} does not describe:\n{}",
        missing.join("\n")
    );
}

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

/// stdout of `rapport ARGS`, which must succeed.
fn run(args: &[&str]) -> String {
    let out = rapport().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn example_score(as_of: &str, args: &[&str]) -> String {
    let mut all = vec!["score", EXAMPLE, "--as-of", as_of, "--no-config", "--quiet"];
    all.extend(args);
    run(&all)
}

#[test]
fn the_example_report_conforms_to_its_schema() {
    let report: Value =
        serde_json::from_str(&example_score("2026-06-30", &["--format", "json"])).unwrap();
    assert_eq!(report["rapport"], env!("CARGO_PKG_VERSION"));
    assert!(!report["accounts"].as_array().unwrap().is_empty());
    assert_conforms("urn:rapport:report:1", &report);
}

#[test]
fn every_ndjson_line_conforms_to_the_account_schema() {
    let text = example_score("2026-06-30", &["--format", "ndjson"]);
    let mut lines = 0;
    for line in text.lines() {
        let account: Value = serde_json::from_str(line).unwrap();
        assert_eq!(account["rapport"], env!("CARGO_PKG_VERSION"));
        assert_conforms("urn:rapport:account:1", &account);
        lines += 1;
    }
    assert!(lines > 10, "{lines} lines");
}

#[test]
fn the_example_inspection_conforms_to_its_schema() {
    let ins: Value = serde_json::from_str(&run(&[
        "inspect",
        EXAMPLE,
        "--no-config",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(ins["schema"], "rapport.inspect/1");
    assert_eq!(ins["rapport"], env!("CARGO_PKG_VERSION"));
    // The example has rejected rows, so the rejects are exercised too.
    let rejects = ins["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rejects"].as_array().map_or(0, Vec::len))
        .sum::<usize>();
    assert!(rejects > 0, "{ins:#}");
    assert_conforms("urn:rapport:inspect:1", &ins);
}

/// A report with what the example lacks: a prospect, a rejected row, a file
/// that could not be used, and a baseline with accounts new and gone since.
#[test]
fn a_report_with_rejects_a_baseline_and_a_prospect_conforms() {
    let tasks = format!("{}T9,C1,A1,Call,not a date,true,,\n", common::TASKS);
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Task.csv", &tasks),
        ("Case.csv", common::CASES),
        ("notes.csv", "what,ever\n1,2\n"),
    ]);
    let dir = export.path().to_str().unwrap();
    let score = |as_of: &str, extra: &[&str]| -> Value {
        let mut args = vec![
            "score",
            dir,
            "--as-of",
            as_of,
            "--no-config",
            "--quiet",
            "--format",
            "json",
        ];
        args.extend(extra);
        serde_json::from_str(&run(&args)).unwrap()
    };
    let mut last = score("2026-06-23", &[]);
    let accounts = last["accounts"].as_array_mut().unwrap();
    accounts.retain(|a| a["id"] != "A2");
    let mut gone = accounts[0].clone();
    gone["id"] = json!("Z9");
    gone["name"] = json!("Gone Ltd");
    accounts.push(gone);
    let baseline = export.file("last-week.json");
    std::fs::write(&baseline, last.to_string()).unwrap();

    let report = score("2026-06-30", &["--baseline", baseline.to_str().unwrap()]);
    let inputs = report["inputs"].as_array().unwrap();
    assert!(
        inputs.iter().any(|i| i["rejected"].as_u64() > Some(0)),
        "{report:#}"
    );
    assert!(inputs.iter().any(|i| i["error"].is_string()), "{report:#}");
    assert_eq!(report["baseline"]["new"][0]["id"], "A2", "{report:#}");
    assert_eq!(report["baseline"]["gone"][0]["id"], "Z9", "{report:#}");
    let accounts = report["accounts"].as_array().unwrap();
    assert!(
        accounts.iter().any(|a| a["previous"].is_object()),
        "{report:#}"
    );
    assert_conforms("urn:rapport:report:1", &report);
}

#[test]
fn the_checks_catch_an_undescribed_field_and_a_wrong_value() {
    let mut report: Value = serde_json::from_str(&example_score(
        "2026-06-30",
        &["--format", "json", "--top", "1"],
    ))
    .unwrap();
    report["accounts"][0]["surprise"] = json!(1);
    report["accounts"][0]["actions"][0]["topics"][0]["extra"] = json!("x");
    assert_eq!(
        undescribed("urn:rapport:report:1", &report),
        [
            "/accounts/0/actions/0/topics/0/extra",
            "/accounts/0/surprise"
        ]
    );
    // Extra fields are allowed (a newer rapport adds some); wrong values are not.
    assert!(violations("urn:rapport:report:1", &report).is_empty());
    report["accounts"][0]["actions"][0]["priority"] = json!("urgent");
    report["accounts"][0]["coverage"] = json!("all");
    assert_eq!(violations("urn:rapport:report:1", &report).len(), 2);
    // The account schema reaches the report schema's definitions.
    let mut line = report["accounts"][0].clone();
    line["schema"] = json!("rapport.account/1");
    line["rapport"] = json!(env!("CARGO_PKG_VERSION"));
    line["as_of"] = json!("2026-06-30");
    assert_eq!(violations("urn:rapport:account:1", &line).len(), 2);
    assert_eq!(undescribed("urn:rapport:account:1", &line).len(), 2);
}

/// The rows of a tasks CSV, each a map from header to cell.
fn read_tasks(path: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn example_tasks(
    dir: &Path,
    as_of: &str,
    format: &str,
) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let path = dir.join(format!("tasks-{as_of}-{format}.csv"));
    example_score(
        as_of,
        &["--tasks", path.to_str().unwrap(), "--tasks-format", format],
    );
    read_tasks(&path)
}

#[test]
fn tasks_keep_their_keys_from_one_week_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let keys = |as_of: &str| -> HashMap<(String, String), String> {
        let (_, rows) = example_tasks(dir.path(), as_of, "salesforce");
        let keys: HashMap<_, _> = rows
            .iter()
            .map(|r| {
                (
                    (r["WhatId"].clone(), r["Rule"].clone()),
                    r["Rapport_Key__c"].clone(),
                )
            })
            .collect();
        assert_eq!(keys.len(), rows.len(), "one task per account and rule");
        keys
    };
    let this_week = keys("2026-06-30");
    let next_week = keys("2026-07-07");
    let persisting: Vec<_> = this_week
        .keys()
        .filter(|k| next_week.contains_key(*k))
        .collect();
    assert!(persisting.len() >= 10, "{} persist", persisting.len());
    for k in persisting {
        assert_eq!(this_week[k], next_week[k], "{k:?}");
        assert_eq!(this_week[k], format!("rapport-{}-{}-2026Q3", k.0, k.1));
    }
    // A key is unique in its file, so an upsert updates one task only.
    let mut distinct: Vec<_> = this_week.values().collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), this_week.len());
}

#[test]
fn the_period_of_a_key_is_made_of_whole_iso_weeks() {
    let period = |d: &str| task_period(Day::parse(d).unwrap());
    // Monday and Sunday of ISO week 27 of 2026, which spans June and July.
    assert_eq!(period("2026-06-29"), "2026Q3");
    assert_eq!(period("2026-07-05"), "2026Q3");
    assert_eq!(period("2026-06-28"), "2026Q2");
    assert_eq!(period("2026-01-01"), "2026Q1");
    // 2026 has 53 ISO weeks: the last belongs to its fourth quarter.
    assert_eq!(period("2027-01-01"), "2026Q4");
    assert_eq!(period("2027-01-04"), "2027Q1");
    // Monday 2024-12-30 starts week 1 of 2025.
    assert_eq!(period("2024-12-30"), "2025Q1");
}

#[test]
fn salesforce_tasks_belong_to_the_account_owner() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = example_tasks(dir.path(), "2026-06-30", "salesforce");
    assert_eq!(
        header,
        [
            "Subject",
            "ActivityDate",
            "WhatId",
            "WhoId",
            "OwnerId",
            "Priority",
            "Status",
            "Description",
            "Rapport_Key__c",
            "Account",
            "Contact",
            "Rule"
        ]
    );
    let report: Value =
        serde_json::from_str(&example_score("2026-06-30", &["--format", "json"])).unwrap();
    let owners: HashMap<&str, &str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| Some((a["id"].as_str()?, a["owner"].as_str()?)))
        .collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert!(!r["OwnerId"].is_empty(), "{r:?}");
        assert_eq!(
            owners.get(r["WhatId"].as_str()),
            Some(&r["OwnerId"].as_str())
        );
        assert!(
            ["High", "Normal", "Low"].contains(&r["Priority"].as_str()),
            "{r:?}"
        );
    }
}

#[test]
fn the_hubspot_profile_has_hubspot_columns_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let (header, rows) = example_tasks(dir.path(), "2026-06-30", "hubspot");
    assert_eq!(
        header,
        [
            "Task Title",
            "Due Date",
            "Task Owner",
            "Priority",
            "Task Status",
            "Task Type",
            "Notes",
            "Rapport Key",
            "Company Record ID",
            "Contact Record ID",
            "Account",
            "Contact",
            "Rule"
        ]
    );
    let (_, salesforce) = example_tasks(dir.path(), "2026-06-30", "salesforce");
    assert_eq!(rows.len(), salesforce.len());
    let mut priorities: Vec<&str> = rows.iter().map(|r| r["Priority"].as_str()).collect();
    priorities.sort_unstable();
    priorities.dedup();
    assert_eq!(priorities, ["HIGH", "LOW", "MEDIUM"]);
    for (h, s) in rows.iter().zip(&salesforce) {
        assert_eq!(h["Rapport Key"], s["Rapport_Key__c"]);
        assert_eq!(h["Task Owner"], s["OwnerId"]);
        assert_eq!(h["Company Record ID"], s["WhatId"]);
        assert_eq!(h["Contact Record ID"], s["WhoId"]);
        assert_eq!(h["Task Title"], s["Subject"]);
        assert_eq!(h["Due Date"], s["ActivityDate"]);
        assert_eq!(h["Task Status"], "NOT_STARTED");
        assert_eq!(h["Task Type"], "TODO");
    }
}

#[test]
fn a_tasks_format_needs_a_tasks_file() {
    rapport()
        .args(["score", EXAMPLE, "--no-config", "--tasks-format", "hubspot"])
        .assert()
        .code(2);
}
