#!/usr/bin/env bash
# Builds every C test (crates/capi/tests/c/*.c) and every C example
# (examples/c/*.c) twice, against libpybuffer.so and libpybuffer.a, runs
# them and counts their TAP lines; then again built with ASan+UBSan, and
# under valgrind when it is installed; then the example extension
# (examples/imageops) under pybuffer and, where python3 and its headers are
# present, as a real CPython extension; then the real-extension corpus under
# both, the Cython feature matrix and the pybind11 feature module. Ends with
# "c: N passed, N failed".
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
warnings=(-std=c11 -Wall -Wextra -Werror -O1)
cflags=("${warnings[@]}" -I"$inc" -Icrates/capi/tests/c)
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

# Functions the headers declare only so that code naming them where the
# compiler removes the call builds (pythonrun.h says why), marked so that a
# call that survives is a compile-time error. The library must not define
# them, and the checks below that every declaration is defined skip them.
declared_absent=(PyRun_String)
absent_check() {
  local defined n=0 sym
  defined=$(nm -D --defined-only "$lib/libpybuffer.so" | awk '{print $3}')
  for sym in "${declared_absent[@]}"; do
    n=$((n + 1))
    if grep -qx "$sym" <<<"$defined"; then echo "not ok $n - $sym is not defined"; else echo "ok $n - $sym is not defined"; fi
  done
  printf '#include <Python.h>\nPyObject *f(PyObject *g) { return PyRun_String("1", Py_eval_input, g, g); }\n' \
    >"$out/absent-call.c"
  n=$((n + 1))
  # Declared (the syntax is fine), but the call itself does not compile.
  if "$cc" -O2 -fsyntax-only -I"$inc" "$out/absent-call.c" 2>/dev/null \
     && ! "$cc" -O2 -c -I"$inc" "$out/absent-call.c" -o "$out/absent-call.o" 2>"$out/absent-call.log" \
     && grep -q 'no interpreter to run Python source' "$out/absent-call.log"; then
    echo "ok $n - a call to PyRun_String that survives optimisation does not compile, naming why"
  else
    echo "not ok $n - a call to PyRun_String that survives optimisation does not compile, naming why"
  fi
}
run "declared, absent" absent_check
is_absent() { local a; for a in "${declared_absent[@]}"; do [ "$a" = "$1" ] && return 0; done; return 1; }
# Every function and object the C API promises is exported by the shared
# library (nm -D), one TAP line each; the headers' macros (Py_INCREF, ...)
# are exported as functions too, for FFI callers.
symbols_check() {
  local defined n=0 sym
  defined=$(nm -D --defined-only "$lib/libpybuffer.so" | awk '{print $3}')
  for sym in $(sed -nE 's/^PyAPI_(FUNC|DATA)\([^)]*\) *\**([A-Za-z_][A-Za-z0-9_]*).*/\2/p' "$inc"/*.h | sort -u) \
             Py_INCREF Py_DECREF Py_XINCREF Py_XDECREF Py_TYPE Py_REFCNT \
             PyMemoryView_Check PyMemoryView_GET_BUFFER; do
    is_absent "$sym" && continue
    n=$((n + 1))
    if grep -qx "$sym" <<<"$defined"; then echo "ok $n - $sym is exported"; else echo "not ok $n - $sym is exported"; fi
  done
}
run "exported symbols" symbols_check
# The library defines every Py* symbol it uses itself: an undefined one
# would make every dlopen of it (and of the Node addon) fail.
self_contained_check() {
  local missing
  missing=$(nm -D --undefined-only "$lib/libpybuffer.so" | awk '{print $2}' | grep -E '^_?Py' || true)
  if [ -z "$missing" ]; then
    echo "ok 1 - libpybuffer.so has no undefined Py* symbols"
  else
    echo "not ok 1 - libpybuffer.so has no undefined Py* symbols: $(tr '\n' ' ' <<<"$missing")"
  fi
}
run "self-contained library" self_contained_check
# The headers compile as C++ (real extensions include Python.h from .cc
# files: pyfarmhash, and any pybind-free C++ module), warning-free and
# pedantic, under each standard such code uses; and every function and
# object they declare (in include/ and include/cpython/, which Python.h
# includes) has C linkage: a C++ program taking the address of
# each links against libpybuffer.so (a declaration outside extern "C"
# would ask for a mangled name the library does not have) and runs.
cxx=${CXX:-c++}
cxx_headers_check() {
  local src=$out/every-api.cc std n=0 sym
  {
    echo '#define PY_SSIZE_T_CLEAN'
    echo '#include <Python.h>'
    for h in "$inc"/*.h; do echo "#include <$(basename "$h")>"; done
    echo 'static void (*const every_function[])(void) = {'
    for sym in $(sed -nE 's/^PyAPI_FUNC\([^)]*\) *\**([A-Za-z_][A-Za-z0-9_]*).*/\1/p' "$inc"/*.h "$inc"/cpython/*.h | sort -u); do
      is_absent "$sym" && continue
      echo "    reinterpret_cast<void (*)(void)>(&$sym),"
    done
    echo '};'
    echo 'static const void *const every_object[] = {'
    for sym in $(sed -nE 's/^PyAPI_DATA\([^)]*\) *\**([A-Za-z_][A-Za-z0-9_]*).*/\1/p' "$inc"/*.h "$inc"/cpython/*.h | sort -u); do
      echo "    static_cast<const void *>(&$sym),"
    done
    echo '};'
    echo 'int main() {'
    echo '    for (auto f : every_function) if (f == nullptr) return 1;'
    echo '    for (auto o : every_object) if (o == nullptr) return 1;'
    echo '    PyObject *none = Py_None; Py_INCREF(none); Py_XDECREF(none);'
    echo '    return Py_IsNone(none) ? 0 : 1;'
    echo '}'
  } >"$src"
  for std in c++11 c++14 c++17 c++20; do
    n=$((n + 1))
    if "$cxx" -std=$std -Wall -Wextra -Werror -pedantic -I"$inc" "$src" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer \
         -o "$out/every-api-$std" 2>"$out/every-api-$std.log" && "$out/every-api-$std"; then
      echo "ok $n - the headers compile as $std and every declaration links with C linkage"
    else
      echo "not ok $n - the headers compile as $std and every declaration links with C linkage"
      head -n 10 "$out/every-api-$std.log" | sed 's/^/#   /'
    fi
  done
}
if command -v "$cxx" >/dev/null 2>&1; then
  run "headers as C++" cxx_headers_check
else
  echo "  headers as C++: skipped: no C++ compiler ($cxx)"
fi

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
# Differential tests (crates/capi/tests/differential/*.c): each source is
# built against CPython (the reference) and against pybuffer, both builds
# print one line per case, and every case whose pybuffer line differs from
# CPython's -- a value, an exception type, a letter of a message, a leaked
# reference -- fails. A source listed in diff_pending is reported as skipped
# with the reason until the shim has what it needs.
declare -A diff_pending=()
# Runs a command whose TAP counts only if all of it passes; otherwise
# reports the pending reason as a skip.
run_pending() { # name reason command...: counts only a full pass
  local name=$1 reason=$2 log ok bad
  log=$("${@:3}" 2>&1); local rc=$?
  ok=$(grep -c '^ok ' <<<"$log"); bad=$(grep -c '^not ok ' <<<"$log")
  if [ "$rc" -eq 0 ] && [ "$bad" -eq 0 ] && [ "$ok" -gt 0 ]; then
    echo "  $name: $ok passed, 0 failed (marked pending in scripts/corpus.py: drop the mark)"
    passed=$((passed + ok))
  else
    echo "  $name: skipped: pending: $reason ($ok ok, $bad not ok, exit $rc)"
  fi
}
compare_cases() { # reference candidate: one TAP line per reference case
  awk -F'\t' 'NR == FNR { want[$1] = $0; what[$1] = $2; n = $1; next } { got[$1] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        if (got[i] == want[i]) { print "ok " i " - " what[i] }
        else { print "not ok " i " - " what[i]; print "#   CPython: " want[i]; print "#  pybuffer: " (i in got ? got[i] : "(no line)") }
      }
    }' "$1" "$2"
}
compare_stderr() { # reference candidate: one TAP line
  if diff "$1" "$2" >/dev/null; then echo "ok 1 - stderr matches CPython's ($(wc -l <"$1") lines)"
  else echo "not ok 1 - stderr differs from CPython's"; diff "$1" "$2" | head -n 20 | sed 's/^/#   /'; fi
}
for src in crates/capi/tests/differential/*.c; do
  [ -f "$src" ] || continue
  name=$(basename "$src" .c)
  if ! command -v python3-config >/dev/null 2>&1; then
    echo "  $name (differential): skipped: no python3-config (CPython headers) for the reference"
    continue
  fi
  read -ra py_cflags <<<"$(python3-config --includes)"
  read -ra py_ldflags <<<"$(python3-config --embed --ldflags)"
  if ! "$cc" "${warnings[@]}" "${py_cflags[@]}" "$src" "${py_ldflags[@]}" -o "$out/$name.cpython" \
     || ! "$out/$name.cpython" >"$out/$name.cpython.txt" 2>"$out/$name.cpython.err"; then
    echo "$name (differential): the CPython reference failed to build or run"; failed=$((failed + 1))
    continue
  fi
  pending=${diff_pending[$name]:-}
  if "$cc" "${warnings[@]}" -I"$inc" "$src" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -o "$out/$name.pybuffer" \
       >"$out/$name.build.log" 2>&1; then
    "$out/$name.pybuffer" >"$out/$name.pybuffer.txt" 2>"$out/$name.pybuffer.err"
    if [ -z "$pending" ]; then
      run "$name (differential)" compare_cases "$out/$name.cpython.txt" "$out/$name.pybuffer.txt"
      # A source that asks for it also has its stderr (warnings as CPython
      # prints them) compared.
      if grep -q 'c-tests: compare stderr' "$src"; then
        run "$name (differential stderr)" compare_stderr "$out/$name.cpython.err" "$out/$name.pybuffer.err"
      fi
    else
      run_pending "$name (differential)" "$pending" compare_cases "$out/$name.cpython.txt" "$out/$name.pybuffer.txt"
    fi
  elif [ -z "$pending" ]; then
    sed 's/^/    /' "$out/$name.build.log" | head -n 20
    echo "$name (differential): failed to build against pybuffer"; failed=$((failed + 1))
  else
    echo "  $name (differential): skipped: pending: $pending ($(wc -l <"$out/$name.cpython.txt") CPython cases;" \
         "does not build yet: $(grep -m1 -E 'error|undefined' "$out/$name.build.log" | sed -E 's/^[^ ]*: //' | cut -c1-80))"
  fi
done

# The real-extension corpus (scripts/corpus.py): small C extensions from
# PyPI, each compiled unchanged twice -- as a CPython extension and against
# our headers -- and driven by crates/capi/tests/corpus/<driver>.c with
# vectors from its own test suite, under libpython3.11 and under
# libpybuffer. The CPython build then runs under libpybuffer too (as a
# wheel's binary would), and must record the same as under CPython.
# A member whose pybuffer build is marked pending (with the API
# it still lacks) is reported as skipped, with the reason, until it passes.
corpus_dir=crates/capi/tests/corpus
logged() { # file command...: runs the command, keeping a copy of its output
  local file=$1
  shift
  "$@" 2>&1 | tee "$file"
  return "${PIPESTATUS[0]}"
}
# The "#= what<TAB>value" lines a driver records (corpus.h's record()):
# pybuffer's run must produce CPython's, line for line, one TAP line each.
compare_records() { # cpython-log pybuffer-log
  awk -F'\t' 'FNR == 1 { file++ } !/^#= / { next }
    file == 1 { want[++n] = $0; what[n] = substr($1, 4); next } { got[++m] = $0 }
    END {
      for (i = 1; i <= n; i++) {
        if (got[i] == want[i]) { print "ok " i " - " what[i] }
        else { print "not ok " i " - " what[i]; print "#   CPython: " want[i]; print "#  pybuffer: " (i in got ? got[i] : "(no line)") }
      }
      if (m > n) print "not ok " n + 1 " - pybuffer recorded " m - n " more outputs than CPython"
    }' "$1" "$2"
}
if ! command -v python3-config >/dev/null 2>&1; then
  echo "  corpus: skipped: no python3-config (CPython headers) to build the reference side"
elif ! fetch_log=$(python3 scripts/corpus.py fetch 2>&1); then
  echo "  corpus: skipped: ${fetch_log##*SKIP: }"
else
  read -ra py_cflags <<<"$(python3-config --includes)"
  read -ra py_ldflags <<<"$(python3-config --embed --ldflags)"
  while IFS=$'\t' read -r name module driver srcdir pending; do
    src="$corpus_dir/$driver.c"
    cpython_built=0
    # CPython: the reference. Everything here must pass.
    if python3 scripts/corpus.py build "$name" --api cpython --out "$out/corpus-cpython/$module.so" \
       && "$cc" "${warnings[@]}" "${py_cflags[@]}" "$src" "${py_ldflags[@]}" -ldl -o "$out/$driver.cpython"; then
      cpython_built=1
      run "$name (CPython)" logged "$out/$driver.cpython.log" "$out/$driver.cpython" "$out/corpus-cpython/$module.so" "$srcdir"
    else
      echo "$name (CPython): failed to build"; failed=$((failed + 1))
    fi
    # pybuffer: the same sources against our headers and library.
    pybuffer_run=(logged "$out/$driver.pybuffer.log" "$out/$driver.pybuffer" "$out/corpus-pybuffer/$module.so" "$srcdir")
    if python3 scripts/corpus.py build "$name" --api pybuffer --out "$out/corpus-pybuffer/$module.so" \
         >"$out/$driver.build.log" 2>&1 \
       && "$cc" "${warnings[@]}" -I"$inc" "$src" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -ldl -o "$out/$driver.pybuffer" \
         >>"$out/$driver.build.log" 2>&1; then
      if [ "$pending" = "-" ]; then
        run "$name (pybuffer)" "${pybuffer_run[@]}"
        run "$name (outputs vs CPython)" compare_records "$out/$driver.cpython.log" "$out/$driver.pybuffer.log"
        # The CPython build itself, as a wheel ships it, loaded by
        # libpybuffer: binary compatibility, the same records again.
        if [ "$cpython_built" = 1 ]; then
          run "$name (CPython's build under pybuffer)" \
            logged "$out/$driver.binary.log" "$out/$driver.pybuffer" "$out/corpus-cpython/$module.so" "$srcdir"
          run "$name (CPython's build: outputs vs CPython)" \
            compare_records "$out/$driver.cpython.log" "$out/$driver.binary.log"
        fi
      else
        run_pending "$name (pybuffer)" "$pending" "${pybuffer_run[@]}"
      fi
    elif [ "$pending" = "-" ]; then
      sed 's/^/    /' "$out/$driver.build.log" | head -n 20
      echo "$name (pybuffer): failed to build"; failed=$((failed + 1))
    else
      echo "  $name (pybuffer): skipped: pending: $pending (does not build yet:" \
           "$(grep -m1 -E 'error|undefined' "$out/$driver.build.log" | sed -E 's/^[^ ]*: //' | cut -c1-100))"
    fi
  done < <(python3 scripts/corpus.py list)
fi

# The Cython feature matrix (crates/capi/tests/cython): features.pyx as each
# pinned Cython release writes it (0.29 and 3.1 as C, 3.0 as C and C++),
# built -O2 as setuptools builds it, against CPython's headers and against
# ours; features.c drives both builds, and every case must print the same.
# Each Cython is installed once into a virtualenv in the corpus cache
# (scripts/corpus.py cython VERSION).
cython_dir=crates/capi/tests/cython
if ! command -v python3-config >/dev/null 2>&1; then
  echo "  cython matrix: skipped: no python3-config (CPython headers) for the reference"
else
  read -ra py_cflags <<<"$(python3-config --includes)"
  read -ra py_ldflags <<<"$(python3-config --embed --ldflags)"
  "$cc" "${warnings[@]}" "${py_cflags[@]}" "$cython_dir/features.c" "${py_ldflags[@]}" -ldl -o "$out/features.cpython" \
    || { echo "cython matrix: the CPython driver failed to build"; failed=$((failed + 1)); }
  "$cc" "${warnings[@]}" -I"$inc" "$cython_dir/features.c" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -ldl -o "$out/features.pybuffer" \
    || { echo "cython matrix: the pybuffer driver failed to build"; failed=$((failed + 1)); }
  for variant in 0.29.37:c 3.0.11:c 3.0.11:c++ 3.1.6:c; do
    version=${variant%%:*} lang=${variant##*:} name="cython $variant"
    if ! cython=$(python3 scripts/corpus.py cython "$version" 2>"$out/cython-$version.install.log"); then
      echo "  $name: skipped: $(sed 's/^SKIP: //' "$out/cython-$version.install.log" | tail -n 1 | cut -c1-100)"
      continue
    fi
    ext=c compiler=$cc flags=()
    if [ "$lang" = c++ ]; then ext=cpp compiler=${CXX:-c++} flags=(--cplus); fi
    gen=$out/features-$version.$ext
    if ! "$cython" -3 "${flags[@]}" "$cython_dir/features.pyx" -o "$gen" >"$out/features.cython.log" 2>&1; then
      sed 's/^/    /' "$out/features.cython.log" | head -n 10
      echo "$name: Cython failed"; failed=$((failed + 1)); continue
    fi
    mkdir -p "$out/cy-cpython" "$out/cy-pybuffer"
    if ! "$compiler" -shared -fPIC -O2 -w "${py_cflags[@]}" "$gen" -o "$out/cy-cpython/features.so"; then
      echo "$name (CPython): failed to build"; failed=$((failed + 1)); continue
    fi
    if ! "$compiler" -shared -fPIC -O2 -w -I"$inc" "$gen" -o "$out/cy-pybuffer/features.so" >"$out/features.build.log" 2>&1; then
      sed 's/^/    /' "$out/features.build.log" | grep -m 5 error
      echo "$name (pybuffer): failed to build"; failed=$((failed + 1)); continue
    fi
    "$out/features.cpython" "$out/cy-cpython/features.so" >"$out/features.cpython.txt" 2>&1
    "$out/features.pybuffer" "$out/cy-pybuffer/features.so" >"$out/features.pybuffer.txt" 2>&1
    run "$name (outputs vs CPython)" compare_cases "$out/features.cpython.txt" "$out/features.pybuffer.txt"
    # The CPython build under libpybuffer (a wheel's binary). Cython 0.29
    # and 3.0 call PyRun_String for their generators, which pybuffer does
    # not define, so their CPython builds do not load here.
    case $version in
      0.* | 3.0.*) ;;
      *)
        "$out/features.pybuffer" "$out/cy-cpython/features.so" >"$out/features.binary.txt" 2>&1
        run "$name (CPython's build under pybuffer)" compare_cases "$out/features.cpython.txt" "$out/features.binary.txt"
        ;;
    esac
  done
fi

# The pybind11 feature module (crates/capi/tests/pybind11): features.cpp
# built -O1 as a C++17 extension against a pinned pybind11 (its headers from
# the wheel, fetched into the corpus cache by sha256), once with CPython's
# headers and once with ours; features.c drives both builds and every case
# must print the same.
pybind11_dir=crates/capi/tests/pybind11
if ! command -v python3-config >/dev/null 2>&1; then
  echo "  pybind11: skipped: no python3-config (CPython headers) for the reference"
elif ! command -v "${CXX:-c++}" >/dev/null 2>&1; then
  echo "  pybind11: skipped: no C++ compiler (${CXX:-c++})"
else
  read -ra py_cflags <<<"$(python3-config --includes)"
  read -ra py_ldflags <<<"$(python3-config --embed --ldflags)"
  for version in 2.13.6; do
    name="pybind11 $version"
    if ! pb11_inc=$(python3 scripts/corpus.py pybind11 "$version" 2>"$out/pybind11.fetch.log"); then
      echo "  $name: skipped: $(sed 's/^SKIP: //' "$out/pybind11.fetch.log" | tail -n 1 | cut -c1-100)"
      continue
    fi
    mkdir -p "$out/pb11-cpython" "$out/pb11-pybuffer"
    cxxflags=(-std=c++17 -shared -fPIC -O1 -I"$pb11_inc")
    if ! "${CXX:-c++}" "${cxxflags[@]}" "${py_cflags[@]}" "$pybind11_dir/features.cpp" \
         -o "$out/pb11-cpython/features.so" >"$out/pybind11.cpython.log" 2>&1 \
       || ! "$cc" "${warnings[@]}" "${py_cflags[@]}" "$pybind11_dir/features.c" "${py_ldflags[@]}" -ldl \
         -o "$out/pb11-features.cpython" >>"$out/pybind11.cpython.log" 2>&1; then
      grep -m 5 error "$out/pybind11.cpython.log" | sed 's/^/    /'
      echo "$name (CPython): failed to build"; failed=$((failed + 1)); continue
    fi
    if ! "${CXX:-c++}" "${cxxflags[@]}" -I"$inc" "$pybind11_dir/features.cpp" \
         -o "$out/pb11-pybuffer/features.so" >"$out/pybind11.pybuffer.log" 2>&1 \
       || ! "$cc" "${warnings[@]}" -I"$inc" "$pybind11_dir/features.c" -L"$lib" -Wl,-rpath,"$lib" -lpybuffer -ldl \
         -o "$out/pb11-features.pybuffer" >>"$out/pybind11.pybuffer.log" 2>&1; then
      grep -m 5 error "$out/pybind11.pybuffer.log" | sed 's/^/    /'
      echo "$name (pybuffer): failed to build"; failed=$((failed + 1)); continue
    fi
    "$out/pb11-features.cpython" "$out/pb11-cpython/features.so" >"$out/pb11.cpython.txt" 2>&1
    "$out/pb11-features.pybuffer" "$out/pb11-pybuffer/features.so" >"$out/pb11.pybuffer.txt" 2>&1
    run "$name (outputs vs CPython)" compare_cases "$out/pb11.cpython.txt" "$out/pb11.pybuffer.txt"
    # The CPython build under libpybuffer, as a wheel's binary would run.
    "$out/pb11-features.pybuffer" "$out/pb11-cpython/features.so" >"$out/pb11.binary.txt" 2>&1
    run "$name (CPython's build under pybuffer)" compare_cases "$out/pb11.cpython.txt" "$out/pb11.binary.txt"
  done
fi

echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
