//! `rapport man`: the manual page, generated from the flags: the command, then
//! a section per subcommand, so `man rapport` documents every flag.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};

pub fn man_command(args: ManArgs) -> Result<ExitCode> {
    super::write_output(&args.output, &[], render)?;
    Ok(ExitCode::SUCCESS)
}

fn render(out: &mut dyn Write) -> io::Result<()> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    // Each subcommand as a section of its own, its parts as subsections.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name();
        writeln!(out, ".SH \"RAPPORT {}\"", name.to_uppercase())?;
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("rapport {name}")));
        let mut part = Vec::new();
        page.render_synopsis_section(&mut part)?;
        page.render_description_section(&mut part)?;
        page.render_options_section(&mut part)?;
        page.render_extra_section(&mut part)?;
        for line in String::from_utf8_lossy(&part).lines() {
            match line.strip_prefix(".SH ") {
                // The after-help text: examples and exit status.
                Some("EXTRA") => writeln!(out, ".SS NOTES")?,
                Some(heading) => writeln!(out, ".SS {heading}")?,
                None => writeln!(out, "{line}")?,
            }
        }
    }
    let mut examples = Vec::new();
    man.render_extra_section(&mut examples)?;
    let examples = String::from_utf8_lossy(&examples).replacen(".SH EXTRA", ".SH EXAMPLES", 1);
    out.write_all(examples.as_bytes())?;
    man.render_version_section(out)?;
    Ok(())
}
