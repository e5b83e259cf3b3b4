//! `--format ndjson`: one compact JSON object per account and line, each with
//! the report date, for log pipelines and dashboards; `--detail short` as in
//! the JSON report.

use std::io::{self, Write};

use serde::Serialize;

use super::{ACCOUNT_SCHEMA, AccountReport, Depth, Report, VERSION, json};
use crate::cli::Detail;

#[derive(Serialize)]
struct Line<'a> {
    schema: &'static str,
    rapport: &'static str,
    as_of: crate::day::Day,
    /// `short` with `--detail short`: only the rules the account fell short on.
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'static str>,
    #[serde(flatten)]
    account: &'a AccountReport,
}

pub fn render(report: &Report, detail: Detail, out: &mut dyn Write) -> io::Result<()> {
    report.write_accounts(Depth::Full, out, |accounts, bytes| {
        while let Some(account) = accounts.next_account() {
            let shortened;
            let (account, detail) = match detail {
                Detail::All => (account, None),
                Detail::Short => {
                    shortened = json::short(account);
                    (&shortened, Some("short"))
                }
            };
            let line = Line {
                schema: ACCOUNT_SCHEMA,
                rapport: VERSION,
                as_of: report.as_of,
                detail,
                account,
            };
            serde_json::to_writer(&mut *bytes, &line).map_err(io::Error::from)?;
            bytes.push(b'\n');
        }
        Ok(())
    })
}
