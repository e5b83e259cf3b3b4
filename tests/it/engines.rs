//! The warehouse engines for real: the query of `rapport sql` run by PostgreSQL
//! (a throwaway cluster owned by the test run) and by Spark SQL (pyspark in
//! local mode) over an export loaded as warehouse tables, then scored with
//! `rapport score --metrics`, gives the report `rapport score` gives on the
//! files. BigQuery's query, which no engine here can run, is parsed by a real
//! parser of its dialect (sqlglot). The rule-file presets for Fivetran-synced
//! Salesforce and HubSpot run in DuckDB over the connector's own seed tables.
//!
//! The tables are made the way a sync would make them: rapport's DuckDB views
//! read the export's files as `rapport score` reads them, and each view is
//! written out as a typed table without the views' row-order columns, so the
//! query reads them as it reads any warehouse (ties broken by id).
//!
//! What they need: PostgreSQL's server binaries (Debian's `postgresql`), Java
//! and the Python packages duckdb, pyspark and sqlglot, in the Python that
//! `RAPPORT_PYTHON` names, else the virtualenv `.ci/run` makes in
//! target/ci-python, else `python3`. Without one of them a test says loudly that
//! it skipped; under CI (`CI` set, not empty nor "false") it fails instead.

use crate::common::{self, missing_tool, succeeded};

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::Instant;

use assert_cmd::Command;
use rapport::spec::RuleSet;
use rapport::warehouse::{Dialect, duckdb_views, metrics_query};
use serde_json::Value;

const AS_OF: &str = "2026-06-30";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Tools, and what happens without them

/// A Python that can import every one of `modules`; says so when there is none.
fn python_with(modules: &[&str]) -> Option<PathBuf> {
    let found = common::python_importing(modules);
    if found.is_none() {
        missing_tool(
            &format!("the Python package(s) {}", modules.join(", ")),
            &format!(
                "pip install {}, or set RAPPORT_PYTHON to a Python that has them",
                modules.join(" ")
            ),
        );
    }
    found
}

/// Whether `program` runs at all.
fn runs(program: &Path, arg: &str) -> bool {
    Process::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The folder of PostgreSQL's server programs: `RAPPORT_PG_BIN`, else the
/// newest of Debian's /usr/lib/postgresql/N/bin, else the one on PATH.
fn postgres_bin() -> Option<PathBuf> {
    let has_all = |dir: &Path| {
        ["initdb", "pg_ctl", "psql"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    if let Some(dir) = std::env::var_os("RAPPORT_PG_BIN").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir)).filter(|d| has_all(d));
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_all(bin))
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .find(|d| has_all(d))
}

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.current_dir(root());
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

fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

// ---------------------------------------------------------------------------
// An export as warehouse tables

/// Runs rapport's DuckDB views over an export and writes each canonical table
/// as `NAME.csv`, with its columns and types in `tables.json`. The views'
/// bookkeeping columns come along (`_file`, `_line`: the row order rapport
/// breaks ties in; `FIELD__mapped`: whether the row's file had the column).
const MATERIALIZE: &str = r#"
import csv, datetime, json, sys
import duckdb
views, out = sys.argv[1], sys.argv[2]
con = duckdb.connect()
con.execute(open(views, encoding="utf-8").read())
def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat(sep=" ") if isinstance(v, datetime.datetime) else v.isoformat()
    return v
tables = {}
names = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()
for (name,) in names:
    cols = [(c, t) for c, t, *_ in con.execute(f'DESCRIBE "{name}"').fetchall()]
    keep = cols
    rows = con.execute(f'SELECT * FROM "{name}" ORDER BY "_file", "_line"').fetchall()
    with open(f"{out}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c for c, _ in keep])
        for r in rows:
            w.writerow([cell(v) for v in r])
    tables[name] = keep
with open(f"{out}/tables.json", "w", encoding="utf-8") as f:
    json.dump(tables, f)
"#;

/// Loads the tables of a sync tool's seeds (tests/fixtures/fivetran-*) into
/// DuckDB under their own names (`sf_task_data.csv` is `task`; a `_links` file
/// adds rows to its table), typed as DuckDB reads them (timestamps, booleans,
/// numbers), in schema `synced` of `warehouse.duckdb`; writes each as `NAME.csv`
/// with its columns and types in `tables.json`, and the column listing
/// `rapport sql --columns` reads (`columns.csv`, from information_schema).
const LOAD_SYNCED: &str = r#"
import glob, json, os, re, sys
import duckdb
export, out = sys.argv[1], sys.argv[2]
con = duckdb.connect(os.path.join(out, "warehouse.duckdb"))
con.execute("CREATE SCHEMA synced")
def q(s):
    return "'" + s.replace("'", "''") + "'"
files = {}
for path in sorted(glob.glob(os.path.join(export, "*.csv"))):
    name = re.sub(r"^sf_", "", re.sub(r"_(data|links)$", "", os.path.basename(path)[:-4]))
    files.setdefault(name, []).append(path)
tables = {}
for name, paths in files.items():
    con.execute(f'CREATE TABLE synced."{name}" AS SELECT * FROM read_csv({q(paths[0])}, header = true)')
    for p in paths[1:]:
        con.execute(f'INSERT INTO synced."{name}" BY NAME SELECT * FROM read_csv({q(p)}, header = true)')
    # A column empty in every seed row is text to DuckDB; the sync tool types it
    # from the API (a flag, a date), so it is typed here from its name.
    for c, t, *_ in con.execute(f'DESCRIBE synced."{name}"').fetchall():
        if t != "VARCHAR" or con.execute(f'SELECT count("{c}") FROM synced."{name}"').fetchone()[0]:
            continue
        if re.match(r"^(is|has)_|_deleted$", c):
            con.execute(f'ALTER TABLE synced."{name}" ALTER "{c}" TYPE BOOLEAN')
        elif re.search(r"date|_time$|timestamp", c):
            con.execute(f'ALTER TABLE synced."{name}" ALTER "{c}" TYPE TIMESTAMP')
    tables[name] = [(c, t) for c, t, *_ in con.execute(f'DESCRIBE synced."{name}"').fetchall()]
    con.execute(f'COPY synced."{name}" TO {q(os.path.join(out, name + ".csv"))} (HEADER)')
with open(os.path.join(out, "tables.json"), "w", encoding="utf-8") as f:
    json.dump(tables, f)
con.execute(f"COPY (SELECT table_schema, table_name, column_name, ordinal_position, data_type FROM information_schema.columns WHERE table_schema = 'synced' ORDER BY table_name, ordinal_position) TO {q(os.path.join(out, 'columns.csv'))} (HEADER)")
"#;

/// A sync tool's seeds as the tables it writes, loaded by [`LOAD_SYNCED`].
pub(crate) fn synced_tables(export: &Path, duckdb: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Process::new(duckdb)
        .args(["-c", LOAD_SYNCED])
        .arg(export)
        .arg(dir.path())
        .output()
        .unwrap();
    succeeded("loading the synced tables into DuckDB", &out);
    dir
}

/// The tables and columns `tables.json` lists.
fn listed_columns(dir: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let listed: serde_json::Map<String, Value> =
        serde_json::from_slice(&std::fs::read(dir.join("tables.json")).unwrap()).unwrap();
    listed
        .into_iter()
        .map(|(name, cols)| {
            let cols = cols
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c[0].as_str().unwrap().to_string(),
                        c[1].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (name, cols)
        })
        .collect()
}

/// An export loaded as warehouse tables, and the rule file that tells the query
/// which tables and columns the warehouse lacks.
struct Tables {
    dir: tempfile::TempDir,
    /// Table name -> its columns and DuckDB types.
    columns: Vec<(String, Vec<(String, String)>)>,
}

impl Tables {
    fn of(exports: &[&Path], duckdb: &Path) -> Tables {
        let dir = tempfile::tempdir().unwrap();
        let views = dir.path().join("views.sql");
        let mut args = vec![
            "sql",
            "--dialect",
            "duckdb",
            "--no-config",
            "--as-of",
            AS_OF,
        ];
        args.push("--views");
        args.extend(exports.iter().map(|e| e.to_str().unwrap()));
        std::fs::write(&views, stdout(&args)).unwrap();
        let out = Process::new(duckdb)
            .args(["-c", MATERIALIZE])
            .arg(&views)
            .arg(dir.path())
            .output()
            .unwrap();
        succeeded("writing the export's tables with DuckDB", &out);
        let columns = listed_columns(dir.path());
        let tables = Tables { dir, columns };
        std::fs::write(tables.rules(), tables.mapping()).unwrap();
        tables
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn rules(&self) -> PathBuf {
        self.dir.path().join("warehouse.toml")
    }

    fn csv(&self, table: &str) -> PathBuf {
        self.dir.path().join(format!("{table}.csv"))
    }

    /// `[tables]` and `[columns]` for what the warehouse does not have.
    fn mapping(&self) -> String {
        let mut toml = String::from("extends = \"default\"\n\n[tables]\n");
        let mut columns = String::new();
        for t in rapport::warehouse::TABLES {
            let Some((_, cols)) = self.columns.iter().find(|(n, _)| n == t.sql_name()) else {
                toml.push_str(&format!("{} = false\n", t.name()));
                continue;
            };
            let absent: Vec<&str> = t
                .fields()
                .iter()
                .filter(|f| !f.headers.is_empty() && !cols.iter().any(|(c, _)| c == f.name))
                .map(|f| f.name)
                .collect();
            if !absent.is_empty() {
                columns.push_str(&format!("\n[columns.{}]\n", t.name()));
                for f in absent {
                    columns.push_str(&format!("{f} = []\n"));
                }
            }
        }
        toml + &columns
    }
}

/// `rapport score --metrics` on an engine's result, as JSON, with the given
/// rule arguments.
fn score_metrics(metrics: &Path, rules: &[&str]) -> Value {
    let mut args = vec!["score", "--metrics", metrics.to_str().unwrap()];
    args.extend(rules);
    args.extend(["--format", "json", "--quiet"]);
    serde_json::from_slice(&stdout(&args)).expect("JSON report")
}

/// `rapport score` on the files themselves, as JSON, with the built-in rules.
fn score_files(exports: &[&Path]) -> Value {
    let mut args = vec!["score"];
    args.extend(exports.iter().map(|e| e.to_str().unwrap()));
    args.extend([
        "--as-of",
        AS_OF,
        "--no-config",
        "--format",
        "json",
        "--quiet",
    ]);
    serde_json::from_slice(&stdout(&args)).expect("JSON report")
}

/// The query over tables shaped like rapport's views of the export, as
/// `rapport sql --views` writes it for DuckDB but in `dialect`: it reads the
/// bookkeeping columns, so it breaks ties in file order and treats a file
/// without a column as rapport does, and must give rapport's report exactly.
fn export_query(dialect: Dialect, exports: &[&Path], tables: &Tables) -> PathBuf {
    let rules = RuleSet::builtin().unwrap();
    let paths: Vec<PathBuf> = exports.iter().map(|e| e.to_path_buf()).collect();
    let (inputs, _) = rapport::recognise_all(&rules, &[], &paths).unwrap();
    let (_, schema) = duckdb_views(&rules, &inputs).unwrap();
    let sql = metrics_query(&rules, dialect, common::as_of_day(), &schema).unwrap();
    let path = tables.path().join(format!("export-{dialect:?}.sql"));
    std::fs::write(&path, sql).unwrap();
    path
}

/// The query `rapport sql --dialect DIALECT` writes for the tables as any
/// warehouse holds them, told by the rule file which tables and columns it lacks.
fn query(dialect: &str, tables: &Tables) -> PathBuf {
    let path = tables.path().join(format!("metrics-{dialect}.sql"));
    let rules = tables.rules();
    std::fs::write(
        &path,
        stdout(&[
            "sql",
            "--dialect",
            dialect,
            "--as-of",
            AS_OF,
            "--rules",
            rules.to_str().unwrap(),
        ]),
    )
    .unwrap();
    path
}

/// The warehouse reading lists every account the files have, each scored.
/// It may differ from the files' report where an export's files differ in
/// their columns (docs/warehouse.md, "One set of columns").
fn assert_same_accounts(case: &str, files: &Value, warehouse: &Value) {
    let ids = |r: &Value| -> Vec<String> {
        let mut ids: Vec<String> = r["accounts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(files),
        ids(warehouse),
        "{case}: the warehouse's accounts"
    );
    for a in warehouse["accounts"].as_array().unwrap() {
        assert!(a["score"].is_number(), "{case}: {} has no score", a["id"]);
    }
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
fn assert_same(case: &str, engine: &Value, sql: &Value) {
    let (e, s) = (comparable(engine), comparable(sql));
    if e == s {
        return;
    }
    assert_eq!(
        e["not_assessed"], s["not_assessed"],
        "{case}: not_assessed differs"
    );
    let (ea, sa) = (
        e["accounts"].as_array().unwrap(),
        s["accounts"].as_array().unwrap(),
    );
    assert_eq!(ea.len(), sa.len(), "{case}: account count differs");
    for x in ea {
        let y = sa
            .iter()
            .find(|y| y["id"] == x["id"])
            .unwrap_or_else(|| panic!("{case}: account {} is missing via SQL", x["id"]));
        if x == y {
            continue;
        }
        for (rx, ry) in x["rules"]
            .as_array()
            .unwrap()
            .iter()
            .zip(y["rules"].as_array().unwrap())
        {
            assert_eq!(
                rx, ry,
                "{case}: account {} ({}) differs in rule {}",
                x["id"], x["name"], rx["id"]
            );
        }
        for key in ["id", "score", "band", "coverage", "flags", "actions"] {
            assert_eq!(
                x[key], y[key],
                "{case}: account {} ({}) differs in {key}\n  rapport score: {}\n  via SQL:       {}",
                x["id"], x["name"], x[key], y[key]
            );
        }
        panic!("{case}: account {} differs:\n{x:#}\n{y:#}", x["id"]);
    }
    panic!("{case}: the reports differ");
}

/// The exports every engine is checked on: the bundled example, a generated
/// one of 300 accounts, and the bundled example with only its activities of
/// the 120 days before the as-of date. The folder holds the generated files.
fn exports() -> (tempfile::TempDir, Vec<(&'static str, PathBuf)>) {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("export");
    let out = Process::new(common::generator(dir.path()))
        .args(["--accounts", "300"])
        .arg(&generated)
        .output()
        .unwrap();
    succeeded("examples/gen.rs", &out);
    let short = dir.path().join("short-history");
    crate::history::write_recent_brightline(&short);
    let cases = vec![
        ("examples/brightline", root().join("examples/brightline")),
        ("a generated export", generated),
        ("examples/brightline cut to 120 days of activities", short),
    ];
    (dir, cases)
}

// ---------------------------------------------------------------------------
// PostgreSQL

/// A PostgreSQL cluster in a temp folder, listening only on a unix socket
/// there; stopped and removed when dropped, also when a test fails. As root
/// (CI), the server runs as `nobody`, since initdb refuses to run as root.
struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_user: Option<&'static str>,
}

const PG_USER: &str = "rapport";

impl Cluster {
    fn start(bin: &Path) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let as_user = is_root().then_some("nobody");
        let cluster = Cluster {
            dir,
            bin: bin.to_path_buf(),
            as_user,
        };
        if as_user.is_some() {
            use std::os::unix::fs::PermissionsExt as _;
            // nobody must reach its data folder and socket inside our temp folder.
            std::fs::set_permissions(cluster.dir.path(), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        for sub in ["data", "socket"] {
            let path = cluster.dir.path().join(sub);
            std::fs::create_dir(&path).unwrap();
            if as_user.is_some() {
                let out = Process::new("chown")
                    .arg("nobody")
                    .arg(&path)
                    .output()
                    .unwrap();
                succeeded("chown nobody", &out);
            }
        }
        let data = cluster.data();
        let out = cluster
            .server_command("initdb")
            .args([
                "--no-locale",
                "-E",
                "UTF8",
                "-A",
                "trust",
                "-U",
                PG_USER,
                "-D",
            ])
            .arg(&data)
            .output()
            .unwrap();
        succeeded("initdb", &out);
        let options = format!(
            "-k {} -c listen_addresses= -c fsync=off -c full_page_writes=off",
            cluster.socket().display()
        );
        let out = cluster
            .server_command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(data.join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .output()
            .unwrap();
        if !out.status.success() {
            let log = std::fs::read_to_string(data.join("server.log")).unwrap_or_default();
            panic!(
                "pg_ctl start failed:\n{}\n{log}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn socket(&self) -> PathBuf {
        self.dir.path().join("socket")
    }

    /// A server program, run as the cluster's owner.
    fn server_command(&self, program: &str) -> Process {
        let path = self.bin.join(program);
        match self.as_user {
            Some(user) => {
                let mut c = Process::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Process::new(path),
        }
    }

    /// psql on a database, stopping at the first error.
    fn psql(&self, database: &str) -> Process {
        let mut c = Process::new(self.bin.join("psql"));
        c.arg("-X")
            .arg("-q")
            .args(["-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(self.socket())
            .args(["-U", PG_USER, "-d", database])
            .env("PGTZ", "UTC");
        c
    }

    /// Loads the tables into a new database and returns its name.
    fn load(&self, name: &str, tables: &Tables) {
        let out = self
            .psql("postgres")
            .args(["-c", &format!("CREATE DATABASE {name}")])
            .output()
            .unwrap();
        succeeded("CREATE DATABASE", &out);
        let mut script = String::new();
        for (table, cols) in &tables.columns {
            let cols: Vec<String> = cols
                .iter()
                .map(|(c, ty)| format!("\"{c}\" {}", postgres_type(ty)))
                .collect();
            script.push_str(&format!(
                "CREATE TABLE \"{table}\" ({});\n",
                cols.join(", ")
            ));
            // psql's \copy reads the file as the client, so the server needs no access.
            script.push_str(&format!(
                "\\copy \"{table}\" FROM '{}' CSV HEADER\n",
                tables.csv(table).display()
            ));
        }
        let path = tables.path().join("load-postgres.sql");
        std::fs::write(&path, script).unwrap();
        let out = self.psql(name).arg("-f").arg(&path).output().unwrap();
        succeeded("loading the tables into PostgreSQL", &out);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .server_command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn postgres_type(duckdb: &str) -> &'static str {
    match duckdb {
        "BOOLEAN" => "BOOLEAN",
        "TIMESTAMP" => "TIMESTAMP",
        "DATE" => "DATE",
        "BIGINT" | "INTEGER" => "BIGINT",
        "DOUBLE" => "DOUBLE PRECISION",
        "TIMESTAMP WITH TIME ZONE" => "TIMESTAMPTZ",
        _ => "TEXT",
    }
}

#[test]
fn exports_score_the_same_through_postgresql() {
    let Some(bin) = postgres_bin() else {
        missing_tool(
            "PostgreSQL's server (initdb, pg_ctl, psql)",
            "apt-get install postgresql, or set RAPPORT_PG_BIN to its bin folder",
        );
        return;
    };
    let Some(duckdb) = python_with(&["duckdb"]) else {
        return;
    };
    let started = Instant::now();
    let cluster = Cluster::start(&bin);
    let (_dir, cases) = exports();
    for (n, (case, export)) in cases.iter().enumerate() {
        let tables = Tables::of(&[export], &duckdb);
        let database = format!("export{n}");
        cluster.load(&database, &tables);
        let run = |sql: &Path, out: &str| {
            let metrics = tables.path().join(out);
            let result = cluster
                .psql(&database)
                .arg("--csv")
                .arg("-f")
                .arg(sql)
                .arg("-o")
                .arg(&metrics)
                .output()
                .unwrap();
            succeeded(
                &format!("PostgreSQL on {case} ({})", sql.display()),
                &result,
            );
            metrics
        };
        let files = score_files(&[export]);
        assert!(files["accounts"].as_array().unwrap().len() > 40, "{case}");
        let exact = run(
            &export_query(Dialect::Postgres, &[export], &tables),
            "metrics.csv",
        );
        let via_sql = score_metrics(&exact, &["--no-config"]);
        assert_same(&format!("{case} through PostgreSQL"), &files, &via_sql);
        // The same tables read as a warehouse's, through the command line.
        let rules = tables.rules();
        let warehouse = run(&query("postgres", &tables), "metrics-warehouse.csv");
        let via_warehouse = score_metrics(&warehouse, &["--rules", rules.to_str().unwrap()]);
        assert_same_accounts(case, &files, &via_warehouse);
    }
    say(&format!(
        "PostgreSQL: cluster, {} exports loaded, queried and compared in {:.1}s",
        cases.len(),
        started.elapsed().as_secs_f64()
    ));
}

/// The Fivetran seeds as the tables Fivetran writes into PostgreSQL, under
/// their own names: `rapport sql --dialect postgres --preset` over them, with
/// the column listing PostgreSQL's information_schema gives, scores as
/// `rapport score --preset` scores the files (where the file pass assessed).
#[test]
fn synced_tables_score_the_same_through_postgresql() {
    let Some(bin) = postgres_bin() else {
        missing_tool(
            "PostgreSQL's server (initdb, pg_ctl, psql)",
            "apt-get install postgresql, or set RAPPORT_PG_BIN to its bin folder",
        );
        return;
    };
    let Some(duckdb) = python_with(&["duckdb"]) else {
        return;
    };
    let started = Instant::now();
    let cluster = Cluster::start(&bin);
    let linked = crate::fivetran::linked_hubspot_without_stages();
    let cases = [
        (
            "fivetran-salesforce",
            crate::fivetran::fixture("fivetran-salesforce"),
        ),
        ("fivetran-hubspot", linked.path().to_path_buf()),
    ];
    for (n, (preset, export)) in cases.iter().enumerate() {
        let dir = synced_tables(export, &duckdb);
        let columns = listed_columns(dir.path());
        let tables = Tables { dir, columns };
        let database = format!("synced{n}");
        cluster.load(&database, &tables);
        let listing = tables.path().join("pg-columns.csv");
        let out = cluster
            .psql(&database)
            .arg("--csv")
            .args([
                "-c",
                "SELECT table_schema, table_name, column_name, ordinal_position, data_type FROM information_schema.columns WHERE table_schema = 'public'",
            ])
            .arg("-o")
            .arg(&listing)
            .output()
            .unwrap();
        succeeded("listing the columns in PostgreSQL", &out);
        std::fs::copy(&listing, tables.path().join("columns.csv")).unwrap();
        let sql = tables.path().join("synced.sql");
        std::fs::write(
            &sql,
            crate::fivetran::synced_query(preset, "postgres", tables.path(), "public"),
        )
        .unwrap();
        let metrics = tables.path().join("metrics.csv");
        let result = cluster
            .psql(&database)
            .arg("--csv")
            .arg("-f")
            .arg(&sql)
            .arg("-o")
            .arg(&metrics)
            .output()
            .unwrap();
        succeeded(&format!("PostgreSQL on the {preset} tables"), &result);
        let (files, via_sql) = crate::fivetran::files_and_metrics(export, preset, &metrics);
        assert!(
            !files["accounts"].as_array().unwrap().is_empty(),
            "{preset}: no account"
        );
        crate::warehouse::assert_same_where_assessed(
            &format!("{preset} tables through PostgreSQL"),
            &files,
            &via_sql,
        );
    }
    say(&format!(
        "PostgreSQL: cluster, the Fivetran tables loaded, queried and compared in {:.1}s",
        started.elapsed().as_secs_f64()
    ));
}

// ---------------------------------------------------------------------------
// Spark SQL

/// Runs [`RUN_SPARK`] on a list of jobs, one Spark session at a time, with a
/// driver of 4 GB: the query is hundreds of CTEs planned into one job, and with
/// Spark's default 1 GB its operators ran out of execution memory now and then on
/// a 2-core CI machine ("Could not allocate memory to grow BytesToBytesMap").
/// The memory is given on the command line Spark is started with, the one place
/// a driver's memory can still be set from Python, with pages of 1 MB: each of
/// the query's hash tables takes a page, and the default (a sixteenth of the
/// memory per core) left no room for hundreds of them.
fn run_spark(python: &Path, jobs: &Path) -> std::process::Output {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    Process::new(python)
        .env(
            "PYSPARK_SUBMIT_ARGS",
            "--driver-memory 4g --conf spark.buffer.pageSize=1m pyspark-shell",
        )
        .args(["-c", RUN_SPARK])
        .arg(jobs)
        .output()
        .unwrap()
}

/// Runs queries with Spark SQL in local mode, one session for all: each job
/// names a folder of tables (`tables.json`, `NAME.csv`), a query and the CSV to
/// write the result to.
const RUN_SPARK: &str = r#"
import csv, datetime, decimal, json, sys, time
from pyspark.sql import SparkSession
jobs = json.load(open(sys.argv[1], encoding="utf-8"))
spark = (SparkSession.builder.master("local[2]").appName("rapport-tests")
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.shuffle.partitions", "1")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .config("spark.driver.host", "127.0.0.1")
    .getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
types = {"VARCHAR": "STRING", "BOOLEAN": "BOOLEAN", "TIMESTAMP": "TIMESTAMP", "TIMESTAMP WITH TIME ZONE": "TIMESTAMP", "DATE": "DATE", "BIGINT": "BIGINT", "INTEGER": "BIGINT", "DOUBLE": "DOUBLE"}
def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return repr(v)
    return str(v)
for job in jobs:
    started = time.time()
    for t in spark.catalog.listTables():
        spark.catalog.dropTempView(t.name)
    tables = json.load(open(job["tables"] + "/tables.json", encoding="utf-8"))
    for name, cols in tables.items():
        ddl = ", ".join(f"`{c}` {types.get(t, 'STRING')}" for c, t in cols)
        (spark.read.schema(ddl).option("header", True).option("multiLine", True)
            .option("escape", '"').option("mode", "FAILFAST")
            .csv(job["tables"] + f"/{name}.csv").createOrReplaceTempView(name))
    result = spark.sql(open(job["query"], encoding="utf-8").read())
    rows = result.collect()
    with open(job["out"], "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(result.columns)
        for r in rows:
            w.writerow([cell(v) for v in r])
    print(f"{job['out']}: {len(rows)} rows in {time.time() - started:.1f}s", file=sys.stderr)
spark.stop()
"#;

#[test]
fn exports_score_the_same_through_spark_sql() {
    let java = Path::new("java");
    if !runs(java, "-version") {
        missing_tool(
            "Java",
            "apt-get install default-jre-headless, for Spark SQL",
        );
        return;
    }
    let Some(duckdb) = python_with(&["duckdb"]) else {
        return;
    };
    let Some(spark) = python_with(&["pyspark"]) else {
        return;
    };
    let started = Instant::now();
    // Spark spends minutes planning a query this size, whatever the data, so
    // both exports go through one query, as one export of two folders. The
    // example cut to 120 days is left out: its ids are the example's own.
    let (_dir, cases) = exports();
    let exports: Vec<&Path> = cases.iter().take(2).map(|(_, e)| e.as_path()).collect();
    let tables = Tables::of(&exports, &duckdb);
    let metrics = tables.path().join("metrics.csv");
    let jobs = serde_json::json!([{
        "tables": tables.path(),
        "query": export_query(Dialect::Spark, &exports, &tables),
        "out": metrics,
    }]);
    let list = tables.path().join("spark-jobs.json");
    std::fs::write(&list, jobs.to_string()).unwrap();
    let out = run_spark(&spark, &list);
    succeeded("Spark SQL", &out);
    let files = score_files(&exports);
    assert!(files["accounts"].as_array().unwrap().len() > 300);
    let via_sql = score_metrics(&metrics, &["--no-config"]);
    assert_same(
        "examples/brightline and a generated export through Spark SQL",
        &files,
        &via_sql,
    );
    say(&format!(
        "Spark SQL: one local session, both exports queried and compared in {:.1}s",
        started.elapsed().as_secs_f64()
    ));
}

/// The rules kept for Spark over the synced tables (the others are switched
/// off, as Spark plans the whole rule set's query for minutes): engagements
/// unioned and joined to their companies and people, and tickets.
const SYNCED_SPARK_RULES: [&str; 2] = ["contact-recency", "respond-quickly"];

/// The Fivetran tables in Spark SQL, under their own names (temporary views
/// of the seeds' tables): `rapport sql --dialect spark --preset` over HubSpot's
/// joined seeds scores as `rapport score --preset` scores the files, on two
/// rules (the Salesforce tables run in DuckDB and PostgreSQL).
#[test]
fn synced_tables_score_the_same_through_spark_sql() {
    if !runs(Path::new("java"), "-version") {
        missing_tool(
            "Java",
            "apt-get install default-jre-headless, for Spark SQL",
        );
        return;
    }
    let Some(duckdb) = python_with(&["duckdb"]) else {
        return;
    };
    let Some(spark) = python_with(&["pyspark"]) else {
        return;
    };
    let started = Instant::now();
    let work = tempfile::tempdir().unwrap();
    let rules = work.path().join("few.toml");
    let mut text = String::from("extends = \"default\"\n");
    for rule in &RuleSet::builtin().unwrap().rules {
        if !SYNCED_SPARK_RULES.contains(&rule.id.as_str()) {
            text.push_str(&format!(
                "\n[[rule]]\nid = \"{}\"\nenabled = false\n",
                rule.id
            ));
        }
    }
    std::fs::write(&rules, text).unwrap();
    let linked = crate::fivetran::linked_hubspot_without_stages();
    let cases = [("fivetran-hubspot", linked.path().to_path_buf())];
    let mut jobs = Vec::new();
    let mut loaded = Vec::new();
    for (preset, export) in &cases {
        let dir = synced_tables(export, &duckdb);
        let sql = dir.path().join("synced.sql");
        let out = rapport()
            .args(["sql", "--dialect", "spark", "--as-of", AS_OF, "--rules"])
            .arg(&rules)
            .args(["--preset", preset, "--columns"])
            .arg(dir.path().join("columns.csv"))
            .output()
            .unwrap();
        succeeded(&format!("rapport sql --preset {preset}"), &out);
        std::fs::write(&sql, &out.stdout).unwrap();
        jobs.push(serde_json::json!({
            "tables": dir.path(),
            "query": sql,
            "out": dir.path().join("metrics.csv"),
        }));
        loaded.push(dir);
    }
    let list = work.path().join("spark-jobs.json");
    std::fs::write(&list, serde_json::Value::Array(jobs).to_string()).unwrap();
    let out = run_spark(&spark, &list);
    succeeded("Spark SQL on the synced tables", &out);
    for ((preset, export), dir) in cases.iter().zip(&loaded) {
        let metrics = dir.path().join("metrics.csv");
        let score = |args: &[&std::ffi::OsStr]| -> Value {
            let mut cmd = rapport();
            cmd.args(args)
                .arg("--rules")
                .arg(&rules)
                .args(["--format", "json", "--quiet"]);
            let out = cmd.output().unwrap();
            succeeded("rapport score", &out);
            serde_json::from_slice(&out.stdout).unwrap()
        };
        let files = score(&[
            "score".as_ref(),
            export.as_os_str(),
            "--preset".as_ref(),
            preset.as_ref(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
        ]);
        let via_sql = score(&["score".as_ref(), "--metrics".as_ref(), metrics.as_os_str()]);
        crate::warehouse::assert_same_where_assessed(
            &format!("{preset} tables through Spark SQL"),
            &files,
            &via_sql,
        );
    }
    say(&format!(
        "Spark SQL: the Fivetran tables queried on {} rules and compared in {:.1}s",
        SYNCED_SPARK_RULES.len(),
        started.elapsed().as_secs_f64()
    ));
}

// ---------------------------------------------------------------------------
// BigQuery

/// Parses each SQL file named on the command line with sqlglot's BigQuery
/// dialect, failing on the first error; prints the statement count of each.
const PARSE_BIGQUERY: &str = r#"
import sys
import sqlglot
from sqlglot.errors import ErrorLevel
for path in sys.argv[1:]:
    sql = open(path, encoding="utf-8").read()
    statements = [s for s in sqlglot.parse(sql, read="bigquery", error_level=ErrorLevel.RAISE) if s is not None]
    if len(statements) != 1 or statements[0].key != "select":
        sys.exit(f"{path}: expected one SELECT, got {[s.key for s in statements]}")
    print(path, len(statements))
"#;

/// No BigQuery here to run the query, so it is parsed by a real parser of its
/// dialect: the golden query, and the query over a warehouse mapping.
#[test]
fn the_bigquery_query_parses_as_bigquery() {
    let Some(sqlglot) = python_with(&["sqlglot"]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let golden = root().join("tests/golden/metrics-bigquery.sql");
    let mapped = dir.path().join("mapped.sql");
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "extends = \"default\"\n[tables]\naccounts = \"my-project.crm.accounts\"\norders = false\n[columns.activities]\ndate = [\"activity_ts\", \"created_at\"]\n",
    )
    .unwrap();
    std::fs::write(
        &mapped,
        stdout(&[
            "sql",
            "--dialect",
            "bigquery",
            "--as-of",
            AS_OF,
            "--rules",
            rules.to_str().unwrap(),
        ]),
    )
    .unwrap();
    // The query over the tables Fivetran writes, listed from the seeds' headers.
    let mut synced = Vec::new();
    for preset in ["fivetran-salesforce", "fivetran-hubspot"] {
        let mut listing = String::from("table_name,column_name\n");
        let seeds = root().join("tests/fixtures").join(preset);
        for entry in std::fs::read_dir(&seeds).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let Some(stem) = name.strip_suffix("_data.csv") else {
                continue;
            };
            let table = stem.strip_prefix("sf_").unwrap_or(stem);
            let text = std::fs::read_to_string(&path).unwrap();
            for column in text.lines().next().unwrap().split(',') {
                listing.push_str(&format!("{table},{}\n", column.trim()));
            }
        }
        let columns = dir.path().join(format!("{preset}-columns.csv"));
        std::fs::write(&columns, listing).unwrap();
        let sql = dir.path().join(format!("{preset}.sql"));
        std::fs::write(
            &sql,
            stdout(&[
                "sql",
                "--dialect",
                "bigquery",
                "--no-config",
                "--as-of",
                AS_OF,
                "--preset",
                preset,
                "--schema",
                "my-project.fivetran",
                "--columns",
                columns.to_str().unwrap(),
            ]),
        )
        .unwrap();
        synced.push(sql);
    }
    let out = Process::new(&sqlglot)
        .args(["-c", PARSE_BIGQUERY])
        .arg(&golden)
        .arg(&mapped)
        .args(&synced)
        .output()
        .unwrap();
    succeeded("sqlglot on the BigQuery query", &out);
    // The parser is strict enough to matter: a broken query fails.
    let broken = dir.path().join("broken.sql");
    let text = std::fs::read_to_string(&golden).unwrap();
    std::fs::write(&broken, text.replacen("SELECT", "SELECT (", 1)).unwrap();
    let out = Process::new(&sqlglot)
        .args(["-c", PARSE_BIGQUERY])
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!out.status.success(), "sqlglot accepted a broken query");
}
