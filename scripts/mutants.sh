#!/usr/bin/env bash
# Mutation testing of the core, one module at a time, smallest first: each
# mutant is built and tested in a scratch copy of the tree, niced and on one
# job, so a run shares the machine. Results land in target/mutants/MODULE/
# (mutants.out/caught.txt, missed.txt, ...); TESTING.md has the last figures.
#
#   scripts/mutants.sh [MODULE...]      default: every module below, in order
#   MUTANTS_BUDGET=SECONDS              stop starting modules after this long (default 3600)
#   MUTANTS_LIST=1                      only count each module's mutants, run nothing
#   MUTANTS_ITERATE=1                   skip the mutants an earlier run of the module caught
#   MUTANTS_RE=REGEX                    only the mutants whose names match (with ITERATE:
#                                       an edit moved the lines the last run named)
#   MUTANTS_SHARD=K/N                   a deterministic sample: every Nth mutant from the
#                                       Kth (0-based, round-robin over the listed order)
#   MUTANTS_JOBS=N                      N mutants at once, each in its own copy of the
#                                       scratch tree, target included (default 1, in place)
#   MUTANTS_TOOL=cargo                   test with cargo test even where nextest is installed
#   MUTANTS_TREE=DIR                    the scratch tree (default target/mutants/tree): a
#                                       second run at once needs a tree of its own
#
# Modules: sanitise values term curves rules score fold-join. cargo-mutants is
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

all_modules=(sanitise values term curves rules score fold-join)

# What each module is: the files mutated, an optional filter on the mutants'
# names (for a file only part of which is the module), the test targets built
# and run, and the filters on the tests' names.
files_of() {
  case $1 in
    sanitise) echo "src/report/sanitise.rs" ;;
    term) echo "src/term.rs" ;;
    values) echo "src/ingest/values/*.rs" ;;
    curves) echo "src/spec/rule.rs" ;;
    rules) echo "src/rules/*.rs" ;;
    score) echo "src/score/mod.rs src/score/portfolio.rs" ;;
    fold-join) echo "src/metrics/fold.rs src/metrics/join.rs src/metrics/ahead.rs" ;;
    *) echo "unknown module '$1'; expected one of: ${all_modules[*]}" >&2; return 1 ;;
  esac
}
# src/spec/rule.rs is mostly the rule's data; its code is the curves.
names_of() {
  case $1 in
    curves) echo "(Shape|Curve)::|percentile" ;;
  esac
}
# The targets go to every cargo call, the build too, so a mutant builds only
# the tests that judge it (the unit tests link in seconds; the whole test
# suite takes minutes on a loaded machine). A module whose behaviour is mostly
# seen from outside adds the themed integration tests that exercise it (a
# filter on tests/it, which applies to the unit tests' names too), never the
# engine, warehouse, browser or terminal ones.
targets_of() {
  case $1 in
    sanitise | term | values | curves) echo "--lib" ;;
    rules | score | fold-join) echo "--lib --test it" ;;
  esac
}
# One unit test runs two whole scoring passes for six seconds to compare the
# threads' folds: it cannot tell the text and value functions' mutants apart,
# so the modules judged by the unit tests alone skip it.
filters_of() {
  case $1 in
    sanitise | term | values | curves) echo "--skip metrics::run::tests::keyword_classes_worked_out_by_either_thread_fold_the_same" ;;
    rules) echo "rules:: actions:: sentences:: history::" ;;
    score) echo "score:: stories:: contracts:: history:: scoring::" ;;
    fold-join) echo "metrics:: primitives:: conflicts:: ingest:: fold:: roles:: respond:: history:: actions:: accounts:: fivetran::" ;;
  esac
}

modules=("$@")
((${#modules[@]})) || modules=("${all_modules[@]}")
for m in "${modules[@]}"; do files_of "$m" >/dev/null; done

mutant_args() {
  local f t
  for f in $(files_of "$1"); do printf '%s\n' --file "$f"; done
  if [[ -n $(names_of "$1") ]]; then printf '%s\n' --re "$(names_of "$1")"; fi
  for t in $(targets_of "$1"); do printf '%s\n' --cargo-arg="$t"; done
}

if [[ -n ${MUTANTS_LIST:-} ]]; then
  for m in "${modules[@]}"; do
    mapfile -t args < <(mutant_args "$m")
    if [[ -n ${MUTANTS_SHARD:-} ]]; then args+=(--shard "$MUTANTS_SHARD" --sharding round-robin); fi
    echo "$m: $(cargo mutants --list "${args[@]}" | wc -l) mutants"
  done
  exit 0
fi

# A scratch copy that stays between runs, so only what changed is rebuilt;
# cargo-mutants mutates it in place and restores each file after each mutant.
tree=${MUTANTS_TREE:-$root/target/mutants/tree}
if [[ ! -d $tree/target && -d $root/target/debug ]]; then
  # Seed it with the dependencies already built here: only rapport is rebuilt.
  mkdir -p "$tree/target/debug"
  cp -a "$root/target/debug/deps" "$root/target/debug/build" "$root/target/debug/.fingerprint" \
    "$tree/target/debug/" 2>/dev/null || true
fi
mkdir -p "$tree"
# Extracted with the time of the copy (-m), not the files' own: a file put back
# older than the build of the last mutant would leave that build looking fresh.
git ls-files -z --cached --others --exclude-standard \
  | tar --null -T - -cf - | tar -xmf - -C "$tree"

start=$(date +%s)
for m in "${modules[@]}"; do
  if (($(date +%s) - start > budget)); then
    echo "$m: not run, the budget of ${budget}s is spent"
    continue
  fi
  mapfile -t args < <(mutant_args "$m")
  if [[ -n ${MUTANTS_ITERATE:-} ]]; then args+=(--iterate); fi
  if [[ -n ${MUTANTS_RE:-} ]]; then args+=(--re "$MUTANTS_RE"); fi
  if [[ -n ${MUTANTS_SHARD:-} ]]; then args+=(--shard "$MUTANTS_SHARD" --sharding round-robin); fi
  # One job mutates the scratch copy in place. More copy it once per job, its
  # target too; a copy still rebuilds the dependencies whose build scripts
  # recorded the tree's path (two to three minutes), then only rapport.
  if ((${MUTANTS_JOBS:-1} > 1)); then
    args+=(--jobs "$MUTANTS_JOBS" --copy-target=true)
  else
    args+=(--in-place)
  fi
  # nextest, when installed, stops at a mutant's first failing test and runs
  # the unit and integration tests side by side; cargo test runs every test
  # of a binary that has already failed. MUTANTS_TOOL=cargo keeps cargo test.
  if [[ ${MUTANTS_TOOL:-} != cargo ]] && cargo nextest --version >/dev/null 2>&1; then
    args+=(--test-tool=nextest)
  fi
  filters=()
  if [[ -n $(filters_of "$m") ]]; then
    # shellcheck disable=SC2207 # the filters are words on purpose
    filters=(-- $(filters_of "$m"))
  fi
  # CARGO_BUILD_JOBS=1 keeps each build to one core; no debug info, which
  # only slows the link of each mutant's test binaries.
  (cd "$tree" && CARGO_BUILD_JOBS=1 CARGO_PROFILE_DEV_DEBUG=0 nice -n 19 cargo mutants --no-shuffle \
    "${args[@]}" --output "$root/target/mutants/$m" -- "${filters[@]}") || true
  out=$root/target/mutants/$m/mutants.out
  lines() { if [[ -f $out/$1.txt ]]; then wc -l <"$out/$1.txt"; else echo 0; fi; }
  # An --iterate run lists what earlier runs caught in previously_caught.txt.
  caught=$(($(lines caught) + $(lines previously_caught)))
  missed=$(lines missed)
  timeout=$(lines timeout)
  unviable=$(lines unviable)
  viable=$((caught + missed + timeout))
  echo "$m: $caught caught, $timeout timed out, $missed missed of $viable viable ($unviable unviable): $(((caught + timeout) * 100 / (viable > 0 ? viable : 1)))%"
done
