//! Every output format on the bundled example (snapshots), and the behaviours a
//! weekly cron job relies on: exit codes, atomic output, trend, filters, colour,
//! broken pipes.

use crate::common;

use std::io::Read;
use std::process::Stdio;

use crate::common::{AS_OF, Export};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

const EXAMPLE: &str = "examples/brightline";

/// `insta::assert_snapshot!` on tests/snapshots/reports__NAME.snap, the files these
/// snapshots have always been kept in.
macro_rules! assert_snapshot {
    ($name:literal, $value:expr) => {{
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("../snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(concat!("reports__", $name), $value));
    }};
}

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

/// `rapport score examples/brightline --as-of 2026-06-30 --no-config ARGS`, stdout.
fn example(args: &[&str]) -> String {
    let out = rapport()
        .args([
            "score",
            EXAMPLE,
            "--as-of",
            "2026-06-30",
            "--no-config",
            "--quiet",
        ])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn snapshot_table() {
    assert_snapshot!("table", example(&[]));
}

/// Piped, names are written whole, so the name column takes the longest one
/// ("Brookfield Accounting Partners, LLP") and every score lines up under SCORE.
#[test]
fn piped_table_columns_line_up_under_long_names() {
    let out = example(&[]);
    let header = out.lines().find(|l| l.starts_with("ACCOUNT ")).unwrap();
    let end = header.find("SCORE").unwrap() + "SCORE".len();
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("ACCOUNT "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Brookfield Accounting Partners, LLP"))
    );
    for row in rows {
        let score = row.get(end - 5..end).unwrap_or_default().trim();
        assert!(
            score.parse::<f64>().is_ok() || score == "-",
            "score column misaligned in: {row}"
        );
    }
}

#[test]
fn snapshot_json() {
    assert_snapshot!("json", example(&["--format", "json", "--top", "3"]));
}

#[test]
fn snapshot_ndjson() {
    assert_snapshot!("ndjson", example(&["--format", "ndjson", "--top", "3"]));
}

#[test]
fn snapshot_csv() {
    assert_snapshot!("csv", example(&["--format", "csv"]));
}

#[test]
fn snapshot_markdown() {
    assert_snapshot!("markdown", example(&["--format", "markdown"]));
}

#[test]
fn snapshot_html() {
    assert_snapshot!("html", example(&["--format", "html", "--top", "4"]));
}

#[test]
fn snapshot_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks.csv");
    example(&["--tasks", tasks.to_str().unwrap(), "--top", "6"]);
    assert_snapshot!("tasks", std::fs::read_to_string(tasks).unwrap());
}

#[test]
fn ndjson_lines_each_parse_and_carry_the_date() {
    let out = example(&["--format", "ndjson"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 43);
    for l in lines {
        let v: Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["as_of"], "2026-06-30");
        assert!(v["id"].is_string() && v["rules"].is_array());
    }
}

#[test]
fn html_is_self_contained() {
    let html = example(&["--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no script");
    for remote in ["http://", "https://", "//fonts.", "@import", "url("] {
        assert!(!html.contains(remote), "no {remote} in the page");
    }
    assert!(html.contains("<svg"), "the score chart is inline SVG");
    assert!(html.contains("@media print"), "it prints");
    assert_eq!(html.matches("<section class=\"account\"").count(), 43);
}

// --- cron ----------------------------------------------------------------------

#[test]
fn exit_0_when_no_threshold_is_breached() {
    rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
        .args(["--fail-under", "15", "--format", "json"])
        .assert()
        .code(0);
}

#[test]
fn exit_1_when_an_account_scores_under_the_threshold() {
    rapport()
        .args([
            "score",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "--no-config",
            "--format",
            "csv",
        ])
        .args(["--fail-under", "20"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "alert: 1 account breached the threshold: Ashford Print & Copy (17.0, no-relationship)",
        ));
}

#[test]
fn exit_1_when_an_account_is_in_the_band_or_worse() {
    rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
        .args(["--fail-on-band", "at-risk"])
        .assert()
        .code(1)
        .stderr("");
}

#[test]
fn only_key_accounts_raise_the_alarm_when_given() {
    let dir = tempfile::tempdir().unwrap();
    let calm = dir.path().join("calm.txt");
    std::fs::write(
        &calm,
        "# key accounts\nHarborview Dental Group\n001BL000000000003A, Northgate\n",
    )
    .unwrap();
    rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
        .args(["--fail-on-band", "no-relationship", "--key-accounts"])
        .arg(&calm)
        .assert()
        .code(0);
    let worried = dir.path().join("worried.txt");
    std::fs::write(
        &worried,
        "Harborview Dental Group\nOakfield Insurance Brokers\n",
    )
    .unwrap();
    rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config"])
        .args(["--fail-on-band", "no-relationship", "--key-accounts"])
        .arg(&worried)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "alert: 1 account breached the threshold: Oakfield Insurance Brokers (24.5, no-relationship)",
        ));
}

#[test]
fn exit_2_for_usage_config_and_input_errors() {
    rapport()
        .args(["score", "--format", "yaml"])
        .assert()
        .code(2);
    rapport()
        .args(["score", EXAMPLE, "--fail-on-band", "doomed", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown band 'doomed'"));
    rapport()
        .args(["score", "no/such/folder", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such/folder"));
}

#[test]
fn quiet_prints_nothing_on_stderr() {
    rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
        .assert()
        .success()
        .stderr("");
}

#[test]
fn no_colour_when_piped_or_when_no_color_is_set() {
    let plain = example(&[]);
    assert!(!plain.contains('\x1b'), "no escape codes into a pipe");
    let forced = example(&["--color", "always"]);
    assert!(forced.contains("\x1b[31m"), "colour on request");
    let out = rapport()
        .env("NO_COLOR", "1")
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains('\x1b'));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let out = rapport()
        .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        !stderr.contains('\r') && !stderr.contains("reading ["),
        "{stderr}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let bin = assert_cmd::cargo::cargo_bin("rapport");
    let mut child = std::process::Command::new(bin)
        .args([
            "score",
            EXAMPLE,
            "--as-of",
            AS_OF,
            "--no-config",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn output_is_written_whole_and_never_over_an_input() {
    let export = Export::standard();
    let out = export.file("report.json");
    std::fs::write(&out, "last week's report").unwrap();
    rapport()
        .arg("score")
        .arg(export.path())
        .args([
            "--as-of",
            AS_OF,
            "--no-config",
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], "rapport.report/1");
    let leftovers: Vec<String> = std::fs::read_dir(export.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    for flag in ["--output", "--tasks"] {
        rapport()
            .arg("score")
            .arg(export.path())
            .args(["--no-config", flag])
            .arg(export.file("Account.csv"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("refusing to overwrite it"));
    }
    assert_eq!(
        std::fs::read_to_string(export.file("Account.csv")).unwrap(),
        common::ACCOUNTS
    );
}

// --- trend ---------------------------------------------------------------------

#[test]
fn a_baseline_adds_previous_scores_and_lists_new_and_gone_accounts() {
    let export = Export::standard();
    let baseline = export.file("last-week.json");
    // Last week's report, as of a week earlier, with an account since removed.
    let out = rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", "2026-06-23", "--no-config", "--format", "json"])
        .assert()
        .success();
    let mut last: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut gone = last["accounts"][0].clone();
    gone["id"] = "A9".into();
    gone["name"] = "Gone Ltd".into();
    last["accounts"].as_array_mut().unwrap().push(gone);
    last["accounts"]
        .as_array_mut()
        .unwrap()
        .retain(|a| a["id"] != "A2");
    std::fs::write(&baseline, serde_json::to_string(&last).unwrap()).unwrap();

    let out = rapport()
        .arg("score")
        .arg(export.path())
        .args([
            "--as-of",
            AS_OF,
            "--no-config",
            "--format",
            "json",
            "--baseline",
        ])
        .arg(&baseline)
        .assert()
        .success();
    let now: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(now["baseline"]["as_of"], "2026-06-23");
    assert_eq!(now["baseline"]["gone"][0]["id"], "A9");
    assert_eq!(now["baseline"]["new"][0]["id"], "A2");
    let a1 = now["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A1")
        .unwrap();
    let prev = last["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A1")
        .unwrap();
    assert_eq!(a1["previous"]["score"], prev["score"]);
    let delta = a1["score"].as_f64().unwrap() - prev["score"].as_f64().unwrap();
    assert!((a1["previous"]["delta"].as_f64().unwrap() - delta).abs() < 0.051);
    let trend = if delta > 0.0 {
        "up"
    } else if delta < 0.0 {
        "down"
    } else {
        "same"
    };
    assert_eq!(a1["previous"]["trend"], trend);

    for format in ["table", "markdown", "html", "csv"] {
        let out = rapport()
            .arg("score")
            .arg(export.path())
            .args([
                "--as-of",
                AS_OF,
                "--no-config",
                "--quiet",
                "--format",
                format,
                "--baseline",
            ])
            .arg(&baseline)
            .assert()
            .success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let marker = match format {
            "table" => "TREND",
            "csv" => "previous_score,delta,trend",
            _ => "since the baseline",
        };
        assert!(text.contains(marker), "{format} shows the trend:\n{text}");
    }
}

#[test]
fn a_baseline_that_is_not_a_report_is_an_input_error() {
    let export = Export::standard();
    std::fs::write(export.file("old.json"), "{\"hello\": 1}").unwrap();
    rapport()
        .arg("score")
        .arg(export.file("Account.csv"))
        .args(["--no-config", "--baseline"])
        .arg(export.file("old.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a rapport JSON report"));
}

// --- filters -------------------------------------------------------------------

fn ids(args: &[&str]) -> Vec<String> {
    let out = example(&[&["--format", "json"], args].concat());
    let v: Value = serde_json::from_str(&out).unwrap();
    v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn filters_choose_accounts() {
    assert_eq!(
        ids(&[
            "--account",
            "oakfield",
            "--account",
            "Tidewater Construction"
        ]),
        vec!["Oakfield Insurance Brokers", "Tidewater Construction"]
    );
    assert_eq!(ids(&["--band", "no-relationship"]).len(), 5);
    assert_eq!(
        ids(&["--top", "2"]),
        vec!["Ashford Print & Copy", "Riverside Veterinary Clinic"]
    );
    let loyal_or_risk = ids(&["--band", "loyal", "--band", "at-risk"]);
    assert_eq!(loyal_or_risk.len(), 7 + 12);
    let owner = ids(&["--owner", "005BL000000000002A"]);
    assert!(!owner.is_empty() && owner.len() < 43, "{owner:?}");
}

/// The accounts of the JSON report on the example with `args`, worst first.
fn accounts_with(args: &[&str]) -> Vec<Value> {
    let out = example(&[&["--format", "json"], args].concat());
    let v: Value = serde_json::from_str(&out).unwrap();
    v["accounts"].as_array().unwrap().clone()
}

/// Each filter against the unfiltered report: it keeps every account it names,
/// in report order, and no other.
#[test]
fn each_filter_keeps_exactly_the_accounts_it_names() {
    let all = accounts_with(&[]);
    let names = |accounts: &[&Value]| -> Vec<String> {
        accounts
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect()
    };
    let everyone: Vec<&Value> = all.iter().collect();
    assert_eq!(everyone.len(), 43);

    // --account by id and by name, in any case.
    let third = &all[2];
    let by_id = ids(&["--account", third["id"].as_str().unwrap()]);
    let by_name = ids(&["--account", &third["name"].as_str().unwrap().to_uppercase()]);
    assert_eq!(by_id, names(&[third]));
    assert_eq!(by_name, names(&[third]));

    let mut bands: Vec<&str> = all.iter().filter_map(|a| a["band"].as_str()).collect();
    bands.sort_unstable();
    bands.dedup();
    assert!(bands.len() >= 3, "{bands:?}");
    for band in &bands {
        let expected: Vec<&Value> = all.iter().filter(|a| a["band"] == *band).collect();
        assert_eq!(ids(&["--band", band]), names(&expected), "--band {band}");
    }

    let mut owners: Vec<&str> = all.iter().filter_map(|a| a["owner"].as_str()).collect();
    owners.sort_unstable();
    owners.dedup();
    assert!(owners.len() >= 2, "{owners:?}");
    for owner in &owners {
        let expected: Vec<&Value> = all.iter().filter(|a| a["owner"] == *owner).collect();
        assert!(expected.len() < all.len());
        let lower = owner.to_lowercase();
        assert_eq!(
            ids(&["--owner", &lower]),
            names(&expected),
            "--owner {owner}"
        );
    }
    let two: Vec<&Value> = all
        .iter()
        .filter(|a| a["owner"] == owners[0] || a["owner"] == owners[1])
        .collect();
    assert_eq!(
        ids(&["--owner", owners[0], "--owner", owners[1]]),
        names(&two)
    );

    assert_eq!(ids(&["--top", "5"]), names(&everyone[..5]));
    // --top counts after the other filters.
    let first_band: Vec<&Value> = all.iter().filter(|a| a["band"] == bands[0]).collect();
    assert_eq!(
        ids(&["--band", bands[0], "--top", "2"]),
        names(&first_band[..2])
    );
}

/// The alert thresholds at their edges: a customer exactly at --fail-under does
/// not breach it, one just under does, and a prospect never does; a band breaches
/// --fail-on-band when it is that band or a worse one.
#[test]
fn alerts_exit_1_only_past_their_threshold() {
    let all = accounts_with(&[]);
    let lowest = all
        .iter()
        .filter(|a| a["segment"] == "customer")
        .filter_map(|a| a["score"].as_f64())
        .fold(f64::INFINITY, f64::min);
    let score = |args: &[&str]| {
        rapport()
            .args(["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"])
            .args(args)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(score(&["--fail-under", &lowest.to_string()]), Some(0));
    assert_eq!(
        score(&["--fail-under", &(lowest + 0.1).to_string()]),
        Some(1)
    );
    // A prospect under the threshold, alone in the key accounts, raises nothing.
    let prospect = all
        .iter()
        .find(|a| a["segment"] == "prospect" && a["score"].is_number())
        .expect("a scored prospect in the example");
    let above = (prospect["score"].as_f64().unwrap() + 1.0).to_string();
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key.txt");
    std::fs::write(&key, format!("{}\n", prospect["id"].as_str().unwrap())).unwrap();
    let key = key.to_str().unwrap();
    assert_eq!(
        score(&["--fail-under", &above, "--key-accounts", key]),
        Some(0),
        "a prospect's score is not a loyalty score"
    );
    let worst = all[0]["band"].as_str().unwrap();
    assert_eq!(score(&["--fail-on-band", worst]), Some(1));
    // The best banded account: prospects and thin evidence come without a band.
    let best = all.iter().rev().find_map(|a| a["band"].as_str()).unwrap();
    assert_ne!(best, worst);
    assert_eq!(score(&["--fail-on-band", best]), Some(1));
    assert_eq!(score(&["--fail-under", "nine"]), Some(2));
    assert_eq!(score(&["--fail-on-band", "doomed"]), Some(2));
}
