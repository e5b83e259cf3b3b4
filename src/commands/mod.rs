//! The commands: flags in, output out, and the exit code.

mod backtest;
mod check;
mod completions;
mod explain;
mod init;
mod inspect;
mod man;
mod rules;
mod score;
mod sql;
mod trend;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command, OutputArgs};
use crate::output::{self, Role};
use crate::settings::Ui;

// The engine's unit tests read exports through this path.
#[cfg(test)]
pub(crate) use crate::pipeline::recognise_all;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ui = Ui::resolve(cli.common);
    match cli.command {
        Command::Score(args) => score::score_command(*args, &ui),
        Command::Explain(args) => explain::explain_command(args, &ui),
        Command::Rules(args) => rules::rules_command(args, &ui),
        Command::Check(args) => check::check_command(args, &ui),
        Command::Init(args) => init::init_command(args, &ui),
        Command::Backtest(args) => backtest::backtest_command(args, &ui),
        Command::Inspect(args) => inspect::inspect_command(args, &ui),
        Command::Sql(args) => sql::sql_command(args, &ui),
        Command::Trend(args) => trend::trend_command(args),
        Command::Completions(args) => completions::completions_command(args),
        Command::Man(args) => man::man_command(args),
    }
}

/// Writes a command's page to `-o FILE` (replaced in one step, and never one of
/// `inputs`) or to stdout.
fn write_output(
    output: &OutputArgs,
    inputs: &[std::path::PathBuf],
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    write_page(output, inputs, None, render)
}

/// As [`write_output`], for text a person reads: on a terminal (`wrap` the
/// width of stdout) its long lines wrap to the width.
fn write_page(
    output: &OutputArgs,
    inputs: &[std::path::PathBuf],
    wrap: Option<usize>,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match &output.output {
        Some(path) => {
            let inputs: Vec<Role> = inputs.iter().map(|p| Role::new("the input", p)).collect();
            output::refuse_overlaps(&inputs, &[Role::new("--output", path)])?;
            output::write_atomically(path, render)
        }
        None => {
            let stdout = io::stdout();
            let out = io::BufWriter::new(stdout.lock());
            let mut out = crate::term::Fit::new(out, wrap, crate::term::Fitting::Wrap);
            render(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// True when the error is a closed pipe (`rapport score | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
