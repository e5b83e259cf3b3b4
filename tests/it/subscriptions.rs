//! A subscription business's billing tables: subscriptions and churn events,
//! recognised from their headers with no rule file, and the built-in rules that
//! read them (the price test on a cancellation, a downgrade after complaints, a
//! renewal due while a complaint is open), on tests/fixtures/saas-tickets.
//! An export without these tables scores exactly as it did before they existed.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::json::{account, file, not_assessed, rule};
use crate::common::{AS_OF, Export};

const FIXTURE: &str = "tests/fixtures/saas-tickets";

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("a JSON report")
}

fn inspect(path: &str) -> Value {
    let out = rapport()
        .args(["inspect", path, "--no-config", "--as-of", AS_OF])
        .args(["--format", "json"])
        .assert()
        .success();
    json(&out.get_output().stdout)
}

/// `rapport score PATH` as JSON, with the built-in rules or the given rule file.
fn score(path: &Path, rules: Option<&Path>) -> Value {
    let mut cmd = rapport();
    cmd.arg("score").arg(path).args(["--as-of", AS_OF]);
    match rules {
        Some(r) => cmd.arg("--rules").arg(r),
        None => cmd.arg("--no-config"),
    };
    let out = cmd
        .args(["--format", "json", "--quiet"])
        .assert()
        .code(predicates::ord::lt(2));
    json(&out.get_output().stdout)
}

fn fixture() -> Value {
    score(Path::new(FIXTURE), None)
}

/// The header that fed a field, and how it was matched.
fn fed(f: &Value, header: &str) -> (String, String) {
    let c = f["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == header)
        .unwrap_or_else(|| panic!("no column {header} in {f:#}"));
    (
        c["fields"][0].as_str().unwrap_or("").to_string(),
        c["match"].as_str().unwrap_or("unused").to_string(),
    )
}

fn action<'a>(acc: &'a Value, rule_id: &str) -> Option<&'a Value> {
    acc["actions"].as_array().unwrap().iter().find(|a| {
        a["rule"] == rule_id
            || a["topics"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t["rule"] == rule_id))
    })
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

#[test]
fn subscription_and_churn_files_are_recognised_from_their_headers() {
    let ins = inspect(FIXTURE);

    let subs = file(&ins, "subscriptions.csv");
    assert_eq!(subs["table"], "subscriptions", "{subs:#}");
    let why = text(&subs["table_why"]);
    for header in ["'seats'", "'mrr'", "'auto_renew'", "'customer_id'"] {
        assert!(why.contains(header), "{why}");
    }
    let exact = |field: &str| (field.to_string(), "exact".to_string());
    assert_eq!(fed(subs, "customer_id"), exact("subscriptions.account_id"));
    assert_eq!(fed(subs, "plan_name"), exact("subscriptions.plan"));
    assert_eq!(fed(subs, "seats"), exact("subscriptions.seats"));
    assert_eq!(fed(subs, "mrr"), exact("subscriptions.mrr"));
    assert_eq!(
        fed(subs, "current_period_end"),
        exact("subscriptions.end_date")
    );
    assert_eq!(fed(subs, "auto_renew"), exact("subscriptions.auto_renew"));
    assert_eq!(fed(subs, "change_type"), exact("subscriptions.change_type"));
    assert_eq!(
        (subs["used"].as_u64(), subs["rejected"].as_u64()),
        (Some(4), Some(0))
    );

    let churn = file(&ins, "churn_events.csv");
    assert_eq!(churn["table"], "churn-events", "{churn:#}");
    let why = text(&churn["table_why"]);
    assert!(why.contains("'churned_at'"), "{why}");
    assert_eq!(fed(churn, "customer_id"), exact("churn-events.account_id"));
    assert_eq!(fed(churn, "churned_at"), exact("churn-events.churn_date"));
    assert_eq!(fed(churn, "churn_reason"), exact("churn-events.reason"));
    assert_eq!(fed(churn, "feedback"), exact("churn-events.feedback"));
    assert_eq!(
        (churn["used"].as_u64(), churn["rejected"].as_u64()),
        (Some(2), Some(0))
    );

    // The accounts file's own `plan` column does not make it a subscriptions file.
    assert_eq!(file(&ins, "accounts.csv")["table"], "accounts");
}

#[test]
fn stripe_and_chargebee_headers_are_read() {
    let stripe = "id,Customer ID,Plan,Quantity,Status,Start (UTC),Current Period End (UTC),Canceled At (UTC)\n\
                  sub_1,acc_1,pro,12,active,2025-01-01 10:00,2026-12-31 10:00,\n";
    let chargebee = "subscription_id,customer_id,plan_id,plan_quantity,mrr,status,current_term_end\n\
                     cb_1,acc_1,growth,5,500,active,2026-09-01\n";
    let cancels = "customer_id,cancelled_at,cancel_reason,cancellation_feedback\n\
                   acc_1,2026-05-01,too_expensive,Budget cut\n";
    let export = Export::new(&[
        (
            "accounts.csv",
            "account_id,account_name\nacc_1,Northwind Traders\n",
        ),
        ("stripe_subscriptions.csv", stripe),
        ("chargebee_subscriptions.csv", chargebee),
        ("cancellations.csv", cancels),
    ]);
    let ins = inspect(export.path().to_str().unwrap());
    let s = file(&ins, "stripe_subscriptions.csv");
    assert_eq!(s["table"], "subscriptions", "{s:#}");
    assert_eq!(fed(s, "Customer ID").0, "subscriptions.account_id");
    assert_eq!(fed(s, "Quantity").0, "subscriptions.seats");
    assert_eq!(
        fed(s, "Current Period End (UTC)").0,
        "subscriptions.end_date"
    );
    let c = file(&ins, "chargebee_subscriptions.csv");
    assert_eq!(c["table"], "subscriptions", "{c:#}");
    assert_eq!(fed(c, "plan_quantity").0, "subscriptions.seats");
    assert_eq!(fed(c, "current_term_end").0, "subscriptions.end_date");
    let e = file(&ins, "cancellations.csv");
    assert_eq!(e["table"], "churn-events", "{e:#}");
    assert_eq!(fed(e, "cancelled_at").0, "churn-events.churn_date");
    assert_eq!(fed(e, "cancel_reason").0, "churn-events.reason");
}

#[test]
fn a_cancellation_on_price_is_a_price_loss_and_caps_the_score() {
    let report = fixture();
    // Tailspin Studios cancelled on `pricing`: the export has no deals, so the
    // price test is judged on its churn events.
    let acc = account(&report, "acc_4");
    let r = rule(acc, "price-loss");
    assert_eq!(r["status"], "fail", "{r:#}");
    assert!(
        text(&r["evidence"]["source"]).ends_with("churn_events.csv:3"),
        "{r:#}"
    );
    assert!(
        acc["flags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "price-loss"),
        "{acc:#}"
    );
    let a = action(acc, "price-loss").expect("a price-loss action");
    assert!(text(&a["text"]).contains("on price (2026-04-15)"), "{a:#}");
    // Contoso's downgrade gave another reason: it passes the test.
    assert_eq!(
        rule(account(&report, "acc_3"), "price-loss")["status"],
        "pass"
    );

    // The cap maps the score into the lowest band's range; without it the
    // account scores higher.
    let capped = acc["score"].as_f64().unwrap();
    assert!(capped < 35.0, "capped score {capped}");
    let export = Export::new(&[(
        "uncapped.toml",
        "extends = \"default\"\n\n[[rule]]\nid = \"price-loss\"\nunset = [\"cap_band\"]\n",
    )]);
    let uncapped = score(Path::new(FIXTURE), Some(&export.file("uncapped.toml")));
    let free = account(&uncapped, "acc_4")["score"].as_f64().unwrap();
    assert!(free > capped, "uncapped {free} <= capped {capped}");
}

#[test]
fn a_downgrade_after_complaints_asks_for_a_meeting() {
    let report = fixture();
    // Contoso complained twice in March and cut its seats on 2026-04-10.
    let acc = account(&report, "acc_3");
    let r = rule(acc, "complaint-then-downgrade");
    assert_eq!(r["status"], "fail", "{r:#}");
    assert_eq!(r["value"], 1.0);
    assert_eq!(r["evidence"]["hits"], 2);
    let a = action(acc, "complaint-then-downgrade").expect("an action");
    assert_eq!(a["urgency"], "soon", "{a:#}");
    assert!(
        text(&a["text"]).contains("within 90 days of 2 of 2 complaints this year"),
        "{a:#}"
    );
    // Fabrikam's complaint is ten days old: its 90 days are not over, and no
    // step down followed it yet, so it is not judged.
    let r = rule(account(&report, "acc_2"), "complaint-then-downgrade");
    assert_eq!(r["status"], "not-assessed", "{r:#}");
    assert_eq!(r["evidence"]["last"], "2026-06-20", "{r:#}");
}

#[test]
fn a_renewal_due_with_an_open_complaint_is_for_today() {
    let report = fixture();
    // Fabrikam's starter plan ends on 2026-07-31, 31 days after the as-of date,
    // while its complaint about the CSV export is open.
    let acc = account(&report, "acc_2");
    let r = rule(acc, "renewal-with-open-complaint");
    assert_eq!(r["status"], "fail", "{r:#}");
    let a = &acc["actions"][0];
    assert_eq!(a["rule"], "renewal-with-open-complaint", "{acc:#}");
    assert_eq!(a["urgency"], "now");
    assert!(
        text(&a["text"]).starts_with(
            "Fix the open complaint at Fabrikam Outdoors before the renewal on 2026-07-31 (1 subscription ending within 60 days)."
        ),
        "{a:#}"
    );
    // Contoso renews in 2027: nothing due.
    assert_eq!(
        rule(account(&report, "acc_3"), "renewal-with-open-complaint")["status"],
        "pass"
    );
}

#[test]
fn the_healthy_subscriber_gets_nothing_from_these_rules() {
    let report = fixture();
    let acc = account(&report, "acc_1");
    for id in [
        "price-loss",
        "complaint-then-downgrade",
        "renewal-with-open-complaint",
    ] {
        let r = rule(acc, id);
        assert_eq!(r["status"], "not-assessed", "{id}: {r:#}");
        assert!(
            text(&r["evidence"]["reason"]).starts_with("does not apply"),
            "{id}: {r:#}"
        );
        assert!(action(acc, id).is_none(), "{id}: {acc:#}");
    }
    // A subscription makes it a customer, as a won deal would.
    assert_eq!(acc["segment"], "customer");
    let missing = not_assessed(&report);
    for id in ["complaint-then-downgrade", "renewal-with-open-complaint"] {
        assert!(!missing.contains(&id.to_string()), "{id}: {missing:?}");
    }
}

/// The built-in rules as they were before subscriptions and churn events:
/// without the two new signals, the price test's fallback and the
/// subscription branch of the existing-customer fact.
const BEFORE: &str = r#"
extends = "default"

[facts.existing-customer]
why = "The account has bought from us: it has a won deal, or the CRM types it a customer."
any = [
  { table = "deals", aggregate = "count", where = [{ field = "is_won", is = true }] },
  { table = "accounts", aggregate = "count", where = [{ field = "type", matches = "customer-type" }] },
]

[[rule]]
id = "price-loss"
unset = ["fallback"]

[[rule]]
id = "complaint-then-downgrade"
enabled = false

[[rule]]
id = "renewal-with-open-complaint"
enabled = false
"#;

#[test]
fn an_export_without_these_tables_scores_as_before() {
    let read = |name: &str| std::fs::read_to_string(Path::new(FIXTURE).join(name)).unwrap();
    let (accounts, tickets) = (read("accounts.csv"), read("tickets.csv"));
    let export = Export::new(&[
        ("accounts.csv", accounts.as_str()),
        ("tickets.csv", tickets.as_str()),
        ("before.toml", BEFORE),
    ]);
    let data = export.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for name in ["accounts.csv", "tickets.csv"] {
        std::fs::rename(export.file(name), data.join(name)).unwrap();
    }
    let now = score(&data, None);
    let before = score(&data, Some(&export.file("before.toml")));
    let new = ["complaint-then-downgrade", "renewal-with-open-complaint"];
    let (a, b) = (
        now["accounts"].as_array().unwrap(),
        before["accounts"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        for key in [
            "id", "score", "band", "coverage", "segment", "flags", "actions",
        ] {
            assert_eq!(x[key], y[key], "account {} differs in {key}", x["id"]);
        }
        let old_rules: Vec<&Value> = x["rules"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !new.contains(&text(&r["id"])))
            .collect();
        let before_rules: Vec<&Value> = y["rules"].as_array().unwrap().iter().collect();
        assert_eq!(old_rules, before_rules, "account {} differs", x["id"]);
        for id in new {
            assert_eq!(rule(x, id)["status"], "not-assessed");
        }
    }
    // The new rules say what they lack; nothing else is missing that was not before.
    let mut missing = not_assessed(&now);
    for id in new {
        let reason = now["not_assessed"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["rule"] == id)
            .map(|n| text(&n["reason"]).to_string())
            .unwrap_or_default();
        assert!(reason.starts_with("needs a"), "{id}: {reason}");
    }
    missing.retain(|m| !new.contains(&m.as_str()));
    assert_eq!(missing, not_assessed(&before));
}

#[test]
fn the_fixture_scores_the_same_through_duckdb() {
    if !crate::warehouse::duckdb() {
        return;
    }
    // The SQL views do not derive a timestamp from a duration column
    // (`first_response_minutes`, `resolution_hours`), so the fixture goes to
    // DuckDB without those two; the timestamps it has are read by both.
    let read = |name: &str| std::fs::read_to_string(Path::new(FIXTURE).join(name)).unwrap();
    let tickets: String = read("tickets.csv")
        .lines()
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let kept: Vec<&str> = cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 6 && *i != 7)
                .map(|(_, c)| *c)
                .collect();
            kept.join(",") + "\n"
        })
        .collect();
    assert!(
        tickets.starts_with("ticket_id,account_id,priority,subject,created_at,resolved_at,status,")
    );
    let (accounts, subs, churn) = (
        read("accounts.csv"),
        read("subscriptions.csv"),
        read("churn_events.csv"),
    );
    // With no contacts file, the file pass counts every account's people as 0
    // and the query leaves the count out, so the copy has a contact per account.
    let contacts = "contact_id,account_id,first_name,last_name,email\n\
                    c_1,acc_1,Ann,Byers,ann@northwind.example\n\
                    c_2,acc_2,Raj,Patel,raj@fabrikam.example\n\
                    c_3,acc_3,Mia,Lund,mia@contoso.example\n\
                    c_4,acc_4,Tom,Reyes,tom@tailspin.example\n";
    let export = Export::new(&[
        ("accounts.csv", accounts.as_str()),
        ("contacts.csv", contacts),
        ("tickets.csv", tickets.as_str()),
        ("subscriptions.csv", subs.as_str()),
        ("churn_events.csv", churn.as_str()),
    ]);
    let (engine, sql) = crate::warehouse::both_reports(export.path(), None, "csv");
    assert_eq!(engine["accounts"].as_array().unwrap().len(), 4);
    // The rules that read the new tables were assessed, so the comparison covers them.
    let acc = account(&engine, "acc_2");
    assert_eq!(rule(acc, "renewal-with-open-complaint")["status"], "fail");
    for (id, rule_id) in [
        ("acc_3", "complaint-then-downgrade"),
        ("acc_4", "price-loss"),
    ] {
        assert_eq!(rule(account(&engine, id), rule_id)["status"], "fail");
    }
    crate::warehouse::assert_same(FIXTURE, &engine, &sql);
}
