#!/usr/bin/env bash
# Runs every test suite -- cargo (Rust unit, property and differential tests),
# C (tests and examples compiled against the shim, also under ASan+UBSan and
# valgrind), a short fuzzing pass (cargo-fuzz on nightly), ava (the Node addon
# and TypeScript API) and pack (the release tarballs installed into fresh apps)
# -- and ends with one line summing them: "N passed, N failed".
# This is what `npm test` runs.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); }
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== cargo test =="
cargo test --workspace --release 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log" |
  awk '{p += $1; f += $2} END {print p + 0, f + 0}')
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "cargo test exited with $rc"; fi
add "$p" "$f"

echo "== C tests =="
bash scripts/c-tests.sh 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f < <(sed -nE 's/^c: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log" | tail -n 1)
p=${p:-0} f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "C tests exited with $rc"; fi
add "$p" "$f"

# A short bounded fuzzing pass (scripts/fuzz.sh; FUZZ_SECONDS per target),
# which first replays the crash corpus. Without nightly or cargo-fuzz it
# says SKIP and counts nothing.
echo "== fuzz =="
FUZZ_SECONDS=${FUZZ_SECONDS:-10} bash scripts/fuzz.sh 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f < <(sed -nE 's/^fuzz: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log" | tail -n 1)
p=${p:-0} f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "fuzz exited with $rc"; fi
add "$p" "$f"

if node -e 'process.exit(require("./package.json").scripts?.["test:ava"] ? 0 : 1)' 2>/dev/null; then
  echo "== ava =="
  npm run --silent test:ava 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  p=$(sed -nE 's/^ *([0-9]+) tests? passed.*/\1/p' "$log" | tail -n 1)
  f=$(sed -nE 's/^ *([0-9]+) tests? failed.*/\1/p' "$log" | tail -n 1)
  p=${p:-0} f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "ava exited with $rc"; fi
  add "$p" "$f"
fi

echo "== pack and install =="
bash scripts/pack-test.sh 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f < <(sed -nE 's/^pack: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log" | tail -n 1)
p=${p:-0} f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "the pack-and-install test exited with $rc"; fi
add "$p" "$f"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
