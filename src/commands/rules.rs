//! `rapport rules [ID]`: the rules in effect, or one rule documented.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::{Format, RulesCmdArgs};
use crate::report;
use crate::rules::describe;
use crate::settings::{self, Ui};

pub fn rules_command(args: RulesCmdArgs, ui: &Ui) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules, &[], ui)?;
    let wrap = (args.format.format == Format::Table)
        .then_some(ui.width)
        .flatten();
    match &args.id {
        None => super::write_page(&args.output, &[], wrap, |out| {
            report::rules::render_list(
                &rules.origin,
                &describe::lines(&rules),
                args.format.format,
                out,
            )
        })?,
        Some(id) => {
            let Some(rule) = rules.rules.iter().find(|r| r.id == *id) else {
                let near: Vec<&str> = rules
                    .rules
                    .iter()
                    .map(|r| r.id.as_str())
                    .filter(|r| r.contains(id.as_str()) || id.contains(r))
                    .collect();
                let hint = if near.is_empty() {
                    "run `rapport rules` for the list".to_string()
                } else {
                    format!("did you mean {}?", near.join(", "))
                };
                bail!("no rule '{id}' in {}: {hint}", rules.origin);
            };
            let doc = describe::document(&rules, rule);
            super::write_page(&args.output, &[], wrap, |out| {
                report::rules::render_doc(&doc, args.format.format, out)
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
