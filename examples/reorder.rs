//! Rewrites an export in creation order, as a CRM's full export lists its objects.
//!
//! The generator writes rows account by account, so one account's activities sit
//! together in each file. A real export lists each object in the order its records
//! were created (Salesforce ids are assigned in time order), which spreads one
//! account's rows over the whole file. This copies every CSV of `IN_DIR` into
//! `OUT_DIR` with its data rows sorted by `CreatedDate` (or the first date column
//! named below when a file has none), keeping ties in their original order. The
//! header and every field are copied as they are.
//!
//! Run: `cargo run --release --example reorder -- IN_DIR OUT_DIR`

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The columns that say when a record was created, best first.
const CREATED: &[&str] = &["CreatedDate", "EffectiveDate", "createdate", "created_at"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: reorder IN_DIR OUT_DIR");
        return ExitCode::from(2);
    };
    match reorder_dir(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("reorder: {err}");
            ExitCode::from(2)
        }
    }
}

fn reorder_dir(input: &Path, output: &Path) -> Result<(), Box<dyn Error>> {
    if input.canonicalize()?
        == output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf())
    {
        return Err("OUT_DIR must differ from IN_DIR".into());
    }
    fs::create_dir_all(output)?;
    let mut files: Vec<PathBuf> = fs::read_dir(input)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let name = path.file_name().ok_or("a file without a name")?;
        let rows = reorder_file(path, &output.join(name))?;
        eprintln!("{}: {rows} rows", path.display());
    }
    Ok(())
}

/// Sorts one file's records by its creation column; returns how many it wrote.
fn reorder_file(from: &Path, to: &Path) -> Result<usize, Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_path(from)?;
    let header = reader.byte_headers()?.clone();
    let mut records: Vec<csv::ByteRecord> = reader.byte_records().collect::<Result<_, _>>()?;
    let created = CREATED
        .iter()
        .find_map(|name| header.iter().position(|h| h == name.as_bytes()));
    if let Some(column) = created {
        // Salesforce timestamps and ISO dates sort as text.
        records.sort_by(|a, b| a.get(column).cmp(&b.get(column)));
    }
    let mut writer = csv::WriterBuilder::new().flexible(true).from_path(to)?;
    writer.write_byte_record(&header)?;
    for record in &records {
        writer.write_byte_record(record)?;
    }
    writer.flush()?;
    Ok(records.len())
}
