//! Every documented example runs. The examples are the `rapport ...` lines of
//! every `--help` text, and of the code blocks of README.md and docs/*.md; each
//! runs with the debug binary in a fresh folder, against the bundled example.
//!
//! What a line names is made real this way:
//! - placeholder exports (`export/`, `EXPORT`, `EXPORT_FOLDER`, `client-export/`,
//!   `/data/crm`, `/data/crm-export`) become examples/brightline, and a bare
//!   `Account.csv` or `Task.csv` that file of it;
//! - the files a line reads are fixtures in its folder: `client.toml` (the
//!   built-in rules extended), `churned.csv` and `left.csv` (account ids),
//!   `key.txt` and `key-accounts.txt` (account names), `last-week.json` (an
//!   earlier report of the example); an absolute folder such as `/srv/rapport/`
//!   becomes the line's own folder;
//! - `--label Churned__c` reads a copy of the example with that column added;
//! - only the `rapport` parts of a shell line run (`cp`, `mail`, `psql`, `duckdb`
//!   are not rapport's to test), with their `> FILE` kept;
//! - `--metrics FILE` scores what a warehouse computed, which needs one (the
//!   warehouse tests run that end to end through DuckDB); here those lines are
//!   parsed, so a flag renamed or removed still fails.
//!
//! A line passes when rapport exits 0, or 1 for a line that asks for alerts
//! (`--fail-under`, `--fail-on-band`).

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::CommandFactory;

/// Where an example was found, and its line.
#[derive(Debug, Clone)]
struct Example {
    source: String,
    line: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The names of the subcommands, so prose and output that start with
/// "rapport" (`rapport lab: 2000 accounts ...`) are not taken for commands.
fn subcommands() -> Vec<String> {
    rapport::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect()
}

/// The command in a line, from its `rapport` on, if the line is one.
fn command_in(line: &str, names: &[String]) -> Option<String> {
    let line = line.trim().trim_start_matches("$ ");
    let command = if line.starts_with("rapport ") {
        line
    } else {
        // A cron line: minute and hour, three more schedule fields, the command.
        let mut rest = line;
        for n in 0..5 {
            let field = rest.split_whitespace().next()?;
            let schedule = if n < 2 {
                field
                    .chars()
                    .all(|c| c.is_ascii_digit() || "*/,-".contains(c))
            } else {
                field
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "*/,-".contains(c))
            };
            if !schedule {
                return None;
            }
            rest = rest.trim_start()[field.len()..].trim_start();
        }
        if !rest.contains("rapport ") {
            return None;
        }
        rest
    };
    let second = match command.strip_prefix("rapport ") {
        Some(_) => command.split_whitespace().nth(1)?,
        // `cd DIR && ... && rapport score ...`: the first rapport command.
        None => {
            let at = command.find("&& rapport ")? + 3;
            command[at..].split_whitespace().nth(1)?
        }
    };
    (second.starts_with('-') || names.iter().any(|n| n == second)).then(|| command.to_string())
}

/// The examples of every `--help` text.
fn from_help(names: &[String]) -> Vec<Example> {
    // Unwrapped, so a long example stays one line.
    let mut cli = rapport::cli::Cli::command().term_width(10_000);
    let mut texts = vec![(
        "rapport --help".to_string(),
        cli.render_long_help().to_string(),
    )];
    for sub in cli.get_subcommands_mut() {
        let name = format!("rapport {} --help", sub.get_name());
        texts.push((name, sub.render_long_help().to_string()));
    }
    let mut out = Vec::new();
    for (source, text) in texts {
        for line in text.lines() {
            if let Some(line) = command_in(line, names) {
                out.push(Example {
                    source: source.clone(),
                    line,
                });
            }
        }
    }
    out
}

/// The examples in the code blocks of a Markdown file.
fn from_markdown(path: &Path, names: &[String]) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block && let Some(line) = command_in(line, names) {
            out.push(Example {
                source: format!(
                    "{}:{}",
                    path.strip_prefix(root()).unwrap_or(path).display(),
                    n + 1
                ),
                line,
            });
        }
    }
    out
}

fn all_examples() -> Vec<Example> {
    let names = subcommands();
    let mut out = from_help(&names);
    out.extend(from_markdown(&root().join("README.md"), &names));
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    for doc in docs {
        out.extend(from_markdown(&doc, &names));
    }
    out
}

/// Splits a shell line into words and operators, honouring quotes, without
/// its trailing `# comment`.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut has_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                has_word = true;
                for q in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '#' if !has_word => break,
            c if c.is_whitespace() => {
                if has_word {
                    words.push(std::mem::take(&mut word));
                    has_word = false;
                }
            }
            '|' | '&' | ';' | '>' | '<' => {
                if has_word && !(c == '>' && word == "2") {
                    words.push(std::mem::take(&mut word));
                    has_word = false;
                }
                let mut op = std::mem::take(&mut word);
                op.push(c);
                if let Some(&next) = chars.peek()
                    && (next == c || (c == '>' && next == '>'))
                {
                    op.push(next);
                    chars.next();
                }
                words.push(op);
            }
            c => {
                has_word = true;
                word.push(c);
            }
        }
    }
    if has_word {
        words.push(word);
    }
    words
}

/// The rapport commands of a line: its parts between `&&`, `||`, `|` and `;`
/// that start with `rapport`, each with the file its stdout goes to.
fn rapport_parts(line: &str) -> Vec<(Vec<String>, Option<String>)> {
    let mut parts = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let words = shell_words(line);
    for word in words.into_iter().chain([";".to_string()]) {
        if ["&&", "||", "|", ";"].contains(&word.as_str()) {
            if current.first().is_some_and(|w| w == "rapport") {
                let mut args = Vec::new();
                let mut stdout = None;
                let mut it = current.drain(..).skip(1);
                while let Some(w) = it.next() {
                    match w.as_str() {
                        ">" | ">>" => stdout = it.next(),
                        "2>" | "<" => {
                            it.next();
                        }
                        _ => args.push(w),
                    }
                }
                parts.push((args, stdout));
            }
            current.clear();
        } else {
            current.push(word);
        }
    }
    parts
}

/// The files a line may read, made once.
struct Fixtures {
    dir: tempfile::TempDir,
    labelled: PathBuf,
}

const ACCOUNT_IDS: [&str; 2] = ["001BL000000000001A", "001BL000000000002A"];

impl Fixtures {
    fn new() -> Fixtures {
        let dir = tempfile::tempdir().unwrap();
        let files = dir.path().join("files");
        std::fs::create_dir(&files).unwrap();
        std::fs::write(files.join("client.toml"), "extends = \"default\"\n").unwrap();
        // A column listing of synced tables, for `rapport sql --preset --columns`.
        std::fs::write(
            files.join("columns.csv"),
            "table_name,column_name\naccount,id\naccount,name\ntask,id\ntask,account_id\ntask,activity_date\n\
             event,id\nevent,account_id\nevent,activity_date_time\ncompany,id\ncompany,property_name\n",
        )
        .unwrap();
        let ids = format!("Id\n{}\n", ACCOUNT_IDS.join("\n"));
        std::fs::write(files.join("churned.csv"), &ids).unwrap();
        std::fs::write(files.join("left.csv"), &ids).unwrap();
        let key = "# key accounts\nHarborview Dental Group\nTidewater Construction\n";
        std::fs::write(files.join("key.txt"), key).unwrap();
        std::fs::write(files.join("key-accounts.txt"), key).unwrap();
        let report = Command::new(assert_cmd::cargo::cargo_bin("rapport"))
            .args(["score", "--as-of", "2026-03-31", "--no-config", "-q"])
            .args(["--format", "json"])
            .arg(example())
            .output()
            .unwrap();
        assert!(report.status.success());
        std::fs::write(files.join("last-week.json"), &report.stdout).unwrap();

        // The example with a churn label on its accounts, for `--label`.
        let labelled = dir.path().join("labelled");
        std::fs::create_dir(&labelled).unwrap();
        for entry in std::fs::read_dir(example()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "csv") {
                std::fs::copy(&path, labelled.join(path.file_name().unwrap())).unwrap();
            }
        }
        let accounts = std::fs::read_to_string(example().join("Account.csv")).unwrap();
        let mut out = String::new();
        for (i, line) in accounts.lines().enumerate() {
            let label = match i {
                0 => "Churned__c",
                _ if ACCOUNT_IDS.iter().any(|id| line.starts_with(id)) => "true",
                _ => "false",
            };
            out.push_str(&format!("{line},{label}\n"));
        }
        std::fs::write(labelled.join("Account.csv"), out).unwrap();
        Fixtures { dir, labelled }
    }

    /// A fresh folder holding the fixture files.
    fn folder(&self, n: usize) -> PathBuf {
        let folder = self.dir.path().join(format!("run-{n}"));
        std::fs::create_dir(&folder).unwrap();
        for entry in std::fs::read_dir(self.dir.path().join("files")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
        folder
    }
}

fn example() -> PathBuf {
    root().join("examples/brightline")
}

/// A word of an example as it runs here.
fn substitute(word: &str, folder: &Path, export: &Path) -> String {
    const EXPORTS: [&str; 8] = [
        "export/",
        "export",
        "EXPORT",
        "EXPORT_FOLDER",
        "client-export/",
        "/data/crm",
        "/data/crm-export",
        "examples/brightline",
    ];
    if EXPORTS.contains(&word) {
        return export.display().to_string();
    }
    if ["Account.csv", "Task.csv"].contains(&word) {
        return example().join(word).display().to_string();
    }
    if let Some(rest) = word.strip_prefix("examples/brightline/") {
        return example().join(rest).display().to_string();
    }
    if word.starts_with('/') || word.starts_with('~') {
        // An absolute file of the user's machine: the same name here.
        if let Some(name) = Path::new(word).file_name() {
            return folder.join(name).display().to_string();
        }
    }
    word.to_string()
}

/// Runs one example; the failure, if any, as a message.
fn run(example: &Example, fixtures: &Fixtures, n: usize) -> Result<(), String> {
    let folder = fixtures.folder(n);
    let parts = rapport_parts(&example.line);
    if parts.is_empty() {
        return Err("no rapport command found in the line".to_string());
    }
    let alerts = example.line.contains("--fail-under") || example.line.contains("--fail-on-band");
    let export = if example.line.contains("--label") {
        fixtures.labelled.clone()
    } else {
        self::example()
    };
    for (args, stdout) in parts {
        let args: Vec<String> = args
            .iter()
            .map(|w| substitute(w, &folder, &export))
            .collect();
        if args.iter().any(|a| a == "--metrics") {
            let words = std::iter::once("rapport".to_string()).chain(args.iter().cloned());
            <rapport::cli::Cli as clap::Parser>::try_parse_from(words)
                .map_err(|e| e.to_string())?;
            continue;
        }
        let out = Command::new(assert_cmd::cargo::cargo_bin("rapport"))
            .args(&args)
            .current_dir(&folder)
            .env_remove("COLUMNS")
            .output()
            .map_err(|e| e.to_string())?;
        let code = out.status.code();
        let ok = code == Some(0) || (alerts && code == Some(1));
        if !ok {
            return Err(format!(
                "rapport {} exited {:?}:\n{}",
                args.join(" "),
                code,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if let Some(file) = stdout {
            std::fs::write(
                folder.join(substitute(&file, &folder, &export)),
                &out.stdout,
            )
            .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[test]
fn every_documented_example_runs() {
    let examples = all_examples();
    let sources: std::collections::BTreeSet<&str> = examples
        .iter()
        .map(|e| e.source.split(':').next().unwrap_or(""))
        .collect();
    // The extraction itself is checked: examples come from help and docs alike.
    for expected in [
        "rapport score --help",
        "rapport explain --help",
        "README.md",
        "docs/warehouse.md",
    ] {
        assert!(
            sources.contains(expected),
            "no examples found in {expected}: {sources:?}"
        );
    }
    assert!(examples.len() >= 30, "{examples:#?}");

    let fixtures = Fixtures::new();
    // Two at a time: each is a short run of the debug binary on the small example.
    let (even, odd): (Vec<_>, Vec<_>) = examples.iter().enumerate().partition(|(n, _)| n % 2 == 0);
    let check = |part: Vec<(usize, &Example)>| -> Vec<String> {
        part.into_iter()
            .filter_map(|(n, e)| {
                run(e, &fixtures, n)
                    .err()
                    .map(|why| format!("{}: {}\n  {why}", e.source, e.line))
            })
            .collect()
    };
    let failures: Vec<String> = std::thread::scope(|s| {
        let other = s.spawn(|| check(odd));
        let mut failures = check(even);
        failures.extend(other.join().unwrap());
        failures
    });
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn the_extraction_finds_commands_and_skips_prose() {
    let names = subcommands();
    assert!(command_in("  rapport score export/ --top 3", &names).is_some());
    assert!(command_in("0 7 * * MON  cd /srv && rapport score /data/crm", &names).is_some());
    assert!(command_in("rapport lab: 2000 accounts per export", &names).is_none());
    assert!(command_in("Run rapport score with care", &names).is_none());
    assert!(
        command_in(
            "sql  Print one SQL query; `rapport score --metrics`",
            &names
        )
        .is_none()
    );
    let parts = rapport_parts(
        "cd /srv && cp a b && rapport score x --quiet > out.json || mail -s \"a b\" x < /dev/null # note",
    );
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0].0, ["score", "x", "--quiet"]);
    assert_eq!(parts[0].1.as_deref(), Some("out.json"));
    assert_eq!(
        shell_words("rapport explain e --account \"Harborview Dental\"  # why"),
        ["rapport", "explain", "e", "--account", "Harborview Dental"]
    );
}
