#!/usr/bin/env bash
# Installs pybuffer the way a user does and uses it: `npm run package`'s
# tarballs go into fresh apps, offline, with cargo and the C compilers
# removed from PATH, so nothing can be built at install. Then an ESM and a
# CJS program use it, the README's hello.c extension is built against the
# installed headers (pkg-config from node_modules, with the real PATH's
# compiler) and loaded with loadExtension, and a C program links the
# installed libpybuffer. Also: an --ignore-scripts install works; without
# the platform package the runtime error says what to install; without
# cargo or cc the install says what is missing, without a stack trace.
# One TAP line per check; ends with "pack: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-cc}

n=0 passed=0 failed=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { # description [output file]
  n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
  if [ -n "${2:-}" ]; then sed 's/^/    /' "$2" | tail -n 30; fi
}
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
  if "${@:2}" >"$tmp/out" 2>&1; then ok "$1"; else not_ok "$1" "$tmp/out"; fi
}
# expect_output DESCRIPTION FILE REGEX...: every extended regex matches FILE.
expect_output() {
  local desc=$1 file=$2 re
  for re in "${@:3}"; do
    if ! grep -Eq -- "$re" "$file"; then not_ok "$desc (no match for /$re/)" "$file"; return; fi
  done
  ok "$desc"
}

finish() {
  echo "pack: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# --- the tarballs -----------------------------------------------------------
dist=$tmp/dist
check "npm run package writes the tarballs" node scripts/package.mjs --out "$dist"
version=$(node -p 'require("./package.json").version')
main_tgz=$dist/pybuffer-$version.tgz
platform=$(node --input-type=module -e 'import { platformSuffix } from "./crates/node/build-addon.mjs"; console.log(platformSuffix())')
platform_tgz=$dist/pybuffer-$platform-$version.tgz
if [ ! -f "$main_tgz" ] || [ ! -f "$platform_tgz" ]; then
  not_ok "both tarballs exist ($(ls "$dist" 2>/dev/null | tr '\n' ' '))"
  finish
fi
tar tzf "$main_tgz" >"$tmp/main.list"
tar tzf "$platform_tgz" >"$tmp/platform.list"
if grep -Eq '^package/(target/|.*\.node$|__test__/|scripts/)' "$tmp/main.list"; then
  not_ok "the main package holds no build output or test files" "$tmp/main.list"
else
  ok "the main package holds no build output or test files"
fi
if grep -qx package/LICENSE "$tmp/main.list" && grep -qx package/CHANGELOG.md "$tmp/main.list" &&
  grep -qx package/LICENSE "$tmp/platform.list"; then
  ok "both packages carry the LICENSE, the main one the CHANGELOG"
else
  not_ok "both packages carry the LICENSE, the main one the CHANGELOG"
fi

# --- a PATH without cargo or a C compiler -----------------------------------
# Symlinks to every program on PATH but the Rust and C toolchains.
bin=$tmp/bin
mkdir "$bin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    name=${f##*/}
    [ -x "$f" ] && [ ! -d "$f" ] && [ ! -e "$bin/$name" ] || continue
    case $name in
      cargo* | rustc* | rustup* | rustdoc* | rust-* | cc | c++ | c89* | c99* | cpp* | gcc* | g++* | clang* | \
        *-gcc* | *-g++* | *-cc | tcc | icx | icc | ld | ld.* | *-ld | *-ld.*) continue ;;
    esac
    ln -s "$f" "$bin/$name"
  done
done
# The apps run with a clean environment: no npm_config_* from `npm test`,
# a fresh cache and home (no .npmrc), and --offline, so everything comes
# from the tarballs.
app_env() { # DIR COMMAND...: runs in DIR with the restricted PATH
  (cd "$1" && env -i HOME="$tmp/home" PATH="$bin" npm_config_cache="$tmp/cache" npm_config_update_notifier=false \
    "${@:2}")
}
npm_install() { # DIR ARGS...
  mkdir -p "$1" "$tmp/home"
  echo '{ "name": "app", "version": "1.0.0", "private": true }' >"$1/package.json"
  app_env "$1" npm install --offline --no-audit --no-fund --foreground-scripts "${@:2}"
}
if app_env "$tmp" sh -c 'command -v cargo || command -v cc || command -v gcc'; then
  not_ok "the test PATH hides cargo and cc"
else
  ok "the test PATH hides cargo and cc"
fi

# --- install both tarballs, as npm does for `npm install pybuffer` ----------
app=$tmp/app
start=$(date +%s%N)
if npm_install "$app" "$platform_tgz" "$main_tgz" >"$tmp/install.log" 2>&1; then
  ok "install without cargo or cc, offline ($(( ($(date +%s%N) - start) / 1000000 )) ms)"
else
  not_ok "install without cargo or cc, offline" "$tmp/install.log"
  finish
fi
expect_output "the install script finds the prebuilt addon" "$tmp/install.log" \
  "using the prebuilt addon pybuffer-$platform"
pkgdir=$app/node_modules/pybuffer
if [ -e "$pkgdir/target" ] || ls "$pkgdir"/*.node >/dev/null 2>&1; then
  not_ok "nothing was built in node_modules/pybuffer"
else
  ok "nothing was built in node_modules/pybuffer ($(du -sk "$pkgdir" | cut -f1) KiB)"
fi

cat >"$app/smoke.mjs" <<'EOF'
import { exporter, getBuffer } from 'pybuffer'
const data = Float64Array.from({ length: 12 }, (_, i) => i)
const view = getBuffer(exporter(data, { shape: [3, 2], strides: [32, 16] }))
const got = JSON.stringify(view.tolist())
view.release()
if (got !== '[[0,2],[4,6],[8,10]]') throw new Error(`tolist() gave ${got}`)
console.log('esm ok')
EOF
cat >"$app/smoke.cjs" <<'EOF'
const { exporter, getBuffer, PyBUF } = require('pybuffer')
const view = getBuffer(exporter(new Int16Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] }), PyBUF.RECORDS_RO)
const packed = new Int16Array(view.toContiguous('F').buffer.slice(0))
view.release()
if (packed.join() !== '1,4,2,5,3,6') throw new Error(`toContiguous('F') gave ${packed.join()}`)
console.log('cjs ok')
EOF
check "an ESM program imports pybuffer" app_env "$app" node smoke.mjs
check "a CommonJS program requires pybuffer" app_env "$app" node smoke.cjs
if grep -Eq '__internal|gcReleasedCount|idOf' "$pkgdir/index.d.ts"; then
  not_ok "the installed typings leave out the test-only internals"
else
  ok "the installed typings leave out the test-only internals"
fi

# --- C: the README's extension, and a program linking libpybuffer -----------
awk '/Write `hello.c`/ { found = 1 } found && /^   ```c$/ { on = 1; next } on && /^   ```$/ { exit } on { sub(/^   /, ""); print }' \
  README.md >"$app/hello.c"
cat >"$app/hello.mjs" <<'EOF'
import { loadExtension } from 'pybuffer'
const hello = loadExtension('./hello.so')
const total = hello.total(Buffer.from('abc'))
const xs = new Float64Array([1, 2, 3])
hello.scale(xs, 2.5)
if (total !== 294 || xs.join() !== '2.5,5,7.5') throw new Error(`total ${total}, scaled ${xs.join()}`)
console.log('extension ok')
EOF
if [ ! -s "$app/hello.c" ]; then
  not_ok "the README's hello.c is found"
elif cflags=$(PKG_CONFIG_PATH=$pkgdir/lib/pkgconfig pkg-config --cflags pybuffer 2>"$tmp/out") &&
  (cd "$app" && "$cc" -shared -fPIC -Wall -Werror $cflags hello.c -o hello.so) >"$tmp/out" 2>&1; then
  ok "the README's hello.c builds against node_modules/pybuffer (pkg-config --cflags)"
  check "loadExtension runs hello.so" app_env "$app" node hello.mjs
else
  not_ok "the README's hello.c builds against node_modules/pybuffer (pkg-config --cflags)" "$tmp/out"
fi

cat >"$app/prog.c" <<'EOF'
#include <Python.h>
#include <stdio.h>
int main(void) {
    char bytes[6] = {1, 2, 3, 4, 5, 6};
    PyObject *mv = PyMemoryView_FromMemory(bytes, sizeof bytes, PyBUF_READ);
    Py_buffer view;
    if (mv == NULL || PyObject_GetBuffer(mv, &view, PyBUF_RECORDS_RO) < 0) return 1;
    int ok = view.len == 6 && PyBuffer_SizeFromFormat("3d") == 24 && ((char *)view.buf)[5] == 6;
    PyBuffer_Release(&view);
    Py_DECREF(mv);
    puts(ok ? "linked ok" : "wrong results");
    return !ok;
}
EOF
sdk=$app/node_modules/pybuffer-$platform
export PKG_CONFIG_PATH=$sdk/lib/pkgconfig
if (cd "$app" && "$cc" -Wall -Werror prog.c $(pkg-config --cflags --libs pybuffer) -o prog-shared) >"$tmp/out" 2>&1; then
  check "a C program links the installed libpybuffer.so (pkg-config --libs)" "$app/prog-shared"
else
  not_ok "a C program links the installed libpybuffer.so (pkg-config --libs)" "$tmp/out"
fi
if (cd "$app" && "$cc" -Wall -Werror prog.c $(pkg-config --cflags pybuffer) "$sdk/lib/libpybuffer.a" \
  $(pkg-config --static --libs-only-l pybuffer | sed 's/-lpybuffer//') -o prog-static) >"$tmp/out" 2>&1; then
  check "a C program links the installed libpybuffer.a" "$app/prog-static"
else
  not_ok "a C program links the installed libpybuffer.a" "$tmp/out"
fi
unset PKG_CONFIG_PATH

# --- --ignore-scripts: the prebuilt addon needs no install script -----------
check "install with --ignore-scripts" npm_install "$tmp/noscripts" --ignore-scripts "$platform_tgz" "$main_tgz"
cp "$app/smoke.mjs" "$tmp/noscripts/"
check "pybuffer works after an --ignore-scripts install" app_env "$tmp/noscripts" node smoke.mjs

# --- the platform package left out ------------------------------------------
check "install the main package alone with --ignore-scripts" npm_install "$tmp/nonative" --ignore-scripts "$main_tgz"
app_env "$tmp/nonative" node -e 'try { require("pybuffer"); console.log("loaded") } catch (e) { console.log(e.message) }' \
  >"$tmp/missing.log" 2>&1
if grep -q 'npm run build' "$tmp/missing.log"; then
  not_ok "the missing-addon error is for consumers (no 'npm run build')" "$tmp/missing.log"
else
  expect_output "the missing-addon error names the platform package and npm rebuild" "$tmp/missing.log" \
    "could not be loaded" "npm install pybuffer-$platform@$version" 'npm rebuild pybuffer' 'PYBUFFER_BUILD_FROM_SOURCE=1'
fi

# --- building from source without the toolchain ------------------------------
if npm_install "$tmp/nocargo" "$main_tgz" >"$tmp/nocargo.log" 2>&1; then
  not_ok "without the platform package, cargo or cc, the install fails" "$tmp/nocargo.log"
else
  expect_output "without the platform package, cargo or cc, the install says what to install" "$tmp/nocargo.log" \
    "no prebuilt addon \(pybuffer-$platform\)" 'cargo \(Rust\) was not found' 'https://rustup.rs' \
    'a C compiler \(cc\) was not found' 'build-essential'
  if grep -Eq '^(npm error )?\s+at ' "$tmp/nocargo.log"; then
    not_ok "... without a stack trace" "$tmp/nocargo.log"
  else
    ok "... without a stack trace"
  fi
fi
# With cargo (and rustup's home) but still no C compiler.
if cargo=$(command -v cargo); then
  mkdir -p "$tmp/bin-cargo"
  cp -P "$bin"/* "$tmp/bin-cargo/" 2>/dev/null
  ln -s "$cargo" "$tmp/bin-cargo/cargo"
  mkdir -p "$tmp/nocc"
  echo '{ "name": "app", "version": "1.0.0", "private": true }' >"$tmp/nocc/package.json"
  if (cd "$tmp/nocc" && env -i HOME="$tmp/home" PATH="$tmp/bin-cargo" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" npm_config_cache="$tmp/cache" npm_config_update_notifier=false \
    npm install --offline --no-audit --no-fund --foreground-scripts "$main_tgz") >"$tmp/nocc.log" 2>&1; then
    not_ok "with cargo but no cc, the install fails" "$tmp/nocc.log"
  else
    if grep -q 'cargo (Rust) was not found' "$tmp/nocc.log"; then
      not_ok "with cargo but no cc, the install names only the C compiler" "$tmp/nocc.log"
    else
      expect_output "with cargo but no cc, the install names only the C compiler" "$tmp/nocc.log" \
        'a C compiler \(cc\) was not found'
    fi
  fi
fi

# --- building from source, where no prebuilt addon is installed --------------
# The fallback compiles the whole workspace (about a minute), so it runs on
# request: PYBUFFER_TEST_SOURCE_BUILD=1. It uses the real PATH, a
# CARGO_TARGET_DIR outside the package (which the build must honour), and
# cargo's usual homes for the toolchain and the crates.
if [ -n "${PYBUFFER_TEST_SOURCE_BUILD:-}" ] && [ "$PYBUFFER_TEST_SOURCE_BUILD" != 0 ]; then
  src=$tmp/source
  mkdir -p "$src"
  echo '{ "name": "app", "version": "1.0.0", "private": true }' >"$src/package.json"
  if (cd "$src" && env -i HOME="$tmp/home" PATH="$PATH" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" CARGO_TARGET_DIR="$tmp/cargo-target" npm_config_cache="$tmp/cache" \
    npm_config_update_notifier=false npm install --offline --no-audit --no-fund --foreground-scripts "$main_tgz") \
    >"$tmp/source.log" 2>&1; then
    ok "without the platform package, the install builds from source"
    srcpkg=$src/node_modules/pybuffer
    if [ -f "$srcpkg/pybuffer.$platform.node" ] && [ -f "$srcpkg/lib/libpybuffer.so" ] && [ ! -e "$srcpkg/target" ]; then
      ok "... into the package, with CARGO_TARGET_DIR honoured"
    else
      not_ok "... into the package, with CARGO_TARGET_DIR honoured" "$tmp/source.log"
    fi
    cp "$app/smoke.mjs" "$app/hello.mjs" "$app/hello.so" "$app/prog.c" "$src/"
    check "pybuffer built from source works" app_env "$src" node smoke.mjs
    check "loadExtension runs hello.so under the addon built from source" app_env "$src" node hello.mjs
    if (cd "$src" && "$cc" -Wall -Werror prog.c \
      $(PKG_CONFIG_PATH=$srcpkg/lib/pkgconfig pkg-config --cflags --libs pybuffer) -o prog) >"$tmp/out" 2>&1; then
      check "a C program links the libpybuffer.so built from source" "$src/prog"
    else
      not_ok "a C program links the libpybuffer.so built from source" "$tmp/out"
    fi
  else
    not_ok "without the platform package, the install builds from source" "$tmp/source.log"
  fi
else
  echo "# SKIP building from source on install (set PYBUFFER_TEST_SOURCE_BUILD=1; it takes about a minute)"
fi

finish
