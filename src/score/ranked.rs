//! Every account scored once and put in report order, worst first; and each
//! account's finished details, built on demand a run at a time on two threads,
//! so memory holds one run, not the whole report.

use std::cmp::Ordering;
use std::ops::Range;

use super::details::{self, Details, Trail};
use super::{Portfolio, Standing, portfolio, short_words, standing};
use crate::day::Day;
use crate::metrics::{Account, Outcome};
use crate::rules::RuleResult;
use crate::spec::RuleSet;

/// What of each account a renderer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Without the per-rule detail (`rules` is empty): what the table, CSV and
    /// task outputs show, at a fraction of the cost.
    Brief,
    /// Everything, as in the JSON report.
    Full,
}

/// Accounts are finished and rendered in runs of this many, each run split
/// between two threads, so memory holds a few runs at a time (the one being
/// rendered, the one waiting, the one being written), not the whole report.
const RUN: usize = 1024;

/// Below this many accounts, a second thread costs more than it saves.
const WORTH_A_THREAD: usize = 64;

/// `f` on the first and the second half of `0..len`, the second half on another
/// thread when `threads` allows one and there is enough to share: the results
/// come back in order, the same as from one thread doing both.
fn in_halves<R: Send>(len: usize, threads: usize, f: impl Fn(Range<usize>) -> R + Sync) -> [R; 2] {
    let (first, second) = (0..len / 2, len / 2..len);
    if len < WORTH_A_THREAD || threads < 2 {
        return [f(first), f(second)];
    }
    let f = &f;
    std::thread::scope(|scope| {
        let theirs = second.clone();
        let other = std::thread::Builder::new().spawn_scoped(scope, move || f(theirs));
        let mine = f(first);
        let theirs = match other {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread to be had: this one does both halves.
            Err(_) => f(second),
        };
        [mine, theirs]
    })
}

/// The accounts of a run, scored: every account's standing, and the rules each
/// fell short on, so a brief measures only those again.
pub struct Ranked<'a> {
    rules: &'a RuleSet,
    portfolio: Portfolio,
    outcome: Outcome,
    as_of: Day,
    /// Account indexes: customers, then prospects; each worst score first,
    /// unscored last.
    order: Vec<usize>,
    /// Threads that may finish accounts.
    threads: usize,
    /// Per account (in the export's order): its score, band and coverage.
    standings: Vec<Standing>,
    /// Per account, [`short_words`] words: the rules it fell short on.
    short: Vec<u64>,
    short_words: usize,
}

/// Scores every account once and orders them, customers before prospects and
/// each worst first: the export-wide [`Portfolio`] is worked out first, then
/// each half of the accounts is scored and sorted on its own thread, and the
/// halves merged.
pub fn rank(rules: &RuleSet, as_of: Day, outcome: Outcome, threads: usize) -> Ranked<'_> {
    let portfolio = portfolio(rules, &outcome);
    type Key = ((super::Segment, f64), usize);
    let worst_first = |&((ga, sa), a): &Key, &((gb, sb), b): &Key| {
        let (x, y) = (&outcome.accounts[a], &outcome.accounts[b]);
        ga.cmp(&gb)
            .then(sa.total_cmp(&sb))
            .then_with(|| x.name.cmp(&y.name))
            .then_with(|| x.id.cmp(&y.id))
    };
    let short_words = short_words(rules);
    let [first, second] = in_halves(outcome.accounts.len(), threads, |accounts| {
        let mut standings = Vec::with_capacity(accounts.len());
        let mut short = vec![0; accounts.len() * short_words];
        let mut results = Vec::with_capacity(rules.rules.len());
        for (a, bits) in accounts.clone().zip(short.chunks_mut(short_words)) {
            standings.push(standing(rules, &portfolio, &outcome, a, &mut results, bits));
        }
        let mut keyed: Vec<Key> = standings
            .iter()
            .zip(accounts)
            .map(|(s, a)| ((s.segment, s.score.unwrap_or(f64::INFINITY)), a))
            .collect();
        keyed.sort_by(worst_first);
        (standings, short, keyed)
    });
    let order = merge(&first.2, &second.2, worst_first);
    let (mut standings, mut short) = (first.0, first.1);
    standings.extend(second.0);
    short.extend(second.1);
    Ranked {
        rules,
        portfolio,
        outcome,
        as_of,
        order: order.into_iter().map(|(_, a)| a).collect(),
        threads,
        standings,
        short,
        short_words,
    }
}

/// Merges two sorted runs into one, taking from `a` first on a tie: the same
/// order as a stable sort of `a` followed by `b`.
fn merge<T: Copy>(a: &[T], b: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if cmp(&b[j], &a[i]) == Ordering::Less {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

impl<'a> Ranked<'a> {
    /// The rule set the accounts were scored with.
    pub fn rules(&self) -> &'a RuleSet {
        self.rules
    }

    /// What scoring learnt from the whole export: placed curves, uninformative rules.
    pub fn portfolio(&self) -> &Portfolio {
        &self.portfolio
    }

    /// The day the accounts were scored as of.
    pub fn as_of(&self) -> Day {
        self.as_of
    }

    /// What the pass produced: accounts, contacts, file counts.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The threads the report may use (`--threads`).
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Account indexes in report order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// An account's score, band and coverage.
    pub fn standing(&self, account: usize) -> Standing {
        self.standings[account]
    }

    /// The first prospect in report order, if any: prospects follow the customers.
    pub fn first_prospect(&self) -> Option<usize> {
        self.order
            .iter()
            .copied()
            .find(|&a| self.standings[a].segment == super::Segment::Prospect)
    }

    /// Keeps in the order only the accounts `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Account, &Standing) -> bool) {
        let (accounts, standings) = (&self.outcome.accounts, &self.standings);
        self.order.retain(|&a| keep(&accounts[a], &standings[a]));
    }

    /// Keeps the first `n` accounts of the order (the worst).
    pub fn truncate(&mut self, n: usize) {
        self.order.truncate(n);
    }

    /// One account's finished details: its flags and actions, and at full depth
    /// every rule's result with its value worded. `scratch` is space for rule
    /// results, reused from account to account.
    pub fn details(&self, account: usize, depth: Depth, scratch: &mut Vec<RuleResult>) -> Details {
        match depth {
            Depth::Full => {
                let scored = super::score_account(
                    self.rules,
                    &self.portfolio,
                    &self.outcome,
                    account,
                    self.as_of,
                );
                details::full(self.rules, &self.outcome, scored)
            }
            Depth::Brief => {
                let standing = self.standings[account];
                let short = &self.short[account * self.short_words..][..self.short_words];
                let s = super::shortfalls(
                    self.rules,
                    &self.portfolio,
                    &self.outcome,
                    account,
                    self.as_of,
                    &standing,
                    short,
                    scratch,
                );
                // Few accounts are this thin: what they miss is worth a second look.
                let missing = if standing.thin {
                    details::missing(&super::score_account(
                        self.rules,
                        &self.portfolio,
                        &self.outcome,
                        account,
                        self.as_of,
                    ))
                } else {
                    Vec::new()
                };
                Details {
                    account,
                    standing,
                    flags: s.flags,
                    actions: s.actions,
                    rules: Vec::new(),
                    missing,
                }
            }
        }
    }

    /// The accounts in report order, finished a run at a time: each run is split
    /// in two halves, finished and handed to `work` on two threads at once, and
    /// the two results come back in order, as from one thread doing both.
    pub fn runs<'s, R: Send + 's>(
        &'s self,
        depth: Depth,
        work: impl Fn(Vec<Details>) -> R + Sync + 's,
    ) -> impl Iterator<Item = [R; 2]> + 's {
        self.order.chunks(RUN).map(move |run| {
            in_halves(run.len(), self.threads, |part| {
                let mut scratch = Vec::new();
                let finished = run[part]
                    .iter()
                    .map(|&a| self.details(a, depth, &mut scratch))
                    .collect();
                work(finished)
            })
        })
    }

    /// The audit trail of the account the engine traced.
    pub fn trail(&self) -> Option<Trail> {
        let account = self.outcome.traced?;
        let scored = super::score_account(
            self.rules,
            &self.portfolio,
            &self.outcome,
            account,
            self.as_of,
        );
        Some(details::trail(self.rules, &self.outcome, scored))
    }
}

#[cfg(test)]
mod tests {
    use super::{in_halves, merge};

    #[test]
    fn halves_come_back_in_order() {
        for len in [0, 1, 63, 64, 65, 1000] {
            let [a, b] = in_halves(len, 2, |part| part.collect::<Vec<_>>());
            let joined: Vec<usize> = a.into_iter().chain(b).collect();
            assert_eq!(joined, (0..len).collect::<Vec<_>>());
        }
    }

    #[test]
    fn merging_sorted_halves_is_a_stable_sort() {
        // (key, position): equal keys must keep their positions' order.
        let items: Vec<(u8, usize)> = [3, 1, 2, 1, 3, 0, 2, 2, 1, 0, 3, 1]
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let by_key = |a: &(u8, usize), b: &(u8, usize)| a.0.cmp(&b.0);
        let mut expected = items.clone();
        expected.sort_by(by_key);
        for mid in 0..=items.len() {
            let (mut a, mut b) = (items[..mid].to_vec(), items[mid..].to_vec());
            a.sort_by(by_key);
            b.sort_by(by_key);
            assert_eq!(merge(&a, &b, by_key), expected, "split at {mid}");
        }
    }
}
