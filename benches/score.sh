#!/usr/bin/env bash
# Throughput and peak memory of `rapport score` end to end on generated exports.
#
#   benches/score.sh [ACCOUNTS ...]        default: 1000 10000
#
# Generates each export once into bench-data/ (git-ignored) with
# `cargo run --release --example gen`, then scores it three times and prints the
# best wall time, MB/s, rows/s and peak RSS (from /usr/bin/time -v) per size.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)
runs=${RUNS:-3}

command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time is missing (apt-get install time)"; exit 0; }
cargo build --release --quiet
cargo build --release --quiet --example gen

printf '%-10s %12s %10s %10s %10s %12s %10s\n' accounts bytes lines "best s" "MB/s" "lines/s" "peak MB"
for n in "${sizes[@]}"; do
  dir="bench-data/g$n"
  [[ -f "$dir/Account.csv" ]] || target/release/examples/gen --accounts "$n" "$dir" >/dev/null
  bytes=$(cat "$dir"/*.csv | wc -c)
  rows=$(( $(cat "$dir"/*.csv | wc -l) ))
  best=""
  peak=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o /tmp/rapport-bench.time \
      target/release/rapport score "$dir" --as-of 2026-06-30 --format json --quiet >/dev/null
    read -r secs kb </tmp/rapport-bench.time
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; fi
    (( kb > peak )) && peak=$kb
  done
  awk -v n="$n" -v b="$bytes" -v r="$rows" -v s="$best" -v p="$peak" 'BEGIN {
    printf "%-10s %12d %10d %10.2f %10.1f %12.0f %10.1f\n", n, b, r, s, b/s/1e6, r/s, p/1024 }'
done
