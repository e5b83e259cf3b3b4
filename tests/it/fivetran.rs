//! The tables a sync tool writes: Fivetran's Salesforce and HubSpot schemas, read
//! from the seed tables of Fivetran's dbt packages (tests/fixtures/fivetran-*,
//! kept as published) with the `fivetran-*` presets named and detected. The
//! seeds' ids do not join across tables, so the tests that follow a deal to its
//! company add the association rows that tie them to a copy of the folder, and
//! say which.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common::json::file;

fn rapport() -> Command {
    let mut c = Command::cargo_bin("rapport").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `rapport inspect --format json` of a folder, with `--preset` when given.
fn inspect(dir: &Path, preset: Option<&str>) -> Value {
    let mut cmd = rapport();
    cmd.arg("inspect").arg("--format").arg("json").arg(dir);
    if let Some(p) = preset {
        cmd.arg("--preset").arg(p);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 2),
        "inspect failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "inspect wrote no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn count(f: &Value, key: &str) -> u64 {
    f[key].as_u64().unwrap_or_else(|| panic!("{key} in {f}"))
}

/// (file, table, used, rejected, deleted) for every file read, in order.
fn tables(report: &Value) -> Vec<(String, String, u64, u64, u64)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["table"].is_string())
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                f["table"].as_str().unwrap().to_string(),
                count(f, "used"),
                count(f, "rejected"),
                count(f, "deleted"),
            )
        })
        .collect()
}

/// (file, reason) for every file not used.
fn not_used(report: &Value) -> Vec<(String, String)> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["table"].is_null() && f["lookup"].is_null())
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                f["error"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The files read as lookup tables, in order.
fn lookups(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["lookup"].is_string())
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            name.into_owned()
        })
        .collect()
}

fn row(
    name: &str,
    table: &str,
    used: u64,
    rejected: u64,
    deleted: u64,
) -> (String, String, u64, u64, u64) {
    (name.to_string(), table.to_string(), used, rejected, deleted)
}

#[test]
fn salesforce_seeds_are_read_as_the_tables_fivetran_writes() {
    let dir = fixture("fivetran-salesforce");
    for preset in [Some("fivetran-salesforce"), None] {
        let report = inspect(&dir, preset);
        // The seeds' ids do not join: nine accounts of ten and every opportunity
        // are deleted, and no task, event, order or contact names the one left.
        assert_eq!(
            tables(&report),
            vec![
                row("sf_account_data.csv", "accounts", 1, 0, 9),
                row("sf_contact_data.csv", "contacts", 1, 3, 0),
                row("sf_event_data.csv", "activities", 0, 10, 0),
                row("sf_opportunity_data.csv", "deals", 0, 0, 10),
                row("sf_order_data.csv", "orders", 0, 10, 0),
                // One task is on a lead: skipped as such, not rejected.
                row("sf_task_data.csv", "activities", 0, 9, 0),
            ],
            "with --preset {preset:?}"
        );
        for f in report["files"].as_array().unwrap() {
            if f["table"].is_string() {
                assert_eq!(f["vendor"], "fivetran-salesforce", "{}", f["path"]);
            }
        }
        let skipped = not_used(&report);
        let names: Vec<&str> = skipped.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["sf_lead_data.csv", "sf_opportunity_history_data.csv"]
        );
        // The org's users are the owners' names, not contacts.
        assert_eq!(lookups(&report), ["sf_user_data.csv"]);
        for (name, why) in &skipped {
            assert!(why.starts_with("Salesforce"), "{name}: {why}");
        }
        // The task is no longer taken for a Zoho export, nor the order for activities.
        let task = file(&report, "sf_task_data.csv");
        assert!(
            task["table_why"]
                .as_str()
                .unwrap()
                .contains("Salesforce (Fivetran)"),
            "{task}"
        );
        let columns = task["columns"].as_array().unwrap();
        let field = |header: &str| {
            columns
                .iter()
                .find(|c| c["header"] == header)
                .and_then(|c| c["fields"][0].as_str())
                .map(str::to_string)
        };
        assert_eq!(field("who_id").as_deref(), Some("activities.contact_id"));
        assert_eq!(field("what_id").as_deref(), Some("activities.related_id"));
        assert_eq!(field("task_subtype").as_deref(), Some("activities.type"));
    }
}

#[test]
fn hubspot_seeds_are_read_with_their_association_tables() {
    let dir = fixture("fivetran-hubspot");
    for preset in [Some("fivetran-hubspot"), None] {
        let report = inspect(&dir, preset);
        // The association rows name companies, deals, tickets and engagements the
        // seeds do not have: each is rejected, and so is every record they would
        // have tied to a company.
        assert_eq!(
            tables(&report),
            vec![
                row("company_data.csv", "accounts", 24, 0, 0),
                row("contact_data.csv", "contacts", 22, 0, 0),
                row("deal_company_data.csv", "contact-roles", 0, 2, 0),
                row("deal_contact_data.csv", "contact-roles", 0, 11, 0),
                row("deal_data.csv", "deals", 0, 44, 0),
                row("engagement_call_data.csv", "activities", 0, 1, 0),
                row("engagement_company_data.csv", "contact-roles", 0, 1, 0),
                row("engagement_contact_data.csv", "contact-roles", 0, 1, 0),
                row("engagement_email_data.csv", "activities", 0, 1, 0),
                row("engagement_meeting_data.csv", "activities", 0, 100, 0),
                row("engagement_task_data.csv", "activities", 0, 2, 0),
                row("ticket_company_data.csv", "contact-roles", 0, 9, 0),
                row("ticket_contact_data.csv", "contact-roles", 0, 9, 0),
                row("ticket_data.csv", "tickets", 0, 25, 0),
            ],
            "with --preset {preset:?}"
        );
        for f in report["files"].as_array().unwrap() {
            if f["table"].is_string() {
                assert_eq!(f["vendor"], "fivetran-hubspot", "{}", f["path"]);
            }
        }
        let join = file(&report, "deal_company_data.csv");
        assert_eq!(
            join["table_why"],
            "a HubSpot (Fivetran) join table: it ties deals to their companies"
        );
        assert!(
            join["rejects"]
                .to_string()
                .contains("no account with id '12345'"),
            "{join}"
        );
        let names: Vec<String> = not_used(&report).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "deal_pipeline_data.csv",
                "engagement_data.csv",
                "engagement_note_data.csv",
                "ticket_pipeline_data.csv",
            ]
        );
        assert_eq!(
            lookups(&report),
            [
                "deal_pipeline_stage_data.csv",
                "owner_data.csv",
                "ticket_pipeline_stage_data.csv",
            ]
        );
    }
}

/// [`linked_hubspot`] without its stage tables: the query over the synced
/// tables does not look stages up yet, so neither side of a comparison with it
/// resolves them.
pub(crate) fn linked_hubspot_without_stages() -> tempfile::TempDir {
    let linked = linked_hubspot();
    for lookup in [
        "deal_pipeline_stage_data.csv",
        "ticket_pipeline_stage_data.csv",
    ] {
        std::fs::remove_file(linked.path().join(lookup)).unwrap();
    }
    linked
}

/// A copy of a fixture folder in a fresh temp folder, to add rows to.
fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(fixture(name)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

fn append(dir: &Path, file: &str, lines: &str) {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join(file))
        .unwrap();
    f.write_all(lines.as_bytes()).unwrap();
}

/// The HubSpot seeds with the rows they lack: two deals, a ticket and the call
/// tied to seed companies; the call's person tied to a seed contact; the
/// ticket's pipeline stage; a contact Fivetran saw deleted in HubSpot (the
/// contact seed has CRLF line ends).
pub(crate) fn linked_hubspot() -> tempfile::TempDir {
    let export = copy_of("fivetran-hubspot");
    let dir = export.path();
    // Engagements no association ties to a company: left out, so that the
    // activities are not a table mostly rejected (whose rules go unassessed).
    for unlinked in [
        "engagement_email_data.csv",
        "engagement_meeting_data.csv",
        "engagement_task_data.csv",
    ] {
        std::fs::remove_file(dir.join(unlinked)).unwrap();
    }
    std::fs::write(
        dir.join("deal_company_links.csv"),
        "company_id,deal_id,type_id,category\n2182162682,1244495215,5,HUBSPOT_DEFINED\n2319384765,1075671446,5,HUBSPOT_DEFINED\n2319384765,1075671446,5,HUBSPOT_DEFINED\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("ticket_company_links.csv"),
        "_fivetran_synced,ticket_id,company_id,category\n2020-07-09 11:06:21.056,307034542,2539352677,HUBSPOT_DEFINED\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("engagement_company_links.csv"),
        "company_id,engagement_id,engagement_type,type_id,_fivetran_synced,category\n2539352677,19732910159,CALL,182,2023-06-08 23:22:50.829000,HUBSPOT_DEFINED\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("engagement_contact_links.csv"),
        "contact_id,engagement_id,engagement_type,type_id,_fivetran_synced,category\n78971951,19732910159,CALL,194,2023-06-08 23:22:49.869000,HUBSPOT_DEFINED\n",
    )
    .unwrap();
    // The ticket's stage, which the seeds' stage table lacks (an open one; the
    // seed ends without a line break).
    append(
        dir,
        "ticket_pipeline_stage_data.csv",
        "\n7970058,FALSE,2021-03-30 14:16:02,TRUE,4,FALSE,Waiting,0,OPEN,2021-03-30 14:16:02,2021-03-30 14:16:02",
    );
    append(
        dir,
        "contact_data.csv",
        "TRUE,2021-04-02 11:16:05,gone@example.com,99999901,,Gone,Away,,2021-04-01 17:32:47,,,,2021-04-01 17:32:47,2021-04-01 17:32:47\r\n",
    );
    export
}

#[test]
fn deals_tickets_and_engagements_find_their_companies_through_associations() {
    let export = linked_hubspot();
    let dir = export.path();
    for preset in [Some("fivetran-hubspot"), None] {
        let report = inspect(dir, preset);
        let deals = file(&report, "deal_data.csv");
        assert_eq!((count(deals, "used"), count(deals, "rejected")), (2, 42));
        let tickets = file(&report, "ticket_data.csv");
        assert_eq!(
            (count(tickets, "used"), count(tickets, "rejected")),
            (1, 24)
        );
        let calls = file(&report, "engagement_call_data.csv");
        assert_eq!((count(calls, "used"), count(calls, "rejected")), (1, 0));
        // Every association row that names a known company or contact is used.
        for (name, used) in [
            ("deal_company_links.csv", 3),
            ("ticket_company_links.csv", 1),
            ("engagement_company_links.csv", 1),
            ("engagement_contact_links.csv", 1),
        ] {
            let f = file(&report, name);
            assert_eq!(f["table"], "contact-roles", "{name}");
            assert_eq!(
                (count(f, "used"), count(f, "rejected")),
                (used, 0),
                "{name}"
            );
        }
        let contacts = file(&report, "contact_data.csv");
        assert_eq!(
            (count(contacts, "used"), count(contacts, "deleted")),
            (22, 1),
            "_fivetran_deleted marks the row deleted"
        );
    }
    // The call is the company's latest touch: `explain` names it and its person,
    // contact 78971951 (whose seed names are hashes).
    let out = rapport()
        .args(["explain", "--as-of", "2026-06-30", "--format", "json"])
        .arg(dir)
        .args(["--account", "2539352677"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("engagement_call_data.csv:2"), "{text}");
    assert!(
        text.contains("db320f93ead463e1a2faee198cd9a122 22370ea245fce0b355938327d41bd1e4"),
        "{text}"
    );
}

/// The same seeds through DuckDB: `rapport sql --views` over the folder, the
/// result scored with `score --metrics`, equals `score` on the files. The views
/// present the tables the presets name and leave out the ones they do not read.
#[test]
fn the_seeds_score_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    for name in ["fivetran-salesforce", "fivetran-hubspot"] {
        let (engine, sql) = crate::warehouse::both_reports(&fixture(name), None, "csv");
        assert!(
            !engine["accounts"].as_array().unwrap().is_empty(),
            "{name}: no account scored"
        );
        // The seeds' ids do not join: the file pass rejects most rows of
        // several tables and marks their rules, which the warehouse cannot.
        crate::warehouse::assert_same_where_assessed(name, &engine, &sql);
    }
}

/// `rapport sql --views --preset` writes the views detection writes.
#[test]
fn the_views_are_the_same_with_the_preset_named() {
    for name in ["fivetran-salesforce", "fivetran-hubspot"] {
        let dir = fixture(name);
        let sql = |preset: Option<&str>| {
            let mut cmd = rapport();
            cmd.args([
                "sql",
                "--dialect",
                "duckdb",
                "--no-config",
                "--as-of",
                "2026-06-30",
            ])
            .arg("--views")
            .arg(&dir);
            if let Some(p) = preset {
                cmd.args(["--preset", p]);
            }
            let out = cmd.output().unwrap();
            String::from_utf8(crate::common::stdout_of(out)).unwrap()
        };
        let named = sql(Some(name));
        assert_eq!(named, sql(None), "{name}");
        // Only the tables the preset reads are views: no user, owner or pipeline;
        // a join table is read where the table it ties is.
        for table in ["accounts", "activities", "deals"] {
            assert!(
                named.contains(&format!("CREATE OR REPLACE VIEW \"{table}\"")),
                "{name}: {table}"
            );
        }
        for file in [
            "sf_user_data.csv",
            "owner_data.csv",
            "deal_pipeline_stage_data.csv",
        ] {
            assert!(!named.contains(file), "{name}: {file} is read by the views");
        }
        if name == "fivetran-hubspot" {
            assert!(
                named.contains("deal_company_data.csv"),
                "the join is not in the views"
            );
        }
    }
}

/// Through DuckDB too: the views give a deal, ticket or engagement the company
/// and person its join tables name (the call is account 2539352677's only
/// touch, so a view that missed the join would score it otherwise).
#[test]
fn associations_are_joined_in_the_views_as_in_the_files() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let export = linked_hubspot();
    let (engine, sql) = crate::warehouse::both_reports(export.path(), None, "csv");
    let account = engine["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "2539352677")
        .unwrap();
    let recency = account["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "contact-recency")
        .unwrap();
    assert_eq!(recency["evidence"]["last"], "2014-08-27", "{recency}");
    crate::warehouse::assert_same_where_assessed("linked HubSpot seeds", &engine, &sql);
}

/// `rapport sql` over a sync tool's tables: the preset, the column listing
/// (`columns.csv` of the tables' folder) and the schema that holds them.
pub(crate) fn synced_query(preset: &str, dialect: &str, tables: &Path, schema: &str) -> String {
    let out = rapport()
        .args([
            "sql",
            "--dialect",
            dialect,
            "--no-config",
            "--as-of",
            "2026-06-30",
        ])
        .args(["--preset", preset, "--schema", schema, "--columns"])
        .arg(tables.join("columns.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "rapport sql --preset {preset}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `rapport score --preset` on the files, and `rapport score --metrics` on a
/// metrics table, as JSON.
pub(crate) fn files_and_metrics(export: &Path, preset: &str, metrics: &Path) -> (Value, Value) {
    let report = |args: &[&std::ffi::OsStr]| -> Value {
        let out = rapport()
            .args(args)
            .args(["--no-config", "--format", "json", "--quiet"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let files = report(&[
        "score".as_ref(),
        export.as_os_str(),
        "--preset".as_ref(),
        preset.as_ref(),
        "--as-of".as_ref(),
        "2026-06-30".as_ref(),
    ]);
    let sql = report(&["score".as_ref(), "--metrics".as_ref(), metrics.as_os_str()]);
    (files, sql)
}

/// The seeds loaded into DuckDB as the tables Fivetran writes, under their own
/// names (`task`, `event`, `deal_company`, ...): `rapport sql --preset` reads
/// them, tasks and events unioned, HubSpot's engagements unioned and every
/// record's company and person taken from its join tables, and the result
/// scores as `rapport score --preset` scores the files.
#[test]
fn the_synced_tables_score_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let linked = linked_hubspot_without_stages();
    let cases = [
        ("fivetran-salesforce", fixture("fivetran-salesforce")),
        ("fivetran-hubspot", fixture("fivetran-hubspot")),
        ("fivetran-hubspot", linked.path().to_path_buf()),
    ];
    for (preset, export) in &cases {
        let tables = crate::engines::synced_tables(export, crate::warehouse::python());
        let dir = tables.path();
        let sql = synced_query(preset, "duckdb", dir, "synced");
        assert!(!sql.contains("read_csv"), "{preset}: reads files");
        let script = dir.join("metrics.sql");
        let db = dir.join("warehouse.duckdb");
        std::fs::write(
            &script,
            format!(
                "ATTACH '{}' AS wh (READ_ONLY);\nUSE wh;\n{sql}",
                db.display()
            ),
        )
        .unwrap();
        let metrics = dir.join("metrics.csv");
        crate::warehouse::run_duckdb(&script, &metrics, "csv");
        let (files, via_sql) = files_and_metrics(export, preset, &metrics);
        assert!(
            !files["accounts"].as_array().unwrap().is_empty(),
            "{preset}: no account scored"
        );
        if export.as_path() == linked.path() {
            // The call is account 2539352677's only touch: missed joins would show.
            let recency = crate::common::json::rule(
                crate::common::json::account(&via_sql, "2539352677"),
                "contact-recency",
            );
            assert_eq!(recency["evidence"]["last"], "2014-08-27", "{recency}");
        }
        if *preset == "fivetran-salesforce" {
            for part in ["\"synced\".\"task\"", "\"synced\".\"event\""] {
                assert!(sql.contains(part), "activities are not read from {part}");
            }
        }
        crate::warehouse::assert_same_where_assessed(
            &format!("{} through DuckDB's tables", export.display()),
            &files,
            &via_sql,
        );
    }
}

/// The calls have no contact column; an association table stands in for it.
/// One that ties no call to a person leaves the rules over the calls' people
/// unassessed for a column empty in every row, not for a column the export
/// lacks.
#[test]
fn an_association_table_stands_in_for_the_column_it_ties() {
    let export = linked_hubspot();
    let reasons = |export: &tempfile::TempDir| -> Vec<String> {
        let report = inspect(export.path(), Some("fivetran-hubspot"));
        report["not_assessed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["reason"].as_str().unwrap().to_string())
            .collect()
    };
    let tied = reasons(&export);
    assert!(
        !tied.iter().any(|r| r.contains("activities.contact_id")),
        "{tied:#?}"
    );
    std::fs::write(
        export.path().join("engagement_contact_links.csv"),
        "contact_id,engagement_id,engagement_type,type_id,_fivetran_synced,category\n",
    )
    .unwrap();
    let untied = reasons(&export);
    assert!(
        untied
            .iter()
            .any(|r| r.contains("activities.contact_id: its column is empty in every row")),
        "{untied:#?}"
    );
}
