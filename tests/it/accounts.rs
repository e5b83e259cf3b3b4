//! Accounts as real exports give them: keyed by name, or only referred to by
//! the other tables; an export whose data ends years ago; accounts with no
//! records; a file mostly rejected; one table in two files; lines lost to a
//! broken quote shown where a person reads the report.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common::json;

fn rule_status<'v>(report: &'v Value, account: &str, rule: &str) -> &'v str {
    json::rule(json::account(report, account), rule)["status"]
        .as_str()
        .unwrap()
}

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A run's exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = rapport().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The JSON report and stderr of `rapport score FIXTURE --format json`.
fn json(name: &str, extra: &[&str]) -> (Value, String) {
    let path = fixture(name);
    let mut args = vec!["score", path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    (serde_json::from_str(&out).unwrap(), err)
}

fn input<'v>(report: &'v Value, file: &str) -> &'v Value {
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no input {file}"))
}

fn ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

fn notices(report: &Value, kind: &str) -> Vec<String> {
    report["notices"]
        .as_array()
        .map(|n| {
            n.iter()
                .filter(|n| n["kind"] == kind)
                .map(|n| n["text"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn accounts_keyed_by_name_join_deals_by_their_normalised_name() {
    let (report, err) = json("name-keyed", &["--as-of", "2026-06-30"]);
    // Keyed by name: the name is the id.
    assert!(ids(&report).contains(&"Acme, Inc.".to_string()), "{report}");
    let deals = input(&report, "deals.csv");
    // ACME, acme inc, Globex Ltd. and Initech join; Globex and Umbrella Corp do not.
    assert_eq!(deals["used"], 4, "{deals}");
    assert_eq!(deals["rejected"], 2, "{deals}");
    assert!(
        err.contains("deals.csv:4: account: rejected: account name 'Globex' is ambiguous"),
        "{err}"
    );
    assert!(
        err.contains("'Globex GmbH'") && err.contains("'Globex Ltd'"),
        "{err}"
    );
    assert!(
        err.contains(
            "deals.csv:6: account: rejected: no account named 'Umbrella Corp' in the accounts files"
        ),
        "{err}"
    );
    assert!(!err.contains("has no an"), "{err}");
}

#[test]
fn inspect_reads_a_name_keyed_export_it_used_to_refuse() {
    let path = fixture("name-keyed");
    let (code, out, err) = run(&["inspect", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("account     -> deals.account_name"), "{out}");
    assert!(out.contains("account   -> accounts.name"), "{out}");
}

#[test]
fn deals_alone_derive_their_accounts_and_are_scored_with_a_note() {
    let (report, err) = json("deals-only", &["--as-of", "2026-06-30"]);
    // Three ids, and Hooli named with no id.
    assert_eq!(ids(&report), ["A1", "A2", "A3", "Hooli"], "{report}");
    let acme = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A1")
        .unwrap();
    assert_eq!(acme["name"], "Acme Inc");
    assert!(acme["score"].is_number(), "{acme}");
    assert_eq!(input(&report, "deals.csv")["derived_accounts"], 4);
    let note = "no accounts file: accounts derived from deals.csv: 4 accounts";
    assert!(
        notices(&report, "derived-accounts")[0].starts_with(note),
        "{report}"
    );
    assert!(err.contains(note), "{err}");
    let path = fixture("deals-only");
    let (code, table, _) = run(&["score", path.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert_eq!(code, 0);
    assert!(table.contains(note), "{table}");
    let (code, md, _) = run(&[
        "score",
        path.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0);
    assert!(md.contains("> **Warning:** no accounts file"), "{md}");
}

#[test]
fn a_stale_export_says_so_and_latest_scores_as_of_its_newest_record() {
    let (report, err) = json("stale-export", &["--as-of", "2026-06-30"]);
    let stale = notices(&report, "stale-data");
    assert_eq!(stale.len(), 1, "{report}");
    assert!(
        stale[0].starts_with(
            "the export's newest record is from 2023-06-28, 1098 days before the as-of date 2026-06-30"
        ),
        "{}",
        stale[0]
    );
    assert!(stale[0].contains("--as-of latest"), "{}", stale[0]);
    assert!(err.contains("WARNING: the export's newest record is from 2023-06-28"));
    let tasks = input(&report, "Task.csv");
    assert_eq!(tasks["first_date"], "2023-04-14");
    assert_eq!(tasks["last_date"], "2023-06-28");

    let (latest, _) = json("stale-export", &["--as-of", "latest"]);
    assert_eq!(latest["as_of"], "2023-06-28");
    assert!(notices(&latest, "stale-data").is_empty(), "{latest}");
    // Globex was called on the export's last day: in touch, as of then.
    assert_eq!(rule_status(&latest, "001B", "contact-recency"), "pass");
    assert_eq!(rule_status(&report, "001B", "contact-recency"), "fail");
}

#[test]
fn dormant_accounts_are_one_line_not_an_action_each() {
    let (report, _) = json("stale-export", &["--as-of", "2026-06-30"]);
    assert_eq!(
        notices(&report, "dormant-accounts"),
        [
            "2 accounts have no records at all (no contact, activity, deal or case): no actions for them"
        ]
    );
    // Hooli and Umbrella have no contact, activity, deal or case.
    for a in report["accounts"].as_array().unwrap() {
        let dormant = a["id"] == "001D" || a["id"] == "001E";
        assert_eq!(a["actions"].as_array().unwrap().is_empty(), dormant, "{a}");
    }
    let path = fixture("stale-export");
    let (_, table, _) = run(&["score", path.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert_eq!(
        table.matches("2 accounts have no records at all").count(),
        1
    );
    assert!(
        !table.contains("Hooli:") && !table.contains("Umbrella:"),
        "{table}"
    );
    assert!(!table.contains("nobody on file"), "{table}");
}

#[test]
fn a_mostly_rejected_file_is_an_alarm_and_its_rules_are_not_assessed() {
    let (report, err) = json("mostly-rejected", &["--as-of", "2026-06-30"]);
    let alarm = "tickets: 80% of rows rejected (4 of 5 in tickets.csv)";
    assert!(
        notices(&report, "mostly-rejected")[0].starts_with(alarm),
        "{report}"
    );
    assert!(err.starts_with(&format!("WARNING: {alarm}")), "{err}");
    // The one case left is not scored on: the rules that read cases are not assessed.
    let na = report["not_assessed"].as_array().unwrap();
    let friendly = na.iter().find(|n| n["rule"] == "friendly").unwrap();
    assert_eq!(friendly["reason"], alarm);
    assert_eq!(rule_status(&report, "A3", "friendly"), "not-assessed");

    let path = fixture("mostly-rejected");
    let (_, table, _) = run(&["score", path.to_str().unwrap(), "--as-of", "2026-06-30"]);
    let top: Vec<&str> = table.lines().take(4).collect();
    assert!(
        top.iter()
            .any(|l| l.starts_with(&format!("WARNING: {alarm}"))),
        "{table}"
    );
    let (code, _, err) = run(&[
        "score",
        path.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
        "--strict",
    ]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn ids_repeated_across_files_of_one_table_are_counted_once() {
    let (report, err) = json("split-activities", &["--as-of", "2026-01-31"]);
    let second = input(&report, "Task-2026.csv");
    assert_eq!(second["rows"], 3);
    assert_eq!(second["used"], 1);
    assert_eq!(second["rejected"], 2);
    assert_eq!(second["duplicates"], 2);
    assert!(
        err.contains(
            "Task-2026.csv:2: Id: rejected: duplicate activity id '00T3' (already read at "
        ) && err.contains("Task-2025.csv:4)"),
        "{err}"
    );
    assert_eq!(input(&report, "Task-2025.csv")["rejected"], 0);
    // The table report says so beside the scores, with where ids count as read.
    let path = fixture("split-activities");
    let (code, table, _) = run(&["score", path.to_str().unwrap(), "--as-of", "2026-01-31"]);
    assert_eq!(code, 0);
    assert!(
        table.contains(
            "Task-2026.csv: 2 rows repeat an id already read, in another file of the table \
             or earlier in this one, rejected as duplicates and counted once"
        ),
        "{table}"
    );
}

#[test]
fn lines_lost_to_a_broken_quote_are_counted_in_every_report() {
    let path = fixture("broken-quote");
    let p = path.to_str().unwrap();
    let (_, table, _) = run(&["score", p, "--as-of", "2026-06-30"]);
    assert!(
        table.contains("note: Account.csv: 1 resynchronised: lines left out where a broken quote"),
        "{table}"
    );
    let (_, md, _) = run(&["score", p, "--as-of", "2026-06-30", "--format", "markdown"]);
    assert!(md.contains("- Account.csv: 1 resynchronised"), "{md}");
    let (_, html, _) = run(&["score", p, "--as-of", "2026-06-30", "--format", "html"]);
    assert!(html.contains("<li>Account.csv: 1 resynchronised"), "{html}");
}

#[test]
fn inspect_never_refuses_and_shows_each_tables_dates() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.csv"), "foo,bar\n1,2\n").unwrap();
    let (code, out, err) = run(&["inspect", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("notes.csv: not used"), "{out}");
    assert!(out.contains("nothing to score"), "{out}");

    let path = fixture("stale-export");
    let (code, out, _) = run(&[
        "inspect",
        path.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let task = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("Task.csv"))
        .unwrap();
    assert_eq!(task["last_date"], "2023-06-28", "{task}");
    assert_eq!(v["notices"][0]["kind"], "stale-data", "{v}");
}
