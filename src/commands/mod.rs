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

use crate::cli::{Cli, Command};

// The engine's unit tests read exports through this path.
#[cfg(test)]
pub(crate) use crate::pipeline::recognise_all;

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
