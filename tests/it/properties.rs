//! Properties over generated exports: row order never changes a report, every row
//! is counted once, scores stay in 0..=100, the JSON report reads back to the same
//! accounts, and duplicated account ids are reported, never double counted.
//! `PROPTEST_CASES=5000 cargo test --release --test it properties::` runs them harder
//! (6000 cases across the four properties take about a minute in release).

use crate::common;

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use rapport::report::ReportData;
use rapport::spec::RuleSet;

const SUBJECTS: &[&str] = &[
    "Quarterly business review",
    "Golf outing",
    "Training: admin console",
    "Call",
    "Complaint about late delivery",
    "ROI review",
    "Product update briefing",
    "Discovery call, needs analysis",
    "Dinner with \"the\" client",
    "Lunch\nand notes",
    "",
];
const CASE_SUBJECTS: &[&str] = &[
    "Late delivery complaint",
    "Invoice overcharged",
    "Rude agent",
    "Question",
    "Cannot log in",
];

#[derive(Debug, Clone)]
struct Task {
    account: usize,
    contact: Option<usize>,
    subject: usize,
    day: i64,
    closed: Option<bool>,
    inbound: bool,
}

#[derive(Debug, Clone)]
struct Case {
    account: usize,
    subject: usize,
    day: i64,
    hours_to_close: Option<u32>,
    hours_to_answer: Option<u32>,
}

#[derive(Debug, Clone)]
struct Spec {
    accounts: usize,
    titles: Vec<(usize, usize)>,
    tasks: Vec<Task>,
    cases: Vec<Case>,
}

const TITLES: &[&str] = &["CFO", "Executive Assistant", "Engineer", "Owner", ""];

fn spec() -> impl Strategy<Value = Spec> {
    (1usize..6).prop_flat_map(|accounts| {
        let account = 0..accounts + 1; // one past the end: an unknown account
        let titles = prop::collection::vec((0..accounts, 0..TITLES.len()), 0..8);
        let tasks = prop::collection::vec(
            (
                account.clone(),
                prop::option::of(0usize..8),
                0..SUBJECTS.len(),
                -500i64..40,
                prop::option::of(any::<bool>()),
                any::<bool>(),
            )
                .prop_map(|(account, contact, subject, day, closed, inbound)| Task {
                    account,
                    contact,
                    subject,
                    day,
                    closed,
                    inbound,
                }),
            0..25,
        );
        let cases = prop::collection::vec(
            (
                account,
                0..CASE_SUBJECTS.len(),
                -400i64..0,
                prop::option::of(0u32..200),
                prop::option::of(0u32..80),
            )
                .prop_map(
                    |(account, subject, day, hours_to_close, hours_to_answer)| Case {
                        account,
                        subject,
                        day,
                        hours_to_close,
                        hours_to_answer,
                    },
                ),
            0..8,
        );
        (Just(accounts), titles, tasks, cases).prop_map(|(accounts, titles, tasks, cases)| Spec {
            accounts,
            titles,
            tasks,
            cases,
        })
    })
}

fn date(offset: i64) -> String {
    rapport::ingest::values::format_day(common::as_of_day() + offset)
}

fn datetime(offset_days: i64, hours: u32) -> String {
    let days = offset_days + (hours / 24) as i64;
    format!("{}T{:02}:00:00.000+0000", date(days), hours % 24)
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The export's files: name and data rows (after the header).
fn files(spec: &Spec, account_ids: &[String]) -> Vec<(&'static str, String, Vec<String>)> {
    let id = |a: usize| {
        account_ids
            .get(a)
            .cloned()
            .unwrap_or_else(|| "UNKNOWN".to_string())
    };
    let accounts = account_ids
        .iter()
        .enumerate()
        .map(|(i, a)| format!("{a},Account {i},Customer"))
        .collect();
    let contacts = spec
        .titles
        .iter()
        .enumerate()
        .map(|(i, (a, t))| format!("C{i},{},Person {i},{}", id(*a), TITLES[*t]))
        .collect();
    let tasks = spec
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "T{i},{},{},{},{},{},{}",
                t.contact.map_or(String::new(), |c| format!("C{c}")),
                id(t.account),
                quote(SUBJECTS[t.subject]),
                date(t.day),
                t.closed.map_or(String::new(), |c| c.to_string()),
                if t.inbound { "Inbound" } else { "Outbound" }
            )
        })
        .collect();
    let cases = spec
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "K{i},{},{},{},{},{}",
                id(c.account),
                CASE_SUBJECTS[c.subject],
                datetime(c.day, 9),
                c.hours_to_close
                    .map_or(String::new(), |h| datetime(c.day, 9 + h)),
                c.hours_to_answer
                    .map_or(String::new(), |h| datetime(c.day, 9 + h))
            )
        })
        .collect();
    vec![
        ("Account.csv", "Id,Name,Type".to_string(), accounts),
        (
            "Contact.csv",
            "Id,AccountId,Name,Title".to_string(),
            contacts,
        ),
        (
            "Task.csv",
            "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType".to_string(),
            tasks,
        ),
        (
            "Case.csv",
            "Id,AccountId,Subject,CreatedDate,ClosedDate,First_Response__c".to_string(),
            cases,
        ),
    ]
}

fn score(files: &[(&str, String, Vec<String>)]) -> ReportData {
    let dir = tempfile::tempdir().unwrap();
    for (name, header, rows) in files {
        let mut text = format!("{header}\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let rules = RuleSet::builtin().unwrap();
    rapport::analyse_paths(&rules, common::as_of_day(), &[dir.path().to_path_buf()]).unwrap()
}

/// What must not depend on row order: per account, everything the report says
/// (score, band, coverage, each rule's status, value and evidence, the actions
/// and whom they name) but where its evidence rows are (a row's line is where
/// the order put it).
type Fingerprint = BTreeMap<String, serde_json::Value>;

fn fingerprint(r: &ReportData) -> Fingerprint {
    r.accounts
        .iter()
        .map(|a| {
            let mut v = serde_json::to_value(a).unwrap();
            for rule in v["rules"].as_array_mut().into_iter().flatten() {
                if let Some(evidence) = rule["evidence"].as_object_mut() {
                    evidence.remove("source");
                }
            }
            (a.id.clone(), v)
        })
        .collect()
}

fn unique_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("A{i}")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn row_order_never_changes_a_score(spec in spec(), seed in any::<u64>()) {
        let ids = unique_ids(spec.accounts);
        let original = files(&spec, &ids);
        let mut shuffled = original.clone();
        let mut state = seed | 1;
        for (_, _, rows) in &mut shuffled {
            // Fisher-Yates with a small xorshift, so the shuffle is reproducible.
            for i in (1..rows.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                rows.swap(i, (state % (i as u64 + 1)) as usize);
            }
        }
        prop_assert_eq!(fingerprint(&score(&original)), fingerprint(&score(&shuffled)));
    }

    #[test]
    fn every_row_is_counted_once_and_scores_stay_in_range(spec in spec()) {
        let ids = unique_ids(spec.accounts);
        let files = files(&spec, &ids);
        let report = score(&files);
        for (name, _, rows) in &files {
            let input = report.inputs.iter().find(|i| i.path.ends_with(name)).unwrap();
            prop_assert_eq!(input.counts.rows, rows.len() as u64, "{}", name);
            prop_assert_eq!(input.counts.rows, input.counts.used + input.counts.rejected + input.counts.skipped, "{}", name);
        }
        for a in &report.accounts {
            match a.score {
                Some(s) => prop_assert!((0.0..=100.0).contains(&s), "{}", s),
                None => prop_assert!(a.band.is_none()),
            }
            prop_assert!((0.0..=1.0).contains(&a.coverage));
        }
    }

    #[test]
    fn the_json_report_reads_back_to_the_same_accounts(spec in spec()) {
        let report = score(&files(&spec, &unique_ids(spec.accounts)));
        let text = serde_json::to_string(&report).unwrap();
        let back: ReportData = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&report).unwrap());
        prop_assert_eq!(back.accounts.len(), spec.accounts);
    }

    #[test]
    fn duplicated_account_ids_are_reported_never_double_counted(
        spec in spec(),
        dupes in prop::collection::vec(0usize..5, 1..4),
    ) {
        let mut ids = unique_ids(spec.accounts);
        for d in &dupes {
            ids.push(format!("A{}", d % spec.accounts));
        }
        let report = score(&files(&spec, &ids));
        let unique: HashSet<&String> = ids.iter().collect();
        prop_assert_eq!(report.accounts.len(), unique.len());
        let accounts = report.inputs.iter().find(|i| i.path.ends_with("Account.csv")).unwrap();
        prop_assert_eq!(accounts.counts.rejected as usize, ids.len() - unique.len());
        let seen: HashSet<&String> = report.accounts.iter().map(|a| &a.id).collect();
        prop_assert_eq!(seen.len(), report.accounts.len(), "each account once");
    }
}
