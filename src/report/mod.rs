//! The report: what every renderer shows, built once from the scored accounts.
//! Its serde shape is the JSON contract documented in docs/json.md.

pub mod backtest;
pub mod csv;
mod data;
pub mod explain;
pub mod html;
pub mod inspect;
pub mod json;
pub mod markdown;
pub mod ndjson;
pub mod notes;
pub mod rules;
pub mod sanitise;
pub mod summary;
pub mod table;
pub mod trend;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::day::Day;
use crate::ingest::InputFile;
use crate::metrics::InputStats;
use crate::rules::Status;
pub use crate::score::Depth;
pub use crate::score::Segment;
use crate::score::{Details, Ranked};
use crate::spec::RuleSet;
pub use data::*;
pub use sanitise::terminal as printable;

pub const SCHEMA: &str = "rapport.report/1";

/// The schema of each line of `--format ndjson`.
pub const ACCOUNT_SCHEMA: &str = "rapport.account/1";

/// The version of rapport that wrote a report, carried in every JSON output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The report. The header is small and kept; the accounts are scored and put
/// in order before it is built ([`Ranked`]), and their details are finished a
/// run at a time as a renderer reaches them, so memory grows with the metric
/// state, not with the size of the rendered report.
pub struct Report<'a> {
    pub schema: &'static str,
    pub as_of: Day,
    pub rules: RulesInfo,
    pub inputs: Vec<InputReport>,
    /// Per table with a dated row, in table order: the history it covers.
    pub history: TableHistories,
    /// What a reader must know before trusting the report, shown at its top.
    pub notices: Vec<Notice>,
    /// Rules no account could be assessed on, with the reason (the export lacks
    /// their data).
    pub not_assessed: Vec<NotAssessed>,
    /// Rules that give (nearly) every account the same result on this export:
    /// left out of scores and actions.
    pub uninformative: Vec<NotAssessed>,
    /// With `--baseline`: what changed since.
    pub baseline: Option<BaselineInfo>,
    /// With `--baseline`: its accounts by id, and what holds between the runs.
    previous: std::collections::HashMap<String, AccountReport>,
    comparison: crate::score::change::Comparison,
    files: &'a [InputFile],
    ranked: Ranked<'a>,
    /// The days actions fall due (the as-of day plus a rule's `due_days`) as
    /// shown, formatted once rather than per action.
    due_dates: Vec<(Day, String)>,
    /// The most actions an account lists (`[actions] per_account`, or
    /// `--max-actions`); the JSON keeps the rest, marked beyond it.
    budget: usize,
    /// Accounts with no records at all get no actions: there is nobody and
    /// nothing to act on (see [`Report::quiet_dormant`]).
    quiet_dormant: bool,
}

/// A path (or `path:line`) relative to `folder` when it lies inside it.
pub fn relative_to(folder: &Path, path: &str) -> String {
    match Path::new(path).strip_prefix(folder) {
        Ok(rel) if !folder.as_os_str().is_empty() => rel.display().to_string(),
        _ => path.to_string(),
    }
}

/// One of `palette`'s colours for band `index` of `count`, best band first: the
/// palette runs from best to worst whatever the number of bands.
pub fn band_colour<'p>(palette: &[&'p str], index: usize, count: usize) -> &'p str {
    if count <= 1 {
        return palette[0];
    }
    let pos = index as f64 / (count - 1) as f64 * (palette.len() - 1) as f64;
    palette[(pos.round() as usize).min(palette.len() - 1)]
}

/// Replaces the text `into` holds, in the room it has.
fn set_text(into: &mut String, text: &str) {
    into.clear();
    into.push_str(text);
}

fn set_optional_text(into: &mut Option<String>, text: Option<&str>) {
    match (into.as_mut(), text) {
        (Some(held), Some(text)) => set_text(held, text),
        (_, text) => *into = text.map(str::to_string),
    }
}

/// Sets `into` to what `write` makes of `value` (None without one), in the
/// buffer `into` holds when it holds one.
fn write_optional<T>(
    into: &mut Option<String>,
    value: Option<T>,
    write: impl FnOnce(&mut String, T) -> std::fmt::Result,
) {
    match value {
        None => *into = None,
        Some(v) => {
            let text = into.get_or_insert_with(String::new);
            text.clear();
            // Writing to a String cannot fail.
            let _ = write(text, v);
        }
    }
}

fn round(v: f64, places: i32) -> f64 {
    let p = 10f64.powi(places);
    (v * p).round() / p
}

/// Assembles the report around the ranked accounts: the inputs, what could not
/// be assessed, and what it takes to show each account.
pub fn build<'a>(
    ranked: Ranked<'a>,
    files: &'a [InputFile],
    unrecognised: &[Skipped],
) -> Report<'a> {
    let as_of = ranked.as_of();
    let rule_set = ranked.rules();
    let outcome = ranked.outcome();
    let mut inputs: Vec<InputReport> = files
        .iter()
        .zip(&outcome.stats)
        .map(|(i, s)| InputReport {
            path: i.display_name(),
            table: Some(i.table.name().to_string()),
            counts: s.clone(),
            vendor: i.vendor.map(|v| v.name.clone()),
            encoding: Some(i.encoding_name()),
            delimiter: Some(crate::ingest::delimiter_name(i.delimiter)),
            error: None,
            lookup: None,
        })
        .collect();
    inputs.extend(unrecognised.iter().map(|u| InputReport {
        path: u.path.clone(),
        table: None,
        counts: InputStats::default(),
        vendor: None,
        encoding: None,
        delimiter: None,
        error: (!u.lookup).then(|| u.reason.clone()),
        lookup: u.lookup.then(|| u.reason.clone()),
    }));

    let not_assessed = rule_set
        .rules
        .iter()
        .filter(|r| r.enabled)
        .filter_map(|r| {
            let metric = r.measured_by(&outcome.assessable);
            let reason = match outcome.assessable[metric].as_ref() {
                Err(reason) => reason.clone(),
                Ok(()) => match crate::rules::history::cover(rule_set, outcome, metric) {
                    cover @ crate::rules::history::Cover::Short { .. } => cover.text(),
                    _ => return None,
                },
            };
            Some(NotAssessed {
                rule: r.id.clone(),
                reason,
            })
        })
        .collect();
    let uninformative = ranked
        .portfolio()
        .uninformative_ids(rule_set)
        .into_iter()
        .map(|id| NotAssessed {
            rule: id.to_string(),
            reason: crate::rules::UNINFORMATIVE.to_string(),
        })
        .collect();

    Report {
        schema: SCHEMA,
        as_of,
        rules: RulesInfo {
            source: rule_set.origin.clone(),
            name: rule_set.name.clone(),
            rules: rule_infos(rule_set),
        },
        inputs,
        history: TableHistories::of(&outcome.history),
        notices: Vec::new(),
        not_assessed,
        uninformative,
        baseline: None,
        previous: std::collections::HashMap::new(),
        comparison: Default::default(),
        files,
        due_dates: due_dates(rule_set, as_of),
        budget: rule_set.actions.per_account,
        quiet_dormant: false,
        ranked,
    }
}

/// The enabled rules, their weights, tables and caps, as a report carries them.
fn rule_infos(rule_set: &RuleSet) -> Vec<RuleInfo> {
    rule_set
        .rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| RuleInfo {
            id: r.id.clone(),
            weight: r.weight,
            table: rule_set
                .metrics
                .get(r.metric)
                .map(|m| m.table.name().to_string()),
            cap: r.cap_band.map(|b| rule_set.bands[b].name.clone()),
        })
        .collect()
}

/// The rules of a report from before it carried them: those of its first
/// account that lists any.
fn rules_of_accounts(accounts: &[AccountReport]) -> Vec<RuleInfo> {
    accounts
        .iter()
        .find(|a| !a.rules.is_empty())
        .map(|a| {
            a.rules
                .iter()
                .map(|r| RuleInfo {
                    id: r.id.clone(),
                    weight: r.weight,
                    table: None,
                    cap: None,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn due_dates(rule_set: &RuleSet, as_of: Day) -> Vec<(Day, String)> {
    let mut days: Vec<Day> = rule_set
        .rules
        .iter()
        .map(|r| as_of.plus(r.due_days))
        .collect();
    days.sort_unstable();
    days.dedup();
    days.into_iter().map(|d| (d, d.to_string())).collect()
}

/// The accounts of a report, worst first, a run at a time.
struct Accounts<I> {
    runs: I,
    built: std::vec::IntoIter<AccountReport>,
    left: usize,
}

impl<I: Iterator<Item = [Vec<AccountReport>; 2]>> Iterator for Accounts<I> {
    type Item = AccountReport;

    fn next(&mut self) -> Option<AccountReport> {
        if self.built.len() == 0
            && let Some([mut built, second]) = self.runs.next()
        {
            built.extend(second);
            self.built = built.into_iter();
        }
        let account = self.built.next()?;
        self.left -= 1;
        Some(account)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<I: Iterator<Item = [Vec<AccountReport>; 2]>> ExactSizeIterator for Accounts<I> {}

/// Part of a run of accounts, as [`Report::write_accounts`] hands it to a
/// renderer: each account's finished details are shown through the same
/// [`AccountReport`] as the one before, so its text buffers are reused.
pub struct Run<'r, 'a> {
    report: &'r Report<'a>,
    details: std::vec::IntoIter<Details>,
    current: AccountReport,
}

impl Run<'_, '_> {
    /// The next account, or None at the end.
    pub fn next_account(&mut self) -> Option<&AccountReport> {
        let details = self.details.next()?;
        self.report.fill_account(details, &mut self.current);
        Some(&self.current)
    }
}

impl Report<'_> {
    /// How many accounts the report holds.
    pub fn account_count(&self) -> usize {
        self.ranked.order().len()
    }

    /// The accounts, worst first, built as they are reached (a run at a time).
    pub fn accounts(&self) -> impl ExactSizeIterator<Item = AccountReport> + '_ {
        self.accounts_to(Depth::Full)
    }

    /// The accounts, worst first, without their per-rule detail (`rules` is
    /// empty): what the table, CSV and task outputs need, at a fraction of the cost.
    pub fn briefs(&self) -> impl ExactSizeIterator<Item = AccountReport> + '_ {
        self.accounts_to(Depth::Brief)
    }

    fn accounts_to(&self, depth: Depth) -> impl ExactSizeIterator<Item = AccountReport> + '_ {
        Accounts {
            runs: self.ranked.runs(depth, |finished| {
                finished
                    .into_iter()
                    .map(|d| {
                        let mut account = AccountReport::default();
                        self.fill_account(d, &mut account);
                        account
                    })
                    .collect::<Vec<_>>()
            }),
            built: Vec::new().into_iter(),
            left: self.account_count(),
        }
    }

    /// Writes the accounts, worst first: `render` turns accounts into bytes, on
    /// two threads at once, each with half of a run of them, and the bytes are
    /// written in order, so the output is the same as from rendering one
    /// account after another. With more than one thread, the next run is
    /// rendered while this one is written (the kernel's share of writing a
    /// large report to a file is a third of the rendering's).
    pub fn write_accounts(
        &self,
        depth: Depth,
        out: &mut dyn Write,
        render: impl Fn(&mut Run, &mut Vec<u8>) -> io::Result<()> + Sync,
    ) -> io::Result<()> {
        let mut write = |run: [io::Result<Vec<u8>>; 2]| {
            run.into_iter().try_for_each(|bytes| out.write_all(&bytes?))
        };
        if self.ranked.threads() < 2 {
            return self.account_runs(depth, &render).try_for_each(write);
        }
        std::thread::scope(|scope| {
            // One run waits while the next is rendered. A write that fails
            // drops the receiver, and the renderer stops at its next run.
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            let runs = self.account_runs(depth, &render);
            let ahead = std::thread::Builder::new().spawn_scoped(scope, move || {
                for run in runs {
                    if tx.send(run).is_err() {
                        break;
                    }
                }
            });
            match ahead {
                Ok(_) => rx.into_iter().try_for_each(&mut write),
                // No thread to be had: render each run before writing it.
                Err(_) => self.account_runs(depth, &render).try_for_each(write),
            }
        })
    }

    /// The accounts' bytes, a run at a time in two halves (see
    /// [`Report::write_accounts`]).
    fn account_runs<'s>(
        &'s self,
        depth: Depth,
        render: &'s (impl Fn(&mut Run, &mut Vec<u8>) -> io::Result<()> + Sync),
    ) -> impl Iterator<Item = [io::Result<Vec<u8>>; 2]> + Send + 's {
        self.ranked.runs(depth, move |finished| {
            let mut accounts = Run {
                report: self,
                details: finished.into_iter(),
                current: AccountReport::default(),
            };
            let mut bytes = Vec::new();
            render(&mut accounts, &mut bytes).map(|()| bytes)
        })
    }

    /// Compares with an earlier report: each account gets its previous score, and
    /// the accounts new or gone since are listed.
    pub fn set_baseline(&mut self, path: &str, earlier: ReportData) {
        let accounts = &self.ranked.outcome().accounts;
        let ours: std::collections::HashSet<&str> =
            accounts.iter().map(|a| a.id.as_str()).collect();
        let theirs: std::collections::HashSet<&str> =
            earlier.accounts.iter().map(|a| a.id.as_str()).collect();
        let gone = earlier
            .accounts
            .iter()
            .filter(|a| !ours.contains(a.id.as_str()))
            .map(|a| AccountRef {
                id: a.id.clone(),
                name: a.name.clone(),
                score: a.score,
                band: a.band.clone(),
            })
            .collect();
        let new = self
            .ranked
            .order()
            .iter()
            .map(|&a| &accounts[a])
            .filter(|a| !theirs.contains(a.id.as_str()))
            .map(|a| AccountRef {
                id: a.id.clone(),
                name: a.name.clone(),
                score: None,
                band: None,
            })
            .collect();
        let earlier_rules = if earlier.rules.rules.is_empty() {
            rules_of_accounts(&earlier.accounts)
        } else {
            earlier.rules.rules.clone()
        };
        self.comparison = crate::score::change::Comparison::new(
            &crate::score::change::Side {
                rules: &earlier_rules,
                inputs: &earlier.inputs,
                not_assessed: &earlier.not_assessed,
                uninformative: &earlier.uninformative,
            },
            &crate::score::change::Side {
                rules: &self.rules.rules,
                inputs: &self.inputs,
                not_assessed: &self.not_assessed,
                uninformative: &self.uninformative,
            },
        );
        self.previous = earlier
            .accounts
            .into_iter()
            .map(|a| (a.id.clone(), a))
            .collect();
        self.baseline = Some(BaselineInfo {
            path: path.to_string(),
            as_of: earlier.as_of,
            new,
            gone,
            rule_set: self.comparison.rule_set.clone(),
            data: self.comparison.data_causes(),
        });
    }

    /// Keeps only the accounts `keep` accepts (given the account and its band).
    pub fn retain(&mut self, mut keep: impl FnMut(&crate::metrics::Account, Option<&str>) -> bool) {
        let bands = &self.ranked.rules().bands;
        self.ranked.retain(|account, standing| {
            keep(account, standing.band.map(|b| bands[b].name.as_str()))
        });
    }

    /// Gives the accounts with no records in any other table no actions: the
    /// report counts them in one notice instead.
    pub fn quiet_dormant(&mut self) {
        self.quiet_dormant = true;
    }

    /// Lists at most `n` actions per account (the JSON marks the rest).
    pub fn set_action_budget(&mut self, n: usize) {
        self.budget = n;
    }

    /// The week's most important actions across the accounts, within each
    /// account's budget: as many as `[actions] this_week` says, by urgency, then
    /// by the account's place in the report (worst first). One brief pass.
    pub fn this_week(&self) -> Vec<WeekAction> {
        let mut week = Week::new(self.rule_set().actions.this_week);
        for a in self.briefs() {
            week.offer(&a);
        }
        week.finish()
    }

    /// Keeps the first `n` accounts (the worst).
    pub fn truncate(&mut self, n: usize) {
        self.ranked.truncate(n);
    }

    /// The scored accounts behind the report.
    pub fn ranked(&self) -> &Ranked<'_> {
        &self.ranked
    }

    /// The rule set behind the report.
    /// The folder the inputs share: evidence is shown to a reader relative to it,
    /// so a report names `Case.csv:8`, not a path on the machine that made it.
    /// Empty when the inputs share none.
    pub fn export_folder(&self) -> std::path::PathBuf {
        let mut folder: Option<std::path::PathBuf> = None;
        for input in &self.inputs {
            let parent = Path::new(&input.path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            folder = Some(match folder {
                None => parent,
                Some(f) => f
                    .components()
                    .zip(parent.components())
                    .take_while(|(a, b)| a == b)
                    .map(|(a, _)| a)
                    .collect(),
            });
        }
        folder.unwrap_or_default()
    }

    pub fn rule_set(&self) -> &RuleSet {
        self.ranked.rules()
    }

    /// The accounts table, in the export's order.
    pub fn all_accounts(&self) -> &[crate::metrics::Account] {
        &self.ranked.outcome().accounts
    }

    /// Whether the export's users gave some account's owner a name.
    pub fn has_owner_names(&self) -> bool {
        self.all_accounts().iter().any(|a| a.owner_name.is_some())
    }

    /// How many accounts fall in each band, best band first; then the customers
    /// with not enough evidence for a band, the unscored, and the prospects.
    pub fn band_counts(&self) -> Vec<(String, usize)> {
        let bands = &self.rule_set().bands;
        let n = bands.len();
        let mut counts = vec![0usize; n + 3];
        for &a in self.ranked.order() {
            let s = self.ranked.standing(a);
            let slot = match (s.band, s.segment, s.thin) {
                (Some(b), _, _) => b,
                (None, Segment::Prospect, _) => n + 2,
                (None, _, true) => n,
                (None, _, false) => n + 1,
            };
            counts[slot] += 1;
        }
        bands
            .iter()
            .map(|b| b.name.clone())
            .chain([NOT_ENOUGH_EVIDENCE, UNSCORED, PROSPECT].map(String::from))
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// A count of [`band_counts`](Self::band_counts) in words: `6 loyal`,
    /// `1 prospect`, `2 prospects` (the bands are adjectives, prospects a noun).
    pub fn band_count_words(band: &str, n: usize) -> String {
        if band == PROSPECT && n != 1 {
            format!("{n} prospects")
        } else {
            format!("{n} {band}")
        }
    }

    /// The id of the first prospect in report order: renderers open the
    /// prospects' section there.
    pub fn first_prospect_id(&self) -> Option<&str> {
        let a = self.ranked.first_prospect()?;
        Some(self.ranked.outcome().accounts[a].id.as_str())
    }

    /// A due day as shown.
    fn due_date(&self, day: Day) -> Cow<'_, str> {
        self.due_dates.iter().find(|(d, _)| *d == day).map_or_else(
            || Cow::Owned(day.to_string()),
            |(_, shown)| Cow::Borrowed(shown.as_str()),
        )
    }

    /// Shows one account's finished details in `into`, over whatever account it
    /// held: the text buffers of one account are reused for the next.
    fn fill_account(&self, details: Details, into: &mut AccountReport) {
        let rules = self.rule_set();
        let outcome = self.ranked.outcome();
        let Details {
            account,
            standing,
            flags,
            actions,
            rules: results,
            missing,
        } = details;
        let acc = &outcome.accounts[account];
        let actions = if self.quiet_dormant && acc.records == 0 {
            Vec::new()
        } else {
            actions
        };
        // The rules' reports are written over the last account's, so their
        // texts reuse the buffers they had (a JSON report fills 34 of them
        // for each of many accounts).
        into.rules.truncate(results.len());
        for (i, r) in results.into_iter().enumerate() {
            if i == into.rules.len() {
                into.rules.push(RuleReport {
                    id: String::new(),
                    element: String::new(),
                    status: r.status,
                    points: None,
                    weight: None,
                    value: None,
                    evidence: Evidence::default(),
                });
            }
            let rule = &rules.rules[r.rule];
            let x = &mut into.rules[i];
            let assessed = r.status != Status::NotAssessed;
            x.id.clone_from(&rule.id);
            x.element.clone_from(&rule.element);
            x.status = r.status;
            x.points = r.points.map(|p| round(p, 2));
            x.weight = rule.weight;
            x.value = r.value.map(|v| round(v, 3));
            let ev = &mut x.evidence;
            ev.shown = r.shown;
            ev.rows = assessed.then_some(r.rows);
            ev.hits = (assessed && r.hits > 0).then_some(r.hits);
            write_optional(&mut ev.last, r.last_day, |t, d| write!(t, "{d}"));
            write_optional(&mut ev.source, r.source, |t, (file, line)| {
                write!(t, "{}:{line}", self.files[file].display_name())
            });
            set_optional_text(&mut ev.contact, r.contact.map(|c| outcome.contacts.name(c)));
            ev.missing = r.missing;
            ev.reason = r.reason;
        }
        into.actions.truncate(actions.len());
        for (i, a) in actions.into_iter().enumerate() {
            let rule = &rules.rules[a.rule].id;
            let due = self.due_date(a.due_day);
            let contact = a.contact;
            let contacts = &outcome.contacts;
            let within_budget = i < self.budget;
            let topics = |topics: &mut Vec<TopicReport>, text: &str| {
                topics.clear();
                topics.push(TopicReport {
                    rule: rule.clone(),
                    due: due.to_string(),
                    text: text.to_string(),
                });
                topics.extend(a.also.iter().map(|t| TopicReport {
                    rule: rules.rules[t.rule].id.clone(),
                    due: self.due_date(t.due_day).into_owned(),
                    text: t.text.clone(),
                }));
            };
            match into.actions.get_mut(i) {
                Some(x) => {
                    x.rule.clone_from(rule);
                    x.priority = a.priority;
                    set_text(&mut x.due, &due);
                    set_optional_text(&mut x.contact, contact.map(|c| contacts.name(c)));
                    set_optional_text(
                        &mut x.contact_id,
                        contact.map(|c| contacts.id(c)).as_deref(),
                    );
                    topics(&mut x.topics, &a.text);
                    x.text = a.text;
                    x.urgency = a.urgency;
                    x.within_budget = within_budget;
                }
                None => {
                    let mut list = Vec::with_capacity(1 + a.also.len());
                    topics(&mut list, &a.text);
                    into.actions.push(ActionReport {
                        rule: rule.clone(),
                        priority: a.priority,
                        due: due.into_owned(),
                        contact: contact.map(|c| contacts.name(c).to_string()),
                        contact_id: contact.map(|c| contacts.id(c).into_owned()),
                        text: a.text,
                        urgency: a.urgency,
                        within_budget,
                        topics: list,
                    });
                }
            }
        }
        let earlier = self
            .baseline
            .as_ref()
            .and_then(|_| self.previous.get(&acc.id));
        let previous = earlier.map(|earlier| {
            let (score, band) = (earlier.score, earlier.band.clone());
            let delta = score.zip(standing.score).map(|(p, c)| round(c - p, 1));
            let trend = match delta {
                Some(d) if d > 0.0 => Trend::Up,
                Some(d) if d < 0.0 => Trend::Down,
                _ => Trend::Same,
            };
            Previous {
                score,
                band,
                delta,
                trend,
            }
        });
        into.id.clone_from(&acc.id);
        into.name.clone_from(&acc.name);
        into.owner.clone_from(&acc.owner);
        into.owner_name.clone_from(&acc.owner_name);
        into.previous = previous;
        into.score = standing.score;
        let band = standing.band.map(|b| rules.bands[b].name.as_str());
        set_optional_text(&mut into.band, band);
        into.coverage = round(standing.coverage, 3);
        into.segment = standing.segment;
        into.not_enough_evidence = standing.thin && standing.segment == Segment::Customer;
        into.missing_evidence = missing
            .into_iter()
            .map(|r| rules.rules[r].id.clone())
            .collect();
        into.flags = flags;
        // Attribution needs the rules' detail, which a brief account lacks.
        into.change = earlier
            .filter(|_| !into.rules.is_empty())
            .map(|earlier| self.comparison.account(earlier, into));
    }
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Accounts<'r, 'a>(&'r Report<'a>);
        impl Serialize for Accounts<'_, '_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.accounts())
            }
        }
        let mut st = serializer.serialize_struct("Report", 10)?;
        self.serialize_head(&mut st)?;
        st.serialize_field("accounts", &Accounts(self))?;
        st.end()
    }
}

impl Report<'_> {
    /// Every field of the report before its accounts, which come last.
    pub(super) fn serialize_head<S: serde::ser::SerializeStruct>(
        &self,
        st: &mut S,
    ) -> Result<(), S::Error> {
        st.serialize_field("schema", self.schema)?;
        st.serialize_field("rapport", VERSION)?;
        st.serialize_field("as_of", &self.as_of)?;
        st.serialize_field("rules", &self.rules)?;
        st.serialize_field("inputs", &self.inputs)?;
        st.serialize_field("history", &self.history)?;
        if !self.notices.is_empty() {
            st.serialize_field("notices", &self.notices)?;
        }
        st.serialize_field("not_assessed", &self.not_assessed)?;
        st.serialize_field("uninformative", &self.uninformative)?;
        if let Some(b) = &self.baseline {
            st.serialize_field("baseline", b)?;
        }
        st.serialize_field("this_week", &self.this_week())
    }
}

#[cfg(test)]
mod tests {
    use super::relative_to;
    use std::path::Path;

    #[test]
    fn evidence_is_shown_relative_to_the_export_folder() {
        let folder = Path::new("/home/ana/exports/acme");
        assert_eq!(
            relative_to(folder, "/home/ana/exports/acme/Case.csv:8"),
            "Case.csv:8"
        );
        assert_eq!(
            relative_to(folder, "/elsewhere/Case.csv:8"),
            "/elsewhere/Case.csv:8"
        );
        assert_eq!(relative_to(Path::new(""), "Case.csv:8"), "Case.csv:8");
    }
}
