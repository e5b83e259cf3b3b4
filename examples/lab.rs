//! The lab: how well does rapport rank accounts whose truth is known?
//!
//! For each seed and form it runs the simulator (examples/sim.rs) into a temporary
//! folder, scores the export with the rapport binary (`score --format json --tasks`
//! and `backtest`), and prints one row: Spearman's rho of the score against the
//! latent loyalty, the same for a consultant's afternoon of SQL, planted stories
//! whose right action is in the first three, band shares, actions and tasks per
//! account, and churn AUCs. docs/lab.md says how to read it.
//!
//! Run through `scripts/lab.sh`, which builds the binaries first.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

use anyhow::{Context, Result, bail};
use serde_json::Value;

const USAGE: &str = "\
usage: lab [--seeds 1,2,3] [--accounts 2000] [--forms salesforce,hubspot]
           [--rules FILE] [-v] [--bin DIR]

Simulates an export per seed and form, scores it with rapport and prints how well
the scores rank the accounts against the simulator's truth.

  --seeds LIST     comma-separated seeds (default 1,2,3; docs/lab.md names the holdout)
  --accounts N     accounts per export (default 2000)
  --forms LIST     salesforce, hubspot or both (default both)
  --rules FILE     score with this rule file instead of the built-in rules
  -v               per story kind: hits of planted
  --bin DIR        where rapport and examples/sim are (default target/release)
  -h, --help       print this help";

const AS_OF: &str = "2026-06-30";

// ---------------------------------------------------------------------------
// Statistics

/// 1-based ranks, ties sharing their average rank.
fn average_ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut ranks = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j < order.len() && xs[order[j]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k] = rank;
        }
        i = j;
    }
    ranks
}

fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len() as f64;
    if xs.len() != ys.len() || xs.len() < 2 {
        return None;
    }
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Spearman's rho: Pearson's r of the average ranks, so ties are handled exactly.
/// `None` with fewer than two pairs or a constant side.
fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&average_ranks(xs), &average_ranks(ys))
}

/// Mann-Whitney AUC: the chance that a churned account scored below a retained one,
/// ties counting half (the convention of `rapport backtest`).
fn auc(churned: &[f64], retained: &[f64]) -> Option<f64> {
    if churned.is_empty() || retained.is_empty() {
        return None;
    }
    let all: Vec<f64> = retained.iter().chain(churned).copied().collect();
    let ranks = average_ranks(&all);
    let n_r = retained.len() as f64;
    let rank_sum: f64 = ranks[..retained.len()].iter().sum();
    Some((rank_sum - n_r * (n_r + 1.0) / 2.0) / (n_r * churned.len() as f64))
}

// ---------------------------------------------------------------------------
// The consultant's baseline, read from the export's rows

/// Day number (days since 1970-01-01) of the `YYYY-MM-DD` a value starts with.
fn day_of(value: &str) -> Option<i64> {
    let date = value.get(..10)?;
    let mut parts = date.splitn(3, '-').map(str::parse::<i64>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

#[derive(Default, Clone, Copy)]
struct Tally {
    outbound_365: f64,
    won_3y: f64,
    open_complaints: f64,
    price_losses: f64,
}

impl Tally {
    /// outbound activities in the last 365 days + 5 x won deals in 3 years
    /// - 10 x open complaints - 20 x deals lost on price.
    fn score(&self) -> f64 {
        self.outbound_365 + 5.0 * self.won_3y
            - 10.0 * self.open_complaints
            - 20.0 * self.price_losses
    }
}

/// What a quick SQL would call a complaint and a price loss.
fn mentions(text: &str, words: &[&str]) -> bool {
    let text = text.to_lowercase();
    words.iter().any(|w| text.contains(w))
}

/// Reads each CSV of `dir` whose name contains `part`, calling `row` with a lookup
/// by header name.
fn each_row(dir: &Path, part: &str, mut row: impl FnMut(&dyn Fn(&str) -> String)) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
        if !name.is_some_and(|n| n.contains(part)) {
            continue;
        }
        let mut reader =
            csv::Reader::from_path(&path).with_context(|| format!("{}", path.display()))?;
        let headers: HashMap<String, usize> = reader
            .headers()?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        for record in reader.records() {
            let record = record.with_context(|| format!("{}", path.display()))?;
            let get = |h: &str| {
                headers
                    .get(h)
                    .and_then(|&i| record.get(i))
                    .unwrap_or("")
                    .to_string()
            };
            row(&get);
        }
    }
    Ok(())
}

fn baseline(dir: &Path, form: &str, as_of: i64) -> Result<HashMap<String, f64>> {
    let mut t: HashMap<String, Tally> = HashMap::new();
    let recent = |v: &str, days: i64| day_of(v).is_some_and(|d| d <= as_of && as_of - d < days);
    let price = ["price", "expensive"];
    if form == "salesforce" {
        each_row(dir, "task", |get| {
            let outbound = matches!(get("TaskSubtype").as_str(), "Call" | "Email")
                && get("CallType") != "Inbound"
                && get("Status") == "Completed";
            if outbound && recent(&get("ActivityDate"), 365) {
                t.entry(get("AccountId")).or_default().outbound_365 += 1.0;
            }
        })?;
        each_row(dir, "event", |get| {
            if recent(&get("ActivityDateTime"), 365) {
                t.entry(get("AccountId")).or_default().outbound_365 += 1.0;
            }
        })?;
        each_row(dir, "opportunity", |get| {
            let e = t.entry(get("AccountId")).or_default();
            if get("IsWon") == "true" && recent(&get("CloseDate"), 1095) {
                e.won_3y += 1.0;
            }
            if get("IsClosed") == "true"
                && get("IsWon") != "true"
                && mentions(&get("Loss_Reason__c"), &price)
            {
                e.price_losses += 1.0;
            }
        })?;
        each_row(dir, "case", |get| {
            let complaint = get("Type") == "Complaint" || mentions(&get("Subject"), &["complain"]);
            if complaint && get("IsClosed") != "true" {
                t.entry(get("AccountId")).or_default().open_complaints += 1.0;
            }
        })?;
    } else {
        let company = |get: &dyn Fn(&str) -> String| {
            let ids = get("Associated Company IDs (Primary)");
            let ids = if ids.is_empty() {
                get("Associated Company IDs")
            } else {
                ids
            };
            ids.split(';').next().unwrap_or("").trim().to_string()
        };
        for (part, direction, date) in [
            ("calls", "Call direction", "Activity date"),
            ("emails", "Email direction", "Activity date"),
            ("meetings", "", "Meeting start time"),
        ] {
            each_row(dir, part, |get| {
                let d = get(direction);
                let outbound = direction.is_empty() || !d.starts_with("IN");
                if outbound && recent(&get(date), 365) {
                    t.entry(company(get)).or_default().outbound_365 += 1.0;
                }
            })?;
        }
        each_row(dir, "deals", |get| {
            let e = t.entry(company(get)).or_default();
            let stage = get("Deal Stage").to_lowercase();
            if stage == "closed won" && recent(&get("Close Date"), 1095) {
                e.won_3y += 1.0;
            }
            if stage == "closed lost" && mentions(&get("Closed Lost Reason"), &price) {
                e.price_losses += 1.0;
            }
        })?;
        each_row(dir, "tickets", |get| {
            let complaint = mentions(&get("Ticket name"), &["complain"])
                || mentions(&get("Category"), &["complain"]);
            if complaint && get("Ticket status") != "Closed" {
                t.entry(company(get)).or_default().open_complaints += 1.0;
            }
        })?;
    }
    Ok(t.into_iter().map(|(id, t)| (id, t.score())).collect())
}

// ---------------------------------------------------------------------------
// One run: simulate, score, compare

struct Truth {
    customer: bool,
    loyalty: f64,
    story: String,
    right_rule: String,
    churned: bool,
}

fn read_truth(path: &Path) -> Result<HashMap<String, Truth>> {
    let mut out = HashMap::new();
    let mut reader = csv::Reader::from_path(path).with_context(|| format!("{}", path.display()))?;
    for record in reader.records() {
        let r = record?;
        let field = |i: usize| r.get(i).unwrap_or("").to_string();
        out.insert(
            field(0),
            Truth {
                customer: field(1) == "customer",
                loyalty: field(2).parse().unwrap_or(f64::NAN),
                story: field(4),
                right_rule: field(5),
                churned: field(6) == "true",
            },
        );
    }
    Ok(out)
}

#[derive(Default)]
struct Row {
    customers: usize,
    unscored: usize,
    rho: Option<f64>,
    rho_baseline: Option<f64>,
    /// Per story kind: (hits, planted).
    stories: Vec<(String, usize, usize)>,
    /// Per band, best first: (band, customers in it).
    bands: Vec<(String, usize)>,
    prospects_loyal: usize,
    prospects: usize,
    actions_per_account: f64,
    tasks_per_account: f64,
    auc_backtest: Option<f64>,
    auc_score: Option<f64>,
    rejected: u64,
    rows: u64,
}

struct Config {
    seeds: Vec<u64>,
    accounts: u64,
    forms: Vec<String>,
    rules: Option<PathBuf>,
    verbose: bool,
    bin: PathBuf,
}

fn run_tool(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot run {:?}", cmd.get_program()))?;
    // rapport exits 1 when it has findings at the requested threshold; 2 is an error.
    if !matches!(out.status.code(), Some(0 | 1)) {
        bail!(
            "{:?} failed ({}): {}",
            cmd.get_program(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

fn one_run(cfg: &Config, seed: u64, form: &str) -> Result<Row> {
    let tmp = tempfile::tempdir()?;
    let export = tmp.path().join("export");
    let truth_dir = tmp.path().join("truth");
    run_tool(
        Command::new(cfg.bin.join("examples").join("sim"))
            .args(["--seed", &seed.to_string()])
            .args(["--accounts", &cfg.accounts.to_string()])
            .args(["--form", form, "--as-of", AS_OF, "--truth"])
            .arg(&truth_dir)
            .arg(&export),
    )?;
    let rapport = cfg.bin.join("rapport");
    let rules_args = |cmd: &mut Command| {
        match &cfg.rules {
            Some(file) => cmd.arg("--rules").arg(file),
            None => cmd.arg("--no-config"),
        };
    };
    let tasks = tmp.path().join("tasks.csv");
    let mut score = Command::new(&rapport);
    score
        .arg("score")
        .arg(&export)
        .args(["--as-of", AS_OF, "--format", "json", "--tasks"])
        .arg(&tasks);
    rules_args(&mut score);
    let report: Value = serde_json::from_str(&run_tool(&mut score)?)?;
    let mut backtest = Command::new(&rapport);
    backtest
        .arg("backtest")
        .arg(&export)
        .arg("--churned")
        .arg(truth_dir.join("churned.csv"))
        .args(["--as-of", AS_OF, "--format", "json"]);
    rules_args(&mut backtest);
    let bt: Value = serde_json::from_str(&run_tool(&mut backtest)?)?;
    let truth = read_truth(&truth_dir.join("accounts.csv"))?;
    let as_of = day_of(AS_OF).context("as-of")?;
    let base = baseline(&export, form, as_of)?;

    let mut row = Row {
        auc_backtest: bt["auc"].as_f64(),
        ..Row::default()
    };
    for input in report["inputs"].as_array().into_iter().flatten() {
        row.rows += input["rows"].as_u64().unwrap_or(0);
        row.rejected += input["rejected"].as_u64().unwrap_or(0);
    }
    let accounts = report["accounts"].as_array().cloned().unwrap_or_default();
    let (mut scores, mut loyalty, mut base_scores, mut base_loyalty) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut churned, mut retained) = (Vec::new(), Vec::new());
    let mut bands: HashMap<String, (usize, f64)> = HashMap::new();
    let mut stories: HashMap<String, (usize, usize)> = HashMap::new();
    let mut actions = 0;
    let mut seen = 0;
    for a in &accounts {
        let id = a["id"].as_str().unwrap_or("");
        actions += a["actions"].as_array().map_or(0, Vec::len);
        let Some(t) = truth.get(id) else { continue };
        seen += 1;
        let score = a["score"].as_f64();
        let band = a["band"].as_str();
        if !t.customer {
            row.prospects += 1;
            row.prospects_loyal += usize::from(band == Some("loyal"));
            continue;
        }
        row.customers += 1;
        base_scores.push(base.get(id).copied().unwrap_or(0.0));
        base_loyalty.push(t.loyalty);
        if !t.story.is_empty() {
            // An action's topics (the rules that named the same person, one
            // call) where the report has them, else its rule.
            let first_three: Vec<&str> = a["actions"]
                .as_array()
                .into_iter()
                .flatten()
                .take(3)
                .flat_map(|x| match x["topics"].as_array() {
                    Some(topics) if !topics.is_empty() => {
                        topics.iter().filter_map(|t| t["rule"].as_str()).collect()
                    }
                    _ => x["rule"].as_str().into_iter().collect::<Vec<_>>(),
                })
                .collect();
            let e = stories.entry(t.story.clone()).or_default();
            e.0 += usize::from(first_three.contains(&t.right_rule.as_str()));
            e.1 += 1;
        }
        let (Some(score), Some(band)) = (score, band) else {
            row.unscored += 1;
            continue;
        };
        scores.push(score);
        loyalty.push(t.loyalty);
        if t.churned {
            churned.push(score);
        } else {
            retained.push(score);
        }
        let b = bands.entry(band.to_string()).or_default();
        b.0 += 1;
        b.1 += score;
    }
    if seen != truth.len() {
        bail!(
            "the report has {seen} of the {} simulated accounts",
            truth.len()
        );
    }
    row.rho = spearman(&scores, &loyalty);
    row.rho_baseline = spearman(&base_scores, &base_loyalty);
    row.auc_score = auc(&churned, &retained);
    let n = accounts.len().max(1) as f64;
    row.actions_per_account = actions as f64 / n;
    let task_rows = csv::Reader::from_path(&tasks)
        .map(|mut r| r.records().count())
        .unwrap_or(0);
    row.tasks_per_account = task_rows as f64 / n;
    // Bands best first: by their customers' mean score.
    let mut bands: Vec<(String, usize, f64)> = bands
        .into_iter()
        .map(|(b, (n, sum))| (b, n, sum / n as f64))
        .collect();
    bands.sort_by(|a, b| b.2.total_cmp(&a.2));
    row.bands = bands.into_iter().map(|(b, n, _)| (b, n)).collect();
    let mut stories: Vec<(String, usize, usize)> =
        stories.into_iter().map(|(s, (h, p))| (s, h, p)).collect();
    stories.sort();
    row.stories = stories;
    Ok(row)
}

fn fmt_opt(v: Option<f64>, digits: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.digits$}"))
}

fn print_row(cfg: &Config, seed: u64, form: &str, r: &Row) {
    let (hits, planted) = r
        .stories
        .iter()
        .fold((0, 0), |(h, p), s| (h + s.1, p + s.2));
    let scored = (r.customers - r.unscored).max(1) as f64;
    let bands = r
        .bands
        .iter()
        .map(|(b, n)| format!("{b} {:.0}%", 100.0 * *n as f64 / scored))
        .collect::<Vec<_>>()
        .join(", ");
    println!(
        "{seed:>5} {form:<10} {:>5} {:>4} {:>6} {:>6} {:>8} {:>6} {:>6.2} {:>6.2} {:>6} {:>6} {:>6.2}%  {bands}",
        r.customers,
        r.unscored,
        fmt_opt(r.rho, 3),
        fmt_opt(r.rho_baseline, 3),
        format!("{hits}/{planted}"),
        format!("{}/{}", r.prospects_loyal, r.prospects),
        r.actions_per_account,
        r.tasks_per_account,
        fmt_opt(r.auc_backtest, 3),
        fmt_opt(r.auc_score, 3),
        100.0 * r.rejected as f64 / r.rows.max(1) as f64,
    );
    if cfg.verbose {
        for (story, h, p) in &r.stories {
            println!("{:>17} {story:<20} {h}/{p}", "");
        }
    }
}

fn parse_args() -> Result<Option<Config>> {
    let mut cfg = Config {
        seeds: vec![1, 2, 3],
        accounts: 2000,
        forms: vec!["salesforce".into(), "hubspot".into()],
        rules: None,
        verbose: false,
        bin: PathBuf::from("target/release"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| args.next().with_context(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "-v" | "--verbose" => cfg.verbose = true,
            "--seeds" => {
                cfg.seeds = value("--seeds")?
                    .split(',')
                    .map(|s| s.trim().parse().with_context(|| format!("--seeds: {s}")))
                    .collect::<Result<_>>()?;
            }
            "--accounts" => {
                let v = value("--accounts")?;
                cfg.accounts = v.parse().with_context(|| format!("--accounts: {v}"))?;
            }
            "--forms" => {
                cfg.forms = value("--forms")?.split(',').map(str::to_string).collect();
                if let Some(f) = cfg
                    .forms
                    .iter()
                    .find(|f| !matches!(f.as_str(), "salesforce" | "hubspot"))
                {
                    bail!("--forms: salesforce or hubspot, not {f}");
                }
            }
            "--rules" => cfg.rules = Some(PathBuf::from(value("--rules")?)),
            "--bin" => cfg.bin = PathBuf::from(value("--bin")?),
            other => bail!("unexpected argument {other}"),
        }
    }
    Ok(Some(cfg))
}

fn main() {
    let cfg = match parse_args() {
        Ok(Some(cfg)) => cfg,
        Ok(None) => {
            println!("{USAGE}");
            return;
        }
        Err(e) => {
            eprintln!("lab: {e:#}\n\n{USAGE}");
            process::exit(2);
        }
    };
    let rules = cfg
        .rules
        .as_ref()
        .map_or("built-in rules".to_string(), |p| p.display().to_string());
    println!(
        "rapport lab: {} accounts per export, as of {AS_OF}, {rules}",
        cfg.accounts
    );
    println!(
        "{:>5} {:<10} {:>5} {:>4} {:>6} {:>6} {:>8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7}  BANDS (customers)",
        "SEED",
        "FORM",
        "CUST",
        "UNSC",
        "RHO",
        "BASE",
        "STORIES",
        "P-LOY",
        "ACT/A",
        "TSK/A",
        "AUC-BT",
        "AUC-C",
        "REJ"
    );
    let mut failed = false;
    for &seed in &cfg.seeds {
        for form in &cfg.forms {
            match one_run(&cfg, seed, form) {
                Ok(row) => print_row(&cfg, seed, form, &row),
                Err(e) => {
                    eprintln!("lab: seed {seed} {form}: {e:#}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 5.0]),
            [2.0, 3.5, 3.5, 1.0]
        );
    }

    #[test]
    fn spearman_is_one_for_any_increasing_map_and_minus_one_reversed() {
        let xs = [1.0, 2.0, 3.0, 4.0, 5.0];
        let ys = [1.0, 8.0, 27.0, 64.0, 125.0];
        assert!((spearman(&xs, &ys).unwrap() - 1.0).abs() < 1e-12);
        let rev: Vec<f64> = ys.iter().rev().copied().collect();
        assert!((spearman(&xs, &rev).unwrap() + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&xs, &[3.0; 5]), None);
        assert_eq!(spearman(&[1.0], &[1.0]), None);
    }

    #[test]
    fn spearman_with_ties_matches_a_hand_computed_value() {
        // Ranks x: 1, 2.5, 2.5, 4; y: 1, 2, 3, 4. Pearson of those: 0.9486833.
        let r = spearman(&[1.0, 2.0, 2.0, 3.0], &[10.0, 20.0, 30.0, 40.0]).unwrap();
        assert!((r - 0.948_683_298).abs() < 1e-6, "{r}");
    }

    #[test]
    fn auc_counts_pairs_and_halves_ties() {
        assert_eq!(auc(&[10.0], &[90.0]), Some(1.0));
        assert_eq!(auc(&[90.0], &[10.0]), Some(0.0));
        assert_eq!(auc(&[50.0], &[50.0]), Some(0.5));
        let a = auc(&[70.0, 30.0, 10.0], &[90.0, 50.0]).unwrap();
        assert!((a - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(auc(&[], &[1.0]), None);
    }

    #[test]
    fn baseline_follows_its_formula() {
        let t = Tally {
            outbound_365: 12.0,
            won_3y: 2.0,
            open_complaints: 1.0,
            price_losses: 1.0,
        };
        assert_eq!(t.score(), 12.0 + 10.0 - 10.0 - 20.0);
    }

    #[test]
    fn dates_read_as_day_numbers() {
        assert_eq!(day_of("1970-01-01"), Some(0));
        assert_eq!(day_of("2026-06-30T10:00:00.000+0000"), Some(20_634));
        assert_eq!(day_of("2026-13-01"), None);
        assert_eq!(day_of(""), None);
    }
}
