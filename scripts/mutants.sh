#!/usr/bin/env bash
# Mutation testing of the core, one module at a time, smallest first: each
# mutant is built and tested in a scratch copy of the tree, niced and on one
# job, so a run shares the machine. Results land in target/mutants/MODULE/
# (mutants.out/caught.txt, missed.txt, ...); TESTING.md has the last figures.
#
#   scripts/mutants.sh [MODULE...]      default: every module below, in order
#   MUTANTS_BUDGET=SECONDS              stop starting modules after this long (default 3600)
#
# Modules: sanitise term values rules score fold-join. cargo-mutants is
# installed when missing (`cargo install cargo-mutants --locked`). The settings
# common to every module, and the mutants known to be equivalent, are in
# .cargo/mutants.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
budget=${MUTANTS_BUDGET:-3600}

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "installing cargo-mutants"
  cargo install cargo-mutants --locked
fi

# What each module is: the files mutated, then the tests that judge them. The
# unit tests (--lib) come first; a module whose behaviour is mostly seen from
# outside adds the themed integration tests that exercise it (a filter on
# tests/it), never the engine, warehouse, browser or terminal ones.
files_of() {
  case $1 in
    sanitise) echo "src/report/sanitise.rs" ;;
    term) echo "src/term.rs" ;;
    values) echo "src/ingest/values/boolean.rs src/ingest/values/date.rs src/ingest/values/day.rs src/ingest/values/number.rs src/ingest/values/timestamp.rs" ;;
    rules) echo "src/rules/*.rs" ;;
    score) echo "src/score/mod.rs src/score/portfolio.rs" ;;
    fold-join) echo "src/metrics/fold.rs src/metrics/join.rs" ;;
    *) echo "unknown module '$1'; expected sanitise, term, values, rules, score or fold-join" >&2; return 1 ;;
  esac
}
tests_of() {
  case $1 in
    sanitise | term | values) echo "--lib" ;;
    rules) echo "--lib --test it -- rules:: actions:: sentences::" ;;
    score) echo "--lib --test it -- score:: stories:: contracts::" ;;
    fold-join) echo "--lib --test it -- metrics:: primitives:: conflicts:: ingest::" ;;
  esac
}

modules=("$@")
((${#modules[@]})) || modules=(sanitise term values rules score fold-join)
for m in "${modules[@]}"; do files_of "$m" >/dev/null; done

# A scratch copy that stays between runs, so only what changed is rebuilt;
# cargo-mutants mutates it in place and restores each file after each mutant.
tree=$root/target/mutants/tree
if [[ ! -d $tree/target && -d $root/target/debug ]]; then
  # Seed it with the dependencies already built here: only rapport is rebuilt.
  mkdir -p "$tree/target/debug"
  cp -a "$root/target/debug/deps" "$root/target/debug/build" "$root/target/debug/.fingerprint" \
    "$tree/target/debug/" 2>/dev/null || true
fi
mkdir -p "$tree"
git ls-files -z --cached --others --exclude-standard \
  | tar --null -T - -cf - | tar -xf - -C "$tree"

start=$(date +%s)
for m in "${modules[@]}"; do
  if (($(date +%s) - start > budget)); then
    echo "$m: not run, the budget of ${budget}s is spent"
    continue
  fi
  args=()
  for f in $(files_of "$m"); do args+=(--file "$f"); done
  # shellcheck disable=SC2046 # the test arguments are words on purpose
  # In place (in the scratch copy) is one mutant at a time; CARGO_BUILD_JOBS=1
  # keeps each build to one core too.
  (cd "$tree" && CARGO_BUILD_JOBS=1 nice -n 19 cargo mutants --in-place --no-shuffle \
    "${args[@]}" --output "$root/target/mutants/$m" -- $(tests_of "$m")) || true
  out=$root/target/mutants/$m/mutants.out
  lines() { if [[ -f $out/$1.txt ]]; then wc -l <"$out/$1.txt"; else echo 0; fi; }
  caught=$(lines caught)
  missed=$(lines missed)
  timeout=$(lines timeout)
  unviable=$(lines unviable)
  viable=$((caught + missed + timeout))
  echo "$m: $caught caught, $timeout timed out, $missed missed of $viable viable ($unviable unviable): $(((caught + timeout) * 100 / (viable > 0 ? viable : 1)))%"
done
