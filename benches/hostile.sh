#!/usr/bin/env bash
# Peak memory and time of `rapport score` on hostile files: 1 GB of random bytes
# under a valid header, and an unterminated quote followed by millions of rows.
# Memory must stay flat: rows are streamed, and a record is refused past 1 MiB.
#
#   benches/hostile.sh [MEGABYTES]        default 1024
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-1024}
command -v /usr/bin/time >/dev/null || { echo "skipped: /usr/bin/time is missing (apt-get install time)"; exit 0; }
cargo build --release --quiet --bin rapport
dir=bench-data/hostile
mkdir -p "$dir"
printf 'Id,Name\nA1,Acme\n' >"$dir/Account.csv"
if [[ ! -f $dir/random/Task.csv ]]; then
  mkdir -p "$dir/random"
  { echo "Id,AccountId,Subject,ActivityDate"; head -c "${mb}M" /dev/urandom; } >"$dir/random/Task.csv"
fi
if [[ ! -f $dir/runaway/Task.csv ]]; then
  mkdir -p "$dir/runaway"
  python3 - "$dir/runaway/Task.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("Id,AccountId,Subject,ActivityDate\nT0,A1,\"never closed,2026-01-01\n")
    for i in range(10_000_000):
        f.write(f"T{i},A1,Call,2026-01-01\n")
PY
fi
for case in random runaway; do
  size=$(stat -c %s "$dir/$case/Task.csv")
  /usr/bin/time -f '%e %M' -o /tmp/rapport-hostile.time \
    target/release/rapport score --accounts "$dir/Account.csv" --activities "$dir/$case/Task.csv" \
      --no-config --as-of 2026-06-30 --format json --quiet >/tmp/rapport-hostile.json || true
  read -r secs kb </tmp/rapport-hostile.time
  python3 - "$case" "$size" "$secs" "$kb" <<'PY'
import json, sys
case, size, secs, kb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
r = json.load(open("/tmp/rapport-hostile.json"))
t = [i for i in r["inputs"] if i["path"].endswith("Task.csv")][0]
print(f"{case:8} {size/1e6:8.0f} MB  {secs:6.2f} s  peak {kb/1024:6.1f} MB  rows {t['rows']} used {t['used']} rejected {t['rejected']} skipped {t['skipped']}")
PY
done
