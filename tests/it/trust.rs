//! Scores a manager can trust: absence is not evidence, a band needs enough
//! evidence, prospects are not ranked as customers, graded curves keep telling
//! good from excellent, caps keep order, and rules that say the same of every
//! account are named instead of scored.

use assert_cmd::Command;
use rapport::report::{ReportData as Report, Segment};
use rapport::spec::RuleSet;

use crate::common::{Export, account, rule};

fn rules(extra: &str) -> RuleSet {
    let text = format!("extends = \"default\"\n{extra}");
    RuleSet::from_text("trust.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn score(extra: &str) -> Report {
    Export::standard().score(&rules(extra))
}

fn built_in() -> toml::Table {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/default.toml");
    let text = std::fs::read_to_string(path).expect("rules/default.toml is readable");
    toml::from_str(&text).expect("rules/default.toml is TOML")
}

#[test]
fn no_built_in_rule_earns_points_for_an_empty_set() {
    let table = built_in();
    let passing: Vec<&str> = table["rule"]
        .as_array()
        .expect("[[rule]] entries")
        .iter()
        .filter(|r| r.get("if_none").and_then(toml::Value::as_str) == Some("pass"))
        .map(|r| r["id"].as_str().unwrap_or("?"))
        .collect();
    assert!(
        passing.is_empty(),
        "built-in rules that pass on nothing: {passing:?}"
    );
}

#[test]
fn case_rules_do_not_apply_to_an_account_without_cases() {
    let report = score("");
    // Beta Labs (A2) has no cases: nothing about complaints or disputes is known.
    for id in [
        "complaint-resolution",
        "truth",
        "friendly",
        "easy-business",
        "service-available",
        "resolution-time",
    ] {
        let r = rule(&report, "A2", id);
        assert_eq!(r.status.name(), "not-assessed", "{id}: {r:?}");
        assert!(r.points.is_none(), "{id} earned points on nothing");
        let reason = r.evidence.reason.as_deref().unwrap_or("");
        assert!(reason.contains("does not apply"), "{id}: {reason}");
    }
    // Acme (A1) has three cases: the rules are judged on them.
    let truth = rule(&report, "A1", "truth");
    assert_ne!(truth.status.name(), "not-assessed", "{truth:?}");
}

#[test]
fn an_export_whose_cases_were_all_rejected_is_not_loyal() {
    // Every case names an account that is not in the export: all rejected.
    let cases = "Id,AccountId,Subject,Status,IsClosed,CreatedDate,ClosedDate\n\
                 K1,X1,Complaint,Closed,true,2026-06-01T09:00:00Z,2026-06-02T09:00:00Z\n\
                 K2,X2,Complaint,Closed,true,2026-06-01T09:00:00Z,2026-06-02T09:00:00Z\n";
    let accounts = "Id,Name,Type\nA1,Acme Tools,Customer\nA2,Dusty Co,Customer\n";
    let tasks = "Id,AccountId,Subject,ActivityDate,IsClosed\nT1,A1,Call,2026-06-20,true\n";
    let export = Export::new(&[
        ("Account.csv", accounts),
        ("Case.csv", cases),
        ("Task.csv", tasks),
    ]);
    let report = export.score(&rules(""));
    for a in &report.accounts {
        assert_ne!(a.band.as_deref(), Some("loyal"), "{a:#?}");
        assert_ne!(a.band.as_deref(), Some("steady"), "{a:#?}");
    }
}

#[test]
fn a_band_needs_enough_of_the_applicable_weight_assessed() {
    let strict = score("[scoring]\nmin_coverage = 1.0\n");
    let acme = account(&strict, "A1");
    assert!(
        acme.coverage < 1.0,
        "the fixture lacks some data: {acme:#?}"
    );
    assert!(acme.score.is_some(), "the score is still shown");
    assert_eq!(acme.band, None);
    assert!(acme.not_enough_evidence);
    assert!(
        !acme.missing_evidence.is_empty(),
        "what is missing is listed"
    );
    assert_eq!(acme.standing_label(), "not enough evidence");
    let lenient = score("[scoring]\nmin_coverage = 0.0\n");
    let acme = account(&lenient, "A1");
    assert!(
        acme.band.is_some() && !acme.not_enough_evidence,
        "{acme:#?}"
    );
    assert!(acme.missing_evidence.is_empty());
}

#[test]
fn prospects_are_scored_apart_and_never_banded() {
    let report = score("");
    let beta = account(&report, "A2");
    assert_eq!(beta.segment, Segment::Prospect);
    assert_eq!(beta.band, None);
    assert!(
        !beta.not_enough_evidence,
        "a prospect is not a thin customer"
    );
    let acme = account(&report, "A1");
    assert_eq!(acme.segment, Segment::Customer);
    // Customers first, then prospects.
    let order: Vec<&str> = report.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(order, ["A1", "A2"]);
    // With no customer fact, everyone is a customer again.
    let everyone = score("[scoring]\ncustomer_fact = \"\"\n");
    assert_eq!(account(&everyone, "A2").segment, Segment::Customer);
}

#[test]
fn the_customer_fact_is_checked() {
    let err = RuleSet::from_text(
        "bad.toml",
        "extends = \"default\"\n[scoring]\ncustomer_fact = \"buyer-of-things\"\n",
    )
    .expect_err("an unknown fact is refused");
    assert!(err.to_string().contains("unknown fact"), "{err}");
    let err = RuleSet::from_text(
        "bad.toml",
        "extends = \"default\"\n[scoring]\nmin_coverage = 1.5\n",
    )
    .expect_err("a coverage above 1 is refused");
    assert!(err.to_string().contains("between 0 and 1"), "{err}");
}

const PROBE: &str =
    "[[rule]]\nid = \"probe\"\ntitle = \"probe\"\naction = \"probe {value}\"\nweight = 1\n";

#[test]
fn a_relative_curve_is_placed_on_the_exports_own_spread() {
    let report = score(&format!(
        "[scoring]\nuninformative_min_accounts = 100\n\n{PROBE}\
         metric = {{ table = \"activities\", aggregate = \"count\" }}\n\
         curve = {{ better = \"higher\", relative = true }}\n"
    ));
    // Acme has six activities, Beta one: the top of the export earns everything,
    // the bottom nothing, whatever the counts are.
    assert_eq!(rule(&report, "A1", "probe").points, Some(1.0));
    assert_eq!(rule(&report, "A2", "probe").points, Some(0.0));
}

#[test]
fn shapes_other_than_linear_are_refused_by_name() {
    let err = RuleSet::from_text(
        "bad.toml",
        &format!(
            "extends = \"default\"\n{PROBE}metric = {{ table = \"activities\", aggregate = \"count\" }}\n\
             curve = {{ better = \"higher\", full = 3, zero = 0, shape = \"cubic\" }}\n"
        ),
    )
    .expect_err("an unknown shape is refused");
    let text = err.to_string();
    assert!(text.contains("sqrt") && text.contains("log"), "{text}");
}

#[test]
fn a_rule_that_says_the_same_of_everyone_is_named_not_scored() {
    let nothing = format!(
        "[classes.never]\nmatch = [\"zzyzx\"]\n\n{PROBE}\
         metric = {{ table = \"activities\", aggregate = \"count\", where = [{{ field = \"subject\", matches = \"never\" }}] }}\n\
         curve = {{ better = \"lower\", full = 0, zero = 1 }}\n"
    );
    let report = score(&format!(
        "[scoring]\nuninformative_min_accounts = 2\n\n{nothing}"
    ));
    let named: Vec<&str> = report
        .uninformative
        .iter()
        .map(|u| u.rule.as_str())
        .collect();
    assert!(named.contains(&"probe"), "{named:?}");
    for id in ["A1", "A2"] {
        let r = rule(&report, id, "probe");
        assert_eq!(r.status.name(), "not-assessed");
        assert!(r.points.is_none());
        assert!(
            account(&report, id)
                .actions
                .iter()
                .all(|a| a.rule != "probe")
        );
    }
    // Too few accounts to call it: it is scored.
    let few = score(&format!(
        "[scoring]\nuninformative_min_accounts = 3\n\n{nothing}"
    ));
    assert!(few.uninformative.iter().all(|u| u.rule != "probe"));
    assert_eq!(rule(&few, "A1", "probe").points, Some(1.0));
    // "Nearly" is a share: at 1.0 only a unanimous rule is uninformative.
    let split = score(&format!(
        "[scoring]\nuninformative_min_accounts = 2\nuninformative_share = 1.0\n\n{PROBE}\
         metric = {{ table = \"activities\", aggregate = \"count\" }}\n\
         curve = {{ better = \"higher\", full = 6, zero = 0 }}\n"
    ));
    assert!(split.uninformative.iter().all(|u| u.rule != "probe"));
}

#[test]
fn strict_makes_an_uninformative_rule_an_error() {
    // The standard tasks without the row `--strict` would stop at (an unknown account).
    let tasks: String = crate::common::TASKS
        .lines()
        .filter(|l| !l.contains("X9"))
        .map(|l| format!("{l}\n"))
        .collect();
    let export = Export::new(&[
        ("Account.csv", crate::common::ACCOUNTS),
        ("Contact.csv", crate::common::CONTACTS),
        ("Task.csv", &tasks),
        ("Case.csv", crate::common::CASES),
    ]);
    let file = export.file("rules.toml");
    std::fs::write(
        &file,
        format!(
            "extends = \"default\"\n[scoring]\nuninformative_min_accounts = 2\n\n\
             [classes.never]\nmatch = [\"zzyzx\"]\n\n{PROBE}\
             metric = {{ table = \"activities\", aggregate = \"count\", where = [{{ field = \"subject\", matches = \"never\" }}] }}\n\
             curve = {{ better = \"lower\", full = 0, zero = 1 }}\n"
        ),
    )
    .unwrap();
    let run = |strict: bool| {
        #[allow(deprecated)]
        let mut cmd = Command::cargo_bin("rapport").unwrap();
        cmd.arg("score")
            .arg(export.path())
            .args(["--as-of", crate::common::AS_OF, "--no-config", "--rules"])
            .arg(&file);
        if strict {
            cmd.arg("--strict");
        }
        cmd.output().unwrap()
    };
    let loose = run(false);
    assert_eq!(loose.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&loose.stderr).contains("uninformative: probe"));
    let strict = run(true);
    assert_eq!(strict.status.code(), Some(2));
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(
        err.contains("uninformative") && err.contains("probe"),
        "{err}"
    );
}

#[test]
fn a_cap_keeps_the_capped_accounts_in_order() {
    let capper = |cap: &str| {
        score(&format!(
            "[scoring]\nuninformative_min_accounts = 100\ncustomer_fact = \"\"\n\n\
             [[rule]]\nid = \"capper\"\ntitle = \"capper\"\naction = \"capper\"\nweight = 1\n{cap}\
             metric = {{ table = \"accounts\", aggregate = \"count\" }}\n\
             curve = {{ better = \"lower\", full = 0, zero = 1 }}\n"
        ))
    };
    let free = capper("");
    let capped = capper("cap_band = \"no-relationship\"\n");
    let order = |r: &Report| -> Vec<String> { r.accounts.iter().map(|a| a.id.clone()).collect() };
    assert_eq!(order(&free), order(&capped));
    let scores: Vec<f64> = capped.accounts.iter().filter_map(|a| a.score).collect();
    assert_eq!(scores.len(), 2);
    assert!(scores.iter().all(|&s| s <= 34.9), "{scores:?}");
    assert!(scores[0] < scores[1], "not tied at the ceiling: {scores:?}");
}
