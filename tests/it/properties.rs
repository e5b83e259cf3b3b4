//! Properties over generated exports. Every table is generated (accounts,
//! contacts, activities, deals, orders, tickets, contact roles), with blank,
//! deleted and footer rows, rows of the wrong length, stray quotes and duplicate
//! ids, and every date form and boolean word the reader accepts, taken from
//! `ingest::values` so the lists cannot drift. The properties: nothing panics,
//! every row is used, rejected or skipped as the report says, row order never
//! changes a score, the binary's JSON reads back into the report's own types,
//! and one thread scores as two do.
//!
//! `PROPTEST_CASES=5000 cargo test --release --test it properties::` runs them
//! harder; TESTING.md has the last such run.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use rapport::ingest::values::{DATE_FORMS, FALSE_WORDS, TRUE_WORDS, civil_from_days};
use rapport::report::ReportData;
use rapport::spec::RuleSet;

const SUBJECTS: &[&str] = &[
    "Quarterly business review",
    "Golf outing",
    "Training: admin console",
    "Call",
    "Complaint about late delivery",
    "ROI review",
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
    "",
];
const TITLES: &[&str] = &["CFO", "Executive Assistant", "Engineer", "Owner", ""];
const ROLES: &[&str] = &["Decision Maker", "Economic Buyer", "Gatekeeper", "User", ""];
const STAGES: &[&str] = &[
    "Closed Won",
    "Closed Lost",
    "Prospecting",
    "Negotiation",
    "",
];
const REASONS: &[&str] = &["Price", "Features", ""];
const FOOTER: &[&str] = &[
    "",
    "Grand Totals (12 records)",
    "",
    "Confidential Information - Do Not Distribute",
    "\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"",
];

/// One row of a table, before it is written: its cells' ingredients.
#[derive(Debug, Clone)]
struct Row {
    /// The account it belongs to (one past the last is an unknown account).
    account: usize,
    /// The contact it names, if any (one past the last is an unknown contact).
    contact: Option<usize>,
    /// Picks a text for the table's text column.
    text: usize,
    /// Days from the as-of date, and hours after it for a second and third date.
    day: i64,
    later: [Option<u16>; 2],
    /// A boolean per boolean column, with the word to write it as.
    flags: [Option<bool>; 2],
    amount: u32,
    /// Marked deleted (IsDeleted true): skipped.
    deleted: bool,
}

/// A row that is not a plain record.
#[derive(Debug, Clone, Copy)]
enum Mess {
    /// An empty line: no row at all.
    Empty,
    /// A row of empty fields: skipped.
    Blank,
    /// Fewer fields than the header.
    Short,
    /// More fields than the header.
    Long,
    /// A quote opened in the middle of a row and never closed on it.
    StrayQuote,
}

#[derive(Debug, Clone)]
struct Table {
    rows: Vec<Row>,
    /// Rows that are not records, each before the record at its position.
    mess: Vec<(usize, Mess)>,
    footer: bool,
    /// The index into DATE_FORMS this file's dates are written in.
    form: usize,
    /// Picks the word each boolean is written as, and its case.
    words: usize,
}

#[derive(Debug, Clone)]
struct Spec {
    accounts: usize,
    contacts: usize,
    /// In the order of FILES.
    tables: Vec<Table>,
}

/// The files, their headers, and which columns hold what.
const FILES: [(&str, &str, &str); 7] = [
    (
        "Account.csv",
        "accounts",
        "Id,Name,Type,CreatedDate,IsDeleted",
    ),
    (
        "Contact.csv",
        "contacts",
        "Id,AccountId,FirstName,LastName,Title,IsDeleted",
    ),
    (
        "Task.csv",
        "activities",
        "Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType,IsDeleted",
    ),
    (
        "Case.csv",
        "tickets",
        "Id,AccountId,ContactId,Subject,CreatedDate,ClosedDate,First_Response__c,IsClosed,IsEscalated,IsDeleted",
    ),
    (
        "Opportunity.csv",
        "deals",
        "Id,AccountId,Name,StageName,Amount,CloseDate,IsWon,Loss_Reason__c,IsDeleted",
    ),
    (
        "Order.csv",
        "orders",
        "Id,AccountId,OrderNumber,EffectiveDate,Promised_Date__c,Delivered_Date__c,TotalAmount,IsDeleted",
    ),
    (
        "AccountContactRelation.csv",
        "contact-roles",
        "AccountId,ContactId,Roles,CreatedDate,IsDeleted",
    ),
];

fn row(accounts: usize, contacts: usize) -> impl Strategy<Value = Row> {
    (
        0..accounts + 1,
        prop::option::of(0..contacts + 1),
        0usize..64,
        -400i64..30,
        [prop::option::of(0u16..300), prop::option::of(0u16..300)],
        [
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
        ],
        0u32..100_000,
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(account, contact, text, day, later, flags, amount, deleted)| Row {
                account,
                contact,
                text,
                day,
                later,
                flags,
                amount,
                deleted,
            },
        )
}

fn table(
    accounts: usize,
    contacts: usize,
    rows: usize,
    messy: bool,
) -> impl Strategy<Value = Table> {
    let mess = if messy {
        prop::collection::vec(
            (
                0usize..rows + 1,
                prop_oneof![
                    Just(Mess::Empty),
                    Just(Mess::Blank),
                    Just(Mess::Short),
                    Just(Mess::Long),
                    Just(Mess::StrayQuote)
                ],
            ),
            0..3,
        )
        .boxed()
    } else {
        prop::collection::vec(
            (
                0usize..rows + 1,
                prop_oneof![
                    Just(Mess::Empty),
                    Just(Mess::Blank),
                    Just(Mess::Short),
                    Just(Mess::Long)
                ],
            ),
            0..3,
        )
        .boxed()
    };
    (
        prop::collection::vec(row(accounts, contacts), 0..rows),
        mess,
        prop::bool::weighted(0.3),
        0..DATE_FORMS.len(),
        any::<usize>(),
    )
        .prop_map(|(rows, mess, footer, form, words)| Table {
            rows,
            mess,
            footer,
            form,
            words,
        })
}

/// An export: `messy` adds stray quotes, which may swallow the rows after them
/// (so which rows they take depends on the order).
fn spec(messy: bool) -> impl Strategy<Value = Spec> {
    (1usize..5, 0usize..6).prop_flat_map(move |(accounts, contacts)| {
        let sizes = [accounts + 2, contacts + 2, 14, 8, 6, 6, 5];
        let tables: Vec<_> = sizes
            .iter()
            .map(|&n| table(accounts, contacts, n, messy))
            .collect();
        (Just(accounts), Just(contacts), tables).prop_map(|(accounts, contacts, tables)| Spec {
            accounts,
            contacts,
            tables,
        })
    })
}

/// A moment `hours` after midnight of the day `offset` days from the as-of
/// date, written in `form` (a strftime pattern of DATE_FORMS, or `EXCEL`).
fn when(form: &str, offset: i64, hours: u16) -> String {
    let day = common::as_of_day() + offset + i64::from(hours / 24);
    if form == "EXCEL" {
        // Excel counts days from 1899-12-30.
        return (day + 25_569).to_string();
    }
    let (y, m, d) = civil_from_days(day);
    let at = jiff::civil::DateTime::new(y as i16, m as i8, d as i8, (hours % 24) as i8, 7, 0, 0)
        .expect("a day in range");
    let text = at.strftime(form).to_string();
    // `Jan 22, 2024` is one cell.
    if text.contains(',') {
        quote(&text)
    } else {
        text
    }
}

/// A boolean as one of the words the reader takes, in one of three cases.
fn word(b: Option<bool>, pick: usize) -> String {
    let Some(b) = b else {
        return String::new();
    };
    let words: &[&str] = if b { &TRUE_WORDS } else { &FALSE_WORDS };
    let w = words[pick % words.len()];
    match pick / words.len() % 3 {
        0 => w.to_string(),
        1 => w.to_uppercase(),
        _ => format!(" {w} "),
    }
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// What the files are expected to report.
#[derive(Debug, Default, Clone)]
struct Expected {
    /// Rows: the lines after the header that are not empty.
    rows: u64,
    /// Lines of footer at the end, empty ones included.
    footer_lines: usize,
    deleted: u64,
    footer: u64,
    blank: u64,
    malformed: u64,
    stray: u64,
}

/// The export's files: name, header, data lines (a record or a messy line),
/// and what its counts should be.
fn files(
    spec: &Spec,
    account_ids: &[String],
) -> Vec<(&'static str, String, Vec<String>, Expected)> {
    let account = |a: usize| {
        account_ids
            .get(a)
            .cloned()
            .unwrap_or_else(|| "UNKNOWN".to_string())
    };
    let contact = |c: Option<usize>| c.map_or(String::new(), |c| format!("C{c}"));
    FILES
        .iter()
        .zip(&spec.tables)
        .enumerate()
        .map(|(t, ((name, _, header), table))| {
            let form = DATE_FORMS[table.form];
            let mut pick = table.words;
            let mut flag = |b: Option<bool>| {
                pick = pick.wrapping_mul(31).wrapping_add(7);
                word(b, pick >> 3)
            };
            let mut records: Vec<(Vec<String>, bool)> = match t {
                0 => account_ids
                    .iter()
                    .enumerate()
                    .map(|(i, id)| {
                        let r = table.rows.get(i);
                        let kind = if r.is_some_and(|r| r.text % 4 == 0) {
                            "Prospect"
                        } else {
                            "Customer - Direct"
                        };
                        let cells = vec![
                            id.clone(),
                            quote(&format!("Account {i}, Inc.")),
                            kind.to_string(),
                            when(form, r.map_or(-800, |r| r.day - 800), 0),
                            String::new(),
                        ];
                        (cells, false)
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if t == 1 {
                records = (0..spec.contacts)
                    .map(|i| {
                        let r = table.rows.get(i);
                        let cells = vec![
                            format!("C{i}"),
                            account(r.map_or(0, |r| r.account)),
                            format!("Person{i}"),
                            "Byers".to_string(),
                            TITLES[r.map_or(0, |r| r.text) % TITLES.len()].to_string(),
                            String::new(),
                        ];
                        (cells, false)
                    })
                    .collect();
            }
            // The tables' own rows; for accounts and contacts, deleted copies.
            for (i, r) in table.rows.iter().enumerate() {
                let cells = match t {
                    0 | 1 if !r.deleted => continue,
                    0 => vec![
                        account(r.account),
                        "Deleted".to_string(),
                        "Customer".to_string(),
                        when(form, r.day, 0),
                        String::new(),
                    ],
                    1 => vec![
                        contact(r.contact),
                        account(r.account),
                        "Gone".to_string(),
                        "Away".to_string(),
                        String::new(),
                        String::new(),
                    ],
                    2 => vec![
                        format!("T{i}"),
                        contact(r.contact),
                        account(r.account),
                        quote(SUBJECTS[r.text % SUBJECTS.len()]),
                        when(form, r.day, r.later[0].unwrap_or(0)),
                        flag(r.flags[0]),
                        ["Inbound", "Outbound", ""][r.text % 3].to_string(),
                        String::new(),
                    ],
                    3 => vec![
                        format!("K{i}"),
                        account(r.account),
                        contact(r.contact),
                        CASE_SUBJECTS[r.text % CASE_SUBJECTS.len()].to_string(),
                        when(form, r.day.min(0), 9),
                        r.later[0].map_or(String::new(), |h| when(form, r.day.min(0), 9 + h)),
                        r.later[1].map_or(String::new(), |h| when(form, r.day.min(0), 9 + h)),
                        flag(r.flags[0]),
                        flag(r.flags[1]),
                        String::new(),
                    ],
                    4 => vec![
                        format!("O{i}"),
                        account(r.account),
                        format!("Deal {i}"),
                        STAGES[r.text % STAGES.len()].to_string(),
                        r.amount.to_string(),
                        when(form, r.day, 0),
                        flag(r.flags[0]),
                        REASONS[r.text % REASONS.len()].to_string(),
                        String::new(),
                    ],
                    5 => vec![
                        format!("R{i}"),
                        account(r.account),
                        format!("000{i}"),
                        when(form, r.day, 0),
                        r.later[0].map_or(String::new(), |h| when(form, r.day, h)),
                        r.later[1].map_or(String::new(), |h| when(form, r.day, h)),
                        format!("{}.{:02}", r.amount / 100, r.amount % 100),
                        String::new(),
                    ],
                    _ => vec![
                        account(r.account),
                        contact(r.contact),
                        ROLES[r.text % ROLES.len()].to_string(),
                        when(form, r.day, 0),
                        String::new(),
                    ],
                };
                records.push((cells, r.deleted));
            }
            let mut expected = Expected::default();
            let mut lines: Vec<String> = records
                .into_iter()
                .map(|(mut cells, deleted)| {
                    expected.deleted += u64::from(deleted);
                    *cells.last_mut().expect("every table has IsDeleted") = flag(Some(deleted));
                    cells.join(",")
                })
                .collect();
            let mut mess = table.mess.clone();
            mess.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            for (at, kind) in mess {
                let at = at.min(lines.len());
                let width = header.split(',').count();
                let line = match kind {
                    Mess::Empty => String::new(),
                    Mess::Blank => {
                        expected.blank += 1;
                        vec![" "; width].join(",")
                    }
                    Mess::Short => {
                        expected.malformed += 1;
                        vec!["S1"; width - 2].join(",")
                    }
                    Mess::Long => {
                        expected.malformed += 1;
                        vec!["L1"; width + 1].join(",")
                    }
                    Mess::StrayQuote => {
                        expected.stray += 1;
                        let mut cells = vec!["Q1".to_string(); width];
                        cells[1] = "\"open".to_string();
                        cells.join(",")
                    }
                };
                lines.insert(at, line);
            }
            if table.footer {
                lines.extend(FOOTER.iter().map(|s| s.to_string()));
                expected.footer = FOOTER.iter().filter(|s| !s.is_empty()).count() as u64;
                expected.footer_lines = FOOTER.len();
            }
            expected.rows = lines.iter().filter(|l| !l.is_empty()).count() as u64;
            (*name, header.to_string(), lines, expected)
        })
        .collect()
}

fn write(dir: &Path, files: &[(&str, String, Vec<String>, Expected)]) {
    for (name, header, lines, _) in files {
        let mut text = format!("{header}\n");
        for l in lines {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn score(files: &[(&str, String, Vec<String>, Expected)]) -> ReportData {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), files);
    let rules = RuleSet::builtin().unwrap();
    rapport::analyse_paths(&rules, common::as_of_day(), &[dir.path().to_path_buf()])
        .expect("a generated export is read")
}

/// What must not depend on row order: per account, the score, band, coverage and
/// each rule's status and value.
type Fingerprint = BTreeMap<
    String,
    (
        Option<f64>,
        Option<String>,
        String,
        Vec<(String, String, Option<f64>)>,
    ),
>;

fn fingerprint(r: &ReportData) -> Fingerprint {
    r.accounts
        .iter()
        .map(|a| {
            let rules = a
                .rules
                .iter()
                .map(|x| (x.id.clone(), x.status.name().to_string(), x.value))
                .collect();
            (
                a.id.clone(),
                (a.score, a.band.clone(), format!("{:.3}", a.coverage), rules),
            )
        })
        .collect()
}

fn unique_ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("A{i}")).collect()
}

/// Shuffles each file's records and messy lines, the footer staying last.
fn shuffle(files: &mut [(&str, String, Vec<String>, Expected)], seed: u64) {
    let mut state = seed | 1;
    for (_, _, lines, expected) in files {
        let body = lines.len() - expected.footer_lines;
        // Fisher-Yates with a small xorshift, so the shuffle is reproducible.
        for i in (1..body).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            lines.swap(i, (state % (i as u64 + 1)) as usize);
        }
    }
}

/// The binary's JSON report on the export in `dir`, with `threads` threads.
fn json_report(dir: &Path, threads: &str) -> String {
    let out = Command::cargo_bin("rapport")
        .unwrap()
        .arg("score")
        .arg(dir)
        .args([
            "--as-of",
            common::AS_OF,
            "--format",
            "json",
            "--threads",
            threads,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("JSON is UTF-8")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_row_is_used_rejected_or_skipped_as_the_report_says(spec in spec(true)) {
        let ids = unique_ids(spec.accounts);
        let files = files(&spec, &ids);
        let report = score(&files);
        for ((name, table, _), (_, _, _, want)) in FILES.iter().zip(&files) {
            let input = report.inputs.iter().find(|i| i.path.ends_with(name)).unwrap();
            prop_assert_eq!(input.table.as_deref(), Some(*table), "{}", name);
            let c = &input.counts;
            prop_assert_eq!(c.rows, c.used + c.rejected + c.skipped, "{}: {:?}", name, c);
            if want.stray == 0 {
                prop_assert_eq!(c.deleted, want.deleted, "{}: deleted {:?}", name, c);
                prop_assert_eq!(c.footer, want.footer, "{}: footer {:?}", name, c);
                // Every line is one row; blank, deleted and footer ones skipped.
                prop_assert_eq!(c.rows, want.rows, "{}: {:?}", name, c);
                prop_assert_eq!(c.skipped, want.deleted + want.footer + want.blank, "{}: {:?}", name, c);
                prop_assert!(c.rejected >= want.malformed, "{}: {:?}", name, c);
            } else {
                // A stray quote may join the lines up to the next quote into one row.
                prop_assert!(c.rows <= want.rows, "{}: {:?}", name, c);
                prop_assert!(c.deleted <= want.deleted, "{}: deleted {:?}", name, c);
                prop_assert!(c.footer <= want.footer, "{}: footer {:?}", name, c);
                prop_assert!(c.rejected + c.resynchronised >= 1, "{}: {:?}", name, c);
            }
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
    fn row_order_never_changes_a_score(spec in spec(false), seed in any::<u64>()) {
        // A deleted row that repeats a live account's or contact's id can change
        // what is assessed with its place in the file (a known open question):
        // left out here until it is settled.
        let mut spec = spec;
        for t in &mut spec.tables[..2] {
            for r in &mut t.rows {
                r.deleted = false;
            }
        }
        let ids = unique_ids(spec.accounts);
        let original = files(&spec, &ids);
        let mut shuffled = original.clone();
        shuffle(&mut shuffled, seed);
        prop_assert_eq!(fingerprint(&score(&original)), fingerprint(&score(&shuffled)));
    }

    #[test]
    fn duplicated_account_ids_are_reported_never_double_counted(
        spec in spec(false),
        dupes in prop::collection::vec(0usize..5, 1..4),
    ) {
        let mut ids = unique_ids(spec.accounts);
        for d in &dupes {
            ids.push(format!("A{}", d % spec.accounts));
        }
        let files = files(&spec, &ids);
        let report = score(&files);
        let unique: HashSet<&String> = ids.iter().collect();
        prop_assert_eq!(report.accounts.len(), unique.len());
        let accounts = report.inputs.iter().find(|i| i.path.ends_with("Account.csv")).unwrap();
        prop_assert!(accounts.counts.rejected as usize >= ids.len() - unique.len());
        let seen: HashSet<&String> = report.accounts.iter().map(|a| &a.id).collect();
        prop_assert_eq!(seen.len(), report.accounts.len(), "each account once");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_binarys_json_reads_back_and_one_thread_scores_as_two(spec in spec(true)) {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &files(&spec, &unique_ids(spec.accounts)));
        let one = json_report(dir.path(), "1");
        let parsed: ReportData = serde_json::from_str(&one).expect("the report's own types read it");
        let written: serde_json::Value = serde_json::from_str(&one).unwrap();
        prop_assert_eq!(serde_json::to_value(&parsed).unwrap(), written.clone(), "reads back as written");
        prop_assert!(parsed.accounts.len() <= spec.accounts);
        let two: serde_json::Value = serde_json::from_str(&json_report(dir.path(), "2")).unwrap();
        prop_assert_eq!(written, two, "--threads 1 and --threads 2");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// What fuzz/fuzz_targets/sanitise.rs asks, on every `cargo test`.
    #[test]
    fn sanitised_text_has_no_controls_and_fits_its_width(
        text in prop_oneof![any::<String>(), "[a-z 漢é\u{301}\u{1b}\\[0-9m\u{202e}\n\t=+-]{0,80}"],
        width in 0usize..50,
        indent in 0usize..16,
    ) {
        use rapport::report::sanitise;
        use rapport::term;
        let line = sanitise::terminal(&text);
        prop_assert!(!line.chars().any(char::is_control), "{:?}", line);
        let message = sanitise::message(&text);
        prop_assert!(!message.chars().any(|c| c.is_control() && c != '\n'), "{:?}", message);
        let markdown = sanitise::markdown(&text);
        prop_assert!(!markdown.chars().any(char::is_control), "{:?}", markdown);
        for s in [text.as_str(), line.as_ref()] {
            let cut = term::truncate(s, width);
            prop_assert!(term::cells(&cut) <= width, "{} {:?}", width, cut);
        }
        prop_assert!(!term::truncate(&line, width).chars().any(char::is_control));
        let limit = width.max(indent + 10);
        let lines = term::wrap(&line, width, indent);
        for l in &lines {
            prop_assert!(term::cells(l) <= limit, "{}/{}: {:?}", width, indent, l);
        }
        let words = |s: &str| s.split(' ').filter(|w| !w.is_empty()).collect::<String>();
        let rejoined: String = lines.iter().map(|l| words(l)).collect();
        prop_assert_eq!(rejoined, words(&line));
    }
}
