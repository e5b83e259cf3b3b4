//! `rapport init`: a starter rapport.toml for an export.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::InitArgs;
use crate::ingest::{self, ColumnOverrides};
use crate::model::Table;
use crate::output::{self, Role};
use crate::settings::{CONFIG_FILE, Input, Ui};
use crate::spec::RuleSet;

pub fn init_command(args: InitArgs, ui: &Ui) -> Result<ExitCode> {
    let output = args
        .output
        .output
        .clone()
        .unwrap_or_else(|| CONFIG_FILE.into());
    if output.exists() && !args.force {
        bail!(
            "{} exists; rapport init never overwrites a file without --force",
            output.display()
        );
    }
    let input = Input::resolve(&args.input);
    let exports = if input.paths.is_empty() {
        Vec::new()
    } else {
        ingest::expand_paths(&input.paths)?
    };
    let inputs: Vec<Role> = exports.iter().map(|p| Role::new("the input", p)).collect();
    output::refuse_overlaps(&inputs, &[Role::new("--output", &output)])?;
    let rules = RuleSet::builtin().context("the built-in rule set is invalid")?;
    let text = starter(&rules.columns, &input)?;
    // A starter that does not load would be a poor start: check before writing.
    RuleSet::from_text(&output.display().to_string(), &text)
        .context("the generated file does not load (please report this)")?;
    output::write_atomically(&output, |w| w.write_all(text.as_bytes()))?;
    writeln!(
        ui.notes(),
        "wrote {}: rapport uses it for exports in this folder and below; `rapport check` validates it",
        output.display()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The words of a header, lower-cased: `Visit_Date__c` -> visit, date, c.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A canonical field of `table` whose name's words all appear in the header.
fn guess(table: Table, header: &str, taken: &[bool]) -> Option<&'static str> {
    let hw = words(header);
    table
        .fields()
        .iter()
        .enumerate()
        .filter(|(i, f)| !taken[*i] && !f.headers.is_empty())
        .filter(|(_, f)| words(f.name).iter().all(|w| hw.contains(w)))
        .max_by_key(|(_, f)| words(f.name).len())
        .map(|(_, f)| f.name)
}

fn starter(overrides: &ColumnOverrides, input: &Input) -> Result<String> {
    let paths = &input.paths;
    let mut out = String::new();
    out.push_str(
        "# rapport.toml: the rules rapport uses in this folder (and below).\n\
         # Start from the built-in rules and change only what differs.\n\
         # The language: docs/rules.md; the canonical fields: docs/data-model.md.\n\
         extends = \"default\"\n",
    );
    let mut by_table: Vec<(Table, Vec<String>)> = Vec::new();
    let mut unknown: Vec<(String, Vec<String>)> = Vec::new();
    if !paths.is_empty() {
        for path in ingest::expand_paths(paths)? {
            let headers = ingest::sniff(&path, input.read.encoding, input.read.delimiter)?.headers;
            let vendor = input
                .read
                .preset
                .or_else(|| ingest::preset::detect(&path, &headers).map(|(p, _)| p));
            match ingest::recognise(&path, &headers, overrides, vendor) {
                Ok((table, mapping, _)) => {
                    let mut used = mapping.used_columns(headers.len());
                    for (c, h) in headers.iter().enumerate() {
                        if vendor.is_some_and(|v| v.ignores(h)) {
                            used[c] = true;
                        }
                    }
                    let taken: Vec<bool> = mapping.cols.iter().map(|c| !c.is_empty()).collect();
                    let name = path
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    let mut lines = Vec::new();
                    for h in headers
                        .iter()
                        .enumerate()
                        .filter(|(c, _)| !used[*c])
                        .map(|(_, h)| h)
                    {
                        let field = guess(table, h, &taken).unwrap_or("FIELD");
                        lines.push(format!("# {field} = {h:?}    # {name}"));
                    }
                    match by_table.iter_mut().find(|(t, _)| *t == table) {
                        Some((_, l)) => l.extend(lines),
                        None => by_table.push((table, lines)),
                    }
                }
                Err(_) => unknown.push((path.display().to_string(), headers)),
            }
        }
    }
    if by_table.iter().any(|(_, l)| !l.is_empty()) {
        out.push_str(
            "\n# Columns of your export that rapport does not read. To read one, uncomment\n\
             # its table's [columns.TABLE] line and the column's line, and name the field\n\
             # it holds (FIELD where rapport could not guess).\n",
        );
        for (table, lines) in by_table.iter().filter(|(_, l)| !l.is_empty()) {
            let _ = writeln!(out, "\n# [columns.{table}]");
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
        }
    }
    for (path, headers) in &unknown {
        let _ = writeln!(
            out,
            "\n# {path} was not recognised. Map its columns under the table it holds,\n\
             # or give it with --accounts/--contacts/--activities/--deals/--tickets/--orders:"
        );
        let _ = writeln!(out, "# [columns.TABLE]");
        for h in headers {
            let _ = writeln!(out, "# FIELD = {h:?}");
        }
    }
    out.push_str(
        "\n# Change a built-in rule: name its id and give what differs (`rapport rules`\n\
         # lists them, `rapport rules ID` documents one).\n\
         # [[rule]]\n\
         # id = \"contact-recency\"\n\
         # weight = 10\n\
         # curve = { better = \"lower\", full = 21, zero = 90 }\n\
         \n\
         # Switch a rule off:\n\
         # [[rule]]\n\
         # id = \"inform-changes\"\n\
         # enabled = false\n\
         \n\
         # Add a rule of your own, for example at least two site visits a year:\n\
         # [classes.site-visit]\n\
         # match = [\"site visit\", \"on-site\", \"plant tour\"]\n\
         #\n\
         # [[rule]]\n\
         # id = \"site-visits\"\n\
         # element = \"17\"\n\
         # title = \"At least two site visits a year\"\n\
         # why = \"A partner goes to the customer's site; twice a year keeps the picture current.\"\n\
         # metric = { table = \"activities\", aggregate = \"count\", within_days = 365, where = [\n\
         #   { field = [\"subject\", \"type\"], matches = \"site-visit\" },\n\
         #   { field = \"done\", is = true },\n\
         # ] }\n\
         # curve = { better = \"higher\", full = 2, zero = 0 }\n\
         # weight = 5\n\
         # action = \"Plan a site visit to {account} with {contact}: {count} in the last year.\"\n",
    );
    Ok(out)
}
