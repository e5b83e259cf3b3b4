#!/usr/bin/env bash
# rapport score against the floor (a bare csv-crate pass over the same files) and
# the peer (DuckDB with hand-written SQL for comparable per-account metrics), on
# generated Salesforce-style exports, in two row orders: account by account (as
# the generator writes them) and creation order (each file sorted by CreatedDate,
# as a CRM's full export lists its objects, so one account's rows are spread
# over the whole file).
#
#   benches/compare.sh [ACCOUNTS ...]        default: 10000 100000
#   ORDERS="account creation" RUNS=3 benches/compare.sh 10000
#   RAPPORT_BIN=/path/to/older/rapport benches/compare.sh 10000   # time another build
#   NO_BUILD=1 CARGO_TARGET_DIR=/tmp/t benches/compare.sh 10000    # binaries built already
#
# Each export is generated once into bench-data/ (git-ignored). Every command runs
# RUNS times (default 3); the best wall time, the CPU time (user + system) of that
# run, the throughput and the peak RSS over the runs are printed.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
runs=${RUNS:-3}
command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time is missing (apt-get install time)"; exit 0; }

# NO_BUILD=1 times the binaries already built (in CARGO_TARGET_DIR, else target/).
[[ -n ${NO_BUILD:-} ]] || cargo build --release --quiet --bin rapport --example gen --example floor --example reorder
target=${CARGO_TARGET_DIR:-target}
rapport=${RAPPORT_BIN:-$target/release/rapport}
for exe in "$rapport" "$target"/release/examples/{gen,floor,reorder}; do
  [[ -x $exe ]] || { echo "compare.sh: $exe is not built (run without NO_BUILD=1, or build it)" >&2; exit 1; }
done
orders=(${ORDERS:-account creation})
have_duckdb=yes
python=${RAPPORT_PYTHON:-python3}
"$python" -c 'import duckdb' 2>/dev/null || have_duckdb=no

# best_of LABEL CMD...: prints "LABEL wall_seconds cpu_seconds peak_kb"
best_of() {
  local label=$1; shift
  local best="" cpu="" peak=0 secs user sys kb
  for _ in $(seq "$runs"); do
    if ! /usr/bin/time -f '%e %U %S %M' -o /tmp/rapport-compare.time "$@" >/dev/null 2>/tmp/rapport-compare.err; then
      echo "compare.sh: $label failed: $*" >&2
      tail -5 /tmp/rapport-compare.err >&2
      exit 1
    fi
    read -r secs user sys kb </tmp/rapport-compare.time
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs
      cpu=$(awk "BEGIN{print $user + $sys}")
    fi
    (( kb > peak )) && peak=$kb
  done
  echo "$label $best $cpu $peak"
}

json_out=$(mktemp -d)/report.json
printf '%-9s %-9s %-20s %8s %8s %9s %10s\n' accounts order command "wall s" "CPU s" "MB/s" "peak MB"
for n in "${sizes[@]}"; do
  for order in "${orders[@]}"; do
    dir="bench-data/g$n"
    [[ -f "$dir/Account.csv" ]] || "$target"/release/examples/gen --accounts "$n" "$dir" >/dev/null
    if [[ $order == creation ]]; then
      [[ -f "bench-data/g$n-creation/Account.csv" ]] \
        || "$target"/release/examples/reorder "$dir" "bench-data/g$n-creation" 2>/dev/null
      dir="bench-data/g$n-creation"
    fi
    bytes=$(cat "$dir"/*.csv | wc -c)
    results=()
    results+=("$(best_of floor "$target"/release/examples/floor "$dir")")
    results+=("$(best_of rapport-score "$rapport" score "$dir" --as-of 2026-06-30 --no-config --quiet --format csv --output /dev/null)")
    results+=("$(best_of rapport-score-j1 "$rapport" score "$dir" --as-of 2026-06-30 --no-config --quiet --format csv --output /dev/null --threads 1)")
    # Every rule of every account as JSON, written to a file (not /dev/null, so
    # the bytes are really written).
    results+=("$(best_of rapport-json "$rapport" score "$dir" --as-of 2026-06-30 --no-config --quiet --format json --output "$json_out")")
    rm -f "$json_out"
    if [[ $have_duckdb == yes ]]; then
      results+=("$(best_of duckdb-sql "$python" benches/duckdb_metrics.py "$dir" --threads 2)")
    else
      echo "skipped duckdb: the duckdb Python package is not installed (pip install duckdb)"
    fi
    for r in "${results[@]}"; do
      read -r label secs cpu kb <<<"$r"
      awk -v n="$n" -v o="$order" -v l="$label" -v s="$secs" -v c="$cpu" -v b="$bytes" -v k="$kb" 'BEGIN {
        printf "%-9s %-9s %-20s %8.2f %8.2f %9.1f %10.1f\n", n, o, l, s, c, b/s/1e6, k/1024 }'
    done
  done
done
