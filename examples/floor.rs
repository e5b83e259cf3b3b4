//! The floor for `rapport score`: a bare pass of the csv crate over every CSV file
//! in a folder, with one reused ByteRecord and nothing else. rapport cannot be
//! faster than reading its input; benches/compare.sh times both on the same files.
//!
//!     cargo run --release --example floor -- DIR

use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args_os().nth(1).ok_or("usage: floor DIR")?.into();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let start = Instant::now();
    let (mut records, mut bytes, mut fields) = (0u64, 0u64, 0u64);
    for path in &files {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_path(path)?;
        let mut record = csv::ByteRecord::new();
        while reader.read_byte_record(&mut record)? {
            records += 1;
            fields += record.len() as u64;
        }
        bytes += std::fs::metadata(path)?.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {records} records, {fields} fields, {bytes} bytes in {secs:.3} s: {:.1} MB/s",
        files.len(),
        bytes as f64 / secs / 1e6
    );
    Ok(())
}
