//! `rapport backtest`: do the scores separate the accounts that left from the
//! ones that stayed? ROC AUC, and per band the churn rate, precision and recall.

use std::collections::HashSet;

use super::Ranked;
use crate::report::backtest::{Backtest, BandStats};

/// How the ranked accounts' scores and bands line up with `churned_ids`.
pub fn backtest(ranked: &Ranked, churned_ids: &HashSet<String>) -> Backtest {
    let rules = ranked.rules();
    let accounts = &ranked.outcome().accounts;
    let mut churned_scores = Vec::new();
    let mut retained_scores = Vec::new();
    let mut per_band = vec![(0usize, 0usize); rules.bands.len()];
    let mut unscored = 0;
    let mut seen = HashSet::new();
    for &a in ranked.order() {
        let id = &accounts[a].id;
        let churned = churned_ids.contains(id);
        seen.insert(id.as_str());
        let standing = ranked.standing(a);
        let (Some(score), Some(band)) = (standing.score, standing.band) else {
            unscored += 1;
            continue;
        };
        if churned {
            churned_scores.push(score);
        } else {
            retained_scores.push(score);
        }
        per_band[band].0 += 1;
        per_band[band].1 += churned as usize;
    }
    let total_churned = churned_scores.len();
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let mut bands = Vec::new();
    // Cumulative from the worst band up: flag this band and every worse one.
    let (mut cum_n, mut cum_c) = (0, 0);
    for (i, band) in rules.bands.iter().enumerate().rev() {
        let (n, c) = per_band[i];
        cum_n += n;
        cum_c += c;
        bands.push(BandStats {
            band: band.name.clone(),
            accounts: n,
            churned: c,
            churn_rate: ratio(c, n),
            recall: ratio(c, total_churned),
            cumulative_precision: ratio(cum_c, cum_n),
            cumulative_recall: ratio(cum_c, total_churned),
        });
    }
    Backtest {
        as_of: ranked.as_of(),
        rules_source: rules.origin.clone(),
        accounts: churned_scores.len() + retained_scores.len(),
        churned: total_churned,
        retained: retained_scores.len(),
        unscored,
        unknown_ids: churned_ids
            .iter()
            .filter(|id| !seen.contains(id.as_str()))
            .count(),
        auc: auc(&churned_scores, &retained_scores),
        bands,
    }
}

/// Mann-Whitney AUC: P(churned score < retained score) + P(tie) / 2.
fn auc(churned: &[f64], retained: &[f64]) -> Option<f64> {
    if churned.is_empty() || retained.is_empty() {
        return None;
    }
    let mut all: Vec<(f64, bool)> = churned
        .iter()
        .map(|&s| (s, true))
        .chain(retained.iter().map(|&s| (s, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Sum of the (average, 1-based) ranks of the retained accounts.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0 == all[i].0 {
            j += 1;
        }
        let avg_rank = (i + 1 + j) as f64 / 2.0;
        rank_sum += avg_rank * all[i..j].iter().filter(|(_, c)| !c).count() as f64;
        i = j;
    }
    let n_r = retained.len() as f64;
    let n_c = churned.len() as f64;
    Some((rank_sum - n_r * (n_r + 1.0) / 2.0) / (n_r * n_c))
}

#[cfg(test)]
mod tests {
    use super::auc;

    #[test]
    fn auc_counts_pairs_and_halves_ties() {
        assert_eq!(auc(&[10.0], &[90.0]), Some(1.0));
        assert_eq!(auc(&[90.0], &[10.0]), Some(0.0));
        assert_eq!(auc(&[50.0], &[50.0]), Some(0.5));
        // churned 70, 30, 10 against retained 90, 50: 5 of 6 pairs ordered right.
        let a = auc(&[70.0, 30.0, 10.0], &[90.0, 50.0]).unwrap();
        assert!((a - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(auc(&[], &[1.0]), None);
    }
}
