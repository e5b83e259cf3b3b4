//! What the pass produced: the accounts, contacts and row counts, and each
//! metric's value per account, finished from the folded evidence when asked.

use crate::primitive::Store;
use crate::spec::MetricId;

use super::contacts::Contacts;
use super::evidence::Evidences;
use super::join::Account;
use super::stats::{History, InputStats};
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
    /// Per table, the history its rows cover up to the as-of date.
    pub history: History,
    pub assessable: Vec<Assessable>,
    pub(super) values: Values,
}

/// Where metric values come from: the rows folded by the pass, or values computed
/// elsewhere (a warehouse running the query of `rapport sql`).
pub(super) enum Values {
    Folded {
        evidence: Evidences,
        stores: Vec<Store>,
        as_of_day: i64,
    },
    /// Per metric, per account.
    Given(Vec<Vec<MetricValue>>),
}

impl Outcome {
    /// An outcome whose metric values were computed elsewhere: `values[metric][account]`.
    pub fn from_values(
        accounts: Vec<Account>,
        contacts: Contacts,
        history: History,
        assessable: Vec<Assessable>,
        values: Vec<Vec<MetricValue>>,
    ) -> Outcome {
        Outcome {
            trace: Vec::new(),
            traced: None,
            accounts,
            contacts,
            stats: Vec::new(),
            history,
            assessable,
            values: Values::Given(values),
        }
    }

    pub fn metric(&self, metric: MetricId, account: usize) -> MetricValue {
        let (evidence, stores, as_of_day) = match &self.values {
            Values::Folded {
                evidence,
                stores,
                as_of_day,
            } => (evidence, stores, *as_of_day),
            Values::Given(values) => {
                return values
                    .get(metric)
                    .and_then(|v| v.get(account))
                    .cloned()
                    .unwrap_or_default();
            }
        };
        let ev = evidence.get(metric, account);
        let day = |d: i32| (d != NO_DAY).then_some(d as i64);
        let mut out = MetricValue {
            value: None,
            count: ev.count,
            hits: ev.hits,
            last_day: day(ev.last_day),
            first_day: day(ev.first_day),
            // Line 0 is no row: a metric folded from the contact registry has none.
            source: (ev.line > 0).then_some((ev.file as usize, ev.line as u64)),
            contact: (ev.contact != NO_CONTACT).then_some(ev.contact),
            missing: Vec::new(),
        };
        let block = evidence.block(evidence.table_of(metric), account);
        stores[metric].finish(block, as_of_day, &self.history, &mut out);
        out
    }
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
