#!/usr/bin/env bash
# Type-checks the shim and the Node addon for the other platforms pybuffer
# declares, on a Linux machine that has their Rust standard libraries
# (`rustup target add ...`) but not their C toolchains or SDKs. Nothing is
# linked or run: this proves the Rust code has no #[cfg] gap for a target,
# not that the target works.
#
# The build scripts compile C (the shim's variadic functions) and C++ (the
# addon's backing store) with cc. No macOS SDK or MSVC headers exist here,
# so clang compiles them against headers that do exist: the C against
# mingw-w64's for Windows (clang's x86_64-w64-windows-gnu target: _WIN32,
# LLP64, the same C declarations), everything else against the host's
# glibc and libstdc++ headers. The C is therefore checked as Windows C for
# Windows and as Linux C elsewhere; the C++ file as Linux C++ everywhere.
#
# Needs clang, llvm-ar and, for Windows, mingw-w64's headers (Debian:
# apt-get install clang llvm mingw-w64-x86-64-dev). Targets whose standard
# library is not installed are skipped and reported.
set -uo pipefail
cd "$(dirname "$0")/.."
installed=$(rustup target list --installed 2>/dev/null)
status=0
check() { # rust-target c-target c++-target
  local target=$1 cc_target=$2 cxx_target=$3 var
  if ! grep -qx "$target" <<<"$installed"; then
    echo "skip $target: rustup target add $target"
    return
  fi
  var=${target//-/_}
  for pkg in pybuffer-capi pybuffer-node; do
    if env "CC_$var=clang" "CXX_$var=clang++" "AR_$var=llvm-ar" \
      "CFLAGS_$var=--target=$cc_target -Wno-unused-command-line-argument" \
      "CXXFLAGS_$var=--target=$cxx_target -Wno-unused-command-line-argument" \
      cargo check --quiet -p "$pkg" --target "$target"; then
      echo "ok $target $pkg"
    else
      echo "not ok $target $pkg"
      status=1
    fi
  done
}
check x86_64-pc-windows-msvc x86_64-w64-windows-gnu x86_64-linux-gnu
check x86_64-apple-darwin x86_64-linux-gnu x86_64-linux-gnu
check aarch64-apple-darwin aarch64-linux-gnu aarch64-linux-gnu
check aarch64-unknown-linux-gnu aarch64-linux-gnu aarch64-linux-gnu
check x86_64-unknown-linux-musl x86_64-linux-gnu x86_64-linux-gnu
exit $status
