//! Any bytes as an activities file beside a small valid export: every row is
//! used, skipped or rejected, and nothing panics, in any encoding.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rapport::spec::RuleSet;

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    let _ = std::fs::write(dir.join("Account.csv"), "Id,Name,Type\nA1,Acme,Customer\n");
    let _ = std::fs::write(
        dir.join("Contact.csv"),
        "Id,AccountId,Name,Title\nC1,A1,Ann,CFO\n",
    );
    let mut file =
        b"Id,WhoId,AccountId,Subject,ActivityDate,IsClosed,CallType,Description\n".to_vec();
    file.extend_from_slice(data);
    let _ = std::fs::write(dir.join("Task.csv"), &file);
    if let Ok(report) = rapport::analyse_paths(rules(), 20_634, &[dir.clone()]) {
        for input in &report.inputs {
            let c = &input.counts;
            assert_eq!(c.rows, c.used + c.rejected + c.skipped);
        }
        for a in &report.accounts {
            assert!(a.score.is_none_or(|s| (0.0..=100.0).contains(&s)));
        }
    }
});

/// One folder per process, reused: the files are rewritten on every input.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("rapport-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
