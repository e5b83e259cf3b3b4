//! Shared fixtures: a small hand-written export in a fresh temp folder.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rapport::ingest::values::{day_of, parse_timestamp};
use rapport::report::{AccountReport, ReportData as Report, RuleReport};
use rapport::spec::RuleSet;

pub const AS_OF: &str = "2026-06-30";

pub fn as_of_day() -> i64 {
    day_of(parse_timestamp(AS_OF.as_bytes()).unwrap())
}

pub const ACCOUNTS: &str = "\
Id,Name,Type
A1,Acme Tools,Customer - Direct
A2,Beta Labs,Prospect
";

pub const CONTACTS: &str = "\
Id,AccountId,FirstName,LastName,Title
C1,A1,Ann,Byers,CFO
C2,A1,Gus,Gale,Executive Assistant
C3,A2,Bob,Stone,Engineer
";

pub const TASKS: &str = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType,Description
T1,C1,A1,Quarterly business review,2026-06-20,true,Outbound,\"Agenda: pricing, roadmap. Next step: send quote\"
T2,C2,A1,Call,2026-05-01,true,Inbound,
T3,C1,A1,Golf outing,2026-03-01,true,,
T4,C1,A1,Follow up,2025-01-10,true,,
T5,C1,A1,Send proposal,2026-06-01,false,,
T6,C3,A2,Intro call,2026-06-25,true,Outbound,
T7,,X9,Lost call,2026-06-25,true,,
T8,C1,A1,Planned visit,2026-07-15,false,,
";

pub const CASES: &str = "\
Id,AccountId,ContactId,CaseNumber,Subject,Status,IsClosed,CreatedDate,ClosedDate,First_Response__c
K1,A1,C1,001,Late delivery complaint,Closed,true,2026-06-01T09:00:00.000+0000,2026-06-01T20:00:00.000+0000,2026-06-01T10:00:00.000+0000
K2,A1,C2,002,Invoice question,Closed,true,2026-05-10T09:00:00.000+0000,2026-05-13T09:00:00.000+0000,2026-05-10T15:00:00.000+0000
K3,A1,C1,003,Rude agent complaint,New,false,2026-06-20T00:00:00.000+0000,,
";

/// A temp folder holding the given files.
pub struct Export {
    pub dir: tempfile::TempDir,
}

impl Export {
    pub fn new(files: &[(&str, &str)]) -> Export {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        Export { dir }
    }

    /// The small standard export: accounts, contacts, tasks, cases.
    pub fn standard() -> Export {
        Export::new(&[
            ("Account.csv", ACCOUNTS),
            ("Contact.csv", CONTACTS),
            ("Task.csv", TASKS),
            ("Case.csv", CASES),
        ])
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn score(&self, rules: &RuleSet) -> Report {
        rapport::analyse_paths(rules, as_of_day(), &[self.path().to_path_buf()]).unwrap()
    }
}

/// A rule set extending the default with one extra rule `probe` over `metric`.
pub fn probe_rules(metric: &str) -> RuleSet {
    probe_rules_with(metric, "")
}

/// [`probe_rules`] with more settings of the probe rule (TOML lines).
pub fn probe_rules_with(metric: &str, settings: &str) -> RuleSet {
    let text = format!(
        "extends = \"default\"\n\n[[rule]]\nid = \"probe\"\nelement = \"test\"\ntitle = \"probe\"\n\
         metric = {metric}\ncurve = {{ better = \"higher\", full = 1000, zero = 0 }}\nweight = 1\n\
         action = \"probe {{value}}\"\n{settings}"
    );
    RuleSet::from_text("probe.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

pub fn account<'r>(report: &'r Report, id: &str) -> &'r AccountReport {
    report
        .accounts
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no account {id} in the report"))
}

pub fn rule<'r>(report: &'r Report, account_id: &str, rule: &str) -> &'r RuleReport {
    let a = account(report, account_id);
    a.rules
        .iter()
        .find(|r| r.id == rule)
        .unwrap_or_else(|| panic!("no rule {rule} for {account_id}: {:#?}", a.rules))
}

/// The value of rule `probe` for an account of the standard export.
pub fn probe(metric: &str, account_id: &str) -> Option<f64> {
    let report = Export::standard().score(&probe_rules(metric));
    rule(&report, account_id, "probe").value
}

/// The generator example, as `cargo test` built it, else compiled with rustc.
pub fn generator(dir: &Path) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let built = exe.parent().and_then(Path::parent).map(|d| {
        d.join("examples")
            .join(format!("gen{}", std::env::consts::EXE_SUFFIX))
    });
    if let Some(path) = built.filter(|p| p.is_file()) {
        return path;
    }
    let out = dir.join("gen");
    let status = std::process::Command::new("rustc")
        .args(["-O", "--edition", "2021", "-o"])
        .arg(&out)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gen.rs"))
        .status()
        .unwrap();
    assert!(status.success(), "cannot build examples/gen.rs");
    out
}

/// Whether this is a CI run (`CI` set, and neither empty nor "false"), where no
/// test may pass by skipping.
pub fn in_ci() -> bool {
    ci_from(std::env::var("CI").ok().as_deref())
}

fn ci_from(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "false")
}

#[test]
fn ci_is_any_value_of_ci_but_empty_and_false() {
    assert!(ci_from(Some("true")) && ci_from(Some("1")) && ci_from(Some("yes")));
    assert!(!ci_from(None) && !ci_from(Some("")) && !ci_from(Some("false")));
}

/// Fails unless the run `what` succeeded, showing what it printed.
pub fn succeeded(what: &str, out: &std::process::Output) {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The stdout of a run of rapport that must succeed.
pub fn stdout_of(out: std::process::Output) -> Vec<u8> {
    succeeded("rapport", &out);
    out.stdout
}

/// For a test that cannot run without `tool`: fails under CI; elsewhere says on
/// the terminal (past the test harness, which hides a passing test's output)
/// that the test did not run and why. The caller returns after it.
pub fn missing_tool(tool: &str, install: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    assert!(
        !in_ci(),
        "{test}: {tool} is missing, and under CI no test may skip ({install})"
    );
    let _ = writeln!(
        std::io::stderr().lock(),
        "\n*** SKIPPED {test}: {tool} is missing ({install}); under CI=true this fails ***\n"
    );
}

/// The first Python that can import every one of `modules`: the one
/// `RAPPORT_PYTHON` names, else the virtualenv `.ci/run` makes in
/// `target/ci-python`, else `python3`. The caller says what a missing one means.
pub fn python_importing(modules: &[&str]) -> Option<PathBuf> {
    let candidates = match std::env::var_os("RAPPORT_PYTHON") {
        Some(p) if !p.is_empty() => vec![PathBuf::from(p)],
        _ => vec![
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-python/bin/python"),
            PathBuf::from("python3"),
        ],
    };
    let import = format!("import {}", modules.join(", "));
    candidates.into_iter().find(|python| {
        std::process::Command::new(python)
            .args(["-c", &import])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Lookups in a report or `inspect` read back as JSON, each failing with what
/// it looked for.
pub mod json {
    use serde_json::Value;

    /// The `inspect` entry of the file whose path ends in `name`.
    pub fn file<'v>(inspected: &'v Value, name: &str) -> &'v Value {
        inspected["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("no {name} in {inspected:#}"))
    }

    /// The account of id `id`.
    pub fn account<'v>(report: &'v Value, id: &str) -> &'v Value {
        report["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no account {id}"))
    }

    /// The rule `id` of an account.
    pub fn rule<'v>(account: &'v Value, id: &str) -> &'v Value {
        account["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id} for {}", account["id"]))
    }

    /// The value of rule `rule` for account `account`.
    pub fn rule_value(report: &Value, account_id: &str, rule_id: &str) -> Value {
        rule(account(report, account_id), rule_id)["value"].clone()
    }

    /// The ids of the rules not assessed on the export.
    pub fn not_assessed(report: &Value) -> Vec<String> {
        report["not_assessed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["rule"].as_str().unwrap().to_string())
            .collect()
    }
}
