//! Writing files safely: a report is written beside its destination and renamed
//! over it only once complete, so a crashed or killed run never leaves half a
//! report, and an input file is never written over.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// True when both paths name the same existing file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Refuses `path` when it is one of `inputs`.
pub fn refuse_inputs(flag: &str, path: &Path, inputs: &[PathBuf]) -> Result<()> {
    if inputs.iter().any(|i| same_file(i, path)) {
        bail!(
            "{flag} {} is one of the input files; refusing to overwrite it",
            path.display()
        );
    }
    Ok(())
}

/// Writes `path` through `write`: into a temporary file in the same folder,
/// flushed and synced, then renamed over `path`. On any error the temporary file
/// is removed and `path` is left as it was.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    // A device or a pipe (`-o /dev/null`, `-o /dev/stdout`) is written directly:
    // renaming over it would replace the device node.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
        return w
            .flush()
            .with_context(|| format!("cannot write {}", path.display()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .with_context(|| format!("{} is not a file name", path.display()))?
        .to_string_lossy();
    let tmp = dir.join(format!(".{name}.rapport-{}.tmp", std::process::id()));
    let result = (|| -> Result<()> {
        let file = File::create(&tmp)
            .with_context(|| format!("cannot create a file in {}", dir.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w).with_context(|| format!("cannot write {}", path.display()))?;
        let file = w
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", path.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot write {}", path.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the temporary file is removed");
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
    }
}
