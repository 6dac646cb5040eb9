#!/usr/bin/env bash
# Runs each cargo-fuzz target in fuzz/ (libFuzzer, AddressSanitizer, on the
# nightly toolchain) for FUZZ_SECONDS seconds (default 60), after replaying
# its crash corpus fuzz/regressions/<target>/. `npm run fuzz` runs this;
# scripts/test.sh runs a short pass of it as the "fuzz" suite. Arguments
# name the targets to run (default: all of them).
#
# cargo-fuzz comes from PATH, or else is installed once (about a minute and
# a half) into ${PYBUFFER_TOOLS:-~/.cache/pybuffer}/cargo-fuzz. Without
# nightly, or when cargo-fuzz cannot be had, the script says SKIP and why,
# and counts nothing. New inputs go to fuzz/corpus/<target>/; a crash is
# written to fuzz/artifacts/<target>/ -- fix it, then copy it into
# fuzz/regressions/<target>/ so that every later run, and the stable
# `cargo test` (crates/capi/tests/fuzz_regressions.rs), replays it.
# Ends with "fuzz: N passed, N failed" (one per target).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(format validate copy args)

skip() {
  echo "fuzz: SKIP: $*"
  echo "fuzz: 0 passed, 0 failed"
  exit 0
}

command -v cargo >/dev/null 2>&1 || skip "cargo is not installed"
cargo +nightly --version >/dev/null 2>&1 ||
  skip "no nightly toolchain (rustup toolchain install nightly)"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  tools=${PYBUFFER_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/pybuffer}/cargo-fuzz
  if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    echo "fuzz: installing cargo-fuzz into $tools (once)"
    nice cargo install --locked --quiet --root "$tools" cargo-fuzz --version '^0.13' ||
      skip "cargo-fuzz is not installed and 'cargo install cargo-fuzz' failed"
  fi
  export PATH="$tools/bin:$PATH"
fi

echo "fuzz: building ${targets[*]} (cargo +nightly fuzz build)"
build() {
  if [ $# -eq 0 ]; then
    nice cargo +nightly fuzz build
  else
    for t in "$@"; do nice cargo +nightly fuzz build "$t" || return 1; done
  fi
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! build "$@" >"$log" 2>&1; then
  tail -n 30 "$log"
  echo "fuzz: build failed"
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

passed=0 failed=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  start=$SECONDS
  # The regressions directory comes second: libFuzzer runs every input in
  # it first, and writes new ones only to the first directory.
  nice cargo +nightly fuzz run "$t" "corpus/$t" "regressions/$t" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
  if [ "$rc" -eq 0 ]; then
    echo "ok - $t: ${runs:-?} inputs in $((SECONDS - start)) s (${cov:-cov: ?}), regressions replayed"
    passed=$((passed + 1))
  else
    tail -n 40 "$log"
    echo "not ok - $t: exit $rc; the crashing input is in fuzz/artifacts/$t/"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
