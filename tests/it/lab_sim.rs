//! The lab's simulator (examples/sim.rs): the same seed writes the same files, and
//! rapport recognises every file it writes and uses nearly every row.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

#[allow(dead_code)]
#[path = "../../examples/sim.rs"]
mod sim;

fn simulate(dir: &Path, seed: u64, form: sim::Form) {
    sim::run(&sim::Args {
        seed,
        accounts: 300,
        form,
        as_of: sim::days_from_civil(2026, 6, 30),
        truth: Some(dir.join("truth")),
        out_dir: dir.join("export"),
    })
    .expect("the simulator writes its files");
}

/// Every file under `dir`, by name, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for sub in ["export", "truth"] {
        for entry in fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            let name = format!("{sub}/{}", path.file_name().unwrap().to_string_lossy());
            out.push((name, fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn the_same_seed_writes_the_same_export_and_truth() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    simulate(a.path(), 7, sim::Form::Salesforce);
    simulate(b.path(), 7, sim::Form::Salesforce);
    simulate(c.path(), 8, sim::Form::Salesforce);
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert_eq!(fa.len(), 9, "seven export files and two truth files");
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{name} differs between two runs of seed 7");
    }
    assert_ne!(fa, fc, "seeds 7 and 8 wrote the same files");
}

/// Scores the export and checks that every file was recognised and at most one
/// row in a thousand was rejected.
fn assert_read_whole(dir: &Path, files_expected: usize) {
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .arg("score")
        .arg(dir.join("export"))
        .args(["--no-config", "--as-of", "2026-06-30", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "rapport failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let inputs = report["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), files_expected);
    let (mut rows, mut rejected) = (0, 0);
    for input in inputs {
        assert!(!input["table"].is_null(), "not recognised: {input}");
        rows += input["rows"].as_u64().unwrap();
        rejected += input["rejected"].as_u64().unwrap();
    }
    assert!(rows > 5_000, "only {rows} rows for 300 accounts");
    assert!(
        rejected * 1000 <= rows,
        "{rejected} of {rows} rows rejected"
    );
    let truth = fs::read_to_string(dir.join("truth/accounts.csv")).unwrap();
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), truth.lines().count() - 1);
    for a in accounts {
        let id = a["id"].as_str().unwrap();
        assert!(
            truth.contains(&format!("{id},")),
            "{id} is not in the truth"
        );
    }
}

#[test]
fn rapport_reads_the_salesforce_form_whole() {
    let dir = tempfile::tempdir().unwrap();
    simulate(dir.path(), 7, sim::Form::Salesforce);
    assert_read_whole(dir.path(), 7);
}

#[test]
fn rapport_reads_the_hubspot_form_whole() {
    let dir = tempfile::tempdir().unwrap();
    simulate(dir.path(), 7, sim::Form::Hubspot);
    assert_read_whole(dir.path(), 8);
}

#[test]
fn the_truth_names_a_segment_for_every_account_and_a_rule_for_every_story() {
    let dir = tempfile::tempdir().unwrap();
    simulate(dir.path(), 7, sim::Form::Salesforce);
    let truth = fs::read_to_string(dir.path().join("truth/accounts.csv")).unwrap();
    let mut prospects = 0;
    for line in truth.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 7, "{line}");
        match f[1] {
            "customer" => assert!(f[2].parse::<f64>().is_ok_and(|l| (0.0..=1.0).contains(&l))),
            "prospect" => {
                prospects += 1;
                assert!(
                    f[2].is_empty() && f[4].is_empty() && f[6] == "false",
                    "{line}"
                );
            }
            other => panic!("segment {other}"),
        }
        assert_eq!(f[4].is_empty(), f[5].is_empty(), "{line}");
    }
    assert!(
        (15..=60).contains(&prospects),
        "{prospects} prospects of 300"
    );
}
