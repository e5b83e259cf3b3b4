//! What a person should know about the inputs of `rapport score`, on stderr:
//! each file as read, the first rejected rows, the rules not assessed.

use std::io::{self, Write};
use std::path::Path;

use super::{Report, printable};
use crate::ingest::InputFile;
use crate::metrics::Reject;

/// The rejected rows to show, and how many each file had.
pub struct Rejected<'r> {
    /// The first rejects of each file, in reading order.
    pub shown: &'r [Reject],
    /// Rejects per file index.
    pub per_file: &'r [usize],
    /// How many of each file's rejects are shown.
    pub limit: usize,
    /// Whether every reject went to a `--rejects` file.
    pub written: bool,
}

/// Sentences about how the inputs were read that every report shows beside
/// its totals: lines lost to broken quotes, rows that repeat an id.
pub fn input_notes(report: &Report) -> Vec<String> {
    // First the history each table covers, which the windowed rules are judged over.
    let mut notes: Vec<String> = report.history.lines().collect();
    for input in &report.inputs {
        let c = &input.counts;
        let name = std::path::Path::new(&input.path)
            .file_name()
            .map_or_else(|| input.path.clone(), |n| n.to_string_lossy().into_owned());
        if c.resynchronised > 0 {
            notes.push(format!(
                "{name}: {} resynchronised: lines left out where a broken quote made them \
                 unreadable, reading going on after each (rejected rows)",
                c.resynchronised
            ));
        }
        if c.duplicates > 0 {
            notes.push(format!(
                "{name}: {} rows repeat an id already read, in another file of the table \
                 or earlier in this one, rejected as duplicates and counted once",
                c.duplicates
            ));
        }
    }
    notes
}

/// The report's notices, one warning line each.
pub fn notices(report: &Report, err: &mut dyn Write) -> io::Result<()> {
    for n in &report.notices {
        writeln!(err, "WARNING: {}", printable(&n.text))?;
    }
    Ok(())
}

/// What a person should know about the inputs, on stderr.
pub fn render(
    report: &Report,
    inputs: &[InputFile],
    rejects: &Rejected,
    err: &mut dyn Write,
) -> io::Result<()> {
    notices(report, err)?;
    for input in &report.inputs {
        match (&input.table, &input.error) {
            (Some(table), _) => writeln!(
                err,
                "read {} as {table}{}: {} rows, {} used, {} rejected, {} skipped",
                printable(&input.path),
                input
                    .vendor
                    .as_deref()
                    .map_or(String::new(), |v| format!(" ({v} export)")),
                input.counts.rows,
                input.counts.used,
                input.counts.rejected,
                input.counts.skipped
            )?,
            (None, Some(reason)) => writeln!(
                err,
                "warning: {}: {}",
                printable(&input.path),
                printable(reason)
            )?,
            (None, None) => {
                if let Some(lookup) = &input.lookup {
                    writeln!(err, "{} {}", printable(&input.path), printable(lookup))?;
                }
            }
        }
        let c = &input.counts;
        if c.resynchronised > 0 {
            writeln!(
                err,
                "warning: {}: {} lines left out where a broken quote made them unreadable; \
                 reading went on after each (the rejected rows name them)",
                input.path, c.resynchronised
            )?;
        }
        if c.replaced > 0 {
            let lines: Vec<String> = c.replaced_lines.iter().map(u64::to_string).collect();
            writeln!(
                err,
                "warning: {}: {} rows hold bytes that are not {} and read as U+FFFD, on lines {}{}",
                input.path,
                c.replaced,
                input.encoding.as_deref().unwrap_or("its encoding"),
                lines.join(", "),
                if c.replaced as usize > lines.len() {
                    ", ..."
                } else {
                    ""
                }
            )?;
        }
    }
    for r in rejects.shown {
        let column = r
            .column
            .as_deref()
            .map_or(String::new(), |c| format!(" {}:", printable(c)));
        writeln!(
            err,
            "{}:{}:{column} rejected: {}",
            printable(&inputs[r.file].display_name()),
            r.line,
            printable(&r.reason)
        )?;
    }
    for (file, &n) in rejects.per_file.iter().enumerate() {
        if n > rejects.limit {
            let hint = if rejects.written {
                "all are in the rejects file"
            } else {
                "--rejects FILE lists them all"
            };
            writeln!(
                err,
                "{}: {} more rejected rows ({hint})",
                printable(&inputs[file].display_name()),
                n - rejects.limit
            )?;
        }
    }
    not_assessed(report, err)?;
    if !report.inputs.is_empty() {
        writeln!(err)?;
    }
    Ok(())
}

/// The notes of a run that scored a warehouse's metrics table.
pub fn render_metrics(
    report: &Report,
    path: &Path,
    rows: u64,
    err: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        err,
        "read {} as per-account metrics: {rows} accounts",
        printable(&path.display().to_string())
    )?;
    not_assessed(report, err)?;
    writeln!(err)
}

fn not_assessed(report: &Report, err: &mut dyn Write) -> io::Result<()> {
    for na in &report.not_assessed {
        writeln!(
            err,
            "not assessed: {}: {}",
            printable(&na.rule),
            printable(&na.reason)
        )?;
    }
    for u in &report.uninformative {
        writeln!(err, "uninformative: {}: {}", u.rule, u.reason)?;
    }
    Ok(())
}
