//! The flags several commands share, resolved once into the values a run uses:
//! the as-of day with today filled in, the thread count, the export and how to
//! read it, and the rule set in effect. Nothing downstream looks at the flags.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{AsOfArgs, ColorChoice, InputArgs, RulesArgs, ThreadsArgs};
use crate::day::Day;
use crate::model::Table;
use crate::pipeline::ReadFlags;
use crate::spec::RuleSet;

/// What a command that reads an export runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `--as-of`, else today.
    pub as_of: Day,
    /// Whether `--as-of` was given (a warehouse metrics table carries its own date).
    pub as_of_given: bool,
    /// Threads the run may use: at least one.
    pub threads: usize,
    pub input: Input,
}

/// The export: the files and folders named, the files whose table is forced,
/// and how to read them.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub paths: Vec<PathBuf>,
    pub forced: Vec<(Table, PathBuf)>,
    pub read: ReadFlags,
}

impl Settings {
    pub fn resolve(as_of: AsOfArgs, input: &InputArgs) -> Settings {
        Settings {
            as_of: as_of_day(as_of),
            as_of_given: as_of.as_of.is_some(),
            threads: threads(input.threads),
            input: Input::resolve(input),
        }
    }

    /// The as-of day when the user gave one.
    pub fn given_as_of(&self) -> Option<Day> {
        self.as_of_given.then_some(self.as_of)
    }
}

impl Input {
    pub fn resolve(args: &InputArgs) -> Input {
        let forced = [
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
        Input {
            paths: args.paths.clone(),
            forced,
            read: ReadFlags {
                encoding: args.read.encoding,
                delimiter: args.read.delimiter,
                preset: args.read.preset,
                max_record: args.read.max_record_size,
                allow_missing: args.read.allow_missing,
            },
        }
    }
}

/// `--as-of`, else today.
pub fn as_of_day(args: AsOfArgs) -> Day {
    args.as_of.unwrap_or_else(Day::today)
}

/// `--threads`: 0 means one per core.
fn threads(args: ThreadsArgs) -> usize {
    thread_count(args.threads)
}

/// Threads for a requested count, where 0 means one per core.
pub fn thread_count(n: usize) -> usize {
    match n {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The file rapport looks for in the current folder and its parents.
pub const CONFIG_FILE: &str = "rapport.toml";

/// The rule set in effect: `--rules`, else the nearest rapport.toml (unless
/// `--no-config`), else the built-in set.
pub fn rule_set(args: &RulesArgs) -> Result<RuleSet> {
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

/// How the score table is laid out for where it goes.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    /// Whether to colour the table: `--color`, and for `auto` a terminal on
    /// stdout with NO_COLOR unset.
    pub colour: bool,
    /// Columns to fit the table in: COLUMNS, else 120 on a terminal, else 160.
    pub width: usize,
}

impl Terminal {
    pub fn resolve(color: ColorChoice, to_file: bool) -> Terminal {
        let on_terminal = std::io::stdout().is_terminal();
        let colour = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                !to_file && on_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(if on_terminal { 120 } else { 160 });
        Terminal { colour, width }
    }
}
