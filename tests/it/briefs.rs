//! A brief (what the table, CSV and task outputs show) measures again only the
//! rules an account fell short on when the report was ordered; it must say of
//! every account exactly what the full report says.

use crate::common;

use rapport::metrics::IgnoreRejects;
use rapport::spec::RuleSet;

#[test]
fn briefs_say_what_the_full_accounts_say() {
    let rules = RuleSet::builtin().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    let (inputs, unrecognised) = rapport::recognise_all(&rules, &[], &[example]).unwrap();
    let report = rapport::analyse(
        &rules,
        common::as_of_day(),
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        rapport::PassOptions::default(),
    )
    .unwrap();
    let briefs: Vec<_> = report.briefs().collect();
    let full: Vec<_> = report.accounts().collect();
    assert!(briefs.len() > 10);
    assert_eq!(briefs.len(), full.len());
    assert!(briefs.iter().any(|b| !b.actions.is_empty()));
    assert!(briefs.iter().any(|b| !b.flags.is_empty()));
    for (brief, mut account) in briefs.into_iter().zip(full) {
        account.rules.clear();
        assert_eq!(
            serde_json::to_value(&brief).unwrap(),
            serde_json::to_value(&account).unwrap(),
            "account {}",
            brief.id
        );
    }
}
