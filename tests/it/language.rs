//! The rule language's combinations: facts with thresholds and all/any/not,
//! metrics that fall back on others, and the mistakes each can be written with.

use crate::common::{Export, rule};
use rapport::rules::Status;
use rapport::spec::RuleSet;

fn rules(text: &str) -> Result<RuleSet, String> {
    RuleSet::from_text("rules.toml", text).map_err(|e| e.to_string())
}

/// The default set with a fact `busy` written as `fact`, and a rule `probe`
/// counting contacts that applies to it.
fn with_fact(fact: &str) -> Result<RuleSet, String> {
    rules(&format!(
        "extends = \"default\"\n\n[facts.busy]\n{fact}\n\n[[rule]]\nid = \"probe\"\ntitle = \"probe\"\n\
         metric = {{ table = \"contacts\", aggregate = \"count\" }}\napplies_to = \"busy\"\n\
         curve = {{ better = \"higher\", full = 10, zero = 0 }}\nweight = 1\naction = \"probe\"\n"
    ))
}

fn applies(rules: &RuleSet, account: &str) -> bool {
    let report = Export::standard().score(rules);
    let r = rule(&report, account, "probe");
    let reason = r.evidence.reason.clone().unwrap_or_default();
    !(r.status == Status::NotAssessed && reason.contains("not busy"))
}

#[test]
fn a_fact_holds_on_thresholds_combined_with_all_and_not() {
    // A1 has two contacts and three cases; A2 one contact and none.
    let two_people_few_cases = with_fact(
        "all = [\n  { table = \"contacts\", aggregate = \"count\", at_least = 2 },\n  \
         { not = { table = \"tickets\", aggregate = \"count\", at_least = 5 } },\n]",
    )
    .unwrap();
    assert!(applies(&two_people_few_cases, "A1"));
    assert!(
        !applies(&two_people_few_cases, "A2"),
        "one contact is below 2"
    );
    let two_people_many_cases = with_fact(
        "all = [\n  { table = \"contacts\", aggregate = \"count\", at_least = 2 },\n  \
         { not = { table = \"tickets\", aggregate = \"count\", at_least = 3 } },\n]",
    )
    .unwrap();
    assert!(
        !applies(&two_people_many_cases, "A1"),
        "three cases reach 3"
    );
    // Without a threshold a metric holds above zero, as facts always did.
    let any_case = with_fact("any = [{ table = \"tickets\", aggregate = \"count\" }]").unwrap();
    assert!(applies(&any_case, "A1"));
    assert!(!applies(&any_case, "A2"));
    let no_case = with_fact("not = { table = \"tickets\", aggregate = \"count\" }").unwrap();
    assert!(!applies(&no_case, "A1"));
    assert!(applies(&no_case, "A2"));
    let nested = with_fact(
        "any = [\n  { all = [{ table = \"contacts\", aggregate = \"count\", at_least = 5 }] },\n  \
         { all = [{ table = \"tickets\", aggregate = \"count\", at_least = 1 }, \
         { table = \"contacts\", aggregate = \"count\", at_least = 2 }] },\n]",
    )
    .unwrap();
    assert!(applies(&nested, "A1"));
    assert!(!applies(&nested, "A2"));
}

#[test]
fn a_fact_written_wrongly_is_named_with_its_place() {
    let both = with_fact(
        "any = [{ table = \"contacts\", aggregate = \"count\", all = [{ table = \"tickets\", aggregate = \"count\" }] }]",
    )
    .unwrap_err();
    assert!(both.contains("rules.toml:4:8: fact 'busy'"), "{both}");
    assert!(both.contains("either a metric"), "{both}");
    let none = with_fact("why = \"nothing\"").unwrap_err();
    assert!(
        none.contains("fact 'busy': a condition needs exactly one of"),
        "{none}"
    );
    let stray = with_fact(
        "any = [{ all = [{ table = \"tickets\", aggregate = \"count\" }], at_least = 2 }]",
    )
    .unwrap_err();
    assert!(stray.contains("rules.toml:4:"), "{stray}");
    assert!(stray.contains("at_least belongs with a metric"), "{stray}");
    let half = with_fact("any = [{ table = \"tickets\" }]").unwrap_err();
    assert!(
        half.contains("needs both `table` and `aggregate`"),
        "{half}"
    );
    let typo = with_fact("any = [{ table = \"tickets\", aggregate = \"count\", at_lest = 2 }]")
        .unwrap_err();
    assert!(typo.contains("unknown field `at_lest`"), "{typo}");
    let deep = with_fact(
        "not = { not = { not = { not = { not = { table = \"tickets\", aggregate = \"count\" } } } } }",
    )
    .unwrap_err();
    assert!(deep.contains("nest at most 3 deep"), "{deep}");
    let class = with_fact(
        "any = [{ table = \"tickets\", aggregate = \"count\", where = [{ field = \"subject\", matches = \"nope\" }] }]",
    )
    .unwrap_err();
    assert!(
        class.contains("rules.toml:4:") && class.contains("unknown class 'nope'"),
        "{class}"
    );
}

/// The default set with a rule `probe` measured by `metric`, else `fallback`.
fn with_fallback(fallback: &str) -> RuleSet {
    rules(&format!(
        "extends = \"default\"\n\n[[rule]]\nid = \"probe\"\ntitle = \"probe\"\n\
         metric = {{ table = \"orders\", aggregate = \"count\", within_days = 3650 }}\n{fallback}\n\
         curve = {{ better = \"higher\", full = 10, zero = 0 }}\nweight = 1\naction = \"probe {{value}}\"\n"
    ))
    .unwrap()
}

#[test]
fn a_rule_falls_back_on_the_first_metric_the_export_can_assess() {
    // The standard export has no orders: without a fallback the rule cannot be
    // assessed; with one it is measured by the first the export can assess.
    let alone = with_fallback("");
    let report = Export::standard().score(&alone);
    assert_eq!(rule(&report, "A1", "probe").status, Status::NotAssessed);
    assert!(report.not_assessed.iter().any(|n| n.rule == "probe"));

    let chained = with_fallback(
        "fallback = [\n  { table = \"orders\", aggregate = \"count\", within_days = 30 },\n  \
         { table = \"tickets\", aggregate = \"count\" },\n  { table = \"contacts\", aggregate = \"count\" },\n]",
    );
    let report = Export::standard().score(&chained);
    let probe = rule(&report, "A1", "probe");
    assert_eq!(probe.value, Some(3.0), "the cases, not the contacts");
    let source = probe.evidence.source.clone().unwrap_or_default();
    assert!(
        source.contains("Case.csv"),
        "the report points at the cases: {source}"
    );
    assert!(!report.not_assessed.iter().any(|n| n.rule == "probe"));

    // When the export has the rule's own metric, that is what it is measured by.
    let export = Export::standard();
    std::fs::write(
        export.file("Order.csv"),
        "Id,AccountId,OrderNumber,EffectiveDate\nO1,A1,1,2026-05-01\n",
    )
    .unwrap();
    let report = export.score(&chained);
    assert_eq!(rule(&report, "A1", "probe").value, Some(1.0));
}

#[test]
fn a_fallback_is_described_and_can_be_unset() {
    let chained = with_fallback("fallback = [{ table = \"tickets\", aggregate = \"count\" }]");
    let probe = chained.rules.iter().find(|r| r.id == "probe").unwrap();
    let words = rapport::rules::describe::measures(&chained, probe);
    assert!(
        words.contains("orders")
            && words.contains("when the export cannot assess that")
            && words.contains("tickets"),
        "{words}"
    );
    let base =
        "extends = \"default\"\n\n[[rule]]\nid = \"respond-quickly\"\nunset = [\"fallback\"]\n";
    let unset = rules(base).unwrap();
    let r = unset
        .rules
        .iter()
        .find(|r| r.id == "respond-quickly")
        .unwrap();
    assert!(r.fallback.is_empty());
    let bad = rules(
        "extends = \"default\"\n\n[[rule]]\nid = \"respond-quickly\"\nfallback = [{ table = \"tickets\", aggregate = \"sum\" }]\n",
    )
    .unwrap_err();
    assert!(
        bad.contains("rules.toml:5:13: aggregate 'sum' needs `field`"),
        "{bad}"
    );
}
