//! How rule results become an account's score, band and coverage: the share of
//! the applicable weight assessed decides whether a customer is banded, a
//! prospect never is, an account with nothing to assess has no score, a cap maps
//! the score into its band's range, and a rule set of more than 64 rules keeps
//! every rule's shortfall.

use assert_cmd::Command;
use rapport::spec::RuleSet;
use serde_json::Value;

use crate::common::{AS_OF, Export, account};

/// Two customers and two prospects. As of 2026-06-30: A1 was called 10 days
/// ago and has no case; A2 has no rows at all; A3 was called 5 days ago; A5
/// was called 75 days ago and opened a case 29 days ago.
pub(crate) fn export() -> Export {
    Export::new(&[
        (
            "Account.csv",
            "Id,Name,Type\n\
             A1,Acme Tools,Customer - Direct\n\
             A2,Beta Labs,Prospect\n\
             A3,Cedar Mills,Prospect\n\
             A5,Elm Foods,Customer\n",
        ),
        (
            "Contact.csv",
            "Id,AccountId,FirstName,LastName,Title\n\
             C1,A1,Ann,Byers,CFO\n\
             C3,A3,Bob,Stone,Engineer\n\
             C5,A5,Eve,Moss,Buyer\n",
        ),
        (
            "Task.csv",
            "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n\
             T1,C1,A1,Call,2026-06-20,true\n\
             T3,C3,A3,Call,2026-06-25,true\n\
             T5,C5,A5,Call,2026-04-16,true\n",
        ),
        (
            "Case.csv",
            "Id,AccountId,ContactId,CaseNumber,Subject,Status,IsClosed,CreatedDate,ClosedDate\n\
             K5,A5,C5,005,Question,Closed,true,2026-06-01T09:00:00.000+0000,2026-06-02T09:00:00.000+0000\n",
        ),
    ])
}

/// A rule set of its own: three bands (top from 80, middle from 40, bottom),
/// customers typed so in the accounts file, and `rules` (TOML) after them.
pub(crate) fn rule_set(scoring: &str, rules: &str) -> String {
    format!(
        "name = \"scoring\"\n\n[scoring]\ncustomer_fact = \"customer\"\n{scoring}\n\n\
         [[band]]\nname = \"top\"\nmin = 80\n\n\
         [[band]]\nname = \"middle\"\nmin = 40\n\n\
         [[band]]\nname = \"bottom\"\nmin = 0\n\n\
         [classes.customer-type]\nwhy = \"Account types of customers.\"\nmatch = [\"customer\"]\n\n\
         [facts.customer]\nwhy = \"Typed a customer.\"\n\
         any = [{{ table = \"accounts\", aggregate = \"count\", where = [{{ field = \"type\", matches = \"customer-type\" }}] }}]\n\n\
         {rules}"
    )
}

/// Days since the last done call: full points within 30 days, none after 120.
fn calls(id: &str, extra: &str) -> String {
    calls_over(id, 1.0, (30, 120), extra)
}

/// Days since the last done call, full points and none at `(full, zero)`
/// days: a rule `id` of `weight`, with `extra` TOML lines.
pub(crate) fn calls_over(id: &str, weight: f64, (full, zero): (u32, u32), extra: &str) -> String {
    format!(
        "[[rule]]\nid = \"{id}\"\nelement = \"test\"\ntitle = \"Recent calls\"\n\
         metric = {{ table = \"activities\", aggregate = \"days-since-last\", where = [{{ field = \"done\", is = true }}] }}\n\
         curve = {{ better = \"lower\", full = {full}, zero = {zero} }}\nweight = {weight}\n{extra}\
         action = \"Call {{account}}.\"\n\n"
    )
}

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

/// `rapport ARGS EXPORT --rules FILE` over [`export`] with `rules` as the
/// rule file; stdout.
fn run(rules: &str, args: &[&str]) -> String {
    let export = export();
    let path = export.file("rules.toml");
    std::fs::write(&path, rules).unwrap();
    let output = rapport()
        .args(&args[..1])
        .arg(export.path())
        .arg("--rules")
        .arg(&path)
        .args(["--as-of", AS_OF, "--no-config"])
        .args(&args[1..])
        .output()
        .unwrap();
    String::from_utf8(crate::common::stdout_of(output)).unwrap()
}

/// Per account id: score, band, coverage, segment, not_enough_evidence and
/// the number of actions, from the CSV report (whose actions are worded from
/// the rules each account fell short on, measured again).
fn csv_rows(rules: &str) -> Vec<[String; 7]> {
    let text = run(rules, &["score", "--format", "csv", "--quiet"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let columns = [
        at("account_id"),
        at("score"),
        at("band"),
        at("coverage"),
        at("segment"),
        at("not_enough_evidence"),
        at("actions"),
    ];
    let mut rows: Vec<[String; 7]> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            columns.map(|c| r[c].to_string())
        })
        .collect();
    rows.sort();
    rows
}

fn row(cells: [&str; 7]) -> [String; 7] {
    cells.map(str::to_string)
}

/// `calls` is left out where there is no call; `cases` applies to customers
/// only and is not assessed on one without a case.
fn coverage_rules(min_coverage: &str) -> String {
    let cases = "[[rule]]\nid = \"cases\"\nelement = \"test\"\ntitle = \"Recent cases\"\n\
        metric = { table = \"tickets\", aggregate = \"days-since-last\" }\n\
        curve = { better = \"lower\", full = 30, zero = 365 }\napplies_to = \"customer\"\n\
        if_none = \"not-assessed\"\nweight = 1\naction = \"Ask {account} about its cases.\"\n";
    rule_set(
        &format!("min_coverage = {min_coverage}"),
        &format!("{}{cases}", calls("calls", "if_none = \"skip\"\n")),
    )
}

#[test]
fn a_customer_is_banded_on_exactly_the_minimum_coverage_and_a_prospect_never() {
    // A1 is assessed on one of its two rules' weight: exactly the minimum.
    // A2 has nothing that applies: no score and no coverage, not a NaN.
    assert_eq!(
        csv_rows(&coverage_rules("0.5")),
        [
            row(["A1", "100", "top", "0.5", "customer", "false", "0"]),
            row(["A2", "", "", "0", "prospect", "false", "0"]),
            row(["A3", "100", "", "1", "prospect", "false", "0"]),
            row(["A5", "75", "middle", "1", "customer", "false", "1"]),
        ]
    );
}

#[test]
fn a_customer_below_the_minimum_coverage_keeps_its_score_but_no_band() {
    let rows = csv_rows(&coverage_rules("0.51"));
    assert_eq!(
        rows[0],
        row(["A1", "100", "", "0.5", "customer", "true", "0"])
    );
    assert_eq!(
        rows[3],
        row(["A5", "75", "middle", "1", "customer", "false", "1"])
    );
}

#[test]
fn a_cap_maps_the_score_into_its_bands_range() {
    // A5 earns half of `calls` and nothing of `no-cases`: 25 before the cap,
    // which puts it a quarter of the way from 40 to 79.9 (just below top).
    let no_cases = "[[rule]]\nid = \"no-cases\"\nelement = \"test\"\ntitle = \"No cases\"\n\
        metric = { table = \"tickets\", aggregate = \"count\" }\n\
        curve = { better = \"lower\", full = 0, zero = 1 }\nweight = 1\ncap_band = \"middle\"\n\
        action = \"Fix what {account} raised.\"\n";
    let rules = rule_set(
        "min_coverage = 0.5",
        &format!("{}{no_cases}", calls("calls", "")),
    );
    let text = run(&rules, &["explain", "--account", "A5", "--format", "json"]);
    let e: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(e["uncapped_score"], 25.0, "{text}");
    assert_eq!(
        e["account"]["score"], 50.0,
        "40 + 39.9 / 4, rounded: {text}"
    );
    assert_eq!(e["account"]["band"], "middle", "{text}");
    assert_eq!(e["caps"][0]["rule"], "no-cases", "{text}");
    assert_eq!(e["caps"][0]["ceiling"], 79.9, "{text}");
}

#[test]
fn the_rules_past_the_sixty_fourth_keep_their_flags_and_actions() {
    // Seventy rules: every one passes A5's call of 75 days ago but the last,
    // which asks for a call within 30 days.
    let mut rules = String::new();
    for i in 0..69 {
        rules.push_str(&calls_over(&format!("calls-{i}"), 1.0, (120, 200), ""));
    }
    rules.push_str(&calls("calls-69", "flag = \"quiet\"\n"));
    let set = RuleSet::from_text("rules.toml", &rule_set("min_coverage = 0.5", &rules))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.rules.len(), 70);
    let report = export().score(&set);
    let a5 = account(&report, "A5");
    assert_eq!(a5.flags, ["quiet"]);
    let actions: Vec<&str> = a5.actions.iter().map(|a| a.rule.as_str()).collect();
    assert_eq!(actions, ["calls-69"]);
    assert!(account(&report, "A1").actions.is_empty());
}

#[test]
fn a_rule_no_account_was_assessed_on_is_not_uninformative() {
    // With no floor on the accounts a rule must assess, a rule every account
    // passes alike is uninformative; one that assessed none is only not assessed.
    let everyone = calls_over("everyone", 1.0, (365, 400), "");
    let nobody = "[[rule]]\nid = \"nobody\"\nelement = \"test\"\ntitle = \"Deals\"\n\
        metric = { table = \"deals\", aggregate = \"days-since-last\" }\n\
        curve = { better = \"lower\", full = 30, zero = 365 }\nif_none = \"not-assessed\"\n\
        weight = 1\naction = \"Sell.\"\n";
    let set = RuleSet::from_text(
        "rules.toml",
        &rule_set(
            "min_coverage = 0.5\nuninformative_min_accounts = 0",
            &format!("{}{everyone}{nobody}", calls("calls", "")),
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let report = export().score(&set);
    let uninformative: Vec<&str> = report
        .uninformative
        .iter()
        .map(|u| u.rule.as_str())
        .collect();
    assert_eq!(uninformative, ["everyone"]);
    let not_assessed: Vec<&str> = report
        .not_assessed
        .iter()
        .map(|u| u.rule.as_str())
        .collect();
    assert_eq!(not_assessed, ["nobody"]);
}
