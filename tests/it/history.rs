//! Rules judged over the history the export covers: a count over a year asks
//! for less of an export whose activities begin 120 days before the as-of
//! date, a follow-up is not expected before the history begins, and too short
//! a history is not judged at all.

use std::path::Path;

use assert_cmd::Command;
use rapport::rules::Status;
use rapport::spec::RuleSet;
use serde_json::Value;

use crate::common::{self, ACCOUNTS, AS_OF, CONTACTS, Export, rule};

/// Activities from 2026-03-02, 120 days before the as-of date: four done for
/// A1, two for A2.
const TASKS: &str = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType
T1,C1,A1,Check-in call,2026-03-02,true,Outbound
T2,C1,A1,Check-in call,2026-04-01,true,Outbound
T3,C2,A1,Check-in call,2026-05-01,true,Outbound
T4,C1,A1,Check-in call,2026-06-01,true,Outbound
T5,C3,A2,Check-in call,2026-04-15,true,Outbound
T6,C3,A2,Check-in call,2026-06-15,true,Outbound
";

/// A1 won a deal before the first activity on file and one after, followed up
/// twelve days later; A2 won one only before the history begins.
const DEALS: &str = "\
Id,AccountId,Name,StageName,CloseDate,IsClosed,IsWon
D1,A1,Old order,Closed Won,2025-06-01,true,true
D2,A1,New order,Closed Won,2026-03-20,true,true
D3,A2,Pilot,Closed Won,2026-02-01,true,true
";

/// Activities of twenty days only.
const RECENT_TASKS: &str = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType
T1,C1,A1,Check-in call,2026-06-10,true,Outbound
T2,C3,A2,Check-in call,2026-06-20,true,Outbound
";

/// A rule asking for twelve done activities a year, beside the default rules.
const PROBE: &str = "extends = \"default\"\n\n[[rule]]\nid = \"probe\"\nelement = \"test\"\n\
    title = \"probe\"\nmetric = { table = \"activities\", aggregate = \"count\", within_days = 365, \
    where = [{ field = \"done\", is = true }] }\n\
    curve = { better = \"higher\", full = 12, zero = 0 }\nweight = 1\naction = \"probe {value}\"\n";

/// Writes the export with 120 days of activities into `dir`.
pub(crate) fn write_short_history(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, text) in [
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", TASKS),
        ("Opportunity.csv", DEALS),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The first day of activities kept in [`write_recent_brightline`]: 120 days
/// before the as-of date.
const RECENT_FROM: &str = "2026-03-02";

/// Writes the bundled example into `dir` with only its activities of the last
/// 120 days: 43 accounts whose year-long counts of activities are judged over
/// those days, and whose deals won before them are not expected followed up.
pub(crate) fn write_recent_brightline(dir: &Path) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    std::fs::create_dir_all(dir).unwrap();
    for entry in std::fs::read_dir(&example).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let date = match name.as_str() {
            "Task.csv" => "ActivityDate",
            "Event.csv" => "ActivityDateTime",
            _ => {
                std::fs::copy(&path, dir.join(&name)).unwrap();
                continue;
            }
        };
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let at = headers.iter().position(|h| h == date).unwrap();
        let mut writer = csv::Writer::from_path(dir.join(&name)).unwrap();
        writer.write_record(&headers).unwrap();
        for record in reader.records() {
            let record = record.unwrap();
            if record.get(at).unwrap_or("") >= RECENT_FROM {
                writer.write_record(&record).unwrap();
            }
        }
        writer.flush().unwrap();
    }
}

fn short_history() -> Export {
    let export = Export::new(&[]);
    write_short_history(export.path());
    export
}

fn probe_rules() -> RuleSet {
    RuleSet::from_text("probe.toml", PROBE).unwrap()
}

#[test]
fn a_count_over_a_longer_window_asks_for_the_part_the_export_covers() {
    let report = short_history().score(&probe_rules());
    // 12 in 365 days is 3.9 in the 120 the export covers: A1's 4 earn everything.
    let a1 = rule(&report, "A1", "probe");
    assert_eq!(a1.value, Some(4.0));
    assert_eq!(a1.status, Status::Pass, "{a1:?}");
    assert_eq!(
        a1.evidence.reason.as_deref(),
        Some("4 in the 120 days the export covers; the rule asks for 12 in 365")
    );
    // A2's 2 earn 2 / (12 * 120 / 365) of the weight, not 2 / 12.
    let a2 = rule(&report, "A2", "probe");
    assert_eq!(a2.status, Status::Partial);
    assert_eq!(a2.points, Some(0.51), "{a2:?}");

    // A share is as good a share over 120 days as over 365: not scaled, no words.
    let share = rule(&report, "A1", "keep-promises");
    assert!(
        share
            .evidence
            .reason
            .as_deref()
            .is_none_or(|r| !r.contains("export covers")),
        "{share:?}"
    );
}

#[test]
fn a_full_history_leaves_a_count_as_written() {
    // The same activities with one a year and a half back: the window is covered.
    let export = short_history();
    let tasks = format!("{TASKS}T0,C3,A2,Old call,2025-01-05,true,Outbound\n");
    std::fs::write(export.file("Task.csv"), tasks).unwrap();
    let report = export.score(&probe_rules());
    let a1 = rule(&report, "A1", "probe");
    assert_eq!(a1.status, Status::Partial);
    assert_eq!(a1.points, Some(0.33), "4 of 12: {a1:?}");
    assert_eq!(a1.evidence.reason, None);
}

#[test]
fn a_follow_up_is_not_expected_before_the_history_begins() {
    let report = short_history().score(&probe_rules());
    // D1 was won a year before the first activity on file: only D2 is judged.
    let a1 = rule(&report, "A1", "serve-after-sale");
    assert_eq!((a1.evidence.rows, a1.evidence.hits), (Some(1), Some(1)));
    assert_eq!(a1.value, Some(1.0));
    // A2's only deal opened its follow-up window before the history: nothing to judge.
    let a2 = rule(&report, "A2", "serve-after-sale");
    assert_eq!(a2.status, Status::NotAssessed, "{a2:?}");
}

#[test]
fn too_short_a_history_is_not_assessed_with_the_reason() {
    let export = short_history();
    std::fs::write(export.file("Task.csv"), RECENT_TASKS).unwrap();
    let report = export.score(&probe_rules());
    let reason = "the export covers only 20 days of activities";
    for account in ["A1", "A2"] {
        let probe = rule(&report, account, "probe");
        assert_eq!(probe.status, Status::NotAssessed, "{probe:?}");
        assert_eq!(probe.evidence.reason.as_deref(), Some(reason));
    }
    assert!(
        report
            .not_assessed
            .iter()
            .any(|n| n.rule == "probe" && n.reason == reason),
        "{:?}",
        report.not_assessed
    );

    // The floor is the rule set's: lowered, the 20 days are judged, scaled.
    let lowered = RuleSet::from_text(
        "probe.toml",
        &PROBE.replace(
            "extends = \"default\"\n",
            "extends = \"default\"\n\n[scoring]\nmin_history_days = 10\n",
        ),
    )
    .unwrap();
    let report = export.score(&lowered);
    let probe = rule(&report, "A1", "probe");
    assert_eq!(
        probe.status,
        Status::Pass,
        "1 in 20 days of 12 in 365: {probe:?}"
    );
}

#[test]
fn a_history_exactly_the_floor_long_is_judged() {
    // The 20 days of RECENT_TASKS against a floor of 20 days: judged, scaled.
    let export = short_history();
    std::fs::write(export.file("Task.csv"), RECENT_TASKS).unwrap();
    let at_floor = RuleSet::from_text(
        "probe.toml",
        &PROBE.replace(
            "extends = \"default\"\n",
            "extends = \"default\"\n\n[scoring]\nmin_history_days = 20\n",
        ),
    )
    .unwrap();
    let report = export.score(&at_floor);
    let probe = rule(&report, "A1", "probe");
    assert_eq!(probe.status, Status::Pass, "{probe:?}");
    assert_eq!(
        probe.evidence.reason.as_deref(),
        Some("1 in the 20 days the export covers; the rule asks for 12 in 365")
    );
}

#[test]
fn a_negative_floor_is_refused() {
    let text = PROBE.replace(
        "extends = \"default\"\n",
        "extends = \"default\"\n\n[scoring]\nmin_history_days = -1\n",
    );
    let err = RuleSet::from_text("probe.toml", &text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("probe.toml:") && err.contains("min_history_days must be 0 or more"),
        "{err}"
    );
}

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> String {
    let out = rapport().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "rapport {args:?}:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_tables_history_is_in_the_json_the_notes_and_inspect() {
    let export = short_history();
    let dir = export.path().to_str().unwrap();
    let span = serde_json::json!({ "first": "2026-03-02", "last": "2026-06-15", "days": 105 });

    let json: Value = serde_json::from_str(&run(&[
        "score",
        dir,
        "--as-of",
        AS_OF,
        "--no-config",
        "--format",
        "json",
        "--quiet",
    ]))
    .unwrap();
    assert_eq!(json["history"]["activities"], span);
    assert_eq!(json["history"]["deals"]["first"], "2025-06-01");
    let line = "activities: 2026-03-02 to 2026-06-15 (105 days)";
    for format in ["table", "markdown", "html"] {
        let out = run(&[
            "score",
            dir,
            "--as-of",
            AS_OF,
            "--no-config",
            "--format",
            format,
            "--quiet",
        ]);
        assert!(out.contains(line), "{format}:\n{out}");
    }

    let inspected: Value = serde_json::from_str(&run(&[
        "inspect",
        dir,
        "--as-of",
        AS_OF,
        "--no-config",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(inspected["history"]["activities"], span);
    let page = run(&["inspect", dir, "--as-of", AS_OF, "--no-config"]);
    assert!(page.contains(&format!("  {line}")), "{page}");
}

#[test]
fn the_bundled_example_keeps_its_windows_whole_and_cases_are_no_log() {
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let json: Value = serde_json::from_str(&run(&[
        "score",
        export.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "--no-config",
        "--format",
        "json",
        "--quiet",
    ]))
    .unwrap();
    // Activities go back 538 days: every year-long count of them is as written.
    // The first case is 316 days old, but cases are no log: a year's count of
    // them keeps its year.
    let mut scaled = std::collections::BTreeSet::new();
    for account in json["accounts"].as_array().unwrap() {
        for r in account["rules"].as_array().unwrap() {
            if r["evidence"]["reason"]
                .as_str()
                .is_some_and(|s| s.contains("the export covers"))
            {
                scaled.insert(r["id"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(scaled.is_empty(), "{scaled:?}");
}

#[test]
fn a_short_history_scores_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    write_short_history(&export);
    let rules = dir.path().join("probe.toml");
    std::fs::write(&rules, PROBE).unwrap();
    let (engine, sql) = crate::warehouse::both_reports(&export, Some(&rules), "csv");
    assert_eq!(
        common::json::rule(common::json::account(&sql, "A1"), "probe")["evidence"]["reason"],
        "4 in the 120 days the export covers; the rule asks for 12 in 365"
    );
    assert_eq!(
        engine["history"]["activities"],
        sql["history"]["activities"]
    );
    crate::warehouse::assert_same("an export with 120 days of activities", &engine, &sql);
}

#[test]
fn the_bundled_example_cut_to_120_days_scores_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_recent_brightline(dir.path());
    let (engine, sql) = crate::warehouse::both_reports(dir.path(), None, "csv");
    let first = engine["history"]["activities"]["first"].as_str().unwrap();
    assert!(first >= RECENT_FROM, "{first}");
    // Year-long counts of activities are judged over the days kept.
    let scaled = engine["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["rules"].as_array().unwrap())
        .filter(|r| {
            r["evidence"]["reason"]
                .as_str()
                .is_some_and(|s| s.contains("days the export covers"))
        })
        .count();
    assert!(scaled > 0, "no rule judged over the covered days");
    crate::warehouse::assert_same("examples/brightline cut to 120 days", &engine, &sql);
}
