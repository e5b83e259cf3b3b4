//! Every built-in action reads as a sentence whatever the account lacks: each
//! template is filled with all its placeholders known, then with each one missing
//! in turn, and the text is checked for the gaps that give a missing value away.

use rapport::rules::fill;
use rapport::spec::{Piece, RuleSet, Template, Var};

fn used(t: &Template) -> Vec<Var> {
    let mut vars: Vec<Var> = t
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Var(v) | Piece::VarOr(v, _) => Some(*v),
            Piece::Text(_) => None,
        })
        .collect();
    vars.dedup();
    vars
}

fn known(v: Var) -> &'static str {
    match v {
        Var::Account => "Copperleaf Bakery Co.",
        Var::Contact => "Ana Ruiz",
        Var::Value => "45 days",
        Var::Count => "3",
        Var::Hits => "2",
        Var::Misses => "1",
        Var::LastDate | Var::FirstDate | Var::Due => "2026-03-25",
        Var::Missing => "decision maker",
        Var::Window => "365 days",
    }
}

fn faults(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    if lower.contains("nobody on file") {
        found.push("a person called 'nobody on file'");
    }
    if text.contains("  ") {
        found.push("a doubled space");
    }
    if text.contains("()") || text.contains("( )") {
        found.push("empty parentheses");
    }
    if text.contains(" .") || text.contains(" :") || text.contains(" ,") {
        found.push("a space before punctuation");
    }
    if lower.contains("the the ") {
        found.push("a doubled article");
    }
    if text.trim().is_empty() {
        found.push("no text");
    }
    found
}

#[test]
fn every_built_in_action_reads_well_with_and_without_each_placeholder() {
    let rules = RuleSet::builtin().unwrap();
    let mut checked = 0;
    let mut problems = Vec::new();
    for rule in &rules.rules {
        for template in std::iter::once(&rule.action).chain(rule.action_if_none.as_ref()) {
            let vars = used(template);
            // The account, the counts, the window and the due day always have a
            // value; the others may be missing.
            let may_lack = vars.iter().copied().filter(|v| {
                matches!(
                    v,
                    Var::Contact | Var::Value | Var::LastDate | Var::FirstDate | Var::Missing
                )
            });
            let cases = std::iter::once(None).chain(may_lack.map(Some));
            for missing in cases {
                let text = fill(template, |v, s| {
                    if Some(v) == missing {
                        return false;
                    }
                    s.push_str(known(v));
                    true
                });
                checked += 1;
                for f in faults(&text) {
                    problems.push(format!("{} without {missing:?}: {f}: {text:?}", rule.id));
                }
            }
        }
    }
    assert!(
        checked > rules.rules.len(),
        "every template was filled ({checked})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_missing_contact_reads_as_a_role_not_as_nobody() {
    let t = rapport::config::parse_template("Start with {contact}.").unwrap();
    assert_eq!(
        fill(&t, |_, _| false),
        "Start with the account's main contact."
    );
    let t = rapport::config::parse_template("Ask {contact|the buyer} why.").unwrap();
    assert_eq!(fill(&t, |_, _| false), "Ask the buyer why.");
    let named = fill(&t, |_, s| {
        s.push_str("Ana Ruiz");
        true
    });
    assert_eq!(named, "Ask Ana Ruiz why.");
}

#[test]
fn the_faults_this_file_looks_for_are_found() {
    assert_eq!(faults("Call nobody on file: x.").len(), 1);
    assert_eq!(faults("Meet the  at X.").len(), 1);
    assert_eq!(faults("Meet X ().").len(), 1);
    assert!(faults("Call Ana Ruiz.").is_empty());
}

/// A rule that fails when there is nothing to measure raises its action without
/// a value: one whose sentence states the value needs its own wording for that.
#[test]
fn a_rule_that_fails_on_nothing_has_words_for_nothing() {
    let rules = RuleSet::builtin().unwrap();
    for rule in &rules.rules {
        let says_value = used(&rule.action).contains(&Var::Value);
        if rule.if_none == rapport::spec::IfNone::Fail && says_value {
            assert!(
                rule.action_if_none.is_some(),
                "{} fails without a value but its action states one",
                rule.id
            );
        }
    }
}
