//! Reads a metrics table (the result of `rapport sql`'s query, as CSV, a JSON
//! array or JSON lines) back into an [`Outcome`] the rules score as usual.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::ingest::values::{day_of, format_day, parse_timestamp};
use crate::metrics::{Account, Contacts, History, MetricValue, NO_CONTACT, Outcome, Presence};
use crate::spec::RuleSet;

use super::layout::{self, Layout, Stat};

/// A metrics table read and checked against the rule set.
pub struct Loaded {
    pub outcome: Outcome,
    pub as_of_day: i64,
    pub rows: u64,
}

/// The table as text cells: a header, then rows with their place in the file.
struct Cells {
    index: HashMap<String, usize>,
    rows: Vec<(String, Vec<Option<String>>)>,
}

impl Cells {
    fn csv(path: &Path, text: &str) -> Result<Cells> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .with_context(|| format!("{}: cannot read the header row", path.display()))?
            .clone();
        let index = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_ascii_lowercase(), i))
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.with_context(|| format!("{}: cannot read", path.display()))?;
            let line = record.position().map_or(0, |p| p.line());
            let cells = record
                .iter()
                .map(|c| {
                    let c = c.trim();
                    (!c.is_empty()).then(|| c.to_string())
                })
                .collect();
            rows.push((format!("{}:{line}", path.display()), cells));
        }
        Ok(Cells { index, rows })
    }

    fn json(path: &Path, text: &str, columns: &[String]) -> Result<Cells> {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        let objects: Vec<(String, serde_json::Map<String, serde_json::Value>)> = if trimmed
            .starts_with('[')
        {
            let all: Vec<serde_json::Map<String, serde_json::Value>> =
                serde_json::from_str(trimmed)
                    .with_context(|| format!("{}: not a JSON array of objects", path.display()))?;
            all.into_iter()
                .enumerate()
                .map(|(i, o)| (format!("{}: row {}", path.display(), i + 1), o))
                .collect()
        } else {
            let mut out = Vec::new();
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let o = serde_json::from_str(line)
                    .with_context(|| format!("{}:{}: not a JSON object", path.display(), i + 1))?;
                out.push((format!("{}:{}", path.display(), i + 1), o));
            }
            out
        };
        let index: HashMap<String, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i))
            .collect();
        let rows = objects
            .into_iter()
            .map(|(at, o)| {
                let by_key: HashMap<String, &serde_json::Value> =
                    o.iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
                let cells = columns
                    .iter()
                    .map(|c| match by_key.get(c) {
                        None | Some(serde_json::Value::Null) => None,
                        Some(serde_json::Value::String(s)) => {
                            Some(s.trim().to_string()).filter(|s| !s.is_empty())
                        }
                        Some(v) => Some(v.to_string()),
                    })
                    .collect();
                (at, cells)
            })
            .collect();
        Ok(Cells { index, rows })
    }
}

/// One row, read column by column with messages that say where.
struct Row<'a> {
    at: &'a str,
    cells: &'a [Option<String>],
    index: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn text(&self, col: &str) -> Option<&str> {
        let i = *self.index.get(col)?;
        self.cells.get(i)?.as_deref()
    }

    fn number(&self, col: &str) -> Result<Option<f64>> {
        match self.text(col) {
            None => Ok(None),
            Some(s) => match s.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Some(v)),
                _ => bail!(
                    "{}: column {col}: '{s}' is not a number{}",
                    self.at,
                    null_hint(s)
                ),
            },
        }
    }

    fn count(&self, col: &str) -> Result<u32> {
        match self.number(col)? {
            None => Ok(0),
            Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 => Ok(v as u32),
            Some(v) => bail!("{}: column {col}: {v} is not a count", self.at),
        }
    }

    fn day(&self, col: &str) -> Result<Option<i64>> {
        match self.text(col) {
            None => Ok(None),
            Some(s) => match parse_timestamp(s.as_bytes()) {
                Some(ts) => Ok(Some(day_of(ts))),
                None => bail!(
                    "{}: column {col}: '{s}' is not a date{}",
                    self.at,
                    null_hint(s)
                ),
            },
        }
    }
}

/// Reads a metrics table and checks it was computed for this rule set.
pub fn load_metrics(rules: &RuleSet, path: &Path, as_of: Option<i64>) -> Result<Loaded> {
    let layout = Layout::new(rules).map_err(anyhow::Error::msg)?;
    let columns = layout.columns();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the metrics table {}", path.display()))?;
    let is_json = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref(),
        Some("json" | "jsonl" | "ndjson")
    ) || text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['[', '{']);
    let cells = if is_json {
        Cells::json(path, &text, &columns)?
    } else {
        Cells::csv(path, &text)?
    };
    let missing: Vec<&String> = columns
        .iter()
        .filter(|c| !cells.index.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(5).map(|s| s.as_str()).collect();
        bail!(
            "{}: the metrics table lacks {} column(s) this rule set needs ({}{}); \
             run the query `rapport sql` writes for this rule set",
            path.display(),
            missing.len(),
            shown.join(", "),
            if missing.len() > 5 { ", ..." } else { "" }
        );
    }
    let expected_plan = layout.plan(rules);
    let mut accounts = Vec::new();
    let mut account_ids: HashMap<String, usize> = HashMap::new();
    let mut contacts = Contacts::default();
    let mut values: Vec<Vec<MetricValue>> = vec![Vec::new(); rules.metrics.len()];
    let mut presence = None;
    let mut spans = None;
    let mut table_as_of = None;
    for (at, row_cells) in &cells.rows {
        let row = Row {
            at,
            cells: row_cells,
            index: &cells.index,
        };
        let plan = row.text(layout::PLAN).unwrap_or("");
        if plan != expected_plan {
            bail!(
                "{at}: the metrics were computed for another rule set (plan '{plan}', this one's is '{expected_plan}'); \
                 run the query `rapport sql` writes for this rule set again"
            );
        }
        let row_as_of = row
            .day(layout::AS_OF)?
            .with_context(|| format!("{at}: no as_of date"))?;
        match table_as_of {
            None => table_as_of = Some(row_as_of),
            Some(d) if d != row_as_of => bail!(
                "{at}: as_of is {} here but {} on earlier rows",
                format_day(row_as_of),
                format_day(d)
            ),
            Some(_) => {}
        }
        if presence.is_none() {
            presence = Some(read_presence(&row, &layout)?);
            spans = Some(read_spans(&row, &layout)?);
        }
        let Some(id) = row.text(layout::ACCOUNT_ID).map(str::to_string) else {
            bail!("{at}: no account_id");
        };
        if account_ids.contains_key(&id) {
            bail!("{at}: account {id} appears twice");
        }
        let name = row.text(layout::ACCOUNT_NAME).unwrap_or(&id).to_string();
        let mut contact = |key: &str| -> Option<u32> {
            let id = row.text(&layout::contact_id_col(key))?.to_string();
            let name = row
                .text(&layout::contact_name_col(key))
                .unwrap_or(&id)
                .to_string();
            Some(
                contacts
                    .find(id.as_bytes())
                    .unwrap_or_else(|| contacts.insert(id.as_bytes(), &name, None, None)),
            )
        };
        let mut account = Account::new(id.clone(), name, rules.roles.len());
        account.owner = row.text(layout::ACCOUNT_OWNER).map(str::to_string);
        account.records = row.count(layout::RECORDS)?;
        account.last_contact = contact(layout::PRIMARY).unwrap_or(NO_CONTACT);
        account.first_contact = contact(layout::FIRST).unwrap_or(NO_CONTACT);
        for (r, key) in layout.roles.iter().enumerate() {
            account.role_contacts[r] = contact(&format!("{key}_contact")).unwrap_or(NO_CONTACT);
        }
        for mc in &layout.metrics {
            let mut v = MetricValue {
                value: row.number(&mc.col(Stat::Value))?,
                ..MetricValue::default()
            };
            if mc.evidence {
                v.count = row.count(&mc.col(Stat::Rows))?;
                v.hits = row.count(&mc.col(Stat::Hits))?;
                v.last_day = row.day(&mc.col(Stat::Last))?;
                v.first_day = row.day(&mc.col(Stat::First))?;
                let key = mc.col(Stat::ContactId);
                let key = key.strip_suffix("_id").expect("contact id column");
                v.contact = contact(key);
                let metric = &rules.metrics[mc.metric];
                for (i, value) in metric.aggregate.listed().iter().enumerate() {
                    if row.count(&mc.seen_col(i))? == 0 {
                        v.missing.push(value.clone());
                    }
                }
            }
            values[mc.metric].push(v);
        }
        account_ids.insert(id, accounts.len());
        accounts.push(account);
    }
    let table_as_of = table_as_of.or(as_of);
    let as_of_day = match (as_of, table_as_of) {
        (Some(given), Some(table)) if given != table => bail!(
            "{}: the metrics were computed as of {}, not {}; run the query with --as-of {} or leave --as-of out",
            path.display(),
            format_day(table),
            format_day(given),
            format_day(given)
        ),
        (_, Some(day)) => day,
        (Some(day), None) => day,
        (None, None) => bail!(
            "{}: the metrics table has no rows, so no as_of date either; give --as-of",
            path.display()
        ),
    };
    let presence = presence.unwrap_or_default();
    let mut history = History::new(as_of_day);
    for (t, first, last) in spans.unwrap_or_default() {
        history.add(t, first, last);
    }
    let mut assessable = vec![Ok(()); rules.metrics.len()];
    for mc in &layout.metrics {
        assessable[mc.metric] = presence.assessable(&rules.metrics[mc.metric]);
    }
    let rows = accounts.len() as u64;
    Ok(Loaded {
        outcome: Outcome::from_values(accounts, contacts, history, assessable, values),
        as_of_day,
        rows,
    })
}

/// Exports that spell NULL out (the DuckDB CLI does) need telling otherwise.
fn null_hint(cell: &str) -> &'static str {
    if cell.eq_ignore_ascii_case("null") {
        " (write NULL as an empty cell, e.g. duckdb -csv -nullvalue '')"
    } else {
        ""
    }
}

/// The first and last day of each table's dated rows, from one row.
fn read_spans(row: &Row, layout: &Layout) -> Result<Vec<(crate::model::Table, i64, i64)>> {
    let mut out = Vec::new();
    for &t in &layout.tables {
        let first = row.day(&layout::history_col(t, "first"))?;
        let last = row.day(&layout::history_col(t, "last"))?;
        if let (Some(first), Some(last)) = (first, last) {
            out.push((t, first, last));
        }
    }
    Ok(out)
}

/// What the data held, from the `present_*` columns of one row.
fn read_presence(row: &Row, layout: &Layout) -> Result<Presence> {
    let mut p = Presence::default();
    for t in layout.present_tables() {
        p.has_file[t as usize] = row.count(&layout::table_col(t))? > 0;
    }
    for &(t, f) in &layout.presence {
        let state = row.count(&layout::field_col(t, f))?;
        p.mapped[t as usize][f.0 as usize] = state >= 1;
        p.seen[t as usize][f.0 as usize] = state >= 2;
    }
    p.any_role = row.count(layout::ANY_ROLE)? > 0;
    Ok(p)
}
