//! With two or more threads the pass parses files on a reader thread ahead of the
//! fold. Whatever the number, every output must be byte for byte the same.

use crate::common;

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

/// Runs rapport with `--threads n` and the given arguments; returns the exit
/// code, stdout, stderr and the rejects file.
fn run(dir: &Path, n: usize, args: &[&str]) -> (Option<i32>, String, String, String) {
    let rejects = dir.join(format!("rejects-{n}.csv"));
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.args(args)
        .args(["--as-of", common::AS_OF, "--threads", &n.to_string()]);
    if args[0] == "score" {
        cmd.arg("--rejects").arg(&rejects);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        std::fs::read_to_string(&rejects).unwrap_or_default(),
    )
}

/// The same run on one, two and four threads gives the same everything.
fn same_on_any_threads(dir: &Path, args: &[&str]) -> (Option<i32>, String, String, String) {
    let one = run(dir, 1, args);
    for n in [2, 4] {
        let other = run(dir, n, args);
        assert_eq!(one.0, other.0, "exit code with {n} threads: {args:?}");
        assert_eq!(one.1, other.1, "stdout with {n} threads: {args:?}");
        assert_eq!(one.2, other.2, "stderr with {n} threads: {args:?}");
        assert_eq!(one.3, other.3, "rejects with {n} threads: {args:?}");
    }
    one
}

fn generated(dir: &Path, accounts: usize) -> String {
    let export = dir.join("export");
    let status = Process::new(common::generator(dir))
        .args(["--accounts", &accounts.to_string()])
        .arg(&export)
        .output()
        .unwrap();
    assert!(status.status.success(), "gen failed");
    export.display().to_string()
}

#[test]
fn a_generated_export_scores_the_same_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    // Enough rows for many batches per activities file.
    let export = generated(dir.path(), 400);
    for format in ["json", "csv", "table"] {
        let (code, stdout, _, rejects) =
            same_on_any_threads(dir.path(), &["score", &export, "--format", format]);
        assert_eq!(code, Some(0));
        assert!(stdout.len() > 10_000, "{format}: {} bytes", stdout.len());
        assert!(
            rejects.lines().count() > 10,
            "the generated export has rejected rows"
        );
    }
}

#[test]
fn explain_traces_the_same_rows_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let export = generated(dir.path(), 120);
    let (code, stdout, _, _) = same_on_any_threads(
        dir.path(),
        &["explain", &export, "--account", "001000000000007AAA"],
    );
    assert_eq!(code, Some(0));
    assert!(stdout.contains("rows: "), "{stdout}");
}

/// A hostile activities file: rows after a quote that is never closed, past the
/// record size limit, beside a valid export.
fn hostile(dir: &Path) -> String {
    let export = common::Export::standard();
    let path = dir.join("hostile");
    std::fs::create_dir(&path).unwrap();
    for entry in std::fs::read_dir(export.path()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), path.join(entry.file_name())).unwrap();
    }
    let mut tasks = String::from(common::TASKS);
    for i in 0..8000 {
        let description = if i < 2000 { "\"a, b\"" } else { "a b" };
        tasks.push_str(&format!(
            "H{i},C1,A1,Call {i},2026-06-{:02},true,,{description}\n",
            1 + i % 28
        ));
        if i == 1000 {
            tasks.push_str(&format!(
                "long,C1,A1,Call,2026-06-01,true,,{}\n",
                "x".repeat(4096)
            ));
        }
        if i == 3000 {
            tasks.push_str("bad,C1,A1,Call,2026-06-01,true,,\"never closed\n");
        }
    }
    std::fs::write(path.join("Task.csv"), tasks).unwrap();
    path.display().to_string()
}

#[test]
fn rejected_and_runaway_records_are_reported_the_same_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let export = hostile(dir.path());
    let (code, _, _, rejects) = same_on_any_threads(
        dir.path(),
        &[
            "score",
            &export,
            "--format",
            "json",
            "--max-record-size",
            "2048",
        ],
    );
    assert_eq!(code, Some(0));
    assert!(
        rejects.contains("over the limit of 2048 bytes"),
        "{rejects}"
    );
    assert!(
        rejects.contains("a quote opened on this line is still open"),
        "{rejects}"
    );
}

#[test]
fn strict_stops_at_the_same_row_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let export = generated(dir.path(), 200);
    let (code, _, stderr, _) = same_on_any_threads(dir.path(), &["score", &export, "--strict"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--strict stops at the first rejected row"),
        "{stderr}"
    );
}

/// An export of `n` customer accounts and nothing else, in `dir/export`.
fn accounts_only(dir: &Path, n: usize) -> std::path::PathBuf {
    let export = dir.join("export");
    std::fs::create_dir(&export).unwrap();
    let mut accounts = String::from("Id,Name,Type,CreatedDate\n");
    for i in 0..n {
        // Created on different days, so the accounts do not all tie.
        let day = 1 + i % 28;
        accounts.push_str(&format!(
            "A{i:05},Account {i},Customer,2025-0{}-{day:02}\n",
            1 + i % 9
        ));
    }
    std::fs::write(export.join("Account.csv"), accounts).unwrap();
    export
}

#[test]
fn reports_of_many_runs_of_accounts_come_out_in_order_on_any_number_of_threads() {
    // Accounts are rendered 1,024 at a time, the next run while one is
    // written: 2,600 accounts make three runs, and their order must hold.
    let dir = tempfile::tempdir().unwrap();
    let export = accounts_only(dir.path(), 2600).display().to_string();
    for format in ["json", "ndjson", "csv"] {
        let (code, stdout, _, _) =
            same_on_any_threads(dir.path(), &["score", &export, "--format", format]);
        assert_eq!(code, Some(0));
        let ids = stdout.matches("A0").count();
        assert!(ids >= 2600, "{format}: {ids} account ids");
    }
}

#[test]
fn a_report_that_cannot_be_written_stops_with_an_error_on_any_number_of_threads() {
    // The write of a run fails while the next is being rendered: the run
    // stops with an error (no hang, no panic) whatever the threads.
    let dir = tempfile::tempdir().unwrap();
    let export = accounts_only(dir.path(), 3000);
    for threads in ["1", "2"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("rapport"))
            .arg("score")
            .arg(&export)
            .args(["--as-of", common::AS_OF, "--format", "json"])
            .args(["--threads", threads])
            .stdout(full)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > std::time::Duration::from_secs(60) {
                child.kill().unwrap();
                panic!("threads {threads}: still running after 60 s");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "threads {threads}: {stderr}");
        assert!(stderr.contains("space"), "threads {threads}: {stderr}");
    }
}
