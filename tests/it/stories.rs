//! The bundled example export, examples/brightline, tells the stories its README
//! promises: each story account gets its action, every built-in rule fires on some
//! account, and every row of the export is accounted for.
//!
//! The export is scored once (as of 2026-06-30, as in the README) and each test
//! reads the JSON report. A failed check prints the account's score, actions and
//! rule statuses, so a mismatch between data, rules and README is easy to read.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

const AS_OF: &str = "2026-06-30";

/// The rows the README says rapport rejects, per file.
const REJECTED: &[(&str, u64)] = &[("Order.csv", 1), ("Task.csv", 1)];

/// Story accounts and the rules whose actions the README promises for them.
const STORIES: &[(&str, &[&str])] = &[
    (
        "Oakfield Insurance Brokers",
        &["price-loss", "competitor-present"],
    ),
    ("Pelican Bay Resort & Spa", &["price-loss"]),
    (
        "Riverside Veterinary Clinic",
        &[
            "contact-recency",
            "complaint-resolution",
            "service-available",
        ],
    ),
    (
        "Ashford Print & Copy",
        &["contact-recency", "serve-after-sale"],
    ),
    (
        "Tidewater Construction",
        &["deliver-on-time", "complaint-resolution", "have-answers"],
    ),
    (
        "Lakeshore Property Management",
        &[
            "complaint-resolution",
            "service-available",
            "renewal-with-open-complaint",
        ],
    ),
    ("Bluewater Marine Supply", &["complaint-resolution"]),
    ("Sunridge Solar Installers", &["complaint-then-downgrade"]),
    ("Ironwood Fitness", &["complaint-follow-up"]),
    (
        "Copperleaf Bakery Co.",
        &["partner", "buyer-and-gatekeeper"],
    ),
    (
        "Fairway Capital Partners",
        &["personal-not-business", "show-value", "competitor-present"],
    ),
    ("Silverline Engineering", &["competitor-present"]),
    ("Pinecrest Medical Billing", &["respond-quickly"]),
    ("Granite Bay Charter Academy", &["have-answers"]),
    ("Maplewood Senior Living", &["friendly"]),
    ("Sterling Court Hotels", &["truth", "easy-business"]),
    ("Brookfield Accounting Partners, LLP", &["easy-business"]),
    ("Westbrook Public Library", &["service-available"]),
    ("Elmhurst Realty Group", &["keep-promises"]),
    ("Quarry Hill Studios", &["prepare"]),
    ("Bayside Pediatrics", &["respect-time"]),
    ("Crestview Dental Lab", &["serve-after-sale"]),
    ("Foxglove Floral Design", &["stay-in-touch"]),
    (
        "Redwood Legal Services",
        &[
            "show-value",
            "enable-use",
            "show-profit",
            "inform-changes",
            "relate",
        ],
    ),
    ("Cedar & Pine Architects", &["expansion-ready"]),
    ("Meridian Family Law", &["expansion-ready"]),
    ("Alder Creek Orthopedics", &["expansion-ready"]),
];

/// The model customers: loyal.
const MODELS: &[&str] = &[
    "Harborview Dental Group",
    "Cedar & Pine Architects",
    "Northgate Logistics",
    "Meridian Family Law",
    "Summit Ridge Credit Union",
    "Alder Creek Orthopedics",
];

/// Rules that only apply to accounts that already buy from us.
const CUSTOMER_ONLY: &[&str] = &[
    "price-loss",
    "enable-use",
    "show-profit",
    "show-value",
    "inform-changes",
    "expansion-ready",
];

fn report() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| {
        let output = Command::cargo_bin("rapport")
            .expect("the rapport binary is built")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "score",
                "examples/brightline",
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ])
            .output()
            .expect("rapport runs");
        assert!(
            output.status.success(),
            "rapport score failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("the report is JSON")
    })
}

fn accounts() -> &'static [Value] {
    report()["accounts"]
        .as_array()
        .expect("accounts is an array")
}

fn account(name: &str) -> &'static Value {
    accounts()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = accounts()
                .iter()
                .filter_map(|a| a["name"].as_str())
                .collect();
            panic!("no account named {name:?} in the report; it has: {names:?}")
        })
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// The rules behind an account's actions, in order: each action's topics (the
/// rules that named the same person), or its rule.
fn action_rules(acc: &Value) -> Vec<&str> {
    let mut rules = Vec::new();
    for x in acc["actions"].as_array().into_iter().flatten() {
        match x["topics"].as_array() {
            Some(topics) if !topics.is_empty() => {
                rules.extend(topics.iter().map(|t| str_of(&t["rule"])));
            }
            _ => rules.push(str_of(&x["rule"])),
        }
    }
    rules
}

fn rule<'a>(acc: &'a Value, id: &str) -> &'a Value {
    acc["rules"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["id"] == id))
        .unwrap_or_else(|| {
            panic!(
                "{}: no rule {id} in the report\n{}",
                acc["name"],
                describe(acc)
            )
        })
}

/// The account as a person reads it: score, band, flags, actions, rule statuses.
fn describe(acc: &Value) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  {} — score {}, band {}, coverage {}, flags {}",
        str_of(&acc["name"]),
        acc["score"],
        acc["band"],
        acc["coverage"],
        acc["flags"]
    );
    let _ = writeln!(s, "  actions, in order:");
    for a in acc["actions"].as_array().into_iter().flatten() {
        let _ = writeln!(
            s,
            "    {:<22} {:<6} {}",
            str_of(&a["rule"]),
            str_of(&a["priority"]),
            str_of(&a["text"])
        );
    }
    let _ = writeln!(s, "  rules:");
    for r in acc["rules"].as_array().into_iter().flatten() {
        let e = &r["evidence"];
        let detail = e["shown"]
            .as_str()
            .or_else(|| e["reason"].as_str())
            .unwrap_or("");
        let points = format!("{}/{}", r["points"], r["weight"]);
        let _ = writeln!(
            s,
            "    {:<22} {:<13} {:<11} {}",
            str_of(&r["id"]),
            str_of(&r["status"]),
            points,
            detail
        );
    }
    s
}

#[track_caller]
fn check(acc: &Value, ok: bool, what: &str) {
    assert!(ok, "{what}\n{}", describe(acc));
}

#[test]
fn story_accounts_get_the_actions_the_readme_promises() {
    let mut failures = String::new();
    for (name, rules) in STORIES {
        let acc = account(name);
        let actions = action_rules(acc);
        let missing: Vec<&&str> = rules.iter().filter(|r| !actions.contains(r)).collect();
        if !missing.is_empty() {
            let _ = writeln!(
                failures,
                "{name}: no action for {missing:?}\n{}",
                describe(acc)
            );
        }
    }
    assert!(
        failures.is_empty(),
        "story accounts without their actions:\n{failures}"
    );
}

#[test]
fn the_price_defector_is_capped_into_no_relationship() {
    for name in ["Oakfield Insurance Brokers", "Pelican Bay Resort & Spa"] {
        let acc = account(name);
        check(
            acc,
            action_rules(acc).first() == Some(&"price-loss"),
            &format!("{name}: the first action should be price-loss"),
        );
        check(
            acc,
            acc["band"] == "no-relationship",
            &format!("{name}: band should be no-relationship"),
        );
        let flagged = acc["flags"]
            .as_array()
            .is_some_and(|f| f.iter().any(|x| x == "price-loss"));
        check(
            acc,
            flagged,
            &format!("{name}: flag price-loss should be set"),
        );
        check(
            acc,
            rule(acc, "price-loss")["status"] == "fail",
            &format!("{name}: price-loss should fail"),
        );
    }
}

#[test]
fn a_loss_on_lead_time_is_not_a_price_loss() {
    // Tidewater lost a deal on delivery lead time: the price test passes, yet the
    // account lands in the lowest band on its own record.
    let acc = account("Tidewater Construction");
    check(
        acc,
        rule(acc, "price-loss")["status"] == "pass",
        "price-loss should pass",
    );
    check(
        acc,
        acc["band"] == "no-relationship",
        "band should be no-relationship",
    );
}

#[test]
fn contact_stories_read_as_the_readme_tells_them() {
    // Ashford has no task or event at all: the rule's "no record" wording, on
    // the first action after its aging case.
    let acc = account("Ashford Print & Copy");
    let first_rules: Vec<&str> = acc["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .take(2)
        .map(|x| str_of(&x["rule"]))
        .collect();
    let second = acc["actions"][1]["text"].as_str().unwrap_or("");
    check(
        acc,
        first_rules == ["service-available", "contact-recency"]
            && second.contains("no record of any contact"),
        "Ashford: after the aging case, the next action should say there is no record of any contact",
    );
    // Foxglove hears from the customer often, but only inbound.
    let acc = account("Foxglove Floral Design");
    check(
        acc,
        rule(acc, "contact-recency")["status"] == "pass",
        "Foxglove: recent contact should pass",
    );
    check(
        acc,
        rule(acc, "stay-in-touch")["status"] == "fail",
        "Foxglove: stay-in-touch should fail",
    );
}

#[test]
fn model_customers_are_loyal() {
    for name in MODELS {
        let acc = account(name);
        check(
            acc,
            acc["band"] == "loyal",
            &format!("{name}: a model customer should be loyal"),
        );
    }
    let acc = account("Harborview Dental Group");
    check(
        acc,
        action_rules(acc).is_empty(),
        "Harborview should have nothing to do",
    );
    let acc = account("Northgate Logistics");
    check(
        acc,
        !action_rules(acc).contains(&"expansion-ready"),
        "Northgate has an open deal: no upgrade action",
    );
}

#[test]
fn loyal_accounts_without_an_open_deal_are_offered_an_upgrade() {
    for name in [
        "Cedar & Pine Architects",
        "Meridian Family Law",
        "Alder Creek Orthopedics",
    ] {
        let acc = account(name);
        check(
            acc,
            acc["band"] == "loyal",
            &format!("{name}: should be loyal"),
        );
        check(
            acc,
            rule(acc, "expansion-ready")["status"] == "fail",
            &format!("{name}: expansion-ready should fail"),
        );
        check(
            acc,
            action_rules(acc).contains(&"expansion-ready"),
            &format!("{name}: should be offered an upgrade"),
        );
    }
}

#[test]
fn prospects_are_not_held_to_customer_rules() {
    for name in ["Juniper Analytics", "Kestrel Aerospace Components"] {
        let acc = account(name);
        for id in CUSTOMER_ONLY {
            let r = rule(acc, id);
            check(
                acc,
                r["status"] == "not-assessed",
                &format!("{name}: {id} should not be assessed"),
            );
            let reason = str_of(&r["evidence"]["reason"]);
            check(
                acc,
                reason.contains("does not apply"),
                &format!("{name}: {id} should say it does not apply"),
            );
        }
        check(
            acc,
            !action_rules(acc).contains(&"price-loss"),
            &format!("{name}: no price-loss action for a prospect"),
        );
    }
    // Kestrel lost on price as a prospect, with a competitor named: a warning,
    // not a failed price test.
    let acc = account("Kestrel Aerospace Components");
    check(
        acc,
        action_rules(acc).contains(&"competitor-present"),
        "Kestrel: competitor-present should fire",
    );
}

#[test]
fn every_built_in_rule_fires_on_some_account() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.toml");
    let text = std::fs::read_to_string(&path).expect("rules/default.toml is readable");
    let rules: toml::Table = toml::from_str(&text).expect("rules/default.toml is TOML");
    let ids: Vec<&str> = rules["rule"]
        .as_array()
        .expect("[[rule]] entries")
        .iter()
        .filter(|r| r.get("enabled").and_then(toml::Value::as_bool) != Some(false))
        .map(|r| r["id"].as_str().expect("a rule id"))
        .collect();
    assert!(
        ids.len() >= 20,
        "expected the full built-in set, found {ids:?}"
    );
    let fired: BTreeSet<&str> = accounts().iter().flat_map(action_rules).collect();
    // A rule that gives every account the same result here is named as such, not scored.
    let uninformative: Vec<&str> = report()["uninformative"]
        .as_array()
        .expect("the report lists the uninformative rules")
        .iter()
        .filter_map(|u| u["rule"].as_str())
        .collect();
    let silent: Vec<&&str> = ids
        .iter()
        .filter(|id| !fired.contains(*id) && !uninformative.contains(id))
        .collect();
    assert!(
        silent.is_empty(),
        "built-in rules that fire on no account: {silent:?}"
    );
}

#[test]
fn bands_are_spread() {
    for band in ["loyal", "steady", "at-risk", "no-relationship"] {
        let n = accounts().iter().filter(|a| a["band"] == band).count();
        assert!(n >= 3, "only {n} account(s) in band {band}");
    }
    let unscored: Vec<&str> = accounts()
        .iter()
        .filter(|a| a["score"].is_null())
        .map(|a| str_of(&a["name"]))
        .collect();
    assert!(
        unscored.is_empty(),
        "accounts without a score: {unscored:?}"
    );
}

#[test]
fn every_row_is_accounted_for() {
    let inputs = report()["inputs"].as_array().expect("inputs is an array");
    let file = |i: &Value| -> String {
        Path::new(str_of(&i["path"]))
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let names: BTreeSet<String> = inputs.iter().map(file).collect();
    let expected: BTreeSet<String> = [
        "Account.csv",
        "Case.csv",
        "ChurnEvent.csv",
        "Contact.csv",
        "Event.csv",
        "Opportunity.csv",
        "Order.csv",
        "Subscription.csv",
        "Task.csv",
    ]
    .map(String::from)
    .into();
    assert_eq!(names, expected, "every file of the export should be read");
    for i in inputs {
        let n = |k: &str| {
            i[k].as_u64()
                .unwrap_or_else(|| panic!("{}: no {k}", file(i)))
        };
        assert!(
            i["table"].is_string(),
            "{} was not recognised: {}",
            file(i),
            i["error"]
        );
        assert_eq!(
            n("rows"),
            n("used") + n("rejected") + n("skipped"),
            "{}: rows != used + rejected + skipped",
            file(i)
        );
        let want = REJECTED
            .iter()
            .find(|(f, _)| *f == file(i))
            .map_or(0, |(_, n)| *n);
        assert_eq!(
            n("rejected"),
            want,
            "{}: rejected rows (the README lists them)",
            file(i)
        );
    }
    let total: u64 = inputs.iter().filter_map(|i| i["rejected"].as_u64()).sum();
    assert_eq!(total, REJECTED.iter().map(|(_, n)| n).sum::<u64>());
}

/// The README's count of the bands is the report's.
#[test]
fn the_readme_counts_the_bands_the_report_gives() {
    let readme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline/README.md"),
    )
    .unwrap();
    let prose = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let count = |segment: &str, band: Option<&str>| {
        accounts()
            .iter()
            .filter(|a| a["segment"] == segment && band.is_none_or(|b| a["band"] == b))
            .count()
    };
    let expected = format!(
        "of the {} customers, {} are loyal, {} steady, {} at-risk and {} have no relationship; the {} prospects",
        count("customer", None),
        count("customer", Some("loyal")),
        count("customer", Some("steady")),
        count("customer", Some("at-risk")),
        count("customer", Some("no-relationship")),
        count("prospect", None),
    );
    assert!(
        prose.contains(&expected),
        "the README should say: {expected}"
    );
}
