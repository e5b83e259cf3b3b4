//! `rapport check`: validate a rule set without scoring anything.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::settings::{self, Ui};

pub fn check_command(args: CheckArgs, ui: &Ui) -> Result<ExitCode> {
    let rules = settings::rule_set(&args.rules, &[], ui)?;
    let enabled: Vec<_> = rules.rules.iter().filter(|r| r.enabled).collect();
    let signals = enabled.iter().filter(|r| r.weight.is_none()).count();
    println!(
        "{}: ok: {} rules ({} scored, {} signals, {} disabled), {} keyword classes, {} bands",
        rules.origin,
        rules.rules.len(),
        enabled.len() - signals,
        signals,
        rules.rules.len() - enabled.len(),
        rules.classes.len(),
        rules.bands.len()
    );
    Ok(ExitCode::SUCCESS)
}
