//! Shell completions and the manual page, generated from the clap definitions,
//! name every subcommand; `--version` names the build.

use assert_cmd::Command;
use clap::CommandFactory;

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

/// The subcommands a user can type, from the definitions themselves.
fn subcommands() -> Vec<String> {
    rapport::cli::Cli::command()
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect()
}

fn output_of(args: &[&str]) -> String {
    let out = rapport().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "rapport {}: {}\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_name_every_subcommand_in_each_shell() {
    let names = subcommands();
    assert!(names.len() >= 10, "{names:?}");
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = output_of(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} completion lacks `{name}`"
            );
        }
        // A flag of one subcommand, so it is more than the list of names.
        assert!(
            script.contains("fail-on-band"),
            "{shell} lacks score's flags"
        );
    }
}

#[test]
fn the_man_page_documents_every_subcommand_and_its_flags() {
    let page = output_of(&["man"]);
    assert!(page.starts_with(".ie") || page.contains(".TH"), "{page}");
    assert!(page.contains(".TH rapport 1"), "a section 1 title:\n{page}");
    for name in subcommands() {
        let heading = format!(".SH \"RAPPORT {}\"", name.to_uppercase());
        assert!(page.contains(&heading), "the page lacks {heading}");
    }
    for flag in ["fail\\-on\\-band", "dialect", "churned", "no\\-config"] {
        assert!(page.contains(flag), "the page lacks {flag}");
    }
}

#[test]
fn completions_and_the_man_page_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rapport.1");
    rapport()
        .args(["man", "-o"])
        .arg(&page)
        .assert()
        .success()
        .stdout("");
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .contains(".TH rapport")
    );
    let script = dir.path().join("rapport.bash");
    rapport()
        .args(["completions", "bash", "--output"])
        .arg(&script)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&script)
            .unwrap()
            .contains("complete")
    );
}

#[test]
fn version_names_the_commit_of_a_checkout() {
    let text = output_of(&["--version"]);
    let version = env!("CARGO_PKG_VERSION");
    assert!(text.starts_with(&format!("rapport {version}")), "{text}");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // The build names a commit only when the crate is the checkout's top.
    let top = git(&["rev-parse", "--show-toplevel"])
        .and_then(|t| std::path::Path::new(&t).canonicalize().ok());
    let own = top
        == std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .canonicalize()
            .ok();
    let in_checkout = git(&["rev-parse", "--short=12", "HEAD"]).filter(|_| own);
    match in_checkout {
        // The build script watches HEAD, so the binary names this very commit.
        Some(commit) => assert!(text.contains(&format!("(commit {commit})")), "{text}"),
        None => assert_eq!(text.trim(), format!("rapport {version}")),
    }
}
