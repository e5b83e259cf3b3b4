//! The streaming pass allocates for accounts and contacts, never per activity
//! row: the same export with six times the activities makes about as many
//! allocations. Counted with a global allocator that tallies every allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use rapport::metrics::{Engine, IgnoreRejects};
use rapport::recognise_all;
use rapport::spec::RuleSet;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by the pass alone over the export in `dir`, and the rows read.
fn pass_allocations(dir: &Path, threads: usize) -> (u64, u64) {
    let rules = RuleSet::builtin().unwrap();
    let (inputs, _) = recognise_all(&rules, &[], &[dir.to_path_buf()]).unwrap();
    let engine = Engine::new(&rules, 20_634).threads(threads);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let outcome = engine.run(&inputs, &mut IgnoreRejects).unwrap();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    let rows = outcome.stats.iter().map(|s| s.rows).sum();
    (after - before, rows)
}

/// The example export with its tasks and events written `times` times over
/// (new ids; the same accounts and contacts).
fn example_with_more_activities(dir: &Path, times: usize) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/brightline");
    for entry in std::fs::read_dir(&example).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if name != "Task.csv" && name != "Event.csv" {
            std::fs::write(dir.join(&name), text).unwrap();
            continue;
        }
        let (header, body) = text.split_once('\n').unwrap();
        let mut out = format!("{header}\n");
        for copy in 0..times {
            // Ids are the first column; make each copy's unique. The one row the
            // example rejects (its reason is worded, so it allocates) is left out.
            for line in body.lines().filter(|l| !l.contains("001BL000000000099A")) {
                out.push_str(&line.replacen("00", &format!("{copy:02}"), 1));
                out.push('\n');
            }
        }
        std::fs::write(dir.join(&name), out).unwrap();
    }
}

#[test]
fn the_pass_does_not_allocate_per_activity_row() {
    for threads in [1, 2] {
        let small = tempfile::tempdir().unwrap();
        let large = tempfile::tempdir().unwrap();
        // Both large enough for the batches of rows to reach their full size.
        example_with_more_activities(small.path(), 20);
        example_with_more_activities(large.path(), 120);
        let (a_small, rows_small) = pass_allocations(small.path(), threads);
        let (a_large, rows_large) = pass_allocations(large.path(), threads);
        let extra_rows = rows_large - rows_small;
        assert!(extra_rows > 5000, "{extra_rows} more rows");
        let extra = a_large.saturating_sub(a_small);
        // Growth of a few per-account lists and of the batches is allowed; one
        // allocation per hundred rows is not.
        assert!(
            extra * 100 < extra_rows,
            "{threads} thread(s): {extra} more allocations for {extra_rows} more rows \
             ({a_small} for {rows_small} rows, {a_large} for {rows_large})"
        );
    }
}
