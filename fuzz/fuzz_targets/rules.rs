//! Any text as a rule file: an error with a location or a rule set, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = rapport::spec::RuleSet::from_text("fuzz.toml", text) {
            // Every error names a place in the file.
            assert!(e.line >= 1 && e.column >= 1);
        }
    }
});
