//! respond-quickly from pairs of activities: without a case table, the wait from
//! a customer's inbound call or email to our next outbound activity, through the
//! `answered` aggregate.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common::json::rule_value;
use crate::common::{ACCOUNTS, AS_OF, CASES, CONTACTS, Export, TASKS, rule};

const HEADER: &str = "Id,AccountId,Subject,Type,ActivityDateTime,CallType,IsClosed";

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

/// The export's tasks, each `row` a line after [`HEADER`], and its accounts.
fn export(rows: &[&str]) -> Export {
    let tasks = format!("{HEADER}\n{}\n", rows.join("\n"));
    Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", &tasks)])
}

/// respond-quickly's value for A1 with the built-in rules.
fn wait(rows: &[&str]) -> Option<f64> {
    let report = export(rows).score(&rapport::spec::RuleSet::builtin().unwrap());
    rule(&report, "A1", "respond-quickly").value
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inbound-calls")
}

fn json_report(args: &[&str], path: &Path) -> Value {
    let out = rapport()
        .arg("score")
        .arg(path)
        .args(["--as-of", AS_OF, "--format", "json"])
        .args(args)
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

#[test]
fn an_inbound_call_answered_the_same_day_waits_the_hours_between() {
    let rows = [
        "T1,A1,Question about invoice,Call,2026-06-02T09:00:00Z,Inbound,true",
        "T2,A1,Call back,Call,2026-06-02T11:30:00Z,Outbound,true",
    ];
    assert_eq!(wait(&rows), Some(2.5));
}

#[test]
fn an_inbound_call_answered_days_later_waits_the_days_in_hours() {
    let rows = [
        "T1,A1,Pricing question,Call,2026-05-04T10:00:00Z,Inbound,true",
        "T2,A1,Call back with prices,Call,2026-05-07T16:00:00Z,Outbound,true",
    ];
    assert_eq!(wait(&rows), Some(78.0));
}

#[test]
fn an_inbound_call_never_answered_waits_until_the_end_of_the_as_of_day() {
    let rows = [
        "T1,A1,Delivery problem,Call,2026-06-29T12:00:00Z,Inbound,true",
        "T2,A1,Check-in,Call,2026-06-20T10:00:00Z,Outbound,true",
    ];
    // From noon on the 29th to midnight after the 30th.
    assert_eq!(wait(&rows), Some(36.0));
}

#[test]
fn outbound_rows_before_the_inbound_one_do_not_answer_it() {
    let rows = [
        "T1,A1,Morning check-in,Call,2026-06-15T07:00:00Z,Outbound,true",
        "T2,A1,Booking question,Call,2026-06-15T08:00:00Z,Inbound,true",
        "T3,A1,Answer on bookings,Call,2026-06-16T08:00:00Z,Outbound,true",
    ];
    assert_eq!(wait(&rows), Some(24.0));
}

#[test]
fn two_inbound_rows_before_one_answer_are_both_answered_by_it() {
    let rows = [
        "T1,A1,Booking question,Call,2026-06-15T08:00:00Z,Inbound,true",
        "T2,A1,Booking question again,Email,2026-06-15T10:00:00Z,Inbound,true",
        "T3,A1,Answer on bookings,Call,2026-06-15T14:00:00Z,Outbound,true",
    ];
    let report = export(&rows).score(&rapport::spec::RuleSet::builtin().unwrap());
    let r = rule(&report, "A1", "respond-quickly");
    // Six hours and four: the median is five.
    assert_eq!(r.value, Some(5.0));
}

#[test]
fn an_open_to_do_is_no_answer() {
    let rows = [
        "T1,A1,Pricing question,Call,2026-05-04T10:00:00Z,Inbound,true",
        "T2,A1,Send price list,Task,2026-05-04T11:00:00Z,Outbound,false",
        "T3,A1,Call back with prices,Call,2026-05-05T10:00:00Z,Outbound,true",
    ];
    assert_eq!(wait(&rows), Some(24.0));
}

#[test]
fn rows_with_dates_alone_wait_whole_days() {
    let rows = [
        "T1,A1,Invoice query,Call,2026-06-01,Inbound,true",
        "T2,A1,Invoice answer,Email,2026-06-03,Outbound,true",
        "T3,A1,Route change,Call,2026-06-20,Inbound,true",
        "T4,A1,Route confirmed,Call,2026-06-20,Outbound,true",
        // A date alone against a time: the whole days between them.
        "T5,A1,Late question,Call,2026-06-24T17:00:00Z,Inbound,true",
        "T6,A1,Answer,Email,2026-06-24,Outbound,true",
    ];
    // 48, 0 and 0 hours.
    assert_eq!(wait(&rows), Some(0.0));
    let rows = &rows[..4];
    assert_eq!(wait(rows), Some(24.0));
}

#[test]
fn an_account_without_inbound_rows_is_not_judged() {
    let rows = ["T1,A1,Check-in,Call,2026-06-20T10:00:00Z,Outbound,true"];
    let report = export(&rows).score(&rapport::spec::RuleSet::builtin().unwrap());
    let r = rule(&report, "A1", "respond-quickly");
    assert_eq!(r.value, None);
}

#[test]
fn the_order_of_the_rows_and_the_threads_change_nothing() {
    let rows = std::fs::read_to_string(fixture().join("Task.csv")).unwrap();
    let mut lines: Vec<&str> = rows.lines().collect();
    let header = lines.remove(0);
    let forward = json_report(&[], &fixture());
    lines.reverse();
    // Reversed, then every other row moved to the end.
    let (even, odd): (Vec<_>, Vec<_>) = lines.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let shuffled: Vec<&str> = even.into_iter().chain(odd).map(|(_, l)| *l).collect();
    let moved = Export::new(&[
        (
            "Account.csv",
            &std::fs::read_to_string(fixture().join("Account.csv")).unwrap(),
        ),
        ("Task.csv", &format!("{header}\n{}\n", shuffled.join("\n"))),
    ]);
    let backward = json_report(&[], moved.path());
    for id in ["A1", "A2", "A3", "A4", "A5"] {
        assert_eq!(
            rule_value(&forward, id, "respond-quickly"),
            rule_value(&backward, id, "respond-quickly"),
            "{id}"
        );
    }
    let threaded = json_report(&["--threads", "2"], &fixture());
    let single = json_report(&["--threads", "1"], &fixture());
    assert_eq!(threaded, single);
}

#[test]
fn an_export_without_cases_is_measured_by_its_activities() {
    let report = json_report(&[], &fixture());
    // A1: 2.5 and 17 hours. A2: 72 hours, and one waiting 36. A3: 6 and 4.
    // A4, dates alone: 48 and 0.
    for (id, hours) in [("A1", 9.75), ("A2", 54.0), ("A3", 5.0), ("A4", 24.0)] {
        assert_eq!(rule_value(&report, id, "respond-quickly"), hours, "{id}");
    }
    // Elm Printing never called: nothing to judge.
    assert_eq!(rule_value(&report, "A5", "respond-quickly"), Value::Null);

    let out = rapport()
        .arg("explain")
        .arg(fixture())
        .args(["--account", "A2", "--as-of", AS_OF])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let at = text
        .find("respond-quickly [")
        .expect("respond-quickly explained");
    let part = &text[at..];
    let part = &part[..part.find("\n\n").unwrap_or(part.len())];
    assert!(
        part.contains("measures: the median hours from each of activities where direction mentions direction-inbound"),
        "{part}"
    );
    assert!(part.contains("waits until the as-of date"), "{part}");
    assert!(part.contains("value: 2.2 days"), "{part}");
    assert!(!part.contains("tickets"), "{part}");
}

#[test]
fn an_export_with_cases_keeps_the_median_first_response_of_its_cases() {
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", TASKS),
        ("Case.csv", CASES),
    ]);
    let report = json_report(&[], export.path());
    // K1 an hour, K2 six hours, K3 open since midnight on the 20th: 264 hours.
    assert_eq!(rule_value(&report, "A1", "respond-quickly"), 6.0);
    let out = rapport()
        .args(["rules", "respond-quickly"])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.contains("over tickets, created in the last 365 days; when the export cannot assess that, the median hours from each of activities"),
        "{text}"
    );
}

/// A rule file with one rule over `metric`.
fn rules_with(metric: &str) -> String {
    format!(
        "extends = \"default\"\n\n[[rule]]\nid = \"probe\"\nelement = \"test\"\ntitle = \"probe\"\n\
         metric = {metric}\ncurve = {{ better = \"lower\", full = 4, zero = 48 }}\nweight = 1\n\
         action = \"probe {{value}}\"\n"
    )
}

fn refused(metric: &str, expected: &str) {
    let export = export(&[]);
    std::fs::write(export.file("rules.toml"), rules_with(metric)).unwrap();
    let out = rapport()
        .args(["rules", "--rules"])
        .arg(export.file("rules.toml"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains(expected), "{err}");
}

#[test]
fn pairs_are_of_one_table_and_follow_ups_of_a_later_one() {
    refused(
        r#"{ table = "activities", aggregate = "answered", followed_by = { table = "tickets" } }"#,
        "followed_by must name activities or a table read after it",
    );
    refused(
        r#"{ table = "activities", aggregate = "answered", followed_by = { table = "activities", within_days = 3 } }"#,
        "followed_by takes no within_days here",
    );
    refused(
        r#"{ table = "activities", aggregate = "answered" }"#,
        "aggregate 'answered' needs `followed_by`",
    );
    refused(
        r#"{ table = "activities", aggregate = "followed-by", followed_by = { table = "activities", within_days = 3 } }"#,
        "followed-by waits for rows of a table read after the metric's own",
    );
    refused(
        r#"{ table = "tickets", aggregate = "followed-by", followed_by = { table = "activities" } }"#,
        "needs `followed_by.within_days`",
    );
    refused(
        r#"{ table = "tickets", aggregate = "answered", followed_by = { table = "activities" } }"#,
        "answered pairs rows of one table",
    );
}

#[test]
fn the_pairs_are_written_in_every_dialect() {
    for dialect in ["duckdb", "postgres", "bigquery", "spark"] {
        let out = rapport()
            .args(["sql", "--dialect", dialect, "--as-of", AS_OF])
            .assert()
            .success();
        let sql = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        assert!(sql.contains("MIN(f.f_ts) AS a_ts"), "{dialect}");
    }
}

#[test]
fn the_pairs_score_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let (engine, sql) = crate::warehouse::both_reports(&fixture(), None, "json");
    crate::warehouse::assert_same("tests/fixtures/inbound-calls", &engine, &sql);
    for (id, hours) in [("A1", 9.75), ("A2", 54.0), ("A3", 5.0), ("A4", 24.0)] {
        assert_eq!(rule_value(&sql, id, "respond-quickly"), hours, "{id}");
    }
}
