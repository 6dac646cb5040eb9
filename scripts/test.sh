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

# Counts the "test result" lines of a libtest run logged in "$log"; a run
# that exited with an error but reported no failure counts as one failure.
add_libtest() {
  local rc=$1 what=$2 p f
  read -r p f < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$log" |
    awk '{p += $1; f += $2} END {print p + 0, f + 0}')
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "$what exited with $rc"; fi
  add "$p" "$f"
}

# The kernel property tests and the CPython differential tests again at each
# lower CPU level, selected through PYBUFFER_DISABLE_CPU_FEATURES (the run
# above is the machine's own level), with fewer random cases and without the
# large cases written for the AVX-512 scatter and spread kernels; each run
# checks that the kernels really ran at its level (PYBUFFER_EXPECT_LEVEL,
# capped at what the CPU has).
echo "== CPU levels =="
mapfile -t bins < <(cargo test -p pybuffer-capi --release --no-run --message-format=json \
  --test copy_props --test capi_props --test cpython_diff 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("executable") and m.get("profile", {}).get("test"):
        print(m["executable"])')
if [ "${#bins[@]}" -ne 3 ]; then
  echo "cannot find the test binaries"; add 0 1
fi
for spec in avx2:avx512f ssse3:avx2 baseline:ssse3; do
  level=${spec%%:*} off=${spec#*:}
  for bin in "${bins[@]}"; do
    echo "-- ${bin##*/} at $level (PYBUFFER_DISABLE_CPU_FEATURES=$off)"
    PYBUFFER_DISABLE_CPU_FEATURES=$off PYBUFFER_EXPECT_LEVEL=$level PROPTEST_CASES=48 \
      "$bin" -q --skip into_spread_rows --skip never_writes 2>&1 | tee "$log"
    add_libtest "${PIPESTATUS[0]}" "${bin##*/} at $level"
  done
done

# The kernel tests on emulated older CPUs, which catch an instruction used
# without its CPU check (or code built for the build machine's CPU): no
# AVX-512 (Haswell), no AVX (Nehalem), no SSSE3 (qemu64). The large and the
# thread-racing cases are left out: emulated, they take minutes.
echo "== older CPUs (qemu-x86_64) =="
copy_bin=$(printf '%s\n' "${bins[@]}" | grep '/copy_props-' | head -n 1)
if ! command -v qemu-x86_64 >/dev/null 2>&1; then
  echo "SKIP: qemu-x86_64 is not installed (apt-get install qemu-user): the emulated-CPU check did not run"
elif [ -z "$copy_bin" ]; then
  echo "cannot find the copy_props test binary"; add 0 1
else
  for spec in Haswell:avx2 Nehalem:ssse3 qemu64:baseline; do
    cpu=${spec%%:*} level=${spec#*:}
    echo "-- copy_props on qemu-x86_64 -cpu $cpu"
    PYBUFFER_EXPECT_LEVEL=$level PROPTEST_CASES=16 qemu-x86_64 -cpu "$cpu" "$copy_bin" -q \
      --skip large_ --skip never_writes 2>&1 | grep -v "TCG doesn't support requested feature" | tee "$log"
    add_libtest "${PIPESTATUS[0]}" "copy_props on $cpu"
  done
fi

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
