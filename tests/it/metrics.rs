//! Each metric primitive, filter and scoring step on a small export whose answers
//! were worked out by hand (as of 2026-06-30).

use crate::common;

use crate::common::{Export, account, probe, probe_rules, rule};
use rapport::rules::Status;
use rapport::spec::RuleSet;

#[test]
fn count_within_a_window_ignores_older_and_future_rows() {
    // T1, T2, T3 are done in the last year; T4 is older, T5 is open, T8 is in the future.
    let done = r#"{ table = "activities", aggregate = "count", within_days = 365, where = [{ field = "done", is = true }] }"#;
    assert_eq!(probe(done, "A1"), Some(3.0));
    let all = r#"{ table = "activities", aggregate = "count", within_days = 365 }"#;
    assert_eq!(probe(all, "A1"), Some(4.0));
    let ever = r#"{ table = "activities", aggregate = "count" }"#;
    assert_eq!(probe(ever, "A1"), Some(6.0));
}

#[test]
fn count_by_keyword_class() {
    let m = r#"{ table = "activities", aggregate = "count", within_days = 365, where = [{ field = "subject", matches = "business-review" }] }"#;
    assert_eq!(probe(m, "A1"), Some(1.0));
    assert_eq!(probe(m, "A2"), Some(0.0));
}

#[test]
fn days_since_last_and_first() {
    let last = r#"{ table = "activities", aggregate = "days-since-last", where = [{ field = "done", is = true }] }"#;
    assert_eq!(probe(last, "A1"), Some(10.0));
    assert_eq!(probe(last, "A2"), Some(5.0));
    let first = r#"{ table = "activities", aggregate = "days-since-first" }"#;
    // 2025-01-10 to 2026-06-30
    assert_eq!(probe(first, "A1"), Some(536.0));
}

#[test]
fn days_since_is_none_without_rows() {
    let m = r#"{ table = "activities", aggregate = "days-since-last", where = [{ field = "subject", matches = "training" }] }"#;
    assert_eq!(probe(m, "A1"), None);
}

#[test]
fn distinct_values_and_missing_ones() {
    let contacts = r#"{ table = "activities", aggregate = "distinct", field = "contact_id", within_days = 365, where = [{ field = "done", is = true }] }"#;
    assert_eq!(probe(contacts, "A1"), Some(2.0));
    let roles = r#"{ table = "activities", aggregate = "distinct", field = "contact.role", values = ["buyer", "gatekeeper"], within_days = 365 }"#;
    assert_eq!(probe(roles, "A1"), Some(2.0));
    let report = Export::standard().score(&probe_rules(roles));
    let a2 = rule(&report, "A2", "probe");
    assert_eq!(a2.value, Some(0.0));
    assert_eq!(a2.evidence.missing, vec!["buyer", "gatekeeper"]);
}

#[test]
fn share_of_rows_meeting_a_condition() {
    // Of T1, T2, T3, T5 (last year), only T1 has a description.
    let m = r#"{ table = "activities", aggregate = "share", within_days = 365, of = [{ field = "description", present = true }] }"#;
    assert_eq!(probe(m, "A1"), Some(0.25));
    let empty = r#"{ table = "activities", aggregate = "share", within_days = 365, where = [{ field = "subject", matches = "training" }], of = [{ field = "description", present = true }] }"#;
    assert_eq!(probe(empty, "A1"), None, "a share of nothing has no value");
}

#[test]
fn ratio_of_two_counts() {
    let m = r#"{ table = "activities", aggregate = "ratio", within_days = 365, of = [{ field = "subject", matches = "business-review" }], per = [{ field = "subject", matches = "social" }] }"#;
    assert_eq!(probe(m, "A1"), Some(1.0));
    assert_eq!(probe(m, "A2"), None, "no social events: no ratio");
}

#[test]
fn median_and_percentile_of_a_duration() {
    // First responses: 1 hour and 6 hours; K3 has none and is left out.
    let median = r#"{ table = "tickets", aggregate = "median", duration = { from = "created", to = "first_response", unit = "hours" } }"#;
    assert_eq!(probe(median, "A1"), Some(3.5));
    let p90 = r#"{ table = "tickets", aggregate = "percentile", percentile = 90, duration = { from = "created", to = "first_response", unit = "hours" } }"#;
    assert_eq!(probe(p90, "A1"), Some(5.5));
}

#[test]
fn share_within_a_threshold_counts_open_rows_up_to_as_of() {
    // Complaints: K1 resolved in 11 hours; K3 open for 264 hours at the end of the as-of day.
    let m = r#"{ table = "tickets", aggregate = "share-within", threshold = 24, where = [{ field = "subject", matches = "complaint" }], duration = { from = "created", to = "closed", unit = "hours", open = "as-of" } }"#;
    assert_eq!(probe(m, "A1"), Some(0.5));
    let skip_open = r#"{ table = "tickets", aggregate = "share-within", threshold = 24, where = [{ field = "subject", matches = "complaint" }], duration = { from = "created", to = "closed", unit = "hours" } }"#;
    assert_eq!(probe(skip_open, "A1"), Some(1.0));
}

#[test]
fn max_age_of_open_cases() {
    let m = r#"{ table = "tickets", aggregate = "max", where = [{ field = "is_closed", is = false }], duration = { from = "created", to = "as-of", unit = "days" } }"#;
    // K3 opened 2026-06-20T00:00; open until the end of 2026-06-30.
    assert_eq!(probe(m, "A1"), Some(11.0));
}

#[test]
fn followed_by_checks_for_a_later_row_in_another_table() {
    // K1 closed 2026-06-01; the only activity that week is T5, an open task.
    let done = r#"{ table = "tickets", aggregate = "followed-by", date = "closed", where = [{ field = "subject", matches = "complaint" }, { field = "is_closed", is = true }], followed_by = { table = "activities", within_days = 7, where = [{ field = "done", is = true }] } }"#;
    assert_eq!(probe(done, "A1"), Some(0.0));
    let any = r#"{ table = "tickets", aggregate = "followed-by", date = "closed", where = [{ field = "subject", matches = "complaint" }, { field = "is_closed", is = true }], followed_by = { table = "activities", within_days = 7 } }"#;
    assert_eq!(probe(any, "A1"), Some(1.0));
}

#[test]
fn filter_operators() {
    let count = |filter: &str| {
        probe(
            &format!(
                r#"{{ table = "activities", aggregate = "count", within_days = 365, where = [{filter}] }}"#
            ),
            "A1",
        )
    };
    assert_eq!(
        count(r#"{ field = "direction", in = ["OUTBOUND"] }"#),
        Some(1.0)
    );
    assert_eq!(
        count(r#"{ field = "direction", not_in = ["inbound"] }"#),
        Some(3.0)
    );
    assert_eq!(
        count(r#"{ field = "direction", not_matches = "direction-inbound" }"#),
        Some(3.0)
    );
    assert_eq!(
        count(r#"{ field = ["subject", "description"], matches = "social" }"#),
        Some(1.0)
    );
    assert_eq!(
        count(r#"{ field = "description", present = false }"#),
        Some(3.0)
    );
    assert_eq!(count(r#"{ field = "is_closed", is = false }"#), Some(1.0));
    assert_eq!(
        count(r#"{ field = "contact.role", in = ["gatekeeper"] }"#),
        Some(1.0)
    );
}

#[test]
fn curve_statuses_points_and_coverage() {
    let report = Export::standard().score(&RuleSet::builtin().unwrap());
    // Last done contact 10 days ago: full points on contact-recency.
    let recency = rule(&report, "A1", "contact-recency");
    assert_eq!(recency.status, Status::Pass);
    assert_eq!(recency.points, Some(8.0));
    // The complaint rule: half the complaints within 24h, between zero (0.3) and full (0.9).
    let complaints = rule(&report, "A1", "complaint-resolution");
    assert_eq!(complaints.status, Status::Partial);
    assert_eq!(complaints.value, Some(0.5));
    // (0.5 - 0.3) / (0.9 - 0.3) of weight 8
    assert!((complaints.points.unwrap() - 8.0 / 3.0).abs() < 0.01);
    // No deals file: deal rules are not assessed and coverage is below 1.
    let price = rule(&report, "A1", "price-loss");
    assert_eq!(price.status, Status::NotAssessed);
    assert!(price.evidence.reason.as_deref().unwrap().contains("deals"));
    let a1 = account(&report, "A1");
    assert!(a1.coverage > 0.0 && a1.coverage < 1.0, "{}", a1.coverage);
    let score = a1.score.unwrap();
    assert!((0.0..=100.0).contains(&score));
}

#[test]
fn rules_that_apply_to_customers_do_not_count_against_a_prospect() {
    let report = Export::standard().score(&RuleSet::builtin().unwrap());
    let qbr = rule(&report, "A2", "show-value");
    assert_eq!(qbr.status, Status::NotAssessed);
    assert!(
        qbr.evidence
            .reason
            .as_deref()
            .unwrap()
            .contains("does not apply")
    );
    let qbr_a1 = rule(&report, "A1", "show-value");
    assert_eq!(qbr_a1.status, Status::Partial);
}

#[test]
fn a_price_loss_caps_the_score_into_the_lowest_band_and_comes_after_complaints() {
    let deals = "\
Id,AccountId,Name,StageName,CloseDate,CreatedDate,IsClosed,IsWon,Loss_Reason__c,Competitor__c
D1,A1,Chairs 2025,Closed Won,2025-03-01,2025-01-10,true,true,,
D2,A1,Desks 2026,Closed Lost,2026-04-15,2026-02-01,true,false,Price too high,Globex
";
    let export = Export::new(&[
        ("Account.csv", common::ACCOUNTS),
        ("Contact.csv", common::CONTACTS),
        ("Task.csv", common::TASKS),
        ("Case.csv", common::CASES),
        ("Opportunity.csv", deals),
    ]);
    let report = export.score(&RuleSet::builtin().unwrap());
    let a1 = account(&report, "A1");
    assert_eq!(a1.band.as_deref(), Some("no-relationship"), "{a1:#?}");
    assert!(a1.score.unwrap() < 35.0);
    assert!(a1.flags.contains(&"price-loss".to_string()));
    assert!(a1.flags.contains(&"competitor".to_string()));
    // A1's late complaint and its open case are tomorrow's call, and the buyer
    // who made it is the one to ask about the lost order: its next topic, due
    // on its own day.
    let call = &a1.actions[0];
    assert_eq!(call.rule, "complaint-resolution");
    assert_eq!(call.priority, rapport::rules::Priority::High);
    assert_eq!(call.contact.as_deref(), Some("Ann Byers"), "the buyer");
    let topics: Vec<&str> = call.topics.iter().map(|t| t.rule.as_str()).collect();
    assert_eq!(
        topics,
        ["complaint-resolution", "service-available", "price-loss"]
    );
    let loss = &call.topics[2];
    assert_eq!(loss.rule, "price-loss", "{call:#?}");
    assert_eq!(loss.due, "2026-07-03");
    assert!(loss.text.contains("2026-04-15"), "{}", loss.text);
    // The prospect's lost deals are not a price defection.
    assert_eq!(
        rule(&report, "A2", "price-loss").status,
        Status::NotAssessed
    );
}

#[test]
fn actions_are_ordered_and_due_relative_to_as_of() {
    let report = Export::standard().score(&RuleSet::builtin().unwrap());
    let a1 = account(&report, "A1");
    let complaint = a1
        .actions
        .iter()
        .find(|a| a.rule == "complaint-resolution")
        .expect("complaint action");
    assert_eq!(complaint.due, "2026-07-01", "a complaint is due tomorrow");
    assert_eq!(complaint.contact.as_deref(), Some("Ann Byers"));
    assert!(
        complaint.text.contains("1 of 2 complaints"),
        "{}",
        complaint.text
    );
}

#[test]
fn rows_are_used_rejected_or_skipped_never_lost() {
    let report = Export::standard().score(&RuleSet::builtin().unwrap());
    for input in &report.inputs {
        assert_eq!(
            input.counts.rows,
            input.counts.used + input.counts.rejected + input.counts.skipped,
            "{input:?}"
        );
    }
    let tasks = report
        .inputs
        .iter()
        .find(|i| i.path.ends_with("Task.csv"))
        .unwrap();
    assert_eq!(
        (tasks.counts.rows, tasks.counts.used, tasks.counts.rejected),
        (8, 7, 1)
    );
}

#[test]
fn accounts_sort_worst_first() {
    let report = Export::standard().score(&RuleSet::builtin().unwrap());
    // Customers first, then prospects; each worst first.
    let segments: Vec<_> = report.accounts.iter().map(|a| a.segment).collect();
    assert!(segments.windows(2).all(|w| w[0] <= w[1]), "{segments:?}");
    for segment in [
        rapport::report::Segment::Customer,
        rapport::report::Segment::Prospect,
    ] {
        let scores: Vec<f64> = report
            .accounts
            .iter()
            .filter(|a| a.segment == segment)
            .filter_map(|a| a.score)
            .collect();
        assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    }
}

#[test]
fn a_half_life_weighs_each_row_by_its_age() {
    // Done activities of A1: T1 10 days before the as-of date, T2 60, T3 121,
    // T4 536; T5 is not done and T8 lies after the as-of date.
    let m = r#"{ table = "activities", aggregate = "count", half_life_days = 30, where = [{ field = "done", is = true }] }"#;
    let expected: f64 = [10.0f64, 60.0, 121.0, 536.0]
        .iter()
        .map(|age| 0.5f64.powf(age / 30.0))
        .sum();
    // The report rounds values to three decimals.
    let got = probe(m, "A1").expect("a weighted count");
    assert!((got - expected).abs() < 1e-3, "{got} != {expected}");
    assert_eq!(
        probe(m, "A2"),
        Some(0.5f64.powf(5.0 / 30.0)).map(|v| (v * 1000.0).round() / 1000.0)
    );
}

#[test]
fn a_case_closed_without_a_first_response_was_answered_by_its_close() {
    const CASES: &str = "\
Id,AccountId,Subject,CreatedDate,ClosedDate,First_Response__c
K1,A1,quick,2026-06-01T09:00:00Z,2026-06-01T09:43:00Z,
K2,A1,waiting,2026-06-10T09:00:00Z,,
K3,A1,answered,2026-06-20T09:00:00Z,2026-06-21T09:00:00Z,2026-06-20T11:00:00Z
K4,A1,closed later,2026-06-25T00:00:00Z,2026-07-05T00:00:00Z,
";
    let export = Export::new(&[("Account.csv", common::ACCOUNTS), ("Case.csv", CASES)]);
    let minutes = |subject: &str, duration: &str| {
        let metric = format!(
            r#"{{ table = "tickets", aggregate = "max", where = [{{ field = "subject", in = ["{subject}"] }}], duration = {duration} }}"#
        );
        rule(&export.score(&probe_rules(&metric)), "A1", "probe").value
    };
    let bounded = r#"{ from = "created", to = "first_response", bound = "closed", unit = "minutes", open = "as-of" }"#;
    assert_eq!(minutes("quick", bounded), Some(43.0), "up to its close");
    // Open on the as-of date: up to the end of that day.
    assert_eq!(
        minutes("waiting", bounded),
        Some((20.0 * 24.0 + 15.0) * 60.0)
    );
    assert_eq!(
        minutes("answered", bounded),
        Some(120.0),
        "the answer, not the close"
    );
    assert_eq!(
        minutes("closed later", bounded),
        Some(6.0 * 24.0 * 60.0),
        "closed after the as-of date: still open then"
    );
    let skip = r#"{ from = "created", to = "first_response", bound = "closed", unit = "minutes" }"#;
    assert_eq!(minutes("quick", skip), Some(43.0));
    assert_eq!(minutes("waiting", skip), None, "neither end: left out");
    assert_eq!(minutes("closed later", skip), None);
    let unbounded =
        r#"{ from = "created", to = "first_response", unit = "minutes", open = "as-of" }"#;
    assert_eq!(
        minutes("quick", unbounded),
        Some((29.0 * 24.0 + 15.0) * 60.0),
        "the old reading: open until the as-of date"
    );
}

#[test]
fn a_duration_bound_is_a_date_other_than_its_end() {
    for (bound, said) in [
        ("\"first_response\"", "other than its `to`"),
        ("\"subject\"", "is not a date"),
        ("\"as-of\"", "other than its `to`"),
    ] {
        let text = format!(
            "extends = \"default\"\n\n[[rule]]\nid = \"probe\"\nelement = \"test\"\ntitle = \"probe\"\n\
             metric = {{ table = \"tickets\", aggregate = \"max\", duration = {{ from = \"created\", to = \"first_response\", bound = {bound} }} }}\n\
             curve = {{ better = \"lower\", full = 1, zero = 10 }}\nweight = 1\naction = \"x\"\n"
        );
        let err = RuleSet::from_text("probe.toml", &text)
            .expect_err(bound)
            .to_string();
        assert!(err.contains(said), "{bound}: {err}");
    }
}
