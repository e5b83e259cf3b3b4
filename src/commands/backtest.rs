//! `rapport backtest`: do the scores separate the accounts that left from the
//! ones that stayed? ROC AUC, and per band the churn rate, precision and recall.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::BacktestArgs;
use crate::ingest::{InputFile, open_guarded, values};
use crate::metrics::IgnoreRejects;
use crate::model::Table;
use crate::pipeline;
use crate::report::backtest::{self, Backtest, BandStats};
use crate::settings::{self, Settings};

/// Mann-Whitney AUC: P(churned score < retained score) + P(tie) / 2.
pub fn auc(churned: &[f64], retained: &[f64]) -> Option<f64> {
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

fn read_churned_ids(path: &Path) -> Result<HashSet<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = headers
        .iter()
        .position(|h| {
            let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
            ["id", "account_id", "accountid", "account id"].contains(&h.as_str())
        })
        .unwrap_or(0);
    let mut ids = HashSet::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read {}", path.display()))?;
        if let Some(id) = record.get(col).map(str::trim).filter(|s| !s.is_empty()) {
            ids.insert(id.to_string());
        }
    }
    Ok(ids)
}

/// Ids of accounts whose `column` says they churned.
fn read_label(inputs: &[InputFile], column: &str) -> Result<HashSet<String>> {
    let mut ids = HashSet::new();
    let mut found = false;
    for input in inputs.iter().filter(|i| i.table == Table::Accounts) {
        let Some(col) = input
            .headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
        else {
            continue;
        };
        found = true;
        let id_field = Table::Accounts.field("id").expect("accounts.id");
        let (mut reader, guard) = open_guarded(input)?;
        let mut record = csv::ByteRecord::new();
        let mut index = 0;
        while reader.read_byte_record(&mut record)? {
            guard.record_ended(reader.position().byte());
            index += 1;
            let line = input.line_of(&record, index);
            let Some(raw) = record.get(col) else { continue };
            let churned = values::parse_bool(raw).map_err(|_| {
                anyhow::anyhow!(
                    "{}:{line}: {column}: '{}' is not a boolean (true/false, 1/0, yes/no)",
                    input.display_name(),
                    String::from_utf8_lossy(raw)
                )
            })?;
            if churned == Some(true)
                && let Some(id) = input.mapping.get(&record, id_field)
            {
                ids.insert(String::from_utf8_lossy(id).into_owned());
            }
        }
    }
    if !found {
        bail!("no accounts file has a column named '{column}'");
    }
    Ok(ids)
}

pub fn backtest_command(args: BacktestArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let settings = Settings::resolve(args.as_of, &args.input);
    let (rules, inputs, unrecognised) = pipeline::read_export(rules, &settings.input)?;
    let churned_ids = match (&args.churned, &args.label) {
        (Some(path), _) => read_churned_ids(path)?,
        (None, Some(column)) => read_label(&inputs, column)?,
        (None, None) => bail!("give --churned FILE or --label COLUMN"),
    };
    let report = pipeline::analyse(
        &rules,
        settings.as_of,
        &inputs,
        &unrecognised,
        &mut IgnoreRejects,
        pipeline::PassOptions {
            threads: settings.threads,
            ..Default::default()
        },
    )?;
    let band_names: Vec<&str> = rules.bands.iter().map(|b| b.name.as_str()).collect();
    let mut churned_scores = Vec::new();
    let mut retained_scores = Vec::new();
    let mut per_band = vec![(0usize, 0usize); band_names.len()];
    let mut unscored = 0;
    let mut seen = HashSet::new();
    for a in report.briefs() {
        let churned = churned_ids.contains(&a.id);
        seen.insert(a.id.clone());
        let (Some(score), Some(band)) = (a.score, a.band.as_deref()) else {
            unscored += 1;
            continue;
        };
        if churned {
            churned_scores.push(score);
        } else {
            retained_scores.push(score);
        }
        if let Some(b) = band_names.iter().position(|n| *n == band) {
            per_band[b].0 += 1;
            per_band[b].1 += churned as usize;
        }
    }
    let total_churned = churned_scores.len();
    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let mut bands = Vec::new();
    // Cumulative from the worst band up: flag this band and every worse one.
    let (mut cum_n, mut cum_c) = (0, 0);
    for (i, name) in band_names.iter().enumerate().rev() {
        let (n, c) = per_band[i];
        cum_n += n;
        cum_c += c;
        bands.push(BandStats {
            band: name.to_string(),
            accounts: n,
            churned: c,
            churn_rate: ratio(c, n),
            recall: ratio(c, total_churned),
            cumulative_precision: ratio(cum_c, cum_n),
            cumulative_recall: ratio(cum_c, total_churned),
        });
    }
    let result = Backtest {
        as_of: report.as_of,
        rules_source: rules.origin.clone(),
        accounts: churned_scores.len() + retained_scores.len(),
        churned: total_churned,
        retained: retained_scores.len(),
        unscored,
        unknown_ids: churned_ids.iter().filter(|id| !seen.contains(*id)).count(),
        auc: auc(&churned_scores, &retained_scores),
        bands,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    backtest::render(&result, args.format.format, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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
