//! The rule file follows the export: a rapport.toml beside the data (or above
//! it) is used from any working folder, before one in the current folder, and
//! every format names the file used.

use std::path::Path;

use assert_cmd::Command;

use crate::common::AS_OF;

/// A copy of the bundled example's accounts and tasks in `dir`.
fn export_in(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    for name in ["Account.csv", "Task.csv"] {
        std::fs::copy(example.join(name), dir.join(name)).unwrap();
    }
}

/// A rule file: the built-in rules, under a comment naming whose it is.
fn rules_naming(client: &str) -> String {
    format!("# {client}\nextends = \"default\"\n")
}

fn score(cwd: &Path, export: &Path, format: &str) -> (String, String) {
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .current_dir(cwd)
        .args(["score", "--as-of", AS_OF, "--format", format])
        .arg(export)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_rule_file_beside_the_export_wins_from_any_folder() {
    let root = tempfile::tempdir().unwrap();
    let client = root.path().join("clients/acme");
    let export = client.join("export-2026-06");
    export_in(&export);
    // The client's rule file sits one folder above the export.
    std::fs::write(client.join("rapport.toml"), rules_naming("acme-low")).unwrap();
    // Another client's file in the folder the command is run from.
    let elsewhere = root.path().join("work/other-client");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("rapport.toml"), rules_naming("other-low")).unwrap();

    let expected = client
        .join("rapport.toml")
        .canonicalize()
        .unwrap()
        .display()
        .to_string();
    let (json, stderr) = score(&elsewhere, &export, "json");
    assert!(
        stderr.contains(&format!("rules: {expected}")),
        "stderr names the rule file:\n{stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let source = report["rules"]["source"].as_str().unwrap_or("");
    assert_eq!(source, format!("{expected} (extends built-in:default)"));

    for format in ["table", "markdown", "html"] {
        let (page, _) = score(&elsewhere, &export, format);
        assert!(page.contains(&expected), "{format} names the rule file");
    }
}

#[test]
fn without_one_beside_the_export_the_current_folder_is_used() {
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("data/export");
    export_in(&export);
    let cwd = root.path().join("work");
    std::fs::create_dir_all(&cwd).unwrap();
    std::fs::write(cwd.join("rapport.toml"), rules_naming("here-low")).unwrap();
    let (json, stderr) = score(&cwd, &export, "json");
    let expected = cwd.join("rapport.toml").canonicalize().unwrap();
    assert!(stderr.contains("rules: "), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let source = report["rules"]["source"].as_str().unwrap_or("");
    assert!(
        source.starts_with(&format!("{} ", expected.display())),
        "{source}"
    );

    // --no-config: the built-in rules, and nothing said about a file.
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .current_dir(&cwd)
        .args(["score", "--as-of", AS_OF, "--no-config", "-q"])
        .arg(&export)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("rules: built-in:default"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_takes_quiet_and_color() {
    let root = tempfile::tempdir().unwrap();
    let export = root.path().join("export");
    export_in(&export);
    std::fs::write(export.join("rapport.toml"), rules_naming("low")).unwrap();
    let churned = root.path().join("churned.csv");
    std::fs::write(&churned, "Id\n001BL000000000001A\n").unwrap();
    let churned = churned.to_str().unwrap();
    for args in [
        &["inspect", "-q"][..],
        &[
            "explain",
            "--account",
            "Harborview",
            "--quiet",
            "--color",
            "never",
        ][..],
        &["backtest", "--churned", churned, "-q"][..],
    ] {
        let out = Command::cargo_bin("rapport")
            .unwrap()
            .current_dir(root.path())
            .args(args)
            .arg(&export)
            .args(["--as-of", AS_OF])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} is quiet: {stderr}");
    }
}
