//! The figures the Markdown and HTML reports open with, gathered in one pass
//! over the accounts.

use super::{Report, Trend, Week, WeekAction};
use crate::rules::Status;

#[derive(Debug, Clone)]
pub struct Worst {
    pub name: String,
    pub id: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub action: Option<String>,
}

/// How one rule fared across the accounts it was assessed on.
#[derive(Debug, Clone)]
pub struct RuleStats {
    pub id: String,
    pub element: String,
    pub title: String,
    pub assessed: usize,
    pub passed: usize,
    /// Accounts where the rule fell short (partial or fail).
    pub short: usize,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub accounts: usize,
    /// Best band first, with the count; unscored last.
    pub bands: Vec<(String, usize)>,
    /// Accounts per ten points of score: [0,10), [10,20), ... [90,100].
    pub histogram: [usize; 10],
    /// The same bins split by the accounts' bands: one row per band of the
    /// rule set, best first, then one for accounts without a known band.
    pub histogram_by_band: Vec<[usize; 10]>,
    pub worst: Vec<Worst>,
    /// Rules in the rule set's order.
    pub rules: Vec<RuleStats>,
    pub up: usize,
    pub down: usize,
    pub same: usize,
    pub mean: Option<f64>,
    /// With a baseline: how many accounts went from one band to another (the
    /// previous band first; `new` for accounts the baseline lacked): changes
    /// first, most accounts first, then the accounts that kept their band.
    pub moves: Vec<((String, String), usize)>,
    /// The week's most important actions across the accounts.
    pub this_week: Vec<WeekAction>,
    /// With a baseline: the accounts that moved most, up and down.
    pub movers: Movers,
}

/// How many movers each way the reports show.
pub const MOVERS_SHOWN: usize = 5;

/// An account that moved since the baseline, with what moved it.
#[derive(Debug, Clone)]
pub struct Mover {
    pub id: String,
    pub name: String,
    pub delta: f64,
    pub band_before: Option<String>,
    pub band_after: Option<String>,
    /// The largest causes, largest first: (what, points).
    pub causes: Vec<(String, f64)>,
}

impl Mover {
    /// `steady -> at-risk`, or the band alone when it held.
    pub fn band_move(&self) -> String {
        let b = |b: &Option<String>| b.clone().unwrap_or_else(|| "no band".to_string());
        if self.band_changed() {
            format!("{} -> {}", b(&self.band_before), b(&self.band_after))
        } else {
            b(&self.band_after)
        }
    }

    pub fn band_changed(&self) -> bool {
        self.band_before != self.band_after
    }

    /// The causes in one line: `complaint-resolution -8.20, contact-recency -2.80`.
    pub fn causes_line(&self) -> String {
        let c: Vec<String> = self
            .causes
            .iter()
            .map(|(what, p)| format!("{what} {p:+.2}"))
            .collect();
        c.join(", ")
    }
}

/// The biggest movers up and down, gathered as accounts go by.
#[derive(Debug, Clone, Default)]
pub struct Movers {
    size: usize,
    /// Largest rise first.
    pub up: Vec<Mover>,
    /// Largest drop first.
    pub down: Vec<Mover>,
}

impl Movers {
    pub fn new(size: usize) -> Movers {
        Movers {
            size,
            ..Movers::default()
        }
    }

    pub fn offer(&mut self, a: &super::AccountReport) {
        let Some(c) = &a.change else {
            return;
        };
        let Some(delta) = c.delta.filter(|d| *d != 0.0) else {
            return;
        };
        let list = if delta > 0.0 {
            &mut self.up
        } else {
            &mut self.down
        };
        if list.len() >= self.size && list.last().is_some_and(|m| m.delta.abs() >= delta.abs()) {
            return;
        }
        let at = list.partition_point(|m| m.delta.abs() >= delta.abs());
        list.insert(
            at,
            Mover {
                id: a.id.clone(),
                name: a.name.clone(),
                delta,
                band_before: c.band_before.clone(),
                band_after: c.band_after.clone(),
                causes: c.causes().into_iter().take(3).collect(),
            },
        );
        list.truncate(self.size);
    }

    pub fn is_empty(&self) -> bool {
        self.up.is_empty() && self.down.is_empty()
    }
}

/// What moved every account alike since the baseline, in sentences: the rule
/// set's changes and the export's own, kept apart from the relationships.
pub fn baseline_notes(b: &super::BaselineInfo) -> Vec<String> {
    let mut lines = Vec::new();
    let w = |w: Option<f64>| w.map_or("-".to_string(), |w| w.to_string());
    let changed: Vec<String> = b
        .rule_set
        .iter()
        .map(|c| {
            format!(
                "{} {} (weight {} -> {})",
                c.id,
                c.change.name(),
                w(c.weight_before),
                w(c.weight_after)
            )
        })
        .collect();
    if !changed.is_empty() {
        lines.push(format!(
            "The rule set changed since the baseline: {}; what that moved is shown as the rule set's, not the accounts'.",
            and_list(&changed)
        ));
    }
    let data: Vec<String> = b
        .data
        .iter()
        .map(|d| format!("{} ({})", d.rule, d.cause))
        .collect();
    if !data.is_empty() {
        lines.push(format!(
            "The export itself changed for {}: what that moved is shown as the data's, not the relationship's.",
            and_list(&data)
        ));
    }
    lines
}

/// The biggest movers of a report with a baseline, in one full pass (the
/// table's accounts carry no rules, so it asks for this apart).
pub fn movers(report: &Report, n: usize) -> Movers {
    let mut m = Movers::new(n);
    if report.baseline.is_some() {
        for a in report.accounts() {
            m.offer(&a);
        }
    }
    m
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Summary {
    /// The report's opening in words: how many accounts, how many in each band,
    /// the change since the baseline, the rules most often fallen short on.
    pub fn in_words(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let bands: Vec<String> = self
            .bands
            .iter()
            .map(|(b, n)| super::Report::band_count_words(b, *n))
            .collect();
        let noun = if self.accounts == 1 {
            "account"
        } else {
            "accounts"
        };
        lines.push(if bands.is_empty() {
            format!("{} {noun}.", self.accounts)
        } else {
            format!("{} {noun}: {}.", self.accounts, and_list(&bands))
        });
        if self.up + self.down + self.same > 0 {
            lines.push(format!(
                "Since the baseline, {} moved up, {} down and {} held their score.",
                self.up, self.down, self.same
            ));
        }
        let gaps: Vec<String> = self
            .gaps()
            .iter()
            .take(3)
            .map(|g| {
                let noun = if g.short == 1 { "account" } else { "accounts" };
                format!("{} ({} {noun})", g.title, g.short)
            })
            .collect();
        if !gaps.is_empty() {
            lines.push(format!(
                "The rules most often fallen short on: {}.",
                and_list(&gaps)
            ));
        }
        lines
    }

    /// The three actions most worth doing this week.
    pub fn first_three(&self) -> &[WeekAction] {
        &self.this_week[..self.this_week.len().min(3)]
    }

    /// Rules by how many accounts fall short on them, most first.
    pub fn gaps(&self) -> Vec<&RuleStats> {
        let mut g: Vec<&RuleStats> = self.rules.iter().filter(|r| r.short > 0).collect();
        g.sort_by(|a, b| b.short.cmp(&a.short).then(a.id.cmp(&b.id)));
        g
    }
}

pub fn summarise(report: &Report, worst_n: usize) -> Summary {
    let rules = report.rule_set();
    let mut stats: Vec<RuleStats> = rules
        .rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| RuleStats {
            id: r.id.clone(),
            element: r.element.clone(),
            title: r.title.clone(),
            assessed: 0,
            passed: 0,
            short: 0,
        })
        .collect();
    let mut histogram = [0usize; 10];
    let mut histogram_by_band = vec![[0usize; 10]; rules.bands.len() + 1];
    let mut moves: Vec<((String, String), usize)> = Vec::new();
    let mut worst = Vec::new();
    let (mut up, mut down, mut same) = (0, 0, 0);
    let (mut sum, mut scored) = (0.0, 0usize);
    let mut week = Week::new(rules.actions.this_week);
    let mut movers = Movers::new(MOVERS_SHOWN);
    for a in report.accounts() {
        week.offer(&a);
        movers.offer(&a);
        if let Some(s) = a.score {
            let bin = ((s / 10.0).floor() as usize).min(9);
            histogram[bin] += 1;
            let band = a
                .band
                .as_deref()
                .and_then(|b| rules.bands.iter().position(|x| x.name == b))
                .unwrap_or(rules.bands.len());
            histogram_by_band[band][bin] += 1;
            sum += s;
            scored += 1;
        }
        if worst.len() < worst_n {
            worst.push(Worst {
                name: a.name.clone(),
                id: a.id.clone(),
                score: a.score,
                band: Some(a.standing_label().to_string()),
                action: a.actions.first().map(|x| x.text.clone()),
            });
        }
        if report.baseline.is_some() {
            let to = a.band.clone().unwrap_or_else(|| "unscored".into());
            let from = match &a.previous {
                Some(p) => p.band.clone().unwrap_or_else(|| "unscored".into()),
                None => "new".into(),
            };
            match moves.iter_mut().find(|((f, t), _)| *f == from && *t == to) {
                Some((_, n)) => *n += 1,
                None => moves.push(((from, to), 1)),
            }
        }
        if let Some(p) = &a.previous {
            match p.trend {
                Trend::Up => up += 1,
                Trend::Down => down += 1,
                Trend::Same => same += 1,
            }
        }
        for r in &a.rules {
            let Some(s) = stats.iter_mut().find(|s| s.id == r.id) else {
                continue;
            };
            match r.status {
                Status::Pass => {
                    s.assessed += 1;
                    s.passed += 1;
                }
                Status::Partial | Status::Fail => {
                    s.assessed += 1;
                    s.short += 1;
                }
                Status::NotAssessed => {}
            }
        }
    }
    moves.sort_by(|((fa, ta), na), ((fb, tb), nb)| (fa == ta).cmp(&(fb == tb)).then(nb.cmp(na)));
    Summary {
        accounts: report.account_count(),
        bands: report.band_counts(),
        histogram,
        histogram_by_band,
        worst,
        rules: stats,
        up,
        down,
        same,
        moves,
        mean: (scored > 0).then(|| (sum / scored as f64 * 10.0).round() / 10.0),
        this_week: week.finish(),
        movers,
    }
}
