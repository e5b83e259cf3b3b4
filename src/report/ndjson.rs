//! `--format ndjson`: one compact JSON object per account and line, each with
//! the report date, for log pipelines and dashboards.

use std::io::{self, Write};

use serde::Serialize;

use super::{ACCOUNT_SCHEMA, AccountReport, Depth, Report, VERSION};

#[derive(Serialize)]
struct Line<'a> {
    schema: &'static str,
    rapport: &'static str,
    as_of: crate::day::Day,
    #[serde(flatten)]
    account: &'a AccountReport,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    report.write_accounts(Depth::Full, out, |accounts, bytes| {
        while let Some(account) = accounts.next_account() {
            let line = Line {
                schema: ACCOUNT_SCHEMA,
                rapport: VERSION,
                as_of: report.as_of,
                account,
            };
            serde_json::to_writer(&mut *bytes, &line).map_err(io::Error::from)?;
            bytes.push(b'\n');
        }
        Ok(())
    })
}
