//! The commands: flags in, output out, and the exit code.

mod backtest;
mod check;
mod explain;
mod init;
mod inspect;
mod rules;
mod score;
mod sql;

use std::io;
use std::process::ExitCode;

use anyhow::Result;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::{Cli, Command, InputArgs, RulesArgs};
use crate::config::RuleSet;
use crate::ingest::InputFile;
use crate::model::Table;
use crate::report::Skipped;

pub use score::{PassOptions, ReadFlags, analyse, analyse_paths, recognise_all, recognise_with};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Score(args) => score::score_command(*args),
        Command::Explain(args) => explain::explain_command(args),
        Command::Rules(args) => rules::rules_command(args),
        Command::Check(args) => check::check_command(args),
        Command::Init(args) => init::init_command(args),
        Command::Backtest(args) => backtest::backtest_command(args),
        Command::Inspect(args) => inspect::inspect_command(args),
        Command::Sql(args) => sql::sql_command(args),
    }
}

/// True when the error is a closed pipe (`rapport score | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The file rapport looks for in the current folder and its parents.
pub const CONFIG_FILE: &str = "rapport.toml";

/// The rule set in effect: `--rules`, else the nearest rapport.toml (unless
/// `--no-config`), else the built-in set.
pub fn load_rules(args: &RulesArgs) -> Result<RuleSet> {
    if let Some(path) = &args.rules {
        return RuleSet::from_file(path);
    }
    if !args.no_config
        && let Some(path) = find_config(&std::env::current_dir()?)
    {
        return RuleSet::from_file(&path);
    }
    RuleSet::builtin().context("the built-in rule set is invalid")
}

/// rapport.toml in `dir` or the nearest parent that has one.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// The files of an export, each with its table decided, and the rule set with the
/// value words of the vendors found layered in.
fn read_inputs(
    rules: RuleSet,
    args: &InputArgs,
) -> Result<(RuleSet, Vec<InputFile>, Vec<Skipped>)> {
    let forced: Vec<(Table, PathBuf)> = [
        (Table::Accounts, &args.accounts),
        (Table::Contacts, &args.contacts),
        (Table::ContactRoles, &args.contact_roles),
        (Table::Activities, &args.activities),
        (Table::Deals, &args.deals),
        (Table::Tickets, &args.tickets),
        (Table::Orders, &args.orders),
        (Table::DealCompetitors, &args.deal_competitors),
    ]
    .into_iter()
    .flat_map(|(t, paths)| paths.iter().map(move |p| (t, p.clone())))
    .collect();
    let read = ReadFlags {
        encoding: args.encoding,
        delimiter: args.delimiter,
        preset: args.preset,
        max_record: args.max_record_size,
    };
    let (inputs, skipped) = recognise_with(&rules, &read, &forced, &args.paths)?;
    let rules = with_vendor_words(rules, &inputs)?;
    Ok((rules, inputs, skipped))
}

/// The rule set with the `[classes]` words of each vendor among the inputs.
pub fn with_vendor_words(rules: RuleSet, inputs: &[InputFile]) -> Result<RuleSet> {
    Ok(vendor_words(&rules, inputs)?.unwrap_or(rules))
}

/// The rule set with the vendors' words layered in, or `None` when they add none.
pub fn vendor_words(rules: &RuleSet, inputs: &[InputFile]) -> Result<Option<RuleSet>> {
    let mut vendors: Vec<&'static crate::ingest::Preset> = Vec::new();
    for v in inputs.iter().filter_map(|i| i.vendor) {
        if !vendors.iter().any(|x| std::ptr::eq(*x, v)) {
            vendors.push(v);
        }
    }
    if vendors.iter().all(|v| v.classes.is_none()) {
        return Ok(None);
    }
    Ok(Some(rules.with_presets(&vendors)?))
}
