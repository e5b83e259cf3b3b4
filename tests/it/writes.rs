//! Outputs as a hostile or careless user would try them: links planted in a
//! shared folder, outputs that name an input or each other, streams closed
//! early, inputs without end, killed and failed runs. Each test fails if its
//! protection is removed.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::common::{self, AS_OF, Export};

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR").timeout(Duration::from_secs(60));
    cmd
}

fn score(export: &Export) -> Command {
    let mut cmd = rapport();
    cmd.current_dir(export.path())
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config"]);
    cmd
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// An export with a task row of the wrong width, so there is a reject.
fn export_with_a_reject() -> Export {
    let tasks = format!(
        "{}T9,C1,A1,too,many,fields,here,and,more,still\n",
        common::TASKS
    );
    Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Task.csv", &tasks),
    ])
}

#[test]
fn a_link_planted_at_a_temporary_name_is_never_followed() {
    let shared = tempfile::tempdir().unwrap();
    let victim = shared.path().join("victim");
    std::fs::write(&victim, "root's secret").unwrap();
    // The name the writer used to take: fixed but for the process id.
    let planted = shared
        .path()
        .join(format!(".report.json.rapport-{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    let report = shared.path().join("report.json");
    rapport::output::write_atomically(&report, |w| w.write_all(b"{}")).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "root's secret");
    let meta = std::fs::symlink_metadata(&report).unwrap();
    assert!(meta.is_file(), "the report is a file, not the planted link");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "{}");
}

#[test]
fn while_an_output_is_written_nothing_else_is_named_in_its_folder() {
    // What a killed run (kill -9, power loss) would leave behind.
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    std::fs::write(&report, "last week").unwrap();
    let mut seen = Vec::new();
    rapport::output::write_atomically(&report, |w| {
        w.write_all(b"this week")?;
        w.flush()?;
        seen = names_in(dir.path());
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, ["report.json"], "nothing for a killed run to leave");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "this week");
}

#[test]
fn rejects_naming_a_hard_link_to_an_input_is_refused() {
    let export = Export::standard();
    let elsewhere = tempfile::tempdir().unwrap();
    let alias = elsewhere.path().join("alias.csv");
    std::fs::hard_link(export.file("Task.csv"), &alias).unwrap();
    score(&export)
        .arg("--rejects")
        .arg(&alias)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the same file as the input"));
    assert_eq!(
        std::fs::read_to_string(export.file("Task.csv")).unwrap(),
        common::TASKS
    );
}

#[test]
fn an_output_naming_the_rules_baseline_or_key_accounts_is_refused() {
    let export = Export::standard();
    let files = tempfile::tempdir().unwrap();
    let rules = files.path().join("rules.toml");
    std::fs::write(&rules, "extends = \"default\"\n# hand-tuned\n").unwrap();
    let key = files.path().join("key.txt");
    std::fs::write(&key, "A1\n").unwrap();
    let baseline = files.path().join("baseline.json");
    score(&export)
        .args(["--format", "json", "--quiet", "-o"])
        .arg(&baseline)
        .assert()
        .success();
    let kept = std::fs::read(&baseline).unwrap();
    for (input_flag, input) in [
        ("--rules", &rules),
        ("--baseline", &baseline),
        ("--key-accounts", &key),
    ] {
        let before = std::fs::read(input).unwrap();
        for output_flag in ["--output", "--tasks", "--rejects"] {
            score(&export)
                .arg("--quiet")
                .arg(input_flag)
                .arg(input)
                .arg(output_flag)
                .arg(input)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(input_flag))
                .stderr(predicate::str::contains(output_flag));
            assert_eq!(
                std::fs::read(input).unwrap(),
                before,
                "{output_flag} {input_flag}"
            );
        }
    }
    assert_eq!(std::fs::read(&baseline).unwrap(), kept);
}

#[test]
fn a_discovered_rapport_toml_is_never_an_output() {
    let export = Export::standard();
    let config = export.file("rapport.toml");
    std::fs::write(&config, "extends = \"default\"\n").unwrap();
    rapport()
        .current_dir(export.path())
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--quiet", "-o", "rapport.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--rules"));
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "extends = \"default\"\n"
    );
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let export = Export::standard();
    score(&export)
        .args(["--quiet", "-o", "out.csv", "--tasks", "./out.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("are the same file"));
    assert!(!export.file("out.csv").exists(), "nothing is written");
}

#[test]
fn a_closed_stderr_still_writes_the_report() {
    let export = export_with_a_reject();
    let report = export.file("out.json");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rapport"))
        .current_dir(export.path())
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "--format", "json", "-o"])
        .arg(&report)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert!(json["accounts"].is_array());
}

#[test]
fn a_closed_stdout_still_writes_tasks_and_rejects() {
    let export = export_with_a_reject();
    let tasks = export.file("tasks.csv");
    let rejects = export.file("rejects.csv");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rapport"))
        .current_dir(export.path())
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "--quiet", "--tasks"])
        .arg(&tasks)
        .arg("--rejects")
        .arg(&rejects)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(std::fs::read_to_string(&tasks).unwrap().lines().count() > 1);
    assert!(std::fs::read_to_string(&rejects).unwrap().lines().count() > 1);
}

#[test]
fn stderr_that_cannot_be_written_never_panics() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let export = export_with_a_reject();
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("rapport"))
        .current_dir(export.path())
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "-o", "out.txt"])
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(export.file("out.txt").exists());
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("rapport"))
        .args(["score", "/nonexistent/export"])
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2), "an error, not a panic (101)");
}

#[test]
fn rule_files_baselines_and_key_accounts_are_read_to_a_limit_whatever_their_source() {
    let export = Export::standard();
    for flag in ["--rules", "--baseline", "--key-accounts"] {
        score(&export)
            .args(["--quiet", flag, "/dev/zero"])
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("bytes"));
    }
    // A rule file from a pipe is counted as it is read.
    let big = "# padding\n".repeat(500_000);
    score(&export)
        .args(["--quiet", "--rules", "/dev/stdin"])
        .write_stdin(format!("extends = \"default\"\n{big}"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("up to 4194304 bytes"));
}

#[test]
fn rejects_replace_a_file_not_a_link_target_and_only_on_success() {
    let export = export_with_a_reject();
    let victim = export.file("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = export.file("link.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    score(&export)
        .args(["--quiet", "--rejects"])
        .arg(&link)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_file());
    assert!(
        std::fs::read_to_string(&link)
            .unwrap()
            .starts_with("file,line")
    );

    // A run that fails keeps last week's rejects, and leaves nothing beside them.
    let rejects = export.file("rejects.csv");
    std::fs::write(&rejects, "last week").unwrap();
    let before = names_in(export.path());
    score(&export)
        .args(["--quiet", "--strict", "--rejects"])
        .arg(&rejects)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&rejects).unwrap(), "last week");
    assert_eq!(names_in(export.path()), before);
}

#[test]
fn a_replaced_output_keeps_its_permissions() {
    let export = export_with_a_reject();
    for flag in ["-o", "--tasks", "--rejects"] {
        let path = export.file(&format!("private{flag}.csv"));
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        score(&export)
            .arg("--quiet")
            .arg(flag)
            .arg(&path)
            .assert()
            .success();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{flag}");
        assert_ne!(std::fs::read_to_string(&path).unwrap(), "old");
    }
}

#[test]
fn the_rejects_csv_neutralises_formulas() {
    let export = export_with_a_reject();
    let formula = "=HYPERLINK(1).csv";
    std::fs::rename(export.file("Task.csv"), export.file(formula)).unwrap();
    rapport()
        .current_dir(export.path())
        .args(["score", "Account.csv", "Contact.csv", formula])
        .args([
            "--as-of",
            AS_OF,
            "--no-config",
            "--quiet",
            "--rejects",
            "r.csv",
        ])
        .assert()
        .success();
    let text = std::fs::read_to_string(export.file("r.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let first: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect();
    assert!(!first.is_empty(), "{text}");
    assert!(
        first.iter().all(|f| f == &format!("'{formula}")),
        "{first:?}"
    );
}

#[test]
fn init_never_writes_over_an_input() {
    let export = Export::standard();
    rapport()
        .arg("init")
        .arg(export.path())
        .arg("--output")
        .arg(export.file("Task.csv"))
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(export.file("Task.csv")).unwrap(),
        common::TASKS
    );
}

#[test]
fn a_baseline_score_out_of_range_or_a_repeated_id_is_an_error_with_its_line() {
    let export = Export::standard();
    let baseline = export.file("base.json");
    score(&export)
        .args(["--format", "json", "--quiet", "-o"])
        .arg(&baseline)
        .assert()
        .success();
    let good: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();

    let mut huge = good.clone();
    huge["accounts"][0]["score"] = serde_json::json!(1e308);
    std::fs::write(&baseline, serde_json::to_string_pretty(&huge).unwrap()).unwrap();
    score(&export)
        .args(["--quiet", "--format", "csv", "--baseline"])
        .arg(&baseline)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("between 0 and 100"))
        .stderr(predicate::str::contains("line"));

    let mut twice = good.clone();
    let first = twice["accounts"][0].clone();
    twice["accounts"].as_array_mut().unwrap().push(first);
    std::fs::write(&baseline, serde_json::to_string_pretty(&twice).unwrap()).unwrap();
    score(&export)
        .args(["--quiet", "--baseline"])
        .arg(&baseline)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than once"))
        .stderr(predicate::str::contains("line"));
}
