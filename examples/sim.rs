//! A simulated CRM export whose truth is known, for measuring how well rapport ranks
//! accounts (see docs/lab.md).
//!
//! Every account draws a latent loyalty in [0, 1]; its behaviours (proactive contact,
//! people engaged, business reviews, repeat wins, price losses, complaints and how
//! they were handled, deliveries, promises kept, social contact) follow from it with
//! noise, as docs/lab.md describes. A few customers carry a planted story whose right
//! action is known, and each customer churns in the next period with a probability
//! that falls with its loyalty. The export goes to OUT_DIR in the Salesforce or the
//! HubSpot form; the truth goes to a separate folder rapport never reads.
//!
//! Run: `cargo run --release --example sim -- --seed 1 --accounts 2000 --form salesforce OUT_DIR`

use std::fmt::{self, Display, Write as _};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process;

const USAGE: &str = "\
usage: sim [--seed N] [--accounts N] [--form salesforce|hubspot] [--as-of YYYY-MM-DD]
           [--truth DIR] OUT_DIR

Writes a simulated CRM export into OUT_DIR and its truth (latent loyalty, segment,
planted story and its right rule, churn) into --truth DIR, by default the folder
truth-<name of OUT_DIR> beside OUT_DIR.

  --seed N             random seed; the same seed gives the same files (default 1)
  --accounts N         number of accounts (default 2000)
  --form F             salesforce (default) or hubspot
  --as-of YYYY-MM-DD   the export's \"today\" (default 2026-06-30)
  --truth DIR          where the truth goes
  -h, --help           print this help";

const DAY: i64 = 86_400;
/// How far back the history reaches: three years.
const HISTORY_DAYS: i64 = 1095;

// ---------------------------------------------------------------------------
// Random numbers

/// SplitMix64: tiny and good enough for simulation; seeded directly.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Spread small seeds apart so seed 1 and seed 2 share no early draws.
        Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ 0x5851_F42D_4C95_7F2D)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
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

    /// Standard normal (Box-Muller).
    fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit();
        let u2 = self.unit();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal with the given median and log-sd: durations and volumes.
    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Poisson count (Knuth for small means, normal approximation above).
    fn poisson(&mut self, mean: f64) -> usize {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 40.0 {
            return (mean + mean.sqrt() * self.normal()).round().max(0.0) as usize;
        }
        let limit = (-mean).exp();
        let mut k = 0;
        let mut p = self.unit();
        while p > limit {
            k += 1;
            p *= self.unit();
        }
        k
    }
}

// ---------------------------------------------------------------------------
// Calendar (Howard Hinnant's algorithms; day 0 = 1970-01-01)

pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
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
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

// ---------------------------------------------------------------------------
// Field formatting

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
        f.write_str(&self.0.replace('"', "\"\""))?;
        f.write_char('"')
    }
}

/// An 18-char Salesforce record id (digits only, so the checksum suffix is `AAA`).
#[derive(Clone, Copy)]
struct SfId(&'static str, u64);

impl Display for SfId {
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

#[derive(Clone, Copy)]
struct Date(i64);

impl Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Unix seconds as Salesforce writes them, `2024-01-22T16:14:25.000+0000`.
#[derive(Clone, Copy)]
struct SfTime(i64);

impl Display for SfTime {
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

/// Unix seconds as HubSpot writes them, `2024-01-22 16:14`.
#[derive(Clone, Copy)]
struct HsTime(i64);

impl Display for HsTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.rem_euclid(DAY);
        write!(
            f,
            "{} {:02}:{:02}",
            Date(self.0.div_euclid(DAY)),
            s / 3600,
            s / 60 % 60
        )
    }
}

// ---------------------------------------------------------------------------
// Word lists

#[rustfmt::skip]
mod words {
    pub const COMPANY_WORDS: &[&str] = &[
        "Acme", "Northwind", "Blue Ridge", "Summit", "Pioneer", "Redwood", "Silverline",
        "Granite", "Evergreen", "Harbor", "Keystone", "Lakeside", "Meridian", "Nova", "Orion",
        "Pinnacle", "Riverbend", "Sterling", "Titan", "Vanguard", "Westfield", "Apex",
        "Beacon", "Cascade", "Crescent", "Falcon", "Frontier", "Highland", "Juniper", "Müller",
    ];
    pub const COMPANY_TRADES: &[&str] = &[
        "Logistics", "Foods", "Analytics", "Manufacturing", "Health", "Systems", "Energy",
        "Robotics", "Textiles", "Pharma", "Construction", "Software", "Labs", "Retail",
        "Freight", "Plastics", "Dental", "Hotels", "Farms", "Aerospace",
    ];
    /// Industry and how often its customers expect contact (1 = average).
    pub const INDUSTRIES: &[((&str, f64), u32)] = &[
        (("Retail", 1.4), 6), (("Food & Beverage", 1.3), 4), (("Technology", 1.2), 9),
        (("Healthcare", 0.9), 5), (("Manufacturing", 1.0), 8), (("Construction", 0.8), 4),
        (("Banking", 0.9), 4), (("Government", 0.6), 2), (("Education", 0.7), 3),
        (("Energy", 0.8), 3), (("Shipping", 1.1), 2), (("", 1.0), 6),
    ];
    pub const FIRST_NAMES: &[&str] = &[
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
        "Elizabeth", "Priya", "Wei", "Aisha", "Mateo", "Sofia", "Lukas", "Emma", "Noah",
        "Olivia", "José", "Zoë", "Björn", "Kenji", "Fatima", "Ingrid",
    ];
    pub const LAST_NAMES: &[&str] = &[
        "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez",
        "Wilson", "Anderson", "Taylor", "Lee", "O'Brien", "Müller", "Schmidt", "Nowak",
        "Dubois", "Rossi", "Nakamura", "Chen", "Patel", "Okafor",
    ];
    pub const BUYER_TITLES: &[&str] = &[
        "CEO", "CFO", "VP Operations", "Director of IT", "Head of Purchasing", "Owner", "COO",
    ];
    pub const GATEKEEPER_TITLES: &[&str] = &[
        "Executive Assistant", "Office Manager", "Procurement Specialist", "Receptionist",
    ];
    pub const OTHER_TITLES: &[&str] = &[
        "Engineer", "Analyst", "Marketing Manager", "Project Manager", "Accountant",
        "Customer Service Lead", "Plant Supervisor",
    ];
    pub const CHECK_IN_CALLS: &[&str] = &["Call", "Check-in call", "Renewal discussion", "Left voicemail"];
    pub const CHECK_IN_EMAILS: &[&str] = &["Email sent", "Sent proposal", "Email: meeting recap", "Quick question"];
    pub const CHECK_IN_MEETINGS: &[&str] = &["Meeting", "Site visit", "Demo", "Account planning"];
    pub const DISCOVERY: &[&str] = &["Discovery call", "Needs analysis", "Case study shared", "Reference call"];
    pub const TRAINING: &[&str] = &["Onboarding session", "Training: admin console", "Enablement workshop"];
    pub const VALUE: &[&str] = &["ROI review", "Business value review"];
    pub const REVIEWS: &[&str] = &["Quarterly business review", "QBR", "Annual account review"];
    pub const NEWS: &[&str] = &["Product update briefing", "Roadmap preview", "New release walkthrough"];
    pub const SOCIAL: &[&str] = &["Golf outing", "Dinner with client", "Lunch", "Concert tickets", "Tennis"];
    pub const INBOUND: &[&str] = &["Pricing question", "Question about invoice", "Order status", "Call"];
    pub const CALL_BACKS: &[&str] = &["Call back", "Returned call", "Called back with an answer"];
    pub const REPLIES: &[&str] = &["Reply sent", "Answered question", "Email reply"];
    pub const TODOS: &[&str] = &["Send quote", "Prepare QBR deck", "Send contract", "Update CRM notes", "Send samples"];
    pub const MEETING_NOTES: &[&str] = &[
        "Agenda: review KPIs, open issues, roadmap.",
        "Agenda: onboarding plan, admin training, Q&A.",
        "Prepared usage figures and the renewal timeline.",
    ];
    pub const OUTCOMES: &[&str] = &[
        "Next step: send proposal by Friday.",
        "Agreed to pilot at the second site; next step: loop in procurement.",
        "Decision: renew for two years.",
    ];
    pub const OTHER_LOSSES: &[(&str, u32)] = &[
        ("Timing", 12), ("No budget", 12), ("Features", 10), ("No decision", 8), ("", 10),
    ];
    pub const PRICE_LOSSES: &[&str] = &["Price", "Too expensive", "Lost to competitor on price"];
    pub const COMPETITORS: &[&str] = &["Globex", "Initech", "Umbrella Corp", "Hooli"];
    pub const PRODUCTS: &[&str] = &["Renewal", "Expansion", "Add-on Licenses", "Services", "Upgrade", "Support Plan"];
    /// (Subject, Salesforce Type, HubSpot category).
    pub const COMPLAINTS: &[(&str, &str, &str)] = &[
        ("Late delivery complaint", "Complaint", "Shipping issue"),
        ("Rude support agent", "Complaint", "General inquiry"),
        ("Invoice overcharged", "Billing", "Billing issue"),
        ("Order portal not working", "Problem", "Product issue"),
        ("Unhappy with the installation", "Complaint", "Product issue"),
    ];
    pub const QUESTIONS: &[(&str, &str, &str)] = &[
        ("How do I export reports?", "Question", "General inquiry"),
        ("Request: bulk user import", "Feature Request", "Feature request"),
        ("Update billing address", "Billing", "Billing issue"),
        ("API rate limits", "Question", "Product issue"),
        ("Installation help needed", "Problem", "Product issue"),
    ];
}
use words::*;

// ---------------------------------------------------------------------------
// The world: accounts and their rows, in memory, before any form is written

/// A planted story: a situation whose right action is one rule of rapport's
/// built-in set.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Story {
    PriceDefector,
    GoneDark,
    IgnoredComplaint,
    NoFollowUp,
    SingleThreaded,
    GolfOnly,
    HealthyNoOffer,
}

impl Story {
    const ALL: [Story; 7] = [
        Story::PriceDefector,
        Story::GoneDark,
        Story::IgnoredComplaint,
        Story::NoFollowUp,
        Story::SingleThreaded,
        Story::GolfOnly,
        Story::HealthyNoOffer,
    ];

    fn name(self) -> &'static str {
        match self {
            Story::PriceDefector => "price-defector",
            Story::GoneDark => "gone-dark",
            Story::IgnoredComplaint => "ignored-complaint",
            Story::NoFollowUp => "no-follow-up",
            Story::SingleThreaded => "single-threaded",
            Story::GolfOnly => "golf-only",
            Story::HealthyNoOffer => "healthy-no-offer",
        }
    }

    /// The built-in rule whose action is the right thing to do.
    fn right_rule(self) -> &'static str {
        match self {
            Story::PriceDefector => "price-loss",
            Story::GoneDark => "contact-recency",
            Story::IgnoredComplaint => "complaint-resolution",
            Story::NoFollowUp => "complaint-follow-up",
            Story::SingleThreaded => "buyer-and-gatekeeper",
            Story::GolfOnly => "personal-not-business",
            Story::HealthyNoOffer => "expansion-ready",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Channel {
    Call,
    Email,
    Meeting,
    /// A golf game, a dinner: logged as an event of type Other.
    Social,
    /// A to-do with a due date: a promise.
    Todo,
}

struct Person {
    id: u64,
    first: &'static str,
    last: &'static str,
    title: &'static str,
    created: i64,
}

struct Activity {
    id: u64,
    channel: Channel,
    subject: &'static str,
    notes: String,
    /// Unix seconds (for a to-do, its due day at midnight).
    at: i64,
    inbound: bool,
    /// A to-do that is still open; other activities are always done.
    open: bool,
    contact: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Won,
    Lost,
    Open,
}

struct Deal {
    id: u64,
    outcome: Outcome,
    product: &'static str,
    created: i64,
    close: i64,
    loss_reason: &'static str,
    competitor: &'static str,
    amount: u64,
    contact: Option<usize>,
}

struct Case {
    id: u64,
    kind: (&'static str, &'static str, &'static str),
    complaint: bool,
    created: i64,
    first_response: Option<i64>,
    closed: Option<i64>,
    /// Needed a second line: not answered the first time.
    escalated: bool,
    contact: Option<usize>,
}

struct Order {
    id: u64,
    day: i64,
    promised: i64,
    delivered: Option<i64>,
    amount: u64,
}

struct Account {
    n: u64,
    name: String,
    industry: &'static str,
    /// The CRM's account type; not always filled in.
    kind: &'static str,
    owner: u64,
    created: i64,
    employees: Option<u64>,
    prospect: bool,
    /// Customers: latent loyalty. Prospects: latent engagement.
    latent: f64,
    story: Option<Story>,
    churned: bool,
    people: Vec<Person>,
    activities: Vec<Activity>,
    deals: Vec<Deal>,
    cases: Vec<Case>,
    orders: Vec<Order>,
}

#[derive(Default)]
struct Counters {
    person: u64,
    activity: u64,
    deal: u64,
    case: u64,
    order: u64,
}

struct Sim {
    rng: Rng,
    /// The world's seed: replies draw from a generator of their own per
    /// account, so that modelling them leaves every other draw as it was.
    seed: u64,
    as_of: i64,
    /// The last second of the as-of day: nothing is dated after it, except due dates.
    as_of_end: i64,
    next: Counters,
}

impl Sim {
    fn new(seed: u64, as_of: i64) -> Sim {
        Sim {
            rng: Rng::new(seed),
            seed,
            as_of,
            as_of_end: as_of * DAY + DAY - 1,
            next: Counters::default(),
        }
    }

    /// A time in office hours on `day`.
    fn at(&mut self, day: i64) -> i64 {
        day * DAY + self.rng.range(8 * 3600, 17 * 3600)
    }

    /// `count` days uniformly in `from..=to`.
    fn days(&mut self, count: usize, from: i64, to: i64) -> Vec<i64> {
        (0..count).map(|_| self.rng.range(from, to)).collect()
    }

    fn account(&mut self, n: u64) -> Account {
        let rng = &mut self.rng;
        let prospect = rng.chance(0.12);
        // Stories go to customers only, about 1% each.
        let story = if !prospect && rng.chance(0.07) {
            Some(rng.pick(&Story::ALL))
        } else {
            None
        };
        // Loyalty is spread over the whole range, thinner at the ends.
        let mut latent = 0.5 * (rng.unit() + rng.unit());
        match story {
            // The price test: a loss on price means there was no relationship.
            Some(Story::PriceDefector) => latent = 0.05 + 0.25 * rng.unit(),
            Some(Story::GolfOnly) => latent = 0.15 + 0.35 * rng.unit(),
            Some(Story::GoneDark) => latent = 0.15 + 0.4 * rng.unit(),
            Some(Story::HealthyNoOffer) => latent = 0.8 + 0.2 * rng.unit(),
            _ => {}
        }
        let (industry, cadence) = rng.weighted(INDUSTRIES);
        // Many small accounts, a long tail of big ones.
        let mut size = (-(1.0 - rng.unit()).ln()).clamp(0.2, 5.0);
        if rng.chance(0.03) {
            size *= 3.0;
        }
        // How much this account's people like to talk, whatever their loyalty.
        let style = rng.log_normal(1.0, 0.45);
        let age = if prospect {
            rng.range(30, 700)
        } else {
            rng.range(200, 1800)
        };
        let created_day = self.as_of - age;
        let kind = if prospect {
            rng.weighted(&[("Prospect", 80), ("", 20)])
        } else {
            rng.weighted(&[
                ("Customer - Direct", 60),
                ("Customer - Channel", 25),
                ("", 15),
            ])
        };
        let name = format!("{} {}", rng.pick(COMPANY_WORDS), rng.pick(COMPANY_TRADES));
        let employees = rng
            .chance(0.85)
            .then(|| (size * rng.log_normal(150.0, 0.8)) as u64 + 3);
        let created = self.at(created_day);
        let mut a = Account {
            n,
            name,
            industry,
            kind,
            owner: 1 + self.rng.below(12),
            created,
            employees,
            prospect,
            latent,
            story,
            churned: false,
            people: Vec::new(),
            activities: Vec::new(),
            deals: Vec::new(),
            cases: Vec::new(),
            orders: Vec::new(),
        };
        let start = created_day.max(self.as_of - HISTORY_DAYS);
        let b = Behaviour {
            latent,
            size,
            cadence,
            style,
            start,
        };
        self.people(&mut a, &b);
        self.contact_streams(&mut a, &b);
        self.deals(&mut a, &b);
        self.cases(&mut a, &b);
        if !a.prospect {
            self.orders(&mut a, &b);
        }
        self.todos(&mut a, &b);
        if let Some(story) = story {
            self.plant(&mut a, story);
        }
        if !a.prospect {
            // Churn in the next period falls with loyalty; a few loyal ones still go
            // (acquired, closed down).
            let mut p = 0.03 + 0.45 * (1.0 - latent).powi(2);
            if matches!(story, Some(Story::PriceDefector | Story::GoneDark)) {
                p += 0.2;
            }
            a.churned = self.rng.chance(p);
        }
        a.activities.sort_by_key(|x| x.at);
        a
    }

    fn people(&mut self, a: &mut Account, b: &Behaviour) {
        let rng = &mut self.rng;
        // Loyal accounts know more of our people and we know more of theirs.
        let extra = rng.poisson(b.size.powf(0.7) * (0.5 + 4.5 * b.latent));
        let count = (1 + extra).min(30);
        for i in 0..count {
            let title = match i {
                0 => rng.pick(BUYER_TITLES),
                1 if rng.chance(0.3 + 0.6 * b.latent) => rng.pick(GATEKEEPER_TITLES),
                _ => match rng.below(10) {
                    0..=2 => rng.pick(BUYER_TITLES),
                    3 => rng.pick(GATEKEEPER_TITLES),
                    _ => rng.pick(OTHER_TITLES),
                },
            };
            // Titles are not always filled in.
            let title = if rng.chance(0.08) { "" } else { title };
            self.next.person += 1;
            let day = rng.range(b.start.min(self.as_of), self.as_of);
            let created = day * DAY + rng.range(8 * 3600, 17 * 3600);
            a.people.push(Person {
                id: self.next.person,
                first: rng.pick(FIRST_NAMES),
                last: rng.pick(LAST_NAMES),
                title,
                created: created.max(a.created),
            });
        }
    }

    /// Which of the account's people an activity is with: the main contact, or,
    /// the more threads the relationship has, someone else; sometimes nobody.
    fn who(&mut self, a: &Account, latent: f64) -> Option<usize> {
        if a.people.is_empty() || self.rng.chance(0.08) {
            return None;
        }
        if a.people.len() == 1 || self.rng.chance(0.75 - 0.55 * latent) {
            return Some(0);
        }
        Some(self.rng.below(a.people.len() as u64) as usize)
    }

    fn push_activity(
        &mut self,
        a: &mut Account,
        latent: f64,
        channel: Channel,
        subject: &'static str,
        day: i64,
        inbound: bool,
    ) {
        let contact = self.who(a, latent);
        let at = self.at(day).max(a.created + 60);
        let mut notes = String::new();
        if matches!(channel, Channel::Meeting) {
            // Preparation and a recorded outcome come with a working relationship.
            if self.rng.chance(0.25 + 0.6 * latent) {
                notes.push_str(self.rng.pick(MEETING_NOTES));
            }
            if self.rng.chance(0.2 + 0.6 * latent) {
                if !notes.is_empty() {
                    notes.push(' ');
                }
                notes.push_str(self.rng.pick(OUTCOMES));
            }
        }
        self.next.activity += 1;
        a.activities.push(Activity {
            id: self.next.activity,
            channel,
            subject,
            notes,
            at,
            inbound,
            open: false,
            contact,
        });
    }

    fn contact_streams(&mut self, a: &mut Account, b: &Behaviour) {
        let years = (self.as_of - b.start) as f64 / 365.0;
        let l = b.latent;
        let volume = b.size.powf(0.5) * b.cadence * b.style;
        // Some relationships drift off on their own: low loyalty drifts more often.
        let quiet_from = if self.rng.chance(0.35 * (1.0 - l).powf(1.5)) {
            self.as_of - self.rng.log_normal(90.0, 0.6) as i64
        } else {
            self.as_of + 1
        };
        let last = (quiet_from - 1).min(self.as_of);
        // (channel, subjects, yearly rate): proactive contact first.
        let streams: [(Channel, &[&'static str], f64); 11] = [
            (Channel::Call, CHECK_IN_CALLS, volume * (2.0 + 14.0 * l)),
            (Channel::Email, CHECK_IN_EMAILS, volume * (2.0 + 14.0 * l)),
            (
                Channel::Meeting,
                CHECK_IN_MEETINGS,
                volume * (0.5 + 5.0 * l),
            ),
            (Channel::Call, DISCOVERY, b.cadence * (0.2 + 1.5 * l)),
            (Channel::Meeting, TRAINING, b.cadence * (0.1 + 1.2 * l)),
            (Channel::Meeting, VALUE, b.cadence * (0.05 + 0.8 * l)),
            (Channel::Meeting, REVIEWS, b.cadence * 4.0 * l.powf(1.3)),
            (Channel::Email, NEWS, b.cadence * (0.2 + 2.0 * l)),
            // Friendship does not follow loyalty: social contact is its own habit.
            (Channel::Social, SOCIAL, 0.2 + 1.5 * self.rng.unit().powi(2)),
            (
                Channel::Call,
                INBOUND,
                b.size.powf(0.5) * (1.0 + 3.0 * self.rng.unit()),
            ),
            (
                Channel::Email,
                INBOUND,
                b.size.powf(0.5) * (0.5 + 2.0 * self.rng.unit()),
            ),
        ];
        let prospect_scale = if a.prospect { 0.6 } else { 1.0 };
        for (i, (channel, subjects, rate)) in streams.into_iter().enumerate() {
            let inbound = i >= 9;
            let n = self.rng.poisson(rate * years * prospect_scale);
            for day in self.days(n, b.start, last) {
                let subject = self.rng.pick(subjects);
                self.push_activity(a, l, channel, subject, day, inbound);
            }
        }
        self.replies(a, l);
    }

    /// A customer calls or writes when they need us: we call back or reply on
    /// the same channel, to the same person, sooner where there is a
    /// relationship; some are never answered, more often where there is none.
    fn replies(&mut self, a: &mut Account, l: f64) {
        let mut rng = Rng::new(self.seed ^ a.n.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED_A25E);
        let asked: Vec<(Channel, i64, Option<usize>)> = a
            .activities
            .iter()
            .filter(|x| x.inbound)
            .map(|x| (x.channel, x.at, x.contact))
            .collect();
        for (channel, at, contact) in asked {
            if !rng.chance(0.75 + 0.23 * l) {
                continue;
            }
            let hours = rng.log_normal(1.5 * (3.0 * (1.0 - l)).exp(), 1.0);
            let reply = at + (hours * 3600.0) as i64;
            // Not answered by the as-of date: still waiting.
            if reply > self.as_of_end {
                continue;
            }
            let subject = rng.pick(if channel == Channel::Call {
                CALL_BACKS
            } else {
                REPLIES
            });
            self.next.activity += 1;
            a.activities.push(Activity {
                id: self.next.activity,
                channel,
                subject,
                notes: String::new(),
                at: reply,
                inbound: false,
                open: false,
                contact,
            });
        }
    }

    fn deals(&mut self, a: &mut Account, b: &Behaviour) {
        let years = (self.as_of - b.start) as f64 / 365.0;
        let l = b.latent;
        let scale = b.size.powf(0.4);
        let (won, lost, open) = if a.prospect {
            (0, self.rng.poisson(0.3), self.rng.poisson(0.3 + 1.2 * l))
        } else {
            // A relationship turns one sale into a cycle: loyal accounts buy again.
            let won = 1 + self.rng.poisson(scale * years * (0.1 + 1.6 * l));
            let lost = self.rng.poisson(scale * years * (0.1 + 0.6 * (1.0 - l)));
            (won, lost, self.rng.poisson(0.2 + 1.2 * l))
        };
        for k in 0..won + lost + open {
            let outcome = if k < won {
                Outcome::Won
            } else if k < won + lost {
                Outcome::Lost
            } else {
                Outcome::Open
            };
            let rng = &mut self.rng;
            let close = match outcome {
                Outcome::Open => self.as_of + rng.range(5, 120),
                // The first sale opened the account.
                Outcome::Won if k == 0 => b.start + rng.range(0, 60).min(self.as_of - b.start),
                _ => rng.range(b.start, self.as_of),
            };
            let created_day = (close - rng.range(14, 150)).clamp(b.start, self.as_of);
            let loss_reason = if outcome != Outcome::Lost {
                ""
            } else if rng.chance(0.8 * ((0.35 - l) / 0.35).max(0.0)) {
                // Lost on price: only where there is little relationship.
                rng.pick(PRICE_LOSSES)
            } else {
                rng.weighted(OTHER_LOSSES)
            };
            let competitor_odds = match outcome {
                _ if !loss_reason.is_empty() && loss_reason.contains("rice") => 0.7,
                Outcome::Lost => 0.15 + 0.4 * (1.0 - l),
                _ => 0.02 + 0.2 * (1.0 - l).powi(2),
            };
            let competitor = if rng.chance(competitor_odds) {
                rng.pick(COMPETITORS)
            } else {
                ""
            };
            let amount = (b.size * rng.log_normal(20_000.0, 0.9)) as u64;
            let product = rng.pick(PRODUCTS);
            let contact = self.who(a, l);
            let created = self.at(created_day).max(a.created + 60);
            self.next.deal += 1;
            a.deals.push(Deal {
                id: self.next.deal,
                outcome,
                product,
                created,
                close,
                loss_reason,
                competitor,
                amount,
                contact,
            });
            // Service after the sale: a check-in once the deal is won.
            if outcome == Outcome::Won && self.rng.chance(0.2 + 0.7 * l) {
                let day = close + self.rng.range(7, 60);
                if day <= self.as_of {
                    self.push_activity(a, l, Channel::Call, "Post-sale check-in", day, false);
                }
            }
        }
    }

    fn cases(&mut self, a: &mut Account, b: &Behaviour) {
        let l = b.latent;
        // Many accounts never open a case: absence says nothing.
        let quiet = if a.prospect { 0.9 } else { 0.3 };
        if self.rng.chance(quiet) {
            return;
        }
        let years = (self.as_of - b.start) as f64 / 365.0;
        let rate = b.size.powf(0.6) * (0.5 + 2.0 * self.rng.unit());
        let n = self.rng.poisson(years * rate);
        for _ in 0..n {
            let complaint = self.rng.chance(0.15 + 0.45 * (1.0 - l));
            let day = self.rng.range(b.start, self.as_of);
            let created = self.at(day).max(a.created + 60);
            self.case(a, complaint, created, l, true);
        }
    }

    /// One case; `follow_up` lets a resolved complaint get its call back.
    fn case(&mut self, a: &mut Account, complaint: bool, created: i64, l: f64, follow_up: bool) {
        let rng = &mut self.rng;
        let kind = rng.pick(if complaint { COMPLAINTS } else { QUESTIONS });
        // Where there is a relationship, problems are fixed fast.
        let hours_to_fix = rng.log_normal(4.0 * (3.0 * (1.0 - l)).exp(), 1.0);
        let closed =
            Some(created + (hours_to_fix * 3600.0) as i64).filter(|&t| t <= self.as_of_end);
        let first_response = rng
            .chance(0.92)
            .then(|| created + (rng.log_normal(0.7 * (2.5 * (1.0 - l)).exp(), 1.0) * 3600.0) as i64)
            .map(|t| closed.map_or(t, |c| t.min(c)))
            .filter(|&t| t <= self.as_of_end);
        let escalated = self.rng.chance(0.04 + 0.25 * (1.0 - l));
        let contact = self.who(a, l);
        self.next.case += 1;
        a.cases.push(Case {
            id: self.next.case,
            kind,
            complaint,
            created,
            first_response,
            closed,
            escalated,
            contact,
        });
        // Step three of a complaint: call back after the fix.
        if let Some(closed) = closed
            && complaint
            && follow_up
            && self.rng.chance(0.25 + 0.7 * l)
        {
            let day = (closed / DAY + self.rng.range(0, 5)).min(self.as_of);
            self.push_activity(a, l, Channel::Call, "Follow-up on case", day, false);
        }
    }

    fn orders(&mut self, a: &mut Account, b: &Behaviour) {
        let years = (self.as_of - b.start) as f64 / 365.0;
        let l = b.latent;
        let n = self
            .rng
            .poisson(years * b.size.powf(0.6) * b.cadence * (0.5 + 4.0 * l));
        for day in self.days(n, b.start, self.as_of) {
            let rng = &mut self.rng;
            let promised = day + rng.range(3, 30);
            let delivered = if rng.chance(0.05 + 0.35 * (1.0 - l)) {
                promised + rng.range(1, 20)
            } else {
                (promised - rng.range(0, 4)).max(day)
            };
            let amount = (b.size * rng.log_normal(3_000.0, 1.0)) as u64;
            self.next.order += 1;
            a.orders.push(Order {
                id: self.next.order,
                day,
                promised,
                delivered: Some(delivered).filter(|&d| d <= self.as_of),
                amount,
            });
        }
    }

    /// To-dos with a due date: promises, kept more often in a working relationship.
    fn todos(&mut self, a: &mut Account, b: &Behaviour) {
        let years = (self.as_of - b.start) as f64 / 365.0;
        let rate = b.size.powf(0.5) * (1.0 + 5.0 * self.rng.unit());
        let n = self.rng.poisson(years * rate);
        for day in self.days(n, b.start, self.as_of + 30) {
            let kept = self.rng.chance(0.5 + 0.45 * b.latent);
            let subject = self.rng.pick(TODOS);
            let contact = self.who(a, b.latent);
            self.next.activity += 1;
            a.activities.push(Activity {
                id: self.next.activity,
                channel: Channel::Todo,
                subject,
                notes: String::new(),
                at: (day * DAY).max(a.created + 60),
                inbound: false,
                // Not yet due, or overdue.
                open: day > self.as_of || !kept,
                contact,
            });
        }
    }

    fn plant(&mut self, a: &mut Account, story: Story) {
        let l = a.latent;
        let today = self.as_of;
        match story {
            Story::PriceDefector => {
                let close = today - self.rng.range(10, 200);
                self.next.deal += 1;
                let contact = self.who(a, l);
                a.deals.push(Deal {
                    id: self.next.deal,
                    outcome: Outcome::Lost,
                    product: "Renewal",
                    created: ((close - 60) * DAY + 9 * 3600).max(a.created + 60),
                    close,
                    loss_reason: self.rng.pick(PRICE_LOSSES),
                    competitor: self.rng.pick(COMPETITORS),
                    amount: 25_000,
                    contact,
                });
            }
            Story::GoneDark => {
                // Nothing done since the cut-off; open promises stay on the books.
                let cutoff = (today - self.rng.range(130, 400)) * DAY;
                a.activities
                    .retain(|x| x.at < cutoff || (x.channel == Channel::Todo && x.open));
            }
            Story::IgnoredComplaint => {
                let day = today - self.rng.range(3, 20);
                let created = self.at(day);
                let kind = self.rng.pick(COMPLAINTS);
                self.next.case += 1;
                let contact = self.who(a, l);
                a.cases.push(Case {
                    id: self.next.case,
                    kind,
                    complaint: true,
                    created,
                    first_response: None,
                    closed: None,
                    escalated: false,
                    contact,
                });
            }
            Story::NoFollowUp => {
                // Complaints fixed fast, and nobody called afterwards.
                for _ in 0..self.rng.range(1, 3) {
                    let day = today - self.rng.range(30, 250);
                    let created = self.at(day);
                    let kind = self.rng.pick(COMPLAINTS);
                    self.next.case += 1;
                    let contact = self.who(a, l);
                    a.cases.push(Case {
                        id: self.next.case,
                        kind,
                        complaint: true,
                        created,
                        first_response: Some(created + 1800),
                        closed: Some(created + self.rng.range(2, 10) * 3600),
                        escalated: false,
                        contact,
                    });
                }
                let silences: Vec<(i64, i64)> = a
                    .cases
                    .iter()
                    .filter(|c| c.complaint)
                    .filter_map(|c| c.closed)
                    .map(|t| (t, t + 10 * DAY))
                    .collect();
                a.activities.retain(|x| {
                    (x.channel == Channel::Todo && x.open)
                        || !silences
                            .iter()
                            .any(|&(from, to)| x.at >= from && x.at <= to)
                });
            }
            Story::SingleThreaded => {
                // One buyer carries the whole relationship.
                if let Some(first) = a.people.first_mut() {
                    first.title = "VP Operations";
                }
                for x in &mut a.activities {
                    x.contact = Some(0);
                }
            }
            Story::GolfOnly => {
                let year_ago = (today - 365) * DAY;
                a.activities
                    .retain(|x| x.at < year_ago || !REVIEWS.contains(&x.subject));
                for _ in 0..self.rng.range(4, 8) {
                    let day = today - self.rng.range(5, 330);
                    let subject = self.rng.pick(SOCIAL);
                    self.push_activity(a, l, Channel::Social, subject, day, false);
                }
                // A competitor quietly invited in.
                let close = today + self.rng.range(10, 90);
                self.next.deal += 1;
                let contact = self.who(a, l);
                a.deals.push(Deal {
                    id: self.next.deal,
                    outcome: Outcome::Open,
                    product: "Renewal",
                    created: (today - self.rng.range(10, 120)) * DAY + 10 * 3600,
                    close,
                    loss_reason: "",
                    competitor: self.rng.pick(COMPETITORS),
                    amount: 30_000,
                    contact,
                });
            }
            Story::HealthyNoOffer => a.deals.retain(|d| d.outcome != Outcome::Open),
        }
    }
}

/// What drives an account's behaviour, drawn once per account.
struct Behaviour {
    latent: f64,
    /// Volume multiplier, mean about 1.
    size: f64,
    /// How often the industry expects contact.
    cadence: f64,
    /// How chatty this customer is, whatever its loyalty.
    style: f64,
    /// First day of the history the export holds.
    start: i64,
}

// ---------------------------------------------------------------------------
// Output

struct Csv {
    w: BufWriter<File>,
}

impl Csv {
    fn create(dir: &Path, name: &str, header: &str) -> io::Result<Csv> {
        let mut w = BufWriter::with_capacity(1 << 18, File::create(dir.join(name))?);
        writeln!(w, "{header}")?;
        Ok(Csv { w })
    }
}

fn subtype(c: Channel) -> &'static str {
    match c {
        Channel::Call => "Call",
        Channel::Email => "Email",
        _ => "Task",
    }
}

fn write_salesforce(dir: &Path, accounts: &[Account], as_of: i64) -> io::Result<()> {
    const ACCOUNT: &str = "001";
    const CONTACT: &str = "003";
    const USER: &str = "005";
    const OPPORTUNITY: &str = "006";
    const TASK: &str = "00T";
    const EVENT: &str = "00U";
    const CASE: &str = "500";
    const ORDER: &str = "801";
    let mut acc = Csv::create(
        dir,
        "Account.csv",
        "Id,IsDeleted,Name,Type,Industry,OwnerId,CreatedDate,NumberOfEmployees",
    )?;
    let mut con = Csv::create(
        dir,
        "Contact.csv",
        "Id,IsDeleted,AccountId,FirstName,LastName,Title,Email,CreatedDate",
    )?;
    let mut task = Csv::create(
        dir,
        "Task.csv",
        "Id,IsDeleted,WhoId,WhatId,AccountId,Subject,ActivityDate,Status,IsClosed,TaskSubtype,CallType,Description,OwnerId,CreatedDate",
    )?;
    let mut event = Csv::create(
        dir,
        "Event.csv",
        "Id,IsDeleted,WhoId,WhatId,AccountId,Subject,ActivityDateTime,StartDateTime,EndDateTime,DurationInMinutes,Type,Description,OwnerId,CreatedDate",
    )?;
    let mut opp = Csv::create(
        dir,
        "Opportunity.csv",
        "Id,IsDeleted,AccountId,Name,StageName,Amount,CloseDate,Type,IsClosed,IsWon,Loss_Reason__c,Competitor__c,OwnerId,CreatedDate",
    )?;
    let mut case = Csv::create(
        dir,
        "Case.csv",
        "Id,IsDeleted,CaseNumber,AccountId,ContactId,Type,Status,Origin,Subject,IsClosed,IsEscalated,CreatedDate,ClosedDate,First_Response__c",
    )?;
    let mut order = Csv::create(
        dir,
        "Order.csv",
        "Id,IsDeleted,AccountId,OrderNumber,Status,EffectiveDate,Promised_Date__c,Delivered_Date__c,TotalAmount",
    )?;
    for a in accounts {
        let id = SfId(ACCOUNT, a.n);
        let owner = SfId(USER, a.owner);
        writeln!(
            acc.w,
            "{id},,{},{},{},{owner},{},{}",
            Q(&a.name),
            Q(a.kind),
            Q(a.industry),
            SfTime(a.created),
            Opt(a.employees)
        )?;
        let who = |c: Option<usize>| c.map(|i| SfId(CONTACT, a.people[i].id));
        for p in &a.people {
            writeln!(
                con.w,
                "{},,{id},{},{},{},{}.{}@example.com,{}",
                SfId(CONTACT, p.id),
                Q(p.first),
                Q(p.last),
                Q(p.title),
                p.id,
                a.n,
                SfTime(p.created)
            )?;
        }
        for x in &a.activities {
            let created = SfTime(x.at.min(as_of * DAY + 3600).max(a.created));
            match x.channel {
                Channel::Meeting | Channel::Social => {
                    let kind = if x.channel == Channel::Social {
                        "Other"
                    } else {
                        "Meeting"
                    };
                    writeln!(
                        event.w,
                        "{},,{},{id},{id},{},{},{},{},60,{kind},{},{owner},{created}",
                        SfId(EVENT, x.id),
                        Opt(who(x.contact)),
                        Q(x.subject),
                        SfTime(x.at),
                        SfTime(x.at),
                        SfTime(x.at + 3600),
                        Q(&x.notes)
                    )?;
                }
                _ => {
                    let call_type = match (x.channel, x.inbound) {
                        (Channel::Call, true) => "Inbound",
                        (Channel::Call, false) => "Outbound",
                        _ => "",
                    };
                    let status = if x.open { "Not Started" } else { "Completed" };
                    writeln!(
                        task.w,
                        "{},,{},{id},{id},{},{},{status},{},{},{call_type},{},{owner},{created}",
                        SfId(TASK, x.id),
                        Opt(who(x.contact)),
                        Q(x.subject),
                        Date(x.at.div_euclid(DAY)),
                        !x.open,
                        subtype(x.channel),
                        Q(&x.notes)
                    )?;
                }
            }
        }
        for d in &a.deals {
            let (stage, closed, won) = match d.outcome {
                Outcome::Won => ("Closed Won", true, true),
                Outcome::Lost => ("Closed Lost", true, false),
                Outcome::Open => ("Negotiation/Review", false, false),
            };
            let kind = if a.prospect {
                "New Customer"
            } else {
                "Existing Customer - Upgrade"
            };
            let (y, _, _) = civil_from_days(d.close);
            writeln!(
                opp.w,
                "{},,{id},{},{stage},{}.00,{},{kind},{closed},{won},{},{},{owner},{}",
                SfId(OPPORTUNITY, d.id),
                Q(&format!("{} - {} {y}", a.name, d.product)),
                d.amount,
                Date(d.close),
                Q(d.loss_reason),
                Q(d.competitor),
                SfTime(d.created)
            )?;
        }
        for c in &a.cases {
            let status = match (c.closed, c.escalated) {
                (Some(_), _) => "Closed",
                (None, true) => "Escalated",
                (None, false) => "New",
            };
            writeln!(
                case.w,
                "{},,{:08},{id},{},{},{status},Email,{},{},{},{},{},{}",
                SfId(CASE, c.id),
                c.id,
                Opt(who(c.contact)),
                Q(c.kind.1),
                Q(c.kind.0),
                c.closed.is_some(),
                c.escalated,
                SfTime(c.created),
                Opt(c.closed.map(SfTime)),
                Opt(c.first_response.map(SfTime))
            )?;
        }
        for o in &a.orders {
            writeln!(
                order.w,
                "{},,{id},{:08},Activated,{},{},{},{}.00",
                SfId(ORDER, o.id),
                o.id,
                Date(o.day),
                Date(o.promised),
                Opt(o.delivered.map(Date)),
                o.amount
            )?;
        }
    }
    for f in [acc, con, task, event, opp, case, order] {
        f.w.into_inner().map_err(|e| e.into_error())?;
    }
    Ok(())
}

/// HubSpot record ids share one number space per portal; the offsets keep the
/// objects apart, as real ids are.
const HS_COMPANY: u64 = 1_000_000;
const HS_CONTACT: u64 = 20_000_000;
const HS_DEAL: u64 = 40_000_000;
const HS_TICKET: u64 = 60_000_000;
const HS_ACTIVITY: u64 = 80_000_000;

fn write_hubspot(dir: &Path, accounts: &[Account], as_of: i64) -> io::Result<()> {
    let date = Date(as_of);
    let name = |object: &str| format!("hubspot-crm-exports-all-{object}-{date}.csv");
    let mut companies = Csv::create(
        dir,
        &name("companies"),
        "Record ID,Company name,Type,Industry,Company owner,Create Date,Number of Employees",
    )?;
    let mut contacts = Csv::create(
        dir,
        &name("contacts"),
        "Record ID,First Name,Last Name,Email,Job Title,Associated Company IDs (Primary),Create Date",
    )?;
    let mut deals = Csv::create(
        dir,
        &name("deals"),
        "Record ID,Deal Name,Pipeline,Deal Stage,Amount,Close Date,Create Date,Closed Lost Reason,Deal owner,Associated Company IDs (Primary),Associated Contact IDs (Primary)",
    )?;
    let mut tickets = Csv::create(
        dir,
        &name("tickets"),
        "Ticket ID,Ticket name,Ticket status,Priority,Category,Create date,Close date,First agent email response date,Associated Company IDs (Primary),Associated Contact IDs (Primary)",
    )?;
    let mut calls = Csv::create(
        dir,
        &name("calls"),
        "Record ID,Activity type,Call Title,Activity date,Call direction,Call status,Call notes,Activity assigned to,Associated Contact IDs,Associated Company IDs",
    )?;
    let mut emails = Csv::create(
        dir,
        &name("emails"),
        "Record ID,Activity type,Email subject,Activity date,Email direction,Email body,Activity assigned to,Associated Contact IDs,Associated Company IDs",
    )?;
    let mut meetings = Csv::create(
        dir,
        &name("meetings"),
        "Record ID,Activity type,Meeting name,Meeting start time,Meeting description,Activity assigned to,Associated Contact IDs,Associated Company IDs",
    )?;
    let mut tasks = Csv::create(
        dir,
        &name("tasks"),
        "Record ID,Task title,Due date,Task status,Task type,Task notes,Activity assigned to,Associated Contact IDs,Associated Company IDs",
    )?;
    for a in accounts {
        let company = HS_COMPANY + a.n;
        let owner = format!("Rep {}", a.owner);
        let kind = match a.kind {
            "" => "",
            k if k.starts_with("Customer") => "Customer",
            k => k,
        };
        writeln!(
            companies.w,
            "{company},{},{},{},{owner},{},{}",
            Q(&a.name),
            kind,
            Q(a.industry),
            HsTime(a.created),
            Opt(a.employees)
        )?;
        let who = |c: Option<usize>| c.map(|i| HS_CONTACT + a.people[i].id);
        for p in &a.people {
            writeln!(
                contacts.w,
                "{},{},{},{}.{}@example.com,{},{company},{}",
                HS_CONTACT + p.id,
                Q(p.first),
                Q(p.last),
                p.id,
                a.n,
                Q(p.title),
                HsTime(p.created)
            )?;
        }
        for x in &a.activities {
            let id = HS_ACTIVITY + x.id;
            let contact = Opt(who(x.contact));
            match x.channel {
                Channel::Call => writeln!(
                    calls.w,
                    "{id},CALL,{},{},{},COMPLETED,{},{owner},{contact},{company}",
                    Q(x.subject),
                    HsTime(x.at),
                    if x.inbound { "INBOUND" } else { "OUTBOUND" },
                    Q(&x.notes)
                )?,
                Channel::Email => writeln!(
                    emails.w,
                    "{id},EMAIL,{},{},{},{},{owner},{contact},{company}",
                    Q(x.subject),
                    HsTime(x.at),
                    if x.inbound { "INCOMING" } else { "OUTGOING" },
                    Q(&x.notes)
                )?,
                Channel::Meeting | Channel::Social => writeln!(
                    meetings.w,
                    "{id},{},{},{},{},{owner},{contact},{company}",
                    if x.channel == Channel::Social {
                        "ENTERTAINMENT"
                    } else {
                        "MEETING"
                    },
                    Q(x.subject),
                    HsTime(x.at),
                    Q(&x.notes)
                )?,
                Channel::Todo => writeln!(
                    tasks.w,
                    "{id},{},{},{},TODO,,{owner},{contact},{company}",
                    Q(x.subject),
                    Date(x.at.div_euclid(DAY)),
                    if x.open { "NOT_STARTED" } else { "COMPLETED" }
                )?,
            }
        }
        for d in &a.deals {
            let stage = match d.outcome {
                Outcome::Won => "Closed won",
                Outcome::Lost => "Closed lost",
                Outcome::Open => "Contract sent",
            };
            // HubSpot has no competitor property by default: a rep writes it in the reason.
            let reason = match (d.loss_reason, d.competitor) {
                ("", _) => String::new(),
                (r, "") => r.to_string(),
                (r, c) => format!("{r} ({c})"),
            };
            let (y, _, _) = civil_from_days(d.close);
            writeln!(
                deals.w,
                "{},{},Sales Pipeline,{stage},{},{},{},{},{owner},{company},{}",
                HS_DEAL + d.id,
                Q(&format!("{} - {} {y}", a.name, d.product)),
                d.amount,
                HsTime(d.close * DAY + 12 * 3600),
                HsTime(d.created),
                Q(&reason),
                Opt(who(d.contact))
            )?;
        }
        for c in &a.cases {
            let status = if c.closed.is_some() {
                "Closed"
            } else {
                "Waiting on us"
            };
            writeln!(
                tickets.w,
                "{},{},{status},MEDIUM,{},{},{},{},{company},{}",
                HS_TICKET + c.id,
                Q(c.kind.0),
                Q(c.kind.2),
                HsTime(c.created),
                Opt(c.closed.map(HsTime)),
                Opt(c.first_response.map(HsTime)),
                Opt(who(c.contact))
            )?;
        }
    }
    for f in [
        companies, contacts, deals, tickets, calls, emails, meetings, tasks,
    ] {
        f.w.into_inner().map_err(|e| e.into_error())?;
    }
    Ok(())
}

/// The truth: one row per account, and the churned customers in the form
/// `rapport backtest --churned` reads.
fn write_truth(dir: &Path, accounts: &[Account], form: Form) -> io::Result<()> {
    let mut truth = Csv::create(
        dir,
        "accounts.csv",
        "id,segment,loyalty,engagement,story,right_rule,churned",
    )?;
    let mut churned = Csv::create(dir, "churned.csv", "id")?;
    for a in accounts {
        let id = form.account_id(a.n);
        let (segment, loyalty, engagement) = if a.prospect {
            ("prospect", String::new(), format!("{:.4}", a.latent))
        } else {
            ("customer", format!("{:.4}", a.latent), String::new())
        };
        writeln!(
            truth.w,
            "{id},{segment},{loyalty},{engagement},{},{},{}",
            a.story.map_or("", Story::name),
            a.story.map_or("", Story::right_rule),
            a.churned
        )?;
        if a.churned {
            writeln!(churned.w, "{id}")?;
        }
    }
    truth.w.into_inner().map_err(|e| e.into_error())?;
    churned.w.into_inner().map_err(|e| e.into_error())?;
    Ok(())
}

// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
pub enum Form {
    Salesforce,
    Hubspot,
}

impl Form {
    fn account_id(self, n: u64) -> String {
        match self {
            Form::Salesforce => SfId("001", n).to_string(),
            Form::Hubspot => (HS_COMPANY + n).to_string(),
        }
    }
}

pub struct Args {
    pub seed: u64,
    pub accounts: u64,
    pub form: Form,
    /// Day number, days since 1970-01-01.
    pub as_of: i64,
    pub truth: Option<PathBuf>,
    pub out_dir: PathBuf,
}

/// `Ok(None)` means help was asked for.
fn parse_args() -> Result<Option<Args>, String> {
    let mut seed = 1;
    let mut accounts = 2000;
    let mut form = Form::Salesforce;
    let mut as_of = days_from_civil(2026, 6, 30);
    let mut truth = None;
    let mut out_dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--accounts" => {
                let v = value("--accounts")?;
                accounts = v
                    .parse()
                    .map_err(|_| format!("--accounts: not a count: {v}"))?;
            }
            "--form" => {
                form = match value("--form")?.as_str() {
                    "salesforce" => Form::Salesforce,
                    "hubspot" => Form::Hubspot,
                    other => return Err(format!("--form: salesforce or hubspot, not {other}")),
                };
            }
            "--as-of" => {
                let v = value("--as-of")?;
                as_of =
                    parse_date(&v).ok_or_else(|| format!("--as-of: not a YYYY-MM-DD date: {v}"))?;
            }
            "--truth" => truth = Some(PathBuf::from(value("--truth")?)),
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}")),
            dir if out_dir.is_none() => out_dir = Some(PathBuf::from(dir)),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    let out_dir = out_dir.ok_or("missing OUT_DIR")?;
    Ok(Some(Args {
        seed,
        accounts,
        form,
        as_of,
        truth,
        out_dir,
    }))
}

/// `truth-<name>` beside the export, so a run over the export never sees it.
fn default_truth_dir(out_dir: &Path) -> PathBuf {
    let name = out_dir
        .file_name()
        .map_or_else(|| "export".into(), |n| n.to_string_lossy().into_owned());
    let parent = out_dir.parent().unwrap_or(Path::new("."));
    parent.join(format!("truth-{name}"))
}

fn main() {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return;
        }
        Err(msg) => {
            eprintln!("sim: {msg}\n\n{USAGE}");
            process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("sim: {e}");
        process::exit(1);
    }
}

/// Simulates the accounts and writes the export and its truth.
pub fn run(args: &Args) -> io::Result<()> {
    let truth_dir = args
        .truth
        .clone()
        .unwrap_or_else(|| default_truth_dir(&args.out_dir));
    fs::create_dir_all(&args.out_dir)?;
    fs::create_dir_all(&truth_dir)?;
    let mut sim = Sim::new(args.seed, args.as_of);
    let accounts: Vec<Account> = (1..=args.accounts).map(|n| sim.account(n)).collect();
    match args.form {
        Form::Salesforce => write_salesforce(&args.out_dir, &accounts, args.as_of)?,
        Form::Hubspot => write_hubspot(&args.out_dir, &accounts, args.as_of)?,
    }
    write_truth(&truth_dir, &accounts, args.form)
}
