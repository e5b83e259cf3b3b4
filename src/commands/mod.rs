//! The commands: flags in, output out, and the exit code.

mod score;

use std::io;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::ingest::values;

pub use score::{analyse, analyse_paths, recognise_all};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Score(args) => score::score_command(args),
    }
}

/// True when the error is a closed pipe (`rapport score | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Today's date in the user's time zone, as a day number.
fn today() -> i64 {
    let date = jiff::ZonedDateTime::now().date();
    values::days_from_civil(date.year() as i64, date.month() as u32, date.day() as u32)
}
