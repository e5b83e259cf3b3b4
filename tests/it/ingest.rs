//! Exports as CRMs and Excel really write them: each vendor preset, each encoding,
//! delimiter, date and number form, report footers, and what `inspect` says. The
//! fixtures are in tests/fixtures/ (its README says which are real and which were
//! made for these tests).

use crate::common;

use crate::common::AS_OF;
use crate::common::json::{account, not_assessed, rule};
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

fn fixture(name: &str) -> String {
    format!("tests/fixtures/{name}")
}

/// `rapport score FIXTURE --format json` with extra arguments.
fn score(name: &str, extra: &[&str]) -> Value {
    let assert = rapport()
        .arg("score")
        .arg(fixture(name))
        .args(["--as-of", AS_OF, "--format", "json"])
        .args(extra)
        .assert()
        .success();
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON")
}

fn inspect(name: &str) -> Value {
    let assert = rapport()
        .arg("inspect")
        .arg(fixture(name))
        .args(["--as-of", AS_OF, "--format", "json"])
        .assert()
        .success();
    serde_json::from_slice(&assert.get_output().stdout).expect("stdout is JSON")
}

fn file_name(v: &Value) -> String {
    v["path"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

fn input<'a>(report: &'a Value, file: &str) -> &'a Value {
    report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| file_name(i) == file)
        .unwrap_or_else(|| panic!("no input {file}: {:#}", report["inputs"]))
}

/// Every file read, nothing rejected, rows = used + rejected + skipped.
fn all_read_nothing_rejected(report: &Value, vendor: Option<&str>) {
    for i in report["inputs"].as_array().unwrap() {
        let n = |k: &str| i[k].as_u64().unwrap();
        assert!(i["table"].is_string(), "{}: {}", file_name(i), i["error"]);
        assert_eq!(n("rejected"), 0, "{}", file_name(i));
        assert_eq!(n("rows"), n("used") + n("rejected") + n("skipped"));
        if let Some(v) = vendor {
            assert_eq!(i["vendor"], v, "{}", file_name(i));
        }
    }
}

#[test]
fn hubspot_exports_score_untouched() {
    let r = score("hubspot", &[]);
    all_read_nothing_rejected(&r, Some("hubspot"));
    let table = |f: &str| input(&r, f)["table"].clone();
    assert_eq!(
        table("hubspot-crm-exports-all-companies-2026-06-30.csv"),
        "accounts"
    );
    assert_eq!(
        table("hubspot-crm-exports-all-deals-2026-06-30.csv"),
        "deals"
    );
    assert_eq!(
        table("hubspot-crm-exports-all-tickets-2026-06-30.csv"),
        "tickets"
    );
    assert_eq!(
        table("hubspot-crm-exports-all-calls-2026-06-30.csv"),
        "activities"
    );
    // "Closed lost" with "Price too high" in Closed Lost Reason is the price test.
    assert!(
        account(&r, "101")["flags"]
            .as_array()
            .unwrap()
            .contains(&"price-loss".into())
    );
    // The first agent email response came 90 minutes after the first ticket was
    // opened; the second is still waiting (256 hours by the as-of date): median 128.75.
    assert_eq!(rule(account(&r, "101"), "respond-quickly")["value"], 128.75);
    // "102;101": the first id of a list that is an account.
    assert_eq!(rule(account(&r, "102"), "stay-in-touch")["value"], 1.0);
}

#[test]
fn pipedrive_exports_score_untouched() {
    let r = score("pipedrive", &[]);
    all_read_nothing_rejected(&r, Some("pipedrive"));
    assert_eq!(input(&r, "organizations.csv")["table"], "accounts");
    assert_eq!(input(&r, "people.csv")["table"], "contacts");
    // Status "lost" with a lost reason naming a cheaper competitor.
    assert!(
        account(&r, "7")["flags"]
            .as_array()
            .unwrap()
            .contains(&"price-loss".into())
    );
    // "To do" is an open task, and the account's one to-do: logged calls and
    // meetings are not promises.
    assert_eq!(rule(account(&r, "7"), "keep-promises")["value"], 0.0);
}

#[test]
fn zoho_exports_score_untouched() {
    let r = score("zoho", &[]);
    all_read_nothing_rejected(&r, Some("zoho"));
    assert!(
        account(&r, "zcrm_5001")["flags"]
            .as_array()
            .unwrap()
            .contains(&"price-loss".into())
    );
    // Calls join to accounts through What_Id.id; Call_Type says who called.
    assert_eq!(
        rule(account(&r, "zcrm_5001"), "stay-in-touch")["value"],
        1.0
    );
}

#[test]
fn dynamics_exports_score_untouched_and_drop_bookkeeping_columns() {
    let r = score("dynamics", &[]);
    all_read_nothing_rejected(&r, Some("dynamics"));
    // Lookups are names: accounts are keyed by name.
    let acme = account(&r, "Acme Tools");
    // "Appointment" is a meeting in the Dynamics preset's words.
    assert_eq!(rule(acme, "prepare")["evidence"]["rows"], 1);
    // Out-Sold is lost; but a view has no loss reason, so the price test is not assessed.
    assert!(not_assessed(&r).contains(&"price-loss".to_string()));
    let ins = inspect("dynamics");
    let accounts = ins["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| file_name(f) == "Accounts.csv")
        .unwrap();
    let dropped: Vec<&str> = accounts["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "dropped")
        .map(|c| c["header"].as_str().unwrap())
        .collect();
    assert_eq!(
        dropped,
        [
            "(Do Not Modify) Account",
            "(Do Not Modify) Row Checksum",
            "(Do Not Modify) Modified On"
        ]
    );
}

#[test]
fn a_user_can_add_to_a_vendors_words() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    // Without the preset's "appointment" the Dynamics site walk is no meeting.
    std::fs::write(
        &rules,
        "extends = \"default\"\n[classes.meeting]\nmatch = [\"meeting\"]\n",
    )
    .unwrap();
    let r = score("dynamics", &["--rules", rules.to_str().unwrap()]);
    assert_eq!(
        rule(account(&r, "Acme Tools"), "prepare")["status"],
        "not-assessed"
    );
}

#[test]
fn a_salesforce_report_export_skips_its_footer_and_reads_competitors() {
    let r = score("sfdc-report", &[]);
    all_read_nothing_rejected(&r, Some("salesforce"));
    let opps = input(&r, "Opportunities report.csv");
    assert_eq!(opps["used"], 3);
    assert_eq!(opps["footer"], 5);
    assert_eq!(input(&r, "Accounts report.csv")["footer"], 5);
    assert_eq!(
        input(&r, "OpportunityCompetitor.csv")["table"],
        "deal-competitors"
    );
    // The competitor named on Beta's open deal counts for Beta.
    let beta = account(&r, "001A0000002");
    assert_eq!(rule(beta, "competitor-present")["value"], 1.0);
    assert!(
        account(&r, "001A0000001")["flags"]
            .as_array()
            .unwrap()
            .contains(&"price-loss".into())
    );
}

#[test]
fn a_competitor_of_an_unknown_deal_is_rejected_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Account.csv"), common::ACCOUNTS).unwrap();
    std::fs::write(
        dir.path().join("OpportunityCompetitor.csv"),
        "Id,OpportunityId,CompetitorName\nX1,006NOPE,Seatwise\n",
    )
    .unwrap();
    let rejects = dir.path().join("rejects.csv");
    rapport()
        .arg("score")
        .arg(dir.path())
        .args(["--as-of", AS_OF, "--quiet", "--rejects"])
        .arg(&rejects)
        .assert()
        .success();
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.contains(
            "OpportunityCompetitor.csv,2,OpportunityId,no deals file to find the deal in"
        ),
        "{text}"
    );
}

#[test]
fn data_loader_all_caps_and_lower_case_headers() {
    let r = score("sfdc-dataloader", &[]);
    all_read_nothing_rejected(&r, Some("salesforce"));
    let accounts = input(&r, "Account.csv");
    assert_eq!(accounts["skipped"], 1);
    assert_eq!(accounts["deleted"], 1);
    assert_eq!(input(&r, "Contact.csv")["table"], "contacts");
    assert_eq!(r["accounts"].as_array().unwrap().len(), 2);
}

#[test]
fn a_german_excel_export_reads_as_windows_1252_with_semicolons() {
    let r = score("excel-de", &[]);
    all_read_nothing_rejected(&r, None);
    for i in r["inputs"].as_array().unwrap() {
        assert_eq!(i["encoding"], "windows-1252", "{}", file_name(i));
        assert_eq!(i["delimiter"], ";", "{}", file_name(i));
    }
    let mueller = account(&r, "001D0000001");
    assert_eq!(mueller["name"], "Müller Bürobedarf GmbH");
    // 10.03.2026 is the 10th of March: the loss is within the year before the as-of date.
    // "Preis" is German: the built-in price words do not know it, a rule file can.
    assert!(mueller["flags"].as_array().unwrap().is_empty());
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.toml");
    std::fs::write(
        &rules,
        "extends = \"default\"\n[classes.price]\nadd = [\"preis*\"]\n",
    )
    .unwrap();
    let r = score("excel-de", &["--rules", rules.to_str().unwrap()]);
    let mueller = account(&r, "001D0000001");
    assert!(
        mueller["flags"]
            .as_array()
            .unwrap()
            .contains(&"price-loss".into())
    );
    assert_eq!(
        rule(mueller, "price-loss")["evidence"]["last"],
        "2026-03-10"
    );
}

#[test]
fn inspect_explains_how_each_date_column_was_read() {
    let ins = inspect("excel-de");
    let opp = ins["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| file_name(f) == "Opportunity.csv")
        .unwrap();
    let date = |h: &str| {
        opp["dates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["header"] == h)
            .unwrap()
            .clone()
    };
    assert_eq!(date("CloseDate")["order"], "day-first");
    assert_eq!(
        date("CloseDate")["decided"],
        "from the data: line 2 has '15.11.2025'"
    );
    assert_eq!(date("CreatedDate")["order"], "day-first");
    assert_eq!(
        date("CreatedDate")["decided"],
        "like column 'CloseDate' of the same file"
    );
    assert_eq!(date("CreatedDate")["parse_rate"], 1.0);
    assert_eq!(opp["encoding"], "windows-1252");
    assert_eq!(opp["encoding_by"], "detected");
    assert_eq!(opp["delimiter"], ";");
}

#[test]
fn a_date_order_can_be_set_per_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Account.csv"), common::ACCOUNTS).unwrap();
    std::fs::write(
        dir.path().join("Task.csv"),
        "Id,AccountId,Subject,ActivityDate\nT1,A1,Call,06/05/2026\n",
    )
    .unwrap();
    let days = |extra: &str| {
        let rules = dir.path().join("rules.toml");
        std::fs::write(&rules, format!("extends = \"default\"\n{extra}")).unwrap();
        let assert = rapport()
            .arg("score")
            .arg(dir.path().join("Account.csv"))
            .arg(dir.path().join("Task.csv"))
            .args(["--as-of", AS_OF, "--format", "json", "--rules"])
            .arg(&rules)
            .assert()
            .success();
        let r: Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
        rule(account(&r, "A1"), "contact-recency")["value"].clone()
    };
    // Nothing settles 06/05: slashes are read month-first (June 5th) ...
    assert_eq!(days(""), 25.0);
    // ... unless the rule file says the column is day-first (6 May).
    assert_eq!(days("[date_order]\nActivityDate = \"day-first\"\n"), 55.0);
}

#[test]
fn a_date_contradicting_its_column_is_rejected_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Account.csv"), common::ACCOUNTS).unwrap();
    std::fs::write(
        dir.path().join("Task.csv"),
        "Id,AccountId,Subject,ActivityDate\nT1,A1,Call,01/22/2026\nT2,A1,Call,22/01/2026\n",
    )
    .unwrap();
    rapport()
        .arg("score")
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Task.csv:3: ActivityDate: rejected: '22/01/2026' reads only day-first, but this column is read month-first",
        ));
}

#[test]
fn utf16_unicode_text_is_transcoded() {
    let r = score("excel-utf16", &[]);
    all_read_nothing_rejected(&r, None);
    let acc = input(&r, "Account.txt");
    assert_eq!(acc["encoding"], "utf-16le");
    assert_eq!(acc["delimiter"], "tab");
    assert_eq!(account(&r, "001U0000001")["name"], "Łódź Office Supplies");
}

#[test]
fn encoding_and_delimiter_can_be_forced() {
    // Read as UTF-8, Windows-1252 bytes become replacement characters but rows still count.
    let r = score(
        "excel-de",
        &["--encoding", "utf-8", "--delimiter", "semicolon"],
    );
    assert_eq!(input(&r, "Account.csv")["encoding"], "utf-8");
    assert_eq!(input(&r, "Account.csv")["used"], 2);
    rapport()
        .args(["score", "tests/fixtures/excel-de", "--encoding", "ebcdic"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an encoding rapport reads"));
    rapport()
        .args(["score", "tests/fixtures/excel-de", "--preset", "sap"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not a vendor preset: one of salesforce, hubspot",
        ));
}

#[test]
fn a_preset_can_be_forced() {
    let r = score("excel-utf16", &["--preset", "salesforce"]);
    for i in r["inputs"].as_array().unwrap() {
        assert_eq!(i["vendor"], "salesforce");
    }
}

#[test]
fn both_real_salesforce_exports_score_with_every_row_explained() {
    // Excel's round trip: MM/DD/YY dates, hh:mm AM datetimes, TRUE/FALSE.
    let r = score("sfdc-excel-roundtrip", &[]);
    for f in ["Account.csv", "Contact.csv", "Opportunity.csv"] {
        let i = input(&r, f);
        assert_eq!(i["rejected"], 0, "{f}");
        assert_eq!(i["used"], i["rows"], "{f}");
    }
    let history = input(&r, "OpportunityHistory.csv");
    assert_eq!(history["table"], Value::Null);
    assert!(
        history["error"]
            .as_str()
            .unwrap()
            .contains("not used: a Salesforce OpportunityHistory"),
        "{}",
        history["error"]
    );
    // Every MM/DD/YY date and MM/DD/YY hh:mm AM datetime reads, month-first.
    let ins = inspect("sfdc-excel-roundtrip");
    for f in ins["files"].as_array().unwrap() {
        for d in f["dates"].as_array().unwrap() {
            assert_eq!(d["parse_rate"], 1.0, "{}: {}", file_name(f), d["header"]);
            assert_eq!(d["order"], "month-first");
        }
    }

    // The workshop export: each rejected row names a contact without an account, or
    // a lead where a contact should be.
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.csv");
    rapport()
        .args([
            "score",
            "tests/fixtures/sfdc-data-cloud-workshop",
            "--as-of",
            "2024-03-01",
            "--quiet",
            "--rejects",
        ])
        .arg(&rejects)
        .assert()
        .success();
    let text = std::fs::read_to_string(&rejects).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            row.contains("belongs to no account: the contact has no account id and no account-contact relation names it")
                || row.contains("(a Salesforce lead, not a contact)"),
            "{row}"
        );
    }
}

#[test]
fn strict_stops_at_the_first_rejected_row() {
    let export = common::Export::standard();
    rapport()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--strict"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "Task.csv:8: AccountId: rejected: no account found for account id 'X9' (--strict stops at the first rejected row)",
        ));
}

#[test]
fn crlf_files_report_the_same_lines_as_lf_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Account.csv"), "Id,Name\r\nA1,Acme\r\n").unwrap();
    std::fs::write(
        dir.path().join("Task.csv"),
        "Id,AccountId,ActivityDate\r\nT1,A1,2026-01-01\r\nT2,A9,2026-01-01\r\n",
    )
    .unwrap();
    rapport()
        .arg("score")
        .arg(dir.path())
        .args(["--as-of", AS_OF])
        .assert()
        .success()
        .stderr(predicate::str::contains("Task.csv:3: AccountId: rejected"));
}

#[test]
fn inspect_lists_columns_samples_and_rules_not_assessed() {
    rapport()
        .args(["inspect", "tests/fixtures/hubspot", "--as-of", AS_OF])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "hubspot-crm-exports-all-deals-2026-06-30.csv: deals",
        ))
        .stdout(predicate::str::contains(
            "vendor:    hubspot (its file name and headers",
        ))
        .stdout(predicate::str::contains("Closed Lost Reason"))
        .stdout(predicate::str::contains("-> deals.loss_reason"))
        .stdout(predicate::str::contains("Pipeline"))
        .stdout(predicate::str::contains("-> (ignored)"))
        .stdout(predicate::str::contains("Not assessed for lack of data:"))
        .stdout(predicate::str::contains(
            "competitor-present: needs deals.competitor",
        ));
    let ins = inspect("hubspot");
    assert_eq!(ins["schema"], "rapport.inspect/1");
    for f in ins["files"].as_array().unwrap() {
        assert_eq!(f["vendor"], "hubspot");
        assert!(
            f["table_why"]
                .as_str()
                .unwrap()
                .starts_with("its header has")
        );
    }
}

#[test]
fn the_table_output_ends_with_totals_per_file() {
    rapport()
        .args(["score", "tests/fixtures/sfdc-report", "--as-of", AS_OF])
        .assert()
        .success()
        .stdout(predicate::str::contains("FILE"))
        .stdout(predicate::str::contains("Opportunities report.csv"))
        .stdout(predicate::str::contains("salesforce, utf-8, ','"));
}
