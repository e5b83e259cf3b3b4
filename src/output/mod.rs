//! Writing files safely. An output is written into a file of its own in the
//! destination's folder and put in place only once complete, so a failed or
//! killed run never leaves half a report and never replaces last week's. The
//! file is created exclusively (on Linux unnamed, with `O_TMPFILE`, elsewhere
//! under an unpredictable name), so a link planted in a shared folder is never
//! followed, and a replaced file keeps its permissions. `identity` keeps an
//! output off every input and every other output; `stderr` is the diagnostics
//! channel that never fails a run.

mod identity;
mod stderr;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub use identity::{Role, refuse_overlaps};
pub use stderr::{Stderr, note};

/// Writes `path` through `write`, as [`Output`] does: in one step, once complete.
/// On any error `path` is left as it was and nothing else is left behind.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut out = Output::create(path)?;
    write(&mut out).with_context(|| format!("cannot write {}", path.display()))?;
    out.commit()
}

/// A file being written. Nothing is visible at `path` until [`Output::commit`];
/// dropping it uncommitted (an error, a panic) removes what was written.
pub struct Output {
    path: PathBuf,
    file: BufWriter<File>,
    kind: Kind,
}

enum Kind {
    /// A device or a pipe (`-o /dev/stdout`, `-o /dev/null`), written directly:
    /// renaming over it would replace the device node.
    Direct,
    /// A file without a name in `dir`, linked in at the end (Linux).
    #[cfg(target_os = "linux")]
    Unnamed { dir: PathBuf },
    /// A file under an unpredictable name, created exclusively; removed on drop.
    Named(tempfile::TempPath),
}

impl Output {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<Output> {
        // Follows links: `/dev/stdout` is one.
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
        {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            return Ok(Output {
                path: path.to_path_buf(),
                file: BufWriter::new(file),
                kind: Kind::Direct,
            });
        }
        if path.file_name().is_none() {
            anyhow::bail!("{} is not a file name", path.display());
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // A file replaced keeps its permissions: a report kept private stays so.
        // The mode of a link's target is not taken: the link itself is replaced.
        let mode = std::fs::symlink_metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|m| m.permissions());
        let cannot = || format!("cannot create a file in {}", dir.display());
        #[cfg(target_os = "linux")]
        if let Some(file) = unnamed_in(&dir) {
            let file = file.with_context(cannot)?;
            if let Some(mode) = mode {
                file.set_permissions(mode).with_context(cannot)?;
            }
            return Ok(Output {
                path: path.to_path_buf(),
                file: BufWriter::new(file),
                kind: Kind::Unnamed { dir },
            });
        }
        let temp = tempfile::Builder::new()
            .prefix(".rapport-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .with_context(cannot)?;
        let (file, temp) = temp.into_parts();
        if let Some(mode) = mode {
            file.set_permissions(mode).with_context(cannot)?;
        }
        Ok(Output {
            path: path.to_path_buf(),
            file: BufWriter::new(file),
            kind: Kind::Named(temp),
        })
    }

    /// Flushes, syncs and puts the file in place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let cannot_write = || format!("cannot write {}", path.display());
        let file = self
            .file
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .with_context(cannot_write)?;
        match self.kind {
            Kind::Direct => Ok(()),
            #[cfg(target_os = "linux")]
            Kind::Unnamed { dir } => {
                file.sync_all().with_context(cannot_write)?;
                let name = link_in(&file, &dir, &path).with_context(cannot_write)?;
                std::fs::rename(&name, &path).map_err(|e| {
                    let _ = std::fs::remove_file(&name);
                    anyhow::Error::new(e).context(format!("cannot replace {}", path.display()))
                })
            }
            Kind::Named(temp) => {
                file.sync_all().with_context(cannot_write)?;
                temp.persist(&path)
                    .map_err(|e| e.error)
                    .with_context(|| format!("cannot replace {}", path.display()))
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// An unnamed file in `dir`; None where the file system has no such files.
#[cfg(target_os = "linux")]
fn unnamed_in(dir: &Path) -> Option<io::Result<File>> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    match openat(
        CWD,
        dir,
        OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o666),
    ) {
        Ok(fd) => Some(Ok(File::from(fd))),
        // No unnamed files on this file system (OPNOTSUPP, INVAL), or a kernel
        // before 3.11 that opened the folder itself (ISDIR).
        Err(e)
            if [
                rustix::io::Errno::OPNOTSUPP,
                rustix::io::Errno::INVAL,
                rustix::io::Errno::ISDIR,
            ]
            .contains(&e) =>
        {
            None
        }
        Err(e) => Some(Err(e.into())),
    }
}

/// Gives the unnamed `file` a fresh, unpredictable name beside `path`. Linking
/// never follows a link at the new name and fails if the name is taken.
#[cfg(target_os = "linux")]
fn link_in(file: &File, dir: &Path, path: &Path) -> io::Result<PathBuf> {
    use std::hash::{BuildHasher, Hasher};
    use std::os::fd::AsRawFd;

    use rustix::fs::{AtFlags, CWD, linkat};
    let from = format!("/proc/self/fd/{}", file.as_raw_fd());
    let stem = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for attempt in 0..16u32 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        h.write_u32(attempt);
        let name = dir.join(format!(".{stem}.rapport-{:016x}.tmp", h.finish()));
        match linkat(CWD, from.as_str(), CWD, &name, AtFlags::SYMLINK_FOLLOW) {
            Ok(()) => return Ok(name),
            Err(e) if e == rustix::io::Errno::EXIST => last = e.into(),
            Err(e) => return Err(e.into()),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old report").unwrap();
        let err = write_atomically(&path, |w| {
            w.write_all(b"half a new rep")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old report");
        assert_eq!(names(dir.path()), ["report.json"], "nothing is left behind");
    }

    #[test]
    fn a_device_is_written_not_replaced() {
        write_atomically(Path::new("/dev/null"), |w| w.write_all(b"discarded")).unwrap();
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn a_complete_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names(dir.path()), ["report.json"]);
    }

    #[test]
    fn an_output_dropped_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rejects.csv");
        let mut out = Output::create(&path).unwrap();
        out.write_all(b"file,line\n").unwrap();
        drop(out);
        assert!(names(dir.path()).is_empty());
    }
}
