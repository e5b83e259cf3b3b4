//! The reference docs are generated from the code and the built-in rule set, so
//! they cannot drift. Run with `RAPPORT_BLESS=1` to rewrite them after a change.

use std::fmt::Write as _;

use rapport::model::{FieldKind, Table};
use rapport::spec::RuleSet;

fn section(path: &str, marker: &str, generated: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let start = format!("<!-- {marker}:start -->\n");
    let end = format!("<!-- {marker}:end -->");
    let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
        panic!("{path} lacks the {marker} markers");
    };
    let current = &text[a + start.len()..b];
    if current == generated {
        return;
    }
    if std::env::var_os("RAPPORT_BLESS").is_some() {
        let updated = format!("{}{generated}{}", &text[..a + start.len()], &text[b..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    panic!(
        "{path} is out of date with the code; run `RAPPORT_BLESS=1 cargo test --test it docs::`"
    );
}

#[test]
fn data_model_doc_lists_every_field_and_header() {
    let mut out = String::new();
    for table in Table::ALL {
        writeln!(out, "### {table}\n").unwrap();
        writeln!(
            out,
            "Recognised by any of: {}. Windows use `{}` unless a metric names another date.\n",
            table
                .markers()
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", "),
            table.default_date()
        )
        .unwrap();
        writeln!(out, "| field | type | meaning | header spellings |").unwrap();
        writeln!(out, "|---|---|---|---|").unwrap();
        for f in table.fields() {
            let kind = match f.kind {
                FieldKind::Id => "id",
                FieldKind::Text => "text",
                FieldKind::Date => "date",
                FieldKind::Bool => "boolean",
                FieldKind::Number => "number",
                FieldKind::Duration => "duration",
            };
            let headers = if f.headers.is_empty() {
                "(derived)".to_string()
            } else {
                f.headers
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            writeln!(out, "| `{}` | {kind} | {} | {headers} |", f.name, f.meaning).unwrap();
        }
        writeln!(out).unwrap();
    }
    section("docs/data-model.md", "fields", &out);
}

#[test]
fn rules_doc_lists_every_built_in_rule() {
    let rules = RuleSet::builtin().unwrap();
    let mut out = String::new();
    writeln!(
        out,
        "| id | element | title | weight | metric | curve (full → zero) |"
    )
    .unwrap();
    writeln!(out, "|---|---|---|---|---|---|").unwrap();
    for r in &rules.rules {
        let m = &rules.metrics[r.metric];
        let window = m
            .window_days
            .map_or(String::new(), |d| format!(", {d} days"));
        let (full, zero) = match r.curve.relative {
            Some(rel) => (format!("p{}", rel.full), format!("p{}", rel.zero)),
            None => (r.curve.full.to_string(), r.curve.zero.to_string()),
        };
        let shape = match r.curve.shape {
            rapport::spec::Shape::Linear => String::new(),
            other => format!(", {}", other.name()),
        };
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} {}{} | {full} → {zero} ({} is better{shape}) |",
            r.id,
            r.element,
            r.title,
            r.weight.map_or("signal".to_string(), |w| w.to_string()),
            m.aggregate.name(),
            m.table,
            window,
            match r.curve.better {
                rapport::spec::Better::Lower => "lower",
                rapport::spec::Better::Higher => "higher",
            }
        )
        .unwrap();
    }
    writeln!(out).unwrap();
    for r in &rules.rules {
        writeln!(
            out,
            "#### `{}`: {}\n\n{}\n",
            r.id,
            r.title,
            r.why.replace('\n', " ")
        )
        .unwrap();
        writeln!(out, "Action: *{}*\n", r.action.source).unwrap();
    }
    section("docs/rules.md", "builtin", &out);
}
