//! What the pass produced: the accounts, contacts and row counts, and each
//! metric's value per account, finished from the folded evidence when asked.

use crate::spec::{Aggregate, Metric, MetricId};

use super::contacts::Contacts;
use super::evidence::{Evidences, Extra, Store, hash_value};
use super::join::Account;
use super::stats::InputStats;
use super::{NO_CONTACT, NO_DAY};

/// A metric's final value for one account, with what backs it.
#[derive(Debug, Clone, Default)]
pub struct MetricValue {
    pub value: Option<f64>,
    pub count: u32,
    pub hits: u32,
    pub last_day: Option<i64>,
    pub first_day: Option<i64>,
    pub source: Option<(usize, u64)>,
    pub contact: Option<u32>,
    /// For `distinct` with `values`: the listed values not seen.
    pub missing: Vec<String>,
}

/// Why a metric cannot be computed on this export, if it cannot.
pub type Assessable = Result<(), String>;

/// Everything the pass produced.
pub struct Outcome {
    /// With a traced account: the rows behind each of its metrics, in reading
    /// order (metric, file index, line).
    pub trace: Vec<(MetricId, usize, u64)>,
    /// The traced account, once found.
    pub traced: Option<usize>,
    pub accounts: Vec<Account>,
    pub contacts: Contacts,
    pub stats: Vec<InputStats>,
    pub assessable: Vec<Assessable>,
    pub(super) values: Values,
}

/// Where metric values come from: the rows folded by the pass, or values computed
/// elsewhere (a warehouse running the query of `rapport sql`).
pub(super) enum Values {
    Folded {
        evidence: Evidences,
        stores: Vec<Store>,
        meta: Vec<Meta>,
        as_of_day: i64,
    },
    /// Per metric, per account.
    Given(Vec<Vec<MetricValue>>),
}

/// What finishing a metric needs to know of its definition.
pub(super) struct Meta {
    aggregate: Aggregate,
    follow_window: i64,
    values: Vec<String>,
    percentile: f64,
}

impl Meta {
    /// What finishing needs of metric `m` (a median is the 50th percentile).
    pub(super) fn of(m: &Metric) -> Meta {
        Meta {
            aggregate: m.aggregate,
            follow_window: m.followed_by.as_ref().map_or(0, |f| f.window_days),
            values: m.values.clone(),
            percentile: if m.aggregate == Aggregate::Median {
                50.0
            } else {
                m.percentile
            },
        }
    }
}

impl Outcome {
    /// An outcome whose metric values were computed elsewhere: `values[metric][account]`.
    pub fn from_values(
        accounts: Vec<Account>,
        contacts: Contacts,
        assessable: Vec<Assessable>,
        values: Vec<Vec<MetricValue>>,
    ) -> Outcome {
        Outcome {
            trace: Vec::new(),
            traced: None,
            accounts,
            contacts,
            stats: Vec::new(),
            assessable,
            values: Values::Given(values),
        }
    }

    pub fn metric(&self, metric: MetricId, account: usize) -> MetricValue {
        let (evidence, stores, meta, as_of_day) = match &self.values {
            Values::Folded {
                evidence,
                stores,
                meta,
                as_of_day,
            } => (evidence, stores, meta, *as_of_day),
            Values::Given(values) => {
                return values
                    .get(metric)
                    .and_then(|v| v.get(account))
                    .cloned()
                    .unwrap_or_default();
            }
        };
        let store = &stores[metric];
        let ev = evidence.get(metric, account);
        let Meta {
            aggregate,
            follow_window,
            values,
            percentile: q,
        } = &meta[metric];
        let day = |d: i32| (d != NO_DAY).then_some(d as i64);
        let mut out = MetricValue {
            value: None,
            count: ev.count,
            hits: ev.hits,
            last_day: day(ev.last_day),
            first_day: day(ev.first_day),
            source: (ev.count > 0 || ev.line > 0).then_some((ev.file as usize, ev.line as u64)),
            contact: (ev.contact != NO_CONTACT).then_some(ev.contact),
            missing: Vec::new(),
        };
        let ratio = |num: u32, den: u32| (den > 0).then(|| num as f64 / den as f64);
        out.value = match aggregate {
            Aggregate::Count => Some(ev.count as f64),
            Aggregate::Distinct => {
                let Extra::Distinct(sets) = &store.extra else {
                    unreachable!()
                };
                if !values.is_empty() {
                    let seen = &sets[account];
                    out.missing = values
                        .iter()
                        .filter(|v| !seen.contains(&hash_value(v.as_bytes())))
                        .cloned()
                        .collect();
                }
                Some(sets[account].len() as f64)
            }
            Aggregate::DaysSinceLast => out.last_day.map(|d| (as_of_day - d) as f64),
            Aggregate::DaysSinceFirst => out.first_day.map(|d| (as_of_day - d) as f64),
            Aggregate::Share | Aggregate::ShareWithin => ratio(ev.hits, ev.count),
            Aggregate::Ratio => ratio(ev.hits, ev.count),
            Aggregate::Median | Aggregate::Percentile => {
                let Extra::Values(v) = &store.extra else {
                    unreachable!()
                };
                percentile(&v[account], *q)
            }
            Aggregate::Max => {
                let Extra::Max(v) = &store.extra else {
                    unreachable!()
                };
                let m = v[account];
                (!m.is_nan()).then_some(m)
            }
            Aggregate::FollowedBy => {
                let Extra::Follow(v) = &store.extra else {
                    unreachable!()
                };
                // A source whose follow-up window has not ended yet is not judged.
                let (mut judged, mut followed) = (0, 0);
                for &(d, f) in &v[account] {
                    if f || (d as i64) + follow_window < as_of_day {
                        judged += 1;
                        followed += f as u32;
                    }
                }
                out.count = judged;
                out.hits = followed;
                ratio(out.hits, out.count)
            }
        };
        out
    }
}

/// Linear interpolation between closest ranks (as numpy's and DuckDB's
/// `quantile_cont`).
fn percentile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let pos = (q / 100.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

/// Finds an account by id, else by name (exact ignoring case, else a unique part).
pub fn find_account(accounts: &[Account], query: &str) -> Result<usize, String> {
    if let Some(i) = accounts.iter().position(|a| a.id == query) {
        return Ok(i);
    }
    let q = query.to_lowercase();
    let exact: Vec<usize> = (0..accounts.len())
        .filter(|&i| accounts[i].name.to_lowercase() == q)
        .collect();
    if exact.len() == 1 {
        return Ok(exact[0]);
    }
    let partial: Vec<usize> = (0..accounts.len())
        .filter(|&i| accounts[i].name.to_lowercase().contains(&q))
        .collect();
    match partial.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no account has the id or name '{query}'")),
        many => {
            let names: Vec<String> = many
                .iter()
                .take(10)
                .map(|&i| format!("{} ({})", accounts[i].name, accounts[i].id))
                .collect();
            Err(format!(
                "'{query}' matches {} accounts: {}{}; give the id",
                many.len(),
                names.join(", "),
                if many.len() > 10 { ", ..." } else { "" }
            ))
        }
    }
}
