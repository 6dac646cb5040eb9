#!/usr/bin/env bash
# Builds every C test (crates/capi/tests/c/*.c) and every C example
# (examples/c/*.c) twice, against libpybuffer.so and libpybuffer.a, runs
# them and counts their TAP lines; then again built with ASan+UBSan, and
# under valgrind when it is installed; then the example extension
# (examples/imageops) under pybuffer and, where python3 and its headers are
# present, as a real CPython extension. Ends with "c: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo build --release -p pybuffer-capi --quiet || exit 1
cc=${CC:-cc}
inc=crates/capi/include
# The cargo target directory, wherever CARGO_TARGET_DIR puts it.
lib=$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')/release
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cflags=(-std=c11 -Wall -Wextra -Werror -O1 -I"$inc" -Icrates/capi/tests/c)
static_libs=(-lpthread -ldl -lm -lrt -lutil -lgcc_s)

passed=0 failed=0
run() { # name command [args...]
  local name=$1 log
  log=$("${@:2}" 2>&1); local rc=$?
  local ok bad
  ok=$(grep -c '^ok ' <<<"$log"); bad=$(grep -c '^not ok ' <<<"$log")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; echo "$name: exited with $rc"; fi
  grep '^not ok ' <<<"$log" | sed "s/^/$name: /"
  grep -m1 '^1\.\.0 # SKIP' <<<"$log" | sed "s/^1\.\.0 # SKIP/  $name: skipped:/"
  echo "  $name: $ok passed, $bad failed"
  passed=$((passed + ok)); failed=$((failed + bad))
}
for src in crates/capi/tests/c/*.c examples/c/*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  if "$cc" "${cflags[@]}" "$src" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -o "$out/$name.shared" \
     && "$cc" "${cflags[@]}" "$src" "$lib/libpybuffer.a" "${static_libs[@]}" -o "$out/$name.static"; then
    run "$name (shared)" "$out/$name.shared"
    run "$name (static)" "$out/$name.static"
  else
    echo "$name: failed to compile"; failed=$((failed + 1))
  fi
done

# The same tests under the sanitizers. The C side is built with
# AddressSanitizer and UBSan (any report aborts the test) and linked against
# libpybuffer.so, whose allocations ASan intercepts, so a copy past the end
# of a C buffer is caught wherever it happens; the Rust side itself runs
# under ASan in the fuzz targets (scripts/fuzz.sh). Then, when valgrind is
# installed, each test runs once under memcheck. A missing tool is reported
# as skipped, never as passed.
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g)
if echo 'int main(void) { return 0; }' | "$cc" -x c - "${san[@]}" -o "$out/san-probe" 2>/dev/null \
   && "$out/san-probe" 2>/dev/null; then
  for src in crates/capi/tests/c/*.c examples/c/*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    if "$cc" "${cflags[@]}" "${san[@]}" "$src" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -o "$out/$name.san"; then
      run "$name (ASan+UBSan)" env ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
        UBSAN_OPTIONS=print_stacktrace=1 "$out/$name.san"
    else
      echo "$name: failed to compile with sanitizers"; failed=$((failed + 1))
    fi
  done
else
  echo "  ASan+UBSan: skipped: $cc cannot build and run a program with ${san[*]}"
fi
if command -v valgrind >/dev/null 2>&1; then
  for src in crates/capi/tests/c/*.c examples/c/*.c; do
    [ -f "$out/$(basename "$src" .c).shared" ] || continue
    name=$(basename "$src" .c)
    run "$name (valgrind)" valgrind -q --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=definite "$out/$name.shared"
  done
else
  echo "  valgrind: skipped: valgrind is not installed"
fi

# Every function and object the C API promises is exported by the shared
# library (nm -D), one TAP line each; the headers' macros (Py_INCREF, ...)
# are exported as functions too, for FFI callers.
symbols_check() {
  local defined n=0 sym
  defined=$(nm -D --defined-only "$lib/libpybuffer.so" | awk '{print $3}')
  for sym in $(sed -nE 's/^PyAPI_(FUNC|DATA)\([^)]*\) *\**([A-Za-z_][A-Za-z0-9_]*).*/\2/p' "$inc"/*.h | sort -u) \
             Py_INCREF Py_DECREF Py_XINCREF Py_XDECREF Py_TYPE Py_REFCNT \
             PyMemoryView_Check PyMemoryView_GET_BUFFER; do
    n=$((n + 1))
    if grep -qx "$sym" <<<"$defined"; then echo "ok $n - $sym is exported"; else echo "not ok $n - $sym is exported"; fi
  done
}
run "exported symbols" symbols_check

# The example extension. The same imageops.c compiles against our header as
# a shared object with no -lpybuffer (its symbols resolve when a host loads
# it) and runs under libpybuffer.so through a small loader; test_cpython.py
# builds it as a real CPython extension and tests it there.
ext=examples/imageops
if "$cc" "${cflags[@]}" -shared -fPIC "$ext/imageops.c" -o "$out/imageops.so" \
   && "$cc" "${cflags[@]}" "$ext/load_with_pybuffer.c" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -ldl \
        -o "$out/load_imageops"; then
  run "imageops (pybuffer)" "$out/load_imageops" "$out/imageops.so"
else
  echo "imageops: failed to compile against pybuffer"; failed=$((failed + 1))
fi
if command -v python3 >/dev/null 2>&1; then
  run "imageops (CPython)" python3 "$ext/test_cpython.py"
else
  echo "  imageops (CPython): skipped: no python3"
fi
echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
