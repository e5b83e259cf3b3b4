use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = rapport::cli::Cli::parse();
    match rapport::run(cli) {
        Ok(code) => code,
        Err(err) if rapport::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            rapport::output::note(format_args!("rapport: error: {err:#}"));
            ExitCode::from(2)
        }
    }
}
