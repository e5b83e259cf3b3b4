//! Records the commit a binary was built from, for `rapport --version`. A build
//! from a source tarball (no git, or not a checkout) gives the version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = env!("CARGO_PKG_VERSION");
    // A tarball unpacked inside some other checkout is not that checkout's build.
    let own = git(&["rev-parse", "--show-toplevel"]).is_some_and(|top| {
        let here = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from);
        here.and_then(|h| h.canonicalize().ok()) == Path::new(&top).canonicalize().ok()
    });
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).filter(|_| own);
    let long = match commit {
        Some(commit) => {
            watch_head();
            format!("{version} (commit {commit})")
        }
        None => version.to_string(),
    };
    println!("cargo:rustc-env=RAPPORT_LONG_VERSION={long}");
}

/// Rebuilds when HEAD moves, so the commit shown is the one built. A worktree
/// keeps HEAD in its own git folder and the branches in the shared one.
fn watch_head() {
    for (flag, files) in [
        ("--absolute-git-dir", &["HEAD"][..]),
        ("--git-common-dir", &["refs/heads", "packed-refs"][..]),
    ] {
        let Some(dir) = git(&["rev-parse", flag]) else {
            continue;
        };
        for file in files {
            let path = Path::new(&dir).join(file);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
}

/// The trimmed output of `git ARGS`, when git is there and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}
