//! Hostile input: names that try to run formulas, scripts or terminal escapes in
//! each output channel, and rule files that try to exhaust or escape the rule
//! language. Each test fails if its protection is removed.

use crate::common::{AS_OF, Export};
use assert_cmd::Command;
use predicates::prelude::*;

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

const FORMULA: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
const SCRIPT: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";
const ESCAPE: &str = "Red\x1b[31m Corp\x1b]0;owned\x07\x1b[2J";
const MARKUP: &str = "| pipe *bold* [link](http://x) `code`";

fn hostile_export() -> Export {
    let accounts = format!(
        "Id,Name,Type\nH1,\"{}\",Customer\nH2,\"{}\",Customer\nH3,\"{ESCAPE}\",Customer\nH4,\"{MARKUP}\",Customer\nH5,-42,Customer\n",
        FORMULA.replace('"', "\"\""),
        SCRIPT
    );
    let contacts = "Id,AccountId,Name,Title\n\
                    C1,H1,\"@SUM(1+1)*cmd|' /C calc'!A0\",CFO\n\
                    C2,H2,\"+1 555 evil\",Executive Assistant\n\
                    C3,H3,\"\t=1+1\",CFO\n";
    let tasks = "Id,WhoId,AccountId,Subject,ActivityDate\n\
                 T1,C1,H1,Call,2026-01-10\nT2,C2,H2,Call,2026-01-10\nT3,C3,H3,Call,2026-01-10\n";
    Export::new(&[
        ("Account.csv", &accounts),
        ("Contact.csv", contacts),
        ("Task.csv", tasks),
    ])
}

fn run(export: &Export, args: &[&str]) -> String {
    let out = rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "--quiet"])
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn csv_output_neutralises_formulas_but_keeps_numbers() {
    let export = hostile_export();
    let csv = run(&export, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_string())
        .collect();
    assert!(names.contains(&format!("'{FORMULA}")), "{names:?}");
    assert!(
        names.contains(&"-42".to_string()),
        "a plain negative number stays a number"
    );
    for cell in csv.split([',', '\n']) {
        let cell = cell.trim_start_matches('"');
        assert!(
            !cell.starts_with('=') && !cell.starts_with('@') && !cell.starts_with('+'),
            "no cell starts a formula: {cell:?}"
        );
    }
}

#[test]
fn tasks_output_neutralises_formulas() {
    let export = hostile_export();
    let tasks = export.file("tasks.csv");
    run(&export, &["--tasks", tasks.to_str().unwrap()]);
    let text = std::fs::read_to_string(&tasks).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut checked = 0;
    for r in reader.records() {
        let r = r.unwrap();
        for cell in r.iter() {
            if let Some(first) = cell.chars().next() {
                let formula = matches!(first, '=' | '+' | '@' | '\t' | '\r' | '\n')
                    || (first == '-' && cell.parse::<f64>().is_err());
                assert!(!formula, "task cell starts a formula: {cell:?}");
            }
        }
        checked += 1;
    }
    assert!(checked > 0);
    assert!(
        text.contains("'@SUM(1+1)"),
        "the contact name is kept, as text"
    );
}

#[test]
fn terminal_output_strips_control_characters_and_escapes() {
    let export = hostile_export();
    let table = run(&export, &["--color", "never"]);
    assert!(
        !table.contains('\x1b') && !table.contains('\x07'),
        "{table:?}"
    );
    assert!(
        table.contains("Red [31m Corp"),
        "the text survives, the escapes do not"
    );
    // Explain and the notes on stderr too.
    let out = rapport()
        .arg("explain")
        .arg(export.path())
        .args(["--account", "H3", "--as-of", AS_OF, "--no-config"])
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains('\x1b'));
}

#[test]
fn html_output_escapes_all_data() {
    let export = hostile_export();
    let html = run(&export, &["--format", "html"]);
    assert!(!html.contains("<script>alert"), "no script from data");
    assert!(!html.contains("<img src=x"), "no tag from data");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains('\x1b'));
}

#[test]
fn markdown_output_escapes_all_data() {
    let export = hostile_export();
    let md = run(&export, &["--format", "markdown"]);
    assert!(
        md.contains("\\| pipe \\*bold\\* \\[link\\](http\\://x) \\`code\\`"),
        "{md}"
    );
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("\\<script\\>"));
}

#[test]
fn json_keeps_names_exactly_as_data() {
    let export = hostile_export();
    let json: serde_json::Value =
        serde_json::from_str(&run(&export, &["--format", "json"])).unwrap();
    let names: Vec<&str> = json["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&FORMULA) && names.contains(&SCRIPT) && names.contains(&ESCAPE));
}

// --- the rule language stays data ---------------------------------------------------

fn check(rules: &str) -> assert_cmd::assert::Assert {
    let export = Export::new(&[("rules.toml", rules)]);
    let path = export.file("rules.toml");
    let assert = rapport().args(["check", "--rules"]).arg(&path).assert();
    drop(export);
    assert
}

#[test]
fn extends_names_only_built_in_sets_never_files() {
    check("extends = \"/etc/passwd\"\n")
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule set '/etc/passwd' in extends, expected one of: default",
        ));
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_stack_overflow() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    check(&deep)
        .code(2)
        .stderr(predicate::str::contains("rules.toml:1:").and(predicate::str::contains("recurs")));
}

#[test]
fn nan_and_infinite_numbers_are_refused() {
    check("extends = \"default\"\n[[rule]]\nid = \"relate\"\nweight = nan\n")
        .code(2)
        .stderr(predicate::str::contains(
            "rules.toml:4:10: rule 'relate': weight must be above 0",
        ));
    check("extends = \"default\"\n[[rule]]\nid = \"relate\"\ncurve = { better = \"higher\", full = inf, zero = 0 }\n")
        .code(2)
        .stderr(predicate::str::contains("curve thresholds must be finite numbers"));
    check("extends = \"default\"\n[[rule]]\nid = \"relate\"\nweight = 1e308\n")
        .code(2)
        .stderr(predicate::str::contains("at most 1000"));
}

#[test]
fn an_enormous_rule_file_is_refused_before_it_is_read() {
    let huge = format!(
        "extends = \"default\"\n[[rule]]\nid = \"relate\"\ntitle = \"{}\"\n",
        "x".repeat(5 * 1024 * 1024)
    );
    check(&huge).code(2).stderr(predicate::str::contains(
        "rapport reads rule files of up to 4194304 bytes",
    ));
}

#[test]
fn too_many_rules_or_keywords_is_a_clear_error() {
    let mut many = String::from("extends = \"default\"\n");
    for i in 0..2001 {
        many.push_str(&format!(
            "[[rule]]\nid = \"r{i}\"\ntitle = \"t\"\nmetric = {{ table = \"activities\", aggregate = \"count\" }}\n\
             curve = {{ better = \"higher\", full = 1, zero = 0 }}\nweight = 1\naction = \"x\"\n"
        ));
    }
    check(&many).code(2).stderr(predicate::str::contains(
        "too many rules: a rule set holds at most 2000",
    ));
    let mut roles = String::from("extends = \"default\"\n");
    for i in 0..300 {
        roles.push_str(&format!("[[role]]\nname = \"r{i}\"\nclass = \"social\"\n"));
    }
    check(&roles).code(2).stderr(predicate::str::contains(
        "too many roles: a rule set holds at most 254",
    ));
    let words: Vec<String> = (0..5001).map(|i| format!("\"w{i}\"")).collect();
    check(&format!(
        "extends = \"default\"\n[classes.social]\nmatch = [{}]\n",
        words.join(",")
    ))
    .code(2)
    .stderr(predicate::str::contains("a class holds at most 5000"));
}

#[test]
fn the_record_size_limit_is_configurable() {
    let long = "x".repeat(5000);
    let tasks = format!(
        "Id,AccountId,Subject,ActivityDate\nT1,H1,Call,2026-05-01\nT2,H1,\"{long}\",2026-05-02\nT3,H1,Call,2026-05-03\n"
    );
    let export = Export::new(&[("Account.csv", "Id,Name\nH1,Acme\n"), ("Task.csv", &tasks)]);
    // The default (1 MiB) reads a 5,000-byte field.
    let json = run(&export, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let task = |v: &serde_json::Value| {
        v["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["path"].as_str().unwrap().ends_with("Task.csv"))
            .unwrap()
            .clone()
    };
    assert_eq!(task(&v)["used"], 3);
    // A 2 KiB limit refuses it at its line and says how to raise the limit.
    rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "--max-record-size", "2048"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Task.csv:3: rejected: a record of 5020 bytes is over the limit of 2048 bytes",
        ))
        .stderr(predicate::str::contains(
            "--max-record-size raises the limit",
        ));
}

const TITLE: &str = "\x1b]0;owned\x07";

fn no_escapes(text: &str) {
    assert!(
        !text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{9b}'),
        "{text:?}"
    );
}

#[test]
fn stderr_carries_no_escapes_from_data_or_file_names() {
    // A file whose name retitles the terminal, with a rejected row in it.
    let tasks = "Id,WhoId,AccountId,Subject,ActivityDate\nT1,C1,R1,Call,2026-01-10\nT2,C1,R1,Call\x1b[2J,2026-01-10,extra\n";
    let accounts =
        format!("Id,Name,Type\nR1,\"Red{TITLE} One\",Customer\nR2,\"Red{TITLE} Two\",Customer\n");
    let export = Export::new(&[
        ("Account.csv", &accounts),
        ("Contact.csv", "Id,AccountId,Name,Title\nC1,R1,Ann,CFO\n"),
        (&format!("Task{TITLE}.csv"), tasks),
    ]);
    let base = || {
        let mut cmd = rapport();
        cmd.arg("score")
            .arg(export.path())
            .args(["--as-of", AS_OF, "--no-config"]);
        cmd
    };
    // `read ...` lines and reject lines.
    let out = base().assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("rejected"), "{stderr}");
    no_escapes(&stderr);
    // The --strict error names the file.
    let out = base().arg("--strict").assert().code(2);
    no_escapes(&String::from_utf8_lossy(&out.get_output().stderr));
    // An ambiguous --account lists the names it matched.
    let out = base().args(["--account", "red"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("matches 2 accounts"), "{stderr}");
    no_escapes(&stderr);
}

#[test]
fn table_cells_are_measured_in_terminal_cells_and_bidi_controls_dropped() {
    use unicode_width::UnicodeWidthStr;
    let accounts = "Id,Name,Type\n\
                    W1,日本語の会社名前,Customer\n\
                    W2,\"Cafe\u{301} Cafe\u{301} Cafe\u{301}\",Customer\n\
                    W3,\"Acme \u{202E}100 GOOD\u{202C}\",Customer\n\
                    W4,Plain Name,Customer\n";
    let export = Export::new(&[
        ("Account.csv", accounts),
        ("Contact.csv", "Id,AccountId,Name,Title\nC1,W4,Ann,CFO\n"),
    ]);
    let table = run(&export, &["--color", "never"]);
    assert!(
        !table.contains('\u{202E}') && !table.contains('\u{202C}'),
        "{table}"
    );
    let lines: Vec<&str> = table
        .lines()
        .filter(|l| {
            ["日本", "Cafe", "Acme", "Plain"]
                .iter()
                .any(|n| l.starts_with(n))
        })
        .collect();
    assert_eq!(lines.len(), 4, "{table}");
    for line in lines {
        // The name column is 30 cells and two spaces; the score 5 cells after it.
        let mut name = String::new();
        let mut rest = line;
        while name.width() < 32 {
            let c = rest.chars().next().unwrap();
            name.push(c);
            rest = &rest[c.len_utf8()..];
        }
        assert_eq!(name.width(), 32, "{line}");
        let score: String = rest.chars().take(5).collect();
        assert!(
            score.trim() == "-" || score.trim().parse::<f64>().is_ok(),
            "the score sits in its column: {line:?}"
        );
    }
}

#[test]
fn markdown_escapes_strikethrough_maths_mentions_and_bare_links() {
    let accounts =
        "Id,Name,Type\nM1,~~gone~~ $x$ @team http://evil.example www.evil.example,Customer\n";
    let export = Export::new(&[
        ("Account.csv", accounts),
        ("Contact.csv", "Id,AccountId,Name,Title\nC1,M1,Ann,CFO\n"),
    ]);
    let md = run(&export, &["--format", "markdown"]);
    assert!(
        md.contains("\\~\\~gone\\~\\~ \\$x\\$ \\@team http\\://evil.example www\\.evil.example"),
        "{md}"
    );
    let unescaped = md.replace("\\~", "").replace("\\@", "");
    assert!(
        !unescaped.contains('~') && !unescaped.contains("@team"),
        "{md}"
    );
    assert!(
        !md.contains("http://evil") && !md.contains("www.evil"),
        "{md}"
    );
}
