//! `--format markdown`: the report for pasting into a document or a ticket: the
//! summary, the most common gaps, then a section per account.

use std::io::{self, Write};
use std::path::Path;

pub use super::sanitise::markdown as md;
use super::summary::{Summary, summarise};
use super::{AccountReport, Depth, Report, Segment, relative_to};
use crate::rules::Status;

fn score(s: Option<f64>) -> String {
    s.map_or("-".to_string(), |s| format!("{s:.1}"))
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = summarise(report, 10);
    writeln!(out, "# Customer relationships as of {}\n", report.as_of)?;
    for n in &report.notices {
        writeln!(out, "> **Warning:** {}\n", md(&n.text))?;
    }
    write_summary(report, &summary, out)?;
    writeln!(out, "\n## Accounts\n")?;
    let first_prospect = report.first_prospect_id();
    let folder = report.export_folder();
    report.write_accounts(Depth::Full, out, |accounts, bytes| {
        while let Some(a) = accounts.next_account() {
            if first_prospect == Some(a.id.as_str()) {
                writeln!(
                    bytes,
                    "## Prospects\n\nAccounts that have never bought: scored for engagement, never given a loyalty band. The first action is the next step.\n"
                )?;
            }
            write_account(a, &folder, bytes)?;
        }
        Ok(())
    })
}

fn write_summary(report: &Report, s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let lines = s.in_words();
    if let Some(first) = lines.first() {
        writeln!(out, "**{}**\n", md(first))?;
    }
    let top = s.first_three();
    if !top.is_empty() {
        writeln!(out, "Most worth doing this week:\n")?;
        for (i, w) in top.iter().enumerate() {
            writeln!(out, "{}. {}: {}", i + 1, md(&w.account), md(&w.action.text))?;
        }
        writeln!(out)?;
    }
    for line in lines.iter().skip(1) {
        writeln!(out, "{}\n", md(line))?;
    }
    writeln!(
        out,
        "{} accounts scored with `{}`{}.\n",
        s.accounts,
        md(&report.rules.source),
        s.mean
            .map_or(String::new(), |m| format!("; mean score {m}"))
    )?;
    writeln!(out, "| band | accounts |\n|---|---:|")?;
    for (band, n) in &s.bands {
        writeln!(out, "| {} | {n} |", md(band))?;
    }
    if let Some(b) = &report.baseline {
        writeln!(
            out,
            "\nSince {} ({}): {} up, {} down, {} unchanged; {} new, {} gone.",
            b.as_of,
            md(&b.path),
            s.up,
            s.down,
            s.same,
            b.new.len(),
            b.gone.len()
        )?;
        for g in &b.gone {
            writeln!(out, "- gone: {} ({})", md(&g.name), md(&g.id))?;
        }
        if !s.moves.is_empty() {
            writeln!(out, "\n| from band | to band | accounts |\n|---|---|---:|")?;
            for ((from, to), n) in &s.moves {
                writeln!(out, "| {} | {} | {n} |", md(from), md(to))?;
            }
        }
        what_changed(out, b, &s.movers)?;
    }
    if !s.this_week.is_empty() {
        writeln!(out, "\n### This week\n")?;
        writeln!(
            out,
            "The most urgent actions across the accounts, worst relationship first within each urgency.\n"
        )?;
        for (i, w) in s.this_week.iter().enumerate() {
            let x = &w.action;
            writeln!(
                out,
                "{}. **{}** ({}, due {}, {}): {}",
                i + 1,
                md(&w.account),
                x.urgency.name(),
                x.due,
                md(&x.rule),
                md(&x.text)
            )?;
            write_topics(x, &" ".repeat(format!("{}. ", i + 1).len()), out)?;
        }
    }
    writeln!(out, "\n### Score distribution\n")?;
    writeln!(out, "| score | accounts |\n|---|---:|")?;
    for (i, n) in s.histogram.iter().enumerate() {
        let hi = if i == 9 { 100 } else { i * 10 + 9 };
        writeln!(out, "| {}-{hi} | {n} |", i * 10)?;
    }
    writeln!(out, "\n### Worst accounts\n")?;
    writeln!(
        out,
        "| account | score | band | first action |\n|---|---:|---|---|"
    )?;
    for w in &s.worst {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            md(&w.name),
            score(w.score),
            md(w.band.as_deref().unwrap_or("-")),
            md(w.action.as_deref().unwrap_or(""))
        )?;
    }
    writeln!(out, "\n### Most common gaps\n")?;
    writeln!(
        out,
        "| rule | element | accounts short | pass rate |\n|---|---|---:|---:|"
    )?;
    for g in s.gaps() {
        writeln!(
            out,
            "| {} ({}) | {} | {} | {:.0}% |",
            md(&g.title),
            md(&g.id),
            md(&g.element),
            g.short,
            100.0 * g.passed as f64 / g.assessed.max(1) as f64
        )?;
    }
    if !report.not_assessed.is_empty() {
        writeln!(out, "\n### Not assessed on this export\n")?;
        for n in &report.not_assessed {
            writeln!(out, "- `{}`: {}", md(&n.rule), md(&n.reason))?;
        }
    }
    if !report.uninformative.is_empty() {
        writeln!(out, "\n### Uninformative on this export\n")?;
        for n in &report.uninformative {
            writeln!(out, "- `{}`: {}", md(&n.rule), md(&n.reason))?;
        }
    }
    let notes = super::notes::input_notes(report);
    if !notes.is_empty() {
        writeln!(out, "\n### How the inputs were read\n")?;
        for note in &notes {
            writeln!(out, "- {}", md(note))?;
        }
    }
    Ok(())
}

fn write_account(a: &AccountReport, folder: &Path, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### {} ({})\n", md(&a.name), md(&a.id))?;
    let mut facts = match a.segment {
        Segment::Prospect => vec![
            format!("prospect, engagement **{}**", score(a.score)),
            format!("coverage {:.0}%", a.coverage * 100.0),
        ],
        Segment::Customer => vec![
            format!("score **{}**", score(a.score)),
            format!("band **{}**", md(a.standing_label())),
            format!("coverage {:.0}%", a.coverage * 100.0),
        ],
    };
    if !a.missing_evidence.is_empty() {
        facts.push(format!(
            "not assessed: {}",
            md(&a.missing_evidence.join(", "))
        ));
    }
    if let Some(p) = &a.previous {
        facts.push(format!(
            "{} since the baseline ({} → {})",
            p.trend.name(),
            score(p.score),
            score(a.score)
        ));
    }
    if !a.flags.is_empty() {
        facts.push(format!("flags: {}", md(&a.flags.join(", "))));
    }
    if let Some(o) = a.owner_shown() {
        facts.push(format!("owner {}", md(o)));
    }
    writeln!(out, "{}\n", facts.join(" · "))?;
    if !a.actions.is_empty() {
        let listed = a.actions.iter().filter(|x| x.within_budget);
        for (i, x) in listed.enumerate() {
            let priority = x.priority.name();
            writeln!(
                out,
                "{}. **{}** (due {}, {priority}): {}",
                i + 1,
                md(&x.rule),
                x.due,
                md(&x.text)
            )?;
            write_topics(x, &" ".repeat(format!("{}. ", i + 1).len()), out)?;
        }
        let beyond = a.actions.iter().filter(|x| !x.within_budget).count();
        if beyond > 0 {
            writeln!(
                out,
                "\n{beyond} more {} beyond the budget (`--max-actions`; all are in the JSON report).",
                if beyond == 1 { "action" } else { "actions" }
            )?;
        }
        writeln!(out)?;
    }
    let short: Vec<_> = a
        .rules
        .iter()
        .filter(|r| matches!(r.status, Status::Fail | Status::Partial))
        .collect();
    if !short.is_empty() {
        writeln!(
            out,
            "| rule | status | value | points | evidence |\n|---|---|---|---:|---|"
        )?;
        for r in short {
            let points = match (r.points, r.weight) {
                (Some(p), Some(w)) => format!("{p} / {w}"),
                _ => "-".to_string(),
            };
            writeln!(
                out,
                "| {} | {} | {} | {points} | {} |",
                md(&r.id),
                r.status.name(),
                md(r.evidence.shown.as_deref().unwrap_or("-")),
                md(&r
                    .evidence
                    .source
                    .as_deref()
                    .map_or(String::new(), |src| relative_to(folder, src)))
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// An action's further topics for the same person, as a nested list.
fn write_topics(x: &super::ActionReport, indent: &str, out: &mut dyn Write) -> io::Result<()> {
    for t in x.further_topics() {
        writeln!(out, "{indent}- also, **{}**: {}", md(&t.rule), md(&t.text))?;
    }
    Ok(())
}

/// The accounts that moved most since the baseline, with their top causes.
fn what_changed(
    out: &mut dyn Write,
    b: &super::BaselineInfo,
    movers: &super::summary::Movers,
) -> io::Result<()> {
    let notes = super::summary::baseline_notes(b);
    if movers.is_empty() && notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### What changed\n")?;
    for n in &notes {
        writeln!(out, "{}\n", md(n))?;
    }
    for (title, list) in [("Down most", &movers.down), ("Up most", &movers.up)] {
        if list.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{title}:\n\n| account | change | band | causes |\n|---|---:|---|---|"
        )?;
        for m in list {
            writeln!(
                out,
                "| {} | {:+.1} | {} | {} |",
                md(&m.name),
                m.delta,
                md(&m.band_move()),
                md(&m.causes_line())
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markup_in_data_is_escaped() {
        assert_eq!(md("a|b*c_[x](y)"), "a\\|b\\*c\\_\\[x\\](y)");
        assert_eq!(md("<script>"), "\\<script\\>");
        assert_eq!(md("line\nbreak"), "line break");
    }
}
