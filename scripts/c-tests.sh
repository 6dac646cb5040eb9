#!/usr/bin/env bash
# Builds every C test (crates/capi/tests/c/*.c) and every C example
# (examples/c/*.c) twice, against libpybuffer.so and libpybuffer.a, runs
# them and counts their TAP lines. Ends with "c: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p pybuffer-capi --quiet || exit 1
cc=${CC:-cc}
inc=crates/capi/include
lib=target/release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cflags=(-std=c11 -Wall -Wextra -Werror -O1 -I"$inc" -Icrates/capi/tests/c)
static_libs=(-lpthread -ldl -lm -lrt -lutil -lgcc_s)

passed=0 failed=0
run() { # name binary
  local name=$1 bin=$2 log
  log=$("$bin" 2>&1); local rc=$?
  local ok bad
  ok=$(grep -c '^ok ' <<<"$log"); bad=$(grep -c '^not ok ' <<<"$log")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; echo "$name: exited with $rc"; fi
  grep '^not ok ' <<<"$log" | sed "s/^/$name: /"
  echo "  $name: $ok passed, $bad failed"
  passed=$((passed + ok)); failed=$((failed + bad))
}
for src in crates/capi/tests/c/*.c examples/c/*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  if "$cc" "${cflags[@]}" "$src" -L"$lib" -Wl,-rpath,"$root/$lib" -lpybuffer -o "$out/$name.shared" \
     && "$cc" "${cflags[@]}" "$src" "$lib/libpybuffer.a" "${static_libs[@]}" -o "$out/$name.static"; then
    run "$name (shared)" "$out/$name.shared"
    run "$name (static)" "$out/$name.static"
  else
    echo "$name: failed to compile"; failed=$((failed + 1))
  fi
done
echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
