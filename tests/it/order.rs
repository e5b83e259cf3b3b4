//! The order of the rows never shows in a report. A CRM lists its objects in the
//! order they were created, the generator account by account, a hand-made file in
//! any order: the same export in each order gives the same JSON, CSV and tasks,
//! byte for byte, once each evidence row's `file:line` is read as the row it
//! names (its id), since a row's line is where the order put it.

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;

/// Generates an export of `accounts` accounts, account by account, into `dir/export`.
fn generate(dir: &Path, accounts: usize) {
    let out = Process::new(common::generator(dir))
        .args(["--accounts", &accounts.to_string()])
        .arg(dir.join("export"))
        .output()
        .unwrap();
    assert!(out.status.success(), "gen failed");
}

/// The records of one CSV file: its header and its data rows.
fn read(path: &Path) -> (csv::ByteRecord, Vec<csv::ByteRecord>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    let header = reader.byte_headers().unwrap().clone();
    let rows = reader.byte_records().map(|r| r.unwrap()).collect();
    (header, rows)
}

/// Copies every CSV of `from/export` into `to/export` with its rows put in
/// another order by `arrange` (given the header and the rows).
fn copy_arranged(
    from: &Path,
    to: &Path,
    mut arrange: impl FnMut(&csv::ByteRecord, &mut [csv::ByteRecord]),
) {
    let (src, dst) = (from.join("export"), to.join("export"));
    std::fs::create_dir_all(&dst).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for name in names {
        let (header, mut rows) = read(&src.join(&name));
        arrange(&header, &mut rows);
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(dst.join(&name))
            .unwrap();
        w.write_byte_record(&header).unwrap();
        for r in &rows {
            w.write_byte_record(r).unwrap();
        }
        w.flush().unwrap();
    }
}

/// Creation order, as a CRM's full export lists its objects.
fn by_creation(header: &csv::ByteRecord, rows: &mut [csv::ByteRecord]) {
    let created = ["CreatedDate", "EffectiveDate"]
        .iter()
        .find_map(|n| header.iter().position(|h| h == n.as_bytes()));
    if let Some(c) = created {
        rows.sort_by(|a, b| a.get(c).cmp(&b.get(c)));
    }
}

/// Any order: a reproducible Fisher-Yates shuffle, then the file read backwards.
fn shuffled(seed: u64) -> impl FnMut(&csv::ByteRecord, &mut [csv::ByteRecord]) {
    let mut state = seed | 1;
    move |_, rows| {
        for i in (1..rows.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
    }
}

/// The outputs of `rapport score export` run in `dir`: JSON, CSV and tasks.
fn outputs(dir: &Path) -> (String, String, String) {
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("rapport")
            .unwrap()
            .current_dir(dir)
            .args(["score", "export", "--as-of", common::AS_OF, "--quiet"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run(&["--format", "json", "--tasks", "tasks.csv"]);
    let tasks = std::fs::read_to_string(dir.join("tasks.csv")).unwrap();
    let csv = run(&["--format", "csv"]);
    (with_row_ids(dir, &json), csv, tasks)
}

/// `export/Task.csv:123` written as `export/Task.csv#<id of the row on line 123>`.
fn with_row_ids(dir: &Path, text: &str) -> String {
    let mut ids: HashMap<String, HashMap<u64, String>> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(".csv:") {
        let start = rest[..at]
            .rfind(|c: char| c == '"' || c.is_whitespace())
            .map_or(0, |i| i + 1);
        let digits = rest[at + 5..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len() - at - 5, |n| n);
        let file = &rest[start..at + 4];
        let Ok(line) = rest[at + 5..at + 5 + digits].parse::<u64>() else {
            out.push_str(&rest[..at + 5]);
            rest = &rest[at + 5..];
            continue;
        };
        let lines = ids.entry(file.to_string()).or_insert_with(|| {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .from_path(dir.join(file))
                .unwrap();
            let mut by_line = HashMap::new();
            let mut record = csv::ByteRecord::new();
            // Past the header, so that the first position is the first row's.
            reader.byte_headers().unwrap();
            loop {
                let pos = reader.position().line();
                if !reader.read_byte_record(&mut record).unwrap() {
                    break;
                }
                let id = String::from_utf8_lossy(record.get(0).unwrap_or_default());
                by_line.insert(pos, id.into_owned());
            }
            by_line
        });
        let id = lines
            .get(&line)
            .cloned()
            .unwrap_or_else(|| format!("?{line}"));
        out.push_str(&rest[..at + 4]);
        out.push('#');
        out.push_str(&id);
        rest = &rest[at + 5 + digits..];
    }
    out.push_str(rest);
    out
}

/// Puts a file's rows (given its header) in another order.
type Arrange = Box<dyn FnMut(&csv::ByteRecord, &mut [csv::ByteRecord])>;

#[test]
fn an_export_in_any_row_order_gives_the_same_reports() {
    let base = tempfile::tempdir().unwrap();
    let account = base.path().join("account");
    std::fs::create_dir_all(&account).unwrap();
    generate(&account, 200);
    let want = outputs(&account);
    assert!(want.0.contains(".csv#"), "the JSON names evidence rows");
    assert!(!want.0.contains(".csv#?"), "every evidence row is found");
    assert!(want.2.lines().count() > 100, "tasks: {}", want.2.len());

    let orders: [(&str, Arrange); 3] = [
        ("creation", Box::new(by_creation)),
        ("shuffled", Box::new(shuffled(0x5eed))),
        (
            "backwards",
            Box::new(|_: &csv::ByteRecord, rows: &mut [csv::ByteRecord]| rows.reverse()),
        ),
    ];
    for (name, arrange) in orders {
        let dir = base.path().join(name);
        copy_arranged(&account, &dir, arrange);
        let got = outputs(&dir);
        assert_ne!(
            std::fs::read(account.join("export/Task.csv")).unwrap(),
            std::fs::read(dir.join("export/Task.csv")).unwrap(),
            "{name}: the rows moved"
        );
        same(&format!("{name}: JSON"), &want.0, &got.0);
        same(&format!("{name}: CSV"), &want.1, &got.1);
        same(&format!("{name}: tasks"), &want.2, &got.2);
    }
}

/// Fails at the first line that differs, rather than printing megabytes.
fn same(what: &str, want: &str, got: &str) {
    if want == got {
        return;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(want.lines().count().min(got.lines().count()));
    panic!(
        "{what} differs first at line {}:\n  account order: {:?}\n  other order:   {:?}",
        line + 1,
        want.lines().nth(line),
        got.lines().nth(line)
    );
}
