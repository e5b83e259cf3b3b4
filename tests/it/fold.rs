//! The engine's join and fold, case by case: which rows a row's account takes,
//! which it leaves out and why, and what the fold keeps of each account (the
//! person last in touch, a deal's competitor, the rows `explain` traces).

use crate::common::{self, ACCOUNTS, AS_OF, CONTACTS, Export, TASKS, account, probe_rules, rule};
use rapport::report::ReportData as Report;
use rapport::spec::RuleSet;

fn counts<'r>(report: &'r Report, file: &str) -> &'r rapport::metrics::InputStats {
    &report
        .inputs
        .iter()
        .find(|i| i.path.ends_with(file))
        .unwrap_or_else(|| panic!("no input {file}"))
        .counts
}

/// The rejects file of `rapport score` on the export.
fn rejects_of(export: &Export) -> String {
    let rejects = export.file("rejects.csv");
    let out = assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .arg("score")
        .arg(export.path())
        .args(["--as-of", AS_OF, "--no-config", "--quiet", "--rejects"])
        .arg(&rejects)
        .output()
        .unwrap();
    common::succeeded("score", &out);
    std::fs::read_to_string(&rejects).unwrap()
}

#[test]
fn an_activity_of_an_unknown_account_is_rejected_and_one_of_a_lead_skipped() {
    let tasks = format!(
        "{TASKS}\
         T9,00Q000000000001,,Lead call,2026-06-26,true,Outbound,\n\
         T10,C99,,Who is this,2026-06-26,true,Outbound,\n\
         T11,00Q000000000002,X9,Lead with an account id,2026-06-26,true,Outbound,\n"
    );
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", &tasks),
    ]);
    let report = export.score(&RuleSet::builtin().unwrap());
    let tasks = counts(&report, "Task.csv");
    // T7 (account X9), T10 (an unknown contact that is no lead) and T11 (a
    // lead, but with an account id that is not in the export) are rejected;
    // only T9, a lead and nothing else, is skipped as one.
    assert_eq!(tasks.leads, 1, "{tasks:?}");
    assert_eq!(tasks.rejected, 3, "{tasks:?}");
    assert_eq!(tasks.used, 7, "{tasks:?}");
}

#[test]
fn a_competitor_counts_on_its_own_deal_wherever_the_deal_is_in_its_batch() {
    let d1 = "D1,A1,Renewal,Prospecting,5000,2026-09-01,2026-06-01";
    let d2 = "D2,A2,Pilot,Prospecting,2000,2026-09-01,2026-05-01";
    for deals in [[d1, d2], [d2, d1]] {
        let deals = format!(
            "Id,AccountId,Name,StageName,Amount,CloseDate,CreatedDate\n{}\n{}\n",
            deals[0], deals[1]
        );
        let export = Export::new(&[
            ("Account.csv", ACCOUNTS),
            ("Opportunity.csv", &deals),
            (
                "OpportunityCompetitor.csv",
                "Id,OpportunityId,CompetitorName\nX1,D1,Seatwise\nX2,D9,Seatwise\n",
            ),
        ]);
        let report = export.score(&RuleSet::builtin().unwrap());
        // X2 names a deal the export does not have.
        let named = counts(&report, "OpportunityCompetitor.csv");
        assert_eq!((named.used, named.rejected), (1, 1), "{named:?}");
        assert_eq!(
            rule(&report, "A1", "competitor-present").value,
            Some(1.0),
            "{deals}"
        );
        assert_eq!(
            rule(&report, "A2", "competitor-present").value,
            Some(0.0),
            "{deals}"
        );
    }
}

#[test]
fn the_person_last_in_touch_is_of_the_latest_done_activity_the_first_by_id_on_a_tie() {
    let contacts = "\
Id,AccountId,FirstName,LastName,Title
C1,A1,Ann,Byers,CFO
C2,A1,Gus,Gale,Engineer
C3,A1,Ida,Ivers,Engineer
C4,A1,Ole,Olsen,Engineer
C5,A2,Bob,Stone,Engineer
";
    // In file order: C3 and C2 on the same last day (C2 is first by id,
    // whichever comes first in the file), an older one of C1, a later one of
    // C4 that is not done, a later one of C1 after the as-of date, and one
    // with nobody.
    let tie = [
        "T1,C3,A1,Call,2026-06-20,true",
        "T2,C2,A1,Call,2026-06-20,true",
    ];
    for [first, second] in [tie, [tie[1], tie[0]]] {
        let tasks = format!(
            "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n{first}\n{second}\n\
             T3,C1,A1,Call,2026-01-05,true\n\
             T4,C4,A1,Call,2026-06-25,false\n\
             T5,C1,A1,Visit,2026-07-10,true\n\
             T6,,A1,Note,2026-06-28,true\n\
             T7,C5,A2,Call,2026-06-01,true\n"
        );
        let export = Export::new(&[
            ("Account.csv", ACCOUNTS),
            ("Contact.csv", contacts),
            ("Task.csv", &tasks),
        ]);
        let rules = common::probe_rules_with(
            r#"{ table = "activities", aggregate = "count" }"#,
            "contact = \"primary\"\n",
        );
        let report = export.score(&rules);
        let probe = |id: &str| {
            account(&report, id)
                .actions
                .iter()
                .find(|a| a.rule == "probe" || a.topics.iter().any(|t| t.rule == "probe"))
                .unwrap_or_else(|| panic!("no probe action for {id}"))
                .contact_id
                .clone()
        };
        assert_eq!(probe("A1").as_deref(), Some("C2"), "{tasks}");
        assert_eq!(probe("A2").as_deref(), Some("C5"));
    }
}

#[test]
fn a_dated_metric_takes_a_row_of_the_as_of_day_and_none_after_it_or_undated() {
    let tasks = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed
T1,C1,A1,Call,2026-06-10,true
T2,C1,A1,Call,2026-06-30,true
T3,C1,A1,Call,2026-07-01,true
T4,C3,A2,Call,,true
T5,C3,A2,Call,2026-06-15,true
";
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", tasks),
    ]);
    let last = r#"{ table = "activities", aggregate = "days-since-last" }"#;
    let report = export.score(&probe_rules(last));
    let a1 = rule(&report, "A1", "probe");
    assert_eq!(a1.value, Some(0.0), "T2 is of the as-of day, T3 after it");
    assert_eq!(a1.evidence.rows, Some(2), "T1 and T2: {:?}", a1.evidence);
    let a2 = rule(&report, "A2", "probe");
    assert_eq!(a2.value, Some(15.0));
    assert_eq!(a2.evidence.rows, Some(1), "the undated T4 is left out");
    // A count is not dated: it takes rows after the as-of date and undated ones.
    let count = r#"{ table = "activities", aggregate = "count" }"#;
    let report = export.score(&probe_rules(count));
    assert_eq!(rule(&report, "A1", "probe").value, Some(3.0));
    assert_eq!(rule(&report, "A2", "probe").value, Some(2.0));
}

#[test]
fn a_window_of_n_days_holds_the_as_of_day_and_the_n_minus_1_days_before_it() {
    // As of 2026-06-30, 10 days are 06-21 to 06-30.
    let tasks = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed
T1,C1,A1,Call,2026-06-20,true
T2,C1,A1,Call,2026-06-21,true
T3,C1,A1,Call,2026-06-30,true
T4,C1,A1,Call,2026-07-01,true
";
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", tasks),
    ]);
    let count = r#"{ table = "activities", aggregate = "count", within_days = 10 }"#;
    let report = export.score(&probe_rules(count));
    assert_eq!(rule(&report, "A1", "probe").value, Some(2.0));
}

#[test]
fn explain_traces_the_rows_of_its_account_only() {
    let export = Export::standard();
    let out = assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .arg("explain")
        .arg(export.path())
        .args(["--account", "A1", "--as-of", AS_OF, "--no-config"])
        .output()
        .unwrap();
    common::succeeded("explain", &out);
    let text = String::from_utf8(out.stdout).unwrap();
    let tasks = export.file("Task.csv").display().to_string();
    // T1 is line 2 (A1's); T6 is line 7 (A2's).
    assert!(text.contains(&format!("{tasks}:2")), "{text}");
    assert!(!text.contains(&format!("{tasks}:7")), "{text}");
}

#[test]
fn a_row_read_again_in_another_file_of_its_table_is_rejected_as_what_it_is() {
    let orders = "Id,AccountId,OrderNumber,EffectiveDate,TotalAmount\n";
    let cases = "Id,AccountId,CaseNumber,Subject,Status,CreatedDate\n";
    let deals = "Id,AccountId,Name,StageName,Amount,CloseDate\n";
    // The second files differ from the first (the same data twice is read
    // once) and repeat its row.
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Order-1.csv", &format!("{orders}O1,A1,1,2026-05-01,100\n")),
        (
            "Order-2.csv",
            &format!("{orders}O1,A1,1,2026-05-01,100\nO2,A1,2,2026-05-02,5\n"),
        ),
        (
            "Case-1.csv",
            &format!("{cases}K1,A1,1,Help,New,2026-05-01\n"),
        ),
        (
            "Case-2.csv",
            &format!("{cases}K1,A1,1,Help,New,2026-05-01\nK2,A1,2,Hi,New,2026-05-02\n"),
        ),
        (
            "Opportunity-1.csv",
            &format!("{deals}D1,A1,Renewal,Prospecting,10,2026-09-01\n"),
        ),
        (
            "Opportunity-2.csv",
            &format!(
                "{deals}D1,A1,Renewal,Prospecting,10,2026-09-01\nD2,A1,Pilot,Prospecting,5,2026-09-02\n"
            ),
        ),
    ]);
    let text = rejects_of(&export);
    for (noun, id, file) in [
        ("order", "O1", "Order-1.csv"),
        ("case", "K1", "Case-1.csv"),
        ("deal", "D1", "Opportunity-1.csv"),
    ] {
        let reason = format!("duplicate {noun} id '{id}' (already read at ");
        assert!(text.contains(&reason), "{reason}\n{text}");
        assert!(text.contains(&format!("{file}:2)")), "{file}\n{text}");
    }
}

#[test]
fn an_account_id_listing_several_joins_the_first_that_is_an_account() {
    // HubSpot writes several associated companies as `123;456`.
    let tasks = format!(
        "{TASKS}\
         T9,,X9;A2,Call,2026-06-26,true,Outbound,\n\
         T10,,\"X8, A2\",Call,2026-06-27,true,Outbound,\n\
         T11,,X7;X8,Call,2026-06-27,true,Outbound,\n"
    );
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", &tasks),
    ]);
    let report = export.score(&probe_rules(
        r#"{ table = "activities", aggregate = "count" }"#,
    ));
    // T6 of the standard export, T9 and T10.
    assert_eq!(rule(&report, "A2", "probe").value, Some(3.0));
    let tasks = counts(&report, "Task.csv");
    assert_eq!(tasks.rejected, 2, "T7 and T11: {tasks:?}");
}

#[test]
fn a_rejected_activity_says_which_contact_is_in_no_contacts_file() {
    let tasks = format!("{TASKS}T10,C99,,Who is this,2026-06-26,true,Outbound,\n");
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", &tasks),
    ]);
    let text = rejects_of(&export);
    assert!(text.contains("'C99' (in no contacts file)"), "{text}");
}

#[test]
fn a_blank_yes_no_value_in_its_column_reads_as_no_and_a_missing_column_as_not_said() {
    // "1 or empty" exports: a blank IsClosed under an IsClosed column is an
    // open to-do, a promise not kept; a file without the column says nothing.
    let with_column = "\
Id,WhoId,AccountId,Subject,ActivityDate,IsClosed
T1,C1,A1,Call,2026-06-10,true
T2,C1,A1,Call,2026-06-11,
";
    let without = "\
Id,WhoId,AccountId,Subject,ActivityDate
T3,C3,A2,Call,2026-06-12
";
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task-1.csv", with_column),
        ("Task-2.csv", without),
    ]);
    let said = |filter: &str| {
        let metric =
            format!(r#"{{ table = "activities", aggregate = "count", where = [{filter}] }}"#);
        let report = export.score(&probe_rules(&metric));
        ["A1", "A2"].map(|a| rule(&report, a, "probe").value)
    };
    let present = said(r#"{ field = "is_closed", present = true }"#);
    assert_eq!(present, [Some(2.0), Some(0.0)]);
    let open = said(r#"{ field = "is_closed", is = false }"#);
    assert_eq!(open, [Some(1.0), Some(0.0)]);
}

#[test]
fn a_deals_competitor_fills_in_its_own_field_only() {
    // D1's loss reason is blank; its competitor comes from the side file and
    // must not stand in for it.
    let deals = "\
Id,AccountId,Name,StageName,Amount,CloseDate,CreatedDate,LossReason
D1,A1,Renewal,Prospecting,5000,2026-09-01,2026-06-01,
D2,A1,Pilot,Closed Lost,2000,2026-06-01,2026-05-01,Price
";
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Opportunity.csv", deals),
        (
            "OpportunityCompetitor.csv",
            "Id,OpportunityId,CompetitorName\nX1,D1,Seatwise\n",
        ),
    ]);
    let metric = r#"{ table = "deals", aggregate = "count", where = [{ field = "loss_reason", present = true }] }"#;
    let report = export.score(&probe_rules(metric));
    assert_eq!(rule(&report, "A1", "probe").value, Some(1.0), "D2 only");
    assert_eq!(
        rule(&report, "A1", "competitor-present").evidence.hits,
        Some(1),
        "D1 names Seatwise"
    );
}

#[test]
fn without_an_accounts_file_an_id_list_makes_an_account_of_its_first_id() {
    let tasks = "\
Id,AccountId,Subject,ActivityDate,IsClosed
T1,N1;N2,Call,2026-06-10,true
T2,\"N1, N3\",Call,2026-06-11,true
T3,N1,Call,2026-06-12,true
";
    let export = Export::new(&[("Task.csv", tasks)]);
    let report = export.score(&probe_rules(
        r#"{ table = "activities", aggregate = "count" }"#,
    ));
    let ids: Vec<&str> = report.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["N1"]);
    assert_eq!(rule(&report, "N1", "probe").value, Some(3.0));
}

#[test]
fn a_name_no_account_has_is_rejected_saying_whether_the_accounts_have_names() {
    let deals = "account,deal_stage,close_date,amount\nAcme,Negotiation,2026-08-30,8000\n";
    for (accounts, reason) in [
        (
            "account,type\nAcme,Customer\n",
            "no account named 'Umbrella' in the accounts files",
        ),
        // An accounts file of no rows: not derived, and no name to join on.
        (
            "Id,Name,Type\n",
            "no account named 'Umbrella': the accounts files give no names to join on",
        ),
    ] {
        let export = Export::new(&[
            ("accounts.csv", accounts),
            (
                "deals.csv",
                &format!("{deals}Umbrella,Negotiation,2026-08-30,10\n"),
            ),
        ]);
        let text = rejects_of(&export);
        assert!(text.contains(reason), "{accounts}\n{text}");
    }
}

#[test]
fn explain_lists_the_follow_ups_of_its_account_under_the_rule_they_follow_up() {
    // Both accounts had a complaint closed on 06-01, followed up by a call.
    let export = Export::new(&[
        (
            "Account.csv",
            "Id,Name,Type\nA1,Acme Tools,Customer - Direct\nA2,Beta Labs,Customer - Direct\n",
        ),
        ("Contact.csv", CONTACTS),
        (
            "Task.csv",
            "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n\
             T1,C1,A1,Call,2026-06-03,true\n\
             T2,C3,A2,Call,2026-06-04,true\n",
        ),
        (
            "Case.csv",
            "Id,AccountId,ContactId,CaseNumber,Subject,Status,IsClosed,CreatedDate,ClosedDate\n\
             K1,A1,C1,001,Late delivery complaint,Closed,true,2026-05-30,2026-06-01\n\
             K2,A2,C3,002,Broken part complaint,Closed,true,2026-05-30,2026-06-01\n",
        ),
    ]);
    let out = assert_cmd::Command::cargo_bin("rapport")
        .unwrap()
        .arg("explain")
        .arg(export.path())
        .args(["--account", "A1", "--as-of", AS_OF, "--no-config"])
        .output()
        .unwrap();
    common::succeeded("explain", &out);
    let text = String::from_utf8(out.stdout).unwrap();
    let block = text
        .split("\n\n")
        .find(|b| b.starts_with("complaint-follow-up ["))
        .unwrap_or_else(|| panic!("no complaint-follow-up in\n{text}"));
    let file = |name: &str, line: u32| format!("{}:{line}", export.file(name).display());
    let rows = format!("rows: {}, {}", file("Case.csv", 2), file("Task.csv", 2));
    assert!(block.trim_end().ends_with(&rows), "{rows}\n{block}");
}

#[test]
fn a_follow_up_after_the_as_of_date_follows_up_nothing_yet() {
    // The calls go back to January. K1 was followed up the next day. K2, closed three days before the
    // as-of date, is still within its week; its call comes after the as-of
    // date, so it is neither followed up nor judged yet.
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        (
            "Task.csv",
            "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n\
             T0,C1,A1,Call,2026-01-10,true\n\
             T1,C1,A1,Call,2026-05-02,true\n\
             T2,C1,A1,Call,2026-07-01,true\n",
        ),
        (
            "Case.csv",
            "Id,AccountId,ContactId,CaseNumber,Subject,Status,IsClosed,CreatedDate,ClosedDate\n\
             K1,A1,C1,001,Late delivery complaint,Closed,true,2026-04-30,2026-05-01\n\
             K2,A1,C1,002,Broken part complaint,Closed,true,2026-06-26,2026-06-27\n",
        ),
    ]);
    let report = export.score(&RuleSet::builtin().unwrap());
    let evidence = &rule(&report, "A1", "complaint-follow-up").evidence;
    assert_eq!(
        (evidence.rows, evidence.hits),
        (Some(1), Some(1)),
        "{evidence:?}"
    );
}

#[test]
fn a_filter_leaving_roles_out_takes_the_contacts_of_other_roles_and_of_none() {
    // A1: C1 the CFO (buyer), C2 the assistant (gatekeeper); A2: C3, an
    // engineer, of no role.
    let export = Export::new(&[("Account.csv", ACCOUNTS), ("Contact.csv", CONTACTS)]);
    let count = |filter: &str| {
        let metric =
            format!(r#"{{ table = "contacts", aggregate = "count", where = [{filter}] }}"#);
        let rules =
            common::probe_rules_with(&metric, "\n[classes.probe-buyer]\nmatch = [\"buyer\"]\n");
        let report = export.score(&rules);
        ["A1", "A2"].map(|a| rule(&report, a, "probe").value)
    };
    let not_in = count(r#"{ field = "contact.role", not_in = ["buyer", "gatekeeper"] }"#);
    assert_eq!(not_in, [Some(0.0), Some(1.0)]);
    let not_matching = count(r#"{ field = "contact.role", not_matches = "probe-buyer" }"#);
    assert_eq!(not_matching, [Some(1.0), Some(1.0)]);
}

#[test]
fn of_two_rows_on_the_last_day_the_source_is_the_same_row_in_either_file_order() {
    let header = "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n";
    let row = |id: &str| format!("{id},C1,A1,Call,2026-06-20,true\n");
    let source = |first: &str, second: &str| {
        let export = Export::new(&[
            ("Account.csv", ACCOUNTS),
            ("Contact.csv", CONTACTS),
            ("Task-1.csv", &format!("{header}{}", row(first))),
            ("Task-2.csv", &format!("{header}{}", row(second))),
        ]);
        let last = r#"{ table = "activities", aggregate = "days-since-last" }"#;
        let report = export.score(&probe_rules(last));
        let source = rule(&report, "A1", "probe")
            .evidence
            .source
            .clone()
            .unwrap();
        // The row's id, from the file named.
        let file = if source.contains("Task-1.csv") {
            first
        } else {
            second
        };
        file.to_string()
    };
    assert_eq!(source("T1", "T2"), source("T2", "T1"));
}

#[test]
fn two_ids_whose_hashes_share_a_half_are_not_taken_for_one() {
    // The duplicate check of a table given in two files keeps a 64-bit hash
    // of each id. These two ids share the high half of theirs (std's SipHash
    // as of this writing; were it to change, this tests less, never wrongly).
    let header = "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed\n";
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        (
            "Task-1.csv",
            &format!("{header}00T000000006335,C1,A1,Call,2026-06-20,true\n"),
        ),
        (
            "Task-2.csv",
            &format!("{header}00T000000093895,C1,A1,Call,2026-06-21,true\n"),
        ),
    ]);
    let report = export.score(&probe_rules(
        r#"{ table = "activities", aggregate = "count" }"#,
    ));
    assert_eq!(rule(&report, "A1", "probe").value, Some(2.0));
    assert_eq!(counts(&report, "Task-2.csv").rejected, 0);
}

#[test]
fn an_account_without_its_key_is_rejected_naming_the_key() {
    for (accounts, reason) in [
        (
            "Id,Name,Type\nA1,Acme,Customer\n,Nameless,Customer\n",
            "no account id",
        ),
        (
            "account,type\nAcme,Customer\n,Customer\n",
            "no account name, which keys this file's accounts",
        ),
    ] {
        let export = Export::new(&[("accounts.csv", accounts)]);
        let text = rejects_of(&export);
        assert!(text.contains(reason), "{accounts}\n{text}");
    }
}

#[test]
fn a_date_worked_out_from_a_duration_is_present() {
    // No first-response date column: K1's is its opening plus two hours;
    // K2 gives no time taken, so it has none.
    let cases = "\
Id,AccountId,CaseNumber,Subject,Status,CreatedDate,first_response_hours
K1,A1,001,Help,Closed,2026-06-01T09:00:00Z,2
K2,A1,002,Help,New,2026-06-02T09:00:00Z,
";
    let export = Export::new(&[("Account.csv", ACCOUNTS), ("Case.csv", cases)]);
    let metric = r#"{ table = "tickets", aggregate = "count", where = [{ field = "first_response", present = true }] }"#;
    let report = export.score(&probe_rules(metric));
    assert_eq!(rule(&report, "A1", "probe").value, Some(1.0));
}

#[test]
fn a_rejected_activity_says_which_contact_id_is_a_salesforce_lead() {
    let tasks = format!(
        "{TASKS}T11,00Q000000000002,X9,Lead with an account id,2026-06-26,true,Outbound,\n"
    );
    let export = Export::new(&[
        ("Account.csv", ACCOUNTS),
        ("Contact.csv", CONTACTS),
        ("Task.csv", &tasks),
    ]);
    let text = rejects_of(&export);
    assert!(
        text.contains("contact id '00Q000000000002' (a Salesforce lead, not a contact)"),
        "{text}"
    );
}
