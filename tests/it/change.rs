//! What changed since a baseline: two weeks of the example export, the second
//! with every date a week on (so nothing moves by itself) and known events in
//! it. Each event shows up on its account with the right rule and sign, the
//! rule points add up to the delta, and nothing else moves.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

const WEEK_1: &str = "2026-06-30";
const WEEK_2: &str = "2026-07-07";

const MERIDIAN: &str = "001BL000000000004A";
const COPPERLEAF: &str = "001BL000000000015A";
const OAKFIELD: &str = "001BL000000000007A";

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// Days since 1970-01-01 of a civil date, and back.
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Every ISO date (YYYY-MM-DD) in `text` moved on by `by` days.
fn shift_dates(text: &str, by: i64) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    while i < b.len() {
        if i + 10 <= b.len()
            && digits(&b[i..i + 4])
            && b[i + 4] == b'-'
            && digits(&b[i + 5..i + 7])
            && b[i + 7] == b'-'
            && digits(&b[i + 8..i + 10])
        {
            let n = |s: &str| s.parse::<i64>().unwrap();
            let (y, m, d) = (
                n(&text[i..i + 4]),
                n(&text[i + 5..i + 7]),
                n(&text[i + 8..i + 10]),
            );
            let (y, m, d) = civil(days(y, m, d) + by);
            out.push_str(&format!("{y:04}-{m:02}-{d:02}"));
            i += 10;
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// An activity file with each record's dates moved a week on, except the
/// records of `keep` (which then had no contact in the new week). A record
/// starts on a line that opens with an activity id.
fn shift_activities(text: &str, keep: &str) -> String {
    let mut out = String::new();
    let mut record = String::new();
    let flush = |record: &mut String, out: &mut String| {
        if record.contains(keep) {
            out.push_str(record);
        } else {
            out.push_str(&shift_dates(record, 7));
        }
        record.clear();
    };
    for line in text.split_inclusive('\n') {
        if line.starts_with("00T") || line.starts_with("00U") {
            flush(&mut record, &mut out);
        }
        record.push_str(line);
    }
    flush(&mut record, &mut out);
    out
}

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/brightline")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

const FILES: [&str; 7] = [
    "Account.csv",
    "Case.csv",
    "Contact.csv",
    "Event.csv",
    "Opportunity.csv",
    "Order.csv",
    "Task.csv",
];

/// The two weeks: `week1/` is the example export, `week2/` the same a week on.
struct Weeks {
    dir: tempfile::TempDir,
}

impl Weeks {
    fn new() -> Weeks {
        let dir = tempfile::tempdir().unwrap();
        for week in ["week1", "week2"] {
            std::fs::create_dir(dir.path().join(week)).unwrap();
        }
        for f in FILES {
            let text = example(f);
            std::fs::write(dir.path().join("week1").join(f), &text).unwrap();
            std::fs::write(dir.path().join("week2").join(f), shift_dates(&text, 7)).unwrap();
        }
        Weeks { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn week2(&self, file: &str) -> PathBuf {
        self.path("week2").join(file)
    }

    fn append(&self, file: &str, rows: &str) {
        let path = self.week2(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(rows);
        std::fs::write(path, text).unwrap();
    }

    /// The events of the week: a complaint opened at Meridian, Copperleaf not
    /// contacted, three deals won at Oakfield.
    fn with_events(self) -> Weeks {
        self.append(
            "Case.csv",
            "500BL000000000099A,00001099,001BL000000000004A,,Complaint,Late delivery,New,High,Phone,Late delivery complaint,Order arrived two weeks late.,false,false,2026-07-05T09:00:00.000+0000,,\n",
        );
        for f in ["Task.csv", "Event.csv"] {
            std::fs::write(self.week2(f), shift_activities(&example(f), COPPERLEAF)).unwrap();
        }
        for i in 97..=99 {
            self.append(
                "Opportunity.csv",
                &format!("006BL0000000000{i}A,001BL000000000007A,Chair refresh rebid {i},Closed Won,30000.00,2026-07-03,2026-06-25T14:05:00.000+0000,true,true,Existing Business,,,\n"),
            );
        }
        self
    }

    /// Writes week 1's JSON report and returns its path.
    fn baseline(&self) -> PathBuf {
        let out = self.path("week1.json");
        let status = rapport()
            .args([
                "score",
                "--no-config",
                "--quiet",
                "--format",
                "json",
                "--as-of",
                WEEK_1,
            ])
            .arg(self.path("week1"))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap()
            .status;
        assert!(status.success());
        out
    }

    /// Week 2 scored against week 1, with `extra` flags: the output and the run.
    fn score(&self, extra: &[&str]) -> std::process::Output {
        let baseline = self.baseline();
        rapport()
            .args(["score", "--no-config", "--as-of", WEEK_2])
            .arg(self.path("week2"))
            .arg("--baseline")
            .arg(&baseline)
            .args(extra)
            .output()
            .unwrap()
    }

    fn json(&self, extra: &[&str]) -> Value {
        let mut args = vec!["--format", "json"];
        args.extend(extra);
        let out = self.score(&args);
        serde_json::from_slice(&crate::common::stdout_of(out)).unwrap()
    }
}

fn accounts(report: &Value) -> &Vec<Value> {
    report["accounts"].as_array().unwrap()
}

fn change<'r>(report: &'r Value, id: &str) -> &'r Value {
    let a = accounts(report)
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no account {id}"));
    &a["change"]
}

fn lines(c: &Value, key: &str) -> Vec<(String, f64)> {
    c[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let id = l["id"].as_str().or(l["rule"].as_str()).unwrap();
            (id.to_string(), l["points"].as_f64().unwrap())
        })
        .collect()
}

/// Every account's lines add up to its delta, to the hundredth.
fn assert_sums(report: &Value) {
    for a in accounts(report) {
        let c = &a["change"];
        let Some(delta) = c["delta"].as_f64() else {
            continue;
        };
        let sum: f64 = ["rules", "data", "rule_set"]
            .iter()
            .flat_map(|k| lines(c, k))
            .map(|(_, p)| p)
            .sum::<f64>()
            + c["cap"].as_f64().unwrap();
        assert!(
            (sum - delta).abs() < 1e-6,
            "{}: lines sum to {sum}, delta {delta}: {c:#}",
            a["name"]
        );
    }
}

/// No account outside `moved` has any line.
fn assert_still(report: &Value, moved: &[&str]) {
    for a in accounts(report) {
        if moved.contains(&a["id"].as_str().unwrap()) {
            continue;
        }
        let c = &a["change"];
        assert_eq!(c["delta"], 0.0, "{}: {c:#}", a["name"]);
        for key in ["rules", "data", "rule_set"] {
            assert!(lines(c, key).is_empty(), "{}: {c:#}", a["name"]);
        }
    }
}

#[test]
fn the_same_export_a_week_on_moves_nothing() {
    let weeks = Weeks::new();
    let report = weeks.json(&[]);
    assert_still(&report, &[]);
    assert!(
        report["baseline"]["rule_set"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(report["baseline"]["data"].as_array().unwrap().is_empty());
}

#[test]
fn each_event_shows_up_with_its_rule_and_sign_and_nothing_else_moves() {
    let weeks = Weeks::new().with_events();
    let report = weeks.json(&[]);
    assert_sums(&report);
    assert_still(&report, &[MERIDIAN, COPPERLEAF, OAKFIELD]);

    // A complaint opened: the complaint rule costs the most.
    let meridian = change(&report, MERIDIAN);
    let rules = lines(meridian, "rules");
    assert_eq!(rules[0].0, "complaint-resolution", "{meridian:#}");
    assert!(rules[0].1 < -5.0, "{meridian:#}");
    assert!(meridian["delta"].as_f64().unwrap() < -10.0, "{meridian:#}");
    let said = meridian["rules"][0]["evidence"]["said"].as_str().unwrap();
    assert!(said.contains("2026-07-05"), "{said}");

    // Nobody called: the contact's recency, and nothing else.
    let copperleaf = change(&report, COPPERLEAF);
    let rules = lines(copperleaf, "rules");
    assert_eq!(rules.len(), 1, "{copperleaf:#}");
    assert_eq!(rules[0].0, "contact-recency");
    assert!(rules[0].1 < 0.0);
    assert_eq!(copperleaf["delta"].as_f64(), Some(rules[0].1));

    // Deals won: fewer lost on price; the cap still holds the score down, and
    // says so in its own line.
    let oakfield = change(&report, OAKFIELD);
    let rules = lines(oakfield, "rules");
    assert_eq!(rules[0].0, "price-loss", "{oakfield:#}");
    assert!(rules[0].1 > 0.0);
    assert!(oakfield["cap"].as_f64().unwrap() < 0.0, "{oakfield:#}");
    assert_eq!(oakfield["band_before"], oakfield["band_after"]);

    crate::contracts::assert_conforms("urn:rapport:report:1", &report);
}

#[test]
fn a_reweighted_rule_is_the_rule_sets_change_not_the_accounts() {
    let weeks = Weeks::new();
    let rules = weeks.path("rules.toml");
    std::fs::write(
        &rules,
        "extends = \"default\"\n\n[[rule]]\nid = \"contact-recency\"\nweight = 16\n",
    )
    .unwrap();
    let report = weeks.json(&["--rules", rules.to_str().unwrap()]);
    assert_sums(&report);
    let listed = &report["baseline"]["rule_set"];
    assert_eq!(listed[0]["id"], "contact-recency", "{listed:#}");
    assert_eq!(listed[0]["change"], "reweighted");
    assert_eq!(listed[0]["weight_before"], 8.0);
    assert_eq!(listed[0]["weight_after"], 16.0);
    let mut moved = 0;
    for a in accounts(&report) {
        let c = &a["change"];
        assert!(lines(c, "rules").is_empty(), "{}: {c:#}", a["name"]);
        assert!(lines(c, "data").is_empty(), "{}: {c:#}", a["name"]);
        for (id, _) in lines(c, "rule_set") {
            assert_eq!(id, "contact-recency");
            moved += 1;
        }
    }
    assert!(moved > 10, "{moved} accounts moved by the new weight");
}

#[test]
fn a_table_dropped_from_the_export_is_the_datas_change() {
    let weeks = Weeks::new();
    std::fs::remove_file(weeks.week2("Case.csv")).unwrap();
    let report = weeks.json(&[]);
    assert_sums(&report);
    let causes = report["baseline"]["data"].as_array().unwrap();
    assert!(
        causes.iter().any(|d| d["rule"] == "complaint-resolution"
            && d["cause"].as_str().unwrap().contains("tickets")),
        "{causes:?}"
    );
    let mut moved = 0;
    for a in accounts(&report) {
        let c = &a["change"];
        assert!(lines(c, "rules").is_empty(), "{}: {c:#}", a["name"]);
        moved += lines(c, "data").len();
    }
    assert!(moved > 10, "{moved} data lines");
}

#[test]
fn fail_on_drop_exits_1_naming_the_account_and_its_cause() {
    let weeks = Weeks::new().with_events();
    let out = weeks.score(&["--format", "csv", "--fail-on-drop", "10"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Meridian Family Law"), "{stderr}");
    assert!(stderr.contains("complaint-resolution"), "{stderr}");
    assert!(!stderr.contains("Copperleaf"), "{stderr}");

    let out = weeks.score(&["--format", "csv", "--fail-on-drop", "20"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Only the key accounts count.
    let key = weeks.path("key.txt");
    std::fs::write(&key, "Copperleaf Bakery Co.\n").unwrap();
    let out = weeks.score(&[
        "--format",
        "csv",
        "--fail-on-drop",
        "10",
        "--key-accounts",
        key.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn fail_on_band_change_names_the_accounts_that_moved_band() {
    // Week 2 is week 1 unchanged, a week later: what aged moves some bands.
    let weeks = Weeks::new();
    for f in FILES {
        std::fs::write(weeks.week2(f), example(f)).unwrap();
    }
    let report = weeks.json(&[]);
    assert_sums(&report);
    let moved: Vec<&Value> = accounts(&report)
        .iter()
        .filter(|a| a["change"]["band_before"] != a["change"]["band_after"])
        .collect();
    assert!(!moved.is_empty());
    let out = weeks.score(&["--format", "csv", "--fail-on-band-change"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for a in &moved {
        assert!(stderr.contains(a["name"].as_str().unwrap()), "{stderr}");
    }
    let out = weeks.score(&["--format", "csv"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn explain_with_a_baseline_says_what_moved_the_score() {
    let weeks = Weeks::new().with_events();
    let baseline = weeks.baseline();
    let out = rapport()
        .args([
            "explain",
            "--no-config",
            "--as-of",
            WEEK_2,
            "--account",
            "Meridian Family Law",
        ])
        .arg(weeks.path("week2"))
        .arg("--baseline")
        .arg(&baseline)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Since 2026-06-30: 100 -> "), "{text}");
    let at = text.find("Since 2026-06-30").unwrap();
    let section = &text[at..];
    let first = section.lines().nth(1).unwrap();
    assert!(first.contains("complaint-resolution"), "{section}");
    assert!(first.trim_start().starts_with('-'), "{section}");
}

#[test]
fn the_reports_show_the_biggest_movers_with_their_causes() {
    let weeks = Weeks::new().with_events();
    for format in ["table", "markdown", "html"] {
        let out = weeks.score(&["--format", format]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        let at = text
            .find("WHAT CHANGED")
            .or_else(|| text.find("What changed"))
            .unwrap_or_else(|| panic!("{format}: no what-changed section"));
        let section = &text[at..];
        assert!(section.contains("Meridian Family Law"), "{format}");
        assert!(section.contains("complaint-resolution"), "{format}");
    }
}

#[test]
fn a_new_task_says_what_changed_behind_it() {
    let weeks = Weeks::new().with_events();
    let tasks = weeks.path("tasks.csv");
    let out = weeks.score(&["--format", "csv", "--tasks", tasks.to_str().unwrap()]);
    assert!(out.status.success());
    let mut r = csv::Reader::from_path(&tasks).unwrap();
    let header = r.headers().unwrap().clone();
    let col = header
        .iter()
        .position(|h| h == "Rapport_Change__c")
        .unwrap();
    let account = header.iter().position(|h| h == "WhatId").unwrap();
    let rule = header.iter().position(|h| h == "Rule").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let complaint = rows
        .iter()
        .find(|row| &row[account] == MERIDIAN && row[rule].starts_with("complaint"))
        .expect("a task for the complaint");
    assert!(
        complaint[col].starts_with("new: complaint"),
        "{:?}",
        complaint
    );
    // An account nothing happened to has the same tasks as last week.
    assert!(
        rows.iter()
            .filter(|row| ![MERIDIAN, COPPERLEAF, OAKFIELD].contains(&&row[account]))
            .all(|row| row[col].is_empty()),
    );
}

#[test]
fn trend_follows_each_account_over_the_reports() {
    let weeks = Weeks::new().with_events();
    let first = weeks.baseline();
    let second = weeks.path("week2.json");
    let out = weeks.score(&["--format", "json", "-o", second.to_str().unwrap()]);
    assert!(out.status.success());
    let run = |format: &str| {
        let out = rapport()
            .args(["trend", "--format", format])
            .arg(&second)
            .arg(&first)
            .output()
            .unwrap();
        String::from_utf8(crate::common::stdout_of(out)).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["reports"][0]["as_of"], WEEK_1, "sorted by date");
    let meridian = json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == MERIDIAN)
        .unwrap();
    assert_eq!(meridian["points"].as_array().unwrap().len(), 2);
    assert_eq!(meridian["points"][0]["score"], 100.0);
    let largest = &meridian["largest_moves"][0];
    assert!(largest["delta"].as_f64().unwrap() < -10.0);
    assert_eq!(largest["causes"][0]["what"], "complaint-resolution");

    let csv = run("csv");
    let mut rows = csv.lines();
    assert_eq!(
        rows.next(),
        Some("account_id,account,as_of,score,band,delta,causes")
    );
    let meridian_rows: Vec<&str> = csv.lines().filter(|l| l.starts_with(MERIDIAN)).collect();
    assert_eq!(meridian_rows.len(), 2);
    assert!(meridian_rows[1].contains("complaint-resolution"));

    let html = run("html");
    assert!(html.contains("<svg"));
    assert!(html.contains("<polyline"));
    assert!(!html.contains("<script"));
}
