//! Action items: their own urgency before the points they cost, a threshold
//! below which a shortfall raises none, one call per person with its topics, a
//! budget per account and the week's list across the portfolio.

use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;

use crate::common::{AS_OF, Export};

fn rapport() -> Command {
    Command::cargo_bin("rapport").unwrap()
}

/// `rapport score examples/brightline` with `args`, stdout as text.
fn brightline(args: &[&str]) -> String {
    let output = rapport()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["score", "examples/brightline", "--as-of", AS_OF, "--quiet"])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(crate::common::stdout_of(output)).unwrap()
}

fn brightline_json() -> &'static Value {
    static REPORT: OnceLock<Value> = OnceLock::new();
    REPORT.get_or_init(|| serde_json::from_str(&brightline(&["--format", "json"])).unwrap())
}

fn accounts(report: &Value) -> &[Value] {
    report["accounts"].as_array().unwrap()
}

fn account<'r>(report: &'r Value, name: &str) -> &'r Value {
    accounts(report)
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no account {name}"))
}

fn actions(a: &Value) -> &[Value] {
    a["actions"].as_array().unwrap()
}

fn urgency_rank(x: &Value) -> usize {
    ["now", "soon", "this-month"]
        .iter()
        .position(|u| x["urgency"] == *u)
        .unwrap_or_else(|| panic!("unknown urgency in {x}"))
}

/// The standard export scored with a rule file extending the default; the JSON.
fn with_rules(rules: &str, args: &[&str]) -> Value {
    let export = Export::standard();
    let path = export.file("rules.toml");
    std::fs::write(&path, format!("extends = \"default\"\n{rules}")).unwrap();
    let output = rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rules")
        .arg(&path)
        .args(["--as-of", AS_OF, "--format", "json", "--quiet"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&crate::common::stdout_of(output)).unwrap()
}

fn rule_error(rules: &str) -> String {
    let export = Export::standard();
    let path = export.file("rules.toml");
    std::fs::write(&path, format!("extends = \"default\"\n{rules}")).unwrap();
    let output = rapport()
        .arg("score")
        .arg(export.path())
        .arg("--rules")
        .arg(&path)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn all_topic_rules(a: &Value) -> Vec<String> {
    actions(a)
        .iter()
        .flat_map(|x| x["topics"].as_array().unwrap())
        .map(|t| t["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn urgency_comes_before_the_points_an_action_costs() {
    let report = brightline_json();
    for a in accounts(report) {
        let ranks: Vec<usize> = actions(a).iter().map(urgency_rank).collect();
        assert!(
            ranks.windows(2).all(|w| w[0] <= w[1]),
            "{}: actions out of urgency order: {ranks:?}",
            a["name"]
        );
    }
    // Riverside's unanswered complaint is tomorrow's call, ahead of the bigger
    // but slower loss of contact.
    let riverside = account(report, "Riverside Veterinary Clinic");
    assert_eq!(actions(riverside)[0]["rule"], "complaint-resolution");
    assert_eq!(actions(riverside)[0]["urgency"], "now");
    // A price defector without a complaint: the lost order first.
    for name in ["Oakfield Insurance Brokers", "Pelican Bay Resort & Spa"] {
        assert_eq!(
            actions(account(report, name))[0]["rule"],
            "price-loss",
            "{name}"
        );
    }
    // A loyal account with nothing new on offer: the offer is its first action,
    // not lost behind small gaps.
    for name in [
        "Cedar & Pine Architects",
        "Meridian Family Law",
        "Alder Creek Orthopedics",
    ] {
        let first = &actions(account(report, name))[0];
        assert_eq!(first["rule"], "expansion-ready", "{name}");
        assert_eq!(first["urgency"], "soon", "{name}");
    }
}

#[test]
fn a_rule_slightly_short_raises_no_action() {
    // contact-recency on A1: 10 days, a pass; the complaint share partial. With a
    // threshold of 1, only rules that lose everything (or cap) raise an action.
    let strict = with_rules("[actions]\nmin_shortfall = 1.0\n", &[]);
    let a1 = account(&strict, "Acme Tools");
    let partial: Vec<&str> = a1["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "partial")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!partial.is_empty(), "the fixture has partial rules");
    let raised = all_topic_rules(a1);
    for id in &partial {
        assert!(
            !raised.iter().any(|r| r == id),
            "{id} is partial and below the threshold, yet raised an action: {raised:?}"
        );
    }
    // The same shortfalls raise their actions at the default threshold.
    let default = with_rules("", &[]);
    let raised = all_topic_rules(account(&default, "Acme Tools"));
    assert!(
        partial.iter().any(|id| raised.iter().any(|r| r == id)),
        "{partial:?} vs {raised:?}"
    );
    // A rule's own threshold overrides the set's.
    let own = with_rules(
        &format!(
            "[actions]\nmin_shortfall = 1.0\n\n[[rule]]\nid = \"{}\"\nmin_shortfall = 0.0\n",
            partial[0]
        ),
        &[],
    );
    let raised = all_topic_rules(account(&own, "Acme Tools"));
    assert!(raised.iter().any(|r| r == partial[0]), "{raised:?}");
}

#[test]
fn action_settings_are_checked_with_their_line() {
    let err = rule_error("[actions]\nmin_shortfall = 1.5\n");
    assert!(err.contains("rules.toml:3:"), "{err}");
    assert!(
        err.contains("min_shortfall must be between 0 and 1"),
        "{err}"
    );
    let err = rule_error("[actions]\nper_account = 0\n");
    assert!(
        err.contains("per_account must be between 1 and 1000"),
        "{err}"
    );
    let err = rule_error("[actions]\nper_acount = 2\n");
    assert!(err.contains("unknown field `per_acount`"), "{err}");
    let err = rule_error("[[rule]]\nid = \"relate\"\nurgency = \"yesterday\"\n");
    assert!(
        err.contains("unknown urgency 'yesterday', expected one of: now, soon, this-month"),
        "{err}"
    );
}

#[test]
fn topics_for_one_person_make_one_call() {
    let report = brightline_json();
    let mut merged = 0;
    for a in accounts(report) {
        let list = actions(a);
        for (i, x) in list.iter().enumerate() {
            let topics = x["topics"].as_array().unwrap();
            assert!(!topics.is_empty() && topics.len() <= 3, "{x}");
            assert_eq!(topics[0]["rule"], x["rule"]);
            assert_eq!(topics[0]["text"], x["text"]);
            assert_eq!(topics[0]["due"], x["due"], "the most urgent's due date");
            merged += usize::from(topics.len() > 1);
            // A second action for the same person only when the first is full.
            if x["contact"].is_string() {
                for earlier in &list[..i] {
                    if earlier["contact"] == x["contact"] {
                        assert_eq!(earlier["topics"].as_array().unwrap().len(), 3, "{a}");
                    }
                }
            }
        }
    }
    assert!(merged > 0, "some calls carry several topics");
    // Riverside's complaint, aging case and lost contact are one call to Colleen.
    let riverside = &actions(account(report, "Riverside Veterinary Clinic"))[0];
    assert_eq!(riverside["contact"], "Colleen Ross");
    let topics: Vec<&str> = riverside["topics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        topics,
        [
            "complaint-resolution",
            "service-available",
            "contact-recency"
        ]
    );
}

#[test]
fn the_budget_shortens_every_list_but_the_json() {
    let report = brightline_json();
    let mut beyond = 0;
    for a in accounts(report) {
        for (i, x) in actions(a).iter().enumerate() {
            assert_eq!(x["within_budget"], i < 3, "{}: action {i}", a["name"]);
            beyond += usize::from(i >= 3);
        }
    }
    assert!(beyond > 0, "the JSON keeps the actions beyond the budget");

    // One action per account in the tasks file with --max-actions 1.
    let dir = tempfile::tempdir().unwrap();
    let tasks = dir.path().join("tasks.csv");
    brightline(&["--max-actions", "1", "--tasks", tasks.to_str().unwrap()]);
    let mut reader = csv::Reader::from_path(&tasks).unwrap();
    let accounts_with_actions = accounts(report)
        .iter()
        .filter(|a| !actions(a).is_empty())
        .count();
    let mut per_account = std::collections::HashMap::<String, usize>::new();
    for row in reader.records() {
        let row = row.unwrap();
        *per_account.entry(row[2].to_string()).or_default() += 1;
    }
    assert_eq!(per_account.len(), accounts_with_actions);
    assert!(per_account.values().all(|&n| n == 1), "{per_account:?}");

    // The same budget from the rules, in Markdown: Tidewater lists one action
    // and says how many more there are.
    let markdown = brightline(&["--max-actions", "1", "--format", "markdown"]);
    let start = markdown.find("### Tidewater Construction").unwrap();
    let section = &markdown[start..];
    let section = &section[..section[4..].find("\n### ").map_or(section.len(), |e| e + 4)];
    assert!(
        section.contains("\n1. **complaint-resolution**"),
        "{section}"
    );
    assert!(!section.contains("\n2. **"), "{section}");
    assert!(
        section.contains("more actions beyond the budget"),
        "{section}"
    );
    let html = brightline(&["--max-actions", "1", "--format", "html"]);
    assert!(html.contains("more actions beyond the budget"));

    let json = with_rules("[actions]\nper_account = 1\n", &[]);
    for a in accounts(&json) {
        let within = actions(a)
            .iter()
            .filter(|x| x["within_budget"] == true)
            .count();
        assert!(within <= 1, "{a}");
    }
    // The flag wins over the rules.
    let json = with_rules("[actions]\nper_account = 1\n", &["--max-actions", "2"]);
    let a1 = account(&json, "Acme Tools");
    assert!(actions(a1).len() >= 2);
    assert_eq!(actions(a1)[1]["within_budget"], true);
}

#[test]
fn the_week_lists_the_most_urgent_actions_across_accounts() {
    let report = brightline_json();
    let week = report["this_week"].as_array().unwrap();
    assert_eq!(week.len(), 10);
    let ranks: Vec<usize> = week.iter().map(urgency_rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    // Every open complaint and aging case of the export makes the list first.
    let now: usize = accounts(report)
        .iter()
        .flat_map(actions)
        .filter(|x| x["urgency"] == "now" && x["within_budget"] == true)
        .count();
    assert_eq!(ranks.iter().filter(|&&r| r == 0).count(), now.min(10));
    // Each entry is one of its account's listed actions.
    for w in week {
        let a = accounts(report)
            .iter()
            .find(|a| a["id"] == w["account_id"])
            .unwrap();
        assert!(
            actions(a)
                .iter()
                .any(|x| x["within_budget"] == true && x["text"] == w["text"]),
            "{w}"
        );
    }
    let table = brightline(&[]);
    assert!(table.contains("THIS WEEK\n  [2026-07-01] now "), "{table}");
    let markdown = brightline(&["--format", "markdown"]);
    assert!(markdown.contains("### This week\n"));
    let html = brightline(&["--format", "html"]);
    assert!(html.contains("<h2>This week</h2>"));
    let two = with_rules("[actions]\nthis_week = 2\n", &[]);
    assert!(two["this_week"].as_array().unwrap().len() <= 2);
}

#[test]
fn urgency_defaults_follow_what_the_rule_does() {
    use rapport::spec::{RuleSet, Urgency};
    let text = "extends = \"default\"\n\n\
        [[rule]]\nid = \"plain\"\ntitle = \"t\"\nmetric = { table = \"activities\", aggregate = \"count\" }\n\
        curve = { better = \"higher\", full = 1, zero = 0 }\nweight = 1\naction = \"a\"\n\n\
        [[rule]]\nid = \"capping\"\ntitle = \"t\"\nmetric = { table = \"activities\", aggregate = \"count\" }\n\
        curve = { better = \"higher\", full = 1, zero = 0 }\nweight = 1\ncap_band = \"at-risk\"\naction = \"a\"\n\n\
        [[rule]]\nid = \"signal\"\ntitle = \"t\"\nmetric = { table = \"activities\", aggregate = \"count\" }\n\
        curve = { better = \"higher\", full = 1, zero = 0 }\naction = \"a\"\n\n\
        [[rule]]\nid = \"relate\"\nurgency = \"now\"\nmin_shortfall = 0.5\n";
    let rules = RuleSet::from_text("urgency.toml", text).unwrap();
    let rule = |id: &str| rules.rules.iter().find(|r| r.id == id).unwrap();
    assert_eq!(rule("plain").urgency, Urgency::ThisMonth);
    assert_eq!(rule("capping").urgency, Urgency::Soon);
    assert_eq!(rule("signal").urgency, Urgency::Soon);
    assert_eq!(
        rule("relate").urgency,
        Urgency::Now,
        "an override of a built-in"
    );
    assert_eq!(rule("relate").min_shortfall, Some(0.5));
    assert_eq!(rule("plain").min_shortfall, None);
    assert_eq!(rules.actions.per_account, 3);
    assert_eq!(rule("complaint-resolution").urgency, Urgency::Now);
    assert_eq!(rule("service-available").urgency, Urgency::Now);
    assert_eq!(rule("price-loss").urgency, Urgency::Soon);
}

/// Elm Foods (A5) of the scoring tests' export, scored with `rules` after
/// `[actions] per_call = 1` (no topics merged): its actions' rules and priorities.
fn elm_actions(actions: &str, rules: &str) -> Vec<(String, rapport::rules::Priority)> {
    use crate::scoring::{export, rule_set};
    let text = rule_set(
        "min_coverage = 0.5",
        &format!("[actions]\nper_call = 1\n{actions}\n\n{rules}"),
    );
    let set = rapport::spec::RuleSet::from_text("rules.toml", &text)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let report = export().score(&set);
    crate::common::account(&report, "A5")
        .actions
        .iter()
        .map(|a| (a.rule.clone(), a.priority))
        .collect()
}

#[test]
fn a_shortfall_is_as_urgent_as_the_points_it_costs() {
    use crate::scoring::calls_over;
    use rapport::rules::Priority::{High, Low, Medium};
    // Each rule but the last loses half its weight on A5's call of 75 days ago;
    // of the 20 points assessed, that costs 1.25 (low), 2.5 (medium) and 10
    // (high) points. A rule due now, or one that caps the score, is high
    // whatever it costs, and comes first; then the most costly.
    let rules = [
        calls_over("cheap", 0.5, (30, 120), ""),
        calls_over("middling", 1.0, (30, 120), ""),
        calls_over("costly", 4.0, (30, 120), ""),
        calls_over("capping", 0.5, (30, 120), "cap_band = \"bottom\"\n"),
        calls_over("urgent", 0.5, (30, 120), "urgency = \"now\"\n"),
        calls_over("passed", 13.5, (120, 200), ""),
    ]
    .concat();
    assert_eq!(
        elm_actions("", &rules),
        [
            ("urgent".to_string(), High),
            ("capping".to_string(), High),
            ("costly".to_string(), High),
            ("middling".to_string(), Medium),
            ("cheap".to_string(), Low),
        ]
    );
}

#[test]
fn a_shortfall_at_the_threshold_raises_its_action() {
    use crate::scoring::calls_over;
    // A5 loses a quarter of `quarter`'s weight: exactly the threshold, or a
    // billionth under it (within the tolerance of a threshold read from text),
    // raises the action; a quarter and a thousandth does not.
    let rules = [
        calls_over("quarter", 1.0, (30, 210), ""),
        calls_over("passed", 1.0, (120, 200), ""),
    ]
    .concat();
    for (threshold, raised) in [("0.25", true), ("0.250000001", true), ("0.251", false)] {
        let actions = elm_actions(&format!("min_shortfall = {threshold}"), &rules);
        let ids: Vec<&str> = actions.iter().map(|(id, _)| id.as_str()).collect();
        let want: &[&str] = if raised { &["quarter"] } else { &[] };
        assert_eq!(ids, want, "threshold {threshold}");
    }
}

#[test]
fn an_action_is_worded_from_the_accounts_own_values() {
    let report = with_rules(
        "\n[[rule]]\nid = \"key-roles-on-file\"\naction = \"Find the {missing} at {account}.\"\n\n\
         [[rule]]\nid = \"stay-in-touch\"\n\
         action = \"{account}|{contact}|{value}|{count}|{hits}|{misses}|{last_date}|{first_date}|{window}|{due}\"\n\n\
         [[rule]]\nid = \"probe\"\nelement = \"test\"\ntitle = \"Recent cases\"\n\
         metric = { table = \"tickets\", aggregate = \"days-since-last\" }\n\
         curve = { better = \"lower\", full = 0, zero = 1 }\nif_none = \"fail\"\nweight = 1\n\
         action = \"The last case of {account} was {value} ago.\"\n\
         action_if_none = \"No case from {account} on file.\"\n",
        &[],
    );
    let text = |id: &str, rule: &str| -> String {
        let a = accounts(&report)
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no account {id}"));
        let action = actions(a)
            .iter()
            .find(|x| x["rule"] == rule)
            .unwrap_or_else(|| panic!("no action {rule} for {id}: {a:#}"));
        action["text"].as_str().unwrap().to_string()
    };
    // Beta Labs: Bob Stone's intro call of 2026-06-25 is its one contact in
    // the year; nobody holds either key role.
    assert_eq!(
        text("A2", "stay-in-touch"),
        "Beta Labs|Bob Stone|1|1|0|1|2026-06-25|2026-06-25|365 days|2026-07-07"
    );
    assert_eq!(
        text("A2", "key-roles-on-file"),
        "Find the buyer and gatekeeper at Beta Labs."
    );
    // A value for the rule's own sentence; none, and `action_if_none` speaks.
    assert_eq!(
        text("A1", "probe"),
        "The last case of Acme Tools was 10 days ago."
    );
    assert_eq!(text("A2", "probe"), "No case from Beta Labs on file.");
    // The report shows the value as the sentence words it.
    let a1 = accounts(&report).iter().find(|a| a["id"] == "A1").unwrap();
    let probe = a1["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "probe")
        .unwrap();
    assert_eq!(probe["evidence"]["shown"], "10 days", "{probe:#}");
}
