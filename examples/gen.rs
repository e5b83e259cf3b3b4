//! Synthetic Salesforce CRM export for rapport's benchmarks.
//!
//! Writes `Account.csv`, `Contact.csv`, `Task.csv`, `Event.csv`, `Opportunity.csv`,
//! `Case.csv` and `Order.csv` (Salesforce API field names, UTF-8, LF, RFC 4180
//! quoting) into `OUT_DIR`. The output depends only on the flags, so a seed names a
//! data set. Standard library only, so it builds with plain `rustc` too.
//!
//! Run: `cargo run --release --example gen -- --accounts 100000 OUT_DIR`
//! (about 1.2 GB), or `rustc -O --edition 2021 examples/gen.rs -o /tmp/gen`.

use std::fmt::{self, Display, Write as _};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process;
use std::time::Instant;

const USAGE: &str = "\
usage: gen [--accounts N] [--seed S] [--as-of YYYY-MM-DD] OUT_DIR

Writes a synthetic Salesforce export (Account, Contact, Task, Event,
Opportunity, Case, Order CSVs) into OUT_DIR, creating it if needed.

  --accounts N         number of accounts (default 1000; 100000 is about 1.2 GB)
  --seed S             random seed; the same seed gives the same files (default 1)
  --as-of YYYY-MM-DD   the export's \"today\" (default 2026-06-30)
  -h, --help           print this help";

// Salesforce key prefixes of the objects we write.
const ACCOUNT: &str = "001";
const CONTACT: &str = "003";
const USER: &str = "005";
const OPPORTUNITY: &str = "006";
const TASK: &str = "00T";
const EVENT: &str = "00U";
const CASE: &str = "500";
const ORDER: &str = "801";

/// Account counters from here up never exist: activities pointing there are orphans.
const ORPHAN_BASE: u64 = 900_000_000_000;
/// How far back the history reaches: three years.
const HISTORY_DAYS: f64 = 1095.0;
const DAY: i64 = 86_400;

// ---------------------------------------------------------------------------
// Word lists. None of the name lists holds a comma or a quote, so names built from
// them only need quoting where we add those on purpose.

// Kept compact by hand: one item per line would triple the file.
#[rustfmt::skip]
mod words {
    pub const COMPANY_WORDS: &[&str] = &[
        "Acme", "Northwind", "Blue Ridge", "Summit", "Pioneer", "Redwood", "Silverline",
        "Granite", "Evergreen", "Harbor", "Keystone", "Lakeside", "Meridian", "Nova", "Orion",
        "Pinnacle", "Quantum", "Riverbend", "Sterling", "Titan", "Vanguard", "Westfield",
        "Apex", "Beacon", "Cascade", "Crescent", "Delta", "Eagle", "Falcon", "Frontier",
        "Golden Gate", "Highland", "Ironwood", "Juniper", "Liberty", "Müller", "Nordic",
        "Oakmont", "Sørensen", "Zenith", "Bright Path", "Copperfield", "Dunmore", "Fairview",
    ];
    pub const COMPANY_TRADES: &[&str] = &[
        "Logistics", "Foods", "Analytics", "Manufacturing", "Health", "Systems", "Energy",
        "Robotics", "Textiles", "Pharma", "Capital", "Construction", "Software", "Dynamics",
        "Labs", "Retail", "Networks", "Industries", "Partners", "Holdings", "Media",
        "Solutions", "Freight", "Plastics", "Dental", "Hotels", "Farms", "Aerospace",
    ];
    pub const COMPANY_SUFFIXES: &[(&str, u32)] = &[
        ("", 30), ("Inc.", 20), ("LLC", 12), ("Ltd.", 8), ("GmbH", 5), ("Corp.", 8),
        ("Group", 8), ("Co.", 5), ("AG", 2), ("S.A.", 2),
    ];
    // Suffixes that people write after a comma ("Acme Foods, Inc.").
    pub const COMMA_SUFFIXES: &[&str] = &["Inc.", "LLC", "Ltd.", "Corp."];
    pub const DOMAIN_ENDINGS: &[(&str, u32)] =
        &[(".com", 70), (".io", 8), (".de", 6), (".co.uk", 6), (".net", 10)];

    pub const ACCOUNT_TYPES: &[(&str, u32)] = &[
        ("Customer - Direct", 50), ("Customer - Channel", 25), ("Prospect", 15), ("", 10),
    ];
    pub const INDUSTRIES: &[(&str, u32)] = &[
        ("Agriculture", 2), ("Apparel", 2), ("Banking", 4), ("Biotechnology", 3),
        ("Chemicals", 2), ("Communications", 3), ("Construction", 4), ("Consulting", 4),
        ("Education", 3), ("Electronics", 4), ("Energy", 3), ("Engineering", 4),
        ("Entertainment", 2), ("Finance", 4), ("Food & Beverage", 4), ("Government", 2),
        ("Healthcare", 5), ("Hospitality", 3), ("Insurance", 3), ("Machinery", 3),
        ("Manufacturing", 8), ("Media", 2), ("Not For Profit", 1), ("Retail", 6),
        ("Shipping", 2), ("Technology", 9), ("Telecommunications", 2), ("Transportation", 3),
        ("Utilities", 2), ("Other", 3), ("", 8),
    ];
    pub const CITIES: &[&str] = &[
        "New York", "San Francisco", "Chicago", "Austin", "Seattle", "Boston", "Denver",
        "Atlanta", "Toronto", "Montréal", "London", "Manchester", "Dublin", "Paris", "Lyon",
        "Berlin", "München", "Hamburg", "Zürich", "Wien", "Amsterdam", "Malmö", "København",
        "Kraków", "Madrid", "São Paulo", "Ciudad de México", "Sydney", "Singapore", "Tokyo",
    ];

    pub const FIRST_NAMES: &[&str] = &[
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
        "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
        "Sarah", "Daniel", "Karen", "Priya", "Wei", "Aisha", "Mateo", "Sofia", "Lukas", "Emma",
        "Noah", "Olivia", "Liam", "Ana", "José", "Zoë", "Björn", "Chloé", "François", "Kenji",
        "Fatima", "Oluwaseun", "Ingrid",
    ];
    pub const LAST_NAMES: &[&str] = &[
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Moore",
        "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "O'Brien",
        "O'Neil", "Müller", "Schmidt", "García", "Nowak", "Sørensen", "Dubois", "Rossi",
        "Nakamura", "Chen", "Patel", "Okafor", "Kowalski", "Van der Berg", "Lefèvre",
    ];
    pub const TITLES: &[(&str, u32)] = &[
        // buyers
        ("CEO", 4), ("CFO", 4), ("VP Operations", 5), ("Director of IT", 6),
        ("Head of Purchasing", 5), ("Owner", 3), ("VP Sales", 3), ("COO", 2),
        // gatekeepers
        ("Executive Assistant", 6), ("Office Manager", 5), ("Procurement Specialist", 6),
        ("Receptionist", 3),
        // everyone else
        ("Engineer", 10), ("Analyst", 9), ("Marketing Manager", 7), ("Project Manager", 6),
        ("Accountant", 4), ("IT Administrator", 5), ("Customer Service Lead", 4),
        ("", 13),
    ];

    pub const CALL_SUBJECTS: &[(&str, u32)] = &[
        ("Call", 30), ("Discovery call", 8), ("Check-in call", 14), ("Reference call", 3),
        ("Follow-up on case", 8), ("Renewal discussion", 6), ("Pricing question", 6),
        ("Needs analysis", 4), ("ROI review", 2), ("Left voicemail", 8),
    ];
    pub const EMAIL_SUBJECTS: &[(&str, u32)] = &[
        ("Email sent", 30), ("Sent proposal", 8), ("Case study shared", 6),
        ("Product update briefing", 5), ("Roadmap preview", 3), ("Pricing question", 6),
        ("Follow-up on case", 6), ("Renewal discussion", 4), ("Email: meeting recap", 10),
        ("Email: invoice copy", 4),
    ];
    pub const TODO_SUBJECTS: &[(&str, u32)] = &[
        ("QBR prep", 8), ("Sent proposal", 6), ("Prepare quote", 8), ("Update CRM notes", 6),
        ("Needs analysis", 4), ("Send contract", 5), ("Follow-up on case", 5),
        ("Business value review", 3), ("Task", 6),
    ];
    pub const TASK_SUBTYPES: &[(&str, u32)] = &[("Call", 40), ("Email", 35), ("Task", 25)];
    pub const CALL_TYPES: &[(&str, u32)] = &[("Outbound", 75), ("Inbound", 25)];
    pub const TASK_PRIORITIES: &[(&str, u32)] = &[("Normal", 78), ("High", 16), ("Low", 6)];

    // (Subject, Type): what kind of event a subject usually is.
    pub const EVENT_SUBJECTS: &[((&str, &str), u32)] = &[
        (("Quarterly business review", "Meeting"), 8), (("Discovery call", "Call"), 6),
        (("Needs analysis", "Meeting"), 4), (("Onboarding session", "Meeting"), 5),
        (("Training: admin console", "Meeting"), 4), (("ROI review", "Meeting"), 3),
        (("Business value review", "Meeting"), 3), (("Product update briefing", "Meeting"), 4),
        (("Roadmap preview", "Meeting"), 3), (("Check-in call", "Call"), 8),
        (("Golf outing", "Other"), 2), (("Dinner with client", "Other"), 3),
        (("Lunch", "Other"), 4), (("Renewal discussion", "Meeting"), 5), (("Demo", "Meeting"), 7),
        (("Site visit", "Meeting"), 4), (("Meeting", "Meeting"), 18), (("Call", "Call"), 6),
        (("Reference call", "Call"), 2), (("Email sent", "Email"), 2),
    ];
    pub const EVENT_TYPES: &[&str] = &["Meeting", "Call", "Other", "Email"];
    pub const EVENT_MINUTES: &[(i64, u32)] = &[(15, 5), (30, 35), (45, 10), (60, 35), (90, 8), (120, 7)];
    pub const LOCATIONS: &[(&str, u32)] = &[
        ("", 35), ("Zoom", 20), ("Microsoft Teams", 15), ("Customer site", 10), ("Phone", 5),
        ("Client HQ, 3rd floor", 3), ("Our office, Room 4B", 3), ("Restaurant \"Le Jardin\"", 1),
    ];

    pub const STAGES: &[(&str, u32)] = &[
        ("Prospecting", 9), ("Qualification", 9), ("Proposal/Quote", 9),
        ("Negotiation/Review", 8), ("Closed Won", 37), ("Closed Lost", 28),
    ];
    pub const OPPORTUNITY_TYPES: &[(&str, u32)] = &[
        ("New Customer", 30), ("Existing Customer - Upgrade", 30),
        ("Existing Customer - Replacement", 10), ("Existing Customer - Downgrade", 5), ("", 25),
    ];
    pub const PRODUCTS: &[&str] = &[
        "Renewal", "Expansion", "New Business", "Add-on Licenses", "Services", "Pilot",
        "Upgrade", "Support Plan", "Hardware Refresh", "Training Package",
    ];
    pub const MONTHS: &[&str] = &[
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ];
    pub const LOSS_REASONS: &[(&str, u32)] = &[
        ("Price", 18), ("Too expensive", 12), ("Lost to competitor on price", 15),
        ("Timing", 12), ("No budget", 12), ("Features", 10), ("No decision", 8), ("", 13),
    ];
    pub const COMPETITORS: &[&str] = &["Globex", "Initech", "Umbrella Corp", "Hooli"];
    pub const NEXT_STEPS: &[&str] = &[
        "Send proposal", "Schedule demo", "Follow up with CFO, confirm budget",
        "Legal review of contract", "Waiting on procurement", "Book QBR",
        "Share case study", "Call back next week", "Get sign-off from \"the board\"",
    ];

    // (Subject, Type, Reason, is a complaint).
    pub const CASE_KINDS: &[(&str, &str, &str, bool)] = &[
        ("Late delivery complaint", "Complaint", "Other", true),
        ("Rude support agent", "Complaint", "Feedback", true),
        ("Invoice overcharged", "Billing", "Other", true),
        ("Cannot log in", "Problem", "Performance", true),
        ("Order portal down", "Problem", "Breakdown", true),
        ("Shipment missing items", "Complaint", "Other", true),
        ("How do I export reports?", "Question", "Other", false),
        ("Request: bulk user import", "Feature Request", "Feedback", false),
        ("Password reset", "Question", "", false),
        ("Update billing address", "Billing", "Other", false),
        ("Question about invoice", "Billing", "", false),
        ("API rate limits", "Question", "Performance", false),
        ("Installation help needed", "Problem", "Installation", false),
        ("Dashboard loads slowly", "Problem", "Performance", false),
        ("Request for dark mode", "Feature Request", "Feedback", false),
        ("Printer driver setup", "Problem", "Equipment Complexity", false),
    ];
    pub const CASE_PRIORITIES: &[(&str, u32)] = &[("High", 20), ("Medium", 55), ("Low", 25)];
    pub const CASE_ORIGINS: &[(&str, u32)] = &[("Email", 45), ("Phone", 30), ("Web", 25)];
    pub const OPEN_CASE_STATUSES: &[&str] = &["New", "Working", "On Hold"];

    // Sentences for free-text notes; many carry commas and some quotes on purpose.
    pub const ACTIVITY_NOTES: &[&str] = &[
        "Spoke with the team about timelines, budget and next quarter's priorities.",
        "Customer asked about the \"new\" plan and whether it includes premium support.",
        "They are happy with the rollout so far, but want faster reporting.",
        "Left a voicemail, will try again on Thursday.",
        "Discussed renewal terms, pricing tiers, and a possible multi-year deal.",
        "Our champion is moving to a new role; we need to find a new sponsor.",
        "Sent over the deck and a short summary of the pilot results.",
        "Procurement wants three quotes before signing, as usual.",
        "The CFO raised concerns about cost and said the budget is \"tight\" this year.",
        "Integration with their ERP is still pending, IT is on it.",
        "Good call overall. They mentioned that Globex is also pitching.",
        "Walked through the admin console, user roles, and SSO setup.",
        "Asked for a reference customer in the same industry.",
        "Shipment was delayed again and the customer is frustrated.",
        "No answer.",
        "Confirmed attendance for the session, six people from their side.",
        "They want to expand to two more sites in Q3, pending approval.",
        "Reviewed open cases and the escalation process.",
        "Mentioned that the \"legacy\" system will be retired next year.",
        "Great lunch, talked mostly about golf and their kids.",
        "Shared the ROI calculator; payback looks like 9 months.",
        "Walked the operations team through last quarter's numbers; they want the same report monthly, broken down by site.",
        "Met the new Head of Purchasing, who is reviewing every supplier contract this year and asked for our price history.",
        "Long discussion about the support backlog: two cases are still open, and they expect a call back from a manager this week.",
        "They are evaluating Initech for the warehouse project, mostly on price, but like our onboarding and the training we gave.",
        "Customer confirmed the rollout to the second plant, pending sign-off from the CFO, who is out until the end of the month.",
        "Reviewed usage: 80% of licenses active, reporting module barely used, suggested a short training session for managers.",
        "Their assistant handles all scheduling, so send invites to her directly and copy the VP; she prefers mornings.",
        "Talked through the renewal quote line by line; they asked whether the \"premium\" support tier is worth it for them.",
    ];
    pub const AGENDAS: &[&str] = &[
        "Agenda: intro, demo, pricing, next steps.",
        "Agenda: review KPIs, open issues, roadmap.",
        "Agenda: onboarding plan, admin training, Q&A.",
    ];
    pub const NEXT_STEP_NOTES: &[&str] = &[
        "Next step: send proposal by Friday.",
        "Next step: schedule a follow-up with the CFO, confirm budget.",
        "Next step: loop in procurement.",
        "Next step: book the QBR for next quarter.",
    ];
    pub const CASE_NOTES: &[&str] = &[
        "Customer reports the portal shows \"Error 500\" since this morning.",
        "Invoice lists 40 seats, but only 25 are in use.",
        "The delivery arrived five days late, and two boxes were damaged.",
        "User cannot reset the password, the reset email never arrives.",
        "Agent was dismissive on the phone, customer wants a call back from a manager.",
        "Asked how to export the monthly report to Excel.",
        "Workaround provided, waiting for confirmation.",
        "Escalated to tier 2, logs attached.",
        "Resolved after clearing the cache.",
        "Customer is happy with the fix, thanks the team.",
    ];
    pub const ACCOUNT_NOTES: &[&str] = &[
        "Long-time customer, key account in the region.",
        "Signed through a reseller, direct contact is limited.",
        "Expanding quickly, watch for upsell.",
        "Price sensitive; compares every quote with Initech.",
        "Parent company handles purchasing, approvals take weeks.",
        "Uses the \"Enterprise\" tier since 2024.",
    ];
}
use words::*;

// ---------------------------------------------------------------------------
// Random numbers

/// splitmix64: tiny, fast, and good enough for test data; seeded directly.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift, no modulo bias worth caring about).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }

    fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|&(_, w)| w).sum();
        let mut r = self.below(u64::from(total)) as u32;
        for &(x, w) in xs {
            if r < w {
                return x;
            }
            r -= w;
        }
        xs[xs.len() - 1].0
    }

    /// Log-uniform in `[lo, hi)`: money and sizes span orders of magnitude.
    fn log_uniform(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + self.unit() * (hi / lo).ln()).exp()
    }

    /// A count with expectation `mean`, rounded stochastically so small means still work.
    fn count(&mut self, mean: f64) -> usize {
        let x = mean * (0.5 + self.unit());
        x as usize + usize::from(self.chance(x.fract()))
    }
}

// ---------------------------------------------------------------------------
// Calendar (Howard Hinnant's civil-from-days algorithms; day 0 = 1970-01-01)

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    let day = days_from_civil(y, m, d);
    // A round trip rejects 2026-02-30 and friends.
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

// ---------------------------------------------------------------------------
// Field formatting: small Display wrappers, so a row is one `writeln!` with no
// intermediate Strings.

/// A text field, quoted per RFC 4180 only when it has to be.
struct Q<'a>(&'a str);

impl Display for Q<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self
            .0
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        {
            return f.write_str(self.0);
        }
        f.write_char('"')?;
        for (i, part) in self.0.split('"').enumerate() {
            if i > 0 {
                f.write_str("\"\"")?;
            }
            f.write_str(part)?;
        }
        f.write_char('"')
    }
}

/// An 18-char record id. Digits only in the 15-char part make the real
/// Salesforce case-checksum suffix `AAA`.
#[derive(Clone, Copy)]
struct Id(&'static str, u64);

impl Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:012}AAA", self.0, self.1)
    }
}

/// An optional field: empty when `None`.
struct Opt<T>(Option<T>);

impl<T: Display> Display for Opt<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Some(x) => x.fmt(f),
            None => Ok(()),
        }
    }
}

/// A date, `YYYY-MM-DD`, from a day number.
#[derive(Clone, Copy)]
struct Date(i64);

impl Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A Salesforce datetime, `2024-01-22T16:14:25.000+0000`, from Unix seconds.
#[derive(Clone, Copy)]
struct DateTime(i64);

impl Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.rem_euclid(DAY);
        let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
        write!(
            f,
            "{}T{h:02}:{m:02}:{sec:02}.000+0000",
            Date(self.0.div_euclid(DAY))
        )
    }
}

/// Money as a plain decimal, `125000.00`, from cents.
struct Money(u64);

impl Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A North American style phone number.
struct Phone(u64, u64);

impl Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}) 555-{:04}", self.0, self.1)
    }
}

// ---------------------------------------------------------------------------
// Output files

struct Csv {
    path: PathBuf,
    w: BufWriter<File>,
    rows: u64,
}

impl Csv {
    fn create(dir: &Path, name: &str, header: &str) -> io::Result<Csv> {
        let path = dir.join(name);
        // Large buffers: the run is bound by formatting and write calls, not the disk.
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&path)?);
        writeln!(w, "{header}")?;
        Ok(Csv { path, w, rows: 0 })
    }
}

struct Out {
    account: Csv,
    contact: Csv,
    task: Csv,
    event: Csv,
    opportunity: Csv,
    case: Csv,
    order: Csv,
}

impl Out {
    fn create(dir: &Path) -> io::Result<Out> {
        Ok(Out {
            account: Csv::create(
                dir,
                "Account.csv",
                "Id,IsDeleted,Name,Type,Industry,OwnerId,CreatedDate,BillingCity,AnnualRevenue,NumberOfEmployees,Description",
            )?,
            contact: Csv::create(
                dir,
                "Contact.csv",
                "Id,IsDeleted,AccountId,FirstName,LastName,Name,Title,Email,Phone,CreatedDate",
            )?,
            task: Csv::create(
                dir,
                "Task.csv",
                "Id,IsDeleted,WhoId,WhatId,AccountId,Subject,ActivityDate,Status,Priority,IsClosed,TaskSubtype,CallType,Description,OwnerId,CreatedDate",
            )?,
            event: Csv::create(
                dir,
                "Event.csv",
                "Id,IsDeleted,WhoId,WhatId,AccountId,Subject,ActivityDateTime,StartDateTime,EndDateTime,DurationInMinutes,Type,Location,Description,OwnerId,CreatedDate",
            )?,
            opportunity: Csv::create(
                dir,
                "Opportunity.csv",
                "Id,IsDeleted,AccountId,Name,StageName,Amount,CloseDate,Type,IsClosed,IsWon,Loss_Reason__c,Competitor__c,NextStep,OwnerId,CreatedDate",
            )?,
            case: Csv::create(
                dir,
                "Case.csv",
                "Id,IsDeleted,CaseNumber,AccountId,ContactId,Type,Reason,Status,Priority,Origin,Subject,Description,IsClosed,IsEscalated,CreatedDate,ClosedDate,First_Response__c",
            )?,
            order: Csv::create(
                dir,
                "Order.csv",
                "Id,IsDeleted,AccountId,OrderNumber,Status,EffectiveDate,Promised_Date__c,Delivered_Date__c,TotalAmount",
            )?,
        })
    }

    fn files(&mut self) -> [&mut Csv; 7] {
        [
            &mut self.account,
            &mut self.contact,
            &mut self.task,
            &mut self.event,
            &mut self.opportunity,
            &mut self.case,
            &mut self.order,
        ]
    }
}

// ---------------------------------------------------------------------------
// Generation

/// What the child rows of one account need to know about it.
struct Account {
    id: Id,
    owner: u64,
    /// Creation time in Unix seconds; nothing of the account is older.
    created: i64,
    /// Creation day; children's dates fall between this and as-of.
    day: i64,
    /// 0 = troubled, 1 = healthy: tilts complaints, late deliveries and price losses.
    health: f64,
    /// Volume multiplier, mean 1: some accounts are near empty, a few huge.
    size: f64,
}

/// Per-object counters; each file's ids are unique because each counter only grows.
#[derive(Default)]
struct Counters {
    contact: u64,
    task: u64,
    event: u64,
    opportunity: u64,
    case: u64,
    order: u64,
}

struct Gen {
    rng: Rng,
    as_of: i64,
    /// The last second of the as-of day: no record is created after it.
    as_of_end: i64,
    users: u64,
    next: Counters,
    // Reused buffers, so rows cost no allocations.
    contacts: Vec<u64>,
    opportunities: Vec<u64>,
    name: String,
    domain: String,
    text: String,
    scratch: String,
}

/// Appends `s` lower-cased, ASCII-only and without spaces or punctuation (for emails).
fn push_ascii(buf: &mut String, s: &str) {
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ł' => 'l',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            buf.push(c);
        }
    }
}

/// Fills `buf` with a note: empty 40% of the time, else 1–3 sentences, sometimes
/// across lines (which forces quoting).
fn describe(rng: &mut Rng, buf: &mut String, body: &[&str], agenda_and_next_step: bool) {
    buf.clear();
    if !rng.chance(0.6) {
        return;
    }
    let multiline = rng.chance(0.07);
    let n = if multiline {
        2 + rng.below(2)
    } else {
        1 + rng.below(3)
    };
    for i in 0..n {
        let sentence = if agenda_and_next_step && i == 0 && n > 1 && rng.chance(0.15) {
            rng.pick(AGENDAS)
        } else if agenda_and_next_step && i == n - 1 && i > 0 && rng.chance(0.25) {
            rng.pick(NEXT_STEP_NOTES)
        } else {
            rng.pick(body)
        };
        if i > 0 {
            buf.push_str(if multiline { "\n" } else { " " });
        }
        buf.push_str(sentence);
    }
}

impl Gen {
    fn new(seed: u64, as_of: i64, accounts: u64) -> Gen {
        Gen {
            rng: Rng(seed),
            as_of,
            as_of_end: as_of * DAY + DAY - 1,
            // About one rep per 200 accounts, as in a mid-size sales team.
            users: (accounts / 200).max(5),
            next: Counters::default(),
            contacts: Vec::new(),
            opportunities: Vec::new(),
            name: String::new(),
            domain: String::new(),
            text: String::new(),
            scratch: String::new(),
        }
    }

    /// `IsDeleted`: `1` on about 0.2% of rows, else empty.
    fn deleted(&mut self) -> &'static str {
        if self.rng.chance(0.002) { "1" } else { "" }
    }

    /// A time on `day`, mostly in office hours.
    fn stamp(&mut self, day: i64) -> i64 {
        let second = if self.rng.chance(0.95) {
            self.rng.range(7 * 3600, 19 * 3600 - 1)
        } else {
            self.rng.range(0, DAY - 1)
        };
        day * DAY + second
    }

    /// A time on `day`, but not before `floor` nor after the as-of day.
    fn stamp_after(&mut self, day: i64, floor: i64) -> i64 {
        let t = self.stamp(day).max(floor + self.rng.range(60, 3600));
        t.min(self.as_of_end)
    }

    /// A day in the account's life, skewed towards as-of (recent activity is denser).
    fn day_in(&mut self, a: &Account) -> i64 {
        let span = (self.as_of - a.day) as f64;
        let u = self.rng.unit();
        self.as_of - (span * u * u) as i64
    }

    /// The account's owner most of the time, another rep otherwise.
    fn owner(&mut self, a: &Account) -> Id {
        if self.rng.chance(0.8) {
            Id(USER, a.owner)
        } else {
            Id(USER, 1 + self.rng.below(self.users))
        }
    }

    fn contact_of(&mut self, p: f64) -> Option<Id> {
        if self.contacts.is_empty() || !self.rng.chance(p) {
            return None;
        }
        Some(Id(CONTACT, self.rng.pick(&self.contacts)))
    }

    /// `WhoId`, `WhatId` and `AccountId` of an activity. About 0.1% point at an account
    /// that does not exist, so the reader's reject reporting has work to do.
    fn links(&mut self, a: &Account) -> (Option<Id>, Option<Id>, Option<Id>) {
        if self.rng.chance(0.001) {
            let ghost = Id(ACCOUNT, ORPHAN_BASE + self.rng.below(1_000_000_000));
            let what = self.rng.chance(0.5).then_some(ghost);
            return (None, what, Some(ghost));
        }
        let who = self.contact_of(0.85);
        let r = self.rng.unit();
        let mut what = if r < 0.5 {
            Some(a.id)
        } else if r < 0.7 && !self.opportunities.is_empty() {
            Some(Id(OPPORTUNITY, self.rng.pick(&self.opportunities)))
        } else {
            None
        };
        let account = self.rng.chance(0.8).then_some(a.id);
        // Without AccountId the row must still lead to the account some other way.
        if account.is_none() && who.is_none() && what.is_none() {
            what = Some(a.id);
        }
        (who, what, account)
    }

    /// One account and all its child rows.
    fn account(&mut self, out: &mut Out, n: u64) -> io::Result<()> {
        // Exponential sizes (many small, a long tail), plus 2% of enterprise accounts
        // eight times larger; dividing by 1.14 brings the mean back to 1.
        let mut size = -(1.0 - self.rng.unit()).ln();
        if self.rng.chance(0.02) {
            size *= 8.0;
        }
        // Older accounts are more common than brand-new ones.
        let day = self.as_of - (HISTORY_DAYS * self.rng.unit().sqrt()) as i64;
        let a = Account {
            id: Id(ACCOUNT, n),
            owner: 1 + self.rng.below(self.users),
            created: self.stamp(day),
            day,
            health: self.rng.unit(),
            size: size / 1.14,
        };

        let rng = &mut self.rng;
        let word = rng.pick(COMPANY_WORDS);
        let trade = rng.pick(COMPANY_TRADES);
        self.name.clear();
        let r = rng.unit();
        // Commas (≈5%) and quotes (≈1%) in names exercise the CSV quoting.
        // (`let _ =`: writing to a String cannot fail.)
        if r < 0.05 {
            let suffix = rng.pick(COMMA_SUFFIXES);
            let _ = write!(self.name, "{word} {trade}, {suffix}");
        } else if r < 0.06 {
            let _ = write!(self.name, "The \"{word}\" {trade} Company");
        } else {
            let _ = match rng.weighted(COMPANY_SUFFIXES) {
                "" => write!(self.name, "{word} {trade}"),
                suffix => write!(self.name, "{word} {trade} {suffix}"),
            };
        }
        self.domain.clear();
        push_ascii(&mut self.domain, word);
        push_ascii(&mut self.domain, trade);
        self.domain.push_str(rng.weighted(DOMAIN_ENDINGS));

        let kind = rng.weighted(ACCOUNT_TYPES);
        let industry = rng.weighted(INDUSTRIES);
        let city = rng.pick(CITIES);
        let revenue = rng
            .chance(0.85)
            .then(|| (rng.log_uniform(5e5, 5e9) / 1000.0) as u64 * 1000);
        let employees = rng
            .chance(0.9)
            .then(|| rng.log_uniform(3.0, 50_000.0) as u64);
        describe(rng, &mut self.text, ACCOUNT_NOTES, false);
        let deleted = self.deleted();
        writeln!(
            out.account.w,
            "{},{},{},{},{},{},{},{},{},{},{}",
            a.id,
            deleted,
            Q(&self.name),
            Q(kind),
            Q(industry),
            Id(USER, a.owner),
            DateTime(a.created),
            Q(city),
            Opt(revenue),
            Opt(employees),
            Q(&self.text),
        )?;
        out.account.rows += 1;

        // Children in dependency order: tasks pick from contacts and opportunities.
        self.contacts.clear();
        for _ in 0..self.rng.count(4.0 * a.size) {
            self.contact(&mut out.contact, &a)?;
        }
        self.opportunities.clear();
        for _ in 0..self.rng.count(4.0 * a.size) {
            self.opportunity(&mut out.opportunity, &a)?;
        }
        for _ in 0..self.rng.count(25.0 * a.size) {
            self.task(&mut out.task, &a)?;
        }
        for _ in 0..self.rng.count(10.0 * a.size) {
            self.event(&mut out.event, &a)?;
        }
        for _ in 0..self.rng.count(2.0 * a.size) {
            self.case(&mut out.case, &a)?;
        }
        for _ in 0..self.rng.count(a.size) {
            self.order(&mut out.order, &a)?;
        }
        Ok(())
    }

    fn contact(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.contact += 1;
        self.contacts.push(self.next.contact);
        let rng = &mut self.rng;
        let first = rng.pick(FIRST_NAMES);
        let last = rng.pick(LAST_NAMES);
        let title = rng.weighted(TITLES);
        self.scratch.clear();
        if rng.chance(0.93) {
            push_ascii(&mut self.scratch, first);
            self.scratch.push('.');
            push_ascii(&mut self.scratch, last);
            self.scratch.push('@');
            self.scratch.push_str(&self.domain);
        }
        let phone = rng
            .chance(0.85)
            .then(|| Phone(rng.range(201, 989) as u64, rng.below(10_000)));
        // Most contacts are entered soon after the account.
        let u = rng.unit();
        let day = a.day + ((self.as_of - a.day) as f64 * u * u * u) as i64;
        let created = self.stamp_after(day, a.created);
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{},{},{},{} {},{},{},{},{}",
            Id(CONTACT, self.next.contact),
            deleted,
            a.id,
            Q(first),
            Q(last),
            first,
            last,
            Q(title),
            Q(&self.scratch),
            Opt(phone),
            DateTime(created),
        )?;
        f.rows += 1;
        Ok(())
    }

    fn opportunity(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.opportunity += 1;
        self.opportunities.push(self.next.opportunity);
        let stage = self.rng.weighted(STAGES);
        let closed = stage.starts_with("Closed");
        let won = stage == "Closed Won";
        let close = if !closed && self.rng.chance(0.03) {
            self.as_of + self.rng.range(1, 60)
        } else if !closed && self.rng.chance(0.5) {
            (self.as_of - self.rng.range(0, 60)).max(a.day)
        } else {
            self.day_in(a)
        };
        let opened = (close - self.rng.range(14, 240)).clamp(a.day, self.as_of);
        let created = self.stamp_after(opened, a.created);
        let rng = &mut self.rng;

        let (y, m, _) = civil_from_days(close);
        self.scratch.clear();
        let product = rng.pick(PRODUCTS);
        // Writing to a String cannot fail.
        let _ = write!(
            self.scratch,
            "{} - {product} - {} {y}",
            self.name,
            MONTHS[m as usize - 1]
        );
        let amount = rng.chance(0.97).then(|| {
            let dollars = (rng.log_uniform(5_000.0, 750_000.0) / 100.0) as u64 * 100;
            // A few amounts carry cents, as after a discount.
            Money(dollars * 100 + if rng.chance(0.2) { rng.below(100) } else { 0 })
        });
        let kind = rng.weighted(OPPORTUNITY_TYPES);
        // Troubled accounts lose more deals on price.
        let loss_reason = if stage != "Closed Lost" {
            ""
        } else if rng.chance(0.3 * (1.0 - a.health)) {
            rng.pick(&["Price", "Too expensive", "Lost to competitor on price"])
        } else {
            rng.weighted(LOSS_REASONS)
        };
        let competitor_odds = match loss_reason {
            "Lost to competitor on price" => 1.0,
            _ if stage == "Closed Lost" => 0.2,
            _ => 0.08,
        };
        let competitor = if rng.chance(competitor_odds) {
            rng.pick(COMPETITORS)
        } else {
            ""
        };
        let next_step = if !closed && rng.chance(0.7) {
            rng.pick(NEXT_STEPS)
        } else {
            ""
        };
        let owner = self.owner(a);
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            Id(OPPORTUNITY, self.next.opportunity),
            deleted,
            a.id,
            Q(&self.scratch),
            Q(stage),
            Opt(amount),
            Date(close),
            Q(kind),
            closed,
            won,
            Q(loss_reason),
            Q(competitor),
            Q(next_step),
            owner,
            DateTime(created),
        )?;
        f.rows += 1;
        Ok(())
    }

    fn task(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.task += 1;
        let (who, what, account) = self.links(a);
        let open = self.rng.chance(0.15);
        // Open tasks: a few due ahead, many due lately, the rest long overdue.
        let day = if open && self.rng.chance(0.03) {
            self.as_of + self.rng.range(1, 60)
        } else if open && self.rng.chance(0.5) {
            (self.as_of - self.rng.range(0, 21)).max(a.day)
        } else {
            self.day_in(a)
        };
        let entered = (day.min(self.as_of) - self.rng.range(0, 7)).max(a.day);
        let created = self.stamp_after(entered, a.created);
        let rng = &mut self.rng;
        let subtype = rng.weighted(TASK_SUBTYPES);
        let (subject, call_type) = match subtype {
            "Call" => (rng.weighted(CALL_SUBJECTS), rng.weighted(CALL_TYPES)),
            "Email" => (rng.weighted(EMAIL_SUBJECTS), ""),
            _ => (rng.weighted(TODO_SUBJECTS), ""),
        };
        let status = match (open, rng.chance(0.6)) {
            (false, _) => "Completed",
            (true, true) => "Not Started",
            (true, false) => "In Progress",
        };
        let priority = rng.weighted(TASK_PRIORITIES);
        describe(rng, &mut self.text, ACTIVITY_NOTES, true);
        let owner = self.owner(a);
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            Id(TASK, self.next.task),
            deleted,
            Opt(who),
            Opt(what),
            Opt(account),
            Q(subject),
            Date(day),
            status,
            priority,
            !open,
            subtype,
            call_type,
            Q(&self.text),
            owner,
            DateTime(created),
        )?;
        f.rows += 1;
        Ok(())
    }

    fn event(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.event += 1;
        let (who, what, account) = self.links(a);
        let day = self.day_in(a);
        // Meetings start on the quarter hour between 08:00 and 17:45.
        let start = day * DAY + self.rng.range(32, 71) * 900;
        let minutes = self.rng.weighted(EVENT_MINUTES);
        let entered = (day - self.rng.range(0, 14)).max(a.day);
        let created = self.stamp_after(entered, a.created);
        let rng = &mut self.rng;
        let (subject, mut kind) = rng.weighted(EVENT_SUBJECTS);
        if rng.chance(0.1) {
            kind = rng.pick(EVENT_TYPES);
        }
        let location = rng.weighted(LOCATIONS);
        describe(rng, &mut self.text, ACTIVITY_NOTES, true);
        let owner = self.owner(a);
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            Id(EVENT, self.next.event),
            deleted,
            Opt(who),
            Opt(what),
            Opt(account),
            Q(subject),
            DateTime(start),
            DateTime(start),
            DateTime(start + minutes * 60),
            minutes,
            Q(kind),
            Q(location),
            Q(&self.text),
            owner,
            DateTime(created),
        )?;
        f.rows += 1;
        Ok(())
    }

    fn case(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.case += 1;
        let contact = self.contact_of(0.85);
        let day = self.day_in(a);
        let created = self.stamp_after(day, a.created);
        let rng = &mut self.rng;
        // Troubled accounts raise more complaints.
        let complaint = rng.chance(0.15 + 0.5 * (1.0 - a.health));
        let (subject, kind, reason, _) = loop {
            let k = rng.pick(CASE_KINDS);
            if k.3 == complaint {
                break k;
            }
        };
        let escalated = rng.chance(0.1);
        // Resolution takes hours to weeks; one still unresolved at as-of stays open,
        // which with 82% resolved leaves about a quarter open.
        let closed_at = rng
            .chance(0.82)
            .then(|| created + rng.log_uniform(3600.0, 20.0 * DAY as f64) as i64)
            .filter(|&t| t <= self.as_of_end);
        let first_response = rng
            .chance(0.9)
            .then(|| created + rng.log_uniform(300.0, 3.0 * DAY as f64) as i64)
            .map(|t| closed_at.map_or(t, |c| t.min(c)))
            .filter(|&t| t <= self.as_of_end);
        let status = match closed_at {
            Some(_) => "Closed",
            None if escalated => "Escalated",
            None => rng.pick(OPEN_CASE_STATUSES),
        };
        let priority = rng.weighted(CASE_PRIORITIES);
        let origin = rng.weighted(CASE_ORIGINS);
        describe(rng, &mut self.text, CASE_NOTES, false);
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{:08},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            Id(CASE, self.next.case),
            deleted,
            1000 + self.next.case,
            a.id,
            Opt(contact),
            Q(kind),
            Q(reason),
            status,
            priority,
            origin,
            Q(subject),
            Q(&self.text),
            closed_at.is_some(),
            escalated,
            DateTime(created),
            Opt(closed_at.map(DateTime)),
            Opt(first_response.map(DateTime)),
        )?;
        f.rows += 1;
        Ok(())
    }

    fn order(&mut self, f: &mut Csv, a: &Account) -> io::Result<()> {
        self.next.order += 1;
        let effective = self.day_in(a);
        let rng = &mut self.rng;
        let promised = effective + rng.range(3, 30);
        let activated = rng.chance(0.85);
        // Late deliveries average 20%, concentrated on troubled accounts.
        let delivered = if !activated {
            None
        } else if rng.chance(0.4 * (1.0 - a.health)) {
            Some(promised + rng.range(1, 21))
        } else {
            Some((promised - rng.range(0, 5)).max(effective))
        };
        let delivered = delivered.filter(|&d| d <= self.as_of);
        let total = Money((rng.log_uniform(200.0, 200_000.0) * 100.0) as u64);
        let status = if activated { "Activated" } else { "Draft" };
        let deleted = self.deleted();
        writeln!(
            f.w,
            "{},{},{},{:08},{},{},{},{},{}",
            Id(ORDER, self.next.order),
            deleted,
            a.id,
            100 + self.next.order,
            status,
            Date(effective),
            Date(promised),
            Opt(delivered.map(Date)),
            total,
        )?;
        f.rows += 1;
        Ok(())
    }
}

// ---------------------------------------------------------------------------

struct Args {
    accounts: u64,
    seed: u64,
    as_of: i64,
    out_dir: PathBuf,
}

/// `Ok(None)` means help was asked for.
fn parse_args() -> Result<Option<Args>, String> {
    let mut accounts = 1000;
    let mut seed = 1;
    let mut as_of = days_from_civil(2026, 6, 30);
    let mut out_dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--accounts" => {
                let v = value("--accounts")?;
                accounts = v
                    .parse()
                    .map_err(|_| format!("--accounts: not a count: {v}"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--as-of" => {
                let v = value("--as-of")?;
                as_of =
                    parse_date(&v).ok_or_else(|| format!("--as-of: not a YYYY-MM-DD date: {v}"))?;
            }
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}")),
            dir if out_dir.is_none() => out_dir = Some(PathBuf::from(dir)),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    let out_dir = out_dir.ok_or("missing OUT_DIR")?;
    Ok(Some(Args {
        accounts,
        seed,
        as_of,
        out_dir,
    }))
}

fn main() -> io::Result<()> {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return Ok(());
        }
        Err(msg) => {
            eprintln!("gen: {msg}\n\n{USAGE}");
            process::exit(2);
        }
    };
    let started = Instant::now();
    fs::create_dir_all(&args.out_dir)?;
    let mut out = Out::create(&args.out_dir)?;
    let mut export = Gen::new(args.seed, args.as_of, args.accounts);
    for n in 1..=args.accounts {
        export.account(&mut out, n)?;
    }

    let mut total = 0;
    for csv in out.files() {
        csv.w.flush()?;
        let bytes = fs::metadata(&csv.path)?.len();
        total += bytes;
        println!(
            "{:<40} {:>10} rows {:>14} bytes",
            csv.path.display(),
            csv.rows,
            bytes
        );
    }
    println!(
        "{:<40} {:>10}      {:>14} bytes in {:.1?}",
        "total",
        "",
        total,
        started.elapsed()
    );
    Ok(())
}
