//! `--format html`: one self-contained page for a client: inline CSS and SVG, no
//! script, no font or image from the network, and a layout that prints to PDF.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::summary::{Summary, summarise};
use super::{AccountReport, Depth, Report, printable, relative_to};
use crate::rules::Status;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in printable(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A colour per band, best first: green to red, whatever the number of bands.
fn band_colour(index: usize, count: usize) -> &'static str {
    super::band_colour(
        &["#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828"],
        index,
        count,
    )
}

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6676; --line: #d9dee5; --soft: #f4f6f9; }
* { box-sizing: border-box; }
.notice { border-left: 4px solid #c0392b; background: #fdf1ef; padding: .5em .8em; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1040px; padding: 32px 28px 64px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 0; }
.sub { color: var(--muted); margin: 0 0 20px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: #fff; }
.card .n { font-size: 28px; font-weight: 700; }
.card .l { color: var(--muted); font-size: 13px; }
.card.band { border-left: 6px solid var(--c); }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12.5px; text-transform: uppercase; letter-spacing: .03em; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12.5px; font-weight: 600; white-space: nowrap; }
.bar { background: var(--soft); border-radius: 4px; height: 10px; min-width: 120px; }
.bar > span { display: block; height: 10px; border-radius: 4px; background: #4a78c2; }
.account { border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
.account header { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.score { font-size: 22px; font-weight: 700; }
.meta { color: var(--muted); font-size: 13px; margin: 4px 0 10px; }
ol.actions { margin: 8px 0 12px 20px; padding: 0; }
ol.actions li { margin: 4px 0; }
ul.topics { margin: 2px 0 0 18px; padding: 0; }
.prio { font-size: 11.5px; font-weight: 700; text-transform: uppercase; margin-right: 6px; }
.prio.high { color: #c62828; } .prio.medium { color: #ef6c00; } .prio.low { color: var(--muted); }
.due { color: var(--muted); font-size: 12.5px; }
.status { font-weight: 600; font-size: 12.5px; }
.status.fail { color: #c62828; } .status.partial { color: #ef6c00; } .status.pass { color: #2e7d32; } .status.not-assessed { color: var(--muted); }
.up { color: #2e7d32; } .down { color: #c62828; } .same { color: var(--muted); }
.summary { background: var(--soft); border-radius: 10px; padding: 14px 18px; margin: 16px 0; }
.summary p { margin: 4px 0; }
.summary ol { margin: 6px 0 4px 20px; padding: 0; }
.shortfalls { margin: 6px 0 0; }
.short { margin: 2px 0 8px 18px; padding: 0; font-size: 13.5px; }
.short li { margin: 2px 0; }
details.rules { margin-top: 8px; }
details.rules summary { cursor: pointer; color: var(--muted); font-size: 13px; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12.5px; color: var(--muted); margin: 4px 0 0; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; background: var(--c); }
.print-only { display: none; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--muted); }
@media (max-width: 760px) { .grid { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h2 { margin: 14px 0 6px; break-after: avoid; page-break-after: avoid; }
  .sub { margin: 2px 0 6px; }
  .cards { margin: 8px 0; gap: 8px; } .card { padding: 6px 10px; } .card .n { font-size: 20px; }
  th, td { padding: 3px 6px; }
  .grid { grid-template-columns: 1fr 1fr; gap: 16px; }
  ul.topics, details.rules, .no-print, th.el, td.el { display: none; }
  .accounts { columns: 2; column-gap: 12px; }
  .account { padding: 6px 10px; margin: 0 0 8px; border-radius: 6px; break-inside: auto; page-break-inside: auto; }
  .account header, .account .meta { break-after: avoid; page-break-after: avoid; }
  .account h3 { font-size: 11pt; } .score { font-size: 13pt; }
  .account .meta { margin: 1px 0 3px; font-size: 8.5pt; }
  ol.actions { margin: 2px 0 2px 24px; } ol.actions li { margin: 1px 0; }
  .shortfalls { margin: 2px 0 0; }
  ul.short { display: inline; margin: 0; padding: 0; font-size: 8.5pt; }
  ul.short li { display: inline; margin: 0; }
  ul.short li + li::before { content: " · "; }
  .print-only { display: inline; }
  footer { margin-top: 8px; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 10mm 11mm; }
"#;

/// Where a link to an account goes: its own section when it has one (the
/// `pages` worst), else the note that says where the others are.
struct Anchors<'r> {
    sections: std::collections::HashSet<&'r str>,
}

impl<'r> Anchors<'r> {
    fn new(report: &'r Report, pages: usize) -> Anchors<'r> {
        let accounts = report.all_accounts();
        let order = report.ranked().order();
        let sections = order[..pages.min(order.len())]
            .iter()
            .map(|&i| accounts[i].id.as_str())
            .collect();
        Anchors { sections }
    }

    /// An account's name, linked to where the page says more about it.
    fn link(&self, id: &str, name: &str) -> String {
        if self.sections.contains(id) {
            format!("<a href=\"#a-{}\">{}</a>", esc(id), esc(name))
        } else {
            format!("<a href=\"#more-accounts\">{}</a>", esc(name))
        }
    }
}

/// The report as one page; `pages` is how many accounts get a section of their
/// own, worst first (`--html-accounts`): the summary covers every account.
pub fn render(report: &Report, pages: usize, out: &mut dyn Write) -> io::Result<()> {
    let summary = summarise(report, 10);
    let anchors = Anchors::new(report, pages);
    let bands: Vec<String> = report
        .rule_set()
        .bands
        .iter()
        .map(|b| b.name.clone())
        .collect();
    let colour = |band: &str| {
        bands
            .iter()
            .position(|b| b == band)
            .map_or("#8a94a3", |i| band_colour(i, bands.len()))
    };
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Customer relationships as of {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(&report.as_of.to_string())
    );
    let _ = writeln!(
        h,
        "<h1>Customer relationships</h1>\n<p class=\"sub\">{} accounts as of {} · rules: {}{}</p>",
        summary.accounts,
        esc(&report.as_of.to_string()),
        esc(&report.rules.source),
        summary
            .mean
            .map_or(String::new(), |m| format!(" · mean score {m}"))
    );

    for n in &report.notices {
        let _ = writeln!(
            h,
            "<p class=\"notice\" role=\"alert\"><strong>Warning:</strong> {}</p>",
            esc(&n.text)
        );
    }
    summary_html(&mut h, &summary, &anchors);

    // Band cards.
    h.push_str("<div class=\"cards\">\n");
    for (band, n) in &summary.bands {
        let _ = writeln!(
            h,
            "<div class=\"card band\" style=\"--c: {}\"><div class=\"n\">{n}</div><div class=\"l\">{}</div></div>",
            colour(band),
            esc(band)
        );
    }
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            h,
            "<div class=\"card\"><div class=\"n\"><span class=\"up\">▲{}</span> <span class=\"down\">▼{}</span></div>\
             <div class=\"l\">since {} · {} new, {} gone</div></div>",
            summary.up,
            summary.down,
            esc(&b.as_of),
            b.new.len(),
            b.gone.len()
        );
    }
    h.push_str("</div>\n");

    if !summary.this_week.is_empty() {
        h.push_str("<h2>This week</h2>\n<p class=\"sub\">The most urgent actions across the accounts, worst relationship first within each urgency.</p>\n<ol class=\"actions\">\n");
        for w in &summary.this_week {
            let x = &w.action;
            let p = x.priority.name();
            let _ = write!(
                h,
                "<li><span class=\"prio {p}\">{p}</span>{}: {} <span class=\"due\">{} · due {} · {}</span>",
                anchors.link(&w.account_id, &w.account),
                esc(&x.text),
                x.urgency.name(),
                esc(&x.due),
                esc(&x.rule)
            );
            topics_html(&mut h, x);
            h.push_str("</li>\n");
        }
        h.push_str("</ol>\n");
    }

    h.push_str("<div class=\"grid\">\n<section>\n<h2>Score distribution</h2>\n");
    histogram_svg(&mut h, &summary, &bands);
    h.push_str("</section>\n<section>\n<h2>Worst accounts</h2>\n");
    h.push_str("<table><thead><tr><th>Account</th><th class=\"num\">Score</th><th>Band</th></tr></thead><tbody>\n");
    for w in &summary.worst {
        let band = w.band.as_deref().unwrap_or("-");
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td><span class=\"badge\" style=\"background:{}\">{}</span></td></tr>",
            anchors.link(&w.id, &w.name),
            w.score.map_or("-".into(), |s| format!("{s:.1}")),
            colour(band),
            esc(band)
        );
    }
    h.push_str("</tbody></table>\n</section>\n</div>\n");
    if let Some(b) = &report.baseline {
        moves_html(&mut h, &summary, &b.as_of, &colour);
        what_changed_html(&mut h, b, &summary.movers, &anchors);
    }

    h.push_str("<h2>Most common gaps</h2>\n<p class=\"sub\">How many accounts fall short on each rule, and the pass rate among the accounts it could be assessed on.</p>\n");
    h.push_str("<table><thead><tr><th>Rule</th><th class=\"el\">Element</th><th class=\"num\">Short</th><th>Pass rate</th><th class=\"num\"></th></tr></thead><tbody>\n");
    for g in summary.gaps() {
        let rate = 100.0 * g.passed as f64 / g.assessed.max(1) as f64;
        let _ = writeln!(
            h,
            "<tr><td>{} <span class=\"due\">{}</span></td><td class=\"el\">{}</td><td class=\"num\">{}</td>\
             <td><div class=\"bar\"><span style=\"width:{rate:.0}%\"></span></div></td><td class=\"num\">{rate:.0}%</td></tr>",
            esc(&g.title),
            esc(&g.id),
            esc(&g.element),
            g.short
        );
    }
    h.push_str("</tbody></table>\n");

    if !report.not_assessed.is_empty() {
        h.push_str("<h2>Not assessed on this export</h2>\n<table><tbody>\n");
        for n in &report.not_assessed {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&n.rule),
                esc(&n.reason)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    let notes = super::notes::input_notes(report);
    if !notes.is_empty() {
        h.push_str("<h2>How the inputs were read</h2>\n<ul>\n");
        for note in &notes {
            let _ = writeln!(h, "<li>{}</li>", esc(note));
        }
        h.push_str("</ul>\n");
    }
    if !report.uninformative.is_empty() {
        h.push_str("<h2>Uninformative on this export</h2>\n<table><tbody>\n");
        for n in &report.uninformative {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td></tr>",
                esc(&n.rule),
                esc(&n.reason)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if let Some(b) = &report.baseline
        && !b.gone.is_empty()
    {
        h.push_str("<h2>Accounts gone since the baseline</h2>\n<ul>\n");
        for g in &b.gone {
            let _ = writeln!(h, "<li>{} ({})</li>", esc(&g.name), esc(&g.id));
        }
        h.push_str("</ul>\n");
    }
    out.write_all(h.as_bytes())?;

    accounts_html(report, pages, out, &colour)?;
    writeln!(
        out,
        "</div>\n<footer>Made by rapport from {} {}. Scores rest only on the export; coverage says how much of each score was assessed.</footer>\n</body>\n</html>",
        report.inputs.len(),
        if report.inputs.len() == 1 {
            "input file"
        } else {
            "input files"
        }
    )
}

/// A section per account, worst first, for the `pages` worst; a note says how
/// many there are in all and where the others are.
fn accounts_html(
    report: &Report,
    pages: usize,
    out: &mut dyn Write,
    colour: &(dyn Fn(&str) -> &'static str + Sync),
) -> io::Result<()> {
    let total = report.account_count();
    let shown = pages.min(total);
    out.write_all(b"<h2>Accounts</h2>\n")?;
    if shown < total {
        writeln!(
            out,
            "<p class=\"sub\" id=\"more-accounts\">The {shown} worst of {total} accounts are shown below; \
             the summary above covers all of them. Every account is in the CSV report \
             (<code>rapport score EXPORT --format csv</code>, one row each) and the JSON report \
             (<code>--format json</code>, every rule and its evidence); \
             <code>--html-accounts N</code> shows more here.</p>"
        )?;
    }
    out.write_all(b"<div class=\"accounts\">\n")?;
    let first_prospect = report.first_prospect_id();
    let folder = report.export_folder();
    let section = |s: &mut String, a: &super::AccountReport| {
        if first_prospect == Some(a.id.as_str()) {
            s.push_str(
                "</div>\n<h2 id=\"prospects\">Prospects</h2>\n<p class=\"sub\">Accounts that have never bought: scored for engagement, never given a loyalty band. The first action is the next step.</p>\n<div class=\"accounts\">\n",
            );
        }
        account_section(s, a, colour, &folder);
    };
    if shown == total {
        return report.write_accounts(Depth::Full, out, |accounts, bytes| {
            let mut s = String::new();
            while let Some(a) = accounts.next_account() {
                section(&mut s, a);
            }
            bytes.extend_from_slice(s.as_bytes());
            Ok(())
        });
    }
    let mut s = String::new();
    for a in report.accounts().take(shown) {
        section(&mut s, &a);
        out.write_all(s.as_bytes())?;
        s.clear();
    }
    Ok(())
}

/// An action's further topics for the same person, as a nested list.
fn topics_html(h: &mut String, x: &super::ActionReport) {
    let further = x.further_topics();
    if further.is_empty() {
        return;
    }
    h.push_str("<ul class=\"topics\">");
    for t in further {
        let _ = write!(
            h,
            "<li>also: {} <span class=\"due\">{}</span></li>",
            esc(&t.text),
            esc(&t.rule)
        );
    }
    h.push_str("</ul>");
    // On paper the topics fold into one line: the rules to raise in the same call.
    let rules: Vec<String> = further.iter().map(|t| esc(&t.rule)).collect();
    let _ = write!(
        h,
        "<span class=\"print-only due\"> · also: {}</span>",
        rules.join(", ")
    );
}

/// The opening in words: the accounts by band, the three actions most worth
/// doing this week, the rules most often fallen short on.
fn summary_html(h: &mut String, summary: &Summary, anchors: &Anchors) {
    let lines = summary.in_words();
    h.push_str("<section class=\"summary\">\n");
    if let Some(first) = lines.first() {
        let _ = writeln!(h, "<p><strong>{}</strong></p>", esc(first));
    }
    let top = summary.first_three();
    if !top.is_empty() {
        h.push_str("<p>Most worth doing this week:</p>\n<ol>\n");
        for w in top {
            let _ = writeln!(
                h,
                "<li>{}: {}</li>",
                anchors.link(&w.account_id, &w.account),
                esc(&w.action.text)
            );
        }
        h.push_str("</ol>\n");
    }
    for line in lines.iter().skip(1) {
        let _ = writeln!(h, "<p>{}</p>", esc(line));
    }
    h.push_str("</section>\n");
}

/// Accounts per ten points of score, each bar stacked by the bands of the
/// accounts in it (a bin that spans two bands shows both).
fn histogram_svg(h: &mut String, summary: &Summary, bands: &[String]) {
    let (w, ht, pad_l, pad_b) = (460.0, 190.0, 30.0, 24.0);
    let max = summary.histogram.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar_w = (w - pad_l) / 10.0;
    let colour_of = |row: usize| {
        if row < bands.len() {
            band_colour(row, bands.len())
        } else {
            "#8a94a3"
        }
    };
    let _ = writeln!(
        h,
        "<svg role=\"img\" aria-label=\"Accounts per ten points of score, by band\" viewBox=\"0 0 {w} {ht}\" width=\"100%\">"
    );
    for (i, &n) in summary.histogram.iter().enumerate() {
        let x = pad_l + i as f64 * bar_w + 3.0;
        let hi = if i == 9 { 100 } else { i * 10 + 9 };
        let _ = writeln!(h, "<g class=\"bin\">");
        // Worst band at the bottom, best on top.
        let mut top = ht - pad_b;
        for (row, counts) in summary.histogram_by_band.iter().enumerate().rev() {
            let k = counts[i];
            if k == 0 {
                continue;
            }
            let bh = (ht - pad_b - 12.0) * k as f64 / max;
            top -= bh;
            let name = bands.get(row).map_or("unscored", String::as_str);
            let _ = writeln!(
                h,
                "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{}\"><title>{}-{hi}: {k} {}</title></rect>",
                bar_w - 6.0,
                colour_of(row),
                i * 10,
                esc(name)
            );
        }
        if n > 0 {
            let _ = writeln!(
                h,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text>",
                x + (bar_w - 6.0) / 2.0,
                top - 3.0
            );
        }
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n</g>",
            x + (bar_w - 6.0) / 2.0,
            ht - 8.0,
            i * 10
        );
    }
    let _ = writeln!(
        h,
        "<line x1=\"{pad_l}\" y1=\"{0}\" x2=\"{w}\" y2=\"{0}\" stroke=\"#d9dee5\"/>\n</svg>",
        ht - pad_b
    );
    h.push_str("<div class=\"legend\">");
    for (row, counts) in summary.histogram_by_band.iter().enumerate() {
        if counts.iter().any(|&k| k > 0) {
            let name = bands.get(row).map_or("unscored", String::as_str);
            let _ = write!(
                h,
                "<span style=\"--c: {}\"><i></i>{}</span>",
                colour_of(row),
                esc(name)
            );
        }
    }
    h.push_str("</div>\n");
}

/// With a baseline: the accounts that moved most, with their top causes, and
/// what moved every account alike (the rule set, the export).
fn what_changed_html(
    h: &mut String,
    b: &super::BaselineInfo,
    movers: &super::summary::Movers,
    anchors: &Anchors,
) {
    let notes = super::summary::baseline_notes(b);
    if movers.is_empty() && notes.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h2>What changed since {}</h2>", esc(&b.as_of));
    for n in &notes {
        let _ = writeln!(h, "<p class=\"sub\">{}</p>", esc(n));
    }
    for (title, list) in [("Down most", &movers.down), ("Up most", &movers.up)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<h3>{title}</h3>\n<table><thead><tr><th>Account</th><th class=\"num\">Change</th><th>Band</th><th>Causes</th></tr></thead><tbody>"
        );
        for m in list {
            let word = if m.delta < 0.0 { "down" } else { "up" };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\"><span class=\"{word}\">{:+.1}</span></td><td>{}</td><td>{}</td></tr>",
                anchors.link(&m.id, &m.name),
                m.delta,
                esc(&m.band_move()),
                esc(&m.causes_line())
            );
        }
        h.push_str("</tbody></table>\n");
    }
}

/// With a baseline: how many accounts went from each band to each other.
fn moves_html(
    h: &mut String,
    summary: &Summary,
    since: &str,
    colour: &(dyn Fn(&str) -> &'static str + Sync),
) {
    if summary.moves.is_empty() {
        return;
    }
    let max = summary
        .moves
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = writeln!(
        h,
        "<h2>Band changes since {}</h2>\n<table><thead><tr><th>From</th><th>To</th><th class=\"num\">Accounts</th><th></th></tr></thead><tbody>",
        esc(since)
    );
    for ((from, to), n) in &summary.moves {
        let badge = |b: &str| {
            format!(
                "<span class=\"badge\" style=\"background:{}\">{}</span>",
                colour(b),
                esc(b)
            )
        };
        let width = 100.0 * *n as f64 / max as f64;
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{n}</td><td><div class=\"bar\"><span style=\"width:{width:.0}%\"></span></div></td></tr>",
            badge(from),
            if from == to {
                "unchanged".into()
            } else {
                badge(to)
            }
        );
    }
    h.push_str("</tbody></table>\n");
}

fn account_section(
    h: &mut String,
    a: &AccountReport,
    colour: &(dyn Fn(&str) -> &'static str + Sync),
    folder: &std::path::Path,
) {
    let band = a.standing_label();
    let _ = writeln!(
        h,
        "<section class=\"account\" id=\"a-{}\">\n<header><h3>{}</h3><div><span class=\"score\">{}</span> \
         <span class=\"badge\" style=\"background:{}\">{}</span></div></header>",
        esc(&a.id),
        esc(&a.name),
        a.score.map_or("-".into(), |s| format!("{s:.1}")),
        colour(band),
        esc(band)
    );
    let mut meta = vec![
        format!("id {}", esc(&a.id)),
        format!("coverage {:.0}%", a.coverage * 100.0),
    ];
    if a.segment == super::Segment::Prospect {
        meta.push("prospect: engagement score, no loyalty band".to_string());
    }
    if !a.missing_evidence.is_empty() {
        meta.push(format!(
            "not assessed: {}",
            esc(&a.missing_evidence.join(", "))
        ));
    }
    if let Some(o) = a.owner_shown() {
        meta.push(format!("owner {}", esc(o)));
    }
    if let Some(p) = &a.previous {
        let word = p.trend.name();
        let arrow = match word {
            "up" => "▲",
            "down" => "▼",
            _ => "●",
        };
        meta.push(format!(
            "<span class=\"{word}\">{arrow} {}</span> since the baseline ({})",
            p.delta.map_or("-".into(), |d| format!("{d:+.1}")),
            p.score.map_or("-".into(), |s| format!("{s:.1}"))
        ));
    }
    if !a.flags.is_empty() {
        meta.push(format!("flags: {}", esc(&a.flags.join(", "))));
    }
    let _ = writeln!(h, "<div class=\"meta\">{}</div>", meta.join(" · "));
    if !a.actions.is_empty() {
        h.push_str("<ol class=\"actions\">\n");
        for x in a.actions.iter().filter(|x| x.within_budget) {
            let p = x.priority.name();
            let _ = write!(
                h,
                "<li><span class=\"prio {p}\">{p}</span>{} <span class=\"due\">due {} · {}</span>",
                esc(&x.text),
                esc(&x.due),
                esc(&x.rule)
            );
            topics_html(h, x);
            h.push_str("</li>\n");
        }
        h.push_str("</ol>\n");
        let beyond = a.actions.iter().filter(|x| !x.within_budget).count();
        if beyond > 0 {
            let _ = writeln!(
                h,
                "<p class=\"sub no-print\">{beyond} more {} beyond the budget (all are in the JSON report).</p>",
                if beyond == 1 { "action" } else { "actions" }
            );
        }
    }
    let short: Vec<_> = a
        .rules
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Partial))
        .collect();
    if !short.is_empty() {
        h.push_str("<div class=\"shortfalls\"><span class=\"due\">Fell short on:</span> <ul class=\"short\">");
        for r in short {
            let _ = write!(
                h,
                "<li><span class=\"status {0}\">{0}</span> {1}: {2}</li>",
                r.status.name(),
                esc(&r.id),
                esc(r.evidence.shown.as_deref().unwrap_or("-"))
            );
        }
        h.push_str("</ul></div>\n");
    }
    let _ = writeln!(
        h,
        "<details class=\"rules\"><summary>All {} rules, with their evidence</summary>",
        a.rules.len()
    );
    h.push_str("<table><thead><tr><th>Rule</th><th>Status</th><th>Value</th><th class=\"num\">Points</th><th>Evidence</th></tr></thead><tbody>\n");
    for r in &a.rules {
        let status = r.status.name();
        let points = match (r.points, r.weight) {
            (Some(p), Some(w)) => format!("{p} / {w}"),
            (None, Some(w)) => format!("- / {w}"),
            _ => "-".into(),
        };
        let evidence = match (&r.evidence.reason, &r.evidence.source) {
            (Some(reason), _) if r.status == Status::NotAssessed => esc(reason),
            (_, Some(src)) => {
                let last = r
                    .evidence
                    .last
                    .as_deref()
                    .map_or(String::new(), |d| format!("{} · ", esc(d)));
                format!("{last}{}", esc(&relative_to(folder, src)))
            }
            (Some(reason), None) => esc(reason),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"status {status}\">{status}</td><td>{}</td><td class=\"num\">{points}</td><td class=\"due\">{evidence}</td></tr>",
            esc(&r.id),
            esc(r.evidence.shown.as_deref().unwrap_or("-"))
        );
    }
    h.push_str("</tbody></table>\n</details>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::{band_colour, esc};

    #[test]
    fn data_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn bands_run_green_to_red() {
        assert_eq!(band_colour(0, 4), "#2e7d32");
        assert_eq!(band_colour(3, 4), "#c62828");
        assert_eq!(band_colour(0, 1), "#2e7d32");
    }
}
