//! One rule set, two places, the same answers: the query of `rapport sql`, run by
//! DuckDB over an export's CSV files and scored with `rapport score --metrics`,
//! gives the report `rapport score` gives on the files themselves (scores, bands,
//! coverage, flags, every rule's value and evidence, every action), on the bundled
//! example and on a generated export. Keyword classes match in SQL where they
//! match in rapport.
//!
//! These tests need DuckDB's Python package (`pip install duckdb`), found in the
//! Python that `RAPPORT_PYTHON` names, else the virtualenv `.ci/run` makes in
//! target/ci-python, else `python3`. Without it they say loudly that they
//! skipped, and under CI they fail.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::OnceLock;

use assert_cmd::Command;
use rapport::spec::KeywordClass;
use rapport::warehouse::{Dialect, class_regex};
use serde_json::Value;

const AS_OF: &str = "2026-06-30";

/// Runs a SQL script with DuckDB and writes the last statement's result as CSV or
/// JSON lines.
const RUN_DUCKDB: &str = r#"
import csv, datetime, json, sys
import duckdb
script, out, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
con = duckdb.connect()
con.execute(open(script, encoding="utf-8").read())
rows = con.fetchall()
cols = [d[0] for d in con.description]
def cell(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    return v
with open(out, "w", newline="", encoding="utf-8") as f:
    if fmt == "csv":
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if v is None else cell(v) for v in r])
    else:
        for r in rows:
            f.write(json.dumps({c: cell(v) for c, v in zip(cols, r)}) + "\n")
"#;

/// The Python with DuckDB's package, if there is one.
fn python_with_duckdb() -> Option<&'static Path> {
    static FOUND: OnceLock<Option<PathBuf>> = OnceLock::new();
    FOUND
        .get_or_init(|| common::python_importing(&["duckdb"]))
        .as_deref()
}

/// The Python to run DuckDB with; only called after `duckdb()` said yes.
pub(crate) fn python() -> &'static Path {
    python_with_duckdb().unwrap_or(Path::new("python3"))
}

/// Whether DuckDB can be used; when it cannot, says so (and fails under CI).
pub(crate) fn duckdb() -> bool {
    let found = python_with_duckdb().is_some();
    if !found {
        common::missing_tool(
            "DuckDB's Python package",
            "pip install duckdb, or set RAPPORT_PYTHON to a Python that has it",
        );
    }
    found
}

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn stdout(args: &[&str]) -> Vec<u8> {
    let out = rapport().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "rapport {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs a SQL script with DuckDB, the last statement's result written to `out`
/// as CSV or JSON lines (`fmt`).
pub(crate) fn run_duckdb(script: &Path, out: &Path, fmt: &str) {
    let run = Process::new(python())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", RUN_DUCKDB])
        .arg(script)
        .arg(out)
        .arg(fmt)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "DuckDB failed on {}:\n{}",
        script.display(),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The report of `rapport score` on the files, and of `rapport score --metrics`
/// on DuckDB's result of the query over the same files.
pub(crate) fn both_reports(export: &Path, rules: Option<&Path>, format: &str) -> (Value, Value) {
    let dir = tempfile::tempdir().unwrap();
    let export = export.to_str().unwrap();
    let mut rule_args = vec!["--no-config"];
    if let Some(r) = rules {
        rule_args = vec!["--rules", r.to_str().unwrap()];
    }
    let mut sql_args = vec!["sql", "--dialect", "duckdb", "--as-of", AS_OF];
    sql_args.extend(&rule_args);
    sql_args.extend(["--views", export]);
    let script = dir.path().join("metrics.sql");
    std::fs::write(&script, stdout(&sql_args)).unwrap();
    let table = dir.path().join(format!("metrics.{format}"));
    let run = Process::new(python())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", RUN_DUCKDB])
        .arg(&script)
        .arg(&table)
        .arg(format)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "DuckDB failed on {}:\n{}",
        script.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let mut from_sql = vec!["score", "--metrics", table.to_str().unwrap()];
    from_sql.extend(&rule_args);
    from_sql.extend(["--format", "json", "--quiet"]);
    let mut from_files = vec!["score", export, "--as-of", AS_OF];
    from_files.extend(&rule_args);
    from_files.extend(["--format", "json", "--quiet"]);
    let parse = |b: Vec<u8>| serde_json::from_slice::<Value>(&b).expect("JSON report");
    (parse(stdout(&from_files)), parse(stdout(&from_sql)))
}

/// What must agree: everything but where the rows came from (file and line),
/// and the history of tables no rule is judged over, which a metrics table
/// does not carry.
fn comparable(report: &Value) -> Value {
    let mut r = report.clone();
    r.as_object_mut().unwrap().remove("inputs");
    r.as_object_mut().unwrap().remove("history");
    for acc in r["accounts"].as_array_mut().unwrap() {
        for rule in acc["rules"].as_array_mut().unwrap() {
            rule["evidence"].as_object_mut().unwrap().remove("source");
        }
    }
    r
}

/// Fails with the first account that differs, both sides side by side.
pub(crate) fn assert_same(export: &str, engine: &Value, sql: &Value) {
    let (e, s) = (comparable(engine), comparable(sql));
    if e == s {
        return;
    }
    assert_eq!(
        e["not_assessed"], s["not_assessed"],
        "{export}: not_assessed differs"
    );
    let (ea, sa) = (
        e["accounts"].as_array().unwrap(),
        s["accounts"].as_array().unwrap(),
    );
    assert_eq!(ea.len(), sa.len(), "{export}: account count differs");
    for (x, y) in ea.iter().zip(sa) {
        if x == y {
            continue;
        }
        for key in ["id", "score", "band", "coverage", "flags", "actions"] {
            assert_eq!(
                x[key], y[key],
                "{export}: account {} ({}) differs in {key}\n  rapport score: {}\n  via SQL:       {}",
                x["id"], x["name"], x[key], y[key]
            );
        }
        for (rx, ry) in x["rules"]
            .as_array()
            .unwrap()
            .iter()
            .zip(y["rules"].as_array().unwrap())
        {
            assert_eq!(
                rx, ry,
                "{export}: account {} ({}) differs in rule {}",
                x["id"], x["name"], rx["id"]
            );
        }
        panic!("{export}: account {} differs:\n{x:#}\n{y:#}", x["id"]);
    }
    for (key, value) in e.as_object().unwrap().iter().chain(s.as_object().unwrap()) {
        assert_eq!(
            e[key], s[key],
            "{export}: the reports differ in {key} ({value:.0})"
        );
    }
    panic!("{export}: the reports differ");
}

/// Like [`assert_same`] where the file pass rejected most rows of a table: it
/// then marks that table's rules not assessed, which a metrics table cannot
/// know (the warehouse keeps no rejects). Every other rule must agree, account
/// by account, and the marked ones must be marked for a rejected table.
pub(crate) fn assert_same_where_assessed(export: &str, engine: &Value, sql: &Value) {
    let alarmed: Vec<&str> = engine["not_assessed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| {
            n["reason"]
                .as_str()
                .is_some_and(|r| r.contains("% of rows rejected"))
        })
        .map(|n| n["rule"].as_str().unwrap())
        .collect();
    if alarmed.is_empty() {
        return assert_same(export, engine, sql);
    }
    assert!(
        engine["notices"]
            .as_array()
            .is_some_and(|n| n.iter().any(|n| n["kind"] == "mostly-rejected")),
        "{export}: rules marked without the notice"
    );
    let (ea, sa) = (
        engine["accounts"].as_array().unwrap(),
        sql["accounts"].as_array().unwrap(),
    );
    assert_eq!(ea.len(), sa.len(), "{export}: account count differs");
    for (x, y) in ea.iter().zip(sa) {
        assert_eq!(x["id"], y["id"], "{export}: accounts in another order");
        let rules = |a: &Value| -> Vec<Value> {
            a["rules"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| !alarmed.contains(&r["id"].as_str().unwrap()))
                .map(|r| {
                    let mut r = r.clone();
                    r["evidence"].as_object_mut().unwrap().remove("source");
                    serde_json::json!({"id": r["id"], "status": r["status"], "value": r["value"], "points": r["points"], "evidence": r["evidence"]})
                })
                .collect()
        };
        assert_eq!(
            rules(x),
            rules(y),
            "{export}: account {} differs outside the rules of a mostly rejected table",
            x["id"]
        );
    }
}

#[test]
fn the_bundled_example_scores_the_same_through_duckdb() {
    if !duckdb() {
        return;
    }
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let (engine, sql) = both_reports(&export, None, "csv");
    assert_eq!(engine["accounts"].as_array().unwrap().len(), 43);
    assert_same("examples/brightline", &engine, &sql);
}

#[test]
fn a_generated_export_scores_the_same_through_duckdb() {
    if !duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    let status = Process::new(common::generator(dir.path()))
        .args(["--accounts", "300"])
        .arg(&export)
        .output()
        .unwrap();
    assert!(status.status.success(), "gen failed");
    let (engine, sql) = both_reports(&export, None, "json");
    assert!(engine["accounts"].as_array().unwrap().len() > 250);
    assert_same("generated export", &engine, &sql);
}

/// A rule set with a hostile keyword class, `[columns]` and a custom rule.
const HOSTILE_RULES: &str = r#"
extends = "default"

[classes.hostile]
match = ["it's", "x'); DROP TABLE accounts; --", "back\\slash", "\"quoted\"", "a.b*", "(paren)", "call"]

[[rule]]
id = "hostile-words"
title = "Counts activities whose subject holds a hostile keyword"
metric = { table = "activities", aggregate = "count", where = [{ field = ["subject", "description"], matches = "hostile" }] }
curve = { better = "higher", full = 3, zero = 0 }
weight = 2
action = "Talk to {contact} at {account}: {count} so far."

[[rule]]
id = "roles-named"
title = "Values written with quotes"
metric = { table = "activities", aggregate = "distinct", field = "contact.role", values = ["buyer", "gate'keeper"], where = [{ field = "type", not_in = ["o'brien", "x\\y"] }] }
curve = { better = "higher", full = 2, zero = 0 }
weight = 1
contact = "missing"
action = "Meet the {missing} at {account}."
"#;

#[test]
fn hostile_keywords_are_data_not_sql() {
    if !duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("hostile.toml");
    std::fs::write(&rules, HOSTILE_RULES).unwrap();
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let (engine, sql) = both_reports(&export, Some(&rules), "csv");
    assert_same("examples/brightline with hostile rules", &engine, &sql);
    let hits: Vec<&Value> = engine["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["rules"].as_array().unwrap())
        .filter(|r| r["id"] == "hostile-words" && r["value"].as_f64() > Some(0.0))
        .collect();
    assert!(!hits.is_empty(), "the hostile class matched nothing");
}

/// A small deterministic generator of texts and keywords.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }

    fn word(&mut self, parts: &[&str], max: usize) -> String {
        let len = 1 + self.next(max);
        (0..len).map(|_| parts[self.next(parts.len())]).collect()
    }
}

#[test]
fn keyword_classes_match_in_sql_where_they_match_in_rapport() {
    if !duckdb() {
        return;
    }
    let pieces = [
        "a", "B", "ro", "I", "roi", "Det", "1", " ", "-", ".", "'", ":", "é", "É", "’", "ß", "\n",
        "(", "*", "_", "\\", "review", "k",
    ];
    let mut rng = Lcg(7);
    let mut cases = Vec::new();
    let mut expected = Vec::new();
    for _ in 0..300 {
        let keywords: Vec<String> = (0..1 + rng.next(3))
            .map(|_| {
                let mut k = rng.word(&pieces[..pieces.len() - 2], 3);
                if rng.next(3) == 0 {
                    k.push('*');
                }
                k
            })
            .filter(|k| !k.trim().trim_end_matches('*').trim().is_empty())
            .collect();
        let Ok(class) = KeywordClass::new("t", None, &keywords) else {
            continue;
        };
        if class.keywords.is_empty() {
            continue;
        }
        let pattern = class_regex(Dialect::Duckdb, &class);
        for _ in 0..10 {
            let text = if rng.next(2) == 0 {
                // Build the text around a keyword so that matches are common.
                let k = class.keywords[rng.next(class.keywords.len())].trim_end_matches('*');
                format!("{}{k}{}", rng.word(&pieces, 2), rng.word(&pieces, 2))
            } else {
                rng.word(&pieces, 6)
            };
            expected.push(class.is_match(text.as_bytes()));
            cases.push(serde_json::json!([pattern, text]));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cases.json");
    std::fs::write(&input, serde_json::to_string(&cases).unwrap()).unwrap();
    let script = r#"
import json, sys, duckdb
cases = json.load(open(sys.argv[1], encoding="utf-8"))
con = duckdb.connect()
print(json.dumps([con.execute("SELECT regexp_matches(?, ?)", [t, p]).fetchone()[0] for p, t in cases]))
"#;
    let out = Process::new(python())
        .args(["-c", script])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<bool> = serde_json::from_slice(&out.stdout).unwrap();
    for (i, (e, g)) in expected.iter().zip(&got).enumerate() {
        assert_eq!(
            e, g,
            "pattern {} on text {:?}: rapport says {e}, DuckDB says {g}",
            cases[i][0], cases[i][1]
        );
    }
    assert!(
        expected.iter().filter(|m| **m).count() > 100,
        "too few matches to mean much"
    );
}

/// The query text for each dialect, kept in tests/golden/ so a change to it is
/// seen in review. `RAPPORT_BLESS=1 cargo test --test it warehouse::` rewrites them.
#[test]
fn the_query_for_each_dialect_matches_its_golden_file() {
    for dialect in ["duckdb", "postgres", "bigquery", "spark"] {
        let sql = String::from_utf8(stdout(&[
            "sql",
            "--dialect",
            dialect,
            "--as-of",
            AS_OF,
            "--no-config",
        ]))
        .unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(format!("metrics-{dialect}.sql"));
        if std::env::var_os("RAPPORT_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &sql).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        if golden != sql {
            let line = golden
                .lines()
                .zip(sql.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(golden.lines().count().min(sql.lines().count()));
            panic!(
                "{}: the {dialect} query changed, first at line {}:\n  golden: {:?}\n  now:    {:?}\nIf the change is meant, run RAPPORT_BLESS=1 cargo test --test it warehouse::",
                path.display(),
                line + 1,
                golden.lines().nth(line),
                sql.lines().nth(line)
            );
        }
    }
}

fn sql_error(dialect: &str, rules: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, rules).unwrap();
    let out = rapport()
        .args(["sql", "--dialect", dialect, "--as-of", AS_OF, "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "expected a failure");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for e in expected {
        assert!(stderr.contains(e), "expected {e:?} in:\n{stderr}");
    }
}

#[test]
fn what_a_dialect_cannot_express_is_refused_naming_rule_and_dialect() {
    let nul_keyword = r#"
extends = "default"
[classes.odd]
match = ["a\u0000b"]
[[rule]]
id = "odd-words"
title = "t"
metric = { table = "activities", aggregate = "count", where = [{ field = "subject", matches = "odd" }] }
curve = { better = "higher", full = 1, zero = 0 }
action = "a"
"#;
    sql_error(
        "postgres",
        nul_keyword,
        &["rule 'odd-words'", "class 'odd'", "PostgreSQL", "NUL"],
    );
    sql_error("duckdb", nul_keyword, &["rule 'odd-words'", "DuckDB"]);
    let text_of_boolean = r#"
extends = "default"
[[rule]]
id = "closed-text"
title = "t"
metric = { table = "tickets", aggregate = "count", where = [{ field = "is_closed", in = ["yes"] }] }
curve = { better = "higher", full = 1, zero = 0 }
action = "a"
"#;
    sql_error(
        "bigquery",
        text_of_boolean,
        &[
            "rule 'closed-text'",
            "tickets.is_closed",
            "BigQuery",
            "use `is`",
        ],
    );
    let long_id = format!(
        "extends = \"default\"\n[[rule]]\nid = \"{}\"\ntitle = \"t\"\nmetric = {{ table = \"activities\", aggregate = \"count\" }}\ncurve = {{ better = \"higher\", full = 1, zero = 0 }}\naction = \"a\"\n",
        "a".repeat(60)
    );
    sql_error("postgres", &long_id, &["63 bytes", "PostgreSQL", "shorten"]);
    let out = rapport()
        .args([
            "sql",
            "--dialect",
            "spark",
            "--views",
            "examples/brightline",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--views reads CSV files with DuckDB"));
}

#[test]
fn tables_and_columns_map_to_quoted_warehouse_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.toml");
    std::fs::write(
        &path,
        r#"
extends = "default"
[tables]
activities = "crm.Activity Log"
orders = false
[columns.activities]
date = ["Visit \"Day\"", "created_at"]
[columns.deals]
competitor = []
"#,
    )
    .unwrap();
    let sql = |dialect: &str| {
        String::from_utf8(stdout(&[
            "sql",
            "--dialect",
            dialect,
            "--as-of",
            AS_OF,
            "--rules",
            path.to_str().unwrap(),
        ]))
        .unwrap()
    };
    let pg = sql("postgres");
    assert!(pg.contains("FROM \"crm\".\"Activity Log\""), "{pg}");
    assert!(pg.contains("\"Visit \"\"Day\"\"\""), "{pg}");
    assert!(pg.contains("\"created_at\""), "{pg}");
    assert!(!pg.contains("\"orders\""), "an absent table is not read");
    assert!(
        !pg.contains("\"competitor\""),
        "an absent column is not read"
    );
    let bq = sql("bigquery");
    assert!(bq.contains("FROM `crm`.`Activity Log`"), "{bq}");
    assert!(bq.contains("`Visit \"Day\"`"), "{bq}");
}

/// A metrics table made by hand from the layout, for the loader's checks.
#[test]
fn a_metrics_table_from_another_rule_set_or_date_is_refused() {
    if !duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let script = dir.path().join("m.sql");
    std::fs::write(
        &script,
        stdout(&[
            "sql",
            "--dialect",
            "duckdb",
            "--no-config",
            "--as-of",
            AS_OF,
            "--views",
            export.to_str().unwrap(),
        ]),
    )
    .unwrap();
    let table = dir.path().join("m.csv");
    let run = Process::new(python())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-c", RUN_DUCKDB])
        .arg(&script)
        .arg(&table)
        .arg("csv")
        .output()
        .unwrap();
    assert!(run.status.success());
    let score = |extra: &[&str]| {
        let mut args = vec![
            "score",
            "--metrics",
            table.to_str().unwrap(),
            "--format",
            "json",
        ];
        args.extend(extra);
        rapport().args(&args).output().unwrap()
    };
    let other_date = score(&["--no-config", "--as-of", "2026-07-01"]);
    assert_eq!(other_date.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other_date.stderr).contains("computed as of 2026-06-30"));

    let rules = dir.path().join("other.toml");
    std::fs::write(
        &rules,
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nmetric = { table = \"activities\", aggregate = \"days-since-last\" }\n",
    )
    .unwrap();
    let other_rules = score(&["--rules", rules.to_str().unwrap()]);
    assert_eq!(other_rules.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other_rules.stderr).contains("computed for another rule set"));

    // A weight or a wording changes nothing the query computed.
    std::fs::write(
        &rules,
        "extends = \"default\"\n[[rule]]\nid = \"contact-recency\"\nweight = 20\n",
    )
    .unwrap();
    assert!(
        score(&["--rules", rules.to_str().unwrap()])
            .status
            .success()
    );

    let text = std::fs::read_to_string(&table).unwrap();
    let header = text
        .lines()
        .next()
        .unwrap()
        .replace("partner__value", "partner__valu");
    let broken = dir.path().join("broken.csv");
    std::fs::write(&broken, format!("{header}\n")).unwrap();
    let out = rapport()
        .args(["score", "--no-config", "--metrics"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("partner__value"));
}

/// Rules over every `sum` the bundled example can back, and a weighted count.
const SUM_RULES: &str = r#"
extends = "default"

[[rule]]
id = "won-revenue"
title = "Revenue won in the last year"
metric = { table = "deals", aggregate = "sum", field = "amount", date = "close_date", within_days = 365, where = [{ field = "is_won", is = true }] }
curve = { better = "higher", full = 50000, zero = 0 }
weight = 1
action = "Won {value} this year"

[[rule]]
id = "order-value"
title = "Orders placed in the last half year"
metric = { table = "orders", aggregate = "sum", field = "amount", within_days = 182 }
curve = { better = "higher", full = 10000, zero = 0 }
weight = 1
action = "Ordered {value} in half a year"

[[rule]]
id = "recent-touches"
title = "Done activities, the recent ones weighing most"
metric = { table = "activities", aggregate = "count", half_life_days = 90, where = [{ field = "done", is = true }] }
curve = { better = "higher", full = 10, zero = 0 }
weight = 1
action = "Touches worth {value}"
"#;

#[test]
fn sums_and_weighted_counts_score_the_same_through_duckdb() {
    if !duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("sum.toml");
    std::fs::write(&rules, SUM_RULES).unwrap();
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let (engine, sql) = both_reports(&export, Some(&rules), "csv");
    let won: Vec<f64> = engine["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            a["rules"]
                .as_array()?
                .iter()
                .find(|r| r["id"] == "won-revenue")?["value"]
                .as_f64()
        })
        .collect();
    assert!(
        won.iter().any(|v| *v > 0.0),
        "the example has won deals in the year: {won:?}"
    );
    assert_same("examples/brightline with sums", &engine, &sql);
}

/// Prints the rows of the `activities` view a script creates, as JSON.
const READ_VIEW: &str = r#"
import json, sys
import duckdb
con = duckdb.connect()
con.execute(open(sys.argv[1], encoding="utf-8").read())
rows = con.execute('SELECT "subject", CAST("date" AS VARCHAR), "is_closed" FROM activities').fetchall()
print(json.dumps(rows))
"#;

/// A CSV cell, quoted.
fn cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The views read dates and booleans as the reader does: every form of
/// `values::grammar` that the views are said to read gives the same time, every
/// other form and every refused cell drops the row, and every boolean word is
/// read in any case. One file per day/month order, decided by rapport from its cells.
#[test]
fn the_views_read_the_grammar_of_the_file_reader() {
    use rapport::ingest::values::grammar::{DATE_FORMS, FALSE_WORDS, NOT_DATES, Order, TRUE_WORDS};
    if !duckdb() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::write(export.join("Account.csv"), "Id,Name\nA1,Acme\n").unwrap();
    // label -> (the time, the boolean) the views must give; absent: dropped.
    let mut expected = std::collections::BTreeMap::new();
    let mut files: Vec<(&str, Vec<String>)> =
        vec![("month-first", Vec::new()), ("day-first", Vec::new())];
    for (i, form) in DATE_FORMS.iter().enumerate() {
        let label = format!("form {i}: {}", form.cell);
        for (name, rows) in &mut files {
            let fits = match form.order {
                Order::Either => true,
                Order::MonthFirst => *name == "month-first",
                Order::DayFirst => *name == "day-first",
            };
            if fits {
                let label = format!("{label} ({name})");
                rows.push(format!(
                    "{},A1,{},{},true",
                    cell(&label),
                    cell(&label),
                    cell(form.cell)
                ));
                if form.views.is_some() {
                    expected.insert(label, (Some(form.utc.to_string()), Some(true)));
                }
            }
        }
    }
    for (i, (bad, order)) in NOT_DATES.iter().enumerate() {
        let name = if *order == Order::DayFirst { 1 } else { 0 };
        let label = format!("not a date {i}: {bad}");
        files[name].1.push(format!(
            "{},A1,{},{},true",
            cell(&label),
            cell(&label),
            cell(bad)
        ));
    }
    let mut words = Vec::new();
    for (list, value) in [(&TRUE_WORDS[..], true), (&FALSE_WORDS[..], false)] {
        for w in list {
            for written in [w.to_string(), w.to_ascii_uppercase()] {
                let label = format!("word {written}");
                words.push(format!(
                    "{},A1,{},2024-01-22,{}",
                    cell(&label),
                    cell(&label),
                    cell(&written)
                ));
                expected.insert(
                    label,
                    (Some("2024-01-22 00:00:00".to_string()), Some(value)),
                );
            }
        }
    }
    words.push("\"word maybe\",A1,\"word maybe\",2024-01-22,maybe".to_string());
    files.push(("words", words));
    for (name, rows) in &files {
        let text = format!(
            "Id,AccountId,Subject,ActivityDate,IsClosed\n{}\n",
            rows.join("\n")
        );
        std::fs::write(export.join(format!("Task-{name}.csv")), text).unwrap();
    }
    let script = dir.path().join("views.sql");
    std::fs::write(
        &script,
        stdout(&[
            "sql",
            "--dialect",
            "duckdb",
            "--no-config",
            "--as-of",
            AS_OF,
            "--views",
            export.to_str().unwrap(),
        ]),
    )
    .unwrap();
    let run = Process::new(python())
        .args(["-c", READ_VIEW])
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "DuckDB failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let rows: Vec<(String, Option<String>, Option<bool>)> =
        serde_json::from_slice(&run.stdout).unwrap();
    let got: std::collections::BTreeMap<String, (Option<String>, Option<bool>)> = rows
        .into_iter()
        .map(|(label, date, closed)| (label, (date, closed)))
        .collect();
    for (label, want) in &expected {
        assert_eq!(got.get(label), Some(want), "{label}");
    }
    for label in got.keys() {
        assert!(
            expected.contains_key(label),
            "{label}: the views read it, the reader's grammar says they do not"
        );
    }
}

/// A ticket's first response and close are its opening plus the elapsed times
/// the export gives as numbers in the header's unit (`first_response_minutes`,
/// `resolution_hours`), in DuckDB's views and the query as in rapport; a ticket
/// whose time is no duration (`soon`) is left out on both sides.
#[test]
fn durations_date_the_first_response_and_close_through_duckdb() {
    if !duckdb() {
        return;
    }
    let export = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/saas-tickets");
    let (engine, sql) = both_reports(&export, None, "csv");
    let acc = common::json::account(&sql, "acc_1");
    let respond = common::json::rule(acc, "respond-quickly");
    assert!(
        respond["value"].is_number(),
        "no first response via SQL: {respond}"
    );
    let resolution = common::json::rule(acc, "resolution-time");
    assert!(
        resolution["value"].is_number(),
        "no close via SQL: {resolution}"
    );
    // The export has no contacts file, which the file pass and a metrics table
    // read apart for `people-on-file`: the tickets' rules are compared.
    for id in ["acc_1", "acc_2"] {
        for rule in ["respond-quickly", "resolution-time", "service-available"] {
            let read = |r: &Value| {
                let mut r = common::json::rule(common::json::account(r, id), rule).clone();
                r["evidence"].as_object_mut().unwrap().remove("source");
                r
            };
            assert_eq!(read(&engine), read(&sql), "{id} {rule}");
        }
    }
}

/// The views' date syntaxes are written from the reader's grammar, and each
/// form it lists names the syntax that reads it: in DuckDB, the first syntax
/// whose expression matches the cell is the one named, and a form the views do
/// not read matches none.
#[test]
fn each_date_form_is_read_by_the_syntax_it_names() {
    use rapport::ingest::values::grammar::{DATE_FORMS, Syntax};
    if !duckdb() {
        return;
    }
    let patterns: Vec<String> = Syntax::ALL.iter().map(|s| s.regex()).collect();
    let cells: Vec<&str> = DATE_FORMS.iter().map(|f| f.cell).collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cases.json");
    std::fs::write(
        &input,
        serde_json::json!({"patterns": patterns, "cells": cells}).to_string(),
    )
    .unwrap();
    let script = r#"
import json, sys, duckdb
cases = json.load(open(sys.argv[1], encoding="utf-8"))
con = duckdb.connect()
out = []
for cell in cases["cells"]:
    hits = [i for i, p in enumerate(cases["patterns"]) if con.execute("SELECT regexp_full_match(?, ?)", [cell, p]).fetchone()[0]]
    out.append(hits[0] if hits else None)
print(json.dumps(out))
"#;
    let out = Process::new(python())
        .args(["-c", script])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first: Vec<Option<usize>> = serde_json::from_slice(&out.stdout).unwrap();
    for (form, hit) in DATE_FORMS.iter().zip(&first) {
        let named = form
            .views
            .map(|s| Syntax::ALL.iter().position(|x| *x == s).unwrap());
        assert_eq!(
            *hit, named,
            "{:?}: matched by {hit:?}, names {:?}",
            form.cell, form.views
        );
    }
}
