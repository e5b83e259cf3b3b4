//! Metrics over the contacts on file by their resolved role
//! (`contacts.contact.role`): the role a contact's title or a relation read
//! after the contacts file gives it, the same as an activity of that contact
//! sees, whatever the order of the rows, and the same through SQL.

use assert_cmd::Command;
use rapport::report::ReportData as Report;
use rapport::spec::RuleSet;
use serde_json::Value;

use crate::common::{AS_OF, Export, rule};

const ACCOUNTS: &str = "\
Id,Name,Type
A1,Acme Tools,Customer - Direct
A2,Beta Labs,Customer - Direct
A3,Cobalt Dental,Customer - Direct
";

/// Roles from titles at Acme (a buyer, a gatekeeper, one with none); at Beta
/// only an engineer, whose role comes from a relation; Dana at Cobalt has no
/// account of her own, a relation gives her one.
const CONTACTS: [&str; 6] = [
    "C1,A1,Ann,Byers,CFO",
    "C2,A1,Gus,Gale,Executive Assistant",
    "C3,A1,Eve,Hart,Engineer",
    "C4,A2,Bob,Stone,Engineer",
    "C5,A3,Cy,Moss,Lab Technician",
    "C6,,Dana,Ruiz,",
];
const CONTACTS_HEADER: &str = "Id,AccountId,FirstName,LastName,Title";

/// Read after every contact: Bob's role value makes him a buyer though his
/// title says nothing, and Dana is Cobalt's procurement lead; Cy has two
/// relations, and the first role of the rule set they match (gatekeeper)
/// counts, whichever is read first.
const RELATIONS: [&str; 4] = [
    "A2,C4,Decision Maker",
    "A3,C6,Procurement",
    "A3,C5,Decision Maker",
    "A3,C5,Gatekeeper",
];
const RELATIONS_HEADER: &str = "AccountId,ContactId,Roles";

const TASKS: &str = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed
T1,C4,A2,Call,2026-06-20,true
T2,C6,A3,Call,2026-06-21,true
";

/// Both roles known at all, decision makers on file, and an activity rule
/// over the same role for comparison.
const RULES: &str = r#"extends = "default"

[[rule]]
id = "decision-makers"
element = "test"
title = "Decision makers on file"
metric = { table = "contacts", aggregate = "count", where = [{ field = "contact.role", in = ["buyer"] }] }
curve = { better = "higher", full = 2, zero = 0 }
weight = 1
action = "Meet more decision makers at {account}"

[[rule]]
id = "roles-unknown"
element = "test"
title = "Contacts with no role"
metric = { table = "contacts", aggregate = "count", where = [{ field = "contact.role", present = false }] }
curve = { better = "lower", full = 0, zero = 3 }
weight = 1
action = "Find out what {contact} does at {account}"

[[rule]]
id = "roles-engaged"
element = "test"
title = "Roles engaged"
metric = { table = "activities", aggregate = "distinct", field = "contact.role" }
curve = { better = "higher", full = 2, zero = 0 }
weight = 1
action = "Engage more roles at {account}"
"#;

fn rules() -> RuleSet {
    RuleSet::from_text("roles.toml", RULES).unwrap_or_else(|e| panic!("{e}"))
}

/// The export with its contact and relation rows in the order given.
fn export(contacts: &[&str], relations: &[&str]) -> Export {
    let file = |header: &str, rows: &[&str]| format!("{header}\n{}\n", rows.join("\n"));
    Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", &file(CONTACTS_HEADER, contacts)),
        (
            "AccountContactRelation.csv",
            &file(RELATIONS_HEADER, relations),
        ),
        ("Task.csv", TASKS),
    ])
}

fn standard() -> Export {
    export(&CONTACTS, &RELATIONS)
}

fn value(report: &Report, account: &str, id: &str) -> Option<f64> {
    rule(report, account, id).value
}

#[test]
fn a_role_from_the_title_counts_and_a_contact_without_one_does_not() {
    let report = standard().score(&rules());
    let on_file = rule(&report, "A1", "key-roles-on-file");
    assert_eq!(on_file.value, Some(2.0), "{on_file:?}");
    assert!(on_file.evidence.missing.is_empty(), "{on_file:?}");
    // Two contacts hold a listed role; the one named is the first by id.
    assert_eq!(on_file.evidence.rows, Some(2));
    assert_eq!(on_file.evidence.contact.as_deref(), Some("Ann Byers"));
    // The report points at no line: the contacts themselves are the rows.
    assert_eq!(on_file.evidence.source, None);
    assert_eq!(value(&report, "A1", "decision-makers"), Some(1.0));
    // Eve, an engineer, holds no role.
    assert_eq!(value(&report, "A1", "roles-unknown"), Some(1.0));
    let unknown = rule(&report, "A1", "roles-unknown");
    assert_eq!(unknown.evidence.contact.as_deref(), Some("Eve Hart"));
}

#[test]
fn a_role_from_a_relation_read_after_the_contacts_counts() {
    let report = standard().score(&rules());
    // Bob's title says nothing; the relation's "Decision Maker" makes him a buyer.
    let beta = rule(&report, "A2", "key-roles-on-file");
    assert_eq!(beta.value, Some(1.0), "{beta:?}");
    assert_eq!(beta.evidence.missing, vec!["gatekeeper".to_string()]);
    assert_eq!(value(&report, "A2", "decision-makers"), Some(1.0));
    assert_eq!(value(&report, "A2", "roles-unknown"), Some(0.0));
    // The same role an activity with him sees.
    assert_eq!(value(&report, "A2", "roles-engaged"), Some(1.0));
    // Dana has no account of her own: the relation makes her Cobalt's
    // gatekeeper; so is Cy, of whose two relations the gatekeeper's counts.
    let cobalt = rule(&report, "A3", "key-roles-on-file");
    assert_eq!(cobalt.value, Some(1.0), "{cobalt:?}");
    assert_eq!(cobalt.evidence.missing, vec!["buyer".to_string()]);
    assert_eq!(cobalt.evidence.rows, Some(2));
    assert_eq!(cobalt.evidence.contact.as_deref(), Some("Cy Moss"));
    assert_eq!(value(&report, "A3", "decision-makers"), Some(0.0));
    assert_eq!(value(&report, "A3", "roles-engaged"), Some(1.0));
}

#[test]
fn the_action_asks_for_the_missing_role() {
    let report = standard().score(&rules());
    let beta = report
        .accounts
        .iter()
        .find(|a| a.id == "A2")
        .expect("Beta Labs");
    let action = beta
        .actions
        .iter()
        .flat_map(|a| std::iter::once(&a.text).chain(a.topics.iter().map(|t| &t.text)))
        .find(|t| t.contains("no contact on file holds that role"))
        .unwrap_or_else(|| panic!("no key-roles-on-file action: {:#?}", beta.actions));
    assert!(action.contains("Beta Labs' gatekeeper"), "{action}");
    // Nobody holds the role, so the person last in touch is asked.
    assert!(action.contains("Ask Bob Stone"), "{action}");
}

/// The new rules' values and evidence for every account.
fn role_rules(report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for a in &report.accounts {
        for r in &a.rules {
            if ["key-roles-on-file", "decision-makers", "roles-unknown"].contains(&r.id.as_str()) {
                out.push(format!("{} {} {:?} {:?}", a.id, r.id, r.value, r.evidence));
            }
        }
    }
    out
}

#[test]
fn the_order_of_contacts_and_relations_changes_nothing() {
    let rules = rules();
    let in_order = role_rules(&standard().score(&rules));
    assert_eq!(in_order.len(), 9);
    let mut contacts = CONTACTS.to_vec();
    contacts.reverse();
    contacts.swap(1, 4);
    let mut relations = RELATIONS.to_vec();
    relations.reverse();
    let shuffled = role_rules(&export(&contacts, &relations).score(&rules));
    assert_eq!(in_order, shuffled);
}

#[test]
fn threads_change_nothing() {
    let ex = standard();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.toml");
    std::fs::write(&path, RULES).unwrap();
    let run = |threads: &str| -> Value {
        let out = Command::cargo_bin("rapport")
            .unwrap()
            .args(["score", ex.path().to_str().unwrap(), "--as-of", AS_OF])
            .args(["--rules", path.to_str().unwrap(), "--threads", threads])
            .args(["--format", "json", "--quiet"])
            .output()
            .unwrap();
        serde_json::from_slice(&crate::common::stdout_of(out)).unwrap()
    };
    assert_eq!(run("1"), run("2"));
}

/// The error compiling a probe rule over `metric`.
fn refused(metric: &str) -> String {
    let text = format!(
        "extends = \"default\"\n\n[[rule]]\nid = \"odd-roles\"\ntitle = \"t\"\nmetric = {metric}\n\
         curve = {{ better = \"higher\", full = 1, zero = 0 }}\naction = \"a\"\n"
    );
    match RuleSet::from_text("odd.toml", &text) {
        Ok(_) => panic!("{metric} compiled"),
        Err(e) => format!("{e:#}"),
    }
}

#[test]
fn what_the_contact_registry_cannot_tell_is_refused_naming_rule_and_key() {
    let cases = [
        (
            r#"{ table = "contacts", aggregate = "distinct", field = "contact.role", within_days = 90 }"#,
            "`within_days`",
        ),
        (
            r#"{ table = "contacts", aggregate = "count", half_life_days = 30, where = [{ field = "contact.role", in = ["buyer"] }] }"#,
            "`half_life_days`",
        ),
        (
            r#"{ table = "contacts", aggregate = "share", of = [{ field = "contact.role", in = ["buyer"] }] }"#,
            "`aggregate = \"share\"`",
        ),
        (
            r#"{ table = "contacts", aggregate = "distinct", field = "title", where = [{ field = "contact.role", in = ["buyer"] }] }"#,
            "`field` must be contact.role",
        ),
        (
            r#"{ table = "contacts", aggregate = "count", where = [{ field = ["title", "contact.role"], present = true }] }"#,
            "`where` on contacts.title",
        ),
        (
            r#"{ table = "contacts", aggregate = "distinct", field = "contact.role", date = "created" }"#,
            "`date`",
        ),
        (
            r#"{ table = "accounts", aggregate = "followed-by", followed_by = { table = "contacts", within_days = 30, where = [{ field = "contact.role", in = ["buyer"] }] } }"#,
            "`followed_by` cannot test contacts.contact.role",
        ),
    ];
    for (metric, key) in cases {
        let err = refused(metric);
        assert!(err.contains("rule 'odd-roles'"), "{metric}: {err}");
        assert!(err.contains(key), "{metric}: {err}");
        assert!(err.contains("odd.toml:"), "{metric}: no place in {err}");
    }
}

#[test]
fn an_export_whose_contacts_hold_no_role_cannot_assess_it() {
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        (
            "Contact.csv",
            "Id,AccountId,FirstName,LastName,Title\nC1,A1,Ann,Byers,Engineer\n",
        ),
    ]);
    let report = export.score(&rules());
    let r = rule(&report, "A1", "key-roles-on-file");
    assert_eq!(r.status.name(), "not-assessed", "{r:?}");
    let reason = r.evidence.reason.as_deref().unwrap_or("");
    assert!(reason.contains("contact roles"), "{reason}");
}

#[test]
fn the_engine_and_duckdb_agree() {
    if !crate::warehouse::duckdb() {
        return;
    }
    let ex = standard();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.toml");
    std::fs::write(&path, RULES).unwrap();
    let (engine, sql) = crate::warehouse::both_reports(ex.path(), Some(&path), "csv");
    let cobalt = crate::common::json::rule_value(&engine, "A3", "key-roles-on-file");
    assert_eq!(cobalt, 1.0, "the relation's role is read");
    crate::warehouse::assert_same("the roles export", &engine, &sql);
}
