//! The flags several commands share, resolved once into the values a run uses:
//! the as-of day with today filled in, the thread count, the export and how to
//! read it, and the rule set in effect. Nothing downstream looks at the flags.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::{AsOfArgs, ColorChoice, CommonArgs, InputArgs, RulesArgs, ThreadsArgs};
use crate::day::{AsOf, Day};
use crate::model::Table;
use crate::pipeline::ReadFlags;
use crate::spec::RuleSet;
use crate::term;

/// What a command that reads an export runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `--as-of`, else today; `latest` is settled once the export is read.
    pub as_of: AsOf,
    /// Whether a date was given with `--as-of` (a warehouse metrics table
    /// carries its own date).
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
            as_of: as_of.as_of.unwrap_or_else(|| AsOf::Day(Day::today())),
            as_of_given: as_of.as_of.is_some_and(|a| a.day().is_some()),
            threads: threads(input.threads),
            input: Input::resolve(input),
        }
    }

    /// The as-of day when the user gave one.
    pub fn given_as_of(&self) -> Option<Day> {
        self.as_of.day().filter(|_| self.as_of_given)
    }
}

impl Input {
    /// Every path named: the files and folders, then the files whose table is forced.
    pub fn all_paths(&self) -> Vec<PathBuf> {
        self.paths
            .iter()
            .cloned()
            .chain(self.forced.iter().map(|(_, p)| p.clone()))
            .collect()
    }

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

/// `--as-of`, else today, for a command that reads no export: `latest` has
/// nothing to be the latest of.
pub fn as_of_day(args: AsOfArgs) -> Result<Day> {
    match args.as_of {
        None => Ok(Day::today()),
        Some(AsOf::Day(day)) => Ok(day),
        Some(AsOf::Latest) => anyhow::bail!(
            "--as-of latest needs an export to read its newest record from; give a date (YYYY-MM-DD)"
        ),
    }
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

/// The file rapport looks for beside the export, and in the current folder, and
/// in their parents.
pub const CONFIG_FILE: &str = "rapport.toml";

/// The rule set in effect: `--rules`, else (unless `--no-config`) the nearest
/// rapport.toml from the export's folder upwards, then from the current folder
/// upwards, else the built-in set. `export` is the files and folders the
/// command reads (none for `rules` and `check`). A rule file used is named on
/// stderr, unless `-q`.
pub fn rule_set(args: &RulesArgs, export: &[PathBuf], ui: &Ui) -> Result<RuleSet> {
    let Some(path) = rule_file(args, export)? else {
        return RuleSet::builtin().context("the built-in rule set is invalid");
    };
    let rules = RuleSet::from_file(&path)?;
    writeln!(ui.notes(), "rules: {}", path.display())?;
    Ok(rules)
}

/// The rule file a run reads: `--rules`, else the discovered rapport.toml
/// (none with `--no-config`), else none (the built-in set).
pub fn rule_file(args: &RulesArgs, export: &[PathBuf]) -> Result<Option<PathBuf>> {
    Ok(match &args.rules {
        Some(path) => Some(path.clone()),
        None if args.no_config => None,
        None => discover_config(export, &std::env::current_dir()?),
    })
}

/// The rapport.toml that applies to `export` read from `cwd`: the nearest one
/// from the folder of each export path upwards (as a linter resolves its
/// settings from the file checked), else the nearest from `cwd` upwards.
pub fn discover_config(export: &[PathBuf], cwd: &Path) -> Option<PathBuf> {
    export
        .iter()
        .filter_map(|p| {
            let p = cwd.join(p);
            let dir = if p.is_dir() {
                p
            } else {
                p.parent()?.to_path_buf()
            };
            // `..` and symbolic links are resolved so the search climbs the real
            // folders; a path that does not exist is left to the reader to refuse.
            dir.canonicalize().ok()
        })
        .find_map(|dir| find_config(&dir))
        .or_else(|| find_config(cwd))
}

/// The most actions a report lists per account: `--max-actions`, else the rule
/// set's `[actions] per_account`.
pub fn action_budget(rules: &RuleSet, max_actions: Option<usize>) -> usize {
    max_actions.unwrap_or(rules.actions.per_account)
}

/// rapport.toml in `dir` or the nearest parent that has one.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|p| p.is_file())
}

/// The common flags resolved: how much to say on stderr and how output is laid
/// out for where it goes.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// `--color` as given; see [`Ui::colour_stdout`].
    pub color: ColorChoice,
    /// `-q`: nothing on stderr but errors.
    pub quiet: bool,
    /// Columns stdout may use: `None` off a terminal or with `--wide`.
    pub width: Option<usize>,
    /// Columns stderr may use: `None` off a terminal.
    pub err_width: Option<usize>,
}

impl Ui {
    pub fn resolve(args: CommonArgs) -> Ui {
        Ui {
            color: args.color,
            quiet: args.quiet,
            width: if args.wide {
                None
            } else {
                term::stdout_columns()
            },
            err_width: term::stderr_columns(),
        }
    }

    /// Whether to colour stdout, or a file (`to_file`: only with `--color always`).
    pub fn colour_stdout(&self, to_file: bool) -> bool {
        match (to_file, self.color) {
            (true, ColorChoice::Always) => true,
            (true, _) => false,
            (false, c) => term::colour(c, std::io::stdout().is_terminal()),
        }
    }

    /// The width to fit stdout to: none when writing to a file.
    pub fn width_for(&self, to_file: bool) -> Option<usize> {
        if to_file { None } else { self.width }
    }

    /// Where notes for a person go: stderr, wrapped to its width; nothing with `-q`.
    pub fn notes(&self) -> Box<dyn std::io::Write> {
        if self.quiet {
            return Box::new(std::io::sink());
        }
        Box::new(term::Fit::new(
            crate::output::Stderr,
            self.err_width,
            term::Fitting::Wrap,
        ))
    }
}
