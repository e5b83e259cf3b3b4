//! Reading inputs as a careless or hostile user hands them over: pipes, standard
//! input and FIFOs read once; the same file twice; encodings that change part way;
//! broken and stray quotes; folders holding things that are not files; a BOM in
//! the middle; an enormous header; an input that cannot be read; CR line endings.
//! Every row is used, skipped or rejected, and every loss is reported.

use std::io::Write as _;

use assert_cmd::Command;

use crate::common::{AS_OF, Export};

fn rapport() -> Command {
    let mut cmd = Command::cargo_bin("rapport").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

const ACCOUNTS: &str = "Id,Name\nA1,Acme\nA2,Beta\n";
const TASK_HEADER: &str = "Id,AccountId,Subject,ActivityDate\n";

/// `n` valid task rows, numbered from `from`.
fn task_rows(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("T{i},A{},Call {i},2026-05-{:02}\n", 1 + i % 2, 1 + i % 28))
        .collect()
}

/// The JSON report and stderr of a run.
fn score_json(cmd: &mut Command) -> (serde_json::Value, String) {
    let out = cmd
        .args(["--as-of", AS_OF, "--no-config", "--format", "json"])
        .assert()
        .success();
    let out = out.get_output();
    let v = serde_json::from_slice(&out.stdout).unwrap();
    (v, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The report's entry for the input whose path ends so.
fn input<'v>(v: &'v serde_json::Value, ends: &str) -> &'v serde_json::Value {
    v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(ends))
        .unwrap_or_else(|| panic!("no input {ends} in {}", v["inputs"]))
}

fn name_of<'v>(v: &'v serde_json::Value, id: &str) -> &'v str {
    v["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .and_then(|a| a["name"].as_str())
        .unwrap_or_else(|| panic!("no account {id}"))
}

#[test]
fn a_table_piped_on_standard_input_is_read_whole() {
    // Larger than the buffered head, so the pass reads the head and then the rest.
    let rows = 200_000;
    let tasks = format!("{TASK_HEADER}{}", task_rows(0, rows));
    assert!(tasks.len() > rapport::ingest::PREFIX_BYTES);
    let export = Export::new(&[("Account.csv", ACCOUNTS)]);
    for name in ["-", "/dev/stdin"] {
        let (v, _) = score_json(
            rapport()
                .arg("score")
                .arg(export.file("Account.csv"))
                .args(["--activities", name])
                .write_stdin(tasks.clone()),
        );
        let t = v["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["table"] == "activities")
            .unwrap();
        assert_eq!(
            (&t["rows"], &t["used"]),
            (&rows.into(), &rows.into()),
            "{name}: {t}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_named_directly_is_read_once_and_whole() {
    let export = Export::new(&[("Account.csv", ACCOUNTS)]);
    let fifo = export.path().join("tasks.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is missing: skipped");
        return;
    }
    let rows = 20_000;
    let tasks = format!("{TASK_HEADER}{}", task_rows(0, rows));
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
            // The reader may stop early on a failure; the test then says so.
            let _ = f.write_all(tasks.as_bytes());
        })
    };
    let (v, _) = score_json(
        rapport()
            .arg("score")
            .arg(export.file("Account.csv"))
            .arg("--activities")
            .arg(&fifo),
    );
    writer.join().unwrap();
    let t = input(&v, "tasks.fifo");
    assert_eq!(
        (&t["rows"], &t["used"]),
        (&rows.into(), &rows.into()),
        "{t}"
    );
}

#[test]
fn the_same_file_twice_is_read_once_and_reported() {
    let tasks = format!("{TASK_HEADER}{}", task_rows(0, 40));
    let once = Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", &tasks)]);
    let twice = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Task.csv", &tasks),
        ("Task (1).csv", &tasks),
    ]);
    let scores = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["score"].clone())
            .collect()
    };
    let (a, _) = score_json(rapport().arg("score").arg(once.path()));
    let (b, stderr) = score_json(rapport().arg("score").arg(twice.path()));
    assert_eq!(scores(&a), scores(&b));
    let copies: Vec<&serde_json::Value> = b["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["error"]
                .as_str()
                .is_some_and(|e| e.contains("the same data as"))
        })
        .collect();
    assert_eq!(copies.len(), 1, "{}", b["inputs"]);
    assert!(stderr.contains("the same data as"), "{stderr}");
    // A folder and a file inside it: the file is read once.
    let (c, _) = score_json(
        rapport()
            .arg("score")
            .arg(once.path())
            .arg(once.path().join(".").join("Task.csv")),
    );
    assert_eq!(scores(&a), scores(&c));
    let tasks_read = c["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["table"] == "activities")
        .count();
    assert_eq!(tasks_read, 1, "{}", c["inputs"]);
}

#[test]
fn a_windows_1252_byte_after_64_kib_of_ascii_decides_the_encoding() {
    let mut accounts = b"Id,Name\n".to_vec();
    let mut i = 0;
    while accounts.len() < 80 * 1024 {
        accounts.extend_from_slice(format!("P{i},Plain {i}\n").as_bytes());
        i += 1;
    }
    accounts.extend_from_slice(b"A1,Caf\xE9 M\xFCller\n");
    let export = Export::new(&[]);
    std::fs::write(export.file("Account.csv"), &accounts).unwrap();
    let (v, _) = score_json(rapport().arg("score").arg(export.path()));
    assert_eq!(name_of(&v, "A1"), "Café Müller");
    assert_eq!(input(&v, "Account.csv")["encoding"], "windows-1252");
}

#[test]
fn one_bad_byte_in_a_utf8_file_is_flagged_not_turned_into_mojibake() {
    let mut accounts = b"Id,Name\nA1,Caf\xE9 Noir\n".to_vec();
    accounts.extend_from_slice("A2,Café Müller\nA3,Größe\nA4,Ærø\n".as_bytes());
    let export = Export::new(&[]);
    std::fs::write(export.file("Account.csv"), &accounts).unwrap();
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    assert_eq!(name_of(&v, "A2"), "Café Müller");
    let a = input(&v, "Account.csv");
    assert_eq!(a["encoding"], "utf-8");
    assert_eq!(a["replaced"], 1, "{a}");
    assert_eq!(a["replaced_lines"], serde_json::json!([2]), "{a}");
    assert!(
        stderr.contains("Account.csv: 1 rows hold bytes that are not utf-8")
            && stderr.contains("lines 2"),
        "{stderr}"
    );
}

#[test]
fn a_bad_byte_past_the_buffered_head_is_reported_with_its_line() {
    let mut tasks = format!("{TASK_HEADER}T1,A1,Café,2026-05-01\n").into_bytes();
    let pad = "x".repeat(200);
    let mut line = 3;
    while tasks.len() <= rapport::ingest::PREFIX_BYTES + 1024 {
        tasks.extend_from_slice(format!("T{line},A1,Call {pad},2026-05-01\n").as_bytes());
        line += 1;
    }
    tasks.extend_from_slice(b"TX,A1,M\xFCller,2026-05-01\n");
    let export = Export::new(&[("Account.csv", ACCOUNTS)]);
    std::fs::write(export.file("Task.csv"), &tasks).unwrap();
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    let t = input(&v, "Task.csv");
    assert_eq!(t["encoding"], "utf-8");
    assert_eq!(t["replaced_lines"], serde_json::json!([line]), "{t}");
    assert!(stderr.contains(&format!("on lines {line}")), "{stderr}");
}

#[test]
fn an_unterminated_quote_costs_only_its_line() {
    let tasks = format!(
        "{TASK_HEADER}T0,A1,Call,2026-05-01\nT1,A1,\"never closed,2026-05-02\n{}",
        task_rows(2, 1000)
    );
    let export = Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", &tasks)]);
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    let t = input(&v, "Task.csv");
    assert_eq!(
        (&t["rows"], &t["used"], &t["rejected"], &t["resynchronised"]),
        (&1002.into(), &1001.into(), &1.into(), &1.into()),
        "{t}"
    );
    assert!(
        stderr.contains("Task.csv:3: rejected: a quote opened on this line"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 lines left out where a broken quote"),
        "{stderr}"
    );
}

#[test]
fn a_stray_quote_costs_only_the_lines_it_is_on() {
    // The quote opened on line 11 closes on line 24, three fields short.
    let mut tasks = TASK_HEADER.to_string();
    for i in 2..=30 {
        tasks.push_str(&match i {
            11 => "T11,A1,\"Call about, pricing,2026-05-01\n".to_string(),
            24 => "T24,A1,Call,\"2026-05-01\"\n".to_string(),
            _ => format!("T{i},A1,Call {i},2026-05-01\n"),
        });
    }
    let export = Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", &tasks)]);
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    let t = input(&v, "Task.csv");
    assert_eq!(
        (&t["rows"], &t["used"], &t["rejected"], &t["resynchronised"]),
        (&29.into(), &28.into(), &1.into(), &1.into()),
        "{t}\n{stderr}"
    );
    assert!(
        stderr.contains("Task.csv:11: rejected: a stray quote"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn folder_entries_that_are_not_readable_files_are_reported_by_name() {
    let export = Export::new(&[("Account.csv", ACCOUNTS)]);
    std::fs::create_dir(export.file("Archive.csv")).unwrap();
    std::os::unix::fs::symlink(export.file("gone.csv.bak"), export.file("Link.csv")).unwrap();
    let fifo = export.file("Pipe.csv");
    let has_fifo = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    for name in ["Archive.csv", "Link.csv"]
        .into_iter()
        .chain(has_fifo.then_some("Pipe.csv"))
    {
        let i = input(&v, name);
        assert!(
            i["error"].as_str().is_some_and(|e| e.contains("not read")),
            "{i}"
        );
        assert!(stderr.contains(name), "{stderr}");
    }
}

#[test]
fn a_byte_order_mark_in_the_middle_of_a_file_is_dropped() {
    let tasks = format!("{TASK_HEADER}T1,A1,Call,2026-05-01\n\u{FEFF}T2,A1,Call,2026-05-02\n");
    let accounts = "Id,Name\nA1,Acme\n\u{FEFF}A2,Beta\n";
    let export = Export::new(&[("Account.csv", accounts), ("Task.csv", &tasks)]);
    let (v, stderr) = score_json(rapport().arg("score").arg(export.path()));
    assert_eq!(input(&v, "Task.csv")["used"], 2, "{stderr}");
    assert_eq!(name_of(&v, "A2"), "Beta");
}

#[test]
fn a_header_over_the_limit_makes_its_file_unusable_not_the_run() {
    let wide = format!(
        "Id,Name,{}\nX,Y,Z\n",
        "x".repeat(rapport::ingest::MAX_HEADER_BYTES as usize + 10)
    );
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Task.csv", &format!("{TASK_HEADER}{}", task_rows(0, 5))),
        ("Wide.csv", &wide),
    ]);
    let (v, _) = score_json(rapport().arg("score").arg(export.path()));
    assert_eq!(input(&v, "Task.csv")["used"], 5);
    let w = input(&v, "Wide.csv");
    assert!(
        w["error"].as_str().is_some_and(|e| e.contains("header")),
        "{w}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_input_that_cannot_be_read_stops_the_run_unless_allowed() {
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Task.csv", &format!("{TASK_HEADER}{}", task_rows(0, 5))),
    ]);
    // A socket: there to be listed, and no one (root included) can open it as a file.
    let socket = export.path().join("Case.csv");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let out = rapport()
        .arg("score")
        .arg(export.file("Account.csv"))
        .arg(export.file("Task.csv"))
        .arg(&socket)
        .args(["--as-of", AS_OF, "--no-config", "--quiet"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("Case.csv") && stderr.contains("--allow-missing"),
        "{stderr}"
    );
    let (v, _) = score_json(
        rapport()
            .arg("score")
            .arg(export.file("Account.csv"))
            .arg(export.file("Task.csv"))
            .arg(&socket)
            .arg("--allow-missing"),
    );
    assert!(
        input(&v, "Case.csv")["error"].as_str().is_some(),
        "{}",
        v["inputs"]
    );
}

#[test]
fn line_numbers_are_right_for_cr_lf_and_crlf() {
    // Line 5 names an unknown account, whatever ends the lines.
    for (name, eol) in [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")] {
        let lines = [
            "Id,AccountId,Subject,ActivityDate",
            "T1,A1,Call,2026-05-01",
            "T2,A1,\"Two",
            "lines\",2026-05-01",
            "T3,X9,Call,2026-05-01",
        ];
        let tasks = lines.join(eol) + eol;
        let export = Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", &tasks)]);
        let (_, stderr) = score_json(rapport().arg("score").arg(export.path()));
        assert!(
            stderr.contains("Task.csv:5: AccountId: rejected"),
            "{name}: {stderr}"
        );
    }
    // Mixed: each break counts once.
    let tasks = "Id,AccountId,Subject,ActivityDate\r\nT1,A1,Call,2026-05-01\rT2,A1,Call,2026-05-01\nT3,X9,Call,2026-05-01\r\n";
    let export = Export::new(&[("Account.csv", ACCOUNTS), ("Task.csv", tasks)]);
    let (_, stderr) = score_json(rapport().arg("score").arg(export.path()));
    assert!(
        stderr.contains("Task.csv:4: AccountId: rejected"),
        "mixed: {stderr}"
    );
}
