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
    pub worst: Vec<Worst>,
    /// Rules in the rule set's order.
    pub rules: Vec<RuleStats>,
    pub up: usize,
    pub down: usize,
    pub same: usize,
    pub mean: Option<f64>,
    /// The week's most important actions across the accounts.
    pub this_week: Vec<WeekAction>,
}

impl Summary {
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
    let mut worst = Vec::new();
    let (mut up, mut down, mut same) = (0, 0, 0);
    let (mut sum, mut scored) = (0.0, 0usize);
    let mut week = Week::new(rules.actions.this_week);
    for a in report.accounts() {
        week.offer(&a);
        if let Some(s) = a.score {
            histogram[((s / 10.0).floor() as usize).min(9)] += 1;
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
    Summary {
        accounts: report.account_count(),
        bands: report.band_counts(),
        histogram,
        worst,
        rules: stats,
        up,
        down,
        same,
        mean: (scored > 0).then(|| (sum / scored as f64 * 10.0).round() / 10.0),
        this_week: week.finish(),
    }
}
