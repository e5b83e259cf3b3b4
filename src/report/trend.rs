//! `rapport trend`: each account's score and band over several reports, as a
//! CSV or JSON time series or an HTML page with an inline SVG chart per account.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::html::esc;
use crate::score::change::{AccountTrend, Trend};

/// One row per account and report: the score, band, change since the report
/// before, and its largest causes.
pub fn render_csv(t: &Trend, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "account_id",
        "account",
        "as_of",
        "score",
        "band",
        "delta",
        "causes",
    ])?;
    let num = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for a in &t.accounts {
        for p in &a.points {
            let causes: Vec<String> = p
                .causes
                .iter()
                .map(|c| format!("{} {:+.2}", c.what, c.points))
                .collect();
            let cells = [
                a.id.clone(),
                a.name.clone(),
                p.as_of.clone(),
                num(p.score),
                p.band.clone().unwrap_or_default(),
                num(p.delta),
                causes.join("; "),
            ];
            let cells: Vec<String> = cells
                .iter()
                .map(|c| super::sanitise::spreadsheet(c).into_owned())
                .collect();
            w.write_record(&cells)?;
        }
    }
    w.flush()
}

pub fn render_json(t: &Trend, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, t).map_err(io::Error::from)?;
    writeln!(out)
}

const WIDTH: f64 = 240.0;
const HEIGHT: f64 = 48.0;

/// The score over time as an inline SVG line, 0 at the bottom and 100 at the top.
fn sparkline(h: &mut String, a: &AccountTrend, dates: &[String]) {
    let x = |as_of: &str| {
        let i = dates.iter().position(|d| d == as_of).unwrap_or(0);
        if dates.len() <= 1 {
            WIDTH / 2.0
        } else {
            4.0 + (WIDTH - 8.0) * i as f64 / (dates.len() - 1) as f64
        }
    };
    let y = |s: f64| HEIGHT - 4.0 - (HEIGHT - 8.0) * s.clamp(0.0, 100.0) / 100.0;
    let _ = write!(
        h,
        "<svg viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"score of {} over time\">",
        esc(&a.name)
    );
    let _ = write!(
        h,
        "<line x1=\"0\" y1=\"{0}\" x2=\"{WIDTH}\" y2=\"{0}\" stroke=\"#ddd\"/>",
        y(50.0)
    );
    let points: Vec<String> = a
        .points
        .iter()
        .filter_map(|p| Some(format!("{:.1},{:.1}", x(&p.as_of), y(p.score?))))
        .collect();
    if points.len() > 1 {
        let _ = write!(
            h,
            "<polyline fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
    }
    for p in &a.points {
        if let Some(s) = p.score {
            let _ = write!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#2b6cb0\"><title>{} {s}</title></circle>",
                x(&p.as_of),
                y(s),
                esc(&p.as_of)
            );
        }
    }
    h.push_str("</svg>");
}

/// One page: a row per account with its score over time, its band now and the
/// causes of its largest moves. No script, nothing fetched.
pub fn render_html(t: &Trend, out: &mut dyn Write) -> io::Result<()> {
    let dates: Vec<String> = t.reports.iter().map(|r| r.as_of.clone()).collect();
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>rapport trend</title>\n<style>\nbody { font-family: system-ui, sans-serif; margin: 24px; color: #222; }\ntable { border-collapse: collapse; width: 100%; }\ntd, th { border-bottom: 1px solid #eee; padding: 6px 8px; text-align: left; vertical-align: middle; }\n.num { text-align: right; }\n.up { color: #2f855a; } .down { color: #c53030; }\n.sub { color: #666; }\n</style>\n</head>\n<body>\n");
    let _ = writeln!(
        h,
        "<h1>Scores over time</h1>\n<p class=\"sub\">{} reports, {} to {}; {} accounts.</p>",
        dates.len(),
        esc(dates.first().map_or("-", String::as_str)),
        esc(dates.last().map_or("-", String::as_str)),
        t.accounts.len()
    );
    h.push_str("<table><thead><tr><th>Account</th><th>Score over time</th><th class=\"num\">Now</th><th>Band</th><th>Largest moves</th></tr></thead><tbody>\n");
    for a in &t.accounts {
        let last = a.points.last();
        let _ = write!(h, "<tr><td>{}</td><td>", esc(&a.name));
        sparkline(&mut h, a, &dates);
        let _ = write!(
            h,
            "</td><td class=\"num\">{}</td><td>{}</td><td>",
            last.and_then(|p| p.score)
                .map_or("-".to_string(), |s| format!("{s:.1}")),
            esc(last.and_then(|p| p.band.as_deref()).unwrap_or("-"))
        );
        for m in &a.largest_moves {
            let word = if m.delta < 0.0 { "down" } else { "up" };
            let causes: Vec<String> = m
                .causes
                .iter()
                .map(|c| format!("{} {:+.2}", c.what, c.points))
                .collect();
            let _ = write!(
                h,
                "<div><span class=\"{word}\">{:+.1}</span> {} to {}: {}</div>",
                m.delta,
                esc(&m.from),
                esc(&m.to),
                esc(&causes.join(", "))
            );
        }
        h.push_str("</td></tr>\n");
    }
    h.push_str("</tbody></table>\n</body>\n</html>\n");
    out.write_all(h.as_bytes())
}
