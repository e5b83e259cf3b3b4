//! An output is never an input, and two outputs are never one file. Files are
//! compared as files, by device and inode, and by canonical path for an output
//! that does not exist yet: a hard link, a symbolic link or `./` in front of a
//! name does not make a file a different one.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// A file rapport reads or writes, and the flag that named it.
#[derive(Debug, Clone, Copy)]
pub struct Role<'a> {
    /// What named it: `--rules`, `--output`, `the input`, ...
    pub flag: &'a str,
    pub path: &'a Path,
}

impl<'a> Role<'a> {
    pub fn new(flag: &'a str, path: &'a Path) -> Role<'a> {
        Role { flag, path }
    }
}

/// What identifies a file.
#[derive(Debug, PartialEq)]
struct Identity {
    /// Device and inode of an existing file.
    inode: Option<(u64, u64)>,
    /// The canonical path, or for a file not yet there its canonical folder and name.
    canonical: Option<PathBuf>,
}

impl Identity {
    fn of(path: &Path) -> Identity {
        let inode = std::fs::metadata(path).ok().map(|m| inode(&m));
        let canonical = path.canonicalize().ok().or_else(|| {
            let name = path.file_name()?;
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            Some(dir.canonicalize().ok()?.join(name))
        });
        Identity {
            inode: inode.flatten(),
            canonical,
        }
    }

    fn same(&self, other: &Identity) -> bool {
        fn both<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
            a.is_some() && a == b
        }
        both(&self.inode, &other.inode) || both(&self.canonical, &other.canonical)
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> Option<(u64, u64)> {
    None
}

/// Refuses, before anything is written, an output that is one of `inputs` or
/// the same file as another output, naming both. Outputs that are devices or
/// pipes (`/dev/stdout`, `/dev/null`) are written, not replaced, and may repeat.
pub fn refuse_overlaps(inputs: &[Role], outputs: &[Role]) -> Result<()> {
    let read: Vec<Identity> = inputs.iter().map(|r| Identity::of(r.path)).collect();
    let mut written: Vec<(&Role, Identity)> = Vec::new();
    for out in outputs {
        if std::fs::metadata(out.path).is_ok_and(|m| !m.is_file()) {
            continue;
        }
        let id = Identity::of(out.path);
        if let Some((input, _)) = inputs.iter().zip(&read).find(|(_, r)| r.same(&id)) {
            bail!(
                "{} {} is the same file as {} {}; refusing to overwrite it",
                out.flag,
                out.path.display(),
                input.flag,
                input.path.display()
            );
        }
        if let Some((other, _)) = written.iter().find(|(_, w)| w.same(&id)) {
            bail!(
                "{} {} and {} {} are the same file; give each output a file of its own",
                other.flag,
                other.path.display(),
                out.flag,
                out.path.display()
            );
        }
        written.push((out, id));
    }
    Ok(())
}
