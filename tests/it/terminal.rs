//! What a person at a terminal sees: colour only on a terminal (unless
//! `NO_COLOR` or `--color never`; `--color always` into a pipe is tested in
//! reports), and a progress bar on a long run only when stderr is a terminal. Run under a pseudo-terminal made by util-linux
//! `script`, which Debian installs everywhere (package bsdutils).

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{self, AS_OF};

const EXAMPLE: &str = "examples/brightline";

/// `script`, if there is one; says so (and fails under CI) when there is not.
fn have_script() -> bool {
    let found = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        common::missing_tool("util-linux script", "apt-get install bsdutils");
    }
    found
}

/// A word for `sh -c`, quoted.
fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Runs `rapport ARGS` with stdout and stderr on a pseudo-terminal (the output
/// of `script`), then `redirect` for the shell (such as `2>FILE`).
fn on_terminal(args: &[&str], redirect: &str, env: &[(&str, &str)]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("rapport");
    let mut line = quoted(bin.to_str().unwrap());
    for a in args {
        line.push(' ');
        line.push_str(&quoted(a));
    }
    line.push(' ');
    line.push_str(redirect);
    let mut cmd = Command::new("script");
    cmd.args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{line}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn table_on_terminal(extra: &[&str], env: &[(&str, &str)]) -> String {
    let args = [
        &["score", EXAMPLE, "--as-of", AS_OF, "--no-config", "--quiet"],
        extra,
    ]
    .concat();
    String::from_utf8_lossy(&on_terminal(&args, "", env).stdout).into_owned()
}

#[test]
fn the_table_is_coloured_on_a_terminal_unless_told_not_to() {
    if !have_script() {
        return;
    }
    let plain_words = "Tidewater Construction";
    let coloured = table_on_terminal(&[], &[]);
    assert!(coloured.contains(plain_words), "{coloured}");
    assert!(
        coloured.contains("\x1b[31m"),
        "colour on a terminal:\n{coloured}"
    );

    let no_color = table_on_terminal(&[], &[("NO_COLOR", "1")]);
    assert!(no_color.contains(plain_words), "{no_color}");
    assert!(!no_color.contains('\x1b'), "NO_COLOR:\n{no_color}");

    let never = table_on_terminal(&["--color", "never"], &[]);
    assert!(never.contains(plain_words), "{never}");
    assert!(!never.contains('\x1b'), "--color never:\n{never}");
}

/// An export large enough that reading it takes well over the half second after
/// which the bar appears: about 50 MB for a debug build (2 s here), ten times
/// that for an optimised one.
fn large_export(dir: &Path) -> std::path::PathBuf {
    let export = dir.join("export");
    let accounts = if cfg!(debug_assertions) {
        "4000"
    } else {
        "40000"
    };
    let status = Command::new(common::generator(dir))
        .args(["--accounts", accounts])
        .arg(&export)
        .status()
        .unwrap();
    assert!(status.success());
    export
}

#[test]
fn a_long_run_shows_progress_on_a_terminal_and_never_into_a_file() {
    if !have_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = large_export(dir.path());
    let export = export.to_str().unwrap();
    let report = dir.path().join("report.json");
    let args = [
        "score",
        export,
        "--as-of",
        AS_OF,
        "--no-config",
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
    ];

    let shown = on_terminal(&args, "", &[]);
    let terminal = String::from_utf8_lossy(&shown.stdout);
    assert!(
        terminal.contains("\rreading [") && terminal.contains("% of "),
        "a progress bar on the terminal:\n{terminal:?}"
    );

    let stderr_file = dir.path().join("stderr.txt");
    let redirect = format!("2>{}", quoted(stderr_file.to_str().unwrap()));
    let hidden = on_terminal(&args, &redirect, &[]);
    let stderr = std::fs::read_to_string(&stderr_file).unwrap();
    let terminal = String::from_utf8_lossy(&hidden.stdout);
    for text in [&stderr, &terminal.to_string()] {
        assert!(
            !text.contains("reading [") && !text.contains('\r'),
            "no progress bar with stderr in a file:\n{text:?}"
        );
    }
    assert!(report.is_file());
}

/// The longest line of `text`, in cells (characters, less colour escapes and
/// the carriage returns a pseudo-terminal adds).
fn widest(text: &str) -> usize {
    text.lines()
        .map(|l| rapport::term::cells(l.trim_end_matches('\r')))
        .max()
        .unwrap_or(0)
}

/// `script` gives its pseudo-terminal the size of the terminal it runs in, and
/// none under a test runner; `stty` sets it, as a resized window would.
fn sized(columns: u16, args: &[&str], redirect: &str) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("rapport");
    let mut line = format!(
        "stty cols {columns} rows 50; {}",
        quoted(bin.to_str().unwrap())
    );
    for a in args {
        line.push(' ');
        line.push_str(&quoted(a));
    }
    line.push(' ');
    line.push_str(redirect);
    let out = Command::new("script")
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("COLUMNS")
        .env_remove("FORCE_COLOR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{line}: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const SCORE: [&str; 5] = ["score", EXAMPLE, "--as-of", AS_OF, "--no-config"];

#[test]
fn an_80_column_terminal_gets_no_line_over_80_cells() {
    if !have_script() {
        return;
    }
    let out = sized(80, &SCORE, "");
    let text = String::from_utf8_lossy(&out.stdout);
    // stdout and stderr share the terminal: the table and the notes both fit.
    assert!(text.contains("Tidewater Construction"), "{text}");
    assert!(
        text.contains("not assessed") || text.contains("rejected"),
        "{text}"
    );
    assert!(widest(&text) <= 80, "a line over 80 cells:\n{text}");
    assert!(
        text.contains('…'),
        "long cells are cut on a terminal:\n{text}"
    );

    let wider = sized(200, &SCORE, "");
    let wide_text = String::from_utf8_lossy(&wider.stdout);
    assert!(widest(&wide_text) <= 200);
    assert!(
        widest(&wide_text) > 120,
        "a wide terminal is used:\n{wide_text}"
    );
}

#[test]
fn a_file_gets_the_full_text_even_from_a_terminal() {
    if !have_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("table.txt");
    let redirect = format!(">{}", quoted(file.to_str().unwrap()));
    sized(80, &SCORE, &redirect);
    let table = std::fs::read_to_string(&file).unwrap();
    assert!(!table.contains('…'), "nothing cut in a file:\n{table}");
    assert!(widest(&table) > 160, "full actions in a file:\n{table}");

    // --wide on a terminal shows every cell as a file would.
    let wide = sized(80, &[&SCORE[..], &["--wide", "-q"]].concat(), "");
    let wide = String::from_utf8_lossy(&wide.stdout);
    assert!(!wide.contains('…'), "--wide cuts nothing:\n{wide}");
}

#[test]
fn colour_follows_force_color_and_term_dumb() {
    if !have_script() {
        return;
    }
    let dumb = table_on_terminal(&[], &[("TERM", "dumb")]);
    assert!(dumb.contains("Tidewater"), "{dumb}");
    assert!(!dumb.contains("\x1b[3"), "TERM=dumb:\n{dumb}");

    // Into a pipe: plain, unless FORCE_COLOR.
    let bin = assert_cmd::cargo::cargo_bin("rapport");
    let piped = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(&bin);
        cmd.args(SCORE)
            .arg("-q")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("NO_COLOR")
            .env_remove("FORCE_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(!piped(&[]).contains('\x1b'));
    assert!(piped(&[("FORCE_COLOR", "1")]).contains("\x1b[31m"));
}

#[test]
fn pages_for_a_person_wrap_to_the_terminal_and_stay_whole_in_a_file() {
    if !have_script() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["inspect", EXAMPLE][..],
        &["explain", EXAMPLE, "--account", "Harborview"][..],
    ] {
        let args = [args, &["--as-of", AS_OF, "--no-config", "-q"]].concat();
        let shown = sized(80, &args, "");
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(widest(&text) <= 80, "{args:?} over 80 cells:\n{text}");

        let file = dir.path().join("page.txt");
        sized(80, &args, &format!(">{}", quoted(file.to_str().unwrap())));
        let page = std::fs::read_to_string(&file).unwrap();
        assert!(widest(&page) > 80, "{args:?} whole in a file");
        // Wrapping only moves words: the same words either way.
        let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&text.replace('\r', "")), words(&page), "{args:?}");
    }
}
