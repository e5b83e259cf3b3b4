#!/usr/bin/env bash
# Measures how well rapport ranks simulated accounts whose truth is known
# (docs/lab.md). Builds rapport and the simulator in release, then prints one row
# per seed x form.
#
#   scripts/lab.sh [--seeds 1,2,3] [--accounts 2000] [--forms salesforce,hubspot]
#                  [--rules FILE] [-v]
#
# The holdout is seeds nobody has looked at (docs/lab.md: 101-103 are spent,
# 201-203 gave the last figures): run them once per rule change, never to tune
# the simulator.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --manifest-path "$root/Cargo.toml" --release --quiet \
  --bin rapport --example sim --example lab
exec "$target/release/examples/lab" --bin "$target/release" "$@"
