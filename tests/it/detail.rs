//! Outputs that scale with the portfolio: `--detail short` JSON and NDJSON keep
//! only the rules an account fell short on, and the HTML report gives the worst
//! `--html-accounts` accounts a section each while its summary covers them all.

use crate::common;
use crate::contracts::assert_conforms;

use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

const EXAMPLE: &str = "examples/brightline";

fn score(dir: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "score",
            dir,
            "--as-of",
            common::AS_OF,
            "--no-config",
            "--quiet",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fell_short(rule: &Value) -> bool {
    matches!(rule["status"].as_str(), Some("partial" | "fail"))
}

#[test]
fn short_detail_keeps_only_the_rules_an_account_fell_short_on() {
    let full: Value = serde_json::from_str(&score(EXAMPLE, &["--format", "json"])).unwrap();
    let short: Value =
        serde_json::from_str(&score(EXAMPLE, &["--format", "json", "--detail", "short"])).unwrap();
    assert_eq!(full.get("detail"), None, "the default writes every rule");
    assert_eq!(short["detail"], "short");
    assert_conforms("urn:rapport:report:1", &short);

    let (fa, sa) = (
        full["accounts"].as_array().unwrap(),
        short["accounts"].as_array().unwrap(),
    );
    assert_eq!(fa.len(), sa.len());
    let (mut kept, mut dropped) = (0, 0);
    for (f, s) in fa.iter().zip(sa) {
        let want: Vec<&Value> = f["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| fell_short(r))
            .collect();
        let got: Vec<&Value> = s["rules"].as_array().unwrap().iter().collect();
        assert_eq!(want, got, "{}: the rules it fell short on", f["id"]);
        kept += got.len();
        dropped += f["rules"].as_array().unwrap().len() - got.len();
        // Everything else is the same.
        let (mut f, mut s) = (f.clone(), s.clone());
        f["rules"] = Value::Null;
        s["rules"] = Value::Null;
        assert_eq!(f, s);
    }
    assert!(kept > 0 && dropped > 0, "kept {kept}, dropped {dropped}");
    let (mut f, mut s) = (full.clone(), short.clone());
    for r in [&mut f, &mut s] {
        let o = r.as_object_mut().unwrap();
        o.remove("accounts");
        o.remove("detail");
    }
    assert_eq!(f, s, "the report around the accounts");
}

#[test]
fn short_ndjson_lines_say_so_and_conform() {
    let full = score(EXAMPLE, &["--format", "ndjson"]);
    let short = score(EXAMPLE, &["--format", "ndjson", "--detail", "short"]);
    assert_eq!(full.lines().count(), short.lines().count());
    for (f, s) in full.lines().zip(short.lines()) {
        let (f, s): (Value, Value) = (
            serde_json::from_str(f).unwrap(),
            serde_json::from_str(s).unwrap(),
        );
        assert_eq!(f.get("detail"), None);
        assert_eq!(s["detail"], "short");
        assert!(s["rules"].as_array().unwrap().iter().all(fell_short));
        assert_eq!(f["score"], s["score"]);
        assert_eq!(f["actions"], s["actions"]);
        assert_conforms("urn:rapport:account:1", &s);
    }
}

#[test]
fn the_html_report_of_a_large_portfolio_shows_the_worst_and_says_where_the_rest_are() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    let out = Process::new(common::generator(dir.path()))
        .args(["--accounts", "120"])
        .arg(&export)
        .output()
        .unwrap();
    assert!(out.status.success(), "gen failed");
    let export = export.display().to_string();
    let sections = |html: &str| html.matches("<section class=\"account\" id=\"a-").count();

    // One CSV row per account, worst first.
    let csv = score(&export, &["--format", "csv"]);
    let total = csv.lines().count() - 1;
    assert!(total > 100, "{total} accounts");

    let html = score(&export, &["--format", "html", "--html-accounts", "7"]);
    assert_eq!(sections(&html), 7);
    assert!(
        html.contains(&format!("The 7 worst of {total} accounts")),
        "the note"
    );
    assert!(html.contains("--format csv"), "where the rest are");
    assert!(html.trim_end().ends_with("</html>"));
    // The worst seven are the first seven of the CSV report.
    for line in csv.lines().skip(1).take(7) {
        let id = line.split(',').next().unwrap();
        assert!(html.contains(&format!("id=\"a-{id}\"")), "{id}");
    }

    // Every link to an account lands on its section, or on the note saying
    // where the accounts without one are (the week's actions reach past the
    // worst seven).
    let mut rest = html.as_str();
    let mut past_worst = 0;
    while let Some(at) = rest.find("href=\"#") {
        rest = &rest[at + 7..];
        let target = &rest[..rest.find('"').unwrap()];
        if target == "more-accounts" {
            past_worst += 1;
        } else {
            assert!(
                html.contains(&format!("id=\"{target}\"")),
                "dangling #{target}"
            );
        }
    }
    assert!(
        past_worst > 0,
        "some linked account has no section of its own"
    );

    let all = score(&export, &["--format", "html", "--html-accounts", "500"]);
    assert_eq!(sections(&all), total);
    assert!(!all.contains("more-accounts"));
    let none = score(&export, &["--format", "html", "--html-accounts", "0"]);
    assert_eq!(sections(&none), 0);
    assert!(none.contains(&format!("The 0 worst of {total} accounts")));
}
