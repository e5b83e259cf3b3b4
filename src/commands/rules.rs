//! `rapport rules [ID]`: the rules in effect, or one rule documented.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::RulesCmdArgs;
use crate::report;
use crate::rules::describe;
use crate::settings;

pub fn rules_command(args: RulesCmdArgs) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules)?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match &args.id {
        None => report::rules::render_list(
            &rules.origin,
            &describe::lines(&rules),
            args.format.format,
            &mut out,
        )?,
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
            report::rules::render_doc(
                &describe::document(&rules, rule),
                args.format.format,
                &mut out,
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
