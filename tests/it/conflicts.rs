//! No file in the repository holds a merge-conflict marker: a conflict resolved
//! by committing both sides is caught here, whatever the file (docs, fixtures,
//! rule sets, code). Only binary files are passed over.

use std::path::{Path, PathBuf};
use std::process::Command;

const OURS: &[u8] = b"<<<<<<< ";
const THEIRS: &[u8] = b">>>>>>> ";
const BETWEEN: &[u8] = b"=======";

/// The files git tracks; where git is missing or this is no checkout, every file
/// under the crate but version-control and build folders.
fn repository_files(root: &Path) -> Vec<PathBuf> {
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|o| o.status.success() && !o.stdout.is_empty());
    match listed {
        Some(out) => out
            .stdout
            .split(|&b| b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
            .collect(),
        None => {
            let mut files = Vec::new();
            walk(root, &mut files);
            files
        }
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if matches!(name.to_str(), Some(".git" | "target")) {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, files),
            Ok(t) if t.is_file() => files.push(path),
            _ => {}
        }
    }
}

/// As git decides it: a NUL byte in the first 8000 bytes.
fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|&b| b == 0)
}

/// The 1-based lines of `text` that are conflict markers: `<<<<<<< ` and
/// `>>>>>>> ` anywhere, `=======` alone on a line between them.
fn conflict_lines(text: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let mut inside = false;
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.starts_with(OURS) {
            inside = true;
            found.push(i + 1);
        } else if line.starts_with(THEIRS) {
            inside = false;
            found.push(i + 1);
        } else if inside && line == BETWEEN {
            found.push(i + 1);
        }
    }
    found
}

#[test]
fn the_marker_scan_finds_each_kind_of_marker() {
    let text = [
        "intro",
        "=======",
        "<<<<<<< HEAD",
        "ours",
        "=======\r",
        "theirs",
        ">>>>>>> branch",
        "=======",
        "a setext heading",
    ]
    .join("\n");
    assert_eq!(conflict_lines(text.as_bytes()), vec![3, 5, 7]);
    assert!(conflict_lines(b"<<<<<<<< not a marker\n>>>>>>>x\n").is_empty());
    assert!(is_binary(b"\xff\xfeI\x00d\x00"));
    assert!(!is_binary("<<<<<<< café".as_bytes()));
}

#[test]
fn no_file_holds_a_merge_conflict_marker() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = repository_files(root);
    assert!(
        files.iter().any(|f| f.ends_with("Cargo.toml")),
        "the repository's files were listed"
    );
    let mut conflicts = Vec::new();
    for path in &files {
        // A tracked file deleted in the working tree has nothing to scan.
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        if is_binary(&bytes) {
            continue;
        }
        let shown = path.strip_prefix(root).unwrap_or(path).display();
        for line in conflict_lines(&bytes) {
            conflicts.push(format!("{shown}:{line}: merge-conflict marker"));
        }
    }
    assert!(
        conflicts.is_empty(),
        "resolve these conflicts:\n{}",
        conflicts.join("\n")
    );
}
