//! Overriding a built-in rule: removing what the base sets with `unset`.

use rapport::spec::RuleSet;

fn rules(text: &str) -> Result<RuleSet, String> {
    RuleSet::from_text("rules.toml", text).map_err(|e| e.to_string())
}

fn rule<'r>(rules: &'r RuleSet, id: &str) -> &'r rapport::spec::Rule {
    rules
        .rules
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

#[test]
fn unset_removes_a_cap_and_turns_a_weighted_rule_into_a_signal() {
    let base = rules("extends = \"default\"\n").unwrap();
    let price = rule(&base, "price-loss");
    assert!(price.cap_band.is_some() && price.weight.is_some());
    assert!(price.flag.is_some());
    let text = "extends = \"default\"\n\n[[rule]]\nid = \"price-loss\"\nunset = [\"cap_band\", \"weight\"]\n";
    let changed = rules(text).unwrap();
    let price = rule(&changed, "price-loss");
    assert_eq!(price.cap_band, None, "the cap is gone");
    assert_eq!(price.weight, None, "the rule is now a signal");
    assert!(price.flag.is_some(), "what is not unset stays");
}

#[test]
fn unset_names_only_optional_keys_and_not_ones_it_sets() {
    let unknown =
        rules("extends = \"default\"\n\n[[rule]]\nid = \"price-loss\"\nunset = [\"metric\"]\n")
            .unwrap_err();
    assert!(
        unknown.contains(
            "rules.toml:5:10: `unset` cannot remove 'metric', expected one of: why, weight"
        ),
        "{unknown}"
    );
    let both = rules(
        "extends = \"default\"\n\n[[rule]]\nid = \"price-loss\"\nweight = 2\nunset = [\"weight\"]\n",
    )
    .unwrap_err();
    assert!(
        both.contains("the rule both sets and unsets `weight`"),
        "{both}"
    );
}

#[test]
fn a_copy_of_the_default_rules_scores_a_vendor_export_as_the_built_in_set_does() {
    // A complete rule file extends nothing: the vendor's words extend its own
    // classes, as they extend the built-in set's.
    let run = |rules: Option<&str>| {
        let mut cmd = assert_cmd::Command::cargo_bin("rapport").unwrap();
        cmd.args(["score", "tests/fixtures/hubspot", "--as-of", "2026-06-30"])
            .args(["--format", "csv"]);
        if let Some(r) = rules {
            cmd.args(["--rules", r]);
        }
        let out = cmd.output().unwrap();
        String::from_utf8(crate::common::stdout_of(out)).unwrap()
    };
    assert_eq!(run(Some("rules/default.toml")), run(None));
}
