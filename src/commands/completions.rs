//! `rapport completions SHELL`: a completion script generated from the flags.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};

pub fn completions_command(args: CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    super::write_output(&args.output, &[], |out| {
        clap_complete::generate(args.shell, &mut cmd, "rapport", out);
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}
