//! Bounded memory on a runaway record: a quote that is never closed, followed by
//! three million rows, is refused at its line without being read into one field,
//! and the rows after it are read.
//! One test in its own process, so the process's peak memory is this test's.

use std::io::Write;

#[test]
fn an_unterminated_quote_costs_its_line_without_reading_the_file_into_memory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Account.csv"), "Id,Name\nA1,Acme\n").unwrap();
    let path = dir.path().join("Task.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "Id,AccountId,Subject,ActivityDate").unwrap();
    writeln!(f, "T1,A1,Call,2026-05-01").unwrap();
    writeln!(f, "T2,A1,\"never closed,2026-05-02").unwrap();
    for i in 0..3_000_000u32 {
        writeln!(f, "T{i},A1,Follow-up call,2026-05-03").unwrap();
    }
    drop(f);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size > 90_000_000,
        "a file of millions of rows ({size} bytes)"
    );

    let rules = rapport::spec::RuleSet::builtin().unwrap();
    let as_of = rapport::ingest::values::day_of(
        rapport::ingest::values::parse_timestamp(b"2026-06-30").unwrap(),
    );
    let report = rapport::analyse_paths(&rules, as_of, &[dir.path().to_path_buf()]).unwrap();
    let tasks = report
        .inputs
        .iter()
        .find(|i| i.path.ends_with("Task.csv"))
        .unwrap();
    assert_eq!(
        (
            tasks.counts.rows,
            tasks.counts.used,
            tasks.counts.rejected,
            tasks.counts.resynchronised
        ),
        (3_000_002, 3_000_001, 1, 1)
    );

    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let peak_kb: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap();
        // Far below the file's size, so a record read whole cannot pass; with
        // room for what the pass itself holds (peaks of 45-50 MB were seen).
        assert!(
            peak_kb < 64 * 1024,
            "peak memory {peak_kb} kB for a {size}-byte file: the runaway record was read whole"
        );
    }
}
